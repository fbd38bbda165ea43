//! Where an article comes from: the outlet that published it, the people
//! who wrote it, its canonical address and its language.
//!
//! This module owns how what a file declares becomes those four values, the
//! same for every format: which text is a usable outlet name, how a byline
//! or an author field is split into names (and which "names" are not people:
//! `Staff`, an address, a role), what counts as an address, and how a
//! language is written (a lower-case BCP 47 primary tag, with the region
//! when one is given: `en`, `en-gb`). It leaves finding the values to the
//! format parsers, which know their keys and tags and offer candidates in
//! their own order of trust; [`super::Parts::into_article`] hands each
//! candidate through here.
//!
//! Key decisions:
//!
//! - **A candidate that is not usable gives way to the next**, as with the
//!   other fields: a `language` of `und` or `x-default`, an address with no
//!   scheme (a relative canonical link cannot be resolved without the page's
//!   own address), an author of `Staff` or an e-mail address.
//! - **Authors are split only where a single text holds several.** A list
//!   (`authors: [...]`, JSON-LD's array) is taken element by element; a
//!   string (`"Ann Lee and Bo Chen"`, a byline) is split at `and`, `&`,
//!   `;`, `|` and commas. After a comma, what follows is often a role or
//!   an outlet (`By Ann Lee, Science Correspondent`, `By Ann Lee,
//!   Reuters`), so a part after a comma counts only when it has two words
//!   or more and no role word.
//! - **Languages are normalised by hand**, not by a language-tag crate:
//!   the index keeps only the primary language and the region, which is
//!   splitting at `-` or `_` and a look at the lengths; a crate would
//!   validate far more than a news archive's `<html lang>` needs, and add
//!   a table of every registered subtag to the binary. A few language
//!   names (`English`, `french`) are read too, as scrapers write them.
//! - **Authors are never speakers**: [`is_author`] is how the assembly
//!   keeps a byline's name out of the speakers the text seems to quote.

use super::fields::{collapse_whitespace, same_words};

/// Longest outlet name or author kept; past this it is prose, not a name.
const MAX_NAME_BYTES: usize = 120;
/// Most words in one author's name (`Juan Carlos de la Fuente Ortega`).
const MAX_NAME_WORDS: usize = 7;
/// Most authors one article keeps: a longer list is a masthead.
const MAX_AUTHORS: usize = 20;
/// Longest address kept.
const MAX_URL_BYTES: usize = 2048;

/// What a parser found about an article's source, as the file wrote it;
/// [`Source::into_checked`] makes it the values an article keeps.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Source {
    /// Outlet candidates, best first.
    pub outlets: Vec<String>,
    /// Author texts, each a name, a list of names or a byline, from the
    /// best source found; see [`author_names`].
    pub authors: Vec<String>,
    /// Whether the author texts are a page's markup (an element marked
    /// `author` or `byline`) rather than a declared field, so that only
    /// what is written as a name counts: such an element may hold a date
    /// or a role as well.
    pub authors_in_markup: bool,
    /// Address candidates, best first.
    pub urls: Vec<String>,
    /// Language candidates, best first.
    pub langs: Vec<String>,
}

/// The source values an article keeps, each normalised.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Checked {
    pub outlet: Option<String>,
    pub authors: Vec<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
}

impl Source {
    /// The first usable candidate of each value; the authors of every
    /// author text, each name once.
    pub fn into_checked(self) -> Checked {
        let mut authors: Vec<String> = Vec::new();
        for text in &self.authors {
            for name in author_names(text, self.authors_in_markup) {
                if authors.len() < MAX_AUTHORS && !authors.iter().any(|a| same_words(a, &name)) {
                    authors.push(name);
                }
            }
        }
        Checked {
            outlet: self.outlets.iter().find_map(|o| outlet_name(o)),
            authors,
            url: self.urls.iter().find_map(|u| address(u)),
            lang: self.langs.iter().find_map(|l| language_tag(l)),
        }
    }
}

