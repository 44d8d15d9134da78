//! What the console changes about users: add, disable/enable, a new password, disconnect.
//! Each is a form with the session's CSRF token, refused to auditors (403), scoped to the
//! operator's area (404 outside it), and audited under the person's name by the store.

use axum::Form;
use axum::extract::Path;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;

use super::frame::{Staff, done, seg};
use super::{Console, State};
use crate::auth::pap::hash_password;
use crate::coa::SessionTarget;
use crate::import::check_username;
use crate::store::{NewUser, SessionQuery, StoreError, UserExtra, UserStatus, UserView};

/// The one-line outcome of the last action, from `?done=`.
pub fn outcome(staff: &Staff, done: &str) -> Markup {
    let text = match done {
        "added" => staff.t("Pengguna ditambahkan.", "User added."),
        "disabled" => staff.t("Pengguna dinonaktifkan.", "User disabled."),
        "active" => staff.t("Pengguna diaktifkan.", "User enabled."),
        "password" => staff.t("Kata sandi baru disimpan.", "New password saved."),
        "limits" => staff.t("Batas disimpan.", "Limits saved."),
        "disconnected" => staff.t("Sesi diputus.", "Sessions disconnected."),
        "none" => staff.t("Tidak ada sesi terbuka.", "No open session."),
        "failed" => staff.t(
            "Hotspot tidak menjawab permintaan putus.",
            "The hotspot did not answer the disconnect request.",
        ),
        _ => return html! {},
    };
    let class = if done == "failed" {
        "flash warn"
    } else {
        "flash ok"
    };
    html! { p class=(class) role="status" { (text) } }
}

/// The forms of a user's page (not shown to auditors).
pub fn forms(staff: &Staff, u: &UserView) -> Markup {
    let base = format!("/users/{}", seg(&u.username));
    let (to, label, class) = if u.status == "disabled" {
        ("active", staff.t("Aktifkan", "Enable"), "secondary")
    } else {
        ("disabled", staff.t("Nonaktifkan", "Disable"), "danger")
    };
    html! {
        section.card.actions {
            h2 { (staff.t("Tindakan", "Actions")) }
            div.buttons {
                form.inline method="post" action={ (base) "/status" } {
                    input type="hidden" name="csrf" value=(staff.token);
                    input type="hidden" name="status" value=(to);
                    button.(class) type="submit" { (label) }
                }
                form.inline method="post" action={ (base) "/disconnect" } {
                    input type="hidden" name="csrf" value=(staff.token);
                    button.secondary type="submit" { (staff.t("Putuskan semua sesi", "Disconnect all sessions")) }
                }
            }
            form method="post" action={ (base) "/password" } {
                input type="hidden" name="csrf" value=(staff.token);
                label for="new-password" { (staff.t("Kata sandi baru", "New password")) }
                input #new-password type="password" name="password" autocomplete="new-password" required;
                button.secondary type="submit" { (staff.t("Simpan kata sandi", "Save password")) }
            }
        }
    }
}

/// `GET /users/new`.
pub async fn add_form(axum::extract::State(c): State, staff: Staff) -> Response {
    if !staff.may_change() {
        return staff.forbidden(staff.t(
            "Peran auditor hanya dapat melihat.",
            "The auditor role can only look.",
        ));
    }
    add_page(&c, &staff, StatusCode::OK, None, &AddForm::default()).await
}

async fn add_page(
    c: &Console,
    staff: &Staff,
    status: StatusCode,
    problem: Option<String>,
    f: &AddForm,
) -> Response {
    let plans = c.store.list_plans().await.unwrap_or_default();
    let content = html! {
        @if let Some(p) = &problem { p.flash.error role="alert" { (p) } }
        form.card method="post" action="/users" {
            input type="hidden" name="csrf" value=(staff.token);
            label for="username" { (staff.t("Nama pengguna", "Username")) }
            input #username type="text" name="username" value=(f.username) required autocapitalize="none";
            label for="password" { (staff.t("Kata sandi", "Password")) }
            input #password type="password" name="password" required autocomplete="new-password";
            label for="plan" { (staff.t("Paket", "Plan")) }
            select #plan name="plan" {
                @for p in &plans { option value=(p.name) selected[p.name == f.plan] { (p.name) " — " (p.description) } }
            }
            label for="area" { (staff.t("Area (kode RW/kelurahan)", "Area (RW/kelurahan code)")) }
            input #area type="text" name="area" value=(f.area);
            label for="full_name" { (staff.t("Nama lengkap", "Full name")) }
            input #full_name type="text" name="full_name" value=(f.full_name);
            p { button type="submit" { (staff.t("Tambah", "Add")) } }
        }
    };
    staff.page(
        status,
        staff.t("Tambah pengguna", "Add user"),
        "/users/new",
        content,
    )
}

