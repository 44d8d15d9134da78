//! The texts a person at the hotspot reads (the Reply-Message the router shows on its login
//! page): one template per case and language, from the built-in file
//! (`config/messages.txt`) with an operator's file laid over it, checked at start.

use std::path::Path;

pub use crate::domain::Language;

mod facts;
mod parse;

pub use facts::{Facts, refusal_facts, welcome_facts};
pub use parse::MessagesError;

/// RFC 2865 §5.18: one attribute's value, at most 253 octets.
pub const MAX_BYTES: usize = 253;

/// The built-in texts (the shipped `config/messages.txt`).
const BUILT_IN: &str = include_str!("../../config/messages.txt");

/// One case a person is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// Wrong password or unknown user: the same text for both.
    LoginFailed,
    /// Too many failed attempts for this user at this hotspot.
    Throttled,
    DailyData,
    MonthlyData,
    DailyTime,
    MonthlyTime,
    OutsideHours,
    DeviceLimit,
    Disabled,
    Expired,
    NotYetValid,
    /// Any other refusal (a plan the server cannot read).
    Refused,
    /// On an Access-Accept, when `[messages] welcome` is on.
    Welcome,
}

impl Key {
    /// Every key, in file order.
    pub const ALL: [Key; 13] = [
        Key::LoginFailed,
        Key::Throttled,
        Key::DailyData,
        Key::MonthlyData,
        Key::DailyTime,
        Key::MonthlyTime,
        Key::OutsideHours,
        Key::DeviceLimit,
        Key::Disabled,
        Key::Expired,
        Key::NotYetValid,
        Key::Refused,
        Key::Welcome,
    ];

    /// The name in the file.
    pub fn name(self) -> &'static str {
        match self {
            Key::LoginFailed => "login_failed",
            Key::Throttled => "throttled",
            Key::DailyData => "daily_data",
            Key::MonthlyData => "monthly_data",
            Key::DailyTime => "daily_time",
            Key::MonthlyTime => "monthly_time",
            Key::OutsideHours => "outside_hours",
            Key::DeviceLimit => "device_limit",
            Key::Disabled => "disabled",
            Key::Expired => "expired",
            Key::NotYetValid => "not_yet_valid",
            Key::Refused => "refused",
            Key::Welcome => "welcome",
        }
    }

    /// The placeholders its text may use.
    pub fn placeholders(self) -> &'static [&'static str] {
        match self {
            Key::DailyData | Key::MonthlyData | Key::DailyTime | Key::MonthlyTime => {
                &["used", "limit", "reset"]
            }
            Key::OutsideHours => &["hours", "opens"],
            Key::DeviceLimit => &["online", "max"],
            Key::Expired => &["when"],
            Key::NotYetValid => &["from"],
            Key::Welcome => &["user", "data_left", "time_left"],
            Key::LoginFailed | Key::Throttled | Key::Disabled | Key::Refused => &[],
        }
    }

    /// The key for a policy refusal's reason (`policy::decide` and the account status).
    pub fn for_refusal(reason: &str) -> Key {
        match reason {
            "daily data quota used up" => Key::DailyData,
            "monthly data quota used up" => Key::MonthlyData,
            "daily time quota used up" => Key::DailyTime,
            "monthly time quota used up" => Key::MonthlyTime,
            "outside allowed hours" => Key::OutsideHours,
            "too many sessions" => Key::DeviceLimit,
            "disabled" => Key::Disabled,
            "expired" => Key::Expired,
            "not valid yet" => Key::NotYetValid,
            _ => Key::Refused,
        }
    }

    fn index(self) -> usize {
        Key::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }
}

/// A part of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Slot(&'static str),
}

/// Every text, per language and key; an empty template sends no Reply-Message.
#[derive(Debug, Clone)]
pub struct Messages {
    /// `[language][key]`.
    templates: Vec<Vec<Vec<Piece>>>,
}

impl Messages {
    /// The built-in texts.
    pub fn built_in() -> Messages {
        let mut m = Messages {
            templates: vec![vec![Vec::new(); Key::ALL.len()]; Language::ALL.len()],
        };
        // The shipped file is checked by a unit test, so this cannot fail in a release.
        if let Err(e) = parse::overlay(&mut m, "built-in messages", BUILT_IN.as_bytes()) {
            tracing::error!(error = %e, "built-in messages are broken");
        }
        m
    }

    /// The built-in texts with the operator's file laid over them; the error names the
    /// file and the line.
    pub fn load(path: &Path) -> Result<Messages, MessagesError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| MessagesError {
            file: shown.clone(),
            line: 0,
            reason: format!("cannot read: {e}"),
        })?;
        Messages::with_overlay(&shown, &bytes)
    }

    /// The built-in texts with `bytes` (named `file` in errors) laid over them.
    pub fn with_overlay(file: &str, bytes: &[u8]) -> Result<Messages, MessagesError> {
        let mut m = Messages::built_in();
        parse::overlay(&mut m, file, bytes)?;
        Ok(m)
    }

    fn lang_index(lang: Language) -> usize {
        Language::ALL.iter().position(|l| *l == lang).unwrap_or(0)
    }

    fn set(&mut self, lang: Language, key: Key, pieces: Vec<Piece>) {
        self.templates[Messages::lang_index(lang)][key.index()] = pieces;
    }

    /// The text for `key` in `lang` with `facts` filled in, cut to 253 bytes at a character
    /// boundary; `None` when the operator left it empty.
    pub fn render(&self, lang: Language, key: Key, facts: &Facts) -> Option<String> {
        let pieces = &self.templates[Messages::lang_index(lang)][key.index()];
        if pieces.is_empty() {
            return None;
        }
        let mut out = String::new();
        for p in pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Slot(name) => out.push_str(facts.get(name)),
            }
        }
        Some(cut(out))
    }
}

/// `s` cut to at most [`MAX_BYTES`] bytes without splitting a character.
fn cut(mut s: String) -> String {
    if s.len() > MAX_BYTES {
        let mut end = MAX_BYTES;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

/// What the request path needs to word its replies: the texts, the default language and
/// whether an Access-Accept carries a welcome.
#[derive(Debug, Clone)]
pub struct Wording {
    pub messages: std::sync::Arc<Messages>,
    /// For users whose plan sets none, and for every credential failure.
    pub language: Language,
    /// A short welcome with what is left today on each Access-Accept.
    pub welcome: bool,
}

impl Default for Wording {
    fn default() -> Self {
        Wording {
            messages: std::sync::Arc::new(Messages::built_in()),
            language: Language::Id,
            welcome: false,
        }
    }
}

#[cfg(test)]
mod tests;
