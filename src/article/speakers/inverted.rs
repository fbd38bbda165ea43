//! The speaker written after a reporting verb ("said Smith", "said the head
//! of the Alliance", "said White House spokesman Marlin Fitzwater") or after
//! "according to".
//!
//! The key decision is when a name after the verb is its speaker rather than
//! the subject of reported speech: only when the clause ends there or goes
//! on with a word that cannot follow a subject ("said Reagan would veto"
//! names Reagan as the object).

use super::attribution::Cand;
use super::lexicon::{F_AFTER_INVERTED, F_SCAN_STOP};
use super::names::{is_person, name_fwd, run_fwd, Span};
use super::registry::comma_firm;
use super::subject::{aged_person, described_person, is_indefinite, UTTERANCES};
use super::tokens::{Kind, Tok};

/// The speaker after an inverted verb ("- stated Rutte.", "said the head of
/// the Alliance", "said White House spokesman Marlin Fitzwater") or after
/// "according to".
pub(super) fn after_verb(toks: &[Tok], k: usize, allow_pronoun: bool) -> Option<Cand> {
    let t = toks.get(k)?;
    if t.kind != Kind::Word {
        return None;
    }
    if t.is_he_she() {
        // "..., said he." is inverted; "..., said he believed" is not.
        let ends = toks.get(k + 1).is_none_or(|n| n.kind != Kind::Word);
        return (allow_pronoun && ends).then_some(Cand::Pronoun);
    }
    // "said the Italian.", "said the 23-year-old.", "said the Sri Lankan."
    let described = [k + 1, k + 2]
        .into_iter()
        .find(|&e| e < toks.len() && described_person(toks, e));
    if let Some(e) = described.filter(|&e| t.is("the") && ends_inverted_name(toks, e + 1)) {
        if let Some(name) = aged_person(toks, e) {
            return Some(Cand::Name(name));
        }
        return allow_pronoun.then_some(Cand::Pronoun);
    }
    let mut m = k;
    let the = t.is("the");
    let indefinite = is_indefinite(t);
    if the || indefinite {
        if let Some(name) = utterance_from(toks, k + 1) {
            return Some(Cand::Name(name));
        }
    }
    if the || indefinite {
        m += 1;
    }
    let mut role: Option<usize> = None;
    let mut modifiers = 0;
    let limit = (k + 9).min(toks.len());
    while m < limit {
        let u = &toks[m];
        if u.kind != Kind::Word {
            break;
        }
        // "said ter Stegen": a surname may open on its particle.
        if u.cap || (u.is_particle() && run_fwd(toks, m) > m) {
            let e = run_fwd(toks, m);
            if toks[e - 1].poss {
                // A possessor: "Japan's Finance Minister ...", "Reagan's spokesman".
                m = e;
                continue;
            }
            if let Some(firm_end) = comma_firm(toks, m, e) {
                // "said Prescott, Ball and Turben analyst Bruce Lazier": the
                // firm modifies the role after it.
                m = firm_end;
                continue;
            }
            let f = name_fwd(toks, m);
            let name = f.span();
            let modifier = toks.get(f.end).is_some_and(|t| t.is_lower() && t.is_role());
            if f.has_name() && is_person(name.toks(toks)) && !modifier {
                let introduced = m == k || role.is_some() || f.has_title(toks);
                if introduced && ends_inverted_name(toks, f.end) {
                    return Some(Cand::Name(name));
                }
                if introduced {
                    // "said Ruth Adler and Simon Berg."
                    return second_of_pair(toks, f.end).map(|other| Cand::Pair(name, other));
                }
                return None;
            }
            // "White House", "Bear Stearns": keep looking for "analyst X".
            m = f.end.max(m + 1);
            continue;
        }
        if u.poss {
            m += 1;
            continue;
        }
        if u.is_role() {
            role.get_or_insert(m);
            m += 1;
            continue;
        }
        if u.is("of") && role.is_none() && m > k && toks[m - 1].is_name() {
            // "said American Chamber of Commerce president George Drysdale":
            // the "of" phrase completes an organisation name.
            let mut next = m + 1;
            if toks.get(next).is_some_and(|t| t.is("the")) {
                next += 1;
            }
            if toks.get(next).is_some_and(Tok::is_name) {
                m = next;
                continue;
            }
        }
        if u.is("of") && role.is_some() {
            // "said the governor of the Bank of England, Andrew Bailey": the
            // body the role belongs to, then its holder.
            let mut next = m + 1;
            if toks.get(next).is_some_and(|t| t.is("the")) {
                next += 1;
            }
            if toks.get(next).is_some_and(Tok::is_name) {
                m = run_fwd(toks, next);
                continue;
            }
        }
        if role.is_some() || u.lower_has(F_SCAN_STOP) || u.is("of") {
            break;
        }
        modifiers += 1;
        if modifiers > 2 {
            break;
        }
        m += 1;
    }
    if let Some(r) = role {
        // "said the choir's treasurer, Graham Tulley": the appositive names
        // the role's holder.
        if toks.get(m).is_some_and(|t| t.kind == Kind::Comma)
            && toks.get(m + 1).is_some_and(|t| t.cap)
        {
            let f = name_fwd(toks, m + 1);
            let name = f.span();
            if f.has_name() && is_person(name.toks(toks)) && ends_inverted_name(toks, f.end) {
                return Some(Cand::Name(name));
            }
        }
        // "X, the mayor, asked the minister whether ...", "urged the
        // council to ...": a role followed by a question, an infinitive
        // or a "that" clause is the verb's hearer, not its inverted
        // speaker.
        let hearer = toks.get(m).is_some_and(|t| {
            ["whether", "if", "how", "why", "what", "to", "that", "about"]
                .iter()
                .any(|w| t.is(w))
        });
        if the && !hearer {
            return Some(Cand::Role(r));
        }
    }
    if indefinite {
        Some(Cand::Anonymous)
    } else {
        None
    }
}

