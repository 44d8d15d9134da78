//! Every SQL text an accounting or auth-activity batch runs, for both executors. The pooled
//! executor binds many rows per statement (`n` rows), the SQLite thread one row per
//! prepared statement (`n` = 1): the same text either way, so the two cannot drift.

use std::sync::OnceLock;

use crate::store::sql::sql_once;

/// Accounting-On/Off: every session of that NAS still open (or stale) ended when the NAS
/// went down. Sessions updated after the event are newer than the reboot and stay open.
/// Parameters: closed, reason, event time, NAS id. The two states are written out (they
/// are `state::OPEN` and `state::STALE`) so that the database can prove its partial index
/// of open and stale sessions per NAS (migrations 0026 and, on SQLite, 0028) serves the
/// statement in any plan.
pub(crate) const CLOSE_NAS_SQL: &str = "UPDATE sessions SET state = $1, close_reason = $2, stopped_at = $3 \
     WHERE nas_id = $4 AND state IN ('open', 'stale') AND last_update_at <= $3";

/// Flags one session with its batch's implausible records (migration 0008): the latest
/// reason, time and reported octets, and the count added. Parameters: reason, time, input
/// octets, output octets, records, NAS id, session id, username.
pub(crate) const FLAG_IMPLAUSIBLE_SQL: &str = "UPDATE sessions SET implausible = $1, implausible_at = $2, \
     implausible_input_octets = $3, implausible_output_octets = $4, \
     implausible_records = implausible_records + $5 \
     WHERE nas_id = $6 AND acct_session_id = $7 AND username = $8";

/// The lookup of `n` sessions by key (parameters: NAS id, session id, username per key).
pub(crate) fn load_sql(n: usize) -> String {
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

/// Columns bound per session row in `upsert_sql`.
const UPSERT_COLS: usize = 21;

/// The upsert of `n` session rows; each row binds, in order: NAS id, session id, username
/// (the user's id is looked up from it), framed IP, calling and called station, NAS port,
/// class, started, last update, stopped, seen, the five counters, terminate cause, state,
/// close reason, interim interval.
pub(crate) fn upsert_sql(n: usize) -> String {
    format!("{} {SESSION_CONFLICT}", insert_sql(n))
}

/// The insert of `n` new session rows, bound as `upsert_sql`'s: for rows known to be new,
/// which a conflict would fail.
pub(crate) fn insert_sql(n: usize) -> String {
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
         interim_interval) VALUES {}",
        values.join(", ")
    )
}

/// The session upsert's conflict clause: a later record of a session changes these columns
/// (both executors' upserts end with it).
pub(crate) const SESSION_CONFLICT: &str = "ON CONFLICT (nas_id, acct_session_id, username) \
     DO UPDATE SET framed_ip = excluded.framed_ip, \
     calling_station_id = excluded.calling_station_id, \
     called_station_id = excluded.called_station_id, nas_port_id = excluded.nas_port_id, \
     class = excluded.class, started_at = excluded.started_at, \
     last_update_at = excluded.last_update_at, stopped_at = excluded.stopped_at, \
     seen_at = excluded.seen_at, session_time = excluded.session_time, \
     input_octets = excluded.input_octets, output_octets = excluded.output_octets, \
     input_packets = excluded.input_packets, output_packets = excluded.output_packets, \
     terminate_cause = excluded.terminate_cause, state = excluded.state, \
     close_reason = excluded.close_reason";

/// The columns a later record can change, as the upsert's `DO UPDATE` sets them.
pub(crate) const UPDATE_BY_ID_SQL: &str = "UPDATE sessions SET framed_ip = $1, calling_station_id = $2, \
     called_station_id = $3, nas_port_id = $4, class = $5, started_at = $6, \
     last_update_at = $7, stopped_at = $8, seen_at = $9, session_time = $10, \
     input_octets = $11, output_octets = $12, input_packets = $13, output_packets = $14, \
     terminate_cause = $15, state = $16, close_reason = $17 WHERE id = $18";

/// `UPDATE_BY_ID_SQL` for a row whose times and counters alone changed (`row::Changed`):
/// last update, seen, the five counters, id.
pub(crate) const UPDATE_PROGRESS_SQL: &str = "UPDATE sessions SET last_update_at = $1, \
     seen_at = $2, session_time = $3, input_octets = $4, output_octets = $5, \
     input_packets = $6, output_packets = $7 WHERE id = $8";

/// The same, and how the session ended: then stopped, terminate cause, state, close
/// reason, id.
pub(crate) const UPDATE_LIFECYCLE_SQL: &str = "UPDATE sessions SET last_update_at = $1, \
     seen_at = $2, session_time = $3, input_octets = $4, output_octets = $5, \
     input_packets = $6, output_packets = $7, stopped_at = $8, terminate_cause = $9, \
     state = $10, close_reason = $11 WHERE id = $12";

