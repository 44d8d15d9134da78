//! The default of every key: what an empty or absent config file means.

use std::path::PathBuf;

use super::{
    AccountingConfig, AdminConfig, AuthConfig, CoaConfig, Config, DEFAULT_DICTIONARY,
    DatabaseConfig, LogConfig, PolicyConfig, ReportsConfig, RetentionConfig, ServerConfig,
};
use crate::auth::pap::Argon2Params;

impl Default for PolicyConfig {
    fn default() -> Self {
        PolicyConfig {
            dictionary: DEFAULT_DICTIONARY.into(),
        }
    }
}

impl Default for CoaConfig {
    fn default() -> Self {
        CoaConfig {
            attempts: 3,
            timeout_ms: 1000,
            enforce_quota: true,
        }
    }
}

impl Default for ReportsConfig {
    fn default() -> Self {
        ReportsConfig {
            silent_hours: 6,
            silent_min_active_days: 3,
            rejected_min: 20,
            rejected_percent: 50,
            clock_skew_secs: 300,
            underused_percent: 50,
            underused_min_users: 10,
        }
    }
}

impl Default for RetentionConfig {
    fn default() -> Self {
        RetentionConfig {
            session_days: 180,
            user_usage_days: 0,
            interval_minutes: 60,
            slice_rows: 1_000,
            slice_ms: 2,
            slice_pause_ms: 10,
        }
    }
}

impl Default for AdminConfig {
    fn default() -> Self {
        AdminConfig {
            enabled: false,
            listen: "127.0.0.1:8080".into(),
            max_connections: 64,
            max_connections_per_address: 16,
            request_timeout_secs: 30,
            http: super::ListenerConfig::default(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data_dir: PathBuf::from("data"),
            server: ServerConfig::default(),
            database: DatabaseConfig::default(),
            log: LogConfig::default(),
            auth: AuthConfig::default(),
            policy: PolicyConfig::default(),
            accounting: AccountingConfig::default(),
            admin: AdminConfig::default(),
            coa: CoaConfig::default(),
            reports: ReportsConfig::default(),
            retention: RetentionConfig::default(),
            metrics: Default::default(),
            radsec: super::RadsecConfig::default(),
            eap: super::EapConfig::default(),
            messages: super::MessagesConfig::default(),
            roaming: super::RoamingConfig::default(),
            portal: super::PortalConfig::default(),
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            auth_listen: vec!["0.0.0.0:1812".into(), "[::]:1812".into()],
            acct_listen: vec!["0.0.0.0:1813".into(), "[::]:1813".into()],
            duplicate_window_secs: 30,
            duplicate_cache_max: 20_000,
            nas_refresh_secs: 2,
            shutdown_grace_secs: 5,
        }
    }
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig {
            url: String::new(),
            max_connections: 8,
        }
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            format: "text".into(),
            level: "info".into(),
            summary_secs: 60,
        }
    }
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            argon2: Argon2Params::default(),
            argon2_workers: 0,
            key_file: String::new(),
            auth_log_retention_days: 90,
            password_cache_secs: 300,
            argon2_queue_per_nas: 64,
            argon2_max_wait_ms: 3000,
            failure_cache_secs: 60,
            failure_backoff_after: 5,
            failure_backoff_secs: 2,
            failure_backoff_max_secs: 300,
        }
    }
}

impl Default for AccountingConfig {
    fn default() -> Self {
        AccountingConfig {
            batch_max: 256,
            batch_window_ms: 0,
            queue_max: 16_384,
            stale_after_intervals: 3,
            interim_interval_secs: 300,
            timezone: "Asia/Jakarta".into(),
            fsync: true,
            plausible_max_gbps: 40,
        }
    }
}
