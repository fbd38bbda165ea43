//! Tokens: one pass over the paragraphs into words and punctuation.
//!
//! It owns what a word is (joiners such as "O'Brien", "U.S", "Jean-Claude";
//! combining marks; possessives; Arabic and Romance name prefixes) and which
//! periods end a sentence ("Mr. Smith" and "John F. Kennedy" do not). Each
//! word carries its lexicon classes, so later passes never look a word up
//! again. It knows nothing of names or speech.

use super::lexicon::{
    classify_shaped, is_initials, lookup, F_ABBREV, F_COMPANY, F_NAME_PREFIX, F_ORG, F_PARTICLE,
    F_PLACE, F_ROLE, F_SENT_ABBREV, F_TITLE,
};

/// What a token is: a word, or the punctuation the rules read.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    Word,
    Comma,
    /// Sentence or paragraph end.
    End,
    Quote,
    Dash,
    Colon,
    Semi,
    Other,
}

/// A word or a punctuation mark, with what the lexicon says of a word.
#[derive(Clone, Copy, Debug)]
pub(super) struct Tok<'a> {
    pub(super) kind: Kind,
    pub(super) text: &'a str,
    /// `text` without a possessive "'s" or trailing apostrophe.
    pub(super) base: &'a str,
    /// Starts like a name: an uppercase letter, or "al-"/"d'" + uppercase.
    pub(super) cap: bool,
    pub(super) poss: bool,
    /// Word classes of `base` (`F_*` bits).
    pub(super) flags: u64,
    pub(super) para: u32,
}

impl<'a> Tok<'a> {
    pub(super) fn punct(kind: Kind, text: &'a str, para: u32) -> Self {
        Tok {
            kind,
            text,
            base: text,
            cap: false,
            poss: false,
            flags: 0,
            para,
        }
    }

    pub(super) fn word(text: &'a str, para: u32) -> Self {
        let apostrophe = text.contains(['\'', '’']);
        Self::shaped_word(text, para, apostrophe, text.contains('-'))
    }

    /// A word whose scan saw whether it holds an apostrophe or a hyphen:
    /// most words hold neither, and then need no possessive stripped and
    /// no hyphen looked for.
    // Inlined into the tokenizer's push: called out of line, it returned
    // the token through a stack slot written field by field and read back
    // in 16-byte copies, a load no store could forward (perf put a quarter
    // of the tokenizer's time on that copy).
    #[inline(always)]
    fn shaped_word(text: &'a str, para: u32, apostrophe: bool, hyphen: bool) -> Self {
        let (base, poss) = if apostrophe {
            strip_possessive(text)
        } else {
            (text, false)
        };
        Tok {
            kind: Kind::Word,
            text,
            base,
            // A name prefix ends in a hyphen or an apostrophe ("al-",
            // "d'"), so a word with neither starts like a name only with a
            // capital.
            cap: if apostrophe || hyphen {
                is_cap_str(base)
            } else {
                starts_upper(base) || may_be_gaelic_mutation(base)
            },
            poss,
            flags: classify_shaped(base, hyphen),
            para,
        }
    }

    // Called for most tokens, by many rules, with a short literal: inlined,
    // the length test rejects nearly all of them before any byte is read.
    #[inline]
    pub(super) fn is(&self, w: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(w)
    }

    pub(super) fn is_name(&self) -> bool {
        self.kind == Kind::Word && self.cap
    }

    pub(super) fn is_lower(&self) -> bool {
        self.kind == Kind::Word && !self.cap
    }

    pub(super) fn is_he_she(&self) -> bool {
        self.is("he") || self.is("she")
    }

    pub(super) fn has(&self, flags: u64) -> bool {
        self.flags & flags != 0
    }

    /// A lowercase function word of the given class ("said", "the", "by").
    pub(super) fn lower_has(&self, flags: u64) -> bool {
        self.kind == Kind::Word && !self.cap && !self.poss && self.has(flags)
    }

    pub(super) fn is_particle(&self) -> bool {
        self.lower_has(F_PARTICLE)
    }

    pub(super) fn is_title(&self) -> bool {
        self.kind == Kind::Word && self.has(F_TITLE)
    }

