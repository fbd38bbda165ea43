//! Saved HTML article pages: the story found inside a news site's chrome.
//!
//! This module owns one question: given a whole saved page (a browser "save
//! page", a wget mirror, a scraper dump), which text is the headline, the
//! standfirst, the publication date and the story's paragraphs? It leaves
//! decoding bytes to [`super::decode`], reading date text to
//! [`super::date`], and speakers, trimming and the empty-title check to
//! [`super::Parts::into_article`]. Bylines and authors are never handed on as
//! speakers: authors write, speakers are quoted.
//!
//! Key decisions:
//!
//! - **Parser: `scraper`, which is html5ever plus a tree.** html5ever
//!   implements the WHATWG parsing algorithm, so the broken markup of real
//!   saved pages (unclosed `<p>`, stray `</div>`, `<p>` inside `<span>`)
//!   gives the same tree a browser would build, and entities are decoded by
//!   the spec's table. `tl` is faster but not spec-conformant, which shows
//!   exactly on the malformed pages archives are full of; `lol_html` streams
//!   and cannot answer "which element holds the most paragraph text"
//!   without a tree of our own. We use no CSS selectors: one walk over the
//!   tree gathers every candidate at once, and selectors would mean a walk
//!   each.
//! - **Metadata before markup.** Sites fill `og:*`, `article:*` and JSON-LD
//!   for search engines and social cards, so these are cleaner than any
//!   guess from layout; markup (`<h1>`, `<time>`, `<title>`) is the
//!   fallback. Every rule's order is in [`parse`]'s documentation.
//! - **Chrome is recognised by tag, by attribute and by class or id words.**
//!   Class and id names are split into words (`relatedStories`,
//!   `c-share-bar`, `article__footer`) and matched whole, so `ad` catches
//!   `ad-slot` but not `lead-para` or `headline`. Two guards keep
//!   wrappers from being thrown away with their chrome: `html`, `body`,
//!   `article`, `main` and `[itemprop=articleBody]` are never chrome by
//!   class (WordPress puts `tag-social` and `category-comments` on them),
//!   and a class whose first word is a modifier (`has-sidebar`,
//!   `with-comments`, `category-social`) describes its element's
//!   neighbours, not the element. A `<form>` that wraps the story (ASP.NET
//!   pages wrap the whole body in one) is not chrome. `<header>` is site
//!   chrome outside `<article>`/`<main>`; inside them it is the story's own
//!   header, read for the title, date and standfirst but kept out of the body.
//! - **No recursion.** Walks use ego-tree's edge iterator with explicit
//!   stacks, so deeply nested markup costs time, never the stack. Each walk
//!   is linear in the size of the tree. (Building the tree is not:
//!   html5ever's scope checks, like the spec's, are quadratic in nesting
//!   depth, so 20,000 nested `<div>`s take most of a second. Real pages
//!   nest a few dozen deep.)

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};
use serde_json::Value;

use super::date::{parse_date, parse_date_header, ParsedDate};
use super::{ParseError, Parts};

/// A node of the parsed page.
type Nd<'a> = NodeRef<'a, Node>;

/// Extracts title, lead, date and body paragraphs from an HTML page.
///
/// - Title: `og:title`, `twitter:title`, JSON-LD `headline`, the first
///   `<h1>` in `<article>`/`<main>`, the first `<h1>` outside chrome, then
///   `<title>` less a trailing ` | Site`. A site name known from
///   `og:site_name` is cut from either end of any of them.
/// - Date: `article:published_time`, JSON-LD `datePublished`, the
///   `date`/`pubdate`/`dc.date`/... metas, `[itemprop=datePublished]`, then
///   `<time datetime>` (those in the body's container first, then marked,
///   then in-story ones), then the text of a `<time>`: the first that
///   [`parse_date`] reads.
/// - Lead: `og:description`, `description`, JSON-LD `description`,
///   `twitter:description`, then a standfirst-classed element in the story.
///   A lead repeated as one of the first body paragraphs is kept once.
/// - Body: the `<article>` with most paragraph text, else
///   `[itemprop=articleBody]`, `<main>`/`[role=main]`, an `#content` or
///   `.article-body`-like container, else the element whose `<p>` children
///   hold the most text. A container with less than half the paragraph
///   text of that densest element is passed over as a teaser. Then one
///   paragraph per `p`, `h2`-`h6`, `li`, `blockquote` and `pre`, chrome,
///   boilerplate ("Advertisement", "Read more: ...") and date-only lines
///   left out.
///
/// Owned strings come out: html5ever's text lives in its own tree, which
/// does not outlive this call.
pub(super) fn parse(text: &str) -> Result<Parts<'static>, ParseError> {
    let doc = Html::parse_document(text);
    let scan = Scan::new(&doc);
    let linked = LinkedData::from_scripts(&scan.json_ld);
    let title = scan.title(&linked).ok_or(ParseError::NoTitle)?;
    let container = scan.body_container(&doc);
    let date = scan.date(&linked, container);
    let lead = scan.lead(&linked);
    let mut text_date = None;
    let mut paragraphs: Vec<String> = Vec::new();
    for p in extract_text(container, true) {
        if is_boilerplate(&p) {
            continue;
        }
        // A date line in the story ("Wed, 11 Dec 2024 14:20") is the
        // page's last word on the date when the markup gave none.
        if let Some(d) = parse_date(&p).or_else(|| {
            (paragraphs.len() < 3)
                .then(|| parse_date_header(&p))
                .flatten()
        }) {
            text_date.get_or_insert(d);
            if parse_date(&p).is_some() {
                continue;
            }
        }
        paragraphs.push(p);
    }
    let date = date.or(text_date);
    let lead = dedupe_lead(lead, &mut paragraphs);
    Ok(Parts {
        title: Cow::Owned(title),
        lead: lead.map(Cow::Owned),
        date,
        unreadable_date: None,
        paragraphs: paragraphs.into_iter().map(Cow::Owned).collect(),
    })
}

