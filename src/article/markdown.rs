//! Markdown articles, as static-site generators (Hugo, Jekyll, Astro),
//! note-taking exports and scrapers write them.
//!
//! This module owns one `.md` file → [`Parts`]: it splits off the front
//! matter (YAML between `---` lines or TOML between `+++` lines, at the very
//! top), reads title, date and lead from it, and renders the Markdown body to
//! plain text, one paragraph, subheading or list item per line. What is a date
//! is [`super::date`]'s question, and who is quoted is left to the assembly
//! in [`Parts::into_article`]; author fields are never read, because authors
//! write an article and speakers are the people quoted in it.
//!
//! When the front matter lacks a field, the body supplies it: the title is
//! the first level-1 heading (ATX or setext), else the first line of text;
//! the date is a `Date:`/`Published:` line or a line that is wholly a date,
//! among the first lines after the title; the lead is a first paragraph that
//! is emphasised as a whole (a standfirst), and is otherwise left out rather
//! than guessed. Whatever becomes the title, date or lead is not repeated in
//! the body.
//!
//! Key decisions:
//!
//! - **pulldown-cmark** renders the body, so that emphasis, links, images,
//!   lists, code and HTML follow CommonMark exactly rather than a pile of
//!   regexes. Fenced and indented code and HTML blocks are dropped: they are
//!   page furniture or program text, not the article's prose. Soft breaks
//!   become spaces, since real Markdown wraps its paragraphs. Markup
//!   characters go, but the same characters as content stay: an escaped
//!   `\*`, an unmatched `*` in `5 * 3`, a `#hashtag`.
//! - **yaml-rust2** reads YAML front matter. serde_yaml is deprecated;
//!   yaml-rust2 is maintained, pure Rust (serde_yaml_ng and serde_norway wrap
//!   a machine translation of libyaml's C), implements YAML 1.2, and offers
//!   an event stream: only the top-level scalars are kept, nested values
//!   (taxonomies, image lists) stream past without being built into a tree,
//!   and so no tree exists that a hostile file could nest deep enough to
//!   overflow the stack when dropped. Which keys count, and which wins, is
//!   [`super::fields`]' vocabulary, shared with JSON.
//! - **toml** reads TOML front matter into a table; its datetimes are handed
//!   to [`parse_date`] in their RFC 3339 form.
//! - **Front matter that does not parse fails the file** (as
//!   [`ParseError::Invalid`] with the line), rather than being indexed as
//!   body text: it is a broken file the user should hear about. A YAML block
//!   whose top level is not a mapping is not front matter at all but a
//!   thematic break and a setext heading, and is rendered as Markdown.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use yaml_rust2::parser::{Event as YamlEvent, EventReceiver, Parser as YamlParser};
use yaml_rust2::scanner::TScalarStyle;

use super::date::ParsedDate;
use super::fields::{self, DateField, Field, Ranked, DATE_LINES};
use super::provenance;
use super::{ParseError, Parts, Source};

/// The `ParseError::Invalid` format name for broken front matter.
const FRONT_MATTER: &str = "front matter";

/// Splits a Markdown article into its parts.
pub(super) fn parse(text: &str) -> Result<Parts<'_>, ParseError> {
    let (mut front, body) = split_front_matter(text)?;
    let source = front.source();
    let mut blocks = render(body);

    let (title, mut after_title) = match front.title.into_value() {
        Some(title) => {
            drop_repeated_title(&mut blocks, &title);
            (Cow::Owned(title), 0)
        }
        None => take_title(&mut blocks),
    };
    let (date, unreadable_date) = match front.date.into_parts() {
        (Some(date), _) => (Some(date), None),
        (None, unreadable) => (
            take_date_line(&mut blocks, &mut after_title),
            unreadable.map(Cow::Owned),
        ),
    };
    let lead = match front.lead.into_value() {
        Some(lead) => Some(Cow::Owned(lead)),
        None => take_standfirst(&mut blocks, after_title),
    };

    Ok(Parts {
        title,
        lead,
        date,
        unreadable_date,
        paragraphs: blocks.into_iter().map(|b| b.text).collect(),
        source,
    })
}

// ---------------------------------------------------------------------------
// Front matter

/// The fields front matter gave, each from its best-ranked key (see
/// [`super::fields`]). Keys no field reads, authors among them, are passed
/// over.
#[derive(Debug, Default)]
struct FrontMatter {
    title: Ranked<String>,
    lead: Ranked<String>,
    date: DateField,
    outlet: Ranked<String>,
    /// Author texts: a scalar, or the items of a list (`authors: [a, b]`).
    authors: Ranked<Vec<String>>,
    url: Ranked<String>,
    lang: Ranked<String>,
}

impl FrontMatter {
    /// Considers one top-level `key: value` pair. An empty `title: ""` is
    /// as good as none: the body may have one.
    fn offer(&mut self, key: &str, value: String) {
        match fields::classify(key) {
            Some((Field::Title, rank)) => self.title.offer(rank, fields::one_line(value)),
            Some((Field::Lead, rank)) => self.lead.offer(rank, fields::one_line(value)),
            Some((Field::Date, rank)) => self.date.offer_text(rank, &value),
            Some((Field::Outlet, rank)) => self.outlet.offer(rank, provenance::outlet_name(&value)),
            Some((Field::Authors, _)) => self.offer_authors(key, vec![value]),
            Some((Field::Url, rank)) => self.url.offer(rank, provenance::address(&value)),
            Some((Field::Lang, rank)) => self.lang.offer(rank, provenance::language_tag(&value)),
            // A Markdown article's body is its Markdown.
            Some((Field::Body, _)) | None => {}
        }
    }

    /// Considers the texts of an author key: a scalar's, or a list's
    /// items (or the `name` of each item that is a mapping).
    fn offer_authors(&mut self, key: &str, texts: Vec<String>) {
        if let Some((Field::Authors, rank)) = fields::classify(key) {
            let usable = texts
                .iter()
                .any(|t| !provenance::author_names(t, false).is_empty());
            self.authors.offer(rank, usable.then_some(texts));
        }
    }

