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
//! - **The story is found by a library; everything else by newsidx's own
//!   rules.** Which element holds the story is the question generic
//!   extractors have studied longest, and Readability (the algorithm of
//!   Firefox's Reader View, here through its Rust port dom_smoothie, see
//!   [`readable`]) answers it far better than the hand-written finder did:
//!   it scores every block by its text, commas and link density rather
//!   than trusting container names, so a story in a wrapper called
//!   `…-sidebar-…`, in `<div>`s with `<br>` lines or in a table is found,
//!   and a column of teaser cards is not mistaken for it. What a news
//!   index needs beyond that is newsidx's and stays here: the headline,
//!   standfirst and publication date come from `<meta>`, JSON-LD and markup
//!   of the whole page (the library reads fewer date sources and no
//!   standfirst), and the story's markup is read by the same text rules as
//!   before, which drop what Readability keeps and an index should not
//!   ("Advertisement", "Read more: ...", newsletter and share boxes by
//!   their class names, headline lists by their shape, bylines, the
//!   headline repeated, datelines). newsidx's own finder ([`story`]) is
//!   kept as the fallback for pages where the library finds nothing or
//!   only a scrap (it returns its longest attempt on pages with little
//!   text), for pages nested too deep to hand over, and for a panic.
//! - **One parse, two trees.** dom_smoothie works on dom_query's tree and
//!   the rules here on scraper's; both are html5ever's, so the page is
//!   parsed once and copied from one to the other ([`readable`]). The
//!   library still roughly doubles the time per page (BENCHMARKS.md has the
//!   figures): its scoring counts characters of the same nodes many times.
//! - **html5ever builds the tree (through dom_query), scraper holds it for
//!   the rules.** html5ever implements the WHATWG parsing algorithm, so the
//!   broken markup of real saved pages (unclosed `<p>`, stray `</div>`,
//!   `<p>` inside `<span>`)
//!   gives the same tree a browser would build, and entities are decoded by
//!   the spec's table. `tl` is faster but not spec-conformant, which shows
//!   exactly on the malformed pages archives are full of. We use no CSS
//!   selectors: one walk over the tree gathers every candidate at once, and
//!   selectors would mean a walk each.
//! - **Metadata before markup.** Sites fill `og:*`, `article:*` and JSON-LD
//!   for search engines and social cards, so these are cleaner than any
//!   guess from layout; markup (`<h1>`, `<time>`, `<title>`, a byline) is
//!   the fallback, and the day in the page's address the last resort.
//!   Every rule's order is in [`parse`]'s documentation.
//! - **Chrome is recognised by tag, by attribute and by class or id words.**
//!   Class and id names are split into words (`relatedStories`,
//!   `c-share-bar`, `article__footer`) and matched whole, so `ad` catches
//!   `ad-slot` but not `lead-para` or `headline`. Three guards keep
//!   wrappers from being thrown away with their chrome: `html`, `body`,
//!   `article`, `main` and `[itemprop=articleBody]` are never chrome by
//!   class (WordPress puts `tag-social` and `category-comments` on them);
//!   a class whose first word is a modifier (`has-sidebar`,
//!   `with-comments`, `category-social`) describes its element's
//!   neighbours, not the element; and no class or id word condemns an
//!   element that holds most of the text. A `<form>` that wraps the story
//!   (ASP.NET pages wrap the whole body in one) is not chrome. `<header>`
//!   is site chrome outside `<article>`/`<main>`; inside them it is the
//!   story's own header, read for the title, date and standfirst but kept
//!   out of the body.
//! - **The lead is said once.** A first paragraph that is the standfirst
//!   or description word for word is the lead and leaves the body, as in
//!   every other format; but a story that is little more than its
//!   description (a short post) keeps it, so that no body is emptied.
//! - **No recursion.** Walks use ego-tree's edge iterator with explicit
//!   stacks, so deeply nested markup costs time, never the stack. Each walk
//!   is linear in the size of the tree. (Building the tree is not:
//!   html5ever's scope checks, like the spec's, are quadratic in nesting
//!   depth, so 20,000 nested `<div>`s take most of a second. Real pages
//!   nest a few dozen deep.)
//!
//! Layout: this file chooses among what the page offers ([`parse`]) and
//! holds the attribute reader every rule uses; [`readable`] asks the
//! library for the story; [`story`] walks the page once for what the other
//! rules need and, as the fallback, finds the story's container itself;
//! [`meta`] reads title, date and lead from `<meta>` tags, JSON-LD and
//! markup; and [`text`] turns elements into paragraphs of visible text.

mod meta;
mod readable;
mod story;
mod text;

use std::borrow::Cow;

use ego_tree::NodeRef;
use scraper::node::Element;
use scraper::Node;

