//! Stage 4 — rating: most algorithms give each sentence a score; nothing else.
//!
//! A [`Rater`] reads the shared [`Analysis`] and returns one score per sentence (higher is
//! better). Selection — budget, redundancy, order — is the job of [`crate::select`] alone, so every
//! such algorithm is judged on its ratings and nothing else. Boilerplate sentences may get any
//! score: the selector never picks them. The algorithms that choose a summary as a whole (KL-Sum,
//! SumBasic, and the learned default's candidate model) are [`crate::strategy::Strategy`]s;
//! [`Algorithm::strategy`] gives every algorithm's.

mod centroid;
mod lead;
pub mod learned;
mod lexrank;
mod lsa;
mod luhn;
mod textrank;

pub use centroid::Centroid;
pub use lead::Lead;
pub use learned::Learned;
pub use lexrank::LexRank;
pub use lsa::Lsa;
pub use luhn::Luhn;
pub use textrank::TextRank;

pub(crate) use lexrank::graph_sentences;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::analyze::Analysis;
use crate::error::Error;
use crate::select::Selector;
use crate::strategy::{KlSum, RateThenSelect, Strategy, SumBasic};

/// Sentences beyond this many are not given to the graph and matrix algorithms (LexRank, TextRank,
/// LSA), whose cost grows with the square of the sentence count: they rate the first
/// `GRAPH_SENTENCE_LIMIT` content sentences and give the rest the lowest score. News highlights come
/// from the opening of a story, and this keeps a pathological input (200,000 one-word sentences)
/// linear in time and memory.
pub const GRAPH_SENTENCE_LIMIT: usize = 500;

/// The sentences those algorithms (and KL-Sum and SumBasic) consider also stop at this many terms in
/// all (the first sentence always enters): their work grows with the sentences times the terms,
/// so 500 sentences of 5,000 words each would still take seconds. An ordinary story has a few
/// hundred terms; this binds only on inputs hundreds of kilobytes long.
pub const GRAPH_TERM_LIMIT: usize = 50_000;

/// An algorithm that rates sentences.
pub trait Rater: Send + Sync {
    /// One score per sentence of `analysis` (higher is better), in document order.
    fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64>;

    /// The selection the rater was tuned with (length policy and redundancy control), which the
    /// engine uses unless the caller sets its own; `None` for the engine's default.
    fn selector(&self) -> Option<Selector> {
        None
    }

    /// Whether [`Rater::rate`] reads the words of the analysis: terms, vocabulary, term statistics
    /// or vectors. A rater that reads only the sentence count and which sentences are content says
    /// `false`, and the engine then gives it [`Analysis::without_terms`], sparing the word pipeline.
    fn needs_terms(&self) -> bool {
        true
    }

    /// How many leading content sentences of a story the rater reads (`None`: all of them). The
    /// engine then details only the story's opening ([`crate::Document::parse_opening`]): the
    /// later sentences keep their spans but get no words, are not content and are never picked.
    fn horizon(&self) -> Option<usize> {
        None
    }
}

/// The algorithm precis uses when none is named: the learned model, tuned on CNN/DailyMail.
pub const DEFAULT_ALGORITHM: Algorithm = Algorithm::Learned;

/// The algorithms precis ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    /// The first sentences of the story.
    Lead,
    /// Luhn (1958): clusters of significant words.
    Luhn,
    /// Continuous LexRank (Erkan & Radev 2004).
    LexRank,
    /// TextRank (Mihalcea & Tarau 2004).
    TextRank,
    /// LSA (Steinberger & Ježek 2004).
    Lsa,
    /// KL-Sum (Haghighi & Vanderwende 2009).
    Kl,
    /// SumBasic (Nenkova & Vanderwende 2005).
    SumBasic,
    /// tf-idf centroid (Radev et al. 2004).
    Centroid,
    /// Gradient-boosted trees over sentence features, then over whole candidate summaries,
    /// trained on CNN/DailyMail (the default).
    Learned,
    /// The learned model's sentence ratings with its sentence-by-sentence selection policy (the
    /// default before the candidate model), kept for comparison.
    #[serde(rename = "learned-v1")]
    LearnedV1,
}

impl Algorithm {
    /// Every algorithm, in the order the documentation lists them.
    pub const ALL: [Algorithm; 10] = [
        Algorithm::Lead,
        Algorithm::Luhn,
        Algorithm::LexRank,
        Algorithm::TextRank,
        Algorithm::Lsa,
        Algorithm::Kl,
        Algorithm::SumBasic,
        Algorithm::Centroid,
        Algorithm::Learned,
        Algorithm::LearnedV1,
    ];

