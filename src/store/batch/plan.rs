//! An accounting batch planned by pure code: the records are applied, in order, to the
//! session rows the batch read, and what is left to write is a `WritePlan`, a list of
//! steps that both executors (`pooled`, and the SQLite thread's `sqlite::batch`) carry out
//! in order. A new kind of write is a new `Step` variant, which neither executor compiles
//! without handling.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::record::{AcctKind, AcctRecord};
use super::row::{Flag, Key, SessionRow};
use super::statements::SumTable;
use super::usage_rows::usage_steps;
pub(crate) use super::usage_rows::{Rollup, RollupUser, Users, Val};
use crate::store::StoreError;
use crate::store::sessions::{reason, state};

/// A NAS's latest accounting contact in a batch: record time, clock skew, NAS-Identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AcctContact<'a> {
    pub nas_id: i64,
    pub at: i64,
    pub skew: Option<i64>,
    pub nas_identifier: Option<&'a str>,
}

/// One write of a batch, in the order the plan lists them.
#[derive(Debug)]
pub(crate) enum Step<'a> {
    /// Accounting-On/Off: every session of the NAS still open or stale, last updated no
    /// later than `at`, is closed (rows the batch holds were closed in memory too).
    CloseNas {
        nas_id: i64,
        at: i64,
        why: &'static str,
    },
    /// The batch's new sessions in arrival order (so their ids follow arrival), then its
    /// changed ones, from `WritePlan::sessions`.
    WriteSessions { new_order: Vec<Key> },
    /// After the sessions are written: sessions with records whose counters were not
    /// believed and not applied (`row::Implausible`), sorted by key.
    FlagImplausible(Vec<(Key, Flag)>),
    /// Sums added to the rows of one rollup table, sorted by key: a fixed order keeps
    /// lock order stable between concurrent writers (PostgreSQL).
    AddUsage {
        table: &'static SumTable,
        rows: Vec<(Vec<Val<'a>>, Rollup)>,
    },
    /// After the sessions are written: each of these NAS, where a session opened in that
    /// hour, keeps its count of open sessions as the hour's and the day's peak if higher.
    Peaks {
        day: &'a str,
        hour: i64,
        nas: Vec<i64>,
    },
    /// The latest accounting contact of every NAS in the batch (`nas_health`).
    AcctContacts(Vec<AcctContact<'a>>),
    /// Days and months the batch adds to: their built distinct-user sets are stale.
    InvalidateDistinct(Vec<&'a str>),
}

/// What a batch writes: its session rows as they end, and the steps.
#[derive(Debug)]
pub(crate) struct WritePlan<'a> {
    /// Every session row the batch read or made, as the batch leaves it.
    pub sessions: HashMap<Key, SessionRow>,
    pub steps: Vec<Step<'a>>,
}

/// The distinct session keys the batch's records name, in a fixed order: what an executor
/// reads before planning.
pub(crate) fn session_keys(records: &[AcctRecord]) -> Vec<Key> {
    let mut keys: Vec<Key> = records
        .iter()
        .filter(|r| !is_nas_level(r))
        .map(Key::of)
        .collect();
    keys.sort_by(|a, b| {
        (a.nas_id, &a.acct_session_id, &a.username).cmp(&(
            b.nas_id,
            &b.acct_session_id,
            &b.username,
        ))
    });
    keys.dedup();
    keys
}

/// The distinct non-empty usernames of a batch, sorted: the accounts an executor reads
/// before planning.
pub(crate) fn usernames(records: &[AcctRecord]) -> Vec<&str> {
    let mut names: Vec<&str> = records
        .iter()
        .filter(|r| !r.username.is_empty())
        .map(|r| r.username.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

fn is_nas_level(r: &AcctRecord) -> bool {
    matches!(r.kind, AcctKind::AccountingOn | AcctKind::AccountingOff)
}

/// Plans a batch: applies `records`, in order, to `sessions` (the rows of `session_keys`
/// that exist) and lists the writes. This is the whole of the accounting semantics; the
/// executors only read before it and write after it.
pub(crate) fn plan<'a>(
    records: &'a [AcctRecord],
    mut sessions: HashMap<Key, SessionRow>,
    users: &'a Users,
) -> WritePlan<'a> {
    let mut steps = Vec::new();
    let mut new_order = Vec::new();
    let mut deltas: Vec<(&'a AcctRecord, Rollup)> = Vec::with_capacity(records.len());
    let mut opened: Vec<(&str, i64, i64)> = Vec::new();
    for r in records {
        if is_nas_level(r) {
            let why = if r.kind == AcctKind::AccountingOn {
                reason::NAS_REBOOT
            } else {
                reason::NAS_OFF
            };
            // Closing the rows not held can run after the loop, before the rows are
            // written: nothing here reads the database, and the held rows close in
            // memory, in record order.
            steps.push(Step::CloseNas {
                nas_id: r.nas_id,
                at: r.event_time,
                why,
            });
            for (k, row) in sessions.iter_mut() {
                if k.nas_id == r.nas_id {
                    row.close_for_nas(r.event_time, why);
                }
            }
            continue;
        }
        let key = Key::of(r);
        match sessions.get_mut(&key) {
            Some(row) => {
                let was_open = row.state == state::OPEN;
                let delta = row.apply(r);
                if !was_open && row.state == state::OPEN {
                    opened.push((&r.day, r.hour, r.nas_id));
                }
                deltas.push((r, Rollup::of(delta, 0)));
            }
            None => {
                let row = SessionRow::new(r);
                if row.state == state::OPEN {
                    opened.push((&r.day, r.hour, r.nas_id));
                }
                deltas.push((r, Rollup::of(row.counters, 1)));
                sessions.insert(key.clone(), row);
                new_order.push(key);
            }
        }
    }
    steps.push(Step::WriteSessions { new_order });
    let flags = take_flags(&mut sessions);
    if !flags.is_empty() {
        steps.push(Step::FlagImplausible(flags));
    }
    steps.extend(
        usage_steps(&deltas, users)
            .into_iter()
            .map(|(table, rows)| Step::AddUsage { table, rows }),
    );
    steps.extend(peak_steps(&opened));
    let contacts = acct_contacts(records);
    if !contacts.is_empty() {
        steps.push(Step::AcctContacts(contacts));
    }
    let periods = periods(records);
    if !periods.is_empty() {
        steps.push(Step::InvalidateDistinct(periods));
    }
    WritePlan { sessions, steps }
}

/// The flags the batch's records left on its rows, taken so that rows kept between
/// batches do not carry them further.
fn take_flags(sessions: &mut HashMap<Key, SessionRow>) -> Vec<(Key, Flag)> {
    let mut flags: Vec<(Key, Flag)> = sessions
        .iter_mut()
        .filter_map(|(k, row)| row.flag.take().map(|f| (k.clone(), f)))
        .collect();
    flags.sort_by(|a, b| {
        (a.0.nas_id, &a.0.acct_session_id, &a.0.username).cmp(&(
            b.0.nas_id,
            &b.0.acct_session_id,
            &b.0.username,
        ))
    });
    flags
}

/// The NAS where a session opened, per (day, hour).
fn peak_steps<'a>(opened: &[(&'a str, i64, i64)]) -> Vec<Step<'a>> {
    let mut groups: BTreeMap<(&str, i64), BTreeSet<i64>> = BTreeMap::new();
    for (day, hour, nas) in opened {
        groups.entry((*day, *hour)).or_default().insert(*nas);
    }
    groups
        .into_iter()
        .map(|((day, hour), nas)| Step::Peaks {
            day,
            hour,
            nas: nas.into_iter().collect(),
        })
        .collect()
}

