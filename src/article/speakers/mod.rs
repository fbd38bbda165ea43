//! Speaker extraction: who is quoted or reported speaking in a news article.
//!
//! This module owns one decision: given the lead and body paragraphs of an
//! English news article, which people does the article quote or report as
//! speaking, under which name, and in which order. It returns each speaker
//! once, under the fullest name the article gives ("Rutte" becomes
//! "Mark Rutte" when the article names him in full anywhere), in order of
//! first speech.
//!
//! It leaves to others: splitting an article into title, date and
//! paragraphs; Unicode normalisation; language detection (the rules are for
//! English news); indexing the result as a `speaker:` field; and any
//! cross-article identity ("Rutte" in one article and "Mark Rutte" in
//! another are not merged here).
//!
//! Design: rule-based attribution over a single token stream, in steps
//! that each have a file:
//!
//! - `lexicon.rs`: every word list, kept as data (`lists/`, one list a
//!   file), read once into one map from a word to a set of class bits
//!   (reporting verb, title, role noun, place, organisation word...). Its
//!   tests reject a word listed twice, or in two lists the rules read as
//!   exclusive.
//! - `tokens.rs`: the paragraphs are tokenised once into words and
//!   punctuation (comma, sentence end, quote, dash...); each word is looked
//!   up once, so every later test is a bit test.
//! - `names.rs`: capitalised name runs, stripped of titles, portfolio
//!   words and post-nominals ("NATO Secretary General Mark Rutte" gives
//!   "Mark Rutte", "Fiona Grant KC" "Fiona Grant"), with the particles of
//!   many naming customs inside ("van den", "bint", "ap"), and whether a
//!   name can be a person at all (a place noun opening a run opens a firm:
//!   "Iowa Beef Processors"; a nationality does not: "Brazilian Ana
//!   Souza").
//! - `registry.rs`: a first pass over the tokens records what the article
//!   says about people and firms: full names by surname and by their other
//!   words (so that "Tiago", "Zhao" or "Fernández" alone find "Tiago
//!   Almeida", "Zhao Wenli", "Lucía Fernández Ortega" when only one full
//!   name holds them), single names shown to be people by a personal title
//!   or a lowercase role ("Mr Smith", "midfielder Paulinho"), roles given
//!   in appositives ("Helena Lindqvist, the finance minister") and
//!   organisation names (runs ending in "Corp", "and Co", Reuters' "<...>"
//!   tickers, runs next to a kind of organisation: "chipmaker Hsinchu
//!   Semi", "Bolton Hart, the Omaha brokerage,", "X, which ...").
//! - `attribution.rs`: a second pass looks only at reporting cues: verbs
//!   whose one sense is speech ("said", "quipped", "vowed", "told"), read
//!   whatever follows; verbs with other senses too ("revealed", "posted",
//!   "add"), read only when speech follows them, directly or after a short
//!   phrase ("posted on Instagram that"); two-word verbs ("hit back");
//!   participles (", adding that"); "according to" and "quoted as saying".
//!   Tense is read through auxiliaries and adverbs ("has repeatedly
//!   denied") and frames before "to" ("is expected to say", "is said to
//!   have told", "went on to say"). For each cue it reads the subject:
//!   before the verb (`subject.rs`: a name, a pronoun, a role phrase, an
//!   appositive) or after it (`inverted.rs`: "said Rutte", "said the head
//!   of the Alliance").
//!
//! Names stay token ranges until one is output, so the cost is linear in
//! the text with small constants.
//!
//! Broadcast transcripts: a paragraph opening with a name in capitals and
//! a colon ("GRACE OBUYA: ...") is that person's turn, under the name the
//! article writes elsewhere; unnamed turns ("PRESENTER:", "UNIDENTIFIED
//! MAN:") are nobody.
//!
//! A paragraph whose quote has no reporting cue anywhere ("Bellini was
//! full of praise. \"He was the strongest.\"") is its subject's speech.
//!
//! Pronouns: "he"/"she" (and "the Italian", a person named by
//! nationality) go to the last named speaker. Two refinements of
//! that rule keep wrong names out: an unnamed singular speaker ("a
//! spokesman said ... he added") takes the pronoun, so it resolves to
//! nobody; and before anyone has spoken, the fallback is the first person
//! named, with a title or role, in the latest sentence that names one
//! (a sentence-initial "He" continues the previous subject), or else the
//! previous paragraph's subject. A paragraph's subject is its opening
//! name, also behind a role phrase ("The helicopter's winchman, Padraig Ó
//! Muirí, described ...") or before an age ("Baird, 68, found ...").
//!
//! Why hand-written: no maintained Rust crate does English speech
//! attribution, and a model-based NER would not fit the budget of about
//! 20 µs per article. Why no NER model: this runs on every article at
//! indexing time, must work offline with no downloads, and must be
//! explainable to a fact-checker who filters by `speaker:`. A statistical
//! tagger finds *people*, not *speakers*; the hard part is attribution (who
//! said it), which the reporting-verb patterns of news prose capture well
//! and cheaply. The price
//! is a bias towards precision: unusual constructions are missed rather
//! than guessed, and firms whose names look like people ("Forstmann
//! Little") are caught only by word lists and in-article evidence.

