//! The access decision for one Access-Request: who is this, do the credentials match, are
//! they allowed now, and with which reply attributes. Returns a decision; never touches
//! sockets.

use std::sync::Arc;

use rand::Rng;

use super::argon2_pool::{Checked, Shed};
pub use super::evaluate::{Evaluation, evaluate};
use super::pap_check::{Known, PapCheck, PapSettings};
use super::seal::Sealer;
use super::{chap, mschapv2};
use crate::dictionary::Dictionary;
use crate::messages::Wording;
use crate::policy::{ReplyAttribute, Usage, Vendor, clock};
use crate::protocol::attr::{self, ms};
use crate::protocol::crypto::{encrypt_mppe_key, unhide_password};
use crate::store::{Store, StoreError, UsageQuery, UserAuth, UserStatus};

// Parts of the decision in files of their own; children, so they reach its private parts.
#[path = "roaming.rs"]
mod roaming;
#[path = "words.rs"]
mod words;

pub use roaming::{MAC_LOGIN, MAC_NOT_BOUND, Roaming};

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
    /// An EAP session resumed over TLS (`eap`): the password was checked when the session
    /// was made; status and plan are checked as for any login.
    EapResumed,
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
            Credentials::EapResumed => "eap-resumed",
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
    /// The NAS it came from: whose argon2 queue and back-off it counts against.
    pub nas_id: i64,
}

/// Reject reasons (the auth log's `reason`) that the request path counts.
pub mod reason {
    /// No such user.
    pub const UNKNOWN_USER: &str = "unknown user";
    /// The credentials did not match.
    pub const BAD_PASSWORD: &str = "bad password";
    /// A PAP password that failed recently for this user, refused without argon2.
    pub const REPEATED_BAD_PASSWORD: &str = "bad password (repeated, not checked again)";
    /// The same for a user that does not exist.
    pub const REPEATED_UNKNOWN_USER: &str = "unknown user (repeated, not checked again)";
    /// Too many failures for this user at this NAS: refused unchecked for a while.
    pub const THROTTLED: &str = "throttled: repeated failures for this user at this NAS";
}

/// Why a request gets no answer at all (the NAS retries or fails over).
#[derive(Debug)]
pub enum Unanswered {
    /// The store failed.
    Store(StoreError),
    /// Its PAP password was dropped unverified (see `argon2_pool`).
    Shed(Shed),
}

impl From<StoreError> for Unanswered {
    fn from(e: StoreError) -> Self {
        Unanswered::Store(e)
    }
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

/// Makes access decisions; holds the store, the sealing key and the PAP checks.
pub struct Authenticator {
    store: Store,
    sealer: Sealer,
    /// PAP's caches, back-off and argon2 threads (and their statistics).
    pub pap: PapCheck,
    policy: PolicySettings,
    /// The Reply-Message texts (issue 22).
    words: Wording,
    /// MAC logins of bound devices (issue 22).
    roaming: Roaming,
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
    /// An authenticator whose PAP checks run as `pap` says (argon2 threads, per-NAS
    /// queues, caches, back-off).
    pub fn new(store: Store, sealer: Sealer, pap: &PapSettings) -> anyhow::Result<Self> {
        Ok(Authenticator {
            store,
            sealer,
            pap: PapCheck::new(pap)?,
            policy: PolicySettings::default(),
            words: Wording::default(),
            roaming: Roaming::default(),
        })
    }

    /// Uses these policy settings instead of the defaults (built-in dictionary, WIB).
    pub fn with_policy(mut self, policy: PolicySettings) -> Self {
        self.policy = policy;
        self
    }

    /// Uses these Reply-Message texts instead of the built-in ones in Bahasa Indonesia.
    pub fn with_wording(mut self, words: Wording) -> Self {
        self.words = words;
        self
    }

    /// Accepts MAC logins with the router's mac-auth password too (besides the MAC itself
    /// and an empty password).
    pub fn with_roaming(mut self, roaming: Roaming) -> Self {
        self.roaming = roaming;
        self
    }

    /// Adds the Reply-Message of a refusal for the credentials (identical for an unknown
    /// user and a wrong password); other decisions are returned as they are.
    pub fn worded(&self, decision: Decision) -> Decision {
        words::credentials(&self.words, decision)
    }

