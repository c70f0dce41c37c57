//! Options shared by every command that summarizes: algorithm, budget, redundancy control.

use anyhow::Result;
use clap::{Args, ValueEnum};
use precis_core::{Algorithm, Budget, Redundancy, Selector, Summarizer};

/// A bad option value: reported with exit code 2, like clap's own usage errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

macro_rules! usage {
    ($($arg:tt)*) => { return Err(UsageError(format!($($arg)*)).into()) };
}

/// How to summarize.
#[derive(Args, Debug, Clone)]
pub struct SummaryArgs {
    /// The algorithm that rates sentences (see `precis algorithms`).
    #[arg(short, long, default_value = "lead", value_name = "NAME")]
    pub algorithm: String,

    /// Pick this many sentences [default: 3].
    #[arg(short = 'n', long, value_name = "N", conflicts_with = "words")]
    pub sentences: Option<usize>,

    /// Pick whole sentences up to this many words in all (never cuts a sentence).
    #[arg(short, long, value_name = "N")]
    pub words: Option<usize>,

    /// Avoid sentences that repeat ones already picked.
    #[arg(long, value_enum, default_value_t = RedundancyArg::None, value_name = "HOW")]
    pub redundancy: RedundancyArg,

    /// With `--redundancy mmr`: weight of the rating against novelty, from 0 to 1.
    #[arg(long, default_value_t = 0.7, value_name = "L")]
    pub lambda: f64,
}

/// Redundancy control on the command line.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedundancyArg {
    /// No control: the best-rated sentences.
    None,
    /// Skip a sentence that shares a word trigram with one already picked.
    Trigram,
    /// Maximal marginal relevance (see --lambda).
    Mmr,
}

impl SummaryArgs {
    /// The summarizer these options describe.
    pub fn summarizer(&self) -> Result<Summarizer> {
        let algorithm: Algorithm = self.algorithm.parse()?;
        Ok(Summarizer::new(algorithm).selector(self.selector()?))
    }

    /// The selector these options describe.
    pub fn selector(&self) -> Result<Selector> {
        let budget = match (self.sentences, self.words) {
            (Some(0), _) => usage!("--sentences must be at least 1"),
            (_, Some(0)) => usage!("--words must be at least 1"),
            (Some(n), _) => Budget::Sentences(n),
            (None, Some(w)) => Budget::Words(w),
            (None, None) => Budget::default(),
        };
        if !(0.0..=1.0).contains(&self.lambda) {
            usage!("--lambda must be between 0 and 1 (got {})", self.lambda);
        }
        let redundancy = match self.redundancy {
            RedundancyArg::None => Redundancy::None,
            RedundancyArg::Trigram => Redundancy::Trigram,
            RedundancyArg::Mmr => Redundancy::Mmr {
                lambda: self.lambda,
            },
        };
        Ok(Selector { budget, redundancy })
    }
}
