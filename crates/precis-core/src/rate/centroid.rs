//! Centroid: sentences closest to what the whole story is about.
//!
//! Radev, Jing, Styś & Tam 2004, *Centroid-based summarization of multiple documents* (MEAD): the
//! centroid is a pseudo-document of the words that are statistically important to the text — their
//! tf-idf weight — and a sentence is as good as it is close to it. For one article the centroid is
//! the sum of the content sentences' tf-idf vectors, i.e. `tf(w) · idf(w)` with the document's term
//! frequency and the in-document idf of [`Analysis::idf`]; a sentence scores the cosine between its
//! tf-idf vector and the centroid.
//!
//! Parameter ([`Centroid::default`]): `top_terms` `Some(50)` keeps only the 50 heaviest centroid
//! terms (ties to the lower term id), as MEAD keeps only words above a weight threshold: the long
//! tail of words used once adds noise that favours long sentences for their length alone. A fixed
//! count rather than a weight threshold because tf-idf weights have no scale shared across
//! stories. `None` keeps the whole centroid. On CNN/DailyMail validation 50 measured best of
//! {20, 30, 50, 75, 100, all} (ROUGE-1 37.7 lower-cased, 28.0 cased; all terms: 36.0 and 25.5).
//!
//! Linear in the number of terms. Boilerplate and sentences without terms (or without any centroid
//! term) score 0, the lowest score.

use super::Rater;
use crate::analyze::Analysis;

/// tf-idf centroid rater.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Centroid {
    /// Keep only this many of the heaviest centroid terms; `None` keeps them all.
    pub top_terms: Option<usize>,
}

impl Default for Centroid {
    fn default() -> Self {
        Centroid {
            top_terms: Some(50),
        }
    }
}

impl Centroid {
    /// The centroid as a dense vector over term ids.
    fn centroid(&self, analysis: &Analysis<'_>) -> Vec<f64> {
        let mut centroid: Vec<f64> = analysis
            .term_frequency()
            .iter()
            .zip(analysis.idf())
            .map(|(&tf, &idf)| f64::from(tf) * idf)
            .collect();
        if let Some(k) = self.top_terms {
            // Heaviest first, ties to the lower id, as one integer per term: positive weights
            // order as their bit patterns do (as `total_cmp` orders them), so the inverted bits
            // above the id sort the heaviest first, and a comparison is one integer comparison
            // rather than two loads of weights and a float comparison.
            let mut heaviest = Vec::with_capacity(centroid.len());
            for (t, &w) in centroid.iter().enumerate() {
                if w > 0.0 {
                    heaviest.push(u128::from(!w.to_bits()) << 32 | t as u128);
                }
            }
            if k < heaviest.len() {
                // Partition around the k-th heaviest (linear).
                heaviest.select_nth_unstable(k);
                for &key in &heaviest[k..] {
                    centroid[key as u32 as usize] = 0.0;
                }
            }
        }
        centroid
    }
}

impl Rater for Centroid {
    fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64> {
        let mut scores = vec![0.0; analysis.len()];
        let centroid = self.centroid(analysis);
        let norm = centroid.iter().map(|w| w * w).sum::<f64>().sqrt();
        if norm == 0.0 || !norm.is_finite() {
            return scores;
        }
        for &i in analysis.content() {
            let v = analysis.tfidf(i);
            if v.norm == 0.0 {
                continue;
            }
            let dot: f64 = v
                .entries
                .iter()
                .map(|&(t, w)| centroid[t as usize] * w)
                .sum();
            scores[i] = dot / (v.norm * norm);
        }
        scores
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::analyze::WordPipeline;

    fn rate_with(centroid: Centroid, text: &str) -> Vec<f64> {
        let doc = Document::parse(text);
        centroid.rate(&Analysis::new(&doc, &WordPipeline::default()))
    }

    const STORY: &str = "Ducks swim in the pond. \
        The storm flooded the river town and closed the river bridge. \
        Rain flooded the town. \
        The river rose overnight. \
        The bridge closed at noon.";

    #[test]
    fn the_sentence_sharing_most_with_the_others_ranks_first() {
        for top_terms in [None, Some(3), Some(20)] {
            let scores = rate_with(Centroid { top_terms }, STORY);
            assert_eq!(scores.len(), 5);
            let best = (0..5)
                .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
                .unwrap();
            assert_eq!(best, 1, "{top_terms:?}");
            assert!(scores.iter().all(|s| (0.0..=1.0 + 1e-12).contains(s)));
        }
        // With only the three heaviest terms (river, town/flood/…), the duck sentence shares none.
        assert_eq!(rate_with(Centroid { top_terms: Some(3) }, STORY)[0], 0.0);
    }

    #[test]
    fn top_terms_keeps_the_heaviest() {
        let doc = Document::parse(STORY);
        let a = Analysis::new(&doc, &WordPipeline::default());
        let c = Centroid { top_terms: Some(1) }.centroid(&a);
        let kept: Vec<&str> = (0..c.len())
            .filter(|&t| c[t] > 0.0)
            .map(|t| a.vocabulary()[t].as_str())
            .collect();
        assert_eq!(kept, ["river"]);
        assert_eq!(Centroid { top_terms: Some(0) }.rate(&a), [0.0; 5]);
    }

    #[test]
    fn degenerate_documents() {
        let c = Centroid::default();
        assert!(rate_with(c, "").is_empty());
        let one = rate_with(c, "The council met on Tuesday.");
        assert!((one[0] - 1.0).abs() < 1e-12);
        assert!(
            rate_with(c, "It was. And then it was not.")
                .iter()
                .all(|&s| s == 0.0)
        );
        let same = rate_with(c, "Rain fell. Rain fell.");
        assert!(same.iter().all(|s| (s - 1.0).abs() < 1e-12));
    }
}
