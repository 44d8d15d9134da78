//! One EAP conversation, from the peer's Identity response to EAP-Success or Failure: which
//! method runs (the configured default, or what the peer's Nak asks for), the request ids,
//! and the credential checks it hands to the ordinary access decision. Pure: no I/O, no
//! clock; the RADIUS side lives in `server::handle::eap`.

use rand::RngCore;

use super::check::{Check, Credential, Granted, Keys};
use super::packet::{self, Eap, code, typ};
use super::phase2::{self, Next, Phase};
use super::sessions::Sessions;
use super::tunnel::{Progress, Tunnel};
use super::{Method, Server, mschapv2};

/// What to do with the RADIUS request.
#[derive(Debug)]
pub enum Action {
    /// Send this EAP request in an Access-Challenge.
    Challenge(Vec<u8>),
    /// Run the decision on this check, then call `checked`.
    Check(Check),
    /// Send EAP-Success in an Access-Accept with these keys.
    Accept { eap: Vec<u8>, keys: Option<Keys> },
    /// Send EAP-Failure in an Access-Reject; the reason is for the log.
    Reject { eap: Vec<u8>, reason: &'static str },
    /// A response to a request we did not send last (stale, or out of order): no answer.
    Ignore,
}

/// Where the conversation is.
#[derive(Debug)]
enum Stage {
    /// The method's first request went out; a Nak may still change the method.
    Proposed,
    /// Plain EAP-MSCHAPv2.
    MsChap { challenge: [u8; 16], ms_id: u8 },
    /// Plain EAP-MSCHAPv2 after our Success request.
    MsChapDone,
    /// Plain EAP-MSCHAPv2 after our Failure request (E=691), which the peer shows.
    MsChapFailed,
    /// PEAP or TTLS.
    Tls(Box<Tls>),
}

#[derive(Debug)]
struct Tls {
    tunnel: Tunnel,
    phase: Phase,
}

/// One conversation.
#[derive(Debug)]
pub struct Conversation {
    method: Method,
    /// The outer identity, for the log only: often "anonymous@...".
    pub outer: String,
    /// The inner identity once known.
    pub user: Option<String>,
    /// What the decision granted, once it did.
    pub granted: Option<Granted>,
    /// Why the decision refused, once it did (for the log of the final round).
    pub refusal: Option<&'static str>,
    id: u8,
    stage: Stage,
    /// The check handed out and not yet answered, so a retransmission after an
    /// unanswered decision (store down) asks again instead of feeding TLS twice.
    pending: Option<Check>,
}

impl Conversation {
    /// Starts a conversation from the peer's Identity response.
    pub fn start(server: &Server, identity: &Eap<'_>) -> (Conversation, Action) {
        let mut conv = Conversation {
            method: server.settings.default_method,
            outer: String::from_utf8_lossy(identity.data).into_owned(),
            user: None,
            granted: None,
            refusal: None,
            id: identity.id,
            stage: Stage::Proposed,
            pending: None,
        };
        let action = conv.propose(server, server.settings.default_method);
        (conv, action)
    }

    /// The method in use.
    pub fn method(&self) -> Method {
        self.method
    }

    /// True while a TLS tunnel carries the conversation (PEAP, TTLS).
    pub fn in_tls(&self) -> bool {
        matches!(self.stage, Stage::Tls(_))
    }

    /// The TLS session of a PEAP or TTLS conversation.
    pub fn session_id(&self) -> Option<&[u8]> {
        match &self.stage {
            Stage::Tls(t) => t.tunnel.session_id.as_deref(),
            _ => None,
        }
    }

    /// Short method name for the auth log, with the inner method once known.
    pub fn method_name(&self) -> &'static str {
        match &self.stage {
            Stage::Tls(t) => phase2::name(self.method, &t.phase),
            _ => self.method.name(),
        }
    }

    fn request(&mut self, typ: u8, data: &[u8]) -> Action {
        self.id = self.id.wrapping_add(1);
        match packet::encode(code::REQUEST, self.id, typ, data) {
            Some(eap) => Action::Challenge(eap),
            None => self.reject("EAP request too long"),
        }
    }

    fn reject(&mut self, reason: &'static str) -> Action {
        Action::Reject {
            eap: packet::outcome(false, self.id.wrapping_add(1)),
            reason,
        }
    }

    fn accept(&mut self, keys: Option<Keys>) -> Action {
        Action::Accept {
            eap: packet::outcome(true, self.id.wrapping_add(1)),
            keys,
        }
    }

    /// Sends the first request of `method`.
    fn propose(&mut self, server: &Server, method: Method) -> Action {
        self.method = method;
        match method {
            Method::MsChapV2 => {
                let mut challenge = [0u8; 16];
                rand::thread_rng().fill_bytes(&mut challenge);
                let ms_id = self.id.wrapping_add(1);
                self.stage = Stage::MsChap { challenge, ms_id };
                self.request(typ::MSCHAPV2, &mschapv2::challenge(ms_id, &challenge))
            }
            Method::Peap | Method::Ttls => {
                let Some(config) = server.tls.clone() else {
                    return self.reject("no EAP certificate configured");
                };
                match Tunnel::new(config, server.settings.fragment_size) {
                    Ok(tunnel) => {
                        self.stage = Stage::Tls(Box::new(Tls {
                            tunnel,
                            phase: Phase::Handshake,
                        }));
                        self.request(method.typ(), &[super::framing::FLAG_S])
                    }
                    Err(_) => self.reject("TLS could not start"),
                }
            }
        }
    }

