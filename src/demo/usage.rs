//! A day of synthetic usage: who goes online (school days, weekends, holidays, growth over
//! the period), where (mostly at home), when (school and evening hours), for how long and
//! how much, within the plans' limits; summed into every rollup the server keeps, so that
//! the tables agree with each other exactly as the accounting writer's would.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::sync::Arc;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rand::Rng;
use rand::rngs::StdRng;

use super::city::{City, Health, Plan};

/// Sums of one rollup row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    /// From the user (upload).
    pub input: i64,
    /// To the user (download).
    pub output: i64,
    pub seconds: i64,
    pub sessions: i64,
}

impl Sums {
    fn add(&mut self, o: &Sums) {
        self.input += o.input;
        self.output += o.output;
        self.seconds += o.seconds;
        self.sessions += o.sessions;
    }
}

/// A finished session kept as a `sessions` row (only the last few days are).
#[derive(Debug, Clone)]
pub struct Session {
    pub nas: usize,
    pub user: usize,
    pub acct_session_id: String,
    pub start: i64,
    pub end: i64,
    pub sums: Sums,
    pub terminate_cause: &'static str,
    /// Last octet of the address the hotspot handed out.
    pub host: u8,
}

/// Authentication counts of one NAS on one day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Auth {
    pub accepts: i64,
    pub rejects: i64,
    pub bad_authenticators: i64,
}

/// Everything one day adds. Keys use indexes into the city's NAS and user lists.
#[derive(Debug, Default)]
pub struct DayData {
    pub day: String,
    pub user: BTreeMap<usize, Sums>,
    /// (NAS, user).
    pub user_nas: BTreeMap<(usize, usize), Sums>,
    pub nas_plan: BTreeMap<(usize, Plan), Sums>,
    /// (hour, NAS, plan).
    pub hourly: BTreeMap<(i64, usize, Plan), Sums>,
    /// Sums and peak concurrent sessions.
    pub nas: BTreeMap<usize, (Sums, i64)>,
    /// (hour, NAS): peak concurrent sessions.
    pub concurrency: BTreeMap<(i64, usize), i64>,
    pub auth: BTreeMap<usize, Auth>,
    pub sessions: Vec<Session>,
}

/// Latest contact of one NAS, kept across days for `nas_health`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Contact {
    pub last_acct_at: Option<i64>,
    pub last_login_at: Option<i64>,
    pub last_request_at: Option<i64>,
}

/// Produces the days in order from one seeded generator.
pub struct Generator {
    city: Arc<City>,
    rng: StdRng,
    first: NaiveDate,
    days: usize,
    offset_secs: i64,
    keep_sessions_days: usize,
    /// Sessions ending later than this (epoch seconds) have not happened yet.
    not_after: i64,
    next_session: u64,
    /// Per NAS.
    pub contacts: Vec<Contact>,
}

/// Public holidays that fall on the same date every year (others move with the calendars).
const HOLIDAYS: [(u32, u32); 5] = [(1, 1), (5, 1), (6, 1), (8, 17), (12, 25)];

/// Relative weight of each hour for session starts. Students may use the WiFi 05:00-21:00.
const STUDENT_HOURS: [f64; 24] = [
    0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 3.0, 4.0, 2.0, 1.0, 1.0, 1.5, 3.0, 5.0, 6.0, 6.0, 5.0, 4.0, 4.0,
    6.0, 5.0, 0.0, 0.0, 0.0,
];
const UMKM_HOURS: [f64; 24] = [
    1.0, 0.5, 0.3, 0.3, 0.3, 0.5, 1.0, 2.0, 4.0, 6.0, 7.0, 7.0, 6.0, 6.0, 6.0, 6.0, 5.0, 5.0, 4.0,
    5.0, 5.0, 4.0, 2.0, 1.0,
];

/// Plan limits the synthetic data respects (the seeded plans' defaults).
struct Profile {
    hours: &'static [f64; 24],
    /// Median session length, seconds.
    median_secs: f64,
    max_secs: i64,
    /// Median download rate, bytes per second.
    median_rate: f64,
    max_down_rate: f64,
    max_up_rate: f64,
    daily_bytes: i64,
    /// Sessions must end by this second of the day (allowed hours).
    day_end: i64,
}

