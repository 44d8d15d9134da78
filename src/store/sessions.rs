//! Accounting sessions: one row per NAS + Acct-Session-Id + username, updated from
//! accounting records in batches (one transaction per batch), plus the queries that the
//! stale-session reaper and the CLI need.
//!
//! Counters on the row are high-water marks: the usage rollups get `max(0, new - last)` per
//! counter, so a repeated, reordered or lower report adds nothing and nothing goes backward.
//! Applying the same record twice is therefore harmless, which is what makes "no reply on
//! failure, the NAS retries" safe even when a commit's outcome was unknown.

use std::collections::HashMap;
use std::sync::OnceLock;

use sqlx::any::AnyRow;
use sqlx::{Acquire, AnyConnection, Connection, Row};

use super::health::record_acct_health;
use super::sqlite_writer::sql_once;
use super::usage::{
    Rollup, RollupKey, RollupUser, flush_rollups, invalidate_distinct, record_peaks, rollup_users,
};
use super::writer_cache::WriterCache;
use super::{Backend, Store, StoreError};

/// What an Accounting-Request reports (Acct-Status-Type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcctKind {
    /// 1: a session began.
    Start,
    /// 2: a session ended; the counters are final.
    Stop,
    /// 3: counters so far.
    Interim,
    /// 7: the NAS (re)started; its earlier sessions are gone.
    AccountingOn,
    /// 8: the NAS is shutting down.
    AccountingOff,
}

impl AcctKind {
    /// The Acct-Status-Type value, if it is one we record.
    pub fn from_status_type(v: u32) -> Option<AcctKind> {
        match v {
            1 => Some(AcctKind::Start),
            2 => Some(AcctKind::Stop),
            3 => Some(AcctKind::Interim),
            7 => Some(AcctKind::AccountingOn),
            8 => Some(AcctKind::AccountingOff),
            _ => None,
        }
    }

    /// For logs.
    pub fn as_str(self) -> &'static str {
        match self {
            AcctKind::Start => "start",
            AcctKind::Stop => "stop",
            AcctKind::Interim => "interim-update",
            AcctKind::AccountingOn => "accounting-on",
            AcctKind::AccountingOff => "accounting-off",
        }
    }
}

/// One accounting record, parsed and time-corrected, ready to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcctRecord {
    pub kind: AcctKind,
    pub nas_id: i64,
    /// Empty for Accounting-On/Off.
    pub acct_session_id: String,
    /// Empty when the NAS sent no User-Name.
    pub username: String,
    /// When it happened by the NAS's clock: Event-Timestamp, else arrival minus
    /// Acct-Delay-Time (epoch seconds).
    pub event_time: i64,
    /// Arrival by the server's clock minus Acct-Delay-Time (for the reaper).
    pub seen_at: i64,
    /// The day of `event_time` in the configured time zone, `YYYY-MM-DD`: usage deltas of
    /// this record are counted on it.
    pub day: String,
    /// The hour (0-23) of `event_time` in the same zone, for the hourly rollups.
    pub hour: i64,
    pub session_time: i64,
    /// 64-bit, Gigawords included.
    pub input_octets: i64,
    /// 64-bit, Gigawords included.
    pub output_octets: i64,
    pub input_packets: i64,
    pub output_packets: i64,
    pub framed_ip: Option<String>,
    pub calling_station_id: Option<String>,
    pub called_station_id: Option<String>,
    pub nas_port_id: Option<String>,
    pub class: Option<Vec<u8>>,
    pub terminate_cause: Option<String>,
    /// The Acct-Interim-Interval the NAS was told, kept for the reaper.
    pub interim_interval: i64,
    /// Event-Timestamp minus arrival time (seconds), when the NAS sent one (even an
    /// implausible one: that is exactly what the hotspot report should flag).
    pub clock_skew: Option<i64>,
    /// The NAS-Identifier the NAS sent, for the hotspot report.
    pub nas_identifier: Option<String>,
}

/// Session states.
pub mod state {
    /// Receiving updates.
    pub const OPEN: &str = "open";
    /// Ended: by Stop, or by the NAS's Accounting-On/Off.
    pub const CLOSED: &str = "closed";
    /// No update for too long; a later Interim reopens it.
    pub const STALE: &str = "stale";
}

/// Why a session is no longer open.
pub mod reason {
    /// The NAS sent Stop.
    pub const STOP: &str = "stop";
    /// The NAS sent Accounting-On (it rebooted).
    pub const NAS_REBOOT: &str = "nas-reboot";
    /// The NAS sent Accounting-Off.
    pub const NAS_OFF: &str = "nas-off";
    /// No update within the configured number of interim intervals.
    pub const NO_UPDATE: &str = "no-update";
}

