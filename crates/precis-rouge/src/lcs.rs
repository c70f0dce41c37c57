//! Longest common subsequences: ROUGE-L's length (`_score_lcs`) and ROUGE-Lsum's union-LCS hits
//! (`_summary_level_lcs`, `_union_lcs`, `_backtrack_norec` in rouge_scorer.py).
//!
//! Both use the bit-parallel LCS of Allison–Dix and Hyyrö: a DP row over one sequence is held
//! as a bit vector `V` whose zero bits mark where the row's value steps up, so row `i` costs a
//! few word operations per 64 tokens instead of one `max` per token. The value of any DP cell
//! is then a popcount, which is all that rouge-score's backtrack needs to pick the same LCS.
//!
//! Memory stays linear in the input, whatever it holds: the match masks keep a stored row only
//! for frequent tokens ([`Masks`]), and the backtrack holds at most [`TABLE_WORDS`] words of DP
//! rows, recomputing blocks of rows from checkpoints when a sentence pair needs more
//! ([`walk_back`]). Ordinary sentence pairs fit in one block and take the direct path.

/// Most words of DP rows the backtrack holds for one block of rows (8 MiB). A sentence pair whose
/// table is larger is walked block by block from checkpoint rows (about half as many words again
/// per level of blocks): time grows by one more pass over the rows per level, memory stays
/// bounded.
const TABLE_WORDS: usize = 1 << 20;

/// Buffers reused from pair to pair.
#[derive(Default)]
pub(crate) struct LcsScratch {
    /// The match masks of the bit-side sequence.
    masks: Masks,
    /// The DP rows as bit vectors, `words` words each.
    rows: Vec<u64>,
    in_union: Vec<bool>,
    counts_ref: Vec<u32>,
    counts_cand: Vec<u32>,
}

impl LcsScratch {
    /// Words (u64) held by the buffers whose size depends on the sequences' lengths.
    #[cfg(test)]
    fn words_held(&self) -> usize {
        let m = &self.masks;
        self.rows.capacity()
            + m.dense.capacity()
            + m.scratch.capacity()
            + (m.slot.capacity() + m.sparse.capacity() * 2 + m.positions.capacity()) / 2
    }
}

/// Where [`Masks::slot`] says a token's mask is: a stored row (its index), or, with this bit set,
/// a range of positions in [`Masks::sparse`].
const SPARSE: u32 = 1 << 31;

/// The match masks of one sequence (the bit side): for each token, the bit vector of its
/// positions, `words` words long.
///
/// A stored row per distinct token would take distinct tokens × length / 64 words, quadratic on a
/// long sequence of distinct words. Only a token that occurs at least `words` times gets a stored
/// row (at most 64 tokens can); a rarer token's mask is written into `scratch` when asked for, at
/// a cost (its occurrences) below that of the DP step it feeds.
#[derive(Default)]
struct Masks {
    words: usize,
    /// Per pair-local token id: its stored row, or `SPARSE | k` for `sparse[k]`. Row 0 is all
    /// zeros: the row of every token the sequence does not hold.
    slot: Vec<u32>,
    /// The distinct tokens of the sequence, to reset `slot` for the next one.
    tokens: Vec<u32>,
    dense: Vec<u64>,
    /// Per rare token, its range in `positions`.
    sparse: Vec<(u32, u32)>,
    positions: Vec<u32>,
    /// The mask of the rare token `scratch_of` (`u32::MAX`: none), built on demand.
    scratch: Vec<u64>,
    scratch_of: u32,
    counts: Vec<u32>,
}

