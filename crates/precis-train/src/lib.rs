//! # precis-train
//!
//! Trains the learned summarizer of `precis-core` ([`precis_core::rate::Learned`]) on
//! CNN/DailyMail-format data and writes the engine's own model file:
//!
//! 1. [`idf`]: the corpus IDF table of word-pipeline stems over the training articles;
//! 2. [`dataset`]: every feature of the catalogue ([`precis_core::rate::learned::features`]) for
//!    every rated sentence, with oracle and ROUGE-gain labels ([`labels`]);
//! 3. [`booster`]: gradient-boosted trees (forust-ml, logistic loss), exported to the engine's
//!    format — the engine evaluates them with its own few-line walker and never links forust;
//! 4. [`evaluate`]: the selection policy (length and redundancy) searched on the tuning part of
//!    validation files ([`corpus::part`] holds a fifth of each file out, by id);
//! 5. [`ablation`]: validation ROUGE with each feature group left out.
//!
//! Everything is deterministic: the same data, options and seed give a byte-identical file,
//! whatever the thread count.
//!
//! ```no_run
//! use precis_train::{TrainOptions, train};
//! let options = TrainOptions {
//!     data: "train.jsonl.gz".into(),
//!     tune: vec!["validation.jsonl.gz".into()],
//!     ..TrainOptions::default()
//! };
//! let trained = train(&options, &mut |line| eprintln!("{line}")).unwrap();
//! std::fs::write("precis.model", &trained.bytes).unwrap();
//! ```

pub mod ablation;
pub mod booster;
pub mod candidates;
pub mod corpus;
pub mod dataset;
pub mod evaluate;
pub mod idf;
pub mod labels;

use std::path::PathBuf;
use std::time::Instant;

use precis_core::rate::learned::features::{FEATURES, FeatureSet, Group};
use precis_core::rate::learned::model::{
    self, BudgetFile, CorpusIdf, IdfFile, Model, ModelFile, RedundancyFile, SelectionFile,
    TreesFile,
};
use precis_core::{Budget, Document, Redundancy, Selector};
use serde::Serialize;
use serde_json::json;

pub use booster::Params;
pub use labels::LabelKind;

use crate::corpus::Part;
use crate::dataset::Dataset;
use crate::evaluate::EvalSet;

/// What can go wrong while training.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("{0}")]
    Io(String),
    /// A record of the data is malformed.
    #[error("{0}")]
    Data(String),
    /// The booster failed, or its trees could not be exported.
    #[error("training failed: {0}")]
    Training(String),
    /// The trained model does not pass the engine's checks (a bug).
    #[error("{0}")]
    Model(#[from] precis_core::Error),
}

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Training data (CNN/DailyMail format, gzip or not).
    pub data: PathBuf,
    /// Train on this many articles spread evenly over the data (all of them when `None`).
    pub limit: Option<usize>,
    /// Which labels to fit.
    pub labels: LabelKind,
    /// Booster parameters (its seed is the training seed).
    pub params: Params,
    /// Feature groups the model may use.
    pub groups: FeatureSet,
    /// Validation files whose tuning parts choose the selection policy; none keeps
    /// [`default_selection`].
    pub tune: Vec<PathBuf>,
    /// How many leading content sentences of each story the model reads (`None`: all); features
    /// are computed on those alone, in training as in the engine.
    pub horizon: Option<usize>,
    /// The candidate model to fit after the sentence model (`None`: none, the model picks
    /// sentence by sentence with its policy).
    pub candidates: Option<candidates::CandidateOptions>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            data: PathBuf::new(),
            limit: None,
            labels: LabelKind::Oracle,
            params: Params::default(),
            groups: default_groups(),
            tune: Vec::new(),
            horizon: Some(DEFAULT_HORIZON),
            candidates: None,
        }
    }
}

