//! SumBasic: frequent words make a summary, and a word said once needn't be said again.
//!
//! Nenkova & Vanderwende 2005, *The impact of frequency on summarization* (SumBasic):
//!
//! 1. the probability of each term is its share of the document's term occurrences,
//!    `p(w) = n_w / N`;
//! 2. a sentence weighs the average probability of its terms;
//! 3. among the sentences that contain the most probable term, the heaviest is picked;
//! 4. the probability of every term of the picked sentence is squared, so the next picks favour
//!    what the summary does not say yet; repeat from 2.
//!
//! Step 3 is the paper's. The common simplified form (sumy's) picks the heaviest sentence
//! overall, which favours short sentences of a few frequent words; on CNN/DailyMail validation it
//! scored 1 to 1.5 ROUGE-1 lower (33.8 against 35.4 lower-cased, 25.5 against 26.5 cased). Terms
//! are the shared word pipeline's (stop words removed, stemmed), counted over the content
//! sentences; ties go to the lower term id and the earlier sentence. SumBasic has no parameters.
//!
//! SumBasic is a [`Strategy`]: it builds the summary itself, under the caller's budget, with
//! [`greedy::build`] — steps 2 and 3 look only at the sentences that may still join (that fit a
//! word budget and, with trigram blocking, repeat no trigram of the summary), so the most probable
//! term is the most probable one the summary can still take in. MMR does not apply: step 4 already
//! discounts what the summary has said. The `k`-th pick scores `1 − k / N` (`N` candidate
//! sentences), the others 0.
//!
//! The procedure is quadratic in the number of sentences, so its candidates are the first
//! [`GRAPH_SENTENCE_LIMIT`] content sentences with terms, like the graph algorithms'; when a
//! sentence budget outlasts them, the other content sentences follow in document order.
//!
//! ```
//! use precis_core::analyze::{Analysis, WordPipeline};
//! use precis_core::strategy::{Strategy, SumBasic};
//! use precis_core::{Budget, Document, Selector};
//! let doc = Document::parse("The flood hit the town and the mayor. Flood town. \
//!     The mayor closed the bridge.");
//! let analysis = Analysis::new(&doc, &WordPipeline::default());
//! let two = Selector { budget: Budget::Sentences(2), ..Default::default() };
//! assert_eq!(SumBasic.choose(&analysis, &two).picked, [1, 2]);
//! ```
//!
//! [`GRAPH_SENTENCE_LIMIT`]: crate::rate::GRAPH_SENTENCE_LIMIT

use super::greedy::{self, Greedy};
use super::{Choice, Strategy};
use crate::analyze::Analysis;
use crate::rate::graph_sentences;
use crate::select::Selector;

/// SumBasic: frequent words first, each said once.
#[derive(Debug, Clone, Copy, Default)]
pub struct SumBasic;

impl Strategy for SumBasic {
    fn choose(&self, analysis: &Analysis<'_>, selector: &Selector) -> Choice {
        let total = analysis.total_terms().max(1) as f64;
        let mut procedure = Probabilities(
            analysis
                .term_frequency()
                .iter()
                .map(|&f| f64::from(f) / total)
                .collect(),
        );
        greedy::build(
            analysis,
            selector,
            graph_sentences(analysis),
            &mut procedure,
        )
    }

    /// None: SumBasic has no per-sentence ratings for MMR to re-rank.
    fn ratings(&self, _: &Analysis<'_>, _: &Selector) -> Option<Vec<f64>> {
        None
    }
}

/// The greedy step of SumBasic: each term's probability, squared once the summary holds it.
struct Probabilities(Vec<f64>);

impl Greedy for Probabilities {
    fn next(&mut self, analysis: &Analysis<'_>, admissible: &[usize]) -> Option<usize> {
        let probability = &self.0;
        // The most probable term still in play (ties to the lower term id)…
        let mut top = (u32::MAX, f64::NEG_INFINITY);
        for &i in admissible {
            for &(t, _) in analysis.term_counts(i) {
                let p = probability[t as usize];
                if p > top.1 || (p == top.1 && t < top.0) {
                    top = (t, p);
                }
            }
        }
        // …and the heaviest sentence that contains it (ties to the earlier sentence).
        let mut best = (0, f64::NEG_INFINITY);
        for (pos, &i) in admissible.iter().enumerate() {
            let counts = analysis.term_counts(i);
            if counts.binary_search_by_key(&top.0, |&(t, _)| t).is_err() {
                continue;
            }
            let sum: f64 = counts
                .iter()
                .map(|&(t, k)| f64::from(k) * probability[t as usize])
                .sum();
            let weight = sum / analysis.terms(i).len() as f64;
            if weight > best.1 {
                best = (pos, weight);
            }
        }
        Some(best.0)
    }

