//! The opaque `id` every hit carries, and the way back from it to the
//! article's identity.
//!
//! An id is the article's identity (its path relative to the corpus root,
//! `path#N` for record N of a JSON Lines file) in URL-safe base64 without
//! padding. It is derived from nothing else, so it survives merges,
//! re-indexing and moving the corpus, and a link to an article keeps
//! working as long as the article keeps its place in the corpus. Callers
//! treat it as opaque: the encoding is free to change, and no face ever
//! takes a filesystem path from a client. Reversible rather than a hash,
//! so that finding the article needs no table beside the index: the
//! identity is looked up as the index's own path term, and an id that
//! decodes to a name the index does not hold simply finds nothing.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// Longest id accepted: ids of identities longer than any path a file
/// system allows are refused before they are decoded.
pub const MAX_ID_LEN: usize = 4096;

/// The id of the article whose identity is `identity`.
pub fn article_id(identity: &str) -> String {
    URL_SAFE_NO_PAD.encode(identity)
}

/// The identity an id stands for, or `None` for text that no article's id
/// can be (wrong alphabet, too long, not UTF-8, empty).
pub fn identity_of(id: &str) -> Option<String> {
    if id.is_empty() || id.len() > MAX_ID_LEN {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(id).ok()?;
    let identity = String::from_utf8(bytes).ok()?;
    (!identity.is_empty()).then_some(identity)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn id_is_no_path_and_holds_no_separator() {
        let id = article_id("2024/12/a b.jsonl#17");
        assert!(!id.contains('/') && !id.contains('#') && !id.contains(' '));
        assert_eq!(identity_of(&id).as_deref(), Some("2024/12/a b.jsonl#17"));
    }

    #[test]
    fn text_no_id_can_be_finds_nothing() {
        assert_eq!(identity_of(""), None);
        assert_eq!(identity_of("not base64!"), None);
        // Valid base64 of bytes that are not UTF-8.
        assert_eq!(identity_of(&URL_SAFE_NO_PAD.encode([0xff, 0xfe])), None);
        assert_eq!(identity_of(&"A".repeat(MAX_ID_LEN + 4)), None);
    }

    proptest! {
        #[test]
        fn every_identity_comes_back(identity in "\\PC{1,80}") {
            let id = article_id(&identity);
            prop_assert!(id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            prop_assert_eq!(identity_of(&id), Some(identity));
        }
    }
}
