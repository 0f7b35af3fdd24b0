//! The clap definition of the command line: subcommands, options, their value parsers and the
//! `--help` text. Parsing only: nothing here loads, builds or prints.

use crate::config::{self, Format};
use crate::load::{PartsFrom, SortOrder};
use crate::pdf::PdfStandard;
use crate::text::KoreanBreak;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Extra `--help` text: environment, config file, exit codes.
const AFTER_HELP: &str = "\
Config file:
  NOTES_DIR/hanji.yaml (or --config FILE) may set title, authors (alias author), language
  (alias lang), date, identifier, isbn, description, keywords (aliases tags, subjects),
  publisher, rights, series, series_index, name, cover, chapters (order), include/exclude
  globs, toc_depth, embed_fonts, sort, parts, part_titles, a fonts: section (body, heading, code), an epub: section (css, page_list), a page: section (size, margins,
  base_size, chapter_page_break, korean_break, align, line_height,
  paragraph_spacing, link_color), a pdf: section (standard, header_even,
  header_odd, footer) and a
  limits: section (note_bytes, image_bytes, image_pixels, embed_depth, embed_factor). `hanji init` writes one with every key
  and its default. Command-line options win over the file. A value hanji cannot use is a
  warning naming the file, line, key, value and accepted values, and the default is used.

Environment:
  SOURCE_DATE_EPOCH  Seconds since 1970: the PDF creation date and EPUB dcterms:modified,
                     for reproducible builds.

Diagnostics:
  One line per problem on stderr: path:line:col: warning: message, then a summary.

Exit codes:
  0  success (warnings allowed)
  1  a failed build: unreadable notes folder, config file, fonts or output; no note to export
     (an empty folder or a wrong path); a note that could not be exported; or any warning with
     --deny-warnings (the reason is printed even with --quiet)
  2  usage error";

/// `--version`: the crate version and the font set embedded in the binary.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (embedded fonts: Nanum Myeongjo, Noto Serif CJK KR and Noto Sans CJK KR subsets, D2Coding, \
     Source Serif 4 as Hanji Latin Serif, Noto Emoji; SIL OFL 1.1)"
);

/// Export a folder of Markdown notes to an EPUB 3 e-book and a paginated PDF.
///
/// With no subcommand, `hanji` behaves as `hanji build`: it reads `notes/` and writes
/// `output/book.epub` and `output/book.pdf`.
#[derive(Parser, Debug)]
#[command(
    name = "hanji",
    version = VERSION,
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
    /// Build, then rebuild whenever a note, image or hanji.yaml changes (Ctrl-C stops).
    #[command(after_help = AFTER_HELP)]
    Watch(BuildArgs),
    /// Start a notes folder: a commented hanji.yaml (every key, its default) and a sample note.
    /// Never overwrites a file.
    Init(InitArgs),
}

