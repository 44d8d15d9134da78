//! `radkota doctor`: runs the setup checks of `crate::doctor` and prints one line per check
//! (or JSON); the exit status is 0 (all ok), 1 (warnings) or 2 (failures).

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

/// Help epilogue for `doctor`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  radkota doctor
  radkota doctor --format json

Reads the configuration the server would read and checks it: the file parses, the
database is reachable and migrated, the key file is 0600 and this database's, the listen
addresses are free (or held by radkota), NAS secrets are long enough, NAS entries do not
overlap, NAS require Message-Authenticator and were heard from in the last day, the
dictionaries load, the clock is plausible, PostgreSQL does not lose commits, there is disk
space, and the admin API is not on a public address. Changes nothing.

Exit status: 0 all ok, 1 warnings, 2 failures (for install scripts and monitoring).";

/// Options of `radkota doctor`.
#[derive(Debug, clap::Args)]
pub struct DoctorArgs {
    /// Output: `text` (one line per check) or `json` (for scripts).
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

/// Runs the checks and prints them; the exit code tells the worst.
pub(super) fn run(config: Option<&Path>, args: &DoctorArgs) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let report = runtime.block_on(crate::doctor::run(config));
    if args.format == "json" {
        let doc = serde_json::json!({
            "status": report.worst(),
            "exit_code": report.exit_code(),
            "checks": report.checks,
        });
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        for check in &report.checks {
            println!("{}", check.line());
        }
        let (warn, fail) = report
            .checks
            .iter()
            .fold((0, 0), |(w, f), c| match c.status {
                crate::doctor::Status::Warn => (w + 1, f),
                crate::doctor::Status::Fail => (w, f + 1),
                crate::doctor::Status::Ok => (w, f),
            });
        println!(
            "{} checks: {} ok, {warn} warnings, {fail} failures",
            report.checks.len(),
            report.checks.len() - warn - fail
        );
    }
    Ok(ExitCode::from(report.exit_code()))
}
