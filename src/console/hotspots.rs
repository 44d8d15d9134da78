//! The dashboard and the hotspots: what is online now, logins and rejects today, the
//! hotspots that need a look and how fresh accounting is (from the store's health and
//! report functions, as the CLI's reports read them); the fleet with its health flags;
//! one hotspot's page with its RouterOS configuration snippet (`onboard`) and a link to
//! its edit form (`hotspot_edit`).

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;
use serde::Deserialize;

use super::frame::{Staff, seg, when};
use super::{Console, State};
use crate::onboard::{self, ScriptRequest};
use crate::store::reports::NasHealthRow;
use crate::store::{NasRecord, SessionQuery, StoreError};

/// A hotspot silent for longer than this (no request, no accounting) needs a look.
const SILENT_AFTER: i64 = 3600;

/// One hotspot in the person's area with what is known of its health.
struct Hotspot {
    nas: NasRecord,
    health: Option<NasHealthRow>,
    online: i64,
    accepts_today: i64,
    rejects_today: i64,
}

impl Hotspot {
    /// Why the hotspot needs a look, in the person's words (empty: it is fine).
    fn flags(&self, staff: &Staff, now: i64) -> Vec<&'static str> {
        let mut out = Vec::new();
        if !self.nas.enabled {
            out.push(staff.t("nonaktif", "disabled"));
        }
        let last = self
            .health
            .as_ref()
            .and_then(|h| h.last_request_at.max(h.last_acct_at));
        match last {
            None => out.push(staff.t("belum pernah terdengar", "never heard from")),
            Some(t) if now - t > SILENT_AFTER => {
                out.push(staff.t("diam lebih dari 1 jam", "silent for over an hour"))
            }
            Some(_) => {}
        }
        if self
            .health
            .as_ref()
            .and_then(|h| h.clock_skew)
            .is_some_and(|s| s.abs() > 300)
        {
            out.push(staff.t("jam router meleset", "router clock is off"));
        }
        out
    }
}

/// The hotspots inside the person's area, with health, sessions and today's logins.
async fn fleet(c: &Console, staff: &Staff) -> Result<Vec<Hotspot>, StoreError> {
    let paths: HashMap<String, String> = c
        .store
        .list_areas()
        .await?
        .into_iter()
        .map(|a| (a.code, a.path))
        .collect();
    let scope = &staff.caller.scope;
    let inside = |rw: &Option<String>| match scope {
        crate::store::Scope::All => true,
        _ => rw
            .as_ref()
            .and_then(|r| paths.get(r))
            .is_some_and(|p| scope.contains_path(p)),
    };
    let mut health: HashMap<i64, NasHealthRow> = c
        .store
        .nas_health()
        .await?
        .into_iter()
        .map(|h| (h.nas_id, h))
        .collect();
    let online: HashMap<i64, i64> = c.store.open_sessions_per_nas().await?.into_iter().collect();
    let today = c.zone.day(crate::store::now());
    let counts: HashMap<i64, (i64, i64)> = c
        .store
        .auth_counts(&today, &today)
        .await?
        .into_iter()
        .map(|a| (a.nas_id, (a.accepts_today, a.rejects_today)))
        .collect();
    let mut out: Vec<Hotspot> = c
        .store
        .list_nas()
        .await?
        .into_iter()
        .filter(|n| inside(&n.rw))
        .map(|nas| {
            let (accepts_today, rejects_today) = counts.get(&nas.id).copied().unwrap_or_default();
            Hotspot {
                health: health.remove(&nas.id),
                online: online.get(&nas.id).copied().unwrap_or(0),
                accepts_today,
                rejects_today,
                nas,
            }
        })
        .collect();
    out.sort_by(|a, b| a.nas.name.cmp(&b.nas.name));
    Ok(out)
}

