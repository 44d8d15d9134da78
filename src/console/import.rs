//! CSV import of users in the console: the same columns and checks as `radkota user
//! import`, pasted into a form. Every bad row is listed with its line and reason and then
//! nothing is imported; a clean file is imported in one transaction, audited row by row
//! under the person's name. An operator's rows must lie in their own area.

use std::collections::HashSet;
use std::sync::atomic::AtomicUsize;

use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;

use super::frame::Staff;
use super::{Console, State};
use crate::import::CsvTable;
use crate::import::users::{self as user_import, Known};

/// `GET /import`.
pub async fn form(staff: Staff) -> Response {
    if !staff.may_change() {
        return staff.forbidden(staff.t(
            "Peran auditor hanya dapat melihat.",
            "The auditor role can only look.",
        ));
    }
    page(&staff, StatusCode::OK, html! {}, "")
}

fn page(staff: &Staff, status: StatusCode, result: Markup, csv: &str) -> Response {
    let content = html! {
        (result)
        form.card method="post" action="/import" {
            input type="hidden" name="csrf" value=(staff.token);
            p.muted { (staff.t("Kolom", "Columns")) ": " code { "username,full_name,plan,area" } " "
                (staff.t("dan boleh", "and optionally")) " " code { "password,school_or_business,id" } }
            label for="csv" { "CSV" }
            textarea #csv name="csv" rows="10" spellcheck="false" { (csv) }
            p { button type="submit" { (staff.t("Impor", "Import")) } }
        }
    };
    staff.page(
        status,
        staff.t("Impor pengguna (CSV)", "Import users (CSV)"),
        "/import",
        content,
    )
}

/// The form's fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ImportForm {
    csrf: String,
    csv: String,
}

/// `POST /import`.
pub async fn import(
    axum::extract::State(c): State,
    staff: Staff,
    form: Result<Form<ImportForm>, FormRejection>,
) -> Response {
    let f = form.map(|f| f.0).unwrap_or_default();
    if let Some(r) = staff.refuse(&f.csrf) {
        return r;
    }
    let refused = |why: Markup| page(&staff, StatusCode::UNPROCESSABLE_ENTITY, why, &f.csv);
    let table = match CsvTable::parse(
        f.csv.as_bytes(),
        user_import::REQUIRED,
        user_import::OPTIONAL,
        user_import::IGNORED,
    ) {
        Ok(t) => t,
        Err(e) => return refused(html! { p.flash.error role="alert" { (e) } }),
    };
    let known = match known(&c, &staff).await {
        Ok(k) => k,
        Err(e) => return staff.failed(e),
    };
    let total = table.rows.len();
    let (good, bad) = user_import::validate(&table, &known, true);
    if !bad.is_empty() {
        return refused(html! {
            div.flash.error role="alert" {
                p { (bad.len()) " " (staff.t("dari", "of")) " " (total) " "
                    (staff.t("baris salah; tidak ada yang diimpor.", "rows are wrong; nothing was imported.")) }
                ul.bad-rows { @for e in &bad { li { (staff.t("baris", "line")) " " (e.line) ": " (e.reason) } } }
            }
        });
    }
    let (params, sealer) = (c.argon2, c.sealer.clone());
    let hashed = tokio::task::spawn_blocking(move || {
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get().div_ceil(2));
        user_import::hash_all(good, &params, &sealer, workers, &AtomicUsize::new(0))
    })
    .await;
    let hashed = match hashed {
        Ok(Ok(h)) => h,
        Ok(Err(e)) => return staff.failed(e),
        Err(e) => return staff.failed(e),
    };
    let rows: Vec<_> = hashed
        .iter()
        .map(|h| (h.user.clone(), h.extra.clone()))
        .collect();
    match c.store.import_users(&rows, &staff.caller.actor).await {
        Ok(n) => {
            let generated = hashed.iter().filter(|h| h.generated.is_some()).count();
            let done = html! {
                p.flash.ok role="status" { (n) " " (staff.t("pengguna diimpor", "users imported"))
                    @if generated > 0 { " · " (generated) " " (staff.t("kata sandi dibuat; atur ulang dari halaman pengguna", "passwords generated; reset them from the user's page")) } }
            };
            page(&staff, StatusCode::OK, done, "")
        }
        Err(e) => refused(html! { p.flash.error role="alert" { (e) } }),
    }
}

/// What validation checks rows against; an operator's known areas are those in their own.
async fn known(c: &Console, staff: &Staff) -> Result<Known, crate::store::StoreError> {
    let areas = c.store.list_areas().await?;
    let areas = (!areas.is_empty()).then(|| {
        areas
            .iter()
            .filter(|a| staff.caller.scope.contains_path(&a.path))
            .map(|a| a.code.clone())
            .collect::<HashSet<_>>()
    });
    Ok(Known {
        plans: c
            .store
            .list_plans()
            .await?
            .into_iter()
            .map(|p| p.name)
            .collect(),
        areas,
        usernames: c.store.all_usernames().await?.into_iter().collect(),
    })
}
