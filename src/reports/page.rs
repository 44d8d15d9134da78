//! The HTML usage page: the five groupings it shows, computed from the rollups and handed
//! to the renderer in one piece.

use chrono::NaiveDate;

use super::html::{HtmlReport, render};
use super::labels::Lang;
use super::model::Dimension;
use super::usage::usage_report;
use crate::store::{Store, StoreError};

/// The whole-period HTML page for `from..=to` (no per-user rows, so nothing to pseudonymise).
pub async fn usage_page(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    lang: Lang,
    title_area: Option<&str>,
    generated_at: i64,
) -> Result<String, StoreError> {
    let by_day = usage_report(store, from, to, Dimension::Day, None).await?;
    let by_rw = usage_report(store, from, to, Dimension::Rw, None).await?;
    let by_plan = usage_report(store, from, to, Dimension::Plan, None).await?;
    let by_kecamatan = usage_report(store, from, to, Dimension::Kecamatan, None).await?;
    let by_kelurahan = usage_report(store, from, to, Dimension::Kelurahan, None).await?;
    Ok(render(
        &HtmlReport {
            title_area,
            by_day: &by_day,
            by_rw: &by_rw,
            by_plan: &by_plan,
            by_kecamatan: &by_kecamatan,
            by_kelurahan: Some(&by_kelurahan),
            generated_at,
        },
        lang,
    ))
}
