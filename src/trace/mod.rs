//! The live trace (`radkota trace`, `serve --debug`): a tap on the Access-Request path that
//! costs one atomic load per request while nobody is attached. Each attached trace has a
//! filter, a rate bound (a token bucket: what exceeds it is dropped and counted, never
//! queued) and a bounded channel; the request path only copies what it saw into a `Block`,
//! and the reader's task reads the policy figures and renders the text.

pub mod block;
pub mod figures;
pub mod filter;

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

pub use block::{Block, Outcome};
pub use filter::{Filter, Probe};

use crate::dictionary::Dictionary;
use crate::store::{Store, UsageQuery};

/// Blocks waiting for one slow reader; beyond it they are dropped and counted.
const CHANNEL: usize = 256;
/// How often a reader that sees no blocks still hears of drops.
const QUIET_NOTICE: Duration = Duration::from_secs(2);

/// What the reader's task uses to read a traced user's policy figures.
#[derive(Debug, Clone)]
pub struct Reader {
    pub store: Store,
    /// Seconds east of UTC of `accounting.timezone`.
    pub utc_offset: i64,
    pub stale_after_intervals: i64,
}

/// The tap: shared by the request path (which offers blocks) and whoever attaches.
pub struct Tap {
    /// Traces attached now; zero means the request path does nothing.
    attached: AtomicUsize,
    subs: Mutex<Vec<Sub>>,
    next_id: AtomicU64,
    dictionary: Arc<Dictionary>,
    reader: Option<Reader>,
}

/// One attached trace, as the request path sees it.
struct Sub {
    id: u64,
    filter: Filter,
    bucket: Option<Bucket>,
    tx: mpsc::Sender<Arc<Block>>,
    dropped: Arc<AtomicU64>,
}

/// A token bucket: `per_sec` blocks a second, bursts of as many.
#[derive(Debug)]
struct Bucket {
    per_sec: f64,
    tokens: f64,
    last: Instant,
}

impl Bucket {
    fn new(per_sec: u32) -> Bucket {
        let per_sec = f64::from(per_sec.max(1));
        Bucket {
            per_sec,
            tokens: per_sec,
            last: Instant::now(),
        }
    }

