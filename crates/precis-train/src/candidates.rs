//! The candidate model: regression trees that score whole candidate summaries
//! ([`precis_core::rate::learned::candidates`]) by their ROUGE against the highlights.
//!
//! 1. **Cross-fitting** ([`fold_scores`]): the training articles are dealt into `folds` folds by
//!    their order; each fold is rated by a sentence model fitted on the other folds, so that the
//!    candidate features see ratings as the engine produces them on unseen stories, not the
//!    over-confident ratings of a model on its own training data.
//! 2. **Labels**: each candidate's mean ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 against the highlights
//!    (the objective the policy search maximizes), minus the mean over the story's candidates:
//!    per-story centred regression, so the trees learn which candidate of a story is better, not
//!    which stories are easy.
//! 3. **Trees** ([`fit`], forust-ml, exported with the identity link): by default a blend
//!    ([`Objective::Blend`]) of the centred regression (squared loss: the expected quality of a
//!    candidate) and a listwise softmax over each story's candidates against
//!    `softmax(label / 5)` (which candidate is best), scores added with weights 0.3 and 0.7. On
//!    the tuning parts of validation the blend beat either alone; the figures and the command
//!    are in bench/learned/FINDINGS.md.
//!
//! Deterministic like the rest of training: folds by order, parallel maps collected in order.

use precis_core::analyze::{Analysis, WordPipeline};
use precis_core::rate::Learned;
use precis_core::rate::learned::candidates::{self, CANDIDATE_FEATURES, CANDIDATE_WIDTH, Space};
use precis_core::rate::learned::model::{CandidatesFile, Model};
use precis_core::strategy::Strategy;
use precis_core::{Rater, Selector};
use precis_rouge::{RougeScorer, RougeType};
use rayon::prelude::*;
use serde::Serialize;

use crate::booster::{self, Params};
use crate::evaluate::EvalSet;
use crate::{Error, Prepared, TrainOptions, columns, default_selection, to_bytes};

/// How to build and fit the candidate model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateOptions {
    /// How many best-rated sentences candidates are made of.
    pub top: usize,
    /// Fewest sentences of a candidate when the caller sets no length.
    pub min: usize,
    /// Most sentences of a candidate when the caller sets no length.
    pub max: usize,
    /// Folds of the cross-fitting.
    pub folds: usize,
    /// Features left out (names of [`CANDIDATE_FEATURES`]), for the ablation.
    pub without: Vec<String>,
    /// Booster parameters.
    pub params: Params,
    /// What the trees fit.
    pub objective: Objective,
}

/// What the candidate trees fit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum Objective {
    /// Each candidate's label minus its story's mean label, squared loss.
    Centred,
    /// A softmax over each story's candidates against `softmax(label / temperature)`
    /// ([`booster::fit_listwise`]).
    Listwise {
        /// Temperature of the target distribution, in label points (ROUGE F1 ×100).
        temperature: f64,
    },
    /// Both of the above, fitted on the same candidates, their scores added:
    /// `(1 − weight) · centred + weight · temperature · listwise`. A listwise score estimates
    /// `label / temperature` up to a per-story constant, so the factor puts both in label points.
    Blend {
        /// Temperature of the listwise part.
        temperature: f64,
        /// Share of the listwise part, from 0 to 1.
        weight: f64,
    },
}

/// The temperature of the listwise part of the default blend (see `examples/candidates.rs`).
pub const DEFAULT_TEMPERATURE: f64 = 5.0;

/// The listwise share of the default blend.
pub const DEFAULT_LISTWISE_SHARE: f64 = 0.7;

/// Largest floor on the hessian sum in a leaf of a listwise tree (the smaller of this and
/// `params.min_leaf_weight`): the hessians of a softmax over a story's 56 candidates are far
/// smaller than a squared loss's 1 per row, so the centred model's 100 would leave the listwise
/// trees a handful of leaves.
pub const LISTWISE_MIN_LEAF_WEIGHT: f32 = 5.0;

impl Default for CandidateOptions {
    fn default() -> Self {
        CandidateOptions {
            top: 6,
            min: 1,
            max: 4,
            folds: 3,
            without: Vec::new(),
            params: Params {
                trees: 100,
                depth: 5,
                learning_rate: 0.1,
                min_leaf_weight: 100.0,
                l2: 1.0,
                bins: 64,
                seed: 0,
            },
            objective: Objective::Blend {
                temperature: DEFAULT_TEMPERATURE,
                weight: DEFAULT_LISTWISE_SHARE,
            },
        }
    }
}

/// Sentence ratings of every training article by a sentence model that did not see it (one
/// vector per article, in the order of `prepared.articles`).
pub fn fold_scores(
    prepared: &Prepared,
    options: &TrainOptions,
    folds: usize,
    log: &mut dyn FnMut(&str),
) -> Result<Vec<Vec<f64>>, Error> {
    let folds = folds.max(2);
    let n = prepared.articles.len();
    let columns = columns(options.groups);
    let mut models = Vec::with_capacity(folds);
    for f in 0..folds {
        let keep: Vec<bool> = (0..n).map(|d| d % folds != f).collect();
        let data = prepared.data.subset(&keep);
        let trees = booster::fit(&data, &columns, options.labels, &options.params)?;
        let file = crate::model_file(prepared, options, &columns, trees, default_selection());
        models.push(Learned::from_model(Model::from_json(&to_bytes(&file))?));
        log(&format!(
            "fold {}/{folds}: sentence model on {} rows",
            f + 1,
            data.len()
        ));
    }
    let pipeline = WordPipeline::default();
    Ok(prepared
        .articles
        .par_iter()
        .enumerate()
        .map(|(d, a)| {
            let doc = crate::parse(&a.article, options.horizon);
            models[d % folds].rate(&Analysis::new(&doc, &pipeline))
        })
        .collect())
}

