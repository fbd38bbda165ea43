//! The extraction rules' version against what the rules give.
//!
//! An index records the `EXTRACTION_VERSION` that built it, and a later
//! run of another version refuses to add to it (the hint says `--full`):
//! an incremental run parses only changed files, so without that check an
//! index would hold old rules' speakers and quotes for most articles and
//! new ones for the rest, and `speaker:` would answer differently for the
//! same words. The version is only as good as its bumps, and six rounds of
//! speaker rules went by without one. This test holds a digest of all that
//! extraction gives for the project's own fixtures beside the version it
//! was recorded under: a change of rules changes the digest, and the test
//! fails until the version is bumped and the pair recorded again.

use std::path::Path;

use newsidx::article::{parse_file, ParseOptions};
use newsidx::state::EXTRACTION_VERSION;
use xxhash_rust::xxh3::Xxh3;

/// The version and the digest of the fixtures' extraction under it. New
/// fixture files change the digest too, and so does new wording of why a
/// file is refused (the same files still refused, nothing indexed
/// differently): then it is recorded again under the same version, in
/// the commit that makes that change and changes no rule.
const RECORDED: (u32, u64) = (9, 0xd7c5_cb93_9772_2b6a);

/// Everything `parse_file` gives for the sample corpus and the labelled
/// development sets (the frozen test set is left out: nothing is read
/// from it but its totals), in path order.
fn fixtures_digest() -> (u64, usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = ["sample_corpus", "tests/fixtures/eval"]
        .iter()
        .flat_map(|dir| walkdir::WalkDir::new(root.join(dir)))
        .map(|entry| entry.expect("a readable fixture folder"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| entry.into_path())
        .collect();
    files.sort();
    let mut hasher = Xxh3::new();
    for path in &files {
        let name = path.strip_prefix(root).unwrap().to_string_lossy();
        let bytes = std::fs::read(path).unwrap();
        hasher.update(name.as_bytes());
        match parse_file(&name, &bytes, &ParseOptions::default()) {
            Ok(records) => {
                for record in records {
                    let text = match record {
                        Ok(article) => serde_json::to_string(&article).unwrap(),
                        Err(error) => format!("error: {error}"),
                    };
                    hasher.update(text.as_bytes());
                }
            }
            Err(error) => hasher.update(format!("error: {error}").as_bytes()),
        }
    }
    (hasher.digest(), files.len())
}

#[test]
fn the_extraction_version_changes_with_the_rules() {
    let (digest, files) = fixtures_digest();
    assert!(files > 300, "only {files} fixture files found");
    let (version, recorded) = RECORDED;
    assert!(
        digest == recorded && EXTRACTION_VERSION == version,
        "extraction of the {files} fixture files gives digest {digest:#018x} under \
         EXTRACTION_VERSION {EXTRACTION_VERSION}; recorded: {recorded:#018x} under {version}. \
         If the rules changed what they give, bump EXTRACTION_VERSION in src/state.rs (indexes \
         of the old rules then ask for --full) and record the new pair in RECORDED \
         (tests/extraction/version.rs)"
    );
}
