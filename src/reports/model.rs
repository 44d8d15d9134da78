//! The shapes of every report: what the report engine computes from the rollups and what
//! each output format (table, CSV, JSON, HTML) renders. Nothing here touches the database.

use std::collections::BTreeMap;

use serde::Serialize;

/// What a usage report groups by (`--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    /// One row per RW (the area a NAS belongs to).
    Rw,
    /// One row per kelurahan (the RW's parent area).
    Kelurahan,
    /// One row per kecamatan (the kelurahan's parent area).
    Kecamatan,
    /// One row per plan.
    Plan,
    /// One row per hotspot controller.
    Nas,
    /// One row per user (pseudonymised unless an admin asks for raw names).
    User,
    /// One row per day.
    Day,
    /// One row per hour of the day (0-23), summed over the period.
    Hour,
}

impl Dimension {
    /// The `--by` spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Rw => "rw",
            Dimension::Kelurahan => "kelurahan",
            Dimension::Kecamatan => "kecamatan",
            Dimension::Plan => "plan",
            Dimension::Nas => "nas",
            Dimension::User => "user",
            Dimension::Day => "day",
            Dimension::Hour => "hour",
        }
    }
}

/// The figures of one report cell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    /// Distinct registered users; `None` where the rollups cannot tell (per hour).
    pub unique_users: Option<u64>,
    /// Sessions first seen in the period.
    pub sessions: i64,
    /// From the users (upload), as the NAS counts.
    pub input_octets: i64,
    /// To the users (download).
    pub output_octets: i64,
    pub session_seconds: i64,
    /// Highest number of sessions open at once: per hotspot, exact (taken whenever a session
    /// opens); for a group of hotspots, the highest daily sum of each hotspot's daily peak
    /// (per hour: hourly peaks). `None` where not meaningful (per user, per plan).
    pub peak_sessions: Option<i64>,
}

/// One row of a usage report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsageRow {
    /// Area code, plan name, NAS name, user (or pseudonym), `YYYY-MM-DD`, or hour `00`-`23`.
    pub key: String,
    /// Human name: the area's or NAS's name; equal to `key` where there is none.
    pub label: String,
    /// The kecamatan and kelurahan (code) the row lies in, where the grouping has one.
    pub kecamatan: Option<String>,
    pub kelurahan: Option<String>,
    pub total: Figures,
    /// The same figures split by plan name (e.g. `student`, `umkm`).
    pub by_plan: BTreeMap<String, Figures>,
}

/// `radkota report usage`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsageReport {
    /// First and last day, inclusive, `YYYY-MM-DD` in the accounting time zone.
    pub from: String,
    pub to: String,
    pub by: Dimension,
    /// Whether usernames and MAC addresses are pseudonymised.
    pub pseudonymised: bool,
    pub rows: Vec<UsageRow>,
    /// The whole period over every row.
    pub total: Figures,
    pub total_by_plan: BTreeMap<String, Figures>,
}

/// Why a hotspot needs a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HotspotFlag {
    /// No packet for the configured hours, while it normally has traffic.
    Silent,
    /// Many rejected logins or bad shared secrets.
    RejectedHeavy,
    /// Never sent a single authenticated packet.
    NeverSeen,
    /// Event-Timestamp far from the server's clock.
    ClockSkew,
    /// Still sends RouterOS's factory NAS-Identifier "MikroTik".
    DefaultIdentifier,
    /// Far fewer users this week than last week (weekly report).
    Underused,
    /// Sent accounting counters this week that no link could carry (not charged).
    ImplausibleAccounting,
}

/// One NAS in `radkota report hotspots`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HotspotRow {
    pub nas_id: i64,
    pub name: String,
    pub rw: Option<String>,
    pub kelurahan: Option<String>,
    pub kecamatan: Option<String>,
    /// Epoch seconds, server clock.
    pub last_accounting_at: Option<i64>,
    pub last_login_at: Option<i64>,
    pub logins_today: i64,
    pub logins_week: i64,
    pub rejects_today: i64,
    pub rejects_week: i64,
    pub bad_authenticators_week: i64,
    pub users_today: u64,
    pub users_week: u64,
    pub open_sessions: i64,
    /// Days with traffic among the 7 days ending today (what "normally has traffic" means).
    pub active_days_week: i64,
    /// Event-Timestamp minus arrival, seconds.
    pub clock_skew: Option<i64>,
    pub nas_identifier: Option<String>,
    /// Accounting records this week whose counters were implausible, so not charged.
    pub implausible_records_week: i64,
    /// Server time of the latest of them.
    pub implausible_last_at: Option<i64>,
    pub flags: Vec<HotspotFlag>,
}

/// `radkota report hotspots`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HotspotReport {
    /// Epoch seconds.
    pub generated_at: i64,
    /// Today and the first day of the 7-day week that ends today.
    pub today: String,
    pub week_from: String,
    pub rows: Vec<HotspotRow>,
}

/// One RW in `radkota report weekly`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeeklyRow {
    pub rw: String,
    pub label: String,
    pub kelurahan: Option<String>,
    pub kecamatan: Option<String>,
    pub this_week: Figures,
    pub last_week: Figures,
    /// Unique users this week against last week, in percent; `None` when last week had none.
    pub change_percent: Option<f64>,
    pub flags: Vec<HotspotFlag>,
}

/// `radkota report weekly`: every RW this week against last week, the silent and
/// underused first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeeklyReport {
    pub week_from: String,
    pub week_to: String,
    pub last_week_from: String,
    pub last_week_to: String,
    pub rows: Vec<WeeklyRow>,
}
