//! One person, one name, across the archive.
//!
//! Speaker extraction names each person as fully as the article it reads
//! gives them: "Reagan" in a story that never says "Ronald". This module
//! takes every article's speakers and decides, across the archive, which
//! names are one person and which one name stands for several, and gives
//! each person one canonical name.
//!
//! Hand-written: entity linking libraries in Rust need a knowledge base or
//! a model, and newsidx works offline on archives of people no knowledge
//! base holds. The rules, in order:
//!
//! 1. Full names (two words or more) are grouped by their key: lower-cased,
//!    accents folded, dots dropped, so "Willy De Clercq" and "Willy de
//!    Clercq" are one.
//! 2. Groups with the same surname are one person when their given names
//!    are the same, middle names and initials aside ("Rudolph W.
//!    Giuliani"). A listed short form (`nicknames.txt`: "Bob" and "Robert",
//!    "Jim" and "James") or a given name one letter off ("Danial",
//!    "Daniel") is the same person only if the two names' stories share a
//!    subject: a title word (stemmed, not a stop word) that few articles
//!    have. In 1987 Reuters, "Jim Miller" of the wheat growers and "James
//!    Miller" of the budget office are two people, and nothing but what
//!    they talk about tells them apart. A name whose last words are
//!    another group's whole name is that person with a word run into the
//!    front ("Minister Gerhard Stoltenberg").
//! 3. A surname on its own ("Reagan") is linked, article by article, to the
//!    person with that surname who is most in the news around the
//!    article's date and shares most of its title's words; when two people
//!    are close to equally likely ("Baker": James, Treasury; Howard, White
//!    House), the article keeps the surname alone rather than risk a wrong
//!    merge.
//! 4. A person's canonical name is the full name most articles use.
//!
//! What it never does: merge two different full names on context alone, or
//! split one full name into two people (two John Smiths stay one).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer,
};

use crate::schema::terms_of;

/// A title word is a subject, rather than news language, when at most
/// this share of the articles have it (and always when two or fewer do).
const RARE_SHARE: f64 = 0.01;

/// How fast a candidate's weight falls with distance in time: a mention
/// this many days away counts half.
const HALF_LIFE_DAYS: f64 = 45.0;

/// A surname is linked only if its best person is this many times as
/// likely as the next.
const CLEAR_MARGIN: f64 = 3.0;

/// One speaker of one article.
#[derive(Debug, Clone)]
pub struct Mention {
    /// The article, as the caller numbers them.
    pub article: u32,
    /// The name as the article gives it.
    pub name: String,
    /// The article's date, in days since 1970-01-01.
    pub day: Option<i64>,
    /// The article's title: what it is about.
    pub title: String,
}

/// One person of the archive.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Person {
    /// The name shown for the person.
    pub canonical: String,
    /// Every name the person goes by, as the articles write them.
    pub names: BTreeSet<String>,
    /// How many speaker mentions are the person's.
    pub mentions: usize,
}

/// Who is who across the archive.
#[derive(Debug, Default)]
pub struct People {
    persons: Vec<Person>,
    /// The person of each (article, name as written).
    of_mention: FxHashMap<(u32, String), usize>,
}

impl People {
    /// Decides who is who among `mentions`.
    pub fn build(mentions: &[Mention]) -> People {
        let keys: Vec<NameKey> = mentions.iter().map(|m| NameKey::of(&m.name)).collect();
        let mut topics = Topics::of(mentions);

        // Step 1: full names by key; surnames alone set aside.
        let mut group_of_key: BTreeMap<String, usize> = BTreeMap::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut alone = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            if key.words.len() < 2 {
                alone.push(i);
                continue;
            }
            let id = *group_of_key.entry(key.joined()).or_insert_with(|| {
                groups.push(Group::new(key.clone()));
                groups.len() - 1
            });
            groups[id].members.push(i);
        }

        // Step 2: groups of one person joined.
        let mut union = Union::new(groups.len());
        let mut by_surname: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (id, group) in groups.iter().enumerate() {
            by_surname.entry(group.key.surname()).or_default().push(id);
        }
        for ids in by_surname.values() {
            for (n, &a) in ids.iter().enumerate() {
                for &b in &ids[n + 1..] {
                    if same_person(&groups[a], &groups[b], &mut topics) {
                        union.join(a, b);
                    }
                }
            }
        }
        for (id, group) in groups.iter().enumerate() {
            if let Some(target) = run_into(&group.key, &group_of_key) {
                union.join(id, target);
            }
        }