/// An outlet name as it is kept: one line, not blank, not prose, not an
/// address (trafilatura's `source` is the page's).
pub(crate) fn outlet_name(text: &str) -> Option<String> {
    let line = collapse_whitespace(text);
    (!line.is_empty()
        && line.len() <= MAX_NAME_BYTES
        && line.chars().any(char::is_alphanumeric)
        && !line.contains("://"))
    .then(|| line.into_owned())
}

/// Words that make a byline's part a role or a desk, not a person.
const ROLE_WORDS: &[&str] = &[
    "reporter",
    "correspondent",
    "editor",
    "editors",
    "writer",
    "staff",
    "contributor",
    "columnist",
    "bureau",
    "desk",
    "newsroom",
    "team",
    "chief",
    "senior",
    "political",
    "photographer",
    "producer",
    "analyst",
];

/// Whole names that stand for nobody in particular.
const PLACEHOLDERS: &[&str] = &[
    "staff",
    "admin",
    "administrator",
    "editor",
    "editors",
    "newsroom",
    "unknown",
    "anonymous",
    "guest",
    "author",
    "null",
    "none",
];

/// The names in one author text: a name, several joined by `and`, `&`,
/// `;`, `|` or commas, or a byline (`By Ann Lee, Science Correspondent`).
/// Texts that are no person's name (`Staff`, `Staff Writer`, an address)
/// give none. A byline's names, and every name when `markup` says the
/// text is a page element's, must be written as names (two words or more,
/// capitalised); a declared author field is taken as written.
pub(crate) fn author_names(text: &str, markup: bool) -> Vec<String> {
    let text = collapse_whitespace(text);
    let stripped = strip_by(&text);
    // A `By ...` line may be a sentence that starts so ("By Friday the
    // roads had reopened"): its names must look like names.
    let byline = markup || stripped.len() < text.len();
    let text = stripped;
    let mut names = Vec::new();
    for group in text.split([';', '|', '&']) {
        for (i, part) in group.split(',').enumerate() {
            for piece in split_and(part) {
                let piece = piece.trim_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '.' | ':' | '-' | '–' | '—' | '·' | '/')
                });
                let words = piece.split_whitespace().count();
                // After a comma, a single word or a role is what the
                // writer is, or whom for, not a second writer.
                if i > 0 && (words < 2 || has_role_word(piece)) {
                    continue;
                }
                if is_person_like(piece) && (!byline || is_written_as_a_name(piece)) {
                    names.push(piece.to_string());
                }
            }
        }
    }
    names
}

/// Most words in a byline ("By Ann Lee and Bo Chen, Science Correspondent").
const MAX_BYLINE_WORDS: usize = 12;

/// Whether a line is an author's byline: `By` and a capitalised name,
/// short. Authors write the story; they are not part of it.
pub(crate) fn is_byline(line: &str) -> bool {
    let mut words = line.split_whitespace();
    matches!(words.next(), Some("By" | "BY" | "by"))
        && words
            .next()
            .is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()))
        && line.split_whitespace().count() <= MAX_BYLINE_WORDS
}

/// Lower-case words that stand inside names (`Ludwig van Beethoven`).
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "di", "do", "dos", "das", "du", "del", "della", "van", "von", "der", "den", "ter",
    "la", "le", "el", "al", "bin", "ibn", "y",
];

/// Whether a byline's piece is written as a person's name: two words or
/// more, each capitalised or a particle.
fn is_written_as_a_name(piece: &str) -> bool {
    let words: Vec<&str> = piece.split_whitespace().collect();
    words.len() >= 2
        && words
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) || NAME_PARTICLES.contains(w))
}

/// `By`, `by` or `BY` and a space, or `Written by`, cut from the start.
fn strip_by(text: &str) -> &str {
    for prefix in ["By ", "by ", "BY ", "Written by ", "Words by "] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return rest.trim_start();
        }
    }
    text
}

