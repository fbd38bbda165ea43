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
//!    Miller" of the budget office are two people, told apart by what they
//!    talk about, or by where the articles say they work. A name whose last words are
//!    another group's whole name is that person with a word run into the
//!    front ("Minister Gerhard Stoltenberg"). A surname misspelt in some
//!    stories ("Marlin Fitwater" for Fitzwater: one letter added, dropped,
//!    changed or two swapped, four letters or more; two such slips in a
//!    surname of seven or more) joins the same given names spelt right
//!    when the stories share a subject, or when they sit in one story
//!    cycle: within three days of each other for a surname of seven
//!    letters or more, on the same day for one of five or six. Initials
//!    are initials however they are spaced ("C.J.", "C. J." and "CJ").
//!    For a listed short form, where the articles say the two work
//!    decides first (`roles.rs`): one employer joins them, subject or not ("Joe Liro"
//!    and "Joseph Liro" of S.G. Warburg); two employers keep them apart
//!    (a Chris of one bullion house, a Christopher of a bank); so do roles
//!    of opposite sides (a "Bill" who is a broker's economist, a "William"
//!    of his surname who is a deputy secretary). The articles of a short
//!    form and its long form are read, a few each: those nearest in time
//!    to the other form's, since people change jobs ("Katherine" at a
//!    broker, then "Kate" and "Katherine" at a fund). Two forms quoted in
//!    one story, each also quoted in stories of its own, are two people:
//!    a story writes each speaker one way.
//!    A short form is also a given name's first letters, three or more
//!    and three short of it ("Olu", Oluwaseun); and where no other full
//!    name of the archive has the surname, the two forms need no subject
//!    in common, only nothing against. A misspelt surname whose stories
//!    are months apart joins when the articles give both one employer, or
//!    one office and no sides opposed, at the nearest time. A name
//!    written family name first in some stories and last in others
//!    ("Tóth Gábor", "Gábor Tóth"; "Tran Minh Quang", "Quang Tran") is one
//!    person unless they are quoted as two (`Group::quoted_as_two`) or
//!    their employers or sides differ; with a middle name dropped, only with a subject, a week or
//!    an employer in common. A name that is another without its last word
//!    is that person with a second surname left out ("María José García"
//!    for María José García Roldán), unless they are quoted as two or
//!    employers or sides differ; where only a given name and a surname are
//!    left ("Javier Salcedo"), only with an employer, a subject, a week or
//!    a role noun in common.
//! 3. One full name is two people when its stories fall into groups that
//!    nothing links (no story of the same few days with a headline word in
//!    common, no rare title word, no other speaker in common) and the
//!    articles give the groups roles that cannot be one person's: of
//!    opposite sides ("David Owen", leader of the Social Democratic Party
//!    in March, and "David Owen, U.K. economist at Kleinwort Grieveson" in
//!    June), sport against an office no athlete holds (a club's striker,
//!    captain or coach and a bank's chief executive or a harbour master),
//!    the bench against any other role (a High Court judge and the
//!    opposition's Treasury spokesman), the arts against an office (a
//!    novelist and a hospital's chief executive), public office in two
//!    countries (Norway's fisheries minister and a member of the
//!    Bundestag), or executive posts at two employers whose stories
//!    interleave in time (`two_firms_at_once`). The same conflicts keep
//!    a short form from its long form. Days
//!    alone link nothing: a city's paper has its banker and its striker of
//!    one name in the news in the same week. Only such names' articles are
//!    read (lead and body, at most a few a group); every other name is
//!    decided from titles, days and speakers alone. The group with most
//!    mentions keeps the name; the other is shown with its role: "David
//!    Owen (economist)". A search for the name finds both, since both are
//!    written with it.
//! 4. A surname on its own ("Reagan") is linked, article by article, to the
//!    person with that surname who is most in the news around the
//!    article's date and shares most of its title's words; when two people
//!    are close to equally likely ("Baker": James, Treasury; Howard, White
//!    House), the article keeps the surname alone rather than risk a wrong
//!    merge. Where two or more people share the surname and the article
//!    says where the speaker works ("Okafor, the Rovers midfielder"), the
//!    one who worked there at the nearest time is taken first, however
//!    much more in the news the other is; else, where the article gives a
//!    role ("Finance Minister Mensah", "Mr Justice Holloway") that cannot
//!    be the others' at the nearest time and can be one's, that one;
//!    else, where the article names one of their employers, that one. A
//!    name ending in a patronym ("Hafiz bin Rahman") is also found by its
//!    given name alone.
//! 5. A person's canonical name is the full name most articles use.
//!
//! What it never does: merge two different full names on context alone, or
//! split one full name whose articles say nothing of opposite roles (two
//! John Smiths who are both bankers stay one).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use tantivy::schema::{Field, Value};
use tantivy::store::StoreReader;
use tantivy::tokenizer::{Language, RawTokenizer, StopWordFilter, TextAnalyzer};
use tantivy::{DocId, Searcher, TantivyDocument};

use crate::schema::{terms_of, NewsSchema};

mod aliases;
mod file;
mod roles;
mod said;

use roles::Side;

pub use aliases::{Aliases, ALIASES_FILE};
pub use file::{
    persons, read_archive, rebuild, speaker_table_bytes, Link, LinkedMentions, Registry,
    SamePerson, SpeakerTable, TableSegment, LINKS_FILE, PEOPLE_FILE,
};
pub use said::{SaidFile, SaidSegment, SaidTable, SAID_FILE, UNKNOWN as UNKNOWN_SPEAKER};

/// A title word is a subject, rather than news language, when at most
/// this share of the archive's articles with a speaker have it (and
/// always when two or fewer do).
const RARE_SHARE: f64 = 0.01;

/// How fast a candidate's weight falls with distance in time: a mention
/// this many days away counts half.
const HALF_LIFE_DAYS: f64 = 45.0;

/// Two stories this many days apart or fewer are of the same week.
const SAME_WEEK_DAYS: i64 = 3;

/// A surname is linked only if its best person is this many times as
/// likely as the next.
const CLEAR_MARGIN: f64 = 3.0;

/// How many articles of one group of a name's stories are read for their
/// roles: the side of a group is the side most of them are on, and a few
/// say it as well as all.
const TEXTS_PER_GROUP: usize = 3;

/// A name whose stories fall into more unlinked groups than this is not
/// looked at for two people: it is one person quoted now and then over a
/// long time, and reading all its groups' articles would cost more than
/// the rest of the registry.
const MOST_GROUPS: usize = 24;

/// The speakers of an archive, as the registry reads them: each name and
/// each title word once, articles and mentions as numbers, so that a
/// million articles with three speakers each fit in tens of megabytes.
pub struct Archive {
    names: Vec<String>,
    name_ids: FxHashMap<String, u32>,
    /// Per article: its day (days since 1970-01-01) and its title's words.
    articles: Vec<(Option<i64>, Vec<u32>)>,
    /// (article, name) pairs, in the order added.
    mentions: Vec<(u32, u32)>,
    words: FxHashMap<String, u32>,
    /// Titles are read as the index reads them, so that the registry
    /// built from the index and from parsed articles agree.
    titles: TextAnalyzer,
    stop_words: TextAnalyzer,
}

impl Default for Archive {
    fn default() -> Self {
        Archive {
            names: Vec::new(),
            name_ids: FxHashMap::default(),
            articles: Vec::new(),
            mentions: Vec::new(),
            words: FxHashMap::default(),
            titles: NewsSchema::news_analyzer(),
            stop_words: stop_word_test(),
        }
    }
}

impl Archive {
    /// Adds an article, dated `day` (days since 1970-01-01), titled
    /// `title`, quoting `speakers` (as it names them); returns its number.
    pub fn add(&mut self, day: Option<i64>, title: &str, speakers: &[String]) -> u32 {
        let words = terms_of(&mut self.titles, title)
            .iter()
            .filter_map(|term| self.title_word(term))
            .collect();
        self.add_words(day, words, speakers.iter().map(String::as_str))
    }

    /// The number of a title word as the index's title field holds it
    /// (stemmed, folded), or `None` for a word that says nothing of a
    /// story's subject: short, a number, or a stop word.
    pub(crate) fn title_word(&mut self, term: &str) -> Option<u32> {
        if term.len() < 3
            || term.chars().all(|c| c.is_ascii_digit())
            || terms_of(&mut self.stop_words, term).is_empty()
        {
            return None;
        }
        if let Some(&id) = self.words.get(term) {
            return Some(id);
        }
        let id = self.words.len() as u32;
        self.words.insert(term.to_string(), id);
        Some(id)
    }

    /// Adds an article whose title words are already numbered by
    /// [`Archive::title_word`]. Speakers are taken in name order, once
    /// each, so that an article read from the index (where names come
    /// sorted) and the same article parsed give the same archive.
    pub(crate) fn add_words<'a>(
        &mut self,
        day: Option<i64>,
        mut words: Vec<u32>,
        speakers: impl IntoIterator<Item = &'a str>,
    ) -> u32 {
        let article = self.articles.len() as u32;
        words.sort_unstable();
        words.dedup();
        self.articles.push((day, words));
        let mut names: Vec<&str> = speakers.into_iter().collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            let id = match self.name_ids.get(name) {
                Some(&id) => id,
                None => {
                    let id = self.names.len() as u32;
                    self.names.push(name.to_string());
                    self.name_ids.insert(name.to_string(), id);
                    id
                }
            };
            self.mentions.push((article, id));
        }
        article
    }

    /// Each article as the registry sees it, by number: its day, its title
    /// words and its speakers, as sorted strings. For comparing archives
    /// read two ways; the registry itself works on the numbers.
    pub fn described(&self) -> Vec<(Option<i64>, Vec<&str>, Vec<&str>)> {
        let mut words = vec![""; self.words.len()];
        for (word, &id) in &self.words {
            words[id as usize] = word.as_str();
        }
        let mut out: Vec<(Option<i64>, Vec<&str>, Vec<&str>)> = self
            .articles
            .iter()
            .map(|(day, ids)| {
                (
                    *day,
                    ids.iter().map(|&w| words[w as usize]).collect(),
                    Vec::new(),
                )
            })
            .collect();
        for &(article, name) in &self.mentions {
            out[article as usize]
                .2
                .push(self.names[name as usize].as_str());
        }
        for (_, words, names) in &mut out {
            words.sort_unstable();
            names.sort_unstable();
        }
        out
    }

    /// Every speaker mention: its article's number and the name.
    pub fn mentions(&self) -> impl Iterator<Item = (u32, &str)> {
        self.mentions
            .iter()
            .map(|&(article, name)| (article, self.names[name as usize].as_str()))
    }
}

/// A word's stop-word test: stop words come out of it as nothing. Applied
/// to stemmed words, which for the English list are the words themselves.
fn stop_word_test() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(
            StopWordFilter::new(Language::English)
                .unwrap_or_else(|| StopWordFilter::remove(Vec::new())),
        )
        .build()
}

/// One person of the archive.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Person {
    /// The name shown for the person.
    pub canonical: String,
    /// Every name the person goes by, as the articles write them, and how
    /// many of the person's mentions use it.
    pub names: BTreeMap<String, usize>,
    /// How many speaker mentions are the person's.
    pub mentions: usize,
}

/// Who is who across the archive.
#[derive(Debug, Default)]
pub struct People {
    persons: Vec<Person>,
    name_ids: FxHashMap<String, u32>,
    /// The person of each name that is one person wherever it is written
    /// (every full name); `None` for a surname alone, decided per article.
    of_name: Vec<Option<u32>>,
    /// The person of each surname alone, by (article, name).
    of_mention: FxHashMap<(u32, u32), u32>,
}

impl People {
    /// Decides who is who in `archive` from its titles, days and speakers
    /// alone: no name is ever taken for two people, nor a short form kept
    /// apart by its roles.
    pub fn build(archive: &Archive) -> People {
        People::build_with(archive, &mut |_| None)
    }

