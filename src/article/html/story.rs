//! Finding the story in a page: one walk over the tree that records what
//! every rule may need, the chrome rules that keep navigation, share bars,
//! adverts and related links out, and the choice of the element the body is
//! read from.
//!
//! This module owns what counts as chrome and what as a story container,
//! and how containers are scored (the text of their `<p>`s). It leaves what
//! the recorded `<meta>`s, `<time>`s and headings mean to [`super::meta`],
//! and turning the chosen element into paragraphs to [`super::text`].
//!
//! The walk ([`Scan::new`]) uses ego-tree's edge iterator with explicit
//! stacks, so deep nesting costs time, never the stack; everything is found
//! in that one pass, since a CSS selector each would mean a walk each.

use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::node::Element;
use scraper::{Html, Node};

use super::meta::Metas;
use super::text::{text_weight, Weights};
use super::{has_itemprop, is_one_of, Attrs, Nd};

/// Which kind of element a story container is, in order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Article,
    ArticleBody,
    Main,
    ContentLike,
}

/// An element that may hold the story, with the text of the `<p>`s in it.
#[derive(Debug)]
struct Container<'a> {
    node: Nd<'a>,
    kind: Kind,
    p_text: usize,
}

/// Everything one walk over the page finds; the rules then choose from it.
pub(super) struct Scan<'a> {
    pub metas: Metas<'a>,
    /// `<link rel="canonical">`'s address.
    pub canonical: Option<&'a str>,
    pub itemprop_date: Option<&'a str>,
    pub title: Option<Nd<'a>>,
    pub json_ld: Vec<Nd<'a>>,
    pub h1_in_story: Option<Nd<'a>>,
    pub h1: Option<Nd<'a>>,
    /// `<time>` elements with their rank (see [`time_rank`]).
    pub times: Vec<(u8, Nd<'a>)>,
    /// Bylines and datelines: chrome for the body, but where many pages
    /// put the publication date ("By Ann Lee · 12 November 2024").
    pub bylines: Vec<Nd<'a>>,
    pub standfirst: Option<Nd<'a>>,
    /// `<html lang>`.
    pub lang: Option<&'a str>,
    /// Elements that name an author: `[itemprop=author]`, `[rel=author]`,
    /// and short elements whose class or id says `author` or `byline`.
    pub author_marks: Vec<Nd<'a>>,
    containers: Vec<Container<'a>>,
    /// Text of each element's direct `<p>` children, by element.
    density: HashMap<NodeId, usize>,
    /// How much text every element holds.
    pub weights: Weights,
    /// The document's root, the whole a wrapper's share of text is of.
    root: NodeId,
}

/// What an open element started, so its close can undo it.
const CHROME: u8 = 1;
const STORY: u8 = 2;
const PARA: u8 = 4;
const CONTAINER: u8 = 8;

