//! `precis feed`: read an RSS, Atom or JSON Feed (a URL, a file or stdin), fetch and summarize
//! each entry's story, and write one JSON line per entry or a Markdown digest, in the feed's
//! order. Parsing, selection and the output forms are `precis-feed`'s; fetching is
//! `precis-fetch`'s (the same fetcher, limits and options as `batch --urls`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result, anyhow};
use clap::{Args, ValueEnum};
use futures_util::StreamExt;
use precis_batch::source::{self, Output};
use precis_core::ingest::{self, InputFormat};
use precis_core::{Summarizer, SummaryRecord};
use precis_feed::{Digest, Entry, Selection};

use super::options::{SummaryArgs, UsageError};
use super::web;

/// Summarize every story of a news feed (RSS, Atom or JSON Feed).
#[derive(Args, Debug)]
#[command(override_usage = "precis feed [OPTIONS] <URL|FILE|->")]
#[command(after_long_help = "\
The feed is read from an http(s) URL (fetched like a page), a file (optionally gzip) or `-` for
standard input; RSS 0.9x/1.0/2.0, Atom and JSON Feed are recognized by their content. Entries
are taken in the feed's order: an entry whose link (without tracking parameters such as utm_*, a
fragment, `www.` or the http/https difference) repeats an earlier one is skipped, then those
dated before --since, then all after the first --limit. An entry without a date is kept by
--since: the feed does not say it is older.

Each entry's page is fetched (at most --fetch-concurrency at once, --per-host per site, each
within --timeout and --max-page-bytes), its article extracted and summarized. With
--use-feed-content, an entry that embeds its story (RSS content:encoded, Atom <content>, JSON
Feed content_html/content_text) is summarized from that instead, and nothing is fetched for it;
a teaser (RSS <description>, Atom <summary>) is never taken for the story. Fetching is the
default because feeds often embed only the start of a story, and the page carries its metadata
(authors, date, site, image).

