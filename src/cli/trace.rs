//! `radkota trace`: attaches to the running server's admin API (`GET /api/v1/trace`, an
//! admin token) and prints each matching Access-Request's block as it arrives, until
//! Ctrl-C.

use std::io::Write;

use anyhow::{Context as _, bail};

use super::Ctx;

/// Help epilogue for `trace`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  RADKOTA_TOKEN=... radkota trace --user siti
  radkota trace --nas rw07-hotspot --reject-only --token-stdin < admin.token
  radkota trace --mac AA:BB:CC:00:11:22 --url http://127.0.0.1:8080

Needs `[admin] enabled = true` on the server and an admin token (`radkota token create
--role admin`). Each block shows the source and NAS matched, the Message-Authenticator
verdict, the method and password verdict (never the password), the policy figures (hours,
quota use, devices, validity), the reply attributes with keys masked, and the time spent
in each stage. At most --rate blocks a second are shown; the rest are counted and the
count is printed. Every attach is written to the audit log.";

/// Options of `radkota trace`.
#[derive(Debug, clap::Args)]
pub struct TraceArgs {
    /// Only this User-Name.
    #[arg(long)]
    user: Option<String>,
    /// Only this NAS (its name in radkota).
    #[arg(long)]
    nas: Option<String>,
    /// Only this device (Calling-Station-Id; case and separators do not matter).
    #[arg(long)]
    mac: Option<String>,
    /// Only refused or unanswered requests.
    #[arg(long)]
    reject_only: bool,
    /// Most blocks a second (1..1000); more are counted, not shown.
    #[arg(long, default_value_t = 20)]
    rate: u32,
    /// The admin API; default: http:// and `admin.listen` from the configuration.
    #[arg(long)]
    url: Option<String>,
    /// An admin token (kept out of the shell history: prefer the environment or stdin).
    #[arg(long, env = "RADKOTA_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Read the admin token from standard input.
    #[arg(long, conflicts_with = "token")]
    token_stdin: bool,
}

/// Attaches and prints until the server closes the stream or the user stops it.
pub(super) async fn run(ctx: &Ctx, args: TraceArgs) -> anyhow::Result<()> {
    let token = match (&args.token, args.token_stdin) {
        (_, true) => String::from_utf8(super::read_secret_stdin("admin token")?)
            .context("the token is not text")?,
        (Some(t), false) => t.clone(),
        (None, false) => bail!("an admin token is needed: set RADKOTA_TOKEN or use --token-stdin"),
    };
    let base = args
        .url
        .clone()
        .unwrap_or_else(|| format!("http://{}", ctx.config.admin.listen));
    let mut query: Vec<(&str, String)> = vec![("rate", args.rate.to_string())];
    for (k, v) in [("user", &args.user), ("nas", &args.nas), ("mac", &args.mac)] {
        if let Some(v) = v {
            query.push((k, v.clone()));
        }
    }
    if args.reject_only {
        query.push(("reject_only", "true".into()));
    }
    let url = format!("{}/api/v1/trace", base.trim_end_matches('/'));
    let mut response = reqwest::Client::new()
        .get(&url)
        .bearer_auth(token.trim())
        .query(&query)
        .send()
        .await
        .with_context(|| format!("cannot reach the admin API at {base} (is [admin] enabled?)"))?;
    if !response.status().is_success() {
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        let detail = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v["detail"].as_str().map(str::to_string))
            .unwrap_or(body);
        bail!("the server refused the trace ({status}): {detail}");
    }
    while let Some(chunk) = response.chunk().await.context("trace stream")? {
        let mut out = std::io::stdout().lock();
        out.write_all(&chunk)?;
        out.flush()?;
    }
    Ok(())
}