impl<'a> Scan<'a> {
    pub fn new(doc: &'a Html) -> Self {
        let mut scan = Scan {
            metas: Metas::default(),
            canonical: None,
            itemprop_date: None,
            title: None,
            json_ld: Vec::new(),
            h1_in_story: None,
            h1: None,
            times: Vec::new(),
            bylines: Vec::new(),
            standfirst: None,
            lang: None,
            author_marks: Vec::new(),
            containers: Vec::new(),
            density: HashMap::new(),
            weights: Weights::measure(doc.tree.root()),
            root: doc.tree.root().id(),
        };
        let mut frames: Vec<u8> = Vec::new();
        let (mut chrome, mut story) = (0usize, 0usize);
        // Open `<p>`s (with their parent) and open containers, innermost
        // last: a paragraph's text is credited to the innermost container,
        // which passes its total outwards when it closes.
        let mut paras: Vec<(Option<NodeId>, usize)> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        for edge in doc.tree.root().traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(e) => {
                        let flags = if chrome > 0 {
                            0
                        } else {
                            scan.open(node, e, story > 0)
                        };
                        if flags & CHROME != 0 {
                            chrome += 1;
                        }
                        if flags & STORY != 0 {
                            story += 1;
                        }
                        if flags & PARA != 0 {
                            paras.push((node.parent().map(|p| p.id()), 0));
                        }
                        // `Scan::open` has just pushed the container, so the
                        // subtraction cannot underflow.
                        if flags & CONTAINER != 0 {
                            open.push(scan.containers.len() - 1);
                        }
                        frames.push(flags);
                    }
                    Node::Text(t) if chrome == 0 => {
                        if let Some(para) = paras.last_mut() {
                            para.1 += text_weight(t);
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    if !node.value().is_element() {
                        continue;
                    }
                    let flags = frames.pop().unwrap_or(0);
                    if flags & CHROME != 0 {
                        chrome -= 1;
                    }
                    if flags & STORY != 0 {
                        story -= 1;
                    }
                    if flags & PARA != 0 {
                        if let Some((parent, weight)) = paras.pop() {
                            if let Some(parent) = parent {
                                *scan.density.entry(parent).or_default() += weight;
                            }
                            if let Some(&c) = open.last() {
                                scan.containers[c].p_text += weight;
                            }
                        }
                    }
                    if flags & CONTAINER != 0 {
                        if let Some(c) = open.pop() {
                            if let Some(&outer) = open.last() {
                                scan.containers[outer].p_text += scan.containers[c].p_text;
                            }
                        }
                    }
                }
            }
        }
        scan
    }

    /// Records what an element outside chrome offers; returns its frame flags.
    fn open(&mut self, node: Nd<'a>, e: &'a Element, in_story: bool) -> u8 {
        let a = Attrs::of(e);
        let name = e.name();
        if name == "script"
            && a.kind
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        {
            self.json_ld.push(node);
        }
        // One pass over the class and id words answers both questions.
        let (mut byline, mut author) = (false, false);
        for word in a.names().flat_map(Words) {
            byline |= is_one_of(word, &BYLINE_WORDS);
            author |= is_one_of(word, &AUTHOR_WORDS);
        }
        if self.author_marks.len() < MAX_AUTHOR_MARKS && (author || marks_author(&a)) {
            self.author_marks.push(node);
        }
        if is_chrome(node, e, &a, in_story, &self.weights, self.root) {
            if byline {
                self.bylines.push(node);
                for inner in node.descendants() {
                    if let Some(t) = inner.value().as_element().filter(|t| t.name() == "time") {
                        self.times.push((time_rank(&Attrs::of(t), in_story), inner));
                    }
                }
            }
            return CHROME;
        }
        // A dateline is story text to newsidx's own finder, but the
        // library drops it with the bylines; its date is kept either way.
        if byline {
            self.bylines.push(node);
        }
        let mut flags = 0;
        match name {
            "meta" => self.metas.record(&a),
            "link"
                if a.rel
                    .is_some_and(|r| r.trim().eq_ignore_ascii_case("canonical")) =>
            {
                self.canonical = self.canonical.or(a.href);
            }
            "title" if self.title.is_none() => self.title = Some(node),
            "html" if self.lang.is_none() => self.lang = a.lang,
            "h1" => {
                if in_story && self.h1_in_story.is_none() {
                    self.h1_in_story = Some(node);
                }
                self.h1.get_or_insert(node);
            }
            "time" => self.times.push((time_rank(&a, in_story), node)),
            "p" => flags |= PARA,
            "article" | "main" => flags |= STORY,
            _ => {}
        }
        if a.role
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
        {
            flags |= STORY;
        }
        if has_itemprop(&a, "datePublished") && self.itemprop_date.is_none() {
            self.itemprop_date = a.content;
        }
        if let Some(kind) = container_kind(name, &a) {
            flags |= CONTAINER;
            self.containers.push(Container {
                node,
                kind,
                p_text: 0,
            });
        } else if in_story
            && self.standfirst.is_none()
            && matches!(name, "p" | "div" | "h2" | "span")
            && marks_standfirst(&a)
        {
            self.standfirst = Some(node);
        }
        flags
    }

    /// The element the body is read from (see [`parse`]).
    pub fn body_container(&self, doc: &'a Html) -> Nd<'a> {
        let densest = self
            .density
            .iter()
            // Ties go to the earlier node, so the choice never depends on
            // the hash map's order.
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)));
        let max_density = densest.map_or(0, |(_, &weight)| weight);
        for kind in [
            Kind::Article,
            Kind::ArticleBody,
            Kind::Main,
            Kind::ContentLike,
        ] {
            // A container holding less than half the text of the densest
            // block is a teaser or a widget; the story is elsewhere.
            let best = self
                .containers
                .iter()
                .filter(|c| c.kind == kind && c.p_text > 0 && c.p_text * 2 >= max_density)
                .reduce(|best, c| if c.p_text > best.p_text { c } else { best });
            if let Some(c) = best {
                return c.node;
            }
        }
        densest
            .and_then(|(&id, _)| doc.tree.get(id))
            .unwrap_or_else(|| doc.tree.root())
    }
}

