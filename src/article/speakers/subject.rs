//! The speaker written before a reporting verb: "Smith said", "Smith, the
//! minister, said", "the minister said", "Smith and Jones said", and the
//! subject of the sentence a participle hangs on (", adding that").
//!
//! Each reader returns a candidate (`Cand`) from the token stream alone;
//! the registry resolves it. The key decision is what may stand in front
//! of a name for it to be a subject: a blocker ("by", "for", "the") makes it
//! an object or a modifier ("a spokesman for Smith said"), unless a title
//! shows a person ("the U.S. Trade Representative Clayton Yeutter said").

use super::attribution::Cand;
use super::lexicon::{
    lookup, F_ACRONYM, F_BLOCKER, F_DEMONYM, F_DIGIT, F_DIRECTION, F_FUNCTION_WORD, F_INSTITUTION,
    F_NATIONALITY_NOUN, F_ORG, F_PARTICIPLE, F_PASSIVE, F_PLACE, F_STOP, F_STRONG, F_SUBJECT_WORD,
    F_TITLE, F_WEAK,
};
use super::names::{
    cap_count, clean, is_leading_junk, is_person, name_fwd, run_back, run_fwd, tail_name, Span,
};
use super::tokens::{Kind, Tok};

/// "a", "an", "one", "another": an unnamed someone ("said one analyst").
pub(super) fn is_indefinite(t: &Tok) -> bool {
    t.is("a") || t.is("an") || t.is("one") || t.is("another")
}

/// "an aide to Secretary Richard Lyng said": an indefinite noun phrase ends
/// at `j`, so whoever is named inside it is not the speaker.
fn indefinite_before(toks: &[Tok], j: usize) -> bool {
    let lo = j.saturating_sub(12);
    for k in (lo..=j).rev() {
        let t = &toks[k];
        if t.kind != Kind::Word || t.is("that") || t.lower_has(F_STRONG) {
            return false;
        }
        if is_indefinite(t) {
            return true;
        }
    }
    false
}

/// The speaker whose subject phrase ends at token `j`, just before a verb.
pub(super) fn subject_before(toks: &[Tok], j: usize) -> Option<Cand> {
    if j >= 2 && toks[j].is_he_she() && toks[j - 1].is("whom") {
        // "Lena Ortiz thanked her coach, Bruno Salas, whom she called
        // \"...\"": the pronoun after "whom" is never the person "whom"
        // stands for, who is the one a pronoun would otherwise take (the
        // last named). The sentence's own named subject speaks; a pronoun
        // there is left unread rather than guessed.
        return match sentence_subject(toks, j - 1) {
            Some(Cand::Name(name)) => Some(Cand::Name(name)),
            _ => None,
        };
    }
    let cand = subject_phrase(toks, j)
        .or_else(|| name_of_org(toks, j))
        .or_else(|| unclosed_relative(toks, j));
    if cand.is_none() && indefinite_before(toks, j) {
        return Some(Cand::Anonymous);
    }
    cand
}

fn subject_phrase(toks: &[Tok], j: usize) -> Option<Cand> {
    let t = &toks[j];
    if t.kind == Kind::Word && !t.is_he_she() {
        if let Some(c) = unclosed_appositive(toks, j) {
            return Some(c);
        }
    }
    match t.kind {
        Kind::Word => {
            if t.is_he_she() {
                Some(Cand::Pronoun)
            } else if t.is("who") {
                // "Smith, who said ..."
                // "X, a councillor from Fulda, who said": the name
                // before the appositive, not its last word.
                if j >= 2 && toks[j - 1].kind == Kind::Comma {
                    name_before_apposition(toks, j - 1).or_else(|| {
                        toks[j - 2]
                            .is_name()
                            .then(|| name_ending_at(toks, j - 2, Slot::Relative))
                            .flatten()
                    })
                } else {
                    None
                }
            } else if described_person(toks, j) {
                // "the Italian said": the person last in view, like "he";
                // "the 21-year-old said" is whoever was given that age.
                Some(aged_person(toks, j).map_or(Cand::Pronoun, Cand::Name))
            } else if t.cap {
                subject_name(toks, j)
            } else if t.is_role() {
                role_back(toks, j)
            } else {
                of_role_back(toks, j).or_else(|| possessor_of_utterance(toks, j))
            }
        }
        Kind::Comma => appositive(toks, j),
        Kind::Dash => dash_parenthesis(toks, j),
        _ => None,
    }
}

/// "Ana Ruiz – who has led the council since 2019 – said": the subject
/// before a parenthesis between dashes that closes at `j`.
fn dash_parenthesis(toks: &[Tok], j: usize) -> Option<Cand> {
    let lo = j.saturating_sub(30);
    let open = (lo..j)
        .rev()
        .take_while(|&k| !matches!(toks[k].kind, Kind::End | Kind::Quote))
        .find(|&k| toks[k].kind == Kind::Dash)?;
    if open == 0 || open + 1 == j || !toks[open - 1].is_name() {
        return None;
    }
    subject_name(toks, open - 1)
}

/// Nouns for what a person writes or says, through which a possessor
/// speaks: "Ana Ruiz's statement said", "Ruiz's tweet read".
pub(super) const UTTERANCES: [&str; 12] = [
    "statement",
    "tweet",
    "post",
    "letter",
    "email",
    "message",
    "memo",
    "note",
    "speech",
    "remarks",
    "comments",
    "testimony",
];

/// "Ana Ruiz's statement said": `j` is the utterance noun.
fn possessor_of_utterance(toks: &[Tok], j: usize) -> Option<Cand> {
    let t = &toks[j];
    if j == 0 || !t.is_lower() || !UTTERANCES.contains(&t.text) {
        return None;
    }
    let owner = &toks[j - 1];
    if !owner.is_name() || !owner.poss {
        return None;
    }
    let s = run_back(toks, j - 1);
    if s > 0 && is_blocker(&toks[s - 1]) {
        // "a statement from Ana Ruiz's lawyers": someone else speaks.
        return None;
    }
    let (_, ns, ne) = clean(toks, s, j);
    let name = Span { s: ns, e: ne };
    (ns < ne && is_person(name.toks(toks))).then_some(Cand::Name(name))
}

/// "the Italian", "the Samoan", "the 20-year-old" ending at `j`: a person
/// named by nationality or age, who is the person last in view.
pub(super) fn described_person(toks: &[Tok], j: usize) -> bool {
    let t = &toks[j];
    // A demonym of two words ("the Sri Lankan", "the Costa Rican") has a
    // capitalised first half that names nothing on its own.
    let two_words = j > 1
        && t.has(F_DEMONYM)
        && toks[j - 2].is("the")
        && toks[j - 1].kind == Kind::Word
        && toks[j - 1].cap
        && !toks[j - 1].poss;
    j > 0
        && (toks[j - 1].is("the") || two_words)
        && !t.poss
        && t.kind == Kind::Word
        && ((t.cap
            && (t.has(F_NATIONALITY_NOUN) || (t.has(F_DEMONYM) && !t.has(F_ORG | F_ACRONYM))))
            || (t.has(F_DIGIT) && t.text.ends_with("-year-old")))
}

/// The person an age phrase at `j` ("21-year-old") refers to: the one
/// name before it given that age between commas ("Aruzhan Seitkali, 21,
/// reached the final"). Two people of that age, or none, leave it to the
/// pronoun rules. Read only when such a phrase speaks, which is rare.
pub(super) fn aged_person(toks: &[Tok], j: usize) -> Option<Span> {
    let age = toks[j].text.strip_suffix("-year-old")?;
    let mut found: Option<Span> = None;
    for k in 2..j {
        let t = &toks[k];
        if !(t.kind == Kind::Word && t.text == age && toks[k - 1].kind == Kind::Comma) {
            continue;
        }
        if !toks
            .get(k + 1)
            .is_some_and(|n| matches!(n.kind, Kind::Comma | Kind::End))
        {
            continue;
        }
        if !toks[k - 2].is_name() || toks[k - 2].poss {
            continue;
        }
        let (_, ns, ne) = clean(toks, run_back(toks, k - 2), k - 1);
        if ns >= ne || !is_person(&toks[ns..ne]) {
            continue;
        }
        match found {
            // The same person given the age twice is still one.
            Some(other) => {
                let same = other.e - other.s == ne - ns
                    && toks[other.s..other.e]
                        .iter()
                        .zip(&toks[ns..ne])
                        .all(|(a, b)| a.text == b.text);
                if !same {
                    return None;
                }
            }
            None => found = Some(Span { s: ns, e: ne }),
        }
    }
    found
}

fn is_blocker(t: &Tok) -> bool {
    t.lower_has(F_BLOCKER)
}

fn clause_start(toks: &[Tok], s: usize) -> bool {
    s == 0
        || matches!(
            toks[s - 1].kind,
            Kind::End
                | Kind::Comma
                | Kind::Quote
                | Kind::Dash
                | Kind::Colon
                | Kind::Semi
                | Kind::Other
        )
        || toks[s - 1].is("and")
        || toks[s - 1].is("but")
}

/// Prepositions that open a sentence's adverbial of time or place, after
/// which its subject follows with no comma: "Within an hour X, 29,
/// tweeted", "After the match X, the captain, said".
const OPENING_PREPOSITIONS: [&str; 13] = [
    "within",
    "after",
    "before",
    "during",
    "at",
    "in",
    "on",
    "outside",
    "inside",
    "since",
    "until",
    "throughout",
    "following",
];

/// Words that open an adverbial's noun phrase ("within an hour", "after
/// this match"): allowed inside it, but never its last word.
const ADVERBIAL_DETERMINERS: [&str; 7] = ["the", "a", "an", "this", "that", "last", "each"];

