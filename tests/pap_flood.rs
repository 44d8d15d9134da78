//! A wrong-password PAP flood from one registered NAS (issue 25, fair verification), over
//! real UDP against the real server with one argon2 worker: first-time PAP logins from
//! another NAS still pass, CHAP and cached PAP lose nothing, the backlog does not outlive
//! the flood, and what was shed or throttled is counted and in the auth log with its reason.
//! The flood rates are multiples of the argon2 rate measured here, with the test's costs.
//! With RADKOTA_FLOOD_BENCH=1 (scripts/bench-flood.sh) the same scenarios run at the
//! default argon2 cost with the default workers (one per core), the flood of (b) for 30 s,
//! and print the figures BENCHMARKS.md reports.

mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use common::{Client, Db, SECRET, Server, code, final_counter, runtime};
use radkota::auth::pap::{Argon2Params, hash_password, verify_password};
use radkota::protocol::Code;

/// The attacking NAS's address; the other NAS is 127.0.0.1.
const ATTACKER: &str = "127.0.0.2";

/// Whether this run is the benchmark (default costs and workers) rather than the test.
fn bench() -> bool {
    std::env::var_os("RADKOTA_FLOOD_BENCH").is_some()
}

/// The argon2 cost and workers of a run: the test's (one worker, `test_costs`), or the
/// shipped defaults (one worker per core) for the benchmark.
fn setup(test_costs: Argon2Params) -> (Argon2Params, usize) {
    if bench() {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        (Argon2Params::default(), cores)
    } else {
        (test_costs, 1)
    }
}

/// A server with `workers` argon2 threads whose hashes (users' and the dummy) cost
/// `argon2`, and the NAS rw01 (127.0.0.1) and rw02 (the attacker).
fn server(db: Db, argon2: Argon2Params, workers: usize) -> Server {
    let s = Server::prepare_with(db, &format!("[auth]\nargon2_workers = {workers}\n"));
    let path = s.config_path();
    let text = std::fs::read_to_string(&path).unwrap();
    let costs = format!(
        "memory_kib = {}\niterations = {}\n",
        argon2.memory_kib, argon2.iterations
    );
    let changed = text.replace("memory_kib = 1024\niterations = 1\n", &costs);
    assert_ne!(changed, text, "the test config's argon2 section moved");
    std::fs::write(&path, changed).unwrap();
    for (name, address) in [("rw01", "127.0.0.1"), ("rw02", ATTACKER)] {
        s.cli(&[
            "nas",
            "add",
            name,
            "--address",
            address,
            "--secret",
            "testing123",
        ]);
    }
    s
}

/// Verifications a second `workers` argon2 threads manage at these costs, on this machine:
/// from the fastest of 20 verifications on one thread, so a machine busy with other work
/// makes it an overestimate (the floods are then larger than their multiple), never less.
fn argon2_rate(argon2: &Argon2Params, workers: usize) -> f64 {
    let phc = hash_password(b"pengukur", argon2).unwrap();
    verify_password(b"pengukur", &phc);
    let fastest = (0..20)
        .map(|_| {
            let started = Instant::now();
            verify_password(b"salah", &phc);
            started.elapsed()
        })
        .min()
        .unwrap();
    workers as f64 / fastest.as_secs_f64()
}

/// Load tests of this file run one at a time, so that one's flood is not another's noise.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner())
}

/// Adds `users` (umkm plan) through one `user import`.
fn add_users(s: &Server, users: &[(String, String)]) {
    let mut csv = String::from("username,full_name,plan,area,password\n");
    for (name, password) in users {
        csv.push_str(&format!("{name},Pengguna {name},umkm,,{password}\n"));
    }
    let file = s.data_dir().with_file_name("users.csv");
    std::fs::write(&file, csv).unwrap();
    s.cli(&["user", "import", file.to_str().unwrap()]);
}

/// Sends wrong-password PAP from the attacker at `rate` a second until stopped: every
/// fourth for one of `targets` (a real user, so the back-off meets it), the rest for
/// made-up names, each with a new password, so neither cache spares an argon2 run.
struct Flood {
    stop: Arc<AtomicBool>,
    sent: Arc<AtomicU64>,
    accepted: Arc<AtomicU64>,
    rejected: Arc<AtomicU64>,
    threads: Vec<JoinHandle<()>>,
}

