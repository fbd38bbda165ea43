//! Title, date and speaker accuracy on the labelled development set, and
//! on the frozen test set.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use newsidx::article::{parse_file, Article, ParseOptions};
use serde::Deserialize;

use crate::shared;

const SPEAKER_F1_BAR: f64 = 0.90;
const DATE_ACCURACY_BAR: f64 = 0.98;
const TITLE_ACCURACY_BAR: f64 = 0.98;
/// At or just under the frozen set's figures after round 12 of issue 11
/// (F1 0.924, precision 0.950: 323 right and 17 extra, exactly issue 11's
/// bar, read twice in the round, totals only; round 11 ended at 0.923 and
/// 0.950 rounded, a hair under 0.95; round 10 at 0.918 and 0.949, round 9 at 0.912 and 0.946, round 8 at
/// 0.909 and 0.946, round 7 at 0.908 and 0.943, round 6 at 0.894 and
/// 0.931, round 5 at 0.893 and 0.931).
const TEST_SET_F1_FLOOR: f64 = 0.92;
/// Set 3's speaker F1 when it landed (0.876), before any rule was changed
/// from it.
const SET3_F1_FLOOR: f64 = 0.87;
/// Just under set 4's speaker F1 after round 9 (0.970: P 1.000, R
/// 0.942); round 7 left it at 0.966, round 6 at 0.959, round 5 at 0.941, round 4's rules, written
/// from it, took it to 0.939, and it landed at 0.864 (P 0.916, R 0.817),
/// before any rule was changed from it.
const SET4_F1_FLOOR: f64 = 0.965;
/// Just under set 5's speaker F1 after round 11 (0.961: P 0.992, R
/// 0.931); round 10 left it at 0.953 (P 0.992, R 0.917); round 9 left it at 0.949 (P 0.988, R 0.913), round 7 left it at 0.938 (P 0.980, R 0.899), round 6, whose rules were read from its misses by kind, left it at
/// 0.931; it landed at 0.888 (P 0.940, R 0.841), round 4's rules on news
/// they were not written from.
const SET5_F1_FLOOR: f64 = 0.955;
/// Set 6 (`eval/set6/`), written blind in session 11 and first scored
/// under round 5's rules, before round 6 merged: P 0.947, R 0.859,
/// F1 0.901; round 6 took it unseen to 0.913. Round 7 read its false
/// positives by kind (a development set now) and left it at 0.946 (P
/// 0.978, R 0.915); round 11 to 0.950 (P 0.983, R 0.919): the floor
/// sits just under that.
const SET6_F1_FLOOR: f64 = 0.945;
/// Set 7 (`eval/set7/`), written blind in session 12 and first scored
/// under round 6's rules, before round 7 merged: P 0.936, R 0.893,
/// F1 0.914 (dates 0.958: two pages and a liveblog whose date the
/// extractor missed; 1.000 since a `Last updated:` header and a date line
/// under the headline date an article). Round 7 took it to 0.921 unseen;
/// round 8, which read its false positives by kind (a development set
/// now), to 0.932 (P 0.970, R 0.897); round 9 to 0.937 (P 0.975, R
/// 0.902); round 11 to 0.947 (P 0.975, R 0.921): the floor sits just
/// under that.
const SET7_F1_FLOOR: f64 = 0.94;
/// Set 8 (`eval/set8/`), written blind in session 13 and first scored
/// under round 7's rules, before round 8 was written: P 0.946, R 0.849,
/// F1 0.895 (txt 0.931, md 0.869, json 0.889, jsonl 0.909, html 0.870;
/// dates 0.986, a press release dated only in its visible dateline).
/// Round 8's rules, written by kind from its misses and sets 1-7, took it
/// to 0.921 (P 0.966, R 0.880), round 9's to 0.933 (P 0.976, R 0.893),
/// round 10's to 0.940 (P 0.981, R 0.902), round 11's to 0.947 (P
/// 0.981, R 0.916): the floor sits just under that.
const SET8_F1_FLOOR: f64 = 0.94;
/// Set 9 (`eval/set9/`), written blind in session 14 and first scored
/// under round 8's rules, before round 9 was written: P 0.944, R 0.814,
/// F1 0.874 (txt 0.854, md 0.814, json 0.969, jsonl 0.903, html 0.875;
/// dates 0.986, a live blog dated only in its italic byline). Round 9's
/// rules, written by kind from its misses and sets 1-8, took it to 0.930
/// (P 0.988, R 0.878). Round 10 brought its transcripts into line with
/// the settled convention (four people a presenter reports were added,
/// `set9/README.md`), which reads 0.925 (P 0.994, R 0.865) under round
/// 9's rules; round 10 took it to 0.934 (P 0.994, R 0.880), round 11 to
/// 0.940 (P 0.994, R 0.891): the floor sits just under that.
const SET9_F1_FLOOR: f64 = 0.935;
/// Set 10 (`eval/set10/`), written blind in session 15 for precision
/// and first scored under round 9's rules, before round 10 was written:
/// P 0.838, R 0.905, F1 0.870 (txt 0.839, md 0.865, json 0.906, jsonl
/// 0.917, html 0.875; dates and titles 1.000), 26 false positives, most of
/// them firms and things named after people. Round 10's rules, written by
/// kind from its misses and sets 1-9, took it to 0.972 (P 0.993, R
/// 0.953): the floor sits just under that.
const SET10_F1_FLOOR: f64 = 0.965;
/// Set 11 (`eval/set11/`), written blind in session 16 and first scored
/// under round 10's rules, before round 11 saw it: P 0.937, R 0.815,
/// F1 0.872 (txt 0.904, md 0.893, json 0.911, jsonl 0.780, html 0.805;
/// dates and titles 0.983, `md/04` being refused for its front matter).
/// Round 11's first commit, written from sets 1-10 before set 11 was
/// read, gave 0.870 on it, still unseen (P 0.933); round 11's rules,
/// written by kind from its misses and sets 1-10, took it to 0.925 (P
/// 0.977, R 0.878): the floor sits just under that.
const SET11_F1_FLOOR: f64 = 0.92;
/// Set 12 (`eval/set12/`), written blind in session 17, dense in people
/// named who do not speak, and first scored under round 11's rules before
/// round 12 saw it: P 0.929, R 0.895, F1 0.912 (txt 0.897, md 0.926, json
/// 0.939, jsonl 0.800, html 0.920; dates and titles 1.000). Round 12's
/// rules, written by kind from its misses and sets 1-11, took it to 0.954
/// (P 0.983, R 0.927): the floor sits just under that.
const SET12_F1_FLOOR: f64 = 0.95;
/// Set 13 (`eval/set13/`), recent news written blind in session 23 as
/// reporters write it (not around traps), first scored under round 12's
/// rules before any rule saw it: P 0.925, R 0.919, F1 0.922 (txt 0.872,
/// md 0.984, json 0.980, jsonl 1.000, html 0.852; dates and titles
/// 1.000). Round 13's rules, written by kind from its misses, took it to
/// 0.951 (P 0.962, R 0.941): the floor sits just under that.
const SET13_F1_FLOOR: f64 = 0.948;
const TEST_SET_PRECISION_FLOOR: f64 = 0.95;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Label {
    file: Option<String>,
    line: Option<usize>,
    reuters: Option<String>,
    title: String,
    date: Option<String>,
    speakers: Vec<String>,
}

