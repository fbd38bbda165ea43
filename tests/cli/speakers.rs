//! `newsidx speakers` and the speaker registry as queries see it: one
//! person under one name across the archive.

use crate::testenv::TestEnv;

/// Three stories about a port: the harbour master is named in full in
/// one, by surname alone in the others; a namesake on another subject is
/// quoted in a fourth, written in full.
fn port_stories() -> TestEnv {
    let env = TestEnv::empty();
    env.write(
        "a.txt",
        "Harbour dredging to resume in March\nThe port will reopen its eastern channel.\n3 February 2025 09:00\n\"We expect the channel to be clear by spring,\" said Ingrid Solvang, the harbour master.\n",
    );
    env.write(
        "b.txt",
        "Harbour dredging delayed by storms\nWork on the channel has stopped again.\n10 February 2025 09:00\n\"The storms have cost us two weeks,\" said Ms Solvang on Monday.\n",
    );
    env.write(
        "c.txt",
        "Harbour dredging contract signed\nA new contractor takes over the channel works.\n17 February 2025 09:00\n\"This contract gets the dredging back on track,\" said Ms Solvang.\n",
    );
    env.write(
        "d.txt",
        "Choir wins regional festival\nThe town choir took first prize.\n20 February 2025 18:00\n\"We rehearsed every night for a month,\" said Petter Haugen, the conductor.\n",
    );
    env.index_run().success();
    env
}

#[test]
fn a_surname_alone_is_found_and_shown_under_the_full_name() {
    let env = port_stories();
    let (hits, summary) = env.query_json("speaker:\"ingrid solvang\"", &[]);
    assert_eq!(summary.total_hits, 3, "{hits:?}");
    for hit in &hits {
        assert_eq!(hit.speakers, ["Ingrid Solvang"], "{}", hit.path);
    }
    assert_eq!(env.path_set("speaker:solvang").len(), 3);
}

#[test]
fn the_registry_lists_each_person_with_every_name() {
    let env = port_stories();
    let out = env
        .cmd()
        .args(["speakers", "--registry", "--index"])
        .arg(env.index_dir())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0]
            .trim_start()
            .starts_with("3  Ingrid Solvang  (also: Solvang)"),
        "{text}"
    );
    assert!(
        lines[1].trim_start().starts_with("1  Petter Haugen"),
        "{text}"
    );
}

#[test]
fn speakers_without_an_index_says_how_to_build_one() {
    let env = TestEnv::empty();
    let out = env
        .cmd()
        .args(["speakers", "--index"])
        .arg(env.index_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    crate::testenv::assert_one_error(&out.stderr, "no index at");
}

/// The port stories, indexed, with `aliases` written beside the index
/// afterwards: no run reads it before the queries do.
fn port_stories_with_aliases(aliases: &str) -> TestEnv {
    let env = port_stories();
    std::fs::write(env.index_dir().join("aliases.txt"), aliases).unwrap();
    env
}

/// `newsidx speakers --registry`, as text.
fn registry_lines(env: &TestEnv) -> Vec<String> {
    let out = env
        .cmd()
        .args(["speakers", "--registry", "--index"])
        .arg(env.index_dir())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| line.trim().to_string())
        .collect()
}

#[test]
fn an_aliases_line_keeps_a_wrong_link_apart_without_reindexing() {
    let env =
        port_stories_with_aliases("# the surname is another Solvang\nSolvang != Ingrid Solvang\n");
    assert_eq!(env.path_set("speaker:\"ingrid solvang\""), ["a.txt"]);
    let (hits, _) = env.query_json("speaker:solvang", &[]);
    let mut shown: Vec<(String, Vec<String>)> =
        hits.into_iter().map(|h| (h.path, h.speakers)).collect();
    shown.sort();
    assert_eq!(
        shown,
        [
            ("a.txt".to_string(), vec!["Ingrid Solvang".to_string()]),
            ("b.txt".to_string(), vec!["Solvang".to_string()]),
            ("c.txt".to_string(), vec!["Solvang".to_string()]),
        ]
    );
    let lines = registry_lines(&env);
    assert!(lines[0].starts_with("2  Solvang"), "{lines:?}");
    assert!(
        lines.iter().any(|l| l.starts_with("1  Ingrid Solvang")),
        "{lines:?}"
    );
}