    /// What the front matter says of the article's source.
    fn source(&mut self) -> Source {
        let take = |r: &mut Ranked<String>| std::mem::take(r).into_value().into_iter().collect();
        Source {
            outlets: take(&mut self.outlet),
            authors: std::mem::take(&mut self.authors)
                .into_value()
                .unwrap_or_default(),
            urls: take(&mut self.url),
            langs: take(&mut self.lang),
            authors_in_markup: false,
        }
    }
}

/// The front-matter languages, by their fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fence {
    Yaml,
    Toml,
}

/// Separates front matter from the Markdown that follows it and reads it.
fn split_front_matter(text: &str) -> Result<(FrontMatter, &str), ParseError> {
    let mut lines = text.split_inclusive('\n');
    let fence = match lines.next().map(str::trim_end) {
        Some("---") => Fence::Yaml,
        Some("+++") => Fence::Toml,
        _ => return Ok((FrontMatter::default(), text)),
    };
    let start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = start;
    let mut close = None;
    for line in lines {
        let bare = line.trim_end();
        let closes = match fence {
            Fence::Yaml => bare == "---" || bare == "...",
            Fence::Toml => bare == "+++",
        };
        if closes {
            close = Some(offset..offset + line.len());
            break;
        }
        offset += line.len();
    }
    let Some(close) = close else {
        let fence = if fence == Fence::Yaml { "---" } else { "+++" };
        return Err(invalid(format!(
            "the {fence} on line 1 opens front matter that is never closed (end it with a line holding only {fence}, or remove the first line if it is no front matter)"
        )));
    };
    let source = &text[start..close.start];
    let body = &text[close.end..];
    let front = match fence {
        Fence::Yaml => match read_yaml(source)? {
            Some(front) => front,
            // Not a mapping: a thematic break, not front matter.
            None => return Ok((FrontMatter::default(), text)),
        },
        Fence::Toml => read_toml(source)?,
    };
    Ok((front, body))
}

fn invalid(message: String) -> ParseError {
    ParseError::Invalid {
        format: FRONT_MATTER,
        message,
    }
}

/// Reads YAML front matter; `None` when its top level is not a mapping.
fn read_yaml(source: &str) -> Result<Option<FrontMatter>, ParseError> {
    let mut reader = TopLevelScalars::default();
    YamlParser::new_from_str(source)
        .load(&mut reader, true)
        .map_err(|e| {
            // The front matter starts on line 2 of the file; the scanner
            // counts lines from 1.
            let line = e.marker().line() + 1;
            invalid(format!(
                "YAML: {} at line {line} (the file is left out until it parses: a value that opens with a quote mark, or holds a colon and a space, must be quoted whole)",
                e.info()
            ))
        })?;
    Ok(match reader.root {
        Root::Mapping | Root::Empty => Some(reader.front),
        Root::Other => None,
    })
}

/// What the first YAML document is.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Root {
    #[default]
    Empty,
    Mapping,
    Other,
}

/// Collects the scalar values of the top-level mapping of the first YAML
/// document, ignoring everything nested.
#[derive(Debug, Default)]
struct TopLevelScalars {
    front: FrontMatter,
    root: Root,
    documents: usize,
    depth: usize,
    /// Whether the next top-level node is a key (else it is a value).
    at_key: bool,
    /// The key awaiting its value, when it is a scalar.
    key: Option<String>,
    /// The value of an author key that is a collection, as it streams
    /// past: its texts so far, and whether each open collection in it is a
    /// mapping (else a sequence).
    authors: Option<(Vec<String>, Vec<bool>)>,
    /// Whether the last scalar in a mapping inside the authors was the key
    /// `name`, so the next one is a name.
    after_name_key: bool,
}

impl TopLevelScalars {
    /// One complete node directly under the root: a scalar's text, or
    /// `None` for a collection or alias.
    fn top_node(&mut self, scalar: Option<String>) {
        if self.root != Root::Mapping {
            return;
        }
        if self.at_key {
            self.key = scalar;
        } else if let (Some(key), Some(value)) = (self.key.take(), scalar) {
            self.front.offer(&key, value);
        }
        self.at_key = !self.at_key;
    }
}

impl EventReceiver for TopLevelScalars {
    fn on_event(&mut self, event: YamlEvent) {
        if let YamlEvent::DocumentStart = event {
            self.documents += 1;
        }
        // Only the first document is front matter.
        if self.documents != 1 {
            return;
        }
        if self.read_authors(&event) {
            return;
        }
        match event {
            YamlEvent::MappingStart(..) | YamlEvent::SequenceStart(..) => {
                if self.depth == 0 {
                    self.root = if matches!(event, YamlEvent::MappingStart(..)) {
                        self.at_key = true;
                        Root::Mapping
                    } else {
                        Root::Other
                    };
                }
                self.depth += 1;
            }
            YamlEvent::MappingEnd | YamlEvent::SequenceEnd => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 1 {
                    self.top_node(None);
                }
            }
            YamlEvent::Scalar(value, style, ..) => match self.depth {
                0 if !is_null(&value, style) => self.root = Root::Other,
                1 => {
                    let value = (!is_null(&value, style)).then_some(value);
                    self.top_node(value);
                }
                _ => {}
            },
            YamlEvent::Alias(_) if self.depth == 1 => self.top_node(None),
            _ => {}
        }
    }
}

