//! Users as logins see them (account, plan, overrides), kept in memory between logins and
//! dropped one by one when they change. On SQLite, triggers append every change to
//! `directory_changes` and set `directory_version` to its newest `seq` in the same
//! transaction, whoever makes it (the server, the CLI, the admin API, another program); a
//! login reads that number in the same statement as anything else it reads and, when it
//! moved, drops the entries the new changes name before trusting any (`sqlite::login`). On
//! PostgreSQL the same triggers notify every instance (`pg_directory`), which drops the
//! entries at once; the version is then a local count of notifications applied.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::domain::Limits;
use crate::domain::Policy;
use crate::store::PlanRecord;
use crate::store::login::UserAuth;

/// Entries kept at most: a city of 50,000 users fits four times over. An entry costs about
/// 500 bytes (docs/scaling.md), so the bound is about 100 MiB; a full directory drops a
/// quarter of its entries, chosen by the hash map's order, which is as good as random.
pub(crate) const MAX_ENTRIES: usize = 200_000;

/// More changes than this at once (an import, a plan edit) empty the directory instead:
/// reading them would cost more than reading the users again.
pub(crate) const MAX_CHANGES: i64 = 10_000;

/// A user (by id: the change log holds no names) or a plan that changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    User(i64),
    Plan(String),
}

/// Usernames to what a login needs of them, as of one version of the directory.
#[derive(Debug)]
pub(crate) struct Directory {
    state: Mutex<State>,
    max_entries: usize,
}

impl Default for Directory {
    fn default() -> Self {
        Directory {
            state: Default::default(),
            max_entries: MAX_ENTRIES,
        }
    }
}

