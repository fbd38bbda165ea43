//! `newsidx index DIR --opensearch URL/INDEX` against the real cluster:
//! the same articles and ids as a local run of the same folder, the
//! incremental runs after files change, `--full` behind an alias, refused
//! articles named, credentials never shown, and a node killed mid-load.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;
use newsidx::search::id::article_id;
use serde_json::{json, Value};
use tempfile::TempDir;

use crate::cluster::{Cluster, URL_VAR};
use crate::tree::copy_dir;

/// The credential variables the tests set; cleared for every command so
/// the developer's own never leak in.
const CREDENTIAL_VARS: [&str; 3] = [
    "NEWSIDX_OPENSEARCH_USER",
    "NEWSIDX_OPENSEARCH_PASSWORD",
    "NEWSIDX_OPENSEARCH_PASSWORD_FILE",
];

fn newsidx() -> Command {
    let mut cmd = cargo_bin_cmd!("newsidx");
    for var in CREDENTIAL_VARS {
        cmd.env_remove(var);
    }
    cmd
}

fn url() -> String {
    std::env::var(URL_VAR).expect("set when the cluster is")
}

/// A unique index name for `test`, and its cleanup.
struct Names {
    base: String,
    cluster: Cluster,
}

impl Names {
    fn new(cluster: Cluster, test: &str) -> Names {
        let base = format!("newsidx-test-ingest-{test}-{}", std::process::id());
        let names = Names { base, cluster };
        names.delete_all();
        names
    }

    fn target(&self) -> String {
        format!("{}/{}", url(), self.base)
    }

    /// Every index of this test: the name, its side indexes, generations.
    fn indexes(&self) -> Vec<String> {
        let rows = self.cluster.call(
            "GET",
            &format!("/_cat/indices/{}*?format=json&h=index", self.base),
            None,
        );
        let mut names: Vec<String> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["index"].as_str().unwrap().to_string())
            .collect();
        names.sort();
        names
    }

    fn delete_all(&self) {
        for index in self.indexes() {
            self.cluster.delete_if_exists(&index);
        }
    }
}

impl Drop for Names {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.delete_all();
        }
    }
}

/// A corpus folder: the sample corpus, a JSON Lines file, and two files
/// no run indexes (an empty text and an unsupported type).
fn fixture_folder() -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix("newsidx-os-ingest")
        .tempdir()
        .unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("sample_corpus"), dir.path());
    fs::copy(
        root.join("tests/fixtures/json/feed.jsonl"),
        dir.path().join("feed.jsonl"),
    )
    .unwrap();
    fs::write(dir.path().join("empty.txt"), "").unwrap();
    fs::write(dir.path().join("notes.xyz"), "not an article").unwrap();
    dir
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `newsidx index DIR --opensearch TARGET ARGS...`.
fn index_into_cluster(dir: &Path, target: &str, args: &[&str]) -> Output {
    newsidx()
        .arg("index")
        .arg(dir)
        .args([
            "--opensearch",
            target,
            "--opensearch-shards",
            "2",
            "--opensearch-replicas",
            "1",
        ])
        .args(args)
        .output()
        .unwrap()
}

/// The articles of a fresh local index of `dir`, by id: path, title and
/// date as `query --json` gives them.
fn local_articles(dir: &Path) -> BTreeMap<String, Value> {
    let index = tempfile::tempdir().unwrap();
    let out = newsidx()
        .arg("index")
        .arg(dir)
        .arg("--index")
        .arg(index.path())
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(out.status.code().unwrap() <= 3, "{}", stderr(&out));
    let out = newsidx()
        .args(["query", "*", "--limit", "all", "--json", "--index"])
        .arg(index.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap())
        .filter(|hit| hit.get("id").is_some())
        .map(|hit| {
            let id = hit["id"].as_str().unwrap().to_string();
            let fields = json!({ "path": hit["path"], "title": hit["title"], "date": hit["date"] });
            (id, fields)
        })
        .collect()
}

