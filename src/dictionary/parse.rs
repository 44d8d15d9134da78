//! The FreeRADIUS dictionary format: ATTRIBUTE, VALUE, VENDOR, BEGIN-VENDOR/END-VENDOR and
//! `$INCLUDE`, one statement per line, `#` comments. Every error names the file and line.

use std::path::{Path, PathBuf};

use super::{AttrDef, AttrType, Dictionary, EMBEDDED};

/// Deepest `$INCLUDE` nesting accepted; deeper is almost surely a file including itself.
const MAX_INCLUDE_DEPTH: usize = 16;

/// A dictionary problem, located.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct DictError {
    /// The file (as named by the operator or the `$INCLUDE` line).
    pub file: String,
    /// 1-based line number; 0 when the file itself could not be read.
    pub line: usize,
    pub message: String,
}

/// Where files come from: the file system, or the copies compiled into the binary.
pub(super) enum Source {
    Files,
    Embedded,
}

impl Source {
    fn read(&self, path: &Path) -> Result<String, ReadFailure> {
        match self {
            Source::Files => {
                let bytes = std::fs::read(path).map_err(|e| ReadFailure::Io(e.to_string()))?;
                String::from_utf8(bytes).map_err(|e| {
                    let valid = e.utf8_error().valid_up_to();
                    let line = e.as_bytes()[..valid]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count()
                        + 1;
                    ReadFailure::Utf8 { line }
                })
            }
            Source::Embedded => {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                EMBEDDED
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, text)| (*text).to_string())
                    .ok_or_else(|| ReadFailure::Io("no such built-in dictionary file".into()))
            }
        }
    }
}

/// Why a file's text could not be had.
pub(super) enum ReadFailure {
    /// The file could not be read at all.
    Io(String),
    /// The bytes are not UTF-8, first on this 1-based line.
    Utf8 { line: usize },
}

/// How a word from a file is quoted in an error: escaped, and only when it looks like a
/// word of a dictionary line (a line of some other file, such as an `$INCLUDE` of the wrong
/// path, is not echoed).
fn quoted(word: &str) -> String {
    let plausible = word.len() <= 24
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "$-_".contains(c));
    if plausible {
        format!("'{}'", word.escape_debug())
    } else {
        format!("of {} characters (not shown)", word.chars().count())
    }
}

/// A VALUE line kept until every file is read, since it may precede its ATTRIBUTE.
struct PendingValue {
    file: String,
    line: usize,
    attr: String,
    name: String,
    number: u64,
}

pub(super) struct Parser {
    source: Source,
    dict: Dictionary,
    values: Vec<PendingValue>,
}

impl Parser {
    pub(super) fn new(source: Source) -> Parser {
        Parser {
            source,
            dict: Dictionary::default(),
            values: Vec::new(),
        }
    }

    pub(super) fn run(mut self, path: &Path) -> Result<Dictionary, DictError> {
        self.file(path, 0, None)?;
        for v in std::mem::take(&mut self.values) {
            let err = |message: String| DictError {
                file: v.file.clone(),
                line: v.line,
                message,
            };
            let Some(&i) = self.dict.by_name.get(&v.attr.to_ascii_lowercase()) else {
                return Err(err(format!(
                    "VALUE for unknown attribute '{}'",
                    v.attr.escape_debug()
                )));
            };
            let Some(def) = self.dict.attrs.get_mut(i) else {
                continue;
            };
            let max = match def.typ {
                AttrType::Byte => u64::from(u8::MAX),
                AttrType::Short => u64::from(u16::MAX),
                AttrType::Integer | AttrType::Date | AttrType::Signed => u64::from(u32::MAX),
                AttrType::Integer64 => u64::MAX,
                other => {
                    return Err(err(format!(
                        "VALUE for attribute '{}' of type {}: only integer types have named values",
                        def.name,
                        other.as_str()
                    )));
                }
            };
            if v.number > max {
                return Err(err(format!(
                    "VALUE {} = {} does not fit attribute '{}' of type {}",
                    v.name,
                    v.number,
                    def.name,
                    def.typ.as_str()
                )));
            }
            // A later VALUE with the same name replaces the earlier one (an override file).
            def.values.retain(|(n, _)| !n.eq_ignore_ascii_case(&v.name));
            def.values.push((v.name, v.number));
        }
        Ok(self.dict)
    }

