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
//! Only the first [`GRAPH_SENTENCE_LIMIT`] content sentences, within [`GRAPH_TERM_LIMIT`] terms,
//! enter the graph (its cost is quadratic); later sentences, boilerplate and sentences without
//! terms score 0, the lowest score.

use super::{GRAPH_SENTENCE_LIMIT, GRAPH_TERM_LIMIT, Rater};
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
        let mut scores = filled(analysis.len(), 0.0);
        let nodes = graph_sentences(analysis);
        let n = nodes.len();
        if n == 0 {
            return scores;
        }
        // Symmetric cosine matrix. Only pairs that share a term have a non-zero dot product: the
        // inverted index yields just those, each pair's products in increasing term order (that
        // of a merge of the two vectors), and every other pair keeps the 0 it starts with.
        let mut graph = Graph::new(n);
        shared_terms(
            analysis.vocabulary().len(),
            n,
            |a| analysis.tfidf(nodes[a]).entries.iter().copied(),
            |a, x, later| {
                let (column, lane) = graph.column(a);
                for &(b, y) in later {
                    column[b as usize][lane] += x * y;
                }
            },
        );
        let norms: Vec<f64> = nodes.iter().map(|&i| analysis.tfidf(i).norm).collect();
        graph.symmetrize(|a, b, dot| dot / (norms[a] * norms[b]));
        let ranks = power_iteration(graph, self.damping, self.tolerance, self.max_iterations);
        for (&i, r) in nodes.iter().zip(ranks) {
            scores[i] = r;
        }
        scores
    }
}

/// `n` copies of `value`. Not `vec![value; n]`: for a zero value that asks the allocator for
/// zeroed memory, which (mimalloc's aligned path) costs several times the writes here.
pub(super) fn filled<T: Clone>(n: usize, value: T) -> Vec<T> {
    let mut v = Vec::with_capacity(n);
    v.resize(n, value);
    v
}

/// The sentences a graph or matrix algorithm works on: the first [`GRAPH_SENTENCE_LIMIT`] content
/// sentences, less those without terms (they have no edges and no vector), up to
/// [`GRAPH_TERM_LIMIT`] terms in all.
pub(crate) fn graph_sentences(analysis: &Analysis<'_>) -> Vec<usize> {
    let mut terms = 0;
    analysis
        .content()
        .iter()
        .take(GRAPH_SENTENCE_LIMIT)
        .copied()
        .filter(|&i| !analysis.terms(i).is_empty())
        .take_while(|&i| {
            let first = terms == 0;
            terms += analysis.terms(i).len();
            first || terms <= GRAPH_TERM_LIMIT
        })
        .collect()
}

/// Visits the pairs of graph sentences that share a term, through an inverted index: for each
/// term in increasing order and each sentence `a` holding it, `visit(a, x, later)`, where `x` is
/// the payload of `a`'s entry and `later` the sentences after `a` holding the term (positions in
/// the node list, increasing), each with its payload. A pair's shared terms thus come in
/// increasing order, as in a merge of the two sorted entry lists, and pairs that share nothing
/// cost nothing. `entries(a)` lists sentence `a`'s distinct terms, each with its payload.
pub(super) fn shared_terms<T: Copy + Default, I: Iterator<Item = (u32, T)>>(
    vocabulary: usize,
    n: usize,
    entries: impl Fn(usize) -> I,
    mut visit: impl FnMut(usize, T, &[(u32, T)]),
) {
    // A counting sort by term: `ends[t + 1]` counts, then (prefix sums) `ends[t]` is where
    // term t's list starts, and after the sentences are placed, where it ends.
    let mut ends = filled(vocabulary + 1, 0u32);
    for a in 0..n {
        for (t, _) in entries(a) {
            ends[t as usize + 1] += 1;
        }
    }
    let mut sum = 0;
    for end in &mut ends {
        sum += *end;
        *end = sum;
    }
    let mut postings = filled(sum as usize, (0, T::default()));
    for a in 0..n {
        for (t, payload) in entries(a) {
            let at = &mut ends[t as usize];
            postings[*at as usize] = (a as u32, payload);
            *at += 1;
        }
    }
    let mut rest = &postings[..];
    let mut start = 0;
    for &end in &ends[..vocabulary] {
        let (list, tail) = rest.split_at(end as usize - start);
        (rest, start) = (tail, end as usize);
        // A term of one sentence pairs nothing.
        if list.len() > 1 {
            for (k, &(a, x)) in list.iter().enumerate() {
                visit(a as usize, x, &list[k + 1..]);
            }
        }
    }
}

/// Columns of the matrix that one pass of the power iteration's inner loop updates: eight sums
/// held in registers while the loop runs down all the rows.
const PANEL: usize = 8;

