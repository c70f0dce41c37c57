//! The invariants the fuzz targets check, one function per target.
//!
//! Each function takes the fuzzer's raw bytes, runs one stage of precis on them and panics with a
//! message when an invariant is broken. The same file is compiled into the workspace's regression
//! test (`crates/precis-cli/tests/fuzz_regressions.rs`), which replays every input kept under
//! `fuzz/regressions/<target>/`, so a crash found once is checked by `cargo test` for ever.

use precis_batch::pipeline::Line;
use precis_batch::record::{RecordFields, summarize_line};
use precis_core::analyze::{Analysis, WordPipeline, tokenize};
use precis_core::engine::collapse_space;
use precis_core::ingest::{self, InputFormat};
use precis_core::{Algorithm, Budget, Document, Error, Redundancy, Selector, Summarizer, Token};
use precis_rouge::{RougeScorer, RougeType};
use serde_json::Value;

/// The segmenter's white space (`precis_core::segment::is_space`, which is crate-private).
fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

fn lossy(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

fn check_span(text: &str, start: usize, end: usize, what: &str) {
    assert!(start <= end, "{what}: start {start} > end {end}");
    assert!(end <= text.len(), "{what}: end {end} past {}", text.len());
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: {start}..{end} not on char boundaries"
    );
}

/// Span invariants of a parsed document: paragraphs, sentences and tokens are in order,
/// non-overlapping, within bounds and on char boundaries; tokens lie inside their sentence and
/// sentences inside their paragraph; nothing but white space is left outside the sentences.
pub fn check_document(text: &str, doc: &Document) {
    assert_eq!(doc.text(), text, "the document must keep the input");
    let mut last_end = 0;
    let mut next_sentence = 0;
    for (k, p) in doc.paragraphs().iter().enumerate() {
        assert_eq!(p.index, k, "paragraph index");
        check_span(text, p.start, p.end, "paragraph");
        assert!(p.start >= last_end, "paragraph {k} overlaps the one before");
        assert!(p.start < p.end, "paragraph {k} is empty");
        assert_eq!(
            p.sentences.start, next_sentence,
            "paragraph {k} skips sentences"
        );
        assert!(
            p.sentences.end > p.sentences.start,
            "paragraph {k} has no sentence"
        );
        next_sentence = p.sentences.end;
        last_end = p.end;
        for s in &doc.sentences()[p.sentences.clone()] {
            assert_eq!(s.paragraph, k, "sentence {} names paragraph", s.index);
            assert!(
                p.start <= s.start && s.end <= p.end,
                "sentence {} ({}..{}) outside paragraph {k} ({}..{})",
                s.index,
                s.start,
                s.end,
                p.start,
                p.end
            );
        }
    }
    assert_eq!(
        next_sentence,
        doc.sentences().len(),
        "sentences outside paragraphs"
    );

    let mut last_end = 0;
    let mut next_token = 0;
    for (k, s) in doc.sentences().iter().enumerate() {
        assert_eq!(s.index, k, "sentence index");
        check_span(text, s.start, s.end, "sentence");
        assert!(s.start < s.end, "sentence {k} is empty");
        assert!(s.start >= last_end, "sentence {k} overlaps the one before");
        let gap = &text[last_end..s.start];
        assert!(
            gap.chars().all(is_space),
            "text dropped between sentences: {gap:?}"
        );
        let slice = doc.sentence_text(s);
        assert_eq!(slice, &text[s.start..s.end]);
        assert_eq!(
            slice.trim_matches(is_space),
            slice,
            "sentence {k} is not trimmed"
        );
        assert_eq!(s.tokens.start, next_token, "sentence {k} skips tokens");
        assert!(s.tokens.end >= s.tokens.start && s.tokens.end <= doc.tokens().len());
        next_token = s.tokens.end;
        let mut last_token_end = s.start;
        for t in doc.sentence_tokens(s) {
            check_span(text, t.start, t.end, "token");
            assert!(t.start < t.end, "empty token in sentence {k}");
            assert!(
                t.start >= last_token_end && t.end <= s.end,
                "token {}..{} outside sentence {k} ({}..{}) or out of order",
                t.start,
                t.end,
                s.start,
                s.end
            );
            last_token_end = t.end;
        }
        last_end = s.end;
    }
    assert_eq!(next_token, doc.tokens().len(), "tokens outside sentences");
    let tail = &text[last_end..];
    assert!(
        tail.chars().all(is_space),
        "text dropped after the last sentence: {tail:?}"
    );
}

