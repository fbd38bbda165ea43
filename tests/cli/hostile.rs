//! Folders nobody cleaned: every good article is indexed, every bad file is
//! named once with its reason, and nothing panics.

use std::io::Write;

use predicates::prelude::*;

use crate::testenv::TestEnv;

fn article(title: &str) -> String {
    format!("{title}\nA lead.\n4 December 2024 16:16\nA body paragraph.\n")
}

/// How many stderr lines name `needle`.
fn mentions(stderr: &str, needle: &str) -> usize {
    stderr.lines().filter(|l| l.contains(needle)).count()
}

#[test]
fn bad_files_are_named_once_and_good_ones_indexed() {
    let env = TestEnv::empty();
    env.write("good.txt", article("Pipit good"));
    env.write("empty.txt", "");
    env.write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00");
    env.write("nul.txt", b"Pipit with\x00a NUL\nLead.\n");
    env.write(
        "latin1.txt",
        b"Pipit caf\xe9 story\nA lead.\n4 December 2024 16:16\nText.\n",
    );
    env.write("x.txt/inside.txt", article("Pipit in a folder named x.txt"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(
            env.corpus().join("missing.txt"),
            env.corpus().join("broken.txt"),
        )
        .unwrap();
        std::fs::create_dir(env.corpus().join("loop")).unwrap();
        symlink(env.corpus(), env.corpus().join("loop/back")).unwrap();
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"bad-\xff-name.txt");
        std::fs::write(env.corpus().join(name), article("Pipit odd name")).unwrap();
    }
    let out = env.index_run().code(3).get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        mentions(&stderr, "empty.txt: the file is empty"),
        1,
        "{stderr}"
    );
    assert_eq!(
        mentions(&stderr, "image.txt: binary content"),
        1,
        "{stderr}"
    );
    assert_eq!(mentions(&stderr, "nul.txt: binary content"), 1, "{stderr}");
    #[cfg(unix)]
    {
        assert_eq!(
            mentions(&stderr, "broken.txt: broken symbolic link"),
            1,
            "{stderr}"
        );
        assert_eq!(mentions(&stderr, "symbolic link loop"), 1, "{stderr}");
        assert!(stderr.contains("5 skipped"), "{stderr}");
    }
    let mut paths = env.paths("pipit", &[]);
    paths.sort();
    let mut expected = vec!["good.txt", "latin1.txt", "x.txt/inside.txt"];
    if cfg!(unix) {
        expected.insert(0, "bad-\u{fffd}-name.txt");
    }
    assert_eq!(paths, expected);
    assert_eq!(env.paths("café", &[]), ["latin1.txt"]);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_io_error() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::empty();
    env.write("good.txt", article("Wagtail good"));
    let locked = env.write("locked.txt", article("Wagtail locked"));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        eprintln!("skipped: running as root, so file permissions do not stop reads");
        return;
    }
    env.index_run()
        .code(2)
        .stderr(predicate::str::contains("locked.txt: cannot read"));
    assert_eq!(env.paths("wagtail", &[]), ["good.txt"]);
}

#[test]
fn a_huge_article_and_an_endless_line_are_indexed() {
    let env = TestEnv::empty();
    let path = env.write("huge.txt", "Bittern epic\nA lead.\n4 December 2024 16:16\n");
    let mut file = std::fs::File::options().append(true).open(path).unwrap();
    let paragraph = "The reed beds at the reserve held more booming males than in any year since records began, said Ann Lee.\n";
    for _ in 0..(50_000_000 / paragraph.len()) {
        file.write_all(paragraph.as_bytes()).unwrap();
    }
    drop(file);
    let line: String = "marsh heron ".repeat(10_000_000 / 12);
    env.write("oneline.txt", format!("Bittern {line}"));
    env.index()
        .stderr(predicate::str::contains("indexed 2 articles"));
    let (hits, _) = env.query_json("bittern", &[]);
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| h.title.len() <= 1000));
    assert_eq!(env.paths("speaker:\"ann lee\"", &[]), ["huge.txt"]);
}

#[test]
fn ten_thousand_tiny_files_in_one_folder() {
    let env = TestEnv::empty();
    for i in 0..10_000 {
        env.write(
            &format!("flat/{i:05}.txt"),
            format!("Twite {i}\nL.\n2024-12-04\nB.\n"),
        );
    }
    env.index()
        .stderr(predicate::str::contains("indexed 10000 articles"));
    assert_eq!(
        env.query_json("twite", &["--limit", "0"]).1.total_hits,
        10_000
    );
}

#[test]
fn deeply_nested_folders_are_walked() {
    let env = TestEnv::empty();
    let deep: String = (0..200).map(|i| format!("d{i}/")).collect();
    env.write(
        &format!("{deep}bottom.txt"),
        article("Dipper at the bottom"),
    );
    env.index();
    assert_eq!(env.paths("dipper", &[]), [format!("{deep}bottom.txt")]);
}

#[test]
fn terminal_control_characters_in_articles_are_escaped() {
    let env = TestEnv::empty();
    env.write(
        "evil.txt",
        "Shrike \u{1b}[2J\u{1b}]0;pwned\u{7} alert \u{202e}txt.exe\nA lead.\n4 December 2024 16:16\nShrike body with \u{1b}[31mred\u{1b}[0m text.\n",
    );
    env.index();
    let out = env.query("shrike", &["--color=never"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains('\u{1b}'),
        "raw escape reached the terminal: {text:?}"
    );
    assert!(!text.contains('\u{202e}'), "raw bidi override: {text:?}");
    assert!(!text.contains('\u{7}'));
    assert!(text.contains("\\u{1b}[2J"), "{text}");
    let (hits, _) = env.query_json("shrike", &[]);
    assert!(
        hits[0].title.contains('\u{1b}'),
        "JSON keeps the text as it is"
    );
}
