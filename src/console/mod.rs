//! The web console (issue 18): server-rendered pages for the city's staff on the admin
//! listener, next to `/api/v1`. Staff log in as people (`staff::Gate`: argon2, TOTP,
//! back-off); a login becomes the same `Caller` the API makes of a token, so every page
//! reads and changes through the API's store functions with the same role and area rules,
//! audited under the person's name. No script; CSRF tokens on every form.

mod audit;
mod frame;
mod hotspot_edit;
mod hotspots;
mod import;
mod import_jobs;
mod limits;
mod login;
mod reports;
mod sessions;
mod user_actions;
mod users;
mod vouchers;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};

use crate::accounting::DayZone;
use crate::admin::auth::Caller;
use crate::auth::argon2_pool::{Argon2Pool, PoolSettings};
use crate::auth::pap::Argon2Params;
use crate::auth::seal::Sealer;
use crate::coa::CoaSettings;
use crate::config::Config;
use crate::reports::pseudonym::Pseudonymiser;
use crate::staff::Gate;
use crate::store::Store;
use crate::web::{CsrfKey, SessionStore};

/// The session cookie's name.
const SESSION_COOKIE: &str = "rk_console";
/// The visitor-nonce cookie's name (CSRF token of the login form).
const VISITOR_COOKIE: &str = "rk_console_visit";
/// A console session lasts a working day at most.
const SESSION_TTL: Duration = Duration::from_secs(10 * 3600);
/// Sessions held at once (staff are a few hundred people).
const MAX_SESSIONS: usize = 10_000;
/// Form bodies: a CSV import of a few thousand rows at most.
const MAX_BODY: usize = 2 * 1024 * 1024;

/// What every page shares.
pub struct Console {
    store: Store,
    sealer: Sealer,
    argon2: Argon2Params,
    coa: CoaSettings,
    zone: DayZone,
    gate: Gate,
    sessions: SessionStore<Caller>,
    csrf: CsrfKey,
    /// Cookies marked Secure (the listener speaks TLS).
    secure: bool,
    /// Auditors see users under pseudonyms made with this key, drawn at start and never
    /// stored: stable while the server runs, so an auditor can relate rows.
    pseudonyms: Pseudonymiser,
    /// The configuration, for the hotspots' RouterOS snippets.
    config: Arc<Config>,
    /// CSV imports running or recently finished.
    imports: import_jobs::Jobs,
}

type State = axum::extract::State<Arc<Console>>;

/// The console's routes with their state, ready to be served next to the API (`tls`: the
/// admin listener speaks TLS, so cookies are Secure).
pub async fn pages(
    config: &Config,
    store: Store,
    sealer: Sealer,
    tls: bool,
) -> anyhow::Result<Router> {
    // A thread of its own for staff passwords: a guessing run on the console queues here
    // and never takes a RADIUS verification's turn.
    let argon2 = Argon2Pool::new(PoolSettings {
        workers: 1,
        queue_per_nas: 16,
        max_wait: Duration::from_secs(20),
    })?;
    let gate = Gate::new(
        store.clone(),
        sealer.clone(),
        Arc::new(argon2),
        config.auth.argon2,
    )
    .await?;
    let state = Arc::new(Console {
        store,
        sealer,
        argon2: config.auth.argon2,
        coa: CoaSettings::from_config(&config.coa),
        zone: config.day_zone(),
        gate,
        sessions: SessionStore::new(SESSION_COOKIE, SESSION_TTL, MAX_SESSIONS, tls),
        csrf: CsrfKey::random(),
        secure: tls,
        pseudonyms: Pseudonymiser::random(),
        config: Arc::new(config.clone()),
        imports: import_jobs::Jobs::default(),
    });
    Ok(Router::new()
        .route("/", get(hotspots::dashboard))
        .route("/login", get(login::form).post(login::log_in))
        .route("/logout", post(login::log_out))
        .route("/lang/{code}", get(login::switch_language))
        .route("/users", get(users::list).post(user_actions::add))
        .route("/users/new", get(user_actions::add_form))
        .route("/users/{name}", get(users::show))
        .route("/users/{name}/status", post(user_actions::status))
        .route("/users/{name}/password", post(user_actions::password))
        .route("/users/{name}/limits", post(limits::save))
        .route("/users/{name}/disconnect", post(user_actions::disconnect))
        .route("/vouchers", get(vouchers::list).post(vouchers::create))
        .route("/vouchers/{id}/print", get(vouchers::print))
        .route("/vouchers/{id}/export", get(vouchers::export))
        .route("/vouchers/{id}/disable", post(vouchers::disable))
        .route("/vouchers/{id}/extend", post(vouchers::extend))
        .route("/hotspots", get(hotspots::list).post(hotspot_edit::add))
        .route("/hotspots/new", get(hotspot_edit::add_form))
        .route(
            "/hotspots/{name}",
            get(hotspots::show).post(hotspot_edit::save),
        )
        .route("/hotspots/{name}/edit", get(hotspot_edit::edit_form))
        .route("/plans", get(hotspots::plans))
        .route("/reports", get(reports::page))
        .route("/reports/download", get(reports::download))
        .route("/import", get(import::form).post(import::import))
        .route("/import/{id}", get(import::progress))
        .route("/sessions", get(sessions::list))
        .route("/sessions/{id}/disconnect", post(sessions::disconnect))
        .route("/audit", get(audit::list).post(audit::verify))
        .route(crate::web::STYLESHEET_PATH, get(crate::web::stylesheet))
        .fallback(login::not_found)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn(crate::web::security_headers))
        .with_state(state))
}
