//! Row decoding shared by the pool and the in-place reads: a column list read in order,
//! by name from a sqlx row or by position from a rusqlite row (`sqlite::reads`).

use super::StoreError;

/// Reads a row's columns in the order of a column list, checking each name as it goes, so
/// that the same decoding serves a sqlx row (by name) and a rusqlite row (by position).
pub(crate) trait Columns {
    /// The next column, named `name` (after the reader's prefix), as optional text.
    fn text(&mut self, name: &str) -> Result<Option<String>, StoreError>;
    /// The next column as an optional integer.
    fn int(&mut self, name: &str) -> Result<Option<i64>, StoreError>;
    /// The next column as optional bytes.
    fn blob(&mut self, name: &str) -> Result<Option<Vec<u8>>, StoreError>;

    /// The next column, which the schema declares NOT NULL, as text.
    fn req_text(&mut self, name: &str) -> Result<String, StoreError> {
        self.text(name)?.ok_or_else(|| null_column(name))
    }

    /// The next column, which the schema declares NOT NULL, as an integer.
    fn req_int(&mut self, name: &str) -> Result<i64, StoreError> {
        self.int(name)?.ok_or_else(|| null_column(name))
    }
}

pub(crate) fn null_column(name: &str) -> StoreError {
    StoreError::Invalid(format!("column {name} is NULL in a row where it cannot be"))
}

/// A sqlx row read by name under a prefix (`p_` for the plan's columns of a join).
pub(crate) struct Named<'r> {
    pub row: &'r sqlx::any::AnyRow,
    pub prefix: &'r str,
}

impl Named<'_> {
    fn get<T>(&self, name: &str) -> Result<T, StoreError>
    where
        T: for<'a> sqlx::Decode<'a, sqlx::Any> + sqlx::Type<sqlx::Any>,
    {
        use sqlx::Row;
        let col = if self.prefix.is_empty() {
            std::borrow::Cow::Borrowed(name)
        } else {
            std::borrow::Cow::Owned(format!("{}{name}", self.prefix))
        };
        Ok(self.row.try_get(col.as_ref())?)
    }
}

/// Implements `Columns` for a reader with a `get::<T>(name)` that decodes one column: the
/// readers differ only in their decoding bounds (sqlx's or rusqlite's).
macro_rules! columns_by_get {
    ($reader:ty) => {
        impl $crate::store::row::Columns for $reader {
            fn text(&mut self, name: &str) -> Result<Option<String>, StoreError> {
                self.get(name)
            }
            fn int(&mut self, name: &str) -> Result<Option<i64>, StoreError> {
                self.get(name)
            }
            fn blob(&mut self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
                self.get(name)
            }
        }
    };
}
pub(crate) use columns_by_get;

columns_by_get!(Named<'_>);
