//! Dates as users write them in queries and filters: a year, a month, a
//! day or an exact instant, each naming a half-open span of time.
//!
//! Users think in days, months and years, tantivy in instants: `2024-12`
//! is `[2024-12-01T00:00:00Z, 2025-01-01T00:00:00Z)`, and an inclusive upper
//! bound `2024-12-31` ends at the first instant of the next day, so the
//! boundary day is always included.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};

use crate::error::QueryError;

/// A date filter: articles dated in `[from, until)`. Unbounded on a side
/// that is `None`; undated articles never pass a bounded filter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateRange {
    /// First instant included.
    pub from: Option<DateTime<Utc>>,
    /// First instant excluded.
    pub until: Option<DateTime<Utc>>,
}

impl DateRange {
    /// From the start of the period `from` to the end of the period `to`,
    /// both as users type them (see [`Period::parse`]); the error names
    /// `--from` or `--to`.
    /// A `--to` before `--from` is refused: it would match nothing.
    pub fn from_bounds(from: Option<&str>, to: Option<&str>) -> Result<DateRange, QueryError> {
        let range = DateRange {
            from: from
                .map(|v| Period::parse(v, "--from").map(|p| p.start))
                .transpose()?,
            until: to
                .map(|v| Period::parse(v, "--to").map(|p| p.end))
                .transpose()?,
        };
        if let (Some(start), Some(end)) = (range.from, range.until) {
            if start >= end {
                return Err(QueryError::BadRange {
                    range: format!("--from {} --to {}", from.unwrap_or(""), to.unwrap_or("")),
                    reason: "it ends before it starts".to_string(),
                });
            }
        }
        Ok(range)
    }

    /// Whether the range lets every article through.
    pub fn is_unbounded(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }
}

/// A half-open span of time named by a year, a month, a day or an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first instant of the period.
    pub start: DateTime<Utc>,
    /// The first instant after it.
    pub end: DateTime<Utc>,
}

impl Period {
    /// Reads `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an RFC 3339 instant;
    /// `context` names where the text came from (`--from`, `a date: search`)
    /// in the error.
    pub fn parse(text: &str, context: &str) -> Result<Period, QueryError> {
        period(text, context)
    }
}

fn period(text: &str, context: &str) -> Result<Period, QueryError> {
    let bad = || QueryError::BadDate {
        value: text.to_string(),
        context: context.to_string(),
    };
    let text = text.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        let start = instant.with_timezone(&Utc);
        return Ok(Period {
            start,
            end: start + chrono::Duration::seconds(1),
        });
    }
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| -> Result<u32, QueryError> {
        if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let midnight = |d: NaiveDate| Utc.from_utc_datetime(&d.and_time(chrono::NaiveTime::MIN));
    let (start, end) = match parts.as_slice() {
        [y] => {
            let y = number(y, 4)? as i32;
            let start = NaiveDate::from_ymd_opt(y, 1, 1).ok_or_else(bad)?;
            (start, NaiveDate::from_ymd_opt(y + 1, 1, 1).ok_or_else(bad)?)
        }
        [y, m] => {
            let start =
                NaiveDate::from_ymd_opt(number(y, 4)? as i32, number(m, 2)?, 1).ok_or_else(bad)?;
            (start, next_month(start).ok_or_else(bad)?)
        }
        [y, m, d] => {
            let start = NaiveDate::from_ymd_opt(number(y, 4)? as i32, number(m, 2)?, number(d, 2)?)
                .ok_or_else(bad)?;
            (start, start.succ_opt().ok_or_else(bad)?)
        }
        _ => return Err(bad()),
    };
    Ok(Period {
        start: midnight(start),
        end: midnight(end),
    })
}

fn next_month(first: NaiveDate) -> Option<NaiveDate> {
    if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn year_is_a_whole_year() {
        let p = period("2024", "t").unwrap();
        assert_eq!(p.start, day("2024-01-01T00:00:00Z"));
        assert_eq!(p.end, day("2025-01-01T00:00:00Z"));
    }

    #[test]
    fn december_ends_at_new_year() {
        let p = period("2024-12", "t").unwrap();
        assert_eq!(p.start, day("2024-12-01T00:00:00Z"));
        assert_eq!(p.end, day("2025-01-01T00:00:00Z"));
    }

    #[test]
    fn day_ends_at_next_midnight() {
        let p = period("2024-02-29", "t").unwrap();
        assert_eq!(p.end, day("2024-03-01T00:00:00Z"));
    }

    #[test]
    fn rfc3339_instant_is_converted_to_utc() {
        let p = period("2024-12-04T17:16:00+01:00", "t").unwrap();
        assert_eq!(p.start, day("2024-12-04T16:16:00Z"));
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for bad in [
            "2024-13",
            "2024-13-45",
            "2023-02-29",
            "24-12-01",
            "x",
            "2024-1-5",
            "",
        ] {
            assert!(period(bad, "t").is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn filter_bounds_cover_whole_periods_and_name_the_option() {
        let range = DateRange::from_bounds(Some("2024-12"), Some("2024-12-31")).unwrap();
        assert_eq!(range.from, Some(day("2024-12-01T00:00:00Z")));
        assert_eq!(range.until, Some(day("2025-01-01T00:00:00Z")));
        let err = DateRange::from_bounds(None, Some("2024-13")).unwrap_err();
        assert!(err.to_string().contains("--to"), "{err}");
        let reversed = DateRange::from_bounds(Some("1987-04"), Some("1987-03")).unwrap_err();
        assert!(
            matches!(reversed, QueryError::BadRange { .. }),
            "{reversed}"
        );
        assert!(DateRange::from_bounds(Some("1987-03"), Some("1987-03")).is_ok());
    }
}