        // Persons from the joined groups.
        let mut person_of_root: FxHashMap<usize, usize> = FxHashMap::default();
        let mut members: Vec<Vec<usize>> = Vec::new();
        for (id, group) in groups.iter().enumerate() {
            let root = union.find(id);
            let person = *person_of_root.entry(root).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[person].extend(&group.members);
        }

        // Step 3: a surname alone goes to the clear favourite, if any.
        let mut persons_by_surname: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (person, list) in members.iter().enumerate() {
            let surnames: FxHashSet<&str> = list.iter().map(|&i| keys[i].surname()).collect();
            for surname in surnames {
                persons_by_surname
                    .entry(surname.to_string())
                    .or_default()
                    .push(person);
            }
        }
        let mut alone_groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut linked: Vec<(usize, usize)> = Vec::new();
        for &i in &alone {
            let candidates = keys[i]
                .words
                .first()
                .and_then(|surname| persons_by_surname.get(surname.as_str()));
            let favourite = candidates.and_then(|c| favourite(i, c, &members, mentions, &topics));
            match favourite {
                Some(person) => linked.push((i, person)),
                None => alone_groups.entry(keys[i].joined()).or_default().push(i),
            }
        }
        for (i, person) in linked {
            members[person].push(i);
        }
        members.extend(alone_groups.into_values());

        // Step 4: canonical names; most mentioned first.
        let mut built: Vec<(Person, Vec<usize>)> = members
            .into_iter()
            .filter(|list| !list.is_empty())
            .map(|list| (person_of(&list, mentions), list))
            .collect();
        built.sort_by(|a, b| {
            b.0.mentions
                .cmp(&a.0.mentions)
                .then_with(|| a.0.canonical.cmp(&b.0.canonical))
        });
        let mut people = People::default();
        for (id, (person, list)) in built.into_iter().enumerate() {
            for i in list {
                people
                    .of_mention
                    .insert((mentions[i].article, mentions[i].name.clone()), id);
            }
            people.persons.push(person);
        }
        people
    }

    /// Every person, most mentioned first.
    pub fn persons(&self) -> &[Person] {
        &self.persons
    }

    /// The person `name` stands for in `article`.
    pub fn person_of(&self, article: u32, name: &str) -> Option<&Person> {
        self.of_mention
            .get(&(article, name.to_string()))
            .and_then(|&id| self.persons.get(id))
    }
}

/// The person of the mentions `list`, named by the full name (two words
/// or more) most of them use, else the surname (the shorter, then the
/// first in order, on a tie).
fn person_of(list: &[usize], mentions: &[Mention]) -> Person {
    let mut forms: BTreeMap<&str, usize> = BTreeMap::new();
    for &i in list {
        *forms.entry(mentions[i].name.as_str()).or_default() += 1;
    }
    let full = |name: &str| name.split_whitespace().nth(1).is_some();
    let canonical = forms
        .iter()
        .max_by(|a, b| {
            full(a.0)
                .cmp(&full(b.0))
                .then(a.1.cmp(b.1))
                .then(b.0.len().cmp(&a.0.len()))
                .then(b.0.cmp(a.0))
        })
        .map(|(name, _)| name.to_string())
        .unwrap_or_default();
    Person {
        canonical,
        names: forms.keys().map(|n| n.to_string()).collect(),
        mentions: list.len(),
    }
}

/// A name as compared: its words lower-cased, accents folded, dots and
/// commas dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
struct NameKey {
    words: Vec<String>,
}

impl NameKey {
    fn of(name: &str) -> NameKey {
        static FOLD: LazyLock<TextAnalyzer> = LazyLock::new(|| {
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build()
        });
        let mut fold = FOLD.clone();
        let words = name
            .split_whitespace()
            .filter_map(|word| {
                let word: String = word.chars().filter(|c| !matches!(c, '.' | ',')).collect();
                terms_of(&mut fold, &word).pop()
            })
            .filter(|w| !w.is_empty())
            .collect();
        NameKey { words }
    }

    fn joined(&self) -> String {
        self.words.join(" ")
    }

    fn surname(&self) -> &str {
        self.words.last().map_or("", String::as_str)
    }

