//! Access control and body admission, as middleware in front of the handlers:
//!
//! - [`host`]: the `Host` header must be an IP literal, `localhost` or an allowed name (421
//!   otherwise), so a web page on a rebinding domain cannot reach a server on loopback;
//! - [`api_key`]: with a key configured, `/v1/*` and `/metrics` need
//!   `Authorization: Bearer <key>` (401 otherwise), compared in constant time;
//! - [`admit_body`]: an API body must be `application/json` (415, so a page on another site
//!   cannot send one without a CORS preflight), a declared length over `max_body` is refused
//!   before a byte is read (413, also with `Expect: 100-continue`), and the body is counted
//!   against the server-wide budget before it is read (503 when the budget stays full);
//! - [`no_sniff`]: `X-Content-Type-Options: nosniff` on every answer;
//! - [`cors`]: CORS headers only for the configured origins.

use std::net::{IpAddr, Ipv6Addr};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::error::ApiError;
use crate::state::AppState;

/// Paths that need the API key when one is set: the API and the metrics. The page, its assets,
/// `/healthz` and `/openapi.json` stay open (health checks, documentation).
fn needs_key(path: &str) -> bool {
    path.starts_with("/v1/") || path == "/metrics"
}

/// `X-Content-Type-Options: nosniff` on every answer, errors included.
pub async fn no_sniff(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Refuses a `Host` the server does not answer for (421).
pub async fn host(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let allowed = &state.config().allowed_hosts;
    if let Some(value) = req.headers().get(header::HOST)
        && !host_allowed(value.as_bytes(), allowed)
    {
        return ApiError::misdirected(format!(
            "this server does not answer for the host {:?} (--allowed-host)",
            String::from_utf8_lossy(value.as_bytes())
        ))
        .into_response();
    }
    next.run(req).await
}

/// Whether a `Host` header value is one the server answers for: an IP literal (a rebinding
/// attack needs a domain name, so literals are safe), `localhost`, or a name in `allowed`
/// (`"*"` allows any). Ports are ignored; names compare without case or a trailing dot.
pub fn host_allowed(value: &[u8], allowed: &[String]) -> bool {
    let Ok(value) = std::str::from_utf8(value) else {
        return false;
    };
    let value = value.trim();
    if let Some(rest) = value.strip_prefix('[') {
        // "[v6]" or "[v6]:port"
        return rest
            .split_once(']')
            .is_some_and(|(ip, _)| ip.parse::<Ipv6Addr>().is_ok());
    }
    let name = match value.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => value,
    };
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.parse::<IpAddr>().is_ok() || name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    allowed.iter().any(|a| {
        a == "*"
            || (!name.is_empty() && a.strip_suffix('.').unwrap_or(a).eq_ignore_ascii_case(name))
    })
}

/// Requires the API key on `/v1/*` and `/metrics` when one is configured (401).
pub async fn api_key(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if let Some(key) = &state.config().api_key
        && needs_key(req.uri().path())
        && !bearer_matches(req.headers(), key)
    {
        return ApiError::unauthorized(
            "this server needs an API key: send \"Authorization: Bearer <key>\"",
        )
        .into_response();
    }
    next.run(req).await
}

/// Whether the request carries `Authorization: Bearer <key>`. The comparison takes the same
/// time wherever the first difference is, so the key cannot be guessed byte by byte from
/// timings (only its length could leak).
fn bearer_matches(headers: &HeaderMap, key: &str) -> bool {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return false;
    };
    let value = value.as_bytes();
    let scheme = b"bearer ";
    if value.len() < scheme.len() || !value[..scheme.len()].eq_ignore_ascii_case(scheme) {
        return false;
    }
    let token = value[scheme.len()..].trim_ascii();
    token.ct_eq(key.as_bytes()).into()
}

/// Admits the body of an API `POST`: JSON only (415), a declared length within `max_body`
/// (413 before reading anything), and room in the body budget (503 after `queue_timeout`).
/// The budget stays reserved until the answer is ready, since the parsed request lives that
/// long. The handler then reads the body under the same `max_body` limit (413 for a chunked
/// body that runs over).
pub async fn admit_body(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST || !req.uri().path().starts_with("/v1/") {
        return next.run(req).await;
    }
    if !is_json(req.headers()) {
        return ApiError::unsupported_media_type(
            "send the request as JSON with \"Content-Type: application/json\"",
        )
        .into_response();
    }
    let max = state.config().max_body;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(length) = declared
        && length > max as u64
    {
        return ApiError::too_large(format!(
            "the request body is {length} bytes; the limit is {max} bytes (--max-body)"
        ))
        .into_response();
    }
    // A chunked body has no declared length: count it at the largest it may grow to.
    let reserve = declared.map_or(max, |n| n as usize);
    let permit = match state.reserve_body(reserve).await {
        Ok(permit) => permit,
        Err(e) => return e.into_response(),
    };
    let response = next.run(req).await;
    drop(permit);
    response
}

/// `Content-Type: application/json`, with or without parameters such as `charset`.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// The CORS layer for the configured origins (`"*"`: any origin), or `None` when there are
/// none: then browsers apply the same-origin policy and other sites cannot read answers.
pub fn cors(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok()),
        )
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
            .max_age(Duration::from_secs(600)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        let allowed = vec!["precis.example.org".to_owned()];
        for ok in [
            "127.0.0.1:8080",
            "127.0.0.1",
            "[::1]:8080",
            "[::1]",
            "localhost:8080",
            "LOCALHOST",
            "localhost.",
            "10.1.2.3:80",
            "precis.example.org",
            "Precis.Example.Org.:443",
        ] {
            assert!(host_allowed(ok.as_bytes(), &allowed), "{ok}");
        }
        for bad in [
            "evil.example.com:8080",
            "evil.example.com",
            "127.0.0.1.evil.example.com",
            "localhost.evil.example.com",
            "[::1",
            "[evil]:80",
            "",
            ":8080",
        ] {
            assert!(!host_allowed(bad.as_bytes(), &allowed), "{bad}");
        }
        assert!(host_allowed(b"anything.example", &["*".to_owned()]));
        assert!(!host_allowed(b"\xff", &[]));
    }

    #[test]
    fn bearer() {
        let mut h = HeaderMap::new();
        assert!(!bearer_matches(&h, "k3y"));
        for (value, ok) in [
            ("Bearer k3y", true),
            ("bearer k3y", true),
            ("Bearer  k3y ", true),
            ("Bearer k3", false),
            ("Bearer k3yy", false),
            ("Basic k3y", false),
            ("k3y", false),
            ("Bearer", false),
        ] {
            h.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
            assert_eq!(bearer_matches(&h, "k3y"), ok, "{value}");
        }
    }

    #[test]
    fn json_content_types() {
        let mut h = HeaderMap::new();
        assert!(!is_json(&h));
        for (value, ok) in [
            ("application/json", true),
            ("Application/JSON; charset=utf-8", true),
            ("text/plain", false),
            ("application/x-www-form-urlencoded", false),
            ("multipart/form-data; boundary=x", false),
            ("application/jsonp", false),
        ] {
            h.insert(header::CONTENT_TYPE, HeaderValue::from_str(value).unwrap());
            assert_eq!(is_json(&h), ok, "{value}");
        }
    }
}