use self::meta::{date_in_byline, is_plausible, LinkedData};
use self::story::Scan;
use self::text::{dedupe_lead, extract_text, is_boilerplate, text_weight, Weights};
use super::date::{parse_date, ParsedDate};
use super::fields::{find_date_line, same_words, DATE_LINES};
use super::provenance::is_byline;
use super::{ParseError, Parts};

/// A node of the parsed page.
type Nd<'a> = NodeRef<'a, Node>;

/// Extracts title, lead, date and body paragraphs from an HTML page.
///
/// - Title: `og:title`, `twitter:title`, JSON-LD `headline`, the first
///   `<h1>` in `<article>`/`<main>`, the first `<h1>` outside chrome, then
///   `<title>` less a trailing ` | Site`. A site name known from
///   `og:site_name` is cut from either end of any of them.
/// - Date: `article:published_time`, JSON-LD `datePublished` (then
///   `dateCreated`) of an article type, the `date`/`pubdate`/`dc.date`/...
///   metas, `[itemprop=datePublished]`, the `datePublished` of any other
///   JSON-LD type (a `ClaimReview`, a `SocialMediaPosting`), then `<time
///   datetime>` (those in the body's container first, then marked, then
///   in-story ones), the text of a `<time>` or a byline, a dateline or
///   `Published:` line in the story, and last the day in the canonical
///   address or `og:url` (`/2019/11/20/`, a day without a time).
///   Placeholders (the Unix epoch, 1900-01-01) and dates after tomorrow
///   are passed over. A declared date that none reads is kept to be named
///   if nothing dates the page.
/// - Lead: `og:description`, `description`, JSON-LD `description`,
///   `twitter:description`, then a standfirst-classed element in the story.
///   A lead repeated as one of the first body paragraphs is kept once,
///   unless the rest of the story is shorter than half of it.
/// - Body: the story's container as Readability finds it; on a page where
///   it finds under [`ENOUGH_STORY`] of text, newsidx's own choice unless
///   that has under a quarter of the library's: the `<article>` with most
///   paragraph text, else `[itemprop=articleBody]`, `<main>`/`[role=main]`,
///   an `#content` or `.article-body`-like container, else the element
///   whose `<p>` children hold the most text (a container with less than
///   half the paragraph text of that densest element is passed over as a
///   teaser). Then one paragraph per `p`, `h2`-`h6`, `li`, `blockquote`,
///   `pre` and `dd`, and per run of text outside them between block edges
///   and `<br>`s; chrome, headline lists, boilerplate ("Advertisement",
///   "Read more: ..."), the headline repeated, bylines at the top and
///   date-only lines left out.
///
/// A page that names no title anywhere (a saved fragment, a forum post)
/// gives an empty title, which [`Parts::into_article`] fills from the
/// story, as for every format.
///
/// Owned strings come out: html5ever's text lives in its own tree, which
/// does not outlive this call.
pub(super) fn parse(text: &str) -> Result<Parts<'static>, ParseError> {
    let (doc, source) = readable::parse_page(text);
    let scan = Scan::new(&doc);
    let linked = LinkedData::from_scripts(&scan.json_ld);
    let title = scan.title(&linked);
    let container = scan.body_container(&doc);
    let (date, unreadable_date) = scan.date(&linked, container);
    let lead = scan.lead(&linked);
    let own = || extract_text(container, true, &scan.weights);
    let found = source
        .filter(|_| scan.weights.depth() <= readable::MAX_DEPTH)
        .and_then(|source| readable::story(source, text))
        .map(|story| {
            let root = *story.root_element();
            extract_text(root, true, &Weights::measure(root).chosen())
        });
    let mut paragraphs: Vec<String> = Vec::new();
    // A paragraph that is wholly a date ("Wed, 11 Dec 2024 14:20") is a
    // dateline, not story, wherever it stands; it is kept with the number of
    // paragraphs before it. A byline that carries a date counts as one.
    let mut dateline: Option<(usize, ParsedDate)> = None;
    // Bylines the story's text opens with, for when the page declares no
    // author.
    let mut story_bylines: Vec<String> = Vec::new();
    for p in choose_story(found, own) {
        if is_boilerplate(&p) || title.as_deref().is_some_and(|t| same_words(&p, t)) {
            continue;
        }
        if let Some(d) = parse_date(&p) {
            dateline.get_or_insert((paragraphs.len(), d));
            continue;
        }
        if paragraphs.len() < DATE_LINES && is_byline(&p) {
            if let Some(d) = date_in_byline(&p) {
                dateline.get_or_insert((paragraphs.len(), d));
            }
            story_bylines.push(p);
            continue;
        }
        paragraphs.push(p);
    }
    // A `Published: ...` header among the first paragraphs stays in the text
    // but dates it too. Whichever of the two comes first is the page's last
    // word on the date when the markup gave none.
    let header = find_date_line(
        paragraphs.iter().map(String::as_str).enumerate(),
        DATE_LINES,
    );
    let text_date = match (header, dateline) {
        (Some((at, date)), Some((before, _))) if at < before => Some(date),
        (_, Some((_, date))) | (Some((_, date)), None) => Some(date),
        (None, None) => None,
    };
    let date = date
        .or(text_date.filter(|d| is_plausible(*d)))
        .or_else(|| scan.headline_date())
        .or_else(|| scan.url_date());
    let title = title.unwrap_or_default();
    let lead = dedupe_lead(lead, &mut paragraphs);
    let source = scan.source(&linked, story_bylines);
    Ok(Parts {
        title: Cow::Owned(title),
        lead: lead.map(Cow::Owned),
        date,
        unreadable_date: unreadable_date.map(Cow::Owned),
        paragraphs: paragraphs.into_iter().map(Cow::Owned).collect(),
        source,
    })
}