impl Flood {
    fn start(s: &Server, rate: f64, targets: Vec<String>) -> Flood {
        let client = Client::new(&format!("{ATTACKER}:0"), s.auth, SECRET);
        let receiver = client.socket.try_clone().unwrap();
        receiver
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        let (stop, sent) = (
            Arc::new(AtomicBool::new(false)),
            Arc::new(AtomicU64::new(0)),
        );
        let (accepted, rejected) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
        let sender = {
            let (stop, sent) = (stop.clone(), sent.clone());
            std::thread::spawn(move || {
                paced(rate, &stop, |i| {
                    let user = match targets.get((i / 4) as usize % targets.len().max(1)) {
                        Some(t) if i % 4 == 0 => t.clone(),
                        _ => format!("tamu-{i}"),
                    };
                    let password = format!("tebakan-{}", rand::random::<u64>());
                    client.send(&client.pap_request(&user, &password, true));
                    sent.fetch_add(1, Ordering::Relaxed);
                });
            })
        };
        let counter = {
            let (stop, accepted, rejected) = (stop.clone(), accepted.clone(), rejected.clone());
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                // Replies still arrive a little after the flood stops.
                let mut quiet_since = None::<Instant>;
                loop {
                    match receiver.recv_from(&mut buf) {
                        Ok((n, _)) => match code(&buf[..n]) {
                            Code::AccessAccept => accepted.fetch_add(1, Ordering::Relaxed),
                            _ => rejected.fetch_add(1, Ordering::Relaxed),
                        },
                        Err(_) if stop.load(Ordering::Relaxed) => {
                            let since = *quiet_since.get_or_insert_with(Instant::now);
                            if since.elapsed() > Duration::from_millis(500) {
                                return;
                            }
                            continue;
                        }
                        Err(_) => continue,
                    };
                }
            })
        };
        Flood {
            stop,
            sent,
            accepted,
            rejected,
            threads: vec![sender, counter],
        }
    }

    /// Stops sending; returns (sent, accepted, rejected) once the replies have settled.
    fn stop(self) -> (u64, u64, u64) {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.threads {
            t.join().unwrap();
        }
        let g = |c: &AtomicU64| c.load(Ordering::Relaxed);
        (g(&self.sent), g(&self.accepted), g(&self.rejected))
    }
}

