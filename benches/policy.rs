//! Policy regressions: the access decision (hours, quotas, sessions, limits) and its
//! rendering into MikroTik attributes, per login, with the seeded student plan's limits.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use radkota::dictionary::Dictionary;
use radkota::policy::{Account, Limits, Policy, Usage, Vendor, Verdict, decide, render};

fn student() -> Limits {
    Limits {
        rate_up: Some("2M".into()),
        rate_down: Some("4M".into()),
        allowed_hours: Some("05:00-21:00".into()),
        session_timeout: Some(3600),
        idle_timeout: Some(600),
        interim_interval: Some(300),
        daily_bytes: Some(2_000_000_000),
        max_sessions: Some(1),
        ..Limits::default()
    }
}

fn bench(c: &mut Criterion) {
    let dict = Dictionary::embedded();
    let limits = student();
    let policy = Policy::from_limits(&limits).expect("student limits parse");
    let usage = Usage {
        day_bytes: 1_500_000_000,
        day_seconds: 7200,
        month_bytes: 9_000_000_000,
        month_seconds: 40_000,
        open_sessions: 0,
    };
    // 2026-11-30 10:00 WIB, inside the student window.
    let now = 1_764_471_600;
    let offset = 7 * 3600;
    c.bench_function("policy: decide (student, inside hours, quota left)", |b| {
        b.iter(|| {
            black_box(decide(
                black_box(&policy),
                &Account::default(),
                black_box(&usage),
                now,
                offset,
            ))
        })
    });
    let Verdict::Accept(grant) = decide(&policy, &Account::default(), &usage, now, offset) else {
        panic!("the student should be accepted at 10:00 WIB");
    };
    c.bench_function("policy: render grant for MikroTik", |b| {
        b.iter(|| black_box(render(black_box(&grant), Vendor::Mikrotik, &dict)))
    });
    c.bench_function(
        "policy: plan limits -> Policy (per login without a plan cache)",
        |b| b.iter(|| black_box(Policy::from_limits(black_box(&limits)))),
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
