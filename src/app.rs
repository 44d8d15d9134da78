//! `radkota serve`: opens the store, starts the writers and background tasks, binds the
//! listeners, and on SIGTERM/SIGINT shuts them down in order. The wiring only; the request
//! path itself is in `server`.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use tokio::sync::{Semaphore, mpsc, watch};
use tokio::task::JoinHandle;

use crate::accounting::{Accounting, AccountingWriter};
use crate::auth::decision::{Authenticator, PolicySettings};
use crate::auth::seal::Sealer;
use crate::config::Config;
use crate::dictionary::Dictionary;
use crate::server::auth_log_writer;
use crate::server::context::Context;
use crate::server::counters::Counters;
use crate::server::dedup::DuplicateCache;
use crate::server::listener;
use crate::server::registry::Registry;
use crate::server::request::PortKind;
use crate::server::shutdown;
use crate::store::{Store, WriterSettings};

/// Requests worked on at once; beyond this new datagrams are dropped and counted.
const MAX_IN_FLIGHT: u32 = 8192;

/// How `radkota serve` was asked to run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Print every Access-Request's trace block to standard output (`serve --debug`).
    pub debug: bool,
}

/// Runs the server until SIGTERM/SIGINT (migrates the database first).
pub async fn serve(config: Config) -> anyhow::Result<()> {
    serve_with(config, Options::default()).await
}

/// As [`serve`], with `options`.
pub async fn serve_with(config: Config, options: Options) -> anyhow::Result<()> {
    crate::logging::init(&config.log);
    crate::store::health::set_plausible_max_gbps(config.accounting.plausible_max_gbps);
    let opened = open(&config).await?;
    let counters = Arc::new(Counters::default());
    let (ctx, log_writer, store_writer) = request_path(&config, &opened, counters.clone()).await?;
    let in_flight = Arc::new(Semaphore::new(MAX_IN_FLIGHT as usize));
    let mut background = start_background(&config, &opened, counters.clone());
    background.extend(start_summary(&config, &counters, &store_writer, &in_flight));
    drop(store_writer);

    if options.debug {
        background.push(debug_printer(&ctx.trace));
    }

    let (stop_tx, stop_rx) = watch::channel(false);
    let in_flight = Arc::new(Semaphore::new(MAX_IN_FLIGHT as usize));
    let mut listeners = bind_listeners(&config, &ctx, &in_flight, &stop_rx)?;
    let radsec = if config.radsec.enabled {
        let running = crate::radsec::start(
            &config,
            ctx.clone(),
            &opened.store,
            in_flight.clone(),
            &stop_rx,
        )
        .await?;
        listeners.extend(running.listeners);
        Some((running.refresh, running.stats))
    } else {
        None
    };
    let admin = start_admin(&config, &opened, &ctx.trace, &stop_rx).await?;
    let monitor = start_monitor(&config, &ctx, &stop_rx)?;
    let portal = start_portal(&config, &opened, &ctx, &stop_rx);
    tracing::info!(database = ?opened.store.backend(), "radkota ready");

    shutdown::signalled().await;
    tracing::info!("shutting down: no new requests; answering those in flight");
    let _ = stop_tx.send(true);
    for l in listeners {
        let _ = l.await;
    }
    if let Some(admin) = admin {
        let _ = admin.await;
    }
    if let Some(monitor) = monitor {
        let _ = monitor.await;
    }
    if let Some(portal) = portal {
        let _ = portal.await;
    }
    let grace = Duration::from_secs(config.server.shutdown_grace_secs);
    if tokio::time::timeout(grace, in_flight.acquire_many(MAX_IN_FLIGHT))
        .await
        .is_err()
    {
        tracing::warn!("shutdown grace period over with requests still in flight");
    }
    for task in background {
        task.abort();
    }
    let mut auth_stats = {
        use std::sync::atomic::Ordering::Relaxed;
        let a = &ctx.authenticator.pap;
        format!(
            "pap_cache_hits={} argon2_verifications={} log_lines_dropped={}",
            a.success_hits.load(Relaxed),
            a.verifications.load(Relaxed),
            crate::logging::dropped_lines()
        )
    };
    if let Some(eap) = &ctx.eap {
        auth_stats = format!("{auth_stats} {}", eap.drops.summary());
    }
    if let Some((refresh, stats)) = radsec {
        refresh.abort();
        auth_stats = format!("{auth_stats} {}", stats.summary());
    }
    // Dropping the last senders lets the auth-log and accounting writers drain and finish.
    drop(ctx);
    // Every record the writer holds belongs to a request that shutdown waited for above.
    let _ = tokio::time::timeout(grace, log_writer).await;
    opened.store.close().await;
    tracing::info!(counters = %format!("{} {auth_stats}", counters.summary()), "stopped");
    Ok(())
}

