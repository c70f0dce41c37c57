//! Scores a JSON Lines file of `{"reference": …, "candidate": …}` pairs with rouge1, rouge2,
//! rougeL and rougeLsum (stemming on), printing one JSON line of scores per input line:
//!
//! ```text
//! cargo run --release -p precis-rouge --example score_pairs -- pairs.jsonl[.gz] > scores.jsonl
//! ```
//!
//! A malformed line gives `{"error": "…"}` on its output line, so outputs stay aligned with
//! inputs. Use `-` to read standard input. The time taken goes to standard error.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::process::ExitCode;
use std::time::Instant;

use flate2::read::MultiGzDecoder;

fn open(path: &str) -> io::Result<Box<dyn BufRead>> {
    let raw: Box<dyn Read> = if path == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path)?)
    };
    Ok(if path.ends_with(".gz") {
        Box::new(BufReader::new(MultiGzDecoder::new(raw)))
    } else {
        Box::new(BufReader::with_capacity(1 << 16, raw))
    })
}

fn run(path: &str) -> io::Result<usize> {
    let input = open(path)?;
    let mut out = BufWriter::new(io::stdout().lock());
    let mut count = 0;
    for line in input.lines() {
        let scores = precis_rouge::jsonl::score_line(&line?);
        serde_json::to_writer(&mut out, &scores)?;
        out.write_all(b"\n")?;
        count += 1;
    }
    out.flush()?;
    Ok(count)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path] = args.as_slice() else {
        eprintln!("usage: score_pairs PAIRS.jsonl[.gz] | -");
        return ExitCode::from(2);
    };
    let start = Instant::now();
    match run(path) {
        Ok(count) => {
            let secs = start.elapsed().as_secs_f64();
            eprintln!(
                "score_pairs: {count} lines in {secs:.3} s ({:.0} lines/s)",
                count as f64 / secs
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("score_pairs: {path}: {e}");
            ExitCode::from(1)
        }
    }
}
