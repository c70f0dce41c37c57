//! Candidate summaries: whole summaries built from a story's best-rated sentences, each described
//! by summary-level features, so that a second tree ensemble can score the summary as a whole
//! (the idea of NeuSum, BanditSum and MatchSum, with trees instead of a network: with 2 to 4
//! sentences out of the best 6 there are only a few dozen candidates to score).
//!
//! A sentence is a candidate part only when it carries content on its own ([`Analysis::carries_content`]):
//! quote tails such as `Eleven.` or `"Nobody came to check.` are never picked.
//!
//! ```
//! use precis_core::analyze::{Analysis, WordPipeline};
//! use precis_core::rate::learned::candidates::{Space, enumerate};
//! use precis_core::Document;
//! let doc = Document::parse("The storm hit the northern coast on Monday night. \
//!     Thousands of homes lost power across the whole region. Eleven. \
//!     Schools in the county will reopen on Thursday morning.");
//! let analysis = Analysis::new(&doc, &WordPipeline::default());
//! let space = Space { top: 6, min: 2, max: 2, words: None, trigram: false };
//! let found = enumerate(&analysis, &[0.9, 0.5, 0.8, 0.3], &space);
//! // Three sentences carry content (not `Eleven.`): three pairs.
//! assert_eq!(found.sets.len(), 3);
//! assert!(found.sets.iter().all(|s| !s.contains(&2)));
//! ```

use rustc_hash::FxHashMap;

use super::model::{CandidatesFile, Ensemble};
use crate::analyze::Analysis;
use crate::select::{Budget, Redundancy, Selector};

/// Most best-rated sentences a candidate model may draw from.
pub const MAX_TOP: usize = 10;
/// Most sentences in a candidate.
pub const MAX_SIZE: usize = 5;
/// How many of the story's most frequent terms and bigrams the coverage features look for.
const FREQUENT: usize = 10;

/// The candidate features, in the order [`enumerate`] writes them.
pub const CANDIDATE_FEATURES: [&str; 27] = [
    "size",
    "score_sum",
    "score_min",
    "score_max",
    "score_mean",
    "rank_sum",
    "rank_max",
    "position_first",
    "position_mean",
    "position_last",
    "words_total",
    "words_min",
    "words_max",
    "overlap_max",
    "distinct_term_ratio",
    "frequent_term_coverage",
    "frequent_bigram_coverage",
    "story_f1",
    "rated_sentences",
    "above_25",
    "above_40",
    "includes_lead",
    "excluded_best",
    "size_minus_above_25",
    "story_words",
    "lead_score",
    "words_share",
];

/// Number of candidate features.
pub const CANDIDATE_WIDTH: usize = CANDIDATE_FEATURES.len();

/// Which candidates to build.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Space {
    /// How many best-rated sentences candidates are made of.
    pub top: usize,
    /// Fewest sentences of a candidate.
    pub min: usize,
    /// Most sentences of a candidate.
    pub max: usize,
    /// At most this many words in a candidate, when set.
    pub words: Option<usize>,
    /// Leave out candidates two of whose sentences share a word trigram.
    pub trigram: bool,
}

/// The candidates of one story.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// Sentence indices of each candidate, in document order.
    pub sets: Vec<Vec<usize>>,
    /// Row-major features, [`CANDIDATE_WIDTH`] per candidate.
    pub rows: Vec<f64>,
}

/// The rating of sentence `i` as the candidates read it: 0 when missing or not a number.
fn rating(scores: &[f64], i: usize) -> f64 {
    scores
        .get(i)
        .copied()
        .filter(|s| s.is_finite())
        .unwrap_or(0.0)
}

/// One best-rated sentence, with what the features read of it.
struct Part {
    index: usize,
    score: f64,
    rank: usize,
    position: usize,
    words: usize,
    bigrams: Vec<u64>,
}

