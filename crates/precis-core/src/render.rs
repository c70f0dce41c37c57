//! Stage 6 — rendering a summary for people (text, Markdown) or programs (JSON).
//!
//! JSON is [`SummaryRecord`]'s serialization, owned by [`crate::output`]; this module only
//! chooses between the formats.

use std::str::FromStr;

use crate::engine::collapse_space;
use crate::error::Error;
use crate::output::SummaryRecord;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One highlight per line.
    #[default]
    Text,
    /// A Markdown bullet list.
    Markdown,
    /// One JSON object with spans and scores ([`SummaryRecord`]).
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
pub fn render(record: &SummaryRecord, format: Format) -> String {
    let mut out = String::new();
    match format {
        Format::Text => {
            for h in &record.sentences {
                out.push_str(&collapse_space(&h.text));
                out.push('\n');
            }
        }
        Format::Markdown => {
            for h in &record.sentences {
                out.push_str("- ");
                out.push_str(&collapse_space(&h.text));
                out.push('\n');
            }
        }
        Format::Json => {
            out = record.to_json();
            out.push('\n');
        }
    }
    out
}