/// The add form's fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AddForm {
    csrf: String,
    username: String,
    password: String,
    plan: String,
    area: String,
    full_name: String,
}

/// `POST /users`.
pub async fn add(
    axum::extract::State(c): State,
    staff: Staff,
    form: Result<Form<AddForm>, FormRejection>,
) -> Response {
    let f = form.map(|f| f.0).unwrap_or_default();
    if let Some(r) = staff.refuse(&f.csrf) {
        return r;
    }
    let username = f.username.trim();
    let area = Some(f.area.trim()).filter(|a| !a.is_empty());
    let problem = check_new(&c, &staff, username, &f.password, area)
        .await
        .err();
    if let Some(p) = problem {
        return add_page(&c, &staff, StatusCode::UNPROCESSABLE_ENTITY, Some(p), &f).await;
    }
    let (hash, sealed) = match protect(&c, f.password.clone()).await {
        Ok(p) => p,
        Err(e) => return staff.failed(e),
    };
    let user = NewUser {
        username: username.to_string(),
        plan: f.plan.trim().to_string(),
        password_hash: hash,
        sealed_password: Some(sealed),
        full_name: Some(f.full_name.trim().to_string()).filter(|n| !n.is_empty()),
        expires_at: None,
    };
    let extra = UserExtra {
        area: area.map(str::to_string),
        ..UserExtra::default()
    };
    match c
        .store
        .add_user_audited(&user, &extra, &staff.caller.actor)
        .await
    {
        Ok(_) => done(&format!("/users/{}", seg(username)), "added"),
        Err(StoreError::Duplicate { .. }) => {
            let p = staff
                .t("Nama pengguna sudah dipakai.", "That username is taken.")
                .to_string();
            add_page(&c, &staff, StatusCode::CONFLICT, Some(p), &f).await
        }
        Err(StoreError::NotFound { kind, name }) => {
            let p = format!("{}: {kind} '{name}'", staff.t("Tidak ada", "No such"));
            add_page(&c, &staff, StatusCode::UNPROCESSABLE_ENTITY, Some(p), &f).await
        }
        Err(e) => staff.failed(e),
    }
}

/// Why a new user cannot be added as typed, in the person's language.
async fn check_new(
    c: &Console,
    staff: &Staff,
    username: &str,
    password: &str,
    area: Option<&str>,
) -> Result<(), String> {
    check_username(username)
        .map_err(|e| format!("{}: {e}", staff.t("Nama pengguna", "Username")))?;
    check_password(password).map_err(|e| e.to_string())?;
    // An operator adds users inside their own area only (the store does not check).
    if !staff.may_use_area(&c.store, area).await {
        return Err(staff
            .t(
                "Area harus di dalam area Anda.",
                "The area must be inside your own.",
            )
            .into());
    }
    c.store
        .check_area(area, false)
        .await
        .map_err(|e| e.to_string())
}

fn check_password(p: &str) -> Result<(), &'static str> {
    if p.is_empty() || p.chars().count() > 128 || p.chars().any(char::is_control) {
        return Err("password: 1 to 128 characters, no control characters");
    }
    Ok(())
}

/// The argon2 hash and the sealed copy of a password (off the async workers).
async fn protect(c: &Console, password: String) -> Result<(String, Vec<u8>), String> {
    let params = c.argon2;
    let sealer = c.sealer.clone();
    tokio::task::spawn_blocking(move || {
        let hash = hash_password(password.as_bytes(), &params).map_err(|e| e.to_string())?;
        Ok((hash, sealer.seal(password.as_bytes())))
    })
    .await
    .map_err(|e| e.to_string())?
}

/// The status form's fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StatusForm {
    csrf: String,
    status: String,
}