pub(crate) const SESSION_COLUMNS: &str = "s.id, s.nas_id, n.name AS nas_name, s.acct_session_id, \
     s.username, s.user_id, s.framed_ip, s.calling_station_id, s.called_station_id, \
     s.nas_port_id, s.class, s.started_at, s.last_update_at, s.stopped_at, s.seen_at, \
     s.session_time, s.input_octets, s.output_octets, s.input_packets, s.output_packets, \
     s.terminate_cause, s.state, s.close_reason, s.interim_interval";

/// A session row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub id: i64,
    pub nas_id: i64,
    /// `None` when the NAS has since been removed.
    pub nas_name: Option<String>,
    pub acct_session_id: String,
    pub username: String,
    /// `None` when no such user existed when the session was first seen.
    pub user_id: Option<i64>,
    pub framed_ip: Option<String>,
    pub calling_station_id: Option<String>,
    pub called_station_id: Option<String>,
    pub nas_port_id: Option<String>,
    pub class: Option<Vec<u8>>,
    pub started_at: i64,
    pub last_update_at: i64,
    pub stopped_at: Option<i64>,
    pub seen_at: i64,
    pub session_time: i64,
    pub input_octets: i64,
    pub output_octets: i64,
    pub input_packets: i64,
    pub output_packets: i64,
    pub terminate_cause: Option<String>,
    /// open | closed | stale
    pub state: String,
    /// stop | nas-reboot | nas-off | no-update
    pub close_reason: Option<String>,
    pub interim_interval: i64,
}

impl SessionRecord {
    pub(crate) fn from_row(row: &AnyRow) -> Result<SessionRecord, sqlx::Error> {
        Ok(SessionRecord {
            id: row.try_get("id")?,
            nas_id: row.try_get("nas_id")?,
            nas_name: row.try_get("nas_name")?,
            acct_session_id: row.try_get("acct_session_id")?,
            username: row.try_get("username")?,
            user_id: row.try_get("user_id")?,
            framed_ip: row.try_get("framed_ip")?,
            calling_station_id: row.try_get("calling_station_id")?,
            called_station_id: row.try_get("called_station_id")?,
            nas_port_id: row.try_get("nas_port_id")?,
            class: row.try_get("class")?,
            started_at: row.try_get("started_at")?,
            last_update_at: row.try_get("last_update_at")?,
            stopped_at: row.try_get("stopped_at")?,
            seen_at: row.try_get("seen_at")?,
            session_time: row.try_get("session_time")?,
            input_octets: row.try_get("input_octets")?,
            output_octets: row.try_get("output_octets")?,
            input_packets: row.try_get("input_packets")?,
            output_packets: row.try_get("output_packets")?,
            terminate_cause: row.try_get("terminate_cause")?,
            state: row.try_get("state")?,
            close_reason: row.try_get("close_reason")?,
            interim_interval: row.try_get("interim_interval")?,
        })
    }
}

/// Which sessions `list_sessions` returns.
#[derive(Debug, Clone, Default)]
pub struct SessionFilter {
    pub username: Option<String>,
    pub nas_id: Option<i64>,
    /// Only sessions in state `open`.
    pub open_only: bool,
    /// Most rows returned (newest first).
    pub limit: i64,
}

/// The counters kept on a session row.
#[derive(Debug, Clone, Copy, Default)]
struct Counters {
    session_time: i64,
    input_octets: i64,
    output_octets: i64,
    input_packets: i64,
    output_packets: i64,
}

impl Counters {
    fn of(r: &AcctRecord) -> Counters {
        Counters {
            session_time: r.session_time,
            input_octets: r.input_octets,
            output_octets: r.output_octets,
            input_packets: r.input_packets,
            output_packets: r.output_packets,
        }
    }

    fn high_water(self, new: Counters) -> Counters {
        Counters {
            session_time: self.session_time.max(new.session_time),
            input_octets: self.input_octets.max(new.input_octets),
            output_octets: self.output_octets.max(new.output_octets),
            input_packets: self.input_packets.max(new.input_packets),
            output_packets: self.output_packets.max(new.output_packets),
        }
    }

    fn minus(self, old: Counters) -> Counters {
        Counters {
            session_time: self.session_time - old.session_time,
            input_octets: self.input_octets - old.input_octets,
            output_octets: self.output_octets - old.output_octets,
            input_packets: self.input_packets - old.input_packets,
            output_packets: self.output_packets - old.output_packets,
        }
    }
}

