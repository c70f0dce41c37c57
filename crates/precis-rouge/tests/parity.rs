//! Parity with Google's rouge-score 0.1.2 (use_stemmer=True) on the pairs of
//! `fixtures/parity.jsonl`, written by `fixtures/gen_parity.py`.

use precis_rouge::{RougeScorer, RougeType, jsonl};
use serde_json::Value;

/// The p, r, f numbers of `kind` in a fixture line, parsed from their text with Rust's
/// correctly rounded `f64` parser (serde_json's default parser may miss the last bit on
/// 17-digit numbers, and this test counts bit-identical values). The generator writes the
/// scores last, as `"rouge1": {"p": 0.5, "r": 0.25, "f": 0.3333333333333333}`.
fn exact_numbers(line: &str, kind: &str) -> [f64; 3] {
    let key = format!("\"{kind}\": {{");
    let start = line.rfind(&key).expect("scores of the type") + key.len();
    let body = &line[start..start + line[start..].find('}').expect("closing brace")];
    let mut out = [f64::NAN; 3];
    for (slot, (part, name)) in out.iter_mut().zip(body.split(", ").zip(["p", "r", "f"])) {
        let number = part
            .strip_prefix(&format!("\"{name}\": "))
            .expect("field in p, r, f order");
        *slot = number.parse().expect("a number");
    }
    out
}

const TOLERANCE: f64 = 1e-9;

#[test]
fn matches_rouge_score_on_every_fixture_pair() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/parity.jsonl");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut lines = text.lines();
    let header: Value = serde_json::from_str(lines.next().expect("header line")).unwrap();

    let scorer = RougeScorer::new(&RougeType::STANDARD).stemming(true);
    let (mut pairs, mut values, mut identical, mut max_diff) = (0, 0, 0, 0.0f64);
    let mut failures = Vec::new();
    for (i, line) in lines.enumerate() {
        let expected: Value = serde_json::from_str(line).unwrap();
        let reference = expected["reference"].as_str().unwrap();
        let candidate = expected["candidate"].as_str().unwrap();
        let scores = scorer.score(reference, candidate);
        // The JSONL path the CLI uses must agree with the library call, bit for bit.
        assert_eq!(
            jsonl::score_line(line),
            serde_json::to_value(&scores).unwrap(),
            "line {}",
            i + 2
        );

        for (kind, score) in scores.iter() {
            let exact = exact_numbers(line, &kind.to_string());
            let got = [score.precision, score.recall, score.fmeasure];
            for ((field, got), want) in ["p", "r", "f"].into_iter().zip(got).zip(exact) {
                let parsed = expected[kind.to_string()][field].as_f64();
                assert!(
                    parsed.is_some_and(|v| (v - want).abs() < 1e-15),
                    "line {}: {kind}.{field}",
                    i + 2
                );
                let diff = (got - want).abs();
                max_diff = max_diff.max(diff);
                values += 1;
                identical += usize::from(got.to_bits() == want.to_bits());
                if diff > TOLERANCE && failures.len() < 20 {
                    failures.push(format!(
                        "line {}: {kind}.{field} = {got}, rouge-score {want}\n  reference: {reference:?}\n  candidate: {candidate:?}",
                        i + 2
                    ));
                }
            }
        }
        pairs += 1;
    }
    println!(
        "parity: checked {pairs} pairs ({values} values) against rouge-score {} / nltk {}: \
         max |diff| = {max_diff:e}, bit-identical {identical}/{values}",
        header["rouge_score"], header["nltk"]
    );
    assert_eq!(
        Some(pairs as u64),
        header["pairs"].as_u64(),
        "fixture header pair count"
    );
    assert!(pairs >= 1200, "fixture too small: {pairs} pairs");
    assert!(
        failures.is_empty(),
        "{} mismatches, first ones:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
