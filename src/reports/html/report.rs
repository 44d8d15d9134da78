//! What one HTML report is drawn from: the usage report of each grouping it shows.

use crate::reports::model::UsageReport;

/// Everything one HTML report shows.
pub struct HtmlReport<'a> {
    /// E.g. the city's name, shown in the title.
    pub title_area: Option<&'a str>,
    /// `Dimension::Day` over the period: the trend, and the header's period and totals.
    pub by_day: &'a UsageReport,
    /// `Dimension::Rw` (rows carry kecamatan/kelurahan codes).
    pub by_rw: &'a UsageReport,
    /// `Dimension::Plan`: students vs UMKM.
    pub by_plan: &'a UsageReport,
    /// `Dimension::Kecamatan`: names and subtotals of the per-kecamatan tables.
    pub by_kecamatan: &'a UsageReport,
    /// `Dimension::Kelurahan`, only for kelurahan names; codes are shown without it.
    pub by_kelurahan: Option<&'a UsageReport>,
    /// Epoch seconds.
    pub generated_at: i64,
}