mod attribution;
mod inverted;
mod lexicon;
mod names;
mod registry;
mod subject;
mod tokens;

use std::ops::Range;

use attribution::{attribute, attribute_noting, Said};
use registry::Registry;
use tokens::{tokenize, Kind, Tok};

/// Returns the people quoted or reported speaking in an article, each once, under the fullest name the article gives, in order of first speech.
/// `paragraphs` are the lead and body paragraphs in order (the title is not included).
pub fn extract_speakers(paragraphs: &[&str]) -> Vec<String> {
    let toks = tokenize(paragraphs);
    if toks.is_empty() {
        return Vec::new();
    }
    let reg = Registry::build(&toks);
    attribute(&toks, &reg)
}

/// Where the speaker rules attributed speech, in the text they read: what
/// quote records are paired with (`article::quotes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// The paragraph (0-based, as given).
    pub paragraph: usize,
    /// The byte where the attribution was read: its reporting cue, or the
    /// paragraph's start for a quote the paragraph's subject speaks with
    /// no cue at all.
    pub at: usize,
    /// The bytes of the sentence holding it.
    pub sentence: Range<usize>,
    /// Who speaks, under the fullest name the article gives; `None` when
    /// the speaker is unnamed ("a spokesman said") or not resolved.
    pub speaker: Option<String>,
    /// Read at a reporting cue, so that its sentence, when it quotes
    /// nothing, is reported speech.
    pub cue: bool,
}

/// The speakers, as [`extract_speakers`] gives them, and each attribution
/// the rules made, in text order.
pub fn extract_attributions(paragraphs: &[&str]) -> (Vec<String>, Vec<Attribution>) {
    let toks = tokenize(paragraphs);
    if toks.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let reg = Registry::build(&toks);
    let mut said = Vec::new();
    let speakers = attribute_noting(&toks, &reg, Some(&mut said));
    let placed = said
        .into_iter()
        .filter_map(|Said { tok, speaker, cue }| {
            let paragraph = toks[tok].para as usize;
            let text = paragraphs.get(paragraph)?;
            let at = offset_in(text, toks[tok].text)?;
            Some(Attribution {
                paragraph,
                at,
                sentence: sentence_around(&toks, tok, text),
                speaker,
                cue,
            })
        })
        .collect();
    (speakers, placed)
}

/// Where `part`, a slice of `text`, starts in it; `None` for a token that
/// is not (the empty end a paragraph break adds).
fn offset_in(text: &str, part: &str) -> Option<usize> {
    let at = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (at + part.len() <= text.len() && !part.is_empty()).then_some(at)
}

/// The sentence around token `tok`: from the token after the previous
/// sentence end (or the paragraph's start) to the next sentence end,
/// included (or the paragraph's end).
fn sentence_around(toks: &[Tok], tok: usize, text: &str) -> Range<usize> {
    let para = toks[tok].para;
    let mut first = tok;
    while first > 0 && toks[first - 1].para == para && toks[first - 1].kind != Kind::End {
        first -= 1;
    }
    let mut last = tok;
    while last + 1 < toks.len() && toks[last + 1].para == para && toks[last].kind != Kind::End {
        last += 1;
    }
    let start = offset_in(text, toks[first].text).unwrap_or(0);
    let end = offset_in(text, toks[last].text).map_or(text.len(), |at| at + toks[last].text.len());
    start..end.max(start)
}

#[cfg(test)]
mod test_support {
    use super::extract_speakers;

    pub(super) fn run(paras: &[&str]) -> Vec<String> {
        extract_speakers(paras)
    }

    pub(super) fn one(text: &str) -> Vec<String> {
        extract_speakers(&[text])
    }
}

#[cfg(test)]
mod tests {
    use super::extract_speakers;
    use super::test_support::{one, run};
    use proptest::prelude::*;

