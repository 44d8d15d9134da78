//! Console logins (issue 18): a staff member's name, password and, when set, a TOTP code
//! (RFC 6238) become the same `Caller` (actor, role, area scope) the admin API makes of a
//! token. Failed attempts are counted per account; from the tenth in a row each login waits
//! longer, and the refusal says how long.

pub mod totp;

use std::net::IpAddr;

use crate::admin::auth::Caller;
use crate::auth::argon2_pool::{Argon2Pool, Checked};
use crate::auth::pap::{Argon2Params, HashError, hash_password};
use crate::auth::seal::Sealer;
use crate::store::{Actor, Role, Scope, Store};

/// Consecutive failures before the back-off starts.
pub const FREE_FAILURES: i64 = 10;
/// The first wait (seconds); it doubles with every further failure.
pub const FIRST_DELAY: i64 = 30;
/// The longest wait (seconds).
pub const MAX_DELAY: i64 = 3600;

/// The argon2 queue console logins share with the NAS (whose ids are positive), so a
/// password-guessing run on the console cannot starve RADIUS of verifications.
pub const CONSOLE_QUEUE: i64 = -18;

/// Why a login was refused. Unknown name and wrong password are one answer, so the
/// console does not tell which names exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Unknown name or wrong password.
    BadCredentials,
    /// The password was right; the account has TOTP and no code was given.
    TotpRequired,
    /// A wrong code, or one already used.
    BadTotp,
    /// Too many failures in a row: try again in this many seconds.
    SlowedDown { retry_after: i64 },
    /// The account is disabled.
    Disabled,
    /// The account cannot be used as stored (an operator whose area is gone, a secret that
    /// does not open).
    Misconfigured(String),
    /// The check could not be made now (database, verification queue): try again.
    Unavailable(String),
}

impl Refusal {
    /// The text for the person at the login form, in Bahasa Indonesia (`"id"`, the
    /// default) or English (`"en"`).
    pub fn words(&self, lang: &str) -> String {
        let en = lang == "en";
        match self {
            Refusal::BadCredentials if en => "Wrong name or password.".into(),
            Refusal::BadCredentials => "Nama atau kata sandi salah.".into(),
            Refusal::TotpRequired if en => "Enter the 6-digit code from your app.".into(),
            Refusal::TotpRequired => "Masukkan kode 6 angka dari aplikasi Anda.".into(),
            Refusal::BadTotp if en => "Wrong or already used code.".into(),
            Refusal::BadTotp => "Kode salah atau sudah dipakai.".into(),
            Refusal::SlowedDown { retry_after } if en => format!(
                "Too many failed logins: try again in {}.",
                wait_text(*retry_after, true)
            ),
            Refusal::SlowedDown { retry_after } => format!(
                "Terlalu banyak percobaan gagal: coba lagi dalam {}.",
                wait_text(*retry_after, false)
            ),
            Refusal::Disabled if en => "This account is disabled.".into(),
            Refusal::Disabled => "Akun ini dinonaktifkan.".into(),
            Refusal::Misconfigured(why) if en => format!("This account cannot log in: {why}."),
            Refusal::Misconfigured(why) => format!("Akun ini tidak dapat masuk: {why}."),
            Refusal::Unavailable(_) if en => "The server is busy; try again shortly.".into(),
            Refusal::Unavailable(_) => "Server sedang sibuk; coba lagi sebentar.".into(),
        }
    }
}

/// "45 detik" / "2 menit" (rounded up).
fn wait_text(secs: i64, en: bool) -> String {
    let secs = secs.max(1);
    match (secs < 120, en) {
        (true, true) => format!("{secs} seconds"),
        (true, false) => format!("{secs} detik"),
        (false, true) => format!("{} minutes", (secs + 59) / 60),
        (false, false) => format!("{} menit", (secs + 59) / 60),
    }
}

/// The wait after `failures` consecutive failures: none up to [`FREE_FAILURES`], then
/// 30 s, 60 s, 120 s, ... up to an hour.
pub fn back_off(failures: i64) -> Option<i64> {
    let over = failures - FREE_FAILURES;
    if over < 0 {
        return None;
    }
    let doublings = u32::try_from(over.min(16)).unwrap_or(16);
    Some(FIRST_DELAY.saturating_mul(1 << doublings).min(MAX_DELAY))
}

/// Staff names: what people type, and safe in an otpauth:// label and an audit target.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
}

/// The audit actor of a staff member: the name the audit log shows for what they do, and
/// the client address they act from (`None` for the CLI).
pub fn actor(name: &str, role: Role, client: Option<String>) -> Actor {
    Actor {
        name: format!("staff:{name}"),
        role,
        client,
    }
}

/// Hashes a staff password with the server's argon2 parameters, off the async workers.
pub async fn hash(password: Vec<u8>, params: Argon2Params) -> Result<String, HashError> {
    tokio::task::spawn_blocking(move || hash_password(&password, &params))
        .await
        .map_err(|e| HashError(e.to_string()))?
}

/// What checks console logins: the store, the sealing key (TOTP secrets) and the server's
/// argon2 threads.
#[derive(Debug, Clone)]
pub struct Gate {
    store: Store,
    sealer: Sealer,
    argon2: std::sync::Arc<Argon2Pool>,
    /// A hash of no one's password with the server's costs: what an unknown name is
    /// checked against, so that it takes as long as a known one.
    dummy: String,
}

