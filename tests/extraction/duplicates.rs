//! The near-duplicate fingerprints on Reuters with planted copies
//! (`planted`): on 4,000 stories and 400 copies, the bars the README
//! states for the whole corpus, at least 95% of copies grouped with their
//! original and at most 0.1% of the other pairs merged. The full figures
//! come from `examples/dup_eval.rs` (BENCHMARKS.md).

use newsidx::article::fingerprint::band_keys;

use crate::{planted, shared};

#[test]
fn planted_reuters_copies_are_grouped_and_unrelated_stories_kept_apart() {
    let Some(dir) = shared::reuters_dir() else {
        return;
    };
    let stories: Vec<planted::Story> = planted::load_reuters(&dir).into_iter().take(4000).collect();
    let set = planted::plant(stories, 400, 1, 7);
    let keys: Vec<Vec<u64>> = set.stories.iter().map(|s| band_keys(&s.body)).collect();
    let figures = planted::score(&set, &planted::groups(&keys));
    println!("{figures}");
    assert_eq!(figures.planted, 400);
    assert!(figures.recall() >= 0.95, "{figures:?}");
    assert!(figures.false_merge_rate() <= 0.001, "{figures:?}");
}
