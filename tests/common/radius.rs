//! Requests and replies the integration tests share: an Accounting-Request with the fields
//! a test names (the rest left out), and the parts of a reply the tests read.

use radkota::protocol::{Code, Packet, PacketBuilder, attr};

use super::Client;

/// The code of a reply (panics on a reply that does not decode: the server sent garbage).
pub fn code(reply: &[u8]) -> Code {
    Packet::decode(reply).expect("reply decodes").code
}

/// The Session-Timeout of a reply.
pub fn session_timeout(reply: &[u8]) -> Option<u32> {
    Packet::decode(reply).ok()?.attr_u32(attr::SESSION_TIMEOUT)
}

/// Acct-Status-Type values the tests send.
pub const START: u32 = 1;
pub const STOP: u32 = 2;
pub const INTERIM: u32 = 3;
pub const ACCT_ON: u32 = 7;

/// One Accounting-Request; `None` fields are left out, and Accounting-On/Off carries no
/// session fields whatever is set.
#[derive(Debug, Clone, Default)]
pub struct Acct<'a> {
    pub status: u32,
    pub session: &'a str,
    pub user: &'a str,
    pub mac: Option<&'a str>,
    pub framed_ip: Option<[u8; 4]>,
    /// Acct-Session-Time, input and output octets.
    pub counters: Option<(u32, u32, u32)>,
    pub event: Option<i64>,
    pub nas_identifier: Option<&'a str>,
}

impl Acct<'_> {
    /// The request's bytes, signed for `c`.
    pub fn request(&self, c: &Client) -> Vec<u8> {
        let mut b = PacketBuilder::new(Code::AccountingRequest, c.id());
        b.add_u32(attr::ACCT_STATUS_TYPE, self.status).unwrap();
        if !matches!(self.status, 7 | 8) {
            b.add(attr::ACCT_SESSION_ID, self.session.as_bytes())
                .unwrap();
            b.add(attr::USER_NAME, self.user.as_bytes()).unwrap();
            if let Some(mac) = self.mac {
                b.add(attr::CALLING_STATION_ID, mac.as_bytes()).unwrap();
            }
            if let Some(ip) = self.framed_ip {
                b.add(attr::FRAMED_IP_ADDRESS, &ip).unwrap();
            }
            if let Some((time, input, output)) = self.counters {
                b.add_u32(attr::ACCT_SESSION_TIME, time).unwrap();
                b.add_u32(attr::ACCT_INPUT_OCTETS, input).unwrap();
                b.add_u32(attr::ACCT_OUTPUT_OCTETS, output).unwrap();
            }
        }
        if let Some(at) = self.event {
            b.add_u32(attr::EVENT_TIMESTAMP, at as u32).unwrap();
        }
        if let Some(ident) = self.nas_identifier {
            b.add(attr::NAS_IDENTIFIER, ident.as_bytes()).unwrap();
        }
        b.finish_request(&[0; 16], &c.secret, false).unwrap()
    }

    /// Sends it (up to three times) and checks that an authentic Accounting-Response
    /// came back.
    pub fn send(&self, c: &Client) {
        let req = self.request(c);
        let reply = (0..3)
            .find_map(|_| c.exchange(&req))
            .unwrap_or_else(|| panic!("no Accounting-Response to {self:?}"));
        c.verify_reply(&req, &reply);
        assert_eq!(code(&reply), Code::AccountingResponse);
    }
}

impl Client {
    /// A PAP login (with Message-Authenticator), tried up to three times; the reply,
    /// checked to be authentic.
    pub fn login(&self, user: &str, password: &str) -> Option<Vec<u8>> {
        let req = self.pap_request(user, password, true);
        let reply = (0..3).find_map(|_| self.exchange(&req))?;
        self.verify_reply(&req, &reply);
        Some(reply)
    }
}