/// A rollup table: the columns written on insert (the key and any insert-only columns) and
/// the conflict target. The four summed columns follow.
#[derive(Debug)]
pub(crate) struct SumTable {
    /// Its place in `SUM_TABLES`.
    pub(crate) index: usize,
    pub(crate) table: &'static str,
    pub(crate) columns: &'static [&'static str],
    pub(crate) conflict: &'static str,
}

impl SumTable {
    const fn new(
        index: usize,
        table: &'static str,
        columns: &'static [&'static str],
        conflict: &'static str,
    ) -> SumTable {
        SumTable {
            index,
            table,
            columns,
            conflict,
        }
    }
}

/// The four summed columns of every rollup table, in `Rollup::sums` order.
pub(crate) const SUM_COLUMNS: [&str; 4] = [
    "input_octets",
    "output_octets",
    "session_seconds",
    "sessions",
];

/// The `DO UPDATE SET` list of an upsert into rollup table `table`: each sum added to.
pub(crate) fn sums_added(table: &str) -> String {
    SUM_COLUMNS
        .iter()
        .map(|c| format!("{c} = {table}.{c} + excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many rollup tables there are.
pub(crate) const SUM_TABLE_COUNT: usize = 6;

/// The rollup tables, in the order of `RollupKey::table`.
pub(crate) static SUM_TABLES: [SumTable; SUM_TABLE_COUNT] = [
    SumTable::new(
        0,
        "usage_daily_user",
        &["username", "day", "user_id"],
        "username, day",
    ),
    SumTable::new(1, "usage_daily_nas", &["nas_id", "day"], "nas_id, day"),
    SumTable::new(
        2,
        "usage_daily_user_nas",
        &["day", "nas_id", "username", "user_id", "plan"],
        "day, nas_id, username",
    ),
    SumTable::new(
        3,
        "usage_daily_nas_plan",
        &["day", "nas_id", "plan"],
        "day, nas_id, plan",
    ),
    SumTable::new(
        4,
        "usage_hourly_nas_plan",
        &["day", "hour", "nas_id", "plan"],
        "day, hour, nas_id, plan",
    ),
    // A person's month in one row, so a login's monthly quota is one seek (migration 0027).
    SumTable::new(
        5,
        "usage_monthly_user",
        &["month", "username", "user_id"],
        "month, username",
    ),
];
/// The upsert adding to `n` rows of table `t`: each binds its key columns, then the four
/// sums.
pub(crate) fn sum_upsert_sql(t: &SumTable, n: usize) -> String {
    sum_upsert_sql_from(t, n, 1)
}

/// As `sum_upsert_sql`, its parameters numbered from `first` (for several in one statement).
pub(crate) fn sum_upsert_sql_from(t: &SumTable, n: usize, first: usize) -> String {
    let width = t.columns.len() + 4;
    let values: Vec<String> = (0..n)
        .map(|i| {
            let params: Vec<String> = (0..width)
                .map(|j| format!("${}", first + width * i + j))
                .collect();
            format!("({})", params.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO {table} ({cols}, {sum_cols}) VALUES {values} \
         ON CONFLICT ({conflict}) DO UPDATE SET {updates}",
        table = t.table,
        cols = t.columns.join(", "),
        sum_cols = SUM_COLUMNS.join(", "),
        values = values.join(", "),
        conflict = t.conflict,
        updates = sums_added(t.table),
    )
}

/// The lookup of `n` usernames' id and plan.
pub(crate) fn users_sql(n: usize) -> String {
    let params: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
    format!(
        "SELECT id, username, plan FROM users WHERE username IN ({})",
        params.join(", ")
    )
}

/// Keeps the higher of the stored and the new peak.
fn higher(t: &str) -> String {
    format!(
        "peak_sessions = CASE WHEN excluded.peak_sessions > {t}.peak_sessions \
         THEN excluded.peak_sessions ELSE {t}.peak_sessions END"
    )
}

/// Drops the built markers of `n` periods.
pub(crate) fn invalidate_sql(n: usize) -> String {
    let params: Vec<String> = (1..=n).map(|i| format!("${i}")).collect();
    format!(
        "DELETE FROM usage_distinct_done WHERE period IN ({})",
        params.join(", ")
    )
}

/// Latest-value update: a column only moves forward in time.
const LATER: &str = "CASE WHEN nas_health.{c} IS NULL OR excluded.{c} > nas_health.{c} \
                     THEN excluded.{c} ELSE nas_health.{c} END";

fn later(column: &str) -> String {
    format!("{column} = {}", LATER.replace("{c}", column))
}

/// The upsert of `n` NAS's accounting contact (NAS id, time, skew, identifier each).
pub(crate) fn acct_health_sql(n: usize) -> String {
    let values: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "(${}, ${}, ${}, ${})",
                4 * i + 1,
                4 * i + 2,
                4 * i + 3,
                4 * i + 4
            )
        })
        .collect();
    format!(
        "INSERT INTO nas_health (nas_id, last_acct_at, clock_skew, nas_identifier) VALUES {} \
         ON CONFLICT (nas_id) DO UPDATE SET {}, \
         clock_skew = COALESCE(excluded.clock_skew, nas_health.clock_skew), \
         nas_identifier = COALESCE(excluded.nas_identifier, nas_health.nas_identifier)",
        values.join(", "),
        later("last_acct_at"),
    )
}

/// Adds one NAS's outcomes of one day (day, NAS id, accepts, rejects, bad authenticators).
pub(crate) const AUTH_DAILY_SQL: &str = "INSERT INTO auth_daily_nas (day, nas_id, accepts, rejects, bad_authenticators) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (day, nas_id) DO UPDATE SET \
     accepts = auth_daily_nas.accepts + excluded.accepts, \
     rejects = auth_daily_nas.rejects + excluded.rejects, \
     bad_authenticators = auth_daily_nas.bad_authenticators + excluded.bad_authenticators";
/// Moves one NAS's latest authentication contact forward (NAS id, request time, login
/// time, NAS-Identifier).
pub(crate) fn auth_contact_sql() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    sql_once(&SQL, || {
        format!(
            "INSERT INTO nas_health (nas_id, last_request_at, last_login_at, nas_identifier) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (nas_id) DO UPDATE SET {}, {}, \
             nas_identifier = COALESCE(excluded.nas_identifier, nas_health.nas_identifier)",
            later("last_request_at"),
            later("last_login_at"),
        )
    })
}

/// The count of a NAS's open sessions (NAS id), kept in `nas_open_sessions` (migration
/// 0018; on SQLite by the writers since 0029, `batch::open_counts`) so that reading it
/// costs one row however many sessions the NAS has open.
pub(crate) fn open_count_sql() -> &'static str {
    "SELECT COALESCE(MAX(open_sessions), 0) FROM nas_open_sessions WHERE nas_id = $1"
}

