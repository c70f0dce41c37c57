//! The greedy extractive oracle: the best summary a sentence extractor could pick, given the
//! reference. Starting from nothing, add the sentence that most raises ROUGE-1 F + ROUGE-2 F
//! against the reference; stop when no sentence raises it (or at the sentence cap).
//!
//! Tokens follow rouge-score's rules exactly (`precis_rouge::tokenize` with stemming). During the
//! search, a summary's n-grams are the union of its sentences' n-grams (bigrams across a sentence
//! boundary are ignored, as in the usual implementations); the reported ROUGE of the oracle summary
//! is then computed by the exact scorer.

use std::hash::{Hash, Hasher};

use precis_core::Document;
use rustc_hash::{FxHashMap, FxHasher};

type Counts = FxHashMap<u64, u32>;

fn ngram_counts(tokens: &[String], n: usize) -> Counts {
    let mut counts = Counts::default();
    if tokens.len() >= n {
        for gram in tokens.windows(n) {
            let mut h = FxHasher::default();
            gram.hash(&mut h);
            *counts.entry(h.finish()).or_insert(0) += 1;
        }
    }
    counts
}

struct Side {
    reference: Counts,
    reference_total: u32,
    selected: Counts,
    selected_total: u32,
    overlap: u32,
}

impl Side {
    fn new(reference: Counts) -> Side {
        let reference_total = reference.values().sum();
        Side {
            reference,
            reference_total,
            selected: Counts::default(),
            selected_total: 0,
            overlap: 0,
        }
    }

    /// F1 if `sentence` were added.
    fn f_with(&self, sentence: &Counts, sentence_total: u32) -> f64 {
        let mut overlap = self.overlap;
        for (g, &c) in sentence {
            if let Some(&r) = self.reference.get(g) {
                let s = self.selected.get(g).copied().unwrap_or(0);
                overlap += (s + c).min(r) - s.min(r);
            }
        }
        f1(
            overlap,
            self.selected_total + sentence_total,
            self.reference_total,
        )
    }

    fn add(&mut self, sentence: &Counts, sentence_total: u32) {
        for (g, &c) in sentence {
            let s = self.selected.entry(*g).or_insert(0);
            if let Some(&r) = self.reference.get(g) {
                self.overlap += (*s + c).min(r) - (*s).min(r);
            }
            *s += c;
        }
        self.selected_total += sentence_total;
    }

    fn f(&self) -> f64 {
        f1(self.overlap, self.selected_total, self.reference_total)
    }
}

fn f1(overlap: u32, candidate: u32, reference: u32) -> f64 {
    if overlap == 0 || candidate == 0 || reference == 0 {
        return 0.0;
    }
    let p = f64::from(overlap) / f64::from(candidate);
    let r = f64::from(overlap) / f64::from(reference);
    2.0 * p * r / (p + r)
}

/// Indices (into `doc.sentences()`, ascending) of the greedy oracle selection against `reference`.
/// Only content sentences are candidates; at most `max_sentences` are picked.
pub fn greedy(doc: &Document, reference: &str, max_sentences: usize) -> Vec<usize> {
    let reference_tokens = precis_rouge::tokenize(reference, true);
    let mut one = Side::new(ngram_counts(&reference_tokens, 1));
    let mut two = Side::new(ngram_counts(&reference_tokens, 2));
    let candidates: Vec<(usize, Counts, u32, Counts, u32)> = doc
        .sentences()
        .iter()
        .filter(|s| s.is_content())
        .map(|s| {
            let tokens = precis_rouge::tokenize(doc.sentence_text(s), true);
            let u = ngram_counts(&tokens, 1);
            let b = ngram_counts(&tokens, 2);
            let (ut, bt) = (u.values().sum(), b.values().sum());
            (s.index, u, ut, b, bt)
        })
        .collect();
    let mut used = vec![false; candidates.len()];
    let mut picked = Vec::new();
    let mut current = 0.0;
    while picked.len() < max_sentences {
        let mut best: Option<(usize, f64)> = None;
        for (k, (_, u, ut, b, bt)) in candidates.iter().enumerate() {
            if used[k] {
                continue;
            }
            let gain = one.f_with(u, *ut) + two.f_with(b, *bt);
            if best.is_none_or(|(_, g)| gain > g) {
                best = Some((k, gain));
            }
        }
        match best {
            Some((k, value)) if value > current => {
                let (index, u, ut, b, bt) = &candidates[k];
                one.add(u, *ut);
                two.add(b, *bt);
                current = one.f() + two.f();
                used[k] = true;
                picked.push(*index);
            }
            _ => break,
        }
    }
    picked.sort_unstable();
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_matching_sentences_and_stops() {
        let doc = Document::parse(
            "The weather was mild. The mayor resigned on Monday. Fans cheered the team. \
             A new mayor will be elected in June.",
        );
        let picked = greedy(
            &doc,
            "Mayor resigned Monday.\nNew mayor elected in June.",
            5,
        );
        assert_eq!(picked, [1, 3]);
        assert!(greedy(&doc, "", 5).is_empty());
        assert_eq!(greedy(&doc, "mayor resigned", 1).len(), 1);
    }
}
