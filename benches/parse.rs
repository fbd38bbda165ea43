//! Parsing throughput, per input format, in bytes per second.
//!
//! Each format's benchmark parses a batch of the project's own files of that
//! format: `sample_corpus/` for the reference `.txt` layout, and the
//! fixtures under `tests/fixtures/` for Markdown, JSON, JSON Lines and HTML.
//! Files are read into memory once, before timing, so an iteration measures
//! bytes → articles (decoding, layout, dates, speakers) and no I/O. The
//! batches are small and hand-made rather than large and generated: they
//! hold the variations the parsers were written for, which a generator
//! repeats too evenly to be realistic.
//!
//! `parse/html_pages` times real saved pages, in pages per second: Mozilla
//! Readability's 130 test pages from `../shared/corpora/` (skipped, with a
//! message, when they are absent). They are news and magazine pages as
//! sites serve them, several times the size of the hand-made fixtures.
//!
//! Two narrower benchmarks isolate the stages that cost most per article:
//! speaker extraction over the sample articles' paragraphs, and the date
//! lines the text parser tries.
//!
//! ```text
//! cargo bench --bench parse
//! cargo bench --bench parse -- parse/html    # one benchmark
//! ```

use std::hint::black_box;
use std::io::Read;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsidx::article::date::{parse_date, parse_date_header};
use newsidx::article::speakers::extract_speakers;
use newsidx::article::{parse_file, ParseOptions};
use walkdir::WalkDir;

/// One file of a batch: its path relative to the batch's folder (which picks
/// the format, as it does when indexing) and its bytes.
struct Input {
    rel_path: String,
    bytes: Vec<u8>,
}

/// The files under `dir` (relative to the package root) whose name passes
/// `keep`, in path order so every run parses the same batch.
fn load(dir: &str, keep: fn(&Path) -> bool) -> Vec<Input> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut inputs: Vec<Input> = WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.unwrap_or_else(|e| panic!("cannot walk {}: {e}", root.display())))
        .filter(|entry| entry.file_type().is_file() && keep(entry.path()))
        .map(|entry| {
            let path = entry.path();
            let rel_path = path
                .strip_prefix(&root)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            Input { rel_path, bytes }
        })
        .collect();
    inputs.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    assert!(
        !inputs.is_empty(),
        "no input files under {}",
        root.display()
    );
    inputs
}

fn any_file(_: &Path) -> bool {
    true
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension().is_some_and(|e| e == ext)
}

/// The batches, one per format, as (benchmark name, files).
fn batches() -> Vec<(&'static str, Vec<Input>)> {
    vec![
        ("txt", load("sample_corpus", any_file)),
        ("md", load("tests/fixtures/markdown", any_file)),
        (
            "json",
            load("tests/fixtures/json", |p| has_extension(p, "json")),
        ),
        (
            "jsonl",
            load("tests/fixtures/json", |p| has_extension(p, "jsonl")),
        ),
        ("html", load("tests/fixtures/html", any_file)),
    ]
}

fn parse_formats(c: &mut Criterion) {
    let options = ParseOptions::default();
    let mut group = c.benchmark_group("parse");
    for (name, inputs) in batches() {
        // A batch that fails to parse would time the error path instead;
        // say what each one holds so the figures can be read per article.
        let mut articles = 0;
        for input in &inputs {
            let records = parse_file(&input.rel_path, &input.bytes, &options)
                .unwrap_or_else(|e| panic!("{}: {e}", input.rel_path));
            articles += records.iter().filter(|r| r.is_ok()).count();
        }
        let bytes: usize = inputs.iter().map(|i| i.bytes.len()).sum();
        eprintln!(
            "parse/{name}: {} files, {bytes} bytes, {articles} articles",
            inputs.len()
        );

        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                for input in &inputs {
                    black_box(parse_file(
                        black_box(&input.rel_path),
                        black_box(&input.bytes),
                        &options,
                    ))
                    .ok();
                }
            })
        });
    }
    group.finish();
}

