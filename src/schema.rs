//! The index layout: the only file that names tantivy fields and tokenizers.
//!
//! Text fields use the `news` analyzer (lower-casing, ASCII folding so `jose`
//! finds `José`, English stemming so `attacks` finds `attack`).
//!
//! A query without a field name searches one field, `text`, which holds the
//! title three times, the lead twice, the body and the speakers' names: the
//! BM25F way of weighting fields, by repeating them in one bag of words.
//! Searching title, lead, body and speakers as four fields instead turned
//! every word into a union of four posting lists, which tantivy must score
//! document by document; one field lets a word be one posting list and an
//! AND of words one intersection, both of which tantivy ranks with
//! block-max WAND, skipping blocks that cannot reach the top ten. At a
//! million articles that is the difference between tens of milliseconds and
//! a fraction of one. The body is stored but not indexed on its own:
//! `body:` searches `text`. Title, lead and speakers keep their own indexed
//! fields for `title:`, `lead:` and `speaker:`.
//!
//! Speakers are also kept as exact untokenised names in a fast column, and
//! the path has one too: the speaker registry (`people/`) is built from
//! those columns, the date's and the title's postings, without reading the
//! stored articles. The title has a column as well: with the speakers' and
//! the path's it lets an export write its rows without the document store,
//! which costs a 16 KiB block decompressed for each scattered hit
//! (`search::stream`). The date is indexed and stored, and has a fast column
//! for sorting; the day is indexed apart, for ranges of whole days.
//! Documents are stored in LZ4 blocks (see `store.rs` for why not zstd); a
//! query decompresses only the blocks of the hits it shows.
//!
//! Words as written, before stemming, are kept too, for `=word`, in three
//! twins: `title_exact` of `title`, `lead_exact` of `lead`, and `exact` of
//! the body and the speakers' names (the rest of `text`). A twin indexes
//! only the words whose form is not their own stem, as `stem form`
//! (`rate rates`), with their frequencies and nothing else (no positions
//! or lengths), since they only filter: `=rates` is ranked by the stem
//! `rate` in `text`, among the articles whose twins have `rate rates`,
//! and `=rate` among those where `rate` occurs in `text` more often than
//! the twins' other forms of it, counted as many times as their texts go
//! into `text` (`search/exact.rs`). Most words of news are their own
//! stems, so the twins hold well under half of an article's words; every
//! form in full cost a tenth of the build and more for quote records
//! (BENCHMARKS.md).
//!
//! Each body's near-duplicate band keys (`article::fingerprint`) are a
//! multi-valued fast column, `dup_keys`, which `--collapse` reads; they
//! are not indexed, since nothing searches for them.
//!
//! Tokenizers are not persisted by tantivy, so every index this crate opens
//! or creates goes through [`NewsSchema::register_tokenizers`].

use chrono::{DateTime, Utc};
use tantivy::columnar::{Column, StrColumn};
use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, OwnedValue, Schema,
    TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    TokenStream,
};
use tantivy::{Index, SegmentReader, TantivyDocument};

use crate::article::quotes::{Quote, QuoteKind};
use crate::article::{fingerprint, Article, ArticleMeta};
use crate::tokenizer::SharedTokens;

const NEWS_TOKENIZER: &str = "news";
const NAME_TOKENIZER: &str = "name";
const FORMS_TOKENIZER: &str = "forms";

