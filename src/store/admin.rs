//! Administrative reads and audited writes of users and NAS: views that carry no secret or
//! hash, area scoping for operators, bulk imports in one transaction, and an audit row in
//! the same transaction as every change.

use serde_json::{Value, json};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::areas::Scope;
use super::audit::{Actor, AuditChain};
use super::nas::bump_nas_version;
use super::{NewNas, NewUser, Store, StoreError, UserStatus, get_bool, now, unique_violation};

/// A user as shown to admins, operators and in exports: no hash, no sealed password.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UserView {
    pub username: String,
    pub plan: String,
    pub status: String,
    /// Epoch seconds; `None` never expires.
    pub expires_at: Option<i64>,
    pub full_name: Option<String>,
    pub area: Option<String>,
    pub school_or_business: Option<String>,
    /// The registry's own id (student or UMKM number).
    pub external_id: Option<String>,
    /// Whether a sealed password exists, so CHAP and MS-CHAPv2 can work.
    pub chap_capable: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

const USER_VIEW_COLUMNS: &str = "username, plan, status, expires_at, full_name, area, org, \
     external_id, CAST(CASE WHEN sealed_password IS NULL THEN 0 ELSE 1 END AS BIGINT) AS chap, \
     created_at, updated_at";

impl UserView {
    fn from_row(row: &AnyRow) -> Result<UserView, StoreError> {
        Ok(UserView {
            username: row.try_get("username")?,
            plan: row.try_get("plan")?,
            status: row.try_get("status")?,
            expires_at: row.try_get("expires_at")?,
            full_name: row.try_get("full_name")?,
            area: row.try_get("area")?,
            school_or_business: row.try_get("org")?,
            external_id: row.try_get("external_id")?,
            chap_capable: get_bool(row, "chap")?,
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
        })
    }

    /// The audit form: the view plus nothing secret.
    fn audit_json(&self) -> Value {
        json!({
            "username": self.username, "plan": self.plan, "status": self.status,
            "expires_at": self.expires_at, "full_name": self.full_name, "area": self.area,
            "school_or_business": self.school_or_business, "external_id": self.external_id,
            "password": "[redacted]",
        })
    }
}

/// User fields that the core `NewUser` does not carry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserExtra {
    pub area: Option<String>,
    pub school_or_business: Option<String>,
    pub external_id: Option<String>,
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

fn user_not_found(username: &str) -> StoreError {
    StoreError::NotFound {
        kind: "user",
        name: username.to_string(),
    }
}

fn nas_not_found(name: &str) -> StoreError {
    StoreError::NotFound {
        kind: "NAS",
        name: name.to_string(),
    }
}

async fn user_view_in(
    tx: &mut Transaction<'_, Any>,
    username: &str,
    scope: &Scope,
) -> Result<Option<UserView>, StoreError> {
    let (p1, p2) = scope.binds();
    let row = sqlx::query(&format!(
        "SELECT {USER_VIEW_COLUMNS} FROM users WHERE username = $1 AND {}",
        scope.condition("area", 2)
    ))
    .bind(username)
    .bind(p1)
    .bind(p2)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| UserView::from_row(&r)).transpose()
}

async fn nas_view_in(
    tx: &mut Transaction<'_, Any>,
    name: &str,
    scope: &Scope,
) -> Result<Option<NasView>, StoreError> {
    let (p1, p2) = scope.binds();
    let row = sqlx::query(&format!(
        "SELECT {NAS_VIEW_COLUMNS} FROM nas WHERE name = $1 AND {}",
        scope.condition("rw", 2)
    ))
    .bind(name)
    .bind(p1)
    .bind(p2)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| NasView::from_row(&r)).transpose()
}

