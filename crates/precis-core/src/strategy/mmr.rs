//! Maximal marginal relevance (Carbonell & Goldstein 1998) as a strategy: another strategy's
//! per-sentence ratings, re-ranked after every pick so that the summary says new things.
//!
//! At each step [`Mmr`] picks, among the sentences that fit the budget, the one that maximizes
//! `λ · rating − (1 − λ) · max similarity to the sentences picked`, the rating scaled to `[0, 1]`
//! over the candidates and the similarity the tf-idf cosine. The ratings are the inner strategy's
//! ([`Strategy::ratings`]): a rater's for the algorithms that rate sentences, the learned model's
//! sentence ratings for the default. KL-Sum, SumBasic and the oracle have none (they build their
//! summaries by their own rule, which already weighs what the summary repeats): MMR leaves them
//! to choose as with no redundancy control.
//!
//! The engine puts this strategy around the algorithm's own when the selector asks for MMR
//! (`--redundancy mmr --lambda L`, the API's and Python's `redundancy="mmr"`); the selector's
//! budget applies as it does to the shared selector, and a word budget that not even one sentence
//! fits returns the best-rated sentence alone.
//!
//! ```
//! use precis_core::analyze::{Analysis, WordPipeline};
//! use precis_core::strategy::{Mmr, RateThenSelect, Strategy};
//! use precis_core::{Budget, Document, Selector, rate::Lead};
//! let doc = Document::parse("The storm hit the coast on Monday. \
//!     The storm hit the coast on Monday night. Schools will reopen on Thursday.");
//! let analysis = Analysis::new(&doc, &WordPipeline::default());
//! let lead = RateThenSelect::new(Box::new(Lead));
//! let selector = Selector { budget: Budget::Sentences(2), ..Default::default() };
//! assert_eq!(lead.choose(&analysis, &selector).picked, [0, 1]);
//! // Sentence 1 says again what sentence 0 said: MMR takes the next new thing instead.
//! assert_eq!(Mmr::new(&lead, 0.5).choose(&analysis, &selector).picked, [0, 2]);
//! ```

use super::{Choice, Strategy};
use crate::analyze::Analysis;
use crate::rate::GRAPH_SENTENCE_LIMIT;
use crate::select::{self, Fit, Picks, Redundancy, Selector};

/// MMR compares every candidate left with each sentence it picks, so its cost is picks ×
/// candidates × sentence length: it chooses among the best-rated content sentences only, at most
/// this many (the sentence limit of the graph algorithms)…
pub const MMR_POOL: usize = GRAPH_SENTENCE_LIMIT;
/// … holding at most this many words in all (the best-rated sentence always enters). A summary
/// with MMR therefore has at most [`MMR_POOL`] sentences, whatever its budget.
pub const MMR_POOL_WORDS: usize = 50_000;

/// Maximal marginal relevance over the ratings of `inner`, with weight `lambda` (in `[0, 1]`) of
/// the rating against novelty.
pub struct Mmr<'s> {
    inner: &'s dyn Strategy,
    lambda: f64,
}

impl<'s> Mmr<'s> {
    /// MMR over the ratings of `inner`.
    pub fn new(inner: &'s dyn Strategy, lambda: f64) -> Mmr<'s> {
        Mmr { inner, lambda }
    }
}

impl Strategy for Mmr<'_> {
    /// The sentences MMR picks within `selector`'s budget (its redundancy setting is this
    /// strategy's own).
    fn choose(&self, analysis: &Analysis<'_>, selector: &Selector) -> Choice {
        let plain = Selector {
            redundancy: Redundancy::None,
            ..*selector
        };
        let Some(scores) = self.inner.ratings(analysis, &plain) else {
            return self.inner.choose(analysis, &plain);
        };
        let ranked = select::ranked(analysis, &scores);
        let picked = plain.settle(
            ranked.first().copied(),
            pick(analysis, &plain, &ranked, &scores, self.lambda),
        );
        Choice { picked, scores }
    }

    fn selector(&self) -> Option<Selector> {
        self.inner.selector()
    }

    /// MMR compares the sentences' tf-idf vectors.
    fn needs_terms(&self) -> bool {
        true
    }

    fn horizon(&self) -> Option<usize> {
        self.inner.horizon()
    }

    fn ratings(&self, analysis: &Analysis<'_>, selector: &Selector) -> Option<Vec<f64>> {
        self.inner.ratings(analysis, selector)
    }
}

/// The MMR picks from `ranked` (best-rated first) under `selector`'s budget, in the order picked.
fn pick(
    analysis: &Analysis<'_>,
    selector: &Selector,
    ranked: &[usize],
    scores: &[f64],
    lambda: f64,
) -> Vec<usize> {
    let score = |i: usize| select::rating(scores, i);
    let finite: Vec<f64> = ranked
        .iter()
        .map(|&i| score(i))
        .filter(|s| s.is_finite())
        .collect();
    let hi = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let lo = finite.iter().copied().fold(f64::INFINITY, f64::min);
    let norm = |i: usize| {
        let s = score(i);
        if !s.is_finite() {
            0.0
        } else if hi > lo {
            (s - lo) / (hi - lo)
        } else {
            1.0
        }
    };
    let mut remaining = pool(analysis, ranked);
    let mut max_sim = vec![0.0f64; analysis.len()];
    let mut picks = Picks::new(selector, analysis);
    loop {
        let mut best: Option<(usize, f64)> = None;
        let mut full = false;
        for (pos, &i) in remaining.iter().enumerate() {
            match picks.admits(analysis, i, score(i)) {
                Fit::Full => {
                    full = true;
                    break;
                }
                Fit::No => continue,
                Fit::Yes => {}
            }
            let value = lambda * norm(i) - (1.0 - lambda) * max_sim[i];
            if best.is_none_or(|(_, v)| value > v) {
                best = Some((pos, value));
            }
        }
        let Some((pos, _)) = best.filter(|_| !full) else {
            break;
        };
        if analysis.deadline().expired() {
            // The engine reports the deadline; what was picked so far is dropped.
            break;
        }
        let i = remaining.remove(pos);
        picks.add(analysis, i);
        for &j in &remaining {
            max_sim[j] = max_sim[j].max(analysis.similarity(i, j));
        }
    }
    picks.picked
}

