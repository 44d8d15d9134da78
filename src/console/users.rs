//! The users pages: the list with search (name, area, plan, status) and paging, and one
//! user's page (plan and limits, open sessions, usage per day as bars, the auth log's
//! "why was this login refused" timeline, and the forms that change the user). Operators
//! see only their area (404 elsewhere); auditors see the list and each user's page under
//! pseudonyms (no name, devices as pseudonyms), read-only.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;

use super::frame::{Staff, bytes, seg, when};
use super::{Console, State};
use crate::store::{Role, SessionQuery, UserSearch, UserView};

/// Users per page.
const PAGE: i64 = 50;
/// Days in the usage chart.
const CHART_DAYS: u64 = 14;

/// The list's query: search fields, page number and the last action's outcome.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    plan: String,
    area: String,
    status: String,
    page: i64,
    done: String,
}

/// `GET /users`.
pub async fn list(
    axum::extract::State(c): State,
    staff: Staff,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Response {
    let q = q.map(|q| q.0).unwrap_or_default();
    let search = UserSearch {
        name: q.q.trim().to_string(),
        plan: q.plan.trim().to_string(),
        area: q.area.trim().to_string(),
        status: q.status.trim().to_string(),
    };
    // An auditor searching by name would learn which names exist: not offered.
    let search = if staff.role() == Role::Auditor {
        UserSearch {
            name: String::new(),
            ..search
        }
    } else {
        search
    };
    let page = q.page.max(1);
    let found = c
        .store
        .search_user_views(&staff.caller.scope, &search, PAGE, (page - 1) * PAGE)
        .await;
    let (users, total) = match found {
        Ok(f) => f,
        Err(e) => return staff.failed(e),
    };
    let plans = c.store.list_plans().await.unwrap_or_default();
    let pages = (total + PAGE - 1) / PAGE;
    let link = |p: i64| {
        format!(
            "/users?q={}&plan={}&area={}&status={}&page={p}",
            seg(&search.name),
            seg(&search.plan),
            seg(&search.area),
            seg(&search.status)
        )
    };
    let auditor = staff.role() == Role::Auditor;
    let content = html! {
        @if q.done == "added" { p.flash.ok { (staff.t("Pengguna ditambahkan.", "User added.")) } }
        form.card.search method="get" action="/users" {
            div.fields {
                @if !auditor {
                    label { (staff.t("Nama", "Name")) input type="text" name="q" value=(search.name); }
                }
                label { (staff.t("Area", "Area")) input type="text" name="area" value=(search.area); }
                label { (staff.t("Paket", "Plan"))
                    select name="plan" {
                        option value="" { (staff.t("semua", "any")) }
                        @for p in &plans { option value=(p.name) selected[p.name == search.plan] { (p.name) } }
                    }
                }
                label { "Status"
                    select name="status" {
                        option value="" { (staff.t("semua", "any")) }
                        option value="active" selected[search.status == "active"] { (staff.t("aktif", "active")) }
                        option value="disabled" selected[search.status == "disabled"] { (staff.t("nonaktif", "disabled")) }
                    }
                }
            }
            button type="submit" { (staff.t("Cari", "Search")) }
            @if staff.may_change() {
                " " a.button href="/users/new" { (staff.t("Tambah pengguna", "Add user")) }
                " " a.button href="/import" { (staff.t("Impor CSV", "Import CSV")) }
            }
        }
        p.muted { (total) " " (staff.t("pengguna", "users"))
            @if auditor { " · " (staff.t("nama disamarkan (pseudonim)", "names shown as pseudonyms")) } }
        div.scroll {
            table.list {
                thead { tr {
                    th { (staff.t("Nama", "Name")) } th { (staff.t("Paket", "Plan")) }
                    th { "Area" } th { "Status" }
                } }
                tbody { @for u in &users { (row(&c, &staff, u)) } }
            }
        }
        nav.pager {
            @if page > 1 { a href=(link(page - 1)) { "‹ " (staff.t("Sebelumnya", "Previous")) } }
            span { (page) " / " (pages.max(1)) }
            @if page < pages { a href=(link(page + 1)) { (staff.t("Berikutnya", "Next")) " ›" } }
        }
    };
    staff.page(
        StatusCode::OK,
        staff.t("Pengguna", "Users"),
        "/users",
        content,
    )
}

fn row(c: &Console, staff: &Staff, u: &UserView) -> Markup {
    let label = staff.user_label(c, &u.username);
    html! {
        tr {
            td {
                a href={ "/users/" (seg(&label)) } { (label) }
            }
            td { (u.plan) }
            td { (u.area.as_deref().unwrap_or("—")) }
            td { span class={ "status " (u.status) } { (status_word(staff, &u.status)) } }
        }
    }
}

fn status_word<'a>(staff: &Staff, status: &'a str) -> &'a str {
    match status {
        "active" => staff.t("aktif", "active"),
        "disabled" => staff.t("nonaktif", "disabled"),
        other => other,
    }
}

