//! `radkota user import|export` and `radkota nas import`: CSV onboarding of whole schools,
//! UMKM registries and the city's controllers, all-or-nothing unless `--skip-invalid`.

use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use clap::Args;

use super::Ctx;
use crate::import::{CsvTable, LineError, nas as nas_import, users as user_import};
use crate::store::{Actor, AreaLevel, Scope, Store};

/// Largest CSV file read (a city's registry is a few MB; this stops a wrong file early).
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Help epilogue for `user import`.
pub(super) const USER_IMPORT_AFTER_HELP: &str = "\
Example:
  radkota user import siswa-smpn3.csv --generate-passwords slips.csv

The first line names the columns (any order): username, full_name, plan, area, and
optionally password, school_or_business, id. Example file:

  username,full_name,plan,area,password,school_or_business,id
  siti.a,Siti Aminah,student,3171-07,,SMPN 3,0012345
  toko-budi,\"Budi, Toko Kelontong\",umkm,3171-08,rahasia123,Toko Budi,UMKM-991

Every row is checked first; each bad row is reported with its line number and nothing is
imported (use --skip-invalid to import the good rows). A field may be quoted, but one
record must fit on one line. Empty passwords are generated with --generate-passwords and
written, with the username and name, to the given CSV for printing slips (keep it safe,
delete it after printing).
Baris yang salah dilaporkan dengan nomor barisnya; tanpa --skip-invalid tidak ada yang
diimpor.";

/// Arguments of `user import`.
#[derive(Debug, Args)]
pub(super) struct UserImportArgs {
    /// The CSV file (UTF-8; Excel's \"CSV UTF-8\" works).
    file: PathBuf,
    /// Import the valid rows and report the others, instead of importing nothing.
    #[arg(long)]
    skip_invalid: bool,
    /// Generate passwords for rows with an empty password and write them to this CSV.
    #[arg(long, value_name = "OUT.csv")]
    generate_passwords: Option<PathBuf>,
}

/// Arguments of `user export`.
#[derive(Debug, Args)]
pub(super) struct UserExportArgs {
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Help epilogue for `nas import`.
pub(super) const NAS_IMPORT_AFTER_HELP: &str = "\
Example:
  radkota nas import controllers.csv

Columns: name, address, secret, rw, and optionally vendor (mikrotik, wispr, chillispot,
generic; default mikrotik), require_message_authenticator (auto, yes, no; default auto),
coa_port (default 3799). Example file:

  name,address,secret,rw,vendor
  rw07-hotspot,10.7.0.1,long-random-secret-07,3171-07,mikrotik

Every row is checked first; nothing is imported if one is bad (or use --skip-invalid).
Keep this file safe: it holds the shared secrets. A running server picks the new
controllers up within seconds.";

/// Arguments of `nas import`.
#[derive(Debug, Args)]
pub(super) struct NasImportArgs {
    /// The CSV file.
    file: PathBuf,
    /// Import the valid rows and report the others, instead of importing nothing.
    #[arg(long)]
    skip_invalid: bool,
}

/// Reads a CSV file with a size bound.
pub(super) fn read_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    use std::io::Read;
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        bail!("{} is larger than 256 MiB", path.display());
    }
    Ok(bytes)
}

/// Prints each bad row to standard error; fails unless `skip_invalid`.
pub(super) fn report_bad(
    bad: &[LineError],
    skip_invalid: bool,
    total: usize,
) -> anyhow::Result<()> {
    if bad.is_empty() {
        return Ok(());
    }
    let mut err = std::io::stderr().lock();
    for e in bad {
        let _ = writeln!(err, "{e}");
    }
    if !skip_invalid {
        bail!(
            "{} of {total} rows are invalid; nothing was imported (fix them, or use --skip-invalid) / {} baris salah; tidak ada yang diimpor",
            bad.len(),
            bad.len()
        );
    }
    let _ = writeln!(
        err,
        "skipping {} invalid rows / melewati {} baris salah",
        bad.len(),
        bad.len()
    );
    Ok(())
}

