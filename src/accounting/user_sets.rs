//! Builds the distinct-user sets of finished days and months in the background, so that
//! reports over long periods read a few small sets instead of every user's daily rows.

use std::time::Duration;

use chrono::Days;

use super::DayZone;
use crate::store::Store;

/// Every `every`, builds the sets of days that ended more than a day ago (a NAS may still
/// deliver yesterday's late records; those reopen a built day anyway).
pub async fn run(store: Store, zone: DayZone, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let today = zone.date(crate::store::now());
        let before = today.checked_sub_days(Days::new(1)).unwrap_or(today);
        match store.build_distinct_sets(before).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(periods = n, "distinct-user sets built"),
            Err(e) => {
                tracing::warn!(error = %e, "building distinct-user sets failed; retrying later")
            }
        }
    }
}
