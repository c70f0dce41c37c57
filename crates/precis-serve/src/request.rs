//! Request bodies and their validation: JSON in, a [`Plan`] (algorithm + budget) out.
//!
//! The rules: malformed JSON, a missing or empty `text` (or `html`) → 400; both `text` and
//! `html`, an unknown algorithm, both `sentences` and `words`, a count that is zero, negative,
//! fractional or absurd, an unknown `redundancy` or `input_format`, or a `lambda` outside 0..=1 or
//! without `"redundancy": "mmr"` → 422. What the request leaves unset keeps the algorithm's own
//! policy ([`precis_core::SelectionOptions`]).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use precis_core::ingest::InputFormat;
use precis_core::{Algorithm, Budget, Redundancy, SelectionOptions, Summarizer};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::config::{MAX_SENTENCES, MAX_WORDS, ServeConfig};

/// The MMR weight when `"redundancy": "mmr"` comes without `lambda` (as `precis summarize`).
pub const DEFAULT_LAMBDA: f64 = Redundancy::DEFAULT_LAMBDA;
use crate::error::ApiError;
use crate::state::AppState;

/// `POST /v1/summarize`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummarizeRequest {
    /// The article, plain UTF-8 text.
    pub text: Option<String>,
    /// Or the article's web page: its text is extracted first.
    #[serde(default)]
    pub html: Option<String>,
    /// An algorithm name; the server's default when absent.
    #[serde(default)]
    pub algorithm: Option<String>,
    /// Pick this many sentences.
    #[serde(default)]
    pub sentences: Option<Value>,
    /// Pick whole sentences up to this many words.
    #[serde(default)]
    pub words: Option<Value>,
    /// Redundancy control: `"none"`, `"trigram"` or `"mmr"`; the algorithm's policy when absent.
    #[serde(default)]
    pub redundancy: Option<String>,
    /// With `"redundancy": "mmr"`: weight of the rating against novelty, from 0 to 1 (0.7).
    #[serde(default)]
    pub lambda: Option<Value>,
    /// How to read `text`: `"auto"` (the default: HTML when it looks like markup), `"text"` or
    /// `"html"`. The `html` field is always read as HTML.
    #[serde(default)]
    pub input_format: Option<String>,
    /// Or the web page's URL, fetched by the server (only when started with `--allow-fetch`).
    #[serde(default)]
    pub url: Option<String>,
}

/// `POST /v1/summarize/batch`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    /// The articles, answered in this order.
    pub articles: Option<Vec<BatchArticle>>,
    /// An algorithm name for every article; the server's default when absent.
    #[serde(default)]
    pub algorithm: Option<String>,
    /// Pick this many sentences of every article.
    #[serde(default)]
    pub sentences: Option<Value>,
    /// Pick whole sentences up to this many words of every article.
    #[serde(default)]
    pub words: Option<Value>,
    /// Redundancy control: `"none"`, `"trigram"` or `"mmr"`; the algorithm's policy when absent.
    #[serde(default)]
    pub redundancy: Option<String>,
    /// With `"redundancy": "mmr"`: weight of the rating against novelty, from 0 to 1 (0.7).
    #[serde(default)]
    pub lambda: Option<Value>,
    /// How to read `text`: `"auto"` (the default: HTML when it looks like markup), `"text"` or
    /// `"html"`. The `html` field is always read as HTML.
    #[serde(default)]
    pub input_format: Option<String>,
}

impl SummarizeRequest {
    /// The summarization options of the request.
    pub fn options(&self) -> Options {
        Options {
            algorithm: self.algorithm.clone(),
            sentences: self.sentences.clone(),
            words: self.words.clone(),
            redundancy: self.redundancy.clone(),
            lambda: self.lambda.clone(),
            input_format: self.input_format.clone(),
        }
    }
}

impl BatchRequest {
    /// The summarization options of the request, shared by every article.
    pub fn options(&self) -> Options {
        Options {
            algorithm: self.algorithm.clone(),
            sentences: self.sentences.clone(),
            words: self.words.clone(),
            redundancy: self.redundancy.clone(),
            lambda: self.lambda.clone(),
            input_format: self.input_format.clone(),
        }
    }
}

/// One article of a batch.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchArticle {
    /// Any JSON value; echoed back with the article's result.
    #[serde(default)]
    pub id: Option<Value>,
    /// The article, plain UTF-8 text.
    pub text: Option<String>,
    /// Or the article's web page.
    #[serde(default)]
    pub html: Option<String>,
}

