//! Help where people look (issue 10): `newsidx query --help` teaches the
//! fields and the syntax, and the completions and manual pages come from the
//! same definitions as the command line.

use crate::testenv::TestEnv;

fn sample() -> &'static TestEnv {
    TestEnv::shared_sample()
}

fn stdout_of(args: &[&str]) -> String {
    let out = TestEnv::empty().cmd().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty(), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The lines of `help` under the heading `title:`, up to the next blank line.
fn section<'a>(help: &'a str, title: &str) -> Vec<&'a str> {
    help.lines()
        .skip_while(|line| *line != format!("{title}:"))
        .skip(1)
        .take_while(|line| !line.is_empty())
        .collect()
}

#[test]
fn query_help_lists_every_field() {
    let help = stdout_of(&["query", "--help"]);
    let fields = section(&help, "Fields");
    for field in ["title", "lead", "body", "speaker, speakers", "path", "date"] {
        assert!(
            fields
                .iter()
                .any(|line| line.trim_start().starts_with(field)),
            "{field} missing from {fields:?}"
        );
    }
}

#[test]
fn query_help_shows_the_syntax_as_a_cheat_sheet() {
    let help = stdout_of(&["query", "--help"]);
    let syntax = section(&help, "Syntax");
    for form in [
        "wind OR solar",
        "wind -solar",
        "\"emergency grid reserve\"",
        "title:ukraine",
        "heatwav*",
        "date:[2024-12-01 TO 2024-12-31]",
    ] {
        assert!(
            syntax.iter().any(|line| line.contains(form)),
            "{form} missing from {syntax:?}"
        );
    }
}

#[test]
fn short_help_stays_short() {
    let long = stdout_of(&["query", "--help"]);
    let short = stdout_of(&["query", "-h"]);
    assert!(!short.contains("Syntax:"), "{short}");
    assert!(short.lines().count() * 2 < long.lines().count());
}

#[test]
fn every_example_in_the_help_runs() {
    let help = stdout_of(&["query", "--help"]);
    let examples = section(&help, "Examples");
    assert!(examples.len() >= 3, "{examples:?}");
    for example in examples {
        let words = shell_words(example.trim());
        assert_eq!(words[..2], ["newsidx", "query"], "{example}");
        let out = sample()
            .cmd()
            .args(["query", "--index", "idx"])
            .args(&words[2..])
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0) | Some(1)),
            "{example}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Splits a line as a shell would, for the quoting the examples use
/// ('single quotes' only).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => words.push(String::new()),
            c => words.last_mut().unwrap().push(c),
        }
    }
    words.retain(|word| !word.is_empty());
    words
}

#[test]
fn bash_completions_name_the_commands_and_options() {
    let script = stdout_of(&["completions", "bash"]);
    for word in [
        "index",
        "query",
        "show",
        "parse",
        "completions",
        "man",
        "--index",
        "--limit",
    ] {
        assert!(script.contains(word), "{word} missing");
    }
}

#[test]
fn every_shell_gets_a_script() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains("exact-count"), "{shell}");
    }
}

#[test]
fn bash_completes_a_command_and_an_option() {
    if std::process::Command::new("bash")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no bash");
        return;
    }
    let script = stdout_of(&["completions", "bash"]);
    let complete = |words: &[&str]| {
        // What bash would offer after `words`, by calling the function the
        // script registers as bash calls it: command, word, previous word.
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        let program = format!(
            "{script}\nCOMP_WORDS=({}); COMP_CWORD={}; \
             _newsidx newsidx \"${{COMP_WORDS[-1]}}\" \"${{COMP_WORDS[-2]}}\"; \
             echo \"${{COMPREPLY[@]}}\"",
            quoted.join(" "),
            words.len() - 1
        );
        let out = std::process::Command::new("bash")
            .args(["-c", &program])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    assert_eq!(complete(&["newsidx", "qu"]), "query quotes");
    assert_eq!(complete(&["newsidx", "quo"]), "quotes");
    assert_eq!(complete(&["newsidx", "query", "wind", "--ind"]), "--index");
    assert_eq!(
        complete(&["newsidx", "query", "wind", "--sort", ""]),
        "relevance date"
    );
}

#[test]
fn an_unknown_shell_lists_the_shells() {
    let out = TestEnv::empty()
        .cmd()
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    crate::testenv::assert_one_error(
        &out.stderr,
        "<SHELL> takes bash, elvish, fish, powershell or zsh; got tcsh",
    );
}

#[test]
fn the_manual_page_opens_with_its_title_and_names_the_commands() {
    let page = stdout_of(&["man"]);
    assert!(page.starts_with(".TH newsidx 1 "), "{page}");
    assert!(page.contains("newsidx\\-query(1)"), "{page}");
    assert!(page.contains("newsidx\\-index(1)"), "{page}");
}

#[test]
fn the_query_page_has_its_options_and_the_cheat_sheet() {
    let page = stdout_of(&["man", "query"]);
    assert!(page.starts_with(".TH newsidx\\-query 1 ") || page.starts_with(".TH newsidx-query 1 "));
    assert!(page.contains("\\-\\-limit"), "{page}");
    assert!(page.contains(".SH FIELDS"), "{page}");
    assert!(page.contains(".SH SYNTAX"), "{page}");
    assert!(page.contains("wind OR solar"), "{page}");
}

#[test]
fn every_page_is_clean_roff() {
    if std::process::Command::new("groff")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no groff");
        return;
    }
    for page in [
        None,
        Some("index"),
        Some("query"),
        Some("show"),
        Some("parse"),
    ] {
        let roff = stdout_of(&[&["man"][..], page.as_slice()].concat());
        let mut groff = std::process::Command::new("groff")
            .args(["-man", "-ww", "-z"])
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        groff
            .stdin
            .take()
            .unwrap()
            .write_all(roff.as_bytes())
            .unwrap();
        let out = groff.wait_with_output().unwrap();
        assert!(out.status.success(), "{page:?}");
        assert!(
            out.stderr.is_empty(),
            "{page:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_closed_pipe_ends_a_long_output_quietly() {
    // `newsidx completions bash | head -1`: the script is longer than a
    // pipe holds, so the write fails once the reader is gone.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("newsidx"))
        .args(["completions", "zsh"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
