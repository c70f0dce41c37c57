//! CNN/DailyMail-format records: `{"id", "article", "highlights": [..] | "..", "source"?}`.

use precis_batch::Line;
use precis_batch::record::{RecordError, kind, parse_object, text_field};
use serde::Serialize;
use serde_json::Value;

/// Where an article comes from; figures are reported per source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// CNN.
    Cnn,
    /// Daily Mail.
    DailyMail,
    /// Anything else, or no `source` field.
    Unknown,
}

impl Source {
    /// Name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Source::Cnn => "cnn",
            Source::DailyMail => "dailymail",
            Source::Unknown => "unknown",
        }
    }

    fn parse(v: Option<&Value>) -> Source {
        match v
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("cnn") => Source::Cnn,
            Some("dailymail" | "daily_mail" | "dm") => Source::DailyMail,
            _ => Source::Unknown,
        }
    }
}

/// One evaluation record.
#[derive(Debug, Clone)]
pub struct Article {
    /// The record's id (the line number when absent).
    pub id: Value,
    /// The source, for per-source figures.
    pub source: Source,
    /// The article text.
    pub article: String,
    /// The reference highlights, joined by newlines (one sentence per line, as ROUGE-Lsum wants).
    pub highlights: String,
}

/// The field names of a dataset: CNN/DailyMail's `article` and `highlights` by default; other
/// datasets name them otherwise (XSum `document`/`summary`, MLSUM `text`/`summary`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    /// The field that holds the article text.
    pub text: String,
    /// The field that holds the reference summary (a string or a list of sentences).
    pub summary: String,
}

impl Default for Fields {
    fn default() -> Self {
        Fields {
            text: "article".to_owned(),
            summary: "highlights".to_owned(),
        }
    }
}

/// Parses one line of a CNN/DailyMail-format file.
pub fn parse(line: Line<'_>) -> Result<Article, RecordError> {
    parse_with(line, &Fields::default())
}

/// Parses one line whose article and reference summary are in the `fields` given.
pub fn parse_with(line: Line<'_>, fields: &Fields) -> Result<Article, RecordError> {
    let (mut object, id) = parse_object(line, "id")?;
    let fail = |message: String| RecordError {
        id: id.clone(),
        message,
    };
    let article = text_field(&mut object, &fields.text).map_err(fail)?;
    let summary = fields.summary.as_str();
    let highlights = match object.remove(summary) {
        Some(Value::String(s)) => s,
        Some(Value::Array(items)) => {
            let mut lines = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(s) => lines.push(s),
                    other => {
                        return Err(fail(format!(
                            "field '{summary}' must hold strings, found {}",
                            kind(&other)
                        )));
                    }
                }
            }
            lines.join("\n")
        }
        Some(other) => {
            return Err(fail(format!(
                "field '{summary}' must be a string or a list of strings, found {}",
                kind(&other)
            )));
        }
        None => return Err(fail(format!("missing field '{summary}'"))),
    };
    Ok(Article {
        source: Source::parse(object.get("source")),
        id,
        article,
        highlights,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Article, RecordError> {
        parse(Line {
            number: 1,
            bytes: s.as_bytes(),
        })
    }

    #[test]
    fn records() {
        let a = p(r#"{"id":"x","source":"dailymail","article":"A b.","highlights":["one","two"]}"#)
            .unwrap();
        assert_eq!(a.highlights, "one\ntwo");
        assert_eq!(a.source, Source::DailyMail);
        let b = p(r#"{"article":"A b.","highlights":"h1\nh2"}"#).unwrap();
        assert_eq!((b.source, b.id.as_u64()), (Source::Unknown, Some(1)));
        assert!(
            p(r#"{"article":"A b."}"#)
                .unwrap_err()
                .message
                .contains("highlights")
        );
        assert!(p(r#"{"article":"A b.","highlights":[1]}"#).is_err());
    }

    #[test]
    fn other_field_names() {
        let fields = Fields {
            text: "document".into(),
            summary: "summary".into(),
        };
        let line = br#"{"document":"A b.","summary":"one"}"#;
        let a = parse_with(
            Line {
                number: 1,
                bytes: line,
            },
            &fields,
        )
        .unwrap();
        assert_eq!((a.article.as_str(), a.highlights.as_str()), ("A b.", "one"));
        let e = parse(Line {
            number: 1,
            bytes: line,
        })
        .unwrap_err();
        assert!(e.message.contains("article"), "{}", e.message);
    }
}