/// Field names, as tantivy knows them. Every other module names fields
/// through these, so a field renamed here cannot be missed elsewhere.
pub const PATH_FIELD: &str = "path";
/// The headline.
pub const TITLE_FIELD: &str = "title";
/// The standfirst.
pub const LEAD_FIELD: &str = "lead";
/// The stored text.
pub const BODY_FIELD: &str = "body";
/// The field searched when a query names none.
pub const TEXT_FIELD: &str = "text";
/// Speaker names, tokenised.
pub const SPEAKERS_FIELD: &str = "speakers";
/// The words of the whole article as written (lower-cased and folded, not
/// stemmed), for `=word`.
pub const EXACT_FIELD: &str = "exact";
/// The title's words as written.
pub const TITLE_EXACT_FIELD: &str = "title_exact";
/// The lead's words as written.
pub const LEAD_EXACT_FIELD: &str = "lead_exact";
/// Speaker names, exact.
pub const SPEAKER_NAME_FIELD: &str = "speaker_name";
/// The publication time.
pub const DATE_FIELD: &str = "date";
/// The publication day, as days since 1970-01-01 (UTC): what date ranges of
/// whole days, months and years search (see `search::query`).
pub const DAY_FIELD: &str = "day";
/// Whether the date had a time of day.
pub const DATE_HAS_TIME_FIELD: &str = "date_has_time";
/// The source file of an article, relative to the corpus root.
pub const FILE_FIELD: &str = "file";
/// Source file modification time.
pub const FILE_MTIME_FIELD: &str = "file_mtime";
/// Source file size.
pub const FILE_SIZE_FIELD: &str = "file_size";
/// Source file content hash.
pub const FILE_HASH_FIELD: &str = "file_hash";
/// The outlet's name as written: exact, in a fast column, for the outlet
/// facet; stored for display.
pub const OUTLET_FIELD: &str = "outlet";
/// The outlet's name, tokenised as names are, for `outlet:`.
pub const OUTLET_WORDS_FIELD: &str = "outlet_words";
/// Author names, tokenised, for `author:`; stored for display.
pub const AUTHORS_FIELD: &str = "authors";
/// Author names, exact, in a fast column, for the author facet.
pub const AUTHOR_NAME_FIELD: &str = "author_name";
/// The canonical address, stored only.
pub const URL_FIELD: &str = "url";
/// The language tag (`en`, `en-gb`): exact, in a fast column, stored.
pub const LANG_FIELD: &str = "lang";
/// The body's near-duplicate band keys (`article::fingerprint`).
pub const DUP_KEYS_FIELD: &str = "dup_keys";
/// A quote record's paragraph in its article (see [`NewsSchema::quote_document`]).
pub const PARAGRAPH_FIELD: &str = "paragraph";
/// A quote record's kind: `direct` (words between quotation marks) or
/// `reported` (a sentence of reported speech).
pub const QUOTE_KIND_FIELD: &str = "quote_kind";
/// A quote record's article's title, stored only.
pub const QUOTE_TITLE_FIELD: &str = "quote_title";

/// The folder of the quote index, inside the index folder.
pub const QUOTES_DIR: &str = "quotes";

/// Seconds in a UTC day, which has no leap seconds in chrono's count.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// How many times the title and the lead go into `text`: their weight
/// against the body. Values of one field are kept one position apart, so
/// an exact phrase never runs from one copy into the next; a sloppy one
/// (`"a b"~1`) can.
const TITLE_COPIES: usize = 3;
const LEAD_COPIES: usize = 2;

/// The values of `text` for `article`, in the order
/// [`NewsSchema::to_document`] adds them (title and lead repeated, body,
/// speakers): what another backend indexes in its own `text` field so that
/// it weighs the fields as the local index does.
pub fn text_values(article: &Article) -> Vec<&str> {
    let meta = &article.meta;
    let mut values = vec![meta.title.as_str(); TITLE_COPIES];
    if let Some(lead) = &meta.lead {
        values.extend(std::iter::repeat_n(lead.as_str(), LEAD_COPIES));
    }
    values.push(&article.body);
    values.extend(meta.speakers.iter().map(String::as_str));
    values
}

/// Bumped whenever fields change: an index of another version is rebuilt
/// with `--full`, never half-read.
pub const SCHEMA_VERSION: u32 = 11;

/// Field names as users type them in queries.
pub const FIELD_NAMES: [&str; 9] = [
    TITLE_FIELD,
    LEAD_FIELD,
    BODY_FIELD,
    SPEAKERS_FIELD,
    PATH_FIELD,
    DATE_FIELD,
    OUTLET_FIELD,
    AUTHORS_FIELD,
    LANG_FIELD,
];

