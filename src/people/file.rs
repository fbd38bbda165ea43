//! The registry beside an index: built after every run that changed the
//! index, read by queries.
//!
//! Two files, written atomically (a temporary file, then a rename) after
//! the commit they describe, each naming the index generation it is for
//! (its segments and their deletions, which every commit changes):
//!
//! - `people.json`: every person, for `newsidx speakers`;
//! - `people-links.tsv`: only the speaker mentions whose person goes by
//!   another name than the article gives ("Reagan" → "Ronald Reagan"),
//!   which is all a query needs: 208 lines for Reuters, about 60,000 for
//!   the synthetic million. It is one line a mention (path, name written,
//!   name shown, segment id, document number), sorted by article, so
//!   that a query finds its hits' lines by binary search in the mapped file
//!   without reading the rest; parsing it whole as JSON took 35 ms a query
//!   at a million articles. Only `speaker:` searches read every line.
//! - `people-docs.bin`: what a speaker facet needs, in numbers: every
//!   speaker name of the index once, sorted; for each segment, the number
//!   of the name each of its speaker terms is (global ordinals, so that
//!   counts add up across segments without reading a term); and the same
//!   links as the text file by segment and document, as fixed-width
//!   records. Reading the text file into that shape (a hash and a sort of
//!   107,773 lines) was half the instructions of a speaker facet at a
//!   million articles, and decoding every segment's terms a fifth. Since
//!   version 2 it also holds, per segment, who speaks in each document:
//!   an offset a document and one number a speaker (a name number, or a
//!   link's pair number after the names), so that a facet counts a match
//!   with two array reads. tantivy's multi-valued column costs about 160
//!   instructions a match to find the row range alone, and its term
//!   numbers are the segment's, still to be linked and renumbered. A
//!   missing or stale file (an index written before it existed, a crash
//!   between the commit and the write) is ignored: facets then read the
//!   text file and the segments' columns, which tests check give the same
//!   counts.
//!
//! A registry of another generation (a crash between the commit and the
//! write) is rebuilt by the next `newsidx index` and ignored by queries
//! until then. One built by older rules (`people.json`'s `rules`, absent
//! before version 1) is read by queries as it is, every file keeping its
//! format, and rebuilt by the next `newsidx index`, changes or none.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;
use memmap2::Mmap;
use serde::{Deserialize, Serialize};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Index, Searcher, SegmentReader, TERMINATED};

use super::said::{self, SaidFile, SAID_FILE};
use super::{Aliases, Archive, People, Person};
use crate::error::IndexError;
use crate::schema::{
    column_terms, NewsSchema, DATE_FIELD, PATH_FIELD, QUOTES_DIR, SECONDS_PER_DAY,
    SPEAKER_NAME_FIELD,
};
use crate::state::write_atomically;

/// Every person of the archive.
pub const PEOPLE_FILE: &str = "people.json";
/// The mentions named otherwise than written.
pub const LINKS_FILE: &str = "people-links.tsv";

/// The mentions named otherwise than written, by document.
pub const DOCS_FILE: &str = "people-docs.bin";

/// The first word of the links file's first line.
const LINKS_MAGIC: &str = "newsidx-people-links/2";

/// The first word of the docs file's first line.
const DOCS_MAGIC: &str = "newsidx-people-docs/2";

/// The version of the registry's rules. A registry built by other rules
/// (or before the field existed, read as 0) still answers queries, as
/// every file of it keeps its format, but is not current: the next
/// `newsidx index` rebuilds it, even with no article changed, so that new
/// rules reach an index without `--full`. Bumped with any change of who
/// the rules make who.
const RULES: u32 = 1;

#[derive(Serialize, Deserialize)]
struct PeopleFile {
    generation: String,
    /// The [`RULES`] that built it.
    #[serde(default)]
    rules: u32,
    persons: Vec<Person>,
}

impl PeopleFile {
    /// Whether the file is the registry of `generation` by today's rules.
    fn describes(&self, generation: &str) -> bool {
        self.generation == generation && self.rules == RULES
    }
}

/// A speaker of an article whose person goes by another name.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The article.
    pub path: String,
    /// The name as the article gives it.
    pub name: String,
    /// The person's name across the archive.
    pub canonical: String,
}

/// What queries read of the registry: the links file (mapped) and the
/// user's corrections (`aliases.txt`).
#[derive(Debug)]
pub struct Registry {
    links: Option<LinksFile>,
    /// The links by document, when written for the same generation.
    docs: Option<Mmap>,
    aliases: Aliases,
}

/// The registry's links by document, for facets.
#[derive(Debug, Default)]
pub struct LinkedMentions {
    /// Each distinct (name written, name shown) pair, the aliases applied.
    pub pairs: Vec<(String, String)>,
    /// Per segment id, its documents' links, sorted: (document, pair).
    pub segments: Vec<(String, Vec<(DocId, u32)>)>,
}

impl LinkedMentions {
    /// The links of one segment's documents, sorted by document.
    pub fn of_segment(&self, segment_id: &str) -> &[(DocId, u32)] {
        self.segments
            .iter()
            .find(|(id, _)| id == segment_id)
            .map_or(&[], |(_, docs)| docs.as_slice())
    }
}

/// What a `speaker:` search finds of a person beyond the names typed.
#[derive(Debug, Default, PartialEq)]
pub struct SamePerson {
    /// Names whose every mention is the person: written exactly so.
    pub names: Vec<String>,
    /// Names the aliases file joins to the person, written in any case.
    pub any_case: Vec<String>,
    /// Articles where a speaker written otherwise is the person.
    pub paths: Vec<String>,
}

impl Registry {
    /// The registry beside the index in `dir`: its links if they describe
    /// the index as `searcher` sees it, and the aliases file; `None` when
    /// there is neither.
    pub fn load(dir: &Path, searcher: &Searcher) -> Result<Option<Registry>, IndexError> {
        let generation = generation(searcher);
        let links = LinksFile::open(&dir.join(LINKS_FILE), &generation)
            .map_err(|e| IndexError::damaged(dir, e))?;
        let docs = match links {
            Some(_) => open_docs(&dir.join(DOCS_FILE), &generation)
                .map_err(|e| IndexError::damaged(dir, e))?,
            None => None,
        };
        let aliases = Aliases::load(dir)?;
        if links.is_none() && aliases.is_empty() {
            return Ok(None);
        }
        Ok(Some(Registry {
            links,
            docs,
            aliases,
        }))
    }

    /// The name the archive knows the speaker `name` of `path` by, when it
    /// is not `name` itself.
    pub fn canonical(&self, path: &str, name: &str) -> Option<String> {
        let linked = self.links.as_ref().and_then(|l| l.canonical(path, name));
        if self.aliases.is_empty() {
            return linked;
        }
        let person = self.aliases.resolve(name, linked.as_deref());
        (person != name).then_some(person)
    }