    pub(super) fn is_role(&self) -> bool {
        self.kind == Kind::Word && !self.poss && self.has(F_ROLE)
    }
}

/// Starts with an uppercase letter. Most words start with an ASCII
/// letter, which needs no char decoded.
#[inline]
fn starts_upper(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => s.starts_with(char::is_uppercase),
    }
}

fn strip_possessive(t: &str) -> (&str, bool) {
    // Every suffix below ends in one of these bytes (0x99 ends "’").
    if !matches!(t.as_bytes().last(), Some(b's' | b'S' | b'\'' | 0x99)) {
        return (t, false);
    }
    for suf in ["'s", "’s", "'S", "’S", "'", "’"] {
        if let Some(b) = t.strip_suffix(suf) {
            if !b.is_empty() {
                return (b, true);
            }
        }
    }
    (t, false)
}

/// An Irish or Scottish Gaelic name whose first letter a mutation put
/// in front in lowercase: "tSaoir" and "t-Saoir" (in "Nic an tSaoir",
/// "Mac an t-Saoir"), "hUiginn" (in "Ní hUiginn"), the eclipsed
/// "nGallchóir", "bhFeirtéar". The capital must be one the mutation can
/// stand before and be followed by a lowercase letter, which keeps out
/// "tRNA", "eBay" and "iPhone".
#[inline]
fn may_be_gaelic_mutation(s: &str) -> bool {
    // Nearly every lowercase word has a lowercase second letter ("the",
    // "to", "he"): a compare or two send it away before any call, "bh"
    // aside.
    let b = s.as_bytes();
    b.len() > 2
        && (!b[1].is_ascii_lowercase() || (b[0] == b'b' && b[1] == b'h'))
        && is_gaelic_mutation(s)
}

#[cold]
fn is_gaelic_mutation(s: &str) -> bool {
    let b = s.as_bytes();
    let (eclipsis, rest) = match b {
        [b'b', b'h', b'F', ..] => return true,
        [b'h' | b'n' | b't', b'-', ..] => (false, &s[2..]),
        [b'h' | b'n' | b't' | b'b' | b'd' | b'g', ..] => (true, &s[1..]),
        _ => return false,
    };
    let mut cs = rest.chars();
    let Some(c) = cs.next() else { return false };
    if !c.is_uppercase() || !cs.next().is_some_and(char::is_lowercase) {
        return false;
    }
    match (b[0], c) {
        (b'h' | b'n' | b't', 'A' | 'E' | 'I' | 'O' | 'U' | 'Á' | 'É' | 'Í' | 'Ó' | 'Ú') => {
            true
        }
        (b't', 'S') => true,
        (b'b', 'P') | (b'd', 'T') | (b'g', 'C') | (b'n', 'G' | 'D') => eclipsis,
        _ => false,
    }
}

/// "an" or "na" last on `out`, between a Gaelic patronymic word and the
/// capitalised word now coming ("Nic an tSaoir", "Mac an t-Saoir", "Mac
/// na Ceàrdaich"), is a particle of that name; anywhere else it is an
/// English article or a word of another language. Called before each
/// capitalised word is pushed, so the test costs one length compare for
/// nearly all of them.
fn mark_gaelic_article(out: &mut [Tok]) {
    let [.., before, last] = out else { return };
    if last.text.len() == 2
        && (last.text == "an" || last.text == "na")
        && ["Mac", "Nic", "Mhic", "Nighean", "Ó", "Ní", "Uí"].contains(&before.text)
    {
        last.flags |= F_PARTICLE;
    }
}

