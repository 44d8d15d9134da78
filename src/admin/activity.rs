//! Sessions and usage endpoints: lists scoped by the session's NAS area, Disconnect-Requests
//! through the CoA client (admin and operator only), per-user and per-NAS daily usage.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::auth::Caller;
use super::handlers::{page_bounds, page_json, query};
use super::problem::Problem;
use crate::coa::{CoaError, Outcome, SessionTarget};
use crate::store::sessions::state;
use crate::store::{Role, Scope, SessionQuery, SessionRecord, UsageDay};

type ApiResult = Result<Response, Problem>;

const READ_ROLES: &[Role] = &[Role::Admin, Role::Operator, Role::Auditor];
const DISCONNECT_ROLES: &[Role] = &[Role::Admin, Role::Operator];
/// Longest usage range in days: a year and a day covers any report without paging.
const MAX_USAGE_DAYS: u64 = 366;
/// Most open sessions of one user disconnected by one request (the CLI's bound).
const MAX_USER_SESSIONS: i64 = 1000;

/// Query of GET /api/v1/sessions.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionsQuery {
    limit: Option<i64>,
    offset: Option<i64>,
    user: Option<String>,
    nas: Option<String>,
    open: Option<bool>,
}

/// Query of the usage endpoints.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageQuery {
    from: Option<String>,
    to: Option<String>,
}

/// A session as the API shows it: the RADIUS Class (opaque NAS state) is left out.
fn session_json(s: &SessionRecord) -> Value {
    json!({
        "id": s.id, "nas": s.nas_name, "acct_session_id": s.acct_session_id,
        "username": s.username, "framed_ip": s.framed_ip,
        "calling_station_id": s.calling_station_id, "called_station_id": s.called_station_id,
        "nas_port_id": s.nas_port_id, "started_at": s.started_at,
        "last_update_at": s.last_update_at, "stopped_at": s.stopped_at,
        "session_time": s.session_time, "input_octets": s.input_octets,
        "output_octets": s.output_octets, "state": s.state, "close_reason": s.close_reason,
        "terminate_cause": s.terminate_cause,
    })
}

/// GET /api/v1/sessions (every role; operators see sessions on NAS in their area).
pub async fn list_sessions(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<SessionsQuery>, QueryRejection>,
) -> ApiResult {
    caller.require(READ_ROLES)?;
    let q = query(q)?;
    let (limit, offset) = page_bounds(q.limit, q.offset)?;
    let filter = SessionQuery {
        username: q.user.filter(|s| !s.is_empty()),
        nas: q.nas.filter(|s| !s.is_empty()),
        open_only: q.open.unwrap_or(false),
    };
    let rows = state
        .store
        .list_session_views(&caller.scope, &filter, limit, offset)
        .await?;
    let total = state
        .store
        .count_session_views(&caller.scope, &filter)
        .await?;
    let items: Vec<Value> = rows.iter().map(session_json).collect();
    Ok(page_json(Value::Array(items), total, limit, offset))
}

/// GET /api/v1/sessions/{id}
pub async fn get_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult {
    caller.require(READ_ROLES)?;
    let id = session_id(&id)?;
    match state.store.get_session_view(id, &caller.scope).await? {
        Some(s) => Ok(Json(session_json(&s)).into_response()),
        None => Err(Problem::not_found(format!("session {id} does not exist"))),
    }
}

fn session_id(text: &str) -> Result<i64, Problem> {
    text.parse::<i64>()
        .map_err(|_| Problem::bad_request(format!("'{text}' is not a session id")))
}

/// The outcome of one Disconnect-Request, as reported to the caller.
fn outcome_json(s: &SessionRecord, r: &Result<Outcome, CoaError>) -> Value {
    let (outcome, detail) = match r {
        Ok(o @ Outcome::Ack(_)) => ("ack", o.to_string()),
        Ok(o @ Outcome::Nak { .. }) => ("nak", o.to_string()),
        Ok(o @ Outcome::NoAnswer { .. }) => ("no-answer", o.to_string()),
        Err(e) => ("not-sent", e.to_string()),
    };
    json!({
        "session": s.id, "username": s.username, "nas": s.nas_name,
        "acct_session_id": s.acct_session_id, "outcome": outcome, "detail": detail,
    })
}

