//! `radkota session ...`: accounting sessions as the hotspots reported them (who, where,
//! when, how much), for operators and auditors.

use anyhow::{Context as _, bail};
use chrono::{DateTime, FixedOffset};
use clap::{Args, Subcommand};

use super::{Ctx, print_table};
use crate::accounting::DayZone;
use crate::coa::SessionTarget;
use crate::store::{NasRecord, SessionFilter, SessionRecord, Store};

/// Help epilogue for `session`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  radkota session list --open
  radkota session list --user siti --nas rw07-hotspot
  radkota session show 1234
  radkota session disconnect siti

Times are shown in the accounting time zone (accounting.timezone, default Asia/Jakarta).";

/// Session subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum SessionCommand {
    /// List sessions, most recently started first.
    #[command(
        after_help = "Examples:\n  radkota session list\n  radkota session list --open\n  \
radkota session list --user siti --limit 10\n\n\
STATE is open, closed (Stop, or the hotspot rebooted) or stale (no update for\n\
accounting.stale_after_intervals interim intervals). DOWN/UP are what the user\n\
downloaded/uploaded in the session."
    )]
    List(ListArgs),
    /// Show every detail of one session.
    #[command(after_help = "Example:\n  radkota session show 1234\n\n\
The ID is the first column of `radkota session list`.")]
    Show {
        /// The session's ID.
        id: i64,
    },
    /// Disconnect a user's open sessions, or one session, at the hotspot (RFC 5176).
    #[command(after_help = DISCONNECT_AFTER_HELP)]
    Disconnect(DisconnectArgs),
    /// Who held an IP address (or used a device) at an instant, for a case (admin only).
    #[command(after_help = super::session_who::AFTER_HELP)]
    Who(super::session_who::WhoArgs),
}

const DISCONNECT_AFTER_HELP: &str = "\
Examples:
  radkota session disconnect siti        every open session of user siti
  radkota session disconnect 1234        session 1234 (an ID from `radkota session list`)
  radkota session disconnect --user 2024017   a username made of digits

A Disconnect-Request goes to each session's hotspot at its CoA port (`nas add --coa-port`,
default 3799), signed with its shared secret; unanswered requests are sent again after
1 s, 2 s, 4 s (`[coa]` in the config). One line per session tells what the hotspot
answered; the exit code is 1 if any session was not disconnected. On MikroTik enable it
with `/radius incoming set accept=yes port=3799`.";

/// Arguments of `session disconnect`.
#[derive(Debug, Args)]
pub(super) struct DisconnectArgs {
    /// A username (all its open sessions) or a session ID.
    #[arg(value_name = "USER|SESSION-ID")]
    target: String,
    /// TARGET is a username, even if it is a number.
    #[arg(long, conflicts_with = "session")]
    user: bool,
    /// TARGET is a session ID.
    #[arg(long)]
    session: bool,
}

/// Arguments of `session list`.
#[derive(Debug, Args)]
pub(super) struct ListArgs {
    /// Only this user's sessions.
    #[arg(long, value_name = "USER")]
    user: Option<String>,
    /// Only sessions on this hotspot controller (its name in `radkota nas list`).
    #[arg(long, value_name = "NAS")]
    nas: Option<String>,
    /// Only sessions still open.
    #[arg(long)]
    open: bool,
    /// Most sessions shown.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(i64).range(1..=100_000))]
    limit: i64,
}

/// Runs a session subcommand.
pub(super) async fn run(ctx: &Ctx, cmd: SessionCommand) -> anyhow::Result<()> {
    let zone = ctx.config.day_zone();
    match cmd {
        SessionCommand::List(args) => {
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
                let filter = SessionFilter {
                    username: args.user.clone(),
                    nas_id,
                    open_only: args.open,
                    limit: args.limit,
                };
                Ok::<_, anyhow::Error>(store.list_sessions(&filter).await?)
            }
            .await;
            store.close().await;
            let rows: Vec<Vec<String>> = result?
                .iter()
                .map(|s| {
                    vec![
                        s.id.to_string(),
                        s.username.clone(),
                        nas_label(s),
                        fmt_time(s.started_at, &zone),
                        fmt_time(s.last_update_at, &zone),
                        s.state.clone(),
                        fmt_duration(s.session_time),
                        fmt_bytes(s.output_octets),
                        fmt_bytes(s.input_octets),
                    ]
                })
                .collect();
            print_table(
                &[
                    "ID",
                    "USER",
                    "NAS",
                    "STARTED",
                    "LAST UPDATE",
                    "STATE",
                    "TIME",
                    "DOWN",
                    "UP",
                ],
                &rows,
            );
        }
        SessionCommand::Show { id } => {
            let store = ctx.store().await?;
            let found = store.get_session(id).await;
            store.close().await;
            let Some(s) = found? else {
                bail!("session {id} does not exist (see `radkota session list`)");
            };
            print_session(&s, &zone);
        }
        SessionCommand::Disconnect(args) => disconnect(ctx, &args).await?,
        SessionCommand::Who(args) => super::session_who::run(ctx, args).await?,
    }
    Ok(())
}

