//! The lexicon: the word lists the rules consult, and the classes of a word.
//!
//! It owns every word list and the class bits (`F_*`) they give. The lists
//! are data, one list a file under `lists/` (one entry a line, `#` starts a
//! comment), embedded in the binary and read on first use into one map from
//! a word to the union of its classes: a word in two lists gets both. Each
//! word of an article is looked up once, when it is tokenised, and every
//! later test is a bit test on the token. The lexicon also derives the
//! classes a word's shape gives (acronym, digits, "Ohio-based", plural
//! titles). What a class means in context is left to the name and
//! attribution rules.
//!
//! Lists are matched exactly, since case matters ("May" the month, "may"
//! the auxiliary), except two matched in any ASCII case, for which the map
//! holds every case form; three lists classify parts of words (the tail of
//! "Ohio-based", of "Minister-designate", the "al-" of "al-Assad") and are
//! read by `classify` and the tokenizer; two lists hold entries of several
//! words (firm names, two-word reporting verbs such as "hit back"), whose
//! first words get a class so that only they pay for the whole lookup.
//! The tests below check the lists:
//! no word twice in one list, none in two lists the rules read as
//! exclusive.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

// Classes, one bit each.

// Reporting cues and the words around them.
pub(super) const F_STRONG: u64 = 1 << 0;
pub(super) const F_WEAK: u64 = 1 << 1;
pub(super) const F_PARTICIPLE: u64 = 1 << 2;
pub(super) const F_ADVERB: u64 = 1 << 3;
pub(super) const F_LY_NOUN: u64 = 1 << 4;
pub(super) const F_PASSIVE: u64 = 1 << 5;
pub(super) const F_BLOCKER: u64 = 1 << 6;
pub(super) const F_SCAN_STOP: u64 = 1 << 7;
pub(super) const F_AFTER_INVERTED: u64 = 1 << 8;
pub(super) const F_SUBJECT_WORD: u64 = 1 << 9;
pub(super) const F_FUNCTION_WORD: u64 = 1 << 10;
// People: titles, roles and the parts of a name.
pub(super) const F_TITLE: u64 = 1 << 11;
pub(super) const F_EVIDENCE: u64 = 1 << 12;
pub(super) const F_ROLE: u64 = 1 << 13;
pub(super) const F_OFFICE_TAIL: u64 = 1 << 14;
pub(super) const F_PARTICLE: u64 = 1 << 15;
pub(super) const F_NAME_SUFFIX: u64 = 1 << 16;
// Periods that do not end a sentence.
pub(super) const F_ABBREV: u64 = 1 << 17;
pub(super) const F_SENT_ABBREV: u64 = 1 << 18;
// Capitalised words that are no personal name, or only in some places.
pub(super) const F_STOP: u64 = 1 << 19;
pub(super) const F_NAME_LIKE: u64 = 1 << 20;
pub(super) const F_DIRECTION: u64 = 1 << 21;
const F_FOREIGN: u64 = 1 << 22;
pub(super) const F_PLACE: u64 = 1 << 23;
pub(super) const F_SURNAME_PLACE: u64 = 1 << 24;
pub(super) const F_GIVEN_PLACE: u64 = 1 << 25;
pub(super) const F_INSTITUTION: u64 = 1 << 26;
pub(super) const F_COMMON: u64 = 1 << 27;
// Organisations.
pub(super) const F_ORG: u64 = 1 << 28;
pub(super) const F_ORG_PREFIX: u64 = 1 << 29;
pub(super) const F_COMPANY: u64 = 1 << 30;
pub(super) const F_COMPANY_ANY_CASE: u64 = 1 << 31;
pub(super) const F_KNOWN_ORG_HEAD: u64 = 1 << 32;
// Parts of words, read by `classify` and the tokenizer.
const F_HYPHEN_TAIL: u64 = 1 << 33;
const F_TITLE_TAIL: u64 = 1 << 34;
pub(super) const F_NAME_PREFIX: u64 = 1 << 35;
// Derived from a word's shape by `classify`, never listed.
pub(super) const F_ACRONYM: u64 = 1 << 36;
pub(super) const F_HYPHEN_ADJ: u64 = 1 << 37;
pub(super) const F_DIGIT: u64 = 1 << 38;
// More reporting cues: "expected" in "is expected to say", and the first
// word of a two-word verb ("hit" of "hit back").
pub(super) const F_TO_FRAME: u64 = 1 << 39;
pub(super) const F_PHRASAL_HEAD: u64 = 1 << 40;
// Transcript turns that name nobody ("UNIDENTIFIED MAN:").
pub(super) const F_UNNAMED_VOICE: u64 = 1 << 41;
// "the Dutchman said": a person named by nationality.
pub(super) const F_NATIONALITY_NOUN: u64 = 1 << 42;
// A demonym ("Brazilian", "Samoan"): a place word that describes a person
// rather than naming a place.
pub(super) const F_DEMONYM: u64 = 1 << 43;
// A kind of organisation ("chipmaker", "brokerage"), naming the name next
// to it as one.
pub(super) const F_ORG_KIND: u64 = 1 << 44;
// What only a firm has ("shares", "plant"), naming the name next to it as
// one.
pub(super) const F_FIRM_NOUN: u64 = 1 << 45;
// A word opening a reporting frame other than a verb ("according").
pub(super) const F_CUE: u64 = 1 << 46;
// A role by relation or situation ("mother", "passenger"), not by job.
pub(super) const F_RELATION: u64 = 1 << 47;
/// A capitalised plural of a title or role that no list holds ("Mums",
/// "Councillors"): a group, which ends no person's name.
pub(super) const F_PLURAL_GROUP: u64 = 1 << 48;
/// A capitalised plural of a kind of organisation ("Operators",
/// "Banks"): the end of a body's name of three words or more, though a
/// surname too ("Wilson Banks").
pub(super) const F_PLURAL_KIND: u64 = 1 << 49;