/// Starts like a name: an uppercase letter, or one of the Arabic and
/// Romance name prefixes that keep a lowercase start ("al-Assad",
/// "d'Estaing") and then an uppercase letter.
fn is_cap_str(s: &str) -> bool {
    if may_be_gaelic_mutation(s) {
        return true;
    }
    match s.as_bytes().first() {
        Some(b) if b.is_ascii_uppercase() => return true,
        // Every name prefix ("al-", "el-", "bin-", "ibn-", "d'", "l'")
        // starts with one of these letters.
        Some(b) if b.is_ascii() && !matches!(b, b'a' | b'b' | b'd' | b'e' | b'i' | b'l') => {
            return false
        }
        _ => {}
    }
    match s.chars().next() {
        Some(c) if c.is_uppercase() => true,
        Some(c) if c.is_lowercase() => {
            // Every prefix ends at its only hyphen or apostrophe, within the
            // first five bytes (0xE2 starts the curly apostrophe, which is
            // three bytes long).
            let Some(k) = s
                .bytes()
                .take(5)
                .position(|b| matches!(b, b'-' | b'\'' | 0xE2))
            else {
                return false;
            };
            let joiner_len = if s.as_bytes().get(k) == Some(&0xE2) {
                3
            } else {
                1
            };
            s.split_at_checked(k + joiner_len)
                .is_some_and(|(prefix, rest)| {
                    lookup(prefix) & F_NAME_PREFIX != 0 && rest.starts_with(char::is_uppercase)
                })
        }
        _ => false,
    }
}

/// Combining marks, so that decomposed "José" (e + U+0301) stays one word.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '‑' | '.' | '&')
}

fn is_abbreviation(t: &Tok) -> bool {
    let mut cs = t.text.chars();
    let single_upper = matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase());
    single_upper || t.text.contains('.') || t.has(F_ABBREV)
}

pub(super) fn tokenize<'a>(paragraphs: &[&'a str]) -> Vec<Tok<'a>> {
    let total: usize = paragraphs.iter().map(|p| p.len()).sum();
    let mut out = Vec::with_capacity(total / 4 + paragraphs.len());
    for (pi, p) in paragraphs.iter().enumerate() {
        let para = u32::try_from(pi).unwrap_or(u32::MAX);
        // The break closes the previous paragraph, so that a paragraph
        // ending in a quote mark still starts the next one at its first
        // word.
        if let Some(prev) = out.last().filter(|t: &&Tok| t.kind != Kind::End) {
            let prev_para = prev.para;
            out.push(Tok::punct(Kind::End, "", prev_para));
        }
        let from = out.len();
        if tokenize_para::<true>(p, para, &mut out) >= 2 {
            drop_nicknames(&mut out, from);
        }
    }
    out
}

/// Removes a nickname in quotes inside a name ("Tomasz \"Tom\"
/// Wrona", "Adebayo “AB” Coker"): the name reads whole, and the marks
/// do not open a quotation. Only paragraphs with two double quote marks
/// look, and only those holding the pattern pay for the removal.
fn drop_nicknames(out: &mut Vec<Tok>, from: usize) {
    let is_mark = |t: &Tok| t.kind == Kind::Quote && matches!(t.text, "\"" | "“" | "”");
    let nickname_at = |toks: &[Tok], q: usize| {
        q > from
            && q + 3 < toks.len()
            && is_mark(&toks[q])
            && toks[q - 1].is_name()
            && !toks[q - 1].poss
            && toks[q + 1].is_name()
            && !toks[q + 1].poss
            && is_mark(&toks[q + 2])
            && toks[q + 3].is_name()
    };
    // Most paragraphs hold no quote mark at all: one compare a token.
    let Some(first) = (from..out.len())
        .filter(|&q| out[q].kind == Kind::Quote)
        .find(|&q| nickname_at(out, q))
    else {
        return;
    };
    let mut keep = Vec::with_capacity(out.len() - from);
    let mut q = first;
    keep.extend_from_slice(&out[from..first]);
    while q < out.len() {
        if nickname_at(out, q) {
            q += 3;
        } else {
            keep.push(out[q]);
            q += 1;
        }
    }
    out.truncate(from);
    out.extend(keep);
}

/// The char starting at byte `b`, with an ASCII fast path; `None` past the
/// end or off a char boundary.
fn char_at(p: &str, b: usize) -> Option<char> {
    let x = *p.as_bytes().get(b)?;
    if x < 0x80 {
        Some(char::from(x))
    } else {
        p.get(b..)?.chars().next()
    }
}

