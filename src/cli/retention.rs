//! `radkota retention run`: the personal-data purge that `radkota serve` runs periodically,
//! now, printing what it removed.

use clap::Subcommand;

use super::Ctx;

/// Help epilogue for `retention`.
pub(super) const AFTER_HELP: &str = "\
Example:
  radkota retention run

Deletes finished sessions older than retention.session_days, authentication log rows older
than auth.auth_log_retention_days and, when retention.user_usage_days is set, per-person
daily usage of whole months older than that. Open sessions and every aggregate (usage per
NAS, per plan, per hour, peaks, unique-user counts, login counts) are kept, so reports over
purged periods give the same figures. `radkota serve` does this every
retention.interval_minutes. See docs/privacy.md.";

/// Retention subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum RetentionCommand {
    /// Purge personal data past its retention period now.
    #[command(after_help = "Example:\n  radkota retention run")]
    Run,
}

/// Runs a retention subcommand.
pub(super) async fn run(ctx: &Ctx, cmd: RetentionCommand) -> anyhow::Result<()> {
    match cmd {
        RetentionCommand::Run => {
            let store = ctx.store().await?;
            let cutoffs = ctx.config.purge_cutoffs(crate::policy::clock::now());
            let result = store.purge_personal_data(&cutoffs).await;
            store.close().await;
            let c = result?;
            let keep = |on: bool| if on { "" } else { " (kept forever)" };
            println!(
                "sessions deleted: {}{}",
                c.sessions,
                keep(cutoffs.sessions_before.is_some())
            );
            println!(
                "auth log rows deleted: {}{}",
                c.auth_log,
                keep(cutoffs.auth_log_before.is_some())
            );
            println!(
                "per-person usage rows deleted: {}{}",
                c.usage_user + c.usage_user_nas,
                keep(cutoffs.user_usage_from.is_some())
            );
            if c.distinct_built > 0 {
                println!("unique-user sets built first: {}", c.distinct_built);
            }
            Ok(())
        }
    }
}
