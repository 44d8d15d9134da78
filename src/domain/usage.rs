//! What a user has used, as a login's decision and the quota watch read it.

/// What a user has used so far, counted across every NAS.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Octets in and out today (local day).
    pub day_bytes: u64,
    pub day_seconds: u64,
    /// Since the first of this month (local), today included.
    pub month_bytes: u64,
    pub month_seconds: u64,
    /// Open, non-stale sessions, not counting one from the device now logging in (same
    /// Calling-Station-Id): a device that logs in again replaces its own session.
    pub open_sessions: u64,
}