/// The fields of a newsidx index.
#[derive(Debug, Clone)]
pub struct NewsSchema {
    /// The tantivy schema.
    pub schema: Schema,
    /// Path relative to the corpus root; untokenised, the document identity.
    pub path: Field,
    /// Headline; also whole in a fast column.
    pub title: Field,
    /// Standfirst.
    pub lead: Field,
    /// Article text, stored only.
    pub body: Field,
    /// Everything searched when a query names no field (see the module
    /// documentation), indexed only.
    pub text: Field,
    /// Speaker names, tokenised.
    pub speakers: Field,
    /// The article's words as written, for `=word` without a field.
    pub exact: Field,
    /// The title's words as written, for `title:=word`.
    pub title_exact: Field,
    /// The lead's words as written, for `lead:=word`.
    pub lead_exact: Field,
    /// Speaker names, exact, in a fast column, in the article's order.
    pub speaker_name: Field,
    /// Publication time.
    pub date: Field,
    /// Publication day, for date ranges of whole days.
    pub day: Field,
    /// Whether the article gave a time of day, for display.
    pub date_has_time: Field,
    /// The source file, relative to the corpus root: what incremental runs
    /// delete by (all records of a JSON Lines file share it).
    pub file: Field,
    /// Source file modification time, nanoseconds since the Unix epoch.
    pub file_mtime: Field,
    /// Source file size in bytes.
    pub file_size: Field,
    /// XXH3 hash of the source file's bytes.
    pub file_hash: Field,
    /// The body's near-duplicate band keys, in a fast column only: what
    /// `--collapse` groups matches by.
    pub dup_keys: Field,
    /// Outlet, authors, address and language (see [`SourceFields`]).
    pub source: SourceFields,
    /// A quote record's paragraph, stored only; articles have none.
    pub paragraph: Field,
    /// A quote record's kind ([`QuoteKind`]), stored only; articles have
    /// none.
    pub quote_kind: Field,
    /// A quote record's article's title, stored only; articles keep
    /// theirs in `title`.
    pub quote_title: Field,
}

/// The fields of an article's source: who published it, who wrote it,
/// where it lives and its language. Outlet and language are exact values
/// in fast columns (facets count them, `lang:` filters on them), and the
/// outlet and the authors are also tokenised as speakers' names are, so
/// `outlet:` and `author:` find a name by its words, case and accents
/// aside. None of them goes into `text`: a word of the query matches what
/// the article says, not who published it.
#[derive(Debug, Clone, Copy)]
pub struct SourceFields {
    /// Outlet name as written; exact, fast, stored.
    pub outlet: Field,
    /// Outlet name, tokenised, for `outlet:`.
    pub outlet_words: Field,
    /// Author names, tokenised and stored.
    pub authors: Field,
    /// Author names, exact and fast.
    pub author_name: Field,
    /// Canonical address, stored.
    pub url: Field,
    /// Language tag; exact, fast, stored.
    pub lang: Field,
}

impl SourceFields {
    fn add(builder: &mut tantivy::schema::SchemaBuilder, names: TextOptions) -> SourceFields {
        SourceFields {
            outlet: builder.add_text_field(OUTLET_FIELD, STRING | FAST | STORED),
            outlet_words: builder.add_text_field(
                OUTLET_WORDS_FIELD,
                TextOptions::default().set_indexing_options(
                    names.get_indexing_options().cloned().unwrap_or_default(),
                ),
            ),
            authors: builder.add_text_field(AUTHORS_FIELD, names),
            author_name: builder.add_text_field(AUTHOR_NAME_FIELD, STRING | FAST),
            url: builder.add_text_field(URL_FIELD, STORED),
            lang: builder.add_text_field(LANG_FIELD, STRING | FAST | STORED),
        }
    }

    fn write(&self, doc: &mut TantivyDocument, meta: &ArticleMeta) {
        if let Some(outlet) = &meta.outlet {
            doc.add_text(self.outlet, outlet);
            doc.add_text(self.outlet_words, outlet);
        }
        for author in &meta.authors {
            doc.add_text(self.authors, author);
            doc.add_text(self.author_name, author);
        }
        if let Some(url) = &meta.url {
            doc.add_text(self.url, url);
        }
        if let Some(lang) = &meta.lang {
            doc.add_text(self.lang, lang);
        }
    }

    /// Takes a stored value into `meta` if it is one of these fields.
    fn read(&self, meta: &mut ArticleMeta, field: Field, value: &OwnedValue) -> bool {
        let OwnedValue::Str(s) = value else {
            return false;
        };
        if field == self.outlet {
            meta.outlet = Some(s.clone());
        } else if field == self.authors {
            meta.authors.push(s.clone());
        } else if field == self.url {
            meta.url = Some(s.clone());
        } else if field == self.lang {
            meta.lang = Some(s.clone());
        } else {
            return false;
        }
        true
    }
}

