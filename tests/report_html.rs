//! The HTML report in a real browser: headless Chromium (Debian package `chromium`) opens a
//! rendered report of a small city (3 kecamatan, 8 RWs, 14 days, 2 plans) offline and the
//! test checks the charts and tables in the DOM, that the console stays silent, a
//! screenshot and an A4 print. `.ci/run` installs the package and sets
//! RADKOTA_REQUIRE_INTEROP=1 so that a missing browser fails the suite instead of skipping.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use radkota::reports::html::{HtmlReport, render};
use radkota::reports::labels::Lang;
use radkota::reports::model::{Dimension, Figures, UsageReport, UsageRow};

const GB: i64 = 1_000_000_000;
const MB: i64 = 1_000_000;

fn chromium_path() -> Option<PathBuf> {
    let found = Command::new("sh")
        .arg("-c")
        .arg("command -v chromium")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    if found.is_none() {
        assert!(
            std::env::var("RADKOTA_REQUIRE_INTEROP").is_err(),
            "chromium is required (apt-get install chromium)"
        );
        eprintln!("!!!!!!!! skipped: chromium not installed (apt-get install chromium) !!!!!!!!");
    }
    found
}

/// What one headless run printed.
struct Run {
    stdout: String,
    stderr: String,
}

impl Run {
    /// Every message the page sent to the console: script errors ("Uncaught ..."),
    /// console.* calls and Content-Security-Policy refusals. The report has no scripts and
    /// fetches nothing, so any message at all is a defect.
    fn console(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
            .collect()
    }
}

