//! A session row as an accounting batch sees it, and the rules that move it: the first
//! record makes it, later ones raise its counters (high-water marks, so a repeated or
//! reordered report adds nothing), Stop and Accounting-On/Off close it. A record whose
//! counters no link could have produced is not applied but flagged (`Implausible`). Pure:
//! no SQL.

use std::sync::atomic::{AtomicI64, Ordering};

use super::record::{AcctKind, AcctRecord};
use crate::store::StoreError;
use crate::store::row::Columns;
use crate::store::sessions::{reason, state};

/// The counters kept on a session row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counters {
    pub(crate) session_time: i64,
    pub(crate) input_octets: i64,
    pub(crate) output_octets: i64,
    pub(crate) input_packets: i64,
    pub(crate) output_packets: i64,
}

impl Counters {
    pub(crate) fn of(r: &AcctRecord) -> Counters {
        Counters {
            session_time: r.session_time,
            input_octets: r.input_octets,
            output_octets: r.output_octets,
            input_packets: r.input_packets,
            output_packets: r.output_packets,
        }
    }

    /// Each counter of `self` and `other` combined by `f`.
    fn zip(self, other: Counters, f: impl Fn(i64, i64) -> i64) -> Counters {
        Counters {
            session_time: f(self.session_time, other.session_time),
            input_octets: f(self.input_octets, other.input_octets),
            output_octets: f(self.output_octets, other.output_octets),
            input_packets: f(self.input_packets, other.input_packets),
            output_packets: f(self.output_packets, other.output_packets),
        }
    }

    fn high_water(self, new: Counters) -> Counters {
        self.zip(new, i64::max)
    }

    fn minus(self, old: Counters) -> Counters {
        self.zip(old, |a, b| a - b)
    }
}

/// The default ceiling, 40 Gbit/s in octets per second: four times the fastest uplink a
/// hotspot controller has today, so only a broken or hostile counter crosses it.
pub const DEFAULT_MAX_OCTETS_PER_SEC: i64 = 40_000_000_000 / 8;
/// The longest time a counter delta is allowed to have taken. Both times a delta is
/// measured by (Event-Timestamp, Acct-Session-Time) come from the NAS, so without a bound a
/// random Acct-Session-Time would make any delta plausible; a day at the ceiling still
/// covers a NAS that was cut off from the server for days at real link speeds.
const MAX_ELAPSED_SECS: i64 = 86_400;

static MAX_OCTETS_PER_SEC: AtomicI64 = AtomicI64::new(DEFAULT_MAX_OCTETS_PER_SEC);

/// Sets the process's ceiling on a counter's growth (`accounting.plausible_max_gbps`). Set
/// once at start by `serve`; a process-wide value rather than a parameter so that the pure
/// plan and both executors keep one signature.
pub fn set_max_gbps(gbps: u32) {
    let octets = i64::from(gbps.max(1)).saturating_mul(1_000_000_000 / 8);
    MAX_OCTETS_PER_SEC.store(octets, Ordering::Relaxed);
}

/// Why a record's counters were not believed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implausible {
    /// A 64-bit counter beyond 2^63 - 1 (the parser saturates those to `i64::MAX`).
    Overflow,
    /// A later record of the same session with a lower counter.
    Backwards,
    /// More octets than the ceiling allows in the time since the previous record.
    Rate,
}

impl Implausible {
    /// As stored in `sessions.implausible` and shown in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Implausible::Overflow => "overflow",
            Implausible::Backwards => "backwards",
            Implausible::Rate => "rate",
        }
    }
}

/// The implausible records of one session in one batch: the latest one's reason, time and
/// counters as the NAS reported them, and how many there were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Flag {
    pub(crate) reason: Implausible,
    /// Server time of the latest (`seen_at`).
    pub(crate) at: i64,
    pub(crate) input_octets: i64,
    pub(crate) output_octets: i64,
    pub(crate) records: i64,
}

impl Flag {
    fn of(reason: Implausible, r: &AcctRecord, earlier: Option<Flag>) -> Flag {
        Flag {
            reason,
            at: r.seen_at,
            input_octets: r.input_octets,
            output_octets: r.output_octets,
            records: earlier.map_or(0, |f| f.records) + 1,
        }
    }
}

