//! Stage 3 — analysis: word tokens → terms → per-document term statistics.
//!
//! [`Analysis`] is computed once per document and shared by every rater: the vocabulary, each
//! sentence's terms, term and sentence frequencies, in-document IDF and L2-normalized tf-idf
//! sentence vectors. Boilerplate sentences get terms too (for inspection) but are left out of every
//! statistic, so furniture never shapes a rating.

mod pipeline;
mod stopwords;
pub mod tokenize;

pub use pipeline::{Language, Normalize, Stem, StopWords, TokenFilter, WordPipeline};

use rustc_hash::FxHashMap;

use crate::document::Document;

/// A sparse vector over term ids, sorted by id, with its L2 norm.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseVector {
    /// `(term id, weight)` pairs sorted by term id.
    pub entries: Vec<(u32, f64)>,
    /// The vector's Euclidean norm.
    pub norm: f64,
}

impl SparseVector {
    fn new(entries: Vec<(u32, f64)>) -> Self {
        let norm = entries.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        SparseVector { entries, norm }
    }

    /// Dot product of two sparse vectors (merge of the sorted entries).
    pub fn dot(&self, other: &SparseVector) -> f64 {
        let (a, b) = (&self.entries, &other.entries);
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    /// Cosine similarity; 0 when either vector is empty.
    pub fn cosine(&self, other: &SparseVector) -> f64 {
        if self.norm == 0.0 || other.norm == 0.0 {
            0.0
        } else {
            self.dot(other) / (self.norm * other.norm)
        }
    }
}

/// Term statistics of one document, shared by all raters.
#[derive(Debug)]
pub struct Analysis<'d> {
    doc: &'d Document,
    vocabulary: Vec<String>,
    sentence_terms: Vec<Vec<u32>>,
    term_counts: Vec<Vec<(u32, u32)>>,
    tfidf: Vec<SparseVector>,
    content: Vec<usize>,
    sentence_frequency: Vec<u32>,
    term_frequency: Vec<u32>,
    idf: Vec<f64>,
    total_terms: u64,
}

impl<'d> Analysis<'d> {
    /// Analyzes `doc` with `pipeline`.
    pub fn new(doc: &'d Document, pipeline: &WordPipeline) -> Analysis<'d> {
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut vocabulary = Vec::new();
        let mut sentence_terms = Vec::with_capacity(doc.sentences().len());
        // Raw word → term id (or none), so each distinct word of the document is looked up once.
        let mut seen: FxHashMap<&str, Option<u32>> = FxHashMap::default();
        for s in doc.sentences() {
            let mut terms = Vec::with_capacity(s.tokens.len());
            for t in doc.sentence_tokens(s) {
                let word = doc.token_text(t);
                let id = *seen.entry(word).or_insert_with(|| {
                    pipeline.with_term(word, |term| {
                        term.map(|term| match ids.get(term) {
                            Some(&id) => id,
                            None => {
                                let id = vocabulary.len() as u32;
                                vocabulary.push(term.to_owned());
                                ids.insert(term.to_owned(), id);
                                id
                            }
                        })
                    })
                });
                if let Some(id) = id {
                    terms.push(id);
                }
            }
            sentence_terms.push(terms);
        }
        let v = vocabulary.len();
        let content: Vec<usize> = doc
            .sentences()
            .iter()
            .filter(|s| s.is_content())
            .map(|s| s.index)
            .collect();
        let mut term_counts = Vec::with_capacity(sentence_terms.len());
        for terms in &sentence_terms {
            let mut sorted = terms.clone();
            sorted.sort_unstable();
            let mut counts: Vec<(u32, u32)> = Vec::new();
            for t in sorted {
                match counts.last_mut() {
                    Some((last, c)) if *last == t => *c += 1,
                    _ => counts.push((t, 1)),
                }
            }
            term_counts.push(counts);
        }
        let mut sentence_frequency = vec![0u32; v];
        let mut term_frequency = vec![0u32; v];
        let mut total_terms = 0u64;
        for &i in &content {
            for &(t, c) in &term_counts[i] {
                sentence_frequency[t as usize] += 1;
                term_frequency[t as usize] += c;
                total_terms += u64::from(c);
            }
        }
        let n = content.len() as f64;
        // Smoothed in-document IDF: positive for every term, highest for terms of one sentence.
        let idf: Vec<f64> = sentence_frequency
            .iter()
            .map(|&df| ((1.0 + n) / (1.0 + f64::from(df))).ln() + 1.0)
            .collect();
        let tfidf = term_counts
            .iter()
            .map(|counts| {
                SparseVector::new(
                    counts
                        .iter()
                        .map(|&(t, c)| (t, f64::from(c) * idf[t as usize]))
                        .collect(),
                )
            })
            .collect();
        Analysis {
            doc,
            vocabulary,
            sentence_terms,
            term_counts,
            tfidf,
            content,
            sentence_frequency,
            term_frequency,
            idf,
            total_terms,
        }
    }

    /// The analyzed document.
    pub fn document(&self) -> &'d Document {
        self.doc
    }

