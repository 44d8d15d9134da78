//! The SQLite thread's executor: carries out a `WritePlan` on the writer thread's rusqlite
//! connection, one prepared single-row statement per row. SQLite runs such a statement in
//! a few microseconds; what made per-row statements dear was sqlx's per-statement cost.
//! What the thread remembers between batches (`cache`) spares most reads.

use std::collections::HashMap;
use std::sync::Arc;

use rusqlite::{Connection, ToSql, Transaction, TransactionBehavior, params, params_from_iter};

use super::cache::WriterCache;
use super::reads::Positional;
use crate::store::StoreError;
use crate::store::batch::changes::ledger_changes;
use crate::store::batch::open_counts::{self, open_per_nas};
use crate::store::batch::plan::{
    RollupUser, Step, Users, Val, WritePlan, plan, session_keys, usernames,
};
use crate::store::batch::record::AcctRecord;
use crate::store::batch::row::{Changed, Key, SessionRow};
use crate::store::batch::statements::{
    AUTH_DAILY_SQL, CLOSE_NAS_SQL, FLAG_IMPLAUSIBLE_SQL, SUM_TABLE_COUNT, UPDATE_BY_ID_SQL,
    UPDATE_LIFECYCLE_SQL, UPDATE_PROGRESS_SQL, acct_health_sql, auth_contact_sql,
    auth_log_insert_sql, insert_sql, invalidate_sql, load_sql, open_count_sql, peak_day_sql,
    peak_hour_sql, sum_upsert_sql, users_sql,
};
use crate::store::batch::who_queue::{self, Pending};
use crate::store::health::AuthActivity;
use crate::store::ledger::{Changes, Ledger};
use crate::store::sessions::state;
use crate::store::sql::sql_once;

impl ToSql for Val<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            Val::Int(i) => i.to_sql(),
            Val::Text(s) => s.to_sql(),
        }
    }
}

/// Applies a batch in one `BEGIN IMMEDIATE` transaction (the write lock up front: a
/// deferred transaction that reads first fails at once when another writer commits in
/// between), then hands what it changed to `ledger`. On `Err` nothing is stored, the
/// cache is emptied and the ledger forgets the batch's users.
pub(crate) fn apply(
    conn: &mut Connection,
    records: &[AcctRecord],
    cache: &mut WriterCache,
    ledger: &Arc<Ledger>,
    who: &Pending,
) -> Result<(), StoreError> {
    if records.is_empty() {
        return Ok(());
    }
    let pending = ledger.begin(usernames(records).into_iter().map(String::from).collect());
    match apply_in(conn, records, cache, who) {
        Ok(changes) => {
            pending.commit(&changes);
            Ok(())
        }
        Err(e) => {
            cache.clear();
            who.unsure();
            Err(e)
        }
    }
}

fn apply_in(
    conn: &mut Connection,
    records: &[AcctRecord],
    cache: &mut WriterCache,
    who: &Pending,
) -> Result<Changes, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    cache.check(&tx)?;
    let sessions = load_sessions(&tx, records, cache)?;
    let open_before = open_per_nas(&sessions);
    // The rows as stored, so that each UPDATE sets only what the batch changed.
    let stored = sessions.clone();
    let users = load_users(&tx, records, cache)?;
    let mut plan = plan(records, sessions, &users);
    let steps = std::mem::take(&mut plan.steps);
    let mut moved = false;
    for step in &steps {
        run(&tx, step, &mut plan, &stored, cache)?;
        if let Step::WriteSessions { .. } = step {
            let open_after = open_per_nas(&plan.sessions);
            keep_open_counts(&tx, &open_counts::change(&steps, &open_before, &open_after))?;
            // The open counts the cache holds move by what this batch opened and closed;
            // those of NAS whose sessions an Accounting-On/Off closed in SQL were forgotten
            // by `CloseNas` and are counted afresh by `Peaks` if it needs them.
            cache.adjust_open(&open_before, &open_after);
            moved |= queue_who(&tx, &plan.sessions, &stored, who)?;
        }
    }
    let changes = ledger_changes(&steps, &plan.sessions);
    tx.commit()?;
    if moved {
        who.moved();
    }
    cache.keep_sessions(plan.sessions);
    Ok(changes)
}