/// Runs headless Chromium on one file with a fresh profile and no way off the machine: every
/// host name resolves to nothing and the background services that phone home are off.
fn chromium(browser: &Path, work: &Path, page: &Path, extra: &[String]) -> Run {
    let profile = tempfile::tempdir_in(work).expect("profile dir");
    let out_path = work.join("chromium.stdout");
    let err_path = work.join("chromium.stderr");
    let mut child = Command::new(browser)
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .env("HOME", profile.path())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"))
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        match child.try_wait().expect("wait for chromium") {
            Some(status) => {
                assert!(status.success(), "chromium exited with {status}");
                break;
            }
            None if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium did not finish within 120 s");
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    Run {
        stdout: std::fs::read_to_string(&out_path).expect("chromium stdout"),
        stderr: std::fs::read_to_string(&err_path).expect("chromium stderr"),
    }
}

fn figures(users: u64, sessions: i64, down: i64, up: i64, hours: i64, peak: i64) -> Figures {
    Figures {
        unique_users: Some(users),
        sessions,
        input_octets: up,
        output_octets: down,
        session_seconds: hours * 3600,
        peak_sessions: Some(peak),
    }
}

fn row(key: &str, label: &str, kec: Option<&str>, kel: Option<&str>, total: Figures) -> UsageRow {
    UsageRow {
        key: key.into(),
        label: label.into(),
        kecamatan: kec.map(Into::into),
        kelurahan: kel.map(Into::into),
        total,
        by_plan: BTreeMap::new(),
    }
}

fn report(by: Dimension, rows: Vec<UsageRow>, total: Figures) -> UsageReport {
    UsageReport {
        from: "2026-11-01".into(),
        to: "2026-11-14".into(),
        by,
        pseudonymised: true,
        rows,
        total,
        total_by_plan: BTreeMap::new(),
    }
}

/// Two weeks of a small city: quieter weekends, and 9 November missing from the rollups
/// (a RADIUS outage) so the trend must show a zero day rather than skip it.
struct City {
    day: UsageReport,
    rw: UsageReport,
    plan: UsageReport,
    kecamatan: UsageReport,
    kelurahan: UsageReport,
}

fn city() -> City {
    let total = figures(540, 9_870, 1_450 * GB, 210 * GB, 13_200, 212);
    let days = (1..=14)
        .filter(|d| *d != 9)
        .map(|d: i64| {
            let weekend = matches!(d, 1 | 7 | 8 | 14);
            let users = if weekend { 180 } else { 300 + 7 * d as u64 };
            let day = format!("2026-11-{d:02}");
            row(
                &day,
                &day,
                None,
                None,
                figures(
                    users,
                    users as i64 * 2,
                    (users as i64) * 350 * MB,
                    (users as i64) * 50 * MB,
                    users as i64 * 2,
                    if weekend { 90 } else { 150 + d },
                ),
            )
        })
        .collect();
    let kel = [
        ("3273010001", "Dago", "3273010"),
        ("3273010002", "Lebakgede", "3273010"),
        ("3273020001", "Pasteur", "3273020"),
        ("3273020002", "Cipedes", "3273020"),
        ("3273030001", "Sukamaju & Cikutra", "3273030"),
    ];
    // (code, label, kelurahan, users, GB down)
    let rws = [
        ("3273010001-01", "RW 01", 0, 120, 310),
        ("3273010001-02", "RW 02", 0, 95, 250),
        ("3273010002-05", "RW 05", 1, 40, 90),
        ("3273020001-01", "RW 01", 2, 150, 420),
        ("3273020001-03", "RW 03", 2, 60, 120),
        ("3273020002-07", "RW 07", 3, 12, 30),
        ("3273030001-04", "RW 04", 4, 80, 200),
        ("3273030001-09", "RW 09", 4, 5, 30),
    ];
    let rw_rows = rws
        .iter()
        .map(|(code, label, k, users, gb)| {
            let (kel_code, _, kec) = kel[*k];
            row(
                code,
                label,
                Some(kec),
                Some(kel_code),
                figures(
                    *users,
                    *users as i64 * 18,
                    gb * GB,
                    gb * GB / 7,
                    *users as i64 * 24,
                    *users as i64 / 3 + 1,
                ),
            )
        })
        .collect();
    let kel_rows = kel
        .iter()
        .map(|(code, name, kec)| row(code, name, Some(kec), None, Figures::default()))
        .collect();
    City {
        day: report(Dimension::Day, days, total),
        rw: report(Dimension::Rw, rw_rows, total),
        plan: report(
            Dimension::Plan,
            vec![
                row(
                    "umkm",
                    "umkm",
                    None,
                    None,
                    figures(140, 2_900, 580 * GB, 95 * GB, 5_100, 0),
                ),
                row(
                    "student",
                    "student",
                    None,
                    None,
                    figures(400, 6_970, 870 * GB, 115 * GB, 8_100, 0),
                ),
            ],
            total,
        ),
        kecamatan: report(
            Dimension::Kecamatan,
            vec![
                // Fewer than the sum of its RWs (255): five people used two RWs.
                row(
                    "3273010",
                    "Coblong",
                    Some("3273010"),
                    None,
                    figures(250, 4_590, 650 * GB, 93 * GB, 6_120, 87),
                ),
                row(
                    "3273020",
                    "Sukajadi",
                    Some("3273020"),
                    None,
                    figures(220, 3_996, 570 * GB, 81 * GB, 5_328, 74),
                ),
                row(
                    "3273030",
                    "Cibeunying Kidul",
                    Some("3273030"),
                    None,
                    figures(85, 1_530, 230 * GB, 33 * GB, 2_040, 29),
                ),
            ],
            total,
        ),
        kelurahan: report(Dimension::Kelurahan, kel_rows, total),
    }
}

/// The text between `start` (inclusive) and the next `end` after it.
fn element<'a>(dom: &'a str, start: &str, end: &str) -> &'a str {
    let at = dom
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in the DOM"));
    let rest = &dom[at..];
    let stop = rest
        .find(end)
        .unwrap_or_else(|| panic!("{start} is not closed by {end}"));
    &rest[..stop + end.len()]
}

fn city_report(lang: Lang) -> String {
    let c = city();
    render(
        &HtmlReport {
            title_area: Some("Kota Bandung"),
            by_day: &c.day,
            by_rw: &c.rw,
            by_plan: &c.plan,
            by_kecamatan: &c.kecamatan,
            by_kelurahan: Some(&c.kelurahan),
            generated_at: 1_796_083_200,
        },
        lang,
    )
}

