//! The requests `radkota bench` sends: PAP, CHAP (with CHAP-Challenge, as MikroTik sends it),
//! MS-CHAPv2, accounting Start/Interim/Stop, Status-Server, and whole mixed sessions.

use md5::{Digest, Md5};

use super::Options;
use crate::auth::mschapv2;
use crate::protocol::attr::{self, ms};
use crate::protocol::crypto::hide_password;
use crate::protocol::{Code, PacketBuilder};

/// The kind of load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// Access-Request with User-Password.
    Pap,
    /// Access-Request with CHAP-Password and CHAP-Challenge.
    Chap,
    /// Access-Request with MS-CHAP-Challenge and MS-CHAP2-Response.
    Mschapv2,
    /// Accounting Start, one new session per request.
    AcctStart,
    /// Accounting Interim-Update of the sessions an acct-start run with the same tag made.
    AcctInterim,
    /// Accounting Stop of those sessions.
    AcctStop,
    /// Per session: PAP or CHAP login, Start, two Interim-Updates, Stop.
    Mixed,
    /// Status-Server to the auth port.
    Status,
    /// MAC login (MikroTik `login-by=mac`): User-Name and password are the user's device
    /// MAC, bound by a CHAP (or PAP) run over the same users first.
    Mac,
}

/// Builds request number `unit` (and its steps for mixed sessions).
#[derive(Debug)]
pub struct RequestFactory {
    kind: Kind,
    secret: Vec<u8>,
    users: u64,
    first_user: u64,
    user_prefix: String,
    pass_prefix: String,
    tag: String,
}

impl RequestFactory {
    /// A factory for the options' kind, users and secret.
    pub fn new(opts: &Options) -> RequestFactory {
        RequestFactory {
            kind: opts.kind,
            secret: opts.secret.clone(),
            users: opts.users,
            first_user: opts.first_user,
            user_prefix: opts.user_prefix.clone(),
            pass_prefix: opts.pass_prefix.clone(),
            tag: opts.session_tag.clone(),
        }
    }

    /// Requests in one unit of work.
    pub fn requests_per_unit(&self) -> u64 {
        if self.kind == Kind::Mixed { 5 } else { 1 }
    }

    fn user(&self, unit: u64) -> (String, String) {
        let n = self.first_user + unit % self.users;
        (
            format!("{}{n:05}", self.user_prefix),
            format!("{}{n:05}", self.pass_prefix),
        )
    }

    /// The device of the user of `unit`: in a CHAP, PAP or MS-CHAPv2 run each user logs in
    /// from one device, so a later `mac` run finds every device bound.
    fn device(&self, unit: u64) -> String {
        let n = self.first_user + unit % self.users;
        let b = n.to_be_bytes();
        format!("02:00:{:02X}:{:02X}:{:02X}:{:02X}", b[4], b[5], b[6], b[7])
    }

    /// The request bytes, whether they go to the accounting port, and the expected reply.
    pub fn build(&self, unit: u64, step: u64, id: u8) -> (Vec<u8>, bool, Code) {
        let kind = match (self.kind, step) {
            (Kind::Mixed, 0) if unit % 2 == 0 => Kind::Pap,
            (Kind::Mixed, 0) => Kind::Chap,
            (Kind::Mixed, 1) => Kind::AcctStart,
            (Kind::Mixed, 2 | 3) => Kind::AcctInterim,
            (Kind::Mixed, _) => Kind::AcctStop,
            (k, _) => k,
        };
        let (user, pass) = self.user(unit);
        let auth: [u8; 16] = rand::random();
        let mut b = PacketBuilder::new(Code::AccessRequest, id);
        match kind {
            Kind::Status => {
                let b = PacketBuilder::new(Code::StatusServer, id);
                return (
                    b.finish_request(&auth, &self.secret, true)
                        .unwrap_or_default(),
                    false,
                    Code::AccessAccept,
                );
            }
            Kind::Pap => {
                let hidden =
                    hide_password(pass.as_bytes(), &self.secret, &auth).unwrap_or_default();
                let _ = b.add(attr::USER_NAME, user.as_bytes());
                let _ = b.add(attr::USER_PASSWORD, &hidden);
            }
            Kind::Chap => add_chap(&mut b, unit, &user, &pass),
            Kind::Mschapv2 => add_mschapv2(&mut b, unit, &user, &pass),
            Kind::Mac => {
                let mac = self.device(unit);
                let hidden = hide_password(mac.as_bytes(), &self.secret, &auth).unwrap_or_default();
                let _ = b.add(attr::USER_NAME, mac.as_bytes());
                let _ = b.add(attr::USER_PASSWORD, &hidden);
            }
            Kind::AcctStart | Kind::AcctInterim | Kind::AcctStop | Kind::Mixed => {
                return (
                    self.accounting(kind, unit, step, id, &user),
                    true,
                    Code::AccountingResponse,
                );
            }
        }
        let device = (self.kind != Kind::Mixed).then(|| self.device(unit));
        self.nas_attributes_of(&mut b, unit, device);
        let bytes = b.finish_request(&auth, &self.secret, true);
        (bytes.unwrap_or_default(), false, Code::AccessAccept)
    }

