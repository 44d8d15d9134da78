//! EAP-TTLS phase 2 AVPs (RFC 5281 §10, Diameter's layout): code, flags (V vendor, M
//! mandatory), a 24-bit length, the vendor id when V is set, the data, padding to four
//! octets.

/// Vendor flag.
const FLAG_V: u8 = 0x80;
/// Mandatory flag.
const FLAG_M: u8 = 0x40;

/// One AVP; borrows its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Avp<'a> {
    /// The AVP code (a RADIUS attribute type when vendor is none).
    pub code: u32,
    /// `None` for RADIUS attributes (vendor 0).
    pub vendor: Option<u32>,
    /// The data, without padding.
    pub data: &'a [u8],
}

/// Why phase 2 data was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AvpError {
    #[error("TTLS AVP header truncated")]
    Short,
    #[error("TTLS AVP length out of bounds")]
    Length,
}

/// Parses every AVP of a phase 2 message.
pub fn parse(mut buf: &[u8]) -> Result<Vec<Avp<'_>>, AvpError> {
    let mut out = Vec::new();
    while !buf.is_empty() {
        let h = buf.get(..8).ok_or(AvpError::Short)?;
        let code = u32::from_be_bytes([h[0], h[1], h[2], h[3]]);
        let flags = h[4];
        let len = u32::from_be_bytes([0, h[5], h[6], h[7]]) as usize;
        let (vendor, header) = if flags & FLAG_V != 0 {
            let v = buf.get(8..12).ok_or(AvpError::Short)?;
            (Some(u32::from_be_bytes([v[0], v[1], v[2], v[3]])), 12)
        } else {
            (None, 8)
        };
        if len < header || len > buf.len() {
            return Err(AvpError::Length);
        }
        out.push(Avp {
            code,
            vendor: vendor.filter(|&v| v != 0),
            data: &buf[header..len],
        });
        let padded = len.div_ceil(4) * 4;
        buf = buf.get(padded..).unwrap_or(&[]);
    }
    Ok(out)
}

/// The first AVP with this code and vendor.
pub fn find<'a>(avps: &[Avp<'a>], code: u32, vendor: Option<u32>) -> Option<&'a [u8]> {
    avps.iter()
        .find(|a| a.code == code && a.vendor == vendor)
        .map(|a| a.data)
}

/// Encodes one mandatory AVP, padded.
pub fn encode(code: u32, vendor: Option<u32>, data: &[u8]) -> Vec<u8> {
    let header = if vendor.is_some() { 12 } else { 8 };
    let len = header + data.len();
    let mut out = Vec::with_capacity(len.div_ceil(4) * 4);
    out.extend_from_slice(&code.to_be_bytes());
    let flags = FLAG_M | if vendor.is_some() { FLAG_V } else { 0 };
    let len24 = u32::try_from(len).unwrap_or(0xff_ffff).min(0xff_ffff);
    out.push(flags);
    out.extend_from_slice(&len24.to_be_bytes()[1..]);
    if let Some(v) = vendor {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out.extend_from_slice(data);
    out.resize(len.div_ceil(4) * 4, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bounds() {
        let mut buf = encode(1, None, b"siti");
        buf.extend(encode(26, Some(311), b"S=00"));
        let avps = parse(&buf).unwrap();
        assert_eq!(find(&avps, 1, None), Some(&b"siti"[..]));
        assert_eq!(find(&avps, 26, Some(311)), Some(&b"S=00"[..]));
        assert_eq!(parse(&buf[..5]), Err(AvpError::Short));
        let mut bad = encode(1, None, b"x");
        bad[7] = 200;
        assert_eq!(parse(&bad), Err(AvpError::Length));
    }
}
