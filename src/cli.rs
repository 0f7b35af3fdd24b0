//! Command line: clap arguments → `Config` → build; the only place that prints.
//!
//! Input: the process arguments (and `SOURCE_DATE_EPOCH`). Output: the process exit code, with
//! diagnostics and a summary on stderr. Does not load, parse or render anything itself: it hands
//! a `Config` to `crate::build` / `crate::check`.
//!
//! Output contract (stderr): one `path:line:col: warning: message` line per problem, then a
//! summary grouping repeated problems (e.g. the same dangling target used in many places), then
//! one summary line (counts, outputs, time). Exit codes (../shared/STYLE.md): 0 success
//! (warnings allowed), 1 failed build or warnings with `--deny-warnings`, 2 usage error.
//!
//! Steps: `args.rs` defines the options (clap), `print.rs` formats what goes to stderr,
//! `report.rs` writes the JSON report, `init.rs` is `hanji init`; this file runs a command and
//! picks the exit code.

mod args;
mod init;
mod print;
mod report;
mod watch;

pub use args::{BuildArgs, CheckArgs, Cli, Command, CommonArgs, InitArgs};
pub use report::{REPORT_SCHEMA, write_report};

use crate::config::{self, ConfigArgs, load_config};
use crate::diag::Severity;
use crate::{BuildOutcome, Progress};
use args::default_build_args;
use clap::Parser;
use print::{Printer, print_groups, summary_line, timings_text};
use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    crate::diag::install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // clap: 0 for --help/--version, 2 for usage errors.
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let (check, build_args) = match cli.command {
        Some(Command::Build(b)) => (None, b),
        Some(Command::Check(c)) => (
            Some(CheckMode { layout: c.layout }),
            BuildArgs {
                common: c.common,
                font_dir: c.font_dir,
                ..default_build_args()
            },
        ),
        Some(Command::Init(i)) => return ExitCode::from(init::run_init(&i.dir)),
        Some(Command::Watch(w)) => return ExitCode::from(watch::run_watch(&w)),
        None => (None, cli.build),
    };
    ExitCode::from(run_command(check, &build_args, Reporting::Full))
}

/// What a run prints on stderr.
enum Reporting<'a> {
    /// Every diagnostic, the grouped summary and the summary line (`build`, `check`).
    Full,
    /// `hanji watch`: the first build (`changed` is `None`) as `Full`; a rebuild only the
    /// diagnostics not in `seen` and one line. `seen` becomes this run's diagnostics, and
    /// `written` the folders the run writes to (their changes are not edits).
    Watch {
        seen: &'a mut BTreeSet<String>,
        changed: Option<&'a str>,
        written: &'a mut Vec<PathBuf>,
    },
}

/// How `hanji check` runs.
#[derive(Clone, Copy, Debug)]
struct CheckMode {
    /// `--layout`: lay out the PDF too.
    layout: bool,
}

/// Runs `build` (`check` is `None`) or `check` and returns the exit code.
fn run_command(check: Option<CheckMode>, args: &BuildArgs, reporting: Reporting<'_>) -> u8 {
    let is_check = check.is_some();
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
        parts: common.parts,
        no_embed_fonts: args.no_embed_fonts,
        page_list: match (args.page_list, args.no_page_list) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        font_dirs: args.font_dir.clone(),
        page_size: args.page_size.clone(),
        korean_break: args.korean_break,
        justify: args.align,
        pdf_standard: args.pdf_standard,
        each: args.each,
        shard: args.shard,
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH").ok(),
        name: args.name.clone(),
        metadata: common.metadata.clone(),
        cache: args.cache.clone(),
        cache_size_mb: args.cache_size,
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
    let rebuild = match reporting {
        Reporting::Full => None,
        Reporting::Watch {
            seen,
            changed,
            written,
        } => {
            *written = [Some(&config.out_dir), config.cache.as_ref()]
                .into_iter()
                .flatten()
                .map(|p| watch::absolute(p))
                .collect();
            Some((seen, changed))
        }
    };
    let first = rebuild
        .as_ref()
        .is_none_or(|(_, changed)| changed.is_none());

    let bar = (first && !common.quiet && std::io::stderr().is_terminal()).then(|| {
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
                // One book: a spinner that says what runs (a `0/1` bar would sit still).
                if n <= 1 {
                    if let Some(b) = &bar {
                        b.set_message("rendering the book (EPUB and PDF)");
                    }
                    return;
                }
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
    let result = if let Some(mode) = check {
        crate::check_with(&config, mode.layout)
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

    let warnings = outcome.count(Severity::Warning);
    let errors = outcome.count(Severity::Error);
    let summary = summary_line(is_check, &outcome, warnings, errors);
    match rebuild {
        Some((seen, Some(changed))) => {
            let now: BTreeSet<String> = outcome
                .diagnostics
                .iter()
                .map(|d| printer.diagnostic(d))
                .collect();
            if !common.quiet {
                for line in now.difference(seen) {
                    eprintln!("{line}");
                }
            }
            eprintln!("{} after {changed} changed", summary.trim_end_matches('.'));
            *seen = now;
        }
        other => {
            if let Some((seen, _)) = other {
                *seen = outcome
                    .diagnostics
                    .iter()
                    .map(|d| printer.diagnostic(d))
                    .collect();
            }
            printer.print_diagnostics(&outcome.diagnostics);
            if !common.quiet {
                print_groups(&printer, &outcome.diagnostics);
                eprintln!("{summary}");
            }
        }
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
        // Printed even with --quiet: a failing CI job must say why in one line.
        if common.deny_warnings && warnings > 0 && errors == 0 {
            eprintln!(
                "hanji: failing because of --deny-warnings: {warnings} warning{}",
                if warnings == 1 { "" } else { "s" }
            );
        }
        1
    } else {
        0
    }
}