/// `GET /`: the dashboard, the console's home.
pub async fn dashboard(axum::extract::State(c): State, staff: Staff) -> Response {
    let hotspots = match fleet(&c, &staff).await {
        Ok(h) => h,
        Err(e) => return staff.failed(e),
    };
    let q = SessionQuery {
        username: None,
        nas: None,
        open_only: true,
    };
    let online = match c.store.count_session_views(&staff.caller.scope, &q).await {
        Ok(n) => n,
        Err(e) => return staff.failed(e),
    };
    let now = crate::store::now();
    let accepts: i64 = hotspots.iter().map(|h| h.accepts_today).sum();
    let rejects: i64 = hotspots.iter().map(|h| h.rejects_today).sum();
    let freshest = hotspots
        .iter()
        .filter_map(|h| h.health.as_ref()?.last_acct_at)
        .max();
    let look: Vec<(&Hotspot, Vec<&str>)> = hotspots
        .iter()
        .map(|h| (h, h.flags(&staff, now)))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    let content = html! {
        section.card { dl.facts {
            dt { (staff.t("Online sekarang", "Online now")) } dd.big { (online) }
            dt { (staff.t("Login diterima hari ini", "Logins accepted today")) } dd { (accepts) }
            dt { (staff.t("Login ditolak hari ini", "Logins refused today")) } dd { (rejects) }
            dt { (staff.t("Akuntansi terakhir", "Latest accounting")) }
            dd { @match freshest { Some(t) => { (when(&c, t)) " (" ((now - t).max(0) / 60) " " (staff.t("menit lalu", "minutes ago")) ")" }, None => "—" } }
            dt { "Hotspot" } dd { (hotspots.len()) }
        } }
        section.card {
            h2 { (staff.t("Hotspot yang perlu dilihat", "Hotspots that need a look")) " (" (look.len()) ")" }
            @if look.is_empty() { p.muted { (staff.t("Semua baik.", "All fine.")) } }
            @else { ul.items { @for (h, flags) in &look { li { span.item-main {
                a href={ "/hotspots/" (seg(&h.nas.name)) } { (h.nas.name) } " · " (flags.join(", "))
            } } } } }
        }
    };
    staff.page(StatusCode::OK, staff.t("Dasbor", "Dashboard"), "/", content)
}

/// `GET /hotspots`.
pub async fn list(axum::extract::State(c): State, staff: Staff) -> Response {
    let hotspots = match fleet(&c, &staff).await {
        Ok(h) => h,
        Err(e) => return staff.failed(e),
    };
    let now = crate::store::now();
    let content = html! {
        p.muted { (hotspots.len()) " hotspot"
            @if staff.may_change() { " · " a.button href="/hotspots/new" { (staff.t("Tambah hotspot", "Add hotspot")) } } }
        div.scroll { table.list {
            thead { tr {
                th { (staff.t("Nama", "Name")) } th { "RW" } th { (staff.t("Alamat", "Address")) }
                th { "Online" } th { (staff.t("Diterima/ditolak hari ini", "Accepted/refused today")) }
                th { (staff.t("Kesehatan", "Health")) }
            } }
            tbody { @for h in &hotspots { tr {
                td { a href={ "/hotspots/" (seg(&h.nas.name)) } { (h.nas.name) } }
                td { (h.nas.rw.as_deref().unwrap_or("—")) }
                td { (h.nas.address) }
                td { (h.online) }
                td { (h.accepts_today) " / " (h.rejects_today) }
                td { @let f = h.flags(&staff, now);
                    @if f.is_empty() { span.status.active { "OK" } } @else { span.status.disabled { (f.join(", ")) } } }
            } } }
        } }
    };
    staff.page(StatusCode::OK, "Hotspot", "/hotspots", content)
}

/// The hotspot page's query: the server's address as the router reaches it (else
/// `radsec.server_address`) and UDP instead of RadSec.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    server: String,
    udp: String,
    /// The last change's outcome (`added`, `saved`).
    done: String,
}

