//! Request bodies and their validation: JSON in, a [`Plan`] (algorithm + budget) out.
//!
//! The rules: malformed JSON, a missing or empty `text` (or `html`) → 400; both `text` and
//! `html`, an unknown algorithm, both `sentences` and `words`, or a count that is zero, negative,
//! fractional or absurd → 422.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use precis_core::{Algorithm, Budget, Selector, Summarizer};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::config::{MAX_SENTENCES, MAX_WORDS, ServeConfig};
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
}

impl SummarizeRequest {
    /// The summarization options of the request.
    pub fn options(&self) -> Options {
        Options {
            algorithm: self.algorithm.clone(),
            sentences: self.sentences.clone(),
            words: self.words.clone(),
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
}

/// A validated request: what the engine will be asked to do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    pub algorithm: Algorithm,
    /// The budget the request asked for; `None` keeps the algorithm's own length policy (the
    /// learned model picks how many sentences each article needs).
    pub budget: Option<Budget>,
}

impl Plan {
    /// The engine configured for this plan.
    pub fn summarizer(&self) -> Summarizer {
        let summarizer = Summarizer::new(self.algorithm);
        match self.budget {
            Some(budget) => {
                let selector = Selector {
                    budget,
                    ..summarizer.selection()
                };
                summarizer.selector(selector)
            }
            None => summarizer,
        }
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
        Ok(Plan { algorithm, budget })
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
        assert_eq!(p.budget, None);
    }

    #[test]
    fn budgets() {
        let p = plan(json!({"algorithm": "LexRank", "words": 60})).unwrap();
        assert_eq!(p.algorithm, Algorithm::LexRank);
        assert_eq!(p.budget, Some(Budget::Words(60)));
        assert_eq!(
            plan(json!({"sentences": 2})).unwrap().budget,
            Some(Budget::Sentences(2))
        );
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