impl TopLevelScalars {
    /// Follows the value of an author key when it is a list or a mapping
    /// (`authors: [Ann Lee, Bo Chen]`, `author: {name: Ann Lee}`), which
    /// the top-level reader passes over; returns whether the event was
    /// used up here.
    fn read_authors(&mut self, event: &YamlEvent) -> bool {
        let opens = matches!(
            event,
            YamlEvent::MappingStart(..) | YamlEvent::SequenceStart(..)
        );
        let is_mapping = matches!(event, YamlEvent::MappingStart(..));
        if self.authors.is_none() {
            let author_key = self
                .key
                .as_deref()
                .and_then(fields::classify)
                .is_some_and(|(field, _)| field == Field::Authors);
            if opens && self.depth == 1 && !self.at_key && author_key {
                self.authors = Some((Vec::new(), vec![is_mapping]));
                self.after_name_key = false;
                self.depth += 1;
                return true;
            }
            return false;
        }
        let Some((texts, open)) = self.authors.as_mut() else {
            return false;
        };
        match event {
            YamlEvent::MappingStart(..) | YamlEvent::SequenceStart(..) => {
                open.push(is_mapping);
                self.depth += 1;
            }
            YamlEvent::MappingEnd | YamlEvent::SequenceEnd => {
                open.pop();
                self.depth = self.depth.saturating_sub(1);
                if open.is_empty() {
                    let texts = std::mem::take(texts);
                    self.authors = None;
                    if let Some(key) = self.key.take() {
                        self.front.offer_authors(&key, texts);
                    }
                    self.at_key = true;
                }
            }
            YamlEvent::Scalar(value, ..) => {
                if open.last() == Some(&true) {
                    if self.after_name_key {
                        texts.push(value.clone());
                        self.after_name_key = false;
                    } else {
                        self.after_name_key = value == "name";
                    }
                } else if open.len() == 1 {
                    texts.push(value.clone());
                }
            }
            _ => {}
        }
        true
    }
}

/// Whether a scalar is YAML's null (an empty value is one too).
fn is_null(value: &str, style: TScalarStyle) -> bool {
    style == TScalarStyle::Plain && matches!(value, "" | "~" | "null" | "Null" | "NULL")
}

/// A TOML author: a string, or a table's `name`.
fn toml_name(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Table(table) => table.get("name")?.as_str().map(str::to_string),
        _ => None,
    }
}

fn read_toml(source: &str) -> Result<FrontMatter, ParseError> {
    let table: toml::Table = source.parse().map_err(|e: toml::de::Error| {
        let message = e.message().trim_end();
        match e.span() {
            Some(span) => {
                let line = source
                    .get(..span.start)
                    .map_or(0, |before| before.matches('\n').count())
                    + 2;
                invalid(format!(
                    "TOML: {message} at line {line} (the file is left out until it parses)"
                ))
            }
            None => invalid(format!(
                "TOML: {message} (the file is left out until it parses)"
            )),
        }
    })?;
    let mut front = FrontMatter::default();
    for (key, value) in table {
        let text = match value {
            toml::Value::String(s) => s,
            toml::Value::Datetime(d) => d.to_string(),
            toml::Value::Integer(i) => i.to_string(),
            // `authors = ["Ann Lee", "Bo Chen"]`, `author = {name = "..."}`.
            toml::Value::Array(items) => {
                front.offer_authors(&key, items.iter().filter_map(toml_name).collect());
                continue;
            }
            toml::Value::Table(table) => {
                front.offer_authors(
                    &key,
                    toml_name(&toml::Value::Table(table)).into_iter().collect(),
                );
                continue;
            }
            _ => continue,
        };
        front.offer(&key, text);
    }
    Ok(front)
}

// ---------------------------------------------------------------------------
// Body

/// What a block of rendered text was in the Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Paragraph,
    Heading(HeadingLevel),
    /// List items, table rows, footnotes: text that is not a paragraph.
    Other,
}

/// One output line: a paragraph, heading or list item as plain text.
#[derive(Debug)]
struct Block<'a> {
    text: Cow<'a, str>,
    kind: Kind,
    /// Byte offsets in `text` of the spaces that stand for the source's line
    /// breaks, kept for the first few only: they are needed to find a title
    /// or date line near the top, and never further down.
    breaks: Vec<usize>,
    /// A paragraph that is wholly emphasised or strong, as a standfirst is.
    emphasised: bool,
}

impl<'a> Block<'a> {
    /// The byte ranges of the block's source lines, in order.
    fn lines(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let starts = std::iter::once(0).chain(self.breaks.iter().map(|b| b + 1));
        let ends = self.breaks.iter().copied().chain([self.text.len()]);
        starts.zip(ends).map(|(start, end)| start..end)
    }

    /// The block without the bytes in `range`, or `None` when that leaves
    /// nothing.
    fn without(mut self, range: Range<usize>) -> Option<Block<'a>> {
        let before = slice(&self.text, 0..range.start);
        let after = slice(&self.text, range.end..self.text.len());
        let text = match (before.trim().is_empty(), after.trim().is_empty()) {
            (true, true) => return None,
            (true, false) => after,
            (false, true) => before,
            (false, false) => Cow::Owned(format!("{} {}", before.trim_end(), after.trim_start())),
        };
        self.text = trim(text);
        // What is left is no longer the source's first lines.
        self.breaks.clear();
        Some(self)
    }
}

/// A slice of a `Cow` that still borrows from the input when it did.
fn slice<'a>(text: &Cow<'a, str>, range: Range<usize>) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(s) => {
            let s: &'a str = s;
            Cow::Borrowed(s.get(range).unwrap_or_default())
        }
        Cow::Owned(s) => Cow::Owned(s.get(range).unwrap_or_default().to_string()),
    }
}

fn trim(text: Cow<'_, str>) -> Cow<'_, str> {
    match text {
        Cow::Borrowed(s) => Cow::Borrowed(s.trim()),
        Cow::Owned(s) if s.trim().len() == s.len() => Cow::Owned(s),
        Cow::Owned(s) => Cow::Owned(s.trim().to_string()),
    }
}

/// Markdown extensions found in news files; each keeps its markup out of the
/// text (`~~`, `|`, `[ ]`, `{#id}`, `[[...]]`, `> [!NOTE]`).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_GFM
}

