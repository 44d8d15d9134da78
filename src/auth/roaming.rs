//! Roaming between hotspots without retyping (issue 22): a password login from a device
//! binds its MAC to the user for the plan's `mac_roaming` period; a MAC login (MikroTik
//! `login-by=mac`) of a bound device is then decided as that user, with the same policy,
//! and its Accept carries a Class that charges the session's accounting to the user. An
//! unbound MAC is refused at once: no argon2, and nothing is remembered of it.

use super::{AccessInput, Authenticator, Credentials, Decision, Judged, Now, Pending, Unanswered};
use crate::auth::binder::{Binder, OnWritten};
use crate::auth::chap;
use crate::domain::Mac;
use crate::domain::mac::roam_class;
use crate::policy::{ReplyAttribute, clock};
use crate::protocol::attr;
use crate::protocol::crypto::unhide_password;
use crate::store::UserAuth;
use crate::store::roaming::{BindWrite, MacBinding};

/// The reason of a MAC login whose device is not bound (or no longer).
pub const MAC_NOT_BOUND: &str = "mac not bound";
/// The reason of an accepted MAC login.
pub const MAC_LOGIN: &str = "ok (mac roaming)";

/// A binding is written again when less than this is left of the period it would get, so
/// a device logging in by password again and again costs one read, not a write each time.
const REFRESH_SECS: i64 = 3600;

/// How long this process trusts its own note that a binding is fresh (see `Noted`).
const NOTE_SECS: i64 = 600;

/// How long a binding just queued (or dropped by a full queue) spares the device's next
/// password logins the read and the queueing again; its write, once stored, notes it for
/// `NOTE_SECS`.
const PENDING_SECS: i64 = 60;

/// Notes kept at most; a full table is emptied (each device then costs one read again).
const NOTES_MAX: usize = 100_000;

/// This process's note that `mac_hash` was found or written bound to a user as the user
/// row stood then (`updated_at`), so the next password login from the device costs no
/// read. Any change to the user (disable, new password, `user unbind`, which touches the
/// row) gives it another `updated_at`, and the note no longer applies.
#[derive(Debug, Clone, Copy)]
struct Noted {
    user_id: i64,
    updated_at: i64,
    /// Of the password hash: a new password ends bindings even within one second.
    password: u64,
    expires_at: i64,
    noted_at: i64,
}

impl Noted {
    /// Whether this note spares `login` (what a password login now would note) the read:
    /// the same user as it stood then, a binding not yet due for refresh, a recent note.
    fn covers(&self, login: &Noted) -> bool {
        self.user_id == login.user_id
            && self.updated_at == login.updated_at
            && self.password == login.password
            && self.expires_at > login.expires_at - REFRESH_SECS
            && login.noted_at - self.noted_at < NOTE_SECS
    }

    /// The note of a binding only queued: it holds for `PENDING_SECS` rather than
    /// `NOTE_SECS`, dated back so `covers` needs no second rule.
    fn pending(self) -> Noted {
        Noted {
            noted_at: self.noted_at - (NOTE_SECS - PENDING_SECS),
            ..self
        }
    }
}

type Notes = std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, Noted>>>;

/// A binding this process read, for MAC logins on a SQLite file: valid while the user's
/// directory entry is the very one it was read with. Every change that ends or moves a
/// binding changes the user's row (a disable, a new password, `user unbind` and a rebind
/// to someone else touch it; `user forget` deletes it), which makes the directory read the
/// user again into a new entry; and a SQLite login catches up with such changes in the
/// same statement that reads its usage. So a hit is exactly as fresh as the database.
#[derive(Debug, Clone)]
struct Seen {
    username: String,
    /// A `Weak` keeps the old entry's allocation, so a new entry can never reuse its address.
    user: std::sync::Weak<UserAuth>,
    expires_at: i64,
}

type SeenMap = std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, Seen>>>;

/// Roaming settings.
#[derive(Debug, Clone, Default)]
pub struct Roaming {
    /// The router's `mac-auth-password`, if the operator set one.
    mac_password: Option<String>,
    notes: Notes,
    seen: SeenMap,
    binder: Binder<Noted>,
}