impl Masks {
    /// Takes the masks of `seq` (token ids below `vocab`).
    fn build(&mut self, seq: &[u32], vocab: usize) {
        for &t in &self.tokens {
            self.slot[t as usize] = 0;
        }
        self.tokens.clear();
        if self.slot.len() < vocab {
            self.slot.resize(vocab, 0);
        }
        let words = seq.len().div_ceil(64);
        self.words = words;
        self.scratch_of = u32::MAX;
        if words <= 1 {
            // One word per mask (a sentence of at most 64 tokens, the usual case): every token
            // occurs at least once, so every mask is stored, filled in one pass.
            self.dense.clear();
            self.dense.push(0);
            for (j, &t) in seq.iter().enumerate() {
                let s = &mut self.slot[t as usize];
                if *s == 0 {
                    self.tokens.push(t);
                    *s = self.dense.len() as u32;
                    self.dense.push(0);
                }
                self.dense[*s as usize] |= 1 << j;
            }
            return;
        }
        // First pass: 1-based distinct index per token, and occurrence counts.
        let counts = &mut self.counts;
        counts.clear();
        for &t in seq {
            let s = &mut self.slot[t as usize];
            if *s == 0 {
                self.tokens.push(t);
                counts.push(0);
                *s = self.tokens.len() as u32;
            }
            counts[*s as usize - 1] += 1;
        }
        // Second pass: frequent tokens get rows 1.., rare ones position ranges.
        self.sparse.clear();
        let (mut rows, mut offset) = (1u32, 0u32);
        for (&t, &count) in self.tokens.iter().zip(&self.counts) {
            self.slot[t as usize] = if count as usize >= words {
                rows += 1;
                rows - 1
            } else {
                self.sparse.push((offset, offset));
                offset += count;
                SPARSE | (self.sparse.len() as u32 - 1)
            };
        }
        self.dense.clear();
        self.dense.resize(rows as usize * words, 0);
        self.positions.clear();
        self.positions.resize(offset as usize, 0);
        for (j, &t) in seq.iter().enumerate() {
            let s = self.slot[t as usize];
            if s & SPARSE == 0 {
                self.dense[s as usize * words + j / 64] |= 1 << (j % 64);
            } else {
                let end = &mut self.sparse[(s & !SPARSE) as usize].1;
                self.positions[*end as usize] = j as u32;
                *end += 1;
            }
        }
        self.scratch.clear();
        self.scratch.resize(words, 0);
    }

    /// The match mask of token `t`.
    fn mask(&mut self, t: u32) -> &[u64] {
        let s = self.slot[t as usize];
        if s & SPARSE == 0 {
            return &self.dense[s as usize * self.words..][..self.words];
        }
        if self.scratch_of != s {
            // The scratch holds one token's bits only: clearing its words clears the mask.
            if self.scratch_of != u32::MAX {
                let (a, b) = self.sparse[(self.scratch_of & !SPARSE) as usize];
                for &p in &self.positions[a as usize..b as usize] {
                    self.scratch[p as usize / 64] = 0;
                }
            }
            let (a, b) = self.sparse[(s & !SPARSE) as usize];
            for &p in &self.positions[a as usize..b as usize] {
                self.scratch[p as usize / 64] |= 1 << (p % 64);
            }
            self.scratch_of = s;
        }
        &self.scratch
    }
}

/// One DP row step: `next` = `prev` advanced by a token whose match mask is `mask`.
/// Hyyrö (2004): V' = (V + (V & M)) | (V & !M), the addition carrying across words.
fn step(prev: &[u64], mask: &[u64], next: &mut [u64]) {
    let mut carry = false;
    for ((&v, &m), out) in prev.iter().zip(mask).zip(next) {
        let u = v & m;
        let (sum, c1) = v.overflowing_add(u);
        let (sum, c2) = sum.overflowing_add(u64::from(carry));
        carry = c1 || c2;
        *out = sum | (v & !m);
    }
}

/// The DP value LCS(processed tokens, bit-side tokens `[0, j)`) held by row `v`: its zero bits
/// below `j`.
fn zeros_below(v: &[u64], j: usize) -> u32 {
    let full = j / 64;
    let mut n: u32 = v[..full].iter().map(|w| (!w).count_ones()).sum();
    if j % 64 != 0 {
        n += (!v[full] & ((1u64 << (j % 64)) - 1)).count_ones();
    }
    n
}

/// The length of a longest common subsequence of `a` and `b` (token ids below `vocab`).
pub(crate) fn lcs_length(a: &[u32], b: &[u32], vocab: usize, scratch: &mut LcsScratch) -> usize {
    // Put the shorter side on the bits: fewer words per step.
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let LcsScratch { masks, rows, .. } = scratch;
    masks.build(short, vocab);
    let words = masks.words;
    rows.clear();
    rows.resize(2 * words, u64::MAX);
    let (mut cur, mut next) = rows.split_at_mut(words);
    for &t in long {
        step(cur, masks.mask(t), next);
        std::mem::swap(&mut cur, &mut next);
    }
    zeros_below(cur, short.len()) as usize
}