/// What start-up reads before anything is served.
struct Opened {
    store: Store,
    sealer: Sealer,
    dictionary: Arc<Dictionary>,
    registry: Arc<Registry>,
}

/// Opens and migrates the database, loads the key file, the dictionary and the NAS registry.
async fn open(config: &Config) -> anyhow::Result<Opened> {
    let url = config.database_url();
    let store = Store::connect_with(&url, config.database.max_connections)
        .await
        .context("cannot open the database")?;
    store
        .migrate()
        .await
        .context("cannot migrate the database")?;
    let sealer = crate::auth::key_bind::bind_config(config, &store).await?;
    warn_if_readable(config, &store).await;
    let (dictionary, dict_from) = config.dictionary()?;
    tracing::info!(from = %dict_from, attributes = dictionary.len(), "dictionary loaded");
    if let Some(notice) = crate::policy::clock::notice() {
        tracing::warn!("{notice}");
    }
    let dictionary = Arc::new(dictionary);
    check_plans(&store, &dictionary).await;
    let registry = Arc::new(Registry::load(&store, &sealer).await?);
    // Without it, PostgreSQL logins read the user from the database every time.
    if let Err(e) = store.follow_directory().await {
        tracing::warn!(error = %e, "cannot follow user changes; logins read the database");
    }
    if registry.is_empty() {
        tracing::warn!(
            "no NAS configured yet: add one with `radkota nas add`; it is picked up without restart"
        );
    }
    Ok(Opened {
        store,
        sealer,
        dictionary,
        registry,
    })
}

/// Warns when the database or the key file can be read by group or others (the key file
/// itself is refused then; a database made by an older version or by hand may be 0644).
async fn warn_if_readable(config: &Config, store: &Store) {
    use std::os::unix::fs::PermissionsExt;
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    if let Ok(Some(db)) = store.sqlite_file().await {
        for suffix in ["", "-wal", "-shm"] {
            files.push(crate::store::sqlite_companion(&db, suffix));
        }
    }
    if let crate::config::KeyLocation::Configured(p)
    | crate::config::KeyLocation::BesideDatabase(p) = config.key_location()
    {
        files.push(p);
    }
    for file in files {
        let Ok(meta) = std::fs::metadata(&file) else {
            continue;
        };
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            tracing::warn!(
                file = %file.display(),
                mode = %format!("{mode:04o}"),
                "readable by group or others: it holds password hashes or sealed secrets; \
                 run `chmod 600` on it"
            );
        }
    }
}

/// The request path's shared state, and the auth-log writer's task (awaited at shutdown so
/// the log is drained).
async fn request_path(
    config: &Config,
    opened: &Opened,
    counters: Arc<Counters>,
) -> anyhow::Result<(Arc<Context>, JoinHandle<()>, crate::store::StoreWriter)> {
    let store = &opened.store;
    let acct = &config.accounting;
    // One writer, shared by accounting and the auth log.
    let store_writer = store
        .start_writer(WriterSettings {
            fsync: acct.fsync,
            queue_max: acct.queue_max,
            batch_max: acct.batch_max,
            batch_window: Duration::from_millis(acct.batch_window_ms),
        })
        .await
        .context("cannot start the store writer")?;
    let (log_tx, log_rx) = mpsc::channel(16_384);
    let log_writer = tokio::spawn(auth_log_writer::run(
        store_writer.clone(),
        log_rx,
        config.day_zone(),
    ));
    let authenticator =
        Authenticator::new(store.clone(), opened.sealer.clone(), &config.pap_settings())?
            .with_policy(PolicySettings {
                dictionary: opened.dictionary.clone(),
                utc_offset: config.day_zone().offset_secs(),
                stale_after_intervals: i64::from(acct.stale_after_intervals),
            })
            .with_wording(config.wording()?)
            .with_roaming(crate::auth::decision::Roaming::new(
                &config.roaming.mac_password,
            ));
    let ctx = Arc::new(Context {
        registry: opened.registry.clone(),
        dedup: DuplicateCache::new(
            Duration::from_secs(config.server.duplicate_window_secs),
            config.server.duplicate_cache_max,
        ),
        counters,
        authenticator,
        store: store.clone(),
        auth_log: log_tx,
        accounting: Accounting {
            writer: AccountingWriter::new(store_writer.clone()),
            zone: config.day_zone(),
            interim_interval: acct.interim_interval_secs,
        },
        trace: Arc::new(crate::trace::Tap::new(
            opened.dictionary.clone(),
            Some(crate::trace::Reader {
                store: store.clone(),
                utc_offset: config.day_zone().offset_secs(),
                stale_after_intervals: i64::from(acct.stale_after_intervals),
            }),
        )),
        quota: Arc::new(crate::coa::QuotaWatch::new(
            store.clone(),
            opened.sealer.clone(),
            crate::coa::CoaSettings::from_config(&config.coa),
            config.day_zone().offset_secs(),
            i64::from(acct.stale_after_intervals),
            config.coa.enforce_quota,
        )),
        eap: eap_server(config)?,
    });
    Ok((ctx, log_writer, store_writer))
}