#[test]
fn an_aliases_line_joins_names_typed_in_any_case() {
    let env = port_stories_with_aliases("Ingrid Solvang = petter HAUGEN\n");
    for query in [
        "speaker:\"petter haugen\"",
        "speaker:solvang",
        "speaker:haugen",
    ] {
        let (hits, summary) = env.query_json(query, &[]);
        assert_eq!(summary.total_hits, 4, "{query}: {hits:?}");
        for hit in &hits {
            assert_eq!(hit.speakers, ["Ingrid Solvang"], "{query}: {}", hit.path);
        }
    }
    assert_eq!(
        registry_lines(&env),
        ["4  Ingrid Solvang  (also: Petter Haugen, Solvang)"]
    );
}

#[test]
fn a_mistake_in_the_aliases_file_names_its_line() {
    let env = port_stories_with_aliases("Ingrid Solvang = Solvang\nSolvang\n");
    let out = env.query("harbour", &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    crate::testenv::assert_one_error(
        &out.stderr,
        "aliases.txt, line 2: \"Solvang\" is not a rule",
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("hint: write one rule a line"), "{stderr}");
}

#[test]
fn a_rebuild_keeps_the_aliases_file() {
    let env = port_stories();
    let aliases = env.index_dir().join("aliases.txt");
    std::fs::write(&aliases, "Solvang != Ingrid Solvang\n").unwrap();
    env.index_cmd(&["--full"]).assert().success();
    assert!(aliases.is_file());
    assert_eq!(env.path_set("speaker:\"ingrid solvang\""), ["a.txt"]);
}

/// One `speaker` line of `newsidx speakers QUERY --json`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SpeakerLine {
    #[serde(rename = "type")]
    kind: String,
    name: String,
    articles: u64,
    first: Option<String>,
    last: Option<String>,
    latest: serde_json::Value,
    /// Absent when the index holds no quote of theirs.
    quote: Option<SpeakerQuote>,
}

/// What a speaker said, with its article.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SpeakerQuote {
    text: String,
    /// `direct` or `reported`.
    kind: String,
    path: String,
    title: String,
    date: Option<String>,
}

