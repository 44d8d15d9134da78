//! Process-wide instruments that `server::Counters` does not already hold: reply latency
//! per kind, accounting commits (latency, batch size, failures), the argon2 pool's load and
//! a probe of the accounting queue. Relaxed atomics only, so the request path pays an add;
//! `monitor` reads them when `/metrics` is scraped. A leaf: it names nothing of ours.

pub mod histogram;

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub use histogram::{Histogram, Snapshot};

/// Latency bounds in microseconds: 50 µs (a login from memory) to 2.5 s (past any NAS's
/// retry timeout).
const LATENCY_US: [u64; 15] = [
    50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
    1_000_000, 2_500_000,
];
/// Records per accounting commit, up to the largest `batch_max` worth having.
const BATCH_RECORDS: [u64; 13] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];
/// Microseconds per second.
const MICROS: f64 = 1e6;

/// What a reply answered, by the request's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyKind {
    Access,
    Accounting,
    Status,
}

impl ReplyKind {
    /// Every kind, in export order.
    pub const ALL: [ReplyKind; 3] = [ReplyKind::Access, ReplyKind::Accounting, ReplyKind::Status];

    /// The kind of a request by its code octet (`None` for codes never answered).
    pub fn of_code(code: u8) -> Option<ReplyKind> {
        match code {
            1 => Some(ReplyKind::Access),
            4 => Some(ReplyKind::Accounting),
            12 => Some(ReplyKind::Status),
            _ => None,
        }
    }

    /// The label value.
    pub fn as_str(self) -> &'static str {
        match self {
            ReplyKind::Access => "access",
            ReplyKind::Accounting => "accounting",
            ReplyKind::Status => "status",
        }
    }
}

/// Reads the depth of the accounting queue.
type Probe = Box<dyn Fn() -> usize + Send + Sync>;

/// The instruments; one static instance, [`METRICS`].
pub struct Instruments {
    reply: [Histogram<15>; 3],
    /// Accounting batch commit time (microseconds) and size (records), committed or not.
    pub commit_latency: Histogram<15>,
    pub commit_records: Histogram<13>,
    /// Accounting batches that did not commit (database errors on the accounting path).
    pub commit_failures: AtomicU64,
    /// PAP checks handed to the argon2 pool and not yet finished (queued or running).
    pub argon2_jobs: AtomicI64,
    accounting_queue: Mutex<Option<Probe>>,
}

impl std::fmt::Debug for Instruments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Instruments").finish_non_exhaustive()
    }
}

/// The process's instruments.
pub static METRICS: Instruments = Instruments {
    reply: [
        Histogram::new(LATENCY_US, MICROS),
        Histogram::new(LATENCY_US, MICROS),
        Histogram::new(LATENCY_US, MICROS),
    ],
    commit_latency: Histogram::new(LATENCY_US, MICROS),
    commit_records: Histogram::new(BATCH_RECORDS, 1.0),
    commit_failures: AtomicU64::new(0),
    argon2_jobs: AtomicI64::new(0),
    accounting_queue: Mutex::new(None),
};

impl Instruments {
    /// Counts a reply to a request of code `code` that arrived at `arrived`.
    pub fn replied(&self, code: u8, arrived: Instant) {
        if let Some(kind) = ReplyKind::of_code(code) {
            self.reply[kind as usize].observe(micros(arrived.elapsed()));
        }
    }

    /// The reply latency histogram of `kind`.
    pub fn reply_latency(&self, kind: ReplyKind) -> Snapshot {
        self.reply[kind as usize].snapshot()
    }

    /// Counts one accounting commit of `records` that took `took`.
    pub fn committed(&self, records: usize, took: Duration, ok: bool) {
        self.commit_latency.observe(micros(took));
        self.commit_records.observe(records as u64);
        if !ok {
            self.commit_failures.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Tells the instruments how to read the accounting queue's depth (the latest writer
    /// started wins).
    pub fn probe_accounting_queue(&self, probe: Probe) {
        *self
            .accounting_queue
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(probe);
    }

    /// Accounting records waiting for the writer now (0 before a writer started).
    pub fn accounting_queue(&self) -> usize {
        self.accounting_queue
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map_or(0, |probe| probe())
    }

    /// Marks one PAP check entering (`1`) or leaving (`-1`) the argon2 pool.
    pub fn argon2(&self, delta: i64) {
        self.argon2_jobs.fetch_add(delta, Ordering::Relaxed);
    }
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

/// Epoch seconds at `at`, from one wall-clock reading taken at first use: the receive
/// loop already has an `Instant` and need not read the wall clock again.
pub fn epoch_secs(at: Instant) -> i64 {
    static BASE: OnceLock<(Instant, i64)> = OnceLock::new();
    let (base, epoch) = BASE.get_or_init(|| {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        (Instant::now(), now)
    });
    let delta = at.saturating_duration_since(*base).as_secs() as i64;
    epoch + delta
}