/// Every document of `index` on the cluster, by `_id`, with its source.
fn cluster_documents(cluster: &Cluster, index: &str) -> BTreeMap<String, Value> {
    cluster.call("POST", &format!("/{index}/_refresh"), Some("{}"));
    let mut docs = BTreeMap::new();
    let mut after: Option<Value> = None;
    loop {
        let mut body = json!({ "size": 5000, "sort": [{ "path": "asc" }, { "paragraph": { "order": "asc", "missing": "_first" } }] });
        if let Some(after) = &after {
            body["search_after"] = after.clone();
        }
        let answer = cluster.call(
            "POST",
            &format!("/{index}/_search"),
            Some(&body.to_string()),
        );
        let hits = answer["hits"]["hits"].as_array().unwrap().clone();
        for hit in &hits {
            docs.insert(
                hit["_id"].as_str().unwrap().to_string(),
                hit["_source"].clone(),
            );
        }
        if hits.len() < 5000 {
            return docs;
        }
        after = Some(hits.last().unwrap()["sort"].clone());
    }
}

/// The cluster's articles in the shape `local_articles` gives.
fn cluster_articles(cluster: &Cluster, index: &str) -> BTreeMap<String, Value> {
    cluster_documents(cluster, index)
        .into_iter()
        .map(|(id, source)| {
            let date = source.get("date").cloned().unwrap_or(Value::Null);
            let fields = json!({ "path": source["path"], "title": source["title"], "date": date });
            (id, fields)
        })
        .collect()
}

/// The skip notices of a run (lines naming a file), in order.
fn skip_notices(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("newsidx: skipped "))
        .collect()
}

fn count(cluster: &Cluster, index: &str) -> u64 {
    cluster.call("POST", &format!("/{index}/_refresh"), Some("{}"));
    cluster.call("GET", &format!("/{index}/_count"), None)["count"]
        .as_u64()
        .unwrap()
}

/// Quote records `newsidx parse` finds in `dir`'s articles.
fn parsed_quotes(dir: &Path) -> u64 {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    let out = newsidx().arg("parse").args(&files).output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .map(|article| article["quotes"].as_array().map_or(0, |q| q.len() as u64))
        .sum()
}

#[test]
fn cluster_run_holds_what_a_local_run_indexes_under_the_same_ids() {
    let Some(cluster) =
        Cluster::from_env("cluster_run_holds_what_a_local_run_indexes_under_the_same_ids")
    else {
        return;
    };
    let names = Names::new(cluster, "same");
    let folder = fixture_folder();
    let out = index_into_cluster(folder.path(), &names.target(), &[]);
    let err = stderr(&out);
    // The empty file is skipped and named, as locally: exit 3.
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(out.stdout.is_empty());

    let local = local_articles(folder.path());
    let remote = cluster_articles(&names.cluster, &names.base);
    assert!(
        local.len() >= 50,
        "the sample corpus and the feed: {}",
        local.len()
    );
    assert_eq!(remote, local, "same ids, paths, titles and dates");
    for id in local.keys() {
        let path = newsidx::search::id::identity_of(id).unwrap();
        assert_eq!(*id, article_id(&path));
    }
    assert!(
        err.contains(&format!("holds {} articles", local.len())),
        "the final line gives the cluster's count: {err}"
    );
    assert!(err.contains("created newsidx-test-ingest-same-"), "{err}");

    // The same skip notices as a local run of the folder.
    let index = tempfile::tempdir().unwrap();
    let local_out = newsidx()
        .arg("index")
        .arg(folder.path())
        .arg("--index")
        .arg(index.path())
        .output()
        .unwrap();
    assert_eq!(skip_notices(&err), skip_notices(&stderr(&local_out)));
    // The empty file, the unsupported one, and the feed's bad line.
    assert_eq!(skip_notices(&err).len(), 3, "{err}");

    // Quote records: every one `newsidx parse` finds, each once.
    let quotes = count(&names.cluster, &format!("{}-quotes", names.base));
    assert_eq!(quotes, parsed_quotes(folder.path()));
    assert!(quotes > 20, "{quotes}");

    // Fingerprints: one per file read, the empty file's with its reason.
    let files = cluster_documents_by_file(&names.cluster, &format!("{}-files", names.base));
    assert_eq!(files["empty.txt"]["articles"], 0);
    assert!(!files["empty.txt"]["reasons"].as_array().unwrap().is_empty());
    assert_eq!(files["feed.jsonl"]["articles"], 5);

    // Nothing changed: nothing sent, the same count, and the unchanged
    // empty file named again.
    let again = index_into_cluster(folder.path(), &names.target(), &[]);
    let err = stderr(&again);
    assert_eq!(again.status.code(), Some(3), "{err}");
    assert!(
        err.contains("nothing changed in the folder; nothing sent"),
        "{err}"
    );
    assert!(err.contains("0 added, 0 updated, 0 removed"), "{err}");
    assert!(err.contains("(unchanged since the last run)"), "{err}");
    assert_eq!(cluster_articles(&names.cluster, &names.base), local);
}

