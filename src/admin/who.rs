//! GET /api/v1/sessions/who (admin only): which user held an IP address (or used a
//! device) at an instant, for a lawful request. The case reference is required and every
//! look-up, also one that finds nothing, is an audit entry.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::AppState;
use super::auth::Caller;
use super::problem::Problem;
use crate::domain::Mac;
use crate::store::Role;
use crate::store::who::{WhoQuery, WhoTarget};

/// The query string.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhoParams {
    ip: Option<String>,
    mac: Option<String>,
    /// RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` in the accounting time zone.
    at: String,
    nas: Option<String>,
    case: String,
}

/// Answers one look-up.
pub async fn who(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<WhoParams>, QueryRejection>,
) -> Result<Response, Problem> {
    caller.require(&[Role::Admin])?;
    let q = super::handlers::query(q)?;
    let target =
        match (q.ip.as_deref(), q.mac.as_deref()) {
            (Some(ip), None) => WhoTarget::Ip(
                ip.trim()
                    .parse()
                    .map_err(|_| Problem::bad_request("ip is not an IP address"))?,
            ),
            (None, Some(m)) => WhoTarget::Mac(Mac::parse(m).ok_or_else(|| {
                Problem::bad_request("mac is not a MAC such as AA:BB:CC:DD:EE:FF")
            })?),
            _ => return Err(Problem::bad_request("give exactly one of ip and mac")),
        };
    let case = q.case.trim();
    if case.is_empty() {
        return Err(Problem::bad_request(
            "case must name the request this answers",
        ));
    }
    let at = state
        .zone
        .parse_instant(&q.at)
        .map_err(Problem::bad_request)?;
    let nas_id = match q.nas.as_deref().filter(|n| !n.is_empty()) {
        Some(name) => Some(
            state
                .store
                .get_nas(name)
                .await?
                .ok_or_else(|| Problem::not_found(format!("NAS '{name}' does not exist")))?
                .id,
        ),
        None => None,
    };
    let query = WhoQuery {
        target,
        at,
        nas_id,
        case: case.to_string(),
    };
    let found = state.store.session_who(&caller.actor, &query).await?;
    Ok(Json(json!({ "case": case, "at": at, "sessions": found })).into_response())
}
