//! What an index knows about the corpus it was built from.
//!
//! Two things, kept in two places on purpose:
//!
//! - Per-file fingerprints (mtime, size, content hash) live in fast fields
//!   of the documents themselves. They are committed atomically with the
//!   articles, so after a crash at any moment the index and its idea of
//!   which files it holds can never disagree; an incremental run reads them
//!   back column by column, without touching stored documents.
//! - Index-wide settings (corpus root, schema version, extraction settings)
//!   live in `newsidx.json` beside tantivy's files. They change rarely and
//!   are written atomically (temporary file, then rename).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};
use tantivy::Searcher;

use crate::error::IndexError;
use crate::schema::{Fingerprint, NewsSchema, SCHEMA_VERSION};

/// The settings file inside an index folder.
pub const SETTINGS_FILE: &str = "newsidx.json";

/// Changes whenever extraction would give different fields for the same
/// file; an index built by another version is rebuilt with `--full`.
pub const EXTRACTION_VERSION: u32 = 9;

/// Index-wide facts recorded at creation and checked on every run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexSettings {
    /// Version of the schema the index was built with.
    pub schema_version: u32,
    /// Version of the extraction rules.
    pub extraction_version: u32,
    /// Absolute path of the corpus root.
    pub corpus_root: PathBuf,
    /// IANA zone given to dates without one, if any.
    pub timezone: Option<String>,
}

impl IndexSettings {
    /// The settings this run would record.
    pub fn current(corpus_root: PathBuf, timezone: Option<String>) -> IndexSettings {
        IndexSettings {
            schema_version: SCHEMA_VERSION,
            extraction_version: EXTRACTION_VERSION,
            corpus_root,
            timezone,
        }
    }

    /// Reads the settings of the index at `dir`, if it has any.
    pub fn load(dir: &Path) -> anyhow::Result<Option<IndexSettings>> {
        let path = dir.join(SETTINGS_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err).with_context(|| format!("cannot read {}", path.display())),
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .with_context(|| format!("{} is damaged", path.display()))
    }

    /// Writes the settings so that a crash leaves the old or the new file,
    /// never half of one.
    pub fn save(&self, dir: &Path) -> anyhow::Result<()> {
        let mut json = serde_json::to_vec_pretty(self)?;
        json.push(b'\n');
        write_atomically(&dir.join(SETTINGS_FILE), &json)
    }
}

/// Writes `bytes` to `path` through a temporary file beside it and a
/// rename, so that a reader sees the old file or the new one, never half.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}

/// Refuses to mix corpora or extraction settings in one index. A recorded
/// root that no longer exists means the corpus was moved, which is fine:
/// identities are relative to the root.
pub fn check_settings(index: &Path, now: &IndexSettings) -> anyhow::Result<()> {
    let Some(recorded) = IndexSettings::load(index)? else {
        return Err(IndexError::Outdated {
            path: index.to_path_buf(),
            what: "an older newsidx that kept no settings".to_string(),
        }
        .into());
    };
    if recorded.schema_version != now.schema_version {
        return Err(IndexError::SchemaMismatch {
            path: index.to_path_buf(),
        }
        .into());
    }
    if recorded.extraction_version != now.extraction_version {
        return Err(IndexError::Outdated {
            path: index.to_path_buf(),
            what: format!(
                "extraction rules version {} (this newsidx has {})",
                recorded.extraction_version, now.extraction_version
            ),
        }
        .into());
    }
    if recorded.timezone != now.timezone {
        let show = |tz: &Option<String>| tz.clone().unwrap_or_else(|| "UTC".to_string());
        return Err(IndexError::Outdated {
            path: index.to_path_buf(),
            what: format!(
                "--timezone {} (now {})",
                show(&recorded.timezone),
                show(&now.timezone)
            ),
        }
        .into());
    }
    if recorded.corpus_root != now.corpus_root && recorded.corpus_root.exists() {
        return Err(IndexError::OtherCorpus {
            path: index.to_path_buf(),
            recorded: recorded.corpus_root,
            given: now.corpus_root.clone(),
        }
        .into());
    }
    Ok(())
}