    /// The name used on the command line and in JSON.
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::Lead => "lead",
            Algorithm::Luhn => "luhn",
            Algorithm::LexRank => "lexrank",
            Algorithm::TextRank => "textrank",
            Algorithm::Lsa => "lsa",
            Algorithm::Kl => "kl",
            Algorithm::SumBasic => "sumbasic",
            Algorithm::Centroid => "centroid",
            Algorithm::Learned => "learned",
            Algorithm::LearnedV1 => "learned-v1",
        }
    }

    /// A one-line description.
    pub fn description(self) -> &'static str {
        match self {
            Algorithm::Lead => "the first sentences of the story (Lead-N baseline)",
            Algorithm::Luhn => "sentences with the densest clusters of significant words",
            Algorithm::LexRank => "eigenvector centrality on the tf-idf cosine similarity graph",
            Algorithm::TextRank => "PageRank over the word-overlap sentence graph",
            Algorithm::Lsa => "sentences that carry the strongest latent topics (SVD)",
            Algorithm::Kl => "greedy minimum KL divergence to the document's word distribution",
            Algorithm::SumBasic => "greedy average word probability, down-weighting used words",
            Algorithm::Centroid => "cosine similarity to the document's tf-idf centroid",
            Algorithm::Learned => {
                "gradient-boosted trees over sentences, then over whole candidate summaries (default)"
            }
            Algorithm::LearnedV1 => {
                "the learned sentence ratings, picked sentence by sentence (the default until 2026-12)"
            }
        }
    }

    /// The paper the algorithm comes from.
    pub fn reference(self) -> &'static str {
        match self {
            Algorithm::Lead => "Nenkova 2005, Automatic text summarization of newswire",
            Algorithm::Luhn => "Luhn 1958, The automatic creation of literature abstracts",
            Algorithm::LexRank => "Erkan & Radev 2004, LexRank: graph-based lexical centrality",
            Algorithm::TextRank => "Mihalcea & Tarau 2004, TextRank: bringing order into texts",
            Algorithm::Lsa => {
                "Steinberger & Ježek 2004, Using latent semantic analysis in text summarization"
            }
            Algorithm::Kl => {
                "Haghighi & Vanderwende 2009, Exploring content models for multi-document summarization"
            }
            Algorithm::SumBasic => {
                "Nenkova & Vanderwende 2005, The impact of frequency on summarization"
            }
            Algorithm::Centroid => {
                "Radev et al. 2004, Centroid-based summarization of multiple documents"
            }
            Algorithm::Learned => {
                "Nallapati et al. 2017, SummaRuNNer (oracle labels); Zhong et al. 2020, MatchSum (candidate summaries); Friedman 2001, gradient boosting"
            }
            Algorithm::LearnedV1 => {
                "Nallapati et al. 2017, SummaRuNNer (oracle labels); Friedman 2001, gradient boosting"
            }
        }
    }

    /// How this algorithm chooses a summary, with its default parameters: the learned default
    /// scores whole candidate summaries, KL-Sum and SumBasic build theirs greedily; every other
    /// algorithm rates sentences and the shared selector picks.
    pub fn strategy(self) -> Box<dyn Strategy> {
        let rater: Box<dyn Rater> = match self {
            Algorithm::Learned => return Box::new(Learned::embedded()),
            Algorithm::Kl => return Box::new(KlSum),
            Algorithm::SumBasic => return Box::new(SumBasic),
            Algorithm::Lead => Box::new(Lead),
            Algorithm::Luhn => Box::new(Luhn::default()),
            Algorithm::LexRank => Box::new(LexRank::default()),
            Algorithm::TextRank => Box::new(TextRank::default()),
            Algorithm::Lsa => Box::new(Lsa::default()),
            Algorithm::Centroid => Box::new(Centroid::default()),
            Algorithm::LearnedV1 => Box::new(Learned::embedded()),
        };
        Box::new(RateThenSelect::new(rater))
    }

    /// Comma-separated names of every algorithm, for error messages and help.
    pub fn names() -> String {
        Algorithm::ALL.map(Algorithm::name).join(", ")
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Algorithm {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let wanted = s.trim().to_ascii_lowercase();
        Algorithm::ALL
            .into_iter()
            .find(|a| a.name() == wanted)
            .ok_or_else(|| Error::UnknownAlgorithm {
                name: s.to_owned(),
                known: Algorithm::names(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_and_greedy_algorithms_stop_at_the_term_limit() {
        use crate::Document;
        use crate::analyze::{Analysis, WordPipeline};
        // Three long sentences: the first two together are over GRAPH_TERM_LIMIT terms, so only
        // the first is rated (all three made KL-Sum and SumBasic sentences × terms).
        let long = "Harbour ferries storm council budget river. ".replace(". ", " ");
        let sentence = long.repeat(GRAPH_TERM_LIMIT / 6 / 2 + 100);
        let text = format!("{sentence}end.\n\n{sentence}end.\n\n{sentence}end.");
        let doc = Document::parse(&text);
        let analysis = Analysis::new(&doc, &WordPipeline::default());
        assert_eq!(analysis.content().len(), 3);
        for algorithm in [
            Algorithm::LexRank,
            Algorithm::TextRank,
            Algorithm::Lsa,
            Algorithm::Kl,
            Algorithm::SumBasic,
        ] {
            let scores = algorithm
                .strategy()
                .choose(&analysis, &Selector::default())
                .scores;
            assert!(scores[0] > 0.0, "{algorithm}: {scores:?}");
            assert_eq!(scores[1..], [0.0, 0.0], "{algorithm}");
        }
    }

    #[test]
    fn names_round_trip() {
        for a in Algorithm::ALL {
            assert_eq!(a.name().parse::<Algorithm>().unwrap(), a);
        }
        assert!(matches!(
            "nope".parse::<Algorithm>(),
            Err(Error::UnknownAlgorithm { .. })
        ));
        assert_eq!("LexRank".parse::<Algorithm>().unwrap(), Algorithm::LexRank);
    }
}