/// Elements never part of the story, wherever they are.
const CHROME_TAGS: [&str; 23] = [
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "footer",
    "aside",
    "button",
    "svg",
    "iframe",
    "figure",
    "figcaption",
    "object",
    "embed",
    "video",
    "audio",
    "canvas",
    "select",
    "textarea",
    "input",
    "dialog",
    "menu",
    "math",
];

/// ARIA landmark roles of page furniture.
const CHROME_ROLES: [&str; 10] = [
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "toolbar",
    "dialog",
    "alertdialog",
];

/// Class or id words that mark chrome.
const CHROME_WORDS: [&str; 55] = [
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menubar",
    "breadcrumb",
    "breadcrumbs",
    "share",
    "sharing",
    "sharebar",
    "social",
    "related",
    "recommended",
    "trending",
    "popular",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "comment",
    "comments",
    "disqus",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "ad",
    "ads",
    "adsbygoogle",
    "adslot",
    "adunit",
    "sponsored",
    "promo",
    "promos",
    "promotion",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "footer",
    "sidebar",
    "rail",
    "byline",
    "author",
    "bio",
    "caption",
    "credit",
    "credits",
    "tags",
    "toolbar",
    "popup",
    "modal",
    "pagination",
    "outbrain",
    "taboola",
];

/// Starts of class or id words that mark chrome, for names run together
/// (`relatedposts`, `sharedaddy`). Suffixes are not matched: `leftnav` is
/// caught, if at all, by its links' low paragraph text.
const CHROME_PREFIXES: [&str; 10] = [
    "related",
    "share",
    "social",
    "newsletter",
    "advert",
    "cookie",
    "breadcrumb",
    "sidebar",
    "subscribe",
    "comments",
];

/// First words that make a class describe the element's surroundings or
/// taxonomy rather than the element (`has-sidebar`, `category-social`).
const MODIFIER_WORDS: [&str; 9] = [
    "has", "with", "no", "is", "show", "layout", "template", "category", "tag",
];

/// Whole class names of text kept for screen readers or hidden by CSS.
const HIDDEN_NAMES: [&str; 7] = [
    "hidden",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader-text",
    "screenreader-only",
    "offscreen",
];

