//! Voucher batches (issue 18): N ordinary users on a plan, each with its own `valid_days`
//! limit so that validity counts from its first accepted login (the login path's existing
//! one write, `record_first_login`), made, disabled and extended together, every user's
//! change audited on its own row.

use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::audit::{Actor, AuditedTx};
use super::user_admin::{insert_user, user_target};
use super::{NewUser, Scope, Store, StoreError, UserExtra, UserStatus, now};

/// A batch to create.
#[derive(Debug, Clone)]
pub struct NewBatch {
    pub plan: String,
    pub area: Option<String>,
    pub valid_days: i64,
    /// e.g. "http://10.7.0.1"; the slips' QR codes open `{hotspot_url}/login?...`.
    pub hotspot_url: String,
    pub prefix: String,
}

/// A batch with its counts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BatchRecord {
    pub id: i64,
    pub plan: String,
    pub area: Option<String>,
    pub valid_days: i64,
    pub hotspot_url: String,
    pub prefix: String,
    pub created_at: i64,
    pub created_by: String,
    /// Vouchers in the batch now.
    pub count: i64,
    /// Of those, logged in at least once (their validity is running).
    pub used: i64,
    /// Of those, disabled.
    pub disabled: i64,
}

/// One voucher of a batch, with its sealed password (for reprinting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voucher {
    pub user_id: i64,
    pub username: String,
    pub sealed_password: Option<Vec<u8>>,
    pub status: UserStatus,
    pub first_login_at: Option<i64>,
    pub valid_days: Option<i64>,
}

const BATCH_SELECT: &str = "SELECT b.id, b.plan, b.area, b.valid_days, b.hotspot_url, b.prefix, \
     b.created_at, b.created_by, \
     (SELECT COUNT(*) FROM voucher_users v JOIN users u ON u.id = v.user_id \
       WHERE v.batch_id = b.id) AS n, \
     (SELECT COUNT(*) FROM voucher_users v JOIN user_limits l ON l.user_id = v.user_id \
       WHERE v.batch_id = b.id AND l.first_login_at IS NOT NULL) AS used, \
     (SELECT COUNT(*) FROM voucher_users v JOIN users u ON u.id = v.user_id \
       WHERE v.batch_id = b.id AND u.status = 'disabled') AS disabled \
     FROM voucher_batches b";

impl BatchRecord {
    fn from_row(row: &AnyRow) -> Result<BatchRecord, StoreError> {
        Ok(BatchRecord {
            id: row.try_get("id")?,
            plan: row.try_get("plan")?,
            area: row.try_get("area")?,
            valid_days: row.try_get("valid_days")?,
            hotspot_url: row.try_get("hotspot_url")?,
            prefix: row.try_get("prefix")?,
            created_at: row.try_get("created_at")?,
            created_by: row.try_get("created_by")?,
            count: row.try_get("n")?,
            used: row.try_get("used")?,
            disabled: row.try_get("disabled")?,
        })
    }
}

fn batch_not_found(id: i64) -> StoreError {
    StoreError::NotFound {
        kind: "voucher batch",
        name: id.to_string(),
    }
}

impl Store {
    /// Creates a batch and its users (each with `valid_days` of its own) in one audited
    /// transaction: all or none. `Duplicate` when a username is taken.
    pub async fn create_voucher_batch(
        &self,
        batch: &NewBatch,
        users: &[NewUser],
        actor: &Actor,
    ) -> Result<BatchRecord, StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let at = now();
        let id: i64 = sqlx::query(
            "INSERT INTO voucher_batches (plan, area, valid_days, hotspot_url, prefix, \
             created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(&batch.plan)
        .bind(batch.area.clone())
        .bind(batch.valid_days)
        .bind(&batch.hotspot_url)
        .bind(&batch.prefix)
        .bind(at)
        .bind(&actor.name)
        .fetch_one(&mut *audit.tx)
        .await?
        .try_get("id")?;
        let extra = UserExtra {
            area: batch.area.clone(),
            school_or_business: Some(format!("voucher batch {id}")),
            external_id: None,
        };
        for user in users {
            insert_user(&mut audit, user, &extra, "user.add").await?;
            let user_id: i64 = sqlx::query("SELECT id FROM users WHERE username = $1")
                .bind(&user.username)
                .fetch_one(&mut *audit.tx)
                .await?
                .try_get("id")?;
            sqlx::query(
                "INSERT INTO user_limits (user_id, valid_days, updated_at) VALUES ($1, $2, $3)",
            )
            .bind(user_id)
            .bind(batch.valid_days)
            .bind(at)
            .execute(&mut *audit.tx)
            .await?;
            sqlx::query("INSERT INTO voucher_users (user_id, batch_id) VALUES ($1, $2)")
                .bind(user_id)
                .bind(id)
                .execute(&mut *audit.tx)
                .await?;
        }
        audit
            .record(
                "voucher.create",
                &format!("voucher-batch:{id}"),
                None,
                Some(&json!({
                    "plan": batch.plan, "area": batch.area, "valid_days": batch.valid_days,
                    "hotspot_url": batch.hotspot_url, "prefix": batch.prefix,
                    "count": users.len(),
                })),
            )
            .await?;
        audit.commit().await?;
        self.voucher_batch(id, &Scope::All)
            .await?
            .ok_or_else(|| batch_not_found(id))
    }

