//! Phase 2 of PEAPv0 (inner EAP-MSCHAPv2, then the Result TLV) and EAP-TTLS (inner PAP or
//! MS-CHAPv2 as AVPs), once the TLS tunnel is up, and the shortcut of a resumed session:
//! no inner method, but the user's status and plan are checked again.

use rand::RngCore;

use super::avp;
use super::check::{Check, Credential};
use super::packet::typ;
use super::peap::{self, Inner};
use super::sessions::Sessions;
use super::tunnel::Tunnel;
use super::{Method, mschapv2};
use crate::protocol::attr;

/// RADIUS attribute codes as TTLS AVPs.
const AVP_USER_NAME: u32 = 1;
const AVP_USER_PASSWORD: u32 = 2;
const AVP_EAP_MESSAGE: u32 = 79;
const MS_CHAP_CHALLENGE: u32 = 11;
const MS_CHAP2_RESPONSE: u32 = 25;
const MS_CHAP2_SUCCESS: u32 = 26;

/// Where phase 2 is.
#[derive(Debug)]
pub enum Phase {
    /// The TLS handshake (or its last acknowledgement) is going on.
    Handshake,
    /// PEAP: inner Identity request sent.
    PeapIdentity,
    /// PEAP: inner MS-CHAPv2 Challenge sent.
    PeapMsChap {
        user: String,
        challenge: [u8; 16],
        ms_id: u8,
    },
    /// PEAP: the check of the inner response is out.
    PeapChecking { ms_id: u8, challenge: [u8; 16] },
    /// PEAP: inner Failure request (E=691) sent.
    PeapMsChapFailed,
    /// PEAP: Result TLV (failure) sent.
    PeapFailed,
    /// PEAP: inner Success request sent.
    PeapMsChapOk,
    /// PEAP: Result TLV (success) sent, after inner MS-CHAPv2 or a resumption.
    PeapResult { resumed: bool },
    /// TTLS: the PAP check is out.
    TtlsPap,
    /// TTLS: the MS-CHAPv2 check is out.
    TtlsMsChap { ident: u8 },
    /// TTLS: MS-CHAP2-Success sent.
    TtlsMsChapOk,
    /// A resumed session's check is out.
    Resuming,
}

/// What phase 2 wants done.
#[derive(Debug)]
pub enum Next {
    /// Encrypt and send this plaintext.
    Send(Vec<u8>),
    /// Ask the decision.
    Check(Check),
    /// Done: EAP-Success.
    Accept,
    /// Done: EAP-Failure.
    Reject(&'static str),
}

/// The method's name for the auth log, with its inner method.
pub fn name(method: Method, phase: &Phase) -> &'static str {
    match (method, phase) {
        (Method::Peap, Phase::Resuming) => "peap-resumed",
        (Method::Ttls, Phase::Resuming) => "ttls-resumed",
        (Method::Peap, Phase::PeapResult { resumed: true }) => "peap-resumed",
        (Method::Peap, _) => "peap-mschapv2",
        (Method::Ttls, Phase::TtlsPap) => "ttls-pap",
        (Method::Ttls, Phase::TtlsMsChap { .. } | Phase::TtlsMsChapOk) => "ttls-mschapv2",
        (m, _) => m.name(),
    }
}

/// Takes the plaintext of the peer's next phase 2 message (empty for an acknowledgement).
pub fn step(
    method: Method,
    phase: &mut Phase,
    tunnel: &Tunnel,
    sessions: &Sessions,
    plain: &[u8],
) -> Next {
    match phase {
        Phase::Handshake if tunnel.resumed() => {
            let user = tunnel
                .session_id
                .as_deref()
                .and_then(|id| sessions.user(id));
            match user {
                Some(user) => {
                    *phase = Phase::Resuming;
                    Next::Check(Check {
                        user,
                        credential: Credential::Resumed,
                    })
                }
                None => Next::Reject("resumed a session of no known user"),
            }
        }
        Phase::Handshake if method == Method::Peap => {
            *phase = Phase::PeapIdentity;
            Next::Send(peap::request(typ::IDENTITY, &[]))
        }
        Phase::Handshake if plain.is_empty() => Next::Send(Vec::new()),
        Phase::Handshake => ttls_avps(phase, tunnel, plain),
        Phase::TtlsMsChapOk => Next::Accept,
        _ => peap_step(phase, plain),
    }
}

