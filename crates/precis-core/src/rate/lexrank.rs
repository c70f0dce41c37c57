//! LexRank: eigenvector centrality on the sentence similarity graph.
//!
//! Continuous LexRank (Erkan & Radev 2004, *LexRank: graph-based lexical centrality as salience in
//! text summarization*, Algorithm 3): sentences are nodes, every pair is joined by an edge weighted
//! with the idf-modified cosine of the two sentences — exactly the cosine of their tf-idf vectors,
//! which [`Analysis::tfidf`] already holds. Each row of the matrix is normalized to sum 1, and the
//! stationary distribution of the random walk with damping is found by power iteration. A sentence
//! is central when sentences that are themselves central resemble it.
//!
//! Parameters ([`LexRank::default`]):
//! - `damping` 0.85: the PageRank value the paper adopts (a 0.15 chance of jumping to a random
//!   sentence at each step), which also bounds the number of iterations: the error shrinks by 0.85
//!   per step.
//! - `tolerance` 1e-7 (L1 change of the score vector) and `max_iterations` 100: scores sum to 1, so
//!   1e-7 is far below any difference that changes a ranking, and 0.85¹⁰⁰ ≈ 1e-7 means the cap is
//!   only reached when convergence was already as good as the tolerance asks.
//! - No self-loops: the paper's matrix keeps the diagonal (every sentence resembles itself with
//!   cosine 1), but that hands an isolated sentence back all its own mass, so an off-topic sentence
//!   scores as well as an average one. Without the diagonal, centrality comes only from other
//!   sentences and an isolated sentence gets the random-jump floor. On CNN/DailyMail validation
//!   the two measured the same (within 0.1 ROUGE), so the choice rests on that argument.
//!
//! Only the first [`GRAPH_SENTENCE_LIMIT`] content sentences enter the graph (its cost is
//! quadratic); later sentences, boilerplate and sentences without terms score 0, the lowest score.

use super::{GRAPH_SENTENCE_LIMIT, Rater};
use crate::analyze::Analysis;

/// Continuous LexRank rater.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LexRank {
    /// Probability of following an edge rather than jumping to a random sentence.
    pub damping: f64,
    /// Power iteration stops when the L1 change of the scores falls below this.
    pub tolerance: f64,
    /// Power iteration stops after this many steps in any case.
    pub max_iterations: usize,
}

impl Default for LexRank {
    fn default() -> Self {
        LexRank {
            damping: 0.85,
            tolerance: 1e-7,
            max_iterations: 100,
        }
    }
}

impl Rater for LexRank {
    fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64> {
        let mut scores = vec![0.0; analysis.len()];
        let nodes = graph_sentences(analysis);
        let n = nodes.len();
        if n == 0 {
            return scores;
        }
        // Dense symmetric cosine matrix. Each sentence's vector is scattered into a dense array
        // once, so the n²/2 dot products are gathers instead of sorted merges.
        let mut weights = vec![0.0; n * n];
        let mut dense = vec![0.0; analysis.vocabulary().len()];
        for (a, &i) in nodes.iter().enumerate() {
            let vi = analysis.tfidf(i);
            for &(t, w) in &vi.entries {
                dense[t as usize] = w;
            }
            for (b, &j) in nodes.iter().enumerate().skip(a + 1) {
                let vj = analysis.tfidf(j);
                let dot: f64 = vj.entries.iter().map(|&(t, w)| dense[t as usize] * w).sum();
                let cosine = dot / (vi.norm * vj.norm);
                weights[a * n + b] = cosine;
                weights[b * n + a] = cosine;
            }
            for &(t, _) in &vi.entries {
                dense[t as usize] = 0.0;
            }
        }
        let ranks = power_iteration(
            &mut weights,
            n,
            self.damping,
            self.tolerance,
            self.max_iterations,
        );
        for (&i, r) in nodes.iter().zip(ranks) {
            scores[i] = r;
        }
        scores
    }
}

/// The sentences a graph or matrix algorithm works on: the first [`GRAPH_SENTENCE_LIMIT`] content
/// sentences, less those without terms (they have no edges and no vector).
pub(super) fn graph_sentences(analysis: &Analysis<'_>) -> Vec<usize> {
    analysis
        .content()
        .iter()
        .take(GRAPH_SENTENCE_LIMIT)
        .copied()
        .filter(|&i| !analysis.terms(i).is_empty())
        .collect()
}

/// Weighted PageRank by power iteration, shared by LexRank and TextRank.
///
/// `weights` is an `n × n` row-major matrix of non-negative edge weights; it is normalized in place
/// so that each row sums to 1. Iterates `p ← (1 − d)/n + d · Wᵀp` from the uniform vector until the
/// L1 change is below `tolerance` or `max_iterations` steps were taken. A node with no edges passes
/// nothing on (as in TextRank's formula), so it keeps only the `(1 − d)/n` floor.
pub(super) fn power_iteration(
    weights: &mut [f64],
    n: usize,
    damping: f64,
    tolerance: f64,
    max_iterations: usize,
) -> Vec<f64> {
    debug_assert_eq!(weights.len(), n * n);
    if n == 0 {
        return Vec::new();
    }
    for row in weights.chunks_exact_mut(n) {
        let sum: f64 = row.iter().sum();
        if sum > 0.0 && sum.is_finite() {
            row.iter_mut().for_each(|w| *w /= sum);
        } else {
            row.iter_mut().for_each(|w| *w = 0.0);
        }
    }
    let floor = (1.0 - damping) / n as f64;
    let mut rank = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    for _ in 0..max_iterations {
        next.iter_mut().for_each(|x| *x = floor);
        for (row, &r) in weights.chunks_exact(n).zip(&rank) {
            let pass = damping * r;
            if pass == 0.0 {
                continue;
            }
            for (x, &w) in next.iter_mut().zip(row) {
                *x += pass * w;
            }
        }
        let change: f64 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if change < tolerance {
            break;
        }
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::analyze::WordPipeline;

    fn rate(text: &str) -> Vec<f64> {
        let doc = Document::parse(text);
        let a = Analysis::new(&doc, &WordPipeline::default());
        LexRank::default().rate(&a)
    }

    fn best(scores: &[f64]) -> usize {
        (0..scores.len())
            .max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a)))
            .unwrap()
    }

    #[test]
    fn the_sentence_sharing_most_with_the_others_ranks_first() {
        let scores = rate(
            "Ducks swim in the pond. \
             The storm flooded the river town and closed the river bridge. \
             Rain flooded the town. \
             The river rose overnight. \
             The bridge closed at noon.",
        );
        assert_eq!(scores.len(), 5);
        assert_eq!(best(&scores), 1);
        // The off-topic sentence has no edge: it keeps only the random-jump floor.
        assert!(scores[0] < scores[2] && scores[0] > 0.0);
    }

    #[test]
    fn degenerate_documents() {
        assert!(rate("").is_empty());
        let one = rate("The council met on Tuesday.");
        assert_eq!(one.len(), 1);
        assert!(one[0] > 0.0);
        // Stop words only: no terms, lowest score, no NaN.
        let none = rate("It was. And then it was not. Who is he?");
        assert!(none.iter().all(|&s| s == 0.0));
        let same = rate("Rain fell. Rain fell. Rain fell.");
        assert!(same.iter().all(|s| (s - 1.0 / 3.0).abs() < 1e-9));
    }

    #[test]
    fn power_iteration_is_a_distribution_on_a_connected_graph() {
        let mut w = vec![0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let p = power_iteration(&mut w, 3, 0.85, 1e-12, 1000);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(p[0] > p[1] && (p[1] - p[2]).abs() < 1e-12);
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
