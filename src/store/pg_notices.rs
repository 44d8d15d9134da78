//! PostgreSQL: what the directory channel carries besides users and plans. Migration 0011
//! notifies `n:<nas version>` whenever the NAS registry's version moves (any NAS added,
//! changed or removed, by any instance or program); the listener of `pg_directory` hands
//! such payloads here, and each server's registry reloads on the signal instead of waiting
//! for its next poll. While the listener is down (and when it comes back, having perhaps
//! missed some) every follower is signalled too, and polling goes on as the fallback.

use std::sync::LazyLock;

use tokio::sync::watch;

/// Bumped on every NAS notification (and whenever notifications may have been missed).
static NAS: LazyLock<watch::Sender<u64>> = LazyLock::new(|| watch::Sender::new(0));

/// Handles a payload that is not the directory's; `true` when it was one of these.
pub(crate) fn dispatch(payload: &str) -> bool {
    match payload.split_once(':') {
        Some(("n", _)) => {
            NAS.send_modify(|v| *v += 1);
            true
        }
        _ => false,
    }
}

/// Notifications may have been missed (the listening connection was lost or is back):
/// every follower looks again.
pub(crate) fn missed() {
    NAS.send_modify(|v| *v += 1);
}

/// A receiver that wakes when the NAS table may have changed elsewhere (PostgreSQL only;
/// on SQLite it never wakes and polling alone applies).
pub fn nas_changes() -> watch::Receiver<u64> {
    NAS.subscribe()
}
