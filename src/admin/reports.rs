//! Report endpoints for the auditor: usage, hotspot health and the weekly check, as JSON or
//! CSV. Usernames are always pseudonymised for auditors (a fresh key per response); only an
//! admin may ask for raw names. Operators are refused: the reports are city-wide, and an
//! operator's own NAS and users have the per-NAS and per-user usage endpoints.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Days, NaiveDate};
use serde::Deserialize;

use super::AppState;
use super::auth::Caller;
use super::handlers::query;
use super::problem::Problem;
use crate::reports::hotspots::hotspot_report;
use crate::reports::model::Dimension;
use crate::reports::pseudonym::Pseudonymiser;
use crate::reports::text::{Format, RenderError, render_hotspots, render_usage, render_weekly};
use crate::reports::usage::usage_report;
use crate::reports::weekly::weekly_report;
use crate::store::Role;

type ApiResult = Result<Response, Problem>;

const REPORT_ROLES: &[Role] = &[Role::Admin, Role::Auditor];
/// Longest usage report per request: a year and a day.
const MAX_REPORT_DAYS: i64 = 366;

/// Query of GET /api/v1/reports/usage.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsageReportQuery {
    from: Option<String>,
    to: Option<String>,
    by: Option<String>,
    format: Option<String>,
    raw: Option<bool>,
}

/// Query of GET /api/v1/reports/hotspots.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HotspotsQuery {
    format: Option<String>,
}

/// Query of GET /api/v1/reports/weekly.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeeklyQuery {
    week_end: Option<String>,
    format: Option<String>,
}

fn format_of(s: Option<&str>) -> Result<Format, Problem> {
    match s.unwrap_or("json") {
        "json" => Ok(Format::Json),
        "csv" => Ok(Format::Csv),
        other => Err(Problem::bad_request(format!(
            "format '{}' is not json or csv",
            other.escape_debug()
        ))),
    }
}

fn day(what: &str, s: &str) -> Result<NaiveDate, Problem> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        Problem::bad_request(format!(
            "{what} '{}' is not a date like 2026-03-31",
            s.escape_debug()
        ))
    })
}

fn rendered(r: Result<String, RenderError>, format: Format) -> ApiResult {
    let text = r.map_err(|e| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let ctype = match format {
        Format::Csv => "text/csv; charset=utf-8",
        _ => "application/json",
    };
    let mut resp = (StatusCode::OK, text).into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    Ok(resp)
}

fn today(state: &AppState) -> NaiveDate {
    state.zone.date(crate::policy::clock::now())
}

/// GET /api/v1/reports/usage?from&to&by&format&raw (admin, auditor; raw names: admin only).
pub async fn usage(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<UsageReportQuery>, QueryRejection>,
) -> ApiResult {
    caller.require(REPORT_ROLES)?;
    let q = query(q)?;
    let raw = q.raw.unwrap_or(false);
    if raw && caller.role() != Role::Admin {
        return Err(Problem::forbidden(
            "only an admin may see raw usernames; auditors get pseudonyms",
        ));
    }
    let format = format_of(q.format.as_deref())?;
    let by = match q.by.as_deref() {
        None => Dimension::Rw,
        Some(s) => <Dimension as clap::ValueEnum>::from_str(s, false).map_err(|_| {
            Problem::bad_request(format!(
                "by '{}' is not one of rw, kelurahan, kecamatan, plan, nas, user, day, hour",
                s.escape_debug()
            ))
        })?,
    };
    let today = today(&state);
    let to = match &q.to {
        Some(s) => day("to", s)?,
        None => today,
    };
    let from = match &q.from {
        Some(s) => day("from", s)?,
        None => to.checked_sub_days(Days::new(6)).unwrap_or(to),
    };
    if from > to {
        return Err(Problem::bad_request(format!(
            "from {from} is after to {to}"
        )));
    }
    if (to - from).num_days() >= MAX_REPORT_DAYS {
        return Err(Problem::bad_request(format!(
            "at most {MAX_REPORT_DAYS} days per report"
        )));
    }
    state.store.build_distinct_sets(today).await?;
    let pseudo = (!raw).then(Pseudonymiser::random);
    let r = usage_report(&state.store, from, to, by, pseudo.as_ref()).await?;
    rendered(render_usage(&r, format), format)
}

/// GET /api/v1/reports/hotspots?format (admin, auditor).
pub async fn hotspots(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<HotspotsQuery>, QueryRejection>,
) -> ApiResult {
    caller.require(REPORT_ROLES)?;
    let q = query(q)?;
    let format = format_of(q.format.as_deref())?;
    let now = crate::policy::clock::now();
    state
        .store
        .build_distinct_sets(state.zone.date(now))
        .await?;
    let r = hotspot_report(&state.store, now, &state.zone, &state.reports).await?;
    rendered(render_hotspots(&r, format), format)
}

/// GET /api/v1/reports/weekly?week_end&format (admin, auditor); the week ends yesterday
/// unless `week_end` says otherwise.
pub async fn weekly(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<WeeklyQuery>, QueryRejection>,
) -> ApiResult {
    caller.require(REPORT_ROLES)?;
    let q = query(q)?;
    let format = format_of(q.format.as_deref())?;
    let now = crate::policy::clock::now();
    let today = state.zone.date(now);
    let week_end = match &q.week_end {
        Some(s) => day("week_end", s)?,
        None => today.pred_opt().unwrap_or(today),
    };
    state.store.build_distinct_sets(today).await?;
    let r = weekly_report(&state.store, week_end, now, &state.zone, &state.reports).await?;
    rendered(render_weekly(&r, format), format)
}