/// Splits at the word `and` (any case), which joins two names.
fn split_and(part: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut search = 0;
    while let Some(found) = part[search..]
        .find(" and ")
        .or_else(|| part[search..].find(" AND "))
    {
        let at = search + found;
        pieces.push(&part[start..at]);
        start = at + " and ".len();
        search = start;
    }
    pieces.push(&part[start..]);
    pieces
}

fn has_role_word(piece: &str) -> bool {
    piece.split_whitespace().any(is_role_word)
}

/// A role word, or its plural (`Correspondents`).
fn is_role_word(word: &str) -> bool {
    let singular = word
        .strip_suffix('s')
        .or_else(|| word.strip_suffix('S'))
        .unwrap_or(word);
    ROLE_WORDS
        .iter()
        .any(|r| word.eq_ignore_ascii_case(r) || singular.eq_ignore_ascii_case(r))
}

/// Whether a piece of an author text can be a person's name: letters, a
/// few words, no address, no placeholder.
fn is_person_like(piece: &str) -> bool {
    let words = piece.split_whitespace().count();
    if words == 0 || words > MAX_NAME_WORDS || piece.len() > MAX_NAME_BYTES {
        return false;
    }
    if piece.contains('@') || piece.contains("://") || piece.starts_with("www.") {
        return false;
    }
    if !piece.chars().any(char::is_alphabetic) {
        return false;
    }
    let lower = piece.to_lowercase();
    if PLACEHOLDERS.contains(&lower.as_str()) {
        return false;
    }
    // `Staff Writer`, `Political Desk`: a role alone.
    !piece.split_whitespace().all(is_role_word)
}

/// Whether a speaker's name is one of the authors' or a part of one
/// (`Lee` of `Ann Lee`): the writer of a story is not quoted in it, even
/// when the byline is in the text the speakers are read from.
pub(crate) fn is_author(speaker: &str, authors: &[String]) -> bool {
    let words = |name: &str| -> Vec<String> {
        name.split(|c: char| c.is_whitespace() || c == '.')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let said = words(speaker);
    !said.is_empty()
        && authors.iter().any(|author| {
            let wrote = words(author);
            wrote.windows(said.len()).any(|w| w == said.as_slice())
        })
}

/// An address as it is kept: absolute, with an `http` or `https` scheme
/// (a protocol-relative `//host/...` is taken as `https`), without
/// whitespace. Relative addresses give none: there is no base to resolve
/// them against.
pub(crate) fn address(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() || text.len() > MAX_URL_BYTES || text.contains(char::is_whitespace) {
        return None;
    }
    let scheme_end = text.find("://")?;
    let scheme = &text[..scheme_end];
    let host = &text[scheme_end + 3..];
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
        || host.is_empty()
        || host.starts_with('/')
    {
        return None;
    }
    Some(text.to_string())
}

/// [`address`], with a protocol-relative address (`//host/path`, which
/// pages write in `<link>` and `og:url`) taken as `https`.
pub(crate) fn page_address(text: &str) -> Option<String> {
    let text = text.trim();
    match text.strip_prefix("//") {
        Some(rest) if !rest.starts_with('/') => address(&format!("https://{rest}")),
        _ => address(text),
    }
}

/// Language names scrapers write instead of a tag, with the tag.
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("french", "fr"),
    ("français", "fr"),
    ("german", "de"),
    ("deutsch", "de"),
    ("spanish", "es"),
    ("español", "es"),
    ("italian", "it"),
    ("portuguese", "pt"),
    ("dutch", "nl"),
    ("swedish", "sv"),
    ("norwegian", "no"),
    ("danish", "da"),
    ("finnish", "fi"),
    ("polish", "pl"),
    ("russian", "ru"),
    ("ukrainian", "uk"),
    ("chinese", "zh"),
    ("japanese", "ja"),
    ("korean", "ko"),
    ("arabic", "ar"),
    ("turkish", "tr"),
    ("greek", "el"),
    ("hindi", "hi"),
];

