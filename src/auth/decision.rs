//! The access decision for one Access-Request: who is this, do the credentials match, are
//! they allowed now, and with which reply attributes. Returns a decision; never touches
//! sockets.

use std::sync::Arc;

use rand::Rng;

use super::argon2_pool::Argon2Pool;
use super::cache::PasswordCache;
use super::pap::{Argon2Params, hash_password};
use super::seal::Sealer;
use super::{chap, mschapv2};
use crate::dictionary::Dictionary;
use crate::policy::{
    Account, Grant, ReplyAttribute, Usage, Vendor, Verdict, clock, decide, render,
};
use crate::protocol::attr::{self, ms};
use crate::protocol::crypto::{encrypt_mppe_key, unhide_password};
use crate::store::{Store, StoreError, UsageQuery, UserAuth, UserStatus};

/// The credentials an Access-Request carries.
#[derive(Debug, Clone, Copy)]
pub enum Credentials<'a> {
    /// Hidden User-Password (RFC 2865 §5.2).
    Pap { hidden: &'a [u8] },
    /// CHAP-Password and its challenge (CHAP-Challenge, or the Request Authenticator).
    Chap {
        response: &'a [u8],
        challenge: &'a [u8],
    },
    /// MS-CHAP-Challenge and MS-CHAP2-Response (RFC 2548).
    MsChapV2 {
        challenge: &'a [u8],
        response: &'a [u8],
    },
    /// No credential we support.
    Missing,
}

impl Credentials<'_> {
    /// Short method name for the auth log.
    pub fn method(&self) -> &'static str {
        match self {
            Credentials::Pap { .. } => "pap",
            Credentials::Chap { .. } => "chap",
            Credentials::MsChapV2 { .. } => "mschapv2",
            Credentials::Missing => "none",
        }
    }
}

/// Everything the decision needs from the request and its NAS.
#[derive(Debug, Clone, Copy)]
pub struct AccessInput<'a> {
    pub username: &'a str,
    pub credentials: Credentials<'a>,
    pub request_authenticator: &'a [u8; 16],
    pub secret: &'a [u8],
    pub vendor: Vendor,
    /// Calling-Station-Id (the device's MAC on hotspots), so a device logging in again is
    /// not counted against its own earlier session.
    pub calling_station_id: Option<&'a str>,
}

/// Accept or reject, with the attributes to send; `reason` is for logs only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub accept: bool,
    pub reason: &'static str,
    pub attributes: Vec<ReplyAttribute>,
}

/// What `Authenticator::decide_now` made of a request.
#[derive(Debug)]
pub enum Now {
    /// Decided without waiting.
    Decided(Decision),
    /// Needs an await: hand this to `Authenticator::decide`.
    Later(Pending),
}

/// What a decision left for later has read already, so it is not read again.
#[derive(Debug)]
pub struct Pending {
    /// `None` when the store could not be read in place: `decide` reads through the pool.
    read: Option<ReadUser>,
}

/// The user as `decide_now` read it (`None`: no such user), and the clock its usage was
/// counted at.
#[derive(Debug)]
struct ReadUser {
    policy_now: i64,
    found: Option<(Arc<UserAuth>, Usage)>,
}

/// A decision, and whether accepting it starts the account's validity (a write).
struct Judged {
    decision: Decision,
    starts_validity: bool,
}

impl Decision {
    fn reject(reason: &'static str) -> Decision {
        Decision {
            accept: false,
            reason,
            attributes: Vec::new(),
        }
    }
}

/// Makes access decisions; holds the store, the sealing key and the argon2 pool.
pub struct Authenticator {
    store: Store,
    sealer: Sealer,
    argon2: Argon2Pool,
    // Verified against for unknown users, so a PAP reject costs the same time either way.
    dummy_hash: String,
    password_cache: PasswordCache,
    /// PAP checks answered from the cache, and argon2 verifications run (statistics).
    pub pap_cache_hits: std::sync::atomic::AtomicU64,
    pub argon2_verifications: std::sync::atomic::AtomicU64,
    policy: PolicySettings,
}

