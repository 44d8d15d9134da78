//! Renders a plan into the reply attributes a NAS of a given vendor understands.

use super::Vendor;
use super::rate::parse_rate;
use crate::protocol::attr;
use crate::store::PlanRecord;

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

fn u32_value(v: u64) -> Vec<u8> {
    u32::try_from(v).unwrap_or(u32::MAX).to_be_bytes().to_vec()
}

/// The attributes of a plan for a NAS: timeouts for everyone, bandwidth in the vendor's form.
pub fn render_plan(plan: &PlanRecord, vendor: Vendor) -> Vec<ReplyAttribute> {
    let mut out = Vec::new();
    let up = plan.rate_up.as_deref().and_then(parse_rate);
    let down = plan.rate_down.as_deref().and_then(parse_rate);
    match vendor {
        Vendor::Mikrotik => {
            // RouterOS reads "rx/tx" from the router's side: rx is what the client uploads.
            if let (Some(u), Some(d)) = (&plan.rate_up, &plan.rate_down) {
                out.push(ReplyAttribute::Vendor {
                    vendor: attr::VENDOR_MIKROTIK,
                    typ: attr::mikrotik::RATE_LIMIT,
                    value: format!("{u}/{d}").into_bytes(),
                });
            }
        }
        Vendor::Wispr => {
            if let Some(u) = up {
                out.push(vsa(
                    attr::VENDOR_WISPR,
                    attr::wispr::BANDWIDTH_MAX_UP,
                    u32_value(u),
                ));
            }
            if let Some(d) = down {
                out.push(vsa(
                    attr::VENDOR_WISPR,
                    attr::wispr::BANDWIDTH_MAX_DOWN,
                    u32_value(d),
                ));
            }
        }
        Vendor::Chillispot => {
            // ChilliSpot counts in kbit/s.
            if let Some(u) = up {
                out.push(vsa(
                    attr::VENDOR_CHILLISPOT,
                    attr::chillispot::BANDWIDTH_MAX_UP,
                    u32_value(u / 1000),
                ));
            }
            if let Some(d) = down {
                out.push(vsa(
                    attr::VENDOR_CHILLISPOT,
                    attr::chillispot::BANDWIDTH_MAX_DOWN,
                    u32_value(d / 1000),
                ));
            }
        }
        Vendor::Generic => {}
    }
    if let Some(t) = plan.session_timeout.filter(|t| *t > 0) {
        out.push(ReplyAttribute::Standard {
            typ: attr::SESSION_TIMEOUT,
            value: u32_value(t as u64),
        });
    }
    if let Some(t) = plan.idle_timeout.filter(|t| *t > 0) {
        out.push(ReplyAttribute::Standard {
            typ: attr::IDLE_TIMEOUT,
            value: u32_value(t as u64),
        });
    }
    out
}

fn vsa(vendor: u32, typ: u8, value: Vec<u8>) -> ReplyAttribute {
    ReplyAttribute::Vendor { vendor, typ, value }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn student() -> PlanRecord {
        PlanRecord {
            name: "student".into(),
            description: String::new(),
            rate_up: Some("2M".into()),
            rate_down: Some("4M".into()),
            session_timeout: Some(3600),
            idle_timeout: Some(600),
        }
    }

    #[test]
    fn mikrotik_gets_rx_tx_rate_limit_and_timeouts() {
        let attrs = render_plan(&student(), Vendor::Mikrotik);
        assert_eq!(
            attrs,
            vec![
                ReplyAttribute::Vendor {
                    vendor: 14988,
                    typ: 8,
                    value: b"2M/4M".to_vec()
                },
                ReplyAttribute::Standard {
                    typ: 27,
                    value: 3600u32.to_be_bytes().to_vec()
                },
                ReplyAttribute::Standard {
                    typ: 28,
                    value: 600u32.to_be_bytes().to_vec()
                },
            ]
        );
    }

    #[test]
    fn wispr_in_bits_chillispot_in_kbits_generic_none() {
        let w = render_plan(&student(), Vendor::Wispr);
        assert_eq!(
            w[0],
            ReplyAttribute::Vendor {
                vendor: 14122,
                typ: 7,
                value: 2_000_000u32.to_be_bytes().to_vec()
            }
        );
        assert_eq!(
            w[1],
            ReplyAttribute::Vendor {
                vendor: 14122,
                typ: 8,
                value: 4_000_000u32.to_be_bytes().to_vec()
            }
        );
        let c = render_plan(&student(), Vendor::Chillispot);
        assert_eq!(
            c[0],
            ReplyAttribute::Vendor {
                vendor: 14559,
                typ: 4,
                value: 2000u32.to_be_bytes().to_vec()
            }
        );
        let g = render_plan(&student(), Vendor::Generic);
        assert!(
            g.iter()
                .all(|a| matches!(a, ReplyAttribute::Standard { .. }))
        );
        assert_eq!(g.len(), 2);
    }
}