#[derive(Debug, Default)]
struct State {
    version: Option<i64>,
    users: HashMap<Box<str>, Arc<UserAuth>>,
    /// The name each held user id is kept under.
    names: HashMap<i64, Box<str>>,
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
        self.names.clear();
        self.plans.clear();
    }

    fn apply(&mut self, change: &Change) {
        match change {
            Change::User(id) => {
                if let Some(name) = self.names.remove(id) {
                    self.users.remove(&name);
                }
            }
            Change::Plan(name) => {
                self.plans.remove(name);
                self.retain(|u| u.user.plan != *name);
            }
        }
    }

    fn retain(&mut self, mut keep: impl FnMut(&UserAuth) -> bool) {
        let names = &mut self.names;
        self.users.retain(|_, u| {
            let kept = keep(u);
            if !kept {
                names.remove(&u.user.id);
            }
            kept
        });
    }

    /// Makes room for one more entry by dropping a quarter of them.
    fn make_room(&mut self, max_entries: usize) {
        if self.users.len() < max_entries {
            return;
        }
        let mut n = 0;
        self.retain(|_| {
            n += 1;
            n % 4 != 0
        });
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
    /// The entry for `username` and the directory's version, if it holds one. An entry is
    /// valid as of that version: every change up to it has been applied.
    pub fn peek(&self, username: &str) -> Option<(i64, Arc<UserAuth>)> {
        let state = self.lock();
        let version = state.version?;
        state
            .users
            .get(username)
            .map(|user| (version, user.clone()))
    }

    /// The version every entry is valid at; `None` before the first read.
    pub fn version(&self) -> Option<i64> {
        self.lock().version
    }

    /// Moves the directory from version `from` to `to`, dropping the entries `changes`
    /// names (all of them when `changes` is `None`: unknown, or too many). Nothing happens
    /// when another caller already moved it to `to` or beyond; any other version than
    /// `from` (a database restored underneath, a missed step) empties it.
    pub fn advance(&self, from: Option<i64>, to: i64, changes: Option<&[Change]>) {
        let mut state = self.lock();
        if state.version.is_some_and(|v| v >= to) && state.version != from {
            return;
        }
        match changes {
            Some(changes) if state.version == from => {
                for change in changes {
                    state.apply(change);
                }
            }
            _ => state.clear(),
        }
        state.version = Some(to);
    }

    /// Keeps `user`, read as of `version`, and returns it shared. An entry read at any
    /// other version than the directory's is returned without being kept: a change after
    /// it may already have been applied, and keeping it would bring the change back.
    pub fn insert(&self, version: i64, username: &str, user: UserAuth) -> Arc<UserAuth> {
        let mut state = self.lock();
        if state.version != Some(version) {
            return Arc::new(user);
        }
        state.make_room(self.max_entries);
        let user = Arc::new(state.shared(user));
        let name: Box<str> = username.into();
        state.names.insert(user.user.id, name.clone());
        state.users.insert(name, user.clone());
        user
    }

    /// Entries held now.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.lock().users.len()
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
        // Ids from the name, so each test user has its own.
        let id = name.bytes().fold(0_i64, |h, b| h * 31 + i64::from(b));
        UserAuth {
            user: UserRecord {
                id,
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
    fn entries_are_kept_at_the_directory_version_only() {
        let dir = Directory::default();
        assert!(dir.peek("siti").is_none());
        // Nothing is kept before the directory has a version.
        dir.insert(1, "siti", user("siti"));
        assert!(dir.peek("siti").is_none());
        dir.advance(None, 1, Some(&[]));
        dir.insert(1, "siti", user("siti"));
        assert_eq!(
            dir.peek("siti").map(|(v, u)| (v, u.user.username.clone())),
            Some((1, "siti".into()))
        );
        // A read at another version is handed back but not kept.
        dir.insert(0, "budi", user("budi"));
        assert!(dir.peek("budi").is_none());
    }

    #[test]
    fn a_change_drops_only_what_it_names() {
        let dir = Directory::default();
        dir.advance(None, 1, Some(&[]));
        for name in ["siti", "budi", "sari"] {
            dir.insert(1, name, user(name));
        }
        let budi = dir.peek("budi").map(|(_, u)| u.user.id).unwrap_or_default();
        dir.advance(Some(1), 2, Some(&[Change::User(budi)]));
        assert_eq!(dir.peek("siti").map(|(v, _)| v), Some(2));
        assert!(dir.peek("budi").is_none());
        // A plan change drops every user on that plan, and only those.
        let mut other = user("dewi");
        Arc::make_mut(&mut other.plan).name = "umkm".into();
        other.user.plan = "umkm".into();
        dir.insert(2, "dewi", other);
        dir.advance(Some(2), 3, Some(&[Change::Plan("student".into())]));
        assert!(dir.peek("siti").is_none() && dir.peek("sari").is_none());
        assert_eq!(dir.peek("dewi").map(|(v, _)| v), Some(3));
        // Moving from a version the directory is not at (a missed step) starts over.
        dir.advance(Some(7), 8, Some(&[]));
        assert!(dir.peek("dewi").is_none());
        assert_eq!(dir.version(), Some(8));
        // Unknown changes start over too; an older target changes nothing.
        dir.insert(8, "dewi", user("dewi"));
        dir.advance(Some(5), 6, Some(&[]));
        assert_eq!(dir.version(), Some(8));
        assert!(dir.peek("dewi").is_some());
        dir.advance(Some(8), 9, None);
        assert!(dir.peek("dewi").is_none());
    }

    #[test]
    fn entries_share_one_copy_of_a_plan_and_of_empty_overrides() {
        let dir = Directory::default();
        dir.advance(None, 1, Some(&[]));
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
    fn a_full_directory_drops_a_quarter() {
        let max = 1_000;
        let dir = Directory {
            max_entries: max,
            ..Default::default()
        };
        dir.advance(None, 1, Some(&[]));
        for i in 0..max {
            let name = format!("u{i}");
            dir.insert(1, &name, user(&name));
        }
        assert_eq!(dir.len(), max);
        dir.insert(1, "one-more", user("one-more"));
        assert!(dir.peek("one-more").is_some());
        assert_eq!(dir.len(), max - max / 4 + 1);
        let names = dir.lock().names.len();
        assert_eq!(names, dir.len());
    }
}
