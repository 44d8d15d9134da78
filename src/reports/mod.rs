//! Usage and hotspot-health reports for the city's auditors, computed from the usage
//! rollups (never by scanning raw sessions), and their output formats.

pub mod escape;
pub mod hotspots;
pub mod html;
pub mod labels;
pub mod model;
pub mod page;
pub mod pseudonym;
pub mod svg;
pub mod text;
pub mod usage;
pub mod weekly;
