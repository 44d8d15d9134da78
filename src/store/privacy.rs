//! Personal data lifecycle (UU PDP 27/2022): the retention purge of raw rows (sessions, the
//! authentication log, optionally old per-person rollups) and `user forget`, both of which
//! leave every aggregate (per-NAS, per-plan, hourly, peaks, distinct-user sets) unchanged.

use serde_json::{Value, json};
use sqlx::{Any, AnyConnection, Row, Transaction};

use super::audit::{Actor, AuditRecord, AuditedTx};
use super::distinct::day_string;
use super::purge::{Expired, SliceStats, Slicing};
use super::sessions::state;
use super::{Store, StoreError};

/// What one retention run removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeCounts {
    /// Closed or stale sessions last seen before the session cut-off.
    pub sessions: u64,
    /// Authentication log rows before the auth-log cut-off.
    pub auth_log: u64,
    /// `usage_daily_user` rows of whole months before the per-person cut-off.
    pub usage_user: u64,
    /// `usage_daily_user_nas` rows of the same months.
    pub usage_user_nas: u64,
    /// `usage_monthly_user` rows of the same months.
    pub usage_user_months: u64,
    /// Distinct-user periods built first so that unique-user counts survive.
    pub distinct_built: usize,
    /// How the deletes were cut: write transactions, the largest one's rows, the longest
    /// one's duration.
    pub slices: SliceStats,
    /// SQLite pages given back to the file system after the deletes (incremental vacuum).
    pub pages_reclaimed: u64,
    /// The slices of that vacuum (pages, not rows, in `largest`).
    pub vacuum_slices: SliceStats,
}

impl PurgeCounts {
    /// Rows deleted in all.
    pub fn rows(&self) -> u64 {
        self.sessions
            + self.auth_log
            + self.usage_user
            + self.usage_user_nas
            + self.usage_user_months
    }
}

/// The cut-offs of one retention run; `None` keeps that kind of row forever.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeCutoffs {
    /// Epoch seconds: sessions not open and last seen (server clock) before this go.
    pub sessions_before: Option<i64>,
    /// Epoch seconds: auth log rows before this go.
    pub auth_log_before: Option<i64>,
    /// First day kept of per-person daily rollups; rounded down to the first of its month
    /// so a month is either whole or gone (its distinct-user set is built from whole data).
    pub user_usage_from: Option<chrono::NaiveDate>,
}

/// What `user forget` did, for the audit row and the operator.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ForgetSummary {
    /// The forgotten user's id (the only handle left, in `#<id>` pseudonyms).
    pub user_id: i64,
    pub sessions_deleted: u64,
    pub auth_log_deleted: u64,
    /// `usage_daily_user` rows whose username became `#<id>`.
    pub usage_user_pseudonymised: u64,
    /// `usage_daily_user_nas` rows whose username became `#<id>`.
    pub usage_user_nas_pseudonymised: u64,
    /// `usage_monthly_user` rows whose username became `#<id>`.
    pub usage_user_months_pseudonymised: u64,
    /// Earlier audit rows about the user whose name and personal fields were redacted.
    pub audit_rows_redacted: u64,
}

/// What replaces personal values in redacted audit rows.
const REDACTED: &str = "[forgotten]";
/// Audit JSON fields that describe the person (plan, status and area are kept).
const PERSONAL_FIELDS: [&str; 4] = ["username", "full_name", "school_or_business", "external_id"];
/// Audit rows re-hashed per page.
const AUDIT_PAGE: i64 = 2_000;

/// The pseudonym that replaces a forgotten user's name in rollups.
pub fn forgotten_name(user_id: i64) -> String {
    format!("#{user_id}")
}

impl Store {
    /// Runs one retention purge with the given cut-offs and the default [`Slicing`].
    pub async fn purge_personal_data(
        &self,
        cutoffs: &PurgeCutoffs,
    ) -> Result<PurgeCounts, StoreError> {
        self.purge_in_slices(cutoffs, &Slicing::default()).await
    }

    /// Runs one retention purge in short slices (see [`Slicing`]), then gives SQLite's
    /// freed pages back the same way. Open sessions are never removed, and no aggregate
    /// table is touched.
    pub async fn purge_in_slices(
        &self,
        cutoffs: &PurgeCutoffs,
        slicing: &Slicing,
    ) -> Result<PurgeCounts, StoreError> {
        let mut counts = PurgeCounts::default();
        let st = &mut counts.slices;
        if let Some(before) = cutoffs.sessions_before {
            // One index range per state (sessions_state_seen): `state <> 'open'` would make
            // the index useless for the range on seen_at.
            for s in [state::CLOSED, state::STALE] {
                let e = Expired::sessions(s, before);
                counts.sessions += self.delete_sliced(&e, slicing, st).await?;
            }
        }
        if let Some(before) = cutoffs.auth_log_before {
            let e = Expired::auth_log(before);
            counts.auth_log = self.delete_sliced(&e, slicing, st).await?;
        }
        if let Some(from) = cutoffs.user_usage_from {
            let first = chrono::Datelike::with_day(&from, 1).unwrap_or(from);
            // Unique-user counts of the purged months must come from built sets from now on.
            counts.distinct_built = self.build_distinct_sets(first).await?;
            let cut = day_string(first);
            let e = Expired::user_days(&cut);
            counts.usage_user = self.delete_sliced(&e, slicing, st).await?;
            let e = Expired::user_nas_days(&cut);
            counts.usage_user_nas = self.delete_sliced(&e, slicing, st).await?;
            let e = Expired::user_months(cut.get(..7).unwrap_or(&cut));
            counts.usage_user_months = self.delete_sliced(&e, slicing, st).await?;
        }
        if counts.rows() > 0 {
            counts.pages_reclaimed = self
                .reclaim_free_pages(slicing, &mut counts.vacuum_slices)
                .await?;
        }
        Ok(counts)
    }

