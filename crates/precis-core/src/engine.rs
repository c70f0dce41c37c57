//! The engine: ingest → segment → analyze → rate → select, behind one call.
//!
//! The CLI, the batch runner, the evaluator and the HTTP server all summarize through
//! [`Summarizer`]; none of them holds summarization logic of its own.

use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::analyze::{Analysis, WordPipeline};
use crate::deadline::Deadline;
use crate::document::Document;
use crate::error::{Error, Result};
use crate::language::{self, Language, LanguageChoice, Profile};
use crate::rate::{Algorithm, Rater};
use crate::segment::is_space;
use crate::select::{Budget, Redundancy, SelectionOptions, Selector};
use crate::strategy::{Mmr, RateThenSelect, Strategy};

/// One selected sentence, with its span in the original input and its rating.
///
/// The span is given twice: in UTF-8 bytes (`start`, `end`: Rust, Go, C, files on disk) and in
/// Unicode scalar values (`char_start`, `char_end`: Python string indices; in JavaScript, indices
/// into `Array.from(text)`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Highlight {
    /// Position of the sentence among all sentences of the input (0-based).
    pub index: usize,
    /// First byte of the sentence in the input (UTF-8 byte offset).
    pub start: usize,
    /// One past the last byte of the sentence in the input.
    pub end: usize,
    /// First character of the sentence in the input (offset in Unicode scalar values).
    pub char_start: usize,
    /// One past the last character of the sentence in the input.
    pub char_end: usize,
    /// Exactly `&input[start..end]`.
    pub text: String,
    /// The algorithm's rating of the sentence (higher is better; scale depends on the algorithm).
    pub score: f64,
}

/// The summary of one article, as the engine returns it; [`crate::SummaryRecord`] is how front
/// ends serialize it.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Name of the algorithm that rated the sentences.
    pub algorithm: String,
    /// The language the article was read in.
    pub language: Language,
    /// The story's title, when its first line is one (a short line of its own without sentence
    /// punctuation); never one of the highlights.
    pub title: Option<String>,
    /// Number of sentences the input was segmented into (boilerplate included).
    pub input_sentences: usize,
    /// The highlights, in document order.
    pub sentences: Vec<Highlight>,
}

impl Summary {
    /// The highlights joined by newlines, each with its inner white space collapsed.
    pub fn joined(&self) -> String {
        // Written into one buffer: no String per highlight, no Vec of pieces (once per record).
        let mut out = String::with_capacity(self.sentences.iter().map(|h| h.text.len() + 1).sum());
        for (k, h) in self.sentences.iter().enumerate() {
            if k > 0 {
                out.push('\n');
            }
            push_collapsed(&mut out, &h.text);
        }
        out
    }
}

/// Collapses every run of white space to one space (for display; spans keep the exact bytes).
pub fn collapse_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_collapsed(&mut out, s);
    out
}

/// Appends `s` to `out` with its white space collapsed as by [`collapse_space`].
fn push_collapsed(out: &mut String, s: &str) {
    let mut first = true;
    for w in s.split(is_space).filter(|w| !w.is_empty()) {
        if !first {
            out.push(' ');
        }
        out.push_str(w);
        first = false;
    }
}

/// Converts byte offsets into character (Unicode scalar) offsets by counting forward from the last
/// offset asked for: spans come in document order, so a whole summary (or segmentation) costs one
/// pass over the text up to its last span (and a backward step just counts again from the start).
///
/// ```
/// let mut chars = precis_core::engine::CharCounter::new("Zoë ate. Then");
/// assert_eq!((chars.at(4), chars.at(10)), (3, 9));
/// ```
pub struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    char: usize,
}

impl<'a> CharCounter<'a> {
    /// A counter over `text`.
    pub fn new(text: &'a str) -> Self {
        CharCounter {
            text,
            byte: 0,
            char: 0,
        }
    }

    /// The character offset of byte offset `byte` (a char boundary of the text).
    pub fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.char = 0;
        }
        self.char += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.char
    }
}

/// A configured summarizer: an algorithm, a selector and the word pipeline. Cheap to share across
/// threads (`Sync`); build it once and call [`Summarizer::summarize`] per article.
///
/// ```
/// use precis_core::{Algorithm, Summarizer};
/// let s = Summarizer::new(Algorithm::Lead);
/// let text = "LONDON (CNN) -- The vote passed. It was close. Nobody objected. Rain fell.";
/// let summary = s.summarize(text).unwrap();
/// let picked: Vec<&str> = summary.sentences.iter().map(|h| &text[h.start..h.end]).collect();
/// assert_eq!(picked, ["The vote passed.", "It was close.", "Nobody objected."]);
/// ```
pub struct Summarizer {
    name: String,
    strategy: Box<dyn Strategy>,
    selector: Selector,
    language: LanguageChoice,
    /// The English word pipeline, built when an article first needs it (a summarizer made per
    /// article for a strategy that reads no words, such as the oracle, never builds one).
    pipeline: OnceLock<WordPipeline>,
    /// The other languages' pipelines, built when an article first needs one: one per entry of
    /// [`language::profiles`] after English, then the generic profile's.
    others: Box<[OnceLock<WordPipeline>]>,
}

