//! Stage 3b — the word pipeline: token text → normalized term, as a chain of small filters
//! (normalize → lower-case → stop words → stem), in the manner of tantivy's `TokenFilter`s.
//!
//! One pipeline serves every algorithm; the term a filter chain yields is the unit of all term
//! statistics ([`super::Analysis`]). Spans are never touched: filters work on a copy of the text.

use std::cell::RefCell;
use std::ops::Range;

use rust_stemmers::Stemmer;
use thread_local::ThreadLocal;
use unicode_normalization::UnicodeNormalization;

use super::english;
use super::table::WordTable;
use crate::document::Token;
use crate::language::Profile;

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
    /// The stop words, in the memo's kind of table (a lookup compares integers, not strings).
    words: WordTable,
}

impl StopWords {
    /// The stop list of a language.
    pub fn new(profile: &Profile) -> Self {
        let mut words = WordTable::default();
        for word in (profile.stop_words)() {
            if words.get(word.as_bytes()).is_none() {
                words.insert(word.as_bytes(), 0);
            }
        }
        StopWords { words }
    }

    /// True when `term` (already normalized) is a stop word.
    pub fn contains(&self, term: &str) -> bool {
        self.words.get(term.as_bytes()).is_some()
    }
}

impl TokenFilter for StopWords {
    fn apply(&self, term: &mut String) -> bool {
        // One char that is no digit; a char is 1 to 4 bytes, and 1 byte is an ASCII char.
        let single_letter = match term.len() {
            1 => !term.as_bytes()[0].is_ascii_digit(),
            2..=4 => term.chars().count() == 1 && !term.starts_with(|c: char| c.is_numeric()),
            _ => false,
        };
        !(single_letter || self.contains(term))
    }
}

/// Snowball stemming (rust-stemmers).
pub struct Stem {
    stemmer: Stemmer,
    /// English words of lower-case ASCII go to [`english::stem`] instead, which stems them the
    /// same ~10x faster.
    english: bool,
}

impl Stem {
    /// The stemmer of a language; `None` when rust-stemmers has none for it.
    pub fn new(profile: &Profile) -> Option<Self> {
        Some(Stem {
            stemmer: Stemmer::create(profile.stemmer?),
            english: profile.is_english(),
        })
    }
}

impl TokenFilter for Stem {
    fn apply(&self, term: &mut String) -> bool {
        if self.english && english::handles(term) {
            let mut bytes = std::mem::take(term).into_bytes();
            english::stem(&mut bytes);
            *term = String::from_utf8(bytes).expect("stemming ASCII yields ASCII");
        } else if let std::borrow::Cow::Owned(stemmed) = self.stemmer.stem(term) {
            *term = stemmed;
        }
        true
    }
}

/// Words a thread's memo may hold before it is cleared (bounds memory on endless vocabularies).
const MEMO_CAPACITY: usize = 1 << 17;

/// Marks a term the current document has not used yet (see [`Memo::local`]).
const UNSEEN: u32 = u32::MAX;

/// The value of a word a filter dropped, in [`Memo::words`].
const DROPPED: u32 = u32::MAX;

/// A thread's memo: word → term, with each distinct term interned once under a thread-wide id.
///
/// Interning lets a document map a word to its term with one hash lookup: its term id indexes
/// `local`, so no term string is hashed or compared again per document.
#[derive(Default)]
struct Memo {
    /// Word → id of its term (`DROPPED` when a filter dropped the word).
    words: WordTable,
    /// Term → its id, so that words with the same term (`run`, `running`) share one id.
    ids: WordTable,
    /// The terms one after the other: term `id` is `text[spans[id].0..spans[id].1]`.
    text: String,
    spans: Vec<(u32, u32)>,
    /// Id → `(document, document-local id)`: the local id is valid only while `document` is the
    /// current one, so nothing has to be reset between documents (not even after a panic).
    local: Vec<(u32, u32)>,
    /// Number of the current document (0 before the first).
    document: u32,
    /// The chain's working copy of a word, reused from miss to miss.
    buffer: String,
    /// [`DocumentTerms::vocabulary`]'s buffer, reused from document to document.
    vocabulary: Vec<u32>,
}

