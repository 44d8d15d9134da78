//! `radkota demo age`: gives the users already in a database a history, as a city's
//! database has after months of operation: finished sessions (two a day per active user),
//! their usage rollups, the auth log of the days it keeps, and a few stale sessions. It all
//! goes through the store's own accounting writer and auth-log batches, the same path the
//! server's records take, so the history cannot drift from what the schema expects. Used
//! by `scripts/bench-aged.sh`; never run it on a real city's database.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::accounting::DayZone;
use crate::store::{AcctKind, AcctRecord, AuthActivity, AuthLogEntry, Store, WriterSettings};

/// What history to add.
#[derive(Debug, Clone)]
pub struct AgeOptions {
    /// Days of history, ending the day before `end`.
    pub days: usize,
    /// The first day after the history (usually today).
    pub end: NaiveDate,
    /// Share of the users online on a day (0..=1).
    pub active: f64,
    /// Sessions per active user and day.
    pub sessions_per_day: usize,
    /// The last days that also get auth-log rows (one per session).
    pub auth_log_days: usize,
    /// Share of users left with a session that never stopped (the reaper's work).
    pub stale: f64,
    /// Random seed.
    pub seed: u64,
}

/// What was added.
#[derive(Debug, Clone, Default)]
pub struct AgeReport {
    pub users: usize,
    pub sessions: u64,
    pub records: u64,
    pub auth_log_rows: u64,
    pub stale_sessions: u64,
    /// Days and months whose distinct-user sets were built.
    pub distinct_periods: usize,
    pub elapsed: Duration,
}

/// Records written per transaction.
const CHUNK: usize = 20_000;