/// Queues the batch's sessions whose `session who` entries are new or changed, and moves
/// the queue into `session_addresses` when it is due (`who_queue`); true if it moved it.
fn queue_who(
    tx: &Transaction<'_>,
    rows: &HashMap<Key, SessionRow>,
    stored: &HashMap<Key, SessionRow>,
    who: &Pending,
) -> Result<bool, StoreError> {
    let keys = who_queue::changed(rows.iter().filter(|(_, r)| r.dirty || !r.in_db), stored);
    let mut q = tx.prepare_cached(who_queue::QUEUE_SQL)?;
    for (k, r) in &keys {
        q.execute(params![
            k.nas_id,
            k.acct_session_id,
            k.username,
            r.framed_ip,
            r.calling_station_id
        ])?;
    }
    if who.add(keys.len()) {
        static SQL: std::sync::OnceLock<[String; 2]> = std::sync::OnceLock::new();
        for statement in SQL.get_or_init(who_queue::move_sqlite_sql) {
            tx.prepare_cached(statement)?.execute([])?;
        }
        return Ok(true);
    }
    Ok(false)
}

fn run(
    tx: &Transaction<'_>,
    step: &Step<'_>,
    plan: &mut WritePlan<'_>,
    stored: &HashMap<Key, SessionRow>,
    cache: &mut WriterCache,
) -> Result<(), StoreError> {
    match step {
        Step::CloseNas { nas_id, at, why } => {
            tx.prepare_cached(CLOSE_NAS_SQL)?
                .execute(params![state::CLOSED, why, at, nas_id])?;
            cache.forget_nas(*nas_id);
        }
        Step::WriteSessions { new_order } => {
            write_sessions(tx, &mut plan.sessions, stored, new_order)?
        }
        Step::FlagImplausible(flags) => {
            let mut q = tx.prepare_cached(FLAG_IMPLAUSIBLE_SQL)?;
            for (k, f) in flags {
                q.execute(params![
                    f.reason.as_str(),
                    f.at,
                    f.input_octets,
                    f.output_octets,
                    f.records,
                    k.nas_id,
                    k.acct_session_id,
                    k.username
                ])?;
            }
        }
        Step::AddUsage { table, rows } => {
            static SQL: [std::sync::OnceLock<String>; SUM_TABLE_COUNT] =
                [const { std::sync::OnceLock::new() }; SUM_TABLE_COUNT];
            let sql = sql_once(&SQL[table.index], || sum_upsert_sql(table, 1));
            let mut q = tx.prepare_cached(sql)?;
            for (vals, d) in rows {
                let sums = d.sums();
                let params = vals
                    .iter()
                    .map(|v| v as &dyn ToSql)
                    .chain(sums.iter().map(|v| v as &dyn ToSql));
                q.execute(params_from_iter(params))?;
            }
        }
        Step::Peaks { day, hour, nas } => {
            let mut hourly = tx.prepare_cached(peak_hour_sql())?;
            let mut daily = tx.prepare_cached(peak_day_sql())?;
            for nas_id in nas {
                // Counted once per batch: the count is of the state after the whole batch,
                // the same for every hour it touched. A NAS with none open gets no row, as
                // the pooled executor's grouped count gives none.
                let n = match cache.open_per_nas.get(nas_id) {
                    Some(n) => *n,
                    None => {
                        let n: i64 = tx
                            .prepare_cached(open_count_sql())?
                            .query_row([nas_id], |row| row.get(0))?;
                        cache.open_per_nas.insert(*nas_id, n);
                        n
                    }
                };
                if n == 0 {
                    continue;
                }
                hourly.execute(params![day, hour, nas_id, n])?;
                daily.execute(params![nas_id, day, n])?;
            }
        }
        Step::AcctContacts(contacts) => {
            static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
            let mut q = tx.prepare_cached(sql_once(&SQL, || acct_health_sql(1)))?;
            for c in contacts {
                q.execute(params![c.nas_id, c.at, c.skew, c.nas_identifier])?;
            }
        }
        Step::InvalidateDistinct(periods) => {
            static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
            for p in periods {
                // Deleting a marker this thread already deleted would change nothing until
                // another connection builds the period again (which empties the cache).
                if cache.unmarked_periods.contains(*p) {
                    continue;
                }
                tx.prepare_cached(sql_once(&SQL, || invalidate_sql(1)))?
                    .execute([p])?;
                cache.unmarked_periods.insert(p.to_string());
            }
        }
    }
    Ok(())
}

