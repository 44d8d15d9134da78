//! `radkota voucher ...`: batches of ready-made accounts for one plan and one RW, valid N
//! days from each voucher's first login, printed as slips with a QR code that opens the
//! hotspot's login page with the credentials filled in.

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};

use super::{Ctx, fmt_time, print_table};
use crate::auth::pap::hash_password;
use crate::store::vouchers::{BatchRecord, NewBatch};
use crate::store::{Actor, NewUser, Scope, Store, UserStatus};
use crate::vouchers::print::{Format, Sheet, render};
use crate::vouchers::{self, Credentials};

/// Help epilogue for `voucher`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  radkota voucher create --plan student --count 40 --valid-days 7 --area 35.73.02.1001-rw01
  radkota voucher create --plan umkm --count 10 --valid-days 30 --area RW07 \\
      --hotspot-url http://hotspot.rw07.net --prefix rw07- --csv rw07.csv
  radkota voucher list
  radkota voucher print 3 --format a4 > slips.html      (58mm for a thermal printer)
  radkota voucher export 3 --csv > batch3.csv
  radkota voucher extend 3 --days 7
  radkota voucher disable 3

A voucher is an ordinary user: its plan's quotas apply and it shows in reports and in the
audit log. Its validity starts at its first accepted login. The QR code opens
<hotspot>/login?username=..&password=.. (MikroTik); the hotspot address is --hotspot-url, or
the address of a NAS in the area.";

/// Voucher subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum VoucherCommand {
    /// Create a batch of vouchers and print their credentials (or write them as CSV).
    Create(CreateArgs),
    /// Show the batches.
    List,
    /// Disable every voucher of a batch.
    Disable {
        /// The batch number (see `voucher list`).
        batch: i64,
    },
    /// Add days to the validity of every voucher of a batch.
    Extend {
        /// The batch number.
        batch: i64,
        /// Days to add.
        #[arg(long, value_parser = clap::value_parser!(i64).range(1..=3650))]
        days: i64,
    },
    /// Write a batch's vouchers as CSV (username, password, status, first login).
    Export {
        /// The batch number.
        batch: i64,
        /// CSV (the only format; for symmetry with the console's download).
        #[arg(long, required = true)]
        csv: bool,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// Write the printable slips of a batch as one HTML page.
    Print(PrintArgs),
}

/// Arguments of `voucher create`.
#[derive(Debug, Args)]
pub(super) struct CreateArgs {
    /// The plan (see `radkota plan list`).
    #[arg(long)]
    plan: String,
    /// How many vouchers.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    count: u32,
    /// Days each voucher works, counted from its first login.
    #[arg(long, value_parser = clap::value_parser!(i64).range(1..=3650))]
    valid_days: i64,
    /// The area (usually the RW) the vouchers belong to; its name is on the slips.
    #[arg(long, value_name = "CODE")]
    area: String,
    /// The hotspot the QR codes open, e.g. http://hotspot.rw07.net. Default: the address
    /// of a NAS in the area.
    #[arg(long, value_name = "URL")]
    hotspot_url: Option<String>,
    /// Start of every username (lowercase letters, digits, '-'), e.g. rw07-.
    #[arg(long, default_value = "v")]
    prefix: String,
    /// Write the credentials as CSV to this file instead of printing them.
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,
}

/// Arguments of `voucher print`.
#[derive(Debug, Args)]
pub(super) struct PrintArgs {
    /// The batch number.
    batch: i64,
    /// a4 (a grid of slips) or 58mm (a thermal printer's roll).
    #[arg(long, default_value = "a4", value_parser = ["a4", "58mm"])]
    format: String,
    /// Language of the slips: id or en.
    #[arg(long, default_value = "id", value_parser = ["id", "en"])]
    lang: String,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "PATH")]
    output: Option<PathBuf>,
}

/// Runs a voucher subcommand.
pub(super) async fn run(ctx: &Ctx, cmd: VoucherCommand) -> anyhow::Result<()> {
    let store = ctx.store().await?;
    let result = run_with(ctx, &store, cmd).await;
    store.close().await;
    result
}