/// The name at `p` follows an adverbial that opens its clause ("Within an
/// hour", "But after the match", "On the steps of the court" is too long):
/// a preposition of time or place at the clause's start, then up to five
/// lowercase words or numbers, none a verb, a preposition or a
/// possessive; the last is a noun, not a determiner.
fn after_opening_adverbial(toks: &[Tok], p: usize) -> bool {
    let lo = p.saturating_sub(7);
    let mut q = p;
    while q > lo {
        let t = &toks[q - 1];
        if OPENING_PREPOSITIONS.iter().any(|w| t.is(w)) {
            break;
        }
        if t.kind != Kind::Word || t.poss || !(t.is_lower() || t.has(F_DIGIT)) {
            return false;
        }
        let determiner = ADVERBIAL_DETERMINERS.iter().any(|w| t.is(w));
        if (t.has(F_FUNCTION_WORD | F_BLOCKER) && !determiner)
            || t.lower_has(F_STRONG | F_WEAK | F_PASSIVE | F_PARTICIPLE)
            // "After meeting X, the captain, said": a gerund makes the
            // name its object.
            || (t.text.len() > 4 && t.text.ends_with("ing"))
            || t.is("who")
        {
            return false;
        }
        q -= 1;
    }
    q > lo
        && q + 1 < p
        && OPENING_PREPOSITIONS.iter().any(|w| toks[q - 1].is(w))
        && clause_start(toks, q - 1)
        && !ADVERBIAL_DETERMINERS.iter().any(|w| toks[p - 1].is(w))
}

/// Where a name sits relative to the reporting verb, which decides what may
/// stand in front of it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// Directly before the verb: "Smith said".
    Subject,
    /// Before an appositive: "Smith, the minister, said"; must open a clause.
    Appositive,
    /// Before ", who said": may be anyone's object ("backed by X, who said").
    Relative,
}

/// Where a subject that starts at `s` really begins once a short lead-in of
/// role words is included: "Mines inspector Carys Howell, who ..., warned".
fn role_lead_in(toks: &[Tok], s: usize) -> usize {
    let mut p = s;
    if p >= 2
        && toks[p - 1].kind == Kind::Word
        && toks[p - 1].cap
        && toks[p - 1].poss
        && toks[p - 2].is("and")
    {
        // "and Labour's Ciarán Mac Donncha": a party or a country's, in a
        // coordination ("Children's Discovery Centers" opens no clause).
        p -= 1;
    }
    // A plural possessive belongs to the lead-in: "senior winners' adviser".
    while p > 0
        && s - p < 6
        && toks[p - 1].kind == Kind::Word
        && (!toks[p - 1].poss || toks[p - 1].is_lower())
    {
        let t = &toks[p - 1];
        if t.cap && clause_start(toks, p - 1) {
            // A capitalised word opening the clause: "Mines inspector",
            // "Hill walker", "Cyber security expert".
            return p - 1;
        }
        if t.cap && p < s && !t.poss {
            // A body's name opening the clause before the role: "Highland
            // Alliance leader X, who ..., said".
            let r = run_back(toks, p - 1);
            if clause_start(toks, r) && s - r <= 8 {
                return r;
            }
        }
        // Function words end the lead-in: in "the report by analyst John
        // Smith, who ..., said" the subject is the report.
        if t.cap || t.has(F_FUNCTION_WORD) || !(t.is_role() || t.is_lower()) {
            break;
        }
        p -= 1;
    }
    p
}

/// The name starting at `s` sits inside another noun's phrase, so that
/// noun is the subject: "a theory by the late seismologist X states",
/// "a spokesman for White House chief of staff X said", "a group led by
/// Far Hills, N.J., investor X said". Read back over lowercase words
/// describing the name, a determiner, and a town with its state between
/// commas, to a preposition.
fn inside_phrase(toks: &[Tok], s: usize) -> bool {
    let mut p = s;
    let mut described = 0;
    while p > 0 && described < 4 {
        let t = &toks[p - 1];
        if t.is_lower()
            && !t.poss
            && !t.has(F_FUNCTION_WORD | F_BLOCKER)
            && !t.lower_has(F_STRONG | F_WEAK | F_PASSIVE)
        {
            p -= 1;
            described += 1;
        } else {
            break;
        }
    }
    if described == 0 {
        return false;
    }
    // "a report by the University of Leeds researcher X estimated": the
    // body the describing words belong to stands between them and the
    // preposition. Taken only when a determiner or a preposition comes
    // before it, so that a clause opening on a body's name ("Leeds
    // researcher X said") keeps its subject.
    let mut q = p;
    while q > 0 && p - q < 6 {
        let t = &toks[q - 1];
        let joins = (t.is("of") || t.is("and")) && q >= 2 && toks[q - 2].is_name();
        if (t.is_name() && !t.poss) || (joins && q < p) {
            q -= 1;
        } else {
            break;
        }
    }
    if q < p
        && q > 0
        && (["the", "a", "an"].iter().any(|d| toks[q - 1].is(d))
            || PHRASE_PREPOSITIONS.iter().any(|w| toks[q - 1].is(w)))
    {
        p = q;
    }
    if p > 0 && (toks[p - 1].is("the") || toks[p - 1].is("a") || toks[p - 1].is("an")) {
        p -= 1;
    }
    if p > 0 && toks[p - 1].kind == Kind::Comma {
        // ", N.J.," or ", Calif.,": a town and its state before the role.
        let lo = p.saturating_sub(8);
        let by = (lo..p - 1)
            .rev()
            .take_while(|&k| {
                toks[k].is_name() || toks[k].kind == Kind::Comma || toks[k].kind == Kind::Other
            })
            .last();
        // Only "led by ...": "In the town of Far Hills, retired teacher X
        // said" is X's own sentence.
        return by.is_some_and(|k| k > 0 && toks[k - 1].is("by"));
    }
    if p < 2 || !PHRASE_PREPOSITIONS.iter().any(|w| toks[p - 1].is(w)) {
        return false;
    }
    if !(toks[p - 1].is("of") || toks[p - 1].is("for")) {
        return true;
    }
    // "Chairman of the firm Gordon Wu said", "vice minister for
    // international affairs Makoto Kuroda said": the phrase completes a
    // title that the name holds, unless the title is someone unnamed's
    // ("a spokesman for ...").
    let lo = (p - 1).saturating_sub(6);
    let role = (lo..p - 1)
        .rev()
        .take_while(|&k| toks[k].kind == Kind::Word && !toks[k].poss)
        .find(|&k| toks[k].is_role() || toks[k].is_title());
    match role {
        Some(r) => {
            let mut b = r;
            while b > lo && toks[b - 1].is_lower() && !toks[b - 1].has(F_FUNCTION_WORD) {
                b -= 1;
            }
            b > 0 && is_indefinite(&toks[b - 1])
        }
        None => true,
    }
}

/// Prepositions that make the name after them part of another noun's
/// phrase ("a theory by ...", "a spokesman for ..."). "in", "on" and "at"
/// open adverbials as often: "In parliament opposition leader X said".
const PHRASE_PREPOSITIONS: [&str; 13] = [
    "by",
    "of",
    "for",
    "with",
    "from",
    "to",
    "against",
    "between",
    "among",
    "including",
    "like",
    "via",
    "about",
];

/// The name run starting at `s` follows "of" or "for" completing a title
/// that opens its clause: "Minister for Water X", "Secretary of State for
/// Energy X" (only portfolio words between the title and the "of").
fn titled_portfolio(toks: &[Tok], s: usize) -> bool {
    if s < 2 || !(toks[s - 1].is("of") || toks[s - 1].is("for")) {
        return false;
    }
    let lo = (s - 1).saturating_sub(5);
    let title = (lo..s - 1)
        .rev()
        .take_while(|&k| {
            let t = &toks[k];
            t.is_title() || is_leading_junk(t) || t.is("of") || t.is("for") || t.is("the")
        })
        .find(|&k| {
            toks[k].is_name()
                && toks[k].is_title()
                && !toks[k].poss
                && lookup(toks[k].base) & F_TITLE != 0
        });
    title.is_some_and(|r| clause_start(toks, role_lead_in(toks, run_back(toks, r))))
}

/// A cleaned name ending at `j`.
fn name_ending_at(toks: &[Tok], j: usize, slot: Slot) -> Option<Cand> {
    if toks[j].poss {
        return None;
    }
    let s = run_back(toks, j);
    if slot == Slot::Appositive {
        let lead = role_lead_in(toks, s);
        if !clause_start(toks, lead) && !after_opening_adverbial(toks, s) {
            // "Saudi Deputy Minister for Water X, who signed, called": a
            // title whose portfolio follows "of" or "for", opening the
            // clause, as `subject_name` reads it before the verb.
            return titled_portfolio(toks, s)
                .then(|| tail_name(toks, s, j + 1))
                .filter(|&(ns, ne)| ns < ne && is_person(&toks[ns..ne]))
                .map(|(ns, ne)| Cand::Name(Span { s: ns, e: ne }));
        }
    }
    let (a, ns, ne) = clean(toks, s, j + 1);
    let titled = (a..ns).any(|k| toks[k].is_title());
    if slot != Slot::Relative && s > 0 && is_blocker(&toks[s - 1]) {
        // "the Kremlin said" is an institution, but "the U.S. Trade
        // Representative Clayton Yeutter said" is a person.
        let det = ["the", "a", "an"].iter().any(|d| toks[s - 1].is(d));
        if !(det && titled) {
            return None;
        }
    }
    if slot == Slot::Subject && inside_phrase(toks, s) {
        return None;
    }
    if slot == Slot::Subject && ns < ne {
        if let Some(mut names) = coordinated_before(toks, s) {
            names.push(Span { s: ns, e: ne });
            return Some(Cand::Several(names));
        }
        if s >= 2
            && toks[s - 1].is("and")
            && toks[s - 2].is_name()
            && !clause_start(toks, run_back(toks, s - 2))
        {
            // "a group led by investors David Bellet and Chester Siuda said":
            // the pair is the object of "by". ("Energy and Mines Minister
            // X said" opens its clause and keeps X.)
            return None;
        }
    }
    (ns < ne).then_some(Cand::Name(Span { s: ns, e: ne }))
}

