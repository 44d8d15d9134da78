//! Users as logins see them (account, plan, overrides), kept in memory between logins on a
//! SQLite store. Triggers bump `directory_version` in the same transaction as any change
//! to `users`, `plans` or `user_limits`, whoever makes it (the server, the CLI, the admin
//! API, or another program), and every login reads that number in the same statement as
//! anything else it reads (its usage, when the limits count it): a version other than the
//! one an entry was read at sends the login to the full query. Reads stay as fresh as
//! reading the rows themselves, and a login stays one statement.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::domain::Limits;
use crate::domain::Policy;
use crate::store::PlanRecord;
use crate::store::login::UserAuth;

/// Entries kept at most (a few hundred bytes each); a full directory starts over, which
/// costs one database read per user, as every login did before.
const MAX_ENTRIES: usize = 20_000;

/// Usernames to what a login needs of them, as of one `directory_version`.
#[derive(Debug, Default)]
pub(crate) struct Directory {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    version: Option<i64>,
    users: HashMap<Box<str>, Arc<UserAuth>>,
    /// One copy of each plan, of its typed limits for users without overrides, and of
    /// each set of overrides (mostly: none) for all entries; each entry would otherwise
    /// carry about a kilobyte of its own.
    plans: HashMap<String, SharedPlan>,
    no_overrides: Arc<Limits>,
}

/// A plan as the directory shares it.
#[derive(Debug)]
struct SharedPlan {
    plan: Arc<PlanRecord>,
    /// Its limits typed, once a user without overrides brought them.
    policy: Option<Arc<Result<Policy, String>>>,
}

impl State {
    fn clear(&mut self) {
        self.users.clear();
        self.plans.clear();
    }

    /// `user` with its plan and empty overrides shared with the entries already here.
    fn shared(&mut self, mut user: UserAuth) -> UserAuth {
        let plain = *user.overrides == *self.no_overrides;
        if plain {
            user.overrides = self.no_overrides.clone();
        }
        let shared = match self.plans.get_mut(&user.plan.name) {
            Some(shared) if *shared.plan == *user.plan => shared,
            _ => {
                let name = user.plan.name.clone();
                let fresh = SharedPlan {
                    plan: user.plan.clone(),
                    policy: None,
                };
                self.plans.insert(name.clone(), fresh);
                match self.plans.get_mut(&name) {
                    Some(shared) => shared,
                    None => return user,
                }
            }
        };
        user.plan = shared.plan.clone();
        if plain {
            match &shared.policy {
                Some(policy) => user.policy = policy.clone(),
                None => shared.policy = Some(user.policy.clone()),
            }
        }
        user
    }
}

impl Directory {
    /// The entry for `username` and the version it was read at, if the directory has one.
    /// The caller must read the current version (in the same statement as anything else
    /// it reads) and use the entry only if the two are equal.
    pub fn peek(&self, username: &str) -> Option<(i64, Arc<UserAuth>)> {
        let state = self.lock();
        let version = state.version?;
        state
            .users
            .get(username)
            .map(|user| (version, user.clone()))
    }

    /// Keeps `user`, read in a statement that also read `version`, and returns it shared.
    /// Any other version empties the directory first. Versions only grow, so an older one
    /// is a reader overtaken by a change (its entry is then never served, since no later
    /// login reads that version again), or a database restored underneath the server, in
    /// which case nothing read before may be served when the count reaches the old number.
    pub fn insert(&self, version: i64, username: &str, user: UserAuth) -> Arc<UserAuth> {
        let mut state = self.lock();
        if state.version != Some(version) {
            state.clear();
            state.version = Some(version);
        } else if state.users.len() >= MAX_ENTRIES {
            state.users.clear();
        }
        let user = Arc::new(state.shared(user));
        state.users.insert(username.into(), user.clone());
        user
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is a cache: whatever a panicking thread left is still consistent.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: &str) -> UserAuth {
        use crate::store::{UserRecord, UserStatus};
        UserAuth {
            user: UserRecord {
                id: 1,
                username: name.into(),
                plan: "student".into(),
                password_hash: String::new(),
                sealed_password: None,
                status: UserStatus::Active,
                expires_at: None,
                full_name: None,
                created_at: 0,
                updated_at: 0,
            },
            plan: Arc::new(PlanRecord {
                name: "student".into(),
                description: String::new(),
                limits: Default::default(),
            }),
            overrides: Default::default(),
            first_login_at: None,
            usage: Default::default(),
            policy: Arc::new(Policy::from_limits(&Limits::default())),
        }
    }

    #[test]
    fn entries_are_kept_at_their_version_and_dropped_for_any_other() {
        let dir = Directory::default();
        assert!(dir.peek("siti").is_none());
        dir.insert(1, "siti", user("siti"));
        assert_eq!(
            dir.peek("siti").map(|(v, u)| (v, u.user.username.clone())),
            Some((1, "siti".into()))
        );
        // A newer version empties the directory before keeping the new entry.
        dir.insert(2, "budi", user("budi"));
        assert!(dir.peek("siti").is_none());
        assert_eq!(dir.peek("budi").map(|(v, _)| v), Some(2));
        // An older version (a slow reader, or a restored database) starts over as well:
        // nothing read at version 2 may be served once the count is back at 2.
        dir.insert(1, "sari", user("sari"));
        assert!(dir.peek("budi").is_none());
        assert_eq!(dir.peek("sari").map(|(v, _)| v), Some(1));
    }

    #[test]
    fn entries_share_one_copy_of_a_plan_and_of_empty_overrides() {
        let dir = Directory::default();
        let a = dir.insert(1, "siti", user("siti"));
        let b = dir.insert(1, "budi", user("budi"));
        assert!(Arc::ptr_eq(&a.plan, &b.plan));
        assert!(Arc::ptr_eq(&a.overrides, &b.overrides));
        // Users without overrides share the plan's typed limits: parsed once per plan.
        assert!(Arc::ptr_eq(&a.policy, &b.policy));
        // A plan read after an edit (same name, other limits) is not replaced by the old.
        let mut edited = user("sari");
        Arc::make_mut(&mut edited.plan).limits.rate_up = Some("9M".into());
        let c = dir.insert(1, "sari", edited);
        assert_eq!(c.plan.limits.rate_up.as_deref(), Some("9M"));
    }

    #[test]
    fn a_full_directory_starts_over() {
        let dir = Directory::default();
        for i in 0..MAX_ENTRIES {
            dir.insert(1, &format!("u{i}"), user("x"));
        }
        assert!(dir.peek("u0").is_some());
        dir.insert(1, "one-more", user("x"));
        assert!(dir.peek("u0").is_none());
        assert!(dir.peek("one-more").is_some());
    }
}