async fn run_with(ctx: &Ctx, store: &Store, cmd: VoucherCommand) -> anyhow::Result<()> {
    match cmd {
        VoucherCommand::Create(args) => create(ctx, store, args).await,
        VoucherCommand::List => list(store).await,
        VoucherCommand::Disable { batch } => {
            // Only a voucher that has logged in can have a session to end.
            let used: Vec<String> = store
                .vouchers(batch)
                .await?
                .into_iter()
                .filter(|v| v.first_login_at.is_some() && v.status == UserStatus::Active)
                .map(|v| v.username)
                .collect();
            let n = store
                .disable_voucher_batch(batch, &Scope::All, &Actor::cli())
                .await?;
            println!("disabled {n} vouchers of batch {batch}");
            for username in used {
                super::session::disconnect_after_disable(ctx, &username).await;
            }
            Ok(())
        }
        VoucherCommand::Extend { batch, days } => {
            let n = store
                .extend_voucher_batch(batch, days, &Scope::All, &Actor::cli())
                .await?;
            println!("extended {n} vouchers of batch {batch} by {days} days");
            Ok(())
        }
        VoucherCommand::Export { batch, output, .. } => {
            let rows = opened(ctx, store, batch).await?;
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["username", "password", "status", "first_login"])?;
            for (c, status, first) in &rows {
                let first = first.map(fmt_time).unwrap_or_default();
                w.write_record([&c.username, &c.password, status, &first])?;
            }
            write_out(output.as_ref(), &w.into_inner()?)
        }
        VoucherCommand::Print(args) => {
            let Some(b) = store.voucher_batch(args.batch, &Scope::All).await? else {
                bail!("voucher batch {} does not exist", args.batch);
            };
            let slips: Vec<Credentials> = opened(ctx, store, b.id)
                .await?
                .into_iter()
                .map(|(c, _, _)| c)
                .collect();
            let place = match &b.area {
                Some(code) => store.get_area(code).await?.map(|a| a.name),
                None => None,
            };
            let format = Format::parse(&args.format).unwrap_or(Format::A4);
            let page = render(&Sheet {
                batch_id: b.id,
                plan: &b.plan,
                valid_days: b.valid_days,
                place: place.as_deref(),
                hotspot_url: &b.hotspot_url,
                slips: &slips,
                format,
                lang: &args.lang,
            });
            write_out(args.output.as_ref(), page.as_bytes())
        }
    }
}

