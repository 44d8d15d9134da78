//! Text renderings of the reports: an aligned table for people (human units, bilingual
//! headers), CSV for spreadsheets (raw octets and seconds, one header row) and JSON (the
//! model as it is). HTML is another module's job.

use serde::Serialize;

use super::model::{Figures, HotspotReport, UsageReport, WeeklyReport};

/// Output format of `radkota report` and the report API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns with human units.
    Table,
    /// Comma-separated, raw numbers (octets, seconds), header row.
    Csv,
    /// The report model as JSON.
    Json,
    /// One self-contained printable page with charts (`report usage` only).
    Html,
}

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(
        "html is the whole-period page of `report usage --format html`; use table, csv or json here"
    )]
    HtmlOnlyForUsage,
    #[error("cannot write CSV: {0}")]
    Csv(String),
    #[error("cannot encode JSON: {0}")]
    Json(String),
}

/// JSON of any report model, pretty-printed, with a final newline.
pub fn json<T: Serialize>(report: &T) -> Result<String, RenderError> {
    serde_json::to_string_pretty(report)
        .map(|s| s + "\n")
        .map_err(|e| RenderError::Json(e.to_string()))
}

/// `1536` -> `1.5 KiB`: binary units with one decimal.
pub fn human_bytes(n: i64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if n.unsigned_abs() < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = UNITS[0];
    for u in &UNITS[1..] {
        if v.abs() < 1024.0 {
            break;
        }
        v /= 1024.0;
        unit = u;
    }
    format!("{v:.1} {unit}")
}