/// Renders Markdown to blocks of plain text.
fn render(markdown: &str) -> Vec<Block<'_>> {
    let mut renderer = Renderer::default();
    for event in Parser::new_ext(markdown, options()) {
        renderer.event(event);
    }
    renderer.flush();
    renderer.blocks
}

/// Turns pulldown-cmark events into [`Block`]s.
#[derive(Debug)]
struct Renderer<'a> {
    blocks: Vec<Block<'a>>,
    text: Cow<'a, str>,
    kind: Kind,
    breaks: Vec<usize>,
    /// Nesting of blocks whose content is dropped (code, HTML, metadata).
    skipping: usize,
    /// Nesting of emphasis and strong spans.
    emphasis: usize,
    /// Whether the block has emphasised text, and text outside emphasis.
    has_emphasis: bool,
    has_plain: bool,
}

impl Default for Renderer<'_> {
    fn default() -> Self {
        Renderer {
            blocks: Vec::new(),
            text: Cow::Borrowed(""),
            kind: Kind::Other,
            breaks: Vec::new(),
            skipping: 0,
            emphasis: 0,
            has_emphasis: false,
            has_plain: false,
        }
    }
}

impl<'a> Renderer<'a> {
    fn event(&mut self, event: Event<'a>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) | Event::InlineMath(text) => self.push(text),
            Event::SoftBreak | Event::HardBreak => self.line_break(),
            Event::InlineHtml(html) => {
                let tag = html.as_bytes().get(..3);
                if tag.is_some_and(|t| t.eq_ignore_ascii_case(b"<br")) {
                    self.line_break();
                }
            }
            Event::Rule | Event::DisplayMath(_) => self.flush(),
            Event::Html(_) | Event::FootnoteReference(_) | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'a>) {
        match tag {
            Tag::Paragraph => self.begin(Kind::Paragraph),
            Tag::Heading { level, .. } => self.begin(Kind::Heading(level)),
            Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                self.flush();
                self.skipping += 1;
            }
            Tag::Emphasis | Tag::Strong => {
                self.emphasis += 1;
                self.has_emphasis = true;
            }
            Tag::TableCell => {
                if !self.text.is_empty() {
                    self.text.to_mut().push_str(" | ");
                }
            }
            Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow => self.begin(Kind::Other),
            Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. } => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                self.skipping = self.skipping.saturating_sub(1);
            }
            TagEnd::Emphasis | TagEnd::Strong => {
                self.emphasis = self.emphasis.saturating_sub(1);
            }
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow => self.flush(),
            TagEnd::TableCell
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image => {}
        }
    }

    fn begin(&mut self, kind: Kind) {
        self.flush();
        self.kind = kind;
    }

    fn push(&mut self, text: CowStr<'a>) {
        if self.skipping > 0 {
            return;
        }
        if self.emphasis == 0 && !text.trim().is_empty() {
            self.has_plain = true;
        }
        if self.text.is_empty() {
            // A block that is one run of source text stays borrowed.
            self.text = match text {
                CowStr::Borrowed(s) => Cow::Borrowed(s.trim_start()),
                other => Cow::Owned(other.trim_start().to_string()),
            };
        } else if self.text.ends_with(char::is_whitespace) {
            // Dropped inline HTML or markup can leave a space on each side.
            self.text.to_mut().push_str(text.trim_start());
        } else {
            self.text.to_mut().push_str(&text);
        }
    }

    fn line_break(&mut self) {
        if self.skipping > 0 || self.text.is_empty() {
            return;
        }
        let trimmed = self.text.trim_end().len();
        if trimmed < self.text.len() {
            self.text.to_mut().truncate(trimmed);
        }
        if self.breaks.len() <= DATE_LINES && self.blocks.len() <= DATE_LINES {
            self.breaks.push(self.text.len());
        }
        self.text.to_mut().push(' ');
    }

    /// Ends the current block, keeping it when it has any text.
    fn flush(&mut self) {
        let text = trim(std::mem::take(&mut self.text));
        let mut breaks = std::mem::take(&mut self.breaks);
        if !text.is_empty() {
            breaks.retain(|&b| b < text.len());
            self.blocks.push(Block {
                emphasised: self.kind == Kind::Paragraph && self.has_emphasis && !self.has_plain,
                kind: self.kind,
                text,
                breaks,
            });
        }
        self.kind = Kind::Other;
        self.has_emphasis = false;
        self.has_plain = false;
    }
}

// ---------------------------------------------------------------------------
// Title, date and lead from the body

/// Drops a level-1 heading that opens the body and repeats the front
/// matter's title, as note-taking exports write both.
fn drop_repeated_title(blocks: &mut Vec<Block<'_>>, title: &str) {
    if blocks.first().is_some_and(|b| {
        b.kind == Kind::Heading(HeadingLevel::H1) && b.text.eq_ignore_ascii_case(title.trim())
    }) {
        blocks.remove(0);
    }
}

/// Takes the title out of the body: the first level-1 heading, else the
/// first line of text. Returns it with the index of the block that now
/// follows it.
fn take_title<'a>(blocks: &mut Vec<Block<'a>>) -> (Cow<'a, str>, usize) {
    if let Some(i) = blocks
        .iter()
        .position(|b| b.kind == Kind::Heading(HeadingLevel::H1))
    {
        return (blocks.remove(i).text, i);
    }
    let Some(first) = blocks.first() else {
        return (Cow::Borrowed(""), 0);
    };
    let Some(line) = first.lines().next() else {
        return (Cow::Borrowed(""), 0);
    };
    let title = slice(&first.text, line.clone());
    let rest = blocks.remove(0).without(line);
    if let Some(rest) = rest {
        blocks.insert(0, rest);
    }
    (title, 0)
}

