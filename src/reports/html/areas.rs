//! The areas: top and bottom RWs as bar charts, and one table of RWs per kecamatan.

use std::collections::HashMap;
use std::fmt::Write;

use super::cells::{data, empty_row, figure_cells, figure_headers, opt_users, users};
use super::report::HtmlReport;
use crate::reports::escape::escape;
use crate::reports::labels::Labels;
use crate::reports::model::{Figures, UsageReport, UsageRow};
use crate::reports::svg::{self, ChartText, HBar};
use crate::reports::usage::NO_AREA_KEY;

/// Bar colours of the top and bottom RW charts.
const RW_TOP: &str = "#16a34a";
const RW_BOTTOM: &str = "#dc2626";
/// At most this many RWs in each of the top and bottom charts.
const RANKED: usize = 10;

/// Area names by code, from the kecamatan and kelurahan reports.
struct Names {
    kecamatan: HashMap<String, String>,
    kelurahan: HashMap<String, String>,
}

impl Names {
    fn new(report: &HtmlReport<'_>) -> Names {
        let map = |r: &UsageReport| {
            r.rows
                .iter()
                .map(|row| (row.key.clone(), row.label.clone()))
                .collect()
        };
        Names {
            kecamatan: map(report.by_kecamatan),
            kelurahan: report.by_kelurahan.map(map).unwrap_or_default(),
        }
    }

    fn kelurahan<'s>(&'s self, code: Option<&'s str>) -> &'s str {
        match code {
            Some(c) => self.kelurahan.get(c).map_or(c, String::as_str),
            None => "",
        }
    }

    /// "RW 03 · Cihapit": RW names repeat across kelurahan, so the kelurahan tells them apart.
    fn rw(&self, row: &UsageRow) -> String {
        match self.kelurahan(row.kelurahan.as_deref()) {
            "" => row.label.clone(),
            kel => format!("{} · {kel}", row.label),
        }
    }
}

/// The area sections: the ranked RW charts, then the per-kecamatan tables.
pub(super) fn areas(out: &mut String, l: &Labels, report: &HtmlReport<'_>) {
    let names = Names::new(report);
    ranked_rws(out, l, report.by_rw, &names);
    kecamatan_tables(out, l, report, &names);
}

/// Top and bottom RWs by unique users (then data): the top half (at most ten) and the
/// rest's lowest (at most ten), so that a small city's RWs appear once, not in both charts.
fn ranked_rws(out: &mut String, l: &Labels, by_rw: &UsageReport, names: &Names) {
    let mut rows: Vec<&UsageRow> = by_rw.rows.iter().collect();
    rows.sort_by(|a, b| {
        users(&b.total)
            .cmp(&users(&a.total))
            .then(data(&b.total).cmp(&data(&a.total)))
            .then(a.label.cmp(&b.label))
            .then(a.key.cmp(&b.key))
    });
    let top_n = rows.len().div_ceil(2).min(RANKED);
    let bottom_n = (rows.len() - top_n).min(RANKED);
    let bar = |r: &&UsageRow| HBar {
        label: names.rw(r),
        value: users(&r.total) as f64,
        text: format!(
            "{} {} · {}",
            opt_users(l, &r.total),
            l.users_unit,
            l.bytes(data(&r.total))
        ),
    };
    let top: Vec<HBar> = rows[..top_n].iter().map(bar).collect();
    // Both charts on the top RW's scale, so that a bottom RW looks as small as it is.
    let scale = top.first().map_or(0.0, |b| b.value);
    // Lowest first: the RWs that most need a look lead the chart.
    let bottom: Vec<HBar> = rows[rows.len() - bottom_n..]
        .iter()
        .rev()
        .map(bar)
        .collect();
    let _ = write!(
        out,
        "<section id=\"rws\">\n<h2>{} ({})</h2>\n<p class=\"note\">{}</p>\n<figure>\n",
        l.top_rw,
        top.len(),
        l.ranked_by
    );
    out.push_str(&svg::hbars(
        &ChartText {
            id: "chart-rw-top",
            title: l.top_rw,
            no_data: l.no_data,
        },
        &top,
        RW_TOP,
        scale,
    ));
    let _ = write!(
        out,
        "\n</figure>\n<h2>{} ({})</h2>\n<figure>\n",
        l.bottom_rw,
        bottom.len()
    );
    out.push_str(&svg::hbars(
        &ChartText {
            id: "chart-rw-bottom",
            title: l.bottom_rw,
            no_data: l.no_data,
        },
        &bottom,
        RW_BOTTOM,
        scale,
    ));
    out.push_str("\n</figure>\n</section>\n");
}

