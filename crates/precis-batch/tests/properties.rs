//! Properties of the batch pipeline on generated JSON Lines mixing good records, web pages and
//! every kind of bad record: exactly one output line per input line, each valid JSON, errors in
//! place with their line number, and output that is identical whatever the thread count and chunk
//! size (and identical to summarizing each line alone).

use precis_batch::pipeline::{self, Line, Options};
use precis_batch::record::{RecordFields, Rendered, panicked_line, summarize_line};
use precis_core::{Algorithm, Summarizer};
use proptest::prelude::*;
use serde_json::{Value, json};

fn article() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "The vote passed on Friday.",
        "Mr. Smith said it was \"a gimmick.\"",
        "U.S. officials met at 9 a.m. in St. Louis.",
        "LONDON (CNN) --",
        "By Jane Doe",
        "Prices rose 3.5% in May!",
        "Was it over?",
        "\n\n",
        "\r\n",
        "café “quoted” — e\u{301} \u{200D}\u{1F468}\u{200D}\u{1F469} \u{1F1FA}\u{1F1F8}",
        "مرحبا بالعالم.",
        "\u{2028}",
        "...",
        " ",
    ]);
    prop::collection::vec(piece, 0..12).prop_map(|p| p.join(" "))
}

/// One input line (never containing `\n`).
fn record_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => (any::<u16>(), article())
            .prop_map(|(id, a)| json!({"id": id, "article": a}).to_string().into_bytes()),
        1 => article().prop_map(|a| json!({"article": a}).to_string().into_bytes()),
        1 => article().prop_map(|a| json!({
            "id": "page",
            "article": format!("<html><body><nav>Home</nav><article><p>{a} The council \
                approved the new budget on Tuesday after a long debate.</p></article></body></html>")
        }).to_string().into_bytes()),
        1 => Just(b"{not json".to_vec()),
        1 => Just(b"{\"id\": 1, \"article\": \"caf\xe9\"}".to_vec()),
        1 => Just(b"\xff\xfe\x00garbage".to_vec()),
        1 => Just(Vec::new()),
        1 => Just(b"   ".to_vec()),
        1 => Just(b"[1, 2]".to_vec()),
        1 => Just(b"{\"id\": 3}".to_vec()),
        1 => Just(b"{\"id\": 4, \"article\": 42}".to_vec()),
        1 => Just(b"{\"article\": \" \\t \"}".to_vec()),
        1 => Just(b"{\"article\": \"a\\u0000b. It said so.\"}".to_vec()),
        1 => Just(b"{\"id\": 5, \"article\": \"The vote passed.\"}\r".to_vec()),
        1 => prop::collection::vec(any::<u8>(), 0..40)
            .prop_map(|mut b| { b.retain(|&c| c != b'\n'); b }),
    ]
}

fn input() -> impl Strategy<Value = (Vec<Vec<u8>>, bool)> {
    (prop::collection::vec(record_line(), 0..30), any::<bool>())
}

fn join((lines, trailing_newline): &(Vec<Vec<u8>>, bool)) -> Vec<u8> {
    let mut bytes = lines.join(&b'\n');
    if *trailing_newline && !lines.is_empty() {
        bytes.push(b'\n');
    }
    bytes
}

/// How many lines the pipeline must answer: every line, empty or not, but no extra line for a
/// final newline (so an empty last line without a newline after it is no line).
fn expected_lines((lines, trailing_newline): &(Vec<Vec<u8>>, bool)) -> usize {
    match lines.last() {
        Some(last) if last.is_empty() && !trailing_newline => lines.len() - 1,
        _ => lines.len(),
    }
}

fn run(bytes: &[u8], summarizer: &Summarizer, threads: usize, chunk_lines: usize) -> Vec<String> {
    let fields = RecordFields::default();
    let options = Options {
        threads,
        chunk_lines,
        ..Default::default()
    };
    let mut out = Vec::new();
    let stats = pipeline::run(
        bytes,
        &options,
        |line| summarize_line(summarizer, &fields, line),
        |n, r: Result<Rendered, _>| {
            let rendered = r.unwrap_or_else(|p| panicked_line(n, &p));
            out.push(rendered.json);
        },
    )
    .unwrap();
    assert_eq!(stats.records as usize, out.len());
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn one_valid_line_per_input_line_whatever_the_threads_and_chunks(
        input in input(),
        chunk_lines in prop::sample::select(vec![1usize, 2, 3, 7, 64]),
        algorithm in prop::sample::select(Algorithm::ALL.to_vec()),
    ) {
        let bytes = join(&input);
        let summarizer = Summarizer::new(algorithm);
        let reference = run(&bytes, &summarizer, 1, 64);
        prop_assert_eq!(reference.len(), expected_lines(&input));
        for (k, json) in reference.iter().enumerate() {
            prop_assert!(!json.contains('\n'), "more than one line: {}", json);
            let v: Value = serde_json::from_str(json).expect("valid JSON");
            prop_assert!(v.is_object() && v.get("id").is_some());
            if v.get("error").is_some() {
                prop_assert_eq!(v["line"].as_u64(), Some(k as u64 + 1));
                prop_assert!(!v["error"].as_str().unwrap().contains("internal error"), "{}", json);
            }
            // Each line is summarized alone: the pipeline adds nothing and loses nothing.
            // (A CR is part of the line terminator only before a newline.)
            let newline_follows = k + 1 < input.0.len() || input.1;
            let raw = match input.0[k].strip_suffix(b"\r") {
                Some(stripped) if newline_follows => stripped,
                _ => &input.0[k],
            };
            let alone = summarize_line(
                &summarizer,
                &RecordFields::default(),
                Line { number: k as u64 + 1, bytes: raw },
            );
            prop_assert_eq!(&alone.json, json);
        }
        for threads in [2, 4] {
            prop_assert_eq!(&run(&bytes, &summarizer, threads, chunk_lines), &reference);
        }
        prop_assert_eq!(&run(&bytes, &summarizer, 1, chunk_lines), &reference);
    }
}