#[test]
fn html_report_renders_in_headless_chromium() {
    let Some(browser) = chromium_path() else {
        return;
    };
    let html = city_report(Lang::Id);
    // Self-contained: nothing that a browser would fetch.
    for needle in ["src=", "href=", "url(", "@import", "<script", "<link"] {
        assert!(!html.contains(needle), "the report contains {needle}");
    }
    assert!(!html.contains("http://") && !html.contains("https://"));

    let work = tempfile::tempdir().expect("work dir");
    // Kept next to the screenshot for people to open.
    let page = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report_html.html");
    std::fs::write(&page, &html).expect("write report");

    let run = chromium(&browser, work.path(), &page, &["--dump-dom".into()]);
    assert_eq!(run.console(), Vec::<&str>::new(), "console messages");
    let dom = run.stdout;

    assert!(dom.contains("<h1>Laporan Pemakaian WiFi — Kota Bandung</h1>"));
    assert!(
        dom.contains("1 November 2026</time> s.d. <time datetime=\"2026-11-14\">14 November 2026")
    );
    assert!(
        element(&dom, "<div class=\"stat\" id=\"stat-users\">", "</div>").contains("<dd>540</dd>")
    );
    assert!(
        element(&dom, "<div class=\"stat\" id=\"stat-data\">", "</div>")
            .contains("<dd>1,66 TB</dd>")
    );
    assert!(
        element(&dom, "<div class=\"stat\" id=\"stat-peak\">", "</div>").contains("<dd>212</dd>")
    );

    // The trend: one point and one column per calendar day, the outage day included.
    let daily = element(&dom, "<svg id=\"chart-daily\"", "</svg>");
    assert_eq!(daily.matches("<path class=\"area\"").count(), 2, "{daily}");
    assert_eq!(daily.matches("<circle class=\"point\"").count(), 14);
    assert!(daily.contains(">Unduh</text>") && daily.contains(">Unggah</text>"));
    assert!(daily.contains(">1 Nov</text>"));
    let users = element(&dom, "<svg id=\"chart-daily-users\"", "</svg>");
    assert_eq!(users.matches("<rect class=\"bar\"").count(), 14);
    assert!(users.contains("<title>9 Nov — 0</title>"), "{users}");
    assert!(users.contains("<title>13 Nov — 391</title>"), "{users}");
    let daily_table = element(&dom, "<table class=\"daily-table\"", "</table>");
    assert_eq!(daily_table.matches("<tr><td><time").count(), 14);

    // Students vs UMKM: users, data and hours, each split in two; students listed first.
    let plans = element(&dom, "<svg id=\"chart-plans\"", "</svg>");
    assert_eq!(plans.matches("<rect class=\"share\"").count(), 6, "{plans}");
    assert!(plans.contains(">74,1%</text>"), "{plans}"); // 400 of 540 users
    let plan_table = element(&dom, "<table class=\"plan-table\"", "</table>");
    let student = plan_table.find(">Pelajar</td>").expect("student row");
    let umkm = plan_table.find(">UMKM</td>").expect("umkm row");
    assert!(student < umkm);

    // 8 RWs: the top 4 by unique users and the other 4 lowest first.
    let top = element(&dom, "<svg id=\"chart-rw-top\"", "</svg>");
    let bottom = element(&dom, "<svg id=\"chart-rw-bottom\"", "</svg>");
    assert_eq!(top.matches("<rect class=\"bar\"").count(), 4, "{top}");
    assert_eq!(bottom.matches("<rect class=\"bar\"").count(), 4, "{bottom}");
    let labels = |svg: &str| -> Vec<String> {
        svg.split("<text class=\"bar-label\"")
            .skip(1)
            .filter_map(|s| s.split('>').nth(1))
            .map(|s| s.trim_end_matches("</text").to_string())
            .collect()
    };
    assert_eq!(
        labels(top),
        [
            "RW 01 · Pasteur",
            "RW 01 · Dago",
            "RW 02 · Dago",
            "RW 04 · Sukamaju &amp; Cikutra"
        ]
    );
    assert_eq!(
        labels(bottom),
        [
            "RW 09 · Sukamaju &amp; Cikutra",
            "RW 07 · Cipedes",
            "RW 05 · Lebakgede",
            "RW 03 · Pasteur"
        ]
    );
    assert!(top.contains(">150 pengguna · 480 GB</text>"), "{top}");

    // A table per kecamatan with its RWs and the kecamatan's own subtotal.
    assert_eq!(dom.matches("<table class=\"kecamatan-table\"").count(), 3);
    for (code, name, rws) in [
        ("3273010", "Coblong", 3),
        ("3273020", "Sukajadi", 3),
        ("3273030", "Cibeunying Kidul", 2),
    ] {
        let table = element(
            &dom,
            &format!("<table class=\"kecamatan-table\" data-kecamatan=\"{code}\">"),
            "</table>",
        );
        assert!(table.contains(&format!("<caption>Kecamatan {name} ({code})</caption>")));
        assert_eq!(table.matches("<tr data-rw=").count(), rws, "{table}");
    }
    let coblong = element(&dom, "data-kecamatan=\"3273010\"", "</table>");
    assert!(
        coblong.contains(
            "<tr class=\"subtotal\"><th colspan=\"2\">Jumlah</th><td class=\"num\">250</td>\
             <td class=\"num\">4.590</td>"
        ),
        "{coblong}"
    );
    assert!(coblong.contains("<td>Lebakgede</td><td>RW 05</td><td class=\"num\">40</td>"));
    assert!(dom.contains("Nama pengguna tidak ditampilkan dalam laporan ini."));
    assert!(!dom.contains("Tidak ada data"));

    // What an auditor sees: a screenshot (kept for people to look at) ...
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report_html.png");
    let _ = std::fs::remove_file(&shot);
    let run = chromium(
        &browser,
        work.path(),
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2400".into(),
            "--hide-scrollbars".into(),
        ],
    );
    assert_eq!(run.console(), Vec::<&str>::new(), "console messages");
    let png = std::fs::read(&shot).expect("screenshot written");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let height = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    assert_eq!((width, height), (1280, 2400));
    // A blank or text-only page of this size compresses to a few kilobytes.
    assert!(png.len() > 60_000, "screenshot only {} bytes", png.len());
    println!("screenshot: {}", shot.display());

    // ... and what it files: the print on A4.
    let pdf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report_html.pdf");
    let _ = std::fs::remove_file(&pdf);
    let run = chromium(
        &browser,
        work.path(),
        &page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
    );
    assert_eq!(run.console(), Vec::<&str>::new(), "console messages");
    let pdf_bytes = std::fs::read(&pdf).expect("pdf written");
    assert!(pdf_bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf_bytes);
    // A4 is 595.28 x 841.89 points (Chromium rounds to its own units).
    let media = text
        .split("/MediaBox [0 0 ")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .expect("a page size");
    let size: Vec<f64> = media
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    assert!(
        size.len() == 2 && (size[0] - 595.28).abs() < 1.0 && (size[1] - 841.89).abs() < 1.0,
        "not A4: {media}"
    );
    println!("report: {}\nprint: {}", page.display(), pdf.display());
}

