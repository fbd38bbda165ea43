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
use rustc_hash::FxHashMap;
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
/// block element, and text outside blocks one string per run between block
/// edges and `<br>`s (stories written in `<div>`s and `<br>` lines have no
/// `<p>` at all); lists of headlines (see [`is_link_list`]) are skipped too.
/// Without, one string for all of it. Empty strings are never returned.
/// `weights` must be of the tree `root` is in.
pub(super) fn extract_text(root: Nd<'_>, split_blocks: bool, weights: &Weights) -> Vec<String> {
    let mut out = Vec::new();
    let mut buf = String::new();
    // Open block elements: inside one, only another block ends a line.
    let mut blocks = 0usize;
    let mut skip: Option<NodeId> = None;
    let ends_line = |name: &str, blocks: usize| {
        split_blocks
            && (BLOCK_TAGS.contains(&name) || (blocks == 0 && !runs_on(name) && name != "q"))
    };
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => push_text(&mut buf, t),
                    Node::Element(e) => {
                        if node.id() != root.id()
                            && (excluded_from_body(node, e, weights, root.id())
                                || (split_blocks
                                    && is_link_list(e.name(), weights.of_node(node.id()))))
                        {
                            skip = Some(node.id());
                            continue;
                        }
                        let name = e.name();
                        if ends_line(name, blocks) {
                            flush(&mut buf, &mut out);
                            blocks += usize::from(BLOCK_TAGS.contains(&name));
                        } else {
                            match name {
                                // A browser draws quotation marks round <q>.
                                "q" => buf.push('\u{201C}'),
                                _ if runs_on(name) => {}
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
                if ends_line(name, blocks) {
                    flush(&mut buf, &mut out);
                    if BLOCK_TAGS.contains(&name) {
                        blocks = blocks.saturating_sub(1);
                    }
                } else {
                    match name {
                        "q" => buf.push('\u{201D}'),
                        _ if runs_on(name) => {}
                        _ => push_space(&mut buf),
                    }
                }
            }
        }
    }
    flush(&mut buf, &mut out);
    out
}

/// Whether an element's text runs on into the text around it.
fn runs_on(name: &str) -> bool {
    matches!(name, "time" | "wbr") || INLINE_TAGS.contains(&name)
}

/// Fewest links that make a list of headlines.
const MIN_LIST_LINKS: u32 = 3;
/// Share of a headline list's text (in tenths) that is link text.
const MIN_LIST_LINK_TENTHS: u32 = 8;
/// Most text per link, in non-space bytes, of a headline list: a headline
/// is a line, not a paragraph.
const MAX_TEXT_PER_LINK: u32 = 120;

/// Whether an element is a list of links to other pages, told by its shape
/// rather than its name (teasers and "related" blocks are named every way
/// there is): several links, nearly all its text link text, and short
/// lines.
fn is_link_list(name: &str, w: Weight) -> bool {
    let listed = matches!(name, "ul" | "ol" | "div" | "section" | "table" | "dl" | "p")
        && w.links >= MIN_LIST_LINKS
        && w.link_text * 10 >= w.text * MIN_LIST_LINK_TENTHS
        && w.text <= w.links * MAX_TEXT_PER_LINK;
    // A short paragraph that is all links is a section label or a pointer
    // ("Politics", "Report an error · Our standards"), not story.
    let linked_line = matches!(name, "p" | "div")
        && w.links > 0
        && w.text <= MAX_LINKED_LINE
        && w.link_text * 10 >= w.text * 9;
    listed || linked_line
}

/// Longest paragraph, in non-space bytes, taken for a label when it is all
/// links.
const MAX_LINKED_LINE: u32 = 60;

/// Text, in non-space bytes, that makes a block running text rather than
/// a widget, when little of it is link text (see [`Weights::is_running_text`]).
const RUNNING_TEXT: u32 = 400;

/// How much visible text an element holds: non-space bytes in all, those
/// inside links, and the links.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Weight {
    pub text: u32,
    pub link_text: u32,
    pub links: u32,
}

/// The [`Weight`] of every element of a tree that holds any text, from one
/// walk: chrome rules ask it whether a wrapper holds most of the text, and
/// [`is_link_list`] what shape a block has.
#[derive(Debug, Default)]
pub(super) struct Weights {
    by_node: FxHashMap<NodeId, Weight>,
    /// The deepest element nesting seen.
    depth: usize,
    /// Whether the tree is a story Readability chose (see
    /// [`Weights::is_running_text`]).
    chosen: bool,
}

/// Elements whose text is never drawn.
const UNSEEN_TAGS: [&str; 6] = ["script", "style", "noscript", "template", "head", "title"];

