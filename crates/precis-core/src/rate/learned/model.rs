//! The learned model: file format, validation and evaluation.
//!
//! A model file is one JSON object, self-describing so that a file on disk can be read without
//! precis (and checked by it before use):
//!
//! ```json
//! {"format": "precis-model", "version": 1,
//!  "features": ["position", "words", …],                  // the columns the trees read
//!  "trees": {"base_score": -2.1, "link": "logistic",
//!            "trees": [{"split": [0, -1, -1], "value": [2.5, 0.31, -0.12],
//!                       "left": [1, 0, 0], "right": [2, 0, 0]}, …]},
//!  "selection": {"budget": {"threshold": 0.3, "min": 2, "max": 4}, "redundancy": "trigram"},
//!  "horizon": 30,                                          // content sentences read (optional)
//!  "idf": {"documents": 39227, "step": 0.05, "unknown": 10.2, "terms": ["year", …], "levels": [31, …]},
//!  "training": {…}}                                        // provenance, for people
//! ```
//!
//! A tree is stored as parallel arrays over its nodes, node 0 the root. `split[i]` is the index
//! (into `features`) of the feature node `i` tests, or `-1` for a leaf; an inner node sends a row
//! to `left[i]` when the feature is below `value[i]` and to `right[i]` otherwise; a leaf's `value`
//! is its output. Children always come after their parent, so every walk ends. The prediction is
//! `base_score` plus the leaf outputs of all trees, through the `link` (the logistic function for
//! a classifier). `idf` is the corpus IDF table learned with the trees (stems of the shared word
//! pipeline, quantized to `step`), so a model file carries everything its features need.
//!
//! Why a format of our own and an evaluator written by hand: the model is embedded in the binary
//! (`include_bytes!`), the engine must not depend on a machine-learning crate (its training code,
//! threads and allocations are of no use at inference), and walking flat arrays of nodes is
//! faster than any general-purpose predictor for the few hundred small trees we use.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::features::{FEATURE_COUNT, FEATURES, FeatureSet};
use crate::error::Error;
use crate::select::{Budget, Redundancy, Selector};

/// The `format` field of every model file.
pub const FORMAT: &str = "precis-model";
/// The format version this build reads and writes.
pub const VERSION: u32 = 1;

/// A model file as stored: the serialized form, which training writes and [`Model::from_json`]
/// checks and compiles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// Names of the feature columns, in the order the trees index them.
    pub features: Vec<String>,
    /// The tree ensemble.
    pub trees: TreesFile,
    /// The length and redundancy policy tuned with the model.
    pub selection: SelectionFile,
    /// How many leading content sentences of a story the model reads and rates (its features are
    /// computed on those alone, see [`crate::Document::parse_opening`]); absent: every sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<usize>,
    /// Corpus IDF of word-pipeline stems.
    pub idf: IdfFile,
    /// Free-form provenance (data, labels, parameters, seed); not read by the engine.
    #[serde(default)]
    pub training: serde_json::Value,
    /// The candidate model, which scores whole summaries built from the best-rated sentences
    /// ([`super::candidates`]); absent: the selection policy picks sentence by sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidates: Option<CandidatesFile>,
}

/// The candidate model in a model file: which summaries are candidates, and the trees that
/// score them (over [`super::candidates::CANDIDATE_FEATURES`], by name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CandidatesFile {
    /// How many of the best-rated sentences candidates are made of.
    pub top: usize,
    /// Fewest sentences of a candidate, when the caller sets no length.
    pub min: usize,
    /// Most sentences of a candidate, when the caller sets no length.
    pub max: usize,
    /// Names of the candidate features, in the order the trees index them.
    pub features: Vec<String>,
    /// The tree ensemble (identity link: a score relative to the story's other candidates).
    pub trees: TreesFile,
}

/// A gradient-boosted tree ensemble.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreesFile {
    /// Added to the sum of the trees' outputs.
    pub base_score: f64,
    /// How the sum becomes a score.
    pub link: Link,
    /// The trees.
    pub trees: Vec<TreeFile>,
}

/// The output transform of the ensemble.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Link {
    /// The raw sum.
    Identity,
    /// `1 / (1 + e^-sum)`: a probability.
    Logistic,
}

/// One tree as parallel node arrays (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreeFile {
    /// Feature index tested by each node, `-1` for a leaf.
    pub split: Vec<i32>,
    /// Threshold of an inner node, output of a leaf.
    pub value: Vec<f64>,
    /// Child for `feature < value` (0 for a leaf).
    pub left: Vec<u32>,
    /// Child for `feature >= value` (0 for a leaf).
    pub right: Vec<u32>,
}

/// The selection policy in a model file.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionFile {
    /// The length policy.
    pub budget: BudgetFile,
    /// The redundancy control.
    pub redundancy: RedundancyFile,
}

/// A length policy in a model file.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum BudgetFile {
    /// A fixed number of sentences.
    Sentences(usize),
    /// A word budget.
    Words(usize),
    /// Sentences scoring at least `threshold`, at least `min` and at most `max` of them.
    Threshold {
        /// Lowest score a sentence beyond the first `min` needs.
        threshold: f64,
        /// Fewest sentences.
        min: usize,
        /// Most sentences.
        max: usize,
    },
}

