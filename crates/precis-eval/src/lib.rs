//! # precis-eval
//!
//! Evaluation on CNN/DailyMail-format data, in three separate pieces (as rouge-score separates its
//! own): the per-pair metric lives in `precis-rouge`; this crate has the corpus runner
//! ([`runner`]), the statistics ([`stats`]: means, bootstrap intervals, per-source figures and
//! the official mix) and the greedy extractive [`oracle`].
//!
//! ```
//! use precis_core::{Algorithm, Summarizer};
//! use precis_eval::runner::{self, Mode, RunOptions};
//!
//! let data = r#"{"id":"a","source":"cnn","article":"The vote passed. It was close. Rain fell.","highlights":["The vote passed."]}"#;
//! let summarizer = Summarizer::new(Algorithm::Lead);
//! let run = runner::run(data.as_bytes(), &Mode::Summarize(&summarizer), &RunOptions::default(), |_| {}).unwrap();
//! let report = run.report("lead");
//! assert_eq!(report.documents, 1);
//! assert!(report.rouge.rouge1.r > 99.0); // the highlight is among the three sentences
//! ```

pub mod dataset;
pub mod oracle;
pub mod runner;
pub mod stats;
