//! The one error type of the engine.

use thiserror::Error;

/// What can go wrong when summarizing. Every variant is a property of the user's input or options,
/// never an internal failure: the engine does not panic on any text.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum Error {
    /// The input holds no text at all (empty, or only white space and invisible characters).
    #[error("the input is empty (no text to summarize)")]
    EmptyInput,
    /// The input is not valid UTF-8 text.
    #[error(
        "the input is not valid UTF-8 text (first invalid byte at offset {offset}); convert it to UTF-8 first"
    )]
    NotUtf8 { offset: usize },
    /// The input holds NUL bytes: binary data, not text.
    #[error("the input looks binary, not text (NUL byte at offset {offset})")]
    Binary { offset: usize },
    /// A web page in which no article text was found.
    #[error(
        "the page holds no article text that precis could find (navigation, links and boilerplate only)"
    )]
    NoArticle,
    /// An algorithm name that precis does not know.
    #[error("unknown algorithm '{name}' (known: {known})")]
    UnknownAlgorithm { name: String, known: String },
    /// A budget or option value outside its range.
    #[error("invalid option: {0}")]
    InvalidOption(String),
    /// The work ran past its [`crate::Deadline`] and was stopped.
    #[error("the summarization ran past its time limit and was stopped")]
    DeadlineExceeded,
    /// A learned model file that cannot be read or decoded.
    #[error("invalid model: {0}")]
    InvalidModel(String),
}

/// Result alias used throughout the engine.
pub type Result<T, E = Error> = std::result::Result<T, E>;
