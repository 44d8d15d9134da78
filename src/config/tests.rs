//! Config tests: the shipped file, unknown keys, bad values, environment and defaults.

use super::*;

fn no_env(_: &str) -> Option<String> {
    None
}

#[test]
fn shipped_file_equals_the_defaults() {
    let text = include_str!("../../config/radkota.toml");
    let file = Config::from_toml(text, "config/radkota.toml").expect("shipped config parses");
    file.validate().expect("shipped config is valid");
    let d = Config::default();
    assert_eq!(format!("{file:?}"), format!("{d:?}"));
}

#[test]
fn unknown_key_is_an_error_naming_it() {
    let err =
        Config::from_toml("[server]\nauth_lisen = [\"0.0.0.0:1812\"]\n", "x.toml").unwrap_err();
    assert!(err.to_string().contains("auth_lisen"), "{err}");
}

#[test]
fn bad_values_name_the_key() {
    let cases = [
        ("[server]\nauth_listen = [\"1812\"]\n", "server.auth_listen"),
        ("[log]\nformat = \"xml\"\n", "log.format"),
        ("[log]\nlevel = \"loud!!\"\n", "log.level"),
        ("[database]\nurl = \"mysql://x\"\n", "database.url"),
        (
            "[server]\nduplicate_window_secs = 0\n",
            "server.duplicate_window_secs",
        ),
        ("[auth.argon2]\niterations = 0\n", "auth.argon2"),
        (
            "[auth]\nargon2_queue_per_nas = 0\n",
            "auth.argon2_queue_per_nas",
        ),
        (
            "[auth]\nargon2_max_wait_ms = 10\n",
            "auth.argon2_max_wait_ms",
        ),
        (
            "[auth]\nfailure_backoff_secs = 600\nfailure_backoff_max_secs = 60\n",
            "auth.failure_backoff_max_secs",
        ),
        ("[accounting]\nbatch_max = 0\n", "accounting.batch_max"),
        (
            "[accounting]\nbatch_window_ms = 5000\n",
            "accounting.batch_window_ms",
        ),
        ("[accounting]\nqueue_max = 10\n", "accounting.queue_max"),
        (
            "[accounting]\nstale_after_intervals = 1\n",
            "accounting.stale_after_intervals",
        ),
        (
            "[accounting]\ninterim_interval_secs = 5\n",
            "accounting.interim_interval_secs",
        ),
        (
            "[accounting]\ntimezone = \"Mars/Olympus\"\n",
            "accounting.timezone",
        ),
        ("[admin]\nlisten = \"8080\"\n", "admin.listen"),
        ("[coa]\nattempts = 0\n", "coa.attempts"),
        ("[coa]\ntimeout_ms = 5\n", "coa.timeout_ms"),
        (
            "[retention]\nuser_usage_days = 30\n",
            "retention.user_usage_days",
        ),
        (
            "[retention]\ninterval_minutes = 0\n",
            "retention.interval_minutes",
        ),
        ("[radsec]\nlisten = [\"2083\"]\n", "radsec.listen"),
        ("[radsec]\nmax_handshakes = 0\n", "radsec.max_handshakes"),
        ("[eap]\ndefault_method = \"md5\"\n", "eap.default_method"),
        ("[eap]\nmethods = [\"leap\"]\n", "eap.methods"),
        ("[eap]\nfragment_size = 10\n", "eap.fragment_size"),
        (
            "[radsec]\nidle_timeout_secs = 0\n",
            "radsec.idle_timeout_secs",
        ),
        (
            "[radsec]\nserver_address = \"radius.example\"\n",
            "radsec.server_address",
        ),
        ("[portal]\nlisten = \"8081\"\n", "portal.listen"),
        ("[portal]\nbackoff_after = 0\n", "portal.backoff_after"),
        (
            "[portal]\nbackoff_secs = 60\nbackoff_max_secs = 30\n",
            "portal.backoff_max_secs",
        ),
    ];
    for (text, key) in cases {
        let err = Config::from_toml(text, "x.toml")
            .and_then(|c| c.validate())
            .unwrap_err();
        assert!(err.to_string().contains(key), "{text}: {err}");
    }
    let err = Config::from_toml("[server]\nnas_refresh_secs = \"two\"\n", "x.toml").unwrap_err();
    assert!(err.to_string().contains("nas_refresh_secs"), "{err}");
}