/// Candidate rows and centred labels of the training articles.
pub struct CandidateData {
    /// Row-major features, [`CANDIDATE_WIDTH`] per row.
    pub rows: Vec<f64>,
    /// Centred labels, one per row.
    pub labels: Vec<f64>,
    /// Rows of each story, in order.
    pub stories: Vec<usize>,
}

/// The candidates of every training article under `space`, with their labels.
pub fn build(
    prepared: &Prepared,
    options: &TrainOptions,
    scores: &[Vec<f64>],
    space: &Space,
) -> CandidateData {
    build_weighted(prepared, options, scores, space, [1.0; 3])
}

/// [`build`] with labels that weigh ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 by `weights` (a weighted
/// mean) instead of equally. The weights must be finite, not negative, and not all 0.
pub fn build_weighted(
    prepared: &Prepared,
    options: &TrainOptions,
    scores: &[Vec<f64>],
    space: &Space,
    weights: [f64; 3],
) -> CandidateData {
    let total: f64 = weights.iter().sum();
    assert!(
        weights.iter().all(|w| w.is_finite() && *w >= 0.0) && total > 0.0,
        "label weights must be finite, not negative and not all 0: {weights:?}"
    );
    let pipeline = WordPipeline::default();
    let scorer =
        RougeScorer::new(&[RougeType::N(1), RougeType::N(2), RougeType::Lsum]).stemming(true);
    let per_doc: Vec<(Vec<f64>, Vec<f64>)> = prepared
        .articles
        .par_iter()
        .zip(scores)
        .map(|(a, s)| {
            let doc = crate::parse(&a.article, options.horizon);
            let analysis = Analysis::new(&doc, &pipeline);
            let found = candidates::enumerate(&analysis, s, space);
            let mut labels: Vec<f64> = found
                .sets
                .iter()
                .map(|set| {
                    let r = scorer.score(&a.highlights, &summary_text(&doc, set));
                    r.iter()
                        .zip(weights)
                        .map(|((_, f), w)| w * f.fmeasure)
                        .sum::<f64>()
                        / total
                })
                .collect();
            let mean = labels.iter().sum::<f64>() / labels.len().max(1) as f64;
            labels.iter_mut().for_each(|l| *l = 100.0 * (*l - mean));
            (found.rows, labels)
        })
        .collect();
    let mut data = CandidateData {
        rows: Vec::new(),
        labels: Vec::new(),
        stories: Vec::new(),
    };
    for (rows, labels) in per_doc {
        data.stories.push(labels.len());
        data.rows.extend(rows);
        data.labels.extend(labels);
    }
    data
}

/// The sentences `set` of `doc` as a summary: one per line, white space collapsed.
pub fn summary_text(doc: &precis_core::Document, set: &[usize]) -> String {
    set.iter()
        .map(|&i| precis_core::engine::collapse_space(doc.sentence_text(&doc.sentences()[i])))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Fits the candidate model on `data`.
pub fn fit(data: &CandidateData, c: &CandidateOptions) -> Result<CandidatesFile, Error> {
    let kept: Vec<usize> = (0..CANDIDATE_WIDTH)
        .filter(|&k| !c.without.iter().any(|w| w == CANDIDATE_FEATURES[k]))
        .collect();
    let n = data.labels.len();
    if n == 0 {
        return Err(Error::Data("no candidate summaries to train on".into()));
    }
    let mut values = Vec::with_capacity(n * kept.len());
    for &k in &kept {
        values.extend((0..n).map(|r| data.rows[r * CANDIDATE_WIDTH + k]));
    }
    let centred = || booster::fit_regression(&values, n, kept.len(), &data.labels, &c.params);
    let listwise = |temperature: f64, params: &Params| {
        booster::fit_listwise(
            &values,
            n,
            kept.len(),
            &data.stories,
            &data.labels,
            temperature,
            params,
        )
    };
    // The hessians of a softmax over a story's candidates are far below a squared loss's 1 per
    // row, so the listwise trees take their own leaf floor.
    let params = Params {
        min_leaf_weight: c.params.min_leaf_weight.min(LISTWISE_MIN_LEAF_WEIGHT),
        ..c.params
    };
    let trees = match c.objective {
        Objective::Centred => centred()?,
        Objective::Listwise { temperature } => listwise(temperature, &params)?,
        Objective::Blend {
            temperature,
            weight,
        } => {
            if !(0.0..=1.0).contains(&weight) || temperature.is_nan() || temperature <= 0.0 {
                return Err(Error::Data(format!(
                    "a blend needs a weight from 0 to 1 and a positive temperature, not {weight} and {temperature}"
                )));
            }
            booster::blend(
                &centred()?,
                1.0 - weight,
                &listwise(temperature, &params)?,
                weight * temperature,
            )
        }
    };
    Ok(CandidatesFile {
        top: c.top,
        min: c.min,
        max: c.max,
        features: kept
            .iter()
            .map(|&k| CANDIDATE_FEATURES[k].to_owned())
            .collect(),
        trees,
    })
}

/// The space of the default policy (`selection`'s redundancy control) for `c`.
pub fn space(c: &CandidateOptions, selection: &Selector) -> Space {
    Space {
        top: c.top,
        min: c.min,
        max: c.max,
        words: None,
        trigram: selection.redundancy == precis_core::Redundancy::Trigram,
    }
}

/// ROUGE of `strategy` under `selector` on each set: the headline figures per set.
pub fn evaluate(
    sets: &[EvalSet],
    strategy: &dyn Strategy,
    selector: &Selector,
) -> Vec<(String, [f64; 4])> {
    sets.iter()
        .map(|s| (s.name.clone(), s.evaluate_strategy(strategy, selector)))
        .collect()
}