    fn file(
        &mut self,
        path: &Path,
        depth: usize,
        from: Option<(&str, usize)>,
    ) -> Result<(), DictError> {
        let shown = path.display().to_string();
        let text = self.read(path, &shown, depth, from)?;
        let mut vendor_block: Option<(String, u32)> = None;
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let err = |message: String| DictError {
                file: shown.clone(),
                line: line_no,
                message,
            };
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let words: Vec<&str> = line.split_whitespace().collect();
            let keyword = words.first().copied().unwrap_or("");
            match keyword {
                "$INCLUDE" | "$INCLUDE-" => {
                    let Some(target) = words.get(1) else {
                        return Err(err("$INCLUDE needs a file name".into()));
                    };
                    let optional = keyword == "$INCLUDE-";
                    self.include(path, target, optional, depth, (&shown, line_no))?;
                }
                "VENDOR" => self.vendor(&words).map_err(err)?,
                "BEGIN-VENDOR" => {
                    vendor_block = Some(self.begin_vendor(&words, &vendor_block).map_err(err)?);
                }
                "END-VENDOR" => {
                    end_vendor(&words, &vendor_block).map_err(err)?;
                    vendor_block = None;
                }
                "ATTRIBUTE" => {
                    let block_vendor = vendor_block.as_ref().map(|(_, id)| *id).unwrap_or(0);
                    let def = self.attribute(&words, block_vendor).map_err(err)?;
                    self.insert(def).map_err(err)?;
                }
                "VALUE" => {
                    let (attr, name, number) = value(&words).map_err(err)?;
                    self.values.push(PendingValue {
                        file: shown.clone(),
                        line: line_no,
                        attr,
                        name,
                        number,
                    });
                }
                other => {
                    return Err(err(format!(
                        "unknown or unsupported keyword {} (expected ATTRIBUTE, VALUE, VENDOR, \
                         BEGIN-VENDOR, END-VENDOR or $INCLUDE; is this a dictionary file?)",
                        quoted(other)
                    )));
                }
            }
        }
        if let Some((open, _)) = vendor_block {
            return Err(DictError {
                file: shown,
                line: text.lines().count(),
                message: format!("BEGIN-VENDOR {open} is never closed with END-VENDOR"),
            });
        }
        Ok(())
    }

    /// The text of `path` (shown as `shown`), included `depth` deep from the line `from`;
    /// errors name that line, or the file itself at the top.
    fn read(
        &self,
        path: &Path,
        shown: &str,
        depth: usize,
        from: Option<(&str, usize)>,
    ) -> Result<String, DictError> {
        if depth > MAX_INCLUDE_DEPTH {
            let (file, line) = from.unwrap_or((shown, 0));
            return Err(DictError {
                file: file.to_string(),
                line,
                message: format!("$INCLUDE nested deeper than {MAX_INCLUDE_DEPTH} files (a loop?)"),
            });
        }
        self.source
            .read(path)
            .map_err(|failure| match (failure, from) {
                (ReadFailure::Utf8 { line }, _) => DictError {
                    file: shown.to_string(),
                    line,
                    message: "not valid UTF-8 text".into(),
                },
                (ReadFailure::Io(reason), Some((file, line))) => DictError {
                    file: file.to_string(),
                    line,
                    message: format!("cannot read included file {shown}: {reason}"),
                },
                (ReadFailure::Io(reason), None) => DictError {
                    file: shown.to_string(),
                    line: 0,
                    message: format!("cannot read: {reason}"),
                },
            })
    }

    /// `$INCLUDE target` on line `at` of `path`: relative targets are beside `path`.
    fn include(
        &mut self,
        path: &Path,
        target: &str,
        optional: bool,
        depth: usize,
        at: (&str, usize),
    ) -> Result<(), DictError> {
        let base = path.parent().unwrap_or(Path::new(""));
        let target_path: PathBuf = if Path::new(target).is_absolute() {
            PathBuf::from(target)
        } else {
            base.join(target)
        };
        // The dash form is optional: a missing file is not an error.
        if optional && matches!(self.source, Source::Files) && !target_path.exists() {
            return Ok(());
        }
        self.file(&target_path, depth + 1, Some(at))
    }

    /// `VENDOR name number [format]`.
    fn vendor(&mut self, words: &[&str]) -> Result<(), String> {
        let (Some(name), Some(number)) = (words.get(1), words.get(2)) else {
            return Err("VENDOR needs a name and a number".into());
        };
        let id = parse_number(number)
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| format!("vendor number '{number}' is not valid"))?;
        if let Some(fmt) = words.get(3) {
            if !matches!(*fmt, "format=1,1" | "format=1,1,c") {
                return Err(format!("vendor format '{fmt}' is not supported (only 1,1)"));
            }
        }
        if let Some(&old) = self.dict.vendors.get(&name.to_ascii_lowercase()) {
            if old != id {
                return Err(format!("vendor '{name}' already defined as {old}"));
            }
        }
        self.dict.vendors.insert(name.to_ascii_lowercase(), id);
        self.dict.vendor_names.entry(id).or_insert(name.to_string());
        Ok(())
    }

    /// `BEGIN-VENDOR name`: the block it opens, outside any other block.
    fn begin_vendor(
        &self,
        words: &[&str],
        open: &Option<(String, u32)>,
    ) -> Result<(String, u32), String> {
        let Some(name) = words.get(1) else {
            return Err("BEGIN-VENDOR needs a vendor name".into());
        };
        if let Some((open, _)) = open {
            return Err(format!(
                "BEGIN-VENDOR {name} inside the block of vendor {open}"
            ));
        }
        let id = self.dict.vendor_id(name).ok_or_else(|| {
            format!("BEGIN-VENDOR of unknown vendor '{name}' (VENDOR line first)")
        })?;
        Ok((name.to_string(), id))
    }

    fn attribute(&self, words: &[&str], block_vendor: u32) -> Result<AttrDef, String> {
        let (Some(name), Some(number), Some(typ)) = (words.get(1), words.get(2), words.get(3))
        else {
            return Err("ATTRIBUTE needs a name, a number and a type".into());
        };
        if number.contains('.') {
            return Err(format!(
                "attribute number '{number}': nested (TLV) attributes are not supported"
            ));
        }
        let number = parse_number(number)
            .and_then(|n| u8::try_from(n).ok())
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("attribute number '{number}' is not between 1 and 255"))?;
        // FreeRADIUS also accepts type sizes such as octets[16]; the size is not needed here.
        let base_type = typ.split('[').next().unwrap_or(typ);
        let typ = AttrType::parse(base_type).ok_or_else(|| {
            format!(
                "unknown type '{}' for attribute {name} (string, octets, ipaddr, ipv6addr, \
                 ipv6prefix, ifid, date, integer, byte, short, integer64, signed, ether)",
                typ.escape_debug()
            )
        })?;
        let mut vendor = block_vendor;
        let mut encrypt = 0u8;
        if let Some(extra) = words.get(4) {
            if let Some(id) = self.dict.vendor_id(extra) {
                // The old form: the vendor name as a fifth word.
                vendor = id;
            } else {
                for flag in extra.split(',') {
                    match flag.split_once('=') {
                        Some(("encrypt", n)) => {
                            encrypt =
                                n.parse().ok().filter(|n| (1..=3).contains(n)).ok_or_else(
                                    || format!("flag '{flag}': encrypt is 1, 2 or 3"),
                                )?;
                        }
                        None if matches!(
                            flag,
                            "has_tag" | "array" | "concat" | "virtual" | "long"
                        ) => {}
                        _ => {
                            return Err(format!(
                                "unknown flag or vendor '{}' for attribute {name}",
                                flag.escape_debug()
                            ));
                        }
                    }
                }
            }
        }
        Ok(AttrDef {
            name: name.to_string(),
            vendor,
            number,
            typ,
            encrypt,
            values: Vec::new(),
        })
    }

    fn insert(&mut self, def: AttrDef) -> Result<(), String> {
        let key = def.name.to_ascii_lowercase();
        if let Some(&i) = self.dict.by_name.get(&key) {
            if let Some(old) = self.dict.attrs.get(i) {
                if (old.vendor, old.number, old.typ) == (def.vendor, def.number, def.typ) {
                    return Ok(());
                }
                return Err(format!(
                    "attribute {} is already defined differently ({} {} {})",
                    def.name,
                    old.vendor,
                    old.number,
                    old.typ.as_str()
                ));
            }
        }
        let i = self.dict.attrs.len();
        // A second name for the same number is an alias; numbers print with the first name.
        self.dict
            .by_number
            .entry((def.vendor, def.number))
            .or_insert(i);
        self.dict.by_name.insert(key, i);
        self.dict.attrs.push(def);
        Ok(())
    }
}

/// `END-VENDOR name`: it must close the block that is open.
fn end_vendor(words: &[&str], open: &Option<(String, u32)>) -> Result<(), String> {
    let name = words.get(1).copied().unwrap_or("");
    match open {
        Some((open, _)) if open.eq_ignore_ascii_case(name) => Ok(()),
        Some((open, _)) => Err(format!(
            "END-VENDOR {name} does not match BEGIN-VENDOR {open}"
        )),
        None => Err(format!("END-VENDOR {name} without BEGIN-VENDOR")),
    }
}

/// `VALUE attribute name number`: its attribute, name and number.
fn value(words: &[&str]) -> Result<(String, String, u64), String> {
    let (Some(attr), Some(name), Some(number)) = (words.get(1), words.get(2), words.get(3)) else {
        return Err("VALUE needs an attribute, a name and a number".into());
    };
    let number =
        parse_number(number).ok_or_else(|| format!("value number '{number}' is not valid"))?;
    Ok((attr.to_string(), name.to_string(), number))
}

/// Decimal, or hexadecimal with `0x`.
fn parse_number(s: &str) -> Option<u64> {
    match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => s.parse().ok(),
    }
}
