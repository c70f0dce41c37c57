//! `precis eval` and `precis oracle`: ROUGE of an algorithm (or of the greedy oracle) on a
//! CNN/DailyMail-format file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use precis_batch::source::{self, Output};
use precis_core::Budget;
use precis_eval::dataset::Fields;
use precis_eval::runner::{self, DocResult, Mode, RunOptions};
use precis_rouge::Tokenizer;
use serde_json::json;

use super::options::SummaryArgs;
use super::records::print;
use super::rouge::{TokenizeArg, stemmer_language};
use precis_core::language::LanguageChoice;

/// Evaluate an algorithm with ROUGE on a CNN/DailyMail-format file.
#[derive(Args, Debug)]
#[command(after_long_help = "\
Each input line is {\"id\", \"article\", \"highlights\": [..] or \"..\", \"source\"?: \"cnn\"|\"dailymail\"}
(other datasets: name the fields with --text-field and --summary-field).
Every article is summarized and scored against its highlights (joined by newlines) with ROUGE-1,
ROUGE-2, ROUGE-L and ROUGE-Lsum F1 ×100 (rouge-score rules, Porter stemming), with 95% bootstrap
intervals (1,000 resamples, fixed seed), per source, and the official mix
0.0951 × CNN + 0.9049 × Daily Mail. Results do not depend on the thread count.

Other languages: rouge-score's rules keep only a-z and 0-9. For MLSUM, XL-Sum and any news that
is not English, score with --tokenize unicode (every script's letters, the Snowball stemmer of
--language when it names a language; see `precis rouge --help`). --language also chooses how
the articles are segmented and summarized (`auto`, the default, detects it per article). A summary given as one string is one line for ROUGE-Lsum.

Examples:
  precis eval --data ../shared/data/cnndm/validation_lower.jsonl.gz
  precis eval --data val.jsonl.gz -a lexrank --limit 500 --format json
  precis eval --data val.jsonl.gz --output summaries.jsonl
  precis eval --data xsum.jsonl --text-field document --summary-field summary
  precis eval --data mlsum_de_test.jsonl -a lead --text-field text --summary-field summary \\
    --tokenize unicode --language de")]
pub struct EvalArgs {
    /// CNN/DailyMail-format JSON Lines (optionally gzip).
    #[arg(long, value_name = "FILE")]
    pub data: PathBuf,

    /// How summaries and references are cut into words for ROUGE.
    #[arg(long, value_enum, default_value_t = TokenizeArg::Default, value_name = "HOW")]
    pub tokenize: TokenizeArg,

    #[command(flatten)]
    pub summary: SummaryArgs,

    #[command(flatten)]
    pub common: CommonArgs,
}

/// Compute the greedy extractive oracle on a CNN/DailyMail-format file.
#[derive(Args, Debug)]
#[command(after_long_help = "\
The oracle adds, one at a time, the sentence that most raises ROUGE-1 F + ROUGE-2 F against the
highlights, and stops when no sentence raises it. Its ROUGE is the ceiling for sentence extraction
with precis's segmentation. With --words N it picks whole sentences up to N words in all (a
sentence that would overflow is passed over): the ceiling for `precis eval --words N`. --labels writes the picked sentence indices per article, the training
labels of the learned summarizer:
  {\"id\": …, \"labels\": [0, 4], \"sentences\": 31}

Example:
  precis oracle --data ../shared/data/cnndm/train_lower.jsonl.gz --labels labels.jsonl")]
pub struct OracleArgs {
    /// CNN/DailyMail-format JSON Lines (optionally gzip).
    #[arg(long, value_name = "FILE")]
    pub data: PathBuf,

    /// The most sentences the oracle may pick.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub max_sentences: usize,

    /// Pick whole sentences up to this many words in all instead of at most --max-sentences.
    #[arg(short, long, value_name = "N", conflicts_with = "max_sentences")]
    pub words: Option<usize>,

    /// Write the selected sentence indices of each article to this JSON Lines file (put in place
    /// when the run completes, never over an input).
    #[arg(long, value_name = "OUT")]
    pub labels: Option<PathBuf>,

    #[command(flatten)]
    pub common: CommonArgs,
}

/// Options shared by eval and oracle.
#[derive(Args, Debug)]
pub struct CommonArgs {
    /// Evaluate only the first N articles.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,

    /// Report format.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Write each article's summary and scores to this JSON Lines file (`.gz` to compress; put
    /// in place when the run completes, never over an input).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub jobs: super::options::ThreadsArg,

    /// The field that holds the article text (XSum: `document`, MLSUM: `text`).
    #[arg(long, default_value = "article", value_name = "NAME")]
    pub text_field: String,

    /// The field that holds the reference summary, a string or a list of sentences (XSum and
    /// MLSUM: `summary`).
    #[arg(long, default_value = "highlights", value_name = "NAME")]
    pub summary_field: String,
}

/// Report formats.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// A readable table.
    Text,
    /// One JSON object.
    Json,
}

