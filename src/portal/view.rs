//! The portal's pages, drawn with maud (every value escaped) in the kit's shell: the login
//! form, the account page and the short pages that say what went wrong.

use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};

use super::account::{Account, Standing};
use super::texts;
use crate::web::layout::html_status;
use crate::web::{Lang, Shell};

/// Why the login form is shown again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginProblem {
    /// Wrong password or unknown name: one text for both.
    Credentials,
    /// A field left empty.
    Empty,
    /// The form's token did not match (an old form, cookies off, or another site).
    Expired,
    /// Too many wrong passwords for this name or from this address.
    Throttled,
    /// The password checks are overloaded.
    Busy,
}

fn shell<'a>(lang: Lang, title: &'a str, back: &'a str, actions: Option<Markup>) -> Shell<'a> {
    Shell {
        lang,
        site: lang.pick("WiFi Kota", "City WiFi"),
        title,
        switch: Some(("/lang", back)),
        actions,
        refresh: None,
    }
}

/// The login form.
pub fn login_page(
    lang: Lang,
    token: &str,
    problem: Option<LoginProblem>,
    username: &str,
) -> Markup {
    let says = problem.map(|p| match p {
        LoginProblem::Credentials => lang.pick(
            "Nama pengguna atau kata sandi salah.",
            "Wrong username or password.",
        ),
        LoginProblem::Empty => lang.pick(
            "Isi nama pengguna dan kata sandi.",
            "Fill in both the username and the password.",
        ),
        LoginProblem::Expired => lang.pick(
            "Formulir sudah kedaluwarsa. Silakan coba masuk sekali lagi.",
            "The form had expired. Please try to log in once more.",
        ),
        LoginProblem::Throttled => lang.pick(
            "Terlalu banyak percobaan yang salah. Tunggu beberapa menit, lalu coba lagi.",
            "Too many wrong tries. Wait a few minutes, then try again.",
        ),
        LoginProblem::Busy => lang.pick(
            "Server sedang sibuk. Coba lagi sebentar lagi.",
            "The server is busy. Try again in a moment.",
        ),
    });
    let content = html! {
        @if let Some(text) = says {
            p.flash.error role="alert" { (text) }
        }
        div.card {
            p.muted {
                (lang.pick(
                    "Masuk dengan nama pengguna dan kata sandi WiFi Anda untuk melihat sisa kuota, perangkat yang tersambung, dan riwayat masuk.",
                    "Log in with your WiFi username and password to see what is left of your quota, your devices online and your recent logins.",
                ))
            }
            form.login method="post" action="/login" {
                input type="hidden" name="csrf" value=(token);
                label for="username" { (lang.pick("Nama pengguna", "Username")) }
                input #username type="text" name="username" value=(username)
                    autocomplete="username" autocapitalize="none" spellcheck="false" required;
                label for="password" { (lang.pick("Kata sandi", "Password")) }
                input #password type="password" name="password"
                    autocomplete="current-password" required;
                button type="submit" { (lang.pick("Masuk", "Log in")) }
            }
        }
    };
    shell(lang, lang.pick("Masuk", "Log in"), "/", None).render(content)
}

/// A short page: a heading, one sentence and a way back.
pub fn message_page(status: StatusCode, lang: Lang, title: &str, text: &str) -> Response {
    let content = html! {
        div.card {
            p { (text) }
            p { a href="/" { (lang.pick("Kembali ke halaman utama", "Back to the main page")) } }
        }
    };
    html_status(status, shell(lang, title, "/", None).render(content))
}

/// 403: a form whose token does not match its session.
pub fn forbidden(lang: Lang) -> Response {
    message_page(
        StatusCode::FORBIDDEN,
        lang,
        lang.pick("Formulir kedaluwarsa", "The form has expired"),
        lang.pick(
            "Formulir ini sudah tidak berlaku. Buka halaman lagi dan coba sekali lagi.",
            "This form is no longer valid. Open the page again and try once more.",
        ),
    )
}

/// 503: the store cannot be read just now.
pub fn unavailable(lang: Lang) -> Response {
    message_page(
        StatusCode::SERVICE_UNAVAILABLE,
        lang,
        lang.pick("Sedang tidak tersedia", "Not available just now"),
        lang.pick(
            "Data akun tidak dapat dibaca saat ini. Coba lagi beberapa saat lagi.",
            "The account cannot be read just now. Try again in a moment.",
        ),
    )
}