/// What the index remembers of the file an article came from, so the next
/// run can tell whether it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime: u64,
    /// Size in bytes.
    pub size: u64,
    /// XXH3 hash of the content.
    pub hash: u64,
}

impl NewsSchema {
    /// The schema this version of newsidx writes.
    pub fn new() -> NewsSchema {
        let mut builder = Schema::builder();
        let text = |tokenizer: &str| {
            TextOptions::default()
                .set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(tokenizer)
                        .set_index_option(IndexRecordOption::WithFreqsAndPositions),
                )
                .set_stored()
        };
        let path = builder.add_text_field(PATH_FIELD, STRING | STORED | FAST);
        let title = builder.add_text_field(TITLE_FIELD, text(NEWS_TOKENIZER) | FAST);
        let lead = builder.add_text_field(LEAD_FIELD, text(NEWS_TOKENIZER));
        let body = builder.add_text_field(BODY_FIELD, STORED);
        let all_text = builder.add_text_field(
            TEXT_FIELD,
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(NEWS_TOKENIZER)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        );
        let speakers = builder.add_text_field(SPEAKERS_FIELD, text(NAME_TOKENIZER));
        let forms = || {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(FORMS_TOKENIZER)
                    .set_index_option(IndexRecordOption::WithFreqs)
                    .set_fieldnorms(false),
            )
        };
        let exact = builder.add_text_field(EXACT_FIELD, forms());
        let title_exact = builder.add_text_field(TITLE_EXACT_FIELD, forms());
        let lead_exact = builder.add_text_field(LEAD_EXACT_FIELD, forms());
        let speaker_name = builder.add_text_field(SPEAKER_NAME_FIELD, STRING | FAST);
        let date = builder.add_date_field(
            DATE_FIELD,
            DateOptions::from(INDEXED)
                .set_stored()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        );
        let day = builder.add_i64_field(DAY_FIELD, INDEXED);
        let date_has_time = builder.add_bool_field(DATE_HAS_TIME_FIELD, STORED);
        let file = builder.add_text_field(FILE_FIELD, STRING | FAST);
        let file_mtime = builder.add_u64_field(FILE_MTIME_FIELD, FAST);
        let file_size = builder.add_u64_field(FILE_SIZE_FIELD, FAST);
        let file_hash = builder.add_u64_field(FILE_HASH_FIELD, FAST);
        let source = SourceFields::add(&mut builder, text(NAME_TOKENIZER));
        let dup_keys = builder.add_u64_field(DUP_KEYS_FIELD, FAST);
        let paragraph = builder.add_u64_field(PARAGRAPH_FIELD, STORED);
        let quote_kind = builder.add_text_field(QUOTE_KIND_FIELD, STORED);
        let quote_title = builder.add_text_field(QUOTE_TITLE_FIELD, STORED);
        NewsSchema {
            paragraph,
            quote_kind,
            quote_title,
            schema: builder.build(),
            path,
            title,
            lead,
            body,
            text: all_text,
            speakers,
            exact,
            title_exact,
            lead_exact,
            speaker_name,
            date,
            day,
            date_has_time,
            file,
            file_mtime,
            file_size,
            file_hash,
            source,
            dup_keys,
        }
    }

    /// Whether `index` was built with exactly this schema.
    pub fn matches(&self, index: &Index) -> bool {
        index.schema() == self.schema
    }

    /// Registers the analyzers the fields name; needed on every opened index.
    pub fn register_tokenizers(index: &Index) {
        let manager = index.tokenizers();
        manager.register(NEWS_TOKENIZER, NewsSchema::news_analyzer());
        manager.register(FORMS_TOKENIZER, TextAnalyzer::from(SharedTokens::forms()));
        manager.register(
            NAME_TOKENIZER,
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        );
    }

    /// The tantivy document for an article read from the file `file`.
    pub fn to_document(
        &self,
        article: &Article,
        file: &str,
        fingerprint: Fingerprint,
    ) -> TantivyDocument {
        let meta = &article.meta;
        let mut doc = self.new_document(meta, file, fingerprint);
        doc.add_text(self.title, &meta.title);
        doc.add_text(self.title_exact, &meta.title);
        for _ in 0..TITLE_COPIES {
            doc.add_text(self.text, &meta.title);
        }
        if let Some(lead) = &meta.lead {
            doc.add_text(self.lead, lead);
            doc.add_text(self.lead_exact, lead);
            for _ in 0..LEAD_COPIES {
                doc.add_text(self.text, lead);
            }
        }
        doc.add_text(self.body, &article.body);
        doc.add_text(self.text, &article.body);
        doc.add_text(self.exact, &article.body);
        for speaker in &meta.speakers {
            doc.add_text(self.speakers, speaker);
            doc.add_text(self.speaker_name, speaker);
            doc.add_text(self.text, speaker);
            doc.add_text(self.exact, speaker);
        }
        self.source.write(&mut doc, meta);
        for key in fingerprint::band_keys(&article.body) {
            doc.add_u64(self.dup_keys, key);
        }
        doc
    }

    /// The document of one quote record of `article`, for the quote index
    /// (`QUOTES_DIR`), which has this same schema so that a quote search
    /// is a query like any other: `text` (what a query without a field
    /// searches), `exact` and the stored `body` hold the quote's words
    /// only; the speaker goes into `speakers`, the article's path and date
    /// where an article keeps them, and the paragraph into `paragraph`.
    /// The source file and its fingerprint are the article's, so a file
    /// changed or gone loses its quotes by the same delete as its
    /// articles. The article's title is stored, not indexed, in
    /// `quote_title`: indexed in every quote of an article it was a fifth
    /// of the quote index at 100k (89 against 72 MB), while stored beside
    /// the article's other quotes it compresses to a few bytes, and a
    /// quote shown needs no search of the article index for it.
    pub fn quote_document(
        &self,
        article: &Article,
        quote: &Quote,
        file: &str,
        fingerprint: Fingerprint,
    ) -> TantivyDocument {
        let mut doc = self.new_document(&article.meta, file, fingerprint);
        doc.add_text(self.body, &quote.text);
        doc.add_text(self.text, &quote.text);
        doc.add_text(self.exact, &quote.text);
        doc.add_text(self.speakers, &quote.speaker);
        // Whom the registry's said file numbers each quote by, read from
        // the column rather than the store (`people/said.rs`).
        doc.add_text(self.speaker_name, &quote.speaker);
        doc.add_u64(self.paragraph, quote.paragraph as u64);
        doc.add_text(self.quote_kind, quote_kind_name(quote.kind));
        doc.add_text(self.quote_title, &article.meta.title);
        doc
    }

    /// A document with what articles and quote records share: the source
    /// file and its fingerprint (what incremental runs compare and delete
    /// by), the article's path and its date.
    fn new_document(
        &self,
        meta: &ArticleMeta,
        file: &str,
        fingerprint: Fingerprint,
    ) -> TantivyDocument {
        let mut doc = TantivyDocument::new();
        doc.add_text(self.file, file);
        doc.add_u64(self.file_mtime, fingerprint.mtime);
        doc.add_u64(self.file_size, fingerprint.size);
        doc.add_u64(self.file_hash, fingerprint.hash);
        doc.add_text(self.path, &meta.path);
        if let Some(date) = meta.date {
            doc.add_date(self.date, to_tantivy_date(date));
            doc.add_i64(self.day, date.timestamp().div_euclid(SECONDS_PER_DAY));
            doc.add_bool(self.date_has_time, meta.date_has_time);
        }
        doc
    }

    /// The kind a stored quote record gives; a record without one (there
    /// are none in an index of this schema) is taken as direct.
    pub fn stored_quote_kind(&self, doc: &TantivyDocument) -> QuoteKind {
        use tantivy::schema::Value;
        match doc.get_first(self.quote_kind).and_then(|v| v.as_str()) {
            Some(kind) if kind == quote_kind_name(QuoteKind::Reported) => QuoteKind::Reported,
            _ => QuoteKind::Direct,
        }
    }

    /// The paragraph a stored quote record gives, if it is one.
    pub fn stored_paragraph(&self, doc: &TantivyDocument) -> Option<u64> {
        use tantivy::schema::Value;
        doc.get_first(self.paragraph)
            .and_then(|value| value.as_u64())
    }

    /// Reads back the stored fields of a document: the article as it was
    /// indexed (without its notes, which are not kept).
    pub fn stored(&self, doc: &TantivyDocument) -> Article {
        let mut meta = ArticleMeta::default();
        let mut body = String::new();
        for (field, value) in doc.field_values() {
            let value = OwnedValue::from(value);
            if self.source.read(&mut meta, field, &value) {
                continue;
            }
            match value {
                OwnedValue::Str(s) if field == self.path => meta.path = s,
                OwnedValue::Str(s) if field == self.title || field == self.quote_title => {
                    meta.title = s;
                }
                OwnedValue::Str(s) if field == self.lead => meta.lead = Some(s),
                OwnedValue::Str(s) if field == self.body => body = s,
                OwnedValue::Str(s) if field == self.speakers => meta.speakers.push(s),
                OwnedValue::Date(d) if field == self.date => meta.date = from_tantivy_date(d),
                OwnedValue::Bool(b) if field == self.date_has_time => meta.date_has_time = b,
                _ => {}
            }
        }
        Article {
            meta,
            body,
            notes: Vec::new(),
            quotes: Vec::new(),
        }
    }

    /// A segment's `path` and `date` columns: what an export reads of an
    /// article when it writes neither title, speakers nor snippet.
    pub fn path_and_date_columns(
        &self,
        segment: &SegmentReader,
    ) -> tantivy::Result<(StrColumn, Column<tantivy::DateTime>)> {
        let fast = segment.fast_fields();
        let path = fast
            .str(PATH_FIELD)?
            .ok_or_else(|| missing_column(PATH_FIELD))?;
        Ok((path, fast.date(DATE_FIELD)?))
    }

    /// A segment's `title` column: every article has one (empty when the
    /// article has no title); quote records have none.
    pub fn title_column(&self, segment: &SegmentReader) -> tantivy::Result<StrColumn> {
        segment
            .fast_fields()
            .str(TITLE_FIELD)?
            .ok_or_else(|| missing_column(TITLE_FIELD))
    }

    /// A segment's `speaker_name` column, its values in each article's
    /// order (tantivy sorts the values of a document only for facets);
    /// `None` when no document of the segment has a speaker.
    pub fn speaker_column(&self, segment: &SegmentReader) -> tantivy::Result<Option<StrColumn>> {
        segment.fast_fields().str(SPEAKER_NAME_FIELD)
    }

    /// The `file` column of a segment: which source file each document
    /// came from. Every document has one, so a segment without the column
    /// is an error, never "no files" (which would make every file look new
    /// and fill the index with duplicates).
    pub fn file_column(&self, segment: &SegmentReader) -> tantivy::Result<StrColumn> {
        segment
            .fast_fields()
            .str(FILE_FIELD)?
            .ok_or_else(|| missing_column(FILE_FIELD))
    }

    /// The fingerprint columns of a segment (modification time, size,
    /// hash), which every document has.
    pub fn fingerprint_columns(
        &self,
        segment: &SegmentReader,
    ) -> tantivy::Result<[Column<u64>; 3]> {
        let fast = segment.fast_fields();
        Ok([
            fast.u64(FILE_MTIME_FIELD)?,
            fast.u64(FILE_SIZE_FIELD)?,
            fast.u64(FILE_HASH_FIELD)?,
        ])
    }

    /// A wildcard prefix as the index spells it: lower-cased and folded to
    /// ASCII, or `None` unless it is exactly one word. It is not
    /// stemmed: `attack*` must still match `attacks`.
    pub fn normalize_prefix(text: &str) -> Option<String> {
        // A wildcard applies to one word; `new-yo*` is two.
        match <[String; 1]>::try_from(NewsSchema::prefix_words(text)) {
            Ok([word]) => Some(word),
            Err(_) => None,
        }
    }

    /// The analyzer of the stemmed text fields (title, lead, body): the
    /// registry of people compares titles with it, word for word as the
    /// index holds them.
    /// Its tokens are remembered a thread across texts (see
    /// `tokenizer::SharedTokens`).
    pub fn news_analyzer() -> TextAnalyzer {
        TextAnalyzer::from(SharedTokens::stemmed())
    }

    /// An analyzer that lower-cases a text and folds it to ASCII as one
    /// token, unsplit: a word as the unstemmed fields spell it.
    pub fn folding() -> TextAnalyzer {
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build()
    }

    /// The words of a prefix search as the index spells them before
    /// stemming (lower-cased, folded): `New-Yo` is `new` and `yo`.
    pub fn prefix_words(text: &str) -> Vec<String> {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        terms_of(&mut analyzer, text)
    }

    /// The twins that hold the words of `field` as written, for `=word`,
    /// each with how many times its text goes into `field`; `None` where
    /// the field's words are not stemmed in the first place (speakers,
    /// path).
    pub fn twins_of(&self, field: Field) -> Option<Vec<(Field, u32)>> {
        // The copies are a handful, far inside u32.
        let copies = |n: usize| n as u32;
        if field == self.text {
            Some(vec![
                (self.exact, 1),
                (self.title_exact, copies(TITLE_COPIES)),
                (self.lead_exact, copies(LEAD_COPIES)),
            ])
        } else if field == self.title {
            Some(vec![(self.title_exact, 1)])
        } else if field == self.lead {
            Some(vec![(self.lead_exact, 1)])
        } else {
            None
        }
    }

    /// The schema field a user-typed field name means: `speaker` is an alias
    /// of `speakers`, `body` searches `text`; `speaker_name` and `text` are
    /// internal and not searchable by name.
    pub fn resolve_field_name(name: &str) -> Option<&'static str> {
        match name {
            "speaker" => Some(SPEAKERS_FIELD),
            BODY_FIELD => Some(TEXT_FIELD),
            _ => FIELD_NAMES.iter().find(|f| **f == name).copied(),
        }
    }
}