/// Seconds as hours with one decimal.
pub fn hours(secs: i64) -> String {
    format!("{:.1}", secs as f64 / 3600.0)
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

/// Text columns (`left`) left-aligned, numbers right-aligned, two spaces apart.
fn table(header: &[String], rows: &[Vec<String>], left: &[usize]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let mut l = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            if i > 0 {
                l.push_str("  ");
            }
            let pad = w.saturating_sub(c.chars().count());
            if left.contains(&i) {
                l.push_str(c);
                l.push_str(&" ".repeat(pad));
            } else {
                l.push_str(&" ".repeat(pad));
                l.push_str(c);
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(header);
    for r in rows {
        line(r);
    }
    out
}

fn dimension_header(r: &UsageReport) -> &'static str {
    use super::model::Dimension as D;
    match r.by {
        D::Rw => "RW",
        D::Kelurahan => "Kelurahan",
        D::Kecamatan => "Kecamatan",
        D::Plan => "Paket / Plan",
        D::Nas => "NAS",
        D::User => "Pengguna / User",
        D::Day => "Hari / Day",
        D::Hour => "Jam / Hour",
    }
}

fn figure_cells(f: &Figures) -> Vec<String> {
    vec![
        opt(f.unique_users),
        f.sessions.to_string(),
        human_bytes(f.input_octets),
        human_bytes(f.output_octets),
        hours(f.session_seconds),
        opt(f.peak_sessions),
    ]
}

/// The usage report as a table: one line per row, the plan split as users per plan, and a
/// total line.
pub fn usage_table(r: &UsageReport) -> String {
    let plans: Vec<&String> = r.total_by_plan.keys().collect();
    let mut header: Vec<String> = vec![
        dimension_header(r).into(),
        "Nama / Name".into(),
        "Pengguna unik / Unique users".into(),
        "Sesi / Sessions".into(),
        "Unggah / Upload".into(),
        "Unduh / Download".into(),
        "Jam / Hours".into(),
        "Puncak / Peak".into(),
    ];
    for p in &plans {
        header.push(format!("Pengguna / Users {p}"));
        header.push(format!("Jam / Hours {p}"));
    }
    let plan_cells = |by_plan: &std::collections::BTreeMap<String, Figures>| {
        let mut cells = Vec::new();
        for p in &plans {
            let f = by_plan.get(*p).copied().unwrap_or_default();
            cells.push(opt(by_plan.get(*p).map_or(Some(0), |f| f.unique_users)));
            cells.push(hours(f.session_seconds));
        }
        cells
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    for row in &r.rows {
        let mut cells = vec![row.key.clone(), row.label.clone()];
        cells.extend(figure_cells(&row.total));
        cells.extend(plan_cells(&row.by_plan));
        rows.push(cells);
    }
    let mut cells = vec!["total".to_string(), "Jumlah / Total".to_string()];
    cells.extend(figure_cells(&r.total));
    cells.extend(plan_cells(&r.total_by_plan));
    rows.push(cells);
    let mut out = format!(
        "Pemakaian / Usage {} .. {} per {}{}\n",
        r.from,
        r.to,
        r.by.as_str(),
        if r.pseudonymised && r.by == super::model::Dimension::User {
            " (nama disamarkan / pseudonymised)"
        } else {
            ""
        }
    );
    out.push_str(&table(&header, &rows, &[0, 1]));
    out
}

/// A text cell (a name an admin or a registry typed) made safe for spreadsheets: a leading
/// `=`, `+`, `-`, `@`, tab or CR is quoted with `'`. Figures are written as they are.
fn text_cell(s: String) -> String {
    // A lone "-" (no area, no plan) is text to every spreadsheet, and readers key on it.
    if s == "-" {
        return s;
    }
    match crate::import::spreadsheet_safe(&s) {
        std::borrow::Cow::Borrowed(_) => s,
        std::borrow::Cow::Owned(quoted) => quoted,
    }
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::Writer::from_writer(Vec::new())
}

fn csv_finish(w: csv::Writer<Vec<u8>>) -> Result<String, RenderError> {
    let bytes = w
        .into_inner()
        .map_err(|e| RenderError::Csv(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| RenderError::Csv(e.to_string()))
}

fn csv_figures(f: &Figures) -> [String; 6] {
    [
        opt(f.unique_users).replace('-', ""),
        f.sessions.to_string(),
        f.input_octets.to_string(),
        f.output_octets.to_string(),
        f.session_seconds.to_string(),
        opt(f.peak_sessions).replace('-', ""),
    ]
}

/// The usage report as CSV, one line per row and plan: `plan` is `all` for the row's
/// total, then one line per plan; the last lines (key `total`) are the whole period.
/// Unknown figures are empty cells.
pub fn usage_csv(r: &UsageReport) -> Result<String, RenderError> {
    let mut w = csv_writer();
    let err = |e: csv::Error| RenderError::Csv(e.to_string());
    w.write_record([
        "by",
        "from",
        "to",
        "key",
        "label",
        "kecamatan",
        "kelurahan",
        "plan",
        "unique_users",
        "sessions",
        "input_octets",
        "output_octets",
        "session_seconds",
        "peak_sessions",
    ])
    .map_err(err)?;
    let mut put = |key: &str,
                   label: &str,
                   kec: &Option<String>,
                   kel: &Option<String>,
                   plan: &str,
                   f: &Figures| {
        let mut rec = vec![
            r.by.as_str().to_string(),
            r.from.clone(),
            r.to.clone(),
            text_cell(key.to_string()),
            text_cell(label.to_string()),
            text_cell(kec.clone().unwrap_or_default()),
            text_cell(kel.clone().unwrap_or_default()),
            text_cell(plan.to_string()),
        ];
        rec.extend(csv_figures(f));
        w.write_record(&rec).map_err(err)
    };
    for row in &r.rows {
        put(
            &row.key,
            &row.label,
            &row.kecamatan,
            &row.kelurahan,
            "all",
            &row.total,
        )?;
        for (p, f) in &row.by_plan {
            put(&row.key, &row.label, &row.kecamatan, &row.kelurahan, p, f)?;
        }
    }
    put("total", "Jumlah / Total", &None, &None, "all", &r.total)?;
    for (p, f) in &r.total_by_plan {
        put("total", "Jumlah / Total", &None, &None, p, f)?;
    }
    csv_finish(w)
}

/// How long ago, e.g. `5 min`, `3.5 h`, `2.0 d`; `-` for never.
pub fn age(now: i64, at: Option<i64>) -> String {
    let Some(at) = at else {
        return "-".into();
    };
    let s = now.saturating_sub(at).max(0);
    if s < 3600 {
        format!("{} min", s / 60)
    } else if s < 2 * 86_400 {
        format!("{:.1} h", s as f64 / 3600.0)
    } else {
        format!("{:.1} d", s as f64 / 86_400.0)
    }
}

fn flag_names<T: Serialize>(flags: &[T]) -> String {
    let names: Vec<String> = flags
        .iter()
        .filter_map(|f| serde_json::to_value(f).ok())
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    names.join(",")
}

/// The hotspot report as a table, the hotspots that need a look first.
pub fn hotspots_table(r: &HotspotReport) -> String {
    let header: Vec<String> = [
        "NAS",
        "RW",
        "Akuntansi terakhir / Last accounting",
        "Login terakhir / Last login",
        "Login hari ini / Logins today",
        "Login minggu / Logins week",
        "Tolak minggu / Rejects week",
        "Secret salah / Bad secret",
        "Pengguna hari ini / Users today",
        "Pengguna minggu / Users week",
        "Sesi terbuka / Open",
        "Selisih jam / Skew s",
        "Akuntansi janggal / Implausible acct",
        "NAS-Identifier",
        "Tanda / Flags",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|h| {
            vec![
                h.name.clone(),
                h.rw.clone().unwrap_or_else(|| "-".into()),
                age(r.generated_at, h.last_accounting_at),
                age(r.generated_at, h.last_login_at),
                h.logins_today.to_string(),
                h.logins_week.to_string(),
                h.rejects_week.to_string(),
                h.bad_authenticators_week.to_string(),
                h.users_today.to_string(),
                h.users_week.to_string(),
                h.open_sessions.to_string(),
                opt(h.clock_skew),
                h.implausible_records_week.to_string(),
                h.nas_identifier.clone().unwrap_or_else(|| "-".into()),
                flag_names(&h.flags),
            ]
        })
        .collect();
    let mut out = format!(
        "Kesehatan hotspot / Hotspot health: hari ini / today {}, minggu / week {} .. {}\n",
        r.today, r.week_from, r.today
    );
    out.push_str(&table(&header, &rows, &[0, 1, 2, 3, 13, 14]));
    if r.rows.is_empty() {
        out.push_str(NO_HOTSPOTS);
    }
    out
}

/// What an empty hotspot or weekly table says, so a new operator knows what to do next.
const NO_HOTSPOTS: &str = "(belum ada hotspot / no hotspots yet: radkota nas add NAME \
                           --address IP --secret-stdin; RWs come from radkota area import)\n";

/// The hotspot report as CSV (times as epoch seconds, flags joined by `;`).
pub fn hotspots_csv(r: &HotspotReport) -> Result<String, RenderError> {
    let mut w = csv_writer();
    let err = |e: csv::Error| RenderError::Csv(e.to_string());
    w.write_record([
        "nas",
        "rw",
        "kelurahan",
        "kecamatan",
        "last_accounting_at",
        "last_login_at",
        "logins_today",
        "logins_week",
        "rejects_today",
        "rejects_week",
        "bad_authenticators_week",
        "users_today",
        "users_week",
        "open_sessions",
        "active_days_week",
        "clock_skew",
        "implausible_records_week",
        "nas_identifier",
        "flags",
    ])
    .map_err(err)?;
    for h in &r.rows {
        let o = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        w.write_record([
            text_cell(h.name.clone()),
            text_cell(h.rw.clone().unwrap_or_default()),
            text_cell(h.kelurahan.clone().unwrap_or_default()),
            text_cell(h.kecamatan.clone().unwrap_or_default()),
            o(h.last_accounting_at),
            o(h.last_login_at),
            h.logins_today.to_string(),
            h.logins_week.to_string(),
            h.rejects_today.to_string(),
            h.rejects_week.to_string(),
            h.bad_authenticators_week.to_string(),
            h.users_today.to_string(),
            h.users_week.to_string(),
            h.open_sessions.to_string(),
            h.active_days_week.to_string(),
            o(h.clock_skew),
            h.implausible_records_week.to_string(),
            text_cell(h.nas_identifier.clone().unwrap_or_default()),
            flag_names(&h.flags).replace(',', ";"),
        ])
        .map_err(err)?;
    }
    csv_finish(w)
}

/// The weekly report as a table.
pub fn weekly_table(r: &WeeklyReport) -> String {
    let header: Vec<String> = [
        "RW",
        "Nama / Name",
        "Pengguna / Users",
        "Minggu lalu / Last week",
        "Perubahan / Change %",
        "Sesi / Sessions",
        "Jam / Hours",
        "Unduh / Download",
        "Puncak / Peak",
        "Tanda / Flags",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|w| {
            vec![
                w.rw.clone(),
                w.label.clone(),
                opt(w.this_week.unique_users),
                opt(w.last_week.unique_users),
                w.change_percent
                    .map_or_else(|| "-".into(), |p| format!("{p:+.1}")),
                w.this_week.sessions.to_string(),
                hours(w.this_week.session_seconds),
                human_bytes(w.this_week.output_octets),
                opt(w.this_week.peak_sessions),
                flag_names(&w.flags),
            ]
        })
        .collect();
    let mut out = format!(
        "Laporan mingguan / Weekly report: {} .. {} (minggu lalu / last week {} .. {})\n",
        r.week_from, r.week_to, r.last_week_from, r.last_week_to
    );
    out.push_str(&table(&header, &rows, &[0, 1, 9]));
    if r.rows.is_empty() {
        out.push_str(NO_HOTSPOTS);
    }
    out
}

/// The weekly report as CSV (raw octets and seconds).
pub fn weekly_csv(r: &WeeklyReport) -> Result<String, RenderError> {
    let mut w = csv_writer();
    let err = |e: csv::Error| RenderError::Csv(e.to_string());
    let mut header: Vec<String> = ["rw", "label", "kecamatan", "kelurahan"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for p in ["this_week", "last_week"] {
        for c in [
            "unique_users",
            "sessions",
            "input_octets",
            "output_octets",
            "session_seconds",
            "peak_sessions",
        ] {
            header.push(format!("{p}_{c}"));
        }
    }
    header.push("change_percent".into());
    header.push("flags".into());
    w.write_record(&header).map_err(err)?;
    for row in &r.rows {
        let mut rec = vec![
            text_cell(row.rw.clone()),
            text_cell(row.label.clone()),
            text_cell(row.kecamatan.clone().unwrap_or_default()),
            text_cell(row.kelurahan.clone().unwrap_or_default()),
        ];
        rec.extend(csv_figures(&row.this_week));
        rec.extend(csv_figures(&row.last_week));
        rec.push(
            row.change_percent
                .map(|p| p.to_string())
                .unwrap_or_default(),
        );
        rec.push(flag_names(&row.flags).replace(',', ";"));
        w.write_record(&rec).map_err(err)?;
    }
    csv_finish(w)
}

/// Renders the usage report in `format`.
pub fn render_usage(r: &UsageReport, format: Format) -> Result<String, RenderError> {
    match format {
        Format::Table => Ok(usage_table(r)),
        Format::Csv => usage_csv(r),
        Format::Json => json(r),
        Format::Html => Err(RenderError::HtmlOnlyForUsage),
    }
}

/// Renders the hotspot report in `format`.
pub fn render_hotspots(r: &HotspotReport, format: Format) -> Result<String, RenderError> {
    match format {
        Format::Table => Ok(hotspots_table(r)),
        Format::Csv => hotspots_csv(r),
        Format::Json => json(r),
        Format::Html => Err(RenderError::HtmlOnlyForUsage),
    }
}

/// Renders the weekly report in `format`.
pub fn render_weekly(r: &WeeklyReport, format: Format) -> Result<String, RenderError> {
    match format {
        Format::Table => Ok(weekly_table(r)),
        Format::Csv => weekly_csv(r),
        Format::Json => json(r),
        Format::Html => Err(RenderError::HtmlOnlyForUsage),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_units() {
        assert_eq!(human_bytes(1000), "1000 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(1_288_490_189), "1.2 GiB");
        assert_eq!(hours(5400), "1.5");
        assert_eq!(age(10_000, Some(10_000 - 7200)), "2.0 h");
        assert_eq!(age(10_000, None), "-");
    }

    #[test]
    fn empty_tables_say_what_to_do() {
        let hot = HotspotReport {
            generated_at: 0,
            today: "2026-11-29".into(),
            week_from: "2026-11-23".into(),
            rows: Vec::new(),
        };
        assert!(hotspots_table(&hot).ends_with(NO_HOTSPOTS));
        let weekly = WeeklyReport {
            week_from: "2026-11-22".into(),
            week_to: "2026-11-28".into(),
            last_week_from: "2026-11-15".into(),
            last_week_to: "2026-11-21".into(),
            rows: Vec::new(),
        };
        assert!(weekly_table(&weekly).ends_with(NO_HOTSPOTS));
    }
}
