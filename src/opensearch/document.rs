//! An article as the cluster's JSON document: the fields of
//! `opensearch/template.json`, filled as `NewsSchema::to_document` fills
//! the local index, so both hold the same words in the same places.

use serde_json::{json, Map, Value};

use crate::article::{fingerprint, Article};
use crate::schema::{self, Fingerprint, SECONDS_PER_DAY};

/// The document for `article`, read from the file `file` whose state is
/// `fingerprint`. Its id is the article's path, as locally.
pub fn to_json(article: &Article, file: &str, fingerprint: Fingerprint) -> Value {
    let meta = &article.meta;
    let mut doc = Map::new();
    doc.insert("path".into(), json!(meta.path));
    doc.insert("file".into(), json!(file));
    doc.insert("file_mtime".into(), json!(fingerprint.mtime));
    doc.insert("file_size".into(), json!(fingerprint.size));
    doc.insert("file_hash".into(), json!(fingerprint.hash));
    doc.insert("title".into(), json!(meta.title));
    if let Some(lead) = &meta.lead {
        doc.insert("lead".into(), json!(lead));
    }
    doc.insert("body".into(), json!(article.body));
    doc.insert("text".into(), json!(schema::text_values(article)));
    if !meta.speakers.is_empty() {
        doc.insert("speakers".into(), json!(meta.speakers));
    }
    if let Some(date) = meta.date {
        doc.insert(
            "date".into(),
            json!(date.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        );
        doc.insert(
            "day".into(),
            json!(date.timestamp().div_euclid(SECONDS_PER_DAY)),
        );
        doc.insert("date_has_time".into(), json!(meta.date_has_time));
    }
    if let Some(outlet) = &meta.outlet {
        doc.insert("outlet".into(), json!(outlet));
    }
    if !meta.authors.is_empty() {
        doc.insert("authors".into(), json!(meta.authors));
    }
    if let Some(url) = &meta.url {
        doc.insert("url".into(), json!(url));
    }
    if let Some(lang) = &meta.lang {
        doc.insert("lang".into(), json!(lang));
    }
    let keys = fingerprint::band_keys(&article.body);
    if !keys.is_empty() {
        doc.insert("dup_keys".into(), json!(keys));
    }
    Value::Object(doc)
}
