//! A person's history read day by day (issue 24, migration 0025): their sessions and daily
//! usage are indexed by the day first, so that accounting writes into today's part of those
//! indexes whatever the history. A read names the days it covers, one index seek each, over
//! the span the table actually holds (bounded by the retention).

use chrono::{Days, NaiveDate};
use sqlx::Row;

use super::distinct::day_string;
use super::{Store, StoreError};

/// Days listed at most in one read: ten years, far beyond any retention; a span longer than
/// this (retention off for a decade) keeps its newest days.
const MAX_DAYS: i64 = 3660;

/// Seconds in an epoch day, the unit of the sessions' day-keyed indexes.
const DAY_SECS: i64 = 86_400;

/// `expr IN (...)` over the epoch days `first..=last` (newest kept when longer than
/// `MAX_DAYS`), as literal integers made here; `1 = 0` when the span is empty.
pub(crate) fn epoch_days_in(expr: &str, span: Option<(i64, i64)>) -> String {
    let Some((first, last)) = span.filter(|(f, l)| f <= l) else {
        return "1 = 0".to_string();
    };
    let first = first.max(last - MAX_DAYS + 1);
    let days: Vec<String> = (first..=last).map(|d| d.to_string()).collect();
    format!("{expr} IN ({})", days.join(", "))
}

/// `column IN ('YYYY-MM-DD', ...)` over the days `from..=to` (newest kept when longer than
/// `MAX_DAYS`); `1 = 0` when the span is empty.
pub(crate) fn day_strings_in(column: &str, from: NaiveDate, to: NaiveDate) -> String {
    if from > to {
        return "1 = 0".to_string();
    }
    let earliest = to
        .checked_sub_days(Days::new(MAX_DAYS as u64 - 1))
        .unwrap_or(from);
    let mut day = from.max(earliest);
    let mut days = Vec::new();
    while day <= to {
        days.push(format!("'{}'", day_string(day)));
        match day.checked_add_days(Days::new(1)) {
            Some(next) => day = next,
            None => break,
        }
    }
    format!("{column} IN ({})", days.join(", "))
}

/// Parses `YYYY-MM-DD`.
pub(crate) fn parse_day(day: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map_err(|_| StoreError::Invalid(format!("'{day}' is not a day (YYYY-MM-DD)")))
}

impl Store {
    /// The first and last start day (epoch days, UTC) of the sessions stored, each read at
    /// one end of `sessions_day_username`; `None` when there are none.
    pub(crate) async fn session_day_span(&self) -> Result<Option<(i64, i64)>, StoreError> {
        let end = |order: &str| {
            format!(
                "SELECT started_at / {DAY_SECS} AS d FROM sessions \
                 ORDER BY started_at / {DAY_SECS} {order} LIMIT 1"
            )
        };
        let first = sqlx::query(&end("ASC")).fetch_optional(&self.pool).await?;
        let last = sqlx::query(&end("DESC")).fetch_optional(&self.pool).await?;
        Ok(match (first, last) {
            (Some(f), Some(l)) => Some((f.try_get("d")?, l.try_get("d")?)),
            _ => None,
        })
    }

    /// The first and last day of the per-person usage stored, each read at one end of
    /// `usage_daily_user`'s key; `None` when there is none.
    pub(crate) async fn usage_day_span(
        &self,
    ) -> Result<Option<(NaiveDate, NaiveDate)>, StoreError> {
        let end =
            |order: &str| format!("SELECT day FROM usage_daily_user ORDER BY day {order} LIMIT 1");
        let first = sqlx::query(&end("ASC")).fetch_optional(&self.pool).await?;
        let last = sqlx::query(&end("DESC")).fetch_optional(&self.pool).await?;
        Ok(match (first, last) {
            (Some(f), Some(l)) => {
                let f: String = f.try_get("day")?;
                let l: String = l.try_get("day")?;
                Some((parse_day(&f)?, parse_day(&l)?))
            }
            _ => None,
        })
    }

    /// The condition naming every start day of the stored sessions, when a session list
    /// reads one person's whole history (`by_user` and not `open_only`: open sessions have
    /// an index of their own) through `sessions_day_username`; `None` otherwise.
    pub(crate) async fn user_history_days(
        &self,
        by_user: bool,
        open_only: bool,
    ) -> Result<Option<String>, StoreError> {
        if !by_user || open_only {
            return Ok(None);
        }
        Ok(Some(epoch_days_in(
            &format!("s.started_at / {DAY_SECS}"),
            self.session_day_span().await?,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_days_list_the_span_and_nothing_when_empty() {
        assert_eq!(
            epoch_days_in("x", Some((3, 5))),
            "x IN (3, 4, 5)".to_string()
        );
        assert_eq!(epoch_days_in("x", None), "1 = 0");
        assert_eq!(epoch_days_in("x", Some((5, 3))), "1 = 0");
        let long = epoch_days_in("x", Some((0, 10_000)));
        assert_eq!(long.matches(", ").count() as i64, MAX_DAYS - 1);
        assert!(long.ends_with(", 10000)"));
    }

    #[test]
    fn day_strings_cross_months_and_keep_the_newest() {
        let d = |s: &str| parse_day(s).expect("day");
        assert_eq!(
            day_strings_in("day", d("2026-02-27"), d("2026-03-01")),
            "day IN ('2026-02-27', '2026-02-28', '2026-03-01')"
        );
        assert_eq!(
            day_strings_in("day", d("2026-03-02"), d("2026-03-01")),
            "1 = 0"
        );
        let long = day_strings_in("day", d("1990-01-01"), d("2026-03-01"));
        assert_eq!(long.matches(", ").count() as i64, MAX_DAYS - 1);
        assert!(parse_day("2026-13-01").is_err());
    }
}
