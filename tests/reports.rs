//! `radkota report` on a small hand-built city, on SQLite and PostgreSQL: real accounting
//! and Access-Request packets over UDP from four hotspots in two kecamatan, sessions that
//! cross midnight, an unregistered user, rejected logins and a wrong shared secret; then
//! exact figures per RW, kelurahan, kecamatan, NAS, plan, day, hour and user, the hotspot
//! flags (also "silent" under a later test clock), the weekly ordering, and pseudonymised
//! exports that carry no username or MAC address.

mod common;

use std::collections::BTreeMap;

use common::{ACCT_ON, Acct, Client, Db, INTERIM, SECRET, START, STOP, Server, eventually};
use radkota::protocol::{Code, Packet};
use serde_json::Value;

const AREAS_CSV: &str = "\
kecamatan_code,kecamatan_name,kelurahan_code,kelurahan_name,rw_code,rw_name
KC1,Kecamatan Satu,KL1,Kelurahan Satu,RW01,RW 01 Satu
KC1,Kecamatan Satu,KL1,Kelurahan Satu,RW02,RW 02 Satu
KC1,Kecamatan Satu,KL2,Kelurahan Dua,RW03,RW 03 Dua
KC2,Kecamatan Dua,KL3,Kelurahan Tiga,RW04,RW 04 Tiga
";

const SITI: &str = "siti.pelajar";
const SARI: &str = "sari.pelajar";
const UMAR: &str = "umar.warung";
const TAMU: &str = "tamu.asing";
const PASSWORD: &str = "Kota-hotspot-passphrase-2026-rahasia";
/// Every MAC the hotspots report (pseudonymised exports must not carry them).
const MACS: [&str; 4] = [
    "AA:BB:CC:00:00:01",
    "AA:BB:CC:00:00:02",
    "AA:BB:CC:00:00:03",
    "AA:BB:CC:00:00:04",
];

const WIB: i64 = 7 * 3600;

fn wall() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Midnight WIB starting today minus `days_ago`, plus `h` hours and `m` minutes.
fn at(days_ago: i64, h: i64, m: i64) -> i64 {
    let today = (wall() + WIB).div_euclid(86_400) * 86_400 - WIB;
    today - days_ago * 86_400 + h * 3600 + m * 60
}

/// `YYYY-MM-DD` of today minus `days_ago` in WIB.
fn day(days_ago: i64) -> String {
    let t = at(days_ago, 12, 0);
    chrono::DateTime::from_timestamp(t + WIB, 0)
        .unwrap()
        .format("%Y-%m-%d")
        .to_string()
}

/// One Accounting-Request as this city's traffic describes it.
struct Record<'a> {
    status: u32,
    session: &'a str,
    user: &'a str,
    mac: &'a str,
    event: i64,
    time: u32,
    input: u32,
    output: u32,
    ident: &'a str,
}

fn acct(c: &Client, a: &Record<'_>) {
    Acct {
        status: a.status,
        session: a.session,
        user: a.user,
        mac: Some(a.mac),
        counters: (a.status != START).then_some((a.time, a.input, a.output)),
        event: Some(a.event),
        nas_identifier: Some(a.ident),
        framed_ip: None,
    }
    .send(c)
}

/// A session: Start at `start`, optional Interim, Stop (unless `stop` is None).
#[allow(clippy::too_many_arguments)]
fn session(
    c: &Client,
    id: &str,
    user: &str,
    mac: &str,
    start: i64,
    interim: Option<(i64, u32, u32, u32)>,
    stop: Option<(i64, u32, u32, u32)>,
    ident: &str,
) {
    let base = Record {
        status: START,
        session: id,
        user,
        mac,
        event: start,
        time: 0,
        input: 0,
        output: 0,
        ident,
    };
    acct(c, &base);
    for (status, rec) in [(INTERIM, interim), (STOP, stop)] {
        if let Some((event, time, input, output)) = rec {
            acct(
                c,
                &Record {
                    status,
                    event,
                    time,
                    input,
                    output,
                    ..base
                },
            );
        }
    }
}

fn login(c: &Client, user: &str, password: &str) -> Option<Code> {
    let req = c.pap_request(user, password, true);
    let reply = (0..3).find_map(|_| c.exchange(&req))?;
    Some(Packet::decode(&reply).unwrap().code)
}