/// `source.html` of every Readability test page, or nothing (with a
/// message) when the corpus is absent.
fn readability_pages() -> Vec<Vec<u8>> {
    let tarball = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/readability-test-pages/test-pages.tar.gz");
    let Ok(file) = std::fs::File::open(&tarball) else {
        eprintln!("parse/html_pages skipped: {} is absent", tarball.display());
        return Vec::new();
    };
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut pages = Vec::new();
    for entry in archive.entries().expect("read the tarball") {
        let mut entry = entry.expect("read a tarball entry");
        if entry.path().is_ok_and(|p| p.ends_with("source.html")) {
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("read a page");
            pages.push(bytes);
        }
    }
    pages
}

fn parse_pages(c: &mut Criterion) {
    let pages = readability_pages();
    if pages.is_empty() {
        return;
    }
    let options = ParseOptions::default();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.sample_size(10);
    group.bench_function("html_pages", |b| {
        b.iter(|| {
            for page in &pages {
                black_box(parse_file("page.html", black_box(page), &options)).ok();
            }
        })
    });
    group.finish();
}

/// The sample corpus: realistic input for the stage benchmarks.
fn sample_texts() -> Vec<Input> {
    load("sample_corpus", any_file)
}

fn speakers(c: &mut Criterion) {
    let options = ParseOptions::default();
    // Speakers are extracted from the lead and body paragraphs, as
    // `Parts::into_article` hands them over.
    let articles: Vec<Vec<String>> = sample_texts()
        .iter()
        .flat_map(|input| {
            parse_file(&input.rel_path, &input.bytes, &options)
                .unwrap_or_else(|e| panic!("{}: {e}", input.rel_path))
        })
        .filter_map(Result::ok)
        .map(|article| {
            article
                .meta
                .lead
                .into_iter()
                .chain(article.body.lines().map(str::to_string))
                .collect()
        })
        .collect();
    let bytes: usize = articles.iter().flatten().map(String::len).sum();
    let paragraphs: Vec<Vec<&str>> = articles
        .iter()
        .map(|a| a.iter().map(String::as_str).collect())
        .collect();

    let mut group = c.benchmark_group("stage");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("speakers", |b| {
        b.iter(|| {
            for article in &paragraphs {
                black_box(extract_speakers(black_box(article)));
            }
        })
    });
    group.finish();
}

/// Lines the text parser may take for a date: the first three non-blank
/// lines after the title. Most files date line 3; some have no lead, a
/// byline, a `Date:` header or no date, so leads are tried too.
const DATE_CANDIDATES: usize = 3;

fn dates(c: &mut Criterion) {
    let candidates: Vec<Vec<String>> = sample_texts()
        .iter()
        .map(|input| {
            String::from_utf8_lossy(&input.bytes)
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .skip(1)
                .take(DATE_CANDIDATES)
                .map(str::to_string)
                .collect()
        })
        .collect();
    // Header and byline forms, through the header reader alone; the last
    // is no date, and rejecting it costs time too.
    let headers = [
        "Date: 4 December 2024",
        "Published: 2024-12-04T16:16:00+01:00",
        "pubdate: Wed, 04 Dec 2024 16:16:00 +0000",
        "Updated 4 December 2024 | 3 min read",
        "By Ann Lee · Published Mar. 3, 2025",
        "Posted on 2024-12-04",
        "Published Dec. 4, 2024, 4:16 p.m.",
        "Date: the day after the vote",
    ];

    let mut group = c.benchmark_group("stage");
    // One element per article: the date of each is looked for once.
    group.throughput(Throughput::Elements(candidates.len() as u64));
    group.bench_function("date_lines", |b| {
        b.iter(|| {
            for lines in &candidates {
                // The first line that reads as a date wins, as in the
                // text parser.
                black_box(lines.iter().find_map(|line| {
                    parse_date(black_box(line)).or_else(|| parse_date_header(line))
                }));
            }
        })
    });
    // One element per line.
    group.throughput(Throughput::Elements(headers.len() as u64));
    group.bench_function("date_headers", |b| {
        b.iter(|| {
            for line in headers {
                black_box(parse_date_header(black_box(line)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, parse_formats, parse_pages, speakers, dates);
criterion_main!(benches);
