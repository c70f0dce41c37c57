//! The route table, and the router built from it with its middleware, outermost first: metrics
//! and the access log, `nosniff`, the `Host` check, CORS (when configured), the per-client rate
//! limit (when configured), the request timeout, the API key, body admission, then the handlers; JSON answers for unknown routes and methods.

use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::handler::Handler;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, on};

use crate::conn::Peer;
use crate::error::ApiError;
use crate::state::AppState;
use crate::{guard, handlers, ratelimit, web};

/// An HTTP method a route answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
}

impl Verb {
    /// Lower-case, as OpenAPI spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "get",
            Verb::Post => "post",
        }
    }

    fn filter(self) -> MethodFilter {
        match self {
            Verb::Get => MethodFilter::GET,
            Verb::Post => MethodFilter::POST,
        }
    }
}

/// One route: its method and path, and the handler (built from the same `Verb`, so the table
/// cannot say one thing and the router do another).
struct Route {
    verb: Verb,
    path: &'static str,
    handler: MethodRouter<AppState>,
}

fn route<H, T>(verb: Verb, path: &'static str, handler: H) -> Route
where
    H: Handler<T, AppState>,
    T: 'static,
{
    Route {
        verb,
        path,
        handler: on(verb.filter(), handler),
    }
}

/// Every route the server answers. The router is built from this table, and a test checks that
/// the OpenAPI document describes each of them.
fn table() -> Vec<Route> {
    vec![
        route(Verb::Get, "/", web::index),
        route(Verb::Get, "/assets/app.js", web::script),
        route(Verb::Get, "/assets/app.css", web::style),
        route(Verb::Get, "/healthz", handlers::healthz),
        route(Verb::Get, "/metrics", handlers::metrics),
        route(Verb::Get, "/openapi.json", handlers::openapi),
        route(Verb::Get, "/v1/algorithms", handlers::algorithms),
        route(Verb::Get, "/v1/sample", handlers::sample),
        route(Verb::Post, "/v1/summarize", handlers::summarize),
        route(Verb::Post, "/v1/summarize/batch", handlers::summarize_batch),
    ]
}

/// The method and path of every route, in table order.
pub fn routes() -> Vec<(Verb, &'static str)> {
    table().into_iter().map(|r| (r.verb, r.path)).collect()
}

/// The application: every route with its middleware, ready to serve.
pub fn app(state: AppState) -> Router {
    let mut router: Router<AppState> = Router::new();
    for r in table() {
        router = router.route(r.path, r.handler);
    }
    // Each `layer` wraps everything before it: the last one added runs first.
    let mut router = router
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // The body limit is enforced while reading (413), not only from Content-Length.
        .layer(DefaultBodyLimit::max(state.config().max_body))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guard::admit_body,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guard::api_key,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), timeout))
        // Inside CORS, so a browser can read the 429; before the key and the body.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            ratelimit::limit,
        ));
    if let Some(cors) = guard::cors(&state.config().cors_origins) {
        router = router.layer(cors);
    }
    router
        .layer(middleware::from_fn_with_state(state.clone(), guard::host))
        .layer(middleware::from_fn(guard::no_sniff))
        .layer(middleware::from_fn_with_state(state.clone(), track))
        .with_state(state)
}

async fn not_found(req: Request) -> ApiError {
    ApiError::not_found(format!(
        "no route for {} {} (see GET /openapi.json)",
        req.method(),
        req.uri().path()
    ))
}

async fn method_not_allowed(req: Request) -> ApiError {
    ApiError::method_not_allowed(format!(
        "{} is not allowed on {} (see GET /openapi.json)",
        req.method(),
        req.uri().path()
    ))
}

/// Bounds a request's whole life (reading the body included) by `--timeout`; past it the client
/// gets 503 with `Retry-After` and the handler is dropped. Work already on a worker thread keeps
/// its concurrency slot until the engine sees the same deadline pass and stops (see
/// `AppState::run_blocking`).
async fn timeout(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limit = state.config().timeout;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => ApiError::unavailable(format!(
            "the request took longer than {:.1} s (--timeout); retry, or send a shorter article",
            limit.as_secs_f64()
        ))
        .into_response(),
    }
}

/// Counts every answer by route pattern and status, times it, and writes the access log line
/// (target `precis::access`; server errors and 503s at `warn`, the rest at `info`).
async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str())
        .to_owned();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let peer = req.extensions().get::<Peer>().map(|p| p.0);
    let started = Instant::now();
    let response = next.run(req).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    state.metrics().request(&route, status, elapsed);
    let ms = (elapsed.as_secs_f64() * 1e6).round() / 1e3;
    let peer = peer.map(tracing::field::display);
    if status >= 500 {
        tracing::warn!(target: "precis::access", %method, %path, status, ms, peer);
    } else {
        tracing::info!(target: "precis::access", %method, %path, status, ms, peer);
    }
    response
}
