//! The API's endpoints. Every list is paginated (limit 1..=1000, default 100); operators see
//! and change only users and NAS inside their area; nothing returned carries a secret.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::auth::Caller;
use super::problem::Problem;
use crate::auth::pap::hash_password;
use crate::import::nas::{VENDORS, check_name, parse_address};
use crate::import::{check_text, check_username};
use crate::store::{AuditFilter, NewNas, NewUser, RequireMa, Role, Scope, UserExtra, UserStatus};

/// Largest page.
pub const MAX_LIMIT: i64 = 1000;
const DEFAULT_LIMIT: i64 = 100;

pub(super) type ApiResult = Result<Response, Problem>;

pub(super) fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, Problem> {
    q.map(|Query(t)| t)
        .map_err(|e| Problem::bad_request(format!("query string: {}", e.body_text())))
}

pub(super) fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, Problem> {
    b.map(|Json(t)| t).map_err(|e| {
        let detail = format!("request body: {}", e.body_text());
        // Over the body limit: 413, so a client knows that retrying will not help.
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Problem::new(StatusCode::PAYLOAD_TOO_LARGE, detail)
        } else {
            Problem::bad_request(detail)
        }
    })
}

/// limit/offset of a list request.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    limit: Option<i64>,
    offset: Option<i64>,
    plan: Option<String>,
    area: Option<String>,
    username: Option<String>,
    actor: Option<String>,
    from: Option<i64>,
    to: Option<i64>,
}

impl Page {
    fn bounds(&self) -> Result<(i64, i64), Problem> {
        page_bounds(self.limit, self.offset)
    }
}

/// Checked `limit` and `offset` of a list request, with the defaults applied.
pub fn page_bounds(limit: Option<i64>, offset: Option<i64>) -> Result<(i64, i64), Problem> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    let offset = offset.unwrap_or(0);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Problem::bad_request(format!(
            "limit must be between 1 and {MAX_LIMIT}"
        )));
    }
    if offset < 0 {
        return Err(Problem::bad_request("offset must not be negative"));
    }
    Ok((limit, offset))
}

pub(super) fn page_json(items: Value, total: i64, limit: i64, offset: i64) -> Response {
    Json(json!({"items": items, "total": total, "limit": limit, "offset": offset})).into_response()
}

fn to_value<T: serde::Serialize>(t: &T) -> Result<Value, Problem> {
    serde_json::to_value(t)
        .map_err(|_| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "cannot encode the reply"))
}

pub(super) const USERS_ROLES: &[Role] = &[Role::Admin, Role::Operator];
const READ_LOG_ROLES: &[Role] = &[Role::Admin, Role::Auditor];

/// Checks that an area given to a new user or NAS exists (once areas are imported) and lies
/// inside the caller's scope.
pub(super) async fn check_area_for(
    state: &AppState,
    caller: &Caller,
    area: Option<&str>,
    for_nas: bool,
) -> Result<(), Problem> {
    // Scope first: an operator learns nothing about areas outside their own.
    if let Scope::Subtree(_) = &caller.scope {
        let Some(code) = area else {
            return Err(Problem::forbidden(
                "an operator must give an area inside their own",
            ));
        };
        let inside = match state.store.get_area(code).await? {
            Some(a) => caller.scope.contains_path(&a.path),
            None => false,
        };
        if !inside {
            return Err(Problem::forbidden(format!(
                "area '{code}' is outside this token's area"
            )));
        }
    }
    state.store.check_area(area, for_nas).await?;
    Ok(())
}

/// GET /api/v1/users
pub async fn list_users(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<Page>, QueryRejection>,
) -> ApiResult {
    caller.require(USERS_ROLES)?;
    let q = query(q)?;
    let (limit, offset) = q.bounds()?;
    let (plan, area) = (q.plan.as_deref(), q.area.as_deref());
    let items = state
        .store
        .list_user_views(&caller.scope, plan, area, limit, offset)
        .await?;
    let total = state
        .store
        .count_user_views(&caller.scope, plan, area)
        .await?;
    Ok(page_json(to_value(&items)?, total, limit, offset))
}

/// GET /api/v1/users/{username}
pub async fn get_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(username): Path<String>,
) -> ApiResult {
    caller.require(USERS_ROLES)?;
    match state.store.get_user_view(&username, &caller.scope).await? {
        Some(u) => Ok(Json(u).into_response()),
        None => Err(Problem::not_found(format!(
            "user '{username}' does not exist"
        ))),
    }
}

/// Body of POST /api/v1/users.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUserBody {
    username: String,
    plan: String,
    password: String,
    area: Option<String>,
    full_name: Option<String>,
    school_or_business: Option<String>,
    id: Option<String>,
}

async fn protect(state: &AppState, password: String) -> Result<(String, Vec<u8>), Problem> {
    let params = state.argon2;
    let sealer = state.sealer.clone();
    tokio::task::spawn_blocking(move || {
        let hash = hash_password(password.as_bytes(), &params)?;
        Ok::<_, crate::auth::pap::HashError>((hash, sealer.seal(password.as_bytes())))
    })
    .await
    .map_err(|_| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "hashing failed"))?
    .map_err(|_| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "hashing failed"))
}

