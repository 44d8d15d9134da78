//! The shared state of the request path, built once by `app` and read by every listener
//! and handler.

use std::sync::Arc;

use tokio::sync::mpsc;

use super::auth_log_writer::AuthEvent;
use super::counters::Counters;
use super::dedup::DuplicateCache;
use super::registry::Registry;
use crate::accounting::Accounting;
use crate::auth::decision::Authenticator;
use crate::store::Store;

/// Shared state of the request path.
pub struct Context {
    pub registry: Arc<Registry>,
    pub dedup: DuplicateCache,
    pub counters: Arc<Counters>,
    pub authenticator: Authenticator,
    pub store: Store,
    pub auth_log: mpsc::Sender<AuthEvent>,
    pub accounting: Accounting,
    /// Acts on quotas used up, as seen in committed Interim-Updates.
    pub quota: Arc<crate::coa::QuotaWatch>,
    /// The live trace's tap (off until someone attaches).
    pub trace: Arc<crate::trace::Tap>,
    /// WPA-Enterprise (`[eap]`); `None` when EAP is off.
    pub eap: Option<Arc<crate::eap::Server>>,
}
