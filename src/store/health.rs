//! Hotspot-health facts: each NAS's latest contact (`nas_health`) and its authentication
//! outcomes per day (`auth_daily_nas`), written by the accounting writer and the auth log
//! writer so that `report hotspots` reads a few hundred rows, not the logs.

use super::AuthLogEntry;

/// Authentication outcomes of one NAS on one day, to add.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthDaily {
    pub day: String,
    pub nas_id: i64,
    pub accepts: i64,
    pub rejects: i64,
    /// Requests dropped for a bad authenticator or Message-Authenticator.
    pub bad_authenticators: i64,
}

/// The latest authentication contact of one NAS.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NasContact {
    pub nas_id: i64,
    pub last_request_at: i64,
    pub last_login_at: Option<i64>,
    pub nas_identifier: Option<String>,
}

/// What the auth log writer stores in one transaction.
#[derive(Debug, Clone, Default)]
pub struct AuthActivity {
    pub entries: Vec<AuthLogEntry>,
    pub daily: Vec<AuthDaily>,
    pub contacts: Vec<NasContact>,
}
