//! `radkota plan ...`: the plans users are put on (speed, hours, time and data limits).

use anyhow::bail;
use clap::{Args, Subcommand};

use super::limits::{LimitArgs, UNITS_HELP, describe};
use super::{Ctx, print_table};
use crate::policy::units::{format_bytes, format_duration};
use crate::policy::{Limits, Policy, Vendor, render_plan};
use crate::store::{Actor, PlanRecord};

/// Help epilogue for `plan`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  radkota plan list
  radkota plan show student
  radkota plan add guru --rate 5M/10M --hours 'mon-fri 05:00-22:00' --daily-quota 5GB
  radkota plan set student --daily-quota 3GB --on-quota 'throttle 256k/512k'
  radkota plan remove guru

Built-in plans: student (2M up / 4M down, 05:00-21:00, 1h sessions, 2GB a day, one device)
and umkm (5M / 10M, any time, 4h sessions, 5GB a day and 100GB a month, two devices).";

/// Plan subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum PlanCommand {
    /// Show every plan with its speed limit and timeouts.
    #[command(after_help = "Example:\n  radkota plan list\n\n\
RATE is the MikroTik-Rate-Limit sent to the hotspot: upload/download as seen by the\n\
router (rx/tx), e.g. 2M/4M = 2 Mbit/s up, 4 Mbit/s down.")]
    List,
    /// Show one plan's limits and the attributes a MikroTik hotspot gets for it.
    #[command(after_help = "Example:\n  radkota plan show student")]
    Show {
        /// The plan name.
        name: String,
    },
    /// Create a plan.
    #[command(after_help = UNITS_HELP)]
    Add(Box<AddArgs>),
    /// Change a plan's limits (only the options given change).
    #[command(after_help = UNITS_HELP)]
    Set(Box<SetArgs>),
    /// Remove a plan that no user is on.
    #[command(after_help = "Example:\n  radkota plan remove guru")]
    Remove {
        /// The plan name.
        name: String,
    },
}

/// Arguments of `plan add`.
#[derive(Debug, Args)]
pub(super) struct AddArgs {
    /// The plan name (letters, digits, - and _), e.g. guru.
    name: String,
    /// A description for people.
    #[arg(long, default_value = "")]
    description: String,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Arguments of `plan set`.
#[derive(Debug, Args)]
pub(super) struct SetArgs {
    /// The plan name.
    name: String,
    /// A new description.
    #[arg(long)]
    description: Option<String>,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Runs a plan subcommand.
pub(super) async fn run(ctx: &Ctx, cmd: PlanCommand) -> anyhow::Result<()> {
    match cmd {
        PlanCommand::List => list(ctx).await,
        PlanCommand::Show { name } => show(ctx, &name).await,
        PlanCommand::Add(args) => {
            let args = *args;
            check_name(&args.name)?;
            let dict = ctx.dictionary()?;
            let mut limits = Limits::default();
            args.limits.apply(&mut limits, &dict)?;
            let store = ctx.store().await?;
            let plan = PlanRecord {
                name: args.name.clone(),
                description: args.description,
                limits,
            };
            let result = store.add_plan_audited(&plan, &Actor::cli()).await;
            store.close().await;
            result?;
            println!("added plan {}", args.name);
            Ok(())
        }
        PlanCommand::Set(args) => {
            let args = *args;
            if !args.limits.any() && args.description.is_none() {
                bail!("nothing to change: give at least one option (see --help)");
            }
            let dict = ctx.dictionary()?;
            let store = ctx.store().await?;
            let result = async {
                let Some(mut plan) = store.get_plan(&args.name).await? else {
                    bail!("plan '{}' does not exist", args.name.escape_debug());
                };
                args.limits.apply(&mut plan.limits, &dict)?;
                if let Some(d) = args.description {
                    plan.description = d;
                }
                store.update_plan_audited(&plan, &Actor::cli()).await?;
                Ok(())
            }
            .await;
            store.close().await;
            result?;
            println!("changed plan {}", args.name);
            Ok(())
        }
        PlanCommand::Remove { name } => {
            let store = ctx.store().await?;
            let result = store.remove_plan_audited(&name, &Actor::cli()).await;
            store.close().await;
            result?;
            println!("removed plan {name}");
            Ok(())
        }
    }
}

async fn list(ctx: &Ctx) -> anyhow::Result<()> {
    let store = ctx.store().await?;
    let plans = store.list_plans().await;
    store.close().await;
    let rows: Vec<Vec<String>> = plans?
        .iter()
        .map(|p| {
            let opt = |v: Option<i64>, f: fn(u64) -> String| match v {
                Some(n) if n > 0 => f(n as u64),
                _ => "-".into(),
            };
            vec![
                p.name.clone(),
                p.mikrotik_rate_limit()
                    .unwrap_or_else(|| "unlimited".into()),
                fmt_duration(p.session_timeout),
                fmt_duration(p.idle_timeout),
                match p.allowed_hours.as_deref() {
                    None | Some("") => "always".into(),
                    Some(h) => h.to_string(),
                },
                opt(p.daily_bytes, format_bytes),
                opt(p.max_sessions, |n| n.to_string()),
                p.description.clone(),
            ]
        })
        .collect();
    print_table(
        &[
            "NAME",
            "RATE (UP/DOWN)",
            "SESSION",
            "IDLE",
            "HOURS",
            "DAILY",
            "DEVICES",
            "DESCRIPTION",
        ],
        &rows,
    );
    Ok(())
}

async fn show(ctx: &Ctx, name: &str) -> anyhow::Result<()> {
    let dict = ctx.dictionary()?;
    let store = ctx.store().await?;
    let plan = store.get_plan(name).await;
    store.close().await;
    let Some(plan) = plan? else {
        bail!("plan '{}' does not exist", name.escape_debug());
    };
    println!("{:<17} {}", "name", plan.name);
    println!("{:<17} {}", "description", plan.description);
    for (k, v) in describe(&plan.limits) {
        println!("{k:<17} {v}");
    }
    match Policy::from_limits(&plan.limits) {
        Ok(p) => {
            println!("\nA MikroTik hotspot gets (before quotas and hours are applied):");
            for a in render_plan(&p, Vendor::Mikrotik, &dict) {
                println!("  {}", a.describe(&dict));
            }
            if let Err(e) = p.check_extra(&dict) {
                println!("warning: {e}");
            }
        }
        Err(e) => println!("\nwarning: this plan's limits do not parse: {e}"),
    }
    Ok(())
}

/// Plan names appear in commands and reports: keep them simple.
fn check_name(name: &str) -> anyhow::Result<()> {
    if name.is_empty()
        || name.len() > 32
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        bail!(
            "plan name '{}' is not valid: use 1 to 32 letters, digits, - or _",
            name.escape_debug()
        );
    }
    Ok(())
}

/// Seconds as "1h", "10m", "90s" or "none".
fn fmt_duration(secs: Option<i64>) -> String {
    match secs {
        Some(s) if s > 0 => format_duration(s as u64),
        _ => "none".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::{check_name, fmt_duration};

    #[test]
    fn durations() {
        assert_eq!(fmt_duration(Some(3600)), "1h");
        assert_eq!(fmt_duration(Some(14400)), "4h");
        assert_eq!(fmt_duration(Some(600)), "10m");
        assert_eq!(fmt_duration(Some(90)), "1m30s");
        assert_eq!(fmt_duration(None), "none");
    }

    #[test]
    fn names() {
        assert!(check_name("guru").is_ok());
        assert!(check_name("umkm_2").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name("a b").is_err());
    }
}