fn write_out(path: Option<&PathBuf>, bytes: &[u8]) -> anyhow::Result<()> {
    match path {
        Some(p) => {
            std::fs::write(p, bytes).with_context(|| format!("cannot write {}", p.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// A batch's vouchers with their passwords opened: (credentials, status, first login).
async fn opened(
    ctx: &Ctx,
    store: &Store,
    batch: i64,
) -> anyhow::Result<Vec<(Credentials, String, Option<i64>)>> {
    if store.voucher_batch(batch, &Scope::All).await?.is_none() {
        bail!("voucher batch {batch} does not exist");
    }
    let sealer = ctx.sealer().await?;
    let mut out = Vec::new();
    for v in store.vouchers(batch).await? {
        let password = match &v.sealed_password {
            Some(sealed) => {
                String::from_utf8(sealer.open(sealed)?).context("a voucher password is not text")?
            }
            None => bail!("voucher {} has no stored password to print", v.username),
        };
        out.push((
            Credentials {
                username: v.username,
                password,
            },
            v.status.as_str().to_string(),
            v.first_login_at,
        ));
    }
    Ok(out)
}

/// The hotspot URL: given, or the address of an enabled single-address NAS in the area.
async fn hotspot_url(store: &Store, area: &str, given: Option<&str>) -> anyhow::Result<String> {
    if let Some(url) = given {
        return vouchers::normalise_hotspot_url(url).with_context(|| {
            format!(
                "--hotspot-url '{}' is not an http:// address",
                url.escape_debug()
            )
        });
    }
    let Some(area) = store.get_area(area).await? else {
        bail!("area '{}' does not exist", area.escape_debug());
    };
    let scope = Scope::Subtree(area.path.clone());
    let mut in_area = Vec::new();
    for nas in store.list_nas().await? {
        let Some(rw) = &nas.rw else { continue };
        if !nas.enabled || nas.address.contains('/') {
            continue;
        }
        if let Some(a) = store.get_area(rw).await? {
            if scope.contains_path(&a.path) {
                in_area.push(nas.address.clone());
            }
        }
    }
    match in_area.first() {
        Some(address) if address.contains(':') => Ok(format!("http://[{address}]")),
        Some(address) => Ok(format!("http://{address}")),
        None => bail!(
            "no NAS with a single address in area {}: give --hotspot-url",
            area.code
        ),
    }
}

async fn create(ctx: &Ctx, store: &Store, args: CreateArgs) -> anyhow::Result<()> {
    if !vouchers::valid_prefix(&args.prefix) {
        bail!("--prefix may have lowercase letters, digits and '-' only, at most 16");
    }
    if store.get_plan(&args.plan).await?.is_none() {
        bail!(
            "plan '{}' does not exist (see `radkota plan list`)",
            args.plan.escape_debug()
        );
    }
    store.check_area(Some(&args.area), false).await?;
    let url = hotspot_url(store, &args.area, args.hotspot_url.as_deref()).await?;
    let taken: HashSet<String> = store.all_usernames().await?.into_iter().collect();
    let creds = vouchers::credentials(
        &mut rand::rngs::OsRng,
        &args.prefix,
        args.count as usize,
        &taken,
    );
    let sealer = ctx.sealer().await?;
    let hashes = hash_all(&creds, ctx.config.auth.argon2).await?;
    let users: Vec<NewUser> = creds
        .iter()
        .zip(hashes)
        .map(|(c, hash)| NewUser {
            username: c.username.clone(),
            plan: args.plan.clone(),
            password_hash: hash,
            sealed_password: Some(sealer.seal(c.password.as_bytes())),
            full_name: None,
            expires_at: None,
        })
        .collect();
    let batch = NewBatch {
        plan: args.plan.clone(),
        area: Some(args.area.clone()),
        valid_days: args.valid_days,
        hotspot_url: url,
        prefix: args.prefix.clone(),
    };
    let b = store
        .create_voucher_batch(&batch, &users, &Actor::cli())
        .await?;
    match &args.csv {
        Some(path) => {
            let mut w = csv::Writer::from_writer(Vec::new());
            w.write_record(["username", "password"])?;
            for c in &creds {
                w.write_record([&c.username, &c.password])?;
            }
            write_out(Some(path), &w.into_inner()?)?;
        }
        None => {
            let rows: Vec<Vec<String>> = creds
                .iter()
                .map(|c| vec![c.username.clone(), c.password.clone()])
                .collect();
            print_table(&["USERNAME", "PASSWORD"], &rows);
        }
    }
    eprintln!(
        "created voucher batch {} ({} vouchers, plan {}, {} days from first login); \
         print the slips with: radkota voucher print {}",
        b.id, b.count, b.plan, b.valid_days, b.id
    );
    Ok(())
}

/// argon2 hashes of every password, on all cores, off the async workers.
async fn hash_all(
    creds: &[Credentials],
    params: crate::auth::pap::Argon2Params,
) -> anyhow::Result<Vec<String>> {
    let passwords: Vec<Vec<u8>> = creds
        .iter()
        .map(|c| c.password.clone().into_bytes())
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = passwords.len().div_ceil(threads).max(1);
    tokio::task::spawn_blocking(move || {
        std::thread::scope(|s| {
            let handles: Vec<_> = passwords
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        part.iter()
                            .map(|p| hash_password(p, &params))
                            .collect::<Result<Vec<_>, _>>()
                    })
                })
                .collect();
            let mut all = Vec::new();
            for h in handles {
                match h.join() {
                    Ok(part) => all.extend(part?),
                    Err(_) => anyhow::bail!("a hashing thread failed"),
                }
            }
            Ok(all)
        })
    })
    .await?
}

async fn list(store: &Store) -> anyhow::Result<()> {
    let batches: Vec<BatchRecord> = store.list_voucher_batches(&Scope::All).await?;
    if batches.is_empty() {
        println!("no voucher batches yet; see `radkota voucher create --help`");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = batches
        .iter()
        .map(|b| {
            vec![
                b.id.to_string(),
                b.plan.clone(),
                b.area.clone().unwrap_or_else(|| "-".into()),
                b.count.to_string(),
                b.used.to_string(),
                b.disabled.to_string(),
                b.valid_days.to_string(),
                fmt_time(b.created_at),
                b.created_by.clone(),
            ]
        })
        .collect();
    print_table(
        &[
            "BATCH", "PLAN", "AREA", "COUNT", "USED", "DISABLED", "DAYS", "CREATED", "BY",
        ],
        &rows,
    );
    Ok(())
}
