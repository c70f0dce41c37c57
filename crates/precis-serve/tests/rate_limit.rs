//! The per-client rate limit (`--rate-limit`, `--rate-burst`, `--trust-proxy`) against a real
//! server on loopback: 429 with `Retry-After` beyond the burst, health checks never limited,
//! `X-Forwarded-For` used only when trusted.

mod common;

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use common::{Response, TestServer, send_raw};
use precis_serve::{RateLimit, ServeConfig};

const BODY: &str = r#"{"text": "The vote passed on Friday. It was close. Nobody objected."}"#;

/// One request per `period`, in bursts of `burst`.
fn limited(requests: u32, burst: u32, trust_proxy: bool) -> ServeConfig {
    ServeConfig {
        rate_limit: Some(RateLimit {
            requests: NonZeroU32::new(requests).unwrap(),
            period: Duration::from_secs(60),
            burst: NonZeroU32::new(burst).unwrap(),
            max_clients: 1024,
        }),
        trust_proxy,
        ..ServeConfig::default()
    }
}

fn summarize(addr: SocketAddr, forwarded_for: Option<&str>) -> Response {
    let xff = forwarded_for.map_or(String::new(), |v| format!("X-Forwarded-For: {v}\r\n"));
    let raw = format!(
        "POST /v1/summarize HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{xff}\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    send_raw(addr, raw.as_bytes())
}

#[test]
fn beyond_the_burst_is_429_with_retry_after_and_healthz_stays_open() {
    // 60 a minute: one a second, after a burst of 3.
    let server = TestServer::start(limited(60, 3, false));
    for _ in 0..3 {
        assert_eq!(summarize(server.addr, None).status, 200);
    }
    let refused = summarize(server.addr, None);
    let message = refused.expect_error(429);
    assert!(message.contains("--rate-limit"), "{message}");
    assert_eq!(refused.header("retry-after"), Some("1"));
    assert_eq!(refused.header("x-content-type-options"), Some("nosniff"));
    // Other routes are not limited.
    for _ in 0..10 {
        assert_eq!(server.get("/healthz").status, 200);
        assert_eq!(server.get("/").status, 200);
    }
    assert!(
        server
            .get("/metrics")
            .text()
            .contains(r#"precis_http_requests_total{route="/v1/summarize",status="429"} 1"#)
    );
    // A token comes back after a second.
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(summarize(server.addr, None).status, 200);
    assert_eq!(summarize(server.addr, None).status, 429);
}

#[test]
fn forwarded_for_counts_only_behind_a_trusted_proxy() {
    // Not trusted: every request is the loopback client, whatever it claims.
    let server = TestServer::start(limited(1, 2, false));
    assert_eq!(summarize(server.addr, Some("203.0.113.1")).status, 200);
    assert_eq!(summarize(server.addr, Some("203.0.113.2")).status, 200);
    assert_eq!(summarize(server.addr, Some("203.0.113.3")).status, 429);
    server.stop();

    // Trusted: the last address the proxy appended is the client.
    let server = TestServer::start(limited(1, 2, true));
    for _ in 0..2 {
        let r = summarize(server.addr, Some("10.9.9.9, 203.0.113.1"));
        assert_eq!(r.status, 200);
    }
    summarize(server.addr, Some("203.0.113.1")).expect_error(429);
    // Spoofing an earlier entry does not escape the limit; another client has its own.
    summarize(server.addr, Some("198.51.100.77, 203.0.113.1")).expect_error(429);
    assert_eq!(summarize(server.addr, Some("203.0.113.2")).status, 200);
    // No header: the connection's address.
    assert_eq!(summarize(server.addr, None).status, 200);
}

#[test]
fn without_a_limit_nothing_is_refused() {
    let server = TestServer::default();
    for _ in 0..20 {
        assert_eq!(summarize(server.addr, None).status, 200);
    }
}