/// What one disconnect request was about, for its audit row.
enum Disconnected<'a> {
    /// One session by id.
    Session(i64),
    /// Every open session of this user.
    User(&'a str),
}

/// Sends a Disconnect-Request for each session (concurrently), records the request in the
/// audit log under the caller (as the console does: `session.disconnect` on `user:NAME`)
/// and reports every outcome; the reply is 200 whatever the NAS said, since the request
/// itself was carried out.
async fn disconnect_and_report(
    state: &AppState,
    caller: &Caller,
    what: Disconnected<'_>,
    sessions: &[SessionRecord],
) -> ApiResult {
    let nas = state.store.list_nas().await?;
    let targets: Vec<SessionTarget> = sessions.iter().map(SessionTarget::from).collect();
    let results = crate::coa::disconnect_all(&nas, &state.sealer, &state.coa, &targets).await;
    let acked = results
        .iter()
        .filter(|r| matches!(r, Ok(o) if o.is_ack()))
        .count();
    if !sessions.is_empty() {
        let (target, details) = match what {
            Disconnected::Session(id) => (
                format!("user:{}", sessions[0].username),
                json!({"session": id, "acknowledged": acked == 1}),
            ),
            Disconnected::User(name) => (
                format!("user:{name}"),
                json!({"sessions": sessions.len(), "acknowledged": acked}),
            ),
        };
        // The requests are already sent: a failed audit write is logged, not undone.
        if let Err(e) = state
            .store
            .audit_action(&caller.actor, "session.disconnect", &target, &details)
            .await
        {
            tracing::warn!(error = %e, "admin API: the disconnect was sent but not audited");
        }
    }
    let items: Vec<Value> = sessions
        .iter()
        .zip(&results)
        .map(|(s, r)| outcome_json(s, r))
        .collect();
    Ok(Json(json!({
        "results": items,
        "disconnected": acked,
        "failed": sessions.len() - acked,
    }))
    .into_response())
}

/// POST /api/v1/sessions/{id}/disconnect (admin; operator when the NAS is in their area).
pub async fn disconnect_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult {
    caller.require(DISCONNECT_ROLES)?;
    let id = session_id(&id)?;
    let Some(s) = state.store.get_session_view(id, &caller.scope).await? else {
        return Err(Problem::not_found(format!("session {id} does not exist")));
    };
    if s.state == state::CLOSED {
        return Err(Problem::new(
            axum::http::StatusCode::CONFLICT,
            format!(
                "session {id} is already closed ({})",
                s.close_reason.as_deref().unwrap_or("stop")
            ),
        ));
    }
    disconnect_and_report(&state, &caller, Disconnected::Session(id), &[s]).await
}

/// POST /api/v1/users/{username}/disconnect: every open session of the user (an operator:
/// those on NAS in their area).
pub async fn disconnect_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(username): Path<String>,
) -> ApiResult {
    caller.require(DISCONNECT_ROLES)?;
    let filter = SessionQuery {
        username: Some(username.clone()),
        nas: None,
        open_only: true,
    };
    let sessions = state
        .store
        .list_session_views(&caller.scope, &filter, MAX_USER_SESSIONS, 0)
        .await?;
    if sessions.is_empty()
        && state
            .store
            .get_user_view(&username, &caller.scope)
            .await?
            .is_none()
    {
        return Err(Problem::not_found(format!(
            "user '{username}' does not exist"
        )));
    }
    disconnect_and_report(&state, &caller, Disconnected::User(&username), &sessions).await
}

