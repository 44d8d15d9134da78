//! The README cannot rot (issue 23, part 1): every ```sh block in README.md is run, in
//! order, as a newcomer would run it from the cloned directory.
//!
//! The convention (also for whoever edits the README):
//! - Every fenced block has a language. ```sh blocks are shell commands and are run; other
//!   languages (`text` for sample output, `routeros` for router commands, `toml`) are not.
//! - `<!-- readme-test: skip (REASON) -->` on the line(s) just before a ```sh block leaves it
//!   out, with the reason (a long-running `serve`, an install into the home directory, a
//!   command that needs a real hotspot). Every skip needs a reason, and there are few.
//! - `<!-- readme-test: expect "TEXT" -->` before a block: its output must contain TEXT.
//!
//! How they run: all blocks in one `bash -euo pipefail` session (so `$SECRET` and `$TOKEN`
//! carry over, as in one terminal), working directory a scratch copy with
//! `config/radkota.toml` and `docs/examples/`, and the `radkota` this suite built first on
//! the PATH. The server is this binary's `serve`, started by the test in the same directory
//! on free ports; in the commands, the documented default ports `127.0.0.1:1812`, `:1813`
//! and `:8080` are replaced by those ports (the only rewrite). The try-out's blocks need
//! `radtest`/`radclient`: without them the test prints a loud "skipped" line, and fails
//! instead when `RADKOTA_REQUIRE_INTEROP` is set (as in `.ci/run`).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One fenced block of the README.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Block {
    /// 1-based line of the opening fence.
    line: usize,
    lang: String,
    text: String,
    skip: Option<String>,
    expect: Vec<String>,
}

/// The fenced blocks of `readme`, with the markers just before each.
fn blocks(readme: &str) -> Vec<Block> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(lang) = lines[i].strip_prefix("```") else {
            i += 1;
            continue;
        };
        let (mut skip, mut expect) = (None, Vec::new());
        for marker in lines[..i]
            .iter()
            .rev()
            .take_while(|l| l.starts_with("<!-- readme-test:"))
        {
            let body = marker
                .trim_start_matches("<!-- readme-test:")
                .trim_end_matches("-->")
                .trim();
            if let Some(reason) = body.strip_prefix("skip") {
                skip = Some(reason.trim().trim_matches(['(', ')']).to_string());
            } else if let Some(text) = body.strip_prefix("expect") {
                expect.push(text.trim().trim_matches('"').to_string());
            } else {
                panic!("README.md line {}: unknown marker `{marker}`", i);
            }
        }
        let end = (i + 1..lines.len())
            .find(|&j| lines[j].starts_with("```"))
            .unwrap_or_else(|| panic!("README.md line {}: fence not closed", i + 1));
        out.push(Block {
            line: i + 1,
            lang: lang.trim().to_string(),
            text: lines[i + 1..end].join("\n"),
            skip,
            expect,
        });
        i = end + 1;
    }
    out
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md")
}

#[test]
fn the_markers_are_read_and_every_block_says_what_it_is() {
    let sample = "a\n<!-- readme-test: skip (runs forever) -->\n```sh\nradkota serve\n```\n\
                  <!-- readme-test: expect \"Access-Accept\" -->\n```sh\nradtest x\nradtest y\n```\n\
                  ```text\nout\n```\n";
    let b = blocks(sample);
    assert_eq!(b.len(), 3);
    assert_eq!(b[0].skip.as_deref(), Some("runs forever"));
    assert_eq!((b[1].line, b[1].text.as_str()), (7, "radtest x\nradtest y"));
    assert_eq!(b[1].expect, vec!["Access-Accept".to_string()]);
    assert_eq!((b[2].lang.as_str(), b[2].skip.is_none()), ("text", true));

    let all = blocks(&readme());
    for b in &all {
        assert!(
            !b.lang.is_empty(),
            "README.md line {}: a block without a language",
            b.line
        );
        assert!(
            b.skip.as_deref().is_none_or(|r| !r.is_empty()),
            "README.md line {}: a skip needs a reason",
            b.line
        );
    }
    let shell: Vec<&Block> = all.iter().filter(|b| b.lang == "sh").collect();
    let run = shell.iter().filter(|b| b.skip.is_none()).count();
    assert!(run >= 10, "only {run} of {} sh blocks run", shell.len());
    // Six today, each with its reason in the README: serve and cargo test, cargo install,
    // trace until Ctrl-C, RadSec onboarding (a router), the Debian package, disconnect.
    assert!(shell.len() - run <= 6, "too many skipped blocks");
}

