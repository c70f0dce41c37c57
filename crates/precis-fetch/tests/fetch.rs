//! The fetcher against servers these tests start on 127.0.0.1 (ephemeral ports; each server
//! lives inside its test's runtime and stops with it).

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use precis_fetch::{FetchError, FetchOptions, Fetcher};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the test server answers: raw head lines, a body, and a delay before answering.
struct Reply {
    status: &'static str,
    headers: Vec<String>,
    body: Vec<u8>,
    delay: Duration,
    /// Send no Content-Length (the body ends when the connection closes).
    no_length: bool,
}

fn reply(status: &'static str, headers: &[&str], body: impl Into<Vec<u8>>) -> Reply {
    Reply {
        status,
        headers: headers.iter().map(|h| h.to_string()).collect(),
        body: body.into(),
        delay: Duration::ZERO,
        no_length: false,
    }
}

/// Counts requests in progress on the server side, and the most at once.
#[derive(Default)]
struct Gauge {
    now: AtomicUsize,
    max: AtomicUsize,
    total: AtomicUsize,
}

/// Starts a server on 127.0.0.1; `route(path, nth request)` answers. Returns its base URL.
async fn serve<F>(route: F) -> (String, Arc<Gauge>)
where
    F: Fn(&str, usize) -> Reply + Send + Sync + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let gauge = Arc::new(Gauge::default());
    let route = Arc::new(route);
    let g = gauge.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let route = route.clone();
            let g = g.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&head);
                let path = head.split(' ').nth(1).unwrap_or("/").to_owned();
                let nth = g.total.fetch_add(1, Ordering::SeqCst);
                let now = g.now.fetch_add(1, Ordering::SeqCst) + 1;
                g.max.fetch_max(now, Ordering::SeqCst);
                let r = route(&path, nth);
                tokio::time::sleep(r.delay).await;
                let mut out = format!("HTTP/1.1 {}\r\nConnection: close\r\n", r.status);
                for h in &r.headers {
                    out.push_str(h);
                    out.push_str("\r\n");
                }
                if !r.no_length {
                    out.push_str(&format!("Content-Length: {}\r\n", r.body.len()));
                }
                out.push_str("\r\n");
                let _ = sock.write_all(out.as_bytes()).await;
                for chunk in r.body.chunks(64 * 1024) {
                    if sock.write_all(chunk).await.is_err() {
                        break;
                    }
                }
                let _ = sock.shutdown().await;
                g.now.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    (base, gauge)
}

fn fetcher(f: impl FnOnce(&mut FetchOptions)) -> Fetcher {
    let mut o = FetchOptions::default();
    f(&mut o);
    Fetcher::new(o).unwrap()
}

const STORY: &str = "<html><head><title>Harbour reopens</title></head><body><article>\
    <h1>Harbour reopens</h1><p>The harbour reopened on Monday after three days of closure, the \
    port authority said, and the first ferries left on schedule in calm weather.</p><p>Repairs \
    to the outer breakwater will continue through the winter, officials added, at a cost the \
    council has yet to approve.</p></article></body></html>";

#[tokio::test]
async fn header_charset_outranks_a_wrong_meta_charset() {
    let (cyrillic, _, _) = encoding_rs::WINDOWS_1251.encode(
        "<html><head><meta charset=utf-8><title>Новости</title></head><body><article>\
         <p>Гавань снова открыта после трёх дней закрытия, сообщили в управлении порта, и \
         первые паромы вышли по расписанию при спокойной погоде, к радости жителей.</p>\
         <p>Ремонт внешнего волнореза продолжится всю зиму, добавили чиновники, а стоимость \
         работ совет ещё не утвердил, но обещал сделать это до весны.</p></article></body></html>",
    );
    let body = cyrillic.into_owned();
    let (base, _) = serve(move |_, _| {
        reply(
            "200 OK",
            &["Content-Type: text/html; charset=windows-1251"],
            body.clone(),
        )
    })
    .await;
    let page = fetcher(|_| {}).fetch(&format!("{base}/ru")).await.unwrap();
    let article = precis_extract::extract(&page.html_bytes().unwrap());
    assert_eq!(article.title.as_deref(), Some("Новости"));
    assert!(article.text().starts_with("Гавань снова открыта"));

    // No charset in the header: the page's own declaration is read by the extractor.
    let (sjis, _, _) =
        encoding_rs::SHIFT_JIS.encode("<meta charset=shift_jis><title>東京の天気</title>");
    let body = sjis.into_owned();
    let (base, _) =
        serve(move |_, _| reply("200 OK", &["Content-Type: text/html"], body.clone())).await;
    let page = fetcher(|_| {}).fetch(&base).await.unwrap();
    let article = precis_extract::extract(&page.html_bytes().unwrap());
    assert_eq!(article.title.as_deref(), Some("東京の天気"));
}

