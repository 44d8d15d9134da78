//! The Reply-Message of a decision: why a login was refused and when it will work again
//! (or a welcome), in the user's plan's language; and credential failures that look the
//! same whether the user exists or not.

use super::{AccessInput, Credentials, Decision, PolicySettings, reason};
use crate::auth::mschapv2;
use crate::messages::{Key, Language, Wording, refusal_facts, welcome_facts};
use crate::policy::{Account, ReplyAttribute, Usage};
use crate::protocol::attr::{self, ms};
use crate::store::UserAuth;

/// The key of a refusal for the credentials (or for their absence): the same text for an
/// unknown user and a wrong password, so the reply does not tell which it was.
fn credential_key(why: &str) -> Option<Key> {
    match why {
        reason::THROTTLED => Some(Key::Throttled),
        reason::BAD_PASSWORD
        | reason::UNKNOWN_USER
        | reason::REPEATED_BAD_PASSWORD
        | reason::REPEATED_UNKNOWN_USER
        | "no supported credentials"
        | "missing or invalid User-Name" => Some(Key::LoginFailed),
        r if r.starts_with("no reversible secret") => Some(Key::LoginFailed),
        _ => None,
    }
}

fn push(d: &mut Decision, text: Option<String>) {
    if let Some(text) = text {
        d.attributes.push(ReplyAttribute::Standard {
            typ: attr::REPLY_MESSAGE,
            value: text.into_bytes(),
        });
    }
}

/// The user's language: their plan's (or override's), else the configured one.
fn language(w: &Wording, user: &UserAuth) -> Language {
    (*user.policy)
        .as_ref()
        .ok()
        .and_then(|p| p.language)
        .unwrap_or(w.language)
}

/// A refusal by policy or account status, with its text.
pub(super) fn refused(
    w: &Wording,
    why: &'static str,
    user: &UserAuth,
    usage: &Usage,
    now: i64,
    settings: &PolicySettings,
) -> Decision {
    let account = Account {
        expires_at: user.user.expires_at,
        first_login_at: user.first_login_at,
    };
    let policy = user.policy.as_ref().as_ref().ok();
    let (key, facts) = refusal_facts(why, policy, &account, usage, now, settings.utc_offset);
    let mut d = Decision {
        accept: false,
        reason: why,
        attributes: Vec::new(),
    };
    push(&mut d, w.messages.render(language(w, user), key, &facts));
    d
}

/// An accept, with the welcome when it is on.
pub(super) fn welcomed(w: &Wording, mut d: Decision, user: &UserAuth, usage: &Usage) -> Decision {
    if w.welcome {
        if let Ok(p) = (*user.policy).as_ref() {
            let lang = language(w, user);
            let facts = welcome_facts(&user.user.username, p, usage, lang);
            push(&mut d, w.messages.render(lang, Key::Welcome, &facts));
        }
    }
    d
}

/// A refusal for the credentials: MS-CHAPv2 gets its MS-CHAP-Error whether or not the user
/// exists (a reply with it for a wrong password and without it for an unknown user told
/// which names exist).
pub(super) fn credential_reject(input: &AccessInput<'_>, why: &'static str) -> Decision {
    let mut d = Decision {
        accept: false,
        reason: why,
        attributes: Vec::new(),
    };
    if let Credentials::MsChapV2 {
        challenge,
        response,
    } = input.credentials
    {
        let ident = response.first().copied().unwrap_or(0);
        d.attributes.push(ReplyAttribute::Vendor {
            vendor: attr::VENDOR_MICROSOFT,
            typ: ms::MS_CHAP_ERROR,
            value: mschapv2::error_value(ident, challenge),
        });
    }
    d
}

/// Adds the text of a credential refusal (in the configured language: the user's own is
/// not known, or would tell that the user exists). Policy refusals carry theirs already.
pub(super) fn credentials(w: &Wording, mut d: Decision) -> Decision {
    if d.accept {
        return d;
    }
    if let Some(key) = credential_key(d.reason) {
        let facts = crate::messages::Facts::default();
        push(&mut d, w.messages.render(w.language, key, &facts));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_failures_share_one_text() {
        let w = Wording::default();
        let text = |why| {
            credentials(
                &w,
                Decision {
                    accept: false,
                    reason: why,
                    attributes: Vec::new(),
                },
            )
            .attributes
        };
        assert_eq!(text(reason::BAD_PASSWORD), text(reason::UNKNOWN_USER));
        assert_eq!(
            text(reason::BAD_PASSWORD),
            text(reason::REPEATED_UNKNOWN_USER)
        );
        assert_ne!(text(reason::THROTTLED), text(reason::UNKNOWN_USER));
        assert!(text("expired").is_empty());
    }
}
