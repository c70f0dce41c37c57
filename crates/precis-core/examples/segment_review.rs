//! Prints how precis segments real articles, one sentence per line, for review by eye.
//!
//! ```text
//! cargo run -p precis-core --example segment_review -- ../shared/data/cnndm/validation_cased.jsonl.gz [FIRST] [COUNT]
//! ```
//!
//! Reads gzip JSON Lines (one object with an `article` field a line; `.gz` files are read through
//! the system `gzip`, so the crate needs no decompression dependency). Each sentence is printed with
//! its index and, for boilerplate, its kind in brackets.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use precis_core::Document;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: segment_review PATH.jsonl[.gz] [FIRST] [COUNT]")?;
    let first: usize = args.next().map_or(Ok(0), |a| a.parse())?;
    let count: usize = args.next().map_or(Ok(10), |a| a.parse())?;

    let reader: Box<dyn Read> = if path.ends_with(".gz") {
        let child = Command::new("gzip")
            .args(["-dc", &path])
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("{path}: cannot run gzip: {e}"))?;
        Box::new(child.stdout.ok_or("gzip gave no output")?)
    } else {
        Box::new(std::fs::File::open(&path).map_err(|e| format!("{path}: {e}"))?)
    };
    for (n, line) in BufReader::new(reader)
        .lines()
        .enumerate()
        .skip(first)
        .take(count)
    {
        let line = line?;
        let value: serde_json::Value = serde_json::from_str(&line)?;
        let article = value["article"].as_str().unwrap_or_default();
        let doc = Document::parse(article);
        println!(
            "=== article {n} ({:?}, {} sentences)",
            doc.form(),
            doc.sentences().len()
        );
        for s in doc.sentences() {
            let kind = s
                .boilerplate
                .map(|b| format!("[{b:?}] "))
                .unwrap_or_default();
            println!("{:3} {kind}{}", s.index, doc.sentence_text(s));
        }
    }
    Ok(())
}
