//! Random query text, from a seeded generator, made of the corpus's own
//! words: text rather than trees, so the parser is under test too.
//!
//! Each query picks an anchor article and draws most of its words, phrases,
//! names and dates from it, so that conjunctions and phrases often match
//! something; the rest come from the whole corpus, weighted by how often
//! they occur. Words are taken as written (capitals, apostrophes, `1.5`,
//! `3%`, hyphens), and operators, signs, fields in mixed case, groups,
//! suffixes and date forms are mixed in at rates chosen so that every
//! branch of the grammar shows up many times in a few thousand queries.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use newsidx::article::Article;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Deepest nesting of groups generated.
const MAX_GROUP_DEPTH: usize = 3;

/// What queries are made of, taken once from a corpus.
pub struct Material {
    articles: Vec<Words>,
    /// Every word occurrence of the corpus, so sampling favours common words.
    all_words: Vec<String>,
    first_day: NaiveDate,
    last_day: NaiveDate,
}

/// The words of one article, by where they stand.
struct Words {
    path: String,
    title: Vec<String>,
    lead: Vec<String>,
    body: Vec<String>,
    speakers: Vec<String>,
    /// The outlet's name and the authors' names, whole.
    outlet: Vec<String>,
    authors: Vec<String>,
    lang: Option<String>,
    sentences: Vec<String>,
    date: Option<DateTime<Utc>>,
}

/// Splits text into words as a person would copy them: at whitespace, with
/// the punctuation around a word left off (but `%` kept, and anything
/// inside kept: `Reagan's`, `1.5`, `mid-March`). Quote marks are dropped
/// everywhere: one inside a word would open a phrase that never closes.
fn words_of(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '%')
                .replace(['"', '\u{201C}', '\u{201D}', '\u{201E}'], "")
        })
        .filter(|w| !w.is_empty())
        .collect()
}

impl Material {
    /// The words, names, sentences, paths and dates of `articles`.
    pub fn new(articles: &[Article]) -> Material {
        let articles: Vec<Words> = articles
            .iter()
            .map(|a| {
                let sentences = a
                    .body
                    .split(['\n', '.'])
                    .map(str::trim)
                    .filter(|s| s.split_whitespace().count() >= 3)
                    .map(str::to_string)
                    .collect();
                Words {
                    path: a.meta.path.clone(),
                    title: words_of(&a.meta.title),
                    lead: a.meta.lead.as_deref().map(words_of).unwrap_or_default(),
                    body: words_of(&a.body),
                    speakers: a.meta.speakers.clone(),
                    outlet: a.meta.outlet.iter().cloned().collect(),
                    authors: a.meta.authors.clone(),
                    lang: a.meta.lang.clone(),
                    sentences,
                    date: a.meta.date,
                }
            })
            .collect();
        let all_words = articles
            .iter()
            .flat_map(|a| a.title.iter().chain(&a.lead).chain(&a.body).cloned())
            .collect();
        let days: Vec<NaiveDate> = articles
            .iter()
            .filter_map(|a| a.date.map(|d| d.date_naive()))
            .collect();
        let fallback = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        Material {
            articles,
            all_words,
            first_day: days.iter().min().copied().unwrap_or(fallback),
            last_day: days.iter().max().copied().unwrap_or(fallback),
        }
    }
}

/// A seeded source of query texts.
pub struct Generator<'a> {
    material: &'a Material,
    rng: ChaCha8Rng,
    anchor: usize,
}

impl<'a> Generator<'a> {
    /// The same seed gives the same queries.
    pub fn new(material: &'a Material, seed: u64) -> Generator<'a> {
        Generator {
            material,
            rng: ChaCha8Rng::seed_from_u64(seed),
            anchor: 0,
        }
    }

    /// The next query.
    pub fn query(&mut self) -> String {
        self.anchor = self.rng.random_range(0..self.material.articles.len());
        match self.rng.random_range(0..100) {
            0..6 => self.pasted_sentence(),
            6..8 => self.dangling_operator(),
            _ => self.or(0),
        }
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.rng.random_range(0..100) < percent
    }

    fn anchor(&self) -> &'a Words {
        &self.material.articles[self.anchor]
    }