impl Label {
    fn group(&self) -> String {
        match (&self.file, &self.reuters) {
            (Some(file), _) => file.split('/').next().unwrap_or("?").to_string(),
            _ => "reuters".to_string(),
        }
    }

    fn name(&self) -> String {
        match (&self.file, self.line, &self.reuters) {
            (Some(f), Some(l), _) => format!("{f}#{l}"),
            (Some(f), None, _) => f.clone(),
            (_, _, Some(r)) => r.clone(),
            _ => "?".to_string(),
        }
    }
}

#[derive(Default)]
struct Tally {
    articles: usize,
    titles_right: usize,
    dates_right: usize,
    true_pos: usize,
    false_pos: usize,
    false_neg: usize,
}

impl Tally {
    fn add(&mut self, label: &Label, article: Option<&Article>, misses: &mut Vec<String>) {
        self.articles += 1;
        let Some(article) = article else {
            self.false_neg += label.speakers.len();
            misses.push(format!("{}: not parsed", label.name()));
            return;
        };
        if collapse(&article.meta.title) == collapse(&label.title) {
            self.titles_right += 1;
        } else {
            misses.push(format!(
                "{}: title {:?}, want {:?}",
                label.name(),
                article.meta.title,
                label.title
            ));
        }
        // The index keeps whole seconds; a label may carry fractions.
        let seconds = |d: chrono::DateTime<chrono::Utc>| d.timestamp();
        let date = article.meta.date.map(seconds);
        let want = label.date.as_deref().map(|d| {
            seconds(
                chrono::DateTime::parse_from_rfc3339(d)
                    .expect("label date")
                    .to_utc(),
            )
        });
        if date == want {
            self.dates_right += 1;
        } else {
            misses.push(format!(
                "{}: date {date:?}, want {:?}",
                label.name(),
                label.date
            ));
        }
        let got: BTreeSet<&str> = article.meta.speakers.iter().map(String::as_str).collect();
        let want: BTreeSet<&str> = label.speakers.iter().map(String::as_str).collect();
        let extra: Vec<&&str> = got.difference(&want).collect();
        let missing: Vec<&&str> = want.difference(&got).collect();
        self.true_pos += got.intersection(&want).count();
        self.false_pos += extra.len();
        self.false_neg += missing.len();
        if !extra.is_empty() || !missing.is_empty() {
            misses.push(format!(
                "{}: speakers extra {extra:?} missing {missing:?}",
                label.name()
            ));
        }
    }

