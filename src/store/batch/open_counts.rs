//! SQLite's open sessions per NAS (`nas_open_sessions`), kept by the statements that move
//! them rather than by triggers (migration 0029): a trigger gives each session write a
//! statement journal. An accounting batch adds what it opened and closed per NAS; a NAS
//! whose sessions an Accounting-On/Off closed in SQL, and every NAS after the reaper, is
//! counted again over `sessions_open_nas` (open and stale sessions only; the reaper's own
//! recount is in `store/sessions.rs`). PostgreSQL's statement-level triggers keep the same
//! table there.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::plan::Step;
use super::row::{Key, SessionRow};
use crate::store::sessions::state;

/// Adds to one NAS's count (NAS id, change).
pub(crate) const ADD_SQL: &str = "INSERT INTO nas_open_sessions (nas_id, open_sessions) \
     VALUES ($1, $2) ON CONFLICT (nas_id) DO UPDATE SET \
     open_sessions = nas_open_sessions.open_sessions + excluded.open_sessions";

/// Counts one NAS's open sessions again (NAS id). The two states are written out so that
/// the partial index of open and stale sessions per NAS serves the count.
pub(crate) const RECOUNT_SQL: &str = "INSERT INTO nas_open_sessions (nas_id, open_sessions) \
     VALUES ($1, (SELECT COUNT(*) FROM sessions WHERE nas_id = $1 \
     AND state IN ('open', 'stale') AND state = 'open')) \
     ON CONFLICT (nas_id) DO UPDATE SET open_sessions = excluded.open_sessions";

/// Open sessions per NAS among a batch's rows.
pub(crate) fn open_per_nas(rows: &HashMap<Key, SessionRow>) -> HashMap<i64, i64> {
    let mut out = HashMap::new();
    for (k, row) in rows {
        if row.state == state::OPEN {
            *out.entry(k.nas_id).or_insert(0) += 1;
        }
    }
    out
}

/// What a batch does to the kept counts, in NAS order (so two writers would touch the rows
/// in the same order).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct CountChange {
    /// NAS and how many more (or fewer) sessions they have open.
    pub add: Vec<(i64, i64)>,
    /// NAS to count again: an Accounting-On/Off closed sessions of theirs that the batch
    /// had not read, so the batch's rows cannot say how many.
    pub recount: Vec<i64>,
}

/// The change a batch makes, from its rows' open sessions per NAS before and after it.
pub(crate) fn change(
    steps: &[Step<'_>],
    before: &HashMap<i64, i64>,
    after: &HashMap<i64, i64>,
) -> CountChange {
    let recount: BTreeSet<i64> = steps
        .iter()
        .filter_map(|s| match s {
            Step::CloseNas { nas_id, .. } => Some(*nas_id),
            _ => None,
        })
        .collect();
    let mut add = BTreeMap::new();
    for (nas_id, n) in after {
        *add.entry(*nas_id).or_insert(0) += n;
    }
    for (nas_id, n) in before {
        *add.entry(*nas_id).or_insert(0) -= n;
    }
    CountChange {
        add: add
            .into_iter()
            .filter(|(nas_id, n)| *n != 0 && !recount.contains(nas_id))
            .collect(),
        recount: recount.into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_the_difference_and_recounts_closed_nas() {
        let before = HashMap::from([(1, 3), (2, 1), (3, 2)]);
        let after = HashMap::from([(1, 1), (2, 1), (4, 2), (3, 0)]);
        let steps = [Step::CloseNas {
            nas_id: 3,
            at: 10,
            why: "nas-reboot",
        }];
        assert_eq!(
            change(&steps, &before, &after),
            CountChange {
                add: vec![(1, -2), (4, 2)],
                recount: vec![3],
            }
        );
        assert_eq!(change(&[], &before, &before), CountChange::default());
    }
}
