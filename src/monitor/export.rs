//! `/metrics`: what the server counts, read at scrape time and written in the Prometheus
//! text format (0.0.4) by prometheus-client. The request path's own counters
//! (`server::Counters`) are exported as they are, never counted twice; anything counted
//! there that this file does not name yet is still exported, as `radkota_server_events_total`.

use std::sync::atomic::Ordering::Relaxed;

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, NoLabelSet};
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::Registry;

use crate::metrics::{METRICS, ReplyKind, Snapshot};
use crate::server::context::Context;

/// Counters of `server::Counters` as (counter name, kind, outcome) of `radkota_requests_total`.
const REQUESTS: [(&str, &str, &str); 8] = [
    ("access_accepts", "access", "accept"),
    ("access_rejects", "access", "reject"),
    ("status_server", "status", "answered"),
    ("acct_starts", "accounting", "start"),
    ("acct_interims", "accounting", "interim"),
    ("acct_stops", "accounting", "stop"),
    ("acct_on_off", "accounting", "on_off"),
    ("duplicates_answered", "any", "duplicate_answered"),
];

/// Counters of `server::Counters` as (counter name, reason) of `radkota_drops_total`: each
/// a request left unanswered. `argon2_shed` holds `argon2_shed_too_old`, so it is split.
const DROPS: [(&str, &str); 13] = [
    ("unknown_client", "unknown_client"),
    ("malformed", "malformed"),
    ("bad_authenticator", "bad_authenticator"),
    ("bad_message_authenticator", "bad_message_authenticator"),
    (
        "missing_message_authenticator",
        "missing_message_authenticator",
    ),
    ("unsupported_code", "unsupported_code"),
    ("duplicates_in_progress", "duplicate_in_progress"),
    ("overloaded", "overloaded"),
    ("acct_invalid", "accounting_invalid"),
    ("acct_queue_full", "accounting_queue_full"),
    ("acct_not_recorded", "accounting_not_recorded"),
    ("store_errors", "database_error"),
    ("argon2_shed_too_old", "argon2_waited_too_long"),
];

/// Counters with a metric of their own: (counter name, metric, help).
const SINGLE: [(&str, &str, &str); 4] = [
    (
        "received",
        "radkota_datagrams_received",
        "UDP datagrams received on the RADIUS ports.",
    ),
    (
        "auth_log_dropped",
        "radkota_auth_log_dropped",
        "Auth log rows dropped because the writer's channel was full.",
    ),
    (
        "auth_throttled",
        "radkota_auth_throttled",
        "Logins refused unchecked: the user and NAS pair was backing off after failures.",
    ),
    (
        "pap_repeated_failures",
        "radkota_pap_repeated_failures",
        "PAP logins refused from the failure cache (the same wrong password again).",
    ),
];

