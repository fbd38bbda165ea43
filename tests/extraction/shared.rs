//! Access to the Reuters-21578 corpus that sits beside the repository.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// `../shared/corpora/reuters21578`, if present.
pub fn reuters_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/reuters21578");
    if dir.join("reuters-txt.tar.gz").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: the Reuters corpus is absent ({} has no reuters-txt.tar.gz)",
            dir.display()
        );
        None
    }
}

/// Every `.txt` member of the tarball whose path `wanted` accepts, by path.
pub fn reuters_texts(dir: &Path, wanted: impl Fn(&str) -> bool) -> HashMap<String, Vec<u8>> {
    let file = std::fs::File::open(dir.join("reuters-txt.tar.gz")).unwrap();
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut texts = HashMap::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().to_string_lossy().into_owned();
        if path.ends_with(".txt") && wanted(&path) {
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            texts.insert(path, bytes);
        }
    }
    texts
}
