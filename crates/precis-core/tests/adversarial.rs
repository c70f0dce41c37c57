//! Adversarial corpus: input built to break a summarizer, each answered with a clear error or a
//! correct result by EVERY algorithm, within a loose time bound (debug builds on a busy 2-core
//! machine; the release figures are in `bench/linearity.sh`).
//!
//! A correct result here means: spans slice the input exactly, highlights are content sentences of
//! the document in document order with finite scores, the budget holds, and a text without any
//! word gives an empty summary (not an error: there is simply nothing to pick). The sizes are
//! chosen so the whole file runs in well under a minute in debug; the same shapes at 1–8 MiB run
//! in release in the linearity benchmark.

use std::time::{Duration, Instant};

use precis_core::ingest::{self, InputFormat};
use precis_core::{Algorithm, Budget, Document, Error, Redundancy, Selector, Summarizer, Summary};

/// Loose bound for one algorithm on one input. Unoptimized, LSA's eigendecomposition of the Gram
/// matrix of its first 500 sentences alone takes about 20 s (0.05 s in release), so debug builds
/// get a longer bound; anything quadratic in the input would still take hours.
const BOUND: Duration = Duration::from_secs(if cfg!(debug_assertions) { 60 } else { 10 });

/// Summarizes `text` with every algorithm (and with a word budget, trigram blocking and MMR for the
/// cheap inputs), checking each result; returns the summaries of the default selector.
fn every_algorithm(name: &str, text: &str) -> Vec<Summary> {
    let started = Instant::now();
    let doc = Document::parse(text);
    assert!(
        started.elapsed() < BOUND,
        "{name}: segmentation took {:?}",
        started.elapsed()
    );
    check_spans(name, text, &doc);
    let selectors: &[Selector] = if text.len() <= 100_000 {
        &[
            Selector {
                budget: Budget::Sentences(3),
                redundancy: Redundancy::None,
            },
            Selector {
                budget: Budget::Words(25),
                redundancy: Redundancy::Trigram,
            },
            Selector {
                budget: Budget::Sentences(4),
                redundancy: Redundancy::Mmr { lambda: 0.7 },
            },
        ]
    } else {
        &[Selector {
            budget: Budget::Sentences(3),
            redundancy: Redundancy::None,
        }]
    };
    let mut out = Vec::new();
    for algorithm in Algorithm::ALL {
        for (k, selector) in selectors.iter().enumerate() {
            let summarizer = Summarizer::new(algorithm).selector(*selector);
            let started = Instant::now();
            let summary = summarizer.summarize_document(&doc);
            let took = started.elapsed();
            if std::env::var_os("PRECIS_TIMINGS").is_some() {
                eprintln!("{name}: {algorithm} {took:?}");
            }
            assert!(took < BOUND, "{name}: {algorithm} took {took:?}");
            check_summary(name, text, &doc, &summary, selector);
            if k == 0 {
                out.push(summary);
            }
        }
    }
    out
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

fn check_spans(name: &str, text: &str, doc: &Document) {
    let mut last_end = 0;
    for s in doc.sentences() {
        assert!(
            last_end <= s.start && s.start < s.end && s.end <= text.len(),
            "{name}: bad span"
        );
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert!(
            text[last_end..s.start].chars().all(is_space),
            "{name}: text dropped"
        );
        last_end = s.end;
    }
    assert!(
        text[last_end..].chars().all(is_space),
        "{name}: text dropped at the end"
    );
}

fn check_summary(name: &str, text: &str, doc: &Document, summary: &Summary, selector: &Selector) {
    let who = format!("{name}: {}", summary.algorithm);
    let mut last = None;
    let mut words = 0;
    for h in &summary.sentences {
        assert!(last < Some(h.index), "{who}: not in document order");
        last = Some(h.index);
        let s = &doc.sentences()[h.index];
        assert_eq!((h.start, h.end), (s.start, s.end), "{who}");
        assert_eq!(&text[h.start..h.end], h.text, "{who}");
        assert!(s.is_content(), "{who}: picked boilerplate");
        assert!(h.score.is_finite(), "{who}: score {}", h.score);
        words += s.tokens.len();
    }
    let candidates = doc
        .sentences()
        .iter()
        .any(|s| s.is_content() && !s.tokens.is_empty());
    assert_eq!(!summary.sentences.is_empty(), candidates, "{who}: empty");
    if let Budget::Sentences(n) = selector.budget {
        assert!(summary.sentences.len() <= n, "{who}");
    }
    if let Budget::Words(n) = selector.budget {
        assert!(words <= n || summary.sentences.len() == 1, "{who}");
    }
}

fn texts(summary: &Summary) -> Vec<&str> {
    summary.sentences.iter().map(|h| h.text.as_str()).collect()
}

const STORY: &str = "WASHINGTON (CNN) -- The Senate passed the budget bill on Friday after a \
    long night of debate. Sen. Jane Doe said it would help 2.5 million families. Critics called \
    it \"a gimmick.\" The House votes next week, and the president is expected to sign it.";

#[test]
fn empty_and_invisible_input_is_a_clear_error() {
    for text in [
        "",
        " ",
        "\n\n\r\n\t",
        "\u{a0}\u{200B}\u{200D}\u{FEFF}\u{2028}\u{2029}\u{3000}",
    ] {
        for algorithm in Algorithm::ALL {
            assert_eq!(
                Summarizer::new(algorithm).summarize(text),
                Err(Error::EmptyInput),
                "{text:?}"
            );
        }
    }
    assert_eq!(
        Error::EmptyInput.to_string(),
        "the input is empty (no text to summarize)"
    );
}

#[test]
fn text_without_words_gives_an_empty_summary() {
    let punctuation = "!?.,;:…—–-\"'“”‘’()[]{}<>/\\|@#$%^&*_+=~` ".repeat(50);
    let mut million_dots = ".".repeat(1_000_000);
    for (name, text) in [
        ("punctuation", punctuation.as_str()),
        ("a million dots", million_dots.as_str()),
        (
            "emoji only",
            "👍 🎉🎉 \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} 🇺🇸🇫🇷!",
        ),
        ("control characters", "\u{1}\u{2}\u{7f}\u{9c}"),
    ] {
        for summary in every_algorithm(name, text) {
            assert!(summary.sentences.is_empty(), "{name}");
        }
    }
    million_dots.push_str(" The vote passed.");
    for summary in every_algorithm("dots then a sentence", &million_dots) {
        assert_eq!(texts(&summary), ["The vote passed."]);
    }
}

#[test]
fn one_ten_megabyte_word() {
    let word = "a".repeat(10_000_000);
    for summary in every_algorithm("10 MB word", &word) {
        assert_eq!(summary.sentences.len(), 1);
        assert_eq!(
            (summary.sentences[0].start, summary.sentences[0].end),
            (0, word.len())
        );
    }
    // A huge word inside a story does not disturb the sentences around it.
    let text = format!("{STORY} {} Then it rained.", "x".repeat(1_000_000));
    every_algorithm("1 MB word in a story", &text);
}

#[test]
fn two_hundred_thousand_one_word_sentences() {
    let words = ["Yes.", "No!", "Maybe?", "Stop.", "Go.", "Wait…"];
    let text: String = (0..200_000)
        .map(|i| words[i % words.len()])
        .collect::<Vec<_>>()
        .join(" ");
    for summary in every_algorithm("200k one-word sentences", &text) {
        assert_eq!(summary.sentences.len(), 3);
    }
    // The same sentences under a budget no sentence can meet but one at the very end: picking
    // that one must not cost a pass over every sentence per sentence (it once was quadratic).
    let mut text = "Ab cd. ".repeat(200_000);
    text.push_str("Ef.");
    let doc = Document::parse(&text);
    let started = Instant::now();
    let summary = Summarizer::new(Algorithm::Lead)
        .selector(Selector {
            budget: Budget::Words(1),
            redundancy: Redundancy::None,
        })
        .summarize_document(&doc);
    assert!(started.elapsed() < BOUND, "took {:?}", started.elapsed());
    assert_eq!(texts(&summary), ["Ef."]);
}

#[test]
fn a_dot_a_dot() {
    let text = "a. ".repeat(300_000);
    for summary in every_algorithm("a. a. a.", &text) {
        assert!(!summary.sentences.is_empty());
    }
}

#[test]
fn nul_bytes_and_invalid_utf8_through_ingest() {
    assert_eq!(
        ingest::ingest(b"The vote\0 passed.".to_vec(), InputFormat::Auto),
        Err(Error::Binary { offset: 8 })
    );
    assert_eq!(
        ingest::ingest(
            b"The caf\xe9 closed. It rained.".to_vec(),
            InputFormat::Text
        ),
        Err(Error::NotUtf8 { offset: 7 })
    );
    // Truncated multi-byte sequences, overlong forms, surrogates and stray continuation bytes.
    for (bytes, offset) in [
        (&b"ok \xe2\x82"[..], 3),
        (b"\xc0\xaf", 0),
        (b"ab\xed\xa0\x80", 2),
        (b"abc\x80", 3),
        (b"\xff\xfe\x00\x00", 2),
    ] {
        match ingest::ingest(bytes.to_vec(), InputFormat::Text) {
            Err(Error::NotUtf8 { offset: o }) => assert_eq!(o, offset, "{bytes:?}"),
            Err(Error::Binary { .. }) => {}
            other => panic!("{bytes:?}: {other:?}"),
        }
    }
    let message = Error::NotUtf8 { offset: 812 }.to_string();
    assert!(message.contains("offset 812") && message.contains("convert it to UTF-8"));
    // A NUL inside a string (e.g. an escaped \u0000 in JSON) is text like any other.
    every_algorithm("NUL in a string", &format!("The vote\0 passed. {STORY}"));
}

#[test]
fn scripts_marks_joiners_and_emoji() {
    let text = "東京で大きな地震があった。 住民は避難した。\n\n\
        مرحبا بالعالم. قال الوزير إن الوضع مستقر.\n\n\
        \u{200F}שלום עולם.\u{200F} הממשלה התכנסה ביום שני.\n\n\
        The cafe\u{301} re\u{301}opened on Monday. Zo\u{308}e said it was \u{201C}wonderful.\u{201D}\n\n\
        Families \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466} waved flags \
        \u{1F1FA}\u{1F1F8}\u{1F1EC}\u{1F1E7} and cheered 👍🏽. The parade ended at noon.\n\n\
        A zero\u{200B}width space and a join\u{200D}er stayed in place. \u{202E}Reversed text\u{202C} too.\n\n\
        Привет, мир. Ελληνικά κείμενα εδώ. हिन्दी पाठ भी।";
    for summary in every_algorithm("mixed scripts", text) {
        assert_eq!(summary.sentences.len(), 3);
    }
}

#[test]
fn crlf_gives_the_same_sentences_as_lf() {
    let lf = format!("{STORY}\n\nMore rain is expected.\nThe river is high.\n\nBy Jane Doe");
    let crlf = lf.replace('\n', "\r\n");
    let cr = lf.replace('\n', "\r");
    let sentences = |text: &str| {
        let doc = Document::parse(text);
        doc.sentences()
            .iter()
            .map(|s| {
                (
                    doc.sentence_text(s).replace(['\r', '\n'], " "),
                    s.boilerplate,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(sentences(&lf), sentences(&crlf));
    assert_eq!(sentences(&lf), sentences(&cr));
    for (a, b) in every_algorithm("lf", &lf)
        .iter()
        .zip(every_algorithm("crlf", &crlf).iter())
    {
        assert_eq!(
            a.sentences.iter().map(|h| h.index).collect::<Vec<_>>(),
            b.sentences.iter().map(|h| h.index).collect::<Vec<_>>(),
            "{}",
            a.algorithm
        );
    }
}

#[test]
fn deeply_nested_quotes_and_brackets() {
    let depth = 50_000;
    let parens = format!(
        "{}The vote passed{}. It was close.",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    every_algorithm("nested parentheses", &parens);
    let quotes = format!(
        "He said {} it is over {}. Then he left.",
        "\"'“‘«".repeat(depth / 5),
        "»’”'\"".repeat(depth / 5)
    );
    every_algorithm("nested quotes", &quotes);
    let unbalanced = format!("{} The vote passed. {}", "\"(“[".repeat(depth), STORY);
    every_algorithm("unbalanced openers", &unbalanced);
}

#[test]
fn html_page_of_nested_divs_through_ingest() {
    let depth = 400_000;
    let story = "<p>The harbour reopened on Monday after three days of closure, the port \
        authority said, and the first ferries left on schedule in calm weather.</p>\
        <p>Repairs to the outer breakwater will continue through the winter, officials added, \
        at a cost the council has yet to approve.</p>";
    let html = format!(
        "<html><body>{}{story}{}",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    assert!(html.len() > 4_000_000);
    let started = Instant::now();
    let ingested = ingest::ingest(html.into_bytes(), InputFormat::Auto).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
    assert!(ingested.html.is_some());
    let summaries = every_algorithm("nested divs", &ingested.text);
    assert!(texts(&summaries[0])[0].starts_with("The harbour reopened"));
    assert_eq!(
        ingest::ingest(
            b"<html><body><nav><a href=/>Home</a></nav></body></html>".to_vec(),
            InputFormat::Auto
        ),
        Err(Error::NoArticle)
    );
}

#[test]
fn only_boilerplate_gives_an_empty_summary() {
    let text = "By Jane Doe, Staff Reporter\n\nLONDON (CNN) --\n\nCLICK HERE to read more.";
    for summary in every_algorithm("only furniture", text) {
        assert!(
            summary
                .sentences
                .iter()
                .all(|h| !h.text.starts_with("By Jane")),
            "{}",
            summary.algorithm
        );
    }
}

#[test]
fn one_enormous_sentence() {
    let long = format!("{}.", "the council said that ".repeat(100_000).trim_end());
    every_algorithm("one 2 MB sentence", &long);
}

/// A huge input with a deadline that passes almost at once: every algorithm and selection gives
/// up with `DeadlineExceeded` soon after, instead of running to the end (without the deadline,
/// each of these runs takes seconds in a debug build).
#[test]
fn a_passed_deadline_stops_the_work() {
    use precis_core::Deadline;
    let sentence = "Officials said the river rose overnight and closed the harbour road. ";
    let paragraph = format!("{}\n\n", sentence.repeat(4));
    let text = paragraph.repeat(16_000_000 / paragraph.len());
    let selectors = [
        Selector::default(),
        Selector {
            budget: Budget::Words(100_000),
            redundancy: Redundancy::Mmr { lambda: 0.7 },
        },
        Selector {
            budget: Budget::Words(100_000),
            redundancy: Redundancy::Trigram,
        },
    ];
    // The reference: Lead reads the whole text once, the least any full run does. Timed here,
    // under the same load as the runs below, rather than against a fixed bound.
    let started = Instant::now();
    let full = Summarizer::new(Algorithm::Lead)
        .selector(selectors[1])
        .summarize(&text);
    let whole = started.elapsed();
    assert!(full.is_ok());
    for algorithm in [Algorithm::Centroid, Algorithm::Kl, Algorithm::Learned] {
        for selector in selectors {
            let s = Summarizer::new(algorithm).selector(selector);
            let started = Instant::now();
            let limit = Duration::from_millis(50);
            let result = s.summarize_with_deadline(&text, Deadline::after(limit));
            let took = started.elapsed();
            // A run that reads only the story's opening (learned with a sentence budget) may
            // finish in time in a release build; one that did not is stopped.
            match result {
                Ok(_) => assert!(took <= limit, "{algorithm}: Ok after {took:?}"),
                Err(e) => assert_eq!(e, Error::DeadlineExceeded, "{algorithm}"),
            }
            // The stages look at the clock every 1,024 sentences: what remains is mostly the
            // scans that precede segmentation (about a fifth of a whole run).
            assert!(
                took < whole / 2,
                "{algorithm} {selector:?}: {took:?} (a whole run: {whole:?})"
            );
        }
    }
    // A deadline that does not pass changes nothing.
    let s = Summarizer::new(Algorithm::Lead);
    let short = &text[..3 * paragraph.len()];
    assert_eq!(
        s.summarize_with_deadline(short, Deadline::after(Duration::from_secs(600))),
        s.summarize(short)
    );
}
