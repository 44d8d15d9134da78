//! The NAS registry: source address -> shared secret, vendor and Message-Authenticator policy,
//! held in memory and reloaded when the database's NAS version changes (so a NAS added with
//! the CLI while the server runs is served within seconds).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use ipnet::IpNet;

use crate::auth::seal::Sealer;
use crate::policy::Vendor;
use crate::store::{NasRecord, RequireMa, Store, StoreError};

/// One NAS as the hot path needs it, secret opened.
#[derive(Debug)]
pub struct Nas {
    pub id: i64,
    pub name: String,
    pub secret: Vec<u8>,
    pub vendor: Vendor,
    pub require_ma: RequireMa,
    /// Set once the NAS has sent a Message-Authenticator; from then on `auto` requires it.
    pub ma_seen: AtomicBool,
    /// Epoch seconds of its last datagram to this instance (0: none yet), for `/metrics`.
    pub last_seen: AtomicI64,
}

impl Nas {
    /// Whether a request without Message-Authenticator must be dropped.
    pub fn requires_message_authenticator(&self) -> bool {
        match self.require_ma {
            RequireMa::Yes => true,
            RequireMa::No => false,
            RequireMa::Auto => self.ma_seen.load(Ordering::Relaxed),
        }
    }

    /// Notes a datagram from this NAS at `at`.
    pub fn seen(&self, at: std::time::Instant) {
        let now = crate::metrics::epoch_secs(at);
        // Written once a second at most: the receive loops share this cache line.
        if self.last_seen.load(Ordering::Relaxed) != now {
            self.last_seen.store(now, Ordering::Relaxed);
        }
    }
}

#[derive(Default)]
struct Table {
    exact: HashMap<IpAddr, Arc<Nas>>,
    // Longest prefix first, so the most specific block wins.
    blocks: Vec<(IpNet, Arc<Nas>)>,
}

/// The in-memory registry, swapped whole on reload.
pub struct Registry {
    table: RwLock<Arc<Table>>,
    version: std::sync::atomic::AtomicI64,
}

