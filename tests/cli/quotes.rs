//! `newsidx quotes`: the quote records an index run writes, searched, and
//! checked against what `newsidx parse` extracts from the same files; quote
//! records kept exact by incremental and interrupted runs, and never seen
//! by `query`.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::testenv::{count_files, sample_corpus, TestEnv};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuoteLine {
    #[serde(rename = "type")]
    kind: String,
    rank: usize,
    score: f64,
    speaker: String,
    quote: String,
    path: String,
    title: String,
    date: Option<String>,
    paragraph: u64,
    /// `direct` or `reported`, as `newsidx parse` names it.
    #[serde(rename = "kind")]
    said_as: String,
    highlights: Vec<[usize; 2]>,
}

#[derive(Debug, Deserialize)]
struct Parsed {
    path: String,
    title: String,
    #[serde(default)]
    quotes: Vec<ParsedQuote>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParsedQuote {
    speaker: String,
    text: String,
    paragraph: u64,
    kind: String,
}

/// `newsidx quotes QUERY --index idx ARGS...` as JSON: the quote lines and
/// the summary's `total_hits`, after checking the exit code.
fn quotes_json(env: &TestEnv, query: &str, args: &[&str]) -> (Vec<QuoteLine>, usize) {
    let out = env
        .cmd()
        .args(["quotes", query, "--index", "idx", "--json"])
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (summary, quotes) = lines.split_last().expect("no summary line");
    let quotes: Vec<QuoteLine> = quotes
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad quote line {l}: {e}")))
        .collect();
    let summary: serde_json::Value = serde_json::from_str(summary).unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["returned"], quotes.len());
    let total = summary["total_hits"].as_u64().unwrap() as usize;
    let code = out.status.code();
    assert_eq!(code, Some(if total > 0 { 0 } else { 1 }), "{query}");
    for (k, quote) in quotes.iter().enumerate() {
        assert_eq!(quote.kind, "quote");
        assert!(quote.score.is_finite());
        assert!(quote.rank >= 1 && quote.paragraph >= 1, "{quote:?}");
        assert!(k == 0 || quotes[k - 1].rank < quote.rank);
        for [s, e] in &quote.highlights {
            assert!(quote.quote.get(*s..*e).is_some(), "{quote:?}");
        }
    }
    (quotes, total)
}

/// Every quote record `newsidx parse` gives for the files of `dir`, keyed
/// by (path, paragraph, words), with speaker and title.
fn parsed_quotes(
    env: &TestEnv,
    dir: &std::path::Path,
) -> BTreeMap<(String, u64, String), (String, String)> {
    parsed_records(env, dir)
        .into_iter()
        .map(|(key, (speaker, title, _))| (key, (speaker, title)))
        .collect()
}

/// [`parsed_quotes`] with each record's kind (`direct`, `reported`).
fn parsed_records(
    env: &TestEnv,
    dir: &std::path::Path,
) -> BTreeMap<(String, u64, String), (String, String, String)> {
    let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    let out = env.cmd().arg("parse").args(&files).output().unwrap();
    let mut all = BTreeMap::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let parsed: Parsed = serde_json::from_str(line).unwrap();
        let rel = parsed
            .path
            .strip_prefix(&format!("{}/", dir.display()))
            .unwrap_or(&parsed.path)
            .to_string();
        for quote in parsed.quotes {
            assert!(["direct", "reported"].contains(&quote.kind.as_str()));
            let key = (rel.clone(), quote.paragraph, quote.text);
            all.insert(key, (quote.speaker, parsed.title.clone(), quote.kind));
        }
    }
    all
}

#[test]
fn every_quote_of_the_parse_output_is_one_record() {
    let env = TestEnv::shared_sample();
    let parsed = parsed_records(env, &env.corpus());
    assert!(
        parsed.len() >= 40,
        "the sample corpus gives {} quotes",
        parsed.len()
    );
    // Both kinds are there, so a kind lost on the way would show.
    for kind in ["direct", "reported"] {
        assert!(
            parsed.values().any(|(_, _, k)| k == kind),
            "no {kind} quote"
        );
    }
    let (found, total) = quotes_json(env, "*", &["--limit", "all"]);
    assert_eq!(total, parsed.len());
    let mut indexed = BTreeMap::new();
    for quote in found {
        let key = (quote.path.clone(), quote.paragraph, quote.quote.clone());
        let record = (quote.speaker, quote.title, quote.said_as);
        assert!(indexed.insert(key, record).is_none(), "a quote twice");
    }
    assert_eq!(indexed, parsed);
}

