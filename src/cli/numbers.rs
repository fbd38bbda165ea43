//! The numeric options, read with their rules: what each one counts and the
//! values it takes.
//!
//! Each parser's error is the rule alone ("takes a count of hits, 0 or
//! more"); [`super::usage`] puts the option's name before it and the value
//! given after it, so every message has the same shape whichever option
//! and spelling (`-n`, `--limit=`) was used.

use crate::config::{MAX_MEMORY_MIB, MAX_THREADS, MIN_MEMORY_MIB};
use crate::search::facets::{FacetField, FacetRequest, DEFAULT_BUCKETS, MAX_BUCKETS};
use crate::search::suggest::nearest_name;

/// Why a value was refused: the rule it broke, and an example that keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NumberRule {
    /// What the option takes, and the range.
    pub(super) rule: String,
    /// A value that is right, as the user would type it.
    pub(super) example: &'static str,
    /// Whether the value was a number too large for the type, when the rule
    /// names no top.
    pub(super) too_large: bool,
}

impl std::fmt::Display for NumberRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.rule)
    }
}

impl std::error::Error for NumberRule {}

/// `--limit`.
pub(super) fn hit_count(value: &str) -> Result<usize, NumberRule> {
    whole(value, "a count of hits", 0, usize::MAX, "--limit 20")
}

/// `newsidx speakers --limit`.
pub(super) fn people_count(value: &str) -> Result<usize, NumberRule> {
    whole(value, "a count of people", 1, usize::MAX, "--limit 20")
}

/// `--limit`: a count of hits, or `all`.
pub(super) fn hit_limit(value: &str) -> Result<super::HitLimit, NumberRule> {
    if value.eq_ignore_ascii_case("all") {
        return Ok(super::HitLimit::All);
    }
    hit_count(value)
        .map(super::HitLimit::Count)
        .map_err(|mut rule| {
            rule.rule.push_str(", or all for every match");
            rule.example = "--limit 20, or --limit all";
            rule
        })
}

/// `--offset`.
pub(super) fn hits_to_skip(value: &str) -> Result<usize, NumberRule> {
    whole(
        value,
        "a count of hits to skip",
        0,
        usize::MAX,
        "--offset 10",
    )
}

/// `--memory`.
pub(super) fn memory_mib(value: &str) -> Result<usize, NumberRule> {
    whole(
        value,
        "a budget in MiB",
        MIN_MEMORY_MIB,
        MAX_MEMORY_MIB,
        "--memory 512",
    )
}

/// `-j`/`--threads`.
pub(super) fn thread_count(value: &str) -> Result<usize, NumberRule> {
    whole(value, "a count of threads", 1, MAX_THREADS, "-j 4")
}

/// `--commit-every`.
pub(super) fn seconds(value: &str) -> Result<u64, NumberRule> {
    whole(
        value,
        "a number of seconds",
        0,
        u64::MAX,
        "--commit-every 60",
    )
}

/// `--facet FIELD[:N]`: a field, and a count of buckets for the fields
/// that show the largest (date fields show every period).
pub(super) fn facet(value: &str) -> Result<FacetRequest, FacetSpecError> {
    let (name, count) = match value.split_once(':') {
        Some((name, count)) => (name, Some(count)),
        None => (value, None),
    };
    let field = FacetField::from_name(&name.to_ascii_lowercase())
        .ok_or_else(|| FacetSpecError::UnknownField(name.to_string()))?;
    let size = match count {
        None => DEFAULT_BUCKETS,
        Some(_) if field.is_period() => return Err(FacetSpecError::PeriodCount(field.name())),
        Some(count) => whole(
            count,
            "FIELD:N, N a count of buckets",
            1,
            MAX_BUCKETS,
            "--facet speaker:20",
        )
        .map_err(FacetSpecError::Count)?,
    };
    Ok(FacetRequest { field, size })
}

/// Why a `--facet` value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum FacetSpecError {
    /// No such field.
    UnknownField(String),
    /// A count after a date field.
    PeriodCount(&'static str),
    /// A count out of range.
    Count(NumberRule),
}

impl std::fmt::Display for FacetSpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FacetSpecError::UnknownField(name) => {
                let known: Vec<&str> = FacetField::ALL.iter().map(|f| f.name()).collect();
                write!(f, "no field {name:?} to count by")?;
                // A slip of one or two letters ("speakr", "mnth") is
                // named, as the query language names a mistyped field.
                if let Some(field) = nearest_name(&name.to_lowercase(), &known) {
                    write!(f, " (did you mean {field}?)")?;
                }
                write!(f, "; the fields are {}", known.join(", "))
            }
            FacetSpecError::PeriodCount(name) => write!(
                f,
                "{name} shows every period from the first match to the last, so it takes no count"
            ),
            FacetSpecError::Count(rule) => write!(f, "{rule}"),
        }
    }
}