/// The horizon of the default model: a news story's highlights come from its opening. With the
/// candidate model, measured on the tuning parts (mean of R1, R2 and RLsum over both validation
/// files, `precis train --horizon N`): 15 content sentences 28.41, 20: 28.63, 30: 28.59, every
/// sentence 28.60. From 20 on the objective is flat within its noise; the lower-cased file, 90%
/// long Daily Mail stories, gains up to 30 (R1 41.75, 41.89, 41.99, 41.95), and 30 still bounds
/// the work on a long story (bench/learned/FINDINGS.md, §5). The sentence-by-sentence model
/// alone had preferred 15 (bench/README.md, "How the learned default was chosen").
pub const DEFAULT_HORIZON: usize = 30;

/// The feature groups of the default model: every group but four. The ablation (bench/README.md)
/// moved ROUGE by no more than its noise without novelty or the discourse openers, and without
/// centrality or corpus IDF it lost a few tenths on one file and gained on the other; those two
/// cost a quarter of the rater's time (three graph raters run as features) and a 30,000-stem
/// table that tripled the model's size and load time.
pub fn default_groups() -> FeatureSet {
    FeatureSet::all()
        .without(Group::Discourse)
        .without(Group::Novelty)
        .without(Group::Centrality)
        .without(Group::CorpusIdf)
}

/// The policy of a model trained without tuning files: 3 sentences with trigram blocking.
pub fn default_selection() -> Selector {
    Selector {
        budget: Budget::Sentences(3),
        redundancy: Redundancy::Trigram,
    }
}

/// A trained model.
pub struct Trained {
    /// The model file.
    pub file: ModelFile,
    /// Its bytes, as written to disk.
    pub bytes: Vec<u8>,
}

/// The training data, read and turned into features once (shared by [`train`] and the ablation).
pub struct Prepared {
    /// The corpus IDF table.
    pub idf: IdfFile,
    /// Features and labels.
    pub data: Dataset,
    /// Training articles read.
    pub documents: usize,
    /// The articles, in the order of the dataset's documents (the candidate model reads them).
    pub articles: Vec<precis_eval::dataset::Article>,
}

/// Reads the training data, counts the IDF table and extracts features and labels.
pub fn prepare(options: &TrainOptions, log: &mut dyn FnMut(&str)) -> Result<Prepared, Error> {
    let started = Instant::now();
    let articles = corpus::read(&options.data, options.limit)?;
    if articles.is_empty() {
        return Err(Error::Data(format!(
            "{}: no training articles",
            options.data.display()
        )));
    }
    let idf = idf::table(&articles);
    log(&format!(
        "read {} articles, IDF of {} stems ({:.1} s)",
        articles.len(),
        idf.terms.len(),
        started.elapsed().as_secs_f64()
    ));
    let data = Dataset::build(&articles, &CorpusIdf::from_file(&idf)?, options.horizon);
    log(&format!(
        "features and labels of {} sentences ({:.1} s)",
        data.len(),
        started.elapsed().as_secs_f64()
    ));
    Ok(Prepared {
        idf,
        data,
        documents: articles.len(),
        articles,
    })
}

/// Runs training on `threads` worker threads (0: one per core). Call it before anything else
/// trains; the model does not depend on it.
pub fn use_threads(threads: usize) {
    if threads > 0 {
        // Only the first call in a process can size the global pool; later calls change nothing.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global();
    }
}

/// Catalogue indices of the features in `groups`.
pub fn columns(groups: FeatureSet) -> Vec<usize> {
    (0..FEATURES.len())
        .filter(|&c| groups.contains(FEATURES[c].group))
        .collect()
}

/// Trains on prepared data: fits the trees and wraps them with the IDF table and `selection`.
pub fn fit(
    prepared: &Prepared,
    options: &TrainOptions,
    selection: Selector,
) -> Result<ModelFile, Error> {
    let columns = columns(options.groups);
    let trees = booster::fit(&prepared.data, &columns, options.labels, &options.params)?;
    Ok(model_file(prepared, options, &columns, trees, selection))
}