    /// Removes a person: their account and limits, sessions and authentication log rows
    /// (which hold their device MAC addresses), and their name in the per-person rollups,
    /// which becomes `#<user_id>` so every sum and distinct-user count stays. One
    /// transaction with its audit row, whose target is `user#<id>` (never the name).
    /// Refuses while the user has an open session: a later Interim-Update would recreate the
    /// row and count its traffic again.
    pub async fn forget_user(
        &self,
        username: &str,
        actor: &Actor,
    ) -> Result<ForgetSummary, StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let user_id = forgettable_user(&mut audit.tx, username).await?;
        let mut summary = erase_user(&mut audit.tx, username, user_id).await?;
        let old_target = format!("user:{username}");
        let new_target = format!("user{}", forgotten_name(user_id));
        let mentions: Vec<i64> =
            sqlx::query("SELECT id FROM audit_log WHERE target = $1 ORDER BY id")
                .bind(&old_target)
                .fetch_all(&mut *audit.tx)
                .await?
                .iter()
                .map(|r| r.try_get::<i64, _>("id"))
                .collect::<Result<_, _>>()?;
        summary.audit_rows_redacted = mentions.len() as u64;
        let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&mut *audit.tx)
            .await?;
        let (head_seq, head_hash): (i64, String) = (head.try_get("seq")?, head.try_get("hash")?);
        let after = json!({
            "sessions_deleted": summary.sessions_deleted,
            "auth_log_deleted": summary.auth_log_deleted,
            "usage_user_pseudonymised": summary.usage_user_pseudonymised,
            "usage_user_nas_pseudonymised": summary.usage_user_nas_pseudonymised,
            "audit_rows_redacted": mentions,
            // Anyone holding an older head hash can see where and why the chain was re-hashed.
            "previous_head": { "seq": head_seq, "hash": head_hash },
        });
        audit
            .record("user.forget", &new_target, None, Some(&after))
            .await?;
        let mut tx = audit.finish().await?;
        if let Some(&first) = mentions.first() {
            redact_audit(&mut tx, first, &old_target, username, &new_target).await?;
        }
        tx.commit().await?;
        Ok(summary)
    }
}

/// The id of `username`, who must exist and have no open session.
async fn forgettable_user(tx: &mut AnyConnection, username: &str) -> Result<i64, StoreError> {
    let row = sqlx::query("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            kind: "user",
            name: username.to_string(),
        })?;
    let user_id: i64 = row.try_get("id")?;
    let open: i64 = sqlx::query(&format!(
        "SELECT COUNT(*) AS n FROM sessions WHERE state = '{}' \
         AND (username = $1 OR user_id = $2)",
        state::OPEN
    ))
    .bind(username)
    .bind(user_id)
    .fetch_one(&mut *tx)
    .await?
    .try_get("n")?;
    if open > 0 {
        return Err(StoreError::Invalid(format!(
            "user '{username}' has {open} open session(s): disable the account \
             (`radkota user disable`), wait for the sessions to end or disconnect them \
             (`radkota session disconnect`), then forget"
        )));
    }
    Ok(user_id)
}

