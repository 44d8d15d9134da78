//! Accounting-Request parsing (RFC 2866, RFC 2869): status type, session identity, 64-bit
//! counters (Gigawords), and times corrected by Acct-Delay-Time or taken from
//! Event-Timestamp. Pure: no I/O, and every attribute is optional or checked.

use std::net::Ipv4Addr;

use super::timezone::DayZone;
use crate::protocol::{Packet, attr};
use crate::store::{AcctKind, AcctRecord};

/// Event-Timestamps before 2020-01-01 come from a NAS whose clock was never set.
const EARLIEST_PLAUSIBLE: i64 = 1_577_836_800;
/// Event-Timestamps further ahead of the server's clock than this are not believed.
const MAX_FUTURE_SECS: i64 = 86_400;

/// Why an Accounting-Request cannot be recorded (it is dropped, not acknowledged).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("no Acct-Status-Type")]
    MissingStatusType,
    #[error("Acct-Status-Type {0} is not recorded")]
    UnsupportedStatusType(u32),
    #[error("no Acct-Session-Id")]
    MissingSessionId,
}

/// What the parser needs besides the packet.
#[derive(Debug, Clone, Copy)]
pub struct ParseContext<'a> {
    pub nas_id: i64,
    /// Arrival time by the server's clock (epoch seconds).
    pub received_at: i64,
    pub zone: &'a DayZone,
    /// The Acct-Interim-Interval the server hands out, kept on new sessions.
    pub interim_interval: i64,
}

/// Parses an authenticated Accounting-Request into a record.
pub fn parse(packet: &Packet<'_>, cx: &ParseContext<'_>) -> Result<AcctRecord, ParseError> {
    let status = packet
        .attr_u32(attr::ACCT_STATUS_TYPE)
        .ok_or(ParseError::MissingStatusType)?;
    let kind =
        AcctKind::from_status_type(status).ok_or(ParseError::UnsupportedStatusType(status))?;
    let text = |typ: u8| {
        packet
            .attr(typ)
            .map(|v| String::from_utf8_lossy(v).into_owned())
    };
    let acct_session_id = text(attr::ACCT_SESSION_ID).unwrap_or_default();
    let per_session = !matches!(kind, AcctKind::AccountingOn | AcctKind::AccountingOff);
    if per_session && acct_session_id.is_empty() {
        return Err(ParseError::MissingSessionId);
    }
    let u32_or_0 = |typ: u8| i64::from(packet.attr_u32(typ).unwrap_or(0));
    let delay = u32_or_0(attr::ACCT_DELAY_TIME);
    let seen_at = cx.received_at.saturating_sub(delay);
    // Event-Timestamp is when the event happened; Acct-Delay-Time is how long the NAS has
    // been retrying, so only arrival time needs correcting by it. A router without NTP or a
    // clock battery reports 1970-something: such a time would put usage on the wrong day,
    // so it is replaced by the arrival time, as is one from the future.
    let stamp = packet.attr_u32(attr::EVENT_TIMESTAMP).map(i64::from);
    let event_time = match stamp {
        Some(t) if t >= EARLIEST_PLAUSIBLE && t <= seen_at.saturating_add(MAX_FUTURE_SECS) => t,
        _ => seen_at,
    };
    let octets = |low: u8, giga: u8| {
        let v = (u64::from(packet.attr_u32(giga).unwrap_or(0)) << 32)
            | u64::from(packet.attr_u32(low).unwrap_or(0));
        i64::try_from(v).unwrap_or(i64::MAX)
    };
    let (username, framed_ip, calling, called, port_id, class) = if per_session {
        (
            // A MAC login's session is the user's, named in the Class of its Accept.
            match packet
                .attr(attr::CLASS)
                .and_then(crate::domain::mac::roam_user)
            {
                Some(user) => user.to_string(),
                None => text(attr::USER_NAME).unwrap_or_default(),
            },
            packet
                .attr(attr::FRAMED_IP_ADDRESS)
                .and_then(|v| <[u8; 4]>::try_from(v).ok())
                .map(|o| Ipv4Addr::from(o).to_string()),
            text(attr::CALLING_STATION_ID),
            text(attr::CALLED_STATION_ID),
            text(attr::NAS_PORT_ID),
            packet.attr(attr::CLASS).map(<[u8]>::to_vec),
        )
    } else {
        (String::new(), None, None, None, None, None)
    };
    Ok(AcctRecord {
        kind,
        nas_id: cx.nas_id,
        acct_session_id,
        username,
        event_time,
        seen_at,
        day: cx.zone.day(event_time),
        hour: cx.zone.hour(event_time),
        session_time: u32_or_0(attr::ACCT_SESSION_TIME),
        input_octets: octets(attr::ACCT_INPUT_OCTETS, attr::ACCT_INPUT_GIGAWORDS),
        output_octets: octets(attr::ACCT_OUTPUT_OCTETS, attr::ACCT_OUTPUT_GIGAWORDS),
        input_packets: u32_or_0(attr::ACCT_INPUT_PACKETS),
        output_packets: u32_or_0(attr::ACCT_OUTPUT_PACKETS),
        framed_ip,
        calling_station_id: calling,
        called_station_id: called,
        nas_port_id: port_id,
        class,
        terminate_cause: packet
            .attr_u32(attr::ACCT_TERMINATE_CAUSE)
            .filter(|_| kind == AcctKind::Stop)
            .map(terminate_cause_name),
        interim_interval: cx.interim_interval,
        clock_skew: stamp.map(|t| t - cx.received_at),
        nas_identifier: text(attr::NAS_IDENTIFIER),
    })
}

