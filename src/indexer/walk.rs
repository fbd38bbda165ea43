//! The walk over the corpus folder, on a thread of its own.
//!
//! It streams what it finds in batches, so a large tree's directory reads
//! and `stat` calls overlap with parsing and no list of every file is ever
//! held. Hidden entries and the index folder itself are passed over.

use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;

use walkdir::WalkDir;

use super::{Candidate, SkipReason, Skipped};
use crate::article::Format;
use crate::config::IndexConfig;

/// Entries the walker sends at a time.
pub(super) const WALK_BATCH: usize = 256;

/// What the walk found: a file to consider, or one it cannot index.
pub(super) enum Found {
    File(Candidate),
    Skipped(Skipped),
}

/// Walks the corpus root, sending in batches the files that may hold
/// articles and the entries it must skip; returns how many hidden entries
/// it passed over. Ends early if the receiver is gone.
pub(super) fn walk(config: &IndexConfig, found: SyncSender<Vec<Found>>) -> usize {
    let root = config.dir.as_path();
    // An index folder inside the corpus holds tantivy's own files; walking
    // into it would report each of them as an unsupported file.
    let index_dir = config.index.canonicalize().ok();
    let mut hidden = 0;
    let mut batch = Vec::with_capacity(WALK_BATCH);
    let skip = |path: PathBuf, reason: SkipReason| Found::Skipped(Skipped { path, reason });
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.') {
                hidden += 1;
                return false;
            }
            let is_index = entry.file_type().is_dir()
                && index_dir.is_some()
                && entry.path().canonicalize().ok() == index_dir;
            !is_index
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| root.to_path_buf(), Path::to_path_buf);
                let reason = if err.loop_ancestor().is_some() {
                    SkipReason::LinkLoop
                } else {
                    match err.io_error() {
                        Some(io) if io.kind() == std::io::ErrorKind::NotFound => {
                            SkipReason::BrokenLink
                        }
                        Some(io) => SkipReason::Unreadable(io.to_string()),
                        None => SkipReason::Unreadable(err.to_string()),
                    }
                };
                batch.push(skip(path, reason));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path();
        if !Format::worth_reading(path) {
            let ext = crate::article::shown_extension(path);
            batch.push(skip(path.to_path_buf(), SkipReason::Unsupported { ext }));
        } else {
            match entry.metadata() {
                Ok(metadata) => batch.push(Found::File(Candidate {
                    abs: path.to_path_buf(),
                    rel: relative_identity(root, path),
                    mtime: metadata
                        .modified()
                        .ok()
                        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)),
                    size: metadata.len(),
                    known: None,
                    rejected: None,
                })),
                Err(err) => batch.push(skip(
                    path.to_path_buf(),
                    SkipReason::Unreadable(err.to_string()),
                )),
            }
        }
        if batch.len() == WALK_BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(WALK_BATCH));
            if found.send(full).is_err() {
                return hidden;
            }
        }
    }
    // A closed receiver means the indexer has stopped on an error of its own.
    let _ = found.send(batch);
    hidden
}

/// The article identity: the path under the root, `/`-separated.
pub(super) fn relative_identity(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path).to_string_lossy();
    // Walking components one by one showed up in profiles of no-change
    // runs; only Windows needs its separators rewritten.
    if std::path::MAIN_SEPARATOR == '/' {
        rel.into_owned()
    } else {
        rel.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_is_slash_separated_and_relative() {
        let root = Path::new("corpus");
        let path = Path::new("corpus").join("2024").join("a.txt");
        assert_eq!(relative_identity(root, &path), "2024/a.txt");
    }
}