fn check_password(p: &str) -> Result<(), Problem> {
    if p.is_empty() || p.chars().count() > 128 || p.chars().any(char::is_control) {
        return Err(Problem::unprocessable(
            "password must be 1 to 128 characters without control characters",
        ));
    }
    Ok(())
}

/// POST /api/v1/users
pub async fn create_user(
    State(state): State<AppState>,
    caller: Caller,
    b: Result<Json<NewUserBody>, JsonRejection>,
) -> ApiResult {
    caller.require(USERS_ROLES)?;
    let b = body(b)?;
    check_username(&b.username).map_err(Problem::unprocessable)?;
    check_password(&b.password)?;
    for (what, v, max) in [
        ("full_name", &b.full_name, 128),
        ("school_or_business", &b.school_or_business, 128),
        ("id", &b.id, 64),
        // Names of things that exist: no control character can be in one (and PostgreSQL
        // refuses a NUL outright), so such a name is refused before any lookup.
        ("area", &b.area, 64),
        ("plan", &Some(b.plan.clone()), 64),
    ] {
        check_text(what, v.as_deref().unwrap_or(""), max).map_err(Problem::unprocessable)?;
    }
    check_area_for(&state, &caller, b.area.as_deref(), false).await?;
    if state.store.get_plan(&b.plan).await?.is_none() {
        return Err(Problem::not_found(format!(
            "plan '{}' does not exist",
            b.plan
        )));
    }
    let (hash, sealed) = protect(&state, b.password).await?;
    let user = NewUser {
        username: b.username,
        plan: b.plan,
        password_hash: hash,
        sealed_password: Some(sealed),
        full_name: b.full_name.filter(|s| !s.is_empty()),
        expires_at: None,
    };
    let extra = UserExtra {
        area: b.area,
        school_or_business: b.school_or_business.filter(|s| !s.is_empty()),
        external_id: b.id.filter(|s| !s.is_empty()),
    };
    let view = state
        .store
        .add_user_audited(&user, &extra, &caller.actor)
        .await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// Body of PATCH /api/v1/users/{username}.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    /// "active" or "disabled".
    status: Option<String>,
    password: Option<String>,
}

/// PATCH /api/v1/users/{username}
pub async fn update_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(username): Path<String>,
    b: Result<Json<UserPatch>, JsonRejection>,
) -> ApiResult {
    caller.require(USERS_ROLES)?;
    let b = body(b)?;
    let status =
        match b.status.as_deref() {
            None => None,
            Some(s) => Some(UserStatus::parse(s).ok_or_else(|| {
                Problem::unprocessable("status must be \"active\" or \"disabled\"")
            })?),
        };
    if status.is_none() && b.password.is_none() {
        return Err(Problem::unprocessable(
            "nothing to change: give status and/or password",
        ));
    }
    if let Some(p) = &b.password {
        check_password(p)?;
    }
    // Checked before the slow hash, so an out-of-scope name costs nothing.
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
    if let Some(p) = b.password {
        let (hash, sealed) = protect(&state, p).await?;
        state
            .store
            .set_user_password_audited(
                &username,
                &hash,
                Some(&sealed),
                &caller.scope,
                &caller.actor,
            )
            .await?;
    }
    if let Some(s) = status {
        state
            .store
            .set_user_status_audited(&username, s, &caller.scope, &caller.actor)
            .await?;
    }
    match state.store.get_user_view(&username, &caller.scope).await? {
        Some(u) => Ok(Json(u).into_response()),
        None => Err(Problem::not_found(format!(
            "user '{username}' does not exist"
        ))),
    }
}

/// DELETE /api/v1/users/{username}
pub async fn delete_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(username): Path<String>,
) -> ApiResult {
    caller.require(USERS_ROLES)?;
    state
        .store
        .delete_user_audited(&username, &caller.scope, &caller.actor)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// GET /api/v1/nas
pub async fn list_nas(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<Page>, QueryRejection>,
) -> ApiResult {
    caller.require(USERS_ROLES)?;
    let (limit, offset) = query(q)?.bounds()?;
    let items = state
        .store
        .list_nas_views(&caller.scope, limit, offset)
        .await?;
    let total = state.store.count_nas_views(&caller.scope).await?;
    Ok(page_json(to_value(&items)?, total, limit, offset))
}

/// GET /api/v1/nas/{name}
pub async fn get_nas(
    State(state): State<AppState>,
    caller: Caller,
    Path(name): Path<String>,
) -> ApiResult {
    caller.require(USERS_ROLES)?;
    match state.store.get_nas_view(&name, &caller.scope).await? {
        Some(n) => Ok(Json(n).into_response()),
        None => Err(Problem::not_found(format!("NAS '{name}' does not exist"))),
    }
}

/// Body of POST /api/v1/nas.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewNasBody {
    name: String,
    address: String,
    secret: String,
    rw: Option<String>,
    vendor: Option<String>,
    require_message_authenticator: Option<String>,
    /// A JSON number (`3799` or `3799.0`: JSON Schema's integers include both).
    coa_port: Option<serde_json::Number>,
}

