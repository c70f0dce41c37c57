//! TextRank: PageRank over the word-overlap sentence graph.
//!
//! Sentence extraction as in Mihalcea & Tarau 2004, *TextRank: bringing order into texts* (§4):
//! sentences are nodes of an undirected graph, and two sentences are joined by an edge of weight
//!
//! ```text
//! similarity(Si, Sj) = |{w : w ∈ Si and w ∈ Sj}| / (ln |Si| + ln |Sj|)
//! ```
//!
//! where words are the shared word pipeline's terms (stop words removed, stemmed), the overlap
//! counts distinct terms and `|S|` is the number of terms of a sentence. The length normalization
//! is what separates TextRank from raw overlap: long sentences share more words by chance.
//! Sentences are then ranked by weighted PageRank,
//!
//! ```text
//! WS(Vi) = (1 − d) + d · Σj [wji / Σk wjk] · WS(Vj)
//! ```
//!
//! computed up to a constant factor, which leaves the ranking unchanged (the power iteration is
//! shared with [`super::lexrank`]).
//!
//! Parameters ([`TextRank::default`]): `damping` 0.85 as in the paper; `tolerance` 1e-7 on the L1
//! change of the (sum-to-one) scores and `max_iterations` 100 — finer than the paper's own
//! threshold of 0.0001 per node. When both sentences have a single term the denominator is 0;
//! such a pair gets no edge, as in gensim's implementation.
//!
//! Only the first [`GRAPH_SENTENCE_LIMIT`] content sentences enter the graph (its cost is
//! quadratic); later sentences, boilerplate and sentences without terms score 0, the lowest score.
//!
//! [`GRAPH_SENTENCE_LIMIT`]: super::GRAPH_SENTENCE_LIMIT

use super::Rater;
use super::lexrank::{Graph, filled, graph_sentences, power_iteration, shared_terms};
use crate::analyze::Analysis;

/// Sentence TextRank rater.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextRank {
    /// Probability of following an edge rather than jumping to a random sentence.
    pub damping: f64,
    /// Power iteration stops when the L1 change of the scores falls below this.
    pub tolerance: f64,
    /// Power iteration stops after this many steps in any case.
    pub max_iterations: usize,
}

impl Default for TextRank {
    fn default() -> Self {
        TextRank {
            damping: 0.85,
            tolerance: 1e-7,
            max_iterations: 100,
        }
    }
}

impl Rater for TextRank {
    fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64> {
        let mut scores = filled(analysis.len(), 0.0);
        let nodes = graph_sentences(analysis);
        let n = nodes.len();
        if n == 0 {
            return scores;
        }
        let log_len: Vec<f64> = nodes
            .iter()
            .map(|&i| (analysis.terms(i).len() as f64).ln())
            .collect();
        // Count each pair's shared distinct terms through the inverted index: only pairs that
        // share a term are visited (counts are small integers, exact in f64), and every other
        // pair keeps the 0 it starts with (0 / a positive denominator).
        let mut graph = Graph::new(n);
        shared_terms(
            analysis.vocabulary().len(),
            n,
            |a| analysis.term_counts(nodes[a]).iter().map(|&(t, _)| (t, ())),
            |a, (), later| {
                let (column, lane) = graph.column(a);
                for &(b, ()) in later {
                    column[b as usize][lane] += 1.0;
                }
            },
        );
        graph.symmetrize(|a, b, overlap| {
            let denominator = log_len[a] + log_len[b];
            if denominator <= 0.0 {
                0.0
            } else {
                overlap / denominator
            }
        });
        let ranks = power_iteration(graph, self.damping, self.tolerance, self.max_iterations);
        for (&i, r) in nodes.iter().zip(ranks) {
            scores[i] = r;
        }
        scores
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::analyze::WordPipeline;
    use crate::rate::GRAPH_SENTENCE_LIMIT;

    fn rate(text: &str) -> Vec<f64> {
        let doc = Document::parse(text);
        let a = Analysis::new(&doc, &WordPipeline::default());
        TextRank::default().rate(&a)
    }

    #[test]
    fn the_hub_sentence_ranks_first() {
        let scores = rate(
            "Ducks swim in the pond. \
             The storm flooded the river town and closed the river bridge. \
             Rain flooded the town. \
             The river rose overnight. \
             The bridge closed at noon.",
        );
        assert_eq!(scores.len(), 5);
        let best = (0..5)
            .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
            .unwrap();
        assert_eq!(best, 1);
        assert!(scores[0] < scores[2]);
    }

    #[test]
    fn degenerate_documents() {
        assert!(rate("").is_empty());
        assert_eq!(rate("The council met on Tuesday.").len(), 1);
        assert!(
            rate("It was. And then it was not.")
                .iter()
                .all(|&s| s == 0.0)
        );
        // Single-term sentences: the formula's denominator is 0, so no edges, equal finite scores.
        let single = rate("Rain. Rain. Rain.");
        assert!(single.iter().all(|s| s.is_finite() && *s > 0.0));
        assert!(single.windows(2).all(|w| w[0] == w[1]));
    }

    #[test]
    fn boilerplate_is_not_rated() {
        let text = "By . Daily Mail Reporter . Rain flooded the town. The town flooded.";
        assert!(!Document::parse(text).sentences()[0].is_content());
        let scores = rate(text);
        assert_eq!(scores[0], 0.0);
        assert!(*scores.last().unwrap() > 0.0);
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
