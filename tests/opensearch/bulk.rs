//! Bulk loading into the cluster (`newsidx::opensearch`): the sample
//! corpus in many small batches, every article there once under its path,
//! refused documents named, writes refused with 429 sent again until
//! taken, an index of another schema refused.

use std::collections::BTreeSet;
use std::time::Duration;

use newsidx::article::{parse_file, ParseOptions};
use newsidx::opensearch::{to_json, BulkLoader, Client, OpenSearchError, RetryPolicy, Target};
use newsidx::schema::Fingerprint;
use serde_json::json;

use crate::cluster::{Cluster, URL_VAR};

/// The articles of `sample_corpus/`, as (file, article) pairs.
fn sample_articles() -> Vec<(String, newsidx::article::Article)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_corpus");
    let mut out = Vec::new();
    let mut files: Vec<_> = walkdir::WalkDir::new(&root)
        .into_iter()
        .map(|e| e.expect("sample_corpus reads"))
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    for path in files {
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(&path).unwrap();
        let Ok(records) = parse_file(&rel, &bytes, &ParseOptions::default()) else {
            continue;
        };
        for article in records.into_iter().flatten() {
            out.push((rel.clone(), article));
        }
    }
    out
}

fn client(index: &str) -> Client {
    let url = std::env::var(URL_VAR).expect("set when the cluster is");
    Client::new(&Target::parse(&format!("{url}/{index}")).unwrap(), None)
}

