//! Where the learned default loses ROUGE: for each validation file's *tuning* part and each
//! source, the built-in model's choice beside Lead-3 and the ceiling of its candidate pool (the
//! best candidate summary under each pool setting, scored against the highlights), how often the
//! model picks the pool's best, the lengths it picks against the best ones, and its mean regret.
//!
//! ```sh
//! cargo run --release -p precis-train --example ceiling -- \
//!     ../shared/data/cnndm/validation_lower.jsonl.gz ../shared/data/cnndm/validation_cased.jsonl.gz
//! ```
//!
//! Figures: mean F1 ×100 of ROUGE-1 / ROUGE-2 / ROUGE-Lsum per source (not the mix).

use std::path::PathBuf;

use precis_core::Strategy;
use precis_core::analyze::{Analysis, WordPipeline};
use precis_core::rate::learned::candidates::{Space, enumerate};
use precis_core::rate::{Learned, Rater};
use precis_eval::dataset::Source;
use precis_rouge::{RougeScorer, RougeType};
use precis_train::candidates::summary_text;
use precis_train::corpus::Part;
use precis_train::evaluate::EvalSet;
use rayon::prelude::*;

/// Pool settings: (top, min, max).
const POOLS: [(usize, usize, usize); 6] = [
    (4, 1, 4),
    (5, 1, 4),
    (6, 1, 4),
    (6, 2, 3),
    (8, 1, 4),
    (10, 1, 5),
];

/// What one article's figures are.
struct Row {
    source: Source,
    /// [R1, R2, RLsum] of Lead-3, the model's choice, then each pool's ceiling.
    scores: Vec<[f64; 3]>,
    /// Sentences the model picked.
    chosen: usize,
    /// Sentences of the default pool's best candidate.
    best: usize,
    /// Whether the model picked that best candidate.
    picked_best: bool,
}

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let learned = Learned::embedded();
    let own = Rater::selector(&learned).unwrap_or_default();
    let scorer =
        RougeScorer::new(&[RougeType::N(1), RougeType::N(2), RougeType::Lsum]).stemming(true);
    let pipeline = WordPipeline::default();
    for path in &args {
        let set = EvalSet::load(path, Some(Part::Tuning), Rater::horizon(&learned)).unwrap();
        let rows: Vec<Row> = set
            .docs
            .par_iter()
            .map(|d| {
                let analysis = Analysis::new(&d.doc, &pipeline);
                let score = |set: &[usize]| -> [f64; 3] {
                    let r = scorer.score(&d.highlights, &summary_text(&d.doc, set));
                    let f: Vec<f64> = r.iter().map(|(_, s)| 100.0 * s.fmeasure).collect();
                    [f[0], f[1], f[2]]
                };
                let lead: Vec<usize> = analysis.content().iter().copied().take(3).collect();
                let choice = Strategy::choose(&learned, &analysis, &own).picked;
                let mut out = vec![score(&lead), score(&choice)];
                let scores = Rater::rate(&learned, &analysis);
                let (mut best_size, mut is_best) = (0, false);
                for (top, min, max) in POOLS {
                    let space = Space {
                        top,
                        min,
                        max,
                        words: None,
                        trigram: true,
                    };
                    let found = enumerate(&analysis, &scores, &space);
                    let mut best = ([0.0; 3], 0usize, f64::NEG_INFINITY);
                    for (k, s) in found.sets.iter().enumerate() {
                        let f = score(s);
                        let objective = f.iter().sum::<f64>();
                        if objective > best.2 {
                            best = (f, k, objective);
                        }
                    }
                    if (top, min, max) == (6, 1, 4) {
                        if let Some(s) = found.sets.get(best.1) {
                            best_size = s.len();
                            is_best = *s == choice;
                        }
                    }
                    out.push(best.0);
                }
                Row {
                    source: d.source,
                    scores: out,
                    chosen: choice.len(),
                    best: best_size,
                    picked_best: is_best,
                }
            })
            .collect();
        for source in [Source::Cnn, Source::DailyMail] {
            let docs: Vec<_> = rows.iter().filter(|r| r.source == source).collect();
            if docs.is_empty() {
                continue;
            }
            let n = docs.len() as f64;
            let mean = |k: usize| -> [f64; 3] {
                std::array::from_fn(|m| docs.iter().map(|r| r.scores[k][m]).sum::<f64>() / n)
            };
            println!(
                "\n### {} — {:?}, {} articles\n",
                set.name,
                source,
                docs.len()
            );
            println!("| system | R1 | R2 | RLsum |\n| --- | ---: | ---: | ---: |");
            let mut names = vec!["Lead-3".to_owned(), "default (built-in)".to_owned()];
            names.extend(
                POOLS
                    .iter()
                    .map(|(t, a, b)| format!("pool ceiling: top {t}, {a}–{b} sentences")),
            );
            for (k, name) in names.iter().enumerate() {
                let m = mean(k);
                println!("| {name} | {:.2} | {:.2} | {:.2} |", m[0], m[1], m[2]);
            }
            let picked_best = docs.iter().filter(|r| r.picked_best).count() as f64 / n;
            let regret = docs
                .iter()
                .map(|r| (r.scores[4].iter().sum::<f64>() - r.scores[1].iter().sum::<f64>()) / 3.0)
                .sum::<f64>()
                / n;
            println!(
                "\npicks the best of its pool (top 6, 1–4) in {:.1}% of articles; mean regret {regret:.2} (mean of R1, R2, RLsum)",
                100.0 * picked_best
            );
            let mut table = [[0usize; 6]; 6];
            for r in &docs {
                table[r.chosen.min(5)][r.best.min(5)] += 1;
            }
            println!(
                "\n| chosen size \\ best size | 1 | 2 | 3 | 4 |\n| --- | ---: | ---: | ---: | ---: |"
            );
            for (size, row) in table.iter().enumerate().skip(1).take(4) {
                println!(
                    "| {size} | {} | {} | {} | {} |",
                    row[1], row[2], row[3], row[4]
                );
            }
        }
    }
}
