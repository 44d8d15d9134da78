//! Bulk import through the real binary: a 5,000-row CSV with seven planted bad rows reports
//! exactly those lines and changes nothing; `--skip-invalid` imports the rest and imported
//! users log in over RADIUS; generated passwords work; export carries no secrets; NAS import.

mod common;

use std::collections::BTreeSet;

use common::{Db, Server};
use radkota::protocol::Code;
use radkota::protocol::Packet;

const AREAS_CSV: &str = "\
kecamatan_code,kecamatan_name,kelurahan_code,kelurahan_name,rw_code,rw_name
K1,Kecamatan Satu,K1-L1,Kelurahan Satu,K1-L1-01,RW 01
K1,Kecamatan Satu,K1-L1,Kelurahan Satu,K1-L1-02,RW 02
K2,Kecamatan Dua,K2-L1,\"Kelurahan Dua, Utara\",K2-L1-01,
";

fn write(server: &Server, name: &str, text: &str) -> String {
    let path = server.data_dir().parent().unwrap().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn user_count(server: &Server) -> (i64, i64) {
    common::runtime().block_on(async {
        let store = server.store().await;
        let n = store.count_users(None).await.unwrap();
        let a = store.count_audit(&Default::default()).await.unwrap();
        store.close().await;
        (n, a)
    })
}

/// The 5,000-row file and the line numbers of its seven bad rows.
fn registry() -> (String, BTreeSet<usize>) {
    let areas = ["K1-L1-01", "K1-L1-02", "K2-L1-01", "K1", "K2-L1"];
    let mut text = String::from("username,full_name,plan,area,password,school_or_business,id\n");
    let mut bad = BTreeSet::new();
    for i in 0..5000usize {
        let line = i + 2;
        let plan = if i % 3 == 0 { "umkm" } else { "student" };
        let row = match i {
            100 => {
                bad.insert(line);
                // Duplicate of row 0's username.
                "s00000,Dup,student,K1,pw-00000-abc,,".to_string()
            }
            700 => {
                bad.insert(line);
                format!("s{i:05},Name,gold,K1,pw-{i:05}-abc,,")
            }
            1400 => {
                bad.insert(line);
                format!("s{i:05},Name,student,K9-NOPE,pw-{i:05}-abc,,")
            }
            2100 => {
                bad.insert(line);
                format!("budi santoso{i},Name,student,K1,pw-{i:05}-abc,,")
            }
            2800 => {
                bad.insert(line);
                format!("s{i:05},{},student,K1,pw-{i:05}-abc,,", "x".repeat(200))
            }
            3500 => {
                bad.insert(line);
                format!("s{i:05},Name,student,K1,,,")
            }
            4200 => {
                bad.insert(line);
                format!("s{i:05},\"Siti Aminah,student,K1,pw-{i:05}-abc,,")
            }
            _ => format!(
                "s{i:05},\"Siswa {i}, Kelas 9\",{plan},{},pw-{i:05}-abc,SMPN {},{}",
                areas[i % areas.len()],
                i % 40,
                1_000_000 + i
            ),
        };
        text.push_str(&row);
        text.push('\n');
    }
    (text, bad)
}

/// Line numbers reported as `line N: ...` on stderr.
fn reported(stderr: &str) -> BTreeSet<usize> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("line ")?.split(':').next()?.parse().ok())
        .collect()
}

