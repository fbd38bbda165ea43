//! `newsidx parse`: what the extractor sees in a file.

use std::path::Path;

use predicates::prelude::*;
use serde::Deserialize;

use crate::testenv::TestEnv;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Parsed {
    path: String,
    title: String,
    lead: Option<String>,
    date: Option<String>,
    speakers: Vec<String>,
    /// Absent from the line when unknown.
    outlet: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    url: Option<String>,
    lang: Option<String>,
    body: String,
    /// Absent when the article quotes nobody; `tests/cli/quotes.rs`
    /// reads them.
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "the shape is pinned here, the content in quotes.rs"
    )]
    quotes: Vec<serde_json::Value>,
}

fn parse(env: &TestEnv, files: &[&Path]) -> (Vec<Parsed>, std::process::Output) {
    let out = env.cmd().arg("parse").args(files).output().unwrap();
    let parsed = String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (parsed, out)
}

#[test]
fn reference_fixture_fields_are_extracted() {
    let env = TestEnv::empty();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles/reference.txt");
    let (parsed, out) = parse(&env, &[&fixture]);
    assert_eq!(out.status.code(), Some(0));
    let a = &parsed[0];
    assert!(a.path.ends_with("tests/fixtures/articles/reference.txt"));
    assert_eq!(
        a.title,
        "Harbour authority delays Quayside tender after bid dispute"
    );
    assert!(a
        .lead
        .as_deref()
        .unwrap()
        .starts_with("The award of the Quayside"));
    assert_eq!(a.date.as_deref(), Some("2024-03-07T09:45:00Z"));
    assert_eq!(a.speakers, ["Ingrid Halvorsen", "Tomas Berg"]);
    assert!(a.body.starts_with("The harbour board met"));
}

#[test]
fn the_shared_seed_article_parses_as_specified() {
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/000_642c55258581eea0.txt");
    if !seed.exists() {
        eprintln!(
            "skipped: {} is absent (it ships beside the repo, not in it)",
            seed.display()
        );
        return;
    }
    let (parsed, out) = parse(&TestEnv::empty(), &[&seed]);
    assert_eq!(out.status.code(), Some(0));
    let a = &parsed[0];
    assert_eq!(
        a.title,
        "NATO intensifies support as Ukraine faces harsh winter"
    );
    assert!(a
        .lead
        .as_deref()
        .unwrap()
        .starts_with("Ukraine is facing relentless bombardment"));
    assert_eq!(a.date.as_deref(), Some("2024-12-04T16:16:00Z"));
    assert_eq!(a.speakers, ["Mark Rutte"]);
}

#[test]
fn article_without_a_date_line_has_null_date() {
    let env = TestEnv::empty();
    let path = env.write("nodate.txt", "Title\nLead.\nBody.\n");
    let (parsed, _) = parse(&env, &[&path]);
    assert_eq!(parsed[0].date, None);
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let env = TestEnv::empty();
    let good = env.write("good.txt", "Title\nLead.\n2024-12-04\nBody.\n");
    let empty = env.write("empty.txt", "");
    let missing = env.corpus().join("missing.txt");
    let (parsed, out) = parse(&env, &[&empty, &good, &missing]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(parsed.len(), 1);
    assert_eq!(parsed[0].title, "Title");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("empty.txt: the file is empty"), "{stderr}");
    assert!(stderr.contains("cannot read"), "{stderr}");
    assert!(stderr.contains("missing.txt"), "{stderr}");
}

#[test]
fn windows_1252_file_is_decoded() {
    let env = TestEnv::empty();
    let path = env.write(
        "legacy.txt",
        b"Caf\xE9 owners protest\nLead.\n2024-12-04\nBody.\n",
    );
    let (parsed, _) = parse(&env, &[&path]);
    assert_eq!(parsed[0].title, "Café owners protest");
}

#[test]
fn parse_needs_at_least_one_file() {
    TestEnv::empty()
        .cmd()
        .arg("parse")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("FILES"));
}

#[test]
fn timezone_applies_to_dates_without_a_zone() {
    let env = TestEnv::empty();
    let local = env.write("local.txt", "Title\nLead.\n4 December 2024 16:16\nBody.\n");
    let zoned = env.write("zoned.txt", "Title\nLead.\n2024-12-04T16:16:00Z\nBody.\n");
    let out = env
        .cmd()
        .args(["parse", "--timezone", "Europe/Oslo"])
        .args([&local, &zoned])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let dates: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Parsed>(l).unwrap().date.unwrap())
        .collect();
    assert_eq!(dates, ["2024-12-04T15:16:00Z", "2024-12-04T16:16:00Z"]);
}

#[test]
fn unknown_timezone_is_refused() {
    let env = TestEnv::empty();
    let file = env.write("a.txt", "Title\nLead.\n4 December 2024 16:16\nBody.\n");
    env.cmd()
        .args(["parse", "--timezone", "Mars/Olympus"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown time zone \"Mars/Olympus\"",
        ));
}

/// `newsidx parse` on one fixture of `tests/fixtures/`, one line per
/// article.
fn parse_fixtures(rel: &[&str]) -> Vec<Parsed> {
    let env = TestEnv::empty();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let paths: Vec<std::path::PathBuf> = rel.iter().map(|r| root.join(r)).collect();
    let files: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    let (parsed, out) = parse(&env, &files);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    parsed
}

/// The source fields of a parsed article, for comparing in one line.
fn source_of(a: &Parsed) -> (Option<&str>, Vec<&str>, Option<&str>, Option<&str>) {
    (
        a.outlet.as_deref(),
        a.authors.iter().map(String::as_str).collect(),
        a.url.as_deref(),
        a.lang.as_deref(),
    )
}