/// What the policy decision needs besides the store.
#[derive(Debug, Clone)]
pub struct PolicySettings {
    /// Names extra plan attributes.
    pub dictionary: Arc<Dictionary>,
    /// Seconds east of UTC of the zone that allowed hours and quota days are read in.
    pub utc_offset: i64,
    /// Sessions silent for this many interim intervals do not count as open.
    pub stale_after_intervals: i64,
}

impl Default for PolicySettings {
    fn default() -> Self {
        PolicySettings {
            dictionary: Arc::new(Dictionary::embedded()),
            utc_offset: crate::policy::decide::DEFAULT_UTC_OFFSET,
            stale_after_intervals: 3,
        }
    }
}

impl Authenticator {
    /// An authenticator whose argon2 work runs at most `argon2_workers` at a time and whose
    /// successful PAP checks are remembered for `password_cache_ttl`.
    pub fn new(
        store: Store,
        sealer: Sealer,
        argon2: &Argon2Params,
        argon2_workers: usize,
        password_cache_ttl: std::time::Duration,
    ) -> anyhow::Result<Self> {
        let mut salt_src = [0u8; 16];
        rand::thread_rng().fill(&mut salt_src);
        let dummy_hash = hash_password(&salt_src, argon2)?;
        Ok(Authenticator {
            store,
            sealer,
            argon2: Argon2Pool::new(argon2_workers)?,
            dummy_hash,
            password_cache: PasswordCache::new(password_cache_ttl, 100_000),
            pap_cache_hits: Default::default(),
            argon2_verifications: Default::default(),
            policy: PolicySettings::default(),
        })
    }

    /// Uses these policy settings instead of the defaults (built-in dictionary, WIB).
    pub fn with_policy(mut self, policy: PolicySettings) -> Self {
        self.policy = policy;
        self
    }

    /// Decides one request that `decide_now` left for later, with what it read already
    /// (the user is read here only when it could not be read in place). `Err` means the
    /// store failed: send nothing, so the NAS retries or fails over to its secondary server.
    pub async fn decide(
        &self,
        input: &AccessInput<'_>,
        pending: Pending,
    ) -> Result<Decision, StoreError> {
        let pooled;
        let (policy_now, found) = match &pending.read {
            Some(read) => (
                read.policy_now,
                read.found.as_ref().map(|(user, usage)| (&**user, usage)),
            ),
            None => {
                let policy_now = clock::now();
                let query = self.usage_query(input, policy_now);
                pooled = self
                    .store
                    .user_for_auth_with_usage(input.username, Some(&query))
                    .await?;
                (policy_now, pooled.as_ref().map(|user| (user, &user.usage)))
            }
        };
        let Some((user, usage)) = found else {
            if let Credentials::Pap { .. } = input.credentials {
                let _ = self.verify_argon2(b"", self.dummy_hash.clone()).await;
            }
            return Ok(Decision::reject("unknown user"));
        };
        let pap_ok = match input.credentials {
            Credentials::Pap { hidden } => Some(
                match unhide_password(hidden, input.secret, input.request_authenticator) {
                    Some(pw) => {
                        self.verify_pap(input.username, &pw, &user.user.password_hash)
                            .await
                    }
                    None => false,
                },
            ),
            _ => None,
        };
        let judged = self.judge(input, user, usage, pap_ok, policy_now);
        if judged.starts_validity {
            // Once per account: the clock of "valid N days from first login" starts now.
            self.store
                .record_first_login(user.user.id, policy_now)
                .await?;
        }
        Ok(judged.decision)
    }

    /// Decides one request without waiting for anything, or leaves it for `decide` when
    /// that takes an await: argon2 (a PAP password not in the cache, or an unknown PAP
    /// user), the first login of an account (a write), or a store that cannot be read in
    /// place (PostgreSQL, a locked file). The receive loop answers most logins this way,
    /// without a task; what it read goes with the rest, so the user is read once.
    pub fn decide_now(&self, input: &AccessInput<'_>) -> Now {
        let policy_now = clock::now();
        let query = self.usage_query(input, policy_now);
        let Some(found) = self.store.user_for_auth_now(input.username, Some(&query)) else {
            return Now::Later(Pending { read: None });
        };
        let later = |found| {
            Now::Later(Pending {
                read: Some(ReadUser { policy_now, found }),
            })
        };
        let Some((user, usage)) = &found else {
            return match input.credentials {
                Credentials::Pap { .. } => later(None),
                _ => Now::Decided(Decision::reject("unknown user")),
            };
        };
        let pap_ok = match input.credentials {
            Credentials::Pap { hidden } => {
                match unhide_password(hidden, input.secret, input.request_authenticator) {
                    Some(pw) if self.pap_cached(input.username, &pw, &user.user.password_hash) => {
                        Some(true)
                    }
                    Some(_) => return later(found),
                    None => Some(false),
                }
            }
            _ => None,
        };
        let judged = self.judge(input, user, usage, pap_ok, policy_now);
        if judged.starts_validity {
            later(found)
        } else {
            Now::Decided(judged.decision)
        }
    }