impl std::error::Error for FacetSpecError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FacetSpecError::Count(rule) => Some(rule),
            _ => None,
        }
    }
}

/// A whole number from `min` to `max`; `max` being the type's own limit
/// means no limit worth naming.
fn whole<T>(value: &str, what: &str, min: T, max: T, example: &'static str) -> Result<T, NumberRule>
where
    T: Copy + PartialOrd + std::fmt::Display + std::str::FromStr + Bounded,
{
    let rule = |too_large: bool| NumberRule {
        rule: if max == T::MAX {
            format!("takes {what}, {min} or more")
        } else {
            format!("takes {what}, from {min} to {max}")
        },
        example,
        too_large,
    };
    let digits = value.strip_prefix('+').unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(rule(false));
    }
    // Only digits, so the one way to fail is overflow; a rule that names
    // its top already says why then, one without says nothing of size.
    let Ok(number) = digits.parse::<T>() else {
        return Err(rule(max == T::MAX));
    };
    if number < min || number > max {
        Err(rule(false))
    } else {
        Ok(number)
    }
}

/// The largest value of an unsigned integer type.
trait Bounded {
    const MAX: Self;
}

impl Bounded for usize {
    const MAX: usize = usize::MAX;
}

impl Bounded for u64 {
    const MAX: u64 = u64::MAX;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mistyped_facet_field_is_named_and_a_stranger_is_not() {
        let typo = facet("speakr").unwrap_err().to_string();
        assert!(typo.contains("did you mean speaker?"), "{typo}");
        assert!(typo.contains("the fields are speaker"), "{typo}");
        let stranger = facet("colour").unwrap_err().to_string();
        assert!(!stranger.contains("did you mean"), "{stranger}");
    }

    #[test]
    fn counts_take_zero_and_large_values() {
        assert_eq!(hit_count("0"), Ok(0));
        assert_eq!(hit_count("+7"), Ok(7));
        assert_eq!(hits_to_skip("1000000"), Ok(1_000_000));
        assert_eq!(seconds("18446744073709551615"), Ok(u64::MAX));
    }

    #[test]
    fn negative_fractional_and_empty_values_break_the_rule() {
        for value in ["-1", "1.5", "", "ten", "1e3", "0x10", " 5", "+", "٣"] {
            let err = hit_count(value).unwrap_err();
            assert_eq!(err.rule, "takes a count of hits, 0 or more", "{value:?}");
            assert!(!err.too_large, "{value:?}");
        }
    }

    #[test]
    fn a_limit_is_a_count_or_all() {
        assert_eq!(hit_limit("0"), Ok(super::super::HitLimit::Count(0)));
        assert_eq!(hit_limit("All"), Ok(super::super::HitLimit::All));
        for value in ["10x", "al", "-1", "all5", ""] {
            let err = hit_limit(value).unwrap_err();
            assert_eq!(
                err.rule, "takes a count of hits, 0 or more, or all for every match",
                "{value:?}"
            );
            assert_eq!(err.example, "--limit 20, or --limit all");
        }
    }

    #[test]
    fn a_number_past_the_type_is_too_large() {
        let err = hit_count("99999999999999999999999").unwrap_err();
        assert!(err.too_large);
    }

    #[test]
    fn ranges_are_named_and_enforced() {
        assert_eq!(memory_mib(&MIN_MEMORY_MIB.to_string()), Ok(MIN_MEMORY_MIB));
        assert_eq!(memory_mib(&MAX_MEMORY_MIB.to_string()), Ok(MAX_MEMORY_MIB));
        let small = memory_mib("5").unwrap_err();
        assert_eq!(
            small.rule,
            format!("takes a budget in MiB, from {MIN_MEMORY_MIB} to {MAX_MEMORY_MIB}")
        );
        assert!(!small.too_large);
        assert!(memory_mib(&(MAX_MEMORY_MIB + 1).to_string()).is_err());
        assert!(!memory_mib("99999999999999999999999").unwrap_err().too_large);
        assert!(thread_count("0").is_err());
        assert!(thread_count(&(MAX_THREADS + 1).to_string()).is_err());
        assert_eq!(thread_count("1"), Ok(1));
    }
}