    /// Accounting Start, Interim-Update or Stop of session `unit`; `step` tells how far the
    /// session has got (its time and octets grow with it).
    fn accounting(&self, kind: Kind, unit: u64, step: u64, id: u8, user: &str) -> Vec<u8> {
        let status: u32 = match kind {
            Kind::AcctStart => 1,
            Kind::AcctStop => 2,
            _ => 3,
        };
        let progress = match step {
            0 | 1 => 0u64,
            s => s,
        };
        let mut a = PacketBuilder::new(Code::AccountingRequest, id);
        let _ = a.add_u32(attr::ACCT_STATUS_TYPE, status);
        let _ = a.add(attr::USER_NAME, user.as_bytes());
        let _ = a.add(
            attr::ACCT_SESSION_ID,
            format!("{}-{unit:08x}", self.tag).as_bytes(),
        );
        self.nas_attributes(&mut a, unit);
        if status != 1 {
            let secs = if progress == 0 { 300 } else { 300 * progress };
            let _ = a.add_u32(attr::ACCT_SESSION_TIME, secs as u32);
            let _ = a.add_u32(attr::ACCT_INPUT_OCTETS, (secs * 10_000) as u32);
            let _ = a.add_u32(attr::ACCT_OUTPUT_OCTETS, (secs * 90_000) as u32);
            let _ = a.add_u32(attr::ACCT_INPUT_PACKETS, (secs * 20) as u32);
            let _ = a.add_u32(attr::ACCT_OUTPUT_PACKETS, (secs * 70) as u32);
        }
        if status == 2 {
            let _ = a.add_u32(attr::ACCT_TERMINATE_CAUSE, 1);
        }
        a.finish_request(&[0u8; 16], &self.secret, false)
            .unwrap_or_default()
    }

    /// What a MikroTik hotspot puts in every request.
    fn nas_attributes(&self, b: &mut PacketBuilder, unit: u64) {
        self.nas_attributes_of(b, unit, None);
    }

    /// As `nas_attributes`, from `device` when given (else a device per unit).
    fn nas_attributes_of(&self, b: &mut PacketBuilder, unit: u64, device: Option<String>) {
        let host = (unit % 250 + 2) as u8;
        let _ = b.add(attr::NAS_IDENTIFIER, b"radkota-bench");
        let _ = b.add(attr::NAS_IP_ADDRESS, &[127, 0, 0, 1]);
        let _ = b.add_u32(attr::NAS_PORT_TYPE, 19);
        let calling =
            device.unwrap_or_else(|| format!("02:00:00:00:{:02X}:{host:02X}", (unit >> 8) as u8));
        let _ = b.add(attr::CALLING_STATION_ID, calling.as_bytes());
        let _ = b.add(attr::CALLED_STATION_ID, b"hotspot1");
        let _ = b.add(attr::FRAMED_IP_ADDRESS, &[10, 5, (unit >> 8) as u8, host]);
    }
}

/// User-Name, CHAP-Password and CHAP-Challenge, the identifier taken from `unit`.
fn add_chap(b: &mut PacketBuilder, unit: u64, user: &str, pass: &str) {
    let challenge: [u8; 16] = rand::random();
    let ident = (unit % 256) as u8;
    let mut h = Md5::new();
    h.update([ident]);
    h.update(pass.as_bytes());
    h.update(challenge);
    let mut chap = vec![ident];
    chap.extend_from_slice(&h.finalize());
    let _ = b.add(attr::USER_NAME, user.as_bytes());
    let _ = b.add(attr::CHAP_PASSWORD, &chap);
    let _ = b.add(attr::CHAP_CHALLENGE, &challenge);
}

/// User-Name, MS-CHAP-Challenge and MS-CHAP2-Response, the identifier taken from `unit`.
fn add_mschapv2(b: &mut PacketBuilder, unit: u64, user: &str, pass: &str) {
    let auth_challenge: [u8; 16] = rand::random();
    let peer_challenge: [u8; 16] = rand::random();
    let nt =
        mschapv2::generate_nt_response(&auth_challenge, &peer_challenge, user.as_bytes(), pass);
    let mut response = vec![(unit % 256) as u8, 0];
    response.extend_from_slice(&peer_challenge);
    response.extend_from_slice(&[0u8; 8]);
    response.extend_from_slice(&nt);
    let _ = b.add(attr::USER_NAME, user.as_bytes());
    let _ = b.add_vendor(
        attr::VENDOR_MICROSOFT,
        ms::MS_CHAP_CHALLENGE,
        &auth_challenge,
    );
    let _ = b.add_vendor(attr::VENDOR_MICROSOFT, ms::MS_CHAP2_RESPONSE, &response);
}
