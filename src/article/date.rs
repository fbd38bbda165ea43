//! Turning the text of a date, as an article writes it, into an instant in UTC.
//!
//! This module owns one question: given a piece of text that is supposed to be
//! a date (`4 December 2024 16:16`, `2024-12-04T16:16:00Z`,
//! `Wed, 04 Dec 2024 16:16:00 +0000`, ...), what instant does it name? It does
//! not decide *which* line of an article is the date line; that is the article
//! parser's job. [`parse_date`] therefore accepts text only when the whole of it
//! is a date, so that a sentence which merely mentions a date is never mistaken
//! for one, and [`parse_date_header`] handles the `Key: value` header lines.
//!
//! Key decisions:
//!
//! - **No zone means UTC.** An archive rarely says which zone its plain dates
//!   are in, and guessing one per source would be worse than a fixed,
//!   documented rule. [`ParsedDate::has_zone`] tells callers which case they
//!   have. Zones accepted: `Z`, `UTC`, `GMT`, `UT`, numeric offsets (`+0100`,
//!   `+01:00`), the North American names RFC 2822 defines (`EST`, `EDT`,
//!   `CST`, `CDT`, `MST`, `MDT`, `PST`, `PDT`), and the abbreviations news
//!   sites of the other large markets print (`BST`, `CET`, `CEST`, `EET`,
//!   `IST`, `JST`, `KST`, `HKT`, `SGT`, `WIB`, `AEST`, ... in
//!   [`named_zone_minutes`]). Each is a fixed offset, and where a name is
//!   shared it means the zone of the outlets that print it (`IST` is India's,
//!   `BST` British summer time). Names that stand for several offsets alike
//!   (`ET`, `AST`) are rejected rather than silently shifted.
//! - **No time means midnight**, with [`ParsedDate::has_time`] false.
//! - **Slashed dates with the year last are ambiguous** (`04/12/2024`). They
//!   are read day-first (European) unless the second number is above 12, in
//!   which case they can only be month-first (US): `25/12/2024` and
//!   `04/12/2024` are day-first, `12/25/2024` is month-first.
//! - **Years are four digits, 1000 to 9999.** Two-digit years (which RFC 2822
//!   still allows) are rejected: a 2-digit year in a news archive is more often
//!   a sign of a misread than a date worth guessing a century for.
//! - **A weekday, when given, must agree with the date**; a contradiction
//!   means the text is not trustworthy, so the result is `None`.
//! - English month and weekday names only, in any letter case.
//!
//! The parsing itself is chrono's (`parse_from_rfc3339`, `parse_from_rfc2822`,
//! `NaiveDate`/`NaiveTime::parse_from_str`); this module normalises the many
//! ways articles write dates (weekday prefixes, `Dec.`/`Sept.`, commas,
//! `4:16 p.m.`, `4.16pm`, ordinals such as `4th`, `at` before the time) into
//! the few shapes those parsers know.

use std::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};

/// A calendar date, possibly with a time, as written in an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedDate {
    /// The instant in UTC. A date without a zone is taken as UTC; a date without a time is midnight.
    pub utc: chrono::DateTime<chrono::Utc>,
    /// Whether the text gave a time of day.
    pub has_time: bool,
    /// Whether the text gave a zone or offset.
    pub has_zone: bool,
}

/// The longest accepted text, in bytes. The longest real form
/// (`Wednesday, September 25, 2024, 12:16:05.123 p.m. +01:00`) is well inside
/// it, and the limit keeps long prose lines from costing more than a length
/// check.
const MAX_LEN: usize = 64;

/// Every accepted form has its first digit within this many bytes of the
/// start, so a line without one there cannot be a date.
const DIGIT_WINDOW: usize = 40;

/// More words than a weekday, month, day, year, `at`, time, meridiem and
/// zone together means prose, not a date.
const MAX_TOKENS: usize = 8;

/// Header keys recognised by [`parse_date_header`], compared ignoring case.
/// Bylines with a date are short; longer lines are prose.
const MAX_HEADER_LEN: usize = 160;

const HEADER_KEYS: &[&str] = &["date", "published", "pubdate", "updated", "posted"];

/// Unambiguous date layouts, after normalisation (lower case, single spaces,
/// no commas, no dots after month names, no ordinal suffixes). chrono's `%B`
/// also accepts abbreviations, and `%b` full names, when parsing.
const DATE_FORMATS: &[&str] = &[
    "%d %B %Y", // 4 december 2024
    "%B %d %Y", // december 4 2024
    "%Y-%m-%d", // 2024-12-04
    "%d.%m.%Y", // 04.12.2024
    "%Y/%m/%d", // 2024/12/04
    "%d-%b-%Y", // 26-feb-1987 (Reuters)
];

/// Full weekday names, for accepting any abbreviation of at least three
/// letters (`Wed`, `Tues`, `Thurs`) that chrono's own parser would not.
const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Written forms of a.m./p.m., longest first so that stripping a suffix
/// takes the whole of it.
const MERIDIEMS: &[(&str, &str)] = &[
    ("a.m.", "am"),
    ("p.m.", "pm"),
    ("a.m", "am"),
    ("p.m", "pm"),
    ("am", "am"),
    ("pm", "pm"),
];

/// Parses `text` (surrounding whitespace ignored) when the WHOLE of it is a date in a known form; None otherwise.
///
/// Accepted forms include `4 December 2024 16:16`, `Dec. 4, 2024, 4:16 p.m.`,
/// `Wednesday, December 4, 2024`, `December 4, 2024 at 4:16 pm`, RFC 3339
/// and ISO 8601 (`2024-12-04T16:16:00+01:00`, `2024-12-04 16:16`, `2024-12-04`),
/// RFC 2822 (`Wed, 04 Dec 2024 16:16:00 +0000`), `04.12.2024 16:16`,
/// `2024/12/04`, `04/12/2024` and the Reuters `26-FEB-1987 15:01:01.79`; see
/// the module documentation for the rules on zones, years and ambiguous
/// slashed dates.
#[must_use]
pub fn parse_date(text: &str) -> Option<ParsedDate> {
    let text = text.trim();
    if text.is_empty()
        || text.len() > MAX_LEN
        || !text.bytes().take(DIGIT_WINDOW).any(|b| b.is_ascii_digit())
    {
        return None;
    }
    parse_rfc3339(text)
        .or_else(|| parse_rfc2822(text))
        .or_else(|| parse_loose(text))
}