#[test]
fn sample_corpus_loads_in_small_batches_once_each() {
    let Some(cluster) = Cluster::from_env("sample_corpus_loads_in_small_batches_once_each") else {
        return;
    };
    let index = "newsidx-test-bulk";
    cluster.delete_if_exists(index);
    let client = client(index);
    assert!(
        client.ensure_index(index, 3, 1).unwrap(),
        "the index is new"
    );
    assert!(
        !client.ensure_index(index, 3, 1).unwrap(),
        "the second call finds it"
    );

    let articles = sample_articles();
    assert!(articles.len() >= 40, "the sample corpus has its articles");
    // 16 KiB batches: a few articles each, so the load takes many requests.
    let mut loader = BulkLoader::new(&client, index, 16 * 1024);
    let fingerprint = Fingerprint {
        mtime: 1,
        size: 2,
        hash: u64::MAX,
    };
    for (file, article) in &articles {
        loader
            .add(&article.meta.path, &to_json(article, file, fingerprint))
            .unwrap();
    }
    // Sent twice: ids are paths, so the second load replaces, never adds.
    for (file, article) in &articles {
        loader
            .add(&article.meta.path, &to_json(article, file, fingerprint))
            .unwrap();
    }
    let report = loader.finish().unwrap();
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(report.accepted, 2 * articles.len() as u64);
    assert!(
        report.requests > 4,
        "small batches mean many requests: {report:?}"
    );

    let count = client.refresh_and_count(index).unwrap();
    assert_eq!(count, articles.len() as u64);
    let hits = cluster.call(
        "POST",
        &format!("/{index}/_search"),
        Some(&json!({ "size": 1000, "_source": ["path", "title", "file_hash"] }).to_string()),
    );
    let hits = hits["hits"]["hits"].as_array().unwrap();
    let ids: BTreeSet<&str> = hits.iter().map(|h| h["_id"].as_str().unwrap()).collect();
    let paths: BTreeSet<&str> = articles.iter().map(|(_, a)| a.meta.path.as_str()).collect();
    assert_eq!(ids, paths);
    for hit in hits {
        let path = hit["_source"]["path"].as_str().unwrap();
        let (_, article) = articles.iter().find(|(_, a)| a.meta.path == path).unwrap();
        assert_eq!(hit["_source"]["title"], article.meta.title.as_str());
        assert_eq!(
            hit["_source"]["file_hash"],
            u64::MAX,
            "unsigned 64-bit values survive"
        );
    }

    // A word of a title is found through the template's analyzer.
    let (_, first) = &articles[0];
    let word = first.meta.title.split_whitespace().next().unwrap();
    let found = cluster.call(
        "POST",
        &format!("/{index}/_search"),
        Some(&json!({ "query": { "match": { "title": word } }, "size": 100 }).to_string()),
    );
    let found: Vec<&str> = found["hits"]["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["_id"].as_str().unwrap())
        .collect();
    assert!(
        found.contains(&first.meta.path.as_str()),
        "{word:?} finds {found:?}"
    );
    cluster.delete_index(index);
}

#[test]
fn refused_documents_are_named_with_the_reason() {
    let Some(cluster) = Cluster::from_env("refused_documents_are_named_with_the_reason") else {
        return;
    };
    let index = "newsidx-test-refused";
    cluster.delete_if_exists(index);
    let client = client(index);
    client.ensure_index(index, 1, 0).unwrap();
    let mut loader = BulkLoader::new(&client, index, 1024 * 1024);
    loader
        .add("good.txt", &json!({ "path": "good.txt", "title": "fine" }))
        .unwrap();
    loader
        .add(
            "unknown-field.txt",
            &json!({ "path": "unknown-field.txt", "colour": "red" }),
        )
        .unwrap();
    loader
        .add(
            "bad-date.txt",
            &json!({ "path": "bad-date.txt", "date": "yesterday" }),
        )
        .unwrap();
    let report = loader.finish().unwrap();
    assert_eq!(report.accepted, 1);
    let named: Vec<(&str, u16)> = report
        .rejected
        .iter()
        .map(|r| (r.id.as_str(), r.status))
        .collect();
    assert_eq!(named, [("unknown-field.txt", 400), ("bad-date.txt", 400)]);
    assert!(
        report.rejected[0].reason.contains("strict_dynamic_mapping"),
        "{:?}",
        report.rejected
    );
    assert!(
        report.rejected[1].reason.contains("date"),
        "{:?}",
        report.rejected
    );
    assert_eq!(client.refresh_and_count(index).unwrap(), 1);
    cluster.delete_index(index);
}

#[test]
fn an_index_of_another_schema_is_refused() {
    let Some(cluster) = Cluster::from_env("an_index_of_another_schema_is_refused") else {
        return;
    };
    let index = "newsidx-test-foreign";
    cluster.delete_if_exists(index);
    cluster.call("PUT", &format!("/{index}"), Some("{}"));
    let err = client(index).ensure_index(index, 1, 0).unwrap_err();
    assert!(
        matches!(err, OpenSearchError::SchemaMismatch { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("new index name"), "{err}");
    cluster.delete_index(index);
}

/// Writes the cluster refuses for a while, as it does with 429 when a
/// disk passes the flood stage (the block it then puts on the index is
/// set here by hand), are sent again after growing waits, and the load
/// completes once the block is lifted, each document once.
#[test]
fn documents_refused_as_too_many_are_sent_again_until_taken() {
    let Some(cluster) =
        Cluster::from_env("documents_refused_as_too_many_are_sent_again_until_taken")
    else {
        return;
    };
    let index = "newsidx-test-busy";
    cluster.delete_if_exists(index);
    let client = client(index);
    client.ensure_index(index, 1, 0).unwrap();
    let block = |on: bool| {
        let value = if on { json!(true) } else { json!(null) };
        let body = json!({ "index.blocks.read_only_allow_delete": value }).to_string();
        cluster.call("PUT", &format!("/{index}/_settings"), Some(&body));
    };
    block(true);
    let policy = RetryPolicy {
        attempts: 12,
        first_wait: Duration::from_millis(100),
        max_wait: Duration::from_millis(800),
    };
    let report = std::thread::scope(|scope| {
        scope.spawn(|| {
            std::thread::sleep(Duration::from_millis(1500));
            block(false);
        });
        let mut loader = BulkLoader::new(&client, index, 1024 * 1024).with_retry(policy);
        for n in 0..5 {
            let path = format!("busy-{n}.txt");
            loader
                .add(&path, &json!({ "path": path, "title": "busy" }))
                .unwrap();
        }
        loader.finish().unwrap()
    });
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    assert_eq!(report.accepted, 5);
    assert!(
        report.retries >= 2,
        "the block outlasts two waits: {report:?}"
    );
    assert_eq!(client.refresh_and_count(index).unwrap(), 5);
    cluster.delete_index(index);
}
