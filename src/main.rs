//! The `hanji` binary: arguments → `cli::run` → exit code.

fn main() -> std::process::ExitCode {
    hanji::cli::run()
}