    /// The speakers `written` of the article at document `doc` of segment
    /// `segment` (whose identity is `path`), each under the name the
    /// archive knows them by, each once: from `table`'s links of the
    /// document when it holds the segment, else from the links file's
    /// lines of `path`. Both are written for the same generation, so they
    /// give the same names.
    pub fn named_speakers(
        &self,
        table: Option<&SpeakerTable>,
        segment: &str,
        doc: DocId,
        path: &str,
        written: &[String],
    ) -> Vec<String> {
        let linked = table.and_then(|table| table.linked_of(segment, doc));
        let mut named: Vec<String> = Vec::with_capacity(written.len());
        for name in written {
            let shown = match &linked {
                Some(linked) => match linked.iter().find(|(w, _)| w == name) {
                    Some(&(written, shown)) => self.shown(written, shown.to_string()),
                    None => self.unlinked(name),
                },
                None => self.canonical(path, name).unwrap_or_else(|| name.clone()),
            };
            if !named.contains(&shown) {
                named.push(shown);
            }
        }
        named
    }

    /// The links file's mentions as (segment id, document, name written,
    /// canonical name): the text a docs file is made from when the index
    /// has none. Lines are read in place.
    fn text_records(&self) -> Vec<(String, DocId, String, String)> {
        let mut out = Vec::new();
        let Some(links) = &self.links else {
            return out;
        };
        let text = |bytes: &[u8]| unescape(&String::from_utf8_lossy(bytes));
        let mut at = links.body;
        while at < links.map.len() {
            let end = links.line_end(at);
            let mut fields = links.map[at..end].split(|&b| b == b'\t').skip(1);
            at = end + 1;
            let (Some(name), Some(canonical), Some(segment), Some(doc)) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let Some(doc) = std::str::from_utf8(doc)
                .ok()
                .and_then(|d| d.parse::<DocId>().ok())
            else {
                continue;
            };
            out.push((text(segment), doc, text(name), text(canonical)));
        }
        out
    }

    /// Every speaker the registry names otherwise than written, by segment
    /// and document (see [`Registry::linked_mentions_in`]): from the docs
    /// file, or from the links file when the index has no docs file yet.
    pub fn linked_mentions(&self) -> LinkedMentions {
        if let Some(table) = self.speaker_table() {
            return self.linked_mentions_in(&table);
        }
        let records = self.text_records();
        let mut segments: Vec<(String, Vec<String>)> = records
            .iter()
            .map(|(segment, ..)| (segment.clone(), Vec::new()))
            .collect();
        segments.sort_unstable();
        segments.dedup();
        let records = records
            .iter()
            .map(|(segment, doc, name, canonical)| {
                (segment.as_str(), *doc, name.as_str(), canonical.as_str())
            })
            .collect();
        let made = docs_bytes("", &segments, records, &[]);
        SpeakerTable::read(&made).map_or_else(LinkedMentions::default, |table| {
            self.linked_mentions_in(&table)
        })
    }

    /// Every speaker `table` names otherwise than written, by the segment
    /// (its id) and document it is in, with the name shown (the aliases
    /// applied). The table is of this index's generation, so its document
    /// numbers are this searcher's: a facet needs no path.
    pub fn linked_mentions_in(&self, table: &SpeakerTable) -> LinkedMentions {
        let mut out = LinkedMentions::default();
        for &(written, canonical) in &table.pairs {
            let name = table.names[written as usize];
            let shown = self.shown(name, table.names[canonical as usize].to_string());
            out.pairs.push((name.to_string(), shown));
        }
        for segment in &table.segments {
            out.segments.push((segment.id.to_string(), segment.links()));
        }
        out
    }

    /// The docs file's table of names and links, unless it is missing,
    /// stale or damaged.
    pub fn speaker_table(&self) -> Option<SpeakerTable<'_>> {
        SpeakerTable::read(self.docs.as_deref()?)
    }

    /// The name a mention linked to `canonical` is shown by, the aliases
    /// applied.
    pub(crate) fn shown(&self, name: &str, canonical: String) -> String {
        if self.aliases.is_empty() {
            canonical
        } else {
            self.aliases.resolve(name, Some(&canonical))
        }
    }

    /// Whether the aliases file holds any rule.
    pub fn has_aliases(&self) -> bool {
        !self.aliases.is_empty()
    }

    /// The name a speaker written `name` goes by in articles where the
    /// registry links it to no one else: itself, or its aliases line's.
    pub fn unlinked(&self, name: &str) -> String {
        if self.aliases.is_empty() {
            name.to_string()
        } else {
            self.aliases.resolve(name, None)
        }
    }

    /// Every link the index's registry made (the aliases file aside).
    pub fn links(&self) -> Vec<Link> {
        self.links
            .as_ref()
            .map_or_else(Vec::new, |l| l.links(|_| true))
    }

    /// Who a `speaker:` search for the words `asked` (lower-cased, as the
    /// speakers field holds them) means beyond the speakers written with
    /// them: `says` tells whether a name holds those words in order.
    pub fn same_person(&self, asked: &[String], mut says: impl FnMut(&str) -> bool) -> SamePerson {
        let mut persons: BTreeSet<String> = BTreeSet::new();
        if let Some(links) = &self.links {
            // A line can only name the person if it holds every word asked
            // for; lines outside ASCII are left to `says`, which folds.
            for link in links.links(|line| asked.iter().all(|word| holds(line, word))) {
                if !says(&link.canonical) && !says(&link.name) {
                    continue;
                }
                // A link the aliases undo no longer gives the mention the
                // registry's name: only the name written can mean it.
                if says(&link.name) || !self.aliases.undoes(&link.name, &link.canonical) {
                    persons.insert(self.aliases.resolve(&link.name, Some(&link.canonical)));
                }
            }
        }
        for names in self.aliases.groups_with(&mut says) {
            persons.insert(names[0].clone());
        }
        let mut found = SamePerson::default();
        if persons.is_empty() {
            return found;
        }
        let mut needles: Vec<&str> = Vec::new();
        for person in &persons {
            found.names.push(person.clone());
            needles.push(person);
            if let Some(names) = self.aliases.group_shown_as(person) {
                found.any_case.extend(names.iter().cloned());
                needles.extend(names.iter().map(String::as_str));
            }
        }
        if let Some(links) = &self.links {
            // Every line of a person found, not only those the first pass
            // let through: the person's other names need not hold the words.
            for link in links.links(|line| needles.iter().any(|n| holds(line, n))) {
                let person = self.aliases.resolve(&link.name, Some(&link.canonical));
                if persons.contains(&person) && !says(&link.name) {
                    found.paths.push(link.path);
                }
            }
        }
        found
    }
}