pub fn run_eval(args: EvalArgs) -> Result<ExitCode> {
    let summarizer = args.summary.summarizer()?;
    let name = summarizer.name().to_owned();
    // --language (the summarizer's) also chooses the Snowball stemmer of --tokenize unicode,
    // where ROUGE has one for it; with `auto` (one tokenizer for every article) words are not
    // stemmed.
    let language = match args.summary.language {
        LanguageChoice::Fixed(l) => stemmer_language(l.code()).ok(),
        LanguageChoice::Auto => None,
    };
    if let (TokenizeArg::Default, Some(language)) = (args.tokenize, language)
        && language.code() != "en"
    {
        say!(
            "precis: note: the default tokenizer (rouge-score's) keeps only a-z and 0-9; for {} \
             articles, add --tokenize unicode",
            language.name()
        );
    }
    execute(
        &args.data,
        &Mode::Summarize(&summarizer),
        &name,
        &args.common,
        None,
        args.summary.model.as_deref(),
        args.tokenize.tokenizer(language),
    )
}

pub fn run_oracle(args: OracleArgs) -> Result<ExitCode> {
    let budget = match args.words {
        Some(0) => {
            return Err(super::options::UsageError("--words must be at least 1".into()).into());
        }
        Some(n) => Budget::Words(n),
        None if args.max_sentences == 0 => {
            return Err(
                super::options::UsageError("--max-sentences must be at least 1".into()).into(),
            );
        }
        None => Budget::Sentences(args.max_sentences),
    };
    let mode = Mode::Oracle(budget);
    execute(
        &args.data,
        &mode,
        "oracle",
        &args.common,
        args.labels.as_deref(),
        None,
        Tokenizer::RougeScore,
    )
}

fn execute(
    data: &Path,
    mode: &Mode<'_>,
    name: &str,
    common: &CommonArgs,
    labels: Option<&Path>,
    model: Option<&Path>,
    tokenizer: Tokenizer,
) -> Result<ExitCode> {
    let mut inputs = vec![data];
    inputs.extend(model);
    let outputs: Vec<&Path> = common.output.as_deref().into_iter().chain(labels).collect();
    source::check_distinct(&inputs, &outputs)?;
    let input = source::open(data).with_context(|| format!("cannot open {}", data.display()))?;
    let create = |p| {
        Output::create(p)
            .map(|out| (out, p))
            .with_context(|| format!("cannot create {}", p.display()))
    };
    let mut summaries = common.output.as_deref().map(create).transpose()?;
    let mut label_out = labels.map(create).transpose()?;
    // The first output that failed, and why; the run then stops.
    let mut failure: Option<(&Path, std::io::Error)> = None;
    let stop = Arc::new(AtomicBool::new(false));
    let fields = Fields {
        text: common.text_field.clone(),
        summary: common.summary_field.clone(),
    };
    let options = RunOptions {
        limit: common.limit,
        threads: common.jobs.threads,
        stop: Some(stop.clone()),
        fields: fields.clone(),
        tokenizer,
    };
    let run = runner::run(input.reader, mode, &options, |doc: &DocResult| {
        if failure.is_some() {
            return;
        }
        if let Some((out, path)) = summaries.as_mut() {
            let [r1, r2, rl, rls] = doc.scores;
            let line = json!({
                "id": doc.id,
                "summary": doc.summary,
                "selected": doc.selected,
                "rouge": {"rouge1": r1, "rouge2": r2, "rougeL": rl, "rougeLsum": rls},
            });
            if let Err(e) = out.record(line.to_string().as_bytes()) {
                failure = Some((path, e));
            }
        }
        if let (Some((out, path)), None) = (label_out.as_mut(), &failure) {
            let line = json!({"id": doc.id, "labels": doc.selected, "sentences": doc.sentences});
            if let Err(e) = out.record(line.to_string().as_bytes()) {
                failure = Some((path, e));
            }
        }
        if failure.is_some() {
            stop.store(true, Ordering::Relaxed);
        }
    })
    .with_context(|| format!("cannot read {}", data.display()))?;
    for (out, path) in [summaries, label_out].into_iter().flatten() {
        match &failure {
            // Failed runs leave no output behind (dropping it removes the partial file).
            Some((failed, e)) if *failed == path => say!(
                "precis: cannot write to {}: {e}; {} records written before it failed; the run \
                 stopped",
                super::records::output_name(path),
                out.records_written()
            ),
            Some(_) => {}
            None => out
                .commit()
                .with_context(|| format!("cannot write to {}", path.display()))?,
        }
    }
    if failure.is_some() {
        return Ok(ExitCode::from(1));
    }
    for (line, e) in run.errors.iter().take(20) {
        say!("precis: {}:{line}: {}", data.display(), e.message);
    }
    if run.errors.len() > 20 {
        say!(
            "precis: … and {} more",
            precis_batch::plural((run.errors.len() - 20) as u64, "bad record")
        );
    }
    if run.docs.is_empty() && !run.errors.is_empty() {
        // Not a table of zeros: every record failed, most likely for its field names.
        say!(
            "precis: {}: no record had the expected fields '{}' (article) and '{}' (reference \
             summary); name them with --text-field and --summary-field (e.g. --text-field document \
             --summary-field summary)",
            data.display(),
            fields.text,
            fields.summary
        );
        return Ok(ExitCode::from(1));
    }
    let report = run.report(name);
    match common.format {
        ReportFormat::Text => print(&report.to_text())?,
        ReportFormat::Json => print(&format!("{}\n", serde_json::to_string(&report)?))?,
    }
    Ok(if run.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