/// Classes that cannot open a name: "However", "U.S.", "Ukrainian",
/// "Dutchman" ("edging Dutchman Sem de Bruijn")...
pub(super) const F_LEADING_JUNK: u64 = F_STOP
    | F_NATIONALITY_NOUN
    | F_FOREIGN
    | F_HYPHEN_ADJ
    | F_DIRECTION
    | F_PLACE
    | F_INSTITUTION
    | F_ORG
    | F_COMMON
    | F_ACRONYM;

/// A word list: a file under `lists/` and the classes it gives.
struct List {
    /// The file name without `.txt`, to name the list in test failures.
    #[cfg_attr(not(test), expect(dead_code, reason = "read by the list tests only"))]
    name: &'static str,
    text: &'static str,
    /// The classes every entry of the list gets.
    classes: u64,
}

impl List {
    fn entries(&self) -> impl Iterator<Item = &'static str> {
        self.text
            .lines()
            .map(|l| l.split_once('#').map_or(l, |(entry, _)| entry).trim())
            .filter(|e| !e.is_empty())
    }
}

/// A list embedded from `lists/<name>.txt`.
macro_rules! list {
    ($name:literal, $classes:expr) => {
        List {
            name: $name,
            text: include_str!(concat!("lists/", $name, ".txt")),
            classes: $classes,
        }
    };
}

/// Roles count whether written "minister" or "Minister": the file lists
/// the lowercase form and the lexicon adds the capitalised one.
const ROLES: List = list!("roles", F_ROLE);

/// Roles by relation or situation, listed and capitalised like `ROLES`;
/// they are roles too, since every reader of roles reads them.
const RELATIONS: List = list!("relations", F_RELATION | F_ROLE);

/// Kinds of organisation, capitalised like `ROLES`: "Insurer Aviva said"
/// opens a sentence with one.
const ORG_KINDS: List = list!("org_kinds", F_ORG_KIND);

/// Firm names of several words, matched whole; their first words get
/// `F_KNOWN_ORG_HEAD`, so that only names starting with one are joined and
/// looked up.
const KNOWN_ORG_NAMES: List = list!("known_orgs", F_KNOWN_ORG_HEAD);

/// Reporting verbs of two words, matched whole like `KNOWN_ORG_NAMES`:
/// their first words get `F_PHRASAL_HEAD`.
const PHRASAL_VERBS: List = list!("phrasal_verbs", F_PHRASAL_HEAD);