/// Most open sessions one user can have disconnected by one command.
const MAX_USER_SESSIONS: i64 = 1000;

/// The sessions a `session disconnect` target names.
async fn resolve(store: &Store, args: &DisconnectArgs) -> anyhow::Result<Vec<SessionRecord>> {
    let as_id = if args.user {
        None
    } else {
        match args.target.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) if args.session => bail!("'{}' is not a session ID", args.target),
            Err(_) => None,
        }
    };
    if let Some(id) = as_id {
        // Student numbers make all-digit usernames likely, so a clash is refused, not guessed.
        if !args.session && store.get_user(&args.target).await?.is_some() {
            bail!(
                "'{0}' is both a username and a session ID: say `--user {0}` or `--session {0}`",
                args.target
            );
        }
        let Some(s) = store.get_session(id).await? else {
            bail!("session {id} does not exist (see `radkota session list --open`)");
        };
        if s.state == crate::store::sessions::state::CLOSED {
            bail!(
                "session {id} is already closed ({})",
                s.close_reason.as_deref().unwrap_or("stop")
            );
        }
        return Ok(vec![s]);
    }
    let filter = SessionFilter {
        username: Some(args.target.clone()),
        nas_id: None,
        open_only: true,
        limit: MAX_USER_SESSIONS,
    };
    let sessions = store.list_sessions(&filter).await?;
    if sessions.is_empty() && store.get_user(&args.target).await?.is_none() {
        bail!(
            "no user '{}' and no open sessions under that name",
            args.target
        );
    }
    Ok(sessions)
}

async fn disconnect(ctx: &Ctx, args: &DisconnectArgs) -> anyhow::Result<()> {
    let store = ctx.store().await?;
    let found = async {
        let sessions = resolve(&store, args).await?;
        let nas = store.list_nas().await?;
        Ok::<_, anyhow::Error>((sessions, nas))
    }
    .await;
    store.close().await;
    let (sessions, nas) = found?;
    if sessions.is_empty() {
        println!("user {} has no open sessions", args.target);
        return Ok(());
    }
    let failed = send_disconnects(ctx, &nas, &sessions).await?;
    if failed > 0 {
        bail!("{failed} of {} sessions not disconnected", sessions.len());
    }
    Ok(())
}

/// Sends a Disconnect-Request for each session and prints one line per session; returns
/// how many were not acknowledged.
async fn send_disconnects(
    ctx: &Ctx,
    nas: &[NasRecord],
    sessions: &[SessionRecord],
) -> anyhow::Result<usize> {
    let sealer = ctx.sealer().await?;
    let settings = crate::coa::CoaSettings::from_config(&ctx.config.coa);
    let targets: Vec<SessionTarget> = sessions.iter().map(SessionTarget::from).collect();
    let results = crate::coa::disconnect_all(nas, &sealer, &settings, &targets).await;
    let mut failed = 0;
    for (s, r) in sessions.iter().zip(results) {
        let what = format!(
            "session {} ({} on {}, Acct-Session-Id {})",
            s.id,
            s.username,
            nas_label(s),
            s.acct_session_id
        );
        match r {
            Ok(outcome) => {
                if !outcome.is_ack() {
                    failed += 1;
                }
                println!("{what}: {outcome}");
            }
            Err(e) => {
                failed += 1;
                println!("{what}: not sent: {e}");
            }
        }
    }
    Ok(failed)
}

/// After `user disable`: disconnects the user's open sessions and prints the outcome. The
/// account stays disabled whatever the hotspots answer, so problems are reported, not
/// returned as errors.
pub(super) async fn disconnect_after_disable(ctx: &Ctx, username: &str) {
    let found = async {
        let store = ctx.store().await?;
        let r = async {
            let filter = SessionFilter {
                username: Some(username.to_string()),
                nas_id: None,
                open_only: true,
                limit: MAX_USER_SESSIONS,
            };
            Ok::<_, anyhow::Error>((store.list_sessions(&filter).await?, store.list_nas().await?))
        }
        .await;
        store.close().await;
        r
    }
    .await;
    let outcome = match found {
        // Nothing open, nothing to say: the one "disabled user" line stays the whole output.
        Ok((sessions, _)) if sessions.is_empty() => return,
        Ok((sessions, nas)) => send_disconnects(ctx, &nas, &sessions)
            .await
            .map(|failed| (failed, sessions.len())),
        Err(e) => Err(e),
    };
    match outcome {
        Ok((0, _)) => {}
        Ok((failed, n)) => eprintln!(
            "warning: {failed} of {n} open sessions not disconnected; the account is disabled \
             all the same; retry with `radkota session disconnect {username}`"
        ),
        Err(e) => eprintln!(
            "warning: open sessions not disconnected: {}",
            super::one_line(&super::error_chain(&e))
        ),
    }
}

