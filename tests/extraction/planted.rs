//! Planted near-duplicates of Reuters stories, and how well a grouping
//! finds them: shared by the duplicates test and `examples/dup_eval.rs`
//! (which includes this file by path), so both plant and count alike.
//!
//! A copy changes 1-5% of the original's words (each change replaces,
//! drops or inserts a word), puts its paragraphs in another order and
//! gets another headline, as a rewritten wire story does. The figures
//! count pairs over the whole set: a planted pair is an original and its
//! copy; every other pair is unrelated, and is merged when both fall in
//! one group.

// Each includer uses its own part of this file.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;

/// One story: a headline and a body, one paragraph a line.
#[derive(Debug, Clone, Deserialize)]
pub struct Story {
    /// `reut-N`.
    pub id: String,
    /// The headline.
    pub title: String,
    /// The text; the JSON Lines file separates paragraphs with a blank line.
    pub body: String,
}

/// Every story of `reuters.jsonl.gz` in `dir`, in file order.
pub fn load_reuters(dir: &Path) -> Vec<Story> {
    let file = std::fs::File::open(dir.join("reuters.jsonl.gz")).expect("reuters.jsonl.gz");
    std::io::BufReader::new(flate2::read::GzDecoder::new(file))
        .lines()
        .map(|line| serde_json::from_str(&line.expect("a line")).expect("a story"))
        .collect()
}

/// A set of stories with planted copies: the originals first, then one
/// copy each of `copy_of`'s stories.
pub struct PlantedSet {
    /// Originals, then copies.
    pub stories: Vec<Story>,
    /// For each copy (index `originals + i`), the index of its original.
    pub copy_of: Vec<usize>,
    /// How many stories are originals.
    pub originals: usize,
}

/// `originals` with one copy planted for each of `copies` stories drawn
/// at random (with `seed`) among those with at least `min_words` words.
pub fn plant(originals: Vec<Story>, copies: usize, min_words: usize, seed: u64) -> PlantedSet {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let vocabulary: Vec<String> = originals
        .iter()
        .take(2000)
        .flat_map(|s| s.body.split_whitespace().map(str::to_string))
        .collect();
    let mut eligible: Vec<usize> = (0..originals.len())
        .filter(|&i| originals[i].body.split_whitespace().count() >= min_words)
        .collect();
    eligible.shuffle(&mut rng);
    eligible.truncate(copies);
    eligible.sort_unstable();
    let mut stories = originals;
    let n = stories.len();
    for &i in &eligible {
        let copy = rewrite(&stories[i], &vocabulary, &mut rng);
        stories.push(copy);
    }
    PlantedSet {
        stories,
        copy_of: eligible,
        originals: n,
    }
}

/// A rewritten copy of `story`.
fn rewrite(story: &Story, vocabulary: &[String], rng: &mut ChaCha8Rng) -> Story {
    let mut paragraphs: Vec<Vec<String>> = story
        .body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect();
    let words: usize = paragraphs.iter().map(Vec::len).sum();
    let share = rng.random_range(0.01..=0.05);
    let changes = ((words as f64 * share).round() as usize).max(1);
    for _ in 0..changes {
        let sizes: Vec<usize> = paragraphs.iter().map(Vec::len).collect();
        let total: usize = sizes.iter().sum();
        if total == 0 {
            break;
        }
        let mut at = rng.random_range(0..total);
        let p = sizes
            .iter()
            .position(|&len| {
                if at < len {
                    true
                } else {
                    at -= len;
                    false
                }
            })
            .unwrap_or(0);
        let word = vocabulary[rng.random_range(0..vocabulary.len())].clone();
        match rng.random_range(0..3) {
            0 => paragraphs[p][at] = word,
            1 if paragraphs[p].len() > 1 => {
                paragraphs[p].remove(at);
            }
            _ => paragraphs[p].insert(at + 1, word),
        }
    }
    if paragraphs.len() > 1 {
        let before = paragraphs.clone();
        while paragraphs == before {
            paragraphs.shuffle(rng);
        }
    }
    let body: Vec<String> = paragraphs.iter().map(|p| p.join(" ")).collect();
    Story {
        id: format!("{}-copy", story.id),
        title: format!("UPDATE 1-{}", story.title.to_lowercase()),
        body: body.join("\n\n"),
    }
}