/// Whether the raw line may hold `word`: ASCII case aside, or any line
/// outside ASCII, which only an analyzer compares rightly.
fn holds(line: &[u8], word: &str) -> bool {
    !line.is_ascii()
        || line
            .windows(word.len().max(1))
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

/// The links file, mapped.
#[derive(Debug)]
struct LinksFile {
    map: Mmap,
    /// Where the lines start, past the header.
    body: usize,
}

impl LinksFile {
    /// The links file at `path`, if it is of `generation`.
    fn open(path: &Path, generation: &str) -> anyhow::Result<Option<LinksFile>> {
        let Some(map) = map_file(path)? else {
            return Ok(None);
        };
        let header_end = map.iter().position(|&b| b == b'\n').unwrap_or(map.len());
        let header = std::str::from_utf8(&map[..header_end]).unwrap_or("");
        let expected = format!("{LINKS_MAGIC}\t{generation}");
        if header != expected {
            return Ok(None);
        }
        let body = (header_end + 1).min(map.len());
        Ok(Some(LinksFile { map, body }))
    }

    /// The name the archive knows the speaker `name` of `path` by. Lines
    /// are compared as written (escaped) and only the answer is unescaped:
    /// parsing every line of the article into three strings, and finding
    /// each line's end two or three times, were most of a lookup's 10,000
    /// instructions on Reuters (callgrind, `speakers oil`).
    fn canonical(&self, path: &str, name: &str) -> Option<String> {
        let (path, name) = (escaped(path), escaped(name));
        let mut at = self.first_line_at(path.as_bytes());
        while at < self.map.len() {
            let end = self.line_end(at);
            let mut fields = self.map[at..end].split(|&b| b == b'\t');
            if fields.next() != Some(path.as_bytes()) {
                return None;
            }
            if fields.next() == Some(name.as_bytes()) {
                return Some(unescape(std::str::from_utf8(fields.next()?).ok()?));
            }
            at = end + 1;
        }
        None
    }

    /// Every link, for expanding `speaker:` searches; `wanted` sees each
    /// line's raw bytes first, to skip most of them unparsed.
    fn links(&self, mut wanted: impl FnMut(&[u8]) -> bool) -> Vec<Link> {
        let mut out = Vec::new();
        let mut at = self.body;
        while at < self.map.len() {
            let end = self.line_end(at);
            if wanted(&self.map[at..end]) {
                if let Some((link, _)) = self.line(at) {
                    out.push(link);
                }
            }
            at = end + 1;
        }
        out
    }

    fn line_end(&self, at: usize) -> usize {
        self.map[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.map.len(), |n| at + n)
    }

    /// The link on the line starting at `at`, and where the next starts.
    fn line(&self, at: usize) -> Option<(Link, usize)> {
        if at >= self.map.len() {
            return None;
        }
        let end = self.line_end(at);
        let text = std::str::from_utf8(&self.map[at..end]).ok()?;
        let mut fields = text.split('\t').map(unescape);
        let link = Link {
            path: fields.next()?,
            name: fields.next()?,
            canonical: fields.next()?,
        };
        Some((link, end + 1))
    }

    /// Where the first line for the escaped path `target` would be: lines
    /// are sorted by their escaped path, so a binary search over line
    /// starts finds it. Each line's end is found once.
    fn first_line_at(&self, target: &[u8]) -> usize {
        // Every line starting before `lo` sorts below the target; the one
        // at `hi` (if any) does not.
        let (mut lo, mut hi) = (self.body, self.map.len());
        while hi - lo > 128 {
            let mid = lo + (hi - lo) / 2;
            let start = self.line_end(mid) + 1;
            if start >= hi {
                break;
            }
            let end = self.line_end(start);
            if path_field(&self.map[start..end]) < target {
                lo = end + 1;
            } else {
                hi = start;
            }
        }
        let mut at = lo;
        while at < hi {
            let end = self.line_end(at);
            if path_field(&self.map[at..end]) >= target {
                break;
            }
            at = end + 1;
        }
        at
    }
}

/// Which commit of the index a registry describes: its segments and
/// their deletions, cheap to read from an open searcher.
pub(super) fn generation(searcher: &Searcher) -> String {
    let mut out = String::new();
    let mut segments: Vec<(String, u32)> = searcher
        .segment_readers()
        .iter()
        .map(|r| (r.segment_id().uuid_string(), r.num_deleted_docs()))
        .collect();
    segments.sort();
    for (id, deleted) in segments {
        let _ = write!(out, "{id}:{deleted};");
    }
    out
}

/// A line's path field, escaped as written.
fn path_field(line: &[u8]) -> &[u8] {
    let tab = line.iter().position(|&b| b == b'\t').unwrap_or(line.len());
    &line[..tab]
}

/// `text` as [`escape`] writes it, without a copy when nothing in it is
/// escaped (nearly every path and name).
fn escaped(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\\', '\t', '\n', '\r']) {
        std::borrow::Cow::Owned(escape(text))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Tabs, line breaks and backslashes written as `\t`, `\n`, `\\`, so a
/// field never breaks a line.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Every person of the registry beside the index in `dir`, most mentioned
/// first; `None` when there is none.
pub fn persons(dir: &Path) -> anyhow::Result<Option<Vec<Person>>> {
    Ok(read::<PeopleFile>(&dir.join(PEOPLE_FILE))?.map(|f| f.persons))
}

/// Builds the registry of the index in `dir` from its speakers, dates and
/// titles, unless the one there already describes this commit.
pub fn rebuild(dir: &Path, index: &Index, schema: &NewsSchema) -> anyhow::Result<()> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let generation = generation(&searcher);
    let quotes = open_quotes(dir)?;
    let current = read::<PeopleFile>(&dir.join(PEOPLE_FILE))?
        .is_some_and(|f| f.describes(&generation))
        && LinksFile::open(&dir.join(LINKS_FILE), &generation)?.is_some()
        && open_docs(&dir.join(DOCS_FILE), &generation)?.is_some()
        && match &quotes {
            Some(quotes) => SaidFile::open(dir, &searcher, quotes)?.is_some(),
            None => true,
        };
    if current {
        return Ok(());
    }
    let linked = write_registry(dir, &searcher, schema, &generation)?;
    // The said file is built after the registry's own structures are
    // gone: both at once raised a million-article build's peak by about
    // a fifth.
    let said = match &quotes {
        Some(quotes) => {
            let linked: Vec<said::Linked> = linked
                .iter()
                .map(|(path, name, shown)| (path.as_str(), name.as_str(), shown.as_str()))
                .collect();
            said::said_bytes(&generation, quotes, &linked)?
        }
        None => None,
    };
    match said {
        Some(said) => write_atomically(&dir.join(SAID_FILE), &said),
        None => Ok(()),
    }
}

/// Builds the registry and writes its files (people, links, docs) for
/// `generation`; gives back the links (path, name written, name shown)
/// for the said file.
fn write_registry(
    dir: &Path,
    searcher: &Searcher,
    schema: &NewsSchema,
    generation: &str,
) -> anyhow::Result<Vec<(String, String, String)>> {
    let Read {
        archive,
        paths,
        addresses,
        terms,
        speaking,
    } = read_speakers(searcher, schema)?;
    // Articles are read only where roles decide (`People::build_with`).
    let stored = super::StoredBodies::new(dir, searcher, schema);
    let people = People::build_with(&archive, &mut |article| {
        let (segment, doc) = addresses.get(article as usize)?;
        stored.body(segment, *doc)
    });
    let mut lines = Vec::new();
    let mut records: Vec<(&str, DocId, &str, &str)> = Vec::new();
    let mut linked = Vec::new();
    for (article, name) in archive.mentions() {
        let Some(person) = people.person_of(article, name) else {
            continue;
        };
        if person.canonical != name {
            let path = escape(&paths[article as usize]);
            let (segment, doc) = &addresses[article as usize];
            let rest = format!(
                "{}\t{}\t{segment}\t{doc}",
                escape(name),
                escape(&person.canonical)
            );
            lines.push((path, rest));
            records.push((segment, *doc, name, &person.canonical));
            linked.push((
                paths[article as usize].clone(),
                name.to_string(),
                person.canonical.clone(),
            ));
        }
    }
    write_atomically(
        &dir.join(PEOPLE_FILE),
        &serde_json::to_vec(&PeopleFile {
            generation: generation.to_string(),
            rules: RULES,
            persons: people.persons().to_vec(),
        })?,
    )?;
    write_atomically(
        &dir.join(LINKS_FILE),
        links_text(generation, lines).as_bytes(),
    )?;
    write_atomically(
        &dir.join(DOCS_FILE),
        &docs_bytes(generation, &terms, records, &speaking),
    )?;
    Ok(linked)
}

/// The quote index beside the article index in `dir`, as it stands;
/// `None` for an index built before quote records.
fn open_quotes(dir: &Path) -> anyhow::Result<Option<Searcher>> {
    let quotes = dir.join(QUOTES_DIR);
    if !quotes.join("meta.json").is_file() {
        return Ok(None);
    }
    let index = Index::open_in_dir(&quotes)
        .with_context(|| format!("cannot open the quote index at {}", quotes.display()))?;
    Ok(Some(index.reader()?.searcher()))
}

/// The speakers of every article of the index that has one, and those
/// articles' paths by their number in the archive.
pub fn read_archive(
    searcher: &Searcher,
    schema: &NewsSchema,
) -> anyhow::Result<(Archive, Vec<String>)> {
    let read = read_speakers(searcher, schema)?;
    Ok((read.archive, read.paths))
}

/// Where a document is in one generation of the index: its segment's id
/// and its number there.
type Address = (String, DocId);

/// The speakers of every article of the index that has one, and those
/// articles' paths and addresses by their number.
fn read_speakers(searcher: &Searcher, schema: &NewsSchema) -> anyhow::Result<Read> {
    let mut read = Read::default();
    for segment in searcher.segment_readers() {
        read_segment(segment, schema, &mut read)?;
    }
    Ok(read)
}

/// What the registry reads of an index.
#[derive(Default)]
struct Read {
    archive: Archive,
    /// The path of each article of the archive, by its number.
    paths: Vec<String>,
    /// Where each article is.
    addresses: Vec<Address>,
    /// Each segment's id and its speaker terms in order.
    terms: Vec<(String, Vec<String>)>,
    /// Each segment's id and the speaker terms of each of its documents.
    speaking: Vec<(String, DocTerms)>,
}

/// The speaker terms (numbers in the segment's column) of every document
/// of one segment: document `d`'s are `ords[offsets[d]..offsets[d + 1]]`.
#[derive(Debug, Default, Clone)]
struct DocTerms {
    offsets: Vec<u32>,
    ords: Vec<u32>,
}

/// Adds the articles of `segment` that have a speaker to `archive`, and
/// their paths to `paths`, from the columns and the title's postings: the
/// document store, which holds whole articles, is not read. Reading it
/// made a rebuild at a million articles take 9.4 s and map 1.1 GB.
fn read_segment(
    segment: &SegmentReader,
    schema: &NewsSchema,
    read: &mut Read,
) -> anyhow::Result<()> {
    let Read {
        archive,
        paths,
        addresses,
        terms: segment_terms,
        speaking,
    } = read;
    let segment_id = segment.segment_id().uuid_string();
    let fast = segment.fast_fields();
    let Some(names) = fast.str(SPEAKER_NAME_FIELD)? else {
        // No document of the segment has a speaker; the docs file still
        // says so, document by document, for facets to trust it.
        let documents = segment.max_doc() as usize + 1;
        let no_one = DocTerms {
            offsets: vec![0; documents],
            ords: Vec::new(),
        };
        speaking.push((segment_id.clone(), no_one));
        segment_terms.push((segment_id, Vec::new()));
        return Ok(());
    };
    let path_column = fast
        .str(PATH_FIELD)?
        .context("the index has no path column; rebuild it with `newsidx index --full`")?;
    let dates = fast.date(DATE_FIELD)?;
    let alive = segment.alive_bitset();

    // Which documents are read, and where each one's title words go.
    const NONE: u32 = u32::MAX;
    let mut slot = vec![NONE; segment.max_doc() as usize];
    let mut docs = Vec::new();
    let mut doc_terms = DocTerms {
        offsets: Vec::with_capacity(segment.max_doc() as usize + 1),
        ords: Vec::new(),
    };
    doc_terms.offsets.push(0);
    for doc in 0..segment.max_doc() {
        let deleted = alive.is_some_and(|bits| bits.is_deleted(doc));
        if !deleted {
            let before = doc_terms.ords.len();
            doc_terms
                .ords
                .extend(names.term_ords(doc).map(|ord| ord as u32));
            if doc_terms.ords.len() > before {
                slot[doc as usize] = docs.len() as u32;
                docs.push(doc);
            }
        }
        doc_terms.offsets.push(doc_terms.ords.len() as u32);
    }
    let mut words: Vec<Vec<u32>> = vec![Vec::new(); docs.len()];
    let titles = segment.inverted_index(schema.title)?;
    let mut terms = titles.terms().stream()?;
    while terms.advance() {
        let Ok(term) = std::str::from_utf8(terms.key()) else {
            continue;
        };
        let Some(word) = archive.title_word(term) else {
            continue;
        };
        let mut postings =
            titles.read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if let Some(&at) = slot.get(doc as usize).filter(|&&at| at != NONE) {
                words[at as usize].push(word);
            }
            doc = postings.advance();
        }
    }

    // Terms are read from the columns' dictionaries in order, a block at a
    // time: looking each up by its number decompressed a block a lookup,
    // which took a minute at a million articles.
    let mut names_by_ord: Vec<String> = Vec::with_capacity(names.num_terms());
    let mut stream = names.dictionary().stream()?;
    while stream.advance() {
        names_by_ord.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    let path_ords: Vec<u64> = docs
        .iter()
        .map(|&doc| path_column.term_ords(doc).next().unwrap_or(u64::MAX))
        .collect();
    let mut wanted: Vec<u64> = path_ords
        .iter()
        .copied()
        .filter(|&o| o != u64::MAX)
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let path_of_wanted = column_terms(&path_column, &wanted)?;

    for ((doc, words), path_ord) in docs.into_iter().zip(words).zip(path_ords) {
        let day = dates
            .first(doc)
            .map(|d| d.into_timestamp_secs().div_euclid(SECONDS_PER_DAY));
        let speakers = names
            .term_ords(doc)
            .filter_map(|ord| names_by_ord.get(ord as usize))
            .map(String::as_str);
        archive.add_words(day, words, speakers);
        let path = wanted
            .binary_search(&path_ord)
            .ok()
            .and_then(|at| path_of_wanted.get(at))
            .cloned()
            .unwrap_or_default();
        paths.push(path);
        addresses.push((segment_id.clone(), doc));
    }
    speaking.push((segment_id.clone(), doc_terms));
    segment_terms.push((segment_id, names_by_ord));
    Ok(())
}

/// The links file: its header, then the lines, sorted by path (queries
/// find an article's lines by binary search).
fn links_text(generation: &str, mut lines: Vec<(String, String)>) -> String {
    lines.sort();
    lines.dedup();
    let mut text = format!("{LINKS_MAGIC}\t{generation}\n");
    for (path, rest) in lines {
        let _ = writeln!(text, "{path}\t{rest}");
    }
    text
}

/// The docs file: its header line, then four counts (names, pairs,
/// segments, records); the names, each as a length and its bytes, sorted;
/// the pairs (name written, name shown) as name numbers; for each segment
/// in id order its id, its number of speaker terms, each term's name
/// number, its first record and number of records, and who speaks in each
/// document (see below); then the records (document, pair), sorted. Every
/// number is a little-endian u32.
///
/// Who speaks in each document, for a segment of `speaking`: the number
/// of offsets (the segment's documents and one more; 0 when the segment
/// has none written), the offsets, the number of speakers and the
/// speakers. Document `d`'s speakers are those between its offset and the
/// next, each a name number when the registry left the mention as written,
/// else the number of names plus its link's pair number, so that the
/// aliases file, read at query time, can still see both names.
fn docs_bytes(
    generation: &str,
    terms: &[(String, Vec<String>)],
    mut records: Vec<(&str, DocId, &str, &str)>,
    speaking: &[(String, DocTerms)],
) -> Vec<u8> {
    records.sort_unstable();
    records.dedup();
    let mut names: Vec<&str> = terms
        .iter()
        .flat_map(|(_, names)| names.iter().map(String::as_str))
        .chain(
            records
                .iter()
                .flat_map(|&(_, _, name, canonical)| [name, canonical]),
        )
        .collect();
    names.sort_unstable();
    names.dedup();
    let number = |name: &str| names.binary_search(&name).unwrap_or(0) as u32;
    let mut pairs: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut pair_list: Vec<(u32, u32)> = Vec::new();
    let mut pair_of_record: Vec<u32> = Vec::with_capacity(records.len());
    let mut ranges: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
    let mut body: Vec<u8> = Vec::new();
    for (at, &(segment, doc, name, canonical)) in records.iter().enumerate() {
        let key = (number(name), number(canonical));
        let pair = *pairs.entry(key).or_insert_with(|| {
            pair_list.push(key);
            pair_list.len() as u32 - 1
        });
        pair_of_record.push(pair);
        ranges.entry(segment).or_insert((at, 0)).1 += 1;
        body.extend(doc.to_le_bytes());
        body.extend(pair.to_le_bytes());
    }
    let mut segments: Vec<&(String, Vec<String>)> = terms.iter().collect();
    segments.sort_unstable_by(|a, b| a.0.cmp(&b.0));

    let mut out = format!("{DOCS_MAGIC}\t{generation}\n").into_bytes();
    let put = |out: &mut Vec<u8>, n: usize| out.extend((n as u32).to_le_bytes());
    for count in [names.len(), pair_list.len(), segments.len(), records.len()] {
        put(&mut out, count);
    }
    for name in &names {
        put(&mut out, name.len());
        out.extend(name.as_bytes());
    }
    for &(written, shown) in &pair_list {
        put(&mut out, written as usize);
        put(&mut out, shown as usize);
    }
    for (id, segment_names) in segments {
        put(&mut out, id.len());
        out.extend(id.as_bytes());
        put(&mut out, segment_names.len());
        let numbers: Vec<u32> = segment_names.iter().map(|name| number(name)).collect();
        for &n in &numbers {
            put(&mut out, n as usize);
        }
        let (first, count) = ranges.get(id.as_str()).copied().unwrap_or((0, 0));
        put(&mut out, first);
        put(&mut out, count);
        let Some((_, docs)) = speaking.iter().find(|(s, _)| s == id) else {
            put(&mut out, 0);
            continue;
        };
        put(&mut out, docs.offsets.len());
        for &offset in &docs.offsets {
            put(&mut out, offset as usize);
        }
        put(&mut out, docs.ords.len());
        // The segment's links, in document order: each document's are
        // found by walking forward.
        let mut links = &records[first..first + count];
        let mut link_pairs = &pair_of_record[first..first + count];
        for (doc, ends) in docs.offsets.windows(2).enumerate() {
            let doc = doc as DocId;
            let skip = links.partition_point(|&(_, d, _, _)| d < doc);
            links = &links[skip..];
            link_pairs = &link_pairs[skip..];
            let of_doc = links.partition_point(|&(_, d, _, _)| d == doc);
            for &ord in &docs.ords[ends[0] as usize..ends[1] as usize] {
                let written = segment_names.get(ord as usize).map_or("", String::as_str);
                let linked = links[..of_doc]
                    .iter()
                    .position(|&(_, _, name, _)| name == written);
                let code = match linked {
                    Some(at) => names.len() as u32 + link_pairs[at],
                    None => numbers.get(ord as usize).copied().unwrap_or(0),
                };
                put(&mut out, code as usize);
            }
        }
    }
    out.extend(body);
    out
}

/// A docs file made in memory for an index that has none (written before
/// the file existed, or with no registry yet): the segments' speaker terms
/// from their dictionaries, the links from the text file.
pub fn speaker_table_bytes(
    searcher: &Searcher,
    people: Option<&Registry>,
) -> tantivy::Result<Vec<u8>> {
    let mut terms = Vec::new();
    for segment in searcher.segment_readers() {
        let Some(column) = segment.fast_fields().str(SPEAKER_NAME_FIELD)? else {
            continue;
        };
        let mut names = Vec::with_capacity(column.num_terms());
        let mut stream = column.dictionary().stream()?;
        while stream.advance() {
            names.push(String::from_utf8_lossy(stream.key()).into_owned());
        }
        terms.push((segment.segment_id().uuid_string(), names));
    }
    let records = people.map_or_else(Vec::new, Registry::text_records);
    let records = records
        .iter()
        .map(|(segment, doc, name, canonical)| {
            (segment.as_str(), *doc, name.as_str(), canonical.as_str())
        })
        .collect();
    // Who speaks in each document is left out: facets then read the
    // columns, the plain way.
    Ok(docs_bytes(&generation(searcher), &terms, records, &[]))
}

/// The docs file at `path`, mapped, if it is of `generation`.
fn open_docs(path: &Path, generation: &str) -> anyhow::Result<Option<Mmap>> {
    let expected = format!("{DOCS_MAGIC}\t{generation}\n");
    Ok(map_file(path)?.filter(|map| map.starts_with(expected.as_bytes())))
}

/// A registry file mapped whole; `None` when there is none.
pub(super) fn map_file(path: &Path) -> anyhow::Result<Option<Mmap>> {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    // SAFETY: the registry's files are only ever replaced by a rename,
    // never written in place, so the mapped bytes do not change under us.
    let map =
        unsafe { Mmap::map(&file) }.with_context(|| format!("cannot read {}", path.display()))?;
    crate::store::advise_huge_pages(&map);
    Ok(Some(map))
}

/// The docs file read: every speaker name of the index, numbered in
/// sorted order, each segment's terms as those numbers, and the links.
/// Nothing is copied but the names' places.
#[derive(Debug)]
pub struct SpeakerTable<'a> {
    /// Every name a speaker term or a link gives, sorted.
    pub names: Vec<&'a str>,
    /// (name written, name shown), as name numbers.
    pairs: Vec<(u32, u32)>,
    segments: Vec<TableSegment<'a>>,
}