    /// The first word, unless it is an initial.
    fn given(&self) -> Option<&str> {
        self.words
            .first()
            .filter(|w| self.words.len() >= 2 && w.chars().count() > 1)
            .map(String::as_str)
    }
}

/// The mentions of one full name (by key).
struct Group {
    key: NameKey,
    members: Vec<usize>,
}

impl Group {
    fn new(key: NameKey) -> Group {
        Group {
            key,
            members: Vec::new(),
        }
    }
}

/// Whether two groups with one surname are one person (step 2).
fn same_person(a: &Group, b: &Group, topics: &mut Topics) -> bool {
    let (Some(x), Some(y)) = (a.key.given(), b.key.given()) else {
        return false;
    };
    if x == y {
        return true;
    }
    let variant = short_forms(x, y) || (one_letter_apart(x, y) && x.len() >= 4 && y.len() >= 4);
    variant && topics.share_a_subject(a, b)
}

/// Whether `a` and `b` are a given name and its short form, or two short
/// forms of one name, by the list.
fn short_forms(a: &str, b: &str) -> bool {
    static LINES: LazyLock<FxHashMap<&'static str, Vec<usize>>> = LazyLock::new(|| {
        let mut lines: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        let text = include_str!("nicknames.txt");
        let entries = text
            .lines()
            .map(|l| l.split_once('#').map_or(l, |(entry, _)| entry).trim())
            .filter(|l| !l.is_empty());
        for (n, line) in entries.enumerate() {
            for name in line.split_whitespace() {
                lines.entry(name).or_default().push(n);
            }
        }
        lines
    });
    match (LINES.get(a), LINES.get(b)) {
        (Some(x), Some(y)) => x.iter().any(|n| y.contains(n)),
        _ => false,
    }
}

/// One substitution, insertion or deletion apart.
fn one_letter_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => short.iter().zip(&long).filter(|(x, y)| x != y).count() == 1,
        1 => {
            let first_difference = short
                .iter()
                .zip(&long)
                .position(|(x, y)| x != y)
                .unwrap_or(short.len());
            short[first_difference..] == long[first_difference + 1..]
        }
        _ => false,
    }
}

/// The group whose whole name ends `key`, one or more words shorter: a
/// title or place run into the name's front.
fn run_into(key: &NameKey, group_of_key: &BTreeMap<String, usize>) -> Option<usize> {
    (1..key.words.len().saturating_sub(1)).find_map(|drop| {
        let tail = key.words[drop..].join(" ");
        group_of_key.get(&tail).copied()
    })
}

/// The person a surname alone in `mention`'s article stands for, among
/// `candidates`: the one most in the news around its date, with most of
/// its title's words, if clearly ahead of the others.
fn favourite(
    i: usize,
    candidates: &[usize],
    members: &[Vec<usize>],
    mentions: &[Mention],
    topics: &Topics,
) -> Option<usize> {
    let mention = &mentions[i];
    let topic: FxHashSet<&str> = topics.words[i].iter().map(String::as_str).collect();
    let mut weights: Vec<(f64, usize)> = candidates
        .iter()
        .map(|&person| {
            let weight: f64 = members[person]
                .iter()
                .map(|&j| {
                    let other = &mentions[j];
                    let time = match (mention.day, other.day) {
                        (Some(x), Some(y)) => 0.5f64.powf((x - y).abs() as f64 / HALF_LIFE_DAYS),
                        _ => 0.25,
                    };
                    let shared = topics.words[j]
                        .iter()
                        .filter(|w| topic.contains(w.as_str()))
                        .count();
                    time * (1.0 + shared as f64)
                })
                .sum();
            (weight, person)
        })
        .collect();
    weights.sort_by(|a, b| b.0.total_cmp(&a.0));
    match weights.as_slice() {
        [] => None,
        [(best, person)] => (*best > 0.0).then_some(*person),
        [(best, person), (next, _), ..] => {
            (*best >= CLEAR_MARGIN * *next && *best > 0.0).then_some(*person)
        }
    }
}

/// What each mention's article is about: its title's words, stemmed and
/// without stop words, and which of them are rare in the archive.
struct Topics {
    words: Vec<Vec<String>>,
    rare: FxHashSet<String>,
    analyzer: TextAnalyzer,
}

