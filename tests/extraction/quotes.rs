//! Quote spans (`newsidx::article::quotes`) against the direct quotes
//! labelled in `tests/fixtures/eval/set3/quotes.json`, which two writers
//! labelled blind while writing the articles: every span of words between
//! quotation marks (or after a reference-layout dash) that a person
//! speaks.
//!
//! The labels hold only quotes whose speaker is a person, so a span the
//! finder reads for a firm's or an anonymous source's words counts
//! against its precision here; who speaks is the speaker rules' part, to
//! be measured on (quote, speaker) pairs once quotes carry a speaker. A
//! label and a span match when their words agree, the punctuation at
//! either end aside (writers differ on a comma inside the marks).

use std::collections::BTreeMap;
use std::path::Path;

use newsidx::article::quotes::{find_quotes, QuoteKind};
use newsidx::article::{parse_file, Article, ParseOptions};
use serde::Deserialize;

/// Recall of labelled quotes on set 3: 0.955 when the finder was first
/// run on it (14 dash quotes missed, with quoted words inside or a name
/// after the closing dash), 1.000 after those two shapes were read; a
/// floor just under, since this is the set the finder was written with.
const RECALL_FLOOR: f64 = 0.99;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Labelled {
    file: String,
    line: Option<usize>,
    quotes: Vec<Quote>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Quote {
    speaker: String,
    text: String,
}

/// The words of a quote, its outer punctuation and spaces aside.
fn key(text: &str) -> String {
    text.trim_matches(|c: char| {
        c.is_whitespace() || c.is_ascii_punctuation() || "“”‘’…—–".contains(c)
    })
    .to_string()
}

/// Each labelled article of set 3 with its name (`file#line` for a
/// record of a JSON Lines file) and the article `newsidx` parses from it.
fn labelled_articles() -> Vec<(Labelled, String, Article)> {
    labelled_articles_of("set3")
}

/// Each labelled article of the development set `set`, from every
/// `quotes*.json` in its folder (later sets keep one file per writer).
fn labelled_articles_of(set: &str) -> Vec<(Labelled, String, Article)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/eval")
        .join(set);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("quotes") && name.ends_with(".json"))
        .collect();
    files.sort();
    let labelled: Vec<Labelled> = files
        .iter()
        .flat_map(|name| {
            serde_json::from_slice::<Vec<Labelled>>(&std::fs::read(dir.join(name)).unwrap())
                .unwrap()
        })
        .collect();
    let options = ParseOptions::default();
    labelled
        .into_iter()
        .filter_map(|entry| {
            let bytes = std::fs::read(dir.join(&entry.file)).unwrap();
            let wanted = match entry.line {
                Some(line) => format!("{}#{line}", entry.file),
                None => entry.file.clone(),
            };
            // Set 11's `md/04.md` opens with front matter that is not YAML
            // (a quoted scalar with words after it), as its writer wrote
            // it; the parser refuses the file, as it does when indexing.
            // Its quotes are left out here and named, as the speaker
            // scores count its speakers missed.
            let article = match parse_file(&entry.file, &bytes, &options) {
                Ok(records) => records
                    .into_iter()
                    .filter_map(Result::ok)
                    .find(|a| a.meta.path == wanted)
                    .unwrap_or_else(|| panic!("{wanted} does not parse")),
                Err(e) if set == "set11" => {
                    println!(
                        "{set} {wanted}: not parsed ({e}), its {} quotes left out",
                        entry.quotes.len()
                    );
                    return None;
                }
                Err(e) => panic!("{wanted} does not parse: {e}"),
            };
            Some((entry, wanted, article))
        })
        .collect()
}

#[test]
fn quote_spans_on_the_third_development_set() {
    let (mut labels, mut found, mut matched) = (0usize, 0usize, 0usize);
    let mut by_format: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    for (entry, wanted, article) in &labelled_articles() {
        let paragraphs: Vec<&str> = article
            .meta
            .lead
            .as_deref()
            .into_iter()
            .chain(article.body.lines())
            .collect();
        let spans: Vec<String> = find_quotes(&paragraphs)
            .into_iter()
            .map(|q| key(&paragraphs[q.paragraph][q.range]))
            .collect();
        let mut unmatched = spans.clone();
        let mut hit = 0;
        for quote in &entry.quotes {
            let want = key(&quote.text);
            match unmatched.iter().position(|s| *s == want) {
                Some(at) => {
                    unmatched.remove(at);
                    hit += 1;
                }
                None => misses.push(format!("{wanted}: missed {:?}", quote.text)),
            }
        }
        let format = entry.file.split('/').next().unwrap_or("?").to_string();
        let tally = by_format.entry(format).or_default();
        tally.0 += entry.quotes.len();
        tally.1 += spans.len();
        tally.2 += hit;
        labels += entry.quotes.len();
        found += spans.len();
        matched += hit;
    }
    println!(
        "{:<6} {:>7} {:>6} {:>7} {:>7} {:>7}",
        "format", "labels", "spans", "matched", "recall", "prec."
    );
    let row = |name: &str, (l, f, m): (usize, usize, usize)| {
        println!(
            "{name:<6} {l:>7} {f:>6} {m:>7} {:>7.3} {:>7.3}",
            m as f64 / l.max(1) as f64,
            m as f64 / f.max(1) as f64
        );
    };
    for (format, tally) in &by_format {
        row(format, *tally);
    }
    row("all", (labels, found, matched));
    for miss in &misses {
        println!("  {miss}");
    }
    assert!(labels >= 300, "set 3 labels {labels} quotes");
    let recall = matched as f64 / labels as f64;
    assert!(
        recall >= RECALL_FLOOR,
        "quote span recall {recall:.3} < {RECALL_FLOOR}"
    );
}