/// ROUGE-Lsum's hit count: for each reference sentence, the union of its LCS with every
/// candidate sentence, each token counted only while both summaries still have an unused copy
/// of it (as ROUGE-1.5.5 does, rather than the paper's plain sum).
///
/// `reference` and `candidate` are the token ids of the whole summaries (ids below `vocab`);
/// the sentence lists are `(start, end)` ranges into them, in order, covering every token.
pub(crate) fn summary_level_hits(
    reference: &[u32],
    reference_sentences: &[(u32, u32)],
    candidate: &[u32],
    candidate_sentences: &[(u32, u32)],
    vocab: usize,
    scratch: &mut LcsScratch,
) -> usize {
    let LcsScratch {
        masks,
        rows,
        in_union,
        counts_ref,
        counts_cand,
    } = scratch;
    in_union.clear();
    in_union.resize(reference.len(), false);

    // The union does not depend on the order of candidate sentences: take each one's masks
    // once and run every reference sentence against it.
    for &(cs, ce) in candidate_sentences {
        let c = &candidate[cs as usize..ce as usize];
        masks.build(c, vocab);
        for &(rs, re) in reference_sentences {
            let r = &reference[rs as usize..re as usize];
            mark_lcs(
                r,
                c,
                masks,
                rows,
                &mut in_union[rs as usize..re as usize],
                TABLE_WORDS,
            );
        }
    }

    counts_ref.clear();
    counts_ref.resize(vocab, 0);
    counts_cand.clear();
    counts_cand.resize(vocab, 0);
    for &t in reference {
        counts_ref[t as usize] += 1;
    }
    for &t in candidate {
        counts_cand[t as usize] += 1;
    }
    // Reference sentences in order, each one's union in token order, as rouge-score counts.
    let mut hits = 0;
    for (&t, _) in reference
        .iter()
        .zip(in_union.iter())
        .filter(|(_, marked)| **marked)
    {
        let t = t as usize;
        if counts_cand[t] > 0 && counts_ref[t] > 0 {
            hits += 1;
            counts_cand[t] -= 1;
            counts_ref[t] -= 1;
        }
    }
    hits
}

/// Marks in `in_union` the positions of `r` on the one LCS with `c` that rouge-score reads out:
/// its DP table walked back from the end, taking a match when the tokens agree, else moving
/// left only when that cell is strictly larger than the one above. `masks` holds `c`'s match
/// masks; at most `budget` words of DP rows are held per block ([`TABLE_WORDS`]).
fn mark_lcs(
    r: &[u32],
    c: &[u32],
    masks: &mut Masks,
    rows: &mut Vec<u64>,
    in_union: &mut [bool],
    budget: usize,
) {
    walk_back(r, None, c.len(), c, masks, rows, in_union, budget);
}