fn nas_label(s: &SessionRecord) -> String {
    s.nas_name
        .clone()
        .unwrap_or_else(|| format!("(removed #{})", s.nas_id))
}

fn print_session(s: &SessionRecord, zone: &DayZone) {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let user = match s.user_id {
        Some(_) => s.username.clone(),
        None => format!("{} (no such user when first seen)", s.username),
    };
    let class = s
        .class
        .as_ref()
        .map(|c| match std::str::from_utf8(c) {
            Ok(t) if t.chars().all(|ch| !ch.is_control()) => t.to_string(),
            _ => format!("0x{}", hex::encode(c)),
        })
        .unwrap_or_else(|| "-".into());
    let state = match &s.close_reason {
        Some(r) => format!("{} ({r})", s.state),
        None => s.state.clone(),
    };
    let lines = [
        ("id", s.id.to_string()),
        ("user", user),
        ("nas", nas_label(s)),
        ("acct session id", s.acct_session_id.clone()),
        ("state", state),
        ("started", fmt_time(s.started_at, zone)),
        ("last update", fmt_time(s.last_update_at, zone)),
        (
            "stopped",
            s.stopped_at
                .map(|t| fmt_time(t, zone))
                .unwrap_or_else(|| "-".into()),
        ),
        ("terminate cause", opt(&s.terminate_cause)),
        (
            "session time",
            format!("{} s ({})", s.session_time, fmt_duration(s.session_time)),
        ),
        (
            "download",
            format!(
                "{} octets ({}), {} packets",
                s.output_octets,
                fmt_bytes(s.output_octets),
                s.output_packets
            ),
        ),
        (
            "upload",
            format!(
                "{} octets ({}), {} packets",
                s.input_octets,
                fmt_bytes(s.input_octets),
                s.input_packets
            ),
        ),
        ("framed ip", opt(&s.framed_ip)),
        ("calling station (MAC)", opt(&s.calling_station_id)),
        ("called station", opt(&s.called_station_id)),
        ("nas port id", opt(&s.nas_port_id)),
        ("class", class),
        ("interim interval", format!("{} s", s.interim_interval)),
    ];
    for (k, v) in lines {
        println!("{:<22} {v}", format!("{k}:"));
    }
}

/// Epoch seconds as "2026-03-01 23:00 +07:00" in the accounting zone.
pub(super) fn fmt_time(epoch: i64, zone: &DayZone) -> String {
    let offset = i32::try_from(zone.offset_secs())
        .ok()
        .and_then(FixedOffset::east_opt);
    match (DateTime::from_timestamp(epoch, 0), offset) {
        (Some(t), Some(o)) => t.with_timezone(&o).format("%Y-%m-%d %H:%M %:z").to_string(),
        _ => epoch.to_string(),
    }
}

/// Seconds as "1h02m", "5m30s" or "42s".
pub(super) fn fmt_duration(secs: i64) -> String {
    let (h, m, s) = (secs / 3600, (secs % 3600) / 60, secs % 60);
    if h > 0 {
        format!("{h}h{m:02}m")
    } else if m > 0 {
        format!("{m}m{s:02}s")
    } else {
        format!("{s}s")
    }
}

/// Octets in decimal units, e.g. "1.5 MB".
pub(super) fn fmt_bytes(n: i64) -> String {
    const UNITS: [&str; 6] = ["B", "kB", "MB", "GB", "TB", "PB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1000.0 && unit + 1 < UNITS.len() {
        v /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(fmt_bytes(999), "999 B");
        assert_eq!(fmt_bytes(1_500_000), "1.5 MB");
        assert_eq!(fmt_duration(3725), "1h02m");
        assert_eq!(fmt_duration(330), "5m30s");
        assert_eq!(fmt_duration(42), "42s");
        assert_eq!(
            fmt_time(1_772_380_800, &DayZone::default()),
            "2026-03-01 23:00 +07:00"
        );
    }
}
