//! The segmentation corpus: hand-written cases of the trouble real news gives a segmenter
//! (`tests/segmentation/cases.txt`, format described at the top of that file).
//!
//! Every case is checked for sentence texts, boilerplate kinds and the detected text form; the
//! pass rate is printed with every failure and must stay at or above [`MIN_PASS_RATE`]. Span
//! integrity (exact slices of the input, ordered, non-overlapping) is required of every case.
//! Robustness on hostile input (arbitrary text, huge words, a million dots) is checked too.

use std::fmt::Write as _;

use precis_core::language::{self, Profile};
use precis_core::{Boilerplate, Document, TextForm};
use proptest::prelude::*;

const CORPUS: &str = include_str!("segmentation/cases.txt");
const MIN_PASS_RATE: f64 = 0.97;

/// One expected sentence: its text, its boilerplate kind, and how it joins the one before.
struct Expected {
    text: String,
    kind: Option<Boilerplate>,
    separator: String,
}

struct Case {
    /// Line number of the case's first line in `cases.txt`.
    line: usize,
    notes: Vec<String>,
    form: TextForm,
    /// `# known failure: why`: the case documents a known weakness; it may fail.
    known_failure: bool,
    sentences: Vec<Expected>,
}

impl Case {
    fn input(&self) -> String {
        let mut input = String::new();
        for (i, s) in self.sentences.iter().enumerate() {
            if i > 0 {
                input.push_str(&s.separator);
            }
            input.push_str(&s.text);
        }
        input
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                let rest: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let hex = rest.trim_start_matches('{');
                let code = u32::from_str_radix(hex, 16).expect("bad \\u{..} escape");
                out.push(char::from_u32(code).expect("bad code point"));
            }
            other => panic!("unknown escape \\{other:?}"),
        }
    }
    out
}

fn parse_sentence(line: &str, line_no: usize) -> Expected {
    let mut rest = line;
    let mut kind = None;
    let mut separator = " ".to_owned();
    while let Some(after) = rest.strip_prefix("[[") {
        let close = after
            .find("]]")
            .unwrap_or_else(|| panic!("line {line_no}: unclosed marker"));
        let marker = &after[..close];
        rest = after[close + 2..]
            .strip_prefix(' ')
            .unwrap_or(&after[close + 2..]);
        match marker {
            "dateline" => kind = Some(Boilerplate::Dateline),
            "byline" => kind = Some(Boilerplate::Byline),
            "timestamp" => kind = Some(Boilerplate::Timestamp),
            "credit" => kind = Some(Boilerplate::Credit),
            "promo" => kind = Some(Boilerplate::Promo),
            "markup" => kind = Some(Boilerplate::Markup),
            "headline" => kind = Some(Boilerplate::Headline),
            "heading" => kind = Some(Boilerplate::Heading),
            "glue" => separator = String::new(),
            "nl" => separator = "\n".to_owned(),
            "crlf" => separator = "\r\n".to_owned(),
            "blank" => separator = "\n\n".to_owned(),
            m if m.starts_with("sep=") => separator = unescape(&m[4..]),
            m => panic!("line {line_no}: unknown marker [[{m}]]"),
        }
    }
    Expected {
        text: unescape(rest),
        kind,
        separator,
    }
}

fn parse_corpus(corpus: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut current: Option<Case> = None;
    for (i, line) in corpus.lines().enumerate() {
        let line_no = i + 1;
        if line == "===" {
            cases.extend(current.take());
            current = Some(Case {
                line: line_no + 1,
                notes: Vec::new(),
                form: TextForm::Natural,
                known_failure: false,
                sentences: Vec::new(),
            });
            continue;
        }
        // Lines before the first `===` are the file's header.
        let Some(case) = current.as_mut() else {
            continue;
        };
        if let Some(note) = line.strip_prefix("# ") {
            match note.strip_prefix("form: ") {
                Some("tokenized") => case.form = TextForm::Tokenized,
                Some("natural") => case.form = TextForm::Natural,
                Some(other) => panic!("line {line_no}: unknown form {other}"),
                None if note.starts_with("known failure") => {
                    case.known_failure = true;
                    case.notes.push(note.to_owned());
                }
                None => case.notes.push(note.to_owned()),
            }
        } else if !line.trim().is_empty() {
            case.sentences.push(parse_sentence(line, line_no));
        }
    }
    cases.extend(current);
    cases.retain(|c| !c.sentences.is_empty());
    cases
}

