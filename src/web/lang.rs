//! The two languages of the pages: Bahasa Indonesia by default, English for whoever
//! follows the switch link (remembered in a `lang` cookie, so it works without script).

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::session::{read_cookie, set_cookie};

/// The cookie that remembers the choice.
pub const LANG_COOKIE: &str = "lang";

/// A page's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Bahasa Indonesia (the default).
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 code (`lang` attribute, cookie value, switch link).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// The language of a code; `None` for any other.
    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "id" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the request asked for with the cookie; Bahasa Indonesia otherwise.
    pub fn of(headers: &HeaderMap) -> Lang {
        read_cookie(headers, LANG_COOKIE)
            .and_then(|v| Lang::parse(&v))
            .unwrap_or_default()
    }

    /// The other language (what the switch link offers).
    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// The language's own name, as the switch link shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Id => "Bahasa Indonesia",
            Lang::En => "English",
        }
    }

    /// `id` in Bahasa Indonesia, `en` in English.
    pub fn pick<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }
}

/// Where a switch link may send the browser back to: a path on this site only (never
/// `//host` or a scheme), so the link cannot be used as an open redirect.
pub fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && p.len() <= 512
                && p.chars().all(|c| c.is_ascii_graphic()) =>
        {
            p
        }
        _ => "/",
    }
}

/// The query of a switch link.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct SwitchQuery {
    next: Option<String>,
}

/// [`switch`] for a handler's `Path` code and `Query`, whichever way the query parsed (an
/// unreadable one sends the browser to `/`).
pub fn switch_with(
    code: &str,
    query: Result<axum::extract::Query<SwitchQuery>, axum::extract::rejection::QueryRejection>,
    secure: bool,
) -> Response {
    let next = query.ok().and_then(|q| q.0.next);
    switch(code, next.as_deref(), secure)
}

/// The answer to a switch link (`GET <prefix>/{code}?next=/path`): remembers the language
/// and sends the browser back to `next` (a local path; `/` otherwise).
pub fn switch(code: &str, next: Option<&str>, secure: bool) -> Response {
    let lang = Lang::parse(code).unwrap_or_default();
    let mut headers = HeaderMap::new();
    headers.insert(
        header::SET_COOKIE,
        set_cookie(LANG_COOKIE, lang.code(), secure, Some(365 * 86_400)),
    );
    if let Ok(to) = HeaderValue::from_str(local_path(next)) {
        headers.insert(header::LOCATION, to);
    }
    (StatusCode::SEE_OTHER, headers).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_bahasa_indonesia() {
        assert_eq!(Lang::of(&HeaderMap::new()), Lang::Id);
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=b; lang=en"));
        assert_eq!(Lang::of(&h), Lang::En);
        h.insert(header::COOKIE, HeaderValue::from_static("lang=fr"));
        assert_eq!(Lang::of(&h), Lang::Id);
    }

    #[test]
    fn switch_links_stay_on_the_site() {
        assert_eq!(local_path(Some("/akun")), "/akun");
        for bad in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil",
            "evil",
        ] {
            assert_eq!(local_path(Some(bad)), "/", "{bad}");
        }
        assert_eq!(local_path(None), "/");
    }
}
