//! Lead: the opening of the story. On news this baseline beats most unsupervised algorithms,
//! because reporters write the most important facts first (the inverted pyramid).

use super::Rater;
use crate::analyze::Analysis;

/// Rates content sentences by position: the first gets 1, then 1/2, 1/3, …
#[derive(Debug, Clone, Copy, Default)]
pub struct Lead;

impl Rater for Lead {
    fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64> {
        let mut scores = vec![0.0; analysis.len()];
        for (rank, &i) in analysis.content().iter().enumerate() {
            scores[i] = 1.0 / (rank as f64 + 1.0);
        }
        scores
    }

    fn needs_terms(&self) -> bool {
        false
    }
}
