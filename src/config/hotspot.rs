//! `[messages]` and `[roaming]`: what the person at the hotspot reads when a login is
//! refused (issue 22), and how a device that logged in once logs in again by its MAC.

use std::path::PathBuf;

use serde::Deserialize;

use super::{Config, ConfigError};
use crate::domain::Language;
use crate::messages::{Messages, Wording};

/// The Reply-Message texts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MessagesConfig {
    /// An operator's messages file laid over the built-in texts (`config/messages.txt`
    /// shows the format); empty means the built-in texts only.
    pub file: String,
    /// `id` (Bahasa Indonesia) or `en`: for users whose plan sets no language, and for
    /// every wrong password or unknown user.
    pub language: String,
    /// Send a short welcome with what is left today on every Access-Accept.
    pub welcome: bool,
}

impl Default for MessagesConfig {
    fn default() -> Self {
        MessagesConfig {
            file: String::new(),
            language: "id".into(),
            welcome: false,
        }
    }
}

/// MAC logins of devices bound by a password login.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RoamingConfig {
    /// The router's `mac-auth-password`, when it is set; a MAC login's password may then
    /// be this besides the MAC itself or empty. Empty means none is configured.
    pub mac_password: String,
}

/// `[messages] language` must be a language.
pub(super) fn check_messages(m: &MessagesConfig) -> Result<(), ConfigError> {
    match Language::parse(&m.language) {
        Some(_) => Ok(()),
        None => Err(ConfigError::Invalid {
            key: "messages.language".into(),
            reason: format!("'{}' is not id or en", m.language.escape_debug()),
        }),
    }
}

impl Config {
    /// The texts, the default language and the welcome switch; a bad messages file is an
    /// error naming the file and the line, so the server does not start with it.
    pub fn wording(&self) -> Result<Wording, crate::messages::MessagesError> {
        let m = &self.messages;
        let messages = if m.file.is_empty() {
            Messages::built_in()
        } else {
            Messages::load(&PathBuf::from(&m.file))?
        };
        Ok(Wording {
            messages: std::sync::Arc::new(messages),
            language: Language::parse(&m.language).unwrap_or_default(),
            welcome: m.welcome,
        })
    }
}
