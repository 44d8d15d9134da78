//! Editing one user's limits in the console: the download and upload rate and the daily
//! and monthly data quota, as overrides of the plan (empty: the plan's). The other
//! overrides the CLI may have set are kept; the change is audited with before and after.

use axum::Form;
use axum::extract::Path;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;

use super::frame::{Staff, done, seg};
use super::{Console, State};
use crate::domain::Limits;
use crate::domain::rate::{format_rate, parse_rate};
use crate::domain::units::{format_bytes, parse_bytes};
use crate::store::StoreError;

/// The user's id and current overrides, when the user is inside the person's area.
pub async fn current(
    c: &Console,
    staff: &Staff,
    name: &str,
) -> Result<Option<(i64, Limits)>, StoreError> {
    if c.store
        .get_user_view(name, &staff.caller.scope)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let Some(user) = c.store.get_user(name).await? else {
        return Ok(None);
    };
    Ok(Some((user.id, c.store.user_limits(user.id).await?)))
}

/// The form on the user's page.
pub fn form(staff: &Staff, name: &str, l: &Limits) -> Markup {
    let bytes = |v: Option<i64>| {
        v.and_then(|n| u64::try_from(n).ok())
            .map(format_bytes)
            .unwrap_or_default()
    };
    let rate = |v: &Option<String>| v.clone().unwrap_or_default();
    html! {
        section.card {
            h2 { (staff.t("Batas khusus pengguna ini", "This user's own limits")) }
            p.muted { (staff.t("Kosong: mengikuti paket. Contoh: 4M, 512k, 2GB.", "Empty: the plan's. For example 4M, 512k, 2GB.")) }
            form.search method="post" action={ "/users/" (seg(name)) "/limits" } {
                input type="hidden" name="csrf" value=(staff.token);
                div.fields {
                    label { (staff.t("Unduh", "Download")) input type="text" name="rate_down" value=(rate(&l.rate_down)); }
                    label { (staff.t("Unggah", "Upload")) input type="text" name="rate_up" value=(rate(&l.rate_up)); }
                    label { (staff.t("Kuota harian", "Daily quota")) input type="text" name="daily" value=(bytes(l.daily_bytes)); }
                    label { (staff.t("Kuota bulanan", "Monthly quota")) input type="text" name="monthly" value=(bytes(l.monthly_bytes)); }
                }
                button.secondary type="submit" { (staff.t("Simpan batas", "Save limits")) }
            }
        }
    }
}

/// The form's fields.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LimitsForm {
    csrf: String,
    rate_down: String,
    rate_up: String,
    daily: String,
    monthly: String,
}

/// `POST /users/{name}/limits`.
pub async fn save(
    axum::extract::State(c): State,
    staff: Staff,
    Path(name): Path<String>,
    form: Result<Form<LimitsForm>, FormRejection>,
) -> Response {
    let f = form.map(|f| f.0).unwrap_or_default();
    if let Some(r) = staff.refuse(&f.csrf) {
        return r;
    }
    let (id, mut limits) = match current(&c, &staff, &name).await {
        Ok(Some(found)) => found,
        Ok(None) => return staff.not_found(),
        Err(e) => return staff.failed(e),
    };
    let rate = |s: &str| -> Result<Option<String>, String> {
        match s.trim() {
            "" => Ok(None),
            t => parse_rate(t)
                .map(|bps| Some(format_rate(bps)))
                .ok_or_else(|| format!("'{t}'?")),
        }
    };
    let size = |s: &str| -> Result<Option<i64>, String> {
        match s.trim() {
            "" => Ok(None),
            t => parse_bytes(t)
                .and_then(|n| i64::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| format!("'{t}'?")),
        }
    };
    let parsed = (|| {
        Ok::<_, String>((
            rate(&f.rate_down)?,
            rate(&f.rate_up)?,
            size(&f.daily)?,
            size(&f.monthly)?,
        ))
    })();
    let (down, up, daily, monthly) = match parsed {
        Ok(p) => p,
        Err(e) => {
            let why = format!("{} {e}", staff.t("Nilai tidak dikenali:", "Not a value:"));
            return staff.page(
                StatusCode::UNPROCESSABLE_ENTITY,
                &name,
                "/users",
                html! { p.flash.error { (why) } },
            );
        }
    };
    limits.rate_down = down;
    limits.rate_up = up;
    limits.daily_bytes = daily;
    limits.monthly_bytes = monthly;
    match c
        .store
        .set_user_limits_audited(id, &limits, &staff.caller.actor)
        .await
    {
        Ok(()) => done(&format!("/users/{}", seg(&name)), "limits"),
        Err(StoreError::NotFound { .. }) => staff.not_found(),
        Err(e) => staff.failed(e),
    }
}