/// Writes a batch's change to the open sessions kept per NAS (migration 0029).
fn keep_open_counts(
    tx: &Transaction<'_>,
    change: &open_counts::CountChange,
) -> Result<(), StoreError> {
    let mut add = tx.prepare_cached(open_counts::ADD_SQL)?;
    for (nas_id, n) in &change.add {
        add.execute(params![nas_id, n])?;
    }
    let mut recount = tx.prepare_cached(open_counts::RECOUNT_SQL)?;
    for nas_id in &change.recount {
        recount.execute([nas_id])?;
    }
    Ok(())
}

/// The batch's sessions: remembered ones from the cache, the others read.
fn load_sessions(
    conn: &Connection,
    records: &[AcctRecord],
    cache: &WriterCache,
) -> Result<HashMap<Key, SessionRow>, StoreError> {
    let keys = session_keys(records);
    let mut out = HashMap::with_capacity(keys.len());
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let mut q = conn.prepare_cached(sql_once(&SQL, || load_sql(1)))?;
    for k in keys {
        if let Some(row) = cache.sessions.get(&k) {
            out.insert(k, row.clone());
            continue;
        }
        let mut found = q.query(params![k.nas_id, k.acct_session_id, k.username])?;
        if let Some(row) = found.next()? {
            let (_, row) = SessionRow::read(&mut Positional {
                row,
                next: 0,
                prefix: "",
            })?;
            out.insert(k, row);
        }
    }
    Ok(out)
}

/// The id and plan of every registered username in the batch, remembering each name's
/// account (or its absence) in the cache.
fn load_users(
    conn: &Connection,
    records: &[AcctRecord],
    cache: &mut WriterCache,
) -> Result<Users, StoreError> {
    let names = usernames(records);
    let mut out = HashMap::with_capacity(names.len());
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let mut q = conn.prepare_cached(sql_once(&SQL, || users_sql(1)))?;
    for name in names {
        let user = match cache.users.get(name) {
            Some(user) => user.clone(),
            None => {
                let mut found = q.query([name])?;
                // Columns of `users_sql`: id, username, plan.
                let user = match found.next()? {
                    Some(row) => Some(RollupUser {
                        id: row.get(0)?,
                        plan: row.get(2)?,
                    }),
                    None => None,
                };
                cache.keep_user(name, user.clone());
                user
            }
        };
        if let Some(user) = user {
            out.insert(name.to_string(), user);
        }
    }
    Ok(out)
}

/// The columns a later record can change, in `UPDATE_BY_ID_SQL` order (which is also
/// their order in `upsert_sql`, after the key).
fn changing_columns(r: &SessionRow) -> [&dyn ToSql; 17] {
    [
        &r.framed_ip,
        &r.calling_station_id,
        &r.called_station_id,
        &r.nas_port_id,
        &r.class,
        &r.started_at,
        &r.last_update_at,
        &r.stopped_at,
        &r.seen_at,
        &r.counters.session_time,
        &r.counters.input_octets,
        &r.counters.output_octets,
        &r.counters.input_packets,
        &r.counters.output_packets,
        &r.terminate_cause,
        &r.state,
        &r.close_reason,
    ]
}

