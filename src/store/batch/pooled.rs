//! The pooled executor: carries out a `WritePlan` through sqlx (PostgreSQL, and SQLite
//! where no writer thread runs), many rows per statement, since through sqlx statements,
//! not rows, are what a batch pays for.

use std::collections::HashMap;
use std::time::Duration;

use sqlx::{AnyConnection, Connection, Row};

use super::changes::ledger_changes;
use super::plan::{RollupUser, Step, Users, Val, WritePlan, plan, session_keys, usernames};
use super::record::AcctRecord;
use super::rollups::bind_rollups;
use super::row::{Key, SessionRow};
use super::statements::{
    AUTH_DAILY_SQL, SumTable, acct_health_sql, auth_contact_sql, auth_log_insert_sql,
    invalidate_sql, load_sql, peaks_counted_sql, sum_upsert_sql, upsert_sql, users_sql,
};
use super::who_queue::{self, Pending};
use super::{open_counts, pg_rows, single};
use crate::store::AuthLogEntry;
use crate::store::batch::work::{Executor, Work};
use crate::store::health::AuthActivity;
use crate::store::ledger::Changes;
use crate::store::row::Named;
use crate::store::{Backend, Store, StoreError};

/// Sessions looked up per statement. Kept small on purpose: sqlx resolves every `$N` with
/// `sqlite3_bind_parameter_name`, which scans the statement's parameter list, so binding is
/// quadratic in parameters per statement (at 2,100 parameters it was 12% of the server's
/// CPU under accounting load); a few more statements per batch cost far less.
const LOAD_CHUNK: usize = 64;
/// Sessions written per statement (21 parameters each); see `LOAD_CHUNK`.
const INSERT_CHUNK: usize = 16;
/// Rollup values bound per statement; see `LOAD_CHUNK`.
const ROLLUP_PARAMS: usize = 200;
/// Usernames looked up per statement; see `LOAD_CHUNK`.
const USER_CHUNK: usize = 64;

/// Applies a batch of records inside the caller's transaction, in order; returns what it
/// changed of the users' usage, for the ledger once the transaction commits.
/// The bool is true when the batch also moved `session who`'s queue (`who_queue`), which
/// the caller tells `who` once the transaction commits.
pub(crate) async fn apply(
    conn: &mut AnyConnection,
    records: &[AcctRecord],
    postgres: bool,
    who: &Pending,
) -> Result<(Changes, bool), StoreError> {
    if postgres {
        // One statement each for the reads, the sessions and the rollups, whatever the
        // batch's size (`pg_rows`).
        let (sessions, users) = pg_rows::load(conn, records).await?;
        let stored = sessions.clone();
        let mut plan = plan(records, sessions, &users);
        let steps = std::mem::take(&mut plan.steps);
        let moved = pg_rows::write(conn, &steps, &plan, &users, &stored, who).await?;
        return Ok((ledger_changes(&steps, &plan.sessions), moved));
    }
    let sessions = load_sessions(conn, records).await?;
    let stored = sessions.clone();
    let open_before = open_counts::open_per_nas(&sessions);
    let users = load_users(conn, records).await?;
    let mut plan = plan(records, sessions, &users);
    let steps = std::mem::take(&mut plan.steps);
    let mut moved = false;
    for step in &steps {
        run(conn, step, &plan).await?;
        if let Step::WriteSessions { new_order } = step {
            // SQLite keeps no triggers for the open counts (migration 0029).
            let after = open_counts::open_per_nas(&plan.sessions);
            keep_open_counts(conn, &open_counts::change(&steps, &open_before, &after)).await?;
            let rows = super::plan::rows_to_write(&plan.sessions, new_order)?;
            moved |= queue_who(conn, &who_queue::changed(rows, &stored), who).await?;
        }
    }
    Ok((ledger_changes(&steps, &plan.sessions), moved))
}

/// SQLite through the pool: queues `keys` for `session who`, one statement each, and moves
/// the queue when due; true if it did.
async fn queue_who(
    conn: &mut AnyConnection,
    keys: &[(&Key, &SessionRow)],
    who: &Pending,
) -> Result<bool, StoreError> {
    for (k, r) in keys {
        sqlx::query(who_queue::QUEUE_SQL)
            .bind(k.nas_id)
            .bind(k.acct_session_id.clone())
            .bind(k.username.clone())
            .bind(r.framed_ip.clone())
            .bind(r.calling_station_id.clone())
            .execute(&mut *conn)
            .await?;
    }
    if !who.add(keys.len()) {
        return Ok(false);
    }
    for statement in who_queue::move_sqlite_sql() {
        sqlx::query(&statement).execute(&mut *conn).await?;
    }
    Ok(true)
}

