//! The rows of generated usage days, rendered into multi-row INSERTs for every rollup table
//! the reports read (and the raw `sessions` of the last days) through the store's bulk
//! inserter.

use super::city::City;
use super::usage::{self, DayData};
use crate::store::bulk::{Inserter, Lit};

/// The inserters of every table the usage days fill.
pub(super) struct Tables {
    pub(super) user: Inserter,
    user_nas: Inserter,
    nas: Inserter,
    nas_plan: Inserter,
    hourly: Inserter,
    concurrency: Inserter,
    auth: Inserter,
    pub(super) sessions: Inserter,
}

const SUMS: [&str; 4] = [
    "input_octets",
    "output_octets",
    "session_seconds",
    "sessions",
];

fn cols<'a>(key: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    key.iter().chain(extra.iter()).copied().collect()
}

fn with_sums_of(key: &[&'static str]) -> Vec<&'static str> {
    cols(key, &SUMS)
}

fn sums(s: &usage::Sums) -> [Lit<'static>; 4] {
    [
        Lit::Int(s.input),
        Lit::Int(s.output),
        Lit::Int(s.seconds),
        Lit::Int(s.sessions),
    ]
}

impl Tables {
    pub(super) fn new() -> Tables {
        Tables {
            user: Inserter::new(
                "usage_daily_user",
                &with_sums_of(&["username", "day", "user_id"]),
            ),
            user_nas: Inserter::new(
                "usage_daily_user_nas",
                &with_sums_of(&["day", "nas_id", "username", "user_id", "plan"]),
            ),
            nas: Inserter::new(
                "usage_daily_nas",
                &cols(&with_sums_of(&["nas_id", "day"]), &["peak_sessions"]),
            ),
            nas_plan: Inserter::new(
                "usage_daily_nas_plan",
                &with_sums_of(&["day", "nas_id", "plan"]),
            ),
            hourly: Inserter::new(
                "usage_hourly_nas_plan",
                &with_sums_of(&["day", "hour", "nas_id", "plan"]),
            ),
            concurrency: Inserter::new(
                "concurrency_hourly_nas",
                &["day", "hour", "nas_id", "peak_sessions"],
            ),
            auth: Inserter::new(
                "auth_daily_nas",
                &["day", "nas_id", "accepts", "rejects", "bad_authenticators"],
            ),
            sessions: Inserter::new(
                "sessions",
                &[
                    "nas_id",
                    "acct_session_id",
                    "username",
                    "user_id",
                    "framed_ip",
                    "calling_station_id",
                    "called_station_id",
                    "nas_port_id",
                    "started_at",
                    "last_update_at",
                    "stopped_at",
                    "seen_at",
                    "session_time",
                    "input_octets",
                    "output_octets",
                    "input_packets",
                    "output_packets",
                    "terminate_cause",
                    "state",
                    "close_reason",
                    "interim_interval",
                ],
            ),
        }
    }

    pub(super) fn rollup_rows(&self) -> u64 {
        [
            &self.user,
            &self.user_nas,
            &self.nas,
            &self.nas_plan,
            &self.hourly,
            &self.concurrency,
            &self.auth,
        ]
        .iter()
        .map(|t| t.written)
        .sum()
    }

    /// Moves every pending statement to `out`.
    pub(super) fn flush(&mut self, out: &mut Vec<String>) {
        for t in [
            &mut self.user,
            &mut self.user_nas,
            &mut self.nas,
            &mut self.nas_plan,
            &mut self.hourly,
            &mut self.concurrency,
            &mut self.auth,
            &mut self.sessions,
        ] {
            out.extend(t.take());
        }
    }

    /// Adds one day's rows; finished statements go to `out`. Returns the day's sessions.
    pub(super) fn write_day(
        &mut self,
        city: &City,
        nas_id: &[i64],
        data: &DayData,
        out: &mut Vec<String>,
    ) -> i64 {
        let mut sessions_total = 0;
        let day = data.day.as_str();
        for (&u, s) in &data.user {
            let user = &city.users[u];
            let row = [Lit::Text(&user.username), Lit::Text(day), Lit::Int(user.id)];
            out.extend(self.user.push(&join(row, sums(s))));
        }
        for (&(n, u), s) in &data.user_nas {
            let user = &city.users[u];
            let row = [
                Lit::Text(day),
                Lit::Int(nas_id[n]),
                Lit::Text(&user.username),
                Lit::Int(user.id),
                Lit::Text(user.plan.as_str()),
            ];
            out.extend(self.user_nas.push(&join(row, sums(s))));
        }
        for (&n, (s, peak)) in &data.nas {
            sessions_total += s.sessions;
            let mut row: Vec<Lit<'_>> = vec![Lit::Int(nas_id[n]), Lit::Text(day)];
            row.extend(sums(s));
            row.push(Lit::Int(*peak));
            out.extend(self.nas.push(&row));
        }
        for (&(n, plan), s) in &data.nas_plan {
            let row = [
                Lit::Text(day),
                Lit::Int(nas_id[n]),
                Lit::Text(plan.as_str()),
            ];
            out.extend(self.nas_plan.push(&join(row, sums(s))));
        }
        for (&(hour, n, plan), s) in &data.hourly {
            let row = [
                Lit::Text(day),
                Lit::Int(hour),
                Lit::Int(nas_id[n]),
                Lit::Text(plan.as_str()),
            ];
            out.extend(self.hourly.push(&join(row, sums(s))));
        }
        for (&(hour, n), &peak) in &data.concurrency {
            let row = [
                Lit::Text(day),
                Lit::Int(hour),
                Lit::Int(nas_id[n]),
                Lit::Int(peak),
            ];
            out.extend(self.concurrency.push(&row));
        }
        for (&n, a) in &data.auth {
            let row = [
                Lit::Text(day),
                Lit::Int(nas_id[n]),
                Lit::Int(a.accepts),
                Lit::Int(a.rejects),
                Lit::Int(a.bad_authenticators),
            ];
            out.extend(self.auth.push(&row));
        }
        for s in &data.sessions {
            let user = &city.users[s.user];
            let nas = &city.nas[s.nas];
            let ip = format!("10.{}.{}.{}", nas.address[1], nas.address[2], s.host);
            let mac = user
                .mac
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect::<Vec<_>>()
                .join(":");
            let called = format!("hotspot-{}", nas.name);
            let row = [
                Lit::Int(nas_id[s.nas]),
                Lit::Text(&s.acct_session_id),
                Lit::Text(&user.username),
                Lit::Int(user.id),
                Lit::Text(&ip),
                Lit::Text(&mac),
                Lit::Text(&called),
                Lit::Text("bridge-hotspot"),
                Lit::Int(s.start),
                Lit::Int(s.end),
                Lit::Int(s.end),
                Lit::Int(s.end),
                Lit::Int(s.sums.seconds),
                Lit::Int(s.sums.input),
                Lit::Int(s.sums.output),
                Lit::Int(s.sums.input / 900),
                Lit::Int(s.sums.output / 1200),
                Lit::Text(s.terminate_cause),
                Lit::Text("closed"),
                Lit::Text("stop"),
                Lit::Int(300),
            ];
            out.extend(self.sessions.push(&row));
        }
        sessions_total
    }
}

fn join<'a, const A: usize>(key: [Lit<'a>; A], sums: [Lit<'a>; 4]) -> Vec<Lit<'a>> {
    key.into_iter().chain(sums).collect()
}
