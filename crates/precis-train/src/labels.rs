//! Training labels, from the reference highlights.
//!
//! Two kinds, compared on validation ROUGE before one was chosen (see the crate docs):
//! - **oracle**: 1 for the sentences of the greedy extractive oracle
//!   ([`precis_eval::oracle::greedy`], ROUGE-1 F + ROUGE-2 F), 0 for the others (SummaRuNNer's
//!   labels);
//! - **gain**: each sentence's own ROUGE-1 F + ROUGE-2 F against the highlights, divided by the
//!   best sentence's in the story: a soft label in `[0, 1]` that ranks every sentence, not only the
//!   few the oracle picks.

use std::hash::{Hash, Hasher};

use precis_core::Document;
use rustc_hash::{FxHashMap, FxHasher};

/// Which labels to train on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    /// Greedy-oracle membership (0 or 1).
    Oracle,
    /// Normalized per-sentence ROUGE gain (0 to 1).
    Gain,
    /// The mean of the two.
    Mixed,
}

impl LabelKind {
    /// Name on the command line and in model provenance.
    pub fn name(self) -> &'static str {
        match self {
            LabelKind::Oracle => "oracle",
            LabelKind::Gain => "gain",
            LabelKind::Mixed => "mixed",
        }
    }
}

/// Labels of one document, for its rated sentences (in the order of `sentences`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Labels {
    /// Oracle membership.
    pub oracle: Vec<f64>,
    /// Normalized ROUGE gain.
    pub gain: Vec<f64>,
}

impl Labels {
    /// The labels of `kind`.
    pub fn get(&self, kind: LabelKind, k: usize) -> f64 {
        match kind {
            LabelKind::Oracle => self.oracle[k],
            LabelKind::Gain => self.gain[k],
            LabelKind::Mixed => 0.5 * (self.oracle[k] + self.gain[k]),
        }
    }
}

/// The most sentences the oracle may pick (the highlights have 3 to 4 on average).
pub const ORACLE_MAX_SENTENCES: usize = 5;

/// Both kinds of labels for the sentences `sentences` (indices into `doc.sentences()`).
pub fn labels(doc: &Document, reference: &str, sentences: &[usize]) -> Labels {
    let picked = precis_eval::oracle::greedy(doc, reference, ORACLE_MAX_SENTENCES);
    let oracle = sentences
        .iter()
        .map(|i| f64::from(u8::from(picked.contains(i))))
        .collect();
    let reference = precis_rouge::tokenize(reference, true);
    let (ref1, ref2) = (counts(&reference, 1), counts(&reference, 2));
    let mut gain: Vec<f64> = sentences
        .iter()
        .map(|&i| {
            let tokens = precis_rouge::tokenize(doc.sentence_text(&doc.sentences()[i]), true);
            f1(&counts(&tokens, 1), &ref1) + f1(&counts(&tokens, 2), &ref2)
        })
        .collect();
    let best = gain.iter().copied().fold(0.0, f64::max);
    if best > 0.0 {
        gain.iter_mut().for_each(|g| *g /= best);
    }
    Labels { oracle, gain }
}

type Counts = FxHashMap<u64, u32>;

fn counts(tokens: &[String], n: usize) -> Counts {
    let mut c = Counts::default();
    for gram in tokens.windows(n) {
        let mut h = FxHasher::default();
        gram.hash(&mut h);
        *c.entry(h.finish()).or_insert(0) += 1;
    }
    c
}

fn f1(candidate: &Counts, reference: &Counts) -> f64 {
    let overlap: u32 = candidate
        .iter()
        .map(|(g, &c)| reference.get(g).map_or(0, |&r| r.min(c)))
        .sum();
    let (c, r): (u32, u32) = (candidate.values().sum(), reference.values().sum());
    if overlap == 0 {
        return 0.0;
    }
    let (p, r) = (
        f64::from(overlap) / f64::from(c),
        f64::from(overlap) / f64::from(r),
    );
    2.0 * p * r / (p + r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oracle_and_gain_agree_on_an_obvious_story() {
        let doc = Document::parse(
            "The weather was mild. The mayor resigned on Monday. Fans cheered the team.",
        );
        let l = labels(&doc, "The mayor resigned on Monday.", &[0, 1, 2]);
        assert_eq!(l.oracle, [0.0, 1.0, 0.0]);
        assert_eq!(l.gain[1], 1.0);
        assert!(l.gain[0] < 0.5 && l.gain[2] < 0.5);
        assert_eq!(l.get(LabelKind::Mixed, 1), 1.0);
        let none = labels(&doc, "", &[0, 1, 2]);
        assert_eq!(none.gain, [0.0; 3]);
    }
}
