//! The document around the sections: head with inline styles and the content policy, the
//! header with period and totals, and the footer with the privacy notes.

use std::fmt::Write;

use super::cells::{data, opt_users};
use super::report::HtmlReport;
use super::{areas, plans, trend};
use crate::reports::escape::escape;
use crate::reports::labels::{Labels, Lang};
use crate::reports::model::Figures;

/// Nothing may be fetched: the file is an archive copy, complete in itself, and a browser
/// reports anything that tries (a later edit adding a URL shows up as a console error).
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// Renders the whole report as one HTML document.
pub fn render(report: &HtmlReport<'_>, lang: Lang) -> String {
    let l = lang.labels();
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
    trend::trend(&mut out, l, report.by_day);
    plans::plans(&mut out, l, report.by_plan);
    areas::areas(&mut out, l, report);
    footer(&mut out, l, report);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The totals of the period as a row of figures under the header.
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

/// How the figures were made and what they leave out.
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
