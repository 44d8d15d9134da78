//! Renders a grant into the reply attributes a NAS of a given vendor understands: rate and
//! data limit in the vendor's dialect, then Session-Timeout, Idle-Timeout,
//! Acct-Interim-Interval and the plan's extra attributes.

use super::Vendor;
use super::decide::Grant;
use super::extra::encode_extra;
use super::limits::Policy;
use crate::dictionary::Dictionary;
use crate::protocol::attr;

/// One reply attribute, standard or vendor-specific.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyAttribute {
    Standard {
        typ: u8,
        value: Vec<u8>,
    },
    Vendor {
        vendor: u32,
        typ: u8,
        value: Vec<u8>,
    },
}

impl ReplyAttribute {
    /// (vendor or 0, type, value).
    pub fn parts(&self) -> (u32, u8, &[u8]) {
        match self {
            ReplyAttribute::Standard { typ, value } => (0, *typ, value),
            ReplyAttribute::Vendor { vendor, typ, value } => (*vendor, *typ, value),
        }
    }

    /// "Name = value" with names and value names from the dictionary.
    pub fn describe(&self, dict: &Dictionary) -> String {
        let (vendor, typ, value) = self.parts();
        match dict.attr_by_number(vendor, typ) {
            Some(def) => format!("{} = {}", def.name, def.format(value)),
            None => format!("{} = 0x{}", dict.name_of(vendor, typ), hex::encode(value)),
        }
    }
}

fn u32_value(v: u64) -> Vec<u8> {
    u32::try_from(v).unwrap_or(u32::MAX).to_be_bytes().to_vec()
}

fn vsa(vendor: u32, typ: u8, v: u64) -> ReplyAttribute {
    ReplyAttribute::Vendor {
        vendor,
        typ,
        value: u32_value(v),
    }
}

fn std_u32(typ: u8, v: u64) -> ReplyAttribute {
    ReplyAttribute::Standard {
        typ,
        value: u32_value(v),
    }
}

/// Splits an octet count into (low 32 bits, gigawords): RADIUS integers are 32 bits, so
/// limits of 4 GiB and more carry the high part in a separate *-Gigawords attribute.
fn split_gigawords(octets: u64) -> (u64, u64) {
    (octets & 0xffff_ffff, octets >> 32)
}