/// The EAP side (`[eap]`), when enabled. Without a readable certificate PEAP and TTLS
/// cannot run: start-up fails rather than refusing every phone later.
fn eap_server(config: &Config) -> anyhow::Result<Option<Arc<crate::eap::Server>>> {
    use crate::eap::{Method, Server, Settings, sessions::Sessions};
    let e = &config.eap;
    if !e.enabled {
        return Ok(None);
    }
    let methods: Vec<Method> = e.methods.iter().filter_map(|m| Method::parse(m)).collect();
    let default_method = Method::parse(&e.default_method).unwrap_or(Method::Peap);
    let sessions = Arc::new(Sessions::new(
        e.session_cache,
        Duration::from_secs(e.session_lifetime_secs),
    ));
    let tls = if methods
        .iter()
        .chain([&default_method])
        .any(|m| *m != Method::MsChapV2)
    {
        let (cert, key, _) = config.eap_files()?;
        Some(crate::eap::tls_config(&cert, &key, sessions.clone())?)
    } else {
        None
    };
    tracing::info!(method = default_method.name(), "EAP enabled");
    Ok(Some(Arc::new(Server::new(
        tls,
        sessions,
        Settings {
            default_method,
            methods,
            fragment_size: e.fragment_size,
        },
        e.max_conversations,
        Duration::from_secs(e.conversation_timeout_secs),
    ))))
}

/// The summary line every `log.summary_secs` (none when 0).
fn start_summary(
    config: &Config,
    counters: &Arc<Counters>,
    writer: &crate::store::StoreWriter,
    in_flight: &Arc<Semaphore>,
) -> Option<JoinHandle<()>> {
    let every = config.log.summary_secs;
    let in_flight = in_flight.clone();
    let depths = crate::server::summary::Depths {
        writer_queue: Box::new(writer.depth_gauge()),
        in_flight: Box::new(move || {
            (MAX_IN_FLIGHT as usize).saturating_sub(in_flight.available_permits())
        }),
    };
    (every > 0).then(|| {
        tokio::spawn(crate::server::summary::run(
            counters.clone(),
            depths,
            Duration::from_secs(every),
        ))
    })
}

/// Starts the tasks that run beside the request path until shutdown aborts them: retention,
/// user sets, the stale-session reaper, the NAS registry refresh and the statistics log.
fn start_background(
    config: &Config,
    opened: &Opened,
    counters: Arc<Counters>,
) -> Vec<JoinHandle<()>> {
    let store = &opened.store;
    let acct = &config.accounting;
    let retention = tokio::spawn(crate::accounting::retention::run(
        store.clone(),
        config.clone(),
    ));
    // Checked often enough that a session is marked stale within one tick of its deadline.
    let user_sets = tokio::spawn(crate::accounting::user_sets::run(
        store.clone(),
        config.day_zone(),
        Duration::from_secs(600),
    ));
    let reaper = tokio::spawn(crate::accounting::reaper::run(
        store.clone(),
        acct.stale_after_intervals,
        Duration::from_secs(u64::from(acct.interim_interval_secs.min(60))),
    ));
    let refresher = tokio::spawn(opened.registry.clone().refresh_loop(
        store.clone(),
        opened.sealer.clone(),
        Duration::from_secs(config.server.nas_refresh_secs),
    ));
    let stats = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(300));
        tick.tick().await;
        loop {
            tick.tick().await;
            tracing::info!(counters = %counters.summary(), "statistics");
        }
    });
    vec![retention, user_sets, reaper, refresher, stats]
}

/// Binds every auth and accounting address and starts its receive loops.
fn bind_listeners(
    config: &Config,
    ctx: &Arc<Context>,
    in_flight: &Arc<Semaphore>,
    stop_rx: &watch::Receiver<bool>,
) -> anyhow::Result<Vec<JoinHandle<()>>> {
    let mut listeners = Vec::new();
    for (kind, addrs) in [
        (PortKind::Auth, config.auth_addrs()),
        (PortKind::Acct, config.acct_addrs()),
    ] {
        for addr in addrs {
            let socket = listener::bind(addr)
                .with_context(|| format!("cannot listen on {addr} ({})", kind.as_str()))?;
            let local = socket.local_addr()?;
            tracing::info!(kind = kind.as_str(), addr = %local, "listening");
            // Logins are mostly answered on the receive loop itself, so the auth socket
            // gets one loop per core; accounting waits for commits in tasks of its own.
            let loops = match kind {
                PortKind::Auth => receive_loops(),
                PortKind::Acct => 1,
            };
            let socket = Arc::new(socket);
            for _ in 0..loops {
                listeners.push(tokio::spawn(listener::run(
                    socket.clone(),
                    kind,
                    ctx.clone(),
                    in_flight.clone(),
                    stop_rx.clone(),
                )));
            }
        }
    }
    Ok(listeners)
}