/// Whether an element (with everything in it) is page furniture.
/// `in_story` says whether it sits in `<article>` or `<main>`, where a
/// `<header>` is the story's own. A class or id word never condemns an
/// element holding most of the text of `whole`: that is a wrapper whose
/// name describes its layout (`panel-two-col-sidebar-right`,
/// `contentWithSidebar`), not a widget.
fn is_chrome(
    node: Nd<'_>,
    e: &Element,
    a: &Attrs<'_>,
    in_story: bool,
    weights: &Weights,
    whole: NodeId,
) -> bool {
    let name = e.name();
    if CHROME_TAGS.contains(&name) {
        return true;
    }
    match name {
        "header" if !in_story && !heads_a_story(a) => return true,
        "form" if !wraps_story(node) => return true,
        _ => {}
    }
    if a.hidden || a.aria_hidden || a.style.is_some_and(style_hides) {
        return true;
    }
    if a.role.is_some_and(|r| {
        CHROME_ROLES
            .iter()
            .any(|c| r.trim().eq_ignore_ascii_case(c))
    }) {
        return true;
    }
    let structural = matches!(name, "html" | "body" | "article" | "main")
        || a.role
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
        || has_itemprop(a, "articleBody");
    !structural
        && a.names().any(name_marks_chrome)
        && !weights.holds_most_of(node.id(), whole)
        && !weights.is_running_text(node.id())
}

/// Whether a `<header>` outside `<article>` and `<main>` is a story's own by
/// its name (`entry-header`, `post-header`, `article__header`), as blog and
/// CMS themes that wrap the story in plain `<div>`s mark it: its byline and
/// date are the story's, where a site header's date is today's.
fn heads_a_story(a: &Attrs<'_>) -> bool {
    a.names()
        .flat_map(Words)
        .any(|w| is_one_of(w, &["entry", "post", "article", "story"]))
}

/// Whether an element is left out of the body read from `root`: chrome,
/// any `<header>` (the story's own header gives title and lead, not
/// paragraphs), `<h1>` (the headline) and the document's `<head>`.
pub(super) fn excluded_from_body(
    node: Nd<'_>,
    e: &Element,
    weights: &Weights,
    root: NodeId,
) -> bool {
    matches!(e.name(), "h1" | "head") || is_chrome(node, e, &Attrs::of(e), false, weights, root)
}

/// A `<form>` around the story is a page wrapper (ASP.NET), not a widget.
fn wraps_story(form: Nd<'_>) -> bool {
    form.descendants().any(|n| {
        n.value()
            .as_element()
            .is_some_and(|e| matches!(e.name(), "article" | "main" | "h1"))
    })
}

fn style_hides(style: &str) -> bool {
    style.split(';').any(|decl| {
        decl.split_once(':').is_some_and(|(prop, value)| {
            let (prop, value) = (prop.trim(), value.trim());
            (prop.eq_ignore_ascii_case("display") && value.eq_ignore_ascii_case("none"))
                || (prop.eq_ignore_ascii_case("visibility") && value.eq_ignore_ascii_case("hidden"))
        })
    })
}

/// Class or id words of the line that carries author and date.
/// Most author-marked elements kept: a page lists its writers near the
/// top, and a long list is a staff directory.
const MAX_AUTHOR_MARKS: usize = 16;

/// Class and id words of an element that names an author.
const AUTHOR_WORDS: [&str; 2] = ["author", "byline"];

/// Class and id words of a byline or dateline. `date` and `posted` are
/// how themes mark the visible date (`entry-date`, `article-date`,
/// `posted-on`); only a short element's text is read for a date.
const BYLINE_WORDS: [&str; 7] = [
    "byline",
    "dateline",
    "timestamp",
    "published",
    "pubdate",
    "date",
    "posted",
];

/// Whether microdata or a link's `rel` says an element names an author.
fn marks_author(a: &Attrs<'_>) -> bool {
    has_itemprop(a, "author")
        || a.rel.is_some_and(|r| {
            r.split_ascii_whitespace()
                .any(|r| r.eq_ignore_ascii_case("author"))
        })
}

fn name_marks_chrome(name: &str) -> bool {
    if HIDDEN_NAMES.iter().any(|h| name.eq_ignore_ascii_case(h)) {
        return true;
    }
    let mut words = Words(name);
    match words.next() {
        Some(first) if is_one_of(first, &MODIFIER_WORDS) => false,
        Some(first) => std::iter::once(first).chain(words).any(|w| {
            is_one_of(w, &CHROME_WORDS)
                || CHROME_PREFIXES
                    .iter()
                    .any(|p| w.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)))
        }),
        None => false,
    }
}

