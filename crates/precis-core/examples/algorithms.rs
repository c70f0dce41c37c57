//! Throughput of every algorithm on a CNN/DailyMail-format file, single-threaded.
//!
//! ```text
//! cargo run --release -p precis-core --example algorithms -- \
//!     ../shared/data/cnndm/validation_cased.jsonl.gz
//! ```
//!
//! Reads gzip JSON Lines (one object with an `article` field a line; plain `.jsonl` works too),
//! runs each algorithm of [`Algorithm::ALL`] over every article and prints one row per algorithm:
//!
//! - `errors`: articles for which summarizing returned an error or panicked, or whose scores had
//!   the wrong length or a NaN (panics are caught and counted, so one bad article cannot hide the
//!   others' figures);
//! - `docs/s`: whole articles summarized per second — segmentation, analysis, rating and selection
//!   of 3 sentences, as `precis summarize` does;
//! - `rate docs/s`: the algorithm's strategy alone (rating and choosing 3 sentences), on documents
//!   segmented and analyzed beforehand, which is what separates one algorithm from another.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use flate2::read::MultiGzDecoder;
use precis_core::analyze::{Analysis, WordPipeline};
use precis_core::{Algorithm, Document, Summarizer};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: algorithms PATH.jsonl[.gz]");
        std::process::exit(2);
    };
    let articles = match read_articles(&path) {
        Ok(articles) => articles,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    // Panics are counted, not printed: the table says how many there were.
    std::panic::set_hook(Box::new(|_| {}));

    let pipeline = WordPipeline::default();
    let docs: Vec<Option<Document>> = articles
        .iter()
        .map(|a| catch_unwind(|| Document::parse(a)).ok())
        .collect();
    let analyses: Vec<(usize, Analysis<'_>)> = docs
        .iter()
        .enumerate()
        .filter_map(|(n, d)| Some((n, Analysis::new(d.as_ref()?, &pipeline))))
        .collect();

    println!("{path}");
    println!(
        "{:<10} {:>8} {:>7} {:>10} {:>13}",
        "algorithm", "articles", "errors", "docs/s", "rate docs/s"
    );
    for algorithm in Algorithm::ALL {
        let summarizer = Summarizer::new(algorithm);
        let mut failed = vec![false; articles.len()];
        let start = Instant::now();
        for (article, failed) in articles.iter().zip(&mut failed) {
            let ok = catch_unwind(AssertUnwindSafe(|| summarizer.summarize(article).is_ok()));
            *failed = !matches!(ok, Ok(true));
        }
        let whole = start.elapsed();

        let strategy = algorithm.strategy();
        let selector = strategy.selector().unwrap_or_default();
        let start = Instant::now();
        for (n, analysis) in &analyses {
            let valid = catch_unwind(AssertUnwindSafe(|| {
                strategy.choose(analysis, &selector).scores
            }))
            .is_ok_and(|s| s.len() == analysis.len() && !s.iter().any(|x| x.is_nan()));
            if !valid {
                failed[*n] = true;
            }
        }
        let rating = start.elapsed();
        let errors = failed.iter().filter(|&&f| f).count();

        println!(
            "{:<10} {:>8} {:>7} {:>10.0} {:>13.0}",
            algorithm.name(),
            articles.len(),
            errors,
            per_second(articles.len(), whole),
            per_second(analyses.len(), rating),
        );
    }
    let unparsed = docs.iter().filter(|d| d.is_none()).count();
    if unparsed > 0 {
        println!(
            "({unparsed} articles panicked in segmentation and are left out of `rate docs/s`)"
        );
    }
}

fn per_second(n: usize, elapsed: Duration) -> f64 {
    n as f64 / elapsed.as_secs_f64().max(1e-9)
}

/// The `article` field of every line.
fn read_articles(path: &str) -> Result<Vec<String>, String> {
    let file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let reader: Box<dyn Read> = if path.ends_with(".gz") {
        Box::new(MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut articles = Vec::new();
    for (n, line) in BufReader::new(reader).lines().enumerate() {
        let line = line.map_err(|e| format!("line {}: {e}", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| format!("line {}: {e}", n + 1))?;
        let article = value["article"]
            .as_str()
            .ok_or_else(|| format!("line {}: no string field `article`", n + 1))?;
        articles.push(article.to_owned());
    }
    Ok(articles)
}
