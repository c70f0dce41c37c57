//! A feed document into [`Entry`]s, with a clear error for what is not a feed.

use chrono::{DateTime, SecondsFormat, Utc};
use feed_rs::model::FeedType;
use feed_rs::parser::{ParseErrorKind, ParseFeedError};

/// A feed: its title, its format and its entries in the feed's order.
#[derive(Debug, Clone)]
pub struct Feed {
    /// The feed's title, when it has one.
    pub title: Option<String>,
    /// The format: `RSS 2.0`, `Atom`, `JSON Feed`, `RSS 1.0` or `RSS 0.9x`.
    pub kind: &'static str,
    /// The entries, in the order the feed lists them.
    pub entries: Vec<Entry>,
}

/// One entry (an RSS item, an Atom entry, a JSON Feed item).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Where the entry stands in the feed, from 1.
    pub position: usize,
    /// The story's link (absolute, when the feed's own address resolves a relative one).
    pub url: Option<String>,
    /// The entry's title, as plain text.
    pub title: Option<String>,
    /// When it was published (else last updated), as the feed states it.
    pub date: Option<DateTime<Utc>>,
    /// The story itself, when the feed embeds it (RSS `content:encoded`, Atom `<content>`, JSON
    /// Feed `content_html`/`content_text`); a summary or teaser (RSS `description`) is not this.
    pub content: Option<Embedded>,
}

/// Content a feed embeds in an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embedded {
    /// The content as the feed gives it.
    pub body: String,
    /// Whether it is HTML (else plain text).
    pub html: bool,
}

impl Entry {
    /// The date in ISO 8601 (`2026-03-03T10:00:00+00:00`), the form of the `date` metadata.
    pub fn date_iso(&self) -> Option<String> {
        self.date
            .map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, false))
    }
}

/// Why a document is not a feed precis can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    /// An HTML page rather than a feed.
    #[error(
        "not a feed but a web page (precis feed reads RSS, Atom or JSON Feed; `precis summarize URL` reads a page)"
    )]
    WebPage,
    /// Neither XML nor JSON with a feed's root.
    #[error("not a feed (no RSS, Atom or JSON Feed root element{0})")]
    NotAFeed(String),
    /// XML that does not parse.
    #[error("invalid XML: {0}")]
    Xml(String),
    /// JSON that does not parse as a JSON Feed.
    #[error("invalid JSON Feed: {0}")]
    Json(String),
    /// A feed that could not be read otherwise.
    #[error("cannot read the feed: {0}")]
    Other(String),
}

/// Parses a feed. `base_url` (where the feed came from) resolves relative entry links.
pub fn parse(bytes: &[u8], base_url: Option<&str>) -> Result<Feed, FeedError> {
    let parser = feed_rs::parser::Builder::new().base_uri(base_url).build();
    let feed = parser.parse(bytes).map_err(|e| why_not(e, bytes))?;
    let kind = match feed.feed_type {
        FeedType::Atom => "Atom",
        FeedType::JSON => "JSON Feed",
        FeedType::RSS0 => "RSS 0.9x",
        FeedType::RSS1 => "RSS 1.0",
        FeedType::RSS2 => "RSS 2.0",
    };
    let base = base_url.and_then(|b| url::Url::parse(b).ok());
    let entries = feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| entry(i + 1, e, base.as_ref()))
        .collect();
    Ok(Feed {
        title: feed.title.map(|t| plain(&t)).filter(|t| !t.is_empty()),
        kind,
        entries,
    })
}

fn entry(position: usize, e: feed_rs::model::Entry, base: Option<&url::Url>) -> Entry {
    // The story's own page: an alternate link (Atom) or the only link (RSS, JSON Feed), else a
    // permalink guid.
    let link = e
        .links
        .iter()
        .find(|l| matches!(l.rel.as_deref(), None | Some("alternate")))
        .or(e.links.first())
        .map(|l| l.href.trim().to_owned())
        .or_else(|| {
            let id = e.id.trim();
            (id.starts_with("http://") || id.starts_with("https://")).then(|| id.to_owned())
        })
        .filter(|l| !l.is_empty());
    let url = link.map(|l| match base.and_then(|b| b.join(&l).ok()) {
        Some(absolute) => absolute.to_string(),
        None => l,
    });
    let content = e.content.and_then(|c| {
        let html = c.content_type.essence().to_string() != "text/plain";
        c.body
            .filter(|b| !b.trim().is_empty())
            .map(|body| Embedded { body, html })
    });
    Entry {
        position,
        url,
        title: e.title.map(|t| plain(&t)).filter(|t| !t.is_empty()),
        date: e.published.or(e.updated),
        content,
    }
}