/// One segment of a [`SpeakerTable`].
#[derive(Debug)]
pub struct TableSegment<'a> {
    id: &'a str,
    /// The name number of each speaker term, as little-endian u32s.
    names: &'a [u8],
    /// (document, pair) records, as little-endian u32s.
    records: &'a [u8],
    /// Where each document's speakers start in `speakers`, and one more
    /// offset; empty when not written.
    offsets: &'a [u8],
    /// Every document's speakers, as [`SpeakerTable::code_count`] numbers
    /// them.
    speakers: &'a [u8],
}

impl<'a> SpeakerTable<'a> {
    /// Reads a docs file mapped whole; `None` if any number is out of
    /// range or the file is cut, so that a damaged file counts nothing
    /// wrongly.
    pub fn read(map: &'a [u8]) -> Option<SpeakerTable<'a>> {
        let header = map.iter().position(|&b| b == b'\n')?;
        let mut bytes = Bytes(&map[header + 1..]);
        let (names, pairs, segments, records) = (
            bytes.number()?,
            bytes.number()?,
            bytes.number()?,
            bytes.number()?,
        );
        let mut table = SpeakerTable {
            names: Vec::with_capacity(names as usize),
            pairs: Vec::with_capacity(pairs as usize),
            segments: Vec::with_capacity(segments as usize),
        };
        for _ in 0..names {
            table.names.push(bytes.text()?);
        }
        for _ in 0..pairs {
            let pair = (bytes.number()?, bytes.number()?);
            if pair.0 >= names || pair.1 >= names {
                return None;
            }
            table.pairs.push(pair);
        }
        let mut ranges = Vec::with_capacity(segments as usize);
        for _ in 0..segments {
            let id = bytes.text()?;
            let terms = bytes.number()? as usize;
            let term_names = bytes.take(terms.checked_mul(4)?)?;
            if largest::<4, 0>(term_names).is_some_and(|n| n >= names) {
                return None;
            }
            let (first, count) = (bytes.number()? as usize, bytes.number()? as usize);
            // Who speaks in each document is checked as it is read (a
            // number out of range, offsets out of order): checking
            // megabytes here would cost every query what the array saves.
            let offsets = bytes.number()? as usize;
            let offsets = bytes.take(offsets.checked_mul(4)?)?;
            let speakers = if offsets.is_empty() {
                &[][..]
            } else {
                let n = bytes.number()? as usize;
                bytes.take(n.checked_mul(4)?)?
            };
            ranges.push((id, term_names, first, count, offsets, speakers));
        }
        let body = bytes.take((records as usize).checked_mul(8)?)?;
        for (id, names, first, count, offsets, speakers) in ranges {
            let records = body.get(first * 8..first.checked_add(count)?.checked_mul(8)?)?;
            if largest::<8, 4>(records).is_some_and(|n| n >= pairs) {
                return None;
            }
            table.segments.push(TableSegment {
                id,
                names,
                records,
                offsets,
                speakers,
            });
        }
        Some(table)
    }

    /// The segment with id `id`.
    pub fn segment(&self, id: &str) -> Option<&TableSegment<'a>> {
        self.segments
            .binary_search_by(|s| s.id.cmp(id))
            .ok()
            .map(|at| &self.segments[at])
    }

