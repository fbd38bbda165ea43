//! `newsidx query --opensearch` as a user meets it: a node that does not
//! answer passed over for the next, pages past the cluster's 10,000-hit
//! window, exit codes, and addresses refused with a message.

use std::collections::BTreeSet;

use assert_cmd::Command;
use serde_json::Value;

use crate::parity::both_indexes;

fn newsidx() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin!("newsidx"))
}

fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

#[test]
fn a_dead_node_is_passed_over_for_the_next() {
    let Some((_, remote)) = both_indexes("a_dead_node_is_passed_over_for_the_next") else {
        return;
    };
    let (base, index) = remote.rsplit_once('/').unwrap();
    // Port 9 (discard) has nothing listening on a test machine.
    let out = newsidx()
        .args(["query", "oil", "--json", "--exact-count", "--opensearch"])
        .arg(format!("http://127.0.0.1:9/{index}"))
        .args(["--opensearch-node", base])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = json_lines(&out.stdout).pop().unwrap();
    assert_eq!(summary["total_hits"], 1453);

    let alone = newsidx()
        .args(["query", "oil", "--opensearch"])
        .arg(format!("http://127.0.0.1:9/{index}"))
        .output()
        .unwrap();
    assert_eq!(alone.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&alone.stderr);
    assert!(
        stderr.contains("no answer from http://127.0.0.1:9/"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: check that the cluster runs"),
        "{stderr}"
    );
}

#[test]
fn pages_past_the_window_hold_every_match_once() {
    let Some((_, remote)) = both_indexes("pages_past_the_window_hold_every_match_once") else {
        return;
    };
    // 10,535 articles: past the 10,000 a plain page may reach.
    let out = newsidx()
        .args([
            "query",
            "date:1987-03",
            "--json",
            "--limit",
            "all",
            "--fields",
            "path",
        ])
        .args(["--opensearch", &remote])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out.stdout);
    let paths: Vec<&str> = lines
        .iter()
        .filter(|l| l["type"] == "hit")
        .map(|l| l["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 10_535);
    assert_eq!(paths.iter().collect::<BTreeSet<_>>().len(), 10_535);

    let deep = newsidx()
        .args(["query", "date:1987-03", "--json", "--sort", "date"])
        .args([
            "--offset",
            "10500",
            "--limit",
            "50",
            "--opensearch",
            &remote,
        ])
        .output()
        .unwrap();
    let lines = json_lines(&deep.stdout);
    let hits: Vec<&Value> = lines.iter().filter(|l| l["type"] == "hit").collect();
    assert_eq!(hits.len(), 35);
    assert_eq!(hits[0]["rank"], 10_501);
    let dates: Vec<&str> = hits.iter().map(|h| h["date"].as_str().unwrap()).collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
}

#[test]
fn nothing_found_exits_1_with_suggestions() {
    let Some((_, remote)) = both_indexes("nothing_found_exits_1_with_suggestions") else {
        return;
    };
    let out = newsidx()
        .args(["query", "petroleun", "--json", "--opensearch", &remote])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let summary = json_lines(&out.stdout).pop().unwrap();
    assert_eq!(summary["total_hits"], 0);
    let offered: Vec<&str> = summary["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(offered.contains(&"petroleum"), "{offered:?}");
}

#[test]
fn addresses_are_checked_before_any_request() {
    for (address, says) in [
        (
            "ftp://127.0.0.1:9/news",
            "does not start with http:// or https://",
        ),
        (
            "http://user:pw@127.0.0.1:9/news",
            "user and password in the address",
        ),
        ("http://127.0.0.1:9", "no /INDEX after the host"),
    ] {
        let out = newsidx()
            .args(["query", "oil", "--opensearch", address])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{address}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{address}: {stderr}");
        assert!(!stderr.contains("pw@"), "{stderr}");
    }
}

/// `quotes --opensearch` is searched there now (it was refused before
/// issue 15's last part): a cluster that does not answer is the same
/// error, with the same hint, as for `query`.
#[test]
fn quotes_against_a_dead_cluster_fail_with_a_way_out() {
    let out = newsidx()
        .args(["quotes", "oil", "--opensearch", "http://127.0.0.1:9/news"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no answer from http://127.0.0.1:9/"),
        "{stderr}"
    );
    let hint = stderr
        .lines()
        .find(|l| l.starts_with("newsidx: hint:"))
        .unwrap_or_else(|| panic!("no hint in {stderr}"));
    assert!(hint.contains("check that the cluster runs"), "{hint}");
}

#[test]
fn speakers_of_a_query_are_those_of_the_local_index() {
    let Some((local, remote)) = both_indexes("speakers_of_a_query_are_those_of_the_local_index")
    else {
        return;
    };
    let people = |backend: &[&str]| -> Vec<(String, u64)> {
        let out = newsidx()
            .args(["speakers", "opec", "--json", "-n", "3"])
            .args(backend)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        json_lines(&out.stdout)
            .into_iter()
            .filter(|l| l["name"].is_string())
            .map(|l| {
                (
                    l["name"].as_str().unwrap().to_string(),
                    l["articles"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let local = local.to_string_lossy().into_owned();
    let here = people(&["--index", &local]);
    assert_eq!(here.len(), 3);
    // The three most quoted on OPEC are named alike in every article, so
    // the registry, which the cluster lacks, changes nothing here.
    assert_eq!(people(&["--opensearch", &remote]), here);
}

/// `newsidx speakers` without a query lists the registry, which a cluster
/// does not hold: refused before any request, with what to do instead.
#[test]
fn the_registry_listing_is_refused_against_a_cluster() {
    let out = newsidx()
        .args(["speakers", "--opensearch", "http://127.0.0.1:9/news"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("newsidx speakers without a query is not supported"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: give a query"), "{stderr}");
}
