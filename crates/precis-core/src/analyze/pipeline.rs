//! Stage 3b — the word pipeline: token text → normalized term, as a chain of small filters
//! (normalize → lower-case → stop words → stem), in the manner of tantivy's `TokenFilter`s.
//!
//! One pipeline serves every algorithm; the term a filter chain yields is the unit of all term
//! statistics ([`super::Analysis`]). Spans are never touched: filters work on a copy of the text.

use rust_stemmers::{Algorithm as SnowballAlgorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

use super::stopwords;

/// A language the word pipeline supports: its stop words and its stemmer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// English: the stop list in [`stopwords::ENGLISH`] and the Snowball English stemmer.
    #[default]
    English,
}

impl Language {
    fn stop_words(self) -> &'static [&'static str] {
        match self {
            Language::English => stopwords::ENGLISH,
        }
    }

    fn snowball(self) -> SnowballAlgorithm {
        match self {
            Language::English => SnowballAlgorithm::English,
        }
    }
}

/// One step of the chain: rewrites `term` in place, or returns `false` to drop the token.
pub trait TokenFilter: Send + Sync {
    /// Applies the filter; `false` removes the token from the stream.
    fn apply(&self, term: &mut String) -> bool;
}

/// Unicode compatibility normalization (NFKC), curly apostrophes folded to `'`, lower-casing.
pub struct Normalize;

impl TokenFilter for Normalize {
    fn apply(&self, term: &mut String) -> bool {
        if term.is_ascii() {
            term.make_ascii_lowercase();
            return true;
        }
        let folded: String = term
            .nfkc()
            .map(|c| {
                if matches!(c, '’' | 'ʼ' | '‘') {
                    '\''
                } else {
                    c
                }
            })
            .flat_map(char::to_lowercase)
            .collect();
        *term = folded;
        true
    }
}

/// Drops stop words and single letters (fragments such as the `s` of `obama 's`).
pub struct StopWords {
    words: &'static [&'static str],
}

impl StopWords {
    /// The stop list of a language.
    pub fn new(language: Language) -> Self {
        StopWords {
            words: language.stop_words(),
        }
    }

    /// True when `term` (already normalized) is a stop word.
    pub fn contains(&self, term: &str) -> bool {
        // The list is short; a sorted copy would save little against the hashing of a set.
        self.words.contains(&term)
    }
}

impl TokenFilter for StopWords {
    fn apply(&self, term: &mut String) -> bool {
        let single_letter =
            term.chars().count() == 1 && !term.starts_with(|c: char| c.is_numeric());
        !(single_letter || self.contains(term))
    }
}

/// Snowball stemming (rust-stemmers).
pub struct Stem {
    stemmer: Stemmer,
}

impl Stem {
    /// The stemmer of a language.
    pub fn new(language: Language) -> Self {
        Stem {
            stemmer: Stemmer::create(language.snowball()),
        }
    }
}

impl TokenFilter for Stem {
    fn apply(&self, term: &mut String) -> bool {
        if let std::borrow::Cow::Owned(stemmed) = self.stemmer.stem(term) {
            *term = stemmed;
        }
        true
    }
}

/// The chain of filters every algorithm uses.
pub struct WordPipeline {
    filters: Vec<Box<dyn TokenFilter>>,
}

impl WordPipeline {
    /// normalize → stop words → stem, for `language`.
    pub fn new(language: Language) -> Self {
        WordPipeline {
            filters: vec![
                Box::new(Normalize),
                Box::new(StopWords::new(language)),
                Box::new(Stem::new(language)),
            ],
        }
    }

    /// A custom chain.
    pub fn with_filters(filters: Vec<Box<dyn TokenFilter>>) -> Self {
        WordPipeline { filters }
    }

    /// Runs `word` through the chain; `None` when a filter dropped it.
    ///
    /// ```
    /// use precis_core::analyze::{Language, WordPipeline};
    /// let p = WordPipeline::new(Language::English);
    /// assert_eq!(p.term("Running").as_deref(), Some("run"));
    /// assert_eq!(p.term("the"), None);
    /// ```
    pub fn term(&self, word: &str) -> Option<String> {
        let mut term = word.to_owned();
        for f in &self.filters {
            if !f.apply(&mut term) {
                return None;
            }
        }
        Some(term)
    }
}

impl Default for WordPipeline {
    fn default() -> Self {
        WordPipeline::new(Language::English)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain() {
        let p = WordPipeline::default();
        assert_eq!(p.term("Officials").as_deref(), Some("offici"));
        assert_eq!(p.term("DON’T"), None);
        assert_eq!(p.term("s"), None);
        assert_eq!(p.term("9").as_deref(), Some("9"));
        assert_eq!(p.term("Obama's").as_deref(), Some("obama"));
        assert_eq!(p.term("ﬁre").as_deref(), Some("fire"));
    }
}