/// The candidates MMR chooses from: the best-rated sentences of `ranked`, within [`MMR_POOL`]
/// sentences and [`MMR_POOL_WORDS`] words.
fn pool(analysis: &Analysis<'_>, ranked: &[usize]) -> Vec<usize> {
    let mut words = 0;
    ranked
        .iter()
        .copied()
        .take(MMR_POOL)
        .take_while(|&i| {
            let first = words == 0;
            words += analysis.word_count(i);
            first || words <= MMR_POOL_WORDS
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::WordPipeline;
    use crate::rate::Rater;
    use crate::select::Budget;
    use crate::strategy::{KlSum, RateThenSelect};
    use crate::{Document, rate::Lead};

    /// Ratings given in advance.
    struct Given(Vec<f64>);

    impl Rater for Given {
        fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64> {
            let mut s = self.0.clone();
            s.resize(analysis.len(), 0.0);
            s
        }
    }

    fn pick(text: &str, scores: &[f64], budget: Budget, lambda: f64) -> Vec<usize> {
        let doc = Document::parse(text);
        let a = Analysis::new(&doc, &WordPipeline::default());
        let inner = RateThenSelect::new(Box::new(Given(scores.to_vec())));
        let selector = Selector {
            budget,
            redundancy: Redundancy::Mmr { lambda },
        };
        Mmr::new(&inner, lambda).choose(&a, &selector).picked
    }

    const TEXT: &str = "The storm hit the coast on Monday. \
        The storm hit the coast on Monday night. \
        Thousands lost power across the region. \
        Schools will reopen on Thursday.";

    #[test]
    fn skips_repeats_within_the_budget() {
        assert_eq!(
            pick(TEXT, &[0.9, 0.8, 0.7, 0.1], Budget::Sentences(2), 0.5),
            [0, 2]
        );
        let threshold = Budget::Threshold {
            score: 0.4,
            min: 1,
            max: 2,
        };
        assert_eq!(pick(TEXT, &[0.9, 0.8, 0.1, 0.5], threshold, 0.5), [0, 3]);
        // λ = 1 is the ratings alone.
        assert_eq!(
            pick(TEXT, &[0.9, 0.8, 0.7, 0.1], Budget::Sentences(2), 1.0),
            [0, 1]
        );
        // Not one sentence fits the word budget: the best-rated comes alone.
        assert_eq!(
            pick(TEXT, &[0.1, 0.8, 0.1, 0.5], Budget::Words(1), 0.7),
            [1]
        );
    }

    #[test]
    fn chooses_among_a_bounded_pool() {
        // Picks × candidates was quadratic: 5,000 sentences with MMR took minutes on 200,000.
        let text: String = (0..MMR_POOL + 20)
            .map(|i| format!("Sentence number {i} says thing {i}. "))
            .collect();
        let scores: Vec<f64> = (0..MMR_POOL + 20).map(|i| i as f64).collect();
        let picked = pick(&text, &scores, Budget::Sentences(MMR_POOL + 20), 0.7);
        // The best-rated MMR_POOL sentences: the last ones.
        assert_eq!(picked, (20..MMR_POOL + 20).collect::<Vec<_>>());
        // A pool also stops at MMR_POOL_WORDS words, but always holds the best sentence.
        let long = format!("Word {}", "word ".repeat(MMR_POOL_WORDS / 4 - 1));
        let text = format!("{long}end. {long}end. {long}end. {long}end. Short one.");
        let five = Budget::Sentences(5);
        assert_eq!(
            pick(&text, &[5.0, 4.0, 3.0, 2.0, 1.0], five, 0.7),
            [0, 1, 2]
        );
        assert_eq!(
            pick(&text, &[1.0, 1.0, 1.0, 1.0, 9.0], five, 0.7),
            [0, 1, 2, 4]
        );
    }

    #[test]
    fn leaves_summary_level_strategies_alone_and_keeps_the_policy() {
        let doc = Document::parse(TEXT);
        let a = Analysis::new(&doc, &WordPipeline::default());
        let selector = Selector {
            budget: Budget::Sentences(2),
            redundancy: Redundancy::Mmr { lambda: 0.5 },
        };
        let plain = Selector {
            redundancy: Redundancy::None,
            ..selector
        };
        assert_eq!(
            Mmr::new(&KlSum, 0.5).choose(&a, &selector),
            KlSum.choose(&a, &plain)
        );
        let lead = RateThenSelect::new(Box::new(Lead));
        let mmr = Mmr::new(&lead, 0.5);
        assert_eq!(mmr.horizon(), lead.horizon());
        assert_eq!(mmr.selector(), lead.selector());
        assert!(mmr.needs_terms());
    }
}
