//! Quotes: the words an article puts between quotation marks, or after an
//! opening dash in the reference layout, as byte ranges of its paragraphs.
//!
//! This module finds where quoted words are; who said them is the speaker
//! rules' question (`speakers`). It reads three shapes:
//!
//! - double quotation marks, curly (`“...”`) or straight (`"..."`), in
//!   pairs within a paragraph; a paragraph whose last mark opens a quote
//!   and never closes it runs on into the next paragraph, which opens
//!   with a mark again (the news convention for a quote over several
//!   paragraphs), and each paragraph's part is a quote of its own;
//! - single curly marks (`‘...’`), as British outlets quote, only where
//!   the opening mark starts a word and the closing one ends a word that
//!   no letter follows, so that an apostrophe (`don’t`, `the Joneses’`)
//!   neither opens nor closes one;
//! - the reference layout's dash quotes: `- We discussed ... - stated
//!   Rutte.`, opened by a dash at the start of a paragraph or of a
//!   sentence, closed by the last ` - ` before the attribution.
//!
//! [`attributed_quotes`] then gives each quote its speaker from the
//! attributions the speaker rules made (`speakers::extract_attributions`),
//! rather than from rules of its own, so a quote's speaker and the
//! article's speakers never disagree: a cue after the quote in its
//! sentence (`"...," said X`, `- he warned.`), else the last one before it
//! in its paragraph (`X said: "..."`, and the paragraph-opening subject of
//! a quote with no cue), else, for a quote running on into the next
//! paragraph or a dash quote whose attribution opens the next line, that
//! next paragraph's. A sentence the rules attribute that quotes nothing is
//! reported speech, and becomes a record holding the sentence.
//!
//! A quote inside a quote (`"It says 'state' on the letter"`) stays part
//! of the outer one. Marks are found by a scan of each paragraph rather
//! than with a parser crate: quotation in prose has no grammar a parser
//! could be given, only the conventions above.

use std::ops::Range;

use serde::Serialize;

use super::speakers::Attribution;

/// Quoted words: the paragraph (0-based, as given) and the byte range of
/// the text between the marks, marks and surrounding spaces left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteSpan {
    /// Which paragraph.
    pub paragraph: usize,
    /// The quoted text's bytes in that paragraph.
    pub range: Range<usize>,
}

/// A quote with its speaker: what the index keeps as a quote record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// Who said it, under the fullest name the article gives.
    pub speaker: String,
    /// The quoted words, or the sentence of reported speech.
    pub text: String,
    /// Which paragraph, counted from 1 with the lead (when the article has
    /// one) as the first.
    pub paragraph: usize,
    /// Quoted words or reported speech.
    pub kind: QuoteKind,
}

/// Whether a quote record holds words as quoted or a sentence reporting
/// speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Words between quotation marks, or a reference-layout dash quote.
    Direct,
    /// A sentence the speaker rules attribute that quotes nothing ("Rutte
    /// added that ...").
    Reported,
}

