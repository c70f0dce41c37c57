//! The ablation: validation ROUGE of the model with each feature group left out.
//!
//! Every variant is trained on the same prepared data with the same labels, parameters and seed,
//! and judged with the same selection policy (the one given, normally the full model's tuned
//! policy) on the same validation sets, so the rows differ only by the features.

use precis_core::Selector;
use precis_core::rate::Learned;
use precis_core::rate::learned::features::Group;
use precis_core::rate::learned::model::Model;
use serde::Serialize;

use crate::evaluate::EvalSet;
use crate::{Error, Prepared, TrainOptions, fit, to_bytes};

/// One row of the ablation: a feature set and its figures per validation set.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// `all features`, or `− group`.
    pub variant: String,
    /// Number of features the variant uses.
    pub features: usize,
    /// `(set, [R1, R2, RL, RLsum])` per validation set.
    pub figures: Vec<(String, [f64; 4])>,
}

/// Trains the full model and one model per group left out (only groups in `options.groups`),
/// and evaluates each on `sets` with `selection`. `log` receives each row as it is done.
pub fn run(
    prepared: &Prepared,
    options: &TrainOptions,
    sets: &[EvalSet],
    selection: Selector,
    log: &mut dyn FnMut(&Row),
) -> Result<Vec<Row>, Error> {
    let mut variants = vec![("all features".to_owned(), options.groups)];
    for g in Group::ALL {
        if options.groups.contains(g) {
            variants.push((format!("− {}", g.name()), options.groups.without(g)));
        }
    }
    let mut rows = Vec::new();
    for (variant, groups) in variants {
        let opts = TrainOptions {
            groups,
            ..options.clone()
        };
        let file = fit(prepared, &opts, selection)?;
        let rater = Learned::from_model(Model::from_json(&to_bytes(&file))?);
        let figures = sets
            .iter()
            .map(|set| {
                let scores = set.rate(&rater);
                (set.name.clone(), set.evaluate(&scores, &[selection])[0])
            })
            .collect();
        let row = Row {
            variant,
            features: file.features.len(),
            figures,
        };
        log(&row);
        rows.push(row);
    }
    Ok(rows)
}

/// The rows as a text table: ROUGE-1/2/Lsum per set, and the change against the full model.
pub fn table(rows: &[Row]) -> String {
    let mut out = String::new();
    let Some(full) = rows.first() else {
        return out;
    };
    for (k, (set, _)) in full.figures.iter().enumerate() {
        out.push_str(&format!("{set}\n"));
        out.push_str(&format!(
            "{:<16} {:>4} {:>8} {:>8} {:>8}   {:>6} {:>6} {:>6}\n",
            "variant", "feat", "R1", "R2", "RLsum", "ΔR1", "ΔR2", "ΔRLsum"
        ));
        let base = full.figures[k].1;
        for row in rows {
            let f = row.figures[k].1;
            out.push_str(&format!(
                "{:<16} {:>4} {:>8.2} {:>8.2} {:>8.2}   {:>+6.2} {:>+6.2} {:>+6.2}\n",
                row.variant,
                row.features,
                f[0],
                f[1],
                f[3],
                f[0] - base[0],
                f[1] - base[1],
                f[3] - base[3]
            ));
        }
    }
    out
}
