//! Gradient-boosted trees with forust-ml, exported to the engine's own model format.

use forust_ml::gradientbooster::GrowPolicy;
use forust_ml::objective::ObjectiveType;
use forust_ml::{GradientBooster, Matrix};
use precis_core::rate::learned::model::{Link, TreeFile, TreesFile};
use serde::Serialize;

use crate::Error;
use crate::dataset::Dataset;
use crate::labels::LabelKind;

/// Booster parameters. The defaults were chosen on validation ROUGE and speed: 70 trees of depth 6
/// at a learning rate of 0.2 scored as well as 100 at 0.15, 150 or 200 of depth 5 and 300 or 500
/// of depth 6 (within 0.1 of the mean of R1, R2 and RLsum on the tuning parts, see
/// `examples/experiment.rs` and bench/README.md) at a third of the evaluation cost of 200 trees of
/// depth 5; 50 or 40 trees (learning rate 0.25, 0.3) and 70 of depth 5 scored 0.05–0.1 lower.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Params {
    /// Number of trees.
    pub trees: usize,
    /// Depth of each tree.
    pub depth: usize,
    /// Shrinkage.
    pub learning_rate: f32,
    /// Smallest hessian sum in a leaf.
    pub min_leaf_weight: f32,
    /// L2 regularization of leaf weights.
    pub l2: f32,
    /// Histogram bins per feature.
    pub bins: u16,
    /// Seed of the booster's random choices.
    pub seed: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            trees: 70,
            depth: 6,
            learning_rate: 0.2,
            min_leaf_weight: 20.0,
            l2: 1.0,
            bins: 64,
            seed: 0,
        }
    }
}

/// Fits trees on the catalogue columns `columns` of `data` against `labels`, with logistic loss
/// (the labels are 0/1 or soft labels in `[0, 1]`), and exports them.
pub fn fit(
    data: &Dataset,
    columns: &[usize],
    labels: LabelKind,
    params: &Params,
) -> Result<TreesFile, Error> {
    export(&booster(data, columns, labels, params)?)
}

fn booster(
    data: &Dataset,
    columns: &[usize],
    labels: LabelKind,
    params: &Params,
) -> Result<GradientBooster, Error> {
    let values = data.column_major(columns);
    let matrix = Matrix::new(&values, data.len(), columns.len());
    let y = data.labels(labels);
    fit_trees(&matrix, &y, ObjectiveType::LogLoss, params)
}

/// Grows depth-wise trees with `objective` and `params` on `matrix` against `y`, every row
/// weighted 1: the one booster setup of the sentence and candidate models.
fn fit_trees(
    matrix: &Matrix<f64>,
    y: &[f64],
    objective: ObjectiveType,
    params: &Params,
) -> Result<GradientBooster, Error> {
    let weights = vec![1.0; y.len()];
    let mut booster = GradientBooster::default()
        .set_objective_type(objective)
        .set_iterations(params.trees)
        .set_learning_rate(params.learning_rate)
        .set_max_depth(params.depth)
        .set_min_leaf_weight(params.min_leaf_weight)
        .set_l2(params.l2)
        .set_nbins(params.bins)
        .set_seed(params.seed)
        .set_parallel(true);
    booster.grow_policy = GrowPolicy::DepthWise;
    booster
        .fit(matrix, y, &weights, None)
        .map_err(|e| Error::Training(e.to_string()))?;
    Ok(booster)
}

/// Fits regression trees (squared loss) on `rows` rows of `width` column-major values against
/// `y`, and exports them with the identity link (the candidate model).
pub fn fit_regression(
    values: &[f64],
    rows: usize,
    width: usize,
    y: &[f64],
    params: &Params,
) -> Result<TreesFile, Error> {
    let matrix = Matrix::new(values, rows, width);
    let booster = fit_trees(&matrix, y, ObjectiveType::SquaredLoss, params)?;
    let mut trees = export(&booster)?;
    trees.link = Link::Identity;
    Ok(trees)
}

