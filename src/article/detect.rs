//! Choosing a parser: by extension first, then by looking at the content.
//!
//! Extensions lie in real archives: scrapers save HTML pages as `.txt`,
//! export JSON Lines as `.json`, and leave files with no extension at all.
//! A declared format is kept unless the first bytes clearly say otherwise;
//! a file with no extension is read only when its content is unmistakably
//! one of the formats. Plain text is never guessed for a file without an
//! extension: `LICENSE` and `Makefile` are not articles.

use std::path::Path;

use super::Format;

/// The format the file name announces, if newsidx reads it.
pub(super) fn from_extension(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?;
    const KNOWN: [(&str, Format); 11] = [
        ("txt", Format::Text),
        ("text", Format::Text),
        ("md", Format::Markdown),
        ("markdown", Format::Markdown),
        ("json", Format::Json),
        ("jsonl", Format::JsonLines),
        ("ndjson", Format::JsonLines),
        ("html", Format::Html),
        ("htm", Format::Html),
        ("xhtml", Format::Html),
        ("shtml", Format::Html),
    ];
    KNOWN
        .iter()
        .find(|(known, _)| ext.eq_ignore_ascii_case(known))
        .map(|&(_, format)| format)
}

/// The format to parse with, given what the name declared and the text.
pub(super) fn refine(declared: Option<Format>, text: &str) -> Option<Format> {
    let sniffed = sniff(text);
    match (declared, sniffed) {
        // A `.txt` that is really a saved page or a JSON export.
        (
            Some(Format::Text),
            Some(f @ (Format::Json | Format::JsonLines | Format::Markdown | Format::Html)),
        ) => Some(f),
        (Some(Format::Json), Some(Format::JsonLines)) => Some(Format::JsonLines),
        (Some(declared), _) => Some(declared),
        (None, sniffed) => sniffed,
    }
}

/// What the start of the text says it is, when it says so clearly.
pub(super) fn sniff(text: &str) -> Option<Format> {
    let head = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if head.starts_with('{') || head.starts_with('[') {
        return Some(if looks_like_json_lines(head) {
            Format::JsonLines
        } else {
            Format::Json
        });
    }
    if has_front_matter(text) {
        return Some(Format::Markdown);
    }
    if looks_like_html(head) {
        return Some(Format::Html);
    }
    None
}

/// A document type or root element at the top, as saved pages have.
fn looks_like_html(head: &str) -> bool {
    let start: String = head
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<?xml") && start.contains("html")
}

/// Two or more lines that each hold a complete object.
fn looks_like_json_lines(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut objects = 0;
    for line in lines.by_ref().take(3) {
        if !(line.starts_with('{') && line.ends_with('}')) {
            return false;
        }
        objects += 1;
    }
    objects >= 2
}

/// A YAML or TOML block at the very top with a title key.
fn has_front_matter(text: &str) -> bool {
    let mut lines = text.lines();
    let fence = match lines.next().map(str::trim_end) {
        Some(f @ ("---" | "+++")) => f,
        _ => return false,
    };
    lines
        .take(40)
        .take_while(|l| l.trim_end() != fence)
        .any(|l| {
            let l = l.trim_start().to_ascii_lowercase();
            l.starts_with("title:") || l.starts_with("title =") || l.starts_with("title=")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_decides_when_content_agrees() {
        let f = from_extension(Path::new("a/B.MD"));
        assert_eq!(refine(f, "# Title\n\nText."), Some(Format::Markdown));
    }

    #[test]
    fn json_lines_saved_as_json_is_read_as_lines() {
        let text = "{\"title\":\"a\"}\n{\"title\":\"b\"}\n";
        assert_eq!(refine(Some(Format::Json), text), Some(Format::JsonLines));
    }

    #[test]
    fn pretty_printed_json_stays_json() {
        let text = "{\n  \"title\": \"a\"\n}\n";
        assert_eq!(refine(Some(Format::Json), text), Some(Format::Json));
    }

    #[test]
    fn text_file_holding_json_is_parsed_as_json() {
        assert_eq!(
            refine(Some(Format::Text), "{\"title\": \"a\", \"text\": \"b\"}"),
            Some(Format::Json)
        );
    }

    #[test]
    fn text_file_with_front_matter_is_markdown() {
        let text = "---\ntitle: Flood warning\ndate: 2024-12-04\n---\nBody.\n";
        assert_eq!(refine(Some(Format::Text), text), Some(Format::Markdown));
    }

    #[test]
    fn reference_text_stays_text() {
        let text = "Title\nLead.\n4 December 2024 16:16\nBody.\n";
        assert_eq!(refine(Some(Format::Text), text), Some(Format::Text));
    }

    #[test]
    fn file_without_extension_needs_clear_content() {
        assert_eq!(
            refine(None, "Copyright (c) 2024\nPermission is granted"),
            None
        );
        assert_eq!(refine(None, "{\"title\": \"a\"}"), Some(Format::Json));
    }

    #[test]
    fn saved_page_named_txt_is_html() {
        let text = "<!DOCTYPE html>\n<html><head><title>T</title></head></html>";
        assert_eq!(refine(Some(Format::Text), text), Some(Format::Html));
        assert_eq!(refine(None, text), Some(Format::Html));
    }

    #[test]
    fn dashes_without_a_title_key_are_not_front_matter() {
        assert_eq!(sniff("---\nSome rule\n---\nText"), None);
    }
}
