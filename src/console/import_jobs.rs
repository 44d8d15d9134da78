//! The console's CSV imports running in the background, so that a big file never waits on
//! the HTTP request: a small in-memory table of jobs, each with rows done and total for a
//! progress bar and, once finished, its outcome. Bounded three ways: one running job per
//! staff member, two on the server, and at most [`MAX_KEPT`] jobs kept, finished ones
//! expiring after [`KEEP_FOR`]. Nothing survives a restart: an import is one transaction,
//! so a job cut short by a restart imported nothing.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::RngCore;

use crate::import::LineError;

/// Jobs running at once on the server (each hashes on its own blocking thread).
const MAX_RUNNING: usize = 2;
/// Jobs remembered at once, running or finished.
const MAX_KEPT: usize = 64;
/// How long a finished job's summary can be looked at.
const KEEP_FOR: Duration = Duration::from_secs(3600);
/// Bad rows kept in one job's summary: a whole 2 MiB paste of wrong lines kept 64 times
/// over would hold hundreds of megabytes.
pub const MAX_BAD_KEPT: usize = 5000;

/// What a job is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Checking every row against plans, areas and existing names.
    Checking,
    /// Hashing passwords (the long part; `done` counts rows).
    Hashing,
    /// Writing every row in one transaction.
    Saving,
}

/// How a job ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Every row imported; how many had a password generated.
    Imported { users: usize, generated: usize },
    /// Some rows are wrong, nothing imported: how many (`wrong`) and the first
    /// [`MAX_BAD_KEPT`] of them with their lines (every one in any real file).
    BadRows {
        total: usize,
        wrong: usize,
        bad: Vec<LineError>,
    },
    /// The import failed as a whole (a store or hashing error), nothing imported.
    Failed(String),
}

/// One import: who started it, its progress, and its outcome once finished.
pub struct Job {
    /// The random id in its address (`/import/{id}`).
    pub id: String,
    /// The staff member who started it (the actor name, `staff:NAME`).
    pub owner: String,
    /// Rows in the file.
    pub total: usize,
    /// Rows hashed so far (the bar), bumped by the import's hashing loop.
    pub done: AtomicUsize,
    state: Mutex<JobState>,
}

struct JobState {
    phase: Phase,
    outcome: Option<Outcome>,
    finished_at: Option<Instant>,
}

impl Job {
    /// The phase now, and the outcome once finished.
    pub fn status(&self) -> (Phase, Option<Outcome>) {
        let s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        (s.phase, s.outcome.clone())
    }

    /// Moves the job on to `phase`.
    pub fn enter(&self, phase: Phase) {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).phase = phase;
    }

    /// Records the outcome: the job is finished and starts to age.
    pub fn finish(&self, outcome: Outcome) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.outcome = Some(outcome);
        s.finished_at = Some(Instant::now());
    }

    fn running(&self) -> bool {
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .outcome
            .is_none()
    }

    fn expired(&self, now: Instant) -> bool {
        let s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.finished_at
            .is_some_and(|t| now.duration_since(t) > KEEP_FOR)
    }

    fn finished_at(&self) -> Option<Instant> {
        self.state
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .finished_at
    }

    /// Rows done so far (never more than the total).
    pub fn rows_done(&self) -> usize {
        self.done.load(Ordering::Relaxed).min(self.total)
    }
}

/// Why a job could not be started.
#[derive(Debug, PartialEq, Eq)]
pub enum Busy {
    /// This staff member already has an import running.
    Own,
    /// The server runs as many imports as it will at once.
    Server,
}

/// The table of jobs.
#[derive(Default)]
pub struct Jobs {
    jobs: Mutex<HashMap<String, Arc<Job>>>,
}

impl Jobs {
    /// Registers a new running job of `owner` over `total` rows, unless `owner` already
    /// runs one or the server is at its limit. Expired jobs are dropped first; when the
    /// table is full the oldest finished job makes room.
    pub fn start(&self, owner: &str, total: usize) -> Result<Arc<Job>, Busy> {
        let mut jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        jobs.retain(|_, j| !j.expired(now));
        let running: Vec<&Arc<Job>> = jobs.values().filter(|j| j.running()).collect();
        if running.iter().any(|j| j.owner == owner) {
            return Err(Busy::Own);
        }
        if running.len() >= MAX_RUNNING {
            return Err(Busy::Server);
        }
        if jobs.len() >= MAX_KEPT {
            // Running jobs are at most MAX_RUNNING, so a finished one is there to drop.
            let oldest = jobs
                .values()
                .filter_map(|j| Some((j.finished_at()?, j.id.clone())))
                .min()
                .map(|(_, id)| id);
            if let Some(id) = oldest {
                jobs.remove(&id);
            }
        }
        let mut raw = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut raw);
        let job = Arc::new(Job {
            id: hex::encode(raw),
            owner: owner.to_string(),
            total,
            done: AtomicUsize::new(0),
            state: Mutex::new(JobState {
                phase: Phase::Checking,
                outcome: None,
                finished_at: None,
            }),
        });
        jobs.insert(job.id.clone(), job.clone());
        Ok(job)
    }

    /// The job with this id, if it is still kept.
    pub fn get(&self, id: &str) -> Option<Arc<Job>> {
        let jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
        jobs.get(id).filter(|j| !j.expired(Instant::now())).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_running_job_per_person_and_two_per_server() {
        let jobs = Jobs::default();
        let a = jobs.start("staff:a", 10).unwrap();
        assert_eq!(jobs.start("staff:a", 5).err(), Some(Busy::Own));
        let b = jobs.start("staff:b", 10).unwrap();
        assert_eq!(jobs.start("staff:c", 5).err(), Some(Busy::Server));
        a.finish(Outcome::Failed("x".into()));
        assert!(jobs.start("staff:a", 5).is_ok(), "a's first job is done");
        b.finish(Outcome::Imported {
            users: 10,
            generated: 0,
        });
        assert_eq!(jobs.get(&a.id).map(|j| j.total), Some(10));
        assert!(jobs.get("nothing").is_none());
    }

    #[test]
    fn the_table_stays_bounded() {
        let jobs = Jobs::default();
        let mut first = None;
        for i in 0..(MAX_KEPT + 10) {
            let j = jobs.start(&format!("staff:{i}"), 1).unwrap();
            j.finish(Outcome::Failed(String::new()));
            first.get_or_insert(j.id.clone());
        }
        assert_eq!(jobs.jobs.lock().unwrap().len(), MAX_KEPT);
        assert!(jobs.get(&first.unwrap()).is_none(), "the oldest went first");
    }
}
