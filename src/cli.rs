//! Command line: clap arguments → `Config` → build; the only place that prints.
//!
//! Output contract (stderr): one `path:line:col: warning: message` line per problem, then a
//! summary grouping repeated problems (e.g. the same dangling target used in many places), then
//! one summary line (counts, outputs, time). Exit codes (../shared/STYLE.md): 0 success
//! (warnings allowed), 1 failed build or warnings with `--deny-warnings`, 2 usage error.

mod report;

pub use report::{REPORT_SCHEMA, write_report};

use crate::config::{self, ConfigArgs, Format, load_config};
use crate::diag::{Diagnostic, Severity};
use crate::load::SortOrder;
use crate::text::KoreanBreak;
use crate::{BuildOutcome, Progress};
use clap::{Args, Parser, Subcommand};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// Extra `--help` text: environment, config file, exit codes.
const AFTER_HELP: &str = "\
Config file:
  NOTES_DIR/hanji.yaml (or --config FILE) may set title, authors, language, date, identifier,
  description, cover, chapters (order), include/exclude globs, toc_depth, embed_fonts and a
  page: section (size, margins, base_size, chapter_page_break, korean_break). Command-line
  options win over the file.

Environment:
  SOURCE_DATE_EPOCH  Seconds since 1970: the PDF creation date and EPUB dcterms:modified,
                     for reproducible builds.

Diagnostics:
  One line per problem on stderr: path:line:col: warning: message, then a summary.

Exit codes:
  0  success (warnings allowed)
  1  a failed build: unreadable notes folder, fonts or output; a note that could not be
     exported; or any warning with --deny-warnings
  2  usage error";

/// Export a folder of Markdown notes to an EPUB 3 e-book and a paginated PDF.
///
/// With no subcommand, `hanji` behaves as `hanji build`: it reads `notes/` and writes
/// `output/book.epub` and `output/book.pdf`.
#[derive(Parser, Debug)]
#[command(
    name = "hanji",
    version,
    about,
    long_about,
    args_conflicts_with_subcommands = true,
    after_help = AFTER_HELP
)]
pub struct Cli {
    /// What to do (default: build).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of `build`, accepted without the subcommand too.
    #[command(flatten)]
    pub build: BuildArgs,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Export the notes to EPUB and PDF (the default).
    #[command(after_help = AFTER_HELP)]
    Build(BuildArgs),
    /// Load, parse and resolve every note and print the diagnostics; write nothing.
    #[command(after_help = AFTER_HELP)]
    Check(CheckArgs),
}

/// Options shared by `build` and `check`.
#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    /// Folder of Markdown notes (`.md`, `.mdx`); `hanji.yaml` inside it is read if present.
    #[arg(value_name = "NOTES_DIR", default_value = "notes")]
    pub notes_dir: PathBuf,
    /// Config file to use instead of NOTES_DIR/hanji.yaml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Book title (default: `title` in hanji.yaml, else the notes folder name).
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// Author (repeat for several); replaces the authors in hanji.yaml.
    #[arg(long = "author", value_name = "A")]
    pub authors: Vec<String>,
    /// Book language as a BCP 47 tag (default: hanji.yaml `language`, else `ko`).
    #[arg(long, value_name = "L")]
    pub lang: Option<String>,
    /// Include notes marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Order of notes not placed by hanji.yaml `chapters` or front-matter `order`:
    /// `natural` (default; `2` before `10`) or `path` (code-point order of the relative paths).
    #[arg(long, value_name = "natural|path", value_parser = parse_sort_arg)]
    pub sort: Option<SortOrder>,
    /// Exit 1 when there is any warning.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print only errors (no warnings, no summary).
    #[arg(long, short)]
    pub quiet: bool,
    /// Worker threads (default: all cores).
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: Option<u16>,
    /// Write a JSON report (schema `hanji-report/1`, see the README) to FILE.json.
    #[arg(long, value_name = "FILE.json")]
    pub report: Option<PathBuf>,
    /// Print the time spent in each stage.
    #[arg(long)]
    pub timings: bool,
}

