//! The corpora the comparison runs on: each read twice, once by newsidx's
//! parser into memory for the evaluator, once by newsidx's indexer into a
//! temporary index for the engine.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use newsidx::article::{parse_file, Article, Format, ParseOptions};
use newsidx::config::IndexConfig;
use newsidx::schema::NewsSchema;
use newsidx::search::{LocalSearcher, SearchRequest};
use tantivy::collector::DocSetCollector;
use tantivy::query::AllQuery;
use tantivy::{DocAddress, TantivyDocument};
use tempfile::TempDir;

use crate::oracle::{Analyzers, Oracle};
use crate::tree::copy_dir;

/// A corpus, parsed and indexed.
pub struct Corpus {
    /// The articles as the parser gives them.
    pub articles: Vec<Article>,
    /// The evaluator over them.
    pub oracle: Oracle,
    /// newsidx over the same folder.
    pub searcher: LocalSearcher,
    /// Where the index is.
    pub index_path: PathBuf,
    /// The speaker registry's links `newsidx index` wrote: (path, name as
    /// written, canonical name).
    pub links: Vec<(String, String, String)>,
    /// The path of each document of the index, to name what a bare tantivy
    /// query matches without reading stored documents again.
    paths: HashMap<DocAddress, String>,
    /// Holds the index (and any unpacked articles) until the corpus is dropped.
    _dir: TempDir,
}

/// The sample corpus, loaded once for the tests that only read it.
pub static SAMPLE: LazyLock<Corpus> = LazyLock::new(sample);

/// The corpus bundled with the repository.
pub fn sample() -> Corpus {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_corpus");
    Corpus::load(&folder, TempDir::new().unwrap())
}

/// The sample corpus with the HTML, JSON and Markdown fixtures beside it,
/// loaded once: the formats that carry an outlet, authors, an address and
/// a language (the sample corpus is plain text, which carries none of
/// them but a byline).
pub static WITH_FORMATS: LazyLock<Corpus> = LazyLock::new(with_formats);

fn with_formats() -> Corpus {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("corpus");
    copy_dir(&root.join("sample_corpus"), &folder);
    for format in ["html", "json", "markdown"] {
        copy_dir(
            &root.join("tests/fixtures").join(format),
            &folder.join("formats").join(format),
        );
    }
    Corpus::load(&folder, dir)
}

/// Where the shared Reuters archive is, if this machine has it.
pub fn reuters_archive() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/reuters21578/reuters-txt.tar.gz");
    path.is_file().then_some(path)
}

/// The `count` Reuters articles with the lowest NEWIDs, unpacked from
/// `archive` into a temporary folder (keeping their `YYYY-MM/reut-N.txt`
/// paths) and indexed.
pub fn reuters(archive: &Path, count: usize) -> Corpus {
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("reuters");
    let file = std::fs::File::open(archive).unwrap();
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut wanted: Vec<(u64, PathBuf, Vec<u8>)> = Vec::new();
    for entry in tar.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().into_owned();
        let Some(id) = newid(&path) else {
            continue;
        };
        // NEWIDs are dense enough that the lowest `count` lie well below
        // twice `count`; keeping only those bounds the memory used.
        if id > 2 * count as u64 {
            continue;
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        // Paths inside the archive start with `reuters21578/`.
        let inner: PathBuf = path.components().skip(1).collect();
        wanted.push((id, inner, bytes));
    }
    wanted.sort_by_key(|(id, _, _)| *id);
    wanted.truncate(count);
    for (_, inner, bytes) in &wanted {
        let target = folder.join(inner);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
    Corpus::load(&folder, dir)
}

/// The NEWID of `reuters21578/1987-02/reut-5.txt`.
fn newid(path: &Path) -> Option<u64> {
    path.file_name()?
        .to_str()?
        .strip_prefix("reut-")?
        .strip_suffix(".txt")?
        .parse()
        .ok()
}

impl Corpus {
    /// Parses every article of `folder` as the indexer's walk finds them,
    /// and indexes the folder into `dir`.
    pub fn load(folder: &Path, dir: TempDir) -> Corpus {
        let index_path = dir.path().join("index");
        let config = IndexConfig::for_folder(folder, &index_path).unwrap();
        let report = newsidx::indexer::index_folder(&config, &mut |_| {}).unwrap();
        let articles = parse_folder(folder);
        assert_eq!(
            articles.len() as u64,
            report.total_docs,
            "the evaluator reads as many articles from {} as newsidx indexes",
            folder.display()
        );
        let index = tantivy::Index::open_in_dir(&index_path).unwrap();
        let searcher = LocalSearcher::open(&index_path).unwrap();
        // The registry `newsidx index` built: who is who, which `speaker:`
        // searches use.
        let links: Vec<(String, String, String)> =
            newsidx::people::Registry::load(&index_path, &searcher.tantivy_searcher())
                .unwrap()
                .map(|registry| {
                    registry
                        .links()
                        .into_iter()
                        .map(|l| (l.path, l.name, l.canonical))
                        .collect()
                })
                .unwrap_or_default();
        let oracle = Oracle::new(Analyzers::of_index(&index), &articles).with_people(links.clone());
        let schema = NewsSchema::new();
        let tantivy_searcher = searcher.tantivy_searcher();
        let everything = tantivy_searcher
            .search(&AllQuery, &DocSetCollector)
            .unwrap();
        let paths = everything
            .into_iter()
            .map(|address| {
                let doc: TantivyDocument = tantivy_searcher.doc(address).unwrap();
                (address, schema.stored(&doc).meta.path)
            })
            .collect();
        Corpus {
            articles,
            oracle,
            searcher,
            index_path,
            links,
            paths,
            _dir: dir,
        }
    }

    /// The paths of every article the query newsidx compiles for `request`
    /// matches.
    pub fn engine_paths(&self, request: &SearchRequest) -> Vec<String> {
        let Ok(query) = self.searcher.tantivy_query(request) else {
            return Vec::new();
        };
        self.searcher
            .tantivy_searcher()
            .search(&*query, &DocSetCollector)
            .unwrap()
            .into_iter()
            .map(|address| self.paths[&address].clone())
            .collect()
    }
}

/// Every article in `folder`, with paths relative to it, skipping hidden
/// entries and files of no format newsidx reads, as its walk does.
fn parse_folder(folder: &Path) -> Vec<Article> {
    let mut articles = Vec::new();
    let walk = walkdir::WalkDir::new(folder)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || !Format::worth_reading(entry.path()) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(folder)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(entry.path()).unwrap();
        let Ok(records) = parse_file(&rel, &bytes, &ParseOptions::default()) else {
            continue;
        };
        articles.extend(records.into_iter().flatten());
    }
    articles
}
