//! `area import`: kecamatan > kelurahan > RW from one CSV line per RW.

use std::collections::HashMap;

use super::{CsvTable, LineError, check_text};
use crate::store::areas::valid_area_code;
use crate::store::{AreaLevel, NewArea};

/// Columns that must be in the header.
pub const REQUIRED: &[&str] = &[
    "kecamatan_code",
    "kecamatan_name",
    "kelurahan_code",
    "kelurahan_name",
    "rw_code",
];
/// Columns that may be in the header.
pub const OPTIONAL: &[&str] = &["rw_name"];

/// Validates every line; returns the areas parents first, or every bad line.
pub fn validate(table: &CsvTable) -> Result<Vec<NewArea>, Vec<LineError>> {
    let mut bad = Vec::new();
    // code -> (area, first line)
    let mut seen: HashMap<String, (NewArea, usize)> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for row in &table.rows {
        let line = match row {
            Ok(l) => l,
            Err(e) => {
                bad.push(e.clone());
                continue;
            }
        };
        let kec = table.get(line, "kecamatan_code");
        let kel = table.get(line, "kelurahan_code");
        let rw = table.get(line, "rw_code");
        let rw_name = match table.get(line, "rw_name") {
            "" => format!("RW {rw}"),
            n => n.to_string(),
        };
        let levels = [
            (
                kec,
                table.get(line, "kecamatan_name").to_string(),
                AreaLevel::Kecamatan,
                None,
            ),
            (
                kel,
                table.get(line, "kelurahan_name").to_string(),
                AreaLevel::Kelurahan,
                Some(kec),
            ),
            (rw, rw_name, AreaLevel::Rw, Some(kel)),
        ];
        let mut problem = None;
        for (code, name, level, parent) in &levels {
            if !valid_area_code(code) {
                problem = Some(format!(
                    "{} code '{}' is not valid: use 1 to 32 letters, digits, '.' or '-'",
                    level.as_str(),
                    code.escape_debug()
                ));
                break;
            }
            if name.is_empty() {
                problem = Some(format!("{} name is empty", level.as_str()));
                break;
            }
            if let Err(e) = check_text(&format!("{} name", level.as_str()), name, 128) {
                problem = Some(e);
                break;
            }
            let area = NewArea {
                code: code.to_string(),
                name: name.clone(),
                level: *level,
                parent: parent.map(str::to_string),
            };
            match seen.get(*code) {
                Some((prev, first)) if *prev != area => {
                    problem = Some(format!(
                        "area '{code}' is given differently on line {first} ({} '{}' under {})",
                        prev.level.as_str(),
                        prev.name,
                        prev.parent.as_deref().unwrap_or("-")
                    ));
                    break;
                }
                Some(_) => {}
                None => {
                    seen.insert(code.to_string(), (area, line.line));
                    order.push(code.to_string());
                }
            }
        }
        if let Some(reason) = problem {
            bad.push(LineError {
                line: line.line,
                reason,
            });
        }
    }
    if !bad.is_empty() {
        return Err(bad);
    }
    let mut areas: Vec<NewArea> = order
        .into_iter()
        .filter_map(|c| seen.remove(&c).map(|(a, _)| a))
        .collect();
    // Parents before children: the store resolves each parent's path as it inserts.
    areas.sort_by_key(|a| a.level);
    Ok(areas)
}
