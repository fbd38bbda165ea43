//! Who said each quote record (`people-said.bin`), in the docs file's
//! numbers, so that `newsidx speakers QUERY` finds every person's best
//! quote in one pass over the query's quotes.
//!
//! The quote index holds each speaker as the article writes them ("Ms
//! Solvang"); the archive may know them by another name (Ingrid
//! Solvang), which only the registry says. Finding a person's quote
//! otherwise means searching their surname and reading each candidate
//! back from the store to ask the registry who said it: at a million
//! articles that was most of a `speakers` command (BENCHMARKS.md).
//!
//! The file is written with the registry, after each commit, from two
//! columns of the quote index (the speaker's name, and the article's path
//! for the mentions the registry links): no quote is read from the store.
//! It names both generations it was made from, the article index's (its
//! links) and the quote index's (its document numbers); a query ignores a
//! file of other generations, and an index whose quote records carry no
//! speaker column (built before it) gets no file, the slower way serving
//! it. It holds its own table of names, so that it stands without the
//! docs file.
//!
//! Layout: a header line (magic, article generation, quote generation);
//! the number of names, where each starts and one more offset, then
//! their bytes one after the other, sorted (a query looks up a few names
//! by binary search in place, not the hundreds of thousands there are); the
//! number of links' pairs, then each (name written, name shown, as name
//! numbers); the number of segments, then for each in id order its id (a
//! length and its bytes), its number of documents and one number a
//! document: a name number when the registry leaves the speaker as
//! written, the number of names plus a pair's number when it links them,
//! or [`UNKNOWN`]. Every number is a little-endian u32.

use std::path::Path;

use anyhow::Context;
use memmap2::Mmap;
use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::{DocId, Searcher};

use super::file::{map_file, Bytes};
use crate::schema::{PATH_FIELD, SPEAKER_NAME_FIELD};

/// The file beside the index.
pub const SAID_FILE: &str = "people-said.bin";

/// The first word of the file's first line.
const SAID_MAGIC: &str = "newsidx-people-said/1";

/// The number of a quote whose speaker the file does not name (none in a
/// file this version writes; kept for a damaged one): such a quote is
/// asked of the store.
pub const UNKNOWN: u32 = u32::MAX;

/// A mention the registry names otherwise than written: the article's
/// path, the name written, the name shown.
pub(super) type Linked<'a> = (&'a str, &'a str, &'a str);