/// Parses from/to (YYYY-MM-DD, both inclusive); defaults: today in `accounting.timezone` and
/// 29 days before `to`.
fn usage_range(state: &AppState, q: &UsageQuery) -> Result<(String, String), Problem> {
    let day = |what: &str, s: &str| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            Problem::bad_request(format!(
                "{what} '{}' is not a date like 2026-03-31",
                s.escape_debug()
            ))
        })
    };
    let to = match &q.to {
        Some(s) => day("to", s)?,
        None => state.zone.date(crate::store::now()),
    };
    let from = match &q.from {
        Some(s) => day("from", s)?,
        None => to
            .checked_sub_days(chrono::Days::new(29))
            .unwrap_or(NaiveDate::MIN),
    };
    if from > to {
        return Err(Problem::bad_request(format!(
            "from {from} is after to {to}"
        )));
    }
    if (to - from).num_days() >= MAX_USAGE_DAYS as i64 {
        return Err(Problem::bad_request(format!(
            "at most {MAX_USAGE_DAYS} days per request"
        )));
    }
    Ok((from.to_string(), to.to_string()))
}

fn usage_json(key: (&str, &str), from: &str, to: &str, days: &[UsageDay], zone: &str) -> Value {
    let row = |d: &UsageDay| {
        json!({"day": d.day, "sessions": d.sessions, "session_seconds": d.session_seconds,
               "input_octets": d.input_octets, "output_octets": d.output_octets})
    };
    let sum = |f: fn(&UsageDay) -> i64| days.iter().map(f).fold(0i64, i64::saturating_add);
    json!({
        key.0: key.1, "from": from, "to": to, "timezone": zone,
        "days": days.iter().map(row).collect::<Vec<_>>(),
        "total": {"sessions": sum(|d| d.sessions), "session_seconds": sum(|d| d.session_seconds),
                  "input_octets": sum(|d| d.input_octets), "output_octets": sum(|d| d.output_octets)},
    })
}

/// GET /api/v1/usage/users/{username}?from&to (every role; operators: users in their area).
pub async fn user_usage(
    State(state): State<AppState>,
    caller: Caller,
    Path(username): Path<String>,
    q: Result<Query<UsageQuery>, QueryRejection>,
) -> ApiResult {
    caller.require(READ_ROLES)?;
    let (from, to) = usage_range(&state, &query(q)?)?;
    // A name that cannot be a username has no usage, not an empty one.
    if crate::import::check_username(&username).is_err() {
        return Err(Problem::not_found(format!(
            "user '{}' does not exist",
            username.escape_debug()
        )));
    }
    // Usage outlives a deleted user (kept by username), so only a scoped caller needs the
    // user to exist, inside their area.
    if let Scope::Subtree(_) = caller.scope {
        if state
            .store
            .get_user_view(&username, &caller.scope)
            .await?
            .is_none()
        {
            return Err(Problem::not_found(format!(
                "user '{username}' does not exist"
            )));
        }
    }
    let days = state.store.user_usage(&username, &from, &to).await?;
    Ok(Json(usage_json(
        ("username", &username),
        &from,
        &to,
        &days,
        state.zone.name(),
    ))
    .into_response())
}

/// GET /api/v1/usage/nas/{name}?from&to (every role; operators: NAS in their area).
pub async fn nas_usage(
    State(state): State<AppState>,
    caller: Caller,
    Path(name): Path<String>,
    q: Result<Query<UsageQuery>, QueryRejection>,
) -> ApiResult {
    caller.require(READ_ROLES)?;
    let (from, to) = usage_range(&state, &query(q)?)?;
    let Some(id) = state.store.nas_id_in(&name, &caller.scope).await? else {
        return Err(Problem::not_found(format!("NAS '{name}' does not exist")));
    };
    let days = state.store.nas_usage(id, &from, &to).await?;
    Ok(Json(usage_json(
        ("nas", &name),
        &from,
        &to,
        &days,
        state.zone.name(),
    ))
    .into_response())
}