/// Span integrity: every sentence is an exact, non-empty slice of the input, in order, without
/// overlap, and paragraphs hold their sentences.
fn check_spans(input: &str, doc: &Document) -> Result<(), String> {
    let mut last_end = 0;
    for s in doc.sentences() {
        if s.start >= s.end || s.end > input.len() {
            return Err(format!(
                "sentence {} has span {}..{}",
                s.index, s.start, s.end
            ));
        }
        if !input.is_char_boundary(s.start) || !input.is_char_boundary(s.end) {
            return Err(format!("sentence {} splits a character", s.index));
        }
        if s.start < last_end {
            return Err(format!(
                "sentence {} overlaps or precedes the one before",
                s.index
            ));
        }
        if doc.sentence_text(s) != &input[s.start..s.end] {
            return Err(format!("sentence {} text is not its span", s.index));
        }
        for t in doc.sentence_tokens(s) {
            if t.start < s.start || t.end > s.end || t.start >= t.end {
                return Err(format!("sentence {} has a token outside it", s.index));
            }
        }
        last_end = s.end;
    }
    for p in doc.paragraphs() {
        for s in &doc.sentences()[p.sentences.clone()] {
            if s.start < p.start || s.end > p.end || s.paragraph != p.index {
                return Err(format!(
                    "paragraph {} does not hold sentence {}",
                    p.index, s.index
                ));
            }
        }
    }
    Ok(())
}

fn run_case(case: &Case) -> Result<(), String> {
    run_case_in(language::ENGLISH, case)
}