/// Inserts one user inside `tx` and appends its audit row.
async fn insert_user(
    tx: &mut Transaction<'_, Any>,
    chain: &mut AuditChain,
    user: &NewUser,
    extra: &UserExtra,
    actor: &Actor,
    action: &str,
) -> Result<UserView, StoreError> {
    let now = now();
    // The plan is checked by the same statement that writes the row: no read-then-write race.
    let result = sqlx::query(&format!(
        "INSERT INTO users (username, plan, password_hash, sealed_password, status, \
         expires_at, full_name, area, org, external_id, created_at, updated_at) \
         SELECT $1, name, $2, $3, 'active', $4, $5, $6, $7, $8, $9, $9 FROM plans \
         WHERE name = $10 RETURNING {USER_VIEW_COLUMNS}"
    ))
    .bind(&user.username)
    .bind(&user.password_hash)
    .bind(user.sealed_password.clone())
    .bind(user.expires_at)
    .bind(user.full_name.clone())
    .bind(extra.area.clone())
    .bind(extra.school_or_business.clone())
    .bind(extra.external_id.clone())
    .bind(now)
    .bind(&user.plan)
    .fetch_optional(&mut **tx)
    .await;
    let view = match result {
        Ok(Some(row)) => UserView::from_row(&row)?,
        Ok(None) => {
            return Err(StoreError::NotFound {
                kind: "plan",
                name: user.plan.clone(),
            });
        }
        Err(e) if unique_violation(&e).is_some() => {
            return Err(StoreError::Duplicate {
                kind: "user",
                name: user.username.clone(),
            });
        }
        Err(e) => return Err(e.into()),
    };
    chain
        .append(
            tx,
            actor,
            action,
            &format!("user:{}", user.username),
            None,
            Some(&view.audit_json()),
        )
        .await?;
    Ok(view)
}

/// Inserts one NAS inside `tx` and appends its audit row (the caller bumps the version).
async fn insert_nas(
    tx: &mut Transaction<'_, Any>,
    chain: &mut AuditChain,
    nas: &NewNas,
    actor: &Actor,
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
    .fetch_one(&mut **tx)
    .await;
    let view = match inserted {
        Ok(row) => NasView::from_row(&row)?,
        Err(e) => {
            return Err(match unique_violation(&e) {
                Some(which) if which.contains("address") => StoreError::Duplicate {
                    kind: "NAS address",
                    name: nas.address.clone(),
                },
                Some(_) => StoreError::Duplicate {
                    kind: "NAS",
                    name: nas.name.clone(),
                },
                None => e.into(),
            });
        }
    };
    chain
        .append(
            tx,
            actor,
            action,
            &format!("nas:{}", nas.name),
            None,
            Some(&view.audit_json()),
        )
        .await?;
    Ok(view)
}

/// What a user update changes.
enum UserChange<'a> {
    Status(UserStatus),
    Password(&'a str, Option<&'a [u8]>),
}