    fn add(&mut self, analysis: &Analysis<'_>, i: usize) {
        for &(t, _) in analysis.term_counts(i) {
            self.0[t as usize] *= self.0[t as usize];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::analyze::WordPipeline;
    use crate::rate::GRAPH_SENTENCE_LIMIT;
    use crate::select::Budget;

    fn budget(budget: Budget) -> Selector {
        Selector {
            budget,
            ..Default::default()
        }
    }

    fn choose(text: &str, selector: Selector) -> Choice {
        let doc = Document::parse(text);
        SumBasic.choose(&Analysis::new(&doc, &WordPipeline::default()), &selector)
    }

    const FLOOD: &str = "The flood hit the town and the mayor. \
         Flood town. \
         Flood town again. \
         The mayor closed the bridge.";

    #[test]
    fn frequent_words_first_then_new_ones() {
        // "flood" and "town" are the most frequent terms: sentence 1 (only those) goes first.
        // Their probabilities are then squared, so the sentence about the mayor's bridge (new
        // words) beats sentence 2, which repeats "flood town".
        let scores = choose(FLOOD, budget(Budget::Sentences(4))).scores;
        assert_eq!(scores.len(), 4);
        assert_eq!(scores[1], 1.0);
        assert!(scores[3] > scores[2], "{scores:?}");
        assert_eq!(choose(FLOOD, budget(Budget::Sentences(2))).picked, [1, 3]);
    }

    #[test]
    fn a_word_budget_is_filled_with_whole_sentences_chosen_for_what_is_left() {
        // Words: 10, 6, 6, 9; SumBasic's order is 0, 1, 2, 3. The first choice does not fit 9
        // words: the choice is made again among those that fit.
        const RIVER: &str = "The flood hit the town and the mayor on Sunday. \
             Flood water filled the town square. \
             The flood reached the town school. \
             The mayor closed the old bridge over the river.";
        assert_eq!(choose(RIVER, budget(Budget::Words(9))).picked, [2]);
        assert_eq!(choose(RIVER, budget(Budget::Words(16))).picked, [0, 1]);
        // Not one sentence fits: the first choice alone.
        assert_eq!(choose(RIVER, budget(Budget::Words(3))).picked, [0]);
        // FLOOD's "Flood town." (2 words) and "Flood town again." (3) would fit after its first
        // sentence (8) within 12 words, but say too little on their own to fill a word budget.
        assert_eq!(choose(FLOOD, budget(Budget::Words(12))).picked, [0]);
    }

    #[test]
    fn degenerate_documents() {
        for b in [Budget::Sentences(3), Budget::Words(10)] {
            assert!(choose("", budget(b)).picked.is_empty());
            assert!(
                choose("By . Daily Mail Reporter .", budget(b))
                    .picked
                    .is_empty()
            );
            assert_eq!(choose("The council met on Tuesday.", budget(b)).picked, [0]);
        }
        let none = choose("It was. And then it was not.", budget(Budget::Sentences(3)));
        assert_eq!(none.picked, [0, 1]);
        assert!(none.scores.iter().all(|&s| s == 0.0));
        let doc = Document::parse("By . Daily Mail Reporter . Rain fell. Rain fell.");
        let a = Analysis::new(&doc, &WordPipeline::default());
        assert!(!a.is_content(0));
        let choice = SumBasic.choose(&a, &budget(Budget::Sentences(3)));
        assert_eq!(choice.picked, [1, 2]);
        assert_eq!(choice.scores, [0.0, 1.0, 0.5]);
        // All scores finite even when probabilities underflow after many squarings.
        let long = "Rain fell. ".repeat(40);
        let scores = choose(&long, budget(Budget::Sentences(40))).scores;
        assert_eq!(scores.len(), 40);
        assert!(scores.iter().all(|s| s.is_finite() && *s > 0.0));
    }

    #[test]
    fn only_the_first_sentences_are_candidates() {
        let text: String = (0..GRAPH_SENTENCE_LIMIT + 5)
            .map(|k| format!("Rain fell on town {k}. "))
            .collect();
        let choice = choose(&text, budget(Budget::Sentences(GRAPH_SENTENCE_LIMIT + 5)));
        assert_eq!(choice.picked.len(), GRAPH_SENTENCE_LIMIT + 5);
        assert!(
            choice.scores[..GRAPH_SENTENCE_LIMIT]
                .iter()
                .all(|&s| s > 0.0)
        );
        assert!(
            choice.scores[GRAPH_SENTENCE_LIMIT..]
                .iter()
                .all(|&s| s == 0.0)
        );
    }
}