/// The attributes of a grant for a NAS. Extra attributes that do not encode with `dict`
/// (the dictionary changed after the plan was saved) are left out and returned as errors.
pub fn render(
    grant: &Grant,
    vendor: Vendor,
    dict: &Dictionary,
) -> (Vec<ReplyAttribute>, Vec<String>) {
    let mut out = Vec::new();
    match vendor {
        Vendor::Mikrotik => {
            if let Some(r) = &grant.rate {
                // RouterOS reads "rx/tx" from the router's side: rx is what the client uploads.
                out.push(ReplyAttribute::Vendor {
                    vendor: attr::VENDOR_MIKROTIK,
                    typ: attr::mikrotik::RATE_LIMIT,
                    value: r.mikrotik().into_bytes(),
                });
            }
            if let Some(octets) = grant.data_limit {
                let (low, giga) = split_gigawords(octets);
                out.push(vsa(attr::VENDOR_MIKROTIK, attr::mikrotik::TOTAL_LIMIT, low));
                if giga > 0 {
                    out.push(vsa(
                        attr::VENDOR_MIKROTIK,
                        attr::mikrotik::TOTAL_LIMIT_GIGAWORDS,
                        giga,
                    ));
                }
            }
        }
        Vendor::Wispr => {
            // WISPr has no data-limit attribute; quotas are enforced from Interim-Updates.
            if let Some(r) = &grant.rate {
                if r.up > 0 {
                    out.push(vsa(attr::VENDOR_WISPR, attr::wispr::BANDWIDTH_MAX_UP, r.up));
                }
                if r.down > 0 {
                    out.push(vsa(
                        attr::VENDOR_WISPR,
                        attr::wispr::BANDWIDTH_MAX_DOWN,
                        r.down,
                    ));
                }
            }
        }
        Vendor::Chillispot => {
            if let Some(r) = &grant.rate {
                // ChilliSpot counts in kbit/s.
                if r.up > 0 {
                    out.push(vsa(
                        attr::VENDOR_CHILLISPOT,
                        attr::chillispot::BANDWIDTH_MAX_UP,
                        r.up / 1000,
                    ));
                }
                if r.down > 0 {
                    out.push(vsa(
                        attr::VENDOR_CHILLISPOT,
                        attr::chillispot::BANDWIDTH_MAX_DOWN,
                        r.down / 1000,
                    ));
                }
            }
            if let Some(octets) = grant.data_limit {
                let (low, giga) = split_gigawords(octets);
                out.push(vsa(
                    attr::VENDOR_CHILLISPOT,
                    attr::chillispot::MAX_TOTAL_OCTETS,
                    low,
                ));
                if giga > 0 {
                    out.push(vsa(
                        attr::VENDOR_CHILLISPOT,
                        attr::chillispot::MAX_TOTAL_GIGAWORDS,
                        giga,
                    ));
                }
            }
        }
        Vendor::Generic => {}
    }
    if let Some(t) = grant.session_timeout {
        out.push(std_u32(attr::SESSION_TIMEOUT, t));
    }
    if let Some(t) = grant.idle_timeout {
        out.push(std_u32(attr::IDLE_TIMEOUT, t));
    }
    if let Some(t) = grant.interim_interval {
        out.push(std_u32(attr::ACCT_INTERIM_INTERVAL, t));
    }
    let mut errors = Vec::new();
    for (name, value) in &grant.extra {
        match encode_extra(dict, name, value) {
            Ok((0, typ, value)) => out.push(ReplyAttribute::Standard { typ, value }),
            Ok((vendor, typ, value)) => out.push(ReplyAttribute::Vendor { vendor, typ, value }),
            Err(e) => errors.push(e),
        }
    }
    (out, errors)
}

