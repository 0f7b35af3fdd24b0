//! Command line: clap arguments → `Config` → build; the only place that prints.

/// Runs the command line and returns the process exit code.
pub fn run() -> std::process::ExitCode {
    std::process::ExitCode::SUCCESS
}
