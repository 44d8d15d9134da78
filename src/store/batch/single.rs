//! The two steps the sqlx paths (PostgreSQL, and SQLite through the pool) write a
//! statement per row, both rare: closing a NAS's sessions at Accounting-On/Off, and
//! flagging sessions with implausible records.

use sqlx::AnyConnection;

use super::plan::Step;
use super::statements::{CLOSE_NAS_SQL, FLAG_IMPLAUSIBLE_SQL};
use crate::store::StoreError;
use crate::store::sessions::state;

/// The steps both backends write the same way, a statement per row: closing a NAS's
/// sessions and flagging implausible records (both rare). Other steps are ignored.
pub(super) async fn run(conn: &mut AnyConnection, step: &Step<'_>) -> Result<(), StoreError> {
    match step {
        Step::CloseNas { nas_id, at, why } => {
            sqlx::query(CLOSE_NAS_SQL)
                .bind(state::CLOSED)
                .bind(*why)
                .bind(*at)
                .bind(*nas_id)
                .execute(&mut *conn)
                .await?;
        }
        Step::FlagImplausible(flags) => {
            for (key, f) in flags {
                sqlx::query(FLAG_IMPLAUSIBLE_SQL)
                    .bind(f.reason.as_str())
                    .bind(f.at)
                    .bind(f.input_octets)
                    .bind(f.output_octets)
                    .bind(f.records)
                    .bind(key.nas_id)
                    .bind(key.acct_session_id.as_str())
                    .bind(key.username.as_str())
                    .execute(&mut *conn)
                    .await?;
            }
        }
        Step::WriteSessions { .. }
        | Step::AddUsage { .. }
        | Step::Peaks { .. }
        | Step::AcctContacts(_)
        | Step::InvalidateDistinct(_) => {}
    }
    Ok(())
}
