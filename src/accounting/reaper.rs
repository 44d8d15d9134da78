//! The stale-session reaper: a session whose NAS has sent nothing for k interim intervals
//! (a router that lost power, a Stop that never arrived) is marked stale, so "open
//! sessions" stays true for quotas and audits. A later record reopens or closes it.

use std::time::Duration;

use crate::store::Store;

/// Marks stale sessions every `every` until the task is aborted.
pub async fn run(store: Store, stale_after_intervals: u32, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match store
            .mark_stale_sessions(crate::store::now(), i64::from(stale_after_intervals))
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(sessions = n, "sessions without updates marked stale"),
            Err(e) => tracing::warn!(error = %e, "stale-session check failed; retrying later"),
        }
    }
}
