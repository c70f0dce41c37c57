//! The training matrix: one row of features per rated sentence, with both kinds of labels.

use precis_core::analyze::{Analysis, WordPipeline};
use precis_core::rate::learned::features::{self, FEATURE_COUNT, FeatureSet};
use precis_core::rate::learned::model::CorpusIdf;
use precis_eval::dataset::Article;
use rayon::prelude::*;

use crate::labels::{self, LabelKind};

/// Features and labels of many documents, rows in document order.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// Row-major features, [`FEATURE_COUNT`] per row (the whole catalogue).
    pub rows: Vec<f64>,
    /// Oracle labels, one per row.
    pub oracle: Vec<f64>,
    /// Normalized ROUGE-gain labels, one per row.
    pub gain: Vec<f64>,
    /// Number of rows of each document, in input order.
    pub doc_rows: Vec<usize>,
}

impl Dataset {
    /// Extracts every feature and both labels from `articles` (in parallel; the result does not
    /// depend on the thread count).
    /// Only the first `horizon` content sentences of each article are rows (all when `None`).
    pub fn build(articles: &[Article], idf: &CorpusIdf, horizon: Option<usize>) -> Dataset {
        let pipeline = WordPipeline::default();
        let per_doc: Vec<(Vec<f64>, labels::Labels)> = articles
            .par_iter()
            .map(|a| {
                let doc = crate::parse(&a.article, horizon);
                let analysis = Analysis::new(&doc, &pipeline);
                let rows = features::extract(&analysis, idf, FeatureSet::all());
                let labels = labels::labels(&doc, &a.highlights, &rows.sentences);
                (rows.values, labels)
            })
            .collect();
        let mut data = Dataset::default();
        for (rows, labels) in per_doc {
            data.doc_rows.push(labels.oracle.len());
            data.rows.extend(rows);
            data.oracle.extend(labels.oracle);
            data.gain.extend(labels.gain);
        }
        data
    }

    /// The documents whose `keep` is true, rows in the same order.
    pub fn subset(&self, keep: &[bool]) -> Dataset {
        let mut out = Dataset::default();
        let mut start = 0;
        for (d, &rows) in self.doc_rows.iter().enumerate() {
            let end = start + rows;
            if keep.get(d).copied().unwrap_or(false) {
                out.doc_rows.push(rows);
                out.rows
                    .extend_from_slice(&self.rows[start * FEATURE_COUNT..end * FEATURE_COUNT]);
                out.oracle.extend_from_slice(&self.oracle[start..end]);
                out.gain.extend_from_slice(&self.gain[start..end]);
            }
            start = end;
        }
        out
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.oracle.len()
    }

    /// True when there is no row.
    pub fn is_empty(&self) -> bool {
        self.oracle.is_empty()
    }

    /// The labels of `kind`, one per row.
    pub fn labels(&self, kind: LabelKind) -> Vec<f64> {
        match kind {
            LabelKind::Oracle => self.oracle.clone(),
            LabelKind::Gain => self.gain.clone(),
            LabelKind::Mixed => self
                .oracle
                .iter()
                .zip(&self.gain)
                .map(|(o, g)| 0.5 * (o + g))
                .collect(),
        }
    }

    /// The columns `columns` (indices into the catalogue), column-major, as the booster wants.
    pub fn column_major(&self, columns: &[usize]) -> Vec<f64> {
        let n = self.len();
        let mut out = Vec::with_capacity(n * columns.len());
        for &c in columns {
            out.extend((0..n).map(|r| self.rows[r * FEATURE_COUNT + c]));
        }
        out
    }
}
