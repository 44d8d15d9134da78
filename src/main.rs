//! CLI entry point: everything is in `radkota::cli`.

fn main() -> std::process::ExitCode {
    radkota::cli::main()
}
