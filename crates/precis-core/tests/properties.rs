//! Properties of the engine on generated input, for every algorithm: sentence spans are in order,
//! do not overlap, lose no text and slice the input to exactly the text precis prints; a summary
//! is a subset of the input's sentences, in document order, never boilerplate; the same input
//! always gives the same result.
//!
//! The generator mixes what news text throws at a segmenter: titles and initialisms (`Mr.`,
//! `U.S.`, `a.m.`), straight and curly quotes, brackets, dashes, CRLF and blank lines, and unicode
//! (combining marks, RTL text and marks, zero-width joiners, emoji ZWJ sequences and flags).
//! Case counts are kept moderate so the file runs in seconds.

use precis_core::language::{Language, LanguageChoice};
use precis_core::{
    Algorithm, Budget, Document, Format, Redundancy, Selector, Summarizer, SummaryRecord, render,
};
use proptest::prelude::*;
use serde_json::Value;

/// The segmenter's white space (`precis_core::segment::is_space` is crate-private).
fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// One piece of news-like text.
fn piece() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "Mr.",
        "Mrs.",
        "Dr.",
        "U.S.",
        "a.m.",
        "p.m.",
        "No. 4",
        "St. Louis",
        "Lt. Col.",
        "(CNN)",
        "LONDON, England (CNN) --",
        "By Jane Doe",
        "CLICK HERE",
        "Photo: AP",
        "e.g.",
        "3.5",
        "4,000",
        "$2.5m",
        "...",
        "…",
        ". . .",
        ". ",
        "? ",
        "! ",
        "?!",
        ".\"",
        "\"",
        "“",
        "”",
        "'",
        "‘",
        "’",
        "(",
        ")",
        "[",
        "]",
        "--",
        "—",
        ", ",
        ": ",
        "; ",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\r\n",
        "\r\n\r\n",
        "\t",
        "\u{a0}",
        "\u{200B}",
        "\u{200D}",
        "\u{200F}",
        "\u{202E}",
        "\u{FEFF}",
        "e\u{301}",
        "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}",
        "\u{1F1FA}\u{1F1F8}",
        "👍🏽",
        "東京で",
        "مرحبا بالعالم",
        "שלום",
        "Zürich",
        "São Paulo",
        "Ǆ",
        "ﬁre",
        "İstanbul",
        " n't ",
        " 's ",
        " , ",
        " . ",
        "-lrb-",
        "`` ",
        " ''",
    ])
    .prop_map(str::to_owned);
    prop_oneof![
        3 => "[A-Z][a-z]{0,8}",
        4 => "[a-z]{1,9}",
        1 => "[0-9]{1,4}",
        6 => fixed,
    ]
}

fn news_like() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|pieces| {
        let mut text = String::new();
        for p in pieces {
            // Words need a space between them; punctuation pieces bring their own.
            if text.ends_with(|c: char| c.is_alphanumeric())
                && p.starts_with(|c: char| c.is_alphanumeric())
            {
                text.push(' ');
            }
            text.push_str(&p);
        }
        text
    })
}

fn selector() -> impl Strategy<Value = Selector> {
    let budget = prop_oneof![
        (1usize..6).prop_map(Budget::Sentences),
        (1usize..40).prop_map(Budget::Words),
    ];
    let redundancy = prop_oneof![
        Just(Redundancy::None),
        Just(Redundancy::Trigram),
        (0.0f64..=1.0).prop_map(|lambda| Redundancy::Mmr { lambda }),
    ];
    (budget, redundancy).prop_map(|(budget, redundancy)| Selector { budget, redundancy })
}

