//! FreeRADIUS-format dictionaries: the name <-> number tables that let configuration, logs
//! and previews speak attribute names (`Mikrotik-Rate-Limit`) instead of numbers (14988/8).
//!
//! The shipped files (`dictionaries/`) are also compiled into the binary, so a server run
//! outside the source tree still knows every standard and vendor attribute it sends.

mod parse;
mod value;

use std::collections::HashMap;
use std::path::Path;

pub use parse::DictError;

/// The shipped dictionary files, embedded at build time (file name, contents).
pub const EMBEDDED: &[(&str, &str)] = &[
    ("dictionary", include_str!("../../dictionaries/dictionary")),
    (
        "dictionary.rfc2865",
        include_str!("../../dictionaries/dictionary.rfc2865"),
    ),
    (
        "dictionary.rfc2866",
        include_str!("../../dictionaries/dictionary.rfc2866"),
    ),
    (
        "dictionary.rfc2869",
        include_str!("../../dictionaries/dictionary.rfc2869"),
    ),
    (
        "dictionary.rfc3162",
        include_str!("../../dictionaries/dictionary.rfc3162"),
    ),
    (
        "dictionary.rfc5176",
        include_str!("../../dictionaries/dictionary.rfc5176"),
    ),
    (
        "dictionary.microsoft",
        include_str!("../../dictionaries/dictionary.microsoft"),
    ),
    (
        "dictionary.mikrotik",
        include_str!("../../dictionaries/dictionary.mikrotik"),
    ),
    (
        "dictionary.wispr",
        include_str!("../../dictionaries/dictionary.wispr"),
    ),
    (
        "dictionary.chillispot",
        include_str!("../../dictionaries/dictionary.chillispot"),
    ),
];

/// The data type of an attribute's value, as named in the dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    String,
    Octets,
    Ipaddr,
    Ipv6addr,
    Ipv6prefix,
    Ifid,
    Date,
    Integer,
    Byte,
    Short,
    Integer64,
    Signed,
    Ether,
    Abinary,
    ComboIp,
}

impl AttrType {
    /// Parses a dictionary type name.
    pub fn parse(s: &str) -> Option<AttrType> {
        Some(match s.to_ascii_lowercase().as_str() {
            "string" | "text" => AttrType::String,
            "octets" => AttrType::Octets,
            "ipaddr" | "ipv4addr" => AttrType::Ipaddr,
            "ipv6addr" => AttrType::Ipv6addr,
            "ipv6prefix" => AttrType::Ipv6prefix,
            "ifid" => AttrType::Ifid,
            "date" => AttrType::Date,
            "integer" | "uint32" => AttrType::Integer,
            "byte" | "uint8" => AttrType::Byte,
            "short" | "uint16" => AttrType::Short,
            "integer64" | "uint64" => AttrType::Integer64,
            "signed" | "int32" => AttrType::Signed,
            "ether" => AttrType::Ether,
            "abinary" => AttrType::Abinary,
            "combo-ip" => AttrType::ComboIp,
            _ => return None,
        })
    }

    /// The dictionary name of the type.
    pub fn as_str(self) -> &'static str {
        match self {
            AttrType::String => "string",
            AttrType::Octets => "octets",
            AttrType::Ipaddr => "ipaddr",
            AttrType::Ipv6addr => "ipv6addr",
            AttrType::Ipv6prefix => "ipv6prefix",
            AttrType::Ifid => "ifid",
            AttrType::Date => "date",
            AttrType::Integer => "integer",
            AttrType::Byte => "byte",
            AttrType::Short => "short",
            AttrType::Integer64 => "integer64",
            AttrType::Signed => "signed",
            AttrType::Ether => "ether",
            AttrType::Abinary => "abinary",
            AttrType::ComboIp => "combo-ip",
        }
    }
}