/// The user page's query: the last action's outcome.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    done: String,
}

/// `GET /users/{name}`.
pub async fn show(
    axum::extract::State(c): State,
    staff: Staff,
    Path(name): Path<String>,
    q: Result<Query<ShowQuery>, QueryRejection>,
) -> Response {
    // Auditors address a user by the pseudonym they see in lists; a real name is 404.
    let name = if staff.role() == Role::Auditor {
        match unmask(&c, &name).await {
            Ok(Some(real)) => real,
            Ok(None) => return staff.not_found(),
            Err(e) => return staff.failed(e),
        }
    } else {
        name
    };
    let user = match c.store.get_user_view(&name, &staff.caller.scope).await {
        Ok(Some(u)) => u,
        Ok(None) => return staff.not_found(),
        Err(e) => return staff.failed(e),
    };
    let done = q.map(|q| q.0.done).unwrap_or_default();
    let details = match Details::load(&c, &staff, &user).await {
        Ok(d) => d,
        Err(e) => return staff.failed(e),
    };
    let own = if staff.may_change() {
        match super::limits::current(&c, &staff, &user.username).await {
            Ok(found) => found.map(|(_, l)| l),
            Err(e) => return staff.failed(e),
        }
    } else {
        None
    };
    let label = staff.user_label(&c, &user.username);
    let path = format!("/users/{}", seg(&label));
    let content = html! {
        (super::user_actions::outcome(&staff, &done))
        (facts(&c, &staff, &user, &details))
        @if staff.may_change() { (super::user_actions::forms(&staff, &user)) }
        @if let Some(l) = &own { (super::limits::form(&staff, &user.username, l)) }
        (sessions(&c, &staff, &details))
        (chart(&staff, &details))
        (timeline(&c, &staff, &details))
    };
    staff.page(StatusCode::OK, &label, &path, content)
}

/// The username behind an auditor's pseudonym, found by making the pseudonym of every
/// username (the key is never stored, so there is no table to look it up in).
async fn unmask(c: &Console, pseudonym: &str) -> Result<Option<String>, crate::store::StoreError> {
    if !pseudonym.starts_with("u-") {
        return Ok(None);
    }
    let names = c.store.all_usernames().await?;
    let (keys, wanted) = (c.pseudonyms.clone(), pseudonym.to_string());
    let found =
        tokio::task::spawn_blocking(move || names.into_iter().find(|n| keys.user(n) == wanted))
            .await;
    found.map_err(|e| crate::store::StoreError::Invalid(e.to_string()))
}

/// What the user page shows besides the user.
struct Details {
    plan: Option<crate::store::PlanRecord>,
    sessions: Vec<crate::store::SessionRecord>,
    usage: Vec<crate::store::UsageDay>,
    log: Vec<crate::store::AuthLogEntry>,
}

impl Details {
    async fn load(
        c: &Console,
        staff: &Staff,
        u: &UserView,
    ) -> Result<Details, crate::store::StoreError> {
        let q = SessionQuery {
            username: Some(u.username.clone()),
            nas: None,
            open_only: true,
        };
        let sessions = c
            .store
            .list_session_views(&staff.caller.scope, &q, 50, 0)
            .await?;
        let today = c.zone.date(crate::store::now());
        let from = today
            .checked_sub_days(chrono::Days::new(CHART_DAYS - 1))
            .unwrap_or(today);
        let usage = c
            .store
            .user_usage(&u.username, &from.to_string(), &today.to_string())
            .await?;
        let (log, _) = c.store.auth_log_page(Some(&u.username), 20, 0).await?;
        Ok(Details {
            plan: c.store.get_plan(&u.plan).await?,
            sessions,
            usage,
            log,
        })
    }
}

