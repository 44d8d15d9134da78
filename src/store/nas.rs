//! NAS clients (hotspot controllers): address or CIDR, sealed shared secret, vendor, RW;
//! the views admins and operators see (no secret, area-scoped) and audited changes, each
//! bumping the registry version in its transaction.

use serde_json::{Value, json};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Executor, Row};

use super::areas::Scope;
use super::audit::{Actor, AuditedTx};
use super::{Store, StoreError, get_bool, now, unique_violation};

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

/// What an edit of a NAS sets: every field an admin types; the secret is kept when `None`.
#[derive(Debug, Clone)]
pub struct NasChange {
    pub name: String,
    pub address: String,
    pub sealed_secret: Option<Vec<u8>>,
    pub vendor: String,
    pub rw: Option<String>,
    pub require_ma: RequireMa,
    pub coa_port: i64,
    pub enabled: bool,
}

/// A failed NAS insert or update as the caller should see it: a name or address already in
/// use is a duplicate of that one (by the unique index it hit).
fn nas_write_error(e: sqlx::Error, name: &str, address: &str) -> StoreError {
    match unique_violation(&e) {
        Some(which) if which.contains("address") => StoreError::Duplicate {
            kind: "NAS address",
            name: address.to_string(),
        },
        Some(_) => StoreError::Duplicate {
            kind: "NAS",
            name: name.to_string(),
        },
        None => e.into(),
    }
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

/// A NAS as shown to admins and operators: no secret.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NasView {
    pub name: String,
    pub address: String,
    pub vendor: String,
    pub rw: Option<String>,
    pub require_message_authenticator: String,
    pub message_authenticator_seen: bool,
    pub coa_port: i64,
    pub enabled: bool,
    pub created_at: i64,
}

const NAS_VIEW_COLUMNS: &str =
    "name, address, vendor, rw, require_ma, ma_seen, coa_port, enabled, created_at";

impl NasView {
    fn from_row(row: &AnyRow) -> Result<NasView, StoreError> {
        Ok(NasView {
            name: row.try_get("name")?,
            address: row.try_get("address")?,
            vendor: row.try_get("vendor")?,
            rw: row.try_get("rw")?,
            require_message_authenticator: row.try_get("require_ma")?,
            message_authenticator_seen: get_bool(row, "ma_seen")?,
            coa_port: row.try_get("coa_port")?,
            enabled: get_bool(row, "enabled")?,
            created_at: row.try_get("created_at")?,
        })
    }

    fn audit_json(&self) -> Value {
        json!({
            "name": self.name, "address": self.address, "vendor": self.vendor, "rw": self.rw,
            "require_message_authenticator": self.require_message_authenticator,
            "coa_port": self.coa_port, "enabled": self.enabled, "secret": "[redacted]",
        })
    }
}

fn nas_not_found(name: &str) -> StoreError {
    StoreError::NotFound {
        kind: "NAS",
        name: name.to_string(),
    }
}

/// Bumps the registry version inside the caller's transaction, so the change and the bump
/// become visible together.
pub(crate) async fn bump_nas_version(tx: &mut AnyConnection) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO meta (key, value) VALUES ('nas_version', 1) \
         ON CONFLICT (key) DO UPDATE SET value = meta.value + 1",
    )
    .execute(tx)
    .await?;
    Ok(())
}

/// One NAS inside `scope`, from the pool or inside a transaction.
async fn nas_view_in<'e>(
    e: impl Executor<'e, Database = Any>,
    name: &str,
    scope: &Scope,
) -> Result<Option<NasView>, StoreError> {
    let sql = format!(
        "SELECT {NAS_VIEW_COLUMNS} FROM nas WHERE name = $1 AND {}",
        scope.condition("rw", 2)
    );
    let row = scope
        .bind(sqlx::query(&sql).bind(name))
        .fetch_optional(e)
        .await?;
    row.map(|r| NasView::from_row(&r)).transpose()
}

