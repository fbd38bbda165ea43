//! Visible text from elements: one paragraph per block element, whitespace
//! collapsed as a browser draws it, and widget labels ("Advertisement",
//! "Read more: ...") and a lead said twice left out.
//!
//! This module owns how text is joined (inline elements run on, any other
//! element is a word break, `<q>` gets its quotation marks) and which whole
//! paragraphs are boilerplate. It leaves which elements are chrome to
//! [`super::story`] and which element holds the story to the rules there.
//! Whitespace is collapsed as text arrives, node by node, rather than by
//! [`crate::article::fields::collapse_whitespace`] afterwards, so that a
//! paragraph is built once.

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::Node;

use super::story::excluded_from_body;
use super::{is_one_of, Nd};

/// Elements whose text runs on inside the paragraph around them; any other
/// element is a word break.
const INLINE_TAGS: [&str; 30] = [
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "img", "ins", "kbd", "label", "mark", "nobr", "s", "samp", "small", "span",
    "strike", "strong", "sub", "sup", "u",
];

/// Elements each of which is one output paragraph.
const BLOCK_TAGS: [&str; 10] = [
    "p",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "dd",
];

/// The visible text under `root`, whitespace collapsed, chrome skipped
/// (`root` itself is never skipped). With `split_blocks`, one string per
/// block element and text outside blocks dropped; without, one string for
/// all of it. Empty strings are never returned.
pub(super) fn extract_text(root: Nd<'_>, split_blocks: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut depth = usize::from(!split_blocks);
    let mut skip: Option<NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) if depth > 0 => push_text(&mut buf, t),
                    Node::Element(e) => {
                        if node.id() != root.id() && excluded_from_body(node, e) {
                            skip = Some(node.id());
                            continue;
                        }
                        let name = e.name();
                        if split_blocks && BLOCK_TAGS.contains(&name) {
                            flush(&mut buf, &mut out);
                            depth += 1;
                        } else if depth > 0 {
                            match name {
                                // A browser draws quotation marks round <q>.
                                "q" => buf.push('\u{201C}'),
                                "time" | "wbr" => {}
                                _ if INLINE_TAGS.contains(&name) => {}
                                _ => push_space(&mut buf),
                            }
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip {
                    if id == node.id() {
                        skip = None;
                    }
                    continue;
                }
                let Node::Element(e) = node.value() else {
                    continue;
                };
                let name = e.name();
                if split_blocks && BLOCK_TAGS.contains(&name) {
                    flush(&mut buf, &mut out);
                    depth = depth.saturating_sub(1);
                } else if depth > 0 {
                    match name {
                        "q" => buf.push('\u{201D}'),
                        "time" | "wbr" => {}
                        _ if INLINE_TAGS.contains(&name) => {}
                        _ => push_space(&mut buf),
                    }
                }
            }
        }
    }
    flush(&mut buf, &mut out);
    out
}

/// Appends text with every whitespace run as one space, and none leading.
fn push_text(buf: &mut String, text: &str) {
    if text.starts_with(char::is_whitespace) {
        push_space(buf);
    }
    let mut words = text.split_whitespace();
    if let Some(first) = words.next() {
        buf.push_str(first);
        for word in words {
            buf.push(' ');
            buf.push_str(word);
        }
        if text.ends_with(char::is_whitespace) {
            buf.push(' ');
        }
    }
}

fn push_space(buf: &mut String) {
    if !buf.is_empty() && !buf.ends_with(' ') {
        buf.push(' ');
    }
}

fn flush(buf: &mut String, out: &mut Vec<String>) {
    // push_text and push_space never lead with a space, so only the end
    // needs trimming.
    if buf.ends_with(' ') {
        buf.pop();
    }
    if !buf.is_empty() {
        out.push(std::mem::take(buf));
    }
}

/// Whole paragraphs that are widget labels, not story (compared without
/// case and trailing punctuation).
const BOILERPLATE: [&str; 32] = [
    "advertisement",
    "advertisment",
    "ad",
    "sponsored",
    "sponsored content",
    "read more",
    "read more stories",
    "continue reading",
    "continue reading below",
    "share this article",
    "share this story",
    "share this",
    "share",
    "share on facebook",
    "share on twitter",
    "share via email",
    "subscribe",
    "subscribe now",
    "sign up",
    "story continues below advertisement",
    "article continues below advertisement",
    "article continues below",
    "story continues below",
    "scroll to continue with content",
    "skip advertisement",
    "click here",
    "related",
    "related stories",
    "related articles",
    "more on this story",
    "listen to this article",
    "print",
];