/// Takes a date line out of the top of the body: a `Date:` header, or a line
/// that is wholly a date, among the lines before the title and the
/// [`DATE_LINES`] after it. Keeps `after_title` pointing past the title.
fn take_date_line(blocks: &mut Vec<Block<'_>>, after_title: &mut usize) -> Option<ParsedDate> {
    let lines = blocks.iter().enumerate().flat_map(|(i, block)| {
        block
            .lines()
            .map(move |line| ((i, line.clone()), block.text.get(line).unwrap_or_default()))
    });
    let ((i, line), date) = fields::find_date_line(lines, *after_title + DATE_LINES)?;
    let block = blocks.remove(i);
    match block.without(line) {
        Some(rest) => blocks.insert(i, rest),
        None if i < *after_title => *after_title -= 1,
        None => {}
    }
    Some(date)
}

/// Takes the standfirst: the paragraph right after the title, when it is
/// emphasised as a whole and is not a byline.
fn take_standfirst<'a>(blocks: &mut Vec<Block<'a>>, after_title: usize) -> Option<Cow<'a, str>> {
    let block = blocks.get(after_title)?;
    let byline = block
        .text
        .get(..3)
        .is_some_and(|start| start.eq_ignore_ascii_case("by "));
    if !block.emphasised || byline {
        return None;
    }
    Some(blocks.remove(after_title).text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{parse_file, Article, ParseNote, ParseOptions};

    fn parse(text: &str) -> Result<Article, ParseError> {
        super::parse(text)?.into_article("x.md", &ParseOptions::default())
    }

    fn utc(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        Some(s.parse().unwrap())
    }

    fn yaml_date(key: &str, value: &str) -> Option<chrono::DateTime<chrono::Utc>> {
        let text = format!("---\ntitle: T\n{key}: {value}\n---\nBody.\n");
        parse(&text).unwrap().meta.date
    }

    #[test]
    fn yaml_front_matter_gives_title_lead_and_date() {
        let a = parse(
            "---\ntitle: Port strike ends\ndescription: Dockers accept the offer.\ndate: 2024-03-07\n---\n\nThe strike is over.\n",
        )
        .unwrap();
        assert_eq!(a.meta.title, "Port strike ends");
        assert_eq!(a.meta.lead.as_deref(), Some("Dockers accept the offer."));
        assert_eq!(a.meta.date, utc("2024-03-07T00:00:00Z"));
        assert_eq!(a.body, "The strike is over.");
    }

    #[test]
    fn every_yaml_date_key_is_read_in_any_case() {
        let lower_case = ["pubdate", "publishdate", "datepublished", "publishedat"];
        for key in fields::DATE_KEYS.iter().chain(&lower_case) {
            assert_eq!(
                yaml_date(key, "2024-03-07"),
                utc("2024-03-07T00:00:00Z"),
                "{key}"
            );
        }
    }

    #[test]
    fn front_matter_keys_ignore_case() {
        let a = parse("---\nTITLE: Upper\nDATE: 2024-03-07\nSummary: Lead.\n---\nBody.\n").unwrap();
        assert_eq!(a.meta.title, "Upper");
        assert_eq!(a.meta.lead.as_deref(), Some("Lead."));
        assert_eq!(a.meta.date, utc("2024-03-07T00:00:00Z"));
    }

    #[test]
    fn quoted_and_unquoted_yaml_dates_agree() {
        let want = utc("2024-03-07T09:45:00Z");
        assert_eq!(yaml_date("date", "2024-03-07T09:45:00Z"), want);
        assert_eq!(yaml_date("date", "\"2024-03-07T09:45:00Z\""), want);
        assert_eq!(yaml_date("date", "'2024-03-07T09:45:00Z'"), want);
    }

    #[test]
    fn yaml_datetime_with_offset_is_converted_to_utc() {
        assert_eq!(
            yaml_date("date", "2024-03-07T09:45:00+01:00"),
            utc("2024-03-07T08:45:00Z")
        );
    }

    #[test]
    fn yaml_prose_date_is_read() {
        assert_eq!(
            yaml_date("published", "\"7 March 2024 09:45\""),
            utc("2024-03-07T09:45:00Z")
        );
    }

    #[test]
    fn unparseable_date_key_gives_way_to_the_next() {
        let a = parse("---\ntitle: T\ndate: soon\ncreated: 2024-03-07\n---\nBody.\n").unwrap();
        assert_eq!(a.meta.date, utc("2024-03-07T00:00:00Z"));
    }

    #[test]
    fn unreadable_front_matter_date_is_named() {
        let a = parse("---\ntitle: T\ndate: soon\n---\nBody.\n").unwrap();
        assert_eq!(a.meta.date, None);
        assert_eq!(
            a.notes,
            [ParseNote::UnreadableDate {
                text: "soon".into()
            }]
        );
    }

    #[test]
    fn unreadable_front_matter_date_is_not_named_when_the_body_dates_the_article() {
        let a =
            parse("---\ntitle: T\ndate: soon\n---\nPublished: 7 March 2024\n\nBody.\n").unwrap();
        assert_eq!(a.meta.date, utc("2024-03-07T00:00:00Z"));
        assert!(a.notes.is_empty(), "{:?}", a.notes);
    }

    #[test]
    fn unreadable_toml_date_is_named() {
        let a = parse("+++\ntitle = \"T\"\ndate = \"Spring 2024\"\n+++\nBody.\n").unwrap();
        assert_eq!(
            a.notes,
            [ParseNote::UnreadableDate {
                text: "Spring 2024".into()
            }]
        );
    }

    #[test]
    fn front_matter_name_key_is_a_title_as_in_json() {
        let a = parse("---\nname: Ferry timetable cut\n---\nBody.\n").unwrap();
        assert_eq!(a.meta.title, "Ferry timetable cut");
        assert_eq!(a.body, "Body.");
    }

    #[test]
    fn toml_front_matter_is_read() {
        let a = parse(
            "+++\ntitle = \"Tram line opens\"\ndate = 2024-03-07T09:45:00+01:00\nsummary = \"First riders aboard.\"\n[params]\ntitle = \"nested\"\n+++\nThe line is open.\n",
        )
        .unwrap();
        assert_eq!(a.meta.title, "Tram line opens");
        assert_eq!(a.meta.lead.as_deref(), Some("First riders aboard."));
        assert_eq!(a.meta.date, utc("2024-03-07T08:45:00Z"));
        assert_eq!(a.body, "The line is open.");
    }

    #[test]
    fn toml_local_date_is_read() {
        let a = parse("+++\ntitle = \"T\"\npublishDate = 2024-03-07\n+++\nBody.\n").unwrap();
        assert_eq!(a.meta.date, utc("2024-03-07T00:00:00Z"));
    }

    #[test]
    fn authors_are_read_and_other_nested_values_ignored() {
        let a = parse(
            "---\ntitle: T\nauthor: Jane Roe\nauthors: [Jane Roe, Sam Poe]\ntags:\n  - port\n  - strike\nimage: {src: a.jpg, title: Nested}\n---\nText without quotes.\n",
        )
        .unwrap();
        assert_eq!(a.meta.title, "T");
        assert!(a.meta.speakers.is_empty());
        assert!(!a.body.contains("Jane"));
        assert_eq!(a.meta.authors, ["Jane Roe", "Sam Poe"]);
    }

    #[test]
    fn an_author_mapping_gives_its_name_and_the_keys_after_it_still_count() {
        let a = parse(
            "---\nauthor:\n  name: Ann Lee\n  twitter: annlee\nlang: en_GB\ntitle: T\n---\nText.\n",
        )
        .unwrap();
        assert_eq!(a.meta.authors, ["Ann Lee"]);
        assert_eq!(a.meta.lang.as_deref(), Some("en-gb"));
        assert_eq!(a.meta.title, "T");
    }

    #[test]
    fn toml_author_tables_and_lists_are_read() {
        let a = parse("+++\ntitle = \"T\"\n[author]\nname = \"Ann Lee\"\n+++\nText.\n").unwrap();
        assert_eq!(a.meta.authors, ["Ann Lee"]);
    }

    #[test]
    fn broken_yaml_is_invalid_with_its_line() {
        let err = parse("---\ntitle: T\ndate: [2024\nlead: x\n---\nBody.\n").unwrap_err();
        let ParseError::Invalid { format, message } = err else {
            panic!("{err:?}");
        };
        assert_eq!(format, "front matter");
        assert!(message.starts_with("YAML: "), "{message}");
        assert!(message.contains("line "), "{message}");
    }

    #[test]
    fn broken_front_matter_says_what_to_do() {
        // A value opening with a quoted title and running on, as people
        // write descriptions by hand.
        let yaml = "---\ntitle: T\ndescription: \"Abuela\" wins the prize\n---\nBody.\n";
        let err = parse(yaml).unwrap_err().to_string();
        assert!(err.contains("line 3"), "{err}");
        assert!(err.contains("quoted whole"), "{err}");
        let err = parse("+++\ntitle = T\n+++\nBody.\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("left out until it parses"), "{err}");
        let err = parse("---\ntitle: T\n\nBody.\n").unwrap_err().to_string();
        assert!(err.contains("end it with a line holding only ---"), "{err}");
    }

    #[test]
    fn broken_yaml_names_the_file_line() {
        let err = parse("---\ntitle: T\n  bad: indent: here\n---\nBody.\n").unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
    }

    #[test]
    fn broken_toml_is_invalid_with_its_line() {
        let err = parse("+++\ntitle = \"T\"\ndate = = 3\n+++\nBody.\n").unwrap_err();
        let ParseError::Invalid { format, message } = err else {
            panic!("{err:?}");
        };
        assert_eq!(format, "front matter");
        assert!(message.contains("line 3"), "{message}");
    }

    #[test]
    fn unclosed_front_matter_is_invalid() {
        let err = parse("---\ntitle: T\n\nBody.\n").unwrap_err();
        assert!(matches!(err, ParseError::Invalid { .. }), "{err:?}");
    }

    #[test]
    fn yaml_that_is_not_a_mapping_is_markdown() {
        let a = parse("---\nCouncil votes\n---\n\nThe vote passed.\n").unwrap();
        assert_eq!(a.meta.title, "Council votes");
        assert_eq!(a.body, "The vote passed.");
    }

    #[test]
    fn description_is_the_lead_and_not_guessed_from_the_body() {
        let a = parse(
            "---\ntitle: T\ndescription: >\n  Folded over\n  two lines.\n---\nFirst.\n\nSecond.\n",
        )
        .unwrap();
        assert_eq!(a.meta.lead.as_deref(), Some("Folded over two lines."));
        assert_eq!(a.body, "First.\nSecond.");
    }

    #[test]
    fn without_front_matter_the_h1_is_the_title_and_leaves_the_body() {
        let a =
            parse("# Bridge reopens\n\nTraffic flows again.\n\n## Repairs\n\nThey took a year.\n")
                .unwrap();
        assert_eq!(a.meta.title, "Bridge reopens");
        assert_eq!(a.meta.lead, None);
        assert_eq!(a.body, "Traffic flows again.\nRepairs\nThey took a year.");
    }

    #[test]
    fn setext_heading_is_the_title() {
        let a = parse("Bridge reopens\n==============\n\nTraffic flows again.\n").unwrap();
        assert_eq!(a.meta.title, "Bridge reopens");
        assert_eq!(a.body, "Traffic flows again.");
    }

    #[test]
    fn without_a_heading_the_first_line_is_the_title() {
        let a = parse("Bridge reopens\nTraffic flows again\nafter a year.\n\nMore.\n").unwrap();
        assert_eq!(a.meta.title, "Bridge reopens");
        assert_eq!(a.body, "Traffic flows again after a year.\nMore.");
    }

    #[test]
    fn empty_title_key_falls_back_to_the_heading() {
        let a = parse("---\ntitle: \"\"\ndate: 2024-03-07\n---\n# Real title\n\nBody.\n").unwrap();
        assert_eq!(a.meta.title, "Real title");
        assert_eq!(a.body, "Body.");
    }

    #[test]
    fn heading_repeating_the_front_matter_title_is_dropped() {
        let a = parse("---\ntitle: Bridge reopens\n---\n# Bridge reopens\n\nBody.\n").unwrap();
        assert_eq!(a.body, "Body.");
    }

    #[test]
    fn date_header_line_under_the_title_is_the_date() {
        let a = parse("# T\n\nPublished: 7 March 2024 09:45\n\nBody.\n").unwrap();
        assert_eq!(a.meta.date, utc("2024-03-07T09:45:00Z"));
        assert_eq!(a.body, "Body.");
    }

    #[test]
    fn emphasised_date_line_after_the_title_is_the_date() {
        let a = parse("# T\n*March 7, 2024*\n\nBody.\n").unwrap();
        assert_eq!(a.meta.date, utc("2024-03-07T00:00:00Z"));
        assert_eq!(a.body, "Body.");
    }

    #[test]
    fn date_line_wrapped_with_a_byline_leaves_the_byline() {
        let a = parse("# T\n\nBy Ann Lee\nDate: 2024-03-07\n\nBody.\n").unwrap();
        assert_eq!(a.meta.date, utc("2024-03-07T00:00:00Z"));
        assert_eq!(a.body, "By Ann Lee\nBody.");
    }

    #[test]
    fn date_in_a_sentence_is_not_the_date() {
        let a = parse("# T\n\nOn 7 March 2024 the port closed.\n").unwrap();
        assert_eq!(a.meta.date, None);
    }

    #[test]
    fn emphasised_first_paragraph_is_the_lead() {
        for standfirst in [
            "*The port is shut.*",
            "**The port is shut.**",
            "_The port_ *is shut.*",
        ] {
            let text = format!("# T\n\n{standfirst}\n\nBody.\n");
            let a = parse(&text).unwrap();
            assert_eq!(
                a.meta.lead.as_deref(),
                Some("The port is shut."),
                "{standfirst}"
            );
            assert_eq!(a.body, "Body.");
        }
    }

    #[test]
    fn partly_emphasised_first_paragraph_is_not_the_lead() {
        let a = parse("# T\n\nThe port is *shut*.\n\nBody.\n").unwrap();
        assert_eq!(a.meta.lead, None);
        assert_eq!(a.body, "The port is shut.\nBody.");
    }

    #[test]
    fn emphasised_byline_is_not_the_lead() {
        let a = parse("# T\n\n*By Ann Lee*\n\nBody.\n").unwrap();
        assert_eq!(a.meta.lead, None);
    }

    #[test]
    fn inline_markup_is_removed() {
        let a = parse(
            "# T\n\nSee [the report](https://example.org/r \"Report\") by *the* **board**, `v2` and ~~old~~ text.\n",
        )
        .unwrap();
        assert_eq!(a.body, "See the report by the board, v2 and old text.");
    }

    #[test]
    fn images_keep_only_non_empty_alt_text() {
        let a = parse("# T\n\n![Crowd at the quay](a.jpg)\n\n![](b.jpg)\n\nText.\n").unwrap();
        assert_eq!(a.body, "Crowd at the quay\nText.");
    }

    #[test]
    fn list_items_are_one_per_line() {
        let a = parse("# T\n\n- First *item*\n- Second\n  - Nested\n1. Numbered\n").unwrap();
        assert_eq!(a.body, "First item\nSecond\nNested\nNumbered");
    }

    #[test]
    fn subheadings_and_quotes_are_lines_of_their_own() {
        let a = parse("# T\n\n### The vote\n> \"We won,\" said Ana Ruiz.\n").unwrap();
        assert_eq!(a.body, "The vote\n\"We won,\" said Ana Ruiz.");
    }

    #[test]
    fn code_and_html_blocks_are_dropped() {
        let a = parse(
            "# T\n\nBefore.\n\n```js\nlet x = 1;\n```\n\n    indented code\n\n<div class=\"ad\">\nBuy now\n</div>\n\nAfter <span>inline</span> html.\n",
        )
        .unwrap();
        assert_eq!(a.body, "Before.\nAfter inline html.");
    }

    #[test]
    fn no_markup_characters_survive() {
        let a = parse(
            "# T {#anchor}\n\n## Sub _heading_\n\n* a **b** _c_ `d`\n\n| A | B |\n|---|---|\n| *1* | 2 |\n\n- [x] done\n\nSee [[Wiki Page]] and footnote[^1].\n\n[^1]: The note.\n",
        )
        .unwrap();
        assert_eq!(a.meta.title, "T");
        for mark in ['#', '*', '_', '`', '[', ']', '~'] {
            assert!(!a.body.contains(mark), "{mark} in {:?}", a.body);
        }
        assert!(a.body.contains("A | B\n1 | 2"), "{:?}", a.body);
    }

    #[test]
    fn soft_breaks_join_a_paragraph_into_one_line() {
        let a = parse("# T\n\nThe council met\non Tuesday and\nvoted.\n\nNext.\n").unwrap();
        assert_eq!(a.body, "The council met on Tuesday and voted.\nNext.");
    }

    #[test]
    fn hard_breaks_join_too() {
        let a = parse("# T\n\nLine one  \nline two\\\nline three\n").unwrap();
        assert_eq!(a.body, "Line one line two line three");
    }

    #[test]
    fn crlf_files_parse_like_lf_files() {
        let a = parse(
            "---\r\ntitle: Crlf\r\ndate: 2024-03-07\r\n---\r\n\r\n## Sub\r\n\r\nOne\r\ntwo.\r\n\r\n- item\r\n",
        )
        .unwrap();
        assert_eq!(a.meta.title, "Crlf");
        assert_eq!(a.meta.date, utc("2024-03-07T00:00:00Z"));
        assert_eq!(a.body, "Sub\nOne two.\nitem");
        assert!(!a.body.contains('\r'));
    }

    #[test]
    fn inline_html_with_a_multibyte_character_is_dropped() {
        let a = parse("# T\n\nBefore <?\u{10CEC}x?> text <br/>more\n").unwrap();
        assert_eq!(a.body, "Before text more");
    }

    #[test]
    fn front_matter_alone_is_an_article_without_body() {
        let a = parse("---\ntitle: Notice\ndate: 2024-03-07\n---\n").unwrap();
        assert_eq!(a.meta.title, "Notice");
        assert_eq!(a.body, "");
    }

    #[test]
    fn front_matter_without_title_or_body_has_no_title() {
        assert_eq!(
            parse("---\ndate: 2024-03-07\n---\n"),
            Err(ParseError::NoTitle)
        );
    }

    #[test]
    fn unmarked_paragraphs_stay_borrowed() {
        let parts = super::parse("# T\n\nPlain paragraph.\n").unwrap();
        assert!(matches!(parts.title, Cow::Borrowed("T")));
        assert!(matches!(
            parts.paragraphs[..],
            [Cow::Borrowed("Plain paragraph.")]
        ));
    }

    #[test]
    fn md_and_markdown_extensions_are_markdown() {
        use crate::article::Format;
        use std::path::Path;
        for name in ["a.md", "b/C.MD", "d.markdown", "e.Markdown"] {
            assert_eq!(
                Format::from_path(Path::new(name)),
                Some(Format::Markdown),
                "{name}"
            );
        }
    }

    fn fixture(name: &str) -> Article {
        let path = format!(
            "{}/tests/fixtures/markdown/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let bytes = std::fs::read(&path).unwrap();
        let mut records = parse_file(name, &bytes, &ParseOptions::default()).unwrap();
        assert_eq!(records.len(), 1);
        records.remove(0).unwrap()
    }

    #[test]
    fn hugo_yaml_fixture_end_to_end() {
        let a = fixture("hugo-yaml-ferry.md");
        assert_eq!(
            a.meta.title,
            "Island ferry timetable cut as second vessel enters dry dock"
        );
        assert_eq!(
            a.meta.lead.as_deref(),
            Some("Crossings to Vellmar fall from twelve a day to seven until November, the regional transport board confirmed on Thursday.")
        );
        assert_eq!(a.meta.date, utc("2024-09-12T05:30:00Z"));
        assert_eq!(a.meta.speakers, ["Helge Amundsen", "Marit Solberg"]);
        assert!(a
            .body
            .contains("\nWhat changes for passengers\nSeven daily departures"));
        assert!(!a.body.contains("Read more"), "HTML block kept");
        assert!(!a.body.contains("Petra Lund"), "author in body");
    }

    #[test]
    fn toml_fixture_end_to_end() {
        let a = fixture("toml-budget.md");
        assert_eq!(
            a.meta.title,
            "Council approves leaner budget after late-night session"
        );
        assert_eq!(
            a.meta.lead.as_deref(),
            Some(
                "Libraries keep their opening hours, but road resurfacing is postponed by a year."
            )
        );
        assert_eq!(a.meta.date, utc("2025-02-27T23:40:00Z"));
        assert!(
            a.meta.speakers.contains(&"Ruth Adeyemi".to_string()),
            "{:?}",
            a.meta.speakers
        );
        assert!(!a.meta.speakers.contains(&"Daniel Okafor".to_string()));
        assert!(a.body.contains("Resurfacing of the B4021 ring road"));
    }

    #[test]
    fn heading_standfirst_and_date_line_fixture_end_to_end() {
        let a = fixture("plain-heading-harbour.md");
        assert_eq!(
            a.meta.title,
            "Harbour workers vote to accept pay offer, ending two-week strike"
        );
        assert_eq!(
            a.meta.lead.as_deref(),
            Some("Container traffic at Port Caldey is expected to return to normal by the weekend after dockers backed a 6 per cent rise.")
        );
        assert_eq!(a.meta.date, utc("2024-06-18T14:20:00Z"));
        assert_eq!(a.meta.speakers, ["Jonas Whitcombe", "Priya Natarajan"]);
        assert!(a.body.starts_with("Members of the dock workers' union"));
        assert!(!a.body.contains("Vote result"), "code block kept");
    }

    #[test]
    fn crlf_setext_fixture_end_to_end() {
        let a = fixture("scraped-wildfire-crlf.md");
        assert_eq!(
            a.meta.title,
            "Wildfire near Tarsa forces evacuation of three villages"
        );
        assert_eq!(
            a.meta.lead.as_deref(),
            Some("About 1,200 residents spent the night in school halls as crews fought flames driven by strong winds.")
        );
        assert_eq!(a.meta.date, utc("2025-03-03T00:00:00Z"));
        assert_eq!(a.meta.speakers, ["Elena Markou", "Costas Drakos"]);
        assert!(a
            .body
            .ends_with("Residents can check road closures on the agency map."));
        assert!(!a.body.contains('\r'));
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_or_errors(text in "\\PC{0,400}") {
            let _ = super::parse(&text);
        }

        #[test]
        fn any_yaml_front_matter_parses_or_errors(front in "[ -~\n\t]{0,200}", body in "[ -~\n]{0,200}") {
            let _ = super::parse(&format!("---\n{front}\n---\n{body}"));
        }

        #[test]
        fn any_toml_front_matter_parses_or_errors(front in "[ -~\n]{0,200}", body in "[ -~\n]{0,200}") {
            let _ = super::parse(&format!("+++\n{front}\n+++\n{body}"));
        }

        #[test]
        fn markdown_punctuation_parses_or_errors(text in "[-#*_`>+=\\[\\]()!:| a-z0-9\n]{0,400}") {
            let _ = super::parse(&text);
        }
    }
}
