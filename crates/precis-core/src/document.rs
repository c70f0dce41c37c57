//! The document model: an article parsed once into paragraphs → sentences → word tokens.
//!
//! Every unit carries its byte span in the caller's original input (`start..end`, end exclusive),
//! so `&doc.text()[s.start..s.end]` is exactly the text precis prints for sentence `s`. Nothing
//! downstream re-finds positions: normalization happens on copies (see [`crate::analyze`]).

use std::ops::Range;

use serde::Serialize;

use crate::deadline::Deadline;
use crate::language::{self, Language, Profile};
use crate::segment;

/// How the input text is written. Detected once per document; the segmenter and the word pipeline
/// adapt to it so that the same article gives the same analysis in either form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextForm {
    /// Text as published: mixed case, punctuation attached to words (`"U.S. officials said."`).
    Natural,
    /// Penn-Treebank-tokenized text, as in the lower-cased CNN/DailyMail release: punctuation stands
    /// alone between spaces (`u.s. officials said .`).
    Tokenized,
}

/// Why a sentence is news furniture rather than content. Boilerplate is segmented like any other
/// sentence (so spans stay complete) but no algorithm ever selects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Boilerplate {
    /// A dateline such as `LONDON, England (CNN) --` or `Islamabad, Pakistan (CNN)`.
    Dateline,
    /// An author line: `By . Daily Mail Reporter .`, `By John Smith, CNN`.
    Byline,
    /// A publication, update or correction stamp: `PUBLISHED: . 12:07 EST, 3 March 2015 .`,
    /// `This article was amended on 4 May 2026 to correct …`
    Timestamp,
    /// A photo, video or source credit: `Photo: Getty Images`, `(AP Photo/John Doe)`, `This
    /// article originally appeared in the Western Gazette.`
    Credit,
    /// A call to action or link: `CLICK HERE to read more`, `READ MORE: …`, `Scroll down for video`.
    Promo,
    /// Page script or markup residue that leaked into the text (`var twittervia = …`).
    Markup,
    /// The story's title: a first line on its own, without sentence punctuation
    /// (`Pernod takeover talk lifts Domecq`), reported as the summary's `title`.
    Headline,
    /// A later short line on its own without sentence punctuation: a subhead, a share or
    /// social-button run (`Email`, `Facebook`), a reading-time or `Updated … ago` line, a table
    /// header or a link in a list.
    Heading,
}

/// A word token: a span of the original input. Its normalized forms are computed by the word
/// pipeline ([`crate::analyze`]), not stored here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Token {
    /// First byte of the token in the original input.
    pub start: usize,
    /// One past the last byte of the token.
    pub end: usize,
}

/// A sentence: a span of the original input plus where it sits in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Position among all sentences of the document (0-based).
    pub index: usize,
    /// First byte of the sentence in the original input.
    pub start: usize,
    /// One past the last byte of the sentence.
    pub end: usize,
    /// Index of the paragraph that holds the sentence.
    pub paragraph: usize,
    /// `Some(kind)` when the sentence is news furniture that must never be selected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boilerplate: Option<Boilerplate>,
    /// The sentence's word tokens, as a range into [`Document::tokens`].
    #[serde(skip)]
    pub tokens: Range<usize>,
    /// False for a sentence past the opening of a [`Document::parse_opening`] document: it has
    /// its span but no tokens and no boilerplate mark, and is not content.
    #[serde(skip)]
    pub detailed: bool,
}

impl Sentence {
    /// True when the sentence is content: detailed and not boilerplate.
    pub fn is_content(&self) -> bool {
        self.detailed && self.boilerplate.is_none()
    }
}

/// A paragraph: a span of the original input and the sentences it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// Position among all paragraphs of the document (0-based).
    pub index: usize,
    /// First byte of the paragraph in the original input.
    pub start: usize,
    /// One past the last byte of the paragraph.
    pub end: usize,
    /// The paragraph's sentences, as a range into [`Document::sentences`].
    pub sentences: Range<usize>,
}

/// An article, segmented once. Owns a copy of the input so spans can always be resolved.
#[derive(Debug, Clone)]
pub struct Document {
    text: String,
    form: TextForm,
    language: Language,
    paragraphs: Vec<Paragraph>,
    sentences: Vec<Sentence>,
    tokens: Vec<Token>,
    /// How many leading sentences carry word tokens and boilerplate marks (all of them unless the
    /// document was parsed with [`Document::parse_opening`]).
    detailed: usize,
}

impl Document {
    /// Segments `text` into paragraphs, sentences and word tokens.
    ///
    /// ```
    /// let doc = precis_core::Document::parse("LONDON (CNN) -- It rained. Mr. Smith stayed home.");
    /// let texts: Vec<&str> = doc.sentences().iter().map(|s| doc.sentence_text(s)).collect();
    /// assert_eq!(texts, ["LONDON (CNN) --", "It rained.", "Mr. Smith stayed home."]);
    /// assert!(doc.sentences()[0].boilerplate.is_some());
    /// ```
    pub fn parse(text: &str) -> Document {
        Document::parse_opening(text, usize::MAX)
    }

