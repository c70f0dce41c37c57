//! One line of `precis batch`: a JSON record in, a JSON result (or an error record) out.
//!
//! Output for a good record: `{"id": …, "line": n, …}` followed by the fields of the engine's
//! [`SummaryRecord`] (`algorithm`, `input_sentences`, `sentences`, `summary`, and for a web page
//! `title`, `spans_refer_to`, `extracted`), the same object `precis summarize --format json` prints. For a bad one — invalid UTF-8, invalid JSON, not an
//! object, missing or non-string or empty text — `{"id": …, "line": n, "error": "what is wrong"}`
//! in its place, so the output always has exactly one line per input line.

use precis_core::ingest::{self, InputFormat};
use precis_core::language::LanguageChoice;
use precis_core::{Deadline, Summarizer, SummaryRecord};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::pipeline::Line;

/// Which fields of a record hold the text and the id.
#[derive(Debug, Clone)]
pub struct RecordFields {
    /// Field with the article text (default `article`).
    pub text: String,
    /// Field with the record's id (default `id`); when absent, the line number is the id.
    pub id: String,
    /// Whether the text is plain text or a web page (`Auto`: detected per record).
    pub format: InputFormat,
}

impl Default for RecordFields {
    fn default() -> Self {
        RecordFields {
            text: "article".to_owned(),
            id: "id".to_owned(),
            format: InputFormat::Auto,
        }
    }
}

/// The rendered output line of one record.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// One line of JSON, without the newline.
    pub json: String,
    /// False for an error record.
    pub ok: bool,
}

/// A record that could not be summarized: why, and the id when one could be read.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordError {
    /// The record's id, or the line number.
    pub id: Value,
    /// What is wrong, for people.
    pub message: String,
}