/// Draws progress while `work` runs on a blocking thread: a bar on a terminal, a plain line
/// every tenth otherwise.
async fn with_progress<T: Send + 'static>(
    total: usize,
    label: &'static str,
    work: impl FnOnce(Arc<AtomicUsize>) -> T + Send + 'static,
) -> anyhow::Result<T> {
    let done = Arc::new(AtomicUsize::new(0));
    let handle = tokio::task::spawn_blocking({
        let done = done.clone();
        move || work(done)
    });
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(total as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta} left)")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(label);
        bar
    });
    let mut last_tenth = 0;
    while !handle.is_finished() {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let n = done.load(Ordering::Relaxed);
        match &bar {
            Some(bar) => bar.set_position(n as u64),
            None => {
                let tenth = (n * 10).checked_div(total).unwrap_or(10);
                if tenth > last_tenth {
                    last_tenth = tenth;
                    eprintln!("{label}: {n}/{total}");
                }
            }
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(handle.await?)
}

/// Reads and parses a CSV file; errors name the file.
fn read_table(
    path: &Path,
    required: &[&str],
    optional: &[&str],
    ignored: &[&str],
) -> anyhow::Result<CsvTable> {
    let bytes = read_file(path)?;
    CsvTable::parse(&bytes, required, optional, ignored)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// The codes of the areas at `level` (all levels when `None`), or `None` before any area
/// is imported (areas are then free text).
async fn area_codes(
    store: &Store,
    level: Option<AreaLevel>,
) -> anyhow::Result<Option<HashSet<String>>> {
    if store.count_areas().await? == 0 {
        return Ok(None);
    }
    Ok(Some(
        store
            .list_areas()
            .await?
            .into_iter()
            .filter(|a| level.is_none_or(|l| a.level == l))
            .map(|a| a.code)
            .collect(),
    ))
}

/// What user rows are checked against: plans, areas and the usernames already taken.
async fn known_users(store: &Store) -> anyhow::Result<user_import::Known> {
    let areas = area_codes(store, None).await?;
    Ok(user_import::Known {
        plans: store
            .list_plans()
            .await?
            .into_iter()
            .map(|p| p.name)
            .collect(),
        areas,
        usernames: store
            .all_usernames()
            .await?
            .into_iter()
            .collect::<HashSet<_>>(),
    })
}

/// Writes the generated passwords, with username and name, for printing slips.
fn write_slips(out: &mut std::fs::File, hashed: &[user_import::Hashed]) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["username", "full_name", "password"])?;
    for h in hashed {
        if let Some(p) = &h.generated {
            let name = h.user.full_name.as_deref().unwrap_or("");
            w.write_record([
                crate::import::spreadsheet_safe(&h.user.username).as_bytes(),
                crate::import::spreadsheet_safe(name).as_bytes(),
                // Generated from letters and digits: never formula-like, never altered.
                p.as_bytes(),
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

/// Runs `user import`.
pub(super) async fn user_import(ctx: &Ctx, args: UserImportArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let table = read_table(
        &args.file,
        user_import::REQUIRED,
        user_import::OPTIONAL,
        user_import::IGNORED,
    )?;
    let sealer = ctx.sealer().await?;
    let store = ctx.store().await?;
    let known = match known_users(&store).await {
        Ok(k) => k,
        Err(e) => {
            store.close().await;
            return Err(e);
        }
    };
    let total = table.rows.len();
    let (good, bad) = user_import::validate(&table, &known, args.generate_passwords.is_some());
    if let Err(e) = report_bad(&bad, args.skip_invalid, total) {
        store.close().await;
        return Err(e);
    }
    if good.is_empty() {
        store.close().await;
        println!("no rows to import");
        return Ok(());
    }
    // Opened before the slow hashing so a bad path fails now, not after minutes of work.
    let mut slips = match &args.generate_passwords {
        Some(path) => Some(create_private(path)?),
        None => None,
    };
    let params = ctx.config.auth.argon2;
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let count = good.len();
    let hashed = with_progress(count, "hashing passwords", move |done| {
        user_import::hash_all(good, &params, &sealer, workers, &done)
    })
    .await?
    .map_err(|e| anyhow::anyhow!(e))?;
    let hashed_at = started.elapsed();
    let rows: Vec<_> = hashed
        .iter()
        .map(|h| (h.user.clone(), h.extra.clone()))
        .collect();
    let result = store.import_users(&rows, &Actor::cli()).await;
    store.close().await;
    let imported = result.context("import failed; nothing was imported")?;
    if let Some(out) = slips.as_mut() {
        write_slips(out, &hashed)?;
    }
    let generated = hashed.iter().filter(|h| h.generated.is_some()).count();
    println!(
        "imported {imported} users ({} skipped, {generated} passwords generated) in {:.1}s \
         (hashing {:.1}s on {workers} threads) / {imported} pengguna diimpor",
        bad.len(),
        started.elapsed().as_secs_f64(),
        hashed_at.as_secs_f64(),
    );
    Ok(())
}

/// Creates a file readable by its owner only (it will hold passwords).
fn create_private(path: &Path) -> anyhow::Result<std::fs::File> {
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
    let file = open
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    // The mode above applies only to a new file; an existing one is truncated and must not
    // keep wider permissions.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("cannot make {} private", path.display()))?;
    }
    Ok(file)
}

/// Runs `user export`.
pub(super) async fn user_export(ctx: &Ctx, args: UserExportArgs) -> anyhow::Result<()> {
    let store = ctx.store().await?;
    let out: Box<dyn Write> = match &args.output {
        // Names and ids of people: readable by the owner only, like the database.
        Some(path) => Box::new(create_private(path)?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = csv::Writer::from_writer(out);
    let result = async {
        w.write_record([
            "username",
            "full_name",
            "plan",
            "area",
            "school_or_business",
            "id",
            "status",
            "expires_at",
            "created_at",
        ])?;
        let mut offset = 0;
        loop {
            let page = store
                .list_user_views(&Scope::All, None, None, 1000, offset)
                .await?;
            for u in &page {
                let time = |t: i64| {
                    chrono::DateTime::from_timestamp(t, 0)
                        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
                        .unwrap_or_default()
                };
                // Names come from registries and admins: a cell Excel would run as a
                // formula is quoted (`user import` takes the quote off again).
                let cells = [
                    u.username.as_str(),
                    u.full_name.as_deref().unwrap_or(""),
                    &u.plan,
                    u.area.as_deref().unwrap_or(""),
                    u.school_or_business.as_deref().unwrap_or(""),
                    u.external_id.as_deref().unwrap_or(""),
                    &u.status,
                    &u.expires_at.map(time).unwrap_or_default(),
                    &time(u.created_at),
                ];
                w.write_record(
                    cells
                        .iter()
                        .map(|c| crate::import::spreadsheet_safe(c).into_owned()),
                )?;
            }
            if page.len() < 1000 {
                break;
            }
            offset += 1000;
        }
        w.flush()?;
        anyhow::Ok(())
    }
    .await;
    store.close().await;
    result
}

/// Runs `nas import`.
pub(super) async fn nas_import(ctx: &Ctx, args: NasImportArgs) -> anyhow::Result<()> {
    let table = read_table(&args.file, nas_import::REQUIRED, nas_import::OPTIONAL, &[])?;
    let sealer = ctx.sealer().await?;
    let store = ctx.store().await?;
    let result = async {
        let all = store.list_nas().await?;
        let rws = area_codes(&store, Some(AreaLevel::Rw)).await?;
        let known = nas_import::Known {
            names: all.iter().map(|n| n.name.clone()).collect(),
            addresses: all.iter().map(|n| n.address.clone()).collect(),
            rws,
        };
        let (good, bad) = nas_import::validate(&table, &known, &sealer);
        report_bad(&bad, args.skip_invalid, table.rows.len())?;
        let n = store.import_nas(&good, &Actor::cli()).await?;
        println!("imported {n} NAS ({} skipped) / {n} NAS diimpor", bad.len());
        anyhow::Ok(())
    }
    .await;
    store.close().await;
    result
}
