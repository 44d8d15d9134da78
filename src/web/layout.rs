//! The page shell every page is drawn in (title, language switch, the application's own
//! header links, main content, footer) and its stylesheet, served from the same origin.
//! Phone first: one column at 390 px, the same column centred and readable at 1280 px.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html as markup};

use super::lang::Lang;

/// Where the stylesheet is served (each application routes it to [`stylesheet`]).
pub const STYLESHEET_PATH: &str = "/static/web.css";

/// The stylesheet's text.
const STYLESHEET: &str = include_str!("web.css");

/// What the shell shows around a page's content.
pub struct Shell<'a> {
    /// The page's language (the `lang` attribute; the switch offers the other).
    pub lang: Lang,
    /// The application's name, in the header.
    pub site: &'a str,
    /// The page's title (tab and heading).
    pub title: &'a str,
    /// The path the language switch link is under (e.g. `/lang`), and the page's own path
    /// it returns to.
    pub switch: Option<(&'a str, &'a str)>,
    /// Controls for the header's right side (e.g. a logout form).
    pub actions: Option<Markup>,
    /// Reload the page every this many seconds (a progress page; no script needed).
    pub refresh: Option<u32>,
}

impl Shell<'_> {
    /// The whole document with `content` in its main area.
    pub fn render(&self, content: Markup) -> Markup {
        markup! {
            (DOCTYPE)
            html lang=(self.lang.code()) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta name="referrer" content="no-referrer";
                    @if let Some(secs) = self.refresh { meta http-equiv="refresh" content=(secs); }
                    title { (self.title) " · " (self.site) }
                    link rel="stylesheet" href=(STYLESHEET_PATH);
                }
                body {
                    header.site {
                        span.site-name { (self.site) }
                        nav.site-nav {
                            @if let Some((prefix, back)) = self.switch {
                                @let other = self.lang.other();
                                a.lang-switch lang=(other.code())
                                    href={ (prefix) "/" (other.code()) "?next=" (back) } {
                                    (other.name())
                                }
                            }
                            @if let Some(actions) = &self.actions { (actions) }
                        }
                    }
                    main {
                        h1 { (self.title) }
                        (content)
                    }
                }
            }
        }
    }
}

/// A 200 `text/html` response.
pub fn html(page: Markup) -> Response {
    html_status(StatusCode::OK, page)
}

/// A `text/html` response with `status`.
pub fn html_status(status: StatusCode, page: Markup) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        page.into_string(),
    )
        .into_response()
}

/// The stylesheet (cacheable for an hour: it holds nothing personal).
pub async fn stylesheet() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        STYLESHEET,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shell_escapes_and_links_its_own_stylesheet() {
        let page = Shell {
            lang: Lang::Id,
            site: "radkota",
            title: "<script>alert(1)</script>",
            switch: Some(("/lang", "/")),
            actions: None,
            refresh: None,
        }
        .render(markup! { p { "isi" } })
        .into_string();
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{page}"
        );
        assert!(!page.contains("<script>"));
        assert!(page.contains("href=\"/static/web.css\""));
        assert!(page.contains("href=\"/lang/en?next=/\""));
        assert!(page.starts_with("<!DOCTYPE html><html lang=\"id\">"));
    }
}
