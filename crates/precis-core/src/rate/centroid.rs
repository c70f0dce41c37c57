//! Centroid (stub, to be implemented).
use super::Rater;
use crate::analyze::Analysis;

/// tf-idf centroid rater.
#[derive(Debug, Clone, Default)]
pub struct Centroid;

impl Rater for Centroid {
    fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64> {
        vec![0.0; analysis.len()]
    }
}
