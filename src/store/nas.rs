//! NAS clients (hotspot controllers): address or CIDR, sealed shared secret, vendor, RW.

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::{Actor, Scope, Store, StoreError, get_bool};

const NAS_COLUMNS: &str = "id, name, address, sealed_secret, vendor, rw, require_ma, ma_seen, \
                           coa_port, enabled, created_at";

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

impl NasRecord {
    fn from_row(row: &AnyRow) -> Result<NasRecord, StoreError> {
        let name: String = row.try_get("name")?;
        let require_ma: String = row.try_get("require_ma")?;
        let require_ma = RequireMa::parse(&require_ma).ok_or_else(|| {
            StoreError::Invalid(format!(
                "NAS '{name}' has unknown Message-Authenticator setting '{require_ma}'"
            ))
        })?;
        Ok(NasRecord {
            id: row.try_get("id")?,
            name,
            address: row.try_get("address")?,
            sealed_secret: row.try_get("sealed_secret")?,
            vendor: row.try_get("vendor")?,
            rw: row.try_get("rw")?,
            require_ma,
            ma_seen: get_bool(row, "ma_seen")?,
            coa_port: row.try_get("coa_port")?,
            enabled: get_bool(row, "enabled")?,
            created_at: row.try_get("created_at")?,
        })
    }
}

/// Bumps the registry version inside the caller's transaction, so the change and the bump
/// become visible together.
pub(crate) async fn bump_nas_version(tx: &mut Transaction<'_, Any>) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO meta (key, value) VALUES ('nas_version', 1) \
         ON CONFLICT (key) DO UPDATE SET value = meta.value + 1",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// All NAS rows, by name.
    pub async fn list_nas(&self) -> Result<Vec<NasRecord>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {NAS_COLUMNS} FROM nas ORDER BY name"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(NasRecord::from_row).collect()
    }

    /// One NAS by name.
    pub async fn get_nas(&self, name: &str) -> Result<Option<NasRecord>, StoreError> {
        let row = sqlx::query(&format!("SELECT {NAS_COLUMNS} FROM nas WHERE name = $1"))
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| NasRecord::from_row(&r)).transpose()
    }

    /// Creates a NAS and bumps the registry version in the same transaction (audited as
    /// `system`; admin paths call [`Store::add_nas_audited`] with their actor).
    pub async fn add_nas(&self, nas: &NewNas) -> Result<NasRecord, StoreError> {
        self.add_nas_audited(nas, &Actor::system()).await?;
        self.get_nas(&nas.name)
            .await?
            .ok_or_else(|| StoreError::NotFound {
                kind: "NAS",
                name: nas.name.clone(),
            })
    }

    /// Removes a NAS and bumps the registry version; `NotFound` for an unknown name
    /// (audited as `system`).
    pub async fn remove_nas(&self, name: &str) -> Result<(), StoreError> {
        self.remove_nas_audited(name, &Scope::All, &Actor::system())
            .await
    }

    /// A counter bumped by every NAS change, so running servers know to reload.
    pub async fn nas_version(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT value FROM meta WHERE key = 'nas_version'")
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => row.try_get("value")?,
            None => 0,
        })
    }

    /// Remembers that a NAS sends Message-Authenticator (does not bump the version).
    pub async fn mark_nas_ma_seen(&self, id: i64) -> Result<(), StoreError> {
        // The WHERE skips the write (and its lock) when the flag is already set.
        sqlx::query("UPDATE nas SET ma_seen = 1 WHERE id = $1 AND ma_seen = 0")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
