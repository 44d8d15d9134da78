//! The `radkota` binary as an operator uses it: outputs, exit codes, and that no secret or
//! password ever appears in what it prints.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use radkota::auth::pap::verify_password;
use radkota::auth::seal::Sealer;
use radkota::store::Store;

const NAS_SECRET: &str = "Xq7-nas-secret-9f2b";
const PASSWORD: &str = "pw-Siti-83jd!";
const NEW_PASSWORD: &str = "pw-Baru-47xk?";

/// A private data directory and config with cheap argon2 parameters (debug builds are slow).
struct Env {
    dir: tempfile::TempDir,
    database_url: Option<String>,
    /// Everything printed so far, checked for secrets on drop.
    seen: std::cell::RefCell<String>,
}

/// One run's outcome.
#[derive(Debug)]
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("radkota.toml"),
            "[auth.argon2]\nmemory_kib = 64\niterations = 1\nparallelism = 1\n",
        )
        .unwrap();
        Env {
            dir,
            database_url: None,
            seen: Default::default(),
        }
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn run(&self, args: &[&str]) -> Out {
        self.run_stdin(args, None)
    }

    fn run_stdin(&self, args: &[&str], stdin: Option<&str>) -> Out {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_radkota"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env("RADKOTA_CONFIG", self.dir.path().join("radkota.toml"))
            .env("RADKOTA_DATA_DIR", self.data_dir())
            .env("TZ", "UTC")
            .env("RUST_BACKTRACE", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // PostgreSQL has no file to keep the key next to: it is configured.
        match &self.database_url {
            Some(url) => cmd
                .env("RADKOTA_DATABASE_URL", url)
                .env("RADKOTA_KEY_FILE", self.data_dir().join("pg.key")),
            None => cmd
                .env_remove("RADKOTA_DATABASE_URL")
                .env_remove("RADKOTA_KEY_FILE"),
        };
        let mut child = cmd.spawn().unwrap();
        let mut input = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).unwrap();
        }
        drop(input);
        let out = child.wait_with_output().unwrap();
        let out = Out {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        };
        let mut seen = self.seen.borrow_mut();
        seen.push_str(&out.stdout);
        seen.push_str(&out.stderr);
        assert!(!out.stderr.contains("panicked"), "{out:?}");
        assert!(!out.stderr.contains("backtrace"), "{out:?}");
        out
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.code, 0, "{args:?}: {out:?}");
        out.stdout
    }

    /// Runs a command that must fail with exit code 1 and exactly one `error:` line.
    fn fails(&self, args: &[&str], stdin: Option<&str>) -> String {
        let out = self.run_stdin(args, stdin);
        assert_eq!(out.code, 1, "{args:?}: {out:?}");
        assert_eq!(out.stderr.lines().count(), 1, "{args:?}: {out:?}");
        assert!(out.stderr.starts_with("error: "), "{out:?}");
        out.stderr.trim_end().to_string()
    }

    fn sealer(&self) -> Sealer {
        Sealer::load_or_create(&self.data_dir().join("radkota.key")).unwrap()
    }

    fn db_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir().join("radkota.db").display()))
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let seen = self.seen.borrow();
        for secret in [NAS_SECRET, PASSWORD, NEW_PASSWORD] {
            assert!(!seen.contains(secret), "a secret was printed: {seen}");
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn help_works_for_every_group() {
    let env = Env::new();
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["migrate", "--help"],
        &["nas", "--help"],
        &["nas", "add", "--help"],
        &["nas", "list", "--help"],
        &["nas", "remove", "--help"],
        &["nas", "set", "--help"],
        &["user", "--help"],
        &["user", "add", "--help"],
        &["user", "show", "--help"],
        &["user", "list", "--help"],
        &["user", "disable", "--help"],
        &["user", "enable", "--help"],
        &["user", "passwd", "--help"],
        &["user", "delete", "--help"],
        &["plan", "--help"],
        &["plan", "list", "--help"],
    ] {
        let out = env.ok(args);
        assert!(out.contains("Usage: radkota"), "{args:?}: {out}");
        assert!(out.contains("Example"), "{args:?}: {out}");
    }
    // Help alone does not create anything.
    assert!(!env.data_dir().exists());
}

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    for args in [
        &["frobnicate"][..],
        &["user", "add", "siti", "--plan", "student"],
        &[
            "nas",
            "add",
            "a",
            "--address",
            "10.0.0.1",
            "--secret",
            NAS_SECRET,
            "--secret-stdin",
        ],
        &[
            "nas",
            "add",
            "a",
            "--address",
            "10.0.0.1",
            "--secret",
            NAS_SECRET,
            "--vendor",
            "cisco",
        ],
    ] {
        let out = env.run(args);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(out.stderr.starts_with("error: "), "{out:?}");
    }
}

