//! The measurements behind the candidate model's settings (how many best-rated sentences, which
//! lengths, which features, how many trees), each judged by ROUGE on the *tuning* parts of the
//! validation files with the built-in sentence model, next to that model's sentence-by-sentence
//! policy (`learned-v1`).
//!
//! ```sh
//! cargo run --release -p precis-train --example candidates -- \
//!     ../shared/data/cnndm/train_lower.jsonl.gz \
//!     ../shared/data/cnndm/validation_lower.jsonl.gz ../shared/data/cnndm/validation_cased.jsonl.gz
//! ```
//!
//! `LIMIT=N` trains on N articles spread over the file; `VARIANTS=default,grid,objective,ablation,trees`
//! picks what to run (default: `grid,ablation,trees`); `VARIANTS=blend` fits the centred and
//! listwise models once on the same candidates (listwise at each temperature of
//! `TEMPERATURES=3,10`, its booster set by `LW_TREES`, `LW_DEPTH`, `LW_RATE`, `LW_LEAF`; the
//! space by `TOP`, `MIN`, `MAX`) and scores blends of the two (`SAVE=dir` keeps the listwise
//! models); `VARIANTS=standard` adds the centred regression on per-story standardized labels.
//! `FOLDS=N` sets the cross-fitting folds (3). For `blend` and `standard` also: `SHARES=0.25,0.5,0.75`
//! (the listwise shares of the blends), `CT_TREES`, `CT_DEPTH`, `CT_RATE` (the centred booster),
//! `WITHOUT=a,b` (candidate features left out), `LABEL_WEIGHTS=1,1,1` (the weights of ROUGE-1, -2
//! and -Lsum in the labels), `DM_WEIGHT=k` (each Daily Mail story's candidates counted k times) and
//! `NO_TRIGRAM=1` (candidates, and the choice among them, without trigram blocking). The
//! measurements are in bench/learned/FINDINGS.md.

use std::time::Instant;

use precis_core::rate::Learned;
use precis_core::rate::learned::DEFAULT_MODEL;
use precis_core::rate::learned::candidates::CANDIDATE_FEATURES;
use precis_core::rate::learned::model::CandidatesFile;
use precis_core::rate::learned::model::{Model, ModelFile};
use precis_core::strategy::RateThenSelect;
use precis_train::candidates::{self, CandidateData, CandidateOptions};
use precis_train::corpus::Part;
use precis_train::evaluate::{self, EvalSet};
use precis_train::{Params, TrainOptions};

mod common;
use common::env;