/// "A market trader, who gave his name only as Kofi, said", "One
/// pensioner, who gave only her surname, Lindqvist, said": the name someone gave,
/// ending the appositive that closes at the comma `j` (opened at `k`).
fn named_only_as(toks: &[Tok], k: usize, j: usize) -> Option<Span> {
    if j == 0 || !toks[j - 1].is_name() {
        return None;
    }
    let ns = run_back(toks, j - 1);
    if ns <= k {
        return None;
    }
    // What comes before the name: "... name only as" inside this
    // appositive, or "... only his surname," before its comma.
    let lead_end = ns - 1;
    if !(toks[lead_end].is("as") || lead_end == k) {
        return None;
    }
    let lo = lead_end.saturating_sub(8);
    let lead = &toks[lo..lead_end];
    let gave = lead
        .iter()
        .any(|t| t.is("gave") || t.is("gives") || t.is("giving") || t.is("give"));
    let named = lead.iter().any(|t| is_name_noun(t));
    (gave && named && is_person(&toks[ns..j])).then_some(Span { s: ns, e: j })
}

/// "name", "surname", "first name": what someone gives instead of a full
/// name.
pub(super) fn is_name_noun(t: &Tok) -> bool {
    ["name", "surname", "forename", "nickname"]
        .iter()
        .any(|w| t.is(w))
}

/// "Henrike zu Solms, a councillor from Fulda, who later wrote":
/// the person before an appositive that ends at the comma `c`, when the
/// appositive opens with a determiner or a role (a noun phrase, not a
/// clause).
fn name_before_apposition(toks: &[Tok], c: usize) -> Option<Cand> {
    let lo = c.saturating_sub(12);
    let open = (lo..c).rev().find(|&m| toks[m].kind != Kind::Word)?;
    if toks[open].kind != Kind::Comma || open == 0 || open + 1 >= c {
        return None;
    }
    let first = &toks[open + 1];
    let phrase_like =
        is_indefinite(first) || first.is("the") || (first.is_lower() && first.is_role());
    if !phrase_like
        || toks[open + 1..c]
            .iter()
            .any(|t| t.lower_has(F_STRONG | F_WEAK | F_PASSIVE | F_PARTICIPLE))
        || !toks[open - 1].is_name()
    {
        return None;
    }
    name_ending_at(toks, open - 1, Slot::Relative)
}

fn subject_name(toks: &[Tok], j: usize) -> Option<Cand> {
    if toks[j].poss {
        // "Moody's said", "McDonald's said": a company, or "X's aide".
        return None;
    }
    let s = run_back(toks, j);
    // "Holm & Vestergaard said", "Kõrvits & Tamm said": a run after an
    // ampersand closes a firm's name, though its one word may be the
    // surname of a partner the article names in full.
    if s > 0 && toks[s - 1].text == "&" {
        return None;
    }
    let mut p = s;
    if p > 0 && toks[p - 1].is("the") {
        p -= 1;
    }
    if p >= 2 && (toks[p - 1].is("of") || toks[p - 1].is("for")) {
        // "Minister of Foreign Affairs Andriy Sybihy said", "Minister of
        // State for Energy Alick Buchanan-Smith said"
        let lo = (p - 1).saturating_sub(4);
        // Only portfolio words may sit between the title and "of"/"for":
        // in "Analyst Edward Johnson of Johnson Redbook Associates said"
        // the title belongs to Edward Johnson.
        let title = (lo..p - 1)
            .rev()
            .take_while(|&k| {
                let t = &toks[k];
                t.is_title() || is_leading_junk(t) || t.is("of") || t.is("for") || t.is("the")
            })
            // A plural title ("Lawyers for Dmitri Sokolov", "Residents of
            // Glen Arden") names other people.
            .find(|&k| {
                toks[k].is_name()
                    && toks[k].is_title()
                    && !toks[k].poss
                    && lookup(toks[k].base) & F_TITLE != 0
            });
        if let Some(r) = title {
            let s0 = run_back(toks, r);
            if s0 > 0 && is_blocker(&toks[s0 - 1]) && !toks[s0 - 1].is("the") {
                return None;
            }
            let (ns, ne) = tail_name(toks, s, j + 1);
            return (ns < ne).then_some(Cand::Name(Span { s: ns, e: ne }));
        }
        if toks[p - 2].is_role() {
            // "the head of NATO emphasized"
            return role_back(toks, p - 2);
        }
        // "Bank of England Governor Andrew Bailey said": the "of" phrase
        // names a body, and a title after it introduces the person.
        // A title that opens the run is the run's own ("Chris Callies of
        // Dean Witter said": then the person is before the "of").
        let (a, ns, ne) = clean(toks, s, j + 1);
        let name = Span { s: ns, e: ne };
        return ((a..ns).any(|k| k > s && toks[k].is_title())
            && cap_count(name.toks(toks)) >= 2
            && is_person(name.toks(toks)))
        .then_some(Cand::Name(name));
    }
    name_ending_at(toks, j, Slot::Subject)
}

/// "the minister said", "the company's chief executive said", or Reuters'
/// "Shaukat Aziz, SAMBA managing director said".
fn role_back(toks: &[Tok], r: usize) -> Option<Cand> {
    let mut k = r;
    while k > 0 && r - k < 5 {
        k -= 1;
        let t = &toks[k];
        match t.kind {
            Kind::Word => {
                if t.is("the") {
                    return Some(Cand::Role(r));
                }
                if t.is("a") || t.is("an") || is_blocker(t) || t.lower_has(F_STRONG) {
                    return None;
                }
            }
            Kind::Comma => {
                if k > 0 && toks[k - 1].is_name() {
                    return name_ending_at(toks, k - 1, Slot::Appositive);
                }
                return None;
            }
            _ => return None,
        }
    }
    None
}

/// "Bob Edgar of the Australia and New Zealand Banking Group Ltd said": a
/// person named with an "of" phrase for the firm, ending at `j`.
fn name_of_org(toks: &[Tok], j: usize) -> Option<Cand> {
    let lo = j.saturating_sub(12);
    let mut k = j + 1;
    while k > lo {
        k -= 1;
        let t = &toks[k];
        match t.kind {
            // "X of the University of Warsaw said": an "of" inside the
            // body's own name ("University of", "Bank of") is passed
            // over to the "of" before it.
            Kind::Word
                if t.is("of")
                    && !(k >= 2
                        && toks[k - 1].is_name()
                        && toks[k - 1].has(F_INSTITUTION | F_ORG)
                        && (toks[k - 2].is("the") || toks[k - 2].is("of"))) =>
            {
                break
            }
            Kind::Word if t.lower_has(F_STRONG | F_WEAK | F_PASSIVE) || t.is("who") => return None,
            Kind::Word | Kind::Other => {}
            _ => return None,
        }
    }
    if !toks[k].is("of") || k == 0 || k == j || !toks[k - 1].is_name() {
        return None;
    }
    // "Gold Fields of South Africa said" is an organisation of a place;
    // "Senate leader Robert Byrd of West Virginia said" is a person.
    let place_only = toks[k + 1..=j]
        .iter()
        .all(|t| t.is("the") || t.has(F_PLACE | F_DIRECTION));
    if place_only {
        let s = run_back(toks, k - 1);
        let (a, ns, _) = clean(toks, s, k);
        let titled = (a..ns).any(|m| toks[m].is_title())
            || (s > 0 && toks[s - 1].is_lower() && toks[s - 1].is_role());
        if !titled {
            return None;
        }
    }
    match name_ending_at(toks, k - 1, Slot::Appositive) {
        Some(Cand::Name(span)) if is_person(span.toks(toks)) => {
            match coordinated_before(toks, run_back(toks, k - 1)) {
                Some(mut names) => {
                    names.push(span);
                    Some(Cand::Several(names))
                }
                None => Some(Cand::Name(span)),
            }
        }
        _ => None,
    }
}

/// Reuters often drops the comma that closes an appositive: "Abele
/// Kuypers, secretary of the dairy section of the farmers' organisation
/// Landbouwschap said". A comma followed by a role noun, with no verb
/// before the reporting verb, puts the speaker before that comma.
fn unclosed_appositive(toks: &[Tok], j: usize) -> Option<Cand> {
    let lo = j.saturating_sub(14);
    let mut k = j;
    while k > lo {
        k -= 1;
        let t = &toks[k];
        match t.kind {
            Kind::Comma => break,
            Kind::Word if t.lower_has(F_STRONG | F_WEAK | F_PASSIVE) || t.is("who") => return None,
            Kind::Word | Kind::Other => {}
            _ => return None,
        }
    }
    if toks[k].kind != Kind::Comma || k == 0 || k + 1 > j {
        return None;
    }
    let mut r = k + 1;
    if toks[r].is("the") || is_indefinite(&toks[r]) {
        r += 1;
    }
    let opens_with_role = toks.get(r).is_some_and(|t| t.is_lower() && t.is_role());
    // "..., the minister said" is a plain role subject, not an appositive.
    if !opens_with_role || r >= j || !toks[k - 1].is_name() {
        return None;
    }
    match name_ending_at(toks, k - 1, Slot::Appositive) {
        Some(Cand::Name(span)) if is_person(span.toks(toks)) => Some(Cand::Name(span)),
        _ => None,
    }
}

