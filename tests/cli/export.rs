//! Everything as a table: `--format csv`, `--limit all` and `--fields`.
//! A CSV is read back with the `csv` crate and compared with the JSON hits
//! of the same query; every match is compared with the pages that list
//! them.

use std::io::Read;
use std::process::Stdio;

use serde_json::Value;

use crate::testenv::{assert_one_error, JsonHit, TestEnv};

fn sample() -> &'static TestEnv {
    TestEnv::shared_sample()
}

/// The header and rows of a CSV run, read with the csv crate.
fn csv_rows(env: &TestEnv, query: &str, args: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
    let out = env
        .query(query, &[&["--format", "csv"], args].concat())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// What a CSV row of every field says, from a JSON hit.
fn as_row(hit: &JsonHit) -> Vec<String> {
    vec![
        hit.rank.to_string(),
        hit.score.to_string(),
        hit.date.clone().unwrap_or_default(),
        hit.title.clone(),
        hit.speakers.join("; "),
        hit.path.clone(),
        hit.snippet.clone(),
    ]
}

/// A CSV row with its score read as a number, to compare with JSON's
/// (both write the shortest text that reads back as the same f32, but
/// not always the same text: `1e-7` against `0.0000001`).
fn normalised(mut row: Vec<String>) -> Vec<String> {
    let score: f32 = row[1].parse().unwrap();
    row[1] = (score as f64).to_string();
    row
}

#[test]
fn a_csv_holds_what_the_json_hits_of_the_same_query_hold() {
    for (query, limit) in [("wind", "all"), ("*", "all"), ("grid OR heatwave", "5")] {
        let (hits, summary) = sample().query_json(query, &["--limit", limit]);
        assert!(!hits.is_empty(), "{query}");
        let (header, rows) = csv_rows(sample(), query, &["--limit", limit]);
        assert_eq!(
            header,
            ["rank", "score", "date", "title", "speakers", "path", "snippet"]
        );
        assert_eq!(rows.len(), hits.len(), "{query}");
        if limit == "all" {
            assert_eq!(rows.len(), summary.total_hits, "{query}");
        }
        for (row, hit) in rows.into_iter().zip(&hits) {
            assert_eq!(normalised(row), normalised(as_row(hit)), "{query}");
        }
    }
}

#[test]
fn titles_and_speakers_read_from_columns_are_those_of_the_stored_articles() {
    // `title,speakers` alone is read from the index's columns; with the
    // lead, from the stored articles; the full table is the page's.
    for query in ["*", "wind", "speaker:lindqvist"] {
        let (_, full) = csv_rows(sample(), query, &["--limit", "all"]);
        assert!(!full.is_empty(), "{query}");
        let (_, columns) = csv_rows(
            sample(),
            query,
            &["--limit", "all", "--fields", "path,title,speakers"],
        );
        let (_, stored) = csv_rows(
            sample(),
            query,
            &["--limit", "all", "--fields", "path,title,speakers,lead"],
        );
        let expected: Vec<Vec<String>> = full
            .iter()
            .map(|r| vec![r[5].clone(), r[3].clone(), r[4].clone()])
            .collect();
        assert_eq!(columns, expected, "{query}");
        let stored: Vec<Vec<String>> = stored.into_iter().map(|r| r[..3].to_vec()).collect();
        assert_eq!(stored, expected, "{query}");
        assert!(expected.iter().any(|r| r[2].contains("; ")), "{query}");
    }
}

#[test]
fn every_match_comes_in_the_order_the_pages_give_them() {
    let env = sample();
    for (query, sort) in [
        ("*", "relevance"),
        ("*", "date"),
        ("wind OR rain OR minister", "relevance"),
        ("wind OR rain OR minister", "date"),
    ] {
        let (all, summary) = env.query_json(query, &["--limit", "all", "--sort", sort]);
        assert_eq!(all.len(), summary.total_hits, "{query} by {sort}");
        assert!(all.len() > 14, "{query}: too few to page");
        let mut paged = Vec::new();
        for offset in (0..all.len()).step_by(7) {
            let offset = offset.to_string();
            let (page, _) = env.query_json(
                query,
                &[
                    "--limit",
                    "7",
                    "--offset",
                    &offset,
                    "--sort",
                    sort,
                    "--all-words",
                ],
            );
            paged.extend(page);
        }
        // Everything but the score: the stream reads documents, names
        // speakers and picks snippets its own way.
        let key = |hits: &[JsonHit]| -> Vec<String> {
            hits.iter()
                .map(|h| {
                    let mut hit = format!("{h:?}");
                    let score = format!("score: {:?}", h.score);
                    hit = hit.replace(&score, "");
                    hit
                })
                .collect()
        };
        assert_eq!(key(&all), key(&paged), "{query} by {sort}");
        // A page by date scores each hit apart (tantivy's explanation),
        // which may add a query's parts in another order.
        for (a, b) in all.iter().zip(&paged) {
            assert!(
                (a.score - b.score).abs() <= 1e-5 * a.score.abs().max(1.0),
                "{a:?} {b:?}"
            );
        }

        // From an offset on, the rest of the same list.
        let (rest, _) =
            env.query_json(query, &["--limit", "all", "--offset", "10", "--sort", sort]);
        assert_eq!(key(&rest), key(&all[10..]), "{query} by {sort}");
    }
}

#[test]
fn quotes_commas_and_line_breaks_in_titles_survive_a_round_trip() {
    let env = TestEnv::empty();
    let titles = [
        "He said \"no\", twice",
        "Commas, commas, commas",
        "\"Quoted from the start\"",
        "Semicolons; and \"\"doubled\"\" quotes",
    ];
    for (i, title) in titles.iter().enumerate() {
        let article = serde_json::json!({
            "title": title,
            "date": format!("2024-05-0{}T10:00:00Z", i + 1),
            "text": format!("The marshland story number {i}, with a \"quote\", a comma\nand a second line."),
        });
        env.write(&format!("a{i}.json"), article.to_string());
    }
    env.index();
    let (hits, _) = env.query_json("marshland", &["--limit", "all"]);
    assert_eq!(hits.len(), titles.len());
    let (_, rows) = csv_rows(
        &env,
        "marshland",
        &["--limit", "all", "--fields", "title,snippet,path"],
    );
    let mut read_titles: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    read_titles.sort_unstable();
    let mut expected = titles.to_vec();
    expected.sort_unstable();
    assert_eq!(read_titles, expected);
    for (row, hit) in rows.iter().zip(&hits) {
        assert_eq!(
            [&row[0], &row[1], &row[2]],
            [&hit.title, &hit.snippet, &hit.path]
        );
        assert!(row[1].contains("\"quote\", a comma"), "{row:?}");
    }
}

#[test]
fn fields_choose_the_columns_and_their_order() {
    let (hits, _) = sample().query_json("wind", &["--limit", "all"]);
    let (header, rows) = csv_rows(
        sample(),
        "wind",
        &["--limit", "all", "--fields", "path,rank,title"],
    );
    assert_eq!(header, ["path", "rank", "title"]);
    let expected: Vec<Vec<String>> = hits
        .iter()
        .map(|h| vec![h.path.clone(), h.rank.to_string(), h.title.clone()])
        .collect();
    assert_eq!(rows, expected);

    // A page takes them too, and names may be any case, spaced.
    let (header, rows) = csv_rows(sample(), "wind", &["-n", "3", "--fields", " Date , score"]);
    assert_eq!(header, ["date", "score"]);
    assert_eq!(rows.len(), 3);
}

#[test]
fn json_hit_lines_take_the_chosen_fields_alone() {
    let out = sample()
        .query(
            "wind",
            &["--json", "--limit", "all", "--fields", "title,rank"],
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (summary, hits) = lines.split_last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["returned"].as_u64(), Some(hits.len() as u64));
    for (i, hit) in hits.iter().enumerate() {
        let keys: Vec<&String> = hit.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["rank", "title", "type"], "{hit}");
        assert_eq!(hit["rank"].as_u64(), Some(i as u64 + 1));
    }
    // The keys in the order chosen, as written.
    let text = String::from_utf8(
        sample()
            .query(
                "wind",
                &["--format", "json", "-n", "1", "--fields", "title,rank"],
            )
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(text.starts_with("{\"type\":\"hit\",\"title\":"), "{text}");
}

#[test]
fn every_match_for_people_ends_with_a_tally_of_them_all() {
    let (_, summary) = sample().query_json("wind", &["--limit", "0"]);
    let out = sample()
        .query("wind", &["--limit", "all", "--color", "never"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let numbered = text
        .lines()
        .filter(|l| {
            l.split_once(". ")
                .is_some_and(|(n, _)| n.parse::<usize>().is_ok())
        })
        .count();
    assert_eq!(numbered, summary.total_hits);
    let tally = String::from_utf8(out.stderr).unwrap();
    let total = summary.total_hits;
    assert!(
        tally.starts_with(&format!("newsidx: hits 1-{total} of {total} (")),
        "{tally}"
    );
}

#[test]
fn facets_count_every_match_beside_every_match() {
    let facets = |args: &[&str]| -> Vec<Value> {
        let out = sample()
            .query(
                "*",
                &[&["--json", "--facet", "year", "--facet", "speaker:5"], args].concat(),
            )
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .filter(|l| l["type"] == "facet")
            .collect()
    };
    let counted = facets(&["--limit", "0"]);
    assert_eq!(counted.len(), 2);
    assert_eq!(facets(&["--limit", "all"]), counted);
    assert_eq!(facets(&["--limit", "all", "--offset", "40"]), counted);
}

#[test]
fn nothing_matched_is_a_header_alone_and_exit_one() {
    let out = sample()
        .query("zzyzzxq", &["--format", "csv", "--limit", "all"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "rank,score,date,title,speakers,path,snippet\r\n"
    );
}

#[test]
fn a_closed_pipe_ends_an_export_quietly() {
    let env = TestEnv::empty();
    // Enough rows that the export outlasts the pipe's buffer.
    let lines: Vec<String> = (0..3_000)
        .map(|i| {
            serde_json::json!({
                "title": format!("Tidal record {i}"),
                "text": format!("The tidal gauge at station {i} read high water again. {}", "More words follow here. ".repeat(8)),
            })
            .to_string()
        })
        .collect();
    env.write("feed.jsonl", lines.join("\n"));
    env.index();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("newsidx"))
        .args([
            "query", "tidal", "--index", "idx", "--format", "csv", "--limit", "all",
        ])
        .current_dir(env.corpus().parent().unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    assert!(first.starts_with(b"rank,score,date,title"));
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn bad_limits_fields_and_formats_are_refused_with_a_hint() {
    for (args, error, hint) in [
        (
            &["--limit", "10x"][..],
            "--limit takes a count of hits, 0 or more, or all for every match; got 10x",
            "for example: --limit 20, or --limit all",
        ),
        (
            &["--format", "csv", "--limit", "0"],
            "--limit 0 with --format csv writes a header and no rows",
            "--limit all writes every match",
        ),
        (
            &["--format", "csv", "--fields", ""],
            "--fields takes field names separated by commas, with no empty name; the fields are rank, score, date, title, speakers, path, snippet",
            "for example: --fields rank,title,path",
        ),
        (
            &["--format", "csv", "--fields", "rank,titel"],
            "--fields has no field \"titel\" (did you mean title?); the fields are rank, score, date, title, speakers, path, snippet, lead, outlet, authors, url, lang, duplicates; got rank,titel",
            "for example: --fields rank,title,path",
        ),
        (
            &["--fields", "rank,title"],
            "--fields chooses the fields of --format csv and --format json",
            "add --format csv",
        ),
        (
            &["--format", "xml"],
            "--format takes human, json or csv; got xml",
            "for example: --format csv",
        ),
        (
            &["--format", "csv", "--json"],
            "--json",
            "see `newsidx query --help`",
        ),
        (
            &["--collapse", "--limit", "all"],
            "--collapse with --limit all is not supported yet",
            "page through the groups with --limit N --offset M",
        ),
    ] {
        let out = sample().query("wind", args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_one_error(&out.stderr, error);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains(&format!("newsidx: hint: {hint}")),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn every_match_names_speakers_as_a_page_does() {
    // The harbour master in full, then by surname alone, and a namesake;
    // then aliases lines that join two people (under the first name) or
    // keep a surname apart.
    let env = TestEnv::empty();
    let story = |title: &str, day: u32, quote: &str, who: &str| {
        format!(
            "{title}\nThe port works go on.\n{day} February 2025 09:00\n\"{quote},\" said {who}.\n"
        )
    };
    env.write(
        "a.txt",
        story(
            "Dredging to resume",
            3,
            "The channel will be clear by spring",
            "Ingrid Solvang, the harbour master",
        ),
    );
    env.write(
        "b.txt",
        story(
            "Dredging delayed",
            10,
            "The storms cost us two weeks",
            "Ms Solvang",
        ),
    );
    env.write(
        "c.txt",
        story(
            "Dredging contract signed",
            17,
            "This gets the dredging back on track",
            "Ms Solvang",
        ),
    );
    env.write(
        "d.txt",
        story(
            "Dredging inquiry",
            20,
            "We will ask about the cost",
            "Petter Haugen",
        ),
    );
    env.index();
    for (aliases, b, d) in [
        ("", "Ingrid Solvang", "Petter Haugen"),
        (
            "Petter Haugen = Ingrid Solvang\n",
            "Petter Haugen",
            "Petter Haugen",
        ),
        ("Solvang != Ingrid Solvang\n", "Solvang", "Petter Haugen"),
    ] {
        std::fs::write(env.index_dir().join("aliases.txt"), aliases).unwrap();
        let (page, _) = env.query_json("dredging", &["--limit", "10", "--all-words"]);
        let (all, _) = env.query_json("dredging", &["--limit", "all"]);
        let speakers = |hits: &[JsonHit]| -> Vec<(String, Vec<String>)> {
            hits.iter()
                .map(|h| (h.path.clone(), h.speakers.clone()))
                .collect()
        };
        assert_eq!(page.len(), 4, "{aliases}");
        assert_eq!(speakers(&all), speakers(&page), "{aliases}");
        // Without a stored field asked for, the speakers come from their
        // column, and the registry and aliases name them all the same.
        let (_, rows) = csv_rows(
            &env,
            "dredging",
            &["--limit", "all", "--fields", "path,speakers"],
        );
        let from_columns: Vec<(String, Vec<String>)> = rows
            .into_iter()
            .map(|r| (r[0].clone(), r[1].split("; ").map(String::from).collect()))
            .collect();
        assert_eq!(from_columns, speakers(&all), "{aliases}");
        let of = |path: &str| {
            all.iter()
                .find(|h| h.path == path)
                .unwrap()
                .speakers
                .clone()
        };
        assert_eq!(
            (of("b.txt"), of("d.txt")),
            (vec![b.to_string()], vec![d.to_string()]),
            "{aliases:?}"
        );
    }
}

#[test]
fn an_offset_past_every_match_lists_none_and_says_how_many_there_were() {
    let total = sample().query_json("*", &["--limit", "0"]).1.total_hits;
    for offset in [
        total.to_string(),
        (total + 1000).to_string(),
        usize::MAX.to_string(),
    ] {
        let offset = offset.as_str();
        let (hits, summary) = sample().query_json("*", &["--limit", "all", "--offset", offset]);
        assert!(hits.is_empty(), "{offset}");
        assert_eq!(summary.total_hits, total);
        let out = sample()
            .query(
                "*",
                &["--limit", "all", "--offset", offset, "--format", "csv"],
            )
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let tally = String::from_utf8(out.stderr).unwrap();
        assert_eq!(tally, format!("newsidx: {total} hits, none shown\n"));
    }
}
