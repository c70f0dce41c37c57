//! Stage 5 — selection: the one place that turns ratings into a summary.
//!
//! Every algorithm that rates sentences goes through the same [`Selector`]: content sentences only
//! (boilerplate is never picked), best-rated first, within a budget of sentences or words (whole
//! sentences only), optionally skipping a sentence that repeats a word trigram of one already
//! picked, and returned in document order. One pass over the ranked sentences.
//!
//! The selector also carries the caller's request for MMR ([`Redundancy::Mmr`]), but MMR is not a
//! one-pass filter: it re-ranks after every pick, so it is a strategy of its own
//! ([`crate::strategy::Mmr`]), which the engine puts around the algorithm's strategy when the
//! selector asks for it. The selector alone reads MMR as no control.

use rustc_hash::FxHashSet;

use crate::analyze::{Analysis, Normalize, TokenFilter};

/// How long the summary may be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Budget {
    /// At most this many sentences.
    Sentences(usize),
    /// Whole sentences whose words add up to at most this many. Only sentences that say something
    /// on their own ([`Analysis::carries_content`]) fill the budget: never a quote tail such as
    /// `Eleven.` (unless no sentence of the story says more). When even the best-rated sentence
    /// is longer than the budget, that one sentence is returned alone: a summary is never empty
    /// for an article with content, and a sentence is never cut.
    Words(usize),
    /// Every sentence rated at least `score`, best first, but at least `min` and at most `max`
    /// sentences: a length that follows the story, for raters whose scores are calibrated (the
    /// learned model's probabilities). Raters supply it as their policy ([`crate::Rater::selector`]).
    Threshold {
        /// Lowest rating a sentence beyond the first `min` needs.
        score: f64,
        /// Fewest sentences (fewer only when the article has fewer).
        min: usize,
        /// Most sentences.
        max: usize,
    },
}

impl Default for Budget {
    fn default() -> Self {
        Budget::Sentences(3)
    }
}

/// How to avoid picking sentences that say the same thing.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Redundancy {
    /// No control: the best-rated sentences, whatever they repeat.
    #[default]
    None,
    /// Skip a sentence that shares a word trigram with one already picked (Paulus et al. 2018).
    Trigram,
    /// Maximal marginal relevance (Carbonell & Goldstein 1998): at each step pick the sentence that
    /// maximizes `lambda · score − (1 − lambda) · max similarity to those picked`. Applied by the
    /// [`crate::strategy::Mmr`] strategy, which the engine puts around the algorithm's strategy.
    Mmr {
        /// Weight of the rating against novelty, in `[0, 1]`.
        lambda: f64,
    },
}

impl Redundancy {
    /// MMR's weight of the rating against novelty when none is given (every front end's default).
    pub const DEFAULT_LAMBDA: f64 = 0.7;
    /// The names [`Redundancy::from_name`] knows, as front ends list them.
    pub const NAMES: [&'static str; 3] = ["none", "trigram", "mmr"];

    /// The control named `name` (`none`, `trigram`, `mmr`); `lambda` is MMR's weight (checked by
    /// [`SelectionOptions::check`]). The error names the known values.
    ///
    /// ```
    /// use precis_core::Redundancy;
    /// assert_eq!(Redundancy::from_name("trigram", 0.7).unwrap(), Redundancy::Trigram);
    /// assert!(Redundancy::from_name("nope", 0.7).is_err());
    /// ```
    pub fn from_name(name: &str, lambda: f64) -> crate::Result<Redundancy> {
        match name {
            "none" => Ok(Redundancy::None),
            "trigram" => Ok(Redundancy::Trigram),
            "mmr" => Ok(Redundancy::Mmr { lambda }),
            other => Err(crate::Error::InvalidOption(format!(
                "unknown redundancy '{other}' (known: {})",
                Redundancy::NAMES.join(", ")
            ))),
        }
    }
}

/// Picks sentences from ratings.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Selector {
    /// The length budget.
    pub budget: Budget,
    /// The redundancy control.
    pub redundancy: Redundancy,
}

