//! CSV import of users in the console: the same columns and checks as `radkota user
//! import`, pasted into a form and run as a background job (`import_jobs`) whose page shows
//! a progress bar. Every bad row is listed with its line and reason and then nothing is
//! imported; a clean file is imported in one transaction, audited row by row under the
//! person's name. An operator's rows must lie in their own area.

use std::collections::HashSet;
use std::sync::Arc;

use axum::Form;
use axum::extract::Path;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;

use super::frame::{Staff, see_other};
use super::import_jobs::{Busy, Job, MAX_BAD_KEPT, Outcome, Phase};
use super::{Console, State};
use crate::import::CsvTable;
use crate::import::users::{self as user_import, Known};
use crate::store::{Actor, Role, Scope};

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

/// `POST /import`: the CSV read at once (a file that is not CSV is refused in the form),
/// then checked, hashed and written by a background job; the answer is a redirect to the
/// job's progress page.
pub async fn import(
    axum::extract::State(c): State,
    staff: Staff,
    form: Result<Form<ImportForm>, FormRejection>,
) -> Response {
    let f = form.map(|f| f.0).unwrap_or_default();
    if let Some(r) = staff.refuse(&f.csrf) {
        return r;
    }
    let refused = |status: StatusCode, why: &str| {
        page(
            &staff,
            status,
            html! { p.flash.error role="alert" { (why) } },
            &f.csv,
        )
    };
    let table = match CsvTable::parse(
        f.csv.as_bytes(),
        user_import::REQUIRED,
        user_import::OPTIONAL,
        user_import::IGNORED,
    ) {
        Ok(t) => t,
        Err(e) => return refused(StatusCode::UNPROCESSABLE_ENTITY, &e.to_string()),
    };
    let job = match c.imports.start(&staff.caller.actor.name, table.rows.len()) {
        Ok(j) => j,
        Err(Busy::Own) => {
            return refused(
                StatusCode::TOO_MANY_REQUESTS,
                staff.t(
                    "Impor Anda yang sebelumnya masih berjalan; tunggu sampai selesai.",
                    "Your previous import is still running; wait until it is done.",
                ),
            );
        }
        Err(Busy::Server) => {
            return refused(
                StatusCode::TOO_MANY_REQUESTS,
                staff.t(
                    "Server sedang menjalankan impor lain; coba lagi sebentar lagi.",
                    "The server is running other imports; try again shortly.",
                ),
            );
        }
    };
    let scope = staff.caller.scope.clone();
    let actor = staff.caller.actor.clone();
    let id = job.id.clone();
    let console = c.clone();
    tokio::spawn(async move {
        let outcome = run(&console, &job, &table, &scope, &actor).await;
        job.finish(outcome);
    });
    see_other(&format!("/import/{id}"))
}

/// The job's work: every row checked (every bad one reported, nothing imported), then
/// hashed with the job's counter as the bar, then written in one audited transaction.
async fn run(
    c: &Console,
    job: &Arc<Job>,
    table: &CsvTable,
    scope: &Scope,
    actor: &Actor,
) -> Outcome {
    let known = match known(c, scope).await {
        Ok(k) => k,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let (good, bad) = user_import::validate(table, &known, true);
    if !bad.is_empty() {
        let wrong = bad.len();
        let mut bad = bad;
        bad.truncate(MAX_BAD_KEPT);
        return Outcome::BadRows {
            total: table.rows.len(),
            wrong,
            bad,
        };
    }
    job.enter(Phase::Hashing);
    let (params, sealer) = (c.argon2, c.sealer.clone());
    let counting = job.clone();
    let hashed = tokio::task::spawn_blocking(move || {
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get().div_ceil(2));
        user_import::hash_all(good, &params, &sealer, workers, &counting.done)
    })
    .await;
    let hashed = match hashed {
        Ok(Ok(h)) => h,
        Ok(Err(e)) => return Outcome::Failed(e),
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    job.enter(Phase::Saving);
    let rows: Vec<_> = hashed
        .iter()
        .map(|h| (h.user.clone(), h.extra.clone()))
        .collect();
    match c.store.import_users(&rows, actor).await {
        Ok(n) => Outcome::Imported {
            users: n,
            generated: hashed.iter().filter(|h| h.generated.is_some()).count(),
        },
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// `GET /import/{id}`: the job's progress bar (the page reloads itself each second while
/// it runs) and then its summary. Only the person who started it, or an admin, sees it.
pub async fn progress(
    axum::extract::State(c): State,
    staff: Staff,
    Path(id): Path<String>,
) -> Response {
    let Some(job) = c.imports.get(&id) else {
        return staff.not_found();
    };
    if job.owner != staff.caller.actor.name && staff.role() != Role::Admin {
        return staff.not_found();
    }
    let (phase, outcome) = job.status();
    let title = staff.t("Impor pengguna (CSV)", "Import users (CSV)");
    let path = format!("/import/{id}");
    let Some(outcome) = outcome else {
        let step = match phase {
            Phase::Checking => staff.t("Memeriksa baris…", "Checking rows…"),
            Phase::Hashing => staff.t("Mengamankan kata sandi…", "Securing passwords…"),
            Phase::Saving => staff.t("Menyimpan…", "Saving…"),
        };
        let content = html! {
            section.card.job role="status" {
                p { (step) }
                progress max=(job.total.max(1)) value=(job.rows_done()) { (job.rows_done()) " / " (job.total) }
                p.muted { (job.rows_done()) " / " (job.total) " " (staff.t("baris", "rows")) " · "
                    (staff.t("halaman ini memuat ulang sendiri", "this page reloads itself")) }
            }
        };
        return staff.page_refreshing(StatusCode::OK, title, &path, content, Some(1));
    };
    let summary = match outcome {
        Outcome::Imported { users, generated } => html! {
            p.flash.ok role="status" { (users) " " (staff.t("pengguna diimpor", "users imported"))
                @if generated > 0 { " · " (generated) " " (staff.t("kata sandi dibuat; atur ulang dari halaman pengguna", "passwords generated; reset them from the user's page")) } }
        },
        Outcome::BadRows { total, wrong, bad } => html! {
            div.flash.error role="alert" {
                p { (wrong) " " (staff.t("dari", "of")) " " (total) " "
                    (staff.t("baris salah; tidak ada yang diimpor.", "rows are wrong; nothing was imported.")) }
                ul.bad-rows { @for e in &bad { li { (staff.t("baris", "line")) " " (e.line) ": " (e.reason) } } }
                @if wrong > bad.len() {
                    p { (staff.t("… dan", "… and")) " " (wrong - bad.len()) " " (staff.t("baris lainnya", "more lines")) }
                }
            }
        },
        Outcome::Failed(e) => html! {
            p.flash.error role="alert" { (staff.t("Impor gagal; tidak ada yang diimpor", "The import failed; nothing was imported")) ": " (e) }
        },
    };
    let content = html! {
        (summary)
        p { a.button href="/import" { (staff.t("Impor berkas lain", "Import another file")) } }
    };
    staff.page(StatusCode::OK, title, &path, content)
}

/// What validation checks rows against; an operator's known areas are those in their own.
async fn known(c: &Console, scope: &Scope) -> Result<Known, crate::store::StoreError> {
    let areas = c.store.list_areas().await?;
    let areas = (!areas.is_empty()).then(|| {
        areas
            .iter()
            .filter(|a| scope.contains_path(&a.path))
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
