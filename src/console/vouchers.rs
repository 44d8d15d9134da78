//! Voucher batches in the console: create a batch (plan, count, valid days, area, hotspot
//! URL), list the batches of the person's area, print the slips (A4 or 58 mm, with QR
//! codes) from `vouchers::print`, reprint them, disable a batch or extend it by N days,
//! export it as CSV. The area of a new batch is checked against the operator's own here:
//! the store does not check it.

use std::collections::HashSet;

use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use maud::html;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::frame::{Staff, done, when};
use super::{Console, State};
use crate::store::vouchers::NewBatch;
use crate::store::{NewUser, StoreError};
use crate::vouchers::print::{Format, Sheet};
use crate::vouchers::{self, Credentials};

/// Most vouchers in one batch made from the console (a few A4 sheets' worth per form).
const MAX_COUNT: i64 = 500;
/// Most days one extension adds (a year; more is a new batch).
const MAX_EXTEND_DAYS: i64 = 365;

/// The list's query: the last action's outcome.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    done: String,
}

/// `GET /vouchers`: the create form (not for auditors) and the batches.
pub async fn list(
    axum::extract::State(c): State,
    staff: Staff,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Response {
    let done = q.map(|q| q.0.done).unwrap_or_default();
    list_page(
        &c,
        &staff,
        StatusCode::OK,
        outcome(&staff, &done),
        &CreateForm::default(),
    )
    .await
}

fn outcome(staff: &Staff, done: &str) -> Option<(bool, String)> {
    let text = match done {
        "created" => staff.t("Batch voucher dibuat.", "Voucher batch created."),
        "disabled" => staff.t("Batch dinonaktifkan.", "Batch disabled."),
        "extended" => staff.t("Masa berlaku diperpanjang.", "Validity extended."),
        _ => return None,
    };
    Some((true, text.to_string()))
}

async fn list_page(
    c: &Console,
    staff: &Staff,
    status: StatusCode,
    message: Option<(bool, String)>,
    f: &CreateForm,
) -> Response {
    let batches = match c.store.list_voucher_batches(&staff.caller.scope).await {
        Ok(b) => b,
        Err(e) => return staff.failed(e),
    };
    let plans = c.store.list_plans().await.unwrap_or_default();
    let count = if f.count == 0 { 10 } else { f.count };
    let days = if f.valid_days == 0 { 7 } else { f.valid_days };
    let content = html! {
        @if let Some((ok, text)) = &message {
            p class=(if *ok { "flash ok" } else { "flash error" }) role="status" { (text) }
        }
        @if staff.may_change() {
            form.card.create method="post" action="/vouchers" {
                h2 { (staff.t("Buat batch", "Create a batch")) }
                input type="hidden" name="csrf" value=(staff.token);
                label for="plan" { (staff.t("Paket", "Plan")) }
                select #plan name="plan" { @for p in &plans { option value=(p.name) selected[p.name == f.plan] { (p.name) } } }
                label for="count" { (staff.t("Jumlah", "Count")) }
                input #count type="number" name="count" min="1" max=(MAX_COUNT) value=(count);
                label for="valid_days" { (staff.t("Berlaku (hari sejak login pertama)", "Valid (days from first login)")) }
                input #valid_days type="number" name="valid_days" min="1" max="366" value=(days);
                label for="area" { (staff.t("Area (kode RW)", "Area (RW code)")) }
                input #area type="text" name="area" value=(f.area) required;
                label for="hotspot_url" { (staff.t("Alamat hotspot (mis. http://wifi.rw07)", "Hotspot address (e.g. http://wifi.rw07)")) }
                input #hotspot_url type="text" name="hotspot_url" value=(f.hotspot_url) required;
                label for="prefix" { (staff.t("Awalan nama (opsional)", "Name prefix (optional)")) }
                input #prefix type="text" name="prefix" value=(f.prefix);
                p { button type="submit" { (staff.t("Buat", "Create")) } }
            }
        }
        div.scroll { table.list {
            thead { tr {
                th { "#" } th { (staff.t("Paket", "Plan")) } th { "Area" }
                th { (staff.t("Dipakai", "Used")) } th { (staff.t("Dibuat", "Created")) } th {}
            } }
            tbody { @for b in &batches { tr {
                td { (b.id) }
                td { (b.plan) " · " (b.valid_days) " " (staff.t("hari", "days")) }
                td { (b.area.as_deref().unwrap_or("—")) }
                td { (b.used) " / " (b.count) @if b.disabled > 0 { " · " (b.disabled) " " (staff.t("nonaktif", "disabled")) } }
                td { (when(c, b.created_at)) br; span.muted { (b.created_by) } }
                td.batch-actions {
                    @if staff.may_change() {
                        div.links { (staff.t("Cetak ulang", "Reprint")) ": "
                            a.reprint-a4 href={ "/vouchers/" (b.id) "/print?format=a4" } { "A4" } " · "
                            a.reprint-58mm href={ "/vouchers/" (b.id) "/print?format=58mm" } { "58 mm" }
                            " · " a href={ "/vouchers/" (b.id) "/export" } { (staff.t("Ekspor CSV", "Export CSV")) } }
                        form.inline.extend method="post" action={ "/vouchers/" (b.id) "/extend" } {
                            input type="hidden" name="csrf" value=(staff.token);
                            label { (staff.t("Perpanjang", "Extend")) " "
                                input.days type="number" name="days" min="1" max=(MAX_EXTEND_DAYS) value="7" required;
                                " " (staff.t("hari", "days")) }
                            button.secondary type="submit" { (staff.t("Perpanjang", "Extend")) }
                        }
                        form.inline method="post" action={ "/vouchers/" (b.id) "/disable" } {
                            input type="hidden" name="csrf" value=(staff.token);
                            button.danger type="submit" { (staff.t("Nonaktifkan", "Disable")) }
                        }
                    }
                }
            } } }
        } }
    };
    staff.page(status, "Voucher", "/vouchers", content)
}

/// The create form's fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CreateForm {
    csrf: String,
    plan: String,
    count: i64,
    valid_days: i64,
    area: String,
    hotspot_url: String,
    prefix: String,
}

