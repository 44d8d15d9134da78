//! Plans and their enforcement: limits (rates, allowed hours, timeouts, quotas,
//! simultaneous use, validity), the pure access decision with the time injected, and the
//! rendering of a decision into the attributes the NAS's vendor understands.

pub mod clock;
pub mod decide;
pub mod hours;
pub mod limits;
pub mod rate;
pub mod render;
pub mod units;

pub use decide::{Account, Grant, Usage, Verdict, decide};
pub use limits::{Limits, Policy, QuotaAction};
pub use render::{ReplyAttribute, render, render_plan};

/// The vendor dialect a NAS speaks, which decides the bandwidth attributes it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vendor {
    Mikrotik,
    Wispr,
    Chillispot,
    Generic,
}

impl Vendor {
    /// Parses a stored or typed name.
    pub fn parse(s: &str) -> Option<Vendor> {
        match s {
            "mikrotik" => Some(Vendor::Mikrotik),
            "wispr" => Some(Vendor::Wispr),
            "chillispot" => Some(Vendor::Chillispot),
            "generic" => Some(Vendor::Generic),
            _ => None,
        }
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Vendor::Mikrotik => "mikrotik",
            Vendor::Wispr => "wispr",
            Vendor::Chillispot => "chillispot",
            Vendor::Generic => "generic",
        }
    }
}
