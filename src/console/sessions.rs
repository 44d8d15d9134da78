//! Sessions online: the open sessions on hotspots in the person's area, filtered by user
//! and hotspot, each with a disconnect button that sends a Disconnect-Request (CoA) as the
//! API's disconnect does. Auditors see the list under pseudonyms and no button.

use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;
use serde::Deserialize;

use super::State;
use super::frame::{Staff, bytes, done, seg, when};
use crate::coa::SessionTarget;
use crate::store::SessionQuery;

/// Sessions per page.
const PAGE: i64 = 50;

/// The list's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    user: String,
    nas: String,
    page: i64,
    done: String,
}

/// `GET /sessions`.
pub async fn list(
    axum::extract::State(c): State,
    staff: Staff,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Response {
    let q = q.map(|q| q.0).unwrap_or_default();
    let filter = SessionQuery {
        username: Some(q.user.trim().to_string()).filter(|s| !s.is_empty() && staff.may_change()),
        nas: Some(q.nas.trim().to_string()).filter(|s| !s.is_empty()),
        open_only: true,
    };
    let page = q.page.max(1);
    let scope = &staff.caller.scope;
    let (rows, total) = match (
        c.store
            .list_session_views(scope, &filter, PAGE, (page - 1) * PAGE)
            .await,
        c.store.count_session_views(scope, &filter).await,
    ) {
        (Ok(r), Ok(t)) => (r, t),
        (Err(e), _) | (_, Err(e)) => return staff.failed(e),
    };
    let pages = (total + PAGE - 1) / PAGE;
    let link = |p: i64| {
        format!(
            "/sessions?user={}&nas={}&page={p}",
            seg(q.user.trim()),
            seg(q.nas.trim())
        )
    };
    let flash = match q.done.as_str() {
        "disconnected" => Some((
            "flash ok",
            staff.t("Sesi diputus.", "Session disconnected."),
        )),
        "failed" => Some((
            "flash warn",
            staff.t("Hotspot tidak menjawab.", "The hotspot did not answer."),
        )),
        _ => None,
    };
    let content = html! {
        @if let Some((class, text)) = flash { p class=(class) role="status" { (text) } }
        form.card.search method="get" action="/sessions" {
            div.fields {
                @if staff.may_change() {
                    label { (staff.t("Pengguna", "User")) input type="text" name="user" value=(q.user); }
                }
                label { "Hotspot (NAS)" input type="text" name="nas" value=(q.nas); }
            }
            button type="submit" { (staff.t("Saring", "Filter")) }
        }
        p.muted { (total) " " (staff.t("sesi terbuka", "open sessions")) }
        div.scroll { table.list {
            thead { tr {
                th { (staff.t("Pengguna", "User")) } th { "Hotspot" } th { (staff.t("Perangkat", "Device")) }
                th { (staff.t("Sejak", "Since")) } th { (staff.t("Data", "Data")) } th {}
            } }
            tbody { @for s in &rows { tr {
                td { (staff.user_label(&c, &s.username)) }
                td { (s.nas_name.as_deref().unwrap_or("?")) }
                td { (super::users::device(&c, &staff, s.calling_station_id.as_deref())) }
                td { (when(&c, s.started_at)) }
                td { (bytes(staff.lang, s.input_octets + s.output_octets)) }
                td.batch-actions { @if staff.may_change() {
                    form.inline method="post" action={ "/sessions/" (s.id) "/disconnect" } {
                        input type="hidden" name="csrf" value=(staff.token);
                        button.danger type="submit" { (staff.t("Putuskan", "Disconnect")) }
                    }
                } }
            } } }
        } }
        nav.pager {
            @if page > 1 { a href=(link(page - 1)) { "‹" } }
            span { (page) " / " (pages.max(1)) }
            @if page < pages { a href=(link(page + 1)) { "›" } }
        }
    };
    staff.page(
        StatusCode::OK,
        staff.t("Sesi online", "Sessions online"),
        "/sessions",
        content,
    )
}

/// `POST /sessions/{id}/disconnect`.
pub async fn disconnect(
    axum::extract::State(c): State,
    staff: Staff,
    Path(id): Path<i64>,
    form: Result<Form<super::login::TokenForm>, FormRejection>,
) -> Response {
    let token = form.map(|f| f.0.csrf).unwrap_or_default();
    if let Some(r) = staff.refuse(&token) {
        return r;
    }
    let session = match c.store.get_session_view(id, &staff.caller.scope).await {
        Ok(Some(s)) if s.state != "closed" => s,
        Ok(_) => return staff.not_found(),
        Err(e) => return staff.failed(e),
    };
    let nas = match c.store.list_nas().await {
        Ok(n) => n,
        Err(e) => return staff.failed(e),
    };
    let results =
        crate::coa::disconnect_all(&nas, &c.sealer, &c.coa, &[SessionTarget::from(&session)]).await;
    let acked = matches!(results.first(), Some(Ok(o)) if o.is_ack());
    let details = serde_json::json!({"session": id, "acknowledged": acked});
    let target = format!("user:{}", session.username);
    if let Err(e) = c
        .store
        .audit_action(&staff.caller.actor, "session.disconnect", &target, &details)
        .await
    {
        tracing::warn!(error = %e, "console: the disconnect was sent but not audited");
    }
    done("/sessions", if acked { "disconnected" } else { "failed" })
}