    /// Decides who is who in `archive`, reading an article's text
    /// (`texts`, by the article's number) where the roles the article
    /// gives a speaker decide: whether one name is two people, and whether
    /// a short form is the long form's person. `None` from `texts` is no
    /// evidence either way.
    pub fn build_with(archive: &Archive, texts: &mut dyn FnMut(u32) -> Option<String>) -> People {
        let Archive {
            names,
            name_ids,
            articles,
            mentions,
            words,
            ..
        } = archive;
        let keys: Vec<NameKey> = names.iter().map(|n| NameKey::of(n)).collect();
        let mut topics = Topics::of(articles, words);
        let mut evidence = Evidence {
            names,
            texts,
            words: FxHashMap::default(),
            capitals: FxHashMap::default(),
        };

        // Step 1: full names by key; surnames alone set aside.
        let mut group_of_key: BTreeMap<String, usize> = BTreeMap::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut group_of_name: Vec<Option<usize>> = vec![None; names.len()];
        for (name, key) in keys.iter().enumerate() {
            if key.words.len() < 2 {
                continue;
            }
            let id = *group_of_key.entry(key.joined()).or_insert_with(|| {
                groups.push(Group::new(key.clone()));
                groups.len() - 1
            });
            group_of_name[name] = Some(id);
        }
        let mut alone = Vec::new();
        for (i, &(article, name)) in mentions.iter().enumerate() {
            match group_of_name[name as usize] {
                Some(group) => {
                    groups[group].articles.push(article);
                    groups[group].names.push(name);
                }
                None => alone.push(i),
            }
        }

        // Mentions are added article by article: each article's speakers
        // are one run of them, found by where the runs start.
        let mut starts: Vec<usize> = vec![mentions.len(); articles.len() + 1];
        for (i, &(article, _)) in mentions.iter().enumerate().rev() {
            starts[article as usize] = i;
        }
        for a in (0..articles.len()).rev() {
            starts[a] = starts[a].min(starts[a + 1]);
        }
        let speakers = Speakers { mentions, starts };

        // Step 2: groups of one person joined.
        let mut union = Union::new(groups.len());
        let mut by_surname: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (id, group) in groups.iter().enumerate() {
            by_surname.entry(group.key.surname()).or_default().push(id);
        }
        for ids in by_surname.values() {
            for (n, &a) in ids.iter().enumerate() {
                for &b in &ids[n + 1..] {
                    // Two forms alone under their surname: nobody else
                    // of the archive is written with it.
                    let alone = ids.len() == 2;
                    if same_person(&groups[a], &groups[b], alone, &mut topics, &mut evidence) {
                        union.join(a, b);
                    }
                }
            }
        }
        // A surname misspelt in one story ("Marlin Fitwater"): the same
        // given names, the surname one slip of the keys apart.
        let mut by_given: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (id, group) in groups.iter().enumerate() {
            if group.key.given().is_some() {
                let words = &group.key.words;
                by_given
                    .entry(words[..words.len() - 1].join(" "))
                    .or_default()
                    .push(id);
            }
        }
        for ids in by_given.values() {
            for (n, &a) in ids.iter().enumerate() {
                for &b in &ids[n + 1..] {
                    if misspelt_surname(&groups[a], &groups[b], &mut topics, &mut evidence) {
                        union.join(a, b);
                    }
                }
            }
        }
        // One name in both orders, family name first and last.
        let mut by_ends: FxHashMap<(&str, &str), Vec<usize>> = FxHashMap::default();
        for (id, group) in groups.iter().enumerate() {
            if let (Some(first), Some(last)) = (group.key.words.first(), group.key.words.last()) {
                if first != last && group.key.given().is_some() {
                    by_ends.entry((first, last)).or_default().push(id);
                }
            }
        }
        for (&(first, last), ids) in &by_ends {
            let Some(others) = by_ends.get(&(last, first)) else {
                continue;
            };
            for &a in ids {
                for &b in others.iter().filter(|&&b| b > a) {
                    if reversed_order(
                        &groups[a],
                        &groups[b],
                        &speakers,
                        &keys,
                        &mut topics,
                        &mut evidence,
                    ) {
                        union.join(a, b);
                    }
                }
            }
        }
        // A double surname with its second left out ("María José García"
        // for María José García Roldán, "Javier Salcedo" for Javier
        // Salcedo Ibarra): the name without its last word, two words or
        // more, is another group's whole name.
        for (id, group) in groups.iter().enumerate() {
            let words = &group.key.words;
            if words.len() < 3 || group.key.given().is_none() {
                continue;
            }
            let Some(&shorter) = group_of_key.get(&words[..words.len() - 1].join(" ")) else {
                continue;
            };
            if second_surname_left_out(
                group,
                &groups[shorter],
                &speakers,
                &keys,
                &mut topics,
                &mut evidence,
            ) {
                union.join(id, shorter);
            }
        }
        for (id, group) in groups.iter().enumerate() {
            if let Some(target) = run_into(&group.key, &group_of_key) {
                union.join(id, target);
            }
        }

        // Persons from the joined groups: their mentions' articles, by
        // name.
        let mut person_of_group = vec![0u32; groups.len()];
        let mut person_of_root: FxHashMap<usize, u32> = FxHashMap::default();
        let mut count = 0u32;
        for (id, person) in person_of_group.iter_mut().enumerate() {
            let root = union.find(id);
            *person = *person_of_root.entry(root).or_insert_with(|| {
                count += 1;
                count - 1
            });
        }

        // One name, two people: a person's mentions whose stories nothing
        // links to the rest and whose roles are of the other side become
        // a person of their own, shown with their role.
        let mut groups_of: Vec<Vec<usize>> = vec![Vec::new(); count as usize];
        for (id, &person) in person_of_group.iter().enumerate() {
            groups_of[person as usize].push(id);
        }
        let mut moved: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut roles_of: FxHashMap<u32, &'static str> = FxHashMap::default();
        for ids in &groups_of {
            let person_mentions: Vec<(u32, u32)> = ids
                .iter()
                .flat_map(|&id| {
                    let group = &groups[id];
                    group
                        .articles
                        .iter()
                        .copied()
                        .zip(group.names.iter().copied())
                })
                .collect();
            let Some((apart, role)) = two_people(
                &person_mentions,
                &keys,
                &speakers,
                &mut topics,
                &mut evidence,
            ) else {
                continue;
            };
            for mention in apart {
                moved.insert(mention, count);
            }
            roles_of.insert(count, role);
            count += 1;
        }
        let person_at = |group: usize, article: u32, name: u32| -> u32 {
            moved
                .get(&(article, name))
                .copied()
                .unwrap_or(person_of_group[group])
        };

        let mut articles_of: Vec<Vec<u32>> = vec![Vec::new(); count as usize];
        let mut mentions_of: Vec<Vec<(u32, u32)>> = vec![Vec::new(); count as usize];
        let mut surnames_of: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
        for (id, group) in groups.iter().enumerate() {
            for (&article, &name) in group.articles.iter().zip(&group.names) {
                let person = person_at(id, article, name);
                articles_of[person as usize].push(article);
                mentions_of[person as usize].push((article, name));
                // A name that ends in a patronym ("Hafiz bin Rahman") has
                // no family name: the person is called by the given name
                // alone, so a mention written "Hafiz" is looked up there.
                let called =
                    std::iter::once(group.key.surname()).chain(group.key.patronymic_given());
                for surname in called {
                    let entry = surnames_of.entry(surname).or_default();
                    if !entry.contains(&person) {
                        entry.push(person);
                    }
                }
            }
        }

        // Step 3: a surname alone goes to the clear favourite, if any;
        // else it is a person of its own (one per name).
        let mut of_mention: FxHashMap<(u32, u32), u32> = FxHashMap::default();
        let mut own: FxHashMap<u32, u32> = FxHashMap::default();
        for &i in &alone {
            let (article, name) = mentions[i];
            let candidates = keys[name as usize]
                .words
                .first()
                .and_then(|surname| surnames_of.get(surname.as_str()));
            let mut chosen = None;
            if let Some(c) = candidates.filter(|c| c.len() >= 2) {
                chosen = by_employer(
                    article,
                    name,
                    c,
                    &mentions_of,
                    &topics,
                    &mut evidence,
                    false,
                )
                .or_else(|| by_role(article, name, c, &mentions_of, &topics, &mut evidence))
                .or_else(|| {
                    by_employer(article, name, c, &mentions_of, &topics, &mut evidence, true)
                });
            }
            chosen = chosen.or_else(|| {
                candidates.and_then(|c| favourite(article, c, &articles_of, articles, &topics))
            });
            let person = match chosen {
                Some(person) => person,
                None => *own.entry(name).or_insert_with(|| {
                    count += 1;
                    count - 1
                }),
            };
            of_mention.insert((article, name), person);
        }

        // Step 4: each person's names and mentions; canonical names; most
        // mentioned first.
        let mut forms: Vec<BTreeMap<u32, usize>> = vec![BTreeMap::new(); count as usize];
        for &(article, name) in mentions {
            let person = match group_of_name[name as usize] {
                Some(group) => person_at(group, article, name),
                None => of_mention[&(article, name)],
            };
            *forms[person as usize].entry(name).or_default() += 1;
        }
        let mut order: Vec<(Person, u32)> = forms
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.is_empty())
            .map(|(id, f)| {
                let mut person = person_of(f, names);
                if let Some(role) = roles_of.get(&(id as u32)) {
                    person.canonical = format!("{} ({role})", person.canonical);
                }
                (person, id as u32)
            })
            .collect();
        order.sort_by(|a, b| {
            b.0.mentions
                .cmp(&a.0.mentions)
                .then_with(|| a.0.canonical.cmp(&b.0.canonical))
        });
        let mut renumber = vec![0u32; count as usize];
        let mut persons = Vec::with_capacity(order.len());
        for (new, (person, old)) in order.into_iter().enumerate() {
            renumber[old as usize] = new as u32;
            persons.push(person);
        }
        // A name two people share is decided article by article, as a
        // surname alone is.
        let shared: FxHashSet<u32> = moved.keys().map(|&(_, name)| name).collect();
        for &(article, name) in mentions {
            if let (true, Some(group)) = (shared.contains(&name), group_of_name[name as usize]) {
                of_mention.insert((article, name), person_at(group, article, name));
            }
        }
        People {
            persons,
            name_ids: name_ids.clone(),
            of_name: group_of_name
                .iter()
                .enumerate()
                .map(|(name, g)| {
                    g.filter(|_| !shared.contains(&(name as u32)))
                        .map(|g| renumber[person_of_group[g] as usize])
                })
                .collect(),
            of_mention: of_mention
                .into_iter()
                .map(|(k, p)| (k, renumber[p as usize]))
                .collect(),
        }
    }

    /// Every person, most mentioned first.
    pub fn persons(&self) -> &[Person] {
        &self.persons
    }

    /// The person `name` stands for in `article` (a number
    /// [`Archive::add`] gave).
    pub fn person_of(&self, article: u32, name: &str) -> Option<&Person> {
        let &id = self.name_ids.get(name)?;
        let person = match self.of_name.get(id as usize).copied().flatten() {
            Some(person) => person,
            None => *self.of_mention.get(&(article, id))?,
        };
        self.persons.get(person as usize)
    }
}

/// The person with the name counts `forms`, named by the full name (two
/// words or more) most of them use, else the surname (the shorter, then
/// the first in order, on a tie).
fn person_of(forms: &BTreeMap<u32, usize>, names: &[String]) -> Person {
    let full = |name: &str| name.split_whitespace().nth(1).is_some();
    let canonical = forms
        .iter()
        .map(|(&id, &n)| (names[id as usize].as_str(), n))
        .max_by(|a, b| {
            full(a.0)
                .cmp(&full(b.0))
                .then(a.1.cmp(&b.1))
                .then(b.0.len().cmp(&a.0.len()))
                .then(b.0.cmp(a.0))
        })
        .map(|(name, _)| name.to_string())
        .unwrap_or_default();
    Person {
        canonical,
        names: forms
            .iter()
            .map(|(&id, &n)| (names[id as usize].clone(), n))
            .collect(),
        mentions: forms.values().sum(),
    }
}

/// A name as compared: its words lower-cased, accents folded, commas
/// dropped, split at dots.
#[derive(Debug, Clone, PartialEq, Eq)]
struct NameKey {
    words: Vec<String>,
}