    fn merge(&mut self, other: &Tally) {
        self.articles += other.articles;
        self.titles_right += other.titles_right;
        self.dates_right += other.dates_right;
        self.true_pos += other.true_pos;
        self.false_pos += other.false_pos;
        self.false_neg += other.false_neg;
    }

    fn precision(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_pos)
    }

    fn recall(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_neg)
    }

    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn title_accuracy(&self) -> f64 {
        ratio(self.titles_right, self.articles)
    }

    fn date_accuracy(&self) -> f64 {
        ratio(self.dates_right, self.articles)
    }

    fn row(&self, name: &str) -> String {
        format!(
            "{name:<10} {:>5} {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>9.3}",
            self.articles,
            self.precision(),
            self.recall(),
            self.f1(),
            self.date_accuracy(),
            self.title_accuracy()
        )
    }
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn eval_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval")
}

/// Parses a labelled file and returns the article the label describes.
fn article_for(dir: &Path, label: &Label, reuters: &BTreeMap<String, Vec<u8>>) -> Option<Article> {
    let options = ParseOptions::default();
    let (name, bytes) = match (&label.file, &label.reuters) {
        (Some(file), _) => (file.clone(), std::fs::read(dir.join(file)).ok()?),
        (None, Some(path)) => (path.clone(), reuters.get(path)?.clone()),
        _ => return None,
    };
    let records = parse_file(&name, &bytes, &options).ok()?;
    let wanted = match label.line {
        Some(line) => format!("{name}#{line}"),
        None => name,
    };
    records
        .into_iter()
        .filter_map(Result::ok)
        .find(|a| a.meta.path == wanted)
}

