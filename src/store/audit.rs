//! The audit log: every administrative change, written in the same transaction as the change,
//! each row chained to the previous one by a SHA-256 hash so that an edited, deleted or
//! reordered row is detectable by `audit verify`.

use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Row, Transaction};

use super::{Store, StoreError, now};

/// The `prev_hash` of the first row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What a token (or the CLI) may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything.
    Admin,
    /// Users and NAS inside one area subtree.
    Operator,
    /// Read-only: auth log, audit log, usage, sessions; never a secret.
    Auditor,
}

impl Role {
    /// The stored text.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Operator => "operator",
            Role::Auditor => "auditor",
        }
    }

    /// Parses the stored text.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "operator" => Some(Role::Operator),
            "auditor" => Some(Role::Auditor),
            _ => None,
        }
    }
}

/// Who makes a change, as recorded in the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// e.g. "cli:budi" or "token:7 (kel-sukamaju)".
    pub name: String,
    pub role: Role,
    /// The client's address for a change made over HTTP (behind a trusted proxy, the
    /// address it forwarded for); `None` for the CLI.
    pub client: Option<String>,
}

impl Actor {
    /// The local operator running the CLI (who can open the database, so acts as admin).
    pub fn cli() -> Actor {
        let user = ["SUDO_USER", "USER", "LOGNAME"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
            .unwrap_or_else(|| "unknown".into());
        Actor {
            name: format!("cli:{user}"),
            role: Role::Admin,
            client: None,
        }
    }

    /// Library callers that name no actor (the plain store functions used by tests).
    pub fn system() -> Actor {
        Actor {
            name: "system".into(),
            role: Role::Admin,
            client: None,
        }
    }
}

/// One audit row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditRecord {
    pub id: i64,
    /// Epoch seconds.
    pub at: i64,
    pub actor: String,
    pub role: String,
    /// e.g. "user.add", "nas.remove", "token.create".
    pub action: String,
    /// e.g. "user:siti".
    pub target: String,
    /// JSON of the object before the change (secrets redacted); absent for creations.
    pub before: Option<String>,
    /// JSON after the change (secrets redacted); absent for deletions.
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    /// The HTTP client's address of a change made through an HTTP face (issue 26).
    pub client: Option<String>,
}

impl AuditRecord {
    pub(crate) fn from_row(row: &AnyRow) -> Result<AuditRecord, sqlx::Error> {
        Ok(AuditRecord {
            id: row.try_get("id")?,
            at: row.try_get("at")?,
            actor: row.try_get("actor")?,
            role: row.try_get("role")?,
            action: row.try_get("action")?,
            target: row.try_get("target")?,
            before: row.try_get("before_json")?,
            after: row.try_get("after_json")?,
            prev_hash: row.try_get("prev_hash")?,
            hash: row.try_get("hash")?,
            client: row.try_get("client")?,
        })
    }

    /// The hash this row should carry, from its content and `prev_hash`.
    pub fn expected_hash(&self) -> String {
        row_hash(
            &self.prev_hash,
            self.id,
            self.at,
            &self.actor,
            &self.role,
            &self.action,
            &self.target,
            self.before.as_deref(),
            self.after.as_deref(),
            self.client.as_deref(),
        )
    }
}

/// SHA-256 over the previous hash and every field, each length-prefixed so that no two
/// different rows serialise to the same bytes.
#[allow(clippy::too_many_arguments)]
fn row_hash(
    prev: &str,
    id: i64,
    at: i64,
    actor: &str,
    role: &str,
    action: &str,
    target: &str,
    before: Option<&str>,
    after: Option<&str>,
    client: Option<&str>,
) -> String {
    let mut h = Sha256::new();
    let mut field = |v: Option<&str>| match v {
        None => h.update(b"N;"),
        Some(s) => {
            h.update(format!("S{}:", s.len()).as_bytes());
            h.update(s.as_bytes());
            h.update(b";");
        }
    };
    field(Some("radkota-audit-v1"));
    field(Some(prev));
    field(Some(&id.to_string()));
    field(Some(&at.to_string()));
    field(Some(actor));
    field(Some(role));
    field(Some(action));
    field(Some(target));
    field(before);
    field(after);
    // Only rows that have a client hash it, so the rows written before there was one
    // (and the CLI's) keep their hashes.
    if let Some(c) = client {
        field(Some("client"));
        field(Some(c));
    }
    hex::encode(h.finalize())
}

/// A transaction whose every change is recorded in the audit chain: begin it, make each
/// change through `tx` and [`AuditedTx::record`] it, then [`AuditedTx::commit`], which
/// writes the chain head and commits. Dropping it without committing rolls everything back,
/// so a change never lands without its audit row.
///
/// A guard rather than a closure: imports record many rows in one transaction, NAS changes
/// bump the registry before the commit, and `user forget` re-hashes the chain after the
/// head is written ([`AuditedTx::finish`]).
pub(crate) struct AuditedTx<'c> {
    /// The transaction the changes are made in.
    pub(crate) tx: Transaction<'c, Any>,
    chain: AuditChain,
    actor: Actor,
}