#[test]
fn html_pages_give_outlet_authors_address_and_language() {
    let parsed = parse_fixtures(&[
        "html/riverton-flood.html",
        "html/lakeside-ferry-declared.html",
        "html/quarry-hearing-byline.html",
        "html/valley-mill-strike.htm",
    ]);
    assert_eq!(
        source_of(&parsed[0]),
        (
            Some("Riverton Gazette"),
            vec!["Priya Castellano"],
            Some("https://www.rivertongazette.example/news/local/riverton-begins-clean-up-as-floodwaters-recede-48213"),
            Some("en-gb"),
        )
    );
    // Declared only in metas and JSON-LD: the relative canonical link gives
    // way to the protocol-relative og:url, the html element has no lang.
    assert_eq!(
        source_of(&parsed[1]),
        (
            Some("Le Riverain"),
            vec!["Élodie Marchand", "Samuel Tremblay"],
            Some("https://lesriverain.example/nouvelles/traversier-hiver"),
            Some("fr-ca"),
        )
    );
    // Nothing declared: the byline opening the story names the authors,
    // who are not speakers although the text names them again.
    assert_eq!(
        source_of(&parsed[2]),
        (None, vec!["Nadia Okonjo", "Tomas Reyes"], None, None)
    );
    assert!(!parsed[2].body.contains("By Nadia"), "{}", parsed[2].body);
    assert!(
        parsed[2]
            .speakers
            .iter()
            .all(|s| !s.contains("Okonjo") && !s.contains("Reyes")),
        "{:?}",
        parsed[2].speakers
    );
    // A page of the 2000s: a `By ...` line in a `<font>` and nothing else.
    assert_eq!(
        source_of(&parsed[3]),
        (None, vec!["Callum Drysdale"], None, None)
    );
}

#[test]
fn json_records_give_outlet_authors_address_and_language() {
    let parsed = parse_fixtures(&[
        "json/scraped-sources.jsonl",
        "json/newsapi_response.json",
        "json/news_please.json",
    ]);
    let sources: Vec<_> = parsed.iter().map(source_of).collect();
    assert_eq!(
        sources[..6],
        [
            // trafilatura: `source` is the address, so the site name wins
            // and the address is not taken as an outlet.
            (
                Some("Nordby Tidende"),
                vec!["Ingrid Sæther", "Pål Nygård"],
                None,
                Some("nb"),
            ),
            (
                Some("www.portnews.example"),
                vec!["Liam Byrne", "Aoife Nolan"],
                Some("https://www.portnews.example/dredging-contract"),
                Some("en"),
            ),
            (
                Some("Vale Chronicle"),
                vec!["Megan Price"],
                Some("https://valechronicle.example/school-meals"),
                Some("en-gb"),
            ),
            // `Staff`, `und` and a relative address are no values.
            (None, vec![], None, None),
            (
                Some("River Post"),
                vec!["Sam Okafor"],
                Some("https://riverpost.example/bridge"),
                Some("en-ie"),
            ),
            (None, vec![], None, None),
        ]
    );
    // NewsAPI: `source: {"name": ...}`, `author` a string or null.
    assert_eq!(
        sources[6],
        (
            Some("Coastal Herald"),
            vec!["Jonas Ekberg"],
            Some("https://coastalherald.example.com/vesterby-north-quay"),
            None,
        )
    );
    assert_eq!(sources[7].1, Vec::<&str>::new());
    assert_eq!(sources[8].1, Vec::<&str>::new(), "Staff is nobody");
    let news_please = parsed.last().unwrap();
    assert_eq!(news_please.authors, ["Marta Kowalczyk"]);
    assert_eq!(news_please.lang.as_deref(), Some("en"));
}

#[test]
fn markdown_front_matter_gives_outlet_authors_address_and_language() {
    let parsed = parse_fixtures(&[
        "markdown/yaml-source-fields.md",
        "markdown/toml-author-list.md",
        "markdown/hugo-yaml-ferry.md",
        "markdown/toml-budget.md",
        "markdown/plain-heading-harbour.md",
    ]);
    assert_eq!(
        source_of(&parsed[0]),
        (
            Some("Westbridge Courier"),
            vec!["Harriet Quinn", "Olu Adebayo"],
            Some("https://westbridgecourier.example/news/tram-depot"),
            Some("en-gb"),
        )
    );
    assert_eq!(parsed[0].speakers, ["Graham Peel"]);
    assert_eq!(
        source_of(&parsed[1]),
        (
            Some("Eastfield Gazette"),
            vec!["Beatriz Costa", "Yusuf Demir"],
            Some("https://eastfieldgazette.example/allotments"),
            Some("pt-br"),
        )
    );
    assert_eq!(source_of(&parsed[2]).1, ["Petra Lund"]);
    assert_eq!(source_of(&parsed[3]).1, ["Daniel Okafor"]);
    assert_eq!(source_of(&parsed[4]), (None, vec![], None, None));
}

#[test]
fn unknown_source_fields_are_absent_from_the_line() {
    let env = TestEnv::empty();
    let with = env.write(
        "a.md",
        "---\ntitle: T\nauthor: Ann Lee\nlang: en\n---\nText.\n",
    );
    let without = env.write("b.txt", "T\nLead.\n2024-12-04\nText.\n");
    let out = env
        .cmd()
        .arg("parse")
        .arg(&with)
        .arg(&without)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains(r#""speakers":[],"authors":["Ann Lee"],"lang":"en","body""#),
        "{}",
        lines[0]
    );
    for key in ["outlet", "authors", "url", "lang"] {
        assert!(!lines[1].contains(&format!("\"{key}\"")), "{}", lines[1]);
    }
}
