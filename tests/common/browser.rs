//! Browser tests' harness: the system `chromedriver` on a free loopback port driving
//! headless Chromium through WebDriver (fantoccini), with blocking helpers for the
//! synchronous tests and screenshots into `target/screenshots/<suite>/`. Any suite with
//! pages (the portal, later the console) opens one with `Browser::start("name")`.
//! Without the browser a test skips, unless RADKOTA_REQUIRE_INTEROP is set (CI), where a
//! missing browser fails it. Suites include it by path (`#[path = "common/browser.rs"]
//! mod browser;`), so the others do not build it.

#![allow(dead_code)]

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// The installed browser and driver, or `None` (the test skips) when either is missing.
fn installed() -> Option<(PathBuf, PathBuf)> {
    let find = |name: &str| {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {name}"))
            .output()
            .ok()?;
        let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (!path.is_empty()).then(|| PathBuf::from(path))
    };
    match (find("chromium"), find("chromedriver")) {
        (Some(browser), Some(driver)) => Some((browser, driver)),
        _ => {
            assert!(
                std::env::var("RADKOTA_REQUIRE_INTEROP").is_err(),
                "chromium and chromedriver are required (apt-get install chromium chromium-driver)"
            );
            eprintln!("!!!!!!!! skipped: chromium or chromedriver not installed !!!!!!!!");
            None
        }
    }
}

/// Where a suite's screenshots go: `target/screenshots/<suite>/`.
pub fn screenshot_dir(suite: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("screenshots").join(suite)
}

/// A headless Chromium under WebDriver, ended when dropped.
pub struct Browser {
    driver: Child,
    client: Option<Client>,
    rt: tokio::runtime::Runtime,
    shots: PathBuf,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a browser session; `None` when they are not installed.
    pub fn start(suite: &str) -> Option<Browser> {
        let (chromium, chromedriver) = installed()?;
        let port = free_port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().expect("profile dir");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--hide-scrollbars", "--no-first-run", "--disable-extensions",
                    "--force-device-scale-factor=1",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = rt
            .block_on(
                ClientBuilder::new(connector)
                    .capabilities(caps)
                    .connect(&format!("http://{addr}")),
            )
            .expect("WebDriver session");
        let shots = screenshot_dir(suite);
        std::fs::create_dir_all(&shots).expect("screenshot dir");
        Some(Browser {
            driver,
            client: Some(client),
            rt,
            shots,
            _profile: profile,
        })
    }

    fn client(&self) -> &Client {
        self.client.as_ref().expect("browser session")
    }

    /// Opens `url`.
    pub fn goto(&self, url: &str) {
        self.rt.block_on(self.client().goto(url)).expect("goto");
    }

    /// The page's current URL.
    pub fn url(&self) -> String {
        self.rt
            .block_on(self.client().current_url())
            .expect("url")
            .to_string()
    }

    /// The page's HTML as the browser holds it.
    pub fn source(&self) -> String {
        self.rt.block_on(self.client().source()).expect("source")
    }

    /// The visible text of the first element matching `css`.
    pub fn text(&self, css: &str) -> String {
        self.rt.block_on(async {
            let el = self.client().find(Locator::Css(css)).await.expect(css);
            el.text().await.expect("text")
        })
    }

    /// How many elements match `css`.
    pub fn count(&self, css: &str) -> usize {
        self.rt
            .block_on(self.client().find_all(Locator::Css(css)))
            .expect("find_all")
            .len()
    }

    /// Types `value` into the field matching `css` (cleared first).
    pub fn fill(&self, css: &str, value: &str) {
        self.rt.block_on(async {
            let el = self.client().find(Locator::Css(css)).await.expect(css);
            el.clear().await.expect("clear");
            el.send_keys(value).await.expect("type");
        });
    }

    /// Sets the `value` of the first element matching `css` as a person editing the page
    /// (e.g. a hidden form field) would.
    pub fn set_value(&self, css: &str, value: &str) {
        self.rt.block_on(async {
            let c = self.client();
            let el = c.find(Locator::Css(css)).await.expect(css);
            let arg = serde_json::to_value(&el).expect("element");
            c.execute(
                "arguments[0].value = arguments[1];",
                vec![arg, json!(value)],
            )
            .await
            .expect("set value");
        });
    }

    /// Clicks the first element matching `css` and, when that leaves the page (a link, a
    /// form's submit), waits until the next page has loaded.
    pub fn click(&self, css: &str) {
        self.rt.block_on(async {
            let c = self.client();
            let old = c.find(Locator::Css("html")).await.expect("html");
            let el = c.find(Locator::Css(css)).await.expect(css);
            el.click().await.expect("click");
            // The old document's root goes stale once the browser has moved on.
            let deadline = Instant::now() + Duration::from_secs(10);
            while old.tag_name().await.is_ok() && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
            loop {
                let state = c.execute("return document.readyState;", vec![]).await;
                if matches!(state, Ok(ref v) if v == "complete") || Instant::now() > deadline {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
        });
    }

    /// The value of cookie `name` as the browser holds it (`None` when it has none).
    pub fn cookie(&self, name: &str) -> Option<(String, bool, String)> {
        let c = self
            .rt
            .block_on(self.client().get_named_cookie(name))
            .ok()?;
        let same_site = c.same_site().map(|s| format!("{s:?}")).unwrap_or_default();
        Some((
            c.value().to_string(),
            c.http_only().unwrap_or(false),
            same_site,
        ))
    }

    /// Whether a script dialog (e.g. an injected `alert`) is open.
    pub fn alert_open(&self) -> bool {
        self.rt.block_on(self.client().get_alert_text()).is_ok()
    }

    /// Makes the page's viewport `width` CSS pixels wide (and `height` high).
    pub fn viewport(&self, width: u32, height: u32) {
        self.rt.block_on(async {
            let c = self.client();
            c.set_window_size(width, height).await.expect("resize");
            // The window includes the browser's frame: correct by what the page sees.
            let inner = c
                .execute("return [window.innerWidth, window.innerHeight];", vec![])
                .await
                .expect("inner size");
            let w = inner[0].as_u64().unwrap_or(width as u64) as i64;
            let h = inner[1].as_u64().unwrap_or(height as u64) as i64;
            let (dw, dh) = (width as i64 - w, height as i64 - h);
            if dw != 0 || dh != 0 {
                c.set_window_size((width as i64 + dw) as u32, (height as i64 + dh) as u32)
                    .await
                    .expect("resize");
            }
        });
    }

    /// Whether the page is wider than its viewport (something overflows sideways).
    pub fn overflows_sideways(&self) -> bool {
        let v = self
            .rt
            .block_on(self.client().execute(
                "return document.documentElement.scrollWidth > window.innerWidth;",
                vec![],
            ))
            .expect("scrollWidth");
        v.as_bool().unwrap_or(true)
    }

    /// A screenshot of the whole page at `width` CSS pixels, saved as
    /// `<dir>/<name>-<width>.png`; returns the path.
    pub fn screenshot(&self, name: &str, width: u32) -> PathBuf {
        self.viewport(width, 800);
        let height = self
            .rt
            .block_on(
                self.client()
                    .execute("return document.documentElement.scrollHeight;", vec![]),
            )
            .expect("scrollHeight")
            .as_u64()
            .unwrap_or(800)
            .clamp(400, 6000) as u32;
        self.viewport(width, height);
        let png = self
            .rt
            .block_on(self.client().screenshot())
            .expect("screenshot");
        let path = self.shots.join(format!("{name}-{width}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.rt.block_on(client.close());
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A loopback port free right now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}