/// Deletes the person's account, limits, sessions and authentication log rows and puts the
/// pseudonym in their rollups; the summary's audit count is left for the caller.
async fn erase_user(
    tx: &mut AnyConnection,
    username: &str,
    user_id: i64,
) -> Result<ForgetSummary, StoreError> {
    let pseudonym = forgotten_name(user_id);
    let mut summary = ForgetSummary {
        user_id,
        ..ForgetSummary::default()
    };
    summary.sessions_deleted =
        sqlx::query("DELETE FROM sessions WHERE username = $1 OR user_id = $2")
            .bind(username)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    // Their keys still queued for `session who` (a few thousand rows at most); a key of a
    // session stored under another name names no session now, and the next move drops it.
    sqlx::query("DELETE FROM session_who_queue WHERE username = $1")
        .bind(username)
        .execute(&mut *tx)
        .await?;
    summary.auth_log_deleted = sqlx::query("DELETE FROM auth_log WHERE username = $1")
        .bind(username)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    // Rows written before the account existed carry no id; they take the pseudonym too.
    let mut named = [0; 2];
    for (n, table) in named
        .iter_mut()
        .zip(["usage_daily_user", "usage_monthly_user"])
    {
        *n = sqlx::query(&format!(
            "UPDATE {table} SET username = $1, user_id = $2 WHERE username = $3"
        ))
        .bind(&pseudonym)
        .bind(user_id)
        .bind(username)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    }
    [
        summary.usage_user_pseudonymised,
        summary.usage_user_months_pseudonymised,
    ] = named;
    summary.usage_user_nas_pseudonymised =
        sqlx::query("UPDATE usage_daily_user_nas SET username = $1 WHERE username = $2")
            .bind(&pseudonym)
            .bind(username)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    sqlx::query("DELETE FROM user_limits WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM users WHERE id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    Ok(summary)
}

/// Replaces the person's name and personal fields in the audit rows about them (target
/// `old_target`, from id `first` on), then re-hashes the chain from `first` to the head so
/// `audit verify` still holds. The `user.forget` row, appended before this, records the
/// redacted row ids and the head hash before the rewrite.
async fn redact_audit(
    tx: &mut Transaction<'_, Any>,
    first: i64,
    old_target: &str,
    username: &str,
    new_target: &str,
) -> Result<(), StoreError> {
    let mut prev: String = if first > 1 {
        sqlx::query("SELECT hash FROM audit_log WHERE id = $1")
            .bind(first - 1)
            .fetch_one(&mut **tx)
            .await?
            .try_get("hash")?
    } else {
        super::audit::GENESIS_HASH.to_string()
    };
    let mut next = first;
    let mut last: Option<(i64, String)> = None;
    loop {
        let rows = sqlx::query(
            "SELECT id, at, actor, role, action, target, before_json, after_json, prev_hash, \
             hash, client FROM audit_log WHERE id >= $1 ORDER BY id LIMIT $2",
        )
        .bind(next)
        .bind(AUDIT_PAGE)
        .fetch_all(&mut **tx)
        .await?;
        let done = (rows.len() as i64) < AUDIT_PAGE;
        for row in &rows {
            let mut r = AuditRecord::from_row(row)?;
            // Re-chained below from the (possibly rewritten) previous row.
            r.prev_hash = prev.clone();
            r.hash = String::new();
            if r.target == old_target {
                r.target = new_target.to_string();
                r.before = r.before.as_deref().map(|j| redact_json(j, username));
                r.after = r.after.as_deref().map(|j| redact_json(j, username));
            }
            r.hash = r.expected_hash();
            sqlx::query(
                "UPDATE audit_log SET target = $1, before_json = $2, after_json = $3, \
                 prev_hash = $4, hash = $5 WHERE id = $6",
            )
            .bind(&r.target)
            .bind(r.before.clone())
            .bind(r.after.clone())
            .bind(&r.prev_hash)
            .bind(&r.hash)
            .bind(r.id)
            .execute(&mut **tx)
            .await?;
            next = r.id + 1;
            prev = r.hash.clone();
            last = Some((r.id, r.hash));
        }
        if done {
            break;
        }
    }
    if let Some((seq, hash)) = last {
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(seq)
            .bind(hash)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The audit JSON with personal fields, and any other value equal to the username,
/// redacted (equal, not containing: a short name would otherwise hit words like "active").
fn redact_json(text: &str, username: &str) -> String {
    fn walk(v: &mut Value, username: &str) {
        match v {
            Value::Object(map) => {
                for (k, child) in map.iter_mut() {
                    if PERSONAL_FIELDS.contains(&k.as_str()) && !child.is_null() {
                        *child = Value::String(REDACTED.into());
                    } else {
                        walk(child, username);
                    }
                }
            }
            Value::Array(list) => list.iter_mut().for_each(|c| walk(c, username)),
            Value::String(s) if s == username => *s = REDACTED.into(),
            _ => {}
        }
    }
    match serde_json::from_str::<Value>(text) {
        Ok(mut v) => {
            walk(&mut v, username);
            v.to_string()
        }
        // Not JSON (never written so): keep nothing of it.
        Err(_) => json!({ "redacted": REDACTED }).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_personal_fields_only() {
        let j = r#"{"username":"siti","full_name":"Siti A","plan":"student","area":"rw-07",
                   "status":"active","external_id":null,"note":["siti", "siti's", 3]}"#;
        let out: Value = serde_json::from_str(&redact_json(j, "siti")).unwrap();
        let short: Value = serde_json::from_str(&redact_json(j, "a")).unwrap();
        assert_eq!(short["status"], "active");
        assert_eq!(
            out,
            json!({"username":"[forgotten]","full_name":"[forgotten]","plan":"student",
                   "area":"rw-07","status":"active","external_id":null,
                   "note":["[forgotten]", "siti's", 3]})
        );
    }
}