/// The backtrack of [`mark_lcs`] through the block of DP rows after `r`'s tokens, `start` being
/// the row before the first of them (`None`: all ones, the empty prefix): from column `j` at the block's last row up to its first row,
/// marking matches. Returns the column where the walk leaves the block (0: it ended).
///
/// A block whose rows fit in `budget` words is computed whole and walked as rouge-score walks its
/// table. A larger one is cut into chunks: one pass stores the row before each chunk (checkpoints,
/// at most half the budget), then the chunks are walked last to first, each recomputed from its
/// checkpoint — the same cells, so the same path, in bounded memory.
#[allow(clippy::too_many_arguments)]
fn walk_back(
    r: &[u32],
    start: Option<&[u64]>,
    mut j: usize,
    c: &[u32],
    masks: &mut Masks,
    rows: &mut Vec<u64>,
    in_union: &mut [bool],
    budget: usize,
) -> usize {
    let words = masks.words;
    if j == 0 || r.is_empty() {
        return j;
    }
    if r.len() == 1 || (r.len() + 1) * words <= budget {
        rows.clear();
        match start {
            Some(row) => rows.extend_from_slice(row),
            None => rows.resize(words, u64::MAX),
        }
        rows.resize((r.len() + 1) * words, 0);
        for (i, &t) in r.iter().enumerate() {
            let (done, rest) = rows.split_at_mut((i + 1) * words);
            step(&done[i * words..], masks.mask(t), &mut rest[..words]);
        }
        let cell = |i: usize, j: usize| zeros_below(&rows[i * words..][..words], j);
        let mut i = r.len();
        while i > 0 && j > 0 {
            if r[i - 1] == c[j - 1] {
                in_union[i - 1] = true;
                i -= 1;
                j -= 1;
            } else if cell(i, j - 1) > cell(i - 1, j) {
                j -= 1;
            } else {
                i -= 1;
            }
        }
        return j;
    }
    let chunks = (budget / 2 / words).clamp(2, r.len());
    let chunk = r.len().div_ceil(chunks);
    let mut checkpoints = Vec::with_capacity(chunks * words);
    let mut row = start.map_or_else(|| vec![u64::MAX; words], <[u64]>::to_vec);
    let mut next = vec![0; words];
    for piece in r.chunks(chunk) {
        checkpoints.extend_from_slice(&row);
        for &t in piece {
            step(&row, masks.mask(t), &mut next);
            std::mem::swap(&mut row, &mut next);
        }
    }
    for (k, piece) in r.chunks(chunk).enumerate().rev() {
        j = walk_back(
            piece,
            Some(&checkpoints[k * words..][..words]),
            j,
            c,
            masks,
            rows,
            &mut in_union[k * chunk..][..piece.len()],
            budget,
        );
        if j == 0 {
            break;
        }
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// rouge-score's `_lcs_table`, as written.
    fn dp_table(r: &[u32], c: &[u32]) -> Vec<Vec<u32>> {
        let mut t = vec![vec![0; c.len() + 1]; r.len() + 1];
        for i in 1..=r.len() {
            for j in 1..=c.len() {
                t[i][j] = if r[i - 1] == c[j - 1] {
                    t[i - 1][j - 1] + 1
                } else {
                    t[i - 1][j].max(t[i][j - 1])
                };
            }
        }
        t
    }

    /// rouge-score's `_backtrack_norec`, as written.
    fn dp_lcs_indices(r: &[u32], c: &[u32]) -> Vec<usize> {
        let t = dp_table(r, c);
        let (mut i, mut j, mut out) = (r.len(), c.len(), Vec::new());
        while i > 0 && j > 0 {
            if r[i - 1] == c[j - 1] {
                out.insert(0, i - 1);
                i -= 1;
                j -= 1;
            } else if t[i][j - 1] > t[i - 1][j] {
                j -= 1;
            } else {
                i -= 1;
            }
        }
        out
    }

    fn bit_lcs_indices(r: &[u32], c: &[u32], vocab: usize, budget: usize) -> Vec<usize> {
        let mut masks = Masks::default();
        masks.build(c, vocab);
        let mut marks = vec![false; r.len()];
        mark_lcs(r, c, &mut masks, &mut Vec::new(), &mut marks, budget);
        (0..r.len()).filter(|&i| marks[i]).collect()
    }

    /// xorshift64*: deterministic test data without a dependency.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
        }
        fn seq(&mut self, max_len: u64, vocab: u64) -> Vec<u32> {
            let len = self.below(max_len + 1);
            (0..len).map(|_| self.below(vocab) as u32).collect()
        }
    }

    #[test]
    fn bit_parallel_matches_the_dp_table_on_random_sequences() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let s = &mut LcsScratch::default();
        for round in 0..3000 {
            // Short and long (multi-word) sequences, over tiny and larger vocabularies.
            let max_len = [8, 40, 70, 150][round % 4];
            let vocab = [2, 3, 5, 30][(round / 4) % 4];
            let (r, c) = (rng.seq(max_len, vocab), rng.seq(max_len, vocab));
            let t = dp_table(&r, &c);
            assert_eq!(
                lcs_length(&r, &c, vocab as usize, s),
                t[r.len()][c.len()] as usize,
                "{r:?} {c:?}"
            );
            assert_eq!(
                bit_lcs_indices(&r, &c, vocab as usize, TABLE_WORDS),
                dp_lcs_indices(&r, &c),
                "{r:?} {c:?}"
            );
        }
    }

    /// Token sequences over `vocab` ids: long enough for several mask words, and over vocabularies
    /// large enough that some tokens are rarer than the mask is long (built on demand).
    fn sequences() -> impl Strategy<Value = (Vec<u32>, Vec<u32>, usize)> {
        (1usize..400).prop_flat_map(|vocab| {
            let seq = proptest::collection::vec(0..vocab as u32, 0..300);
            (seq.clone(), seq, Just(vocab))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// The linear-memory LCS (masks built on demand, the backtrack in blocks from checkpoints
        /// under any budget) against rouge-score's quadratic table.
        #[test]
        fn bounded_lcs_matches_the_quadratic_reference(
            (r, c, vocab) in sequences(),
            budget in 1usize..64,
        ) {
            let t = dp_table(&r, &c);
            let s = &mut LcsScratch::default();
            prop_assert_eq!(lcs_length(&r, &c, vocab, s), t[r.len()][c.len()] as usize);
            prop_assert_eq!(bit_lcs_indices(&r, &c, vocab, budget), dp_lcs_indices(&r, &c));
        }
    }

    #[test]
    fn memory_stays_linear_on_long_sentences_of_distinct_words() {
        // One 20,000-token sentence per side, most tokens distinct: a stored mask per token and
        // the whole backtrack table took about 11 million words (88 MB) here, growing with the
        // square of the length.
        let n = 20_000u32;
        let r: Vec<u32> = (0..n).map(|i| (i * 7) % 15_000).collect();
        let c: Vec<u32> = (0..n).map(|i| (i * 11) % 15_000).collect();
        let s = &mut LcsScratch::default();
        let l = lcs_length(&r, &c, 15_000, s);
        let hits = summary_level_hits(&r, &[(0, n)], &c, &[(0, n)], 15_000, s);
        assert!(l > 0 && hits > 0);
        let held = s.words_held();
        assert!(
            held <= TABLE_WORDS * 2 + 64 * n as usize,
            "{held} words held"
        );
    }

    #[test]
    fn lcs_length_basic() {
        let s = &mut LcsScratch::default();
        assert_eq!(lcs_length(&[1, 2, 3, 4], &[1, 3, 4], 5, s), 3);
        assert_eq!(lcs_length(&[1, 3, 4], &[1, 2, 3, 4], 5, s), 3);
        assert_eq!(lcs_length(&[1, 2], &[3, 4], 5, s), 0);
        assert_eq!(lcs_length(&[], &[1], 5, s), 0);
        assert_eq!(lcs_length(&[5, 1, 5, 2, 5], &[5, 5, 5], 6, s), 3);
    }

    #[test]
    fn backtrack_follows_rouge_score_tie_breaking() {
        // ref "a b", cand "b a": both [a] and [b] are LCSs; rouge-score's walk picks "a"
        // (index 0): at the end it moves up on a tie, then matches.
        assert_eq!(bit_lcs_indices(&[0, 1], &[1, 0], 2, TABLE_WORDS), [0]);
        assert_eq!(dp_lcs_indices(&[0, 1], &[1, 0]), [0]);
    }

    #[test]
    fn union_lcs_from_the_rouge_paper() {
        // Lin (2004) §3.2: r = w1 w2 w3 w4 w5, c1 = w1 w2 w6 w7 w8, c2 = w1 w3 w8 w9 w5.
        // Union LCS = w1 w2 w3 w5: 4 hits.
        let r = [1, 2, 3, 4, 5];
        let c = [1, 2, 6, 7, 8, 1, 3, 8, 9, 5];
        let hits = summary_level_hits(
            &r,
            &[(0, 5)],
            &c,
            &[(0, 5), (5, 10)],
            10,
            &mut LcsScratch::default(),
        );
        assert_eq!(hits, 4);
    }

    #[test]
    fn hits_are_not_double_counted() {
        // The candidate has one token 7; two reference sentences both match it: one hit.
        let hits = summary_level_hits(
            &[7, 7],
            &[(0, 1), (1, 2)],
            &[7],
            &[(0, 1)],
            8,
            &mut LcsScratch::default(),
        );
        assert_eq!(hits, 1);
    }
}
