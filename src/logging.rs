//! Log set-up: text or JSON to stderr, level from the config. Secrets never reach a log
//! call in the first place; this module decides the format, and that a log line which
//! cannot be written (stderr on a full disk, a closed pipe) is dropped and counted, never
//! a reason to stop: the count is written as soon as a line can be written again.
//!
//! Why a writer of our own: with `std::io::stderr` as the writer, tracing-subscriber
//! reports a failed write with `eprintln!`, which panics when stderr cannot be written
//! ("failed printing to stderr"); that panic, inside the subscriber, aborted the whole
//! process (SIGABRT) within seconds of the disk filling.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use tracing_subscriber::fmt::MakeWriter;

use crate::config::LogConfig;

/// Lines dropped since the last line that could be written.
static PENDING: AtomicU64 = AtomicU64::new(0);
/// Lines dropped since the process started.
static TOTAL: AtomicU64 = AtomicU64::new(0);
/// A line was cut short by a failed write: the next one starts on a fresh line.
static CUT: AtomicBool = AtomicBool::new(false);

/// Installs the global subscriber; a second call (tests) is a no-op.
pub fn init(cfg: &LogConfig) {
    let filter = tracing_subscriber::EnvFilter::try_new(&cfg.level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let json = cfg.format == "json";
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .log_internal_errors(false)
        .with_writer(LossyStderr { json });
    let _ = if json {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.with_ansi(false).try_init()
    };
}

/// Log lines dropped since start because stderr could not be written.
pub fn dropped_lines() -> u64 {
    TOTAL.load(Ordering::Relaxed)
}

/// Writes one line for a person (the CLI's last error, the panic hook) to stderr, or counts
/// it dropped. Never panics, unlike `eprintln!`: a panic hook that panics aborts the process.
pub fn stderr_line(text: &str) {
    let mut line = String::with_capacity(text.len() + 1);
    line.push_str(text);
    line.push('\n');
    write_line(&mut io::stderr().lock(), line.as_bytes(), false);
}

/// Hands tracing-subscriber one `LossyLine` per event.
#[derive(Debug, Clone, Copy)]
struct LossyStderr {
    json: bool,
}

impl<'a> MakeWriter<'a> for LossyStderr {
    type Writer = LossyLine;

    fn make_writer(&'a self) -> LossyLine {
        LossyLine { json: self.json }
    }
}

/// One formatted event on its way to stderr. Never fails: what cannot be written is
/// counted instead.
struct LossyLine {
    json: bool,
}

impl Write for LossyLine {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        write_line(&mut io::stderr().lock(), buf, self.json);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes `line` to `out`, first the count of lines dropped before it if there are any;
/// if either cannot be written the line is dropped and counted.
fn write_line(out: &mut impl Write, line: &[u8], json: bool) {
    if CUT.load(Ordering::Relaxed) {
        if !matches!(write_all(out, b"\n"), Written::All) {
            drop_one();
            return;
        }
        CUT.store(false, Ordering::Relaxed);
    }
    let pending = PENDING.load(Ordering::Relaxed);
    if pending > 0 {
        if !written(out, dropped_note(pending, json).as_bytes()) {
            drop_one();
            return;
        }
        PENDING.fetch_sub(pending, Ordering::Relaxed);
    }
    if !written(out, line) {
        drop_one();
    }
}

fn drop_one() {
    PENDING.fetch_add(1, Ordering::Relaxed);
    TOTAL.fetch_add(1, Ordering::Relaxed);
}

/// Whether all of `bytes` went out; a line cut short is remembered so that the next
/// starts on its own line.
fn written(out: &mut impl Write, bytes: &[u8]) -> bool {
    match write_all(out, bytes) {
        Written::All => true,
        Written::None => false,
        Written::Part => {
            CUT.store(true, Ordering::Relaxed);
            false
        }
    }
}

enum Written {
    All,
    Part,
    None,
}

/// `Write::write_all`, telling a partial write from none.
fn write_all(out: &mut impl Write, mut bytes: &[u8]) -> Written {
    let total = bytes.len();
    while !bytes.is_empty() {
        match out.write(bytes) {
            Ok(0) => break,
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
    match bytes.len() {
        0 => Written::All,
        n if n == total => Written::None,
        _ => Written::Part,
    }
}

/// The line that reports `n` dropped lines, in the log's own format.
fn dropped_note(n: u64, json: bool) -> String {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    if json {
        format!(
            "{{\"timestamp\":\"{now}\",\"level\":\"WARN\",\"message\":\"log lines dropped: \
             the log could not be written\",\"dropped\":{n},\"target\":\"radkota::logging\"}}\n"
        )
    } else {
        format!(
            "{now}  WARN radkota::logging: log lines dropped: the log could not be written \
             dropped={n}\n"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Takes `room` bytes, then fails as a full disk does.
    struct Disk {
        data: Vec<u8>,
        room: usize,
    }

    impl Write for Disk {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = buf.len().min(self.room.saturating_sub(self.data.len()));
            if n == 0 {
                return Err(io::Error::from_raw_os_error(28));
            }
            self.data.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    // One test owns the process-wide counters.
    #[test]
    fn lines_that_cannot_be_written_are_dropped_counted_and_reported() {
        let mut disk = Disk {
            data: Vec::new(),
            room: 12,
        };
        write_line(&mut disk, b"first line\n", false);
        // Cut short after one byte, then nothing at all.
        write_line(&mut disk, b"second line\n", false);
        write_line(&mut disk, b"third line\n", false);
        assert_eq!(dropped_lines(), 2);
        assert_eq!(disk.data, b"first line\ns");
        disk.room = 1000;
        write_line(&mut disk, b"fourth line\n", false);
        let text = String::from_utf8(disk.data).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "first line");
        assert_eq!(lines[1], "s");
        assert!(
            lines[2].ends_with("log lines dropped: the log could not be written dropped=2"),
            "{text}"
        );
        assert_eq!(lines[3], "fourth line");
        assert_eq!(lines.len(), 4);
        assert_eq!(PENDING.load(Ordering::Relaxed), 0);
        assert_eq!(dropped_lines(), 2);
    }
}