/// One row per statement. A row whose id is known (every row the batch loaded, or the
/// writer remembers) is updated by id, which spares the upsert's probe of the unique index
/// and its lookup of the user, setting only the columns the batch changed from `stored`
/// (`row::Changed`); new rows are inserted and their ids kept for later batches.
fn write_sessions(
    conn: &Connection,
    rows: &mut HashMap<Key, SessionRow>,
    stored: &HashMap<Key, SessionRow>,
    new_order: &[Key],
) -> Result<(), StoreError> {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    // A plain INSERT, its id read back from the connection: `RETURNING` would give the
    // statement a journal of its own (a copy of every page it changes), as a trigger does.
    // The row is known to be new: the batch read its key inside this write transaction.
    let mut insert = conn.prepare_cached(sql_once(&SQL, || insert_sql(1)))?;
    let mut update = conn.prepare_cached(UPDATE_BY_ID_SQL)?;
    let mut progress = conn.prepare_cached(UPDATE_PROGRESS_SQL)?;
    let mut lifecycle = conn.prepare_cached(UPDATE_LIFECYCLE_SQL)?;
    let mut write = |key: &Key, r: &mut SessionRow| -> Result<(), StoreError> {
        if let Some(id) = r.id {
            let c = &r.counters;
            let times: [&dyn ToSql; 7] = [
                &r.last_update_at,
                &r.seen_at,
                &c.session_time,
                &c.input_octets,
                &c.output_octets,
                &c.input_packets,
                &c.output_packets,
            ];
            let changed = stored.get(key).map_or(Changed::All, |b| r.changed_from(b));
            match changed {
                Changed::Progress => {
                    let params = times.into_iter().chain([&id as &dyn ToSql]);
                    progress.execute(params_from_iter(params))?;
                }
                Changed::Lifecycle => {
                    let ending: [&dyn ToSql; 5] = [
                        &r.stopped_at,
                        &r.terminate_cause,
                        &r.state,
                        &r.close_reason,
                        &id,
                    ];
                    lifecycle.execute(params_from_iter(times.into_iter().chain(ending)))?;
                }
                Changed::All => {
                    let params = changing_columns(r).into_iter().chain([&id as &dyn ToSql]);
                    update.execute(params_from_iter(params))?;
                }
            }
            return Ok(());
        }
        let changing = changing_columns(r);
        let head: [&dyn ToSql; 3] = [&key.nas_id, &key.acct_session_id, &key.username];
        let params = head
            .into_iter()
            .chain(changing.iter().copied())
            .chain([&r.interim_interval as &dyn ToSql]);
        insert.execute(params_from_iter(params))?;
        r.id = Some(conn.last_insert_rowid());
        Ok(())
    };
    // New sessions first, in arrival order (so their ids follow arrival), then the
    // changed existing ones, as the pooled executor orders them.
    for key in new_order {
        let Some(r) = rows.get_mut(key) else {
            return Err(StoreError::Invalid(
                "session vanished from the batch".into(),
            ));
        };
        write(key, r)?;
    }
    for (key, r) in rows.iter_mut().filter(|(_, r)| r.in_db && r.dirty) {
        write(key, r)?;
    }
    Ok(())
}

/// Writes authentication log rows, daily counts and NAS contacts in one transaction.
pub(crate) fn apply_auth_activity(
    conn: &mut Connection,
    batch: &AuthActivity,
) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut q = tx.prepare_cached(auth_log_insert_sql())?;
        for e in &batch.entries {
            q.execute(params![
                e.at,
                e.username,
                e.nas_id,
                e.method,
                i64::from(e.accepted),
                e.reason,
                e.calling_station_id,
                e.message
            ])?;
        }
        let mut q = tx.prepare_cached(AUTH_DAILY_SQL)?;
        for d in &batch.daily {
            q.execute(params![
                d.day,
                d.nas_id,
                d.accepts,
                d.rejects,
                d.bad_authenticators
            ])?;
        }
        let mut q = tx.prepare_cached(auth_contact_sql())?;
        for c in &batch.contacts {
            q.execute(params![
                c.nas_id,
                c.last_request_at,
                c.last_login_at,
                c.nas_identifier
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}
