//! The HTTP API end to end: a real server on 127.0.0.1:0, every route, every error status.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{TestServer, gated_config, request, send_raw};
use precis_core::sample::SAMPLE_ARTICLE;
use precis_core::{Algorithm, Budget, Selector, Summarizer};
use precis_serve::ServeConfig;
use serde_json::{Value, json};

/// A story with multi-byte characters (accents, curly quotes, an emoji outside the BMP) so that
/// byte spans and character positions differ.
const UNICODE_STORY: &str = "ZÜRICH (precis) — Café owners in Zürich said on Monday that prices \
    had risen “sharply” this year. 🍰 Cake now costs 7.50 francs, up from 6.20 francs. \
    Mr. Müller said: “We cannot go on like this.” The city council will meet on Friday. \
    Señora García, a customer, said she would still come every day.";

/// `value` as the server would send it and a client parse it (serde_json's default float parsing
/// may differ from `to_value` in the last bit).
fn as_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

#[test]
fn healthz_is_ok() {
    let server = TestServer::default();
    let r = server.get("/healthz");
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!({"status": "ok"}));
}

#[test]
fn summarize_matches_the_engine() {
    let server = TestServer::default();
    let r = server.post_json("/v1/summarize", &json!({ "text": SAMPLE_ARTICLE }));
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    let engine = Summarizer::new(precis_serve::DEFAULT_ALGORITHM)
        .summarize(SAMPLE_ARTICLE)
        .unwrap();
    assert_eq!(v["algorithm"], engine.algorithm);
    assert_eq!(v["input_sentences"], engine.input_sentences);
    assert_eq!(v["sentences"], as_json(&engine.sentences));
    assert_eq!(v["summary"], engine.joined());
    assert_eq!(
        (&v["language"], &v["language_profile"]),
        (&json!("en"), &json!("full"))
    );
    assert!(v["elapsed_ms"].as_f64().unwrap() >= 0.0);
    let keys: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let expected = [
        "algorithm",
        "language",
        "language_profile",
        "input_sentences",
        "sentences",
        "summary",
        "elapsed_ms",
    ];
    assert_eq!(keys, expected.into_iter().collect());
}

#[test]
fn every_algorithm_and_budget_gives_exact_byte_spans() {
    let server = TestServer::default();
    for algorithm in Algorithm::ALL {
        for (budget, field, n) in [
            (Budget::Sentences(2), "sentences", 2),
            (Budget::Words(40), "words", 40),
        ] {
            let body = json!({ "text": UNICODE_STORY, "algorithm": algorithm.name(), field: n });
            let r = server.post_json("/v1/summarize", &body);
            assert_eq!(r.status, 200, "{algorithm} {field}: {}", r.text());
            let v = r.json();
            assert_eq!(v["algorithm"], algorithm.name());
            let engine = Summarizer::new(algorithm)
                .selector(Selector {
                    budget,
                    ..Selector::default()
                })
                .summarize(UNICODE_STORY)
                .unwrap();
            assert_eq!(v["sentences"], as_json(&engine.sentences));
            for h in v["sentences"].as_array().unwrap() {
                let (start, end) = (h["start"].as_u64().unwrap(), h["end"].as_u64().unwrap());
                assert_eq!(
                    &UNICODE_STORY[start as usize..end as usize],
                    h["text"].as_str().unwrap()
                );
            }
        }
    }
}