#[test]
fn english_report_renders_in_headless_chromium() {
    let Some(browser) = chromium_path() else {
        return;
    };
    let work = tempfile::tempdir().expect("work dir");
    let page = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report_html_en.html");
    std::fs::write(&page, city_report(Lang::En)).expect("write report");
    let run = chromium(&browser, work.path(), &page, &["--dump-dom".into()]);
    assert_eq!(run.console(), Vec::<&str>::new(), "console messages");
    let dom = run.stdout;
    assert!(dom.contains("<html lang=\"en\">"));
    assert!(dom.contains("<h1>WiFi Usage Report — Kota Bandung</h1>"));
    assert!(
        dom.contains("1 November 2026</time> to <time datetime=\"2026-11-14\">14 November 2026")
    );
    assert!(
        element(&dom, "<div class=\"stat\" id=\"stat-data\">", "</div>")
            .contains("<dd>1.66 TB</dd>")
    );
    let plans = element(&dom, "<svg id=\"chart-plans\"", "</svg>");
    assert!(plans.contains(">Students</text>") && plans.contains(">74.1%</text>"));
    let coblong = element(&dom, "data-kecamatan=\"3273010\"", "</table>");
    assert!(coblong.contains(
        "<th colspan=\"2\">Subtotal</th><td class=\"num\">250</td>\
         <td class=\"num\">4,590</td>"
    ));
    assert!(!dom.contains("Pengguna unik"));
    println!("report: {}", page.display());
}

