//! The rows of generated usage days, given to the store's bulk inserters of every rollup
//! table the reports read (and of the raw `sessions` of the last days).

use super::city::City;
use super::usage::{self, DayData};
use crate::store::bulk::{self, Inserter, Lit};

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
            user: Inserter::new(&bulk::USAGE_DAILY_USER),
            user_nas: Inserter::new(&bulk::USAGE_DAILY_USER_NAS),
            nas: Inserter::new(&bulk::USAGE_DAILY_NAS),
            nas_plan: Inserter::new(&bulk::USAGE_DAILY_NAS_PLAN),
            hourly: Inserter::new(&bulk::USAGE_HOURLY_NAS_PLAN),
            concurrency: Inserter::new(&bulk::CONCURRENCY_HOURLY_NAS),
            auth: Inserter::new(&bulk::AUTH_DAILY_NAS),
            sessions: Inserter::new(&bulk::SESSIONS),
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