fn cluster_documents_by_file(cluster: &Cluster, index: &str) -> BTreeMap<String, Value> {
    cluster.call("POST", &format!("/{index}/_refresh"), Some("{}"));
    let answer = cluster.call(
        "POST",
        &format!("/{index}/_search"),
        Some(&json!({ "size": 10000 }).to_string()),
    );
    answer["hits"]["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["_source"]["file"].as_str().unwrap().to_string(),
                h["_source"].clone(),
            )
        })
        .collect()
}

#[test]
fn a_second_run_sends_what_changed_and_deletes_what_vanished() {
    let Some(cluster) =
        Cluster::from_env("a_second_run_sends_what_changed_and_deletes_what_vanished")
    else {
        return;
    };
    let names = Names::new(cluster, "incr");
    let folder = fixture_folder();
    let dir = folder.path();
    let first = index_into_cluster(dir, &names.target(), &["--quiet"]);
    assert_eq!(first.status.code(), Some(3), "{}", stderr(&first));

    let txt: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt") && fs::metadata(p).unwrap().len() > 0)
        .collect();
    // Touched only: the same content, a new time.
    let touched = &txt[0];
    let content = fs::read(touched).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(touched, &content).unwrap();
    // Changed: a new title.
    let changed = &txt[1];
    let text = fs::read_to_string(changed).unwrap();
    fs::write(changed, text.replacen('\n', " (updated)\n", 1)).unwrap();
    // Gone.
    fs::remove_file(&txt[2]).unwrap();
    // New.
    fs::write(
        dir.join("2024-12-31-new-year.txt"),
        "Fireworks light the harbour at midnight\nCrowds gathered along the quay.\n31 December 2024 23:59\nThousands watched the display.\n",
    )
    .unwrap();
    // A JSON Lines file that lost its first record and changed another.
    let feed = fs::read_to_string(dir.join("feed.jsonl")).unwrap();
    let mut lines: Vec<String> = feed.lines().skip(1).map(str::to_string).collect();
    lines[0] = lines[0].replacen("Water main", "Water pipe", 1);
    fs::write(dir.join("feed.jsonl"), lines.join("\n") + "\n").unwrap();

    let second = index_into_cluster(dir, &names.target(), &[]);
    let err = stderr(&second);
    assert_eq!(second.status.code(), Some(3), "{err}");
    assert!(
        err.contains("files: 1 added, 2 updated, 1 removed"),
        "{err}"
    );

    let local = local_articles(dir);
    let remote = cluster_articles(&names.cluster, &names.base);
    assert_eq!(
        remote, local,
        "the cluster equals a fresh local index of the folder"
    );
    let quotes = count(&names.cluster, &format!("{}-quotes", names.base));
    assert_eq!(
        quotes,
        parsed_quotes(dir),
        "quote records of vanished records gone"
    );
    let files = cluster_documents_by_file(&names.cluster, &format!("{}-files", names.base));
    let rel = txt[2]
        .strip_prefix(dir)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        !files.contains_key(&rel),
        "the gone file's fingerprint is deleted"
    );
    assert_eq!(files["feed.jsonl"]["articles"], 4);

    // A file whose documents were changed behind newsidx's back (as a
    // killed run leaves them: documents without their fingerprint, and no
    // marker of a finished run) is read again by the next run.
    let id = article_id("2024-12-31-new-year.txt");
    names.cluster.call(
        "POST",
        &format!("/{}/_update/{id}?refresh=true", names.base),
        Some(&json!({ "doc": { "title": "stale", "file_hash": 1 } }).to_string()),
    );
    set_files_meta(&names, None);
    let third = index_into_cluster(dir, &names.target(), &[]);
    let err = stderr(&third);
    assert!(
        err.contains("1 file(s) held documents their fingerprint did not describe"),
        "{err}"
    );
    assert_eq!(cluster_articles(&names.cluster, &names.base), local);
}

