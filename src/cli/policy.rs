//! `radkota policy preview`: runs the same policy as the server for one user, NAS and time,
//! and prints exactly the attributes the NAS would get (by dictionary name), and why.

use std::sync::Arc;

use anyhow::{Context as _, bail};
use clap::Subcommand;

use super::Ctx;
use crate::auth::decision::{Evaluation, PolicySettings, evaluate};
use crate::policy::decide::usage_days;
use crate::policy::{Vendor, clock};
use crate::store::UsageQuery;

/// Help epilogue for `policy`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  radkota policy preview siti
  radkota policy preview siti --nas rw07-hotspot --at '2025-06-02 20:30'
  radkota policy preview toko-budi --at 22:00";

/// Policy subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum PolicyCommand {
    /// Print the exact reply attributes a user would get now (or at --at), and why.
    #[command(after_help = "Examples:\n  radkota policy preview siti\n  \
radkota policy preview siti --nas rw07-hotspot --at '2025-06-02 20:30'\n\n\
--at is in the usage time zone (accounting.timezone): 'YYYY-MM-DD HH:MM', 'HH:MM' (today) or\n\
@EPOCH. The password is not checked; usage counts what is stored so far.")]
    Preview {
        /// The username.
        username: String,
        /// The hotspot whose vendor dialect to use (default: a MikroTik hotspot).
        #[arg(long)]
        nas: Option<String>,
        /// When the login happens.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
}

/// Runs a policy subcommand.
pub(super) async fn run(ctx: &Ctx, cmd: PolicyCommand) -> anyhow::Result<()> {
    let PolicyCommand::Preview { username, nas, at } = cmd;
    let offset = ctx.config.day_zone().offset_secs();
    let stale = i64::from(ctx.config.accounting.stale_after_intervals);
    let now = match at.as_deref() {
        Some(t) => parse_at(t, offset, clock::now())?,
        None => clock::now(),
    };
    let dict = Arc::new(ctx.dictionary()?);
    let store = ctx.store().await?;
    let result = async {
        let (day, month_start) = usage_days(now, offset);
        let query = UsageQuery {
            day,
            month_start,
            now: crate::auth::decision::now(),
            stale_after_intervals: stale,
            calling_station_id: None,
        };
        let Some(user) = store
            .user_for_auth_with_usage(&username, Some(&query))
            .await?
        else {
            bail!("user '{}' does not exist", username.escape_debug());
        };
        let (vendor, nas_name) = match &nas {
            Some(name) => {
                let Some(n) = store.get_nas(name).await? else {
                    bail!("NAS '{}' does not exist", name.escape_debug());
                };
                (Vendor::parse(&n.vendor).unwrap_or(Vendor::Generic), n.name)
            }
            None => (Vendor::Mikrotik, "any MikroTik hotspot".to_string()),
        };
        Ok((user, vendor, nas_name))
    }
    .await;
    store.close().await;
    let (user, vendor, nas_name) = result?;
    let settings = PolicySettings {
        dictionary: dict.clone(),
        utc_offset: offset,
        stale_after_intervals: stale,
    };
    let usage = user.usage;
    println!(
        "user {} (plan {}) on {nas_name} ({}) at {}",
        user.user.username,
        user.plan.name,
        vendor.as_str(),
        zone_time(now, offset)
    );
    match evaluate(&user, &usage, now, &settings, vendor) {
        Evaluation::Refused { reason, detail } => {
            println!("Access-Reject: {reason} ({detail})");
        }
        Evaluation::Granted { grant, attributes } => {
            println!("Access-Accept");
            for a in &attributes {
                println!("  {}", a.describe(&dict));
            }
            if !grant.why.is_empty() {
                println!("why:");
                for w in &grant.why {
                    println!("  {w}");
                }
            }
        }
    }
    Ok(())
}

/// Epoch seconds as "2025-06-02 20:30 +07:00" in the policy zone.
fn zone_time(epoch: i64, offset: i64) -> String {
    let zone = i32::try_from(offset)
        .ok()
        .and_then(chrono::FixedOffset::east_opt);
    match (chrono::DateTime::from_timestamp(epoch, 0), zone) {
        (Some(t), Some(z)) => t.with_timezone(&z).format("%Y-%m-%d %H:%M %:z").to_string(),
        _ => epoch.to_string(),
    }
}

/// 'YYYY-MM-DD HH:MM' or 'HH:MM' (today) in the zone `offset` seconds east, or @EPOCH.
fn parse_at(s: &str, offset: i64, now: i64) -> anyhow::Result<i64> {
    use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
    let s = s.trim();
    if let Some(epoch) = s.strip_prefix('@') {
        return epoch
            .parse()
            .context("--at @EPOCH needs a number of seconds");
    }
    let local = if let Ok(t) = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M") {
        t
    } else if let Ok(t) = NaiveTime::parse_from_str(s, "%H:%M") {
        let today = chrono::DateTime::from_timestamp(now + offset, 0)
            .map(|d| d.date_naive())
            .unwrap_or(NaiveDate::MIN);
        today.and_time(t)
    } else {
        bail!(
            "--at '{}' is not 'YYYY-MM-DD HH:MM', 'HH:MM' or @EPOCH",
            s.escape_debug()
        );
    };
    Ok(local.and_utc().timestamp() - offset)
}

#[cfg(test)]
mod tests {
    use super::parse_at;

    #[test]
    fn times() {
        let wib = 7 * 3600;
        // 2025-06-02 10:00 WIB = 03:00 UTC.
        assert_eq!(parse_at("2025-06-02 10:00", wib, 0).unwrap(), 1_748_833_200);
        assert_eq!(parse_at("@5", wib, 0).unwrap(), 5);
        let now = 1_748_833_200;
        assert_eq!(parse_at("20:30", wib, now).unwrap(), now + 10 * 3600 + 1800);
        assert!(parse_at("tomorrow", wib, now).is_err());
    }
}
