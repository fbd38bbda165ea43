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
    body: String,
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