/// `POST /users/{name}/status`.
pub async fn status(
    axum::extract::State(c): State,
    staff: Staff,
    Path(name): Path<String>,
    form: Result<Form<StatusForm>, FormRejection>,
) -> Response {
    let f = form.map(|f| f.0).unwrap_or_default();
    if let Some(r) = staff.refuse(&f.csrf) {
        return r;
    }
    let Some(status) = UserStatus::parse(&f.status) else {
        return staff.not_found();
    };
    let scope = &staff.caller.scope;
    match c
        .store
        .set_user_status_audited(&name, status, scope, &staff.caller.actor)
        .await
    {
        Ok(_) => done(&format!("/users/{}", seg(&name)), &f.status),
        Err(StoreError::NotFound { .. }) => staff.not_found(),
        Err(e) => staff.failed(e),
    }
}

/// The password form's fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    csrf: String,
    password: String,
}

/// `POST /users/{name}/password`.
pub async fn password(
    axum::extract::State(c): State,
    staff: Staff,
    Path(name): Path<String>,
    form: Result<Form<PasswordForm>, FormRejection>,
) -> Response {
    let f = form.map(|f| f.0).unwrap_or_default();
    if let Some(r) = staff.refuse(&f.csrf) {
        return r;
    }
    let scope = &staff.caller.scope;
    // Scope first, so a name outside the area costs no hash.
    match c.store.get_user_view(&name, scope).await {
        Ok(Some(_)) => {}
        Ok(None) => return staff.not_found(),
        Err(e) => return staff.failed(e),
    }
    if let Err(e) = check_password(&f.password) {
        return staff.page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &name,
            "/",
            html! { p.flash.error { (e) } },
        );
    }
    let (hash, sealed) = match protect(&c, f.password).await {
        Ok(p) => p,
        Err(e) => return staff.failed(e),
    };
    match c
        .store
        .set_user_password_audited(&name, &hash, Some(&sealed), scope, &staff.caller.actor)
        .await
    {
        Ok(_) => done(&format!("/users/{}", seg(&name)), "password"),
        Err(StoreError::NotFound { .. }) => staff.not_found(),
        Err(e) => staff.failed(e),
    }
}

/// `POST /users/{name}/disconnect`: every open session of the user (an operator: those on
/// hotspots in their area), as the API's disconnect does.
pub async fn disconnect(
    axum::extract::State(c): State,
    staff: Staff,
    Path(name): Path<String>,
    form: Result<Form<super::login::TokenForm>, FormRejection>,
) -> Response {
    let token = form.map(|f| f.0.csrf).unwrap_or_default();
    if let Some(r) = staff.refuse(&token) {
        return r;
    }
    let scope = &staff.caller.scope;
    match c.store.get_user_view(&name, scope).await {
        Ok(Some(_)) => {}
        Ok(None) => return staff.not_found(),
        Err(e) => return staff.failed(e),
    }
    let q = SessionQuery {
        username: Some(name.clone()),
        nas: None,
        open_only: true,
    };
    let sessions = match c.store.list_session_views(scope, &q, 100, 0).await {
        Ok(s) => s,
        Err(e) => return staff.failed(e),
    };
    let back = format!("/users/{}", seg(&name));
    if sessions.is_empty() {
        return done(&back, "none");
    }
    let nas = match c.store.list_nas().await {
        Ok(n) => n,
        Err(e) => return staff.failed(e),
    };
    let targets: Vec<SessionTarget> = sessions.iter().map(SessionTarget::from).collect();
    let results = crate::coa::disconnect_all(&nas, &c.sealer, &c.coa, &targets).await;
    let acked = results
        .iter()
        .filter(|r| matches!(r, Ok(o) if o.is_ack()))
        .count();
    let details = serde_json::json!({"sessions": sessions.len(), "acknowledged": acked});
    let target = format!("user:{name}");
    if let Err(e) = c
        .store
        .audit_action(&staff.caller.actor, "session.disconnect", &target, &details)
        .await
    {
        tracing::warn!(error = %e, "console: the disconnect was sent but not audited");
    }
    done(
        &back,
        if acked == sessions.len() {
            "disconnected"
        } else {
            "failed"
        },
    )
}