/// A redundancy control in a model file.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum RedundancyFile {
    /// No control.
    None,
    /// Trigram blocking.
    Trigram,
    /// MMR with this lambda.
    Mmr(f64),
}

/// Corpus IDF table in a model file: `idf(term) = levels[k] × step` for `terms[k]`, `unknown` for
/// a stem not listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdfFile {
    /// Documents the table was counted on.
    pub documents: u64,
    /// Quantization step of the levels.
    pub step: f64,
    /// IDF of a stem that is not in the table.
    pub unknown: f64,
    /// The stems.
    pub terms: Vec<String>,
    /// Their quantized IDF.
    pub levels: Vec<u16>,
}

impl SelectionFile {
    /// The selector this policy describes.
    pub fn selector(&self) -> Selector {
        let budget = match self.budget {
            BudgetFile::Sentences(n) => Budget::Sentences(n),
            BudgetFile::Words(n) => Budget::Words(n),
            BudgetFile::Threshold {
                threshold,
                min,
                max,
            } => Budget::Threshold {
                score: threshold,
                min,
                max,
            },
        };
        let redundancy = match self.redundancy {
            RedundancyFile::None => Redundancy::None,
            RedundancyFile::Trigram => Redundancy::Trigram,
            RedundancyFile::Mmr(lambda) => Redundancy::Mmr { lambda },
        };
        Selector { budget, redundancy }
    }
}

/// A node of the compiled ensemble. All trees share one array, and the two children of a node
/// are adjacent (`left`, `left + 1`), so a step down is one comparison and no branch; 16 bytes, so
/// a tree of depth 6 fits in a few cache lines.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Node {
    /// Index in the catalogue row ([`FEATURES`]) of the feature tested, or [`LEAF`].
    feature: u32,
    /// Absolute index of the left child; the right child follows it.
    left: u32,
    /// Threshold, or leaf output.
    value: f64,
}

const LEAF: u32 = u32::MAX;

/// The deepest trees compiled to the complete layout ([`Complete`]): 2⁸ slots a tree is 6 KB;
/// deeper trees (never trained by default) are walked node by node.
const COMPLETE_MAX_DEPTH: u32 = 8;

/// The ensemble with every tree padded to a complete binary tree of the depth `D` of its deepest
/// tree: a walk is then exactly `D` steps of `k ← 2k + (feature ≥ threshold)`, with no test for a
/// leaf, no child index to load and, the depth being a constant of the evaluator, no bounds
/// check. A leaf above the bottom level becomes a split whose two sides both end in copies of it,
/// so whichever way a row goes (even a NaN feature) it gets the leaf's output: predictions are
/// bit for bit those of the node walk.
///
/// Comparisons are made on [`key`]s rather than on the `f64`s: `x ≥ t` exactly when
/// `key(x) > key(t) − 1`, an unsigned comparison whose carry flag is the step itself (no
/// unordered case to handle, and no flag-to-register copy).
#[derive(Debug, Clone, PartialEq)]
struct Complete {
    /// `D`.
    depth: u32,
    /// The splits, `2^D` per tree in heap order from slot 1 (the children of slot `k` are `2k`
    /// and `2k + 1`; slot 0 is unused): the feature tested (index in the catalogue row,
    /// [`FEATURES`]; a byte, so that it indexes a [`KeyRow`] with no bounds check) and the key
    /// of its threshold less 1, in two arrays so that both are read at `k` scaled, with no
    /// address arithmetic.
    features: Vec<u8>,
    thresholds: Vec<u64>,
    /// `2^D` per tree: the outputs of the bottom level, left to right.
    leaves: Vec<f64>,
}

/// A catalogue row as [`Complete`] reads it: the [`key`] of each feature, padded to 256 so that
/// any byte indexes it.
type KeyRow = [u64; 256];

const _: () = assert!(FEATURE_COUNT <= 256, "feature indices must fit in a byte");

/// Rows converted to keys at a time: the trees are walked over a block of rows, tree by tree,
/// and the block's keys (the first few cache lines of each [`KeyRow`]) stay in the L1 cache.
const KEY_BLOCK: usize = 32;

thread_local! {
    /// The key rows of a block, kept from call to call: a call rewrites only the features of
    /// each row, so the 2 KB rows are not zeroed again for every document.
    static KEY_ROWS: RefCell<Vec<KeyRow>> = const { RefCell::new(Vec::new()) };
}

/// The order-preserving image of `x` in the unsigned integers: for `t` not NaN, `x ≥ t` exactly
/// when `key(x) ≥ key(t)`. NaN maps to 0, below every number (`NaN ≥ t` is false); −0 maps
/// with +0 (they are equal), and every number to at least 2⁵² − 1, so `key(t) − 1` never wraps.
fn key(x: f64) -> u64 {
    if x.is_nan() {
        return 0;
    }
    // `x + 0.0` turns −0 into +0 and leaves every other number as it is.
    let bits = (x + 0.0).to_bits();
    if bits >> 63 == 1 {
        // Negative: a larger magnitude is a smaller number.
        !bits
    } else {
        bits | 1 << 63
    }
}

