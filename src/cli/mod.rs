//! The command line: one file per command group.

/// Parses arguments and runs the chosen command; returns the process exit code.
pub fn main() -> std::process::ExitCode {
    todo!("cli helper")
}