#[test]
fn migrate_on_a_fresh_machine_and_again() {
    let env = Env::new();
    assert!(env.ok(&["migrate"]).contains("up to date"));
    assert!(env.ok(&["migrate"]).contains("up to date"));
    assert!(env.data_dir().join("radkota.db").exists());
}

#[test]
fn plan_list_shows_rates() {
    let env = Env::new();
    let out = env.ok(&["plan", "list"]);
    let student = out.lines().find(|l| l.starts_with("student")).unwrap();
    assert!(student.contains("2M/4M"), "{out}");
    assert!(student.contains("1h") && student.contains("10m"), "{out}");
    assert!(student.contains("Pelajar / Students"), "{out}");
    let umkm = out.lines().find(|l| l.starts_with("umkm")).unwrap();
    assert!(umkm.contains("5M/10M") && umkm.contains("4h") && umkm.contains("15m"));
}

#[test]
fn nas_add_list_remove() {
    let env = Env::new();
    let out = env.ok(&[
        "nas",
        "add",
        "rw07-hotspot",
        "--address",
        "10.7.0.1",
        "--secret",
        NAS_SECRET,
        "--rw",
        "07",
    ]);
    assert_eq!(out, "added NAS rw07-hotspot (10.7.0.1, mikrotik)\n");
    let out = env.run_stdin(
        &[
            "nas",
            "add",
            "kel-sukamaju",
            "--address",
            "10.20.0.0/24",
            "--vendor",
            "chillispot",
            "--require-message-authenticator",
            "yes",
            "--secret-stdin",
        ],
        Some(&format!("{NAS_SECRET}-2\n")),
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        "added NAS kel-sukamaju (10.20.0.0/24, chillispot)\n"
    );

    let list = env.ok(&["nas", "list"]);
    let lines: Vec<_> = list.lines().collect();
    assert_eq!(lines.len(), 3, "{list}");
    assert!(lines[0].starts_with("NAME"));
    assert!(lines[1].starts_with("kel-sukamaju") && lines[1].contains("yes"));
    let rw07: Vec<_> = lines[2].split_whitespace().collect();
    assert_eq!(
        rw07,
        ["rw07-hotspot", "10.7.0.1", "mikrotik", "07", "auto", "yes"]
    );

    // The secrets are stored sealed, and open to what was typed.
    let rt = runtime();
    rt.block_on(async {
        let store = Store::connect(&env.db_url()).await.unwrap();
        let all = store.list_nas().await.unwrap();
        let sealer = env.sealer();
        assert_eq!(
            sealer.open(&all[1].sealed_secret).unwrap(),
            NAS_SECRET.as_bytes()
        );
        assert_ne!(all[1].sealed_secret, NAS_SECRET.as_bytes());
        assert_eq!(
            sealer.open(&all[0].sealed_secret).unwrap(),
            format!("{NAS_SECRET}-2").as_bytes()
        );
        store.close().await;
    });

    // Changed in place: only what is given; a new secret sealed like the first.
    let out = env.run_stdin(
        &[
            "nas",
            "set",
            "kel-sukamaju",
            "--rename",
            "kel-sukamaju-balai",
            "--address",
            "10.20.1.0/24",
            "--coa-port",
            "1700",
            "--disable",
            "--secret-stdin",
        ],
        Some(&format!("{NAS_SECRET}-3\n")),
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        "changed NAS kel-sukamaju-balai (10.20.1.0/24, chillispot, disabled)\n"
    );
    let list = env.ok(&["nas", "list"]);
    let balai: Vec<_> = list
        .lines()
        .find(|l| l.starts_with("kel-sukamaju-balai"))
        .expect("renamed")
        .split_whitespace()
        .collect();
    assert_eq!(
        balai,
        [
            "kel-sukamaju-balai",
            "10.20.1.0/24",
            "chillispot",
            "-",
            "yes",
            "no"
        ]
    );
    rt.block_on(async {
        let store = Store::connect(&env.db_url()).await.unwrap();
        let nas = store.list_nas().await.unwrap();
        let balai = nas.iter().find(|n| n.name == "kel-sukamaju-balai").unwrap();
        assert_eq!(
            env.sealer().open(&balai.sealed_secret).unwrap(),
            format!("{NAS_SECRET}-3").as_bytes()
        );
        assert_eq!(balai.coa_port, 1700);
        store.close().await;
    });
    assert_eq!(
        env.ok(&["nas", "set", "kel-sukamaju-balai", "--enable"]),
        "changed NAS kel-sukamaju-balai (10.20.1.0/24, chillispot, enabled)\n"
    );
    assert_eq!(
        env.fails(
            &[
                "nas",
                "set",
                "kel-sukamaju-balai",
                "--rename",
                "rw07-hotspot"
            ],
            None
        ),
        "error: NAS 'rw07-hotspot' already exists"
    );
    assert_eq!(
        env.fails(&["nas", "set", "nobody", "--disable"], None),
        "error: no NAS named 'nobody' (see `radkota nas list`)"
    );

    assert_eq!(
        env.ok(&["nas", "remove", "rw07-hotspot"]),
        "removed NAS rw07-hotspot\n"
    );
    assert!(!env.ok(&["nas", "list"]).contains("rw07-hotspot"));
    assert_eq!(
        env.fails(&["nas", "remove", "rw07-hotspot"], None),
        "error: NAS 'rw07-hotspot' does not exist"
    );
}

