//! NAS clients (hotspot controllers): address or CIDR, sealed shared secret, vendor, RW.

use super::{Store, StoreError};

/// Per-NAS Message-Authenticator requirement (BlastRADIUS, CVE-2024-3596).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequireMa {
    /// Required once the NAS has sent one.
    Auto,
    Yes,
    No,
}

impl RequireMa {
    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            RequireMa::Auto => "auto",
            RequireMa::Yes => "yes",
            RequireMa::No => "no",
        }
    }

    /// Parses the stored text.
    pub fn parse(s: &str) -> Option<RequireMa> {
        match s {
            "auto" => Some(RequireMa::Auto),
            "yes" => Some(RequireMa::Yes),
            "no" => Some(RequireMa::No),
            _ => None,
        }
    }
}

/// A NAS row (the secret is sealed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NasRecord {
    pub id: i64,
    pub name: String,
    /// An IP address or a CIDR block, as typed.
    pub address: String,
    pub sealed_secret: Vec<u8>,
    /// mikrotik | wispr | chillispot | generic
    pub vendor: String,
    pub rw: Option<String>,
    pub require_ma: RequireMa,
    /// The NAS has sent a Message-Authenticator at least once (for `auto`).
    pub ma_seen: bool,
    pub coa_port: i64,
    pub enabled: bool,
    pub created_at: i64,
}

/// A NAS to create.
#[derive(Debug, Clone)]
pub struct NewNas {
    pub name: String,
    pub address: String,
    pub sealed_secret: Vec<u8>,
    pub vendor: String,
    pub rw: Option<String>,
    pub require_ma: RequireMa,
    pub coa_port: i64,
}

impl Store {
    /// All NAS rows, by name.
    pub async fn list_nas(&self) -> Result<Vec<NasRecord>, StoreError> {
        todo!("store helper")
    }

    /// Creates a NAS and bumps the registry version in the same transaction.
    pub async fn add_nas(&self, nas: &NewNas) -> Result<NasRecord, StoreError> {
        let _ = nas;
        todo!("store helper")
    }

    /// Removes a NAS and bumps the registry version; `NotFound` for an unknown name.
    pub async fn remove_nas(&self, name: &str) -> Result<(), StoreError> {
        let _ = name;
        todo!("store helper")
    }

    /// A counter bumped by every NAS change, so running servers know to reload.
    pub async fn nas_version(&self) -> Result<i64, StoreError> {
        todo!("store helper")
    }

    /// Remembers that a NAS sends Message-Authenticator (does not bump the version).
    pub async fn mark_nas_ma_seen(&self, id: i64) -> Result<(), StoreError> {
        let _ = id;
        todo!("store helper")
    }
}