impl NameKey {
    fn of(name: &str) -> NameKey {
        static FOLD: LazyLock<TextAnalyzer> = LazyLock::new(NewsSchema::folding);
        let mut fold = FOLD.clone();
        // A dot ends a word: "C.J. Silas" and "C. J. Silas" are written
        // alike by different desks, and both are two initials. So is "CJ
        // Silas": two or three capitals before the surname are initials
        // run together, as desks that drop the dots write them.
        let pieces: Vec<&str> = name
            .split(|c: char| c.is_whitespace() || c == '.')
            .filter(|piece| !piece.is_empty())
            .collect();
        let last = pieces.len().saturating_sub(1);
        let mut words = Vec::new();
        for (i, piece) in pieces.into_iter().enumerate() {
            let initials = i < last
                && (2..=3).contains(&piece.len())
                && piece.chars().all(|c| c.is_ascii_uppercase());
            let split: Vec<String> = if initials {
                piece.chars().map(String::from).collect()
            } else {
                vec![piece.chars().filter(|&c| c != ',').collect()]
            };
            for word in split {
                if let Some(word) = terms_of(&mut fold, &word).pop().filter(|w| !w.is_empty()) {
                    words.push(word);
                }
            }
        }
        NameKey { words }
    }

    fn joined(&self) -> String {
        self.words.join(" ")
    }

    fn surname(&self) -> &str {
        self.words.last().map_or("", String::as_str)
    }

    /// The given name of a name that ends in a patronym ("hafiz bin
    /// rahman", "nur binti yusof"): Malay names, and many Arabic ones,
    /// have no family name, and later mentions use the given name.
    fn patronymic_given(&self) -> Option<&str> {
        let n = self.words.len();
        if n < 3 || !["bin", "binti", "binte", "bint"].contains(&self.words[n - 2].as_str()) {
            return None;
        }
        self.given()
    }

    /// The first word, unless it is an initial.
    fn given(&self) -> Option<&str> {
        self.words
            .first()
            .filter(|w| self.words.len() >= 2 && w.chars().count() > 1)
            .map(String::as_str)
    }
}

/// The articles of one full name (by key), once per mention, and the
/// name each mention writes.
struct Group {
    key: NameKey,
    articles: Vec<u32>,
    names: Vec<u32>,
}

impl Group {
    fn new(key: NameKey) -> Group {
        Group {
            key,
            articles: Vec::new(),
            names: Vec::new(),
        }
    }

    /// The group's mentions, (article, name), in the order added.
    fn mentions(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.articles
            .iter()
            .copied()
            .zip(self.names.iter().copied())
    }

    /// Whether the two are quoted side by side in one story as well as
    /// each in stories of their own: two people. A story names each of
    /// its speakers one way (the extractor gives the fullest form it
    /// writes), so "Bill Martin" and "William Martin", each quoted for
    /// months, quoted in one story are no short form of one name. A form
    /// found only beside the other is one person written two ways in one
    /// story: the wire's "Thomas Hockin" in a paragraph of a story that
    /// otherwise writes "Tom Hockin", a typo beside the right spelling.
    /// Articles are added in order, so both lists are sorted.
    fn quoted_as_two(&self, other: &Group) -> bool {
        let (a, b) = (&self.articles, &other.articles);
        let (mut i, mut j) = (0, 0);
        let (mut both, mut only_a, mut only_b) = (false, false, false);
        while i < a.len() || j < b.len() {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x == y => {
                    both = true;
                    i += 1;
                    j += 1;
                }
                (Some(x), Some(y)) if x < y => {
                    only_a = true;
                    i += 1;
                }
                (Some(_), None) => {
                    only_a = true;
                    i += 1;
                }
                _ => {
                    only_b = true;
                    j += 1;
                }
            }
        }
        both && only_a && only_b
    }
}

/// Whether two groups with one surname are one person (step 2); `alone`
/// when no other full name of the archive has that surname.
fn same_person(
    a: &Group,
    b: &Group,
    alone: bool,
    topics: &mut Topics,
    evidence: &mut Evidence,
) -> bool {
    let (Some(x), Some(y)) = (a.key.given(), b.key.given()) else {
        return false;
    };
    if x == y {
        return true;
    }
    let short = short_forms(x, y);
    let variant = short || (one_letter_apart(x, y) && x.len() >= 4 && y.len() >= 4);
    if !variant || a.quoted_as_two(b) {
        return false;
    }
    if short {
        // Where the articles say both work decides a short form before
        // their subjects do: "Joe Liro of S.G. Warburg" on the budget and
        // "Joseph Liro of S.G. Warburg" on the Fed are one economist; a
        // Chris of one bullion house and a Christopher of another, on the
        // same metal, are two. People change jobs, so each form's
        // mentions nearest in time to the other's are the ones read: an
        // analyst who moved to a fund manager is written "Kate" there
        // and "Katherine" at both firms.
        let (near_a, near_b) = (topics.nearest(a, b), topics.nearest(b, a));
        // Roles that cannot be one person's keep the two forms apart as
        // they split one name: a Katherine on the bench and a Kate who
        // is a headteacher, three days apart, are two people.
        if evidence
            .profile(&near_a)
            .conflicts(&evidence.profile(&near_b))
        {
            return false;
        }
        let (words_a, words_b) = (evidence.words_of(&near_a), evidence.words_of(&near_b));
        if let Some(same) = roles::same_place(&words_a, &words_b) {
            return same && !opposite(roles::side(&words_a), roles::side(&words_b));
        }
        // A shared subject is weak evidence for a short form: a Bill and
        // a William of one surname in stories of one subject can be an
        // economist and an official commenting on it. With no subject in
        // common, a surname nobody else of the archive has is the
        // evidence: a cricket captain written "Jonathan" in one match
        // report and "Jon" in the next, where the headlines share no rare
        // word.
        return (alone || topics.share_a_subject(a, b))
            && !opposite(
                evidence.side_of_mentions(&near_a),
                evidence.side_of_mentions(&near_b),
            );
    }
    topics.share_a_subject(a, b)
}

/// Whether two sides are known and differ.
fn opposite(a: Option<Side>, b: Option<Side>) -> bool {
    matches!((a, b), (Some(x), Some(y)) if x != y)
}

/// The mentions of one person (article, name) that are another person
/// written with the same name, and the role to show them by: those of the
/// groups of stories that nothing links to the person's main group (no
/// story within a few days, no rare title word, no other speaker in
/// common), when the articles put the main group on one side and them on
/// the other. `None` when the person is one.
fn two_people(
    mentions: &[(u32, u32)],
    keys: &[NameKey],
    speakers: &Speakers,
    topics: &mut Topics,
    evidence: &mut Evidence,
) -> Option<(Vec<(u32, u32)>, &'static str)> {
    let mut stories: Vec<u32> = mentions.iter().map(|&(article, _)| article).collect();
    stories.sort_unstable();
    stories.dedup();
    if stories.len() < 2 {
        return None;
    }
    let at = |article: u32| stories.binary_search(&article).unwrap_or(0);
    let mut union = Union::new(stories.len());
    let own: FxHashSet<u32> = mentions.iter().map(|&(_, name)| name).collect();
    let name_words = topics.name_terms(own.iter().map(|&name| &keys[name as usize]));
    // Stories of the same few days on one story: neighbours in date order
    // whose headlines share a word. Days alone are no link: a city's
    // paper has its bank's chief executive and its club's striker of one
    // name in the news in the same week.
    let mut dated: Vec<(i64, usize)> = stories
        .iter()
        .enumerate()
        .filter_map(|(i, &article)| topics.articles[article as usize].0.map(|day| (day, i)))
        .collect();
    dated.sort_unstable();
    for pair in dated.windows(2) {
        let (a, b) = (stories[pair[0].1], stories[pair[1].1]);
        let words = |article: u32| topics.articles[article as usize].1.iter();
        let one_story = words(a)
            .filter(|w| !name_words.contains(w))
            .any(|w| topics.articles[b as usize].1.binary_search(w).is_ok());
        if pair[1].0 - pair[0].0 <= SAME_WEEK_DAYS && one_story {
            union.join(pair[0].1, pair[1].1);
        }
    }
    // Most people quoted often are quoted every few days: one group.
    if (0..stories.len()).all(|i| union.find(i) == union.find(0)) {
        return None;
    }
    // A rare title word or another speaker in common.
    let mut first_with: FxHashMap<(bool, u32), usize> = FxHashMap::default();
    for (i, &article) in stories.iter().enumerate() {
        let words = topics.articles[article as usize]
            .1
            .iter()
            .filter(|w| topics.rare.contains(w) && !name_words.contains(w))
            .map(|&w| (true, w));
        let others = speakers
            .of(article)
            .filter(|name| !own.contains(name))
            .map(|name| (false, name));
        for link in words.chain(others) {
            let first = *first_with.entry(link).or_insert(i);
            union.join(first, i);
        }
    }
    let mut groups: FxHashMap<usize, Vec<(u32, u32)>> = FxHashMap::default();
    for &(article, name) in mentions {
        groups
            .entry(union.find(at(article)))
            .or_default()
            .push((article, name));
    }
    if groups.len() < 2 || groups.len() > MOST_GROUPS {
        return None;
    }
    // The main group: most mentions, then the earliest story.
    // Each group in date order, so that the few articles read of it are
    // the same whatever the index's document order.
    let mut groups: Vec<Vec<(u32, u32)>> = groups.into_values().collect();
    for group in &mut groups {
        group.sort_unstable_by_key(|&(article, name)| {
            let day = topics.articles[article as usize].0.unwrap_or(i64::MAX);
            (day, article, name)
        });
    }
    // Ties go to the group whose first story is the earliest by date:
    // article numbers follow the index's document order, which parallel
    // indexing does not fix, and two builds of one archive must agree.
    let first_day = |group: &[(u32, u32)]| {
        group
            .iter()
            .map(|&(article, _)| topics.articles[article as usize].0.unwrap_or(i64::MAX))
            .min()
    };
    groups.sort_by(|a, b| {
        b.len()
            .cmp(&a.len())
            .then(first_day(a).cmp(&first_day(b)))
            .then(a[0].cmp(&b[0]))
    });
    // Only what the articles say of a role can conflict: a main group
    // whose articles say nothing is not read further.
    let main = evidence.profile(&groups[0]);
    if main == Profile::default() {
        return None;
    }
    let mut split: Vec<usize> = (1..groups.len())
        .filter(|&i| main.conflicts(&evidence.profile(&groups[i])))
        .collect();
    if split.is_empty() {
        split = two_firms_at_once(&groups, topics, evidence);
    }
    if split.is_empty() {
        return None;
    }
    let mut apart = Vec::new();
    let mut words: Vec<String> = Vec::new();
    for &i in &split {
        for &(article, name) in groups[i].iter().take(TEXTS_PER_GROUP) {
            words.extend(evidence.words(article, name).iter().cloned());
        }
        apart.extend(groups[i].iter().copied());
    }
    Some((apart, roles::role_noun(&words).unwrap_or("other")))
}