    /// Batches whose area is inside `scope`, newest first.
    pub async fn list_voucher_batches(
        &self,
        scope: &Scope,
    ) -> Result<Vec<BatchRecord>, StoreError> {
        let sql = format!(
            "{BATCH_SELECT} WHERE {} ORDER BY b.id DESC",
            scope.condition("b.area", 1)
        );
        let rows = scope.bind(sqlx::query(&sql)).fetch_all(&self.pool).await?;
        rows.iter().map(BatchRecord::from_row).collect()
    }

    /// One batch, if it exists inside `scope`.
    pub async fn voucher_batch(
        &self,
        id: i64,
        scope: &Scope,
    ) -> Result<Option<BatchRecord>, StoreError> {
        let sql = format!(
            "{BATCH_SELECT} WHERE b.id = $3 AND {}",
            scope.condition("b.area", 1)
        );
        let row = scope
            .bind(sqlx::query(&sql))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| BatchRecord::from_row(&r)).transpose()
    }

    /// The vouchers of a batch by username.
    pub async fn vouchers(&self, batch_id: i64) -> Result<Vec<Voucher>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.id, u.username, u.sealed_password, u.status, l.first_login_at, \
             l.valid_days FROM voucher_users v JOIN users u ON u.id = v.user_id \
             LEFT JOIN user_limits l ON l.user_id = u.id WHERE v.batch_id = $1 \
             ORDER BY u.username",
        )
        .bind(batch_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let status: String = r.try_get("status")?;
                Ok(Voucher {
                    user_id: r.try_get("id")?,
                    username: r.try_get("username")?,
                    sealed_password: r.try_get("sealed_password")?,
                    status: UserStatus::parse(&status).ok_or_else(|| {
                        StoreError::Invalid(format!("unknown user status '{status}'"))
                    })?,
                    first_login_at: r.try_get("first_login_at")?,
                    valid_days: r.try_get("valid_days")?,
                })
            })
            .collect()
    }

    /// The members of batch `id` (inside `scope`) and the audited transaction that changes
    /// them.
    async fn batch_change(
        &self,
        id: i64,
        scope: &Scope,
        actor: &Actor,
    ) -> Result<(Vec<Voucher>, AuditedTx<'_>), StoreError> {
        self.voucher_batch(id, scope)
            .await?
            .ok_or_else(|| batch_not_found(id))?;
        let members = self.vouchers(id).await?;
        let audit = AuditedTx::begin(&self.pool, actor).await?;
        Ok((members, audit))
    }

    /// Disables every voucher of a batch still active (one audit row each); returns how
    /// many changed.
    pub async fn disable_voucher_batch(
        &self,
        id: i64,
        scope: &Scope,
        actor: &Actor,
    ) -> Result<u64, StoreError> {
        let (members, mut audit) = self.batch_change(id, scope, actor).await?;
        let mut changed = 0;
        for v in members.iter().filter(|v| v.status == UserStatus::Active) {
            sqlx::query("UPDATE users SET status = 'disabled', updated_at = $1 WHERE id = $2")
                .bind(now())
                .bind(v.user_id)
                .execute(&mut *audit.tx)
                .await?;
            audit
                .record(
                    "user.disable",
                    &user_target(&v.username),
                    Some(&json!({"username": v.username, "status": "active"})),
                    Some(&json!({"username": v.username, "status": "disabled",
                                 "voucher_batch": id})),
                )
                .await?;
            changed += 1;
        }
        audit.commit().await?;
        Ok(changed)
    }

    /// Adds `days` to the validity of every voucher of a batch (used or not; one audit row
    /// each) and to the batch's own figure for the slips; returns how many changed.
    pub async fn extend_voucher_batch(
        &self,
        id: i64,
        days: i64,
        scope: &Scope,
        actor: &Actor,
    ) -> Result<u64, StoreError> {
        let (members, mut audit) = self.batch_change(id, scope, actor).await?;
        sqlx::query("UPDATE voucher_batches SET valid_days = valid_days + $1 WHERE id = $2")
            .bind(days)
            .bind(id)
            .execute(&mut *audit.tx)
            .await?;
        let mut changed = 0;
        for v in &members {
            let before = v.valid_days.unwrap_or(0);
            sqlx::query(
                "UPDATE user_limits SET valid_days = $1, updated_at = $2 WHERE user_id = $3",
            )
            .bind(before + days)
            .bind(now())
            .bind(v.user_id)
            .execute(&mut *audit.tx)
            .await?;
            audit
                .record(
                    "user.set",
                    &user_target(&v.username),
                    Some(&json!({"username": v.username, "limits": {"valid_days": before}})),
                    Some(&json!({"username": v.username,
                                 "limits": {"valid_days": before + days}, "voucher_batch": id})),
                )
                .await?;
            changed += 1;
        }
        audit.commit().await?;
        Ok(changed)
    }
}
