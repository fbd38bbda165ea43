//! In-process query latency, per kind of query, on a prebuilt index.
//!
//! Each benchmark runs one [`Searcher::search`] with a limit of 10: parsing
//! and rewriting the query, collecting the top 10 and building their
//! snippets, which is all `newsidx query` does apart from opening the index
//! and printing. The index is opened once, outside the timing; `open`
//! measures opening on its own, which must not grow with the index.
//!
//! The index is the one `NEWSIDX_BENCH_INDEX` names, for figures at real
//! sizes (the benchmark script builds large synthetic indexes and points
//! here); without it, `sample_corpus/` is indexed into a temporary folder,
//! which is enough to keep the benchmarks honest but small (46 articles).
//! The queries are fixed so that runs compare; words were picked to occur in
//! both `sample_corpus/` and the Reuters-based synthetic corpora.
//!
//! ```text
//! cargo bench --bench query
//! NEWSIDX_BENCH_INDEX=/tmp/idx1m cargo bench --bench query -- query/phrase
//! ```

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use newsidx::config::IndexConfig;
use newsidx::search::{Backend, DateRange, LocalSearcher, SearchRequest, SortOrder};
use tempfile::TempDir;

/// One benchmark: its name and the request, as `newsidx query` would build
/// it from the command line.
struct Case {
    name: &'static str,
    query: &'static str,
    sort: SortOrder,
    from: Option<&'static str>,
    to: Option<&'static str>,
}

impl Case {
    const fn new(name: &'static str, query: &'static str) -> Case {
        Case {
            name,
            query,
            sort: SortOrder::Relevance,
            from: None,
            to: None,
        }
    }

    fn request(&self) -> SearchRequest {
        SearchRequest {
            query: self.query.to_string(),
            limit: 10,
            offset: 0,
            sort: self.sort,
            dates: DateRange::from_bounds(self.from, self.to).expect("bench dates are valid"),
            exact_count: false,
            all_words: false,
            facets: Vec::new(),
            speakers: None,
        }
    }
}

const CASES: [Case; 10] = [
    Case::new("term", "government"),
    // In five Reuters articles and one sample article.
    Case::new("rare_term", "groundwater"),
    Case::new("and", "oil prices"),
    Case::new("phrase", "\"interest rate\""),
    Case::new("or", "wheat OR corn"),
    Case::new("not", "oil -opec"),
    Case::new("field_title", "title:bank"),
    Case::new("speaker", "speaker:Lindqvist"),
    // `--from 2024-10-01 --to 2024-10-31`: a month that both the sample
    // corpus (2023-2025) and the synthetic ones (1985-2024) have.
    Case {
        name: "date_range",
        query: "government",
        sort: SortOrder::Relevance,
        from: Some("2024-10-01"),
        to: Some("2024-10-31"),
    },
    // `--sort date`: newest first, from the date fast field.
    Case {
        name: "sort_date",
        query: "government",
        sort: SortOrder::Date,
        from: None,
        to: None,
    },
];

/// The index to query, and the temporary folder holding it when it was
/// built here (dropped, and so deleted, after the benchmarks).
fn bench_index() -> (PathBuf, Option<TempDir>) {
    if let Some(path) = std::env::var_os("NEWSIDX_BENCH_INDEX") {
        let path = PathBuf::from(path);
        // A mistyped path must not quietly yield figures for the small
        // fallback index instead.
        if !path.join("meta.json").is_file() {
            eprintln!(
                "newsidx bench: error: NEWSIDX_BENCH_INDEX={} is not a newsidx index",
                path.display()
            );
            std::process::exit(2);
        }
        eprintln!("newsidx bench: querying {}", path.display());
        return (path, None);
    }

    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_corpus");
    let dir = TempDir::new().expect("cannot create a temporary folder");
    let index = dir.path().join("index");
    // The defaults a user gets.
    let config = IndexConfig::for_folder(&corpus, &index).expect("index settings");
    let report =
        newsidx::indexer::index_folder(&config, &mut |_| {}).expect("sample corpus indexes");
    eprintln!(
        "newsidx bench: querying {} articles of {} indexed into {} (set NEWSIDX_BENCH_INDEX for a larger index)",
        report.indexed,
        corpus.display(),
        index.display()
    );
    (index, Some(dir))
}

fn queries(c: &mut Criterion) {
    let (path, _temp) = bench_index();
    let searcher = LocalSearcher::open(&path).expect("index opens");

    let mut group = c.benchmark_group("query");
    for case in &CASES {
        let request = case.request();
        // What each query matches, so a figure for 0 hits is not mistaken
        // for one that built snippets.
        let results = searcher
            .search(&request)
            .unwrap_or_else(|e| panic!("query {:?}: {e:#}", case.query));
        eprintln!(
            "query/{}: {:?} matches {} articles",
            case.name, case.query, results.total_hits
        );
        group.bench_function(case.name, |b| {
            b.iter(|| black_box(searcher.search(black_box(&request))))
        });
    }
    group.finish();

    c.bench_function("open", |b| {
        // Closing (unmapping) is left out: `newsidx query` exits instead.
        b.iter_with_large_drop(|| LocalSearcher::open(black_box(&path)).expect("index opens"))
    });
}

criterion_group!(benches, queries);
criterion_main!(benches);
