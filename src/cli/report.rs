//! `radkota report usage|hotspots|weekly`: the auditors' reports from the usage rollups, as
//! a table, CSV or JSON, on standard output or into a file.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use chrono::{Days, NaiveDate};
use clap::{Args, Subcommand};

use super::Ctx;
use crate::reports::hotspots::hotspot_report;
use crate::reports::labels::Lang;
use crate::reports::model::Dimension;
use crate::reports::page::usage_page;
use crate::reports::pseudonym::Pseudonymiser;
use crate::reports::text::{Format, render_hotspots, render_usage, render_weekly};
use crate::reports::usage::usage_report;
use crate::reports::weekly::weekly_report;

/// Help epilogue for `report`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  radkota report usage                                  last 7 days per RW, as a table
  radkota report usage --from 2026-01-01 --to 2026-12-31 --by kecamatan --format csv
  radkota report usage --by user --format json --output users.json
  radkota report usage --from 2026-11-01 --to 2026-11-30 --format html --output nov.html
                                                        printable page with charts (--lang en)
  radkota report hotspots                               which hotspots need a look
  radkota report weekly                                 this week against last week per RW

Days follow accounting.timezone (default Asia/Jakarta). Figures come from the usage rollups,
so they stay right after raw sessions are purged. Usernames are pseudonymised (a keyed hash,
stable within one report, different in the next) unless --raw-names is given. Hotspot
thresholds are in the [reports] section of the configuration.";

/// `report` subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum ReportCommand {
    /// Unique users, sessions, data, hours and peak concurrency, grouped and split by plan.
    Usage(UsageArgs),
    /// Per hotspot: last contact, logins, users, open sessions and warning flags.
    Hotspots(OutArgs),
    /// Every RW this week against last week, the silent and underused first.
    Weekly(WeeklyArgs),
}

/// Output options shared by every report.
#[derive(Debug, Args)]
pub(super) struct OutArgs {
    /// table, csv, json; html (report usage only): one self-contained page with charts,
    /// every grouping at once (--by is ignored).
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Arguments of `report usage`.
#[derive(Debug, Args)]
pub(super) struct UsageArgs {
    /// First day, YYYY-MM-DD (default: 6 days before --to).
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<String>,
    /// Last day, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: Option<String>,
    /// What one row is.
    #[arg(long, value_enum, default_value = "rw")]
    by: Dimension,
    /// Show real usernames instead of pseudonyms (--by user).
    #[arg(long)]
    raw_names: bool,
    /// Language of the HTML page: id (Bahasa Indonesia) or en.
    #[arg(long, value_enum, default_value = "id")]
    lang: Lang,
    #[command(flatten)]
    out: OutArgs,
}

/// Arguments of `report weekly`.
#[derive(Debug, Args)]
pub(super) struct WeeklyArgs {
    /// Last day of the week, YYYY-MM-DD (default: yesterday, the last complete day).
    #[arg(long, value_name = "YYYY-MM-DD")]
    week_end: Option<String>,
    #[command(flatten)]
    out: OutArgs,
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

fn write(out: &OutArgs, text: &str) -> anyhow::Result<()> {
    match &out.output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            use std::io::Write;
            match std::io::stdout().lock().write_all(text.as_bytes()) {
                // `| head` closing the pipe early is not an error.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(e).context("cannot write to standard output")
                }
                _ => Ok(()),
            }
        }
    }
}

/// Runs one report command.
pub(super) async fn run(ctx: &Ctx, cmd: ReportCommand) -> anyhow::Result<()> {
    let zone = ctx.config.day_zone();
    // The policy clock: the real clock, except in debug builds under RADKOTA_TEST_CLOCK.
    let now = crate::policy::clock::now();
    let today = zone.date(now);
    let format = match &cmd {
        ReportCommand::Usage(a) => a.out.format,
        ReportCommand::Hotspots(o) => o.format,
        ReportCommand::Weekly(a) => a.out.format,
    };
    if format == Format::Html && !matches!(cmd, ReportCommand::Usage(_)) {
        bail!(
            "--format html is the usage page (`radkota report usage --format html`); use table, csv or json here"
        );
    }
    // Parse every argument before touching the database.
    let usage_range = match &cmd {
        ReportCommand::Usage(a) => {
            let to = match &a.to {
                Some(s) => parse_day("--to", s)?,
                None => today,
            };
            let from = match &a.from {
                Some(s) => parse_day("--from", s)?,
                None => to.checked_sub_days(Days::new(6)).unwrap_or(to),
            };
            if from > to {
                bail!("--from {from} is after --to {to}");
            }
            Some((from, to))
        }
        _ => None,
    };
    let week_end = match &cmd {
        ReportCommand::Weekly(a) => match &a.week_end {
            Some(s) => parse_day("--week-end", s)?,
            None => today.pred_opt().unwrap_or(today),
        },
        _ => today,
    };
    let store = ctx.store().await?;
    let result = async {
        // Closed days' user sets are built once; later reports just read them.
        store.build_distinct_sets(today).await?;
        let text = match &cmd {
            ReportCommand::Usage(a) if format == Format::Html => {
                let (from, to) = usage_range.unwrap_or((today, today));
                usage_page(&store, from, to, a.lang, None, now).await?
            }
            ReportCommand::Usage(a) => {
                let (from, to) = usage_range.unwrap_or((today, today));
                let pseudo = (!a.raw_names).then(Pseudonymiser::random);
                let r = usage_report(&store, from, to, a.by, pseudo.as_ref()).await?;
                render_usage(&r, format)?
            }
            ReportCommand::Hotspots(_) => {
                let r = hotspot_report(&store, now, &zone, &ctx.config.reports).await?;
                render_hotspots(&r, format)?
            }
            ReportCommand::Weekly(_) => {
                let r = weekly_report(&store, week_end, now, &zone, &ctx.config.reports).await?;
                render_weekly(&r, format)?
            }
        };
        anyhow::Ok(text)
    }
    .await;
    store.close().await;
    let text = result?;
    let out = match &cmd {
        ReportCommand::Usage(a) => &a.out,
        ReportCommand::Hotspots(o) => o,
        ReportCommand::Weekly(a) => &a.out,
    };
    write(out, &text)
}
