//! Bulk imports from CSV (users, NAS, areas): every row validated first and each bad row
//! reported with its line number, then one transaction. Passwords are hashed in parallel on
//! every core before the transaction starts, so the database is locked only for the inserts.

pub mod areas;
pub mod csvline;
pub mod nas;
pub mod users;

pub use csvline::{CsvLine, CsvTable, LineError, from_spreadsheet_safe, spreadsheet_safe};

/// Checks a free-text field: at most `max` characters, none of them control characters.
pub(crate) fn check_text(what: &str, value: &str, max: usize) -> Result<(), String> {
    if value.chars().count() > max {
        return Err(format!("{what} is longer than {max} characters"));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("{what} contains control characters"));
    }
    Ok(())
}

/// Usernames are what people type on a captive portal: 1 to 64 printable characters
/// without spaces.
pub fn check_username(name: &str) -> Result<(), String> {
    let len = name.chars().count();
    if len == 0 {
        return Err("username is empty".into());
    }
    if len > 64 {
        return Err("username is longer than 64 characters".into());
    }
    if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "username '{}' contains spaces or control characters",
            name.escape_debug()
        ));
    }
    Ok(())
}
