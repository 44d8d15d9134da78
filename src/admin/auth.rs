//! Bearer-token authentication and roles: tokens are looked up by SHA-256, compared in
//! constant time, and failed attempts are rate-limited per source address.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::StatusCode;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::AppState;
use super::problem::Problem;
use crate::store::{Actor, Role, Scope};

/// Failed attempts allowed per source address per window.
pub const MAX_FAILURES: u32 = 10;
/// The rate-limit window.
pub const WINDOW: Duration = Duration::from_secs(60);
/// Addresses tracked at most, so a spoofing flood cannot grow memory without bound.
const MAX_TRACKED: usize = 10_000;

/// SHA-256 of a token, in hex: what the database stores. A fast hash suffices because a
/// token is 32 random octets, so there is no dictionary to try.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Failed-token counters per source address.
#[derive(Debug, Default)]
pub struct FailureLimiter {
    inner: Mutex<HashMap<IpAddr, (u32, Instant)>>,
}

impl FailureLimiter {
    /// Seconds until `ip` may try again, if it is over the limit.
    pub fn blocked(&self, ip: IpAddr) -> Option<u64> {
        let map = self.inner.lock().ok()?;
        let (n, start) = map.get(&ip)?;
        let elapsed = start.elapsed();
        (*n >= MAX_FAILURES && elapsed < WINDOW).then(|| (WINDOW - elapsed).as_secs().max(1))
    }

    /// Counts one failure from `ip`.
    pub fn fail(&self, ip: IpAddr) {
        let Ok(mut map) = self.inner.lock() else {
            return;
        };
        if map.len() >= MAX_TRACKED {
            map.retain(|_, (_, start)| start.elapsed() < WINDOW);
            if map.len() >= MAX_TRACKED {
                map.clear();
            }
        }
        let entry = map.entry(ip).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= WINDOW {
            *entry = (0, Instant::now());
        }
        entry.0 += 1;
    }
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
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
        if let Some(secs) = state.limiter.blocked(ip) {
            let mut p = Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too many failed token attempts from this address; try again later",
            );
            p.retry_after = Some(secs);
            return Err(p);
        }
        let Some(value) = parts.headers.get(axum::http::header::AUTHORIZATION) else {
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
        let found = state.store.token_by_hash(&hash).await?;
        // The lookup is by hash, so timing reveals nothing about the token; the explicit
        // constant-time comparison guards against a lookup that matched loosely.
        let record = match found {
            Some((rec, stored)) if bool::from(stored.as_bytes().ct_eq(hash.as_bytes())) => rec,
            _ => {
                state.limiter.fail(ip);
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
            },
            scope,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiter_blocks_after_max_failures() {
        let l = FailureLimiter::default();
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..MAX_FAILURES {
            assert!(l.blocked(ip).is_none());
            l.fail(ip);
        }
        assert!(l.blocked(ip).is_some());
        assert!(l.blocked("192.0.2.2".parse().unwrap()).is_none());
    }

    #[test]
    fn hash_is_hex_sha256() {
        assert_eq!(token_hash("").len(), 64);
    }
}