impl Default for NewsSchema {
    fn default() -> Self {
        NewsSchema::new()
    }
}

/// How a quote record's kind is stored, locally and in a cluster: as
/// `newsidx parse` and the JSON lines name it.
pub fn quote_kind_name(kind: QuoteKind) -> &'static str {
    match kind {
        QuoteKind::Direct => "direct",
        QuoteKind::Reported => "reported",
    }
}

/// The terms `analyzer` makes of `text`, in order.
pub fn terms_of(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        terms.push(stream.token().text.clone());
    }
    terms
}

fn missing_column(name: &str) -> tantivy::TantivyError {
    tantivy::TantivyError::SchemaError(format!(
        "a segment has no {name:?} column, which every document has"
    ))
}

/// The terms of a string column's sorted, distinct term numbers `ords`,
/// in order. Each dictionary block is opened once; a lookup per number
/// decompresses a block each time, which cost the speaker registry a minute
/// at a million articles.
pub fn column_terms(column: &StrColumn, ords: &[u64]) -> std::io::Result<Vec<String>> {
    let mut out = Vec::with_capacity(ords.len());
    column.dictionary().sorted_ords_to_term_cb(ords, |bytes| {
        out.push(String::from_utf8_lossy(bytes).into_owned());
    })?;
    Ok(out)
}

