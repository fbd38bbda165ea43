//! Near-duplicate fingerprints of article bodies: MinHash over word
//! shingles, cut into locality-sensitive band keys.
//!
//! This module owns text → keys. The index stores the keys of each body
//! in a fast column (`schema.rs`), and `search::collapse` links two
//! matches of a query that share a key; it knows nothing of either.
//!
//! A body is read as paragraphs (its lines) of words (runs of letters and
//! digits, lower-cased). Its features are the runs of [`Sketch::shingle`]
//! words taken inside one paragraph, so moving paragraphs about changes
//! none of them; a paragraph shorter than that is one feature of its
//! own. Digits are words: earnings tables and price lists, which share
//! every other word, differ in their figures.
//!
//! The sketch is one-permutation MinHash: each feature is hashed once,
//! its hash picks one of `bands * rows` bins, and a bin keeps the least
//! hash it gets; a bin left empty (a body with fewer features than bins)
//! borrows the value of a bin chosen by a fixed probe sequence ("optimal
//! densification"), so two bodies still agree on a bin with a probability
//! close to the Jaccard similarity of their feature sets. Rows are then
//! grouped into bands, and each band hashed into one key: two bodies
//! share a band's key with a probability of about `J^rows`, and some key
//! with `1 - (1 - J^rows)^bands`. The parameters were chosen on planted
//! copies of Reuters stories (`examples/dup_eval.rs`, BENCHMARKS.md):
//! bodies that agree on three quarters of their shingles share a key
//! almost always, unrelated stories rarely; stories written from one
//! template (dividend notices) are the exception, and BENCHMARKS.md
//! counts them.
//!
//! Why MinHash bands rather than SimHash: SimHash gives one 64-bit word a
//! body, but a short story with two words changed loses a fifth of its
//! shingles, which moves many bits; on the planted set it grouped 91.8% of
//! the copies at a Hamming distance of 12, against 99.65% for the band
//! keys (which merged 0.0043% of the unrelated pairs against its
//! 0.0015%, both far under the 0.1% allowed). And a band key
//! is found by equality, so the matches of a query are grouped in one
//! hash-map pass, where SimHash needs every pair compared or many
//! permuted tables.
//!
//! Written here rather than taken from a crate: the MinHash crates found
//! (probminhash, minhash-rs, bindash) are built for genomes or
//! for an in-memory index of their own, bring their own hashing and dependency
//! trees, and none does the part that matters here, the word shingles
//! inside paragraphs and the keys a column can hold; the sketch itself is
//! forty lines.

/// How a body is sketched. [`Sketch::DEFAULT`] is what the index uses;
/// the others exist for measuring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sketch {
    /// Words a feature (shingle).
    pub shingle: usize,
    /// MinHash values hashed into one key.
    pub rows: usize,
    /// Keys a body; at most [`MAX_BANDS`].
    pub bands: usize,
}

/// The most bands a sketch has: the band number takes the top byte of a
/// key's 48 bits.
pub const MAX_BANDS: usize = 256;

/// Bits of a key's hash. A key is `band << HASH_BITS | hash`, so keys of
/// different bands never meet, and the column packs 48 bits a key.
/// Unrelated bodies share a band's 40-bit hash by chance about once in a
/// band at a million articles (n²/2 over 2^40).
const HASH_BITS: u32 = 40;

impl Sketch {
    /// The sketch the index stores.
    pub const DEFAULT: Sketch = Sketch {
        shingle: 3,
        rows: 4,
        bands: 16,
    };

    /// The band keys of `body`, one a band, in band order; none when the
    /// body has no words (such bodies are nobody's duplicate).
    pub fn keys(&self, body: &str) -> Vec<u64> {
        let bins = self.rows * self.bands;
        let Some(values) = self.minhashes(body, bins) else {
            return Vec::new();
        };
        values
            .chunks_exact(self.rows)
            .enumerate()
            .map(|(band, rows)| {
                let hash = rows
                    .iter()
                    .fold(mix(band as u64 ^ 0xB4D5), |h, &v| mix(h ^ v));
                ((band as u64) << HASH_BITS) | (hash >> (64 - HASH_BITS))
            })
            .collect()
    }