impl Complete {
    /// The complete layout of the trees at `roots` in `nodes`, or `None` when a tree is deeper
    /// than [`COMPLETE_MAX_DEPTH`].
    fn new(nodes: &[Node], roots: &[u32]) -> Option<Complete> {
        let depth = roots
            .iter()
            .map(|&root| tree_depth(nodes, root as usize))
            .max()
            .unwrap_or(0);
        if depth > COMPLETE_MAX_DEPTH {
            return None;
        }
        let size = 1usize << depth;
        let slots = roots.len() * size;
        let mut complete = Complete {
            depth,
            features: vec![0; slots],
            thresholds: vec![0; slots],
            leaves: vec![0.0; slots],
        };
        for (k, &root) in roots.iter().enumerate() {
            let tree = k * size..(k + 1) * size;
            fill(
                nodes,
                root as usize,
                1,
                &mut complete.features[tree.clone()],
                &mut complete.thresholds[tree.clone()],
                &mut complete.leaves[tree],
            );
        }
        Some(complete)
    }

    /// Adds each tree's output to the sum in `out` of its row of `rows` (`width` values each,
    /// `width` ≤ 256), converting a block of rows to keys at a time.
    fn add_rows(&self, rows: &[f64], width: usize, out: &mut [f64]) {
        debug_assert!(width <= 256 && rows.len() == out.len() * width);
        KEY_ROWS.with_borrow_mut(|keys| {
            keys.resize(KEY_BLOCK, [0; 256]);
            let blocks = rows
                .chunks(KEY_BLOCK * width)
                .zip(out.chunks_mut(KEY_BLOCK));
            for (rows, out) in blocks {
                let keys = &mut keys[..out.len()];
                for (k, row) in keys.iter_mut().zip(rows.chunks_exact(width)) {
                    for (k, &x) in k.iter_mut().zip(row) {
                        *k = key(x);
                    }
                }
                match self.depth {
                    0 => self.add_trees::<1>(keys, out),
                    1 => self.add_trees::<2>(keys, out),
                    2 => self.add_trees::<4>(keys, out),
                    3 => self.add_trees::<8>(keys, out),
                    4 => self.add_trees::<16>(keys, out),
                    5 => self.add_trees::<32>(keys, out),
                    6 => self.add_trees::<64>(keys, out),
                    7 => self.add_trees::<128>(keys, out),
                    8 => self.add_trees::<256>(keys, out),
                    _ => unreachable!("deeper trees are walked node by node"),
                }
            }
        });
    }

    /// Adds each tree's output to the sum of its row, tree by tree (as the node walk does, so
    /// each sum adds the same numbers in the same order). `S` is `2^D`.
    fn add_trees<const S: usize>(&self, rows: &[KeyRow], out: &mut [f64]) {
        let trees = arrays::<u8, S>(&self.features)
            .zip(arrays::<u64, S>(&self.thresholds))
            .zip(arrays::<f64, S>(&self.leaves));
        for ((features, thresholds), leaves) in trees {
            for (row, sum) in rows.iter().zip(out.iter_mut()) {
                let mut k = 1;
                for _ in 0..S.trailing_zeros() {
                    // `k < S` here; the masks tell the compiler so.
                    let x = row[usize::from(features[k & (S - 1)])];
                    // Right when `x > key(threshold) − 1`, written so that the step is an add
                    // with carry.
                    k = 2 * k + 1 - usize::from(x <= thresholds[k & (S - 1)]);
                }
                // `S ≤ k < 2S`: `k − S` is the leaf's place in the bottom level.
                *sum += leaves[k - S];
            }
        }
    }
}

/// `values` as arrays of `N` (`slice::as_chunks`, stable only since Rust 1.88).
fn arrays<T, const N: usize>(values: &[T]) -> impl Iterator<Item = &[T; N]> {
    values
        .chunks_exact(N)
        .map(|chunk| chunk.try_into().expect("chunks of N"))
}

/// Depth of the tree at `node` (0 for a leaf).
fn tree_depth(nodes: &[Node], node: usize) -> u32 {
    let n = nodes[node];
    if n.feature == LEAF {
        0
    } else {
        let left = n.left as usize;
        1 + tree_depth(nodes, left).max(tree_depth(nodes, left + 1))
    }
}

/// Writes the subtree at `node` into heap slot `slot` of one tree's arrays (each `2^D` long),
/// padding leaves above the bottom level.
fn fill(
    nodes: &[Node],
    node: usize,
    slot: usize,
    features: &mut [u8],
    thresholds: &mut [u64],
    leaves: &mut [f64],
) {
    let size = leaves.len();
    let n = nodes[node];
    if slot >= size {
        // The bottom level; only leaves reach it, the tree being no deeper than D.
        debug_assert_eq!(n.feature, LEAF);
        leaves[slot - size] = n.value;
        return;
    }
    let (left, right) = if n.feature == LEAF {
        // Either way leads to a copy of this leaf; the split (feature 0, key 0) is moot.
        (node, node)
    } else {
        features[slot] = n.feature as u8;
        // Thresholds are finite (checked when compiled), so their keys are at least 1.
        thresholds[slot] = key(n.value) - 1;
        (n.left as usize, n.left as usize + 1)
    };
    fill(nodes, left, 2 * slot, features, thresholds, leaves);
    fill(nodes, right, 2 * slot + 1, features, thresholds, leaves);
}

