//! `radkota demo seed`: a reproducible synthetic city (areas, one NAS per RW, student and
//! UMKM users) with a period of usage written straight into the rollups the reports read,
//! so reports, charts and benchmarks can be tried without real people's data.
//!
//! Demo accounts cannot log in (their password hash is deliberately not a valid PHC
//! string), and demo NAS are never contacted (their addresses are only stored).

pub mod city;
pub mod names;
pub mod usage;
pub mod writer;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use chrono::{Days, NaiveDate};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::json;
use sqlx::{Any, AnyConnection, Connection, Executor, Row, Transaction};

use crate::accounting::DayZone;
use crate::auth::seal::Sealer;
use crate::store::audit::{Actor, AuditChain};
use crate::store::{Backend, Store};
use city::{City, Health};
use usage::{DayData, Generator};
use writer::{Inserter, Lit};

/// The password hash of every demo account: not a PHC string, so no password matches it.
pub const DEMO_PASSWORD_HASH: &str = "!demo-account-cannot-log-in";
/// Days at the end of the period that keep raw `sessions` rows (older ones count as
/// already purged by retention; their usage stays in the rollups).
pub const SESSION_DAYS: usize = 3;
/// Days written per transaction.
const DAYS_PER_COMMIT: usize = 7;

/// What to generate.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    pub nas: usize,
    pub users: usize,
    pub days: usize,
    /// Last day of data (in the accounting time zone).
    pub end: NaiveDate,
    pub seed: u64,
    /// Seed even though the database already has users or NAS.
    pub force: bool,
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct SeedSummary {
    pub areas: usize,
    pub nas: usize,
    pub users: usize,
    pub first_day: String,
    pub last_day: String,
    /// `usage_daily_user` rows (days on which someone was online).
    pub user_days: u64,
    /// Sessions summed into the rollups.
    pub sessions_total: i64,
    /// Of those, kept as `sessions` rows.
    pub session_rows: u64,
    /// Rollup rows written in all.
    pub rollup_rows: u64,
    /// Distinct-user periods built.
    pub distinct_periods: usize,
    pub elapsed: Duration,
}

/// Progress reports: a stage name and work done out of a total.
pub trait Progress {
    /// Called as work advances.
    fn update(&self, stage: &str, done: u64, total: u64);
}

impl<F: Fn(&str, u64, u64)> Progress for F {
    fn update(&self, stage: &str, done: u64, total: u64) {
        self(stage, done, total)
    }
}

/// Refuses a database that already has users or NAS, unless `force`.
async fn check_empty(store: &Store, force: bool) -> anyhow::Result<(i64, i64)> {
    let count = |sql: &'static str| async move {
        let row = sqlx::query(sql).fetch_one(store.pool()).await?;
        anyhow::Ok(row.try_get::<i64, _>("n")?)
    };
    let users = count("SELECT COUNT(*) AS n FROM users").await?;
    let nas = count("SELECT COUNT(*) AS n FROM nas").await?;
    if (users > 0 || nas > 0) && !force {
        bail!(
            "REFUSING TO SEED: this database already has {users} users and {nas} NAS. Demo data \
             must never be mixed with real data. Point radkota at an empty database (e.g. \
             RADKOTA_DATABASE_URL=sqlite://demo/radkota.db) or, if you are sure this database \
             holds no real data, add --force"
        );
    }
    Ok((users, nas))
}