#[test]
fn duplicate_nas_is_one_clear_line() {
    let env = Env::new();
    let add = |name: &str, addr: &str| {
        vec![
            "nas".to_string(),
            "add".into(),
            name.into(),
            "--address".into(),
            addr.into(),
            "--secret".into(),
            NAS_SECRET.into(),
        ]
    };
    let args = add("rw07", "10.7.0.1");
    env.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let args = add("rw07", "10.7.0.2");
    assert_eq!(
        env.fails(&args.iter().map(String::as_str).collect::<Vec<_>>(), None),
        "error: NAS 'rw07' already exists"
    );
    // The same address written another way is still the same address.
    let args = add("rw08", "10.7.0.1/32");
    assert_eq!(
        env.fails(&args.iter().map(String::as_str).collect::<Vec<_>>(), None),
        "error: NAS address '10.7.0.1' already exists"
    );
}

#[test]
fn bad_nas_input_is_rejected() {
    let env = Env::new();
    let base = ["nas", "add", "rw07", "--secret", NAS_SECRET, "--address"];
    let err = env.fails(&[&base[..], &["10.7.0"]].concat(), None);
    assert!(err.contains("is not an IP address"), "{err}");
    let err = env.fails(&[&base[..], &["10.7.0.9/24"]].concat(), None);
    assert!(err.contains("did you mean 10.7.0.0/24"), "{err}");
    let err = env.fails(
        &[
            "nas",
            "add",
            "rw 07",
            "--address",
            "10.7.0.1",
            "--secret",
            NAS_SECRET,
        ],
        None,
    );
    assert!(err.contains("NAS name"), "{err}");
    let long = "s".repeat(129);
    let err = env.fails(
        &[
            "nas",
            "add",
            "rw07",
            "--address",
            "10.7.0.1",
            "--secret",
            &long,
        ],
        None,
    );
    assert!(err.contains("longer than 128"), "{err}");
    assert!(!err.contains(&long));
    let err = env.fails(
        &[
            "nas",
            "add",
            "rw07",
            "--address",
            "10.7.0.1",
            "--secret-stdin",
        ],
        Some("\n"),
    );
    assert!(err.contains("empty"), "{err}");
    assert!(env.ok(&["nas", "list"]).contains("no NAS"));
}