fn kecamatan_tables(out: &mut String, l: &Labels, report: &HtmlReport<'_>, names: &Names) {
    let _ = write!(
        out,
        "<section id=\"kecamatan\">\n<h2>{}</h2>\n",
        l.per_kecamatan
    );
    let mut rws: HashMap<&str, Vec<&UsageRow>> = HashMap::new();
    let mut orphans: Vec<&UsageRow> = Vec::new();
    for row in &report.by_rw.rows {
        match row.kecamatan.as_deref() {
            Some(k) if names.kecamatan.contains_key(k) => rws.entry(k).or_default().push(row),
            _ => orphans.push(row),
        }
    }
    if report.by_kecamatan.rows.is_empty() && orphans.is_empty() {
        let _ = writeln!(out, "<p class=\"no-data\">{}</p>", l.no_data);
    }
    // The engine groups hotspots outside any kecamatan under the key "-": those are the
    // orphan RWs, and that row is their subtotal.
    let mut orphan_total = None;
    for kec in &report.by_kecamatan.rows {
        if kec.key == NO_AREA_KEY {
            orphan_total = Some(&kec.total);
            continue;
        }
        let rows = rws.remove(kec.key.as_str()).unwrap_or_default();
        let caption = if kec.label.is_empty() || kec.label == kec.key {
            kec.key.clone()
        } else {
            format!("{} ({})", kec.label, kec.key)
        };
        kecamatan_table(
            out,
            l,
            names,
            &kec.key,
            &format!("{} {caption}", l.kecamatan),
            rows,
            Some(&kec.total),
        );
    }
    if !orphans.is_empty() {
        kecamatan_table(out, l, names, "", l.no_kecamatan, orphans, orphan_total);
    }
    out.push_str("</section>\n");
}

/// One kecamatan's RWs with a subtotal row: the kecamatan's own figures, whose unique users
/// and peak cannot be added up from the RWs; without them the sums that can be are shown.
fn kecamatan_table(
    out: &mut String,
    l: &Labels,
    names: &Names,
    code: &str,
    caption: &str,
    mut rows: Vec<&UsageRow>,
    subtotal: Option<&Figures>,
) {
    rows.sort_by(|a, b| {
        names
            .kelurahan(a.kelurahan.as_deref())
            .cmp(names.kelurahan(b.kelurahan.as_deref()))
            .then(a.label.cmp(&b.label))
            .then(a.key.cmp(&b.key))
    });
    let _ = write!(
        out,
        "<table class=\"kecamatan-table\" data-kecamatan=\"{code}\">\n<caption>{caption}</caption>\n\
         <thead><tr><th>{}</th><th>{}</th>{}</tr></thead>\n<tbody>\n",
        l.kelurahan,
        l.rw,
        figure_headers(l, false),
        code = escape(code),
        caption = escape(caption),
    );
    if rows.is_empty() {
        empty_row(out, l, 7);
    }
    for row in &rows {
        let _ = writeln!(
            out,
            "<tr data-rw=\"{key}\"><td>{kel}</td><td>{rw}</td>{}</tr>",
            figure_cells(l, &row.total, false),
            key = escape(&row.key),
            kel = escape(names.kelurahan(row.kelurahan.as_deref())),
            rw = escape(&row.label),
        );
    }
    let sum = subtotal.copied().unwrap_or_else(|| Figures {
        unique_users: None,
        sessions: rows.iter().map(|r| r.total.sessions).sum(),
        input_octets: rows.iter().map(|r| r.total.input_octets).sum(),
        output_octets: rows.iter().map(|r| r.total.output_octets).sum(),
        session_seconds: rows.iter().map(|r| r.total.session_seconds).sum(),
        peak_sessions: None,
    });
    let _ = write!(
        out,
        "</tbody>\n<tfoot><tr class=\"subtotal\"><th colspan=\"2\">{}</th>{}</tr></tfoot>\n</table>\n",
        l.subtotal,
        figure_cells(l, &sum, false)
    );
}
