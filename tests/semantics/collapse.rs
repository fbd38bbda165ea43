//! `--collapse` against collapsing done plainly: the evaluator's match set
//! for a generated query, each match's band keys computed again from the
//! article as parsed, and groups formed by comparing every pair of
//! matches and merging until nothing changes. newsidx's collapsed answer
//! (one pass over the matches, a hash map of keys, union-find) must name
//! the same groups, show each by its best member (best score, or newest
//! under `--sort date`), order them so, and page through them with no
//! group twice.
//!
//! It runs on the sample corpus with planted copies (a few edited words,
//! paragraphs swapped, new headlines; some copies of copies, so groups
//! are chains) and on the first Reuters articles, whose re-transmitted
//! and template stories form groups of their own.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use newsidx::article::fingerprint::band_keys;
use newsidx::search::syntax::parse;
use newsidx::search::{Backend, Hit, SearchRequest, SortOrder, MAX_DUPLICATE_PATHS};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tempfile::TempDir;

use crate::corpus::Corpus;
use crate::generate::{Generator, Material};

/// The sample corpus and, for 20 of its stories, one to three edited
/// copies, each made from the story or from an earlier copy.
fn planted_sample(seed: u64) -> Corpus {
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("corpus");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_corpus");
    let mut originals = Vec::new();
    for entry in walkdir::WalkDir::new(&sample).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&sample).unwrap().to_path_buf();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let target = folder.join(&rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, &text).unwrap();
        if rel.extension().is_some_and(|e| e == "txt") {
            originals.push(text);
        }
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let dates: Vec<String> = originals
        .iter()
        .filter_map(|t| t.lines().nth(2).map(str::to_string))
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    let mut n = 0;
    for original in originals.choose_multiple(&mut rng, 20) {
        let mut source = original.clone();
        for _ in 0..rng.random_range(1..=3) {
            let copy = edit(&source, &dates, &mut rng);
            n += 1;
            std::fs::create_dir_all(folder.join("wire")).unwrap();
            std::fs::write(folder.join(format!("wire/copy-{n:02}.txt")), &copy).unwrap();
            if rng.random_bool(0.5) {
                source = copy;
            }
        }
    }
    Corpus::load(&folder, dir)
}

/// A copy of a reference-layout story: a new headline, maybe a new date,
/// a word or two of the body changed, two paragraphs swapped.
fn edit(text: &str, dates: &[String], rng: &mut ChaCha8Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[0] = format!("UPDATE {}-{}", rng.random_range(1..9), lines[0]);
    let body_from = if lines.get(2).is_some_and(|l| dates.contains(l)) {
        if rng.random_bool(0.5) {
            lines[2] = dates.choose(rng).unwrap().clone();
        }
        3
    } else {
        2
    };
    if lines.len() > body_from + 1 {
        let a = rng.random_range(body_from..lines.len());
        let b = rng.random_range(body_from..lines.len());
        lines.swap(a, b);
    }
    for _ in 0..rng.random_range(1..=2) {
        let line = rng.random_range(body_from..lines.len().max(body_from + 1));
        let Some(text) = lines.get_mut(line) else {
            continue;
        };
        let mut words: Vec<&str> = text.split(' ').collect();
        let at = rng.random_range(0..words.len());
        words[at] = "meanwhile";
        *text = words.join(" ");
    }
    lines.join("\n") + "\n"
}