/// The fingerprint of every source file the index holds, by relative path.
///
/// Every document has a file and a fingerprint; a segment or document
/// without them is an error, never skipped: skipping would make files look
/// new, and the run would add their articles a second time.
pub fn file_fingerprints(
    searcher: &Searcher,
    schema: &NewsSchema,
) -> tantivy::Result<HashMap<String, Fingerprint>> {
    let mut files = HashMap::new();
    for segment in searcher.segment_readers() {
        let file_column = schema.file_column(segment)?;
        // One pass over the dictionary, in ordinal order: looking names up
        // one document at a time decompresses a dictionary block per call.
        let mut names: Vec<Option<String>> = Vec::with_capacity(file_column.num_terms());
        let mut stream = file_column.dictionary().stream()?;
        while stream.advance() {
            names.push(Some(String::from_utf8_lossy(stream.key()).into_owned()));
        }
        let [mtime, size, hash] = schema.fingerprint_columns(segment)?;
        let alive = segment.alive_bitset();
        for doc in 0..segment.max_doc() {
            if alive.is_some_and(|bits| bits.is_deleted(doc)) {
                continue;
            }
            let ord = file_column
                .term_ords(doc)
                .next()
                .ok_or_else(|| incomplete(doc, "no source file"))?;
            let name = usize::try_from(ord)
                .ok()
                .and_then(|o| names.get_mut(o))
                .ok_or_else(|| incomplete(doc, "a source file outside the dictionary"))?;
            // Each file's documents share one fingerprint: the first serves.
            let Some(name) = name.take() else {
                continue;
            };
            let (Some(mtime), Some(size), Some(hash)) =
                (mtime.first(doc), size.first(doc), hash.first(doc))
            else {
                return Err(incomplete(doc, "no fingerprint"));
            };
            files.insert(name, Fingerprint { mtime, size, hash });
        }
    }
    Ok(files)
}

fn incomplete(doc: u32, what: &str) -> tantivy::TantivyError {
    tantivy::TantivyError::InternalError(format!("document {doc} has {what}"))
}

#[cfg(test)]
mod tests {
    use tantivy::schema::{Schema, FAST, STRING};
    use tantivy::{doc, Index, IndexWriter};

    use super::*;
    use crate::schema::{FILE_FIELD, FILE_MTIME_FIELD, FILE_SIZE_FIELD};

    fn searcher_of(index: &Index) -> Searcher {
        index.reader().unwrap().searcher()
    }

    #[test]
    fn a_missing_fingerprint_column_is_an_error_not_an_empty_index() {
        // An index whose documents have a file but no hash column.
        let mut builder = Schema::builder();
        let file = builder.add_text_field(FILE_FIELD, STRING | FAST);
        let mtime = builder.add_u64_field(FILE_MTIME_FIELD, FAST);
        let size = builder.add_u64_field(FILE_SIZE_FIELD, FAST);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        writer
            .add_document(doc!(file => "a.txt", mtime => 1u64, size => 2u64))
            .unwrap();
        writer.commit().unwrap();
        let err = file_fingerprints(&searcher_of(&index), &NewsSchema::new()).unwrap_err();
        assert!(err.to_string().contains("file_hash"), "{err}");
    }

    #[test]
    fn a_document_without_a_fingerprint_is_an_error() {
        let schema = NewsSchema::new();
        let index = Index::create_in_ram(schema.schema.clone());
        NewsSchema::register_tokenizers(&index);
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        writer.add_document(doc!(schema.file => "a.txt")).unwrap();
        writer.commit().unwrap();
        let err = file_fingerprints(&searcher_of(&index), &schema).unwrap_err();
        assert!(err.to_string().contains("no fingerprint"), "{err}");
    }

    #[test]
    fn every_file_is_listed_once_with_its_fingerprint() {
        let schema = NewsSchema::new();
        let index = Index::create_in_ram(schema.schema.clone());
        NewsSchema::register_tokenizers(&index);
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        for (file, hash) in [("a.jsonl", 7u64), ("a.jsonl", 7), ("b.txt", 9)] {
            writer
                .add_document(doc!(
                    schema.file => file,
                    schema.file_mtime => 1u64,
                    schema.file_size => 2u64,
                    schema.file_hash => hash,
                ))
                .unwrap();
        }
        writer.commit().unwrap();
        let files = file_fingerprints(&searcher_of(&index), &schema).unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(files["a.jsonl"].hash, 7);
        assert_eq!(files["b.txt"].hash, 9);
    }
}
