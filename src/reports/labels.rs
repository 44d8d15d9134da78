//! User-facing report labels in Bahasa Indonesia and English, and the number, data-size and
//! date formats each language expects (Indonesian writes `1.234,5`, English `1,234.5`).

use std::borrow::Cow;

use chrono::{DateTime, Datelike, NaiveDate, Timelike};

/// The language of a report (`--lang`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Lang {
    /// Bahasa Indonesia, the default: the city's auditors read it.
    #[default]
    Id,
    /// English.
    En,
}

/// Every fixed text a report shows, in one language.
#[derive(Debug)]
pub struct Labels {
    /// The `lang` attribute of the HTML document.
    pub html_lang: &'static str,
    pub title: &'static str,
    pub period: &'static str,
    /// Between the first and last day of a period ("s.d.", "to").
    pub period_to: &'static str,
    pub generated_at: &'static str,
    pub totals: &'static str,
    pub unique_users: &'static str,
    pub sessions: &'static str,
    pub download: &'static str,
    pub upload: &'static str,
    pub data: &'static str,
    pub data_total: &'static str,
    pub session_hours: &'static str,
    pub peak: &'static str,
    pub peak_short: &'static str,
    pub trend: &'static str,
    pub trend_data: &'static str,
    pub trend_users: &'static str,
    pub date: &'static str,
    pub plans: &'static str,
    pub plan: &'static str,
    pub share: &'static str,
    pub top_rw: &'static str,
    pub bottom_rw: &'static str,
    pub ranked_by: &'static str,
    pub per_kecamatan: &'static str,
    pub kecamatan: &'static str,
    pub kelurahan: &'static str,
    pub rw: &'static str,
    pub subtotal: &'static str,
    pub no_kecamatan: &'static str,
    pub no_data: &'static str,
    /// Shown where a figure cannot be told (e.g. distinct users of a summed group).
    pub not_available: &'static str,
    pub users_unit: &'static str,
    pub hours_unit: &'static str,
    pub footer_privacy: &'static str,
    pub footer_source: &'static str,
    pub footer_unique: &'static str,
    pub footer_peak: &'static str,
    pub footer_pseudonymised: &'static str,
    pub plan_student: &'static str,
    pub plan_umkm: &'static str,
    pub months: [&'static str; 12],
    pub months_short: [&'static str; 12],
    thousands: char,
    decimal: char,
}

const ID: Labels = Labels {
    html_lang: "id",
    title: "Laporan Pemakaian WiFi",
    period: "Periode",
    period_to: "s.d.",
    generated_at: "Dibuat pada",
    totals: "Ringkasan",
    unique_users: "Pengguna unik",
    sessions: "Sesi",
    download: "Unduh",
    upload: "Unggah",
    data: "Data",
    data_total: "Data (unduh + unggah)",
    session_hours: "Jam sesi",
    peak: "Puncak sesi bersamaan",
    peak_short: "Puncak",
    trend: "Tren pemakaian harian",
    trend_data: "Data per hari (unduh + unggah)",
    trend_users: "Pengguna unik per hari",
    date: "Tanggal",
    plans: "Pelajar vs UMKM",
    plan: "Paket",
    share: "Porsi",
    top_rw: "RW teratas",
    bottom_rw: "RW terbawah",
    ranked_by: "diurutkan menurut jumlah pengguna unik, lalu data",
    per_kecamatan: "Rincian per kecamatan",
    kecamatan: "Kecamatan",
    kelurahan: "Kelurahan",
    rw: "RW",
    subtotal: "Jumlah",
    no_kecamatan: "Tanpa kecamatan",
    no_data: "Tidak ada data",
    not_available: "–",
    users_unit: "pengguna",
    hours_unit: "jam",
    footer_privacy: "Nama pengguna tidak ditampilkan dalam laporan ini.",
    footer_source: "Angka dihitung dari ringkasan pemakaian (rollup) harian, bukan dari \
                    data sesi mentah.",
    footer_unique: "Pengguna unik pada baris jumlah dihitung satu kali per orang, sehingga \
                    bisa lebih kecil daripada penjumlahan baris di atasnya.",
    footer_peak: "Puncak sesi bersamaan untuk sekelompok hotspot adalah jumlah tertinggi dari \
                  puncak harian tiap hotspot.",
    footer_pseudonymised: "Identitas pengguna disamarkan (pseudonim).",
    plan_student: "Pelajar",
    plan_umkm: "UMKM",
    months: [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
    months_short: [
        "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
    ],
    thousands: '.',
    decimal: ',',
};

const EN: Labels = Labels {
    html_lang: "en",
    title: "WiFi Usage Report",
    period: "Period",
    period_to: "to",
    generated_at: "Generated at",
    totals: "Summary",
    unique_users: "Unique users",
    sessions: "Sessions",
    download: "Download",
    upload: "Upload",
    data: "Data",
    data_total: "Data (download + upload)",
    session_hours: "Session hours",
    peak: "Peak concurrent sessions",
    peak_short: "Peak",
    trend: "Daily usage trend",
    trend_data: "Data per day (download + upload)",
    trend_users: "Unique users per day",
    date: "Date",
    plans: "Students vs UMKM",
    plan: "Plan",
    share: "Share",
    top_rw: "Top RWs",
    bottom_rw: "Bottom RWs",
    ranked_by: "ranked by unique users, then data",
    per_kecamatan: "Breakdown by kecamatan (district)",
    kecamatan: "Kecamatan",
    kelurahan: "Kelurahan",
    rw: "RW",
    subtotal: "Subtotal",
    no_kecamatan: "No kecamatan",
    no_data: "No data",
    not_available: "–",
    users_unit: "users",
    hours_unit: "h",
    footer_privacy: "Usernames are not shown in this report.",
    footer_source: "Figures are computed from the daily usage rollups, not from raw session \
                    records.",
    footer_unique: "Unique users in subtotal rows count each person once, so they can be \
                    less than the sum of the rows above.",
    footer_peak: "Peak concurrent sessions for a group of hotspots is the highest sum of \
                  each hotspot's daily peak.",
    footer_pseudonymised: "User identities are pseudonymised.",
    plan_student: "Students",
    plan_umkm: "UMKM (small businesses)",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    months_short: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    thousands: ',',
    decimal: '.',
};

impl Lang {
    /// The labels of this language.
    pub fn labels(self) -> &'static Labels {
        match self {
            Lang::Id => &ID,
            Lang::En => &EN,
        }
    }
}

impl Labels {
    /// A plan's display name: the seeded plans are translated, admin-made ones shown as-is.
    pub fn plan<'a>(&self, name: &'a str) -> Cow<'a, str> {
        match name {
            "student" => Cow::Borrowed(self.plan_student),
            "umkm" => Cow::Borrowed(self.plan_umkm),
            other => Cow::Borrowed(other),
        }
    }

