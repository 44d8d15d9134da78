//! The daily trend: data and unique users per day as charts, and the daily table.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::NaiveDate;

use super::cells::{empty_row, figure_cells, figure_headers, users};
use crate::reports::escape::escape;
use crate::reports::labels::Labels;
use crate::reports::model::{Figures, UsageReport};
use crate::reports::svg::{self, ChartText, Series, ValueAxis};

/// Colours of the trend series.
const DOWNLOAD: &str = "#2563eb";
const UPLOAD: &str = "#f59e0b";
const USERS: &str = "#0d9488";
/// Longer periods are drawn from the rows as given instead of one point per calendar day.
const MAX_FILLED_DAYS: i64 = 1000;

/// The period's days with their figures: every calendar day from `from` to `to` (a day
/// without traffic has no row but is still a day of the trend), or the rows as given when
/// the period cannot be read.
fn days(report: &UsageReport) -> Vec<(String, Option<NaiveDate>, Figures)> {
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let by_key: BTreeMap<&str, &Figures> = report
        .rows
        .iter()
        .map(|r| (r.key.as_str(), &r.total))
        .collect();
    if let (Some(from), Some(to)) = (parse(&report.from), parse(&report.to)) {
        let span = (to - from).num_days();
        let rows_inside = report
            .rows
            .iter()
            .all(|r| parse(&r.key).is_some_and(|d| d >= from && d <= to));
        if (0..MAX_FILLED_DAYS).contains(&span) && rows_inside {
            return from
                .iter_days()
                .take_while(|d| *d <= to)
                .map(|d| {
                    let key = d.format("%Y-%m-%d").to_string();
                    let f = by_key
                        .get(key.as_str())
                        .copied()
                        .copied()
                        // No row: nobody used the WiFi that day.
                        .unwrap_or(Figures {
                            unique_users: Some(0),
                            ..Figures::default()
                        });
                    (key, Some(d), f)
                })
                .collect();
        }
    }
    report
        .rows
        .iter()
        .map(|r| (r.key.clone(), parse(&r.key), r.total))
        .collect()
}

/// The trend section: data and users per day as charts, then one table row per day.
pub(super) fn trend(out: &mut String, l: &Labels, by_day: &UsageReport) {
    let days = days(by_day);
    let x_labels: Vec<String> = days
        .iter()
        .map(|(key, d, _)| d.map_or_else(|| key.clone(), |d| l.date_short(d)))
        .collect();
    let bytes = |v: f64| l.bytes_compact(v.round() as i64);
    let int = |v: f64| l.int(v.round() as i64);
    let series = [
        Series {
            name: l.download,
            color: DOWNLOAD,
            values: days.iter().map(|d| d.2.output_octets as f64).collect(),
        },
        Series {
            name: l.upload,
            color: UPLOAD,
            values: days.iter().map(|d| d.2.input_octets as f64).collect(),
        },
    ];
    let _ = write!(
        out,
        "<section id=\"trend\">\n<h2>{}</h2>\n<figure>\n<figcaption>{}</figcaption>\n",
        l.trend, l.trend_data
    );
    out.push_str(&svg::stacked_area(
        &ChartText {
            id: "chart-daily",
            title: l.trend_data,
            no_data: l.no_data,
        },
        &x_labels,
        l.date,
        &series,
        &ValueAxis {
            label: l.data,
            format: &bytes,
            integer: false,
        },
    ));
    let _ = write!(
        out,
        "\n</figure>\n<figure>\n<figcaption>{}</figcaption>\n",
        l.trend_users
    );
    let users_per_day: Vec<f64> = days.iter().map(|d| users(&d.2) as f64).collect();
    out.push_str(&svg::columns(
        &ChartText {
            id: "chart-daily-users",
            title: l.trend_users,
            no_data: l.no_data,
        },
        &x_labels,
        l.date,
        &users_per_day,
        USERS,
        &ValueAxis {
            label: l.unique_users,
            format: &int,
            integer: true,
        },
    ));
    out.push_str("\n</figure>\n");
    daily_table(out, l, &days);
    out.push_str("</section>\n");
}

/// One row per day with download and upload apart.
fn daily_table(out: &mut String, l: &Labels, days: &[(String, Option<NaiveDate>, Figures)]) {
    let _ = write!(
        out,
        "<table class=\"daily-table\" id=\"daily-table\">\n<thead><tr><th>{}</th>{}</tr></thead>\n<tbody>\n",
        l.date,
        figure_headers(l, true)
    );
    if days.is_empty() {
        empty_row(out, l, 8);
    }
    for (key, d, f) in days {
        let label = d.map_or_else(|| key.clone(), |d| l.date_long(&d.to_string()));
        let _ = writeln!(
            out,
            "<tr><td><time datetime=\"{}\">{}</time></td>{}</tr>",
            escape(key),
            escape(&label),
            figure_cells(l, f, true)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}