/// Fills the database with a synthetic city and its usage.
pub async fn seed(
    store: &Store,
    sealer: &Sealer,
    zone: &DayZone,
    opts: &SeedOptions,
    progress: &dyn Progress,
) -> anyhow::Result<SeedSummary> {
    let started = Instant::now();
    if opts.nas == 0 || opts.users == 0 || opts.days == 0 {
        bail!("--nas, --users and --days must be at least 1");
    }
    check_empty(store, opts.force).await?;
    let first = opts
        .end
        .checked_sub_days(Days::new(opts.days as u64 - 1))
        .context("--days reaches before the calendar starts")?;
    let mut rng = StdRng::seed_from_u64(opts.seed);
    let city = city::build(&mut rng, opts.nas, opts.users, opts.days);
    let (n_areas, n_nas, n_users) = (city.areas.len(), city.nas.len(), city.users.len());
    let mut conn = store.pool().acquire().await?;
    let sqlite = store.backend() == Backend::Sqlite;
    if sqlite {
        // A demo seed can be redone, so it skips waiting for the disk, and a big page cache
        // keeps the per-user indexes in memory. Restored below.
        conn.execute("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144")
            .await?;
    }
    let result = write_all(&mut conn, sealer, zone, opts, first, rng, city, progress).await;
    if sqlite {
        conn.execute("PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000")
            .await?;
    }
    drop(conn);
    let mut summary = result?;
    progress.update("unique-user sets", 0, 1);
    let today = zone.date(crate::store::now());
    let before = opts
        .end
        .checked_add_days(Days::new(1))
        .unwrap_or(opts.end)
        .min(today.checked_sub_days(Days::new(1)).unwrap_or(today));
    summary.distinct_periods = store.build_distinct_sets(before).await?;
    if !sqlite {
        // PostgreSQL's autovacuum would do this shortly anyway; reports want statistics now.
        sqlx::query("ANALYZE").execute(store.pool()).await?;
    }
    progress.update("unique-user sets", 1, 1);
    summary.areas = n_areas;
    summary.nas = n_nas;
    summary.users = n_users;
    summary.first_day = first.format("%Y-%m-%d").to_string();
    summary.last_day = opts.end.format("%Y-%m-%d").to_string();
    summary.elapsed = started.elapsed();
    Ok(summary)
}

#[allow(clippy::too_many_arguments)]
async fn write_all(
    conn: &mut AnyConnection,
    sealer: &Sealer,
    zone: &DayZone,
    opts: &SeedOptions,
    first: NaiveDate,
    rng: StdRng,
    mut city: City,
    progress: &dyn Progress,
) -> anyhow::Result<SeedSummary> {
    let offset = zone.offset_secs();
    let created = first
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or(0)
        - offset;
    progress.update("areas, NAS and users", 0, 1);
    let mut tx = conn.begin().await?;
    let mut chain = AuditChain::lock(&mut tx).await?;
    write_city(&mut tx, sealer, &city, created).await?;
    crate::store::nas::bump_nas_version(&mut tx).await?;
    chain
        .append(
            &mut tx,
            &Actor::cli(),
            "demo.seed",
            "demo",
            None,
            Some(&json!({
                "nas": opts.nas, "users": opts.users, "days": opts.days,
                "end": opts.end.format("%Y-%m-%d").to_string(), "seed": opts.seed,
            })),
        )
        .await?;
    chain.finish(&mut tx).await?;
    tx.commit().await?;
    let nas_ids = ids(conn, "SELECT id, name AS k FROM nas").await?;
    let user_ids = ids(conn, "SELECT id, username AS k FROM users").await?;
    let nas_id: Vec<i64> = city
        .nas
        .iter()
        .map(|n| nas_ids.get(&n.name).copied().context("demo NAS missing"))
        .collect::<anyhow::Result<_>>()?;
    for u in &mut city.users {
        u.id = user_ids
            .get(&u.username)
            .copied()
            .context("demo user missing")?;
    }
    progress.update("areas, NAS and users", 1, 1);

    // Generating a day and writing its SQL runs on a blocking thread while this task
    // executes the previous batch: the two halves take about the same time.
    let city = Arc::new(city);
    let days = opts.days;
    let (batches, mut incoming) = tokio::sync::mpsc::channel::<Batch>(2);
    let producer = tokio::task::spawn_blocking({
        let city = Arc::clone(&city);
        let nas_id = nas_id.clone();
        let now = crate::store::now();
        move || {
            let mut generator = Generator::new(
                Arc::clone(&city),
                rng,
                first,
                days,
                offset,
                SESSION_DAYS,
                now,
            );
            let mut tables = Tables::new();
            let mut d = 0;
            let mut sessions_total = 0;
            while d < days {
                let mut statements = Vec::new();
                for _ in 0..DAYS_PER_COMMIT.min(days - d) {
                    let data = generator.day(d);
                    sessions_total += tables.write_day(&city, &nas_id, &data, &mut statements);
                    d += 1;
                }
                tables.flush(&mut statements);
                let batch = Batch {
                    days_done: d,
                    statements,
                };
                if batches.blocking_send(batch).is_err() {
                    // The writer stopped on an error, which it reports.
                    break;
                }
            }
            let summary = SeedSummary {
                sessions_total,
                rollup_rows: tables.rollup_rows(),
                user_days: tables.user.written,
                session_rows: tables.sessions.written,
                ..SeedSummary::default()
            };
            (generator.contacts, summary)
        }
    });
    while let Some(batch) = incoming.recv().await {
        let mut tx = conn.begin().await?;
        for sql in &batch.statements {
            writer::exec(&mut tx, sql, &[]).await?;
        }
        tx.commit().await?;
        progress.update("usage", batch.days_done as u64, days as u64);
    }
    let (contacts, summary) = producer.await?;
    let mut tx = conn.begin().await?;
    write_health(&mut tx, &city, &nas_id, &contacts).await?;
    tx.commit().await?;
    Ok(summary)
}

