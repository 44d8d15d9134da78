//! GET /api/v1/trace (admin only): attaches a live trace to the running server and streams
//! one text block per matching Access-Request until the client goes away. Each attach is
//! written to the audit log with its filter.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::AppState;
use super::auth::Caller;
use super::problem::Problem;
use crate::store::Role;
use crate::trace::{Filter, Tap};

/// Blocks a second a trace shows by default, and at most.
pub const DEFAULT_RATE: u32 = 20;
pub const MAX_RATE: u32 = 1000;

/// The running server's tap, as the API reaches it.
#[derive(Clone)]
pub struct TraceAccess {
    pub tap: Arc<Tap>,
    /// A silent trace writes a line this often.
    pub keepalive: Duration,
}

/// The query string: the filter and the rate bound.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraceQuery {
    user: Option<String>,
    nas: Option<String>,
    mac: Option<String>,
    #[serde(default)]
    reject_only: bool,
    /// Blocks a second at most (default 20, up to 1000); more are dropped and counted.
    rate: Option<u32>,
}

/// Attaches and streams `text/plain` blocks.
pub async fn attach(
    State(state): State<AppState>,
    caller: Caller,
    q: Result<Query<TraceQuery>, QueryRejection>,
) -> Result<Response, Problem> {
    caller.require(&[Role::Admin])?;
    let q = super::handlers::query(q)?;
    let rate = q.rate.unwrap_or(DEFAULT_RATE);
    if !(1..=MAX_RATE).contains(&rate) {
        return Err(Problem::new(
            StatusCode::BAD_REQUEST,
            format!("rate must be between 1 and {MAX_RATE}"),
        ));
    }
    let Some(access) = state.trace.clone() else {
        return Err(Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "no RADIUS server runs in this process: trace attaches to `radkota serve` with [admin] enabled",
        ));
    };
    let filter = Filter {
        user: q.user.filter(|s| !s.is_empty()),
        nas: q.nas.filter(|s| !s.is_empty()),
        mac: q.mac.filter(|s| !s.is_empty()),
        reject_only: q.reject_only,
    };
    state
        .store
        .audit_event(
            &caller.actor,
            "trace.attach",
            "trace",
            &json!({ "filter": filter, "rate": rate }),
        )
        .await?;
    tracing::info!(actor = %caller.actor.name, filter = %filter.describe(), "trace attached");
    let header = format!(
        "-- trace attached: {}; at most {rate} requests a second are shown, the rest counted --\n",
        filter.describe()
    );
    let sub = access
        .tap
        .attach(filter, Some(rate))
        .with_keepalive(access.keepalive);
    let stream =
        futures_util::stream::unfold((sub, Some(header)), |(mut sub, header)| async move {
            let text = match header {
                Some(h) => h,
                None => sub.next().await?,
            };
            Some((Ok::<_, std::convert::Infallible>(text), (sub, None)))
        });
    Response::builder()
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from_stream(stream))
        .map_err(|e| {
            Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("trace response: {e}"),
            )
        })
}
