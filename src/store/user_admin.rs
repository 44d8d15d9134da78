//! Administrative reads and audited changes of users: views that carry no hash or sealed
//! password, area scoping for operators, bulk imports in one transaction, and an audit row
//! in the same transaction as every change.

use serde_json::{Value, json};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, Executor, Row};

use super::areas::Scope;
use super::audit::{Actor, AuditedTx};
use super::users::{NewUser, UserRecord, UserStatus};
use super::{Store, StoreError, get_bool, now, unique_violation};

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

/// What the console's user search matches: part of the name, and exact plan, area and
/// status (each empty for any).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserSearch {
    /// Part of the username, any case.
    pub name: String,
    /// Exact plan name.
    pub plan: String,
    /// Exact area code (the user's own; the scope covers the subtree).
    pub area: String,
    /// `active` or `disabled`.
    pub status: String,
}

fn user_not_found(username: &str) -> StoreError {
    StoreError::NotFound {
        kind: "user",
        name: username.to_string(),
    }
}

/// `username`'s audit target.
pub(crate) fn user_target(username: &str) -> String {
    format!("user:{username}")
}

/// One user inside `scope`, from the pool or inside a transaction.
async fn user_view_in<'e>(
    e: impl Executor<'e, Database = Any>,
    username: &str,
    scope: &Scope,
) -> Result<Option<UserView>, StoreError> {
    let sql = format!(
        "SELECT {USER_VIEW_COLUMNS} FROM users WHERE username = $1 AND {}",
        scope.condition("area", 2)
    );
    let row = scope
        .bind(sqlx::query(&sql).bind(username))
        .fetch_optional(e)
        .await?;
    row.map(|r| UserView::from_row(&r)).transpose()
}

/// The WHERE clause shared by the user list and its count: scope on the user's area (`$1`,
/// `$2`), then plan (`$3`) and exact area (`$4`), each empty for "any".
fn user_where(scope: &Scope) -> String {
    format!(
        "{} AND ($3 = '' OR plan = $3) AND ($4 = '' OR area = $4)",
        scope.condition("area", 1)
    )
}

/// Binds the parameters of [`user_where`], `$1` to `$4`.
fn bind_user_where<'q>(
    sql: Query<'q, Any, AnyArguments<'q>>,
    scope: &Scope,
    plan: Option<&str>,
    area: Option<&str>,
) -> Query<'q, Any, AnyArguments<'q>> {
    scope
        .bind(sql)
        .bind(plan.unwrap_or_default().to_string())
        .bind(area.unwrap_or_default().to_string())
}

/// Inserts one user and records it as `action`.
pub(crate) async fn insert_user(
    audit: &mut AuditedTx<'_>,
    user: &NewUser,
    extra: &UserExtra,
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
    .fetch_optional(&mut *audit.tx)
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
    let target = user_target(&user.username);
    audit
        .record(action, &target, None, Some(&view.audit_json()))
        .await?;
    Ok(view)
}

/// What a user update changes.
enum UserChange<'a> {
    Status(UserStatus),
    Password(&'a str, Option<&'a [u8]>),
}