/// `newsidx speakers QUERY` against the hits of the same query: each
/// person's count, first and last date are those of the matching articles
/// that quote them, and their latest article is one of those with the
/// last date.
#[test]
fn the_speakers_of_a_query_are_those_of_its_hits() {
    let env = TestEnv::shared_sample();
    for query in [
        "*",
        "heatwave",
        "water OR drought",
        "minister -rain",
        "date:2024",
        "speaker:farouk",
        "title:ban",
    ] {
        let (hits, summary) = env.query_json(query, &["--limit", "1000", "--all-words"]);
        let mut expected: std::collections::BTreeMap<&str, (u64, &str, &str, Vec<&str>)> =
            Default::default();
        for hit in &hits {
            let date = hit.date.as_deref().unwrap_or("undated");
            for name in &hit.speakers {
                let entry = expected.entry(name).or_insert((0, date, date, Vec::new()));
                entry.0 += 1;
                entry.1 = entry.1.min(date);
                if date > entry.2 {
                    entry.2 = date;
                    entry.3.clear();
                }
                if date == entry.2 {
                    entry.3.push(&hit.path);
                }
            }
        }
        let out = env
            .cmd()
            .args([
                "speakers", "--json", "--limit", "10000", "--index", "idx", query,
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{query}: {out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        let last: serde_json::Value = serde_json::from_str(lines.pop().unwrap()).unwrap();
        assert_eq!(last["type"], "summary");
        assert_eq!(last["total_hits"], summary.total_hits as u64, "{query}");
        assert_eq!(last["speakers"], expected.len() as u64, "{query}");
        let mut seen: std::collections::BTreeMap<String, (u64, String, String, String)> =
            Default::default();
        let mut counts = Vec::new();
        for line in lines {
            let speaker: SpeakerLine = serde_json::from_str(line).unwrap();
            assert_eq!(speaker.kind, "speaker");
            counts.push(speaker.articles);
            if let Some(quote) = &speaker.quote {
                // Every article matches `*`: the quote's article is one
                // of theirs, under the name the hit gives.
                let article = hits.iter().find(|h| h.path == quote.path);
                if query == "*" {
                    let article = article.expect("the quote's article is indexed");
                    assert!(article.speakers.contains(&speaker.name), "{quote:?}");
                    assert_eq!(article.title, quote.title);
                    assert_eq!(article.date, quote.date);
                }
                assert!(!quote.text.is_empty());
                assert!(["direct", "reported"].contains(&quote.kind.as_str()));
            }
            let path = speaker.latest["path"].as_str().unwrap().to_string();
            seen.insert(
                speaker.name,
                (
                    speaker.articles,
                    speaker.first.unwrap_or("undated".into()),
                    speaker.last.unwrap_or("undated".into()),
                    path,
                ),
            );
        }
        assert!(counts.is_sorted_by(|a, b| a >= b), "{query}: {counts:?}");
        assert_eq!(
            seen.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "{query}"
        );
        for (name, (articles, first, last, latest)) in &seen {
            let (n, lo, hi, at_hi) = &expected[name.as_str()];
            assert_eq!(
                (articles, first.as_str(), last.as_str()),
                (n, *lo, *hi),
                "{query}: {name}"
            );
            assert!(
                at_hi.contains(&latest.as_str()),
                "{query}: {name}: {latest} not in {at_hi:?}"
            );
        }
    }
}

#[test]
fn the_speakers_of_a_query_are_listed_for_people_and_limited() {
    let env = port_stories();
    let out = env
        .cmd()
        .args([
            "speakers",
            "--index",
            "idx",
            "harbour OR choir",
            "--limit",
            "1",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].contains("3 articles")
            && lines[0].contains("2025-02-03 to 2025-02-17")
            && lines[0].ends_with("Ingrid Solvang"),
        "{text}"
    );
    assert!(
        lines[1].contains("latest: Harbour dredging contract signed (corpus/c.txt)"),
        "{text}"
    );
    // No quote of hers has the query's words: her latest, which the
    // article gives as Ms Solvang's.
    assert!(
        lines[2].contains(
            "said: \u{201c}This contract gets the dredging back on track\u{201d} (corpus/c.txt)"
        ),
        "{text}"
    );
    let tally = String::from_utf8(out.stderr).unwrap();
    assert!(
        tally.contains("2 people quoted in 4 matches, the 1 most quoted shown"),
        "{tally}"
    );

    let none = env
        .cmd()
        .args(["speakers", "--index", "idx", "volcano"])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(1), "{none:?}");
    for (args, needle) in [
        (
            &["--limit", "0", "x"][..],
            "--limit takes a count of people",
        ),
        (&["--limit", "20000", "x"][..], "at most 10000"),
        (&["--registry", "x"][..], "cannot be used with"),
        (&["--from", "2024"][..], "QUERY"),
    ] {
        let out = env
            .cmd()
            .args(["speakers", "--index", "idx"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

/// A person whose only quote is reported speech: `speakers` shows the
/// sentence without quotation marks, and says it is reported, while a
/// direct quote keeps its marks; `quotes` does the same, and its JSON
/// names each kind (issue 13's quote kinds).
#[test]
fn reported_speech_is_never_put_between_quotation_marks() {
    let env = TestEnv::empty();
    env.write(
        "ferry.txt",
        "Ferry route to close for winter\nThe island service stops in December.\n2 March 2025 10:00\nTransport Minister Torvald Brekke said the crossing would not run until April.\n\"We cannot sail safely in those storms,\" said Astrid Lunde, the harbour pilot.\n",
    );
    env.index_run().success();
    let out = env
        .cmd()
        .args(["speakers", "--index", "idx", "ferry"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let reported = text
        .lines()
        .find(|l| l.contains("the crossing would not run"))
        .unwrap_or_else(|| panic!("no quote of Torvald Brekke: {text}"));
    assert!(
        reported.contains("reported: Transport Minister Torvald Brekke said the crossing")
            && !reported.contains('\u{201c}'),
        "{text}"
    );
    assert!(
        text.contains("said: \u{201c}We cannot sail safely in those storms\u{201d}"),
        "{text}"
    );
    let json = env
        .cmd()
        .args(["speakers", "--index", "idx", "ferry", "--json"])
        .output()
        .unwrap();
    let mut kinds: Vec<(String, String)> = String::from_utf8(json.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|l| l["type"] == "speaker")
        .map(|l| {
            let name = l["name"].as_str().unwrap().to_string();
            (name, l["quote"]["kind"].as_str().unwrap().to_string())
        })
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            ("Astrid Lunde".to_string(), "direct".to_string()),
            ("Torvald Brekke".to_string(), "reported".to_string())
        ]
    );
    let quotes = env
        .cmd()
        .args(["quotes", "--index", "idx", "crossing OR storms"])
        .args(["--color", "never"])
        .output()
        .unwrap();
    assert!(quotes.status.success(), "{quotes:?}");
    let text = String::from_utf8(quotes.stdout).unwrap();
    assert!(
        text.contains("\u{201c}We cannot sail safely in those storms\u{201d}"),
        "{text}"
    );
    assert!(
        text.contains("Transport Minister Torvald Brekke said the")
            && !text.contains("\u{201c}Transport"),
        "{text}"
    );
}

/// A story of the generated archive below: people from short lists,
/// quoted by full name, by surname alone (which the registry links to one
/// of them, or not, story by story) or as "Ms SURNAME"; dates from a few
/// days and hours, so that many articles share a person's last date.
fn crowded_story(rng: &mut rand_chacha::ChaCha8Rng, n: usize) -> String {
    use rand::Rng;
    const GIVEN: [&str; 4] = ["Anna", "Boris", "Clara", "Dmitri"];
    const SURNAMES: [&str; 5] = ["Varga", "Novak", "Horvat", "Kovac", "Lund"];
    const WORDS: [&str; 10] = [
        "oil", "prices", "harbour", "grain", "storm", "budget", "rail", "ferry", "wages", "power",
    ];
    let words = |rng: &mut rand_chacha::ChaCha8Rng, k: usize| -> String {
        (0..k)
            .map(|_| WORDS[rng.random_range(0..WORDS.len())])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (title, lead) = (words(rng, 2), words(rng, 3));
    let mut text = format!(
        "Report {n} on {title}\nA summary of {lead}.\n{} {} 2024 {:02}:00\n",
        1 + rng.random_range(0..6),
        ["March", "April", "May"][rng.random_range(0..3)],
        [9, 12][rng.random_range(0..2)],
    );
    for _ in 0..rng.random_range(0..4) {
        let surname = SURNAMES[rng.random_range(0..SURNAMES.len())];
        let name = match rng.random_range(0..4) {
            0 => surname.to_string(),
            1 => format!("Ms {surname}"),
            _ => format!("{} {surname}", GIVEN[rng.random_range(0..GIVEN.len())]),
        };
        let length = rng.random_range(3..8);
        let said = words(rng, length);
        text.push_str(&format!("\"The {said} matter,\" said {name}.\n"));
    }
    text
}

/// `newsidx speakers QUERY` and the speaker facet, `--json`, with the
/// summary's timing left out.
fn speaker_answers(env: &TestEnv, query: &str) -> Vec<serde_json::Value> {
    let runs = [
        vec!["speakers", "--json", "--limit", "10000", query],
        vec![
            "query",
            query,
            "--json",
            "--limit",
            "3",
            "--facet",
            "speaker:10000",
            "--facet",
            "month",
        ],
    ];
    let mut out = Vec::new();
    for args in runs {
        let run = env
            .cmd()
            .args(&args)
            .args(["--index", "idx"])
            .output()
            .unwrap();
        assert!(run.status.code().unwrap_or(2) < 2, "{args:?}: {run:?}");
        for line in String::from_utf8(run.stdout).unwrap().lines() {
            let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
            if let Some(object) = value.as_object_mut() {
                object.remove("elapsed_ms");
            }
            out.push(value);
        }
    }
    out
}

/// The docs file's numbers of who speaks in each document (the fast way)
/// give the speakers and the speaker facet that the columns give (the
/// plain way, taken when the file is stale or missing), on an archive of
/// three index runs (three segments, changed and removed files among them:
/// deleted documents), with links, without and with an aliases file.
#[test]
fn speakers_counted_from_the_docs_file_are_those_counted_from_the_columns() {
    use newsidx::search::LocalSearcher;
    let (env, stale) = crowded_archive(1313, "people-docs.bin", 1);
    let docs_file = env.index_dir().join("people-docs.bin");
    // The fast way is the one taken: the file says who speaks in every
    // document of every segment, several of which hold deleted documents.
    let searcher = LocalSearcher::open(&env.index_dir())
        .unwrap()
        .tantivy_searcher();
    let registry = newsidx::people::Registry::load(&env.index_dir(), &searcher)
        .unwrap()
        .unwrap();
    let table = registry.speaker_table().unwrap();
    let segments = searcher.segment_readers();
    assert!(segments.len() >= 2, "{} segments", segments.len());
    assert!(segments.iter().any(|s| s.num_deleted_docs() > 0));
    for segment in segments {
        let part = table.segment(&segment.segment_id().uuid_string()).unwrap();
        assert_eq!(part.documents(), Some(segment.max_doc()));
    }
    let current = std::fs::read(&docs_file).unwrap();
    assert_ne!(stale, current);

    let queries = [
        "oil",
        "oil prices",
        "*",
        "harbour OR ferry",
        "grain -storm",
        "speaker:varga",
    ];
    let aliases = "Anna Varga = boris novak\nVarga != Clara Varga\nLund != Dmitri Lund\nClara Horvat = Ms Kovac\n";
    // The first line that differs, not two pages of JSON.
    let same = |ours: &[serde_json::Value], theirs: &[serde_json::Value], what: &str| {
        let differ = ours.iter().zip(theirs).find(|(a, b)| a != b);
        assert!(differ.is_none(), "{what}: {differ:#?}");
        assert_eq!(ours.len(), theirs.len(), "{what}");
    };
    let mut compared = 0;
    for rules in ["", aliases] {
        std::fs::write(env.index_dir().join("aliases.txt"), rules).unwrap();
        for query in queries {
            std::fs::write(&docs_file, &current).unwrap();
            let fast = speaker_answers(&env, query);
            assert!(fast.len() > 3, "{query}: {fast:?}");
            std::fs::write(&docs_file, &stale).unwrap();
            same(
                &speaker_answers(&env, query),
                &fast,
                &format!("{query}, stale file, {rules:?}"),
            );
            std::fs::remove_file(&docs_file).unwrap();
            same(
                &speaker_answers(&env, query),
                &fast,
                &format!("{query}, no file, {rules:?}"),
            );
            // A file cut short (a disk that filled up) is not read.
            std::fs::write(&docs_file, &current[..current.len() - 3]).unwrap();
            same(
                &speaker_answers(&env, query),
                &fast,
                &format!("{query}, cut file, {rules:?}"),
            );
            compared += fast.len();
        }
    }
    std::fs::write(&docs_file, &current).unwrap();
    assert!(compared > 200, "{compared}");
}

/// A story of one person's beat: the same subject in its title, a day
/// apart; the person named in full in every third, as "Ms SURNAME" or by
/// surname alone in the others, which the registry links to the full
/// name.
fn beat_story(rng: &mut rand_chacha::ChaCha8Rng, person: usize, n: usize) -> String {
    use rand::Rng;
    const BEATS: [(&str, &str, &str); 4] = [
        ("Ingrid", "Solvang", "Harbour dredging"),
        ("Tomas", "Brandt", "Tram depot"),
        ("Amara", "Okafor", "Water tariff"),
        ("Lena", "Vogt", "School roof"),
    ];
    const WORDS: [&str; 6] = ["oil", "prices", "harbour", "ferry", "budget", "rail"];
    let (given, surname, subject) = BEATS[person % BEATS.len()];
    let name = match n {
        _ if n.is_multiple_of(3) => format!("{given} {surname}"),
        _ if rng.random_range(0..2) == 0 => format!("Ms {surname}"),
        _ => surname.to_string(),
    };
    let said: Vec<&str> = (0..4)
        .map(|_| WORDS[rng.random_range(0..WORDS.len())])
        .collect();
    format!(
        "{subject} update {n}\nNews of the {}.\n{} March 2025 09:00\n\"The {} matter,\" said {name}.\n",
        subject.to_lowercase(),
        1 + n,
        said.join(" ")
    )
}

/// The generated archive of `crowded_story` and `beat_story` over three
/// index runs (three segments at least, changed and removed files among
/// them: deleted records), with the file `kept` of the index folder as
/// run `kept_run` left it, to be put back as a stale one.
fn crowded_archive(seed: u64, kept: &str, kept_run: usize) -> (TestEnv, Vec<u8>) {
    use rand::SeedableRng;
    let env = TestEnv::empty();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut stale = Vec::new();
    for run in 0..3 {
        for n in run * 150..run * 150 + 150 {
            env.write(&format!("r{n:04}.txt"), crowded_story(&mut rng, n));
        }
        for person in 0..4 {
            for n in run * 3..run * 3 + 3 {
                let story = beat_story(&mut rng, person, n);
                env.write(&format!("b{person}-{n}.txt"), story);
            }
        }
        if run > 0 {
            for n in (run * 7..150 * run).step_by(23) {
                env.write(&format!("r{n:04}.txt"), crowded_story(&mut rng, n));
            }
            for n in (run * 11..150 * run).step_by(37) {
                let _ = std::fs::remove_file(env.corpus().join(format!("r{n:04}.txt")));
            }
        }
        env.index_run().success();
        if run == kept_run {
            stale = std::fs::read(env.index_dir().join(kept)).unwrap();
        }
    }
    (env, stale)
}

/// Every quote record's number in the said file names the speaker the
/// registry gives that record (what a quote search shows as its
/// speaker), read the plain way from the stored record, for every live
/// record of every segment.
#[test]
fn the_said_file_names_every_quote_as_the_registry_does() {
    use newsidx::people::{Registry, SaidFile, UNKNOWN_SPEAKER};
    use newsidx::schema::{NewsSchema, QUOTES_DIR};
    use newsidx::search::LocalSearcher;
    let (env, _) = crowded_archive(2626, newsidx::people::SAID_FILE, 0);
    let articles = LocalSearcher::open(&env.index_dir())
        .unwrap()
        .tantivy_searcher();
    let quotes = LocalSearcher::open(&env.index_dir().join(QUOTES_DIR))
        .unwrap()
        .tantivy_searcher();
    let registry = Registry::load(&env.index_dir(), &articles)
        .unwrap()
        .unwrap();
    let said = SaidFile::open(&env.index_dir(), &articles, &quotes)
        .unwrap()
        .expect("a said file of this commit");
    let table = said.table().unwrap();
    let schema = NewsSchema::new();
    let (mut checked, mut linked) = (0, 0);
    assert!(quotes.segment_readers().len() >= 2);
    for (ord, segment) in quotes.segment_readers().iter().enumerate() {
        let part = table.segment(&segment.segment_id().uuid_string()).unwrap();
        assert_eq!(part.documents(), segment.max_doc());
        for doc in 0..segment.max_doc() {
            if segment.is_deleted(doc) {
                continue;
            }
            let stored: tantivy::TantivyDocument = quotes
                .doc(tantivy::DocAddress::new(ord as u32, doc))
                .unwrap();
            let record = schema.stored(&stored);
            let written = record.meta.speakers[0].clone();
            let expected = registry
                .canonical(&record.meta.path, &written)
                .unwrap_or_else(|| written.clone());
            let code = part.speaker_of(doc);
            assert_ne!(code, UNKNOWN_SPEAKER, "{}: {written}", record.meta.path);
            let shown = match code.checked_sub(table.name_count()) {
                None => table.name(code).unwrap().to_string(),
                Some(pair) => {
                    let (from, to) = table.pair(pair).unwrap();
                    assert_eq!(table.name(from), Some(written.as_str()));
                    linked += 1;
                    table.name(to).unwrap().to_string()
                }
            };
            assert_eq!(shown, expected, "{}: {written}", record.meta.path);
            checked += 1;
        }
    }
    assert!(
        checked > 500 && linked >= 5,
        "{checked} records, {linked} linked"
    );
}

/// Each person's quote in `newsidx speakers QUERY`, found from the said
/// file in one pass over the query's quotes, is the one the plain way
/// finds: the whole ranking of the query's quotes read in order, the
/// first whose stored speaker the registry names the person (then the
/// same later steps). Checked for every person of queries of one and two
/// words, a phrase, an OR, a negation, a field and a date range, without
/// and with an aliases file that joins and parts names. A stale or
/// missing said file is not read: people get a quote the slower way, the
/// same for both.
#[test]
fn the_said_file_gives_each_person_the_quote_the_whole_ranking_gives() {
    use newsidx::search::quotes::QuoteSearcher;
    use newsidx::search::{Backend, DateRange, LocalSearcher, SearchRequest};
    use std::sync::Arc;
    let (env, stale) = crowded_archive(2727, newsidx::people::SAID_FILE, 0);
    let queries = [
        "oil",
        "oil prices",
        "\"oil prices\"",
        "harbour OR ferry",
        "grain -storm",
        "speaker:varga",
        "budget rail wages",
    ];
    let aliases = "Anna Varga = boris novak\nVarga != Clara Varga\nLund != Dmitri Lund\nClara Horvat = Ms Kovac\n";
    let mut compared = 0;
    for rules in ["", aliases] {
        std::fs::write(env.index_dir().join("aliases.txt"), rules).unwrap();
        let articles = Arc::new(LocalSearcher::open(&env.index_dir()).unwrap());
        let quotes = QuoteSearcher::beside(articles.clone(), &env.index_dir())
            .unwrap()
            .unwrap();
        for query in queries {
            for dates in [
                DateRange::default(),
                DateRange::from_bounds(Some("2024-04-02"), Some("2024-05-04")).unwrap(),
            ] {
                let request = SearchRequest {
                    query: query.to_string(),
                    dates,
                    speakers: Some(1000),
                    ..SearchRequest::default()
                };
                assert!(quotes.best_quotes(&request).unwrap().is_some(), "{query}");
                let mut results = articles.search(&request).unwrap();
                assert!(results.speakers.len() > 3, "{query}");
                quotes.add_representatives(&request, &mut results).unwrap();
                for person in &results.speakers {
                    let plain = quotes
                        .representative_by_search(query, &person.name, &person.latest, &dates)
                        .unwrap();
                    assert_eq!(
                        person.quote, plain,
                        "{query} {dates:?} {rules:?}: {}",
                        person.name
                    );
                    let one = quotes
                        .representative(query, &person.name, &person.latest, &dates)
                        .unwrap();
                    assert_eq!(one, plain, "{query} {dates:?} {rules:?}: {}", person.name);
                    assert!(plain.is_some(), "{query}: {}", person.name);
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 300, "{compared}");

    // The slower way, for a file of another commit and for none.
    let said_file = env.index_dir().join(newsidx::people::SAID_FILE);
    let current = std::fs::read(&said_file).unwrap();
    for query in ["oil", "harbour OR ferry"] {
        std::fs::write(&said_file, &stale).unwrap();
        let from_stale = speaker_answers(&env, query);
        std::fs::remove_file(&said_file).unwrap();
        let without = speaker_answers(&env, query);
        assert_eq!(from_stale, without, "{query}");
        let quoted = without
            .iter()
            .filter(|line| line["type"] == "speaker" && line["quote"].is_object())
            .count();
        assert!(quoted > 3, "{query}: {without:?}");
    }
    std::fs::write(&said_file, &current).unwrap();
}
