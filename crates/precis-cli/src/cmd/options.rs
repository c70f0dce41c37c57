//! Options shared by every command that summarizes: algorithm, budget, redundancy control.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use precis_core::language::{self, LanguageChoice};
use precis_core::rate::Learned;
use precis_core::rate::learned::Model;
use precis_core::{Algorithm, Budget, DEFAULT_ALGORITHM, Redundancy, SelectionOptions, Summarizer};

/// `-j/--threads`, shared by the commands that work on records in parallel.
#[derive(Debug, Clone, Copy, Args)]
pub struct ThreadsArg {
    /// Worker threads [default: one per core].
    #[arg(
        short = 'j',
        long = "threads",
        default_value_t = 0,
        hide_default_value = true,
        value_name = "N"
    )]
    pub threads: usize,
}

impl ThreadsArg {
    /// The number of threads: the one given, or one per core for 0 (the default).
    pub fn count(self) -> usize {
        match self.threads {
            0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
            n => n,
        }
    }
}

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
    #[arg(short, long, default_value = DEFAULT_ALGORITHM.name(), value_name = "NAME")]
    pub algorithm: String,

    /// With the learned algorithm: rate with this model file (written by `precis train`)
    /// instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,

    /// Pick this many sentences [default: the learned model's own length policy; 3 for the
    /// other algorithms].
    #[arg(short = 'n', long, value_name = "N", conflicts_with = "words")]
    pub sentences: Option<usize>,

    /// Pick whole sentences up to this many words in all (never cuts a sentence; fragments such
    /// as `Eleven.` never fill the budget).
    #[arg(short, long, value_name = "N")]
    pub words: Option<usize>,

    /// Avoid sentences that repeat ones already picked [default: the learned model's own
    /// policy (trigram); none for the other algorithms].
    #[arg(long, value_enum, value_name = "HOW")]
    pub redundancy: Option<RedundancyArg>,

    /// With `--redundancy mmr`: weight of the rating against novelty, from 0 to 1.
    #[arg(long, default_value_t = Redundancy::DEFAULT_LAMBDA, value_name = "L")]
    pub lambda: f64,

    /// The articles' language: `auto` detects it per article, or an ISO 639-1 code.
    #[arg(long, default_value = "auto", value_name = "CODE",
          long_help = language::detect::CODES_HELP)]
    pub language: LanguageChoice,
}

/// Redundancy control on the command line.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedundancyArg {
    /// No control: the best-rated sentences.
    None,
    /// Skip a sentence that shares a word trigram with one already picked.
    Trigram,
    /// Maximal marginal relevance (see --lambda), among the 500 best-rated sentences (kl and
    /// sumbasic weigh repetition themselves and choose as without it).
    Mmr,
}

impl SummaryArgs {
    /// The summarizer these options describe. The algorithm's own selection policy (the learned
    /// model's) applies to whatever the options leave unset.
    pub fn summarizer(&self) -> Result<Summarizer> {
        let algorithm: Algorithm = self.algorithm.parse()?;
        let summarizer = match &self.model {
            Some(path) if matches!(algorithm, Algorithm::Learned | Algorithm::LearnedV1) => {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("cannot read the model {}", path.display()))?;
                let model = Model::from_json(&bytes)
                    .with_context(|| format!("cannot load the model {}", path.display()))?;
                let learned = Learned::from_model(model);
                if algorithm == Algorithm::Learned {
                    Summarizer::with_strategy(algorithm.name(), Box::new(learned))
                } else {
                    Summarizer::with_rater(algorithm.name(), Box::new(learned))
                }
            }
            Some(_) => usage!(
                "--model only applies to the learned algorithm (got --algorithm {algorithm})"
            ),
            None => Summarizer::new(algorithm),
        };
        Ok(summarizer
            .with_options(&self.selection()?)?
            .language(self.language))
    }

    /// What the options ask of the selection (unset parts keep the algorithm's policy; the
    /// engine's [`precis_core::SelectionOptions`] applies the rule).
    fn selection(&self) -> Result<SelectionOptions> {
        let budget = match (self.sentences, self.words) {
            (Some(0), _) => usage!("--sentences must be at least 1"),
            (_, Some(0)) => usage!("--words must be at least 1"),
            (Some(n), _) => Some(Budget::Sentences(n)),
            (None, Some(w)) => Some(Budget::Words(w)),
            (None, None) => None,
        };
        if !(0.0..=1.0).contains(&self.lambda) {
            usage!("--lambda must be between 0 and 1 (got {})", self.lambda);
        }
        let redundancy = self.redundancy.map(|r| match r {
            RedundancyArg::None => Redundancy::None,
            RedundancyArg::Trigram => Redundancy::Trigram,
            RedundancyArg::Mmr => Redundancy::Mmr {
                lambda: self.lambda,
            },
        });
        Ok(SelectionOptions { budget, redundancy })
    }
}
