//! README, `--help`, the `hanji init` template, the sample `notes/hanji.yaml` and the report
//! agree: the options and keys each lists are the same set, and the template's keys are the
//! ones hanji reads (uncommented, none is unknown).

use crate::tools::{path_arg as s, run_hanji as run};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn repo_file(rel: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A fresh temporary folder for this module's test `name`.
fn tmp(name: &str) -> PathBuf {
    crate::tools::temp_dir(&format!("docs-{name}"))
}

/// The fenced block that follows `heading` in `text`.
fn block_after<'a>(text: &'a str, heading: &str) -> &'a str {
    let at = text.find(heading).unwrap_or_else(|| panic!("no {heading}"));
    let rest = &text[at..];
    let open = rest.find("```").expect("fence") + 3;
    let body = &rest[open..];
    let body = &body[body.find('\n').expect("fence line") + 1..];
    &body[..body.find("```").expect("closing fence")]
}

/// Long options (`--name`) and short-only ones (`-M`) written in `text`.
fn options(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let chars: Vec<char> = text.chars().collect();
    for i in 0..chars.len() {
        let starts = i == 0 || matches!(chars[i - 1], ' ' | '[' | '\n' | ',' | '(' | '|');
        if !starts || chars[i] != '-' {
            continue;
        }
        let word: String = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == '-')
            .collect();
        if word.starts_with("--") && word.len() > 2 {
            out.insert(word);
        }
    }
    out
}

/// Keys (`key:` at the start of a line, any indentation) of a YAML text; `commented` also
/// reads `# key:` lines (the init template), but not comment prose.
fn yaml_keys(text: &str, commented: bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let mut l = line.trim_start();
        if commented {
            let Some(rest) = l.strip_prefix("# ") else {
                continue;
            };
            l = rest.trim_start();
        }
        let Some((key, _)) = l.split_once(':') else {
            continue;
        };
        if !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            out.insert(key.to_string());
        }
    }
    out
}

#[test]
fn readme_usage_and_help_list_the_same_options() {
    let readme = repo_file("README.md");
    let usage = block_after(&readme, "## Usage");
    let help = String::from_utf8_lossy(&run(&["build", "--help"]).stdout).into_owned();
    let help_options: BTreeSet<String> = help
        .lines()
        .filter(|l| l.trim_start().starts_with('-'))
        .flat_map(options)
        .filter(|o| o != "--help" && o != "--version")
        .collect();
    // The `hanji build` lines, then one line each for `check` and `init`.
    let (build_usage, others) = usage.split_once("hanji check").unwrap_or((usage, ""));
    let mut readme_options = options(build_usage);
    // `-M` is short for `--metadata`, which README shows as -M KEY=VALUE.
    assert!(build_usage.contains("-M KEY=VALUE"));
    readme_options.insert("--metadata".into());
    assert_eq!(readme_options, help_options, "README usage vs build --help");
    assert!(usage.contains("hanji init") && usage.contains("hanji check"));
    // `check`'s own options (beside those it shares with build) are in its line and its help.
    let check_line = others.lines().next().unwrap_or_default();
    let check_help = String::from_utf8_lossy(&run(&["check", "--help"]).stdout).into_owned();
    let check_own: BTreeSet<String> = check_help
        .lines()
        .filter(|l| l.trim_start().starts_with('-'))
        .flat_map(options)
        .filter(|o| !help_options.contains(o) && o != "--help" && o != "--version")
        .collect();
    assert_eq!(
        options(check_line),
        check_own,
        "README check line vs check --help"
    );
}

#[test]
fn config_keys_agree_across_readme_help_template_and_sample() {
    let readme = repo_file("README.md");
    let readme_keys = yaml_keys(block_after(&readme, "## hanji.yaml"), false);
    let template = repo_file("src/cli/init.yaml");
    let template_keys = yaml_keys(&template, true);
    assert_eq!(
        readme_keys, template_keys,
        "README hanji.yaml vs init template"
    );
    // `--help` names every key.
    let help = String::from_utf8_lossy(&run(&["build", "--help"]).stdout).into_owned();
    let missing: Vec<&String> = template_keys
        .iter()
        .filter(|k| !help.contains(k.as_str()))
        .collect();
    assert!(missing.is_empty(), "keys missing from --help: {missing:?}");
    // The sample config uses only known keys and points at no file that does not exist.
    let sample = repo_file("notes/hanji.yaml");
    let unknown: Vec<String> = yaml_keys(&sample, false)
        .difference(&template_keys)
        .cloned()
        .collect();
    assert!(unknown.is_empty(), "sample keys unknown: {unknown:?}");
    assert!(!sample.contains("src/config.rs"));
}

#[test]
fn init_writes_a_template_hanji_reads_and_never_overwrites() {
    let dir = tmp("init").join("book");
    let o = run(&["init", s(&dir)]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let config = dir.join("hanji.yaml");
    let written = std::fs::read_to_string(&config).expect("hanji.yaml");
    // Never overwrites: a second run changes nothing and says so.
    std::fs::write(&config, "title: 내 책\n").expect("edit");
    let o = run(&["init", s(&dir)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("exists"));
    assert_eq!(
        std::fs::read_to_string(&config).expect("read"),
        "title: 내 책\n"
    );
    // Every key of the template, uncommented, is one hanji reads: no `unknown key` warning, and
    // the sample note is read.
    let uncommented: String = written
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest)
                if rest.trim_start().split_once(':').is_some_and(|(k, _)| {
                    !k.is_empty()
                        && k.chars()
                            .all(|c| c.is_ascii_lowercase() || c == '_' || c == ' ')
                }) =>
            {
                rest.to_string()
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&config, uncommented).expect("write");
    let o = run(&["check", s(&dir)]);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!err.contains("unknown key"), "{err}");
    // Only the examples the template names are missing (files, chapters, font families); no
    // value is refused.
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("warning:")).collect();
    assert!(
        warnings
            .iter()
            .all(|w| w.contains("cover `images/cover.png`")
                || w.contains("epub.css `style.css`")
                || w.contains("in the chapter list matches no note")
                || w.contains("no font family")),
        "{err}"
    );
    // (How many of the example font families a machine has installed varies.)
    let others = warnings.iter().filter(|w| !w.contains("no font family"));
    assert_eq!(others.count(), 4, "{err}");
    let _ = std::fs::remove_dir_all(dir.parent().expect("parent"));
}

#[test]
fn the_report_has_the_fields_readme_shows() {
    let dir = tmp("report");
    std::fs::write(dir.join("a.md"), "# 가\n\n[[없음]]\n").expect("write");
    let report = dir.join("r.json");
    let o = run(&[
        "build",
        s(&dir),
        "-o",
        s(&dir.join("out")),
        "--format",
        "model",
        "--report",
        s(&report),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let got: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&report).expect("report")).expect("json");
    let readme = repo_file("README.md");
    let shown: serde_json::Value =
        serde_json::from_str(block_after(&readme, "`--report` writes schema"))
            .expect("README JSON");
    let keys = |v: &serde_json::Value| -> BTreeSet<String> {
        v.as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    assert_eq!(keys(&shown), keys(&got), "top level");
    assert_eq!(keys(&shown["counts"]), keys(&got["counts"]), "counts");
    for list in ["books", "notes", "diagnostics", "outputs"] {
        assert_eq!(keys(&shown[list][0]), keys(&got[list][0]), "{list}[0]");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
