//! The measurements behind the learned model's design choices: labels (oracle, gain, mixed),
//! booster size, and gradient-boosted trees against a linear model (linfa-logistic), each judged
//! by ROUGE on the tuning parts of validation files after its own policy search, next to Lead-3
//! on the same articles.
//!
//! ```sh
//! cargo run --release -p precis-train --example experiment -- \
//!     ../shared/data/cnndm/train_lower.jsonl.gz \
//!     ../shared/data/cnndm/validation_lower.jsonl.gz ../shared/data/cnndm/validation_cased.jsonl.gz
//! ```
//!
//! `EXPERIMENTS=labels,size,linear` picks what to run (default: all); `LIMIT=N` trains on N
//! articles spread over the file.

use std::time::Instant;

use linfa::prelude::*;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use precis_core::analyze::Analysis;
use precis_core::rate::learned::features::{self, FEATURE_COUNT, FeatureSet};
use precis_core::rate::learned::model::{CorpusIdf, Model};
use precis_core::rate::{Lead, Learned, Rater};
use precis_core::{Budget, Redundancy, Selector};
use precis_train::corpus::Part;
use precis_train::evaluate::{self, EvalSet};
use precis_train::{LabelKind, Params, TrainOptions};

mod common;

fn main() {
    let which = std::env::var("EXPERIMENTS").unwrap_or_else(|_| "labels,size,linear".into());
    let options = common::options("experiment");
    let started = Instant::now();
    let prepared = precis_train::prepare(&options, &mut |l| eprintln!("{l}")).unwrap();
    let sets = precis_train::load_sets(&options.tune, Some(Part::Tuning), options.horizon).unwrap();
    let candidates = evaluate::candidate_policies();

    let lead = Selector {
        budget: Budget::Sentences(3),
        redundancy: Redundancy::None,
    };
    for set in &sets {
        let figures = set.evaluate(&set.rate(&Lead), &[lead])[0];
        print_row("lead-3", &set.name, figures, "3 sentences");
    }

    let run = |name: &str, rater: &dyn Rater, seconds: f64| {
        let rated: Vec<(&EvalSet, Vec<Vec<f64>>)> =
            sets.iter().map(|s| (s, s.rate(rater))).collect();
        let tuned = evaluate::tune(&rated, &candidates);
        for (set, f) in &tuned.figures {
            print_row(name, set, *f, &format!("{} [{seconds:.0} s]", tuned.policy));
        }
    };
    let gbdt = |labels: LabelKind, params: Params| {
        let t = Instant::now();
        let opts = TrainOptions {
            labels,
            params,
            ..options.clone()
        };
        let file = precis_train::fit(&prepared, &opts, precis_train::default_selection()).unwrap();
        let model = Model::from_json(&precis_train::to_bytes(&file)).unwrap();
        (Learned::from_model(model), t.elapsed().as_secs_f64())
    };
    if which.contains("labels") {
        for labels in [LabelKind::Oracle, LabelKind::Gain, LabelKind::Mixed] {
            let (rater, s) = gbdt(labels, Params::default());
            run(&format!("gbdt {}", labels.name()), &rater, s);
        }
    }
    if which.contains("size") {
        for (trees, depth, learning_rate) in [
            (100, 6, 0.2),
            (150, 6, 0.15),
            (200, 5, 0.15),
            (500, 6, 0.06),
        ] {
            let params = Params {
                trees,
                depth,
                learning_rate,
                ..Params::default()
            };
            let (rater, s) = gbdt(LabelKind::Oracle, params);
            run(
                &format!("gbdt {trees}×d{depth} lr {learning_rate}"),
                &rater,
                s,
            );
        }
    }
    if which.contains("linear") {
        let t = Instant::now();
        let rater = linear(&prepared);
        run("logistic regression", &rater, t.elapsed().as_secs_f64());
    }
    eprintln!("done in {:.0} s", started.elapsed().as_secs_f64());
}

fn print_row(name: &str, set: &str, f: [f64; 4], policy: &str) {
    println!(
        "{name:<28} {set:<38} R1 {:>6.2} R2 {:>6.2} RL {:>6.2} RLsum {:>6.2}  {policy}",
        f[0], f[1], f[2], f[3]
    );
}

/// Logistic regression (linfa-logistic, L-BFGS) on standardized features, oracle labels.
fn linear(prepared: &precis_train::Prepared) -> LinearRater {
    let data = &prepared.data;
    let n = data.len();
    let mut mean = vec![0.0; FEATURE_COUNT];
    let mut scale = vec![0.0; FEATURE_COUNT];
    for row in data.rows.chunks_exact(FEATURE_COUNT) {
        for (m, v) in mean.iter_mut().zip(row) {
            *m += v / n as f64;
        }
    }
    for row in data.rows.chunks_exact(FEATURE_COUNT) {
        for ((s, m), v) in scale.iter_mut().zip(&mean).zip(row) {
            *s += (v - m) * (v - m) / n as f64;
        }
    }
    scale.iter_mut().for_each(|s| *s = s.sqrt().max(1e-9));
    let x = Array2::from_shape_fn((n, FEATURE_COUNT), |(r, c)| {
        (data.rows[r * FEATURE_COUNT + c] - mean[c]) / scale[c]
    });
    let y: Array1<bool> = data.oracle.iter().map(|&l| l > 0.5).collect();
    let fitted = LogisticRegression::default()
        .max_iterations(200)
        .fit(&Dataset::new(x, y))
        .unwrap();
    // linfa orders the classes itself: the "positive" class may be `false`.
    let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
    LinearRater {
        weights: fitted.params().iter().map(|w| sign * w).collect(),
        bias: sign * fitted.intercept(),
        mean,
        scale,
        idf: CorpusIdf::from_file(&prepared.idf).unwrap(),
    }
}

struct LinearRater {
    weights: Vec<f64>,
    bias: f64,
    mean: Vec<f64>,
    scale: Vec<f64>,
    idf: CorpusIdf,
}

impl Rater for LinearRater {
    fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64> {
        let rows = features::extract(analysis, &self.idf, FeatureSet::all());
        let mut scores = vec![0.0; analysis.len()];
        for (k, &i) in rows.sentences.iter().enumerate() {
            let z: f64 = rows
                .row(k)
                .iter()
                .enumerate()
                .map(|(c, v)| (v - self.mean[c]) / self.scale[c] * self.weights[c])
                .sum::<f64>()
                + self.bias;
            scores[i] = 1.0 / (1.0 + (-z).exp());
        }
        scores
    }
}