#[test]
fn algorithm_names_are_case_insensitive() {
    let server = TestServer::default();
    let r = server.post_json(
        "/v1/summarize",
        &json!({"text": SAMPLE_ARTICLE, "algorithm": "LexRank", "sentences": 1}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["algorithm"], "lexrank");
    assert_eq!(r.json()["sentences"].as_array().unwrap().len(), 1);
}

#[test]
fn malformed_requests_are_400() {
    let server = TestServer::default();
    for (body, why) in [
        ("{\"text\": \"unterminated", "truncated JSON"),
        ("text=hello", "not JSON"),
        ("", "empty body"),
        ("  \n", "blank body"),
        ("[]", "not an object"),
        ("{}", "missing text"),
        ("{\"text\": null}", "null text"),
        ("{\"text\": \"\"}", "empty text"),
        ("{\"text\": \" \\n\\t \"}", "blank text"),
        ("{\"text\": 5}", "text not a string"),
        ("{\"text\": \"A b.\", \"sentence\": 2}", "unknown field"),
    ] {
        let msg = server.post("/v1/summarize", body).expect_error(400);
        assert!(!msg.is_empty(), "{why}");
    }
    let msg = server
        .post("/v1/summarize", "{\"text\": \"\"}")
        .expect_error(400);
    assert!(msg.contains("empty"), "{msg}");
    let msg = server.post("/v1/summarize", "{}").expect_error(400);
    assert!(msg.contains("text"), "{msg}");
}

#[test]
fn bad_options_are_422() {
    let server = TestServer::default();
    let text = SAMPLE_ARTICLE;
    for body in [
        json!({"text": text, "algorithm": "gpt"}),
        json!({"text": text, "sentences": 2, "words": 50}),
        json!({"text": text, "sentences": 0}),
        json!({"text": text, "words": 0}),
        json!({"text": text, "sentences": -3}),
        json!({"text": text, "sentences": 2.5}),
        json!({"text": text, "sentences": "3"}),
        json!({"text": text, "sentences": 1_000_000_000u64}),
        json!({"text": text, "words": 10_000_000u64}),
    ] {
        server.post_json("/v1/summarize", &body).expect_error(422);
    }
    let msg = server
        .post_json("/v1/summarize", &json!({"text": text, "algorithm": "gpt"}))
        .expect_error(422);
    assert!(msg.contains("gpt") && msg.contains("lexrank"), "{msg}");
}

#[test]
fn bodies_over_the_limit_are_413() {
    let server = TestServer::start(ServeConfig {
        max_body: 1024,
        ..ServeConfig::default()
    });
    let big = json!({ "text": "Word ".repeat(1000) }).to_string();
    let msg = server.post("/v1/summarize", &big).expect_error(413);
    assert!(msg.contains("1024"), "{msg}");
    server.post("/v1/summarize/batch", &big).expect_error(413);

    // Without Content-Length (chunked), the limit is enforced while reading.
    let chunk = "x".repeat(600);
    let raw = format!(
        "POST /v1/summarize HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n\
         258\r\n{chunk}\r\n258\r\n{chunk}\r\n0\r\n\r\n"
    );
    send_raw(server.addr, raw.as_bytes()).expect_error(413);

    // Just under the limit is fine.
    let small = json!({ "text": "Word. ".repeat(100) }).to_string();
    assert!(small.len() < 1024);
    assert_eq!(server.post("/v1/summarize", &small).status, 200);
}

#[test]
fn the_default_body_limit_is_2_mb() {
    let server = TestServer::default();
    let over = json!({ "text": "a".repeat(2 * 1024 * 1024) }).to_string();
    server.post("/v1/summarize", &over).expect_error(413);
}

#[test]
fn batch_answers_in_order_with_errors_in_place() {
    let server = TestServer::default();
    let body = json!({
        "sentences": 2,
        "algorithm": "textrank",
        "articles": [
            {"id": "a", "text": SAMPLE_ARTICLE},
            {"id": 2, "text": ""},
            {"text": UNICODE_STORY},
            {"id": {"k": [1]}},
        ]
    });
    let r = server.post_json("/v1/summarize/batch", &body);
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);

    let single = |text: &str| {
        let r = server.post_json(
            "/v1/summarize",
            &json!({"text": text, "sentences": 2, "algorithm": "textrank"}),
        );
        r.json()
    };
    for (result, id, text) in [
        (&results[0], json!("a"), SAMPLE_ARTICLE),
        (&results[2], Value::Null, UNICODE_STORY),
    ] {
        assert_eq!(result["id"], id);
        assert_eq!(result["algorithm"], "textrank");
        assert_eq!(result["sentences"], single(text)["sentences"]);
        assert_eq!(result["summary"], single(text)["summary"]);
        assert!(result.get("error").is_none());
    }
    assert_eq!(results[1]["id"], 2);
    assert!(results[1]["error"].as_str().unwrap().contains("empty"));
    assert!(results[1].get("sentences").is_none());
    assert_eq!(results[3]["id"], json!({"k": [1]}));
    assert!(results[3]["error"].as_str().unwrap().contains("text"));
    assert!(v["elapsed_ms"].as_f64().is_some());
}