/// Whether the counters of `r` are believable after `prev` (counters and NAS time of the
/// latest record applied), or, for a session's first record, from zero at its start.
fn check(r: &AcctRecord, prev: Option<(&Counters, i64)>) -> Option<Implausible> {
    let new = Counters::of(r);
    if new.input_octets == i64::MAX || new.output_octets == i64::MAX {
        return Some(Implausible::Overflow);
    }
    let (old, elapsed, backwards) = match prev {
        Some((old, last_at)) => {
            // Only a record that is newer by the NAS's clock is expected to count up; an
            // older one arriving late is reordering, which the high-water marks absorb.
            let lower = new.input_octets < old.input_octets
                || new.output_octets < old.output_octets
                || new.session_time < old.session_time;
            let backwards = r.event_time > last_at && lower;
            let by_clock = r.event_time.saturating_sub(last_at).max(0);
            let by_session = new.session_time.saturating_sub(old.session_time);
            // Acct-Session-Time is charged to time quotas: it may not run ahead of the
            // NAS's own clock by more than the bound either.
            if by_session > by_clock.saturating_add(MAX_ELAPSED_SECS) {
                return Some(Implausible::Rate);
            }
            (*old, by_clock.max(by_session), backwards)
        }
        None => (Counters::default(), new.session_time, false),
    };
    let allowed = MAX_OCTETS_PER_SEC
        .load(Ordering::Relaxed)
        .saturating_mul(elapsed.clamp(1, MAX_ELAPSED_SECS));
    let grew = |n: i64, o: i64| n.saturating_sub(o) > allowed;
    if grew(new.input_octets, old.input_octets) || grew(new.output_octets, old.output_octets) {
        return Some(Implausible::Rate);
    }
    backwards.then_some(Implausible::Backwards)
}

/// What identifies a session.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    pub(crate) nas_id: i64,
    pub(crate) acct_session_id: String,
    pub(crate) username: String,
}

impl Key {
    pub(crate) fn of(r: &AcctRecord) -> Key {
        Key {
            nas_id: r.nas_id,
            acct_session_id: r.acct_session_id.clone(),
            username: r.username.clone(),
        }
    }
}

/// A session row as the batch sees it: loaded from the database or new, changed in memory,
/// written back once at the end of the batch.
#[derive(Debug, Clone)]
pub(crate) struct SessionRow {
    /// The row's id once it is in the database (the SQLite writer updates by it).
    pub(crate) id: Option<i64>,
    pub(crate) in_db: bool,
    pub(crate) dirty: bool,
    pub(crate) framed_ip: Option<String>,
    pub(crate) calling_station_id: Option<String>,
    pub(crate) called_station_id: Option<String>,
    pub(crate) nas_port_id: Option<String>,
    pub(crate) class: Option<Vec<u8>>,
    pub(crate) started_at: i64,
    pub(crate) last_update_at: i64,
    pub(crate) stopped_at: Option<i64>,
    pub(crate) seen_at: i64,
    pub(crate) counters: Counters,
    pub(crate) terminate_cause: Option<String>,
    pub(crate) state: String,
    pub(crate) close_reason: Option<String>,
    pub(crate) interim_interval: i64,
    /// Implausible records of this batch, not applied; `plan` takes it for the flag write,
    /// so a row the SQLite writer keeps between batches never carries one.
    pub(crate) flag: Option<Flag>,
}

/// Which columns of a stored session a batch changed, so that the SQLite writer's UPDATE
/// sets only those: SQLite rewrites the entries of every index over a column the statement
/// sets, even to the same value (an Interim setting all seventeen rewrote six indexes where
/// two change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Changed {
    /// Times and counters only (an Interim-Update).
    Progress,
    /// Those, and how the session ended or reopened (a Stop, a stale session's Interim).
    Lifecycle,
    /// Anything, the address, device or start time included.
    All,
}