    /// A sentence of the anchor's body as someone would paste it: quotes,
    /// brackets, dashes and all (cut to 25 words).
    fn pasted_sentence(&mut self) -> String {
        let sentences = &self.anchor().sentences;
        let Some(sentence) = sentences.choose(&mut self.rng) else {
            return self.word();
        };
        let words: Vec<&str> = sentence.split_whitespace().take(25).collect();
        words.join(" ")
    }

    /// An operator word where no operator can stand, which must be a word.
    fn dangling_operator(&mut self) -> String {
        let op = *["AND", "OR", "NOT", "&&", "||"]
            .choose(&mut self.rng)
            .unwrap();
        let word = self.word();
        if self.chance(50) {
            format!("{op} {word}")
        } else {
            format!("{word} {op}")
        }
    }

    fn or(&mut self, depth: usize) -> String {
        let n = self.pick_count(&[60, 30, 10]);
        let mut out = self.and(depth);
        for _ in 1..n {
            let op = if self.chance(80) { " OR " } else { " || " };
            out.push_str(op);
            out.push_str(&self.and(depth));
        }
        out
    }

    fn and(&mut self, depth: usize) -> String {
        let n = self.pick_count(&[45, 35, 20]);
        let mut out = self.unary(depth);
        for _ in 1..n {
            let op = match self.rng.random_range(0..10) {
                0..6 => " ",
                6..9 => " AND ",
                _ => " && ",
            };
            out.push_str(op);
            out.push_str(&self.unary(depth));
        }
        out
    }

    /// 1, 2, 3, ... with the given weights.
    fn pick_count(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut roll = self.rng.random_range(0..total);
        for (i, w) in weights.iter().enumerate() {
            if roll < *w {
                return i + 1;
            }
            roll -= w;
        }
        weights.len()
    }

    fn unary(&mut self, depth: usize) -> String {
        let mark = match self.rng.random_range(0..100) {
            0..70 => "",
            70..80 => "-",
            80..87 => "NOT ",
            87..91 => "!",
            _ => "+",
        };
        format!("{mark}{}", self.primary(depth))
    }

    fn primary(&mut self, depth: usize) -> String {
        if depth < MAX_GROUP_DEPTH && self.chance(15) {
            let boost = self.boost();
            if self.chance(25) {
                let (name, inner) = self.field_group();
                return format!("{name}:({inner}){boost}");
            }
            return format!("({}){boost}", self.or(depth + 1));
        }
        let leaf = self.leaf();
        let boost = self.boost();
        format!("{leaf}{boost}")
    }

    fn boost(&mut self) -> String {
        if self.chance(7) {
            (*["^2", "^0.5", "^1.5", "^3"].choose(&mut self.rng).unwrap()).to_string()
        } else {
            String::new()
        }
    }

    fn leaf(&mut self) -> String {
        match self.rng.random_range(0..100) {
            0..30 => self.word(),
            30..34 => format!("={}", self.word()),
            34..46 => self.phrase(),
            46..53 => self.prefix(),
            53..60 => self.fuzzy(),
            60..72 => self.field_word(),
            72..77 => self.field_phrase(),
            77..87 => self.date(),
            87..91 => self.field_star(),
            91..92 => "*".to_string(),
            92..95 => self.regex(),
            95..97 => self.path(),
            97..99 => self.lang(),
            _ => self.nothing(),
        }
    }

    /// An operand with no word in it: punctuation the analyzer drops, which
    /// must be left out of the query around it; rarely, a regex that does
    /// not compile, which must refuse the whole query.
    fn nothing(&mut self) -> String {
        let text = *["...", "&", ",", "'", "/", "\u{2014}", "*-*", "/a[/"]
            .choose(&mut self.rng)
            .unwrap();
        text.to_string()
    }