/// Starts of short paragraphs that point elsewhere ("Read more: ...").
const BOILERPLATE_PREFIXES: [&str; 9] = [
    "read more:",
    "related:",
    "also read:",
    "see also:",
    "more:",
    "sign up for",
    "subscribe to",
    "follow us on",
    "click here to",
];

/// Longest paragraph a boilerplate prefix can condemn: past this it is prose
/// that merely starts that way.
const MAX_BOILERPLATE_LEN: usize = 120;

pub(super) fn is_boilerplate(paragraph: &str) -> bool {
    if paragraph.len() > MAX_BOILERPLATE_LEN {
        return false;
    }
    let bare = paragraph.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ':' | '!' | '…' | '›' | '»' | '→' | '>')
    });
    is_one_of(bare, &BOILERPLATE)
        || BOILERPLATE_PREFIXES.iter().any(|p| {
            paragraph
                .get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p))
        })
}

/// A lead that is also one of the first paragraphs is said once, as the
/// lead; a description cut short with an ellipsis gives way to the
/// paragraph it was cut from.
pub(super) fn dedupe_lead(lead: Option<String>, paragraphs: &mut Vec<String>) -> Option<String> {
    /// Paragraphs before the repeat: a byline or dateline may come first.
    const LOOKAHEAD: usize = 3;
    /// A shorter stem could match a paragraph by chance.
    const MIN_STEM: usize = 20;
    let lead = lead?;
    let head = paragraphs.len().min(LOOKAHEAD);
    if let Some(i) = paragraphs[..head].iter().position(|p| *p == lead) {
        paragraphs.remove(i);
        return Some(lead);
    }
    let stem = lead
        .strip_suffix("...")
        .or_else(|| lead.strip_suffix('…'))
        .map(str::trim_end)
        .filter(|s| s.len() >= MIN_STEM);
    if let Some(stem) = stem {
        if let Some(i) = paragraphs[..head].iter().position(|p| p.starts_with(stem)) {
            return Some(paragraphs.remove(i));
        }
    }
    Some(lead)
}

#[cfg(test)]
mod tests {
    use crate::article::html::testkit::{page, parse};

    #[test]
    fn lead_repeated_as_first_paragraph_is_said_once() {
        let head = r#"<title>T</title><meta name="description" content="The council met.">"#;
        let a = parse(&page(
            head,
            "<article><p>The council met.</p><p>Then it voted.</p></article>",
        ));
        assert_eq!(a.meta.lead.as_deref(), Some("The council met."));
        assert_eq!(a.body, "Then it voted.");
    }

    #[test]
    fn truncated_description_gives_way_to_the_full_paragraph() {
        let head = r#"<title>T</title><meta name="description" content="The council met on Tuesday to...">"#;
        let body = "<article><p>The council met on Tuesday to vote on the budget.</p><p>Next.</p></article>";
        let a = parse(&page(head, body));
        assert_eq!(
            a.meta.lead.as_deref(),
            Some("The council met on Tuesday to vote on the budget.")
        );
        assert_eq!(a.body, "Next.");
    }

    #[test]
    fn inline_markup_and_br_join_into_one_paragraph() {
        let body = "<article><p>A <em>big</em>  <a href='#'>day</a>&nbsp;for\n the <strong>town</strong>,<br>said <q>everyone</q>.</p></article>";
        let a = parse(&page("<title>T</title>", body));
        assert_eq!(
            a.body,
            "A big day for the town, said \u{201C}everyone\u{201D}."
        );
    }

    #[test]
    fn entities_in_body_are_decoded() {
        let body = "<article><p>&ldquo;We&rsquo;ll see,&rdquo; said Ann &amp; Bo &#8212; twice &#x41;.</p></article>";
        let a = parse(&page("<title>T</title>", body));
        assert_eq!(
            a.body,
            "\u{201C}We\u{2019}ll see,\u{201D} said Ann & Bo \u{2014} twice A."
        );
    }

    #[test]
    fn headings_and_blocks_are_lines_of_their_own() {
        let body = "<article><h1>Title</h1><p>Intro.</p><h2>What next</h2><p>More.</p>
            <blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote>
            <ul><li>Item one</li><li>Item two</li></ul><pre>code   here</pre></article>";
        let a = parse(&page("<title>T</title>", body));
        assert_eq!(
            a.body,
            "Intro.\nWhat next\nMore.\nQuoted one.\nQuoted two.\nItem one\nItem two\ncode here"
        );
    }

    #[test]
    fn boilerplate_paragraphs_are_dropped() {
        let body = "<article><p>Story.</p><p>Advertisement</p><p>READ MORE:</p>
            <p>Share this article</p><p>Read more: Council backs plan</p><p>  </p><p>End.</p></article>";
        assert_eq!(parse(&page("<title>T</title>", body)).body, "Story.\nEnd.");
    }
}
