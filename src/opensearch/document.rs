//! An article as the cluster's JSON document: the fields of
//! `opensearch/template.json`, filled as `NewsSchema::to_document` fills
//! the local index, so both hold the same words in the same places; and
//! a quote record as `NewsSchema::quote_document` fills the local quote
//! index.
//!
//! Document ids are the `id` a local hit carries (`crate::search::id`),
//! so `_id` is that id without a table between them, and a quote record's
//! id is its article's with the quote's number after a `.` (a character
//! the id's alphabet lacks, so the two kinds never meet).

use serde_json::{json, Map, Value};

use crate::article::quotes::Quote;
use crate::article::{fingerprint, Article};
use crate::schema::{self, Fingerprint, SECONDS_PER_DAY};
use crate::search::id::article_id;

/// The `_id` of the article whose identity (path, `path#N` for a JSON
/// Lines record) is `path`: the `id` the local index gives its hit.
pub fn article_doc_id(path: &str) -> String {
    article_id(path)
}

/// The `_id` of quote record `n` (counted from 0) of the article `path`.
pub fn quote_doc_id(path: &str, n: usize) -> String {
    format!("{}.{n}", article_id(path))
}

/// The document of one quote record of `article`, for the quote index:
/// the quote's words in `body` and `text`, its speaker, its paragraph and
/// kind, and the article's file, fingerprint, path and date.
pub fn quote_to_json(
    article: &Article,
    quote: &Quote,
    file: &str,
    fingerprint: Fingerprint,
) -> Value {
    let mut doc = shared_fields(article, file, fingerprint);
    doc.insert("body".into(), json!(quote.text));
    doc.insert("text".into(), json!([quote.text]));
    doc.insert("speakers".into(), json!([quote.speaker]));
    doc.insert("paragraph".into(), json!(quote.paragraph));
    doc.insert(
        schema::QUOTE_KIND_FIELD.into(),
        json!(schema::quote_kind_name(quote.kind)),
    );
    Value::Object(doc)
}

/// What articles and quote records share, as `NewsSchema::new_document`
/// fills it locally.
fn shared_fields(article: &Article, file: &str, fingerprint: Fingerprint) -> Map<String, Value> {
    let meta = &article.meta;
    let mut doc = Map::new();
    doc.insert("path".into(), json!(meta.path));
    // The folder a local facet counts by: the path's first part, none for
    // a file at the top (`search::facets`).
    if let Some((folder, _)) = meta.path.split_once('/') {
        doc.insert("folder".into(), json!(folder));
    }
    doc.insert("file".into(), json!(file));
    doc.insert("file_mtime".into(), json!(fingerprint.mtime));
    doc.insert("file_size".into(), json!(fingerprint.size));
    doc.insert("file_hash".into(), json!(fingerprint.hash));
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
    doc
}

/// The document for `article`, read from the file `file` whose state is
/// `fingerprint`. Its id is the article's path, as locally.
pub fn to_json(article: &Article, file: &str, fingerprint: Fingerprint) -> Value {
    let meta = &article.meta;
    let mut doc = shared_fields(article, file, fingerprint);
    doc.insert("title".into(), json!(meta.title));
    if let Some(lead) = &meta.lead {
        doc.insert("lead".into(), json!(lead));
    }
    doc.insert("body".into(), json!(article.body));
    doc.insert("text".into(), json!(schema::text_values(article)));
    if !meta.speakers.is_empty() {
        doc.insert("speakers".into(), json!(meta.speakers));
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
