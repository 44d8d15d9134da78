//! Plans and their enforcement: limits (rates, allowed hours, timeouts, quotas,
//! simultaneous use, validity), the pure access decision with the time injected, and the
//! rendering of a decision into the attributes the NAS's vendor understands.

pub mod clock;
pub mod decide;
pub mod extra;
pub mod render;

// The domain types, where the rest of the crate has always found them.
pub use crate::domain::{Limits, Policy, QuotaAction, Usage, Vendor, hours, limits, rate, units};
pub use decide::{Account, Grant, Verdict, decide};
pub use render::{ReplyAttribute, render, render_plan};
