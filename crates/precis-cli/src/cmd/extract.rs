//! `precis extract`: the article (title and body) of a web page.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use serde_json::json;

/// Extract the article title and text from a web page (HTML in any declared charset).
#[derive(Args, Debug)]
#[command(after_long_help = "\
Navigation, headers and footers, ads, share bars, captions and credits, comments and link lists
are dropped; headings, block quotes and lists inside the story are kept as paragraphs.

Text output: the title, a blank line, then the paragraphs separated by blank lines.
JSON output: {\"title\", \"text\", \"authors\", \"date\", \"site_name\", \"language\", \"url\",
\"description\", \"image\", \"paragraphs\"}: text is the paragraphs joined by blank lines; authors
is a list; date is ISO 8601; url is the canonical URL. The metadata comes from JSON-LD,
OpenGraph, Dublin Core and meta tags, then bylines and <time> elements; a field the page does not
state is null.

A page with no article gives an empty body, a message on stderr, and exit code 1. Input that is
not a web page (plain text) is shown as its paragraphs, the blocks between blank lines.

Examples:
  precis extract page.html
  precis extract https://example.org/story --format json
  curl -s https://example.org/story | precis extract - --format json")]
pub struct ExtractArgs {
    /// The web page: an HTML file (optionally gzip), an http(s) URL (fetched), or `-` for
    /// standard input.
    #[arg(value_name = "PATH|URL")]
    pub path: PathBuf,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ExtractFormat::Text)]
    pub format: ExtractFormat,

    #[command(flatten)]
    pub fetch: super::web::FetchArgs,
}

/// Output formats of `precis extract`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtractFormat {
    /// Title, blank line, paragraphs separated by blank lines.
    Text,
    /// `{"title", "text", "authors", "date", "site_name", "language", "url", "description",
    /// "image", "paragraphs"}`.
    Json,
}

pub fn run(args: ExtractArgs) -> Result<ExitCode> {
    let mut fetched_from = None;
    let (name, bytes) = if let Some(url) = super::web::url_arg(Some(&args.path)) {
        let fetcher = args.fetch.fetcher()?;
        let (html, final_url) = super::web::runtime()?
            .block_on(super::web::fetch_html(&fetcher, url))
            .map_err(|e| anyhow::anyhow!("{url}: {e}"))?;
        fetched_from = Some(final_url);
        (url.to_owned(), html)
    } else {
        super::input::read_bytes(&args.path)?
    };
    let name = super::input::display(&name);
    let mut article = if fetched_from.is_some() || precis_extract::looks_like_html(&bytes) {
        precis_extract::extract(&bytes)
    } else {
        // Not a web page (the engine's one HTML test): its paragraphs are its blank-line
        // separated blocks, not one line of tag-less text.
        let text = precis_core::ingest::text_from_bytes(bytes).with_context(|| name.clone())?;
        say!("precis: {name} is not a web page; showing its paragraphs as they are");
        plain_article(&text)
    };
    if let Some(url) = fetched_from {
        // Where the page was found stands in for a missing canonical URL.
        article.metadata.url.get_or_insert(url);
    }
    let out = match args.format {
        ExtractFormat::Text => {
            let mut out = String::new();
            if let Some(title) = &article.title {
                out.push_str(title);
                out.push_str("\n\n");
            }
            if !article.is_empty() {
                out.push_str(&article.text());
                out.push('\n');
            }
            out
        }
        ExtractFormat::Json => {
            // The `extracted` object of a summary (one model), plus the paragraphs.
            let extracted = precis_core::Extracted::new(
                article.title.clone(),
                article.text(),
                article.metadata.clone(),
            );
            let mut value = serde_json::to_value(extracted).unwrap_or_default();
            value["paragraphs"] = json!(article.paragraphs);
            format!("{value}\n")
        }
    };
    super::records::print(&out)?;
    if article.is_empty() {
        say!("precis: {name}: {}", precis_core::Error::NoArticle);
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Plain text as an article: paragraphs are the blocks between blank lines, white space collapsed.
fn plain_article(text: &str) -> precis_extract::Article {
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&precis_core::engine::collapse_space(line));
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    precis_extract::Article {
        title: None,
        paragraphs,
        metadata: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_its_paragraphs() {
        let a = plain_article("First line\nsame paragraph.\n\n\n  Second   one.\n");
        assert_eq!(a.paragraphs, ["First line same paragraph.", "Second one."]);
        assert!(plain_article(" \n").is_empty());
    }
}
