//! Low-level helpers shared by the codec: a bounds-checked attribute walker and the MD5 /
//! HMAC-MD5 primitives, so that no other file has to index into untrusted bytes.

use hmac::{Hmac, Mac};
use md5::{Digest, Md5};

/// Walks `type, length, value` triples in a buffer and stops at the first one that is
/// malformed (length < 2 or running past the end), so callers never index past the buffer.
#[derive(Debug, Clone)]
pub(crate) struct RawAttrs<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> RawAttrs<'a> {
    /// A walker over `buf`, starting at its first octet.
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        RawAttrs { buf, pos: 0 }
    }

    /// The offset and length of the first malformed attribute, if any.
    pub(crate) fn first_error(buf: &[u8]) -> Option<(usize, usize)> {
        let mut pos = 0;
        while pos < buf.len() {
            // A lone type octet at the end has no length octet: report its length as 0.
            let len = buf.get(pos + 1).copied().map_or(0, usize::from);
            if len < 2 || pos + len > buf.len() {
                return Some((pos, len));
            }
            pos += len;
        }
        None
    }
}

impl<'a> Iterator for RawAttrs<'a> {
    /// `(offset of the type octet, type, value)`.
    type Item = (usize, u8, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.pos;
        let typ = *self.buf.get(start)?;
        let len = usize::from(*self.buf.get(start + 1)?);
        let value = if len >= 2 {
            self.buf.get(start + 2..start + len)
        } else {
            None
        };
        match value {
            Some(value) => {
                self.pos = start + len;
                Some((start, typ, value))
            }
            None => {
                // Malformed framing: nothing after it can be trusted, so stop for good.
                self.pos = self.buf.len();
                None
            }
        }
    }
}

/// MD5 over the concatenation of `parts`.
pub(crate) fn md5(parts: &[&[u8]]) -> [u8; 16] {
    let mut h = Md5::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// HMAC-MD5 of `data` keyed with `key`.
pub(crate) fn hmac_md5(key: &[u8], data: &[u8]) -> [u8; 16] {
    // HMAC accepts keys of any length, so this constructor cannot fail.
    let mut mac = match <Hmac<Md5> as Mac>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return [0; 16],
    };
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// The Accounting-Request, Disconnect-Request and CoA-Request codes: requests whose
/// authenticator is computed rather than random (RFC 2866 §3, RFC 5176 §3.5).
pub(crate) fn has_computed_request_authenticator(code: u8) -> bool {
    matches!(code, 4 | 40 | 43)
}