/// The marker of the last run's clean finish in the `_meta` of
/// `INDEX-files`, if any.
fn last_run(names: &Names) -> Option<Value> {
    let mapping = names
        .cluster
        .call("GET", &format!("/{}-files/_mapping", names.base), None);
    let marker = &mapping.as_object().unwrap().values().next().unwrap()["mappings"]["_meta"]
        ["newsidx_last_run"];
    (!marker.is_null()).then(|| marker.clone())
}

/// Sets the `_meta` of `INDEX-files` as newsidx writes it, with `marker`.
fn set_files_meta(names: &Names, marker: Option<&Value>) {
    let files = format!("{}-files", names.base);
    let mapping = names
        .cluster
        .call("GET", &format!("/{files}/_mapping"), None);
    let mut meta =
        mapping.as_object().unwrap().values().next().unwrap()["mappings"]["_meta"].clone();
    match marker {
        Some(marker) => meta["newsidx_last_run"] = marker.clone(),
        None => {
            meta.as_object_mut().unwrap().remove("newsidx_last_run");
        }
    }
    names.cluster.call(
        "PUT",
        &format!("/{files}/_mapping"),
        Some(&json!({ "_meta": meta }).to_string()),
    );
}

/// Articles of `file` in the cluster's article index.
fn articles_of(names: &Names, file: &str) -> u64 {
    names
        .cluster
        .call("POST", &format!("/{}/_refresh", names.base), Some("{}"));
    let body = json!({ "query": { "term": { "file": file } } });
    names.cluster.call(
        "POST",
        &format!("/{}/_count", names.base),
        Some(&body.to_string()),
    )["count"]
        .as_u64()
        .unwrap()
}

/// A run that finished leaves its marker, and the next run trusts it; a
/// run stopped midway (here: its fingerprints refused by a write block on
/// `INDEX-files`, after its articles landed) leaves none, so the run
/// after it compares documents with fingerprints and removes what the
/// stopped run left of a file that is gone since.
#[test]
fn a_run_stopped_midway_leaves_no_marker_and_the_next_checks_everything() {
    let Some(cluster) =
        Cluster::from_env("a_run_stopped_midway_leaves_no_marker_and_the_next_checks_everything")
    else {
        return;
    };
    let names = Names::new(cluster, "marker");
    let folder = fixture_folder();
    let dir = folder.path();
    let first = index_into_cluster(dir, &names.target(), &["--quiet"]);
    assert_eq!(first.status.code(), Some(3), "{}", stderr(&first));
    let marker = last_run(&names).expect("a finished run leaves its marker");
    let files = cluster_documents_by_file(&names.cluster, &format!("{}-files", names.base));
    assert_eq!(marker["files"], files.len() as u64, "{marker}");

    // The marker is trusted: documents changed behind newsidx's back
    // under it are not looked for (the cost of skipping the comparison).
    let unchanged = index_into_cluster(dir, &names.target(), &[]);
    let err = stderr(&unchanged);
    assert_eq!(unchanged.status.code(), Some(3), "{err}");
    assert!(err.contains("nothing changed"), "{err}");
    assert!(!err.contains("did not describe"), "{err}");
    assert!(last_run(&names).is_some());

    // Stopped midway: the new file's article lands, its fingerprint is
    // refused.
    fs::write(
        dir.join("late.txt"),
        "A late story\nIts lead.\n5 December 2024 10:00\nIts body.\n",
    )
    .unwrap();
    let block = |on: bool| {
        names.cluster.call(
            "PUT",
            &format!("/{}-files/_settings", names.base),
            Some(&json!({ "index.blocks.write": on }).to_string()),
        );
    };
    block(true);
    let stopped = index_into_cluster(dir, &names.target(), &[]);
    block(false);
    assert_eq!(stopped.status.code(), Some(2), "{}", stderr(&stopped));
    assert_eq!(articles_of(&names, "late.txt"), 1, "the article landed");
    assert!(
        last_run(&names).is_none(),
        "the stopped run took the marker away before sending"
    );

    // The file is gone before the next run: only the comparison finds
    // its article, which no fingerprint describes.
    fs::remove_file(dir.join("late.txt")).unwrap();
    let next = index_into_cluster(dir, &names.target(), &[]);
    let err = stderr(&next);
    assert_eq!(next.status.code(), Some(3), "{err}");
    assert!(
        err.contains("1 file(s) held documents their fingerprint did not describe"),
        "{err}"
    );
    assert_eq!(articles_of(&names, "late.txt"), 0);
    assert_eq!(
        cluster_articles(&names.cluster, &names.base),
        local_articles(dir)
    );
    assert!(last_run(&names).is_some(), "finished, so marked again");

    // A marker that does not describe the fingerprints (one edited by
    // hand, or left over) is not trusted.
    let mut wrong = last_run(&names).unwrap();
    wrong["files"] = json!(1);
    set_files_meta(&names, Some(&wrong));
    let id = article_id("2024-12-31-sample.txt");
    names.cluster.call(
        "POST",
        &format!("/{}/_doc/{id}?refresh=true", names.base),
        Some(
            &json!({ "path": "2024-12-31-sample.txt", "file": "2024-12-31-sample.txt",
                     "file_hash": 7, "title": "left by hand" })
            .to_string(),
        ),
    );
    let distrusted = index_into_cluster(dir, &names.target(), &[]);
    let err = stderr(&distrusted);
    assert_eq!(distrusted.status.code(), Some(3), "{err}");
    assert!(
        err.contains("1 file(s) held documents their fingerprint did not describe"),
        "{err}"
    );
    assert_eq!(articles_of(&names, "2024-12-31-sample.txt"), 0);
}