/// Converts a chrono instant to tantivy's date type (second precision).
pub fn to_tantivy_date(date: DateTime<Utc>) -> tantivy::DateTime {
    tantivy::DateTime::from_timestamp_secs(date.timestamp())
}

/// Converts tantivy's date type back to a chrono instant.
pub fn from_tantivy_date(date: tantivy::DateTime) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(date.into_timestamp_secs(), 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `news` analyzer's terms for `text`.
    fn terms(text: &str) -> Vec<String> {
        let schema = NewsSchema::new();
        let index = Index::create_in_ram(schema.schema.clone());
        NewsSchema::register_tokenizers(&index);
        let mut analyzer = index.tokenizer_for_field(schema.text).unwrap();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn text_values_are_what_the_local_text_field_holds() {
        let schema = NewsSchema::new();
        let article = Article {
            meta: ArticleMeta {
                path: "a.txt".into(),
                title: "Title".into(),
                lead: Some("Lead".into()),
                speakers: vec!["Ann Lee".into(), "Bo".into()],
                ..ArticleMeta::default()
            },
            body: "Body".into(),
            notes: Vec::new(),
            quotes: Vec::new(),
        };
        let fingerprint = Fingerprint {
            mtime: 0,
            size: 0,
            hash: 0,
        };
        let doc = schema.to_document(&article, "a.txt", fingerprint);
        let local: Vec<&str> = doc
            .get_all(schema.text)
            .filter_map(|v| tantivy::schema::Value::as_str(&v))
            .collect();
        assert_eq!(text_values(&article), local);
    }

    #[test]
    fn compounds_survive_lower_casing_folding_and_stemming() {
        assert_eq!(
            terms("Kelly <KLY> rose 1.5% to 3,000"),
            ["kelli", "<kly>", "kli", "rose", "1.5", "1.5%", "1", "5", "to", "3,000", "3", "000"]
        );
    }
}
