//! The periodic retention purge while the server runs: finished sessions, the
//! authentication log and (when configured) old per-person rollups, never the aggregates.

use std::time::Duration;

use crate::config::Config;
use crate::store::Store;

/// Purges once at start and then every `retention.interval_minutes`.
pub async fn run(store: Store, config: Config) {
    let every = Duration::from_secs(u64::from(config.retention.interval_minutes.max(1)) * 60);
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let cutoffs = config.purge_cutoffs(crate::policy::clock::now());
        match store.purge_personal_data(&cutoffs).await {
            Ok(c) if c.sessions + c.auth_log + c.usage_user + c.usage_user_nas > 0 => {
                tracing::info!(
                    sessions = c.sessions,
                    auth_log = c.auth_log,
                    usage_user = c.usage_user,
                    usage_user_nas = c.usage_user_nas,
                    "personal data past retention deleted"
                )
            }
            // Said at debug level so a test can wait for the purge at start to be over.
            Ok(_) => tracing::debug!("retention purge ran: nothing past retention"),
            Err(e) => tracing::warn!(error = %e, "retention purge failed; retrying later"),
        }
    }
}
