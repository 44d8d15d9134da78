//! Cookie sessions: a random id in the cookie, what it stands for in memory, each with an
//! absolute expiry and a bound on how many are kept. Cookies are HttpOnly and
//! SameSite=Strict always, Secure when the site is served over HTTPS. A restart ends every
//! session (people log in again), which is why nothing here is written to disk.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, HeaderValue, header};
use rand::RngCore;

/// The value of cookie `name` in a request's `Cookie` headers.
pub fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, Path=/, Secure when `secure`, kept
/// for `max_age` seconds (a browser-session cookie when `None`).
pub fn set_cookie(name: &str, value: &str, secure: bool, max_age: Option<i64>) -> HeaderValue {
    let mut c = cookie::Cookie::build((name.to_string(), value.to_string()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Strict)
        .secure(secure);
    if let Some(secs) = max_age {
        c = c.max_age(cookie::time::Duration::seconds(secs));
    }
    // Names and values are ours (ASCII tokens and hex), so the header is always valid.
    HeaderValue::from_str(&c.build().to_string())
        .unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// A `Set-Cookie` value that removes cookie `name`.
pub fn clear_cookie(name: &str, secure: bool) -> HeaderValue {
    set_cookie(name, "", secure, Some(0))
}

/// 32 random bytes from the OS, hex: a session id or a visitor nonce.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

struct Stored<T> {
    data: T,
    expires: Instant,
}

/// Sessions of one site, keyed by the id its cookie carries.
pub struct SessionStore<T> {
    sessions: Mutex<HashMap<String, Stored<T>>>,
    cookie: &'static str,
    ttl: Duration,
    max: usize,
    secure: bool,
}

impl<T: Clone> SessionStore<T> {
    /// Sessions under cookie `cookie`, each lasting `ttl` from its start, at most `max` at
    /// once; cookies marked Secure when `secure`.
    pub fn new(cookie: &'static str, ttl: Duration, max: usize, secure: bool) -> Self {
        SessionStore {
            sessions: Mutex::new(HashMap::new()),
            cookie,
            ttl,
            max: max.max(1),
            secure,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Stored<T>>> {
        // Every change is one map operation, so a panic elsewhere leaves it consistent.
        self.sessions.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether the cookies are marked Secure.
    pub fn secure(&self) -> bool {
        self.secure
    }

    /// Starts a session (always under a new id, so an id planted before a login is never
    /// the one after it): its id and the `Set-Cookie` value that hands it to the browser.
    pub fn start(&self, data: T) -> (String, HeaderValue) {
        let id = random_token();
        let now = Instant::now();
        let mut map = self.lock();
        if map.len() >= self.max {
            map.retain(|_, s| s.expires > now);
        }
        if map.len() >= self.max {
            // Full of live sessions: the one nearest its end gives way.
            if let Some(oldest) = map
                .iter()
                .min_by_key(|(_, s)| s.expires)
                .map(|(k, _)| k.clone())
            {
                map.remove(&oldest);
            }
        }
        map.insert(
            id.clone(),
            Stored {
                data,
                expires: now + self.ttl,
            },
        );
        drop(map);
        let max_age = i64::try_from(self.ttl.as_secs()).unwrap_or(i64::MAX);
        let cookie = set_cookie(self.cookie, &id, self.secure, Some(max_age));
        (id, cookie)
    }

    /// The session a request's cookie names, with its id, unless it ended or expired.
    pub fn get(&self, headers: &HeaderMap) -> Option<(String, T)> {
        let id = read_cookie(headers, self.cookie)?;
        let mut map = self.lock();
        match map.get(&id) {
            Some(s) if s.expires > Instant::now() => Some((id, s.data.clone())),
            Some(_) => {
                map.remove(&id);
                None
            }
            None => None,
        }
    }

    /// Ends the request's session (if any): the `Set-Cookie` value that clears the cookie.
    pub fn end(&self, headers: &HeaderMap) -> HeaderValue {
        if let Some(id) = read_cookie(headers, self.cookie) {
            self.lock().remove(&id);
        }
        clear_cookie(self.cookie, self.secure)
    }

    /// Sessions held (expired ones not yet swept included).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether none is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_cookie(value: &HeaderValue) -> HeaderMap {
        let pair = value
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(&pair).unwrap());
        h
    }

    #[test]
    fn cookies_are_http_only_and_strict() {
        let store = SessionStore::new("sid", Duration::from_secs(60), 10, true);
        let (_, cookie) = store.start(7u32);
        let text = cookie.to_str().unwrap();
        for part in [
            "HttpOnly",
            "SameSite=Strict",
            "Secure",
            "Path=/",
            "Max-Age=60",
        ] {
            assert!(text.contains(part), "{text}");
        }
        assert_eq!(store.get(&with_cookie(&cookie)).map(|(_, d)| d), Some(7));
    }

    #[test]
    fn sessions_end_expire_and_stay_bounded() {
        let store = SessionStore::new("sid", Duration::from_secs(60), 2, false);
        let (_, a) = store.start(1u32);
        let (_, b) = store.start(2u32);
        let (_, c) = store.start(3u32);
        assert_eq!(store.len(), 2);
        assert!(store.get(&with_cookie(&a)).is_none(), "the oldest gave way");
        let cleared = store.end(&with_cookie(&b));
        assert!(cleared.to_str().unwrap().contains("Max-Age=0"));
        assert!(store.get(&with_cookie(&b)).is_none());
        assert!(store.get(&with_cookie(&c)).is_some());
        let short = SessionStore::new("sid", Duration::ZERO, 2, false);
        let (_, d) = short.start(4u32);
        assert!(short.get(&with_cookie(&d)).is_none(), "expired");
        assert!(short.is_empty());
    }
}