impl Memo {
    /// Clears everything when full; only between documents, while no id is held.
    fn bound(&mut self) {
        if self.words.len() >= MEMO_CAPACITY {
            *self = Memo {
                document: self.document,
                ..Memo::default()
            };
        }
    }

    /// Term `id`.
    fn term(&self, id: u32) -> &str {
        let (start, end) = self.spans[id as usize];
        &self.text[start as usize..end as usize]
    }

    /// The thread-wide id of the term of the word `text[word]`, running the chain on a miss. The
    /// word is looked up by its bytes: its `str`, with slicing's boundary checks, is taken only on
    /// a miss.
    #[inline]
    fn term_id(&mut self, text: &str, word: Range<usize>, pipeline: &WordPipeline) -> Option<u32> {
        match self.words.get(&text.as_bytes()[word.clone()]) {
            Some(DROPPED) => None,
            Some(id) => Some(id),
            None => self.miss(&text[word], pipeline),
        }
    }

    /// [`Memo::term_id`] of a word not in the memo yet.
    #[cold]
    fn miss(&mut self, word: &str, pipeline: &WordPipeline) -> Option<u32> {
        let mut term = std::mem::take(&mut self.buffer);
        let id = pipeline.term_into(word, &mut term).then(|| {
            self.ids.get(term.as_bytes()).unwrap_or_else(|| {
                let id = self.spans.len() as u32;
                self.ids.insert(term.as_bytes(), id);
                // Offsets as u32 (half the size): between two `bound`s the memo holds at most
                // MEMO_CAPACITY words and those of one document.
                let offset = |text: &String| u32::try_from(text.len()).expect("memo under 4 GiB");
                let start = offset(&self.text);
                self.text.push_str(&term);
                self.spans.push((start, offset(&self.text)));
                self.local.push((0, UNSEEN));
                id
            })
        });
        self.buffer = term;
        self.words.insert(word.as_bytes(), id.unwrap_or(DROPPED));
        id
    }
}

/// A document's terms being numbered: [`DocumentTerms::push_terms`] gives each distinct term of
/// the document a local id in order of first occurrence (0, 1, 2, …).
pub(crate) struct DocumentTerms<'a> {
    pipeline: &'a WordPipeline,
    memo: &'a mut Memo,
    /// Thread-wide term id of each local id.
    vocabulary: Vec<u32>,
}

impl DocumentTerms<'_> {
    /// Appends to `terms` the local id of the term of each word `text[token]` of `tokens` that
    /// the filters keep.
    ///
    /// The hot loop of the analysis: one table lookup per token, on the word's bytes (its `str`,
    /// with slicing's boundary checks, only for a word not in the memo). Not inlined into the
    /// analysis, whose many live values would push this loop's onto the stack.
    #[inline(never)]
    pub(crate) fn push_terms(&mut self, text: &str, tokens: &[Token], terms: &mut Vec<u32>) {
        let document = self.memo.document;
        for t in tokens {
            let Some(global) = self.memo.term_id(text, t.start..t.end, self.pipeline) else {
                continue;
            };
            let slot = &mut self.memo.local[global as usize];
            if slot.0 != document {
                *slot = (document, self.vocabulary.len() as u32);
                self.vocabulary.push(global);
            }
            terms.push(slot.1);
        }
    }

    /// The terms, indexed by local id.
    pub(crate) fn vocabulary(&self) -> Vec<String> {
        self.vocabulary
            .iter()
            .map(|&g| String::from(self.memo.term(g)))
            .collect()
    }
}

/// The chain of filters every algorithm uses.
///
/// News vocabulary is Zipfian: most tokens of an article are words already seen in earlier
/// articles. Each thread therefore memoizes word → term for this pipeline (bounded, cleared when
/// full), which makes stemming a hash lookup for all but the rare words.
pub struct WordPipeline {
    filters: Vec<Box<dyn TokenFilter>>,
    memo: ThreadLocal<RefCell<Memo>>,
}