impl Store {
    /// Every username (for import validation: 20,000 names is a few hundred kilobytes).
    pub async fn all_usernames(&self) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query("SELECT username FROM users")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| r.try_get("username"))
            .collect::<Result<_, _>>()?)
    }

    /// Users inside `scope` by name, optionally one plan and/or one exact area.
    pub async fn list_user_views(
        &self,
        scope: &Scope,
        plan: Option<&str>,
        area: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<UserView>, StoreError> {
        let (p1, p2) = scope.binds();
        let rows = sqlx::query(&format!(
            "SELECT {USER_VIEW_COLUMNS} FROM users WHERE {} AND ($3 = '' OR plan = $3) \
             AND ($4 = '' OR area = $4) ORDER BY username LIMIT $5 OFFSET $6",
            scope.condition("area", 1)
        ))
        .bind(p1)
        .bind(p2)
        .bind(plan.unwrap_or_default())
        .bind(area.unwrap_or_default())
        .bind(limit.max(0))
        .bind(offset.max(0))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(UserView::from_row).collect()
    }

    /// How many users [`Store::list_user_views`] would return without paging.
    pub async fn count_user_views(
        &self,
        scope: &Scope,
        plan: Option<&str>,
        area: Option<&str>,
    ) -> Result<i64, StoreError> {
        let (p1, p2) = scope.binds();
        let row = sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM users WHERE {} AND ($3 = '' OR plan = $3) \
             AND ($4 = '' OR area = $4)",
            scope.condition("area", 1)
        ))
        .bind(p1)
        .bind(p2)
        .bind(plan.unwrap_or_default())
        .bind(area.unwrap_or_default())
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("n")?)
    }

    /// One user inside `scope` (`None` also when it exists outside the scope).
    pub async fn get_user_view(
        &self,
        username: &str,
        scope: &Scope,
    ) -> Result<Option<UserView>, StoreError> {
        let (p1, p2) = scope.binds();
        let row = sqlx::query(&format!(
            "SELECT {USER_VIEW_COLUMNS} FROM users WHERE username = $1 AND {}",
            scope.condition("area", 2)
        ))
        .bind(username)
        .bind(p1)
        .bind(p2)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| UserView::from_row(&r)).transpose()
    }

    /// Creates a user with its audit row in one transaction.
    pub async fn add_user_audited(
        &self,
        user: &NewUser,
        extra: &UserExtra,
        actor: &Actor,
    ) -> Result<UserView, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut chain = AuditChain::lock(&mut tx).await?;
        let view = insert_user(&mut tx, &mut chain, user, extra, actor, "user.add").await?;
        chain.finish(&mut tx).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// Creates many users in one transaction (all or nothing), one audit row each.
    pub async fn import_users(
        &self,
        users: &[(NewUser, UserExtra)],
        actor: &Actor,
    ) -> Result<usize, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut chain = AuditChain::lock(&mut tx).await?;
        for (user, extra) in users {
            insert_user(&mut tx, &mut chain, user, extra, actor, "user.import").await?;
        }
        chain.finish(&mut tx).await?;
        tx.commit().await?;
        Ok(users.len())
    }

    async fn change_user(
        &self,
        username: &str,
        change: UserChange<'_>,
        scope: &Scope,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut chain = AuditChain::lock(&mut tx).await?;
        let before = user_view_in(&mut tx, username, scope)
            .await?
            .ok_or_else(|| user_not_found(username))?;
        let action = match change {
            UserChange::Status(status) => {
                sqlx::query("UPDATE users SET status = $1, updated_at = $2 WHERE username = $3")
                    .bind(status.as_str())
                    .bind(now())
                    .bind(username)
                    .execute(&mut *tx)
                    .await?;
                match status {
                    UserStatus::Active => "user.enable",
                    UserStatus::Disabled => "user.disable",
                }
            }
            UserChange::Password(hash, sealed) => {
                sqlx::query(
                    "UPDATE users SET password_hash = $1, sealed_password = $2, \
                     updated_at = $3 WHERE username = $4",
                )
                .bind(hash)
                .bind(sealed.map(<[u8]>::to_vec))
                .bind(now())
                .bind(username)
                .execute(&mut *tx)
                .await?;
                "user.passwd"
            }
        };
        let after = user_view_in(&mut tx, username, scope)
            .await?
            .ok_or_else(|| user_not_found(username))?;
        let mut after_json = after.audit_json();
        if action == "user.passwd" {
            after_json["password"] = json!("[redacted, changed]");
        }
        chain
            .append(
                &mut tx,
                actor,
                action,
                &format!("user:{username}"),
                Some(&before.audit_json()),
                Some(&after_json),
            )
            .await?;
        chain.finish(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets a user's status (audited); `NotFound` when unknown or outside `scope`.
    pub async fn set_user_status_audited(
        &self,
        username: &str,
        status: UserStatus,
        scope: &Scope,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.change_user(username, UserChange::Status(status), scope, actor)
            .await
    }

    /// Replaces both password forms (audited, the values redacted).
    pub async fn set_user_password_audited(
        &self,
        username: &str,
        password_hash: &str,
        sealed_password: Option<&[u8]>,
        scope: &Scope,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        self.change_user(
            username,
            UserChange::Password(password_hash, sealed_password),
            scope,
            actor,
        )
        .await
    }

    /// Deletes a user (audited); `NotFound` when unknown or outside `scope`.
    pub async fn delete_user_audited(
        &self,
        username: &str,
        scope: &Scope,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut chain = AuditChain::lock(&mut tx).await?;
        let before = user_view_in(&mut tx, username, scope)
            .await?
            .ok_or_else(|| user_not_found(username))?;
        sqlx::query("DELETE FROM users WHERE username = $1")
            .bind(username)
            .execute(&mut *tx)
            .await?;
        chain
            .append(
                &mut tx,
                actor,
                "user.delete",
                &format!("user:{username}"),
                Some(&before.audit_json()),
                None,
            )
            .await?;
        chain.finish(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// NAS inside `scope`, by name.
    pub async fn list_nas_views(
        &self,
        scope: &Scope,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<NasView>, StoreError> {
        let (p1, p2) = scope.binds();
        let rows = sqlx::query(&format!(
            "SELECT {NAS_VIEW_COLUMNS} FROM nas WHERE {} ORDER BY name LIMIT $3 OFFSET $4",
            scope.condition("rw", 1)
        ))
        .bind(p1)
        .bind(p2)
        .bind(limit.max(0))
        .bind(offset.max(0))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(NasView::from_row).collect()
    }

    /// How many NAS are inside `scope`.
    pub async fn count_nas_views(&self, scope: &Scope) -> Result<i64, StoreError> {
        let (p1, p2) = scope.binds();
        let row = sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM nas WHERE {}",
            scope.condition("rw", 1)
        ))
        .bind(p1)
        .bind(p2)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("n")?)
    }

    /// One NAS inside `scope`.
    pub async fn get_nas_view(
        &self,
        name: &str,
        scope: &Scope,
    ) -> Result<Option<NasView>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let view = nas_view_in(&mut tx, name, scope).await?;
        tx.rollback().await?;
        Ok(view)
    }

    /// Creates a NAS, its audit row and the registry bump in one transaction.
    pub async fn add_nas_audited(
        &self,
        nas: &NewNas,
        actor: &Actor,
    ) -> Result<NasView, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut chain = AuditChain::lock(&mut tx).await?;
        let view = insert_nas(&mut tx, &mut chain, nas, actor, "nas.add").await?;
        bump_nas_version(&mut tx).await?;
        chain.finish(&mut tx).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// Creates many NAS in one transaction (all or nothing), one audit row each.
    pub async fn import_nas(&self, list: &[NewNas], actor: &Actor) -> Result<usize, StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut chain = AuditChain::lock(&mut tx).await?;
        for nas in list {
            insert_nas(&mut tx, &mut chain, nas, actor, "nas.import").await?;
        }
        bump_nas_version(&mut tx).await?;
        chain.finish(&mut tx).await?;
        tx.commit().await?;
        Ok(list.len())
    }

    /// Removes a NAS (audited, registry bumped); `NotFound` when unknown or outside `scope`.
    pub async fn remove_nas_audited(
        &self,
        name: &str,
        scope: &Scope,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        let mut chain = AuditChain::lock(&mut tx).await?;
        let before = nas_view_in(&mut tx, name, scope)
            .await?
            .ok_or_else(|| nas_not_found(name))?;
        sqlx::query("DELETE FROM nas WHERE name = $1")
            .bind(name)
            .execute(&mut *tx)
            .await?;
        chain
            .append(
                &mut tx,
                actor,
                "nas.remove",
                &format!("nas:{name}"),
                Some(&before.audit_json()),
                None,
            )
            .await?;
        bump_nas_version(&mut tx).await?;
        chain.finish(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// One page of the authentication log, newest first, and the total.
    pub async fn auth_log_page(
        &self,
        username: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<super::AuthLogEntry>, i64), StoreError> {
        let rows = sqlx::query(
            "SELECT at, username, nas_id, method, accepted, reason, calling_station_id \
             FROM auth_log WHERE ($1 = '' OR username = $1) ORDER BY at DESC, id DESC \
             LIMIT $2 OFFSET $3",
        )
        .bind(username.unwrap_or_default())
        .bind(limit.max(0))
        .bind(offset.max(0))
        .fetch_all(&self.pool)
        .await?;
        let total: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM auth_log WHERE ($1 = '' OR username = $1)")
                .bind(username.unwrap_or_default())
                .fetch_one(&self.pool)
                .await?
                .try_get("n")?;
        let entries = rows
            .iter()
            .map(super::AuthLogEntry::from_row)
            .collect::<Result<_, _>>()?;
        Ok((entries, total))
    }
}
