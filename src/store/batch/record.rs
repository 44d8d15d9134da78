//! One accounting record as the store applies it: parsed from an Accounting-Request and
//! time-corrected by `accounting::request`, grouped into batches by the writer.

/// What an Accounting-Request reports (Acct-Status-Type).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcctKind {
    /// 1: a session began.
    Start,
    /// 2: a session ended; the counters are final.
    Stop,
    /// 3: counters so far.
    Interim,
    /// 7: the NAS (re)started; its earlier sessions are gone.
    AccountingOn,
    /// 8: the NAS is shutting down.
    AccountingOff,
}

impl AcctKind {
    /// The Acct-Status-Type value, if it is one we record.
    pub fn from_status_type(v: u32) -> Option<AcctKind> {
        match v {
            1 => Some(AcctKind::Start),
            2 => Some(AcctKind::Stop),
            3 => Some(AcctKind::Interim),
            7 => Some(AcctKind::AccountingOn),
            8 => Some(AcctKind::AccountingOff),
            _ => None,
        }
    }

    /// For logs.
    pub fn as_str(self) -> &'static str {
        match self {
            AcctKind::Start => "start",
            AcctKind::Stop => "stop",
            AcctKind::Interim => "interim-update",
            AcctKind::AccountingOn => "accounting-on",
            AcctKind::AccountingOff => "accounting-off",
        }
    }
}

/// One accounting record, parsed and time-corrected, ready to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcctRecord {
    pub kind: AcctKind,
    pub nas_id: i64,
    /// Empty for Accounting-On/Off.
    pub acct_session_id: String,
    /// Empty when the NAS sent no User-Name.
    pub username: String,
    /// When it happened by the NAS's clock: Event-Timestamp, else arrival minus
    /// Acct-Delay-Time (epoch seconds).
    pub event_time: i64,
    /// Arrival by the server's clock minus Acct-Delay-Time (for the reaper).
    pub seen_at: i64,
    /// The day of `event_time` in the configured time zone, `YYYY-MM-DD`: usage deltas of
    /// this record are counted on it.
    pub day: String,
    /// The hour (0-23) of `event_time` in the same zone, for the hourly rollups.
    pub hour: i64,
    pub session_time: i64,
    /// 64-bit, Gigawords included.
    pub input_octets: i64,
    /// 64-bit, Gigawords included.
    pub output_octets: i64,
    pub input_packets: i64,
    pub output_packets: i64,
    pub framed_ip: Option<String>,
    pub calling_station_id: Option<String>,
    pub called_station_id: Option<String>,
    pub nas_port_id: Option<String>,
    pub class: Option<Vec<u8>>,
    pub terminate_cause: Option<String>,
    /// The Acct-Interim-Interval the NAS was told, kept for the reaper.
    pub interim_interval: i64,
    /// Event-Timestamp minus arrival time (seconds), when the NAS sent one (even an
    /// implausible one: that is exactly what the hotspot report should flag).
    pub clock_skew: Option<i64>,
    /// The NAS-Identifier the NAS sent, for the hotspot report.
    pub nas_identifier: Option<String>,
}

#[cfg(test)]
impl AcctRecord {
    /// A record of session `sid` of `user` on NAS 1 at `at`, with no counters and no
    /// address, for the batch's unit tests to adjust.
    pub(crate) fn for_tests(kind: AcctKind, sid: &str, user: &str, at: i64) -> AcctRecord {
        AcctRecord {
            kind,
            nas_id: 1,
            acct_session_id: sid.into(),
            username: user.into(),
            event_time: at,
            seen_at: at,
            day: "2026-12-06".into(),
            hour: 10,
            session_time: 0,
            input_octets: 0,
            output_octets: 0,
            input_packets: 0,
            output_packets: 0,
            framed_ip: None,
            calling_station_id: None,
            called_station_id: None,
            nas_port_id: None,
            class: None,
            terminate_cause: None,
            interim_interval: 300,
            clock_skew: None,
            nas_identifier: None,
        }
    }
}
