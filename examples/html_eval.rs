//! How well the HTML reader finds the story, the title and the date, and how
//! fast: the development evaluation BENCHMARKS.md reports.
//!
//! ```text
//! cargo run --release --example html_eval
//! cargo run --release --example html_eval -- --pages    # a line per page
//! cargo run --release --example html_eval -- --reps 5   # best of 5 timings
//! cargo run --release --example html_eval -- --dump DIR # what each own page gives
//! ```
//!
//! Two sets are scored. The development set is Mozilla Readability's 130
//! test pages (`../shared/corpora/readability-test-pages/`, read from the
//! tarball; skipped with a message when absent), whose reference is
//! Readability's own output: a score there is agreement with Readability,
//! which is a good extractor, not the truth. The project's own saved pages
//! (`tests/fixtures/html/`, `tests/fixtures/eval/html/`) are scored against
//! the article each should give, written in the reference text layout in
//! `tests/fixtures/html-expected/` (title, lead, date, then the body).
//!
//! Body text is compared as word 4-grams (and single words), lower-cased
//! and split at anything not a letter or digit; precision, recall and F1
//! are computed per page and averaged. A body of fewer than 20 words is
//! "empty"; the empty bodies whose reference holds a story (20 words or
//! more) are counted apart, since an empty answer is the right one for a
//! page whose reference is empty too. Speed is one thread parsing every page from memory, best of
//! `--reps` passes, speakers included, as `newsidx index` parses.

use std::collections::HashMap;
use std::hash::Hash;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use ego_tree::iter::Edge;
use newsidx::article::{parse_file, Article, ParseOptions};
use scraper::{Html, Node};

/// A body with fewer words than this counts as no story.
const EMPTY_WORDS: usize = 20;

/// One page and what it should give.
struct Page {
    name: String,
    bytes: Vec<u8>,
    /// The story's text, one block a line.
    body: String,
    /// The lead when the reference separates it from the body.
    lead: Option<String>,
    title: Option<String>,
    /// `YYYY-MM-DD` of the publication date, when the reference has one.
    day: Option<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let per_page = args.iter().any(|a| a == "--pages");
    let reps = args
        .iter()
        .position(|a| a == "--reps")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(3);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tarball = root.join("../shared/corpora/readability-test-pages/test-pages.tar.gz");
    if tarball.is_file() {
        let pages = readability_pages(&tarball);
        report("readability test pages", &pages, per_page, reps);
    } else {
        println!(
            "skipped: the Readability test pages are absent ({} not found)",
            tarball.display()
        );
    }
    if let Some(dir) = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1))
    {
        dump(root, Path::new(dir));
        return;
    }
    let own = own_pages(root);
    report("own saved pages", &own, per_page, reps);
}

/// Writes what each of the project's own pages gives, in the reference text
/// layout: the starting point for an expected article, to be read and
/// corrected by hand before it is one.
fn dump(root: &Path, out: &Path) {
    std::fs::create_dir_all(out).expect("create the dump folder");
    for (prefix, dir) in [
        ("fixtures", "tests/fixtures/html"),
        ("eval", "tests/fixtures/eval/html"),
    ] {
        for entry in std::fs::read_dir(root.join(dir)).expect("read the fixtures") {
            let path = entry.expect("read the fixtures").path();
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            let bytes = std::fs::read(&path).expect("read a page");
            let name = format!("{}.html", stem);
            let Some(a) = parse_file(&name, &bytes, &ParseOptions::default())
                .ok()
                .and_then(|mut r| r.pop()?.ok())
            else {
                println!("{prefix}-{stem}: refused");
                continue;
            };
            let date = a
                .meta
                .date
                .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            let text = format!(
                "{}\n{}\n{date}\n{}\n",
                a.meta.title,
                a.meta.lead.as_deref().unwrap_or(""),
                a.body
            );
            std::fs::write(out.join(format!("{prefix}-{stem}.txt")), text).expect("write");
        }
    }
}

/// The Readability test pages from their tarball: `source.html`, the text of
/// `expected.html`, and the title and date of `expected-metadata.json`.
fn readability_pages(tarball: &Path) -> Vec<Page> {
    let file = std::fs::File::open(tarball).expect("open the tarball");
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut files: HashMap<(String, String), Vec<u8>> = HashMap::new();
    for entry in archive.entries().expect("read the tarball") {
        let mut entry = entry.expect("read a tarball entry");
        let path = entry
            .path()
            .expect("entry path")
            .to_string_lossy()
            .into_owned();
        let mut parts = path.rsplitn(3, '/');
        let (Some(file), Some(folder)) = (parts.next(), parts.next()) else {
            continue;
        };
        if matches!(
            file,
            "source.html" | "expected.html" | "expected-metadata.json"
        ) {
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("read a page");
            files.insert((folder.to_string(), file.to_string()), bytes);
        }
    }
    let mut names: Vec<String> = files
        .keys()
        .filter(|(_, f)| f == "source.html")
        .map(|(d, _)| d.clone())
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let take = |f: &str| files.get(&(name.clone(), f.to_string())).cloned();
            let bytes = take("source.html")?;
            let expected = String::from_utf8_lossy(&take("expected.html")?).into_owned();
            let meta: serde_json::Value =
                serde_json::from_slice(&take("expected-metadata.json")?).ok()?;
            let text = |key: &str| meta[key].as_str().map(str::to_string);
            Some(Page {
                bytes,
                body: html_to_text(&expected),
                lead: None,
                title: text("title").filter(|t| !t.is_empty()),
                day: text("publishedTime").and_then(|d| day_of(&d)),
                name,
            })
        })
        .collect()
}

