//! Stage 1 — ingest: the user's bytes → the text precis works on.
//!
//! Plain text must be UTF-8: invalid UTF-8 and NUL bytes (binary data) are refused with an error
//! that says where the problem is, never replaced silently — a replaced byte would shift every span
//! after it. A UTF-8 byte-order mark is kept (it counts as white space), so spans stay offsets into
//! exactly the bytes the user gave.
//!
//! HTML (detected, or forced with [`InputFormat::Html`]) is decoded from its declared charset and
//! reduced to the article by `precis-extract`; spans then refer to the extracted text
//! ([`Ingested::text`]), which callers must show or return alongside the summary.

use std::str::FromStr;

use crate::deadline::Deadline;
use crate::error::{Error, Result};

/// What the input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// HTML when the bytes look like a web page, text otherwise.
    #[default]
    Auto,
    /// Plain UTF-8 text.
    Text,
    /// A web page: the article is extracted first.
    Html,
}

impl FromStr for InputFormat {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "auto" => Ok(InputFormat::Auto),
            "text" => Ok(InputFormat::Text),
            "html" => Ok(InputFormat::Html),
            other => Err(Error::InvalidOption(format!(
                "unknown input format '{other}' (known: auto, text, html)"
            ))),
        }
    }
}

/// Text ready for the engine, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ingested {
    /// The text to summarize; summary spans are byte offsets into it.
    pub text: String,
    /// `Some` when the text was extracted from HTML.
    pub html: Option<HtmlOrigin>,
}

/// What extraction found in a web page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlOrigin {
    /// The page's headline, when it has one.
    pub title: Option<String>,
    /// Number of article paragraphs extracted.
    pub paragraphs: usize,
    /// Authors, date, site name, language, canonical URL, description and image.
    pub metadata: precis_extract::Metadata,
}

/// Checks and converts raw input bytes to text (plain text only).
///
/// ```
/// assert!(precis_core::ingest::text_from_bytes(b"Hello.".to_vec()).is_ok());
/// assert!(precis_core::ingest::text_from_bytes(vec![0xff, 0xfe]).is_err());
/// ```
pub fn text_from_bytes(bytes: Vec<u8>) -> Result<String> {
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::Binary { offset });
    }
    String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Ingests raw bytes (a file, stdin, an HTTP body).
///
/// ```
/// use precis_core::ingest::{ingest, InputFormat};
/// let page = b"<html><body><nav>Home</nav><article><p>The council approved the new budget \
///   on Tuesday after a long debate about road repairs, libraries and the harbour.</p>\
///   <p>The mayor said that work on the bridge would begin in the spring if the weather \
///   allowed, and that the ferry would run as usual.</p><p>Opponents said the plan spent too \
///   much on roads, and promised to raise the matter again at the next meeting.</p>\
///   </article></body></html>";
/// let got = ingest(page.to_vec(), InputFormat::Auto).unwrap();
/// assert!(got.html.is_some());
/// assert!(got.text.starts_with("The council approved"));
/// ```
pub fn ingest(bytes: Vec<u8>, format: InputFormat) -> Result<Ingested> {
    let html = match format {
        InputFormat::Text => false,
        InputFormat::Html => true,
        InputFormat::Auto => precis_extract::looks_like_html(&bytes),
    };
    if html {
        from_article(precis_extract::extract(&bytes))
    } else {
        Ok(Ingested {
            text: text_from_bytes(bytes)?,
            html: None,
        })
    }
}

/// Ingests text that is already a string (a JSON field, a form field).
pub fn ingest_str(text: String, format: InputFormat) -> Result<Ingested> {
    ingest_str_until(text, format, Deadline::NONE)
}

/// [`ingest_str`] whose HTML extraction gives up with [`Error::DeadlineExceeded`] once
/// `deadline` passes (a server's time limit; plain text needs no work here).
pub fn ingest_str_until(text: String, format: InputFormat, deadline: Deadline) -> Result<Ingested> {
    let html = match format {
        InputFormat::Text => false,
        InputFormat::Html => true,
        InputFormat::Auto => precis_extract::looks_like_html(text.as_bytes()),
    };
    if html {
        let article = precis_extract::extract_str_until(&text, deadline.instant())
            .ok_or(Error::DeadlineExceeded)?;
        from_article(article)
    } else {
        Ok(Ingested { text, html: None })
    }
}

fn from_article(article: precis_extract::Article) -> Result<Ingested> {
    if article.is_empty() {
        return Err(Error::NoArticle);
    }
    Ok(Ingested {
        text: article.text(),
        html: Some(HtmlOrigin {
            title: article.title,
            paragraphs: article.paragraphs.len(),
            metadata: article.metadata,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_binary_and_bad_utf8() {
        assert_eq!(
            text_from_bytes(b"ab\0c".to_vec()),
            Err(Error::Binary { offset: 2 })
        );
        assert_eq!(
            text_from_bytes(b"ok \xe9t\xe9".to_vec()),
            Err(Error::NotUtf8 { offset: 3 })
        );
        assert_eq!(text_from_bytes("\u{feff}Hi".into()).unwrap(), "\u{feff}Hi");
    }

    #[test]
    fn html_detection_and_forcing() {
        let text = "Plain text about <b>bold</b> claims.".to_owned();
        assert!(
            ingest_str(text.clone(), InputFormat::Auto)
                .unwrap()
                .html
                .is_none()
        );
        let page = "<!doctype html><html><body><nav>Home</nav></body></html>".to_owned();
        assert_eq!(ingest_str(page, InputFormat::Auto), Err(Error::NoArticle));
        assert_eq!(
            ingest(b"<p>x</p>".to_vec(), InputFormat::Text)
                .unwrap()
                .text,
            "<p>x</p>"
        );
    }
}
