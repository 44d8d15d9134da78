//! Reports in the console: usage (by RW, kelurahan, kecamatan, plan, hotspot, day),
//! weekly and hotspots, built by the same functions as `radkota report` and shown as the
//! CLI's CSV laid out in a table (so the figures are the CLI's), with the CSV to download.
//! Admins and auditors, as in the API; usernames are always pseudonyms for auditors.

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Days, NaiveDate};
use maud::html;
use serde::Deserialize;

use super::frame::{Staff, seg};
use super::{Console, State};
use crate::reports::model::Dimension;
use crate::reports::text::{Format, render_hotspots, render_usage, render_weekly};
use crate::store::Role;

/// The page's query.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    kind: String,
    by: String,
    from: String,
    to: String,
}

/// The report as the CLI's CSV, or why not (in the person's words).
async fn csv(c: &Console, staff: &Staff, q: &ReportQuery) -> Result<String, String> {
    let now = crate::policy::clock::now();
    let today = c.zone.date(now);
    let date = |s: &str, default: NaiveDate| {
        if s.trim().is_empty() {
            return Ok(default);
        }
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| format!("'{s}': YYYY-MM-DD"))
    };
    let fail = |e: crate::store::StoreError| e.to_string();
    c.store.build_distinct_sets(today).await.map_err(fail)?;
    let text = match q.kind.as_str() {
        "weekly" => {
            let end = date(&q.to, today.pred_opt().unwrap_or(today))?;
            let r = crate::reports::weekly::weekly_report(
                &c.store,
                end,
                now,
                &c.zone,
                &c.config.reports,
            )
            .await
            .map_err(fail)?;
            render_weekly(&r, Format::Csv)
        }
        "hotspots" => {
            let r =
                crate::reports::hotspots::hotspot_report(&c.store, now, &c.zone, &c.config.reports)
                    .await
                    .map_err(fail)?;
            render_hotspots(&r, Format::Csv)
        }
        _ => {
            let by = <Dimension as clap::ValueEnum>::from_str(
                if q.by.is_empty() { "rw" } else { &q.by },
                false,
            )
            .map_err(|_| format!("by '{}'?", q.by))?;
            let to = date(&q.to, today)?;
            let from = date(&q.from, to.checked_sub_days(Days::new(6)).unwrap_or(to))?;
            if from > to || (to - from).num_days() > 366 {
                return Err(staff
                    .t("Rentang tanggal tidak sah.", "The date range is not valid.")
                    .into());
            }
            // The console's own key: an auditor's report names users as the lists do, so a
            // row leads to the user's page.
            let pseudo = (staff.role() != Role::Admin).then_some(&c.pseudonyms);
            let r = crate::reports::usage::usage_report(&c.store, from, to, by, pseudo)
                .await
                .map_err(fail)?;
            render_usage(&r, Format::Csv)
        }
    };
    text.map_err(|e| e.to_string())
}

fn allowed(staff: &Staff) -> Option<Response> {
    (staff.role() == Role::Operator).then(|| {
        staff.forbidden(staff.t(
            "Laporan untuk admin dan auditor.",
            "Reports are for admins and auditors.",
        ))
    })
}

/// `GET /reports`.
pub async fn page(
    axum::extract::State(c): State,
    staff: Staff,
    q: Result<Query<ReportQuery>, QueryRejection>,
) -> Response {
    if let Some(r) = allowed(&staff) {
        return r;
    }
    let q = q.map(|q| q.0).unwrap_or_default();
    let result = csv(&c, &staff, &q).await;
    let rows: Vec<Vec<String>> = match &result {
        Ok(text) => csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .filter_map(Result::ok)
            .map(|r| r.iter().map(str::to_string).collect())
            .collect(),
        Err(_) => Vec::new(),
    };
    let download = format!(
        "/reports/download?kind={}&by={}&from={}&to={}",
        seg(&q.kind),
        seg(&q.by),
        seg(&q.from),
        seg(&q.to)
    );
    let kinds = [
        ("usage", staff.t("Pemakaian", "Usage")),
        ("weekly", staff.t("Mingguan", "Weekly")),
        ("hotspots", "Hotspot"),
    ];
    let dims = ["rw", "kelurahan", "kecamatan", "plan", "nas", "day", "hour"];
    let content = html! {
        form.card.search method="get" action="/reports" {
            div.fields {
                label { (staff.t("Laporan", "Report")) select name="kind" {
                    @for (k, label) in kinds { option value=(k) selected[q.kind == k] { (label) } } } }
                label { (staff.t("Menurut", "By")) select name="by" {
                    @for d in dims { option value=(d) selected[q.by == d] { (d) } } } }
                label { (staff.t("Dari", "From")) input type="text" name="from" value=(q.from) placeholder="2026-03-01"; }
                label { (staff.t("Sampai", "To")) input type="text" name="to" value=(q.to) placeholder="2026-03-31"; }
            }
            button type="submit" { (staff.t("Tampilkan", "Show")) } " "
            a.button href=(download) { (staff.t("Unduh CSV", "Download CSV")) }
        }
        @if let Err(e) = &result { p.flash.error { (e) } }
        @if let Some((head, body)) = rows.split_first() {
            div.scroll { table.list.report {
                thead { tr { @for h in head { th { (h) } } } }
                tbody { @for r in body { tr { @for v in r { td { (v) } } } } }
            } }
        }
    };
    staff.page(
        StatusCode::OK,
        staff.t("Laporan", "Reports"),
        "/reports",
        content,
    )
}

/// `GET /reports/download`: the same report as a CSV file.
pub async fn download(
    axum::extract::State(c): State,
    staff: Staff,
    q: Result<Query<ReportQuery>, QueryRejection>,
) -> Response {
    if let Some(r) = allowed(&staff) {
        return r;
    }
    let q = q.map(|q| q.0).unwrap_or_default();
    match csv(&c, &staff, &q).await {
        Ok(text) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment; filename=\"radkota-report.csv\""),
                ),
            ],
            text,
        )
            .into_response(),
        Err(e) => staff.page(
            StatusCode::BAD_REQUEST,
            staff.t("Laporan", "Reports"),
            "/reports",
            html! { p.flash.error { (e) } },
        ),
    }
}
