//! `radkota usage USER`: a user's data and time per day, from the daily rollups that the
//! accounting writer keeps (the same numbers the audit reports use).

use anyhow::bail;
use chrono::NaiveDate;
use clap::Args;

use super::session::fmt_duration;
use super::{Ctx, print_table};

/// Help epilogue for `usage`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  radkota usage siti
  radkota usage siti --from 2026-03-01 --to 2026-03-31

Without --from/--to: the last 30 days up to today. Days follow accounting.timezone
(default Asia/Jakarta); traffic is counted on the day the hotspot reported it. UPLOAD and
DOWNLOAD are exact octet counts.";

/// Arguments of `usage`.
#[derive(Debug, Args)]
pub(super) struct UsageArgs {
    /// The username (usage of deleted or unknown users is kept and shown too).
    user: String,
    /// First day, YYYY-MM-DD (default: 29 days before --to).
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<String>,
    /// Last day, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: Option<String>,
}

fn parse_day(flag: &str, s: &str) -> anyhow::Result<NaiveDate> {
    match NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
        Ok(d) => Ok(d),
        Err(_) => bail!(
            "{flag} '{}' is not a date like 2026-03-31",
            s.escape_debug()
        ),
    }
}

/// Prints the user's usage per day and the total.
pub(super) async fn run(ctx: &Ctx, args: UsageArgs) -> anyhow::Result<()> {
    let zone = ctx.config.day_zone();
    let to = match &args.to {
        Some(s) => parse_day("--to", s)?,
        None => zone.date(crate::store::now()),
    };
    let from = match &args.from {
        Some(s) => parse_day("--from", s)?,
        None => to - chrono::Days::new(29),
    };
    if from > to {
        bail!("--from {from} is after --to {to}");
    }
    let (from, to) = (from.to_string(), to.to_string());
    let store = ctx.store().await?;
    let days = store.user_usage(&args.user, &from, &to).await;
    store.close().await;
    let days = days?;
    let mut rows: Vec<Vec<String>> = days
        .iter()
        .map(|d| {
            vec![
                d.day.clone(),
                d.sessions.to_string(),
                fmt_duration(d.session_seconds),
                d.output_octets.to_string(),
                d.input_octets.to_string(),
            ]
        })
        .collect();
    let sum =
        |f: fn(&crate::store::UsageDay) -> i64| days.iter().map(f).fold(0i64, i64::saturating_add);
    rows.push(vec![
        "total".into(),
        sum(|d| d.sessions).to_string(),
        fmt_duration(sum(|d| d.session_seconds)),
        sum(|d| d.output_octets).to_string(),
        sum(|d| d.input_octets).to_string(),
    ]);
    println!(
        "usage of {} from {from} to {to} ({})",
        args.user,
        zone.name()
    );
    print_table(&["DAY", "SESSIONS", "TIME", "DOWNLOAD", "UPLOAD"], &rows);
    Ok(())
}