async fn run(
    conn: &mut AnyConnection,
    step: &Step<'_>,
    plan: &WritePlan<'_>,
) -> Result<(), StoreError> {
    match step {
        Step::CloseNas { .. } | Step::FlagImplausible(_) => single::run(conn, step).await?,
        Step::WriteSessions { new_order } => {
            write_sessions(conn, &plan.sessions, new_order, INSERT_CHUNK).await?;
        }
        Step::AddUsage { table, rows } => add_usage(conn, table, rows).await?,
        Step::Peaks { day, hour, nas } => {
            let [hourly, daily] = peaks_counted_sql(nas);
            sqlx::query(&hourly)
                .bind(*day)
                .bind(*hour)
                .execute(&mut *conn)
                .await?;
            sqlx::query(&daily).bind(*day).execute(&mut *conn).await?;
        }
        Step::AcctContacts(contacts) => {
            let sql = acct_health_sql(contacts.len());
            let mut q = sqlx::query(&sql);
            for c in contacts {
                q = q
                    .bind(c.nas_id)
                    .bind(c.at)
                    .bind(c.skew)
                    .bind(c.nas_identifier.map(str::to_string));
            }
            q.execute(&mut *conn).await?;
        }
        Step::InvalidateDistinct(periods) => {
            let sql = invalidate_sql(periods.len());
            let mut q = sqlx::query(&sql);
            for p in periods {
                q = q.bind(*p);
            }
            q.execute(&mut *conn).await?;
        }
    }
    Ok(())
}

