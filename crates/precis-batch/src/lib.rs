//! # precis-batch
//!
//! Streams JSON Lines through all cores with flat memory and exactly one output per input line,
//! in input order. Two layers:
//!
//! - [`pipeline`]: the generic engine — a reader thread, a pool of workers and an ordered writer,
//!   joined by bounded queues, a fixed number of in-flight chunks and a budget of input bytes in
//!   flight, with a cap on the length of a line, so memory does not grow with the input or with
//!   any line of it. Any per-line function can run on it (`precis batch` summarizes, `precis eval`
//!   summarizes and scores).
//! - [`source`]: inputs (gzip detected; pipes read on a thread of their own, so a quiet input
//!   neither holds back records nor a stop request) and outputs (a file is replaced only when the
//!   run succeeds; an output that is an input is refused).
//! - [`record`]: what `precis batch` does to one line: parse the JSON, summarize the text field,
//!   and render the result or an error record in its place.
//!
//! ```
//! use precis_batch::{pipeline::{self, Options}, record::{RecordFields, summarize_line}};
//! use precis_core::{Algorithm, Summarizer};
//!
//! let input = "{\"id\": 7, \"article\": \"The vote passed. It was close.\"}\nnot json\n";
//! let summarizer = Summarizer::new(Algorithm::Lead);
//! let fields = RecordFields::default();
//! let mut out = Vec::new();
//! let stats = pipeline::run(
//!     input.as_bytes(),
//!     &Options::default(),
//!     |line| summarize_line(&summarizer, &fields, line),
//!     |_, rendered| out.push(rendered.unwrap().json),
//! ).unwrap();
//! assert_eq!(stats.records, 2);
//! assert!(out[0].starts_with("{\"id\":7,"));
//! assert!(out[1].contains("\"error\""));
//! ```

pub mod pipeline;
pub mod record;
pub mod source;

pub use pipeline::{Flow, Line, Options, Panicked, Sink, Stats, Unprocessed};
