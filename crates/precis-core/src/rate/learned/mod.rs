//! Learned: gradient-boosted trees over sentence features, trained on CNN/DailyMail.
//!
//! Each content sentence gets a row of features ([`features`]: position, length, centrality,
//! similarity to the opening, coverage, novelty, quotation cues, numbers, boilerplate, corpus
//! IDF, discourse openers), and a tree ensemble ([`model`]) turns the row into the probability that
//! the sentence belongs to the extractive oracle summary of the story. The model also carries the
//! selection policy tuned with it (how many sentences, which redundancy control), which
//! [`Rater::selector`] hands to the engine as the default; an explicit budget overrides it.
//!
//! The default model is compiled into the binary (`models/precis-default.model`, written by
//! `precis train`); [`Learned::from_model`] rates with another one.
//!
//! ```
//! use precis_core::{Algorithm, Summarizer};
//! let s = Summarizer::new(Algorithm::Learned);
//! let text = "LONDON (CNN) -- The vote passed on Friday. It was close. Nobody objected. \
//!     Rain fell. The prime minister said the result was \"a great day\" for the country.";
//! let summary = s.summarize(text).unwrap();
//! assert!(!summary.sentences.is_empty());
//! assert!(summary.sentences.iter().all(|h| (0.0..=1.0).contains(&h.score)));
//! ```

pub mod candidates;
pub mod features;
pub mod model;

use std::sync::{Arc, OnceLock};

use super::Rater;
use crate::analyze::Analysis;
use crate::select::Selector;
use crate::strategy::{Choice, Strategy};

pub use features::{FEATURE_COUNT, FEATURES, Feature, FeatureRows, FeatureSet, Group};
pub use model::{Model, ModelFile};

/// The default model, embedded at build time.
pub const DEFAULT_MODEL: &[u8] = include_bytes!("../../../models/precis-default.model");

/// The learned rater: scores are the model's probabilities (0 to 1) for rated sentences, 0 for
/// boilerplate and sentences without words.
#[derive(Debug, Clone)]
pub struct Learned {
    model: Arc<Model>,
}

impl Learned {
    /// The rater with the embedded default model (parsed once per process).
    pub fn embedded() -> Learned {
        static EMBEDDED: OnceLock<Arc<Model>> = OnceLock::new();
        let model = EMBEDDED.get_or_init(|| {
            // Checked by the test suite (`the_embedded_model_loads`), so this cannot fail in a
            // released build.
            Arc::new(Model::from_json(DEFAULT_MODEL).expect("the embedded model is valid"))
        });
        Learned {
            model: model.clone(),
        }
    }

    /// A rater with another model (e.g. read from a file with [`Model::from_json`]).
    pub fn from_model(model: Model) -> Learned {
        Learned {
            model: Arc::new(model),
        }
    }

    /// The model this rater uses.
    pub fn model(&self) -> &Model {
        &self.model
    }
}

impl Default for Learned {
    fn default() -> Self {
        Learned::embedded()
    }
}

impl Rater for Learned {
    fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64> {
        let model = &self.model;
        let rows = features::extract(analysis, model.idf(), model.needs());
        model.rate_rows(&rows, analysis.len())
    }

    fn selector(&self) -> Option<Selector> {
        Some(self.model.selector())
    }

    fn horizon(&self) -> Option<usize> {
        self.model.horizon()
    }
}

/// The learned default's whole-summary choice: the sentence ratings, then, when the model has a
/// candidate model, the best of the candidate summaries built from the best-rated sentences
/// ([`candidates`]); otherwise (or under MMR, or a length the candidates do not cover) the shared
/// selector.
impl Strategy for Learned {
    fn choose(&self, analysis: &Analysis<'_>, selector: &Selector) -> Choice {
        let scores = self.rate(analysis);
        let own = self.model.selector();
        let picked = self
            .model
            .candidates()
            .and_then(|(file, ensemble)| {
                candidates::choose(analysis, &scores, selector, &own, file, ensemble)
            })
            .unwrap_or_else(|| selector.select(analysis, &scores));
        Choice { picked, scores }
    }

    fn selector(&self) -> Option<Selector> {
        Some(self.model.selector())
    }

    fn horizon(&self) -> Option<usize> {
        self.model.horizon()
    }

    /// The sentence ratings alone: MMR re-ranks them, so the candidate model need not run.
    fn ratings(&self, analysis: &Analysis<'_>, _: &Selector) -> Option<Vec<f64>> {
        Some(self.rate(analysis))
    }
}

#[cfg(test)]
mod tests;
