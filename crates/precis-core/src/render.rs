//! Stage 6 — rendering a summary for people (text, Markdown) or programs (JSON).

use std::str::FromStr;

use crate::engine::{Summary, collapse_space};
use crate::error::Error;
use crate::ingest::Ingested;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One highlight per line.
    #[default]
    Text,
    /// A Markdown bullet list.
    Markdown,
    /// One JSON object with spans and scores.
    Json,
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "text" => Ok(Format::Text),
            "markdown" | "md" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            other => Err(Error::InvalidOption(format!(
                "unknown format '{other}' (known: text, markdown, json)"
            ))),
        }
    }
}

/// Renders a summary; the result ends with a newline.
pub fn render(summary: &Summary, format: Format) -> String {
    let mut out = String::new();
    match format {
        Format::Text => {
            for h in &summary.sentences {
                out.push_str(&collapse_space(&h.text));
                out.push('\n');
            }
        }
        Format::Markdown => {
            for h in &summary.sentences {
                out.push_str("- ");
                out.push_str(&collapse_space(&h.text));
                out.push('\n');
            }
        }
        Format::Json => {
            // Serializing plain structs of strings and finite numbers cannot fail.
            out = serde_json::to_string(summary).unwrap_or_default();
            out.push('\n');
        }
    }
    out
}

/// Renders a summary of ingested input. For a web page, JSON also carries the extracted article
/// (`"extracted": {"title", "text"}`) and `"spans_refer_to": "extracted.text"`, since the spans
/// index that text, not the HTML.
pub fn render_ingested(summary: &Summary, ingested: &Ingested, format: Format) -> String {
    match (format, &ingested.html) {
        (Format::Json, Some(origin)) => {
            let mut value = serde_json::to_value(summary).unwrap_or_default();
            value["spans_refer_to"] = "extracted.text".into();
            value["extracted"] = serde_json::json!({
                "title": origin.title,
                "text": ingested.text,
            });
            format!("{value}\n")
        }
        _ => render(summary, format),
    }
}
