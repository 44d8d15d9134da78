//! What the account page shows, read for the person logged in: their plan and what is
//! left of it, their devices online, their last ten logins and their roaming devices.
//! Every read is keyed by the session's own user, never by anything the browser sends.

use std::collections::HashMap;

use super::{Person, Portal};
use crate::domain::Policy;
use crate::store::roaming::BindingView;
use crate::store::{
    AuthLogEntry, SessionFilter, SessionRecord, StoreError, UsageQuery, UserAuth, UserStatus,
};

/// Login attempts shown.
const ATTEMPTS: i64 = 10;
/// Devices online shown at most (a plan's device limit is far below).
const SESSIONS: i64 = 50;

/// One person's account as the page shows it.
pub struct Account {
    /// The user, plan, effective limits and today's and this month's usage, as the next
    /// login would be judged by them.
    pub user: UserAuth,
    /// Open sessions (devices online), newest first.
    pub sessions: Vec<SessionRecord>,
    /// The last login attempts, newest first.
    pub attempts: Vec<AuthLogEntry>,
    /// Roaming bindings that have not run out.
    pub bindings: Vec<BindingView>,
    /// Hotspot names by NAS id.
    pub hotspots: HashMap<i64, String>,
    /// The policy clock (allowed hours and quota days are read by it).
    pub now: i64,
    /// Seconds east of UTC of the accounting zone.
    pub offset: i64,
}

/// Where the account stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Logins are allowed (as far as the account goes; quotas and hours aside).
    Active,
    /// Disabled by an operator.
    Disabled,
    /// Past its end of validity.
    Expired,
    /// Before the plan's `valid_from`.
    NotYetValid,
}

impl Account {
    /// The effective limits, when the plan and overrides parse.
    pub fn policy(&self) -> Option<&Policy> {
        self.user.policy.as_ref().as_ref().ok()
    }

    /// The end of validity: the earliest of the account's expiry, the plan's fixed end and
    /// N days from the first login; `None` when nothing ends it.
    pub fn valid_until(&self) -> Option<i64> {
        let policy = self.policy();
        let from_first = policy
            .and_then(|p| p.valid_days)
            .zip(self.user.first_login_at)
            .map(|(days, first)| {
                first.saturating_add(i64::try_from(days).unwrap_or(i64::MAX / 2) * 86_400)
            });
        [
            self.user.user.expires_at,
            policy.and_then(|p| p.valid_until),
            from_first,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Where the account stands now.
    pub fn standing(&self) -> Standing {
        if self.user.user.status == UserStatus::Disabled {
            Standing::Disabled
        } else if self.valid_until().is_some_and(|end| end <= self.now) {
            Standing::Expired
        } else if self
            .policy()
            .and_then(|p| p.valid_from)
            .is_some_and(|from| from > self.now)
        {
            Standing::NotYetValid
        } else {
            Standing::Active
        }
    }

    /// The hotspot name of NAS `id` (a removed one reads as its number).
    pub fn hotspot(&self, id: Option<i64>) -> String {
        match id {
            Some(id) => self
                .hotspots
                .get(&id)
                .cloned()
                .unwrap_or_else(|| format!("#{id}")),
            None => "-".into(),
        }
    }
}

/// Reads `person`'s account; `None` when the user no longer exists.
pub async fn load(p: &Portal, person: &Person) -> Result<Option<Account>, StoreError> {
    let store = &p.ctx.store;
    let now = crate::policy::clock::now();
    let offset = p.zone.offset_secs();
    let (day, month_start) = crate::policy::decide::usage_days(now, offset);
    let query = UsageQuery {
        day,
        month_start,
        now: crate::auth::decision::now(),
        stale_after_intervals: p.stale_after_intervals,
        calling_station_id: None,
    };
    let Some(user) = store
        .user_for_auth_with_usage(&person.username, Some(&query))
        .await?
    else {
        return Ok(None);
    };
    // A user deleted and made again under the same name is another person.
    if user.user.id != person.user_id {
        return Ok(None);
    }
    let sessions = store
        .list_sessions(&SessionFilter {
            username: Some(person.username.clone()),
            nas_id: None,
            open_only: true,
            limit: SESSIONS,
        })
        .await?;
    let attempts = store
        .recent_auth_log(Some(&person.username), ATTEMPTS)
        .await?;
    let real_now = crate::auth::decision::now();
    let bindings = store
        .bindings_of(person.user_id)
        .await?
        .into_iter()
        .filter(|b| b.expires_at > real_now)
        .collect();
    let hotspots = store
        .list_nas()
        .await?
        .into_iter()
        .map(|n| (n.id, n.name))
        .collect();
    Ok(Some(Account {
        user,
        sessions,
        attempts,
        bindings,
        hotspots,
        now,
        offset,
    }))
}