/// Corpus IDF of stems, keyed by a 64-bit hash of the stem: no string is stored or compared, and
/// a collision among a few tens of thousands of stems has odds of about 1 in 10¹⁰.
#[derive(Debug, Clone, Default)]
pub struct CorpusIdf {
    table: FxHashMap<u64, f64>,
    unknown: f64,
}

fn stem_key(stem: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    stem.hash(&mut h);
    h.finish()
}

impl CorpusIdf {
    /// The table of a model file.
    pub fn from_file(idf: &IdfFile) -> Result<CorpusIdf, Error> {
        if idf.terms.len() != idf.levels.len() {
            return Err(invalid("idf: terms and levels of different lengths"));
        }
        if !(idf.step.is_finite() && idf.step > 0.0 && idf.unknown.is_finite()) {
            return Err(invalid(
                "idf: step and unknown must be finite, step positive",
            ));
        }
        let mut table = FxHashMap::default();
        table.reserve(idf.terms.len());
        for (term, &level) in idf.terms.iter().zip(&idf.levels) {
            table.insert(stem_key(term), f64::from(level) * idf.step);
        }
        Ok(CorpusIdf {
            table,
            unknown: idf.unknown,
        })
    }

    /// The IDF of `stem` (the table's `unknown` value for a stem it does not list).
    pub fn get(&self, stem: &str) -> f64 {
        self.table
            .get(&stem_key(stem))
            .copied()
            .unwrap_or(self.unknown)
    }

    /// The IDF of a stem the table does not list: that of the rarest words.
    pub fn unknown(&self) -> f64 {
        self.unknown
    }
}

/// A checked, compiled model, ready to rate.
#[derive(Debug, Clone)]
pub struct Model {
    /// The serialized form it was compiled from (features, policy, provenance).
    file: ModelFile,
    /// For each column of the model's rows, its index in [`FEATURES`].
    columns: Vec<usize>,
    /// The feature groups the model reads, so the extractor computes only those.
    needs: FeatureSet,
    nodes: Vec<Node>,
    roots: Vec<u32>,
    /// The same trees in the faster layout, unless one is too deep for it.
    complete: Option<Complete>,
    idf: CorpusIdf,
    /// The compiled candidate model, when the file has one.
    candidates: Option<Ensemble>,
}

/// A small tree ensemble over rows of its own catalogue (the candidate features), walked node by
/// node: a story has a few dozen candidates, not worth the complete layout.
#[derive(Debug, Clone)]
pub struct Ensemble {
    nodes: Vec<Node>,
    roots: Vec<u32>,
    base_score: f64,
    width: usize,
    /// The trees in the complete layout, when they are shallow enough (the node walk otherwise).
    complete: Option<Complete>,
}

impl Ensemble {
    /// Compiles `trees` whose features are `features` (names), looked up in `catalogue`.
    pub fn compile(
        trees: &TreesFile,
        features: &[String],
        catalogue: &[&str],
    ) -> Result<Ensemble, Error> {
        let mut columns = Vec::with_capacity(features.len());
        for name in features {
            let k = catalogue
                .iter()
                .position(|f| f == name)
                .ok_or_else(|| invalid(format!("unknown candidate feature '{name}'")))?;
            if columns.contains(&k) {
                return Err(invalid(format!(
                    "candidate feature '{name}' is listed twice"
                )));
            }
            columns.push(k);
        }
        if !trees.base_score.is_finite() {
            return Err(invalid("candidates: base_score is not a finite number"));
        }
        let mut nodes = Vec::new();
        let mut roots = Vec::with_capacity(trees.trees.len());
        for (k, tree) in trees.trees.iter().enumerate() {
            roots.push(nodes.len() as u32);
            compile_tree(tree, &columns, &mut nodes)
                .map_err(|what| invalid(format!("candidate tree {k}: {what}")))?;
        }
        if trees.link == Link::Logistic {
            return Err(invalid("candidates: the link must be identity"));
        }
        if catalogue.len() > 256 {
            return Err(invalid("candidates: at most 256 features"));
        }
        nodes.shrink_to_fit();
        let complete = Complete::new(&nodes, &roots);
        Ok(Ensemble {
            nodes,
            roots,
            base_score: trees.base_score,
            width: catalogue.len(),
            complete,
        })
    }

    /// The scores of `out.len()` rows of `width` values stored one after another in `rows`,
    /// bit for bit those of [`Ensemble::predict`] on each row.
    pub fn predict_rows(&self, rows: &[f64], out: &mut [f64]) {
        assert_eq!(rows.len(), out.len() * self.width, "whole catalogue rows");
        match &self.complete {
            Some(c) => {
                out.fill(self.base_score);
                c.add_rows(rows, self.width, out);
            }
            None => {
                for (row, o) in rows.chunks_exact(self.width).zip(out.iter_mut()) {
                    *o = self.predict(row);
                }
            }
        }
    }

