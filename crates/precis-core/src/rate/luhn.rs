//! Luhn (stub, to be implemented).
use super::Rater;
use crate::analyze::Analysis;

/// Luhn rater.
#[derive(Debug, Clone, Default)]
pub struct Luhn;

impl Rater for Luhn {
    fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64> {
        vec![0.0; analysis.len()]
    }
}