/// Every label of `dir/labels.json` scored, by group; the misses, named.
fn evaluate(
    dir: &Path,
    group: impl Fn(&Label) -> String,
) -> (BTreeMap<String, Tally>, Vec<String>) {
    let labels_path = dir.join("labels.json");
    let labels: Vec<Label> =
        serde_json::from_slice(&std::fs::read(&labels_path).expect("labels.json")).unwrap();
    let reuters_wanted: BTreeSet<&str> =
        labels.iter().filter_map(|l| l.reuters.as_deref()).collect();
    let reuters: BTreeMap<String, Vec<u8>> = match shared::reuters_dir() {
        Some(dir) if !reuters_wanted.is_empty() => {
            shared::reuters_texts(&dir, |p| reuters_wanted.contains(p))
                .into_iter()
                .collect()
        }
        _ => BTreeMap::new(),
    };
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    let mut misses = Vec::new();
    for label in &labels {
        if label.reuters.is_some() && reuters.is_empty() {
            continue;
        }
        let article = article_for(dir, label, &reuters);
        groups
            .entry(group(label))
            .or_default()
            .add(label, article.as_ref(), &mut misses);
    }
    (groups, misses)
}

/// Prints the table of `groups` and returns their sum.
fn report(groups: &BTreeMap<String, Tally>) -> Tally {
    let mut all = Tally::default();
    println!(
        "{:<10} {:>5} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "set", "n", "spk P", "spk R", "spk F1", "date acc", "title acc"
    );
    for (name, tally) in groups {
        println!("{}", tally.row(name));
        all.merge(tally);
    }
    println!("{}", all.row("all"));
    all
}

/// Scores a later development set, prints its table and misses, and fails
/// below `floor` or with fewer than `min_articles` articles.
fn check_development_set(name: &str, min_articles: usize, floor: f64) {
    let (groups, misses) = evaluate(&eval_dir().join(name), Label::group);
    let all = report(&groups);
    for miss in &misses {
        println!("  {miss}");
    }
    assert!(
        all.articles >= min_articles,
        "{name} is too small: {}",
        all.articles
    );
    assert!(
        all.f1() >= floor,
        "speaker F1 on {name} {:.3} < {floor}",
        all.f1()
    );
}

/// The second development set (`eval/set2/`), written for issue 11: its
/// figures are printed apart from the first set's, so that a rule fitted
/// to one batch shows up as a gap between them.
#[test]
fn extraction_on_the_second_development_set() {
    check_development_set("set2", 50, SPEAKER_F1_BAR);
}

/// The third development set (`eval/set3/`), written for issue 11's third
/// round by two writers who never saw the rules, and scored once before
/// any rule was changed from it: that first figure is its floor, so the
/// rules fitted to it can be read against where they started.
#[test]
fn extraction_on_the_third_development_set() {
    check_development_set("set3", 70, SET3_F1_FLOOR);
}

/// The fourth development set (`eval/set4/`), written blind like the
/// third, after its rules were written: its first figure is what the rules
/// do on news they were not written from.
#[test]
fn extraction_on_the_fourth_development_set() {
    check_development_set("set4", 70, SET4_F1_FLOOR);
}

/// The fifth development set (`eval/set5/`), written blind by two more
/// writers while round 5's rules were written without sight of it.
#[test]
fn extraction_on_the_fifth_development_set() {
    check_development_set("set5", 70, SET5_F1_FLOOR);
}

/// The sixth development set (`eval/set6/`), written blind by two more
/// writers while round 6's rules were written without sight of it.
#[test]
fn extraction_on_the_sixth_development_set() {
    check_development_set("set6", 70, SET6_F1_FLOOR);
}

/// The seventh development set (`eval/set7/`), written blind by two more
/// writers while round 7's rules were written without sight of it.
#[test]
fn extraction_on_the_seventh_development_set() {
    check_development_set("set7", 70, SET7_F1_FLOOR);
}

/// The eighth development set (`eval/set8/`), written blind by two more
/// writers and scored under round 7's rules before round 8 saw it.
#[test]
fn extraction_on_the_eighth_development_set() {
    check_development_set("set8", 70, SET8_F1_FLOOR);
}

