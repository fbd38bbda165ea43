//! The page's tree, and the story's markup as Readability finds it, through
//! dom_smoothie (a port of Readability.js, the library behind Firefox's
//! Reader View).
//!
//! This module owns the one parse of the page and the call into the
//! library, with the guards around it. It leaves what the story's text is
//! (paragraphs, chrome inside the story, boilerplate lines) to
//! [`super::text`], which reads it as it reads a container of the page.
//!
//! Key decisions:
//!
//! - **One parse, two trees.** The library works on dom_query's tree and
//!   newsidx's rules on scraper's. Both are built by the same html5ever, so
//!   the page is parsed once, into dom_query's tree, and copied into a
//!   scraper tree node by node before the library changes it; the copy
//!   costs a fraction of a second parse (tokenising and tree building are
//!   most of a parse). The story the library returns is copied the same
//!   way, rather than serialised by it and parsed again.
//! - **Settings.** Class names are kept, so that newsidx's chrome rules
//!   still see a newsletter box or a related-links list that Readability
//!   leaves inside the story. JSON-LD is not read: [`super::meta`] already
//!   reads it, for more types than the library does.
//! - **Guards.** Pages nested deeper than [`MAX_DEPTH`] are not handed
//!   over: parts of the library recurse, and a stack overflow cannot be
//!   caught. Real pages nest a few dozen deep; such a page keeps newsidx's
//!   own finder. A panic inside the library, or in dom_query's parse, is
//!   caught and the page falls back to scraper's parse and newsidx's own
//!   finder, since one odd page must not abort an index run.

use std::panic::{catch_unwind, AssertUnwindSafe};

use dom_query::{Document, NodeData};
use dom_smoothie::{Config, ParsePolicy, Readability};
use scraper::node::{Element, Text};
use scraper::{Html, Node};

/// Deepest element nesting handed to the library (see the module docs).
pub(super) const MAX_DEPTH: usize = 512;

/// The page as newsidx's rules read it, and as the library will read it
/// (`None` if dom_query could not parse it).
pub(super) fn parse_page(text: &str) -> (Html, Option<Document>) {
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        let source = Document::from(text);
        let mut page = Html::new_document();
        let root = page.tree.root().id();
        copy_children(&mut page, root, source.root());
        (page, source)
    }));
    match parsed {
        Ok((page, source)) => (page, Some(source)),
        Err(_) => (Html::parse_document(text), None),
    }
}

/// Characters of story text that end Readability's search at its first,
/// strictest attempt (its own threshold, `char_threshold`).
const FIRST_ATTEMPT_ENOUGH: usize = 500;

/// The story's markup, as a fragment whose root element holds it, or
/// `None` when the library finds none or fails. `text` is the page
/// `source` was parsed from.
///
/// Readability's `parse` makes up to four attempts, each on a copy of the
/// tree, and keeps the first that finds [`FIRST_ATTEMPT_ENOUGH`]
/// characters. Most pages stop at the first, so it is made alone, without
/// the copy; only a page where it finds less is parsed again for the full
/// search, which then gives what `parse` would have.
pub(super) fn story(source: Document, text: &str) -> Option<Html> {
    let config = Config {
        keep_classes: true,
        disable_json_ld: true,
        ..Config::default()
    };
    let run = || {
        let mut reader = Readability::with_document(source, None, Some(config.clone())).ok()?;
        // Both parses leave the chosen story in the reader's document,
        // under the one element they give this id.
        let top = |reader: &Readability| {
            let found = reader.doc.select_single("#readability-page-1");
            found.nodes().first().map(|n| n.id)
        };
        let strict = reader.parse_with_policy(ParsePolicy::Strict).is_ok()
            && top(&reader).is_some_and(|id| {
                dom_query::NodeRef::new(id, &reader.doc.tree).normalized_char_count()
                    >= FIRST_ATTEMPT_ENOUGH
            });
        if !strict {
            reader = Readability::new(text, None, Some(config)).ok()?;
            reader.parse().ok()?;
        }
        let top = dom_query::NodeRef::new(top(&reader)?, &reader.doc.tree);
        let mut story = Html::new_fragment();
        let root = story.tree.root().id();
        let wrapper = story.tree.get_mut(root)?.append(convert(&top)?).id();
        copy_children(&mut story, wrapper, top);
        Some(story)
    };
    catch_unwind(AssertUnwindSafe(run)).ok().flatten()
}

/// Copies the elements and text under `from` into `to`'s children, in
/// order. Comments, doctypes and processing instructions are left out: no
/// rule reads them. An explicit stack, so nesting costs no call stack.
fn copy_children(page: &mut Html, to: ego_tree::NodeId, from: dom_query::NodeRef<'_>) {
    // Per open element: the next child to copy and where it goes.
    let mut open = vec![(from.first_child(), to)];
    while let Some((next, parent)) = open.last_mut() {
        let Some(node) = next.take() else {
            open.pop();
            continue;
        };
        *next = node.next_sibling();
        let parent = *parent;
        let Some(value) = convert(&node) else {
            continue;
        };
        let is_element = value.is_element();
        let Some(mut parent) = page.tree.get_mut(parent) else {
            continue;
        };
        let copied = parent.append(value).id();
        if is_element {
            open.push((node.first_child(), copied));
        }
    }
}

/// A dom_query element or text node as scraper's node.
fn convert(node: &dom_query::NodeRef<'_>) -> Option<Node> {
    node.query(|n| match &n.data {
        NodeData::Element(e) => Some(Node::Element(Element::new(e.name.clone(), e.attrs.clone()))),
        NodeData::Text { contents } => Some(Node::Text(Text {
            text: contents.clone(),
        })),
        _ => None,
    })
    .flatten()
}
