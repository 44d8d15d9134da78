//! The vendor dialects a NAS can speak, which decide the bandwidth attributes it gets.

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
