//! SumBasic (stub, to be implemented).
use super::Rater;
use crate::analyze::Analysis;

/// SumBasic rater.
#[derive(Debug, Clone, Default)]
pub struct SumBasic;

impl Rater for SumBasic {
    fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64> {
        vec![0.0; analysis.len()]
    }
}
