//! Users: credentials (argon2id hash + sealed reversible secret), plan, status, expiry.

use super::{PlanRecord, Store, StoreError};

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

/// What authentication needs, fetched in one round trip (user joined with its plan).
#[derive(Debug, Clone)]
pub struct UserAuth {
    pub user: UserRecord,
    pub plan: PlanRecord,
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

impl Store {
    /// The user and its plan, in one query.
    pub async fn user_for_auth(&self, username: &str) -> Result<Option<UserAuth>, StoreError> {
        let _ = username;
        todo!("store helper")
    }

    /// Creates a user; `Duplicate` if the name is taken, `NotFound` if the plan is unknown.
    pub async fn add_user(&self, user: &NewUser) -> Result<UserRecord, StoreError> {
        let _ = user;
        todo!("store helper")
    }

    /// One user by name.
    pub async fn get_user(&self, username: &str) -> Result<Option<UserRecord>, StoreError> {
        let _ = username;
        todo!("store helper")
    }

    /// Users ordered by name, optionally one plan only.
    pub async fn list_users(
        &self,
        plan: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<UserRecord>, StoreError> {
        let _ = (plan, limit, offset);
        todo!("store helper")
    }

    /// Sets the status; `NotFound` for an unknown user.
    pub async fn set_user_status(
        &self,
        username: &str,
        status: UserStatus,
    ) -> Result<(), StoreError> {
        let _ = (username, status);
        todo!("store helper")
    }

    /// Replaces both password forms; `NotFound` for an unknown user.
    pub async fn set_user_password(
        &self,
        username: &str,
        password_hash: &str,
        sealed_password: Option<&[u8]>,
    ) -> Result<(), StoreError> {
        let _ = (username, password_hash, sealed_password);
        todo!("store helper")
    }

    /// Deletes a user; `NotFound` for an unknown user.
    pub async fn delete_user(&self, username: &str) -> Result<(), StoreError> {
        let _ = username;
        todo!("store helper")
    }
}