    /// A word of the anchor article, or of the whole corpus.
    fn word(&mut self) -> String {
        let anchor = self.anchor();
        let pool = match self.rng.random_range(0..10) {
            0..2 => &anchor.title,
            2..6 => &anchor.body,
            6..7 => &anchor.lead,
            _ => &self.material.all_words,
        };
        match pool.choose(&mut self.rng) {
            Some(w) => w.clone(),
            None => self
                .material
                .all_words
                .choose(&mut self.rng)
                .unwrap()
                .clone(),
        }
    }

    /// 2 to 4 consecutive words of `words`, sometimes with one dropped or
    /// two swapped, so that slop has work to do.
    fn run_of(&mut self, words: &[String]) -> Option<Vec<String>> {
        if words.len() < 2 {
            return None;
        }
        let len = self.rng.random_range(2..=4usize).min(words.len());
        let start = self.rng.random_range(0..=words.len() - len);
        let mut run = words[start..start + len].to_vec();
        match self.rng.random_range(0..10) {
            0 if run.len() > 2 => {
                run.remove(1);
            }
            1 => run.swap(0, 1),
            _ => {}
        }
        Some(run)
    }

    fn quoted(&mut self, words: &[String]) -> String {
        let text = words.join(" ");
        let (open, close) = if self.chance(10) {
            ('\u{201C}', '\u{201D}')
        } else {
            ('"', '"')
        };
        let slop = if self.chance(35) {
            format!("~{}", self.rng.random_range(0..=3))
        } else {
            String::new()
        };
        format!("{open}{text}{close}{slop}")
    }

    fn phrase(&mut self) -> String {
        let anchor = self.anchor();
        let source = if self.chance(25) {
            &anchor.title
        } else {
            &anchor.body
        };
        match self.run_of(source) {
            Some(run) => self.quoted(&run),
            None => self.word(),
        }
    }

    /// The start of a word, then `*`; sometimes over a hyphen (`new-yo*`).
    fn prefix(&mut self) -> String {
        let word = self.word();
        let chars: Vec<char> = word.chars().collect();
        if chars.len() < 2 {
            return format!("{word}*");
        }
        let keep = self.rng.random_range(1..chars.len());
        let cut: String = chars[..keep].iter().collect();
        format!("{cut}*")
    }

    /// A word of letters and digits with up to two typos, then `~`, `~1`
    /// or `~2` (and, rarely, an unsupported `~3`).
    fn fuzzy(&mut self) -> String {
        let mut word: Vec<char> = Vec::new();
        for _ in 0..10 {
            let w = self.word();
            if w.chars().count() >= 3 && w.chars().all(char::is_alphanumeric) {
                word = w.chars().collect();
                break;
            }
        }
        if word.is_empty() {
            return self.word();
        }
        for _ in 0..self.rng.random_range(0..=2) {
            let at = self.rng.random_range(0..word.len() - 1);
            match self.rng.random_range(0..4) {
                0 => word.swap(at, at + 1),
                1 => {
                    word.remove(at);
                }
                2 => word.insert(at, 'e'),
                _ => word[at] = 'a',
            }
            if word.len() < 2 {
                break;
            }
        }
        let suffix = match self.rng.random_range(0..100) {
            0..40 => "~",
            40..70 => "~1",
            70..99 => "~2",
            _ => "~3",
        };
        format!("{}{suffix}", word.into_iter().collect::<String>())
    }

    /// A field name in mixed case: `title`, `Title`, `TITLE`, `tItle`.
    fn cased(&mut self, name: &str) -> String {
        match self.rng.random_range(0..10) {
            0..6 => name.to_string(),
            6..8 => {
                let mut c = name.chars();
                let first = c.next().unwrap().to_ascii_uppercase();
                format!("{first}{}", c.as_str())
            }
            8 => name.to_ascii_uppercase(),
            _ => name
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if i % 2 == 1 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect(),
        }
    }

