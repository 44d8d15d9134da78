//! Console staff accounts (issue 18) on SQLite and PostgreSQL: `radkota staff` add, list,
//! passwd, disable/enable and totp through the real CLI; the login function the console
//! calls (`staff::Gate::login`): right and wrong passwords, TOTP required when set, wrong
//! and reused codes refused, the back-off after ten failures, the audit rows under each
//! person's name, and TOTP secrets that survive `key rotate`.

mod common;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use common::{Db, Server, runtime};
use radkota::auth::argon2_pool::{Argon2Pool, PoolSettings};
use radkota::auth::pap::Argon2Params;
use radkota::auth::seal::Sealer;
use radkota::staff::{Attempt, Gate, Refusal};
use radkota::store::{Role, Scope};
use sqlx::Row;

const AREAS_CSV: &str = "\
kecamatan_code,kecamatan_name,kelurahan_code,kelurahan_name,rw_code,rw_name
KC1,Kecamatan Satu,KL1,Kelurahan Satu,RW01,RW 01 Satu
";

const BUDI_PW: &str = "kata-sandi-budi-panjang";
const SARI_PW: &str = "kata-sandi-sari-panjang";

fn ok(s: &Server, args: &[&str], input: &str) -> String {
    let out = s.cli_input(args, input);
    assert!(
        out.status.success(),
        "radkota {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn fails(s: &Server, args: &[&str], input: &str) -> String {
    let out = s.cli_input(args, input);
    assert!(!out.status.success(), "radkota {args:?} succeeded");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn check(name: &str) -> Vec<&str> {
    vec!["staff", "check", name, "--password-stdin"]
}

/// A gate on the server's database, built on `rt`: its PostgreSQL connections belong to the
/// runtime they were made on, so it must be the one the test then drives the gate with.
fn gate(rt: &tokio::runtime::Runtime, s: &Server) -> Gate {
    let store = rt.block_on(s.store());
    let argon2 = Argon2Pool::new(PoolSettings {
        workers: 1,
        queue_per_nas: 16,
        max_wait: Duration::from_secs(30),
    })
    .expect("argon2 pool");
    // The test servers' argon2 costs (tests/common).
    let params = Argon2Params {
        memory_kib: 1024,
        iterations: 1,
        parallelism: 1,
    };
    let sealer = Sealer::load(&s.key_file()).expect("key file");
    rt.block_on(Gate::new(store, sealer, Arc::new(argon2), params))
        .expect("gate")
}

fn attempt<'a>(name: &'a str, password: &'a str, totp: Option<&'a str>) -> Attempt<'a> {
    Attempt {
        name,
        password: password.as_bytes(),
        totp,
        client_ip: IpAddr::from([192, 0, 2, 7]),
    }
}

/// The code an authenticator app shows for `secret` (base32) at `time`.
fn app_code(secret: &str, time: i64) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_string())
        .to_bytes()
        .expect("base32 secret");
    let totp = totp_rs::TOTP::new(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        Some("radkota".into()),
        "budi".into(),
    )
    .expect("totp");
    totp.generate(time as u64)
}

