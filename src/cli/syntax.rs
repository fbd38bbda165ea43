//! The query cheat sheet: what `newsidx query --help` and `newsidx man
//! query` show of the fields and the syntax.
//!
//! It is the one place in the code that describes the query language to
//! people, kept as data (form, meaning) so that a new form is one more row
//! and both renderings follow. The full account is README's "Query syntax"
//! table, which this summarises: change them together.

/// `newsidx query --help`'s opening, under the one-line summary.
pub(super) const QUERY_ABOUT: &str = "\
Search the index and print ranked hits with highlighted snippets.

The query is every word after `query`, joined with spaces: `newsidx query cocoa coffee` \
searches for cocoa coffee. Quote it when it holds characters the shell reads (\" ( ) * < >); \
a word that is one of the options below is read as that option unless it comes after `--`.";

/// The fields a query may name.
const FIELDS: &[(&str, &str)] = &[
    ("title", "the headline"),
    ("lead", "the standfirst"),
    ("body", "the whole text: title, lead, body and speakers"),
    (
        "speaker, speakers",
        "the people quoted or reported speaking",
    ),
    ("path", "the file, relative to the indexed folder"),
    ("date", "the publication date (forms below)"),
    ("outlet", "the publisher (og:site_name, a source key)"),
    (
        "author, authors",
        "who wrote the article (bylines, author keys)",
    ),
    ("lang, language", "the language tag: en, en-gb"),
];

/// One row per form of the query language.
const FORMS: &[(&str, &str)] = &[
    ("grid winter", "both words (AND is the default)"),
    ("wind OR solar", "either word"),
    ("wind -solar, wind NOT solar", "wind but not solar"),
    ("-solar", "every article without solar"),
    ("+wind solar", "must have wind; solar ranks higher"),
    (
        "\"emergency grid reserve\"",
        "the words in this order, next to each other",
    ),
    (
        "\"interest rates\"~3",
        "the words near each other: at most 3 moves",
    ),
    (
        "=rates",
        "this form only: \"Rates\", not \"rate\" or \"rated\"",
    ),
    ("(heatwave OR drought) AND grid", "grouping"),
    (
        "title:ukraine",
        "only in titles; also lead:, path:; body: is the whole text",
    ),
    ("title:(grid OR winter)", "a group searched in one field"),
    ("heatwav*", "words starting with a prefix"),
    ("volcer~, volcer~2", "words within 1 or 2 typing errors"),
    (
        "/volc.*/",
        "indexed words a regular expression matches whole",
    ),
    ("wind^2 solar", "wind's score counts twice"),
    (
        "speaker:\"helena lindqvist\"",
        "articles where that person speaks",
    ),
    (
        "title:*, speaker:*",
        "articles that have a title, a speaker",
    ),
    (
        "folder:1987-03",
        "articles under that folder (paths starting 1987-03/)",
    ),
    (
        "outlet:reuters, author:\"ann lee\"",
        "by the outlet's or an author's words, any case",
    ),
    (
        "lang:en, lang:en-gb",
        "in English (en-gb, en-us too), in British English",
    ),
    ("date:2024, date:2024-12-04", "a whole year, month or day"),
    (
        "date:[2024-12-01 TO 2024-12-31]",
        "a range, both end days included",
    ),
    ("date:>=2024-12-01, date:<2025", "open-ended ranges"),
    ("*", "every article (with --from/--to)"),
];

/// Said under the forms: what is not an operator.
const FORMS_NOTE: &str =
    "AND, OR and NOT are operators only in capitals; anything else pasted is searched as text.";

/// Whole command lines, as typed in a shell.
const EXAMPLES: &[&str] = &[
    "newsidx query heatwave grid",
    "newsidx query 'title:heatwave -wildfire' --sort date",
    "newsidx query '\"interest rates\"' --from 2024-01 --to 2024-06 --json",
    "newsidx query -- -draft +budget",
];

/// Said under the fields: what a word without one searches.
const FIELDS_NOTE: &str = "Words without a field search title, lead, body and speakers.";

/// The cheat sheet in sections: a heading and its lines, aligned.
pub(super) fn cheat_sheet() -> Vec<(&'static str, Vec<String>)> {
    vec![
        ("Fields", table(FIELDS, FIELDS_NOTE)),
        ("Syntax", table(FORMS, FORMS_NOTE)),
        (
            "Examples",
            EXAMPLES.iter().map(|line| line.to_string()).collect(),
        ),
    ]
}

/// Two aligned columns, then a line of note.
fn table(rows: &[(&str, &str)], note: &str) -> Vec<String> {
    let width = rows
        .iter()
        .map(|(form, _)| form.chars().count())
        .max()
        .unwrap_or(0);
    rows.iter()
        .map(|(form, meaning)| format!("{form:width$}   {meaning}"))
        .chain(std::iter::once(note.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed_fields() -> Vec<&'static str> {
        FIELDS
            .iter()
            .flat_map(|(names, _)| names.split(", "))
            .collect()
    }

    #[test]
    fn every_searchable_field_is_listed() {
        let listed = listed_fields();
        for field in crate::schema::FIELD_NAMES {
            assert!(listed.contains(&field), "{field} is missing");
        }
    }

    #[test]
    fn every_listed_field_is_one_a_query_may_name() {
        for name in listed_fields() {
            assert!(
                crate::search::syntax::SearchField::from_name(name).is_some(),
                "{name} is not a field name a query takes"
            );
        }
    }

    #[test]
    fn forms_and_meanings_are_aligned_in_two_columns() {
        assert_eq!(
            table(&[("a", "first"), ("a:b*", "second")], "note"),
            ["a      first", "a:b*   second", "note"]
        );
    }

    /// Splits a shell line the way the examples quote: 'single quotes' only.
    fn shell_words(line: &str) -> Vec<String> {
        let mut words = vec![String::new()];
        let mut quoted = false;
        for c in line.chars() {
            match c {
                '\'' => quoted = !quoted,
                ' ' if !quoted => words.push(String::new()),
                c => words.last_mut().unwrap().push(c),
            }
        }
        words
    }

    #[test]
    fn every_example_is_a_query_command_line() {
        for example in EXAMPLES {
            let cli = crate::cli::parse(shell_words(example));
            assert!(
                matches!(
                    cli,
                    Ok(crate::cli::Cli {
                        command: crate::cli::Command::Query(_)
                    })
                ),
                "{example}: {cli:?}"
            );
        }
    }

    #[test]
    fn the_double_dash_example_searches_what_follows_it() {
        let cli = crate::cli::parse(shell_words(EXAMPLES[3])).unwrap();
        let crate::cli::Command::Query(args) = cli.command else {
            panic!("not a query");
        };
        assert_eq!(args.query_text(), "-draft +budget");
    }
}