/// What identifies a session.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    pub(crate) nas_id: i64,
    acct_session_id: String,
    username: String,
}

impl Key {
    fn of(r: &AcctRecord) -> Key {
        Key {
            nas_id: r.nas_id,
            acct_session_id: r.acct_session_id.clone(),
            username: r.username.clone(),
        }
    }
}

/// A session row as the batch sees it: loaded from the database or new, changed in memory,
/// written back once at the end of the batch.
#[derive(Debug, Clone)]
pub(crate) struct SessionRow {
    /// The row's id once it is in the database (the SQLite writer updates by it).
    id: Option<i64>,
    pub(crate) in_db: bool,
    pub(crate) dirty: bool,
    framed_ip: Option<String>,
    calling_station_id: Option<String>,
    called_station_id: Option<String>,
    nas_port_id: Option<String>,
    class: Option<Vec<u8>>,
    started_at: i64,
    last_update_at: i64,
    stopped_at: Option<i64>,
    seen_at: i64,
    counters: Counters,
    terminate_cause: Option<String>,
    pub(crate) state: String,
    close_reason: Option<String>,
    interim_interval: i64,
}

impl SessionRow {
    fn from_row(row: &AnyRow) -> Result<(Key, SessionRow), sqlx::Error> {
        Ok((
            Key {
                nas_id: row.try_get("nas_id")?,
                acct_session_id: row.try_get("acct_session_id")?,
                username: row.try_get("username")?,
            },
            SessionRow {
                in_db: true,
                dirty: false,
                framed_ip: row.try_get("framed_ip")?,
                calling_station_id: row.try_get("calling_station_id")?,
                called_station_id: row.try_get("called_station_id")?,
                nas_port_id: row.try_get("nas_port_id")?,
                class: row.try_get("class")?,
                started_at: row.try_get("started_at")?,
                last_update_at: row.try_get("last_update_at")?,
                stopped_at: row.try_get("stopped_at")?,
                seen_at: row.try_get("seen_at")?,
                counters: Counters {
                    session_time: row.try_get("session_time")?,
                    input_octets: row.try_get("input_octets")?,
                    output_octets: row.try_get("output_octets")?,
                    input_packets: row.try_get("input_packets")?,
                    output_packets: row.try_get("output_packets")?,
                },
                terminate_cause: row.try_get("terminate_cause")?,
                state: row.try_get("state")?,
                close_reason: row.try_get("close_reason")?,
                interim_interval: row.try_get("interim_interval")?,
                id: row.try_get("id")?,
            },
        ))
    }

    /// As `from_row`, from the SQLite accounting thread's lookup. Columns by position (in
    /// `load_sql`'s order): by name, rusqlite compares every column name per value read.
    fn from_direct(row: &rusqlite::Row<'_>) -> Result<SessionRow, rusqlite::Error> {
        Ok(SessionRow {
            in_db: true,
            dirty: false,
            framed_ip: row.get(3)?,
            calling_station_id: row.get(4)?,
            called_station_id: row.get(5)?,
            nas_port_id: row.get(6)?,
            class: row.get(7)?,
            started_at: row.get(8)?,
            last_update_at: row.get(9)?,
            stopped_at: row.get(10)?,
            seen_at: row.get(11)?,
            counters: Counters {
                session_time: row.get(12)?,
                input_octets: row.get(13)?,
                output_octets: row.get(14)?,
                input_packets: row.get(15)?,
                output_packets: row.get(16)?,
            },
            terminate_cause: row.get(17)?,
            state: row.get(18)?,
            close_reason: row.get(19)?,
            interim_interval: row.get(20)?,
            id: row.get(21)?,
        })
    }

    /// The first record of a session, whatever its kind: an Interim or Stop whose Start was
    /// lost still creates the row, with a start time derived from Acct-Session-Time.
    fn new(r: &AcctRecord) -> SessionRow {
        let stop = r.kind == AcctKind::Stop;
        SessionRow {
            in_db: false,
            dirty: true,
            framed_ip: r.framed_ip.clone(),
            calling_station_id: r.calling_station_id.clone(),
            called_station_id: r.called_station_id.clone(),
            nas_port_id: r.nas_port_id.clone(),
            class: r.class.clone(),
            started_at: if r.kind == AcctKind::Start {
                r.event_time
            } else {
                r.event_time.saturating_sub(r.session_time)
            },
            last_update_at: r.event_time,
            stopped_at: stop.then_some(r.event_time),
            seen_at: r.seen_at,
            counters: Counters::of(r),
            terminate_cause: r.terminate_cause.clone(),
            state: if stop { state::CLOSED } else { state::OPEN }.to_string(),
            close_reason: stop.then(|| reason::STOP.to_string()),
            interim_interval: r.interim_interval,
            id: None,
        }
    }

