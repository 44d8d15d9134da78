//! API bearer tokens: stored as SHA-256 hashes (the token is 32 random octets, so a fast
//! hash is enough: there is nothing to brute-force), with a role, an optional area, and
//! revocation.

use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::audit::{Actor, AuditedTx, Role};
use super::{Store, StoreError, now};

/// A token row (the hash is kept out of this type on purpose).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TokenRecord {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// The area code an operator is limited to.
    pub area: Option<String>,
    pub created_at: i64,
    pub created_by: String,
    pub revoked_at: Option<i64>,
}

const TOKEN_COLUMNS: &str = "id, name, role, area, created_at, created_by, revoked_at";

impl TokenRecord {
    fn from_row(row: &AnyRow) -> Result<TokenRecord, StoreError> {
        let role: String = row.try_get("role")?;
        let id: i64 = row.try_get("id")?;
        let role = Role::parse(&role)
            .ok_or_else(|| StoreError::Invalid(format!("token {id} has unknown role '{role}'")))?;
        Ok(TokenRecord {
            id,
            name: row.try_get("name")?,
            role,
            area: row.try_get("area")?,
            created_at: row.try_get("created_at")?,
            created_by: row.try_get("created_by")?,
            revoked_at: row.try_get("revoked_at")?,
        })
    }

    fn audit_json(&self) -> serde_json::Value {
        json!({"id": self.id, "name": self.name, "role": self.role, "area": self.area,
               "revoked_at": self.revoked_at, "token": "[redacted]"})
    }
}

impl Store {
    /// Stores a new token's hash (audited); the caller shows the token once.
    pub async fn create_token(
        &self,
        name: &str,
        role: Role,
        area: Option<&str>,
        token_hash: &str,
        actor: &Actor,
    ) -> Result<TokenRecord, StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let row = sqlx::query(&format!(
            "INSERT INTO api_tokens (name, role, area, token_hash, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING {TOKEN_COLUMNS}"
        ))
        .bind(name)
        .bind(role.as_str())
        .bind(area.map(str::to_string))
        .bind(token_hash)
        .bind(now())
        .bind(&actor.name)
        .fetch_one(&mut *audit.tx)
        .await?;
        let record = TokenRecord::from_row(&row)?;
        let target = format!("token:{}", record.id);
        audit
            .record("token.create", &target, None, Some(&record.audit_json()))
            .await?;
        audit.commit().await?;
        Ok(record)
    }

    /// Every token, newest first.
    pub async fn list_tokens(&self) -> Result<Vec<TokenRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens ORDER BY id DESC"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(TokenRecord::from_row).collect()
    }

    /// Revokes a token by id (audited); `NotFound` if unknown or already revoked.
    pub async fn revoke_token(&self, id: i64, actor: &Actor) -> Result<(), StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let not_found = || StoreError::NotFound {
            kind: "active token",
            name: id.to_string(),
        };
        let before = sqlx::query(&format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE id = $1 AND revoked_at IS NULL"
        ))
        .bind(id)
        .fetch_optional(&mut *audit.tx)
        .await?
        .ok_or_else(not_found)?;
        let before = TokenRecord::from_row(&before)?;
        let at = now();
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(&mut *audit.tx)
            .await?;
        let after = TokenRecord {
            revoked_at: Some(at),
            ..before.clone()
        };
        let (before, after) = (before.audit_json(), after.audit_json());
        audit
            .record(
                "token.revoke",
                &format!("token:{id}"),
                Some(&before),
                Some(&after),
            )
            .await?;
        audit.commit().await
    }

    /// The live (unrevoked) token with this hash, and the stored hash for a constant-time
    /// comparison by the caller.
    pub async fn token_by_hash(
        &self,
        token_hash: &str,
    ) -> Result<Option<(TokenRecord, String)>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {TOKEN_COLUMNS}, token_hash FROM api_tokens \
             WHERE token_hash = $1 AND revoked_at IS NULL"
        ))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            None => Ok(None),
            Some(r) => Ok(Some((TokenRecord::from_row(&r)?, r.try_get("token_hash")?))),
        }
    }
}