#[tokio::test]
async fn gzip_brotli_and_deflate_bodies_are_decoded() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(STORY.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 5, 22);
        w.write_all(STORY.as_bytes()).unwrap();
    }
    let mut zl = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    zl.write_all(STORY.as_bytes()).unwrap();
    let zl = zl.finish().unwrap();
    let (base, _) = serve(move |path, _| {
        let (enc, body) = match path {
            "/gz" => ("gzip", gz.clone()),
            "/br" => ("br", br.clone()),
            _ => ("deflate", zl.clone()),
        };
        reply(
            "200 OK",
            &[
                "Content-Type: text/html",
                &format!("Content-Encoding: {enc}"),
            ],
            body,
        )
    })
    .await;
    let f = fetcher(|_| {});
    for path in ["/gz", "/br", "/deflate"] {
        let page = f.fetch(&format!("{base}{path}")).await.unwrap();
        assert_eq!(page.body, STORY.as_bytes(), "{path}");
    }
}

#[tokio::test]
async fn redirects_are_followed_and_loops_stopped() {
    let (base, _) = serve(|path, _| match path {
        "/old" => reply("301 Moved Permanently", &["Location: /new"], ""),
        "/new" => reply("200 OK", &["Content-Type: text/html"], STORY),
        "/a" => reply("302 Found", &["Location: /b"], ""),
        _ => reply("302 Found", &["Location: /a"], ""),
    })
    .await;
    let f = fetcher(|o| o.max_redirects = 5);
    let page = f.fetch(&format!("{base}/old")).await.unwrap();
    assert_eq!(page.final_url, format!("{base}/new"));
    assert_eq!(
        f.fetch(&format!("{base}/a")).await.unwrap_err(),
        FetchError::TooManyRedirects(5)
    );
}