#[test]
fn a_word_finds_the_quotes_that_hold_it_and_no_other() {
    let env = TestEnv::shared_sample();
    let parsed = parsed_quotes(env, &env.corpus());
    // Words as written (`=word`), so that stemming plays no part in what
    // the quotes are compared with: a few by hand and a spread of the
    // quotes' own words, some their own stems (`will`), some not
    // (`people`, whose stem is `peopl`), which the index answers two ways.
    let own: std::collections::BTreeSet<String> = parsed
        .keys()
        .flat_map(|(_, _, text)| text.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.len() > 2 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_lowercase)
        .collect();
    let spread = own.iter().step_by(own.len() / 24 + 1).map(String::as_str);
    for word in ["we", "will", "not", "people"].into_iter().chain(spread) {
        let holding = parsed
            .keys()
            .filter(|(_, _, text)| {
                text.split(|c: char| !c.is_alphanumeric())
                    .any(|w| w.eq_ignore_ascii_case(word))
            })
            .count();
        let (found, total) = quotes_json(env, &format!("={word}"), &["--limit", "all"]);
        assert_eq!(total, holding, "{word}");
        assert_eq!(found.len(), holding, "{word}");
        for quote in &found {
            let marked: Vec<&str> = quote
                .highlights
                .iter()
                .map(|[s, e]| &quote.quote[*s..*e])
                .collect();
            assert!(
                marked.iter().any(|m| m.eq_ignore_ascii_case(word)),
                "{word}: {quote:?}"
            );
        }
    }
}

#[test]
fn speaker_and_date_filters_narrow_to_the_parse_output() {
    let env = TestEnv::shared_sample();
    let parsed = parsed_quotes(env, &env.corpus());
    let mut by_speaker: BTreeMap<&str, usize> = BTreeMap::new();
    for (speaker, _) in parsed.values() {
        *by_speaker.entry(speaker.as_str()).or_default() += 1;
    }
    let (&name, &count) = by_speaker.iter().max_by_key(|(_, n)| **n).unwrap();
    let (found, total) = quotes_json(env, &format!("speaker:\"{name}\""), &["--limit", "all"]);
    assert_eq!(total, count, "{name}");
    assert!(found.iter().all(|q| q.speaker == name));
    // A year no article of the sample is from: nothing, exit code 1.
    let (found, total) = quotes_json(env, "*", &["--from", "1900", "--to", "1901"]);
    assert_eq!((found.len(), total), (0, 0));
    let (all, _) = quotes_json(env, "*", &["--limit", "all", "--from", "2024-12"]);
    assert!(all
        .iter()
        .all(|q| q.date.as_deref().is_some_and(|d| d >= "2024-12")));
}

#[test]
fn quote_records_never_reach_a_query() {
    let env = TestEnv::shared_sample();
    let articles = count_files(&sample_corpus(), "txt")
        + count_files(&sample_corpus(), "md")
        + count_files(&sample_corpus(), "json")
        + count_files(&sample_corpus(), "html");
    let (_, summary) = env.query_json("*", &["--exact-count"]);
    assert_eq!(summary.total_hits, articles);
    let (_, quotes) = quotes_json(env, "*", &[]);
    assert!(quotes > 0);
    // A word that only a quote and its speaker could share finds
    // articles, each once.
    let (hits, _) = env.query_json("said", &["--limit", "1000"]);
    let mut paths: Vec<&str> = hits.iter().map(|h| h.path.as_str()).collect();
    paths.sort();
    let before = paths.len();
    paths.dedup();
    assert_eq!(paths.len(), before);
}