/// The groups of a name's stories (main group first) that are a second
/// person running another firm at the same time: the main group holds an
/// executive post at one employer, another group one at a second
/// employer, and the two employers' stories interleave in time (the
/// insurer's chief executive in June and February, the energy firm's
/// finance director in August and its chief executive in January). A
/// person who moves runs one firm, then the other; a chairman or a board
/// member may sit at several, so only executive posts count. A group
/// whose words name no employer goes with the firm its articles name,
/// if they name one of the two only; one that names neither stays.
fn two_firms_at_once(
    groups: &[Vec<(u32, u32)>],
    topics: &Topics,
    evidence: &mut Evidence,
) -> Vec<usize> {
    let read = |evidence: &mut Evidence, group: &[(u32, u32)]| {
        evidence.words_of(&group[..group.len().min(TEXTS_PER_GROUP)])
    };
    // An employer is a name its article writes capitalised ("Velora's
    // finance director"), not a part of one ("the unit's chief
    // executive").
    let named = |evidence: &mut Evidence, group: &[(u32, u32)], words: &[String]| {
        roles::places(words)
            .into_iter()
            .filter(|w| {
                group
                    .iter()
                    .take(TEXTS_PER_GROUP)
                    .any(|&(article, _)| evidence.names_any(article, std::slice::from_ref(w)))
            })
            .collect::<Vec<String>>()
    };
    let main = read(evidence, &groups[0]);
    if !roles::executive_post(&main) || named(evidence, &groups[0], &main).is_empty() {
        return Vec::new();
    }
    let mut rival: Option<Vec<String>> = None;
    for group in &groups[1..] {
        let words = read(evidence, group);
        if roles::executive_post(&words)
            && roles::same_place(&main, &words) == Some(false)
            && !named(evidence, group, &words).is_empty()
        {
            rival = Some(words);
            break;
        }
    }
    let Some(rival) = rival else {
        return Vec::new();
    };
    let (main_places, rival_places) = (roles::places(&main), roles::places(&rival));
    // Each group's firm: `Some(true)` the rival's, `Some(false)` the
    // main group's, `None` neither or both.
    let mut firms: Vec<Option<bool>> = Vec::with_capacity(groups.len());
    for group in groups {
        let words = read(evidence, group);
        let firm = if roles::places(&words).is_empty() {
            let (mut names_main, mut names_rival) = (false, false);
            for &(article, _) in group.iter().take(TEXTS_PER_GROUP) {
                names_main |= evidence.names_any(article, &main_places);
                names_rival |= evidence.names_any(article, &rival_places);
            }
            (names_main != names_rival).then_some(names_rival)
        } else {
            match (
                roles::same_place(&main, &words),
                roles::same_place(&rival, &words),
            ) {
                (Some(true), Some(false)) => Some(false),
                (Some(false), Some(true)) => Some(true),
                _ => None,
            }
        };
        firms.push(firm);
    }
    let days = |of_rival: bool| -> Vec<i64> {
        let mut days: Vec<i64> = groups
            .iter()
            .zip(&firms)
            .filter(|(_, firm)| **firm == Some(of_rival))
            .flat_map(|(group, _)| group.iter())
            .filter_map(|&(article, _)| topics.articles[article as usize].0)
            .collect();
        days.sort_unstable();
        days
    };
    let (main_days, rival_days) = (days(false), days(true));
    let inside = |days: &[i64], others: &[i64]| {
        others
            .iter()
            .any(|d| days.first().is_some_and(|f| f < d) && days.last().is_some_and(|l| d < l))
    };
    if !(inside(&main_days, &rival_days) || inside(&rival_days, &main_days)) {
        return Vec::new();
    }
    (1..groups.len())
        .filter(|&i| firms[i] == Some(true))
        .collect()
}

/// What the articles say of the role of one group of a name's stories.
#[derive(Debug, Default, PartialEq, Eq)]
struct Profile {
    side: Option<Side>,
    /// Whether the role is in sport (`Some(true)`: a striker, a golfer)
    /// or an office no athlete holds (`Some(false)`: a chief executive).
    sport: Option<bool>,
    /// The one country the role words name.
    country: Option<&'static str>,
    /// Whether the role is on the bench (`Some(true)`: a judge) or
    /// another office, trade or sport (`Some(false)`).
    court: Option<bool>,
    /// Whether the role is in letters, music or the stage (`Some(true)`:
    /// a novelist) or an office no artist holds (`Some(false)`).
    arts: Option<bool>,
}

impl Profile {
    /// What the role words of a few mentions say, together.
    fn of(read: &[Vec<String>]) -> Profile {
        Profile {
            side: roles::side_of_many(read.iter().map(|w| roles::side(w))),
            sport: agreed(read.iter().map(|w| roles::sporting(w))),
            country: agreed(read.iter().map(|w| roles::country(w))),
            court: agreed(read.iter().map(|w| roles::bench(w))),
            arts: agreed(read.iter().map(|w| roles::artistic(w))),
        }
    }

    /// Whether the two roles cannot be one person's: opposite sides of
    /// public life, sport or the arts against an office (a novelist and a
    /// hospital's chief executive), the bench against any other
    /// role (a High Court judge and the opposition's spokesman), or public
    /// office in two countries (Norway's fisheries minister and a member
    /// of the Bundestag). Two posts in one field and country are one person's
    /// often enough (a banker who chairs an association) to decide
    /// nothing.
    fn conflicts(&self, other: &Profile) -> bool {
        let public = self.side == Some(Side::Public) && other.side == Some(Side::Public);
        opposite(self.side, other.side)
            || differ(self.sport, other.sport)
            || differ(self.court, other.court)
            || differ(self.arts, other.arts)
            || (public && differ(self.country, other.country))
    }
}

/// The one value all the known `values` agree on, if any is known.
fn agreed<T: PartialEq>(values: impl IntoIterator<Item = Option<T>>) -> Option<T> {
    let mut known = values.into_iter().flatten();
    let first = known.next()?;
    known.all(|v| v == first).then_some(first)
}

/// Whether two values are both known and differ.
fn differ<T: PartialEq>(a: Option<T>, b: Option<T>) -> bool {
    matches!((a, b), (Some(x), Some(y)) if x != y)
}

/// The speakers of each article, as runs of the archive's mentions.
struct Speakers<'a> {
    mentions: &'a [(u32, u32)],
    /// Where each article's run starts; one more for the end.
    starts: Vec<usize>,
}

impl Speakers<'_> {
    fn of(&self, article: u32) -> impl Iterator<Item = u32> + '_ {
        let a = article as usize;
        self.mentions[self.starts[a]..self.starts[a + 1]]
            .iter()
            .map(|&(_, name)| name)
    }
}

/// What the articles' texts say of the roles of speakers, read at most
/// once a mention.
struct Evidence<'a> {
    names: &'a [String],
    texts: &'a mut dyn FnMut(u32) -> Option<String>,
    /// The role words of each (article, name) read.
    words: FxHashMap<(u32, u32), Vec<String>>,
    /// The capitalised words of each article read for them, sorted.
    capitals: FxHashMap<u32, Vec<String>>,
}

impl Evidence<'_> {
    /// The role words the article gives the speaker written `name` there.
    fn words(&mut self, article: u32, name: u32) -> &[String] {
        if !self.words.contains_key(&(article, name)) {
            let words = (self.texts)(article)
                .map(|text| roles::role_words(&text, &self.names[name as usize]))
                .unwrap_or_default();
            self.words.insert((article, name), words);
        }
        self.words
            .get(&(article, name))
            .map_or(&[], |words| words.as_slice())
    }

    /// Whether `article` names, capitalised, one of `places` (role words
    /// that say where someone works).
    fn names_any(&mut self, article: u32, places: &[String]) -> bool {
        if places.is_empty() {
            return false;
        }
        let texts = &mut self.texts;
        let capitals = self
            .capitals
            .entry(article)
            .or_insert_with(|| texts(article).map_or_else(Vec::new, |t| roles::capitalised(&t)));
        places.iter().any(|p| capitals.binary_search(p).is_ok())
    }

    /// What a few of `mentions` that say something of their role say,
    /// together: the first mentions of a sports star often say only that
    /// he scored, so a few more are looked at for those that say more.
    fn profile(&mut self, mentions: &[(u32, u32)]) -> Profile {
        let mut read: Vec<Vec<String>> = Vec::new();
        for &(article, name) in mentions.iter().take(3 * TEXTS_PER_GROUP) {
            let words = self.words(article, name);
            if !words.is_empty() {
                read.push(words.to_vec());
                if read.len() == TEXTS_PER_GROUP {
                    break;
                }
            }
        }
        Profile::of(&read)
    }

    /// The side most of a few of `mentions` are on.
    fn side_of_mentions(&mut self, mentions: &[(u32, u32)]) -> Option<Side> {
        let sides: Vec<Option<Side>> = mentions
            .iter()
            .take(TEXTS_PER_GROUP)
            .map(|&(article, name)| roles::side(self.words(article, name)))
            .collect();
        roles::side_of_many(sides)
    }

    /// The role words of `mentions`, together, each once.
    fn words_of(&mut self, mentions: &[(u32, u32)]) -> Vec<String> {
        let mut all: Vec<String> = Vec::new();
        for &(article, name) in mentions {
            for word in self.words(article, name) {
                if !all.contains(word) {
                    all.push(word.clone());
                }
            }
        }
        all
    }
}

/// The stored bodies of an index's articles, read by segment id and
/// document for [`People::build_with`].
///
/// Each segment's store is opened with a cache of one block: the few
/// articles read are scattered, and the searcher's own readers keep a
/// hundred decompressed blocks a segment (at a million articles the
/// rebuild's peak resident memory went from 694 to 605 MB with one).
/// The stores are read by range, not mapped: on the synthetic corpus the
/// registry reads four articles in five, scattered, and every page a
/// mapped read touched stayed resident (a million-article build's peak
/// went from 783 to 1,056 MB when the registry began to read that many,
/// and its system time from 27 to 58 s).
pub(crate) struct StoredBodies {
    lead: Field,
    body: Field,
    stores: FxHashMap<String, StoreReader>,
    /// How many of `stores` are read by range (the others are mapped),
    /// for the test that checks the range is the way taken.
    #[cfg(test)]
    by_range: usize,
}

impl StoredBodies {
    /// The stores of `searcher`'s segments, an index in the folder `dir`.
    pub(crate) fn new(
        dir: &std::path::Path,
        searcher: &Searcher,
        schema: &NewsSchema,
    ) -> StoredBodies {
        // The same commit opened again as a search opens it, whose stores
        // are read by range (`store::open_for_search`); a segment it does
        // not hold is read as `searcher` maps it.
        let mut by_range: FxHashMap<String, StoreReader> = crate::store::open_for_search(dir)
            .ok()
            .and_then(|(index, _)| {
                index
                    .reader_builder()
                    .reload_policy(tantivy::ReloadPolicy::Manual)
                    .try_into()
                    .ok()
            })
            .map(|reader: tantivy::IndexReader| {
                reader
                    .searcher()
                    .segment_readers()
                    .iter()
                    .filter_map(|segment| {
                        let store = segment.get_store_reader(1).ok()?;
                        Some((segment.segment_id().uuid_string(), store))
                    })
                    .collect()
            })
            .unwrap_or_default();
        // A store that cannot be opened gives no evidence (its names stay
        // one person), not a failed registry.
        #[cfg(test)]
        let ranged = by_range.len();
        let stores: FxHashMap<String, StoreReader> = searcher
            .segment_readers()
            .iter()
            .filter_map(|segment| {
                let id = segment.segment_id().uuid_string();
                let store = match by_range.remove(&id) {
                    Some(store) => store,
                    None => segment.get_store_reader(1).ok()?,
                };
                Some((id, store))
            })
            .collect();
        StoredBodies {
            lead: schema.lead,
            body: schema.body,
            stores,
            #[cfg(test)]
            by_range: ranged - by_range.len(),
        }
    }

    /// The lead and body of document `doc` of segment `segment`; `None` when it
    /// cannot be read, which leaves the registry without evidence from it
    /// (a name stays one person), not without a registry.
    pub(crate) fn body(&self, segment: &str, doc: DocId) -> Option<String> {
        let stored: TantivyDocument = self.stores.get(segment)?.get(doc).ok()?;
        let text = |field: Field| stored.get_first(field).and_then(|value| value.as_str());
        let body = text(self.body)?;
        // The lead first, a paragraph of its own: it often gives the role
        // the body then leaves out ("Striker Daniel Hargreaves has joined
        // ..." above "Hargreaves said").
        Some(match text(self.lead) {
            Some(lead) => format!("{lead}\n{body}"),
            None => body.to_string(),
        })
    }
}

