//! Two tools for changing the speaker rules, which `cargo bench` cannot be:
//!
//! - `dump DIR...` prints, for every article of the folders, its speakers
//!   and every attribution the rules made (`extract_attributions`), one
//!   line an article in path order. Run once before a change and once
//!   after, `diff` shows every article whose answer moved, including the
//!   attributions to no one that `newsidx parse` does not print.
//! - `loop N DIR...` runs `extract_speakers` N times over the articles,
//!   and nothing else: under callgrind it counts the instructions the
//!   rules take per article, a figure that, unlike a timing, does not move
//!   with the machine's load (BENCHMARKS.md, session 23).
//!
//! ```sh
//! cargo build --release --example speaker_rules
//! target/release/examples/speaker_rules dump ../shared/corpora/reuters21578 > before.txt
//! valgrind --tool=callgrind --toggle-collect='newsidx::article::speakers::extract_speakers*' \
//!     target/release/examples/speaker_rules loop 20 sample_corpus
//! ```
//!
//! Articles come from `parse_file`, and the paragraphs handed over are the
//! lead and the body's lines, as the index hands them over.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use newsidx::article::speakers::{extract_attributions, extract_speakers};
use newsidx::article::{parse_file, ParseOptions};
use walkdir::WalkDir;

/// An article's name (its path, and its record number in the file) and
/// its paragraphs.
type Article = (String, Vec<String>);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((mode, dirs)) if mode == "dump" && !dirs.is_empty() => dump(&articles(dirs)),
        Some((mode, rest)) if mode == "loop" && rest.len() >= 2 => {
            let Ok(passes) = rest[0].parse::<usize>() else {
                eprintln!(
                    "speaker_rules: the number of passes must be a number, not {:?}",
                    rest[0]
                );
                return ExitCode::from(2);
            };
            run_loop(passes, &articles(&rest[1..]));
        }
        _ => {
            eprintln!("usage: speaker_rules dump DIR... | speaker_rules loop N DIR...");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

/// Every article of `dirs` that parses, in path order. Files that do not
/// parse are named on stderr, so that a dump never drops one unseen.
fn articles(dirs: &[String]) -> Vec<Article> {
    let options = ParseOptions::default();
    let mut out = Vec::new();
    for dir in dirs {
        for entry in WalkDir::new(dir).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) if entry.file_type().is_file() => entry,
                Ok(_) => continue,
                Err(e) => {
                    eprintln!("speaker_rules: cannot walk {dir}: {e}");
                    continue;
                }
            };
            let path = entry.path().display().to_string();
            let parsed = std::fs::read(entry.path())
                .map_err(|e| e.to_string())
                .and_then(|bytes| parse_file(&path, &bytes, &options).map_err(|e| e.to_string()));
            let records = match parsed {
                Ok(records) => records,
                Err(e) => {
                    eprintln!("speaker_rules: skipped {path}: {e}");
                    continue;
                }
            };
            for (n, record) in records.into_iter().enumerate() {
                let Ok(article) = record else {
                    eprintln!("speaker_rules: skipped {path} record {n}");
                    continue;
                };
                let paragraphs = article
                    .meta
                    .lead
                    .into_iter()
                    .chain(article.body.lines().map(str::to_string))
                    .collect();
                out.push((format!("{path}#{n}"), paragraphs));
            }
        }
    }
    out
}

fn dump(articles: &[Article]) {
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (name, paragraphs) in articles {
        let paragraphs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        let (speakers, attributions) = extract_attributions(&paragraphs);
        if writeln!(out, "{name}\t{speakers:?}\t{attributions:?}").is_err() {
            // The reader went away (`| head`): nothing more to say.
            return;
        }
    }
}

fn run_loop(passes: usize, articles: &[Article]) {
    let paragraphs: Vec<Vec<&str>> = articles
        .iter()
        .map(|(_, p)| p.iter().map(String::as_str).collect())
        .collect();
    let mut speakers = 0;
    for _ in 0..passes {
        for article in &paragraphs {
            speakers += std::hint::black_box(extract_speakers(std::hint::black_box(article))).len();
        }
    }
    eprintln!(
        "{} articles, {passes} passes, {speakers} speakers found",
        articles.len()
    );
}
