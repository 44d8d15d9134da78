//! Domain types every layer shares, at the bottom of the crate: a plan's limits as stored
//! and as typed (`limits`, with `hours`, `rate` and `units` for their text forms), what a
//! user has used (`usage`) and the vendor dialects (`vendor`). Pure and I/O-free: the store
//! reads and writes them, the policy decides with them, neither calls the other.

pub mod hours;
pub mod language;
pub mod limits;
pub mod mac;
pub mod rate;
pub mod units;
pub mod usage;
pub mod vendor;

pub use language::Language;
pub use limits::{Burst, Limits, Policy, QuotaAction, Rate};
pub use mac::Mac;
pub use usage::Usage;
pub use vendor::Vendor;
