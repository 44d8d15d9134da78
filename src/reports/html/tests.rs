//! Rendering tests: escaping, both languages, filled day gaps, rankings and empty reports.

use std::collections::BTreeMap;

use super::{HtmlReport, escape, render};
use crate::reports::labels::Lang;
use crate::reports::model::{Dimension, Figures, UsageReport, UsageRow};

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
