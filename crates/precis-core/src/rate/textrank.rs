//! TextRank (stub, to be implemented).
use super::Rater;
use crate::analyze::Analysis;

/// TextRank rater.
#[derive(Debug, Clone, Default)]
pub struct TextRank;

impl Rater for TextRank {
    fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64> {
        vec![0.0; analysis.len()]
    }
}
