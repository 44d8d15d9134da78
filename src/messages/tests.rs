//! The messages file's checks and the facts a refusal is worded with.

use super::*;
use crate::domain::{Limits, Policy, Usage};
use crate::policy::Account;

/// 2025-06-02 (a Monday) at hh:mm in WIB, as UTC epoch seconds.
fn wib(h: i64, m: i64) -> i64 {
    1_748_822_400 + h * 3600 + m * 60 - 7 * 3600
}

fn error(text: &str) -> MessagesError {
    Messages::with_overlay("pesan.txt", text.as_bytes()).unwrap_err()
}

#[test]
fn the_built_in_file_is_complete_and_valid() {
    let m = Messages::with_overlay("none", b"").unwrap();
    for lang in Language::ALL {
        for key in Key::ALL {
            let text = m.render(lang, key, &Facts::default());
            assert!(text.is_some_and(|t| !t.is_empty()), "{lang:?} {key:?}");
        }
    }
    // The shipped file is the built-in one.
    let shipped = std::fs::read("config/messages.txt").unwrap();
    assert_eq!(shipped, BUILT_IN.as_bytes());
    parse::overlay(&mut Messages::built_in(), "x", &shipped).unwrap();
}

#[test]
fn mistakes_name_the_file_and_line() {
    let e = error("# fine\n[id]\ndaily_data = Habis {lmit}.\n");
    assert_eq!(e.line, 3);
    assert!(
        e.to_string().starts_with("messages file pesan.txt line 3:"),
        "{e}"
    );
    assert!(
        e.reason.contains("{lmit}") && e.reason.contains("{limit}"),
        "{e}"
    );
    assert_eq!(error("[id]\nnope = x\n").line, 2);
    assert_eq!(error("login_failed = x\n").line, 1);
    assert_eq!(error("[fr]\n").line, 1);
    assert_eq!(error("[id]\nexpired = {when\n").line, 2);
    assert_eq!(error("[id]\ndisabled = a } b\n").line, 2);
    assert_eq!(error("[id]\ndisabled = {when}\n").line, 2);
    assert_eq!(error("[id]\ndisabled = a\n\ndisabled = b\n").line, 4);
    assert_eq!(error("[en]\njust words\n").line, 2);
    let long = format!("[id]\ndisabled = {}\n", "x".repeat(254));
    assert!(error(&long).reason.contains("253"));
    assert!(error("[id]\n\u{ff}\n").to_string().contains("line 2"));
    let bad_utf8 = b"[id]\ndisabled = \xff\xfe\n";
    let e = Messages::with_overlay("p", bad_utf8).unwrap_err();
    assert_eq!((e.line, e.reason.as_str()), (2, "is not valid UTF-8"));
}

#[test]
fn an_overlay_replaces_only_its_keys_and_empty_means_silent() {
    let m = Messages::with_overlay(
        "p",
        "[en]\ndisabled = Ask {{the}} office.\n[id]\nrefused =\n".as_bytes(),
    )
    .unwrap();
    let f = Facts::default();
    assert_eq!(
        m.render(Language::En, Key::Disabled, &f).as_deref(),
        Some("Ask {the} office.")
    );
    assert_eq!(m.render(Language::Id, Key::Refused, &f), None);
    assert_eq!(
        m.render(Language::Id, Key::Disabled, &f).as_deref(),
        Some("Akun Anda dinonaktifkan. Hubungi pengurus RW.")
    );
}

#[test]
fn long_values_are_cut_at_a_character_boundary() {
    let m = Messages::with_overlay("p", "[id]\nwelcome = {user}\n".as_bytes()).unwrap();
    let f = Facts::default().with("user", "é".repeat(200));
    let text = m.render(Language::Id, Key::Welcome, &f).unwrap();
    assert_eq!(text.len(), 252);
}

fn policy(l: Limits) -> Policy {
    Policy::from_limits(&l).unwrap()
}

#[test]
fn facts_say_when_it_works_again() {
    let offset = 7 * 3600;
    let p = policy(Limits {
        daily_bytes: Some(1_000_000),
        monthly_bytes: Some(5_000_000),
        allowed_hours: Some("05:00-21:00".into()),
        max_sessions: Some(2),
        ..Limits::default()
    });
    let used = Usage {
        day_bytes: 1_000_000,
        open_sessions: 2,
        ..Usage::default()
    };
    let a = Account::default();
    let (key, f) = refusal_facts(
        "daily data quota used up",
        Some(&p),
        &a,
        &used,
        wib(10, 0),
        offset,
    );
    assert_eq!(key, Key::DailyData);
    assert_eq!(f.get("reset"), "00:00 WIB");
    assert_eq!(f.get("limit"), "1MB");
    let (_, f) = refusal_facts(
        "monthly data quota used up",
        Some(&p),
        &a,
        &used,
        wib(10, 0),
        offset,
    );
    assert_eq!(f.get("reset"), "2025-07-01 00:00 WIB");
    let (key, f) = refusal_facts(
        "outside allowed hours",
        Some(&p),
        &a,
        &used,
        wib(22, 0),
        offset,
    );
    assert_eq!(key, Key::OutsideHours);
    assert_eq!(
        (f.get("hours"), f.get("opens")),
        ("05:00-21:00", "05:00 WIB")
    );
    let (_, f) = refusal_facts("too many sessions", Some(&p), &a, &used, 0, offset);
    assert_eq!((f.get("online"), f.get("max")), ("2", "2"));
    let gone = Account {
        expires_at: Some(wib(9, 0)),
        first_login_at: None,
    };
    let (key, f) = refusal_facts("expired", Some(&p), &gone, &used, wib(10, 0), offset);
    assert_eq!((key, f.get("when")), (Key::Expired, "2025-06-02 09:00 WIB"));
    assert_eq!(facts::zone_label(8 * 3600), "WITA");
    assert_eq!(facts::zone_label(19_800), "UTC+5:30");
}

#[test]
fn the_welcome_counts_what_is_left() {
    let p = policy(Limits {
        daily_bytes: Some(2_000_000_000),
        ..Limits::default()
    });
    let used = Usage {
        day_bytes: 500_000_000,
        ..Usage::default()
    };
    let f = welcome_facts("siti", &p, &used, Language::Id);
    assert_eq!(f.get("data_left"), "1500MB");
    assert_eq!(f.get("time_left"), "tanpa batas");
}