fn main() {
    let (train, tune) = common::train_and_tune("candidates");
    let which = std::env::var("VARIANTS").unwrap_or_else(|_| "grid,ablation,trees".into());
    let options = TrainOptions {
        data: train.clone(),
        limit: common::env_opt("LIMIT"),
        ..TrainOptions::default()
    };
    let started = Instant::now();
    let mut log = |line: &str| eprintln!("[{:6.1} s] {line}", started.elapsed().as_secs_f64());
    let prepared = precis_train::prepare(&options, &mut log).unwrap();
    let base: ModelFile = serde_json::from_slice(DEFAULT_MODEL).unwrap();
    let selection = base.selection.selector();
    let sets: Vec<EvalSet> = tune
        .iter()
        .map(|p| EvalSet::load(p, Some(Part::Tuning), options.horizon).unwrap())
        .collect();
    let folds = std::env::var("FOLDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let scores = candidates::fold_scores(&prepared, &options, folds, &mut log).unwrap();

    let report = |name: &str, figures: &[(String, [f64; 4])]| {
        let objective = figures
            .iter()
            .map(|(_, f)| evaluate::objective(f))
            .sum::<f64>()
            / figures.len() as f64;
        let cells: Vec<String> = figures
            .iter()
            .map(|(_, f)| format!("{:.2} {:.2} {:.2}", f[0], f[1], f[3]))
            .collect();
        println!("| {name} | {objective:.2} | {} |", cells.join(" | "));
    };
    println!("| variant | objective | lower R1 R2 RLsum | cased R1 R2 RLsum |");
    println!("| --- | ---: | --- | --- |");
    let v1 = RateThenSelect::new(Box::new(Learned::embedded()));
    report("learned-v1", &candidates::evaluate(&sets, &v1, &selection));

    let judge = |name: &str, file: CandidatesFile| {
        let mut model = base.clone();
        model.candidates = Some(file);
        let learned = Learned::from_model(Model::compile(model).unwrap());
        // NO_TRIGRAM: candidates (and the choice among them) without trigram blocking.
        let mut judged = selection;
        if std::env::var("NO_TRIGRAM").is_ok() {
            judged.redundancy = precis_core::Redundancy::None;
        }
        report(name, &candidates::evaluate(&sets, &learned, &judged));
    };
    let run = |name: String, c: &CandidateOptions| {
        let data = candidates::build(
            &prepared,
            &options,
            &scores,
            &candidates::space(c, &selection),
        );
        let file = candidates::fit(&data, c).unwrap();
        judge(&name, file);
        log(&format!("{name}: {} candidates", data.labels.len()));
    };
    // The variants below change one thing of the centred regression (the default until the
    // blend below was measured).
    let default = CandidateOptions {
        objective: candidates::Objective::Centred,
        ..CandidateOptions::default()
    };
    if which.contains("blend") || which.contains("standard") {
        // One candidate set, several fits on it: per-story standardized labels, listwise at the
        // temperatures of TEMPERATURES, and blends of the centred and listwise scores.
        // TOP, MIN and MAX set the candidate space; LW_* the listwise booster.
        let default = CandidateOptions {
            top: env("TOP", default.top),
            min: env("MIN", default.min),
            max: env("MAX", default.max),
            params: Params {
                trees: env("CT_TREES", default.params.trees),
                depth: env("CT_DEPTH", default.params.depth),
                learning_rate: env("CT_RATE", default.params.learning_rate),
                ..default.params
            },
            without: std::env::var("WITHOUT")
                .map(|w| w.split(',').map(str::to_owned).collect())
                .unwrap_or_default(),
            ..default.clone()
        };
        let mut space = candidates::space(&default, &selection);
        space.trigram &= std::env::var("NO_TRIGRAM").is_err();
        let weights: Vec<f64> = std::env::var("LABEL_WEIGHTS")
            .unwrap_or_else(|_| "1,1,1".into())
            .split(',')
            .filter_map(|w| w.parse().ok())
            .collect();
        let weights: [f64; 3] = match <[f64; 3]>::try_from(weights) {
            Ok(w) if w.iter().all(|x| *x >= 0.0) && w.iter().sum::<f64>() > 0.0 => w,
            _ => {
                eprintln!(
                    "LABEL_WEIGHTS takes three numbers, not negative and not all 0: ROUGE-1, ROUGE-2, ROUGE-Lsum"
                );
                std::process::exit(2);
            }
        };
        let data = candidates::build_weighted(&prepared, &options, &scores, &space, weights);
        let data = match env("DM_WEIGHT", 1usize) {
            1 => data,
            k => repeat_daily_mail(&data, &prepared.articles, k),
        };
        log(&format!("{} candidates", data.labels.len()));
        let centred = candidates::fit(&data, &default).unwrap();
        judge("centred", centred.clone());
        if which.contains("standard") {
            let standard = CandidateData {
                labels: standardized(&data.labels, &data.stories),
                rows: data.rows.clone(),
                stories: data.stories.clone(),
            };
            judge(
                "centred, standardized per story",
                candidates::fit(&standard, &default).unwrap(),
            );
        }
        if which.contains("blend") {
            let temperatures: Vec<f64> = std::env::var("TEMPERATURES")
                .unwrap_or_else(|_| "3,10".into())
                .split(',')
                .filter_map(|t| t.parse().ok())
                .collect();
            for temperature in temperatures {
                let c = CandidateOptions {
                    objective: candidates::Objective::Listwise { temperature },
                    params: Params {
                        min_leaf_weight: env("LW_LEAF", 5.0),
                        trees: env("LW_TREES", default.params.trees),
                        depth: env("LW_DEPTH", default.params.depth),
                        learning_rate: env("LW_RATE", default.params.learning_rate),
                        ..default.params
                    },
                    ..default.clone()
                };
                let listwise = candidates::fit(&data, &c).unwrap();
                log(&format!("listwise T={temperature} fitted"));
                if let Ok(dir) = std::env::var("SAVE") {
                    let path = format!("{dir}/listwise-{temperature}.json");
                    std::fs::write(&path, serde_json::to_vec(&listwise).unwrap()).unwrap();
                }
                judge(&format!("listwise, T {temperature}"), listwise.clone());
                let shares: Vec<f64> = std::env::var("SHARES")
                    .unwrap_or_else(|_| "0.25,0.5,0.75".into())
                    .split(',')
                    .filter_map(|w| w.parse().ok())
                    .collect();
                for &w in &shares {
                    judge(
                        &format!(
                            "blend: {:.2} centred + {w} listwise T {temperature}",
                            1.0 - w
                        ),
                        CandidatesFile {
                            trees: precis_train::booster::blend(
                                &centred.trees,
                                1.0 - w,
                                &listwise.trees,
                                w * temperature,
                            ),
                            ..centred.clone()
                        },
                    );
                }
            }
        }
    }
    if which.contains("default") {
        run("default".into(), &default);
    }
    if which.contains("grid") {
        for (top, min, max) in [
            (6, 1, 4),
            (6, 2, 3),
            (6, 2, 4),
            (5, 1, 4),
            (8, 1, 4),
            (7, 1, 4),
        ] {
            let c = CandidateOptions {
                top,
                min,
                max,
                ..default.clone()
            };
            run(format!("top {top}, {min}–{max} sentences"), &c);
        }
    }
    if which.contains("ablation") {
        let groups: [(&str, &[&str]); 6] = [
            (
                "ratings",
                &[
                    "score_sum",
                    "score_min",
                    "score_max",
                    "score_mean",
                    "rank_sum",
                    "rank_max",
                    "excluded_best",
                ],
            ),
            (
                "positions",
                &[
                    "position_first",
                    "position_mean",
                    "position_last",
                    "includes_lead",
                ],
            ),
            (
                "length",
                &[
                    "words_total",
                    "words_min",
                    "words_max",
                    "words_share",
                    "story_words",
                ],
            ),
            ("redundancy", &["overlap_max", "distinct_term_ratio"]),
            (
                "coverage",
                &[
                    "frequent_term_coverage",
                    "frequent_bigram_coverage",
                    "story_f1",
                ],
            ),
            (
                "story",
                &[
                    "rated_sentences",
                    "above_25",
                    "above_40",
                    "size_minus_above_25",
                    "lead_score",
                ],
            ),
        ];
        for (name, features) in groups {
            let c = CandidateOptions {
                without: features.iter().map(|s| (*s).to_owned()).collect(),
                ..default.clone()
            };
            run(format!("− {name}"), &c);
        }
        let _ = CANDIDATE_FEATURES;
    }
    if which.contains("objective") {
        for (temperature, min_leaf_weight, learning_rate) in [(1.0, 5.0, 0.1), (3.0, 5.0, 0.1)] {
            let c = CandidateOptions {
                objective: candidates::Objective::Listwise { temperature },
                params: Params {
                    min_leaf_weight,
                    learning_rate,
                    ..default.params
                },
                ..default.clone()
            };
            run(
                format!(
                    "listwise, temperature {temperature}, min leaf {min_leaf_weight}, rate {learning_rate}"
                ),
                &c,
            );
        }
    }
    if which.contains("trees") {
        for (trees, depth, learning_rate) in
            [(50, 5, 0.2), (200, 5, 0.05), (100, 6, 0.1), (100, 4, 0.1)]
        {
            let c = CandidateOptions {
                params: Params {
                    trees,
                    depth,
                    learning_rate,
                    ..default.params
                },
                ..default.clone()
            };
            run(format!("{trees} × {depth}, {learning_rate}"), &c);
        }
    }
}

/// `data` with each Daily Mail story's candidates repeated `k` times (a story weight of `k`).
fn repeat_daily_mail(
    data: &CandidateData,
    articles: &[precis_eval::dataset::Article],
    k: usize,
) -> CandidateData {
    let w = precis_core::rate::learned::candidates::CANDIDATE_WIDTH;
    let mut out = CandidateData {
        rows: Vec::new(),
        labels: Vec::new(),
        stories: Vec::new(),
    };
    let mut start = 0;
    for (a, &n) in articles.iter().zip(&data.stories) {
        let times = if a.source == precis_eval::dataset::Source::DailyMail {
            k
        } else {
            1
        };
        for _ in 0..times {
            out.stories.push(n);
            out.rows
                .extend_from_slice(&data.rows[start * w..(start + n) * w]);
            out.labels.extend_from_slice(&data.labels[start..start + n]);
        }
        start += n;
    }
    out
}

/// Labels divided by their story's standard deviation (stories with equal labels stay 0).
fn standardized(labels: &[f64], stories: &[usize]) -> Vec<f64> {
    let mut out = Vec::with_capacity(labels.len());
    let mut start = 0;
    for &n in stories {
        let story = &labels[start..start + n];
        start += n;
        let mean = story.iter().sum::<f64>() / n.max(1) as f64;
        let sd = (story.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / n.max(1) as f64).sqrt();
        out.extend(
            story
                .iter()
                .map(|l| if sd > 1e-9 { (l - mean) / sd } else { 0.0 }),
        );
    }
    out
}
