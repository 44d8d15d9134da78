//! Third-party clients the interop tests drive (FreeRADIUS's radclient, radsecproxy):
//! whether one is installed (a missing one fails under RADKOTA_REQUIRE_INTEROP, as
//! `.ci/run` sets it, and is skipped loudly otherwise), and radclient's output.

use std::io::Write;
use std::process::{Command, Stdio};

/// Whether `name` is on the PATH; `package` is the Debian package the message names.
pub fn tool_available(name: &str, package: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("RADKOTA_REQUIRE_INTEROP").is_err(),
            "{name} is required (apt-get install {package})"
        );
        eprintln!("!!!!!!!! skipped: {name} not installed (apt-get install {package}) !!!!!!!!");
    }
    found
}

/// radclient's verbose output (stdout then stderr) for one request of `kind` with
/// `attrs`, sent `tries` times at most, `timeout` seconds apart.
pub fn radclient(
    server: &str,
    kind: &str,
    secret: &str,
    tries: u32,
    timeout: u32,
    attrs: &str,
) -> String {
    let (tries, timeout) = (tries.to_string(), timeout.to_string());
    let mut child = Command::new("radclient")
        .args(["-x", "-r", &tries, "-t", &timeout, server, kind, secret])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("radclient");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(attrs.as_bytes())
        .expect("write attributes");
    let out = child.wait_with_output().expect("radclient output");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}