fn note(notes: &Notes, hash: &str, n: Noted) {
    if let Ok(mut map) = notes.lock() {
        if map.len() >= NOTES_MAX {
            map.clear();
        }
        map.insert(hash.to_string(), n);
    }
}

impl Roaming {
    /// With the router's mac-auth password (empty: none).
    pub fn new(mac_password: &str) -> Roaming {
        Roaming {
            mac_password: (!mac_password.is_empty()).then(|| mac_password.to_string()),
            notes: Notes::default(),
            seen: SeenMap::default(),
            binder: Binder::default(),
        }
    }

    /// The device of a MAC login: User-Name is a MAC and the password is that MAC (in any
    /// spelling), empty, or the configured mac-auth password. `None`: not a MAC login.
    fn device(&self, input: &AccessInput<'_>) -> Option<Mac> {
        let mac = Mac::parse(input.username)?;
        let fits = match input.credentials {
            Credentials::Pap { hidden } => {
                unhide_password(hidden, input.secret, input.request_authenticator)
                    .is_some_and(|pw| self.password_fits(&pw, mac))
            }
            Credentials::Chap {
                response,
                challenge,
            } => self
                .candidates(input.username, mac)
                .iter()
                .any(|c| chap::verify_chap(response, challenge, c.as_bytes())),
            Credentials::Missing => true,
            Credentials::MsChapV2 { .. } | Credentials::EapResumed => false,
        };
        fits.then_some(mac)
    }

    fn password_fits(&self, pw: &[u8], mac: Mac) -> bool {
        pw.is_empty()
            || std::str::from_utf8(pw).ok().and_then(Mac::parse) == Some(mac)
            || self
                .mac_password
                .as_deref()
                .is_some_and(|p| p.as_bytes() == pw)
    }

    fn candidates(&self, username: &str, mac: Mac) -> Vec<String> {
        let mut c = vec![username.to_string(), String::new()];
        c.extend(mac.spellings());
        c.extend(self.mac_password.clone());
        c
    }

    /// Drops what this process noted of `hash`, found unbound by a MAC login.
    fn forget(&self, hash: &str) {
        if let Ok(mut map) = self.notes.lock() {
            map.remove(hash);
        }
        if let Ok(mut map) = self.seen.lock() {
            map.remove(hash);
        }
    }

    /// Keeps what a MAC login read of `hash`'s binding (see `Seen`).
    fn remember(&self, hash: &str, user: &std::sync::Arc<UserAuth>, expires_at: i64) {
        if let Ok(mut map) = self.seen.lock() {
            if map.len() >= NOTES_MAX {
                map.clear();
            }
            let seen = Seen {
                username: user.user.username.clone(),
                user: std::sync::Arc::downgrade(user),
                expires_at,
            };
            map.insert(hash.to_string(), seen);
        }
    }