    /// Calls `f` with the hash of every feature of `body`, in text order
    /// (a feature met twice is given twice): what the sketch is made of,
    /// for measuring other sketches over the same features.
    pub fn for_each_feature(&self, body: &str, mut f: impl FnMut(u64)) {
        let mut window: Vec<u64> = Vec::with_capacity(self.shingle);
        for paragraph in body.lines() {
            window.clear();
            let mut count = 0;
            for word in words(paragraph) {
                if window.len() == self.shingle {
                    window.remove(0);
                }
                window.push(word);
                count += 1;
                if window.len() == self.shingle {
                    f(shingle_hash(&window));
                }
            }
            if count > 0 && count < self.shingle {
                f(shingle_hash(&window));
            }
        }
    }

    /// The `bins` one-permutation MinHash values of `body`'s features,
    /// densified; `None` when it has no feature.
    fn minhashes(&self, body: &str, bins: usize) -> Option<Vec<u64>> {
        let mut least = vec![u64::MAX; bins];
        let mut filled = vec![false; bins];
        self.for_each_feature(body, |hash| {
            let bin = bin_of(hash, bins);
            filled[bin] = true;
            least[bin] = least[bin].min(hash);
        });
        let first = filled.iter().position(|f| *f)?;
        let values = (0..bins)
            .map(|bin| {
                if filled[bin] {
                    return least[bin];
                }
                // The probes are a hash sequence over every bin, so one
                // soon meets a filled bin; the cap only bounds a
                // pathological sequence.
                let probe = (1..=64 * bins as u64)
                    .map(|attempt| bin_of(mix(((bin as u64) << 32) ^ attempt), bins))
                    .find(|&probe| filled[probe])
                    .unwrap_or(first);
                least[probe]
            })
            .collect();
        Some(values)
    }
}

impl Default for Sketch {
    fn default() -> Self {
        Sketch::DEFAULT
    }
}

/// The bin among `bins` a hash falls in, from its high bits (Lemire's
/// multiply-shift, which needs no division).
fn bin_of(hash: u64, bins: usize) -> usize {
    ((u128::from(hash) * bins as u128) >> 64) as usize
}

/// The hashes of the words of `text`: runs of letters and digits,
/// lower-cased (FNV-1a over the characters, then mixed). ASCII, which
/// most news text is, is read a byte at a time, without decoding it or
/// asking Unicode's tables for its case.
fn words(text: &str) -> impl Iterator<Item = u64> + '_ {
    const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
    let step = |hash: u64, c: u32| (hash ^ u64::from(c)).wrapping_mul(FNV_PRIME);
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let mut hash = FNV_OFFSET;
        let mut in_word = false;
        while let Some(&byte) = bytes.get(at) {
            let letter = if byte.is_ascii() {
                at += 1;
                let letter = byte.is_ascii_alphanumeric();
                if letter {
                    hash = step(hash, u32::from(byte.to_ascii_lowercase()));
                }
                letter
            } else {
                // `at` is always on a character boundary: it moves by
                // whole ASCII bytes or whole characters.
                let c = text.get(at..).and_then(|rest| rest.chars().next())?;
                at += c.len_utf8();
                let letter = c.is_alphanumeric();
                if letter {
                    for lower in c.to_lowercase() {
                        hash = step(hash, u32::from(lower));
                    }
                }
                letter
            };
            if letter {
                in_word = true;
            } else if in_word {
                return Some(mix(hash));
            }
        }
        in_word.then(|| mix(hash))
    })
}

/// One hash for a run of word hashes, order-sensitive.
fn shingle_hash(words: &[u64]) -> u64 {
    words
        .iter()
        .fold(0x5EED_u64, |h, &w| mix(h.rotate_left(23) ^ w))
}

