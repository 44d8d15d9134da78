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
    /// Rewrite an SQLite file made before radkota set incremental vacuum at creation, so
    /// that later purges give freed space back to the disk (one-off; needs free space for
    /// a copy of the file and blocks the database while it runs).
    #[command(after_help = "Example:\n  radkota retention vacuum")]
    Vacuum,
}

/// Runs a retention subcommand.
pub(super) async fn run(ctx: &Ctx, cmd: RetentionCommand) -> anyhow::Result<()> {
    match cmd {
        RetentionCommand::Run => {
            let store = ctx.store().await?;
            let cutoffs = ctx.config.purge_cutoffs(crate::policy::clock::now());
            let slicing = crate::accounting::retention::slicing(&ctx.config.retention);
            let result = store.purge_in_slices(&cutoffs, &slicing).await;
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
                c.usage_user + c.usage_user_nas + c.usage_user_months,
                keep(cutoffs.user_usage_from.is_some())
            );
            if c.distinct_built > 0 {
                println!("unique-user sets built first: {}", c.distinct_built);
            }
            if c.rows() > 0 {
                println!(
                    "slices: {} (largest {} rows, longest {:.1} ms); pages given back: {}",
                    c.slices.slices,
                    c.slices.largest,
                    c.slices.longest_us as f64 / 1000.0,
                    c.pages_reclaimed
                );
            }
            Ok(())
        }
        RetentionCommand::Vacuum => {
            let store = ctx.store().await?;
            let result = store.vacuum_into_incremental().await;
            store.close().await;
            if result? {
                println!("database rewritten: purges now give freed space back to the disk");
            } else {
                println!("nothing to do: PostgreSQL, or incremental vacuum already on");
            }
            Ok(())
        }
    }
}
