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
                push_markdown_escaped(&mut out, &collapse_space(&h.text));
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

/// Appends `text` to `out` so that Markdown shows it literally: emphasis, links, code and HTML
/// characters are backslash-escaped anywhere, and what would open a block at the start (a list
/// marker `-`/`+`, a heading `#`, a quote `>`, a numbered item `1.`) is escaped there.
///
/// ```
/// let mut out = String::new();
/// precis_core::render::push_markdown_escaped(&mut out, "1. *Not* [a] link_");
/// assert_eq!(out, "1\\. \\*Not\\* \\[a\\] link\\_");
/// ```
pub fn push_markdown_escaped(out: &mut String, text: &str) {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = digits > 0 && matches!(text.as_bytes().get(digits), Some(b'.' | b')'));
    for (i, c) in text.char_indices() {
        let opens_block = match c {
            '-' | '+' | '#' | '>' => i == 0,
            '.' | ')' => numbered && i == digits,
            _ => false,
        };
        if opens_block || matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '~' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_escaped() {
        let esc = |t: &str| {
            let mut out = String::new();
            push_markdown_escaped(&mut out, t);
            out
        };
        assert_eq!(esc("- leading dash"), "\\- leading dash");
        assert_eq!(esc("# not a heading"), "\\# not a heading");
        assert_eq!(esc("> not a quote"), "\\> not a quote");
        assert_eq!(esc("2024. A year"), "2024\\. A year");
        assert_eq!(
            esc("Up 2.5 per cent - or more"),
            "Up 2.5 per cent - or more"
        );
        assert_eq!(esc("a *b* `c` <d> e_f"), "a \\*b\\* \\`c\\` \\<d> e\\_f");
        assert_eq!(esc("back\\slash"), "back\\\\slash");
    }
}