/// Options of `hanji check`.
#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// Options shared with `build`.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Options of `hanji build`.
#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    /// Options shared with `check`.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Output folder (created if missing; skipped when it lies inside NOTES_DIR).
    #[arg(
        short = 'o',
        long = "out",
        value_name = "OUT_DIR",
        default_value = "output"
    )]
    pub out_dir: PathBuf,
    /// Formats to write, comma-separated: epub, pdf, model (a text dump of the document model).
    #[arg(long, value_name = "FORMATS", value_delimiter = ',', value_parser = parse_format, default_value = "epub,pdf")]
    pub format: Vec<Format>,
    /// Do not embed subset Hangul fonts in the EPUB.
    #[arg(long)]
    pub no_embed_fonts: bool,
    /// Extra folder of fonts to use (repeatable), tried before system fonts.
    #[arg(long, value_name = "DIR")]
    pub font_dir: Vec<PathBuf>,
    /// PDF page size: A4 (default), A5, B5, Letter or WxH with a unit, e.g. "150x220mm".
    #[arg(long, value_name = "S", value_parser = parse_page_size)]
    pub page_size: Option<String>,
    /// Korean line breaking in the PDF: between words (keep-all, default) or syllables.
    #[arg(long, value_name = "word|syllable", value_parser = parse_korean_break)]
    pub korean_break: Option<KoreanBreak>,
    /// One EPUB and PDF per note, at OUT_DIR/<relative path>.epub/.pdf (links to other notes
    /// become plain text).
    #[arg(long)]
    pub each: bool,
    /// With --each, export only shard i of n (1-based): every n-th note in path order.
    #[arg(long, value_name = "i/n", value_parser = parse_shard, requires = "each")]
    pub shard: Option<(usize, usize)>,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| format!("unknown format `{s}` (expected epub, pdf or model)"))
}

fn parse_page_size(s: &str) -> Result<String, String> {
    config::parse_page_size(s)
        .map(|_| s.to_string())
        .ok_or_else(|| {
            format!("expected A4, A5, B5, Letter or WxH with a unit (mm, cm, pt, in), not `{s}`")
        })
}

fn parse_korean_break(s: &str) -> Result<KoreanBreak, String> {
    config::parse_korean_break(s).ok_or_else(|| format!("expected `word` or `syllable`, not `{s}`"))
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let err = || format!("expected i/n with 1 ≤ i ≤ n, e.g. 1/4, not `{s}`");
    let (i, n) = s.split_once('/').ok_or_else(err)?;
    let i: usize = i.trim().parse().map_err(|_| err())?;
    let n: usize = n.trim().parse().map_err(|_| err())?;
    if i == 0 || n == 0 || i > n {
        return Err(err());
    }
    Ok((i, n))
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap: 0 for --help/--version, 2 for usage errors.
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let (is_check, build_args) = match cli.command {
        Some(Command::Build(b)) => (false, b),
        Some(Command::Check(c)) => (
            true,
            BuildArgs {
                common: c.common,
                ..default_build_args()
            },
        ),
        None => (false, cli.build),
    };
    ExitCode::from(run_command(is_check, &build_args))
}

/// `BuildArgs` as if `hanji build` had no options.
fn default_build_args() -> BuildArgs {
    Cli::parse_from(["hanji"]).build
}

/// The printer for one run.
struct Printer {
    quiet: bool,
    notes_dir: PathBuf,
}

impl Printer {
    /// `notes/a.md:3:5: warning: message`.
    fn diagnostic(&self, d: &Diagnostic) -> String {
        match &d.span {
            Some(span) => format!("{}: {}: {}", self.location(span), d.severity, d.message),
            None => format!("hanji: {}: {}", d.severity, d.message),
        }
    }