/// PEAP's phases after the handshake.
fn peap_step(phase: &mut Phase, plain: &[u8]) -> Next {
    match phase {
        Phase::PeapIdentity => match peap::parse(plain) {
            Ok(Inner::Method {
                typ: typ::IDENTITY,
                data,
            }) if !data.is_empty() => {
                let mut challenge = [0u8; 16];
                rand::thread_rng().fill_bytes(&mut challenge);
                let ms_id = challenge[0];
                *phase = Phase::PeapMsChap {
                    user: String::from_utf8_lossy(data).into_owned(),
                    challenge,
                    ms_id,
                };
                Next::Send(peap::request(
                    typ::MSCHAPV2,
                    &mschapv2::challenge(ms_id, &challenge),
                ))
            }
            _ => Next::Reject("no inner identity"),
        },
        Phase::PeapMsChap {
            user,
            challenge,
            ms_id,
        } => match peap::parse(plain) {
            Ok(Inner::Method {
                typ: typ::MSCHAPV2,
                data,
            }) => match mschapv2::parse(data) {
                Ok(mschapv2::Reply::Response { response, .. }) if response[0] == *ms_id => {
                    let check = Check {
                        user: std::mem::take(user),
                        credential: Credential::MsChapV2 {
                            challenge: *challenge,
                            response,
                        },
                    };
                    *phase = Phase::PeapChecking {
                        ms_id: *ms_id,
                        challenge: *challenge,
                    };
                    Next::Check(check)
                }
                _ => Next::Reject("malformed inner MS-CHAPv2 response"),
            },
            _ => Next::Reject("the peer refused inner MS-CHAPv2"),
        },
        Phase::PeapMsChapOk => match peap::parse(plain) {
            Ok(Inner::Method {
                typ: typ::MSCHAPV2,
                data,
            }) if mschapv2::parse(data) == Ok(mschapv2::Reply::SuccessAck) => {
                *phase = Phase::PeapResult { resumed: false };
                Next::Send(peap::result_request(0, peap::RESULT_SUCCESS))
            }
            _ => Next::Reject("inner MS-CHAPv2 success not acknowledged"),
        },
        Phase::PeapResult { .. } => match peap::parse(plain) {
            Ok(Inner::Result(peap::RESULT_SUCCESS)) => Next::Accept,
            _ => Next::Reject("the peer did not confirm the Result TLV"),
        },
        // The peer saw the inner failure; the Result TLV ends the tunnel the way Windows
        // expects, then the outer EAP-Failure.
        Phase::PeapMsChapFailed => {
            *phase = Phase::PeapFailed;
            Next::Send(peap::result_request(0, peap::RESULT_FAILURE))
        }
        Phase::PeapFailed => Next::Reject("refused"),
        _ => Next::Reject("phase 2 message while a check was out"),
    }
}

/// TTLS: the peer's AVPs (User-Name with User-Password, or with MS-CHAP-Challenge and
/// MS-CHAP2-Response).
fn ttls_avps(phase: &mut Phase, tunnel: &Tunnel, plain: &[u8]) -> Next {
    let Ok(avps) = avp::parse(plain) else {
        return Next::Reject("malformed TTLS AVPs");
    };
    let user = avp::find(&avps, AVP_USER_NAME, None)
        .and_then(|u| std::str::from_utf8(u).ok())
        .filter(|u| !u.is_empty());
    let Some(user) = user.map(str::to_string) else {
        return Next::Reject("TTLS without an inner User-Name");
    };
    if let Some(pw) = avp::find(&avps, AVP_USER_PASSWORD, None) {
        // RFC 5281 §11.2.5: padded with NULs to a multiple of 16.
        let end = pw.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
        *phase = Phase::TtlsPap;
        return Next::Check(Check {
            user,
            credential: Credential::Pap(pw[..end].to_vec()),
        });
    }
    let vendor = Some(attr::VENDOR_MICROSOFT);
    let sent = avp::find(&avps, MS_CHAP_CHALLENGE, vendor);
    let response = avp::find(&avps, MS_CHAP2_RESPONSE, vendor);
    if let (Some(sent), Some(response)) = (sent, response) {
        // RFC 5281 §11.2.4: the challenge and the ident come from the TLS keys, so a
        // response recorded in another tunnel is worthless here.
        let Ok(implicit) = tunnel.prf::<17>(b"ttls challenge") else {
            return Next::Reject("TTLS challenge could not be derived");
        };
        let (Ok(response), true) = (<[u8; 50]>::try_from(response), sent == &implicit[..16]) else {
            return Next::Reject("TTLS MS-CHAPv2 challenge or response malformed");
        };
        if response[0] != implicit[16] {
            return Next::Reject("TTLS MS-CHAPv2 ident does not match");
        }
        let mut challenge = [0u8; 16];
        challenge.copy_from_slice(&implicit[..16]);
        *phase = Phase::TtlsMsChap { ident: response[0] };
        return Next::Check(Check {
            user,
            credential: Credential::MsChapV2 {
                challenge,
                response,
            },
        });
    }
    if avp::find(&avps, AVP_EAP_MESSAGE, None).is_some() {
        return Next::Reject("TTLS with inner EAP is not offered");
    }
    Next::Reject("TTLS without a credential this server checks")
}

/// Goes on after the decision; `response` is MS-CHAPv2's "S=..." when it applies.
pub fn checked(
    method: Method,
    phase: &mut Phase,
    accepted: bool,
    response: Option<Vec<u8>>,
) -> Next {
    if !accepted {
        if let Phase::PeapChecking { ms_id, challenge } = phase {
            let mut plain = vec![typ::MSCHAPV2];
            plain.extend(mschapv2::failure(*ms_id, challenge));
            *phase = Phase::PeapMsChapFailed;
            return Next::Send(plain);
        }
        return Next::Reject("refused");
    }
    match (&*phase, response) {
        (Phase::PeapChecking { ms_id, .. }, Some(s)) => {
            let mut plain = vec![typ::MSCHAPV2];
            plain.extend(mschapv2::success(*ms_id, &s));
            *phase = Phase::PeapMsChapOk;
            Next::Send(plain)
        }
        (Phase::TtlsMsChap { ident }, Some(s)) => {
            let mut value = vec![*ident];
            value.extend_from_slice(&s);
            *phase = Phase::TtlsMsChapOk;
            Next::Send(avp::encode(
                MS_CHAP2_SUCCESS,
                Some(attr::VENDOR_MICROSOFT),
                &value,
            ))
        }
        (Phase::Resuming, _) if method == Method::Peap => {
            *phase = Phase::PeapResult { resumed: true };
            Next::Send(peap::result_request(0, peap::RESULT_SUCCESS))
        }
        (Phase::Resuming | Phase::TtlsPap, _) => Next::Accept,
        _ => Next::Reject("accepted without what the method needs"),
    }
}