    /// The number of the name `name`, if the table has it.
    pub fn number(&self, name: &str) -> Option<u32> {
        self.names.binary_search(&name).ok().map(|at| at as u32)
    }

    /// How many numbers a document's speaker may be: a name number (the
    /// name as written, which the registry linked to no one else), or the
    /// count of names plus a link's pair number.
    pub fn code_count(&self) -> u32 {
        (self.names.len() + self.pairs.len()) as u32
    }

    /// A link's pair: the name written and the name the registry shows,
    /// as name numbers.
    pub fn pair(&self, pair: u32) -> Option<(u32, u32)> {
        self.pairs.get(pair as usize).copied()
    }

    /// The links of document `doc` of segment `segment`, as (name written,
    /// name the registry shows) pairs; `None` when the table does not
    /// hold the segment or is damaged there. A binary search in the
    /// segment's records touches a few of their pages, where the links
    /// file's search by path touched a page of its own at most steps (74
    /// such searches were 0.8 ms of a million-article `newsidx speakers`).
    pub fn linked_of(&self, segment: &str, doc: DocId) -> Option<Vec<(&'a str, &'a str)>> {
        let (records, _) = self.segment(segment)?.records.as_chunks::<8>();
        let document = |r: &[u8; 8]| u32::from_le_bytes([r[0], r[1], r[2], r[3]]);
        // Records are sorted by document.
        let first = records.partition_point(|r| document(r) < doc);
        records[first..]
            .iter()
            .take_while(|r| document(r) == doc)
            .map(|r| {
                let (written, shown) = self.pair(u32::from_le_bytes([r[4], r[5], r[6], r[7]]))?;
                Some((
                    *self.names.get(written as usize)?,
                    *self.names.get(shown as usize)?,
                ))
            })
            .collect()
    }
}