    /// `notes/a.md:3:5`: the span's file under the notes folder, so editors and terminals can
    /// open it from the working directory; files outside it (an explicit `--config`) as given.
    fn location(&self, span: &crate::diag::Span) -> String {
        let in_root = self.notes_dir.join(&*span.file);
        if self.notes_dir.as_os_str().is_empty()
            || self.notes_dir == Path::new(".")
            || !in_root.exists()
        {
            return span.to_string();
        }
        let mut s = in_root.display().to_string();
        if span.line > 0 {
            s.push_str(&format!(":{}", span.line));
            if span.col > 0 {
                s.push_str(&format!(":{}", span.col));
            }
        }
        s
    }

    fn print_diagnostics(&self, diagnostics: &[Diagnostic]) {
        let mut err = std::io::stderr().lock();
        for d in diagnostics {
            if self.quiet && d.severity == Severity::Warning {
                continue;
            }
            let _ =
                std::io::Write::write_all(&mut err, format!("{}\n", self.diagnostic(d)).as_bytes());
        }
    }
}

/// Runs `build` or `check` and returns the exit code.
fn run_command(is_check: bool, args: &BuildArgs) -> u8 {
    let common = &args.common;
    // Worker stacks of 16 MiB (Rust's default for spawned threads is 2 MiB): work stealing
    // nests one note's stages inside another's while a join waits, and deep Markdown recurses.
    let mut pool = rayon::ThreadPoolBuilder::new().stack_size(16 << 20);
    if let Some(n) = common.jobs {
        pool = pool.num_threads(usize::from(n));
    }
    // Fails only if a global pool already exists (e.g. when called twice in one process).
    let _ = pool.build_global();
    let config_args = ConfigArgs {
        notes_dir: common.notes_dir.clone(),
        out_dir: args.out_dir.clone(),
        formats: args.format.clone(),
        config_file: common.config.clone(),
        title: common.title.clone(),
        authors: common.authors.clone(),
        language: common.lang.clone(),
        drafts: common.drafts,
        sort: common.sort,
        no_embed_fonts: args.no_embed_fonts,
        font_dirs: args.font_dir.clone(),
        page_size: args.page_size.clone(),
        korean_break: args.korean_break,
        each: args.each,
        shard: args.shard,
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
    };
    let printer = Printer {
        quiet: common.quiet,
        notes_dir: common.notes_dir.clone(),
    };
    let dirs = (common.notes_dir.as_path(), args.out_dir.as_path());
    let config = match load_config(&config_args) {
        Ok(c) => c,
        Err(e) => {
            let (message, diagnostics) = match e {
                config::ConfigError::Syntax(d) => {
                    eprintln!("{}", printer.diagnostic(&d));
                    (d.message.clone(), vec![d])
                }
                other => {
                    eprintln!("hanji: error: {other}");
                    (other.to_string(), Vec::new())
                }
            };
            if let Some(path) = &common.report {
                let failed = BuildOutcome {
                    diagnostics,
                    ..BuildOutcome::default()
                };
                let _ = write_report(path, is_check, dirs, &failed, Some(&message));
            }
            return 1;
        }
    };
    let config_diags = config.diagnostics;
    let config = config.value;

    let bar = (!common.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    });
    let plain_lines = !common.quiet && bar.is_none() && config.each && !is_check;
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = std::sync::atomic::AtomicUsize::new(0);
    let progress = |p: Progress<'_>| {
        use std::sync::atomic::Ordering::Relaxed;
        match p {
            Progress::Stage(s) => {
                if let Some(b) = &bar {
                    b.set_message(s.to_string());
                }
            }
            Progress::Books(n) => {
                total.store(n, Relaxed);
                if let Some(b) = &bar {
                    b.set_length(n as u64);
                    b.set_style(
                        indicatif::ProgressStyle::with_template(
                            "{spinner} [{bar:30}] {pos}/{len} {msg}",
                        )
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                    );
                    b.set_message("rendering");
                }
            }
            Progress::BookDone(note) => {
                let k = done.fetch_add(1, Relaxed) + 1;
                if let Some(b) = &bar {
                    b.inc(1);
                } else if plain_lines {
                    eprintln!(
                        "hanji: [{k}/{}] {}",
                        total.load(Relaxed),
                        note.unwrap_or("book")
                    );
                }
            }
        }
    };
    let result = if is_check {
        crate::check(&config)
    } else {
        crate::build_with(&config, &progress)
    };
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let mut outcome = match result {
        Ok(o) => o,
        Err(e) => {
            printer.print_diagnostics(&config_diags);
            eprintln!("hanji: error: {e}");
            if let Some(path) = &common.report {
                let failed = BuildOutcome {
                    diagnostics: config_diags,
                    ..BuildOutcome::default()
                };
                let _ = write_report(path, is_check, dirs, &failed, Some(&e.to_string()));
            }
            return 1;
        }
    };
    let mut all = config_diags;
    all.append(&mut outcome.diagnostics);
    outcome.diagnostics = all;

    printer.print_diagnostics(&outcome.diagnostics);
    let warnings = outcome.count(Severity::Warning);
    let errors = outcome.count(Severity::Error);
    if !common.quiet {
        print_groups(&printer, &outcome.diagnostics);
        eprintln!("{}", summary_line(is_check, &outcome, warnings, errors));
    }
    if common.timings {
        eprintln!("{}", timings_text(&outcome));
    }
    if let Some(path) = &common.report
        && let Err(e) = write_report(path, is_check, dirs, &outcome, None)
    {
        eprintln!("hanji: error: cannot write report {}: {e}", path.display());
        return 1;
    }
    if errors > 0 || (common.deny_warnings && warnings > 0) {
        if common.deny_warnings && warnings > 0 && errors == 0 && !common.quiet {
            eprintln!("hanji: failing because of --deny-warnings");
        }
        1
    } else {
        0
    }
}

