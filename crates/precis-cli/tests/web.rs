//! `precis summarize|extract|sentences URL` and `precis batch --urls` against a server the test
//! starts on 127.0.0.1 (ephemeral port; it answers a fixed number of requests, then its thread
//! ends; every read and write has a timeout).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::Duration;

use serde_json::Value;

mod common;
use common::run;

const PAGE: &str = r#"<html lang="en"><head><title>Harbour reopens after storm | Gazette</title>
<meta property="og:site_name" content="Gazette">
<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Ann Lee"},
"datePublished":"2024-03-05T09:30:00Z"}</script></head>
<body><nav><a href="/">Home</a></nav><article><h1>Harbour reopens after storm</h1>
<p>The harbour reopened on Monday after three days of closure, the port authority said, and the
first ferries left on schedule in calm weather.</p>
<p>Repairs to the outer breakwater will continue through the winter, officials added, at a cost
the council has yet to approve.</p>
<p>Fishermen said the closure had cost them a week of work, and asked the council for help.</p>
</article></body></html>"#;

/// Serves `requests` requests: `/story` is the page, `/moved` redirects to it, anything else 404.
fn serve(requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for _ in 0..requests {
            let Ok((sock, _)) = listener.accept() else {
                return;
            };
            let _ = sock.set_read_timeout(Some(Duration::from_secs(10)));
            let _ = sock.set_write_timeout(Some(Duration::from_secs(10)));
            let mut reader = BufReader::new(&sock);
            let mut first = String::new();
            let _ = reader.read_line(&mut first);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = first.split(' ').nth(1).unwrap_or("/");
            let answer = match path {
                "/story" => format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{PAGE}",
                    PAGE.len()
                ),
                "/moved" => "HTTP/1.1 301 Moved\r\nLocation: /story\r\nContent-Length: 0\r\n\
                     Connection: close\r\n\r\n"
                    .to_owned(),
                _ => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_owned(),
            };
            let _ = (&sock).write_all(answer.as_bytes());
        }
    });
    base
}

#[test]
fn summarize_extract_and_sentences_read_urls() {
    let base = serve(5);
    let o = run(
        &[
            "summarize",
            &format!("{base}/moved"),
            "-f",
            "json",
            "-n",
            "1",
        ],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let x = &v["extracted"];
    assert_eq!(v["title"], "Harbour reopens after storm");
    assert_eq!(x["authors"], serde_json::json!(["Ann Lee"]));
    assert_eq!(x["date"], "2024-03-05T09:30:00+00:00");
    assert_eq!(x["site_name"], "Gazette");
    // No canonical link: the URL the page came from, after the redirect.
    assert_eq!(x["url"], format!("{base}/story"));
    // One sentence of the fetched article (which one is the model's choice).
    let summary = v["summary"].as_str().unwrap();
    assert!(!summary.is_empty() && x["text"].as_str().unwrap().contains(summary));

    let o = run(&["extract", &format!("{base}/story"), "-f", "json"], None);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["paragraphs"].as_array().unwrap().len(), 3);
    assert_eq!(v["language"], "en");

    let o = run(&["sentences", &format!("{base}/story")], None);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("The harbour reopened"));

    let o = run(&["summarize", &format!("{base}/gone")], None);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("{base}/gone: HTTP 404")), "{err}");
}

#[test]
fn batch_urls_writes_one_line_per_input_line_in_order() {
    // /story, /missing, /moved and its redirect to /story.
    let base = serve(4);
    let input = format!("{base}/story\n\n{base}/missing\n{base}/moved\nnot a url\n");
    let o = run(&["batch", "--urls", "-", "-n", "1"], Some(input.as_bytes()));
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    for (i, v) in lines.iter().enumerate() {
        assert_eq!(v["line"], i as u64 + 1);
    }
    assert_eq!(lines[0]["id"], format!("{base}/story"));
    assert_eq!(lines[0]["extracted"]["authors"][0], "Ann Lee");
    assert_eq!(lines[1]["error"], "empty line (expected a URL)");
    assert_eq!(lines[2]["error"], format!("{base}/missing: HTTP 404"));
    assert!(lines[3]["summary"].is_string());
    assert!(
        lines[4]["error"]
            .as_str()
            .unwrap()
            .contains("not a valid http(s) URL"),
        "{}",
        lines[4]
    );

    // JSON Lines with the URL in a named field; the record's id is kept.
    let base = serve(1);
    let input = format!("{{\"id\": \"a1\", \"link\": \"{base}/story\"}}\n");
    let o = run(
        &["batch", "--urls", "-", "--url-field", "link"],
        Some(input.as_bytes()),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["id"], "a1");
}