/// `POST /vouchers`.
pub async fn create(
    axum::extract::State(c): State,
    staff: Staff,
    form: Result<Form<CreateForm>, FormRejection>,
) -> Response {
    let f = form.map(|f| f.0).unwrap_or_default();
    if let Some(r) = staff.refuse(&f.csrf) {
        return r;
    }
    let refused = |text: String| {
        let c = &c;
        let staff = &staff;
        let f = &f;
        async move {
            list_page(
                c,
                staff,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((false, text)),
                f,
            )
            .await
        }
    };
    let area = f.area.trim();
    let inside = match c.store.get_area(area).await {
        Ok(Some(a)) => staff.caller.scope.contains_path(&a.path),
        Ok(None) => false,
        Err(e) => return staff.failed(e),
    };
    if !inside {
        return refused(
            staff
                .t(
                    "Area tidak ada atau di luar area Anda.",
                    "No such area, or outside your own.",
                )
                .into(),
        )
        .await;
    }
    if !(1..=MAX_COUNT).contains(&f.count) || !(1..=366).contains(&f.valid_days) {
        return refused(format!(
            "{} 1–{MAX_COUNT}; {} 1–366",
            staff.t("Jumlah", "Count"),
            staff.t("hari", "days")
        ))
        .await;
    }
    let prefix = f.prefix.trim();
    if !vouchers::valid_prefix(prefix) {
        return refused(
            staff
                .t(
                    "Awalan: huruf kecil, angka dan '-', paling banyak 16.",
                    "Prefix: lowercase letters, digits and '-', at most 16.",
                )
                .into(),
        )
        .await;
    }
    let Some(url) = vouchers::normalise_hotspot_url(&f.hotspot_url) else {
        return refused(
            staff
                .t(
                    "Alamat hotspot harus http:// atau https://.",
                    "The hotspot address must be http:// or https://.",
                )
                .into(),
        )
        .await;
    };
    let taken: HashSet<String> = match c.store.all_usernames().await {
        Ok(t) => t.into_iter().collect(),
        Err(e) => return staff.failed(e),
    };
    let creds = vouchers::credentials(&mut rand::rngs::OsRng, prefix, f.count as usize, &taken);
    let users = match hash_all(&c, creds, f.plan.trim()).await {
        Ok(u) => u,
        Err(e) => return staff.failed(e),
    };
    let batch = NewBatch {
        plan: f.plan.trim().to_string(),
        area: Some(area.to_string()),
        valid_days: f.valid_days,
        hotspot_url: url,
        prefix: prefix.to_string(),
    };
    match c
        .store
        .create_voucher_batch(&batch, &users, &staff.caller.actor)
        .await
    {
        Ok(_) => done("/vouchers", "created"),
        Err(StoreError::NotFound { kind, name }) => refused(format!("{kind} '{name}'?")).await,
        Err(e) => staff.failed(e),
    }
}

/// The vouchers' users: each password hashed and sealed, off the async workers.
async fn hash_all(
    c: &Console,
    creds: Vec<Credentials>,
    plan: &str,
) -> Result<Vec<NewUser>, String> {
    let (params, sealer, plan) = (c.argon2, c.sealer.clone(), plan.to_string());
    tokio::task::spawn_blocking(move || {
        creds
            .iter()
            .map(|cr| {
                let hash = crate::auth::pap::hash_password(cr.password.as_bytes(), &params)
                    .map_err(|e| e.to_string())?;
                Ok(NewUser {
                    username: cr.username.clone(),
                    plan: plan.clone(),
                    password_hash: hash,
                    sealed_password: Some(sealer.seal(cr.password.as_bytes())),
                    full_name: None,
                    expires_at: None,
                })
            })
            .collect()
    })
    .await
    .map_err(|e| e.to_string())?
}

