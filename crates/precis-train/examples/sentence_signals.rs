//! Two sentence signals the default model does not have, measured before building them into the
//! feature catalogue (bench/learned/FINDINGS.md, §5):
//!
//! - `salience`: a learned prior of each word, P(stem in the highlights | stem in the article),
//!   counted over the training articles (leave one out: a training article's own highlights never
//!   count for its own features), smoothed towards the mean by `ALPHA` (10) articles; a sentence
//!   gets the mean, maximum and sum of its distinct stems' priors, the sum weighted by
//!   ln(1 + frequency in the story), the sum relative to the story's best sentence, the number of
//!   stems above 0.4 and its rank in the story;
//! - `relative`: four features of the catalogue (similarity to the opening, coverage of the top
//!   terms, mean term frequency, words) against the story's other sentences: minus the story's
//!   maximum, and the rank in the story.
//!
//! Each is judged with the sentence-by-sentence policy search (`learned-v1`'s recipe) on the
//! tuning parts of the validation files, next to the same model without it (`base`). To avoid
//! changing the catalogue for a measurement, a signal's eight values go into the columns of
//! four groups the default model does not read (corpus IDF, discourse, novelty), which the
//! variant then switches on.
//!
//! ```sh
//! cargo run --release -p precis-train --example sentence_signals -- \
//!     ../shared/data/cnndm/train_lower.jsonl.gz \
//!     ../shared/data/cnndm/validation_lower.jsonl.gz ../shared/data/cnndm/validation_cased.jsonl.gz
//! ```
//!
//! `VARIANTS=base,salience,relative` (default: all), `LIMIT=N`, `ALPHA=x`.

use std::time::Instant;

use precis_core::Document;
use precis_core::analyze::{Analysis, WordPipeline};
use precis_core::rate::learned::features::{self, FEATURE_COUNT, Group};
use precis_core::rate::learned::model::Model;
use precis_core::rate::{Learned, Rater};
use precis_train::corpus::Part;
use precis_train::evaluate::{self, EvalSet};
use precis_train::{Params, TrainOptions};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

/// The catalogue columns a signal writes to: corpus IDF (4), discourse (2), novelty (2).
const SPARE: [usize; 8] = [28, 29, 30, 31, 32, 33, 16, 17];
/// The columns `relative` reads: similarity_lead, top_term_coverage, mean_term_frequency, words.
const RELATIVE_TO: [usize; 4] = [11, 13, 14, 3];

#[derive(Clone, Copy, PartialEq)]
enum Signal {
    Salience,
    Relative,
}

/// Per stem: (articles with the stem in article and highlights, articles with it in the article).
struct Salience {
    counts: FxHashMap<String, (u32, u32)>,
    prior: f64,
    alpha: f64,
}

impl Salience {
    /// The prior of `stem`; `own` is `Some(in its highlights)` for a training article that
    /// counted it, whose own count is then left out.
    fn get(&self, stem: &str, own: Option<bool>) -> f64 {
        let (mut both, mut seen) = self.counts.get(stem).copied().unwrap_or((0, 0));
        if let Some(in_highlights) = own {
            seen = seen.saturating_sub(1);
            both = both.saturating_sub(u32::from(in_highlights));
        }
        (f64::from(both) + self.alpha * self.prior) / (f64::from(seen) + self.alpha)
    }
}

fn stems(text: &str, pipeline: &WordPipeline) -> FxHashSet<String> {
    let doc = Document::parse(text);
    Analysis::new(&doc, pipeline)
        .vocabulary()
        .iter()
        .cloned()
        .collect()
}

/// The stems of `analysis` that some content sentence uses.
fn used_stems(analysis: &Analysis<'_>) -> Vec<String> {
    analysis
        .vocabulary()
        .iter()
        .zip(analysis.sentence_frequency())
        .filter(|&(_, &sf)| sf > 0)
        .map(|(t, _)| t.clone())
        .collect()
}

