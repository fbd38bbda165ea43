//! Title and date agreement over the whole Reuters-21578 corpus: every text
//! file, parsed by newsidx, against the JSON Lines file's fields.

use std::collections::HashMap;
use std::io::BufRead;

use newsidx::article::{parse_file, ParseOptions};
use serde::Deserialize;

use crate::shared;

const AGREEMENT_BAR: f64 = 0.995;

#[derive(Deserialize)]
struct Truth {
    id: String,
    title: String,
    date: String,
}

#[test]
fn reuters_text_files_agree_with_the_jsonl_on_title_and_date() {
    let Some(dir) = shared::reuters_dir() else {
        return;
    };
    let jsonl =
        flate2::read::GzDecoder::new(std::fs::File::open(dir.join("reuters.jsonl.gz")).unwrap());
    let truth: HashMap<String, Truth> = std::io::BufReader::new(jsonl)
        .lines()
        .map(|l| serde_json::from_str::<Truth>(&l.unwrap()).unwrap())
        .map(|t| (t.id.clone(), t))
        .collect();

    let texts = shared::reuters_texts(&dir, |_| true);
    let options = ParseOptions::default();
    let (mut titles, mut dates) = (0usize, 0usize);
    let mut shown = 0;
    for (path, bytes) in &texts {
        let id = path.rsplit('/').next().unwrap().trim_end_matches(".txt");
        let want = &truth[id];
        let article = parse_file(path, bytes, &options)
            .ok()
            .and_then(|mut r| r.pop())
            .and_then(Result::ok);
        let title_ok = article.as_ref().is_some_and(|a| a.meta.title == want.title);
        let date_ok = article.as_ref().is_some_and(|a| {
            a.meta
                .date
                .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .as_deref()
                == Some(want.date.as_str())
        });
        titles += usize::from(title_ok);
        dates += usize::from(date_ok);
        if (!title_ok || !date_ok) && shown < 20 {
            shown += 1;
            println!("  {path}: title ok {title_ok}, date ok {date_ok}");
        }
    }
    let n = texts.len();
    assert_eq!(n, truth.len(), "every JSONL article has a text file");
    let title_share = titles as f64 / n as f64;
    let date_share = dates as f64 / n as f64;
    println!("reuters text files: {n} articles, titles agree {title_share:.4}, dates agree {date_share:.4}");
    assert!(
        title_share >= AGREEMENT_BAR,
        "title agreement {title_share:.4}"
    );
    assert!(
        date_share >= AGREEMENT_BAR,
        "date agreement {date_share:.4}"
    );
}

#[test]
fn reuters_jsonl_parsed_by_newsidx_keeps_every_title_and_date() {
    let Some(dir) = shared::reuters_dir() else {
        return;
    };
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(
            std::fs::File::open(dir.join("reuters.jsonl.gz")).unwrap(),
        ),
        &mut bytes,
    )
    .unwrap();
    let truth: Vec<Truth> = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    let records = parse_file("reuters.jsonl", &bytes, &ParseOptions::default()).unwrap();
    assert_eq!(records.len(), truth.len());
    let mut agree = 0usize;
    for (i, (record, want)) in records.iter().zip(&truth).enumerate() {
        let Ok(article) = record else { continue };
        let date = article
            .meta
            .date
            .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        if article.meta.path == format!("reuters.jsonl#{}", i + 1)
            && article.meta.title == want.title
            && date.as_deref() == Some(want.date.as_str())
        {
            agree += 1;
        }
    }
    let share = agree as f64 / truth.len() as f64;
    println!(
        "reuters JSONL: {} articles, title and date agree {share:.4}",
        truth.len()
    );
    assert!(share >= AGREEMENT_BAR, "agreement {share:.4}");
}
