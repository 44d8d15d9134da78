//! Logging in and out: name, password and (when the account has one) the TOTP code go to
//! `staff::Gate`, whose refusals are shown in words (including how long a slowed-down
//! account must wait); a success starts a new cookie session holding the caller.

use crate::web::lang::SwitchQuery;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use maud::html;
use serde::Deserialize;

use super::frame::{Staff, see_other};
use super::{Console, State, VISITOR_COOKIE};
use crate::http::client::ClientAddr;
use crate::staff::{Attempt, Refusal};
use crate::web::{Lang, Shell, csrf};

/// Longest name and password looked at (longer ones are refused unread).
const MAX_FIELD: usize = 256;

/// `GET /login`.
pub async fn form(axum::extract::State(c): State, headers: HeaderMap) -> Response {
    if c.sessions.get(&headers).is_some() {
        return see_other("/");
    }
    login_page(&c, &headers, StatusCode::OK, None, "")
}

fn login_page(
    c: &Console,
    headers: &HeaderMap,
    status: StatusCode,
    problem: Option<String>,
    name: &str,
) -> Response {
    let lang = Lang::of(headers);
    let (nonce, cookie) = csrf::visitor(headers, VISITOR_COOKIE, c.secure);
    let token = c.csrf.token(&nonce);
    let t = |id, en| lang.pick(id, en);
    let content = html! {
        @if let Some(p) = &problem { p.flash.error role="alert" { (p) } }
        form.login.card method="post" action="/login" {
            input type="hidden" name="csrf" value=(token);
            label for="name" { (t("Nama", "Name")) }
            input #name type="text" name="name" value=(name) autocomplete="username"
                autocapitalize="none" required;
            label for="password" { (t("Kata sandi", "Password")) }
            input #password type="password" name="password" autocomplete="current-password" required;
            label for="totp" { (t("Kode 6 angka (jika diaktifkan)", "6-digit code (if enabled)")) }
            input #totp type="text" name="totp" inputmode="numeric" autocomplete="one-time-code"
                maxlength="8";
            button type="submit" { (t("Masuk", "Log in")) }
        }
        p.muted { (t(
            "Untuk petugas kota, kelurahan dan auditor. Akun dibuat dengan `radkota staff add`.",
            "For city, kelurahan and audit staff. Accounts are made with `radkota staff add`."
        )) }
    };
    let shell = Shell {
        lang,
        site: "radkota konsol",
        title: t("Masuk konsol", "Console login"),
        switch: Some(("/lang", "/login")),
        actions: None,
        refresh: None,
    };
    let mut response = crate::web::layout::html_status(status, shell.render(content));
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// The login form's fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    name: String,
    password: String,
    totp: String,
    csrf: String,
}

/// `POST /login`.
pub async fn log_in(
    axum::extract::State(c): State,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Response {
    let lang = Lang::of(&headers);
    let form = form.map(|f| f.0).unwrap_or_default();
    let nonce = crate::web::session::read_cookie(&headers, VISITOR_COOKIE).unwrap_or_default();
    if !c.csrf.verify(&nonce, &form.csrf) {
        let why = lang.pick(
            "Formulir kedaluwarsa; silakan coba lagi.",
            "The form expired; please try again.",
        );
        return login_page(&c, &headers, StatusCode::FORBIDDEN, Some(why.into()), "");
    }
    let name = form.name.trim();
    if name.len() > MAX_FIELD || form.password.len() > MAX_FIELD {
        let why = Refusal::BadCredentials.words(lang.code());
        return login_page(&c, &headers, StatusCode::UNAUTHORIZED, Some(why), "");
    }
    let attempt = Attempt {
        name,
        password: form.password.as_bytes(),
        totp: Some(form.totp.as_str()),
        client_ip: client,
    };
    match c.gate.login(&attempt, crate::store::now()).await {
        Ok(caller) => {
            tracing::info!(staff = name, %client, "console: logged in");
            let (_, cookie) = c.sessions.start(caller);
            let mut r = see_other("/");
            r.headers_mut().append(header::SET_COOKIE, cookie);
            r
        }
        Err(refusal) => {
            tracing::info!(staff = name, %client, ?refusal, "console: login refused");
            let status = match &refusal {
                Refusal::SlowedDown { .. } => StatusCode::TOO_MANY_REQUESTS,
                Refusal::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
                Refusal::Disabled | Refusal::Misconfigured(_) => StatusCode::FORBIDDEN,
                _ => StatusCode::UNAUTHORIZED,
            };
            let mut r = login_page(&c, &headers, status, Some(refusal.words(lang.code())), name);
            if let Refusal::SlowedDown { retry_after } = refusal {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after.max(1)));
            }
            r
        }
    }
}

/// The fields of forms that carry only the token.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    pub csrf: String,
}

/// `POST /logout` (an auditor may log out too, so only the token is checked).
pub async fn log_out(
    axum::extract::State(c): State,
    staff: Result<Staff, Response>,
    headers: HeaderMap,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Response {
    let Ok(staff) = staff else {
        return see_other("/login");
    };
    let token = form.map(|f| f.0.csrf).unwrap_or_default();
    if !staff.token_ok(&token) {
        return staff.forbidden(staff.t("Formulir tidak sah.", "The form is not valid."));
    }
    let mut r = see_other("/login");
    r.headers_mut()
        .append(header::SET_COOKIE, c.sessions.end(&headers));
    r
}

/// `GET /lang/{code}`.
pub async fn switch_language(
    axum::extract::State(c): State,
    Path(code): Path<String>,
    query: Result<Query<SwitchQuery>, QueryRejection>,
) -> Response {
    crate::web::lang::switch_with(&code, query, c.secure)
}

/// Anything else: the 404 page (in the shell when logged in).
pub async fn not_found(staff: Result<Staff, Response>, headers: HeaderMap) -> Response {
    match staff {
        Ok(staff) => staff.not_found(),
        Err(_) => {
            let lang = Lang::of(&headers);
            let shell = Shell {
                lang,
                site: "radkota konsol",
                title: lang.pick("Tidak ditemukan", "Not found"),
                switch: None,
                actions: None,
                refresh: None,
            };
            let body = html! { p { a href="/login" { (lang.pick("Masuk", "Log in")) } } };
            crate::web::layout::html_status(StatusCode::NOT_FOUND, shell.render(body))
        }
    }
}
