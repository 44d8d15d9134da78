//! `radkota demo seed`: fill an empty database with a synthetic city and a period of usage.

use std::io::IsTerminal;

use anyhow::Context as _;
use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::Ctx;
use crate::demo::{SeedOptions, seed};

/// Help epilogue for `demo`.
pub(super) const AFTER_HELP: &str = "\
Example:
  RADKOTA_DATABASE_URL=sqlite://demo/radkota.db radkota demo seed
  radkota demo seed --nas 551 --users 50000 --days 365 --seed 7

Writes areas (kecamatan, kelurahan, RW), one NAS per RW (some deliberately unhealthy),
users (70% student, 30% umkm) and the usage rollups of every day, so reports and charts
can be tried without real data. Use an EMPTY database: seeding one that has users or NAS
is refused unless --force. Demo accounts cannot log in; demo NAS are never contacted.
See docs/privacy.md.";

/// Demo subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum DemoCommand {
    /// Generate synthetic areas, NAS, users, sessions and usage rollups.
    #[command(after_help = AFTER_HELP)]
    Seed(SeedArgs),
    /// Give the users already here months of history, through the accounting writer (for
    /// benchmarks on an aged database; never on real data).
    #[command(after_help = AGE_HELP)]
    Age(AgeArgs),
}

/// Help epilogue for `demo age`.
const AGE_HELP: &str = "\
Example (what scripts/bench-aged.sh does):
  radkota demo age --days 365 --active 0.2 --sessions-per-day 2

Every user gets, on a share (--active) of the days, --sessions-per-day finished sessions
(a Start and a Stop each, through the same accounting writer as the server's records),
auth-log rows for the last --auth-log-days days, and a share (--stale) gets a session that
never stopped. The records are real accounting: never run this on a city's database.";

/// Arguments of `demo age`.
#[derive(Debug, Args)]
pub(super) struct AgeArgs {
    /// Days of history, ending yesterday.
    #[arg(long, default_value_t = 365)]
    days: usize,
    /// Share of users online on a day.
    #[arg(long, default_value_t = 0.2)]
    active: f64,
    /// Sessions per active user and day.
    #[arg(long, default_value_t = 2)]
    sessions_per_day: usize,
    /// The last days that also get auth-log rows (the auth log's retention).
    #[arg(long, default_value_t = 90)]
    auth_log_days: usize,
    /// Share of users left with a session that never stopped.
    #[arg(long, default_value_t = 0.01)]
    stale: f64,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Arguments of `demo seed`.
#[derive(Debug, Args)]
pub(super) struct SeedArgs {
    /// NAS (one per RW).
    #[arg(long, default_value_t = 551)]
    nas: usize,
    /// Users.
    #[arg(long, default_value_t = 50_000)]
    users: usize,
    /// Days of usage, ending on --end.
    #[arg(long, default_value_t = 365)]
    days: usize,
    /// Last day of usage, YYYY-MM-DD. Default: today in accounting.timezone.
    #[arg(long, value_name = "YYYY-MM-DD")]
    end: Option<String>,
    /// Random seed: the same seed and sizes give the same data.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Seed even though the database already has users or NAS (never on real data).
    #[arg(long)]
    force: bool,
}

/// Runs a demo subcommand.
pub(super) async fn run(ctx: &Ctx, cmd: DemoCommand) -> anyhow::Result<()> {
    let args = match cmd {
        DemoCommand::Seed(args) => args,
        DemoCommand::Age(args) => return age(ctx, args).await,
    };
    if args.nas > 60_000 || args.users > 10_000_000 || args.days > 3_660 {
        anyhow::bail!("at most 60000 NAS, 10000000 users and 3660 days");
    }
    let zone = ctx.config.day_zone();
    let end = match &args.end {
        Some(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .with_context(|| format!("--end '{s}' is not a date such as 2026-06-30"))?,
        None => zone.date(crate::store::now()),
    };
    let opts = SeedOptions {
        nas: args.nas,
        users: args.users,
        days: args.days,
        end,
        seed: args.seed,
        force: args.force,
    };
    let store = ctx.store().await?;
    if args.force {
        eprintln!(
            "WARNING: --force: adding demo data to a database that may hold real data; demo \
             users and NAS cannot be told apart from real ones by reports"
        );
    }
    let sealer = ctx.sealer().await?;
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(1);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{msg:24} [{bar:40}] {pos}/{len} ({eta} left)")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    });
    let progress = |stage: &str, done: u64, total: u64| {
        if let Some(bar) = &bar {
            bar.set_message(stage.to_string());
            bar.set_length(total);
            bar.set_position(done);
        }
    };
    let result = seed(&store, &sealer, &zone, &opts, &progress).await;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    store.close().await;
    let s = result?;
    println!(
        "seeded {} areas, {} NAS, {} users; usage {} to {}: {} sessions on {} user-days, \
         {} rollup rows, {} session rows (last {} days), {} unique-user sets; {:.1} s",
        s.areas,
        s.nas,
        s.users,
        s.first_day,
        s.last_day,
        s.sessions_total,
        s.user_days,
        s.rollup_rows,
        s.session_rows,
        crate::demo::SESSION_DAYS,
        s.distinct_periods,
        s.elapsed.as_secs_f64()
    );
    println!("demo accounts cannot log in (no valid password); demo NAS are never contacted");
    Ok(())
}

/// `demo age`: history for the users already in the database.
async fn age(ctx: &Ctx, args: AgeArgs) -> anyhow::Result<()> {
    if args.days > 3_660 || args.sessions_per_day > 24 || !(0.0..=1.0).contains(&args.active) {
        anyhow::bail!("at most 3660 days and 24 sessions a day; --active is a share, 0 to 1");
    }
    let zone = ctx.config.day_zone();
    let opts = crate::demo::age::AgeOptions {
        days: args.days,
        end: zone.date(crate::store::now()),
        active: args.active,
        sessions_per_day: args.sessions_per_day,
        auth_log_days: args.auth_log_days,
        stale: args.stale,
        seed: args.seed,
    };
    let store = ctx.store().await?;
    let progress = |done: u64, total: u64| {
        if done % 30 == 0 || done == total {
            eprintln!("aged {done}/{total} days");
        }
    };
    let result = crate::demo::age::age(&store, &zone, &opts, &progress).await;
    store.close().await;
    let r = result?;
    println!(
        "aged {} users: {} sessions ({} records), {} auth-log rows, {} left open, \
         {} distinct-user sets; {:.1} s",
        r.users,
        r.sessions,
        r.records,
        r.auth_log_rows,
        r.stale_sessions,
        r.distinct_periods,
        r.elapsed.as_secs_f64()
    );
    Ok(())
}