/// Writes the salience columns of the rows of `sentences`, `prior` given per term id.
fn write_salience(analysis: &Analysis<'_>, sentences: &[usize], prior: &[f64], values: &mut [f64]) {
    let tf = analysis.term_frequency();
    let mut sums = Vec::with_capacity(sentences.len());
    let mut weighted = Vec::with_capacity(sentences.len());
    for (r, &i) in sentences.iter().enumerate() {
        let counts = analysis.term_counts(i);
        let p = || counts.iter().map(|&(t, _)| prior[t as usize]);
        let sum: f64 = p().sum();
        let w: f64 = counts
            .iter()
            .map(|&(t, _)| prior[t as usize] * (1.0 + f64::from(tf[t as usize])).ln())
            .sum();
        let v = &mut values[r * FEATURE_COUNT..(r + 1) * FEATURE_COUNT];
        v[SPARE[0]] = sum / counts.len().max(1) as f64;
        v[SPARE[1]] = p().fold(0.0, f64::max);
        v[SPARE[2]] = sum;
        v[SPARE[4]] = w;
        v[SPARE[6]] = p().filter(|&x| x > 0.4).count() as f64;
        sums.push(sum);
        weighted.push(w);
    }
    let best = sums.iter().copied().fold(0.0, f64::max).max(1e-9);
    let best_weighted = weighted.iter().copied().fold(0.0, f64::max).max(1e-9);
    for r in 0..sentences.len() {
        let v = &mut values[r * FEATURE_COUNT..(r + 1) * FEATURE_COUNT];
        v[SPARE[3]] = sums[r] / best;
        v[SPARE[5]] = weighted[r] / best_weighted;
        v[SPARE[7]] = sums.iter().filter(|&&x| x > sums[r]).count() as f64;
    }
}

/// Writes the relative columns of one story's rows.
fn write_relative(values: &mut [f64]) {
    let n = values.len() / FEATURE_COUNT;
    for (b, &c) in RELATIVE_TO.iter().enumerate() {
        let column: Vec<f64> = (0..n).map(|r| values[r * FEATURE_COUNT + c]).collect();
        let max = column.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        for r in 0..n {
            values[r * FEATURE_COUNT + SPARE[2 * b]] = column[r] - max;
            values[r * FEATURE_COUNT + SPARE[2 * b + 1]] =
                column.iter().filter(|&&x| x > column[r]).count() as f64;
        }
    }
}

/// The model of a variant, rating validation stories with the signal written in.
struct WithSignal {
    model: Learned,
    signal: Signal,
    salience: std::sync::Arc<Salience>,
}

impl Rater for WithSignal {
    fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64> {
        let model = self.model.model();
        let mut rows = features::extract(analysis, model.idf(), model.needs());
        match self.signal {
            Signal::Salience => {
                let prior: Vec<f64> = analysis
                    .vocabulary()
                    .iter()
                    .map(|t| self.salience.get(t, None))
                    .collect();
                write_salience(analysis, &rows.sentences, &prior, &mut rows.values);
            }
            Signal::Relative => write_relative(&mut rows.values),
        }
        model.rate_rows(&rows, analysis.len())
    }
}

mod common;