/// Every list of single words matched exactly.
const WORD_LISTS: [List; 42] = [
    list!("strong_verbs", F_STRONG),
    list!("weak_verbs", F_WEAK),
    list!("participles", F_PARTICIPLE),
    list!("adverbs", F_ADVERB),
    list!("ly_nouns", F_LY_NOUN),
    list!("passive_auxiliaries", F_PASSIVE),
    list!("to_frames", F_TO_FRAME),
    list!("unnamed_voices", F_UNNAMED_VOICE),
    list!("nationality_nouns", F_NATIONALITY_NOUN),
    list!("blockers", F_BLOCKER),
    list!("scan_stops", F_SCAN_STOP),
    list!("after_inverted_name", F_AFTER_INVERTED),
    list!("subject_words", F_SUBJECT_WORD),
    list!("titles", F_TITLE),
    list!("evidence_titles", F_EVIDENCE),
    ROLES,
    RELATIONS,
    list!("office_tails", F_OFFICE_TAIL),
    list!("particles", F_PARTICLE),
    list!("name_suffixes", F_NAME_SUFFIX),
    list!("abbreviations", F_ABBREV),
    list!("sentence_ending_abbreviations", F_SENT_ABBREV),
    list!("stop_words", F_STOP),
    list!("name_like_stop_words", F_NAME_LIKE),
    list!("directions", F_DIRECTION),
    list!("foreign_articles", F_FOREIGN),
    list!("places", F_PLACE),
    // A demonym is a place word too: no name holds one.
    list!("demonyms", F_DEMONYM | F_PLACE),
    ORG_KINDS,
    list!("firm_nouns", F_FIRM_NOUN),
    list!("cue_words", F_CUE),
    list!("surname_places", F_SURNAME_PLACE),
    list!("given_name_places", F_GIVEN_PLACE),
    list!("institution_words", F_INSTITUTION),
    list!("common_nouns", F_COMMON),
    list!("org_words", F_ORG),
    // Each opens an organisation name, so each is an organisation word too.
    list!("org_prefixes", F_ORG_PREFIX | F_ORG),
    list!("company_suffixes", F_COMPANY),
    list!("hyphen_adjective_tails", F_HYPHEN_TAIL),
    list!("title_tails", F_TITLE_TAIL),
    list!("name_prefixes", F_NAME_PREFIX),
    // Numbers in words count as numbers: "Isla, eight, said".
    list!("number_words", F_DIGIT),
];

/// Lists matched in any ASCII case ("INc", "CORP"; "By", "tHE"). The lexicon
/// holds every case form of their entries, so that matching them is still
/// one bit test on the classes a token already has.
const ANY_CASE_LISTS: [List; 2] = [
    list!("function_words", F_FUNCTION_WORD),
    list!("company_suffixes_any_case", F_COMPANY_ANY_CASE),
];

/// Any-case entries are at most this many letters long, which bounds the
/// case forms of one entry to 256.
const MAX_ANY_CASE_LETTERS: u32 = 8;

/// Every ASCII case form of `w` ("co", "cO", "Co", "CO"); none for a word
/// longer than `MAX_ANY_CASE_LETTERS` letters.
fn case_forms(w: &str) -> impl Iterator<Item = String> + '_ {
    let letters =
        u32::try_from(w.bytes().filter(u8::is_ascii_alphabetic).count()).unwrap_or(u32::MAX);
    let forms = if letters <= MAX_ANY_CASE_LETTERS {
        1u32 << letters
    } else {
        0
    };
    (0..forms).map(move |upper| {
        let mut k = 0;
        w.chars()
            .map(|c| {
                if !c.is_ascii_alphabetic() {
                    return c;
                }
                k += 1;
                if upper >> (k - 1) & 1 == 1 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    })
}

/// Firm names of several words ("Merrill Lynch"), as `names::join` writes them.
pub(super) static KNOWN_ORGS: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| KNOWN_ORG_NAMES.entries().collect());

/// Reporting verbs of two words ("hit back"), as (head, next) pairs, so
/// that a lookup allocates nothing.
pub(super) static PHRASALS: LazyLock<FxHashSet<(&'static str, &'static str)>> =
    LazyLock::new(|| {
        PHRASAL_VERBS
            .entries()
            .filter_map(|p| p.split_once(' '))
            .collect()
    });

