//! KlSum (stub, to be implemented).
use super::Rater;
use crate::analyze::Analysis;

/// KlSum rater.
#[derive(Debug, Clone, Default)]
pub struct KlSum;

impl Rater for KlSum {
    fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64> {
        vec![0.0; analysis.len()]
    }
}
