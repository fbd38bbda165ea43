//! Bounded fuzzing with proptest: mutated real inputs for the article
//! parsers, and generated queries for the query front end. Any panic fails.
//!
//! The number of cases comes from `NEWSIDX_FUZZ_CASES` (default 200, so
//! `cargo test` stays quick); CI sets it so the run takes about a minute.
//! Seeds are the project's own fixtures and `tests/fixtures/fuzz/`; proptest
//! keeps any failure it finds in `proptest-regressions/`, which is committed.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use newsidx::article::{parse_file, ParseOptions};
use newsidx::schema::{Fingerprint, NewsSchema};
use newsidx::search::{Backend, FacetField, FacetRequest, LocalSearcher, SearchRequest, SortOrder};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("NEWSIDX_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every fixture file, with its name (the extension picks the parser).
static SEEDS: LazyLock<Vec<(String, Vec<u8>)>> = LazyLock::new(|| {
    walkdir::WalkDir::new(fixtures())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap())
        })
        .collect()
});

static QUERIES: LazyLock<Vec<String>> = LazyLock::new(|| {
    std::fs::read_to_string(fixtures().join("fuzz/queries.txt"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
});

#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Edit::Replace(p, b)),
        (
            any::<usize>(),
            proptest::collection::vec(any::<u8>(), 1..16)
        )
            .prop_map(|(p, b)| Edit::Insert(p, b)),
        (any::<usize>(), 1usize..64).prop_map(|(p, n)| Edit::Delete(p, n)),
    ];
    proptest::collection::vec(edit, 0..12)
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let len = bytes.len().max(1);
        match edit {
            Edit::Replace(p, b) => {
                if !bytes.is_empty() {
                    bytes[p % len] = *b;
                }
            }
            Edit::Insert(p, b) => {
                let at = p % (bytes.len() + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Edit::Delete(p, n) => {
                let at = p % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
        }
    }
    bytes
}

fn searcher() -> LocalSearcher {
    let schema = NewsSchema::new();
    let index = tantivy::Index::create_in_ram(schema.schema.clone());
    NewsSchema::register_tokenizers(&index);
    let mut writer: tantivy::IndexWriter = index.writer(50_000_000).unwrap();
    for (name, bytes) in SEEDS.iter().take(40) {
        let Ok(records) = parse_file(name, bytes, &ParseOptions::default()) else {
            continue;
        };
        for article in records.into_iter().flatten() {
            let fp = Fingerprint {
                mtime: 0,
                size: 0,
                hash: 0,
            };
            writer
                .add_document(schema.to_document(&article, name, fp))
                .unwrap();
        }
    }
    writer.commit().unwrap();
    LocalSearcher::from_index(index, schema).unwrap()
}

static SEARCHER: LazyLock<LocalSearcher> = LazyLock::new(searcher);

fn query_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        proptest::sample::select(QUERIES.clone()),
        "[a-zA-Zé0-9]{1,8}",
        proptest::sample::select(vec![
            "AND",
            "OR",
            "NOT",
            "TO",
            "-",
            "+",
            "(",
            ")",
            "[",
            "]",
            "{",
            "}",
            "\"",
            "'",
            ":",
            "*",
            "~",
            "^",
            "title:",
            "speaker:",
            "date:",
            "date:>=",
            "date:<",
            "body:",
            "lead:",
            "path:",
            "2024",
            "2024-12",
            "2024-12-31",
            "2024-12-04T16:16:00Z",
            " ",
            "\\",
            "/",
        ])
        .prop_map(str::to_string),
        "\\PC{0,4}",
    ];
    proptest::collection::vec(token, 0..12).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn mutated_fixtures_parse_or_fail_cleanly(seed in 0usize..10_000, edits in edits()) {
        let (name, bytes) = &SEEDS[seed % SEEDS.len()];
        let _ = parse_file(name, &apply(bytes.clone(), &edits), &ParseOptions::default());
    }

    #[test]
    fn generated_queries_answer_or_fail_cleanly(
        query in query_text(),
        date_sort in any::<bool>(),
        exact_count in any::<bool>(),
        all_words in any::<bool>(),
        limit in 0usize..50,
        offset in 0usize..100,
        facet_fields in 0usize..64,
        facet_size in 1usize..4,
    ) {
        // Any set of the five facet fields, by the bits of a number.
        let facets = FacetField::ALL
            .into_iter()
            .enumerate()
            .filter(|(bit, _)| facet_fields & (1 << bit) != 0)
            .map(|(_, field)| FacetRequest { field, size: facet_size })
            .collect();
        let request = SearchRequest {
            query,
            limit,
            offset,
            sort: if date_sort { SortOrder::Date } else { SortOrder::Relevance },
            dates: Default::default(),
            exact_count,
            all_words,
            facets,
            // A sixth bit asks for the people quoted, with their dates.
            speakers: (facet_fields & (1 << FacetField::ALL.len()) != 0).then_some(facet_size),
        };
        let _ = SEARCHER.search(&request);
    }
}