/// Every candidate of `space` from the ratings `scores`, with its features. Deterministic: the
/// same analysis and ratings give the same candidates in the same order.
pub fn enumerate(analysis: &Analysis<'_>, scores: &[f64], space: &Space) -> Found {
    let score = |i: usize| rating(scores, i);
    let rated: Vec<usize> = analysis
        .content()
        .iter()
        .copied()
        .filter(|&i| analysis.word_count(i) > 0)
        .collect();
    let mut pool: Vec<usize> = rated
        .iter()
        .copied()
        .filter(|&i| analysis.carries_content(i))
        .collect();
    let by_rating = |a: &usize, b: &usize| score(*b).total_cmp(&score(*a)).then(a.cmp(b));
    pool.sort_by(by_rating);
    // A length the caller asked for is met with the best-rated of the other sentences when
    // too few say something on their own.
    if pool.len() < space.min {
        let mut rest: Vec<usize> = rated
            .iter()
            .copied()
            .filter(|&i| !analysis.carries_content(i))
            .collect();
        rest.sort_by(by_rating);
        rest.truncate(space.min - pool.len());
        pool.extend(rest);
    }
    pool.truncate(space.top.min(MAX_TOP));
    let max = space.max.min(pool.len()).min(MAX_SIZE);
    let min = space.min.max(1).min(max);
    if pool.is_empty() || max == 0 {
        return Found::default();
    }

    let position_of: FxHashMap<usize, usize> =
        rated.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let parts: Vec<Part> = pool
        .iter()
        .enumerate()
        .map(|(rank, &i)| Part {
            index: i,
            score: score(i),
            rank,
            position: position_of.get(&i).copied().unwrap_or(0),
            words: analysis.word_count(i),
            bigrams: bigrams(analysis.terms(i)),
        })
        .collect();
    let k = parts.len();
    // Pairwise term overlap (shared distinct terms over the smaller sentence's) and trigram
    // conflicts among the few best sentences.
    let mut overlap = vec![0.0; k * k];
    let mut conflict = vec![false; k * k];
    let trigrams: Vec<Vec<[u64; 3]>> = if space.trigram {
        parts
            .iter()
            .map(|p| {
                let mut t = crate::select::word_trigrams(analysis, p.index);
                t.sort_unstable();
                t
            })
            .collect()
    } else {
        Vec::new()
    };
    for a in 0..k {
        for b in a + 1..k {
            let (ta, tb) = (
                analysis.term_counts(parts[a].index),
                analysis.term_counts(parts[b].index),
            );
            let shared = shared_terms(ta, tb);
            let smaller = ta.len().min(tb.len()).max(1);
            let o = shared as f64 / smaller as f64;
            overlap[a * k + b] = o;
            overlap[b * k + a] = o;
            if space.trigram {
                let c = trigrams[a]
                    .iter()
                    .any(|t| trigrams[b].binary_search(t).is_ok());
                conflict[a * k + b] = c;
                conflict[b * k + a] = c;
            }
        }
    }

    let story = Story::new(analysis, &rated, &score);
    let mut found = Found::default();
    let mut set: Vec<usize> = Vec::with_capacity(max);
    let mut bag: Vec<(u32, u32)> = Vec::new();
    for size in min..=max {
        // Combinations of `size` out of `k`, in lexicographic order.
        let mut c: Vec<usize> = (0..size).collect();
        loop {
            let admissible = c
                .iter()
                .enumerate()
                .all(|(x, &a)| c[x + 1..].iter().all(|&b| !conflict[a * k + b]))
                && space
                    .words
                    .is_none_or(|n| c.iter().map(|&a| parts[a].words).sum::<usize>() <= n);
            if admissible {
                set.clear();
                set.extend(c.iter().map(|&a| parts[a].index));
                set.sort_unstable();
                found.sets.push(set.clone());
                row(
                    analysis,
                    &parts,
                    &c,
                    &overlap,
                    &story,
                    &mut bag,
                    &mut found.rows,
                );
            }
            // Next combination.
            let Some(x) = (0..size).rev().find(|&x| c[x] < k - size + x) else {
                break;
            };
            c[x] += 1;
            for y in x + 1..size {
                c[y] = c[y - 1] + 1;
            }
        }
    }
    found
}

/// What the features read of the whole story.
struct Story {
    rated: usize,
    words: usize,
    total_terms: u64,
    frequent_terms: Vec<u32>,
    frequent_bigrams: Vec<u64>,
    above_25: usize,
    above_40: usize,
    lead_score: f64,
}

impl Story {
    fn new(analysis: &Analysis<'_>, rated: &[usize], score: &dyn Fn(usize) -> f64) -> Story {
        let tf = analysis.term_frequency();
        let mut terms: Vec<u32> = (0..tf.len() as u32)
            .filter(|&t| tf[t as usize] >= 2)
            .collect();
        terms.sort_by(|&a, &b| tf[b as usize].cmp(&tf[a as usize]).then(a.cmp(&b)));
        terms.truncate(FREQUENT);
        terms.sort_unstable();
        let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
        for &i in rated {
            for b in bigrams(analysis.terms(i)) {
                *counts.entry(b).or_insert(0) += 1;
            }
        }
        let mut frequent: Vec<(u64, u32)> = counts.into_iter().filter(|&(_, n)| n >= 2).collect();
        frequent.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        frequent.truncate(FREQUENT);
        let mut frequent_bigrams: Vec<u64> = frequent.into_iter().map(|(b, _)| b).collect();
        frequent_bigrams.sort_unstable();
        Story {
            rated: rated.len(),
            words: rated.iter().map(|&i| analysis.word_count(i)).sum(),
            total_terms: analysis.total_terms(),
            frequent_terms: terms,
            frequent_bigrams,
            above_25: rated.iter().filter(|&&i| score(i) >= 0.25).count(),
            above_40: rated.iter().filter(|&&i| score(i) >= 0.40).count(),
            lead_score: rated.first().map_or(0.0, |&i| score(i)),
        }
    }
}

