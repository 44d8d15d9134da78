//! Logging in and out: the password goes through the RADIUS path's caches and argon2
//! threads (the portal's own turn in their fair queue); an unknown name costs the same
//! verification as a wrong password and reads the same; wrong passwords in a row slow the
//! username, and in greater number the source address, down.

use crate::web::lang::SwitchQuery;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::view::LoginProblem;
use super::{PORTAL_SOURCE, Person, Portal, State, VISITOR_COOKIE, see_other};
use crate::auth::argon2_pool::Checked;
use crate::auth::pap_check::Known;
use crate::http::client::ClientAddr;
use crate::web::{Lang, csrf};

/// Longest username (RADIUS User-Name's room) and password (User-Password's) checked.
const MAX_USERNAME: usize = 253;
const MAX_PASSWORD: usize = 128;

/// The query of `GET /`: the outcome of the last action, shown once.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct HomeQuery {
    done: String,
}

/// `GET /`: the account page when logged in, the login form otherwise.
pub async fn home(
    axum::extract::State(p): State,
    headers: HeaderMap,
    query: Result<Query<HomeQuery>, QueryRejection>,
) -> Response {
    let lang = Lang::of(&headers);
    let Some((sid, person)) = p.sessions.get(&headers) else {
        return login_form(&p, &headers, lang, None, "");
    };
    let done = query.map(|q| q.0.done).unwrap_or_default();
    match super::account::load(&p, &person).await {
        Ok(Some(account)) => {
            let token = p.csrf.token(&sid);
            crate::web::html(super::view::account_page(lang, &account, &token, &done))
        }
        // The account is gone (deleted or forgotten): the session with it.
        Ok(None) => see_other("/", vec![p.sessions.end(&headers)]),
        Err(e) => {
            tracing::warn!(error = %e, "portal: cannot read the account");
            super::view::unavailable(lang)
        }
    }
}

/// The login form, with a visitor nonce cookie when the browser has none yet.
fn login_form(
    p: &Portal,
    headers: &HeaderMap,
    lang: Lang,
    problem: Option<LoginProblem>,
    username: &str,
) -> Response {
    let (nonce, cookie) = csrf::visitor(headers, VISITOR_COOKIE, p.secure_cookies);
    let token = p.csrf.token(&nonce);
    let status = match problem {
        None => StatusCode::OK,
        Some(LoginProblem::Credentials) => StatusCode::UNAUTHORIZED,
        Some(LoginProblem::Empty) => StatusCode::BAD_REQUEST,
        Some(LoginProblem::Expired) => StatusCode::FORBIDDEN,
        Some(LoginProblem::Throttled) => StatusCode::TOO_MANY_REQUESTS,
        Some(LoginProblem::Busy) => StatusCode::SERVICE_UNAVAILABLE,
    };
    let page = super::view::login_page(lang, &token, problem, username);
    let mut response = crate::web::layout::html_status(status, page);
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    if problem == Some(LoginProblem::Throttled) {
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(p.first_pause.as_secs().max(1)),
        );
    }
    response
}

/// The login form's fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    username: String,
    password: String,
    csrf: String,
}