pub(crate) fn model_file(
    prepared: &Prepared,
    options: &TrainOptions,
    columns: &[usize],
    trees: TreesFile,
    selection: Selector,
) -> ModelFile {
    let groups: Vec<&str> = Group::ALL
        .iter()
        .filter(|&&g| options.groups.contains(g))
        .map(|g| g.name())
        .collect();
    let data_name = options
        .data
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    ModelFile {
        format: model::FORMAT.into(),
        version: model::VERSION,
        features: columns
            .iter()
            .map(|&c| FEATURES[c].name.to_owned())
            .collect(),
        trees,
        selection: selection_file(&selection),
        horizon: options.horizon,
        // The table is only carried when a feature reads it.
        idf: if options.groups.contains(Group::CorpusIdf) {
            prepared.idf.clone()
        } else {
            IdfFile {
                terms: Vec::new(),
                levels: Vec::new(),
                ..prepared.idf.clone()
            }
        },
        training: json!({
            "data": data_name,
            "documents": prepared.documents,
            "sentences": prepared.data.len(),
            "labels": options.labels.name(),
            "groups": groups,
            "booster": "forust-ml 0.8 (logistic loss, depth-wise)",
            "params": options.params,
        }),
        candidates: None,
    }
}

/// The model-file form of a selector.
pub fn selection_file(s: &Selector) -> SelectionFile {
    SelectionFile {
        budget: match s.budget {
            Budget::Sentences(n) => BudgetFile::Sentences(n),
            Budget::Words(n) => BudgetFile::Words(n),
            Budget::Threshold { score, min, max } => BudgetFile::Threshold {
                threshold: score,
                min,
                max,
            },
        },
        redundancy: match s.redundancy {
            Redundancy::None => RedundancyFile::None,
            Redundancy::Trigram => RedundancyFile::Trigram,
            Redundancy::Mmr { lambda } => RedundancyFile::Mmr(lambda),
        },
    }
}

/// Trains a model as `options` say: prepare, fit, and (with tuning files) choose the selection
/// policy on their tuning parts. `log` receives progress lines.
pub fn train(options: &TrainOptions, log: &mut dyn FnMut(&str)) -> Result<Trained, Error> {
    let prepared = prepare(options, log)?;
    let started = Instant::now();
    let mut file = fit(&prepared, options, default_selection())?;
    log(&format!(
        "{} trees on {} features ({:.1} s)",
        file.trees.trees.len(),
        file.features.len(),
        started.elapsed().as_secs_f64()
    ));
    if !options.tune.is_empty() {
        let sets = load_sets(&options.tune, Some(Part::Tuning), options.horizon)?;
        let model = Model::from_json(&to_bytes(&file))?;
        let rater = precis_core::rate::Learned::from_model(model);
        let rated: Vec<(&EvalSet, Vec<Vec<f64>>)> =
            sets.iter().map(|s| (s, s.rate(&rater))).collect();
        let tuned = evaluate::tune(&rated, &evaluate::candidate_policies());
        log(&format!(
            "policy: {} (objective {:.2})",
            tuned.policy, tuned.objective
        ));
        for (name, f) in &tuned.figures {
            log(&format!(
                "  {name}: R1 {:.2} R2 {:.2} RL {:.2} RLsum {:.2}",
                f[0], f[1], f[2], f[3]
            ));
        }
        file.selection = selection_file(&tuned.selector);
        file.training["tuning"] = tuning_record(&tuned);
    }
    if let Some(c) = &options.candidates {
        let started = Instant::now();
        let selection = file.selection.selector();
        let scores = candidates::fold_scores(&prepared, options, c.folds, log)?;
        let data = candidates::build(
            &prepared,
            options,
            &scores,
            &candidates::space(c, &selection),
        );
        let fitted = candidates::fit(&data, c)?;
        log(&format!(
            "candidate model: {} trees on {} candidates of {} stories ({:.1} s)",
            fitted.trees.trees.len(),
            data.labels.len(),
            prepared.articles.len(),
            started.elapsed().as_secs_f64()
        ));
        file.candidates = Some(fitted);
        file.training["candidates"] = json!({
            "top": c.top, "min": c.min, "max": c.max, "folds": c.folds,
            "labels": "mean ROUGE-1/2/Lsum F1 ×100, centred per story",
            "objective": c.objective,
            "booster": "forust-ml 0.8 (depth-wise; squared loss, or one tree per round on the softmax's Newton step)",
            "params": c.params,
        });
        if !options.tune.is_empty() {
            let sets = load_sets(&options.tune, Some(Part::Tuning), options.horizon)?;
            let learned =
                precis_core::rate::Learned::from_model(Model::from_json(&to_bytes(&file))?);
            for (name, f) in candidates::evaluate(&sets, &learned, &selection) {
                log(&format!(
                    "  with candidates, {name}: R1 {:.2} R2 {:.2} RL {:.2} RLsum {:.2}",
                    f[0], f[1], f[2], f[3]
                ));
            }
        }
    }
    let bytes = to_bytes(&file);
    // The file must load in the engine exactly as written.
    Model::from_json(&bytes)?;
    Ok(Trained { file, bytes })
}

