//! The threads that run argon2id verifications: a fixed number (`auth.argon2_workers`), so a
//! flood of PAP requests can never take more than that many cores from CHAP and accounting.
//! Each thread keeps its 19 MiB of argon2 memory between verifications while requests are
//! queued (see `pap.rs`) and lets it go when the queue is empty.

use tokio::sync::oneshot;

use super::pap::{release_memory, verify_password};

struct Job {
    password: Vec<u8>,
    phc: String,
    done: oneshot::Sender<bool>,
}

/// A queue in front of `workers` verification threads.
#[derive(Debug, Clone)]
pub struct Argon2Pool {
    tx: flume::Sender<Job>,
}

impl Argon2Pool {
    /// Starts `workers` threads (at least one); they end when the last handle is dropped.
    pub fn new(workers: usize) -> std::io::Result<Argon2Pool> {
        let (tx, rx) = flume::unbounded::<Job>();
        for i in 0..workers.max(1) {
            let rx = rx.clone();
            std::thread::Builder::new()
                .name(format!("radkota-argon2-{i}"))
                .spawn(move || work(&rx))?;
        }
        Ok(Argon2Pool { tx })
    }

    /// Checks `password` against the PHC string `phc` on one of the threads, in arrival
    /// order; `false` also when the pool has stopped.
    pub async fn verify(&self, password: Vec<u8>, phc: String) -> bool {
        let (done, result) = oneshot::channel();
        let job = Job {
            password,
            phc,
            done,
        };
        if self.tx.send(job).is_err() {
            return false;
        }
        result.await.unwrap_or(false)
    }
}

fn work(rx: &flume::Receiver<Job>) {
    while let Ok(job) = rx.recv() {
        // A request whose caller has gone (shutdown) is not worth 15 ms of a core.
        if !job.done.is_closed() {
            let ok = verify_password(&job.password, &job.phc);
            let _ = job.done.send(ok);
        }
        // The memory is reused while a backlog lasts (where its speed matters: two
        // workers went from 78% to 96% of the argon2 ceiling) and handed back as soon as
        // the queue is empty, so PAP bursts leave no resident memory behind.
        if rx.is_empty() {
            release_memory();
        }
    }
}
