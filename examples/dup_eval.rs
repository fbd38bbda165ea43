//! Measures the near-duplicate fingerprints on Reuters with planted
//! copies (`tests/extraction/planted.rs` plants them): how many copies
//! are grouped with their original, and how many unrelated pairs of
//! stories are merged, for the sketch the index uses, a few others, and
//! SimHash over the same features for comparison. Then the groups among
//! the real Reuters stories alone, with a sample to read.
//!
//! ```sh
//! cargo run --release --example dup_eval -- [--copies 2000] [--seed 13] [--sample 12] [--sweep]
//! ```

#[path = "../tests/extraction/planted.rs"]
mod planted;

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use newsidx::article::fingerprint::Sketch;

fn main() {
    let mut copies = 2000;
    let mut seed = 13;
    let mut sample = 12;
    let mut sweep = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> u64 {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{name} takes a number"))
        };
        match arg.as_str() {
            "--copies" => copies = number("--copies") as usize,
            "--seed" => seed = number("--seed"),
            "--sample" => sample = number("--sample") as usize,
            "--sweep" => sweep = true,
            other => panic!("unknown argument {other}"),
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/reuters21578");
    let stories = planted::load_reuters(&dir);
    let set = planted::plant(stories, copies, 1, seed);
    println!(
        "{} Reuters stories, {} planted copies (seed {seed}), {} stories in all",
        set.originals,
        set.copy_of.len(),
        set.stories.len()
    );
    println!();
    println!(
        "| method | grouped copies | unrelated pairs merged | of which identical bodies | time |"
    );
    println!("| --- | --- | --- | --- | --- |");
    let mut sketches = vec![Sketch::DEFAULT];
    if sweep {
        for shingle in [2, 3] {
            for (rows, bands) in [
                (2, 16),
                (2, 24),
                (3, 16),
                (3, 24),
                (4, 16),
                (4, 24),
                (5, 20),
            ] {
                let s = Sketch {
                    shingle,
                    rows,
                    bands,
                };
                if s != Sketch::DEFAULT {
                    sketches.push(s);
                }
            }
        }
    }
    for sketch in sketches {
        let start = Instant::now();
        let keys: Vec<Vec<u64>> = set.stories.iter().map(|s| sketch.keys(&s.body)).collect();
        let elapsed = start.elapsed();
        let figures = planted::score(&set, &planted::groups(&keys));
        if sweep {
            let two = planted::score(&set, &planted::groups_sharing_two(&keys));
            let originals = &keys[..set.originals];
            let real = planted::groups(originals);
            let real_two = planted::groups_sharing_two(originals);
            let in_groups = |g: &[usize]| {
                let mut size = HashMap::new();
                for &x in g {
                    *size.entry(x).or_insert(0) += 1;
                }
                g.iter().filter(|x| size[x] > 1).count()
            };
            report(
                &format!(
                    "  the same, two shared keys to link ({} Reuters stories grouped, against {})",
                    in_groups(&real_two),
                    in_groups(&real)
                ),
                &two,
                0.0,
            );
        }
        report(
            &format!(
                "MinHash, {}-word shingles, {} bands of {} rows{}",
                sketch.shingle,
                sketch.bands,
                sketch.rows,
                if sketch == Sketch::DEFAULT {
                    " (index)"
                } else {
                    ""
                }
            ),
            &figures,
            elapsed.as_secs_f64(),
        );
    }
    let start = Instant::now();
    let hashes: Vec<Option<u64>> = set
        .stories
        .iter()
        .map(|s| simhash(&Sketch::DEFAULT, &s.body))
        .collect();
    let elapsed = start.elapsed().as_secs_f64();
    for threshold in [3, 6, 9, 12] {
        let group = simhash_groups(&hashes, threshold);
        report(
            &format!("SimHash, 3-word shingles, Hamming <= {threshold}"),
            &planted::score(&set, &group),
            elapsed,
        );
    }

    println!();
    let originals = &set.stories[..set.originals];
    let keys: Vec<Vec<u64>> = originals
        .iter()
        .map(|s| Sketch::DEFAULT.keys(&s.body))
        .collect();
    let group = planted::groups(&keys);
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &g) in group.iter().enumerate() {
        members.entry(g).or_default().push(i);
    }
    let mut grouped: Vec<Vec<usize>> = members.into_values().filter(|m| m.len() > 1).collect();
    grouped.sort();
    let in_groups: usize = grouped.iter().map(Vec::len).sum();
    let same_text = grouped
        .iter()
        .filter(|m| {
            m.iter()
                .all(|&i| same_body(&originals[i].body, &originals[m[0]].body))
        })
        .count();
    let largest = grouped.iter().map(Vec::len).max().unwrap_or(0);
    println!(
        "Reuters alone: {in_groups} of {} stories in {} groups of two or more (largest {largest}); {same_text} groups are one text repeated",
        originals.len(),
        grouped.len()
    );
    // How alike the members of each group are: the Jaccard similarity of
    // each member's shingle set with the first member's, the least of
    // them. One text repeated is 1; a rewritten story stays well above a
    // half; a template story (dividends, offerings) with other names and
    // figures falls below.
    let least_similarity: Vec<f64> = grouped
        .iter()
        .map(|m| {
            let first = features(&originals[m[0]].body);
            m[1..]
                .iter()
                .map(|&i| jaccard(&first, &features(&originals[i].body)))
                .fold(1.0, f64::min)
        })
        .collect();
    let bins = [(1.0, 1.01), (0.8, 1.0), (0.5, 0.8), (0.2, 0.5), (0.0, 0.2)];
    println!("least Jaccard similarity to the group's first story (3-word shingles):");
    for (low, high) in bins {
        let groups: Vec<usize> = (0..grouped.len())
            .filter(|&g| least_similarity[g] >= low && least_similarity[g] < high)
            .collect();
        let stories: usize = groups.iter().map(|&g| grouped[g].len()).sum();
        println!(
            "  [{low:.1}, {high:.2}): {} groups, {stories} stories",
            groups.len()
        );
    }
    let mut by_size: Vec<usize> = (0..grouped.len()).collect();
    by_size.sort_by_key(|&g| std::cmp::Reverse(grouped[g].len()));
    println!("the largest groups:");
    for &g in by_size.iter().take(5) {
        let titles: Vec<&str> = grouped[g]
            .iter()
            .take(3)
            .map(|&i| originals[i].title.as_str())
            .collect();
        println!(
            "  {} stories, least similarity {:.2}: {}",
            grouped[g].len(),
            least_similarity[g],
            titles.join(" | ")
        );
    }
    println!();
    let step = (grouped.len() / sample.max(1)).max(1);
    let mut shown = 0;
    for members in grouped.iter().step_by(step).take(sample) {
        shown += 1;
        let first = &originals[members[0]];
        let same = members
            .iter()
            .all(|&i| same_body(&originals[i].body, &first.body));
        let first = features(&first.body);
        let least = members[1..]
            .iter()
            .map(|&i| jaccard(&first, &features(&originals[i].body)))
            .fold(1.0, f64::min);
        println!(
            "group {shown}: {} stories{}, least similarity {least:.2}",
            members.len(),
            if same { ", one text" } else { "" }
        );
        for &i in members.iter().take(4) {
            let s = &originals[i];
            let opening: String = s.body.chars().take(90).collect();
            println!("  {} {:?}: {}", s.id, s.title, opening.replace('\n', " "));
        }
    }
}