/// Whether two groups with the same given names are one person whose
/// surname some stories misspell: one slip apart, long enough that a slip
/// does not make another common surname ("Hall", "Hill"), or two slips
/// apart in a long surname with the same first letter ("Alixrod" for
/// Axilrod: a typist's letters swapped across one); and evidence that the
/// stories are about one person: a subject in common, or, for a surname
/// long enough that two real ones rarely lie that close, stories of the
/// same few days. A misspelling is made under deadline by one desk, so it sits
/// beside the right spelling in time even when the headlines share no rare
/// word (a story on the Fed's chairman, another on the dollar).
fn misspelt_surname(a: &Group, b: &Group, topics: &mut Topics, evidence: &mut Evidence) -> bool {
    let (x, y) = (a.key.surname(), b.key.surname());
    let shortest = x.chars().count().min(y.chars().count());
    if x == y || shortest < 4 {
        return false;
    }
    let long = shortest >= LONG_SURNAME;
    let slipped = one_letter_apart(x, y)
        || (long && x.chars().next() == y.chars().next() && two_slips_apart(x, y));
    // How far apart in days the stories may be and still be taken for
    // one story cycle: a week for a long surname, the same day for one of
    // five or six letters ("Gostev" and "Gustev" in two stories of one
    // day), never for a shorter one.
    let window = if long {
        Some(SAME_WEEK_DAYS)
    } else if shortest >= 5 {
        Some(0)
    } else {
        None
    };
    if !slipped || a.quoted_as_two(b) {
        return false;
    }
    if topics.share_a_subject(a, b) || window.is_some_and(|days| topics.within(a, b, days)) {
        return true;
    }
    // Months apart and on other subjects, what the articles said of the
    // two at the nearest time: one employer ("Graham Ellary of Brightwell
    // Stores"), or, with no employer, one office and no sides opposed
    // ("Finance Minister Ingrid Lindquist" in one story of a year of
    // Lindqvist's, "director Marguerite Fontain").
    let (words_a, words_b) = (
        evidence.words_of(&topics.nearest(a, b)),
        evidence.words_of(&topics.nearest(b, a)),
    );
    if let Some(same) = roles::same_place(&words_a, &words_b) {
        return same && !opposite(roles::side(&words_a), roles::side(&words_b));
    }
    !opposite(roles::side(&words_a), roles::side(&words_b))
        && shortest >= 5
        && roles::role_noun(&words_a).is_some_and(|noun| roles::role_noun(&words_b) == Some(noun))
}

/// Whether two groups are one name written in both orders: family name
/// first, as East Asian and Hungarian names are at home and often in the
/// wire ("Zhang Wei", "Tóth Gábor", "Tran Minh Quang"), and given name
/// first, as other stories write them ("Wei Zhang", "Gábor Tóth", "Quang
/// Tran", a middle name dropped). Each group's first word is the other's
/// last. The same two words in the other order are one person unless the
/// stories say otherwise (quoted as two, two employers or two sides at
/// the nearest time); with a middle name dropped, the stories
/// must also say it is one person: a subject or a week in common, or one
/// employer.
fn reversed_order(
    a: &Group,
    b: &Group,
    speakers: &Speakers,
    keys: &[NameKey],
    topics: &mut Topics,
    evidence: &mut Evidence,
) -> bool {
    if a.quoted_as_two(b) {
        return false;
    }
    let (words_a, words_b) = (
        evidence.words_of(&topics.nearest(a, b)),
        evidence.words_of(&topics.nearest(b, a)),
    );
    let place = roles::same_place(&words_a, &words_b);
    if place == Some(false) || opposite(roles::side(&words_a), roles::side(&words_b)) {
        return false;
    }
    a.key.words.len() == b.key.words.len()
        || place == Some(true)
        || topics.share_a_subject(a, b)
        || topics.within(a, b, SAME_WEEK_DAYS)
        || share_a_speaker(a, b, speakers, keys)
}

/// Whether an article of `a` and one of `b` quote a third speaker in
/// common, known by given name and surname ("Helen R. Osgood" and "Helen
/// Osgood" are one): two forms of a name quoted beside the same person
/// are of one story, as a subject in common says, where a small archive's
/// headlines share no rare word ("Pham Thi Mai" and "Mai Pham", each
/// beside her father, six months apart).
fn share_a_speaker(a: &Group, b: &Group, speakers: &Speakers, keys: &[NameKey]) -> bool {
    let own: FxHashSet<u32> = a.names.iter().chain(&b.names).copied().collect();
    let others = |group: &Group| -> FxHashSet<(&str, &str)> {
        group
            .articles
            .iter()
            .flat_map(|&article| speakers.of(article))
            .filter(|name| !own.contains(name))
            .filter_map(|name| {
                let key = &keys[name as usize];
                Some((key.given()?, key.surname()))
            })
            .collect()
    };
    !others(a).is_disjoint(&others(b))
}

/// Whether `shorter`, `long`'s name without its last word, is the same
/// person: Spanish and Portuguese names carry two surnames and stories
/// often give the first alone. Where three words or more are left, two
/// given names (or a given name and a middle one) and a surname agree:
/// evidence enough unless they are quoted as two or the articles give
/// them two employers or two sides at the nearest time. Where two are
/// left ("Javier Salcedo" and "Javier Salcedo Ibarra"), the last word may
/// be a middle name's surname of someone else, so the stories must also
/// say it is one person, as for a misspelt surname: one employer, a
/// subject or a week in common, or one role noun ("Diego Paredes
/// Montaño, the firm's chief geologist"; "Diego Paredes, the company's
/// chief geologist").
fn second_surname_left_out(
    long: &Group,
    shorter: &Group,
    speakers: &Speakers,
    keys: &[NameKey],
    topics: &mut Topics,
    evidence: &mut Evidence,
) -> bool {
    if long.quoted_as_two(shorter) {
        return false;
    }
    let (words_a, words_b) = (
        evidence.words_of(&topics.nearest(long, shorter)),
        evidence.words_of(&topics.nearest(shorter, long)),
    );
    let place = roles::same_place(&words_a, &words_b);
    if place == Some(false) || opposite(roles::side(&words_a), roles::side(&words_b)) {
        return false;
    }
    shorter.key.words.len() >= 3
        || place == Some(true)
        || topics.share_a_subject(long, shorter)
        || topics.within(long, shorter, SAME_WEEK_DAYS)
        || share_a_speaker(long, shorter, speakers, keys)
        || roles::role_noun(&words_a).is_some_and(|noun| roles::role_noun(&words_b) == Some(noun))
}

/// Surnames of this many letters or more are rarely another real surname
/// one or two slips away ("Herrington", "Fitzwater"); shorter ones more
/// often are ("Hall" and "Hill", "Haley" and "Hanley", "Buttle" and
/// "Button").
const LONG_SURNAME: usize = 7;

/// Whether two misspellings turn `a` into `b`: two of the slips
/// [`one_letter_apart`] counts, in either order, or two letters swapped
/// with one between them.
fn two_slips_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    // Optimal string alignment: edits and swaps of neighbours, each
    // counted once; the table is small (names).
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()] == 2
}

/// Whether `a` and `b` are a given name and its short form, or two short
/// forms of one name, by the list, or a name and its first letters: "Olu"
/// for Oluwaseun, "Ferdi" for Ferdinand. The short one has three letters
/// or more and the long one three more than it, so that a name and its
/// feminine or another name that starts alike ("Paul" and "Paula", "Jan"
/// and "Janet") are not taken for one.
fn short_forms(a: &str, b: &str) -> bool {
    let (short, long) = if a.chars().count() <= b.chars().count() {
        (a, b)
    } else {
        (b, a)
    };
    let (n, m) = (short.chars().count(), long.chars().count());
    if n >= 3 && m >= n + 3 && long.starts_with(short) {
        return true;
    }
    listed_short_forms(a, b)
}