#[test]
fn human_and_csv_output_show_the_quote_and_who_said_it() {
    let env = TestEnv::shared_sample();
    let (json, _) = quotes_json(env, "=we", &["--limit", "3"]);
    let human = env
        .cmd()
        .args([
            "quotes", "=we", "--index", "idx", "--limit", "3", "--color", "never",
        ])
        .output()
        .unwrap();
    assert_eq!(human.status.code(), Some(0));
    let text = String::from_utf8(human.stdout).unwrap();
    for quote in &json {
        assert!(text.contains(&quote.speaker), "{text}");
        assert!(text.contains(&quote.title), "{text}");
    }
    let csv = env
        .cmd()
        .args([
            "quotes", "=we", "--index", "idx", "--limit", "3", "--format", "csv",
        ])
        .output()
        .unwrap();
    assert_eq!(csv.status.code(), Some(0));
    let text = String::from_utf8(csv.stdout).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("rank,score,date,title,speakers,path,snippet")
    );
    let mut reader = ::csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), json.len());
    for (row, quote) in rows.iter().zip(&json) {
        assert_eq!(&row[4], quote.speaker);
        assert_eq!(&row[5], quote.path);
        assert_eq!(&row[6], quote.quote);
    }
}

#[test]
fn nothing_found_exits_one_and_table_options_are_refused() {
    let env = TestEnv::shared_sample();
    let (found, total) = quotes_json(env, "zzyzxquark", &[]);
    assert_eq!((found.len(), total), (0, 0));
    let out = env
        .cmd()
        .args(["quotes", "we", "--index", "idx", "--facet", "speaker"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--facet"));
    let out = env
        .cmd()
        .args([
            "quotes",
            "we",
            "--index",
            "idx",
            "--json",
            "--fields",
            "rank,path",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format csv"));
}

fn story(title: &str, said: &str) -> String {
    format!("{title}\nA lead.\n4 December 2024 16:16\n\"{said},\" said Ann Lee.\n")
}

#[test]
fn changed_and_deleted_files_take_their_quotes_with_them() {
    let env = TestEnv::empty();
    env.write(
        "a.txt",
        story("Harbour plan", "The harbour will open in spring"),
    );
    env.write(
        "b.txt",
        story("Bridge plan", "The bridge will close in winter"),
    );
    env.index();
    let (found, _) = quotes_json(&env, "*", &["--limit", "all"]);
    assert_eq!(found.len(), 2);

    env.write(
        "a.txt",
        story("Harbour plan", "The harbour stays shut until autumn"),
    );
    std::fs::remove_file(env.corpus().join("b.txt")).unwrap();
    env.index();
    let (found, _) = quotes_json(&env, "*", &["--limit", "all"]);
    let words: Vec<&str> = found.iter().map(|q| q.quote.as_str()).collect();
    assert_eq!(words, ["The harbour stays shut until autumn"]);
    assert_eq!(found[0].speaker, "Ann Lee");
    assert_eq!(found[0].paragraph, 2);
}

#[test]
fn a_run_that_writes_many_segments_merges_them_and_answers_as_before() {
    // Committed a chunk (1,024 files) at a time, six commits write six
    // quote segments and more of articles: more than a run may leave
    // (four), so the run merges them at its end. The same folder indexed
    // in one commit writes two of each and merges nothing.
    let env = TestEnv::empty();
    let speakers = ["Ann Lee", "Bo Chen", "Cai Wen"];
    for i in 0..5200 {
        env.write(
            &format!("s{i:04}.txt"),
            format!(
                "Survey {i}\nA lead.\n{} March 2021 10:00\n\"We counted {i} birds,\" said {}.\n",
                1 + i % 28,
                speakers[i % 3]
            ),
        );
    }
    env.index_cmd(&["--quiet", "--commit-every", "0"])
        .assert()
        .success();
    env.cmd()
        .args(["index", "corpus", "--index", "whole", "--quiet"])
        .assert()
        .success();
    let segments = |index: &str| {
        let root = env.index_dir().parent().unwrap().to_path_buf();
        let meta = std::fs::read_to_string(root.join(index).join("meta.json")).unwrap();
        let meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
        meta["segments"].as_array().map_or(0, Vec::len)
    };
    assert!(segments("idx") <= 4, "{} article segments", segments("idx"));
    assert!(
        segments("idx/quotes") <= 4,
        "{} quote segments",
        segments("idx/quotes")
    );
    assert_eq!(segments("whole/quotes"), 1);

    // What each index answers, without what depends on the order of
    // documents (ranks among equal scores, the time taken).
    let answers = |index: &str| {
        let run = |args: &[&str]| {
            let out = env
                .cmd()
                .args(args)
                .args(["--index", index, "--json"])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let mut lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            for line in &mut lines {
                if let Some(object) = line.as_object_mut() {
                    for varies in [
                        "elapsed_ms",
                        "rank",
                        "quote",
                        "latest",
                        "highlights",
                        "snippet",
                    ] {
                        object.remove(varies);
                    }
                }
            }
            let mut text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            text.sort();
            text
        };
        [
            run(&["query", "speaker:\"bo chen\"", "--limit", "all"]),
            run(&[
                "query", "birds", "--facet", "speaker", "--facet", "day", "-n", "0",
            ]),
            run(&["quotes", "birds", "--limit", "all"]),
            run(&["speakers", "birds"]),
        ]
    };
    let merged = answers("idx");
    let whole = answers("whole");
    let chen = (0..5200).filter(|i| i % 3 == 1).count();
    assert_eq!(merged[0].len(), chen + 1, "hits and the summary");
    assert_eq!(merged[2].len(), 5201, "quotes and the summary");
    for (merged, whole) in merged.iter().zip(&whole) {
        assert_eq!(merged, whole);
    }
}

#[test]
fn an_abort_between_the_quote_and_article_commits_is_repaired() {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the abort hook exists in debug builds only");
        return;
    }
    let env = TestEnv::empty();
    for i in 0..1500 {
        env.write(
            &format!("s{i:04}.txt"),
            story(&format!("Survey {i}"), &format!("We counted {i} birds")),
        );
    }
    let out = env
        .index_cmd(&["--quiet", "--commit-every", "0"])
        .env("NEWSIDX_TEST_ABORT_AFTER_QUOTE_COMMITS", "2")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        None,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A file changed before the next run, whose old quote was committed.
    env.write("s0000.txt", story("Survey 0", "We counted none at all"));
    env.index();
    let (found, total) = quotes_json(&env, "*", &["--limit", "all"]);
    assert_eq!(total, 1500);
    let mut paths: Vec<&str> = found.iter().map(|q| q.path.as_str()).collect();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), 1500, "a quote twice after the abort");
    let (zero, _) = quotes_json(&env, "=none", &[]);
    assert_eq!(zero.len(), 1);
    assert_eq!(zero[0].path, "s0000.txt");
    let (old, _) = quotes_json(&env, "\"counted 0 birds\"", &[]);
    assert!(old.is_empty());
    let (_, summary) = env.query_json("survey", &["--exact-count"]);
    assert_eq!(summary.total_hits, 1500);
}

#[test]
fn each_speaker_of_a_query_shows_one_of_their_quotes() {
    let env = TestEnv::shared_sample();
    let parsed = parsed_quotes(env, &env.corpus());
    let holds = |text: &str, word: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    for (query, word) in [("*", None), ("=water", Some("water")), ("=we", Some("we"))] {
        let out = env
            .cmd()
            .args([
                "speakers", "--json", "--limit", "10000", "--index", "idx", query,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{query}");
        let text = String::from_utf8(out.stdout).unwrap();
        let mut shown = 0;
        for line in text.lines() {
            let line: serde_json::Value = serde_json::from_str(line).unwrap();
            if line["type"] != "speaker" {
                continue;
            }
            let name = line["name"].as_str().unwrap();
            let theirs: Vec<&(String, u64, String)> = parsed
                .iter()
                .filter(|(_, (speaker, _))| speaker == name)
                .map(|(key, _)| key)
                .collect();
            let Some(quote) = line.get("quote") else {
                assert!(
                    theirs.is_empty(),
                    "{query}: {name} has quotes but none shown"
                );
                continue;
            };
            shown += 1;
            let (said, path) = (
                quote["text"].as_str().unwrap(),
                quote["path"].as_str().unwrap(),
            );
            assert!(
                theirs.iter().any(|(p, _, t)| p == path && t == said),
                "{query}: {name}: {said:?} is not theirs"
            );
            if let Some(word) = word {
                if theirs.iter().any(|(_, _, t)| holds(t, word)) {
                    assert!(holds(said, word), "{query}: {name}: {said:?} lacks {word}");
                }
            }
        }
        assert!(shown > 0, "{query}");
    }
}

/// Stories quoting people from short lists of given names and surnames,
/// so that a surname has hundreds of quotes (tantivy's block skipping,
/// which the pruned ranking uses, starts at 128 documents a posting list)
/// and several people share it.
fn crowded_quotes() -> TestEnv {
    use rand::{Rng, SeedableRng};
    const GIVEN: [&str; 5] = ["Anna", "Boris", "Clara", "Dmitri", "Elena"];
    const SURNAMES: [&str; 4] = ["Varga", "Novak", "Horvat", "Kovac"];
    const WORDS: [&str; 16] = [
        "oil", "prices", "harbour", "grain", "storm", "budget", "rail", "strike", "wages",
        "exports", "drought", "tariff", "bank", "rates", "ferry", "power",
    ];
    let env = TestEnv::empty();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(13);
    let words = |rng: &mut rand_chacha::ChaCha8Rng, n: usize| -> String {
        (0..n)
            .map(|_| WORDS[rng.random_range(0..WORDS.len())])
            .collect::<Vec<_>>()
            .join(" ")
    };
    for n in 0..600 {
        let mut text = format!(
            "Report {n} on {}\nA summary of {}.\n{} March 2024 {:02}:00\n",
            words(&mut rng, 2),
            words(&mut rng, 3),
            1 + n % 28,
            n % 24
        );
        for _ in 0..rng.random_range(1..4) {
            let given = GIVEN[rng.random_range(0..GIVEN.len())];
            let surname = SURNAMES[rng.random_range(0..SURNAMES.len())];
            let length = rng.random_range(3..9);
            let said = words(&mut rng, length);
            text.push_str(&format!(
                "\"The {said} matter,\" said {given} {surname}, the minister.\n"
            ));
        }
        env.write(&format!("r{n:04}.txt"), text);
    }
    env.index_run().success();
    env
}

/// A speaker's quote as `newsidx speakers QUERY` finds it (the said
/// file's one pass over the query's quotes for everyone at once, and for
/// one person at a time; the ranking-only searches of the later steps) is
/// the quote the whole searches, counts and snippets included, find: for
/// every person of every query of a word, a pair of words, a word outside
/// any quote, a date range and `*`.
#[test]
fn a_speakers_quote_from_the_ranking_alone_is_the_searched_one() {
    use newsidx::search::quotes::QuoteSearcher;
    use newsidx::search::{Backend, DateRange, LocalSearcher, SearchRequest};
    let env = crowded_quotes();
    let articles = LocalSearcher::open(&env.index_dir()).unwrap();
    let quotes = QuoteSearcher::open(&env.index_dir()).unwrap();
    let mut compared = 0;
    let queries = [
        "oil",
        "prices",
        "oil prices",
        "\"oil prices\"",
        "harbour OR ferry",
        "report",
        "summary",
        "*",
        "speaker:varga",
        "grain -storm",
        // Queries the one pass over a query's quotes leaves to the plain
        // searches: a lone negation, and parentheses that do not pair.
        "-storm",
        "oil) prices",
        "(oil",
    ];
    for (query, dates) in queries.iter().flat_map(|q| {
        [
            (*q, DateRange::default()),
            (
                *q,
                DateRange::from_bounds(Some("2024-03-05"), Some("2024-03-20")).unwrap(),
            ),
        ]
    }) {
        let request = SearchRequest {
            query: query.to_string(),
            dates,
            speakers: Some(100),
            ..SearchRequest::default()
        };
        let mut results = articles.search(&request).unwrap();
        assert!(!results.speakers.is_empty(), "{query}");
        // All at once, as `newsidx speakers` asks (people who share a
        // surname share its searches), and one at a time.
        quotes.add_representatives(&request, &mut results).unwrap();
        for person in &results.speakers {
            let fast = quotes
                .representative(query, &person.name, &person.latest, &dates)
                .unwrap();
            assert_eq!(person.quote, fast, "{query}: {}", person.name);
            let searched = quotes
                .representative_by_search(query, &person.name, &person.latest, &dates)
                .unwrap();
            assert_eq!(fast, searched, "{query}: {}", person.name);
            assert!(fast.is_some(), "{query}: {}", person.name);
            compared += 1;
        }
    }
    assert!(compared >= 100, "{compared}");
}