/// Starts the admin API when enabled; it stops when shutdown is signalled. An address that
/// cannot be bound or a certificate that does not load stops the start.
async fn start_admin(
    config: &Config,
    opened: &Opened,
    trace: &Arc<crate::trace::Tap>,
    stop_rx: &watch::Receiver<bool>,
) -> anyhow::Result<Option<JoinHandle<()>>> {
    if !config.admin.enabled {
        return Ok(None);
    }
    let bound = crate::admin::bind(config).await?;
    let pages = crate::console::pages(
        config,
        opened.store.clone(),
        opened.sealer.clone(),
        bound.tls(),
    )
    .await?;
    let mut stop = stop_rx.clone();
    let done = async move {
        let _ = stop.wait_for(|s| *s).await;
    };
    let api = crate::admin::serve(
        bound,
        config.clone(),
        opened.store.clone(),
        opened.sealer.clone(),
        Some(trace.clone()),
        Some(pages),
        done,
    );
    Ok(Some(tokio::spawn(async move {
        if let Err(e) = api.await {
            tracing::error!(error = %format!("{e:#}"), "admin API failed");
        }
    })))
}

/// Starts the person's page when `[portal] listen` is set; it stops when shutdown is
/// signalled.
fn start_portal(
    config: &Config,
    opened: &Opened,
    ctx: &Arc<Context>,
    stop_rx: &watch::Receiver<bool>,
) -> Option<JoinHandle<()>> {
    (!config.portal.listen.is_empty()).then(|| {
        let mut stop = stop_rx.clone();
        let done = async move {
            let _ = stop.wait_for(|s| *s).await;
        };
        let portal = crate::portal::serve(config.clone(), ctx.clone(), opened.sealer.clone(), done);
        tokio::spawn(async move {
            if let Err(e) = portal.await {
                tracing::error!(error = %format!("{e:#}"), "portal failed");
            }
        })
    })
}

/// Starts `/metrics`, `/livez` and `/readyz` when `[metrics] listen` is set; they stop
/// when shutdown is signalled. A listen address that cannot be bound stops the start.
fn start_monitor(
    config: &Config,
    ctx: &Arc<Context>,
    stop_rx: &watch::Receiver<bool>,
) -> anyhow::Result<Option<JoinHandle<()>>> {
    if config.metrics.listen.is_empty() {
        return Ok(None);
    }
    let addr: std::net::SocketAddr = config
        .metrics
        .listen
        .parse()
        .context("metrics.listen is not an address:port")?;
    // Bound here, so a port in use fails the start rather than a background task.
    let socket = std::net::TcpListener::bind(addr)
        .with_context(|| format!("cannot listen on {addr} (metrics)"))?;
    socket.set_nonblocking(true)?;
    let mut stop = stop_rx.clone();
    let done = async move {
        let _ = stop.wait_for(|s| *s).await;
    };
    let ctx = ctx.clone();
    Ok(Some(tokio::spawn(async move {
        if let Err(e) = crate::monitor::serve_on(socket, ctx, done).await {
            tracing::error!(error = %format!("{e:#}"), "metrics listener failed");
        }
    })))
}

/// Warns at start about plans whose limits no longer parse or whose extra attributes the
/// loaded dictionary does not know (logins on those plans are refused or lose the attribute,
/// and the operator should hear about it before a user does).
async fn check_plans(store: &Store, dictionary: &Dictionary) {
    let plans = match store.list_plans().await {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(error = %e, "could not check plans at start");
            return;
        }
    };
    for plan in plans {
        let checked = crate::policy::Policy::from_limits(&plan.limits)
            .and_then(|p| p.check_extra(dictionary));
        if let Err(e) = checked {
            tracing::warn!(plan = %plan.name, error = %e, "plan has a problem");
        }
    }
}

/// `serve --debug`: every Access-Request's trace block on standard output, unbounded in
/// rate (a lab has few), still dropped and counted when the terminal cannot keep up.
fn debug_printer(tap: &Arc<crate::trace::Tap>) -> JoinHandle<()> {
    let mut sub = tap.attach(crate::trace::Filter::default(), None);
    tracing::info!("--debug: every Access-Request is printed to standard output");
    tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        let mut out = tokio::io::stdout();
        while let Some(text) = sub.next().await {
            if out.write_all(text.as_bytes()).await.is_err() || out.flush().await.is_err() {
                break;
            }
        }
    })
}

/// Receive loops per auth socket: one per core the runtime has.
fn receive_loops() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}
