//! What every page of the console is framed in: the logged-in staff member taken from the
//! session cookie (with the address of this request), the page shell with the console's
//! menu and logout, and the answers every handler gives (redirects, 403, 404).

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::Console;
use crate::admin::auth::Caller;
use crate::http::client::client_of;
use crate::store::Role;
use crate::web::{Lang, Shell};

/// The staff member a request comes from, its session's CSRF token and the page language.
pub struct Staff {
    /// Who, with which role and area, acting from this request's address.
    pub caller: Caller,
    /// The CSRF token every form of this session carries.
    pub token: String,
    /// The page language (cookie `lang`; Bahasa Indonesia by default).
    pub lang: Lang,
}

impl FromRequestParts<Arc<Console>> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, c: &Arc<Console>) -> Result<Staff, Response> {
        let Some((sid, mut caller)) = c.sessions.get(&parts.headers) else {
            return Err(see_other("/login"));
        };
        // Changes are audited with the address this request came from, not the login's.
        caller.actor.client = Some(client_of(parts).0.to_string());
        Ok(Staff {
            caller,
            token: c.csrf.token(&sid),
            lang: Lang::of(&parts.headers),
        })
    }
}

impl Staff {
    /// `id` in Bahasa Indonesia, `en` in English.
    pub fn t<'a>(&self, id: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(id, en)
    }

    /// The person's role.
    pub fn role(&self) -> Role {
        self.caller.actor.role
    }

    /// Whether an area (by code) may be given to something this person adds or edits: any
    /// for an admin, for an operator only an existing area inside their own (the store
    /// does not check, the API does the same).
    pub async fn may_use_area(&self, store: &crate::store::Store, code: Option<&str>) -> bool {
        if !matches!(self.caller.scope, crate::store::Scope::Subtree(_)) {
            return true;
        }
        match code {
            Some(code) => match store.get_area(code).await {
                Ok(Some(a)) => self.caller.scope.contains_path(&a.path),
                _ => false,
            },
            None => false,
        }
    }

    /// Whether the person may change things (admins and operators; auditors only read).
    pub fn may_change(&self) -> bool {
        self.role() != Role::Auditor
    }

    /// Checks a form post: its token must be this session's, and the person must be
    /// allowed to change things; otherwise the 403 page to answer with.
    pub fn refuse(&self, token: &str) -> Option<Response> {
        if !self.may_change() {
            return Some(self.forbidden(self.t(
                "Peran auditor hanya dapat melihat.",
                "The auditor role can only look.",
            )));
        }
        if !self.token_ok(token) {
            return Some(self.forbidden(self.t(
                "Formulir ini kedaluwarsa atau tidak sah. Muat ulang halaman dan coba lagi.",
                "This form has expired or is not valid. Reload the page and try again.",
            )));
        }
        None
    }

    /// Whether `token` is this session's CSRF token (compared in constant time).
    pub fn token_ok(&self, token: &str) -> bool {
        !token.is_empty() && constant_eq(token, &self.token)
    }

    /// How a user's name is shown to this person: auditors see a pseudonym.
    pub fn user_label(&self, c: &Console, username: &str) -> String {
        if self.role() == Role::Auditor {
            c.pseudonyms.user(username)
        } else {
            username.to_string()
        }
    }

    /// A page in the console's shell, `path` being where the language switch returns.
    pub fn page(&self, status: StatusCode, title: &str, path: &str, content: Markup) -> Response {
        self.page_refreshing(status, title, path, content, None)
    }

    /// [`Staff::page`] that reloads itself every `refresh` seconds (a progress page).
    pub fn page_refreshing(
        &self,
        status: StatusCode,
        title: &str,
        path: &str,
        content: Markup,
        refresh: Option<u32>,
    ) -> Response {
        let menu = [
            ("/", self.t("Dasbor", "Dashboard")),
            ("/users", self.t("Pengguna", "Users")),
            ("/sessions", self.t("Sesi", "Sessions")),
            ("/hotspots", "Hotspot"),
            ("/vouchers", "Voucher"),
            ("/plans", self.t("Paket", "Plans")),
            ("/reports", self.t("Laporan", "Reports")),
            ("/audit", self.t("Log audit", "Audit log")),
        ];
        let actions = html! {
            @for (href, label) in menu { a href=(href) { (label) } }
            span.who { (self.caller.actor.name.trim_start_matches("staff:")) " · " (self.role().as_str()) }
            form.inline method="post" action="/logout" {
                input type="hidden" name="csrf" value=(self.token);
                button type="submit" { (self.t("Keluar", "Log out")) }
            }
        };
        let shell = Shell {
            lang: self.lang,
            site: "radkota konsol",
            title,
            switch: Some(("/lang", path)),
            actions: Some(actions),
            refresh,
        };
        let content = html! { div.console { (content) } };
        crate::web::layout::html_status(status, shell.render(content))
    }

    /// 403 with a reason.
    pub fn forbidden(&self, why: &str) -> Response {
        let title = self.t("Tidak diizinkan", "Not allowed");
        self.page(
            StatusCode::FORBIDDEN,
            title,
            "/",
            html! { p.flash.error { (why) } },
        )
    }

    /// 404: nothing by that name (or nothing the person may see: the same answer).
    pub fn not_found(&self) -> Response {
        let title = self.t("Tidak ditemukan", "Not found");
        let text = self.t(
            "Tidak ada yang dapat Anda lihat di alamat ini.",
            "There is nothing you can see at this address.",
        );
        self.page(StatusCode::NOT_FOUND, title, "/", html! { p { (text) } })
    }

    /// 500-class answer for a store error (logged, not shown).
    pub fn failed(&self, e: impl std::fmt::Display) -> Response {
        tracing::warn!(error = %e, "console: store error");
        let title = self.t("Gagal", "Failed");
        let text = self.t(
            "Server tidak dapat menyelesaikan permintaan ini; coba lagi.",
            "The server could not complete this request; try again.",
        );
        self.page(
            StatusCode::SERVICE_UNAVAILABLE,
            title,
            "/",
            html! { p.flash.error { (text) } },
        )
    }
}

fn constant_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// A 303 to `to`, a path of this site.
pub fn see_other(to: &str) -> Response {
    let location = HeaderValue::from_str(to).unwrap_or(HeaderValue::from_static("/"));
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// `?done=WORD` added to `path`, for the one-line outcome the next page shows.
pub fn done(path: &str, word: &str) -> Response {
    see_other(&format!("{path}?done={word}"))
}

/// Percent-encodes a path segment (a username may hold anything printable).
pub fn seg(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A date and time in the console's day zone, as `2026-03-31 14:05`.
pub fn when(c: &Console, epoch: i64) -> String {
    let local = epoch + c.zone.offset_secs();
    chrono::DateTime::from_timestamp(local, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// Octets as `1,5 GB` (Indonesian decimal comma) or `1.5 GB`.
pub fn bytes(lang: Lang, n: i64) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n.max(0) as f64;
    let mut i = 0;
    while v >= 1000.0 && i + 1 < units.len() {
        v /= 1000.0;
        i += 1;
    }
    let text = if i == 0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    };
    let text = if lang == Lang::Id {
        text.replace('.', ",")
    } else {
        text
    };
    format!("{text} {}", units[i])
}
