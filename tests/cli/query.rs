//! Queries on the shared, indexed copy of the sample corpus. Expected sets
//! come from what the articles say (see sample_corpus/), not from the tool.

use predicates::prelude::*;

use crate::testenv::TestEnv;

fn sample() -> &'static TestEnv {
    TestEnv::shared_sample()
}

fn set(paths: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
    v.sort();
    v
}

const DECEMBER_2024: [&str; 6] = [
    "2024/2024-12-01-christmas-market-security.txt",
    "2024/2024-12-04-grid-winter-plan.txt",
    "2024/2024-12-10-telescope-discovery.txt",
    "2024/2024-12-12-pension-reform-court.txt",
    "2024/2024-12-18-inflation-figures.txt",
    "2024/2024-12-31-new-year-fireworks.txt",
];

#[test]
fn keyword_finds_the_one_article_that_has_it() {
    sample()
        .query("quillmarsh", &[])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "1. Hosepipe ban announced as Quillmarsh reservoir falls to record low",
        ))
        .stdout(predicate::str::contains(
            "2024/2024-06-27-drought-quillmarsh.txt",
        ))
        .stdout(predicate::str::contains("2024-06-27 16:50 UTC"));
}

#[test]
fn keyword_match_is_highlighted_in_colour() {
    let out = sample()
        .query("quillmarsh", &["--color=always"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\u{1b}[1m\u{1b}[31mQuillmarsh\u{1b}[0m"),
        "no highlighted match in {text:?}"
    );
}

#[test]
fn piped_output_has_no_colour_by_default() {
    let out = sample().query("quillmarsh", &[]).output().unwrap();
    assert!(!out.stdout.contains(&0x1b));
}

#[test]
fn color_always_wins_over_no_color_and_a_dumb_terminal() {
    let out = sample()
        .query("quillmarsh", &["--color=always"])
        .env("NO_COLOR", "1")
        .env("TERM", "dumb")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.contains(&0x1b), "no colour under --color=always");
}

/// stdout of `newsidx query quillmarsh ARGS` run on a pseudo-terminal
/// (util-linux `script`), or None where `script` is missing or cannot
/// open a terminal.
fn query_on_a_terminal(args: &str) -> Option<String> {
    let probe = std::process::Command::new("script")
        .args(["-qec", "true", "/dev/null"])
        .output();
    if !probe.is_ok_and(|p| p.status.success()) {
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin!("newsidx");
    let command = format!(
        "'{}' query quillmarsh --index idx {args} 2>/dev/null",
        bin.display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(sample().index_dir().parent().unwrap())
        .env_remove("NO_COLOR")
        .env("TERM", "xterm-256color")
        .env("SHELL", "/bin/sh")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn color_never_wins_over_a_colour_terminal() {
    let Some(auto) = query_on_a_terminal("") else {
        eprintln!("skipped: no `script` that can run newsidx on a terminal");
        return;
    };
    // The control: on this terminal, with this environment, newsidx colours.
    assert!(auto.contains("Quillmarsh"), "{auto:?}");
    assert!(auto.contains('\u{1b}'), "no colour on a terminal: {auto:?}");
    let never = query_on_a_terminal("--color=never").unwrap();
    assert!(never.contains("Quillmarsh"), "{never:?}");
    assert!(
        !never.contains('\u{1b}'),
        "colour under --color=never: {never:?}"
    );
}

#[test]
fn every_heatwave_article_is_found() {
    assert_eq!(
        sample().path_set("heatwave"),
        set(&[
            "2023/2023-07-11-heatwave-southern-europe.txt",
            "2024/2024-08-13-heatwave-grid-strain.txt",
            "2025/2025-06-26-heatwave-wildfires.txt",
        ])
    );
}

#[test]
fn stemming_matches_singular_and_plural() {
    let both = set(&[
        "2023/2023-11-16-ukraine-grain-corridor.txt",
        "2024/2024-09-26-cyber-attack-hospital.txt",
    ]);
    assert_eq!(sample().path_set("attack"), both);
    assert_eq!(sample().path_set("attacks"), both);
}

#[test]
fn phrase_requires_the_words_in_order() {
    assert_eq!(
        sample().path_set("\"emergency grid reserve\""),
        set(&[
            "2024/2024-08-13-heatwave-grid-strain.txt",
            "2024/2024-12-04-grid-winter-plan.txt",
        ])
    );
}

#[test]
fn words_without_operators_must_all_match() {
    assert_eq!(
        sample().path_set("emergency grid reserve"),
        set(&[
            "2024/2024-08-13-heatwave-grid-strain.txt",
            "2024/2024-11-30-winter-energy-prices.txt",
            "2024/2024-12-04-grid-winter-plan.txt",
            "2025/2025-07-29-data-centres-power.txt",
        ])
    );
}

#[test]
fn and_or_and_not_combine() {
    let s = sample();
    assert_eq!(
        s.path_set("wind AND solar"),
        set(&["2024/2024-12-04-grid-winter-plan.txt"])
    );
    let wind = s.path_set("wind");
    let wind_not_solar = s.path_set("wind -solar");
    assert_eq!(wind_not_solar.len(), wind.len() - 1);
    assert!(!wind_not_solar.contains(&"2024/2024-12-04-grid-winter-plan.txt".to_string()));
    assert_eq!(s.path_set("wind NOT solar"), wind_not_solar);
    let either = s.path_set("wind OR solar");
    assert_eq!(either.len(), wind.len() + 1);
    assert!(either.contains(&"2024/2024-06-12-solar-subsidy.txt".to_string()));
}

#[test]
fn parentheses_group_clauses() {
    assert_eq!(
        sample().path_set("(heatwave OR quillmarsh) AND grid"),
        set(&["2024/2024-08-13-heatwave-grid-strain.txt"])
    );
}

#[test]
fn title_search_looks_only_at_titles() {
    let s = sample();
    assert_eq!(
        s.path_set("title:ukraine"),
        set(&[
            "2023/2023-11-16-ukraine-grain-corridor.txt",
            "2024/2024-11-14-ukraine-reconstruction-conference.txt",
        ])
    );
    let anywhere = s.path_set("ukraine");
    for body_only in [
        "2024/2024-02-20-farmers-protest.txt",
        "2024/2024-10-10-defence-spending.txt",
        "2025/2025-02-24-sanctions-oil.txt",
    ] {
        assert!(anywhere.contains(&body_only.to_string()), "{body_only}");
    }
}

#[test]
fn title_matches_rank_above_body_matches() {
    let ranked = sample().paths("ukraine", &[]);
    let title_hits = sample().path_set("title:ukraine");
    let mut top_two = ranked[..2].to_vec();
    top_two.sort();
    assert_eq!(top_two, title_hits);
}

#[test]
fn speaker_search_finds_articles_where_the_person_speaks() {
    assert_eq!(
        sample().path_set("speaker:kowalczyk"),
        set(&[
            "2023/2023-02-14-rail-strike-talks.txt",
            "2025/2025-03-27-rail-electrification.txt",
        ])
    );
}

#[test]
fn speakers_field_name_is_an_alias_of_speaker() {
    assert_eq!(
        sample().path_set("speakers:kowalczyk"),
        sample().path_set("speaker:kowalczyk")
    );
}

#[test]
fn speaker_search_ignores_people_only_mentioned() {
    // Helena Lindqvist is named in the solar subsidy story but says nothing.
    let hits = sample().path_set("speaker:\"helena lindqvist\"");
    assert!(!hits.contains(&"2024/2024-06-12-solar-subsidy.txt".to_string()));
    assert!(hits.contains(&"2024/2024-12-18-inflation-figures.txt".to_string()));
}

#[test]
fn speaker_search_folds_accents() {
    let accented = sample().path_set("speaker:wróbel");
    assert!(accented.len() >= 4, "{accented:?}");
    assert_eq!(sample().path_set("speaker:wrobel"), accented);
}

#[test]
fn date_range_includes_both_boundary_days() {
    assert_eq!(
        sample().path_set("date:[2024-12-01 TO 2024-12-31]"),
        set(&DECEMBER_2024)
    );
}

#[test]
fn date_month_is_the_whole_month() {
    assert_eq!(sample().path_set("date:2024-12"), set(&DECEMBER_2024));
}

#[test]
fn date_day_is_the_whole_day() {
    assert_eq!(
        sample().path_set("date:2024-12-31"),
        set(&["2024/2024-12-31-new-year-fireworks.txt"])
    );
}

#[test]
fn date_year_is_the_whole_year() {
    let hits = sample().path_set("date:2024");
    assert_eq!(hits.len(), 23, "24 articles of 2024, one undated");
    assert!(hits.iter().all(|p| p.starts_with("2024/2024-")));
}

#[test]
fn open_ended_date_bounds_work() {
    assert_eq!(
        sample().path_set("date:>=2025-07-01"),
        set(&[
            "2025/2025-07-15-tennis-final.txt",
            "2025/2025-07-29-data-centres-power.txt",
        ])
    );
    assert_eq!(
        sample().path_set("date:<2023-04-01"),
        set(&["2023/2023-02-14-rail-strike-talks.txt"])
    );
    assert_eq!(
        sample().path_set("date:>2025-07-15"),
        set(&["2025/2025-07-29-data-centres-power.txt"])
    );
    assert_eq!(
        sample().path_set("date:<=2023-02-14"),
        set(&["2023/2023-02-14-rail-strike-talks.txt"])
    );
}

#[test]
fn rfc3339_bounds_are_exact_instants() {
    assert_eq!(
        sample().path_set("date:[2024-12-04T16:00:00Z TO 2024-12-04T17:00:00Z]"),
        set(&["2024/2024-12-04-grid-winter-plan.txt"])
    );
    assert!(sample()
        .path_set("date:[2024-12-04T16:17:00Z TO 2024-12-04T17:00:00Z]")
        .is_empty());
}

#[test]
fn from_and_to_flags_include_their_days() {
    let paths = sample().paths("*", &["--from", "2024-12-01", "--to", "2024-12-31"]);
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(sorted, set(&DECEMBER_2024));
}

#[test]
fn from_flag_combines_with_words() {
    assert_eq!(
        sample().paths("heatwave", &["--from", "2024"]).len(),
        2,
        "the 2024 and 2025 heatwave articles"
    );
}

#[test]
fn date_range_combines_with_words() {
    assert_eq!(
        sample().path_set("wind AND date:2024-12"),
        set(&[
            "2024/2024-12-04-grid-winter-plan.txt",
            "2024/2024-12-31-new-year-fireworks.txt",
        ])
    );
}

#[test]
fn sort_by_date_puts_newest_first_and_undated_last() {
    let (hits, _) = sample().query_json("*", &["--sort", "date", "--limit", "1000"]);
    let dates: Vec<Option<String>> = hits.iter().map(|h| h.date.clone()).collect();
    let dated: Vec<&String> = dates.iter().flatten().collect();
    assert!(dated.windows(2).all(|w| w[0] >= w[1]), "{dated:?}");
    let first_undated = dates.iter().position(Option::is_none).unwrap();
    assert!(dates[first_undated..].iter().all(Option::is_none));
    assert_eq!(hits[0].path, "2025/2025-07-29-data-centres-power.txt");
}

#[test]
fn sort_by_date_still_reports_a_score() {
    let (hits, _) = sample().query_json("heatwave", &["--sort", "date"]);
    assert_eq!(hits[0].path, "2025/2025-06-26-heatwave-wildfires.txt");
    assert!(hits.iter().all(|h| h.score > 0.0));
}

#[test]
fn limit_and_offset_page_through_the_ranking() {
    let all = sample().paths("wind", &[]);
    let (page, summary) = sample().query_json("wind", &["--limit", "2", "--offset", "3"]);
    assert_eq!(summary.total_hits, all.len());
    let paths: Vec<&str> = page.iter().map(|h| h.path.as_str()).collect();
    assert_eq!(paths, [all[3].as_str(), all[4].as_str()]);
    assert_eq!(page[0].rank, 4);
}

#[test]
fn limit_defaults_to_ten() {
    let (hits, summary) = sample().query_json("*", &[]);
    assert_eq!(hits.len(), 10);
    assert!(summary.total_hits > 10);
}

#[test]
fn limit_zero_counts_without_listing() {
    let (hits, summary) = sample().query_json("heatwave", &["--limit", "0"]);
    assert!(hits.is_empty());
    assert_eq!(summary.total_hits, 3);
}

#[test]
fn offset_past_the_end_returns_no_hits_but_the_count() {
    let out = sample()
        .query("heatwave", &["--json", "--offset", "50"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "hits exist, none shown");
    let (hits, summary) = crate::testenv::parse_json_lines(&out.stdout);
    assert!(hits.is_empty());
    assert_eq!(summary.total_hits, 3);
}

#[test]
fn accents_are_folded_in_text() {
    assert_eq!(sample().path_set("alvarez"), sample().path_set("álvarez"));
    assert!(!sample().path_set("alvarez").is_empty());
}

#[test]
fn trailing_wildcard_matches_word_prefixes() {
    let s = sample();
    assert_eq!(s.path_set("quillm*"), s.path_set("quillmarsh"));
    assert_eq!(s.path_set("heatwav*"), s.path_set("heatwave"));
    assert_eq!(s.path_set("title:ukrain*"), s.path_set("title:ukraine"));
    assert_eq!(s.path_set("speaker:wrób*"), s.path_set("speaker:wróbel"));
}

#[test]
fn a_date_without_time_is_shown_as_a_day() {
    sample()
        .query("title:\"central bank holds\"", &[])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("   2023-06-19 | "))
        .stdout(predicate::str::contains("2023-06-19 00:00").not());
}

/// Unfielded words search one field holding the title three times; the
/// copies are kept apart, so a phrase never joins the end of one copy to the
/// start of the next.
#[test]
fn a_phrase_does_not_run_from_one_title_copy_into_the_next() {
    let env = TestEnv::empty();
    env.write(
        "a.txt",
        "Harbour closes\nThe port shut at noon.\n4 December 2024 16:16\nShips waited offshore.\n",
    );
    env.index();
    assert_eq!(env.paths("\"harbour closes\"", &[]), vec!["a.txt"]);
    assert!(env.paths("\"closes harbour\"", &[]).is_empty());
}

#[test]
fn body_search_looks_at_the_article_text() {
    // `body:` searches the text that holds the body; the reservoir's name
    // is in the body of one article only.
    assert_eq!(
        sample().path_set("body:quillmarsh"),
        set(&["2024/2024-06-27-drought-quillmarsh.txt"])
    );
    assert_eq!(
        sample().path_set("body:quillmarsh"),
        sample().path_set("quillmarsh")
    );
}

#[test]
fn the_internal_text_field_is_not_a_field_name() {
    // `text:` is no field users can name: the words are searched as typed.
    assert_eq!(
        sample().path_set("text:winter"),
        sample().path_set("\"text winter\"")
    );
}

/// Counts are exact unless counting would take far longer than the search
/// (see `search::count`): a few thousand matches are always counted, and
/// never extrapolated. `Reuters`-sized date filters once gave three times
/// the true count.
#[test]
fn counts_are_exact_and_never_estimated() {
    let env = TestEnv::empty();
    // Every second article has both words, the rest only one of them;
    // a third are dated in another month.
    for i in 0..3000 {
        let body = if i % 2 == 0 { "godwit tern" } else { "godwit" };
        let date = if i % 3 == 0 {
            "2024-11-04"
        } else {
            "2024-12-04"
        };
        env.write(
            &format!("{:02}/{i:04}.txt", i / 1000),
            format!("Shore count {i}\nA lead.\n{date}\n{body} seen.\n"),
        );
    }
    env.index();

    let (_, one_word) = env.query_json("godwit", &["--limit", "0"]);
    assert_eq!((one_word.total_hits, one_word.total_exact), (3000, true));
    let (hits, both) = env.query_json("godwit tern", &[]);
    assert_eq!(hits.len(), 10);
    assert_eq!((both.total_hits, both.total_exact), (1500, true));
    let (_, month) = env.query_json("date:2024-11", &[]);
    assert_eq!((month.total_hits, month.total_exact), (1000, true));
    let (_, outside) = env.query_json("* -date:2024-11", &[]);
    assert_eq!((outside.total_hits, outside.total_exact), (2000, true));
    let (_, filtered) = env.query_json("tern", &["--from", "2024-12", "--to", "2024-12"]);
    assert_eq!((filtered.total_hits, filtered.total_exact), (1000, true));

    env.query("godwit tern", &[])
        .assert()
        .stderr(predicate::str::contains("of 1500"));
}

/// A lone phrase is ranked by a pruned search (see `top_phrase_matches`);
/// the same phrase inside a larger query takes tantivy's plain path, and
/// `AND *` adds the same constant to every score, so the order must agree.
#[test]
fn a_lone_phrase_ranks_as_the_unpruned_search_does() {
    for phrase in ["\"the government\"", "\"said the\"", "\"of the\""] {
        let pruned = sample().paths(phrase, &[]);
        let plain = sample().paths(&format!("{phrase} AND *"), &[]);
        assert!(pruned.len() >= 5, "{phrase} matched too little to compare");
        assert_eq!(pruned, plain, "{phrase}");
    }
}

#[test]
fn zero_scored_matches_are_shown() {
    // `^0` makes every match score 0; the ranking must still list them.
    let (hits, summary) = sample().query_json("heatwave^0", &[]);
    assert_eq!(summary.total_hits, 3);
    assert_eq!(hits.len(), 3);
    assert!(hits.iter().all(|h| h.score == 0.0));
}

#[test]
fn a_path_query_alone_shows_its_article() {
    let path = "2024/2024-08-13-heatwave-grid-strain.txt";
    let (hits, summary) = sample().query_json(&format!("path:\"{path}\""), &[]);
    assert_eq!(summary.total_hits, 1);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].path, path);
}
