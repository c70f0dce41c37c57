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
//! The greedy order continues until every considered sentence is placed, so the shared selector can
//! use any budget; the order becomes scores with [`scores_from_order`] (first pick highest). The
//! procedure is quadratic in the number of sentences, so it runs on the
//! first [`GRAPH_SENTENCE_LIMIT`] content sentences only, like the graph algorithms; later
//! sentences, boilerplate and sentences without terms score 0, the lowest score.
//!
//! [`GRAPH_SENTENCE_LIMIT`]: super::GRAPH_SENTENCE_LIMIT

use super::lexrank::graph_sentences;
use super::{Rater, scores_from_order};
use crate::analyze::Analysis;

/// SumBasic rater (greedy order as scores).
#[derive(Debug, Clone, Copy, Default)]
pub struct SumBasic;

impl Rater for SumBasic {
    fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64> {
        scores_from_order(analysis.len(), &greedy_order(analysis))
    }
}

/// The sentences in the order SumBasic picks them.
fn greedy_order(analysis: &Analysis<'_>) -> Vec<usize> {
    let mut remaining = graph_sentences(analysis);
    let total = analysis.total_terms() as f64;
    if remaining.is_empty() || total == 0.0 {
        return Vec::new();
    }
    let mut probability: Vec<f64> = analysis
        .term_frequency()
        .iter()
        .map(|&f| f64::from(f) / total)
        .collect();
    let mut order = Vec::with_capacity(remaining.len());
    // Stopping early once the deadline passes: the engine then reports it.
    while !remaining.is_empty() && !analysis.deadline().expired() {
        // The most probable term still in play (ties to the lower term id)…
        let mut top = (u32::MAX, f64::NEG_INFINITY);
        for &i in &remaining {
            for &(t, _) in analysis.term_counts(i) {
                let p = probability[t as usize];
                if p > top.1 || (p == top.1 && t < top.0) {
                    top = (t, p);
                }
            }
        }
        // …and the heaviest sentence that contains it (ties to the earlier sentence).
        let mut best = (0, f64::NEG_INFINITY);
        for (pos, &i) in remaining.iter().enumerate() {
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
        let i = remaining.remove(best.0);
        for &(t, _) in analysis.term_counts(i) {
            probability[t as usize] *= probability[t as usize];
        }
        order.push(i);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::analyze::WordPipeline;
    use crate::rate::GRAPH_SENTENCE_LIMIT;

    fn rate(text: &str) -> Vec<f64> {
        let doc = Document::parse(text);
        SumBasic.rate(&Analysis::new(&doc, &WordPipeline::default()))
    }

    #[test]
    fn frequent_words_first_then_new_ones() {
        // "flood" and "town" are the most frequent terms: sentence 1 (only those) goes first.
        // Their probabilities are then squared, so the sentence about the mayor's bridge (new
        // words) beats sentence 2, which repeats "flood town".
        let scores = rate(
            "The flood hit the town and the mayor. \
             Flood town. \
             Flood town again. \
             The mayor closed the bridge.",
        );
        assert_eq!(scores.len(), 4);
        assert_eq!(scores[1], 1.0);
        assert!(scores[3] > scores[2], "{scores:?}");
    }

    #[test]
    fn degenerate_documents() {
        assert!(rate("").is_empty());
        assert_eq!(rate("The council met on Tuesday."), [1.0]);
        assert!(
            rate("It was. And then it was not.")
                .iter()
                .all(|&s| s == 0.0)
        );
        assert_eq!(rate("Rain fell. Rain fell."), [1.0, 0.5]);
        // All scores finite even when probabilities underflow after many squarings.
        let long = "Rain fell. ".repeat(40);
        let scores = rate(&long);
        assert_eq!(scores.len(), 40);
        assert!(scores.iter().all(|s| s.is_finite() && *s > 0.0));
    }

    #[test]
    fn only_the_first_sentences_are_rated() {
        let text: String = (0..GRAPH_SENTENCE_LIMIT + 5)
            .map(|k| format!("Rain fell on town {k}. "))
            .collect();
        let scores = rate(&text);
        assert_eq!(scores.len(), GRAPH_SENTENCE_LIMIT + 5);
        assert!(scores[..GRAPH_SENTENCE_LIMIT].iter().all(|&s| s > 0.0));
        assert!(scores[GRAPH_SENTENCE_LIMIT..].iter().all(|&s| s == 0.0));
    }
}