impl SessionRow {
    /// What the batch changed in this row, stored as `before`.
    pub(crate) fn changed_from(&self, before: &SessionRow) -> Changed {
        let same_identity = self.framed_ip == before.framed_ip
            && self.calling_station_id == before.calling_station_id
            && self.called_station_id == before.called_station_id
            && self.nas_port_id == before.nas_port_id
            && self.class == before.class
            && self.started_at == before.started_at;
        let same_lifecycle = self.stopped_at == before.stopped_at
            && self.terminate_cause == before.terminate_cause
            && self.state == before.state
            && self.close_reason == before.close_reason;
        match (same_identity, same_lifecycle) {
            (true, true) => Changed::Progress,
            (true, false) => Changed::Lifecycle,
            (false, _) => Changed::All,
        }
    }

    /// A row as `statements::load_sql` selects it, with its key. Fields are read in the
    /// order they are written here, which is the select list's.
    pub(crate) fn read(c: &mut impl Columns) -> Result<(Key, SessionRow), StoreError> {
        let key = Key {
            nas_id: c.req_int("nas_id")?,
            acct_session_id: c.req_text("acct_session_id")?,
            username: c.req_text("username")?,
        };
        let row = SessionRow {
            in_db: true,
            dirty: false,
            framed_ip: c.text("framed_ip")?,
            calling_station_id: c.text("calling_station_id")?,
            called_station_id: c.text("called_station_id")?,
            nas_port_id: c.text("nas_port_id")?,
            class: c.blob("class")?,
            started_at: c.req_int("started_at")?,
            last_update_at: c.req_int("last_update_at")?,
            stopped_at: c.int("stopped_at")?,
            seen_at: c.req_int("seen_at")?,
            counters: Counters {
                session_time: c.req_int("session_time")?,
                input_octets: c.req_int("input_octets")?,
                output_octets: c.req_int("output_octets")?,
                input_packets: c.req_int("input_packets")?,
                output_packets: c.req_int("output_packets")?,
            },
            terminate_cause: c.text("terminate_cause")?,
            state: c.req_text("state")?,
            close_reason: c.text("close_reason")?,
            interim_interval: c.req_int("interim_interval")?,
            id: c.int("id")?,
            flag: None,
        };
        Ok((key, row))
    }

    /// The first record of a session, whatever its kind: an Interim or Stop whose Start was
    /// lost still creates the row, with a start time derived from Acct-Session-Time. If its
    /// counters are implausible the row starts from zero and is flagged.
    pub(crate) fn new(r: &AcctRecord) -> SessionRow {
        let stop = r.kind == AcctKind::Stop;
        let flag = check(r, None).map(|why| Flag::of(why, r, None));
        SessionRow {
            in_db: false,
            dirty: true,
            framed_ip: r.framed_ip.clone(),
            calling_station_id: r.calling_station_id.clone(),
            called_station_id: r.called_station_id.clone(),
            nas_port_id: r.nas_port_id.clone(),
            class: r.class.clone(),
            started_at: if r.kind == AcctKind::Start {
                r.event_time
            } else {
                r.event_time.saturating_sub(r.session_time)
            },
            last_update_at: r.event_time,
            stopped_at: stop.then_some(r.event_time),
            seen_at: r.seen_at,
            counters: if flag.is_some() {
                Counters::default()
            } else {
                Counters::of(r)
            },
            terminate_cause: r.terminate_cause.clone(),
            state: if stop { state::CLOSED } else { state::OPEN }.to_string(),
            close_reason: stop.then(|| reason::STOP.to_string()),
            interim_interval: r.interim_interval,
            id: None,
            flag,
        }
    }