/// Target `segment`: `Document::parse` on any UTF-8 text.
pub fn segment(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = Document::parse(text);
    check_document(text, &doc);
}

/// Target `words`: the word tokenizer, the word pipeline and the term statistics.
pub fn words(data: &[u8]) {
    let text = lossy(data);
    let mut tokens: Vec<Token> = Vec::new();
    tokenize::words(&text, 0..text.len(), &mut tokens);
    let pipeline = WordPipeline::default();
    let mut last_end = 0;
    for t in &tokens {
        check_span(&text, t.start, t.end, "word");
        assert!(t.start < t.end && t.start >= last_end, "words out of order");
        last_end = t.end;
        let word = &text[t.start..t.end];
        assert!(
            word.chars().next().is_some_and(char::is_alphanumeric),
            "word {word:?} does not start with a letter or digit"
        );
        if let Some(term) = pipeline.term(word) {
            assert!(!term.is_empty(), "empty term from {word:?}");
            assert_eq!(pipeline.term(word), Some(term), "term not deterministic");
        }
    }
    let doc = Document::parse(&text);
    let a = Analysis::new(&doc, &pipeline);
    assert_eq!(a.len(), doc.sentences().len());
    let total: u64 = a.term_frequency().iter().map(|&c| u64::from(c)).sum();
    assert_eq!(total, a.total_terms(), "term counts do not add up");
    let n = a.content().len() as u32;
    for (t, &df) in a.sentence_frequency().iter().enumerate() {
        assert!(df <= n, "term {t} in more sentences than there are");
        assert!(
            a.idf()[t].is_finite() && a.idf()[t] > 0.0,
            "idf of term {t}"
        );
    }
    for i in 0..a.len() {
        let v = a.tfidf(i);
        assert!(v.norm.is_finite(), "tf-idf norm of sentence {i}");
        assert!(
            v.entries.windows(2).all(|w| w[0].0 < w[1].0),
            "unsorted vector"
        );
        let sim = a.similarity(i, i);
        assert!(sim.is_finite() && (-1e-9..=1.0 + 1e-9).contains(&sim));
    }
}

/// Content sentences with at least one word: what a selector may pick. A text without any (only
/// punctuation, symbols or control characters) has an empty summary.
fn candidates(doc: &Document) -> usize {
    doc.sentences()
        .iter()
        .filter(|s| s.is_content() && !s.tokens.is_empty())
        .count()
}

/// The selector a fuzz input asks for, from one byte.
fn selector(b: u8) -> Selector {
    let n = 1 + usize::from(b >> 3);
    let budget = if b & 1 == 0 {
        Budget::Sentences(n)
    } else {
        Budget::Words(n * 4)
    };
    let redundancy = match (b >> 1) & 3 {
        0 => Redundancy::None,
        1 => Redundancy::Trigram,
        2 => Redundancy::Mmr { lambda: 0.7 },
        _ => Redundancy::Mmr { lambda: 0.0 },
    };
    Selector { budget, redundancy }
}

