//! Reading the configuration: the file (`config/radkota.toml`, else the package's
//! `/etc/radkota/radkota.toml`, else the defaults),
//! then the per-host environment overrides, then validation.

use std::path::{Path, PathBuf};

use super::{Config, ConfigError, DEFAULT_CONFIG_PATH, SYSTEM_CONFIG_PATH};

impl Config {
    /// Loads the file (an absent default file means all defaults), applies environment
    /// overrides, and validates.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        Self::load_with_env(explicit, |k| std::env::var(k).ok())
    }

    /// As `load`, with the environment given as a function (tests).
    pub fn load_with_env(
        explicit: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut cfg = match explicit {
            Some(path) => Self::from_file(path)?,
            None => {
                let found = [DEFAULT_CONFIG_PATH, SYSTEM_CONFIG_PATH]
                    .into_iter()
                    .map(Path::new)
                    .find(|p| p.exists());
                match found {
                    Some(path) => Self::from_file(path)?,
                    None => Config::default(),
                }
            }
        };
        cfg.apply_env(env);
        cfg.validate()?;
        Ok(cfg)
    }

    /// Parses a TOML string (no environment, no validation).
    /// Errors name the line and column but never echo the line: it may hold a database
    /// password.
    pub fn from_toml(text: &str, path: &str) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let message = e.message().trim().replace('\n', " ");
            let reason = match e.span() {
                Some(span) => {
                    let before = text.get(..span.start).unwrap_or(text);
                    let line = before.matches('\n').count() + 1;
                    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
                    match key_on_line(text, line) {
                        Some(key) => {
                            format!("line {line}, column {column}, key `{key}`: {message}")
                        }
                        None => format!("line {line}, column {column}: {message}"),
                    }
                }
                None => message,
            };
            ConfigError::Parse {
                path: path.to_string(),
                reason,
            }
        })
    }

    fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        Self::from_toml(&text, &path.display().to_string())
    }

    fn apply_env(&mut self, env: impl Fn(&str) -> Option<String>) {
        let list = |v: String| {
            v.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        if let Some(v) = env("RADKOTA_DATA_DIR") {
            self.data_dir = PathBuf::from(v);
        }
        if let Some(v) = env("RADKOTA_DATABASE_URL") {
            self.database.url = v;
        }
        if let Some(v) = env("RADKOTA_AUTH_LISTEN") {
            self.server.auth_listen = list(v);
        }
        if let Some(v) = env("RADKOTA_ACCT_LISTEN") {
            self.server.acct_listen = list(v);
        }
        if let Some(v) = env("RADKOTA_LOG_LEVEL") {
            self.log.level = v;
        }
        if let Some(v) = env("RADKOTA_LOG_FORMAT") {
            self.log.format = v;
        }
        if let Some(v) = env("RADKOTA_METRICS_LISTEN") {
            self.metrics.listen = v;
        }
        if let Some(v) = env("RADKOTA_PORTAL_LISTEN") {
            self.portal.listen = v;
        }
        if let Some(v) = env("RADKOTA_KEY_FILE") {
            self.auth.key_file = v;
        }
        // [eap]
        if let Some(v) = env("RADKOTA_EAP_ENABLED") {
            self.eap.enabled = matches!(v.as_str(), "1" | "true" | "yes");
        }
        if let Some(v) = env("RADKOTA_EAP_CERTIFICATE") {
            self.eap.certificate = v;
        }
        if let Some(v) = env("RADKOTA_EAP_PRIVATE_KEY") {
            self.eap.private_key = v;
        }
    }
}

/// The dotted key set on 1-based `line` (with its `[section]`), when the line is a plain
/// `key = value`: named in an error instead of echoing the line, whose value may be a secret.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let plain = |k: &str| {
        !k.is_empty()
            && k.len() <= 64
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
    };
    let key = text
        .lines()
        .nth(line.checked_sub(1)?)?
        .split_once('=')?
        .0
        .trim();
    if !plain(key) {
        return None;
    }
    let section = text
        .lines()
        .take(line - 1)
        .filter_map(|l| l.trim().strip_prefix('[')?.strip_suffix(']'))
        .map(|s| s.trim_matches(['[', ']', ' ']))
        .last()
        .filter(|s| plain(s));
    Some(match section {
        Some(s) => format!("{s}.{key}"),
        None => key.to_string(),
    })
}
