//! Folder helpers shared by the test binaries (each includes this file
//! with `#[path]`: a test binary is a crate of its own, and a dev crate
//! for one function would be more than the function).

use std::path::Path;

/// Copies the folder tree at `from` to `to`, creating folders as needed.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
