//! # precis-serve
//!
//! The HTTP face of precis: a JSON API and a web page over the same engine as the CLI
//! ([`precis_core::Summarizer`]). The server parses requests, enforces limits and answers; it
//! holds no summarization logic.
//!
//! | route | what it does |
//! | --- | --- |
//! | `POST /v1/summarize` | `{"text" \| "html", "algorithm"?, "sentences"? \| "words"?, "redundancy"?, "lambda"?, "input_format"?}` → the [`precis_core::SummaryRecord`] (byte and char spans, scores, `summary`) plus `elapsed_ms` |
//! | `POST /v1/summarize/batch` | `{"articles": [{"id"?, "text" \| "html"}], "algorithm"?, …}` → `{"results": [...]}` in order, errors in place |
//! | `GET /v1/algorithms` | the algorithms and the default |
//! | `GET /v1/sample` | the built-in sample article |
//! | `GET /healthz` | 200 while the server answers |
//! | `GET /metrics` | Prometheus text format |
//! | `GET /openapi.json` | OpenAPI 3.1 description of every route (its summary components are the generated schema) |
//! | `GET /` | the web page (its assets under `/assets/`) |
//!
//! Every error is `{"error": "..."}`: 400 malformed JSON or missing/empty text; 401 no or wrong
//! API key (when one is configured); 404/405 unknown route or method; 413 body over `max_body`
//! (refused from its declared length, before it is sent) or batch over `max_batch`; 415 a body
//! that is not `application/json`; 421 a `Host` the server does not answer for; 429 (with
//! `Retry-After`) a client over its rate limit (see [`RateLimit`], off by default); 422 unknown
//! algorithm, bad length, redundancy, lambda or input format, both `text` and `html`, or HTML
//! with no article in it; 503 (with `Retry-After`) when the queue is full or a request waits too
//! long for a slot or for room in the body budget, or outlives `timeout`.
//!
//! Summarization is CPU-bound: it runs on tokio's blocking pool, at most `max_concurrency` at a
//! time; requests beyond wait in a bounded FIFO queue. Memory and descriptors are bounded by the
//! configuration, not by clients: request bodies count against a global byte budget before they
//! are read, connections are capped, and slow or silent clients time out (see [`ServeConfig`]).
//! Access and error logs go through `tracing` (target `precis::access` for one line per request).
//!
//! A request may send a web page as `"html"` instead of `"text"`, and `"text"` holding markup (a
//! page, an `<article>` fragment) is detected as HTML by the engine's one test
//! (`precis_extract::looks_like_html`) unless `"input_format": "text"` says otherwise: the article
//! is extracted with `precis-extract`, then summarized. The spans then index the extracted text, not the HTML, so the
//! answer returns that text as `extracted.text` (with `extracted.title`) and says so in
//! `"spans_refer_to": "extracted.text"`.
//!
//! ```no_run
//! use precis_serve::ServeConfig;
//!
//! let addr = "127.0.0.1:8080".parse().unwrap();
//! precis_serve::run(addr, ServeConfig::default(), |url| eprintln!("serving on {url}")).unwrap();
//! ```

mod config;
mod conn;
mod error;
mod guard;
mod handlers;
mod metrics;
pub mod openapi;
mod priority;
mod ratelimit;
mod request;
mod routes;
mod state;
mod web;

use std::future::Future;
use std::io;
use std::net::SocketAddr;

pub use config::{DEFAULT_ALGORITHM, MAX_SENTENCES, MAX_WORDS, ServeConfig};
pub use error::ApiError;
pub use ratelimit::RateLimit;
pub use routes::{Verb, routes};

use state::AppState;

/// The OpenAPI 3 document served at `GET /openapi.json`.
pub const OPENAPI_JSON: &str = include_str!("openapi.json");

/// The application router with its state, for embedding or for driving without a socket.
pub fn app(config: ServeConfig) -> axum::Router {
    routes::app(AppState::new(config))
}

/// Serves on `listener` until `shutdown` completes, then stops accepting connections, lets the
/// requests in flight be answered for at most `config.grace`, and returns.
pub async fn serve(
    listener: tokio::net::TcpListener,
    config: ServeConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let state = AppState::new(config.clone());
    let metrics = state.metrics().clone();
    conn::serve(listener, routes::app(state), &config, metrics, shutdown).await
}

/// Binds `addr`, calls `on_ready` with the page's URL, and serves until SIGINT or SIGTERM. Builds
/// its own tokio runtime: the caller needs none.
pub fn run(addr: SocketAddr, config: ServeConfig, on_ready: impl FnOnce(&str)) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("precis-serve")
        .build()?;
    let result = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))?;
        on_ready(&url(listener.local_addr()?));
        serve(listener, config, shutdown_signal()).await
    });
    // Work still on a blocking thread after the grace period has nobody to answer: do not wait
    // for it (the process ends with it).
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    result
}

/// `http://host:port/`, with IPv6 hosts in brackets.
fn url(addr: SocketAddr) -> String {
    format!("http://{addr}/")
}

/// Completes on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
