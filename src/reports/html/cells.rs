//! Figures as table cells and chart values, shared by every section of the page.

use std::fmt::Write;

use crate::reports::escape::escape;
use crate::reports::labels::Labels;
use crate::reports::model::Figures;

/// Download and upload together.
pub(super) fn data(f: &Figures) -> i64 {
    f.input_octets.saturating_add(f.output_octets)
}

/// Unique users, zero where unknown (for sorting and chart values).
pub(super) fn users(f: &Figures) -> u64 {
    f.unique_users.unwrap_or(0)
}

/// Unique users as printed: a dash where unknown.
pub(super) fn opt_users(l: &Labels, f: &Figures) -> String {
    l.opt_int(f.unique_users.map(|u| i64::try_from(u).unwrap_or(i64::MAX)))
}

/// A share of one as a percentage with one decimal.
pub(super) fn percent(l: &Labels, share: f64) -> String {
    format!("{}%", l.decimal(share * 100.0, 1))
}

/// Header cells for a row of figures; `split` shows download and upload apart.
pub(super) fn figure_headers(l: &Labels, split: bool) -> String {
    let data = if split {
        format!(
            "<th class=\"num\">{}</th><th class=\"num\">{}</th>",
            l.download, l.upload
        )
    } else {
        format!("<th class=\"num\">{}</th>", l.data)
    };
    format!(
        "<th class=\"num\">{}</th><th class=\"num\">{}</th>{data}\
         <th class=\"num\">{}</th><th class=\"num\">{}</th>",
        l.unique_users, l.sessions, l.session_hours, l.peak_short
    )
}

/// Data cells matching `figure_headers`; unsplit data carries download and upload as a
/// tooltip.
pub(super) fn figure_cells(l: &Labels, f: &Figures, split: bool) -> String {
    let data = if split {
        format!(
            "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
            escape(&l.bytes(f.output_octets)),
            escape(&l.bytes(f.input_octets))
        )
    } else {
        format!(
            "<td class=\"num\" title=\"{} {} · {} {}\">{}</td>",
            l.download,
            escape(&l.bytes(f.output_octets)),
            l.upload,
            escape(&l.bytes(f.input_octets)),
            escape(&l.bytes(data(f)))
        )
    };
    format!(
        "<td class=\"num\">{}</td><td class=\"num\">{}</td>{data}\
         <td class=\"num\">{}</td><td class=\"num\">{}</td>",
        escape(&opt_users(l, f)),
        escape(&l.int(f.sessions)),
        escape(&l.hours(f.session_seconds)),
        escape(&l.opt_int(f.peak_sessions)),
    )
}

/// A table's only row when it has nothing to show.
pub(super) fn empty_row(out: &mut String, l: &Labels, columns: usize) {
    let _ = writeln!(
        out,
        "<tr class=\"empty\"><td colspan=\"{columns}\">{}</td></tr>",
        l.no_data
    );
}