/// Groups repeated problems (same code and message, e.g. one dangling target used in many
/// notes) so the reader sees each cause once with where it occurs.
fn print_groups(printer: &Printer, diagnostics: &[Diagnostic]) {
    let mut groups: BTreeMap<(&str, &str), Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        groups
            .entry((d.code, d.message.as_str()))
            .or_default()
            .push(d);
    }
    let mut repeated: Vec<_> = groups.into_iter().filter(|(_, v)| v.len() > 1).collect();
    if repeated.is_empty() {
        return;
    }
    repeated.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    let places: usize = repeated.iter().map(|(_, v)| v.len()).sum();
    eprintln!(
        "hanji: {} problem{} repeat at {places} places (e.g. one missing target linked from several notes):",
        repeated.len(),
        plural(repeated.len())
    );
    for ((code, message), ds) in repeated.iter().take(20) {
        let mut spans: Vec<String> = ds
            .iter()
            .take(3)
            .filter_map(|d| d.span.as_ref().map(|s| printer.location(s)))
            .collect();
        if ds.len() > 3 {
            spans.push(format!("… {} more", ds.len() - 3));
        }
        eprintln!("  {}× [{code}] {message} ({})", ds.len(), spans.join(", "));
    }
    if repeated.len() > 20 {
        eprintln!("  … and {} more repeated problems", repeated.len() - 20);
    }
}