impl Topics {
    fn of(mentions: &[Mention]) -> Topics {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(
                StopWordFilter::new(Language::English)
                    .unwrap_or_else(|| StopWordFilter::remove(Vec::new())),
            )
            .filter(Stemmer::new(Language::English))
            .build();
        let mut seen: FxHashMap<u32, Vec<String>> = FxHashMap::default();
        let words: Vec<Vec<String>> = mentions
            .iter()
            .map(|m| {
                seen.entry(m.article)
                    .or_insert_with(|| {
                        let mut words = terms_of(&mut analyzer, &m.title);
                        words.retain(|w| w.len() >= 3 && !w.chars().all(|c| c.is_ascii_digit()));
                        words.sort();
                        words.dedup();
                        words
                    })
                    .clone()
            })
            .collect();
        let mut df: FxHashMap<&str, usize> = FxHashMap::default();
        for list in seen.values() {
            for w in list {
                *df.entry(w.as_str()).or_default() += 1;
            }
        }
        let most = ((seen.len() as f64 * RARE_SHARE) as usize).max(2);
        let rare = df
            .into_iter()
            .filter(|&(_, n)| n <= most)
            .map(|(w, _)| w.to_string())
            .collect();
        Topics {
            words,
            rare,
            analyzer,
        }
    }

    /// Whether some rare title word is in an article of `a` and in one of
    /// `b`, other than a word of either group's names (a surname in a
    /// headline, "DOLE SAYS", is not a subject).
    fn share_a_subject(&mut self, a: &Group, b: &Group) -> bool {
        let names: FxHashSet<String> = a
            .key
            .words
            .iter()
            .chain(&b.key.words)
            .flat_map(|w| terms_of(&mut self.analyzer, w))
            .collect();
        let of = |members: &[usize]| -> FxHashSet<&str> {
            members
                .iter()
                .flat_map(|&i| &self.words[i])
                .filter(|w| self.rare.contains(w.as_str()) && !names.contains(w.as_str()))
                .map(String::as_str)
                .collect()
        };
        let (x, y) = (of(&a.members), of(&b.members));
        x.intersection(&y).next().is_some()
    }
}

/// Disjoint sets of groups.
struct Union {
    parent: Vec<usize>,
}