const STUDENT: Profile = Profile {
    hours: &STUDENT_HOURS,
    median_secs: 1500.0,
    max_secs: 3600,
    median_rate: 40_000.0,
    max_down_rate: 500_000.0,
    max_up_rate: 250_000.0,
    daily_bytes: 2_000_000_000,
    day_end: 21 * 3600,
};
const UMKM: Profile = Profile {
    hours: &UMKM_HOURS,
    median_secs: 3600.0,
    max_secs: 14_400,
    median_rate: 90_000.0,
    max_down_rate: 1_250_000.0,
    max_up_rate: 625_000.0,
    daily_bytes: 5_000_000_000,
    day_end: 86_399,
};

fn profile(plan: Plan) -> &'static Profile {
    match plan {
        Plan::Student => &STUDENT,
        Plan::Umkm => &UMKM,
    }
}

/// A standard normal draw (Box-Muller).
fn normal(rng: &mut impl Rng) -> f64 {
    let u1: f64 = rng.r#gen::<f64>().max(f64::MIN_POSITIVE);
    let u2: f64 = rng.r#gen();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn lognormal(rng: &mut impl Rng, median: f64, sigma: f64) -> f64 {
    median * (sigma * normal(rng)).exp()
}

fn pick_hour(rng: &mut impl Rng, weights: &[f64; 24]) -> i64 {
    let total: f64 = weights.iter().sum();
    let mut x = rng.r#gen::<f64>() * total;
    for (h, w) in weights.iter().enumerate() {
        if x < *w {
            return h as i64;
        }
        x -= w;
    }
    // Rounding at the very top: the last hour with any weight.
    weights.iter().rposition(|w| *w > 0.0).unwrap_or(0) as i64
}

/// How likely people on `plan` are to go online on `date`, relative to an ordinary day.
fn day_factor(plan: Plan, date: NaiveDate) -> f64 {
    let (m, d) = (date.month(), date.day());
    let holiday = HOLIDAYS.contains(&(m, d));
    let weekday = date.weekday();
    match plan {
        Plan::Student => {
            let school_break = (m == 6 && d >= 20) || (m == 7 && d <= 12) || (m == 12 && d >= 20);
            let base = match weekday {
                Weekday::Sat => 0.75,
                Weekday::Sun => 0.6,
                _ => 1.0,
            };
            base * if holiday {
                0.5
            } else if school_break {
                0.7
            } else {
                1.0
            }
        }
        Plan::Umkm => {
            let base = if weekday == Weekday::Sun { 0.65 } else { 1.0 };
            base * if holiday { 0.6 } else { 1.0 }
        }
    }
}

impl Generator {
    /// A generator for `days` days from `first`, keeping session rows for the last
    /// `keep_sessions_days` and leaving out sessions that end after `not_after`.
    pub fn new(
        city: Arc<City>,
        rng: StdRng,
        first: NaiveDate,
        days: usize,
        offset_secs: i64,
        keep_sessions_days: usize,
        not_after: i64,
    ) -> Generator {
        Generator {
            contacts: vec![Contact::default(); city.nas.len()],
            city,
            rng,
            first,
            days,
            offset_secs,
            keep_sessions_days,
            not_after,
            next_session: 0,
        }
    }

    /// The date of day index `d`.
    pub fn date(&self, d: usize) -> NaiveDate {
        self.first
            .checked_add_days(Days::new(d as u64))
            .unwrap_or(self.first)
    }