/// Builds the city and its traffic; returns the running server.
fn city(db: Db) -> Server {
    let s = Server::prepare_with(
        db,
        "[reports]\nrejected_min = 3\nrejected_percent = 50\nunderused_min_users = 2\n",
    );
    // A hotspot from before the areas were imported, never placed in an RW.
    s.cli(&[
        "nas",
        "add",
        "nas5",
        "--address",
        "127.0.0.15",
        "--secret",
        "testing123",
    ]);
    let areas = s.data_dir().parent().unwrap().join("areas.csv");
    std::fs::write(&areas, AREAS_CSV).unwrap();
    s.cli(&["area", "import", &areas.display().to_string()]);
    for (name, addr, rw) in [
        ("nas1", "127.0.0.11", Some("RW01")),
        ("nas2", "127.0.0.12", Some("RW02")),
        ("nas3", "127.0.0.13", Some("RW03")),
        ("nas4", "127.0.0.14", Some("RW04")),
    ] {
        s.cli(&[
            "nas",
            "add",
            name,
            "--address",
            addr,
            "--secret",
            "testing123",
            "--rw",
            rw.unwrap_or_default(),
        ]);
    }
    for (user, plan) in [(SITI, "student"), (SARI, "student"), (UMAR, "umkm")] {
        s.cli(&[
            "user",
            "add",
            user,
            "--plan",
            plan,
            "--password",
            PASSWORD,
            "--area",
            "KL1",
        ]);
    }
    let s = s.start();
    let nas = |i: u8| Client::new(&format!("127.0.0.1{i}:0"), s.acct, SECRET);
    let (n1, n2, n3, n4) = (nas(1), nas(2), nas(3), nas(4));
    let id = "rw-hotspot";
    let [m1, m2, m3, m4] = MACS;

    // Nine days ago (last week for the weekly report): short sessions.
    let short = |c: &Client, sid: &str, user: &str| {
        session(
            c,
            sid,
            user,
            m1,
            at(9, 10, 0),
            None,
            Some((at(9, 10, 10), 600, 1, 1)),
            id,
        );
    };
    short(&n1, "old-1a", SITI);
    short(&n1, "old-1b", SARI);
    short(&n3, "old-3a", SITI);
    short(&n3, "old-3b", SARI);
    short(&n3, "old-3c", UMAR);
    short(&n4, "old-4a", SITI);

    // nas1 (RW01): A on D-2; B from D-2 23:00 across midnight to D-1 00:30; C on D-1.
    session(
        &n1,
        "A",
        SITI,
        m1,
        at(2, 10, 0),
        None,
        Some((at(2, 11, 0), 3600, 1000, 10000)),
        id,
    );
    session(
        &n1,
        "B",
        SITI,
        m1,
        at(2, 23, 0),
        Some((at(2, 23, 50), 3000, 500, 5000)),
        Some((at(1, 0, 30), 5400, 800, 9000)),
        id,
    );
    session(
        &n1,
        "C",
        UMAR,
        m3,
        at(1, 9, 0),
        None,
        Some((at(1, 10, 0), 3600, 2000, 20000)),
        id,
    );
    // nas2 (RW02): D stays open; E (unregistered) overlaps it: peak 2.
    session(
        &n2,
        "D",
        SARI,
        m2,
        at(1, 20, 0),
        Some((at(1, 20, 30), 1800, 100, 1000)),
        None,
        id,
    );
    session(
        &n2,
        "E",
        TAMU,
        m4,
        at(1, 21, 0),
        None,
        Some((at(1, 21, 10), 600, 50, 60)),
        id,
    );
    // nas3 (RW03): F on D-2, its last record: a clock far from ours.
    session(
        &n3,
        "F",
        UMAR,
        m3,
        at(2, 8, 0),
        None,
        Some((at(2, 9, 0), 3600, 4000, 40000)),
        id,
    );
    // nas4 (RW04): G and H overlap at 12:10 on D-1: peak 2.
    let g = Record {
        status: START,
        session: "G",
        user: SITI,
        mac: m1,
        event: at(1, 12, 0),
        time: 0,
        input: 0,
        output: 0,
        ident: id,
    };
    let h = Record {
        session: "H",
        user: SARI,
        mac: m2,
        event: at(1, 12, 10),
        ..g
    };
    acct(&n4, &g);
    acct(&n4, &h);
    acct(
        &n4,
        &Record {
            status: STOP,
            event: at(1, 12, 30),
            time: 1800,
            input: 10,
            output: 100,
            ..g
        },
    );
    acct(
        &n4,
        &Record {
            status: STOP,
            event: at(1, 12, 40),
            time: 1800,
            input: 20,
            output: 200,
            ..h
        },
    );

    // Today, with the right clock: nas1 a short session, nas2 an unchanged Interim of D,
    // nas4 a reboot announcing RouterOS's factory identifier.
    let now = wall();
    session(
        &n1,
        "I",
        UMAR,
        m3,
        now,
        None,
        Some((now + 1, 600, 7, 70)),
        id,
    );
    acct(
        &n2,
        &Record {
            status: INTERIM,
            session: "D",
            user: SARI,
            mac: m2,
            event: now,
            time: 1800,
            input: 100,
            output: 1000,
            ident: id,
        },
    );
    acct(
        &n4,
        &Record {
            status: ACCT_ON,
            session: "",
            user: "",
            mac: "",
            event: now,
            time: 0,
            input: 0,
            output: 0,
            ident: "MikroTik",
        },
    );

    // Logins: one accept on nas1; on nas2 one accept, two wrong passwords and one request
    // signed with the wrong shared secret (no answer).
    let auth = |i: u8, secret: &[u8]| Client::new(&format!("127.0.0.1{i}:0"), s.auth, secret);
    assert_eq!(
        login(&auth(1, SECRET), SITI, PASSWORD),
        Some(Code::AccessAccept)
    );
    let a2 = auth(2, SECRET);
    assert_eq!(login(&a2, UMAR, PASSWORD), Some(Code::AccessAccept));
    assert_eq!(login(&a2, SARI, "salah-1"), Some(Code::AccessReject));
    assert_eq!(login(&a2, SARI, "salah-2"), Some(Code::AccessReject));
    // Sent once: every copy would count (it is dropped before the duplicate cache).
    let wrong = Client::new("127.0.0.12:0", s.auth, b"not-the-secret");
    wrong
        .socket
        .set_read_timeout(Some(std::time::Duration::from_millis(300)))
        .unwrap();
    assert_eq!(
        wrong.exchange(&wrong.pap_request(SARI, PASSWORD, true)),
        None
    );
    s
}

