//! PostgreSQL: the login directory follows the `radkota_directory` channel, on which the
//! triggers of migration 0009 name every user (by id) and plan that changes, from any instance or
//! program, as the change commits. The usage ledger follows it too: every instance's
//! accounting writer names the users of each batch (`a:` payloads), and the others forget
//! those users' usage. Until this instance listens, and whenever the listening connection
//! is lost, logins read everything from the database as before.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::postgres::PgListener;

use super::directory::{Change, Directory};
use super::ledger::Ledger;
use super::{Store, StoreError};

/// The channel the triggers and the accounting writers notify.
pub(crate) const CHANNEL: &str = "radkota_directory";

/// PostgreSQL's limit on a notification's payload is 8,000 bytes; usernames are sent in
/// payloads of at most this many.
const PAYLOAD_MAX: usize = 7_000;

/// How this instance follows changes.
#[derive(Debug)]
pub(crate) struct Follow {
    url: String,
    /// Whether the listener is connected and the directory may be used.
    live: AtomicBool,
    started: AtomicBool,
    /// Tells this instance's own usage notifications from the others'.
    instance: u64,
}

impl Follow {
    pub(crate) fn new(url: &str) -> Follow {
        Follow {
            url: url.to_string(),
            live: AtomicBool::new(false),
            started: AtomicBool::new(false),
            instance: rand::random(),
        }
    }

    /// The notifications naming `usernames` as having new usage: `a:<instance>:` and a
    /// JSON array of names (which may hold any character), split to fit.
    pub(crate) fn usage_payloads(&self, usernames: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        let mut size = 0;
        for name in usernames {
            let len = serde_json::to_string(name).map_or(0, |s| s.len()) + 1;
            if size + len > PAYLOAD_MAX && !names.is_empty() {
                out.push(self.usage_payload(&names));
                names.clear();
                size = 0;
            }
            names.push(name);
            size += len;
        }
        if !names.is_empty() {
            out.push(self.usage_payload(&names));
        }
        out
    }

    fn usage_payload(&self, names: &[&str]) -> String {
        let list = serde_json::to_string(names).unwrap_or_else(|_| "[]".into());
        format!("a:{:x}:{list}", self.instance)
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
        let caches = Caches {
            directory: self.directory.clone(),
            ledger: self.ledger.clone(),
        };
        caches.start_fresh(&follow);
        tokio::spawn(run(listener, caches, follow));
        Ok(())
    }
}

async fn listen(url: &str) -> Result<PgListener, StoreError> {
    let mut listener = PgListener::connect(url).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// What the notifications keep current.
struct Caches {
    directory: Arc<Directory>,
    ledger: Arc<Ledger>,
}

impl Caches {
    /// Empties both and lets logins use them: what was read before may have missed a
    /// notification.
    fn start_fresh(&self, follow: &Follow) {
        super::pg_notices::missed();
        let from = self.directory.version();
        self.directory
            .advance(from, from.map_or(0, |v| v + 1), None);
        self.ledger.clear();
        follow.live.store(true, Ordering::Release);
    }

    /// Applies a run of notifications: usage ones to the ledger, the rest to the
    /// directory in one step.
    fn apply<'a>(&self, payloads: impl Iterator<Item = &'a str>, follow: &Follow) {
        let mut changes = Vec::new();
        for payload in payloads {
            if super::pg_notices::dispatch(payload) {
                continue;
            }
            match payload.strip_prefix("a:") {
                Some(usage) => self.forget_usage(usage, follow),
                None => changes.push(change(payload)),
            }
        }
        if changes.is_empty() {
            return;
        }
        let known: Option<Vec<Change>> = changes.into_iter().collect();
        let from = self.directory.version();
        self.directory
            .advance(from, from.map_or(0, |v| v + 1), known.as_deref());
    }

    /// `<instance>:<names>` from another instance's writer: those users' usage changed.
    fn forget_usage(&self, payload: &str, follow: &Follow) {
        let Some((instance, list)) = payload.split_once(':') else {
            return self.ledger.clear();
        };
        if u64::from_str_radix(instance, 16) == Ok(follow.instance) {
            return;
        }
        match serde_json::from_str::<Vec<String>>(list) {
            Ok(names) => self.ledger.forget(names.iter().map(String::as_str)),
            Err(_) => self.ledger.clear(),
        }
    }
}

async fn run(mut listener: PgListener, caches: Caches, follow: Arc<Follow>) {
    loop {
        match listener.try_recv().await {
            Ok(Some(note)) => {
                // Whatever else has arrived is applied in the same step.
                let mut notes = vec![note];
                while let Some(more) = listener.next_buffered() {
                    notes.push(more);
                }
                caches.apply(notes.iter().map(|n| n.payload()), &follow);
            }
            // The connection was lost and the listener has already connected and listens
            // again; whatever was sent in between was missed.
            Ok(None) => {
                tracing::warn!("directory listener reconnected; directory starts over");
                caches.start_fresh(&follow);
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
                caches.start_fresh(&follow);
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