fn import_5000_rows_with_7_bad(db: Db) {
    let s = Server::prepare(db);
    s.cli(&["area", "import", &write(&s, "areas.csv", AREAS_CSV)]);
    s.cli(&[
        "nas",
        "add",
        "rw01",
        "--address",
        "127.0.0.1",
        "--secret",
        "testing123",
        "--rw",
        "K1-L1-01",
    ]);
    let before = user_count(&s);
    let (text, bad) = registry();
    let file = write(&s, "registry.csv", &text);

    // All-or-nothing: exactly the planted lines, exit 1, nothing written.
    let out = s.cli_output(&["user", "import", &file]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(reported(&stderr), bad, "{stderr}");
    assert!(
        stderr.contains("7 of 5000 rows are invalid; nothing was imported"),
        "{stderr}"
    );
    assert_eq!(user_count(&s), before, "the database was changed");

    // --skip-invalid imports the other 4,993.
    let out = s.cli_output(&["user", "import", &file, "--skip-invalid"]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        stdout.contains("imported 4993 users (7 skipped"),
        "{stdout}{stderr}"
    );
    assert_eq!(reported(&stderr), bad);
    // Not a terminal: plain progress lines instead of a bar.
    assert!(stderr.contains("hashing passwords: 4993/4993"), "{stderr}");
    let show = s.cli(&["user", "show", "s00001"]);
    assert!(
        show.contains("area          K1-L1-02") && show.contains("registry id   1000001"),
        "{show}"
    );
    let (users, audit) = user_count(&s);
    assert_eq!(users, 4993);
    assert_eq!(audit, before.1 + 4993, "one audit row per imported user");
    s.cli(&["audit", "verify"]);

    // Generated passwords for a second file, written for slips.
    let slips = s.data_dir().parent().unwrap().join("slips.csv");
    let more = write(
        &s,
        "more.csv",
        "username,full_name,plan,area\ngen1,Gen Satu,student,K2-L1\ngen2,Gen Dua,umkm,K2-L1-01\n",
    );
    let out = s.cli(&[
        "user",
        "import",
        &more,
        "--generate-passwords",
        &slips.display().to_string(),
    ]);
    assert!(out.contains("2 passwords generated"), "{out}");
    let slip_text = std::fs::read_to_string(&slips).unwrap();
    let gen1_pw = slip_text
        .lines()
        .find_map(|l| l.strip_prefix("gen1,Gen Satu,"))
        .expect("gen1 in slips")
        .to_string();
    assert_eq!(gen1_pw.len(), 12);

    // Export: every user, no secrets.
    let export = s.cli(&["user", "export"]);
    assert_eq!(export.lines().count(), 1 + 4995);
    assert!(export.contains("s04999,\"Siswa 4999, Kelas 9\",student,K2-L1,SMPN 39,1004999,active"));
    assert!(!export.contains("argon2") && !export.contains("pw-0") && !export.contains(&gen1_pw));

    // Imported users log in over RADIUS.
    let s = s.start();
    let client = s.client();
    for (user, pw) in [
        ("s00001", "pw-00001-abc".to_string()),
        ("s02501", "pw-02501-abc".to_string()),
        ("s04999", "pw-04999-abc".to_string()),
        ("gen1", gen1_pw),
    ] {
        let req = client.pap_request(user, &pw, true);
        let reply = client.exchange(&req).expect("reply");
        client.verify_reply(&req, &reply);
        assert_eq!(
            Packet::decode(&reply).unwrap().code,
            Code::AccessAccept,
            "{user}"
        );
    }
    let req = client.pap_request("s00001", "wrong-password", true);
    let reply = client.exchange(&req).expect("reply");
    assert_eq!(Packet::decode(&reply).unwrap().code, Code::AccessReject);
}

fn nas_import_and_area_rules(db: Db) {
    let s = Server::prepare(db);
    // Before any area is imported, --rw is free text (a fresh install works as before).
    s.cli(&[
        "nas",
        "add",
        "old",
        "--address",
        "10.9.0.1",
        "--secret",
        "s3cret-old",
        "--rw",
        "07",
    ]);
    s.cli(&[
        "user",
        "add",
        "early",
        "--plan",
        "student",
        "--password",
        "pw-early-1",
    ]);
    s.cli(&["area", "import", &write(&s, "areas.csv", AREAS_CSV)]);
    let list = s.cli(&["area", "list"]);
    assert!(
        list.contains("K2-L1-01") && list.contains("Kelurahan Dua, Utara"),
        "{list}"
    );
    // Re-import is idempotent.
    assert!(
        s.cli(&["area", "import", &write(&s, "areas.csv", AREAS_CSV)])
            .contains("0 areas added, 0 renamed, 7 unchanged")
    );
    // Afterwards areas are required and checked.
    let out = s.cli_output(&[
        "nas",
        "add",
        "x",
        "--address",
        "10.9.0.2",
        "--secret",
        "abc",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let out = s.cli_output(&[
        "nas",
        "add",
        "x",
        "--address",
        "10.9.0.2",
        "--secret",
        "abc",
        "--rw",
        "K1-L1",
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("a NAS belongs to an RW"));
    let out = s.cli_output(&[
        "user",
        "add",
        "u",
        "--plan",
        "student",
        "--password",
        "p",
        "--area",
        "K7",
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("area 'K7' does not exist"));

    let csv = "name,address,secret,rw,vendor\n\
               rw-k1-01,10.1.0.1,secret-k1-01-zz,K1-L1-01,mikrotik\n\
               rw-k1-02,10.1.0.0/24,secret-k1-02-zz,K1-L1-02,\n\
               rw-k2-01,10.2.0.1,secret-k2-01-zz,K2-L1-01,wispr\n\
               rw-bad,10.2.0.1,secret-bad-zzzz,K2-L1-01,mikrotik\n\
               rw-bad2,10.3.0.1,secret-bad-zzzz,K1,mikrotik\n\
               old,10.3.0.2,secret-bad-zzzz,K1-L1-01,cisco\n";
    let file = write(&s, "nas.csv", csv);
    let out = s.cli_output(&["nas", "import", &file]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(reported(&stderr), BTreeSet::from([5, 6, 7]), "{stderr}");
    assert!(
        !stderr.contains("secret-"),
        "a secret in an error: {stderr}"
    );
    let out = s.cli(&["nas", "import", &file, "--skip-invalid"]);
    assert!(out.contains("imported 3 NAS"), "{out}");
    let list = s.cli(&["nas", "list"]);
    assert!(list.contains("rw-k2-01") && list.contains("wispr") && !list.contains("secret-"));
}

both_backends!(import_5000_rows_with_7_bad, nas_import_and_area_rules);