/// The project's own pages with the article each should give.
fn own_pages(root: &Path) -> Vec<Page> {
    let expected_dir = root.join("tests/fixtures/html-expected");
    let mut pages = Vec::new();
    for (prefix, dir) in [
        ("fixtures", "tests/fixtures/html"),
        ("eval", "tests/fixtures/eval/html"),
    ] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("read the fixtures")
            .filter_map(|e| Some(e.ok()?.path()))
            .collect();
        paths.sort();
        for path in paths {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            let name = format!("{prefix}-{stem}");
            let Ok(want) = std::fs::read(expected_dir.join(format!("{name}.txt"))) else {
                println!("{name}: no expected article, skipped");
                continue;
            };
            let want = parse_file("expected.txt", &want, &ParseOptions::default())
                .ok()
                .and_then(|mut r| r.pop()?.ok())
                .unwrap_or_else(|| panic!("{name}: the expected article does not parse"));
            pages.push(Page {
                bytes: std::fs::read(&path).expect("read a page"),
                body: want.body,
                lead: want.meta.lead,
                title: Some(want.meta.title),
                day: want.meta.date.map(|d| d.format("%Y-%m-%d").to_string()),
                name,
            });
        }
    }
    pages
}

#[derive(Default)]
struct Totals {
    pages: usize,
    body: Prf,
    words: Prf,
    lead_body: Prf,
    empty: usize,
    /// Empty bodies where the reference has a story: the misses.
    empty_missed: usize,
    refused: usize,
    titles: usize,
    titles_given: usize,
    dated: usize,
    days_given: usize,
    days_found: usize,
    days_right: usize,
}

fn report(set: &str, pages: &[Page], per_page: bool, reps: usize) {
    let options = ParseOptions::default();
    let mut t = Totals::default();
    if per_page {
        println!("page\tF1\tP\tR\twords\ttitle\tdate");
    }
    for page in pages {
        let article = parse_file(&format!("{}.html", page.name), &page.bytes, &options)
            .ok()
            .and_then(|mut r| r.pop()?.ok());
        let want = tokens(&page.body);
        let (body, lead_body, title, date) = match &article {
            Some(a) => (
                tokens(&a.body),
                tokens(&lead_and_body(a)),
                Some(a.meta.title.as_str()),
                a.meta.date.map(|d| d.format("%Y-%m-%d").to_string()),
            ),
            None => {
                t.refused += 1;
                (Vec::new(), Vec::new(), None, None)
            }
        };
        // A reference that keeps the lead apart is scored against the
        // body alone and, for the lead + body figure, with it put back.
        let want_lead_body = match &page.lead {
            Some(lead) => tokens(&format!("{lead}\n{}", page.body)),
            None => want.clone(),
        };
        let score = ngram_prf(&body, &want, 4);
        t.pages += 1;
        t.body.add(score);
        t.words
            .add(prf(&multiset(body.iter()), &multiset(want.iter())));
        t.lead_body.add(ngram_prf(&lead_body, &want_lead_body, 4));
        t.empty += usize::from(body.len() < EMPTY_WORDS);
        t.empty_missed += usize::from(body.len() < EMPTY_WORDS && want.len() >= EMPTY_WORDS);
        let title_right = match (&page.title, title) {
            (Some(want), Some(got)) => {
                t.titles_given += 1;
                let right = norm_title(want) == norm_title(got);
                t.titles += usize::from(right);
                right
            }
            _ => true,
        };
        t.dated += usize::from(date.is_some());
        let date_right = match (&page.day, &date) {
            (Some(want), got) => {
                t.days_given += 1;
                t.days_found += usize::from(got.is_some());
                let right = got.as_deref().is_some_and(|g| within_a_day(g, want));
                t.days_right += usize::from(right);
                right
            }
            (None, _) => true,
        };
        if per_page {
            println!(
                "{}\t{:.3}\t{:.3}\t{:.3}\t{}/{}\t{}\t{}",
                page.name,
                score.f1,
                score.p,
                score.r,
                body.len(),
                want.len(),
                if title_right { "ok" } else { "DIFF" },
                match (date_right, &date) {
                    (true, _) => "ok".to_string(),
                    (false, d) => format!("DIFF {d:?} want {:?}", page.day),
                },
            );
        }
    }
    let n = t.pages.max(1) as f64;
    let pages_per_second = speed(pages, reps);
    println!("\n## {set} ({} pages)\n", t.pages);
    println!("| measure | value |\n|---|---|");
    println!(
        "| body 4-gram F1 (P / R) | **{:.3}** ({:.3} / {:.3}) |",
        t.body.f1 / n,
        t.body.p / n,
        t.body.r / n
    );
    println!("| body word F1 | {:.3} |", t.words.f1 / n);
    println!("| lead + body 4-gram F1 | {:.3} |", t.lead_body.f1 / n);
    println!(
        "| empty bodies (< {EMPTY_WORDS} words; pages refused) | {} ({}) |",
        t.empty, t.refused
    );
    println!(
        "| of them where the reference has a story | {} |",
        t.empty_missed
    );
    println!(
        "| title equal to the reference | {} / {} |",
        t.titles, t.titles_given
    );
    println!(
        "| dated pages; reference dates found / within a day | {}; {} / {} of {} |",
        t.dated, t.days_found, t.days_right, t.days_given
    );
    println!("| pages/s (one thread, best of {reps}) | {pages_per_second:.0} |");
}