/// The quotes of `paragraphs` that `attributions` (made over the same
/// paragraphs) give a named speaker, and the sentences of reported speech,
/// in text order.
pub fn attributed_quotes(paragraphs: &[&str], attributions: &[Attribution]) -> Vec<Quote> {
    let spans = find_quotes(paragraphs);
    let mut speakers: Vec<Option<&str>> = vec![None; spans.len()];
    // Backwards, so that a quote running on into the next paragraph can
    // take the speaker its last part was given.
    for k in (0..spans.len()).rev() {
        let span = &spans[k];
        let text = paragraphs[span.paragraph];
        let said =
            cue_after(span, &spans, text, attributions).or_else(|| cue_before(span, attributions));
        speakers[k] = match said {
            Some(a) => a.speaker.as_deref(),
            None => {
                let next = spans.get(k + 1).filter(|n| {
                    n.paragraph == span.paragraph + 1
                        && n.range.start <= 3
                        && text[span.range.end..].trim().is_empty()
                });
                match next {
                    Some(_) => speakers[k + 1],
                    None => next_line_cue(span, &spans, paragraphs, attributions)
                        .and_then(|a| a.speaker.as_deref()),
                }
            }
        };
    }
    let mut out: Vec<(usize, usize, Quote)> = spans
        .iter()
        .zip(&speakers)
        .filter_map(|(span, speaker)| {
            let quote = Quote {
                speaker: (*speaker)?.to_string(),
                // `"We will rebuild," she said`: the comma belongs to the
                // sentence around the quote, not to the words.
                text: paragraphs[span.paragraph][span.range.clone()]
                    .trim_end_matches([',', ' '])
                    .to_string(),
                paragraph: span.paragraph + 1,
                kind: QuoteKind::Direct,
            };
            Some((span.paragraph, span.range.start, quote))
        })
        .collect();
    let mut reported: Vec<(usize, Range<usize>)> = Vec::new();
    for a in attributions {
        let Some(speaker) = a.speaker.as_deref().filter(|_| a.cue) else {
            continue;
        };
        let text = paragraphs[a.paragraph];
        // A sentence holding a quote, or the tail attributing the one
        // just before it (`"...?" - Ogunleye asked.`), reports nothing
        // of its own.
        let quotes_something = spans.iter().any(|s| {
            s.paragraph == a.paragraph
                && ((s.range.start < a.sentence.end && a.sentence.start < s.range.end)
                    || text
                        .get(s.range.end..a.sentence.start)
                        .is_some_and(|between| between.chars().all(closing)))
        });
        let sentence = (a.paragraph, a.sentence.clone());
        if quotes_something || reported.contains(&sentence) {
            continue;
        }
        let Some(text) = text.get(a.sentence.clone()) else {
            continue;
        };
        reported.push(sentence);
        out.push((
            a.paragraph,
            a.sentence.start,
            Quote {
                speaker: speaker.to_string(),
                text: text.trim().to_string(),
                paragraph: a.paragraph + 1,
                kind: QuoteKind::Reported,
            },
        ));
    }
    out.sort_by_key(|(paragraph, start, _)| (*paragraph, *start));
    out.into_iter().map(|(_, _, quote)| quote).collect()
}

/// What may stand between a quote's words and the rest of its sentence:
/// its closing marks and punctuation, spaces, a dash before the
/// attribution.
fn closing(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | ',' | '!' | '?' | '"' | '”' | '’' | '\'' | '-' | '–' | '—'
        )
}

/// The first attribution after `span` in its paragraph, if no other quote
/// comes between and no sentence ends between them outside the quote
/// (`"...," she said`, `"..." - said Ana Ruiz`).
fn cue_after<'a>(
    span: &QuoteSpan,
    spans: &[QuoteSpan],
    text: &str,
    attributions: &'a [Attribution],
) -> Option<&'a Attribution> {
    let a = attributions
        .iter()
        .find(|a| a.paragraph == span.paragraph && a.at >= span.range.end)?;
    let between = spans.iter().any(|s| {
        s.paragraph == span.paragraph && s.range.start > span.range.end && s.range.start < a.at
    });
    // The quote's own closing marks and punctuation end no sentence.
    let gap = text.get(span.range.end..a.at)?.trim_start_matches(closing);
    // The speaker rules' sentence knows "Sen." and "S." from a sentence's
    // end; the plain test catches what the tokens split otherwise.
    let same_sentence = a.sentence.start <= span.range.end
        || text
            .get(span.range.end..a.sentence.start)
            .is_some_and(|between| between.chars().all(closing));
    (!between && (same_sentence || !gap.contains(['.', '!', '?']))).then_some(a)
}

/// The last attribution before `span` in its paragraph (`X said: "..."`,
/// or the paragraph's subject for a quote no cue attributes).
fn cue_before<'a>(span: &QuoteSpan, attributions: &'a [Attribution]) -> Option<&'a Attribution> {
    attributions
        .iter()
        .rev()
        .find(|a| a.paragraph == span.paragraph && a.at < span.range.start)
}

/// For a dash quote with no attribution of its own, one opening the next
/// paragraph (`- We will.` then `- stated Rutte.` on the next line).
fn next_line_cue<'a>(
    span: &QuoteSpan,
    spans: &[QuoteSpan],
    paragraphs: &[&str],
    attributions: &'a [Attribution],
) -> Option<&'a Attribution> {
    let next = span.paragraph + 1;
    let line = paragraphs.get(next)?.trim_start();
    let opens = line.starts_with(['-', '–', '—']) || line.starts_with(char::is_lowercase);
    if !opens {
        return None;
    }
    let a = attributions
        .iter()
        .find(|a| a.paragraph == next && a.sentence.start == 0)?;
    let quoted_before = spans
        .iter()
        .any(|s| s.paragraph == next && s.range.start < a.at);
    (!quoted_before).then_some(a)
}