impl Union {
    fn new(n: usize) -> Union {
        Union {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent[a.max(b)] = a.min(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(article: u32, name: &str, day: i64, title: &str) -> Mention {
        Mention {
            article,
            name: name.to_string(),
            day: Some(day),
            title: title.to_string(),
        }
    }

    fn canonical(people: &People, article: u32, name: &str) -> String {
        people.person_of(article, name).unwrap().canonical.clone()
    }

    #[test]
    fn a_surname_alone_joins_the_one_person_with_it() {
        let people = People::build(&[
            mention(1, "Ronald Reagan", 100, "white house budget"),
            mention(2, "Reagan", 110, "budget veto"),
            mention(3, "Reagan", 300, "trade bill"),
        ]);
        assert_eq!(canonical(&people, 2, "Reagan"), "Ronald Reagan");
        assert_eq!(canonical(&people, 3, "Reagan"), "Ronald Reagan");
        assert_eq!(people.persons().len(), 1);
    }

    #[test]
    fn two_people_with_one_surname_stay_apart_and_a_surname_goes_to_the_clear_one() {
        let people = People::build(&[
            mention(1, "James Baker", 100, "treasury dollar talks"),
            mention(2, "James Baker", 102, "dollar louvre accord"),
            mention(3, "Howard Baker", 101, "white house staff"),
            mention(4, "Baker", 103, "dollar falls after treasury remarks"),
            mention(5, "Baker", 500, "senate"),
        ]);
        assert_ne!(
            canonical(&people, 1, "James Baker"),
            canonical(&people, 3, "Howard Baker")
        );
        assert_eq!(canonical(&people, 4, "Baker"), "James Baker");
        // Far from both in time and topic: neither is a clear favourite.
        assert_eq!(canonical(&people, 5, "Baker"), "Baker");
    }

    #[test]
    fn case_accents_short_forms_and_middle_initials_are_one_person() {
        let people = People::build(&[
            mention(1, "Willy De Clercq", 1, ""),
            mention(2, "Willy de Clercq", 2, ""),
            mention(3, "Robert Dole", 3, "Senate farm bill"),
            mention(4, "Bob Dole", 4, "Senate leader wants budget"),
            mention(5, "Rudolph W. Giuliani", 5, ""),
            mention(6, "Rudolph Giuliani", 6, ""),
            mention(7, "José Álvarez", 7, ""),
            mention(8, "Jose Alvarez", 8, ""),
        ]);
        assert_eq!(people.persons().len(), 4);
        assert_eq!(
            canonical(&people, 3, "Robert Dole"),
            canonical(&people, 4, "Bob Dole")
        );
    }

    #[test]
    fn different_given_names_are_different_people() {
        let people = People::build(&[
            mention(1, "Robert Dole", 1, ""),
            mention(2, "Elizabeth Dole", 2, ""),
            mention(3, "Gerhard Stoltenberg", 3, ""),
            mention(4, "Thorvald Stoltenberg", 4, ""),
            mention(5, "Alfred Smith", 5, ""),
            mention(6, "Frederick Smith", 6, ""),
        ]);
        assert_eq!(people.persons().len(), 6);
    }

    #[test]
    fn a_misspelt_given_name_joins_only_when_the_stories_share_a_subject() {
        let shared = People::build(&[
            mention(1, "Daniel Amstutz", 100, "PIK certificates cost more"),
            mention(2, "Danial Amstutz", 120, "Cotton certificate date extended"),
        ]);
        assert_eq!(shared.persons().len(), 1);
        let apart = People::build(&[
            mention(1, "Daniel Amstutz", 100, "Wheat outlook"),
            mention(2, "Danial Amstutz", 120, "Cement maker profits"),
        ]);
        assert_eq!(apart.persons().len(), 2);
    }

    #[test]
    fn short_forms_with_nothing_in_common_are_two_people() {
        let people = People::build(&[
            mention(1, "Jim Miller", 1, "Wheat growers set trade meeting"),
            mention(
                2,
                "James Miller",
                2,
                "Budget director says no tax compromise",
            ),
            mention(3, "Bob Sims", 3, "Third marine arrested in spy probe"),
            mention(4, "Robert Sims", 4, "Marine arrested in spy scandal"),
        ]);
        assert_ne!(
            canonical(&people, 1, "Jim Miller"),
            canonical(&people, 2, "James Miller")
        );
        assert_eq!(
            canonical(&people, 3, "Bob Sims"),
            canonical(&people, 4, "Robert Sims")
        );
    }

    #[test]
    fn a_surname_in_a_headline_is_no_shared_subject() {
        let people = People::build(&[
            mention(1, "Jim Miller", 1, "Miller: wheat talks stall"),
            mention(2, "James Miller", 2, "Miller: budget holds"),
        ]);
        assert_eq!(people.persons().len(), 2);
    }

    #[test]
    fn a_word_run_into_the_front_of_a_name_is_dropped() {
        let people = People::build(&[
            mention(1, "Gerhard Stoltenberg", 1, ""),
            mention(2, "Gerhard Stoltenberg", 2, ""),
            mention(3, "Minster Gerhard Stoltenberg", 3, ""),
        ]);
        assert_eq!(
            canonical(&people, 3, "Minster Gerhard Stoltenberg"),
            "Gerhard Stoltenberg"
        );
    }

    #[test]
    fn the_canonical_name_is_the_commonest_form() {
        let people = People::build(&[
            mention(1, "Jim Wright", 1, "Speaker sees highway veto override"),
            mention(2, "Jim Wright", 2, "Speaker sees action on funding"),
            mention(3, "James Wright", 3, "House passes highway bill"),
        ]);
        assert_eq!(canonical(&people, 3, "James Wright"), "Jim Wright");
        let person = people.person_of(1, "Jim Wright").unwrap();
        assert_eq!(person.mentions, 3);
        assert!(person.names.contains("James Wright"));
    }

    #[test]
    fn short_forms_are_read_from_the_list_without_chaining() {
        assert!(short_forms("bob", "robert"));
        assert!(short_forms("fred", "alfred"));
        assert!(!short_forms("alfred", "frederick"));
        assert!(!short_forms("robert", "richard"));
    }

    #[test]
    fn one_letter_apart_is_one_edit() {
        assert!(one_letter_apart("daniel", "danial"));
        assert!(one_letter_apart("arturo", "aturo"));
        assert!(!one_letter_apart("daniel", "daniela2"));
        assert!(!one_letter_apart("daniel", "daniel"));
    }
}