/// The SQL of a few days, written in one transaction.
struct Batch {
    days_done: usize,
    statements: Vec<String>,
}

/// Name -> id for every row of a two-column query (`id`, `k`).
async fn ids(conn: &mut AnyConnection, sql: &str) -> anyhow::Result<HashMap<String, i64>> {
    let rows = sqlx::query(sql).fetch_all(&mut *conn).await?;
    rows.iter()
        .map(|r| Ok((r.try_get::<String, _>("k")?, r.try_get::<i64, _>("id")?)))
        .collect()
}

/// Areas, NAS (secrets random and sealed, never shown) and users.
async fn write_city(
    tx: &mut Transaction<'_, Any>,
    sealer: &Sealer,
    city: &City,
    created: i64,
) -> anyhow::Result<()> {
    let mut areas = Inserter::new(
        "areas",
        &[
            "code",
            "name",
            "level",
            "parent",
            "path",
            "created_at",
            "updated_at",
        ],
    );
    for a in &city.areas {
        let parent = a.parent.as_deref().map_or(Lit::Null, Lit::Text);
        let full = areas.push(&[
            Lit::Text(&a.code),
            Lit::Text(&a.name),
            Lit::Text(a.level),
            parent,
            Lit::Text(&a.path),
            Lit::Int(created),
            Lit::Int(created),
        ]);
        if let Some(sql) = full {
            writer::exec(tx, &sql, &[]).await?;
        }
    }
    if let Some(sql) = areas.take() {
        writer::exec(tx, &sql, &[]).await?;
    }
    let mut nas = Inserter::new(
        "nas",
        &[
            "name",
            "address",
            "sealed_secret",
            "vendor",
            "rw",
            "require_ma",
            "ma_seen",
            "coa_port",
            "enabled",
            "created_at",
            "updated_at",
        ],
    );
    let mut secrets = Vec::new();
    for n in &city.nas {
        let secret: [u8; 16] = rand::random();
        secrets.push(sealer.seal(hex::encode(secret).as_bytes()));
        let address = format!(
            "{}.{}.{}.{}",
            n.address[0], n.address[1], n.address[2], n.address[3]
        );
        let mut full = nas.push(&[
            Lit::Text(&n.name),
            Lit::Text(&address),
            Lit::Param(secrets.len()),
            Lit::Text("mikrotik"),
            Lit::Text(&n.rw),
            Lit::Text("auto"),
            Lit::Int(i64::from(n.health != Health::NeverSeen)),
            Lit::Int(3799),
            Lit::Int(1),
            Lit::Int(created),
            Lit::Int(created),
        ]);
        if secrets.len() == 100 {
            full = full.or_else(|| nas.take());
        }
        if let Some(sql) = full {
            writer::exec(tx, &sql, &secrets).await?;
            secrets.clear();
        }
    }
    if let Some(sql) = nas.take() {
        writer::exec(tx, &sql, &secrets).await?;
    }
    let mut users = Inserter::new(
        "users",
        &[
            "username",
            "plan",
            "password_hash",
            "status",
            "full_name",
            "area",
            "org",
            "external_id",
            "created_at",
            "updated_at",
        ],
    );
    for u in &city.users {
        let joined = created + u.joined as i64 * 86_400;
        let full = users.push(&[
            Lit::Text(&u.username),
            Lit::Text(u.plan.as_str()),
            Lit::Text(DEMO_PASSWORD_HASH),
            Lit::Text("active"),
            Lit::Text(&u.full_name),
            Lit::Text(&city.nas[u.home].rw),
            Lit::Text(&u.org),
            Lit::Text(&u.external_id),
            Lit::Int(joined),
            Lit::Int(joined),
        ]);
        if let Some(sql) = full {
            writer::exec(tx, &sql, &[]).await?;
        }
    }
    if let Some(sql) = users.take() {
        writer::exec(tx, &sql, &[]).await?;
    }
    Ok(())
}