/// "(a statement) from Ana Ruiz": an utterance noun at `k` and the person
/// it comes from, ending the clause.
fn utterance_from(toks: &[Tok], k: usize) -> Option<Span> {
    let noun = toks.get(k)?;
    if !noun.is_lower() || !UTTERANCES.contains(&noun.text) {
        return None;
    }
    let by = toks.get(k + 1)?;
    if !(by.is("from") || by.is("by")) || !toks.get(k + 2)?.is_name() {
        return None;
    }
    let f = name_fwd(toks, k + 2);
    let name = f.span();
    (f.has_name()
        && !toks[f.end - 1].poss
        && is_person(name.toks(toks))
        && ends_inverted_name(toks, f.end))
    .then_some(name)
}

/// "and Simon Berg" ending the clause at `e`, after a first inverted name.
fn second_of_pair(toks: &[Tok], e: usize) -> Option<Span> {
    if !toks.get(e)?.is("and") || !toks.get(e + 1)?.is_name() {
        return None;
    }
    let f = name_fwd(toks, e + 1);
    let name = f.span();
    (f.has_name() && is_person(name.toks(toks)) && ends_inverted_name(toks, f.end)).then_some(name)
}

/// After "said X", X is the speaker only if the clause does not go on with
/// X as its subject ("said Reagan would veto").
fn ends_inverted_name(toks: &[Tok], e: usize) -> bool {
    match toks.get(e) {
        None => true,
        Some(t) if t.kind != Kind::Word => true,
        Some(t) => t.lower_has(F_AFTER_INVERTED),
    }
}

#[cfg(test)]
mod tests {
    use crate::article::speakers::test_support::{one, run};

    #[test]
    fn quote_then_said_name() {
        assert_eq!(
            one("\"We expect prices to firm,\" said John Smith, an analyst at Merrill Lynch."),
            vec!["John Smith"]
        );
    }

    #[test]
    fn according_to_name_is_a_speaker() {
        assert_eq!(
            one("The plant will close, according to Maria Costa, the plant manager."),
            vec!["Maria Costa"]
        );
    }

    #[test]
    fn according_to_report_is_not_a_speaker() {
        assert!(one("Prices rose, according to a report by the ministry.").is_empty());
    }

    #[test]
    fn inverted_added_name() {
        assert_eq!(
            one("\"It will take time,\" added Peter Olsen."),
            vec!["Peter Olsen"]
        );
    }

    #[test]
    fn object_of_said_is_not_a_speaker() {
        assert!(one("The ministry said John Smith would become ambassador.").is_empty());
        assert!(one("The minister, however, said Ronald Reagan would veto the bill.").is_empty());
    }

    #[test]
    fn role_then_appositive_after_the_verb_names_the_speaker() {
        assert_eq!(
            one("- We will buy a minibus - said the choir's treasurer, Graham Tulley."),
            ["Graham Tulley"]
        );
    }

    #[test]
    fn lowercase_compound_role_after_the_verb_is_dropped() {
        assert_eq!(
            one("\"We are ready,\" said board chair Petra Nyquist."),
            ["Petra Nyquist"]
        );
    }

    #[test]
    fn said_he_believed_is_not_inverted() {
        let paras = [
            "An action program was announced yesterday.",
            "Chester Crocker, assistant secretary of state for Africa, said he believed Congress would agree.",
        ];
        assert_eq!(run(&paras), vec!["Chester Crocker"]);
    }

    #[test]
    fn analyst_at_firm_style_reuters_sentence() {
        let paras = [
            "Crude prices rose on Tuesday.",
            "\"Supply is tight,\" said Peter Witte, an analyst with Bear Stearns in New York.",
            "Witte added that OPEC would meet in June.",
        ];
        assert_eq!(run(&paras), vec!["Peter Witte"]);
    }

    #[test]
    fn two_speakers_after_the_verb() {
        assert_eq!(
            one("\"It is over,\" said Ruth Adler and Simon Berg."),
            ["Ruth Adler", "Simon Berg"]
        );
        assert!(one("The ministry said Ruth Adler and Simon Berg would resign.").is_empty());
    }

    #[test]
    fn according_to_what_a_person_wrote() {
        assert_eq!(
            one("According to a statement from Ana Ruiz, the bridge will reopen in May."),
            ["Ana Ruiz"]
        );
        assert_eq!(
            one("The bridge will reopen in May, according to an email from Ana Ruiz."),
            ["Ana Ruiz"]
        );
        assert!(
            one("According to a statement from Ana Ruiz's office, the bridge will reopen.")
                .is_empty()
        );
    }

    #[test]
    fn a_party_tag_in_brackets_is_no_acronym() {
        assert_eq!(
            one("Rep. Ana Ortiz (D-N.Y.) wrote on X that the bill was cruel."),
            ["Ana Ortiz"]
        );
    }

    #[test]
    fn a_role_asked_a_question_is_the_hearer() {
        assert_eq!(
            one("Ana Ruiz, the mayor, asked the minister whether the bridge would open."),
            ["Ana Ruiz"]
        );
        assert_eq!(
            one("Ng Wei Ling, speaking in Mandarin, asked the minister how many licences would be issued."),
            ["Ng Wei Ling"]
        );
    }
}
