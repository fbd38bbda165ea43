//! Issue 10, item 16: a command line newsidx cannot read gets one error
//! line and a hint that is right, with exit code 2, for every numeric
//! option of every command and the usual slips.

use crate::testenv::{assert_one_error, TestEnv};

fn sample() -> &'static TestEnv {
    TestEnv::shared_sample()
}

/// Runs `newsidx ARGS...` in a workspace with a corpus and no index, and
/// checks that it stopped at the command line: exit 2, nothing on stdout,
/// nothing written, the error line `error`, and a hint line that starts
/// with `hint` (none when `hint` is empty).
fn refused(args: &[&str], error: &str, hint: &str) {
    let env = TestEnv::with_sample_corpus();
    let out = env.cmd().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?}");
    assert_one_error(&out.stderr, error);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let first = stderr.lines().next().unwrap();
    assert_eq!(first, format!("newsidx: error: {error}"), "{args:?}");
    match stderr.lines().nth(1) {
        Some(second) => assert!(
            !hint.is_empty() && second.starts_with(&format!("newsidx: hint: {hint}")),
            "{args:?}: {stderr}"
        ),
        None => assert!(hint.is_empty(), "{args:?}: no hint"),
    }
    assert!(!env.index_dir().exists(), "{args:?} wrote an index");
}

#[test]
fn a_negative_limit_states_the_rule_in_one_line() {
    for spelling in [
        &["--limit", "-1"][..],
        &["--limit=-1"],
        &["-n", "-1"],
        &["-n-1"],
    ] {
        let args = [&["query", "wind"][..], spelling].concat();
        refused(
            &args,
            "--limit takes a count of hits, 0 or more, or all for every match; got -1",
            "for example: --limit 20, or --limit all",
        );
    }
}

#[test]
fn query_counts_refuse_words_fractions_and_numbers_past_counting() {
    refused(
        &["query", "wind", "--limit", "ten"],
        "--limit takes a count of hits, 0 or more, or all for every match; got ten",
        "for example",
    );
    refused(
        &["query", "wind", "--offset", "2.5"],
        "--offset takes a count of hits to skip, 0 or more; got 2.5",
        "for example: --offset 10",
    );
    refused(
        &["query", "wind", "--offset", "-10"],
        "--offset takes a count of hits to skip, 0 or more; got -10",
        "for example",
    );
    refused(
        &["query", "wind", "--limit", "99999999999999999999999"],
        "--limit takes a count of hits, 0 or more, or all for every match; got 99999999999999999999999, too large",
        "for example",
    );
    refused(
        &["query", "wind", "--limit", ""],
        "--limit takes a count of hits, 0 or more, or all for every match; got \"\"",
        "for example",
    );
}

#[test]
fn the_largest_counts_are_answered() {
    let max = usize::MAX.to_string();
    let (hits, summary) = sample().query_json("wind", &["--limit", &max]);
    assert_eq!(hits.len(), summary.total_hits);
    let (hits, summary) = sample().query_json("wind", &["--offset", &max, "--limit", &max]);
    assert!(hits.is_empty());
    assert!(summary.total_hits > 0);
}

#[test]
fn memory_outside_what_the_writer_takes_is_refused_before_indexing() {
    let rule = "--memory takes a budget in MiB, from 32 to 16380; got";
    for value in ["-5", "5", "1000000", "100000000000000", "lots", "1.5"] {
        refused(
            &["index", "corpus", "--index", "idx", "--memory", value],
            &format!("{rule} {value}"),
            "for example: --memory 512",
        );
    }
}

#[test]
fn the_largest_memory_budget_builds_an_index() {
    let env = TestEnv::with_sample_corpus();
    env.index_cmd(&["--quiet", "--memory", "16380"])
        .assert()
        .code(0);
    let (hits, _) = env.query_json("heatwave", &[]);
    assert_eq!(hits.len(), 3);
}

#[test]
fn threads_outside_one_to_the_most_are_refused() {
    for value in ["0", "-2", "257", "100000", "all"] {
        refused(
            &["index", "corpus", "--index", "idx", "-j", value],
            &format!("--threads takes a count of threads, from 1 to 256; got {value}"),
            "for example: -j 4",
        );
    }
}

#[test]
fn commit_every_takes_whole_seconds_up_to_never() {
    for value in ["-1", "0.5", "soon"] {
        refused(
            &["index", "corpus", "--index", "idx", "--commit-every", value],
            &format!("--commit-every takes a number of seconds, 0 or more; got {value}"),
            "for example: --commit-every 60",
        );
    }
    // The largest value means one commit, at the end.
    let env = TestEnv::with_sample_corpus();
    let most = u64::MAX.to_string();
    env.index_cmd(&["--quiet", "--commit-every", &most])
        .assert()
        .code(0);
}

#[test]
fn a_wrong_choice_lists_the_right_ones() {
    refused(
        &["query", "wind", "--sort", "newest"],
        "--sort takes relevance or date; got newest",
        "for example: --sort date",
    );
    refused(
        &["show", "a.txt", "--color", "alway"],
        "--color takes auto, always or never; got alway",
        "did you mean always?",
    );
}

#[test]
fn a_misspelt_option_is_named_with_the_one_meant() {
    refused(
        &["query", "wind", "--jsno"],
        "unknown option --jsno for `newsidx query`",
        "did you mean --json?",
    );
    refused(
        &["index", "corpus", "--thread", "2"],
        "unknown option --thread for `newsidx index`",
        "did you mean --threads?",
    );
}

#[test]
fn a_missing_query_or_value_shows_what_is_expected() {
    refused(
        &["query", "--json"],
        "missing <QUERY>...",
        "usage: newsidx query --json <QUERY>...; more in `newsidx query --help`",
    );
    refused(
        &["query", "wind", "--limit"],
        "--limit needs a value",
        "see",
    );
}

#[test]
fn words_without_a_command_point_at_query() {
    refused(
        &["heatwave"],
        "unknown command heatwave",
        "to search for it: `newsidx query heatwave`",
    );
}
