//! PostgreSQL: the login directory follows the `radkota_directory` channel, on which the
//! triggers of migration 0009 name every user (by id) and plan that changes, from any instance or
//! program, as the change commits. Until this instance listens, and whenever the listening
//! connection is lost, logins read everything from the database as before.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::postgres::PgListener;

use super::directory::{Change, Directory};
use super::{Store, StoreError};

/// The channel the triggers notify.
const CHANNEL: &str = "radkota_directory";

/// How this instance follows changes.
#[derive(Debug)]
pub(crate) struct Follow {
    url: String,
    /// Whether the listener is connected and the directory may be used.
    live: AtomicBool,
    started: AtomicBool,
}

impl Follow {
    pub(crate) fn new(url: &str) -> Follow {
        Follow {
            url: url.to_string(),
            live: AtomicBool::new(false),
            started: AtomicBool::new(false),
        }
    }

    /// Whether logins may use the directory now.
    pub(crate) fn live(&self) -> bool {
        self.live.load(Ordering::Acquire)
    }
}

impl Store {
    /// Keeps users, plans and overrides of logins in memory and drops each as it changes
    /// (PostgreSQL: LISTEN on the directory channel; SQLite files need nothing started).
    /// Returns once listening; the listener runs until the process ends.
    pub async fn follow_directory(&self) -> Result<(), StoreError> {
        let Some(follow) = self.pg.clone() else {
            return Ok(());
        };
        if follow.started.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        let listener = listen(&follow.url).await?;
        let directory = self.directory.clone();
        start_fresh(&directory, &follow);
        tokio::spawn(run(listener, directory, follow));
        Ok(())
    }
}

async fn listen(url: &str) -> Result<PgListener, StoreError> {
    let mut listener = PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Empties the directory and lets logins use it: what was read before may have missed a
/// notification.
fn start_fresh(directory: &Directory, follow: &Follow) {
    let from = directory.version();
    directory.advance(from, from.map_or(0, |v| v + 1), None);
    follow.live.store(true, Ordering::Release);
}

async fn run(mut listener: PgListener, directory: Arc<Directory>, follow: Arc<Follow>) {
    loop {
        match listener.try_recv().await {
            Ok(Some(note)) => {
                let mut changes = vec![change(note.payload())];
                // Whatever else has arrived is applied in the same step.
                while let Some(more) = listener.next_buffered() {
                    changes.push(change(more.payload()));
                }
                let known: Option<Vec<Change>> = changes.into_iter().collect();
                let from = directory.version();
                directory.advance(from, from.map_or(0, |v| v + 1), known.as_deref());
            }
            // The connection was lost and the listener has already connected and listens
            // again; whatever was sent in between was missed.
            Ok(None) => {
                tracing::warn!("directory listener reconnected; directory starts over");
                start_fresh(&directory, &follow);
            }
            Err(e) => {
                follow.live.store(false, Ordering::Release);
                tracing::warn!(error = %e, "directory listener lost; logins read the database");
                listener = loop {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    match listen(&follow.url).await {
                        Ok(l) => break l,
                        Err(e) => tracing::debug!(error = %e, "directory listener not back yet"),
                    }
                };
                start_fresh(&directory, &follow);
                tracing::info!("directory listener back; logins use the directory again");
            }
        }
    }
}

/// What a notification names; `None` for a payload this version does not know, which
/// then empties the directory (`advance` with no changes).
fn change(payload: &str) -> Option<Change> {
    match payload.split_once(':') {
        Some(("p", plan)) => Some(Change::Plan(plan.to_string())),
        Some(("u", id)) => id.parse().ok().map(Change::User),
        _ => None,
    }
}
