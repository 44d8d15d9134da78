//! The periodic retention purge while the server runs: finished sessions, the
//! authentication log and (when configured) old per-person rollups, never the aggregates;
//! deleted in short slices beside the accounting load, then (SQLite) space given back.

use std::time::Duration;

use crate::config::{Config, RetentionConfig};
use crate::store::{Slicing, Store};

/// The purge's slicing as configured in `[retention]`.
pub fn slicing(r: &RetentionConfig) -> Slicing {
    Slicing {
        max_rows: r.slice_rows,
        target: Duration::from_millis(u64::from(r.slice_ms)),
        pause: Duration::from_millis(u64::from(r.slice_pause_ms)),
    }
}

/// Purges once at start and then every `retention.interval_minutes`.
pub async fn run(store: Store, config: Config) {
    let every = Duration::from_secs(u64::from(config.retention.interval_minutes.max(1)) * 60);
    let slicing = slicing(&config.retention);
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let cutoffs = config.purge_cutoffs(crate::policy::clock::now());
        match store.purge_in_slices(&cutoffs, &slicing).await {
            Ok(c) if c.rows() > 0 => {
                tracing::info!(
                    sessions = c.sessions,
                    auth_log = c.auth_log,
                    usage_user = c.usage_user,
                    usage_user_nas = c.usage_user_nas,
                    usage_user_months = c.usage_user_months,
                    slices = c.slices.slices,
                    longest_slice_us = c.slices.longest_us,
                    pages_reclaimed = c.pages_reclaimed,
                    "personal data past retention deleted"
                )
            }
            // Said at debug level so a test can wait for the purge at start to be over.
            Ok(_) => tracing::debug!("retention purge ran: nothing past retention"),
            Err(e) => tracing::warn!(error = %e, "retention purge failed; retrying later"),
        }
    }
}