    /// Applies a later record; returns the counter increase to add to the rollups.
    fn apply(&mut self, r: &AcctRecord) -> Counters {
        let stopped =
            self.state == state::CLOSED && self.close_reason.as_deref() == Some(reason::STOP);
        if stopped {
            // After Stop the counters are final: a second Stop or a late Interim adds
            // nothing. A late Start still carries the true start time.
            if r.kind == AcctKind::Start && r.event_time != self.started_at {
                self.started_at = r.event_time;
                self.dirty = true;
            }
            return Counters::default();
        }
        let merged = self.counters.high_water(Counters::of(r));
        let delta = merged.minus(self.counters);
        self.counters = merged;
        match r.kind {
            AcctKind::Stop => {
                self.state = state::CLOSED.into();
                self.close_reason = Some(reason::STOP.into());
                self.stopped_at = Some(r.event_time);
            }
            // A record after the reaper gave up shows the session was alive after all.
            _ if self.state == state::STALE => {
                self.state = state::OPEN.into();
                self.close_reason = None;
            }
            _ => {}
        }
        if r.kind == AcctKind::Start {
            self.started_at = r.event_time;
        }
        self.last_update_at = self.last_update_at.max(r.event_time);
        self.seen_at = self.seen_at.max(r.seen_at);
        let keep = |new: &Option<String>, old: &mut Option<String>| {
            if new.is_some() {
                old.clone_from(new);
            }
        };
        keep(&r.terminate_cause, &mut self.terminate_cause);
        keep(&r.framed_ip, &mut self.framed_ip);
        keep(&r.calling_station_id, &mut self.calling_station_id);
        keep(&r.called_station_id, &mut self.called_station_id);
        keep(&r.nas_port_id, &mut self.nas_port_id);
        if r.class.is_some() {
            self.class.clone_from(&r.class);
        }
        self.dirty = true;
        delta
    }

    /// The columns a later record can change, in `UPDATE_BY_ID_SQL` order (which is also
    /// their order in `upsert_sql`, after the key).
    fn changing_columns(&self) -> [&dyn rusqlite::ToSql; 17] {
        [
            &self.framed_ip,
            &self.calling_station_id,
            &self.called_station_id,
            &self.nas_port_id,
            &self.class,
            &self.started_at,
            &self.last_update_at,
            &self.stopped_at,
            &self.seen_at,
            &self.counters.session_time,
            &self.counters.input_octets,
            &self.counters.output_octets,
            &self.counters.input_packets,
            &self.counters.output_packets,
            &self.terminate_cause,
            &self.state,
            &self.close_reason,
        ]
    }

    /// Accounting-On/Off of its NAS at `at`.
    fn close_for_nas(&mut self, at: i64, why: &str) {
        if (self.state == state::OPEN || self.state == state::STALE) && self.last_update_at <= at {
            self.state = state::CLOSED.into();
            self.close_reason = Some(why.into());
            self.stopped_at = Some(at);
            self.dirty = true;
        }
    }
}

/// Sessions looked up per statement. Kept small on purpose: sqlx resolves every `$N` with
/// `sqlite3_bind_parameter_name`, which scans the statement's parameter list, so binding is
/// quadratic in parameters per statement (at 2,100 parameters it was 12% of the server's
/// CPU under accounting load); a few more statements per batch cost far less.
const LOAD_CHUNK: usize = 64;
/// Sessions written per statement (21 parameters each); see `LOAD_CHUNK`.
const INSERT_CHUNK: usize = 16;