    /// Segments `text` into paragraphs and sentences, but gives word tokens and boilerplate marks
    /// only to the opening of the story: the leading sentences up to the `content`-th content
    /// sentence (a little further when the story's opening furniture runs on). The sentences
    /// after those ([`Document::detailed`] onwards) have their exact spans, as [`Document::parse`]
    /// finds them, but no tokens and no boilerplate mark; they are never content.
    ///
    /// For raters that read only the opening of a story (the learned model's horizon): the
    /// sentence spans are cheap to find, the words and furniture tests of the rest are not. The
    /// detailed sentences are exactly those of [`Document::parse`].
    ///
    /// ```
    /// use precis_core::Document;
    /// let text = "LONDON (CNN) -- It rained. Mr. Smith stayed home. The match was off. Fans left.";
    /// let opening = Document::parse_opening(text, 2);
    /// let full = Document::parse(text);
    /// assert_eq!(opening.sentences().len(), full.sentences().len());
    /// assert_eq!(opening.detailed(), 3); // the dateline and two content sentences
    /// assert_eq!(opening.content_sentences(), 2);
    /// assert_eq!(opening.sentences()[..3], full.sentences()[..3]);
    /// ```
    pub fn parse_opening(text: &str, content: usize) -> Document {
        Document::parse_in(language::ENGLISH, text, content)
    }

    /// [`Document::parse_opening`] with the rules of a language's `profile` (the two above read
    /// English).
    ///
    /// ```
    /// use precis_core::{Document, language};
    /// let doc = Document::parse_in(language::ENGLISH, "It rained. Mr. Smith stayed home.", usize::MAX);
    /// assert_eq!(doc.sentences().len(), 2);
    /// assert_eq!(doc.profile().code, "en");
    /// ```
    pub fn parse_in(profile: &'static Profile, text: &str, content: usize) -> Document {
        Document::parse_language(Language::of_profile(profile), text, content)
    }

    /// [`Document::parse_opening`] in a `language` (read with its profile, or the generic
    /// profile for a language precis has none for), which the document keeps.
    ///
    /// ```
    /// use precis_core::{Document, language::Language};
    /// let zh = Language::from_code("zh").unwrap();
    /// let doc = Document::parse_language(zh, "天气很好。我们去公园。", usize::MAX);
    /// assert_eq!((doc.language().code(), doc.profile().code), ("zh", "und"));
    /// ```
    pub fn parse_language(language: Language, text: &str, content: usize) -> Document {
        Document::parse_in_until(language, text, content, Deadline::NONE)
    }

    /// [`Document::parse_language`] that stops early, with the sentences found so far, once
    /// `deadline` passes (the engine then reports the deadline).
    pub(crate) fn parse_in_until(
        language: Language,
        text: &str,
        content: usize,
        deadline: Deadline,
    ) -> Document {
        let has_upper = segment::has_uppercase(text);
        let form = segment::detect_form_cased(text, has_upper);
        let profile = language.profile();
        let segmented = segment::segment(profile, text, form, has_upper, content, deadline);
        Document {
            text: text.to_owned(),
            form,
            language,
            paragraphs: segmented.paragraphs,
            sentences: segmented.sentences,
            tokens: segmented.tokens,
            detailed: segmented.detailed,
        }
    }

    /// The language profile the document was segmented with.
    pub fn profile(&self) -> &'static Profile {
        self.language.profile()
    }

    /// The language the document was read in.
    pub fn language(&self) -> Language {
        self.language
    }

    /// How many leading sentences carry word tokens and boilerplate marks: every sentence for
    /// [`Document::parse`], the opening for [`Document::parse_opening`].
    pub fn detailed(&self) -> usize {
        self.detailed
    }

    /// The original input, byte for byte.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The detected text form.
    pub fn form(&self) -> TextForm {
        self.form
    }

    /// All paragraphs in document order.
    pub fn paragraphs(&self) -> &[Paragraph] {
        &self.paragraphs
    }

    /// All sentences (content and boilerplate) in document order.
    pub fn sentences(&self) -> &[Sentence] {
        &self.sentences
    }

    /// All word tokens in document order.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The story's title, when its first line is one ([`Boilerplate::Headline`]).
    ///
    /// ```
    /// let doc = precis_core::Document::parse("Pernod takeover talk lifts Domecq\n\nShares rose 3%. Traders cheered.");
    /// assert_eq!(doc.title(), Some("Pernod takeover talk lifts Domecq"));
    /// ```
    pub fn title(&self) -> Option<&str> {
        self.sentences
            .iter()
            .find(|s| s.boilerplate == Some(Boilerplate::Headline))
            .map(|s| self.sentence_text(s))
    }

    /// The exact input text of a sentence.
    pub fn sentence_text(&self, sentence: &Sentence) -> &str {
        &self.text[sentence.start..sentence.end]
    }

    /// The word tokens of a sentence.
    pub fn sentence_tokens(&self, sentence: &Sentence) -> &[Token] {
        &self.tokens[sentence.tokens.clone()]
    }

    /// The exact input text of a token.
    pub fn token_text(&self, token: &Token) -> &str {
        &self.text[token.start..token.end]
    }

    /// Number of content (non-boilerplate) sentences among the detailed ones.
    pub fn content_sentences(&self) -> usize {
        self.sentences.iter().filter(|s| s.is_content()).count()
    }
}
