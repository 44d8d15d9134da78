//! Writes authentication outcomes to the database in batches, off the request path: a
//! login's reply never waits for its log row.

use std::time::Duration;

use tokio::sync::mpsc;

use crate::store::{AuthLogEntry, Store};

/// Most rows written in one transaction.
const BATCH: usize = 512;

/// Receives entries until every sender is dropped, writing a batch whenever the queue has
/// some; on shutdown it drains what is left.
pub async fn run(store: Store, mut rx: mpsc::Receiver<AuthLogEntry>) {
    let mut batch = Vec::with_capacity(BATCH);
    while rx.recv_many(&mut batch, BATCH).await > 0 {
        let mut attempt = 0;
        loop {
            match store.insert_auth_log(&batch).await {
                Ok(()) => break,
                Err(e) if attempt < 3 => {
                    attempt += 1;
                    tracing::warn!(error = %e, rows = batch.len(), "auth log write failed; retrying");
                    tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
                }
                Err(e) => {
                    tracing::error!(error = %e, rows = batch.len(), "auth log rows lost after retries");
                    break;
                }
            }
        }
        batch.clear();
    }
}

/// Deletes rows past the retention period once an hour.
pub async fn retention_loop(store: Store, retention_days: u32) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let before = crate::auth::decision::now() - i64::from(retention_days) * 86_400;
        match store.purge_auth_log(before).await {
            Ok(n) if n > 0 => tracing::info!(rows = n, "auth log rows past retention deleted"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "auth log retention purge failed"),
        }
    }
}