impl Weights {
    pub fn measure(root: Nd<'_>) -> Self {
        let mut weights = Weights::default();
        // Open elements with what they have gathered so far.
        let mut open: Vec<(NodeId, Weight)> = Vec::new();
        let (mut unseen, mut in_link) = (0usize, 0usize);
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(e) => {
                        let name = e.name();
                        unseen += usize::from(UNSEEN_TAGS.contains(&name));
                        let is_link = name == "a";
                        in_link += usize::from(is_link);
                        let links = u32::from(is_link);
                        open.push((
                            node.id(),
                            Weight {
                                links,
                                ..Weight::default()
                            },
                        ));
                        weights.depth = weights.depth.max(open.len());
                    }
                    Node::Text(t) if unseen == 0 => {
                        if let Some((_, w)) = open.last_mut() {
                            let bytes = u32::try_from(text_weight(t)).unwrap_or(u32::MAX);
                            w.text = w.text.saturating_add(bytes);
                            if in_link > 0 {
                                w.link_text = w.link_text.saturating_add(bytes);
                            }
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    let Node::Element(e) = node.value() else {
                        continue;
                    };
                    let name = e.name();
                    unseen -= usize::from(UNSEEN_TAGS.contains(&name) && unseen > 0);
                    in_link -= usize::from(name == "a" && in_link > 0);
                    let Some((id, w)) = open.pop() else {
                        continue;
                    };
                    if let Some((_, parent)) = open.last_mut() {
                        parent.text = parent.text.saturating_add(w.text);
                        parent.link_text = parent.link_text.saturating_add(w.link_text);
                        parent.links = parent.links.saturating_add(w.links);
                    }
                    if w.text > 0 || w.links > 0 {
                        weights.by_node.insert(id, w);
                    }
                }
            }
        }
        weights
    }

    /// What an element holds (nothing, if it is not of this tree).
    pub fn of_node(&self, id: NodeId) -> Weight {
        self.by_node.get(&id).copied().unwrap_or_default()
    }

    /// Whether `id` holds more than half the visible text of `whole`.
    pub fn holds_most_of(&self, id: NodeId, whole: NodeId) -> bool {
        let part = self.of_node(id).text;
        part > 0 && u64::from(part) * 2 > u64::from(self.of_node(whole).text)
    }

    /// Marks the tree as a story Readability chose.
    pub fn chosen(mut self) -> Self {
        self.chosen = true;
        self
    }

    /// Whether `id`, in a story Readability chose, is running text whatever
    /// its name: paragraphs' worth of text and little of it links.
    /// Readability has already weighed such blocks and kept them, and the
    /// names there are often made from headings (`#sharing-with-a-team`).
    pub fn is_running_text(&self, id: NodeId) -> bool {
        let w = self.of_node(id);
        self.chosen && w.text >= RUNNING_TEXT && w.link_text * 4 < w.text
    }

    /// The deepest element nesting in the tree.
    pub fn depth(&self) -> usize {
        self.depth
    }
}

/// Text as it is weighed: bytes outside whitespace, so that indentation in
/// the source counts for nothing.
pub(super) fn text_weight(text: &str) -> usize {
    text.split_whitespace().map(str::len).sum()
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
    // A story that is little more than its lead (a short post whose
    // description is the whole post) keeps it: the body is the story.
    let total: usize = paragraphs.iter().map(String::len).sum();
    let is_the_story = |p: &String| total.saturating_sub(p.len()) * 2 < p.len();
    if let Some(i) = paragraphs[..head].iter().position(|p| *p == lead) {
        if !is_the_story(&paragraphs[i]) {
            paragraphs.remove(i);
        }
        return Some(lead);
    }
    let stem = lead
        .strip_suffix("...")
        .or_else(|| lead.strip_suffix('…'))
        .map(str::trim_end)
        .filter(|s| s.len() >= MIN_STEM);
    if let Some(stem) = stem {
        if let Some(i) = paragraphs[..head].iter().position(|p| p.starts_with(stem)) {
            if is_the_story(&paragraphs[i]) {
                return Some(paragraphs[i].clone());
            }
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
    fn issue_12_a_story_that_is_its_description_keeps_it() {
        let post = "The whole post is this one paragraph, which the site also gives as its description, so the lead and the story are the same text.";
        let head = format!(r#"<title>T</title><meta property="og:description" content="{post}">"#);
        let a = parse(&page(
            &head,
            &format!("<article><p>{post}</p><p>Tags</p></article>"),
        ));
        assert_eq!(a.meta.lead.as_deref(), Some(post));
        assert!(a.body.starts_with(post), "{}", a.body);
    }

    #[test]
    fn truncated_description_gives_way_to_the_full_paragraph() {
        let head = r#"<title>T</title><meta name="description" content="The council met on Tuesday to...">"#;
        let body = "<article><p>The council met on Tuesday to vote on the budget.</p><p>Next, it turned to the harbour wall.</p></article>";
        let a = parse(&page(head, body));
        assert_eq!(
            a.meta.lead.as_deref(),
            Some("The council met on Tuesday to vote on the budget.")
        );
        assert_eq!(a.body, "Next, it turned to the harbour wall.");
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
