//! A user's corrections to the registry: `aliases.txt` in the index
//! folder, read by every query, so that a correction takes effect at once,
//! with no re-indexing.
//!
//! ```text
//! # One rule a line; '#' starts a comment.
//! Ronald Reagan = Reagan = President Reagan   # one person, shown as the first name
//! Chris Clark != Christopher Clark            # two people, never one
//! ```
//!
//! A mention is resolved from the name an article writes and the person
//! the registry gave it: a pair kept apart undoes that link (the mention
//! keeps the name it is written with), then a line of names joined gives
//! every mention written with one of those names, or linked to one, the
//! line's first name. Names compare without regard to case, accents or
//! spacing.
//!
//! Hand-written: the format is two operators on a line, and its errors must
//! name the line and say what to write instead.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::tokenizer::TextAnalyzer;

use super::Person;
use crate::error::IndexError;
use crate::schema::{terms_of, NewsSchema};

/// The aliases file, in the index folder.
pub const ALIASES_FILE: &str = "aliases.txt";

/// The rules of an aliases file.
#[derive(Debug, Default, Clone)]
pub struct Aliases {
    /// Each line of names joined, as written in the file; the first is the
    /// name shown.
    groups: Vec<Vec<String>>,
    /// Every joined name's key, and its line in `groups`.
    group_of: FxHashMap<String, usize>,
    /// Pairs of keys kept apart, in both orders.
    apart: FxHashSet<(String, String)>,
}

impl Aliases {
    /// The aliases file of the index in `dir`; none at all is no rules.
    pub fn load(dir: &Path) -> Result<Aliases, IndexError> {
        let path = dir.join(ALIASES_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| IndexError::BadAliases {
                    path: path.clone(),
                    line: 0,
                    reason: "the file is not UTF-8 text".to_string(),
                })?;
                Aliases::parse(&text).map_err(|(line, reason)| IndexError::BadAliases {
                    path,
                    line,
                    reason,
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Aliases::default()),
            Err(e) => Err(IndexError::damaged(dir, e)),
        }
    }

    /// Reads the rules of `text`; an error names its 1-based line.
    pub fn parse(text: &str) -> Result<Aliases, (usize, String)> {
        let mut aliases = Aliases::default();
        // Where each key was joined or set apart, for contradictions.
        let mut joined_at: FxHashMap<String, usize> = FxHashMap::default();
        let mut apart_at: Vec<(String, String, usize)> = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line = n + 1;
            let rule = raw.split('#').next().unwrap_or_default().trim();
            if rule.is_empty() {
                continue;
            }
            if let Some((left, right)) = rule.split_once("!=") {
                let (left, right) = (left.trim(), right.trim());
                if left.is_empty() || right.is_empty() || right.contains('=') {
                    return Err((
                        line,
                        format!("{rule:?} keeps apart two names: write one on each side of !="),
                    ));
                }
                let (a, b) = (key_of(left), key_of(right));
                if a == b {
                    return Err((line, format!("{left:?} cannot be kept apart from itself")));
                }
                aliases.apart.insert((a.clone(), b.clone()));
                aliases.apart.insert((b.clone(), a.clone()));
                apart_at.push((a, b, line));
            } else if rule.contains('=') {
                let names: Vec<&str> = rule.split('=').map(str::trim).collect();
                if names.len() < 2 || names.iter().any(|name| name.is_empty()) {
                    return Err((
                        line,
                        format!("{rule:?} joins names: write two or more, with = between them"),
                    ));
                }
                let group = aliases.groups.len();
                for name in &names {
                    let k = key_of(name);
                    if let Some(&other) = joined_at.get(&k) {
                        if other != line {
                            return Err((
                                line,
                                format!("{name:?} is joined on line {other} too: put all of one person's names on one line"),
                            ));
                        }
                    }
                    joined_at.insert(k.clone(), line);
                    aliases.group_of.insert(k, group);
                }
                aliases
                    .groups
                    .push(names.iter().map(|n| n.to_string()).collect());
            } else {
                return Err((
                    line,
                    format!("{rule:?} is not a rule: join names with =, keep two apart with !="),
                ));
            }
        }
        for (a, b, line) in apart_at {
            if let (Some(x), Some(y)) = (aliases.group_of.get(&a), aliases.group_of.get(&b)) {
                if x == y {
                    return Err((
                        line,
                        format!(
                            "these names are kept apart here but joined on line {}",
                            joined_at[&a]
                        ),
                    ));
                }
            }
        }
        Ok(aliases)
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.apart.is_empty()
    }

    /// Whether a pair kept apart undoes the registry's link of a mention
    /// written `written` to `linked`.
    pub fn undoes(&self, written: &str, linked: &str) -> bool {
        !self.apart.is_empty() && self.apart.contains(&(key_of(written), key_of(linked)))
    }

    /// The name a mention written `written` goes by, given the person the
    /// registry linked it to (`linked`, or `None` when it kept the name
    /// as written).
    pub fn resolve(&self, written: &str, linked: Option<&str>) -> String {
        let written_key = key_of(written);
        let mut person = linked.unwrap_or(written);
        let mut person_key = linked.map(key_of).unwrap_or_else(|| written_key.clone());
        if self
            .apart
            .contains(&(written_key.clone(), person_key.clone()))
        {
            person = written;
            person_key = written_key.clone();
        }
        let group = self
            .group_of
            .get(&written_key)
            .or_else(|| self.group_of.get(&person_key));
        match group {
            Some(&g) => self.groups[g][0].clone(),
            None => person.to_string(),
        }
    }

    /// The registry's persons as the rules correct them: a name kept apart
    /// from its person's name leaves with its mentions, joined names come
    /// together under the line's first. Most mentioned first.
    pub fn apply(&self, persons: Vec<Person>) -> Vec<Person> {
        if self.is_empty() {
            return persons;
        }
        let mut out: Vec<Person> = Vec::new();
        let mut at: FxHashMap<String, usize> = FxHashMap::default();
        for person in persons {
            for (name, mentions) in person.names {
                let shown = self.resolve(&name, Some(&person.canonical));
                let i = *at.entry(key_of(&shown)).or_insert_with(|| {
                    out.push(Person {
                        canonical: shown.clone(),
                        names: BTreeMap::new(),
                        mentions: 0,
                    });
                    out.len() - 1
                });
                *out[i].names.entry(name).or_default() += mentions;
                out[i].mentions += mentions;
            }
        }
        out.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.canonical.cmp(&b.canonical))
        });
        out
    }

    /// The joined lines with a name `says` holds, each as all its names.
    pub fn groups_with(&self, mut says: impl FnMut(&str) -> bool) -> Vec<&[String]> {
        self.groups
            .iter()
            .filter(|names| names.iter().any(|name| says(name)))
            .map(Vec::as_slice)
            .collect()
    }

    /// The joined line whose name shown is `name`, if any.
    pub fn group_shown_as(&self, name: &str) -> Option<&[String]> {
        let &g = self.group_of.get(&key_of(name))?;
        let names = &self.groups[g];
        (key_of(&names[0]) == key_of(name)).then_some(names.as_slice())
    }
}

