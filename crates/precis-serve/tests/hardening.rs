//! The server under load and attack, each finding of issue 12 as a test with small limits and
//! short timeouts: the queue, the body budget, early 413, JSON only, the API key, the `Host`
//! check, CORS, `nosniff`, connection bounds and a bounded shutdown.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{TestServer, gated_config, parse, request, send_raw};
use precis_core::sample::SAMPLE_ARTICLE;
use precis_serve::ServeConfig;
use serde_json::json;

fn article() -> String {
    json!({ "text": SAMPLE_ARTICLE }).to_string()
}

fn post_in_thread(addr: SocketAddr, body: String) -> std::thread::JoinHandle<common::Response> {
    std::thread::spawn(move || request(addr, "POST", "/v1/summarize", Some(body.as_bytes())))
}

/// A raw connection with a read timeout.
fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

/// Reads until the peer closes (or resets) the connection; the bytes read.
fn read_to_close(stream: &mut TcpStream) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return out,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return out,
            Err(e) => panic!("the server kept the connection open: {e}"),
        }
    }
}

/// Whether the server has closed `stream` within `within`.
fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    stream.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

#[test]
fn a_burst_waits_in_the_queue_instead_of_failing() {
    let (config, gate) = gated_config(ServeConfig {
        max_concurrency: 1,
        queue: 8,
        ..ServeConfig::default()
    });
    let server = TestServer::start(config);
    let first = post_in_thread(server.addr, article());
    gate.entered.recv_timeout(Duration::from_secs(10)).unwrap();
    // Four more while the only slot is taken: they wait, none is refused.
    let waiting: Vec<_> = (0..4)
        .map(|_| post_in_thread(server.addr, article()))
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        server
            .get("/metrics")
            .text()
            .contains("precis_requests_queued 4"),
        "four requests wait"
    );
    for _ in 0..5 {
        gate.release.send(()).unwrap();
    }
    assert_eq!(first.join().unwrap().status, 200);
    for w in waiting {
        let r = w.join().unwrap();
        assert_eq!(r.status, 200, "{}", r.text());
    }
}

#[test]
fn beyond_the_queue_or_its_timeout_is_503_with_retry_after() {
    let (config, gate) = gated_config(ServeConfig {
        max_concurrency: 1,
        queue: 1,
        queue_timeout: Duration::from_millis(300),
        ..ServeConfig::default()
    });
    let server = TestServer::start(config);
    let first = post_in_thread(server.addr, article());
    gate.entered.recv_timeout(Duration::from_secs(10)).unwrap();

    // One waits (and times out after 300 ms); meanwhile the queue is full: 503 at once.
    let started = Instant::now();
    let queued = post_in_thread(server.addr, article());
    std::thread::sleep(Duration::from_millis(100));
    let full = server.post("/v1/summarize", &article());
    assert!(full.expect_error(503).contains("--queue"));
    assert_eq!(full.header("retry-after"), Some("1"));
    let queued = queued.join().unwrap();
    queued.expect_error(503);
    assert_eq!(queued.header("retry-after"), Some("1"));
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(250) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
    gate.release.send(()).unwrap();
    assert_eq!(first.join().unwrap().status, 200);
}

#[test]
fn a_declared_length_over_max_body_is_413_before_the_body_is_sent() {
    let server = TestServer::start(ServeConfig {
        max_body: 1024,
        ..ServeConfig::default()
    });
    for expect in ["", "Expect: 100-continue\r\n"] {
        let mut stream = connect(server.addr);
        // The head only: the body never comes, so only an answer from the head can arrive.
        write!(
            stream,
            "POST /v1/summarize HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
             Content-Length: 5000000\r\n{expect}\r\n"
        )
        .unwrap();
        let raw = read_to_close(&mut stream);
        let r = parse(&raw);
        let msg = r.expect_error(413);
        assert!(msg.contains("5000000") && msg.contains("1024"), "{msg}");
        assert!(
            !String::from_utf8_lossy(&raw).contains("100 Continue"),
            "no 100 Continue for a body that will be refused"
        );
    }
}

