//! Validation: ROUGE of a rater under many selection policies, and the policy search.

use std::path::Path;

use precis_core::analyze::{Analysis, WordPipeline};
use precis_core::{Budget, Document, Rater, Redundancy, Selector, Strategy};
use precis_eval::dataset::Source;
use precis_eval::stats::{MIX_CNN, MIX_DAILYMAIL};
use precis_rouge::{RougeScorer, RougeType, Score};
use rayon::prelude::*;
use serde::Serialize;

use crate::Error;
use crate::corpus::{self, Part};

/// One validation article, segmented once.
pub struct EvalDoc {
    /// The article.
    pub doc: Document,
    /// Its highlights, one per line.
    pub highlights: String,
    /// Its source, for per-source figures and the mix.
    pub source: Source,
}

/// The articles of one part of a validation file.
pub struct EvalSet {
    /// File name and part, e.g. `validation_lower.jsonl.gz (tuning)`.
    pub name: String,
    /// The articles.
    pub docs: Vec<EvalDoc>,
}

impl EvalSet {
    /// Reads the articles of `part` of `path` (all of them when `part` is `None`), detailing the
    /// first `horizon` content sentences of each (all when `None`).
    pub fn load(path: &Path, part: Option<Part>, horizon: Option<usize>) -> Result<EvalSet, Error> {
        let articles = corpus::read(path, None)?;
        let file = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let docs = articles
            .into_par_iter()
            .filter(|a| part.is_none_or(|p| corpus::part(&a.id) == p))
            .map(|a| EvalDoc {
                doc: crate::parse(&a.article, horizon),
                highlights: a.highlights,
                source: a.source,
            })
            .collect();
        let name = match part {
            Some(p) => format!("{file} ({})", p.name()),
            None => file,
        };
        Ok(EvalSet { name, docs })
    }

    /// The ratings of every article.
    pub fn rate(&self, rater: &dyn Rater) -> Vec<Vec<f64>> {
        let pipeline = WordPipeline::default();
        self.docs
            .par_iter()
            .map(|d| rater.rate(&Analysis::new(&d.doc, &pipeline)))
            .collect()
    }

    /// ROUGE of the summaries `strategy` chooses under `selector`: the headline figures.
    pub fn evaluate_strategy(&self, strategy: &dyn Strategy, selector: &Selector) -> [f64; 4] {
        let pipeline = WordPipeline::default();
        let scorer = RougeScorer::new(&RougeType::STANDARD).stemming(true);
        let docs: Vec<(Source, [Score; 4])> = self
            .docs
            .par_iter()
            .map(|d| {
                let analysis = Analysis::new(&d.doc, &pipeline);
                let picked = strategy.choose(&analysis, selector).picked;
                let r = scorer.score(
                    &d.highlights,
                    &crate::candidates::summary_text(&d.doc, &picked),
                );
                (
                    d.source,
                    RougeType::STANDARD.map(|t| r.get(t).copied().unwrap_or(Score::ZERO)),
                )
            })
            .collect();
        headline(&docs)
    }

    /// ROUGE of the summaries `selectors` pick from `scores`: the headline figures per selector.
    pub fn evaluate(&self, scores: &[Vec<f64>], selectors: &[Selector]) -> Vec<[f64; 4]> {
        let pipeline = WordPipeline::default();
        let scorer = RougeScorer::new(&RougeType::STANDARD).stemming(true);
        // Per article, the scores under every selector: analysis once per article.
        let per_doc: Vec<Vec<[Score; 4]>> = self
            .docs
            .par_iter()
            .zip(scores)
            .map(|(d, s)| {
                let analysis = Analysis::new(&d.doc, &pipeline);
                // Policies often pick the same sentences: score each distinct summary once.
                let mut seen: Vec<(Vec<usize>, [Score; 4])> = Vec::new();
                selectors
                    .iter()
                    .map(|selector| {
                        let picked = selector.select(&analysis, s);
                        if let Some((_, scores)) = seen.iter().find(|(p, _)| *p == picked) {
                            return *scores;
                        }
                        let summary = picked
                            .iter()
                            .map(|&i| {
                                precis_core::engine::collapse_space(
                                    d.doc.sentence_text(&d.doc.sentences()[i]),
                                )
                            })
                            .collect::<Vec<_>>()
                            .join("\n");
                        let r = scorer.score(&d.highlights, &summary);
                        let scores =
                            RougeType::STANDARD.map(|t| r.get(t).copied().unwrap_or(Score::ZERO));
                        seen.push((picked, scores));
                        scores
                    })
                    .collect()
            })
            .collect();
        (0..selectors.len())
            .map(|k| {
                let docs: Vec<(Source, [Score; 4])> = self
                    .docs
                    .iter()
                    .zip(&per_doc)
                    .map(|(d, s)| (d.source, s[k]))
                    .collect();
                headline(&docs)
            })
            .collect()
    }
}