/// Finds a date in a header line such as `Date: 4 December 2024` / `Published: 2024-12-04` (key case-insensitive; keys: date, published, pubdate, updated, posted). None when the line is not such a header or the value does not parse.
///
/// Whitespace around the key and the value is ignored; the value must be a
/// date as a whole, as for [`parse_date`].
#[must_use]
pub fn parse_date_header(line: &str) -> Option<ParsedDate> {
    if line.len() > MAX_HEADER_LEN {
        return None;
    }
    header_value(line).or_else(|| {
        // Bylines carry the date beside other facts: "By Ann Lee · Published
        // Mar. 3, 2025" or "Updated 4 December 2024 | 3 min read".
        line.split(['·', '|', '•', '—', '–'])
            .map(str::trim)
            .find_map(|part| parse_date(part).or_else(|| header_value(part)))
    })
}

/// The key without a word that says which of several such dates it is
/// ("Last updated", "First published", "Originally posted"): the date
/// is read all the same, the only one a liveblog or a re-run may give.
fn strip_key_qualifier(text: &str) -> &str {
    const QUALIFIERS: [&str; 3] = ["last ", "first ", "originally "];
    QUALIFIERS
        .iter()
        .find_map(|q| {
            let head = text.get(..q.len())?;
            head.eq_ignore_ascii_case(q)
                .then(|| text[q.len()..].trim_start())
        })
        .unwrap_or(text)
}

/// `Key: value` or `Key value` (`Published 4 December 2024`, `Posted on
/// 2024-12-04`) for one of the header keys.
fn header_value(text: &str) -> Option<ParsedDate> {
    let text = strip_key_qualifier(text.trim());
    let (key, value) = match text.split_once(':') {
        Some((key, value)) if !key.trim().contains(char::is_whitespace) => (key, value),
        _ => text.split_once(char::is_whitespace)?,
    };
    if !HEADER_KEYS
        .iter()
        .any(|k| key.trim().eq_ignore_ascii_case(k))
    {
        return None;
    }
    let value = value.trim_start();
    let value = ["on ", "at "]
        .iter()
        .find_map(|p| value.strip_prefix(p))
        .unwrap_or(value);
    parse_date(value)
}

fn year_in_range(year: i32) -> bool {
    (1000..=9999).contains(&year)
}

fn from_zoned(dt: DateTime<FixedOffset>) -> Option<ParsedDate> {
    // The written year is what the range rule is about, not the UTC one.
    year_in_range(dt.year()).then(|| ParsedDate {
        utc: dt.with_timezone(&Utc),
        has_time: true,
        has_zone: true,
    })
}

fn parse_rfc3339(text: &str) -> Option<ParsedDate> {
    // Cheap shape check so that other forms do not pay for a failed parse.
    let starts_with_year = matches!(
        text.as_bytes(),
        [y1, y2, y3, y4, b'-', ..] if [y1, y2, y3, y4].iter().all(|b| b.is_ascii_digit())
    );
    if text.len() < 20 || !starts_with_year {
        return None;
    }
    from_zoned(DateTime::parse_from_rfc3339(text).ok()?)
}

fn parse_rfc2822(text: &str) -> Option<ParsedDate> {
    if !has_rfc2822_shape(text) {
        return None;
    }
    from_zoned(DateTime::parse_from_rfc2822(text).ok()?)
}

/// `[Wed,] 4 Dec 2024 ...`. chrono's RFC 2822 parser reads two- and
/// three-digit years as 19xx/20xx, which this module rejects, so only text
/// with a four-digit year goes to it; the check is also cheaper than a failed
/// parse.
fn has_rfc2822_shape(text: &str) -> bool {
    let mut words = text.split_ascii_whitespace().peekable();
    if words.peek().is_some_and(|w| w.ends_with(',')) {
        words.next();
    }
    let all = |w: &str, len: std::ops::RangeInclusive<usize>, f: fn(&u8) -> bool| {
        len.contains(&w.len()) && w.as_bytes().iter().all(f)
    };
    matches!(
        (words.next(), words.next(), words.next(), words.next()),
        (Some(day), Some(month), Some(year), Some(_))
            if all(day, 1..=2, u8::is_ascii_digit)
                && all(month, 3..=3, u8::is_ascii_alphabetic)
                && all(year, 4..=4, u8::is_ascii_digit)
    )
}

/// Everything that is not strict RFC 3339 or RFC 2822: normalise the words,
/// peel off weekday, zone, meridiem and time from the ends, and hand the date
/// and time parts to chrono separately so that each layout is written once.
/// The time may also come first (`10:30 AM KST Nov 20, 2019`), as many
/// Asian outlets print it.
fn parse_loose(text: &str) -> Option<ParsedDate> {
    let lower = text.to_ascii_lowercase();
    let mut tokens: Vec<&str> = Vec::with_capacity(MAX_TOKENS);
    for raw in lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty() && !is_separator(t))
    {
        // ISO 8601 joins date and time with a `T`; splitting it here lets the
        // date and time go through the same parsers as every other form.
        match split_iso_t(raw) {
            Some((date, time)) => tokens.extend([date, time]),
            None => tokens.push(raw),
        }
        if tokens.len() > MAX_TOKENS {
            return None;
        }
    }

    let weekday = tokens
        .first()
        .filter(|_| tokens.len() > 1)
        .and_then(|first| weekday_of(first));
    if weekday.is_some() {
        tokens.remove(0);
    }

    if let Some(leading) = take_leading_time(&mut tokens) {
        let (time, offset) = leading?;
        return finish(&tokens, weekday, Some(time), offset);
    }
    let offset = take_zone(&mut tokens).ok()?;
    let meridiem = take_meridiem(&mut tokens);
    let time = match tokens.last() {
        Some(last) if tokens.len() > 1 && looks_like_time(last, meridiem.is_some()) => {
            let time = parse_time(last, meridiem)?;
            tokens.pop();
            // `December 4, 2024 at 4:16 pm` is how many publishing systems
            // print a timestamp; `at` joins date and time rather than being
            // prose around the date.
            if tokens.last() == Some(&"at") {
                tokens.pop();
            }
            Some(time)
        }
        _ => None,
    };
    // A zone or a.m./p.m. qualifies a time; without one the text is not a
    // date we understand.
    if time.is_none() && (offset.is_some() || meridiem.is_some()) {
        return None;
    }
    finish(&tokens, weekday, time, offset)
}