    /// After an accepted password login: binds the device's MAC to the user when the
    /// user's plan roams, unless a fresh enough binding to the same user is there.
    pub(super) fn bind_after_password(
        &self,
        auth: &Authenticator,
        input: &AccessInput<'_>,
        user: &UserAuth,
        now: i64,
    ) {
        let Some(secs) = user
            .policy
            .as_ref()
            .as_ref()
            .ok()
            .and_then(|p| p.mac_roaming)
        else {
            return;
        };
        let Some(mac) = input.calling_station_id.and_then(Mac::parse) else {
            return;
        };
        if Mac::parse(input.username).is_some() {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let hash = auth.sealer.mac_hash(&mac.0);
        let expires = now.saturating_add(i64::try_from(secs).unwrap_or(i64::MAX / 4));
        let user_id = user.user.id;
        let noted = Noted {
            user_id,
            updated_at: user.user.updated_at,
            password: fingerprint(&user.user.password_hash),
            expires_at: expires,
            noted_at: now,
        };
        // Only while the user read follows every change: on PostgreSQL a change reaches
        // this process milliseconds late, and a note used meanwhile at worst leaves a
        // device bound to whom it was bound a moment before (docs/architecture.md).
        if let Ok(map) = self.notes.lock() {
            if auth.store.memory_follows_changes()
                && map.get(&hash).is_some_and(|n| n.covers(&noted))
            {
                return;
            }
        }
        // On a SQLite file the check is a read in place; elsewhere the write is queued
        // unread (an upsert either way, and a batch costs one transaction).
        if let Some(known) = auth.store.mac_binding_now(&hash) {
            let fresh = known
                .as_ref()
                .is_some_and(|b| b.user_id == user_id && b.expires_at > expires - REFRESH_SECS);
            if fresh {
                note(&self.notes, &hash, noted);
                return;
            }
        }
        let bind = BindWrite {
            mac_tail: format!("…:{:02X}:{:02X}", mac.0[4], mac.0[5]),
            mac_hash: hash,
            user_id,
            nas_id: input.nas_id,
            now,
            expires_at: expires,
        };
        // A burst of first logins (50,000 users logging in at 40,000 a second in the aged
        // bench) can outrun the binding writer and fill its queue: without this each
        // later login of those users read the binding again, 6-8% of a login's CPU.
        note(&self.notes, &bind.mac_hash, noted.pending());
        let notes = self.notes.clone();
        let on_written = move || -> OnWritten<Noted> {
            std::sync::Arc::new(move |b: &BindWrite, n: &Noted| note(&notes, &b.mac_hash, *n))
        };
        self.binder
            .queue(&runtime, &auth.store, on_written, (bind, noted));
    }
}

fn fingerprint(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

fn unbound() -> Decision {
    Decision {
        accept: false,
        reason: MAC_NOT_BOUND,
        attributes: Vec::new(),
    }
}

impl Authenticator {
    /// A MAC login decided without waiting; `None` when the request is not one (or the
    /// MAC is also a username, which then logs in as any user does).
    pub(super) fn mac_now(&self, input: &AccessInput<'_>) -> Option<Now> {
        let mac = self.roaming.device(input)?;
        let later = || Some(Now::Later(Pending { read: None }));
        let policy_now = clock::now();
        let hash = self.sealer.mac_hash(&mac.0);
        if let Some(decided) = self.mac_seen(input, &hash, policy_now) {
            return Some(decided);
        }
        let Some(binding) = self.store.mac_binding_now(&hash) else {
            return later();
        };
        let Some(b) = binding.filter(|b| b.expires_at > policy_now) else {
            self.roaming.forget(&hash);
            return match self.store.user_for_auth_now(input.username, None) {
                Some(Some(_)) => None,
                Some(None) => Some(Now::Decided(unbound())),
                None => later(),
            };
        };
        let query = self.usage_query(input, policy_now);
        match self.store.user_for_auth_now(&b.username, Some(&query)) {
            Some(Some((user, usage))) if user.user.id == b.user_id => {
                self.roaming.remember(&hash, &user, b.expires_at);
                let judged = self.mac_admit(&user, &usage, policy_now, input);
                if judged.starts_validity {
                    return later();
                }
                Some(Now::Decided(judged.decision))
            }
            Some(_) => Some(Now::Decided(unbound())),
            None => later(),
        }
    }

    /// A MAC login of a device this process read as bound, while that still holds (see
    /// `Seen`): on a SQLite file the directory is exactly as fresh as the database, on
    /// PostgreSQL as fresh as the notifications that have arrived.
    fn mac_seen(&self, input: &AccessInput<'_>, hash: &str, policy_now: i64) -> Option<Now> {
        if !self.store.memory_follows_changes() {
            return None;
        }
        let seen = self.roaming.seen.lock().ok()?.get(hash).cloned()?;
        if seen.expires_at <= policy_now {
            return None;
        }
        let query = self.usage_query(input, policy_now);
        let (user, usage) = self
            .store
            .user_for_auth_now(&seen.username, Some(&query))??;
        if !std::sync::Weak::ptr_eq(&seen.user, &std::sync::Arc::downgrade(&user)) {
            return None;
        }
        let judged = self.mac_admit(&user, &usage, policy_now, input);
        (!judged.starts_validity).then_some(Now::Decided(judged.decision))
    }

    /// A MAC login decided with the awaits `mac_now` could not make; `None` when the
    /// request is not one.
    pub(super) async fn mac_later(
        &self,
        input: &AccessInput<'_>,
    ) -> Result<Option<Decision>, Unanswered> {
        let Some(mac) = self.roaming.device(input) else {
            return Ok(None);
        };
        let policy_now = clock::now();
        let hash = self.sealer.mac_hash(&mac.0);
        // Taken before the read: a change notified meanwhile keeps what was read unnoted.
        let version = self.store.directory_version();
        let binding = self.store.mac_binding(&hash).await?;
        let Some(b) = binding.filter(|b| b.expires_at > policy_now) else {
            self.roaming.forget(&hash);
            let named = self
                .store
                .user_for_auth_shared(input.username, None)
                .await?;
            return Ok(named.is_none().then(unbound));
        };
        let query = self.usage_query(input, policy_now);
        let found = self
            .store
            .user_for_auth_shared(&b.username, Some(&query))
            .await?;
        let Some((user, usage)) = found.filter(|(u, _)| u.user.id == b.user_id) else {
            return Ok(Some(unbound()));
        };
        self.note_read_binding(&hash, &b, version);
        let judged = self.mac_admit(&user, &usage, policy_now, input);
        if judged.starts_validity {
            self.store
                .record_first_login(user.user.id, policy_now)
                .await?;
        }
        Ok(Some(judged.decision))
    }

    /// PostgreSQL: keeps a binding read from the database for the next MAC logins of the
    /// device, when no user changed since before it was read (then the directory's entry
    /// of the user is the one the binding holds for).
    fn note_read_binding(&self, hash: &str, b: &MacBinding, version: Option<i64>) {
        if version.is_none() || self.store.backend() == crate::store::Backend::Sqlite {
            return;
        }
        if let Some(Some((user, _))) = self.store.user_for_auth_now(&b.username, None) {
            if user.user.id == b.user_id && self.store.directory_version() == version {
                self.roaming.remember(hash, &user, b.expires_at);
            }
        }
    }

    /// The bound user's decision, with the Class that charges the session to them.
    fn mac_admit(
        &self,
        user: &UserAuth,
        usage: &crate::policy::Usage,
        now: i64,
        input: &AccessInput<'_>,
    ) -> Judged {
        let class = ReplyAttribute::Standard {
            typ: attr::CLASS,
            value: roam_class(&user.user.username),
        };
        let mut judged = self.admit(
            &user.user.username,
            input.vendor,
            user,
            usage,
            now,
            vec![class],
        );
        if judged.decision.accept {
            judged.decision.reason = MAC_LOGIN;
        }
        judged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login(at: i64) -> Noted {
        Noted {
            user_id: 7,
            updated_at: 100,
            password: 42,
            expires_at: at + 30 * 86_400,
            noted_at: at,
        }
    }

    #[test]
    fn a_written_binding_spares_reads_for_ten_minutes_a_queued_one_for_a_minute() {
        let t = 1_000_000;
        let written = login(t);
        let queued = login(t).pending();
        for (after, written_covers, queued_covers) in [
            (0, true, true),
            (PENDING_SECS - 1, true, true),
            (PENDING_SECS, true, false),
            (NOTE_SECS - 1, true, false),
            (NOTE_SECS, false, false),
        ] {
            let now = login(t + after);
            assert_eq!(
                written.covers(&now),
                written_covers,
                "written, {after} s on"
            );
            assert_eq!(queued.covers(&now), queued_covers, "queued, {after} s on");
        }
    }

    #[test]
    fn a_note_never_covers_another_user_or_a_changed_one() {
        let t = 1_000_000;
        let noted = login(t).pending();
        let other = Noted {
            user_id: 8,
            ..login(t)
        };
        let changed = Noted {
            updated_at: 101,
            ..login(t)
        };
        let new_password = Noted {
            password: 43,
            ..login(t)
        };
        for l in [other, changed, new_password] {
            assert!(!noted.covers(&l));
        }
        // Due for refresh: the binding it noted runs out within the hour.
        let later_expiry = Noted {
            expires_at: noted.expires_at + REFRESH_SECS,
            ..login(t)
        };
        assert!(!noted.covers(&later_expiry));
    }
}
