//! The fields a hit can be written with, as one table: `--fields` picks
//! from it, the CSV header and cells come from it, and JSON lines written
//! with `--fields` take their keys and values from it.
//!
//! A field added to [`Hit`] (an outlet, authors, a duplicate count) is one
//! more row of [`FIELDS`]: its name, what the search must read to fill it
//! ([`Cost`]), its text for a CSV cell and its value for a JSON line.
//! Nothing else names the columns, so the header, `--fields`, its error
//! message and the README's list cannot drift apart.
//!
//! Each row also says what it costs, because an export of a million hits
//! pays it a million times: rank, score, path and date come from the
//! index's columns, a title and speakers from columns of their own (a
//! dictionary lookup each), the lead and the source fields need the stored
//! document (a block decompressed per hit or few hits), and a snippet
//! needs the body scanned for the best passage. The search reads only what the chosen fields need
//! (see `search::stream`).

use chrono::SecondsFormat;
use serde_json::Value;

use crate::search::{Hit, Parts};

/// What filling a field costs the search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cost {
    /// Known from the ranking and the index's columns.
    Columns,
    /// Read from the title and speaker columns.
    Names,
    /// Needs the stored document.
    Record,
    /// Needs the stored document and a passage picked from its body.
    Snippet,
}

/// One field of a hit, as the CSV and JSON printers write it.
pub struct Field {
    /// Its name in `--fields`, in the CSV header and as a JSON key.
    pub name: &'static str,
    /// What the search must read to fill it.
    pub cost: Cost,
    /// Written when `--fields` is not given. The others (the lead and the
    /// source fields) are asked for by name: most tables do not want them,
    /// and a script that reads the default columns by position keeps
    /// working as fields are added.
    pub standard: bool,
    /// Its text for a CSV cell, appended to the buffer.
    text: fn(&Hit, &mut String),
    /// Its key and value in a JSON line (a snippet brings its highlights).
    json: fn(&Hit, &mut JsonPairs),
}

impl std::fmt::Debug for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl PartialEq for Field {
    fn eq(&self, other: &Field) -> bool {
        self.name == other.name
    }
}

impl Field {
    /// Appends the field's CSV text for `hit` to `out`.
    pub fn write_text(&self, hit: &Hit, out: &mut String) {
        (self.text)(hit, out)
    }

    /// Adds the field's key and value for `hit` to a JSON line's pairs.
    pub fn add_json(&self, hit: &Hit, pairs: &mut JsonPairs) {
        (self.json)(hit, pairs)
    }
}

