//! # precis-core
//!
//! The precis engine: news articles in, highlights out, every highlight traceable to the exact
//! bytes of the input. The modules are the stages of the pipeline, in order:
//!
//! | stage | module | what it does |
//! | --- | --- | --- |
//! | ingest | [`ingest`] | the user's bytes → checked UTF-8 text |
//! | (language) | [`language`] | one [`language::Profile`] per language, read by every stage below |
//! | segment | [`segment`] | text → paragraphs → sentences → word tokens, as byte spans; news furniture marked |
//! | analyze | [`analyze`] | the word pipeline (normalize → stop words → stem) and per-document term statistics |
//! | rate | [`rate`] | one module per algorithm that rates sentences; each only rates |
//! | select | [`select`], [`strategy`] | the one selector: budget, trigram blocking, document order; whole-summary strategies (KL-Sum, SumBasic, MMR, the learned candidates) under the same budget |
//! | render | [`render`], [`output`] | text, Markdown or JSON; [`SummaryRecord`] is the one JSON form of a summary |
//!
//! [`Document`] is the document model; [`Summarizer`] runs the whole pipeline.
//!
//! ```
//! use precis_core::{Algorithm, Budget, Selector, Summarizer};
//!
//! let article = "WASHINGTON (CNN) -- The Senate passed the bill on Friday. \
//!     Sen. Jane Doe said it would help 2.5 million families. Critics called it \"a gimmick.\" \
//!     The House votes next week.";
//! let summarizer = Summarizer::new(Algorithm::Lead).selector(Selector {
//!     budget: Budget::Sentences(2),
//!     ..Default::default()
//! });
//! let summary = summarizer.summarize(article).unwrap();
//! assert_eq!(summary.sentences.len(), 2);
//! for h in &summary.sentences {
//!     assert_eq!(&article[h.start..h.end], h.text); // provenance: exact bytes of the input
//! }
//! assert_eq!(summary.sentences[1].text, "Sen. Jane Doe said it would help 2.5 million families.");
//! ```

pub mod analyze;
pub mod deadline;
pub mod document;
pub mod engine;
pub mod error;
pub mod ingest;
pub mod language;
pub mod output;
pub mod rate;
pub mod render;
pub mod sample;
pub mod segment;
pub mod select;
pub mod strategy;
mod swar;

pub use deadline::Deadline;
pub use document::{Boilerplate, Document, Paragraph, Sentence, TextForm, Token};
pub use engine::{Highlight, Summarizer, Summary};
pub use error::{Error, Result};
pub use ingest::{Ingested, InputFormat};
pub use output::{Extracted, SummaryRecord};
pub use rate::{Algorithm, DEFAULT_ALGORITHM, Rater};
pub use render::{Format, render};
pub use select::{Budget, Redundancy, SelectionOptions, Selector};
pub use strategy::{Choice, RateThenSelect, Strategy};
