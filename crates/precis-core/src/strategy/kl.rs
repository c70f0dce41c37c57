//! KL-Sum: the summary whose word distribution is closest to the document's.
//!
//! Haghighi & Vanderwende 2009, *Exploring content models for multi-document summarization*
//! (KLSum, §3): choose the summary `S` minimizing `KL(P_D ‖ P_S)`, the Kullback–Leibler divergence
//! from the document's unigram distribution `P_D` to the summary's `P_S`, greedily — at each step
//! add the sentence that gives the smallest divergence. Terms are the shared word pipeline's (stop
//! words removed, stemmed); `P_D` counts the content sentences.
//!
//! `P_S` is smoothed with add-α (Lidstone) over the document vocabulary `V`, since a summary
//! never contains every word and `KL(P_D ‖ P_S)` is infinite for any word it lacks:
//! `P_S(w) = (c_S(w) + α) / (|S| + α|V|)`. The smoothing constant is [`KL_SMOOTHING`] = 1
//! (Laplace). A small α makes a missing word cost `ln(1/α)` while the length term `ln(|S| + α|V|)`
//! grows with every word added, so the greedy step prefers short sentences full of the commonest
//! words; with α = 1 the prior mass `|V|` — a few hundred words for a news story — is comparable to
//! a summary's length, and the first picks are judged by how much of the story they cover. On
//! CNN/DailyMail validation α ∈ {0.1, 0.3, 1, 3} gave ROUGE-1 23.6, 27.6, 27.7, 26.6 (cased CNN)
//! and α = 1 was also best on the lower-cased set.
//!
//! Expanding the divergence, adding sentence `s` to summary `S` changes it by
//! `ln(|S| + |s| + α|V|) − Σ_{w ∈ s} P_D(w) · [ln(c_S(w) + c_s(w) + α) − ln(c_S(w) + α)]` plus a
//! constant, so each candidate costs its own distinct terms, and both logarithms come from tables
//! built once per document: the whole greedy order takes `O(n · terms)` table look-ups and no `ln`.
//!
//! KL-Sum is a [`Strategy`]: it builds the summary itself, under the caller's budget, with
//! [`greedy::build`] — a sentence that would overflow a word budget is not offered, so the next
//! step chooses, given the summary as it is, among the sentences that fit; with trigram blocking
//! a sentence that repeats a trigram of the summary is not offered either. MMR does not apply: the
//! divergence already makes a repeated word worth less than a new one. Ties go to the earlier
//! sentence. The `k`-th pick scores `1 − k / N` (`N` candidate sentences), the others 0.
//!
//! The procedure is quadratic in the number of sentences, so its candidates are the first
//! [`GRAPH_SENTENCE_LIMIT`] content sentences with terms, like the graph algorithms'; when a
//! sentence budget outlasts them, the other content sentences follow in document order.
//!
//! ```
//! use precis_core::analyze::{Analysis, WordPipeline};
//! use precis_core::strategy::{KlSum, Strategy};
//! use precis_core::{Budget, Document, Selector};
//! let doc = Document::parse("The storm flooded the river town on Monday. Ducks swim in the pond. \
//!     The mayor closed the river bridge after the storm.");
//! let analysis = Analysis::new(&doc, &WordPipeline::default());
//! let one = Selector { budget: Budget::Sentences(1), ..Default::default() };
//! assert_eq!(KlSum.choose(&analysis, &one).picked, [0]);
//! // 17 words: the two sentences about the storm (8 + 9 words) fill them.
//! let words = Selector { budget: Budget::Words(17), ..Default::default() };
//! assert_eq!(KlSum.choose(&analysis, &words).picked, [0, 2]);
//! ```
//!
//! [`GRAPH_SENTENCE_LIMIT`]: crate::rate::GRAPH_SENTENCE_LIMIT

use super::greedy::{self, Greedy};
use super::{Choice, Strategy};
use crate::analyze::Analysis;
use crate::rate::graph_sentences;
use crate::select::Selector;

/// The add-α smoothing of the summary distribution.
pub const KL_SMOOTHING: f64 = 1.0;

/// KL-Sum: the summary whose word distribution is closest to the story's, built greedily.
#[derive(Debug, Clone, Copy, Default)]
pub struct KlSum;

impl Strategy for KlSum {
    fn choose(&self, analysis: &Analysis<'_>, selector: &Selector) -> Choice {
        let candidates = graph_sentences(analysis);
        let mut procedure = Divergence::new(analysis, &candidates, KL_SMOOTHING);
        greedy::build(analysis, selector, candidates, &mut procedure)
    }