/// The words of a class or id name: split at anything not a letter or
/// digit, and where a lower-case letter meets an upper-case one.
struct Words<'a>(&'a str);

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        // Bytes of 0x80 and above count as letters: only ASCII positions
        // are cut at, so every slice is on a char boundary.
        let is_sep = |b: u8| b < 0x80 && !b.is_ascii_alphanumeric();
        let rest = self
            .0
            .trim_start_matches(|c: char| c.is_ascii() && is_sep(c as u8));
        let bytes = rest.as_bytes();
        if bytes.is_empty() {
            self.0 = rest;
            return None;
        }
        let mut end = 1;
        while end < bytes.len()
            && !is_sep(bytes[end])
            && !(bytes[end - 1].is_ascii_lowercase() && bytes[end].is_ascii_uppercase())
        {
            end += 1;
        }
        let (word, tail) = rest.split_at(end);
        self.0 = tail;
        Some(word)
    }
}

/// First words of a class or id for the story's text (`article-body`).
const STORY_WORDS: [&str; 6] = ["article", "story", "entry", "post", "content", "news"];
/// Second words of such a class or id.
const TEXT_WORDS: [&str; 3] = ["body", "content", "text"];
/// Ids and one-word class names of the story's text.
const STORY_NAMES: [&str; 9] = [
    "content",
    "main-content",
    "maincontent",
    "articlebody",
    "storybody",
    "storytext",
    "articletext",
    "entrycontent",
    "postbody",
];

fn container_kind(name: &str, a: &Attrs<'_>) -> Option<Kind> {
    if name == "article" {
        Some(Kind::Article)
    } else if has_itemprop(a, "articleBody") {
        Some(Kind::ArticleBody)
    } else if name == "main"
        || a.role
            .is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
    {
        Some(Kind::Main)
    } else if a.names().any(names_story_text) {
        Some(Kind::ContentLike)
    } else {
        None
    }
}

fn names_story_text(name: &str) -> bool {
    if is_one_of(name, &STORY_NAMES) {
        return true;
    }
    let mut words = Words(name);
    let mut prev = match words.next() {
        Some(w) => w,
        None => return false,
    };
    for word in words {
        if is_one_of(prev, &STORY_WORDS) && is_one_of(word, &TEXT_WORDS) {
            return true;
        }
        prev = word;
    }
    false
}

/// Class or id words of a standfirst.
const STANDFIRST_WORDS: [&str; 11] = [
    "standfirst",
    "dek",
    "deck",
    "lede",
    "lead",
    "summary",
    "subtitle",
    "subheadline",
    "excerpt",
    "intro",
    "teaser",
];

fn marks_standfirst(a: &Attrs<'_>) -> bool {
    has_itemprop(a, "description")
        || a.names()
            .any(|n| Words(n).any(|w| is_one_of(w, &STANDFIRST_WORDS)))
}

