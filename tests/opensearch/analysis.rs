//! Analyzer parity: the tokens the cluster makes with the template's
//! analyzers against the tokens newsidx's tantivy analyzers make, on
//! 10,000 sentences of the Reuters archive in `../shared/corpora`.
//!
//! A token is compared whole: its text, its byte range in the sentence
//! and its position, since phrases, snippets and highlights depend on all
//! three. The local tokenizer adds compound tokens (decimals, percentages,
//! tickers) at the position of their first word; OpenSearch's analysis
//! chain has one tokenizer per analyzer, so the template keeps compounds
//! in `compounds` sub-fields of their own (`opensearch/README.md`). Here
//! the two streams the cluster makes are merged back, each compound at the
//! position of the first word that starts at or after it, and the merged
//! stream must equal the local one.
//!
//! One difference is known and allowed: tantivy 0.27 stems with Snowball's
//! English algorithm as Snowball's main line has it now (through the
//! frostem crate), Lucene 9.12 with the version of its Snowball 2
//! upgrade, and the two stem some words differently (`added`: `add`
//! locally, `ad` in the cluster). Such a token differs in its text alone,
//! never in position or range. Every such word met in the sentences is
//! listed, with both stems, in `opensearch/stem-differences.tsv`, and the
//! test fails on any difference of another kind and on any word missing
//! from that list or listed but not met; `NEWSIDX_PARITY_WRITE=1` rewrites
//! the list from a run, for a stemmer or sentence change that was meant.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use newsidx::schema::NewsSchema;
use serde_json::{json, Value};
use tantivy::tokenizer::TokenStream;
use tantivy::Index;

use crate::cluster::Cluster;

const SENTENCES: usize = 10_000;
/// Sentences per `_analyze` request: a few hundred keep each answer small
/// and the whole run to a few dozen requests per analyzer.
const BATCH: usize = 250;

/// One token: position, byte range in its sentence, text.
type Tok = (i64, usize, usize, String);

/// The first `SENTENCES` sentences of the Reuters archive: each title,
/// then each paragraph of the body cut after every ". ". `None` when the
/// archive is absent.
fn reuters_sentences() -> Option<Vec<String>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/reuters21578/reuters.jsonl.gz");
    let file = std::fs::File::open(&path).ok()?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut out = Vec::with_capacity(SENTENCES);
    for line in reader.lines() {
        let line = line.expect("the Reuters archive reads");
        let article: Value = serde_json::from_str(&line).expect("each Reuters line is JSON");
        let title = article["title"].as_str().unwrap_or("");
        let body = article["body"].as_str().unwrap_or("");
        let paragraphs = std::iter::once(title).chain(body.split('\n'));
        for paragraph in paragraphs {
            for sentence in paragraph.split_inclusive(". ") {
                let sentence = sentence.trim();
                if !sentence.is_empty() {
                    out.push(sentence.to_string());
                    if out.len() == SENTENCES {
                        return Some(out);
                    }
                }
            }
        }
    }
    Some(out)
}

/// The tokens of `text` through the analyzer newsidx registers for `field`.
fn local_tokens(index: &Index, field: tantivy::schema::Field, text: &str) -> Vec<Tok> {
    let analyzer = index
        .tokenizer_for_field(field)
        .expect("the field has an analyzer");
    tokens_of(analyzer, text)
}

fn tokens_of(mut analyzer: tantivy::tokenizer::TextAnalyzer, text: &str) -> Vec<Tok> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((
            t.position as i64,
            t.offset_from,
            t.offset_to,
            t.text.clone(),
        ));
    }
    out
}

/// The tokens of each sentence through the cluster's analyzer `analyzer`,
/// with offsets turned from the cluster's UTF-16 units, counted over all
/// the texts of a request, into bytes of each sentence.
fn cluster_tokens(
    cluster: &Cluster,
    index: &str,
    analyzer: &str,
    texts: &[String],
) -> Vec<Vec<Tok>> {
    let mut out: Vec<Vec<Tok>> = vec![Vec::new(); texts.len()];
    for (batch_no, batch) in texts.chunks(BATCH).enumerate() {
        let body = json!({ "analyzer": analyzer, "text": batch });
        let answer = cluster.call(
            "POST",
            &format!("/{index}/_analyze"),
            Some(&body.to_string()),
        );
        // Where each text starts in the request's running offsets: after
        // the texts before it and one unit of offset gap each (Lucene's
        // default, which the template keeps).
        let mut starts = Vec::with_capacity(batch.len());
        let mut units = 0usize;
        for text in batch {
            starts.push(units);
            units += text.encode_utf16().count() + 1;
        }
        let tokens = answer["tokens"]
            .as_array()
            .expect("_analyze answers tokens");
        for token in tokens {
            let from = token["start_offset"].as_u64().expect("start_offset") as usize;
            let to = token["end_offset"].as_u64().expect("end_offset") as usize;
            let which = starts.partition_point(|&s| s <= from) - 1;
            let text = &batch[which];
            let byte = |unit: usize| byte_of_unit(text, unit - starts[which]);
            out[batch_no * BATCH + which].push((
                token["position"].as_i64().expect("position"),
                byte(from),
                byte(to),
                token["token"].as_str().expect("token").to_string(),
            ));
        }
    }
    out
}

