//! A queue shared fairly between sources (NAS): each source has its own bounded queue and
//! the consumers take one item from each source in turn, so one source's backlog delays
//! only itself and is what gets shed when it outgrows its bound.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Round-robin over per-source FIFO queues of at most `per_source` items each.
pub struct FairQueue<T> {
    state: Mutex<State<T>>,
    ready: Condvar,
    per_source: usize,
}

struct State<T> {
    queues: HashMap<i64, VecDeque<Queued<T>>>,
    /// Sources with something queued, in the order they are served; each appears once.
    turn: VecDeque<i64>,
    closed: bool,
}

struct Queued<T> {
    item: T,
    since: Instant,
}

/// Why `push` did not queue an item (the item is handed back).
#[derive(Debug, PartialEq, Eq)]
pub enum Refused<T> {
    /// The source already has `per_source` items waiting.
    Full(T),
    /// The queue was closed.
    Closed(T),
}

impl<T> FairQueue<T> {
    /// An empty queue holding at most `per_source` items (at least one) per source.
    pub fn new(per_source: usize) -> FairQueue<T> {
        FairQueue {
            state: Mutex::new(State {
                queues: HashMap::new(),
                turn: VecDeque::new(),
                closed: false,
            }),
            ready: Condvar::new(),
            per_source: per_source.max(1),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // The state stays consistent across a panic elsewhere: every change is one step.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues `item` behind `source`'s earlier items, or hands it back.
    pub fn push(&self, source: i64, item: T) -> Result<(), Refused<T>> {
        let mut state = self.lock();
        if state.closed {
            return Err(Refused::Closed(item));
        }
        let queue = state.queues.entry(source).or_default();
        if queue.len() >= self.per_source {
            return Err(Refused::Full(item));
        }
        let was_empty = queue.is_empty();
        queue.push_back(Queued {
            item,
            since: Instant::now(),
        });
        if was_empty {
            state.turn.push_back(source);
        }
        drop(state);
        self.ready.notify_one();
        Ok(())
    }

    /// Waits for the next item in turn; `None` once the queue is closed and empty. Items of
    /// the source in turn that waited longer than `max_age` are moved to `expired` rather
    /// than returned, so a backlog's stale head goes in one step, not one turn per item.
    pub fn pop(&self, max_age: Duration, expired: &mut Vec<T>) -> Option<T> {
        let mut state = self.lock();
        loop {
            if let Some(source) = state.turn.pop_front() {
                let State { queues, turn, .. } = &mut *state;
                let Some(queue) = queues.get_mut(&source) else {
                    continue;
                };
                while queue.front().is_some_and(|q| q.since.elapsed() > max_age) {
                    if let Some(q) = queue.pop_front() {
                        expired.push(q.item);
                    }
                }
                let next = queue.pop_front();
                if queue.is_empty() {
                    queues.remove(&source);
                } else {
                    turn.push_back(source);
                }
                match next {
                    Some(q) => return Some(q.item),
                    // Only stale items: hand them to the caller before waiting again.
                    None if !expired.is_empty() => return None,
                    None => continue,
                }
            }
            if state.closed {
                return None;
            }
            state = self.ready.wait(state).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Whether nothing is queued for any source.
    pub fn is_empty(&self) -> bool {
        self.lock().turn.is_empty()
    }

    /// Refuses further pushes and wakes every consumer; queued items are still handed out.
    pub fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: Duration = Duration::from_secs(60);

    fn next(q: &FairQueue<u32>) -> Option<u32> {
        q.pop(LONG, &mut Vec::new())
    }

    #[test]
    fn sources_take_turns_whatever_their_backlog() {
        let q = FairQueue::new(100);
        for i in 0..50 {
            q.push(1, i).unwrap();
        }
        q.push(2, 1000).unwrap();
        q.push(2, 1001).unwrap();
        q.push(3, 2000).unwrap();
        let order: Vec<u32> = (0..6).filter_map(|_| next(&q)).collect();
        assert_eq!(order, [0, 1000, 2000, 1, 1001, 2]);
    }

    #[test]
    fn a_full_source_is_refused_and_others_are_not() {
        let q = FairQueue::new(3);
        for i in 0..3 {
            q.push(1, i).unwrap();
        }
        assert_eq!(q.push(1, 9), Err(Refused::Full(9)));
        q.push(2, 7).unwrap();
        assert_eq!(next(&q), Some(0));
        q.push(1, 10).unwrap();
    }

    #[test]
    fn stale_items_are_handed_back_unserved() {
        let q = FairQueue::new(10);
        q.push(1, 1).unwrap();
        q.push(1, 2).unwrap();
        std::thread::sleep(Duration::from_millis(30));
        q.push(1, 3).unwrap();
        let mut expired = Vec::new();
        assert_eq!(q.pop(Duration::from_millis(20), &mut expired), Some(3));
        assert_eq!(expired, [1, 2]);
        assert!(q.is_empty());

        q.push(2, 4).unwrap();
        std::thread::sleep(Duration::from_millis(30));
        expired.clear();
        assert_eq!(q.pop(Duration::from_millis(20), &mut expired), None);
        assert_eq!(expired, [4]);
    }

    #[test]
    fn close_wakes_waiting_consumers_after_the_backlog() {
        let q = std::sync::Arc::new(FairQueue::new(10));
        q.push(1, 5).unwrap();
        let consumer = {
            let q = q.clone();
            std::thread::spawn(move || {
                let mut got = Vec::new();
                while let Some(v) = q.pop(LONG, &mut Vec::new()) {
                    got.push(v);
                }
                got
            })
        };
        std::thread::sleep(Duration::from_millis(20));
        q.close();
        assert_eq!(q.push(1, 6), Err(Refused::Closed(6)));
        assert_eq!(consumer.join().unwrap(), [5]);
    }
}
