//! Summaries built one sentence at a time, under the caller's budget: the loop that KL-Sum,
//! SumBasic and the greedy ROUGE oracle (`precis-eval`) share, so that a budget and a redundancy
//! setting mean for them what they mean for the shared [`Selector`].
//!
//! A procedure ([`Greedy`]) says which sentence to add next; [`build`] offers it only the
//! sentences that may still join:
//!
//! - **budget:** while it has room. With `Sentences(n)`, `n` picks. With `Words(n)`, a sentence
//!   that would overflow the budget is skipped and the next step chooses among those that fit
//!   (whole sentences only, and only those that say something on their own,
//!   [`Analysis::carries_content`]). With `Threshold`, a pick's rating is its place in the order (below).
//! - **redundancy:** trigram blocking is a test of admissibility: a sentence that shares a word
//!   trigram with one already picked is not offered. MMR is not applied: these procedures weigh
//!   what the summary already says by their own rule.
//! - **content:** only the procedure's candidates (content sentences, so never boilerplate).
//!   When the candidates run out before the budget does, the other content sentences with words
//!   follow in document order, as the shared selector would take them after the rated ones.
//! - **degenerate budgets:** when not even one sentence fits a word budget, the procedure's first
//!   choice comes alone, as with the shared selector.
//!
//! The chosen sentences come back in document order. [`Choice::scores`] is the order of the picks:
//! the `k`-th pick (from 0) scores `1 − k / N`, `N` being the number of candidates; a sentence not
//! picked (or a filler) scores 0.
//!
//! ```
//! use precis_core::analyze::{Analysis, WordPipeline};
//! use precis_core::strategy::greedy::{self, Greedy};
//! use precis_core::{Budget, Document, Selector};
//!
//! /// Picks the longest sentence first.
//! struct Longest;
//! impl Greedy for Longest {
//!     fn next(&mut self, a: &Analysis<'_>, admissible: &[usize]) -> Option<usize> {
//!         (0..admissible.len()).max_by_key(|&k| (a.word_count(admissible[k]), std::cmp::Reverse(k)))
//!     }
//!     fn add(&mut self, _: &Analysis<'_>, _: usize) {}
//! }
//!
//! let doc = Document::parse("Rain fell. The river rose over the old stone bridge in town. \
//!     Schools closed for the day. Buses ran late across the county.");
//! let analysis = Analysis::new(&doc, &WordPipeline::default());
//! let selector = Selector { budget: Budget::Words(18), ..Default::default() };
//! let choice = greedy::build(&analysis, &selector, analysis.content().to_vec(), &mut Longest);
//! // The 10-word sentence first, then the 6-word one; the 5-word one would overflow 18 words,
//! // and `Rain fell.` would fit but says too little on its own to fill a word budget.
//! assert_eq!(choice.picked, [1, 3]);
//! assert_eq!(choice.scores, [0.0, 1.0, 0.0, 0.75]);
//! ```

use super::Choice;
use crate::analyze::Analysis;
use crate::select::{Budget, Fit, Picks, Selector};

