//! A histogram of fixed buckets kept in relaxed atomics: observing is a few compares and
//! two adds, no lock (prometheus-client's own histogram takes a mutex per observation,
//! too much for a receive loop that answers a login in 15 µs).

use std::sync::atomic::{AtomicU64, Ordering};

/// Counts of observations (integers in the histogram's unit) per upper bound.
#[derive(Debug)]
pub struct Histogram<const N: usize> {
    /// Upper bounds, ascending, in the unit observed.
    bounds: [u64; N],
    /// Observations per bucket (not cumulative); the last slot is above every bound.
    counts: [AtomicU64; N],
    over: AtomicU64,
    sum: AtomicU64,
    /// Units per exported base unit (1e6 for microseconds as seconds); divided, not
    /// multiplied, so that 50 µs is exported as 5e-05 and not 4.9999999999999996e-05.
    per_unit: f64,
}

/// What a histogram held at one moment, in the exported unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// (upper bound, observations in that bucket alone), ascending, ending at +Inf.
    pub buckets: Vec<(f64, u64)>,
    pub count: u64,
    pub sum: f64,
}

impl<const N: usize> Histogram<N> {
    /// An empty histogram with `bounds` (ascending), `per_unit` of them to the exported unit.
    pub const fn new(bounds: [u64; N], per_unit: f64) -> Self {
        Histogram {
            bounds,
            counts: [const { AtomicU64::new(0) }; N],
            over: AtomicU64::new(0),
            sum: AtomicU64::new(0),
            per_unit,
        }
    }

    /// Counts one observation of `value` units.
    pub fn observe(&self, value: u64) {
        let slot = self.bounds.iter().position(|b| value <= *b);
        match slot {
            Some(i) => self.counts[i].fetch_add(1, Ordering::Relaxed),
            None => self.over.fetch_add(1, Ordering::Relaxed),
        };
        self.sum.fetch_add(value, Ordering::Relaxed);
    }

    /// The buckets, count and sum now (each read on its own: a scrape racing an
    /// observation may see it in the count and not yet in the sum, which Prometheus allows).
    pub fn snapshot(&self) -> Snapshot {
        let mut buckets: Vec<(f64, u64)> = self
            .bounds
            .iter()
            .zip(&self.counts)
            .map(|(b, c)| (*b as f64 / self.per_unit, c.load(Ordering::Relaxed)))
            .collect();
        buckets.push((f64::INFINITY, self.over.load(Ordering::Relaxed)));
        let count = buckets.iter().map(|(_, c)| c).sum();
        Snapshot {
            buckets,
            count,
            sum: self.sum.load(Ordering::Relaxed) as f64 / self.per_unit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn observations_land_in_the_first_bucket_that_holds_them() {
        let h = Histogram::new([50, 100], 1e6);
        for v in [0, 50, 51, 100, 101, 5000] {
            h.observe(v);
        }
        let s = h.snapshot();
        assert_eq!(s.buckets, vec![(5e-5, 2), (1e-4, 2), (f64::INFINITY, 2)]);
        assert_eq!(s.count, 6);
        assert_eq!(s.sum, (50 + 51 + 100 + 101 + 5000) as f64 / 1e6);
    }
}