/// Groups of stories linked by a shared key, as connected components: the
/// least index of each story's group.
pub fn groups(keys: &[Vec<u64>]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    let mut first: HashMap<u64, usize> = HashMap::new();
    for (i, story_keys) in keys.iter().enumerate() {
        for &key in story_keys {
            let j = *first.entry(key).or_insert(i);
            let (a, b) = (root(&mut parent, i), root(&mut parent, j));
            parent[a.max(b)] = a.min(b);
        }
    }
    (0..keys.len()).map(|i| root(&mut parent, i)).collect()
}

/// Groups of stories linked by at least two shared keys: each pair of a
/// story's keys stands for both, so sharing a pair is sharing two keys.
pub fn groups_sharing_two(keys: &[Vec<u64>]) -> Vec<usize> {
    let pairs: Vec<Vec<u64>> = keys
        .iter()
        .map(|k| {
            let mut out = Vec::new();
            for (i, a) in k.iter().enumerate() {
                for b in &k[i + 1..] {
                    out.push(a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.rotate_left(29));
                }
            }
            out
        })
        .collect();
    groups(&pairs)
}

/// The root of `i` in a union-find forest, halving the path on the way.
pub fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// How a grouping of a planted set did.
#[derive(Debug, Clone, Copy)]
pub struct Figures {
    /// Copies planted.
    pub planted: usize,
    /// Copies in their original's group.
    pub grouped: usize,
    /// Pairs of stories that are not an original and its copy.
    pub unrelated_pairs: u64,
    /// Of those, pairs that share a group.
    pub merged: u64,
    /// Of the merged, pairs whose bodies are the same text (Reuters'
    /// own re-transmissions).
    pub merged_identical: u64,
}

impl Figures {
    /// Planted copies grouped with their original.
    pub fn recall(&self) -> f64 {
        self.grouped as f64 / self.planted as f64
    }

    /// Unrelated pairs merged.
    pub fn false_merge_rate(&self) -> f64 {
        self.merged as f64 / self.unrelated_pairs as f64
    }
}

impl std::fmt::Display for Figures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "copies grouped {} of {} ({:.2}%); unrelated pairs merged {} of {} ({:.5}%), {} of them the same text",
            self.grouped,
            self.planted,
            100.0 * self.recall(),
            self.merged,
            self.unrelated_pairs,
            100.0 * self.false_merge_rate(),
            self.merged_identical,
        )
    }
}

/// Scores `group` (each story's group, as [`groups`] gives) on `set`.
pub fn score(set: &PlantedSet, group: &[usize]) -> Figures {
    let n = set.stories.len() as u64;
    let planted = set.copy_of.len();
    let grouped = set
        .copy_of
        .iter()
        .enumerate()
        .filter(|(i, &original)| group[set.originals + i] == group[original])
        .count();
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &g) in group.iter().enumerate() {
        members.entry(g).or_default().push(i);
    }
    let mut together = 0u64;
    let mut identical = 0u64;
    let normal = |i: usize| -> String {
        set.stories[i]
            .body
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    for list in members.values().filter(|l| l.len() > 1) {
        let m = list.len() as u64;
        together += m * (m - 1) / 2;
        let mut by_text: HashMap<String, u64> = HashMap::new();
        for &i in list {
            *by_text.entry(normal(i)).or_default() += 1;
        }
        identical += by_text.values().map(|c| c * (c - 1) / 2).sum::<u64>();
    }
    Figures {
        planted,
        grouped,
        unrelated_pairs: n * (n - 1) / 2 - planted as u64,
        merged: together - grouped as u64,
        merged_identical: identical,
    }
}
