//! `radkota doctor` (issue 23, part 2): each check catches the broken setup it names (a 0644
//! key, a short secret, overlapping NAS, a wrong key, pending migrations, a port in use, an
//! unknown config key), passes on a clean setup and on a running server's own ports, and
//! exits 0 / 1 / 2 with `--format json` for scripts. The real binary against real files.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::process::Output;

use common::{Db, Server, runtime};

/// A long secret: the clean setup must not warn about it.
const LONG_SECRET: &str = "a-long-shared-secret-for-rw07";

/// A prepared database with one NAS that is set up well and one user.
fn clean(db: Db) -> Server {
    let s = Server::prepare(db);
    s.cli(&[
        "nas",
        "add",
        "rw07",
        "--address",
        "127.0.0.1",
        "--secret",
        LONG_SECRET,
    ]);
    s.cli(&[
        "user",
        "add",
        "siti",
        "--plan",
        "umkm",
        "--password",
        "kata-sandi-siti",
    ]);
    s
}

/// Runs doctor; returns its output, exit code and stdout.
fn doctor(s: &Server, args: &[&str]) -> (Output, i32, String) {
    let mut all = vec!["doctor"];
    all.extend_from_slice(args);
    let out = s.cli_output(&all);
    let code = out.status.code().expect("exit code");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out, code, text)
}

/// The line of check `name`, which must exist.
fn line<'a>(text: &'a str, name: &str) -> &'a str {
    text.lines()
        .find(|l| l[6.min(l.len())..].starts_with(&format!("{name}:")))
        .unwrap_or_else(|| panic!("no `{name}` line in:\n{text}"))
}

fn clean_setup_passes(db: Db) {
    let s = clean(db);
    let (_, code, text) = doctor(&s, &[]);
    assert_eq!(code, 0, "a clean setup passes:\n{text}");
    for name in [
        "configuration",
        "dictionaries",
        "database",
        "migrations",
        "key file permissions",
        "key binding",
        "nas secrets",
        "nas overlap",
        "message-authenticator",
        "auth listen",
    ] {
        assert!(line(&text, name).starts_with("ok "), "{name}:\n{text}");
    }
    assert!(!text.contains(LONG_SECRET), "a secret was printed:\n{text}");
}

fn short_secret_warns(db: Db) {
    let s = clean(db);
    s.cli(&[
        "nas",
        "add",
        "rw08",
        "--address",
        "127.0.0.8",
        "--secret",
        "testing123",
    ]);
    let (_, code, text) = doctor(&s, &[]);
    assert_eq!(code, 1, "{text}");
    let l = line(&text, "nas secrets");
    assert!(l.starts_with("warn "), "{l}");
    assert!(l.contains("rw08 (10)") && !l.contains("rw07"), "{l}");
    assert!(
        !text.contains("testing123"),
        "the secret itself is never shown:\n{text}"
    );
}

fn overlapping_nas_warn(db: Db) {
    let s = clean(db);
    let add = |name: &str, address: &str| {
        s.cli(&[
            "nas",
            "add",
            name,
            "--address",
            address,
            "--secret",
            LONG_SECRET,
        ]);
    };
    add("kecamatan", "10.20.0.0/16");
    add("rw21", "10.20.21.0/24");
    add("elsewhere", "10.30.0.0/24");
    let (_, code, text) = doctor(&s, &[]);
    assert_eq!(code, 1, "{text}");
    let l = line(&text, "nas overlap");
    assert!(l.starts_with("warn "), "{l}");
    assert!(
        l.contains("rw21 (10.20.21.0/24) inside kecamatan (10.20.0.0/16)"),
        "{l}"
    );
    assert!(!l.contains("elsewhere"), "{l}");
}

fn readable_key_fails(db: Db) {
    let s = clean(db);
    let key = s.key_file();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (_, code, text) = doctor(&s, &[]);
    assert_eq!(code, 2, "{text}");
    let l = line(&text, "key file permissions");
    assert!(l.starts_with("FAIL ") && l.contains("0644"), "{l}");
    assert!(
        l.contains(&format!("chmod 600 {}", key.display())),
        "the fix is named: {l}"
    );
    // The key is still this database's: only the mode is wrong.
    assert!(line(&text, "key binding").starts_with("ok "), "{text}");
}

fn wrong_key_fails(db: Db) {
    let s = clean(db);
    let key = s.key_file();
    std::fs::remove_file(&key).unwrap();
    let other: [u8; 32] = rand::random();
    std::fs::write(&key, other).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (_, code, text) = doctor(&s, &[]);
    assert_eq!(code, 2, "{text}");
    let l = line(&text, "key binding");
    assert!(
        l.starts_with("FAIL ") && l.contains("is not the key of"),
        "{l}"
    );
    // Without the right key the secrets are not checked, and doctor says so.
    assert!(line(&text, "nas secrets").starts_with("warn "), "{text}");
}