#[test]
fn bodies_in_flight_are_bounded_by_the_budget() {
    let server = TestServer::start(ServeConfig {
        max_body: 4096,
        body_budget: 4096,
        queue_timeout: Duration::from_millis(300),
        ..ServeConfig::default()
    });
    // A body of 3,000 to 4,096 bytes: two of them do not fit in the budget.
    let mut text = SAMPLE_ARTICLE.to_owned();
    while text.len() < 3000 {
        text.push_str(SAMPLE_ARTICLE);
    }
    let text: String = text.chars().take(3500).collect();
    let text = &text[..text.len().min(3500)];
    let body = json!({ "text": text }).to_string();
    let body = body.as_bytes();
    assert!((3000..=4096).contains(&body.len()));
    // A holds most of the budget: its head declares its length and only half the body comes.
    let mut a = connect(server.addr);
    write!(
        a,
        "POST /v1/summarize HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Connection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    a.write_all(&body[..body.len() / 2]).unwrap();
    std::thread::sleep(Duration::from_millis(100));

    // B finds no room in the budget: 503 once the queue timeout has passed, body never read.
    let b = request(server.addr, "POST", "/v1/summarize", Some(body));
    assert!(b.expect_error(503).contains("--body-budget"));
    assert_eq!(b.header("retry-after"), Some("1"));
    // Everything without a body still answers.
    assert_eq!(server.get("/healthz").status, 200);

    // When A has sent the rest, it is answered, and the budget has room again.
    a.write_all(&body[body.len() / 2..]).unwrap();
    assert_eq!(parse(&read_to_close(&mut a)).status, 200);
    let b = request(server.addr, "POST", "/v1/summarize", Some(body));
    assert_eq!(b.status, 200);
}

#[test]
fn the_api_takes_only_json_bodies() {
    let server = TestServer::default();
    let body = article();
    for content_type in [
        None,
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
    ] {
        let header = content_type.map_or(String::new(), |t| format!("Content-Type: {t}\r\n"));
        let raw = format!(
            "POST /v1/summarize HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{header}\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let msg = send_raw(server.addr, raw.as_bytes()).expect_error(415);
        assert!(msg.contains("application/json"), "{msg}");
    }
    let raw = "POST /v1/summarize/batch HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
               Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}";
    send_raw(server.addr, raw.as_bytes()).expect_error(415);
    let raw = format!(
        "POST /v1/summarize HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
         Content-Type: Application/JSON; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    assert_eq!(send_raw(server.addr, raw.as_bytes()).status, 200);
}

fn with_key(addr: SocketAddr, path: &str, key: Option<&str>, body: Option<&str>) -> u16 {
    let auth = key.map_or(String::new(), |k| format!("Authorization: Bearer {k}\r\n"));
    let (method, body_head, body) = match body {
        Some(b) => (
            "POST",
            format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                b.len()
            ),
            b,
        ),
        None => ("GET", String::new(), ""),
    };
    let raw = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{auth}{body_head}\r\n{body}"
    );
    send_raw(addr, raw.as_bytes()).status
}

#[test]
fn an_api_key_guards_the_api_and_metrics_only() {
    let server = TestServer::start(ServeConfig {
        api_key: Some("s3cret-key".to_owned()),
        ..ServeConfig::default()
    });
    let body = article();
    let addr = server.addr;
    let r = server.post("/v1/summarize", &body);
    assert!(r.expect_error(401).contains("Bearer"));
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    assert_eq!(
        with_key(addr, "/v1/summarize", Some("s3cret-kez"), Some(&body)),
        401
    );
    assert_eq!(
        with_key(addr, "/v1/summarize", Some("s3cret-key"), Some(&body)),
        200
    );
    assert_eq!(with_key(addr, "/v1/algorithms", None, None), 401);
    assert_eq!(
        with_key(addr, "/v1/algorithms", Some("s3cret-key"), None),
        200
    );
    assert_eq!(with_key(addr, "/metrics", None, None), 401);
    for open in ["/healthz", "/", "/assets/app.js", "/openapi.json"] {
        assert_eq!(with_key(addr, open, None, None), 200, "{open}");
    }
}

