//! Writes roaming MAC bindings (issue 22) in batches off the request path: a password
//! login queues its device's binding, and one task writes whatever has queued in one
//! transaction. One transaction per device made a morning's burst of first logins a
//! backlog of thousands of commits contending with the accounting writer (issue 24).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;

use crate::store::Store;
use crate::store::roaming::BindWrite;

/// Bindings written in one transaction at most.
const BATCH: usize = 512;

/// How long a batch waits for more after its first: a device is bound this much later,
/// and its next MAC login (minutes away at the earliest) never notices.
const LINGER: Duration = Duration::from_millis(20);

/// Bindings queued at most; beyond that a login's binding is dropped (counted and logged)
/// and the device is bound at its next password login instead.
const QUEUE: usize = 16_384;

/// What the writer does with each binding once its batch is stored, with what the login
/// queued beside it: this process's note that the device is bound (`roaming::Noted`).
pub(crate) type OnWritten<T> = Arc<dyn Fn(&BindWrite, &T) + Send + Sync>;

/// The running writer's queue, if one runs.
type Queue<T> = Arc<Mutex<Option<mpsc::Sender<(BindWrite, T)>>>>;

/// The queue to the binding writer, started by the first binding on the runtime at hand
/// (and again should that runtime have ended).
pub(crate) struct Binder<T> {
    tx: Queue<T>,
    dropped: Arc<std::sync::atomic::AtomicU64>,
}

impl<T> Clone for Binder<T> {
    fn clone(&self) -> Self {
        Binder {
            tx: self.tx.clone(),
            dropped: self.dropped.clone(),
        }
    }
}

impl<T> Default for Binder<T> {
    fn default() -> Self {
        Binder {
            tx: Arc::default(),
            dropped: Arc::default(),
        }
    }
}

impl<T> std::fmt::Debug for Binder<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Binder").finish_non_exhaustive()
    }
}

impl<T: Send + 'static> Binder<T> {
    /// Queues `bind`, starting the writer on `runtime` if none runs.
    pub(crate) fn queue(
        &self,
        runtime: &tokio::runtime::Handle,
        store: &Store,
        on_written: impl FnOnce() -> OnWritten<T>,
        bind: (BindWrite, T),
    ) {
        let Ok(mut tx) = self.tx.lock() else { return };
        let sent = match tx.as_ref() {
            Some(t) => t.try_send(bind),
            None => Err(mpsc::error::TrySendError::Closed(bind)),
        };
        let bind = match sent {
            Ok(()) => return,
            Err(mpsc::error::TrySendError::Full(_)) => {
                let n = self
                    .dropped
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                // A flood is logged, not every binding of it.
                if n.is_power_of_two() || n == 0 {
                    tracing::warn!(
                        dropped = n + 1,
                        "MAC binding queue full; binding dropped (bound at the next password login)"
                    );
                }
                return;
            }
            // None running yet, or its runtime ended (a test's runtime): start one.
            Err(mpsc::error::TrySendError::Closed(bind)) => bind,
        };
        let (sender, rx) = mpsc::channel(QUEUE);
        runtime.spawn(run(store.clone(), rx, on_written()));
        // A fresh channel has room.
        let _ = sender.try_send(bind);
        *tx = Some(sender);
    }
}

/// Writes queued bindings until every sender is gone; a batch that fails is retried
/// twice, then logged as lost (each device binds again at its next password login).
async fn run<T>(store: Store, mut rx: mpsc::Receiver<(BindWrite, T)>, on_written: OnWritten<T>) {
    let mut binds = Vec::with_capacity(BATCH);
    while crate::linger::recv_batch(&mut rx, &mut binds, BATCH, LINGER).await > 0 {
        let (writes, notes): (Vec<BindWrite>, Vec<T>) = binds.drain(..).unzip();
        let mut attempt = 0;
        loop {
            match store.bind_macs(&writes).await {
                Ok(()) => {
                    writes
                        .iter()
                        .zip(&notes)
                        .for_each(|(b, t)| on_written(b, t));
                    break;
                }
                Err(e) if attempt < 2 => {
                    attempt += 1;
                    tracing::warn!(error = %e, bindings = writes.len(), "MAC bindings not written; retrying");
                    tokio::time::sleep(Duration::from_millis(100 * attempt)).await;
                }
                Err(e) => {
                    tracing::warn!(error = %e, bindings = writes.len(), "MAC bindings not written");
                    break;
                }
            }
        }
    }
}
