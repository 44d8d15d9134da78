//! Console staff accounts (issue 18): people with a password, an optional TOTP secret
//! (sealed), the API's roles and areas, and a count of failed logins for the back-off.
//! Every change is audited under the person who made it; checking a login is
//! `crate::staff`'s business.

use serde_json::json;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::audit::{Actor, AuditedTx, Role};
use super::{Store, StoreError, now, unique_violation};

/// A staff row as shown (no hash, no secret).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StaffRecord {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// The area an operator is limited to.
    pub area: Option<String>,
    /// Whether a TOTP code is asked for at login.
    pub totp: bool,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
    pub last_login_at: Option<i64>,
    pub last_login_ip: Option<String>,
    pub disabled_at: Option<i64>,
    pub created_at: i64,
    pub created_by: String,
}

/// What a login check reads of an account.
#[derive(Debug, Clone)]
pub struct StaffSecrets {
    pub record: StaffRecord,
    pub password_hash: String,
    pub totp_sealed: Option<Vec<u8>>,
    pub totp_last_step: Option<i64>,
}

const STAFF_COLUMNS: &str = "id, name, role, area, \
     CAST(CASE WHEN totp_sealed IS NULL THEN 0 ELSE 1 END AS BIGINT) AS has_totp, \
     failed_logins, locked_until, last_login_at, last_login_ip, disabled_at, created_at, \
     created_by";

impl StaffRecord {
    fn from_row(row: &AnyRow) -> Result<StaffRecord, StoreError> {
        let id: i64 = row.try_get("id")?;
        let role: String = row.try_get("role")?;
        let role = Role::parse(&role)
            .ok_or_else(|| StoreError::Invalid(format!("staff {id} has unknown role '{role}'")))?;
        let totp = row.try_get::<i64, _>("has_totp")? != 0;
        Ok(StaffRecord {
            id,
            name: row.try_get("name")?,
            role,
            area: row.try_get("area")?,
            totp,
            failed_logins: row.try_get("failed_logins")?,
            locked_until: row.try_get("locked_until")?,
            last_login_at: row.try_get("last_login_at")?,
            last_login_ip: row.try_get("last_login_ip")?,
            disabled_at: row.try_get("disabled_at")?,
            created_at: row.try_get("created_at")?,
            created_by: row.try_get("created_by")?,
        })
    }

    /// The audit log's view: never the hash or the secret.
    fn audit_json(&self) -> serde_json::Value {
        json!({"name": self.name, "role": self.role, "area": self.area, "totp": self.totp,
               "disabled": self.disabled_at.is_some()})
    }
}

fn staff_target(name: &str) -> String {
    format!("staff:{name}")
}

fn not_found(name: &str) -> StoreError {
    StoreError::NotFound {
        kind: "staff account",
        name: name.to_string(),
    }
}