/// Reuters drops the comma that closes a relative clause too: "Peter
/// Beutel, oil analyst with Elders Futures inc, who looks for a build
/// said". A ", who" a few words before the verb, with no reporting verb
/// in between, puts the speaker before that comma.
fn unclosed_relative(toks: &[Tok], j: usize) -> Option<Cand> {
    let lo = j.saturating_sub(10);
    let who = (lo..=j)
        .rev()
        .take_while(|&k| toks[k].kind == Kind::Word && !toks[k].lower_has(F_STRONG))
        .find(|&k| toks[k].is("who"))?;
    if who < 2 || who == j || toks[who - 1].kind != Kind::Comma {
        return None;
    }
    let comma = who - 1;
    // The name must open its clause: in "a group backed by X, who owns Y
    // said" the group speaks.
    let cand = if toks[comma - 1].is_name() {
        name_ending_at(toks, comma - 1, Slot::Appositive)
    } else {
        appositive(toks, comma)
    };
    match cand {
        Some(Cand::Name(span)) if is_person(span.toks(toks)) => Some(Cand::Name(span)),
        _ => None,
    }
}

/// "the head of the agency said": a role noun two or three words back.
fn of_role_back(toks: &[Tok], j: usize) -> Option<Cand> {
    let mut p = j;
    if p > 0 && toks[p - 1].is("the") {
        p -= 1;
    }
    if p >= 2 && toks[p - 1].is("of") && toks[p - 2].is_role() {
        return role_back(toks, p - 2);
    }
    None
}

/// "David Cooke, chairman of the committee, said": the name before the
/// opening comma of the appositive that ends at comma `j`.
fn appositive(toks: &[Tok], j: usize) -> Option<Cand> {
    let mut k = j;
    loop {
        if k == 0 || j - k > 40 {
            return None;
        }
        k -= 1;
        match toks[k].kind {
            Kind::Comma => break,
            Kind::End | Kind::Quote => return None,
            _ => {}
        }
    }
    if k + 1 >= j {
        return None;
    }
    let content = &toks[k + 1..j];
    // "Lin & Chou, founded in 1991 by Lin Pei-yu and Chou Ming-hsien,
    // said", "Greywell Manor, an estate named after its owner, Lady Ann
    // Greywell, said": whoever a thing is founded by or named after is
    // the object of its description, and what speaks is the thing.
    if names_its_maker(toks, k + 1, j) || names_its_maker(toks, k.saturating_sub(14), k) {
        return None;
    }
    // "Lucy Pembridge, whose son, Alfie, took part, told the BBC": the
    // appositive closes a "whose" clause, whose own appositive names
    // someone else; the clause belongs to the name before "whose".
    if content[0].is_lower() && !content[0].is("who") && !content[0].is("which") {
        if let Some(head) = head_before_whose(toks, k) {
            return name_ending_at(toks, head, Slot::Appositive);
        }
    }
    if let Some(name) = named_only_as(toks, k, j) {
        return Some(Cand::Name(name));
    }
    if is_party_phrase(content) {
        // "Rep. Karen Ostrowski, R-Medina, said": the tag is no name.
        return (k > 0 && toks[k - 1].is_name())
            .then(|| subject_name(toks, k - 1))
            .flatten();
    }
    if let Some(name) = apposed_name(toks, k, j)
        .or_else(|| of_body(toks, k, j).and_then(|o| apposed_name(toks, k, o)))
    {
        // "Lyle Ortega Jr., the firm's president and a grandson of its
        // founder, Lyle Ortega Sr., said": the name stands beside the
        // founder, the object of "of", and the appositive it closes is
        // the first name's.
        if let Some(head) = head_before_of_role(toks, k) {
            return name_ending_at(toks, head, Slot::Appositive);
        }
        // "The spokesman, John Smith, said", "One of them, Ailsa MacKinnon,
        // said", "Kwon's coach, former doubles champion Min-jae Cho, said";
        // without a role or a determiner in front it is a list ("Japan,
        // Korea,") or a clause ("X, who represents Saint-Michel, said"),
        // read below.
        if noun_phrase_before(toks, k) {
            if let Some(indefinite) = spokesperson_for_title(toks, k) {
                // "A spokesman for the Minister for Housing, Colm
                // Tierney, said": the name is the minister's, and the
                // one who speaks is the spokesperson.
                return indefinite.then_some(Cand::Anonymous);
            }
            if let Some(first) = named_before_and_relative(toks, k) {
                return Some(Cand::Pair(first, name));
            }
            return Some(Cand::Name(name));
        }
    }
    // "Kavitha Sundaralingam, Chief Medical Officer, added": a capitalised
    // title in apposition is a role phrase; other names alone are a list.
    let titled_role = content.last().is_some_and(|t| t.is_title() || t.is_role())
        && content.iter().all(|t| t.is_name() && !t.poss);
    if titled_role && k > 0 && toks[k - 1].is_name() {
        return name_ending_at(toks, k - 1, Slot::Appositive);
    }
    // "Ngozi Eze-Okafor, SAN, had told", "X, KC, said": post-nominal
    // letters in apposition close the name before them.
    if is_post_nominal(content)
        && k > 0
        && toks[k - 1].is_name()
        && !is_party_tag(&toks[run_back(toks, k - 1)])
    {
        return name_ending_at(toks, k - 1, Slot::Appositive);
    }
    if content.iter().all(|t| t.is_name() || t.is_particle()) {
        return None;
    }
    if let Some(pair) = coordinated_apposition(toks, k, j) {
        return Some(pair);
    }
    if content[0].is("which") && k > 0 && toks[k - 1].is_name() {
        // "Buyer Tomasz Wiel of Ellary Seafoods, which takes most of the
        // catch, conceded": "which" is the firm's, and the person before
        // "of" is the subject.
        let s = run_back(toks, k - 1);
        if s >= 2 && toks[s - 1].is("of") && toks[s - 2].is_name() && !toks[s - 2].poss {
            return name_ending_at(toks, s - 2, Slot::Appositive);
        }
    }
    if content[0].is("which") || k == 0 {
        return None;
    }
    // "Jens Ahrens, who manages a shop in Harrislee, just south of the
    // border, told": a phrase set off after a "who" clause is the
    // clause's, and the name before "who" is the subject.
    if content[0].is_lower() {
        let prev = (k.saturating_sub(16)..k)
            .rev()
            .find(|&m| toks[m].kind != Kind::Word && toks[m].kind != Kind::Other);
        if let Some(prev) = prev.filter(|&m| {
            m > 0 && toks[m].kind == Kind::Comma && toks[m + 1].is("who") && toks[m - 1].is_name()
        }) {
            return name_ending_at(toks, prev - 1, Slot::Appositive);
        }
    }
    // "The Sri Lankan, who joined in May, said", "the 23-year-old, a
    // substitute, said": a person named by nationality or age is read
    // through an appositive as before the verb itself.
    if described_person(toks, k - 1) {
        return Some(aged_person(toks, k - 1).map_or(Cand::Pronoun, Cand::Name));
    }
    // "Ms Tanaka, 54, a former nurse, said", "Sen. Chris Dodd, D-Conn, a
    // co-sponsor of the bill, said": step back over an age, a party tag or
    // a second appositive to the name.
    let mut hops = 0;
    while hops < 2
        && k > 0
        && (!toks[k - 1].is_name() || is_party_tag(&toks[run_back(toks, k - 1)]))
    {
        // "Cllr Aoife Kelly (SF), who voted against, said": a party or a
        // body in brackets after the name, stepped over as before the
        // verb itself ("Sen. Bob Dole (R-Kan.) said").
        if let Some(open) = bracket_after_name(toks, k) {
            k = open;
            hops += 1;
            continue;
        }
        let prev = (k.saturating_sub(12)..k - 1)
            .rev()
            .find(|&m| toks[m].kind != Kind::Word && toks[m].kind != Kind::Other)?;
        let inner = &toks[prev + 1..k];
        // "X, SAN, had told the court", "X, KC, said": post-nominal
        // letters in apposition, as an age or a party tag.
        let age_or_tag = (inner.len() == 1 && inner[0].has(F_DIGIT))
            || is_post_nominal(inner)
            || is_party_phrase(inner);
        let role_phrase = inner.iter().all(|t| t.kind == Kind::Word)
            && inner.iter().any(|t| t.is_lower() && t.is_role())
            && !inner
                .iter()
                .any(|t| t.lower_has(F_STRONG | F_WEAK | F_PASSIVE));
        if toks[prev].kind != Kind::Comma || !(age_or_tag || role_phrase) {
            return None;
        }
        k = prev;
        hops += 1;
    }
    if k == 0 || !toks[k - 1].is_name() {
        return None;
    }
    let cand = name_ending_at(toks, k - 1, Slot::Appositive)?;
    // "Peter Lang, 45, and Maria Ortiz, 52, told the court": an earlier
    // name with its own appositive, joined by "and".
    let s = run_back(toks, k - 1);
    if let Cand::Name(second) = cand {
        // "Jordi Puigvert i Casals and Maite Arrieta Goñi, who led the
        // delegations, said": names coordinated before the appositive
        // all speak, as before the verb itself.
        if let Some(mut names) = coordinated_before(toks, s) {
            names.push(second);
            return Some(Cand::Several(names));
        }
        if s >= 2 && toks[s - 1].is("and") && toks[s - 2].kind == Kind::Comma {
            match appositive(toks, s - 2) {
                Some(Cand::Name(first)) => return Some(Cand::Several(vec![first, second])),
                Some(Cand::Several(mut names)) => {
                    names.push(second);
                    return Some(Cand::Several(names));
                }
                _ => {}
            }
        }
    }
    Some(cand)
}

