//! PostgreSQL: one instance at a time per accounting session. A batch reads its sessions,
//! plans the new rows and the usage deltas from what it read, and writes both; two
//! instances doing that for the same session at once (a NAS that failed over from A to B
//! while A was still working on its request) would both plan from the same old row: the
//! later write undoes the earlier (an acknowledged Stop overwritten by an Interim) and the
//! usage delta is added twice. `tests/failover.rs` caught exactly that. So before it reads,
//! a batch takes a transaction-scoped advisory lock per session key, always in the same
//! order (two batches cannot deadlock on them); the second instance then reads the first
//! one's committed row. SQLite needs nothing: one writer per file.

use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

use super::StoreError;
use super::batch::record::AcctRecord;

/// Locks taken in one statement at most (bind parameters stay well under the limit).
const PER_STATEMENT: usize = 1_000;

/// The advisory lock key of a session: 63 bits of SHA-256 over what identifies it, the same
/// in every process (a collision only makes two sessions wait for each other).
fn key(r: &AcctRecord) -> i64 {
    let mut h = Sha256::new();
    h.update(b"radkota session\0");
    h.update(r.nas_id.to_be_bytes());
    for part in [&r.acct_session_id, &r.username] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    let digest = h.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first) & i64::MAX
}

/// Takes the lock of every session `records` name, until the transaction ends, and sends
/// `notifies` (payloads on `channel`, delivered when the transaction commits) in the same
/// round trip: a batch pays per statement, not per call.
pub(crate) async fn lock(
    conn: &mut AnyConnection,
    records: &[AcctRecord],
    channel: &str,
    notifies: &[String],
) -> Result<(), StoreError> {
    let mut keys: Vec<i64> = records
        .iter()
        .filter(|r| !r.acct_session_id.is_empty())
        .map(key)
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let chunks: Vec<&[i64]> = keys.chunks(PER_STATEMENT).collect();
    let last = chunks.len().saturating_sub(1);
    for (n, chunk) in chunks.iter().enumerate() {
        let extra = if n == last { notifies } else { &[] };
        statement(conn, chunk, channel, extra).await?;
    }
    if chunks.is_empty() && !notifies.is_empty() {
        statement(conn, &[], channel, notifies).await?;
    }
    Ok(())
}

async fn statement(
    conn: &mut AnyConnection,
    keys: &[i64],
    channel: &str,
    notifies: &[String],
) -> Result<(), StoreError> {
    // Select-list items are evaluated left to right, so the order holds. Advisory locks
    // are per database, not per schema: the schema is hashed in, so that databases
    // kept side by side as schemas (the tests do) do not wait for each other.
    let mut calls: Vec<String> = (1..=keys.len())
        .map(|i| {
            format!("pg_advisory_xact_lock(hashtextextended(current_schema() || ':' || ${i}, 0))")
        })
        .collect();
    let first = keys.len() + 1;
    if !notifies.is_empty() {
        calls.extend(
            (0..notifies.len()).map(|i| format!("pg_notify(${first}, ${})", first + 1 + i)),
        );
    }
    let sql = format!("SELECT {}", calls.join(", "));
    let mut q = sqlx::query(&sql);
    for k in keys {
        q = q.bind(format!("{k:016x}"));
    }
    if !notifies.is_empty() {
        q = q.bind(channel);
        for payload in notifies {
            q = q.bind(payload.as_str());
        }
    }
    q.execute(&mut *conn).await?;
    Ok(())
}