fn run_case_in(profile: &'static Profile, case: &Case) -> Result<(), String> {
    let input = case.input();
    let doc = Document::parse_in(profile, &input, usize::MAX);
    check_spans(&input, &doc).map_err(|e| format!("SPANS: {e}"))?;
    let got: Vec<(&str, Option<Boilerplate>)> = doc
        .sentences()
        .iter()
        .map(|s| (doc.sentence_text(s), s.boilerplate))
        .collect();
    let want: Vec<(&str, Option<Boilerplate>)> = case
        .sentences
        .iter()
        .map(|s| (s.text.as_str(), s.kind))
        .collect();
    let mut problems = String::new();
    if doc.form() != case.form {
        writeln!(
            problems,
            "  form: want {:?}, got {:?}",
            case.form,
            doc.form()
        )
        .unwrap();
    }
    if got != want {
        writeln!(problems, "  want:").unwrap();
        for (text, kind) in &want {
            writeln!(problems, "    {}{text:?}", kind_label(*kind)).unwrap();
        }
        writeln!(problems, "  got:").unwrap();
        for (text, kind) in &got {
            writeln!(problems, "    {}{text:?}", kind_label(*kind)).unwrap();
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn kind_label(kind: Option<Boilerplate>) -> String {
    kind.map(|k| format!("[{k:?}] ")).unwrap_or_default()
}

#[test]
fn corpus_pass_rate() {
    let cases = parse_corpus(CORPUS);
    assert!(cases.len() >= 170, "corpus has only {} cases", cases.len());
    let mut failures = Vec::new();
    let mut span_failures = Vec::new();
    for case in &cases {
        if let Err(problem) = run_case(case) {
            if problem.starts_with("SPANS") {
                span_failures.push(case.line);
            }
            let notes = case.notes.join(" / ");
            failures.push(format!("case at line {} {notes}\n{problem}", case.line));
        }
    }
    let passed = cases.len() - failures.len();
    let rate = passed as f64 / cases.len() as f64;
    for f in &failures {
        println!("FAIL {f}");
    }
    println!(
        "segmentation corpus: {passed}/{} cases pass ({:.1}%)",
        cases.len(),
        rate * 100.0
    );
    assert!(
        span_failures.is_empty(),
        "span integrity broken in cases at lines {span_failures:?}"
    );
    assert!(
        rate >= MIN_PASS_RATE,
        "pass rate {:.1}% is below {:.0}%",
        rate * 100.0,
        MIN_PASS_RATE * 100.0
    );
}

/// The corpora of the other fully profiled languages (`segmentation/cases.<code>.txt`, same
/// format): every case passes except those noted `# known failure: …`, and each corpus has at
/// least 80 cases. A new failure fails the run; a known failure that passes is reported.
#[test]
fn language_corpora() {
    const CORPORA: &[(&str, &str)] = &[
        ("de", include_str!("segmentation/cases.de.txt")),
        ("fr", include_str!("segmentation/cases.fr.txt")),
        ("es", include_str!("segmentation/cases.es.txt")),
        ("it", include_str!("segmentation/cases.it.txt")),
        ("pt", include_str!("segmentation/cases.pt.txt")),
        ("nl", include_str!("segmentation/cases.nl.txt")),
        ("ru", include_str!("segmentation/cases.ru.txt")),
        ("tr", include_str!("segmentation/cases.tr.txt")),
    ];
    let mut new_failures = Vec::new();
    for (code, corpus) in CORPORA {
        let profile = language::profile(code).expect("a built-in profile");
        let cases = parse_corpus(corpus);
        let (mut passed, mut known) = (0, 0);
        for case in &cases {
            match run_case_in(profile, case) {
                Ok(()) if case.known_failure => {
                    println!("{code}: known failure at line {} now passes", case.line);
                    passed += 1;
                }
                Ok(()) => passed += 1,
                Err(problem) if case.known_failure && !problem.starts_with("SPANS") => known += 1,
                Err(problem) => new_failures.push(format!(
                    "{code}: case at line {} {}\n{problem}",
                    case.line,
                    case.notes.join(" / ")
                )),
            }
        }
        println!(
            "{code}: {passed}/{} cases pass, {known} known failures",
            cases.len()
        );
        assert!(cases.len() >= 80, "{code}: only {} cases", cases.len());
    }
    for f in &new_failures {
        println!("FAIL {f}");
    }
    assert!(
        new_failures.is_empty(),
        "{} new failures",
        new_failures.len()
    );
}

#[test]
fn corpus_format_round_trips() {
    // The markers and escapes build the inputs the cases describe.
    let cases = parse_corpus("===\n# note\nA.\n[[glue]] B.\n[[sep=\\r\\n]] [[byline]] By X\n");
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].input(), "A.B.\r\nBy X");
    assert_eq!(cases[0].sentences[2].kind, Some(Boilerplate::Byline));
    assert_eq!(cases[0].notes, ["note"]);
}

/// Segments `text` and checks span integrity; the test fails on a panic or a broken span.
fn segment_safely(text: &str) -> Document {
    let doc = Document::parse(text);
    if let Err(e) = check_spans(text, &doc) {
        panic!(
            "{e} for input {:?}",
            text.chars().take(200).collect::<String>()
        );
    }
    doc
}

#[test]
fn hostile_inputs_are_linear_and_panic_free() {
    let million_dots = ".".repeat(1_000_000);
    segment_safely(&million_dots);
    segment_safely(&"a".repeat(1_000_000));
    segment_safely(&"Mr. ".repeat(200_000));
    segment_safely(&"\" . ".repeat(200_000));
    segment_safely(&"U.S. ".repeat(200_000));
    segment_safely(&"(CNN) ".repeat(100_000));
    segment_safely(&"By . ".repeat(200_000));
    segment_safely(&"x\r\n".repeat(200_000));
    segment_safely(&"…?!\u{200B}".repeat(200_000));
    segment_safely(&"é.".repeat(300_000));
    let mut words = "the u.s. said , \" it is over . \" ".repeat(50_000);
    words.push_str(&"z".repeat(500_000));
    let doc = segment_safely(&words);
    assert_eq!(doc.form(), TextForm::Tokenized);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_segments_into_exact_spans(text in "\\PC{0,300}") {
        segment_safely(&text);
    }

    #[test]
    fn news_like_text_segments_into_exact_spans(
        text in "([A-Za-z]{1,6}|[.!?…\"'“”‘’()\\-—,:;|$%@/]|\\s|\r\n|\u{a0}|\u{200B}|[0-9]{1,3}|\\(CNN\\)|By|Mr\\.|U\\.S\\.|a\\.m\\.){0,80}"
    ) {
        segment_safely(&text);
    }
}
