//! The policy part of a decision, after the credentials have been checked: the user's
//! status, plan and overrides at a time with a usage, rendered for the NAS's vendor. What
//! the server does after a good password, and what `radkota policy preview` shows.

use super::decision::PolicySettings;
use crate::policy::{Account, Grant, ReplyAttribute, Usage, Vendor, Verdict, decide, render};
use crate::store::{UserAuth, UserStatus};

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