/// A free port on 127.0.0.1 for `udp` or TCP (released at once: the server binds it).
fn free_port(udp: bool) -> u16 {
    if udp {
        std::net::UdpSocket::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    } else {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    }
}

/// The scratch directory: config with the free ports, the examples, `radkota` on a PATH.
fn scratch(ports: (u16, u16, u16)) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    std::fs::write(
        dir.path().join("config/radkota.toml"),
        format!(
            "[server]\nauth_listen = [\"127.0.0.1:{}\"]\nacct_listen = [\"127.0.0.1:{}\"]\n\n\
             [admin]\nenabled = true\nlisten = \"127.0.0.1:{}\"\n",
            ports.0, ports.1, ports.2
        ),
    )
    .unwrap();
    let examples = dir.path().join("docs/examples");
    std::fs::create_dir_all(&examples).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples");
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), examples.join(entry.file_name())).unwrap();
    }
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_radkota"), bin.join("radkota")).unwrap();
    (dir, bin)
}

/// A command in the scratch directory, with no RADKOTA_* setting from outside.
fn command(dir: &Path, bin: &Path, program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(dir).env(
        "PATH",
        format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        ),
    );
    for (k, _) in std::env::vars() {
        if k.starts_with("RADKOTA_") {
            cmd.env_remove(&k);
        }
    }
    cmd
}

/// `radkota serve` in the scratch directory, as the README's first command starts it.
struct Serve {
    child: Child,
    log: Arc<Mutex<String>>,
}

impl Serve {
    fn start(dir: &Path, bin: &Path) -> Serve {
        let mut child = command(dir, bin, "radkota")
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let sink = log.clone();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut l = sink.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        let s = Serve { child, log };
        let deadline = Instant::now() + Duration::from_secs(60);
        while !s.log().contains("admin API listening") {
            assert!(
                Instant::now() < deadline,
                "server did not start:\n{}",
                s.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        s
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn every_command_block_runs_in_order() {
    if !(have("radtest") && have("radclient")) {
        assert!(
            std::env::var_os("RADKOTA_REQUIRE_INTEROP").is_none(),
            "radtest/radclient missing and RADKOTA_REQUIRE_INTEROP is set"
        );
        eprintln!(
            "*** SKIPPED README test: radtest/radclient not installed (freeradius-utils) ***"
        );
        return;
    }
    let ports = (free_port(true), free_port(true), free_port(false));
    let (dir, bin) = scratch(ports);
    let server = Serve::start(dir.path(), &bin);
    let all = blocks(&readme());
    let run: Vec<&Block> = all
        .iter()
        .filter(|b| b.lang == "sh" && b.skip.is_none())
        .collect();
    let mut script = String::from("set -euo pipefail\nexec 2>&1\n");
    for (n, b) in run.iter().enumerate() {
        let text = b
            .text
            .replace("127.0.0.1:1812", &format!("127.0.0.1:{}", ports.0))
            .replace("127.0.0.1:1813", &format!("127.0.0.1:{}", ports.1))
            .replace("127.0.0.1:8080", &format!("127.0.0.1:{}", ports.2));
        script.push_str(&format!(
            "echo '@@block {n} README.md line {}'\n{text}\n",
            b.line
        ));
    }
    script.push_str("echo '@@done'\n");
    let out = command(dir.path(), &bin, "bash")
        .arg("-c")
        .arg(&script)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success() && text.contains("@@done"),
        "a README block failed (the last @@block is the one):\n{text}\n--- server log ---\n{}",
        server.log()
    );
    // Each block's own output, for its expectations.
    for (n, b) in run.iter().enumerate() {
        let start = text.find(&format!("@@block {n} ")).expect("block marker");
        let rest = &text[start..];
        let end = rest[1..].find("@@").map_or(rest.len(), |e| e + 1);
        for want in &b.expect {
            assert!(
                rest[..end].contains(want.as_str()),
                "README.md line {}: expected `{want}` in:\n{}",
                b.line,
                &rest[..end]
            );
        }
    }
    // The try-out's logins were accepted, and the server said so in its own words.
    assert!(!text.contains("Access-Reject"), "{text}");
    assert!(
        text.matches("Received Access-Accept").count() >= 2,
        "{text}"
    );
    assert!(server.log().contains("radkota ready"), "{}", server.log());
}
