//! `radkota area ...`: the city's kecamatan > kelurahan > RW tree, imported from CSV.

use clap::Subcommand;

use super::import::{read_file, report_bad};
use super::{Ctx, print_table};
use crate::import::{CsvTable, areas as area_import};
use crate::store::Actor;

/// Help epilogue for `area`.
pub(super) const AFTER_HELP: &str = "\
Examples:
  radkota area import wilayah.csv
  radkota area list

The CSV has one line per RW:

  kecamatan_code,kecamatan_name,kelurahan_code,kelurahan_name,rw_code,rw_name
  3171010,Kebayoran Baru,3171010001,Selong,3171010001-07,RW 07

Codes are letters, digits, '.' and '-', unique across all levels. Importing again adds new
areas and renames changed ones (moving an area to another parent is refused).

Before any area is imported, `nas add --rw` and `user add --area` accept any code and may
be left out, so a fresh install works. Once areas exist, every new NAS must name an RW and
every new user an area, and both must exist.
Setelah wilayah diimpor, setiap NAS wajib punya RW dan setiap pengguna wajib punya wilayah.";

/// Area subcommands.
#[derive(Debug, Subcommand)]
pub(super) enum AreaCommand {
    /// Add or rename areas from a CSV file (one line per RW).
    Import {
        /// The CSV file.
        file: std::path::PathBuf,
    },
    /// Show the area tree.
    List,
}

/// Runs an area subcommand.
pub(super) async fn run(ctx: &Ctx, cmd: AreaCommand) -> anyhow::Result<()> {
    match cmd {
        AreaCommand::Import { file } => {
            let bytes = read_file(&file)?;
            let table = CsvTable::parse(&bytes, area_import::REQUIRED, area_import::OPTIONAL, &[])
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let areas = match area_import::validate(&table) {
                Ok(a) => a,
                Err(bad) => {
                    report_bad(&bad, false, table.rows.len())?;
                    return Ok(());
                }
            };
            let store = ctx.store().await?;
            let result = store.upsert_areas(&areas, &Actor::cli()).await;
            store.close().await;
            let (added, renamed) = result?;
            println!(
                "{added} areas added, {renamed} renamed, {} unchanged / {added} wilayah ditambahkan",
                areas.len() - added - renamed
            );
            Ok(())
        }
        AreaCommand::List => {
            let store = ctx.store().await?;
            let areas = store.list_areas().await;
            store.close().await;
            let areas = areas?;
            if areas.is_empty() {
                println!("no areas yet; import them with: radkota area import FILE.csv");
                return Ok(());
            }
            let rows: Vec<Vec<String>> = areas
                .iter()
                .map(|a| {
                    let depth = a.path.matches('/').count();
                    vec![
                        format!("{}{}", "  ".repeat(depth), a.code),
                        a.level.as_str().to_string(),
                        a.name.clone(),
                    ]
                })
                .collect();
            print_table(&["CODE", "LEVEL", "NAME"], &rows);
            Ok(())
        }
    }
}