/// Text, in non-space bytes, below which Readability's story is a guess:
/// it then returns the longest text of its attempts, whatever it is.
const ENOUGH_STORY: usize = 500;

/// The library's story when it found a real one; on a page with little
/// text, newsidx's own finder's, unless that found next to nothing.
fn choose_story(found: Option<Vec<String>>, own: impl FnOnce() -> Vec<String>) -> Vec<String> {
    let weight = |blocks: &[String]| blocks.iter().map(|b| text_weight(b)).sum::<usize>();
    let Some(found) = found else {
        return own();
    };
    if weight(&found) >= ENOUGH_STORY {
        return found;
    }
    // Only a short story is weighed against the finder's, which is read
    // only then.
    let own = own();
    if weight(&own) * 4 < weight(&found) {
        found
    } else {
        own
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
    rel: Option<&'a str>,
    href: Option<&'a str>,
    lang: Option<&'a str>,
    http_equiv: Option<&'a str>,
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
                "rel" => a.rel = Some(value),
                "href" => a.href = Some(value),
                "lang" => a.lang = Some(value),
                "http-equiv" => a.http_equiv = Some(value),
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

fn is_one_of(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| word.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod testkit {
    use crate::article::{Article, ParseOptions};

    pub(super) fn parse(html: &str) -> Article {
        super::parse(html)
            .unwrap()
            .into_article("x.html", &ParseOptions::default())
            .unwrap()
    }

    pub(super) fn utc(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        Some(s.parse().unwrap())
    }

    pub(super) fn page(head: &str, body: &str) -> String {
        format!("<!doctype html><html><head>{head}</head><body>{body}</body></html>")
    }

    pub(super) fn date_of(head: &str, body: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        parse(&page(&format!("<title>T</title>{head}"), body))
            .meta
            .date
    }
}

#[cfg(test)]
mod tests {
    use super::testkit::{date_of, page, parse, utc};
    use super::*;
    use crate::article::{parse_file, Article, ParseOptions};

    #[test]
    fn page_without_title_or_story_is_no_title() {
        let err = parse_file(
            "p.html",
            page("", "<div>Just a div</div>").as_bytes(),
            &ParseOptions::default(),
        )
        .unwrap()
        .pop()
        .unwrap()
        .unwrap_err();
        assert_eq!(err, ParseError::NoTitle);
    }

    #[test]
    fn untitled_page_is_titled_by_its_first_sentence() {
        let body = "<p>Regarding item 11111, the ferry ran late. It docked at noon \\
                    after a slow crossing.</p><p>The harbour master said so.</p>";
        let a = parse(&page("", body));
        assert_eq!(a.meta.title, "Regarding item 11111, the ferry ran late.");
        assert!(
            a.body.starts_with("Regarding item"),
            "the sentence stays in the body"
        );
    }

    #[test]
    fn not_html_at_all_still_parses() {
        assert_eq!(super::parse("just some words").unwrap().title, "");
        let a = parse("<title>Plain</title>just some words");
        assert_eq!(a.meta.title, "Plain");
    }

    #[test]
    fn dateline_paragraph_gives_the_date() {
        let body = r#"<div id="story"><h1>Head</h1><p class="dateline">Wed, 11 Dec 2024 14:20:00 +0000</p>
            <p>The debate was long and heated, and both candidates spoke about pensions.</p></div>"#;
        assert_eq!(date_of("", body), utc("2024-12-11T14:20:00Z"));
    }

    #[test]
    fn date_only_paragraph_is_dropped() {
        let body = "<article><p>7 March 2024</p><p>Story.</p></article>";
        assert_eq!(parse(&page("<title>T</title>", body)).body, "Story.");
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
        // Okonkwo" ("union" stops the name run); that is the speakers module's to
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