/// ROUGE-1, ROUGE-2, ROUGE-L, ROUGE-Lsum mean F1 ×100, as `precis eval` reports them: the
/// CNN/DailyMail mix when both sources are present, else over all articles. (Means only: the
/// search compares hundreds of policies and needs no bootstrap intervals.)
pub fn headline(docs: &[(Source, [Score; 4])]) -> [f64; 4] {
    let mean = |keep: &dyn Fn(Source) -> bool| -> Option<[f64; 4]> {
        let picked: Vec<&[Score; 4]> = docs
            .iter()
            .filter(|(s, _)| keep(*s))
            .map(|(_, f)| f)
            .collect();
        (!picked.is_empty()).then(|| {
            std::array::from_fn(|k| {
                100.0 * picked.iter().map(|f| f[k].fmeasure).sum::<f64>() / picked.len() as f64
            })
        })
    };
    match (
        mean(&|s| s == Source::Cnn),
        mean(&|s| s == Source::DailyMail),
    ) {
        (Some(c), Some(d)) => std::array::from_fn(|k| MIX_CNN * c[k] + MIX_DAILYMAIL * d[k]),
        _ => mean(&|_| true).unwrap_or([0.0; 4]),
    }
}

/// The figure the policy search maximizes: the mean of ROUGE-1, ROUGE-2 and ROUGE-Lsum.
pub fn objective(figures: &[f64; 4]) -> f64 {
    let [r1, r2, _, rlsum] = *figures;
    (r1 + r2 + rlsum) / 3.0
}

/// A short description of a selector, for reports.
pub fn describe(s: &Selector) -> String {
    let budget = match s.budget {
        Budget::Sentences(n) => format!("{n} sentences"),
        Budget::Words(n) => format!("{n} words"),
        Budget::Threshold { score, min, max } => {
            format!("score ≥ {score:.2}, {min}–{max} sentences")
        }
    };
    let redundancy = match s.redundancy {
        Redundancy::None => "no redundancy control".to_owned(),
        Redundancy::Trigram => "trigram blocking".to_owned(),
        Redundancy::Mmr { lambda } => format!("MMR λ={lambda}"),
    };
    format!("{budget}, {redundancy}")
}

/// The policies the search tries: fixed lengths of 2 to 4 sentences and score thresholds with
/// bounds, each with and without trigram blocking.
pub fn candidate_policies() -> Vec<Selector> {
    let mut budgets: Vec<Budget> = (2..=4).map(Budget::Sentences).collect();
    for min in 1..=3 {
        for max in 3..=5 {
            if min >= max {
                continue;
            }
            for step in 2..=12 {
                budgets.push(Budget::Threshold {
                    score: f64::from(step) * 0.05,
                    min,
                    max,
                });
            }
        }
    }
    let mut out = Vec::new();
    for redundancy in [Redundancy::None, Redundancy::Trigram] {
        for &budget in &budgets {
            out.push(Selector { budget, redundancy });
        }
    }
    out
}

/// The outcome of a policy search.
#[derive(Debug, Clone, Serialize)]
pub struct Tuned {
    /// The best policy.
    #[serde(skip)]
    pub selector: Selector,
    /// Its description.
    pub policy: String,
    /// Its objective (mean over the tuning sets).
    pub objective: f64,
    /// ROUGE-1/2/L/Lsum per tuning set under the chosen policy.
    pub figures: Vec<(String, [f64; 4])>,
}

/// Picks the policy with the best mean [`objective`] over `sets` (rated by `scores`); ties go to
/// the earlier candidate.
pub fn tune(sets: &[(&EvalSet, Vec<Vec<f64>>)], candidates: &[Selector]) -> Tuned {
    let reports: Vec<Vec<[f64; 4]>> = sets
        .iter()
        .map(|(set, s)| set.evaluate(s, candidates))
        .collect();
    let mut best = 0;
    let mut best_value = f64::NEG_INFINITY;
    for k in 0..candidates.len() {
        let value =
            reports.iter().map(|r| objective(&r[k])).sum::<f64>() / sets.len().max(1) as f64;
        if value > best_value + 1e-12 {
            best = k;
            best_value = value;
        }
    }
    Tuned {
        selector: candidates[best],
        policy: describe(&candidates[best]),
        objective: best_value,
        figures: sets
            .iter()
            .zip(&reports)
            .map(|((set, _), r)| (set.name.clone(), round2(r[best])))
            .collect(),
    }
}

fn round2(v: [f64; 4]) -> [f64; 4] {
    v.map(|x| (x * 100.0).round() / 100.0)
}