/// Checks one summary of `text` against the document's own segmentation.
pub fn check_summary(text: &str, doc: &Document, selector: &Selector, summarizer: &Summarizer) {
    let name = summarizer.name();
    let summary = match summarizer.summarize(text) {
        Ok(s) => s,
        Err(Error::EmptyInput) => {
            assert!(
                text.chars().all(is_space),
                "{name}: EmptyInput for visible text"
            );
            return;
        }
        Err(e) => panic!("{name}: unexpected error {e}"),
    };
    assert!(!text.chars().all(is_space), "{name}: summarized empty text");
    assert_eq!(summary.input_sentences, doc.sentences().len(), "{name}");
    let mut last: Option<usize> = None;
    let mut words = 0;
    for h in &summary.sentences {
        assert!(
            last.is_none_or(|l| l < h.index),
            "{name}: not in document order"
        );
        last = Some(h.index);
        let s = doc
            .sentences()
            .get(h.index)
            .unwrap_or_else(|| panic!("{name}: highlight {} is no sentence", h.index));
        assert_eq!((h.start, h.end), (s.start, s.end), "{name}: span differs");
        assert_eq!(text.get(h.start..h.end), Some(h.text.as_str()), "{name}");
        assert!(
            s.is_content(),
            "{name}: picked boilerplate {:?}",
            s.boilerplate
        );
        assert!(h.score.is_finite(), "{name}: score {}", h.score);
        words += s.tokens.len();
    }
    let candidates = candidates(doc);
    assert_eq!(
        summary.sentences.is_empty(),
        candidates == 0,
        "{name}: {} highlights from {candidates} candidates",
        summary.sentences.len()
    );
    // (`if let` rather than `match`: other budgets may be added, and they are not fuzzed here.)
    if let Budget::Sentences(n) = selector.budget {
        assert!(summary.sentences.len() <= n, "{name}: over budget");
    }
    if let Budget::Words(n) = selector.budget {
        assert!(
            words <= n || summary.sentences.len() == 1,
            "{name}: {words} words over a budget of {n}"
        );
    }
}