/// The outcome of the last action, from the word in `?done=` (anything else: nothing).
fn flash(lang: Lang, done: &str) -> Option<(&'static str, &'static str)> {
    let (class, id, en) = match done {
        "disconnected" => (
            "ok",
            "Perangkat sudah diputus. Daftar di bawah berubah setelah hotspot melaporkannya.",
            "The device was disconnected. The list below changes once the hotspot reports it.",
        ),
        "refused" => (
            "warn",
            "Hotspot menolak memutus perangkat. Mungkin sudah terputus.",
            "The hotspot refused to disconnect the device. It may have left already.",
        ),
        "no-answer" => (
            "warn",
            "Hotspot tidak menjawab. Coba lagi sebentar lagi.",
            "The hotspot did not answer. Try again in a moment.",
        ),
        "not-sent" => (
            "error",
            "Permintaan tidak dapat dikirim ke hotspot ini.",
            "The request could not be sent to this hotspot.",
        ),
        "gone" => (
            "ok",
            "Perangkat itu sudah tidak tersambung.",
            "That device is no longer online.",
        ),
        "forgotten" => (
            "ok",
            "Perangkat dilupakan: ia harus masuk dengan kata sandi lagi.",
            "The device was forgotten: it must log in with the password again.",
        ),
        _ => return None,
    };
    Some((class, lang.pick(id, en)))
}

/// The account page.
pub fn account_page(lang: Lang, account: &Account, token: &str, done: &str) -> Markup {
    let logout = html! {
        form.inline method="post" action="/logout" {
            input type="hidden" name="csrf" value=(token);
            button type="submit" { (lang.pick("Keluar", "Log out")) }
        }
    };
    let content = html! {
        @if let Some((class, text)) = flash(lang, done) {
            p class={ "flash " (class) } role="status" { (text) }
        }
        (plan_card(lang, account))
        (quota_card(lang, account))
        (devices_card(lang, account, token))
        (roaming_card(lang, account, token))
        (attempts_card(lang, account))
    };
    shell(
        lang,
        lang.pick("Sisa kuota", "What is left"),
        "/",
        Some(logout),
    )
    .render(content)
}

fn standing(lang: Lang, account: &Account) -> Markup {
    let (class, text) = match account.standing() {
        Standing::Active => ("ok", lang.pick("Aktif", "Active")),
        Standing::Disabled => ("no", lang.pick("Dinonaktifkan", "Disabled")),
        Standing::Expired => ("no", lang.pick("Kedaluwarsa", "Expired")),
        Standing::NotYetValid => ("no", lang.pick("Belum berlaku", "Not valid yet")),
    };
    html! { span class={ "tag " (class) } { (text) } }
}

fn plan_card(lang: Lang, a: &Account) -> Markup {
    let policy = a.policy();
    let hours = policy
        .and_then(|p| p.hours.as_ref())
        .map(|h| h.as_str().to_string())
        .unwrap_or_else(|| lang.pick("Sepanjang hari", "All day").to_string());
    let devices = policy
        .and_then(|p| p.max_sessions)
        .map(|n| n.to_string())
        .unwrap_or_else(|| lang.pick("Tanpa batas", "No limit").to_string());
    let valid_from = policy.and_then(|p| p.valid_from).filter(|f| *f > a.now);
    html! {
        section.card {
            h2 { (lang.pick("Paket", "Plan")) }
            dl.facts {
                dt { (lang.pick("Pengguna", "User")) }
                dd { (a.user.user.username) }
                dt { (lang.pick("Paket", "Plan")) }
                dd { (a.user.plan.name) }
                dt { (lang.pick("Status", "Status")) }
                dd { (standing(lang, a)) }
                @if let Some(from) = valid_from {
                    dt { (lang.pick("Mulai berlaku", "Valid from")) }
                    dd { (texts::instant(from, a.offset)) }
                }
                dt { (lang.pick("Berlaku sampai", "Valid until")) }
                dd {
                    @match a.valid_until() {
                        Some(end) => (texts::instant(end, a.offset)),
                        None => (lang.pick("Tanpa batas waktu", "No end date")),
                    }
                }
                dt { (lang.pick("Jam akses", "Allowed hours")) }
                dd { (hours) }
                dt { (lang.pick("Perangkat sekaligus", "Devices at once")) }
                dd { (devices) }
            }
            @if a.user.policy.is_err() {
                p.flash.warn {
                    (lang.pick(
                        "Batas paket ini tidak dapat dibaca; hubungi pengelola RW.",
                        "This plan's limits cannot be read; contact the RW's operator.",
                    ))
                }
            }
        }
    }
}

/// One quota line: what was used, against the limit when there is one.
fn quota(
    lang: Lang,
    label: &str,
    used: u64,
    limit: Option<u64>,
    fmt: fn(Lang, u64) -> String,
) -> Markup {
    html! {
        div.quota {
            div.quota-head {
                span { (label) }
                span {
                    @match limit {
                        Some(max) => {
                            (fmt(lang, used)) " / " (fmt(lang, max))
                        }
                        None => {
                            (fmt(lang, used)) " · " (lang.pick("tanpa batas", "no limit"))
                        }
                    }
                }
            }
            @if let Some(max) = limit {
                meter min="0" max=(max) low=(max / 10 * 7) high=(max / 10 * 9) optimum="0" value=(used.min(max)) {
                    (fmt(lang, used))
                }
                p.muted {
                    (lang.pick("Sisa", "Left")) ": " (fmt(lang, max.saturating_sub(used)))
                }
            }
        }
    }
}