/// Options of `hanji init`.
#[derive(Args, Debug, Clone)]
pub struct InitArgs {
    /// Folder to set up (created if missing).
    #[arg(value_name = "DIR", default_value = "notes")]
    pub dir: PathBuf,
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
    /// Set a metadata key (repeatable), over hanji.yaml: title, author, language, date,
    /// identifier, isbn, description, keywords, publisher, rights, series, series_index, name.
    #[arg(short = 'M', long = "metadata", value_name = "KEY=VALUE", value_parser = parse_metadata)]
    pub metadata: Vec<(String, String)>,
    /// Include notes marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Order of notes not placed by hanji.yaml `chapters` or front-matter `order`:
    /// `natural` (default; `2` before `10`) or `path` (code-point order of the relative paths).
    #[arg(long, value_name = "natural|path", value_parser = parse_sort_arg)]
    pub sort: Option<SortOrder>,
    /// Parts (titled groups of chapters): `auto` (default: SUMMARY.md part titles or
    /// Docusaurus `_category_.json` folders when present), `folders` (every top-level folder
    /// is a part) or `none`.
    #[arg(long, value_name = "auto|folders|none", value_parser = parse_parts_arg)]
    pub parts: Option<PartsFrom>,
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
    /// Also lay out the PDF (without writing it), so that what only layout finds (characters
    /// no font has) is reported too, as `build` reports it.
    #[arg(long)]
    pub layout: bool,
    /// Extra folder of fonts (repeatable), as for `build`: where `fonts:` families and the
    /// characters the embedded faces lack are looked up.
    #[arg(long, value_name = "DIR")]
    pub font_dir: Vec<PathBuf>,
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
    /// Output file name without extension: writes NAME.epub and NAME.pdf (default: hanji.yaml
    /// `name`, else `book`).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Formats to write, comma-separated: epub, pdf, model (a text dump of the document model),
    /// json (the model as versioned JSON).
    #[arg(long, value_name = "FORMATS", value_delimiter = ',', value_parser = parse_format, default_value = "epub,pdf")]
    pub format: Vec<Format>,
    /// Do not embed subset Hangul fonts in the EPUB.
    #[arg(long)]
    pub no_embed_fonts: bool,
    /// Give the EPUB the PDF's page numbers (a page list and page-break markers), so both books
    /// cite the same pages. On when the PDF is made too; with `--format epub` this flag lays the
    /// book out for them.
    #[arg(long, conflicts_with = "no_page_list")]
    pub page_list: bool,
    /// Leave the PDF's page numbers out of the EPUB.
    #[arg(long)]
    pub no_page_list: bool,
    /// Extra folder of fonts to use (repeatable), tried before system fonts.
    #[arg(long, value_name = "DIR")]
    pub font_dir: Vec<PathBuf>,
    /// PDF page size: A4 (default), A5, B5, Letter or WxH with a unit, e.g. "150x220mm" (any
    /// other value is a warning and A4 is used, as for `page.size` in hanji.yaml).
    #[arg(long, value_name = "S")]
    pub page_size: Option<String>,
    /// Korean line breaking in the PDF: between words (keep-all, default) or syllables.
    #[arg(long, value_name = "word|syllable", value_parser = parse_korean_break)]
    pub korean_break: Option<KoreanBreak>,
    /// Body text in the PDF: justified (default) or ragged right.
    #[arg(long, value_name = "justify|left", value_parser = parse_align)]
    pub align: Option<bool>,
    /// A standard the PDF claims and is checked against: ua-1 (PDF/UA-1, accessible), a-2b,
    /// a-2u or a-3u (PDF/A, archival). Default: a tagged PDF that claims none.
    #[arg(long, value_name = "ua-1|a-2b|a-2u|a-3u", value_parser = parse_pdf_standard)]
    pub pdf_standard: Option<PdfStandard>,
    /// One EPUB and PDF per note, at `OUT_DIR/<relative path>.epub/.pdf` (in the PDFs, links to
    /// other notes go to their sibling PDFs; an EPUB may not link outside itself, so there they
    /// stay text).
    #[arg(long)]
    pub each: bool,
    /// With --each, export only shard i of n (1-based): every n-th note in path order.
    #[arg(long, value_name = "i/n", value_parser = parse_shard, requires = "each")]
    pub shard: Option<(usize, usize)>,
    /// Keep rendered books in DIR and reuse them when nothing they are made of changed (the
    /// note, what it embeds and links to, images, config, fonts, hanji itself); hanji.yaml
    /// `cache:`. With --each, a changed note re-renders only its own books.
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// Bound of the --cache folder in megabytes; the least recently used books go first
    /// (default: hanji.yaml `cache_size`, else 4096).
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u64).range(1..))]
    pub cache_size: Option<u64>,
}

/// clap value parser for `--format`.
fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s)
        .ok_or_else(|| format!("unknown format `{s}` (expected epub, pdf, model or json)"))
}

/// clap value parser for `-M KEY=VALUE`.
fn parse_metadata(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.trim().to_string())),
        _ => Err(format!(
            "expected KEY=VALUE, e.g. publisher=한지, not `{s}`"
        )),
    }
}

/// clap value parser for `--korean-break`.
fn parse_korean_break(s: &str) -> Result<KoreanBreak, String> {
    config::parse_korean_break(s).ok_or_else(|| format!("expected `word` or `syllable`, not `{s}`"))
}

/// clap value parser for `--align`.
fn parse_align(s: &str) -> Result<bool, String> {
    config::parse_align(s).ok_or_else(|| format!("expected `justify` or `left`, not `{s}`"))
}

/// clap value parser for `--pdf-standard`.
fn parse_pdf_standard(s: &str) -> Result<PdfStandard, String> {
    PdfStandard::parse(s)
        .ok_or_else(|| format!("expected ua-1, a-2b, a-2u, a-3u or tagged, not `{s}`"))
}

/// clap value parser for `--shard i/n`.
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

/// `BuildArgs` as if `hanji build` had no options.
pub(super) fn default_build_args() -> BuildArgs {
    Cli::parse_from(["hanji"]).build
}

/// clap value parser for `--parts`.
fn parse_parts_arg(s: &str) -> Result<PartsFrom, String> {
    crate::config::parse_parts(s).ok_or_else(|| {
        format!(
            "expected {}, not `{s}`",
            crate::config::PARTS_VALUES.replace('`', "")
        )
    })
}

/// clap value parser for `--sort`.
fn parse_sort_arg(s: &str) -> Result<SortOrder, String> {
    crate::config::parse_sort(s).ok_or_else(|| format!("expected `natural` or `path`, not `{s}`"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use std::path::Path;

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
            "model,epub,json",
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
        assert_eq!(b.format, [Format::Model, Format::Epub, Format::Json]);
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
            vec!["hanji", "build", "-M", "no-equals"],
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
}