    /// Applies a later record; returns the counter increase to add to the rollups. A record
    /// with a counter going backwards is flagged and applied by the high-water marks, so
    /// the lower counter is not charged and the others are as they grew. Any other
    /// implausible record changes nothing but the flag: not its counters (the next good
    /// record is charged from the last good one), nor its state (a forged Stop would make
    /// the rest of a real session free), nor its times.
    pub(crate) fn apply(&mut self, r: &AcctRecord) -> Counters {
        let stopped =
            self.state == state::CLOSED && self.close_reason.as_deref() == Some(reason::STOP);
        if stopped {
            // After Stop the counters are final: a second Stop or a late Interim adds
            // nothing. A late Start still carries the true start time.
            if r.kind == AcctKind::Start && r.event_time != self.started_at {
                self.started_at = r.event_time;
                self.dirty = true;
            }
            return Counters::default();
        }
        if let Some(why) = check(r, Some((&self.counters, self.last_update_at))) {
            self.flag = Some(Flag::of(why, r, self.flag.take()));
            if why != Implausible::Backwards {
                return Counters::default();
            }
        }
        let merged = self.counters.high_water(Counters::of(r));
        let delta = merged.minus(self.counters);
        self.counters = merged;
        match r.kind {
            AcctKind::Stop => {
                self.state = state::CLOSED.into();
                self.close_reason = Some(reason::STOP.into());
                self.stopped_at = Some(r.event_time);
            }
            // A record after the reaper gave up shows the session was alive after all.
            _ if self.state == state::STALE => {
                self.state = state::OPEN.into();
                self.close_reason = None;
            }
            _ => {}
        }
        if r.kind == AcctKind::Start {
            self.started_at = r.event_time;
        }
        self.last_update_at = self.last_update_at.max(r.event_time);
        self.seen_at = self.seen_at.max(r.seen_at);
        let keep = |new: &Option<String>, old: &mut Option<String>| {
            if new.is_some() {
                old.clone_from(new);
            }
        };
        keep(&r.terminate_cause, &mut self.terminate_cause);
        keep(&r.framed_ip, &mut self.framed_ip);
        keep(&r.calling_station_id, &mut self.calling_station_id);
        keep(&r.called_station_id, &mut self.called_station_id);
        keep(&r.nas_port_id, &mut self.nas_port_id);
        if r.class.is_some() {
            self.class.clone_from(&r.class);
        }
        self.dirty = true;
        delta
    }