/// The groups among `paths`: every pair compared, two linked when their
/// bodies share a band key, merged until nothing changes. Each path maps
/// to the set of its group.
fn plain_groups(
    keys: &HashMap<String, Vec<u64>>,
    paths: &[String],
) -> HashMap<String, BTreeSet<String>> {
    let mut group: Vec<usize> = (0..paths.len()).collect();
    loop {
        let mut changed = false;
        for i in 0..paths.len() {
            for j in 0..paths.len() {
                let linked = keys[&paths[i]].iter().any(|k| keys[&paths[j]].contains(k));
                if linked && group[j] < group[i] {
                    group[i] = group[j];
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut members: HashMap<usize, BTreeSet<String>> = HashMap::new();
    for (i, g) in group.iter().enumerate() {
        members.entry(*g).or_default().insert(paths[i].clone());
    }
    paths
        .iter()
        .zip(&group)
        .map(|(p, g)| (p.clone(), members[g].clone()))
        .collect()
}

/// Queries with more matches are passed over (on Reuters, where `*` has
/// 3,000): the plain grouping compares every pair.
const MOST_MATCHES: usize = 400;

/// Pages compared with the whole list: the first this many groups.
const PAGED_GROUPS: usize = 24;

/// How a query came out: the groups of more than one match it showed,
/// or a difference, described.
fn check(
    corpus: &Corpus,
    keys: &HashMap<String, Vec<u64>>,
    query: &str,
    sort: SortOrder,
) -> Result<usize, String> {
    let Ok(tree) = parse(query) else {
        return Ok(0);
    };
    let Ok(matches) = corpus.oracle.matching_paths(&tree) else {
        return Ok(0);
    };
    // Every pair is compared: a few hundred matches at most.
    if matches.len() > MOST_MATCHES {
        return Ok(0);
    }
    let groups = plain_groups(keys, &matches);
    let distinct: BTreeSet<&BTreeSet<String>> = groups.values().collect();
    let request = |collapse: bool, limit: usize, offset: usize| SearchRequest {
        query: query.to_string(),
        limit,
        offset,
        sort,
        exact_count: true,
        all_words: true,
        collapse,
        ..SearchRequest::default()
    };
    let search = |r: SearchRequest| {
        corpus
            .searcher
            .search(&r)
            .map_err(|e| format!("{query:?}: {e}"))
    };
    let everything = matches.len() + 1;
    // The plain ranking gives every match's score and date.
    let plain = search(request(false, everything, 0))?;
    let by_path: HashMap<&str, &Hit> = plain
        .hits
        .iter()
        .map(|h| (h.article.path.as_str(), h))
        .collect();
    let collapsed = search(request(true, everything, 0))?;
    let fail = |what: String| Err(format!("query {query:?} ({sort:?}): {what}"));
    if collapsed.total_hits != matches.len() || collapsed.groups != Some(distinct.len()) {
        return fail(format!(
            "{} matches in {} groups, newsidx counts {} in {:?}",
            matches.len(),
            distinct.len(),
            collapsed.total_hits,
            collapsed.groups
        ));
    }
    let close = |a: f32, b: f32| (a - b).abs() <= 1e-5 * a.abs().max(1.0);
    let mut shown = BTreeSet::new();
    for (i, hit) in collapsed.hits.iter().enumerate() {
        let path = &hit.article.path;
        let Some(group) = groups.get(path) else {
            return fail(format!("{path} shown but not a match"));
        };
        let Some(duplicates) = &hit.collapsed else {
            return fail(format!("{path} has no duplicates field"));
        };
        let named: BTreeSet<String> = duplicates.duplicate_paths.iter().cloned().collect();
        if duplicates.duplicates != group.len() - 1
            || duplicates.duplicate_paths.len() != (group.len() - 1).min(MAX_DUPLICATE_PATHS)
            || named.contains(path)
            || !named.is_subset(group)
        {
            return fail(format!(
                "{path} shown with {duplicates:?}, its group is {group:?}"
            ));
        }
        if !shown.insert(group.clone()) {
            return fail(format!("the group of {path} shown twice"));
        }
        if hit.rank != i + 1 {
            return fail(format!("{path} ranked {} at place {}", hit.rank, i + 1));
        }
        // The shown member is the group's best, and the others are named
        // best first.
        let order = std::iter::once(path).chain(&duplicates.duplicate_paths);
        let members: Vec<&Hit> = order.map(|p| by_path[p.as_str()]).collect();
        let best_of_group = group.iter().map(|p| by_path[p.as_str()]);
        let ok = match sort {
            SortOrder::Relevance => {
                let best = best_of_group.map(|h| h.score).fold(f32::MIN, f32::max);
                close(hit.score, best)
                    && members
                        .windows(2)
                        .all(|w| w[0].score >= w[1].score || close(w[0].score, w[1].score))
            }
            SortOrder::Date => {
                let newest = best_of_group.map(|h| h.article.date).max().flatten();
                hit.article.date == newest
                    && members.windows(2).all(|w| {
                        w[0].article.date >= w[1].article.date || w[1].article.date.is_none()
                    })
            }
        };
        if !ok {
            return fail(format!(
                "{path} is not its group's best, or its group is out of order"
            ));
        }
    }
    // Groups in order of their shown member.
    let in_order = collapsed.hits.windows(2).all(|w| match sort {
        SortOrder::Relevance => w[0].score >= w[1].score || close(w[0].score, w[1].score),
        SortOrder::Date => w[0].article.date >= w[1].article.date || w[1].article.date.is_none(),
    });
    if !in_order {
        return fail("groups out of order".to_string());
    }
    // Any page size slices the same sequence.
    let mut whole: Vec<String> = collapsed
        .hits
        .iter()
        .map(|h| h.article.path.clone())
        .collect();
    whole.truncate(PAGED_GROUPS);
    for size in [1, 3] {
        let mut paged = Vec::new();
        for offset in (0..whole.len()).step_by(size) {
            let page = search(request(true, size, offset))?;
            paged.extend(page.hits.into_iter().map(|h| h.article.path));
        }
        paged.truncate(PAGED_GROUPS);
        if paged != whole {
            return fail(format!(
                "pages of {size} give {paged:?}, the whole list {whole:?}"
            ));
        }
    }
    Ok(distinct.iter().filter(|g| g.len() > 1).count())
}

/// Runs `n` generated queries, both orders each, and fails with the
/// differences found; the groups of several matches met must be many, or
/// nothing was tested.
fn compare(name: &str, corpus: &Corpus, n: usize, seed: u64) {
    let keys: HashMap<String, Vec<u64>> = corpus
        .articles
        .iter()
        .map(|a| (a.meta.path.clone(), band_keys(&a.body)))
        .collect();
    let material = Material::new(&corpus.articles);
    let mut generator = Generator::new(&material, seed);
    let mut queries: Vec<String> = (0..n).map(|_| generator.query()).collect();
    queries.push("*".to_string());
    let mut failures = Vec::new();
    let mut grouped = 0;
    for query in &queries {
        for sort in [SortOrder::Relevance, SortOrder::Date] {
            match check(corpus, &keys, query, sort) {
                Ok(groups) => grouped += groups,
                Err(report) => failures.push(report),
            }
        }
    }
    eprintln!(
        "collapse on {name}: {} queries (seed {seed}), {grouped} groups of several matches met, {} differ",
        queries.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "replay with NEWSIDX_SEMANTICS_SEED={seed}:\n{}",
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        grouped >= n / 10,
        "only {grouped} groups of several matches in {n} queries"
    );
}

#[test]
fn collapse_agrees_with_plain_grouping_on_the_sample_with_planted_copies() {
    let seed = crate::seed();
    let corpus = planted_sample(seed);
    compare(
        "the sample corpus with planted copies",
        &corpus,
        crate::cases(150),
        seed,
    );
}

#[test]
fn collapse_agrees_with_plain_grouping_on_reuters() {
    if let Some(corpus) = crate::reuters() {
        compare(
            "the first 3000 Reuters articles",
            &corpus,
            crate::cases(100),
            crate::seed(),
        );
    }
}
