//! PostgreSQL's form of an accounting batch's reads and bulk writes: every row of a
//! statement travels in one JSON parameter, unpacked in SQL (`jsonb_to_recordset`,
//! `jsonb_populate_recordset`). Each statement's text is then the same whatever the
//! batch's size, so each connection parses and plans it once and reuses the plan; with a
//! `VALUES` list or an `OR` per row the text changed with every size and PostgreSQL
//! planned it again at every batch (and, without statistics on a new database, planned
//! the session lookup as a scan of the NAS's whole history). sqlx's `Any` driver has no
//! array or JSON types: the parameter is text, cast in SQL.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde_json::{Map, Value, json};
use sqlx::{AnyConnection, Row};

use super::plan::{AcctContact, RollupUser, Step, Users, Val, WritePlan, session_keys, usernames};
use super::record::AcctRecord;
use super::row::{Key, SessionRow};
use super::statements::{
    SESSION_CONFLICT, SUM_COLUMNS, SUM_TABLE_COUNT, SUM_TABLES, SumTable, sums_added,
};
use super::who_queue::{self, Pending};
use crate::store::StoreError;
use crate::store::row::Named;
use crate::store::sql::sql_once;

/// How a batch's transaction begins on PostgreSQL (one round trip: a simple query may hold
/// several statements). Every statement of a batch reads through a unique key or an index
/// of open rows, so a sequential scan is never the right plan; but on a table without
/// statistics (a new database, before autovacuum's first ANALYZE) a few hundred rows make
/// a scan look cheaper than a probe per key, and a plan made then stays cached on the
/// connection while the table grows, until autovacuum next touches it. Scans are
/// therefore off for the batch's transaction, and only for it.
pub(crate) const BEGIN: &str = "BEGIN; SET LOCAL enable_seqscan = off";

/// The session columns a batch reads, in `SessionRow::read` order.
const SESSION_COLUMNS: &str = "nas_id, acct_session_id, username, framed_ip, calling_station_id, \
     called_station_id, nas_port_id, class, started_at, last_update_at, stopped_at, seen_at, \
     session_time, input_octets, output_octets, input_packets, output_packets, \
     terminate_cause, state, close_reason, interim_interval, id";

/// The rows of the batch's sessions and the id and plan of its users, in one statement.
/// Parameter: a JSON array of `{n, s, u}` (NAS id, session id, username; a username with
/// no session of its own has `n` and `s` null). Each lookup is a `LATERAL` subquery with
/// `LIMIT 1`, which PostgreSQL cannot fold into a join: it stays one probe of the unique
/// key per row, whatever the planner believes of the table's size.
pub(crate) fn load_sql() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    sql_once(&SQL, || {
        format!(
            "SELECT k.u AS key_username, u.id AS user_id, u.plan AS user_plan, s.* \
             FROM jsonb_to_recordset(CAST($1 AS jsonb)) AS k(n BIGINT, s TEXT, u TEXT) \
             LEFT JOIN LATERAL (SELECT {SESSION_COLUMNS} FROM sessions \
             WHERE nas_id = k.n AND acct_session_id = k.s AND username = k.u LIMIT 1) AS s \
             ON true \
             LEFT JOIN LATERAL (SELECT id, plan FROM users WHERE username = k.u LIMIT 1) AS u \
             ON true"
        )
    })
}

/// Reads every session the batch's records name and every registered user among them.
pub(crate) async fn load(
    conn: &mut AnyConnection,
    records: &[AcctRecord],
) -> Result<(HashMap<Key, SessionRow>, Users), StoreError> {
    let keys = session_keys(records);
    let mut lookups: Vec<Value> = keys
        .iter()
        .map(|k| json!({"n": k.nas_id, "s": k.acct_session_id, "u": k.username}))
        .collect();
    // Usernames of records without a session (Accounting-On/Off) are read as users only.
    let keyed: HashSet<&str> = keys.iter().map(|k| k.username.as_str()).collect();
    for name in usernames(records) {
        if !keyed.contains(name) {
            lookups.push(json!({"n": null, "s": null, "u": name}));
        }
    }
    let mut sessions = HashMap::with_capacity(keys.len());
    let mut users = HashMap::new();
    if lookups.is_empty() {
        return Ok((sessions, users));
    }
    let rows = sqlx::query(load_sql())
        .bind(Value::Array(lookups).to_string())
        .fetch_all(&mut *conn)
        .await?;
    for row in rows {
        if let Some(id) = row.try_get::<Option<i64>, _>("user_id")? {
            let name: String = row.try_get("key_username")?;
            let plan: String = row.try_get("user_plan")?;
            users.entry(name).or_insert(RollupUser { id, plan });
        }
        if row.try_get::<Option<i64>, _>("id")?.is_some() {
            let (key, session) = SessionRow::read(&mut Named {
                row: &row,
                prefix: "",
            })?;
            sessions.insert(key, session);
        }
    }
    Ok((sessions, users))
}

