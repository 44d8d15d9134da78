//! Accounting sessions: one row per NAS + Acct-Session-Id + username, written by the
//! accounting batches (`batch`); here the reads the CLI and API need, and the reaper's
//! stale marking.
//!
//! Counters on the row are high-water marks: the usage rollups get `max(0, new - last)` per
//! counter, so a repeated, reordered or lower report adds nothing and nothing goes backward.
//! Applying the same record twice is therefore harmless, which is what makes "no reply on
//! failure, the NAS retries" safe even when a commit's outcome was unknown.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError};

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

/// SQLite: counts every NAS that had open sessions again, after the reaper marked some
/// stale (it only ever lowers a count, so a NAS at zero stays there). The writers keep the
/// count otherwise (`batch/open_counts.rs`).
const RECOUNT_OPEN_SQL: &str = "UPDATE nas_open_sessions SET open_sessions = \
     (SELECT COUNT(*) FROM sessions s WHERE s.nas_id = nas_open_sessions.nas_id \
     AND s.state IN ('open', 'stale') AND s.state = 'open') WHERE open_sessions <> 0";

impl Store {
    /// Marks open sessions with no record for `intervals` x their interim interval (by the
    /// server's clock) as stale; returns how many.
    pub async fn mark_stale_sessions(&self, now: i64, intervals: i64) -> Result<u64, StoreError> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE sessions SET state = $1, close_reason = $2 \
             WHERE state = $3 AND seen_at + $4 * interim_interval < $5",
        )
        .bind(state::STALE)
        .bind(reason::NO_UPDATE)
        .bind(state::OPEN)
        .bind(intervals)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        // SQLite keeps the open counts per NAS without triggers (migration 0029).
        if done.rows_affected() > 0 && self.backend == super::Backend::Sqlite {
            sqlx::query(RECOUNT_OPEN_SQL).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// Sessions matching `filter`, most recently started first.
    pub async fn list_sessions(
        &self,
        filter: &SessionFilter,
    ) -> Result<Vec<SessionRecord>, StoreError> {
        let days = self
            .user_history_days(filter.username.is_some(), filter.open_only)
            .await?;
        let sql = session_list_sql(filter, days.as_deref());
        let mut q = sqlx::query(&sql);
        if let Some(u) = &filter.username {
            q = q.bind(u.clone());
        }
        if let Some(id) = filter.nas_id {
            q = q.bind(id);
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

/// The statement of `list_sessions`: only the filters given, so that each combination
/// gets the index shaped for it (`$n` in order: username, NAS, limit). A user's whole
/// history is read by its start days (`days`, from `Store::user_history_days`).
pub(crate) fn session_list_sql(filter: &SessionFilter, days: Option<&str>) -> String {
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
        if let Some(days) = days {
            sql.push_str(&format!(" AND {days}"));
        }
    }
    if filter.nas_id.is_some() {
        sql.push_str(&format!(" AND s.nas_id = ${}", next()));
    }
    if filter.open_only {
        // A literal, so the partial index of open sessions applies.
        sql.push_str(&format!(" AND s.state = '{}'", state::OPEN));
    }
    // Open sessions are few, so sorting them costs nothing; ordered by the bare column,
    // SQLite would rather walk a history-wide index that yields that order than read the
    // partial index of open sessions and sort. Through the start days, the day first is
    // the same order (a day holds later starts than the days before it) and lets SQLite
    // read `sessions_day_username` backwards, a page at a time, with no sort.
    let order = if filter.open_only {
        "s.started_at + 0"
    } else if days.is_some() {
        "s.started_at / 86400 DESC, s.started_at"
    } else {
        "s.started_at"
    };
    sql.push_str(&format!(
        " ORDER BY {order} DESC, s.id DESC LIMIT ${}",
        next()
    ));
    sql
}
