//! Longest common subsequences: ROUGE-L's length (`_score_lcs`) and ROUGE-Lsum's union-LCS hits
//! (`_summary_level_lcs`, `_union_lcs`, `_backtrack_norec` in rouge_scorer.py).
//!
//! Both use the bit-parallel LCS of Allison–Dix and Hyyrö: a DP row over one sequence is held
//! as a bit vector `V` whose zero bits mark where the row's value steps up, so row `i` costs a
//! few word operations per 64 tokens instead of one `max` per token. The value of any DP cell
//! is then a popcount, which is all that rouge-score's backtrack needs to pick the same LCS.

/// Buffers reused from pair to pair.
#[derive(Default)]
pub(crate) struct LcsScratch {
    /// Per pair-local token id, `words` words of match bits over the bit-side sequence.
    masks: Vec<u64>,
    /// The DP rows as bit vectors, `words` words each.
    rows: Vec<u64>,
    in_union: Vec<bool>,
    counts_ref: Vec<u32>,
    counts_cand: Vec<u32>,
}

/// Sets the match masks of `seq`'s tokens (ids below `vocab`), `words` words per token.
fn set_masks(masks: &mut [u64], seq: &[u32], words: usize) {
    for (j, &t) in seq.iter().enumerate() {
        masks[t as usize * words + j / 64] |= 1 << (j % 64);
    }
}

/// Clears what [`set_masks`] set, leaving every mask zero for the next sequence.
fn clear_masks(masks: &mut [u64], seq: &[u32], words: usize) {
    for &t in seq {
        masks[t as usize * words..][..words].fill(0);
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
    let words = short.len().div_ceil(64);
    let LcsScratch { masks, rows, .. } = scratch;
    masks.clear();
    masks.resize(vocab * words, 0);
    set_masks(masks, short, words);
    rows.clear();
    rows.resize(2 * words, u64::MAX);
    let (mut cur, mut next) = rows.split_at_mut(words);
    for &t in long {
        step(cur, &masks[t as usize * words..][..words], next);
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
    let max_words = candidate_sentences
        .iter()
        .map(|&(s, e)| (e - s) as usize)
        .max()
        .unwrap_or(0)
        .div_ceil(64);
    masks.clear();
    masks.resize(vocab * max_words, 0);
    in_union.clear();
    in_union.resize(reference.len(), false);

    // The union does not depend on the order of candidate sentences: take each one's masks
    // once and run every reference sentence against it.
    for &(cs, ce) in candidate_sentences {
        let c = &candidate[cs as usize..ce as usize];
        let words = c.len().div_ceil(64);
        set_masks(masks, c, words);
        for &(rs, re) in reference_sentences {
            let r = &reference[rs as usize..re as usize];
            mark_lcs(
                r,
                c,
                &masks[..],
                words,
                rows,
                &mut in_union[rs as usize..re as usize],
            );
        }
        clear_masks(masks, c, words);
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
/// masks, `words` words per token id.
fn mark_lcs(
    r: &[u32],
    c: &[u32],
    masks: &[u64],
    words: usize,
    rows: &mut Vec<u64>,
    in_union: &mut [bool],
) {
    // Row i is the DP row after r[..i]; row 0 (all ones) is the empty prefix.
    rows.clear();
    rows.resize((r.len() + 1) * words, u64::MAX);
    for (i, &t) in r.iter().enumerate() {
        let (done, rest) = rows.split_at_mut((i + 1) * words);
        step(
            &done[i * words..],
            &masks[t as usize * words..][..words],
            &mut rest[..words],
        );
    }
    let cell = |i: usize, j: usize| zeros_below(&rows[i * words..][..words], j);
    let (mut i, mut j) = (r.len(), c.len());
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
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn bit_lcs_indices(r: &[u32], c: &[u32], vocab: usize) -> Vec<usize> {
        let words = c.len().div_ceil(64);
        let mut masks = vec![0; vocab * words.max(1)];
        set_masks(&mut masks, c, words);
        let mut marks = vec![false; r.len()];
        mark_lcs(r, c, &masks, words, &mut Vec::new(), &mut marks);
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
                bit_lcs_indices(&r, &c, vocab as usize),
                dp_lcs_indices(&r, &c),
                "{r:?} {c:?}"
            );
        }
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
        assert_eq!(bit_lcs_indices(&[0, 1], &[1, 0], 2), [0]);
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
