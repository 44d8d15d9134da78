//! The admin HTTP API (axum): JSON over the same store as the CLI, bearer tokens with roles
//! scoped to areas, RFC 9457 errors, paginated lists and an OpenAPI document. Off by
//! default; `radkota serve` starts it when `[admin].enabled`, `radkota admin serve` alone.

mod activity;
pub mod auth;
mod handlers;
mod nas_edit;
mod onboard;
mod openapi;
mod reports;
pub mod trace;
mod who;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

use crate::accounting::DayZone;
use crate::auth::pap::Argon2Params;
use crate::auth::seal::Sealer;
use crate::coa::CoaSettings;
use crate::config::Config;
use crate::http::backoff::Backoff;
pub use crate::http::{limits, problem};
use crate::store::Store;
use problem::Problem;

/// Shared state of every request.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

/// What handlers use.
pub struct Inner {
    pub store: Store,
    pub sealer: Sealer,
    pub argon2: Argon2Params,
    /// Back-off of failed tokens, per client address and per token.
    pub limiter: Backoff,
    /// Retry schedule of Disconnect-Requests (`[coa]`).
    pub coa: CoaSettings,
    /// The days usage is rolled up under (`accounting.timezone`).
    pub zone: DayZone,
    /// Thresholds of the hotspot and weekly reports (`[reports]`).
    pub reports: crate::config::ReportsConfig,
    /// The whole configuration, for the router scripts (`onboard`).
    pub config: Arc<Config>,
    /// The running server's trace tap; `None` when the API runs alone (`admin serve`).
    pub trace: Option<trace::TraceAccess>,
}

impl AppState {
    /// The state every handler shares (for `serve`, and for in-process callers such as the
    /// admin fuzz target).
    pub fn new(inner: Inner) -> AppState {
        AppState {
            inner: Arc::new(inner),
        }
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.inner
    }
}

/// The API's routes.
pub fn router(state: AppState) -> Router {
    use activity::*;
    use handlers::*;
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/api/v1/users", get(list_users).post(create_user))
        .route(
            "/api/v1/users/{username}",
            get(get_user).patch(update_user).delete(delete_user),
        )
        .route("/api/v1/nas", get(list_nas).post(create_nas))
        .route(
            "/api/v1/nas/{name}",
            get(get_nas).patch(nas_edit::update_nas).delete(delete_nas),
        )
        .route(
            "/api/v1/nas/{name}/mikrotik-script",
            get(onboard::mikrotik_script),
        )
        .route("/api/v1/plans", get(list_plans))
        .route("/api/v1/areas", get(list_areas))
        .route("/api/v1/sessions", get(list_sessions))
        .route("/api/v1/sessions/who", get(who::who))
        .route("/api/v1/sessions/{id}", get(get_session))
        .route("/api/v1/sessions/{id}/disconnect", post(disconnect_session))
        .route("/api/v1/users/{username}/disconnect", post(disconnect_user))
        .route("/api/v1/usage/users/{username}", get(user_usage))
        .route("/api/v1/usage/nas/{name}", get(nas_usage))
        .route("/api/v1/auth-log", get(auth_log))
        .route("/api/v1/audit-log", get(audit_log))
        .route("/api/v1/reports/usage", get(reports::usage))
        .route("/api/v1/reports/hotspots", get(reports::hotspots))
        .route("/api/v1/reports/weekly", get(reports::weekly))
        .route("/api/v1/trace", get(trace::attach))
        .fallback(|| async { Problem::not_found("no such endpoint (see /openapi.json)") })
        .method_not_allowed_fallback(|| async {
            Problem::new(
                axum::http::StatusCode::METHOD_NOT_ALLOWED,
                "method not allowed on this endpoint",
            )
        })
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
        .layer(axum::middleware::map_response(problem::as_problem))
        .with_state(state)
}

/// Binds `[admin].listen` (TLS when configured); errors here stop the start.
pub async fn bind(config: &Config) -> anyhow::Result<crate::http::Bound> {
    let limits = limits::Limits::from_config(&config.admin);
    crate::http::bind(
        "admin API",
        &config.admin.listen,
        &config.admin.http,
        limits,
    )
    .await
}

/// Serves the API on `bound` until `shutdown` resolves, and `pages` (the web console) at
/// every path outside the API's.
pub async fn serve(
    bound: crate::http::Bound,
    config: Config,
    store: Store,
    sealer: Sealer,
    trace: Option<Arc<crate::trace::Tap>>,
    pages: Option<Router>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let limits = bound.limits();
    let state = AppState {
        inner: Arc::new(Inner {
            store,
            sealer,
            argon2: config.auth.argon2,
            limiter: Backoff::new(config.admin.http.auth_failures_per_minute),
            coa: CoaSettings::from_config(&config.coa),
            zone: config.day_zone(),
            reports: config.reports.clone(),
            config: Arc::new(config.clone()),
            // A silent trace writes a line at least this often, so the connection's idle
            // timeout (twice the request timeout) never cuts it.
            trace: trace.map(|tap| trace::TraceAccess {
                tap,
                keepalive: limits.timeout.min(std::time::Duration::from_secs(15)),
            }),
        }),
    };
    let api = router(state);
    let app = match pages {
        None => api,
        Some(pages) => with_pages(api, pages),
    };
    crate::http::serve(bound, app, shutdown).await
}

/// The API at its paths (its own JSON 404 included) and the pages everywhere else, each
/// router untouched by the other's fallback and layers.
fn with_pages(api: Router, pages: Router) -> Router {
    use tower::ServiceExt;
    Router::new().fallback(move |request: axum::extract::Request| {
        let path = request.uri().path();
        let to_api = path == "/api" || path.starts_with("/api/") || path == "/openapi.json";
        let service = if to_api { api.clone() } else { pages.clone() };
        async move {
            match service.oneshot(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            }
        }
    })
}
