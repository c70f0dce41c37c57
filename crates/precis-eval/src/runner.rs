//! The corpus runner: every article of a CNN/DailyMail-format file, summarized (or oracle-picked)
//! and scored in parallel on the batch pipeline, results in input order whatever the thread count.

use std::io::{self, BufRead};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use precis_batch::pipeline::{self, Options};
use precis_batch::record::RecordError;
use precis_core::{Budget, Selector, Summarizer};
use precis_rouge::{RougeScorer, RougeType, Score, Tokenizer};
use serde_json::Value;

use crate::dataset::{self, Source};
use crate::oracle;
use crate::stats::{DocScores, Report};

/// What produces the summaries.
pub enum Mode<'a> {
    /// An algorithm, through the engine.
    Summarize(&'a Summarizer),
    /// The greedy oracle ([`oracle::Oracle`], built from each article's reference) through the
    /// engine, within a budget: a cap on sentences, or whole sentences up to a number of words.
    Oracle(Budget),
}

/// How to run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Evaluate only the first N lines.
    pub limit: Option<u64>,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// Raised (e.g. when an output cannot be written), reading stops and the run ends early.
    pub stop: Option<Arc<AtomicBool>>,
    /// Where each record holds its article and reference summary.
    pub fields: dataset::Fields,
    /// How summaries and references are cut into tokens for ROUGE (stemming is always on):
    /// rouge-score's rules by default, [`Tokenizer::Unicode`] for other languages.
    pub tokenizer: Tokenizer,
}

/// One evaluated article.
#[derive(Debug, Clone)]
pub struct DocResult {
    /// Input line number (1-based).
    pub line: u64,
    /// The record id.
    pub id: Value,
    /// Its source.
    pub source: Source,
    /// Indices of the selected sentences in precis's segmentation of the article.
    pub selected: Vec<usize>,
    /// The summary: the selected sentences joined by newlines.
    pub summary: String,
    /// ROUGE-1, ROUGE-2, ROUGE-L, ROUGE-Lsum against the highlights.
    pub scores: [Score; 4],
    /// Number of sentences of the article.
    pub sentences: usize,
}

/// An evaluation run: per-document outcomes in input order.
pub struct Run {
    /// Per-document scores of the good records.
    pub docs: Vec<DocScores>,
    /// `(line, error)` of the records that could not be evaluated.
    pub errors: Vec<(u64, RecordError)>,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// The tokenizer ROUGE was computed with.
    pub tokenizer: Tokenizer,
}

impl Run {
    /// The report for this run.
    pub fn report(&self, name: &str) -> Report {
        Report::new(name, &self.docs, self.errors.len(), self.seconds).scored_with(self.tokenizer)
    }
}

fn scorer(tokenizer: Tokenizer) -> RougeScorer {
    RougeScorer::new(&RougeType::STANDARD)
        .tokenizer(tokenizer)
        .stemming(true)
}

/// Evaluates one parsed article.
pub fn evaluate(
    mode: &Mode<'_>,
    scorer: &RougeScorer,
    line: u64,
    a: dataset::Article,
) -> DocResult {
    let oracle;
    let summarizer = match mode {
        Mode::Summarize(s) => *s,
        Mode::Oracle(budget) => {
            let selector = Selector {
                budget: *budget,
                ..Default::default()
            };
            oracle = oracle::Oracle::summarizer(&a.highlights, selector);
            &oracle
        }
    };
    let doc = summarizer.parse(&a.article);
    let picked = summarizer.summarize_document(&doc);
    let selected: Vec<usize> = picked.sentences.iter().map(|h| h.index).collect();
    let summary = picked.joined();
    let scores = scorer.score(&a.highlights, &summary);
    let get = |t| scores.get(t).copied().unwrap_or(Score::ZERO);
    DocResult {
        line,
        id: a.id,
        source: a.source,
        selected,
        summary,
        scores: RougeType::STANDARD.map(get),
        sentences: doc.sentences().len(),
    }
}

/// Runs `mode` over every record of `input`; `on_doc` sees each good document in input order
/// (to write summaries or labels).
pub fn run<R: BufRead + Send>(
    input: R,
    mode: &Mode<'_>,
    options: &RunOptions,
    mut on_doc: impl FnMut(&DocResult),
) -> io::Result<Run> {
    let scorer = scorer(options.tokenizer);
    let pipeline_options = Options {
        threads: options.threads,
        max_lines: options.limit,
        stop: options.stop.clone(),
        ..Default::default()
    };
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    let stats = pipeline::run(
        input,
        &pipeline_options,
        |line| {
            dataset::parse_with(line, &options.fields)
                .map(|a| evaluate(mode, &scorer, line.number, a))
        },
        |line, result| match result {
            Ok(Ok(doc)) => {
                on_doc(&doc);
                docs.push(DocScores {
                    source: doc.source,
                    scores: doc.scores,
                });
            }
            Ok(Err(e)) => errors.push((line, e)),
            Err(panicked) => errors.push((
                line,
                RecordError {
                    id: Value::from(line),
                    message: panicked.to_string(),
                },
            )),
        },
    )?;
    Ok(Run {
        docs,
        errors,
        seconds: stats.seconds,
        tokenizer: options.tokenizer,
    })
}