/// Every listed word with its classes, as (word, classes) pairs, each word
/// once.
fn lexicon_entries() -> FxHashMap<Box<str>, u64> {
    let mut m: FxHashMap<Box<str>, u64> = FxHashMap::default();
    for list in &WORD_LISTS {
        for w in list.entries() {
            *m.entry(w.into()).or_insert(0) |= list.classes;
        }
    }
    for list in &ANY_CASE_LISTS {
        for w in list.entries() {
            for form in case_forms(w) {
                *m.entry(form.into()).or_insert(0) |= list.classes;
            }
        }
    }
    for list in [&ROLES, &RELATIONS, &ORG_KINDS] {
        for w in list.entries() {
            let mut cs = w.chars();
            if let Some(c) = cs.next() {
                let cap: String = c.to_uppercase().chain(cs).collect();
                *m.entry(cap.into()).or_insert(0) |= list.classes;
            }
        }
    }
    for multi in [&KNOWN_ORG_NAMES, &PHRASAL_VERBS] {
        for entry in multi.entries() {
            if let Some(head) = entry.split_whitespace().next() {
                *m.entry(head.into()).or_insert(0) |= multi.classes;
            }
        }
    }
    m
}

/// The lexicon as one open-addressing table. Every token is looked up, so
/// this is the hottest structure. A word of up to 16 bytes is determined
/// by its length and two overlapping loads of its bytes, so an entry keeps
/// those and a lookup compares three integers instead of calling
/// `memcmp`; longer words are compared in full. Probing reads only a
/// 16-bit tag per slot, so that the words not in the lexicon (most of an
/// article) touch 16 KB and no entry. The words are ours, so no key is
/// chosen to collide.
struct Table {
    /// A tag of each slot's hash; 0 marks an empty slot.
    tags: Box<[u16]>,
    entries: Box<[Entry]>,
    /// The words longer than 16 bytes, by slot.
    long_words: FxHashMap<usize, Box<str>>,
    mask: usize,
}

#[derive(Clone, Copy, Default)]
struct Entry {
    key: Key,
    classes: u64,
}

/// A word as its length and two loads of its bytes (see `key_of`).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct Key {
    len: usize,
    head: u64,
    tail: u64,
}

/// The longest word whose `Key` determines its bytes.
const SHORT_WORD: usize = 16;

impl Table {
    fn new(words: FxHashMap<Box<str>, u64>) -> Self {
        // At most half full, so that probes stay short.
        let size = (words.len() * 4).next_power_of_two().max(16);
        let mut tags = vec![0u16; size].into_boxed_slice();
        let mut entries = vec![Entry::default(); size].into_boxed_slice();
        let mut long_words = FxHashMap::default();
        let mask = size - 1;
        for (word, classes) in words {
            let key = key_of(word.as_bytes());
            let hash = hash_key(key);
            let mut i = slot_of(hash, mask);
            while tags[i] != 0 {
                i = (i + 1) & mask;
            }
            tags[i] = tag_of(hash);
            entries[i] = Entry { key, classes };
            if word.len() > SHORT_WORD {
                long_words.insert(i, word);
            }
        }
        Table {
            tags,
            entries,
            long_words,
            mask,
        }
    }

    // Inlined into `classify_shaped`, its one caller per token: out of
    // line, the call's saved registers cost about as much as the probe.
    #[inline(always)]
    fn get(&self, w: &str) -> u64 {
        let key = key_of(w.as_bytes());
        let hash = hash_key(key);
        let tag = tag_of(hash);
        let mut i = slot_of(hash, self.mask);
        loop {
            let t = self.tags[i];
            if t == 0 {
                return 0;
            }
            if t == tag {
                let entry = &self.entries[i];
                if entry.key == key && (key.len <= SHORT_WORD || self.is_long_word(i, w)) {
                    return entry.classes;
                }
            }
            i = (i + 1) & self.mask;
        }
    }
}

impl Table {
    /// Whether slot `i` holds `w`, a word longer than `SHORT_WORD`. Out
    /// of line, as few words are: inlined, the hash map's lookup made every
    /// `get` save and restore six registers.
    #[cold]
    #[inline(never)]
    fn is_long_word(&self, i: usize, w: &str) -> bool {
        self.long_words.get(&i).is_some_and(|l| **l == *w)
    }
}

/// The length and two overlapping loads of a word's bytes: the first and
/// last eight, four, or (under four bytes) the first, middle and last
/// byte. Up to `SHORT_WORD` bytes they determine the word.
fn key_of(w: &[u8]) -> Key {
    let len = w.len();
    let (head, tail) = if len >= 8 {
        (read8(w, 0), read8(w, len - 8))
    } else if len >= 4 {
        (u64::from(read4(w, 0)), u64::from(read4(w, len - 4)))
    } else if len > 0 {
        (
            u64::from(w[0]) | u64::from(w[len / 2]) << 8 | u64::from(w[len - 1]) << 16,
            0,
        )
    } else {
        (0, 0)
    };
    Key { len, head, tail }
}