fn tuning_record(tuned: &evaluate::Tuned) -> serde_json::Value {
    #[derive(Serialize)]
    struct Figures<'a> {
        set: &'a str,
        rouge1: f64,
        rouge2: f64,
        #[serde(rename = "rougeL")]
        rouge_l: f64,
        #[serde(rename = "rougeLsum")]
        rouge_lsum: f64,
    }
    let figures: Vec<Figures<'_>> = tuned
        .figures
        .iter()
        .map(|(set, f)| Figures {
            set,
            rouge1: f[0],
            rouge2: f[1],
            rouge_l: f[2],
            rouge_lsum: f[3],
        })
        .collect();
    json!({"policy": tuned.policy, "split": "tuning part: FNV-1a(id) % 5 != 0", "figures": figures})
}

/// Loads the given part of each validation file, detailing the first `horizon` content
/// sentences of each article (all when `None`).
pub fn load_sets(
    paths: &[PathBuf],
    part: Option<Part>,
    horizon: Option<usize>,
) -> Result<Vec<EvalSet>, Error> {
    paths
        .iter()
        .map(|p| EvalSet::load(p, part, horizon))
        .collect()
}

/// An article segmented as a model with `horizon` reads it ([`Document::parse_opening`]).
pub fn parse(article: &str, horizon: Option<usize>) -> Document {
    Document::parse_opening(article, horizon.unwrap_or(usize::MAX))
}

/// The bytes of a model file: JSON, one top-level field per line and one tree per line, so that
/// the file diffs readably; the same model always gives the same bytes.
pub fn to_bytes(file: &ModelFile) -> Vec<u8> {
    let mut out = String::new();
    out.push_str(&format!("{{\"format\":{},\n", j(&file.format)));
    out.push_str(&format!("\"version\":{},\n", file.version));
    out.push_str(&format!("\"features\":{},\n", j(&file.features)));
    out.push_str(&format!("\"selection\":{},\n", j(&file.selection)));
    if let Some(h) = file.horizon {
        out.push_str(&format!("\"horizon\":{h},\n"));
    }
    out.push_str(&format!("\"training\":{},\n", j(&file.training)));
    out.push_str(&format!(
        "\"trees\":{{\"base_score\":{},\"link\":{},\"trees\":[\n",
        j(&file.trees.base_score),
        j(&file.trees.link)
    ));
    let trees: Vec<String> = file.trees.trees.iter().map(j).collect();
    out.push_str(&trees.join(",\n"));
    out.push_str("]},\n");
    if let Some(c) = &file.candidates {
        out.push_str(&format!(
            "\"candidates\":{{\"top\":{},\"min\":{},\"max\":{},\"features\":{},\n\"trees\":{{\"base_score\":{},\"link\":{},\"trees\":[\n",
            c.top,
            c.min,
            c.max,
            j(&c.features),
            j(&c.trees.base_score),
            j(&c.trees.link)
        ));
        let trees: Vec<String> = c.trees.trees.iter().map(j).collect();
        out.push_str(&trees.join(",\n"));
        out.push_str("]}},\n");
    }
    out.push_str(&format!("\"idf\":{}}}\n", j(&file.idf)));
    out.into_bytes()
}

/// Compact JSON of a part of a model file.
fn j<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("model parts serialize to JSON")
}
