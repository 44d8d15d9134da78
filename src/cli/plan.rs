//! `radkota plan ...`: the plans users are put on (speed and time limits).

use clap::Subcommand;

use super::{Ctx, print_table};

/// Help epilogue for `plan`.
pub(super) const AFTER_HELP: &str = "\
Example:
  radkota plan list

Built-in plans: student (2M up / 4M down, 1h sessions) and umkm (5M / 10M, 4h sessions).";

/// Plan subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum PlanCommand {
    /// Show every plan with its speed limit and timeouts.
    #[command(after_help = "Example:\n  radkota plan list\n\n\
RATE is the MikroTik-Rate-Limit sent to the hotspot: upload/download as seen by the\n\
router (rx/tx), e.g. 2M/4M = 2 Mbit/s up, 4 Mbit/s down.")]
    List,
}

/// Runs a plan subcommand.
pub(super) async fn run(ctx: &Ctx, cmd: PlanCommand) -> anyhow::Result<()> {
    match cmd {
        PlanCommand::List => {
            let store = ctx.store().await?;
            let plans = store.list_plans().await?;
            store.close().await;
            let rows: Vec<Vec<String>> = plans
                .iter()
                .map(|p| {
                    vec![
                        p.name.clone(),
                        p.mikrotik_rate_limit()
                            .unwrap_or_else(|| "unlimited".into()),
                        fmt_duration(p.session_timeout),
                        fmt_duration(p.idle_timeout),
                        p.description.clone(),
                    ]
                })
                .collect();
            print_table(
                &["NAME", "RATE (UP/DOWN)", "SESSION", "IDLE", "DESCRIPTION"],
                &rows,
            );
        }
    }
    Ok(())
}

/// Seconds as "1h", "10m", "90s" or "none".
fn fmt_duration(secs: Option<i64>) -> String {
    match secs {
        None | Some(0) => "none".into(),
        Some(s) if s % 3600 == 0 => format!("{}h", s / 3600),
        Some(s) if s % 60 == 0 => format!("{}m", s / 60),
        Some(s) => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::fmt_duration;

    #[test]
    fn durations() {
        assert_eq!(fmt_duration(Some(3600)), "1h");
        assert_eq!(fmt_duration(Some(14400)), "4h");
        assert_eq!(fmt_duration(Some(600)), "10m");
        assert_eq!(fmt_duration(Some(90)), "90s");
        assert_eq!(fmt_duration(None), "none");
    }
}
