//! "Sisa kuota": the person's own page, on a listener of its own (`[portal] listen`, meant
//! for the hotspots' walled garden; never the admin API's routes). A person logs in with
//! their WiFi username and password (checked by the RADIUS path's argon2 threads, as one
//! more source of their fair queue) and sees what is left, their devices online and their
//! recent logins; they can disconnect a device of theirs and forget a roaming binding.
//! Server-rendered with the kit in `web/`; no script.

mod account;
mod actions;
mod login;
mod texts;
mod view;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};

use crate::accounting::DayZone;
use crate::auth::failures::{Backoff, BackoffSettings};
use crate::auth::seal::Sealer;
use crate::coa::CoaSettings;
use crate::config::Config;
use crate::http::limits::Limits;
use crate::server::context::Context;
use crate::web::{CsrfKey, SessionStore};

/// The fair argon2 queue's source id of the portal's password checks: NAS ids are
/// positive, so the portal's checks queue on their own, in turn with each NAS.
pub const PORTAL_SOURCE: i64 = -1;

/// The session cookie's name.
const SESSION_COOKIE: &str = "rk_portal";
/// The visitor-nonce cookie's name (CSRF token of the login form).
const VISITOR_COOKIE: &str = "rk_visit";
/// Form bodies are a few short fields.
const MAX_BODY: usize = 8 * 1024;
/// Connection bounds: a whole RW may reach the page through one router's address, so the
/// per-address bound is generous; a silent connection is cut after twice the timeout.
const LIMITS: Limits = Limits {
    max_connections: 1024,
    max_per_address: 128,
    // Long enough for the argon2 wait and a CoA round with its retries.
    timeout: Duration::from_secs(30),
};

/// Who is logged in on a session.
#[derive(Debug, Clone)]
struct Person {
    user_id: i64,
    username: String,
}

/// What every handler shares.
struct Portal {
    ctx: Arc<Context>,
    sealer: Sealer,
    coa: CoaSettings,
    zone: DayZone,
    /// Sessions silent for this many interim intervals no longer count as online.
    stale_after_intervals: i64,
    sessions: SessionStore<Person>,
    csrf: CsrfKey,
    /// Wrong passwords per username, and per source address.
    by_user: Backoff,
    by_address: Backoff,
    /// The first pause of either (for `Retry-After`).
    first_pause: Duration,
    /// Marks cookies Secure (once the page is served over TLS).
    secure_cookies: bool,
}

type State = axum::extract::State<Arc<Portal>>;

fn backoff(after: u32, config: &crate::config::PortalConfig) -> Backoff {
    Backoff::new(BackoffSettings {
        after,
        first: Duration::from_secs(config.backoff_secs),
        max: Duration::from_secs(config.backoff_max_secs),
        max_entries: 100_000,
    })
}

/// Serves the page on `[portal] listen` until `shutdown` resolves (the caller starts it
/// only when the address is set).
pub async fn serve(
    config: Config,
    ctx: Arc<Context>,
    sealer: Sealer,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let p = &config.portal;
    let bound = crate::http::bind("portal", &p.listen, &p.http, LIMITS).await?;
    // Under TLS the cookies are Secure whatever the setting says.
    let secure_cookies = p.secure_cookies || bound.tls();
    let state = Arc::new(Portal {
        ctx,
        sealer,
        coa: CoaSettings::from_config(&config.coa),
        zone: config.day_zone(),
        stale_after_intervals: i64::from(config.accounting.stale_after_intervals),
        sessions: SessionStore::new(
            SESSION_COOKIE,
            Duration::from_secs(p.session_minutes.saturating_mul(60)),
            p.max_sessions,
            secure_cookies,
        ),
        csrf: CsrfKey::random(),
        by_user: backoff(p.backoff_after, p),
        by_address: backoff(p.address_backoff_after, p),
        first_pause: Duration::from_secs(p.backoff_secs),
        secure_cookies,
    });
    let app = Router::new()
        .route("/", get(login::home))
        .route("/login", post(login::log_in))
        .route("/logout", post(login::log_out))
        .route("/devices/disconnect", post(actions::disconnect))
        .route("/devices/forget", post(actions::forget))
        .route("/lang/{code}", get(login::switch_language))
        .route(crate::web::STYLESHEET_PATH, get(crate::web::stylesheet))
        .fallback(login::not_found)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn(login::time_limit))
        .layer(axum::middleware::from_fn(crate::web::security_headers))
        .with_state(state);
    crate::http::serve(bound, app, shutdown).await
}

/// A 303 to `to` (a path of this site), setting `cookies`.
fn see_other(to: &'static str, cookies: Vec<axum::http::HeaderValue>) -> axum::response::Response {
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::IntoResponse;
    let mut response = (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, HeaderValue::from_static(to))],
    )
        .into_response();
    for cookie in cookies {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// 303 to the account page with the outcome of an action (one of the words the page knows).
fn done(what: &'static str) -> axum::response::Response {
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::IntoResponse;
    let to = format!("/?done={what}");
    let location = HeaderValue::from_str(&to).unwrap_or(HeaderValue::from_static("/"));
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}