    /// Accounting-On/Off of its NAS at `at`.
    pub(crate) fn close_for_nas(&mut self, at: i64, why: &str) {
        if (self.state == state::OPEN || self.state == state::STALE) && self.last_update_at <= at {
            self.state = state::CLOSED.into();
            self.close_reason = Some(why.into());
            self.stopped_at = Some(at);
            self.dirty = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: AcctKind, at: i64, session_time: i64, octets: i64) -> AcctRecord {
        AcctRecord {
            session_time,
            input_octets: octets,
            output_octets: octets,
            ..AcctRecord::for_tests(kind, "s1", "siti", at)
        }
    }

    /// A session started at 1000 with 1 MB after 300 s.
    fn session() -> SessionRow {
        let mut row = SessionRow::new(&record(AcctKind::Start, 1000, 0, 0));
        let d = row.apply(&record(AcctKind::Interim, 1300, 300, 1_000_000));
        assert_eq!(d.input_octets, 1_000_000);
        assert!(row.flag.is_none());
        row
    }

    #[test]
    fn changed_columns_by_kind_of_record() {
        let stored = session();
        let mut row = stored.clone();
        row.apply(&record(AcctKind::Interim, 1600, 600, 2_000_000));
        assert_eq!(row.changed_from(&stored), Changed::Progress);
        row.apply(&record(AcctKind::Stop, 1700, 700, 2_500_000));
        assert_eq!(row.changed_from(&stored), Changed::Lifecycle);
        let mut moved = stored.clone();
        let mut late_address = record(AcctKind::Interim, 1600, 600, 2_000_000);
        late_address.framed_ip = Some("10.5.0.7".into());
        moved.apply(&late_address);
        assert_eq!(moved.changed_from(&stored), Changed::All);
        assert_eq!(stored.changed_from(&stored), Changed::Progress);
    }

    #[test]
    fn a_saturated_counter_is_flagged_and_not_charged() {
        let mut row = session();
        let d = row.apply(&record(AcctKind::Interim, 1600, 600, i64::MAX));
        assert_eq!(d.input_octets, 0);
        assert_eq!(row.counters.input_octets, 1_000_000);
        let f = row.flag.clone().expect("flagged");
        assert_eq!(f.reason, Implausible::Overflow);
        assert_eq!((f.input_octets, f.records, f.at), (i64::MAX, 1, 1600));
    }

    #[test]
    fn a_jump_over_the_ceiling_is_flagged_and_the_next_good_record_charged_from_the_last() {
        let mut row = session();
        // 300 s at 40 Gbit/s is 1.5 TB; random Gigawords give exabytes.
        let jump = 1_000_000 + 300 * DEFAULT_MAX_OCTETS_PER_SEC + 1;
        let d = row.apply(&record(AcctKind::Interim, 1600, 600, jump));
        assert_eq!(d.input_octets, 0);
        assert_eq!(row.flag.as_ref().map(|f| f.reason), Some(Implausible::Rate));
        let d = row.apply(&record(AcctKind::Interim, 1900, 900, 3_000_000));
        assert_eq!(d.input_octets, 2_000_000);
        assert_eq!(row.last_update_at, 1900);
        // The flag still counts the one implausible record.
        assert_eq!(row.flag.as_ref().map(|f| f.records), Some(1));
    }

    #[test]
    fn just_under_the_ceiling_is_charged() {
        let mut row = session();
        let big = 1_000_000 + 300 * DEFAULT_MAX_OCTETS_PER_SEC;
        let d = row.apply(&record(AcctKind::Interim, 1600, 600, big));
        assert_eq!(d.input_octets, 300 * DEFAULT_MAX_OCTETS_PER_SEC);
        assert!(row.flag.is_none());
    }

    #[test]
    fn a_random_session_time_does_not_open_the_ceiling() {
        let mut row = session();
        let d = row.apply(&record(AcctKind::Interim, 1600, 4_000_000_000, 1 << 50));
        assert_eq!(d, Counters::default());
        assert_eq!(row.counters.session_time, 300);
        assert_eq!(row.flag.as_ref().map(|f| f.reason), Some(Implausible::Rate));
    }

    #[test]
    fn a_later_lower_counter_is_flagged_but_a_late_older_one_is_not() {
        let mut row = session();
        // An earlier Interim arriving late: reordering, absorbed by the high-water marks.
        let d = row.apply(&record(AcctKind::Interim, 1200, 200, 500_000));
        assert_eq!(d, Counters::default());
        assert!(row.flag.is_none());
        // Newer and lower: flagged; the lower octets are not charged, the time that grew is.
        let d = row.apply(&record(AcctKind::Interim, 1600, 600, 10));
        assert_eq!(
            (d.input_octets, d.output_octets, d.session_time),
            (0, 0, 300)
        );
        assert_eq!(
            row.flag.as_ref().map(|f| f.reason),
            Some(Implausible::Backwards)
        );
        assert_eq!(row.counters.input_octets, 1_000_000);
        // A backwards counter cannot hide a jump in another one.
        let mut rec = record(AcctKind::Interim, 1900, 900, 10);
        rec.output_octets = 1 << 50;
        assert_eq!(row.apply(&rec), Counters::default());
        assert_eq!(row.flag.as_ref().map(|f| f.reason), Some(Implausible::Rate));
    }

    #[test]
    fn an_implausible_stop_does_not_close_the_session() {
        let mut row = session();
        row.apply(&record(AcctKind::Stop, 1600, 600, i64::MAX));
        assert_eq!(row.state, state::OPEN);
        assert_eq!(row.stopped_at, None);
    }

    #[test]
    fn a_first_record_with_absurd_counters_starts_from_zero() {
        let row = SessionRow::new(&record(AcctKind::Interim, 1300, 300, 1 << 60));
        assert_eq!(row.counters.input_octets, 0);
        assert_eq!(row.counters.session_time, 0);
        assert_eq!(row.flag.as_ref().map(|f| f.reason), Some(Implausible::Rate));
        assert_eq!(row.started_at, 1000);
        let ok = SessionRow::new(&record(AcctKind::Interim, 1300, 300, 1 << 30));
        assert!(ok.flag.is_none());
    }
}
