//! Files the index has seen and could not use, remembered across runs.
//!
//! A file that gives no article (an empty `.txt`, a file whose content is
//! no known format) has no document to carry its fingerprint, and a file
//! whose records were partly rejected keeps no trace of the rejects. Both
//! are remembered in the commit payload tantivy stores in `meta.json`, so
//! the record changes atomically with the documents: after a crash, the
//! index and what it remembers of rejected files never disagree. An
//! unchanged file is then neither read again nor counted as new, and its
//! reasons are named again, so a re-run reports exactly what the first did.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tantivy::Index;

use crate::schema::Fingerprint;

/// What a commit payload holds.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seen {
    /// Files with records that were not indexed, by relative path.
    #[serde(default)]
    pub skipped: BTreeMap<String, SkippedFile>,
}

/// A file some of whose content was rejected, and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkippedFile {
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime: u64,
    /// Size in bytes.
    pub size: u64,
    /// XXH3 hash of the content.
    pub hash: u64,
    /// Why each rejected record (or the whole file) was not indexed.
    pub reasons: Vec<String>,
}

impl SkippedFile {
    /// The fingerprint the file had when it was rejected.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint {
            mtime: self.mtime,
            size: self.size,
            hash: self.hash,
        }
    }
}

impl Seen {
    /// What the last commit of `index` remembers.
    pub(super) fn load(index: &Index) -> anyhow::Result<Seen> {
        let metas = index.load_metas()?;
        match metas.payload.as_deref() {
            None | Some("") => Ok(Seen::default()),
            Some(json) => Ok(serde_json::from_str(json)?),
        }
    }

    /// The payload for the next commit.
    pub fn to_payload(&self) -> String {
        // Plain maps of strings and integers always serialise.
        serde_json::to_string(self).unwrap_or_default()
    }
}