/// What a caller asked of the selection, each part optional: whatever it leaves unset keeps the
/// algorithm's own policy ([`crate::Rater::selector`]). The one place the rule "an explicit
/// budget or redundancy control overrides the policy" lives; the CLI and the HTTP API both go
/// through it ([`crate::Summarizer::with_options`]).
///
/// ```
/// use precis_core::{Budget, Redundancy, Selector, SelectionOptions};
/// let policy = Selector { budget: Budget::Threshold { score: 0.5, min: 1, max: 5 }, redundancy: Redundancy::Trigram };
/// let asked = SelectionOptions { budget: Some(Budget::Sentences(2)), ..Default::default() };
/// assert_eq!(asked.over(policy), Selector { budget: Budget::Sentences(2), redundancy: Redundancy::Trigram });
/// assert_eq!(SelectionOptions::default().over(policy), policy);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SelectionOptions {
    /// The length asked for; `None` keeps the policy's.
    pub budget: Option<Budget>,
    /// The redundancy control asked for; `None` keeps the policy's.
    pub redundancy: Option<Redundancy>,
}

impl SelectionOptions {
    /// `base` with what these options set.
    pub fn over(&self, base: Selector) -> Selector {
        Selector {
            budget: self.budget.unwrap_or(base.budget),
            redundancy: self.redundancy.unwrap_or(base.redundancy),
        }
    }

    /// Checks the values: a budget of at least one sentence or word, an MMR weight in `[0, 1]`.
    /// The message names the option as the engine knows it; front ends may word it their way.
    pub fn check(&self) -> crate::Result<()> {
        let bad = |m: String| Err(crate::Error::InvalidOption(m));
        match self.budget {
            Some(Budget::Sentences(0)) => return bad("sentences must be at least 1".into()),
            Some(Budget::Words(0)) => return bad("words must be at least 1".into()),
            _ => {}
        }
        match self.redundancy {
            Some(Redundancy::Mmr { lambda }) if !(0.0..=1.0).contains(&lambda) => {
                bad(format!("lambda must be between 0 and 1 (got {lambda})"))
            }
            _ => Ok(()),
        }
    }
}

impl Selector {
    /// Indices of the selected sentences, in document order. [`Redundancy::Mmr`] is read as no
    /// control here: MMR is the [`crate::strategy::Mmr`] strategy.
    pub fn select(&self, analysis: &Analysis<'_>, scores: &[f64]) -> Vec<usize> {
        let ranked = ranked(analysis, scores);
        let mut picks = Picks::new(self, analysis);
        for &i in &ranked {
            match picks.admits(analysis, i, rating(scores, i)) {
                Fit::Full => break,
                Fit::No => continue,
                Fit::Yes => picks.add(analysis, i),
            }
        }
        self.settle(ranked.first().copied(), picks.picked)
    }

    /// `picked` in document order, or, when even the shortest sentence is over a word budget and
    /// nothing was picked, the `first` choice alone: a summary is never empty for an article with
    /// content, and a sentence is never cut. (Decided once here: asking for every sentence that
    /// does not fit was quadratic.)
    pub(crate) fn settle(&self, first: Option<usize>, mut picked: Vec<usize>) -> Vec<usize> {
        if picked.is_empty() && matches!(self.budget, Budget::Words(_)) {
            picked.extend(first);
        }
        picked.sort_unstable();
        picked
    }

    /// Whether sentence `i`, rated `rating`, fits after `picked` (holding `words` words).
    fn fits(
        &self,
        analysis: &Analysis<'_>,
        picked: &[usize],
        words: usize,
        i: usize,
        rating: f64,
    ) -> Fit {
        match self.budget {
            Budget::Sentences(n) if picked.len() >= n => Fit::Full,
            Budget::Sentences(_) => Fit::Yes,
            Budget::Threshold { max, .. } if picked.len() >= max => Fit::Full,
            Budget::Threshold { score, min, .. } if picked.len() >= min && rating < score => {
                Fit::No
            }
            Budget::Threshold { .. } => Fit::Yes,
            Budget::Words(n) => {
                let w = analysis.word_count(i);
                if words + w <= n {
                    Fit::Yes
                } else if words >= n {
                    Fit::Full
                } else {
                    Fit::No
                }
            }
        }
    }
}

/// The sentences a selection may pick, best-rated first (ties to the earlier sentence): content
/// sentences with words.
pub(crate) fn ranked(analysis: &Analysis<'_>, scores: &[f64]) -> Vec<usize> {
    let mut ranked: Vec<usize> = analysis
        .content()
        .iter()
        .copied()
        .filter(|&i| analysis.word_count(i) > 0)
        .collect();
    ranked.sort_by(|&a, &b| {
        rating(scores, b)
            .total_cmp(&rating(scores, a))
            .then(a.cmp(&b))
    });
    ranked
}