/// The number of the backend's newest migration file (`0014`, say): the one the test
/// un-applies (the backends' sets differ: 0026 is PostgreSQL's only).
fn newest_migration(db: Db) -> String {
    let backend = match db {
        Db::Sqlite => "migrations/sqlite",
        Db::Postgres => "migrations/postgres",
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(backend);
    std::fs::read_dir(dir)
        .expect("migrations")
        .filter_map(|e| e.ok()?.file_name().to_str()?.get(..4).map(str::to_string))
        .max()
        .expect("a migration")
}

fn pending_migrations_warn(db: Db) {
    let newest = newest_migration(db);
    let s = clean(db);
    runtime().block_on(async {
        let store = s.store().await;
        sqlx::query("DELETE FROM _sqlx_migrations WHERE version = (SELECT max(version) FROM _sqlx_migrations)")
            .execute(store.pool())
            .await
            .unwrap();
        store.close().await;
    });
    let (_, code, text) = doctor(&s, &[]);
    assert_eq!(code, 1, "{text}");
    let l = line(&text, "migrations");
    assert!(
        l.starts_with("warn ") && l.contains(&format!("1 not applied: {newest}")),
        "{l}"
    );
    // Doctor changes nothing: the migration is still pending on a second run.
    let (_, code, _) = doctor(&s, &[]);
    assert_eq!(code, 1);
}

fn port_in_use_fails(db: Db) {
    let s = clean(db);
    let taken = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let config = std::fs::read_to_string(s.config_path()).unwrap().replace(
        "auth_listen = [\"127.0.0.1:0\"]",
        &format!("auth_listen = [\"127.0.0.1:{port}\"]"),
    );
    std::fs::write(s.config_path(), config).unwrap();
    let (_, code, text) = doctor(&s, &[]);
    assert_eq!(code, 2, "{text}");
    let l = line(&text, "auth listen");
    assert!(
        l.starts_with("FAIL ") && l.contains(&format!("127.0.0.1:{port}/udp is in use by")),
        "{l}"
    );
    assert!(
        l.contains(&format!("pid {}", std::process::id())),
        "the holder is named: {l}"
    );
    drop(taken);
}

fn json_output(db: Db) {
    let s = clean(db);
    std::fs::set_permissions(s.key_file(), std::fs::Permissions::from_mode(0o640)).unwrap();
    let (out, code, text) = doctor(&s, &["--format", "json"]);
    assert_eq!(code, 2, "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(doc["status"], "fail");
    assert_eq!(doc["exit_code"], 2);
    let checks = doc["checks"].as_array().unwrap();
    let key = checks
        .iter()
        .find(|c| c["check"] == "key file permissions")
        .expect("key check");
    assert_eq!(key["status"], "fail");
    assert!(key["fix"].as_str().unwrap().starts_with("chmod 600"));
    assert!(
        checks
            .iter()
            .any(|c| c["check"] == "migrations" && c["status"] == "ok")
    );
}

both_backends!(
    clean_setup_passes,
    short_secret_warns,
    overlapping_nas_warn,
    readable_key_fails,
    wrong_key_fails,
    pending_migrations_warn,
    port_in_use_fails,
    json_output,
);

#[test]
fn a_running_server_holds_its_own_ports() {
    let s = clean(Db::Sqlite).start();
    let config = std::fs::read_to_string(s.config_path())
        .unwrap()
        .replace(
            "auth_listen = [\"127.0.0.1:0\"]",
            &format!("auth_listen = [\"{}\"]", s.auth),
        )
        .replace(
            "acct_listen = [\"127.0.0.1:0\"]",
            &format!("acct_listen = [\"{}\"]", s.acct),
        );
    std::fs::write(s.config_path(), config).unwrap();
    let (_, code, text) = doctor(&s, &[]);
    assert_eq!(code, 0, "{text}");
    let l = line(&text, "auth listen");
    assert!(
        l.contains(&format!(
            "{}/udp is held by radkota (pid {})",
            s.auth,
            s.pid()
        )),
        "{l}"
    );
    assert!(
        line(&text, "acct listen").contains("held by radkota"),
        "{text}"
    );
}

#[test]
fn an_unknown_config_key_fails_and_stops() {
    let s = clean(Db::Sqlite);
    let mut config = std::fs::read_to_string(s.config_path()).unwrap();
    config.push_str("\n[coa]\nattempt = 3\n");
    std::fs::write(s.config_path(), config).unwrap();
    let (_, code, text) = doctor(&s, &[]);
    assert_eq!(code, 2, "{text}");
    let l = line(&text, "configuration");
    assert!(l.starts_with("FAIL ") && l.contains("attempt"), "{l}");
    assert_eq!(
        text.lines().filter(|l| l.starts_with("ok")).count(),
        0,
        "{text}"
    );
}
