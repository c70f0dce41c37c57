//! The greedy extractive oracle: the best summary a sentence extractor could pick, given the
//! reference. Starting from nothing, add the sentence that most raises ROUGE-1 F + ROUGE-2 F
//! against the reference; stop when no sentence raises it (or when the budget is spent).
//!
//! The oracle is a [`Strategy`] built with the reference ([`Oracle::new`]), so it runs through the
//! engine like any algorithm ([`Oracle::summarizer`]) and honours the same budgets, through the
//! greedy loop KL-Sum and SumBasic use ([`precis_core::strategy::greedy`]): `Sentences(n)` caps
//! the picks, `Words(n)` offers only the sentences that still fit, trigram blocking leaves out a
//! sentence that repeats a trigram of the summary, and MMR does not apply. Only content
//! sentences are candidates. `Choice::scores` is the order of the picks (`1 − k / N` for the
//! `k`-th of `N` content sentences).
//!
//! Tokens follow rouge-score's rules exactly (`precis_rouge::tokenize` with stemming). During the
//! search, a summary's n-grams are the union of its sentences' n-grams (bigrams across a sentence
//! boundary are ignored, as in the usual implementations); the reported ROUGE of the oracle summary
//! is then computed by the exact scorer.
//!
//! ```
//! use precis_core::{Budget, Selector};
//! use precis_eval::oracle::Oracle;
//! let article = "The weather was mild. The mayor resigned on Monday. Fans cheered the team. \
//!     A new mayor will be elected in June.";
//! let selector = Selector { budget: Budget::Sentences(5), ..Default::default() };
//! let oracle = Oracle::summarizer("Mayor resigned Monday.\nNew mayor elected in June.", selector);
//! let summary = oracle.summarize(article).unwrap();
//! let picked: Vec<usize> = summary.sentences.iter().map(|h| h.index).collect();
//! assert_eq!(picked, [1, 3]);
//! ```

use std::hash::{Hash, Hasher};

use precis_core::analyze::Analysis;
use precis_core::language::{Language, LanguageChoice};
use precis_core::strategy::greedy::{Greedy, build};
use precis_core::{Budget, Choice, Document, Selector, Strategy, Summarizer};
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

struct Side<'r> {
    reference: &'r Counts,
    reference_total: u32,
    selected: Counts,
    selected_total: u32,
    overlap: u32,
}