/// A login attempt as the form sends it.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    pub name: &'a str,
    pub password: &'a [u8],
    /// The TOTP code, if the form had one.
    pub totp: Option<&'a str>,
    pub client_ip: IpAddr,
}

impl Gate {
    /// A gate over `store`; `params` are the server's argon2 costs (`[auth.argon2]`).
    pub async fn new(
        store: Store,
        sealer: Sealer,
        argon2: std::sync::Arc<Argon2Pool>,
        params: Argon2Params,
    ) -> Result<Gate, HashError> {
        let dummy = hash(totp::new_secret(), params).await?;
        Ok(Gate {
            store,
            sealer,
            argon2,
            dummy,
        })
    }

    /// Checks one attempt at `now` (epoch seconds): the caller the console acts as, or why
    /// not. Failures count towards the account's back-off; a success is audited.
    pub async fn login(&self, a: &Attempt<'_>, now: i64) -> Result<Caller, Refusal> {
        let unavailable = |e: crate::store::StoreError| Refusal::Unavailable(e.to_string());
        let found = self
            .store
            .staff_secrets(a.name)
            .await
            .map_err(unavailable)?;
        let Some(account) = found else {
            // The same argon2 cost as a real account, so timing does not tell names apart.
            self.verify(a.password, &self.dummy).await?;
            return Err(Refusal::BadCredentials);
        };
        if let Some(until) = account.record.locked_until.filter(|&t| t > now) {
            return Err(Refusal::SlowedDown {
                retry_after: until - now,
            });
        }
        let id = account.record.id;
        if !self.verify(a.password, &account.password_hash).await? {
            return Err(self.failed(id, Refusal::BadCredentials).await);
        }
        if account.record.disabled_at.is_some() {
            return Err(Refusal::Disabled);
        }
        let step = match &account.totp_sealed {
            None => None,
            Some(sealed) => {
                let Some(code) = a.totp.map(str::trim).filter(|c| !c.is_empty()) else {
                    return Err(Refusal::TotpRequired);
                };
                let secret = self.sealer.open(sealed).map_err(|_| {
                    Refusal::Misconfigured("the TOTP secret does not open with this key".into())
                })?;
                let matched = totp::matching_step(&secret, a.name, code, now)
                    .filter(|s| account.totp_last_step.is_none_or(|last| *s > last));
                match matched {
                    Some(s) => Some(s),
                    None => return Err(self.failed(id, Refusal::BadTotp).await),
                }
            }
        };
        let record = account.record;
        let scope = match (record.role, &record.area) {
            (Role::Operator, Some(code)) => match self.store.get_area(code).await {
                Ok(Some(area)) => Scope::Subtree(area.path),
                Ok(None) => return Err(Refusal::Misconfigured(format!("area {code} is gone"))),
                Err(e) => return Err(unavailable(e)),
            },
            (Role::Operator, None) => {
                return Err(Refusal::Misconfigured("operator without an area".into()));
            }
            _ => Scope::All,
        };
        let ip = a.client_ip.to_string();
        let who = actor(&record.name, record.role, Some(ip.clone()));
        match self.store.staff_login_succeeded(&who, id, step, &ip).await {
            Ok(true) => Ok(Caller { actor: who, scope }),
            // Another login used this code first.
            Ok(false) => Err(self.failed(id, Refusal::BadTotp).await),
            Err(e) => Err(unavailable(e)),
        }
    }

    async fn verify(&self, password: &[u8], phc: &str) -> Result<bool, Refusal> {
        match self
            .argon2
            .verify(CONSOLE_QUEUE, password.to_vec(), phc.to_string())
            .await
        {
            Checked::Match => Ok(true),
            Checked::Mismatch => Ok(false),
            Checked::Shed(s) => Err(Refusal::Unavailable(s.reason().into())),
        }
    }

    /// Counts a failure; the refusal names the wait when this one started a back-off.
    async fn failed(&self, id: i64, refusal: Refusal) -> Refusal {
        match self.store.staff_login_failed(id, back_off).await {
            Ok((_, Some(until))) => Refusal::SlowedDown {
                retry_after: until - crate::store::now(),
            },
            Ok((_, None)) => refusal,
            Err(e) => Refusal::Unavailable(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_starts_at_the_tenth_failure_and_grows() {
        assert_eq!(back_off(9), None);
        assert_eq!(back_off(10), Some(30));
        assert_eq!(back_off(11), Some(60));
        assert_eq!(back_off(12), Some(120));
        assert_eq!(back_off(40), Some(MAX_DELAY));
    }

    #[test]
    fn names() {
        assert!(valid_name("budi.santoso"));
        assert!(valid_name("ops@kominfo"));
        assert!(!valid_name(""));
        assert!(!valid_name("a:b"));
        assert!(!valid_name("siti aminah"));
        assert!(!valid_name(&"x".repeat(65)));
    }

    #[test]
    fn refusals_say_how_long() {
        let r = Refusal::SlowedDown { retry_after: 30 };
        assert_eq!(
            r.words("id"),
            "Terlalu banyak percobaan gagal: coba lagi dalam 30 detik."
        );
        assert_eq!(
            r.words("en"),
            "Too many failed logins: try again in 30 seconds."
        );
        let r = Refusal::SlowedDown { retry_after: 600 };
        assert!(r.words("id").contains("10 menit"));
    }
}
