//! GET /api/v1/nas/{name}/mikrotik-script: the RouterOS 7 script of `radkota nas
//! mikrotik-script`, as text, for admins and for operators on NAS in their own area.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AppState;
use super::auth::Caller;
use super::handlers::query;
use super::problem::Problem;
use crate::onboard::{self, ScriptRequest};
use crate::store::Role;

const SCRIPT_ROLES: &[Role] = &[Role::Admin, Role::Operator];

/// Query of the script endpoint.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptQuery {
    /// The server's IP address as the router reaches it.
    server: Option<String>,
    /// UDP with Message-Authenticator instead of RadSec.
    udp: Option<bool>,
    /// The hotspot profile's login methods.
    login_by: Option<String>,
}

/// GET /api/v1/nas/{name}/mikrotik-script
pub async fn mikrotik_script(
    State(state): State<AppState>,
    caller: Caller,
    Path(name): Path<String>,
    q: Result<Query<ScriptQuery>, QueryRejection>,
) -> Result<Response, Problem> {
    caller.require(SCRIPT_ROLES)?;
    let q = query(q)?;
    let server = match q.server.as_deref() {
        None => None,
        Some(s) => Some(s.parse().map_err(|_| {
            Problem::bad_request(format!(
                "server '{}' is not an IP address",
                s.escape_debug()
            ))
        })?),
    };
    let not_found = || Problem::not_found(format!("NAS '{name}' does not exist"));
    // The scoped read decides visibility; the full row carries the CoA port.
    state
        .store
        .get_nas_view(&name, &caller.scope)
        .await?
        .ok_or_else(not_found)?;
    let nas = state.store.get_nas(&name).await?.ok_or_else(not_found)?;
    let req = ScriptRequest {
        server,
        udp: q.udp.unwrap_or(false),
        login_by: q.login_by,
    };
    let input = onboard::mikrotik_input(&state.config, &nas, &req)
        .map_err(|e| Problem::unprocessable(e.to_string()))?;
    Ok((
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        onboard::mikrotik::script(&input),
    )
        .into_response())
}
