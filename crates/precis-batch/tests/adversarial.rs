//! Adversarial records for `precis batch`: whatever a line holds, it gets exactly one line of valid
//! JSON back, in its place — a summary or an error that says what is wrong — within a loose time
//! bound, and the pipeline never loses or reorders a line.

use std::time::{Duration, Instant};

use precis_batch::pipeline::{self, Line, Options};
use precis_batch::record::{RecordFields, panicked_line, summarize_line};
use precis_core::{Algorithm, Summarizer};
use serde_json::{Value, json};

/// Loose bound for one record in a debug build (see precis-core's adversarial tests for why LSA
/// needs the most).
const BOUND: Duration = Duration::from_secs(if cfg!(debug_assertions) { 60 } else { 10 });

/// Summarizes one line with `algorithm`; checks it is one line of JSON with an id, and either an
/// error (with the line number) or highlights whose spans slice the article.
fn one(algorithm: Algorithm, bytes: &[u8]) -> Value {
    let summarizer = Summarizer::new(algorithm);
    let started = Instant::now();
    let rendered = summarize_line(
        &summarizer,
        &RecordFields::default(),
        Line { number: 9, bytes },
    );
    let took = started.elapsed();
    assert!(took < BOUND, "{algorithm}: {took:?}");
    assert!(!rendered.json.contains('\n'), "more than one line");
    let v: Value = serde_json::from_str(&rendered.json).expect("one line of valid JSON");
    assert!(v.get("id").is_some(), "no id: {v}");
    assert_eq!(rendered.ok, v.get("error").is_none());
    if let Some(error) = v.get("error") {
        assert_eq!(v["line"], 9);
        let error = error.as_str().unwrap();
        assert!(
            !error.is_empty() && !error.contains("internal error"),
            "{error}"
        );
    } else {
        let input: Value = serde_json::from_slice(bytes).unwrap();
        let text = v
            .get("extracted")
            .map_or(&input["article"], |e| &e["text"])
            .as_str()
            .unwrap()
            .to_owned();
        for s in v["sentences"].as_array().unwrap() {
            let (a, b) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(text.get(a..b), s["text"].as_str(), "{algorithm}");
        }
    }
    v
}

fn error_of(v: &Value) -> &str {
    v["error"]
        .as_str()
        .unwrap_or_else(|| panic!("expected an error: {v}"))
}

fn record(article: &str) -> Vec<u8> {
    json!({"id": "x", "article": article})
        .to_string()
        .into_bytes()
}