/// The console check above is only worth something if it sees errors: a page with a
/// script error, a console.error and a fetch the report's policy forbids.
#[test]
fn console_check_sees_errors() {
    let Some(browser) = chromium_path() else {
        return;
    };
    let work = tempfile::tempdir().expect("work dir");
    let page = work.path().join("bad.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" \
         content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\
         </head><body><img src=\"https://example.invalid/x.png\">\
         <script>console.error('boom');</script><script>notDefined();</script></body></html>",
    )
    .expect("write page");
    let run = chromium(&browser, work.path(), &page, &["--dump-dom".into()]);
    let console = run.console();
    assert_eq!(console.len(), 3, "{console:#?}");
    assert!(console.iter().any(|l| l.contains("\"boom\"")));
    assert!(
        console
            .iter()
            .any(|l| l.contains("Uncaught ReferenceError: notDefined"))
    );
    assert!(
        console
            .iter()
            .any(|l| l.contains("violates the following Content Security Policy"))
    );
}

/// End to end: a demo city seeded through the CLI, the page written by
/// `radkota report usage --format html`, opened in the browser.
#[test]
fn cli_page_of_a_seeded_city_renders_in_headless_chromium() {
    let Some(browser) = chromium_path() else {
        return;
    };
    let s = common::Server::prepare(common::Db::Sqlite);
    s.cli(&[
        "demo",
        "seed",
        "--nas",
        "12",
        "--users",
        "400",
        "--days",
        "30",
        "--end",
        "2026-06-30",
        "--seed",
        "3",
    ]);
    let page = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report_html_cli.html");
    let out = s.cli(&[
        "report",
        "usage",
        "--from",
        "2026-06-01",
        "--to",
        "2026-06-30",
        "--format",
        "html",
        "--output",
        &page.display().to_string(),
    ]);
    assert_eq!(out, "");
    let work = tempfile::tempdir().expect("work dir");
    let run = chromium(&browser, work.path(), &page, &["--dump-dom".into()]);
    assert_eq!(run.console(), Vec::<&str>::new(), "console messages");
    let dom = run.stdout;
    assert!(dom.contains("<html lang=\"id\">"));
    for chart in [
        "chart-daily",
        "chart-daily-users",
        "chart-plans",
        "chart-rw-top",
    ] {
        let svg = element(&dom, &format!("<svg id=\"{chart}\""), "</svg>");
        assert!(
            svg.contains("<path") || svg.contains("<rect"),
            "{chart} has no marks"
        );
    }
    // Every seeded hotspot's RW has its row in a kecamatan table; 30 days in the trend.
    assert_eq!(dom.matches("<tr data-rw=").count(), 12, "one row per RW");
    let daily_table = element(&dom, "<table class=\"daily-table\"", "</table>");
    assert_eq!(
        daily_table.matches("<tr><td><time").count(),
        30,
        "one row per day"
    );
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report_html_cli.png");
    let _ = std::fs::remove_file(&shot);
    let run = chromium(
        &browser,
        work.path(),
        &page,
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,2400".into(),
        ],
    );
    assert_eq!(run.console(), Vec::<&str>::new(), "console messages");
    assert!(std::fs::metadata(&shot).expect("screenshot").len() > 30_000);
    println!("screenshot: {}", shot.display());
}