/// Writes a batch's change to SQLite's open sessions kept per NAS.
async fn keep_open_counts(
    conn: &mut AnyConnection,
    change: &open_counts::CountChange,
) -> Result<(), StoreError> {
    for (nas_id, n) in &change.add {
        sqlx::query(open_counts::ADD_SQL)
            .bind(*nas_id)
            .bind(*n)
            .execute(&mut *conn)
            .await?;
    }
    for nas_id in &change.recount {
        sqlx::query(open_counts::RECOUNT_SQL)
            .bind(*nas_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The existing rows of every session the batch's records name.
async fn load_sessions(
    conn: &mut AnyConnection,
    records: &[AcctRecord],
) -> Result<HashMap<Key, SessionRow>, StoreError> {
    let keys = session_keys(records);
    let mut out = HashMap::with_capacity(keys.len());
    for chunk in keys.chunks(LOAD_CHUNK) {
        let sql = load_sql(chunk.len());
        let mut q = sqlx::query(&sql);
        for k in chunk {
            q = q
                .bind(k.nas_id)
                .bind(k.acct_session_id.clone())
                .bind(k.username.clone());
        }
        for row in q.fetch_all(&mut *conn).await? {
            let (key, row) = SessionRow::read(&mut Named {
                row: &row,
                prefix: "",
            })?;
            out.insert(key, row);
        }
    }
    Ok(out)
}

/// The id and plan of every registered username in the batch.
async fn load_users(conn: &mut AnyConnection, records: &[AcctRecord]) -> Result<Users, StoreError> {
    let names = usernames(records);
    let mut out = HashMap::with_capacity(names.len());
    for chunk in names.chunks(USER_CHUNK) {
        let sql = users_sql(chunk.len());
        let mut q = sqlx::query(&sql);
        for name in chunk {
            q = q.bind(*name);
        }
        for row in q.fetch_all(&mut *conn).await? {
            out.insert(
                row.try_get("username")?,
                RollupUser {
                    id: row.try_get("id")?,
                    plan: row.try_get("plan")?,
                },
            );
        }
    }
    Ok(out)
}

/// Writes every new or changed session back with multi-row upserts: the rows were
/// computed in memory, so one upsert replaces an INSERT per new session and an UPDATE per
/// existing one.
async fn write_sessions(
    conn: &mut AnyConnection,
    rows: &HashMap<Key, SessionRow>,
    new_order: &[Key],
    chunk_rows: usize,
) -> Result<(), StoreError> {
    let rows = super::plan::rows_to_write(rows, new_order)?;
    for chunk in rows.chunks(chunk_rows) {
        let sql = upsert_sql(chunk.len());
        let mut q = sqlx::query(&sql);
        for (key, r) in chunk {
            q = q
                .bind(key.nas_id)
                .bind(key.acct_session_id.clone())
                .bind(key.username.clone())
                .bind(r.framed_ip.clone())
                .bind(r.calling_station_id.clone())
                .bind(r.called_station_id.clone())
                .bind(r.nas_port_id.clone())
                .bind(r.class.clone())
                .bind(r.started_at)
                .bind(r.last_update_at)
                .bind(r.stopped_at)
                .bind(r.seen_at)
                .bind(r.counters.session_time)
                .bind(r.counters.input_octets)
                .bind(r.counters.output_octets)
                .bind(r.counters.input_packets)
                .bind(r.counters.output_packets)
                .bind(r.terminate_cause.clone())
                .bind(r.state.clone())
                .bind(r.close_reason.clone())
                .bind(r.interim_interval);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Adds a table's rows, one statement per chunk of rows.
async fn add_usage(
    conn: &mut AnyConnection,
    table: &SumTable,
    rows: &[(Vec<Val<'_>>, super::plan::Rollup)],
) -> Result<(), StoreError> {
    let width = table.columns.len() + 4;
    let per_statement = (ROLLUP_PARAMS / width).max(1);
    for chunk in rows.chunks(per_statement) {
        let sql = sum_upsert_sql(table, chunk.len());
        bind_rollups(sqlx::query(&sql), chunk)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Writes authentication log rows, daily counts and NAS contacts inside the caller's
/// transaction.
pub(crate) async fn apply_auth_activity(
    conn: &mut AnyConnection,
    batch: &AuthActivity,
) -> Result<(), StoreError> {
    for e in &batch.entries {
        sqlx::query(auth_log_insert_sql())
            .bind(e.at)
            .bind(&e.username)
            .bind(e.nas_id)
            .bind(&e.method)
            .bind(i64::from(e.accepted))
            .bind(&e.reason)
            .bind(e.calling_station_id.clone())
            .bind(e.message.clone())
            .execute(&mut *conn)
            .await?;
    }
    for d in &batch.daily {
        sqlx::query(AUTH_DAILY_SQL)
            .bind(&d.day)
            .bind(d.nas_id)
            .bind(d.accepts)
            .bind(d.rejects)
            .bind(d.bad_authenticators)
            .execute(&mut *conn)
            .await?;
    }
    for c in &batch.contacts {
        sqlx::query(auth_contact_sql())
            .bind(c.nas_id)
            .bind(c.last_request_at)
            .bind(c.last_login_at)
            .bind(c.nas_identifier.clone())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A batch that has not committed by then is given up (its requests stay unanswered and
/// the NAS retries); applying a record twice is harmless, so an unknown outcome is safe.
const BATCH_TIMEOUT: Duration = Duration::from_secs(10);

/// Runs of one batch that another transaction got in the way of, before it counts as failed.
const CONFLICT_ATTEMPTS: u32 = 3;

impl Store {
    /// Applies a batch of records in one transaction, in order, through the pool. On `Err`
    /// nothing of the batch is stored.
    pub async fn apply_accounting(&self, records: &[AcctRecord]) -> Result<(), StoreError> {
        self.apply_accounting_with(records, true).await
    }

    /// As `apply_accounting`; with `fsync` false, SQLite commits the batch without waiting
    /// for the disk (WAL, synchronous=NORMAL): the batch survives a crash or `kill -9` of
    /// radkota but not a power cut or kernel crash. PostgreSQL ignores the flag.
    pub async fn apply_accounting_with(
        &self,
        records: &[AcctRecord],
        fsync: bool,
    ) -> Result<(), StoreError> {
        if records.is_empty() {
            return Ok(());
        }
        let sqlite = self.backend() == Backend::Sqlite;
        // Dropped unfinished (an error, a timeout) it makes the ledger forget these users.
        let names: Vec<String> = usernames(records).into_iter().map(String::from).collect();
        let pending = self.ledger.begin(names.clone());
        let mut conn = self.pool().acquire().await?;
        if sqlite && fsync {
            // The pool runs synchronous=NORMAL, which can lose the last commits on power
            // loss; an acknowledged accounting record must survive that, and group commit
            // makes the extra fsync per batch affordable. (Not allowed inside a transaction.)
            sqlx::query("PRAGMA synchronous = FULL")
                .execute(&mut *conn)
                .await?;
        }
        let mut tx = if sqlite {
            // IMMEDIATE takes the write lock now: a deferred transaction that reads first
            // fails at once (SQLITE_BUSY_SNAPSHOT, no busy wait) when another writer, such
            // as the auth log, commits between its read and its first write.
            conn.begin_with("BEGIN IMMEDIATE").await?
        } else {
            let mut tx = conn.begin_with(pg_rows::BEGIN).await?;
            // Other instances forget these users' usage as this commits (`pg_directory`).
            let notifies = match &self.pg {
                Some(follow) => follow.usage_payloads(&names),
                None => Vec::new(),
            };
            let channel = crate::store::pg_directory::CHANNEL;
            crate::store::session_locks::lock(&mut tx, records, channel, &notifies).await?;
            tx
        };
        let (changes, moved) = apply(&mut tx, records, !sqlite, &self.who_queued)
            .await
            .inspect_err(|_| self.who_queued.unsure())?;
        tx.commit()
            .await
            .inspect_err(|_| self.who_queued.unsure())?;
        if moved {
            self.who_queued.moved();
        }
        pending.commit(&changes);
        if sqlite && fsync {
            // Back to the pool's setting for the connection's other users.
            sqlx::query("PRAGMA synchronous = NORMAL")
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }

    /// Inserts authentication log rows in one transaction.
    pub async fn insert_auth_log(&self, entries: &[AuthLogEntry]) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        self.record_auth_activity(&AuthActivity {
            entries: entries.to_vec(),
            ..Default::default()
        })
        .await
    }

    /// Writes authentication log rows, daily counts and NAS contacts in one transaction.
    pub async fn record_auth_activity(&self, batch: &AuthActivity) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        apply_auth_activity(&mut tx, batch).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The writer thread's executor where no SQLite file is at hand (PostgreSQL, in-memory
/// SQLite): each transaction runs through the pool in a task on the runtime, the thread
/// waiting for its outcome.
pub(crate) struct PoolExecutor {
    store: Store,
    fsync: bool,
    runtime: tokio::runtime::Handle,
}

impl PoolExecutor {
    /// An executor on `store`'s pool; call from within the runtime.
    pub(crate) fn new(store: Store, fsync: bool) -> PoolExecutor {
        PoolExecutor {
            store,
            fsync,
            runtime: tokio::runtime::Handle::current(),
        }
    }
}

impl Executor for PoolExecutor {
    fn apply(&mut self, work: Work) -> Result<(), StoreError> {
        // The batch runs as a task on the runtime, the thread waiting for its outcome: a
        // future driven from this thread (`block_on`) is woken across threads at every
        // round trip to the database, which measured 31-56% more server CPU per accounting
        // record on PostgreSQL than the old writer task; a task per batch, one hand-off
        // each way, measured no more than that task (BENCHMARKS.md, session 5).
        let (store, fsync) = (self.store.clone(), self.fsync);
        let (done, outcome) = tokio::sync::oneshot::channel();
        self.runtime.spawn(async move {
            let applied = async {
                let mut attempt = 1;
                loop {
                    let result = match &work {
                        Work::Accounting(records) => {
                            store.apply_accounting_with(records, fsync).await
                        }
                        Work::AuthActivity(batch) => store.record_auth_activity(batch).await,
                    };
                    // A batch and the reaper (or another instance) can lock the same rows in
                    // opposite orders, the per-NAS open counts for one; PostgreSQL then
                    // gives one of them up. Nothing of it was stored, so it simply runs again.
                    match result {
                        Err(e) if e.is_conflict() && attempt < CONFLICT_ATTEMPTS => {
                            tracing::debug!(error = %e, attempt, "batch ran into another transaction; again");
                            attempt += 1;
                        }
                        other => break other,
                    }
                }
            };
            let result = tokio::time::timeout(BATCH_TIMEOUT, applied)
                .await
                .unwrap_or_else(|_| {
                    Err(StoreError::Unavailable(format!(
                        "the database did not commit within {} s",
                        BATCH_TIMEOUT.as_secs()
                    )))
                });
            let _ = done.send(result);
        });
        outcome.blocking_recv().unwrap_or_else(|_| {
            Err(StoreError::Unavailable(
                "the runtime stopped before the batch finished".into(),
            ))
        })
    }
}