/// SplitMix64's finaliser: spreads every input bit over the output.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The band keys the index stores for `body` ([`Sketch::DEFAULT`]).
pub fn band_keys(body: &str) -> Vec<u64> {
    Sketch::DEFAULT.keys(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The central bank raised its main rate by half a point on Tuesday.\n\
        Analysts had expected a smaller rise after the weak figures of last month.\n\
        The governor said inflation remained the bank's first concern this year.";

    #[test]
    fn equal_bodies_have_equal_keys() {
        let keys = band_keys(STORY);
        assert_eq!(keys.len(), Sketch::DEFAULT.bands);
        assert_eq!(keys, band_keys(STORY));
    }

    #[test]
    fn reordered_paragraphs_change_no_key() {
        let mut lines: Vec<&str> = STORY.lines().collect();
        lines.reverse();
        assert_eq!(band_keys(STORY), band_keys(&lines.join("\n")));
    }

    #[test]
    fn case_and_punctuation_change_no_key() {
        let shouted = STORY.to_uppercase().replace('.', " ;");
        assert_eq!(band_keys(STORY), band_keys(&shouted));
    }

    #[test]
    fn a_changed_word_leaves_most_keys() {
        let changed = STORY.replace("smaller", "larger");
        let (a, b) = (band_keys(STORY), band_keys(&changed));
        let shared = a.iter().zip(&b).filter(|(x, y)| x == y).count();
        assert!(shared >= 4, "{shared} of {} keys shared", a.len());
    }

    #[test]
    fn different_stories_share_no_key() {
        let other = "Heavy rain closed the coast road for a second day.\n\
            Farmers in the valley said the harvest would be late this autumn.";
        let a = band_keys(STORY);
        assert!(band_keys(other).iter().all(|k| !a.contains(k)));
    }

    #[test]
    fn a_body_without_words_has_no_keys() {
        assert!(band_keys("").is_empty());
        assert!(band_keys(" -- \n ... ").is_empty());
    }

    #[test]
    fn keys_carry_their_band_in_the_top_byte() {
        for (band, key) in band_keys("one two").into_iter().enumerate() {
            assert_eq!(key >> HASH_BITS, band as u64);
            assert!(key < 1 << 48);
        }
    }

    #[test]
    fn words_outside_ascii_are_folded_to_lower_case_too() {
        let upper: Vec<u64> = words("ÉTÉ À Zürich, 1987").collect();
        let lower: Vec<u64> = words("été à zürich 1987").collect();
        assert_eq!(upper.len(), 4);
        assert_eq!(upper, lower);
        assert_eq!(words("  ").count(), 0);
        assert_eq!(words("a").count(), 1);
    }

    /// The words of `text` the plain way: split at every character that
    /// is not a letter or digit, each word lower-cased through Unicode.
    fn plain_words(text: &str) -> Vec<u64> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                let folded = w.chars().flat_map(char::to_lowercase);
                mix(folded.fold(0xcbf2_9ce4_8422_2325, |h, c| {
                    (h ^ u64::from(u32::from(c))).wrapping_mul(0x0000_0100_0000_01b3)
                }))
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn the_byte_scan_finds_the_words_a_plain_split_does(
            text in "([a-zA-Z0-9 ,.'\\-]|[ÀÉßİıΣσ€—\u{301}\u{2028}]|[\\PC]){0,60}"
        ) {
            proptest::prop_assert_eq!(words(&text).collect::<Vec<u64>>(), plain_words(&text));
        }
    }

    #[test]
    fn figures_tell_tables_apart() {
        let a = "Shr 12 cts vs 10 cts\nNet 1,200,000 vs 950,000\nRevs 20.1 mln vs 18.4 mln";
        let b = "Shr 31 cts vs 44 cts\nNet 3,800,000 vs 4,100,000\nRevs 61.5 mln vs 70.2 mln";
        let keys = band_keys(a);
        assert!(band_keys(b).iter().all(|k| !keys.contains(k)));
    }
}