/// The rating of sentence `i`: a missing or non-finite one is the lowest.
pub(crate) fn rating(scores: &[f64], i: usize) -> f64 {
    let s = scores.get(i).copied().unwrap_or(f64::NEG_INFINITY);
    if s.is_finite() { s } else { f64::NEG_INFINITY }
}

/// Whether a sentence may join a summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fit {
    /// It fits the budget and repeats nothing the redundancy control forbids.
    Yes,
    /// It does not, but another sentence may.
    No,
    /// The budget is spent: no sentence fits any more.
    Full,
}

/// A summary being built under a selector, one sentence at a time: the picks so far, their words
/// and, with trigram blocking, their word trigrams. Shared by the selector and the strategies that
/// build summaries themselves (MMR, KL-Sum, SumBasic, the oracle), so the budget and the
/// redundancy test mean the same everywhere.
pub(crate) struct Picks<'s> {
    selector: &'s Selector,
    /// The sentences picked, in the order they were picked.
    pub(crate) picked: Vec<usize>,
    words: usize,
    seen: FxHashSet<[u64; 3]>,
    /// With trigram blocking, each sentence's trigrams once computed (a strategy asks about the
    /// same sentence at every step).
    trigrams: Vec<Option<Vec<[u64; 3]>>>,
    /// Under a word budget, whether a sentence must say something on its own to join: when at
    /// least one content sentence of the story does.
    whole_thoughts: bool,
}

impl<'s> Picks<'s> {
    pub(crate) fn new(selector: &'s Selector, analysis: &Analysis<'_>) -> Picks<'s> {
        let blocking = selector.redundancy == Redundancy::Trigram;
        Picks {
            selector,
            picked: Vec::new(),
            words: 0,
            seen: FxHashSet::default(),
            trigrams: if blocking {
                vec![None; analysis.len()]
            } else {
                Vec::new()
            },
            whole_thoughts: matches!(selector.budget, Budget::Words(_))
                && analysis
                    .content()
                    .iter()
                    .any(|&i| analysis.carries_content(i)),
        }
    }

    /// Whether sentence `i`, rated `rating`, may join: it fits the budget, under a word budget it
    /// says something on its own, and with trigram blocking it shares no word trigram with a
    /// sentence already picked.
    pub(crate) fn admits(&mut self, analysis: &Analysis<'_>, i: usize, rating: f64) -> Fit {
        let fit = self
            .selector
            .fits(analysis, &self.picked, self.words, i, rating);
        if fit == Fit::Yes && self.whole_thoughts && !analysis.carries_content(i) {
            return Fit::No;
        }
        if fit != Fit::Yes || self.trigrams.is_empty() || self.seen.is_empty() {
            return fit;
        }
        let trigrams = self.trigrams[i].get_or_insert_with(|| word_trigrams(analysis, i));
        if trigrams.iter().any(|t| self.seen.contains(t)) {
            Fit::No
        } else {
            Fit::Yes
        }
    }

    /// Adds sentence `i` (which [`Picks::admits`]).
    pub(crate) fn add(&mut self, analysis: &Analysis<'_>, i: usize) {
        if !self.trigrams.is_empty() {
            let trigrams = self.trigrams[i].get_or_insert_with(|| word_trigrams(analysis, i));
            self.seen.extend(trigrams.iter().copied());
        }
        self.words += analysis.word_count(i);
        self.picked.push(i);
    }
}

