//! `precis rouge`: ROUGE of (reference, candidate) pairs, one JSON line per input line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result};
use clap::Args;
use precis_batch::pipeline::{self, Options, Unprocessed};
use precis_batch::source::{self, Output};
use precis_rouge::{RougeScorer, RougeType};
use serde_json::Value;

use super::records::{RecordSink, Settled};

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
    let stdout = Path::new("-");
    source::check_distinct(&[args.pairs.as_path()], &[stdout])?;
    // Never raised by a signal here (Ctrl-C ends the process); the pipeline raises it when the
    // output fails, so that waiting on a quiet input ends too.
    let stop = Arc::new(AtomicBool::new(false));
    let input = source::open_interruptible(&args.pairs, stop.clone())
        .with_context(|| format!("cannot open {}", args.pairs.display()))?;
    let output = Output::create(stdout)?;
    let options = Options {
        threads: args.threads,
        stop: Some(stop),
        ..Default::default()
    };
    let mut sink = RecordSink::new(output, stdout, |_, result: Result<Value, Unprocessed>| {
        let value = result.unwrap_or_else(|p| serde_json::json!({ "error": p.to_string() }));
        let ok = value.get("error").is_none();
        (value.to_string(), ok)
    });
    let run = pipeline::run_into(
        input.reader,
        &options,
        |line| match std::str::from_utf8(line.bytes) {
            Ok(text) => precis_rouge::jsonl::score_line_with(&scorer, text),
            Err(e) => serde_json::json!({
                "error": format!("the line is not valid UTF-8 (first invalid byte at offset {})", e.valid_up_to())
            }),
        },
        &mut sink,
    );
    let errors = match sink.settle(run, &args.pairs) {
        Settled::Complete { errors, .. } | Settled::Interrupted { errors, .. } => errors,
        Settled::Failed => return Ok(ExitCode::from(1)),
    };
    if errors > 0 {
        say!("precis: {errors} malformed lines (scored as {{\"error\": …}})");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
