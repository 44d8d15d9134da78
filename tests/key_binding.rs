//! The sealing key bound to its database (issue 25, part 3): the CLI run from another
//! working directory uses the server's key or refuses without creating a file; a wrong or
//! missing key is refused with an error naming the key file and the database; an existing
//! database gets its check value on first open; `key rotate` keeps every login working and
//! is audited; and `user export` quotes cells a spreadsheet would run as formulas.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{Client, Db, SECRET, Server, code, runtime};
use radkota::auth::seal::{Sealer, check_value_of};
use radkota::protocol::Code;

/// A CHAP Access-Request (with CHAP-Challenge and Message-Authenticator).
fn chap_request(c: &Client, user: &str, password: &str) -> Vec<u8> {
    c.chap_request(user, password, None)
}

/// The code of the server's answer to a CHAP login, waiting up to 5 s for one that is not
/// a reject (the server sees a user added a moment ago on its next read).
fn chap_until_accept(c: &Client, user: &str, password: &str) -> Option<Code> {
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut last = None;
    while Instant::now() < deadline {
        let req = chap_request(c, user, password);
        if let Some(reply) = c.exchange(&req) {
            c.verify_reply(&req, &reply);
            last = Some(code(&reply));
            if last == Some(Code::AccessAccept) {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    last
}

/// `radkota ARGS` against the server's config and database, run in `cwd`, with `key_file`
/// as RADKOTA_KEY_FILE (or none) and the data directory left at its default (relative to
/// `cwd`): how an operator runs it from another directory with the same database URL.
fn cli_in(s: &Server, cwd: &Path, key_file: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_radkota"));
    cmd.args(args)
        .current_dir(cwd)
        .env("RADKOTA_CONFIG", s.config_path())
        .env("RADKOTA_DATABASE_URL", s.db_url())
        .env_remove("RADKOTA_DATA_DIR")
        .env_remove("RADKOTA_LOG_LEVEL")
        .stdin(Stdio::null());
    match key_file {
        Some(k) => cmd.env("RADKOTA_KEY_FILE", k),
        None => cmd.env_remove("RADKOTA_KEY_FILE"),
    };
    cmd.output().expect("run radkota")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            out.push(e.path());
            if e.path().is_dir() {
                stack.push(e.path());
            }
        }
    }
    out
}

/// How a refusal must read: one `error:` line naming the key file and the database.
fn assert_refused(o: &Output, key: &str, db_hint: &str, why: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains(key), "names the key file {key}: {err}");
    assert!(err.contains(db_hint), "names the database: {err}");
    assert!(err.contains(why), "says why ({why}): {err}");
}

/// The database as errors name it: the SQLite file, or the PostgreSQL URL.
fn db_hint(s: &Server) -> String {
    match s.db_url().strip_prefix("sqlite://") {
        Some(path) => path.to_string(),
        None => "postgres".to_string(),
    }
}

fn cli_from_another_directory(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    let s = s.start();
    let elsewhere = tempfile::tempdir().unwrap();
    let cwd = elsewhere.path();
    let key = s.key_file();

    // With the key where the database says (SQLite: next to it; PostgreSQL: configured),
    // the CLI in another directory uses the server's key and its user logs in with CHAP.
    let configured = key.display().to_string();
    let key_env = match db {
        Db::Sqlite => None,
        Db::Postgres => Some(configured.as_str()),
    };
    let add = cli_in(
        &s,
        cwd,
        key_env,
        &[
            "user",
            "add",
            "dari-luar",
            "--plan",
            "student",
            "--password",
            "Chap-Luar-51x",
        ],
    );
    assert!(add.status.success(), "{}", stderr(&add));
    assert_eq!(
        chap_until_accept(&s.client(), "dari-luar", "Chap-Luar-51x"),
        Some(Code::AccessAccept),
        "the user the CLI added elsewhere logs in with CHAP:\n{}",
        s.log()
    );
    assert!(
        files_under(cwd).is_empty(),
        "created {:?}",
        files_under(cwd)
    );

    // A key file that is not there (relative to this directory) is refused, not created.
    let relative = cli_in(
        &s,
        cwd,
        Some("data/radkota.key"),
        &[
            "user",
            "add",
            "kedua",
            "--plan",
            "student",
            "--password",
            "Chap-Dua-62y",
        ],
    );
    assert_refused(
        &relative,
        "data/radkota.key",
        &db_hint(&s),
        "does not exist",
    );
    assert!(
        files_under(cwd).is_empty(),
        "created {:?}",
        files_under(cwd)
    );

    if db == Db::Postgres {
        // PostgreSQL has no file to put a key next to: without a configured path, refused.
        let unset = cli_in(&s, cwd, None, &["user", "list"]);
        let err = stderr(&unset);
        assert_eq!(unset.status.code(), Some(1), "{err}");
        assert!(
            err.contains("auth.key_file") && err.contains("PostgreSQL"),
            "{err}"
        );
        assert!(
            files_under(cwd).is_empty(),
            "created {:?}",
            files_under(cwd)
        );
    }
    let out = s.cli(&["user", "list"]);
    assert!(
        !out.contains("kedua"),
        "the refused command changed nothing: {out}"
    );
}

