//! LexRank (stub, to be implemented).
use super::Rater;
use crate::analyze::Analysis;

/// LexRank rater.
#[derive(Debug, Clone, Default)]
pub struct LexRank;

impl Rater for LexRank {
    fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64> {
        vec![0.0; analysis.len()]
    }
}