/// The byte offset in `text` of its UTF-16 unit `unit`.
fn byte_of_unit(text: &str, unit: usize) -> usize {
    let mut units = 0;
    for (byte, c) in text.char_indices() {
        if units >= unit {
            return byte;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Positions counted from the sentence's first token, so that streams
/// whose numbering starts elsewhere (the cluster's run on across the
/// texts of a request) compare.
fn from_first(tokens: &mut [Tok]) {
    if let Some(first) = tokens.iter().map(|t| t.0).min() {
        for t in tokens.iter_mut() {
            t.0 -= first;
        }
    }
}

/// The cluster's word tokens with its compound tokens put back where the
/// local tokenizer puts them: at the position of the first word that
/// starts at or after the compound.
fn merge(mut words: Vec<Tok>, compounds: Vec<Tok>) -> Vec<Tok> {
    let placed: Vec<Tok> = compounds
        .into_iter()
        .map(|(_, from, to, text)| {
            let position = words
                .iter()
                .find(|w| w.1 >= from)
                .map_or_else(|| words.last().map_or(0, |w| w.0 + 1), |w| w.0);
            (position, from, to, text)
        })
        .collect();
    words.extend(placed);
    words
}

/// Tokens in a canonical order: the order within one position carries no
/// meaning for the index.
fn canonical(mut tokens: Vec<Tok>) -> Vec<Tok> {
    from_first(&mut tokens);
    tokens.sort();
    tokens
}

struct Report {
    name: &'static str,
    tokens: usize,
    /// Tokens that differ in their stem alone, by the word as written:
    /// the local stem, the cluster's and how many tokens.
    stems: BTreeMap<String, (String, String, usize)>,
    /// Sentences that differ in any other way: the sentence, the tokens
    /// only newsidx made and those only the cluster made.
    differing: Vec<(usize, Vec<Tok>, Vec<Tok>)>,
}

/// The tokens of `ours` and `theirs` that pair up at the same position
/// and byte range with another text: stems of one word that the two
/// stemmers made differently. What is left over is any other difference.
fn split_stem_differences(
    sentence: &str,
    ours: Vec<Tok>,
    theirs: Vec<Tok>,
    stems: &mut BTreeMap<String, (String, String, usize)>,
) -> (Vec<Tok>, Vec<Tok>) {
    let mut theirs_left = theirs;
    let mut ours_left = Vec::new();
    for token in ours {
        let twin = theirs_left
            .iter()
            .position(|t| t.0 == token.0 && t.1 == token.1 && t.2 == token.2);
        match twin {
            Some(i) => {
                let other = theirs_left.remove(i);
                let word = sentence[token.1..token.2].to_lowercase();
                let entry = stems
                    .entry(word)
                    .or_insert_with(|| (token.3.clone(), other.3.clone(), 0));
                if entry.0 == token.3 && entry.1 == other.3 {
                    entry.2 += 1;
                } else {
                    // The same word stemmed two ways on one side: not a
                    // version difference, so report it as a difference.
                    ours_left.push(token);
                    theirs_left.push(other);
                }
            }
            None => ours_left.push(token),
        }
    }
    (ours_left, theirs_left)
}

fn compare(
    name: &'static str,
    sentences: &[String],
    local: impl Fn(&str) -> Vec<Tok>,
    cluster: Vec<Vec<Tok>>,
) -> Report {
    let mut report = Report {
        name,
        tokens: 0,
        stems: BTreeMap::new(),
        differing: Vec::new(),
    };
    for (i, (sentence, theirs)) in sentences.iter().zip(cluster).enumerate() {
        let ours = canonical(local(sentence));
        let theirs = canonical(theirs);
        report.tokens += ours.len();
        if ours != theirs {
            let ours_set: BTreeSet<_> = ours.iter().cloned().collect();
            let theirs_set: BTreeSet<_> = theirs.iter().cloned().collect();
            let only_ours = ours_set.difference(&theirs_set).cloned().collect();
            let only_theirs = theirs_set.difference(&ours_set).cloned().collect();
            let (only_ours, only_theirs) =
                split_stem_differences(sentence, only_ours, only_theirs, &mut report.stems);
            if !only_ours.is_empty() || !only_theirs.is_empty() {
                report.differing.push((i, only_ours, only_theirs));
            }
        }
    }
    report
}

#[test]
fn template_analyzers_match_the_local_ones_on_reuters() {
    let Some(cluster) = Cluster::from_env("template_analyzers_match_the_local_ones_on_reuters")
    else {
        return;
    };
    let Some(sentences) = reuters_sentences() else {
        eprintln!(
            "skipped template_analyzers_match_the_local_ones_on_reuters: \
             ../shared/corpora/reuters21578/reuters.jsonl.gz is absent"
        );
        return;
    };
    assert_eq!(
        sentences.len(),
        SENTENCES,
        "the archive has fewer sentences than expected"
    );

    let index_name = "newsidx-test-analysis";
    cluster.create_index(index_name);
    let schema = NewsSchema::new();
    let local = Index::create_in_ram(schema.schema.clone());
    NewsSchema::register_tokenizers(&local);

    let analyze = |analyzer| cluster_tokens(&cluster, index_name, analyzer, &sentences);
    let compounds = analyze("newsidx_compounds");
    let merged = |words: Vec<Vec<Tok>>| {
        words
            .into_iter()
            .zip(compounds.iter().cloned())
            .map(|(w, c)| merge(w, c))
            .collect::<Vec<_>>()
    };
    let reports = [
        compare(
            "news (title, lead, text)",
            &sentences,
            |s| local_tokens(&local, schema.text, s),
            merged(analyze("newsidx_text")),
        ),
        compare(
            "exact (=word)",
            &sentences,
            // Words as written, as the query side analyses `=word` (the
            // local `forms` twin keeps only the words unlike their stems).
            |s| tokens_of(newsidx::tokenizer::folding_chain(), s),
            merged(analyze("newsidx_exact")),
        ),
        compare(
            "name (speakers, authors, outlet)",
            &sentences,
            |s| local_tokens(&local, schema.speakers, s),
            analyze("newsidx_name"),
        ),
    ];
    cluster.delete_index(index_name);

    let mut failures = String::new();
    for report in &reports {
        let stemmed: usize = report.stems.values().map(|s| s.2).sum();
        eprintln!(
            "analyzer parity, {}: {} sentences, {} local tokens; {} tokens ({} words) \
             stemmed otherwise, {} sentences differing in any other way",
            report.name,
            sentences.len(),
            report.tokens,
            stemmed,
            report.stems.len(),
            report.differing.len()
        );
        for (i, only_local, only_cluster) in report.differing.iter().take(10) {
            failures.push_str(&format!(
                "{}: sentence {i} {:?}\n  only local:   {only_local:?}\n  only cluster: {only_cluster:?}\n",
                report.name, sentences[*i]
            ));
        }
    }
    assert!(
        reports.iter().all(|r| r.tokens > 0),
        "no tokens compared: the test is not testing"
    );
    assert!(failures.is_empty(), "the analyzers differ:\n{failures}");
    // Only the stemming analyzer may differ in stems: the others do not
    // stem, so a stem difference there would be something else.
    for report in &reports[1..] {
        assert!(
            report.stems.is_empty(),
            "{} differs in tokens: {:?}",
            report.name,
            report.stems
        );
    }
    check_stem_list(&reports[0].stems);
}

/// The stem differences met against the committed list, both ways.
fn check_stem_list(met: &BTreeMap<String, (String, String, usize)>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("opensearch/stem-differences.tsv");
    let header = "# word\tnewsidx (tantivy 0.27, frostem)\tOpenSearch 2.19 (Lucene 9.12 snowball English)\ttokens in the 10,000 Reuters sentences\n";
    let rendered: String = std::iter::once(header.to_string())
        .chain(
            met.iter()
                .map(|(word, (ours, theirs, n))| format!("{word}\t{ours}\t{theirs}\t{n}\n")),
        )
        .collect();
    if std::env::var_os("NEWSIDX_PARITY_WRITE").is_some() {
        std::fs::write(&path, &rendered).expect("the stem list writes");
        return;
    }
    let listed = std::fs::read_to_string(&path).unwrap_or_default();
    if listed != rendered {
        let listed: BTreeSet<&str> = listed.lines().collect();
        let now: BTreeSet<&str> = rendered.lines().collect();
        panic!(
            "the stem differences are not those listed in {}:\n  met, not listed: {:?}\n  listed, not met: {:?}\n\
             rerun with NEWSIDX_PARITY_WRITE=1 if a stemmer or the sentences changed on purpose",
            path.display(),
            now.difference(&listed).collect::<Vec<_>>(),
            listed.difference(&now).collect::<Vec<_>>()
        );
    }
}