/// The attributes of a plan on its own (no usage, any time): what `plan show` prints.
pub fn render_plan(policy: &Policy, vendor: Vendor, dict: &Dictionary) -> Vec<ReplyAttribute> {
    let grant = Grant {
        session_timeout: policy.session_timeout,
        idle_timeout: policy.idle_timeout,
        interim_interval: policy.interim_interval,
        data_limit: None,
        rate: policy.rate.clone(),
        extra: policy.extra.clone(),
        why: Vec::new(),
        starts_validity: false,
    };
    render(&grant, vendor, dict).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::limits::{Limits, Rate};

    fn grant() -> Grant {
        Grant {
            session_timeout: Some(3600),
            idle_timeout: Some(600),
            interim_interval: None,
            data_limit: None,
            rate: Some(Rate {
                up: 2_000_000,
                down: 4_000_000,
                burst: None,
                priority: None,
            }),
            extra: Vec::new(),
            why: Vec::new(),
            starts_validity: false,
        }
    }

    fn bytes(attrs: &[ReplyAttribute]) -> String {
        let mut b = crate::protocol::PacketBuilder::new(crate::protocol::Code::AccessAccept, 0);
        for a in attrs {
            match a {
                ReplyAttribute::Standard { typ, value } => b.add(*typ, value).map(|_| ()),
                ReplyAttribute::Vendor { vendor, typ, value } => {
                    b.add_vendor(*vendor, *typ, value).map(|_| ())
                }
            }
            .unwrap();
        }
        hex::encode(b.attribute_bytes())
    }

    #[test]
    fn mikrotik_rate_limit_and_timeouts() {
        let d = Dictionary::embedded();
        let (attrs, errors) = render(&grant(), Vendor::Mikrotik, &d);
        assert!(errors.is_empty());
        // VSA 26, len 13, vendor 14988, type 8, len 7, "2M/4M"; 27 = 3600; 28 = 600.
        assert_eq!(
            bytes(&attrs),
            "1a0d00003a8c0807324d2f344d\
             1b0600000e10\
             1c0600000258"
        );
    }

    #[test]
    fn mikrotik_six_gib_uses_gigawords() {
        let d = Dictionary::embedded();
        let mut g = grant();
        g.data_limit = Some(6 << 30);
        g.rate = None;
        g.session_timeout = None;
        g.idle_timeout = None;
        let (attrs, _) = render(&g, Vendor::Mikrotik, &d);
        // Total-Limit (17) = 2147483648 = 0x80000000, Total-Limit-Gigawords (18) = 1.
        assert_eq!(
            bytes(&attrs),
            "1a0c00003a8c110680000000\
             1a0c00003a8c120600000001"
        );
        let names: Vec<String> = attrs.iter().map(|a| a.describe(&d)).collect();
        assert_eq!(
            names,
            [
                "Mikrotik-Total-Limit = 2147483648",
                "Mikrotik-Total-Limit-Gigawords = 1"
            ]
        );
        // Under 4 GiB: no gigawords attribute.
        g.data_limit = Some(500_000_000);
        let (attrs, _) = render(&g, Vendor::Mikrotik, &d);
        assert_eq!(bytes(&attrs), "1a0c00003a8c11061dcd6500");
    }

    #[test]
    fn wispr_in_bits_per_second() {
        let d = Dictionary::embedded();
        let mut g = grant();
        g.data_limit = Some(6 << 30);
        g.session_timeout = None;
        g.idle_timeout = None;
        let (attrs, _) = render(&g, Vendor::Wispr, &d);
        // Max-Up (7) 2000000 = 0x001e8480, Max-Down (8) 4000000 = 0x003d0900; no data limit.
        assert_eq!(
            bytes(&attrs),
            "1a0c0000372a0706001e8480\
             1a0c0000372a0806003d0900"
        );
    }

    #[test]
    fn chillispot_in_kbit_and_octets_with_gigawords() {
        let d = Dictionary::embedded();
        let mut g = grant();
        g.data_limit = Some(6 << 30);
        g.session_timeout = None;
        g.idle_timeout = None;
        let (attrs, _) = render(&g, Vendor::Chillispot, &d);
        // Max-Up (4) 2000 kbit/s, Max-Down (5) 4000, Max-Total-Octets (3) 2^31,
        // Max-Total-Gigawords (23) 1.
        assert_eq!(
            bytes(&attrs),
            "1a0c000038df0406000007d0\
             1a0c000038df050600000fa0\
             1a0c000038df030680000000\
             1a0c000038df170600000001"
        );
    }

    #[test]
    fn generic_standard_attributes_only() {
        let d = Dictionary::embedded();
        let mut g = grant();
        g.data_limit = Some(1 << 40);
        g.interim_interval = Some(300);
        let (attrs, _) = render(&g, Vendor::Generic, &d);
        // Session-Timeout 3600, Idle-Timeout 600, Acct-Interim-Interval (85) 300.
        assert_eq!(
            bytes(&attrs),
            "1b0600000e10\
             1c0600000258\
             55060000012c"
        );
    }

    #[test]
    fn extra_attributes_by_name_and_bad_ones_reported() {
        let d = Dictionary::embedded();
        let mut g = grant();
        g.rate = None;
        g.session_timeout = None;
        g.idle_timeout = None;
        g.extra = vec![
            ("Mikrotik-Address-List".into(), "pelajar".into()),
            ("Service-Type".into(), "Login-User".into()),
            ("Gone-Attribute".into(), "x".into()),
        ];
        let (attrs, errors) = render(&g, Vendor::Generic, &d);
        assert_eq!(
            bytes(&attrs),
            "1a0f00003a8c130970656c616a6172\
             060600000001"
        );
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("Gone-Attribute"));
    }

    #[test]
    fn render_plan_from_limits() {
        let d = Dictionary::embedded();
        let p = Policy::from_limits(&Limits {
            rate_up: Some("2M".into()),
            rate_down: Some("4M".into()),
            session_timeout: Some(3600),
            ..Limits::default()
        })
        .unwrap();
        let names: Vec<String> = render_plan(&p, Vendor::Mikrotik, &d)
            .iter()
            .map(|a| a.describe(&d))
            .collect();
        assert_eq!(
            names,
            ["Mikrotik-Rate-Limit = \"2M/4M\"", "Session-Timeout = 3600"]
        );
    }
}