#[test]
fn environment_overrides() {
    let env = |k: &str| match k {
        "RADKOTA_DATABASE_URL" => Some("postgres://u@h/db".to_string()),
        "RADKOTA_AUTH_LISTEN" => Some("127.0.0.1:11812, [::1]:11812".to_string()),
        "RADKOTA_ACCT_LISTEN" => Some("127.0.0.1:11813".to_string()),
        "RADKOTA_PORTAL_LISTEN" => Some("127.0.0.1:8081".to_string()),
        _ => None,
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.toml");
    std::fs::write(&path, "").unwrap();
    let c = Config::load_with_env(Some(&path), env).unwrap();
    assert_eq!(c.database_url(), "postgres://u@h/db");
    assert_eq!(c.auth_addrs().len(), 2);
    assert_eq!(c.acct_addrs(), vec!["127.0.0.1:11813".parse().unwrap()]);
    assert_eq!(c.portal.listen, "127.0.0.1:8081");
    assert!(
        Config::default().portal.listen.is_empty(),
        "the portal is off by default"
    );
    let bad = |k: &str| (k == "RADKOTA_AUTH_LISTEN").then(|| "nonsense".to_string());
    let err = Config::load_with_env(Some(&path), bad).unwrap_err();
    assert!(err.to_string().contains("server.auth_listen"), "{err}");
}

#[test]
fn defaults_put_everything_in_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.toml");
    std::fs::write(&path, "").unwrap();
    let c = Config::load_with_env(Some(&path), no_env).unwrap();
    assert_eq!(c.database_url(), "sqlite://data/radkota.db");
    assert_eq!(
        c.key_location(),
        KeyLocation::BesideDatabase(PathBuf::from("data/radkota.key"))
    );
    assert_eq!(c.auth_addrs().len(), 2);
    let missing = Config::load_with_env(Some(&dir.path().join("nope.toml")), no_env).unwrap_err();
    assert!(missing.to_string().contains("nope.toml"));
}

#[test]
fn key_follows_the_database_not_the_data_dir() {
    let env =
        |url: &'static str| move |k: &str| (k == "RADKOTA_DATABASE_URL").then(|| url.to_string());
    let c = Config::load_with_env(None, env("sqlite:///srv/radkota/city.sqlite3")).unwrap();
    assert_eq!(
        c.key_location(),
        KeyLocation::BesideDatabase(PathBuf::from("/srv/radkota/city.key"))
    );
    let c = Config::load_with_env(None, env("sqlite:///srv/radkota/db?mode=rwc")).unwrap();
    assert_eq!(
        c.key_location(),
        KeyLocation::BesideDatabase(PathBuf::from("/srv/radkota/db.key"))
    );
    let c = Config::load_with_env(None, env("sqlite::memory:")).unwrap();
    assert_eq!(c.key_location(), KeyLocation::Ephemeral);
    let c = Config::load_with_env(None, env("postgres://radkota@db/radkota")).unwrap();
    assert_eq!(c.key_location(), KeyLocation::Unset);
    let both = |k: &str| match k {
        "RADKOTA_DATABASE_URL" => Some("postgres://radkota@db/radkota".to_string()),
        "RADKOTA_KEY_FILE" => Some("/etc/radkota/radkota.key".to_string()),
        _ => None,
    };
    let c = Config::load_with_env(None, both).unwrap();
    assert_eq!(
        c.key_location(),
        KeyLocation::Configured(PathBuf::from("/etc/radkota/radkota.key"))
    );
}

