//! `hanji watch`: build, then rebuild whenever something in the notes folder (or the config
//! file) changes, until Ctrl-C.
//!
//! Events come from the operating system (the notify crate: inotify, FSEvents,
//! ReadDirectoryChangesW), debounced: a rebuild starts once 100 ms pass without another, so an
//! editor's save (write a temporary file, rename it over the note) is one rebuild. Reads (the
//! build's own, an editor's) are not changes, nor is anything under the output and cache
//! folders (our own writes) or under hidden folders (`.git`, `.obsidian`). Each rebuild prints
//! one line, plus the diagnostics that are new since the last build.
//!
//! What a process keeps between rebuilds is what makes them fast: the inflated embedded fonts,
//! their coverage, the shaping and highlighting data (all process-wide, loaded on first use).
//! Ctrl-C lets the build in flight finish — every file is written atomically either way — then
//! stops with exit code 0; a second Ctrl-C stops at once.

use super::{BuildArgs, Reporting, run_command};
use notify::event::{MetadataKind, ModifyKind};
use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

/// How long the debouncer waits for a burst of events to end.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// Runs `hanji watch` and returns the exit code (0 after Ctrl-C; 1 when the folder cannot be
/// watched).
pub(super) fn run_watch(args: &BuildArgs) -> u8 {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let handler = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
    if let Err(e) = handler {
        eprintln!("hanji: warning: cannot catch Ctrl-C ({e}); it will stop hanji at once");
    }
    let mut seen = BTreeSet::new();
    let mut written = Vec::new();
    run_command(
        None,
        args,
        Reporting::Watch {
            seen: &mut seen,
            changed: None,
            written: &mut written,
        },
    );

    let Ok(notes) = args.common.notes_dir.canonicalize() else {
        eprintln!(
            "hanji: error: cannot watch {}: not a folder",
            args.common.notes_dir.display()
        );
        return 1;
    };
    let (tx, rx) = channel::<notify::Result<Event>>();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("hanji: error: cannot watch for changes: {e}");
            return 1;
        }
    };
    if let Err(e) = watcher.watch(&notes, RecursiveMode::Recursive) {
        eprintln!("hanji: error: cannot watch {}: {e}", notes.display());
        return 1;
    }
    let config = args
        .common
        .config
        .as_ref()
        .and_then(|c| c.canonicalize().ok());
    if let Some(file) = config.as_ref().filter(|c| !c.starts_with(&notes)) {
        let _ = watcher.watch(file, RecursiveMode::NonRecursive);
    }
    eprintln!(
        "hanji: watching {} for changes (Ctrl-C stops)",
        args.common.notes_dir.display()
    );
    while !stop.load(Ordering::SeqCst) {
        let Some(changed) = next_changes(&rx, &Ignored::new(&notes, &written)) else {
            break;
        };
        let Some(first) = changed.first() else {
            continue;
        };
        let shown = match first.strip_prefix(&notes) {
            Ok(rel) if rel.as_os_str().is_empty() => ".".to_string(),
            Ok(rel) => rel.display().to_string(),
            Err(_) => first.display().to_string(),
        };
        let changed = match changed.len() {
            1 => shown,
            n => format!("{shown} and {} more", n - 1),
        };
        run_command(
            None,
            args,
            Reporting::Watch {
                seen: &mut seen,
                changed: Some(&changed),
                written: &mut written,
            },
        );
    }
    eprintln!("hanji: stopped watching");
    0
}

/// The paths changed by the next burst of events (empty when none counts, or after 200 ms
/// without any, so that the caller sees Ctrl-C); `None` when the watcher is gone.
fn next_changes(
    rx: &Receiver<notify::Result<Event>>,
    ignored: &Ignored<'_>,
) -> Option<BTreeSet<PathBuf>> {
    let mut changed = BTreeSet::new();
    let mut wait = Duration::from_millis(200);
    let start = std::time::Instant::now();
    loop {
        // A folder that never stops changing (a sync running) still gets a build every second.
        if !changed.is_empty() && start.elapsed() > Duration::from_secs(1) {
            return Some(changed);
        }
        match rx.recv_timeout(wait) {
            Ok(Ok(event)) if is_edit(&event.kind) => {
                changed.extend(event.paths.into_iter().filter(|p| !ignored.contains(p)));
                if !changed.is_empty() {
                    // Debounce: wait until the burst is over.
                    wait = DEBOUNCE;
                }
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => eprintln!("hanji: warning: watching: {e}"),
            Err(RecvTimeoutError::Timeout) => return Some(changed),
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// Whether an event can change a book: not a read, not an access-time update.
fn is_edit(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

/// Paths whose changes are not edits: the folders hanji writes (output, cache), hidden files
/// and folders.
struct Ignored<'a> {
    notes: &'a Path,
    written: &'a [PathBuf],
}

impl<'a> Ignored<'a> {
    fn new(notes: &'a Path, written: &'a [PathBuf]) -> Self {
        Ignored { notes, written }
    }

    fn contains(&self, path: &Path) -> bool {
        if self.written.iter().any(|d| path.starts_with(d)) {
            return true;
        }
        let inside = path.strip_prefix(self.notes).unwrap_or(path);
        inside.components().any(|c| {
            c.as_os_str()
                .to_str()
                .is_some_and(|s| s.starts_with('.') && s != "." && s != "..")
        })
    }
}

/// `path` made absolute without touching the disk beyond what exists (the output folder may not
/// exist yet), so it compares with the absolute paths events carry.
pub(super) fn absolute(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    })
}