    fn usage_query<'a>(&self, input: &AccessInput<'a>, policy_now: i64) -> UsageQuery<'a> {
        let (day, month_start) =
            crate::policy::decide::usage_days(policy_now, self.policy.utc_offset);
        UsageQuery {
            day,
            month_start,
            now: now(),
            stale_after_intervals: self.policy.stale_after_intervals,
            calling_station_id: input.calling_station_id,
        }
    }

    /// The decision for a known user once any PAP password has been checked (`pap_ok`,
    /// since argon2 may take an await): credentials first, status after, so a wrong
    /// password on a disabled account is logged as a wrong password, and the reply never
    /// depends on which check failed.
    fn judge(
        &self,
        input: &AccessInput<'_>,
        user: &UserAuth,
        usage: &Usage,
        pap_ok: Option<bool>,
        now: i64,
    ) -> Judged {
        let done = |decision| Judged {
            decision,
            starts_validity: false,
        };
        let mut extra = Vec::new();
        let ok = match input.credentials {
            Credentials::Pap { .. } => pap_ok.unwrap_or(false),
            Credentials::Chap {
                response,
                challenge,
            } => match self.cleartext(user) {
                Some(pw) => chap::verify_chap(response, challenge, &pw),
                None => return done(Decision::reject("no reversible secret for CHAP")),
            },
            Credentials::MsChapV2 {
                challenge,
                response,
            } => {
                let Some(pw) = self.cleartext(user) else {
                    return done(Decision::reject("no reversible secret for MS-CHAPv2"));
                };
                let pw = String::from_utf8_lossy(&pw).into_owned();
                match mschapv2::verify_mschapv2(input.username.as_bytes(), &pw, challenge, response)
                {
                    Some(success) => {
                        extra = mschapv2_accept_attributes(&success, input);
                        true
                    }
                    None => {
                        let ident = response.first().copied().unwrap_or(0);
                        let mut d = Decision::reject("bad password");
                        d.attributes.push(ReplyAttribute::Vendor {
                            vendor: attr::VENDOR_MICROSOFT,
                            typ: ms::MS_CHAP_ERROR,
                            value: mschapv2::error_value(ident, challenge),
                        });
                        return done(d);
                    }
                }
            }
            Credentials::Missing => return done(Decision::reject("no supported credentials")),
        };
        if !ok {
            return done(Decision::reject("bad password"));
        }
        if user.user.status == UserStatus::Disabled {
            return done(Decision::reject("disabled"));
        }
        let (grant, mut attributes) = match evaluate(user, usage, now, &self.policy, input.vendor) {
            Evaluation::Refused { reason, detail } => {
                tracing::info!(user = %input.username, reason, %detail, "policy refused the login");
                return done(Decision::reject(reason));
            }
            Evaluation::Granted { grant, attributes } => (grant, attributes),
        };
        attributes.extend(extra);
        Judged {
            decision: Decision {
                accept: true,
                reason: "ok",
                attributes,
            },
            starts_validity: grant.starts_validity,
        }
    }

    fn cleartext(&self, user: &UserAuth) -> Option<Vec<u8>> {
        let sealed = user.user.sealed_password.as_deref()?;
        match self.sealer.open(sealed) {
            Ok(pw) => Some(pw),
            Err(_) => {
                tracing::warn!(user = %user.user.username, "sealed password cannot be opened with this key file");
                None
            }
        }
    }

    /// Whether this password was verified against this hash within the cache's TTL.
    fn pap_cached(&self, username: &str, password: &[u8], phc: &str) -> bool {
        self.cache_hit(&self.password_cache.key(username, password, phc))
    }

    fn cache_hit(&self, key: &[u8; 32]) -> bool {
        let hit = self.password_cache.contains(key);
        if hit {
            self.pap_cache_hits
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        hit
    }

    async fn verify_pap(&self, username: &str, password: &[u8], phc: &str) -> bool {
        let key = self.password_cache.key(username, password, phc);
        if self.cache_hit(&key) {
            return true;
        }
        let ok = self.verify_argon2(password, phc.to_string()).await;
        if ok {
            self.password_cache.insert(key);
        }
        ok
    }

    async fn verify_argon2(&self, password: &[u8], phc: String) -> bool {
        self.argon2_verifications
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.argon2.verify(password.to_vec(), phc).await
    }
}

