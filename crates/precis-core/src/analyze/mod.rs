//! Stage 3 — analysis: word tokens → terms → per-document term statistics.
//!
//! [`Analysis`] is computed once per document and shared by every rater: the vocabulary, each
//! sentence's terms, term and sentence frequencies, in-document IDF and L2-normalized tf-idf
//! sentence vectors. Boilerplate sentences get terms too (for inspection) but are left out of every
//! statistic, so furniture never shapes a rating.

mod english;
mod pipeline;
pub(crate) mod stopwords;
mod table;
pub mod tokenize;

pub use pipeline::{Normalize, Stem, StopWords, TokenFilter, WordPipeline};

use crate::deadline::Deadline;
use crate::document::Document;

/// Fewest words of a sentence that says something on its own ([`Analysis::carries_content`]).
pub const MIN_CONTENT_WORDS: usize = 5;
/// Fewest terms (words that are not stop words) of a sentence that says something on its own.
pub const MIN_CONTENT_TERMS: usize = 3;

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
    /// The terms of every sentence, one after the other; sentence `i`'s are
    /// `terms[term_starts[i]..term_starts[i + 1]]` (one allocation instead of one per sentence).
    terms: Vec<u32>,
    term_starts: Vec<usize>,
    /// `(term, count)` pairs of every sentence, laid out like `terms`.
    counts: Vec<(u32, u32)>,
    count_starts: Vec<usize>,
    tfidf: Vec<SparseVector>,
    content: Vec<usize>,
    sentence_frequency: Vec<u32>,
    term_frequency: Vec<u32>,
    idf: Vec<f64>,
    total_terms: u64,
    deadline: Deadline,
}

impl<'d> Analysis<'d> {
    /// Analyzes `doc` with `pipeline`.
    pub fn new(doc: &'d Document, pipeline: &WordPipeline) -> Analysis<'d> {
        Analysis::new_until(doc, pipeline, Deadline::NONE)
    }

    /// [`Analysis::new`] that, once `deadline` passes, gives the remaining sentences no terms
    /// (the engine then reports the deadline), and hands the deadline on to the raters.
    pub(crate) fn new_until(
        doc: &'d Document,
        pipeline: &WordPipeline,
        deadline: Deadline,
    ) -> Analysis<'d> {
        let sentences = doc.sentences();
        let mut terms = Vec::with_capacity(doc.tokens().len());
        let mut term_starts = Vec::with_capacity(sentences.len() + 1);
        term_starts.push(0);
        let text = doc.text();
        let vocabulary = pipeline.document_terms(|ids| {
            let mut expired = false;
            for (k, s) in sentences.iter().enumerate() {
                expired = expired || (deadline.due(k) && deadline.expired());
                if !expired {
                    ids.push_terms(text, doc.sentence_tokens(s), &mut terms);
                }
                term_starts.push(terms.len());
            }
            ids.vocabulary()
        });
        let v = vocabulary.len();
        let content = content_sentences(doc);
        let (counts, count_starts) = count_terms(&terms, &term_starts);
        let mut sentence_frequency = vec![0u32; v];
        let mut term_frequency = vec![0u32; v];
        let mut total_terms = 0u64;
        for &i in &content {
            for &(t, c) in &counts[count_starts[i]..count_starts[i + 1]] {
                sentence_frequency[t as usize] += 1;
                term_frequency[t as usize] += c;
                total_terms += u64::from(c);
            }
        }
        let n = content.len() as f64;
        // Smoothed in-document IDF: positive for every term, highest for terms of one sentence.
        // Computed once per distinct frequency (NaN: not yet), a few instead of one `ln` per term.
        let mut idf_of_df = vec![f64::NAN; content.len() + 1];
        let idf: Vec<f64> = sentence_frequency
            .iter()
            .map(|&df| {
                let idf = &mut idf_of_df[df as usize];
                if idf.is_nan() {
                    *idf = ((1.0 + n) / (1.0 + f64::from(df))).ln() + 1.0;
                }
                *idf
            })
            .collect();
        let tfidf = count_starts
            .windows(2)
            .map(|w| {
                SparseVector::new(
                    counts[w[0]..w[1]]
                        .iter()
                        .map(|&(t, c)| (t, f64::from(c) * idf[t as usize]))
                        .collect(),
                )
            })
            .collect();
        Analysis {
            doc,
            vocabulary,
            terms,
            term_starts,
            counts,
            count_starts,
            tfidf,
            content,
            sentence_frequency,
            term_frequency,
            idf,
            total_terms,
            deadline,
        }
    }