/// The char ending at byte `b`.
fn char_before(p: &str, b: usize) -> Option<char> {
    let x = *p.as_bytes().get(b.checked_sub(1)?)?;
    if x < 0x80 {
        Some(char::from(x))
    } else {
        p.get(..b)?.chars().next_back()
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH_BITS: u64 = ONES * 0x80;

/// The high bit of each byte of `x` that lies in `lo..=hi`, for bytes
/// under 0x80 (others give anything; the caller masks them out). Each
/// byte is lifted to 0x80 + b first, so that no subtraction borrows from
/// its neighbour.
fn bytes_in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let lifted = x | HIGH_BITS;
    let at_least_lo = lifted.wrapping_sub(ONES * u64::from(lo));
    let above_hi = lifted.wrapping_sub(ONES * (u64::from(hi) + 1));
    at_least_lo & !above_hi & HIGH_BITS
}

/// The first byte at or after `j` that is no ASCII letter or digit (or
/// the end). Eight bytes are tested at once, so that a word of up to
/// eight more bytes ends in one step: a loop of one byte a step
/// mispredicted its exit at nearly every word, since word lengths vary.
fn ascii_alnum_end(bytes: &[u8], mut j: usize) -> usize {
    while let Some(chunk) = bytes.get(j..).and_then(<[u8]>::first_chunk::<8>) {
        let x = u64::from_le_bytes(*chunk);
        let digits = bytes_in_range(x, b'0', b'9');
        // Setting 0x20 lowers every capital and maps no other byte into
        // a..z.
        let letters = bytes_in_range(x | (ONES * 0x20), b'a', b'z');
        let alnum = (digits | letters) & !x;
        let stop = !alnum & HIGH_BITS;
        if stop != 0 {
            // Little-endian: the lowest set bit is the first byte.
            return j + (stop.trailing_zeros() / 8) as usize;
        }
        j += 8;
    }
    while bytes.get(j).is_some_and(u8::is_ascii_alphanumeric) {
        j += 1;
    }
    j
}

/// An ASCII word ending at byte `j` ends there whatever follows: `j` is
/// the end, a space, or ASCII punctuation that neither joins words ("'",
/// "-", "&", "/", a period before a letter or digit) nor separates
/// thousands (a comma after a number). Anything else, including every
/// non-ASCII byte, is left to the general scan.
fn ends_plainly(bytes: &[u8], j: usize, number: bool) -> bool {
    match bytes.get(j) {
        None | Some(b' ') => true,
        Some(b'.') => bytes
            .get(j + 1)
            .is_none_or(|&d| d.is_ascii() && !d.is_ascii_alphanumeric()),
        Some(b',') => !number,
        Some(&d) => d.is_ascii() && !matches!(d, b'\'' | b'-' | b'&' | b'/'),
    }
}

/// Tokenises one paragraph onto `out`; returns how many double quote
/// marks it holds, so that only paragraphs with two look for nicknames.
///
/// `PLAIN_WORDS` takes plain ASCII words on the fast path; the tests turn
/// it off to check that the general scan gives the same tokens.
fn tokenize_para<'a, const PLAIN_WORDS: bool>(
    p: &'a str,
    para: u32,
    out: &mut Vec<Tok<'a>>,
) -> u32 {
    let n = p.len();
    let bytes = p.as_bytes();
    let mut i = 0;
    let mut marks = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b' ' {
            i += 1;
            continue;
        }
        // Most words are ASCII and end where nothing can join them on:
        // they are taken whole here, and only the rest pays for the
        // general scan below.
        if PLAIN_WORDS && b.is_ascii_alphanumeric() {
            let j = ascii_alnum_end(bytes, i + 1);
            if ends_plainly(bytes, j, b.is_ascii_digit()) {
                let tok = Tok::shaped_word(&p[i..j], para, false, false);
                if tok.cap {
                    mark_gaelic_article(out);
                }
                out.push(tok);
                i = j + usize::from(bytes.get(j) == Some(&b' '));
                continue;
            }
        }
        let Some(c) = char_at(p, i) else { break };
        let cl = c.len_utf8();
        if c.is_whitespace() {
            i += cl;
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i + cl;
            let (mut apostrophe, mut hyphen) = (false, false);
            loop {
                // ASCII fast path: most of an English article.
                j = ascii_alnum_end(bytes, j);
                let Some(&b) = bytes.get(j) else { break };
                // The usual end of a word, which never joins.
                if b == b' ' {
                    break;
                }
                let Some(d) = char_at(p, j) else { break };
                let dl = d.len_utf8();
                // A joiner ("O'Brien", "U.S", "Jean-Claude") continues the
                // word only when a letter or digit follows it.
                let joins =
                    || is_joiner(d) && char_at(p, j + dl).is_some_and(char::is_alphanumeric);
                // "1,100 signatures": a comma between a digit and three
                // more is a thousands separator, which closes no phrase.
                let thousands = b == b','
                    && j > i
                    && bytes[j - 1].is_ascii_digit()
                    && c.is_ascii_digit()
                    && bytes
                        .get(j + 1..j + 4)
                        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                    && bytes.get(j + 4).is_none_or(|d| !d.is_ascii_digit());
                if thousands {
                    j += 1;
                    continue;
                }
                if (b >= 0x80 && (d.is_alphanumeric() || is_mark(d))) || joins() {
                    apostrophe |= matches!(d, '\'' | '’');
                    hyphen |= d == '-';
                    j += dl;
                } else {
                    break;
                }
            }
            // Plural possessive ("investors'"): keep the apostrophe so the
            // word is flagged possessive rather than followed by a quote.
            // "Achieng' Atieno Oduya": an apostrophe closing a capitalised
            // word that does not end in "s", before another capitalised
            // word, is part of the name (Luo and other customs write it),
            // not a possessive nor a closing quote.
            let mut kept = false;
            // Both apostrophes start with one of these bytes ("’" is
            // E2 80 99): most words end on neither.
            let quote_next = matches!(bytes.get(j), Some(b'\'' | 0xE2));
            if let Some(q @ ('\'' | '’')) = quote_next.then(|| char_at(p, j)).flatten() {
                let ql = q.len_utf8();
                let before = char_before(p, j);
                if matches!(before, Some('s' | 'S')) {
                    if !char_at(p, j + ql).is_some_and(char::is_alphanumeric) {
                        j += ql;
                        apostrophe = true;
                    }
                } else if c.is_uppercase()
                    && before.is_some_and(char::is_lowercase)
                    && char_at(p, j + ql) == Some(' ')
                    && char_at(p, j + ql + 1).is_some_and(char::is_uppercase)
                {
                    j += ql;
                    kept = true;
                } else if j == i + 1
                    && c == 'a'
                    && char_at(p, j + ql) == Some(' ')
                    && char_at(p, j + ql + 1).is_some_and(char::is_uppercase)
                {
                    // Scottish Gaelic "Mac a' Phearsain": the article
                    // "a'" is a particle of the name, not "a" and a
                    // quote mark.
                    j += ql;
                }
            } else if j == i + 1
                && bytes.get(j) == Some(&b'/')
                && matches!(c, 'a' | 's' | 'd')
                && matches!(bytes.get(j + 1), Some(b'l' | b'p' | b'o'))
                && bytes.get(j + 2).is_none_or(|b| !b.is_ascii_alphanumeric())
            {
                // Malaysian and Indian patronymics "a/l", "a/p" (son and
                // daughter of) and "s/o", "d/o" are one particle.
                j += 2;
            }
            let mut tok = Tok::shaped_word(&p[i..j], para, apostrophe, hyphen);
            if kept {
                tok.base = tok.text;
                tok.poss = false;
                tok.cap = true;
            }
            if tok.cap {
                mark_gaelic_article(out);
            }
            out.push(tok);
            // The space that usually follows is skipped here, as the
            // loop's head would, without a turn of the loop.
            i = if bytes.get(j) == Some(&b' ') {
                j + 1
            } else {
                j
            };
            continue;
        }
        let mut end = i + cl;
        let kind = match c {
            ',' | '،' | '、' => Some(Kind::Comma),
            '!' | '?' => Some(Kind::End),
            ';' => Some(Kind::Semi),
            ':' => Some(Kind::Colon),
            '"' | '“' | '”' => {
                marks += 1;
                Some(Kind::Quote)
            }
            '„' | '«' | '»' | '‹' | '›' | '‘' | '’' | '\'' | '`' | '‚' => {
                Some(Kind::Quote)
            }
            '–' | '—' | '―' => Some(Kind::Dash),
            '-' | '‐' | '‑' => {
                while let Some(d @ ('-' | '‐' | '‑')) = char_at(p, end) {
                    end += d.len_utf8();
                }
                let before_ws = char_before(p, i).is_none_or(char::is_whitespace);
                let after_ws = char_at(p, end).is_none_or(char::is_whitespace);
                if end - i > cl || (before_ws && after_ws) {
                    Some(Kind::Dash)
                } else {
                    Some(Kind::Other)
                }
            }
            '…' => Some(Kind::Other),
            '.' => {
                while end < n && p.as_bytes()[end] == b'.' {
                    end += 1;
                }
                if end - i > 1 {
                    Some(Kind::Other)
                } else {
                    period_kind(p, i, out)
                }
            }
            _ => Some(Kind::Other),
        };
        match kind {
            Some(k) => out.push(Tok::punct(k, &p[i..end], para)),
            None => {
                // A swallowed period after an initial stays in the name:
                // "J. Hugh Liedtke", not "J Hugh Liedtke". period_kind only
                // swallows a period right after a word of this paragraph, so
                // that word ends at this period's byte.
                if let Some(last) = out.last_mut() {
                    let initial = last.text.chars().count() == 1
                        || (is_initials(last.text) && last.flags & (F_PLACE | F_ORG) == 0)
                        || (last.text.len() <= 4 && GIVEN_NAME_ABBREVIATIONS.contains(&last.text));
                    if last.kind == Kind::Word && initial {
                        if let Some(text) =
                            i.checked_sub(last.text.len()).and_then(|s| p.get(s..end))
                        {
                            *last = Tok::word(text, para);
                        }
                    }
                }
            }
        }
        i = end;
    }
    marks
}

