//! Luhn: sentences with the densest clusters of significant words.
//!
//! Luhn 1958, *The automatic creation of literature abstracts*: a word is *significant* when it is
//! frequent in the document but not a common function word (the word pipeline's stop list is
//! Luhn's upper frequency cut-off, `min_frequency` his lower one). In a sentence, significant words
//! no more than `max_gap` insignificant words apart form a cluster; a cluster scores
//! `significant² / span`, where the span runs from its first to its last significant word, and a
//! sentence scores its best cluster.
//!
//! Positions are counted over the sentence's terms, i.e. with stop words already removed, so the
//! shared [`Analysis`] is reused as it is. Luhn allowed four or five insignificant *words*; in news
//! roughly half the words are stop words, hence `max_gap` 2 terms.
//!
//! Parameters ([`Luhn::default`]):
//! - `min_frequency` 2: a term is significant when it occurs at least twice in the content
//!   sentences — a word the story repeats (as sumy does). A cut-off of 3 leaves short stories with
//!   hardly any significant word, and lost 1 ROUGE-1 on CNN/DailyMail validation (lower-cased).
//! - `max_gap` 2: see above; gaps of 1 to 4 measured within 0.1 ROUGE of each other.
//!
//! A lone significant word is a cluster of span 1 and scores 1, so a sentence with any significant
//! word beats one with none; sentences with no significant word (or no terms) score 0, the lowest.
//! Linear in the number of terms.

use super::Rater;
use crate::analyze::Analysis;

/// Luhn rater.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Luhn {
    /// A term is significant when it occurs at least this often in the content sentences.
    pub min_frequency: u32,
    /// Most insignificant terms allowed between two significant ones of the same cluster.
    pub max_gap: usize,
}

impl Default for Luhn {
    fn default() -> Self {
        Luhn {
            min_frequency: 2,
            max_gap: 2,
        }
    }
}

impl Luhn {
    /// The best cluster score of a sentence with terms `terms`.
    fn best_cluster(&self, terms: &[u32], significant: &[bool]) -> f64 {
        // (position of the first significant term, of the last, number of significant terms)
        let mut cluster: Option<(usize, usize, u32)> = None;
        let mut best = 0.0f64;
        let score = |(first, last, count): (usize, usize, u32)| {
            f64::from(count).powi(2) / (last - first + 1) as f64
        };
        for (pos, &t) in terms.iter().enumerate() {
            if !significant[t as usize] {
                continue;
            }
            cluster = match cluster {
                Some((first, last, count)) if pos - last - 1 <= self.max_gap => {
                    Some((first, pos, count + 1))
                }
                Some(done) => {
                    best = best.max(score(done));
                    Some((pos, pos, 1))
                }
                None => Some((pos, pos, 1)),
            };
        }
        if let Some(done) = cluster {
            best = best.max(score(done));
        }
        best
    }
}

impl Rater for Luhn {
    fn rate(&self, analysis: &Analysis<'_>) -> Vec<f64> {
        let mut scores = vec![0.0; analysis.len()];
        let significant: Vec<bool> = analysis
            .term_frequency()
            .iter()
            .map(|&f| f >= self.min_frequency.max(1))
            .collect();
        for &i in analysis.content() {
            scores[i] = self.best_cluster(analysis.terms(i), &significant);
        }
        scores
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;
    use crate::analyze::WordPipeline;

    fn rate(text: &str) -> Vec<f64> {
        let doc = Document::parse(text);
        let a = Analysis::new(&doc, &WordPipeline::default());
        Luhn::default().rate(&a)
    }

    #[test]
    fn clusters() {
        let luhn = Luhn::default();
        let s = [true, true, false];
        // significant terms 0 and 1 at positions 0, 1, 4: one cluster of 3 over a span of 5.
        assert_eq!(luhn.best_cluster(&[0, 1, 2, 2, 0], &s), 9.0 / 5.0);
        // a gap of 3 splits it: the best is the pair at the start.
        assert_eq!(luhn.best_cluster(&[0, 1, 2, 2, 2, 0], &s), 2.0);
        assert_eq!(luhn.best_cluster(&[2, 0, 2], &s), 1.0);
        assert_eq!(luhn.best_cluster(&[2, 2], &s), 0.0);
        assert_eq!(luhn.best_cluster(&[], &s), 0.0);
    }

    #[test]
    fn dense_repeated_words_win() {
        let scores = rate(
            "Flood waters hit the river town. \
             Ducks swim in a pond near a barn. \
             Flood waters closed the river bridge in town. \
             The mayor spoke.",
        );
        assert_eq!(scores.len(), 4);
        assert!(scores[0] > scores[3] && scores[2] > scores[3]);
        assert_eq!(scores[1], 0.0);
    }

    #[test]
    fn degenerate_documents() {
        assert!(rate("").is_empty());
        assert_eq!(rate("The council met on Tuesday."), [0.0]);
        assert!(
            rate("It was. And then it was not.")
                .iter()
                .all(|&s| s == 0.0)
        );
        assert!(rate("Rain fell. Rain fell.").iter().all(|&s| s == 2.0));
    }
}