/// One change to an account, applied inside an audited transaction.
enum StaffChange<'a> {
    Disabled(bool),
    Password(&'a str),
    Totp(Option<&'a [u8]>),
}

impl StaffChange<'_> {
    async fn apply(&self, audit: &mut AuditedTx<'_>, id: i64) -> Result<&'static str, StoreError> {
        let at = now();
        let (sql, action) = match self {
            StaffChange::Disabled(true) => (
                "UPDATE staff SET disabled_at = $1, updated_at = $1 WHERE id = $2",
                "staff.disable",
            ),
            StaffChange::Disabled(false) => (
                "UPDATE staff SET disabled_at = NULL, failed_logins = 0, locked_until = NULL, \
                 updated_at = $1 WHERE id = $2",
                "staff.enable",
            ),
            // A new password also lifts a back-off: an admin set it, not a guesser.
            StaffChange::Password(_) => (
                "UPDATE staff SET password_hash = $3, failed_logins = 0, locked_until = NULL, \
                 updated_at = $1 WHERE id = $2",
                "staff.passwd",
            ),
            StaffChange::Totp(_) => (
                "UPDATE staff SET totp_sealed = $3, totp_last_step = NULL, updated_at = $1 \
                 WHERE id = $2",
                "staff.totp",
            ),
        };
        let q = sqlx::query(sql).bind(at).bind(id);
        let q = match self {
            StaffChange::Password(hash) => q.bind(hash.to_string()),
            StaffChange::Totp(sealed) => q.bind(sealed.map(<[u8]>::to_vec)),
            StaffChange::Disabled(_) => q,
        };
        q.execute(&mut *audit.tx).await?;
        Ok(action)
    }
}

impl Store {
    /// Creates a staff account (audited); `Duplicate` when the name is taken.
    pub async fn add_staff(
        &self,
        name: &str,
        role: Role,
        area: Option<&str>,
        password_hash: &str,
        actor: &Actor,
    ) -> Result<StaffRecord, StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let at = now();
        let result = sqlx::query(&format!(
            "INSERT INTO staff (name, role, area, password_hash, created_at, created_by, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $5) RETURNING {STAFF_COLUMNS}"
        ))
        .bind(name)
        .bind(role.as_str())
        .bind(area.map(str::to_string))
        .bind(password_hash)
        .bind(at)
        .bind(&actor.name)
        .fetch_one(&mut *audit.tx)
        .await;
        let record = match result {
            Ok(row) => StaffRecord::from_row(&row)?,
            Err(e) if unique_violation(&e).is_some() => {
                return Err(StoreError::Duplicate {
                    kind: "staff account",
                    name: name.to_string(),
                });
            }
            Err(e) => return Err(e.into()),
        };
        audit
            .record(
                "staff.add",
                &staff_target(name),
                None,
                Some(&record.audit_json()),
            )
            .await?;
        audit.commit().await?;
        Ok(record)
    }

    /// Every staff account by name.
    pub async fn list_staff(&self) -> Result<Vec<StaffRecord>, StoreError> {
        let rows = sqlx::query(&format!("SELECT {STAFF_COLUMNS} FROM staff ORDER BY name"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(StaffRecord::from_row).collect()
    }

    /// One account with what a login check needs.
    pub async fn staff_secrets(&self, name: &str) -> Result<Option<StaffSecrets>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {STAFF_COLUMNS}, password_hash, totp_sealed, totp_last_step FROM staff \
             WHERE name = $1"
        ))
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(Some(StaffSecrets {
            record: StaffRecord::from_row(&row)?,
            password_hash: row.try_get("password_hash")?,
            totp_sealed: row.try_get("totp_sealed")?,
            totp_last_step: row.try_get("totp_last_step")?,
        }))
    }

    async fn change_staff(
        &self,
        name: &str,
        change: StaffChange<'_>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let select = format!("SELECT {STAFF_COLUMNS} FROM staff WHERE name = $1");
        let before = sqlx::query(&select)
            .bind(name)
            .fetch_optional(&mut *audit.tx)
            .await?
            .ok_or_else(|| not_found(name))?;
        let before = StaffRecord::from_row(&before)?;
        let action = change.apply(&mut audit, before.id).await?;
        let after = sqlx::query(&select)
            .bind(name)
            .fetch_one(&mut *audit.tx)
            .await?;
        let mut after = StaffRecord::from_row(&after)?.audit_json();
        if let StaffChange::Password(_) = change {
            after["password"] = json!("[redacted, changed]");
        }
        audit
            .record(
                action,
                &staff_target(name),
                Some(&before.audit_json()),
                Some(&after),
            )
            .await?;
        audit.commit().await
    }

    /// Disables or enables an account (audited); enabling also clears a back-off.
    pub async fn set_staff_disabled(
        &self,
        name: &str,
        disabled: bool,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.change_staff(name, StaffChange::Disabled(disabled), actor)
            .await
    }

    /// Replaces the password hash (audited, redacted) and clears a back-off.
    pub async fn set_staff_password(
        &self,
        name: &str,
        password_hash: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.change_staff(name, StaffChange::Password(password_hash), actor)
            .await
    }

    /// Sets (sealed) or removes the TOTP secret (audited; the secret never is).
    pub async fn set_staff_totp(
        &self,
        name: &str,
        sealed: Option<&[u8]>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.change_staff(name, StaffChange::Totp(sealed), actor)
            .await
    }

    /// Counts one failed login and sets the back-off `delay(failures)` returns (seconds,
    /// `None` for none yet); returns the new count and the end of the back-off.
    pub async fn staff_login_failed(
        &self,
        id: i64,
        delay: impl Fn(i64) -> Option<i64>,
    ) -> Result<(i64, Option<i64>), StoreError> {
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "UPDATE staff SET failed_logins = failed_logins + 1 WHERE id = $1 \
             RETURNING failed_logins",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let failures: i64 = row.try_get("failed_logins")?;
        let until = delay(failures).map(|d| now().saturating_add(d));
        if let Some(until) = until {
            sqlx::query("UPDATE staff SET locked_until = $1 WHERE id = $2")
                .bind(until)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok((failures, until))
    }

    /// Records a successful login of `who` (audited under their name): the back-off is
    /// cleared and, with TOTP, the step used, so the same code is refused from now on.
    /// `false` when another login used that step (or a later one) first.
    pub async fn staff_login_succeeded(
        &self,
        who: &Actor,
        id: i64,
        totp_step: Option<i64>,
        ip: &str,
    ) -> Result<bool, StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, who).await?;
        let at = now();
        let done = sqlx::query(
            "UPDATE staff SET failed_logins = 0, locked_until = NULL, last_login_at = $1, \
             last_login_ip = $2, totp_last_step = COALESCE($3, totp_last_step) \
             WHERE id = $4 AND ($3 IS NULL OR totp_last_step IS NULL OR totp_last_step < $3)",
        )
        .bind(at)
        .bind(ip)
        .bind(totp_step)
        .bind(id)
        .execute(&mut *audit.tx)
        .await?
        .rows_affected();
        if done != 1 {
            return Ok(false);
        }
        audit
            .record(
                "staff.login",
                &who.name,
                None,
                Some(&json!({ "from": ip, "totp": totp_step.is_some() })),
            )
            .await?;
        audit.commit().await?;
        Ok(true)
    }
}