/// Every quote of `paragraphs`, in order.
pub fn find_quotes(paragraphs: &[&str]) -> Vec<QuoteSpan> {
    let mut out = Vec::new();
    for (i, text) in paragraphs.iter().enumerate() {
        let before = out.len();
        // Dash quotes first: quotation marks inside one are quoted words
        // within the quote, not quotes of their own.
        dash_quotes(i, text, &mut out);
        let dashed: Vec<Range<usize>> = out[before..].iter().map(|q| q.range.clone()).collect();
        let outside = |at: usize| !dashed.iter().any(|r| r.start <= at && at <= r.end);
        double_quotes(i, text, &outside, &mut out);
        single_quotes(i, text, &outside, &mut out);
        out[before..].sort_by_key(|q| q.range.start);
    }
    out
}

/// Pairs of double marks at places `outside` lets through. An opening
/// mark left without its closing one quotes the rest of the paragraph.
fn double_quotes(
    paragraph: usize,
    text: &str,
    outside: &dyn Fn(usize) -> bool,
    out: &mut Vec<QuoteSpan>,
) {
    let mut open: Option<usize> = None;
    for (at, c) in text.char_indices() {
        if !matches!(c, '“' | '”' | '"') || !outside(at) {
            continue;
        }
        let end = at + c.len_utf8();
        match (c, open) {
            // A second opening mark inside a quote starts it again: the
            // first was never closed.
            ('“', _) => open = Some(end),
            ('”', Some(start)) => {
                push(paragraph, text, start..at, out);
                open = None;
            }
            ('"', None) => open = Some(end),
            ('"', Some(start)) => {
                push(paragraph, text, start..at, out);
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        push(paragraph, text, start..text.len(), out);
    }
}

/// Pairs of single curly marks that open and close words, outside the
/// double quotes already found.
fn single_quotes(
    paragraph: usize,
    text: &str,
    outside: &dyn Fn(usize) -> bool,
    out: &mut Vec<QuoteSpan>,
) {
    let inside_double = |at: usize| {
        !outside(at)
            || out
                .iter()
                .any(|q| q.paragraph == paragraph && q.range.contains(&at))
    };
    // Most paragraphs have no opening mark, and then nothing below can
    // find a quote: they are passed over without decoding a character.
    if !text.contains('‘') {
        return;
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    let mut open: Option<usize> = None;
    for (k, &(at, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(k + 1).map(|&(_, c)| c);
        match c {
            '‘' if open.is_none()
                && !prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(|n| !n.is_whitespace())
                && !inside_double(at) =>
            {
                open = Some(at + c.len_utf8());
            }
            '’' if !next.is_some_and(char::is_alphanumeric)
                && prev.is_some_and(|p| !p.is_whitespace()) =>
            {
                if let Some(start) = open.take() {
                    found.push(start..at);
                }
            }
            _ => {}
        }
    }
    for range in found {
        push(paragraph, text, range, out);
    }
}

/// The reference layout's dash quote: a dash opening the paragraph or a
/// sentence, the quote running to the last spaced dash before a
/// lower-case attribution (`- stated Rutte.`, `- he warned.`).
fn dash_quotes(paragraph: usize, text: &str, out: &mut Vec<QuoteSpan>) {
    let mut search = 0;
    while let Some((_, start)) = dash_opening(text, search) {
        let Some((end, resume)) = dash_closing(text, start) else {
            break;
        };
        push(paragraph, text, start..end, out);
        search = resume;
    }
}

/// Where a dash quote's dash and its words start, at or after `from`: `- `
/// at the paragraph's start or after a sentence's end, before a word that
/// is not lower-case (a lower-case one after a sentence's end is an
/// attribution: `... us all. - he warned.`).
fn dash_opening(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut at = from;
    while let Some(dash) = next_dash(text, at) {
        let len = dash_at(text, dash);
        let after = dash + len;
        let opens_paragraph = text[..dash].trim().is_empty();
        let after_sentence = text[..dash]
            .trim_end()
            .ends_with(['.', '!', '?', ':', '"', '”']);
        let word = text[after..].strip_prefix(' ');
        let opens_words = word
            .and_then(|w| w.chars().next())
            .is_some_and(|c| !c.is_lowercase() && !c.is_whitespace());
        if (opens_paragraph || after_sentence) && opens_words {
            return Some((dash, after + 1));
        }
        at = after;
    }
    None
}

/// Where the next dash at or after `from` is. The bytes are read, not the
/// characters: every dash starts with `-` or the byte 0xE2, which starts
/// a character wherever it is, so only those places are decoded (reading
/// every character was 0.7% of a 100k build's CPU time, BENCHMARKS.md
/// session 12).
fn next_dash(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(offset) = bytes
        .get(at..)?
        .iter()
        .position(|&b| b == b'-' || b == 0xE2)
    {
        at += offset;
        if dash_at(text, at) > 0 {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// The length of a dash at `at` (`-`, `–` or `—`), or 0.
fn dash_at(text: &str, at: usize) -> usize {
    match text.get(at..).and_then(|t| t.chars().next()) {
        Some(c @ ('-' | '–' | '—')) => c.len_utf8(),
        _ => 0,
    }
}

/// Where a dash quote opened at `start` ends and where to look for the
/// next one: the last spaced dash ahead of the next quote's opening that
/// a short attribution follows (`- stated Rutte.`, `- he warned.`, `-
/// Park said.`), so that a dash inside the quote (`man - and woman -`)
/// does not end it; the attribution runs to the end of its sentence.
fn dash_closing(text: &str, start: usize) -> Option<(usize, usize)> {
    /// The most words an attribution takes ("- said Anna Maria Lopez, the
    /// chief executive of the firm.").
    const ATTRIBUTION_WORDS: usize = 16;
    let limit = dash_opening(text, start).map_or(text.len(), |(dash, _)| dash);
    let mut found = None;
    let mut at = start;
    while let Some(offset) = text[at..limit].find(' ') {
        let space = at + offset;
        let dash = space + 1;
        let len = dash_at(text, dash);
        if len > 0 && text[dash + len..].starts_with(' ') {
            let word_start = dash + len + 1;
            let sentence_end = text[word_start..]
                .find(['.', '!', '?'])
                .map_or(text.len(), |n| word_start + n + 1);
            let words = text[word_start..sentence_end].split_whitespace().count();
            if (1..=ATTRIBUTION_WORDS).contains(&words) {
                found = Some((space, sentence_end));
            }
        }
        at = space + 1;
    }
    found
}

/// Adds the quote in `range`, its spaces trimmed, unless nothing is left.
fn push(paragraph: usize, text: &str, range: Range<usize>, out: &mut Vec<QuoteSpan>) {
    let inner = &text[range.clone()];
    let start = range.start + (inner.len() - inner.trim_start().len());
    let end = range.end - (inner.len() - inner.trim_end().len());
    if start < end {
        out.push(QuoteSpan {
            paragraph,
            range: start..end,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(paragraphs: &[&str]) -> Vec<(usize, String)> {
        find_quotes(paragraphs)
            .into_iter()
            .map(|q| (q.paragraph, paragraphs[q.paragraph][q.range].to_string()))
            .collect()
    }

    #[test]
    fn double_marks_curly_or_straight_and_across_paragraphs() {
        let paragraphs = [
            "“We will rebuild,” she said, “and faster.”",
            "He said \"no\" twice.",
            "“The first part runs on,",
            "“and ends here,” said Ana Ruiz.",
        ];
        assert_eq!(
            texts(&paragraphs),
            [
                (0, "We will rebuild,".to_string()),
                (0, "and faster.".to_string()),
                (1, "no".to_string()),
                (2, "The first part runs on,".to_string()),
                (3, "and ends here,".to_string()),
            ]
        );
    }

    #[test]
    fn single_marks_are_quotes_and_apostrophes_are_not() {
        assert_eq!(
            texts(&["Mr Jones’ dog didn’t bark, but he called it ‘a disgrace’ and left."]),
            [(0, "a disgrace".to_string())]
        );
        assert_eq!(
            texts(&["“It says ‘state’ on the letter,” she said."]),
            [(0, "It says ‘state’ on the letter,".to_string())]
        );
    }

    #[test]
    fn dash_quotes_of_the_reference_layout() {
        let paragraphs = [
            "- Russia's war therefore threatens us all - he warned.",
            "On Tuesday a dinner was held. - We discussed what allies can still do - stated Rutte. Then they left.",
            "Prices rose - sharply - in March.",
            "- Every well-known self-made man - and woman - starts somewhere - said Ola Nordmann.",
        ];
        assert_eq!(
            texts(&paragraphs),
            [
                (0, "Russia's war therefore threatens us all".to_string()),
                (1, "We discussed what allies can still do".to_string()),
                (
                    3,
                    "Every well-known self-made man - and woman - starts somewhere".to_string()
                ),
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_gives_spans_inside_its_paragraphs(
            paragraphs in proptest::collection::vec("[a-zA Z.,\"“”‘’–—-]{0,60}", 0..5)
        ) {
            let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
            for quote in find_quotes(&refs) {
                let text = refs[quote.paragraph];
                proptest::prop_assert!(quote.range.start < quote.range.end);
                proptest::prop_assert!(text.get(quote.range.clone()).is_some());
            }
        }

        /// The byte scan for dashes opens the quotes the plain scan,
        /// character by character, opens, from every place in the text.
        #[test]
        fn dash_openings_are_the_plain_scans(
            text in "([a-zA Z.!?:,\"“”’é€]|- |– |— |-|–|—){0,40}"
        ) {
            for (from, _) in text.char_indices().chain([(text.len(), ' ')]) {
                proptest::prop_assert_eq!(
                    dash_opening(&text, from),
                    plain_dash_opening(&text, from),
                    "from {}", from
                );
            }
        }
    }

    /// `dash_opening` as it was written first: every character tried.
    fn plain_dash_opening(text: &str, from: usize) -> Option<(usize, usize)> {
        let mut at = from;
        while at < text.len() {
            let len = dash_at(text, at);
            if len > 0 {
                let after = at + len;
                let opens_paragraph = text[..at].trim().is_empty();
                let after_sentence = text[..at]
                    .trim_end()
                    .ends_with(['.', '!', '?', ':', '"', '”']);
                let opens_words = text[after..]
                    .strip_prefix(' ')
                    .and_then(|w| w.chars().next())
                    .is_some_and(|c| !c.is_lowercase() && !c.is_whitespace());
                if (opens_paragraph || after_sentence) && opens_words {
                    return Some((at, after + 1));
                }
            }
            at += text[at..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }

    /// (speaker, words, paragraph, reported) of each record.
    fn records(paragraphs: &[&str]) -> Vec<(String, String, usize, bool)> {
        let (_, attributions) = crate::article::speakers::extract_attributions(paragraphs);
        attributed_quotes(paragraphs, &attributions)
            .into_iter()
            .map(|q| {
                (
                    q.speaker,
                    q.text,
                    q.paragraph,
                    q.kind == QuoteKind::Reported,
                )
            })
            .collect()
    }

    fn record(
        speaker: &str,
        text: &str,
        paragraph: usize,
        reported: bool,
    ) -> (String, String, usize, bool) {
        (speaker.to_string(), text.to_string(), paragraph, reported)
    }

    #[test]
    fn a_quote_takes_the_cue_after_it_then_the_one_before() {
        let paragraphs = [
            "Mayor Ana Ruiz spoke on Monday. “We will rebuild,” she said, “and faster.”",
            "Ruiz said: “Nobody will be left behind.”",
        ];
        assert_eq!(
            records(&paragraphs),
            [
                record("Ana Ruiz", "We will rebuild", 1, false),
                record("Ana Ruiz", "and faster.", 1, false),
                record("Ana Ruiz", "Nobody will be left behind.", 2, false),
            ]
        );
    }

    #[test]
    fn dash_quotes_pronouns_and_reported_speech() {
        let paragraphs = [
            "NATO Secretary General Mark Rutte arrived in Brussels.",
            "- We discussed ammunition - stated Rutte.",
            "- Russia's war threatens us all - he warned.",
            "Rutte added that allies must do more.",
        ];
        assert_eq!(
            records(&paragraphs),
            [
                record("Mark Rutte", "We discussed ammunition", 2, false),
                record("Mark Rutte", "Russia's war threatens us all", 3, false),
                record(
                    "Mark Rutte",
                    "Rutte added that allies must do more.",
                    4,
                    true
                ),
            ]
        );
    }

    #[test]
    fn the_attribution_after_a_quote_is_not_reported_speech_of_its_own() {
        let paragraphs = [
            "The lawyer for the bank, Tunde Ogunleye, questioned the witness.",
            "- Is it not true that you signed because you were paid? - Ogunleye asked.",
        ];
        assert_eq!(
            records(&paragraphs),
            [record(
                "Tunde Ogunleye",
                "Is it not true that you signed because you were paid?",
                2,
                false
            )]
        );
    }

    #[test]
    fn an_unnamed_speaker_gives_no_record() {
        let paragraphs = [
            "Ana Ruiz, the mayor, opened the bridge.",
            "“The work is finished,” a spokesman said.",
        ];
        assert!(records(&paragraphs).is_empty());
    }

    #[test]
    fn nothing_to_quote_and_odd_text_never_panic() {
        assert!(texts(&["", "  ", "No quotes here."]).is_empty());
        for text in ["\"", "“", "”", "‘", "’", "- ", " - x", "“ ”", "-", "—— - -"] {
            let _ = texts(&[text]);
        }
    }
}