/// A NAS row that could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Registry {
    /// An empty registry (tests).
    pub fn empty() -> Registry {
        Registry {
            table: RwLock::new(Arc::new(Table::default())),
            version: (-1).into(),
        }
    }

    /// Loads every enabled NAS.
    pub async fn load(store: &Store, sealer: &Sealer) -> Result<Registry, RegistryError> {
        let reg = Registry::empty();
        reg.reload(store, sealer).await?;
        Ok(reg)
    }

    /// Finds the NAS for a source address: exact address first, then the longest CIDR.
    pub fn lookup(&self, ip: IpAddr) -> Option<Arc<Nas>> {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        let table = match self.table.read() {
            Ok(t) => t.clone(),
            Err(p) => p.into_inner().clone(),
        };
        if let Some(nas) = table.exact.get(&ip) {
            return Some(nas.clone());
        }
        table
            .blocks
            .iter()
            .find(|(net, _)| net.contains(&ip))
            .map(|(_, nas)| nas.clone())
    }

    /// Number of NAS loaded.
    pub fn len(&self) -> usize {
        self.table
            .read()
            .map(|t| t.exact.len() + t.blocks.len())
            .unwrap_or(0)
    }

    /// Whether no NAS is loaded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reloads when the database's NAS version differs from the one loaded; returns whether
    /// it reloaded.
    pub async fn reload_if_changed(
        &self,
        store: &Store,
        sealer: &Sealer,
    ) -> Result<bool, RegistryError> {
        let v = store.nas_version().await?;
        if v == self.version.load(Ordering::Relaxed) {
            return Ok(false);
        }
        self.reload(store, sealer).await?;
        Ok(true)
    }

    async fn reload(&self, store: &Store, sealer: &Sealer) -> Result<(), RegistryError> {
        let version = store.nas_version().await?;
        let rows = store.list_nas().await?;
        let old = match self.table.read() {
            Ok(t) => t.clone(),
            Err(p) => p.into_inner().clone(),
        };
        let seen_before: HashMap<i64, Seen> = old
            .exact
            .values()
            .chain(old.blocks.iter().map(|(_, n)| n))
            .map(|n| {
                let seen = Seen {
                    ma: n.ma_seen.load(Ordering::Relaxed),
                    at: n.last_seen.load(Ordering::Relaxed),
                };
                (n.id, seen)
            })
            .collect();
        let mut table = Table::default();
        for row in rows.into_iter().filter(|r| r.enabled) {
            let Some((target, nas)) = build_entry(&row, sealer, seen_before.get(&row.id).copied())
            else {
                continue;
            };
            match target {
                Target::Exact(ip) => {
                    table.exact.insert(ip, nas);
                }
                Target::Block(net) => table.blocks.push((net, nas)),
            }
        }
        table
            .blocks
            .sort_by_key(|(net, _)| std::cmp::Reverse(net.prefix_len()));
        let count = table.exact.len() + table.blocks.len();
        match self.table.write() {
            Ok(mut t) => *t = Arc::new(table),
            Err(p) => *p.into_inner() = Arc::new(table),
        }
        self.version.store(version, Ordering::Relaxed);
        tracing::info!(nas = count, version, "NAS registry loaded");
        Ok(())
    }

    /// Every NAS loaded (for `/metrics`).
    pub fn all(&self) -> Vec<Arc<Nas>> {
        let table = match self.table.read() {
            Ok(t) => t.clone(),
            Err(p) => p.into_inner().clone(),
        };
        let mut all: Vec<Arc<Nas>> = table.exact.values().cloned().collect();
        all.extend(table.blocks.iter().map(|(_, n)| n.clone()));
        all
    }

    /// Reloads on change, until the task is aborted: at once when PostgreSQL notifies a
    /// NAS change (from any instance), and by polling every `every` whatever the backend.
    pub async fn refresh_loop(self: Arc<Self>, store: Store, sealer: Sealer, every: Duration) {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut notified = crate::store::nas_changes();
        loop {
            tokio::select! {
                _ = tick.tick() => {}
                changed = notified.changed() => {
                    if changed.is_err() {
                        // The sender is a static and never dropped; poll only, should it be.
                        tick.tick().await;
                    }
                }
            }
            if let Err(e) = self.reload_if_changed(&store, &sealer).await {
                tracing::warn!(error = %e, "NAS registry refresh failed; keeping the loaded one");
            }
        }
    }
}

/// What a reload carries over from the NAS it replaces.
#[derive(Clone, Copy)]
struct Seen {
    ma: bool,
    at: i64,
}

enum Target {
    Exact(IpAddr),
    Block(IpNet),
}

fn build_entry(
    row: &NasRecord,
    sealer: &Sealer,
    seen_before: Option<Seen>,
) -> Option<(Target, Arc<Nas>)> {
    let target = if let Ok(ip) = row.address.parse::<IpAddr>() {
        Target::Exact(ip)
    } else if let Ok(net) = row.address.parse::<IpNet>() {
        if net.prefix_len() == net.max_prefix_len() {
            Target::Exact(net.addr())
        } else {
            Target::Block(net.trunc())
        }
    } else {
        tracing::warn!(nas = %row.name, "NAS address is neither an IP nor a CIDR; skipped");
        return None;
    };
    let secret = match sealer.open(&row.sealed_secret) {
        Ok(s) => s,
        Err(_) => {
            tracing::warn!(nas = %row.name, "NAS secret cannot be opened with this key file; skipped");
            return None;
        }
    };
    let nas = Nas {
        id: row.id,
        name: row.name.clone(),
        secret,
        vendor: Vendor::parse(&row.vendor).unwrap_or(Vendor::Generic),
        require_ma: row.require_ma,
        ma_seen: AtomicBool::new(row.ma_seen || seen_before.is_some_and(|s| s.ma)),
        last_seen: AtomicI64::new(seen_before.map_or(0, |s| s.at)),
    };
    Some((target, Arc::new(nas)))
}
