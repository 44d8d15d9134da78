//! Measurements of a `radkota bench` run: counts per outcome and latency percentiles.

use std::time::Duration;

/// What one simulated NAS saw.
#[derive(Debug, Default, Clone)]
pub struct WorkerStats {
    pub sent: u64,
    pub ok: u64,
    pub rejects: u64,
    pub unexpected: u64,
    pub timeouts: u64,
    pub bad_replies: u64,
    pub send_errors: u64,
    /// Requests sent on to the next server after a timeout.
    pub failovers: u64,
    pub latencies_us: Vec<u32>,
    /// Accounting records acknowledged (when asked to keep them).
    pub acked: Vec<super::Acked>,
}

/// The whole run.
#[derive(Debug, Clone)]
pub struct Report {
    pub sent: u64,
    pub answered: u64,
    pub ok: u64,
    pub rejects: u64,
    pub unexpected: u64,
    pub timeouts: u64,
    pub bad_replies: u64,
    pub send_errors: u64,
    pub failovers: u64,
    pub acked: Vec<super::Acked>,
    pub elapsed: Duration,
    pub p50_us: u32,
    pub p95_us: u32,
    pub p99_us: u32,
    pub max_us: u32,
}

impl Report {
    /// Merges per-worker stats.
    pub fn from_workers(workers: Vec<WorkerStats>, elapsed: Duration) -> Report {
        let mut lat: Vec<u32> = Vec::new();
        let mut r = Report {
            sent: 0,
            answered: 0,
            ok: 0,
            rejects: 0,
            unexpected: 0,
            timeouts: 0,
            bad_replies: 0,
            send_errors: 0,
            failovers: 0,
            acked: Vec::new(),
            elapsed,
            p50_us: 0,
            p95_us: 0,
            p99_us: 0,
            max_us: 0,
        };
        for w in workers {
            r.sent += w.sent;
            r.ok += w.ok;
            r.rejects += w.rejects;
            r.unexpected += w.unexpected;
            r.timeouts += w.timeouts;
            r.bad_replies += w.bad_replies;
            r.send_errors += w.send_errors;
            r.failovers += w.failovers;
            r.acked.extend(w.acked);
            lat.extend(w.latencies_us);
        }
        r.answered = lat.len() as u64;
        lat.sort_unstable();
        let pct = |p: f64| -> u32 {
            if lat.is_empty() {
                return 0;
            }
            let i = ((lat.len() as f64 * p).ceil() as usize).clamp(1, lat.len()) - 1;
            lat[i]
        };
        r.p50_us = pct(0.50);
        r.p95_us = pct(0.95);
        r.p99_us = pct(0.99);
        r.max_us = lat.last().copied().unwrap_or(0);
        r
    }

    /// Answered requests per second.
    pub fn rps(&self) -> f64 {
        let s = self.elapsed.as_secs_f64();
        if s > 0.0 {
            self.answered as f64 / s
        } else {
            0.0
        }
    }

    /// A human summary.
    pub fn render(&self, label: &str) -> String {
        format!(
            "{label}: sent {} answered {} in {:.2} s = {:.0} req/s\n  ok {}  rejects {}  unexpected {}  timeouts {}  bad replies {}  send errors {}  failovers {}\n  latency ms: p50 {:.2}  p95 {:.2}  p99 {:.2}  max {:.2}",
            self.sent,
            self.answered,
            self.elapsed.as_secs_f64(),
            self.rps(),
            self.ok,
            self.rejects,
            self.unexpected,
            self.timeouts,
            self.bad_replies,
            self.send_errors,
            self.failovers,
            self.p50_us as f64 / 1000.0,
            self.p95_us as f64 / 1000.0,
            self.p99_us as f64 / 1000.0,
            self.max_us as f64 / 1000.0,
        )
    }

    /// One machine-readable line, like the shared harness prints.
    pub fn result_line(&self, kind: &str) -> String {
        format!(
            "RESULT kind={kind} sent={} answered={} ok={} rejects={} timeouts={} bad={} failovers={} seconds={:.3} rps={:.0} p50_us={} p95_us={} p99_us={} max_us={}",
            self.sent,
            self.answered,
            self.ok,
            self.rejects,
            self.timeouts,
            self.bad_replies,
            self.failovers,
            self.elapsed.as_secs_f64(),
            self.rps(),
            self.p50_us,
            self.p95_us,
            self.p99_us,
            self.max_us
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_and_sums() {
        let w = WorkerStats {
            sent: 100,
            ok: 100,
            latencies_us: (1..=100).collect(),
            ..Default::default()
        };
        let r = Report::from_workers(
            vec![
                w,
                WorkerStats {
                    sent: 1,
                    timeouts: 1,
                    ..Default::default()
                },
            ],
            Duration::from_secs(2),
        );
        assert_eq!((r.sent, r.answered, r.timeouts), (101, 100, 1));
        assert_eq!((r.p50_us, r.p95_us, r.p99_us, r.max_us), (50, 95, 99, 100));
        assert_eq!(r.rps(), 50.0);
    }
}