/// Inserts one NAS and records it as `action` (the caller bumps the version).
async fn insert_nas(
    audit: &mut AuditedTx<'_>,
    nas: &NewNas,
    action: &str,
) -> Result<NasView, StoreError> {
    let inserted = sqlx::query(&format!(
        "INSERT INTO nas (name, address, sealed_secret, vendor, rw, require_ma, ma_seen, \
         coa_port, enabled, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 0, $7, 1, $8, $8) RETURNING {NAS_VIEW_COLUMNS}"
    ))
    .bind(&nas.name)
    .bind(&nas.address)
    .bind(nas.sealed_secret.clone())
    .bind(&nas.vendor)
    .bind(nas.rw.clone())
    .bind(nas.require_ma.as_str())
    .bind(nas.coa_port)
    .bind(now())
    .fetch_one(&mut *audit.tx)
    .await;
    let view = match inserted {
        Ok(row) => NasView::from_row(&row)?,
        Err(e) => return Err(nas_write_error(e, &nas.name, &nas.address)),
    };
    let target = format!("nas:{}", nas.name);
    audit
        .record(action, &target, None, Some(&view.audit_json()))
        .await?;
    Ok(view)
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
            .ok_or_else(|| nas_not_found(&nas.name))
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

impl Store {
    /// NAS inside `scope`, by name.
    pub async fn list_nas_views(
        &self,
        scope: &Scope,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<NasView>, StoreError> {
        let sql = format!(
            "SELECT {NAS_VIEW_COLUMNS} FROM nas WHERE {} ORDER BY name LIMIT $3 OFFSET $4",
            scope.condition("rw", 1)
        );
        let rows = scope
            .bind(sqlx::query(&sql))
            .bind(limit.max(0))
            .bind(offset.max(0))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(NasView::from_row).collect()
    }

    /// How many NAS are inside `scope`.
    pub async fn count_nas_views(&self, scope: &Scope) -> Result<i64, StoreError> {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM nas WHERE {}",
            scope.condition("rw", 1)
        );
        let row = scope.bind(sqlx::query(&sql)).fetch_one(&self.pool).await?;
        Ok(row.try_get("n")?)
    }

    /// One NAS inside `scope`.
    pub async fn get_nas_view(
        &self,
        name: &str,
        scope: &Scope,
    ) -> Result<Option<NasView>, StoreError> {
        nas_view_in(&self.pool, name, scope).await
    }

    /// Creates a NAS, its audit row and the registry bump in one transaction.
    pub async fn add_nas_audited(
        &self,
        nas: &NewNas,
        actor: &Actor,
    ) -> Result<NasView, StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let view = insert_nas(&mut audit, nas, "nas.add").await?;
        bump_nas_version(&mut audit.tx).await?;
        audit.commit().await?;
        Ok(view)
    }

    /// Creates many NAS in one transaction (all or nothing), one audit row each.
    pub async fn import_nas(&self, list: &[NewNas], actor: &Actor) -> Result<usize, StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        for nas in list {
            insert_nas(&mut audit, nas, "nas.import").await?;
        }
        bump_nas_version(&mut audit.tx).await?;
        audit.commit().await?;
        Ok(list.len())
    }

    /// Removes a NAS (audited, registry bumped); `NotFound` when unknown or outside `scope`.
    pub async fn remove_nas_audited(
        &self,
        name: &str,
        scope: &Scope,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let before = nas_view_in(&mut *audit.tx, name, scope)
            .await?
            .ok_or_else(|| nas_not_found(name))?;
        sqlx::query("DELETE FROM nas WHERE name = $1")
            .bind(name)
            .execute(&mut *audit.tx)
            .await?;
        let target = format!("nas:{name}");
        audit
            .record("nas.remove", &target, Some(&before.audit_json()), None)
            .await?;
        bump_nas_version(&mut audit.tx).await?;
        audit.commit().await
    }

    /// Changes a NAS inside `scope` (audited before/after, the secret redacted and marked
    /// changed or not; registry bumped); `NotFound` when unknown or outside `scope`,
    /// `Duplicate` when the new name or address is another NAS's.
    pub async fn update_nas_audited(
        &self,
        name: &str,
        change: &NasChange,
        scope: &Scope,
        actor: &Actor,
    ) -> Result<NasView, StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let before = nas_view_in(&mut *audit.tx, name, scope)
            .await?
            .ok_or_else(|| nas_not_found(name))?;
        let updated = sqlx::query(&format!(
            "UPDATE nas SET name = $1, address = $2, vendor = $3, rw = $4, require_ma = $5, \
             coa_port = $6, enabled = $7, updated_at = $8 WHERE name = $9 \
             RETURNING {NAS_VIEW_COLUMNS}"
        ))
        .bind(&change.name)
        .bind(&change.address)
        .bind(&change.vendor)
        .bind(change.rw.clone())
        .bind(change.require_ma.as_str())
        .bind(change.coa_port)
        .bind(i64::from(change.enabled))
        .bind(now())
        .bind(name)
        .fetch_one(&mut *audit.tx)
        .await;
        let after = match updated {
            Ok(row) => NasView::from_row(&row)?,
            Err(e) => return Err(nas_write_error(e, &change.name, &change.address)),
        };
        if let Some(sealed) = &change.sealed_secret {
            sqlx::query("UPDATE nas SET sealed_secret = $1 WHERE name = $2")
                .bind(sealed.clone())
                .bind(&change.name)
                .execute(&mut *audit.tx)
                .await?;
        }
        let mut after_json = after.audit_json();
        after_json["secret_changed"] = json!(change.sealed_secret.is_some());
        let target = format!("nas:{name}");
        audit
            .record(
                "nas.set",
                &target,
                Some(&before.audit_json()),
                Some(&after_json),
            )
            .await?;
        bump_nas_version(&mut audit.tx).await?;
        audit.commit().await?;
        Ok(after)
    }
}