/// Target `summarize`: every algorithm through [`Summarizer`]; the first byte picks the selector.
pub fn summarize(data: &[u8]) {
    let Some((&config, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let selector = selector(config);
    for algorithm in Algorithm::ALL {
        let summarizer = Summarizer::new(algorithm).selector(selector);
        // The document as this summarizer reads it: in the language it detects (a short text
        // may read as Dutch, whose furniture rules differ from English ones) and to its horizon.
        let doc = summarizer.parse(text);
        check_summary(text, &doc, &selector, &summarizer);
    }
}

/// Target `record`: `precis batch`'s per-line function on any bytes. The first byte picks how the
/// rest is presented: raw, as the article of a JSON record, as a web page in a record, or raw
/// between `{"article":"` and `"}` (so JSON escapes are fuzzed too).
pub fn record(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let line: Vec<u8> = match mode % 4 {
        0 => rest.to_vec(),
        1 => serde_json::json!({"id": "x", "article": lossy(rest)})
            .to_string()
            .into_bytes(),
        2 => serde_json::json!({"article": format!("<html><body><article><p>{}</p>", lossy(rest))})
            .to_string()
            .into_bytes(),
        _ => [&b"{\"article\":\""[..], rest, b"\"}"].concat(),
    };
    let algorithm = Algorithm::ALL[usize::from(mode >> 2) % Algorithm::ALL.len()];
    let summarizer = Summarizer::new(algorithm);
    let number = 42;
    let rendered = summarize_line(
        &summarizer,
        &RecordFields::default(),
        Line {
            number,
            bytes: &line,
        },
    );
    assert!(
        !rendered.json.contains(['\n', '\r']),
        "output is more than one line"
    );
    let out: Value = serde_json::from_str(&rendered.json)
        .unwrap_or_else(|e| panic!("output is not JSON ({e}): {}", rendered.json));
    let out = out.as_object().expect("output is not a JSON object");
    assert!(out.contains_key("id"), "output has no id");
    assert_eq!(rendered.ok, !out.contains_key("error"), "ok flag disagrees");
    if !rendered.ok {
        assert_eq!(out["line"], number, "error record without its line number");
        assert!(out["error"].as_str().is_some_and(|e| !e.is_empty()));
        return;
    }
    let input: Value = serde_json::from_slice(&line).expect("a summarized line was not JSON");
    let text = match out.get("extracted") {
        Some(extracted) => extracted["text"].as_str().expect("extracted.text"),
        None => input["article"].as_str().expect("article"),
    };
    let sentences = out["sentences"].as_array().expect("sentences array");
    assert_eq!(
        sentences.is_empty(),
        candidates(&summarizer.parse(text)) == 0,
        "a summary must be empty exactly when the text has no word to pick"
    );
    let mut joined = Vec::new();
    for s in sentences {
        let start = s["start"].as_u64().expect("start") as usize;
        let end = s["end"].as_u64().expect("end") as usize;
        let shown = s["text"].as_str().expect("text");
        assert_eq!(
            text.get(start..end),
            Some(shown),
            "span does not slice the text"
        );
        assert!(s["score"].as_f64().is_some_and(f64::is_finite), "score {s}");
        joined.push(collapse_space(shown));
    }
    assert_eq!(out["summary"].as_str(), Some(joined.join("\n").as_str()));
}

/// Target `rouge`: any pair (split at the first NUL); the first byte turns stemming on or off.
pub fn rouge(data: &[u8]) {
    let Some((&config, rest)) = data.split_first() else {
        return;
    };
    let text = lossy(rest);
    let (reference, candidate) = text.split_once('\0').unwrap_or((&text, ""));
    let stem = config & 1 == 1;
    for t in [reference, candidate] {
        for token in precis_rouge::tokenize(t, stem) {
            assert!(
                !token.is_empty() && token.bytes().all(|b| b.is_ascii_alphanumeric()),
                "token {token:?}"
            );
        }
    }
    let types = [
        RougeType::N(1),
        RougeType::N(2),
        RougeType::N(3),
        RougeType::L,
        RougeType::Lsum,
    ];
    let scorer = RougeScorer::new(&types).stemming(stem);
    let forward = scorer.score(reference, candidate);
    let backward = scorer.score(candidate, reference);
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12;
    for kind in types {
        let f = forward.get(kind).expect("every type is scored");
        let b = backward.get(kind).expect("every type is scored");
        for v in [
            f.precision,
            f.recall,
            f.fmeasure,
            b.precision,
            b.recall,
            b.fmeasure,
        ] {
            assert!((0.0..=1.0).contains(&v), "{kind} value {v} outside [0, 1]");
        }
        // ROUGE-Lsum matches each reference line against the candidate: not symmetric.
        if kind != RougeType::Lsum {
            assert!(
                close(f.precision, b.recall) && close(f.recall, b.precision),
                "{kind}: swapping the pair does not swap P and R: {f:?} vs {b:?}"
            );
            assert!(close(f.fmeasure, b.fmeasure), "{kind}: F differs on swap");
        }
    }
    let tokens = precis_rouge::tokenize(reference, stem).len();
    let same = scorer.score(reference, reference);
    for kind in [
        RougeType::N(1),
        RougeType::N(2),
        RougeType::N(3),
        RougeType::L,
    ] {
        let need = if let RougeType::N(n) = kind { n } else { 1 };
        let s = same.get(kind).expect("scored");
        if tokens >= need {
            assert_eq!(s.fmeasure, 1.0, "{kind} of a text against itself: {s:?}");
        }
    }
    let line = serde_json::json!({"reference": reference, "candidate": candidate}).to_string();
    let scored = precis_rouge::jsonl::score_line(&line);
    assert!(
        scored.get("error").is_none(),
        "a well-formed pair failed: {scored}"
    );
    let raw = precis_rouge::jsonl::score_line(&text);
    assert!(raw.is_object(), "score_line must answer with an object");
}

/// Target `html`: web page ingestion (charset decoding, extraction) on any bytes, then the
/// extracted text through the segmenter and the engine.
pub fn html(data: &[u8]) {
    let forced = ingest::ingest(data.to_vec(), InputFormat::Html);
    // Auto-detection either reads the bytes as text or gives exactly what forced HTML gives.
    let auto = ingest::ingest(data.to_vec(), InputFormat::Auto);
    if matches!(&auto, Ok(i) if i.html.is_some()) {
        assert_eq!(
            auto, forced,
            "auto-detected HTML must ingest as forced HTML"
        );
    }
    match forced {
        Err(Error::NoArticle) => {}
        Err(e) => panic!("unexpected error from HTML ingestion: {e}"),
        Ok(ingested) => {
            assert!(ingested.html.is_some());
            let text = &ingested.text;
            assert!(
                !text.chars().all(is_space),
                "an article with no visible text: {text:?}"
            );
            let doc = Document::parse(text);
            check_document(text, &doc);
            let summary = Summarizer::new(Algorithm::Lead)
                .summarize(text)
                .expect("an extracted article must summarize");
            for h in &summary.sentences {
                assert_eq!(text.get(h.start..h.end), Some(h.text.as_str()));
            }
        }
    }
}
