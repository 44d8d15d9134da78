//! Receiving a batch from a queue for a writer that stores it in one transaction: what is
//! waiting, then whatever arrives within a short linger, since one transaction of many rows
//! costs far less than many of a few (the auth log, MAC bindings).

use std::time::Duration;

use tokio::sync::mpsc;

/// Waits for at least one item, then adds to `items` what arrives until it holds `max` or
/// `linger` has passed since the first; 0 once every sender is gone and nothing is left.
pub async fn recv_batch<T>(
    rx: &mut mpsc::Receiver<T>,
    items: &mut Vec<T>,
    max: usize,
    linger: Duration,
) -> usize {
    if rx.recv_many(items, max).await == 0 {
        return 0;
    }
    let deadline = tokio::time::Instant::now() + linger;
    while items.len() < max {
        // `recv_many` is cancel safe: a timeout loses nothing.
        let room = max - items.len();
        match tokio::time::timeout_at(deadline, rx.recv_many(items, room)).await {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
    items.len()
}
