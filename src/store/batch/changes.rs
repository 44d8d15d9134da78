//! What a planned batch changes of the users' usage, in the terms of the usage ledger
//! (`store::ledger`): the deltas added to `usage_daily_user` and the session rows as the
//! batch leaves them. Both executors hand it to the ledger once the batch has committed.

use std::collections::HashMap;

use super::plan::{Step, Val};
use super::row::{Key, SessionRow};
use crate::store::ledger::{Changes, OpenSession};
use crate::store::sessions::state;

/// The ledger's view of a batch's `steps` and final `sessions`.
pub(crate) fn ledger_changes(steps: &[Step<'_>], sessions: &HashMap<Key, SessionRow>) -> Changes {
    let mut changes = Changes::default();
    for step in steps {
        match step {
            Step::CloseNas { nas_id, .. } => changes.closed_nas.push(*nas_id),
            // The per-user table: its key columns are the username and the day.
            Step::AddUsage { table, rows } if table.index == 0 => {
                for (vals, sums) in rows {
                    if let [Val::Text(username), Val::Text(day), ..] = vals.as_slice() {
                        changes.usage.push((
                            username.to_string(),
                            day.to_string(),
                            sums.input_octets.saturating_add(sums.output_octets),
                            sums.session_seconds,
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    for (key, row) in sessions {
        if key.username.is_empty() {
            continue;
        }
        let open = (row.state == state::OPEN).then(|| OpenSession {
            nas_id: key.nas_id,
            acct_session_id: key.acct_session_id.as_str().into(),
            calling_station_id: row.calling_station_id.as_deref().map(Into::into),
            seen_at: row.seen_at,
            interim_interval: row.interim_interval,
        });
        changes.sessions.push((
            key.username.clone(),
            key.nas_id,
            key.acct_session_id.clone(),
            open,
        ));
    }
    changes
}