/// The largest little-endian u32 at `AT` of each `STEP` bytes of
/// `bytes`, `None` when there are none: a whole-array maximum rather than
/// a search for the first number out of range, which the compiler runs
/// several numbers at a time (checking a million-article docs file's
/// links one by one was most of the 0.2 ms every facet pass spent reading
/// its table).
fn largest<const STEP: usize, const AT: usize>(bytes: &[u8]) -> Option<u32> {
    let chunks = bytes.chunks_exact(STEP);
    (chunks.len() > 0).then(|| {
        chunks
            .map(|c| u32::from_le_bytes([c[AT], c[AT + 1], c[AT + 2], c[AT + 3]]))
            .fold(0, u32::max)
    })
}

impl TableSegment<'_> {
    /// How many speaker terms the segment had when the table was written.
    pub fn num_terms(&self) -> usize {
        self.names.len() / 4
    }

    /// How many documents the table says who speaks in: the segment's
    /// `max_doc` when it was written, `None` when it was not.
    pub fn documents(&self) -> Option<u32> {
        let offsets = self.offsets.len() / 4;
        (offsets > 0).then(|| offsets as u32 - 1)
    }

    /// The speakers of document `doc` as little-endian u32s (see
    /// [`SpeakerTable::code_count`]), or `None` if the table does not hold
    /// the document or is damaged there.
    #[inline]
    pub fn speakers_of(&self, doc: DocId) -> Option<&[u8]> {
        let at = (doc as usize).checked_mul(4)?;
        let ends = self.offsets.get(at..at.checked_add(8)?)?;
        let start = u32::from_le_bytes([ends[0], ends[1], ends[2], ends[3]]) as usize;
        let end = u32::from_le_bytes([ends[4], ends[5], ends[6], ends[7]]) as usize;
        self.speakers
            .get(start.checked_mul(4)?..end.checked_mul(4)?)
    }

    /// The name number of the segment's speaker term `ord`.
    pub fn name_of(&self, ord: u64) -> Option<u32> {
        let at = usize::try_from(ord).ok()?.checked_mul(4)?;
        let n = self.names.get(at..at + 4)?;
        Some(u32::from_le_bytes([n[0], n[1], n[2], n[3]]))
    }

    /// The links of the segment's documents: (document, pair), sorted.
    fn links(&self) -> Vec<(DocId, u32)> {
        self.records
            .chunks_exact(8)
            .map(|r| {
                (
                    u32::from_le_bytes([r[0], r[1], r[2], r[3]]),
                    u32::from_le_bytes([r[4], r[5], r[6], r[7]]),
                )
            })
            .collect()
    }
}

