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
        // Symmetric cosine matrix. Only pairs that share a term have a non-zero dot product: the
        // inverted index yields just those, each pair's products in increasing term order (that
        // of a merge of the two vectors), and every other pair keeps the 0 it starts with.
        let mut weights = vec![0.0; n * n];
        let mut postings = Postings::new(analysis.vocabulary().len(), n, |a| {
            analysis.tfidf(nodes[a]).entries.iter().copied()
        });
        let mut dot = vec![0.0; n];
        let mut shared = Vec::with_capacity(n);
        let mut stamp = vec![0u32; n];
        for (a, &i) in nodes.iter().enumerate() {
            let vi = analysis.tfidf(i);
            let mark = a as u32 + 1;
            for &(t, w) in &vi.entries {
                let (later, weights_later) = postings.later(t);
                for (&b, &wb) in later.iter().zip(weights_later) {
                    let b = b as usize;
                    if stamp[b] != mark {
                        stamp[b] = mark;
                        shared.push(b);
                    }
                    dot[b] += w * wb;
                }
            }
            for b in shared.drain(..) {
                let cosine = dot[b] / (vi.norm * analysis.tfidf(nodes[b]).norm);
                dot[b] = 0.0;
                weights[a * n + b] = cosine;
                weights[b * n + a] = cosine;
            }
        }
        let ranks = power_iteration(
            &weights,
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

/// The terms of the graph sentences inverted: for each term, the sentences that hold it
/// (positions in the graph's node list, in order), each with a payload (its weight, or nothing).
/// Visiting the sentences in order, [`Postings::later`] gives the pairs that share a term, so a
/// similarity matrix costs the shared terms rather than all n² pairs.
pub(super) struct Postings<T> {
    /// Term `t`'s list is `starts[t]..starts[t + 1]` of `nodes` and `payloads`.
    starts: Vec<u32>,
    /// Where term `t`'s list continues past the sentences already visited.
    cursor: Vec<u32>,
    nodes: Vec<u32>,
    payloads: Vec<T>,
}

impl<T: Copy + Default> Postings<T> {
    /// The index of `n` sentences over `vocabulary` terms; `entries(a)` lists sentence `a`'s
    /// distinct terms (each with its payload).
    pub(super) fn new<I: Iterator<Item = (u32, T)>>(
        vocabulary: usize,
        n: usize,
        entries: impl Fn(usize) -> I,
    ) -> Postings<T> {
        // A counting sort by term: counts, then starts, then each sentence in its terms' lists.
        let mut starts = vec![0u32; vocabulary + 1];
        for a in 0..n {
            for (t, _) in entries(a) {
                starts[t as usize + 1] += 1;
            }
        }
        for t in 0..vocabulary {
            starts[t + 1] += starts[t];
        }
        let total = starts[vocabulary] as usize;
        let mut cursor = starts[..vocabulary].to_vec();
        let mut nodes = vec![0u32; total];
        let mut payloads = vec![T::default(); total];
        for a in 0..n {
            for (t, payload) in entries(a) {
                let at = &mut cursor[t as usize];
                nodes[*at as usize] = a as u32;
                payloads[*at as usize] = payload;
                *at += 1;
            }
        }
        cursor.copy_from_slice(&starts[..vocabulary]);
        Postings {
            starts,
            cursor,
            nodes,
            payloads,
        }
    }

    /// The sentences after the current one that hold term `t`, with their payloads. The caller
    /// visits the sentences in order and asks, for each, about each of its terms once: the
    /// current sentence is then the next one in `t`'s list, which this steps past.
    pub(super) fn later(&mut self, t: u32) -> (&[u32], &[T]) {
        let t = t as usize;
        let at = self.cursor[t] as usize + 1;
        self.cursor[t] += 1;
        let end = self.starts[t + 1] as usize;
        (&self.nodes[at..end], &self.payloads[at..end])
    }
}

/// Columns of the matrix that one pass of the power iteration's inner loop updates: eight sums
/// held in registers while the loop runs down all the rows.
const PANEL: usize = 8;

/// Weighted PageRank by power iteration, shared by LexRank and TextRank.
///
/// `weights` is an `n × n` row-major matrix of non-negative edge weights; each row is normalized
/// to sum to 1. Iterates `p ← (1 − d)/n + d · Wᵀp` from the uniform vector until the L1 change
/// is below `tolerance` or `max_iterations` steps were taken. A node with no edges passes nothing
/// on (as in TextRank's formula), so it keeps only the `(1 − d)/n` floor.
pub(super) fn power_iteration(
    weights: &[f64],
    n: usize,
    damping: f64,
    tolerance: f64,
    max_iterations: usize,
) -> Vec<f64> {
    debug_assert_eq!(weights.len(), n * n);
    if n == 0 {
        return Vec::new();
    }
    // The normalized matrix in panels of PANEL columns (the last padded with zeros): panel `p`
    // holds columns `p·PANEL..` of row 0, then of row 1, …, so that one panel's sums stay in
    // registers over all the rows instead of being loaded and stored once per row.
    let panels = n.div_ceil(PANEL);
    let mut matrix = vec![[0.0; PANEL]; panels * n];
    for (j, row) in weights.chunks_exact(n).enumerate() {
        let sum: f64 = row.iter().sum();
        // Otherwise the row stays 0: the node passes nothing on.
        if sum > 0.0 && sum.is_finite() {
            for (p, columns) in row.chunks(PANEL).enumerate() {
                for (m, &w) in matrix[p * n + j].iter_mut().zip(columns) {
                    *m = w / sum;
                }
            }
        }
    }
    // Columns of the last panel that are computed: the rest is padding, an even number of
    // columns being as cheap as one less.
    let last = match n - (panels - 1) * PANEL {
        1 | 2 => 2,
        3 | 4 => 4,
        5 | 6 => 6,
        _ => 8,
    };
    let floor = (1.0 - damping) / n as f64;
    let mut rank = vec![1.0 / n as f64; panels * PANEL];
    let mut next = vec![0.0; panels * PANEL];
    // What each node passes on, twice: a pair of lanes loads in one instruction.
    let mut pass = vec![[0.0; 2]; n];
    for _ in 0..max_iterations {
        let mut some_zero = false;
        for (p, &r) in pass.iter_mut().zip(&rank) {
            let x = damping * r;
            *p = [x, x];
            some_zero |= x == 0.0;
        }
        let panel_sums = matrix
            .chunks_exact(n)
            .zip(next.chunks_exact_mut(PANEL))
            .enumerate();
        for (k, (panel, out)) in panel_sums {
            let out: &mut [f64; PANEL] = out.try_into().expect("a panel of columns");
            let width = if k + 1 == panels { last } else { PANEL };
            match (width, some_zero) {
                (_, true) => spread_sparse(panel, &pass, floor, out),
                (2, false) => spread::<2>(panel, &pass, floor, out),
                (4, false) => spread::<4>(panel, &pass, floor, out),
                (6, false) => spread::<6>(panel, &pass, floor, out),
                _ => spread::<PANEL>(panel, &pass, floor, out),
            }
        }
        let change: f64 = rank[..n]
            .iter()
            .zip(&next)
            .map(|(a, b)| (a - b).abs())
            .sum();
        std::mem::swap(&mut rank, &mut next);
        if change < tolerance {
            break;
        }
    }
    rank.truncate(n);
    rank
}

/// The first `W` sums of one panel: `floor` plus, row after row, what the row's node passes on
/// times its weights. Two rows a step, to halve the loop's own instructions.
fn spread<const W: usize>(
    panel: &[[f64; PANEL]],
    pass: &[[f64; 2]],
    floor: f64,
    out: &mut [f64; PANEL],
) {
    let mut sums = [floor; W];
    let (rows, pairs) = (panel.chunks_exact(2), pass.chunks_exact(2));
    let (last_row, last_pass) = (rows.remainder(), pairs.remainder());
    for (row, p) in rows.zip(pairs) {
        add_scaled(&mut sums, &row[0], &p[0]);
        add_scaled(&mut sums, &row[1], &p[1]);
    }
    if let ([row], [p]) = (last_row, last_pass) {
        add_scaled(&mut sums, row, p);
    }
    out[..W].copy_from_slice(&sums);
}

/// [`spread`] when some node passes on 0: its row is skipped, as adding 0 × w is not always a
/// no-op (w may be infinite in a caller's matrix).
fn spread_sparse(panel: &[[f64; PANEL]], pass: &[[f64; 2]], floor: f64, out: &mut [f64; PANEL]) {
    let mut sums = [floor; PANEL];
    for (row, p) in panel.iter().zip(pass).filter(|(_, p)| p[0] != 0.0) {
        add_scaled(&mut sums, row, p);
    }
    *out = sums;
}

/// `sums += p · row` over the first `W` columns, each sum adding one product.
#[inline(always)]
fn add_scaled<const W: usize>(sums: &mut [f64; W], row: &[f64; PANEL], p: &[f64; 2]) {
    let row: &[f64; W] = row.first_chunk().expect("W ≤ PANEL");
    for k in 0..W {
        sums[k] += p[k % 2] * row[k];
    }
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
        let w = vec![0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let p = power_iteration(&w, 3, 0.85, 1e-12, 1000);
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
