//! Shared helpers of the per-stage benchmarks (`cargo bench`): inputs, timing and the table.
//!
//! Input: the repository's `notes/` folder, plus `make-corpus` corpora generated once into
//! `target/bench-corpus/c<N>` when `../shared/tools/make-corpus` exists (sizes from
//! `HANJI_BENCH_SIZES`, default `100`; e.g. `HANJI_BENCH_SIZES=10,100,1000`). Output: one
//! Markdown row per (stage, input) with the median and minimum of N runs.
//! Does not use criterion (keeps the build light) and never gates anything: numbers are reported.
//!
//! Knobs (environment): `HANJI_BENCH_ITERS` (max runs per row, default 10) and
//! `HANJI_BENCH_SECS` (time budget per row, default 5 s; at least 3 runs are always made).

// Each bench binary includes this module and uses only part of it.
#![allow(dead_code)]

use hanji::config::{Config, ConfigArgs, load_config};
use hanji::font::FontBook;
use hanji::load::{Note, load_notes};
use hanji::model::Book;
use hanji::parse::parse_book;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// One benchmark input: a notes folder with a short name for the table.
pub(crate) struct Input {
    /// Short name (`notes`, `c100`, …).
    pub name: String,
    /// Notes folder.
    pub dir: PathBuf,
}

/// The crate root (where `Cargo.toml` is).
fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Corpus sizes asked for in `HANJI_BENCH_SIZES` (default 100).
fn corpus_sizes() -> Vec<usize> {
    let spec = std::env::var("HANJI_BENCH_SIZES").unwrap_or_else(|_| "100".into());
    spec.split(',')
        .filter_map(|s| s.trim().parse().ok())
        .filter(|&n| n > 0)
        .collect()
}

/// The inputs: `notes/`, then one `make-corpus` corpus per size when the generator exists.
///
/// A corpus is generated once into `target/bench-corpus/c<N>` (make-corpus is deterministic:
/// same N and seed give the same bytes) and reused by later runs.
pub(crate) fn inputs() -> Vec<Input> {
    let root = crate_root();
    let mut out = vec![Input {
        name: "notes".into(),
        dir: root.join("notes"),
    }];
    let generator = root.join("../shared/tools/make-corpus");
    if !generator.exists() {
        eprintln!(
            "note: {} not found; benchmarking notes/ only",
            generator.display()
        );
        return out;
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    for n in corpus_sizes() {
        let dir = target.join("bench-corpus").join(format!("c{n}"));
        if !dir.join(".corpus-manifest.json").exists() {
            eprintln!("generating a {n}-note corpus in {}", dir.display());
            let status = Command::new(&generator)
                .arg(n.to_string())
                .arg(&dir)
                .stdout(std::process::Stdio::null())
                .status();
            if !matches!(status, Ok(s) if s.success()) {
                eprintln!("note: make-corpus {n} failed ({status:?}); skipped");
                continue;
            }
        }
        out.push(Input {
            name: format!("c{n}"),
            dir,
        });
    }
    out
}

/// The build configuration the CLI would use for `hanji build DIR` (hanji.yaml honoured).
pub(crate) fn config_for(dir: &Path) -> Config {
    let args = ConfigArgs {
        notes_dir: dir.to_path_buf(),
        out_dir: std::env::temp_dir().join("hanji-bench-out"),
        ..ConfigArgs::default()
    };
    match load_config(&args) {
        Ok(c) => c.value,
        Err(e) => panic!("bench config for {}: {e}", dir.display()),
    }
}

/// Loads the notes of `config` (panics on an unreadable folder: benches have fixed inputs).
pub(crate) fn notes_of(config: &Config) -> Vec<Note> {
    match load_notes(&config.load_options()) {
        Ok(w) => w.value,
        Err(e) => panic!("bench load: {e}"),
    }
}

/// Loads and parses the notes of `config` into a book.
pub(crate) fn book_of(config: &Config) -> Book {
    parse_book(&notes_of(config), &config.parse_options()).value
}

/// Loads the fonts of `config`.
pub(crate) fn fonts_of(config: &Config) -> FontBook {
    match FontBook::load(&config.font_options()) {
        Ok(f) => f,
        Err(e) => panic!("bench fonts: {e}"),
    }
}

/// Maximum number of runs per row (`HANJI_BENCH_ITERS`, default 10).
fn max_iters() -> usize {
    std::env::var("HANJI_BENCH_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(10)
}

/// Time budget per row (`HANJI_BENCH_SECS`, default 5 s).
fn budget() -> Duration {
    let secs = std::env::var("HANJI_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(5.0);
    Duration::from_secs_f64(secs)
}

/// Timings of one row.
pub(crate) struct Sample {
    /// Runs made.
    pub runs: usize,
    /// Median wall time.
    pub median: Duration,
    /// Fastest run.
    pub min: Duration,
    /// The untimed-for-the-median first run: includes one-time work (lazily loaded syntax sets,
    /// font faces, process-wide caches), which a one-note build pays in full.
    pub first: Duration,
}

/// Runs `f` once as a warm-up (timed apart as `first`), then up to `HANJI_BENCH_ITERS` times
/// within the budget (at least 3 runs), and returns median and minimum wall time.
pub(crate) fn measure<T>(mut f: impl FnMut() -> T) -> Sample {
    let t = Instant::now();
    black_box(f());
    let first = t.elapsed();
    let (max, budget) = (max_iters(), budget());
    let start = Instant::now();
    let mut times = Vec::with_capacity(max);
    while times.len() < max && (times.len() < 3 || start.elapsed() < budget) {
        let t = Instant::now();
        black_box(f());
        times.push(t.elapsed());
    }
    times.sort();
    Sample {
        runs: times.len(),
        median: times[times.len() / 2],
        min: times[0],
        first,
    }
}

/// Prints the table header (once per bench binary).
pub(crate) fn header(stage: &str) {
    println!("\n## bench: {stage}\n");
    println!("| stage | input | size | runs | median ms | min ms | per unit µs | first run ms |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
}

/// Prints one row; `units` (notes, paragraphs, pages …) gives the per-unit column.
pub(crate) fn row(stage: &str, input: &str, units: usize, unit: &str, s: &Sample) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let per = if units > 0 {
        format!("{:.1}", s.median.as_secs_f64() * 1e6 / units as f64)
    } else {
        "-".into()
    };
    println!(
        "| {stage} | {input} | {units} {unit} | {} | {:.2} | {:.2} | {per} | {:.2} |",
        s.runs,
        ms(s.median),
        ms(s.min),
        ms(s.first)
    );
}