/// A mark that sites print between a date and its time, or between the
/// parts of a timestamp (`14 September 2025 • 21:47`, `12 Nov 2024 | 09:10`),
/// standing alone between spaces: read as a space.
fn is_separator(token: &str) -> bool {
    matches!(token, "•" | "·" | "|" | "-" | "–" | "—" | "/")
}

/// The instant of the date in `tokens` at `time` (midnight without one) in
/// `offset` (UTC without one), or `None` when the tokens are no date or the
/// weekday contradicts it.
fn finish(
    tokens: &[&str],
    weekday: Option<Weekday>,
    time: Option<NaiveTime>,
    offset: Option<FixedOffset>,
) -> Option<ParsedDate> {
    let date = parse_day(tokens)?;
    if weekday.is_some_and(|w| w != date.weekday()) {
        return None;
    }

    let local = NaiveDateTime::new(date, time.unwrap_or(NaiveTime::MIN));
    let utc = match offset {
        Some(offset) => local
            .and_local_timezone(offset)
            .single()?
            .with_timezone(&Utc),
        None => local.and_utc(),
    };
    Some(ParsedDate {
        utc,
        has_time: time.is_some(),
        has_zone: offset.is_some(),
    })
}

/// Takes a clock time that opens the text, with its a.m./p.m. and zone
/// (`10:30 am kst nov 20 2019`). `None` when the text does not open with a
/// clock time; `Some(None)` when it does but the time or zone is not one.
#[allow(clippy::type_complexity)]
fn take_leading_time(tokens: &mut Vec<&str>) -> Option<Option<(NaiveTime, Option<FixedOffset>)>> {
    let first = *tokens.first()?;
    if tokens.len() < 3 || !first.starts_with(|c: char| c.is_ascii_digit()) || !first.contains(':')
    {
        return None;
    }
    // `16:16 4 december 2024` is read too; only a date can follow.
    let mut taken = 1;
    let meridiem = tokens
        .get(1)
        .and_then(|t| MERIDIEMS.iter().find(|(w, _)| w == t))
        .map(|&(_, canonical)| canonical);
    taken += usize::from(meridiem.is_some());
    let zone = tokens.get(taken).and_then(|t| named_zone_minutes(t));
    taken += usize::from(zone.is_some());
    let time = parse_time(first, meridiem);
    tokens.drain(..taken);
    Some(time.and_then(|time| {
        let offset = match zone {
            Some(minutes) => Some(FixedOffset::east_opt(minutes * 60)?),
            None => None,
        };
        Some((time, offset))
    }))
}

/// Splits `2024-12-04t16:16` at a `t` that has a digit on both sides, so
/// month names such as `oct` in `26-oct-1987` are left alone.
fn split_iso_t(token: &str) -> Option<(&str, &str)> {
    let before_t = token
        .as_bytes()
        .windows(3)
        .position(|w| matches!(w, [d1, b't', d2] if d1.is_ascii_digit() && d2.is_ascii_digit()))?;
    let (date, t_time) = token.split_at_checked(before_t + 1)?;
    Some((date, t_time.strip_prefix('t')?))
}

/// A weekday written in full or abbreviated to at least three letters,
/// with an optional dot.
fn weekday_of(token: &str) -> Option<Weekday> {
    let word = token.strip_suffix('.').unwrap_or(token);
    if word.len() < 3 {
        return None;
    }
    WEEKDAYS
        .iter()
        .find(|(name, _)| name.starts_with(word))
        .map(|&(_, day)| day)
}

/// A zone-shaped suffix that is not a valid offset (`+25:00`, `+01:0x`):
/// the text is not a date we understand.
struct InvalidZone;

/// Removes a trailing zone, separate (`GMT`, `+0100`) or attached to an ISO
/// time (`16:16z`, `16:16+01:00`), and returns its offset.
fn take_zone(tokens: &mut Vec<&str>) -> Result<Option<FixedOffset>, InvalidZone> {
    let Some(last) = tokens.last().copied() else {
        return Ok(None);
    };
    if let Some(minutes) = named_zone_minutes(last) {
        tokens.pop();
        return FixedOffset::east_opt(minutes * 60)
            .map(Some)
            .ok_or(InvalidZone);
    }
    if is_numeric_offset(last) {
        tokens.pop();
        return numeric_offset(last).map(Some);
    }
    // Attached zones only follow a clock time, which always has a colon;
    // that keeps `2024-12-04` from being split at its hyphens.
    let Some(colon) = last.find(':') else {
        return Ok(None);
    };
    if let Some(time) = last.strip_suffix('z') {
        if time.ends_with(|c: char| c.is_ascii_digit()) {
            replace_last(tokens, time);
            return Ok(Some(FixedOffset::east_opt(0).ok_or(InvalidZone)?));
        }
    }
    if let Some(sign) = last.rfind(['+', '-']).filter(|&i| i > colon) {
        let (time, zone) = last.split_at_checked(sign).ok_or(InvalidZone)?;
        if !is_numeric_offset(zone) {
            return Err(InvalidZone);
        }
        replace_last(tokens, time);
        return numeric_offset(zone).map(Some);
    }
    Ok(None)
}

fn numeric_offset(token: &str) -> Result<FixedOffset, InvalidZone> {
    FixedOffset::from_str(token).map_err(|_| InvalidZone)
}

