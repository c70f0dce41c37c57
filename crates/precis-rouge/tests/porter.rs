//! NLTK's `PorterStemmer().stem` (NLTK_EXTENSIONS mode) on the words of `fixtures/porter.tsv`,
//! written by `fixtures/gen_parity.py`.

use precis_rouge::porter::stem;

#[test]
fn matches_nltk_on_every_fixture_word() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/porter.tsv");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut words = 0;
    let mut failures = Vec::new();
    for line in text.lines() {
        let (word, want) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("bad line {line:?}"));
        let got = stem(word);
        if got != want {
            failures.push(format!("{word:?}: got {got:?}, NLTK {want:?}"));
        }
        words += 1;
    }
    println!(
        "porter: checked {words} words against NLTK, {} mismatches",
        failures.len()
    );
    assert!(words >= 2000, "fixture too small: {words} words");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