    /// The score of one row of the catalogue (`width` values; missing values read as NaN).
    pub fn predict(&self, row: &[f64]) -> f64 {
        let mut sum = self.base_score;
        for &root in &self.roots {
            let mut node = self.nodes[root as usize];
            while node.feature != LEAF {
                let x = row.get(node.feature as usize).copied().unwrap_or(f64::NAN);
                node = self.nodes[(node.left + u32::from(x >= node.value)) as usize];
            }
            sum += node.value;
        }
        sum
    }

    /// Width of the rows the ensemble reads.
    pub fn width(&self) -> usize {
        self.width
    }
}

fn invalid(message: impl Into<String>) -> Error {
    Error::InvalidModel(message.into())
}

impl Model {
    /// Parses and checks a model file.
    pub fn from_json(bytes: &[u8]) -> Result<Model, Error> {
        if bytes.is_empty() {
            return Err(invalid("the file is empty"));
        }
        let file: ModelFile = serde_json::from_slice(bytes).map_err(|e| {
            invalid(format!(
                "not a precis model file ({e}); models are written by `precis train`"
            ))
        })?;
        Model::compile(file)
    }

    /// Checks a model file already in memory and compiles it.
    pub fn compile(file: ModelFile) -> Result<Model, Error> {
        if file.format != FORMAT {
            return Err(invalid(format!(
                "format is '{}', expected '{FORMAT}'",
                file.format
            )));
        }
        if file.version != VERSION {
            return Err(invalid(format!(
                "format version {} is not supported (this precis reads version {VERSION})",
                file.version
            )));
        }
        let mut columns = Vec::with_capacity(file.features.len());
        let mut needs = FeatureSet::EMPTY;
        for name in &file.features {
            let k = FEATURES
                .iter()
                .position(|f| f.name == name)
                .ok_or_else(|| invalid(format!("unknown feature '{name}'")))?;
            if columns.contains(&k) {
                return Err(invalid(format!("feature '{name}' is listed twice")));
            }
            columns.push(k);
            needs.insert(FEATURES[k].group);
        }
        let t = &file.trees;
        if !t.base_score.is_finite() {
            return Err(invalid("base_score is not a finite number"));
        }
        let mut nodes = Vec::new();
        let mut roots = Vec::with_capacity(t.trees.len());
        for (k, tree) in t.trees.iter().enumerate() {
            roots.push(nodes.len() as u32);
            compile_tree(tree, &columns, &mut nodes)
                .map_err(|what| invalid(format!("tree {k}: {what}")))?;
        }
        let idf = CorpusIdf::from_file(&file.idf)?;
        let selection = file.selection;
        match selection.budget {
            BudgetFile::Sentences(0) | BudgetFile::Words(0) => {
                return Err(invalid("the selection budget is 0"));
            }
            BudgetFile::Threshold {
                threshold,
                min,
                max,
            } if !threshold.is_finite() || max == 0 || min > max => {
                return Err(invalid(
                    "the threshold budget needs a finite threshold and 0 < max, min <= max",
                ));
            }
            _ => {}
        }
        if let RedundancyFile::Mmr(lambda) = selection.redundancy {
            if !(0.0..=1.0).contains(&lambda) {
                return Err(invalid("the MMR lambda must be between 0 and 1"));
            }
        }
        if file.horizon == Some(0) {
            return Err(invalid(
                "the horizon is 0 (it counts the content sentences read)",
            ));
        }
        let complete = Complete::new(&nodes, &roots);
        let candidates = match &file.candidates {
            Some(c) => {
                if c.top == 0 || c.min == 0 || c.min > c.max || c.max > c.top {
                    return Err(invalid("candidates: need 0 < min <= max <= top"));
                }
                if c.top > super::candidates::MAX_TOP || c.max > super::candidates::MAX_SIZE {
                    return Err(invalid(format!(
                        "candidates: top is at most {} and max at most {}",
                        super::candidates::MAX_TOP,
                        super::candidates::MAX_SIZE
                    )));
                }
                Some(Ensemble::compile(
                    &c.trees,
                    &c.features,
                    &super::candidates::CANDIDATE_FEATURES,
                )?)
            }
            None => None,
        };
        Ok(Model {
            file,
            columns,
            needs,
            nodes,
            roots,
            complete,
            idf,
            candidates,
        })
    }

    /// The serialized form (features, trees, policy, provenance).
    pub fn file(&self) -> &ModelFile {
        &self.file
    }

    /// Indices in [`FEATURES`] of the model's columns, in column order.
    pub fn columns(&self) -> &[usize] {
        &self.columns
    }

    /// The feature groups the model reads.
    pub fn needs(&self) -> FeatureSet {
        self.needs
    }

    /// The corpus IDF table.
    pub fn idf(&self) -> &CorpusIdf {
        &self.idf
    }

