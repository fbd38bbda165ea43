//! `newsidx quotes --opensearch` against `newsidx quotes` (issue 15, last
//! part): the sample corpus (two folders of files) and Reuters (one JSON
//! Lines file, under `reuters/`) indexed locally and into the cluster by
//! `newsidx index`, then the quote queries of `quote-queries.tsv` run
//! through both. Counts must be equal (but for a line that says why they
//! may not), and the local top 10 quotes mostly in the cluster's; a quote
//! in both tops has the same paragraph, kind and highlights.
//!
//! The same two indexes serve the folder tests (`--facet folder` and
//! `folder:`), which need files in folders; Reuters alone has none.
//! Both indexes are loaded incrementally by every run, so a second run
//! sends nothing and costs only the queries.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use crate::cluster::{Cluster, URL_VAR};
use crate::parity::{lines, overlap, query_set, reuters, run, summary, Run, SetQuery};

/// The cluster index these tests load (with `-quotes` and `-files`).
pub const INDEX: &str = "newsidx-quote-parity";

fn newsidx() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin!("newsidx"))
}

/// The corpus, the local index and the cluster's `URL/INDEX`, both
/// loaded; `None` (said on stderr) without a cluster or Reuters.
pub fn quote_indexes(test: &str) -> Option<(PathBuf, PathBuf, String)> {
    let cluster = Cluster::from_env(test)?;
    let bytes = reuters()?;
    let base = std::env::var(URL_VAR)
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    static LOADING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _alone = LOADING.lock().unwrap_or_else(|e| e.into_inner());
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("opensearch-quotes");
    if crate::parity::forget_other_builds(&root) {
        for index in [
            INDEX.to_string(),
            format!("{INDEX}-quotes"),
            format!("{INDEX}-files"),
        ] {
            cluster.delete_if_exists(&index);
        }
    }
    let corpus = root.join("corpus");
    let reuters_file = corpus.join("reuters").join("reuters.jsonl");
    if !reuters_file.exists() {
        let _ = std::fs::remove_dir_all(&corpus);
        let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_corpus");
        for entry in walkdir::WalkDir::new(&sample) {
            let entry = entry.unwrap();
            let to = corpus.join(entry.path().strip_prefix(&sample).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        std::fs::create_dir_all(reuters_file.parent().unwrap()).unwrap();
        std::fs::write(&reuters_file, bytes).unwrap();
    }
    let index = root.join("index");
    let remote = format!("{base}/{INDEX}");
    for backend in [
        vec!["--index".to_string(), index.to_string_lossy().into_owned()],
        vec!["--opensearch".to_string(), remote.clone()],
    ] {
        let out = newsidx()
            .args(["index", "--quiet"])
            .arg(&corpus)
            .args(&backend)
            .output()
            .unwrap();
        // 3: files skipped, each named; the sample corpus holds a few on
        // purpose, and both runs skip the same.
        assert!(
            matches!(out.status.code(), Some(0 | 3)),
            "newsidx index {backend:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Some((corpus, index, remote))
}

/// One run of `newsidx ARGS... --json --exact-count`; exit 0 or 1.
fn json_run(command: &str, query: &str, options: &[&str], backend: &[&str]) -> Vec<Value> {
    let out = newsidx()
        .args([command, "--json", "--exact-count"])
        .args(options)
        .args(backend)
        .arg("--")
        .arg(query)
        .output()
        .unwrap();
    let code = out.status.code();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        code == Some(0) || code == Some(1),
        "{command} {query} {options:?} {backend:?}: exit {code:?}: {stderr}"
    );
    assert_eq!(
        code == Some(0),
        summary(&out.stdout)["total_hits"].as_u64() > Some(0)
            || summary(&out.stdout)["fill_hits"].as_u64() > Some(0),
        "{query}: exit {code:?} against the summary"
    );
    lines(&out.stdout)
}

/// A quote's identity in both backends: its article and its words (the
/// speaker's name is the registry's locally and as written in the
/// cluster).
fn identity(line: &Value) -> String {
    format!(
        "{}\u{1f}{}",
        line["path"].as_str().unwrap(),
        line["quote"].as_str().unwrap()
    )
}

fn quotes_of(lines: &[Value]) -> Vec<&Value> {
    lines.iter().filter(|l| l["type"] == "quote").collect()
}

#[test]
fn quotes_answer_as_locally() {
    let Some((_, local, remote)) = quote_indexes("quotes_answer_as_locally") else {
        return;
    };
    let local = local.to_string_lossy().into_owned();
    let set = include_str!("quote-queries.tsv");
    let (mut ranked, mut apart, mut wrong) = (Vec::new(), Vec::new(), Vec::new());
    let mut queries = 0;
    for SetQuery {
        query,
        options,
        why,
    } in query_set(set)
    {
        queries += 1;
        let mut here_options = options.clone();
        here_options.extend(["--limit", "20"]);
        let mut there_options = options.clone();
        there_options.extend(["--limit", "10"]);
        let here = json_run("quotes", query, &here_options, &["--index", &local]);
        let there = json_run("quotes", query, &there_options, &["--opensearch", &remote]);
        let as_run = |lines: &[Value]| Run {
            total: summary_of(lines)["total_hits"].as_u64().unwrap(),
            hits: quotes_of(lines)
                .iter()
                .map(|l| (identity(l), l["score"].as_f64().unwrap()))
                .collect(),
            facets: Vec::new(),
        };
        let (h, t) = (as_run(&here), as_run(&there));
        let (shared, unranked) = overlap(&h, &t);
        let kind = if unranked {
            "all ten tie: not ranked"
        } else if why.starts_with("rank:") {
            apart.push(shared);
            "ranked apart, see the set"
        } else {
            ranked.push(shared);
            "ranked"
        };
        eprintln!(
            "quotes parity: {query:<40} {options:?}: local {} cluster {}, {shared:.0} of the local top 10 ({kind})",
            h.total, t.total
        );
        if h.total != t.total && !why.starts_with("count:") {
            wrong.push(format!(
                "{query}: {} quotes locally, {} in the cluster",
                h.total, t.total
            ));
        }
        // A quote both tops hold is the same quote, marked the same way.
        let local_quotes: BTreeMap<String, &Value> = quotes_of(&here)
            .into_iter()
            .map(|l| (identity(l), l))
            .collect();
        for quote in quotes_of(&there) {
            let Some(mine) = local_quotes.get(&identity(quote)) else {
                continue;
            };
            for key in ["paragraph", "kind", "highlights", "date", "title"] {
                if mine[key] != quote[key] && !why.starts_with("rank:") {
                    wrong.push(format!(
                        "{query}: {key} of {}: {} locally, {} in the cluster",
                        identity(quote),
                        mine[key],
                        quote[key]
                    ));
                }
            }
        }
    }
    assert!(queries >= 25, "the set has {queries} queries");
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let average = mean(&ranked);
    eprintln!(
        "quotes parity: {queries} queries; of the local top 10, on average {average:.2} in the \
         cluster's over {} ranked queries ({} more ranked apart, for the reason the set gives)",
        ranked.len(),
        apart.len()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(
        average >= 9.0,
        "on average {average:.2} of the local top 10 in the cluster's top 10"
    );
}

fn summary_of(lines: &[Value]) -> &Value {
    lines
        .iter()
        .find(|l| l["type"] == "summary")
        .expect("a summary line")
}

/// `--limit all` reads every quote, past the cluster's 10,000-hit window,
/// each once: as many as the local stream, of the same articles.
///
/// A few differ in which record of an article they show, and the cluster
/// is the exact one: the local backend finds a hit's record again by its
/// words (`QuoteSearcher::stored_quote`: the article's first record of
/// that speaker whose words hold the snippet), so where an article repeats
/// a quote, or one record's words hold another's ("shares" in a sentence
/// about shares), it shows the earlier or longer one; the cluster's hit
/// is the record itself. Every local quote that differs must be such a
/// one: the same article, its words holding the cluster's.
#[test]
fn every_quote_is_read_past_the_window() {
    let Some((_, local, remote)) = quote_indexes("every_quote_is_read_past_the_window") else {
        return;
    };
    let local = local.to_string_lossy().into_owned();
    let all = |backend: &[&str]| -> Vec<(String, String, u64)> {
        let lines = json_run("quotes", "*", &["--limit", "all"], backend);
        let mut quotes: Vec<_> = quotes_of(&lines)
            .into_iter()
            .map(|l| {
                (
                    l["path"].as_str().unwrap().to_string(),
                    l["quote"].as_str().unwrap().to_string(),
                    l["paragraph"].as_u64().unwrap(),
                )
            })
            .collect();
        quotes.sort();
        quotes
    };
    let here = all(&["--index", &local]);
    let there = all(&["--opensearch", &remote]);
    assert!(here.len() > 10_000, "{} quotes", here.len());
    assert_eq!(there.len(), here.len());
    let paths = |quotes: &[(String, String, u64)]| -> Vec<String> {
        quotes.iter().map(|q| q.0.clone()).collect()
    };
    assert_eq!(paths(&there), paths(&here), "the same articles' quotes");
    // Multisets: an article may hold the same words twice.
    let mut balance: BTreeMap<&(String, String, u64), i64> = BTreeMap::new();
    for q in &here {
        *balance.entry(q).or_default() += 1;
    }
    for q in &there {
        *balance.entry(q).or_default() -= 1;
    }
    let mut only_here = Vec::new();
    let mut only_there = Vec::new();
    for (q, n) in balance {
        for _ in 0..n.max(0) {
            only_here.push(q);
        }
        for _ in 0..(-n).max(0) {
            only_there.push(q);
        }
    }
    eprintln!(
        "every quote: {} read from each; {} shown as another record of their article locally",
        here.len(),
        only_here.len()
    );
    for mine in &only_here {
        let at = only_there
            .iter()
            .position(|theirs| theirs.0 == mine.0 && mine.1.contains(&theirs.1))
            .unwrap_or_else(|| {
                panic!("{mine:?}: no record of its article in the cluster's answer explains it")
            });
        only_there.remove(at);
    }
    assert!(only_there.is_empty(), "{only_there:?}");
}

/// The human and CSV pages are the local printers' over the cluster's
/// quotes: the same rows, headers and exit codes.
#[test]
fn quotes_print_as_locally() {
    let Some((_, local, remote)) = quote_indexes("quotes_print_as_locally") else {
        return;
    };
    let local = local.to_string_lossy().into_owned();
    for format in [
        &["--format", "csv", "--fields", "path,date,snippet"][..],
        &["--color", "never"][..],
    ] {
        let run = |backend: &[&str]| {
            let out = newsidx()
                .args(["quotes", "prices", "--limit", "5"])
                .args(format)
                .args(backend)
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).unwrap()
        };
        let here = run(&["--index", &local]);
        let there = run(&["--opensearch", &remote]);
        if format[0] == "--format" {
            // Same header, and the cluster's five quotes (paths, dates and
            // words) are quotes the local top holds too.
            assert_eq!(here.lines().next(), there.lines().next());
            assert_eq!(there.lines().count(), here.lines().count());
        } else {
            // Direct quotes shown between quotation marks in both.
            assert_eq!(
                here.matches('\u{201c}').count() > 0,
                there.matches('\u{201c}').count() > 0,
                "{here}\n---\n{there}"
            );
        }
    }
    for backend in [
        ["--index", local.as_str()],
        ["--opensearch", remote.as_str()],
    ] {
        let none = newsidx()
            .args(["quotes", "zzqqxxnothing"])
            .args(backend)
            .output()
            .unwrap();
        assert_eq!(none.status.code(), Some(1), "{backend:?}");
    }
}

/// `--facet folder` counts by the path's first part in the cluster as
/// locally (the `folder` keyword of template revision 2), top-level files
/// as having none, and `folder:` finds the same articles.
#[test]
fn folders_count_as_locally() {
    let Some((_, local, remote)) = quote_indexes("folders_count_as_locally") else {
        return;
    };
    let local = local.to_string_lossy().into_owned();
    for (query, options) in [
        ("*", &["--facet", "folder"][..]),
        ("prices", &["--facet", "folder", "--facet", "year"][..]),
        ("government", &["--facet", "folder:1"][..]),
        ("folder:reuters oil", &["--facet", "folder"][..]),
        ("folder:2024", &[][..]),
        ("folder:2023 -strike", &["--facet", "folder"][..]),
        (
            "heatwave OR folder:2023",
            &["--facet", "folder", "--sort", "date"][..],
        ),
    ] {
        let here = run(query, options, &["--index", &local], 10);
        let there = run(query, options, &["--opensearch", &remote], 10);
        eprintln!(
            "folders: {query:<30} {options:?}: local {} cluster {}",
            here.total, there.total
        );
        assert!(here.total > 0, "{query}");
        assert_eq!(there.total, here.total, "{query} {options:?}");
        assert_eq!(there.facets, here.facets, "{query} {options:?}");
    }
}

/// An index made from the first revision of the template (no `folder`)
/// is still searched, but `--facet folder` and an incremental load are
/// refused with the way to rebuild it.
#[test]
fn an_index_of_an_older_template_is_told_to_rebuild() {
    let Some(cluster) = Cluster::from_env("an_index_of_an_older_template_is_told_to_rebuild")
    else {
        return;
    };
    let base = std::env::var(URL_VAR)
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    let name = "newsidx-test-old-template";
    cluster.delete_if_exists(name);
    let mut body: Value = serde_json::from_str(crate::cluster::TEMPLATE).unwrap();
    let mappings = body["mappings"].as_object_mut().unwrap();
    mappings["_meta"]
        .as_object_mut()
        .unwrap()
        .remove("newsidx_template_version");
    mappings["properties"]
        .as_object_mut()
        .unwrap()
        .remove("folder");
    body["settings"]["index"]["number_of_shards"] = 1.into();
    body["settings"]["index"]["number_of_replicas"] = 0.into();
    cluster.call("PUT", &format!("/{name}"), Some(&body.to_string()));
    let target = format!("{base}/{name}");

    let plain = newsidx()
        .args(["query", "oil", "--opensearch", &target])
        .output()
        .unwrap();
    assert_eq!(
        plain.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );

    let facet = newsidx()
        .args(["query", "oil", "--facet", "folder", "--opensearch", &target])
        .output()
        .unwrap();
    assert_eq!(facet.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&facet.stderr);
    assert!(stderr.contains("template revision 1"), "{stderr}");
    assert!(stderr.contains("--full"), "{stderr}");

    let corpus = tempfile::tempdir().unwrap();
    std::fs::write(
        corpus.path().join("a.txt"),
        "Oil rises\nOil prices rose.\n3 March 2025\nThe price of oil rose again.\n",
    )
    .unwrap();
    let load = newsidx()
        .arg("index")
        .arg(corpus.path())
        .args(["--opensearch", &target])
        .output()
        .unwrap();
    assert_eq!(load.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&load.stderr);
    assert!(stderr.contains("template revision 1"), "{stderr}");
    assert!(stderr.contains("--full"), "{stderr}");
    cluster.delete_index(name);
}

/// `--collapse` groups the cluster's matches as the local index groups
/// its own (the band keys travel in `_source`, the grouping is the local
/// code's): the same number of matches and of groups, the same group
/// sizes for an article both pages show, and page 2 repeats no group of
/// page 1.
#[test]
fn collapse_groups_as_locally() {
    let Some((_, local, remote)) = quote_indexes("collapse_groups_as_locally") else {
        return;
    };
    let local = local.to_string_lossy().into_owned();
    for (query, options) in [
        ("oil", &[][..]),
        ("opec prices", &[][..]),
        ("*", &["--sort", "date"][..]),
        (
            "prices",
            &["--from", "1987-04-01", "--to", "1987-04-30"][..],
        ),
        ("cocoa", &["--facet", "year"][..]),
    ] {
        let page = |backend: &[&str], offset: &str| -> (Value, Vec<(String, u64)>) {
            let mut all = vec!["--collapse", "--limit", "10", "--offset", offset];
            all.extend(options);
            let lines = json_run("query", query, &all, backend);
            let hits = lines
                .iter()
                .filter(|l| l["type"] == "hit")
                .map(|l| {
                    (
                        l["path"].as_str().unwrap().to_string(),
                        l["duplicates"].as_u64().unwrap(),
                    )
                })
                .collect();
            (summary_of(&lines).clone(), hits)
        };
        let (mine, my_hits) = page(&["--index", &local], "0");
        let (theirs, their_hits) = page(&["--opensearch", &remote], "0");
        eprintln!(
            "collapse: {query:<15} {options:?}: local {} matches in {} groups, cluster {} in {}",
            mine["total_hits"], mine["groups"], theirs["total_hits"], theirs["groups"]
        );
        assert_eq!(theirs["total_hits"], mine["total_hits"], "{query}");
        assert_eq!(theirs["groups"], mine["groups"], "{query}");
        assert_eq!(their_hits.len(), my_hits.len(), "{query}");
        for (path, size) in &their_hits {
            if let Some((_, mine)) = my_hits.iter().find(|(p, _)| p == path) {
                assert_eq!(size, mine, "{query}: the group of {path}");
            }
        }
        let (_, next) = page(&["--opensearch", &remote], "10");
        assert!(
            next.iter()
                .all(|(p, _)| their_hits.iter().all(|(q, _)| p != q)),
            "{query}: page 2 repeats page 1"
        );
    }
}