/// The `n × n` weight matrix of a sentence graph (row `j` holds the weights of the edges out of
/// node `j`), laid out as [`power_iteration`] reads it: in panels of [`PANEL`] columns, the last
/// padded with zeros; panel `p` holds columns `p·PANEL..` of row 0, then of row 1, …, so that one
/// panel's sums stay in registers over all the rows.
pub(super) struct Graph {
    n: usize,
    panels: Vec<[f64; PANEL]>,
}

impl Graph {
    /// `n` nodes and no edges.
    pub(super) fn new(n: usize) -> Graph {
        Graph {
            n,
            panels: filled(n.div_ceil(PANEL) * n, [0.0; PANEL]),
        }
    }

    /// Column `a` (one weight per row: the edges into node `a`) as the rows of its panel and its
    /// lane in them.
    pub(super) fn column(&mut self, a: usize) -> (&mut [[f64; PANEL]], usize) {
        let p = a / PANEL;
        (&mut self.panels[p * self.n..(p + 1) * self.n], a % PANEL)
    }

    /// Makes the matrix symmetric from its lower triangle: each non-zero weight `w` in row `b`,
    /// column `a < b` becomes `f(a, b, w)` there and in row `a`, column `b`. Zeros stay 0.
    pub(super) fn symmetrize(&mut self, mut f: impl FnMut(usize, usize, f64) -> f64) {
        let n = self.n;
        for a in 0..n {
            let (p, lane) = (a / PANEL, a % PANEL);
            for b in a + 1..n {
                let w = self.panels[p * n + b][lane];
                if w != 0.0 {
                    let v = f(a, b, w);
                    self.panels[p * n + b][lane] = v;
                    self.panels[(b / PANEL) * n + a][b % PANEL] = v;
                }
            }
        }
    }
}

/// Weighted PageRank by power iteration, shared by LexRank and TextRank.
///
/// The graph's weights must be non-negative; each row is normalized to sum to 1. Iterates
/// `p ← (1 − d)/n + d · Wᵀp` from the uniform vector until the L1 change is below `tolerance` or
/// `max_iterations` steps were taken. A node with no edges passes nothing on (as in TextRank's
/// formula), so it keeps only the `(1 − d)/n` floor.
pub(super) fn power_iteration(
    graph: Graph,
    damping: f64,
    tolerance: f64,
    max_iterations: usize,
) -> Vec<f64> {
    let Graph { n, mut panels } = graph;
    if n == 0 {
        return Vec::new();
    }
    let count = n.div_ceil(PANEL);
    // Panels whose columns are all real (the last may be padded).
    let full = n / PANEL;
    for j in 0..n {
        // Row j's sum, column by column from −0 as `Iterator::sum` adds (the sum of the dense row).
        let mut sum = -0.0;
        for p in 0..full {
            for &w in &panels[p * n + j] {
                sum += w;
            }
        }
        if full < count {
            for &w in &panels[full * n + j][..n % PANEL] {
                sum += w;
            }
        }
        let scale = sum > 0.0 && sum.is_finite();
        for p in 0..count {
            // Otherwise the row becomes 0: the node passes nothing on.
            for w in &mut panels[p * n + j] {
                *w = if scale { *w / sum } else { 0.0 };
            }
        }
    }
    // Columns of the last panel that are computed: the rest is padding, an even number of
    // columns being as cheap as one less.
    let last = match n - (count - 1) * PANEL {
        1 | 2 => 2,
        3 | 4 => 4,
        5 | 6 => 6,
        _ => 8,
    };
    let floor = (1.0 - damping) / n as f64;
    let mut rank = vec![1.0 / n as f64; count * PANEL];
    let mut next = filled(count * PANEL, 0.0);
    // What each node passes on, twice: a pair of lanes loads in one instruction.
    let mut pass = filled(n, [0.0; 2]);
    for _ in 0..max_iterations {
        let mut some_zero = false;
        for (p, &r) in pass.iter_mut().zip(&rank) {
            let x = damping * r;
            *p = [x, x];
            some_zero |= x == 0.0;
        }
        let panel_sums = panels
            .chunks_exact(n)
            .zip(next.chunks_exact_mut(PANEL))
            .enumerate();
        for (k, (panel, out)) in panel_sums {
            let out: &mut [f64; PANEL] = out.try_into().expect("a panel of columns");
            let width = if k + 1 == count { last } else { PANEL };
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

/// [`spread`] when some node passes on 0: its row is skipped rather than added as 0 × w, which
/// would be NaN for an infinite or NaN weight where skipping leaves the sum as it is.
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
        let w = [0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut g = Graph::new(3);
        for (k, &x) in w.iter().enumerate() {
            let (column, lane) = g.column(k % 3);
            column[k / 3][lane] = x;
        }
        let p = power_iteration(g, 0.85, 1e-12, 1000);
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