/// Fits trees for a softmax over each story's candidates (ListNet with a soft target): the
/// target of story `s` is `softmax(y / temperature)` over its rows, the model's distribution is
/// `softmax(f)`, and each round fits one squared-loss tree to the Newton step of the cross-entropy
/// between them (gradient `p − q`, diagonal hessian `p (1 − p)`). forust has no ranking
/// objective, so the boosting loop is here and forust grows each tree; `stories` holds the
/// number of rows of each story, in order. Exported with the identity link and base score 0.
pub fn fit_listwise(
    values: &[f64],
    rows: usize,
    width: usize,
    stories: &[usize],
    y: &[f64],
    temperature: f64,
    params: &Params,
) -> Result<TreesFile, Error> {
    let matrix = Matrix::new(values, rows, width);
    let mut f = vec![0.0; rows];
    let mut target = vec![0.0; rows];
    let mut weight = vec![0.0; rows];
    let mut trees = Vec::with_capacity(params.trees);
    let softmax = |x: &mut [f64]| {
        let max = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut sum = 0.0;
        for v in x.iter_mut() {
            *v = (*v - max).exp();
            sum += *v;
        }
        x.iter_mut().for_each(|v| *v /= sum);
    };
    for round in 0..params.trees {
        let mut start = 0;
        for &n in stories {
            let range = start..start + n;
            start += n;
            let mut p = f[range.clone()].to_vec();
            let mut q: Vec<f64> = y[range.clone()].iter().map(|v| v / temperature).collect();
            softmax(&mut p);
            softmax(&mut q);
            for (k, r) in range.enumerate() {
                // A floor keeps the weights positive (forust requires it) when p is 0 or 1.
                let h = (p[k] * (1.0 - p[k])).max(1e-6);
                target[r] = (q[k] - p[k]) / h;
                weight[r] = h;
            }
        }
        let mut booster = GradientBooster::default()
            .set_objective_type(ObjectiveType::SquaredLoss)
            .set_iterations(1)
            .set_learning_rate(params.learning_rate)
            .set_max_depth(params.depth)
            .set_min_leaf_weight(params.min_leaf_weight)
            .set_l2(params.l2)
            .set_nbins(params.bins)
            .set_seed(params.seed.wrapping_add(round as u64))
            .set_base_score(0.0)
            .set_initialize_base_score(false)
            .set_parallel(true);
        booster.grow_policy = GrowPolicy::DepthWise;
        booster
            .fit(&matrix, &target, &weight, None)
            .map_err(|e| Error::Training(e.to_string()))?;
        for (v, d) in f.iter_mut().zip(booster.predict(&matrix, true)) {
            *v += d;
        }
        trees.extend(export(&booster)?.trees);
    }
    Ok(TreesFile {
        base_score: 0.0,
        link: Link::Identity,
        trees,
    })
}

/// The ensemble whose output is `wa · a + wb · b` for two identity-link ensembles: both tree
/// lists, each leaf scaled by its ensemble's weight.
pub fn blend(a: &TreesFile, wa: f64, b: &TreesFile, wb: f64) -> TreesFile {
    let scaled = |t: &TreesFile, w: f64| -> Vec<TreeFile> {
        t.trees
            .iter()
            .map(|tree| {
                let mut tree = tree.clone();
                for (split, value) in tree.split.iter().zip(tree.value.iter_mut()) {
                    if *split < 0 {
                        *value *= w;
                    }
                }
                tree
            })
            .collect()
    };
    let mut trees = scaled(a, wa);
    trees.extend(scaled(b, wb));
    TreesFile {
        base_score: wa * a.base_score + wb * b.base_score,
        link: Link::Identity,
        trees,
    }
}

/// Converts forust's trees to the engine's format (node `k` of a forust tree is `nodes[k]`, an
/// inner node sends `value < split_value` left; the data has no missing values).
fn export(booster: &GradientBooster) -> Result<TreesFile, Error> {
    let mut trees = Vec::with_capacity(booster.trees.len());
    for (t, tree) in booster.trees.iter().enumerate() {
        let n = tree.nodes.len();
        let mut out = TreeFile {
            split: Vec::with_capacity(n),
            value: Vec::with_capacity(n),
            left: Vec::with_capacity(n),
            right: Vec::with_capacity(n),
        };
        for (k, node) in tree.nodes.iter().enumerate() {
            if node.num != k {
                return Err(Error::Training(format!(
                    "tree {t}: node {k} is numbered {}",
                    node.num
                )));
            }
            if node.is_leaf {
                out.split.push(-1);
                out.value.push(f64::from(node.weight_value));
                out.left.push(0);
                out.right.push(0);
            } else {
                out.split.push(node.split_feature as i32);
                out.value.push(node.split_value);
                out.left.push(node.left_child as u32);
                out.right.push(node.right_child as u32);
            }
        }
        trees.push(out);
    }
    Ok(TreesFile {
        base_score: booster.base_score,
        link: Link::Logistic,
        trees,
    })
}

#[cfg(test)]
mod tests {
    use precis_core::rate::learned::features::{FEATURE_COUNT, FEATURES};
    use precis_core::rate::learned::model::{
        BudgetFile, FORMAT, IdfFile, Model, ModelFile, RedundancyFile, SelectionFile, VERSION,
    };

    use super::*;

