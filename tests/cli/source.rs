//! Outlet, authors, address and language: searched with `outlet:`,
//! `author:` and `lang:`, counted by `--facet`, shown in hits and by
//! `newsidx show`, on an index of the format fixtures.

use std::path::Path;

use serde_json::Value;

use crate::testenv::{assert_one_error, parse_json_lines, TestEnv};

/// The HTML, JSON and Markdown fixtures, indexed once.
fn fixtures() -> &'static TestEnv {
    static SHARED: std::sync::LazyLock<TestEnv> = std::sync::LazyLock::new(|| {
        let env = TestEnv::empty_in_target();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for format in ["html", "json", "markdown"] {
            for entry in std::fs::read_dir(root.join(format)).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                env.write(&format!("{format}/{name}"), std::fs::read(&path).unwrap());
            }
        }
        // `feed.jsonl` holds a broken line on purpose: the run indexes the
        // rest and says so.
        env.index_run().code(3);
        env
    });
    &SHARED
}

#[test]
fn outlet_matches_its_words_in_any_case_and_accents() {
    let env = fixtures();
    assert_eq!(
        env.path_set("outlet:\"riverton gazette\""),
        ["html/riverton-flood.html"]
    );
    assert_eq!(
        env.path_set("outlet:RIVERAIN"),
        ["html/lakeside-ferry-declared.html"]
    );
    assert_eq!(
        env.path_set("outlet:riverton"),
        env.path_set("outlet:Riverton")
    );
    // An outlet is not in the text: the plain word finds the story's own
    // mentions only.
    assert!(!env
        .path_set("riverain")
        .contains(&"html/lakeside-ferry-declared.html".to_string()));
}

#[test]
fn author_matches_a_name_or_a_part_of_it() {
    let env = fixtures();
    assert_eq!(
        env.path_set("author:\"elodie marchand\""),
        ["html/lakeside-ferry-declared.html"]
    );
    assert_eq!(
        env.path_set("author:okonjo"),
        ["html/quarry-hearing-byline.html"]
    );
    assert_eq!(
        env.path_set("authors:okonjo"),
        env.path_set("author:okonjo")
    );
    assert_eq!(env.path_set("author:okafor"), {
        let mut both = vec![
            "json/scraped-sources.jsonl#5".to_string(),
            "markdown/toml-budget.md".to_string(),
        ];
        both.sort();
        both
    });
    // A byline's name is never a speaker.
    assert!(env.path_set("speaker:okonjo").is_empty());
}

#[test]
fn lang_matches_the_tag_and_its_regional_forms() {
    let env = fixtures();
    let en = env.path_set("lang:en");
    let gb = env.path_set("lang:en-gb");
    assert!(
        gb.contains(&"html/riverton-flood.html".to_string()),
        "{gb:?}"
    );
    assert!(gb.iter().all(|p| en.contains(p)), "{en:?} {gb:?}");
    assert!(
        en.contains(&"json/scraped-sources.jsonl#2".to_string()),
        "{en:?}"
    );
    assert!(en.len() > gb.len());
    assert_eq!(env.path_set("lang:EN_GB"), gb);
    assert_eq!(
        env.path_set("language:fr"),
        ["html/lakeside-ferry-declared.html"]
    );
    assert_eq!(env.path_set("lang:pt"), ["markdown/toml-author-list.md"]);
    let any = env.path_set("lang:*");
    let none = env.path_set("-lang:*");
    assert!(!any.is_empty() && !none.is_empty());
    assert!(none.iter().all(|p| !any.contains(p)));
}

#[test]
fn a_field_without_a_value_or_a_bad_language_is_an_error_with_an_example() {
    let env = fixtures();
    for (query, says, hint) in [
        ("lang:", "lang: has nothing to search for", "lang:en"),
        (
            "storm outlet:",
            "outlet: has nothing to search for",
            "outlet:reuters",
        ),
        (
            "author:",
            "author: has nothing to search for",
            "author:\"ann lee\"",
        ),
        (
            "author: lee",
            "author: has nothing to search for",
            "right after the colon: author:lee",
        ),
        (
            "lang:english-language",
            "is not a language tag",
            "lang:en-gb",
        ),
    ] {
        let out = env.query(query, &[]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{query}");
        assert!(out.stdout.is_empty(), "{query}");
        assert_one_error(&out.stderr, says);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(hint), "{query}: {stderr}");
    }
}