fn quota_card(lang: Lang, a: &Account) -> Markup {
    let p = a.policy();
    let u = &a.user.usage;
    html! {
        section.card {
            h2 { (lang.pick("Pemakaian", "Usage")) }
            (quota(lang, lang.pick("Data hari ini", "Data today"), u.day_bytes, p.and_then(|p| p.daily_bytes), texts::bytes))
            (quota(lang, lang.pick("Waktu hari ini", "Time today"), u.day_seconds, p.and_then(|p| p.daily_seconds), texts::duration))
            (quota(lang, lang.pick("Data bulan ini", "Data this month"), u.month_bytes, p.and_then(|p| p.monthly_bytes), texts::bytes))
            (quota(lang, lang.pick("Waktu bulan ini", "Time this month"), u.month_seconds, p.and_then(|p| p.monthly_seconds), texts::duration))
        }
    }
}

fn devices_card(lang: Lang, a: &Account, token: &str) -> Markup {
    html! {
        section.card {
            h2 { (lang.pick("Perangkat online", "Devices online")) }
            @if a.sessions.is_empty() {
                p.muted { (lang.pick("Tidak ada perangkat yang tersambung sekarang.", "No device is online now.")) }
            }
            ul.items {
                @for s in &a.sessions {
                    li {
                        div.item-main {
                            div.item-title { (texts::device(s.calling_station_id.as_deref(), lang)) }
                            div.muted {
                                (a.hotspot(Some(s.nas_id)))
                                @if let Some(ip) = &s.framed_ip { " · " (ip) }
                            }
                            div.muted {
                                (lang.pick("Sejak", "Since")) " " (texts::instant(s.started_at, a.offset))
                                " · " (texts::bytes(lang, (s.input_octets.max(0) + s.output_octets.max(0)) as u64))
                            }
                        }
                        form.inline method="post" action="/devices/disconnect" {
                            input type="hidden" name="csrf" value=(token);
                            input type="hidden" name="session" value=(s.id);
                            button.danger type="submit" { (lang.pick("Putuskan", "Disconnect")) }
                        }
                    }
                }
            }
        }
    }
}

fn roaming_card(lang: Lang, a: &Account, token: &str) -> Markup {
    html! {
        section.card {
            h2 { (lang.pick("Perangkat roaming", "Roaming devices")) }
            p.muted {
                (lang.pick(
                    "Perangkat ini masuk otomatis di hotspot RW lain tanpa mengetik kata sandi lagi.",
                    "These devices log in by themselves at other RW hotspots without typing the password again.",
                ))
            }
            @if a.bindings.is_empty() {
                p.muted { (lang.pick("Belum ada perangkat roaming.", "No roaming device yet.")) }
            }
            ul.items {
                @for b in &a.bindings {
                    li {
                        div.item-main {
                            div.item-title { (lang.pick("Perangkat", "Device")) " " (b.mac_tail) }
                            div.muted {
                                (lang.pick("Terikat", "Bound")) " " (texts::instant(b.bound_at, a.offset))
                                @if b.nas_id.is_some() { " · " (a.hotspot(b.nas_id)) }
                            }
                            div.muted { (lang.pick("Berakhir", "Ends")) " " (texts::instant(b.expires_at, a.offset)) }
                        }
                        form.inline method="post" action="/devices/forget" {
                            input type="hidden" name="csrf" value=(token);
                            input type="hidden" name="device" value=(b.mac_hash);
                            button.secondary type="submit" { (lang.pick("Lupakan", "Forget")) }
                        }
                    }
                }
            }
        }
    }
}

fn attempts_card(lang: Lang, a: &Account) -> Markup {
    html! {
        section.card {
            h2 { (lang.pick("Sepuluh percobaan masuk terakhir", "Last ten login attempts")) }
            @if a.attempts.is_empty() {
                p.muted { (lang.pick("Belum ada.", "None yet.")) }
            }
            ul.items {
                @for e in &a.attempts {
                    li {
                        div.item-main {
                            div.item-title {
                                @if e.accepted {
                                    span.tag.ok { (lang.pick("Diterima", "Accepted")) }
                                } @else {
                                    span.tag.no { (lang.pick("Ditolak", "Refused")) }
                                }
                                " " (texts::instant(e.at, a.offset))
                            }
                            div { (texts::attempt(lang, e)) }
                            div.muted {
                                (a.hotspot(e.nas_id))
                                @if let Some(mac) = e.calling_station_id.as_deref() {
                                    " · " (texts::device(Some(mac), lang))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