    /// None: KL-Sum has no per-sentence ratings for MMR to re-rank.
    fn ratings(&self, _: &Analysis<'_>, _: &Selector) -> Option<Vec<f64>> {
        None
    }
}

/// The greedy step of KL-Sum: the sentence whose addition leaves the smallest divergence.
struct Divergence {
    p_doc: Vec<f64>,
    /// `ln(c + α)` for every count a term can reach.
    ln_count: Vec<f64>,
    /// `ln(L + α|V|)` for every summary length.
    ln_length: Vec<f64>,
    /// Each term's count in the summary.
    counts: Vec<u32>,
    /// The summary's length in terms.
    length: usize,
}

impl Divergence {
    fn new(analysis: &Analysis<'_>, candidates: &[usize], alpha: f64) -> Divergence {
        let total = analysis.total_terms().max(1) as f64;
        let tf = analysis.term_frequency();
        let p_doc: Vec<f64> = tf.iter().map(|&f| f64::from(f) / total).collect();
        let vocabulary = tf.iter().filter(|&&f| f > 0).count() as f64;
        let max_count = tf.iter().copied().max().unwrap_or(0) as usize;
        let summary_terms: usize = candidates.iter().map(|&i| analysis.terms(i).len()).sum();
        Divergence {
            p_doc,
            ln_count: (0..=max_count).map(|c| (c as f64 + alpha).ln()).collect(),
            ln_length: (0..=summary_terms)
                .map(|l| (l as f64 + alpha * vocabulary).ln())
                .collect(),
            counts: vec![0; tf.len()],
            length: 0,
        }
    }
}

impl Greedy for Divergence {
    fn next(&mut self, analysis: &Analysis<'_>, admissible: &[usize]) -> Option<usize> {
        let mut best = (0, f64::INFINITY);
        for (pos, &i) in admissible.iter().enumerate() {
            let gain: f64 = analysis
                .term_counts(i)
                .iter()
                .map(|&(t, k)| {
                    let c = self.counts[t as usize] as usize;
                    self.p_doc[t as usize] * (self.ln_count[c + k as usize] - self.ln_count[c])
                })
                .sum();
            let divergence = self.ln_length[self.length + analysis.terms(i).len()] - gain;
            if divergence < best.1 {
                best = (pos, divergence);
            }
        }
        Some(best.0)
    }