fn with_host(addr: SocketAddr, host: &str) -> common::Response {
    let raw = format!("GET /healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    send_raw(addr, raw.as_bytes())
}

#[test]
fn foreign_host_names_are_refused_against_dns_rebinding() {
    let server = TestServer::default();
    let port = server.addr.port();
    for ok in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "[::1]".to_owned(),
    ] {
        assert_eq!(with_host(server.addr, &ok).status, 200, "{ok}");
    }
    let r = with_host(server.addr, &format!("rebind.example.com:{port}"));
    assert!(r.expect_error(421).contains("--allowed-host"));

    let server = TestServer::start(ServeConfig {
        allowed_hosts: vec!["precis.example.org".to_owned()],
        ..ServeConfig::default()
    });
    assert_eq!(with_host(server.addr, "precis.example.org").status, 200);
    with_host(server.addr, "rebind.example.com").expect_error(421);
}

#[test]
fn nosniff_on_every_answer() {
    let server = TestServer::start(ServeConfig {
        max_body: 64,
        ..ServeConfig::default()
    });
    let answers = [
        server.get("/healthz"),
        server.get("/metrics"),
        server.get("/openapi.json"),
        server.get("/nowhere"),
        server.post("/v1/summarize", "{}"),
        server.post("/v1/summarize", &article()),
        with_host(server.addr, "rebind.example.com"),
    ];
    for r in answers {
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{}",
            r.status
        );
    }
}

fn preflight(addr: SocketAddr, origin: &str) -> common::Response {
    let raw = format!(
        "OPTIONS /v1/summarize HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nOrigin: {origin}\r\n\
         Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n\r\n"
    );
    send_raw(addr, raw.as_bytes())
}

#[test]
fn cors_is_off_unless_origins_are_configured() {
    let server = TestServer::default();
    let r = preflight(server.addr, "https://news.example");
    assert_eq!(r.header("access-control-allow-origin"), None);

    let server = TestServer::start(ServeConfig {
        cors_origins: vec!["https://news.example".to_owned()],
        api_key: Some("k".to_owned()),
        ..ServeConfig::default()
    });
    // The preflight carries no key and still passes; the request itself needs it.
    let r = preflight(server.addr, "https://news.example");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://news.example")
    );
    let r = preflight(server.addr, "https://other.example");
    assert_eq!(r.header("access-control-allow-origin"), None);
}

#[test]
fn silent_and_slow_header_connections_are_closed() {
    let server = TestServer::start(ServeConfig {
        header_timeout: Duration::from_millis(600),
        idle_timeout: Duration::from_millis(300),
        ..ServeConfig::default()
    });
    // Silent: nothing ever sent.
    let mut silent = connect(server.addr);
    assert!(closed_within(&mut silent, Duration::from_secs(3)));

    // Slow header: a byte every 100 ms never goes idle, but the head is never complete.
    let mut slow = connect(server.addr);
    let started = Instant::now();
    for b in b"GET /healthz HTTP/1.1\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".iter()
    {
        if slow.write_all(&[*b]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        if started.elapsed() > Duration::from_secs(3) {
            break;
        }
    }
    assert!(closed_within(&mut slow, Duration::from_secs(1)));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );

    // Keep-alive: an answered connection left idle is closed too.
    let mut kept = connect(server.addr);
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut buf = [0u8; 1024];
    assert!(kept.read(&mut buf).unwrap() > 0);
    assert!(closed_within(&mut kept, Duration::from_secs(3)));
}