#[test]
fn outlet_author_and_lang_facets_count_every_match() {
    let env = fixtures();
    let out = env
        .query(
            "*",
            &[
                "--facet",
                "outlet:100",
                "--facet",
                "author:2",
                "--facet",
                "lang",
                "--json",
                "-n",
                "0",
            ],
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let facet = |field: &str| lines.iter().find(|l| l["field"] == field).unwrap().clone();
    let total = lines.last().unwrap()["total_hits"].as_u64().unwrap();
    let outlet = facet("outlet");
    let counted: u64 = outlet["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(counted + outlet["missing"].as_u64().unwrap(), total);
    assert!(outlet["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["key"] == "Riverton Gazette" && b["count"] == 1));
    let author = facet("author");
    assert_eq!(author["buckets"].as_array().unwrap().len(), 2);
    assert!(author["other"].as_u64().unwrap() > 0);
    let lang = facet("lang");
    assert!(lang["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["key"] == "en-gb"));
}

#[test]
fn hits_show_the_outlet_beside_the_date_and_the_authors_after_it() {
    let env = fixtures();
    let out = env.query("outlet:riverton", &[]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let second = text.lines().nth(1).unwrap();
    assert!(
        second.contains(" · Riverton Gazette · by Priya Castellano"),
        "{text}"
    );
    let (hits, _) = parse_json_lines(
        &env.query("outlet:riverton", &["--json"])
            .output()
            .unwrap()
            .stdout,
    );
    let hit = &hits[0];
    assert_eq!(hit.outlet.as_deref(), Some("Riverton Gazette"));
    assert_eq!(hit.authors, ["Priya Castellano"]);
    assert_eq!(hit.lang.as_deref(), Some("en-gb"));
    assert!(hit
        .url
        .as_deref()
        .is_some_and(|u| u.starts_with("https://www.rivertongazette.example/")));
}

#[test]
fn show_prints_every_author_the_language_and_the_address() {
    let env = fixtures();
    let out = env
        .cmd()
        .args(["show", "markdown/yaml-source-fields.md", "--index"])
        .arg(env.index_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(" · Westbridge Courier · by Harriet Quinn, Olu Adebayo · en-gb"),
        "{text}"
    );
    assert!(
        text.contains("\n   https://westbridgecourier.example/news/tram-depot\n"),
        "{text}"
    );
}

#[test]
fn csv_columns_of_the_source_fields_hold_what_the_json_hits_hold() {
    let env = fixtures();
    let fields = "path,lead,outlet,authors,url,lang,duplicates";
    let csv_out = env
        .query(
            "*",
            &["--format", "csv", "--limit", "all", "--fields", fields],
        )
        .output()
        .unwrap();
    assert!(csv_out.status.success(), "{csv_out:?}");
    let mut reader = csv::Reader::from_reader(&csv_out.stdout[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header.join(","), fields);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();

    let json_out = env
        .query("*", &["--json", "--limit", "all"])
        .output()
        .unwrap();
    let hits: Vec<Value> = String::from_utf8(json_out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["type"] == "hit")
        .collect();
    assert_eq!(rows.len(), hits.len());
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let mut with_outlet = 0;
    for (row, hit) in rows.iter().zip(&hits) {
        let authors: Vec<String> = hit["authors"]
            .as_array()
            .map(|a| a.iter().map(text).collect())
            .unwrap_or_default();
        let want = [
            text(&hit["path"]),
            text(&hit["lead"]),
            text(&hit["outlet"]),
            authors.join("; "),
            text(&hit["url"]),
            text(&hit["lang"]),
            // Not collapsed: the count was not looked for.
            String::new(),
        ];
        assert_eq!(row, &want);
        with_outlet += usize::from(!row[2].is_empty());
    }
    assert!(with_outlet >= 3, "the fixtures name outlets: {with_outlet}");

    // Under --collapse the count is there, 0 for an article with no copy.
    let collapsed = env
        .query(
            "*",
            &[
                "--format",
                "csv",
                "--collapse",
                "--fields",
                "path,duplicates",
            ],
        )
        .output()
        .unwrap();
    assert!(collapsed.status.success(), "{collapsed:?}");
    let mut reader = csv::Reader::from_reader(&collapsed.stdout[..]);
    for record in reader.records() {
        let record = record.unwrap();
        assert!(record[1].parse::<usize>().is_ok(), "{record:?}");
    }
}
