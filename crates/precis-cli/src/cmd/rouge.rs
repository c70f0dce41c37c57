//! `precis rouge`: ROUGE of (reference, candidate) pairs, one JSON line per input line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use precis_batch::pipeline::{self, Options, Unprocessed};
use precis_batch::plural;
use precis_batch::source::{self, Output};
use precis_eval::dataset::Source;
use precis_eval::stats::{DocScores, RougeTable};
use precis_rouge::{Language, RougeScorer, RougeType, Score, Tokenizer};
use serde_json::json;

use super::options::UsageError;
use super::records::{RecordSink, Settled};

/// Score (reference, candidate) pairs with ROUGE-1/2/L/Lsum, exactly as rouge-score does (or in
/// any language, with --tokenize unicode).
#[derive(Args, Debug)]
#[command(after_long_help = "\
Each input line is {\"reference\": \"...\", \"candidate\": \"...\"} (other fields are ignored;
newlines separate sentences for ROUGE-Lsum). Each output line, in order, is
  {\"rouge1\": {\"p\", \"r\", \"f\"}, \"rouge2\": {…}, \"rougeL\": {…}, \"rougeLsum\": {…}}
with fractions in [0, 1], or {\"line\": N, \"error\": \"...\"} for a malformed line. At the end,
the mean F1 ×100 of each metric with its 95% bootstrap interval (as `precis eval`: 1,000
resamples, fixed seed) goes to stderr, or, with --summary, alone to stdout. Scores match Google's
rouge-score 0.1.2 with use_stemmer=True (NLTK Porter stemmer) to the last digit.

Other languages: rouge-score keeps only a-z and 0-9, so `Köln` becomes `k ln` and a Russian or
Chinese text has no words at all (ROUGE 0). --tokenize unicode keeps the letters and digits of
every script, lower-cased (Turkish I/ı/İ/i by Turkish rules with --language tr), splits at
apostrophes and hyphens, gives one token per character in Chinese, Japanese, Thai, Lao, Khmer
and Burmese, and with --language stems words with that language's Snowball stemmer; it follows
the multilingual ROUGE of XL-Sum. Its figures are not comparable to rouge-score's.

Examples:
  echo '{\"reference\":\"the cat sat\",\"candidate\":\"a cat sat\"}' | precis rouge --pairs -
  precis rouge --pairs pairs_de.jsonl --tokenize unicode --language de --summary
  precis rouge --pairs pairs_zh.jsonl --tokenize unicode")]
pub struct RougeArgs {
    /// JSON Lines file of pairs (optionally gzip), or `-` for standard input.
    #[arg(long, default_value = "-", value_name = "FILE")]
    pub pairs: PathBuf,

    /// Print only the aggregate (mean F1 and its 95% bootstrap interval), not each line's scores.
    #[arg(long)]
    pub summary: bool,

    /// Disable stemming (rouge-score's use_stemmer=False).
    #[arg(long)]
    pub no_stemmer: bool,

    /// How texts are cut into words.
    #[arg(long, value_enum, default_value_t = TokenizeArg::Default, value_name = "HOW")]
    pub tokenize: TokenizeArg,

    /// With --tokenize unicode: stem with this language's Snowball stemmer. An ISO 639-1 code:
    /// ar, da, de, el, en, es, fi, fr, hu, it, nl, no, pt, ro, ru, sv, ta, tr. Other languages:
    /// leave it out (words are then not stemmed).
    #[arg(long, value_name = "CODE")]
    pub language: Option<String>,

    #[command(flatten)]
    pub jobs: super::options::ThreadsArg,
}

/// The tokenizers of `--tokenize` (`rouge` and `eval`).
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenizeArg {
    /// rouge-score's: lower-cased runs of a-z and 0-9, Porter stemmer (English only).
    Default,
    /// Letters and digits of any script, lower-cased, stemmed for --language (see below).
    Unicode,
}

impl TokenizeArg {
    /// The tokenizer, stemming for `language` if it is the Unicode one.
    pub fn tokenizer(self, language: Option<Language>) -> Tokenizer {
        match self {
            TokenizeArg::Default => Tokenizer::RougeScore,
            TokenizeArg::Unicode => Tokenizer::Unicode(language),
        }
    }
}

/// The stemmer language of `--language CODE`, or a usage error that lists the codes.
pub fn stemmer_language(code: &str) -> Result<Language> {
    code.parse::<Language>().map_err(|e| {
        UsageError(format!(
            "--language: {e}; for another language leave --language out: --tokenize unicode \
             still finds and lower-cases its words, without stemming them"
        ))
        .into()
    })
}

pub fn run(args: RougeArgs) -> Result<ExitCode> {
    let language = args.language.as_deref().map(stemmer_language).transpose()?;
    if language.is_some() && args.tokenize == TokenizeArg::Default {
        return Err(UsageError(
            "--language chooses the stemmer of --tokenize unicode; the default tokenizer is \
             rouge-score's, for English only (add --tokenize unicode)"
                .into(),
        )
        .into());
    }
    let scorer = RougeScorer::new(&RougeType::STANDARD)
        .tokenizer(args.tokenize.tokenizer(language))
        .stemming(!args.no_stemmer);
    super::input::note_reading_stdin(&args.pairs, "pairs");
    // With --summary the per-line scores go nowhere: only the aggregate is printed.
    let rows = Path::new(if args.summary { "/dev/null" } else { "-" });
    source::check_distinct(&[args.pairs.as_path()], &[rows])?;
    // Never raised by a signal here (Ctrl-C ends the process); the pipeline raises it when the
    // output fails, so that waiting on a quiet input ends too.
    let stop = Arc::new(AtomicBool::new(false));
    let input = source::open_interruptible(&args.pairs, stop.clone())
        .with_context(|| format!("cannot open {}", args.pairs.display()))?;
    let output = Output::create(rows)?;
    let options = Options {
        threads: args.jobs.threads,
        stop: Some(stop),
        ..Default::default()
    };
    let mut errors: Vec<(u64, String)> = Vec::new();
    let mut docs: Vec<DocScores> = Vec::new();
    let mut sink = RecordSink::new(output, rows, |line, result: Result<_, Unprocessed>| {
        let value = match result.unwrap_or_else(|p| Err(p.to_string())) {
            Ok(scores) => {
                let scores: precis_rouge::Scores = scores;
                let four = RougeType::STANDARD
                    .map(|k| scores.get(k).copied().unwrap_or(Score::new(0.0, 0.0)));
                docs.push(DocScores {
                    source: Source::Unknown,
                    scores: four,
                });
                serde_json::to_value(&scores).unwrap_or_default()
            }
            Err(message) => {
                let value = json!({"line": line, "error": message});
                errors.push((line, message));
                value
            }
        };
        let ok = value.get("error").is_none();
        (value.to_string(), ok)
    });
    let run = pipeline::run_into(
        input.reader,
        &options,
        |line| {
            let text = std::str::from_utf8(line.bytes).map_err(|e| {
                format!(
                    "the line is not valid UTF-8 (first invalid byte at offset {})",
                    e.valid_up_to()
                )
            })?;
            let (reference, candidate) = precis_rouge::jsonl::parse_pair(text)?;
            Ok::<_, String>(scorer.score(&reference, &candidate))
        },
        &mut sink,
    );
    if let Settled::Failed = sink.settle(run, &args.pairs) {
        return Ok(ExitCode::from(1));
    }
    let table = aggregate(&docs);
    if args.summary {
        super::records::print(&table)?;
    } else if !docs.is_empty() {
        say!("{}", table.trim_end());
    }
    let name = super::input::display(&args.pairs.display().to_string());
    for (line, message) in errors.iter().take(20) {
        say!("precis: {name}:{line}: {message}");
    }
    if !errors.is_empty() {
        say!(
            "precis: {name}: {} (scored as {{\"line\": N, \"error\": …}})",
            plural(errors.len() as u64, "malformed line")
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The mean ROUGE F1 ×100 of the scored pairs with its 95% bootstrap interval, as `precis eval`
/// reports it (precis-eval's statistics, same resamples and seed).
fn aggregate(docs: &[DocScores]) -> String {
    let table = RougeTable::over(docs);
    let f = table.f().map(|x| format!("{x:.2}"));
    let ci = table
        .metrics()
        .map(|m| format!("{:.2}–{:.2}", m.ci95[0], m.ci95[1]));
    let head = format!("F1 ×100, {}", plural(docs.len() as u64, "pair"));
    let mut out = String::new();
    for [label, a, b, c, d] in [
        [head.as_str(), "ROUGE-1", "ROUGE-2", "ROUGE-L", "ROUGE-Lsum"],
        ["  mean", &f[0], &f[1], &f[2], &f[3]],
        ["  95% interval", &ci[0], &ci[1], &ci[2], &ci[3]],
    ] {
        out.push_str(&format!("{label:<22} {a:>13} {b:>13} {c:>13} {d:>13}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_lists_every_stemmer_language() {
        let command = <RougeArgs as clap::Args>::augment_args(clap::Command::new("rouge"));
        let help = command
            .get_arguments()
            .find(|a| a.get_id() == "language")
            .and_then(|a| a.get_help())
            .map(|h| h.to_string())
            .unwrap_or_default();
        assert!(help.contains(&Language::codes()), "{help}");
    }

    #[test]
    fn the_aggregate_is_the_mean_with_an_interval() {
        let doc = |f: f64| DocScores {
            source: Source::Unknown,
            scores: [Score::new(f, f); 4],
        };
        let text = aggregate(&[doc(0.5), doc(1.0)]);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("F1 ×100, 2 pairs"), "{text}");
        assert!(lines[1].contains("75.00"), "{text}");
        assert!(lines[2].contains("50.00–100.00"), "{text}");
        assert!(aggregate(&[doc(1.0)]).starts_with("F1 ×100, 1 pair "));
    }
}