/// Primary tags that say no language at all.
const NO_LANGUAGE: &[&str] = &["und", "mul", "zxx", "mis"];

/// A language as the index keeps it: the primary tag in lower case, then
/// `-` and the region when one is given (`en_GB`, `en-GB`, `EN-gb` give
/// `en-gb`; `zh-Hant-TW` gives `zh-tw`; `de` stays `de`). Only the first
/// of a list (`en-US,en;q=0.9`) is read. `None` for what is no language
/// tag (`x-default`, `und`, `English language`).
pub fn language_tag(text: &str) -> Option<String> {
    let first = text.split([',', ';']).next()?.trim();
    let lower = first.to_lowercase();
    if let Some((_, tag)) = LANGUAGE_NAMES.iter().find(|(name, _)| *name == lower) {
        return Some((*tag).to_string());
    }
    let mut subtags = lower.split(['-', '_']);
    let primary = subtags.next()?;
    if !(2..=3).contains(&primary.len())
        || !primary.bytes().all(|b| b.is_ascii_lowercase())
        || NO_LANGUAGE.contains(&primary)
    {
        return None;
    }
    let mut tag = primary.to_string();
    for subtag in subtags {
        let is_region = (subtag.len() == 2 && subtag.bytes().all(|b| b.is_ascii_lowercase()))
            || (subtag.len() == 3 && subtag.bytes().all(|b| b.is_ascii_digit()));
        let is_script = subtag.len() == 4 && subtag.bytes().all(|b| b.is_ascii_lowercase());
        if is_region {
            tag.push('-');
            tag.push_str(subtag);
            break;
        }
        if !is_script || subtag.is_empty() {
            // A variant or extension: the region, if any, came before it.
            break;
        }
    }
    Some(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_become_primary_tag_and_region_in_lower_case() {
        for (given, kept) in [
            ("en", "en"),
            ("EN", "en"),
            ("en-GB", "en-gb"),
            ("en_US", "en-us"),
            ("zh-Hant-TW", "zh-tw"),
            ("sr-Latn", "sr"),
            ("es-419", "es-419"),
            ("en-US,en;q=0.9", "en-us"),
            ("English", "en"),
            ("de-DE-1996", "de-de"),
        ] {
            assert_eq!(language_tag(given).as_deref(), Some(kept), "{given}");
        }
    }

    #[test]
    fn what_is_no_language_gives_none() {
        for given in [
            "",
            "x-default",
            "und",
            "e",
            "english language",
            "1234",
            "en!",
        ] {
            assert_eq!(language_tag(given), None, "{given}");
        }
    }

    #[test]
    fn a_byline_gives_its_names_and_not_the_role_after_a_comma() {
        assert_eq!(
            author_names("By Priya Castellano, Local Democracy Reporter", false),
            ["Priya Castellano"]
        );
        assert_eq!(author_names("By Ann Lee, Reuters", false), ["Ann Lee"]);
        assert_eq!(
            author_names(
                "Ann Lee and Bo Chen, Science Correspondents; Sam Poe",
                false
            ),
            ["Ann Lee", "Bo Chen", "Sam Poe"]
        );
        assert_eq!(
            author_names("Jane Roe, John Smith", false),
            ["Jane Roe", "John Smith"]
        );
        assert_eq!(
            author_names("By Ludwig van Beethoven", false),
            ["Ludwig van Beethoven"]
        );
    }

    #[test]
    fn a_sentence_that_starts_with_by_names_nobody() {
        for text in [
            "By Friday most roads had reopened.",
            "By Tuesday, the water had gone",
            "By Reuters",
        ] {
            assert!(author_names(text, false).is_empty(), "{text}");
        }
        // An author field is taken as written, one word or lower case.
        assert_eq!(author_names("reuters", false), ["reuters"]);
    }

    #[test]
    fn an_element_marked_author_gives_only_what_is_written_as_a_name() {
        assert_eq!(
            author_names("Ann Lee | 12 November 2024", true),
            ["Ann Lee"]
        );
        assert!(author_names("12 November 2024", true).is_empty());
        assert!(author_names("reuters", true).is_empty());
    }

    #[test]
    fn placeholders_roles_and_addresses_are_no_authors() {
        for text in [
            "Staff",
            "Staff Writer",
            "https://www.facebook.com/someone",
            "desk@example.com",
            "",
            "—",
        ] {
            assert!(author_names(text, false).is_empty(), "{text}");
        }
    }

    #[test]
    fn authors_are_kept_once_whatever_their_case() {
        let source = Source {
            authors: vec!["Ann Lee".into(), "ANN  LEE and Bo Chen".into()],
            ..Source::default()
        };
        assert_eq!(source.into_checked().authors, ["Ann Lee", "Bo Chen"]);
    }

    #[test]
    fn the_first_usable_candidate_wins() {
        let source = Source {
            outlets: vec!["  ".into(), "Coastal  Herald".into(), "Other".into()],
            urls: vec!["/relative/path".into(), "https://a.example/story".into()],
            langs: vec!["x-default".into(), "en-GB".into()],
            ..Source::default()
        };
        let checked = source.into_checked();
        assert_eq!(checked.outlet.as_deref(), Some("Coastal Herald"));
        assert_eq!(checked.url.as_deref(), Some("https://a.example/story"));
        assert_eq!(checked.lang.as_deref(), Some("en-gb"));
    }

    #[test]
    fn only_absolute_web_addresses_are_kept() {
        assert_eq!(
            address("https://a.example/x?y=1").as_deref(),
            Some("https://a.example/x?y=1")
        );
        assert_eq!(
            address("HTTP://a.example/").as_deref(),
            Some("HTTP://a.example/")
        );
        for bad in [
            "a.example/x",
            "ftp://a.example/x",
            "https:///x",
            "https://a b",
            "//a.example/x",
        ] {
            assert_eq!(address(bad), None, "{bad}");
        }
        assert_eq!(
            page_address("//a.example/x").as_deref(),
            Some("https://a.example/x")
        );
    }

    #[test]
    fn a_speaker_named_in_the_byline_is_an_author() {
        let authors = vec!["Ann Lee".to_string()];
        assert!(is_author("Ann Lee", &authors));
        assert!(is_author("Lee", &authors));
        assert!(is_author("ann lee", &authors));
        assert!(!is_author("Bo Lee", &authors));
        assert!(!is_author("Ann Leeds", &authors));
    }

    proptest::proptest! {
        #[test]
        fn a_language_tag_is_kept_in_one_form_that_reads_back_as_itself(text in "\\PC{0,24}") {
            if let Some(tag) = language_tag(&text) {
                let (primary, region) = tag.split_once('-').unwrap_or((&tag, ""));
                proptest::prop_assert!((2..=3).contains(&primary.len()));
                proptest::prop_assert!(primary.bytes().all(|b| b.is_ascii_lowercase()));
                proptest::prop_assert!(
                    region.is_empty()
                        || (region.len() == 2 && region.bytes().all(|b| b.is_ascii_lowercase()))
                        || (region.len() == 3 && region.bytes().all(|b| b.is_ascii_digit()))
                );
                proptest::prop_assert_eq!(language_tag(&tag), Some(tag.clone()));
            }
        }

        #[test]
        fn any_author_text_gives_short_names_and_never_panics(text in "(\\PC|[,;&|]| and | AND |By ){0,80}", markup: bool) {
            for name in author_names(&text, markup) {
                proptest::prop_assert!(!name.is_empty() && name.len() <= MAX_NAME_BYTES);
                proptest::prop_assert!(name.split_whitespace().count() <= MAX_NAME_WORDS);
            }
        }
    }
}
