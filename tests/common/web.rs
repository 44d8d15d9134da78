//! A cookie-keeping HTTP client for the server-rendered pages (the person's page, the
//! console): keeps the `Set-Cookie`s it is given, never follows a redirect, posts forms,
//! and finds a form's CSRF token. Included by path (`#[path]`) in the tests that use it.

use std::net::SocketAddr;

/// A cookie-keeping HTTP client that does not follow redirects.
pub struct Web {
    base: String,
    http: reqwest::blocking::Client,
    cookies: Vec<(String, String)>,
}

/// One answer: status, headers' `Set-Cookie` values, the other headers, the body.
pub struct Answer {
    pub status: u16,
    pub set_cookies: Vec<String>,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Web {
    /// A client of the site at `addr` (plain HTTP).
    pub fn new(addr: SocketAddr) -> Web {
        Web {
            base: format!("http://{addr}"),
            http: reqwest::blocking::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: Vec::new(),
        }
    }

    fn keep(&mut self, r: reqwest::blocking::Response) -> Answer {
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let set_cookies: Vec<String> = headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        for c in &set_cookies {
            let pair = c.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != name);
            if !value.is_empty() {
                self.cookies.push((name.to_string(), value.to_string()));
            }
        }
        Answer {
            status,
            set_cookies,
            headers,
            body: r.text().unwrap(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// GET `path` with the cookies kept so far.
    pub fn get(&mut self, path: &str) -> Answer {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .send()
            .unwrap();
        self.keep(r)
    }

    /// POST `form` to `path`, form-encoded, with the cookies kept so far.
    pub fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Answer {
        let body = form
            .iter()
            .map(|(k, v)| format!("{k}={}", urlencode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .unwrap();
        self.keep(r)
    }
}

/// Percent-encodes everything but unreserved characters.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The CSRF token in a page's first form.
pub fn csrf_of(page: &str) -> String {
    let at = page
        .find("name=\"csrf\" value=\"")
        .expect("a form with a token")
        + 19;
    page[at..].split('"').next().unwrap().to_string()
}