/// A hash of a key, never 0.
fn hash_key(k: Key) -> u64 {
    const M: u64 = 0x9E37_79B9_7F4A_7C15;
    let h = (k.head ^ (k.len as u64).wrapping_mul(M)).wrapping_mul(M) ^ k.tail.rotate_left(27);
    let h = h.wrapping_mul(M);
    (h ^ (h >> 31)) | 1
}

fn read8(w: &[u8], at: usize) -> u64 {
    let mut v = [0u8; 8];
    v.copy_from_slice(&w[at..at + 8]);
    u64::from_le_bytes(v)
}

fn read4(w: &[u8], at: usize) -> u32 {
    let mut v = [0u8; 4];
    v.copy_from_slice(&w[at..at + 4]);
    u32::from_le_bytes(v)
}

/// The low bits of a hash, as a tag that is never 0 (the slot index uses
/// the high bits).
fn tag_of(h: u64) -> u16 {
    (h as u16) | 1
}

fn slot_of(h: u64, mask: usize) -> usize {
    // The high bits are the best mixed.
    (h >> 40) as usize & mask
}

static LEXICON: LazyLock<Table> = LazyLock::new(|| Table::new(lexicon_entries()));

/// The classes the lexicon gives `w`, or none.
pub(super) fn lookup(w: &str) -> u64 {
    LEXICON.get(w)
}

/// All classes of a word: its lexicon entry plus what its shape says.
pub(super) fn classify(w: &str) -> u64 {
    classify_shaped(w, w.contains('-'))
}

/// `classify` for a word whose scan already saw whether it holds a hyphen.
// Inlined into the tokenizer, its caller for every word: the call saved
// and restored six registers a word, and inlined, the tokenizer's fast
// path for plain ASCII words settles the first byte's tests once.
#[inline(always)]
pub(super) fn classify_shaped(w: &str, hyphen: bool) -> u64 {
    let bytes = w.as_bytes();
    let Some(&first) = bytes.first() else {
        return 0;
    };
    // Numbers are frequent in news and never in the lexicon.
    if first.is_ascii_digit() {
        return F_DIGIT;
    }
    let listed = LEXICON.get(w);
    // Most words of an article are lowercase ASCII with no hyphen, whose
    // classes are their listing; the rest is out of line, so that these
    // pay for no registers it saves.
    if first.is_ascii_lowercase() && !hyphen {
        return listed;
    }
    classify_by_shape(w, hyphen, listed)
}

