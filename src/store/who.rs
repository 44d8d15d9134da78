//! "Who had this address at that instant" (`session who`, issue 22): the sessions that held
//! an IP address (or a device's MAC) at one moment, read from `session_addresses` (start
//! day, then the address; migration 0030) over a bounded range of start days, and from
//! the queue of entries not yet written. Every look-up, also one that finds nothing, is an
//! audit entry with its case reference, in the same transaction as the read.

use serde_json::json;
use sqlx::Row;

use super::audit::{Actor, AuditedTx};
use super::batch::who_queue::{probe_sessions, queued};
use super::{Store, StoreError};
use crate::domain::Mac;

/// How far before the instant a session may have started and still be found. Sessions are
/// bounded by their plan's session timeout (hours) and the reaper closes silent ones, so a
/// month is far beyond any real session while keeping the index range small.
pub const LONGEST_SESSION_SECS: i64 = 31 * 86_400;

/// What is asked: an address or a device, at an instant, optionally on one NAS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhoTarget {
    Ip(std::net::IpAddr),
    Mac(Mac),
}

/// One look-up.
#[derive(Debug, Clone)]
pub struct WhoQuery {
    pub target: WhoTarget,
    /// Epoch seconds.
    pub at: i64,
    /// Only sessions on this NAS (its id), when the same private address is used on many.
    pub nas_id: Option<i64>,
    /// The request this answers (a police or ministry reference); required.
    pub case: String,
}

/// A session that held the address at the instant.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WhoRow {
    pub session_id: i64,
    pub username: String,
    pub nas: Option<String>,
    pub rw: Option<String>,
    pub started_at: i64,
    /// `None` while the session is open (or went silent without a Stop).
    pub stopped_at: Option<i64>,
    pub state: String,
    pub mac: Option<String>,
    pub ip: Option<String>,
}

impl WhoQuery {
    fn asked(&self) -> serde_json::Value {
        let (kind, value) = match &self.target {
            WhoTarget::Ip(ip) => ("ip", ip.to_string()),
            WhoTarget::Mac(m) => ("mac", m.colons()),
        };
        json!({ kind: value, "at": self.at, "nas_id": self.nas_id })
    }
}

/// The statement: the sessions `session_addresses` lists under the start days and the
/// address (or device spelling), with those queued with it (`batch::who_queue`: a scan of
/// at most `FLUSH_AT` rows per instance, and a read of the matching sessions only), each
/// read and checked
/// against the session itself (an entry stays when its session changes address); `$1`
/// the instant, `$2` the earliest start, `$3` a NAS id or 0 for any, `$4` one spelling of
/// the address, then the start days.
fn sql(by: &str, kind: i64, days: usize, postgres: bool) -> String {
    let day_list: Vec<String> = (0..days).map(|i| format!("${}", i + 5)).collect();
    let ids = format!(
        "(SELECT session_id FROM session_addresses \
          WHERE day IN ({days}) AND kind = {kind} AND value = $4 \
          UNION SELECT s.id FROM {queued} AND q.{by} = $4) AS w",
        days = day_list.join(", "),
        queued = queued("session_who_queue q", postgres),
    );
    let from = probe_sessions(
        &ids,
        &[("id", "w.session_id")],
        "LEFT JOIN nas n ON n.id = s.nas_id",
        postgres,
    );
    format!(
        "SELECT s.id, s.username, n.name AS nas_name, n.rw AS rw, s.started_at, s.stopped_at, \
                s.state, s.calling_station_id, s.framed_ip \
         FROM {from} AND s.{by} = $4 AND s.started_at <= $1 AND s.started_at >= $2 \
           AND ($3 = 0 OR s.nas_id = $3) \
           AND (s.stopped_at >= $1 \
                OR (s.stopped_at IS NULL AND (s.state = 'open' \
                    OR s.last_update_at + s.interim_interval >= $1))) \
         ORDER BY s.started_at, s.id"
    )
}

/// The start days (epoch days, UTC) a session holding something at `at` may have started
/// on: `session_addresses` is keyed by that day first, so that its entries go into today's
/// part of it whatever the history (issue 24), and a look-up is one seek per day of
/// `LONGEST_SESSION_SECS`.
fn start_days(at: i64) -> Vec<i64> {
    ((at - LONGEST_SESSION_SECS).div_euclid(86_400)..=at.div_euclid(86_400)).collect()
}

/// The statement, the spellings it runs with (one run each, bound as `$4`: two lists in
/// one index condition made PostgreSQL give up the second) and the start days bound after
/// them (for the query-plan test too).
pub fn who_statement(q: &WhoQuery, postgres: bool) -> (String, Vec<String>, Vec<i64>) {
    let days = start_days(q.at);
    let (column, kind, spellings) = match &q.target {
        WhoTarget::Ip(ip) => ("framed_ip", 0, vec![ip.to_string()]),
        WhoTarget::Mac(m) => ("calling_station_id", 1, m.spellings().to_vec()),
    };
    (sql(column, kind, days.len(), postgres), spellings, days)
}

impl Store {
    /// The sessions that held `q`'s address at `q.at`, and the audit entry of the look-up
    /// (written whatever is found; no entry, no answer).
    pub async fn session_who(
        &self,
        actor: &Actor,
        q: &WhoQuery,
    ) -> Result<Vec<WhoRow>, StoreError> {
        let postgres = self.backend() == super::Backend::Postgres;
        let (statement, values, days) = who_statement(q, postgres);
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let mut found = Vec::new();
        for spelling in &values {
            let mut query = sqlx::query(&statement)
                .bind(q.at)
                .bind(q.at - LONGEST_SESSION_SECS)
                .bind(q.nas_id.unwrap_or(0))
                .bind(spelling.clone());
            for d in &days {
                query = query.bind(*d);
            }
            for r in query.fetch_all(&mut *audit.tx).await? {
                found.push(WhoRow {
                    session_id: r.try_get("id")?,
                    username: r.try_get("username")?,
                    nas: r.try_get("nas_name")?,
                    rw: r.try_get("rw")?,
                    started_at: r.try_get("started_at")?,
                    stopped_at: r.try_get("stopped_at")?,
                    state: r.try_get("state")?,
                    mac: r.try_get("calling_station_id")?,
                    ip: r.try_get("framed_ip")?,
                });
            }
        }
        found.sort_by_key(|w| (w.started_at, w.session_id));
        found.dedup_by_key(|w| w.session_id);
        // What was asked and how many were found, never who: the audit log is kept for
        // good, and the answer must not outlive the sessions' retention or `user forget`.
        let mut detail = q.asked();
        detail["found"] = json!(found.len());
        audit
            .record(
                "session.who",
                &format!("case:{}", q.case),
                None,
                Some(&detail),
            )
            .await?;
        audit.commit().await?;
        Ok(found)
    }
}