    /// The selection policy tuned with the model.
    pub fn selector(&self) -> Selector {
        self.file.selection.selector()
    }

    /// The compiled candidate model, with its settings, when the file has one.
    pub fn candidates(&self) -> Option<(&CandidatesFile, &Ensemble)> {
        self.file.candidates.as_ref().zip(self.candidates.as_ref())
    }

    /// How many leading content sentences the model reads (`None`: all).
    pub fn horizon(&self) -> Option<usize> {
        self.file.horizon
    }

    /// The score of one row of the feature catalogue ([`FEATURE_COUNT`] values).
    pub fn predict(&self, row: &[f64]) -> f64 {
        let mut out = [0.0];
        self.predict_rows(row, &mut out);
        out[0]
    }

    /// Adds each tree's output to the sum of its row, walking the nodes (for trees deeper than
    /// the complete layout takes).
    fn walk_trees(&self, rows: &[f64], out: &mut [f64]) {
        let nodes = &self.nodes[..];
        for &root in &self.roots {
            for (row, sum) in rows.chunks_exact(FEATURE_COUNT).zip(out.iter_mut()) {
                let mut node = nodes[root as usize];
                while node.feature != LEAF {
                    let right = row[node.feature as usize] >= node.value;
                    node = nodes[(node.left + u32::from(right)) as usize];
                }
                *sum += node.value;
            }
        }
    }

    /// The ratings of a document of `sentences` sentences from its feature rows: each row's
    /// score at its sentence, 0 for the sentences without a row.
    pub fn rate_rows(&self, rows: &super::FeatureRows, sentences: usize) -> Vec<f64> {
        let mut predicted = vec![0.0; rows.len()];
        self.predict_rows(&rows.values, &mut predicted);
        let mut scores = vec![0.0; sentences];
        for (&i, p) in rows.sentences.iter().zip(predicted) {
            scores[i] = p;
        }
        scores
    }

    /// The scores of `out.len()` catalogue rows stored one after another in `rows`. Tree by
    /// tree rather than row by row, so that each tree's nodes stay in the L1 cache while every
    /// sentence of the story walks it.
    pub fn predict_rows(&self, rows: &[f64], out: &mut [f64]) {
        assert_eq!(
            rows.len(),
            out.len() * FEATURE_COUNT,
            "whole catalogue rows"
        );
        out.fill(self.file.trees.base_score);
        match &self.complete {
            Some(c) => c.add_rows(rows, FEATURE_COUNT, out),
            None => self.walk_trees(rows, out),
        }
        if self.file.trees.link == Link::Logistic {
            out.iter_mut().for_each(|s| *s = 1.0 / (1.0 + (-*s).exp()));
        }
    }
}