Output, in the feed's order (--format jsonl, the default): one line per entry,
  {\"entry\": {\"position\", \"url\", \"title\", \"date\"}, \"content_from\": \"page\"|\"feed\",
   \"algorithm\", \"sentences\": [...], \"summary\", \"title\", \"extracted\": {...}}
or, for an entry that could not be fetched or summarized (no link, HTTP error, not a web page,
no article), {\"entry\": {...}, \"error\": \"what went wrong\"} in its place. With --format
markdown, a digest: the feed's title, then one section per entry with its linked title, date,
site and highlights (or why it has none).

A document that is not a feed (a web page, other XML, invalid XML or JSON) is an error naming
what it is. Exit code 0 when every entry was summarized, 1 when some were not (all others are
still written) or the feed could not be read, 2 for bad usage.

Examples:
  precis feed https://example.org/rss.xml --limit 10 > today.jsonl
  precis feed https://example.org/atom.xml --since 24h --format markdown > digest.md
  precis feed saved-feed.xml --since 2026-03-01 -n 2
  curl -s https://example.org/feed.json | precis feed - --use-feed-content
  precis feed feed.xml --per-host 2 --timeout 10 -o summaries.jsonl")]
pub struct FeedArgs {
    /// The feed: an http(s) URL, a file (optionally gzip), or `-` for standard input.
    #[arg(value_name = "URL|FILE|-")]
    pub source: PathBuf,

    /// Output: JSON Lines (one line per entry) or a Markdown digest.
    #[arg(short, long, value_enum, default_value_t = FeedFormat::Jsonl)]
    pub format: FeedFormat,

    /// Output file (`.gz` to compress), or `-` for standard output. A file is written whole when
    /// the run ends (NAME.partial-XXXXXX until then).
    #[arg(short, long, default_value = "-", value_name = "PATH")]
    pub output: PathBuf,

    /// Summarize at most this many entries (the first in the feed's order).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,

    /// Only entries published since a date (2026-03-03, 2026-03-03T08:00:00Z) or within a
    /// duration back from now (36h, 7d, 2w).
    #[arg(long, value_name = "DATE|DURATION")]
    pub since: Option<String>,

    /// Summarize the story an entry embeds, when it embeds one, instead of fetching its page.
    #[arg(long)]
    pub use_feed_content: bool,

    /// Largest feed read, in bytes (after decompression); a larger one is an error.
    #[arg(long, default_value_t = 16 << 20, value_name = "BYTES")]
    pub max_feed_bytes: u64,

    #[command(flatten)]
    pub jobs: super::options::ThreadsArg,

    #[command(flatten)]
    pub summary: SummaryArgs,

    #[command(flatten)]
    pub fetch: web::FetchArgs,
}

/// Output forms of `precis feed`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedFormat {
    /// One JSON line per entry.
    Jsonl,
    /// A Markdown digest, one section per entry.
    Markdown,
}

pub fn run(args: FeedArgs) -> Result<ExitCode> {
    let since = match &args.since {
        Some(s) => Some(precis_feed::parse_since(s, chrono::Utc::now()).map_err(UsageError)?),
        None => None,
    };
    let summarizer = Arc::new(args.summary.summarizer()?);
    let fetcher = args.fetch.fetcher()?;
    let name = args.source.to_string_lossy().into_owned();
    if !web::is_url(&name) {
        source::check_distinct(&[&args.source], &[&args.output])?;
    }
    let threads = args.jobs.count();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .max_blocking_threads(threads)
        .build()
        .context("cannot start the HTTP runtime")?;

    let start = Instant::now();
    let (bytes, base) = if web::is_url(&name) {
        let page = runtime
            .block_on(fetcher.fetch(&name))
            .map_err(|e| anyhow!("{name}: {e}"))?;
        if page.body.len() as u64 > args.max_feed_bytes {
            return Err(anyhow!(
                "{name}: the feed is larger than {} bytes (--max-feed-bytes)",
                args.max_feed_bytes
            ));
        }
        (page.body, Some(page.final_url))
    } else {
        (read_capped(&args.source, args.max_feed_bytes)?, None)
    };
    let feed = precis_feed::parse(&bytes, base.as_deref()).map_err(|e| anyhow!("{name}: {e}"))?;
    drop(bytes);
    let total = feed.entries.len();
    let chosen = precis_feed::select(
        feed.entries,
        &Selection {
            since,
            limit: args.limit,
        },
    );

    let mut output = Output::create(&args.output)
        .with_context(|| format!("cannot create {}", args.output.display()))?;
    let markdown = args.format == FeedFormat::Markdown;
    let mut write_error = None;
    let mut write = |output: &mut Output, text: &str| {
        if write_error.is_none() {
            // Entries arrive slowly (each is a fetch): each is delivered as soon as it is done.
            let r = output.record(text.as_bytes()).and_then(|_| output.flush());
            write_error = r.err();
        }
    };
    if markdown {
        let header = Digest::header(feed.title.as_deref(), &name);
        write(&mut output, header.trim_end_matches('\n'));
    }

    // Enough entries in flight to keep every connection busy while earlier ones are summarized.
    let window = args.fetch.fetch_concurrency.max(1) * 2 + threads;
    let use_feed_content = args.use_feed_content;
    let (mut done, mut errors) = (0usize, 0usize);
    runtime.block_on(async {
        let results = futures_util::stream::iter(chosen.entries)
            .map(|entry| {
                let (fetcher, summarizer) = (fetcher.clone(), summarizer.clone());
                async move {
                    let result = one(&fetcher, summarizer, &entry, use_feed_content).await;
                    (entry, result)
                }
            })
            .buffered(window);
        let mut results = std::pin::pin!(results);
        while let Some((entry, result)) = results.next().await {
            done += 1;
            let text = match (&result, markdown) {
                (Ok((from, record)), false) => precis_feed::json_line(&entry, from, record),
                (Ok((_, record)), true) => Digest::entry(&entry, record),
                (Err(e), false) => precis_feed::error_line(&entry, e),
                (Err(e), true) => Digest::failed(&entry, e),
            };
            errors += usize::from(result.is_err());
            write(&mut output, text.trim_end_matches('\n'));
        }
    });
    drop(runtime);
    if let Some(e) = write_error {
        return Err(e).context(format!("cannot write to {}", args.output.display()));
    }
    output
        .commit()
        .with_context(|| format!("cannot write to {}", args.output.display()))?;

    let mut skipped = Vec::new();
    if chosen.duplicates > 0 {
        skipped.push(precis_batch::plural(
            chosen.duplicates as u64,
            "repeated link",
        ));
    }
    for (n, why) in [
        (chosen.older, "older than --since"),
        (chosen.over_limit, "past --limit"),
    ] {
        if n > 0 {
            skipped.push(format!("{n} {why}"));
        }
    }
    let skipped = if skipped.is_empty() {
        String::new()
    } else {
        format!(" (skipped: {})", skipped.join(", "))
    };
    say!(
        "precis: {name}: {} with {}{skipped}; {} summarized, {} in {:.2} s",
        feed.kind,
        if total == 1 {
            "1 entry".to_owned()
        } else {
            format!("{total} entries")
        },
        done - errors,
        precis_batch::plural(errors as u64, "error"),
        start.elapsed().as_secs_f64()
    );
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads a feed file or standard input, refusing one over `max` bytes.
fn read_capped(path: &Path, max: u64) -> Result<Vec<u8>> {
    let name = path.display();
    let input = source::open(path).with_context(|| format!("cannot open {name}"))?;
    let mut bytes = Vec::new();
    input
        .reader
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {name}"))?;
    if bytes.len() as u64 > max {
        return Err(anyhow!(
            "{name}: the feed is larger than {max} bytes (--max-feed-bytes)"
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(anyhow!("{name}: the feed is empty"));
    }
    Ok(bytes)
}

/// One entry: its story (embedded, or its page fetched) summarized, with where it came from.
async fn one(
    fetcher: &precis_fetch::Fetcher,
    summarizer: Arc<Summarizer>,
    entry: &Entry,
    use_feed_content: bool,
) -> Result<(&'static str, SummaryRecord), String> {
    let url = entry.url.clone();
    let mut result = match (&entry.content, use_feed_content, &url) {
        (Some(embedded), true, _) => {
            let (body, html) = (embedded.body.clone(), embedded.html);
            let ingest = move || {
                if !html {
                    return ingest::ingest_str(body, InputFormat::Text);
                }
                let mut ingested = ingest::ingest(body.into_bytes(), InputFormat::Html)?;
                if let (Some(origin), Some(url)) = (&mut ingested.html, url) {
                    origin.metadata.url.get_or_insert(url);
                }
                Ok(ingested)
            };
            web::summarize_ingested(summarizer, ingest)
                .await
                .map(|r| ("feed", r))
                .map_err(|e| format!("the content the feed embeds: {e}"))
        }
        (_, _, Some(url)) => web::summarize_url(fetcher, summarizer, url)
            .await
            .map(|r| ("page", r))
            .map_err(|e| format!("{url}: {e}")),
        (_, _, None) => Err("the entry has no link".to_owned()),
    };
    if let Ok((_, record)) = &mut result
        && record.title.is_none()
    {
        record.title.clone_from(&entry.title);
    }
    result
}
