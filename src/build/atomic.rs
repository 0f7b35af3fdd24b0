//! Atomic output: every file is written to a temporary name next to its target, fsynced and
//! renamed, so an interrupted or failed run never leaves a truncated book and never removes the
//! previous good one.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, fsync, rename.
/// A failed or interrupted run never leaves a truncated file at `path` and never removes the
/// previous good one (POSIX rename(2) replaces atomically within one file system).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all_atomic(&[(path, bytes)]).map_err(|(_, e)| e)
}

/// Writes several files as one unit ("never half a book"): every file is first written in full
/// to a temporary name next to its target and fsynced; only when all are staged are they
/// renamed into place. If staging fails nothing is replaced and the temporary files are removed.
pub fn write_all_atomic(files: &[(&Path, &[u8])]) -> Result<(), (PathBuf, std::io::Error)> {
    let mut staged: Vec<(PathBuf, &Path)> = Vec::with_capacity(files.len());
    let cleanup = |staged: &[(PathBuf, &Path)]| {
        for (tmp, _) in staged {
            let _ = std::fs::remove_file(tmp);
        }
    };
    for (path, bytes) in files {
        match stage_file(path, bytes) {
            Ok(tmp) => staged.push((tmp, path)),
            Err(e) => {
                cleanup(&staged);
                return Err((path.to_path_buf(), e));
            }
        }
    }
    // A folder in the way would fail the rename half-way: refuse before replacing anything.
    if let Some((_, path)) = staged.iter().find(|(_, p)| p.is_dir()) {
        let path = path.to_path_buf();
        cleanup(&staged);
        let e = std::io::Error::new(std::io::ErrorKind::IsADirectory, "a folder is in the way");
        return Err((path, e));
    }
    for (i, (tmp, path)) in staged.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, path) {
            cleanup(&staged[i..]);
            return Err((path.to_path_buf(), e));
        }
    }
    // Make the renames durable (best effort: not every platform can open a folder).
    let mut dirs: Vec<&Path> = staged.iter().map(|(_, p)| parent_dir(p)).collect();
    dirs.dedup();
    for dir in dirs {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Suffix of hanji's temporary files: `.<name>.<pid>-<n>.hanji-tmp`, dot-prefixed so notes
/// walks and most listings ignore them.
pub(super) const TEMP_SUFFIX: &str = ".hanji-tmp";

/// The folder `path` is written into (`.` for a bare file name).
pub(super) fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Writes `bytes` in full to a fresh temporary file next to `path` and fsyncs it.
pub(super) fn stage_file(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let dir = parent_dir(path);
    std::fs::create_dir_all(dir)?;
    remove_stale_temps(dir);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".to_string());
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}-{n}{TEMP_SUFFIX}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Removes temporary files left in `dir` by a run that was killed mid-write (its process is
/// gone). Checked once per folder per run; only on systems with `/proc`.
pub(super) fn remove_stale_temps(dir: &Path) {
    static SEEN: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    let Ok(mut seen) = SEEN.lock() else { return };
    if seen.iter().any(|d| d == dir) {
        return;
    }
    seen.push(dir.to_path_buf());
    drop(seen);
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(TEMP_SUFFIX) else {
            continue;
        };
        let pid = stem
            .rsplit_once('.')
            .and_then(|(_, tail)| tail.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
