//! Run precis-extract over the Article Extraction Benchmark pages and write
//! predictions as JSONL for `bench/extract/score.py`.
//!
//! Usage: `aeb [--baseline] [--repeat N] AEB_DIR OUT.jsonl`
//!
//! Pages are read and gunzipped first; only the extraction loop is timed,
//! single-threaded (best of N runs), like the trafilatura runner.

use std::io::{BufRead, BufReader, Read, Write};
use std::time::Instant;

fn main() {
    if let Err(e) = run() {
        eprintln!("aeb: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut baseline = false;
    let mut repeat = 1usize;
    let mut paths = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--baseline" => baseline = true,
            "--repeat" => {
                repeat = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--repeat needs a number")?
            }
            _ => paths.push(a),
        }
    }
    let [dir, out] = paths.as_slice() else {
        return Err("usage: aeb [--baseline] [--repeat N] AEB_DIR OUT.jsonl".into());
    };

    let truth_path = format!("{dir}/truth.jsonl");
    let truth = std::fs::File::open(&truth_path).map_err(|e| format!("{truth_path}: {e}"))?;
    let mut ids = Vec::new();
    for line in BufReader::new(truth).lines() {
        let line = line.map_err(|e| format!("{truth_path}: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| format!("{truth_path}: {e}"))?;
        let id = v["id"].as_str().ok_or("truth line without id")?;
        ids.push(id.to_string());
    }
    let mut pages = Vec::with_capacity(ids.len());
    for id in &ids {
        let path = format!("{dir}/pages/{id}.html.gz");
        let f = std::fs::File::open(&path).map_err(|e| format!("{path}: {e}"))?;
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(f)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{path}: {e}"))?;
        pages.push(bytes);
    }

    let mut best = f64::MAX;
    let mut texts = Vec::new();
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        texts = pages
            .iter()
            .map(|p| {
                if baseline {
                    precis_extract::page_text(p)
                } else {
                    precis_extract::extract(p).text()
                }
            })
            .collect();
        best = best.min(start.elapsed().as_secs_f64());
    }

    let name = if baseline { "full page" } else { "precis" };
    let mut f = std::fs::File::create(out).map_err(|e| format!("{out}: {e}"))?;
    let meta = serde_json::json!({"meta": {
        "name": name, "seconds": best, "pages_per_s": pages.len() as f64 / best}});
    writeln!(f, "{meta}").map_err(|e| format!("{out}: {e}"))?;
    for (id, text) in ids.iter().zip(texts) {
        let row = serde_json::json!({"id": id, "text": text});
        writeln!(f, "{row}").map_err(|e| format!("{out}: {e}"))?;
    }
    Ok(())
}