/// Parses a line into its JSON object and id, checking UTF-8 and JSON.
pub fn parse_object(
    line: Line<'_>,
    id_field: &str,
) -> Result<(Map<String, Value>, Value), RecordError> {
    let fallback_id = Value::from(line.number);
    let err = |message: String| RecordError {
        id: fallback_id.clone(),
        message,
    };
    let text = std::str::from_utf8(line.bytes).map_err(|e| {
        err(format!(
            "the line is not valid UTF-8 (first invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    if text.trim().is_empty() {
        return Err(err("empty line (expected a JSON object)".to_owned()));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| err(format!("invalid JSON: {e}")))?;
    let Value::Object(object) = value else {
        return Err(err(format!(
            "expected a JSON object, found {}",
            kind(&value)
        )));
    };
    let id = match object.get(id_field) {
        Some(Value::Null) | None => fallback_id,
        Some(v) => v.clone(),
    };
    Ok((object, id))
}

/// Takes the non-empty string field `name` out of a record.
pub fn text_field(object: &mut Map<String, Value>, name: &str) -> Result<String, String> {
    match object.remove(name) {
        None => Err(format!("missing field '{name}'")),
        Some(Value::String(s)) if s.trim().is_empty() => {
            Err(format!("field '{name}' is empty (no text to summarize)"))
        }
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(format!(
            "field '{name}' must be a string, found {}",
            kind(&other)
        )),
    }
}

/// The JSON type name of a value, for messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A good record's line: what batch adds by nature (the id and line number), then the summary.
#[derive(Serialize)]
struct Success<'a> {
    id: &'a Value,
    line: u64,
    #[serde(flatten)]
    record: &'a SummaryRecord,
}

#[derive(Serialize)]
struct Failure<'a> {
    id: &'a Value,
    line: u64,
    error: &'a str,
}

/// Renders an error record for `line`.
pub fn error_line(line: u64, error: &RecordError) -> Rendered {
    let json = serde_json::to_string(&Failure {
        id: &error.id,
        line,
        error: &error.message,
    })
    .unwrap_or_default();
    Rendered { json, ok: false }
}

/// Renders the error record for a line whose processing panicked.
pub fn panicked_line(line: u64, panicked: &crate::Panicked) -> Rendered {
    error_line(
        line,
        &RecordError {
            id: Value::from(line),
            message: panicked.to_string(),
        },
    )
}

/// Summarizes the text of one record: web-page detection and extraction per `format`, then the
/// engine. Every front end that summarizes records (this crate's lines, the Python package's
/// `summarize_batch`) goes through here, so their outputs agree record for record.
pub fn summarize_text(
    summarizer: &Summarizer,
    text: String,
    format: InputFormat,
) -> precis_core::Result<SummaryRecord> {
    summarize_text_in(summarizer, summarizer.language_choice(), text, format)
}

/// [`summarize_text`] in a `language` other than the summarizer's (a record's own choice).
pub fn summarize_text_in(
    summarizer: &Summarizer,
    language: LanguageChoice,
    text: String,
    format: InputFormat,
) -> precis_core::Result<SummaryRecord> {
    let ingested = ingest::ingest_str(text, format)?;
    let summary = summarizer.summarize_in(language, &ingested.text, Deadline::NONE)?;
    Ok(SummaryRecord::new(summary, ingested))
}

/// The language a record asks for in its `language` field (`auto` or an ISO 639-1 code), else
/// `default`; an unknown code or a value that is not a string is the record's error.
pub fn record_language(
    object: &Map<String, Value>,
    default: LanguageChoice,
) -> Result<LanguageChoice, String> {
    match object.get("language") {
        None | Some(Value::Null) => Ok(default),
        Some(Value::String(code)) => code.parse().map_err(|e| format!("field \"language\": {e}")),
        Some(v) => Err(format!(
            "field \"language\" is {}, not a language code",
            kind(v)
        )),
    }
}

/// Summarizes one record line with `summarizer`.
pub fn summarize_line(summarizer: &Summarizer, fields: &RecordFields, line: Line<'_>) -> Rendered {
    let result = parse_object(line, &fields.id).and_then(|(mut object, id)| {
        let fail = |message| RecordError {
            id: id.clone(),
            message,
        };
        let language = record_language(&object, summarizer.language_choice()).map_err(fail)?;
        let text = text_field(&mut object, &fields.text).map_err(fail)?;
        match summarize_text_in(summarizer, language, text, fields.format) {
            Ok(record) => Ok((id, record)),
            Err(e) => Err(RecordError {
                id,
                message: e.to_string(),
            }),
        }
    });
    match result {
        Ok((id, record)) => success_line(&id, line.number, &record),
        Err(e) => error_line(line.number, &e),
    }
}

/// Renders a good record for `line`: the id and line number, then the summary's fields.
pub fn success_line(id: &Value, line: u64, record: &SummaryRecord) -> Rendered {
    let json = serde_json::to_string(&Success { id, line, record }).unwrap_or_default();
    Rendered { json, ok: true }
}

#[cfg(test)]
mod tests {
    use super::*;
    use precis_core::Algorithm;
    use serde_json::json;

    fn one(bytes: &[u8]) -> Value {
        let s = Summarizer::new(Algorithm::Lead);
        let r = summarize_line(&s, &RecordFields::default(), Line { number: 5, bytes });
        let v: Value = serde_json::from_str(&r.json).unwrap();
        assert_eq!(r.ok, v.get("error").is_none());
        v
    }

    #[test]
    fn good_record() {
        let v = one(br#"{"id":"a1","article":"The vote passed. It was close."}"#);
        assert_eq!(v["id"], "a1");
        assert_eq!(v["line"], 5);
        assert_eq!(v["algorithm"], "lead");
        assert_eq!(v["input_sentences"], 2);
        assert_eq!(v["summary"], "The vote passed.\nIt was close.");
        assert_eq!(v["sentences"][1]["start"], 17);
    }

    #[test]
    fn a_record_may_say_its_language() {
        // German rules keep `am 3. Oktober` in one sentence; English ones split it.
        let article = "Die Wahl findet am 3. Oktober statt. Die Parteien werben.";
        let record = |language: &str| {
            let line = json!({"article": article, "language": language}).to_string();
            one(line.as_bytes())
        };
        assert_eq!(record("de")["input_sentences"], 2);
        assert_eq!(record("en")["input_sentences"], 3);
        assert!(
            record("xx")["error"]
                .as_str()
                .unwrap()
                .contains("unknown language")
        );
        let v = one(br#"{"article":"It rained.","language":5}"#);
        assert_eq!(
            v["error"],
            "field \"language\" is a number, not a language code"
        );
        let v = one(br#"{"article":"It rained.","language":null}"#);
        assert_eq!(v["input_sentences"], 1);
    }

    #[test]
    fn html_records_are_extracted_and_say_so() {
        let v = one(br#"{"article":"<html><body><nav>Home | News</nav><article><p>The council approved the budget on Tuesday after a long debate about the state of the roads, the libraries and the harbour.</p><p>The mayor said the vote was a relief, and that repairs to the bridge would begin in the spring if the weather allowed it.</p><p>Opponents said the plan spent too much on roads, and promised to raise the matter again at the next meeting in March.</p></article></body></html>"}"#);
        assert_eq!(v["spans_refer_to"], "extracted.text");
        let text = v["extracted"]["text"].as_str().unwrap();
        let s = &v["sentences"][0];
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[a..b], s["text"].as_str().unwrap());
        let no_article =
            one(br#"{"article":"<!doctype html><html><body><nav>Home</nav></body></html>"}"#);
        assert!(no_article["error"].as_str().unwrap().contains("no article"));
    }

    #[test]
    fn missing_id_uses_line_number() {
        assert_eq!(one(br#"{"article":"Hi there."}"#)["id"], 5);
    }

    #[test]
    fn every_kind_of_bad_record_is_an_error_line() {
        for (bytes, needle) in [
            (&b"{\"article\": \"caf\xe9\"}"[..], "UTF-8"),
            (b"{not json", "invalid JSON"),
            (b"[1,2]", "an array"),
            (b"", "empty line"),
            (br#"{"id":3}"#, "missing field 'article'"),
            (br#"{"id":3,"article":42}"#, "a number"),
            (br#"{"id":3,"article":"  "}"#, "empty"),
        ] {
            let v = one(bytes);
            assert_eq!(v["line"], 5);
            assert!(v["error"].as_str().unwrap().contains(needle), "{v}");
        }
        assert_eq!(one(br#"{"id":3}"#)["id"], 3);
    }
}