/// Numbers and texts read in order from a docs or said file, each read
/// checked.
pub(super) struct Bytes<'a>(pub(super) &'a [u8]);

impl<'a> Bytes<'a> {
    pub(super) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    pub(super) fn number(&mut self) -> Option<u32> {
        let n = self.take(4)?;
        Some(u32::from_le_bytes([n[0], n[1], n[2], n[3]]))
    }

    pub(super) fn text(&mut self) -> Option<&'a str> {
        let len = self.number()? as usize;
        std::str::from_utf8(self.take(len)?).ok()
    }
}

fn read<T: for<'de> Deserialize<'de>>(path: &Path) -> anyhow::Result<Option<T>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .with_context(|| format!("{} is damaged", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(path: &str, name: &str, canonical: &str) -> (String, String) {
        (
            escape(path),
            format!("{}\t{}", escape(name), escape(canonical)),
        )
    }

    #[test]
    fn every_link_is_found_by_binary_search_and_no_other() {
        // Paths that sort around one another: prefixes, tabs, escapes.
        let mut lines = Vec::new();
        let mut expected = Vec::new();
        for i in 0..3000u32 {
            let path = match i % 5 {
                0 => format!("a/{i}.txt"),
                1 => format!("a/{i}"),
                2 => format!("a/{i}.txt\tx"),
                3 => format!("b\\{i}.jsonl#{}", i % 7),
                _ => format!("é/{}", i * 7919 % 3001),
            };
            let name = format!("Name{}", i % 3);
            let canonical = format!("Full Name{i}");
            lines.push(link(&path, &name, &canonical));
            expected.push((path, name, canonical));
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(LINKS_FILE);
        std::fs::write(&file, links_text("g1", lines)).unwrap();
        assert!(
            LinksFile::open(&file, "g2").unwrap().is_none(),
            "another generation"
        );
        let registry = LinksFile::open(&file, "g1").unwrap().unwrap();
        for (path, name, canonical) in &expected {
            assert_eq!(
                registry.canonical(path, name).as_deref(),
                Some(canonical.as_str())
            );
        }
        assert_eq!(registry.canonical("a/1.txt", "Nobody"), None);
        assert_eq!(registry.canonical("a/0.tx", "Name0"), None);
        assert_eq!(registry.canonical("zzz", "Name0"), None);
        assert_eq!(registry.links(|_| true).len(), expected.len());
    }

    /// Every link of `mentions` as (segment, document, name, shown).
    fn flat(mentions: &LinkedMentions) -> Vec<(String, DocId, String, String)> {
        let mut out = Vec::new();
        for (segment, docs) in &mentions.segments {
            assert!(docs.is_sorted(), "documents of {segment} out of order");
            for &(doc, pair) in docs {
                let (name, shown) = mentions.pairs[pair as usize].clone();
                out.push((segment.clone(), doc, name, shown));
            }
        }
        out
    }

    /// The docs file holds the links file's links: read from either (the
    /// text made into a table as a facet does for an index without the
    /// file), the same links by segment and document, with and without
    /// aliases; and a cut docs file is not read.
    #[test]
    fn the_docs_file_reads_as_the_links_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut lines = Vec::new();
        let mut records = Vec::new();
        let names = ["Reagan", "Baker", "Dole\tx", "Zhao", "José"];
        let segments: Vec<String> = (0..4).map(|s| format!("{s:032x}")).collect();
        for i in 0..2000u32 {
            let segment = &segments[(i * 7 % 4) as usize];
            let doc = i * 7919 % 1013;
            let name = names[(i % 5) as usize];
            let canonical = format!("{} {name}", ["Ronald", "James", "Bob"][(i % 3) as usize]);
            lines.push((
                escape(&format!("p/{i}.txt")),
                format!("{}\t{}\t{segment}\t{doc}", escape(name), escape(&canonical)),
            ));
            records.push((segment.as_str(), doc, name, canonical));
        }
        let records: Vec<(&str, DocId, &str, &str)> = records
            .iter()
            .map(|(s, d, n, c)| (*s, *d, *n, c.as_str()))
            .collect();
        let terms: Vec<(String, Vec<String>)> = segments
            .iter()
            .map(|id| (id.clone(), vec!["Reagan".to_string(), "Zhao".to_string()]))
            .collect();
        std::fs::write(dir.path().join(LINKS_FILE), links_text("g", lines)).unwrap();
        let docs = docs_bytes("g", &terms, records, &[]);
        std::fs::write(dir.path().join(DOCS_FILE), &docs).unwrap();
        for aliases in ["", "Ronald Reagan = Reagan\nBob Zhao != Zhao\n"] {
            let registry = Registry {
                links: LinksFile::open(&dir.path().join(LINKS_FILE), "g").unwrap(),
                docs: open_docs(&dir.path().join(DOCS_FILE), "g").unwrap(),
                aliases: Aliases::parse(aliases).unwrap(),
            };
            let table = registry.speaker_table().unwrap();
            let expected = flat(&registry.linked_mentions_in(&table));
            assert_eq!(expected.len(), 2000);
            assert_eq!(table.segment(&segments[1]).unwrap().num_terms(), 2);

            let text = registry.text_records();
            let text: Vec<(&str, DocId, &str, &str)> = text
                .iter()
                .map(|(s, d, n, c)| (s.as_str(), *d, n.as_str(), c.as_str()))
                .collect();
            let made = docs_bytes("", &terms, text, &[]);
            let made = SpeakerTable::read(&made).unwrap();
            assert_eq!(flat(&registry.linked_mentions_in(&made)), expected);
            let text_only = Registry {
                links: LinksFile::open(&dir.path().join(LINKS_FILE), "g").unwrap(),
                docs: None,
                aliases: registry.aliases.clone(),
            };
            assert_eq!(flat(&text_only.linked_mentions()), expected);

            // An article's speakers are named alike by its document's links
            // in the table and by its path's lines in the links file, a
            // name no one links left as its aliases make it.
            for i in 0..2000u32 {
                let segment = &segments[(i * 7 % 4) as usize];
                let doc = i * 7919 % 1013;
                let path = format!("p/{i}.txt");
                let written = [names[(i % 5) as usize], "Nobody", "Zhao"].map(String::from);
                let by_table = registry.named_speakers(Some(&table), segment, doc, &path, &written);
                let by_path = registry.named_speakers(None, segment, doc, &path, &written);
                assert_eq!(by_table, by_path, "{path}");
                let canonical = format!(
                    "{} {}",
                    ["Ronald", "James", "Bob"][(i % 3) as usize],
                    written[0]
                );
                assert_eq!(by_table[0], registry.shown(&written[0], canonical));
                let linked = table.linked_of(segment, doc).unwrap();
                assert_eq!(linked.len(), 1, "{path}: the document's one link");
            }
        }
        for cut in [5, 8, docs.len() / 2] {
            assert!(SpeakerTable::read(&docs[..docs.len() - cut]).is_none());
        }
        assert!(open_docs(&dir.path().join(DOCS_FILE), "other")
            .unwrap()
            .is_none());
    }

    /// Who speaks in each document, as the docs file numbers them: a
    /// term's name number where no link names it otherwise, the link's
    /// pair after the names where one does; nothing past a segment's end.
    #[test]
    fn the_docs_file_says_who_speaks_in_each_document() {
        let names = |list: &[&str]| list.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let terms = vec![
            ("s1".to_string(), names(&["Baker", "James Baker", "Zhao"])),
            ("s2".to_string(), names(&["Reagan", "Zhao"])),
        ];
        // s1: Baker (linked) and Zhao; no one; James Baker. s2: Zhao and
        // Reagan (linked), no one.
        let speaking = vec![
            (
                "s1".to_string(),
                DocTerms {
                    offsets: vec![0, 2, 2, 3],
                    ords: vec![0, 2, 1],
                },
            ),
            (
                "s2".to_string(),
                DocTerms {
                    offsets: vec![0, 2, 2],
                    ords: vec![1, 0],
                },
            ),
        ];
        let records = vec![
            ("s2", 0, "Reagan", "Ronald Reagan"),
            ("s1", 0, "Baker", "James Baker"),
        ];
        let bytes = docs_bytes("g", &terms, records, &speaking);
        let table = SpeakerTable::read(&bytes).unwrap();
        let said = |segment: &str, doc: DocId| -> Vec<String> {
            let part = table.segment(segment).unwrap();
            let names = table.names.len() as u32;
            part.speakers_of(doc)
                .unwrap()
                .chunks_exact(4)
                .map(|n| u32::from_le_bytes([n[0], n[1], n[2], n[3]]))
                .map(|n| match n.checked_sub(names) {
                    None => table.names[n as usize].to_string(),
                    Some(pair) => {
                        let (written, shown) = table.pair(pair).unwrap();
                        let name = |n: u32| table.names[n as usize];
                        format!("{} as {}", name(written), name(shown))
                    }
                })
                .collect()
        };
        assert_eq!(said("s1", 0), ["Baker as James Baker", "Zhao"]);
        assert!(said("s1", 1).is_empty());
        assert_eq!(said("s1", 2), ["James Baker"]);
        assert_eq!(said("s2", 0), ["Zhao", "Reagan as Ronald Reagan"]);
        assert!(said("s2", 1).is_empty());
        assert_eq!(table.segment("s1").unwrap().documents(), Some(3));
        assert!(table.segment("s1").unwrap().speakers_of(3).is_none());
        for cut in [4, 12, bytes.len() / 2] {
            assert!(SpeakerTable::read(&bytes[..bytes.len() - cut]).is_none());
        }
    }

    #[test]
    fn a_registry_of_older_rules_is_read_but_not_current() {
        let old: PeopleFile = serde_json::from_str(
            r#"{"generation":"g","persons":[{"canonical":"Ronald Reagan","names":{"Reagan":2},"mentions":2}]}"#,
        )
        .unwrap();
        assert_eq!(old.persons[0].canonical, "Ronald Reagan");
        assert!(!old.describes("g"));
        let new = PeopleFile {
            generation: "g".to_string(),
            rules: RULES,
            persons: old.persons,
        };
        assert!(new.describes("g"));
        assert!(!new.describes("h"));
    }

    #[test]
    fn escaping_round_trips() {
        for text in [
            "plain",
            "tab\there",
            "new\nline",
            "back\\slash\\t",
            "\\",
            "é\r",
        ] {
            assert_eq!(unescape(&escape(text)), text);
            assert!(!escape(text).contains(['\t', '\n']));
        }
    }
}
