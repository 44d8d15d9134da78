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
    let DemoCommand::Seed(args) = cmd;
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