/// Everything one scrape writes, read before encoding (the database counts need awaits).
#[derive(Debug)]
struct Frame {
    counters: Vec<(&'static str, u64)>,
    pap: [(&'static str, u64); 3],
    nas: Vec<(String, i64)>,
    open_sessions: Option<i64>,
    database_up: bool,
}

/// The text of one scrape.
pub async fn render(ctx: &Context) -> String {
    let pap = &ctx.authenticator.pap;
    let frame = Frame {
        counters: ctx.counters.snapshot(),
        pap: [
            ("success_cache", pap.success_hits.load(Relaxed)),
            ("failure_cache", pap.failure_hits.load(Relaxed)),
            ("argon2", pap.verifications.load(Relaxed)),
        ],
        nas: ctx
            .registry
            .all()
            .iter()
            .map(|n| (n.name.clone(), n.last_seen.load(Relaxed)))
            .collect(),
        open_sessions: ctx.store.open_session_count().await.ok(),
        database_up: ctx.store.readiness().await.is_ok(),
    };
    let mut registry = Registry::default();
    registry.register_collector(Box::new(frame));
    let mut out = String::new();
    if let Err(e) = prometheus_client::encoding::prometheus_text::encode(&mut out, &registry) {
        tracing::warn!(error = %e, "cannot encode /metrics");
    }
    out
}

/// The `Content-Type` of [`render`]'s text.
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

type Fmt = Result<(), std::fmt::Error>;

/// The label set of a series that has none.
const NO_LABELS: [(&str, &str); 0] = [];

impl Frame {
    fn counter(&self, name: &str) -> u64 {
        self.counters
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(0, |(_, v)| *v)
    }

    fn requests(&self, enc: &mut DescriptorEncoder) -> Fmt {
        let mut m = enc.encode_descriptor(
            "radkota_requests",
            "Requests answered, by kind and outcome.",
            None,
            MetricType::Counter,
        )?;
        for (counter, kind, outcome) in REQUESTS {
            let labels = [("kind", kind), ("outcome", outcome)];
            m.encode_family(&labels)?
                .encode_counter::<NoLabelSet, _, u64>(&self.counter(counter), None)?;
        }
        Ok(())
    }

    fn drops(&self, enc: &mut DescriptorEncoder) -> Fmt {
        let mut m = enc.encode_descriptor(
            "radkota_drops",
            "Requests dropped without an answer, by reason.",
            None,
            MetricType::Counter,
        )?;
        let queue_full = self
            .counter("argon2_shed")
            .saturating_sub(self.counter("argon2_shed_too_old"));
        let all = DROPS
            .iter()
            .map(|(c, r)| (*r, self.counter(c)))
            .chain([("argon2_queue_full", queue_full)]);
        for (reason, value) in all {
            m.encode_family(&[("reason", reason)])?
                .encode_counter::<NoLabelSet, _, u64>(&value, None)?;
        }
        Ok(())
    }

    fn singles(&self, enc: &mut DescriptorEncoder) -> Fmt {
        for (counter, name, help) in SINGLE {
            enc.encode_descriptor(name, help, None, MetricType::Counter)?
                .encode_counter::<NoLabelSet, _, u64>(&self.counter(counter), None)?;
        }
        // Counted by the request path but named nowhere above (added since): still exported.
        let known = |n: &str| {
            REQUESTS.iter().any(|r| r.0 == n)
                || DROPS.iter().any(|d| d.0 == n)
                || SINGLE.iter().any(|s| s.0 == n)
                || n == "argon2_shed"
        };
        let mut m = enc.encode_descriptor(
            "radkota_server_events",
            "Other events the request path counts, by name.",
            None,
            MetricType::Counter,
        )?;
        for (name, value) in self.counters.iter().filter(|(n, _)| !known(n)) {
            m.encode_family(&[("name", *name)])?
                .encode_counter::<NoLabelSet, _, u64>(value, None)?;
        }
        let mut m = enc.encode_descriptor(
            "radkota_pap_checks",
            "PAP passwords checked, by what answered: a cache or an argon2 verification.",
            None,
            MetricType::Counter,
        )?;
        for (via, value) in &self.pap {
            m.encode_family(&[("via", *via)])?
                .encode_counter::<NoLabelSet, _, u64>(value, None)?;
        }
        Ok(())
    }

    fn store(&self, enc: &mut DescriptorEncoder) -> Fmt {
        let mut m = enc.encode_descriptor(
            "radkota_database_errors",
            "Database errors: login reads that failed, accounting batches not committed.",
            None,
            MetricType::Counter,
        )?;
        let errors = [
            ("login", self.counter("store_errors")),
            ("accounting", METRICS.commit_failures.load(Relaxed)),
        ];
        for (path, value) in errors {
            m.encode_family(&[("path", path)])?
                .encode_counter::<NoLabelSet, _, u64>(&value, None)?;
        }
        gauge(
            enc,
            "radkota_database_up",
            "1 while the database answers and has every migration applied (as /readyz).",
            i64::from(self.database_up),
        )?;
        if let Some(open) = self.open_sessions {
            gauge(
                enc,
                "radkota_open_sessions",
                "Accounting sessions open now, across every instance on this database.",
                open,
            )?;
        }
        gauge(
            enc,
            "radkota_accounting_queue_depth",
            "Accounting records waiting for the store writer.",
            METRICS.accounting_queue() as i64,
        )?;
        histogram(
            enc,
            "radkota_accounting_commit_duration_seconds",
            "Time to commit one accounting batch (committed or not).",
            &[(NO_LABELS, METRICS.commit_latency.snapshot())],
        )?;
        histogram(
            enc,
            "radkota_accounting_batch_records",
            "Accounting records per committed batch.",
            &[(NO_LABELS, METRICS.commit_records.snapshot())],
        )
    }

    fn nas(&self, enc: &mut DescriptorEncoder) -> Fmt {
        gauge(
            enc,
            "radkota_nas_loaded",
            "NAS in this instance's registry.",
            self.nas.len() as i64,
        )?;
        let mut m = enc.encode_descriptor(
            "radkota_nas_last_seen_timestamp_seconds",
            "When this instance last received a datagram from the NAS (0: not since start).",
            None,
            MetricType::Gauge,
        )?;
        for (name, at) in &self.nas {
            m.encode_family(&[("nas", name.as_str())])?
                .encode_gauge(at)?;
        }
        Ok(())
    }
}

impl Collector for Frame {
    fn encode(&self, mut enc: DescriptorEncoder) -> Fmt {
        self.requests(&mut enc)?;
        self.drops(&mut enc)?;
        self.singles(&mut enc)?;
        let latency: Vec<_> = ReplyKind::ALL
            .iter()
            .map(|k| ([("kind", k.as_str())], METRICS.reply_latency(*k)))
            .collect();
        histogram(
            &mut enc,
            "radkota_reply_duration_seconds",
            "Time from a request's arrival to its reply being sent, by kind.",
            &latency,
        )?;
        gauge(
            &mut enc,
            "radkota_argon2_jobs",
            "PAP checks in the argon2 pool (queued or running).",
            METRICS.argon2_jobs.load(Relaxed),
        )?;
        self.store(&mut enc)?;
        self.nas(&mut enc)
    }
}

fn gauge(enc: &mut DescriptorEncoder, name: &str, help: &str, value: i64) -> Fmt {
    enc.encode_descriptor(name, help, None, MetricType::Gauge)?
        .encode_gauge(&value)
}

fn histogram<L: EncodeLabelSet>(
    enc: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    series: &[(L, Snapshot)],
) -> Fmt {
    let mut m = enc.encode_descriptor(name, help, None, MetricType::Histogram)?;
    for (labels, s) in series {
        m.encode_family(labels)?
            .encode_histogram::<NoLabelSet>(s.sum, s.count, &s.buckets, None)?;
    }
    Ok(())
}
