//! Lsa (stub, to be implemented).
use super::Rater;
use crate::analyze::Analysis;

/// Lsa rater.
#[derive(Debug, Clone, Default)]
pub struct Lsa;

impl Rater for Lsa {
    fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64> {
        vec![0.0; analysis.len()]
    }
}