    /// The analysis of a document without its words: the sentences and which are content, but no
    /// terms (an empty vocabulary, every sentence without terms, zero vectors). For raters and
    /// selectors that read neither terms nor statistics (Lead with a sentence budget), which the
    /// engine then spares the word pipeline: the dearest part of an analysis.
    pub fn without_terms(doc: &'d Document) -> Analysis<'d> {
        let n = doc.sentences().len();
        Analysis {
            doc,
            vocabulary: Vec::new(),
            terms: Vec::new(),
            term_starts: vec![0; n + 1],
            counts: Vec::new(),
            count_starts: vec![0; n + 1],
            tfidf: vec![SparseVector::default(); n],
            content: content_sentences(doc),
            sentence_frequency: Vec::new(),
            term_frequency: Vec::new(),
            idf: Vec::new(),
            total_terms: 0,
            deadline: Deadline::NONE,
        }
    }

    /// This analysis with `deadline` handed on to the raters and the selector.
    pub(crate) fn until(mut self, deadline: Deadline) -> Analysis<'d> {
        self.deadline = deadline;
        self
    }

    /// When the work on this document must stop: raters with long loops look at it
    /// ([`Deadline::expired`]) and stop early; the engine then reports the deadline.
    pub fn deadline(&self) -> Deadline {
        self.deadline
    }

    /// The analyzed document.
    pub fn document(&self) -> &'d Document {
        self.doc
    }

    /// Number of sentences (content and boilerplate).
    pub fn len(&self) -> usize {
        self.tfidf.len()
    }

    /// True when the document has no sentence.
    pub fn is_empty(&self) -> bool {
        self.tfidf.is_empty()
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
        &self.terms[self.term_starts[i]..self.term_starts[i + 1]]
    }

    /// `(term, count)` pairs of sentence `i`, sorted by term id.
    pub fn term_counts(&self, i: usize) -> &[(u32, u32)] {
        &self.counts[self.count_starts[i]..self.count_starts[i + 1]]
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

    /// Whether sentence `i` says something on its own: at least [`MIN_CONTENT_WORDS`] words, and
    /// at least [`MIN_CONTENT_TERMS`] of them not stop words. A quote tail (`Eleven.`,
    /// `"Nobody came to check.`) or a bare reaction (`It was close.`) does not, and is never
    /// filler under a word budget ([`crate::Budget::Words`]) nor part of a learned candidate.
    /// An analysis without terms ([`Analysis::without_terms`]) says no sentence does.
    ///
    /// ```
    /// use precis_core::analyze::{Analysis, WordPipeline};
    /// use precis_core::Document;
    /// let doc = Document::parse("Eleven. The storm cut power to thousands of homes.");
    /// let a = Analysis::new(&doc, &WordPipeline::default());
    /// assert!(!a.carries_content(0));
    /// assert!(a.carries_content(1));
    /// ```
    pub fn carries_content(&self, i: usize) -> bool {
        self.word_count(i) >= MIN_CONTENT_WORDS && self.terms(i).len() >= MIN_CONTENT_TERMS
    }

    /// Cosine similarity of the tf-idf vectors of sentences `i` and `j`.
    pub fn similarity(&self, i: usize, j: usize) -> f64 {
        self.tfidf[i].cosine(&self.tfidf[j])
    }
}

/// The `(term, count)` pairs of each sentence, sorted by term, laid out like `terms`: the pairs
/// and where each sentence's begin. A function apart so that its loop's values stay in registers
/// (inlined into [`Analysis::new`], they went to the stack).
#[inline(never)]
fn count_terms(terms: &[u32], term_starts: &[usize]) -> (Vec<(u32, u32)>, Vec<usize>) {
    let mut counts = Vec::with_capacity(terms.len());
    let mut count_starts = Vec::with_capacity(term_starts.len());
    count_starts.push(0);
    let mut sorted = Vec::new();
    for w in term_starts.windows(2) {
        sorted.clear();
        sorted.extend_from_slice(&terms[w[0]..w[1]]);
        sorted.sort_unstable();
        // Runs of equal ids; the first of the sentence never equals `run.0`, an id no term has.
        let mut run = (u32::MAX, 0);
        for &t in &sorted {
            if t == run.0 {
                run.1 += 1;
            } else {
                if run.1 > 0 {
                    counts.push(run);
                }
                run = (t, 1);
            }
        }
        if run.1 > 0 {
            counts.push(run);
        }
        count_starts.push(counts.len());
    }
    (counts, count_starts)
}

/// Indices of the content sentences of `doc`, in document order.
fn content_sentences(doc: &Document) -> Vec<usize> {
    doc.sentences()
        .iter()
        .filter(|s| s.is_content())
        .map(|s| s.index)
        .collect()
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
