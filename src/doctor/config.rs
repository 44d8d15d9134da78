//! Doctor checks of the configuration itself: the file parses and names no unknown key,
//! the dictionaries load, the messages file (issue 22), the accounting time zone, and a
//! clock that is obviously wrong.

use std::path::Path;

use super::{Check, now};
use crate::config::{Config, DEFAULT_CONFIG_PATH};
use crate::store::Store;

/// 2024-01-01T00:00:00Z: no clock set by NTP reads earlier than this program's release.
const EARLIEST_PLAUSIBLE: i64 = 1_704_067_200;
/// 2100-01-01T00:00:00Z.
const LATEST_PLAUSIBLE: i64 = 4_102_444_800;
/// The database holding times this far ahead of the clock means the clock went back.
const BACKWARDS_TOLERANCE: i64 = 3600;

/// Loads the configuration as `serve` would (file, environment, validation); unknown keys
/// and bad values are a failure naming the key.
pub(super) fn load(path: Option<&Path>) -> Result<(Config, Check), Check> {
    let from = match path {
        Some(p) => p.display().to_string(),
        None if Path::new(DEFAULT_CONFIG_PATH).exists() => DEFAULT_CONFIG_PATH.to_string(),
        None => format!("built-in defaults ({DEFAULT_CONFIG_PATH} does not exist)"),
    };
    match Config::load(path) {
        Ok(config) => Ok((
            config,
            Check::ok("configuration", format!("{from} parses, no unknown keys")),
        )),
        Err(e) => Err(Check::fail(
            "configuration",
            e.to_string(),
            "correct the key named (config/radkota.toml lists every key with its default)",
        )),
    }
}

/// The checks that need only the configuration.
pub(super) fn checks(config: &Config) -> Vec<Check> {
    let mut out = Vec::new();
    out.push(match config.dictionary() {
        Ok((dict, from)) => Check::ok("dictionaries", format!("{from}: {} attributes", dict.len())),
        Err(e) => Check::fail(
            "dictionaries",
            e.to_string(),
            "correct the file and line named, or set policy.dictionary",
        ),
    });
    out.push(match config.wording() {
        Ok(w) => Check::ok(
            "messages",
            format!(
                "{}, default language {}",
                match config.messages.file.as_str() {
                    "" => "built-in texts".to_string(),
                    f => format!("{f} checked"),
                },
                w.language.code()
            ),
        ),
        Err(e) => Check::fail(
            "messages",
            e.to_string(),
            "correct the file and line named (serve does not start with it)",
        ),
    });
    let zone = config.day_zone();
    let offset = zone.offset_secs();
    out.push(Check::ok(
        "time zone",
        format!(
            "accounting.timezone {} (UTC{:+03}:{:02}): allowed hours and quota days are read in it",
            zone.name(),
            offset / 3600,
            (offset.abs() % 3600) / 60
        ),
    ));
    let (a, p) = (&config.admin, &config.portal);
    out.push(http_exposure(
        "admin",
        a.enabled.then_some(a.listen.as_str()),
        &a.http,
    ));
    out.push(http_exposure(
        "portal",
        (!p.listen.is_empty()).then_some(p.listen.as_str()),
        &p.http,
    ));
    out
}

/// An HTTP listener's exposure (`section` is `admin` or `portal`): TLS, or plain HTTP on
/// loopback; plain HTTP beyond loopback (`allow_plain_http`) is a warning, as is the
/// setting itself.
fn http_exposure(
    section: &str,
    listen: Option<&str>,
    http: &crate::config::ListenerConfig,
) -> Check {
    let name = if section == "admin" {
        "admin listener"
    } else {
        "portal listener"
    };
    let Some(listen) = listen else {
        return Check::ok(name, format!("off ({section} is not enabled)"));
    };
    if http.allow_plain_http {
        let detail = if http.plain_beyond_loopback(listen) {
            format!(
                "{listen} speaks plain HTTP to other machines ({section}.allow_plain_http = true): passwords and cookies cross the network in the clear unless a TLS proxy is the only way in"
            )
        } else {
            format!(
                "{section}.allow_plain_http = true is set (it has no effect while the listener has TLS or is on loopback)"
            )
        };
        return Check::warn(
            name,
            detail,
            format!(
                "set {section}.tls_cert and {section}.tls_key (radkota ca server-cert makes them) and remove {section}.allow_plain_http"
            ),
        );
    }
    if http.tls_files().is_some() {
        return Check::ok(name, format!("{listen} (TLS)"));
    }
    Check::ok(name, format!("{listen} (loopback only)"))
}

/// The system clock: plausible at all, and not behind what the database already holds.
pub(super) async fn clock(store: &Store) -> Vec<Check> {
    let now = now();
    if !(EARLIEST_PLAUSIBLE..LATEST_PLAUSIBLE).contains(&now) {
        return vec![Check::fail(
            "clock",
            format!("the system clock reads {now} (epoch seconds), which cannot be right"),
            "set the clock (enable NTP: timedatectl set-ntp true)",
        )];
    }
    match store.newest_recorded_time().await {
        Ok(Some(newest)) if newest > now + BACKWARDS_TOLERANCE => vec![Check::warn(
            "clock",
            format!(
                "the database holds times {} s ahead of the system clock: the clock went back",
                newest - now
            ),
            "check NTP (timedatectl status); quota days and allowed hours follow this clock",
        )],
        Ok(_) => vec![Check::ok(
            "clock",
            "plausible, and not behind the database's newest record",
        )],
        Err(e) => vec![Check::warn(
            "clock",
            format!("cannot read the newest recorded time: {e}"),
            "check the database",
        )],
    }
}
