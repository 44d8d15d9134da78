//! Attribute values between the text an operator types and the octets on the wire, checked
//! against the attribute's dictionary type.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::{AttrDef, AttrType};

/// Most value octets in a standard attribute; a vendor sub-attribute has 6 fewer.
const MAX_VALUE: usize = 253;
const MAX_VENDOR_VALUE: usize = 247;

/// The wire octets of `text` for attribute `def`, or why it does not fit the type.
pub(super) fn encode(def: &AttrDef, text: &str) -> Result<Vec<u8>, String> {
    let t = text.trim();
    let typed = |what: &str| {
        format!(
            "'{}' is not {what} (attribute {} is of type {})",
            t.escape_debug(),
            def.name,
            def.typ.as_str()
        )
    };
    let int = |max: u64| -> Result<u64, String> {
        if let Some(n) = def.value_number(t) {
            return Ok(n);
        }
        t.parse::<u64>()
            .ok()
            .filter(|n| *n <= max)
            .ok_or_else(|| typed(&format!("a number from 0 to {max} or a named value")))
    };
    let out = match def.typ {
        AttrType::String => text.as_bytes().to_vec(),
        AttrType::Octets => match t.strip_prefix("0x") {
            Some(hex) => hex::decode(hex).map_err(|_| typed("hexadecimal after 0x"))?,
            None => text.as_bytes().to_vec(),
        },
        AttrType::Integer | AttrType::Date => {
            (int(u64::from(u32::MAX))? as u32).to_be_bytes().to_vec()
        }
        AttrType::Byte => vec![int(u64::from(u8::MAX))? as u8],
        AttrType::Short => (int(u64::from(u16::MAX))? as u16).to_be_bytes().to_vec(),
        AttrType::Integer64 => int(u64::MAX)?.to_be_bytes().to_vec(),
        AttrType::Signed => t
            .parse::<i32>()
            .map_err(|_| typed("a signed 32-bit number"))?
            .to_be_bytes()
            .to_vec(),
        AttrType::Ipaddr => t
            .parse::<Ipv4Addr>()
            .map_err(|_| typed("an IPv4 address"))?
            .octets()
            .to_vec(),
        AttrType::Ipv6addr => t
            .parse::<Ipv6Addr>()
            .map_err(|_| typed("an IPv6 address"))?
            .octets()
            .to_vec(),
        AttrType::Ipv6prefix => ipv6_prefix(t).ok_or_else(|| typed("an IPv6 prefix"))?,
        AttrType::Ifid => ifid(t).map_err(typed)?,
        AttrType::Ether => ether(t).ok_or_else(|| typed("a MAC address like aa:bb:cc:dd:ee:ff"))?,
        AttrType::Abinary | AttrType::ComboIp => {
            return Err(format!(
                "attribute {} is of type {}, which cannot be set from text here",
                def.name,
                def.typ.as_str()
            ));
        }
    };
    fits(def, out)
}

/// `addr/len` as RFC 3162 §2.3 puts it: reserved octet, prefix length, then only the octets
/// the prefix covers.
fn ipv6_prefix(t: &str) -> Option<Vec<u8>> {
    let (addr, len) = t.split_once('/')?;
    let addr = addr.parse::<Ipv6Addr>().ok()?;
    let len: u8 = len.parse().ok().filter(|l| *l <= 128)?;
    let mut v = vec![0, len];
    v.extend_from_slice(&addr.octets()[..usize::from(len).div_ceil(8)]);
    Some(v)
}

/// An interface id like `0:0:0:1`; the error says what was expected.
fn ifid(t: &str) -> Result<Vec<u8>, &'static str> {
    let hex: String = t.chars().filter(|c| *c != ':').collect();
    let v = hex::decode(&hex).map_err(|_| "an interface id like 0:0:0:1")?;
    if v.len() != 8 {
        return Err("an 8-octet interface id");
    }
    Ok(v)
}

/// A MAC address, with `:` or `-` between the octets.
fn ether(t: &str) -> Option<Vec<u8>> {
    let v: Vec<u8> = t
        .split([':', '-'])
        .map(|p| u8::from_str_radix(p, 16).ok())
        .collect::<Option<_>>()?;
    (v.len() == 6).then_some(v)
}

/// The value if it fits in one attribute (a vendor sub-attribute has less room).
fn fits(def: &AttrDef, out: Vec<u8>) -> Result<Vec<u8>, String> {
    let max = if def.vendor == 0 {
        MAX_VALUE
    } else {
        MAX_VENDOR_VALUE
    };
    if out.len() > max {
        return Err(format!(
            "value for {} is {} octets; at most {max} fit",
            def.name,
            out.len()
        ));
    }
    Ok(out)
}

pub(super) fn format(def: &AttrDef, v: &[u8]) -> String {
    let be = |bytes: &[u8]| bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    let named = |n: u64| match def.value_name(n) {
        Some(name) => name.to_string(),
        None => n.to_string(),
    };
    match (def.typ, v.len()) {
        (AttrType::String, _) => match std::str::from_utf8(v) {
            Ok(s) if !s.chars().any(char::is_control) => format!("\"{s}\""),
            _ => format!("0x{}", hex::encode(v)),
        },
        (AttrType::Integer | AttrType::Date, 4)
        | (AttrType::Byte, 1)
        | (AttrType::Short, 2)
        | (AttrType::Integer64, 8) => named(be(v)),
        (AttrType::Signed, 4) => (be(v) as u32 as i32).to_string(),
        (AttrType::Ipaddr, 4) => Ipv4Addr::new(v[0], v[1], v[2], v[3]).to_string(),
        (AttrType::Ipv6addr, 16) => {
            let mut a = [0u8; 16];
            a.copy_from_slice(v);
            Ipv6Addr::from(a).to_string()
        }
        _ => format!("0x{}", hex::encode(v)),
    }
}