    /// The reference article (/work/shared/seeds/000_642c55258581eea0.txt):
    /// line 2 (lead) and lines 4.. (body); title and date left out.
    const SEED: &[&str] = &[
        "Ukraine is facing relentless bombardment of civilian areas and critical infrastructure, with Russia making gains on the front line; however, it is incurring significant costs, assessed NATO Secretary General Mark Rutte. He also warned that the forthcoming winter could be the most challenging for Ukraine since the conflict began.",
        "On Tuesday in Brussels, a working dinner was held as part of the NATO-Ukraine Council meeting with the participation of NATO foreign ministers and the Ukrainian Minister of Foreign Affairs, Andriy Sybihy. - We discussed what allies can still do to provide Kyiv with critically important ammunition and air defence systems in a situation where Russia is intensifying its attacks and broadening the scope of the war with the assistance of North Korean soldiers and weapons. Allies are working on fulfilling the financial commitment of £35 billion for security assistance to Ukraine in 2024 - stated Rutte.",
        "Rutte added that in exchange for troops and weapons, Russia supports North Korea in its missile and nuclear programmes, which could destabilise the Korean Peninsula and threaten the United States.",
        "- Russia's unlawful war against Ukraine therefore threatens us all - he warned.",
        "Thus, in his view, NATO countries must do more than merely maintain Ukraine's readiness to fight. - We must provide it with sufficient support to change the course of this conflict once and for all - said the head of the Alliance.",
        "Russia and China destabilise the West",
        "During Wednesday's meeting, NATO country ministers discussed Russia's aggressive stance and its escalation of hostile actions against Alliance countries.",
        "The head of NATO emphasized a sharp rise in these attacks and stressed the importance of holding those responsible accountable. He pointed out that Russia and China have sought to undermine nations and sow division through sabotage, cyberattacks, and energy coercion. In response, ministers have approved a series of proactive steps to address Russia's aggressive actions, particularly in the realm of cybersecurity.",
        "Rutte informed us that these initiatives include a greater frequency of intelligence sharing and military exercises, better protection of critical infrastructure, more effective cyber defence, and decisive actions against the Russian fleet exporting oil.",
        "- We will closely cooperate with the EU on these issues - he assured.",
    ];

    #[test]
    fn seed_article_yields_only_mark_rutte() {
        assert_eq!(run(SEED), vec!["Mark Rutte"]);
    }

    #[test]
    fn empty_input_has_no_speakers() {
        assert!(run(&[]).is_empty());
        assert!(one("").is_empty());
    }

    #[test]
    fn dash_quote_surname_resolves_to_full_name() {
        let paras = [
            "NATO Secretary General Mark Rutte arrived in Brussels.",
            "- We discussed ammunition - stated Rutte.",
        ];
        assert_eq!(run(&paras), vec!["Mark Rutte"]);
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(paras in proptest::collection::vec(".{0,400}", 0..6)) {
            let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
            let _ = extract_speakers(&refs);
        }

        #[test]
        fn arbitrary_news_like_text_never_panics(
            paras in proptest::collection::vec(
                proptest::collection::vec(
                    prop_oneof![
                        Just("said"), Just("Said"), Just("he"), Just("the"), Just("minister"),
                        Just(","), Just("."), Just("\""), Just(" - "), Just("Mr"), Just("Rutte"),
                        Just("Mark"), Just("of"), Just("according"), Just("to"), Just("who"),
                        Just("adding"), Just("Secretary"), Just("’s"), Just("é"), Just("Ø"),
                        Just("quoted"), Just("as"), Just("saying"), Just("pointed"), Just("out"),
                        Just("von"), Just("al-"), Just("Inc"), Just("at"), Just("“"), Just("—"),
                        Just("("), Just(")"), Just("<"), Just(">"), Just("and"), Just("for"),
                        Just("a"), Just("an"), Just("Corp"), Just("Co"), Just("Banque"),
                        Just("J."), Just("L.C."), Just("Houston"), Just("told"), Just("that"),
                        Just("spokesman"), Just("Minister"), Just("PEMEX"), Just("Jr."),
                        Just("President"), Just("’"), Just("'s"), Just("\u{301}"), Just("-"),
                        Just("put"), Just("it"), Just("words"), Just("–"), Just(":"),
                        Just("R-Medina"), Just("statement"), Just("were"), Just("by"),
                        Just("20-year-old"), Just("Samoan"), Just("which"), Just("shares"),
                        Just("Q"), Just("His"), Just("daughter"), Just("One"), Just("both"),
                    ],
                    0..60,
                ).prop_map(|v| v.join(" ")),
                0..5,
            )
        ) {
            let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
            let _ = extract_speakers(&refs);
        }
    }

    #[test]
    fn huge_input_does_not_panic() {
        let big = "Mark Rutte said, adding that he warned - said the head of the Alliance. "
            .repeat(20_000);
        let out = one(&big);
        assert_eq!(out, vec!["Mark Rutte"]);
        let noise = "é,\u{301}'’-—\"“ … ..".repeat(50_000);
        let _ = one(&noise);
    }
}