/// Calls `send(i)` for i = 0, 1, ... at `rate` a second until `stop` is set.
fn paced(rate: f64, stop: &AtomicBool, mut send: impl FnMut(u64)) {
    let started = Instant::now();
    let mut done = 0u64;
    while !stop.load(Ordering::Relaxed) {
        let due = (started.elapsed().as_secs_f64() * rate) as u64;
        while done < due {
            send(done);
            done += 1;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Replies by Identifier, with when each arrived.
type Replies = HashMap<u8, (Vec<u8>, Instant)>;

/// The auth log as (username, nas name, accepted, reason), once the server has stopped.
fn auth_log(s: &Server) -> Vec<(String, String, bool, String)> {
    let rt = runtime();
    let store = rt.block_on(s.store());
    let nas: HashMap<i64, String> = rt
        .block_on(store.list_nas())
        .unwrap()
        .into_iter()
        .map(|n| (n.id, n.name))
        .collect();
    rt.block_on(store.recent_auth_log(None, 1_000_000))
        .unwrap()
        .into_iter()
        .map(|e| {
            let name = e.nas_id.and_then(|id| nas.get(&id).cloned());
            (e.username, name.unwrap_or_default(), e.accepted, e.reason)
        })
        .collect()
}

/// Acceptance (a): while rw02 sends wrong-password PAP at three times the argon2 rate,
/// 100 first-time PAP logins from rw01 at 20 a second are all accepted with p99 under 1 s,
/// none of the attacker's is accepted, and the users it guessed at on rw02 (paused there)
/// still log in on rw01.
fn first_logins_from_another_nas_pass_a_flood_at_three_times_the_argon2_rate(db: Db) {
    let _serial = one_at_a_time();
    let (argon2, workers) = setup(Argon2Params {
        memory_kib: 4096,
        iterations: 2,
        parallelism: 1,
    });
    let s = server(db, argon2, workers);
    let users: Vec<(String, String)> = (0..100)
        .map(|i| (format!("murid-{i:03}"), format!("sandi-murid-{i:03}-rw01")))
        .collect();
    add_users(&s, &users);
    let mut s = s.start();
    let rate = argon2_rate(&argon2, workers);
    let targets: Vec<String> = users[..10].iter().map(|(u, _)| u.clone()).collect();
    let flood = Flood::start(&s, 3.0 * rate, targets.clone());
    // The flood's backlog builds before the first login.
    std::thread::sleep(Duration::from_secs(2));

    let legit = Client::new("127.0.0.1:0", s.auth, SECRET);
    let receiver = legit.socket.try_clone().unwrap();
    let replies: Arc<Mutex<Replies>> = Arc::default();
    let collector = {
        let replies = replies.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok((n, _)) = receiver.recv_from(&mut buf) {
                let reply = buf[..n].to_vec();
                replies
                    .lock()
                    .unwrap()
                    .insert(reply[1], (reply, Instant::now()));
            }
        })
    };
    let mut sent = Vec::new();
    let started = Instant::now();
    for (i, (user, password)) in users.iter().enumerate() {
        let due = started + Duration::from_millis(50 * i as u64);
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
        let req = legit.pap_request(user, password, true);
        legit.send(&req);
        sent.push((req, Instant::now()));
    }
    // The collector ends at its socket's read timeout (1.5 s) after the last reply.
    collector.join().unwrap();
    let flood_secs = started.elapsed().as_secs_f64() + 2.0;
    let (flood_sent, flood_accepted, flood_rejected) = flood.stop();

    let replies = replies.lock().unwrap();
    let mut latencies = Vec::new();
    for (req, at) in &sent {
        let Some((reply, answered)) = replies.get(&req[1]) else {
            let counters = s.stop();
            let counters = counters.lines().rev().find(|l| l.contains("stopped"));
            panic!("login id {} got no answer; server {counters:?}", req[1]);
        };
        legit.verify_reply(req, reply);
        assert_eq!(code(reply), Code::AccessAccept, "login id {}", req[1]);
        latencies.push(answered.duration_since(*at));
    }
    latencies.sort();
    let p99 = latencies[latencies.len() * 99 / 100 - 1];
    let p50 = latencies[latencies.len() / 2];
    eprintln!(
        "argon2 {rate:.0}/s; flood {flood_sent} in {flood_secs:.1} s ({:.0}/s), \
         {flood_rejected} rejected, {flood_accepted} accepted; 100 logins p50 {p50:?} p99 {p99:?}",
        flood_sent as f64 / flood_secs
    );
    assert_eq!(
        flood_accepted, 0,
        "none of the attacker's requests is accepted"
    );
    assert!(
        flood_sent as f64 >= 2.5 * rate * flood_secs,
        "the flood ran at 3x the argon2 rate"
    );
    assert!(p99 < Duration::from_secs(1), "p99 {p99:?}");

    let log = s.stop();
    let shed = final_counter(&log, "argon2_shed");
    assert!(shed > 0, "the flood outgrew its queue and was shed:\n{log}");
    assert!(final_counter(&log, "auth_throttled") > 0);
    let rows = auth_log(&s);
    let reasons = |user: &dyn Fn(&str) -> bool, nas: &str| -> Vec<String> {
        rows.iter()
            .filter(|(u, n, _, _)| user(u) && n == nas)
            .map(|(_, _, _, r)| r.clone())
            .collect()
    };
    let made_up = reasons(&|u| u.starts_with("tamu-"), "rw02");
    assert!(
        made_up.iter().any(|r| r.starts_with("shed: ")),
        "shed requests are in the auth log with their reason"
    );
    let guessed = reasons(&|u| targets.iter().any(|t| t == u), "rw02");
    assert!(
        guessed.iter().any(|r| r.starts_with("throttled: ")),
        "guesses at real users were throttled at the attacker's NAS: {guessed:?}"
    );
    let at_rw01 = rows
        .iter()
        .filter(|(u, n, ok, _)| u.starts_with("murid-") && n == "rw01" && *ok)
        .count();
    assert_eq!(
        at_rw01, 100,
        "every rw01 login is in the auth log as accepted"
    );
}

/// A CHAP Access-Request for `user`, with a CHAP-Challenge.
fn chap_request(c: &Client, user: &str, password: &str) -> Vec<u8> {
    c.chap_request(user, password, None)
}

/// One request, sent once: its reply within `limit`, checked to be authentic, or `None`.
fn answered_within(c: &Client, req: &[u8], limit: Duration) -> Option<Vec<u8>> {
    c.socket.set_read_timeout(Some(limit)).unwrap();
    c.send(req);
    let deadline = Instant::now() + limit;
    let mut buf = [0u8; 4096];
    while Instant::now() < deadline {
        let Ok((n, _)) = c.socket.recv_from(&mut buf) else {
            return None;
        };
        // A late reply to an earlier request of this socket is not this one's.
        if n >= 20 && buf[1] == req[1] {
            c.verify_reply(req, &buf[..n]);
            return Some(buf[..n].to_vec());
        }
    }
    None
}

/// Acceptance (b): during a wrong-password PAP flood from rw02 at 30 times the argon2
/// rate, CHAP and cached PAP from rw02 and rw01 are all answered (Access-Accept, each on
/// its first send, within 2 s), and a first-time PAP login 5 s after the flood ends, from
/// either NAS, is answered within 1 s: the flood's backlog went with it.
fn chap_and_cached_pap_lose_nothing_in_a_flood_at_thirty_times_the_argon2_rate(db: Db) {
    let _serial = one_at_a_time();
    let (argon2, workers) = setup(Argon2Params::default());
    let s = server(db, argon2, workers);
    let users: Vec<(String, String)> =
        ["chap-a", "chap-b", "tetap-a", "tetap-b", "baru-a", "baru-b"]
            .iter()
            .map(|u| (u.to_string(), format!("sandi-{u}-2026")))
            .collect();
    add_users(&s, &users);
    let mut s = s.start();
    let rate = argon2_rate(&argon2, workers);
    let other = Client::new("127.0.0.1:0", s.auth, SECRET);
    let same = Client::new(&format!("{ATTACKER}:0"), s.auth, SECRET);
    let password = |u: &str| format!("sandi-{u}-2026");
    // Cached PAP: each logged in once before the flood (one argon2 run each).
    for u in ["tetap-a", "tetap-b"] {
        let reply = other.login(u, &password(u)).expect("first login");
        assert_eq!(code(&reply), Code::AccessAccept);
    }

    let flood = Flood::start(&s, 30.0 * rate, Vec::new());
    let started = Instant::now();
    let (mut asked, mut lost) = (0, Vec::new());
    let mut i = 0usize;
    let flood_for = Duration::from_secs(if bench() { 30 } else { 6 });
    while started.elapsed() < flood_for {
        std::thread::sleep(Duration::from_millis(100));
        let c = if i % 2 == 0 { &other } else { &same };
        let (user, req) = match i % 4 {
            0 | 1 => ("chap-a", chap_request(c, "chap-a", &password("chap-a"))),
            _ => (
                "tetap-b",
                c.pap_request("tetap-b", &password("tetap-b"), true),
            ),
        };
        asked += 1;
        match answered_within(c, &req, Duration::from_secs(2)) {
            Some(reply) if code(&reply) == Code::AccessAccept => {}
            other => lost.push((i, user, other.map(|r| code(&r)))),
        }
        i += 1;
    }
    let flood_secs = started.elapsed().as_secs_f64();
    let (flood_sent, flood_accepted, _) = flood.stop();
    eprintln!(
        "argon2 {rate:.0}/s; flood {flood_sent} in {flood_secs:.1} s ({:.0}/s); \
         CHAP + cached PAP: {asked} asked, {} lost",
        flood_sent as f64 / flood_secs,
        lost.len()
    );
    assert!(
        flood_sent as f64 >= 25.0 * rate * flood_secs,
        "the flood ran at 30x the argon2 rate"
    );
    assert_eq!(flood_accepted, 0);
    assert!(lost.is_empty(), "lost during the flood: {lost:?}");

    std::thread::sleep(Duration::from_secs(5));
    for (c, u) in [(&same, "baru-a"), (&other, "baru-b")] {
        let asked_at = Instant::now();
        let req = c.pap_request(u, &password(u), true);
        let reply = answered_within(c, &req, Duration::from_secs(1));
        let took = asked_at.elapsed();
        eprintln!("first-time PAP {u} 5 s after the flood: {took:?}");
        assert_eq!(reply.map(|r| code(&r)), Some(Code::AccessAccept), "{u}");
    }
    let log = s.stop();
    assert!(final_counter(&log, "argon2_shed") > 0, "{log}");
    let rows = auth_log(&s);
    assert!(
        rows.iter().any(|(u, n, ok, r)| u.starts_with("tamu-")
            && n == "rw02"
            && !ok
            && r.starts_with("shed: ")),
        "shed requests are in the auth log with their reason"
    );
}

both_backends!(
    first_logins_from_another_nas_pass_a_flood_at_three_times_the_argon2_rate,
    chap_and_cached_pap_lose_nothing_in_a_flood_at_thirty_times_the_argon2_rate,
);