/// Every field: first those CSV writes when `--fields` is not given, in
/// that order, then those written only when named.
pub static FIELDS: [Field; 13] = [
    Field {
        name: "rank",
        cost: Cost::Columns,
        standard: true,
        text: |hit, out| push_display(out, hit.rank),
        json: |hit, o| insert(o, "rank", hit.rank),
    },
    Field {
        name: "score",
        cost: Cost::Columns,
        standard: true,
        text: |hit, out| push_display(out, hit.score),
        json: |hit, o| insert(o, "score", hit.score),
    },
    Field {
        name: "date",
        cost: Cost::Columns,
        standard: true,
        // RFC 3339 in UTC, as the JSON hit line writes it.
        text: |hit, out| {
            if let Some(date) = hit.article.date {
                out.push_str(&date.to_rfc3339_opts(SecondsFormat::AutoSi, true));
            }
        },
        json: |hit, o| {
            let date = hit.article.date;
            let text = date.map(|d| d.to_rfc3339_opts(SecondsFormat::AutoSi, true));
            insert(o, "date", text)
        },
    },
    Field {
        name: "title",
        cost: Cost::Names,
        standard: true,
        text: |hit, out| out.push_str(&hit.article.title),
        json: |hit, o| insert(o, "title", hit.article.title.as_str()),
    },
    Field {
        name: "speakers",
        cost: Cost::Names,
        standard: true,
        text: |hit, out| push_joined(out, &hit.article.speakers),
        json: |hit, o| insert(o, "speakers", hit.article.speakers.clone()),
    },
    Field {
        name: "path",
        cost: Cost::Columns,
        standard: true,
        text: |hit, out| out.push_str(&hit.article.path),
        json: |hit, o| insert(o, "path", hit.article.path.as_str()),
    },
    Field {
        name: "snippet",
        cost: Cost::Snippet,
        standard: true,
        text: |hit, out| out.push_str(&hit.snippet),
        // JSON has a place for the marks, under the key the whole hit
        // line gives them.
        json: |hit, o| {
            insert(o, "snippet", hit.snippet.as_str());
            insert(o, "highlights", serde_json::json!(hit.highlights));
        },
    },
    Field {
        name: "lead",
        cost: Cost::Record,
        standard: false,
        text: |hit, out| out.push_str(hit.article.lead.as_deref().unwrap_or_default()),
        json: |hit, o| insert(o, "lead", hit.article.lead.as_deref()),
    },
    Field {
        name: "outlet",
        cost: Cost::Record,
        standard: false,
        text: |hit, out| out.push_str(hit.article.outlet.as_deref().unwrap_or_default()),
        json: |hit, o| insert(o, "outlet", hit.article.outlet.as_deref()),
    },
    Field {
        name: "authors",
        cost: Cost::Record,
        standard: false,
        text: |hit, out| push_joined(out, &hit.article.authors),
        json: |hit, o| insert(o, "authors", hit.article.authors.clone()),
    },
    Field {
        name: "url",
        cost: Cost::Record,
        standard: false,
        text: |hit, out| out.push_str(hit.article.url.as_deref().unwrap_or_default()),
        json: |hit, o| insert(o, "url", hit.article.url.as_deref()),
    },
    Field {
        name: "lang",
        cost: Cost::Record,
        standard: false,
        text: |hit, out| out.push_str(hit.article.lang.as_deref().unwrap_or_default()),
        json: |hit, o| insert(o, "lang", hit.article.lang.as_deref()),
    },
    Field {
        name: "duplicates",
        cost: Cost::Columns,
        standard: false,
        // Known only under `--collapse`: an empty cell (JSON null) says
        // "not looked for", where 0 would claim the article has no copy.
        text: |hit, out| {
            if let Some(group) = &hit.collapsed {
                push_display(out, group.duplicates);
            }
        },
        json: |hit, o| {
            insert(
                o,
                "duplicates",
                hit.collapsed.as_ref().map(|g| g.duplicates),
            )
        },
    },
];

/// Between two names (speakers, authors) in one CSV cell: a name holds
/// commas of its own sometimes (`Smith, Jr.`), semicolons almost never.
pub const SPEAKER_SEPARATOR: &str = "; ";

fn push_joined(out: &mut String, names: &[String]) {
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(SPEAKER_SEPARATOR);
        }
        out.push_str(name);
    }
}

/// A JSON line's keys and values in the order chosen; serde_json's own map
/// would sort the keys.
pub type JsonPairs = Vec<(&'static str, Value)>;

fn insert(pairs: &mut JsonPairs, key: &'static str, value: impl Into<Value>) {
    pairs.push((key, value.into()));
}

fn push_display(out: &mut String, value: impl std::fmt::Display) {
    use std::fmt::Write;
    // Writing into a String cannot fail.
    let _ = write!(out, "{value}");
}

/// The fields chosen for one run, in the order they are written.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen(Vec<&'static Field>);

impl Chosen {
    /// The fields written when `--fields` is not given, in table order.
    pub fn standard() -> Chosen {
        Chosen(FIELDS.iter().filter(|f| f.standard).collect())
    }

    /// The fields named in `list` (`rank,title,path`), in that order.
    pub fn parse(list: &str) -> Result<Chosen, FieldsError> {
        let mut chosen: Vec<&'static Field> = Vec::new();
        for name in list.split(',').map(str::trim) {
            if name.is_empty() {
                return Err(FieldsError::Empty);
            }
            let folded = name.to_ascii_lowercase();
            let Some(field) = FIELDS.iter().find(|f| f.name == folded) else {
                return Err(FieldsError::Unknown(name.to_string()));
            };
            if chosen.contains(&field) {
                return Err(FieldsError::Twice(field.name));
            }
            chosen.push(field);
        }
        Ok(Chosen(chosen))
    }

    /// The fields, in order.
    pub fn fields(&self) -> &[&'static Field] {
        &self.0
    }

    /// What the search must read for these fields.
    pub fn parts(&self) -> Parts {
        let most = self.0.iter().map(|f| f.cost).max();
        Parts {
            names: most >= Some(Cost::Names),
            record: most >= Some(Cost::Record),
            snippet: most >= Some(Cost::Snippet),
        }
    }
}

/// The names of every field, `rank, score, ...`, for messages and help:
/// the standard ones first, as they are in the table.
pub fn known_names() -> String {
    let names: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
    names.join(", ")
}

/// The field a mistyped name most likely meant, by the rule the query
/// language and `--facet` use for their field names.
fn nearest_field(name: &str) -> Option<&'static str> {
    let known: Vec<&'static str> = FIELDS.iter().map(|f| f.name).collect();
    crate::search::suggest::nearest_name(&name.to_ascii_lowercase(), &known)
}

