//! `radkota audit ...`: read and verify the hash-chained audit log.

use anyhow::bail;
use clap::{Args, Subcommand};

use super::{Ctx, fmt_time, print_table};
use crate::store::{AuditFilter, AuditVerdict};

/// Help epilogue for `audit`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  radkota audit verify
  radkota audit list --from 2025-06-01 --to 2025-07-01 --actor cli:budi

Every change made with the CLI or the admin API is recorded with who, role, what, before
and after (secrets redacted) and when, in the same transaction as the change. Each row
carries a hash of its content and of the row before it, so `audit verify` finds the first
row that was edited, deleted or moved (exit status 1).
Setiap perubahan dicatat; `audit verify` menemukan baris yang diubah atau dihapus.";

/// Audit subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum AuditCommand {
    /// Check the hash chain; exit status 1 and the first bad row if it was tampered with.
    Verify,
    /// Show audit rows, oldest first.
    List(ListArgs),
}

/// Arguments of `audit list`.
#[derive(Debug, Args)]
pub(super) struct ListArgs {
    /// From this day (YYYY-MM-DD, this machine's time zone) or epoch seconds, inclusive.
    #[arg(long, value_name = "DATE")]
    from: Option<String>,
    /// Up to this day (exclusive) or epoch seconds.
    #[arg(long, value_name = "DATE")]
    to: Option<String>,
    /// Only changes by this actor (e.g. cli:budi or token:3).
    #[arg(long)]
    actor: Option<String>,
    /// Show at most this many rows.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(i64).range(1..=100_000))]
    limit: i64,
    /// Skip this many rows first.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(i64).range(0..))]
    offset: i64,
}

/// "YYYY-MM-DD" (start of that local day) or epoch seconds.
pub(crate) fn parse_when(s: &str) -> Option<i64> {
    use chrono::{Local, NaiveDate, TimeZone};
    if let Ok(n) = s.trim().parse::<i64>() {
        return Some(n);
    }
    let day = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()?;
    Local
        .from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.timestamp())
}

/// Runs an audit subcommand.
pub(super) async fn run(ctx: &Ctx, cmd: AuditCommand) -> anyhow::Result<()> {
    match cmd {
        AuditCommand::Verify => {
            let store = ctx.store().await?;
            let verdict = store.verify_audit().await;
            store.close().await;
            match verdict? {
                AuditVerdict::Intact { rows } => {
                    println!("audit log intact: {rows} rows verified / log audit utuh");
                    Ok(())
                }
                AuditVerdict::Broken { row, reason } => bail!(
                    "audit log tampered at row {row}: {reason} / log audit diubah pada baris {row}"
                ),
            }
        }
        AuditCommand::List(args) => {
            let when = |flag: &str, v: &Option<String>| -> anyhow::Result<Option<i64>> {
                match v {
                    None => Ok(None),
                    Some(s) => match parse_when(s) {
                        Some(t) => Ok(Some(t)),
                        None => bail!(
                            "--{flag} '{}' is not a date like 2025-06-01",
                            s.escape_debug()
                        ),
                    },
                }
            };
            let filter = AuditFilter {
                from: when("from", &args.from)?,
                to: when("to", &args.to)?,
                actor: args.actor.clone(),
            };
            let store = ctx.store().await?;
            let rows = store.list_audit(&filter, args.limit, args.offset).await;
            store.close().await;
            let rows = rows?;
            if rows.is_empty() {
                println!("no audit rows match");
                return Ok(());
            }
            let table: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        fmt_time(r.at),
                        r.actor.clone(),
                        r.role.clone(),
                        r.action.clone(),
                        r.target.clone(),
                        r.after
                            .clone()
                            .or_else(|| r.before.clone())
                            .unwrap_or_default(),
                    ]
                })
                .collect();
            print_table(
                &["ID", "TIME", "ACTOR", "ROLE", "ACTION", "TARGET", "DETAIL"],
                &table,
            );
            Ok(())
        }
    }
}
