//! `precis rouge` and `precis eval` on news in other languages: `--tokenize unicode`,
//! `--language`, and the JSON Lines layout of Hugging Face's MLSUM and XL-Sum exports
//! (`text` / `summary`, the summary one string).

use std::process::Output;

use serde_json::{Value, json};

mod common;
use common::{run, stderr, stdout};

/// Records as `datasets`' `to_json` writes MLSUM (`text`, `summary`, `topic`, `url`, `title`,
/// `date`; no `id`) and XL-Sum (`id`, `url`, `title`, `summary`, `text`): one JSON object per
/// line, non-ASCII escaped or not.
fn mlsum_like() -> String {
    let records = [
        json!({
            "text": "Der Bundestag hat am Donnerstag den Haushalt für 2025 beschlossen. Die \
                     Opposition stimmte dagegen. Finanzminister Müller sprach von einem \
                     soliden Haushalt. Die Schuldenbremse wird eingehalten.",
            "summary": "Der Bundestag hat den Haushalt beschlossen. Die Opposition stimmte dagegen.",
            "topic": "politik",
            "url": "https://example.org/1",
            "title": "Haushalt beschlossen",
            "date": "00/01/2019",
        }),
        json!({
            "id": "xlsum-ru-1",
            "url": "https://example.org/2",
            "title": "Бюджет",
            "summary": "Правительство утвердило новый бюджет.",
            "text": "Правительство России утвердило новый бюджет на следующий год. Депутаты \
                     обсудят его в октябре. Расходы на образование вырастут.",
        }),
    ];
    let mut out = String::new();
    for r in &records {
        out.push_str(&r.to_string());
        out.push('\n');
    }
    // `to_json` escapes non-ASCII by default (force_ascii): the same record, escaped.
    let escaped = serde_json::to_string(&records[1]["text"])
        .unwrap()
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                format!("\\u{:04x}", c as u32)
            }
        })
        .collect::<String>();
    out.push_str(&format!(
        "{{\"id\":\"xlsum-ru-2\",\"summary\":\"\\u0411\\u044e\\u0434\\u0436\\u0435\\u0442\",\"text\":{escaped}}}\n"
    ));
    out
}

fn eval(extra: &[&str]) -> (Output, Value) {
    let mut args = vec![
        "eval",
        "--data",
        "-",
        "-a",
        "lead",
        "-j",
        "1",
        "--text-field",
        "text",
        "--summary-field",
        "summary",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let o = run(&args, Some(mlsum_like().as_bytes()));
    let report = serde_json::from_str(&stdout(&o)).unwrap_or(Value::Null);
    (o, report)
}

#[test]
fn eval_reads_mlsum_and_xlsum_exports() {
    let (o, default) = eval(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(default["documents"], 3, "{default}");
    assert_eq!(default["errors"], 0);
    assert_eq!(default["tokenize"], "default");
    assert_eq!(default["stemmer_language"], Value::Null);

    let (o, unicode) = eval(&["--tokenize", "unicode"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(unicode["tokenize"], "unicode");
    // Lead-3 holds every summary word here; rouge-score's rules lose the Cyrillic records'
    // words and the umlauts, the Unicode ones do not.
    let r1 = |v: &Value| v["rouge"]["rouge1"]["r"].as_f64().unwrap();
    assert!(r1(&unicode) > 99.9, "{unicode}");
    assert!(r1(&default) < 70.0, "{default}");

    let (o, german) = eval(&["--tokenize", "unicode", "--language", "de"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(german["stemmer_language"], "de");
    let text = run(
        &[
            "eval",
            "--data",
            "-",
            "-a",
            "lead",
            "--text-field",
            "text",
            "--summary-field",
            "summary",
            "--tokenize",
            "unicode",
            "--language",
            "ru",
        ],
        Some(mlsum_like().as_bytes()),
    );
    assert!(text.status.success(), "{}", stderr(&text));
    assert!(
        stdout(&text).contains("F1 ×100 (unicode, ru)"),
        "{}",
        stdout(&text)
    );
}

#[test]
fn eval_language_is_checked_and_a_default_tokenizer_is_pointed_out() {
    let (o, _) = eval(&["--tokenize", "unicode", "--language", "xx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown language \"xx\""),
        "{}",
        stderr(&o)
    );
    let (o, report) = eval(&["--language", "de"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("for German articles, add --tokenize unicode"),
        "{}",
        stderr(&o)
    );
    assert_eq!(report["tokenize"], "default");
}

#[test]
fn rouge_scores_a_russian_pair_with_the_unicode_tokenizer() {
    let pair = json!({
        "reference": "Правительство утвердило новый бюджет.",
        "candidate": "Новый бюджет утвердило правительство.",
    })
    .to_string()
        + "\n";
    let score = |args: &[&str]| {
        let mut all = vec!["rouge", "--pairs", "-"];
        all.extend_from_slice(args);
        let o = run(&all, Some(pair.as_bytes()));
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        serde_json::from_str::<Value>(stdout(&o).lines().next().unwrap()).unwrap()
    };
    assert_eq!(score(&[])["rouge1"]["f"], 0.0);
    assert_eq!(score(&["--tokenize", "unicode"])["rouge1"]["f"], 1.0);
    let stemmed = score(&["--tokenize", "unicode", "--language", "RU"]);
    assert_eq!(stemmed["rouge1"]["f"], 1.0);
    assert_eq!(stemmed["rouge2"]["f"], 1.0 / 3.0);
}

#[test]
fn rouge_refuses_unknown_languages_and_a_language_without_the_unicode_tokenizer() {
    let pair = b"{\"reference\":\"a\",\"candidate\":\"a\"}\n";
    let o = run(
        &["rouge", "--tokenize", "unicode", "--language", "zh"],
        Some(pair),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("unknown language \"zh\""), "{err}");
    assert!(err.contains("ar, da, de, el, en"), "{err}");
    assert!(err.contains("leave --language out"), "{err}");
    let o = run(&["rouge", "--language", "de"], Some(pair));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("add --tokenize unicode"),
        "{}",
        stderr(&o)
    );
    let o = run(&["rouge", "--tokenize", "words"], Some(pair));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("[possible values: default, unicode]"),
        "{}",
        stderr(&o)
    );
}