    fn take(&mut self, now: Instant) -> bool {
        let earned = now.saturating_duration_since(self.last).as_secs_f64() * self.per_sec;
        self.tokens = (self.tokens + earned).min(self.per_sec);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

impl Tap {
    /// A tap that names attributes with `dictionary` and reads policy figures with
    /// `reader` (none: blocks show no policy figures).
    pub fn new(dictionary: Arc<Dictionary>, reader: Option<Reader>) -> Tap {
        Tap {
            attached: AtomicUsize::new(0),
            subs: Mutex::new(Vec::new()),
            next_id: AtomicU64::new(1),
            dictionary,
            reader,
        }
    }

    /// Whether anyone is attached: the request path's only cost while nobody is.
    #[inline]
    pub fn on(&self) -> bool {
        self.attached.load(Ordering::Relaxed) != 0
    }

    /// Attaches a trace that shows what `filter` matches, at most `per_sec` blocks a second
    /// (`None`: no bound, for `serve --debug` in a lab). Detached when dropped.
    pub fn attach(self: &Arc<Self>, filter: Filter, per_sec: Option<u32>) -> Subscription {
        let (tx, rx) = mpsc::channel(CHANNEL);
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let dropped = Arc::new(AtomicU64::new(0));
        if let Ok(mut subs) = self.subs.lock() {
            subs.push(Sub {
                id,
                filter,
                bucket: per_sec.map(Bucket::new),
                tx,
                dropped: dropped.clone(),
            });
            self.attached.store(subs.len(), Ordering::Relaxed);
        }
        Subscription {
            tap: self.clone(),
            id,
            rx,
            dropped,
            dropped_shown: 0,
            keepalive: None,
            last_output: Instant::now(),
        }
    }

    fn detach(&self, id: u64) {
        if let Ok(mut subs) = self.subs.lock() {
            subs.retain(|s| s.id != id);
            self.attached.store(subs.len(), Ordering::Relaxed);
        }
    }

    /// Hands a request to every attached trace whose filter matches and whose rate bound
    /// allows it; `build` runs at most once, and only then. Never waits.
    pub fn offer(&self, probe: &Probe<'_>, build: impl FnOnce() -> Block) {
        let Ok(mut subs) = self.subs.lock() else {
            return;
        };
        let now = Instant::now();
        let mut build = Some(build);
        let mut block: Option<Arc<Block>> = None;
        for sub in subs.iter_mut().filter(|s| s.filter.matches(probe)) {
            if !sub.bucket.as_mut().is_none_or(|b| b.take(now)) {
                sub.dropped.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            let b = match (&block, build.take()) {
                (Some(b), _) => b.clone(),
                (None, Some(f)) => block.insert(Arc::new(f())).clone(),
                (None, None) => continue,
            };
            if sub.tx.try_send(b).is_err() {
                sub.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// The block as text, with the user's policy figures read now.
    async fn render(&self, block: &Block) -> String {
        let mut policy = Vec::new();
        if let (Some(reader), Some(user)) = (&self.reader, &block.user) {
            policy = figures_of(reader, user, block).await;
        }
        block.render(&self.dictionary, &policy)
    }
}

/// The policy figures of `user` at the block's time, read through the pool. Read after
/// the decision, so usage that arrived in between is counted; a refusal's figures do not
/// move (nothing was granted).
async fn figures_of(reader: &Reader, user: &str, block: &Block) -> Vec<String> {
    let (day, month_start) = crate::policy::decide::usage_days(block.policy_now, reader.utc_offset);
    let query = UsageQuery {
        day,
        month_start,
        now: crate::store::now(),
        stale_after_intervals: reader.stale_after_intervals,
        calling_station_id: block.mac.as_deref(),
    };
    match reader
        .store
        .user_for_auth_with_usage(user, Some(&query))
        .await
    {
        Ok(Some(u)) => figures::steps(&u, &u.usage, block.policy_now, reader.utc_offset),
        Ok(None) => vec!["no such user".into()],
        Err(e) => vec![format!("figures not read: {e}")],
    }
}

/// An attached trace: read its blocks as text with `next`. Detaches when dropped.
pub struct Subscription {
    tap: Arc<Tap>,
    id: u64,
    rx: mpsc::Receiver<Arc<Block>>,
    dropped: Arc<AtomicU64>,
    dropped_shown: u64,
    keepalive: Option<Duration>,
    last_output: Instant,
}

impl Subscription {
    /// Makes `next` return a line saying the trace is still attached when nothing else
    /// came for `every` (for a connection that is cut when silent).
    pub fn with_keepalive(mut self, every: Duration) -> Subscription {
        self.keepalive = Some(every);
        self
    }

    /// The next block as text, preceded by a line counting the requests not shown since
    /// the last one (rate bound or a slow reader); a line of drops alone when no block
    /// comes for a while. `None` when the tap is gone.
    pub async fn next(&mut self) -> Option<String> {
        let text = self.next_text().await;
        self.last_output = Instant::now();
        text
    }

    async fn next_text(&mut self) -> Option<String> {
        let wait = self.keepalive.map_or(QUIET_NOTICE, |k| k.min(QUIET_NOTICE));
        loop {
            let got = tokio::time::timeout(wait, self.rx.recv()).await;
            let notice = self.drop_notice();
            match got {
                Ok(Some(block)) => {
                    let text = self.tap.render(&block).await;
                    return Some(format!("{}{text}", notice.unwrap_or_default()));
                }
                Ok(None) => return None,
                Err(_) => {
                    if let Some(n) = notice {
                        return Some(n);
                    }
                    if self
                        .keepalive
                        .is_some_and(|k| self.last_output.elapsed() >= k)
                    {
                        return Some("-- still attached --\n".into());
                    }
                }
            }
        }
    }

    /// Matching requests not shown since this trace attached.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    fn drop_notice(&mut self) -> Option<String> {
        let total = self.dropped();
        let new = total - self.dropped_shown;
        self.dropped_shown = total;
        (new > 0).then(|| {
            format!("-- {new} matching requests not shown (rate bound); {total} since attach --\n")
        })
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.tap.detach(self.id);
    }
}

/// Time per stage of one request, kept only while a trace is attached (otherwise no
/// clock is read and nothing is allocated).
#[derive(Debug, Default)]
pub struct Stopwatch(Option<Box<Laps>>);

#[derive(Debug)]
struct Laps {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    /// Starts timing if a trace is attached.
    #[inline]
    pub fn start(tap: &Tap) -> Stopwatch {
        if !tap.on() {
            return Stopwatch(None);
        }
        Stopwatch(Some(Box::new(Laps {
            last: Instant::now(),
            stages: Vec::with_capacity(4),
        })))
    }

    /// Ends stage `name` now.
    #[inline]
    pub fn lap(&mut self, name: &'static str) {
        if let Some(l) = &mut self.0 {
            let now = Instant::now();
            l.stages.push((name, now.saturating_duration_since(l.last)));
            l.last = now;
        }
    }

    /// Whether this request is being timed (a trace was attached when it arrived).
    #[inline]
    pub fn running(&self) -> bool {
        self.0.is_some()
    }

    /// The stages timed.
    pub fn stages(self) -> Vec<(&'static str, Duration)> {
        self.0.map(|l| l.stages).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(user: &str) -> Block {
        Block {
            at_ms: 0,
            policy_now: 0,
            source: "127.0.0.1:5000".parse().unwrap(),
            identifier: 1,
            nas: "rw07".into(),
            vendor: "mikrotik",
            message_authenticator: "valid",
            user: Some(user.into()),
            mac: None,
            method: "pap",
            outcome: Outcome::Reject("bad password"),
            attributes: vec![],
            stages: vec![],
        }
    }

    fn probe(user: &str) -> Probe<'_> {
        Probe {
            user: Some(user.as_bytes()),
            nas: "rw07",
            mac: None,
            accepted: false,
        }
    }

    #[tokio::test]
    async fn off_until_attached_and_after_detach() {
        let tap = Arc::new(Tap::new(Arc::new(Dictionary::embedded()), None));
        assert!(!tap.on());
        assert!(!Stopwatch::start(&tap).running());
        let mut sub = tap.attach(
            Filter {
                user: Some("siti".into()),
                ..Filter::default()
            },
            None,
        );
        assert!(tap.on());
        let mut built = 0;
        tap.offer(&probe("budi"), || {
            built += 1;
            block("budi")
        });
        tap.offer(&probe("siti"), || {
            built += 1;
            block("siti")
        });
        assert_eq!(built, 1, "only the matching request is copied");
        let text = sub.next().await.unwrap();
        assert!(
            text.contains("siti") && text.contains("does not match"),
            "{text}"
        );
        drop(sub);
        assert!(!tap.on());
    }

    #[tokio::test]
    async fn the_rate_bound_drops_and_counts() {
        let tap = Arc::new(Tap::new(Arc::new(Dictionary::embedded()), None));
        let mut sub = tap.attach(Filter::default(), Some(5));
        for _ in 0..50 {
            tap.offer(&probe("siti"), || block("siti"));
        }
        assert_eq!(sub.dropped(), 45);
        let first = sub.next().await.unwrap();
        assert!(
            first.starts_with("-- 45 matching requests not shown"),
            "{first}"
        );
        let second = sub.next().await.unwrap();
        assert!(second.starts_with("-- "), "{second}");
        assert!(!second.contains("not shown"), "{second}");
    }
}
