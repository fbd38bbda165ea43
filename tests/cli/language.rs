//! The query language, through the real binary: the wrong answers users
//! found (issue 10), each pinned. The reference evaluator in
//! `tests/semantics` checks match sets over generated queries; these check
//! what a person sees.

use crate::testenv::TestEnv;

fn sample() -> &'static TestEnv {
    TestEnv::shared_sample()
}

/// Articles with names that carry apostrophes, a decimal, a ticker and a
/// URL: everyday news text that used to be a syntax error.
fn wire() -> &'static TestEnv {
    static WIRE: std::sync::LazyLock<TestEnv> = std::sync::LazyLock::new(|| {
        let env = TestEnv::empty_in_target();
        env.write(
            "a.txt",
            "Reagan's budget meets O'Neill\nLead.\n1987-03-02\n\
             Speaker O'Neill said Reagan's budget would not pass.\n",
        );
        env.write(
            "b.txt",
            "Cocoa output in Cote d'Ivoire\nLead.\n1987-03-03\n\
             Kelly Oil <KLY> said output rose 1.5 pct; see http://www.reuters.com for more.\n",
        );
        env.write(
            "c.txt",
            "Coffee and cocoa\nLead.\n1987-03-04\nCocoa and coffee prices fell.\n",
        );
        env.write(
            "e.txt",
            "Shares of the company's unit\nLead.\n1987-03-05\n\
             The stock rose 1-5/8 to 30 in mid-March trading.\n",
        );
        env.write(
            "d.txt",
            "Volcker on rates\nLead.\n1987-04-01\nVolcker said interest rates may rise.\n",
        );
        env.index();
        env
    });
    &WIRE
}

#[test]
fn and_not_means_what_minus_means() {
    let minus = sample().path_set("wind -solar");
    assert_eq!(minus.len(), 6);
    for query in [
        "wind AND NOT solar",
        "(wind) AND (NOT solar)",
        "wind NOT solar",
        "wind && !solar",
        "NOT solar AND wind",
    ] {
        assert_eq!(sample().path_set(query), minus, "{query}");
    }
}

#[test]
fn a_negation_inside_an_or_keeps_its_meaning() {
    // wind AND (solar OR NOT grid): the wind articles, less those that
    // have grid but not solar.
    let wind = sample().path_set("wind");
    let grid_not_solar = sample().path_set("grid -solar");
    let expected: Vec<String> = wind
        .iter()
        .filter(|p| !grid_not_solar.contains(p))
        .cloned()
        .collect();
    assert_eq!(sample().path_set("wind (solar OR -grid)"), expected);
}

#[test]
fn names_with_apostrophes_are_words_not_syntax() {
    for (query, expected) in [
        ("Reagan's", vec!["a.txt"]),
        ("O'Neill", vec!["a.txt"]),
        ("d'Ivoire", vec!["b.txt"]),
        ("\"reagan's budget\"", vec!["a.txt"]),
    ] {
        assert_eq!(wire().path_set(query), expected, "{query}");
    }
}

#[test]
fn tickers_urls_and_decimals_search_as_text() {
    assert_eq!(wire().path_set("<KLY>"), ["b.txt"]);
    assert_eq!(wire().path_set("http://www.reuters.com"), ["b.txt"]);
}

#[test]
fn decimals_are_tokens_of_their_own_beside_their_parts() {
    // `1.5` no longer matches "1-5/8", and its match is marked whole.
    assert_eq!(wire().path_set("1.5"), ["b.txt"]);
    assert_eq!(wire().path_set("\"1.5\""), ["b.txt"]);
    let (hits, _) = wire().query_json("1.5", &[]);
    let [start, end] = hits[0].highlights[0];
    assert_eq!(&hits[0].snippet[start..end], "1.5");
    assert_eq!(wire().path_set("\"1.5 pct\""), ["b.txt"]);
    // The parts are still words: a phrase of them finds both forms.
    assert_eq!(wire().path_set("\"1 5\""), ["b.txt", "e.txt"]);
    // Split words are found by their parts, as before.
    assert_eq!(wire().path_set("company"), ["e.txt"]);
    assert_eq!(wire().path_set("march"), ["e.txt"]);
}