/// How much a `<time>` is trusted as the publication date: marked as such
/// (`itemprop=datePublished`, `pubdate`) beats unmarked, in-story beats
/// elsewhere, and one marked as a modification date comes last.
fn time_rank(a: &Attrs<'_>, in_story: bool) -> u8 {
    let modified = has_itemprop(a, "dateModified")
        || a.names()
            .any(|n| Words(n).any(|w| is_one_of(w, &["updated", "modified", "update"])));
    if modified {
        return 0;
    }
    let marked = has_itemprop(a, "datePublished") || a.pubdate;
    1 + 2 * u8::from(marked) + u8::from(in_story)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::html::testkit::{page, parse};

    #[test]
    fn article_body_leaves_out_chrome() {
        let body = r#"
            <nav><ul><li>Home</li><li>World</li></ul></nav>
            <article>
              <h1>Head</h1>
              <p>First paragraph.</p>
              <script>var x = "script text";</script><style>p { color: red }</style>
              <figure><img src="a.jpg"><figcaption>A caption.</figcaption></figure>
              <div class="share-buttons"><p>Share on Facebook now</p></div>
              <aside><p>Aside text.</p></aside>
              <p>Second paragraph.</p>
              <footer><p>Article footer.</p></footer>
            </article>
            <footer><p>Copyright Gazette.</p></footer>"#;
        let a = parse(&page("<title>T</title>", body));
        assert_eq!(a.body, "First paragraph.\nSecond paragraph.");
    }

    #[test]
    fn hidden_elements_are_left_out() {
        let body = r#"<article><p>Seen.</p><p hidden>Hidden.</p><p aria-hidden="true">Aria.</p>
            <p style="display: none">Styled.</p><p>Also <span class="sr-only">screen reader</span>seen.</p></article>"#;
        assert_eq!(
            parse(&page("<title>T</title>", body)).body,
            "Seen.\nAlso seen."
        );
    }

    #[test]
    fn article_with_most_paragraph_text_wins() {
        let body = "<article><p>Short teaser.</p></article>
            <article><p>The long story, with much more text in it than the teaser.</p></article>";
        let a = parse(&page("<title>T</title>", body));
        assert_eq!(
            a.body,
            "The long story, with much more text in it than the teaser."
        );
    }

    #[test]
    fn without_article_the_densest_block_is_the_body() {
        let body = r#"<div class="top"><p>Menu-ish line.</p></div>
            <div class="x"><div class="y"><p>One long paragraph of the story.</p>
            <p>Another long paragraph of the story.</p></div></div>
            <div><p>Short.</p></div>"#;
        let a = parse(&page("<title>T</title>", body));
        assert_eq!(
            a.body,
            "One long paragraph of the story.\nAnother long paragraph of the story."
        );
    }

    #[test]
    fn article_body_itemprop_beats_main() {
        let body = r#"<main><p>Main-only text that is not the story.</p>
            <div itemprop="articleBody"><p>The story itself, which is longer.</p></div></main>"#;
        let a = parse(&page("<title>T</title>", body));
        assert_eq!(a.body, "The story itself, which is longer.");
    }

    #[test]
    fn content_like_class_is_a_container() {
        let body = r#"<div class="c-article-body__wrap"><p>Story text here.</p><ul><li>A point.</li></ul></div>
            <div class="other"><p>Other text.</p></div>"#;
        let a = parse(&page("<title>T</title>", body));
        assert_eq!(a.body, "Story text here.\nA point.");
    }

    #[test]
    fn chrome_nested_in_article_is_dropped() {
        let body = r#"<article class="post tag-social category-comments">
            <header><h1>Head</h1><p class="byline">By Ann Lee</p></header>
            <div class="article__body">
              <p>Real text.</p>
              <div class="newsletter-signup"><p>Get our newsletter!</p></div>
              <div id="relatedStories"><ul><li>Other story</li></ul></div>
              <div class="ad-slot"><p>Buy things</p></div>
              <p>More real text.</p>
            </div>
            <section class="comments"><p>First!</p></section>
            </article>"#;
        let a = parse(&page("<title>T</title>", body));
        assert_eq!(a.body, "Real text.\nMore real text.");
    }

    #[test]
    fn modifier_classes_do_not_make_chrome() {
        let body = r#"<div class="layout has-sidebar"><article><p>Kept.</p></article></div>
            <div class="lead-para"><p>Not an ad.</p></div>"#;
        assert!(name_marks_chrome("ad-slot"));
        assert!(!name_marks_chrome("lead-para"));
        assert!(!name_marks_chrome("head-adding"));
        assert_eq!(parse(&page("<title>T</title>", body)).body, "Kept.");
    }

    #[test]
    fn form_wrapping_the_page_is_not_chrome() {
        let body = r#"<form id="aspnetForm"><div id="content"><h1>Head</h1><p>Story.</p></div>
            <form class="search"><p>Search here</p></form></form>"#;
        let a = parse(&page("", body));
        assert_eq!(a.meta.title, "Head");
        assert_eq!(a.body, "Story.");
    }

    /// A paragraph of running text, long enough that a few of them make a
    /// story the library takes on.
    fn prose(n: usize) -> String {
        format!("<p>Paragraph {n} of the story, with enough words in it to read as running text about the council and its vote on the new harbour wall.</p>")
    }

    #[test]
    fn issue_12_clutter_word_wrapper_holding_the_story_is_kept() {
        let story: String = (0..6).map(prose).collect();
        for wrapper in [
            r#"<div class="panel-two-col-sidebar-right-mix">"#,
            r#"<div id="evolve-shared-mutable-history">"#,
            r#"<div class="l-sidebar-fixed">"#,
        ] {
            let body = format!(
                r#"<div class="share"><a href="/f">Facebook</a></div>{wrapper}<h1>Head</h1>{story}</div>"#
            );
            let a = parse(&page("<title>T</title>", &body));
            assert!(
                a.body.contains("Paragraph 0 of the story"),
                "{wrapper}: {}",
                a.body
            );
            assert!(
                a.body.contains("Paragraph 5 of the story"),
                "{wrapper}: {}",
                a.body
            );
            assert!(!a.body.contains("Facebook"), "{wrapper}: {}", a.body);
        }
    }

    #[test]
    fn issue_12_a_newsletter_box_inside_the_story_still_goes() {
        let story: String = (0..6).map(prose).collect();
        let body = format!(
            r#"<article><h1>Head</h1>{story}<div class="newsletter-signup"><p>Get our morning briefing every day.</p><p>We keep your address to ourselves.</p></div></article>"#
        );
        let a = parse(&page("<title>T</title>", &body));
        assert!(!a.body.contains("briefing"), "{}", a.body);
        assert_eq!(a.body.lines().count(), 6);
    }

    #[test]
    fn issue_12_story_in_divs_and_br_lines_is_read() {
        let lines: String = (0..8)
            .map(|n| format!("Line {n} of a chapter written without any paragraph tags at all, only line breaks.<br><br>"))
            .collect();
        let body = format!(r#"<div class="chapter-content">{lines}</div>"#);
        let a = parse(&page("<title>T</title>", &body));
        assert_eq!(a.body.lines().count(), 8, "{}", a.body);
        assert!(a.body.starts_with("Line 0 of a chapter"));
    }

    #[test]
    fn issue_12_headline_list_inside_the_story_is_dropped_by_shape() {
        let story: String = (0..6).map(prose).collect();
        let teasers: String = (0..5)
            .map(|n| {
                format!(
                    r#"<li><a href="/s{n}">Other story number {n} about something else</a></li>"#
                )
            })
            .collect();
        let body = format!(
            r#"<article><h1>Head</h1>{story}<ul class="x1">{teasers}</ul><p>Closing paragraph with a <a href="/x">link</a> in it.</p></article>"#
        );
        let a = parse(&page("<title>T</title>", &body));
        assert!(!a.body.contains("Other story"), "{}", a.body);
        assert!(a.body.contains("Closing paragraph with a link in it."));
    }

    #[test]
    fn issue_12_table_text_is_read() {
        let rows: String = (0..8)
            .map(|n| format!("<tr><td>Row {n} holds a sentence of the story that was laid out in a table cell.</td></tr>"))
            .collect();
        let body = format!("<div><table>{rows}</table></div>");
        let a = parse(&page("<title>T</title>", &body));
        assert_eq!(a.body.lines().count(), 8, "{}", a.body);
    }

    #[test]
    fn words_split_on_separators_and_camel_case() {
        let words: Vec<&str> = Words("c-share_bar relatedStories--x").collect();
        assert_eq!(words, ["c", "share", "bar", "related", "Stories", "x"]);
    }
}
