//! Wire compatibility with FreeRADIUS's own clients: `radclient` and `radtest` (Debian
//! package freeradius-utils) log in over PAP and CHAP and see the plan's rate limit.
//! `.ci/run` installs the package and sets RADKOTA_REQUIRE_INTEROP=1 so that a missing tool
//! fails the suite instead of skipping.

mod common;

use std::process::Command;

use common::{Db, Server, interop};

fn tool_available(name: &str) -> bool {
    interop::tool_available(name, "freeradius-utils")
}

fn radclient(server: &str, kind: &str, attrs: &str) -> String {
    interop::radclient(server, kind, "testing123", 2, 2, attrs)
}

fn radclient_pap_and_chap(db: Db) {
    if !tool_available("radclient") {
        return;
    }
    let s = Server::prepare(db);
    s.provision();
    let s = s.start();
    let addr = s.auth.to_string();

    let out = radclient(
        &addr,
        "auth",
        "User-Name = siswa, User-Password = \"rahasia-siswa\", Message-Authenticator = 0x00\n",
    );
    assert!(out.contains("Received Access-Accept"), "PAP:\n{out}");
    assert!(
        out.contains("Mikrotik-Rate-Limit = \"2M/4M\""),
        "PAP rate limit:\n{out}"
    );
    assert!(
        out.contains("Session-Timeout = 3600"),
        "PAP session timeout:\n{out}"
    );

    // This NAS has sent Message-Authenticator, so under `auto` every later request needs one.
    let out = radclient(
        &addr,
        "auth",
        "User-Name = warung, CHAP-Password = \"Malang-RW07-hotspot-passphrase-37-oct\"\n",
    );
    assert!(
        out.contains("No reply from server"),
        "CHAP without MA after MA was seen must be dropped:\n{out}"
    );
    let out = radclient(
        &addr,
        "auth",
        "User-Name = warung, CHAP-Password = \"Malang-RW07-hotspot-passphrase-37-oct\", Message-Authenticator = 0x00\n",
    );
    assert!(out.contains("Received Access-Accept"), "CHAP:\n{out}");
    assert!(
        out.contains("Mikrotik-Rate-Limit = \"5M/10M\""),
        "CHAP rate limit:\n{out}"
    );

    let out = radclient(
        &addr,
        "auth",
        "User-Name = siswa, User-Password = \"salah\", Message-Authenticator = 0x00\n",
    );
    assert!(
        out.contains("Received Access-Reject"),
        "wrong password:\n{out}"
    );

    let out = radclient(&addr, "status", "Message-Authenticator = 0x00\n");
    assert!(
        out.contains("Received Access-Accept"),
        "Status-Server:\n{out}"
    );
}

fn radtest_pap_and_chap(db: Db) {
    if !tool_available("radtest") {
        return;
    }
    let s = Server::prepare(db);
    s.provision();
    let s = s.start();
    let addr = s.auth.to_string();
    for method in ["pap", "chap"] {
        let out = Command::new("radtest")
            .args([
                "-t",
                method,
                "siswa",
                "rahasia-siswa",
                &addr,
                "0",
                "testing123",
            ])
            .output()
            .expect("radtest");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("Received Access-Accept"),
            "radtest {method}:\n{text}"
        );
        assert!(
            text.contains("Mikrotik-Rate-Limit = \"2M/4M\""),
            "radtest {method}:\n{text}"
        );
    }
}

both_backends!(radclient_pap_and_chap, radtest_pap_and_chap);
