//! ROUGE-N's counting: how many n-grams the reference and candidate share, clipped per n-gram
//! (`_create_ngrams` + `_score_ngrams` in rouge_scorer.py).

/// N-gram counts of one pair: the clipped overlap and each side's total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NgramCounts {
    pub overlap: usize,
    pub reference: usize,
    pub candidate: usize,
}

/// Buffers reused from pair to pair.
#[derive(Default)]
pub(crate) struct NgramScratch {
    counts: Vec<u32>,
    keys: [Vec<u64>; 2],
    starts: [Vec<u32>; 2],
}

/// Counts the n-grams of `reference` and `candidate` (token ids below `vocab`) and their overlap:
/// the sum over reference n-grams of min(count in reference, count in candidate).
pub(crate) fn count(
    reference: &[u32],
    candidate: &[u32],
    n: usize,
    vocab: usize,
    scratch: &mut NgramScratch,
) -> NgramCounts {
    assert!(n > 0, "ROUGE-N needs n >= 1");
    let windows = |len: usize| (len + 1).saturating_sub(n);
    let mut counts = NgramCounts {
        overlap: 0,
        reference: windows(reference.len()),
        candidate: windows(candidate.len()),
    };
    if counts.reference == 0 || counts.candidate == 0 {
        return counts;
    }
    let bits = (usize::BITS - vocab.leading_zeros()) as usize;
    counts.overlap = if n == 1 {
        unigram_overlap(reference, candidate, vocab, &mut scratch.counts)
    } else if bits * n <= 64 {
        let [a, b] = &mut scratch.keys;
        pack(reference, n, bits, a);
        pack(candidate, n, bits, b);
        merge_overlap(a, b, |x, y| x.cmp(y))
    } else {
        // Too many distinct tokens to pack an n-gram into a u64: sort window starts instead.
        let [a, b] = &mut scratch.starts;
        let (ra, rb) = (reference, candidate);
        a.clear();
        a.extend(0..counts.reference as u32);
        a.sort_unstable_by(|&x, &y| ra[x as usize..][..n].cmp(&ra[y as usize..][..n]));
        b.clear();
        b.extend(0..counts.candidate as u32);
        b.sort_unstable_by(|&x, &y| rb[x as usize..][..n].cmp(&rb[y as usize..][..n]));
        merge_overlap(a, b, |&x, &y| {
            ra[x as usize..][..n].cmp(&rb[y as usize..][..n])
        })
    };
    counts
}

fn unigram_overlap(
    reference: &[u32],
    candidate: &[u32],
    vocab: usize,
    counts: &mut Vec<u32>,
) -> usize {
    counts.clear();
    counts.resize(vocab, 0);
    for &t in reference {
        counts[t as usize] += 1;
    }
    let mut overlap = 0;
    for &t in candidate {
        let c = &mut counts[t as usize];
        if *c > 0 {
            *c -= 1;
            overlap += 1;
        }
    }
    overlap
}

/// Packs each n-gram into one sortable u64 (`bits` per token) and sorts them.
fn pack(tokens: &[u32], n: usize, bits: usize, out: &mut Vec<u64>) {
    out.clear();
    out.extend(
        tokens
            .windows(n)
            .map(|w| w.iter().fold(0u64, |key, &t| (key << bits) | u64::from(t))),
    );
    out.sort_unstable();
}

/// The size of the multiset intersection of two sorted lists.
fn merge_overlap<T>(a: &[T], b: &[T], cmp: impl Fn(&T, &T) -> std::cmp::Ordering) -> usize {
    let (mut i, mut j, mut overlap) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match cmp(&a[i], &b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                overlap += 1;
                i += 1;
                j += 1;
            }
        }
    }
    overlap
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(r: &[u32], c: &[u32], n: usize, vocab: usize) -> (usize, usize, usize) {
        let k = count(r, c, n, vocab, &mut NgramScratch::default());
        (k.overlap, k.reference, k.candidate)
    }

    #[test]
    fn unigrams_are_clipped_per_token() {
        // reference "a a b", candidate "a a a c": overlap = min(2,3) + min(1,0) = 2
        assert_eq!(run(&[0, 0, 1], &[0, 0, 0, 2], 1, 3), (2, 3, 4));
    }

    #[test]
    fn bigrams_and_trigrams() {
        assert_eq!(run(&[0, 1, 2, 0, 1], &[0, 1, 0, 1, 2], 2, 3), (3, 4, 4));
        assert_eq!(run(&[0, 1, 2, 3], &[5, 0, 1, 2, 4], 3, 6), (1, 2, 3));
    }

    #[test]
    fn too_short_for_n_counts_zero() {
        assert_eq!(run(&[0], &[0, 1], 2, 2), (0, 0, 1));
        assert_eq!(run(&[], &[], 1, 0), (0, 0, 0));
    }

    #[test]
    fn wide_vocabularies_fall_back_to_sorting_windows() {
        // 5-grams over a vocabulary needing 20 bits do not fit in a u64.
        let vocab = 1 << 19;
        let r = [7, 500_000, 3, 9, 1, 7, 500_000, 3, 9, 1];
        let c = [7, 500_000, 3, 9, 1, 2, 7, 500_000, 3, 9, 1];
        assert_eq!(run(&r, &c, 5, vocab), (2, 6, 7));
        assert_eq!(run(&r, &c, 2, vocab), (8, 9, 10));
    }
}