impl Store {
    /// Applies a batch of records in one transaction, in order. On `Err` nothing of the
    /// batch is stored.
    ///
    /// The batch's sessions are read with one query, the records applied in memory, and the
    /// rows and rollups written back with multi-row upserts, so a batch of a few hundred
    /// records costs a handful of statements.
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
        let mut conn = self.pool.acquire().await?;
        if self.backend == Backend::Sqlite && fsync {
            // The pool runs synchronous=NORMAL, which can lose the last commits on power
            // loss; an acknowledged accounting record must survive that, and group commit
            // makes the extra fsync per batch affordable. (Not allowed inside a transaction.)
            sqlx::query("PRAGMA synchronous = FULL")
                .execute(&mut *conn)
                .await?;
        }
        let mut tx = match self.backend {
            // IMMEDIATE takes the write lock now: a deferred transaction that reads first
            // fails at once (SQLITE_BUSY_SNAPSHOT, no busy wait) when another writer, such
            // as the auth log, commits between its read and its first write.
            Backend::Sqlite => conn.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => conn.begin().await?,
        };
        let mut rows = load_sessions(&mut tx, records).await?;
        let plan = plan_batch(records, &mut rows);
        for (r, why) in &plan.closes {
            close_nas_sessions(&mut tx, r, why).await?;
        }
        upsert_sessions(&mut tx, &rows, &plan.new_order).await?;
        let users = rollup_users(&mut tx, records).await?;
        flush_rollups(&mut tx, &rollups_of(&plan.deltas, &users), &users).await?;
        record_peaks(&mut tx, &plan.opened).await?;
        record_acct_health(&mut tx, records).await?;
        invalidate_distinct(&mut tx, records).await?;
        tx.commit().await?;
        if self.backend == Backend::Sqlite && fsync {
            // Back to the pool's setting for the connection's other users.
            sqlx::query("PRAGMA synchronous = NORMAL")
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }

    /// Marks open sessions with no record for `intervals` x their interim interval (by the
    /// server's clock) as stale; returns how many.
    pub async fn mark_stale_sessions(&self, now: i64, intervals: i64) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "UPDATE sessions SET state = $1, close_reason = $2 \
             WHERE state = $3 AND seen_at + $4 * interim_interval < $5",
        )
        .bind(state::STALE)
        .bind(reason::NO_UPDATE)
        .bind(state::OPEN)
        .bind(intervals)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// Sessions matching `filter`, most recently started first.
    pub async fn list_sessions(
        &self,
        filter: &SessionFilter,
    ) -> Result<Vec<SessionRecord>, StoreError> {
        let mut sql = format!(
            "SELECT {SESSION_COLUMNS} FROM sessions s LEFT JOIN nas n ON n.id = s.nas_id WHERE 1 = 1"
        );
        let mut n = 0;
        let mut next = || {
            n += 1;
            n
        };
        if filter.username.is_some() {
            sql.push_str(&format!(" AND s.username = ${}", next()));
        }
        if filter.nas_id.is_some() {
            sql.push_str(&format!(" AND s.nas_id = ${}", next()));
        }
        if filter.open_only {
            sql.push_str(&format!(" AND s.state = ${}", next()));
        }
        sql.push_str(&format!(
            " ORDER BY s.started_at DESC, s.id DESC LIMIT ${}",
            next()
        ));
        let mut q = sqlx::query(&sql);
        if let Some(u) = &filter.username {
            q = q.bind(u.clone());
        }
        if let Some(id) = filter.nas_id {
            q = q.bind(id);
        }
        if filter.open_only {
            q = q.bind(state::OPEN);
        }
        let rows = q.bind(filter.limit.max(0)).fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .map(SessionRecord::from_row)
            .collect::<Result<_, _>>()?)
    }

    /// One session by id.
    pub async fn get_session(&self, id: i64) -> Result<Option<SessionRecord>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM sessions s LEFT JOIN nas n ON n.id = s.nas_id \
             WHERE s.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(SessionRecord::from_row).transpose()?)
    }
}

/// What applying a batch's records to its sessions leaves to write.
struct BatchPlan<'a> {
    /// New sessions in first-seen order, so ids follow arrival.
    new_order: Vec<Key>,
    /// Each session record's counter increase (and whether it started a session).
    deltas: Vec<(&'a AcctRecord, Rollup)>,
    /// (day, hour, NAS) where a session opened: the only moments a new peak can occur.
    opened: Vec<(&'a str, i64, i64)>,
    /// Accounting-On/Off records and why they close their NAS's sessions, in order.
    closes: Vec<(&'a AcctRecord, &'static str)>,
}

/// Applies the records, in order, to the batch's session rows in memory. This is the whole
/// of the accounting semantics; both writers (sqlx, and the SQLite thread) only load and
/// store around it.
///
/// The Accounting-On/Off closes of rows not loaded can all run after this, before the rows
/// are written: nothing here reads the database, and the rows it did load are closed in
/// memory too, in record order.
fn plan_batch<'a>(records: &'a [AcctRecord], rows: &mut HashMap<Key, SessionRow>) -> BatchPlan<'a> {
    let mut plan = BatchPlan {
        new_order: Vec::new(),
        deltas: Vec::with_capacity(records.len()),
        opened: Vec::new(),
        closes: Vec::new(),
    };
    for r in records {
        match r.kind {
            AcctKind::AccountingOn | AcctKind::AccountingOff => {
                let why = if r.kind == AcctKind::AccountingOn {
                    reason::NAS_REBOOT
                } else {
                    reason::NAS_OFF
                };
                plan.closes.push((r, why));
                for (k, row) in rows.iter_mut() {
                    if k.nas_id == r.nas_id {
                        row.close_for_nas(r.event_time, why);
                    }
                }
            }
            AcctKind::Start | AcctKind::Interim | AcctKind::Stop => {
                let key = Key::of(r);
                match rows.get_mut(&key) {
                    Some(row) => {
                        let was_open = row.state == state::OPEN;
                        let delta = row.apply(r);
                        if !was_open && row.state == state::OPEN {
                            plan.opened.push((&r.day, r.hour, r.nas_id));
                        }
                        plan.deltas.push((r, rollup_of(delta, 0)));
                    }
                    None => {
                        let row = SessionRow::new(r);
                        if row.state == state::OPEN {
                            plan.opened.push((&r.day, r.hour, r.nas_id));
                        }
                        plan.deltas.push((r, rollup_of(row.counters, 1)));
                        rows.insert(key.clone(), row);
                        plan.new_order.push(key);
                    }
                }
            }
        }
    }
    plan
}