/// A feed text as plain text: an HTML title loses its tags and entities.
fn plain(text: &feed_rs::model::Text) -> String {
    let raw = text.content.trim();
    if text.content_type.essence().to_string() == "text/html" && raw.contains(['<', '&']) {
        let html = format!("<html><body><p>{raw}</p></body></html>");
        let text = precis_extract::page_text(html.as_bytes());
        return text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Says what the document is when it is not a feed.
fn why_not(e: ParseFeedError, bytes: &[u8]) -> FeedError {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let looks_html = head.contains("<html") || head.contains("<!doctype html");
    match e {
        _ if looks_html => FeedError::WebPage,
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => {
            let found = if bytes.iter().all(u8::is_ascii_whitespace) {
                "; the document is empty".to_owned()
            } else {
                root_name(bytes)
                    .map(|r| format!("; found <{r}>"))
                    .unwrap_or_default()
            };
            FeedError::NotAFeed(found)
        }
        ParseFeedError::XmlReader(x) => FeedError::Xml(x.to_string()),
        ParseFeedError::JsonSerde(j) => FeedError::Json(j.to_string()),
        ParseFeedError::JsonUnsupportedVersion(v) => {
            FeedError::Json(format!("unsupported version {v}"))
        }
        other => FeedError::Other(other.to_string()),
    }
}

/// The name of an XML document's first element, for the message about a non-feed.
fn root_name(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).into_owned();
    let mut rest = text.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with(['?', '!']) {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'))
            .take(64)
            .collect();
        return (!name.is_empty()).then_some(name);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_atom_and_json_feed_entries() {
        let rss = br#"<?xml version="1.0"?><rss version="2.0"
            xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Gazette</title>
            <item><title>One &amp; two</title><link>/a</link><description>teaser</description>
              <content:encoded><![CDATA[<p>Full story.</p>]]></content:encoded></item>
            <item><guid>https://news.example/b</guid><title>B</title></item>
            </channel></rss>"#;
        let feed = parse(rss, Some("https://news.example/feed.xml")).unwrap();
        assert_eq!(feed.title.as_deref(), Some("Gazette"));
        assert_eq!(
            feed.entries[0].url.as_deref(),
            Some("https://news.example/a")
        );
        assert_eq!(feed.entries[0].title.as_deref(), Some("One & two"));
        assert_eq!(
            feed.entries[0].content,
            Some(Embedded {
                body: "<p>Full story.</p>".into(),
                html: true
            })
        );
        assert_eq!(
            feed.entries[1].url.as_deref(),
            Some("https://news.example/b")
        );
        assert_eq!(feed.entries[1].content, None);

        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
            <entry><title type="html">&lt;b&gt;Bold&lt;/b&gt; claim</title><id>x</id>
              <link rel="alternate" href="https://a.example/1"/>
              <link rel="replies" href="https://a.example/1/comments"/>
              <updated>2026-03-04T10:30:00Z</updated></entry></feed>"#;
        let feed = parse(atom, None).unwrap();
        assert_eq!(feed.kind, "Atom");
        let e = &feed.entries[0];
        assert_eq!(e.url.as_deref(), Some("https://a.example/1"));
        assert_eq!(e.title.as_deref(), Some("Bold claim"));
        assert_eq!(e.date_iso().as_deref(), Some("2026-03-04T10:30:00+00:00"));

        let json = br#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[
            {"id":"1","url":"https://j.example/1","title":"T","content_text":"Plain story.",
             "date_published":"2026-03-03T08:00:00+01:00"}]}"#;
        let feed = parse(json, None).unwrap();
        assert_eq!(feed.kind, "JSON Feed");
        let e = &feed.entries[0];
        assert_eq!(e.date_iso().as_deref(), Some("2026-03-03T07:00:00+00:00"));
        assert_eq!(e.content.as_ref().map(|c| c.html), Some(false));
    }

    #[test]
    fn what_is_not_a_feed_is_named() {
        let page = b"<!DOCTYPE html><html><body><p>Hi</p></body></html>";
        assert_eq!(parse(page, None).unwrap_err(), FeedError::WebPage);
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>"#;
        assert_eq!(
            parse(svg, None).unwrap_err().to_string(),
            "not a feed (no RSS, Atom or JSON Feed root element; found <svg>)"
        );
        assert!(matches!(
            parse(b"<rss version=\"2.0\"><channel><item><title>x</item>", None),
            Err(FeedError::Xml(_))
        ));
        assert!(matches!(
            parse(b"{\"items\": [", None),
            Err(FeedError::Json(_))
        ));
        assert!(matches!(parse(b"", None), Err(FeedError::NotAFeed(_))));
        assert!(matches!(
            parse(b"plain words", None),
            Err(FeedError::NotAFeed(_))
        ));
    }
}