/// One attribute definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrDef {
    /// The name as written in the dictionary (lookups ignore case).
    pub name: String,
    /// Vendor id; 0 for a standard attribute.
    pub vendor: u32,
    /// Attribute type number (the vendor type for vendor attributes).
    pub number: u8,
    pub typ: AttrType,
    /// `encrypt=N` flag: 1 = User-Password style, 2 = Tunnel-Password style, 3 = Ascend.
    pub encrypt: u8,
    /// Named values (VALUE lines), name -> number.
    values: Vec<(String, u64)>,
}

impl AttrDef {
    /// The number of a named value (case-insensitive).
    pub fn value_number(&self, name: &str) -> Option<u64> {
        self.values
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }

    /// The first name given to a number.
    pub fn value_name(&self, number: u64) -> Option<&str> {
        self.values
            .iter()
            .find(|(_, v)| *v == number)
            .map(|(n, _)| n.as_str())
    }

    /// Encodes a value typed by an operator into wire octets, checking it against the type.
    pub fn encode(&self, text: &str) -> Result<Vec<u8>, String> {
        value::encode(self, text)
    }

    /// Renders wire octets for people, with VALUE names where the dictionary has them.
    pub fn format(&self, octets: &[u8]) -> String {
        value::format(self, octets)
    }
}

/// The loaded name <-> number tables.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    attrs: Vec<AttrDef>,
    by_name: HashMap<String, usize>,
    by_number: HashMap<(u32, u8), usize>,
    vendors: HashMap<String, u32>,
    vendor_names: HashMap<u32, String>,
}

impl Dictionary {
    /// Reads a dictionary file and everything it `$INCLUDE`s from disk.
    pub fn load(path: &Path) -> Result<Dictionary, DictError> {
        parse::Parser::new(parse::Source::Files).run(path)
    }

    /// The shipped dictionaries compiled into the binary.
    pub fn embedded() -> Dictionary {
        // The embedded files are checked by a unit test, so this cannot fail in a release;
        // an empty dictionary is the safe answer should it ever.
        parse::Parser::new(parse::Source::Embedded)
            .run(Path::new("dictionary"))
            .unwrap_or_default()
    }

    /// Loads `path`; when it does not exist and `fallback` is set, the embedded dictionary.
    /// Returns the dictionary and where it came from (for the start-up log).
    pub fn load_or_embedded(
        path: &Path,
        fallback: bool,
    ) -> Result<(Dictionary, String), DictError> {
        if fallback && !path.exists() {
            return Ok((Dictionary::embedded(), "built-in".to_string()));
        }
        Ok((Dictionary::load(path)?, path.display().to_string()))
    }

    /// An attribute by name (case-insensitive).
    pub fn attr(&self, name: &str) -> Option<&AttrDef> {
        self.by_name
            .get(&name.to_ascii_lowercase())
            .and_then(|&i| self.attrs.get(i))
    }

    /// An attribute by vendor (0 = standard) and number.
    pub fn attr_by_number(&self, vendor: u32, number: u8) -> Option<&AttrDef> {
        self.by_number
            .get(&(vendor, number))
            .and_then(|&i| self.attrs.get(i))
    }

    /// A vendor's id by name (case-insensitive).
    pub fn vendor_id(&self, name: &str) -> Option<u32> {
        self.vendors.get(&name.to_ascii_lowercase()).copied()
    }

    /// A vendor's name by id.
    pub fn vendor_name(&self, id: u32) -> Option<&str> {
        self.vendor_names.get(&id).map(String::as_str)
    }

    /// Number of attributes defined.
    pub fn len(&self) -> usize {
        self.attrs.len()
    }

    /// Whether no attribute is defined.
    pub fn is_empty(&self) -> bool {
        self.attrs.is_empty()
    }

    /// The name of an attribute for logs, or `Attr-N` / `Vendor-V-Attr-N` when unknown.
    pub fn name_of(&self, vendor: u32, number: u8) -> String {
        match self.attr_by_number(vendor, number) {
            Some(a) => a.name.clone(),
            None if vendor == 0 => format!("Attr-{number}"),
            None => format!("Vendor-{vendor}-Attr-{number}"),
        }
    }
}

#[cfg(test)]
mod tests;
