//! `--format html`: one self-contained HTML file for auditors, with inline CSS and inline
//! SVG charts (no scripts, fonts or images fetched from anywhere), printable on A4.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use chrono::NaiveDate;

use super::labels::{Labels, Lang};
use super::model::{Figures, UsageReport, UsageRow};
use super::svg::{self, ChartText, HBar, Series, ShareRow, ValueAxis};
use super::usage::NO_AREA_KEY;

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

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Colours of the trend series and of plans (`student` and `umkm` keep theirs in every
/// report; admin-made plans take the next free one).
const DOWNLOAD: &str = "#2563eb";
const UPLOAD: &str = "#f59e0b";
const USERS: &str = "#0d9488";
const RW_TOP: &str = "#16a34a";
const RW_BOTTOM: &str = "#dc2626";
const PLAN_COLORS: [&str; 6] = [
    "#2563eb", "#ea580c", "#9333ea", "#0891b2", "#ca8a04", "#be123c",
];

/// Nothing may be fetched: the file is an archive copy, complete in itself, and a browser
/// reports anything that tries (a later edit adding a URL shows up as a console error).
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
/// At most this many RWs in each of the top and bottom charts.
const RANKED: usize = 10;
/// Longer periods are drawn from the rows as given instead of one point per calendar day.
const MAX_FILLED_DAYS: i64 = 1000;

/// Renders the whole report as one HTML document.
pub fn render(report: &HtmlReport<'_>, lang: Lang) -> String {
    let l = lang.labels();
    let names = Names::new(report);
    let mut out = String::with_capacity(64 * 1024);
    let period = format!(
        "{} {} {}",
        l.date_long(&report.by_day.from),
        l.period_to,
        l.date_long(&report.by_day.to)
    );
    let heading = match report.title_area {
        Some(area) if !area.trim().is_empty() => format!("{} — {}", l.title, area.trim()),
        _ => l.title.to_string(),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"radkota\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <title>{title} ({period})</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n\
         <header id=\"report-header\">\n<h1>{title}</h1>\n\
         <p class=\"period\">{period_label}: <time datetime=\"{from}\">{from_long}</time> \
         {to_word} <time datetime=\"{to}\">{to_long}</time></p>\n\
         <p class=\"generated\">{generated_label} {generated}</p>\n</header>\n",
        lang = l.html_lang,
        title = escape(&heading),
        period = escape(&period),
        period_label = l.period,
        from = escape(&report.by_day.from),
        from_long = escape(&l.date_long(&report.by_day.from)),
        to_word = l.period_to,
        to = escape(&report.by_day.to),
        to_long = escape(&l.date_long(&report.by_day.to)),
        generated_label = l.generated_at,
        generated = escape(&l.timestamp_utc(report.generated_at)),
    );
    totals(&mut out, l, &report.by_day.total);
    trend(&mut out, l, report.by_day);
    plans(&mut out, l, report.by_plan);
    ranked_rws(&mut out, l, report.by_rw, &names);
    kecamatan_tables(&mut out, l, report, &names);
    footer(&mut out, l, report);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

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

fn data(f: &Figures) -> i64 {
    f.input_octets.saturating_add(f.output_octets)
}

fn users(f: &Figures) -> u64 {
    f.unique_users.unwrap_or(0)
}

fn opt_users(l: &Labels, f: &Figures) -> String {
    l.opt_int(f.unique_users.map(|u| i64::try_from(u).unwrap_or(i64::MAX)))
}

fn percent(l: &Labels, share: f64) -> String {
    format!("{}%", l.decimal(share * 100.0, 1))
}

fn totals(out: &mut String, l: &Labels, t: &Figures) {
    let stats: [(&str, &str, String); 7] = [
        ("stat-users", l.unique_users, opt_users(l, t)),
        ("stat-sessions", l.sessions, l.int(t.sessions)),
        ("stat-download", l.download, l.bytes(t.output_octets)),
        ("stat-upload", l.upload, l.bytes(t.input_octets)),
        ("stat-data", l.data_total, l.bytes(data(t))),
        ("stat-hours", l.session_hours, l.hours(t.session_seconds)),
        ("stat-peak", l.peak, l.opt_int(t.peak_sessions)),
    ];
    let _ = write!(
        out,
        "<section id=\"totals\">\n<h2>{}</h2>\n<dl class=\"totals\">\n",
        l.totals
    );
    for (id, label, value) in stats {
        let _ = writeln!(
            out,
            "<div class=\"stat\" id=\"{id}\"><dt>{label}</dt><dd>{}</dd></div>",
            escape(&value)
        );
    }
    out.push_str("</dl>\n</section>\n");
}

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

fn trend(out: &mut String, l: &Labels, by_day: &UsageReport) {
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
    let _ = write!(
        out,
        "<table class=\"daily-table\" id=\"daily-table\">\n<thead><tr><th>{}</th>{}</tr></thead>\n<tbody>\n",
        l.date,
        figure_headers(l, true)
    );
    if days.is_empty() {
        empty_row(out, l, 8);
    }
    for (key, d, f) in &days {
        let label = d.map_or_else(|| key.clone(), |d| l.date_long(&d.to_string()));
        let _ = writeln!(
            out,
            "<tr><td><time datetime=\"{}\">{}</time></td>{}</tr>",
            escape(key),
            escape(&label),
            figure_cells(l, f, true)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// Header cells for a row of figures; `split` shows download and upload apart.
fn figure_headers(l: &Labels, split: bool) -> String {
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

fn figure_cells(l: &Labels, f: &Figures, split: bool) -> String {
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

fn empty_row(out: &mut String, l: &Labels, columns: usize) {
    let _ = writeln!(
        out,
        "<tr class=\"empty\"><td colspan=\"{columns}\">{}</td></tr>",
        l.no_data
    );
}

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

fn plans(out: &mut String, l: &Labels, by_plan: &UsageReport) {
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
    let total_data: i64 = rows.iter().map(|(_, f)| data(f)).sum();
    let _ = write!(
        out,
        "\n</figure>\n<table class=\"plan-table\" id=\"plan-table\">\n<thead><tr><th>{}</th>\
         <th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>\
         <th class=\"num\">{}</th><th class=\"num\">{} ({})</th></tr></thead>\n<tbody>\n",
        l.plan, l.unique_users, l.sessions, l.data, l.session_hours, l.share, l.data
    );
    if rows.is_empty() {
        empty_row(out, l, 6);
    }
    for ((name, f), (label, color)) in rows.iter().zip(&legend) {
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
    out.push_str("</tbody>\n</table>\n</section>\n");
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

fn footer(out: &mut String, l: &Labels, report: &HtmlReport<'_>) {
    let _ = write!(
        out,
        "<footer id=\"report-footer\">\n<p>{}</p>\n<p>{}</p>\n<p>{}</p>\n<p>{}</p>\n",
        l.footer_privacy, l.footer_source, l.footer_unique, l.footer_peak
    );
    if report.by_rw.pseudonymised || report.by_day.pseudonymised {
        let _ = writeln!(out, "<p>{}</p>", l.footer_pseudonymised);
    }
    out.push_str("<p class=\"generator\">radkota</p>\n</footer>\n");
}

/// Screen and A4 print styles; colours print as shown so the charts keep their legend.
const CSS: &str = r#"
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:#f1f5f9;color:#1e293b;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif}
main{max-width:1080px;margin:0 auto;padding:24px 28px 32px;background:#fff}
header{border-bottom:3px solid #2563eb;padding-bottom:10px;margin-bottom:18px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:18px;margin:26px 0 10px;color:#0f172a}
.period{font-size:16px;margin:2px 0}
.generated,.note,footer{color:#64748b;font-size:12.5px;margin:2px 0}
.totals{display:grid;grid-template-columns:repeat(7,1fr);gap:10px;margin:0}
@media (max-width:900px){.totals{grid-template-columns:repeat(4,1fr)}}
.stat{border:1px solid #e2e8f0;border-radius:8px;padding:10px 12px;background:#f8fafc;display:flex;flex-direction:column;justify-content:space-between}
.stat dt{font-size:12px;color:#64748b}
.stat dd{margin:4px 0 0;font-size:20px;font-weight:650;font-variant-numeric:tabular-nums}
figure{margin:8px 0 14px}
figcaption{font-weight:600;margin-bottom:4px}
svg.chart{display:block;width:100%;height:auto}
table{border-collapse:collapse;width:100%;margin:8px 0 18px;font-size:13px;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:650;font-size:15px;padding:4px 0 6px}
th,td{padding:4px 8px;border-bottom:1px solid #e2e8f0;text-align:left;vertical-align:top}
thead th{background:#f1f5f9;border-bottom:2px solid #cbd5e1;font-size:12px}
.num{text-align:right;white-space:nowrap}
tbody tr:nth-child(even){background:#fafcff}
tfoot th,tfoot td{border-top:2px solid #94a3b8;font-weight:650;background:#f8fafc}
tr.empty td,p.no-data{color:#64748b;font-style:italic;text-align:center}
.swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:6px;vertical-align:-1px}
footer{border-top:1px solid #e2e8f0;margin-top:28px;padding-top:10px}
footer p{margin:3px 0}
.kecamatan-table{table-layout:fixed}
.kecamatan-table thead th:nth-child(1){width:24%}
.kecamatan-table thead th:nth-child(2){width:14%}
@page{size:A4;margin:14mm 12mm}
@media print{
body{background:#fff;font-size:10pt}
main{max-width:none;padding:0}
h2{break-after:avoid}
.totals{grid-template-columns:repeat(4,1fr)}
figure,.stat,tr{break-inside:avoid}
thead{display:table-header-group}
.kecamatan-table{break-inside:auto}
}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::model::Dimension;

    fn figures(users: u64, sessions: i64, down: i64, up: i64, secs: i64) -> Figures {
        Figures {
            unique_users: Some(users),
            sessions,
            input_octets: up,
            output_octets: down,
            session_seconds: secs,
            peak_sessions: Some(3),
        }
    }

    fn row(key: &str, label: &str, kec: Option<&str>, kel: Option<&str>, f: Figures) -> UsageRow {
        UsageRow {
            key: key.into(),
            label: label.into(),
            kecamatan: kec.map(Into::into),
            kelurahan: kel.map(Into::into),
            total: f,
            by_plan: BTreeMap::new(),
        }
    }

    fn report(by: Dimension, rows: Vec<UsageRow>) -> UsageReport {
        let total = rows.iter().fold(Figures::default(), |mut t, r| {
            t.sessions += r.total.sessions;
            t.input_octets += r.total.input_octets;
            t.output_octets += r.total.output_octets;
            t.session_seconds += r.total.session_seconds;
            t
        });
        UsageReport {
            from: "2026-11-01".into(),
            to: "2026-11-03".into(),
            by,
            pseudonymised: true,
            rows,
            total,
            total_by_plan: BTreeMap::new(),
        }
    }

    struct Fixture {
        day: UsageReport,
        rw: UsageReport,
        plan: UsageReport,
        kec: UsageReport,
    }

    impl Fixture {
        fn html(&self, lang: Lang) -> String {
            render(
                &HtmlReport {
                    title_area: Some("Kota <Contoh> & \"Sekitarnya\""),
                    by_day: &self.day,
                    by_rw: &self.rw,
                    by_plan: &self.plan,
                    by_kecamatan: &self.kec,
                    by_kelurahan: None,
                    generated_at: 1_796_083_200,
                },
                lang,
            )
        }
    }

    fn fixture() -> Fixture {
        Fixture {
            day: report(
                Dimension::Day,
                vec![row(
                    "2026-11-02",
                    "2026-11-02",
                    None,
                    None,
                    figures(4, 6, 2_000_000_000, 500_000_000, 7200),
                )],
            ),
            rw: report(
                Dimension::Rw,
                vec![row(
                    "rw-1",
                    "RW <b>01</b>",
                    Some("kec-1"),
                    Some("kel-1"),
                    figures(4, 6, 2_000_000_000, 500_000_000, 7200),
                )],
            ),
            plan: report(
                Dimension::Plan,
                vec![
                    row(
                        "<script>alert(1)</script>",
                        "x",
                        None,
                        None,
                        figures(1, 1, 1, 1, 1),
                    ),
                    row("student", "student", None, None, figures(3, 5, 9, 9, 9)),
                ],
            ),
            kec: report(
                Dimension::Kecamatan,
                vec![row(
                    "kec-1",
                    "Coblong & 'Dago'",
                    Some("kec-1"),
                    None,
                    figures(4, 6, 2_000_000_000, 500_000_000, 7200),
                )],
            ),
        }
    }

    #[test]
    fn admin_text_is_escaped() {
        let html = fixture().html(Lang::Id);
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<b>01"));
        assert!(html.contains("RW &lt;b&gt;01&lt;/b&gt;"));
        assert!(html.contains("Kota &lt;Contoh&gt; &amp; &quot;Sekitarnya&quot;"));
        assert!(html.contains("Kecamatan Coblong &amp; &#39;Dago&#39; (kec-1)"));
        assert_eq!(escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
    }

    #[test]
    fn indonesian_labels_and_numbers() {
        let html = fixture().html(Lang::Id);
        assert!(html.contains("<html lang=\"id\">"));
        for label in [
            "Laporan Pemakaian WiFi",
            "Pengguna unik",
            "Puncak sesi bersamaan",
            "Tren pemakaian harian",
            "Pelajar vs UMKM",
            "RW teratas",
            "RW terbawah",
            "Dibuat pada 1 Desember 2026 00:00 UTC",
            "Periode: <time datetime=\"2026-11-01\">1 November 2026</time> s.d.",
            ">Pelajar</td>",
            "Nama pengguna tidak ditampilkan",
        ] {
            assert!(html.contains(label), "missing {label}");
        }
        // 2 GB down + 0.5 GB up, 2 hours, in Indonesian notation.
        assert!(html.contains("<dd>2,50 GB</dd>"));
        assert!(html.contains("<dd>2,0</dd>"));
        assert!(!html.contains("Unique users"));
    }

    #[test]
    fn english_labels_and_numbers() {
        let html = fixture().html(Lang::En);
        assert!(html.contains("<html lang=\"en\">"));
        for label in [
            "WiFi Usage Report",
            "Unique users",
            "Peak concurrent sessions",
            "Daily usage trend",
            "Students vs UMKM",
            "Top RWs",
            "Bottom RWs",
            "Generated at 1 December 2026 00:00 UTC",
            ">Students</td>",
            "Usernames are not shown",
        ] {
            assert!(html.contains(label), "missing {label}");
        }
        assert!(html.contains("<dd>2.50 GB</dd>"));
        assert!(!html.contains("Pengguna unik"));
    }

    #[test]
    fn three_day_period_has_three_days_with_the_gaps_filled() {
        let html = fixture().html(Lang::En);
        let daily = html
            .split("id=\"daily-table\"")
            .nth(1)
            .and_then(|s| s.split("</table>").next())
            .unwrap_or_default();
        assert_eq!(daily.matches("<tr><td><time").count(), 3, "{daily}");
        assert!(daily.contains("2 November 2026</time></td><td class=\"num\">4</td>"));
        assert!(daily.contains("3 November 2026</time></td><td class=\"num\">0</td>"));
    }

    fn svg<'h>(html: &'h str, id: &str) -> &'h str {
        html.split(&format!("<svg id=\"{id}\""))
            .nth(1)
            .and_then(|s| s.split("</svg>").next())
            .unwrap_or_else(|| panic!("no {id}"))
    }

    #[test]
    fn a_year_is_one_column_per_day_with_thinned_labels() {
        let mut f = fixture();
        f.day.from = "2025-12-01".into();
        f.day.to = "2026-11-30".into();
        let html = f.html(Lang::En);
        let users = svg(&html, "chart-daily-users");
        assert_eq!(users.matches("<rect class=\"bar\"").count(), 365);
        // Too many to tell apart: no dots, no printed figures, a label every few days.
        assert!(!svg(&html, "chart-daily").contains("<circle"));
        assert!(!users.contains("bar-value"));
        let ticks = users.matches("class=\"x-tick\"").count();
        assert!((10..=20).contains(&ticks), "{ticks} day labels");
        assert!(users.contains("<title>2 Nov — 4</title>"));
    }

    #[test]
    fn many_rws_give_ten_top_and_ten_bottom_without_overlap() {
        let mut f = fixture();
        f.rw.rows = (1..=25u64)
            .map(|i| {
                row(
                    &format!("rw-{i:02}"),
                    &format!("RW {i:02}"),
                    Some("kec-1"),
                    None,
                    figures(i * 10, 1, 1_000, 1_000, 60),
                )
            })
            .collect();
        let html = f.html(Lang::Id);
        let labels = |id: &str| -> Vec<String> {
            svg(&html, id)
                .split("<text class=\"bar-label\"")
                .skip(1)
                .filter_map(|s| s.split('>').nth(1))
                .map(|s| s.trim_end_matches("</text").to_string())
                .collect()
        };
        let top: Vec<String> = (16..=25).rev().map(|i| format!("RW {i:02}")).collect();
        let bottom: Vec<String> = (1..=10).map(|i| format!("RW {i:02}")).collect();
        assert_eq!(labels("chart-rw-top"), top);
        assert_eq!(labels("chart-rw-bottom"), bottom);
        assert!(html.contains("<h2>RW teratas (10)</h2>"));
        let kec = html
            .split("<table class=\"kecamatan-table\"")
            .nth(1)
            .unwrap_or_default();
        assert_eq!(kec.matches("<tr data-rw=").count(), 25);
    }

    #[test]
    fn rws_outside_any_known_kecamatan_get_their_own_table() {
        let mut f = fixture();
        f.rw.rows.push(row(
            "rw-x",
            "RW 99",
            None,
            None,
            figures(2, 3, 4_000, 1_000, 3600),
        ));
        let html = f.html(Lang::En);
        let orphan = html
            .split("<table class=\"kecamatan-table\" data-kecamatan=\"\">")
            .nth(1)
            .and_then(|s| s.split("</table>").next())
            .expect("no-kecamatan table");
        assert!(orphan.contains("<caption>No kecamatan</caption>"));
        assert!(orphan.contains("<td>RW 99</td>"));
        // Sums of what adds up; unique users and peak cannot be summed.
        assert!(orphan.contains(
            "<th colspan=\"2\">Subtotal</th><td class=\"num\">–</td><td class=\"num\">3</td>"
        ));
    }

    #[test]
    fn empty_report_renders() {
        let empty = |by| UsageReport {
            from: String::new(),
            to: String::new(),
            by,
            pseudonymised: false,
            rows: Vec::new(),
            total: Figures::default(),
            total_by_plan: BTreeMap::new(),
        };
        let (day, rw, plan, kec) = (
            empty(Dimension::Day),
            empty(Dimension::Rw),
            empty(Dimension::Plan),
            empty(Dimension::Kecamatan),
        );
        let html = render(
            &HtmlReport {
                title_area: None,
                by_day: &day,
                by_rw: &rw,
                by_plan: &plan,
                by_kecamatan: &kec,
                by_kelurahan: None,
                generated_at: 0,
            },
            Lang::Id,
        );
        for id in [
            "chart-daily",
            "chart-daily-users",
            "chart-plans",
            "chart-rw-top",
            "chart-rw-bottom",
        ] {
            let svg = html
                .split(&format!("<svg id=\"{id}\""))
                .nth(1)
                .and_then(|s| s.split("</svg>").next())
                .unwrap_or_else(|| panic!("no {id}"));
            assert!(svg.contains(">Tidak ada data</text>"), "{id}: {svg}");
        }
        assert!(html.contains("<dd>0 B</dd>"));
        assert!(html.contains("<p class=\"no-data\">Tidak ada data</p>"));
        assert!(!html.contains("NaN"));
        assert!(html.ends_with("</html>\n"));
    }
}