    /// Number of sentences (content and boilerplate).
    pub fn len(&self) -> usize {
        self.sentence_terms.len()
    }

    /// True when the document has no sentence.
    pub fn is_empty(&self) -> bool {
        self.sentence_terms.is_empty()
    }

    /// Indices of the content (non-boilerplate) sentences, in document order.
    pub fn content(&self) -> &[usize] {
        &self.content
    }

    /// True when sentence `i` is content.
    pub fn is_content(&self, i: usize) -> bool {
        self.doc.sentences()[i].is_content()
    }

    /// The distinct terms (stems) of the document; a term id indexes this.
    pub fn vocabulary(&self) -> &[String] {
        &self.vocabulary
    }

    /// The terms of sentence `i`, in order, stop words removed.
    pub fn terms(&self, i: usize) -> &[u32] {
        &self.sentence_terms[i]
    }

    /// `(term, count)` pairs of sentence `i`, sorted by term id.
    pub fn term_counts(&self, i: usize) -> &[(u32, u32)] {
        &self.term_counts[i]
    }

    /// The L2-normalizable tf-idf vector of sentence `i`.
    pub fn tfidf(&self, i: usize) -> &SparseVector {
        &self.tfidf[i]
    }

    /// Number of content sentences containing each term.
    pub fn sentence_frequency(&self) -> &[u32] {
        &self.sentence_frequency
    }

    /// Occurrences of each term in content sentences.
    pub fn term_frequency(&self) -> &[u32] {
        &self.term_frequency
    }

    /// Total term occurrences in content sentences.
    pub fn total_terms(&self) -> u64 {
        self.total_terms
    }

    /// Smoothed in-document inverse sentence frequency of each term.
    pub fn idf(&self) -> &[f64] {
        &self.idf
    }

    /// Number of words (all word tokens, stop words included) in sentence `i`.
    pub fn word_count(&self, i: usize) -> usize {
        self.doc.sentences()[i].tokens.len()
    }

    /// Cosine similarity of the tf-idf vectors of sentences `i` and `j`.
    pub fn similarity(&self, i: usize, j: usize) -> f64 {
        self.tfidf[i].cosine(&self.tfidf[j])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics() {
        let doc = Document::parse("Cats chase mice. Dogs chase cats. By . Daily Mail Reporter .");
        let a = Analysis::new(&doc, &WordPipeline::default());
        assert_eq!(a.content().len(), 2);
        let cat = a.vocabulary().iter().position(|t| t == "cat").unwrap();
        assert_eq!(a.sentence_frequency()[cat], 2);
        assert_eq!(a.term_frequency()[cat], 2);
        assert!(a.similarity(0, 1) > 0.0);
        assert!((a.similarity(0, 0) - 1.0).abs() < 1e-12);
    }
}