/// Where a short bracket of words that closes just before `k` opens, when a
/// name stands before it: "Aoife Kelly (SF)", "Ana Ruiz (Greens)".
fn bracket_after_name(toks: &[Tok], k: usize) -> Option<usize> {
    if toks[k - 1].text != ")" {
        return None;
    }
    let open = (k.saturating_sub(5)..k - 1)
        .rev()
        .find(|&m| toks[m].text == "(")?;
    let inner = &toks[open + 1..k - 1];
    if open == 0 || !toks[open - 1].is_name() || toks[open - 1].poss {
        return None;
    }
    // One name only: in "Aides to Sens. Mitch McConnell (Ky.) and Pete
    // Wilson (Calif.), whose ..., said" the aides speak, and a list of
    // names is left to the readings of lists.
    let s = run_back(toks, open - 1);
    let listed = s > 0 && (toks[s - 1].is("and") || toks[s - 1].kind == Kind::Comma);
    (!inner.is_empty() && inner.iter().all(|t| t.kind == Kind::Word) && !listed).then_some(open)
}

/// A "whose" clause opened after a name, a comma and "whose" within a
/// dozen words before comma `k`: where that name ends.
fn head_before_whose(toks: &[Tok], k: usize) -> Option<usize> {
    let whose = (k.saturating_sub(12)..k)
        .rev()
        .take_while(|&m| !matches!(toks[m].kind, Kind::End | Kind::Quote))
        .find(|&m| toks[m].is("whose"))?;
    (whose >= 2
        && toks[whose - 1].kind == Kind::Comma
        && toks[whose - 2].is_name()
        && !toks[whose - 2].poss)
        .then_some(whose - 2)
}

/// The phrase ending at comma `k` ends in a role after "of" ("a grandson
/// of its founder") and is itself an appositive of a name before it:
/// where that name ends.
fn head_before_of_role(toks: &[Tok], k: usize) -> Option<usize> {
    let role = toks.get(k.checked_sub(1)?)?;
    if !(role.is_lower() && role.is_role()) {
        return None;
    }
    let lo = k.saturating_sub(5);
    let of = (lo..k - 1).rev().find(|&m| toks[m].is("of"))?;
    let comma = (of.saturating_sub(12)..of)
        .rev()
        .take_while(|&m| !matches!(toks[m].kind, Kind::End | Kind::Quote))
        .find(|&m| toks[m].kind == Kind::Comma)?;
    (comma > 0 && toks[comma - 1].is_name() && !toks[comma - 1].poss).then_some(comma - 1)
}

/// Between `lo` and `hi`, in the same clause as `hi`, a participle and
/// its preposition name whoever made, owns or names a thing: "founded
/// (in 1991) by", "named after", "owned by", "set up by". People are
/// not founded or named after anyone in news prose ("named by police"
/// is another "by").
fn names_its_maker(toks: &[Tok], lo: usize, hi: usize) -> bool {
    let start = (lo..hi)
        .rev()
        .find(|&m| matches!(toks[m].kind, Kind::End | Kind::Quote))
        .map_or(lo, |m| m + 1);
    (start..hi).any(|m| {
        let t = &toks[m];
        if !(t.is("by") || t.is("after") || t.is("for")) {
            return false;
        }
        let back = &toks[m.saturating_sub(4).max(start)..m];
        back.iter().any(|p| {
            if t.is("by") {
                ["founded", "owned", "controlled", "established", "started"]
                    .iter()
                    .any(|w| p.is(w))
                    || (p.is("up") && back.iter().any(|q| q.is("set")))
            } else {
                p.is("named") || p.is("renamed")
            }
        })
    })
}

/// A party and state tag after a US legislator's name: "R-Medina",
/// "D-Calif".
pub(super) fn is_party_tag(t: &Tok) -> bool {
    // One to four capitals for the party ("R", "D", "DFL", "GOP"), a
    // hyphen, and the state or district.
    let b = t.text.as_bytes();
    let party = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    t.kind == Kind::Word
        && (1..=4).contains(&party)
        && b.get(party) == Some(&b'-')
        && b.get(party + 1).is_some_and(u8::is_ascii_uppercase)
        && (party == 1 || b.len() > party + 3)
}

/// A party tag and the rest of its district: "R-Medina", "DFL-Brooklyn
/// Park".
fn is_party_phrase(inner: &[Tok]) -> bool {
    inner.first().is_some_and(is_party_tag) && inner[1..].iter().all(Tok::is_name)
}

/// The name filling an appositive between the commas `k` and `j`, after at
/// most a determiner and a few lowercase words of description: "John
/// Smith", "the historian Bartholomew Nkemelu", "former doubles champion
/// Min-jae Cho".
fn apposed_name(toks: &[Tok], k: usize, j: usize) -> Option<Span> {
    if j <= k + 1 || !toks[j - 1].is_name() || toks[j - 1].poss {
        return None;
    }
    let s = run_back(toks, j - 1).max(k + 1);
    let words = &toks[k + 1..s];
    // "X, who represents Saint-Michel, said" is a relative clause, not
    // "the spokesman, John Smith,".
    let relative = words
        .iter()
        .any(|t| t.is("who") || t.is("which") || t.is("whose") || t.is("that"));
    // "the Kenyan novelist and critic X": two roles joined by "and".
    let joins_roles = |m: usize| {
        m > 0
            && words[m].is("and")
            && words[m - 1].is_role()
            && words.get(m + 1).is_some_and(Tok::is_role)
    };
    let described = !relative
        && (words.len() <= 4 || (words.len() <= 6 && (0..words.len()).any(joins_roles)))
        && words.iter().enumerate().all(|(m, t)| {
            joins_roles(m)
                // "Their spokesperson, Fiji's Ratu X,": the country the
                // person speaks for, in the possessive.
                || (m == 0 && t.poss && t.cap && t.has(F_PLACE) && !t.has(F_DEMONYM))
                || (t.is_lower() || (t.has(F_DEMONYM) && !t.has(F_ORG)))
                    && !t.poss
                    && !t.lower_has(F_STRONG | F_WEAK | F_PASSIVE | F_FUNCTION_WORD)
                    && (m == 0 || !t.is_particle())
                || (m == 0 && (t.is("the") || t.is("a") || t.is("an")))
        });
    if !described {
        return None;
    }
    let (_, ns, ne) = clean(toks, s, j);
    let name = Span { s: ns, e: ne };
    (ns < ne && is_person(name.toks(toks))).then_some(name)
}

/// Whether an appositive's words are post-nominal letters alone ("SAN",
/// "KC", "MBE"): an acronym of two to four letters.
fn is_post_nominal(words: &[Tok]) -> bool {
    words.len() == 1 && words[0].has(F_ACRONYM) && (2..=4).contains(&words[0].text.len())
}

/// "Her publisher, Mark Oduya of Fernleaf Press, wrote", "the chief
/// negotiator, Wanjiru Kamau of Kenya, told us": an apposed name (two
/// capitalised words or more, opening the appositive between commas `k`
/// and `j`) followed by "of" and the body or country it is from; returns
/// where the "of" stands, so that the name before it is read as apposed.
fn of_body(toks: &[Tok], k: usize, j: usize) -> Option<usize> {
    let o = (k + 3..j).find(|&m| toks[m].is("of"))?;
    let rest = &toks[o + 1..j];
    let plain = rest.len() <= 8
        && rest.iter().all(|t| {
            t.kind == Kind::Word
                && !t.lower_has(F_STRONG | F_WEAK | F_PASSIVE)
                && !["who", "which", "whose", "that", "and"]
                    .iter()
                    .any(|w| t.is(w))
        })
        && rest.iter().any(|t| t.is_name());
    let name = &toks[k + 1..o];
    (plain && name.iter().all(|t| t.is_name() || t.is_particle()) && cap_count(name) >= 2)
        .then_some(o)
}

/// "Maria Okafor and her husband, Tom Hale, said": the person named
/// before "and her husband", the phrase ending at the comma `k`, speaks
/// with the one in apposition.
fn named_before_and_relative(toks: &[Tok], k: usize) -> Option<Span> {
    let lo = k.saturating_sub(5);
    let det = (lo..k)
        .rev()
        .find(|&m| ["his", "her", "their"].iter().any(|d| toks[m].is(d)))?;
    if det < 3 || !toks[det - 1].is("and") || !toks[det - 2].is_name() || toks[det - 2].poss {
        return None;
    }
    let s = run_back(toks, det - 2);
    if !clause_start(toks, s) {
        return None;
    }
    let (_, ns, ne) = clean(toks, s, det - 1);
    let name = Span { s: ns, e: ne };
    (ns < ne && is_person(name.toks(toks))).then_some(name)
}

/// The phrase ending at `k` is someone speaking for a titled person ("A
/// spokesman for the Minister for Housing", "an aide to the President"):
/// the name in apposition after it is the titled person's. Returns whether
/// the speaker is indefinite ("a spokesperson").
fn spokesperson_for_title(toks: &[Tok], k: usize) -> Option<bool> {
    let lo = k.saturating_sub(14);
    let start = (lo..k).rev().find(|&m| clause_start(toks, m))?;
    let link = (start + 1..k).find(|&m| {
        (toks[m].is("for") || toks[m].is("to")) && toks[m - 1].is_lower() && toks[m - 1].is_role()
    })?;
    toks[link + 1..k]
        .iter()
        .any(|t| t.cap && t.is_title() && !t.poss)
        .then(|| is_indefinite(&toks[start]))
}

