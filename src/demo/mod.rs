//! `radkota demo seed`: a reproducible synthetic city (areas, one NAS per RW, student and
//! UMKM users) with a period of usage written straight into the rollups the reports read,
//! so reports, charts and benchmarks can be tried without real people's data.
//!
//! Demo accounts cannot log in (their password hash is deliberately not a valid PHC
//! string), and demo NAS are never contacted (their addresses are only stored).

pub mod age;
pub mod city;
pub mod malang;
pub mod names;
mod tables;
pub mod usage;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use chrono::{Days, NaiveDate};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::json;

use crate::accounting::DayZone;
use crate::auth::seal::Sealer;
use crate::store::bulk::{self, BulkWriter, Inserter, Lit, Statement};
use crate::store::{Actor, Scope, Store};
use city::{City, Health};
use tables::Tables;
use usage::Generator;

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
    let users = store.count_users(None).await?;
    let nas = store.count_nas_views(&Scope::All).await?;
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
    // A held connection with the durability a redoable seed can do without; closed (its
    // settings restored) whether or not the writing succeeded.
    let mut writer = store.bulk_writer().await?;
    let result = write_all(&mut writer, sealer, zone, opts, first, rng, city, progress).await;
    writer.close().await?;
    let mut summary = result?;
    progress.update("unique-user sets", 0, 1);
    let today = zone.date(crate::store::now());
    let before = opts
        .end
        .checked_add_days(Days::new(1))
        .unwrap_or(opts.end)
        .min(today.checked_sub_days(Days::new(1)).unwrap_or(today));
    summary.distinct_periods = store.build_distinct_sets(before).await?;
    store.refresh_statistics().await?;
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
    writer: &mut BulkWriter,
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
    let after = json!({
        "nas": opts.nas, "users": opts.users, "days": opts.days,
        "end": opts.end.format("%Y-%m-%d").to_string(), "seed": opts.seed,
    });
    let statements = city_rows(sealer, &city, created);
    writer
        .write_directory_audited(&statements, &Actor::cli(), "demo.seed", "demo", &after)
        .await?;
    let nas_ids = writer.nas_ids().await?;
    let user_ids = writer.user_ids().await?;
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
        writer.write(&batch.statements).await?;
        progress.update("usage", batch.days_done as u64, days as u64);
    }
    let (contacts, summary) = producer.await?;
    writer
        .write(&health_rows(&city, &nas_id, &contacts))
        .await?;
    // `session who`'s entries of the seeded sessions, as the accounting writer keeps them
    // (migration 0030).
    writer
        .write(&[crate::store::batch::who_queue::ENTRIES_OF_ALL_SQL.to_string()])
        .await?;
    // The seeded days' months, as the accounting writer keeps them (migration 0027).
    let last = first + chrono::Days::new(days.saturating_sub(1) as u64);
    writer
        .write(&[bulk::months_of_days_sql(
            &crate::store::distinct::day_string(first),
            &crate::store::distinct::day_string(last),
        )])
        .await?;
    Ok(summary)
}

/// The SQL of a few days, written in one transaction.
struct Batch {
    days_done: usize,
    statements: Vec<String>,
}

/// The statements that write areas, NAS (secrets random and sealed, never shown) and users.
fn city_rows(sealer: &Sealer, city: &City, created: i64) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut areas = Inserter::new(&bulk::AREAS);
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
        out.extend(full.map(Statement::from));
    }
    out.extend(areas.take().map(Statement::from));
    let mut nas = Inserter::new(&bulk::NAS);
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
            let binds = std::mem::take(&mut secrets);
            out.push(Statement { sql, binds });
        }
    }
    if let Some(sql) = nas.take() {
        out.push(Statement {
            sql,
            binds: secrets,
        });
    }
    let mut users = Inserter::new(&bulk::USERS);
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
        out.extend(full.map(Statement::from));
    }
    out.extend(users.take().map(Statement::from));
    out
}

/// The statements that write `nas_health`: latest contacts, clock skew and NAS-Identifier of
/// every NAS ever heard from.
fn health_rows(city: &City, nas_id: &[i64], contacts: &[usage::Contact]) -> Vec<String> {
    let mut out = Vec::new();
    let mut health = Inserter::new(&bulk::NAS_HEALTH);
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
        out.extend(full);
    }
    out.extend(health.take());
    out
}