/// `hanji: built 8 notes → output/book.epub (120.3 KB), …; 1 warning, 0 errors in 0.84 s`.
fn summary_line(is_check: bool, o: &BuildOutcome, warnings: usize, errors: usize) -> String {
    let failed = o
        .notes
        .iter()
        .filter(|n| n.status == crate::NoteStatus::Failed)
        .count();
    let exported = o.notes.len() - failed;
    let mut s = format!(
        "hanji: {} {exported} note{}",
        if is_check { "checked" } else { "built" },
        plural(exported)
    );
    if failed > 0 {
        s.push_str(&format!(" ({failed} failed)"));
    }
    let outputs: Vec<&crate::OutputFile> = o.books.iter().flat_map(|b| &b.outputs).collect();
    if o.books.len() == 1 {
        let list: Vec<String> = outputs
            .iter()
            .map(|f| match f.pages {
                Some(p) => format!(
                    "{} ({p} page{}, {})",
                    f.path.display(),
                    plural(p),
                    human_bytes(f.bytes)
                ),
                None => format!("{} ({})", f.path.display(), human_bytes(f.bytes)),
            })
            .collect();
        if !list.is_empty() {
            s.push_str(&format!(" → {}", list.join(", ")));
        }
    } else if !o.books.is_empty() {
        let bytes: u64 = outputs.iter().map(|f| f.bytes).sum();
        s.push_str(&format!(
            " → {} books, {} files ({})",
            o.books.len(),
            outputs.len(),
            human_bytes(bytes)
        ));
    }
    s.push_str(&format!(
        "; {warnings} warning{}, {errors} error{} in {:.2} s",
        plural(warnings),
        plural(errors),
        o.elapsed.as_secs_f64()
    ));
    s
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn human_bytes(b: u64) -> String {
    if b < 1024 {
        format!("{b} B")
    } else if b < 1024 * 1024 {
        format!("{:.1} KB", b as f64 / 1024.0)
    } else {
        format!("{:.1} MB", b as f64 / (1024.0 * 1024.0))
    }
}

fn timings_text(o: &BuildOutcome) -> String {
    let mut s = String::from("hanji: timings (stages summed over books; epub and pdf overlap):");
    for (stage, t) in &o.timings.0 {
        s.push_str(&format!(
            "\n  {stage:<8} {:>9.1} ms",
            t.as_secs_f64() * 1000.0
        ));
    }
    s.push_str(&format!(
        "\n  {:<8} {:>9.1} ms",
        "total",
        o.elapsed.as_secs_f64() * 1000.0
    ));
    s
}

/// clap value parser for `--sort`.
fn parse_sort_arg(s: &str) -> Result<SortOrder, String> {
    crate::config::parse_sort(s).ok_or_else(|| format!("expected `natural` or `path`, not `{s}`"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn no_subcommand_is_build_with_defaults() {
        let cli = Cli::try_parse_from(["hanji"]).expect("parse");
        assert!(cli.command.is_none());
        assert_eq!(cli.build.common.notes_dir, PathBuf::from("notes"));
        assert_eq!(cli.build.out_dir, PathBuf::from("output"));
        assert_eq!(cli.build.format, [Format::Epub, Format::Pdf]);
    }

    #[test]
    fn subcommands_and_options() {
        let cli = Cli::try_parse_from([
            "hanji",
            "build",
            "mine",
            "-o",
            "out",
            "--format",
            "model,epub",
            "--shard",
            "2/3",
            "--each",
            "--author",
            "A",
            "--author",
            "B",
            "--korean-break",
            "syllable",
        ])
        .expect("parse");
        let Some(Command::Build(b)) = cli.command else {
            panic!("build");
        };
        assert_eq!(b.common.notes_dir, PathBuf::from("mine"));
        assert_eq!(b.format, [Format::Model, Format::Epub]);
        assert_eq!(b.shard, Some((2, 3)));
        assert_eq!(b.common.authors, ["A", "B"]);
        assert_eq!(b.korean_break, Some(KoreanBreak::Syllable));
        let cli = Cli::try_parse_from(["hanji", "check", "x"]).expect("parse");
        assert!(
            matches!(cli.command, Some(Command::Check(c)) if c.common.notes_dir == Path::new("x"))
        );
    }

    #[test]
    fn usage_errors() {
        for args in [
            vec!["hanji", "build", "--format", "docx"],
            vec!["hanji", "build", "--shard", "1/2"],
            vec!["hanji", "build", "--each", "--shard", "3/2"],
            vec!["hanji", "build", "--jobs", "0"],
            vec!["hanji", "build", "--korean-break", "x"],
            vec!["hanji", "build", "--page-size", "A9"],
        ] {
            let e = Cli::try_parse_from(&args).expect_err("usage error");
            assert_eq!(e.exit_code(), 2, "{args:?}");
        }
    }

    #[test]
    fn shard_parsing() {
        assert_eq!(parse_shard("1/1"), Ok((1, 1)));
        assert!(parse_shard("0/2").is_err());
        assert!(parse_shard("x").is_err());
    }

    #[test]
    fn sizes_are_human() {
        assert_eq!(human_bytes(10), "10 B");
        assert_eq!(human_bytes(2048), "2.0 KB");
    }
}
