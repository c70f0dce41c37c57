//! Web pages named by URL: `precis summarize|extract|sentences https://…` and `precis batch --urls`.
//! The fetching is `precis-fetch`'s; this module holds the command-line options and the glue.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use clap::Args;
use precis_core::ingest::{self, Ingested, InputFormat};
use precis_core::{Summarizer, SummaryRecord};
use precis_fetch::{FetchOptions, Fetcher};

use super::input::{self, Input, InputFormatArg};

/// How pages are fetched when the input is a URL.
#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "Fetching (when the input is an http(s) URL)")]
pub struct FetchArgs {
    /// The User-Agent header [default: a current desktop browser's, which sites refuse least].
    #[arg(long, value_name = "TEXT")]
    pub user_agent: Option<String>,

    /// Seconds allowed for one page, from the request to the last byte.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    pub timeout: f64,

    /// Seconds allowed to connect (DNS, TCP and TLS).
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    pub connect_timeout: f64,

    /// Largest page read, in bytes after decompression; a larger one is an error.
    #[arg(long, default_value_t = 10 << 20, value_name = "BYTES")]
    pub max_page_bytes: u64,

    /// Retries after `429 Too Many Requests` or `503` (Retry-After, in seconds or as a date, is
    /// honoured up to 30 s).
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub retries: u32,

    /// Pages fetched at once, over all sites.
    #[arg(long, default_value_t = 16, value_name = "N")]
    pub fetch_concurrency: usize,

    /// Pages fetched at once from one host.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub per_host: usize,
}

impl FetchArgs {
    pub fn options(&self) -> Result<FetchOptions> {
        let secs = |name: &str, s: f64| {
            if s.is_finite() && s > 0.0 && s <= 86_400.0 {
                Ok(Duration::from_secs_f64(s))
            } else {
                Err(super::options::UsageError(format!(
                    "--{name} must be between 0 and 86400 seconds"
                )))
            }
        };
        let mut o = FetchOptions {
            timeout: secs("timeout", self.timeout)?,
            connect_timeout: secs("connect-timeout", self.connect_timeout)?,
            max_bytes: self.max_page_bytes,
            retries: self.retries,
            concurrency: self.fetch_concurrency.max(1),
            per_host: self.per_host.max(1),
            ..FetchOptions::default()
        };
        if let Some(ua) = &self.user_agent {
            o.user_agent.clone_from(ua);
        }
        Ok(o)
    }

    pub fn fetcher(&self) -> Result<Fetcher> {
        Fetcher::new(self.options()?).map_err(|e| anyhow!("{e}"))
    }
}

/// Whether a command-line argument names a web page rather than a file.
pub fn is_url(arg: &str) -> bool {
    let lower = arg.get(..8).unwrap_or(arg).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The argument as a URL, when it is one.
pub fn url_arg(path: Option<&PathBuf>) -> Option<&str> {
    path.and_then(|p| p.to_str()).filter(|s| is_url(s))
}

/// A runtime for the fetches of one command (the CPU work runs on blocking threads).
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the HTTP runtime")
}

/// Fetches one web page: the bytes for the extractor, and the URL it came from after redirects.
pub async fn fetch_html(fetcher: &Fetcher, url: &str) -> Result<(Vec<u8>, String), String> {
    let page = fetcher.fetch(url).await.map_err(|e| e.to_string())?;
    let final_url = page.final_url.clone();
    let html = page.html_bytes().map_err(|e| e.to_string())?;
    Ok((html, final_url))
}

/// Extracts the article of a fetched page; the URL it was fetched from stands in for a missing
/// canonical URL (it is where the article is, not a guess).
pub fn ingest_page(html: Vec<u8>, final_url: String) -> precis_core::Result<Ingested> {
    let mut ingested = ingest::ingest(html, InputFormat::Html)?;
    if let Some(origin) = &mut ingested.html {
        origin.metadata.url.get_or_insert(final_url);
    }
    Ok(ingested)
}

/// Fetches a page, extracts its article and summarizes it (on a blocking thread): what
/// `batch --urls` and `feed` do with each URL. The error says what went wrong, without the URL.
pub async fn summarize_url(
    fetcher: &Fetcher,
    summarizer: Arc<Summarizer>,
    url: &str,
) -> Result<SummaryRecord, String> {
    let (html, final_url) = fetch_html(fetcher, url).await?;
    summarize_ingested(summarizer, move || ingest_page(html, final_url)).await
}

/// Runs `ingest` and summarizes what it gives, on a blocking thread.
pub async fn summarize_ingested(
    summarizer: Arc<Summarizer>,
    ingest: impl FnOnce() -> precis_core::Result<Ingested> + Send + 'static,
) -> Result<SummaryRecord, String> {
    let work = tokio::task::spawn_blocking(move || {
        let ingested = ingest()?;
        let summary = summarizer.summarize(&ingested.text)?;
        Ok::<_, precis_core::Error>(SummaryRecord::new(summary, ingested))
    });
    match work.await {
        Ok(Ok(record)) => Ok(record),
        Ok(Err(e)) => Err(e.to_string()),
        Err(e) => Err(format!("internal error while summarizing: {e}")),
    }
}

/// [`input::read`], and a URL is fetched and read as a web page.
pub fn read(path: Option<&PathBuf>, format: InputFormatArg, fetch: &FetchArgs) -> Result<Input> {
    let Some(url) = url_arg(path) else {
        return input::read(path, format);
    };
    let fetcher = fetch.fetcher()?;
    let (html, final_url) = runtime()?
        .block_on(fetch_html(&fetcher, url))
        .map_err(|e| anyhow!("{url}: {e}"))?;
    let ingested = ingest_page(html, final_url).with_context(|| url.to_owned())?;
    Ok(Input {
        name: url.to_owned(),
        ingested,
    })
}