/// Whether `a` and `b` are a given name and its short form, or two short
/// forms of one name, by the list.
fn listed_short_forms(a: &str, b: &str) -> bool {
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

/// One substitution, insertion, deletion or swap of two neighbours apart:
/// the slips of a typist.
fn one_letter_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => {
            let differ: Vec<usize> = (0..short.len()).filter(|&i| short[i] != long[i]).collect();
            match differ.as_slice() {
                [_] => true,
                [i, j] => *j == i + 1 && short[*i] == long[*j] && short[*j] == long[*i],
                _ => false,
            }
        }
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

/// The person a surname alone in `article` stands for, among two or more
/// `candidates` of that surname, when the article says where the speaker
/// works and that is where exactly one of them worked at the nearest
/// time ("Okafor, the Rovers midfielder" beside a Halden Freight Okafor
/// far more in the news). A word two of them are given (the city they
/// both work in: "the University of Castellow hydrologist" beside her
/// brother of the Castellow Arts Trust) tells neither apart. With
/// `in_text`, for a surname whose words name no workplace, the article
/// itself may name one: "Lindqvist, the chief executive," in a story on
/// Velora's profit is Velora's Lindqvist, not the hydrologist; then each
/// candidate must be known to work somewhere, as [`by_role`] wants a
/// role of each. Read only where the surname is shared.
fn by_employer(
    article: u32,
    name: u32,
    candidates: &[u32],
    mentions_of: &[Vec<(u32, u32)>],
    topics: &Topics,
    evidence: &mut Evidence,
    in_text: bool,
) -> Option<u32> {
    let own = roles::places(evidence.words(article, name));
    if own.is_empty() != in_text {
        return None;
    }
    let day = topics.articles[article as usize].0;
    let theirs: Vec<Vec<String>> = candidates
        .iter()
        .map(|&person| {
            let near = nearest_to(day, &mentions_of[person as usize], TEXTS_PER_GROUP, topics);
            roles::places(&evidence.words_of(&near))
        })
        .collect();
    let mut found = None;
    for (i, places) in theirs.iter().enumerate() {
        let distinctive: Vec<String> = places
            .iter()
            .filter(|w| {
                !theirs
                    .iter()
                    .enumerate()
                    .any(|(j, other)| j != i && other.contains(w))
            })
            .cloned()
            .collect();
        if in_text && distinctive.is_empty() {
            return None;
        }
        let named = if in_text {
            evidence.names_any(article, &distinctive)
        } else {
            distinctive.iter().any(|w| own.contains(w))
        };
        if named {
            if found.is_some() {
                return None;
            }
            found = Some(candidates[i]);
        }
    }
    found
}

/// The person a surname alone in `article` stands for, among two or more
/// `candidates` of that surname, when the article gives the speaker a
/// role that cannot be the others' at the nearest time and can be this
/// one's: "Finance Minister Mensah" beside a minister and a sprinter of
/// that surname, "Mr Justice Holloway" beside a judge and a member of
/// parliament. Read only where the surname is shared and the mention
/// says something of a role.
fn by_role(
    article: u32,
    name: u32,
    candidates: &[u32],
    mentions_of: &[Vec<(u32, u32)>],
    topics: &Topics,
    evidence: &mut Evidence,
) -> Option<u32> {
    let words = evidence.words(article, name).to_vec();
    let own = Profile::of(std::slice::from_ref(&words));
    if own == Profile::default() {
        return None;
    }
    let day = topics.articles[article as usize].0;
    let mut found = None;
    for &person in candidates {
        // As many as `by_employer` reads: the rule runs on every shared
        // surname alone whose article gives a role.
        let near = nearest_to(day, &mentions_of[person as usize], TEXTS_PER_GROUP, topics);
        let theirs = evidence.profile(&near);
        if own.conflicts(&theirs) {
            continue;
        }
        // One who may be the speaker but of whom nothing is known
        // decides nothing: the surname stays for the other rules.
        if found.is_some() || theirs == Profile::default() {
            return None;
        }
        found = Some(person);
    }
    found
}

/// The `n` of `mentions` nearest in time to `day` (undated ones last),
/// nearest first.
fn nearest_to(
    day: Option<i64>,
    mentions: &[(u32, u32)],
    n: usize,
    topics: &Topics,
) -> Vec<(u32, u32)> {
    let mut near: Vec<(i64, (u32, u32))> = mentions
        .iter()
        .map(|&(a, name)| {
            let distance = match (day, topics.articles[a as usize].0) {
                (Some(x), Some(y)) => (x - y).abs(),
                _ => i64::MAX,
            };
            (distance, (a, name))
        })
        .collect();
    near.sort_unstable();
    near.into_iter()
        .take(n)
        .map(|(_, mention)| mention)
        .collect()
}

/// The person a surname alone in `article` stands for, among
/// `candidates`: the one most in the news around its date, with most of
/// its title's words, if clearly ahead of the others.
fn favourite(
    article: u32,
    candidates: &[u32],
    articles_of: &[Vec<u32>],
    articles: &[(Option<i64>, Vec<u32>)],
    topics: &Topics,
) -> Option<u32> {
    let (day, words) = &articles[article as usize];
    let mut weights: Vec<(f64, u32)> = candidates
        .iter()
        .map(|&person| {
            let weight: f64 = articles_of[person as usize]
                .iter()
                .map(|&other| {
                    let (other_day, other_words) = &articles[other as usize];
                    let time = match (day, other_day) {
                        (Some(x), Some(y)) => 0.5f64.powf((x - y).abs() as f64 / HALF_LIFE_DAYS),
                        _ => 0.25,
                    };
                    time * (1.0 + topics.shared(words, other_words) as f64)
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

/// Which title words are rare in the archive, and the articles' words.
struct Topics<'a> {
    articles: &'a [(Option<i64>, Vec<u32>)],
    rare: FxHashSet<u32>,
    words: &'a FxHashMap<String, u32>,
    analyzer: TextAnalyzer,
}

impl<'a> Topics<'a> {
    fn of(
        articles: &'a [(Option<i64>, Vec<u32>)],
        words: &'a FxHashMap<String, u32>,
    ) -> Topics<'a> {
        let mut df: FxHashMap<u32, usize> = FxHashMap::default();
        for (_, words) in articles {
            for &w in words {
                *df.entry(w).or_default() += 1;
            }
        }
        let most = ((articles.len() as f64 * RARE_SHARE) as usize).max(2);
        Topics {
            articles,
            rare: df
                .into_iter()
                .filter(|&(_, n)| n <= most)
                .map(|(w, _)| w)
                .collect(),
            words,
            analyzer: NewsSchema::news_analyzer(),
        }
    }

    /// A few of `a`'s mentions, those nearest in time to a mention of
    /// `b` (undated ones last), for reading what the articles said of
    /// the person at the time the other name was in the news.
    fn nearest(&self, a: &Group, b: &Group) -> Vec<(u32, u32)> {
        let mut days: Vec<i64> = b
            .articles
            .iter()
            .filter_map(|&i| self.articles[i as usize].0)
            .collect();
        days.sort_unstable();
        let distance = |article: u32| -> i64 {
            let Some(day) = self.articles[article as usize].0 else {
                return i64::MAX;
            };
            let at = days.partition_point(|&d| d < day);
            let after = days.get(at).map(|d| d - day);
            let before = at.checked_sub(1).map(|i| day - days[i]);
            after.into_iter().chain(before).min().unwrap_or(i64::MAX)
        };
        // Ties by date, then by the order added.
        let mut mentions: Vec<(i64, i64, usize, (u32, u32))> = a
            .mentions()
            .enumerate()
            .map(|(i, mention)| {
                let day = self.articles[mention.0 as usize].0.unwrap_or(i64::MAX);
                (distance(mention.0), day, i, mention)
            })
            .collect();
        mentions.sort_unstable();
        mentions
            .into_iter()
            .take(TEXTS_PER_GROUP)
            .map(|(_, _, _, mention)| mention)
            .collect()
    }

    /// Whether an article of `a` and one of `b` are at most `apart` days
    /// from each other.
    fn within(&self, a: &Group, b: &Group, apart: i64) -> bool {
        let days = |group: &Group| -> Vec<i64> {
            let mut days: Vec<i64> = group
                .articles
                .iter()
                .filter_map(|&i| self.articles[i as usize].0)
                .collect();
            days.sort_unstable();
            days
        };
        let (x, y) = (days(a), days(b));
        x.iter().any(|d| {
            let at = y.partition_point(|e| *e < d - apart);
            y.get(at).is_some_and(|e| *e <= d + apart)
        })
    }

    /// The title words the names' words are, as numbered title words.
    fn name_terms<'k>(&mut self, keys: impl IntoIterator<Item = &'k NameKey>) -> FxHashSet<u32> {
        keys.into_iter()
            .flat_map(|key| &key.words)
            .flat_map(|w| terms_of(&mut self.analyzer, w))
            .filter_map(|w| self.words.get(&w).copied())
            .collect()
    }

    /// How many words two sorted word lists share.
    fn shared(&self, a: &[u32], b: &[u32]) -> usize {
        a.iter().filter(|w| b.binary_search(w).is_ok()).count()
    }

    /// Whether some rare title word is in an article of `a` and in one of
    /// `b`, other than a word of either group's names (a surname in a
    /// headline, "DOLE SAYS", is not a subject).
    fn share_a_subject(&mut self, a: &Group, b: &Group) -> bool {
        let names = self.name_terms([&a.key, &b.key]);
        let of = |group: &Group| -> FxHashSet<u32> {
            group
                .articles
                .iter()
                .flat_map(|&i| &self.articles[i as usize].1)
                .filter(|w| self.rare.contains(w) && !names.contains(w))
                .copied()
                .collect()
        };
        let (x, y) = (of(a), of(b));
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

    /// The registry reads the stores by range; what it reads is what the
    /// writer stored, in every segment (three commits, three segments).
    #[test]
    fn stored_bodies_read_by_range_are_the_stored_ones() {
        use tantivy::doc;
        let dir = tempfile::tempdir().unwrap();
        let (index, schema, _) = crate::store::open_for_writing(dir.path(), false).unwrap();
        let mut writer = index
            .writer_with_num_threads::<TantivyDocument>(1, 15_000_000)
            .unwrap();
        for i in 0..30 {
            let body = format!("Body {i}: {}", "words of a paragraph ".repeat(i * 40));
            if i % 3 == 0 {
                writer
                    .add_document(doc!(schema.path => format!("{i}.txt"), schema.body => body))
                    .unwrap();
            } else {
                let lead = format!("Lead {i}");
                writer
                    .add_document(doc!(schema.path => format!("{i}.txt"), schema.lead => lead, schema.body => body))
                    .unwrap();
            }
            if i % 10 == 9 {
                writer.commit().unwrap();
            }
        }
        drop(writer);
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() >= 2);
        let bodies = StoredBodies::new(dir.path(), &searcher, &schema);
        assert_eq!(bodies.by_range, searcher.segment_readers().len());
        let mut read = 0;
        for segment in searcher.segment_readers() {
            let id = segment.segment_id().uuid_string();
            let mapped = segment.get_store_reader(1).unwrap();
            for doc in 0..segment.max_doc() {
                let stored: TantivyDocument = mapped.get(doc).unwrap();
                let text = |field: Field| {
                    stored
                        .get_first(field)
                        .and_then(|v| v.as_str())
                        .map(str::to_string)
                };
                let expected = match text(schema.lead) {
                    Some(lead) => format!("{lead}\n{}", text(schema.body).unwrap()),
                    None => text(schema.body).unwrap(),
                };
                assert_eq!(bodies.body(&id, doc).as_deref(), Some(expected.as_str()));
                read += 1;
            }
        }
        assert_eq!(read, 30);
    }
    use super::*;

    /// One article a line: its number in the test, one speaker, its day
    /// and its title. The test's numbers are the archive's, in order.
    fn mention(article: u32, name: &str, day: i64, title: &str) -> (u32, String, i64, String) {
        (article, name.to_string(), day, title.to_string())
    }

    fn build(articles: &[(u32, String, i64, String)]) -> People {
        let mut archive = Archive::default();
        for (n, (article, name, day, title)) in articles.iter().enumerate() {
            assert_eq!(
                *article as usize,
                n + 1,
                "articles are numbered from 1, in order"
            );
            archive.add(Some(*day), title, std::slice::from_ref(name));
        }
        People::build(&archive)
    }

    type Mention = (u32, String, i64, String);

    /// As [`build`], with each article's text (by its number in the
    /// test) for the rules that read roles.
    fn build_reading(articles: &[(u32, String, i64, String)], texts: &[&str]) -> People {
        let mut archive = Archive::default();
        for (article, name, day, title) in articles {
            archive.add(Some(*day), title, std::slice::from_ref(name));
            assert_eq!(archive.articles.len(), *article as usize);
        }
        People::build_with(&archive, &mut |article| {
            texts.get(article as usize).map(|t| t.to_string())
        })
    }

    fn canonical(people: &People, article: u32, name: &str) -> String {
        people
            .person_of(article - 1, name)
            .unwrap()
            .canonical
            .clone()
    }

    #[test]
    fn a_surname_alone_joins_the_one_person_with_it() {
        let people = build(&[
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
        let people = build(&[
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
        let people = build(&[
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
        let people = build(&[
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
        let shared = build(&[
            mention(1, "Daniel Amstutz", 100, "PIK certificates cost more"),
            mention(2, "Danial Amstutz", 120, "Cotton certificate date extended"),
        ]);
        assert_eq!(shared.persons().len(), 1);
        let apart = build(&[
            mention(1, "Daniel Amstutz", 100, "Wheat outlook"),
            mention(2, "Danial Amstutz", 120, "Cement maker profits"),
        ]);
        assert_eq!(apart.persons().len(), 2);
    }

    #[test]
    fn short_forms_with_nothing_in_common_are_two_people() {
        // A third Miller, as a real archive has: under a surname only the
        // two forms hold, they would need nothing in common.
        let people = build(&[
            mention(1, "Jim Miller", 1, "Wheat growers set trade meeting"),
            mention(
                2,
                "James Miller",
                2,
                "Budget director says no tax compromise",
            ),
            mention(3, "Bob Sims", 3, "Third marine arrested in spy probe"),
            mention(4, "Robert Sims", 4, "Marine arrested in spy scandal"),
            mention(5, "Glenn Miller", 5, "Band leader"),
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
        let people = build(&[
            mention(1, "Jim Miller", 1, "Miller: wheat talks stall"),
            mention(2, "James Miller", 2, "Miller: budget holds"),
            mention(3, "Glenn Miller", 3, "Band leader"),
        ]);
        assert_eq!(people.persons().len(), 3);
    }

    #[test]
    fn a_word_run_into_the_front_of_a_name_is_dropped() {
        let people = build(&[
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
        let people = build(&[
            mention(1, "Jim Wright", 1, "Speaker sees highway veto override"),
            mention(2, "Jim Wright", 2, "Speaker sees action on funding"),
            mention(3, "James Wright", 3, "House passes highway bill"),
        ]);
        assert_eq!(canonical(&people, 3, "James Wright"), "Jim Wright");
        let person = people.person_of(0, "Jim Wright").unwrap();
        assert_eq!(person.mentions, 3);
        assert!(person.names.contains_key("James Wright"));
    }

    #[test]
    fn short_forms_are_read_from_the_list_without_chaining() {
        assert!(short_forms("bob", "robert"));
        assert!(short_forms("fred", "alfred"));
        assert!(!short_forms("alfred", "frederick"));
        assert!(!short_forms("robert", "richard"));
        assert!(short_forms("olu", "oluwaseun"));
        assert!(short_forms("ferdi", "ferdinand"));
        assert!(!short_forms("paul", "paula"));
        assert!(!short_forms("jan", "janet"));
        assert!(!short_forms("al", "albrecht"));
    }

    #[test]
    fn initials_with_and_without_spaces_are_one_name() {
        assert_eq!(NameKey::of("C.J. Silas"), NameKey::of("C. J. Silas"));
        assert_eq!(NameKey::of("C.J. Silas").words, ["c", "j", "silas"]);
        assert_eq!(NameKey::of("C.J. Silas").given(), None);
        assert_eq!(NameKey::of("CJ Silas"), NameKey::of("C. J. Silas"));
        // A surname in capitals, or a longer word, is no initials.
        assert_eq!(NameKey::of("Ed NG").words, ["ed", "ng"]);
        assert_eq!(NameKey::of("NASA Silas").words, ["nasa", "silas"]);
        let people = build(&[
            mention(1, "C. J. Silas", 1, "Phillips stock up"),
            mention(2, "C.J. Silas", 2, "Phillips to pare debt"),
        ]);
        assert_eq!(people.persons().len(), 1);
    }

    #[test]
    fn a_long_surname_misspelt_joins_stories_of_the_same_week_without_a_subject() {
        // Two letters swapped across one, titles with no rare word in
        // common, two days apart.
        let people = build(&[
            mention(1, "Stephen Axilrod", 100, "Volcker term likely"),
            mention(2, "Stephen Axilrod", 200, "Dollar support measures"),
            mention(3, "Stephen Alixrod", 202, "Reagan requests to stay"),
        ]);
        assert_eq!(people.persons().len(), 1);
        // A month apart and nothing in common: two people.
        let apart = build(&[
            mention(1, "Stephen Axilrod", 100, "Volcker term likely"),
            mention(2, "Stephen Alixrod", 140, "Cement maker profits"),
        ]);
        assert_eq!(apart.persons().len(), 2);
        // Five or six letters: the same day only.
        let same_day = build(&[
            mention(1, "Boris Gostev", 100, "Soviet budget"),
            mention(2, "Boris Gustev", 100, "Moscow reforms"),
        ]);
        assert_eq!(same_day.persons().len(), 1);
        let two_days = build(&[
            mention(1, "Boris Gostev", 100, "Soviet budget"),
            mention(2, "Boris Gustev", 102, "Moscow reforms"),
        ]);
        assert_eq!(two_days.persons().len(), 2);
        // A short surname one slip from another stays apart in the same
        // week: "Hanley" and "Haley" are both real.
        let short = build(&[
            mention(1, "Thomas Hanley", 100, "Bank stocks rally"),
            mention(2, "Thomas Haley", 101, "Disk drive maker profits"),
        ]);
        assert_eq!(short.persons().len(), 2);
    }

    /// Three stories of one name: two of a party leader in March, one of
    /// a broker's economist `days` after the second.
    fn owens(days: i64, economist: &str) -> (Vec<Mention>, Vec<String>) {
        let articles = vec![
            mention(1, "David Owen", 100, "Budget seen paving way for election"),
            mention(2, "David Owen", 101, "Alliance attacks budget"),
            mention(3, "David Owen", 101 + days, "Rate cut outlook dims"),
        ];
        let texts = vec![
            "David Owen, the leader of the Social Democratic Party, said it failed.".to_string(),
            "Social Democratic Party leader David Owen said the budget was a bribe.".to_string(),
            format!("However, David Owen, {economist}, said rates would hold."),
        ];
        (articles, texts)
    }

    #[test]
    fn one_name_with_roles_of_opposite_sides_in_unlinked_stories_is_two_people() {
        let (articles, texts) = owens(90, "U.K. economist at Kleinwort Grieveson Securities");
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let people = build_reading(&articles, &texts);
        assert_eq!(people.persons().len(), 2);
        assert_eq!(canonical(&people, 1, "David Owen"), "David Owen");
        assert_eq!(canonical(&people, 2, "David Owen"), "David Owen");
        assert_eq!(
            canonical(&people, 3, "David Owen"),
            "David Owen (economist)"
        );
        // Without the texts the registry has no evidence, and one name is
        // one person, as before roles were read.
        assert_eq!(build(&articles).persons().len(), 1);
    }

    #[test]
    fn one_name_stays_one_person_when_its_stories_are_linked_or_its_roles_agree() {
        // The same week on one story (a headline word in common): one
        // story cycle, one person, whatever the roles.
        let (mut articles, texts) = owens(2, "U.K. economist at Kleinwort Grieveson Securities");
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        articles[2].3 = "Budget dims rate cut outlook".to_string();
        assert_eq!(build_reading(&articles, &texts).persons().len(), 1);
        // The same week on other stories: days alone link nothing.
        articles[2].3 = "Rate cut outlook dims".to_string();
        assert_eq!(build_reading(&articles, &texts).persons().len(), 2);
        // Months apart, but the roles are of one side, or say no side: a
        // party leader described otherwise.
        for role in ["a former foreign secretary", "chairman of the inquiry"] {
            let (articles, texts) = owens(90, role);
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            assert_eq!(
                build_reading(&articles, &texts).persons().len(),
                1,
                "{role}"
            );
        }
    }

    #[test]
    fn one_name_of_an_athlete_and_an_executive_or_of_two_countries_officials_is_two_people() {
        let articles = [
            mention(1, "Daniel Harker", 100, "Double sends club into cup final"),
            mention(
                2,
                "Daniel Harker",
                103,
                "Bank sees mortgage demand recovering",
            ),
            mention(3, "Daniel Harker", 200, "Hat-trick lifts club clear"),
            mention(4, "Daniel Harker", 260, "Lender profit up on margins"),
        ];
        let texts = [
            "Striker Daniel Harker scored twice.",
            "Ashdown Bank chief executive Daniel Harker said demand was back.",
            "Daniel Harker, the club's striker, scored three.",
            "Chief executive Daniel Harker said margins held.",
        ];
        let people = build_reading(&articles, &texts);
        assert_eq!(people.persons().len(), 2);
        assert_eq!(
            canonical(&people, 1, "Daniel Harker"),
            canonical(&people, 3, "Daniel Harker")
        );
        assert_eq!(
            canonical(&people, 2, "Daniel Harker"),
            canonical(&people, 4, "Daniel Harker")
        );
        let articles = [
            mention(1, "Thomas Borg", 100, "Fishing quota talks open"),
            mention(2, "Thomas Borg", 140, "Undersea power cable backed"),
            mention(
                3,
                "Thomas Borg",
                460,
                "Mackerel deal agreed for fishing fleets",
            ),
            mention(4, "Thomas Borg", 520, "Regulators approve power cable"),
        ];
        let texts = [
            "Norway's Fisheries Minister Thomas Borg said talks would be hard.",
            "Thomas Borg, a Social Democrat member of the Bundestag, said so.",
            "Norway's Fisheries Minister Thomas Borg said the deal held.",
            "Bundestag member Thomas Borg said it mattered.",
        ];
        assert_eq!(build_reading(&articles, &texts).persons().len(), 2);
        // One country's offices, one after the other: one person.
        let mut texts = texts;
        texts[1] = "Thomas Borg, Norway's trade minister, said so.";
        texts[3] = "Norway's Trade Minister Thomas Borg said it mattered.";
        assert_eq!(build_reading(&articles, &texts).persons().len(), 1);
    }

    #[test]
    fn short_forms_sharing_a_subject_stay_apart_when_their_roles_are_opposite() {
        let articles = [
            mention(1, "Bill Carver", 1, "Budget hopes boosted by gilt rally"),
            mention(2, "William Carver", 2, "Energy official opposes gilt fee"),
        ];
        let texts = [
            "\"Rates will fall,\" said Bill Carver, economist at brokers Hoare Govett.",
            "William Carver, deputy Energy Secretary, said the costs outweigh the benefits.",
        ];
        // Titles alone join them: a short form and a subject in common.
        assert_eq!(build(&articles).persons().len(), 1);
        assert_eq!(build_reading(&articles, &texts).persons().len(), 2);
    }

    #[test]
    fn two_forms_of_a_given_name_quoted_in_one_story_are_two_people() {
        let mut archive = Archive::default();
        let carvers = ["Bill Carver".to_string(), "William Carver".to_string()];
        archive.add(Some(1), "Harbour dredging plan", &carvers[..1]);
        archive.add(Some(40), "Harbour dredging vote", &carvers[1..]);
        // Titles alone join them: a short form and a subject in common.
        assert_eq!(People::build(&archive).persons().len(), 1);
        archive.add(Some(80), "Carver joins board", &carvers);
        assert_eq!(People::build(&archive).persons().len(), 2);
        // A form found only beside the other is one person written two
        // ways in one story, as the wire sometimes does.
        let mut archive = Archive::default();
        let hockins = ["Thomas Hockney".to_string(), "Tom Hockney".to_string()];
        archive.add(Some(1), "Credit card rates", &hockins[1..]);
        archive.add(Some(5), "Card rates cut", &hockins);
        assert_eq!(People::build(&archive).persons().len(), 1);
    }

    #[test]
    fn a_short_form_is_compared_with_where_the_long_form_worked_at_its_time() {
        let articles = [
            mention(1, "Katherine Vell", 100, "Freight results"),
            mention(2, "Katherine Vell", 130, "Retail sales"),
            mention(3, "Katherine Vell", 160, "Bank shares"),
            mention(4, "Katherine Vell", 400, "Fund hires strategist"),
            mention(5, "Kate Vell", 420, "Tariff risk"),
            mention(6, "Kate Vell", 430, "Metals rally"),
        ];
        let texts = [
            "Katherine Vell, analyst at Brannel Securities, said so.",
            "Katherine Vell, retail analyst at Brannel Securities, said so.",
            "Katherine Vell of Brannel Securities said so.",
            "Katherine Vell, chief strategist at Pellow Asset Management, said so.",
            "Kate Vell of Pellow Asset Management said so.",
            "Kate Vell, chief strategist at Pellow, said so.",
        ];
        let people = build_reading(&articles, &texts);
        assert_eq!(people.persons().len(), 1);
        // The same forms at two firms at one time are two people.
        let mut apart = texts;
        apart[3] = "Katherine Vell, chief strategist at Corrow Capital, said so.";
        assert_eq!(build_reading(&articles, &apart).persons().len(), 2);
    }

    #[test]
    fn a_short_form_with_nothing_in_common_joins_when_nobody_else_has_the_surname() {
        let mut articles = vec![
            mention(1, "Jonathan Pell", 100, "Century puts county on top"),
            mention(2, "Jon Pell", 160, "Chase ends in cup semi-final"),
        ];
        assert_eq!(build(&articles).persons().len(), 1);
        // Another Pell of the archive: the surname is no evidence.
        articles.push(mention(3, "Margaret Pell", 200, "Audit office report"));
        assert_eq!(build(&articles).persons().len(), 3);
    }

    #[test]
    fn a_name_written_family_name_first_and_last_is_one_person() {
        let people = build(&[
            mention(1, "Tóth Gábor", 100, "Forint slides"),
            mention(2, "Gábor Tóth", 300, "Rates held"),
            mention(3, "Tran Minh Quang", 100, "Garment exports"),
            mention(4, "Quang Tran", 102, "Factory orders"),
        ]);
        assert_eq!(people.persons().len(), 2);
        assert_eq!(
            canonical(&people, 1, "Tóth Gábor"),
            canonical(&people, 2, "Gábor Tóth")
        );
        // A middle name dropped needs the stories to agree: months apart
        // on other subjects, two people.
        let apart = build(&[
            mention(1, "Tran Minh Quang", 100, "Garment exports"),
            mention(2, "Quang Tran", 300, "Cup final"),
        ]);
        assert_eq!(apart.persons().len(), 2);
        // Both orders quoted in one story, and each in stories of its
        // own, are two people.
        let mut archive = Archive::default();
        let zhangs = ["Wei Zhang".to_string(), "Zhang Wei".to_string()];
        archive.add(Some(1), "", &zhangs[..1]);
        archive.add(Some(2), "", &zhangs[1..]);
        assert_eq!(People::build(&archive).persons().len(), 1);
        archive.add(Some(3), "", &zhangs);
        assert_eq!(People::build(&archive).persons().len(), 2);
    }

    #[test]
    fn a_misspelt_surname_months_away_joins_by_employer_or_office() {
        let articles = [
            mention(1, "Graham Ellery", 100, "Profit warning"),
            mention(2, "Graham Ellary", 200, "Coats unsold"),
        ];
        let texts = [
            "Graham Ellery, chief executive of Brightwell Stores, said so.",
            "Chief executive Graham Ellary said so.",
        ];
        assert_eq!(build(&articles).persons().len(), 2);
        assert_eq!(build_reading(&articles, &texts).persons().len(), 1);
        let texts = [
            "Graham Ellery, chief executive of Brightwell Stores, said so.",
            "Graham Ellary, economist at Corran Bank, said so.",
        ];
        assert_eq!(build_reading(&articles, &texts).persons().len(), 2);
    }

    #[test]
    fn a_double_surname_with_the_second_left_out_is_one_person() {
        let people = build(&[
            mention(1, "María José García Roldán", 100, "Wind lease bid"),
            mention(2, "María José García", 200, "Lease won"),
            mention(3, "Jorge Luis Herrera Vidal", 100, "Flood wall plan"),
            mention(4, "Jorge Luis Herrera", 300, "Benches argued"),
            mention(5, "Jorge Herrera", 200, "Consultation responses"),
        ]);
        assert_eq!(people.persons().len(), 2);
        // Two words left say too little: a surname and one given name.
        let apart = build(&[
            mention(1, "Pablo García Roldán", 100, "Wind lease bid"),
            mention(2, "Pablo García", 200, "Tennis final"),
        ]);
        assert_eq!(apart.persons().len(), 2);
    }

    #[test]
    fn a_double_surname_left_out_of_two_words_joins_on_one_employer_or_role() {
        let articles = [
            mention(1, "Pablo García Roldán", 100, "Lithium find near town"),
            mention(2, "Pablo García", 200, "Mine licence filed"),
        ];
        let texts = [
            "Pablo García Roldán, Polvora's chief executive, said so.",
            "Pablo García, Polvora's chief executive, said so.",
        ];
        assert_eq!(build_reading(&articles, &texts).persons().len(), 1);
        let texts = [
            "Pablo García Roldán, the firm's chief geologist, said so.",
            "Pablo García, the company's chief geologist, said so.",
        ];
        assert_eq!(build_reading(&articles, &texts).persons().len(), 1);
        // Two employers: two people.
        let texts = [
            "Pablo García Roldán, Polvora's chief executive, said so.",
            "Pablo García, chief executive of Ardley Tiles, said so.",
        ];
        assert_eq!(build_reading(&articles, &texts).persons().len(), 2);
    }

    #[test]
    fn a_shared_surname_alone_goes_to_the_one_whose_office_the_article_gives() {
        let articles = [
            mention(1, "Ruth Mensah", 10, "Budget will be dull"),
            mention(2, "Ruth Mensah", 40, "Levy on second homes"),
            mention(3, "Kwame Mensah", 150, "Sprinter wins opener"),
            mention(4, "Kwame Mensah", 158, "Fastest time of his life"),
            mention(5, "Mensah", 160, "No rescue for seat maker"),
            mention(6, "Mensah", 161, "Bronze in Rome"),
        ];
        let texts = [
            "Finance Minister Ruth Mensah said the budget would be dull.",
            "Ruth Mensah, the finance minister, said the levy would stay.",
            "Sprinter Kwame Mensah won the 200 metres.",
            "Kwame Mensah, the Striders sprinter, ran 20.11.",
            "Finance Minister Mensah said the state would not rescue the firm.",
            "The Tarnhaven sprinter Mensah won bronze.",
        ];
        // By time alone, the one most in the news that week.
        assert_eq!(canonical(&build(&articles), 5, "Mensah"), "Kwame Mensah");
        let people = build_reading(&articles, &texts);
        assert_eq!(canonical(&people, 5, "Mensah"), "Ruth Mensah");
        assert_eq!(canonical(&people, 6, "Mensah"), "Kwame Mensah");
    }

    #[test]
    fn one_name_of_a_judge_and_a_member_of_parliament_is_two_people() {
        let articles = [
            mention(1, "James Holloway", 100, "Opposition attacks budget"),
            mention(2, "James Holloway", 300, "Opposition costs its plan"),
            mention(3, "James Holloway", 220, "Quayside flats blocked"),
            mention(4, "Holloway", 330, "Lithium licence challenge allowed"),
        ];
        let texts = [
            "James Holloway, the opposition's Treasury spokesman, said the sums failed.",
            "Opposition Treasury spokesman James Holloway said the tax would pay.",
            "Judge James Holloway said the council had relied on a wall.",
            "Mr Justice Holloway, who quashed the flats, said the licence was unlawful.",
        ];
        let people = build_reading(&articles, &texts);
        assert_eq!(
            canonical(&people, 1, "James Holloway"),
            canonical(&people, 2, "James Holloway")
        );
        assert_eq!(
            canonical(&people, 3, "James Holloway"),
            "James Holloway (judge)"
        );
        assert_eq!(canonical(&people, 4, "Holloway"), "James Holloway (judge)");
    }

    #[test]
    fn one_name_of_a_team_captain_or_coach_and_an_office_is_two_people() {
        let articles = [
            mention(1, "Grace Whitfield", 100, "Bank lifts profit"),
            mention(2, "Grace Whitfield", 200, "Central bank cuts rates"),
            mention(3, "Grace Whitfield", 150, "Harriers lose captain"),
            mention(4, "Luis Ortega", 100, "Terminal bids weighed"),
            mention(5, "Luis Ortega", 300, "Cranes arrive"),
            mention(6, "Luis Ortega", 160, "Comets reach final"),
        ];
        let texts = [
            "Grace Whitfield, chief economist at Vellmoor Bank, said so.",
            "Grace Whitfield, Vellmoor Bank's chief economist, said so.",
            "Tarnhaven Harriers captain Grace Whitfield will miss the season.",
            "Harbour master Luis Ortega said the authority would weigh bids.",
            "Luis Ortega, the harbour master, said two tugs were needed.",
            "Coach Luis Ortega said he had drawn up the last play.",
        ];
        let people = build_reading(&articles, &texts);
        assert_eq!(people.persons().len(), 4);
        assert_eq!(
            canonical(&people, 3, "Grace Whitfield"),
            "Grace Whitfield (captain)"
        );
        assert_eq!(canonical(&people, 6, "Luis Ortega"), "Luis Ortega (coach)");
    }

    #[test]
    fn a_shared_surname_alone_goes_to_the_one_whose_workplace_the_article_names() {
        let articles = [
            mention(1, "Chidinma Okafor", 100, "Freight profit falls"),
            mention(2, "Chidinma Okafor", 110, "Freight volumes hold"),
            mention(3, "Chidinma Okafor", 120, "Freight takeover bid"),
            mention(4, "Emeka Okafor", 60, "Rovers win cup"),
            mention(5, "Okafor", 118, "Cup tie ends level"),
        ];
        let texts = [
            "Chidinma Okafor, chief executive of Halden Freight, said so.",
            "Chidinma Okafor of Halden Freight said so.",
            "Halden Freight chief executive Chidinma Okafor said so.",
            "Emeka Okafor, the Rovers midfielder, said so.",
            "Okafor, the Rovers midfielder, said the draw was fair.",
        ];
        // By time and headlines alone, the one most in the news that week.
        assert_eq!(canonical(&build(&articles), 5, "Okafor"), "Chidinma Okafor");
        let people = build_reading(&articles, &texts);
        assert_eq!(canonical(&people, 5, "Okafor"), "Emeka Okafor");
    }

    #[test]
    fn short_forms_of_a_judge_and_a_headteacher_are_two_people() {
        let articles = [
            mention(1, "Katherine Orme", 100, "Arsonist jailed"),
            mention(2, "Kate Orme", 103, "School out of special measures"),
        ];
        let texts = [
            "\"You did not care,\" Judge Katherine Orme told him.",
            "\"Nobody says that now,\" said Kate Orme, the headteacher.",
        ];
        assert_eq!(build(&articles).persons().len(), 1);
        assert_eq!(build_reading(&articles, &texts).persons().len(), 2);
    }

    #[test]
    fn one_name_of_a_novelist_and_a_chief_executive_is_two_people() {
        let articles = [
            mention(1, "Ruth Calder", 100, "Waiting list grows"),
            mention(2, "Ruth Calder", 140, "Prize shortlist named"),
            mention(3, "Ruth Calder", 200, "Winter ward opens"),
        ];
        let texts = [
            "\"We are falling behind,\" said Ruth Calder, the infirmary's chief executive.",
            "Tarnhaven writer Ruth Calder is on the shortlist.",
            "Ruth Calder, the infirmary's chief executive, said so.",
        ];
        let people = build_reading(&articles, &texts);
        assert_eq!(people.persons().len(), 2);
        assert_eq!(canonical(&people, 2, "Ruth Calder"), "Ruth Calder (writer)");
    }

    #[test]
    fn a_given_name_before_a_patronym_stands_for_the_person() {
        let people = build(&[
            mention(1, "Amir bin Yusof", 100, "Solar farm planned"),
            mention(2, "Amir", 300, "Solar farm approved"),
        ]);
        assert_eq!(canonical(&people, 2, "Amir"), "Amir bin Yusof");
    }

    #[test]
    fn one_name_running_two_firms_in_turn_is_two_people() {
        let articles = [
            mention(1, "Paul Fenwick", 100, "Fund buys insurer stake"),
            mention(2, "Paul Fenwick", 160, "Profit falls on calm spring"),
            mention(3, "Paul Fenwick", 330, "Solar farm approved"),
            // Titles with no word in common: nothing links the stories.
            mention(4, "Paul Fenwick", 350, "Record year and buyback"),
        ];
        let texts = [
            "Paul Fenwick, Harlow Insurance's chief executive, welcomed the fund.",
            "\"Wind does not read forecasts,\" said Paul Fenwick, Brisa's finance director.",
            "Brisa has won approval, weeks after Paul Fenwick took over.",
            "Harlow Insurance made a record profit, chief executive Paul Fenwick said.",
        ];
        let people = build_reading(&articles, &texts);
        assert_eq!(people.persons().len(), 2);
        assert_eq!(
            canonical(&people, 1, "Paul Fenwick"),
            canonical(&people, 4, "Paul Fenwick")
        );
        assert_eq!(
            canonical(&people, 2, "Paul Fenwick"),
            canonical(&people, 3, "Paul Fenwick")
        );
        // One firm after the other is a move, not two people.
        let mut moved = texts;
        moved[3] = "Brisa made a record profit, chief executive Paul Fenwick said.";
        assert_eq!(build_reading(&articles, &moved).persons().len(), 1);
    }

    #[test]
    fn a_name_in_both_orders_beside_the_same_third_speaker_is_one_person() {
        let mut archive = Archive::default();
        let first = ["Tran Thi Hoa".to_string(), "Tran Van Long".to_string()];
        let second = ["Hoa Tran".to_string(), "Tran Van Long".to_string()];
        archive.add(Some(100), "Food maker opens factory", &first);
        archive.add(Some(280), "Daughter to run firm", &second);
        let people = People::build(&archive);
        assert_eq!(
            people.person_of(0, "Tran Thi Hoa").unwrap().canonical,
            people.person_of(1, "Hoa Tran").unwrap().canonical
        );
    }

    #[test]
    fn a_shared_surname_alone_goes_to_the_one_whose_employer_the_article_names() {
        let articles = [
            mention(1, "Erik Sundin", 100, "Energy firm plans farm"),
            mention(2, "Anna Sundin", 110, "Floods will come more often"),
            mention(3, "Sundin", 160, "Profit falls as wind drops"),
        ];
        let texts = [
            "Erik Sundin, Vardo Energy's chief executive, said so.",
            "Anna Sundin, a hydrologist at the University of Tarnhaven, said so.",
            "Vardo Energy's profit fell. Sundin, the chief executive, said the dividend stays.",
        ];
        let people = build_reading(&articles, &texts);
        assert_eq!(canonical(&people, 3, "Sundin"), "Erik Sundin");
    }

    #[test]
    fn two_slips_are_two_edits_or_swaps() {
        assert!(two_slips_apart("axilrod", "alixrod"));
        assert!(two_slips_apart("herrington", "heringtn"));
        assert!(!two_slips_apart("axilrod", "axilrod"));
        assert!(!two_slips_apart("papandreou", "papanderou"));
        assert!(!two_slips_apart("fitzwater", "fitwa"));
        assert!(!two_slips_apart("collier", "collins2"));
    }

    #[test]
    fn one_letter_apart_is_one_edit() {
        assert!(one_letter_apart("daniel", "danial"));
        assert!(one_letter_apart("arturo", "aturo"));
        assert!(!one_letter_apart("daniel", "daniela2"));
        assert!(!one_letter_apart("daniel", "daniel"));
        assert!(one_letter_apart("papandreou", "papanderou"));
        assert!(!one_letter_apart("abcd", "badc"));
        assert!(!one_letter_apart("abc", "cba"));
    }
}