    /// Words of the anchor's field `name`, as it is searched.
    fn field_words(&self, name: &str) -> Vec<String> {
        let anchor = self.anchor();
        match name {
            "title" => anchor.title.clone(),
            "lead" => anchor.lead.clone(),
            "body" => anchor.body.clone(),
            "outlet" => anchor.outlet.iter().flat_map(|s| words_of(s)).collect(),
            "author" | "authors" => anchor.authors.iter().flat_map(|s| words_of(s)).collect(),
            _ => anchor.speakers.iter().flat_map(|s| words_of(s)).collect(),
        }
    }

    fn text_field(&mut self) -> &'static str {
        [
            "title", "title", "lead", "speaker", "speakers", "body", "outlet", "author", "authors",
        ]
        .choose(&mut self.rng)
        .unwrap()
    }

    fn field_word(&mut self) -> String {
        let field = self.text_field();
        let name = self.cased(field);
        let words = self.field_words(field);
        let word = match words.choose(&mut self.rng) {
            Some(w) => w.clone(),
            None => self.word(),
        };
        match self.rng.random_range(0..10) {
            0 => {
                let p = self.prefix_of(&word);
                format!("{name}:{p}")
            }
            1 if word.chars().all(char::is_alphanumeric) => format!("{name}:{word}~"),
            2 => format!("{name}:={word}"),
            _ => format!("{name}:{word}"),
        }
    }

    fn prefix_of(&mut self, word: &str) -> String {
        let chars: Vec<char> = word.chars().collect();
        let keep = self.rng.random_range(1..=chars.len().max(1));
        format!(
            "{}*",
            chars[..keep.min(chars.len())].iter().collect::<String>()
        )
    }

    fn field_phrase(&mut self) -> String {
        let field = self.text_field();
        let name = self.cased(field);
        let words = match field {
            // A whole name: `speaker:"Henrik Dahl"`.
            "speaker" | "speakers" => match self.anchor().speakers.choose(&mut self.rng) {
                Some(s) => words_of(s),
                None => Vec::new(),
            },
            // A whole name: `author:"Ann Lee"`, `outlet:"Coastal Herald"`.
            "author" | "authors" | "outlet" => {
                let anchor = self.anchor();
                let names = if field == "outlet" {
                    &anchor.outlet
                } else {
                    &anchor.authors
                };
                match names.choose(&mut self.rng) {
                    Some(s) => words_of(s),
                    None => Vec::new(),
                }
            }
            _ => self.field_words(field),
        };
        let run = self.run_of(&words).unwrap_or_else(|| words.clone());
        if run.is_empty() {
            return format!("{name}:{}", self.word());
        }
        format!("{name}:{}", self.quoted(&run))
    }

    /// `title:(a OR b)`: words of that field of the anchor, inside a group.
    fn field_group(&mut self) -> (String, String) {
        let field = self.text_field();
        let name = self.cased(field);
        let mut words = self.field_words(field);
        if words.is_empty() {
            words.push(self.word());
        }
        let n = self.rng.random_range(1..=3);
        let mut inner = Vec::new();
        for i in 0..n {
            if i > 0 {
                inner.push(
                    (*[" ", " OR ", " AND ", " -"].choose(&mut self.rng).unwrap()).to_string(),
                );
            }
            let w = words.choose(&mut self.rng).unwrap().clone();
            inner.push(if self.chance(15) {
                self.prefix_of(&w)
            } else {
                w
            });
        }
        (name, inner.concat())
    }

    fn field_star(&mut self) -> String {
        // `date:*` is a node kind of its own (has a date), and at one field
        // in ten it came up about 15 times in 1,500 queries, close enough
        // to the coverage check's floor of 8 to fail about one run in a
        // hundred: it gets a quarter of the draws.
        if self.chance(25) {
            return format!("{}:*", self.cased("date"));
        }
        let field = *[
            "title", "lead", "speaker", "speakers", "body", "path", "date", "outlet", "author",
            "lang",
        ]
        .choose(&mut self.rng)
        .unwrap();
        format!("{}:*", self.cased(field))
    }

    /// `/volc.*/`: a lower-cased start of a word and `.*`, or a word with
    /// one letter left to `.`; in a field now and then.
    fn regex(&mut self) -> String {
        let word: String = self
            .word()
            .to_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if word.len() < 2 {
            return "/wind.*/".to_string();
        }
        let body = if self.chance(50) {
            let keep = self.rng.random_range(1..word.len());
            format!("{}.*", &word[..keep])
        } else {
            let at = self.rng.random_range(0..word.len());
            format!("{}.{}", &word[..at], &word[at + 1..])
        };
        if self.chance(25) {
            format!("{}:/{body}/", self.cased("title"))
        } else {
            format!("/{body}/")
        }
    }

    /// `lang:` with the anchor's tag, its primary part, another spelling
    /// of it (`EN_gb`), a prefix or a pattern, or a tag no article has.
    fn lang(&mut self) -> String {
        let name = self.cased("lang");
        let tag = self
            .anchor()
            .lang
            .clone()
            .unwrap_or_else(|| "en".to_string());
        let primary = tag.split('-').next().unwrap_or("en").to_string();
        let value = match self.rng.random_range(0..8) {
            0 | 1 => tag,
            2 | 3 => primary,
            4 => tag.to_uppercase().replace('-', "_"),
            5 => format!("{}*", &primary[..1]),
            6 => format!("/{primary}-.*/"),
            _ => (*["fr", "de-at", "pt-br"].choose(&mut self.rng).unwrap()).to_string(),
        };
        format!("{name}:{value}")
    }

    fn path(&mut self) -> String {
        let name = self.cased("path");
        let path = self.anchor().path.clone();
        if self.chance(60) {
            return format!("{name}:{path}");
        }
        // A folder, or the start of a name.
        let cut = match path.rfind('/') {
            Some(slash) if self.chance(50) => slash + 1,
            _ => self.rng.random_range(1..=path.len()),
        };
        let cut = (0..=cut).rev().find(|i| path.is_char_boundary(*i)).unwrap();
        format!("{name}:{}*", &path[..cut])
    }

    /// A day of the corpus's span (the anchor's, more often than not).
    fn day(&mut self) -> NaiveDate {
        if let Some(date) = self.anchor().date {
            if self.chance(60) {
                return date.date_naive();
            }
        }
        let span = (self.material.last_day - self.material.first_day).num_days();
        self.material.first_day + Duration::days(self.rng.random_range(0..=span))
    }

    /// A year, a month or a day (rarely an exact instant) around `day`.
    fn period(&mut self, day: NaiveDate) -> String {
        match self.rng.random_range(0..10) {
            0..2 => format!("{}", day.year()),
            2..5 => format!("{}-{:02}", day.year(), day.month()),
            5..9 => day.format("%Y-%m-%d").to_string(),
            _ => format!("{}T12:00:00Z", day.format("%Y-%m-%d")),
        }
    }

    fn date(&mut self) -> String {
        let name = self.cased("date");
        let a = self.day();
        let value = match self.rng.random_range(0..10) {
            0..3 => self.period(a),
            3..6 => {
                let b = self.day();
                let (low, high) = if a <= b { (a, b) } else { (b, a) };
                let low = if self.chance(15) {
                    "*".to_string()
                } else {
                    self.period(low)
                };
                let high = if self.chance(15) {
                    "*".to_string()
                } else {
                    self.period(high)
                };
                if self.chance(15) {
                    let side = |v: String| if v == "*" { String::new() } else { v };
                    return format!("{name}:{}..{}", side(low), side(high));
                }
                let open = if self.chance(70) { '[' } else { '{' };
                let close = if self.chance(70) { ']' } else { '}' };
                let to = if self.chance(90) { "TO" } else { "to" };
                format!("{open}{low} {to} {high}{close}")
            }
            _ => {
                let op = *[">=", ">", "<", "<="].choose(&mut self.rng).unwrap();
                format!("{op}{}", self.period(a))
            }
        };
        format!("{name}:{value}")
    }
}