#[test]
fn full_builds_a_new_index_and_moves_the_alias() {
    let Some(cluster) = Cluster::from_env("full_builds_a_new_index_and_moves_the_alias") else {
        return;
    };
    let names = Names::new(cluster, "full");
    let folder = fixture_folder();
    // A concrete index of that name, as an older tool would leave it.
    names.cluster.create_index(&names.base);
    let out = index_into_cluster(folder.path(), &names.target(), &["--full"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains(&format!("the alias {} now points at", names.base)),
        "{err}"
    );
    let first = alias_target(&names.cluster, &names.base);
    assert!(first.starts_with(&format!("{}-", names.base)), "{first}");
    assert_eq!(names.indexes().len(), 3, "{:?}", names.indexes());

    // A generation a killed --full left behind, with no alias on it.
    let leftover = format!("{}-20000101000000000", names.base);
    names.cluster.create_index(&leftover);
    let out = index_into_cluster(folder.path(), &names.target(), &["--full"]);
    let err = stderr(&out);
    assert!(err.contains(&format!("deleted {leftover}")), "{err}");
    let second = alias_target(&names.cluster, &names.base);
    assert_ne!(first, second);
    assert_eq!(
        names.indexes(),
        [
            second.clone(),
            format!("{second}-files"),
            format!("{second}-quotes")
        ],
        "the old generation is gone"
    );
    for side in ["quotes", "files"] {
        assert_eq!(
            alias_target(&names.cluster, &format!("{}-{side}", names.base)),
            format!("{second}-{side}")
        );
    }
    let local = local_articles(folder.path());
    assert_eq!(cluster_articles(&names.cluster, &names.base), local);
    // An incremental run after it continues on the aliases.
    let out = index_into_cluster(folder.path(), &names.target(), &[]);
    assert!(stderr(&out).contains("nothing sent"), "{}", stderr(&out));
}

/// An index loaded under other extraction rules (a newsidx that
/// recorded none is version 1) is not added to: unchanged files would
/// keep the old rules' speakers beside the new ones. `--full` reloads it.
#[test]
fn an_index_of_other_rules_is_not_added_to() {
    let Some(cluster) = Cluster::from_env("an_index_of_other_rules_is_not_added_to") else {
        return;
    };
    let names = Names::new(cluster, "rules");
    let folder = fixture_folder();
    let out = index_into_cluster(folder.path(), &names.target(), &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    // The fingerprints as an older newsidx wrote them: no rules version.
    let files = format!("{}-files", names.base);
    let mapping = names
        .cluster
        .call("GET", &format!("/{files}/_mapping"), None);
    let mut meta =
        mapping.as_object().unwrap().values().next().unwrap()["mappings"]["_meta"].clone();
    assert_eq!(
        meta["newsidx_extraction_version"],
        json!(newsidx::state::EXTRACTION_VERSION)
    );
    meta.as_object_mut()
        .unwrap()
        .remove("newsidx_extraction_version");
    names.cluster.call(
        "PUT",
        &format!("/{files}/_mapping"),
        Some(&json!({ "_meta": meta }).to_string()),
    );
    let refused = index_into_cluster(folder.path(), &names.target(), &[]);
    let err = stderr(&refused);
    assert_eq!(refused.status.code(), Some(2), "{err}");
    assert!(err.contains("extraction rules version 1"), "{err}");
    assert!(err.contains("--full"), "{err}");
    let full = index_into_cluster(folder.path(), &names.target(), &["--full"]);
    assert_eq!(full.status.code(), Some(3), "{}", stderr(&full));
    let again = index_into_cluster(folder.path(), &names.target(), &[]);
    assert!(
        stderr(&again).contains("nothing sent"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        cluster_articles(&names.cluster, &names.base),
        local_articles(folder.path())
    );
}

fn alias_target(cluster: &Cluster, alias: &str) -> String {
    let answer = cluster.call("GET", &format!("/_alias/{alias}"), None);
    let keys: Vec<&String> = answer.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 1, "{answer}");
    keys[0].clone()
}

#[test]
fn refused_articles_are_named_and_the_rest_load() {
    let Some(cluster) = Cluster::from_env("refused_articles_are_named_and_the_rest_load") else {
        return;
    };
    let names = Names::new(cluster, "refused");
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, title: &str| {
        fs::write(
            dir.path().join(name),
            format!("{title}\nA lead line.\n4 December 2024 16:16\nThe body of the story.\n"),
        )
        .unwrap();
    };
    write("fine.txt", "A story that loads");
    // A path whose id is longer than the cluster takes.
    let deep = dir.path().join("d".repeat(200)).join("e".repeat(200));
    fs::create_dir_all(&deep).unwrap();
    fs::write(
        deep.join("long.txt"),
        "A story too deep\nA lead.\n4 December 2024 16:16\nThe body.\n",
    )
    .unwrap();
    // A record the cluster itself refuses, alone: its index was made by
    // hand with `lang` as a number, so a record with a language fails.
    fs::write(
        dir.path().join("feed.jsonl"),
        format!(
            "{}\n{}\n",
            json!({ "title": "A record that loads", "body": "Its words are fine." }),
            json!({ "title": "A record in English", "language": "en", "body": "Its words are fine." })
        ),
    )
    .unwrap();
    let mut template: Value = serde_json::from_str(crate::cluster::TEMPLATE).unwrap();
    template["mappings"]["properties"]["lang"] = json!({ "type": "integer" });
    template["settings"]["index"]["number_of_replicas"] = 0.into();
    names.cluster.call(
        "PUT",
        &format!("/{}", names.base),
        Some(&template.to_string()),
    );
    let out = index_into_cluster(dir.path(), &names.target(), &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    let refused: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("refused by the index"))
        .collect();
    assert_eq!(refused.len(), 2, "{err}");
    assert!(
        refused
            .iter()
            .any(|l| l.contains("long.txt") && l.contains("512 bytes")),
        "{err}"
    );
    assert!(
        refused
            .iter()
            .any(|l| l.contains("feed.jsonl#2") && l.contains("mapper_parsing_exception")),
        "{err}"
    );
    let ids: BTreeSet<String> = cluster_documents(&names.cluster, &names.base)
        .into_keys()
        .collect();
    let expected: BTreeSet<String> = ["fine.txt", "feed.jsonl#1"]
        .iter()
        .map(|p| article_id(p))
        .collect();
    assert_eq!(ids, expected);
    assert!(err.contains("holds 2 articles"), "{err}");
}

#[test]
fn the_password_appears_in_no_output() {
    let Some(cluster) = Cluster::from_env("the_password_appears_in_no_output") else {
        return;
    };
    let names = Names::new(cluster, "secret");
    let folder = tempfile::tempdir().unwrap();
    fs::write(
        folder.path().join("a.txt"),
        "A short story\nIts lead.\n4 December 2024 16:16\nIts body.\n",
    )
    .unwrap();
    let password = "pw-7f3a9c-do-not-show";
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let secrets = tempfile::tempdir().unwrap();
    let password_file = secrets.path().join("secret");
    fs::write(&password_file, format!("{password}\n")).unwrap();
    for (target, file) in [
        (format!("http://127.0.0.1:{closed}/{}", names.base), false),
        (names.target(), false),
        (names.target(), true),
    ] {
        let mut cmd = newsidx();
        cmd.env("NEWSIDX_OPENSEARCH_USER", "indexer");
        if file {
            cmd.env("NEWSIDX_OPENSEARCH_PASSWORD_FILE", &password_file);
        } else {
            cmd.env("NEWSIDX_OPENSEARCH_PASSWORD", password);
        }
        let out = cmd
            .arg("index")
            .arg(folder.path())
            .args(["--opensearch", &target, "--opensearch-replicas", "0"])
            .output()
            .unwrap();
        let (stdout, err) = (String::from_utf8_lossy(&out.stdout), stderr(&out));
        assert!(
            !stdout.contains(password) && !err.contains(password),
            "{stdout}{err}"
        );
        if target.contains(&closed.to_string()) {
            assert_eq!(out.status.code(), Some(2), "{err}");
            assert!(
                err.contains(&format!("127.0.0.1:{closed}")),
                "the node is named: {err}"
            );
        } else {
            assert!(out.status.success(), "{err}");
        }
    }
}

/// SIGKILL node 2 while Reuters loads through node 1, then bring it back:
/// the load completes, and the cluster holds each article once.
/// It stops a node of the shared cluster, so it runs only when
/// `NEWSIDX_OPENSEARCH_FAULTS` is set, alone (`.ci/run` does so after the
/// rest of the suite).
#[test]
fn fault_node_killed_during_a_load_loses_and_doubles_nothing() {
    let Some(cluster) =
        Cluster::from_env("fault_node_killed_during_a_load_loses_and_doubles_nothing")
    else {
        return;
    };
    if std::env::var("NEWSIDX_OPENSEARCH_FAULTS").is_err() {
        eprintln!(
            "skipped fault_node_killed_during_a_load_loses_and_doubles_nothing: it kills a node \
             of the cluster, so it runs alone, with NEWSIDX_OPENSEARCH_FAULTS=1 (as .ci/run does)"
        );
        return;
    }
    let archive = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/reuters21578/reuters-txt.tar.gz");
    if !archive.is_file() {
        assert!(
            std::env::var("CI").is_err(),
            "{} is missing",
            archive.display()
        );
        eprintln!("skipped the fault test: {} is absent", archive.display());
        return;
    }
    let names = Names::new(cluster, "fault");
    let folder = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("tar")
        .arg("xzf")
        .arg(&archive)
        .arg("-C")
        .arg(folder.path())
        .status()
        .unwrap();
    assert!(status.success());
    let dir = folder.path().join("reuters21578");
    let files: Vec<String> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();

    let base = url();
    let port: u16 = base.rsplit(':').next().unwrap().parse().unwrap();
    let node = |n: u16| format!("http://127.0.0.1:{}", port + n - 1);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/opensearch-cluster.sh");
    let load = std::process::Command::new(assert_cmd::cargo::cargo_bin!("newsidx"))
        .arg("index")
        .arg(&dir)
        .args(["--opensearch", &names.target(), "--quiet"])
        .args(["--opensearch-node", &node(2), "--opensearch-node", &node(3)])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Kill node 2 once documents are arriving.
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(120) {
        if count_so_far(&names.base) > 500 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    let killed = std::process::Command::new(&script)
        .args(["kill", "2"])
        .status()
        .unwrap();
    assert!(killed.success());
    std::thread::sleep(std::time::Duration::from_secs(5));
    let restarted = std::process::Command::new(&script)
        .args(["restart", "2"])
        .status()
        .unwrap();
    assert!(restarted.success());
    let out = load.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");

    let ids: Vec<String> = cluster_documents(&names.cluster, &names.base)
        .into_keys()
        .collect();
    let expected: BTreeSet<String> = files.iter().map(|f| article_id(f)).collect();
    let held: BTreeSet<String> = ids.iter().cloned().collect();
    assert_eq!(ids.len(), held.len(), "no id twice");
    assert_eq!(count(&names.cluster, &names.base), expected.len() as u64);
    assert_eq!(checksum(&held), checksum(&expected), "nothing lost");
    assert_eq!(held, expected);
}

/// Documents `index` counts, or 0 while it does not exist yet.
fn count_so_far(index: &str) -> u64 {
    let answer = ureq::get(format!("{}/{index}/_count", url())).call();
    answer
        .ok()
        .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
        .and_then(|v| v["count"].as_u64())
        .unwrap_or(0)
}

/// An order-free checksum of a set of ids.
fn checksum(ids: &BTreeSet<String>) -> u64 {
    ids.iter().fold(0u64, |sum, id| {
        sum.wrapping_add(xxhash_rust::xxh3::xxh3_64(id.as_bytes()))
    })
}
