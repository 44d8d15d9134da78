//! The audit log page: newest changes first, who made each (staff under their name, API
//! tokens, the CLI) from which address, and a button that verifies the hash chain. Admins
//! and auditors only, as in the API; an auditor sees user targets as pseudonyms.

use axum::Form;
use axum::extract::Query;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;

use super::frame::{Staff, when};
use super::{Console, State};
use crate::store::{AuditFilter, AuditVerdict, Role};

/// Rows per page.
const PAGE: i64 = 50;

/// The page's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    page: i64,
}

/// `GET /audit`.
pub async fn list(
    axum::extract::State(c): State,
    staff: Staff,
    q: Result<Query<AuditQuery>, QueryRejection>,
) -> Response {
    let page = q.map(|q| q.0.page).unwrap_or_default().max(1);
    render(&c, &staff, page, html! {}).await
}

async fn render(c: &Console, staff: &Staff, page: i64, verdict: Markup) -> Response {
    if staff.role() == Role::Operator {
        return staff.forbidden(staff.t(
            "Log audit untuk admin dan auditor.",
            "The audit log is for admins and auditors.",
        ));
    }
    let filter = AuditFilter::default();
    let total = match c.store.count_audit(&filter).await {
        Ok(n) => n,
        Err(e) => return staff.failed(e),
    };
    // Stored oldest first: page 1 is the last PAGE rows, shown newest first.
    let offset = (total - page * PAGE).max(0);
    let limit = (total - (page - 1) * PAGE - offset).clamp(0, PAGE);
    let mut rows = match c.store.list_audit(&filter, limit, offset).await {
        Ok(r) => r,
        Err(e) => return staff.failed(e),
    };
    rows.reverse();
    let pages = (total + PAGE - 1) / PAGE;
    let target = |t: &str| match t.strip_prefix("user:") {
        Some(name) => format!("user:{}", staff.user_label(c, name)),
        None => t.to_string(),
    };
    let content = html! {
        (verdict)
        form.card method="post" action="/audit" {
            input type="hidden" name="csrf" value=(staff.token);
            button type="submit" { (staff.t("Periksa rantai hash", "Verify the hash chain")) }
            " " span.muted { (total) " " (staff.t("baris", "rows")) }
        }
        div.scroll { table.list.audit {
            thead { tr {
                th { "#" } th { (staff.t("Waktu", "Time")) } th { (staff.t("Oleh", "By")) }
                th { (staff.t("Tindakan", "Action")) } th { (staff.t("Sasaran", "Target")) }
            } }
            tbody { @for r in &rows { tr {
                td { (r.id) }
                td { (when(c, r.at)) }
                td { (r.actor) @if let Some(ip) = &r.client { br; span.muted { (ip) } } }
                td { code { (r.action) } }
                td { (target(&r.target)) }
            } } }
        } }
        nav.pager {
            @if page > 1 { a href={ "/audit?page=" (page - 1) } { "‹ " (staff.t("Lebih baru", "Newer")) } }
            span { (page) " / " (pages.max(1)) }
            @if page < pages { a href={ "/audit?page=" (page + 1) } { (staff.t("Lebih lama", "Older")) " ›" } }
        }
    };
    staff.page(
        StatusCode::OK,
        staff.t("Log audit", "Audit log"),
        "/audit",
        content,
    )
}

/// `POST /audit`: verifies the chain (a read: auditors may press it too).
pub async fn verify(
    axum::extract::State(c): State,
    staff: Staff,
    form: Result<Form<super::login::TokenForm>, FormRejection>,
) -> Response {
    let token = form.map(|f| f.0.csrf).unwrap_or_default();
    if !staff.token_ok(&token) {
        return staff.forbidden(staff.t("Formulir tidak sah.", "The form is not valid."));
    }
    if staff.role() == Role::Operator {
        return render(&c, &staff, 1, html! {}).await;
    }
    let verdict = match c.store.verify_audit().await {
        Ok(AuditVerdict::Intact { rows }) => html! {
            p.flash.ok role="status" { (staff.t("Rantai utuh", "Chain intact")) ": " (rows) " " (staff.t("baris", "rows")) "." }
        },
        Ok(AuditVerdict::Broken { row, reason }) => html! {
            p.flash.error role="alert" { (staff.t("Rantai rusak pada baris", "Chain broken at row")) " " (row) ": " (reason) }
        },
        Err(e) => return staff.failed(e),
    };
    render(&c, &staff, 1, verdict).await
}
