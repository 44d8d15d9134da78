//! Quota enforcement after an Interim-Update: when the user's daily or monthly quota is used
//! up (by the same usage query and rules as the Access-Request decision), apply the plan's
//! `on_quota` action (Disconnect-Request, or CoA-Request to a throttled rate) once per
//! session and quota period, in a task of its own so no Accounting-Response waits for it.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;

use super::{CoaSettings, SessionTarget};
use crate::auth::seal::Sealer;
use crate::policy::decide::usage_days;
use crate::policy::{Account, Policy, QuotaAction, Usage, Verdict, clock, decide};
use crate::store::{Store, UsageQuery};

/// Quota checks running at once; an Interim-Update beyond that is not checked (the next
/// one will be), so a burst of updates cannot queue unbounded work or database load.
const MAX_CHECKS_IN_FLIGHT: usize = 32;

/// Sessions remembered per quota period; a bound on memory, far above one city's sessions.
const MAX_REMEMBERED: usize = 500_000;

/// Which quota period a used-up quota belongs to, e.g. `day:2026-03-01`.
type Period = String;

/// (NAS, Acct-Session-Id, username): a session as accounting keys it.
type SessionKey = (i64, String, String);

/// Watches Interim-Updates for used-up quotas; shared by every accounting request.
pub struct QuotaWatch {
    store: Store,
    sealer: Sealer,
    settings: CoaSettings,
    utc_offset: i64,
    stale_after_intervals: i64,
    enabled: bool,
    permits: Arc<Semaphore>,
    acted: Mutex<HashMap<Period, HashSet<SessionKey>>>,
    // Users recently found to have no quota at all, so their Interim-Updates do not each
    // cost a usage query (measured: it tripled the server CPU per Interim-Update).
    no_quota: Mutex<HashMap<String, std::time::Instant>>,
}

/// How long a "this user has no quota" finding is trusted; a plan or override change that
/// adds a quota is noticed within this time.
const NO_QUOTA_TTL: std::time::Duration = std::time::Duration::from_secs(60);
/// Bound on that memo; it is simply cleared when full.
const NO_QUOTA_MAX: usize = 200_000;

/// A quota found used up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exhausted {
    /// The policy's reason, e.g. "daily data quota used up".
    pub reason: &'static str,
    /// "used 1.2 MB of 1 MB".
    pub detail: String,
    /// The period the action is remembered for.
    pub period: Period,
}

/// Which of the user's quotas, if any, is used up, judged by [`decide`] itself with every
/// non-quota limit lifted, so this can never disagree with the next login's decision.
pub fn exhausted(policy: &Policy, usage: &Usage, now: i64, utc_offset: i64) -> Option<Exhausted> {
    let quotas_only = Policy {
        hours: None,
        max_sessions: None,
        valid_until: None,
        valid_days: None,
        valid_from: None,
        ..policy.clone()
    };
    let Verdict::Reject { reason, detail } =
        decide(&quotas_only, &Account::default(), usage, now, utc_offset)
    else {
        return None;
    };
    let (day, month_start) = usage_days(now, utc_offset);
    let period = if reason.starts_with("daily") {
        format!("day:{day}")
    } else if reason.starts_with("monthly") {
        format!("month:{month_start}")
    } else {
        return None;
    };
    Some(Exhausted {
        reason,
        detail,
        period,
    })
}

impl QuotaWatch {
    /// A watch that checks with `store` and sends with `settings`; `enabled` false makes
    /// [`QuotaWatch::after_interim`] do nothing (`coa.enforce_quota = false`).
    pub fn new(
        store: Store,
        sealer: Sealer,
        settings: CoaSettings,
        utc_offset: i64,
        stale_after_intervals: i64,
        enabled: bool,
    ) -> QuotaWatch {
        QuotaWatch {
            store,
            sealer,
            settings,
            utc_offset,
            stale_after_intervals,
            enabled,
            permits: Arc::new(Semaphore::new(MAX_CHECKS_IN_FLIGHT)),
            acted: Mutex::new(HashMap::new()),
            no_quota: Mutex::new(HashMap::new()),
        }
    }

    /// Called once an Interim-Update has been committed: checks the user's quotas in a task
    /// of its own and acts if one is used up.
    pub fn after_interim(self: &Arc<Self>, session: SessionTarget) {
        if !self.enabled || session.username.is_empty() {
            return;
        }
        let Ok(permit) = self.permits.clone().try_acquire_owned() else {
            tracing::debug!(user = %session.username, "quota check skipped: too many in flight");
            return;
        };
        let watch = self.clone();
        tokio::spawn(async move {
            watch.check(session).await;
            drop(permit);
        });
    }