fn report(method: &str, figures: &planted::Figures, seconds: f64) {
    println!("| {method} | {figures} | {seconds:.2} s |");
}

/// The distinct shingle hashes of a body, sorted.
fn features(body: &str) -> Vec<u64> {
    let mut all = Vec::new();
    Sketch::DEFAULT.for_each_feature(body, |h| all.push(h));
    all.sort_unstable();
    all.dedup();
    all
}

/// The Jaccard similarity of two sorted sets.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut both) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - both;
    if union == 0 {
        1.0
    } else {
        both as f64 / union as f64
    }
}

fn same_body(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// Charikar's SimHash of the same features the sketch reads: each bit is
/// the majority vote of that bit over the features.
fn simhash(sketch: &Sketch, body: &str) -> Option<u64> {
    let mut votes = [0i32; 64];
    let mut any = false;
    sketch.for_each_feature(body, |hash| {
        any = true;
        for (bit, vote) in votes.iter_mut().enumerate() {
            *vote += if hash >> bit & 1 == 1 { 1 } else { -1 };
        }
    });
    any.then(|| {
        votes
            .iter()
            .enumerate()
            .filter(|(_, v)| **v > 0)
            .fold(0u64, |h, (bit, _)| h | 1 << bit)
    })
}

/// Connected components of the stories whose SimHashes differ in at most
/// `threshold` bits, every pair compared; the least index of each group.
fn simhash_groups(hashes: &[Option<u64>], threshold: u32) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..hashes.len()).collect();
    let root = planted::root;
    for (i, a) in hashes.iter().enumerate() {
        let Some(a) = a else { continue };
        for (j, b) in hashes.iter().enumerate().skip(i + 1) {
            if b.is_some_and(|b| (a ^ b).count_ones() <= threshold) {
                let (x, y) = (root(&mut parent, i), root(&mut parent, j));
                parent[x.max(y)] = x.min(y);
            }
        }
    }
    (0..hashes.len()).map(|i| root(&mut parent, i)).collect()
}
