//! Writes authentication outcomes (log rows, per-NAS daily counts, latest contact) to the
//! database in batches, off the request path: a login's reply never waits for its log row.

use std::collections::BTreeMap;
use std::time::Duration;

use tokio::sync::mpsc;

use crate::accounting::DayZone;
use crate::store::{AuthActivity, AuthDaily, AuthLogEntry, NasContact, StoreWriter};

/// Most events written in one transaction (a few milliseconds of the store writer, which
/// accounting records wait behind).
const BATCH: usize = 1024;

/// How long a batch waits for more events after its first. One transaction of many rows
/// costs far less than many of a few; a log row appearing this much later harms nobody.
const LINGER: Duration = Duration::from_millis(50);

/// What the request path reports to the writer.
#[derive(Debug, Clone)]
pub enum AuthEvent {
    /// An Access-Request was answered.
    Login {
        entry: AuthLogEntry,
        /// The NAS-Identifier it carried (for the hotspot report).
        nas_identifier: Option<String>,
    },
    /// A request from a known NAS failed its authenticator or Message-Authenticator check:
    /// almost always a wrong shared secret on the router.
    BadAuthenticator { nas_id: i64, at: i64 },
}

/// Receives events until every sender is dropped, writing a batch whenever the queue has
/// some; on shutdown it drains what is left.
/// Batches go through the store's writer, in transactions between accounting batches.
pub async fn run(writer: StoreWriter, mut rx: mpsc::Receiver<AuthEvent>, zone: DayZone) {
    let mut events = Vec::with_capacity(BATCH);
    while crate::linger::recv_batch(&mut rx, &mut events, BATCH, LINGER).await > 0 {
        let batch = std::sync::Arc::new(activity(&events, &zone));
        events.clear();
        let mut attempt = 0;
        loop {
            match writer.record_auth_activity(batch.clone()).await {
                Ok(()) => break,
                Err(e) if attempt < 3 => {
                    attempt += 1;
                    tracing::warn!(error = %e, rows = batch.entries.len(), "auth log write failed; retrying");
                    tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
                }
                Err(e) => {
                    tracing::error!(error = %e, rows = batch.entries.len(), "auth log rows lost after retries");
                    break;
                }
            }
        }
    }
}

/// Log rows, per-NAS daily counts and latest contacts of a batch of events.
fn activity(events: &[AuthEvent], zone: &DayZone) -> AuthActivity {
    let mut daily: BTreeMap<(String, i64), AuthDaily> = BTreeMap::new();
    let mut contacts: BTreeMap<i64, NasContact> = BTreeMap::new();
    let mut entries = Vec::with_capacity(events.len());
    for event in events {
        match event {
            AuthEvent::Login {
                entry,
                nas_identifier,
            } => {
                entries.push(entry.clone());
                let Some(nas_id) = entry.nas_id else { continue };
                let d = daily_row(&mut daily, zone.day(entry.at), nas_id);
                if entry.accepted {
                    d.accepts += 1;
                } else {
                    d.rejects += 1;
                }
                let c = contacts.entry(nas_id).or_insert_with(|| NasContact {
                    nas_id,
                    ..NasContact::default()
                });
                c.last_request_at = c.last_request_at.max(entry.at);
                if entry.accepted {
                    c.last_login_at = c.last_login_at.max(Some(entry.at));
                }
                if nas_identifier.is_some() {
                    c.nas_identifier.clone_from(nas_identifier);
                }
            }
            AuthEvent::BadAuthenticator { nas_id, at } => {
                daily_row(&mut daily, zone.day(*at), *nas_id).bad_authenticators += 1;
            }
        }
    }
    AuthActivity {
        entries,
        daily: daily.into_values().collect(),
        contacts: contacts.into_values().collect(),
    }
}

fn daily_row(
    daily: &mut BTreeMap<(String, i64), AuthDaily>,
    day: String,
    nas_id: i64,
) -> &mut AuthDaily {
    daily
        .entry((day.clone(), nas_id))
        .or_insert_with(|| AuthDaily {
            day,
            nas_id,
            ..AuthDaily::default()
        })
}
