//! Router certificates for RadSec (migration 0012): what the city CA issued to each NAS and
//! which of those are revoked. Issuing and revoking are audited and bump the NAS version in
//! the same transaction, so running servers reload and close a revoked router's connections.

use serde_json::json;
use sqlx::Row;

use super::audit::{Actor, AuditedTx};
use super::nas::bump_nas_version;
use super::{Store, StoreError, now};

/// One certificate issued to a NAS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NasCert {
    pub nas_id: i64,
    /// The certificate's serial number, hex.
    pub serial: String,
    /// SHA-256 of the certificate's DER, lower-case hex.
    pub fingerprint: String,
    /// Epoch seconds.
    pub not_after: i64,
    pub issued_at: i64,
    pub revoked_at: Option<i64>,
}

/// A certificate to record for a NAS.
#[derive(Debug, Clone)]
pub struct NewNasCert {
    pub serial: String,
    pub fingerprint: String,
    pub not_after: i64,
}

impl Store {
    /// Every recorded certificate, revoked ones included (the RadSec peer table).
    pub async fn list_nas_certs(&self) -> Result<Vec<NasCert>, StoreError> {
        let rows = sqlx::query(
            "SELECT nas_id, serial, fingerprint, not_after, issued_at, revoked_at \
             FROM nas_certs ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(NasCert {
                    nas_id: r.try_get("nas_id")?,
                    serial: r.try_get("serial")?,
                    fingerprint: r.try_get("fingerprint")?,
                    not_after: r.try_get("not_after")?,
                    issued_at: r.try_get("issued_at")?,
                    revoked_at: r.try_get("revoked_at")?,
                })
            })
            .collect()
    }

    /// Records a certificate issued to NAS `name` (audited as `nas.cert.issue`).
    pub async fn record_nas_cert(
        &self,
        name: &str,
        cert: &NewNasCert,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let nas_id = nas_id_in(&mut audit, name).await?;
        sqlx::query(
            "INSERT INTO nas_certs (nas_id, serial, fingerprint, not_after, issued_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(nas_id)
        .bind(&cert.serial)
        .bind(&cert.fingerprint)
        .bind(cert.not_after)
        .bind(now())
        .execute(&mut *audit.tx)
        .await?;
        let after = json!({
            "serial": cert.serial, "fingerprint": cert.fingerprint, "not_after": cert.not_after,
        });
        audit
            .record("nas.cert.issue", &format!("nas:{name}"), None, Some(&after))
            .await?;
        bump_nas_version(&mut audit.tx).await?;
        audit.commit().await
    }

    /// Revokes every certificate of NAS `name` not yet revoked; returns how many (audited
    /// as `nas.cert.revoke`). Running servers close its connections at their next reload.
    pub async fn revoke_nas_certs(&self, name: &str, actor: &Actor) -> Result<u64, StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let nas_id = nas_id_in(&mut audit, name).await?;
        let rows = sqlx::query(
            "UPDATE nas_certs SET revoked_at = $1 WHERE nas_id = $2 AND revoked_at IS NULL \
             RETURNING serial",
        )
        .bind(now())
        .bind(nas_id)
        .fetch_all(&mut *audit.tx)
        .await?;
        let serials: Vec<String> = rows
            .iter()
            .map(|r| r.try_get("serial"))
            .collect::<Result<_, _>>()?;
        if serials.is_empty() {
            return Ok(0);
        }
        let after = json!({ "revoked_serials": serials });
        audit
            .record(
                "nas.cert.revoke",
                &format!("nas:{name}"),
                None,
                Some(&after),
            )
            .await?;
        bump_nas_version(&mut audit.tx).await?;
        audit.commit().await?;
        Ok(serials.len() as u64)
    }
}

async fn nas_id_in(audit: &mut AuditedTx<'_>, name: &str) -> Result<i64, StoreError> {
    let row = sqlx::query("SELECT id FROM nas WHERE name = $1")
        .bind(name)
        .fetch_optional(&mut *audit.tx)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            kind: "NAS",
            name: name.to_string(),
        })?;
    Ok(row.try_get("id")?)
}
