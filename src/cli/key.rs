//! `radkota key`: the sealing key of the database: show where it is and its key id, and
//! rotate it (a new key, every sealed secret re-sealed in one audited transaction).

use clap::Subcommand;

use super::Ctx;
use crate::auth::key_bind;
use crate::store::Actor;

/// Help epilogue for `key`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  radkota key show
  radkota key rotate

The key file seals users' CHAP/MS-CHAPv2 passwords and NAS shared secrets. It lives next to
a SQLite database (data/radkota.db -> data/radkota.key) unless auth.key_file
(RADKOTA_KEY_FILE) says otherwise; PostgreSQL needs auth.key_file. The database records a
check value of its key (never the key), and every command and the server refuse a key file
that is not the database's. Back the key file up with the database.

`key rotate` writes a new key file (the old one is kept as <key>.old until the database has
committed), re-seals every sealed secret and records the new check value in one transaction,
audited as key.rotate. Running servers pick the new key up by themselves.";

/// Key subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum KeyCommand {
    /// Where the key file is and its key id (a short check value, not the key).
    #[command(after_help = "Example:\n  radkota key show")]
    Show,
    /// Replace the key and re-seal every sealed secret in one audited transaction.
    #[command(after_help = "Example:\n  radkota key rotate")]
    Rotate,
}

/// Runs a key subcommand.
pub(super) async fn run(ctx: &Ctx, cmd: KeyCommand) -> anyhow::Result<()> {
    let url = ctx.config.database_url();
    let db = key_bind::database_label(&url);
    let path = key_bind::key_path(&ctx.config.key_location(), &db)?;
    let store = ctx.store().await?;
    let sealer = ctx.sealer().await;
    let result = async {
        let sealer = sealer?;
        let check = sealer.check_value();
        let id = crate::auth::seal::key_id(&check);
        let Some(path) = path else {
            match cmd {
                KeyCommand::Show => {
                    println!("key: in memory only (in-memory database), key id {id}")
                }
                KeyCommand::Rotate => {
                    anyhow::bail!("an in-memory database has no key file to rotate")
                }
            }
            return Ok(());
        };
        match cmd {
            KeyCommand::Show => {
                println!("key file: {}", path.display());
                println!("database: {db}");
                println!("key id: {id}");
            }
            KeyCommand::Rotate => {
                let r = key_bind::rotate(&store, &sealer, &path, &Actor::cli()).await?;
                println!(
                    "key rotated: {} -> {}; re-sealed {} user passwords and {} NAS secrets \
                     / kunci diganti; {} kata sandi pengguna dan {} rahasia NAS disegel ulang",
                    r.old_key_id,
                    r.new_key_id,
                    r.counts.users,
                    r.counts.nas,
                    r.counts.users,
                    r.counts.nas
                );
                println!(
                    "key file: {} (back it up with the database)",
                    path.display()
                );
            }
        }
        anyhow::Ok(())
    }
    .await;
    store.close().await;
    result
}