/// A procedure that builds a summary one sentence at a time.
pub trait Greedy {
    /// The position in `admissible` of the sentence to add next, or `None` to stop here.
    /// `admissible` (never empty) holds the candidates not yet picked that may join the summary,
    /// in document order.
    fn next(&mut self, analysis: &Analysis<'_>, admissible: &[usize]) -> Option<usize>;

    /// Sentence `i` joined the summary.
    fn add(&mut self, analysis: &Analysis<'_>, i: usize);
}

/// The summary `procedure` builds from `candidates` (content sentences, in document order) under
/// `selector`; see the module documentation for what the budget and redundancy settings mean.
pub fn build(
    analysis: &Analysis<'_>,
    selector: &Selector,
    candidates: Vec<usize>,
    procedure: &mut dyn Greedy,
) -> Choice {
    let considered = candidates.len();
    let mut candidate = vec![false; analysis.len()];
    for &i in &candidates {
        candidate[i] = true;
    }
    let mut scores = vec![0.0; analysis.len()];
    let mut picks = Picks::new(selector, analysis);
    let mut remaining = candidates;
    let mut admissible = Vec::with_capacity(remaining.len());
    // Whether the other sentences may still fill the budget: not when it is full or when the
    // procedure chose to stop.
    let mut open = true;
    while !remaining.is_empty() {
        if analysis.deadline().expired() {
            // The engine reports the deadline; what was picked so far is dropped.
            return Choice::default();
        }
        let rating = (considered - picks.picked.len()) as f64 / considered as f64;
        admissible.clear();
        for &i in &remaining {
            match picks.admits(analysis, i, rating) {
                Fit::Full => {
                    open = false;
                    break;
                }
                Fit::No => {}
                Fit::Yes => admissible.push(i),
            }
        }
        if !open || admissible.is_empty() {
            break;
        }
        let Some(i) = procedure.next(analysis, &admissible).map(|k| admissible[k]) else {
            open = false;
            break;
        };
        remaining.retain(|&j| j != i);
        procedure.add(analysis, i);
        picks.add(analysis, i);
        scores[i] = rating;
    }
    let others = || {
        analysis
            .content()
            .iter()
            .copied()
            .filter(|&i| !candidate[i] && analysis.word_count(i) > 0)
    };
    if open {
        for i in others() {
            match picks.admits(analysis, i, 0.0) {
                Fit::Full => break,
                Fit::No => {}
                Fit::Yes => picks.add(analysis, i),
            }
        }
    }
    let mut first = None;
    if picks.picked.is_empty() && matches!(selector.budget, Budget::Words(_)) {
        // Nothing fits: nothing was added, so the procedure is as new and its first choice
        // among all candidates is the one it would have made without a budget.
        first = match remaining.is_empty() {
            false => procedure.next(analysis, &remaining).map(|k| remaining[k]),
            true => None,
        };
        match first {
            Some(i) => scores[i] = 1.0,
            None => first = others().next(),
        }
    }
    Choice {
        picked: selector.settle(first, picks.picked),
        scores,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::WordPipeline;
    use crate::select::Redundancy;
    use crate::{Document, analyze::Analysis};

    /// Takes the candidates in the order given, stopping after `stop` picks.
    struct InOrder {
        order: Vec<usize>,
        stop: usize,
        added: Vec<usize>,
    }

    impl Greedy for InOrder {
        fn next(&mut self, _: &Analysis<'_>, admissible: &[usize]) -> Option<usize> {
            if self.added.len() == self.stop {
                return None;
            }
            let i = self.order.iter().find(|i| admissible.contains(i))?;
            admissible.iter().position(|j| j == i)
        }
        fn add(&mut self, _: &Analysis<'_>, i: usize) {
            self.added.push(i);
        }
    }

    fn run(text: &str, selector: Selector, candidates: &[usize], order: &[usize]) -> Choice {
        let doc = Document::parse(text);
        let a = Analysis::new(&doc, &WordPipeline::default());
        let mut procedure = InOrder {
            order: order.to_vec(),
            stop: usize::MAX,
            added: Vec::new(),
        };
        build(&a, &selector, candidates.to_vec(), &mut procedure)
    }

    const TEXT: &str = "The storm hit the coast on Monday. \
        The storm hit the coast on Monday night. \
        Thousands lost power across the region. \
        Schools will reopen on Thursday.";

    fn budget(budget: Budget) -> Selector {
        Selector {
            budget,
            ..Default::default()
        }
    }

    #[test]
    fn sentence_budget_in_document_order_with_order_as_scores() {
        let c = run(
            TEXT,
            budget(Budget::Sentences(2)),
            &[0, 1, 2, 3],
            &[3, 1, 0, 2],
        );
        assert_eq!(c.picked, [1, 3]);
        assert_eq!(c.scores, [0.0, 0.75, 0.0, 1.0]);
    }

    #[test]
    fn word_budget_skips_what_does_not_fit_and_goes_on() {
        // 7, 8, 6 and 5 words: after sentence 1 (8), sentence 0 (7) would make 15 > 14, so the
        // next choice is among those that fit: sentence 3 (5), then nothing fits.
        let c = run(
            TEXT,
            budget(Budget::Words(14)),
            &[0, 1, 2, 3],
            &[1, 0, 3, 2],
        );
        assert_eq!(c.picked, [1, 3]);
        // Not one sentence fits: the procedure's first choice comes alone.
        let c = run(TEXT, budget(Budget::Words(3)), &[0, 1, 2, 3], &[2, 0]);
        assert_eq!(c.picked, [2]);
        assert_eq!(c.scores[2], 1.0);
    }

    #[test]
    fn trigram_blocking_is_a_test_of_admissibility() {
        let s = Selector {
            budget: Budget::Sentences(2),
            redundancy: Redundancy::Trigram,
        };
        // Sentence 1 repeats "the storm hit" of sentence 0: it is never offered.
        let c = run(TEXT, s, &[0, 1, 2, 3], &[0, 1, 3, 2]);
        assert_eq!(c.picked, [0, 3]);
    }

    #[test]
    fn other_sentences_fill_in_document_order_when_candidates_run_out() {
        let c = run(TEXT, budget(Budget::Sentences(3)), &[2], &[2]);
        assert_eq!(c.picked, [0, 1, 2]);
        assert_eq!(c.scores, [0.0, 0.0, 1.0, 0.0]);
        // A procedure that stops is not filled in.
        let doc = Document::parse(TEXT);
        let a = Analysis::new(&doc, &WordPipeline::default());
        let mut stops = InOrder {
            order: vec![3, 0],
            stop: 1,
            added: Vec::new(),
        };
        let c = build(&a, &budget(Budget::Sentences(3)), vec![0, 3], &mut stops);
        assert_eq!(c.picked, [3]);
    }

    #[test]
    fn never_boilerplate_and_degenerate_inputs() {
        let text = "By . Daily Mail Reporter . The vote passed. Nobody objected.";
        let doc = Document::parse(text);
        let a = Analysis::new(&doc, &WordPipeline::default());
        assert!(!a.is_content(0));
        let c = build(
            &a,
            &budget(Budget::Sentences(5)),
            vec![],
            &mut InOrder {
                order: vec![],
                stop: usize::MAX,
                added: vec![],
            },
        );
        assert_eq!(c.picked, [1, 2]);
        for text in ["", "By . Daily Mail Reporter ."] {
            for b in [Budget::Sentences(3), Budget::Words(10)] {
                let c = run(text, budget(b), &[], &[]);
                assert!(c.picked.is_empty(), "{text:?} {b:?}");
            }
        }
    }
}
