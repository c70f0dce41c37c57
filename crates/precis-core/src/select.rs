//! Stage 5 — selection: the one place that turns ratings into a summary.
//!
//! Every algorithm goes through the same [`Selector`]: content sentences only (boilerplate is never
//! picked), best-rated first, within a budget of sentences or words (whole sentences only), with
//! optional redundancy control, and returned in document order.

use rustc_hash::FxHashSet;

use crate::analyze::{Analysis, Normalize, TokenFilter};
use crate::rate::GRAPH_SENTENCE_LIMIT;

/// MMR compares every candidate left with each sentence it picks, so its cost is picks ×
/// candidates × sentence length: it chooses among the best-rated content sentences only, at most
/// this many (the sentence limit of the graph algorithms)…
pub const MMR_POOL: usize = GRAPH_SENTENCE_LIMIT;
/// … holding at most this many words in all (the best-rated sentence always enters). A summary
/// with MMR therefore has at most [`MMR_POOL`] sentences, whatever its budget; every other
/// selection is one pass over the ranked sentences.
pub const MMR_POOL_WORDS: usize = 50_000;

/// How long the summary may be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Budget {
    /// At most this many sentences.
    Sentences(usize),
    /// Whole sentences whose words add up to at most this many. When even the best-rated sentence
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
    /// maximizes `lambda · score − (1 − lambda) · max similarity to those picked`.
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
    /// Whether [`Selector::select`] reads the words of the analysis (MMR compares tf-idf vectors);
    /// budgets count a sentence's word tokens and trigram blocking reads the tokens themselves.
    pub fn needs_terms(&self) -> bool {
        matches!(self.redundancy, Redundancy::Mmr { .. })
    }

    /// Indices of the selected sentences, in document order.
    pub fn select(&self, analysis: &Analysis<'_>, scores: &[f64]) -> Vec<usize> {
        let score = |i: usize| {
            let s = scores.get(i).copied().unwrap_or(f64::NEG_INFINITY);
            if s.is_finite() { s } else { f64::NEG_INFINITY }
        };
        let mut ranked: Vec<usize> = analysis
            .content()
            .iter()
            .copied()
            .filter(|&i| analysis.word_count(i) > 0)
            .collect();
        ranked.sort_by(|&a, &b| score(b).total_cmp(&score(a)).then(a.cmp(&b)));
        let mut picked = match self.redundancy {
            Redundancy::Mmr { lambda } => self.mmr(analysis, &ranked, &score, lambda),
            _ => self.greedy(analysis, &ranked, &score),
        };
        // When even the shortest sentence is over a word budget, the best-rated one comes alone.
        // (Decided once here: asking for every sentence that does not fit was quadratic.)
        if picked.is_empty() && matches!(self.budget, Budget::Words(_)) {
            picked.extend(ranked.first());
        }
        picked.sort_unstable();
        picked
    }

    fn fits(
        &self,
        analysis: &Analysis<'_>,
        picked: &[usize],
        words: usize,
        (i, rating): (usize, f64),
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

    fn greedy(
        &self,
        analysis: &Analysis<'_>,
        ranked: &[usize],
        score: &dyn Fn(usize) -> f64,
    ) -> Vec<usize> {
        let mut picked = Vec::new();
        let mut words = 0;
        let mut seen_trigrams: FxHashSet<[u64; 3]> = FxHashSet::default();
        for &i in ranked {
            match self.fits(analysis, &picked, words, (i, score(i))) {
                Fit::Full => break,
                Fit::No => continue,
                Fit::Yes => {}
            }
            if self.redundancy == Redundancy::Trigram {
                let trigrams = word_trigrams(analysis, i);
                if trigrams.iter().any(|t| seen_trigrams.contains(t)) {
                    continue;
                }
                seen_trigrams.extend(trigrams);
            }
            words += analysis.word_count(i);
            picked.push(i);
            if matches!(self.budget, Budget::Words(n) if words >= n) {
                break;
            }
        }
        picked
    }

    fn mmr(
        &self,
        analysis: &Analysis<'_>,
        ranked: &[usize],
        score: &dyn Fn(usize) -> f64,
        lambda: f64,
    ) -> Vec<usize> {
        let finite: Vec<f64> = ranked
            .iter()
            .map(|&i| score(i))
            .filter(|s| s.is_finite())
            .collect();
        let hi = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let lo = finite.iter().copied().fold(f64::INFINITY, f64::min);
        let norm = |i: usize| {
            let s = score(i);
            if !s.is_finite() {
                0.0
            } else if hi > lo {
                (s - lo) / (hi - lo)
            } else {
                1.0
            }
        };
        let mut remaining = mmr_pool(analysis, ranked);
        let mut max_sim = vec![0.0f64; analysis.len()];
        let mut picked: Vec<usize> = Vec::new();
        let mut words = 0;
        loop {
            let mut best: Option<(usize, f64)> = None;
            let mut full = false;
            for (pos, &i) in remaining.iter().enumerate() {
                match self.fits(analysis, &picked, words, (i, score(i))) {
                    Fit::Full => {
                        full = true;
                        break;
                    }
                    Fit::No => continue,
                    Fit::Yes => {}
                }
                let value = lambda * norm(i) - (1.0 - lambda) * max_sim[i];
                if best.is_none_or(|(_, v)| value > v) {
                    best = Some((pos, value));
                }
            }
            let Some((pos, _)) = best.filter(|_| !full) else {
                break;
            };
            if analysis.deadline().expired() {
                // The engine reports the deadline; what was picked so far is dropped.
                break;
            }
            let i = remaining.remove(pos);
            words += analysis.word_count(i);
            picked.push(i);
            for &j in &remaining {
                max_sim[j] = max_sim[j].max(analysis.similarity(i, j));
            }
        }
        picked
    }
}