fn main() {
    let which = std::env::var("VARIANTS").unwrap_or_else(|_| "base,salience,relative".into());
    let alpha: f64 = common::env("ALPHA", 10.0);
    let options = common::options("sentence_signals");
    let started = Instant::now();
    let mut log = |line: &str| eprintln!("[{:6.1} s] {line}", started.elapsed().as_secs_f64());
    let prepared = precis_train::prepare(&options, &mut log).unwrap();
    let sets = precis_train::load_sets(&options.tune, Some(Part::Tuning), options.horizon).unwrap();
    let policies = evaluate::candidate_policies();
    let pipeline = WordPipeline::default();

    // The salience counts, over the stories as the model reads them (its horizon).
    let per_article: Vec<(Vec<String>, FxHashSet<String>)> = prepared
        .articles
        .par_iter()
        .map(|a| {
            let doc = precis_train::parse(&a.article, options.horizon);
            let analysis = Analysis::new(&doc, &pipeline);
            (used_stems(&analysis), stems(&a.highlights, &pipeline))
        })
        .collect();
    let mut counts: FxHashMap<String, (u32, u32)> = FxHashMap::default();
    let (mut both, mut seen) = (0u64, 0u64);
    for (article, highlights) in &per_article {
        for t in article {
            let e = counts.entry(t.clone()).or_insert((0, 0));
            e.1 += 1;
            seen += 1;
            if highlights.contains(t) {
                e.0 += 1;
                both += 1;
            }
        }
    }
    let salience = std::sync::Arc::new(Salience {
        counts,
        prior: both as f64 / seen.max(1) as f64,
        alpha,
    });
    log(&format!(
        "salience of {} stems, mean prior {:.3}",
        salience.counts.len(),
        salience.prior
    ));

    let base = precis_train::default_groups();
    let variants = [
        ("base", None),
        ("salience", Some(Signal::Salience)),
        ("relative", Some(Signal::Relative)),
    ];
    for (name, signal) in variants {
        if !which.split(',').any(|w| w == name) {
            continue;
        }
        let mut data = prepared.data.clone();
        if let Some(signal) = signal {
            let written: Vec<Vec<f64>> = prepared
                .articles
                .par_iter()
                .zip(&per_article)
                .map(|(a, (_, highlights))| {
                    let doc = precis_train::parse(&a.article, options.horizon);
                    let analysis = Analysis::new(&doc, &pipeline);
                    let mut rows = features::extract(&analysis, &Default::default(), base);
                    match signal {
                        Signal::Salience => {
                            let prior: Vec<f64> = analysis
                                .vocabulary()
                                .iter()
                                .zip(analysis.sentence_frequency())
                                .map(|(t, &sf)| {
                                    salience.get(t, (sf > 0).then(|| highlights.contains(t)))
                                })
                                .collect();
                            write_salience(&analysis, &rows.sentences, &prior, &mut rows.values);
                        }
                        Signal::Relative => write_relative(&mut rows.values),
                    }
                    rows.values
                })
                .collect();
            let mut at = 0;
            for (d, values) in written.iter().enumerate() {
                let n = data.doc_rows[d];
                assert_eq!(
                    values.len(),
                    n * FEATURE_COUNT,
                    "the same rows as the dataset"
                );
                for r in 0..n {
                    for &c in &SPARE {
                        data.rows[(at + r) * FEATURE_COUNT + c] = values[r * FEATURE_COUNT + c];
                    }
                }
                at += n;
            }
        }
        let groups = match signal {
            None => base,
            Some(_) => base
                .with(Group::CorpusIdf)
                .with(Group::Discourse)
                .with(Group::Novelty),
        };
        let opts = TrainOptions {
            groups,
            params: Params::default(),
            ..options.clone()
        };
        let variant = precis_train::Prepared {
            idf: prepared.idf.clone(),
            data,
            documents: prepared.documents,
            articles: Vec::new(),
        };
        let file = precis_train::fit(&variant, &opts, precis_train::default_selection()).unwrap();
        let model = Learned::from_model(Model::from_json(&precis_train::to_bytes(&file)).unwrap());
        let rater: Box<dyn Rater> = match signal {
            None => Box::new(model),
            Some(signal) => Box::new(WithSignal {
                model,
                signal,
                salience: salience.clone(),
            }),
        };
        let rated: Vec<(&EvalSet, Vec<Vec<f64>>)> =
            sets.iter().map(|s| (s, s.rate(rater.as_ref()))).collect();
        let tuned = evaluate::tune(&rated, &policies);
        for (set, f) in &tuned.figures {
            println!(
                "{name:<9} {set:<38} R1 {:.2} R2 {:.2} RLsum {:.2}  {}",
                f[0], f[1], f[3], tuned.policy
            );
        }
        log(&format!("{name} done"));
    }
}