/// Given names written short with a period: the Filipino "Ma." (María),
/// and the old English "Wm.", "Chas.", "Jas.", "Thos.", "Robt.", "Benj.",
/// "Saml.", and the Spanish "Fco." (Francisco).
const GIVEN_NAME_ABBREVIATIONS: [&str; 9] = [
    "Ma", "Wm", "Chas", "Jas", "Thos", "Robt", "Benj", "Saml", "Fco",
];

/// The period at `i` shortens a given name that opens a name ("said Ma.
/// Cristina Reyes", "The pastor, Ma. Theresa dela Cruz,"): a capitalised
/// word follows it and no capitalised word but a title or a role
/// ("Curator Ma. Cristina Reyes") comes before it. After another
/// ("said Jack Ma. The shares rose") "Ma" is a surname ending the
/// sentence.
fn given_name_abbreviation(p: &str, i: usize, out: &[Tok]) -> bool {
    let Some((last, rest)) = out.split_last() else {
        return false;
    };
    last.cap
        && last.text.len() <= 4
        && GIVEN_NAME_ABBREVIATIONS.contains(&last.text)
        && !rest.last().is_some_and(|before| {
            before.kind == Kind::Word && before.cap && !before.is_title() && !before.is_role()
        })
        && p.as_bytes().get(i + 1) == Some(&b' ')
        && char_at(p, i + 2).is_some_and(char::is_uppercase)
}