/// Accounting-On/Off: every session of that NAS still open (or stale) ended when the NAS
/// went down. Sessions updated after the event are newer than the reboot and stay open.
/// Parameters: closed, reason, event time, NAS id, open, stale.
const CLOSE_NAS_SQL: &str = "UPDATE sessions SET state = $1, close_reason = $2, stopped_at = $3 \
     WHERE nas_id = $4 AND state IN ($5, $6) AND last_update_at <= $3";

async fn close_nas_sessions(
    conn: &mut AnyConnection,
    r: &AcctRecord,
    why: &str,
) -> Result<(), StoreError> {
    sqlx::query(CLOSE_NAS_SQL)
        .bind(state::CLOSED)
        .bind(why)
        .bind(r.event_time)
        .bind(r.nas_id)
        .bind(state::OPEN)
        .bind(state::STALE)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The distinct session keys the batch's records name, in a fixed order.
fn batch_keys(records: &[AcctRecord]) -> Vec<Key> {
    let mut keys: Vec<Key> = records
        .iter()
        .filter(|r| !matches!(r.kind, AcctKind::AccountingOn | AcctKind::AccountingOff))
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

/// The lookup of `n` sessions by key (parameters: NAS id, session id, username per key).
fn load_sql(n: usize) -> String {
    let terms: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "(nas_id = ${} AND acct_session_id = ${} AND username = ${})",
                3 * i + 1,
                3 * i + 2,
                3 * i + 3
            )
        })
        .collect();
    format!(
        "SELECT nas_id, acct_session_id, username, framed_ip, calling_station_id, \
         called_station_id, nas_port_id, class, started_at, last_update_at, stopped_at, \
         seen_at, session_time, input_octets, output_octets, input_packets, \
         output_packets, terminate_cause, state, close_reason, interim_interval, id \
         FROM sessions WHERE {}",
        terms.join(" OR ")
    )
}

/// The existing rows of every session the batch's records name.
async fn load_sessions(
    conn: &mut AnyConnection,
    records: &[AcctRecord],
) -> Result<HashMap<Key, SessionRow>, StoreError> {
    let keys = batch_keys(records);
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
            let (key, row) = SessionRow::from_row(&row)?;
            out.insert(key, row);
        }
    }
    Ok(out)
}

/// Columns bound per session row in `upsert_sql`.
const UPSERT_COLS: usize = 21;