/// A batch inside the person's area with its passwords opened; auditors never see them.
async fn opened(
    c: &Console,
    staff: &Staff,
    id: i64,
) -> Result<(crate::store::vouchers::BatchRecord, Vec<Credentials>), Response> {
    if !staff.may_change() {
        return Err(staff.forbidden(staff.t(
            "Peran auditor tidak melihat kata sandi.",
            "The auditor role does not see passwords.",
        )));
    }
    let batch = match c.store.voucher_batch(id, &staff.caller.scope).await {
        Ok(Some(b)) => b,
        Ok(None) => return Err(staff.not_found()),
        Err(e) => return Err(staff.failed(e)),
    };
    let list = c.store.vouchers(id).await.map_err(|e| staff.failed(e))?;
    let mut creds = Vec::with_capacity(list.len());
    for v in list {
        let Some(sealed) = &v.sealed_password else {
            continue;
        };
        let password = c
            .sealer
            .open(sealed)
            .ok()
            .and_then(|p| String::from_utf8(p).ok());
        if let Some(password) = password {
            creds.push(Credentials {
                username: v.username,
                password,
            });
        }
    }
    Ok((batch, creds))
}

/// The print page's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PrintQuery {
    format: String,
}

/// `GET /vouchers/{id}/print?format=a4|58mm`.
pub async fn print(
    axum::extract::State(c): State,
    staff: Staff,
    Path(id): Path<i64>,
    q: Result<Query<PrintQuery>, QueryRejection>,
) -> Response {
    let format = q
        .ok()
        .and_then(|q| Format::parse(&q.0.format))
        .unwrap_or(Format::A4);
    let (batch, creds) = match opened(&c, &staff, id).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    let place = match &batch.area {
        Some(code) => c.store.get_area(code).await.ok().flatten().map(|a| a.name),
        None => None,
    };
    let page = crate::vouchers::print::render(&Sheet {
        batch_id: batch.id,
        plan: &batch.plan,
        valid_days: batch.valid_days,
        place: place.as_deref(),
        hotspot_url: &batch.hotspot_url,
        slips: &creds,
        format,
        lang: staff.lang.code(),
    });
    let csp = print_policy(&page);
    let mut r = crate::web::layout::html_status(StatusCode::OK, maud::PreEscaped(page));
    if let Ok(v) = HeaderValue::from_str(&csp) {
        r.headers_mut().insert(header::CONTENT_SECURITY_POLICY, v);
    }
    r
}

/// The print page's policy: the console's, with its one inline stylesheet allowed by hash.
fn print_policy(page: &str) -> String {
    let style = page
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map(|(s, _)| s)
        .unwrap_or("");
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(style.as_bytes()));
    format!(
        "default-src 'none'; style-src 'sha256-{hash}'; img-src 'self' data:; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
}

/// `GET /vouchers/{id}/export`: username,password,status as CSV.
pub async fn export(axum::extract::State(c): State, staff: Staff, Path(id): Path<i64>) -> Response {
    let (batch, creds) = match opened(&c, &staff, id).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["username", "password"]);
    for cr in &creds {
        let _ = w.write_record([&cr.username, &cr.password]);
    }
    let body = w.into_inner().unwrap_or_default();
    let disposition = format!("attachment; filename=\"vouchers-{}.csv\"", batch.id);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response()
}

/// The batch forms' fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BatchForm {
    csrf: String,
    /// Text, so that a word typed instead of a number is answered in the page.
    days: String,
}

/// `POST /vouchers/{id}/disable`.
pub async fn disable(
    axum::extract::State(c): State,
    staff: Staff,
    Path(id): Path<i64>,
    form: Result<Form<BatchForm>, FormRejection>,
) -> Response {
    let f = form.map(|f| f.0).unwrap_or_default();
    if let Some(r) = staff.refuse(&f.csrf) {
        return r;
    }
    match c
        .store
        .disable_voucher_batch(id, &staff.caller.scope, &staff.caller.actor)
        .await
    {
        Ok(_) => done("/vouchers", "disabled"),
        Err(StoreError::NotFound { .. }) => staff.not_found(),
        Err(e) => staff.failed(e),
    }
}

/// `POST /vouchers/{id}/extend`.
pub async fn extend(
    axum::extract::State(c): State,
    staff: Staff,
    Path(id): Path<i64>,
    form: Result<Form<BatchForm>, FormRejection>,
) -> Response {
    let f = form.map(|f| f.0).unwrap_or_default();
    if let Some(r) = staff.refuse(&f.csrf) {
        return r;
    }
    let days = f.days.trim().parse::<i64>().unwrap_or(0);
    if !(1..=MAX_EXTEND_DAYS).contains(&days) {
        let text = format!(
            "{} 1–{MAX_EXTEND_DAYS}",
            staff.t("Perpanjangan dalam hari:", "Extension in days:")
        );
        return list_page(
            &c,
            &staff,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some((false, text)),
            &CreateForm::default(),
        )
        .await;
    }
    match c
        .store
        .extend_voucher_batch(id, days, &staff.caller.scope, &staff.caller.actor)
        .await
    {
        Ok(_) => done("/vouchers", "extended"),
        Err(StoreError::NotFound { .. }) => staff.not_found(),
        Err(e) => staff.failed(e),
    }
}