    /// Decides one request that `decide_now` left for later, with what it read already
    /// (the user is read here only when it could not be read in place). `Err` means send
    /// nothing: the store failed, so the NAS retries or fails over to its secondary server,
    /// or the PAP password was shed unverified.
    pub async fn decide(
        &self,
        input: &AccessInput<'_>,
        pending: Pending,
    ) -> Result<Decision, Unanswered> {
        if pending.read.is_none() {
            if let Some(d) = self.mac_later(input).await? {
                return Ok(d);
            }
        }
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
                    .user_for_auth_shared(input.username, Some(&query))
                    .await?;
                (
                    policy_now,
                    pooled.as_ref().map(|(user, usage)| (&**user, usage)),
                )
            }
        };
        let Some((user, usage)) = found else {
            let decision = match input.credentials {
                Credentials::Pap { hidden } => self.pap_unknown_user(input, hidden).await?,
                _ => words::credential_reject(input, reason::UNKNOWN_USER),
            };
            return Ok(self.tallied(input, decision));
        };
        let pap_ok = match input.credentials {
            Credentials::Pap { hidden } => match self.pap_known_user(input, hidden, user).await? {
                Some(ok) => Some(ok),
                None => return Ok(Decision::reject(reason::REPEATED_BAD_PASSWORD)),
            },
            _ => None,
        };
        let judged = self.judge(input, user, usage, pap_ok, policy_now);
        if judged.starts_validity {
            // Once per account: the clock of "valid N days from first login" starts now.
            self.store
                .record_first_login(user.user.id, policy_now)
                .await?;
        }
        Ok(self.tallied(input, judged.decision))
    }

    /// A PAP password checked for a known user: `Some(matches)`, or `None` when it failed
    /// recently and is refused without argon2.
    async fn pap_known_user(
        &self,
        input: &AccessInput<'_>,
        hidden: &[u8],
        user: &UserAuth,
    ) -> Result<Option<bool>, Unanswered> {
        let Some(pw) = unhide_password(hidden, input.secret, input.request_authenticator) else {
            return Ok(Some(false));
        };
        let phc = Some(user.user.password_hash.as_str());
        match self.pap.known(input.username, &pw, phc) {
            Known::Good => return Ok(Some(true)),
            Known::Bad => return Ok(None),
            Known::Unknown => {}
        }
        match self
            .pap
            .verify(input.nas_id, input.username, &pw, phc)
            .await
        {
            Checked::Match => Ok(Some(true)),
            Checked::Mismatch => Ok(Some(false)),
            Checked::Shed(shed) => Err(Unanswered::Shed(shed)),
        }
    }

    /// The reject of a PAP login for a user that does not exist, after the same argon2
    /// work a known user's wrong password costs (unless that password failed recently,
    /// as a known user's would be answered), so timing does not tell which it was.
    async fn pap_unknown_user(
        &self,
        input: &AccessInput<'_>,
        hidden: &[u8],
    ) -> Result<Decision, Unanswered> {
        let pw =
            unhide_password(hidden, input.secret, input.request_authenticator).unwrap_or_default();
        if self.pap.known(input.username, &pw, None) == Known::Bad {
            return Ok(Decision::reject(reason::REPEATED_UNKNOWN_USER));
        }
        match self
            .pap
            .verify(input.nas_id, input.username, &pw, None)
            .await
        {
            Checked::Shed(shed) => Err(Unanswered::Shed(shed)),
            Checked::Match | Checked::Mismatch => Ok(Decision::reject(reason::UNKNOWN_USER)),
        }
    }

    /// Counts a decision towards its (user, NAS) back-off: a credential that did not match
    /// is one more guess, an accept clears them; repeats answered from the failure cache
    /// and refusals for other reasons (disabled, quota) are neither.
    fn tallied(&self, input: &AccessInput<'_>, decision: Decision) -> Decision {
        let guess_right = if decision.accept {
            Some(true)
        } else if decision.reason == reason::BAD_PASSWORD || decision.reason == reason::UNKNOWN_USER
        {
            Some(false)
        } else {
            None
        };
        self.pap.tally(input.username, input.nas_id, guess_right);
        decision
    }

    /// Decides one request without waiting for anything, or leaves it for `decide` when
    /// that takes an await: argon2 (a PAP password not in the cache, or an unknown PAP
    /// user), the first login of an account (a write), or a store that cannot be read in
    /// place (PostgreSQL, a locked file). The receive loop answers most logins this way,
    /// without a task; what it read goes with the rest, so the user is read once.
    pub fn decide_now(&self, input: &AccessInput<'_>) -> Now {
        if self.pap.paused(input.username, input.nas_id) {
            // Before the read, so a guessing NAS costs the store nothing while paused.
            return Now::Decided(Decision::reject(reason::THROTTLED));
        }
        if let Some(mac_login) = self.mac_now(input) {
            return mac_login;
        }
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
        let unhide =
            |hidden: &[u8]| unhide_password(hidden, input.secret, input.request_authenticator);
        let Some((user, usage)) = &found else {
            return match input.credentials {
                Credentials::Pap { hidden } => match unhide(hidden) {
                    Some(pw) if self.pap.known(input.username, &pw, None) == Known::Bad => {
                        Now::Decided(Decision::reject(reason::REPEATED_UNKNOWN_USER))
                    }
                    _ => later(None),
                },
                _ => Now::Decided(
                    self.tallied(input, words::credential_reject(input, reason::UNKNOWN_USER)),
                ),
            };
        };
        let pap_ok = match input.credentials {
            Credentials::Pap { hidden } => match unhide(hidden) {
                Some(pw) => match self.pap.known(
                    input.username,
                    &pw,
                    Some(user.user.password_hash.as_str()),
                ) {
                    Known::Good => Some(true),
                    Known::Bad => {
                        return Now::Decided(Decision::reject(reason::REPEATED_BAD_PASSWORD));
                    }
                    Known::Unknown => return later(found),
                },
                None => Some(false),
            },
            _ => None,
        };
        let judged = self.judge(input, user, usage, pap_ok, policy_now);
        if judged.starts_validity {
            later(found)
        } else {
            Now::Decided(self.tallied(input, judged.decision))
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
                    let why = "no reversible secret for MS-CHAPv2";
                    return done(words::credential_reject(input, why));
                };
                let pw = String::from_utf8_lossy(&pw).into_owned();
                match mschapv2::verify_mschapv2(input.username.as_bytes(), &pw, challenge, response)
                {
                    Some(success) => {
                        extra = mschapv2_accept_attributes(&success, input);
                        true
                    }
                    None => return done(words::credential_reject(input, reason::BAD_PASSWORD)),
                }
            }
            Credentials::EapResumed => true,
            Credentials::Missing => return done(Decision::reject("no supported credentials")),
        };
        if !ok {
            return done(Decision::reject(reason::BAD_PASSWORD));
        }
        let judged = self.admit(input.username, input.vendor, user, usage, now, extra);
        if judged.decision.accept {
            self.roaming.bind_after_password(self, input, user, now);
        }
        judged
    }

    /// The decision once the credentials are good (a password, or a bound MAC): status,
    /// then policy, each refusal worded; `extra` joins the attributes of an accept.
    fn admit(
        &self,
        username: &str,
        vendor: Vendor,
        user: &UserAuth,
        usage: &Usage,
        now: i64,
        extra: Vec<ReplyAttribute>,
    ) -> Judged {
        let refused = |why| Judged {
            decision: words::refused(&self.words, why, user, usage, now, &self.policy),
            starts_validity: false,
        };
        if user.user.status == UserStatus::Disabled {
            return refused("disabled");
        }
        let (grant, mut attributes) = match evaluate(user, usage, now, &self.policy, vendor) {
            Evaluation::Refused { reason, detail } => {
                tracing::info!(user = %username, reason, %detail, "policy refused the login");
                return refused(reason);
            }
            Evaluation::Granted { grant, attributes } => (grant, attributes),
        };
        attributes.extend(extra);
        let accept = Decision {
            accept: true,
            reason: "ok",
            attributes,
        };
        Judged {
            decision: words::welcomed(&self.words, accept, user, usage),
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

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