/// Consecutive term pairs of a sentence, as one number each, sorted and without repeats.
fn bigrams(terms: &[u32]) -> Vec<u64> {
    let mut b: Vec<u64> = terms
        .windows(2)
        .map(|w| (u64::from(w[0]) << 32) | u64::from(w[1]))
        .collect();
    b.sort_unstable();
    b.dedup();
    b
}

/// Distinct terms two sorted `(term, count)` lists share.
fn shared_terms(a: &[(u32, u32)], b: &[(u32, u32)]) -> usize {
    let (mut x, mut y, mut n) = (0, 0, 0);
    while x < a.len() && y < b.len() {
        match a[x].0.cmp(&b[y].0) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                x += 1;
                y += 1;
            }
        }
    }
    n
}

/// Appends the features of the candidate made of `parts[c]` to `rows`.
fn row(
    analysis: &Analysis<'_>,
    parts: &[Part],
    c: &[usize],
    overlap: &[f64],
    story: &Story,
    bag: &mut Vec<(u32, u32)>,
    rows: &mut Vec<f64>,
) {
    let k = parts.len();
    let n = c.len() as f64;
    let picked = || c.iter().map(|&a| &parts[a]);
    let score_sum: f64 = picked().map(|p| p.score).sum();
    let score_min = picked().map(|p| p.score).fold(f64::INFINITY, f64::min);
    let score_max = picked().map(|p| p.score).fold(f64::NEG_INFINITY, f64::max);
    let positions = || picked().map(|p| p.position);
    let words: usize = picked().map(|p| p.words).sum();
    let mut overlap_max: f64 = 0.0;
    for (x, &a) in c.iter().enumerate() {
        for &b in &c[x + 1..] {
            overlap_max = overlap_max.max(overlap[a * k + b]);
        }
    }
    // The candidate's bag of terms.
    bag.clear();
    for p in picked() {
        bag.extend_from_slice(analysis.term_counts(p.index));
    }
    bag.sort_unstable_by_key(|&(t, _)| t);
    let mut merged = 0;
    for r in 0..bag.len() {
        if merged > 0 && bag[merged - 1].0 == bag[r].0 {
            bag[merged - 1].1 += bag[r].1;
        } else {
            bag[merged] = bag[r];
            merged += 1;
        }
    }
    bag.truncate(merged);
    let total: u64 = bag.iter().map(|&(_, n)| u64::from(n)).sum();
    let tf = analysis.term_frequency();
    let common: u64 = bag
        .iter()
        .map(|&(t, n)| u64::from(n.min(tf[t as usize].saturating_sub(n))))
        .sum();
    let rest = story.total_terms.saturating_sub(total);
    let story_f1 = if total + rest > 0 {
        2.0 * common as f64 / (total + rest) as f64
    } else {
        0.0
    };
    let term_coverage = if story.frequent_terms.is_empty() {
        0.0
    } else {
        story
            .frequent_terms
            .iter()
            .filter(|&&t| bag.binary_search_by_key(&t, |&(x, _)| x).is_ok())
            .count() as f64
            / story.frequent_terms.len() as f64
    };
    let bigram_coverage = if story.frequent_bigrams.is_empty() {
        0.0
    } else {
        story
            .frequent_bigrams
            .iter()
            .filter(|b| picked().any(|p| p.bigrams.binary_search(b).is_ok()))
            .count() as f64
            / story.frequent_bigrams.len() as f64
    };
    let excluded_best = (0..k)
        .filter(|a| !c.contains(a))
        .map(|a| parts[a].score)
        .fold(0.0, f64::max);
    rows.extend_from_slice(&[
        n,
        score_sum,
        score_min,
        score_max,
        score_sum / n,
        picked().map(|p| p.rank as f64).sum(),
        picked().map(|p| p.rank).max().unwrap_or(0) as f64,
        positions().min().unwrap_or(0) as f64,
        positions().sum::<usize>() as f64 / n,
        positions().max().unwrap_or(0) as f64,
        words as f64,
        picked().map(|p| p.words).min().unwrap_or(0) as f64,
        picked().map(|p| p.words).max().unwrap_or(0) as f64,
        overlap_max,
        if total > 0 {
            bag.len() as f64 / total as f64
        } else {
            0.0
        },
        term_coverage,
        bigram_coverage,
        story_f1,
        story.rated as f64,
        story.above_25 as f64,
        story.above_40 as f64,
        f64::from(u8::from(positions().any(|p| p == 0))),
        excluded_best,
        n - story.above_25 as f64,
        story.words as f64,
        story.lead_score,
        if story.words > 0 {
            words as f64 / story.words as f64
        } else {
            0.0
        },
    ]);
}

