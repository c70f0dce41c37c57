//! Scores JSON Lines: one `{"reference": …, "candidate": …}` object per line in, one line of
//! scores out. The `precis rouge` command and the parity benchmark are thin loops over
//! [`score_line`].
//!
//! ```
//! use precis_rouge::jsonl::score_line;
//!
//! let out = score_line(r#"{"reference": "Rain falls.", "candidate": "Rain fell today."}"#);
//! assert_eq!(out["rouge1"]["r"], 0.5);
//! assert!(out["rougeLsum"]["f"].is_number());
//!
//! let bad = score_line(r#"{"reference": "no candidate"}"#);
//! assert_eq!(bad["error"], "missing field \"candidate\"");
//! ```

use std::sync::LazyLock;

use serde_json::{Value, json};

use crate::{RougeScorer, RougeType};

/// rouge1, rouge2, rougeL and rougeLsum with stemming: how CNN/DailyMail results are reported.
static STANDARD: LazyLock<RougeScorer> =
    LazyLock::new(|| RougeScorer::new(&RougeType::STANDARD).stemming(true));

/// Scores one JSON line with rouge1, rouge2, rougeL and rougeLsum, stemming on.
///
/// Returns `{"rouge1":{"p":…,"r":…,"f":…},"rouge2":…,"rougeL":…,"rougeLsum":…}`, or
/// `{"error": "…"}` when the line is not a JSON object with string fields `reference` and
/// `candidate` (other fields are ignored). Never panics on any input.
pub fn score_line(line: &str) -> Value {
    score_line_with(&STANDARD, line)
}

/// [`score_line`] with the ROUGE types and stemming of `scorer`.
pub fn score_line_with(scorer: &RougeScorer, line: &str) -> Value {
    match parse_pair(line) {
        Ok((reference, candidate)) => serde_json::to_value(scorer.score(&reference, &candidate))
            .unwrap_or_else(|e| error(e.to_string())),
        Err(message) => error(message),
    }
}

fn error(message: String) -> Value {
    json!({ "error": message })
}

/// Reads the (reference, candidate) pair of one line, or says what is wrong with it.
pub fn parse_pair(line: &str) -> Result<(String, String), String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let Value::Object(mut object) = value else {
        return Err("expected a JSON object with \"reference\" and \"candidate\"".to_string());
    };
    let mut field = |name: &str| match object.remove(name) {
        Some(Value::String(text)) => Ok(text),
        Some(_) => Err(format!("field {name:?} must be a string")),
        None => Err(format!("missing field {name:?}")),
    };
    let reference = field("reference")?;
    let candidate = field("candidate")?;
    Ok((reference, candidate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_a_well_formed_line() {
        let out = score_line(r#"{"id": 3, "reference": "a b c", "candidate": "a b d"}"#);
        let keys: Vec<&String> = out.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["rouge1", "rouge2", "rougeL", "rougeLsum"]);
        assert_eq!(out["rouge2"]["p"], 0.5);
        assert_eq!(out["rougeL"]["f"], json!(2.0 / 3.0));
    }

    #[test]
    fn reports_malformed_lines() {
        for (line, want) in [
            (
                "",
                "invalid JSON: EOF while parsing a value at line 1 column 0",
            ),
            (
                "{",
                "invalid JSON: EOF while parsing an object at line 1 column 1",
            ),
            (
                "[1, 2]",
                "expected a JSON object with \"reference\" and \"candidate\"",
            ),
            (r#"{"candidate": "x"}"#, "missing field \"reference\""),
            (
                r#"{"reference": "x", "candidate": null}"#,
                "field \"candidate\" must be a string",
            ),
            (
                r#"{"reference": ["x"], "candidate": "x"}"#,
                "field \"reference\" must be a string",
            ),
        ] {
            assert_eq!(score_line(line), json!({ "error": want }), "{line}");
        }
    }

    #[test]
    fn custom_scorer() {
        let scorer = RougeScorer::new(&[RougeType::N(3)]);
        let out = score_line_with(&scorer, r#"{"reference": "a b c", "candidate": "a b c"}"#);
        assert_eq!(out, json!({ "rouge3": { "p": 1.0, "r": 1.0, "f": 1.0 } }));
    }
}