/// Adds the history of `opts` to every user and NAS of `store`.
pub async fn age(
    store: &Store,
    zone: &DayZone,
    opts: &AgeOptions,
    progress: &dyn Fn(u64, u64),
) -> anyhow::Result<AgeReport> {
    let started = Instant::now();
    let users = store.all_usernames().await?;
    let nas: Vec<i64> = store.list_nas().await?.iter().map(|n| n.id).collect();
    anyhow::ensure!(
        !users.is_empty() && !nas.is_empty(),
        "add users and NAS first"
    );
    let writer = store
        .start_writer(WriterSettings {
            fsync: false,
            queue_max: 1024,
            batch_max: CHUNK,
            batch_window: Duration::from_millis(1),
        })
        .await?;
    let mut rng = StdRng::seed_from_u64(opts.seed);
    let mut report = AgeReport {
        users: users.len(),
        ..Default::default()
    };
    let first = opts
        .end
        .checked_sub_days(Days::new(opts.days as u64))
        .ok_or_else(|| anyhow::anyhow!("--days reaches before the calendar"))?;
    for d in 0..opts.days {
        let date = first + Days::new(d as u64);
        let log = opts.days - d <= opts.auth_log_days;
        let (records, entries) = day(&mut rng, zone, opts, date, d, &users, &nas, log);
        report.sessions += records.len() as u64 / 2;
        report.records += records.len() as u64;
        report.auth_log_rows += entries.len() as u64;
        for chunk in records.chunks(CHUNK) {
            writer.apply(chunk.to_vec()).await?;
        }
        for chunk in entries.chunks(CHUNK) {
            let batch = AuthActivity {
                entries: chunk.to_vec(),
                ..Default::default()
            };
            writer.record_auth_activity(Arc::new(batch)).await?;
        }
        progress(d as u64 + 1, opts.days as u64);
    }
    // Sessions whose Stop never came, from two days before `end`: open until the reaper.
    let midnight = zone.midnight(opts.end) - 2 * 86_400;
    let mut stale = Vec::new();
    for (u, name) in users.iter().enumerate() {
        if rng.gen_bool(opts.stale.clamp(0.0, 1.0)) {
            let at = midnight + rng.gen_range(8 * 3600..20 * 3600);
            let id = format!("age-stale-{u}");
            stale.push(record(
                zone,
                AcctKind::Start,
                name,
                nas[u % nas.len()],
                id,
                at,
                u,
            ));
        }
    }
    report.stale_sessions = stale.len() as u64;
    for chunk in stale.chunks(CHUNK) {
        writer.apply(chunk.to_vec()).await?;
    }
    // A server running through that year built each finished day's distinct-user sets the
    // day after (`accounting::user_sets`); without them the first server on this copy
    // would spend its first minutes building a year of them, beside whatever it measures.
    let yesterday = opts.end.checked_sub_days(Days::new(1)).unwrap_or(opts.end);
    report.distinct_periods = store.build_distinct_sets(yesterday).await?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// One day's Start and Stop records, and its auth-log rows when `log`.
#[allow(clippy::too_many_arguments)]
fn day(
    rng: &mut StdRng,
    zone: &DayZone,
    opts: &AgeOptions,
    date: NaiveDate,
    d: usize,
    users: &[String],
    nas: &[i64],
    log: bool,
) -> (Vec<AcctRecord>, Vec<AuthLogEntry>) {
    let midnight = zone.midnight(date);
    let mut records = Vec::new();
    let mut entries = Vec::new();
    for (u, name) in users.iter().enumerate() {
        if !rng.gen_bool(opts.active.clamp(0.0, 1.0)) {
            continue;
        }
        // Mostly at the home hotspot.
        let nas_id = nas[(u + usize::from(rng.gen_bool(0.1))) % nas.len()];
        for k in 0..opts.sessions_per_day {
            // Two sessions a day fit between 06:00 and 21:00 without overlapping.
            let slot = (15 * 3600) / opts.sessions_per_day.max(1) as i64;
            let begin = midnight + 6 * 3600 + k as i64 * slot + rng.gen_range(0..slot / 2);
            let seconds = rng.gen_range(600..(slot / 2).max(601));
            let id = format!("age-{d}-{u}-{k}");
            records.push(record(
                zone,
                AcctKind::Start,
                name,
                nas_id,
                id.clone(),
                begin,
                u,
            ));
            let mut stop = record(zone, AcctKind::Stop, name, nas_id, id, begin + seconds, u);
            stop.session_time = seconds;
            stop.input_octets = rng.gen_range(1_000_000..40_000_000);
            stop.output_octets = rng.gen_range(10_000_000..400_000_000);
            stop.input_packets = stop.input_octets / 700;
            stop.output_packets = stop.output_octets / 1200;
            stop.terminate_cause = Some("User-Request".into());
            records.push(stop);
            if log {
                entries.push(AuthLogEntry {
                    at: begin - 1,
                    username: name.clone(),
                    nas_id: Some(nas_id),
                    method: "chap".into(),
                    accepted: true,
                    reason: "ok".into(),
                    calling_station_id: Some(mac(u)),
                    message: None,
                });
            }
        }
    }
    (records, entries)
}

/// A record of `kind` at `at` with no counters.
fn record(
    zone: &DayZone,
    kind: AcctKind,
    username: &str,
    nas_id: i64,
    acct_session_id: String,
    at: i64,
    u: usize,
) -> AcctRecord {
    AcctRecord {
        kind,
        nas_id,
        acct_session_id,
        username: username.to_string(),
        event_time: at,
        seen_at: at,
        day: zone.day(at),
        hour: zone.hour(at),
        session_time: 0,
        input_octets: 0,
        output_octets: 0,
        input_packets: 0,
        output_packets: 0,
        framed_ip: Some(format!(
            "10.{}.{}.{}",
            (u >> 16) & 255,
            (u >> 8) & 255,
            u & 255
        )),
        calling_station_id: Some(mac(u)),
        called_station_id: Some("city-wifi".into()),
        nas_port_id: None,
        class: None,
        terminate_cause: None,
        interim_interval: 300,
        clock_skew: None,
        nas_identifier: None,
    }
}

/// A stable, locally administered MAC address per user.
fn mac(u: usize) -> String {
    let b = (u as u32).to_be_bytes();
    format!("02-A9-{:02X}-{:02X}-{:02X}-{:02X}", b[0], b[1], b[2], b[3])
}