/// Pages per second over the whole set, one thread, best of `reps`.
fn speed(pages: &[Page], reps: usize) -> f64 {
    let options = ParseOptions::default();
    let mut best = f64::MAX;
    for _ in 0..reps.max(1) {
        let start = Instant::now();
        for page in pages {
            std::hint::black_box(parse_file("page.html", &page.bytes, &options).ok());
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    pages.len() as f64 / best
}

fn lead_and_body(a: &Article) -> String {
    match &a.meta.lead {
        Some(lead) => format!("{lead}\n{}", a.body),
        None => a.body.clone(),
    }
}

/// Whether two `YYYY-MM-DD` days are at most one apart (a zone may move a
/// late-evening date to the next day).
fn within_a_day(got: &str, want: &str) -> bool {
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    match (day(got), day(want)) {
        (Some(g), Some(w)) => (g - w).num_days().abs() <= 1,
        _ => false,
    }
}

/// The first `YYYY-MM-DD` in a date's text.
fn day_of(text: &str) -> Option<String> {
    (0..text.len().saturating_sub(9)).find_map(|i| {
        let candidate = text.get(i..i + 10)?;
        chrono::NaiveDate::parse_from_str(candidate, "%Y-%m-%d")
            .ok()
            .map(|_| candidate.to_string())
    })
}

/// A title as compared: one line, lower case, plain quotes and dashes.
fn norm_title(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201C}', '\u{201D}'], "\"")
        .replace(['\u{2013}', '\u{2014}'], "-")
}

/// Elements whose edges do not separate words.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "del",
    "ins", "strike", "tt", "big", "label", "wbr",
];

/// Elements whose text is never shown.
const UNSEEN: &[&str] = &["script", "style", "noscript", "template", "head", "title"];

/// The visible text of the reference HTML, a line break at every block
/// edge and `<br>`, so that words of two blocks never run together.
fn html_to_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = String::with_capacity(html.len() / 2);
    let mut unseen = 0usize;
    for edge in doc.tree.root().traverse() {
        let (node, opening) = match edge {
            Edge::Open(n) => (n, true),
            Edge::Close(n) => (n, false),
        };
        match node.value() {
            Node::Text(t) if opening && unseen == 0 => out.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if UNSEEN.contains(&name) {
                    if opening {
                        unseen += 1;
                    } else {
                        unseen -= 1;
                    }
                } else if !INLINE.contains(&name) {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
    out
}

/// Lower-cased words: runs of letters and digits.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[derive(Debug, Default, Clone, Copy)]
struct Prf {
    p: f64,
    r: f64,
    f1: f64,
}

impl Prf {
    fn add(&mut self, other: Prf) {
        self.p += other.p;
        self.r += other.r;
        self.f1 += other.f1;
    }
}

fn multiset<T: Hash + Eq>(items: impl Iterator<Item = T>) -> HashMap<T, usize> {
    let mut counts = HashMap::new();
    for item in items {
        *counts.entry(item).or_insert(0) += 1;
    }
    counts
}

/// Precision, recall and F1 of two multisets; an empty answer scores 0
/// unless the reference is empty too.
fn prf<T: Hash + Eq>(got: &HashMap<T, usize>, want: &HashMap<T, usize>) -> Prf {
    let (n_got, n_want): (usize, usize) = (got.values().sum(), want.values().sum());
    if n_got == 0 || n_want == 0 {
        let same = n_got == n_want;
        let v = if same { 1.0 } else { 0.0 };
        return Prf { p: v, r: v, f1: v };
    }
    let common: usize = got
        .iter()
        .map(|(k, &c)| c.min(want.get(k).copied().unwrap_or(0)))
        .sum();
    let p = common as f64 / n_got as f64;
    let r = common as f64 / n_want as f64;
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    Prf { p, r, f1 }
}

fn ngram_prf(got: &[String], want: &[String], n: usize) -> Prf {
    let grams = |words: &[String]| multiset(words.windows(n).map(|w| w.join(" ")));
    prf(&grams(got), &grams(want))
}
