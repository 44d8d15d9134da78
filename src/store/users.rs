//! Users: credentials (argon2id hash + sealed reversible secret), plan, status, expiry.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::row::{Columns, Named};
use super::{Store, StoreError};

pub(crate) const USER_COLUMNS: &str = "id, username, plan, password_hash, sealed_password, status, \
                            expires_at, full_name, created_at, updated_at";

/// Account status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    Active,
    Disabled,
}

impl UserStatus {
    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Active => "active",
            UserStatus::Disabled => "disabled",
        }
    }

    /// Parses the stored text.
    pub fn parse(s: &str) -> Option<UserStatus> {
        match s {
            "active" => Some(UserStatus::Active),
            "disabled" => Some(UserStatus::Disabled),
            _ => None,
        }
    }
}

/// A user row (secrets included: never print it whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub plan: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// The password sealed with `auth::seal::Sealer`, for CHAP and MS-CHAPv2.
    pub sealed_password: Option<Vec<u8>>,
    pub status: UserStatus,
    /// Epoch seconds; `None` never expires.
    pub expires_at: Option<i64>,
    pub full_name: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub plan: String,
    pub password_hash: String,
    pub sealed_password: Option<Vec<u8>>,
    pub full_name: Option<String>,
    pub expires_at: Option<i64>,
}

impl UserRecord {
    pub(crate) fn from_row(row: &AnyRow) -> Result<UserRecord, StoreError> {
        UserRecord::read(&mut Named { row, prefix: "" })
    }

    /// Reads the columns of `USER_COLUMNS`, in that order.
    pub(crate) fn read(c: &mut impl Columns) -> Result<UserRecord, StoreError> {
        let id = c.req_int("id")?;
        let username = c.req_text("username")?;
        let plan = c.req_text("plan")?;
        let password_hash = c.req_text("password_hash")?;
        let sealed_password = c.blob("sealed_password")?;
        let status = c.req_text("status")?;
        let status = UserStatus::parse(&status).ok_or_else(|| {
            StoreError::Invalid(format!("user '{username}' has unknown status '{status}'"))
        })?;
        Ok(UserRecord {
            id,
            username,
            plan,
            password_hash,
            sealed_password,
            status,
            expires_at: c.int("expires_at")?,
            full_name: c.text("full_name")?,
            created_at: c.req_int("created_at")?,
            updated_at: c.req_int("updated_at")?,
        })
    }
}

impl Store {
    /// One user by name.
    pub async fn get_user(&self, username: &str) -> Result<Option<UserRecord>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| UserRecord::from_row(&r)).transpose()
    }

    /// Users ordered by name, optionally one plan only.
    pub async fn list_users(
        &self,
        plan: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<UserRecord>, StoreError> {
        let rows = match plan {
            Some(plan) => {
                sqlx::query(&format!(
                    "SELECT {USER_COLUMNS} FROM users WHERE plan = $1 \
                     ORDER BY username LIMIT $2 OFFSET $3"
                ))
                .bind(plan)
                .bind(limit.max(0))
                .bind(offset.max(0))
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(&format!(
                    "SELECT {USER_COLUMNS} FROM users ORDER BY username LIMIT $1 OFFSET $2"
                ))
                .bind(limit.max(0))
                .bind(offset.max(0))
                .fetch_all(&self.pool)
                .await?
            }
        };
        rows.iter().map(UserRecord::from_row).collect()
    }

    /// How many users there are, optionally on one plan only.
    pub async fn count_users(&self, plan: Option<&str>) -> Result<i64, StoreError> {
        let row = match plan {
            Some(plan) => {
                sqlx::query("SELECT COUNT(*) AS n FROM users WHERE plan = $1")
                    .bind(plan)
                    .fetch_one(&self.pool)
                    .await?
            }
            None => {
                sqlx::query("SELECT COUNT(*) AS n FROM users")
                    .fetch_one(&self.pool)
                    .await?
            }
        };
        Ok(row.try_get("n")?)
    }
}