impl AuditedTx<'static> {
    /// Begins a transaction on `pool` and locks the chain head for `actor`'s changes.
    pub(crate) async fn begin(pool: &AnyPool, actor: &Actor) -> Result<Self, StoreError> {
        Self::start(pool.begin().await?, actor).await
    }
}

impl<'c> AuditedTx<'c> {
    /// As [`AuditedTx::begin`], on a connection the caller holds (one with its own settings).
    pub(crate) async fn begin_on(
        conn: &'c mut AnyConnection,
        actor: &Actor,
    ) -> Result<Self, StoreError> {
        Self::start(conn.begin().await?, actor).await
    }

    async fn start(mut tx: Transaction<'c, Any>, actor: &Actor) -> Result<Self, StoreError> {
        let chain = AuditChain::lock(&mut tx).await?;
        Ok(AuditedTx {
            tx,
            chain,
            actor: actor.clone(),
        })
    }

    /// Appends the audit row of one change made in `tx`.
    pub(crate) async fn record(
        &mut self,
        action: &str,
        target: &str,
        before: Option<&Value>,
        after: Option<&Value>,
    ) -> Result<(), StoreError> {
        self.chain
            .append(&mut self.tx, &self.actor, action, target, before, after)
            .await
    }

    /// Writes the chain head and hands back the transaction, still open, for work that
    /// must follow the head (the re-hashing of `user forget`).
    pub(crate) async fn finish(mut self) -> Result<Transaction<'c, Any>, StoreError> {
        self.chain.finish(&mut self.tx).await?;
        Ok(self.tx)
    }

    /// Writes the chain head and commits.
    pub(crate) async fn commit(self) -> Result<(), StoreError> {
        self.finish().await?.commit().await?;
        Ok(())
    }
}

/// An append position in the chain, held for the length of one transaction.
///
/// [`AuditChain::lock`] must be the first statement of the transaction: it takes the write
/// lock (SQLite) or the head row's lock (PostgreSQL), which serialises appends and avoids a
/// read-then-write lock upgrade.
struct AuditChain {
    seq: i64,
    hash: String,
    at: i64,
    dirty: bool,
}

impl AuditChain {
    /// Locks the chain head inside `tx`.
    async fn lock(tx: &mut Transaction<'_, Any>) -> Result<AuditChain, StoreError> {
        let row = sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash")
            .fetch_optional(&mut **tx)
            .await?
            .ok_or_else(|| StoreError::Invalid("audit_head row is missing".into()))?;
        Ok(AuditChain {
            seq: row.try_get("seq")?,
            hash: row.try_get("hash")?,
            at: now(),
            dirty: false,
        })
    }

    /// Appends one row.
    async fn append(
        &mut self,
        tx: &mut Transaction<'_, Any>,
        actor: &Actor,
        action: &str,
        target: &str,
        before: Option<&Value>,
        after: Option<&Value>,
    ) -> Result<(), StoreError> {
        let id = self.seq + 1;
        let before = before.map(Value::to_string);
        let after = after.map(Value::to_string);
        let hash = row_hash(
            &self.hash,
            id,
            self.at,
            &actor.name,
            actor.role.as_str(),
            action,
            target,
            before.as_deref(),
            after.as_deref(),
            actor.client.as_deref(),
        );
        sqlx::query(
            "INSERT INTO audit_log (id, at, actor, role, action, target, before_json, \
             after_json, prev_hash, hash, client) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(id)
        .bind(self.at)
        .bind(&actor.name)
        .bind(actor.role.as_str())
        .bind(action)
        .bind(target)
        .bind(before)
        .bind(after)
        .bind(&self.hash)
        .bind(&hash)
        .bind(actor.client.as_deref())
        .execute(&mut **tx)
        .await?;
        self.seq = id;
        self.hash = hash;
        self.dirty = true;
        Ok(())
    }

    /// Writes the new head; call before commit.
    async fn finish(self, tx: &mut Transaction<'_, Any>) -> Result<(), StoreError> {
        if self.dirty {
            sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
                .bind(self.seq)
                .bind(&self.hash)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }
}

/// Filters for [`Store::list_audit`].
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Epoch seconds, inclusive.
    pub from: Option<i64>,
    /// Epoch seconds, exclusive.
    pub to: Option<i64>,
    /// Exact actor name.
    pub actor: Option<String>,
}

/// The outcome of [`Store::verify_audit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditVerdict {
    /// Every row checks out.
    Intact { rows: i64 },
    /// The first row found wrong, and why.
    Broken { row: i64, reason: String },
}

const AUDIT_COLUMNS: &str =
    "id, at, actor, role, action, target, before_json, after_json, prev_hash, hash, client";

/// The WHERE clause of [`AuditFilter`]: `at` within `$1`..`$2`, actor `$3` (empty: any).
const AUDIT_WHERE: &str = "at >= $1 AND at < $2 AND ($3 = '' OR actor = $3)";

