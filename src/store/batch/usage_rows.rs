//! The rollup rows an accounting batch adds to (`SUM_TABLES`): which row of which table
//! each record's delta goes to, summed per row, as `Step::AddUsage` steps of its plan.

use std::collections::HashMap;

use super::record::AcctRecord;
use super::row::Counters;
use super::statements::{SUM_TABLE_COUNT, SUM_TABLES, SumTable};

/// Which rollup row a delta goes to; the text borrows from the batch's records and
/// users, so keying a batch's sums copies no strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum RollupKey<'a> {
    User {
        username: &'a str,
        day: &'a str,
    },
    Nas {
        nas_id: i64,
        day: &'a str,
    },
    UserNas {
        day: &'a str,
        nas_id: i64,
        username: &'a str,
    },
    NasPlan {
        day: &'a str,
        nas_id: i64,
        plan: &'a str,
    },
    HourNasPlan {
        day: &'a str,
        hour: i64,
        nas_id: i64,
        plan: &'a str,
    },
    UserMonth {
        /// `YYYY-MM`, the first seven characters of the record's day.
        month: &'a str,
        username: &'a str,
    },
}

/// Amounts added to one rollup row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Rollup {
    pub input_octets: i64,
    pub output_octets: i64,
    pub session_seconds: i64,
    pub sessions: i64,
}

impl Rollup {
    pub(super) fn of(delta: Counters, sessions: i64) -> Rollup {
        Rollup {
            input_octets: delta.input_octets,
            output_octets: delta.output_octets,
            session_seconds: delta.session_time,
            sessions,
        }
    }

    fn is_zero(&self) -> bool {
        *self == Rollup::default()
    }

    fn add(&mut self, d: &Rollup) {
        self.input_octets = self.input_octets.saturating_add(d.input_octets);
        self.output_octets = self.output_octets.saturating_add(d.output_octets);
        self.session_seconds = self.session_seconds.saturating_add(d.session_seconds);
        self.sessions = self.sessions.saturating_add(d.sessions);
    }

    /// The four summed columns, in `sum_upsert_sql` order.
    pub(crate) fn sums(&self) -> [i64; 4] {
        [
            self.input_octets,
            self.output_octets,
            self.session_seconds,
            self.sessions,
        ]
    }
}

/// A registered user as the rollups record them.
#[derive(Debug, Clone)]
pub(crate) struct RollupUser {
    pub id: i64,
    pub plan: String,
}

/// The registered users of a batch by username.
pub(crate) type Users = HashMap<String, RollupUser>;

/// One key column value of a rollup row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Val<'a> {
    Int(Option<i64>),
    Text(&'a str),
}

impl<'a> RollupKey<'a> {
    /// The index of its table in `SUM_TABLES`.
    fn table(&self) -> usize {
        match self {
            RollupKey::User { .. } => 0,
            RollupKey::Nas { .. } => 1,
            RollupKey::UserNas { .. } => 2,
            RollupKey::NasPlan { .. } => 3,
            RollupKey::HourNasPlan { .. } => 4,
            RollupKey::UserMonth { .. } => 5,
        }
    }

    /// Its table's insert columns, in `SumTable::columns` order.
    fn values(self, users: &'a Users) -> Vec<Val<'a>> {
        let id_of = |u: &str| Val::Int(users.get(u).map(|u| u.id));
        match self {
            RollupKey::User { username, day } => {
                vec![Val::Text(username), Val::Text(day), id_of(username)]
            }
            RollupKey::Nas { nas_id, day } => vec![Val::Int(Some(nas_id)), Val::Text(day)],
            RollupKey::UserNas {
                day,
                nas_id,
                username,
            } => vec![
                Val::Text(day),
                Val::Int(Some(nas_id)),
                Val::Text(username),
                id_of(username),
                Val::Text(users.get(username).map_or("", |u| u.plan.as_str())),
            ],
            RollupKey::NasPlan { day, nas_id, plan } => {
                vec![Val::Text(day), Val::Int(Some(nas_id)), Val::Text(plan)]
            }
            RollupKey::HourNasPlan {
                day,
                hour,
                nas_id,
                plan,
            } => vec![
                Val::Text(day),
                Val::Int(Some(hour)),
                Val::Int(Some(nas_id)),
                Val::Text(plan),
            ],
            RollupKey::UserMonth { month, username } => {
                vec![Val::Text(month), Val::Text(username), id_of(username)]
            }
        }
    }
}

/// Rows of one rollup table with the sums added to each, sorted by key.
pub(crate) type TableRows<'a> = (&'static SumTable, Vec<(Vec<Val<'a>>, Rollup)>);

/// The rollup rows each record's delta adds to, per table touched (each becomes a
/// `Step::AddUsage`). A delta counts on the day and hour of its record, so a session that
/// crosses midnight puts each part on its own day.
pub(super) fn usage_steps<'a>(
    deltas: &[(&'a AcctRecord, Rollup)],
    users: &'a Users,
) -> Vec<TableRows<'a>> {
    let mut sums: HashMap<RollupKey<'a>, Rollup> = HashMap::new();
    for (r, d) in deltas {
        if d.is_zero() {
            continue;
        }
        let plan = users.get(&r.username).map_or("", |u| u.plan.as_str());
        let (day, nas_id, username) = (r.day.as_str(), r.nas_id, r.username.as_str());
        for key in [
            RollupKey::User { username, day },
            RollupKey::Nas { nas_id, day },
            RollupKey::UserNas {
                day,
                nas_id,
                username,
            },
            RollupKey::NasPlan { day, nas_id, plan },
            RollupKey::HourNasPlan {
                day,
                hour: r.hour,
                nas_id,
                plan,
            },
            RollupKey::UserMonth {
                month: day.get(..7).unwrap_or(day),
                username,
            },
        ] {
            sums.entry(key).or_default().add(d);
        }
    }
    let mut tables: [Vec<(Vec<Val<'a>>, Rollup)>; SUM_TABLE_COUNT] = Default::default();
    for (key, d) in sums {
        tables[key.table()].push((key.values(users), d));
    }
    let mut steps = Vec::new();
    for (table, mut rows) in SUM_TABLES.iter().zip(tables) {
        if rows.is_empty() {
            continue;
        }
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        steps.push((table, rows));
    }
    steps
}