/// Runs `radkota serve`, which must exit with status 1 within 30 s; its standard error.
fn serve_refused(s: &Server) -> String {
    let key = s.key_file().display().to_string();
    let key_env = s.db_url().starts_with("postgres").then_some(key.as_str());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_radkota"));
    cmd.arg("serve")
        .current_dir(s.dir())
        .env("RADKOTA_CONFIG", s.config_path())
        .env("RADKOTA_DATABASE_URL", s.db_url())
        .env("RADKOTA_DATA_DIR", s.data_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    match key_env {
        Some(k) => cmd.env("RADKOTA_KEY_FILE", k),
        None => cmd.env_remove("RADKOTA_KEY_FILE"),
    };
    let mut child = cmd.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            assert_eq!(status.code(), Some(1));
            return stderr(&out);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("radkota serve started with a key that is not the database's");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn mismatching_key_refused(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    let key = s.key_file();
    let original = std::fs::read(&key).expect("key file made with the database");
    std::fs::write(&key, [0x42u8; 32]).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let key_name = key.display().to_string();
    for args in [
        &[
            "user",
            "add",
            "x1",
            "--plan",
            "student",
            "--password",
            "pw-x1-Abc",
        ][..],
        &["nas", "list"][..],
        &["plan", "list"][..],
    ] {
        let o = s.cli_output(args);
        assert_refused(&o, &key_name, &db_hint(&s), "does not belong to database");
    }
    // The server refuses to start with it too.
    let err = serve_refused(&s);
    assert!(
        err.contains(&key_name) && err.contains("does not belong to database"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&key).unwrap(),
        [0x42u8; 32],
        "file left alone"
    );

    // Its own key works again.
    std::fs::write(&key, &original).unwrap();
    assert!(s.cli(&["user", "list"]).contains("siswa"));
}

fn no_key_with_sealed_rows_refused(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    let key = s.key_file();
    std::fs::remove_file(&key).unwrap();
    let o = s.cli_output(&[
        "user",
        "add",
        "x2",
        "--plan",
        "student",
        "--password",
        "pw-x2-Abc",
    ]);
    assert_refused(
        &o,
        &key.display().to_string(),
        &db_hint(&s),
        "holds sealed secrets",
    );
    assert!(
        !key.exists(),
        "no new key was created for a database with secrets"
    );

    // A database from before the check value (none recorded) with sealed rows: refused
    // the same way.
    let rt = runtime();
    rt.block_on(async {
        let store = s.store().await;
        sqlx::query("DELETE FROM key_check")
            .execute(store.pool())
            .await
            .unwrap();
        store.close().await;
    });
    let o = s.cli_output(&["nas", "list"]);
    assert_refused(
        &o,
        &key.display().to_string(),
        &db_hint(&s),
        "holds sealed secrets",
    );
    assert!(!key.exists());
}

fn existing_installation_gets_its_check_value(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    let key = std::fs::read(s.key_file()).unwrap();
    let key: [u8; 32] = key.try_into().unwrap();
    let rt = runtime();
    let check = || {
        rt.block_on(async {
            let store = s.store().await;
            let c = store.key_check().await.unwrap();
            store.close().await;
            c
        })
    };
    assert_eq!(check(), Some(check_value_of(&key)));
    rt.block_on(async {
        let store = s.store().await;
        sqlx::query("DELETE FROM key_check")
            .execute(store.pool())
            .await
            .unwrap();
        store.close().await;
    });
    assert_eq!(check(), None);

    // Another key that cannot open the sealed rows is not adopted.
    std::fs::write(s.key_file(), [0x17u8; 32]).unwrap();
    let o = s.cli_output(&["user", "list"]);
    assert_refused(
        &o,
        &s.key_file().display().to_string(),
        &db_hint(&s),
        "does not open the sealed secrets",
    );
    assert_eq!(
        check(),
        None,
        "nothing recorded for a key that does not fit"
    );

    // The key that opens them is recorded on first open, and the server starts with it.
    std::fs::write(s.key_file(), key).unwrap();
    assert!(s.cli(&["user", "list"]).contains("siswa"));
    assert_eq!(check(), Some(check_value_of(&key)));
    let s = s.start();
    assert_eq!(
        chap_until_accept(&s.client(), "siswa", "rahasia-siswa"),
        Some(Code::AccessAccept)
    );
}

fn key_rotate_keeps_every_login(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    let s = s.start();
    let c = s.client();
    assert_eq!(
        chap_until_accept(&c, "siswa", "rahasia-siswa"),
        Some(Code::AccessAccept)
    );
    let before = std::fs::read(s.key_file()).unwrap();

    let out = s.cli(&["key", "rotate"]);
    assert!(
        out.contains("re-sealed 2 user passwords and 1 NAS secrets"),
        "{out}"
    );
    let after = std::fs::read(s.key_file()).unwrap();
    assert_ne!(before, after, "a new key");
    assert_eq!(after.len(), 32);
    let mode = std::fs::metadata(s.key_file())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    let mut old = s.key_file().into_os_string();
    old.push(".old");
    assert!(
        !Path::new(&old).exists(),
        "the old key is removed after the commit"
    );

    // Every sealed value opens with the new key, none with the old.
    let new_sealer = Sealer::from_key(after.clone().try_into().unwrap());
    let old_sealer = Sealer::from_key(before.clone().try_into().unwrap());
    let rt = runtime();
    rt.block_on(async {
        let store = s.store().await;
        let (n, sample) = store.sealed_sample(100).await.unwrap();
        assert_eq!(n, 3);
        for v in &sample {
            assert!(new_sealer.open_current(v).is_ok());
            assert!(old_sealer.open_current(v).is_err());
        }
        store.close().await;
    });

    // The running server: CHAP users (re-sealed passwords) and the NAS still work, and a
    // NAS added now (a registry reload that opens every NAS secret again) works too.
    assert_eq!(
        chap_until_accept(&c, "siswa", "rahasia-siswa"),
        Some(Code::AccessAccept),
        "{}",
        s.log()
    );
    s.cli(&[
        "nas",
        "add",
        "rw02",
        "--address",
        "127.0.0.2",
        "--secret",
        "Nas-Dua-Secret-8",
    ]);
    let c2 = Client::new("127.0.0.2:0", s.auth, b"Nas-Dua-Secret-8");
    assert_eq!(
        chap_until_accept(&c2, "warung", "Malang-RW07-hotspot-passphrase-37-oct"),
        Some(Code::AccessAccept),
        "{}",
        s.log()
    );
    assert_eq!(
        chap_until_accept(&c, "warung", "Malang-RW07-hotspot-passphrase-37-oct"),
        Some(Code::AccessAccept),
        "the first NAS's re-sealed secret after the reload:\n{}",
        s.log()
    );

    // A fresh start reads only the new key file.
    let s = s.restart();
    let c = Client::new("127.0.0.1:0", s.auth, SECRET);
    assert_eq!(
        chap_until_accept(&c, "siswa", "rahasia-siswa"),
        Some(Code::AccessAccept)
    );
    assert!(c.login("siswa", "rahasia-siswa").is_some());

    // Audited, and the chain still verifies.
    let audit = s.cli(&["audit", "list"]);
    assert!(audit.contains("key.rotate"), "{audit}");
    let verify = s.cli_output(&["audit", "verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));
    let hex_before = hex::encode(&before);
    let hex_after = hex::encode(&after);
    for text in [audit, s.log()] {
        assert!(!text.contains(&hex_before) && !text.contains(&hex_after));
    }
}

/// A rotation whose transaction fails leaves the old key in place and the database as it
/// was; the next command works with the old key.
fn failed_rotation_keeps_the_old_key(db: Db) {
    let s = Server::prepare(db);
    s.provision();
    let before = std::fs::read(s.key_file()).unwrap();
    // A sealed value that no key opens makes the re-seal fail half-way.
    let rt = runtime();
    rt.block_on(async {
        let store = s.store().await;
        sqlx::query("UPDATE users SET sealed_password = $1 WHERE username = 'warung'")
            .bind(vec![0u8; 60])
            .execute(store.pool())
            .await
            .unwrap();
        store.close().await;
    });
    let o = s.cli_output(&["key", "rotate"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("nothing changed"), "{err}");
    assert_eq!(
        std::fs::read(s.key_file()).unwrap(),
        before,
        "old key back in place"
    );
    let mut old = s.key_file().into_os_string();
    old.push(".old");
    assert!(!Path::new(&old).exists());
    assert!(s.cli(&["user", "list"]).contains("siswa"));
    assert!(!s.cli(&["audit", "list"]).contains("key.rotate"));
}

both_backends!(
    cli_from_another_directory,
    mismatching_key_refused,
    no_key_with_sealed_rows_refused,
    existing_installation_gets_its_check_value,
    key_rotate_keeps_every_login,
    failed_rotation_keeps_the_old_key,
);

/// `user export` quotes cells a spreadsheet would run as formulas, is private to its
/// owner, and `user import` of the export gives back exactly the same values.
#[test]
fn export_escapes_formula_cells_and_round_trips() {
    let s = Server::prepare(Db::Sqlite);
    let dir = s.dir().to_path_buf();
    let input = dir.join("in.csv");
    std::fs::write(
        &input,
        "username,full_name,plan,area,school_or_business,id,password\n\
         rumus,\"=HYPERLINK(\"\"http://x.example/\"\",\"\"klik\"\")\",student,,-2+3,@SUM(A1),Pw-Rumus-1\n\
         biasa,Siti Aminah,umkm,,'Warung Bu Siti,+62812,Pw-Biasa-2\n\
         kutip,'=sudah dikutip,student,,=1+1,x,Pw-Kutip-3\n",
    )
    .unwrap();
    s.cli(&["user", "import", input.to_str().unwrap()]);
    // A value that itself starts with a quote before a formula character.
    s.cli(&[
        "user",
        "add",
        "kutip2",
        "--plan",
        "student",
        "--password",
        "Pw-Kutip-4",
        "--full-name",
        "'=literal",
    ]);
    let export = dir.join("out.csv");
    s.cli(&["user", "export", "--output", export.to_str().unwrap()]);
    let mode = std::fs::metadata(&export).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "export is private");
    let text = std::fs::read_to_string(&export).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    for record in reader.records() {
        let record = record.unwrap();
        for cell in record.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula-like cell {cell:?} in {text}"
            );
        }
    }
    assert!(text.contains("\"'=HYPERLINK("), "{text}");
    assert!(text.contains("'-2+3"), "{text}");
    assert!(text.contains("'@SUM(A1)"), "{text}");
    assert!(text.contains("'+62812"), "{text}");
    assert!(
        text.contains(",'=sudah dikutip,"),
        "an imported quote is taken off: {text}"
    );
    assert!(text.contains(",''=literal,"), "{text}");
    assert!(text.contains(",'=1+1,"), "{text}");
    assert!(text.contains(",'Warung Bu Siti,"), "{text}");

    // Import the export into a new database: the same values come back.
    let t = Server::prepare(Db::Sqlite);
    let slips = t.dir().join("slips.csv");
    std::fs::write(&slips, "old content").unwrap();
    std::fs::set_permissions(&slips, std::fs::Permissions::from_mode(0o644)).unwrap();
    t.cli(&[
        "user",
        "import",
        export.to_str().unwrap(),
        "--generate-passwords",
        slips.to_str().unwrap(),
    ]);
    let mode = std::fs::metadata(&slips).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        mode, 0o600,
        "password slips are private even over an old file"
    );
    let again = t.dir().join("again.csv");
    t.cli(&["user", "export", "--output", again.to_str().unwrap()]);
    let strip_created = |t: &str| -> Vec<String> {
        t.lines()
            .map(|l| l.rsplit_once(',').map_or(l, |(a, _)| a).to_string())
            .collect()
    };
    assert_eq!(
        strip_created(&std::fs::read_to_string(&again).unwrap()),
        strip_created(&text),
        "export -> import -> export gives the same cells"
    );
    let show = t.cli(&["user", "show", "rumus"]);
    assert!(
        show.contains("=HYPERLINK(\"http://x.example/\",\"klik\")"),
        "{show}"
    );
    let show = t.cli(&["user", "show", "kutip2"]);
    assert!(show.contains("'=literal"), "{show}");
}

/// A rotation that stopped after the new file was renamed into place but before the
/// database committed: the database still names the old key, kept as `<key>.old`, and it
/// is used; a `.old` that does not match either is no way around the refusal.
#[test]
fn interrupted_rotation_uses_the_old_key() {
    let s = Server::prepare(Db::Sqlite);
    s.provision();
    let key = s.key_file();
    let mut old = key.clone().into_os_string();
    old.push(".old");
    std::fs::copy(&key, &old).unwrap();
    std::fs::write(&key, [0x33u8; 32]).unwrap();
    assert!(
        s.cli(&["user", "list"]).contains("siswa"),
        "the old key is used"
    );
    let s = s.start();
    assert_eq!(
        chap_until_accept(&s.client(), "siswa", "rahasia-siswa"),
        Some(Code::AccessAccept)
    );
    assert!(
        s.log_contains("a key rotation did not finish"),
        "{}",
        s.log()
    );

    std::fs::write(&old, [0x44u8; 32]).unwrap();
    let o = s.cli_output(&["user", "list"]);
    assert_refused(
        &o,
        &key.display().to_string(),
        &db_hint(&s),
        "does not belong",
    );
}
