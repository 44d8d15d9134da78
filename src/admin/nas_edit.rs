//! `PATCH /api/v1/nas/{name}`: changes a NAS in place (rename, new address or secret, RW,
//! vendor, Message-Authenticator rule, CoA port, enabled), through the same store function
//! and checks as the console's hotspot edit, audited as `nas.set`.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde::Deserialize;

use super::AppState;
use super::auth::Caller;
use super::handlers::{ApiResult, USERS_ROLES, body, check_area_for, coa_port};
use super::problem::Problem;
use crate::import::check_text;
use crate::import::nas::{VENDORS, check_name, parse_address};
use crate::store::{NasChange, RequireMa};

/// Body of PATCH /api/v1/nas/{name}: every field optional, absent or null keeps the value.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NasPatch {
    name: Option<String>,
    address: Option<String>,
    secret: Option<String>,
    rw: Option<String>,
    vendor: Option<String>,
    require_message_authenticator: Option<String>,
    coa_port: Option<serde_json::Number>,
    enabled: Option<bool>,
}

impl NasPatch {
    fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.address.is_none()
            && self.secret.is_none()
            && self.rw.is_none()
            && self.vendor.is_none()
            && self.require_message_authenticator.is_none()
            && self.coa_port.is_none()
            && self.enabled.is_none()
    }
}

/// PATCH /api/v1/nas/{name} (admin; operator for a NAS in their area, which stays there).
pub async fn update_nas(
    State(state): State<AppState>,
    caller: Caller,
    Path(name): Path<String>,
    b: Result<Json<NasPatch>, JsonRejection>,
) -> ApiResult {
    caller.require(USERS_ROLES)?;
    let p = body(b)?;
    let current = state
        .store
        .get_nas_view(&name, &caller.scope)
        .await?
        .ok_or_else(|| Problem::not_found(format!("NAS '{name}' does not exist")))?;
    if p.is_empty() {
        return Ok(Json(current).into_response());
    }
    let new_name = p.name.unwrap_or_else(|| current.name.clone());
    check_name(&new_name).map_err(Problem::unprocessable)?;
    let address = match &p.address {
        Some(a) => parse_address(a).map_err(Problem::unprocessable)?,
        None => current.address.clone(),
    };
    let sealed_secret = match &p.secret {
        Some(s) if s.is_empty() || s.chars().count() > 128 => {
            return Err(Problem::unprocessable("secret must be 1 to 128 characters"));
        }
        Some(s) => Some(state.sealer.seal(s.as_bytes())),
        None => None,
    };
    let vendor = p.vendor.unwrap_or_else(|| current.vendor.clone());
    if !VENDORS.contains(&vendor.as_str()) {
        return Err(Problem::unprocessable(format!(
            "vendor must be one of {}",
            VENDORS.join(", ")
        )));
    }
    let require_ma = match p.require_message_authenticator.as_deref() {
        Some(s) => RequireMa::parse(s),
        None => RequireMa::parse(&current.require_message_authenticator),
    }
    .ok_or_else(|| {
        Problem::unprocessable("require_message_authenticator must be auto, yes or no")
    })?;
    let coa_port = match p.coa_port.as_ref() {
        Some(n) => i64::from(coa_port(Some(n))?),
        None => current.coa_port,
    };
    let rw = match p.rw {
        Some(rw) => {
            check_text("rw", &rw, 32).map_err(Problem::unprocessable)?;
            // A new RW must exist (and, for an operator, lie inside their area).
            check_area_for(&state, &caller, Some(&rw), true).await?;
            Some(rw)
        }
        None => current.rw.clone(),
    };
    let change = NasChange {
        name: new_name,
        address,
        sealed_secret,
        vendor,
        rw,
        require_ma,
        coa_port,
        enabled: p.enabled.unwrap_or(current.enabled),
    };
    let view = state
        .store
        .update_nas_audited(&name, &change, &caller.scope, &caller.actor)
        .await?;
    Ok(Json(view).into_response())
}