/// The classes the shape of `w` adds to its listing, `listed`: for a word
/// not in lowercase ASCII, or with a hyphen.
#[inline(never)]
fn classify_by_shape(w: &str, hyphen: bool, listed: u64) -> u64 {
    let bytes = w.as_bytes();
    let first = bytes.first().copied().unwrap_or_default();
    let mut f = listed;
    let capital = if first.is_ascii() {
        first.is_ascii_uppercase()
    } else {
        w.starts_with(char::is_uppercase)
    };
    if !capital {
        // "vice-president", "co-chairman"
        if let Some((_, tail)) = hyphen.then(|| w.rsplit_once('-')).flatten() {
            f |= lookup(tail) & F_ROLE;
        }
        return f;
    }
    // Capitalised words are fewer: one pass answers the rest about their
    // shape.
    let (mut digit, mut dot, mut lower, mut upper, mut ascii) = (false, false, false, 0u32, true);
    // One class a byte, lowercase letters (most bytes) tested first: a
    // match costs fewer instructions than five tests on every byte.
    for &b in bytes {
        match b {
            b'a'..=b'z' => lower = true,
            b'A'..=b'Z' => upper += 1,
            b'0'..=b'9' => digit = true,
            b'.' => dot = true,
            0x80.. => ascii = false,
            _ => {}
        }
    }
    // Two capitals in a row after a lowercase letter ("WestLB", "GlaxoSKB")
    // end a firm's brand, never a surname ("McDonald", "DeSantis" have one
    // after a lowercase letter). Most words have one capital: no second scan.
    let brand = upper >= 2 && lower && is_brand_shape(bytes, upper);
    if let Some((head, tail)) = hyphen.then(|| w.rsplit_once('-')).flatten() {
        let mut tail_classes = lookup(tail);
        // "Co-owners Lena Marsh and ...": a plural role opening a
        // sentence is as much a title as its singular.
        if tail_classes == 0 && tail.len() > 3 {
            if let Some(one) = tail.strip_suffix('s') {
                tail_classes = lookup(one) & (F_TITLE | F_ROLE);
            }
        }
        // "Vice-Premier", "Minister-designate"
        if (!head.is_empty() && tail_classes & (F_TITLE | F_ROLE) != 0)
            || (tail_classes & F_TITLE_TAIL != 0 && lookup(head) & F_TITLE != 0)
        {
            f |= F_TITLE;
        }
        // "Inter-American", "Sino-Soviet"
        f |= tail_classes & F_PLACE;
        // "Ohio-based", "Paris-born"
        if tail_classes & F_HYPHEN_TAIL != 0 {
            f |= F_HYPHEN_ADJ;
        }
        // "Mother-of-three X", "Stay-at-home dad": a capitalised phrase of
        // three words or more whose later words are lowercase describes
        // the person it opens; no name's parts are written so ("Jean-Paul",
        // "Seo-yeon" and "Abu-Ghazaleh" have two).
        if w.matches('-').count() >= 2
            && w.split('-')
                .skip(1)
                .all(|part| part.bytes().next().is_some_and(|b| b.is_ascii_lowercase()))
        {
            f |= if lookup(w.split('-').next().unwrap_or(w)) & F_ROLE != 0 {
                F_TITLE
            } else {
                F_HYPHEN_ADJ
            };
        }
    }
    // Plural titles: "Commissioners William Seale and ...", and plural
    // roles opening a sentence before names: "Mums Kelly Brannigan and
    // ...", "Councillors X and Y said".
    if f & F_TITLE == 0 && w.len() > 3 {
        if let Some(singular) = w.strip_suffix('s') {
            let one = lookup(singular);
            if one & F_TITLE != 0 || (listed == 0 && one & F_ROLE != 0) {
                f |= F_TITLE;
            }
            if listed == 0 && one & (F_TITLE | F_ROLE) != 0 {
                f |= F_PLURAL_GROUP;
            }
            if listed == 0 && one & F_ORG_KIND != 0 {
                f |= F_PLURAL_KIND;
            }
        }
    }
    let acronym = if ascii {
        // Dotted initials ("L.C") name a person unless listed ("U.S").
        !lower && upper >= 2 && !(dot && listed == 0 && is_initials(w))
    } else {
        is_acronym(w)
    };
    if acronym || brand {
        f |= F_ACRONYM;
    }
    if digit {
        f |= F_DIGIT;
    }
    f
}

/// A firm's brand by its capitals: two in a row after a lowercase letter
/// ("WestLB", "GlaxoSKB"), or a capital after four lowercase letters, two
/// words written as one ("SouthDoc", "BlackRock", "WhatsApp"). Surnames
/// put a capital after a short prefix only ("McDonald", "MacLeod",
/// "DeSantis", "FitzGerald").
fn is_brand_shape(bytes: &[u8], upper: u32) -> bool {
    let mut lower_run = 0;
    for (k, &b) in bytes.iter().enumerate() {
        if b.is_ascii_lowercase() {
            lower_run += 1;
            continue;
        }
        if b.is_ascii_uppercase() {
            if lower_run >= 4 {
                return true;
            }
            if upper >= 3 && lower_run > 0 && bytes.get(k + 1).is_some_and(u8::is_ascii_uppercase) {
                return true;
            }
        }
        lower_run = 0;
    }
    false
}

/// Dotted initials of a person ("L.C", "J.P"), as opposed to "U.S" or
/// "U.N", which the lexicon lists as places and organisations.
pub(super) fn is_initials(w: &str) -> bool {
    w.contains('.')
        && w.trim_end_matches('.').split('.').all(|seg| {
            let mut cs = seg.chars();
            matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
        })
}

