//! Users as logins see them (account, plan, overrides), kept in memory between logins on a
//! SQLite store. Triggers bump `directory_version` in the same transaction as any change
//! to `users`, `plans` or `user_limits`, whoever makes it (the server, the CLI, the admin
//! API, or another program), and every login reads that one number first: a version other
//! than the one the entries were read at empties the directory. Reads stay as fresh as
//! reading the rows themselves, at the cost of one single-page read instead of a join.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use super::StoreError;
use super::plans::PlanRecord;
use super::users::UserAuth;
use crate::policy::limits::Limits;

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
    /// `None` remembers an unknown username, so a mistyped name costs no query either.
    users: HashMap<Box<str>, Option<Arc<UserAuth>>>,
    /// One copy of each plan and of each set of overrides (mostly: none) for all entries;
    /// each entry would otherwise carry about a kilobyte of its own.
    plans: HashMap<String, Arc<PlanRecord>>,
    no_overrides: Arc<Limits>,
}

impl State {
    fn clear(&mut self) {
        self.users.clear();
        self.plans.clear();
    }

    /// `user` with its plan and empty overrides shared with the entries already here.
    fn shared(&mut self, mut user: UserAuth) -> UserAuth {
        match self.plans.get(&user.plan.name) {
            Some(plan) if **plan == *user.plan => user.plan = plan.clone(),
            _ => {
                self.plans.insert(user.plan.name.clone(), user.plan.clone());
            }
        }
        if *user.overrides == *self.no_overrides {
            user.overrides = self.no_overrides.clone();
        }
        user
    }
}

impl Directory {
    /// `username` as of `version` (read just before): from memory when it was read at that
    /// version, else from `load`, which must read the database after `version` was read.
    pub fn get(
        &self,
        version: i64,
        username: &str,
        load: impl FnOnce() -> Result<Option<UserAuth>, StoreError>,
    ) -> Result<Option<Arc<UserAuth>>, StoreError> {
        {
            let mut state = self.lock();
            match state.version {
                Some(v) if v == version => {
                    if let Some(found) = state.users.get(username) {
                        return Ok(found.clone());
                    }
                }
                // Versions only grow: this reader is behind another and caches nothing.
                Some(v) if v > version => {}
                _ => {
                    state.clear();
                    state.version = Some(version);
                }
            }
        }
        // Loaded outside the lock. Rows read after `version` are at least that new; if
        // they are newer, the change that made them also bumped the version, so the next
        // login sees a version other than `version` and drops them.
        let found = load()?;
        let mut state = self.lock();
        if state.version != Some(version) {
            return Ok(found.map(Arc::new));
        }
        if state.users.len() >= MAX_ENTRIES {
            state.clear();
        }
        let found = found.map(|user| Arc::new(state.shared(user)));
        state.users.insert(username.into(), found.clone());
        Ok(found)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is a cache: whatever a panicking thread left is still consistent.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn user(name: &str) -> UserAuth {
        use crate::store::users::{UserRecord, UserStatus};
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
        }
    }

    #[test]
    fn same_version_is_served_from_memory_and_a_new_one_reloads() {
        let dir = Directory::default();
        let loads = Cell::new(0);
        let load = |name: &str| {
            loads.set(loads.get() + 1);
            Ok(Some(user(name)))
        };
        assert!(dir.get(1, "siti", || load("siti")).unwrap().is_some());
        assert!(dir.get(1, "siti", || load("siti")).unwrap().is_some());
        assert_eq!(loads.get(), 1);
        dir.get(2, "siti", || load("siti")).unwrap();
        assert_eq!(loads.get(), 2);
        // An older version (a slow reader) is never cached over a newer one.
        dir.get(1, "budi", || load("budi")).unwrap();
        dir.get(1, "budi", || load("budi")).unwrap();
        assert_eq!(loads.get(), 4);
    }

    #[test]
    fn unknown_users_are_remembered_until_the_version_changes() {
        let dir = Directory::default();
        let loads = Cell::new(0);
        let load = || {
            loads.set(loads.get() + 1);
            Ok(None)
        };
        assert!(dir.get(7, "nobody", load).unwrap().is_none());
        assert!(dir.get(7, "nobody", load).unwrap().is_none());
        assert_eq!(loads.get(), 1);
        assert!(dir.get(8, "nobody", load).unwrap().is_none());
        assert_eq!(loads.get(), 2);
    }

    #[test]
    fn entries_share_one_copy_of_a_plan_and_of_empty_overrides() {
        let dir = Directory::default();
        let a = dir
            .get(1, "siti", || Ok(Some(user("siti"))))
            .unwrap()
            .unwrap();
        let b = dir
            .get(1, "budi", || Ok(Some(user("budi"))))
            .unwrap()
            .unwrap();
        assert!(Arc::ptr_eq(&a.plan, &b.plan));
        assert!(Arc::ptr_eq(&a.overrides, &b.overrides));
        // A plan read after an edit (same name, other limits) is not replaced by the old.
        let mut edited = user("sari");
        Arc::make_mut(&mut edited.plan).limits.rate_up = Some("9M".into());
        let c = dir.get(1, "sari", || Ok(Some(edited))).unwrap().unwrap();
        assert_eq!(c.plan.limits.rate_up.as_deref(), Some("9M"));
    }

    #[test]
    fn a_failed_load_caches_nothing() {
        let dir = Directory::default();
        let failed = dir.get(1, "siti", || Err(StoreError::Invalid("disk".into())));
        assert!(failed.is_err());
        assert!(
            dir.get(1, "siti", || Ok(Some(user("siti"))))
                .unwrap()
                .is_some()
        );
    }
}