/// Precision of (quote, speaker) pairs on set 3: a direct quote record is
/// right when its words are a labelled quote's and its speaker that
/// quote's speaker. Reported-speech records are left out: the labels hold
/// direct quotes only, so they can be neither right nor wrong here.
/// Recall is the share of labelled quotes with a right record.
///
/// First run, before any tuning: precision 0.947 (266 of 281), recall
/// 0.853. Reading a cue's sentence as the speaker rules split it (so that
/// "Sen. Ana Ruiz said" or "S. Rao said" after a quote is the same
/// sentence) brought 268 of 283: precision 0.947, recall 0.859 (and 110
/// reported-speech records, 115 before their attribution tails were
/// left out). Of the
/// 15 wrong, 14 are the speaker rules' own choice (a pronoun or surname
/// resolved to another person: "- she replied." after another woman
/// spoke), which quote records take as they are; most of the 44 missed
/// have no attribution the rules make, or one they leave unresolved (two
/// people called Li). Floors just under, since this is the set the
/// pairing was written with.
const PAIR_PRECISION_FLOOR: f64 = 0.94;
const PAIR_RECALL_FLOOR: f64 = 0.85;

#[test]
fn quote_speakers_on_the_third_development_set() {
    let (precision, recall) = score_pairs("set3");
    assert!(
        precision >= PAIR_PRECISION_FLOOR,
        "(quote, speaker) precision {precision:.3} < {PAIR_PRECISION_FLOOR}"
    );
    assert!(
        recall >= PAIR_RECALL_FLOOR,
        "(quote, speaker) recall {recall:.3} < {PAIR_RECALL_FLOOR}"
    );
}

/// Scores the (quote, speaker) pairs of the development set `set`, prints
/// its wrong and missed pairs, and returns (precision, recall).
fn score_pairs(set: &str) -> (f64, f64) {
    let (mut labels, mut records, mut right, mut reported) = (0usize, 0usize, 0usize, 0usize);
    let mut wrong = Vec::new();
    let mut missed = Vec::new();
    for (entry, wanted, article) in &labelled_articles_of(set) {
        let mut open: Vec<(String, String)> = entry
            .quotes
            .iter()
            .map(|q| (key(&q.text), q.speaker.clone()))
            .collect();
        labels += open.len();
        for quote in &article.quotes {
            if quote.kind == QuoteKind::Reported {
                reported += 1;
                continue;
            }
            records += 1;
            let words = key(&quote.text);
            let same = open
                .iter()
                .position(|(w, s)| *w == words && s.eq_ignore_ascii_case(&quote.speaker));
            match same {
                Some(at) => {
                    open.remove(at);
                    right += 1;
                }
                None => {
                    let said = entry.quotes.iter().find(|q| key(&q.text) == words);
                    wrong.push(format!(
                        "{wanted}: {:?} given to {:?}, labelled {:?}",
                        quote.text,
                        quote.speaker,
                        said.map_or("(not a labelled quote)", |q| q.speaker.as_str())
                    ));
                }
            }
        }
        for (words, speaker) in open {
            missed.push(format!("{wanted}: {speaker:?} {words:?}"));
        }
    }
    let precision = right as f64 / records.max(1) as f64;
    let recall = right as f64 / labels.max(1) as f64;
    println!(
        "{set} quote records: {records} direct ({reported} reported apart), {right} right of {labels} labelled: precision {precision:.3}, recall {recall:.3}"
    );
    for line in &wrong {
        println!("  wrong {line}");
    }
    for line in &missed {
        println!("  missed {line}");
    }
    (precision, recall)
}