/// A name's key: lower-cased, accents folded, spaces made single.
fn key_of(name: &str) -> String {
    // Built once: queries resolve names a mention at a time.
    static FOLD: LazyLock<TextAnalyzer> = LazyLock::new(NewsSchema::folding);
    let spaced = name.split_whitespace().collect::<Vec<_>>().join(" ");
    terms_of(&mut FOLD.clone(), &spaced).concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_names_and_kept_apart_pairs_resolve_mentions() {
        let aliases = Aliases::parse(
            "# who is who\n\
             Ronald Reagan = Reagan = President Reagan  # the president\n\
             \n\
             Chris Clark != Christopher  Clark\n",
        )
        .unwrap();
        // Written with a joined name, linked or not.
        assert_eq!(aliases.resolve("Reagan", None), "Ronald Reagan");
        assert_eq!(
            aliases.resolve("REAGAN", Some("Nancy Reagan")),
            "Ronald Reagan"
        );
        // Linked to a joined name.
        assert_eq!(
            aliases.resolve("Ron Reagan", Some("ronald reagan")),
            "Ronald Reagan"
        );
        // A link between names kept apart is undone, in either order.
        assert_eq!(
            aliases.resolve("Christopher Clark", Some("Chris Clark")),
            "Christopher Clark"
        );
        assert_eq!(
            aliases.resolve("Chris Clark", Some("Christopher Clark")),
            "Chris Clark"
        );
        // Everything else as the registry has it.
        assert_eq!(aliases.resolve("Baker", Some("James Baker")), "James Baker");
        assert_eq!(aliases.resolve("Baker", None), "Baker");
        assert_eq!(aliases.resolve("José Ortiz", None), "José Ortiz");
        assert_eq!(
            aliases
                .group_shown_as("ronald  REAGAN")
                .map(<[String]>::len),
            Some(3)
        );
        assert!(aliases.group_shown_as("Reagan").is_none());
    }

    #[test]
    fn mistakes_name_their_line() {
        for (text, line, words) in [
            ("Reagan\n", 1, "not a rule"),
            ("\nA = \n", 2, "two or more"),
            ("A != B != C\n", 1, "one on each side"),
            ("A != a\n", 1, "from itself"),
            ("A = B\nB = C\n", 2, "on one line"),
            ("A = B\n# note\nB != a\n", 3, "joined on line 1"),
        ] {
            let (at, reason) = Aliases::parse(text).unwrap_err();
            assert_eq!(at, line, "{text:?}: {reason}");
            assert!(reason.contains(words), "{text:?}: {reason}");
        }
    }
}