    /// Local midnight of day `d`, epoch seconds.
    pub fn midnight(&self, d: usize) -> i64 {
        self.date(d)
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp())
            .unwrap_or(0)
            - self.offset_secs
    }

    /// Generates day `d` (call in order: the random stream and contacts carry over).
    pub fn day(&mut self, d: usize) -> DayData {
        let date = self.date(d);
        let midnight = self.midnight(d);
        let growth = 0.8 + 0.4 * d as f64 / self.days.max(1) as f64;
        let factors = [
            day_factor(Plan::Student, date) * growth,
            day_factor(Plan::Umkm, date) * growth,
        ];
        let keep = d + self.keep_sessions_days >= self.days;
        let mut out = DayData {
            day: date.format("%Y-%m-%d").to_string(),
            ..DayData::default()
        };
        let mut spans: BTreeMap<usize, Vec<(i64, i64)>> = BTreeMap::new();
        let shared = Arc::clone(&self.city);
        let city = &*shared;
        for (ui, user) in city.users.iter().enumerate() {
            if user.joined > d {
                continue;
            }
            let factor = factors[user.plan as usize];
            if self.rng.r#gen::<f64>() >= user.activity * factor {
                continue;
            }
            let p = profile(user.plan);
            let count =
                1 + usize::from(self.rng.gen_bool(0.35)) + usize::from(self.rng.gen_bool(0.1));
            let mut used = 0i64;
            for _ in 0..count {
                let near = &city.neighbours[user.home];
                let nas = if near.is_empty() || self.rng.gen_bool(0.85) {
                    user.home
                } else {
                    near[self.rng.gen_range(0..near.len())]
                };
                let hour = pick_hour(&mut self.rng, p.hours);
                let start_sec = hour * 3600 + self.rng.gen_range(0..3600);
                let secs = (lognormal(&mut self.rng, p.median_secs, 0.7) as i64)
                    .clamp(60, p.max_secs)
                    .min((p.day_end - start_sec).max(60));
                let rate = lognormal(&mut self.rng, p.median_rate, 0.9).min(p.max_down_rate);
                let mut output = (rate * secs as f64) as i64;
                let up_share = self.rng.gen_range(0.05..0.25);
                let mut input =
                    ((output as f64 * up_share).min(p.max_up_rate * secs as f64)) as i64;
                let left = p.daily_bytes - used;
                if left < 1_000_000 {
                    // Daily quota used up: the hotspot refuses further sessions today.
                    break;
                }
                if input + output > left {
                    let scale = left as f64 / (input + output) as f64;
                    output = (output as f64 * scale) as i64;
                    input = (input as f64 * scale) as i64;
                }
                let (start, end) = (midnight + start_sec, midnight + start_sec + secs);
                if !city.nas[nas].works_on(d, self.days) || end > self.not_after {
                    continue;
                }
                used += input + output;
                let sums = Sums {
                    input,
                    output,
                    seconds: secs,
                    sessions: 1,
                };
                out.user.entry(ui).or_default().add(&sums);
                out.user_nas.entry((nas, ui)).or_default().add(&sums);
                out.nas_plan.entry((nas, user.plan)).or_default().add(&sums);
                out.hourly
                    .entry((hour, nas, user.plan))
                    .or_default()
                    .add(&sums);
                out.nas.entry(nas).or_default().0.add(&sums);
                spans.entry(nas).or_default().push((start, end));
                let c = &mut self.contacts[nas];
                c.last_acct_at = c.last_acct_at.max(Some(end));
                c.last_login_at = c.last_login_at.max(Some(start));
                c.last_request_at = c.last_request_at.max(Some(start));
                if keep {
                    self.next_session += 1;
                    out.sessions.push(Session {
                        nas,
                        user: ui,
                        acct_session_id: format!("{:08X}", self.next_session),
                        start,
                        end,
                        sums,
                        terminate_cause: if secs >= p.max_secs {
                            "Session-Timeout"
                        } else if self.rng.gen_bool(0.3) {
                            "Idle-Timeout"
                        } else {
                            "User-Request"
                        },
                        host: self.rng.gen_range(2..=254),
                    });
                }
            }
        }
        for (nas, mut list) in spans {
            list.sort_unstable();
            // At each session start, the sessions open then (itself included): what the
            // accounting writer records when a session opens.
            let mut open: BinaryHeap<Reverse<i64>> = BinaryHeap::new();
            let mut day_peak = 0;
            for (start, end) in list {
                while open.peek().is_some_and(|Reverse(e)| *e <= start) {
                    open.pop();
                }
                open.push(Reverse(end));
                let n = open.len() as i64;
                let hour = (start - midnight).div_euclid(3600);
                let peak = out.concurrency.entry((hour, nas)).or_default();
                *peak = (*peak).max(n);
                day_peak = day_peak.max(n);
            }
            if let Some(e) = out.nas.get_mut(&nas) {
                e.1 = day_peak;
            }
        }
        for (i, nas) in city.nas.iter().enumerate() {
            let sessions = out.nas.get(&i).map_or(0, |e| e.0.sessions);
            let auth = match nas.health {
                Health::NeverSeen => continue,
                Health::Silent if !nas.works_on(d, self.days) => continue,
                Health::WrongSecret if !nas.works_on(d, self.days) => Auth {
                    bad_authenticators: self.rng.gen_range(40..120),
                    ..Auth::default()
                },
                Health::RejectHeavy => Auth {
                    accepts: sessions + sessions / 10,
                    rejects: sessions * 2 + self.rng.gen_range(10..40),
                    bad_authenticators: 0,
                },
                _ => Auth {
                    accepts: sessions + sessions / 10,
                    rejects: sessions / 25 + self.rng.gen_range(0..3),
                    bad_authenticators: 0,
                },
            };
            if auth != Auth::default() {
                out.auth.insert(i, auth);
            }
        }
        out
    }
}