impl Summarizer {
    /// A summarizer for a built-in algorithm with the default selector (3 sentences).
    pub fn new(algorithm: Algorithm) -> Summarizer {
        Summarizer::with_strategy(algorithm.name(), algorithm.strategy())
    }

    /// A summarizer for any rater (e.g. a learned model loaded from a file). The selector is the
    /// rater's own policy ([`Rater::selector`]) when it has one, else the default (3 sentences).
    pub fn with_rater(name: impl Into<String>, rater: Box<dyn Rater>) -> Summarizer {
        Summarizer::with_strategy(name, Box::new(RateThenSelect::new(rater)))
    }

    /// A summarizer for any strategy (e.g. the learned model's candidate choice with a model
    /// loaded from a file). The selector is the strategy's own policy when it has one.
    pub fn with_strategy(name: impl Into<String>, strategy: Box<dyn Strategy>) -> Summarizer {
        Summarizer {
            name: name.into(),
            selector: strategy.selector().unwrap_or_default(),
            strategy,
            language: LanguageChoice::Auto,
            pipeline: OnceLock::new(),
            others: (0..language::profiles().len())
                .map(|_| OnceLock::new())
                .collect(),
        }
    }

    /// Sets the language of the articles: [`LanguageChoice::Auto`] (the default) detects it per
    /// article, [`LanguageChoice::Fixed`] reads every article in one language.
    ///
    /// ```
    /// use precis_core::{Algorithm, Summarizer, language::LanguageChoice};
    /// let s = Summarizer::new(Algorithm::Lead).language("de".parse().unwrap());
    /// let summary = s.summarize("Am 3. Oktober feiert Deutschland. Der 1. FC Köln spielt.").unwrap();
    /// assert_eq!((summary.language.code(), summary.sentences.len()), ("de", 2));
    /// ```
    pub fn language(mut self, language: LanguageChoice) -> Summarizer {
        self.language = language;
        self
    }

    /// The language choice in use.
    pub fn language_choice(&self) -> LanguageChoice {
        self.language
    }

    /// Replaces the selector (budget and redundancy control).
    pub fn selector(mut self, selector: Selector) -> Summarizer {
        self.selector = selector;
        self
    }

    /// Applies what a caller asked ([`SelectionOptions`]) over the selector in use — the
    /// algorithm's own policy unless replaced: an explicit budget or redundancy control wins, the
    /// rest keeps the policy. Fails on a value [`SelectionOptions::check`] refuses.
    pub fn with_options(self, options: &SelectionOptions) -> Result<Summarizer> {
        options.check()?;
        let selector = options.over(self.selector);
        Ok(self.selector(selector))
    }

    /// The selector in use: the rater's policy unless [`Summarizer::selector`] replaced it.
    pub fn selection(&self) -> Selector {
        self.selector
    }

    /// The algorithm's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Summarizes raw text. Fails only on input with no visible text.
    pub fn summarize(&self, text: &str) -> Result<Summary> {
        self.summarize_with_deadline(text, Deadline::NONE)
    }

    /// [`Summarizer::summarize`] that gives up with [`Error::DeadlineExceeded`] once `deadline`
    /// passes: segmentation, the word pipeline, the raters' iterations and selection look at it as
    /// they go, so the work stops soon after (for a server whose request timed out).
    pub fn summarize_with_deadline(&self, text: &str, deadline: Deadline) -> Result<Summary> {
        self.summarize_in(self.language, text, deadline)
    }

    /// [`Summarizer::summarize_with_deadline`] with another language choice than this
    /// summarizer's (a record that says its own language).
    pub fn summarize_in(
        &self,
        language: LanguageChoice,
        text: &str,
        deadline: Deadline,
    ) -> Result<Summary> {
        if text.trim_matches(is_space).is_empty() {
            return Err(Error::EmptyInput);
        }
        deadline.check()?;
        let language = language.choose(text);
        let doc = Document::parse_in_until(language, text, self.opening(), deadline);
        deadline.check()?;
        let summary = self.summarize_document_until(&doc, deadline);
        // A stage that saw the deadline pass stopped early: its result is not a summary.
        deadline.check()?;
        Ok(summary)
    }

