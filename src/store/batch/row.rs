//! A session row as an accounting batch sees it, and the rules that move it: the first
//! record makes it, later ones raise its counters (high-water marks, so a repeated or
//! reordered report adds nothing), Stop and Accounting-On/Off close it. Pure: no SQL.

use super::record::{AcctKind, AcctRecord};
use crate::store::StoreError;
use crate::store::row::Columns;
use crate::store::sessions::{reason, state};

/// The counters kept on a session row.
#[derive(Debug, Clone, Copy, Default)]
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
}

impl SessionRow {
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
        };
        Ok((key, row))
    }

    /// The first record of a session, whatever its kind: an Interim or Stop whose Start was
    /// lost still creates the row, with a start time derived from Acct-Session-Time.
    pub(crate) fn new(r: &AcctRecord) -> SessionRow {
        let stop = r.kind == AcctKind::Stop;
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
            counters: Counters::of(r),
            terminate_cause: r.terminate_cause.clone(),
            state: if stop { state::CLOSED } else { state::OPEN }.to_string(),
            close_reason: stop.then(|| reason::STOP.to_string()),
            interim_interval: r.interim_interval,
            id: None,
        }
    }

    /// Applies a later record; returns the counter increase to add to the rollups.
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