#[tokio::test]
async fn slow_answers_time_out() {
    let (base, _) = serve(|_, _| Reply {
        delay: Duration::from_secs(5),
        ..reply("200 OK", &[], STORY)
    })
    .await;
    let f = fetcher(|o| o.timeout = Duration::from_millis(300));
    let start = Instant::now();
    let err = f.fetch(&base).await.unwrap_err();
    assert!(matches!(err, FetchError::Timeout(_)), "{err:?}");
    assert!(start.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn retry_after_is_honoured_on_429_and_503() {
    let (base, gauge) = serve(|path, nth| match (path, nth) {
        ("/busy", 0) => reply("429 Too Many Requests", &["Retry-After: 1"], ""),
        ("/busy", _) => reply("200 OK", &["Content-Type: text/html"], STORY),
        _ => reply("503 Service Unavailable", &["Retry-After: 3600"], ""),
    })
    .await;
    let f = fetcher(|o| o.max_retry_wait = Duration::from_secs(5));
    let start = Instant::now();
    f.fetch(&format!("{base}/busy")).await.unwrap();
    assert!(start.elapsed() >= Duration::from_secs(1));
    assert_eq!(gauge.total.load(Ordering::SeqCst), 2);
    // Asked to come back in an hour: not waited for, the status is the error.
    let start = Instant::now();
    assert_eq!(
        f.fetch(&format!("{base}/down")).await.unwrap_err(),
        FetchError::Status(503)
    );
    assert!(start.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    use std::time::SystemTime;
    let date = |t: SystemTime| httpdate::fmt_http_date(t);
    let (base, gauge) = serve(move |path, nth| {
        let now = SystemTime::now();
        match (path, nth) {
            // Two seconds from now by our clock (one to two, since a date has whole seconds).
            ("/busy", 0) => {
                let h = format!("Retry-After: {}", date(now + Duration::from_secs(2)));
                reply("429 Too Many Requests", &[&h], "")
            }
            // A server clock an hour behind: the wait is one second after *its* Date.
            ("/skewed", _) if nth == 2 => {
                let then = now - Duration::from_secs(3600);
                let d = format!("Date: {}", date(then));
                let h = format!("Retry-After: {}", date(then + Duration::from_secs(1)));
                reply("503 Service Unavailable", &[&d, &h], "")
            }
            ("/later", _) => {
                let h = format!("Retry-After: {}", date(now + Duration::from_secs(3600)));
                reply("429 Too Many Requests", &[&h], "")
            }
            _ => reply("200 OK", &["Content-Type: text/html"], STORY),
        }
    })
    .await;
    let f = fetcher(|o| o.max_retry_wait = Duration::from_secs(5));
    let start = Instant::now();
    f.fetch(&format!("{base}/busy")).await.unwrap();
    assert!(
        start.elapsed() >= Duration::from_millis(1000),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(gauge.total.load(Ordering::SeqCst), 2);
    let start = Instant::now();
    f.fetch(&format!("{base}/skewed")).await.unwrap();
    assert!(
        start.elapsed() >= Duration::from_millis(900),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(gauge.total.load(Ordering::SeqCst), 4);
    // An hour away by date: over the cap, not waited for.
    let start = Instant::now();
    assert_eq!(
        f.fetch(&format!("{base}/later")).await.unwrap_err(),
        FetchError::Status(429)
    );
    assert!(start.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn a_50_mb_body_is_cut_at_the_cap() {
    let big = vec![b'a'; 50 << 20];
    let big = Arc::new(big);
    let (base, _) = serve(move |path, _| Reply {
        // One answer announces its length, the other only streams.
        no_length: path == "/stream",
        ..reply("200 OK", &["Content-Type: text/html"], big.as_ref().clone())
    })
    .await;
    let f = fetcher(|o| o.max_bytes = 1 << 20);
    for path in ["/sized", "/stream"] {
        assert_eq!(
            f.fetch(&format!("{base}{path}")).await.unwrap_err(),
            FetchError::TooLarge(1 << 20),
            "{path}"
        );
    }
}

#[tokio::test]
async fn errors_are_named() {
    let (base, _) = serve(|path, _| match path {
        "/pdf" => reply("200 OK", &["Content-Type: application/pdf"], "%PDF-1.7"),
        _ => reply("404 Not Found", &[], "no"),
    })
    .await;
    let f = fetcher(|_| {});
    assert_eq!(
        f.fetch(&format!("{base}/x")).await.unwrap_err(),
        FetchError::Status(404)
    );
    let pdf = f.fetch(&format!("{base}/pdf")).await.unwrap();
    assert_eq!(
        pdf.html_bytes().unwrap_err(),
        FetchError::NotHtml("application/pdf".into())
    );
    assert!(matches!(
        f.fetch("ftp://example.org/").await,
        Err(FetchError::InvalidUrl(_))
    ));
    assert!(matches!(
        f.fetch("not a url").await,
        Err(FetchError::InvalidUrl(_))
    ));
    // A port nobody listens on (bound, then closed).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = f
        .fetch(&format!("http://127.0.0.1:{port}/"))
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::Connect(_)), "{err:?}");
}

#[tokio::test]
async fn private_addresses_are_refused_unless_allowed() {
    let (base, _) = serve(|_, _| reply("200 OK", &["Content-Type: text/html"], STORY)).await;
    let port = base.rsplit(':').next().unwrap().to_owned();
    let public_only = fetcher(|o| o.allow_private = false);
    // An IP literal, and a name that resolves to loopback.
    assert_eq!(
        public_only.fetch(&base).await.unwrap_err(),
        FetchError::PrivateAddress("127.0.0.1".into())
    );
    let by_name = format!("http://localhost:{port}/");
    let err = public_only.fetch(&by_name).await.unwrap_err();
    assert!(matches!(err, FetchError::PrivateAddress(_)), "{err:?}");
    // Allowed: both are fetched.
    let anything = fetcher(|o| o.allow_private = true);
    anything.fetch(&base).await.unwrap();
    anything.fetch(&by_name).await.unwrap();
}

#[tokio::test]
async fn concurrency_limits_hold_on_the_server_side() {
    let (base, gauge) = serve(|_, _| Reply {
        delay: Duration::from_millis(150),
        ..reply("200 OK", &["Content-Type: text/html"], STORY)
    })
    .await;
    let f = fetcher(|o| {
        o.per_host = 3;
        o.concurrency = 8;
    });
    let jobs: Vec<_> = (0..12)
        .map(|i| {
            let f = f.clone();
            let url = format!("{base}/{i}");
            tokio::spawn(async move { f.fetch(&url).await })
        })
        .collect();
    for j in jobs {
        j.await.unwrap().unwrap();
    }
    assert_eq!(gauge.total.load(Ordering::SeqCst), 12);
    let max = gauge.max.load(Ordering::SeqCst);
    assert!((2..=3).contains(&max), "max in flight {max}");
}