fn facts(c: &Console, staff: &Staff, u: &UserView, d: &Details) -> Markup {
    let limit = |v: Option<i64>| {
        v.map(|n| bytes(staff.lang, n))
            .unwrap_or_else(|| "—".into())
    };
    html! {
        section.card {
            dl.facts {
                dt { (staff.t("Paket", "Plan")) } dd { (u.plan) }
                dt { "Status" } dd { span class={ "status " (u.status) } { (status_word(staff, &u.status)) } }
                dt { "Area" } dd { (u.area.as_deref().unwrap_or("—")) }
                @if staff.role() != Role::Auditor {
                    dt { (staff.t("Nama lengkap", "Full name")) } dd { (u.full_name.as_deref().unwrap_or("—")) }
                }
                @if let Some(p) = &d.plan {
                    dt { (staff.t("Kecepatan", "Speed")) }
                    dd { (p.rate_down.as_deref().unwrap_or("—")) " / " (p.rate_up.as_deref().unwrap_or("—")) }
                    dt { (staff.t("Kuota harian", "Daily quota")) } dd { (limit(p.daily_bytes)) }
                    dt { (staff.t("Kuota bulanan", "Monthly quota")) } dd { (limit(p.monthly_bytes)) }
                    dt { (staff.t("Sesi bersamaan", "Sessions at once")) }
                    dd { (p.max_sessions.map(|n| n.to_string()).unwrap_or_else(|| "—".into())) }
                }
                dt { (staff.t("Dibuat", "Created")) } dd { (when(c, u.created_at)) }
            }
        }
    }
}

fn sessions(c: &Console, staff: &Staff, d: &Details) -> Markup {
    html! {
        section.card {
            h2 { (staff.t("Sesi terbuka", "Open sessions")) " (" (d.sessions.len()) ")" }
            @if d.sessions.is_empty() { p.muted { (staff.t("Tidak ada.", "None.")) } }
            @else {
                ul.items { @for s in &d.sessions { li { span.item-main {
                    b { (s.nas_name.as_deref().unwrap_or("?")) } " · "
                    (device(c, staff, s.calling_station_id.as_deref())) " · "
                    (staff.t("sejak", "since")) " " (when(c, s.started_at)) " · "
                    (bytes(staff.lang, s.input_octets + s.output_octets))
                } } } }
            }
        }
    }
}

/// A device's MAC address as this person may see it: auditors get its pseudonym.
pub fn device(c: &Console, staff: &Staff, mac: Option<&str>) -> String {
    match mac {
        None => "—".into(),
        Some(m) if staff.role() == Role::Auditor => c.pseudonyms.mac(m),
        Some(m) => m.to_string(),
    }
}

/// Usage per day as bars (`meter`, so no script and no inline style is needed).
fn chart(staff: &Staff, d: &Details) -> Markup {
    let total = |u: &crate::store::UsageDay| u.input_octets + u.output_octets;
    let max = d.usage.iter().map(total).max().unwrap_or(0).max(1);
    html! {
        section.card {
            h2 { (staff.t("Pemakaian per hari", "Usage per day")) }
            @if d.usage.is_empty() { p.muted { (staff.t("Belum ada pemakaian.", "No usage yet.")) } }
            @else {
                ul.bars { @for u in &d.usage { li {
                    span.day { (u.day) }
                    meter min="0" max=(max) value=(total(u)) {}
                    span.amount { (bytes(staff.lang, total(u))) }
                } } }
            }
        }
    }
}

fn timeline(c: &Console, staff: &Staff, d: &Details) -> Markup {
    html! {
        section.card {
            h2 { (staff.t("Riwayat login (mengapa ditolak)", "Login history (why refused)")) }
            @if d.log.is_empty() { p.muted { (staff.t("Belum ada login.", "No logins yet.")) } }
            @else {
                ol.timeline { @for e in &d.log {
                    li class=(if e.accepted { "ok" } else { "refused" }) {
                        span.when { (when(c, e.at)) } " "
                        b { @if e.accepted { (staff.t("diterima", "accepted")) } @else { (staff.t("ditolak", "refused")) } }
                        " · " (e.reason) " · " (e.method)
                        @if let Some(m) = &e.message { " · “" (m) "”" }
                    }
                } }
            }
        }
    }
}
