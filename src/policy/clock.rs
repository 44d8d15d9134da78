//! The policy's idea of "now". Tests need to be outside allowed hours without waiting for
//! the evening, so a debug build honours `RADKOTA_TEST_CLOCK=<epoch seconds>`: the clock
//! starts there and runs at normal speed. Release builds never read the variable, so it
//! cannot change a production server's decisions by accident.

use std::sync::OnceLock;

/// The environment variable read by debug builds only.
pub const TEST_CLOCK_ENV: &str = "RADKOTA_TEST_CLOCK";

fn real_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

fn offset() -> i64 {
    static OFFSET: OnceLock<i64> = OnceLock::new();
    *OFFSET.get_or_init(|| {
        if !cfg!(debug_assertions) {
            return 0;
        }
        match std::env::var(TEST_CLOCK_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok())
        {
            Some(start) => start - real_now(),
            None => 0,
        }
    })
}

/// Epoch seconds as the policy sees them.
pub fn now() -> i64 {
    real_now().saturating_add(offset())
}

/// A line for the start-up log when the variable is set: in effect (debug build) or
/// ignored (release build); `None` when it is not set.
pub fn notice() -> Option<String> {
    std::env::var(TEST_CLOCK_ENV).ok()?;
    Some(if cfg!(debug_assertions) {
        format!(
            "{TEST_CLOCK_ENV} is set: debug build, policy clock shifted by {}s (tests only)",
            offset()
        )
    } else {
        format!("{TEST_CLOCK_ENV} is set but ignored: release builds always use the real clock")
    })
}