/// Sets 4 to 6 were labelled blind with their quotes, and the pairing
/// was written from set 3, never from these. First figures: set 4
/// precision 0.909 (230 of 253 direct records right), recall 0.816 of 282
/// labels, after the speaker rules' fourth round had been written from its
/// speakers; set 5 precision 0.847 (194 of 229), recall 0.749 of 259,
/// before any rule saw it; set 6 precision 0.916 (251 of 274), recall
/// 0.860 of 292, under round 5's rules. After round 6 (speaker rules read
/// from sets 4 and 5, never from set 6): set 4 0.934, set 5 0.901 (209 of
/// 232), set 6 0.927 (255 of 275), so issue 13's 0.90 holds on every set.
/// After round 9: set 4 0.946 (244 of 258), set 5 0.918 (213 of 232);
/// after round 10, set 5 0.922 (213 of 231). Floors just under each.
const SET4_PAIR_PRECISION_FLOOR: f64 = 0.93;
const SET5_PAIR_PRECISION_FLOOR: f64 = 0.915;
const SET6_PAIR_PRECISION_FLOOR: f64 = 0.94;
/// Set 7, written blind in session 12, under round 6's rules before any
/// rule saw it: precision 0.921 (176 of 191), recall 0.850 of 207; 0.927
/// after round 7, 0.941 (177 of 188) after round 8, 0.952 (179 of 188)
/// after round 9.
const SET7_PAIR_PRECISION_FLOOR: f64 = 0.95;
/// Set 8, written blind in session 13, under round 7's rules before any
/// rule saw it: precision 0.877 (206 of 235), recall 0.792 of 260; after
/// round 8, 0.887 (211 of 238), recall 0.812; after round 9, 0.895 (214
/// of 239), recall 0.823; after round 10, 0.900 (216 of 240), recall
/// 0.831. Set 6 stands at 0.949 (263 of 277) after rounds 9 and 10.
const SET8_PAIR_PRECISION_FLOOR: f64 = 0.895;
/// Set 9, written blind in session 14, under round 8's rules before any
/// rule saw it: precision 0.880 (147 of 167), recall 0.795 of 185; after
/// round 9, 0.929 (156 of 168), recall 0.843; with round 10's labels of
/// people a presenter reports (three more quotes), 0.935 under round 9's
/// rules and 0.941 (160 of 170), recall 0.851, after round 10; 0.948
/// (163 of 172), recall 0.867, after round 11.
const SET9_PAIR_PRECISION_FLOOR: f64 = 0.94;
/// Set 10, written blind in session 15, under round 9's rules before any
/// rule saw it: precision 0.872 (129 of 148), recall 0.816 of 158; after
/// round 10, written from its misses by kind, 0.925 (135 of 146), recall
/// 0.854.
const SET10_PAIR_PRECISION_FLOOR: f64 = 0.92;
/// Set 11, written blind in session 16, under round 10's rules before any
/// rule saw it: precision 0.868 (177 of 204), recall 0.770 of the 230
/// labels of the articles that parse (`md/04`'s 7 are left out); after
/// round 11, written by kind from its speaker misses, 0.890 (187 of 210),
/// recall 0.813.
const SET11_PAIR_PRECISION_FLOOR: f64 = 0.885;
/// Set 12, written blind in session 17, under round 11's rules before any
/// rule saw it: precision 0.926 (187 of 202), recall 0.882 of 212; after
/// round 12, written by kind from its speaker misses, 0.946 (192 of 203),
/// recall 0.906.
const SET12_PAIR_PRECISION_FLOOR: f64 = 0.94;
/// Set 13, recent news written blind in session 23, under round 12's
/// rules before any rule saw it: precision 0.858 (145 of 169), recall
/// 0.868 of 167; after round 13, 0.893 (150 of 168), recall 0.898.
const SET13_PAIR_PRECISION_FLOOR: f64 = 0.89;

#[test]
fn quote_speakers_on_the_blind_sets() {
    for (set, floor) in [
        ("set4", SET4_PAIR_PRECISION_FLOOR),
        ("set5", SET5_PAIR_PRECISION_FLOOR),
        ("set6", SET6_PAIR_PRECISION_FLOOR),
        ("set7", SET7_PAIR_PRECISION_FLOOR),
        ("set8", SET8_PAIR_PRECISION_FLOOR),
        ("set9", SET9_PAIR_PRECISION_FLOOR),
        ("set10", SET10_PAIR_PRECISION_FLOOR),
        ("set11", SET11_PAIR_PRECISION_FLOOR),
        ("set12", SET12_PAIR_PRECISION_FLOOR),
        ("set13", SET13_PAIR_PRECISION_FLOOR),
    ] {
        let (precision, _) = score_pairs(set);
        assert!(
            precision >= floor,
            "{set}: (quote, speaker) precision {precision:.3} < {floor}"
        );
    }
}
