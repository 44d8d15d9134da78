//! Bulk writes for the demo seed: multi-row INSERTs with the values written into the SQL as
//! literals (every value is generated here: digits, ASCII names, dates), which avoids
//! sqlx's per-parameter binding cost on SQLite and works unchanged on PostgreSQL.

use sqlx::AnyConnection;

use crate::store::StoreError;

/// Flush a statement once its SQL grows past this many bytes.
const MAX_SQL: usize = 256 * 1024;

/// One SQL value.
pub enum Lit<'a> {
    Int(i64),
    Text(&'a str),
    Null,
    /// A bound parameter (`$n`), for the few binary values.
    Param(usize),
}

/// Appends `value` as a literal.
fn push_lit(sql: &mut String, value: &Lit<'_>) {
    use std::fmt::Write as _;
    match value {
        Lit::Int(i) => {
            let _ = write!(sql, "{i}");
        }
        Lit::Text(s) => {
            sql.push('\'');
            // Doubling quotes is all standard SQL needs; PostgreSQL's
            // standard_conforming_strings (on by default since 9.1) keeps backslashes literal.
            if s.contains('\'') {
                sql.push_str(&s.replace('\'', "''"));
            } else {
                sql.push_str(s);
            }
            sql.push('\'');
        }
        Lit::Null => sql.push_str("NULL"),
        Lit::Param(n) => {
            let _ = write!(sql, "${n}");
        }
    }
}

/// A multi-row INSERT being built for one table.
pub struct Inserter {
    head: String,
    sql: String,
    rows: usize,
    /// Rows written so far (all flushes).
    pub written: u64,
}

impl Inserter {
    /// An inserter for `table (columns)`.
    pub fn new(table: &str, columns: &[&str]) -> Inserter {
        Inserter {
            head: format!("INSERT INTO {table} ({}) VALUES ", columns.join(", ")),
            sql: String::new(),
            rows: 0,
            written: 0,
        }
    }

    /// Adds one row; returns the finished statement once it is big enough to send.
    pub fn push(&mut self, values: &[Lit<'_>]) -> Option<String> {
        self.sql
            .push_str(if self.rows == 0 { &self.head } else { ", " });
        self.sql.push('(');
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.sql.push_str(", ");
            }
            push_lit(&mut self.sql, v);
        }
        self.sql.push(')');
        self.rows += 1;
        (self.sql.len() >= MAX_SQL).then(|| self.take()).flatten()
    }

    /// The pending statement, if any rows are waiting.
    pub fn take(&mut self) -> Option<String> {
        if self.rows == 0 {
            return None;
        }
        self.written += self.rows as u64;
        self.rows = 0;
        Some(std::mem::take(&mut self.sql))
    }
}

/// Runs one statement with `binds` bound as `$1..`.
pub async fn exec(
    conn: &mut AnyConnection,
    sql: &str,
    binds: &[Vec<u8>],
) -> Result<(), StoreError> {
    let mut q = sqlx::query(sql);
    for b in binds {
        q = q.bind(b.clone());
    }
    q.execute(&mut *conn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_quoted() {
        let mut s = String::new();
        push_lit(&mut s, &Lit::Text("Jum'at"));
        push_lit(&mut s, &Lit::Int(-5));
        push_lit(&mut s, &Lit::Null);
        push_lit(&mut s, &Lit::Param(2));
        assert_eq!(s, "'Jum''at'-5NULL$2");
    }
}