/// Keeps one NAS's open-session count as that hour's peak if it is higher (day, hour, NAS
/// id, count).
pub(crate) fn peak_hour_sql() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    sql_once(&SQL, || {
        format!(
            "INSERT INTO concurrency_hourly_nas (day, hour, nas_id, peak_sessions) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (day, hour, nas_id) DO UPDATE SET {}",
            higher("concurrency_hourly_nas")
        )
    })
}

/// As `peak_hour_sql`, for the day (NAS id, day, count).
pub(crate) fn peak_day_sql() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    sql_once(&SQL, || {
        format!(
            "INSERT INTO usage_daily_nas (nas_id, day, peak_sessions) VALUES ($1, $2, $3) \
             ON CONFLICT (nas_id, day) DO UPDATE SET {}",
            higher("usage_daily_nas")
        )
    })
}

/// The hour's and the day's peak of several NAS at once, from their kept open-session
/// counts (day, hour; day): the pooled executor's form of `peak_hour_sql` and
/// `peak_day_sql`. NAS ids are integers from our own rows, so they are inlined, not bound.
pub(crate) fn peaks_counted_sql(nas: &[i64]) -> [String; 2] {
    let ids: Vec<String> = nas.iter().map(i64::to_string).collect();
    let open_now = format!(
        "FROM nas_open_sessions WHERE open_sessions > 0 AND nas_id IN ({})",
        ids.join(", ")
    );
    [
        format!(
            "INSERT INTO concurrency_hourly_nas (day, hour, nas_id, peak_sessions) \
             SELECT CAST($1 AS TEXT), CAST($2 AS BIGINT), nas_id, open_sessions {open_now} \
             ON CONFLICT (day, hour, nas_id) DO UPDATE SET {}",
            higher("concurrency_hourly_nas")
        ),
        format!(
            "INSERT INTO usage_daily_nas (nas_id, day, peak_sessions) \
             SELECT nas_id, CAST($1 AS TEXT), open_sessions {open_now} \
             ON CONFLICT (nas_id, day) DO UPDATE SET {}",
            higher("usage_daily_nas")
        ),
    ]
}

/// Adds one authentication log row (parameters in `AUTH_LOG_COLUMNS` order).
pub(crate) fn auth_log_insert_sql() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    sql_once(&SQL, || {
        format!(
            "INSERT INTO auth_log ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            crate::store::auth_log::AUTH_LOG_COLUMNS
        )
    })
}