/// How to summarize: the same choices as `precis summarize`, as the request gave them.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// An algorithm name (see `GET /v1/algorithms`); the server's default when absent.
    #[serde(default)]
    pub algorithm: Option<String>,
    /// Pick this many sentences (kept as raw JSON so a bad number is a 422 with a clear message,
    /// not a parse error).
    #[serde(default)]
    pub sentences: Option<Value>,
    /// Pick whole sentences up to this many words.
    #[serde(default)]
    pub words: Option<Value>,
    /// Redundancy control: `"none"`, `"trigram"` or `"mmr"`; the algorithm's policy when absent.
    #[serde(default)]
    pub redundancy: Option<String>,
    /// With `"redundancy": "mmr"`: weight of the rating against novelty, from 0 to 1 (0.7).
    #[serde(default)]
    pub lambda: Option<Value>,
    /// How to read `text`: `"auto"` (the default: HTML when it looks like markup), `"text"` or
    /// `"html"`. The `html` field is always read as HTML.
    #[serde(default)]
    pub input_format: Option<String>,
}

/// A validated request: what the engine will be asked to do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    pub algorithm: Algorithm,
    /// The budget and redundancy control the request asked for; what it leaves unset keeps the
    /// algorithm's own policy (the learned model picks how many sentences each article needs).
    pub selection: SelectionOptions,
    /// How to read a `text` field.
    pub input_format: InputFormat,
}

impl Plan {
    /// The engine configured for this plan.
    pub fn summarizer(&self) -> Result<Summarizer, ApiError> {
        Summarizer::new(self.algorithm)
            .with_options(&self.selection)
            .map_err(|e| ApiError::unprocessable(e.to_string()))
    }
}

impl Options {
    /// Checks the options against the engine's vocabulary and the server's limits.
    pub fn plan(&self, config: &ServeConfig) -> Result<Plan, ApiError> {
        let algorithm = match &self.algorithm {
            None => config.default_algorithm,
            Some(name) => name
                .parse::<Algorithm>()
                .map_err(|e| ApiError::unprocessable(e.to_string()))?,
        };
        let budget = match (&self.sentences, &self.words) {
            (Some(_), Some(_)) => {
                return Err(ApiError::unprocessable(
                    "give either \"sentences\" or \"words\", not both",
                ));
            }
            (Some(n), None) => Some(Budget::Sentences(count("sentences", n, MAX_SENTENCES)?)),
            (None, Some(n)) => Some(Budget::Words(count("words", n, MAX_WORDS)?)),
            (None, None) => None,
        };
        let lambda = match &self.lambda {
            None => DEFAULT_LAMBDA,
            Some(v) => match v.as_f64() {
                Some(l) if (0.0..=1.0).contains(&l) => l,
                _ => {
                    return Err(ApiError::unprocessable(format!(
                        "\"lambda\" must be a number from 0 to 1 (got {v})"
                    )));
                }
            },
        };
        let redundancy = self
            .redundancy
            .as_deref()
            .map(|name| Redundancy::from_name(name, lambda))
            .transpose()
            .map_err(|e| match e {
                precis_core::Error::InvalidOption(m) => ApiError::unprocessable(m),
                e => ApiError::unprocessable(e.to_string()),
            })?;
        if self.lambda.is_some() && !matches!(redundancy, Some(Redundancy::Mmr { .. })) {
            return Err(ApiError::unprocessable(
                "\"lambda\" only applies with \"redundancy\": \"mmr\"",
            ));
        }
        let input_format = match self.input_format.as_deref() {
            None => InputFormat::Auto,
            Some(name) => name
                .parse::<InputFormat>()
                .map_err(|e| ApiError::unprocessable(e.to_string()))?,
        };
        Ok(Plan {
            algorithm,
            selection: SelectionOptions { budget, redundancy },
            input_format,
        })
    }
}

/// A whole number from 1 to `max`.
fn count(field: &str, value: &Value, max: u64) -> Result<usize, ApiError> {
    match value.as_u64() {
        Some(n) if (1..=max).contains(&n) => Ok(n as usize),
        _ => Err(ApiError::unprocessable(format!(
            "\"{field}\" must be a whole number from 1 to {max} (got {value})"
        ))),
    }
}

/// What a request asks to summarize.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Plain text: spans refer to it.
    Text(String),
    /// A web page: the article is extracted first, and spans refer to the extracted text.
    Html(String),
}

/// The input of a request: exactly one of `text` and `html`, not blank; else a 400 (missing or
/// empty) or a 422 (both) that says which.
pub fn require_input(text: Option<String>, html: Option<String>) -> Result<Input, ApiError> {
    let (field, value, input): (&str, String, fn(String) -> Input) = match (text, html) {
        (Some(_), Some(_)) => {
            return Err(ApiError::unprocessable(
                "give either \"text\" or \"html\", not both",
            ));
        }
        (None, None) => {
            return Err(ApiError::bad_request(
                "missing \"text\": send {\"text\": \"the article\"} (or {\"html\": \"<html>…\"})",
            ));
        }
        (Some(t), None) => ("text", t, Input::Text),
        (None, Some(h)) => ("html", h, Input::Html),
    };
    if value.trim().is_empty() {
        return Err(ApiError::bad_request(format!(
            "\"{field}\" is empty (no text to summarize)"
        )));
    }
    Ok(input(value))
}

