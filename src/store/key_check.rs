//! The database's record of its sealing key (a check value, never the key) and the one
//! transaction that re-seals every sealed secret when the key is rotated. What the values
//! mean is `auth::key_bind`'s business; this file only reads and writes them.

use serde_json::json;
use sqlx::Row;

use super::audit::{Actor, AuditedTx};
use super::{Store, StoreError, now};

/// How many sealed values a rotation re-sealed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResealCounts {
    /// Users' reversible passwords (CHAP, MS-CHAPv2).
    pub users: u64,
    /// NAS shared secrets.
    pub nas: u64,
    /// Console staff's TOTP secrets.
    pub staff: u64,
}

/// The sealed values of the database: every column that holds a sealed secret, as
/// (table, id column, sealed column). A new sealed column must be added here so that
/// binding checks it and `key rotate` re-seals it.
const SEALED_COLUMNS: &[(&str, &str)] = &[
    ("users", "sealed_password"),
    ("nas", "sealed_secret"),
    ("staff", "totp_sealed"),
];

impl Store {
    /// The recorded check value of the sealing key, if one was recorded.
    pub async fn key_check(&self) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT check_value FROM key_check WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get("check_value")?),
            None => None,
        })
    }

    /// Records `value` unless a check value is recorded already; returns the one recorded
    /// (another process may have won the race with another key).
    pub async fn record_key_check(&self, value: &str) -> Result<String, StoreError> {
        sqlx::query(
            "INSERT INTO key_check (id, check_value, recorded_at) VALUES (1, $1, $2) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(value)
        .bind(now())
        .execute(&self.pool)
        .await?;
        self.key_check()
            .await?
            .ok_or_else(|| StoreError::Invalid("key_check row vanished after insert".into()))
    }

    /// How many sealed values the database holds, and up to `sample` of them (from every
    /// sealed column) to try a key on.
    pub async fn sealed_sample(&self, sample: i64) -> Result<(i64, Vec<Vec<u8>>), StoreError> {
        let mut total = 0;
        let mut values = Vec::new();
        for (table, column) in SEALED_COLUMNS {
            let count: i64 = sqlx::query(&format!(
                "SELECT COUNT(*) AS n FROM {table} WHERE {column} IS NOT NULL"
            ))
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?;
            total += count;
            let rows = sqlx::query(&format!(
                "SELECT {column} AS v FROM {table} WHERE {column} IS NOT NULL \
                 ORDER BY id LIMIT $1"
            ))
            .bind(sample)
            .fetch_all(&self.pool)
            .await?;
            for row in rows {
                values.push(row.try_get::<Vec<u8>, _>("v")?);
            }
        }
        Ok((total, values))
    }

    /// Re-seals every sealed value with `reseal` and replaces the check value `old_check`
    /// by `new_check`, in one audited transaction: all or nothing. Fails without a change
    /// when the recorded check value is not `old_check` (another rotation came first) or
    /// when `reseal` refuses a value.
    pub async fn reseal_all(
        &self,
        actor: &Actor,
        old_check: &str,
        new_check: &str,
        mut reseal: impl FnMut(&[u8]) -> Result<Vec<u8>, String>,
    ) -> Result<ResealCounts, StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let moved = sqlx::query(
            "UPDATE key_check SET check_value = $1, recorded_at = $2 \
             WHERE id = 1 AND check_value = $3",
        )
        .bind(new_check)
        .bind(now())
        .bind(old_check)
        .execute(&mut *audit.tx)
        .await?
        .rows_affected();
        if moved != 1 {
            return Err(StoreError::Invalid(
                "the database's key changed while rotating (another rotation?); nothing changed"
                    .into(),
            ));
        }
        let mut counts = ResealCounts::default();
        for (table, column) in SEALED_COLUMNS {
            let rows = sqlx::query(&format!(
                "SELECT id, {column} AS v FROM {table} WHERE {column} IS NOT NULL ORDER BY id"
            ))
            .fetch_all(&mut *audit.tx)
            .await?;
            for row in rows {
                let id: i64 = row.try_get("id")?;
                let old: Vec<u8> = row.try_get("v")?;
                let new = reseal(&old).map_err(|reason| {
                    StoreError::Invalid(format!("{table} row {id}: {reason}; nothing changed"))
                })?;
                sqlx::query(&format!("UPDATE {table} SET {column} = $1 WHERE id = $2"))
                    .bind(new)
                    .bind(id)
                    .execute(&mut *audit.tx)
                    .await?;
                match *table {
                    "users" => counts.users += 1,
                    "nas" => counts.nas += 1,
                    _ => counts.staff += 1,
                }
            }
        }
        let key_id = |c: &str| c.get(..12).unwrap_or(c).to_string();
        audit
            .record(
                "key.rotate",
                "sealing key",
                Some(&json!({ "key_id": key_id(old_check) })),
                Some(&json!({
                    "key_id": key_id(new_check),
                    "resealed_user_passwords": counts.users,
                    "resealed_nas_secrets": counts.nas,
                    "resealed_staff_totp": counts.staff,
                })),
            )
            .await?;
        audit.commit().await?;
        Ok(counts)
    }
}

/// The URL with any password replaced, so it can appear in an error or a log line.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            if userinfo.contains(':') {
                format!("{scheme}://{user}:***@{host}{tail}")
            } else {
                url.to_string()
            }
        }
        None => url.to_string(),
    }
}

/// A file SQLite keeps beside the database `db`: `db` with `suffix` appended (`-wal`,
/// `-shm`; empty for the database itself).
pub fn sqlite_companion(db: &std::path::Path, suffix: &str) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// The SQLite file a `sqlite:` URL names; `None` for in-memory databases and other URLs.
pub fn sqlite_path_of(url: &str) -> Option<std::path::PathBuf> {
    use std::str::FromStr;
    if !url.starts_with("sqlite:") {
        return None;
    }
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    if url.contains(":memory:") || query.split('&').any(|p| p == "mode=memory") {
        return None;
    }
    let opts = sqlx::sqlite::SqliteConnectOptions::from_str(url).ok()?;
    let file = opts.get_filename();
    let name = file.to_string_lossy();
    (!name.is_empty() && name != ":memory:").then(|| file.to_path_buf())
}
