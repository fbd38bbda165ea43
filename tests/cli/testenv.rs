//! A temporary workspace for driving the real `newsidx` binary: a copy of a
//! corpus, an index folder, and a command with a clean environment.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde::Deserialize;
use tempfile::TempDir;

use crate::tree::copy_dir;

/// The bundled corpus, as checked in.
pub fn sample_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_corpus")
}

/// Files with the given extension under `dir`, counted recursively.
pub fn count_files(dir: &Path, ext: &str) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext))
        .count()
}

pub struct TestEnv {
    root: TempDir,
}

impl TestEnv {
    /// A workspace whose `corpus/` is a copy of `sample_corpus/`.
    pub fn with_sample_corpus() -> TestEnv {
        TestEnv::with_sample_corpus_in(&std::env::temp_dir())
    }

    /// The sample corpus, indexed once and shared by every read-only test
    /// of this binary. It lives under cargo's target tmp folder, so the
    /// copy that is never dropped is cleaned by `cargo clean`.
    pub fn shared_sample() -> &'static TestEnv {
        static SHARED: std::sync::LazyLock<TestEnv> = std::sync::LazyLock::new(|| {
            let env = TestEnv::with_sample_corpus_in(Path::new(env!("CARGO_TARGET_TMPDIR")));
            env.index();
            env
        });
        &SHARED
    }

    fn with_sample_corpus_in(parent: &Path) -> TestEnv {
        let env = TestEnv::empty_in(parent);
        copy_dir(&sample_corpus(), &env.corpus());
        env
    }

    /// An empty workspace under cargo's target tmp folder, for fixtures
    /// built once and shared by a test binary (never dropped, so cleaned
    /// by `cargo clean`).
    pub fn empty_in_target() -> TestEnv {
        TestEnv::empty_in(Path::new(env!("CARGO_TARGET_TMPDIR")))
    }

    /// A workspace with an empty `corpus/`.
    pub fn empty() -> TestEnv {
        TestEnv::empty_in(&std::env::temp_dir())
    }

    fn empty_in(parent: &Path) -> TestEnv {
        let root = tempfile::Builder::new()
            .prefix("newsidx-test")
            .tempdir_in(parent)
            .unwrap();
        fs::create_dir(root.path().join("corpus")).unwrap();
        TestEnv { root }
    }

    pub fn corpus(&self) -> PathBuf {
        self.root.path().join("corpus")
    }

    pub fn index_dir(&self) -> PathBuf {
        self.root.path().join("idx")
    }

    /// Writes a file under the corpus, creating folders as needed.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.corpus().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, contents).unwrap();
        path
    }

    /// `newsidx` run inside the workspace, with colour variables cleared.
    pub fn cmd(&self) -> Command {
        let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("newsidx");
        cmd.current_dir(self.root.path())
            .env_remove("NO_COLOR")
            .env_remove("TERM");
        cmd
    }

    /// Indexes `corpus/` into `idx/` and checks it succeeded.
    pub fn index(&self) -> assert_cmd::assert::Assert {
        self.index_run().success()
    }

    /// Indexes `corpus/` into `idx/`, whatever the outcome.
    pub fn index_run(&self) -> assert_cmd::assert::Assert {
        self.index_cmd(&[]).assert()
    }

    /// `newsidx index corpus --index idx ARGS...`, not yet run.
    pub fn index_cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.cmd();
        cmd.args(["index", "corpus", "--index", "idx"]).args(args);
        cmd
    }

    /// Starts `newsidx index corpus --index idx` in the background, committing
    /// after every chunk of files, with stderr discarded.
    pub fn spawn_index(&self) -> std::process::Child {
        std::process::Command::new(assert_cmd::cargo::cargo_bin!("newsidx"))
            .args([
                "index",
                "corpus",
                "--index",
                "idx",
                "--quiet",
                "--commit-every",
                "0",
            ])
            .current_dir(self.root.path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    }

    /// `newsidx query QUERY --index idx ARGS...`, not yet run.
    pub fn query(&self, query: &str, args: &[&str]) -> Command {
        let mut cmd = self.cmd();
        cmd.args(["query", query, "--index", "idx"]).args(args);
        cmd
    }

    /// Runs a JSON query and parses every line strictly.
    pub fn query_json(&self, query: &str, args: &[&str]) -> (Vec<JsonHit>, JsonSummary) {
        let out = self
            .query(query, &[&["--json"], args].concat())
            .output()
            .unwrap();
        assert!(
            out.status.code() == Some(0) || out.status.code() == Some(1),
            "query {query:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        parse_json_lines(&out.stdout)
    }

    /// Paths of the articles that match a query as written (up to 1,000),
    /// in rank order: no page filled with articles that have most words.
    pub fn paths(&self, query: &str, args: &[&str]) -> Vec<String> {
        let (hits, summary) =
            self.query_json(query, &[&["--limit", "1000", "--all-words"], args].concat());
        assert_eq!(summary.total_hits, hits.len(), "more hits than the limit");
        hits.into_iter().map(|h| h.path).collect()
    }

    /// Paths of the hits of a query, sorted, for set comparisons.
    pub fn path_set(&self, query: &str) -> Vec<String> {
        self.path_set_with(query, &[])
    }

    /// The paths of every hit of `query` run with `args`, sorted.
    pub fn path_set_with(&self, query: &str, args: &[&str]) -> Vec<String> {
        let mut paths = self.paths(query, args);
        paths.sort();
        paths
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonHit {
    #[serde(rename = "type")]
    pub kind: String,
    pub rank: usize,
    pub score: f64,
    pub id: String,
    pub path: String,
    pub title: String,
    pub lead: Option<String>,
    pub date: Option<String>,
    pub speakers: Vec<String>,
    /// Absent from the line when unknown.
    pub outlet: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    pub url: Option<String>,
    pub lang: Option<String>,
    pub file: Option<String>,
    pub snippet: String,
    pub highlights: Vec<[usize; 2]>,
    pub title_highlights: Vec<[usize; 2]>,
    pub matched_all: bool,
    /// Only under `--collapse`.
    pub duplicates: Option<usize>,
    /// Only under `--collapse`.
    pub duplicate_paths: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonSummary {
    #[serde(rename = "type")]
    pub kind: String,
    pub query: String,
    pub total_hits: usize,
    pub total_exact: bool,
    pub fill_hits: usize,
    pub suggestions: Vec<String>,
    pub returned: usize,
    /// Only under `--collapse`.
    pub groups: Option<usize>,
    /// Required and a number, which is all a test may say of a timing.
    #[expect(dead_code, reason = "a timing: tests pin its presence and type only")]
    pub elapsed_ms: f64,
}

/// An error is one `error:` line, then at most one `hint:` line.
pub fn assert_one_error(stderr: &[u8], needle: &str) {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("newsidx: error: ") && lines[0].contains(needle),
        "{text}"
    );
    assert!(lines.len() <= 2, "{text}");
    assert!(
        lines[1..].iter().all(|l| l.starts_with("newsidx: hint: ")),
        "{text}"
    );
    assert!(!text.contains("panicked"), "{text}");
}

/// Every line but the last is a hit; the last is the summary.
pub fn parse_json_lines(stdout: &[u8]) -> (Vec<JsonHit>, JsonSummary) {
    let text = std::str::from_utf8(stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (last, hits) = lines.split_last().expect("no JSON output");
    let hits: Vec<JsonHit> = hits
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad hit line {l}: {e}")))
        .collect();
    let summary: JsonSummary =
        serde_json::from_str(last).unwrap_or_else(|e| panic!("bad summary {last}: {e}"));
    for hit in &hits {
        assert_eq!(hit.kind, "hit");
    }
    assert_eq!(summary.kind, "summary");
    assert_eq!(summary.returned, hits.len());
    (hits, summary)
}
