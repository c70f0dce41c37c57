//! The route handlers: parse, validate, hand the work to the engine, answer. No summarization
//! logic lives here.

use std::time::Instant;

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use precis_core::ingest::{self, InputFormat};
use precis_core::{Algorithm, Deadline, SummaryRecord};
use serde::Serialize;
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::request::{BatchRequest, Input, JsonBody, Plan, SummarizeRequest, require_input};
use crate::state::AppState;

/// A summary as the API returns it: the engine's [`SummaryRecord`] (the same object
/// `precis summarize --format json` prints) and the time the engine took.
#[derive(Debug, Serialize)]
pub struct SummaryBody {
    #[serde(flatten)]
    pub record: SummaryRecord,
    /// Time spent extracting (for HTML) and summarizing, in milliseconds.
    pub elapsed_ms: f64,
}

fn millis(started: Instant) -> f64 {
    (started.elapsed().as_secs_f64() * 1e6).round() / 1e3
}

/// Summarizes one input with a plan: the engine call every route shares. HTML goes through the
/// engine's ingest stage (article extraction) first.
///
/// The engine gives up at `deadline` (the request's `--timeout`), so work whose client has
/// already been answered 503 stops soon after and frees its concurrency slot.
fn summarize_one(plan: &Plan, input: Input, deadline: Deadline) -> Result<SummaryBody, ApiError> {
    let started = Instant::now();
    let summarizer = plan.summarizer()?;
    // JSON strings are already Unicode, so a charset the page declares must not re-decode them:
    // ingest_str works on the decoded string. `text` goes through the engine's HTML detection
    // (unless `input_format` says otherwise): pasted markup is a page, not prose.
    let (text, format) = match input {
        Input::Text(text) => (text, plan.input_format),
        Input::Html(html) => (html, InputFormat::Html),
    };
    let ingested = ingest::ingest_str_until(text, format, deadline).map_err(engine_error)?;
    let summary = summarizer
        .summarize_with_deadline(&ingested.text, deadline)
        .map_err(engine_error)?;
    Ok(SummaryBody {
        record: SummaryRecord::new(summary, ingested),
        elapsed_ms: millis(started),
    })
}

/// An engine error as an HTTP error: empty input is the client's malformed request (400); any
/// other is an option the engine refused (422).
fn engine_error(e: precis_core::Error) -> ApiError {
    match e {
        precis_core::Error::EmptyInput => ApiError::bad_request(e.to_string()),
        precis_core::Error::DeadlineExceeded => {
            ApiError::unavailable(format!("{e} (--timeout); retry, or send a shorter article"))
        }
        _ => ApiError::unprocessable(e.to_string()),
    }
}

/// `POST /v1/summarize`.
pub async fn summarize(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<SummarizeRequest>,
) -> Result<Json<SummaryBody>, ApiError> {
    let plan = req.options().plan(state.config())?;
    let (input, fetched_from) = match req.url {
        Some(url) => fetch_input(&state, req.text.is_some() || req.html.is_some(), url).await?,
        None => (require_input(req.text, req.html)?, None),
    };
    let deadline = Deadline::after(state.config().timeout);
    let mut body = state
        .run_blocking(move || summarize_one(&plan, input, deadline))
        .await??;
    if let (Some(x), Some(url)) = (&mut body.record.extracted, fetched_from) {
        // Where the page was found stands in for a missing canonical URL.
        x.url.get_or_insert(url);
    }
    state.metrics().article(&body.record.algorithm);
    Ok(Json(body))
}

/// The page a `{"url": …}` request names, fetched (the fetcher refuses non-public addresses,
/// also after redirects, unless the server allows them), and the URL it came from.
async fn fetch_input(
    state: &AppState,
    also_text: bool,
    url: String,
) -> Result<(Input, Option<String>), ApiError> {
    if also_text {
        return Err(ApiError::unprocessable(
            "give one of \"text\", \"html\" and \"url\", not several",
        ));
    }
    let page = state
        .fetcher()?
        .fetch(&url)
        .await
        .map_err(|e| ApiError::unprocessable(format!("{url}: {e}")))?;
    let final_url = page.final_url.clone();
    let bytes = page
        .html_bytes()
        .map_err(|e| ApiError::unprocessable(format!("{url}: {e}")))?;
    let html = precis_extract::decode_html(&bytes);
    Ok((Input::Html(html), Some(final_url)))
}

/// One entry of a batch answer: the summary or the error, with the article's `id`.
#[derive(Debug, Serialize)]
pub struct BatchEntry {
    pub id: Option<Value>,
    #[serde(flatten)]
    pub outcome: Outcome,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Outcome {
    // Boxed: a summary with a page's metadata is far larger than an error.
    Summary(Box<SummaryBody>),
    Error { error: String },
}

/// A batch answer: one entry per article, in the request's order.
#[derive(Debug, Serialize)]
pub struct BatchBody {
    pub results: Vec<BatchEntry>,
    /// Time spent on the whole batch, in milliseconds.
    pub elapsed_ms: f64,
}

/// `POST /v1/summarize/batch`.
pub async fn summarize_batch(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<BatchRequest>,
) -> Result<Json<BatchBody>, ApiError> {
    let plan = req.options().plan(state.config())?;
    let Some(articles) = req.articles else {
        return Err(ApiError::bad_request(
            "missing \"articles\": send {\"articles\": [{\"id\": 1, \"text\": \"...\"}]}",
        ));
    };
    let max = state.config().max_batch;
    if articles.len() > max {
        return Err(ApiError::too_large(format!(
            "the batch holds {} articles; the limit is {max} (--max-batch)",
            articles.len()
        )));
    }
    let started = Instant::now();
    let deadline = Deadline::after(state.config().timeout);
    // One concurrency slot for the whole batch: a batch is one client's request, and the body
    // limit already bounds its total work.
    let results = state
        .run_blocking(move || {
            articles
                .into_iter()
                .map(|article| {
                    let outcome = match require_input(article.text, article.html)
                        .and_then(|input| summarize_one(&plan, input, deadline))
                    {
                        Ok(body) => Outcome::Summary(Box::new(body)),
                        Err(e) => Outcome::Error { error: e.message },
                    };
                    BatchEntry {
                        id: article.id,
                        outcome,
                    }
                })
                .collect::<Vec<_>>()
        })
        .await?;
    for entry in &results {
        if let Outcome::Summary(body) = &entry.outcome {
            state.metrics().article(&body.record.algorithm);
        }
    }
    Ok(Json(BatchBody {
        results,
        elapsed_ms: millis(started),
    }))
}

/// `GET /healthz`: the server is up and answering.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// `GET /metrics`: Prometheus text exposition.
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics().render(),
    )
}

/// `GET /openapi.json`: the API description.
pub async fn openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::OPENAPI_JSON,
    )
}

/// `GET /v1/sample`: the built-in sample article.
pub async fn sample() -> Json<Value> {
    Json(json!({ "text": precis_core::sample::SAMPLE_ARTICLE }))
}

/// `GET /v1/algorithms`: the algorithms and the server's default.
pub async fn algorithms(State(state): State<AppState>) -> Json<Value> {
    let list: Vec<Value> = Algorithm::ALL
        .iter()
        .map(|a| json!({ "name": a.name(), "description": a.description(), "reference": a.reference() }))
        .collect();
    // `url_input` tells the web page whether to offer its URL field (`--allow-fetch`).
    Json(json!({
        "default": state.config().default_algorithm.name(),
        "algorithms": list,
        "url_input": state.config().fetch.is_some(),
    }))
}