/// The phrase ending at comma `k` is a noun phrase opening its clause that
/// names a role or picks one of a group: "The spokesman", "Her Ghanaian
/// counterpart", "One of them", "The chair of the judges", but not "In
/// Paris" or "On Monday".
fn noun_phrase_before(toks: &[Tok], k: usize) -> bool {
    // Long enough for a role of a long name: "The vice president of the
    // New York Stock Exchange" is nine words.
    let lo = k.saturating_sub(14);
    let Some(start) = (lo..k).rev().find(|&m| clause_start(toks, m)) else {
        return false;
    };
    let phrase = &toks[start..k];
    let Some(first) = phrase.first() else {
        return false;
    };
    // "One of them", "Another of the maintainers": a person picked out
    // of a group; otherwise the phrase must name a role ("The
    // contractor, Nordkyst Marine, said" is a firm).
    let one_of = first.is("one") || first.is("another");
    let role = phrase
        .iter()
        .any(|t| (t.is_role() || t.is_title()) && !t.poss);
    phrase
        .iter()
        .all(|t| t.kind == Kind::Word && !t.lower_has(F_STRONG | F_WEAK | F_PASSIVE | F_PARTICIPLE))
        && (one_of || role)
}

/// Earlier names coordinated with the one whose run starts at `s`:
/// "Haddad, Lindgren and Esposito said", "Moretti and coalition leader
/// Stefano Bruni said", "Rep. Karen Ostrowski, R-Medina, and Rep. Luis
/// Arroyo said", "Szabó-Tóth Eszter of the Green Alliance and Farkas
/// Levente said". `None` unless the first opens a clause: in "a group
/// led by investors David Bellet and Chester Siuda said" the names are an
/// object.
fn coordinated_before(toks: &[Tok], s: usize) -> Option<Vec<Span>> {
    let lead = role_lead_in(toks, s);
    if lead == 0 || !toks[lead - 1].is("and") {
        return None;
    }
    let mut names = Vec::new();
    // The separator before which the next item (going back) ends.
    let mut sep = lead - 1;
    while names.len() < 6 {
        let mut e = sep;
        if toks[sep].is("and") && sep > 0 && toks[sep - 1].kind == Kind::Comma {
            e = sep - 1;
        }
        if e >= 2 && is_party_tag(&toks[e - 1]) && toks[e - 2].kind == Kind::Comma {
            e -= 2;
        }
        if e == 0 || !toks[e - 1].is_name() || toks[e - 1].poss {
            return None;
        }
        let mut st = run_back(toks, e - 1);
        // "... of the Green Alliance and": the person is before "of".
        let mut of = st;
        if of > 0 && toks[of - 1].is("the") {
            of -= 1;
        }
        if of >= 2 && toks[of - 1].is("of") && toks[of - 2].is_name() && !toks[of - 2].poss {
            e = of - 1;
            st = run_back(toks, e - 1);
        }
        let (_, ns, ne) = clean(toks, st, e);
        let name = Span { s: ns, e: ne };
        if ns >= ne || !is_person(name.toks(toks)) {
            return None;
        }
        names.push(name);
        let p = role_lead_in(toks, st);
        let more = p >= 2
            && toks[p - 1].kind == Kind::Comma
            && (toks[p - 2].is_name() && !toks[p - 2].poss);
        if more {
            sep = p - 1;
            continue;
        }
        if !clause_start(toks, p) {
            return None;
        }
        names.reverse();
        return Some(names);
    }
    None
}

/// "The bill's sponsors, state Sen. Marcus O'Donnell and Rep. Aaliyah
/// Brooks, both said": two people in apposition between the commas `k`
/// and `j`.
fn coordinated_apposition(toks: &[Tok], k: usize, j: usize) -> Option<Cand> {
    let and = (k + 2..j - 1).find(|&m| toks[m].is("and"))?;
    let part = |s: usize, e: usize, single_ok: bool| -> Option<Span> {
        let fits = toks[s..e].iter().all(|t| {
            t.kind == Kind::Word
                && (t.is_name() || t.is_particle() || (t.is_lower() && !t.is("and")))
        });
        if !fits || !toks[e - 1].is_name() || toks[e - 1].poss {
            return None;
        }
        let lowercase = toks[s..e]
            .iter()
            .filter(|t| t.is_lower() && !t.is_particle())
            .count();
        let (a, ns, ne) = clean(toks, run_back(toks, e - 1).max(s), e);
        let name = Span { s: ns, e: ne };
        let titled = (a..ns).any(|m| toks[m].is_title());
        (lowercase <= 1
            && ns < ne
            && is_person(name.toks(toks))
            && (titled || ne - ns >= 2 || single_ok))
            .then_some(name)
    };
    let second = part(and + 1, j, false)?;
    // "the boy's parents, Ewan and Morag Lennox, said": a given name alone
    // before a full name shares its surname (the registry joins them).
    let shared = and == k + 2 && second.e - second.s >= 2;
    Some(Cand::Pair(part(k + 1, and, shared)?, second))
}

/// ", adding that ..." and "... and said": the subject of the sentence the
/// verb at `i` hangs on.
pub(super) fn sentence_subject(toks: &[Tok], i: usize) -> Option<Cand> {
    let mut s = i;
    while s > 0 && toks[s - 1].kind != Kind::End {
        if i - s > 60 {
            return None;
        }
        s -= 1;
    }
    while s < i && matches!(toks[s].kind, Kind::Quote | Kind::Dash) {
        s += 1;
    }
    let first = toks.get(s)?;
    if first.is_name() && first.has(F_STOP) && !first.has(F_SUBJECT_WORD) {
        // "On Tuesday, Smith ..., adding": skip the introductory phrase.
        // A phrase with a verb in it is the clause itself ("Local
        // councillor X has written to the bank's chief executive, Y,
        // asking"): the name after its comma is an object's appositive,
        // and the clause's own subject is read from its start.
        let c = (s..i).find(|&k| toks[k].kind == Kind::Comma)?;
        if !toks[s..c].iter().any(is_finite_verb) {
            s = c + 1;
        }
    }
    let t = toks.get(s)?;
    if s >= i || t.kind != Kind::Word {
        return None;
    }
    if t.is_he_she() {
        return Some(Cand::Pronoun);
    }
    // "The hospital's chairwoman, Gillian Okafor-Reid, thanked ... and
    // said", "Her fiancé, footballer Jordan Mbeki-Hale, shared ... and
    // wrote": the name in apposition is the subject.
    // "Odile Marchand thanked her agent, Ruben Costa, and said": a name
    // and a verb open the sentence, so the apposition is the object's.
    let named_subject = || {
        let e = run_fwd(toks, s);
        e > s
            && toks
                .get(e)
                .is_some_and(|n| n.is_lower() && !n.is_role() && !n.is("of") && !n.is_particle())
            && {
                let (_, ns, ne) = clean(toks, s, e);
                ns < ne && is_person(&toks[ns..ne])
            }
    };
    if let Some(c) = (s + 1..(s + 9).min(i)).find(|&k| toks[k].kind != Kind::Word) {
        if toks[c].kind == Kind::Comma && noun_phrase_before(toks, c) && !named_subject() {
            let close = (c + 1..(c + 8).min(i)).find(|&k| toks[k].kind != Kind::Word);
            if let Some(name) = close
                .filter(|&e| toks[e].kind == Kind::Comma)
                .and_then(|e| apposed_name(toks, c, e))
            {
                return Some(Cand::Name(name));
            }
        }
    }
    if t.is("the") {
        let r = (s + 1..(s + 4).min(i)).find(|&k| toks[k].is_role())?;
        return role_back(toks, r);
    }
    let (span, end) = subject_noun_phrase(toks, s)?;
    let opens_predicate = |next: &Tok| {
        next.kind == Kind::Comma
            || (next.is_lower() && !next.is("of") && !next.is("and") && !next.is_particle())
    };
    let next = toks.get(end)?;
    if next.is("and") && toks.get(end + 1).is_some_and(Tok::is_name) {
        // "Council members Greg Hale and Tou Lor voted against, saying":
        // both subjects speak.
        // Not when another speaker's verb comes first: "Brand and Hellman
        // resigned, the spokesman said, adding ..." is the spokesman's.
        let (second, after) = subject_noun_phrase(toks, end + 1)?;
        let own_verb = toks
            .get(after..i)
            .is_some_and(|between| !between.iter().any(|t| t.lower_has(F_STRONG)));
        return (own_verb && toks.get(after).is_some_and(opens_predicate))
            .then_some(Cand::Pair(span, second));
    }
    let mut verbish = opens_predicate(next);
    if !verbish && next.is("of") {
        // "Lin Meixiu of Harbour Securities was more cautious, noting":
        // the person's firm or body comes between the name and the verb.
        let mut k = end + 1;
        if toks.get(k).is_some_and(|t| t.is("the")) {
            k += 1;
        }
        if toks.get(k).is_some_and(Tok::is_name) {
            verbish = toks.get(run_fwd(toks, k)).is_some_and(opens_predicate);
        }
    }
    verbish.then_some(Cand::Name(span))
}

/// An auxiliary or copula that makes a phrase a clause.
fn is_finite_verb(t: &Tok) -> bool {
    t.is_lower()
        && [
            "has", "have", "had", "is", "are", "was", "were", "will", "would",
        ]
        .iter()
        .any(|w| t.is(w))
}