/// The candidates MMR chooses from: the best-rated sentences of `ranked`, within [`MMR_POOL`]
/// sentences and [`MMR_POOL_WORDS`] words.
fn mmr_pool(analysis: &Analysis<'_>, ranked: &[usize]) -> Vec<usize> {
    let mut words = 0;
    ranked
        .iter()
        .copied()
        .take(MMR_POOL)
        .take_while(|&i| {
            let first = words == 0;
            words += analysis.word_count(i);
            first || words <= MMR_POOL_WORDS
        })
        .collect()
}

enum Fit {
    Yes,
    No,
    Full,
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
        let mmr = Selector {
            redundancy: Redundancy::Mmr { lambda: 0.5 },
            ..budget(0.4, 1, 2)
        };
        assert_eq!(pick(TEXT, &scores, mmr), [0, 3]);
    }

    #[test]
    fn trigram_blocking_and_mmr_skip_repeats() {
        for redundancy in [Redundancy::Trigram, Redundancy::Mmr { lambda: 0.5 }] {
            let s = Selector {
                budget: Budget::Sentences(2),
                redundancy,
            };
            assert_eq!(
                pick(TEXT, &[0.9, 0.8, 0.7, 0.1], s),
                [0, 2],
                "{redundancy:?}"
            );
        }
    }

    #[test]
    fn mmr_chooses_among_a_bounded_pool() {
        // Picks × candidates was quadratic: 5,000 sentences with MMR took minutes on 200,000.
        let text: String = (0..MMR_POOL + 20)
            .map(|i| format!("Sentence number {i} says thing {i}. "))
            .collect();
        let scores: Vec<f64> = (0..MMR_POOL + 20).map(|i| i as f64).collect();
        let s = Selector {
            budget: Budget::Sentences(MMR_POOL + 20),
            redundancy: Redundancy::Mmr { lambda: 0.7 },
        };
        let picked = pick(&text, &scores, s);
        // The best-rated MMR_POOL sentences: the last ones.
        assert_eq!(picked, (20..MMR_POOL + 20).collect::<Vec<_>>());
        // A pool also stops at MMR_POOL_WORDS words, but always holds the best sentence.
        let long = format!("Word {}", "word ".repeat(MMR_POOL_WORDS / 4 - 1));
        let text = format!("{long}end. {long}end. {long}end. {long}end. Short one.");
        let s = Selector {
            budget: Budget::Sentences(5),
            ..s
        };
        assert_eq!(pick(&text, &[5.0, 4.0, 3.0, 2.0, 1.0], s), [0, 1, 2]);
        assert_eq!(pick(&text, &[1.0, 1.0, 1.0, 1.0, 9.0], s), [0, 1, 2, 4]);
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