#[test]
fn idle_connections_make_room_at_the_connection_limit() {
    let server = TestServer::start(ServeConfig {
        max_connections: 4,
        ..ServeConfig::default()
    });
    let silent: Vec<TcpStream> = (0..12).map(|_| connect(server.addr)).collect();
    for _ in 0..5 {
        let started = Instant::now();
        assert_eq!(server.get("/healthz").status, 200);
        assert!(started.elapsed() < Duration::from_secs(2));
    }
    let metrics = server.get("/metrics").text();
    let open: i64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("precis_connections_open "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(open <= 4, "{open} connections open");
    assert!(metrics.contains(r#"precis_connections_dropped_total{reason="evicted"}"#));
    drop(silent);
}

#[test]
fn busy_connections_at_the_limit_refuse_new_ones_with_503() {
    let (config, gate) = gated_config(ServeConfig {
        max_connections: 1,
        ..ServeConfig::default()
    });
    let server = TestServer::start(config);
    let first = post_in_thread(server.addr, article());
    gate.entered.recv_timeout(Duration::from_secs(10)).unwrap();
    let r = server.get("/healthz");
    assert!(r.expect_error(503).contains("--max-connections"));
    gate.release.send(()).unwrap();
    assert_eq!(first.join().unwrap().status, 200);
}

#[test]
fn shutdown_ends_within_the_grace_period_whatever_clients_do() {
    let (config, gate) = gated_config(ServeConfig {
        grace: Duration::from_millis(500),
        ..ServeConfig::default()
    });
    let (addr_tx, addr_rx) = mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let (done_tx, done_rx) = mpsc::channel();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            addr_tx.send(listener.local_addr().unwrap()).unwrap();
            precis_serve::serve(listener, config, async {
                let _ = stop_rx.await;
            })
            .await
            .unwrap();
            done_tx.send(Instant::now()).unwrap();
        });
        runtime.shutdown_timeout(Duration::from_millis(10));
    });
    let addr: SocketAddr = addr_rx.recv_timeout(Duration::from_secs(10)).unwrap();
    // A request stuck in summarization, a half-sent head, a half-sent body.
    let stuck = post_in_thread(addr, article());
    gate.entered.recv_timeout(Duration::from_secs(10)).unwrap();
    let mut half_head = connect(addr);
    half_head.write_all(b"GET /healthz HTTP/1.1\r\nHo").unwrap();
    let mut half_body = connect(addr);
    half_body
        .write_all(
            b"POST /v1/summarize HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
              Content-Length: 100\r\n\r\n{\"te",
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(100));

    let stopped = Instant::now();
    stop_tx.send(()).unwrap();
    let done = done_rx.recv_timeout(Duration::from_secs(10)).unwrap();
    let took = done - stopped;
    assert!(took < Duration::from_secs(2), "shutdown took {took:?}");
    assert!(closed_within(&mut half_head, Duration::from_secs(1)));
    assert!(closed_within(&mut half_body, Duration::from_secs(1)));
    let _ = gate.release.send(());
    let _ = stuck.join();
    thread.join().unwrap();
}

/// `--timeout` also bounds HTML extraction: a huge page is cut at the deadline and its slot
/// freed long before a whole extraction would end (before, extraction ignored the deadline).
#[test]
fn timed_out_extraction_of_a_huge_page_frees_its_slot() {
    let paragraph = "<div class=\"row\"><p>Officials said the river rose overnight and closed \
                     the harbour road, and that <b>repairs</b> would take a week.</p></div>";
    let page = format!(
        "<html><body><article>{}</article></body></html>",
        paragraph.repeat(4_000_000 / paragraph.len())
    );
    // The reference: a whole extraction, timed under the same load as the request.
    let started = Instant::now();
    assert!(!precis_extract::extract_str(&page).is_empty());
    let whole = started.elapsed();

    // A quarter of a whole extraction: the request cannot finish in time in any build (a
    // release build extracts the 4 MB page in well under a fixed 300 ms).
    let timeout = (whole / 4).max(Duration::from_millis(5));
    let server = TestServer::start(ServeConfig {
        max_concurrency: 1,
        max_body: 16 << 20,
        timeout,
        ..ServeConfig::default()
    });
    let started = Instant::now();
    let body = json!({ "html": page, "sentences": 1 }).to_string();
    let msg = server.post("/v1/summarize", &body).expect_error(503);
    assert!(msg.contains("--timeout"), "{msg}");
    // The only slot is free again soon after the deadline.
    loop {
        let r = server.post("/v1/summarize", &article());
        if r.status == 200 {
            break;
        }
        r.expect_error(503);
        let waited = started.elapsed();
        assert!(
            waited < timeout + whole / 2,
            "slot still taken after {waited:?} (a whole extraction: {whole:?})"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