#[test]
fn user_lifecycle() {
    let env = Env::new();
    let out = env.run_stdin(
        &[
            "user",
            "add",
            "siti",
            "--plan",
            "student",
            "--password-stdin",
            "--full-name",
            "Siti Aminah",
            "--expires",
            "2999-12-31",
        ],
        Some(&format!("{PASSWORD}\n")),
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, "added user siti (plan student)\n");
    env.ok(&[
        "user",
        "add",
        "budi",
        "--plan",
        "umkm",
        "--password",
        PASSWORD,
    ]);

    let show = env.ok(&["user", "show", "siti"]);
    assert!(show.contains("plan          student"), "{show}");
    assert!(show.contains("status        active"), "{show}");
    assert!(show.contains("full name     Siti Aminah"), "{show}");
    assert!(
        show.contains("expires       3000-01-01 00:00 +00:00"),
        "{show}"
    );
    assert!(!show.contains("argon2"), "{show}");

    let list = env.ok(&["user", "list"]);
    assert_eq!(list.lines().count(), 3, "{list}");
    assert!(list.lines().nth(1).unwrap().starts_with("budi"));
    let list = env.ok(&["user", "list", "--plan", "student"]);
    assert_eq!(list.lines().count(), 2, "{list}");
    assert!(list.contains("siti") && !list.contains("budi"));
    let page = env.ok(&["user", "list", "--limit", "1"]);
    assert!(
        page.contains("budi") && page.contains("--offset 1"),
        "{page}"
    );

    assert_eq!(env.ok(&["user", "disable", "siti"]), "disabled user siti\n");
    assert!(
        env.ok(&["user", "show", "siti"])
            .contains("status        disabled")
    );
    assert_eq!(env.ok(&["user", "enable", "siti"]), "enabled user siti\n");
    assert!(
        env.ok(&["user", "show", "siti"])
            .contains("status        active")
    );

    // Both stored forms of the password follow a change.
    let rt = runtime();
    let check = |pw: &str| {
        rt.block_on(async {
            let store = Store::connect(&env.db_url()).await.unwrap();
            let u = store.get_user("siti").await.unwrap().unwrap();
            store.close().await;
            assert!(verify_password(pw.as_bytes(), &u.password_hash));
            let sealed = u.sealed_password.unwrap();
            assert_eq!(env.sealer().open(&sealed).unwrap(), pw.as_bytes());
        })
    };
    check(PASSWORD);
    let out = env.run_stdin(
        &["user", "passwd", "siti", "--password-stdin"],
        Some(&format!("{NEW_PASSWORD}\r\n")),
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, "changed password of user siti\n");
    check(NEW_PASSWORD);

    assert_eq!(env.ok(&["user", "delete", "siti"]), "deleted user siti\n");
    assert_eq!(
        env.fails(&["user", "show", "siti"], None),
        "error: user 'siti' does not exist"
    );
    assert_eq!(
        env.fails(&["user", "delete", "siti"], None),
        "error: user 'siti' does not exist"
    );
    assert_eq!(
        env.fails(&["user", "disable", "siti"], None),
        "error: user 'siti' does not exist"
    );
    assert_eq!(
        env.fails(
            &["user", "passwd", "siti", "--password", NEW_PASSWORD],
            None
        ),
        "error: user 'siti' does not exist"
    );
}