impl WordPipeline {
    /// normalize → stop words → stem, for the language of `profile` (without the stem step
    /// where it has no stemmer).
    pub fn new(profile: &Profile) -> Self {
        let mut filters: Vec<Box<dyn TokenFilter>> =
            vec![Box::new(Normalize), Box::new(StopWords::new(profile))];
        if let Some(stem) = Stem::new(profile) {
            filters.push(Box::new(stem));
        }
        WordPipeline::with_filters(filters)
    }

    /// A custom chain.
    pub fn with_filters(filters: Vec<Box<dyn TokenFilter>>) -> Self {
        WordPipeline {
            filters,
            memo: ThreadLocal::new(),
        }
    }

    /// Like [`WordPipeline::term`], through this thread's memo: calls `f` with the term (or
    /// `None`) without allocating for words seen before.
    pub fn with_term<R>(&self, word: &str, f: impl FnOnce(Option<&str>) -> R) -> R {
        let mut memo = self.memo.get_or_default().borrow_mut();
        memo.bound();
        let id = memo.term_id(word, 0..word.len(), self);
        f(id.map(|id| memo.term(id)))
    }

    /// Numbers the terms of one document through this thread's memo (see [`DocumentTerms`]).
    pub(crate) fn document_terms<R>(&self, f: impl FnOnce(&mut DocumentTerms<'_>) -> R) -> R {
        let mut memo = self.memo.get_or_default().borrow_mut();
        memo.bound();
        memo.document = memo.document.wrapping_add(1);
        if memo.document == 0 {
            // After 2³² documents the numbers come round again: forget every old local id.
            memo.local.iter_mut().for_each(|slot| *slot = (0, UNSEEN));
            memo.document = 1;
        }
        // The previous document's buffer, so that it does not grow again from nothing.
        let mut vocabulary = std::mem::take(&mut memo.vocabulary);
        vocabulary.clear();
        let mut terms = DocumentTerms {
            pipeline: self,
            memo: &mut memo,
            vocabulary,
        };
        let result = f(&mut terms);
        memo.vocabulary = terms.vocabulary;
        result
    }

    /// Runs `word` through the chain; `None` when a filter dropped it.
    ///
    /// ```
    /// use precis_core::{analyze::WordPipeline, language};
    /// let p = WordPipeline::new(language::ENGLISH);
    /// assert_eq!(p.term("Running").as_deref(), Some("run"));
    /// assert_eq!(p.term("the"), None);
    /// ```
    pub fn term(&self, word: &str) -> Option<String> {
        let mut term = String::new();
        self.term_into(word, &mut term).then_some(term)
    }

    /// Runs `word` through the chain in `term` (overwritten); `false` when a filter dropped it.
    fn term_into(&self, word: &str, term: &mut String) -> bool {
        term.clear();
        term.push_str(word);
        self.filters.iter().all(|f| f.apply(term))
    }
}

impl Default for WordPipeline {
    fn default() -> Self {
        WordPipeline::new(crate::language::ENGLISH)
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
        for w in ["Officials", "the", "Officials", "ﬁre"] {
            assert_eq!(p.with_term(w, |t| t.map(str::to_owned)), p.term(w));
        }
    }

    proptest::proptest! {
        /// The stop filter agrees with its rule as first written: a set of strings, and one char
        /// that is not numeric.
        #[test]
        fn stop_words_as_first_written(word in "[a-z0-9'é²٣日]{0,3}|the|would|don't|a") {
            let set: std::collections::HashSet<&str> =
                crate::analyze::stopwords::ENGLISH.iter().copied().collect();
            let single_letter =
                word.chars().count() == 1 && !word.starts_with(|c: char| c.is_numeric());
            let keep = !(single_letter || set.contains(word.as_str()));
            let filter = StopWords::new(crate::language::ENGLISH);
            proptest::prop_assert_eq!(filter.apply(&mut word.clone()), keep);
        }
    }
}