    /// Segments `text` as this summarizer reads it: every sentence, or, for a rater with a
    /// horizon ([`Rater::horizon`]), the story's opening in detail and the rest as spans only
    /// ([`Document::parse_opening`]). The opening grows to the selector's sentence count when that
    /// is larger, and a word budget reads the whole story.
    pub fn parse(&self, text: &str) -> Document {
        Document::parse_language(self.language.choose(text), text, self.opening())
    }

    /// How many leading content sentences [`Summarizer::parse`] details.
    fn opening(&self) -> usize {
        let Some(horizon) = self.strategy.horizon() else {
            return usize::MAX;
        };
        match self.selector.budget {
            Budget::Sentences(n) => horizon.max(n),
            Budget::Threshold { max, .. } => horizon.max(max),
            Budget::Words(_) => usize::MAX,
        }
    }

    /// Summarizes an already segmented document (segment it with [`Summarizer::parse`] to read it
    /// as [`Summarizer::summarize`] does).
    pub fn summarize_document(&self, doc: &Document) -> Summary {
        self.summarize_document_until(doc, Deadline::NONE)
    }

    /// [`Summarizer::summarize_document`] whose stages stop early once `deadline` passes (the
    /// caller then discards the result).
    fn summarize_document_until(&self, doc: &Document, deadline: Deadline) -> Summary {
        // MMR is a strategy of its own, around the algorithm's: asked for by the selector.
        let mmr;
        let strategy: &dyn Strategy = match self.selector.redundancy {
            Redundancy::Mmr { lambda } => {
                mmr = Mmr::new(&*self.strategy, lambda);
                &mmr
            }
            _ => &*self.strategy,
        };
        // A word budget reads terms whatever the strategy: only sentences that say something on
        // their own fill it (`Analysis::carries_content`).
        let analysis = if strategy.needs_terms() || matches!(self.selector.budget, Budget::Words(_))
        {
            Analysis::new_until(doc, self.pipeline_for(doc.profile()), deadline)
        } else {
            Analysis::without_terms(doc).until(deadline)
        };
        let crate::strategy::Choice { picked, scores } = strategy.choose(&analysis, &self.selector);
        let mut chars = CharCounter::new(doc.text());
        let sentences = picked
            .into_iter()
            .map(|i| {
                let s = &doc.sentences()[i];
                let score = scores
                    .get(i)
                    .copied()
                    .filter(|v| v.is_finite())
                    .unwrap_or(0.0);
                let char_start = chars.at(s.start);
                Highlight {
                    index: i,
                    start: s.start,
                    end: s.end,
                    char_start,
                    char_end: chars.at(s.end),
                    text: doc.sentence_text(s).to_owned(),
                    score,
                }
            })
            .collect();
        Summary {
            algorithm: self.name.clone(),
            language: doc.language(),
            title: doc.title().map(collapse_space),
            input_sentences: doc.sentences().len(),
            sentences,
        }
    }

    /// The word pipeline this summarizer analyzes English with.
    pub fn pipeline(&self) -> &WordPipeline {
        self.pipeline.get_or_init(WordPipeline::default)
    }

    /// The word pipeline of a profile (built on first use).
    pub fn pipeline_for(&self, profile: &'static Profile) -> &WordPipeline {
        if profile.is_english() {
            return self.pipeline();
        }
        // The slot of a built-in profile, or the last one for any other (the generic profile).
        let slot = language::profiles()
            .iter()
            .skip(1)
            .position(|p| std::ptr::eq(*p, profile))
            .unwrap_or(self.others.len() - 1);
        self.others[slot].get_or_init(|| WordPipeline::new(profile))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_collapses_space() {
        assert_eq!(collapse_space("  a \n\t b\u{a0}c  "), "a b c");
        assert_eq!(collapse_space(" \n "), "");
        let text = "The vote  passed.\nIt was\n close. Nobody objected. Rain fell.";
        let summary = Summarizer::new(Algorithm::Lead).summarize(text).unwrap();
        let old_way: Vec<String> = summary
            .sentences
            .iter()
            .map(|h| h.text.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(summary.joined(), old_way.join("\n"));
    }

    #[test]
    fn empty_input_is_an_error() {
        let s = Summarizer::new(Algorithm::Lead);
        assert_eq!(s.summarize(""), Err(Error::EmptyInput));
        assert_eq!(s.summarize(" \n\t\u{200B} "), Err(Error::EmptyInput));
    }

    #[test]
    fn spans_slice_the_input() {
        let text = "Mr. Smith went to Washington. He said: \"It is over.\" Then he left.";
        for a in Algorithm::ALL {
            let summary = Summarizer::new(a).summarize(text).unwrap();
            for h in &summary.sentences {
                assert_eq!(&text[h.start..h.end], h.text);
            }
        }
    }
}