/// The file's bytes for the quote index `quotes`, with the links of
/// the registry just built for `article_generation`; `None` when a
/// segment of quote records has no speaker column.
pub(super) fn said_bytes(
    article_generation: &str,
    quotes: &Searcher,
    linked: &[Linked],
) -> anyhow::Result<Option<Vec<u8>>> {
    // Every distinct name, kept once: the segments' dictionaries repeat
    // most names, and holding each whole took a fifth of a million-article
    // build's peak. The numbers of a segment's terms are read in a second
    // walk of its dictionary below.
    let mut distinct: FxHashSet<String> = FxHashSet::default();
    for segment in quotes.segment_readers() {
        let Some(speakers) = segment.fast_fields().str(SPEAKER_NAME_FIELD)? else {
            if segment.num_docs() > 0 {
                return Ok(None);
            }
            continue;
        };
        let mut stream = speakers.dictionary().stream()?;
        while stream.advance() {
            let name = String::from_utf8_lossy(stream.key());
            if !distinct.contains(name.as_ref()) {
                distinct.insert(name.into_owned());
            }
        }
    }
    let mut names: Vec<&str> = distinct
        .iter()
        .map(String::as_str)
        .chain(
            linked
                .iter()
                .flat_map(|&(_, written, shown)| [written, shown]),
        )
        .collect();
    names.sort_unstable();
    names.dedup();
    let number = |name: &str| names.binary_search(&name).ok().map(|at| at as u32);
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut pair_numbers: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    // (path, name number written, speaker number), sorted by path.
    let mut links: Vec<(&str, u32, u32)> = Vec::with_capacity(linked.len());
    for &(path, written, shown) in linked {
        let (Some(written), Some(shown)) = (number(written), number(shown)) else {
            continue;
        };
        let pair = *pair_numbers.entry((written, shown)).or_insert_with(|| {
            pairs.push((written, shown));
            pairs.len() as u32 - 1
        });
        links.push((path, written, names.len() as u32 + pair));
    }
    links.sort_unstable();
    links.dedup();

    let mut segments: Vec<(String, Vec<u32>)> = Vec::new();
    for segment in quotes.segment_readers() {
        let id = segment.segment_id().uuid_string();
        let fast = segment.fast_fields();
        let Some(speakers) = fast.str(SPEAKER_NAME_FIELD)? else {
            segments.push((id, vec![UNKNOWN; segment.max_doc() as usize]));
            continue;
        };
        let mut number_of_term = Vec::with_capacity(speakers.num_terms());
        let mut stream = speakers.dictionary().stream()?;
        while stream.advance() {
            let name = String::from_utf8_lossy(stream.key());
            number_of_term.push(number(&name).unwrap_or(UNKNOWN));
        }
        // The path terms that have links, and where their links are: the
        // path dictionary and the links are both sorted, so one walk
        // pairs them.
        let mut linked_paths: Vec<(u64, usize, usize)> = Vec::new();
        let paths = if links.is_empty() {
            None
        } else {
            let paths = fast.str(PATH_FIELD)?.context(
                "the quote index has no path column; rebuild it with `newsidx index --full`",
            )?;
            let mut stream = paths.dictionary().stream()?;
            let (mut ord, mut at) = (0u64, 0usize);
            while at < links.len() && stream.advance() {
                let key = stream.key();
                while at < links.len() && links[at].0.as_bytes() < key {
                    at += 1;
                }
                let start = at;
                while at < links.len() && links[at].0.as_bytes() == key {
                    at += 1;
                }
                if at > start {
                    linked_paths.push((ord, start, at));
                }
                ord += 1;
            }
            Some(paths)
        };
        let mut codes = Vec::with_capacity(segment.max_doc() as usize);
        for doc in 0..segment.max_doc() {
            let code = speakers
                .term_ords(doc)
                .next()
                .and_then(|ord| number_of_term.get(ord as usize).copied())
                .unwrap_or(UNKNOWN);
            codes.push(match &paths {
                Some(paths) if code != UNKNOWN => {
                    linked_code(paths.term_ords(doc).next(), code, &linked_paths, &links)
                }
                _ => code,
            });
        }
        segments.push((id, codes));
    }
    segments.sort_unstable_by(|a, b| a.0.cmp(&b.0));

    let header = format!(
        "{SAID_MAGIC}\t{article_generation}\t{}\n",
        super::file::generation(quotes)
    );
    let mut out = header.into_bytes();
    let put = |out: &mut Vec<u8>, n: u32| out.extend(n.to_le_bytes());
    put(&mut out, names.len() as u32);
    let mut offset = 0;
    for name in &names {
        put(&mut out, offset);
        offset += name.len() as u32;
    }
    put(&mut out, offset);
    for name in &names {
        out.extend(name.as_bytes());
    }
    put(&mut out, pairs.len() as u32);
    for &(written, shown) in &pairs {
        put(&mut out, written);
        put(&mut out, shown);
    }
    put(&mut out, segments.len() as u32);
    for (id, codes) in &segments {
        put(&mut out, id.len() as u32);
        out.extend(id.as_bytes());
        put(&mut out, codes.len() as u32);
        for &code in codes {
            put(&mut out, code);
        }
    }
    Ok(Some(out))
}

/// The speaker number of a quote whose speaker is name number `name` in
/// the article of path term `path`: its link's, if the registry links
/// that name in that article.
fn linked_code(
    path: Option<u64>,
    name: u32,
    linked_paths: &[(u64, usize, usize)],
    links: &[(&str, u32, u32)],
) -> u32 {
    let Some(path) = path else {
        return name;
    };
    let Ok(at) = linked_paths.binary_search_by_key(&path, |&(ord, ..)| ord) else {
        return name;
    };
    let (_, start, end) = linked_paths[at];
    links[start..end]
        .iter()
        .find(|&&(_, written, _)| written == name)
        .map_or(name, |&(.., code)| code)
}

/// The file of a registry, mapped: read only when it names both
/// generations.
#[derive(Debug)]
pub struct SaidFile {
    map: Mmap,
}

impl SaidFile {
    /// The file in `dir` if it was written for the article index and the
    /// quote index as `articles` and `quotes` see them.
    pub fn open(
        dir: &Path,
        articles: &Searcher,
        quotes: &Searcher,
    ) -> anyhow::Result<Option<SaidFile>> {
        let Some(map) = map_file(&dir.join(SAID_FILE))? else {
            return Ok(None);
        };
        let expected = format!(
            "{SAID_MAGIC}\t{}\t{}\n",
            super::file::generation(articles),
            super::file::generation(quotes)
        );
        Ok(map
            .starts_with(expected.as_bytes())
            .then_some(SaidFile { map }))
    }

