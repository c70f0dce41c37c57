//! What `precis feed` writes: one JSON line per entry, or a Markdown digest.
//!
//! A JSON line is `{"entry": {"position", "url", "title", "date"}, "content_from": "page"|"feed",
//! …the summary record…}`, or `{"entry": {…}, "error": "what went wrong"}` in the entry's place.

use precis_core::SummaryRecord;
use precis_core::render::push_markdown_escaped;
use serde::Serialize;

use crate::Entry;

/// The entry as the feed states it.
#[derive(Serialize)]
struct EntryInfo<'a> {
    position: usize,
    url: Option<&'a str>,
    title: Option<&'a str>,
    date: Option<String>,
}

impl<'a> From<&'a Entry> for EntryInfo<'a> {
    fn from(e: &'a Entry) -> Self {
        EntryInfo {
            position: e.position,
            url: e.url.as_deref(),
            title: e.title.as_deref(),
            date: e.date_iso(),
        }
    }
}

#[derive(Serialize)]
struct Success<'a> {
    entry: EntryInfo<'a>,
    content_from: &'a str,
    #[serde(flatten)]
    record: &'a SummaryRecord,
}

#[derive(Serialize)]
struct Failure<'a> {
    entry: EntryInfo<'a>,
    error: &'a str,
}

/// The JSON line of a summarized entry; `content_from` is `page` (fetched) or `feed` (embedded).
pub fn json_line(entry: &Entry, content_from: &str, record: &SummaryRecord) -> String {
    let line = Success {
        entry: entry.into(),
        content_from,
        record,
    };
    // Strings, integers and finite floats only: cannot fail.
    serde_json::to_string(&line).unwrap_or_default()
}

/// The JSON line of an entry that could not be summarized.
pub fn error_line(entry: &Entry, message: &str) -> String {
    let line = Failure {
        entry: entry.into(),
        error: message,
    };
    serde_json::to_string(&line).unwrap_or_default()
}

/// The Markdown digest: a heading for the feed, then one section per entry, linked to the story.
///
/// ```
/// # use precis_feed::{Digest, Entry};
/// let entry = Entry { position: 1, url: Some("https://n.example/a_(b)".into()),
///     title: Some("Storm *warning*".into()), date: None, content: None };
/// let mut out = Digest::header(Some("Gazette"), "https://n.example/feed");
/// out += &Digest::failed(&entry, "HTTP 404");
/// assert!(out.starts_with("# Gazette\n"));
/// assert!(out.contains("## [Storm \\*warning\\*](https://n.example/a_%28b%29)\n"));
/// assert!(out.contains("*Not summarized: HTTP 404*"));
/// ```
pub struct Digest;

impl Digest {
    /// The digest's opening: the feed's title and where it came from.
    pub fn header(title: Option<&str>, source: &str) -> String {
        let mut out = String::from("# ");
        push_markdown_escaped(&mut out, title.unwrap_or(source));
        out.push_str("\n\n");
        if title.is_some() {
            out.push_str("From ");
            push_markdown_escaped(&mut out, source);
            out.push_str(".\n\n");
        }
        out
    }

    /// The section of a summarized entry: its linked title, its date and site, the highlights.
    pub fn entry(entry: &Entry, record: &SummaryRecord) -> String {
        let mut out = heading(entry, record.title.as_deref());
        let date = entry
            .date_iso()
            .or_else(|| record.extracted.as_ref().and_then(|x| x.date.clone()));
        let site = record
            .extracted
            .as_ref()
            .and_then(|x| x.site_name.as_deref());
        let byline: Vec<&str> = [date.as_deref().map(day), site]
            .into_iter()
            .flatten()
            .collect();
        if !byline.is_empty() {
            out.push('*');
            push_markdown_escaped(&mut out, &byline.join(" · "));
            out.push_str("*\n\n");
        }
        out.push_str(&precis_core::render(record, precis_core::Format::Markdown));
        out.push('\n');
        out
    }

    /// The section of an entry that could not be summarized, with the reason.
    pub fn failed(entry: &Entry, message: &str) -> String {
        let mut out = heading(entry, None);
        out.push_str("*Not summarized: ");
        push_markdown_escaped(&mut out, message);
        out.push_str("*\n\n");
        out
    }
}

/// `## [title](url)`, the title being the feed's, else the page's, else the link itself.
fn heading(entry: &Entry, page_title: Option<&str>) -> String {
    let mut out = String::from("## ");
    let fallback = format!("Entry {}", entry.position);
    let title = entry
        .title
        .as_deref()
        .or(page_title)
        .or(entry.url.as_deref())
        .unwrap_or(&fallback);
    match &entry.url {
        Some(url) => {
            out.push('[');
            push_markdown_escaped(&mut out, title);
            out.push_str("](");
            for c in url.chars() {
                // A link target ends at a space or an unmatched parenthesis.
                match c {
                    '(' => out.push_str("%28"),
                    ')' => out.push_str("%29"),
                    ' ' => out.push_str("%20"),
                    '<' => out.push_str("%3C"),
                    '>' => out.push_str("%3E"),
                    c => out.push(c),
                }
            }
            out.push(')');
        }
        None => push_markdown_escaped(&mut out, title),
    }
    out.push_str("\n\n");
    out
}

/// The day of an ISO 8601 date (`2026-03-03T10:00:00+00:00` → `2026-03-03`).
fn day(iso: &str) -> &str {
    iso.get(..10).filter(|_| iso.len() >= 10).unwrap_or(iso)
}

#[cfg(test)]
mod tests {
    use super::*;
    use precis_core::{Algorithm, Summarizer};

    #[test]
    fn lines_and_sections_carry_the_entry() {
        let entry = Entry {
            position: 2,
            url: Some("https://n.example/a".into()),
            title: Some("Harbour reopens".into()),
            date: Some(chrono::DateTime::from_timestamp(1_772_532_000, 0).unwrap()),
            content: None,
        };
        let summary = Summarizer::new(Algorithm::Lead)
            .summarize("The harbour reopened on Monday. Ferries left on time.")
            .unwrap();
        let record = SummaryRecord::from_text(summary);
        let line: serde_json::Value =
            serde_json::from_str(&json_line(&entry, "page", &record)).unwrap();
        assert_eq!(line["entry"]["position"], 2);
        assert_eq!(line["entry"]["url"], "https://n.example/a");
        assert_eq!(line["entry"]["date"], "2026-03-03T10:00:00+00:00");
        assert_eq!(line["content_from"], "page");
        assert_eq!(line["algorithm"], "lead");
        let failed: serde_json::Value =
            serde_json::from_str(&error_line(&entry, "HTTP 404")).unwrap();
        assert_eq!(failed["error"], "HTTP 404");
        assert_eq!(failed["entry"]["title"], "Harbour reopens");

        let section = Digest::entry(&entry, &record);
        assert_eq!(
            section,
            "## [Harbour reopens](https://n.example/a)\n\n*2026-03-03*\n\n\
             - The harbour reopened on Monday.\n- Ferries left on time.\n\n"
        );
    }
}
