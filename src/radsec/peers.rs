//! Who a RadSec peer is: the NAS its certificate names (subject CN = NAS name), checked
//! against the certificates recorded for that NAS. Held in memory, reloaded when the
//! database's NAS version moves (the same counter the UDP registry polls), and every
//! reload is announced so open connections check their router again and close if it was
//! revoked, disabled or removed.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::watch;

use crate::ca::inspect;
use crate::policy::Vendor;
use crate::server::registry::Nas;
use crate::store::{RequireMa, Store, StoreError};

/// The shared secret of RADIUS over TLS (RFC 6614 §2.3).
pub const RADSEC_SECRET: &[u8] = b"radsec";

/// Why a certificate that chains to the client CA is still refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the certificate has no subject common name")]
    NoName,
    #[error("the certificate of NAS '{0}' has expired")]
    Expired(String),
    #[error("no enabled NAS is named '{0}'")]
    UnknownNas(String),
    #[error("the certificate of NAS '{0}' is revoked")]
    Revoked(String),
    #[error("NAS '{0}' has certificates on record and this is not one of them")]
    NotOnRecord(String),
}

struct CertState {
    nas_id: i64,
    revoked: bool,
}

#[derive(Default)]
struct Table {
    by_name: HashMap<String, Arc<Nas>>,
    by_id: HashMap<i64, Arc<Nas>>,
    certs: HashMap<String, CertState>,
    /// NAS with at least one recorded certificate: only recorded ones are accepted.
    recorded: HashSet<i64>,
}

/// The RadSec peer table.
pub struct Peers {
    table: RwLock<Arc<Table>>,
    version: AtomicI64,
    changed: watch::Sender<u64>,
}

impl std::fmt::Debug for Peers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Peers").finish_non_exhaustive()
    }
}

impl Peers {
    /// Loads every enabled NAS and every recorded certificate.
    pub async fn load(store: &Store) -> Result<Arc<Peers>, StoreError> {
        let peers = Arc::new(Peers {
            table: RwLock::new(Arc::new(Table::default())),
            version: AtomicI64::new(-1),
            changed: watch::channel(0).0,
        });
        peers.reload(store).await?;
        Ok(peers)
    }

    /// The NAS a verified client certificate (DER) belongs to.
    pub fn identify(&self, der: &[u8]) -> Result<Arc<Nas>, Refusal> {
        let table = match self.table.read() {
            Ok(t) => t.clone(),
            Err(p) => p.into_inner().clone(),
        };
        let name = inspect::common_name(der).ok_or(Refusal::NoName)?;
        // webpki checks dates in a full handshake; a resumed session does not repeat it.
        if inspect::not_after(der).is_none_or(|t| t < crate::store::now()) {
            return Err(Refusal::Expired(name));
        }
        let nas = table
            .by_name
            .get(&name)
            .cloned()
            .ok_or_else(|| Refusal::UnknownNas(name.clone()))?;
        match table.certs.get(&inspect::fingerprint(der)) {
            Some(cert) if cert.revoked => Err(Refusal::Revoked(name)),
            Some(cert) if cert.nas_id == nas.id => Ok(nas),
            Some(_) => Err(Refusal::NotOnRecord(name)),
            None if table.recorded.contains(&nas.id) => Err(Refusal::NotOnRecord(name)),
            // A NAS without recorded certificates uses the operator's own PKI: the chain
            // and the name are all there is to check.
            None => Ok(nas),
        }
    }

    /// Announces every reload; a connection re-checks its peer when it changes.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }

    /// The NAS named `name`, as RadSec serves it.
    pub fn by_name(&self, name: &str) -> Option<Arc<Nas>> {
        let table = match self.table.read() {
            Ok(t) => t.clone(),
            Err(p) => p.into_inner().clone(),
        };
        table.by_name.get(name).cloned()
    }

    async fn reload(&self, store: &Store) -> Result<(), StoreError> {
        let version = store.nas_version().await?;
        let rows = store.list_nas().await?;
        let certs = store.list_nas_certs().await?;
        let mut table = Table::default();
        for row in rows.into_iter().filter(|r| r.enabled) {
            let nas = Arc::new(Nas {
                id: row.id,
                name: row.name.clone(),
                secret: RADSEC_SECRET.to_vec(),
                vendor: Vendor::parse(&row.vendor).unwrap_or(Vendor::Generic),
                // Inside TLS the Message-Authenticator adds nothing against BlastRADIUS;
                // one that is present is still checked. "Seen" keeps the handler from
                // recording it for the NAS's UDP policy.
                require_ma: RequireMa::No,
                ma_seen: AtomicBool::new(true),
                // Not exported: the metrics' "NAS last seen" is the UDP registry's.
                last_seen: AtomicI64::new(0),
            });
            table.by_id.insert(row.id, nas.clone());
            table.by_name.insert(row.name, nas);
        }
        for cert in certs {
            table.recorded.insert(cert.nas_id);
            table.certs.insert(
                cert.fingerprint,
                CertState {
                    nas_id: cert.nas_id,
                    revoked: cert.revoked_at.is_some(),
                },
            );
        }
        match self.table.write() {
            Ok(mut t) => *t = Arc::new(table),
            Err(p) => *p.into_inner() = Arc::new(table),
        }
        self.version.store(version, Ordering::Relaxed);
        self.changed.send_modify(|g| *g += 1);
        Ok(())
    }

    /// Polls the NAS version every `every` and reloads on change, until aborted.
    pub async fn refresh_loop(self: Arc<Self>, store: Store, every: Duration) {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let changed = match store.nas_version().await {
                Ok(v) => v != self.version.load(Ordering::Relaxed),
                Err(e) => {
                    tracing::warn!(error = %e, "RadSec peer refresh failed; keeping the loaded table");
                    false
                }
            };
            if changed {
                match self.reload(&store).await {
                    Ok(()) => tracing::info!("RadSec peers reloaded"),
                    Err(e) => tracing::warn!(error = %e, "RadSec peer reload failed"),
                }
            }
        }
    }
}