fn staff_accounts_and_logins(db: Db) {
    let rt = runtime();
    let s = Server::prepare(db);
    let areas = s.dir().join("areas.csv");
    std::fs::write(&areas, AREAS_CSV).unwrap();
    s.cli(&["area", "import", &areas.display().to_string()]);

    // Adding: roles and areas as for API tokens, passwords from standard input.
    let add = [
        "staff",
        "add",
        "budi",
        "--role",
        "admin",
        "--password-stdin",
    ];
    assert_eq!(
        ok(&s, &add, &format!("{BUDI_PW}\n")),
        "added staff budi (admin)\n"
    );
    assert!(fails(&s, &add, &format!("{BUDI_PW}\n")).contains("already exists"));
    let sari = [
        "staff",
        "add",
        "sari",
        "--role",
        "operator",
        "--password-stdin",
    ];
    assert!(fails(&s, &sari, SARI_PW).contains("needs --area"));
    let mut with_area = sari.to_vec();
    with_area.extend(["--area", "NOPE"]);
    assert!(fails(&s, &with_area, SARI_PW).contains("does not exist"));
    let last = with_area.len() - 1;
    with_area[last] = "KL1";
    assert!(fails(&s, &with_area, "pendek").contains("10 to 128"));
    ok(&s, &with_area, SARI_PW);
    assert!(
        fails(
            &s,
            &[
                "staff",
                "add",
                "a:b",
                "--role",
                "auditor",
                "--password-stdin"
            ],
            SARI_PW
        )
        .contains("not valid")
    );
    let list = s.cli(&["staff", "list"]);
    assert!(list.contains("budi") && list.contains("admin"), "{list}");
    assert!(list.contains("sari") && list.contains("operator") && list.contains("KL1"));
    assert!(!list.contains(BUDI_PW) && !list.contains("argon2"));

    // `staff check` is a console login through the CLI.
    assert_eq!(
        ok(&s, &check("budi"), BUDI_PW),
        "ok: staff:budi (admin, all areas)\n"
    );
    assert!(fails(&s, &check("budi"), SARI_PW).contains("Nama atau kata sandi salah."));
    assert!(fails(&s, &check("nobody"), SARI_PW).contains("Nama atau kata sandi salah."));
    assert_eq!(
        ok(&s, &check("sari"), SARI_PW),
        "ok: staff:sari (operator, area KC1/KL1)\n"
    );

    // The same Actor and scope the API makes of a token.
    let g = gate(&rt, &s);
    let now = radkota::store::now();
    let caller = rt
        .block_on(g.login(&attempt("sari", SARI_PW, None), now))
        .expect("sari logs in");
    assert_eq!(caller.actor.name, "staff:sari");
    assert_eq!(caller.actor.role, Role::Operator);
    assert_eq!(caller.scope, Scope::Subtree("KC1/KL1".into()));

    // TOTP: printed once, then required; wrong and reused codes refused.
    let out = s.cli(&["staff", "totp", "budi", "enable"]);
    let uri = out.lines().next().unwrap();
    assert!(
        uri.starts_with("otpauth://totp/radkota:budi?secret="),
        "{out}"
    );
    let secret = out
        .lines()
        .find_map(|l| l.strip_prefix("secret: "))
        .expect("secret line")
        .to_string();
    assert!(uri.contains(&secret));
    let list = s.cli(&["staff", "list"]);
    assert!(!list.contains(&secret));
    let login =
        |pw: &str, code: Option<&str>| rt.block_on(g.login(&attempt("budi", pw, code), now));
    assert_eq!(login(BUDI_PW, None).unwrap_err(), Refusal::TotpRequired);
    let good = app_code(&secret, now);
    let wrong = if good == "000000" { "000001" } else { "000000" };
    assert_eq!(login(BUDI_PW, Some(wrong)).unwrap_err(), Refusal::BadTotp);
    assert_eq!(
        login(SARI_PW, Some(&good)).unwrap_err(),
        Refusal::BadCredentials
    );
    let caller = login(BUDI_PW, Some(&good)).expect("right code");
    assert_eq!(
        (caller.actor.name.as_str(), caller.scope),
        ("staff:budi", Scope::All)
    );
    assert_eq!(
        login(BUDI_PW, Some(&good)).unwrap_err(),
        Refusal::BadTotp,
        "a code works once"
    );
    // The next step's code (one step of drift allowed) is a new code.
    assert!(login(BUDI_PW, Some(&app_code(&secret, now + 30))).is_ok());
    assert_eq!(
        login(BUDI_PW, Some(&app_code(&secret, now - 90))).unwrap_err(),
        Refusal::BadTotp
    );
    assert!(fails(&s, &check("budi"), BUDI_PW).contains("kode 6 angka"));

    // The sealed TOTP secret follows a key rotation.
    s.cli(&["key", "rotate"]);
    let g = gate(&rt, &s);
    let later = now + 60;
    let code = app_code(&secret, later);
    assert!(
        rt.block_on(g.login(&attempt("budi", BUDI_PW, Some(&code)), later))
            .is_ok()
    );

    // Password change, disable and enable.
    ok(
        &s,
        &["staff", "passwd", "sari", "--password-stdin"],
        "sari-baru-lebih-panjang\n",
    );
    assert!(fails(&s, &check("sari"), SARI_PW).contains("kata sandi salah"));
    ok(&s, &check("sari"), "sari-baru-lebih-panjang");
    s.cli(&["staff", "disable", "sari"]);
    assert!(fails(&s, &check("sari"), "sari-baru-lebih-panjang").contains("dinonaktifkan"));
    assert!(s.cli(&["staff", "list"]).contains("disabled"));
    s.cli(&["staff", "enable", "sari"]);
    ok(&s, &check("sari"), "sari-baru-lebih-panjang");

    // Ten wrong passwords in a row slow the account down, and the refusal says how long;
    // the right password is not even checked while it waits.
    let g = gate(&rt, &s);
    let now = radkota::store::now();
    let sari_login = |pw: &str| rt.block_on(g.login(&attempt("sari", pw, None), now));
    for i in 1..10 {
        assert_eq!(
            sari_login("salah").unwrap_err(),
            Refusal::BadCredentials,
            "try {i}"
        );
    }
    match sari_login("salah").unwrap_err() {
        Refusal::SlowedDown { retry_after } => assert!((25..=30).contains(&retry_after)),
        other => panic!("tenth failure: {other:?}"),
    }
    assert!(matches!(
        sari_login("sari-baru-lebih-panjang").unwrap_err(),
        Refusal::SlowedDown { .. }
    ));
    let err = fails(&s, &check("sari"), "sari-baru-lebih-panjang");
    assert!(
        err.contains("Terlalu banyak percobaan gagal: coba lagi dalam"),
        "{err}"
    );
    let mut en = check("sari");
    en.extend(["--lang", "en"]);
    assert!(fails(&s, &en, "x").contains("Too many failed logins: try again in"));
    assert!(s.cli(&["staff", "list"]).contains("waiting until"));
    // After the wait a failure doubles it.
    let after = now + 60;
    match rt
        .block_on(g.login(&attempt("sari", "salah", None), after))
        .unwrap_err()
    {
        Refusal::SlowedDown { retry_after } => assert!(retry_after > 30, "{retry_after}"),
        other => panic!("eleventh failure: {other:?}"),
    }
    // An admin's new password lifts the wait.
    ok(
        &s,
        &["staff", "passwd", "sari", "--password-stdin"],
        SARI_PW,
    );
    ok(&s, &check("sari"), SARI_PW);
    ok(&s, &["staff", "totp", "budi", "disable"], "");
    ok(&s, &check("budi"), BUDI_PW);

    // Every change in the audit log, under the person's name; no secret in it.
    let store = rt.block_on(s.store());
    let rows = rt
        .block_on(
            sqlx::query("SELECT actor, action, target, after_json FROM audit_log ORDER BY id")
                .fetch_all(store.pool()),
        )
        .unwrap();
    let rows: Vec<(String, String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r.get("actor"),
                r.get("action"),
                r.get("target"),
                r.try_get::<Option<String>, _>("after_json")
                    .unwrap()
                    .unwrap_or_default(),
            )
        })
        .collect();
    let find = |action: &str, target: &str| {
        rows.iter()
            .filter(|r| r.1 == action && r.2 == target)
            .collect::<Vec<_>>()
    };
    assert_eq!(find("staff.add", "staff:budi").len(), 1);
    assert!(find("staff.add", "staff:budi")[0].0.starts_with("cli:"));
    assert_eq!(find("staff.totp", "staff:budi").len(), 2);
    assert_eq!(find("staff.passwd", "staff:sari").len(), 2);
    assert_eq!(find("staff.disable", "staff:sari").len(), 1);
    assert_eq!(find("staff.enable", "staff:sari").len(), 1);
    let logins = find("staff.login", "staff:budi");
    assert!(logins.len() >= 3, "{rows:?}");
    assert!(logins.iter().all(|r| r.0 == "staff:budi"));
    assert!(
        find("staff.login", "staff:sari")
            .iter()
            .all(|r| r.0 == "staff:sari")
    );
    for r in &rows {
        for secret_text in [BUDI_PW, SARI_PW, secret.as_str(), "argon2id"] {
            assert!(!r.3.contains(secret_text), "{r:?}");
        }
    }
    assert!(s.cli(&["audit", "verify"]).starts_with("audit log intact"));
    rt.block_on(store.close());
}

both_backends!(staff_accounts_and_logins);
