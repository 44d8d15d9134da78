//! Plan shares (students vs UMKM and any admin-made plans): a share chart and a table.

use std::fmt::Write;

use super::cells::{data, empty_row, opt_users, percent, users};
use crate::reports::escape::escape;
use crate::reports::labels::Labels;
use crate::reports::model::{Figures, UsageReport};
use crate::reports::svg::{self, ChartText, ShareRow};

/// Plan colours: `student` and `umkm` keep theirs in every report; admin-made plans take
/// the next free one.
const PLAN_COLORS: [&str; 6] = [
    "#2563eb", "#ea580c", "#9333ea", "#0891b2", "#ca8a04", "#be123c",
];

/// Plans in display order: the seeded `student` and `umkm` first, the others by name.
fn plan_rows(by_plan: &UsageReport) -> Vec<(&str, &Figures)> {
    let mut rows: Vec<(&str, &Figures)> = if by_plan.rows.is_empty() {
        by_plan
            .total_by_plan
            .iter()
            .map(|(k, f)| (k.as_str(), f))
            .collect()
    } else {
        by_plan
            .rows
            .iter()
            .map(|r| (r.key.as_str(), &r.total))
            .collect()
    };
    let rank = |name: &str| match name {
        "student" => 0,
        "umkm" => 1,
        _ => 2,
    };
    rows.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)).then(a.0.cmp(b.0)));
    rows
}

/// The plans section: shares of users, data and hours per plan, and the plan table.
pub(super) fn plans(out: &mut String, l: &Labels, by_plan: &UsageReport) {
    let rows = plan_rows(by_plan);
    let mut next_color = 2;
    let legend: Vec<(String, &str)> = rows
        .iter()
        .map(|(name, _)| {
            let color = match *name {
                "student" => PLAN_COLORS[0],
                "umkm" => PLAN_COLORS[1],
                _ => {
                    let c = PLAN_COLORS[next_color % PLAN_COLORS.len()];
                    next_color += 1;
                    c
                }
            };
            (l.plan(name).into_owned(), color)
        })
        .collect();
    let share_row =
        |label: &str, value: &dyn Fn(&Figures) -> f64, text: &dyn Fn(&Figures) -> String| {
            ShareRow {
                label: label.to_string(),
                parts: rows.iter().map(|(_, f)| value(f)).collect(),
                tooltips: rows.iter().map(|(_, f)| text(f)).collect(),
            }
        };
    let share_rows = [
        share_row(l.unique_users, &|f| users(f) as f64, &|f| opt_users(l, f)),
        share_row(l.data, &|f| data(f) as f64, &|f| l.bytes(data(f))),
        share_row(l.session_hours, &|f| f.session_seconds as f64, &|f| {
            format!("{} {}", l.hours(f.session_seconds), l.hours_unit)
        }),
    ];
    let _ = write!(
        out,
        "<section id=\"plans\">\n<h2>{}</h2>\n<figure>\n",
        l.plans
    );
    out.push_str(&svg::share_bars(
        &ChartText {
            id: "chart-plans",
            title: l.plans,
            no_data: l.no_data,
        },
        &legend,
        &share_rows,
        &|s| percent(l, s),
    ));
    out.push_str("\n</figure>\n");
    plan_table(out, l, &rows, &legend);
    out.push_str("</section>\n");
}

/// One row per plan with its colour, figures and share of the data.
fn plan_table(out: &mut String, l: &Labels, rows: &[(&str, &Figures)], legend: &[(String, &str)]) {
    let total_data: i64 = rows.iter().map(|(_, f)| data(f)).sum();
    let _ = write!(
        out,
        "<table class=\"plan-table\" id=\"plan-table\">\n<thead><tr><th>{}</th>\
         <th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>\
         <th class=\"num\">{}</th><th class=\"num\">{} ({})</th></tr></thead>\n<tbody>\n",
        l.plan, l.unique_users, l.sessions, l.data, l.session_hours, l.share, l.data
    );
    if rows.is_empty() {
        empty_row(out, l, 6);
    }
    for ((name, f), (label, color)) in rows.iter().zip(legend) {
        let share = if total_data > 0 {
            percent(l, data(f) as f64 / total_data as f64)
        } else {
            l.not_available.to_string()
        };
        let _ = writeln!(
            out,
            "<tr data-plan=\"{key}\"><td><span class=\"swatch\" style=\"background:{color}\">\
             </span>{label}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&opt_users(l, f)),
            escape(&l.int(f.sessions)),
            escape(&l.bytes(data(f))),
            escape(&l.hours(f.session_seconds)),
            escape(&share),
            key = escape(name),
            label = escape(label),
        );
    }
    out.push_str("</tbody>\n</table>\n");
}
