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
            sql.push_str(&s.replace('\'', "''"));
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

    /// Adds one row; writes the statement when it is big enough.
    pub async fn push(
        &mut self,
        conn: &mut AnyConnection,
        values: &[Lit<'_>],
    ) -> Result<(), StoreError> {
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
        if self.sql.len() >= MAX_SQL {
            self.flush(conn).await?;
        }
        Ok(())
    }

    /// Writes what is pending.
    pub async fn flush(&mut self, conn: &mut AnyConnection) -> Result<(), StoreError> {
        if self.rows > 0 {
            sqlx::query(&self.sql).execute(&mut *conn).await?;
            self.written += self.rows as u64;
            self.sql.clear();
            self.rows = 0;
        }
        Ok(())
    }

    /// Writes what is pending with `binds` bound as `$1..`.
    pub async fn flush_with(
        &mut self,
        conn: &mut AnyConnection,
        binds: &[Vec<u8>],
    ) -> Result<(), StoreError> {
        if self.rows > 0 {
            let mut q = sqlx::query(&self.sql);
            for b in binds {
                q = q.bind(b.clone());
            }
            q.execute(&mut *conn).await?;
            self.written += self.rows as u64;
            self.sql.clear();
            self.rows = 0;
        }
        Ok(())
    }

    /// Rows pending in the current statement.
    pub fn pending(&self) -> usize {
        self.rows
    }
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
