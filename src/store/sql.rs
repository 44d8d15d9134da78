//! Statement texts built once per process: a batch's statements are fixed, and building
//! them per batch (formatting dozens of placeholders) showed in profiles.

use std::sync::OnceLock;

/// The text in `cell`, built by `build` the first time.
pub(crate) fn sql_once(
    cell: &'static OnceLock<String>,
    build: impl FnOnce() -> String,
) -> &'static str {
    cell.get_or_init(build)
}
