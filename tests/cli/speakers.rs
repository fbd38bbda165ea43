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