/// The upsert of `n` session rows; each row binds, in order: NAS id, session id, username
/// (the user's id is looked up from it), framed IP, calling and called station, NAS port,
/// class, started, last update, stopped, seen, the five counters, terminate cause, state,
/// close reason, interim interval.
fn upsert_sql(n: usize) -> String {
    let values: Vec<String> = (0..n)
        .map(|i| {
            let p = |j: usize| format!("${}", UPSERT_COLS * i + j);
            format!(
                "({}, {}, {}, (SELECT id FROM users WHERE username = {}), {})",
                p(1),
                p(2),
                p(3),
                p(3),
                (4..=UPSERT_COLS).map(p).collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    format!(
        "INSERT INTO sessions (nas_id, acct_session_id, username, user_id, framed_ip, \
         calling_station_id, called_station_id, nas_port_id, class, started_at, \
         last_update_at, stopped_at, seen_at, session_time, input_octets, output_octets, \
         input_packets, output_packets, terminate_cause, state, close_reason, \
         interim_interval) VALUES {} \
         ON CONFLICT (nas_id, acct_session_id, username) DO UPDATE SET \
         framed_ip = excluded.framed_ip, calling_station_id = excluded.calling_station_id, \
         called_station_id = excluded.called_station_id, nas_port_id = excluded.nas_port_id, \
         class = excluded.class, started_at = excluded.started_at, \
         last_update_at = excluded.last_update_at, stopped_at = excluded.stopped_at, \
         seen_at = excluded.seen_at, session_time = excluded.session_time, \
         input_octets = excluded.input_octets, output_octets = excluded.output_octets, \
         input_packets = excluded.input_packets, output_packets = excluded.output_packets, \
         terminate_cause = excluded.terminate_cause, state = excluded.state, \
         close_reason = excluded.close_reason",
        values.join(", ")
    )
}

/// The rows to write back: new sessions first, in arrival order (so their ids follow
/// arrival), then the changed existing ones.
fn rows_to_write<'a>(
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

/// Writes every new or changed session of the batch back, many rows per statement: rows
/// are computed in memory from the batch, so one upsert replaces an INSERT for new sessions
/// and an UPDATE per existing one (statements, not rows, are what a batch pays for).
async fn upsert_sessions(
    conn: &mut AnyConnection,
    rows: &HashMap<Key, SessionRow>,
    new_order: &[Key],
) -> Result<(), StoreError> {
    let rows = rows_to_write(rows, new_order)?;
    for chunk in rows.chunks(INSERT_CHUNK) {
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

fn rollup_of(delta: Counters, sessions: i64) -> Rollup {
    Rollup {
        input_octets: delta.input_octets,
        output_octets: delta.output_octets,
        session_seconds: delta.session_time,
        sessions,
    }
}

/// Every rollup row each record's delta adds to. A delta counts on the day and hour of the
/// record, so a session that crosses midnight puts each part on its own day.
fn rollups_of(
    deltas: &[(&AcctRecord, Rollup)],
    users: &HashMap<String, RollupUser>,
) -> HashMap<RollupKey, Rollup> {
    let mut rollups: HashMap<RollupKey, Rollup> = HashMap::new();
    for (r, d) in deltas {
        if d.is_zero() {
            continue;
        }
        let plan = users
            .get(&r.username)
            .map(|u| u.plan.clone())
            .unwrap_or_default();
        for key in [
            RollupKey::User {
                username: r.username.clone(),
                day: r.day.clone(),
            },
            RollupKey::Nas {
                nas_id: r.nas_id,
                day: r.day.clone(),
            },
            RollupKey::UserNas {
                day: r.day.clone(),
                nas_id: r.nas_id,
                username: r.username.clone(),
            },
            RollupKey::NasPlan {
                day: r.day.clone(),
                nas_id: r.nas_id,
                plan: plan.clone(),
            },
            RollupKey::HourNasPlan {
                day: r.day.clone(),
                hour: r.hour,
                nas_id: r.nas_id,
                plan: plan.clone(),
            },
        ] {
            rollups.entry(key).or_default().add(d);
        }
    }
    rollups
}

// The same batch over one rusqlite connection (SQLite only; see `sqlite_writer`): the
// planning above is shared, and each statement is prepared once per connection and run
// per row, because SQLite itself runs a prepared single-row statement in a few
// microseconds; what made per-row statements dear was the sqlx driver's per-statement cost.

/// As `Store::apply_accounting_with`, on a connection of the SQLite writer thread, with
/// what the thread remembers of earlier batches (see `writer_cache`). The transaction is
/// `BEGIN IMMEDIATE` for the same reason; on `Err` nothing is stored and the cache is
/// emptied.
pub(crate) fn apply_accounting_direct(
    conn: &mut rusqlite::Connection,
    records: &[AcctRecord],
    cache: &mut WriterCache,
) -> Result<(), StoreError> {
    if records.is_empty() {
        return Ok(());
    }
    let result = apply_direct(conn, records, cache);
    if result.is_err() {
        cache.clear();
    }
    result
}

fn apply_direct(
    conn: &mut rusqlite::Connection,
    records: &[AcctRecord],
    cache: &mut WriterCache,
) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    cache.check(&tx)?;
    let mut rows = load_sessions_direct(&tx, records, cache)?;
    let open_before = open_per_nas(&rows);
    let plan = plan_batch(records, &mut rows);
    if !plan.closes.is_empty() {
        let mut close = tx.prepare_cached(CLOSE_NAS_SQL)?;
        for (r, why) in &plan.closes {
            close.execute(rusqlite::params![
                state::CLOSED,
                why,
                r.event_time,
                r.nas_id,
                state::OPEN,
                state::STALE
            ])?;
            cache.forget_nas(r.nas_id);
        }
    }
    upsert_sessions_direct(&tx, &mut rows, &plan.new_order)?;
    // Counts of NAS whose sessions an Accounting-On/Off closed were forgotten above, and
    // are counted afresh by `record_peaks_direct` if it needs them.
    let mut change = open_per_nas(&rows);
    for (nas_id, before) in open_before {
        *change.entry(nas_id).or_insert(0) -= before;
    }
    for (nas_id, d) in change {
        if let Some(n) = cache.open_per_nas.get_mut(&nas_id) {
            *n += d;
        }
    }
    let users = super::usage::rollup_users_direct(&tx, records, cache)?;
    super::usage::flush_rollups_direct(&tx, &rollups_of(&plan.deltas, &users), &users)?;
    super::usage::record_peaks_direct(&tx, &plan.opened, &mut cache.open_per_nas)?;
    super::health::record_acct_health_direct(&tx, records)?;
    super::usage::invalidate_distinct_direct(&tx, records, cache)?;
    tx.commit()?;
    cache.keep_sessions(rows);
    Ok(())
}

/// Open sessions per NAS among a batch's rows.
fn open_per_nas(rows: &HashMap<Key, SessionRow>) -> HashMap<i64, i64> {
    let mut out = HashMap::new();
    for (k, row) in rows {
        if row.state == state::OPEN {
            *out.entry(k.nas_id).or_insert(0) += 1;
        }
    }
    out
}

/// The batch's sessions: remembered ones from the cache, the others read.
fn load_sessions_direct(
    conn: &rusqlite::Connection,
    records: &[AcctRecord],
    cache: &WriterCache,
) -> Result<HashMap<Key, SessionRow>, StoreError> {
    let keys = batch_keys(records);
    let mut out = HashMap::with_capacity(keys.len());
    static SQL: OnceLock<String> = OnceLock::new();
    let mut q = conn.prepare_cached(sql_once(&SQL, || load_sql(1)))?;
    for k in keys {
        if let Some(row) = cache.sessions.get(&k) {
            out.insert(k, row.clone());
            continue;
        }
        let mut found = q.query(rusqlite::params![k.nas_id, k.acct_session_id, k.username])?;
        if let Some(row) = found.next()? {
            let row = SessionRow::from_direct(row)?;
            out.insert(k, row);
        }
    }
    Ok(out)
}

/// The columns a later record can change, as the upsert's `DO UPDATE` sets them.
const UPDATE_BY_ID_SQL: &str = "UPDATE sessions SET framed_ip = $1, calling_station_id = $2, \
     called_station_id = $3, nas_port_id = $4, class = $5, started_at = $6, \
     last_update_at = $7, stopped_at = $8, seen_at = $9, session_time = $10, \
     input_octets = $11, output_octets = $12, input_packets = $13, output_packets = $14, \
     terminate_cause = $15, state = $16, close_reason = $17 WHERE id = $18";

/// As `upsert_sessions`, one row per statement. A row whose id is known (every row the
/// batch loaded, or the writer remembers) is updated by id, which spares the upsert's
/// probe of the unique index and its lookup of the user; new rows are inserted and their
/// ids kept for later batches.
fn upsert_sessions_direct(
    conn: &rusqlite::Connection,
    rows: &mut HashMap<Key, SessionRow>,
    new_order: &[Key],
) -> Result<(), StoreError> {
    static SQL: OnceLock<String> = OnceLock::new();
    let mut upsert =
        conn.prepare_cached(sql_once(&SQL, || format!("{} RETURNING id", upsert_sql(1))))?;
    let mut update = conn.prepare_cached(UPDATE_BY_ID_SQL)?;
    let mut write = |key: &Key, r: &mut SessionRow| -> Result<(), StoreError> {
        let changing = r.changing_columns();
        if let Some(id) = r.id {
            let params = changing
                .iter()
                .copied()
                .chain([&id as &dyn rusqlite::ToSql]);
            update.execute(rusqlite::params_from_iter(params))?;
            return Ok(());
        }
        let head: [&dyn rusqlite::ToSql; 3] = [&key.nas_id, &key.acct_session_id, &key.username];
        let params = head
            .into_iter()
            .chain(changing.iter().copied())
            .chain([&r.interim_interval as &dyn rusqlite::ToSql]);
        let id: i64 = upsert.query_row(rusqlite::params_from_iter(params), |row| row.get(0))?;
        r.id = Some(id);
        Ok(())
    };
    // New sessions first, in arrival order (so their ids follow arrival), then the
    // changed existing ones, as `rows_to_write` orders them.
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