#[test]
fn broken_lines_are_error_records() {
    for (bytes, needle) in [
        (&b"{\"article\": \"caf\xe9\"}"[..], "not valid UTF-8"),
        (b"\xff\xfe\xfd", "not valid UTF-8"),
        (b"{\"article\": \"a\0b\"}", "invalid JSON"),
        (b"\0\0\0\0", "invalid JSON"),
        (b"", "empty line"),
        (b" \t \r", "empty line"),
        (b"\xef\xbb\xbf{\"article\": \"Hi.\"}", "invalid JSON"),
        (b"{\"article\": \"unterminated", "invalid JSON"),
        (b"{\"article\": \"\\ud800 lone surrogate\"}", "invalid JSON"),
        (b"{\"article\": \"bad escape \\q\"}", "invalid JSON"),
        (b"{\"article\": \"Hi.\"} trailing", "invalid JSON"),
        (b"null", "found null"),
        (b"\"just a string\"", "found a string"),
        (b"1e999", "invalid JSON"),
        // An id beyond f64 range is refused by the JSON parser (ids of 20+ digits are kept as
        // floating point: use strings for such ids).
        (
            b"{\"id\": 1e400, \"article\": \"The vote passed.\"}",
            "number out of range",
        ),
        (b"{\"id\": 1}", "missing field 'article'"),
        (b"{\"article\": null}", "must be a string, found null"),
        (b"{\"article\": [\"a\"]}", "found an array"),
        (b"{\"article\": {\"text\": \"a\"}}", "found an object"),
        (b"{\"article\": \"\"}", "empty"),
        (b"{\"article\": \"\\u00a0\\u200b\\ufeff\"}", "empty"),
        (
            b"{\"article\": \"<html><body><nav>Home</nav></body></html>\"}",
            "no article",
        ),
    ] {
        for algorithm in [Algorithm::Lead, Algorithm::LexRank] {
            let v = one(algorithm, bytes);
            let error = error_of(&v);
            assert!(
                error.contains(needle),
                "{:?}: {error}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}

#[test]
fn deeply_nested_json_is_an_error_not_a_stack_overflow() {
    let depth = 100_000;
    let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(error_of(&one(Algorithm::Lead, arrays.as_bytes())).contains("invalid JSON"));
    let objects = format!(
        "{{\"article\": \"Hi.\", \"x\": {}1{}}}",
        "{\"a\":".repeat(depth),
        "}".repeat(depth)
    );
    assert!(error_of(&one(Algorithm::Lead, objects.as_bytes())).contains("invalid JSON"));
}

#[test]
fn odd_but_valid_records_are_summarized() {
    let cases: Vec<Vec<u8>> = vec![
        b"{\"article\": \"The vote passed.\", \"article\": \"Duplicate keys: the last wins.\"}"
            .to_vec(),
        b"{\"id\": [1, {\"a\": null}], \"article\": \"Ids of any JSON type are echoed.\"}".to_vec(),
        b"{\"id\": null, \"article\": \"A null id falls back to the line number.\"}".to_vec(),
        b"  {\"article\": \"Leading and trailing white space.\"}  ".to_vec(),
        b"{\"article\": \"An escaped NUL\\u0000 is text. It stays in place.\"}".to_vec(),
        b"{\"article\": \"Line\\u2028separator and\\r\\nCRLF. Fine.\"}".to_vec(),
        record(
            "東京で地震があった。 \u{200F}שלום.\u{200F} e\u{301}mile \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} 🇺🇸 waved.",
        ),
        record(&"!?.,;:".repeat(1000)),
    ];
    for bytes in &cases {
        for algorithm in Algorithm::ALL {
            let v = one(algorithm, bytes);
            assert!(v.get("error").is_none(), "{algorithm}: {v}");
        }
    }
    assert_eq!(one(Algorithm::Lead, &cases[2])["id"], 9);
}

#[test]
fn huge_records() {
    // A 10 MB word, 200,000 one-word sentences, a million dots, a 5 MB page of nested divs
    // (every algorithm on the first three is in precis-core's adversarial tests; here the record
    // path around them).
    let word = record(&"a".repeat(10_000_000));
    let sentences = record(&"Yes. No! ".repeat(100_000));
    let dots = record(&".".repeat(1_000_000));
    let page = record(&format!(
        "<html><body>{}<p>The harbour reopened on Monday after three days of closure, the port \
         authority said, and the first ferries left on schedule in calm weather.</p><p>Repairs to the \
         outer breakwater will continue through the winter, officials added, at a cost the \
         council has yet to approve.</p>{}",
        "<div>".repeat(460_000),
        "</div>".repeat(460_000)
    ));
    assert!(page.len() > 5_000_000);
    for (name, bytes, algorithms) in [
        ("word", &word, &[Algorithm::Lead][..]),
        (
            "sentences",
            &sentences,
            &[Algorithm::Lead, Algorithm::Learned][..],
        ),
        ("dots", &dots, &Algorithm::ALL[..]),
        ("page", &page, &[Algorithm::Lead][..]),
    ] {
        for &algorithm in algorithms {
            let v = one(algorithm, bytes);
            assert!(
                v.get("error").is_none(),
                "{name} {algorithm}: {}",
                v["error"]
            );
        }
    }
}

#[test]
fn a_stream_of_garbage_keeps_one_line_per_line() {
    let mut input = Vec::new();
    let mut count = 0;
    for k in 0..300u32 {
        let line: Vec<u8> = match k % 6 {
            0 => record(&format!("Story {k}. It rained. The river rose.")),
            1 => vec![0xff, b'{', 0, (k % 256) as u8],
            2 => Vec::new(),
            3 => b"{\"article\": 1}\r".to_vec(),
            4 => {
                format!("{{\"id\": {k}, \"article\": \"Line {k}.\\r\\nNext line.\"}}").into_bytes()
            }
            _ => "[".repeat(k as usize * 10).into_bytes(),
        };
        input.extend_from_slice(&line);
        input.push(b'\n');
        count += 1;
    }
    let summarizer = Summarizer::new(Algorithm::TextRank);
    let fields = RecordFields::default();
    for (threads, chunk_lines) in [(1, 64), (2, 1), (4, 7)] {
        let mut out: Vec<(u64, String)> = Vec::new();
        let options = Options {
            threads,
            chunk_lines,
            ..Default::default()
        };
        pipeline::run(
            &input[..],
            &options,
            |line| summarize_line(&summarizer, &fields, line),
            |n, r| out.push((n, r.unwrap_or_else(|p| panicked_line(n, &p)).json)),
        )
        .unwrap();
        assert_eq!(out.len(), count);
        for (k, (n, json)) in out.iter().enumerate() {
            assert_eq!(*n, k as u64 + 1);
            let v: Value = serde_json::from_str(json).unwrap();
            assert_eq!(
                v.get("error").is_none(),
                k % 6 == 0 || k % 6 == 4,
                "{k}: {v}"
            );
        }
    }
}

/// A stream that raises the stop flag (as the SIGINT handler does) once it has handed out
/// `stop_after` lines, then would go on for ever: reading must stop at that line, not at the end
/// of the chunk, and every line read must still come out.
#[test]
fn a_stop_signal_ends_reading_after_the_line_being_read() {
    use std::io::{BufReader, Read};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    struct Endless {
        next: u64,
        pending: Vec<u8>,
        stop_after: u64,
        flag: Arc<AtomicBool>,
    }
    impl Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.pending.is_empty() {
                self.pending = format!("{}\n", self.next).into_bytes();
                self.next += 1;
            }
            let n = self.pending.len().min(buf.len());
            buf[..n].copy_from_slice(&self.pending[..n]);
            self.pending.drain(..n);
            if self.pending.is_empty() && self.next > self.stop_after {
                self.flag.store(true, Ordering::Relaxed);
            }
            Ok(n)
        }
    }
    let flag = Arc::new(AtomicBool::new(false));
    let input = BufReader::with_capacity(
        1,
        Endless {
            next: 1,
            pending: Vec::new(),
            stop_after: 5,
            flag: flag.clone(),
        },
    );
    let options = Options {
        threads: 2,
        chunk_lines: 64,
        stop: Some(flag),
        ..Default::default()
    };
    let mut out = Vec::new();
    let stats = pipeline::run(
        input,
        &options,
        |line| String::from_utf8_lossy(line.bytes).into_owned(),
        |_, r| out.push(r.unwrap()),
    )
    .unwrap();
    assert!(stats.interrupted);
    assert_eq!(out, ["1", "2", "3", "4", "5"]);
}