/// A JSON body read under the server's size limit, with every failure as an [`ApiError`]: over
/// the limit → 413, anything that is not the expected JSON → 400. Any `Content-Type` is accepted
/// (curl's `-d` sends a form type), since the body is always JSON.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let limit = state.config().max_body;
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::too_large(format!(
                    "the request body is over the limit of {limit} bytes (--max-body)"
                ))
            } else {
                ApiError::bad_request(format!("cannot read the request body: {}", e.body_text()))
            }
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::bad_request(
                "the request body is empty: send JSON such as {\"text\": \"the article\"}",
            ));
        }
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| ApiError::bad_request(format!("malformed JSON request: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan(v: Value) -> Result<Plan, ApiError> {
        let o: Options = serde_json::from_value(v).unwrap();
        o.plan(&ServeConfig::default())
    }

    #[test]
    fn defaults() {
        let p = plan(json!({})).unwrap();
        assert_eq!(p.algorithm, crate::config::DEFAULT_ALGORITHM);
        assert_eq!(p.selection, SelectionOptions::default());
        assert_eq!(p.input_format, InputFormat::Auto);
    }

    #[test]
    fn budgets() {
        let p = plan(json!({"algorithm": "LexRank", "words": 60})).unwrap();
        assert_eq!(p.algorithm, Algorithm::LexRank);
        assert_eq!(p.selection.budget, Some(Budget::Words(60)));
        assert_eq!(
            plan(json!({"sentences": 2})).unwrap().selection.budget,
            Some(Budget::Sentences(2))
        );
    }

    #[test]
    fn every_cli_option() {
        let p = plan(json!({"redundancy": "mmr", "lambda": 0.5, "input_format": "text"})).unwrap();
        assert_eq!(
            p.selection.redundancy,
            Some(Redundancy::Mmr { lambda: 0.5 })
        );
        assert_eq!(p.input_format, InputFormat::Text);
        let p = plan(json!({"redundancy": "mmr"})).unwrap();
        assert_eq!(
            p.selection.redundancy,
            Some(Redundancy::Mmr {
                lambda: DEFAULT_LAMBDA
            })
        );
        assert_eq!(
            plan(json!({"redundancy": "trigram"}))
                .unwrap()
                .selection
                .redundancy,
            Some(Redundancy::Trigram)
        );
        // The learned model's policy stays for what the request leaves unset.
        let learned = plan(json!({"algorithm": "learned", "sentences": 2})).unwrap();
        let summarizer = learned.summarizer().unwrap();
        let policy = Summarizer::new(Algorithm::Learned).selection();
        assert_eq!(summarizer.selection().budget, Budget::Sentences(2));
        assert_eq!(summarizer.selection().redundancy, policy.redundancy);
    }

    #[test]
    fn bad_options_are_422() {
        for bad in [
            json!({"algorithm": "nope"}),
            json!({"sentences": 2, "words": 10}),
            json!({"sentences": 0}),
            json!({"sentences": -1}),
            json!({"sentences": 1.5}),
            json!({"sentences": "3"}),
            json!({"sentences": 1001}),
            json!({"words": 0}),
            json!({"words": 100_001}),
            json!({"redundancy": "maybe"}),
            json!({"redundancy": "mmr", "lambda": 1.5}),
            json!({"redundancy": "mmr", "lambda": "high"}),
            json!({"lambda": 0.5}),
            json!({"input_format": "pdf"}),
        ] {
            let err = plan(bad.clone()).unwrap_err();
            assert_eq!(err.status, 422, "{bad}: {}", err.message);
        }
    }

    #[test]
    fn one_input_is_required() {
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(require_input(None, None).unwrap_err().status, 400);
        assert_eq!(require_input(s(" \n"), None).unwrap_err().status, 400);
        assert_eq!(require_input(None, s("")).unwrap_err().status, 400);
        assert_eq!(
            require_input(s("Hi."), s("<p>Hi.")).unwrap_err().status,
            422
        );
        assert_eq!(
            require_input(s("Hi."), None).unwrap(),
            Input::Text("Hi.".into())
        );
        assert_eq!(
            require_input(None, s("<p>Hi.")).unwrap(),
            Input::Html("<p>Hi.".into())
        );
    }
}