/// The space a selector asks for, given the model's own policy `own` and candidate settings, or
/// `None` when the candidate model does not apply (MMR, or more sentences than it builds).
pub fn space_for(selector: &Selector, own: &Selector, file: &CandidatesFile) -> Option<Space> {
    let trigram = match selector.redundancy {
        Redundancy::None => false,
        Redundancy::Trigram => true,
        Redundancy::Mmr { .. } => return None,
    };
    let (min, max, words) = if selector.budget == own.budget {
        (file.min, file.max, None)
    } else {
        match selector.budget {
            Budget::Sentences(n) if n <= file.top.min(MAX_SIZE) => (n, n, None),
            Budget::Sentences(_) => return None,
            Budget::Threshold { min, max, .. } if max <= file.top.min(MAX_SIZE) => {
                (min.max(1), max, None)
            }
            Budget::Threshold { .. } => return None,
            Budget::Words(n) => (1, file.top.min(MAX_SIZE), Some(n)),
        }
    };
    Some(Space {
        top: file.top,
        min,
        max,
        words,
        trigram,
    })
}

/// The candidate the ensemble scores best (the first of equals), or `None` when there is none.
pub fn best(found: &Found, ensemble: &Ensemble) -> Option<usize> {
    let mut scores = vec![0.0; found.rows.len() / CANDIDATE_WIDTH];
    ensemble.predict_rows(&found.rows, &mut scores);
    let mut best: Option<(usize, f64)> = None;
    for (k, &v) in scores.iter().enumerate() {
        if best.is_none_or(|(_, b)| v > b) {
            best = Some((k, v));
        }
    }
    best.map(|(k, _)| k)
}

/// The summary the candidate model chooses under `selector`, or `None` when it does not apply
/// (the caller then uses the shared selector). A word budget is filled after the chosen
/// candidate with the next best-rated sentences that fit and carry content.
///
/// A story with fewer content sentences than the candidate pool (a brief, a four-sentence wire
/// item) is outside what the model learned: CNN/DailyMail stories always fill the pool. There
/// the sentence ratings pick with the shared selector, unless the budget is in words (the
/// candidates then choose, see below). As in the candidates, a sentence that says nothing on its
/// own (`It was close.`, `She was 91.`, [`Analysis::carries_content`]) comes after every sentence that
/// does: the ratings of a model trained on long stories do not know that a three-word sentence
/// of a three-sentence story is no summary.
pub fn choose(
    analysis: &Analysis<'_>,
    scores: &[f64],
    selector: &Selector,
    own: &Selector,
    file: &CandidatesFile,
    ensemble: &Ensemble,
) -> Option<Vec<usize>> {
    if analysis.content().len() < file.top && !matches!(selector.budget, Budget::Words(_)) {
        // Ratings are probabilities (0 to 1): less 1, a fragment ranks below every sentence that
        // carries content, and fragments keep their order among themselves. A rating that is not
        // a number stays one, for the selector to rank last as it always does.
        let mut ranking = scores.to_vec();
        for (i, r) in ranking.iter_mut().enumerate() {
            if !analysis.carries_content(i) {
                *r -= 1.0;
            }
        }
        return Some(selector.select(analysis, &ranking));
    }
    let space = space_for(selector, own, file)?;
    let found = enumerate(analysis, scores, &space);
    let mut picked = found.sets.get(best(&found, ensemble)?)?.clone();
    if let Budget::Words(n) = selector.budget {
        let mut words: usize = picked.iter().map(|&i| analysis.word_count(i)).sum();
        let mut rest: Vec<usize> = analysis
            .content()
            .iter()
            .copied()
            .filter(|&i| !picked.contains(&i) && analysis.carries_content(i))
            .collect();
        let score = |i: usize| rating(scores, i);
        rest.sort_by(|&a, &b| score(b).total_cmp(&score(a)).then(a.cmp(&b)));
        for i in rest {
            let w = analysis.word_count(i);
            if words + w <= n {
                words += w;
                picked.push(i);
            }
        }
        picked.sort_unstable();
    }
    Some(picked)
}