/// Sentences in order, non-overlapping, within bounds, on char boundaries, trimmed, with only
/// white space between them; tokens inside their sentence.
fn check_spans(text: &str, doc: &Document) -> Result<(), TestCaseError> {
    let mut last_end = 0;
    for (k, s) in doc.sentences().iter().enumerate() {
        prop_assert_eq!(s.index, k);
        prop_assert!(last_end <= s.start && s.start < s.end && s.end <= text.len());
        prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        prop_assert!(
            text[last_end..s.start].chars().all(is_space),
            "text dropped before sentence {}: {:?}",
            k,
            &text[last_end..s.start]
        );
        let slice = &text[s.start..s.end];
        prop_assert_eq!(doc.sentence_text(s), slice);
        prop_assert_eq!(slice.trim_matches(is_space), slice);
        for t in doc.sentence_tokens(s) {
            prop_assert!(s.start <= t.start && t.start < t.end && t.end <= s.end);
            prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        last_end = s.end;
    }
    prop_assert!(
        text[last_end..].chars().all(is_space),
        "text dropped at the end"
    );
    let paragraphs = doc.paragraphs();
    for w in paragraphs.windows(2) {
        prop_assert!(w[0].end <= w[1].start && w[0].sentences.end == w[1].sentences.start);
    }
    Ok(())
}

/// The summary is a subset of the document's content sentences, in document order, each span
/// slicing the input to the printed text; the JSON rendering says the same.
fn check_summary(text: &str, doc: &Document, summarizer: &Summarizer) -> Result<(), TestCaseError> {
    let name = summarizer.name().to_owned();
    let Ok(summary) = summarizer.summarize(text) else {
        prop_assert!(
            text.chars().all(is_space),
            "{}: error on visible text",
            name
        );
        return Ok(());
    };
    prop_assert_eq!(summary.input_sentences, doc.sentences().len());
    let mut last = None;
    for h in &summary.sentences {
        let s = &doc.sentences()[h.index];
        prop_assert!(last < Some(h.index), "{}: not in document order", name);
        last = Some(h.index);
        prop_assert_eq!((h.start, h.end), (s.start, s.end));
        prop_assert_eq!(&text[h.start..h.end], h.text.as_str());
        prop_assert!(s.is_content(), "{}: picked boilerplate", name);
        prop_assert!(h.score.is_finite());
    }
    let record = SummaryRecord::from_text(summary.clone());
    let json: Value = serde_json::from_str(&render(&record, Format::Json)).unwrap();
    for (h, j) in summary
        .sentences
        .iter()
        .zip(json["sentences"].as_array().unwrap())
    {
        let (start, end) = (j["start"].as_u64().unwrap(), j["end"].as_u64().unwrap());
        prop_assert_eq!(
            &text[start as usize..end as usize],
            j["text"].as_str().unwrap()
        );
        prop_assert_eq!(j["index"].as_u64(), Some(h.index as u64));
        // Character offsets slice the same sentence out of the text as a list of chars.
        let (cs, ce) = (
            j["char_start"].as_u64().unwrap() as usize,
            j["char_end"].as_u64().unwrap() as usize,
        );
        let by_char: String = text.chars().skip(cs).take(ce - cs).collect();
        prop_assert_eq!(by_char.as_str(), h.text.as_str());
        prop_assert_eq!(cs, text[..h.start].chars().count());
    }
    // Same input, same result: a second run and a fresh summarizer agree bit for bit.
    prop_assert_eq!(summarizer.summarize(text).ok(), Some(summary.clone()));
    Ok(())
}

/// A summarizer that reads English, as `Document::parse` does (the properties compare the two;
/// detection could read a random text as another language).
fn english(algorithm: Algorithm) -> Summarizer {
    Summarizer::new(algorithm).language(LanguageChoice::Fixed(Language::ENGLISH))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn sentence_spans_are_exact_and_lose_nothing(text in news_like()) {
        let doc = Document::parse(&text);
        check_spans(&text, &doc)?;
        let again = Document::parse(&text);
        prop_assert_eq!(doc.sentences(), again.sentences());
        prop_assert_eq!(doc.tokens(), again.tokens());
    }

    #[test]
    fn arbitrary_text_segments_into_exact_spans(text in "\\PC{0,200}") {
        check_spans(&text, &Document::parse(&text))?;
    }

    /// Detailing only the opening changes no span, and the detailed sentences (tokens, marks)
    /// are exactly those of a full parse; nothing after them is content.
    #[test]
    fn the_opening_is_the_full_parse_cut_short(text in news_like(), content in 0usize..6) {
        let full = Document::parse(&text);
        let opening = Document::parse_opening(&text, content);
        check_spans(&text, &opening)?;
        prop_assert_eq!(opening.sentences().len(), full.sentences().len());
        prop_assert_eq!(opening.paragraphs(), full.paragraphs());
        let d = opening.detailed();
        prop_assert_eq!(&opening.sentences()[..d], &full.sentences()[..d]);
        for (a, b) in opening.sentences()[d..].iter().zip(&full.sentences()[d..]) {
            prop_assert_eq!((a.start, a.end, a.paragraph), (b.start, b.end, b.paragraph));
            prop_assert!(!a.detailed && !a.is_content() && a.tokens.is_empty());
        }
        prop_assert!(opening.content_sentences() >= content.min(full.content_sentences()));
        prop_assert!(d == full.sentences().len() || opening.content_sentences() >= content);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_algorithm_returns_a_subset_in_order_deterministically(
        text in news_like(),
        selector in selector(),
    ) {
        let doc = Document::parse(&text);
        for algorithm in Algorithm::ALL {
            let summarizer = english(algorithm).selector(selector);
            check_summary(&text, &doc, &summarizer)?;
            let fresh = english(algorithm).selector(selector);
            prop_assert_eq!(summarizer.summarize(&text).ok(), fresh.summarize(&text).ok());
        }
    }

    #[test]
    fn budgets_are_respected(text in news_like(), n in 1usize..5) {
        let doc = Document::parse(&text);
        let candidates = doc
            .sentences()
            .iter()
            .filter(|s| s.is_content() && !s.tokens.is_empty())
            .count();
        for algorithm in Algorithm::ALL {
            let by_sentences = english(algorithm).selector(Selector {
                budget: Budget::Sentences(n),
                ..Default::default()
            });
            if let Ok(summary) = by_sentences.summarize(&text) {
                prop_assert_eq!(summary.sentences.len(), n.min(candidates));
            }
            let by_words = english(algorithm).selector(Selector {
                budget: Budget::Words(n * 5),
                ..Default::default()
            });
            if let Ok(summary) = by_words.summarize(&text) {
                let words: usize = summary
                    .sentences
                    .iter()
                    .map(|h| doc.sentences()[h.index].tokens.len())
                    .sum();
                prop_assert!(words <= n * 5 || summary.sentences.len() == 1);
                prop_assert_eq!(summary.sentences.is_empty(), candidates == 0);
            }
        }
    }
}

/// Found by the property above: cut short at zero content sentences, the opening must still see
/// that a content sentence follows, or its first line stops being the title.
#[test]
fn an_opening_cut_at_zero_keeps_the_title() {
    let text = "A\nA . A";
    let full = Document::parse(text);
    let opening = Document::parse_opening(text, 0);
    let d = opening.detailed();
    assert_eq!(&opening.sentences()[..d], &full.sentences()[..d]);
    assert_eq!(
        opening.sentences()[0].boilerplate,
        full.sentences()[0].boilerplate
    );
}