/// `POST /login`.
pub async fn log_in(
    axum::extract::State(p): State,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Response {
    let lang = Lang::of(&headers);
    let form = form.map(|f| f.0).unwrap_or_default();
    let nonce = crate::web::session::read_cookie(&headers, VISITOR_COOKIE).unwrap_or_default();
    if !p.csrf.verify(&nonce, &form.csrf) {
        return login_form(&p, &headers, lang, Some(LoginProblem::Expired), "");
    }
    let username = form.username.trim();
    if username.is_empty() || form.password.is_empty() {
        return login_form(&p, &headers, lang, Some(LoginProblem::Empty), username);
    }
    // The listener's reading of the client: behind a trusted proxy, the address it
    // forwarded for, so one RW's guesser is not every RW's.
    let address = client.to_string();
    // Before any read or hash, so a guesser costs nothing while paused.
    if p.by_user.paused(username, PORTAL_SOURCE) || p.by_address.paused(&address, 0) {
        tracing::info!(username, %address, "portal: login refused, backing off");
        return login_form(&p, &headers, lang, Some(LoginProblem::Throttled), username);
    }
    let checked = check_password(&p, username, form.password.as_bytes()).await;
    let person = match checked {
        Ok(Some(person)) => person,
        Ok(None) => {
            p.by_user.failed(username, PORTAL_SOURCE);
            p.by_address.failed(&address, 0);
            tracing::info!(username, %address, "portal: wrong username or password");
            return login_form(
                &p,
                &headers,
                lang,
                Some(LoginProblem::Credentials),
                username,
            );
        }
        Err(()) => return login_form(&p, &headers, lang, Some(LoginProblem::Busy), username),
    };
    p.by_user.succeeded(username, PORTAL_SOURCE);
    tracing::info!(username, %address, "portal: logged in");
    let (_, cookie) = p.sessions.start(person);
    see_other("/", vec![cookie])
}

/// The person whose password this is: `Ok(None)` for a wrong password and an unknown name
/// alike (the latter verified against a dummy hash, so both take an argon2 run);
/// `Err` when the check was shed (queue full, shutting down) or the store failed.
async fn check_password(p: &Portal, username: &str, password: &[u8]) -> Result<Option<Person>, ()> {
    if username.len() > MAX_USERNAME || password.len() > MAX_PASSWORD {
        return Ok(None);
    }
    let user = p.ctx.store.user_for_auth(username).await.map_err(|e| {
        tracing::warn!(error = %e, "portal: cannot read the user");
    })?;
    let phc = user.as_ref().map(|u| u.user.password_hash.as_str());
    let pap = &p.ctx.authenticator.pap;
    let matches = match pap.known(username, password, phc) {
        Known::Good => true,
        Known::Bad => false,
        Known::Unknown => match pap.verify(PORTAL_SOURCE, username, password, phc).await {
            Checked::Match => true,
            Checked::Mismatch => false,
            Checked::Shed(shed) => {
                tracing::warn!(reason = shed.reason(), "portal: password check shed");
                return Err(());
            }
        },
    };
    Ok(match user {
        Some(u) if matches => Some(Person {
            user_id: u.user.id,
            username: u.user.username.clone(),
        }),
        _ => None,
    })
}

/// The fields of the forms that carry only the token.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    csrf: String,
}

/// `POST /logout`.
pub async fn log_out(
    axum::extract::State(p): State,
    headers: HeaderMap,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Response {
    let token = form.map(|f| f.0.csrf).unwrap_or_default();
    match p.sessions.get(&headers) {
        Some((sid, _)) if p.csrf.verify(&sid, &token) => {
            see_other("/", vec![p.sessions.end(&headers)])
        }
        Some(_) => super::view::forbidden(Lang::of(&headers)),
        None => see_other("/", Vec::new()),
    }
}

/// `GET /lang/{code}`.
pub async fn switch_language(
    axum::extract::State(p): State,
    Path(code): Path<String>,
    query: Result<Query<SwitchQuery>, QueryRejection>,
) -> Response {
    crate::web::lang::switch_with(&code, query, p.secure_cookies)
}

/// Anything else: a page that says so.
pub async fn not_found(headers: HeaderMap) -> Response {
    let lang = Lang::of(&headers);
    super::view::message_page(
        StatusCode::NOT_FOUND,
        lang,
        lang.pick("Halaman tidak ada", "No such page"),
        lang.pick(
            "Alamat ini tidak ada di sini.",
            "There is nothing at this address.",
        ),
    )
}

/// A request that takes longer than the bound is answered 503 and its work dropped.
pub async fn time_limit(request: Request, next: Next) -> Response {
    match tokio::time::timeout(super::LIMITS.timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "took too long; try again").into_response(),
    }
}