/// The RFC 2866 §5.10 / RFC 3580 name of an Acct-Terminate-Cause.
pub fn terminate_cause_name(v: u32) -> String {
    const NAMES: [&str; 22] = [
        "User-Request",
        "Lost-Carrier",
        "Lost-Service",
        "Idle-Timeout",
        "Session-Timeout",
        "Admin-Reset",
        "Admin-Reboot",
        "Port-Error",
        "NAS-Error",
        "NAS-Request",
        "NAS-Reboot",
        "Port-Unneeded",
        "Port-Preempted",
        "Port-Suspended",
        "Service-Unavailable",
        "Callback",
        "User-Error",
        "Host-Request",
        "Supplicant-Restart",
        "Reauthentication-Failure",
        "Port-Reinitialized",
        "Port-Administratively-Disabled",
    ];
    usize::try_from(v)
        .ok()
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| NAMES.get(i))
        .map(|s| (*s).to_string())
        .unwrap_or_else(|| format!("Cause-{v}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{Code, PacketBuilder};

    fn build(f: impl FnOnce(&mut PacketBuilder)) -> Vec<u8> {
        let mut b = PacketBuilder::new(Code::AccountingRequest, 1);
        f(&mut b);
        b.finish_request(&[0; 16], b"s", false).unwrap()
    }

    fn cx(zone: &DayZone) -> ParseContext<'_> {
        ParseContext {
            nas_id: 9,
            received_at: 1_800_000_000,
            zone,
            interim_interval: 300,
        }
    }

    #[test]
    fn interim_with_gigawords_and_delay() {
        let raw = build(|b| {
            b.add_u32(attr::ACCT_STATUS_TYPE, 3).unwrap();
            b.add(attr::ACCT_SESSION_ID, b"80700021").unwrap();
            b.add(attr::USER_NAME, b"siswa").unwrap();
            b.add_u32(attr::ACCT_INPUT_OCTETS, 123_456_789).unwrap();
            b.add_u32(attr::ACCT_INPUT_GIGAWORDS, 1).unwrap();
            b.add_u32(attr::ACCT_OUTPUT_OCTETS, 987_654_321).unwrap();
            b.add_u32(attr::ACCT_OUTPUT_GIGAWORDS, 3).unwrap();
            b.add_u32(attr::ACCT_DELAY_TIME, 20).unwrap();
            b.add(attr::FRAMED_IP_ADDRESS, &[10, 5, 50, 21]).unwrap();
        });
        let z = DayZone::default();
        let r = parse(&Packet::decode(&raw).unwrap(), &cx(&z)).unwrap();
        assert_eq!(r.kind, AcctKind::Interim);
        assert_eq!(r.input_octets, (1 << 32) + 123_456_789);
        assert_eq!(r.output_octets, (3 << 32) + 987_654_321);
        assert_eq!(r.event_time, 1_800_000_000 - 20);
        assert_eq!(r.seen_at, 1_800_000_000 - 20);
        assert_eq!(r.framed_ip.as_deref(), Some("10.5.50.21"));
        assert_eq!(r.terminate_cause, None);
    }

    #[test]
    fn event_timestamp_wins_and_causes_are_named() {
        let raw = build(|b| {
            b.add_u32(attr::ACCT_STATUS_TYPE, 2).unwrap();
            b.add(attr::ACCT_SESSION_ID, b"x").unwrap();
            b.add_u32(attr::EVENT_TIMESTAMP, 1_795_894_390).unwrap();
            b.add_u32(attr::ACCT_DELAY_TIME, 2).unwrap();
            b.add_u32(attr::ACCT_TERMINATE_CAUSE, 1).unwrap();
        });
        let z = DayZone::default();
        let r = parse(&Packet::decode(&raw).unwrap(), &cx(&z)).unwrap();
        assert_eq!(r.event_time, 1_795_894_390);
        assert_eq!(r.seen_at, 1_800_000_000 - 2);
        assert_eq!(r.terminate_cause.as_deref(), Some("User-Request"));
        assert_eq!(terminate_cause_name(99), "Cause-99");
        assert_eq!(terminate_cause_name(0), "Cause-0");
    }

    #[test]
    fn unset_or_future_nas_clock_falls_back_to_arrival() {
        let z = DayZone::default();
        for bogus in [86_400u32, 1_800_000_000 + 2 * 86_400] {
            let raw = build(|b| {
                b.add_u32(attr::ACCT_STATUS_TYPE, 3).unwrap();
                b.add(attr::ACCT_SESSION_ID, b"x").unwrap();
                b.add_u32(attr::EVENT_TIMESTAMP, bogus).unwrap();
                b.add_u32(attr::ACCT_DELAY_TIME, 5).unwrap();
            });
            let r = parse(&Packet::decode(&raw).unwrap(), &cx(&z)).unwrap();
            assert_eq!(r.event_time, 1_800_000_000 - 5, "{bogus}");
        }
    }

    #[test]
    fn rejects_what_cannot_be_recorded() {
        let z = DayZone::default();
        let none = build(|b| {
            b.add(attr::ACCT_SESSION_ID, b"x").unwrap();
        });
        assert_eq!(
            parse(&Packet::decode(&none).unwrap(), &cx(&z)),
            Err(ParseError::MissingStatusType)
        );
        let no_id = build(|b| {
            b.add_u32(attr::ACCT_STATUS_TYPE, 1).unwrap();
        });
        assert_eq!(
            parse(&Packet::decode(&no_id).unwrap(), &cx(&z)),
            Err(ParseError::MissingSessionId)
        );
        let on = build(|b| {
            b.add_u32(attr::ACCT_STATUS_TYPE, 7).unwrap();
        });
        assert!(parse(&Packet::decode(&on).unwrap(), &cx(&z)).is_ok());
        let failed = build(|b| {
            b.add_u32(attr::ACCT_STATUS_TYPE, 15).unwrap();
        });
        assert_eq!(
            parse(&Packet::decode(&failed).unwrap(), &cx(&z)),
            Err(ParseError::UnsupportedStatusType(15))
        );
    }
}