    async fn check(&self, session: SessionTarget) {
        if self.known_without_quota(&session.username) {
            return;
        }
        let now = clock::now();
        let (day, month_start) = usage_days(now, self.utc_offset);
        let query = UsageQuery {
            day,
            month_start,
            now: crate::auth::decision::now(),
            stale_after_intervals: self.stale_after_intervals,
            calling_station_id: None,
        };
        // The entry the directory shares, not a copy: every Interim runs this, and need
        // not copy the whole user (its name, hash and limits) each time.
        let (user, usage) = match self
            .store
            .user_for_auth_shared(&session.username, Some(&query))
            .await
        {
            Ok(Some(found)) => found,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(user = %session.username, error = %e, "quota check failed");
                return;
            }
        };
        // Typed when the user was read; not merged and parsed again here.
        let Ok(policy) = user.policy.as_ref() else {
            // The login path logs a misconfigured plan; nothing to enforce from it here.
            return;
        };
        if policy.daily_bytes.is_none()
            && policy.monthly_bytes.is_none()
            && policy.daily_seconds.is_none()
            && policy.monthly_seconds.is_none()
        {
            self.remember_without_quota(&session.username);
            return;
        }
        let Some(found) = exhausted(policy, &usage, now, self.utc_offset) else {
            return;
        };
        if !self.remember(&session, &found.period, &query) {
            return;
        }
        let nas = match self.store.list_nas().await {
            Ok(list) => list.into_iter().find(|n| n.id == session.nas_id),
            Err(e) => {
                tracing::warn!(user = %session.username, error = %e, "quota action: NAS lookup failed");
                return;
            }
        };
        let Some(nas) = nas else {
            tracing::warn!(user = %session.username, nas_id = session.nas_id,
                "quota action: the session's NAS no longer exists");
            return;
        };
        let action = &policy.quota_action;
        let result = match action {
            QuotaAction::Disconnect => {
                super::disconnect(&nas, &self.sealer, &self.settings, &session).await
            }
            QuotaAction::Throttle { up, down } => {
                super::throttle(&nas, &self.sealer, &self.settings, &session, *up, *down).await
            }
        };
        let action = action.as_text();
        match result {
            Ok(outcome) if outcome.is_ack() => tracing::info!(
                user = %session.username, nas = %nas.name, session = %session.acct_session_id,
                reason = found.reason, detail = %found.detail, %action, %outcome,
                "quota used up: action applied"),
            Ok(outcome) => tracing::warn!(
                user = %session.username, nas = %nas.name, session = %session.acct_session_id,
                reason = found.reason, detail = %found.detail, %action, %outcome,
                "quota used up: the NAS did not apply the action"),
            Err(e) => tracing::warn!(
                user = %session.username, nas = %nas.name, session = %session.acct_session_id,
                reason = found.reason, %action, error = %e,
                "quota used up: action not sent"),
        }
    }

    fn known_without_quota(&self, username: &str) -> bool {
        let memo = self.no_quota.lock().unwrap_or_else(|p| p.into_inner());
        memo.get(username)
            .is_some_and(|at| at.elapsed() < NO_QUOTA_TTL)
    }

    fn remember_without_quota(&self, username: &str) {
        let mut memo = self.no_quota.lock().unwrap_or_else(|p| p.into_inner());
        if memo.len() >= NO_QUOTA_MAX {
            memo.clear();
        }
        memo.insert(username.to_string(), std::time::Instant::now());
    }

    /// Records that `session` is acted on for `period`; false if it already was (or memory
    /// is full). Periods that are over are forgotten here, so memory holds at most today's
    /// and this month's sessions.
    fn remember(&self, session: &SessionTarget, period: &str, now: &UsageQuery<'_>) -> bool {
        let current = [
            format!("day:{}", now.day),
            format!("month:{}", now.month_start),
        ];
        let mut acted = self.acted.lock().unwrap_or_else(|p| p.into_inner());
        acted.retain(|p, _| current.contains(p));
        let set = acted.entry(period.to_string()).or_default();
        if set.len() >= MAX_REMEMBERED {
            tracing::warn!(period, "quota actions: memory bound reached; not acting");
            return false;
        }
        set.insert((
            session.nas_id,
            session.acct_session_id.clone(),
            session.username.clone(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Limits;

    const WIB: i64 = 7 * 3600;
    /// 2025-06-02 22:00 WIB: outside the hours set below, which must not matter here.
    const NOW: i64 = 1_748_822_400 + 22 * 3600 - WIB;

    fn policy(daily: i64, monthly: i64) -> Policy {
        Policy::from_limits(&Limits {
            daily_bytes: Some(daily),
            monthly_bytes: Some(monthly),
            allowed_hours: Some("05:00-21:00".into()),
            max_sessions: Some(1),
            quota_action: Some("throttle 256k/512k".into()),
            ..Limits::default()
        })
        .unwrap()
    }

    #[test]
    fn only_quotas_count() {
        let p = policy(1_000_000, 0);
        let mut u = Usage {
            day_bytes: 999_999,
            month_bytes: 999_999,
            open_sessions: 5,
            ..Usage::default()
        };
        // Outside hours and over the session limit, but the quota is not used up.
        assert_eq!(exhausted(&p, &u, NOW, WIB), None);
        u.day_bytes = 1_000_000;
        let e = exhausted(&p, &u, NOW, WIB).unwrap();
        assert_eq!(e.reason, "daily data quota used up");
        assert_eq!(e.period, "day:2025-06-02");
        let p = policy(0, 5_000_000);
        u.month_bytes = 6_000_000;
        let e = exhausted(&p, &u, NOW, WIB).unwrap();
        assert_eq!(e.reason, "monthly data quota used up");
        assert_eq!(e.period, "month:2025-06-01");
    }
}