fn mschapv2_accept_attributes(
    success: &mschapv2::MsChapV2Success,
    input: &AccessInput<'_>,
) -> Vec<ReplyAttribute> {
    let mut rng = rand::thread_rng();
    // RFC 2548 §2.4.2: each key gets its own salt with the high bit set.
    let send_salt: u16 = rng.r#gen::<u16>() | 0x8000;
    let recv_salt: u16 = (send_salt.wrapping_add(1)) | 0x8000;
    let v = |typ, value| ReplyAttribute::Vendor {
        vendor: attr::VENDOR_MICROSOFT,
        typ,
        value,
    };
    vec![
        v(ms::MS_CHAP2_SUCCESS, success.success.clone()),
        v(
            ms::MS_MPPE_RECV_KEY,
            encrypt_mppe_key(
                &success.recv_key,
                input.secret,
                input.request_authenticator,
                recv_salt,
            ),
        ),
        v(
            ms::MS_MPPE_SEND_KEY,
            encrypt_mppe_key(
                &success.send_key,
                input.secret,
                input.request_authenticator,
                send_salt,
            ),
        ),
        // Encryption allowed (1), RC4 40 or 128 bit (6): what FreeRADIUS sends by default.
        v(ms::MS_MPPE_ENCRYPTION_POLICY, 1u32.to_be_bytes().to_vec()),
        v(ms::MS_MPPE_ENCRYPTION_TYPES, 6u32.to_be_bytes().to_vec()),
    ]
}

/// The policy part of a decision, after the credentials have been checked.
#[derive(Debug, Clone)]
pub enum Evaluation {
    /// Refused: the short reason for the auth log, and the detail for people.
    Refused {
        reason: &'static str,
        detail: String,
    },
    /// Accepted with these limits, rendered for the NAS's vendor.
    Granted {
        grant: Grant,
        attributes: Vec<ReplyAttribute>,
    },
}

/// Applies the user's status, plan and overrides at `now` with `usage`: what the server
/// does after a good password, and what `radkota policy preview` shows. No I/O.
pub fn evaluate(
    user: &UserAuth,
    usage: &Usage,
    now: i64,
    settings: &PolicySettings,
    vendor: Vendor,
) -> Evaluation {
    if user.user.status == UserStatus::Disabled {
        return Evaluation::Refused {
            reason: "disabled",
            detail: "the account is disabled".into(),
        };
    }
    // Typed when the user was read (once per user while the directory holds it).
    let policy = match user.policy.as_ref() {
        Ok(p) => p,
        Err(e) => {
            // The CLI validates every change, so this is a hand-edited row: refuse rather
            // than guess which limit was meant.
            return Evaluation::Refused {
                reason: "plan misconfigured",
                detail: format!("plan {}: {e}", user.plan.name),
            };
        }
    };
    let account = Account {
        expires_at: user.user.expires_at,
        first_login_at: user.first_login_at,
    };
    match decide(policy, &account, usage, now, settings.utc_offset) {
        Verdict::Reject { reason, detail } => Evaluation::Refused { reason, detail },
        Verdict::Accept(grant) => {
            let (attributes, errors) = render(&grant, vendor, &settings.dictionary);
            for e in errors {
                tracing::warn!(plan = %user.plan.name, error = %e, "extra plan attribute left out");
            }
            Evaluation::Granted { grant, attributes }
        }
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
