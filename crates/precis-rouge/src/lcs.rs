//! Longest common subsequences: ROUGE-L's length (`_score_lcs`) and ROUGE-Lsum's union-LCS hits
//! (`_summary_level_lcs`, `_union_lcs`, `_backtrack_norec` in rouge_scorer.py).

/// Buffers reused from pair to pair.
#[derive(Default)]
pub(crate) struct LcsScratch {
    row: Vec<u32>,
    table: Vec<u32>,
    in_union: Vec<bool>,
    counts_ref: Vec<u32>,
    counts_cand: Vec<u32>,
}

/// The length of a longest common subsequence of `a` and `b`, with one rolling row.
pub(crate) fn lcs_length(a: &[u32], b: &[u32], scratch: &mut LcsScratch) -> usize {
    // The length is symmetric: keep the row for the shorter side.
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let row = &mut scratch.row;
    row.clear();
    row.resize(short.len() + 1, 0);
    for &x in long {
        // `diag` is the previous row's value one column to the left.
        let mut diag = 0;
        for (j, &y) in short.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    row[short.len()] as usize
}

/// Marks in `in_union` the positions of `reference` on the one LCS with `candidate` that
/// rouge-score reads out: its full DP table walked back from the end, taking a match when the
/// tokens agree, else moving left only when that cell is strictly larger than the one above.
fn mark_lcs(reference: &[u32], candidate: &[u32], table: &mut Vec<u32>, in_union: &mut [bool]) {
    let cols = candidate.len() + 1;
    table.clear();
    table.resize((reference.len() + 1) * cols, 0);
    for (i, &x) in reference.iter().enumerate() {
        for (j, &y) in candidate.iter().enumerate() {
            let cell = (i + 1) * cols + j + 1;
            table[cell] = if x == y {
                table[cell - cols - 1] + 1
            } else {
                table[cell - cols].max(table[cell - 1])
            };
        }
    }
    let (mut i, mut j) = (reference.len(), candidate.len());
    while i > 0 && j > 0 {
        if reference[i - 1] == candidate[j - 1] {
            in_union[i - 1] = true;
            i -= 1;
            j -= 1;
        } else if table[i * cols + j - 1] > table[(i - 1) * cols + j] {
            j -= 1;
        } else {
            i -= 1;
        }
    }
}

/// ROUGE-Lsum's hit count: for each reference sentence, the union of its LCS with every
/// candidate sentence, each token counted only while both summaries still have an unused copy
/// of it (as ROUGE-1.5.5 does, rather than the paper's plain sum).
///
/// `reference` and `candidate` are the token ids of the whole summaries (ids below `vocab`);
/// the sentence lists are `(start, end)` ranges into them.
pub(crate) fn summary_level_hits(
    reference: &[u32],
    reference_sentences: &[(u32, u32)],
    candidate: &[u32],
    candidate_sentences: &[(u32, u32)],
    vocab: usize,
    scratch: &mut LcsScratch,
) -> usize {
    let LcsScratch {
        table,
        in_union,
        counts_ref,
        counts_cand,
        ..
    } = scratch;
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
    let mut hits = 0;
    for &(rs, re) in reference_sentences {
        let sentence = &reference[rs as usize..re as usize];
        in_union.clear();
        in_union.resize(sentence.len(), false);
        for &(cs, ce) in candidate_sentences {
            mark_lcs(
                sentence,
                &candidate[cs as usize..ce as usize],
                table,
                in_union,
            );
        }
        for (&t, _) in sentence
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
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lcs_length_basic() {
        let s = &mut LcsScratch::default();
        assert_eq!(lcs_length(&[1, 2, 3, 4], &[1, 3, 4], s), 3);
        assert_eq!(lcs_length(&[1, 3, 4], &[1, 2, 3, 4], s), 3);
        assert_eq!(lcs_length(&[1, 2], &[3, 4], s), 0);
        assert_eq!(lcs_length(&[], &[1], s), 0);
        assert_eq!(lcs_length(&[5, 1, 5, 2, 5], &[5, 5, 5], s), 3);
    }

    #[test]
    fn backtrack_follows_rouge_score_tie_breaking() {
        // ref "a b", cand "b a": both [a] and [b] are LCSs; rouge-score's walk picks "a"
        // (index 0): at the end it moves up on a tie, then matches.
        let mut marks = vec![false; 2];
        mark_lcs(&[0, 1], &[1, 0], &mut Vec::new(), &mut marks);
        assert_eq!(marks, [true, false]);
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
        // The candidate has one "x"; two reference sentences both match it: one hit.
        let r = [7, 7];
        let c = [7];
        let hits = summary_level_hits(
            &r,
            &[(0, 1), (1, 2)],
            &c,
            &[(0, 1)],
            8,
            &mut LcsScratch::default(),
        );
        assert_eq!(hits, 1);
    }
}