    /// The file's segments; `None` when it is cut or damaged.
    pub fn table(&self) -> Option<SaidTable<'_>> {
        SaidTable::read(&self.map)
    }
}

/// Who said each quote record, by segment.
#[derive(Debug)]
pub struct SaidTable<'a> {
    /// Where each name starts in `text`, and one more offset (u32s).
    offsets: &'a [u8],
    /// Every speaker name of the quote index and of the links, sorted,
    /// one after the other.
    text: &'a [u8],
    /// (name written, name shown) of each link, as name numbers (u32s).
    pairs: &'a [u8],
    segments: Vec<(&'a str, &'a [u8])>,
}

/// The little-endian u32 at `at` (counted in u32s) of `bytes`.
fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let n = bytes.get(at.checked_mul(4)?..at.checked_mul(4)?.checked_add(4)?)?;
    Some(u32::from_le_bytes([n[0], n[1], n[2], n[3]]))
}

impl<'a> SaidTable<'a> {
    /// Reads the file's bytes after the header line; `None` when a count
    /// runs past the end or a pair names no name.
    pub fn read(map: &'a [u8]) -> Option<SaidTable<'a>> {
        let header = map.iter().position(|&b| b == b'\n')?;
        let mut bytes = Bytes(&map[header + 1..]);
        let names = bytes.number()? as usize;
        let offsets = bytes.take(names.checked_add(1)?.checked_mul(4)?)?;
        let text = bytes.take(u32_at(offsets, names)? as usize)?;
        let pairs = bytes.number()? as usize;
        let pairs = bytes.take(pairs.checked_mul(8)?)?;
        if (0..pairs.len() / 4).any(|at| u32_at(pairs, at).is_none_or(|n| n as usize >= names)) {
            return None;
        }
        let count = bytes.number()? as usize;
        let mut segments = Vec::with_capacity(count.min(map.len() / 8));
        for _ in 0..count {
            let id = bytes.text()?;
            let docs = bytes.number()? as usize;
            segments.push((id, bytes.take(docs.checked_mul(4)?)?));
        }
        Some(SaidTable {
            offsets,
            text,
            pairs,
            segments,
        })
    }

    /// How many names the table has.
    pub fn name_count(&self) -> u32 {
        (self.offsets.len() / 4).saturating_sub(1) as u32
    }

    /// The name numbered `number`; `None` out of range or damaged.
    pub fn name(&self, number: u32) -> Option<&'a str> {
        let start = u32_at(self.offsets, number as usize)? as usize;
        let end = u32_at(self.offsets, number as usize + 1)? as usize;
        std::str::from_utf8(self.text.get(start..end)?).ok()
    }

    /// The number of the name `name`, if the table has it.
    pub fn number(&self, name: &str) -> Option<u32> {
        let (mut low, mut high) = (0, self.name_count());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.name(middle)?.cmp(name) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle),
            }
        }
        None
    }

    /// A link's pair: the name written and the name shown, as name
    /// numbers.
    pub fn pair(&self, pair: u32) -> Option<(u32, u32)> {
        let at = (pair as usize).checked_mul(2)?;
        Some((u32_at(self.pairs, at)?, u32_at(self.pairs, at + 1)?))
    }

    /// The speakers of the segment with id `id`, one number a document.
    pub fn segment(&self, id: &str) -> Option<SaidSegment<'a>> {
        self.segments
            .binary_search_by(|(s, _)| s.cmp(&id))
            .ok()
            .map(|at| SaidSegment(self.segments[at].1))
    }
}

/// One segment of a [`SaidTable`].
#[derive(Debug, Clone, Copy)]
pub struct SaidSegment<'a>(&'a [u8]);

impl SaidSegment<'_> {
    /// How many documents the segment had when the file was written.
    pub fn documents(&self) -> u32 {
        (self.0.len() / 4) as u32
    }

    /// The speaker number of document `doc`, [`UNKNOWN`] when none.
    #[inline]
    pub fn speaker_of(&self, doc: DocId) -> u32 {
        let at = doc as usize * 4;
        match self.0.get(at..at + 4) {
            Some(n) => u32::from_le_bytes([n[0], n[1], n[2], n[3]]),
            None => UNKNOWN,
        }
    }
}