#[test]
fn batch_errors() {
    let server = TestServer::start(ServeConfig {
        max_batch: 2,
        ..ServeConfig::default()
    });
    let article = json!({"text": "One sentence here. Another one there."});
    let r = server.post_json(
        "/v1/summarize/batch",
        &json!({"articles": [article, article]}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        server
            .post_json("/v1/summarize/batch", &json!({"articles": []}))
            .json()["results"],
        json!([])
    );

    let msg = server
        .post_json(
            "/v1/summarize/batch",
            &json!({"articles": [article, article, article]}),
        )
        .expect_error(413);
    assert!(msg.contains("limit is 2"), "{msg}");
    server.post("/v1/summarize/batch", "{").expect_error(400);
    server.post("/v1/summarize/batch", "{}").expect_error(400);
    server
        .post_json("/v1/summarize/batch", &json!({"articles": "text"}))
        .expect_error(400);
    server
        .post_json("/v1/summarize/batch", &json!({"articles": [{"body": "x"}]}))
        .expect_error(400);
    server
        .post_json(
            "/v1/summarize/batch",
            &json!({"articles": [article], "algorithm": "nope"}),
        )
        .expect_error(422);
    server
        .post_json(
            "/v1/summarize/batch",
            &json!({"articles": [article], "words": 0}),
        )
        .expect_error(422);
}

#[test]
fn over_max_concurrency_with_no_queue_is_503_at_once() {
    let (config, gate) = gated_config(ServeConfig {
        max_concurrency: 1,
        queue: 0,
        ..ServeConfig::default()
    });
    let server = TestServer::start(config);
    let addr = server.addr;
    let body = json!({ "text": SAMPLE_ARTICLE }).to_string();
    let first = {
        let body = body.clone();
        std::thread::spawn(move || request(addr, "POST", "/v1/summarize", Some(body.as_bytes())))
    };
    gate.entered
        .recv_timeout(Duration::from_secs(10))
        .expect("the first request started summarizing");

    // The only slot is taken: shed at once, for single and batch requests alike.
    let busy = server.post("/v1/summarize", &body);
    let msg = busy.expect_error(503);
    assert!(msg.contains("busy"), "{msg}");
    assert_eq!(busy.header("retry-after"), Some("1"));
    server
        .post_json(
            "/v1/summarize/batch",
            &json!({"articles": [{"text": SAMPLE_ARTICLE}]}),
        )
        .expect_error(503);
    // The async workers still answer everything else.
    assert_eq!(server.get("/healthz").status, 200);
    assert_eq!(server.get("/metrics").status, 200);
    // Validation happens before a slot is taken.
    server.post("/v1/summarize", "{}").expect_error(400);

    gate.release.send(()).unwrap();
    assert_eq!(first.join().unwrap().status, 200);

    // The slot is free again.
    gate.release.send(()).unwrap();
    assert_eq!(server.post("/v1/summarize", &body).status, 200);
    let metrics = server.get("/metrics").text();
    assert!(
        metrics.contains(r#"precis_http_requests_total{route="/v1/summarize",status="503"} 1"#),
        "{metrics}"
    );
}

#[test]
fn requests_over_the_timeout_are_503() {
    let (config, gate) = gated_config(ServeConfig {
        max_concurrency: 1,
        timeout: Duration::from_millis(300),
        ..ServeConfig::default()
    });
    let server = TestServer::start(config);
    let body = json!({ "text": SAMPLE_ARTICLE }).to_string();
    let slow = server.post("/v1/summarize", &body);
    let msg = slow.expect_error(503);
    assert!(msg.contains("longer than 0.3 s"), "{msg}");
    assert_eq!(slow.header("retry-after"), Some("1"));
    gate.entered.recv_timeout(Duration::from_secs(5)).unwrap();

    // The timed-out work still holds its slot until it really ends.
    server.post("/v1/summarize", &body).expect_error(503);
    gate.release.send(()).unwrap();
    // Then the server is back to normal.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let _ = gate.release.send(());
        let r = server.post("/v1/summarize", &body);
        if r.status == 200 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never recovered");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn timed_out_work_is_cancelled_and_frees_its_slot() {
    let server = TestServer::start(ServeConfig {
        max_concurrency: 1,
        max_body: 16 << 20,
        // A release build summarizes the story below in well under 500 ms on a fast machine.
        timeout: Duration::from_millis(if cfg!(debug_assertions) { 500 } else { 40 }),
        ..ServeConfig::default()
    });
    // About 8 MB of story, read whole (a word budget): many seconds of work in a debug build,
    // several hundred milliseconds in a release build.
    let paragraph = format!(
        "{}\n\n",
        "Officials said the river rose overnight and closed the harbour road. ".repeat(4)
    );
    let huge = json!({
        "text": paragraph.repeat(8_000_000 / paragraph.len()),
        "algorithm": "centroid",
        "words": 100000
    })
    .to_string();
    let started = std::time::Instant::now();
    let msg = server.post("/v1/summarize", &huge).expect_error(503);
    assert!(msg.contains("--timeout"), "{msg}");
    // The engine saw the same deadline and stopped: the only slot is free again soon after
    // (without the deadline, it stayed taken until the whole summary was done).
    let small = json!({ "text": SAMPLE_ARTICLE }).to_string();
    loop {
        let r = server.post("/v1/summarize", &small);
        if r.status == 200 {
            break;
        }
        r.expect_error(503);
        let waited = started.elapsed();
        assert!(
            waited < Duration::from_secs(3),
            "slot still taken after {waited:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn unknown_routes_and_methods_are_json_errors() {
    let server = TestServer::default();
    let msg = server.get("/v2/summarize").expect_error(404);
    assert!(msg.contains("/v2/summarize"), "{msg}");
    server.post("/nothing", "{}").expect_error(404);
    let r = server.get("/v1/summarize");
    r.expect_error(405);
    assert_eq!(r.header("allow"), Some("POST"));
    request(server.addr, "DELETE", "/healthz", None).expect_error(405);
}

#[test]
fn metrics_count_requests_latency_and_articles() {
    let server = TestServer::default();
    assert_eq!(
        server
            .post_json("/v1/summarize", &json!({"text": SAMPLE_ARTICLE}))
            .status,
        200
    );
    server
        .post_json(
            "/v1/summarize",
            &json!({"text": SAMPLE_ARTICLE, "algorithm": "nope"}),
        )
        .expect_error(422);
    server
        .post_json(
            "/v1/summarize/batch",
            &json!({"articles": [{"text": SAMPLE_ARTICLE}, {"text": SAMPLE_ARTICLE}, {"text": ""}], "algorithm": "lsa"}),
        );
    server.get("/no/such/page");
    let r = server.get("/metrics");
    assert_eq!(r.status, 200);
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = r.text();
    for line in [
        r#"precis_http_requests_total{route="/v1/summarize",status="200"} 1"#,
        r#"precis_http_requests_total{route="/v1/summarize",status="422"} 1"#,
        r#"precis_http_requests_total{route="/v1/summarize/batch",status="200"} 1"#,
        r#"precis_http_requests_total{route="unmatched",status="404"} 1"#,
        r#"precis_http_request_duration_seconds_count{route="/v1/summarize"} 2"#,
        r#"precis_http_request_duration_seconds_bucket{route="/v1/summarize",le="+Inf"} 2"#,
        r#"precis_articles_summarized_total{algorithm="learned"} 1"#,
        r#"precis_articles_summarized_total{algorithm="lsa"} 2"#,
        "precis_summarizations_running 0",
        "# TYPE precis_http_request_duration_seconds histogram",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
    // The raw path of a 404 never becomes a label.
    assert!(!text.contains("/no/such/page"));
}

#[test]
fn openapi_describes_every_route() {
    let server = TestServer::default();
    let r = server.get("/openapi.json");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();

    let routes: BTreeSet<(String, String)> = precis_serve::routes()
        .into_iter()
        .map(|(verb, path)| (verb.as_str().to_owned(), path.to_owned()))
        .collect();
    let documented: BTreeSet<(String, String)> = paths
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.clone(), path.clone()))
        })
        .collect();
    assert_eq!(routes, documented, "router and OpenAPI document differ");

    // Each route is really served, and each documented GET answers 200 as documented.
    for (verb, path) in &routes {
        let op = &paths[path][verb];
        assert!(op["responses"].is_object(), "{verb} {path}: no responses");
        if verb == "get" {
            let r = server.get(path);
            assert_eq!(r.status, 200, "GET {path}");
            let documented_type = op["responses"]["200"]["content"]
                .as_object()
                .unwrap()
                .keys()
                .next()
                .unwrap()
                .clone();
            assert!(
                r.header("content-type")
                    .unwrap()
                    .starts_with(&documented_type),
                "GET {path}: {:?} vs {documented_type}",
                r.header("content-type")
            );
        } else {
            assert_ne!(server.post(path, "{}").status, 404, "POST {path}");
        }
    }
    // Every $ref resolves.
    let text = r.text();
    for piece in text.split("\"#/components/schemas/").skip(1) {
        let name = &piece[..piece.find('"').unwrap()];
        assert!(
            doc["components"]["schemas"].get(name).is_some(),
            "dangling $ref {name}"
        );
    }
}

#[test]
fn sample_and_algorithms() {
    let server = TestServer::default();
    assert_eq!(
        server.get("/v1/sample").json(),
        json!({"text": SAMPLE_ARTICLE})
    );
    let v = server.get("/v1/algorithms").json();
    assert_eq!(v["default"], precis_serve::DEFAULT_ALGORITHM.name());
    let names: Vec<&str> = v["algorithms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, Algorithm::ALL.map(Algorithm::name));
}

#[test]
fn the_page_and_its_assets_are_served_from_the_binary() {
    let server = TestServer::default();
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        page.header("content-security-policy")
            .unwrap()
            .contains("default-src 'self'")
    );
    let html = page.text();
    for needle in [
        "Load sample",
        "Summarize",
        "/assets/app.js",
        "/assets/app.css",
    ] {
        assert!(html.contains(needle), "{needle}");
    }
    // Nothing is fetched from another host.
    for asset in ["/", "/assets/app.js", "/assets/app.css"] {
        let body = server.get(asset).text();
        assert!(
            !body.contains("http://") && !body.contains("https://"),
            "{asset}"
        );
    }
    assert!(server.get("/assets/app.js").text().contains("char_start"));
    assert_eq!(
        server.get("/assets/app.css").header("content-type"),
        Some("text/css; charset=utf-8")
    );
}

const PAGE: &str = r#"<!doctype html><html><head><meta charset="windows-1252">
<title>Harbour reopens after storm | Gazette</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour reopens after storm</h1>
<p>The harbour reopened on Monday after three days of closure, the port authority said,
and the first ferries left on schedule in calm weather.</p>
<p>Repairs to the outer breakwater will continue through the winter, officials added,
at a cost the council has yet to approve. “We are relieved,” said Zoë Martín.</p>
<p>Fishing boats returned to their moorings by noon, and the café on the quay reopened.</p>
</article><footer>&copy; Gazette</footer></body></html>"#;

#[test]
fn html_is_extracted_and_spans_refer_to_the_extracted_text() {
    let server = TestServer::default();
    let r = server.post_json("/v1/summarize", &json!({"html": PAGE, "sentences": 2}));
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["spans_refer_to"], "extracted.text");
    assert_eq!(v["extracted"]["title"], "Harbour reopens after storm");
    let extracted = v["extracted"]["text"].as_str().unwrap();
    let article = precis_extract::extract_str(PAGE);
    assert_eq!(extracted, article.text());
    // The declared windows-1252 charset does not garble text that JSON already decoded.
    assert!(extracted.contains("Zoë Martín"), "{extracted}");
    let engine = Summarizer::new(precis_serve::DEFAULT_ALGORITHM)
        .selector(Selector {
            budget: Budget::Sentences(2),
            ..Selector::default()
        })
        .summarize(extracted)
        .unwrap();
    assert_eq!(v["sentences"], as_json(&engine.sentences));
    for h in v["sentences"].as_array().unwrap() {
        let (start, end) = (
            h["start"].as_u64().unwrap() as usize,
            h["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&extracted[start..end], h["text"].as_str().unwrap());
    }

    // Plain-text answers carry neither field.
    let plain = server
        .post_json("/v1/summarize", &json!({"text": SAMPLE_ARTICLE}))
        .json();
    assert!(plain.get("extracted").is_none() && plain.get("spans_refer_to").is_none());

    // Errors: both inputs (422), empty html (400), a page with no article (422).
    server
        .post_json("/v1/summarize", &json!({"html": PAGE, "text": "x"}))
        .expect_error(422);
    server
        .post_json("/v1/summarize", &json!({"html": " "}))
        .expect_error(400);
    let msg = server
        .post_json(
            "/v1/summarize",
            &json!({"html": "<html><body><nav><a href='/'>Home</a></nav></body></html>"}),
        )
        .expect_error(422);
    assert!(msg.contains("no article"), "{msg}");

    // In a batch, HTML and text mix, and HTML errors stay in place.
    let r = server.post_json(
        "/v1/summarize/batch",
        &json!({"articles": [{"id": 1, "html": PAGE}, {"id": 2, "html": "<p></p>"}, {"id": 3, "text": SAMPLE_ARTICLE}]}),
    );
    let results = r.json()["results"].clone();
    assert_eq!(results[0]["extracted"]["text"], extracted);
    assert!(results[1]["error"].is_string());
    assert_eq!(results[2]["sentences"], plain["sentences"]);
}

/// An article fragment and an XHTML page sent as `text`: the engine's HTML detection reads them
/// as markup (no tag ever becomes a highlight), and `input_format` can force either reading.
#[test]
fn markup_sent_as_text_is_detected_as_html() {
    let server = TestServer::default();
    let fragment = "<article><div class=\"breadcrumbs\"><a href=\"/\">Home</a> › News</div>\
        <p>The harbour reopened on Monday after three days of closure, the port authority said, \
        and the first ferries left on schedule in calm weather.</p>\
        <p>Repairs to the outer breakwater will continue through the winter, officials added, \
        at a cost the council has yet to approve.</p></article>";
    let xhtml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 \
         Strict//EN\" \"x\">\n{}",
        PAGE.trim_start_matches("<!doctype html>")
    );
    for text in [fragment, xhtml.as_str()] {
        let r = server.post_json("/v1/summarize", &json!({"text": text, "sentences": 2}));
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        assert_eq!(v["spans_refer_to"], "extracted.text", "{text}");
        for h in v["sentences"].as_array().unwrap() {
            let t = h["text"].as_str().unwrap();
            assert!(!t.contains('<') && !t.contains("breadcrumbs"), "{t}");
        }
    }
    let forced = server
        .post_json(
            "/v1/summarize",
            &json!({"text": fragment, "input_format": "text"}),
        )
        .json();
    assert!(forced.get("extracted").is_none());
    // Prose that mentions a tag stays prose.
    let prose = server
        .post_json(
            "/v1/summarize",
            &json!({"text": "Editors argued about the <b> tag. The vote was 5 < 7. Rain fell."}),
        )
        .json();
    assert!(prose.get("extracted").is_none());
}

/// `redundancy` and `lambda` reach the engine as on the command line.
#[test]
fn redundancy_and_lambda_are_accepted() {
    let server = TestServer::default();
    let r = server.post_json(
        "/v1/summarize",
        &json!({"text": SAMPLE_ARTICLE, "algorithm": "centroid", "sentences": 3,
                "redundancy": "mmr", "lambda": 0.3}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let engine = Summarizer::new(Algorithm::Centroid)
        .selector(Selector {
            budget: Budget::Sentences(3),
            redundancy: precis_core::Redundancy::Mmr { lambda: 0.3 },
        })
        .summarize(SAMPLE_ARTICLE)
        .unwrap();
    assert_eq!(r.json()["sentences"], as_json(&engine.sentences));
    let msg = server
        .post_json(
            "/v1/summarize",
            &json!({"text": SAMPLE_ARTICLE, "lambda": 0.3}),
        )
        .expect_error(422);
    assert!(msg.contains("mmr"), "{msg}");
}

#[test]
fn shutdown_waits_for_requests_in_flight() {
    let (config, gate) = gated_config(ServeConfig::default());
    let server = TestServer::start(config);
    let addr = server.addr;
    let in_flight = std::thread::spawn(move || {
        let body = json!({ "text": SAMPLE_ARTICLE }).to_string();
        request(addr, "POST", "/v1/summarize", Some(body.as_bytes()))
    });
    gate.entered.recv_timeout(Duration::from_secs(10)).unwrap();
    let stopper = std::thread::spawn(move || server.stop());
    std::thread::sleep(Duration::from_millis(100));
    gate.release.send(()).unwrap();
    assert_eq!(in_flight.join().unwrap().status, 200);
    stopper.join().unwrap();
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "still listening"
    );
}

/// Serves `STORY_PAGE` at /story and a redirect to it at /moved on 127.0.0.1, for `requests`
/// requests; then the thread ends. Each answer closes its connection (and says so), so a client
/// never reuses one the server has dropped.
fn page_server(requests: usize) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for _ in 0..requests {
            let Ok((sock, _)) = listener.accept() else {
                return;
            };
            let _ = sock.set_read_timeout(Some(Duration::from_secs(10)));
            let mut reader = BufReader::new(&sock);
            let mut first = String::new();
            let _ = reader.read_line(&mut first);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let page = "<html><head><title>Harbour reopens</title></head><body><article>\
                <p>The harbour reopened on Monday after three days of closure, the port \
                authority said, and the first ferries left on schedule in calm weather.</p>\
                <p>Repairs to the outer breakwater will continue through the winter, officials \
                added, at a cost the council has yet to approve.</p></article></body></html>";
            let answer = if first.contains("/moved") {
                "HTTP/1.1 302 Found\r\nLocation: /story\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_owned()
            } else {
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                    page.len()
                )
            };
            let _ = (&sock).write_all(answer.as_bytes());
        }
    });
    base
}