impl AuditFilter {
    /// Binds the parameters of [`AUDIT_WHERE`]; absent bounds become the widest ones so one
    /// statement serves every combination.
    fn bind<'q>(&self, q: Query<'q, Any, AnyArguments<'q>>) -> Query<'q, Any, AnyArguments<'q>> {
        q.bind(self.from.unwrap_or(i64::MIN))
            .bind(self.to.unwrap_or(i64::MAX))
            .bind(self.actor.clone().unwrap_or_default())
    }
}

impl Store {
    /// Audit rows oldest first, filtered, one page.
    pub async fn list_audit(
        &self,
        filter: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let sql = format!(
            "SELECT {AUDIT_COLUMNS} FROM audit_log WHERE {AUDIT_WHERE} \
             ORDER BY id LIMIT $4 OFFSET $5"
        );
        let rows = filter
            .bind(sqlx::query(&sql))
            .bind(limit.max(0))
            .bind(offset.max(0))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(AuditRecord::from_row)
            .collect::<Result<_, _>>()?)
    }

    /// Records an action that changes no row of its own (a disconnect sent to a hotspot),
    /// as one audit row under `actor`.
    pub async fn audit_action(
        &self,
        actor: &Actor,
        action: &str,
        target: &str,
        details: &Value,
    ) -> Result<(), StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        audit.record(action, target, None, Some(details)).await?;
        audit.commit().await
    }

    /// How many rows [`Store::list_audit`] would return without paging.
    pub async fn count_audit(&self, filter: &AuditFilter) -> Result<i64, StoreError> {
        let sql = format!("SELECT COUNT(*) AS n FROM audit_log WHERE {AUDIT_WHERE}");
        let row = filter.bind(sqlx::query(&sql)).fetch_one(&self.pool).await?;
        Ok(row.try_get("n")?)
    }

    /// Walks the whole chain in id order and reports the first row that was edited, deleted
    /// or reordered (or a missing tail, via the head row).
    pub async fn verify_audit(&self) -> Result<AuditVerdict, StoreError> {
        const PAGE: i64 = 2000;
        let mut expected_id = 1;
        let mut prev = GENESIS_HASH.to_string();
        loop {
            let rows = sqlx::query(&format!(
                "SELECT {AUDIT_COLUMNS} FROM audit_log WHERE id >= $1 ORDER BY id LIMIT $2"
            ))
            .bind(expected_id)
            .bind(PAGE)
            .fetch_all(&self.pool)
            .await?;
            let done = (rows.len() as i64) < PAGE;
            for row in &rows {
                let r = AuditRecord::from_row(row)?;
                if r.id != expected_id {
                    return Ok(AuditVerdict::Broken {
                        row: expected_id,
                        reason: format!(
                            "row {expected_id} is missing (deleted); the next row is {}",
                            r.id
                        ),
                    });
                }
                if r.expected_hash() != r.hash {
                    return Ok(AuditVerdict::Broken {
                        row: r.id,
                        reason: format!(
                            "row {} was edited: its hash does not match its content",
                            r.id
                        ),
                    });
                }
                if r.prev_hash != prev {
                    return Ok(AuditVerdict::Broken {
                        row: r.id,
                        reason: format!(
                            "row {} does not follow row {}: a row was edited, deleted or \
                             moved here",
                            r.id,
                            r.id - 1
                        ),
                    });
                }
                prev = r.hash;
                expected_id += 1;
            }
            if done {
                break;
            }
        }
        let last = expected_id - 1;
        let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        let (seq, hash): (i64, String) = match head {
            Some(h) => (h.try_get("seq")?, h.try_get("hash")?),
            None => {
                return Ok(AuditVerdict::Broken {
                    row: last + 1,
                    reason: "the chain head record is missing".into(),
                });
            }
        };
        if seq != last || hash != prev {
            return Ok(AuditVerdict::Broken {
                row: last + 1,
                reason: format!(
                    "the log ends at row {last} but {seq} rows were written: the newest rows \
                     were deleted (or the head was edited)"
                ),
            });
        }
        Ok(AuditVerdict::Intact { rows: last })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_separates_fields() {
        let a = row_hash("p", 1, 2, "ab", "c", "x", "t", None, None, None);
        let b = row_hash("p", 1, 2, "a", "bc", "x", "t", None, None, None);
        let c = row_hash("p", 1, 2, "ab", "c", "x", "t", Some(""), None, None);
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn a_client_is_hashed_only_when_set() {
        // Rows without a client (older rows, the CLI's) hash as they always did: this is
        // the hash of the format before issue 26, computed independently.
        let none = row_hash("p", 1, 2, "ab", "c", "x", "t", None, None, None);
        assert_eq!(
            none,
            "25bb969c4c629a8b21354f503503f0b990a248071cc283fb20d14d2a04e1c811"
        );
        let with = row_hash(
            "p",
            1,
            2,
            "ab",
            "c",
            "x",
            "t",
            None,
            None,
            Some("192.0.2.1"),
        );
        let other = row_hash(
            "p",
            1,
            2,
            "ab",
            "c",
            "x",
            "t",
            None,
            None,
            Some("192.0.2.2"),
        );
        assert_ne!(none, with);
        assert_ne!(with, other);
    }
}