#[test]
fn parse_errors_name_the_line_without_echoing_it() {
    let text =
        "data_dir = \"data\"\n[database]\nurl = \"postgres://radkota:Pw-9xQ@db/radkota\" oops\n";
    let e = Config::from_toml(text, "radkota.toml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("radkota.toml"), "{e}");
    assert!(e.contains("line 3"), "{e}");
    assert!(!e.contains("Pw-9xQ"), "echoes the line: {e}");
    let e = Config::from_toml("data_dri = \"x\"\n", "radkota.toml")
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 1") && e.contains("data_dri"), "{e}");
}

#[test]
fn the_ca_lives_beside_the_key_file() {
    let mut c = Config::default();
    c.database.url = "sqlite:///var/lib/radkota/radkota.db".into();
    assert_eq!(
        c.ca_dir().unwrap(),
        PathBuf::from("/var/lib/radkota/radkota-ca")
    );
    c.auth.key_file = "/etc/radkota/city.key".into();
    assert_eq!(c.ca_dir().unwrap(), PathBuf::from("/etc/radkota/city-ca"));
    c.radsec.ca_dir = "/srv/ca".into();
    assert_eq!(c.ca_dir().unwrap(), PathBuf::from("/srv/ca"));
    let (cert, key, client_ca) = c.radsec_files().unwrap();
    assert_eq!(cert, PathBuf::from("/srv/ca/server.crt"));
    assert_eq!(key, PathBuf::from("/srv/ca/server.key"));
    assert_eq!(client_ca, PathBuf::from("/srv/ca/ca.crt"));
    let mut pg = Config::default();
    pg.database.url = "postgres://x@db/radkota".into();
    assert!(
        pg.ca_dir().is_err(),
        "PostgreSQL without a key file has nowhere to put it"
    );
}

#[test]
fn eap_environment_and_default_files() {
    let env = |k: &str| match k {
        "RADKOTA_EAP_ENABLED" => Some("true".to_string()),
        "RADKOTA_EAP_CERTIFICATE" => Some("/etc/radkota/eap.crt".to_string()),
        "RADKOTA_KEY_FILE" => Some("/srv/radkota/city.key".to_string()),
        _ => None,
    };
    let c = Config::load_with_env(None, env).unwrap();
    assert!(c.eap.enabled);
    let (cert, key, ca) = c.eap_files().unwrap();
    assert_eq!(cert, PathBuf::from("/etc/radkota/eap.crt"));
    assert_eq!(key, PathBuf::from("/srv/radkota/city-ca/server.key"));
    assert_eq!(ca, PathBuf::from("/srv/radkota/city-ca/ca.crt"));
}

#[test]
fn admin_listener_settings() {
    let c = Config::from_toml(
        "[admin]\nenabled = true\ntrusted_proxies = [\"10.0.0.0/8\", \"127.0.0.1\"]\nauth_failures_per_minute = 0\n",
        "x.toml",
    )
    .expect("parses");
    c.validate().expect("valid");
    assert_eq!(c.admin.http.trusted_proxies.len(), 2);
    assert_eq!(c.admin.http.auth_failures_per_minute, 0);
    // Unknown keys are still refused with the listener settings flattened in.
    let err = Config::from_toml("[admin]\ntls_certificate = \"x\"\n", "x.toml").unwrap_err();
    assert!(err.to_string().contains("tls_certificate"), "{err}");
    for (text, key) in [
        (
            "[admin]\nenabled = true\nlisten = \"0.0.0.0:8080\"\n",
            "admin.listen",
        ),
        ("[admin]\ntls_cert = \"a.crt\"\n", "admin.tls_key"),
        (
            "[admin]\ntrusted_proxies = [\"proxy\"]\n",
            "admin.trusted_proxies",
        ),
    ] {
        let c = Config::from_toml(text, "x.toml").expect("parses");
        let err = c.validate().unwrap_err().to_string();
        assert!(err.contains(key), "{text}: {err}");
    }
    // Beyond loopback: with TLS, or with allow_plain_http, or while the API is off.
    for text in [
        "[admin]\nenabled = true\nlisten = \"0.0.0.0:8443\"\ntls_cert = \"a\"\ntls_key = \"b\"\n",
        "[admin]\nenabled = true\nlisten = \"0.0.0.0:8080\"\nallow_plain_http = true\n",
        "[admin]\nlisten = \"0.0.0.0:8080\"\n",
    ] {
        let c = Config::from_toml(text, "x.toml").expect("parses");
        c.validate().expect(text);
    }
}
