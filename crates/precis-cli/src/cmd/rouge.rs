//! `precis rouge`: ROUGE of (reference, candidate) pairs, one JSON line per input line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use precis_batch::pipeline::{self, Options};
use precis_batch::source;
use precis_rouge::{RougeScorer, RougeType};

/// Score (reference, candidate) pairs with ROUGE-1/2/L/Lsum, exactly as rouge-score does.
#[derive(Args, Debug)]
#[command(after_long_help = "\
Each input line is {\"reference\": \"...\", \"candidate\": \"...\"} (other fields are ignored;
newlines separate sentences for ROUGE-Lsum). Each output line, in order, is
  {\"rouge1\": {\"p\", \"r\", \"f\"}, \"rouge2\": {…}, \"rougeL\": {…}, \"rougeLsum\": {…}}
with fractions in [0, 1], or {\"error\": \"...\"} for a malformed line. Scores match Google's
rouge-score 0.1.2 with use_stemmer=True (NLTK Porter stemmer) to the last digit.

Example:
  echo '{\"reference\":\"the cat sat\",\"candidate\":\"a cat sat\"}' | precis rouge --pairs -")]
pub struct RougeArgs {
    /// JSON Lines file of pairs (optionally gzip), or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    pub pairs: PathBuf,

    /// Disable Porter stemming (rouge-score's use_stemmer=False).
    #[arg(long)]
    pub no_stemmer: bool,

    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, default_value_t = 0, value_name = "N")]
    pub threads: usize,
}

pub fn run(args: RougeArgs) -> Result<ExitCode> {
    let scorer = RougeScorer::new(&RougeType::STANDARD).stemming(!args.no_stemmer);
    let input = source::open(&args.pairs)
        .with_context(|| format!("cannot open {}", args.pairs.display()))?;
    let mut out = source::create(std::path::Path::new("-"))?;
    let mut errors = 0u64;
    let mut write_error = None;
    let options = Options {
        threads: args.threads,
        ..Default::default()
    };
    pipeline::run(
        input.reader,
        &options,
        |line| match std::str::from_utf8(line.bytes) {
            Ok(text) => precis_rouge::jsonl::score_line_with(&scorer, text),
            Err(e) => serde_json::json!({
                "error": format!("the line is not valid UTF-8 (first invalid byte at offset {})", e.valid_up_to())
            }),
        },
        |_, result| {
            let value = result.unwrap_or_else(|p| serde_json::json!({ "error": p.to_string() }));
            if value.get("error").is_some() {
                errors += 1;
            }
            if write_error.is_none() {
                if let Err(e) = writeln!(out, "{value}") {
                    write_error = Some(e);
                }
            }
        },
    )
    .with_context(|| format!("cannot read {}", args.pairs.display()))?;
    if let Some(e) = write_error {
        return Err(e).context("cannot write to standard output");
    }
    out.flush().context("cannot write to standard output")?;
    if errors > 0 {
        eprintln!("precis: {errors} malformed lines (scored as {{\"error\": …}})");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
