//! News feeds for precis: RSS (0.9x, 1.0, 2.0), Atom and JSON Feed, read with `feed-rs`.
//!
//! This crate turns a feed document into the [`Entry`]s precis summarizes, chooses among them
//! ([`select`]: duplicates of one canonical URL dropped, then `--since`, then `--limit`), and owns
//! the two forms `precis feed` writes: one JSON line per entry ([`json_line`], [`error_line`]) and
//! the Markdown digest ([`Digest`]). Fetching the pages is `precis-fetch`'s job and summarizing
//! is `precis-core`'s; the command line wires the three together.
//!
//! ```
//! let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>
//!   <item><title>Harbour reopens</title><link>https://news.example/harbour?utm_source=rss</link>
//!     <pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate></item>
//!   <item><title>Harbour reopens (again)</title><link>https://news.example/harbour</link></item>
//! </channel></rss>"#;
//! let feed = precis_feed::parse(rss, None).unwrap();
//! assert_eq!(feed.kind, "RSS 2.0");
//! let chosen = precis_feed::select(feed.entries, &precis_feed::Selection::default());
//! assert_eq!(chosen.entries.len(), 1); // the same story under one canonical URL
//! assert_eq!(chosen.duplicates, 1);
//! assert_eq!(chosen.entries[0].date_iso().as_deref(), Some("2026-03-03T10:00:00+00:00"));
//! ```

mod output;
mod parse;
mod select;

pub use output::{Digest, error_line, json_line};
pub use parse::{Embedded, Entry, Feed, FeedError, parse};
pub use select::{Selected, Selection, canonical_url, parse_since, select};