fn is_acronym(w: &str) -> bool {
    if is_initials(w) && lookup(w) == 0 {
        return false;
    }
    let mut letters = 0;
    for c in w.chars() {
        if c.is_alphabetic() {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
    }
    letters >= 2
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn all_lists() -> impl Iterator<Item = &'static List> {
        WORD_LISTS
            .iter()
            .chain(&ANY_CASE_LISTS)
            .chain([&KNOWN_ORG_NAMES, &PHRASAL_VERBS])
    }

    fn list(name: &str) -> &'static List {
        all_lists()
            .find(|l| l.name == name)
            .unwrap_or_else(|| panic!("no list {name}"))
    }

    fn shared(a: &str, b: &str) -> Vec<&'static str> {
        let b: HashSet<&str> = list(b).entries().collect();
        list(a).entries().filter(|w| b.contains(w)).collect()
    }

    #[test]
    fn no_list_has_an_entry_twice() {
        for l in all_lists() {
            let mut seen = HashSet::new();
            let twice: Vec<_> = l.entries().filter(|w| !seen.insert(*w)).collect();
            assert!(twice.is_empty(), "{}.txt lists {twice:?} twice", l.name);
        }
    }

    #[test]
    fn word_lists_hold_single_words_and_known_orgs_several() {
        for l in WORD_LISTS.iter().chain(&ANY_CASE_LISTS) {
            for w in l.entries() {
                assert!(!w.contains(char::is_whitespace), "{}.txt: {w:?}", l.name);
            }
        }
        for multi in [&KNOWN_ORG_NAMES, &PHRASAL_VERBS] {
            for entry in multi.entries() {
                assert!(
                    entry.split_whitespace().count() >= 2,
                    "{}.txt: {entry:?}",
                    multi.name
                );
                assert_eq!(
                    entry.split_whitespace().collect::<Vec<_>>().join(" "),
                    entry
                );
            }
        }
        for p in PHRASAL_VERBS.entries() {
            assert_eq!(p.split_whitespace().count(), 2, "phrasal_verbs.txt: {p:?}");
        }
    }

    #[test]
    fn any_case_lists_hold_short_lowercase_ascii_words() {
        for l in &ANY_CASE_LISTS {
            for w in l.entries() {
                assert!(
                    w.is_ascii() && w == w.to_ascii_lowercase(),
                    "{}.txt: {w}",
                    l.name
                );
                assert_eq!(case_forms(w).count(), 1 << w.len(), "{}.txt: {w}", l.name);
            }
        }
    }

    #[test]
    fn any_case_entries_match_in_every_case() {
        for w in ["INc", "CORP", "Co", "ltd", "By", "tHE", "ABOUT"] {
            assert_ne!(lookup(w) & (F_COMPANY_ANY_CASE | F_FUNCTION_WORD), 0, "{w}");
        }
        assert_eq!(lookup("Incs") & F_COMPANY_ANY_CASE, 0);
    }

    #[test]
    fn name_prefixes_end_in_their_only_joiner() {
        // is_cap_str looks up the word up to its first hyphen or apostrophe,
        // among its first five bytes.
        for p in list("name_prefixes").entries() {
            let joiner = p.find(['-', '\'', '’']);
            assert!(joiner.is_some_and(|k| k <= 4), "{p}");
            let (head, tail) = p.split_at(joiner.unwrap_or(0));
            assert!(head.bytes().all(|b| b.is_ascii_lowercase()), "{p}");
            assert!(matches!(tail, "-" | "'" | "’"), "{p}");
        }
    }

    #[test]
    fn roles_are_listed_in_lowercase() {
        // The capitalised form is derived; listing it would say it twice.
        for w in ROLES.entries().chain(RELATIONS.entries()) {
            assert!(
                !w.starts_with(char::is_uppercase),
                "roles or relations: {w}"
            );
        }
    }

    /// Pairs of lists that must share no word, and why. A word in two lists
    /// gets both classes, which is often meant ("Mrs" is a title and a stop
    /// word, "Kremlin" a place and an organisation word, "Minister" a title
    /// and an office that never ends a name); these pairs are the ones
    /// where the rules read one class as excluding the other, so a shared
    /// word would silently lose one of its meanings.
    const EXCLUSIVE: &[(&[&str], &[&str], &str)] = &[
        (
            &["strong_verbs"],
            &["weak_verbs", "participles"],
            "a cue is of one kind: verb_strength reads strong verbs first, so a weak \
             verb also listed strong would lose its test for speech, and a participle \
             listed as a verb would never be read as a participle",
        ),
        (&["weak_verbs"], &["participles"], "a cue is of one kind"),
        (
            &["strong_verbs", "weak_verbs", "participles"],
            &["adverbs", "passive_auxiliaries"],
            "by_verb steps back over adverbs to the subject and rejects a passive \
             auxiliary there: a reporting verb listed as either would be stepped \
             over, or veto the speech it reports",
        ),
        (
            &["adverbs"],
            &["ly_nouns", "passive_auxiliaries"],
            "ly_nouns veto the guess that a word in -ly is an adverb, and by_verb \
             skips adverbs before it looks for a passive auxiliary",
        ),
        (
            &["directions", "foreign_articles", "particles"],
            &["places", "org_words", "common_nouns", "stop_words"],
            "the first lists let a word stand inside a name (\"Cornel West\", \
             \"Le Pen\", \"von der Leyen\"); the second make is_person reject a name \
             holding the word",
        ),
        (
            &["org_prefixes"],
            &["org_words"],
            "an organisation prefix is an organisation word already",
        ),
        (
            &["org_kinds"],
            &["roles"],
            "a role before a name makes it a person, an organisation kind makes it \
             a firm: a word in both would do both",
        ),
        (
            &["relations"],
            &["roles", "org_kinds"],
            "relations are roles already, and no firm",
        ),
        (
            &["demonyms"],
            &["places"],
            "a demonym gets the place class from its own list; listing it as a \
             place too would say it twice",
        ),
    ];

    #[test]
    fn exclusive_lists_share_no_word() {
        for (firsts, seconds, why) in EXCLUSIVE {
            for a in *firsts {
                for b in *seconds {
                    let both = shared(a, b);
                    assert!(both.is_empty(), "{a}.txt and {b}.txt share {both:?}: {why}");
                }
            }
        }
    }

    /// Lists that refine another list's class, and why: their class is only
    /// read on words of the other, so an entry outside it would do nothing.
    const REFINEMENTS: &[(&str, &str, &str)] = &[
        (
            "evidence_titles",
            "titles",
            "title_flags reads evidence on the title nearest a name only",
        ),
        (
            "sentence_ending_abbreviations",
            "abbreviations",
            "period_kind asks whether an abbreviation ends a sentence only once \
             is_abbreviation said it is one",
        ),
        (
            "name_like_stop_words",
            "stop_words",
            "the class only lifts a stop word's veto in is_person",
        ),
        (
            "subject_words",
            "stop_words",
            "sentence_subject asks whether a stop word opening a sentence is its \
             subject",
        ),
    ];

    #[test]
    fn refining_lists_stay_inside_the_list_they_refine() {
        for (narrow, wide, why) in REFINEMENTS {
            let wide_words: HashSet<&str> = list(wide).entries().collect();
            let outside: Vec<_> = list(narrow)
                .entries()
                .filter(|w| !wide_words.contains(w))
                .collect();
            assert!(
                outside.is_empty(),
                "{narrow}.txt has {outside:?} outside {wide}.txt: {why}"
            );
        }
    }

    #[test]
    fn the_lexicon_table_answers_as_a_plain_map() {
        let plain = lexicon_entries();
        for (word, classes) in &plain {
            assert_eq!(lookup(word), *classes, "{word}");
        }
        // Words that are not listed, including near misses of listed ones.
        for (word, _) in plain.iter().take(500) {
            for probe in [format!("{word}x"), format!("x{word}"), word.to_uppercase()] {
                assert_eq!(
                    lookup(&probe),
                    plain.get(probe.as_str()).copied().unwrap_or(0),
                    "{probe}"
                );
            }
        }
        // Long words agree with a listed one in their first and last
        // eight bytes when only a middle byte differs.
        for word in plain.keys().filter(|w| w.len() > 16 && w.is_ascii()) {
            let mut probe = word.to_string().into_bytes();
            probe[8] ^= 0x20;
            let probe = String::from_utf8(probe).unwrap();
            assert_eq!(
                lookup(&probe),
                plain.get(probe.as_str()).copied().unwrap_or(0),
                "{probe}"
            );
        }
        assert_eq!(lookup(""), 0);
        assert_eq!(lookup("zzzzzzzzzzzzzzzzzzzzzzzz"), 0);
    }

    #[test]
    fn name_prefixes_start_with_the_letters_the_tokenizer_checks() {
        for p in list("name_prefixes").entries() {
            assert!(p.starts_with(['a', 'b', 'd', 'e', 'i', 'l']), "{p}");
        }
    }
}
