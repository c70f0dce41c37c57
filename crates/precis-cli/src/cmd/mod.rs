//! One module per subcommand: argument structs and the glue that calls the library crates.

pub mod algorithms;
pub mod batch;
pub mod batch_urls;
pub mod eval;
pub mod extract;
pub mod feed;
pub mod input;
pub mod options;
pub mod records;
pub mod rouge;
pub mod sentences;
pub mod serve;
pub mod summarize;
pub mod train;
pub mod web;