/// Why a `--fields` list was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldsError {
    /// An empty list, or an empty name between commas.
    Empty,
    /// A name that is no field.
    Unknown(String),
    /// A field named twice.
    Twice(&'static str),
}

impl std::fmt::Display for FieldsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldsError::Empty => write!(
                f,
                "takes field names separated by commas, with no empty name; the fields are {}",
                known_names()
            ),
            FieldsError::Unknown(name) => {
                write!(f, "has no field {name:?}")?;
                if let Some(near) = nearest_field(name) {
                    write!(f, " (did you mean {near}?)")?;
                }
                write!(f, "; the fields are {}", known_names())
            }
            FieldsError::Twice(name) => write!(f, "names the field {name} twice"),
        }
    }
}

impl std::error::Error for FieldsError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(chosen: &Chosen) -> Vec<&'static str> {
        chosen.fields().iter().map(|f| f.name).collect()
    }

    #[test]
    fn fields_come_in_the_order_given() {
        let chosen = Chosen::parse("path,rank,title").unwrap();
        assert_eq!(names(&chosen), ["path", "rank", "title"]);
        assert_eq!(
            names(&Chosen::parse(" Path , RANK").unwrap()),
            ["path", "rank"]
        );
    }

    #[test]
    fn every_field_name_is_unique() {
        let every: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        let mut seen = every.clone();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), FIELDS.len());
        let all = Chosen::parse(&every.join(",")).unwrap();
        assert_eq!(names(&all), every);
    }

    #[test]
    fn the_standard_fields_are_the_issues_columns_in_order() {
        assert_eq!(
            names(&Chosen::standard()),
            ["rank", "score", "date", "title", "speakers", "path", "snippet"]
        );
        let first_other = FIELDS.iter().position(|f| !f.standard).unwrap();
        assert!(
            FIELDS[first_other..].iter().all(|f| !f.standard),
            "standard fields come first, so the help lists them first"
        );
    }

    #[test]
    fn bad_lists_are_refused_with_the_known_names() {
        assert_eq!(
            Chosen::parse("rank,titel"),
            Err(FieldsError::Unknown("titel".into()))
        );
        let message = FieldsError::Unknown("titel".into()).to_string();
        assert!(message.contains("rank, score, date, title"), "{message}");
        assert!(message.contains("(did you mean title?)"), "{message}");
        for (typed, meant) in [
            ("speaker", Some("speakers")),
            ("Snipet", Some("snippet")),
            ("pth", Some("path")),
            ("headline", None),
            ("x", None),
        ] {
            assert_eq!(nearest_field(typed), meant, "{typed}");
        }
        assert_eq!(Chosen::parse(""), Err(FieldsError::Empty));
        assert_eq!(Chosen::parse("rank,,path"), Err(FieldsError::Empty));
        assert_eq!(Chosen::parse("rank,"), Err(FieldsError::Empty));
        assert_eq!(Chosen::parse("path,PATH"), Err(FieldsError::Twice("path")));
    }

    #[test]
    fn only_what_the_fields_need_is_read() {
        let parts = |list: &str| Chosen::parse(list).unwrap().parts();
        let none = Parts::default();
        assert_eq!(parts("rank,score,date,path"), none);
        assert_eq!(parts("rank,duplicates"), none);
        let names = Parts {
            names: true,
            ..none
        };
        assert_eq!(parts("path,title"), names);
        assert_eq!(parts("speakers,rank"), names);
        let record = Parts {
            record: true,
            ..names
        };
        assert_eq!(parts("title,lead"), record);
        assert_eq!(parts("outlet"), record);
        assert_eq!(parts("snippet"), Parts::ALL);
        assert_eq!(Chosen::standard().parts(), Parts::ALL);
    }
}