/// A period after "Mr", "U.S" or an initial is part of the abbreviation and
/// must not split "Mr. Smith" or "John F. Kennedy" into two sentences.
fn period_kind(p: &str, i: usize, out: &[Tok]) -> Option<Kind> {
    let adjacent = char_before(p, i).is_some_and(char::is_alphanumeric);
    let Some(prev) = out.last().filter(|t| adjacent && t.kind == Kind::Word) else {
        return Some(Kind::End);
    };
    if given_name_abbreviation(p, i, out) {
        return None;
    }
    if !is_abbreviation(prev) {
        return Some(Kind::End);
    }
    if prev.has(F_SENT_ABBREV) {
        let rest = p[i + 1..].trim_start();
        if rest.starts_with(char::is_uppercase) {
            // "Wm. Wrigley Jr. Co said": a firm's word after the period
            // goes on with the firm's name.
            let word = rest
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or_default();
            let whole = !rest[word.len()..].starts_with('-');
            if whole && lookup(word) & F_COMPANY != 0 && (prev.is("jr") || prev.is("sr")) {
                return None;
            }
            return Some(Kind::End);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::article::speakers::test_support::{one, run};
    use proptest::prelude::*;

    /// The byte-at-a-time scan that `ascii_alnum_end` replaces.
    fn plain_alnum_end(bytes: &[u8], mut j: usize) -> usize {
        while bytes.get(j).is_some_and(u8::is_ascii_alphanumeric) {
            j += 1;
        }
        j
    }

    #[test]
    fn a_given_name_written_short_opens_the_name_and_keeps_its_period() {
        assert_eq!(
            one("The pastor, Ma. Theresa dela Cruz, said the chapel was full."),
            ["Ma. Theresa dela Cruz"]
        );
        assert_eq!(
            one("Ma. Cristina Reyes said the union was tired."),
            ["Ma. Cristina Reyes"]
        );
        assert_eq!(
            one("Curator Ma. Cristina Reyes said the show took three years."),
            ["Ma. Cristina Reyes"]
        );
        assert_eq!(
            one("\"We are tired,\" said Wm. Harlan Crow. The union agreed."),
            ["Wm. Harlan Crow"]
        );
        // A firm's word after "Jr." goes on with the firm, whose name
        // then holds no person.
        assert!(one(
            "Wm. Wrigley Jr. Co said it raised prices. The new pack sold well, Wrigley said."
        )
        .is_empty());
        assert_eq!(
            one("\"We will appeal,\" said Ramon Castillo Jr. Co-workers cheered."),
            ["Ramon Castillo Jr."]
        );
        // After a capitalised word "Ma" is a surname ending the sentence.
        assert_eq!(
            one("\"The market will decide,\" said Jack Ma. The shares rose."),
            ["Jack Ma"]
        );
    }

    /// The tokens of `p` with and without the fast path for plain words.
    fn both_scans(p: &str) -> (String, String) {
        let (mut fast, mut general) = (Vec::new(), Vec::new());
        super::tokenize_para::<true>(p, 0, &mut fast);
        super::tokenize_para::<false>(p, 0, &mut general);
        (format!("{fast:?}"), format!("{general:?}"))
    }

    #[test]
    fn plain_words_tokenize_as_the_general_scan_does() {
        for p in [
            "Mr. Smith, 1,100 signatures; the U.S. and O'Brien's a/l Kumar.",
            "J. Hugh Liedtke said \"no\" - and Jean-Claude (AT&T) agreed... 3.5% up!",
            "Nic an tSaoir, Mac a' Phearsain and Achieng' Atieno said: “Yes.” José’s",
            "Wm. Wrigley Jr. Co said 1,000,000 and 12,34 were s/o d/o x/y.",
        ] {
            let (fast, general) = both_scans(p);
            assert_eq!(fast, general, "{p}");
        }
    }

    #[test]
    fn word_scan_stops_at_every_byte_that_is_no_ascii_letter_or_digit() {
        for b in 0..=u8::MAX {
            for at in 0..12 {
                let mut text = vec![b'a'; 20];
                text[at] = b;
                assert_eq!(
                    super::ascii_alnum_end(&text, 0),
                    plain_alnum_end(&text, 0),
                    "byte {b:#04x} at {at}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn plain_word_path_agrees_with_the_general_scan(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("said"), Just("Mr"), Just("U"), Just("S"), Just("1"), Just("100"),
                    Just("O"), Just("Brien"), Just("a"), Just("l"), Just("Jr"), Just("Co"),
                    Just("Ma"), Just("tSaoir"), Just("an"), Just("Mac"), Just("José"),
                    Just("é"), Just("\u{301}"), Just(" "), Just("."), Just(","), Just("'"),
                    Just("’"), Just("-"), Just("&"), Just("/"), Just("\""), Just("“"),
                    Just("”"), Just("—"), Just("…"), Just(":"), Just("s"), Just("\t"),
                ],
                0..40,
            ),
        ) {
            let (fast, general) = both_scans(&words.concat());
            prop_assert_eq!(fast, general);
        }

        #[test]
        fn word_scan_agrees_with_the_plain_scan(
            text in proptest::collection::vec(
                prop_oneof![
                    4 => proptest::char::range('0', 'z'),
                    1 => any::<char>(),
                ],
                0..40,
            ),
            from in 0usize..48,
        ) {
            let text: String = text.into_iter().collect();
            let bytes = text.as_bytes();
            let from = from.min(bytes.len());
            prop_assert_eq!(
                super::ascii_alnum_end(bytes, from),
                plain_alnum_end(bytes, from)
            );
        }
    }

    #[test]
    fn non_ascii_name_is_kept() {
        assert_eq!(
            one("\"No habrá retrasos,\" said José Álvarez."),
            vec!["José Álvarez"]
        );
        assert_eq!(
            one("Zoë Brønstad told reporters the vote was fair."),
            vec!["Zoë Brønstad"]
        );
        assert_eq!(
            run(&[
                "Łukasz Wróbel leads the union.",
                "Wróbel said the strike would go on."
            ]),
            vec!["Łukasz Wróbel"]
        );
        assert_eq!(
            one("Bjørn Ødegård said the fjord was frozen."),
            vec!["Bjørn Ødegård"]
        );
    }

    #[test]
    fn apostrophe_and_mc_names_are_kept() {
        assert_eq!(
            one("Conor O'Brien said the vote was close."),
            vec!["Conor O'Brien"]
        );
        assert_eq!(
            one("Ronald McDonald said the menu would change."),
            vec!["Ronald McDonald"]
        );
    }

    #[test]
    fn decomposed_accents_do_not_split_names() {
        assert_eq!(
            one("\"Vamos,\" said Jose\u{301} A\u{301}lvarez."),
            vec!["Jose\u{301} A\u{301}lvarez"]
        );
    }

    #[test]
    fn curly_quotes_work() {
        assert_eq!(
            one("“We will not back down,” said Maria Costa."),
            vec!["Maria Costa"]
        );
        assert_eq!(
            one("“We will not back down,” Maria Costa said."),
            vec!["Maria Costa"]
        );
    }

    #[test]
    fn a_paragraph_after_a_closing_quote_starts_at_its_first_word() {
        let paras = [
            "\"We gave away a penalty,\" said Wim Visser. \"It changed the game.\"",
            "Rafa Ortiz scored late. \"I just closed my eyes,\" he said.",
        ];
        assert_eq!(run(&paras), ["Wim Visser", "Rafa Ortiz"]);
    }

    #[test]
    fn dotted_initials_stay_in_the_name() {
        assert_eq!(
            run(&[
                "The plan was announced, according to L.C. Duncan Jr., a vice president.",
                "Duncan said it was final."
            ]),
            vec!["L.C. Duncan Jr."]
        );
        assert_eq!(one("J. Hugh Liedtke said no."), vec!["J. Hugh Liedtke"]);
    }

    #[test]
    fn an_apostrophe_closing_a_name_before_another_is_in_the_name() {
        let toks = super::tokenize(&["Its author, Achieng' Atieno Oduya, said so."]);
        let achieng = toks.iter().find(|t| t.text.starts_with("Achieng")).unwrap();
        assert_eq!(achieng.base, "Achieng'");
        assert!(!achieng.poss);
        // A plural possessive and a closing quote stay what they were.
        let toks = super::tokenize(&["The Jameses' Farm and 'Vote for me' Bob said."]);
        assert!(toks.iter().any(|t| t.text == "Jameses'" && t.poss));
        assert!(toks.iter().any(|t| t.text == "me"));
        assert_eq!(
            one("Its author, Achieng' Atieno Oduya, said the loans failed."),
            ["Achieng' Atieno Oduya"]
        );
    }
}
