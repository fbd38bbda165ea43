//! Files compressed with gzip (`reuters.jsonl.gz`, `story.txt.gz`): the
//! name without `.gz` says the format, the bytes are inflated before
//! anything else reads them, and the file keeps its own name as the
//! articles' identity (`reuters.jsonl.gz#12`), so incremental runs compare
//! and delete by the file on disk.
//!
//! Archives of many files (`.tar.gz`, `.tgz`, `.zip`) are not read: their
//! members would need identities and fingerprints of their own. They are
//! skipped with a note saying to unpack them into the folder.
//!
//! Inflating is flate2's; what is here is the size bound. A few megabytes
//! of gzip can inflate to many gigabytes, and the whole file is held in
//! memory while its articles are split, so a file that inflates past
//! [`MAX_INFLATED_BYTES`] is refused rather than read.

use std::io::Read;
use std::path::Path;

use crate::error::ParseError;

/// The most bytes a compressed file may inflate to: far above any article
/// file, below what would put a machine with a few GiB at risk.
pub(crate) const MAX_INFLATED_BYTES: u64 = 1 << 30;

/// Extensions of archives of many files, which newsidx does not open.
const ARCHIVES: [&str; 6] = ["tar.gz", "tgz", "tar", "zip", "7z", "rar"];

/// Whether the file at `path` is gzip-compressed, by its name.
pub(crate) fn is_gzip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("gz"))
        && !is_archive(path)
}

/// The file name a gzip-compressed file had before it was compressed,
/// without its folder: `a/b.jsonl.gz` gives `b.jsonl`.
pub(crate) fn inner_name(path: &Path) -> &Path {
    path.file_stem().map_or(path, Path::new)
}

/// The extension to show for a file newsidx skips: both parts of a
/// compressed file's (`docx.gz`, `tar.gz`), so the message says what the
/// file is rather than only that it is compressed.
pub(crate) fn shown_extension(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_string_lossy();
    if ext.eq_ignore_ascii_case("gz") {
        if let Some(inner) = inner_name(path).extension() {
            return Some(format!("{}.{ext}", inner.to_string_lossy()));
        }
    }
    Some(ext.into_owned())
}

/// Whether an extension (as [`shown_extension`] gives it) is an archive of
/// many files.
pub(crate) fn is_archive_extension(ext: &str) -> bool {
    ARCHIVES.iter().any(|known| ext.eq_ignore_ascii_case(known))
}

fn is_archive(path: &Path) -> bool {
    shown_extension(path).is_some_and(|ext| is_archive_extension(&ext))
}

/// The inflated content of gzip `bytes` (every member, as `gzip -d` gives
/// them), at most `limit` bytes of it.
pub(crate) fn gunzip(bytes: &[u8], limit: u64) -> Result<Vec<u8>, ParseError> {
    let mut inflated = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .take(limit.saturating_add(1))
        .read_to_end(&mut inflated)
        .map_err(|e| ParseError::Compressed {
            message: e.to_string(),
        })?;
    if inflated.len() as u64 > limit {
        return Err(ParseError::Compressed {
            message: format!(
                "it inflates to more than {} MiB; decompress it (gzip -dk) and split it into smaller files",
                limit >> 20
            ),
        });
    }
    Ok(inflated)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn names_say_what_is_inside() {
        assert!(is_gzip(Path::new("a/b.jsonl.gz")));
        assert!(is_gzip(Path::new("B.TXT.GZ")));
        assert!(is_gzip(Path::new("plain.gz")));
        assert!(!is_gzip(Path::new("corpus.tar.gz")));
        assert!(!is_gzip(Path::new("corpus.tgz")));
        assert!(!is_gzip(Path::new("story.txt")));
        assert_eq!(inner_name(Path::new("a/b.jsonl.gz")), Path::new("b.jsonl"));
        assert_eq!(
            shown_extension(Path::new("x/corpus.tar.gz")).as_deref(),
            Some("tar.gz")
        );
        assert_eq!(
            shown_extension(Path::new("memo.docx.gz")).as_deref(),
            Some("docx.gz")
        );
        assert_eq!(shown_extension(Path::new("a.pdf")).as_deref(), Some("pdf"));
        assert_eq!(shown_extension(Path::new("LICENSE")), None);
    }

    #[test]
    fn a_compressed_file_gives_the_articles_of_its_content_under_its_own_name() {
        use crate::article::{parse_file, ParseOptions};
        let lines = concat!(
            r#"{"title": "Kelp forests recover", "date": "2024-12-05", "body": "Divers counted."}"#,
            "\n",
            r#"{"title": "Kelp forests shrink", "date": "2024-12-06", "body": "Divers left."}"#,
            "\n",
        );
        let options = ParseOptions::default();
        let plain = parse_file("feed.jsonl", lines.as_bytes(), &options).unwrap();
        let packed = parse_file("feed.jsonl.gz", &gzip(lines.as_bytes()), &options).unwrap();
        assert_eq!(plain.len(), 2);
        assert_eq!(packed.len(), 2);
        for (n, (plain, packed)) in plain.iter().zip(&packed).enumerate() {
            let (plain, packed) = (plain.as_ref().unwrap(), packed.as_ref().unwrap());
            assert_eq!(packed.meta.path, format!("feed.jsonl.gz#{}", n + 1));
            assert_eq!(packed.meta.title, plain.meta.title);
            assert_eq!(packed.meta.date, plain.meta.date);
            assert_eq!(packed.body, plain.body);
        }
        let err = parse_file("a.pdf.gz", &gzip(b"%PDF"), &options).unwrap_err();
        assert_eq!(err.to_string(), "unsupported file type .pdf.gz");
    }

    #[test]
    fn every_member_is_inflated() {
        let mut two = gzip(b"first\n");
        two.extend(gzip(b"second\n"));
        assert_eq!(gunzip(&two, 1 << 20).unwrap(), b"first\nsecond\n");
    }

    #[test]
    fn more_than_the_limit_is_refused_and_the_limit_itself_is_not() {
        let zeros = gzip(&[b'a'; 4096]);
        assert_eq!(gunzip(&zeros, 4096).unwrap().len(), 4096);
        let err = gunzip(&zeros, 4095).unwrap_err().to_string();
        assert!(err.contains("inflates to more than"), "{err}");
        assert!(err.contains("gzip -dk"), "{err}");
    }

    #[test]
    fn broken_gzip_says_so() {
        let mut broken = gzip(b"a story that will be cut short");
        broken.truncate(broken.len() / 2);
        let err = gunzip(&broken, 1 << 20).unwrap_err().to_string();
        assert!(err.starts_with("cannot decompress gzip"), "{err}");
        let err = gunzip(b"not gzip at all", 1 << 20).unwrap_err().to_string();
        assert!(err.starts_with("cannot decompress gzip"), "{err}");
    }
}