    /// Takes the peer's next response.
    pub fn step(&mut self, server: &Server, eap: &Eap<'_>) -> Action {
        if eap.code != code::RESPONSE {
            return self.reject("EAP packet from the peer is not a response");
        }
        if eap.id != self.id {
            return Action::Ignore;
        }
        if let Some(check) = &self.pending {
            return Action::Check(check.clone());
        }
        let Some(t) = eap.typ else {
            return self.reject("EAP response without a type");
        };
        if t == typ::NAK && self.may_change_method() {
            let wanted = eap
                .data
                .iter()
                .find_map(|&t| Method::from_typ(t).filter(|m| server.settings.methods.contains(m)));
            return match wanted {
                Some(m) => self.propose(server, m),
                None => self.reject("the peer wants no method this server offers"),
            };
        }
        if t != self.method.typ() {
            return self.reject("EAP response of another method");
        }
        match &mut self.stage {
            Stage::Proposed => self.reject("no method proposed"),
            Stage::MsChap { challenge, ms_id } => {
                let (challenge, ms_id) = (*challenge, *ms_id);
                self.mschap_response(eap.data, challenge, ms_id)
            }
            Stage::MsChapDone => match mschapv2::parse(eap.data) {
                Ok(mschapv2::Reply::SuccessAck) => self.accept(None),
                _ => self.reject("EAP-MSCHAPv2 success not acknowledged"),
            },
            Stage::MsChapFailed => self.reject("refused"),
            Stage::Tls(_) => self.tls_step(&server.sessions, eap.data),
        }
    }

    /// A Nak is answered while the peer has only seen our method's first request.
    fn may_change_method(&self) -> bool {
        match &self.stage {
            Stage::Proposed | Stage::MsChap { .. } => true,
            Stage::Tls(t) => matches!(t.phase, Phase::Handshake) && !t.tunnel.started(),
            Stage::MsChapDone | Stage::MsChapFailed => false,
        }
    }

    fn mschap_response(&mut self, data: &[u8], challenge: [u8; 16], ms_id: u8) -> Action {
        match mschapv2::parse(data) {
            Ok(mschapv2::Reply::Response { response, .. }) if response[0] == ms_id => {
                let user = self.outer.clone();
                self.ask(Check {
                    user,
                    credential: Credential::MsChapV2 {
                        challenge,
                        response,
                    },
                })
            }
            _ => self.reject("malformed EAP-MSCHAPv2 response"),
        }
    }

    fn ask(&mut self, check: Check) -> Action {
        self.user = Some(check.user.clone());
        self.pending = Some(check.clone());
        Action::Check(check)
    }

    fn tls_step(&mut self, sessions: &Sessions, data: &[u8]) -> Action {
        let Stage::Tls(tls) = &mut self.stage else {
            return self.reject("not a TLS method");
        };
        let version = 0;
        let plaintext = match tls.tunnel.receive(data) {
            Ok(Progress::Send) => {
                let payload = tls.tunnel.next_payload(version);
                return self.request(self.method.typ(), &payload);
            }
            Ok(Progress::Inner(p)) => p,
            Err(e) => {
                tracing::debug!(error = %e, outer = %self.outer, "EAP TLS tunnel failed");
                return self.reject("TLS handshake failed");
            }
        };
        let next = phase2::step(
            self.method,
            &mut tls.phase,
            &tls.tunnel,
            sessions,
            &plaintext,
        );
        self.follow(next)
    }

    /// Carries out what phase 2 decided.
    fn follow(&mut self, next: Next) -> Action {
        match next {
            Next::Send(plain) => {
                let Stage::Tls(tls) = &mut self.stage else {
                    return self.reject("not a TLS method");
                };
                if tls.tunnel.send(&plain).is_err() {
                    return self.reject("TLS could not encrypt phase 2");
                }
                let payload = tls.tunnel.next_payload(0);
                self.request(self.method.typ(), &payload)
            }
            Next::Check(check) => self.ask(check),
            Next::Accept => match self.tls_keys() {
                Some(keys) => self.accept(Some(keys)),
                None => self.reject("TLS keys could not be derived"),
            },
            Next::Reject(reason) => self.reject(reason),
        }
    }

    fn tls_keys(&self) -> Option<Keys> {
        let Stage::Tls(tls) = &self.stage else {
            return None;
        };
        let label: &[u8] = match self.method {
            Method::Ttls => b"ttls keying material",
            _ => b"client EAP encryption",
        };
        let msk: [u8; 64] = tls.tunnel.prf(label).ok()?;
        Some(Keys {
            recv: msk[..32].to_vec(),
            send: msk[32..].to_vec(),
        })
    }

    /// Goes on after the decision answered the check `step` handed out.
    pub fn checked(&mut self, granted: Option<Granted>) -> Action {
        self.pending = None;
        let accepted = granted.is_some();
        let response = granted
            .as_ref()
            .and_then(|g| g.authenticator_response.clone());
        self.granted = granted;
        match &mut self.stage {
            Stage::MsChap { ms_id, challenge } => {
                let (ms_id, challenge) = (*ms_id, *challenge);
                match (accepted, response) {
                    (true, Some(s)) => {
                        self.stage = Stage::MsChapDone;
                        self.request(typ::MSCHAPV2, &mschapv2::success(ms_id, &s))
                    }
                    (true, None) => self.reject("accepted without an authenticator response"),
                    (false, _) => {
                        self.stage = Stage::MsChapFailed;
                        self.request(typ::MSCHAPV2, &mschapv2::failure(ms_id, &challenge))
                    }
                }
            }
            Stage::Tls(tls) => {
                let next = phase2::checked(self.method, &mut tls.phase, accepted, response);
                self.follow(next)
            }
            _ => self.reject("no check was asked"),
        }
    }
}