fn replace_last<'a>(tokens: &mut [&'a str], with: &'a str) {
    if let Some(last) = tokens.last_mut() {
        *last = with;
    }
}

/// A zone name's offset east of UTC in minutes: those RFC 2822 defines,
/// `utc` and `z`, and the abbreviations of the main news markets, each
/// read as the outlets that print it mean it (see the module docs). A
/// summer-time name (`cest`, `bst`, `aedt`) is its own fixed offset, so no
/// daylight-saving rule is needed.
fn named_zone_minutes(token: &str) -> Option<i32> {
    let hours = |h: i32| h * 60;
    Some(match token {
        "z" | "ut" | "utc" | "gmt" | "wet" => 0,
        "edt" => hours(-4),
        "est" | "cdt" => hours(-5),
        "cst" | "mdt" => hours(-6),
        "mst" | "pdt" => hours(-7),
        "pst" => hours(-8),
        "akst" => hours(-9),
        "hst" => hours(-10),
        "bst" | "cet" | "west" | "wat" => hours(1),
        "cest" | "eet" | "sast" | "cat" => hours(2),
        "eest" | "msk" | "eat" => hours(3),
        "gst" => hours(4),
        "pkt" => hours(5),
        "ist" => hours(5) + 30,
        "npt" => hours(5) + 45,
        "wib" | "ict" => hours(7),
        "hkt" | "sgt" | "wita" | "pht" | "myt" | "awst" => hours(8),
        "jst" | "kst" | "wit" => hours(9),
        "acst" => hours(9) + 30,
        "aest" => hours(10),
        "acdt" => hours(10) + 30,
        "aedt" => hours(11),
        "nzst" => hours(12),
        "nzdt" => hours(13),
        _ => return None,
    })
}