/// The `<meta>` names and properties read (as `name` or `property`, since
/// sites mix them up), each with its slot in [`Scan::metas`].
const META_KEYS: [&str; 15] = [
    "og:title",
    "twitter:title",
    "og:site_name",
    "application-name",
    "article:published_time",
    "date",
    "pubdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
    "parsely-pub-date",
    "og:description",
    "description",
    "twitter:description",
];
const OG_TITLE: usize = 0;
const TWITTER_TITLE: usize = 1;
const SITE_NAMES: [usize; 2] = [2, 3];
const PUBLISHED_TIME: usize = 4;
const DATE_NAMES: std::ops::Range<usize> = 5..12;
const OG_DESCRIPTION: usize = 12;
const DESCRIPTION: usize = 13;
const TWITTER_DESCRIPTION: usize = 14;

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
struct Scan<'a> {
    metas: [Option<&'a str>; META_KEYS.len()],
    itemprop_date: Option<&'a str>,
    title: Option<Nd<'a>>,
    json_ld: Vec<Nd<'a>>,
    h1_in_story: Option<Nd<'a>>,
    h1: Option<Nd<'a>>,
    /// `<time>` elements with their rank (see [`time_rank`]).
    times: Vec<(u8, Nd<'a>)>,
    /// Bylines and datelines: chrome for the body, but where many pages
    /// put the publication date ("By Ann Lee · 12 November 2024").
    bylines: Vec<Nd<'a>>,
    standfirst: Option<Nd<'a>>,
    containers: Vec<Container<'a>>,
    /// Text of each element's direct `<p>` children, by element.
    density: HashMap<NodeId, usize>,
}

/// What an open element started, so its close can undo it.
const CHROME: u8 = 1;
const STORY: u8 = 2;
const PARA: u8 = 4;
const CONTAINER: u8 = 8;

impl<'a> Scan<'a> {
    fn new(doc: &'a Html) -> Self {
        let mut scan = Scan {
            metas: [None; META_KEYS.len()],
            itemprop_date: None,
            title: None,
            json_ld: Vec::new(),
            h1_in_story: None,
            h1: None,
            times: Vec::new(),
            bylines: Vec::new(),
            standfirst: None,
            containers: Vec::new(),
            density: HashMap::new(),
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
        if is_chrome(node, e, &a, in_story) {
            if a.names().any(name_marks_byline) {
                self.bylines.push(node);
                for inner in node.descendants() {
                    if let Some(t) = inner.value().as_element().filter(|t| t.name() == "time") {
                        self.times.push((time_rank(&Attrs::of(t), in_story), inner));
                    }
                }
            }
            return CHROME;
        }
        let mut flags = 0;
        match name {
            "meta" => self.record_meta(&a),
            "title" if self.title.is_none() => self.title = Some(node),
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

    fn record_meta(&mut self, a: &Attrs<'a>) {
        let Some(content) = a.content.filter(|c| !c.trim().is_empty()) else {
            return;
        };
        for key in [a.property, a.name].into_iter().flatten() {
            if let Some(slot) = META_KEYS
                .iter()
                .position(|k| key.trim().eq_ignore_ascii_case(k))
            {
                self.metas[slot].get_or_insert(content);
            }
        }
    }

    fn site_name(&self) -> Option<&'a str> {
        SITE_NAMES
            .iter()
            .find_map(|&slot| self.metas[slot])
            .map(str::trim)
    }

    fn title(&self, linked: &LinkedData) -> Option<String> {
        let site = self.site_name();
        let strip = |t: String| match site.and_then(|s| strip_site_name(&t, s)) {
            Some(shorter) => shorter.to_string(),
            None => t,
        };
        let declared = [
            self.metas[OG_TITLE],
            self.metas[TWITTER_TITLE],
            linked.headline.as_deref(),
        ];
        declared
            .into_iter()
            .flatten()
            .find_map(clean)
            .map(strip)
            .or_else(|| {
                [self.h1_in_story, self.h1]
                    .into_iter()
                    .flatten()
                    .find_map(|h1| extract_text(h1, false).pop())
            })
            .or_else(|| {
                let title = extract_text(self.title?, false).pop()?;
                let shorter = match site.and_then(|s| strip_site_name(&title, s)) {
                    Some(shorter) => shorter,
                    None => strip_title_suffix(&title),
                };
                Some(shorter.to_string())
            })
    }

    /// The publication date; `body` is the story's container, whose own
    /// `<time>`s beat those of teasers elsewhere on the page.
    fn date(&self, linked: &LinkedData, body: Nd<'a>) -> Option<ParsedDate> {
        let declared = std::iter::once(self.metas[PUBLISHED_TIME])
            .chain(std::iter::once(linked.date_published.as_deref()))
            .chain(self.metas[DATE_NAMES].iter().copied())
            .chain(std::iter::once(self.itemprop_date))
            .flatten();
        if let Some(date) = declared.into_iter().find_map(parse_date) {
            return Some(date);
        }
        let mut times: Vec<((bool, u8), Nd<'a>)> = self
            .times
            .iter()
            .map(|&(rank, t)| ((t.ancestors().any(|a| a.id() == body.id()), rank), t))
            .collect();
        // Stable, so equal ranks keep document order.
        times.sort_by_key(|&(rank, _)| Reverse(rank));
        times
            .iter()
            .filter_map(|(_, t)| t.value().as_element()?.attr("datetime"))
            .find_map(parse_date)
            .or_else(|| {
                times.iter().find_map(|&(_, t)| {
                    let text = extract_text(t, false).pop()?;
                    parse_date(&text).or_else(|| parse_date_header(&text))
                })
            })
            .or_else(|| {
                self.bylines.iter().find_map(|&b| {
                    let text = extract_text(b, false).pop()?;
                    parse_date(&text).or_else(|| parse_date_header(&text))
                })
            })
    }

    fn lead(&self, linked: &LinkedData) -> Option<String> {
        let declared = [
            self.metas[OG_DESCRIPTION],
            self.metas[DESCRIPTION],
            linked.description.as_deref(),
            self.metas[TWITTER_DESCRIPTION],
        ];
        declared
            .into_iter()
            .flatten()
            .find_map(clean)
            .or_else(|| extract_text(self.standfirst?, false).pop())
    }

    /// The element the body is read from (see [`parse`]).
    fn body_container(&self, doc: &'a Html) -> Nd<'a> {
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

/// The attributes the rules look at, read in one pass over an element's
/// attributes (looking each up by name would intern it, under a lock).
#[derive(Debug, Default)]
struct Attrs<'a> {
    class: Option<&'a str>,
    id: Option<&'a str>,
    role: Option<&'a str>,
    itemprop: Option<&'a str>,
    style: Option<&'a str>,
    kind: Option<&'a str>,
    name: Option<&'a str>,
    property: Option<&'a str>,
    content: Option<&'a str>,
    hidden: bool,
    aria_hidden: bool,
    pubdate: bool,
}

impl<'a> Attrs<'a> {
    fn of(e: &'a Element) -> Self {
        let mut a = Attrs::default();
        for (key, value) in e.attrs() {
            match key {
                "class" => a.class = Some(value),
                "id" => a.id = Some(value),
                "role" => a.role = Some(value),
                "itemprop" => a.itemprop = Some(value),
                "style" => a.style = Some(value),
                "type" => a.kind = Some(value),
                "name" => a.name = Some(value),
                "property" => a.property = Some(value),
                "content" => a.content = Some(value),
                "hidden" => a.hidden = true,
                "aria-hidden" => a.aria_hidden = value.trim().eq_ignore_ascii_case("true"),
                "pubdate" => a.pubdate = true,
                _ => {}
            }
        }
        a
    }

    /// The class and id names, one at a time.
    fn names(&self) -> impl Iterator<Item = &'a str> {
        self.class
            .into_iter()
            .flat_map(str::split_ascii_whitespace)
            .chain(self.id.map(str::trim))
    }
}

fn has_itemprop(a: &Attrs<'_>, prop: &str) -> bool {
    a.itemprop
        .is_some_and(|p| p.split_ascii_whitespace().any(|p| p == prop))
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
/// `<header>` is the story's own.
fn is_chrome(node: Nd<'_>, e: &Element, a: &Attrs<'_>, in_story: bool) -> bool {
    let name = e.name();
    if CHROME_TAGS.contains(&name) {
        return true;
    }
    match name {
        "header" if !in_story => return true,
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
    !structural && a.names().any(name_marks_chrome)
}

/// Whether an element is left out of the body: chrome, any `<header>` (the
/// story's own header gives title and lead, not paragraphs) and `<h1>` (the
/// headline).
fn excluded_from_body(node: Nd<'_>, e: &Element) -> bool {
    e.name() == "h1" || is_chrome(node, e, &Attrs::of(e), false)
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
fn name_marks_byline(name: &str) -> bool {
    Words(name).any(|w| {
        is_one_of(
            w,
            &["byline", "dateline", "timestamp", "published", "pubdate"],
        )
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

fn is_one_of(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| word.eq_ignore_ascii_case(w))
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

/// Paragraph text, as the container choice weighs it: bytes outside
/// whitespace, so indentation in the source counts for nothing.
fn text_weight(text: &str) -> usize {
    text.split_whitespace().map(str::len).sum()
}

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
fn extract_text(root: Nd<'_>, split_blocks: bool) -> Vec<String> {
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

fn is_boilerplate(paragraph: &str) -> bool {
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
fn dedupe_lead(lead: Option<String>, paragraphs: &mut Vec<String>) -> Option<String> {
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

/// Separators between a headline and a site name, surest first: a `|`
/// is almost never part of a headline, a dash often is.
const TITLE_SEPARATORS: [&str; 7] = [" | ", " :: ", " — ", " – ", " - ", " · ", " • "];

/// A site name is short; a longer tail after a separator is more likely part of
/// the headline.
const MAX_SITE_NAME_WORDS: usize = 5;

/// Cuts a known site name, and its separator, from either end of a title.
fn strip_site_name<'t>(title: &'t str, site: &str) -> Option<&'t str> {
    if site.is_empty() {
        return None;
    }
    let cut = title.len().checked_sub(site.len())?;
    if let (Some(head), Some(tail)) = (title.get(..cut), title.get(cut..)) {
        if tail.eq_ignore_ascii_case(site) {
            if let Some(head) = TITLE_SEPARATORS.iter().find_map(|s| head.strip_suffix(s)) {
                return Some(head.trim()).filter(|h| !h.is_empty());
            }
        }
    }
    if let (Some(head), Some(tail)) = (title.get(..site.len()), title.get(site.len()..)) {
        if head.eq_ignore_ascii_case(site) {
            if let Some(tail) = TITLE_SEPARATORS.iter().find_map(|s| tail.strip_prefix(s)) {
                return Some(tail.trim()).filter(|t| !t.is_empty());
            }
        }
    }
    None
}

/// Cuts a trailing ` | Site` from a `<title>` when no site name is known.
fn strip_title_suffix(title: &str) -> &str {
    for sep in TITLE_SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let head = head.trim();
            if !head.is_empty() && tail.split_whitespace().count() <= MAX_SITE_NAME_WORDS {
                return head;
            }
            return title;
        }
    }
    title
}

/// Text from metadata made ready to use: entities a site encoded twice
/// decoded, whitespace collapsed; `None` when nothing is left.
fn clean(text: &str) -> Option<String> {
    let decoded = decode_leftover_entities(text);
    let mut out = String::with_capacity(decoded.len());
    for word in decoded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    (!out.is_empty()).then_some(out)
}

/// Decodes character references still present in text html5ever has
/// already decoded once (`&amp;amp;` in a `content` attribute), or in
/// JSON-LD, which is script text and never decoded. html5ever itself does
/// the decoding, with `<` escaped so no markup can form.
fn decode_leftover_entities(text: &str) -> Cow<'_, str> {
    if !has_entity_reference(text) {
        return Cow::Borrowed(text);
    }
    let fragment = Html::parse_fragment(&text.replace('<', "&lt;"));
    let mut out = String::with_capacity(text.len());
    for node in fragment.tree.root().descendants() {
        if let Node::Text(t) = node.value() {
            out.push_str(t);
        }
    }
    Cow::Owned(out)
}

/// Whether text holds `&name;`, `&#123;` or `&#x1F;`.
fn has_entity_reference(text: &str) -> bool {
    /// Longer than any entity name or numeric reference.
    const MAX_REFERENCE: usize = 32;
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'&')
        .any(|(i, _)| {
            let rest = bytes.get(i + 1..).unwrap_or_default();
            let (body, allowed): (&[u8], fn(&u8) -> bool) = match rest {
                [b'#', b'x' | b'X', body @ ..] => (body, u8::is_ascii_hexdigit),
                [b'#', body @ ..] => (body, u8::is_ascii_digit),
                _ => (rest, u8::is_ascii_alphanumeric),
            };
            let len = body
                .iter()
                .take(MAX_REFERENCE + 1)
                .take_while(|b| allowed(b))
                .count();
            (1..=MAX_REFERENCE).contains(&len) && body.get(len) == Some(&b';')
        })
}

/// What the page's JSON-LD says about its article.
#[derive(Debug, Default)]
struct LinkedData {
    headline: Option<String>,
    date_published: Option<String>,
    description: Option<String>,
}

/// schema.org types of a news story (and any `*NewsArticle`).
const ARTICLE_TYPES: [&str; 5] = [
    "Article",
    "NewsArticle",
    "ReportageNews",
    "BlogPosting",
    "LiveBlogPosting",
];

/// How deep arrays, `@graph` and `mainEntity` are followed; real pages need
/// three or four levels.
const MAX_LD_DEPTH: usize = 16;

impl LinkedData {
    fn from_scripts(scripts: &[Nd<'_>]) -> Self {
        let mut linked = LinkedData::default();
        let mut raw = String::new();
        for script in scripts {
            raw.clear();
            for node in script.descendants() {
                if let Node::Text(t) = node.value() {
                    raw.push_str(t);
                }
            }
            if let Some(value) = parse_json_ld(&raw) {
                linked.visit(&value, 0);
            }
        }
        linked
    }

    fn visit(&mut self, value: &Value, depth: usize) {
        if depth > MAX_LD_DEPTH {
            return;
        }
        match value {
            Value::Array(items) => {
                for item in items {
                    self.visit(item, depth + 1);
                }
            }
            Value::Object(map) => {
                if map.get("@type").is_some_and(is_article_type) {
                    fill(&mut self.headline, map.get("headline"));
                    fill(&mut self.date_published, map.get("datePublished"));
                    fill(&mut self.description, map.get("description"));
                }
                for key in ["@graph", "mainEntity"] {
                    if let Some(inner) = map.get(key) {
                        self.visit(inner, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Fills an empty slot from a JSON-LD string (or the first of a list of
/// them), entities decoded and whitespace collapsed.
fn fill(slot: &mut Option<String>, value: Option<&Value>) {
    if slot.is_some() {
        return;
    }
    let text = match value {
        Some(Value::String(s)) => s,
        Some(Value::Array(items)) => match items.first() {
            Some(Value::String(s)) => s,
            _ => return,
        },
        _ => return,
    };
    *slot = clean(text);
}

fn is_article_type(kind: &Value) -> bool {
    match kind {
        Value::String(s) => names_article_type(s),
        Value::Array(kinds) => kinds
            .iter()
            .any(|k| k.as_str().is_some_and(names_article_type)),
        _ => false,
    }
}

fn names_article_type(name: &str) -> bool {
    // `schema:NewsArticle`, `https://schema.org/NewsArticle`.
    let bare = name.rsplit(['/', ':', '#']).next().unwrap_or(name).trim();
    ARTICLE_TYPES.contains(&bare) || bare.ends_with("NewsArticle")
}

/// Parses a JSON-LD script, forgiving the wrappers (`<!-- -->`, CDATA) and
/// raw line breaks inside strings that real pages carry.
fn parse_json_ld(raw: &str) -> Option<Value> {
    let mut body = raw.trim();
    for (open, close) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
    ] {
        if let Some(inner) = body.strip_prefix(open).and_then(|b| b.strip_suffix(close)) {
            body = inner.trim();
        }
    }
    serde_json::from_str(body).ok().or_else(|| {
        // Control characters are invalid only inside strings, and as
        // spaces they are harmless between tokens.
        if !body.contains(char::is_control) {
            return None;
        }
        let spaced: String = body
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        serde_json::from_str(&spaced).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse_file, Article, ParseOptions};

    fn parse(html: &str) -> Article {
        super::parse(html)
            .unwrap()
            .into_article("x.html", &ParseOptions::default())
            .unwrap()
    }

    fn utc(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        Some(s.parse().unwrap())
    }

    fn page(head: &str, body: &str) -> String {
        format!("<!doctype html><html><head>{head}</head><body>{body}</body></html>")
    }

    const ALL_TITLES: &str = r#"
        <title>From title | Site</title>
        <meta property="og:title" content="From og">
        <meta name="twitter:title" content="From twitter">
        <script type="application/ld+json">{"@type":"NewsArticle","headline":"From JSON-LD"}</script>"#;
    const H1S: &str =
        "<h1>First h1</h1><article><h1>Article h1</h1><p>Text of the story.</p></article>";

    #[test]
    fn og_title_comes_first() {
        assert_eq!(parse(&page(ALL_TITLES, H1S)).meta.title, "From og");
    }

    #[test]
    fn twitter_title_beats_json_ld() {
        let head = ALL_TITLES.replace("og:title", "og:other");
        assert_eq!(parse(&page(&head, H1S)).meta.title, "From twitter");
    }

    #[test]
    fn json_ld_headline_beats_h1() {
        let head = ALL_TITLES
            .replace("og:title", "x")
            .replace("twitter:title", "y");
        assert_eq!(parse(&page(&head, H1S)).meta.title, "From JSON-LD");
    }

    #[test]
    fn h1_in_article_beats_first_h1() {
        assert_eq!(
            parse(&page("<title>T | Site</title>", H1S)).meta.title,
            "Article h1"
        );
    }

    #[test]
    fn first_h1_is_used_outside_any_article() {
        let a = parse(&page("<title>T</title>", "<h1> Plain\n  h1 </h1><p>x</p>"));
        assert_eq!(a.meta.title, "Plain h1");
    }

    #[test]
    fn h1_in_site_header_is_not_the_title() {
        let body = r#"<header><h1 class="logo">Riverton Gazette</h1></header><p>Text.</p>"#;
        let a = parse(&page(
            "<title>Flood waters recede | Riverton Gazette</title>",
            body,
        ));
        assert_eq!(a.meta.title, "Flood waters recede");
    }

    #[test]
    fn title_element_loses_its_site_suffix() {
        for title in [
            "Bridge reopens | The Courier",
            "Bridge reopens - The Courier",
            "Bridge reopens — The Courier",
            "Bridge reopens :: The Courier",
        ] {
            let a = parse(&page(&format!("<title>{title}</title>"), "<p>x</p>"));
            assert_eq!(a.meta.title, "Bridge reopens", "{title}");
        }
    }

    #[test]
    fn long_tail_after_dash_stays_in_title() {
        let title = "Storm hits coast - thousands of homes are left without power overnight";
        let a = parse(&page(&format!("<title>{title}</title>"), "<p>x</p>"));
        assert_eq!(a.meta.title, title);
    }

    #[test]
    fn pipe_is_cut_before_a_dash_in_the_headline() {
        let a = parse(&page(
            "<title>Storm hits coast - power cut | The Courier</title>",
            "<p>x</p>",
        ));
        assert_eq!(a.meta.title, "Storm hits coast - power cut");
    }

    #[test]
    fn known_site_name_is_cut_from_og_title() {
        let head = r#"<meta property="og:site_name" content="The Courier">
            <meta property="og:title" content="The Courier | Bridge reopens">"#;
        assert_eq!(parse(&page(head, "<p>x</p>")).meta.title, "Bridge reopens");
    }

    #[test]
    fn title_entities_are_decoded_and_whitespace_collapsed() {
        let a = parse(&page(
            "<title>Caf&eacute;   owners\n &amp; the&nbsp;council</title>",
            "",
        ));
        assert_eq!(a.meta.title, "Café owners & the council");
    }

    #[test]
    fn doubly_encoded_meta_title_is_decoded() {
        let head = r#"<meta property="og:title" content="Fish &amp;amp; chips &amp;lt;3">"#;
        assert_eq!(parse(&page(head, "")).meta.title, "Fish & chips <3");
    }

    #[test]
    fn page_without_title_is_no_title() {
        let err = super::parse(&page("", "<div>Just a div</div>")).unwrap_err();
        assert_eq!(err, ParseError::NoTitle);
    }

    #[test]
    fn not_html_at_all_still_parses() {
        assert_eq!(
            super::parse("just some words").unwrap_err(),
            ParseError::NoTitle
        );
        let a = parse("<title>Plain</title>just some words");
        assert_eq!(a.meta.title, "Plain");
    }

    fn date_of(head: &str, body: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        parse(&page(&format!("<title>T</title>{head}"), body))
            .meta
            .date
    }

    #[test]
    fn published_time_meta_comes_first() {
        let head = r#"<meta name="date" content="2020-01-01">
            <meta property="article:published_time" content="2024-03-07T09:45:00+01:00">"#;
        assert_eq!(date_of(head, ""), utc("2024-03-07T08:45:00Z"));
    }

    #[test]
    fn json_ld_date_beats_named_metas() {
        let head = r#"<meta name="pubdate" content="2020-01-01">
            <script type="application/ld+json">{"@type":"ReportageNews","datePublished":"2024-03-07T09:45:00Z"}</script>"#;
        assert_eq!(date_of(head, ""), utc("2024-03-07T09:45:00Z"));
    }

    #[test]
    fn each_named_date_meta_is_read() {
        for name in [
            "date",
            "pubdate",
            "publish-date",
            "dc.date",
            "DC.date.issued",
            "sailthru.date",
            "parsely-pub-date",
        ] {
            let head = format!(r#"<meta name="{name}" content="2024-03-07 09:45">"#);
            assert_eq!(date_of(&head, ""), utc("2024-03-07T09:45:00Z"), "{name}");
        }
    }

    #[test]
    fn itemprop_date_published_meta_is_read() {
        let body =
            r#"<article><meta itemprop="datePublished" content="2024-03-07"><p>x</p></article>"#;
        assert_eq!(date_of("", body), utc("2024-03-07T00:00:00Z"));
    }

    #[test]
    fn unparseable_meta_date_falls_through_to_the_next() {
        let head = r#"<meta property="article:published_time" content="yesterday">
            <meta name="date" content="2024-03-07">"#;
        assert_eq!(date_of(head, ""), utc("2024-03-07T00:00:00Z"));
    }

    #[test]
    fn time_in_article_beats_time_in_page() {
        let body = r#"<div><time datetime="2020-01-01">Jan 1</time></div>
            <article><time datetime="2024-03-07T10:00:00Z">7 March</time><p>x</p></article>"#;
        assert_eq!(date_of("", body), utc("2024-03-07T10:00:00Z"));
    }

    #[test]
    fn marked_time_beats_unmarked_and_modified_comes_last() {
        let body = r#"<article>
            <time class="updated" datetime="2024-03-09">9 March</time>
            <time datetime="2024-03-08">8 March</time>
            <time itemprop="datePublished" datetime="2024-03-07">7 March</time><p>x</p></article>"#;
        assert_eq!(date_of("", body), utc("2024-03-07T00:00:00Z"));
    }

    #[test]
    fn time_in_related_aside_is_ignored() {
        let body = r#"<aside class="related"><time datetime="2020-01-01">old</time></aside>
            <article><p>x</p><time>7 March 2024 09:45</time></article>"#;
        assert_eq!(date_of("", body), utc("2024-03-07T09:45:00Z"));
    }

    #[test]
    fn time_in_a_byline_gives_the_date() {
        let body = r#"<article><h1>Head</h1><div class="byline">By <a href="/a">Ann Lee</a>
            <time datetime="2024-11-12T08:30:00+00:00">Tuesday</time></div><p>Text here.</p></article>"#;
        assert_eq!(date_of("", body), utc("2024-11-12T08:30:00Z"));
    }

    #[test]
    fn dateline_paragraph_gives_the_date() {
        let body = r#"<div id="story"><h1>Head</h1><p class="dateline">Wed, 11 Dec 2024 14:20:00 +0000</p>
            <p>The debate was long and heated, and both candidates spoke about pensions.</p></div>"#;
        assert_eq!(date_of("", body), utc("2024-12-11T14:20:00Z"));
    }

    #[test]
    fn time_text_is_read_when_no_datetime() {
        let body = "<article><p>By Ann Lee, <time>Published: 7 March 2024</time></p></article>";
        assert_eq!(date_of("", body), utc("2024-03-07T00:00:00Z"));
    }

    #[test]
    fn json_ld_in_a_graph_is_found() {
        let head = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"WebPage","name":"Not this"},
            {"@type":["NewsArticle"],"headline":"Graph headline","datePublished":"2024-03-07",
             "description":"Graph lead."}]}</script>"#;
        let a = parse(&page(head, ""));
        assert_eq!(a.meta.title, "Graph headline");
        assert_eq!(a.meta.date, utc("2024-03-07T00:00:00Z"));
        assert_eq!(a.meta.lead.as_deref(), Some("Graph lead."));
    }

    #[test]
    fn json_ld_in_an_array_skips_other_types() {
        let head = r#"<script type="application/ld+json">
            [{"@type":"Organization","headline":"Org"},
             {"@type":"schema:BlogPosting","headline":"Blog &amp; array\nheadline"}]
            </script>"#;
        assert_eq!(parse(&page(head, "")).meta.title, "Blog & array headline");
    }

    #[test]
    fn broken_json_ld_is_skipped() {
        let head = r#"<title>Fallback</title><script type="application/ld+json">{"@type":"NewsArticle","headline":</script>"#;
        assert_eq!(parse(&page(head, "")).meta.title, "Fallback");
    }

    #[test]
    fn lead_comes_from_og_description() {
        let head = r#"<title>T</title><meta name="description" content="Plain description.">
            <meta property="og:description" content="The og lead.">"#;
        assert_eq!(
            parse(&page(head, "")).meta.lead.as_deref(),
            Some("The og lead.")
        );
    }

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
    fn standfirst_in_article_header_is_the_lead_when_no_meta() {
        let body = r#"<article><header><h1>Head</h1><p class="standfirst">The short version.</p>
            <p class="byline">By Ann Lee</p></header><p>Body text.</p></article>"#;
        let a = parse(&page("", body));
        assert_eq!(a.meta.lead.as_deref(), Some("The short version."));
        assert_eq!(a.body, "Body text.");
    }

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

    #[test]
    fn date_only_paragraph_is_dropped() {
        let body = "<article><p>7 March 2024</p><p>Story.</p></article>";
        assert_eq!(parse(&page("<title>T</title>", body)).body, "Story.");
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

    #[test]
    fn deep_nesting_does_not_overflow_the_stack() {
        // Deep enough to overflow a recursive walk on a test thread's 2 MiB
        // stack; html5ever's scope checks make deeper pages slow to build.
        let depth = 5_000;
        let html = format!(
            "<title>Deep</title>{}<p>Bottom.</p>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let a = parse(&html);
        assert_eq!(a.meta.title, "Deep");
        assert_eq!(a.body, "Bottom.");
    }

    #[test]
    fn words_split_on_separators_and_camel_case() {
        let words: Vec<&str> = Words("c-share_bar relatedStories--x").collect();
        assert_eq!(words, ["c", "share", "bar", "related", "Stories", "x"]);
    }

    #[test]
    fn entity_references_are_recognised() {
        assert!(has_entity_reference("a &amp; b"));
        assert!(has_entity_reference("&#8212;"));
        assert!(has_entity_reference("&#x2014;"));
        assert!(!has_entity_reference("AT&T and fish & chips"));
        assert!(!has_entity_reference("&#;"));
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_or_errs(text in "\\PC{0,600}") {
            let _ = super::parse(&text);
        }

        #[test]
        fn any_tag_soup_parses_or_errs(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "<p>", "</p>", "<article>", "</article>", "<div class=\"share\">", "</div>",
                "<h1>", "</h1>", "<title>", "</title>", "<br>", "<q>", "</q>", "<time datetime=\"2024-01-01\">",
                "</time>", "<script type=\"application/ld+json\">", "</script>", "<header>", "</header>",
                "<form>", "</form>", "<li>", "<table>", "<td>", "&amp;", "&#x;", " text ", "said Ann Lee.",
                "<meta property=\"og:title\" content=\"&amp;amp;\">", "{\"@type\":\"NewsArticle\",\"@graph\":[",
            ]), 0..80)
        ) {
            let _ = super::parse(&parts.concat());
        }
    }

    fn fixture(name: &str) -> Article {
        let path = format!("{}/tests/fixtures/html/{name}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap();
        let mut records = parse_file(name, &bytes, &ParseOptions::default()).unwrap();
        assert_eq!(records.len(), 1);
        records.remove(0).unwrap()
    }

    fn assert_body(a: &Article, has: &[&str], lacks: &[&str]) {
        for text in has {
            assert!(a.body.contains(text), "body lacks {text:?}:\n{}", a.body);
        }
        for text in lacks {
            assert!(!a.body.contains(text), "body has {text:?}:\n{}", a.body);
        }
    }

    #[test]
    fn riverton_fixture_gives_the_story() {
        let a = fixture("riverton-flood.html");
        assert_eq!(
            a.meta.title,
            "Riverton begins clean-up as floodwaters recede"
        );
        assert_eq!(
            a.meta.lead.as_deref(),
            Some("Volunteers and council crews cleared mud from homes along the Ashby embankment on Thursday as the River Wend fell back below its banks, leaving more than 300 properties damaged.")
        );
        assert_eq!(a.meta.date, utc("2024-03-07T08:45:00Z"));
        assert_body(
            &a,
            &[
                "Volunteers and council crews spent Thursday shovelling silt",
                "\u{201C}We will rebuild,\u{201D} said Mayor Lena Brandt,",
                "Questions over the flood wall\n",
                "\u{201C}Nobody in this chamber is pretending the delay is acceptable,\u{201D} Frost told councillors.",
                "could bring the river up again. A hardship fund",
            ],
            &[
                "cookies", "Sport", "What's On", "Share", "Advertisement", "Photo: Tomasz Weir",
                "Read more", "Flood warnings issued", "morning briefing", "Flooding",
                "newsdesk@", "Comments", "Rest centre opens", "Bypass", "Privacy policy",
                "Riverton Gazette Ltd", "dataLayer", "Priya Castellano", "Skip to main",
            ],
        );
        assert!(a
            .body
            .starts_with("Volunteers and council crews spent Thursday"));
        assert_eq!(a.body.lines().count(), 10);
        assert_eq!(
            a.meta.speakers,
            ["Lena Brandt", "Graham Osei", "Daniel Frost"]
        );
    }

    #[test]
    fn harbour_fixture_gives_the_story() {
        let a = fixture("harbour-council.htm");
        assert_eq!(
            a.meta.title,
            "Port Alder council approves ferry terminal despite objections"
        );
        let lead = "Councillors in Port Alder voted seven to four on Tuesday night to approve a new ferry terminal on the north quay, overruling objections from fishing crews and residents.";
        assert_eq!(a.meta.lead.as_deref(), Some(lead));
        assert_eq!(a.meta.date, utc("2023-09-13T01:40:00Z"));
        assert_body(
            &a,
            &[
                "The $48-million terminal will replace the 1970s ramp at Cutter\u{2019}s Point",
                "said Deputy Mayor Ruth Achterberg, who chairs",
                "skippers the trawler Margit II, told the meeting",
                "What happens next\nThe province must sign off",
                "\u{201C}Tonight we chose one.\u{201D}",
            ],
            &[
                lead,
                "News",
                "Owen MacRae",
                "September",
                "cookies",
                "Independent news",
                "Obituaries",
                "inbox",
                "Share this",
                "Facebook",
                "Ferry consultation",
                "coal wharf to be dredged",
                "Tagged",
                "thoughts on",
                "About time",
                "Lighthouse",
                "Regatta",
                "Proudly independent",
                "Advertise",
            ],
        );
        assert!(a.body.starts_with("The $48-million terminal"));
        assert_eq!(
            a.meta.speakers,
            ["Ruth Achterberg", "Kenji Halvorsen", "Bev Okafor"]
        );
    }

    #[test]
    fn valley_fixture_falls_back_to_the_densest_table_cell() {
        let a = fixture("valley-mill-strike.htm");
        assert_eq!(
            a.meta.title,
            "Mill workers vote to strike over pension cuts"
        );
        let lead = "Workers at the Dunmore paper mill have voted by a large majority to strike from next Monday after the owners announced the closure of the final-salary pension scheme.";
        assert_eq!(a.meta.lead.as_deref(), Some(lead));
        assert_eq!(a.meta.date, utc("2009-11-18T16:05:00Z"));
        assert_body(
            &a,
            &[
                "Allied Print & Paper union balloted, 351 voted for a walk-out and 38 against, on a turnout of 94 per cent.",
                "\u{201C}People have given thirty years to this place and now they\u{2019}re being told",
                "said union steward Marta Okonkwo",
                "a deficit of \u{A3}14 million",
                "for the town \u{2014} particularly",
                "resume at the conciliation service in Perth on Friday.",
            ],
            &[
                lead, "Home", "Letters to the Editor", "Classifieds", "Callum Drysdale",
                "ADVERTISEMENT", "Click here", "Also in News", "Bridge repairs",
                "Primary school", "Terms of use", "popUp", "HTTrack",
            ],
        );
        assert_eq!(a.body.lines().count(), 6);
        // Speaker extraction does not yet read "said union steward Marta
        // Okonkwo" ("union" stops the name run); that is speakers.rs's to
        // fix, so only what this page must give is pinned.
        assert!(a.meta.speakers.iter().any(|s| s == "Philip Ashcombe"));
    }

    #[test]
    fn northfield_fixture_prefers_the_story_over_teaser_cards() {
        let a = fixture("northfield-library.html");
        assert_eq!(
            a.meta.title,
            "Northfield's Carnegie library reopens after $6.2M restoration"
        );
        let lead = "After eighteen months in a former furniture store, Northfield's public library returns to its 1904 Carnegie building on Saturday with a new children's wing and longer opening hours.";
        assert_eq!(a.meta.lead.as_deref(), Some(lead));
        assert_eq!(a.meta.date, utc("2023-11-02T19:30:00Z"));
        assert_body(
            &a,
            &[
                "reading room for teenagers. Work was paid for by a 2021 bond measure",
                "said library director Alicia Fernholz.",
                "What's new inside\nA children's wing",
                "A long road back\n",
                "said Tom Regalado, who chaired",
                "Mayor Ines Barkley said",
                "book sale on the front lawn.",
            ],
            &[
                lead,
                "cookies",
                "Obituaries",
                "Search the Ledger",
                "School board",
                "Route 9",
                "Dana Whitlock",
                "November 2",
                "Advertisement",
                "Read more",
                "bond measure passes",
                "Share this",
                "Facebook",
                "More from Community",
                "Pumpkin",
                "Food pantry",
                "Send a tip",
                "Ledger Community Media",
                "paywall",
            ],
        );
        assert_eq!(
            a.meta.speakers,
            ["Alicia Fernholz", "Tom Regalado", "Ines Barkley"]
        );
    }
}