#[test]
fn user_errors_are_one_line() {
    let env = Env::new();
    let err = env.fails(
        &[
            "user",
            "add",
            "ani",
            "--plan",
            "gold",
            "--password",
            PASSWORD,
        ],
        None,
    );
    assert!(
        err.starts_with("error: plan 'gold' does not exist"),
        "{err}"
    );
    env.ok(&[
        "user",
        "add",
        "ani",
        "--plan",
        "student",
        "--password",
        PASSWORD,
    ]);
    assert_eq!(
        env.fails(
            &[
                "user",
                "add",
                "ani",
                "--plan",
                "umkm",
                "--password",
                PASSWORD
            ],
            None
        ),
        "error: user 'ani' already exists"
    );
    let err = env.fails(
        &[
            "user",
            "add",
            "a b",
            "--plan",
            "student",
            "--password",
            PASSWORD,
        ],
        None,
    );
    assert!(err.contains("username"), "{err}");
    let err = env.fails(
        &["user", "add", "x", "--plan", "student", "--password-stdin"],
        Some(""),
    );
    assert!(err.contains("password is empty"), "{err}");
    let long = "p".repeat(129);
    let err = env.fails(
        &["user", "add", "x", "--plan", "student", "--password", &long],
        None,
    );
    assert!(
        err.contains("longer than 128") && !err.contains(&long),
        "{err}"
    );
    let err = env.fails(
        &[
            "user",
            "add",
            "x",
            "--plan",
            "student",
            "--password",
            PASSWORD,
            "--expires",
            "31/12/2030",
        ],
        None,
    );
    assert!(err.contains("not a date"), "{err}");
}

#[test]
fn bad_config_is_one_line() {
    let env = Env::new();
    let err = env.fails(
        &["--config", "/nonexistent/radkota.toml", "plan", "list"],
        None,
    );
    assert!(err.contains("cannot read config file"), "{err}");
    std::fs::write(env.dir.path().join("bad.toml"), "data_dri = 'x'\n").unwrap();
    let bad = env.dir.path().join("bad.toml");
    let err = env.fails(&["--config", bad.to_str().unwrap(), "plan", "list"], None);
    assert!(err.contains("data_dri"), "{err}");
}

/// The same commands against PostgreSQL, in a schema of its own.
#[test]
fn postgres_backend() {
    let Some(base) = radkota::store::testing::postgres_url() else {
        eprintln!("!!!!!!!! skipped: RADKOTA_TEST_POSTGRES_URL not set !!!!!!!!");
        return;
    };
    let rt = runtime();
    let schema = rt
        .block_on(radkota::store::testing::PgSchema::create(&base))
        .unwrap();
    {
        let mut env = Env::new();
        env.database_url = Some(schema.url().to_string());
        env.ok(&["migrate"]);
        env.ok(&[
            "nas",
            "add",
            "rw07",
            "--address",
            "10.7.0.1",
            "--secret",
            NAS_SECRET,
        ]);
        assert!(env.ok(&["nas", "list"]).contains("rw07"));
        env.ok(&[
            "user",
            "add",
            "siti",
            "--plan",
            "student",
            "--password",
            PASSWORD,
        ]);
        assert!(env.ok(&["user", "show", "siti"]).contains("student"));
        assert_eq!(
            env.fails(
                &[
                    "user",
                    "add",
                    "siti",
                    "--plan",
                    "student",
                    "--password",
                    PASSWORD
                ],
                None
            ),
            "error: user 'siti' already exists"
        );
        assert!(!env.data_dir().join("radkota.db").exists());
    }
    rt.block_on(schema.drop()).unwrap();
}