/// `+hhmm` or `+hh:mm` (either sign). chrono's offset parser ignores what
/// follows the offset, so the whole shape is checked here first.
fn is_numeric_offset(token: &str) -> bool {
    match token.as_bytes() {
        [b'+' | b'-', h1, h2, m1, m2] | [b'+' | b'-', h1, h2, b':', m1, m2] => {
            [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// Removes a trailing a.m./p.m., separate (`4:16 p.m.`) or attached
/// (`4.16pm`), and returns it in the `am`/`pm` form chrono's `%p` reads.
fn take_meridiem(tokens: &mut Vec<&str>) -> Option<&'static str> {
    let last = tokens.last().copied()?;
    for &(written, canonical) in MERIDIEMS {
        if last == written {
            tokens.pop();
            return Some(canonical);
        }
        if let Some(time) = last.strip_suffix(written) {
            if time.ends_with(|c: char| c.is_ascii_digit()) {
                replace_last(tokens, time);
                return Some(canonical);
            }
        }
    }
    None
}

/// Whether the last word is the time of day rather than part of the date:
/// it has a colon (`16:16`, `15:01:01.79`), is an hour and minute with a dot
/// (`4.16`, `16.16`), or, before a.m./p.m., a bare hour (`4 p.m.`).
fn looks_like_time(token: &str, has_meridiem: bool) -> bool {
    let starts_with_digit = token.starts_with(|c: char| c.is_ascii_digit());
    starts_with_digit
        && (token.contains(':')
            || is_dotted_hour_minute(token)
            || (has_meridiem && token.len() <= 2 && token.bytes().all(|b| b.is_ascii_digit())))
}

/// `h.mm` or `hh.mm`, which, unlike `04.12.2024`, has exactly one dot and two
/// digits after it.
fn is_dotted_hour_minute(token: &str) -> bool {
    match token.as_bytes() {
        [h, b'.', m1, m2] => [h, m1, m2].iter().all(|b| b.is_ascii_digit()),
        [h1, h2, b'.', m1, m2] => [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

fn parse_time(token: &str, meridiem: Option<&str>) -> Option<NaiveTime> {
    let mut time = if is_dotted_hour_minute(token) {
        token.replacen('.', ":", 1)
    } else {
        token.to_owned()
    };
    if !time.contains(':') {
        time.push_str(":00");
    }
    let with_seconds = time.matches(':').count() == 2;
    // chrono's `%I`/`%p` do the 12-hour arithmetic (12 a.m. is 00, 12 p.m.
    // is 12) and reject hours outside 1..=12.
    let (text, format) = match (meridiem, with_seconds) {
        (Some(m), true) => (format!("{time} {m}"), "%I:%M:%S%.f %p"),
        (Some(m), false) => (format!("{time} {m}"), "%I:%M %p"),
        (None, true) => (time, "%H:%M:%S%.f"),
        (None, false) => (time, "%H:%M"),
    };
    NaiveTime::parse_from_str(&text, format).ok()
}

fn parse_day(tokens: &[&str]) -> Option<NaiveDate> {
    if tokens.is_empty() || tokens.len() > 3 {
        return None;
    }
    let words: Vec<&str> = tokens.iter().map(|t| normalise_date_word(t)).collect();
    let text = words.join(" ");
    DATE_FORMATS
        .iter()
        .filter_map(|format| NaiveDate::parse_from_str(&text, format).ok())
        .chain(std::iter::once_with(|| parse_slashed_year_last(&text)).flatten())
        .find(|date| year_in_range(date.year()))
}

/// `dec.` → `dec`, `sept` → `sep`, `4th` → `4`: the spellings chrono's `%b`
/// and `%d` do not read.
fn normalise_date_word(word: &str) -> &str {
    if word.bytes().all(|b| b.is_ascii_alphabetic() || b == b'.') {
        let word = word.strip_suffix('.').unwrap_or(word);
        return if word == "sept" { "sep" } else { word };
    }
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(number) = word.strip_suffix(suffix) {
            if (1..=2).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit()) {
                return number;
            }
        }
    }
    word
}

/// `dd/mm/yyyy` or `mm/dd/yyyy`: day-first unless the second number can only
/// be a day (> 12). See the module documentation for why.
fn parse_slashed_year_last(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('/');
    let (first, second, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || first.len() > 2 || second.len() > 2 || year.len() != 4 {
        return None;
    }
    let second: u32 = second.parse().ok()?;
    let format = if second > 12 { "%m/%d/%Y" } else { "%d/%m/%Y" };
    NaiveDate::parse_from_str(text, format).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
    }

    fn parsed(text: &str) -> ParsedDate {
        parse_date(text).unwrap_or_else(|| panic!("{text:?} should parse"))
    }

    /// Asserts `text` names 2024-12-04 at `h:mi` UTC with a time and no zone.
    fn assert_dec4(text: &str, h: u32, mi: u32) {
        let p = parsed(text);
        assert_eq!(p.utc, utc(2024, 12, 4, h, mi, 0), "{text:?}");
        assert!(p.has_time, "{text:?}");
        assert!(!p.has_zone, "{text:?}");
    }

    fn assert_dec4_date_only(text: &str) {
        let p = parsed(text);
        assert_eq!(p.utc, utc(2024, 12, 4, 0, 0, 0), "{text:?}");
        assert!(!p.has_time, "{text:?}");
        assert!(!p.has_zone, "{text:?}");
    }

    // --- day month year (the reference format) ---

    #[test]
    fn day_month_year_time_is_utc() {
        assert_dec4("4 December 2024 16:16", 16, 16);
    }

    #[test]
    fn day_month_year_accepts_zero_padded_day() {
        assert_dec4("04 December 2024 16:16", 16, 16);
    }

    #[test]
    fn day_month_year_keeps_seconds() {
        let p = parsed("4 December 2024 16:16:05");
        assert_eq!(p.utc, utc(2024, 12, 4, 16, 16, 5));
        assert!(p.has_time);
    }

    #[test]
    fn day_month_year_without_time_is_midnight() {
        assert_dec4_date_only("4 December 2024");
    }

    #[test]
    fn a_mark_between_date_and_time_is_a_space() {
        for text in [
            "4 December 2024 • 16:16",
            "Wednesday 4 December 2024 · 16:16",
            "4 December 2024 | 16:16",
            "December 4, 2024 - 4:16 pm",
            "4 December 2024 — 16:16",
        ] {
            assert_dec4(text, 16, 16);
        }
        // A mark joined to a word is no separator, and marks alone are no date.
        assert!(parse_date("4 December 2024 •16:16").is_none());
        assert!(parse_date("• | -").is_none());
    }

    #[test]
    fn surrounding_whitespace_is_ignored() {
        assert_dec4("  \t4 December 2024 16:16\n", 16, 16);
    }

    #[test]
    fn non_breaking_spaces_separate_words() {
        assert_dec4("4\u{a0}December\u{a0}2024 16:16", 16, 16);
    }

    // --- abbreviated months ---

    #[test]
    fn abbreviated_month_without_dot() {
        assert_dec4_date_only("4 Dec 2024");
    }

    #[test]
    fn abbreviated_month_with_dot_and_time() {
        assert_dec4("4 Dec. 2024 16:16", 16, 16);
    }

    #[test]
    fn sept_abbreviation_with_dot_month_first() {
        let p = parsed("Sept. 4, 2024");
        assert_eq!(p.utc, utc(2024, 9, 4, 0, 0, 0));
        assert!(!p.has_time);
    }

    #[test]
    fn month_names_are_case_insensitive() {
        assert_dec4_date_only("4 DECEMBER 2024");
        assert_dec4_date_only("4 december 2024");
        assert_dec4_date_only("dEc 4, 2024");
    }

    // --- month day year ---

    #[test]
    fn month_day_comma_year() {
        assert_dec4_date_only("December 4, 2024");
    }

    #[test]
    fn month_day_year_without_comma() {
        assert_dec4_date_only("December 4 2024");
    }

    #[test]
    fn month_day_year_with_dotted_pm() {
        assert_dec4("Dec. 4, 2024, 4:16 p.m.", 16, 16);
    }

    #[test]
    fn lower_case_pm() {
        assert_dec4("Dec. 4, 2024, 4:16 pm", 16, 16);
    }

    #[test]
    fn upper_case_pm() {
        assert_dec4("Dec. 4, 2024, 4:16 PM", 16, 16);
    }

    #[test]
    fn dotted_time_attached_pm() {
        assert_dec4("Dec. 4, 2024, 4.16pm", 16, 16);
    }

    #[test]
    fn twelve_am_is_just_after_midnight() {
        assert_dec4("Dec. 4, 2024, 12:05 a.m.", 0, 5);
    }

    #[test]
    fn twelve_pm_is_just_after_noon() {
        assert_dec4("Dec. 4, 2024, 12:30 p.m.", 12, 30);
    }

    #[test]
    fn bare_hour_with_meridiem() {
        assert_dec4("Dec. 4, 2024, 4 p.m.", 16, 0);
    }

    #[test]
    fn weekday_prefix_is_accepted() {
        assert_dec4_date_only("Wednesday, December 4, 2024");
        assert_dec4_date_only("Wed 4 Dec 2024");
        assert_dec4_date_only("Wed. 4 Dec 2024");
        assert_dec4_date_only("wednesday 4 december 2024");
    }

    #[test]
    fn ordinal_day_is_accepted() {
        assert_dec4_date_only("4th December 2024");
        assert_dec4_date_only("December 4th, 2024");
    }

    #[test]
    fn at_between_date_and_time() {
        assert_dec4("December 4, 2024 at 4:16 pm", 16, 16);
        assert_dec4("4 December 2024 at 16:16", 16, 16);
    }

    #[test]
    fn rejects_at_without_time() {
        assert_eq!(parse_date("4 December 2024 at"), None);
        assert_eq!(parse_date("On 4 December 2024 at 16:16"), None);
    }

    #[test]
    fn dotted_24_hour_time_after_date() {
        assert_dec4("4 December 2024 16.16", 16, 16);
    }

    // --- RFC 3339 / ISO 8601 ---

    #[test]
    fn longest_documented_form_parses() {
        let text = "Wednesday, September 25, 2024, 12:16:05.123 p.m. +01:00";
        assert!(text.len() <= MAX_LEN);
        let p = parsed(text);
        assert_eq!(
            p.utc,
            utc(2024, 9, 25, 11, 16, 5) + chrono::Duration::milliseconds(123)
        );
        assert!(p.has_time && p.has_zone);
    }

    #[test]
    fn rfc3339_zulu() {
        let p = parsed("2024-12-04T16:16:00Z");
        assert_eq!(p.utc, utc(2024, 12, 4, 16, 16, 0));
        assert!(p.has_time && p.has_zone);
    }

    #[test]
    fn rfc3339_offset_is_converted_to_utc() {
        let p = parsed("2024-12-04T16:16:00+01:00");
        assert_eq!(p.utc, utc(2024, 12, 4, 15, 16, 0));
        assert!(p.has_time && p.has_zone);
    }

    #[test]
    fn rfc3339_fractional_seconds() {
        let p = parsed("2024-12-04T16:16:00.123Z");
        assert_eq!(
            p.utc,
            utc(2024, 12, 4, 16, 16, 0) + chrono::Duration::milliseconds(123)
        );
    }

    #[test]
    fn iso_space_separated_minutes_is_utc() {
        assert_dec4("2024-12-04 16:16", 16, 16);
    }

    #[test]
    fn iso_space_separated_seconds_is_utc() {
        assert_dec4("2024-12-04 16:16:00", 16, 16);
    }

    #[test]
    fn iso_t_without_zone_is_utc() {
        assert_dec4("2024-12-04T16:16", 16, 16);
    }

    #[test]
    fn iso_date_only() {
        assert_dec4_date_only("2024-12-04");
    }

    #[test]
    fn iso_minutes_with_attached_offset() {
        let p = parsed("2024-12-04T17:16+01:00");
        assert_eq!(p.utc, utc(2024, 12, 4, 16, 16, 0));
        assert!(p.has_zone);
    }

    #[test]
    fn iso_minutes_with_attached_zulu() {
        let p = parsed("2024-12-04T16:16Z");
        assert_eq!(p.utc, utc(2024, 12, 4, 16, 16, 0));
        assert!(p.has_zone);
    }

    // --- RFC 2822 ---

    #[test]
    fn rfc2822_numeric_zero_offset() {
        let p = parsed("Wed, 04 Dec 2024 16:16:00 +0000");
        assert_eq!(p.utc, utc(2024, 12, 4, 16, 16, 0));
        assert!(p.has_time && p.has_zone);
    }

    #[test]
    fn rfc2822_gmt() {
        let p = parsed("Wed, 4 Dec 2024 16:16:00 GMT");
        assert_eq!(p.utc, utc(2024, 12, 4, 16, 16, 0));
        assert!(p.has_zone);
    }

    #[test]
    fn rfc2822_offset_is_converted_to_utc() {
        assert_eq!(
            parsed("Wed, 04 Dec 2024 17:16:00 +0100").utc,
            utc(2024, 12, 4, 16, 16, 0)
        );
    }

    #[test]
    fn rfc2822_without_weekday() {
        assert_eq!(
            parsed("04 Dec 2024 16:16:00 +0000").utc,
            utc(2024, 12, 4, 16, 16, 0)
        );
    }

    #[test]
    fn rfc2822_weekday_without_comma() {
        assert_eq!(
            parsed("Wed 04 Dec 2024 16:16:00 +0000").utc,
            utc(2024, 12, 4, 16, 16, 0)
        );
    }

    #[test]
    fn us_zone_name_is_converted_to_utc() {
        let p = parsed("Dec. 4, 2024, 11:16 a.m. EST");
        assert_eq!(p.utc, utc(2024, 12, 4, 16, 16, 0));
        assert!(p.has_zone);
    }

    #[test]
    fn zone_after_reference_format() {
        let p = parsed("4 December 2024 16:16 UTC");
        assert_eq!(p.utc, utc(2024, 12, 4, 16, 16, 0));
        assert!(p.has_zone);
    }

    // --- European day.month.year ---

    #[test]
    fn dotted_day_month_year_with_time() {
        assert_dec4("04.12.2024 16:16", 16, 16);
    }

    #[test]
    fn dotted_day_month_year() {
        assert_dec4_date_only("04.12.2024");
    }

    #[test]
    fn dotted_unpadded_day() {
        assert_dec4_date_only("4.12.2024");
    }

    // --- slashes ---

    #[test]
    fn slashed_year_first() {
        assert_dec4_date_only("2024/12/04");
    }

    #[test]
    fn slashed_year_first_with_time() {
        assert_dec4("2024/12/04 16:16", 16, 16);
    }

    #[test]
    fn slashed_first_above_twelve_is_day_first() {
        assert_eq!(parsed("25/12/2024").utc, utc(2024, 12, 25, 0, 0, 0));
    }

    #[test]
    fn slashed_second_above_twelve_is_month_first() {
        assert_eq!(parsed("12/25/2024").utc, utc(2024, 12, 25, 0, 0, 0));
    }

    #[test]
    fn slashed_both_twelve_or_less_is_day_first() {
        assert_dec4_date_only("04/12/2024");
    }

    #[test]
    fn slashed_both_above_twelve_is_rejected() {
        assert_eq!(parse_date("13/25/2024"), None);
    }

    // --- Reuters SGML ---

    #[test]
    fn reuters_upper_case_month_fractional_seconds() {
        let p = parsed("26-FEB-1987 15:01:01.79");
        assert_eq!(
            p.utc,
            utc(1987, 2, 26, 15, 1, 1) + chrono::Duration::milliseconds(790)
        );
        assert!(p.has_time && !p.has_zone);
    }

    #[test]
    fn reuters_date_only_mixed_case() {
        let p = parsed("26-Feb-1987");
        assert_eq!(p.utc, utc(1987, 2, 26, 0, 0, 0));
        assert!(!p.has_time);
    }

    #[test]
    fn reuters_month_containing_t_is_not_split() {
        assert_eq!(parsed("5-OCT-1987").utc, utc(1987, 10, 5, 0, 0, 0));
    }

    // --- rejections ---

    #[test]
    fn rejects_february_31() {
        assert_eq!(parse_date("31 February 2024"), None);
    }

    #[test]
    fn rejects_month_13_day_45() {
        assert_eq!(parse_date("2024-13-45"), None);
    }

    #[test]
    fn rejects_iso_february_30() {
        assert_eq!(parse_date("2024-02-30"), None);
    }

    #[test]
    fn rejects_hour_25() {
        assert_eq!(parse_date("4 December 2024 25:00"), None);
        assert_eq!(parse_date("4 December 2024 24:00"), None);
    }

    #[test]
    fn rejects_minute_60() {
        assert_eq!(parse_date("4 December 2024 16:60"), None);
    }

    #[test]
    fn rejects_reuters_corrupt_hour() {
        assert_eq!(parse_date("31-MAR-1987 605:12:19.12"), None);
    }

    #[test]
    fn rejects_year_below_1000() {
        assert_eq!(parse_date("4 December 999"), None);
        assert_eq!(parse_date("0999-12-04T16:16:00Z"), None);
        assert_eq!(parse_date("Wed, 4 Dec 999 16:16:00 +0000"), None);
    }

    #[test]
    fn rejects_year_above_9999() {
        assert_eq!(parse_date("4 December 10000"), None);
        assert_eq!(parse_date("+10000-12-04"), None);
    }

    #[test]
    fn rejects_two_digit_year() {
        assert_eq!(parse_date("4 Dec 24"), None);
        assert_eq!(parse_date("Wed, 4 Dec 24 16:16:00 GMT"), None);
    }

    #[test]
    fn rejects_words_around_the_date() {
        assert_eq!(parse_date("On 4 December 2024 we met"), None);
        assert_eq!(parse_date("4 December 2024 we met"), None);
        assert_eq!(parse_date("Updated 4 December 2024"), None);
    }

    #[test]
    fn rejects_empty_string() {
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("   "), None);
    }

    #[test]
    fn rejects_title_line() {
        assert_eq!(
            parse_date("NATO intensifies support as Ukraine faces harsh winter"),
            None
        );
    }

    #[test]
    fn rejects_bare_year() {
        assert_eq!(parse_date("2024"), None);
    }

    #[test]
    fn rejects_bare_time() {
        assert_eq!(parse_date("16:16"), None);
        assert_eq!(parse_date("4:16 p.m."), None);
    }

    #[test]
    fn rejects_text_longer_than_limit() {
        let long = format!("4 December 2024 16:16{}", " ".repeat(10) + &"x".repeat(60));
        assert_eq!(parse_date(&long), None);
    }

    #[test]
    fn rejects_contradicting_weekday() {
        assert_eq!(parse_date("Thursday, December 4, 2024"), None);
        assert_eq!(parse_date("Thu, 04 Dec 2024 16:16:00 +0000"), None);
    }

    #[test]
    fn rejects_unknown_zone_name() {
        assert_eq!(parse_date("Dec. 4, 2024, 4:16 p.m. ET"), None);
        assert_eq!(parse_date("4 December 2024 16:16 AST"), None);
    }

    #[test]
    fn news_market_zone_names_are_fixed_offsets() {
        for (text, utc_time) in [
            ("4 December 2024 16:16 CET", utc(2024, 12, 4, 15, 16, 0)),
            ("4 December 2024 16:16 CEST", utc(2024, 12, 4, 14, 16, 0)),
            ("4 December 2024 16:16 BST", utc(2024, 12, 4, 15, 16, 0)),
            ("4 December 2024 16:16 IST", utc(2024, 12, 4, 10, 46, 0)),
            ("4 December 2024 16:16 JST", utc(2024, 12, 4, 7, 16, 0)),
            ("4 December 2024 16:16 WIB", utc(2024, 12, 4, 9, 16, 0)),
            ("4 December 2024 16:16 AEST", utc(2024, 12, 4, 6, 16, 0)),
            ("Dec 4, 2024 4:16 pm HKT", utc(2024, 12, 4, 8, 16, 0)),
        ] {
            let p = parsed(text);
            assert_eq!(p.utc, utc_time, "{text}");
            assert!(p.has_zone, "{text}");
        }
    }

    #[test]
    fn time_and_zone_before_the_date_are_read() {
        let p = parsed("10:30 AM KST Nov 20, 2019");
        assert_eq!(p.utc, utc(2019, 11, 20, 1, 30, 0));
        assert!(p.has_time && p.has_zone);
        let p = parse_date_header("Published : 07:15 PM IST, Nov 20, 2019").unwrap();
        assert_eq!(p.utc, utc(2019, 11, 20, 13, 45, 0));
        assert_eq!(
            parsed("16:16 4 December 2024").utc,
            utc(2024, 12, 4, 16, 16, 0)
        );
        assert_eq!(parse_date("10:30 AM XYZ Nov 20, 2019"), None);
        assert_eq!(parse_date("25:30 Nov 20, 2019"), None);
    }

    #[test]
    fn rejects_zone_without_time() {
        assert_eq!(parse_date("4 December 2024 GMT"), None);
    }

    #[test]
    fn rejects_meridiem_without_time() {
        assert_eq!(parse_date("4 December 2024 pm"), None);
    }

    #[test]
    fn rejects_hour_13_with_pm() {
        assert_eq!(parse_date("Dec. 4, 2024, 13:16 p.m."), None);
    }

    #[test]
    fn rejects_out_of_range_offset() {
        assert_eq!(parse_date("2024-12-04T16:16+25:00"), None);
    }

    #[test]
    fn rejects_month_without_day() {
        assert_eq!(parse_date("December 2024"), None);
    }

    #[test]
    fn rejects_day_month_year_with_hyphens_and_numbers() {
        // Same ambiguity as slashes, and no source in view uses it.
        assert_eq!(parse_date("04-12-2024"), None);
    }

    // --- headers ---

    #[test]
    fn header_date_key() {
        let p = parse_date_header("Date: 4 December 2024").unwrap();
        assert_eq!(p.utc, utc(2024, 12, 4, 0, 0, 0));
    }

    #[test]
    fn header_published_iso() {
        let p = parse_date_header("Published: 2024-12-04").unwrap();
        assert_eq!(p.utc, utc(2024, 12, 4, 0, 0, 0));
    }

    #[test]
    fn header_key_is_case_insensitive() {
        assert!(parse_date_header("DATE: 4 December 2024").is_some());
        assert!(parse_date_header("pubDate: 4 December 2024").is_some());
    }

    #[test]
    fn header_accepts_each_known_key() {
        for key in ["date", "published", "pubdate", "updated", "posted"] {
            assert!(
                parse_date_header(&format!("{key}: 2024-12-04")).is_some(),
                "{key}"
            );
        }
    }

    #[test]
    fn a_qualified_key_is_still_a_header() {
        let p = parse_date_header("Last updated: 8 May 2026 02:47").unwrap();
        assert_eq!(p.utc, utc(2026, 5, 8, 2, 47, 0));
        let p = parse_date_header("First published 4 December 2024").unwrap();
        assert_eq!(p.utc, utc(2024, 12, 4, 0, 0, 0));
        assert!(parse_date_header("Originally posted: 2024-12-04").is_some());
        // The qualifier alone, or before a word that is no key, is no header.
        assert_eq!(parse_date_header("Last 4 December 2024"), None);
        assert_eq!(parse_date_header("Last seen: 4 December 2024"), None);
    }

    #[test]
    fn header_value_with_colons_keeps_its_time() {
        let p = parse_date_header("Updated: 2024-12-04T16:16:00+01:00").unwrap();
        assert_eq!(p.utc, utc(2024, 12, 4, 15, 16, 0));
    }

    #[test]
    fn header_tolerates_spacing_around_key_and_value() {
        assert!(parse_date_header("  Posted :   Dec. 4, 2024, 4:16 p.m.  ").is_some());
    }

    #[test]
    fn header_unknown_key_is_rejected() {
        assert_eq!(parse_date_header("Author: 4 December 2024"), None);
    }

    #[test]
    fn header_without_colon_is_accepted() {
        let p = parse_date_header("Published 4 December 2024").unwrap();
        assert_eq!(p.utc, utc(2024, 12, 4, 0, 0, 0));
        assert!(parse_date_header("Posted on 2024-12-04").is_some());
    }

    #[test]
    fn byline_with_a_date_part_gives_the_date() {
        let p = parse_date_header("By Daniel Mercer · Published Mar. 3, 2025, 9:05 a.m.").unwrap();
        assert_eq!(p.utc, utc(2025, 3, 3, 9, 5, 0));
        assert!(parse_date_header("Updated 4 December 2024 | 3 min read").is_some());
    }

    #[test]
    fn key_word_in_prose_is_not_a_header() {
        assert_eq!(parse_date_header("Date night in Paris"), None);
        assert_eq!(
            parse_date_header("Published by the ministry on Tuesday"),
            None
        );
    }

    #[test]
    fn header_with_unparsable_value_is_rejected() {
        assert_eq!(parse_date_header("Date: yesterday"), None);
        assert_eq!(parse_date_header("Date: 31 February 2024"), None);
    }

    // --- properties ---

    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];

    prop_compose! {
        fn valid_datetime()(
            y in 1000i32..=9999,
            m in 1u32..=12,
            d in 1u32..=31,
            h in 0u32..24,
            mi in 0u32..60,
        ) -> Option<(i32, u32, u32, u32, u32)> {
            NaiveDate::from_ymd_opt(y, m, d).map(|_| (y, m, d, h, mi))
        }
    }

    proptest! {
        #[test]
        fn any_string_returns_without_panic(s in any::<String>()) {
            let _ = parse_date(&s);
            let _ = parse_date_header(&s);
        }

        #[test]
        fn date_like_strings_return_without_panic(
            s in "[0-9a-zA-Z .,:/+TtZz-]{0,70}|[0-9]{1,4}[-./: ][0-9a-z]{1,9}[-./: ][0-9]{1,5}[ Tt][0-9:.]{0,12}[ a-zA-Z.+:0-9-]{0,8}"
        ) {
            let _ = parse_date(&s);
            let _ = parse_date_header(&format!("Date: {s}"));
        }

        #[test]
        fn reference_format_round_trips(dt in valid_datetime()) {
            prop_assume!(dt.is_some());
            let (y, m, d, h, mi) = dt.unwrap();
            let text = format!("{d} {} {y} {h:02}:{mi:02}", MONTHS[m as usize - 1]);
            let p = parse_date(&text);
            prop_assert_eq!(
                p,
                Some(ParsedDate { utc: utc(y, m, d, h, mi, 0), has_time: true, has_zone: false }),
                "{}", text
            );
        }

        #[test]
        fn rfc3339_round_trips(dt in valid_datetime(), offset_min in -720i32..=840) {
            prop_assume!(dt.is_some());
            let (y, m, d, h, mi) = dt.unwrap();
            let offset = FixedOffset::east_opt(offset_min * 60).unwrap();
            let local = offset.with_ymd_and_hms(y, m, d, h, mi, 0).unwrap();
            let text = local.to_rfc3339();
            let p = parse_date(&text);
            prop_assert_eq!(
                p,
                Some(ParsedDate { utc: local.with_timezone(&Utc), has_time: true, has_zone: true }),
                "{}", text
            );
        }

        #[test]
        fn twelve_hour_clock_round_trips(dt in valid_datetime()) {
            prop_assume!(dt.is_some());
            let (y, m, d, h, mi) = dt.unwrap();
            let (h12, mer) = match h {
                0 => (12, "a.m."),
                1..=11 => (h, "a.m."),
                12 => (12, "p.m."),
                _ => (h - 12, "p.m."),
            };
            let month = MONTHS[m as usize - 1];
            let text = format!("{month} {d}, {y}, {h12}:{mi:02} {mer}");
            prop_assert_eq!(parse_date(&text).map(|p| p.utc), Some(utc(y, m, d, h, mi, 0)), "{}", text);
        }
    }
}