impl<'r> Side<'r> {
    fn new(reference: &'r Counts) -> Side<'r> {
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

/// The greedy ROUGE oracle against one reference summary.
pub struct Oracle {
    unigrams: Counts,
    bigrams: Counts,
}

impl Oracle {
    /// The oracle of `reference` (the highlights, one per line, or any text).
    pub fn new(reference: &str) -> Oracle {
        let tokens = precis_rouge::tokenize(reference, true);
        Oracle {
            unigrams: ngram_counts(&tokens, 1),
            bigrams: ngram_counts(&tokens, 2),
        }
    }

    /// The summarizer that reads an article as `precis oracle` does (in English, every sentence)
    /// and picks its oracle summary against `reference` under `selector`. Cheap to build: one per
    /// article.
    pub fn summarizer(reference: &str, selector: Selector) -> Summarizer {
        Summarizer::with_strategy("oracle", Box::new(Oracle::new(reference)))
            .selector(selector)
            .language(LanguageChoice::Fixed(Language::ENGLISH))
    }
}

impl Strategy for Oracle {
    fn choose(&self, analysis: &Analysis<'_>, selector: &Selector) -> Choice {
        let doc = analysis.document();
        let mut grams = vec![None; analysis.len()];
        for &i in analysis.content() {
            let tokens = precis_rouge::tokenize(doc.sentence_text(&doc.sentences()[i]), true);
            let (u, b) = (ngram_counts(&tokens, 1), ngram_counts(&tokens, 2));
            let (ut, bt) = (u.values().sum(), b.values().sum());
            grams[i] = Some(Grams { u, ut, b, bt });
        }
        let mut search = Search {
            one: Side::new(&self.unigrams),
            two: Side::new(&self.bigrams),
            current: 0.0,
            grams,
        };
        build(analysis, selector, analysis.content().to_vec(), &mut search)
    }

    /// The oracle reads sentence texts with ROUGE's tokenizer, not the analysis's terms.
    fn needs_terms(&self) -> bool {
        false
    }

    /// None: the oracle has no per-sentence ratings for MMR to re-rank.
    fn ratings(&self, _: &Analysis<'_>, _: &Selector) -> Option<Vec<f64>> {
        None
    }
}

/// Indices (into `doc.sentences()`, ascending) of the oracle summary of `doc` against
/// `reference`, at most `max_sentences`: the oracle's choice for a document segmented beforehand
/// (training labels).
pub fn greedy(doc: &Document, reference: &str, max_sentences: usize) -> Vec<usize> {
    let selector = Selector {
        budget: Budget::Sentences(max_sentences),
        ..Default::default()
    };
    Oracle::new(reference)
        .choose(&Analysis::without_terms(doc), &selector)
        .picked
}

/// A sentence's unigram and bigram counts, with their totals.
#[derive(Clone)]
struct Grams {
    u: Counts,
    ut: u32,
    b: Counts,
    bt: u32,
}

/// The oracle's greedy step: the sentence that most raises ROUGE-1 F + ROUGE-2 F, if any does.
struct Search<'r> {
    one: Side<'r>,
    two: Side<'r>,
    current: f64,
    grams: Vec<Option<Grams>>,
}

impl Greedy for Search<'_> {
    fn next(&mut self, _: &Analysis<'_>, admissible: &[usize]) -> Option<usize> {
        let mut best: Option<(usize, f64)> = None;
        for (k, &i) in admissible.iter().enumerate() {
            let Some(g) = &self.grams[i] else { continue };
            let gain = self.one.f_with(&g.u, g.ut) + self.two.f_with(&g.b, g.bt);
            if best.is_none_or(|(_, v)| gain > v) {
                best = Some((k, gain));
            }
        }
        best.filter(|&(_, value)| value > self.current)
            .map(|(k, _)| k)
    }

    fn add(&mut self, _: &Analysis<'_>, i: usize) {
        if let Some(g) = &self.grams[i] {
            self.one.add(&g.u, g.ut);
            self.two.add(&g.b, g.bt);
            self.current = self.one.f() + self.two.f();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use precis_core::{Budget, Redundancy};

    const ARTICLE: &str = "By . Daily Mail Reporter . The weather was mild. The mayor resigned \
        on Monday. Fans cheered the team. A new mayor will be elected in June.";
    const REFERENCE: &str = "Mayor resigned Monday.\nNew mayor elected in June.";

    fn picked(article: &str, reference: &str, budget: Budget) -> Vec<usize> {
        let selector = Selector {
            budget,
            ..Default::default()
        };
        let oracle = Oracle::summarizer(reference, selector);
        let doc = oracle.parse(article);
        let summary = oracle.summarize_document(&doc);
        summary.sentences.iter().map(|h| h.index).collect()
    }

    #[test]
    fn picks_the_matching_sentences_and_stops() {
        assert_eq!(picked(ARTICLE, REFERENCE, Budget::Sentences(5)), [2, 4]);
        assert!(picked(ARTICLE, "", Budget::Sentences(5)).is_empty());
        assert_eq!(picked(ARTICLE, "mayor resigned", Budget::Sentences(1)), [2]);
        assert!(picked("", REFERENCE, Budget::Sentences(5)).is_empty());
        assert!(
            picked(
                "By . Daily Mail Reporter .",
                "Daily Mail",
                Budget::Sentences(5)
            )
            .is_empty()
        );
    }

    #[test]
    fn a_word_budget_takes_what_fits() {
        // "The mayor resigned on Monday." (5 words) fits 9 words; the 9-word June sentence,
        // the better single pick, does not fit beside it, so it is the first choice only alone.
        assert_eq!(picked(ARTICLE, REFERENCE, Budget::Words(9)), [4]);
        assert_eq!(picked(ARTICLE, REFERENCE, Budget::Words(6)), [2]);
        assert_eq!(picked(ARTICLE, REFERENCE, Budget::Words(14)), [2, 4]);
    }

    #[test]
    fn trigram_blocking_and_mmr() {
        let article = "The mayor resigned on Monday. The mayor resigned on Monday night.";
        let reference = "The mayor resigned on Monday.\nThe mayor resigned on Monday night.";
        let selector = |redundancy| Selector {
            budget: Budget::Sentences(2),
            redundancy,
        };
        let run = |redundancy| {
            let s = Oracle::summarizer(reference, selector(redundancy));
            let summary = s.summarize(article).unwrap();
            summary
                .sentences
                .iter()
                .map(|h| h.index)
                .collect::<Vec<_>>()
        };
        assert_eq!(run(Redundancy::None), [0, 1]);
        assert_eq!(run(Redundancy::Trigram), [1]);
        // MMR leaves the oracle to choose as with no control.
        assert_eq!(run(Redundancy::Mmr { lambda: 0.5 }), run(Redundancy::None));
    }
}