    /// An integer with thousands separators: `12.345` / `12,345`.
    pub fn int(&self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if n < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(self.thousands);
            }
            out.push(c);
        }
        out
    }

    /// A count that may be unknown.
    pub fn opt_int(&self, n: Option<i64>) -> String {
        n.map_or_else(|| self.not_available.to_string(), |n| self.int(n))
    }

    /// A number with a fixed count of decimals: `1.234,5` / `1,234.5`.
    pub fn decimal(&self, x: f64, places: usize) -> String {
        if !x.is_finite() {
            return self.not_available.to_string();
        }
        let scale = 10f64.powi(places as i32);
        let scaled = (x.abs() * scale).round();
        // Saturates on absurd values instead of wrapping; no report gets near 2^63.
        let whole = (scaled / scale).trunc() as i64;
        let frac = (scaled - whole as f64 * scale).round() as i64;
        let sign = if x < 0.0 && scaled > 0.0 { "-" } else { "" };
        if places == 0 {
            return format!("{sign}{}", self.int(whole));
        }
        format!(
            "{sign}{}{}{:0width$}",
            self.int(whole),
            self.decimal,
            frac,
            width = places
        )
    }

    /// A data size in decimal units as printed on data packages, three significant digits:
    /// `950 B`, `4,52 GB`, `45,2 GB`, `452 GB`.
    pub fn bytes(&self, n: i64) -> String {
        const UNITS: [&str; 6] = ["B", "KB", "MB", "GB", "TB", "PB"];
        let mut value = n.max(0) as f64;
        let mut unit = 0;
        while value >= 999.5 && unit < UNITS.len() - 1 {
            value /= 1000.0;
            unit += 1;
        }
        let places = if unit == 0 || value >= 99.95 {
            0
        } else if value >= 9.995 {
            1
        } else {
            2
        };
        format!("{} {}", self.decimal(value, places), UNITS[unit])
    }

    /// `bytes` without trailing zero decimals, for chart axes: `50 GB`, `2,5 GB`.
    pub fn bytes_compact(&self, n: i64) -> String {
        let full = self.bytes(n);
        match full.split_once(self.decimal) {
            Some((whole, rest)) => {
                let (digits, unit) = rest.split_once(' ').unwrap_or((rest, ""));
                let digits = digits.trim_end_matches('0');
                if digits.is_empty() {
                    format!("{whole} {unit}")
                } else {
                    format!("{whole}{}{digits} {unit}", self.decimal)
                }
            }
            None => full,
        }
    }

    /// Session seconds as hours with one decimal.
    pub fn hours(&self, seconds: i64) -> String {
        self.decimal(seconds as f64 / 3600.0, 1)
    }

    /// `2026-11-03` as `3 November 2026`; anything unparsable is returned as-is.
    pub fn date_long(&self, ymd: &str) -> String {
        match NaiveDate::parse_from_str(ymd, "%Y-%m-%d") {
            Ok(d) => format!(
                "{} {} {}",
                d.day(),
                self.months[d.month0() as usize],
                d.year()
            ),
            Err(_) => ymd.to_string(),
        }
    }

    /// `2026-11-03` as `3 Nov`, for chart axes.
    pub fn date_short(&self, d: NaiveDate) -> String {
        format!("{} {}", d.day(), self.months_short[d.month0() as usize])
    }

    /// Epoch seconds as `28 November 2026 22:05 UTC`.
    pub fn timestamp_utc(&self, epoch: i64) -> String {
        match DateTime::from_timestamp(epoch, 0) {
            Some(t) => format!(
                "{} {} {} {:02}:{:02} UTC",
                t.day(),
                self.months[t.month0() as usize],
                t.year(),
                t.hour(),
                t.minute()
            ),
            None => epoch.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        let id = Lang::Id.labels();
        let en = Lang::En.labels();
        assert_eq!(id.int(0), "0");
        assert_eq!(id.int(999), "999");
        assert_eq!(id.int(1_234_567), "1.234.567");
        assert_eq!(en.int(-1_234_567), "-1,234,567");
        assert_eq!(id.decimal(1234.56, 1), "1.234,6");
        assert_eq!(en.decimal(0.05, 1), "0.1");
        assert_eq!(en.decimal(-2.0, 2), "-2.00");
        assert_eq!(en.decimal(9.96, 1), "10.0");
        assert_eq!(id.hours(5400), "1,5");
    }

    #[test]
    fn data_sizes_use_decimal_units() {
        let id = Lang::Id.labels();
        let en = Lang::En.labels();
        assert_eq!(id.bytes(0), "0 B");
        assert_eq!(id.bytes(999), "999 B");
        assert_eq!(id.bytes(1_000), "1,00 KB");
        assert_eq!(en.bytes(4_520_000_000), "4.52 GB");
        assert_eq!(en.bytes(45_200_000_000), "45.2 GB");
        assert_eq!(en.bytes(452_000_000_000), "452 GB");
        assert_eq!(en.bytes(999_600_000), "1.00 GB");
        assert_eq!(en.bytes(-5), "0 B");
        assert_eq!(id.bytes_compact(50_000_000_000), "50 GB");
        assert_eq!(id.bytes_compact(2_500_000_000), "2,5 GB");
        assert_eq!(en.bytes_compact(2_520_000_000), "2.52 GB");
        assert_eq!(en.bytes_compact(120_000_000_000), "120 GB");
        assert_eq!(en.bytes_compact(0), "0 B");
    }

    #[test]
    fn dates_and_plans_are_translated() {
        let id = Lang::Id.labels();
        let en = Lang::En.labels();
        assert_eq!(id.date_long("2026-08-17"), "17 Agustus 2026");
        assert_eq!(en.date_long("2026-08-17"), "17 August 2026");
        assert_eq!(id.date_long("garbage"), "garbage");
        assert_eq!(id.timestamp_utc(1_796_083_200), "1 Desember 2026 00:00 UTC");
        assert_eq!(id.plan("student"), "Pelajar");
        assert_eq!(en.plan("student"), "Students");
        assert_eq!(en.plan("guru"), "guru");
        assert_eq!(Lang::default(), Lang::Id);
    }
}
