//! Bearer-token authentication and roles: tokens are looked up by SHA-256, compared in
//! constant time, and failed attempts are backed off per client address and per token
//! (`crate::http::backoff`): a valid token is always accepted.

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::AppState;
use super::problem::Problem;
use crate::http::client::client_of;
use crate::store::{Actor, Role, Scope};

/// SHA-256 of a token, in hex: what the database stores. A fast hash suffices because a
/// token is 32 random octets, so there is no dictionary to try.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub actor: Actor,
    pub scope: Scope,
}

impl Caller {
    /// The caller's role.
    pub fn role(&self) -> Role {
        self.actor.role
    }

    /// 403 unless the caller has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), Problem> {
        if roles.contains(&self.actor.role) {
            Ok(())
        } else {
            Err(Problem::forbidden(format!(
                "the {} role may not do this",
                self.actor.role.as_str()
            )))
        }
    }
}

fn unauthorized(detail: &str) -> Problem {
    Problem::new(StatusCode::UNAUTHORIZED, detail)
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, Problem> {
        let client = client_of(parts).0;
        let too_many = |secs: u64| {
            let mut p = Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too many failed token attempts from this address or with this token; try again later",
            );
            p.retry_after = Some(secs);
            p
        };
        let Some(value) = parts.headers.get(axum::http::header::AUTHORIZATION) else {
            if let Some(secs) = state.limiter.refused(client, None) {
                return Err(too_many(secs));
            }
            return Err(unauthorized("missing Authorization: Bearer TOKEN"));
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .unwrap_or("");
        let hash = token_hash(token);
        // Always checked, even from a client over its limit: a valid token is never refused
        // because of failures, its own client's or anyone else's (tokens are 32 random
        // octets, so checking a guess gives a guesser nothing).
        let found = state.store.token_by_hash(&hash).await?;
        // The lookup is by hash, so timing reveals nothing about the token; the explicit
        // constant-time comparison guards against a lookup that matched loosely.
        let record = match found {
            Some((rec, stored)) if bool::from(stored.as_bytes().ct_eq(hash.as_bytes())) => rec,
            _ => {
                if let Some(secs) = state.limiter.refused(client, Some(&hash)) {
                    tracing::debug!(%client, "admin API: failing token attempt refused (back-off)");
                    return Err(too_many(secs));
                }
                state.limiter.fail(client, Some(&hash));
                tracing::info!(%client, "admin API: invalid or revoked token");
                return Err(unauthorized("invalid or revoked token"));
            }
        };
        let scope = match (record.role, &record.area) {
            (Role::Operator, Some(code)) => match state.store.get_area(code).await? {
                Some(area) => Scope::Subtree(area.path),
                None => return Err(Problem::forbidden("the token's area no longer exists")),
            },
            (Role::Operator, None) => {
                return Err(Problem::forbidden("operator token without an area"));
            }
            _ => Scope::All,
        };
        let label = if record.name.is_empty() {
            format!("token:{}", record.id)
        } else {
            format!("token:{} ({})", record.id, record.name)
        };
        Ok(Caller {
            actor: Actor {
                name: label,
                role: record.role,
                client: Some(client.to_string()),
            },
            scope,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_hex_sha256() {
        assert_eq!(token_hash("").len(), 64);
    }
}
