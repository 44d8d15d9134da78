//! The threads that run argon2id verifications: a fixed number (`auth.argon2_workers`), so a
//! flood of PAP requests can never take more than that many cores from CHAP and accounting.
//! They are shared fairly between NAS (`fair_queue.rs`): each NAS has its own bounded
//! queue, served in turn, so a flood from one NAS fills and sheds only its own queue, and a
//! request that waited longer than the NAS would wait for its answer is dropped unverified,
//! so a backlog never outlives its flood.
//! Each thread keeps its 19 MiB of argon2 memory between verifications while requests are
//! queued (see `pap.rs`) and lets it go when the queue is empty.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;

use super::fair_queue::{FairQueue, Refused};
use super::pap::{release_memory, verify_password};

/// What became of one verification request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// The password matches the hash.
    Match,
    /// It does not (or the hash is malformed).
    Mismatch,
    /// Not verified at all.
    Shed(Shed),
}

/// Why a request was dropped without verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shed {
    /// Its NAS already had `argon2_queue_per_nas` requests waiting.
    QueueFull,
    /// It waited longer than `argon2_max_wait_ms`: the NAS has given up on it.
    TooOld,
    /// The server is shutting down.
    Stopping,
}

impl Shed {
    /// The reason written to the auth log.
    pub fn reason(self) -> &'static str {
        match self {
            Shed::QueueFull => "shed: NAS argon2 queue full",
            Shed::TooOld => "shed: waited too long for argon2",
            Shed::Stopping => "shed: shutting down",
        }
    }
}

struct Job {
    password: Vec<u8>,
    phc: String,
    done: oneshot::Sender<Checked>,
}

/// How the pool shares its threads.
#[derive(Debug, Clone, Copy)]
pub struct PoolSettings {
    /// Verification threads (at least one).
    pub workers: usize,
    /// Requests waiting per NAS; more are shed at once.
    pub queue_per_nas: usize,
    /// A request that waited longer than this is shed unverified.
    pub max_wait: Duration,
}

/// Per-NAS queues in front of the verification threads; the threads end when this is
/// dropped (after answering what is queued as shed).
pub struct Argon2Pool {
    queue: Arc<FairQueue<Job>>,
}

impl std::fmt::Debug for Argon2Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Argon2Pool").finish_non_exhaustive()
    }
}

impl Argon2Pool {
    /// Starts the threads.
    pub fn new(settings: PoolSettings) -> std::io::Result<Argon2Pool> {
        let queue = Arc::new(FairQueue::new(settings.queue_per_nas));
        for i in 0..settings.workers.max(1) {
            let queue = queue.clone();
            let max_wait = settings.max_wait;
            std::thread::Builder::new()
                .name(format!("radkota-argon2-{i}"))
                .spawn(move || work(&queue, max_wait))?;
        }
        Ok(Argon2Pool { queue })
    }

    /// Checks `password` against the PHC string `phc` on one of the threads, in turn with
    /// the other NAS's requests and in arrival order within `nas`'s own.
    pub async fn verify(&self, nas: i64, password: Vec<u8>, phc: String) -> Checked {
        let (done, result) = oneshot::channel();
        let job = Job {
            password,
            phc,
            done,
        };
        match self.queue.push(nas, job) {
            Ok(()) => {
                // Counted until answered (or abandoned), so `/metrics` shows the backlog.
                let _busy = Busy::enter();
                result.await.unwrap_or(Checked::Shed(Shed::Stopping))
            }
            Err(Refused::Full(_)) => Checked::Shed(Shed::QueueFull),
            Err(Refused::Closed(_)) => Checked::Shed(Shed::Stopping),
        }
    }
}

/// One PAP check in the pool, from queueing until its answer or its caller is gone.
struct Busy;

impl Busy {
    fn enter() -> Busy {
        crate::metrics::METRICS.argon2(1);
        Busy
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        crate::metrics::METRICS.argon2(-1);
    }
}

impl Drop for Argon2Pool {
    fn drop(&mut self) {
        self.queue.close();
    }
}

fn work(queue: &FairQueue<Job>, max_wait: Duration) {
    let mut expired = Vec::new();
    loop {
        let next = queue.pop(max_wait, &mut expired);
        let stale = !expired.is_empty();
        for job in expired.drain(..) {
            let _ = job.done.send(Checked::Shed(Shed::TooOld));
        }
        let Some(job) = next else {
            if stale {
                continue;
            }
            return;
        };
        // A request whose caller has gone (shutdown) is not worth 15 ms of a core.
        if !job.done.is_closed() {
            let ok = verify_password(&job.password, &job.phc);
            let _ = job.done.send(if ok {
                Checked::Match
            } else {
                Checked::Mismatch
            });
        }
        // The memory is reused while a backlog lasts (where its speed matters: two
        // workers went from 78% to 96% of the argon2 ceiling) and handed back as soon as
        // the queue is empty, so PAP bursts leave no resident memory behind.
        if queue.is_empty() {
            release_memory();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::pap::{Argon2Params, hash_password};

    const FAST: Argon2Params = Argon2Params {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };

    fn pool(queue_per_nas: usize, max_wait: Duration) -> Argon2Pool {
        Argon2Pool::new(PoolSettings {
            workers: 1,
            queue_per_nas,
            max_wait,
        })
        .unwrap()
    }

    #[tokio::test]
    async fn verifies() {
        let phc = hash_password(b"benar", &FAST).unwrap();
        let p = pool(4, Duration::from_secs(5));
        assert_eq!(
            p.verify(1, b"benar".to_vec(), phc.clone()).await,
            Checked::Match
        );
        assert_eq!(p.verify(1, b"salah".to_vec(), phc).await, Checked::Mismatch);
    }

    /// A hash costly enough that a backlog builds behind one thread.
    fn slow_phc() -> String {
        let slow = Argon2Params {
            memory_kib: 8 * 1024,
            iterations: 2,
            parallelism: 1,
        };
        hash_password(b"benar", &slow).unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_flooding_nas_sheds_its_own_requests_only() {
        let phc = slow_phc();
        let p = Arc::new(pool(2, Duration::from_secs(30)));
        let flood: Vec<_> = (0..20)
            .map(|_| {
                let (p, phc) = (p.clone(), phc.clone());
                tokio::spawn(async move { p.verify(1, b"salah".to_vec(), phc).await })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(20)).await;
        let other = p.verify(2, b"benar".to_vec(), phc).await;
        assert_eq!(other, Checked::Match, "the other NAS is served");
        let mut shed = 0;
        for f in flood {
            match f.await.unwrap() {
                Checked::Shed(Shed::QueueFull) => shed += 1,
                Checked::Mismatch => {}
                c => panic!("unexpected {c:?}"),
            }
        }
        // One running and two queued at most, the rest refused at once.
        assert!(shed >= 17, "shed {shed}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_request_older_than_the_wait_is_not_verified() {
        let phc = slow_phc();
        let p = Arc::new(pool(100, Duration::from_millis(1)));
        let all: Vec<_> = (0..10)
            .map(|_| {
                let (p, phc) = (p.clone(), phc.clone());
                tokio::spawn(async move { p.verify(1, b"salah".to_vec(), phc).await })
            })
            .collect();
        let mut too_old = 0;
        for f in all {
            if f.await.unwrap() == Checked::Shed(Shed::TooOld) {
                too_old += 1;
            }
        }
        // The first is taken at once; those queued behind a verification are stale by then.
        assert!(too_old >= 8, "too old {too_old}");
    }
}