/// The person heading a sentence-initial noun phrase: "Smith",
/// "Presidential spokesman Marlin Fitzwater", "Japan's Finance Minister
/// Kiichi Miyazawa". Returns the name and the token after it.
fn subject_noun_phrase(toks: &[Tok], s: usize) -> Option<(Span, usize)> {
    let mut m = s;
    for _ in 0..4 {
        let t = toks.get(m)?;
        if t.is_lower() && t.is_role() {
            m += 1;
            continue;
        }
        if !t.is_name() {
            return None;
        }
        let e = run_fwd(toks, m);
        if toks[e - 1].poss {
            // A possessor: "Japan's", "Reagan's".
            m = e;
            continue;
        }
        let f = name_fwd(toks, m);
        let before_role = toks.get(f.end).is_some_and(|t| t.is_lower() && t.is_role());
        if f.has_name() && is_person(f.span().toks(toks)) && !before_role {
            return Some((f.span(), f.end));
        }
        // "Presidential", "White House": modifiers of a role noun.
        m = f.end.max(m + 1);
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::article::speakers::test_support::{one, run};

    #[test]
    fn quote_then_name_said_with_time() {
        assert_eq!(
            one("\"We will not back down.\" Maria Costa said on Tuesday."),
            vec!["Maria Costa"]
        );
    }

    #[test]
    fn appositive_between_name_and_verb() {
        assert_eq!(
            one("David Cooke, chairman of the Ontario Select Committee on Economic Affairs, said the exemption would help."),
            vec!["David Cooke"]
        );
    }

    #[test]
    fn the_pronoun_after_whom_is_not_its_antecedent() {
        assert_eq!(
            one("Lena Ortiz thanked her coach, Bruno Salas, whom she called \"the calmest man alive\"."),
            ["Lena Ortiz"]
        );
        assert!(one(
            "Born in Pecs, he studied under Professor Kovats Imre, whom he later described as \"a poet of concrete\"."
        )
        .is_empty());
    }

    #[test]
    fn relative_clause_who_said() {
        assert_eq!(
            one("The bill was backed by Senator Ann Wu, who said it would save money."),
            vec!["Ann Wu"]
        );
    }

    #[test]
    fn participle_adding_goes_to_sentence_subject() {
        assert_eq!(
            one("Helena Lindqvist unveiled the budget on Monday, adding that taxes would rise."),
            vec!["Helena Lindqvist"]
        );
    }

    #[test]
    fn possessive_is_not_a_speaker() {
        assert!(one("Reagan's spokesman said the president was resting.").is_empty());
    }

    #[test]
    fn two_speakers_joined_by_and() {
        assert_eq!(
            one("John Smith and Mary Jones said the deal was fair."),
            vec!["John Smith", "Mary Jones"]
        );
    }

    #[test]
    fn pair_in_object_position_is_not_speaking() {
        assert!(one(
            "A group led by investors David Bellet and Chester Siuda said it sold shares."
        )
        .is_empty());
    }

    #[test]
    fn appositive_without_closing_comma() {
        assert_eq!(
            one("The branch opened here, Shaukat Aziz, SAMBA managing director said."),
            vec!["Shaukat Aziz"]
        );
    }

    #[test]
    fn reuters_appositive_without_closing_comma() {
        assert_eq!(
            one("Prices may fall, Abele Kuypers, secretary of the farmers' organisation Landbouwschap said."),
            vec!["Abele Kuypers"]
        );
    }

    #[test]
    fn name_of_firm_said() {
        assert_eq!(
            one("Bob Edgar of the Australia and New Zealand Banking Group Ltd said exports were rising."),
            vec!["Bob Edgar"]
        );
    }

    #[test]
    fn organisation_of_place_is_not_a_speaker() {
        assert!(one("Gold Fields of South Africa said output fell.").is_empty());
    }

    #[test]
    fn coordinated_and_said_goes_to_sentence_subject() {
        assert_eq!(
            one("Presidential spokesman Marlin Fitzwater shrugged off the fall and said the market was sound."),
            vec!["Marlin Fitzwater"]
        );
    }

    #[test]
    fn relative_clause_between_subject_and_verb() {
        assert_eq!(
            one("Mines inspector Carys Howell, who arrived at the site in the afternoon, warned that it could take two days."),
            ["Carys Howell"]
        );
    }

    #[test]
    fn appositive_after_a_role_noun_names_the_speaker() {
        assert_eq!(
            one("Its coordinator, Dr. Margit Szabó, said the twins were valuable."),
            ["Margit Szabó"]
        );
    }

    #[test]
    fn chained_appositives_before_the_verb() {
        let paras = [
            "Aiko Tanaka has run the ward since 2019.",
            "Ms Tanaka, 54, a former nurse, said the wards were full.",
        ];
        assert_eq!(run(&paras), ["Aiko Tanaka"]);
        assert_eq!(
            one("Ruben Castillo, 61, the club's chairman, said the stand would be rebuilt."),
            ["Ruben Castillo"]
        );
    }

    #[test]
    fn role_then_name_in_apposition_is_the_subject_of_and_said() {
        assert_eq!(
            one("The hospital's chairwoman, Gillian Ross, thanked the staff and said a new chief would be named."),
            ["Gillian Ross"]
        );
    }

    #[test]
    fn two_people_in_apposition_both_said() {
        assert_eq!(
            one("The bill's sponsors, state Sen. Ada Kowal and Rep. Femi Adeyemi, both said the cap was fair."),
            ["Ada Kowal", "Femi Adeyemi"]
        );
        assert!(one("Its neighbours, Japan and Korea, both said the cap was fair.").is_empty());
    }

    #[test]
    fn coordinated_titled_speakers_both_said() {
        assert_eq!(
            one("Sen. Lisa Moreno and Rep. Dan Whitaker both said the bill would pass."),
            ["Lisa Moreno", "Dan Whitaker"]
        );
    }

    #[test]
    fn a_list_of_names_all_speak() {
        let paras = [
            "Her rivals, the councillors Karim Haddad, Elsa Lindgren and Paolo Esposito, trailed.",
            "Haddad, Lindgren and Esposito said in a joint statement that the coalition needed one face.",
        ];
        assert_eq!(
            run(&paras),
            ["Karim Haddad", "Elsa Lindgren", "Paolo Esposito"]
        );
        assert_eq!(
            one(
                "Giulia Moretti and coalition leader Stefano Bruni said they would present a plan."
            ),
            ["Giulia Moretti", "Stefano Bruni"]
        );
    }

    #[test]
    fn names_with_an_of_phrase_coordinated() {
        assert_eq!(
            one("Standing beside him, Eszter Szabo of the Green Alliance and Levente Farkas of the Civic Party said the levy broke a promise."),
            ["Eszter Szabo", "Levente Farkas"]
        );
    }

    #[test]
    fn party_tags_after_legislators_are_no_names() {
        assert_eq!(
            one("Rep. Karen Ostrowski, R-Medina, and Rep. Luis Arroyo, D-Toledo, both said they expected changes."),
            ["Karen Ostrowski", "Luis Arroyo"]
        );
        assert_eq!(
            one("Rep. Karen Ostrowski, R-Medina, said the bill would pass."),
            ["Karen Ostrowski"]
        );
    }

    #[test]
    fn a_name_in_apposition_after_a_described_person() {
        for (text, who) in [
            ("One of them, Ailsa MacKinnon, said the ferry was empty.", "Ailsa MacKinnon"),
            (
                "The vice president of the New York Stock Exchange, Richard Torenzano, said officials would meet.",
                "Richard Torenzano",
            ),
            ("His daughter, Ama Owusu, said he died at home.", "Ama Owusu"),
            (
                "Kwon's coach, former doubles champion Min-jae Cho, said they had worked on her serve.",
                "Min-jae Cho",
            ),
            (
                "The chair of the judges, the historian Bartholomew Nkemelu, praised the book and said the vote was unanimous.",
                "Bartholomew Nkemelu",
            ),
            (
                "Her fiancé, footballer Jordan Mbeki-Hale, shared the email and wrote: \"Treat people with respect.\"",
                "Jordan Mbeki-Hale",
            ),
        ] {
            assert_eq!(one(text), [who], "{text}");
        }
        assert!(one("The contractor, Nordkyst Marine, said steel prices had risen.").is_empty());
    }

    #[test]
    fn a_portfolio_joined_by_and_keeps_the_minister() {
        assert_eq!(
            one("Energy and Mines Minister Arturo Hernandez Grisanti said the conference had no agenda."),
            ["Arturo Hernandez Grisanti"]
        );
    }

    #[test]
    fn an_unclosed_relative_clause_before_the_verb() {
        assert_eq!(
            one("Peter Beutel, oil analyst with Elders Futures inc, who looks for a build said, \"Demand will taper off.\""),
            ["Peter Beutel"]
        );
        assert!(one("A group backed by Ana Ruiz, who owns a mill said it would bid.").is_empty());
    }

    #[test]
    fn an_appositive_headed_by_an_occupation_without_its_closing_comma() {
        assert_eq!(
            one("The elevator is on the Mississippi River, Doug Snyder, assistant to the vice president said."),
            ["Doug Snyder"]
        );
    }

    #[test]
    fn names_with_their_own_appositives_joined_by_and() {
        assert_eq!(
            one("Peter Lang, 45, and Maria Ortiz, 52, told the court they were innocent."),
            ["Peter Lang", "Maria Ortiz"]
        );
        assert_eq!(
            one("Lee Hamilton, chairman of the House committee, and Daniel Inouye, chairman of the Senate panel, also said they would merge their inquiries."),
            ["Lee Hamilton", "Daniel Inouye"]
        );
    }

    #[test]
    fn an_age_phrase_is_the_person_given_that_age() {
        let paras = [
            "Dana Keller, 21, beat top seed Mia Lindgren-Fox in three sets on Thursday.",
            "\"I looked at the sky,\" the 21-year-old said.",
        ];
        assert_eq!(one(&paras.join(" ")), ["Dana Keller"]);
        assert_eq!(
            one("Dana Keller, 21, beat top seed Mia Lindgren-Fox, 30. \"I looked at the sky,\" said the 30-year-old."),
            ["Mia Lindgren-Fox"]
        );
    }

    #[test]
    fn a_name_inside_another_nouns_phrase_is_not_the_subject() {
        for text in [
            "A theory by the late seismologist Kawasumi Hiroshi states that quakes come in cycles.",
            "An investor group headed by Minneapolis, Minn., broker Jeffrey Wendel said it raised its stake.",
            "Earlier, an attorney for shareholder John Decker said he had filed suit.",
            "A report by the Marlow Institute economist Tobias Wren estimated that rents would rise.",
            "A study by Bristol University ecologist Rhian Powell estimated that half the hedges had gone.",
        ] {
            assert!(one(text).is_empty(), "{text}");
        }
        assert_eq!(
            one("Marlow Institute economist Tobias Wren estimated that rents would rise."),
            ["Tobias Wren"]
        );
        for (text, who) in [
            ("Chairman of the firm Gordon Wu said recently he expects the airport to open.", "Gordon Wu"),
            ("Last week, vice minister for international affairs Makoto Kuroda said the ministry had acted.", "Makoto Kuroda"),
            ("Earlier this week British Prime Minister Margaret Thatcher said Britain could not act alone.", "Margaret Thatcher"),
            ("\"The tension has eased,\" the permanent trade ambassador of the 12-member European Community Tran Van Thinh told reporters.", "Tran Van Thinh"),
        ] {
            assert_eq!(one(text), [who], "{text}");
        }
    }

    #[test]
    fn a_relative_clause_ending_in_a_name_is_no_apposed_name() {
        assert_eq!(
            one("Ward councillor Amélie Saint-Onge, who represents Rosemont, said the permits would be free."),
            ["Amélie Saint-Onge"]
        );
    }

    #[test]
    fn party_tags_of_any_party_and_district() {
        assert_eq!(
            one("Sen. Hodan Farah, DFL-Saint Paul, the bill's author, said the vote was close."),
            ["Hodan Farah"]
        );
    }

    #[test]
    fn a_capitalised_title_in_apposition_is_a_role_phrase() {
        assert_eq!(
            one("Priya Raman, Chief Scientific Officer, added: \"The data are clear.\""),
            ["Priya Raman"]
        );
    }

    #[test]
    fn a_nationality_may_describe_an_apposed_name() {
        assert_eq!(
            one("The panel's chair, Austrian conductor Leopold Haindl, told reporters the vote was quick."),
            ["Leopold Haindl"]
        );
    }

    #[test]
    fn a_body_or_a_plural_possessive_before_the_role_of_a_subject() {
        for (text, who) in [
            (
                "Green Alliance leader Tomas Oduya, who has run twice, said the count was fair.",
                "Tomas Oduya",
            ),
            (
                "Senior members' adviser Ruth Ngata, who met the pair, said: \"They are calm.\"",
                "Ruth Ngata",
            ),
            (
                "Board member Lena Park asked staff to return with new figures.",
                "Lena Park",
            ),
        ] {
            assert_eq!(one(text), [who], "{text}");
        }
        assert_eq!(
            one("Independent TD Aoife Brennan and Labour's Ciarán Mac Giolla both said they would act."),
            ["Aoife Brennan", "Ciarán Mac Giolla"]
        );
    }

    #[test]
    fn a_spokesperson_for_a_titled_person_is_not_that_person() {
        assert!(one(
            "A spokesman for the Minister for Housing, Colm Tierney, said the scheme would open."
        )
        .is_empty());
        assert_eq!(
            one("The minister's spokesman, Colm Tierney, said the scheme would open."),
            ["Colm Tierney"]
        );
    }

    #[test]
    fn the_object_of_a_coordinated_verb_is_not_its_subject() {
        assert_eq!(
            one("Odile Marchand thanked her agent, Ruben Costa, and said she was ready."),
            ["Odile Marchand"]
        );
    }

    #[test]
    fn who_after_an_appositive_goes_back_to_the_name() {
        assert_eq!(
            one("Among the critics was Henrike zu Solms, a councillor from Fulda, who later wrote on her blog that the plan was rushed."),
            ["Henrike zu Solms"]
        );
    }

    #[test]
    fn a_name_given_only_in_part_is_the_speaker() {
        assert_eq!(
            one("A market trader, who gave his name only as Kofi, said prices had doubled."),
            ["Kofi"]
        );
        assert_eq!(
            one("One pensioner, who gave only her surname, Lindqvist, said the bus never came."),
            ["Lindqvist"]
        );
    }

    #[test]
    fn two_roles_in_apposition_and_a_body_after_the_subject() {
        assert_eq!(
            one("The chair of the panel, the Kenyan novelist and critic Kamau wa Njoroge, said the panel had agreed."),
            ["Kamau wa Njoroge"]
        );
        assert_eq!(
            one("Lin Meixiu of Harbour Securities was more cautious, noting in a report that costs were rising."),
            ["Lin Meixiu"]
        );
    }

    #[test]
    fn a_person_and_a_relative_in_apposition_both_speak() {
        assert_eq!(
            one("Greta Lindholm and her husband, Jonas Berg, said the house was lost."),
            ["Greta Lindholm", "Jonas Berg"]
        );
    }

    #[test]
    fn given_names_sharing_a_surname_in_apposition() {
        assert_eq!(
            one("In a statement, the boy's parents, Ewan and Morag Lennox, said he had loved the sea."),
            ["Ewan Lennox", "Morag Lennox"]
        );
    }

    #[test]
    fn an_opening_phrase_with_a_verb_is_the_clause_not_an_introduction() {
        assert_eq!(
            one("Local councillor Iona Gray has written to the bank's chief executive, Philip Marr, asking for a mobile van."),
            ["Iona Gray"]
        );
        assert_eq!(
            one("On Tuesday, Iona Gray wrote to the bank, asking for a mobile van."),
            ["Iona Gray"]
        );
    }

    #[test]
    fn an_opening_adverbial_before_a_name_and_its_appositive() {
        assert_eq!(
            run(&[
                "Pop star Kizzy split from footballer Jordan Fairweather on Monday.",
                "But within an hour Fairweather, 29, tweeted: \"Be kind to both of us.\"",
            ]),
            ["Jordan Fairweather"]
        );
        assert_eq!(
            one("After the match Lena Ortiz, the captain, said the team had deserved it."),
            ["Lena Ortiz"]
        );
    }

    #[test]
    fn a_person_of_a_body_whose_name_holds_of() {
        assert_eq!(
            one("Agnieszka Wrobel of the University of Warsaw said an early election remained unlikely."),
            ["Agnieszka Wrobel"]
        );
        assert!(
            one("The University of Warsaw said an early election remained unlikely.").is_empty()
        );
    }

    #[test]
    fn an_age_in_words_shows_a_person() {
        assert_eq!(
            one("Isla, eight, who bought a share with her birthday money, said she wanted crisps."),
            ["Isla"]
        );
    }

    #[test]
    fn a_number_with_a_thousands_comma_closes_no_appositive() {
        assert_eq!(
            one("Zoe Whitcombe, who presented a petition with 1,100 signatures, said she was ready."),
            ["Zoe Whitcombe"]
        );
    }

    #[test]
    fn a_described_phrase_in_hyphens_opens_no_name() {
        assert_eq!(
            one("Mother-of-three Ingrid Solberg-Mackay, who organised a petition, recalled that the last closure had lasted months."),
            ["Ingrid Solberg-Mackay"]
        );
    }

    #[test]
    fn an_apposed_name_with_the_body_it_is_from() {
        assert_eq!(
            one("Her publisher, Mark Oduya of Fernleaf Press, wrote on X that the first printing had sold out."),
            ["Mark Oduya"]
        );
        assert_eq!(
            one("The African Group's chief negotiator, Wanjiru Kamau of Kenya, told us it was a floor."),
            ["Wanjiru Kamau"]
        );
    }

    #[test]
    fn post_nominal_letters_in_apposition() {
        assert_eq!(
            one("Prosecuting counsel Ngozi Eze-Okafor, SAN, had told the court that eleven companies were traced."),
            ["Ngozi Eze-Okafor"]
        );
    }

    #[test]
    fn a_title_with_its_portfolio_before_an_appositive() {
        assert_eq!(
            one("Saudi Deputy Minister for Water Faisal bin Turki al-Harbi, who signed for Riyadh, called the deal \"a bridge between two dry peninsulas\"."),
            ["Faisal bin Turki al-Harbi"]
        );
    }
    #[test]
    fn a_country_in_the_possessive_before_an_apposed_name() {
        assert_eq!(
            one("Their spokesperson, Fiji's Ratu Josaia Vakaloloma, posted on X: \"We left to make a point.\""),
            ["Josaia Vakaloloma"]
        );
    }

    #[test]
    fn a_former_partner_in_front_of_an_apposed_name() {
        assert_eq!(
            one("Her ex, producer Tobi Adeyemo-Clarke, said he had never heard that demo."),
            ["Tobi Adeyemo-Clarke"]
        );
    }

    #[test]
    fn names_coordinated_before_an_appositive_all_speak() {
        assert_eq!(
            one("Jordi Puigvert and Maite Arrieta Goñi, who led the delegations, said in a joint statement that the deal protected the delta."),
            ["Jordi Puigvert", "Maite Arrieta Goñi"]
        );
        assert_eq!(
            one("The minister thanked Ana Ruiz and Pedro Alves, who led the talks, and said the deal was done."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_bracket_after_the_name_before_an_appositive() {
        assert_eq!(
            one("Cllr Aoife Kelly (SF), who voted against, complained that the council had not costed the land."),
            ["Aoife Kelly"]
        );
        // Whose aides speak, and a list with brackets, stay as they were.
        assert!(one("Aides to Senator Pete Wilson (Calif.), whose seat was in doubt, said their boss was opposed.").is_empty());
        assert!(!one("Aides to Sens. Mitch McConnell (Ky.) and Pete Wilson (Calif.), whose seats were in doubt, said their bosses were opposed.")
            .contains(&"Pete Wilson".to_string()));
    }
}