/// Appends the nodes of `tree` to `nodes` in the evaluator's layout: breadth first from the
/// root, the two children of each inner node side by side. Checks the tree on the way: arrays of
/// one length, finite values, listed features, and children after their parent (so every walk
/// ends and no node is shared).
fn compile_tree(tree: &TreeFile, columns: &[usize], nodes: &mut Vec<Node>) -> Result<(), String> {
    let n = tree.split.len();
    if n == 0 {
        return Err("no nodes".into());
    }
    if tree.value.len() != n || tree.left.len() != n || tree.right.len() != n {
        return Err("node arrays of different lengths".into());
    }
    let mut used = vec![false; n];
    // (file index, slot in `nodes`), breadth first.
    let mut queue = std::collections::VecDeque::from([(0usize, nodes.len())]);
    nodes.push(Node {
        feature: LEAF,
        left: 0,
        value: 0.0,
    });
    used[0] = true;
    while let Some((i, slot)) = queue.pop_front() {
        let value = tree.value[i];
        if !value.is_finite() {
            return Err(format!("node {i} holds a value that is not finite"));
        }
        if tree.split[i] < 0 {
            nodes[slot] = Node {
                feature: LEAF,
                left: 0,
                value,
            };
            continue;
        }
        let column = tree.split[i] as usize;
        let feature = *columns
            .get(column)
            .ok_or_else(|| format!("node {i} tests feature {column}, not listed"))?;
        let (l, r) = (tree.left[i] as usize, tree.right[i] as usize);
        if l <= i || r <= i || l >= n || r >= n || l == r || used[l] || used[r] {
            return Err(format!(
                "node {i} has children {l} and {r}: they must be two unused nodes after it"
            ));
        }
        used[l] = true;
        used[r] = true;
        let left = nodes.len();
        nodes[slot] = Node {
            feature: feature as u32,
            left: left as u32,
            value,
        };
        let placeholder = nodes[slot];
        nodes.push(placeholder);
        nodes.push(placeholder);
        queue.push_back((l, left));
        queue.push_back((r, left + 1));
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A model with one stump on `position`: first sentences score high.
    pub(crate) fn stump() -> ModelFile {
        ModelFile {
            format: FORMAT.into(),
            version: VERSION,
            features: vec!["position".into(), "words".into()],
            trees: TreesFile {
                base_score: 0.0,
                link: Link::Logistic,
                trees: vec![
                    TreeFile {
                        split: vec![0, -1, -1],
                        value: vec![1.5, 2.0, -2.0],
                        left: vec![1, 0, 0],
                        right: vec![2, 0, 0],
                    },
                    TreeFile {
                        split: vec![1, -1, 0, -1, -1],
                        value: vec![10.0, -0.5, 0.5, 0.25, 0.0],
                        left: vec![1, 0, 3, 0, 0],
                        right: vec![2, 0, 4, 0, 0],
                    },
                ],
            },
            selection: SelectionFile {
                budget: BudgetFile::Sentences(2),
                redundancy: RedundancyFile::Trigram,
            },
            horizon: None,
            idf: IdfFile {
                documents: 10,
                step: 0.5,
                unknown: 2.5,
                terms: vec!["rain".into()],
                levels: vec![3],
            },
            training: serde_json::Value::Null,
            candidates: None,
        }
    }

    #[test]
    fn predicts_by_walking_the_trees() {
        let m = Model::compile(stump()).unwrap();
        let sigmoid = |x: f64| 1.0 / (1.0 + (-x).exp());
        let row = |position: f64, words: f64| {
            let mut row = [0.0; FEATURE_COUNT];
            row[FEATURES.iter().position(|f| f.name == "position").unwrap()] = position;
            row[FEATURES.iter().position(|f| f.name == "words").unwrap()] = words;
            row
        };
        // position 0 < 1.5 → +2; words 5 < 10 → −0.5.
        assert!((m.predict(&row(0.0, 5.0)) - sigmoid(1.5)).abs() < 1e-12);
        // position 3 → −2; words 20, position 3 ≥ 0 → 0.0.
        assert!((m.predict(&row(3.0, 20.0)) - sigmoid(-2.0)).abs() < 1e-12);
        let mut both = [0.0; 2];
        m.predict_rows(&[row(0.0, 5.0), row(3.0, 20.0)].concat(), &mut both);
        assert_eq!(
            both,
            [m.predict(&row(0.0, 5.0)), m.predict(&row(3.0, 20.0))]
        );
        assert_eq!(m.idf().get("rain"), 1.5);
        assert_eq!(m.idf().get("snow"), 2.5);
        assert_eq!(m.selector().budget, Budget::Sentences(2));
    }

    /// A tree of random shape (leaves at any depth up to `depth`), in the file's layout.
    fn random_tree(next: &mut impl FnMut() -> u64, depth: u32, features: usize) -> TreeFile {
        let mut t = TreeFile {
            split: vec![],
            value: vec![],
            left: vec![],
            right: vec![],
        };
        // (node, depth) of the nodes still to shape, breadth first as a booster writes them.
        let mut queue = std::collections::VecDeque::from([(0usize, 0u32)]);
        t.split.push(-1);
        t.value.push(0.0);
        t.left.push(0);
        t.right.push(0);
        while let Some((i, d)) = queue.pop_front() {
            // Small integers as thresholds, so that rows often equal them (and −0 for 0 at times).
            let value = match (next() % 9) as f64 - 4.0 {
                0.0 if next() % 2 == 0 => -0.0,
                v => v,
            };
            t.value[i] = value;
            if d == depth || (d > 0 && next() % 4 == 0) {
                continue;
            }
            t.split[i] = (next() % features as u64) as i32;
            let left = t.split.len();
            t.left[i] = left as u32;
            t.right[i] = left as u32 + 1;
            for child in [left, left + 1] {
                queue.push_back((child, d + 1));
                t.split.push(-1);
                t.value.push(0.0);
                t.left.push(0);
                t.right.push(0);
            }
        }
        t
    }

    /// A small deterministic generator for the layout tests (a 64-bit LCG, high bits).
    fn lcg(seed: u64) -> impl FnMut() -> u64 {
        let mut state = seed;
        move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state >> 33
        }
    }

    #[test]
    fn the_complete_layout_predicts_what_the_node_walk_does() {
        let mut next = lcg(0x9e37_79b9_7f4a_7c15);
        for depth in [0, 1, 3, 5, 8] {
            let mut file = stump();
            file.features = FEATURES[..8].iter().map(|f| f.name.to_owned()).collect();
            file.trees.trees = (0..30)
                .map(|_| random_tree(&mut next, depth, file.features.len()))
                .collect();
            let m = Model::compile(file).unwrap();
            let complete = m
                .complete
                .as_ref()
                .expect("shallow trees take the complete layout");
            assert_eq!(complete.depth, depth);
            let specials = [f64::NAN, -0.0, 0.0, f64::INFINITY, f64::NEG_INFINITY, 0.5];
            let rows: Vec<f64> = (0..40 * FEATURE_COUNT)
                .map(|_| match next() % 10 {
                    0 => specials[(next() % 6) as usize],
                    _ => (next() % 11) as f64 - 5.0,
                })
                .collect();
            let mut fast = vec![0.0; 40];
            m.predict_rows(&rows, &mut fast);
            let mut walked = vec![m.file.trees.base_score; 40];
            m.walk_trees(&rows, &mut walked);
            walked
                .iter_mut()
                .for_each(|s| *s = 1.0 / (1.0 + (-*s).exp()));
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&fast), bits(&walked), "depth {depth}");
        }
    }

    #[test]
    fn the_candidate_ensemble_predicts_what_its_node_walk_does() {
        let mut next = lcg(0x2545_f491_4f6c_dd1d);
        let catalogue = &super::super::candidates::CANDIDATE_FEATURES;
        let width = catalogue.len();
        let features: Vec<String> = catalogue[..12].iter().map(|f| (*f).to_owned()).collect();
        for depth in [0, 2, 5, 6, 10] {
            let trees = TreesFile {
                base_score: 0.25,
                link: Link::Identity,
                trees: (0..40)
                    .map(|_| random_tree(&mut next, depth, features.len()))
                    .collect(),
            };
            let e = Ensemble::compile(&trees, &features, catalogue).unwrap();
            assert_eq!(e.complete.is_some(), depth <= COMPLETE_MAX_DEPTH);
            let specials = [f64::NAN, -0.0, 0.0, f64::INFINITY, f64::NEG_INFINITY, 0.5];
            // More rows than a key block, and a block left over.
            let n = 2 * KEY_BLOCK + 7;
            let rows: Vec<f64> = (0..n * width)
                .map(|_| match next() % 10 {
                    0 => specials[(next() % 6) as usize],
                    _ => (next() % 11) as f64 - 5.0,
                })
                .collect();
            let mut fast = vec![0.0; n];
            e.predict_rows(&rows, &mut fast);
            let walked: Vec<f64> = rows.chunks_exact(width).map(|r| e.predict(r)).collect();
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&fast), bits(&walked), "depth {depth}");
        }
    }

    #[test]
    fn keys_compare_as_the_numbers_do() {
        let values = [
            f64::NEG_INFINITY,
            f64::MIN,
            -1.5,
            -f64::MIN_POSITIVE,
            -5e-324,
            -0.0,
            0.0,
            5e-324,
            f64::MIN_POSITIVE,
            1.0,
            f64::MAX,
            f64::INFINITY,
        ];
        for &t in &values {
            for &x in values.iter().chain(&[f64::NAN, -f64::NAN]) {
                assert_eq!(x >= t, key(x) > key(t) - 1, "{x} >= {t}");
            }
        }
    }

    #[test]
    fn trees_too_deep_for_the_complete_layout_are_walked() {
        // A chain: each node's right child splits again, 12 deep; the row goes right all the way.
        let depth = 12;
        let mut tree = TreeFile {
            split: vec![],
            value: vec![],
            left: vec![],
            right: vec![],
        };
        for d in 0..depth {
            let i = 2 * d as u32;
            tree.split.extend([0, -1]);
            tree.value.extend([0.0, -1.0]);
            tree.left.extend([i + 1, 0]);
            tree.right.extend([i + 2, 0]);
        }
        tree.split.push(-1);
        tree.value.push(3.0);
        tree.left.push(0);
        tree.right.push(0);
        let mut file = stump();
        file.trees.trees = vec![tree];
        let m = Model::compile(file).unwrap();
        assert!(m.complete.is_none());
        let mut row = [0.0; FEATURE_COUNT];
        assert!((m.predict(&row) - 1.0 / (1.0 + (-3.0f64).exp())).abs() < 1e-12);
        row[FEATURES.iter().position(|f| f.name == "position").unwrap()] = -1.0;
        assert!((m.predict(&row) - 1.0 / (1.0 + 1.0f64.exp())).abs() < 1e-12);
    }

    #[test]
    fn round_trip_through_json() {
        let file = stump();
        let json = serde_json::to_vec(&file).unwrap();
        let m = Model::from_json(&json).unwrap();
        assert_eq!(m.file(), &file);
        assert_eq!(serde_json::to_vec(m.file()).unwrap(), json);
    }

    #[test]
    fn invalid_files_are_refused_with_a_reason() {
        let check = |file: ModelFile, needle: &str| {
            let err = Model::compile(file).unwrap_err().to_string();
            assert!(err.contains(needle), "{err}");
        };
        let mut f = stump();
        f.format = "other".into();
        check(f, "format");
        let mut f = stump();
        f.version = 99;
        check(f, "version 99");
        let mut f = stump();
        f.features[1] = "shoe size".into();
        check(f, "unknown feature 'shoe size'");
        let mut f = stump();
        f.trees.trees[0].left[0] = 0;
        check(f, "must be two unused nodes after it");
        let mut f = stump();
        f.trees.trees[0].split[0] = 7;
        check(f, "not listed");
        let mut f = stump();
        f.trees.trees[1].value.pop();
        check(f, "different lengths");
        let mut f = stump();
        f.selection.budget = BudgetFile::Threshold {
            threshold: 0.5,
            min: 3,
            max: 2,
        };
        check(f, "threshold budget");
        for bytes in [
            &b""[..],
            b"{}",
            b"\x00\x01binary",
            b"{\"format\":\"precis-model\"}",
        ] {
            let err = Model::from_json(bytes).unwrap_err();
            assert!(matches!(err, Error::InvalidModel(_)), "{err}");
        }
    }
}