fn json(s: &Server, args: &[&str]) -> Value {
    let out = s.cli(args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
}

/// (unique users, sessions, input, output, seconds, peak) of a figures object.
type Fig = (Option<u64>, i64, i64, i64, i64, Option<i64>);

fn fig(v: &Value) -> Fig {
    (
        v["unique_users"].as_u64(),
        v["sessions"].as_i64().unwrap(),
        v["input_octets"].as_i64().unwrap(),
        v["output_octets"].as_i64().unwrap(),
        v["session_seconds"].as_i64().unwrap(),
        v["peak_sessions"].as_i64(),
    )
}

/// key -> total figures of each row.
fn rows(r: &Value) -> BTreeMap<String, Fig> {
    r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| (row["key"].as_str().unwrap().to_string(), fig(&row["total"])))
        .collect()
}

fn row<'a>(r: &'a Value, key: &str) -> &'a Value {
    r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["key"] == key)
        .unwrap_or_else(|| panic!("no row {key} in {r}"))
}

fn usage(s: &Server, by: &str) -> Value {
    json(
        s,
        &[
            "report",
            "usage",
            "--from",
            &day(2),
            "--to",
            &day(0),
            "--by",
            by,
            "--format",
            "json",
            "--raw-names",
        ],
    )
}

fn usage_reports(db: Db) {
    let mut s = city(db);
    s.set_clock(wall());
    let total: Fig = (Some(3), 9, 7987, 80430, 22800, Some(5));

    let rw = usage(&s, "rw");
    assert_eq!(rw["by"], "rw");
    assert_eq!(rw["from"], day(2));
    assert_eq!(fig(&rw["total"]), total);
    let expected: BTreeMap<String, Fig> = [
        ("RW01", (Some(2), 4, 3807, 39070, 13200, Some(1))),
        ("RW02", (Some(1), 2, 150, 1060, 2400, Some(2))),
        ("RW03", (Some(1), 1, 4000, 40000, 3600, Some(1))),
        ("RW04", (Some(2), 2, 30, 300, 3600, Some(2))),
        ("-", (Some(0), 0, 0, 0, 0, Some(0))),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(rows(&rw), expected);
    let keys: Vec<&str> = rw["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["RW01", "RW02", "RW03", "RW04", "-"]);
    let r1 = row(&rw, "RW01");
    assert_eq!(r1["label"], "RW 01 Satu");
    assert_eq!(r1["kelurahan"], "KL1");
    assert_eq!(r1["kecamatan"], "KC1");
    assert_eq!(
        fig(&r1["by_plan"]["student"]),
        (Some(1), 2, 1800, 19000, 9000, None)
    );
    assert_eq!(
        fig(&r1["by_plan"]["umkm"]),
        (Some(1), 2, 2007, 20070, 4200, None)
    );
    let r2 = row(&rw, "RW02");
    assert_eq!(fig(&r2["by_plan"]["-"]), (Some(0), 1, 50, 60, 600, None));
    assert_eq!(row(&rw, "-")["label"], "(tanpa RW / no RW)");

    let kel = usage(&s, "kelurahan");
    assert_eq!(fig(&kel["total"]), total);
    let expected: BTreeMap<String, Fig> = [
        ("KL1", (Some(3), 6, 3957, 40130, 15600, Some(3))),
        ("KL2", (Some(1), 1, 4000, 40000, 3600, Some(1))),
        ("KL3", (Some(2), 2, 30, 300, 3600, Some(2))),
        ("-", (Some(0), 0, 0, 0, 0, Some(0))),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(rows(&kel), expected);
    assert_eq!(row(&kel, "KL2")["label"], "Kelurahan Dua");
    assert_eq!(row(&kel, "KL2")["kecamatan"], "KC1");

    let kec = usage(&s, "kecamatan");
    let expected: BTreeMap<String, Fig> = [
        ("KC1", (Some(3), 7, 7957, 80130, 19200, Some(3))),
        ("KC2", (Some(2), 2, 30, 300, 3600, Some(2))),
        ("-", (Some(0), 0, 0, 0, 0, Some(0))),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(rows(&kec), expected);
    assert_eq!(
        fig(&kec["total_by_plan"]["student"]),
        (Some(2), 5, 1930, 20300, 14400, None)
    );

    let plan = usage(&s, "plan");
    let expected: BTreeMap<String, Fig> = [
        ("student", (Some(2), 5, 1930, 20300, 14400, None)),
        ("umkm", (Some(1), 3, 6007, 60070, 7800, None)),
        ("-", (Some(0), 1, 50, 60, 600, None)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(rows(&plan), expected);
    assert_eq!(row(&plan, "-")["label"], "(tidak terdaftar / unregistered)");
    assert_eq!(fig(&plan["total"]), total);

    let nas = usage(&s, "nas");
    assert_eq!(rows(&nas)["nas4"], (Some(2), 2, 30, 300, 3600, Some(2)));
    assert_eq!(rows(&nas)["nas5"], (Some(0), 0, 0, 0, 0, Some(0)));
    assert_eq!(row(&nas, "nas3")["kecamatan"], "KC1");

    // Per day: B's part before midnight on D-2, after it on D-1.
    let days = usage(&s, "day");
    let expected: BTreeMap<String, Fig> = [
        (day(2), (Some(2), 3, 5500, 55000, 10200, Some(2))),
        (day(1), (Some(3), 5, 2480, 25360, 12000, Some(5))),
        (day(0), (Some(1), 1, 7, 70, 600, Some(1))),
    ]
    .into_iter()
    .collect();
    assert_eq!(rows(&days), expected);
    let d1 = row(&days, &day(1));
    assert_eq!(
        fig(&d1["by_plan"]["student"]),
        (Some(2), 3, 430, 5300, 7800, None)
    );
    assert_eq!(
        fig(&d1["by_plan"]["umkm"]),
        (Some(1), 1, 2000, 20000, 3600, None)
    );
    assert_eq!(fig(&d1["by_plan"]["-"]), (Some(0), 1, 50, 60, 600, None));
    assert_eq!(fig(&days["total"]), total);

    // Per hour of the day (unique users unknowable per hour).
    let hours = usage(&s, "hour");
    assert_eq!(hours["rows"].as_array().unwrap().len(), 24);
    let mut expected: BTreeMap<String, Fig> = BTreeMap::new();
    for (h, f) in [
        (0, (None, 0, 300, 4000, 2400, Some(0))),
        (8, (None, 1, 0, 0, 0, Some(1))),
        (9, (None, 1, 4000, 40000, 3600, Some(1))),
        (10, (None, 1, 2000, 20000, 3600, Some(1))),
        (11, (None, 0, 1000, 10000, 3600, Some(0))),
        (12, (None, 2, 30, 300, 3600, Some(2))),
        (20, (None, 1, 100, 1000, 1800, Some(1))),
        (21, (None, 1, 50, 60, 600, Some(2))),
        (23, (None, 1, 500, 5000, 3000, Some(1))),
    ] {
        expected.insert(format!("{h:02}"), f);
    }
    // I happens now.
    let now_hour = format!("{:02}", (wall() + WIB).rem_euclid(86_400) / 3600);
    let e = expected
        .entry(now_hour)
        .or_insert((None, 0, 0, 0, 0, Some(0)));
    e.1 += 1;
    e.2 += 7;
    e.3 += 70;
    e.4 += 600;
    e.5 = Some(e.5.unwrap().max(1));
    for (h, f) in rows(&hours) {
        let want = expected
            .get(&h)
            .copied()
            .unwrap_or((None, 0, 0, 0, 0, Some(0)));
        assert_eq!(f, want, "hour {h}");
    }
    assert_eq!(fig(&hours["total"]), total);

    // Per user, raw names (an operator at the server asked for them).
    let users = usage(&s, "user");
    assert_eq!(users["pseudonymised"], false);
    let expected: BTreeMap<String, Fig> = [
        (SITI, (Some(1), 3, 1810, 19100, 10800, None)),
        (SARI, (Some(1), 2, 120, 1200, 3600, None)),
        (UMAR, (Some(1), 3, 6007, 60070, 7800, None)),
        (TAMU, (Some(0), 1, 50, 60, 600, None)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(rows(&users), expected);

    // Pseudonymised by default: same figures, no username or MAC anywhere, and a fresh
    // key per export.
    let args = |fmt: &'static str| {
        vec![
            "report".to_string(),
            "usage".into(),
            "--from".into(),
            day(2),
            "--to".into(),
            day(0),
            "--by".into(),
            "user".into(),
            "--format".into(),
            fmt.into(),
        ]
    };
    let run = |fmt| {
        let a = args(fmt);
        s.cli(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let (pj, pj2, pc, pt) = (run("json"), run("json"), run("csv"), run("table"));
    for out in [&pj, &pc, &pt] {
        for secret in [SITI, SARI, UMAR, TAMU, "siti", "umar"]
            .iter()
            .chain(MACS.iter())
        {
            assert!(!out.contains(secret), "{secret} in {out}");
        }
    }
    let p: Value = serde_json::from_str(&pj).unwrap();
    assert_eq!(p["pseudonymised"], true);
    let mut figs: Vec<Fig> = rows(&p).into_values().collect();
    let mut want: Vec<Fig> = expected.into_values().collect();
    figs.sort();
    want.sort();
    assert_eq!(figs, want);
    for k in rows(&p).keys() {
        assert!(k.starts_with("u-") && k.len() == 14, "{k}");
    }
    let p2: Value = serde_json::from_str(&pj2).unwrap();
    assert!(rows(&p).keys().all(|k| !rows(&p2).contains_key(k)));

    // CSV: header, raw numbers, one line per row and plan.
    let csv = s.cli(&[
        "report",
        "usage",
        "--from",
        &day(2),
        "--to",
        &day(0),
        "--by",
        "rw",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "by,from,to,key,label,kecamatan,kelurahan,plan,unique_users,sessions,input_octets,output_octets,session_seconds,peak_sessions"
    );
    assert!(
        lines.contains(
            &format!(
                "rw,{},{},RW01,RW 01 Satu,KC1,KL1,all,2,4,3807,39070,13200,1",
                day(2),
                day(0)
            )
            .as_str()
        ),
        "{csv}"
    );
    assert!(
        lines.contains(
            &format!(
                "rw,{},{},RW01,RW 01 Satu,KC1,KL1,umkm,1,2,2007,20070,4200,",
                day(2),
                day(0)
            )
            .as_str()
        ),
        "{csv}"
    );
    assert!(
        lines.contains(
            &format!(
                "rw,{},{},total,Jumlah / Total,,,all,3,9,7987,80430,22800,5",
                day(2),
                day(0)
            )
            .as_str()
        ),
        "{csv}"
    );

    // Table: human units, one decimal hour.
    let table = s.cli(&["report", "usage", "--from", &day(2), "--to", &day(0)]);
    let line = table.lines().find(|l| l.starts_with("RW03")).unwrap();
    assert!(
        line.contains("3.9 KiB") && line.contains("39.1 KiB") && line.contains("1.0"),
        "{table}"
    );

    // --output writes the file; bad dates are one-line errors.
    let file = s.data_dir().parent().unwrap().join("r.json");
    let out = s.cli(&[
        "report",
        "usage",
        "--from",
        &day(2),
        "--to",
        &day(0),
        "--format",
        "json",
        "--output",
        &file.display().to_string(),
    ]);
    assert_eq!(out, "");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(fig(&written["total"]), total);
    // --format html: the whole-period page from the same rollups, every grouping at once.
    let page = s.data_dir().parent().unwrap().join("r.html");
    let out = s.cli(&[
        "report",
        "usage",
        "--from",
        &day(2),
        "--to",
        &day(0),
        "--format",
        "html",
        "--lang",
        "en",
        "--output",
        &page.display().to_string(),
    ]);
    assert_eq!(out, "");
    let html = std::fs::read_to_string(&page).unwrap();
    for needle in [
        "id=\"chart-daily\"",
        "id=\"chart-plans\"",
        "id=\"chart-rw-top\"",
        "class=\"kecamatan-table\"",
        "data-rw=\"RW03\"",
        "Unique users",
    ] {
        assert!(html.contains(needle), "{needle} missing from the page");
    }
    let tables: Vec<&str> = html
        .split("data-kecamatan=\"")
        .skip(1)
        .map(|t| t.split('"').next().unwrap())
        .collect();
    assert_eq!(
        tables,
        ["KC1", "KC2", ""],
        "two kecamatan and the hotspot outside any"
    );
    assert!(!html.contains("http://") && !html.contains("https://"));
    let html = s.cli_output(&["report", "hotspots", "--format", "html"]);
    assert_eq!(html.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&html.stderr).contains("report usage --format html"));
    let bad = s.cli_output(&["report", "usage", "--from", "2026-13-01"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a date"));
}

fn flags(h: &Value) -> Vec<String> {
    h["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect()
}

fn hotspot_and_weekly_reports(db: Db) {
    let mut s = city(db);
    s.set_clock(wall());
    // The auth log writer stores counts off the request path: wait for them.
    let mut report = Value::Null;
    assert!(
        eventually(10, || {
            report = json(&s, &["report", "hotspots", "--format", "json"]);
            let r = report["rows"].as_array().unwrap();
            r.iter().any(|h| {
                h["name"] == "nas2" && h["bad_authenticators_week"] == 1 && h["rejects_week"] == 2
            }) && r
                .iter()
                .any(|h| h["name"] == "nas1" && h["logins_today"] == 1)
        }),
        "{report}"
    );
    assert_eq!(report["today"], day(0));
    assert_eq!(report["week_from"], day(6));
    let names: Vec<&str> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["nas2", "nas3", "nas4", "nas5", "nas1"]);
    let by_name = |n: &str| {
        report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["name"] == n)
            .unwrap()
            .clone()
    };
    let n1 = by_name("nas1");
    assert_eq!(flags(&n1), Vec::<String>::new());
    assert_eq!(n1["logins_today"], 1);
    assert_eq!(n1["logins_week"], 1);
    assert_eq!(n1["users_today"], 1);
    assert_eq!(n1["users_week"], 2);
    assert_eq!(n1["open_sessions"], 0);
    assert_eq!(n1["active_days_week"], 3);
    assert_eq!(n1["rw"], "RW01");
    assert_eq!(n1["kecamatan"], "KC1");
    assert!(n1["clock_skew"].as_i64().unwrap().abs() <= 5, "{n1}");
    let n2 = by_name("nas2");
    assert_eq!(flags(&n2), ["rejected-heavy"]);
    assert_eq!(n2["logins_week"], 1);
    assert_eq!(n2["rejects_today"], 2);
    assert_eq!(n2["open_sessions"], 1);
    assert_eq!(n2["users_week"], 1);
    assert_eq!(n2["users_today"], 0);
    let n3 = by_name("nas3");
    assert_eq!(flags(&n3), ["clock-skew"]);
    assert!(n3["clock_skew"].as_i64().unwrap() < -86_400, "{n3}");
    let n4 = by_name("nas4");
    assert_eq!(flags(&n4), ["default-identifier"]);
    assert_eq!(n4["nas_identifier"], "MikroTik");
    let n5 = by_name("nas5");
    assert_eq!(flags(&n5), ["never-seen"]);
    assert_eq!(n5["last_accounting_at"], Value::Null);

    // Weekly, the week ending yesterday: underused RW03 first, then by change.
    let weekly = json(&s, &["report", "weekly", "--format", "json"]);
    assert_eq!(weekly["week_to"], day(1));
    assert_eq!(weekly["week_from"], day(7));
    assert_eq!(weekly["last_week_to"], day(8));
    assert_eq!(weekly["last_week_from"], day(14));
    let order: Vec<(&str, Option<f64>, Vec<String>)> = weekly["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["rw"].as_str().unwrap(),
                r["change_percent"].as_f64(),
                flags(r),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            (
                "RW03",
                Some(-66.7),
                vec!["underused".to_string(), "clock-skew".into()]
            ),
            ("RW01", Some(0.0), vec![]),
            ("RW04", Some(100.0), vec!["default-identifier".into()]),
            ("-", None, vec!["never-seen".into()]),
            ("RW02", None, vec!["rejected-heavy".into()]),
        ]
    );
    let rw03 = &weekly["rows"][0];
    assert_eq!(
        fig(&rw03["this_week"]),
        (Some(1), 1, 4000, 40000, 3600, Some(1))
    );
    assert_eq!(fig(&rw03["last_week"]), (Some(3), 3, 3, 3, 1800, Some(1)));
    let csv = s.cli(&["report", "weekly", "--format", "csv"]);
    assert!(
        csv.lines().nth(1).unwrap().starts_with(
            "RW03,RW 03 Dua,KC1,KL2,1,1,4000,40000,3600,1,3,3,3,3,1800,1,-66.7,underused;clock-skew"
        ),
        "{csv}"
    );

    // Eight hours later with no packet: nas1, busy on three days this week, is silent;
    // the others had traffic on fewer days.
    s.set_clock(wall() + 8 * 3600);
    let later = json(&s, &["report", "hotspots", "--format", "json"]);
    let n1 = later["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == "nas1")
        .unwrap();
    assert_eq!(flags(n1), ["silent"]);
    for h in later["rows"].as_array().unwrap() {
        assert_eq!(
            flags(h).contains(&"silent".to_string()),
            h["name"] == "nas1",
            "{h}"
        );
    }
    let weekly = json(
        &s,
        &[
            "report",
            "weekly",
            "--week-end",
            &day(1),
            "--format",
            "json",
        ],
    );
    let first: Vec<&str> = weekly["rows"]
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .map(|r| r["rw"].as_str().unwrap())
        .collect();
    assert_eq!(first, ["RW01", "RW03"]);
    let table = s.cli(&["report", "hotspots"]);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("nas1") && l.ends_with("silent")),
        "{table}"
    );
}

both_backends!(usage_reports, hotspot_and_weekly_reports);