/// The ninth development set (`eval/set9/`), written blind by two more
/// writers and scored under round 8's rules before round 9 saw it.
#[test]
fn extraction_on_the_ninth_development_set() {
    check_development_set("set9", 70, SET9_F1_FLOOR);
}

/// The tenth development set (`eval/set10/`), written blind by two more
/// writers for precision (people named who do not speak, things named
/// after people in speaker position) and scored under round 9's rules
/// before round 10 saw it.
#[test]
fn extraction_on_the_tenth_development_set() {
    check_development_set("set10", 70, SET10_F1_FLOOR);
}

/// The eleventh development set (`eval/set11/`), written blind by two
/// more writers across every outlet style and scored under round 10's
/// rules before round 11 saw it.
#[test]
fn extraction_on_the_eleventh_development_set() {
    check_development_set("set11", 60, SET11_F1_FLOOR);
}

/// The twelfth development set (`eval/set12/`), written blind by two
/// more writers, dense in people named who do not speak, and scored under
/// round 11's rules before round 12 saw it.
#[test]
fn extraction_on_the_twelfth_development_set() {
    check_development_set("set12", 60, SET12_F1_FLOOR);
}

/// The thirteenth development set (`eval/set13/`), recent news written
/// blind by two more writers, and scored under round 12's rules before
/// any rule saw it.
#[test]
fn extraction_on_the_thirteenth_development_set() {
    check_development_set("set13", 32, SET13_F1_FLOOR);
}

#[test]
fn extraction_meets_the_bars_on_the_labelled_set() {
    let (groups, misses) = evaluate(&eval_dir(), Label::group);
    let all = report(&groups);
    for miss in &misses {
        println!("  {miss}");
    }

    assert!(
        all.articles >= 60,
        "the labelled set is too small: {}",
        all.articles
    );
    assert!(
        all.f1() >= SPEAKER_F1_BAR,
        "speaker F1 {:.3} < {SPEAKER_F1_BAR}",
        all.f1()
    );
    assert!(
        all.date_accuracy() >= DATE_ACCURACY_BAR,
        "date accuracy {:.3} < {DATE_ACCURACY_BAR}",
        all.date_accuracy()
    );
    assert!(
        all.title_accuracy() >= TITLE_ACCURACY_BAR,
        "title accuracy {:.3} < {TITLE_ACCURACY_BAR}",
        all.title_accuracy()
    );
}

/// The frozen test set (`tests/fixtures/speakers-test/`), which the rules
/// are never written from: only its totals are printed, by format, so that
/// nobody tunes on its misses. The bars are floors at or just under the
/// last figures it gave (round 12 of issue 11: F1 0.924, precision 0.950),
/// so that no change makes it worse unseen.
#[test]
fn extraction_holds_on_the_frozen_test_set() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/speakers-test");
    let (groups, _misses) = evaluate(&dir, |label| {
        let file = label.file.as_deref().unwrap_or("?");
        file.rsplit('.').next().unwrap_or("?").to_string()
    });
    let all = report(&groups);
    // The counts behind the rounded figures: a bar such as precision 0.95
    // can be missed by less than the last printed digit.
    println!(
        "frozen totals: {} speakers right, {} extra, {} missed",
        all.true_pos, all.false_pos, all.false_neg
    );
    assert!(
        all.articles >= 100,
        "the test set has {} articles",
        all.articles
    );
    assert!(
        all.f1() >= TEST_SET_F1_FLOOR,
        "speaker F1 on the frozen test set {:.3} < {TEST_SET_F1_FLOOR}",
        all.f1()
    );
    assert!(
        all.precision() >= TEST_SET_PRECISION_FLOOR,
        "speaker precision on the frozen test set {:.3} < {TEST_SET_PRECISION_FLOOR}",
        all.precision()
    );
}
