//! `radkota bench` against a running radkota: every kind it can send today gets answered and
//! counted correctly, and wrong passwords show up as rejects, not as successes.

mod common;

use common::{Db, Server};

fn result_field(out: &str, key: &str) -> u64 {
    let line = out
        .lines()
        .find(|l| l.starts_with("RESULT"))
        .unwrap_or_else(|| panic!("no RESULT line:\n{out}"));
    line.split_whitespace()
        .find_map(|w| w.strip_prefix(&format!("{key}=")))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{key} missing in {line}"))
}

fn bench_kinds_against_radkota(db: Db) {
    let s = Server::prepare(db);
    s.cli(&[
        "nas",
        "add",
        "bench",
        "--address",
        "127.0.0.1",
        "--secret",
        "testing123",
    ]);
    for n in 1..=10 {
        s.cli(&[
            "user",
            "add",
            &format!("user{n:05}"),
            "--plan",
            "student",
            "--password",
            &format!("pass{n:05}"),
        ]);
    }
    let s = s.start();
    let port = s.auth.port().to_string();
    let acct = s.acct.port().to_string();
    for kind in ["chap", "pap", "mschapv2", "status"] {
        let out = s.cli(&[
            "bench",
            "--secret",
            "testing123",
            "--auth-port",
            &port,
            "--acct-port",
            &acct,
            "--kind",
            kind,
            "-n",
            "300",
            "--users",
            "10",
            "--clients",
            "8",
        ]);
        assert_eq!(result_field(&out, "answered"), 300, "{kind}:\n{out}");
        assert_eq!(result_field(&out, "ok"), 300, "{kind}:\n{out}");
        assert_eq!(result_field(&out, "timeouts"), 0, "{kind}:\n{out}");
        assert_eq!(result_field(&out, "bad"), 0, "{kind}:\n{out}");
    }
    let out = s.cli(&[
        "bench",
        "--secret",
        "testing123",
        "--auth-port",
        &port,
        "--kind",
        "chap",
        "-n",
        "50",
        "--users",
        "10",
        "--pass-prefix",
        "wrong",
    ]);
    assert_eq!(result_field(&out, "rejects"), 50, "{out}");
    assert_eq!(result_field(&out, "ok"), 0, "{out}");
    // A wrong shared secret: replies fail verification (CHAP ignores the secret, the
    // Message-Authenticator does not, so the server drops them: timeouts).
    let out = s.cli(&[
        "bench",
        "--secret",
        "not-the-secret",
        "--auth-port",
        &port,
        "--kind",
        "chap",
        "-n",
        "5",
        "--timeout-ms",
        "300",
    ]);
    assert_eq!(result_field(&out, "timeouts"), 5, "{out}");
}

both_backends!(bench_kinds_against_radkota);