impl UserChange<'_> {
    /// Applies the change inside the transaction; returns the audit action.
    async fn apply(
        &self,
        audit: &mut AuditedTx<'_>,
        username: &str,
    ) -> Result<&'static str, StoreError> {
        match *self {
            UserChange::Status(status) => {
                sqlx::query("UPDATE users SET status = $1, updated_at = $2 WHERE username = $3")
                    .bind(status.as_str())
                    .bind(now())
                    .bind(username)
                    .execute(&mut *audit.tx)
                    .await?;
                Ok(match status {
                    UserStatus::Active => "user.enable",
                    UserStatus::Disabled => "user.disable",
                })
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
                .execute(&mut *audit.tx)
                .await?;
                Ok("user.passwd")
            }
        }
    }
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
        let sql = format!(
            "SELECT {USER_VIEW_COLUMNS} FROM users WHERE {} \
             ORDER BY username LIMIT $5 OFFSET $6",
            user_where(scope)
        );
        let rows = bind_user_where(sqlx::query(&sql), scope, plan, area)
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
        let sql = format!(
            "SELECT COUNT(*) AS n FROM users WHERE {}",
            user_where(scope)
        );
        let row = bind_user_where(sqlx::query(&sql), scope, plan, area)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// One page of the users inside `scope` that match `q` (the console's search), and how
    /// many match in all.
    pub async fn search_user_views(
        &self,
        scope: &Scope,
        q: &UserSearch,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<UserView>, i64), StoreError> {
        // The name is matched anywhere, case-insensitively; LIKE's own wildcards in what
        // was typed are escaped so they match themselves.
        let pattern = format!(
            "%{}%",
            q.name
                .to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let filter = format!(
            "{} AND LOWER(username) LIKE $5 ESCAPE '\\' AND ($6 = '' OR status = $6)",
            user_where(scope)
        );
        let bind = |sql| {
            bind_user_where(sqlx::query(sql), scope, Some(&q.plan), Some(&q.area))
                .bind(pattern.clone())
                .bind(q.status.clone())
        };
        let list_sql = format!(
            "SELECT {USER_VIEW_COLUMNS} FROM users WHERE {filter} ORDER BY username LIMIT $7 OFFSET $8"
        );
        let rows = bind(&list_sql)
            .bind(limit.max(0))
            .bind(offset.max(0))
            .fetch_all(&self.pool)
            .await?;
        let count_sql = format!("SELECT COUNT(*) AS n FROM users WHERE {filter}");
        let total: i64 = bind(&count_sql).fetch_one(&self.pool).await?.try_get("n")?;
        let users = rows
            .iter()
            .map(UserView::from_row)
            .collect::<Result<_, _>>()?;
        Ok((users, total))
    }

    /// One user inside `scope` (`None` also when it exists outside the scope).
    pub async fn get_user_view(
        &self,
        username: &str,
        scope: &Scope,
    ) -> Result<Option<UserView>, StoreError> {
        user_view_in(&self.pool, username, scope).await
    }

    /// Creates a user; `Duplicate` if the name is taken, `NotFound` if the plan is unknown
    /// (audited as `system`; admin paths call [`Store::add_user_audited`]).
    pub async fn add_user(&self, user: &NewUser) -> Result<UserRecord, StoreError> {
        self.add_user_audited(user, &UserExtra::default(), &Actor::system())
            .await?;
        self.get_user(&user.username)
            .await?
            .ok_or_else(|| user_not_found(&user.username))
    }

    /// Creates a user with its audit row in one transaction.
    pub async fn add_user_audited(
        &self,
        user: &NewUser,
        extra: &UserExtra,
        actor: &Actor,
    ) -> Result<UserView, StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let view = insert_user(&mut audit, user, extra, "user.add").await?;
        audit.commit().await?;
        Ok(view)
    }

    /// Creates many users in one transaction (all or nothing), one audit row each.
    pub async fn import_users(
        &self,
        users: &[(NewUser, UserExtra)],
        actor: &Actor,
    ) -> Result<usize, StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        for (user, extra) in users {
            insert_user(&mut audit, user, extra, "user.import").await?;
        }
        audit.commit().await?;
        Ok(users.len())
    }

    async fn change_user(
        &self,
        username: &str,
        change: UserChange<'_>,
        scope: &Scope,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let before = user_view_in(&mut *audit.tx, username, scope)
            .await?
            .ok_or_else(|| user_not_found(username))?;
        let action = change.apply(&mut audit, username).await?;
        let after = user_view_in(&mut *audit.tx, username, scope)
            .await?
            .ok_or_else(|| user_not_found(username))?;
        let mut after = after.audit_json();
        if let UserChange::Password(..) = change {
            after["password"] = json!("[redacted, changed]");
        }
        let target = user_target(username);
        audit
            .record(action, &target, Some(&before.audit_json()), Some(&after))
            .await?;
        audit.commit().await
    }

    /// Sets the status; `NotFound` for an unknown user (audited as `system`).
    pub async fn set_user_status(
        &self,
        username: &str,
        status: UserStatus,
    ) -> Result<(), StoreError> {
        self.set_user_status_audited(username, status, &Scope::All, &Actor::system())
            .await
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

    /// Replaces both password forms; `NotFound` for an unknown user (audited as `system`).
    pub async fn set_user_password(
        &self,
        username: &str,
        password_hash: &str,
        sealed_password: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        self.set_user_password_audited(
            username,
            password_hash,
            sealed_password,
            &Scope::All,
            &Actor::system(),
        )
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

    /// Deletes a user; `NotFound` for an unknown user (audited as `system`).
    pub async fn delete_user(&self, username: &str) -> Result<(), StoreError> {
        self.delete_user_audited(username, &Scope::All, &Actor::system())
            .await
    }

    /// Deletes a user (audited); `NotFound` when unknown or outside `scope`.
    pub async fn delete_user_audited(
        &self,
        username: &str,
        scope: &Scope,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let before = user_view_in(&mut *audit.tx, username, scope)
            .await?
            .ok_or_else(|| user_not_found(username))?;
        sqlx::query("DELETE FROM users WHERE username = $1")
            .bind(username)
            .execute(&mut *audit.tx)
            .await?;
        let target = user_target(username);
        audit
            .record("user.delete", &target, Some(&before.audit_json()), None)
            .await?;
        audit.commit().await
    }
}