#[test]
fn urls_are_fetched_only_when_allowed() {
    // Off by default: a clear 422, nothing fetched.
    let server = TestServer::default();
    let r = server.post_json("/v1/summarize", &json!({"url": "http://127.0.0.1:9/story"}));
    assert_eq!(r.status, 422);
    assert!(r.text().contains("--allow-fetch"), "{}", r.text());
    // The web page offers its link field only where fetching is on.
    assert_eq!(server.get("/v1/algorithms").json()["url_input"], false);

    // Fetching on, private addresses refused: the test page lives on loopback, so the page and a
    // redirect to it are both refused — before any connection is made.
    let base = page_server(2);
    let public_only = TestServer::start(ServeConfig {
        fetch: Some(precis_fetch::FetchOptions {
            allow_private: false,
            ..Default::default()
        }),
        ..ServeConfig::default()
    });
    for url in [
        format!("{base}/moved"),
        base.replace("127.0.0.1", "localhost") + "/story",
    ] {
        let r = public_only.post_json("/v1/summarize", &json!({ "url": url }));
        assert_eq!(r.status, 422, "{url}");
        assert!(r.text().contains("non-public address"), "{}", r.text());
    }
    let r = public_only.post_json("/v1/summarize", &json!({"url": base.clone(), "text": "x"}));
    assert_eq!(r.status, 422);

    // --allow-private-fetch: the redirect is followed and the page summarized.
    let anything = TestServer::start(ServeConfig {
        fetch: Some(precis_fetch::FetchOptions::default()),
        ..ServeConfig::default()
    });
    assert_eq!(anything.get("/v1/algorithms").json()["url_input"], true);
    let r = anything.post_json(
        "/v1/summarize",
        &json!({"url": format!("{base}/moved"), "sentences": 1}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["extracted"]["url"], format!("{base}/story"));
    // One sentence of the fetched article (which one is the model's choice).
    let summary = v["summary"].as_str().unwrap();
    assert!(!summary.is_empty() && v["extracted"]["text"].as_str().unwrap().contains(summary));
}

#[test]
fn the_language_field_picks_or_detects_the_language() {
    let server = TestServer::default();
    let german = "Die Wahl findet am 3. Oktober statt. Die Parteien werben um Stimmen.";
    let body = json!({ "text": german, "algorithm": "lead", "language": "de" });
    let v = server.post_json("/v1/summarize", &body).json();
    assert_eq!(
        (&v["language"], &v["input_sentences"]),
        (&json!("de"), &json!(2))
    );
    let body = json!({ "text": "今天天气很好。我们去公园散步。", "language": "zh" });
    let v = server.post_json("/v1/summarize", &body).json();
    assert_eq!(v["language_profile"], "generic");
    let r = server.post_json(
        "/v1/summarize",
        &json!({ "text": german, "language": "xx" }),
    );
    assert_eq!(r.status, 422);
    assert!(r.text().contains("unknown language"), "{}", r.text());
}