/// The inserters of every table the usage days fill.
struct Tables {
    user: Inserter,
    user_nas: Inserter,
    nas: Inserter,
    nas_plan: Inserter,
    hourly: Inserter,
    concurrency: Inserter,
    auth: Inserter,
    sessions: Inserter,
}

const SUMS: [&str; 4] = [
    "input_octets",
    "output_octets",
    "session_seconds",
    "sessions",
];

fn cols<'a>(key: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    key.iter().chain(extra.iter()).copied().collect()
}

fn with_sums_of(key: &[&'static str]) -> Vec<&'static str> {
    cols(key, &SUMS)
}

fn sums(s: &usage::Sums) -> [Lit<'static>; 4] {
    [
        Lit::Int(s.input),
        Lit::Int(s.output),
        Lit::Int(s.seconds),
        Lit::Int(s.sessions),
    ]
}

impl Tables {
    fn new() -> Tables {
        Tables {
            user: Inserter::new(
                "usage_daily_user",
                &with_sums_of(&["username", "day", "user_id"]),
            ),
            user_nas: Inserter::new(
                "usage_daily_user_nas",
                &with_sums_of(&["day", "nas_id", "username", "user_id", "plan"]),
            ),
            nas: Inserter::new(
                "usage_daily_nas",
                &cols(&with_sums_of(&["nas_id", "day"]), &["peak_sessions"]),
            ),
            nas_plan: Inserter::new(
                "usage_daily_nas_plan",
                &with_sums_of(&["day", "nas_id", "plan"]),
            ),
            hourly: Inserter::new(
                "usage_hourly_nas_plan",
                &with_sums_of(&["day", "hour", "nas_id", "plan"]),
            ),
            concurrency: Inserter::new(
                "concurrency_hourly_nas",
                &["day", "hour", "nas_id", "peak_sessions"],
            ),
            auth: Inserter::new(
                "auth_daily_nas",
                &["day", "nas_id", "accepts", "rejects", "bad_authenticators"],
            ),
            sessions: Inserter::new(
                "sessions",
                &[
                    "nas_id",
                    "acct_session_id",
                    "username",
                    "user_id",
                    "framed_ip",
                    "calling_station_id",
                    "called_station_id",
                    "nas_port_id",
                    "started_at",
                    "last_update_at",
                    "stopped_at",
                    "seen_at",
                    "session_time",
                    "input_octets",
                    "output_octets",
                    "input_packets",
                    "output_packets",
                    "terminate_cause",
                    "state",
                    "close_reason",
                    "interim_interval",
                ],
            ),
        }
    }

    fn rollup_rows(&self) -> u64 {
        [
            &self.user,
            &self.user_nas,
            &self.nas,
            &self.nas_plan,
            &self.hourly,
            &self.concurrency,
            &self.auth,
        ]
        .iter()
        .map(|t| t.written)
        .sum()
    }

    /// Moves every pending statement to `out`.
    fn flush(&mut self, out: &mut Vec<String>) {
        for t in [
            &mut self.user,
            &mut self.user_nas,
            &mut self.nas,
            &mut self.nas_plan,
            &mut self.hourly,
            &mut self.concurrency,
            &mut self.auth,
            &mut self.sessions,
        ] {
            out.extend(t.take());
        }
    }

    /// Adds one day's rows; finished statements go to `out`. Returns the day's sessions.
    fn write_day(
        &mut self,
        city: &City,
        nas_id: &[i64],
        data: &DayData,
        out: &mut Vec<String>,
    ) -> i64 {
        let mut sessions_total = 0;
        let day = data.day.as_str();
        for (&u, s) in &data.user {
            let user = &city.users[u];
            let row = [Lit::Text(&user.username), Lit::Text(day), Lit::Int(user.id)];
            out.extend(self.user.push(&join(row, sums(s))));
        }
        for (&(n, u), s) in &data.user_nas {
            let user = &city.users[u];
            let row = [
                Lit::Text(day),
                Lit::Int(nas_id[n]),
                Lit::Text(&user.username),
                Lit::Int(user.id),
                Lit::Text(user.plan.as_str()),
            ];
            out.extend(self.user_nas.push(&join(row, sums(s))));
        }
        for (&n, (s, peak)) in &data.nas {
            sessions_total += s.sessions;
            let mut row: Vec<Lit<'_>> = vec![Lit::Int(nas_id[n]), Lit::Text(day)];
            row.extend(sums(s));
            row.push(Lit::Int(*peak));
            out.extend(self.nas.push(&row));
        }
        for (&(n, plan), s) in &data.nas_plan {
            let row = [
                Lit::Text(day),
                Lit::Int(nas_id[n]),
                Lit::Text(plan.as_str()),
            ];
            out.extend(self.nas_plan.push(&join(row, sums(s))));
        }
        for (&(hour, n, plan), s) in &data.hourly {
            let row = [
                Lit::Text(day),
                Lit::Int(hour),
                Lit::Int(nas_id[n]),
                Lit::Text(plan.as_str()),
            ];
            out.extend(self.hourly.push(&join(row, sums(s))));
        }
        for (&(hour, n), &peak) in &data.concurrency {
            let row = [
                Lit::Text(day),
                Lit::Int(hour),
                Lit::Int(nas_id[n]),
                Lit::Int(peak),
            ];
            out.extend(self.concurrency.push(&row));
        }
        for (&n, a) in &data.auth {
            let row = [
                Lit::Text(day),
                Lit::Int(nas_id[n]),
                Lit::Int(a.accepts),
                Lit::Int(a.rejects),
                Lit::Int(a.bad_authenticators),
            ];
            out.extend(self.auth.push(&row));
        }
        for s in &data.sessions {
            let user = &city.users[s.user];
            let nas = &city.nas[s.nas];
            let ip = format!("10.{}.{}.{}", nas.address[1], nas.address[2], s.host);
            let mac = user
                .mac
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect::<Vec<_>>()
                .join(":");
            let called = format!("hotspot-{}", nas.name);
            let row = [
                Lit::Int(nas_id[s.nas]),
                Lit::Text(&s.acct_session_id),
                Lit::Text(&user.username),
                Lit::Int(user.id),
                Lit::Text(&ip),
                Lit::Text(&mac),
                Lit::Text(&called),
                Lit::Text("bridge-hotspot"),
                Lit::Int(s.start),
                Lit::Int(s.end),
                Lit::Int(s.end),
                Lit::Int(s.end),
                Lit::Int(s.sums.seconds),
                Lit::Int(s.sums.input),
                Lit::Int(s.sums.output),
                Lit::Int(s.sums.input / 900),
                Lit::Int(s.sums.output / 1200),
                Lit::Text(s.terminate_cause),
                Lit::Text("closed"),
                Lit::Text("stop"),
                Lit::Int(300),
            ];
            out.extend(self.sessions.push(&row));
        }
        sessions_total
    }
}

fn join<'a, const A: usize>(key: [Lit<'a>; A], sums: [Lit<'a>; 4]) -> Vec<Lit<'a>> {
    key.into_iter().chain(sums).collect()
}

/// `nas_health`: latest contacts, clock skew and NAS-Identifier of every NAS ever heard from.
async fn write_health(
    conn: &mut AnyConnection,
    city: &City,
    nas_id: &[i64],
    contacts: &[usage::Contact],
) -> anyhow::Result<()> {
    let mut health = Inserter::new(
        "nas_health",
        &[
            "nas_id",
            "last_acct_at",
            "last_login_at",
            "last_request_at",
            "clock_skew",
            "nas_identifier",
        ],
    );
    let mut skewed = 0;
    for (i, n) in city.nas.iter().enumerate() {
        let c = &contacts[i];
        if n.health == Health::NeverSeen || c.last_request_at.is_none() {
            continue;
        }
        let skew = match n.health {
            Health::ClockSkew => {
                skewed += 1;
                // A router that lost its clock (a year behind) or runs without NTP.
                if skewed % 2 == 1 { -31_536_000 } else { 5_400 }
            }
            _ => (i % 5) as i64 - 2,
        };
        let ident = if n.health == Health::DefaultIdentifier {
            "MikroTik"
        } else {
            n.name.as_str()
        };
        let opt = |v: Option<i64>| v.map_or(Lit::Null, Lit::Int);
        let full = health.push(&[
            Lit::Int(nas_id[i]),
            opt(c.last_acct_at),
            opt(c.last_login_at),
            opt(c.last_request_at),
            Lit::Int(skew),
            Lit::Text(ident),
        ]);
        if let Some(sql) = full {
            writer::exec(conn, &sql, &[]).await?;
        }
    }
    if let Some(sql) = health.take() {
        writer::exec(conn, &sql, &[]).await?;
    }
    Ok(())
}