#[test]
fn a_path_query_alone_prints_its_article() {
    let (hits, summary) = sample().query_json("path:2024/2024-06-27-drought-quillmarsh.txt", &[]);
    assert_eq!(summary.total_hits, 1);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].path, "2024/2024-06-27-drought-quillmarsh.txt");
}

#[test]
fn field_stars_ask_whether_an_article_has_the_field() {
    let all = sample().query_json("*", &["--limit", "0"]).1.total_hits;
    for (query, flag) in [
        ("title:*", None),
        ("path:*", None),
        ("body:*", None),
        ("date:*", Some("date")),
        ("lead:*", Some("lead")),
        ("speaker:*", Some("speaker")),
    ] {
        let out = sample()
            .query(query, &["--json", "--limit", "1000"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("damaged") && !stderr.contains("text"),
            "{query}: {stderr}"
        );
        let (hits, summary) = crate::testenv::parse_json_lines(&out.stdout);
        assert!(summary.total_exact, "{query}");
        match flag {
            None => assert_eq!(summary.total_hits, all, "{query}"),
            Some("lead") => assert!(hits.iter().all(|h| h.lead.is_some()), "{query}"),
            Some("date") => assert!(hits.iter().all(|h| h.date.is_some()), "{query}"),
            Some(_) => assert!(hits.iter().all(|h| !h.speakers.is_empty()), "{query}"),
        }
        assert!(summary.total_hits > 0, "{query}");
    }
    // Every article without a lead or a date, and no other, is outside
    // `lead:*` or `date:*`.
    let without_lead = sample().query_json("-lead:*", &["--limit", "1000"]).0;
    assert!(!without_lead.is_empty() && without_lead.iter().all(|h| h.lead.is_none()));
    assert_eq!(
        without_lead.len()
            + sample()
                .query_json("lead:*", &["--limit", "0"])
                .1
                .total_hits,
        all
    );
    let undated = sample().query_json("-date:*", &["--limit", "1000"]).0;
    assert!(!undated.is_empty() && undated.iter().all(|h| h.date.is_none()));
}

#[test]
fn prefixes_rank_and_mark_the_words_they_stand_for() {
    let (hits, _) = wire().query_json("volck*", &[]);
    assert_eq!(hits.len(), 1);
    assert!(hits[0].score > 1.0, "{}", hits[0].score);
    let [start, end] = hits[0].highlights[0];
    assert_eq!(&hits[0].snippet[start..end], "Volcker");

    // Ranked by BM25, not in index order: the same order as the word.
    let prefix: Vec<String> = sample().paths("heatwav*", &[]);
    assert_eq!(prefix, sample().paths("heatwave OR heatwaves", &[]));
    let (hits, _) = sample().query_json("heatwav*", &[]);
    assert!(hits.iter().all(|h| !h.highlights.is_empty()));
}

#[test]
fn plus_requires_its_word_and_ranks_by_the_rest() {
    let plus = sample().paths("+wind solar", &[]);
    assert_eq!(plus.len(), sample().paths("wind", &[]).len());
    // The article with both words comes first.
    assert_eq!(plus[0], sample().paths("wind solar", &[])[0]);
}

#[test]
fn lucene_habits_mean_what_they_mean_in_lucene() {
    // `~1` is a fuzzy word, not the phrase "volcker 1".
    assert_eq!(wire().path_set("volcer~1"), ["d.txt"]);
    assert_eq!(wire().path_set("vlocker~"), ["d.txt"]);
    assert!(wire().path_set("volcer").is_empty());
    // A fuzzy match is marked where it was found.
    let (hits, _) = wire().query_json("volcer~1", &[]);
    let [start, end] = hits[0].highlights[0];
    assert_eq!(&hits[0].snippet[start..end], "Volcker");
}

#[test]
fn regular_expressions_need_no_field() {
    assert_eq!(wire().path_set("/volck.*/"), ["d.txt"]);
    assert_eq!(wire().path_set("title:/cocoa|coffee/"), ["b.txt", "c.txt"]);
}

#[test]
fn field_names_are_read_in_any_case() {
    assert_eq!(
        wire().path_set("Title:cocoa"),
        wire().path_set("title:cocoa")
    );
    assert_eq!(wire().path_set("TITLE:cocoa"), ["b.txt", "c.txt"]);
}

#[test]
fn reversed_date_ranges_are_refused_with_a_hint() {
    for args in [
        vec!["date:[1987-03-15 TO 1987-03-01]"],
        vec!["*", "--from", "1987-04", "--to", "1987-03"],
    ] {
        let out = wire().query(args[0], &args[1..]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("ends before it starts"), "{stderr}");
        assert!(stderr.contains("hint:"), "{stderr}");
    }
    // One month from and to itself is that month.
    assert_eq!(
        wire().path_set_with("*", &["--from", "1987-03", "--to", "1987-03"]),
        ["a.txt", "b.txt", "c.txt", "e.txt"]
    );
}

#[test]
fn phrases_match_stems_as_documented() {
    // "interest rates" is documented to find "interest rate".
    let env = TestEnv::empty();
    env.write("x.txt", "T\nL.\n1987-03-02\nThe interest rate rose.\n");
    env.index();
    assert_eq!(env.path_set("\"interest rates\""), ["x.txt"]);
}

#[test]
fn a_short_page_is_filled_with_articles_that_have_most_of_the_words() {
    // One article has both words; others have one of them.
    let either = sample().path_set("wind OR solar");
    let (hits, summary) = sample().query_json("wind solar", &["--limit", "100"]);
    assert_eq!(summary.total_hits, 1);
    assert!(summary.total_exact);
    assert_eq!(summary.fill_hits, either.len() - 1);
    assert_eq!(hits.len(), either.len());
    assert!(hits[0].matched_all);
    assert!(hits[1..].iter().all(|h| !h.matched_all));
    // Scores stay in rank order across both kinds of hit.
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    let mut shown: Vec<String> = hits.iter().map(|h| h.path.clone()).collect();
    shown.sort();
    assert_eq!(shown, either);
    // Strict, only the article with both.
    let (strict, summary) = sample().query_json("wind solar", &["--all-words"]);
    assert_eq!((strict.len(), summary.fill_hits), (1, 0));
    // A query with operators means exactly what it says.
    let (hits, summary) = sample().query_json("wind AND solar", &[]);
    assert_eq!((hits.len(), summary.fill_hits), (1, 0));
    // The human output says where the fill starts, and the tally counts it.
    let out = sample()
        .query("wind solar", &["--color", "never"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("with most of the words, not all").count(), 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let tally = format!(
        "of 1 with every word and {} with most of them",
        either.len() - 1
    );
    assert!(stderr.contains(&tally), "{stderr}");
    // A page of one filled hit says so too, rather than "hit 1 of 1".
    let out = sample()
        .query("wind solar", &["--limit", "1", "--offset", "1"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("hit 2 {tally}")), "{stderr}");
}

#[test]
fn a_filled_page_keeps_the_fields_and_dates_typed_beside_the_words() {
    // Every speaker of an article with one of the words: the fill may only
    // show that person's articles, and a date range keeps its dates.
    let either = sample().query_json("wind OR solar", &["--limit", "100"]).0;
    let mut speakers: Vec<&str> = either
        .iter()
        .flat_map(|h| h.speakers.iter().map(String::as_str))
        .collect();
    speakers.sort();
    speakers.dedup();
    assert!(speakers.len() > 2, "{speakers:?}");
    let mut filled = 0;
    for speaker in speakers {
        let surname = speaker.split_whitespace().last().unwrap();
        let query = format!("wind solar speaker:\"{surname}\"");
        let (hits, summary) = sample().query_json(&query, &["--limit", "100"]);
        let theirs = sample().path_set(&format!("(wind OR solar) speaker:\"{surname}\""));
        for hit in &hits {
            assert!(theirs.contains(&hit.path), "{query}: {}", hit.path);
        }
        assert_eq!(
            summary.total_hits + summary.fill_hits,
            theirs.len(),
            "{query}"
        );
        filled += summary.fill_hits;
    }
    assert!(filled > 0);
    let (hits, _) = sample().query_json("wind solar date:2024", &["--limit", "100"]);
    assert!(!hits.is_empty());
    for hit in hits {
        let date = hit.date.expect("a dated hit");
        assert!(date.starts_with("2024-"), "{}: {date}", hit.path);
    }
}

#[test]
fn a_question_typed_as_words_finds_articles_with_most_of_them() {
    // No article has all these words; before filling, nothing was shown.
    let (hits, summary) = sample().query_json("why did wind farms stop in the heatwave", &[]);
    assert_eq!(summary.total_hits, 0);
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| !h.matched_all));
    let out = sample()
        .query("why did wind farms stop in the heatwave", &["--all-words"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_speaker_search_shows_where_the_person_is_named() {
    let (hits, _) = sample().query_json("speaker:lindqvist", &[]);
    assert!(!hits.is_empty());
    for hit in &hits {
        let marked: Vec<&str> = hit
            .highlights
            .iter()
            .map(|&[s, e]| &hit.snippet[s..e])
            .collect();
        assert!(marked.contains(&"Lindqvist"), "{}: {marked:?}", hit.path);
    }
}

#[test]
fn title_matches_are_marked_in_the_title() {
    for query in ["title:heatwave", "heatwave"] {
        let (hits, _) = sample().query_json(query, &[]);
        let titled: Vec<_> = hits
            .iter()
            .filter(|h| h.title.to_lowercase().contains("heatwave"))
            .collect();
        assert!(!titled.is_empty(), "{query}");
        for hit in titled {
            let marked: Vec<&str> = hit
                .title_highlights
                .iter()
                .map(|&[s, e]| &hit.title[s..e])
                .collect();
            assert!(
                marked.iter().any(|m| m.eq_ignore_ascii_case("heatwave")),
                "{query}: {marked:?} in {}",
                hit.title
            );
        }
    }
    // The human output paints the match inside the title line.
    let out = sample()
        .query("title:heatwave", &["--color", "always", "--limit", "1"])
        .output()
        .unwrap();
    let first = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap()
        .to_string();
    let bare = sample()
        .query("title:heatwave", &["--color", "never", "--limit", "1"])
        .output()
        .unwrap();
    let plain = String::from_utf8_lossy(&bare.stdout)
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(plain.contains("Heatwave"), "{plain}");
    assert!(first.matches('\u{1b}').count() >= 4, "{first:?}");
}

#[test]
fn a_query_that_finds_nothing_suggests_the_archive_s_words() {
    let (hits, summary) = sample().query_json("heatwaev", &[]);
    assert!(hits.is_empty());
    assert_eq!(summary.suggestions, ["heatwave"]);
    // The suggestion is a word that finds articles as typed.
    assert!(!sample().paths(&summary.suggestions[0], &[]).is_empty());
    let out = sample().query("heatwaev", &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("did you mean: heatwave"), "{stderr}");
    // A stem is offered as an article writes the word.
    let (_, summary) = wire().query_json("volcer", &[]);
    assert_eq!(summary.suggestions, ["volcker"]);
    // Queries with hits, and words the archive has, get none.
    assert!(sample()
        .query_json("heatwave", &[])
        .1
        .suggestions
        .is_empty());
    assert!(sample()
        .query_json("heatwave zzyzxqv", &["--all-words"])
        .1
        .suggestions
        .is_empty());
}

#[test]
fn the_nearest_spelling_is_offered_first_and_the_commonest_among_equals() {
    // `cofee` stems to `cofe`, one edit from the stems of "come" (common
    // here) and "coffee" (rare); as typed, "coffee" is the nearer word.
    let env = TestEnv::empty();
    for n in 0..4 {
        env.write(
            &format!("come-{n}.txt"),
            format!("Visitors come back {n}\nLead.\n4 December 2024 16:16\nThey come and go.\n"),
        );
    }
    env.write(
        "coffee.txt",
        "Coffee prices climb\nLead.\n4 December 2024 16:16\nThe price of coffee rose.\n",
    );
    env.index().success();
    let (_, summary) = env.query_json("cofee", &[]);
    assert_eq!(
        summary.suggestions.first().map(String::as_str),
        Some("coffee")
    );
    assert!(summary.suggestions.iter().any(|s| s == "come"));
}
