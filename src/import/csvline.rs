//! Line-oriented CSV reading for imports: one record per physical line, so that one broken
//! quote is reported on its own line instead of silently swallowing the rest of the file.
//! Fields are split by the `csv` crate after a strict quote check that the crate (which is
//! lenient by design) does not make.

use std::collections::HashMap;

/// One data line: its 1-based line number in the file and its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvLine {
    pub line: usize,
    pub fields: Vec<String>,
}

/// A line that could not be read or is not valid, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// A parsed file: the header's column positions and every data line (or its error).
#[derive(Debug, Clone)]
pub struct CsvTable {
    pub columns: HashMap<String, usize>,
    pub rows: Vec<Result<CsvLine, LineError>>,
}

impl CsvTable {
    /// Reads a whole file. `required` columns must be in the header, `optional` may be;
    /// any other column is an error (a typo such as "pasword" must not be ignored), except
    /// those in `ignored`.
    pub fn parse(
        bytes: &[u8],
        required: &[&str],
        optional: &[&str],
        ignored: &[&str],
    ) -> Result<CsvTable, String> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut lines = bytes
            .split(|&b| b == b'\n')
            .enumerate()
            .map(|(i, l)| (i + 1, l.strip_suffix(b"\r").unwrap_or(l)))
            .filter(|(_, l)| !l.iter().all(u8::is_ascii_whitespace));
        let Some((header_no, header)) = lines.next() else {
            return Err("the file is empty (expected a header line)".into());
        };
        let header = split_line(header_no, header).map_err(|e| format!("header: {e}"))?;
        let mut columns = HashMap::new();
        for (i, name) in header.fields.iter().enumerate() {
            let name = name.trim().to_ascii_lowercase();
            if !required.contains(&name.as_str())
                && !optional.contains(&name.as_str())
                && !ignored.contains(&name.as_str())
            {
                return Err(format!(
                    "header: unknown column '{}' (expected {}; optional {})",
                    name.escape_debug(),
                    required.join(", "),
                    optional.join(", ")
                ));
            }
            if columns.insert(name.clone(), i).is_some() {
                return Err(format!("header: column '{name}' appears twice"));
            }
        }
        let missing: Vec<_> = required
            .iter()
            .filter(|c| !columns.contains_key(**c))
            .copied()
            .collect();
        if !missing.is_empty() {
            return Err(format!("header: missing column(s) {}", missing.join(", ")));
        }
        let width = header.fields.len();
        let rows = lines
            .map(|(no, l)| {
                let line = split_line(no, l)?;
                if line.fields.len() != width {
                    return Err(LineError {
                        line: no,
                        reason: format!("has {} fields, the header has {width}", line.fields.len()),
                    });
                }
                Ok(line)
            })
            .collect();
        Ok(CsvTable { columns, rows })
    }

    /// The trimmed value of `column` on `line` (empty when the column is absent), with the
    /// quote that [`spreadsheet_safe`] puts before a formula-like cell taken off again.
    pub fn get<'a>(&self, line: &'a CsvLine, column: &str) -> &'a str {
        self.columns
            .get(column)
            .and_then(|&i| line.fields.get(i))
            .map_or("", |s| from_spreadsheet_safe(s.trim()))
    }
}

/// First characters that make a spreadsheet (Excel, LibreOffice) run a cell as a formula.
const FORMULA_START: &[char] = &['=', '+', '-', '@', '\t', '\r'];

fn needs_quote_prefix(cell: &str) -> bool {
    cell.starts_with(FORMULA_START)
        || cell
            .strip_prefix('\'')
            .is_some_and(|rest| rest.starts_with(FORMULA_START) || rest.starts_with('\''))
}

/// A cell for a CSV file that people open in a spreadsheet: one that would run as a
/// formula (first character `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`, as does one
/// that already starts with `'` before such a character, so [`from_spreadsheet_safe`]
/// gives back exactly the value.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_quote_prefix(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The value of a cell written by [`spreadsheet_safe`] (other cells are returned as they
/// are).
pub fn from_spreadsheet_safe(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

/// Splits one line into fields.
fn split_line(no: usize, bytes: &[u8]) -> Result<CsvLine, LineError> {
    let err = |reason: String| LineError { line: no, reason };
    let text = std::str::from_utf8(bytes)
        .map_err(|_| err("is not UTF-8 text (save the file as CSV UTF-8)".into()))?;
    check_quotes(text).map_err(err)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => Ok(CsvLine {
            line: no,
            fields: record.iter().map(str::to_string).collect(),
        }),
        Ok(false) => Ok(CsvLine {
            line: no,
            fields: vec![String::new()],
        }),
        Err(e) => Err(err(format!("cannot be read as CSV: {e}"))),
    }
}

/// RFC 4180 quoting on one line: a quoted field starts with '"', doubles any '"' inside,
/// and ends with '"' right before a comma or the end of the line.
fn check_quotes(line: &str) -> Result<(), String> {
    let mut field = 1;
    let mut at_start = true;
    let mut in_quotes = false;
    let mut closed = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    in_quotes = false;
                    closed = true;
                }
            }
        } else if closed {
            if c != ',' {
                return Err(format!("field {field}: text after a closing quote"));
            }
            closed = false;
            at_start = true;
            field += 1;
        } else if c == '"' {
            if !at_start {
                return Err(format!(
                    "field {field}: a quote inside an unquoted field (quote the whole field and double the quote)"
                ));
            }
            in_quotes = true;
            at_start = false;
        } else if c == ',' {
            at_start = true;
            field += 1;
        } else {
            at_start = false;
        }
    }
    if in_quotes {
        return Err(format!("field {field}: the quote is never closed"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_cells_round_trip() {
        for (value, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+62 812", "'+62 812"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("''", "'''"),
            ("'Ali", "'Ali"),
            ("Siti Aminah", "Siti Aminah"),
            ("", ""),
            ("'", "'"),
        ] {
            assert_eq!(spreadsheet_safe(value), written, "{value:?}");
            assert_eq!(from_spreadsheet_safe(written), value, "{written:?}");
        }
    }

    #[test]
    fn quotes() {
        assert!(check_quotes(r#"a,"b,c",d"#).is_ok());
        assert!(check_quotes(r#"a,"b ""x"" c",d"#).is_ok());
        assert!(check_quotes(r#"a,"b,c"#).is_err());
        assert!(check_quotes(r#"a,b"c,d"#).is_err());
        assert!(check_quotes(r#"a,"b"c,d"#).is_err());
        assert!(check_quotes("").is_ok());
    }

    #[test]
    fn table() {
        let t = CsvTable::parse(
            b"\xEF\xBB\xBFName,Plan\r\nsiti,\"student\"\r\n\r\nbudi,\"x\n\"a,b\",c,d\n",
            &["name", "plan"],
            &[],
            &[],
        )
        .unwrap();
        assert_eq!(t.rows.len(), 3);
        let l2 = t.rows[0].as_ref().unwrap();
        assert_eq!((l2.line, t.get(l2, "plan")), (2, "student"));
        assert_eq!(t.rows[1].as_ref().unwrap_err().line, 4);
        assert_eq!(t.rows[2].as_ref().unwrap_err().line, 5);
        assert!(CsvTable::parse(b"name,pasword\n", &["name"], &["password"], &[]).is_err());
        assert!(CsvTable::parse(b"", &["name"], &[], &[]).is_err());
    }
}