/// Word trigrams of a sentence (lower-cased, stop words kept), hashed.
pub(crate) fn word_trigrams(analysis: &Analysis<'_>, i: usize) -> Vec<[u64; 3]> {
    let doc = analysis.document();
    // One buffer for every word: normalizing into it allocates nothing for ASCII words.
    let mut w = String::new();
    let words: Vec<u64> = doc
        .sentence_tokens(&doc.sentences()[i])
        .iter()
        .map(|t| {
            w.clear();
            w.push_str(doc.token_text(t));
            Normalize.apply(&mut w);
            hash(&w)
        })
        .collect();
    words.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

fn hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Document, analyze::WordPipeline};

    fn pick(text: &str, scores: &[f64], selector: Selector) -> Vec<usize> {
        let doc = Document::parse(text);
        let a = Analysis::new(&doc, &WordPipeline::default());
        selector.select(&a, scores)
    }

    const TEXT: &str = "The storm hit the coast on Monday. \
        The storm hit the coast on Monday night. \
        Thousands lost power across the region. \
        Schools will reopen on Thursday.";

    #[test]
    fn budget_in_sentences_and_document_order() {
        let s = Selector {
            budget: Budget::Sentences(2),
            ..Default::default()
        };
        assert_eq!(pick(TEXT, &[0.1, 0.2, 0.9, 0.5], s), [2, 3]);
    }

    #[test]
    fn budget_in_words_fills_with_whole_sentences() {
        let s = Selector {
            budget: Budget::Words(12),
            ..Default::default()
        };
        // 7 + 8 words would be 15 > 12, so the 5-word sentence fills in.
        assert_eq!(pick(TEXT, &[0.9, 0.8, 0.1, 0.5], s), [0, 3]);
        let tiny = Selector {
            budget: Budget::Words(1),
            ..Default::default()
        };
        assert_eq!(pick(TEXT, &[0.1, 0.8, 0.1, 0.5], tiny), [1]);
    }

    #[test]
    fn a_word_budget_is_never_filled_with_fragments() {
        let text = "The storm cut power to thousands of homes on Monday. Eleven. \
            Crews worked through the night to restore the lines. \"Nobody came to check.";
        let words = |n| Selector {
            budget: Budget::Words(n),
            ..Default::default()
        };
        // 10 words picked; `Eleven.` (1) and the quote tail (4) would fit 15, but say nothing.
        assert_eq!(pick(text, &[0.9, 0.8, 0.1, 0.7], words(15)), [0]);
        assert_eq!(pick(text, &[0.9, 0.8, 0.7, 0.6], words(19)), [0, 2]);
        // A sentence budget is the caller's count: fragments are not skipped there.
        let two = Selector {
            budget: Budget::Sentences(2),
            ..Default::default()
        };
        assert_eq!(pick(text, &[0.9, 0.8, 0.1, 0.7], two), [0, 1]);
        // A story of fragments only is still summarized, with fragments.
        let brief = "Fire at the mill. Nobody hurt. Roads closed.";
        assert_eq!(pick(brief, &[0.9, 0.8, 0.7], words(6)), [0, 1]);
        // Nothing fits: the best-rated sentence alone, as before.
        assert_eq!(pick(text, &[0.1, 0.2, 0.9, 0.3], words(3)), [2]);
    }

    #[test]
    fn threshold_budget_follows_the_ratings_within_bounds() {
        let budget = |score, min, max| Selector {
            budget: Budget::Threshold { score, min, max },
            ..Default::default()
        };
        let scores = [0.9, 0.8, 0.1, 0.5];
        assert_eq!(pick(TEXT, &scores, budget(0.6, 1, 3)), [0, 1]);
        assert_eq!(pick(TEXT, &scores, budget(0.95, 1, 3)), [0]);
        assert_eq!(pick(TEXT, &scores, budget(0.95, 2, 3)), [0, 1]);
        assert_eq!(pick(TEXT, &scores, budget(0.0, 1, 3)), [0, 1, 3]);
    }

    #[test]
    fn trigram_blocking_skips_repeats_and_the_selector_leaves_mmr_to_its_strategy() {
        let s = |redundancy| Selector {
            budget: Budget::Sentences(2),
            redundancy,
        };
        let scores = [0.9, 0.8, 0.7, 0.1];
        assert_eq!(pick(TEXT, &scores, s(Redundancy::Trigram)), [0, 2]);
        assert_eq!(pick(TEXT, &scores, s(Redundancy::None)), [0, 1]);
        assert_eq!(
            pick(TEXT, &scores, s(Redundancy::Mmr { lambda: 0.5 })),
            [0, 1]
        );
    }

    #[test]
    fn never_boilerplate_and_short_articles_return_everything() {
        let text = "By . Daily Mail Reporter . The vote passed. Nobody objected.";
        let s = Selector {
            budget: Budget::Sentences(5),
            ..Default::default()
        };
        // The flattened byline `By . Daily Mail Reporter .` is one boilerplate sentence.
        let picked = pick(text, &[9.0, 0.0, 0.0], s);
        assert_eq!(picked, [1, 2]);
    }
}
