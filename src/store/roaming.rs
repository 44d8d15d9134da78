//! MAC bindings for roaming (issue 22, migration 0016): which user a device's keyed MAC
//! hash logs in as, until when. Read by primary key (in place on a SQLite file); what
//! `auth/roaming.rs` keeps of a read follows the user's directory entry, so an unbind, a
//! disable or a password change applies to the next login on every instance.

use rusqlite::OptionalExtension;
use serde_json::json;
use sqlx::Row;

use super::audit::{Actor, AuditedTx};
use super::{Store, StoreError};

/// A device bound to a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacBinding {
    pub user_id: i64,
    pub username: String,
    /// Epoch seconds; at or after it the MAC logs in no more.
    pub expires_at: i64,
}

/// A binding to write (see [`Store::bind_macs`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindWrite {
    pub mac_hash: String,
    /// e.g. `…:4E:2A`.
    pub mac_tail: String,
    pub user_id: i64,
    pub nas_id: i64,
    /// The password login's time: the binding's `bound_at`.
    pub now: i64,
    pub expires_at: i64,
}

/// A binding as its owner (or an admin) sees it: never the MAC, only its last two octets.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BindingView {
    /// The key to remove it by.
    pub mac_hash: String,
    /// e.g. `…:4E:2A`.
    pub mac_tail: String,
    pub nas_id: Option<i64>,
    pub bound_at: i64,
    pub expires_at: i64,
}

const LOOKUP_SQLITE: &str = "SELECT u.username, b.user_id, b.expires_at FROM mac_bindings b \
     JOIN users u ON u.id = b.user_id WHERE b.mac_hash = ?1";
const LOOKUP: &str = "SELECT u.username, b.user_id, b.expires_at FROM mac_bindings b \
     JOIN users u ON u.id = b.user_id WHERE b.mac_hash = $1";

/// A change of a user row that ends or moves a binding: `updated_at` moves on (by one at
/// least, within one second), which the directories see as a change of the user.
const TOUCH: &str = "updated_at = CASE WHEN updated_at >= $1 THEN updated_at + 1 ELSE $1 END";

impl Store {
    /// The binding of `mac_hash`, read in place on a SQLite file; `None` when the store
    /// cannot read in place (PostgreSQL, a locked file): then [`Store::mac_binding`].
    pub fn mac_binding_now(&self, mac_hash: &str) -> Option<Option<MacBinding>> {
        let fast = self.fast.as_ref()?;
        let read = fast.with(|reader| {
            let mut st = reader.conn.prepare_cached(LOOKUP_SQLITE)?;
            Ok(st
                .query_row([mac_hash], |r| {
                    Ok(MacBinding {
                        username: r.get(0)?,
                        user_id: r.get(1)?,
                        expires_at: r.get(2)?,
                    })
                })
                .optional()?)
        });
        match read {
            Ok(found) => Some(found),
            Err(e) => {
                tracing::debug!(error = %e, "direct read of a MAC binding failed; using the pool");
                None
            }
        }
    }

    /// The binding of `mac_hash`.
    pub async fn mac_binding(&self, mac_hash: &str) -> Result<Option<MacBinding>, StoreError> {
        let row = sqlx::query(LOOKUP)
            .bind(mac_hash)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(r) => Some(MacBinding {
                username: r.try_get(0)?,
                user_id: r.try_get(1)?,
                expires_at: r.try_get(2)?,
            }),
            None => None,
        })
    }

    /// Writes `binds` in one transaction, in order (the last password login wins): each
    /// binds its MAC to its user until its `expires_at` and drops the user's bindings that
    /// have run out. One transaction per batch, not per device, so a morning's burst of
    /// first logins does not queue thousands of commits behind the accounting writer.
    pub async fn bind_macs(&self, binds: &[BindWrite]) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        for b in binds {
            // A device moving to another user: touch the previous owner's row, so every
            // process's directory (and what it read of this binding) lets go of it.
            sqlx::query(&format!(
                "UPDATE users SET {TOUCH} WHERE id = (SELECT user_id FROM mac_bindings \
                 WHERE mac_hash = $2 AND user_id <> $3)"
            ))
            .bind(b.now)
            .bind(&b.mac_hash)
            .bind(b.user_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO mac_bindings (mac_hash, user_id, mac_tail, nas_id, bound_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (mac_hash) DO UPDATE SET \
                 user_id = excluded.user_id, mac_tail = excluded.mac_tail, nas_id = excluded.nas_id, \
                 bound_at = excluded.bound_at, expires_at = excluded.expires_at",
            )
            .bind(&b.mac_hash)
            .bind(b.user_id)
            .bind(&b.mac_tail)
            .bind(b.nas_id)
            .bind(b.now)
            .bind(b.expires_at)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM mac_bindings WHERE user_id = $1 AND expires_at <= $2")
                .bind(b.user_id)
                .bind(b.now)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The bindings of one user, newest first.
    pub async fn bindings_of(&self, user_id: i64) -> Result<Vec<BindingView>, StoreError> {
        let rows = sqlx::query(
            "SELECT mac_hash, mac_tail, nas_id, bound_at, expires_at FROM mac_bindings \
             WHERE user_id = $1 ORDER BY bound_at DESC",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(BindingView {
                    mac_hash: r.try_get(0)?,
                    mac_tail: r.try_get(1)?,
                    nas_id: r.try_get(2)?,
                    bound_at: r.try_get(3)?,
                    expires_at: r.try_get(4)?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// Ends `user_id`'s bindings (all, or the one of `mac_hash`), audited as `user.unbind`
    /// on `target`; the number ended.
    pub async fn unbind_macs(
        &self,
        actor: &Actor,
        user_id: i64,
        target: &str,
        mac_hash: Option<&str>,
    ) -> Result<u64, StoreError> {
        let mut audit = AuditedTx::begin(&self.pool, actor).await?;
        let done = match mac_hash {
            Some(h) => {
                sqlx::query("DELETE FROM mac_bindings WHERE user_id = $1 AND mac_hash = $2")
                    .bind(user_id)
                    .bind(h)
                    .execute(&mut *audit.tx)
                    .await?
            }
            None => {
                sqlx::query("DELETE FROM mac_bindings WHERE user_id = $1")
                    .bind(user_id)
                    .execute(&mut *audit.tx)
                    .await?
            }
        }
        .rows_affected();
        // Touching the user row tells every process that noted the device as bound (and
        // every user directory) that it changed: the next password login binds again.
        sqlx::query(&format!("UPDATE users SET {TOUCH} WHERE id = $2"))
            .bind(super::now())
            .bind(user_id)
            .execute(&mut *audit.tx)
            .await?;
        let detail = json!({ "ended": done, "one_device": mac_hash.is_some() });
        audit
            .record("user.unbind", target, None, Some(&detail))
            .await?;
        audit.commit().await?;
        Ok(done)
    }
}