    #[test]
    fn the_engine_reproduces_the_booster() {
        // 400 rows; the label depends on two of the three columns used, with noise.
        let columns = [0, 3, 16];
        let mut seed = 99u64;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut data = Dataset::default();
        for _ in 0..400 {
            let mut row = [0.0; FEATURE_COUNT];
            row[0] = (next() * 30.0).floor();
            row[3] = (next() * 40.0).floor();
            row[16] = next();
            let p = if row[0] < 3.0 { 0.7 } else { 0.1 } + if row[16] > 0.5 { 0.2 } else { 0.0 };
            data.rows.extend(row);
            data.oracle.push(f64::from(u8::from(next() < p)));
            data.gain.push(p);
        }
        data.doc_rows.push(400);
        let params = Params {
            trees: 15,
            depth: 4,
            min_leaf_weight: 1.0,
            ..Params::default()
        };
        let booster = booster(&data, &columns, LabelKind::Oracle, &params).unwrap();
        let file = ModelFile {
            format: FORMAT.into(),
            version: VERSION,
            features: columns
                .iter()
                .map(|&c| FEATURES[c].name.to_owned())
                .collect(),
            trees: export(&booster).unwrap(),
            selection: SelectionFile {
                budget: BudgetFile::Sentences(3),
                redundancy: RedundancyFile::None,
            },
            horizon: None,
            idf: IdfFile {
                documents: 0,
                step: 0.05,
                unknown: 1.0,
                terms: vec![],
                levels: vec![],
            },
            training: serde_json::Value::Null,
            candidates: None,
        };
        let model = Model::compile(file).unwrap();
        let values = data.column_major(&columns);
        let expected = booster.predict(&Matrix::new(&values, data.len(), columns.len()), false);
        for (r, raw) in expected.iter().enumerate() {
            let p = model.predict(&data.rows[r * FEATURE_COUNT..(r + 1) * FEATURE_COUNT]);
            let want = 1.0 / (1.0 + (-raw).exp());
            assert!((p - want).abs() < 1e-12, "row {r}: {p} vs {want}");
        }
    }

    #[test]
    fn a_blend_outputs_the_weighted_sum_of_both_ensembles() {
        // a: one stump on feature 0 plus base 1; b: two stumps on feature 1, base 0.
        let stump = |feature: i32, at: f64, low: f64, high: f64| TreeFile {
            split: vec![feature, -1, -1],
            value: vec![at, low, high],
            left: vec![1, 0, 0],
            right: vec![2, 0, 0],
        };
        let a = TreesFile {
            base_score: 1.0,
            link: Link::Identity,
            trees: vec![stump(0, 0.5, -2.0, 3.0)],
        };
        let b = TreesFile {
            base_score: 0.0,
            link: Link::Identity,
            trees: vec![stump(1, 0.5, 1.0, -1.0), stump(1, 0.25, 0.5, 4.0)],
        };
        let walk = |t: &TreesFile, x: [f64; 2]| -> f64 {
            t.base_score
                + t.trees
                    .iter()
                    .map(|tree| {
                        let mut k = 0;
                        while tree.split[k] >= 0 {
                            k = if x[tree.split[k] as usize] < tree.value[k] {
                                tree.left[k]
                            } else {
                                tree.right[k]
                            } as usize;
                        }
                        tree.value[k]
                    })
                    .sum::<f64>()
        };
        let mixed = blend(&a, 0.25, &b, 6.0);
        assert_eq!(mixed.trees.len(), 3);
        for x in [[0.0, 0.0], [0.7, 0.1], [0.2, 0.3], [0.9, 0.9]] {
            let want = 0.25 * walk(&a, x) + 6.0 * walk(&b, x);
            assert!((walk(&mixed, x) - want).abs() < 1e-12, "{x:?}");
        }
    }

    #[test]
    fn the_listwise_trees_rank_each_story_s_best_candidate_first() {
        // 60 stories of 6 candidates; the label grows with column 0 and falls with column 1,
        // column 2 is noise.
        let mut seed = 7u64;
        let mut next = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let (stories, per) = (60, 6);
        let rows = stories * per;
        let mut columns = vec![vec![0.0; rows]; 3];
        let mut labels = vec![0.0; rows];
        for r in 0..rows {
            for column in columns.iter_mut() {
                column[r] = next();
            }
            labels[r] = 10.0 * columns[0][r] - 5.0 * columns[1][r];
        }
        let values: Vec<f64> = columns.concat();
        let params = Params {
            trees: 30,
            depth: 3,
            learning_rate: 0.3,
            min_leaf_weight: 0.5,
            ..Params::default()
        };
        let trees =
            fit_listwise(&values, rows, 3, &vec![per; stories], &labels, 1.0, &params).unwrap();
        assert_eq!(trees.trees.len(), 30);
        assert_eq!(trees.link, Link::Identity);
        // The engine's walk of the exported trees, by hand: the sum of each tree's leaf.
        let predict = |r: usize| -> f64 {
            trees
                .trees
                .iter()
                .map(|t| {
                    let mut k = 0;
                    while t.split[k] >= 0 {
                        let x = columns[t.split[k] as usize][r];
                        k = if x < t.value[k] {
                            t.left[k]
                        } else {
                            t.right[k]
                        } as usize;
                    }
                    t.value[k]
                })
                .sum()
        };
        let argmax = |f: &dyn Fn(usize) -> f64, s: usize| {
            (s * per..(s + 1) * per)
                .max_by(|&a, &b| f(a).total_cmp(&f(b)))
                .unwrap()
        };
        let right = (0..stories)
            .filter(|&s| argmax(&predict, s) == argmax(&|r| labels[r], s))
            .count();
        // A random pick finds the best of 6 in a sixth of the stories.
        assert!(right >= stories * 2 / 3, "{right} of {stories}");
    }
}