/// `GET /hotspots/{name}`: facts, health and the RouterOS snippet (not for auditors: it
/// configures the router).
pub async fn show(
    axum::extract::State(c): State,
    staff: Staff,
    Path(name): Path<String>,
    q: Result<Query<ShowQuery>, QueryRejection>,
) -> Response {
    let q = q.map(|q| q.0).unwrap_or_default();
    let hotspots = match fleet(&c, &staff).await {
        Ok(h) => h,
        Err(e) => return staff.failed(e),
    };
    let Some(h) = hotspots.iter().find(|h| h.nas.name == name) else {
        return staff.not_found();
    };
    let now = crate::store::now();
    let script = staff.may_change().then(|| {
        let req = ScriptRequest {
            server: q.server.trim().parse().ok(),
            udp: q.udp == "1",
            login_by: None,
        };
        onboard::mikrotik_input(&c.config, &h.nas, &req)
            .map(|input| onboard::mikrotik::script(&input))
            .map_err(|e| e.to_string())
    });
    let health = h.health.as_ref();
    let at = |t: Option<i64>| t.map(|t| when(&c, t)).unwrap_or_else(|| "—".into());
    let flags = h.flags(&staff, now);
    let outcome = match q.done.as_str() {
        "added" => Some(staff.t("Hotspot ditambahkan.", "Hotspot added.")),
        "saved" => Some(staff.t("Perubahan disimpan.", "Changes saved.")),
        _ => None,
    };
    let content = html! {
        @if let Some(text) = outcome { p.flash.ok role="status" { (text) } }
        section.card { dl.facts {
            dt { (staff.t("Alamat", "Address")) } dd { (h.nas.address) }
            dt { "RW" } dd { (h.nas.rw.as_deref().unwrap_or("—")) }
            dt { "Vendor" } dd { (h.nas.vendor) }
            dt { "Online" } dd { (h.online) }
            dt { (staff.t("Permintaan terakhir", "Last request")) } dd { (at(health.and_then(|x| x.last_request_at))) }
            dt { (staff.t("Akuntansi terakhir", "Last accounting")) } dd { (at(health.and_then(|x| x.last_acct_at))) }
            dt { (staff.t("Kesehatan", "Health")) } dd { @if flags.is_empty() { "OK" } @else { (flags.join(", ")) } }
        }
            @if staff.may_change() {
                p { a.button.edit href={ "/hotspots/" (seg(&h.nas.name)) "/edit" } { (staff.t("Ubah hotspot", "Edit hotspot")) } }
            }
        }
        @if let Some(script) = &script {
            section.card {
                h2 { (staff.t("Konfigurasi RouterOS", "RouterOS configuration")) }
                form.search method="get" action={ "/hotspots/" (seg(&h.nas.name)) } {
                    div.fields {
                        label { (staff.t("Alamat IP server radkota", "radkota server IP address"))
                            input type="text" name="server" value=(q.server); }
                        label { (staff.t("Transportasi", "Transport"))
                            select name="udp" {
                                option value="" { "RadSec (TLS)" }
                                option value="1" selected[q.udp == "1"] { "UDP + Message-Authenticator" }
                            }
                        }
                    }
                    button.secondary type="submit" { (staff.t("Buat ulang", "Regenerate")) }
                }
                @match script {
                    Ok(text) => { pre.script { (text) } }
                    Err(e) => { p.flash.warn { (e) } }
                }
            }
        }
    };
    staff.page(
        StatusCode::OK,
        &h.nas.name,
        &format!("/hotspots/{}", seg(&h.nas.name)),
        content,
    )
}

/// `GET /plans`.
pub async fn plans(axum::extract::State(c): State, staff: Staff) -> Response {
    let plans = match c.store.list_plans().await {
        Ok(p) => p,
        Err(e) => return staff.failed(e),
    };
    let size = |v: Option<i64>| {
        v.map(|n| super::frame::bytes(staff.lang, n))
            .unwrap_or_else(|| "—".into())
    };
    let content = html! {
        div.scroll { table.list {
            thead { tr {
                th { (staff.t("Paket", "Plan")) } th { (staff.t("Kecepatan", "Speed")) }
                th { (staff.t("Harian", "Daily")) } th { (staff.t("Bulanan", "Monthly")) } th { (staff.t("Keterangan", "Description")) }
            } }
            tbody { @for p in &plans { tr {
                td { (p.name) }
                td { (p.rate_down.as_deref().unwrap_or("—")) " / " (p.rate_up.as_deref().unwrap_or("—")) }
                td { (size(p.daily_bytes)) } td { (size(p.monthly_bytes)) } td { (p.description) }
            } } }
        } }
    };
    staff.page(StatusCode::OK, staff.t("Paket", "Plans"), "/plans", content)
}