/// The CoA port of a new NAS: an integral number 1..=65535, default 3799.
pub(super) fn coa_port(n: Option<&serde_json::Number>) -> Result<u16, Problem> {
    let Some(n) = n else {
        return Ok(3799);
    };
    let integral = n.as_u64().or_else(|| {
        n.as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0)
            .map(|f| f as u64)
    });
    integral
        .and_then(|p| u16::try_from(p).ok())
        .filter(|p| *p >= 1)
        .ok_or_else(|| {
            Problem::unprocessable("coa_port must be a whole number between 1 and 65535")
        })
}

/// POST /api/v1/nas
pub async fn create_nas(
    State(state): State<AppState>,
    caller: Caller,
    b: Result<Json<NewNasBody>, JsonRejection>,
) -> ApiResult {
    caller.require(USERS_ROLES)?;
    let b = body(b)?;
    check_name(&b.name).map_err(Problem::unprocessable)?;
    let address = parse_address(&b.address).map_err(Problem::unprocessable)?;
    if b.secret.is_empty() || b.secret.chars().count() > 128 {
        return Err(Problem::unprocessable("secret must be 1 to 128 characters"));
    }
    let coa_port = coa_port(b.coa_port.as_ref())?;
    let vendor = b.vendor.unwrap_or_else(|| "mikrotik".into());
    if !VENDORS.contains(&vendor.as_str()) {
        return Err(Problem::unprocessable(format!(
            "vendor must be one of {}",
            VENDORS.join(", ")
        )));
    }
    let require_ma = match b.require_message_authenticator.as_deref() {
        None => RequireMa::Auto,
        Some(s) => RequireMa::parse(s).ok_or_else(|| {
            Problem::unprocessable("require_message_authenticator must be auto, yes or no")
        })?,
    };
    if let Some(rw) = &b.rw {
        check_text("rw", rw, 32).map_err(Problem::unprocessable)?;
    }
    check_area_for(&state, &caller, b.rw.as_deref(), true).await?;
    let nas = NewNas {
        name: b.name,
        address,
        sealed_secret: state.sealer.seal(b.secret.as_bytes()),
        vendor,
        rw: b.rw,
        require_ma,
        coa_port: i64::from(coa_port),
    };
    let view = state.store.add_nas_audited(&nas, &caller.actor).await?;
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// DELETE /api/v1/nas/{name}
pub async fn delete_nas(
    State(state): State<AppState>,
    caller: Caller,
    Path(name): Path<String>,
) -> ApiResult {
    caller.require(USERS_ROLES)?;
    state
        .store
        .remove_nas_audited(&name, &caller.scope, &caller.actor)
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// GET /api/v1/plans (every role: plans hold no secret and name what users get).
pub async fn list_plans(State(state): State<AppState>, _caller: Caller) -> ApiResult {
    let plans = state.store.list_plans().await?;
    let items: Vec<Value> = plans
        .iter()
        .map(|p| {
            json!({"name": p.name, "description": p.description, "rate_up": p.rate_up,
                   "rate_down": p.rate_down, "session_timeout": p.session_timeout,
                   "idle_timeout": p.idle_timeout})
        })
        .collect();
    let n = items.len() as i64;
    Ok(page_json(Value::Array(items), n, n, 0))
}

/// GET /api/v1/areas (every role: the tree reports are organised by).
pub async fn list_areas(
    State(state): State<AppState>,
    _caller: Caller,
    q: Result<Query<Page>, QueryRejection>,
) -> ApiResult {
    let (limit, offset) = query(q)?.bounds()?;
    let all = state.store.list_areas().await?;
    let total = all.len() as i64;
    let items: Vec<_> = all
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .collect();
    Ok(page_json(to_value(&items)?, total, limit, offset))
}

/// GET /api/v1/auth-log (admin, auditor), newest first.
pub async fn auth_log(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<Page>, QueryRejection>,
) -> ApiResult {
    caller.require(READ_LOG_ROLES)?;
    let q = query(q)?;
    let (limit, offset) = q.bounds()?;
    let (rows, total) = state
        .store
        .auth_log_page(q.username.as_deref(), limit, offset)
        .await?;
    let items: Vec<Value> = rows
        .iter()
        .map(|e| {
            json!({"at": e.at, "username": e.username, "nas_id": e.nas_id, "method": e.method,
                   "accepted": e.accepted, "reason": e.reason,
                   "calling_station_id": e.calling_station_id, "reply_message": e.message})
        })
        .collect();
    Ok(page_json(Value::Array(items), total, limit, offset))
}

/// GET /api/v1/audit-log (admin, auditor), oldest first.
pub async fn audit_log(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<Page>, QueryRejection>,
) -> ApiResult {
    caller.require(READ_LOG_ROLES)?;
    let q = query(q)?;
    let (limit, offset) = q.bounds()?;
    let filter = AuditFilter {
        from: q.from,
        to: q.to,
        actor: q.actor.clone(),
    };
    let rows = state.store.list_audit(&filter, limit, offset).await?;
    let total = state.store.count_audit(&filter).await?;
    Ok(page_json(to_value(&rows)?, total, limit, offset))
}