    fn add(&mut self, analysis: &Analysis<'_>, i: usize) {
        for &(t, k) in analysis.term_counts(i) {
            self.counts[t as usize] += k;
        }
        self.length += analysis.terms(i).len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::analyze::WordPipeline;
    use crate::rate::GRAPH_SENTENCE_LIMIT;
    use crate::select::{Budget, Redundancy};

    /// `KL(P_D ‖ P_S)` computed directly from the definition.
    fn divergence(a: &Analysis<'_>, summary: &[usize], alpha: f64) -> f64 {
        let tf = a.term_frequency();
        let v = tf.iter().filter(|&&f| f > 0).count() as f64;
        let mut counts = vec![0.0; tf.len()];
        let mut len = 0.0;
        for &i in summary {
            for &t in a.terms(i) {
                counts[t as usize] += 1.0;
                len += 1.0;
            }
        }
        let total = a.total_terms() as f64;
        (0..tf.len())
            .filter(|&t| tf[t] > 0)
            .map(|t| {
                let p = f64::from(tf[t]) / total;
                let q = (counts[t] + alpha) / (len + alpha * v);
                p * (p / q).ln()
            })
            .sum()
    }

    fn sentences(n: usize) -> Selector {
        Selector {
            budget: Budget::Sentences(n),
            ..Default::default()
        }
    }

    fn choose(text: &str, selector: Selector) -> Choice {
        let doc = Document::parse(text);
        KlSum.choose(&Analysis::new(&doc, &WordPipeline::default()), &selector)
    }

    /// The picks in the order they were made (highest score first).
    fn order(choice: &Choice) -> Vec<usize> {
        let mut order = choice.picked.clone();
        order.sort_by(|&a, &b| choice.scores[b].total_cmp(&choice.scores[a]));
        order
    }

    const STORY: &str = "The storm flooded the river town on Monday. \
        Rain flooded the town. \
        The mayor closed the river bridge. \
        Ducks swim in the pond. \
        The storm hit the town and the river rose.";

    #[test]
    fn each_step_minimizes_the_divergence() {
        let doc = Document::parse(STORY);
        let a = Analysis::new(&doc, &WordPipeline::default());
        let choice = KlSum.choose(&a, &sentences(5));
        let order = order(&choice);
        assert_eq!(order.len(), 5);
        for step in 0..order.len() {
            let chosen = divergence(&a, &order[..=step], KL_SMOOTHING);
            for &other in &order[step + 1..] {
                let mut alt = order[..step].to_vec();
                alt.push(other);
                assert!(chosen <= divergence(&a, &alt, KL_SMOOTHING) + 1e-12);
            }
        }
        // The off-topic sentence is not where the summary starts.
        assert_ne!(order[0], 3);
        assert_eq!(choice.scores[order[0]], 1.0);
        assert!(choice.scores.iter().all(|&s| s > 0.0));
        // A shorter budget is the start of the same order, in document order.
        let two = KlSum.choose(&a, &sentences(2));
        let mut start = order[..2].to_vec();
        start.sort_unstable();
        assert_eq!(two.picked, start);
    }

    #[test]
    fn a_word_budget_is_filled_with_whole_sentences_chosen_for_what_is_left() {
        let doc = Document::parse(STORY);
        let a = Analysis::new(&doc, &WordPipeline::default());
        for n in [3, 6, 9, 12, 16, 20, 30] {
            let words = Selector {
                budget: Budget::Words(n),
                ..Default::default()
            };
            let choice = KlSum.choose(&a, &words);
            let used: usize = choice.picked.iter().map(|&i| a.word_count(i)).sum();
            assert!(choice.picked.is_sorted(), "{n}: {:?}", choice.picked);
            if choice.picked.len() == 1 && used > n {
                // Not one sentence fits: the first choice alone.
                assert!((0..a.len()).all(|i| a.word_count(i) > n));
                assert_eq!(choice.picked, [order(&KlSum.choose(&a, &sentences(1)))[0]]);
                continue;
            }
            assert!(used <= n, "{n}: {:?}", choice.picked);
            // Filled: no sentence left out would still fit, but for `Rain flooded the town.`,
            // which says too little on its own to fill a word budget.
            assert!(!a.carries_content(1));
            assert!(!choice.picked.contains(&1), "{n}: {:?}", choice.picked);
            for i in (0..a.len()).filter(|&i| i != 1 && !choice.picked.contains(&i)) {
                assert!(used + a.word_count(i) > n, "{n}: {i} fits");
            }
        }
    }

    #[test]
    fn trigram_blocking_keeps_repeats_out() {
        let text = "The storm hit the coast on Monday. The storm hit the coast again on Monday \
            night. Thousands lost power across the region.";
        let blocking = Selector {
            redundancy: Redundancy::Trigram,
            ..sentences(2)
        };
        let picked = choose(text, blocking).picked;
        assert_eq!(picked.len(), 2);
        assert!(picked.contains(&2), "{picked:?}");
    }

    #[test]
    fn degenerate_documents() {
        for budget in [Budget::Sentences(3), Budget::Words(10)] {
            let s = Selector {
                budget,
                ..Default::default()
            };
            assert!(choose("", s).picked.is_empty());
            assert!(choose("By . Daily Mail Reporter .", s).picked.is_empty());
            assert_eq!(choose("The council met on Tuesday.", s).picked, [0]);
        }
        // Sentences without terms are not rated, but fill a sentence budget in document order.
        let none = choose("It was. And then it was not.", sentences(3));
        assert_eq!(none.picked, [0, 1]);
        assert!(none.scores.iter().all(|&s| s == 0.0));
        // Identical sentences: ties go to the earlier one.
        let same = choose("Rain fell. Rain fell. Rain fell.", sentences(3));
        assert_eq!(same.scores, [1.0, 2.0 / 3.0, 1.0 / 3.0]);
        // Boilerplate is never picked; the one sentence with terms comes first.
        let doc = Document::parse("By . Daily Mail Reporter . It was so. Rain fell hard.");
        let a = Analysis::new(&doc, &WordPipeline::default());
        assert!(!a.is_content(0));
        let choice = KlSum.choose(&a, &sentences(5));
        assert_eq!(choice.picked, [1, 2]);
        assert_eq!(choice.scores, [0.0, 0.0, 1.0]);
    }

    #[test]
    fn only_the_first_sentences_are_candidates() {
        let text: String = (0..GRAPH_SENTENCE_LIMIT + 5)
            .map(|k| format!("Rain fell on town {k}. "))
            .collect();
        let choice = choose(&text, sentences(GRAPH_SENTENCE_LIMIT + 5));
        assert_eq!(choice.picked.len(), GRAPH_SENTENCE_LIMIT + 5);
        let scores = choice.scores;
        assert!(scores[..GRAPH_SENTENCE_LIMIT].iter().all(|&s| s > 0.0));
        assert!(scores[GRAPH_SENTENCE_LIMIT..].iter().all(|&s| s == 0.0));
    }
}