/// The latest record time, clock skew and NAS-Identifier of every NAS in the batch.
fn acct_contacts(records: &[AcctRecord]) -> Vec<AcctContact<'_>> {
    let mut latest: BTreeMap<i64, AcctContact<'_>> = BTreeMap::new();
    for r in records {
        let c = latest.entry(r.nas_id).or_insert(AcctContact {
            nas_id: r.nas_id,
            at: r.seen_at,
            skew: None,
            nas_identifier: None,
        });
        c.at = c.at.max(r.seen_at);
        if r.clock_skew.is_some() {
            c.skew = r.clock_skew;
        }
        if let Some(id) = r.nas_identifier.as_deref() {
            c.nas_identifier = Some(id);
        }
    }
    latest.into_values().collect()
}

/// The periods (days and months) a batch's records fall in.
fn periods(records: &[AcctRecord]) -> Vec<&str> {
    let mut periods: BTreeSet<&str> = BTreeSet::new();
    for r in records.iter().filter(|r| !r.day.is_empty()) {
        periods.insert(&r.day);
        periods.insert(r.day.get(..7).unwrap_or(&r.day));
    }
    periods.into_iter().collect()
}

/// The rows to write back: new sessions first, in arrival order, then the changed
/// existing ones.
pub(crate) fn rows_to_write<'a>(
    rows: &'a HashMap<Key, SessionRow>,
    new_order: &'a [Key],
) -> Result<Vec<(&'a Key, &'a SessionRow)>, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    for key in new_order {
        let Some(r) = rows.get(key) else {
            return Err(StoreError::Invalid(
                "session vanished from the batch".into(),
            ));
        };
        out.push((key, r));
    }
    out.extend(rows.iter().filter(|(_, r)| r.in_db && r.dirty));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::batch::record::AcctKind;

    fn record(kind: AcctKind, sid: &str, user: &str, at: i64, octets: i64) -> AcctRecord {
        AcctRecord {
            session_time: 60,
            input_octets: octets,
            output_octets: octets,
            nas_identifier: Some("rw01".into()),
            ..AcctRecord::for_tests(kind, sid, user, at)
        }
    }

    fn users() -> Users {
        let mut u = Users::new();
        u.insert(
            "siti".into(),
            RollupUser {
                id: 7,
                plan: "student".into(),
            },
        );
        u
    }

    #[test]
    fn a_batch_is_planned_in_order_and_repeats_add_nothing() {
        let records = vec![
            record(AcctKind::Start, "s1", "siti", 100, 0),
            record(AcctKind::Interim, "s1", "siti", 400, 1000),
            // A retransmission of the interim: no delta.
            record(AcctKind::Interim, "s1", "siti", 400, 1000),
            record(AcctKind::Stop, "s1", "siti", 500, 1500),
        ];
        let users = users();
        let plan = plan(&records, HashMap::new(), &users);
        let kinds: Vec<&str> = plan
            .steps
            .iter()
            .map(|s| match s {
                Step::CloseNas { .. } => "close",
                Step::WriteSessions { .. } => "sessions",
                Step::FlagImplausible(_) => "flags",
                Step::AddUsage { .. } => "usage",
                Step::Peaks { .. } => "peaks",
                Step::AcctContacts(_) => "contacts",
                Step::InvalidateDistinct(_) => "distinct",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "sessions", "usage", "usage", "usage", "usage", "usage", "usage", "peaks",
                "contacts", "distinct"
            ]
        );
        let row = &plan.sessions[&Key::of(&records[0])];
        assert_eq!(row.state, state::CLOSED);
        assert_eq!(row.counters.input_octets, 1500);
        // The user's day row got 1500 up and down over one session, whatever repeated.
        let Step::AddUsage { rows, .. } = &plan.steps[1] else {
            panic!("usage first after sessions");
        };
        assert_eq!(
            rows[0],
            (
                vec![
                    Val::Text("siti"),
                    Val::Text("2026-12-06"),
                    Val::Int(Some(7))
                ],
                Rollup {
                    input_octets: 1500,
                    output_octets: 1500,
                    session_seconds: 60,
                    sessions: 1,
                }
            )
        );
    }

    #[test]
    fn accounting_on_closes_held_rows_and_the_rest_in_sql() {
        let start = record(AcctKind::Start, "s1", "siti", 100, 0);
        let mut on = record(AcctKind::AccountingOn, "", "", 200, 0);
        on.nas_identifier = None;
        let records = vec![start, on];
        let users = users();
        let plan = plan(&records, HashMap::new(), &users);
        assert!(matches!(
            plan.steps[0],
            Step::CloseNas {
                nas_id: 1,
                at: 200,
                why: reason::NAS_REBOOT
            }
        ));
        let row = &plan.sessions[&Key::of(&records[0])];
        assert_eq!(row.state, state::CLOSED);
        assert_eq!(row.close_reason.as_deref(), Some(reason::NAS_REBOOT));
    }

    #[test]
    fn implausible_records_are_flagged_and_add_no_usage() {
        let records = vec![
            record(AcctKind::Start, "s1", "siti", 100, 0),
            record(AcctKind::Interim, "s1", "siti", 400, 1000),
            // Random Gigawords: exabytes in 300 s.
            record(AcctKind::Interim, "s1", "siti", 700, 3_000_000_000 << 32),
            // Beyond 2^63, saturated by the parser.
            record(AcctKind::Interim, "s1", "siti", 800, i64::MAX),
        ];
        let users = users();
        let plan = plan(&records, HashMap::new(), &users);
        let flags: Vec<&Vec<(Key, Flag)>> = plan
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::FlagImplausible(f) => Some(f),
                _ => None,
            })
            .collect();
        assert_eq!(flags.len(), 1);
        let (key, flag) = &flags[0][0];
        assert_eq!(key, &Key::of(&records[0]));
        assert_eq!(flag.records, 2);
        assert_eq!(flag.reason.as_str(), "overflow");
        // The rows the batch leaves carry no flag (the SQLite writer keeps them).
        assert!(plan.sessions.values().all(|r| r.flag.is_none()));
        let Some(Step::AddUsage { rows, .. }) = plan
            .steps
            .iter()
            .find(|s| matches!(s, Step::AddUsage { .. }))
        else {
            panic!("usage step");
        };
        assert_eq!(rows[0].1.input_octets, 1000);
    }
}