/// The session columns written, as `statements::upsert_sql` writes them.
const WRITE_COLUMNS: &str = "nas_id, acct_session_id, username, user_id, framed_ip, \
     calling_station_id, called_station_id, nas_port_id, class, started_at, last_update_at, \
     stopped_at, seen_at, session_time, input_octets, output_octets, input_packets, \
     output_packets, terminate_cause, state, close_reason, interim_interval";

/// The upsert of a batch's session rows (parameter: a JSON array of rows keyed by column).
/// The user's id is the one the batch read, not a lookup per row; as with
/// `statements::upsert_sql`, an existing row keeps its user id.
fn upsert_sql() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    sql_once(&SQL, || {
        format!(
            "INSERT INTO sessions ({WRITE_COLUMNS}) SELECT {WRITE_COLUMNS} \
             FROM jsonb_populate_recordset(NULL::sessions, CAST($1 AS jsonb)) {SESSION_CONFLICT}"
        )
    })
}

/// `bytea` as its text input form (`\x` and hex), which `jsonb_populate_recordset` reads.
fn bytea_text(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(2 + 2 * bytes.len());
    s.push_str("\\x");
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Writes the rows (new sessions first, in arrival order, then changed ones) in one
/// statement.
pub(crate) async fn write_sessions(
    conn: &mut AnyConnection,
    rows: &[(&Key, &SessionRow)],
    users: &Users,
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let json: Vec<Value> = rows
        .iter()
        .map(|(key, r)| {
            json!({
                "nas_id": key.nas_id,
                "acct_session_id": key.acct_session_id,
                "username": key.username,
                "user_id": users.get(&key.username).map(|u| u.id),
                "framed_ip": r.framed_ip,
                "calling_station_id": r.calling_station_id,
                "called_station_id": r.called_station_id,
                "nas_port_id": r.nas_port_id,
                "class": r.class.as_deref().map(bytea_text),
                "started_at": r.started_at,
                "last_update_at": r.last_update_at,
                "stopped_at": r.stopped_at,
                "seen_at": r.seen_at,
                "session_time": r.counters.session_time,
                "input_octets": r.counters.input_octets,
                "output_octets": r.counters.output_octets,
                "input_packets": r.counters.input_packets,
                "output_packets": r.counters.output_packets,
                "terminate_cause": r.terminate_cause,
                "state": r.state,
                "close_reason": r.close_reason,
                "interim_interval": r.interim_interval,
            })
        })
        .collect();
    sqlx::query(upsert_sql())
        .bind(Value::Array(json).to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// One rollup table's part of `rest_sql`: its rows from parameter `$param`.
fn sum_part(t: &SumTable, param: usize) -> String {
    let cols = t.columns.join(", ");
    let sums = SUM_COLUMNS.join(", ");
    format!(
        "INSERT INTO {table} ({cols}, {sums}) SELECT {cols}, {sums} \
         FROM jsonb_populate_recordset(NULL::{table}, CAST(${param} AS jsonb)) \
         ON CONFLICT ({conflict}) DO UPDATE SET {updates}",
        table = t.table,
        conflict = t.conflict,
        updates = sums_added(t.table),
    )
}

/// Latest-value update of a `nas_health` column: it only moves forward in time.
const LATER_ACCT: &str = "last_acct_at = CASE WHEN nas_health.last_acct_at IS NULL \
     OR excluded.last_acct_at > nas_health.last_acct_at THEN excluded.last_acct_at \
     ELSE nas_health.last_acct_at END";

/// The rest of a batch's writes in one statement of data-modifying `WITH` clauses, each
/// table written by one part only (as PostgreSQL requires): the rollup tables (parameters
/// 1-6, in `SUM_TABLES` order), the NAS's accounting contact (7), the distinct-user
/// markers dropped (8) and the sessions queued for `session who` (9). A part with an
/// empty array writes nothing.
fn rest_sql() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    sql_once(&SQL, || {
        let mut parts: Vec<String> = SUM_TABLES
            .iter()
            .enumerate()
            .map(|(i, t)| format!("u{i} AS ({})", sum_part(t, i + 1)))
            .collect();
        parts.push(format!(
            "h AS (INSERT INTO nas_health (nas_id, last_acct_at, clock_skew, nas_identifier) \
             SELECT nas_id, last_acct_at, clock_skew, nas_identifier \
             FROM jsonb_populate_recordset(NULL::nas_health, CAST(${contacts} AS jsonb)) \
             ON CONFLICT (nas_id) DO UPDATE SET {LATER_ACCT}, \
             clock_skew = COALESCE(excluded.clock_skew, nas_health.clock_skew), \
             nas_identifier = COALESCE(excluded.nas_identifier, nas_health.nas_identifier))",
            contacts = SUM_TABLES.len() + 1
        ));
        parts.push(format!(
            "d AS (DELETE FROM usage_distinct_done WHERE period IN \
             (SELECT jsonb_array_elements_text(CAST(${} AS jsonb))))",
            SUM_TABLES.len() + 2
        ));
        parts.push(format!(
            "w AS ({})",
            who_queue::queue_pg_sql(SUM_TABLES.len() + 3)
        ));
        format!("WITH {} SELECT 1", parts.join(", "))
    })
}

/// The rollup rows, contacts and invalidated periods of a batch, gathered from its steps
/// for `write_rest`.
#[derive(Default)]
pub(crate) struct Rest {
    tables: [Vec<Value>; SUM_TABLE_COUNT],
    contacts: Vec<Value>,
    periods: Vec<Value>,
    /// Sessions queued for `session who` (`who_queue::queue_pg_sql`'s rows).
    who: Vec<Value>,
}

impl Rest {
    /// Takes what `write_rest` writes from `step`; false for the steps it does not write.
    pub(crate) fn take(&mut self, step: &Step<'_>) -> bool {
        match step {
            Step::AddUsage { table, rows } => {
                let out = &mut self.tables[table.index];
                for (vals, sums) in rows {
                    let mut row = Map::new();
                    for (col, v) in table.columns.iter().zip(vals) {
                        let v = match v {
                            Val::Int(i) => json!(i),
                            Val::Text(s) => json!(s),
                        };
                        row.insert((*col).to_string(), v);
                    }
                    for (col, s) in SUM_COLUMNS.iter().zip(sums.sums()) {
                        row.insert((*col).to_string(), json!(s));
                    }
                    out.push(Value::Object(row));
                }
                true
            }
            Step::AcctContacts(contacts) => {
                self.contacts.extend(contacts.iter().map(contact));
                true
            }
            Step::InvalidateDistinct(periods) => {
                self.periods.extend(periods.iter().map(|p| json!(p)));
                true
            }
            _ => false,
        }
    }

    fn is_empty(&self) -> bool {
        self.tables.iter().all(Vec::is_empty)
            && self.contacts.is_empty()
            && self.periods.is_empty()
            && self.who.is_empty()
    }
}

fn contact(c: &AcctContact<'_>) -> Value {
    json!({
        "nas_id": c.nas_id,
        "last_acct_at": c.at,
        "clock_skew": c.skew,
        "nas_identifier": c.nas_identifier,
    })
}

/// Writes what `rest` gathered in one statement.
pub(crate) async fn write_rest(conn: &mut AnyConnection, rest: Rest) -> Result<(), StoreError> {
    if rest.is_empty() {
        return Ok(());
    }
    let mut q = sqlx::query(rest_sql());
    for rows in rest.tables {
        q = q.bind(Value::Array(rows).to_string());
    }
    q.bind(Value::Array(rest.contacts).to_string())
        .bind(Value::Array(rest.periods).to_string())
        .bind(Value::Array(rest.who).to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Carries out a planned batch on PostgreSQL: the steps in order, except that the rollups,
/// contacts, markers and the sessions queued for `session who` (those whose address,
/// device or start changed from `stored`) go together in one statement where the first of
/// them stands. True if the batch also moved the queue (`who_queue`).
pub(crate) async fn write(
    conn: &mut AnyConnection,
    steps: &[Step<'_>],
    plan: &WritePlan<'_>,
    users: &Users,
    stored: &HashMap<Key, SessionRow>,
    who: &Pending,
) -> Result<bool, StoreError> {
    let mut rest = Rest::default();
    let first_rest = steps.iter().position(|s| rest.take(s));
    for s in steps.iter().skip(first_rest.map_or(steps.len(), |i| i + 1)) {
        rest.take(s);
    }
    let mut rest = Some(rest);
    let mut due = false;
    for (i, step) in steps.iter().enumerate() {
        match step {
            Step::WriteSessions { new_order } => {
                let rows = super::plan::rows_to_write(&plan.sessions, new_order)?;
                write_sessions(conn, &rows, users).await?;
                let keys = who_queue::changed(rows, stored);
                let queued: Vec<Value> = keys
                    .iter()
                    .map(|(k, r)| {
                        json!({"n": k.nas_id, "s": k.acct_session_id, "u": k.username,
                               "f": r.framed_ip, "c": r.calling_station_id})
                    })
                    .collect();
                // With the rest when it is still to come (no round trip of its own).
                match rest.as_mut() {
                    Some(r) if first_rest.is_some_and(|f| f > i) => r.who = queued,
                    _ if queued.is_empty() => {}
                    _ => {
                        static SQL: OnceLock<String> = OnceLock::new();
                        sqlx::query(sql_once(&SQL, || who_queue::queue_pg_sql(1)))
                            .bind(Value::Array(queued).to_string())
                            .execute(&mut *conn)
                            .await?;
                    }
                }
                due |= who.add(keys.len());
            }
            Step::AddUsage { .. } | Step::AcctContacts(_) | Step::InvalidateDistinct(_) => {
                if Some(i) == first_rest
                    && let Some(r) = rest.take()
                {
                    write_rest(conn, r).await?;
                }
            }
            Step::Peaks { day, hour, nas } => {
                super::rollups::peaks_together(conn, day, *hour, nas).await?;
            }
            Step::CloseNas { .. } | Step::FlagImplausible(_) => {
                super::single::run(conn, step).await?;
            }
        }
    }
    // Last, so that the batch's own queued sessions move with the rest.
    if due {
        static MOVE: OnceLock<String> = OnceLock::new();
        sqlx::query(sql_once(&MOVE, who_queue::move_pg_sql))
            .execute(&mut *conn)
            .await?;
    }
    Ok(due)
}
