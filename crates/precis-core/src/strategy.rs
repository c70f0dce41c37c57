//! The seam between rating and selection: a [`Strategy`] turns an analysed story and a budget into
//! the chosen sentences, with a score for each sentence.
//!
//! Most algorithms rate each sentence and let the shared [`Selector`] pick ([`RateThenSelect`]).
//! Others choose the summary as a whole, under the same budget and redundancy settings:
//!
//! - the learned default scores every candidate summary built from its best-rated sentences
//!   ([`crate::rate::learned::candidates`]);
//! - [`KlSum`] and [`SumBasic`] add one sentence at a time by a rule that looks at what the
//!   summary already says, while the budget has room ([`greedy`], which the greedy ROUGE oracle
//!   of `precis-eval` also uses);
//! - [`Mmr`] re-ranks another strategy's ratings after every pick (maximal marginal relevance);
//!   the engine puts it around the algorithm's strategy when the selector asks for MMR.
//!
//! ```
//! use precis_core::analyze::{Analysis, WordPipeline};
//! use precis_core::strategy::{RateThenSelect, Strategy};
//! use precis_core::{Document, Selector, rate::Lead};
//! let doc = Document::parse("The vote passed. It was close. Nobody objected.");
//! let analysis = Analysis::new(&doc, &WordPipeline::default());
//! let lead = RateThenSelect::new(Box::new(Lead));
//! let choice = lead.choose(&analysis, &Selector::default());
//! assert_eq!(choice.picked, [0, 1, 2]);
//! ```

pub mod greedy;
mod kl;
mod mmr;
mod sumbasic;

pub use kl::{KL_SMOOTHING, KlSum};
pub use mmr::{MMR_POOL, MMR_POOL_WORDS, Mmr};
pub use sumbasic::SumBasic;

use crate::analyze::Analysis;
use crate::rate::Rater;
use crate::select::Selector;

/// What a strategy chose.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Choice {
    /// Indices of the chosen sentences, in document order.
    pub picked: Vec<usize>,
    /// A score per sentence of the analysis (higher is better), reported with each highlight.
    pub scores: Vec<f64>,
}

/// Chooses a summary: analysis and budget in, sentences out.
pub trait Strategy: Send + Sync {
    /// The sentences of `analysis` to return under `selector` (budget and redundancy control).
    fn choose(&self, analysis: &Analysis<'_>, selector: &Selector) -> Choice;

    /// The selection the strategy was tuned with, which the engine uses unless the caller sets
    /// its own; `None` for the engine's default.
    fn selector(&self) -> Option<Selector> {
        None
    }

    /// Whether [`Strategy::choose`] reads the words of the analysis (see [`Rater::needs_terms`]).
    fn needs_terms(&self) -> bool {
        true
    }

    /// How many leading content sentences the strategy reads (see [`Rater::horizon`]).
    fn horizon(&self) -> Option<usize> {
        None
    }

    /// The per-sentence ratings [`Mmr`] re-ranks (under `selector`, which asks for no redundancy
    /// control), or `None` for a strategy that has none: one that builds its summary by a
    /// procedure of its own (KL-Sum, SumBasic, the oracle), which MMR then leaves alone. By
    /// default, the scores of the strategy's own choice.
    fn ratings(&self, analysis: &Analysis<'_>, selector: &Selector) -> Option<Vec<f64>> {
        Some(self.choose(analysis, selector).scores)
    }
}

/// The default strategy: rate each sentence, then the shared selector picks.
pub struct RateThenSelect {
    rater: Box<dyn Rater>,
}

impl RateThenSelect {
    /// The strategy of `rater`.
    pub fn new(rater: Box<dyn Rater>) -> RateThenSelect {
        RateThenSelect { rater }
    }
}

impl Strategy for RateThenSelect {
    fn choose(&self, analysis: &Analysis<'_>, selector: &Selector) -> Choice {
        let scores = self.rater.rate(analysis);
        Choice {
            picked: selector.select(analysis, &scores),
            scores,
        }
    }

    fn selector(&self) -> Option<Selector> {
        self.rater.selector()
    }

    fn needs_terms(&self) -> bool {
        self.rater.needs_terms()
    }

    fn horizon(&self) -> Option<usize> {
        self.rater.horizon()
    }

    fn ratings(&self, analysis: &Analysis<'_>, _: &Selector) -> Option<Vec<f64>> {
        Some(self.rater.rate(analysis))
    }
}
