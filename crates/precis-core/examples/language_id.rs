//! Language identification accuracy per language, for `bench/languages/identify.sh`.
//!
//! Texts are generated from the repository's own segmentation corpora
//! (`tests/segmentation/cases.<code>.txt`, `cases.txt` for English): every window of
//! `--sentences` consecutive sentences of a corpus is one text, in that corpus's language. With
//! `--jsonl FILE` (articles, one JSON object per line with an `article` field, all in
//! `--jsonl-language`), those articles are identified too. Prints, per language, the texts, how
//! many were identified right, how many fell back (too short or unreliable: English), the other
//! answers, and the mean cost of one identification.
//!
//! ```sh
//! cargo run --release -p precis-core --example language_id -- crates/precis-core/tests/segmentation --sentences 6
//! ```

use std::collections::BTreeMap;
use std::time::Instant;

use precis_core::language::detect::english_shortcut;
use precis_core::language::{LanguageChoice, detect};

fn usage() -> ! {
    eprintln!(
        "usage: language_id CORPUS_DIR [--sentences N] [--jsonl FILE --jsonl-language CODE] [--limit N]"
    );
    std::process::exit(2)
}

/// The sentences of one corpus file, in order (notes, separators and markers left out).
fn corpus_sentences(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && *l != "===")
        .map(|l| {
            // Markers such as `[[dateline]]` or `[[sep=…]]` open a line; the text follows.
            let mut rest = l;
            while let Some(after) = rest.strip_prefix("[[") {
                rest = after.split_once("]]").map_or("", |(_, r)| r).trim_start();
            }
            rest.replace("\\n", " ").replace("\\t", " ")
        })
        .filter(|l| !l.is_empty())
        .collect()
}

#[derive(Default)]
struct Tally {
    texts: usize,
    right: usize,
    fallback: usize,
    shortcut: usize,
    wrong: BTreeMap<&'static str, usize>,
    nanos: u128,
}

fn identify(tally: &mut Tally, truth: &str, text: &str) {
    let start = Instant::now();
    let found = detect(text);
    tally.nanos += start.elapsed().as_nanos();
    tally.texts += 1;
    let chosen = found.unwrap_or_else(|| LanguageChoice::Auto.choose(text));
    if found.is_none() {
        tally.fallback += 1;
    }
    tally.shortcut += usize::from(english_shortcut(text));
    if chosen.code() == truth {
        tally.right += 1;
    } else {
        *tally.wrong.entry(chosen.code()).or_default() += 1;
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else { usage() };
    let mut window = 6usize;
    let mut jsonl = None;
    let mut jsonl_language = String::from("en");
    let mut limit = usize::MAX;
    let mut it = args[1..].iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().cloned().unwrap_or_else(|| usage());
        match a.as_str() {
            "--sentences" => window = value().parse().unwrap_or_else(|_| usage()),
            "--jsonl" => jsonl = Some(value()),
            "--jsonl-language" => jsonl_language = value(),
            "--limit" => limit = value().parse().unwrap_or_else(|_| usage()),
            _ => usage(),
        }
    }
    let window = window.max(1);
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| {
            eprintln!("language_id: {dir}: {e}");
            std::process::exit(1)
        })
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    for path in files {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let code = match name
            .strip_prefix("cases.")
            .and_then(|n| n.strip_suffix(".txt"))
        {
            Some("") | None if name == "cases.txt" => "en".to_owned(),
            Some(code) => code.to_owned(),
            None => continue,
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let sentences = corpus_sentences(&text);
        let tally = tallies.entry(code.clone()).or_default();
        for chunk in sentences.windows(window.min(sentences.len().max(1))) {
            identify(tally, &code, &chunk.join(" "));
        }
    }
    if let Some(path) = jsonl {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            eprintln!("language_id: {path}: {e}");
            std::process::exit(1)
        });
        let key = format!("{jsonl_language} (articles)");
        let tally = tallies.entry(key).or_default();
        for line in text.lines().take(limit) {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if let Some(article) = v.get("article").and_then(|a| a.as_str()) {
                identify(tally, &jsonl_language, article);
            }
        }
    }
    println!(
        "{:<16} {:>6} {:>8} {:>9} {:>9} {:>8}  other answers",
        "language", "texts", "right", "fallback", "shortcut", "µs/text"
    );
    for (code, t) in &tallies {
        let wrong: Vec<String> = t.wrong.iter().map(|(c, n)| format!("{c}:{n}")).collect();
        println!(
            "{:<16} {:>6} {:>7.1}% {:>9} {:>9} {:>8.1}  {}",
            code,
            t.texts,
            100.0 * t.right as f64 / t.texts.max(1) as f64,
            t.fallback,
            t.shortcut,
            t.nanos as f64 / 1000.0 / t.texts.max(1) as f64,
            wrong.join(" ")
        );
    }
}
