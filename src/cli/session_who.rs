//! `radkota session who`: which user held an IP address (or used a device) at one instant,
//! for a lawful request. Admin only; every look-up is an audit entry with its case.

use anyhow::{Context as _, bail};
use clap::Args;

use super::{Ctx, print_table};
use crate::accounting::DayZone;
use crate::domain::Mac;
use crate::store::Actor;
use crate::store::who::{WhoQuery, WhoTarget};

/// Help epilogue for `session who`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  radkota session who --ip 10.7.3.44 --at '2026-03-01 21:14' --nas rw07-hotspot --case POLDA-2026-0117
  radkota session who --mac AA:BB:CC:DD:EE:FF --at 2026-03-01T21:14:00+07:00 --case KOMINFO-88

TIME is RFC 3339, or YYYY-MM-DD HH:MM[:SS] in the accounting time zone. Every session that
held the address at that instant is listed, from open and closed sessions still within
retention (see docs/privacy.md). Each look-up, also one that finds nothing, is written to
the audit log with the case reference (`radkota audit list`).";

/// Arguments of `session who`.
#[derive(Debug, Args)]
pub(super) struct WhoArgs {
    /// The IP address the user was given (Framed-IP-Address).
    #[arg(
        long,
        value_name = "ADDR",
        required_unless_present = "mac",
        conflicts_with = "mac"
    )]
    ip: Option<String>,
    /// The device's MAC address (Calling-Station-Id), any of the usual spellings.
    #[arg(long, value_name = "MAC")]
    mac: Option<String>,
    /// The instant asked about.
    #[arg(long, value_name = "TIME")]
    at: String,
    /// Only this hotspot controller (the same private address is used at many RWs).
    #[arg(long, value_name = "NAS")]
    nas: Option<String>,
    /// The reference of the request this answers (kept in the audit log).
    #[arg(long, value_name = "REF")]
    case: String,
}

/// `2026-03-01 21:14:00 +07:00`: seconds too, since a case turns on the minute.
fn fmt_time(epoch: i64, zone: &DayZone) -> String {
    let offset = i32::try_from(zone.offset_secs())
        .ok()
        .and_then(chrono::FixedOffset::east_opt);
    match (chrono::DateTime::from_timestamp(epoch, 0), offset) {
        (Some(t), Some(o)) => t
            .with_timezone(&o)
            .format("%Y-%m-%d %H:%M:%S %:z")
            .to_string(),
        _ => epoch.to_string(),
    }
}

/// Runs `session who`.
pub(super) async fn run(ctx: &Ctx, args: WhoArgs) -> anyhow::Result<()> {
    let zone = ctx.config.day_zone();
    let target = match (&args.ip, &args.mac) {
        (Some(ip), _) => WhoTarget::Ip(
            ip.trim()
                .parse()
                .with_context(|| format!("--ip '{}' is not an IP address", ip.escape_debug()))?,
        ),
        (None, Some(m)) => WhoTarget::Mac(Mac::parse(m).with_context(|| {
            format!(
                "--mac '{}' is not a MAC such as AA:BB:CC:DD:EE:FF",
                m.escape_debug()
            )
        })?),
        (None, None) => bail!("give --ip or --mac"),
    };
    let case = args.case.trim();
    if case.is_empty() {
        bail!("--case must name the request this look-up answers");
    }
    let at = zone.parse_instant(&args.at).map_err(anyhow::Error::msg)?;
    let store = ctx.store().await?;
    let result = async {
        let nas_id = match &args.nas {
            Some(name) => Some(
                store
                    .get_nas(name)
                    .await?
                    .with_context(|| format!("NAS '{name}' does not exist"))?
                    .id,
            ),
            None => None,
        };
        let q = WhoQuery {
            target,
            at,
            nas_id,
            case: case.to_string(),
        };
        Ok::<_, anyhow::Error>(store.session_who(&Actor::cli(), &q).await?)
    }
    .await;
    store.close().await;
    let found = result?;
    println!(
        "at {} (case {case}): {} session(s)",
        fmt_time(at, &zone),
        found.len()
    );
    let none = || "-".to_string();
    let rows: Vec<Vec<String>> = found
        .iter()
        .map(|r| {
            vec![
                r.username.clone(),
                r.nas.clone().unwrap_or_else(none),
                r.rw.clone().unwrap_or_else(none),
                fmt_time(r.started_at, &zone),
                r.stopped_at
                    .map(|t| fmt_time(t, &zone))
                    .unwrap_or_else(|| format!("({})", r.state)),
                r.mac.clone().unwrap_or_else(none),
                r.ip.clone().unwrap_or_else(none),
                r.session_id.to_string(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        print_table(
            &[
                "USER", "NAS", "RW", "STARTED", "STOPPED", "MAC", "IP", "SESSION",
            ],
            &rows,
        );
    }
    Ok(())
}
