//! The language seam: one [`Profile`] per language, read by every stage that needs to know the
//! language — the segmenter (abbreviations, titles, ordinals, quotation marks, datelines), the
//! furniture rules (bylines, promos, credits), the word pipeline (stop words, stemmer) and the
//! learned features (cue words). Adding a language is adding a profile and its tests.
//!
//! ```
//! use precis_core::language::{self, Profile};
//! let en: &Profile = language::ENGLISH;
//! assert_eq!(en.code, "en");
//! assert!(en.segmentation.titles.contains("Mr"));
//! assert!(en.stemmer.is_some());
//! ```

mod de;
pub mod detect;
pub(crate) mod en;
mod es;
mod fr;
mod it;
mod nl;
mod pt;
mod ru;
mod tr;
pub mod words;

pub use detect::{Language, LanguageChoice, UnknownLanguage, detect};
pub use rust_stemmers::Algorithm as Stemmer;
pub use words::WordList;

/// Everything precis knows about one language.
#[derive(Debug)]
pub struct Profile {
    /// ISO 639-1 code (`en`, `de`), or another short tag for the generic profile.
    pub code: &'static str,
    /// English name of the language.
    pub name: &'static str,
    /// How much of the profile is written for this language.
    pub coverage: Coverage,
    /// Word lists and conventions of sentence boundaries.
    pub segmentation: Segmentation,
    /// Phrases of news furniture (bylines, promos, credits, timestamps).
    pub furniture: Furniture,
    /// Cue words of the learned model's features.
    pub cues: Cues,
    /// Stop words, lower-case (straight apostrophes); a function because the lists of the
    /// `stop-words` crate are reached through one.
    pub stop_words: fn() -> &'static [&'static str],
    /// The Snowball stemmer, where rust-stemmers has one.
    pub stemmer: Option<Stemmer>,
}

impl Profile {
    /// True for the English profile (the rules with English-only fast paths check this).
    pub fn is_english(&self) -> bool {
        std::ptr::eq(self, ENGLISH)
    }
}

/// How much of a [`Profile`] is written for its language (the `language_profile` of the output).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Coverage {
    /// Segmentation tables, furniture phrases, cue words, stop words and stemmer.
    Full,
    /// Stop words and stemmer (the word pipeline) on the generic segmenter.
    Words,
    /// No profile for the language: sentences are split by punctuation alone, words are runs of
    /// Unicode letters and digits, with no stop words and no stemmer. In a language written
    /// without spaces (Chinese, Japanese, Thai) a word is never split, so a run of letters
    /// between punctuation counts as one word.
    Generic,
}

impl Coverage {
    /// `full`, `words` or `generic` (as the JSON output says it).
    pub fn name(self) -> &'static str {
        match self {
            Coverage::Full => "full",
            Coverage::Words => "words",
            Coverage::Generic => "generic",
        }
    }
}

/// The word lists and conventions that decide sentence boundaries in published text.
///
/// Lists match a word without its final period, in any case; the rules that read them (in
/// `segment`) add where case matters (`Gen.` is a title, `gen.` is not).
#[derive(Debug)]
pub struct Segmentation {
    /// Titles that always precede a name: a period after them never ends a sentence.
    pub titles: WordList,
    /// Abbreviations that introduce a number (`No. 5`, `Jan. 12`, `ca. 600`).
    pub number_abbreviations: WordList,
    /// Capitalized abbreviations that may end a sentence (`Inc.`); they end one only before a
    /// typical sentence opener.
    pub ambiguous_abbreviations: WordList,
    /// Abbreviations that may end a sentence in any case (`Str.`, `г.`, `руб.`): they end one
    /// only before a typical sentence opener.
    pub ambiguous_any_case: WordList,
    /// Company suffixes that stay abbreviations in capitals (`INC.`).
    pub company_suffixes: &'static [&'static str],
    /// Abbreviations after which a sentence never ends (`vs.`, `z.B.`), in any case.
    pub never_ending: WordList,
    /// Lower-case one-letter abbreviations that never end a sentence (`v.`).
    pub never_ending_letters: &'static [&'static str],
    /// Clock suffixes (`a.m.`), compared ignoring ASCII case (a plain list: they are checked at
    /// every period, and a comparison is cheaper than a key).
    pub clock_suffixes: &'static [&'static str],
    /// Words that follow a clock suffix inside a sentence: days, months and time zones.
    pub time_followers: WordList,
    /// `etc.`: sentence-final before a capitalized word (compared ignoring ASCII case).
    pub etc: &'static [&'static str],
    /// Names spelled with an exclamation mark (`Yahoo!`).
    pub bang_names: WordList,
    /// Verbs that attribute a quotation (`"Why?" Smith asked.`).
    pub speech_verbs: WordList,
    /// Words that typically open a sentence.
    pub sentence_openers: WordList,
    /// Subject pronouns.
    pub pronouns: WordList,
    /// Whether an elided article opens a word (`L'entreprise`, `Dell'Italia`): then the part
    /// before the apostrophe may be the sentence opener.
    pub elision: bool,
    /// Line labels that a flattened line break (` . `) separates from what they label (`By`).
    pub labels: WordList,
    /// Whether a number with a period is an ordinal (`am 3. Oktober`, `der 1. FC`): then the
    /// period ends a sentence only before a sentence opener.
    pub ordinal_period: bool,
    /// Closing quotation marks beyond the English ones (German `“` and `‘`, which open in
    /// English; `«` in German `»…«`).
    pub extra_closers: &'static [char],
    /// Whether a dash glued to a capital opens a new line of dialogue (`—Sí. —Vale.`).
    pub dialogue_dashes: bool,
    /// Lower-case words that may sit inside a place name of a dateline (`Rio de Janeiro`).
    pub place_particles: WordList,
    /// News agencies whose dateline source is written in lower case or with a period after it
    /// (`BERLIN (dpa) -`, `MADRID (EFE). -`).
    pub agencies: WordList,
}

/// Phrases of news furniture, lower-case. A sentence that opens (or ends) with one is furniture.
#[derive(Debug)]
pub struct Furniture {
    /// Whether the rules may first reject sentences with their English quick test (which knows
    /// only the English phrases; other profiles run every rule).
    pub quick_reject: bool,
    /// Openings of calls to action and links to other stories (`read more`, `Lesen Sie auch`).
    pub promo_openings: &'static [&'static str],
    /// Calls to action wherever they stand in a sentence (`click here`).
    pub promo_anywhere: &'static [&'static str],
    /// Labels of a publication time (`published`, `aktualisiert`).
    pub timestamp_labels: &'static [&'static str],
    /// Month names, lower-case.
    pub months: &'static [&'static str],
    /// Endings of contribution lines (`contributed to this report`).
    pub contributions: &'static [&'static str],
    /// Openings of credit lines (`reporting by`, `editing by`).
    pub credit_lines: &'static [&'static str],
    /// The word that opens a byline (`by`, `von`, `par`).
    pub byline_words: &'static [&'static str],
    /// Lower-case words that may sit between the names of a byline (`and`, `of`).
    pub byline_links: &'static [&'static str],
    /// In lower-cased text, words that make a `By …` line a byline (`reporter`, `staff`).
    pub byline_markers: &'static [&'static str],
    /// Openings of photo credits and copyright lines (`photo:`, `foto:`, `©`).
    pub credit_openings: &'static [&'static str],
    /// Openings of a note about the article itself: a correction or a revision
    /// (`correction:`, `an earlier version of this article`).
    pub revision_openings: &'static [&'static str],
    /// Openings that make a revision note when a word of `revision_words` follows within the
    /// opening (`this article was amended on 4 May`, but not `this article explains why`).
    pub revision_subjects: &'static [&'static str],
    /// The words of a revision (`amended`, `corrected`, `updated`).
    pub revision_words: &'static [&'static str],
    /// The words that make a `revision_subjects` opening a note of where the story first ran
    /// (`this article originally appeared in …`, `… is republished from …`): a source credit.
    pub origin_words: &'static [&'static str],
}

/// The learned features' cue words, lower-case, each list with the bit its words set.
#[derive(Debug)]
pub struct Cues {
    /// Attribution verbs (`said`, `according`).
    pub attribution: &'static [&'static str],
    /// First-person pronouns.
    pub first_person: &'static [&'static str],
    /// Pronouns and demonstratives that refer back.
    pub pronouns: &'static [&'static str],
    /// Connectives that tie a sentence to the one before.
    pub connectives: &'static [&'static str],
}

/// The English profile.
pub static ENGLISH: &Profile = &en::PROFILE;

/// A profile that knows no language: generic segmentation, no stop words, no stemmer, no cues.
pub static GENERIC: &Profile = &Profile {
    code: "und",
    name: "unknown",
    coverage: Coverage::Generic,
    segmentation: Segmentation::EMPTY,
    furniture: Furniture::EMPTY,
    cues: Cues::EMPTY,
    stop_words: || &[],
    stemmer: None,
};

impl Segmentation {
    /// No word lists: boundaries by punctuation and case alone.
    pub const EMPTY: Segmentation = Segmentation {
        titles: WordList::EMPTY,
        number_abbreviations: WordList::EMPTY,
        ambiguous_abbreviations: WordList::EMPTY,
        ambiguous_any_case: WordList::EMPTY,
        company_suffixes: &[],
        never_ending: WordList::EMPTY,
        never_ending_letters: &[],
        clock_suffixes: &[],
        time_followers: WordList::EMPTY,
        etc: &[],
        bang_names: WordList::EMPTY,
        speech_verbs: WordList::EMPTY,
        sentence_openers: WordList::EMPTY,
        pronouns: WordList::EMPTY,
        elision: false,
        labels: WordList::EMPTY,
        ordinal_period: false,
        extra_closers: &[],
        dialogue_dashes: false,
        place_particles: WordList::EMPTY,
        agencies: WordList::EMPTY,
    };
}

impl Furniture {
    /// No phrases: only the language-independent furniture (markup, symbols) is found.
    pub const EMPTY: Furniture = Furniture {
        quick_reject: false,
        promo_openings: &[],
        promo_anywhere: &[],
        timestamp_labels: &[],
        months: &[],
        contributions: &[],
        credit_lines: &[],
        byline_words: &[],
        byline_links: &[],
        byline_markers: &[],
        credit_openings: &[],
        revision_openings: &[],
        revision_subjects: &[],
        revision_words: &[],
        origin_words: &[],
    };
}

impl Cues {
    /// No cue words: the cue features stay zero.
    pub const EMPTY: Cues = Cues {
        attribution: &[],
        first_person: &[],
        pronouns: &[],
        connectives: &[],
    };
}

/// A profile with the word pipeline only (stop words and stemmer) on the generic segmenter.
macro_rules! words_profile {
    ($name:ident, $code:literal, $language:literal, $stemmer:ident) => {
        static $name: Profile = Profile {
            code: $code,
            name: $language,
            coverage: Coverage::Words,
            segmentation: Segmentation::EMPTY,
            furniture: Furniture::EMPTY,
            cues: Cues::EMPTY,
            stop_words: || stop_words::lookup($code).unwrap_or(&[]),
            stemmer: Some(Stemmer::$stemmer),
        };
    };
}

words_profile!(ARABIC, "ar", "Arabic", Arabic);
words_profile!(DANISH, "da", "Danish", Danish);
words_profile!(GREEK, "el", "Greek", Greek);
words_profile!(FINNISH, "fi", "Finnish", Finnish);
words_profile!(HUNGARIAN, "hu", "Hungarian", Hungarian);
words_profile!(NORWEGIAN, "no", "Norwegian", Norwegian);
words_profile!(ROMANIAN, "ro", "Romanian", Romanian);
words_profile!(SWEDISH, "sv", "Swedish", Swedish);
words_profile!(TAMIL, "ta", "Tamil", Tamil);

/// Every built-in profile: the fully written ones first, then those with the word pipeline only
/// (every other language rust-stemmers stems).
pub fn profiles() -> &'static [&'static Profile] {
    static ALL: [&Profile; 18] = [
        &en::PROFILE,
        &de::PROFILE,
        &fr::PROFILE,
        &es::PROFILE,
        &it::PROFILE,
        &pt::PROFILE,
        &nl::PROFILE,
        &ru::PROFILE,
        &tr::PROFILE,
        &ARABIC,
        &DANISH,
        &GREEK,
        &FINNISH,
        &HUNGARIAN,
        &NORWEGIAN,
        &ROMANIAN,
        &SWEDISH,
        &TAMIL,
    ];
    &ALL
}

/// The profile of an ISO 639-1 code (any case), if precis has one.
pub fn profile(code: &str) -> Option<&'static Profile> {
    profiles()
        .iter()
        .copied()
        .find(|p| p.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::WordPipeline;
    use crate::document::Document;

    #[test]
    fn codes_are_unique_and_found() {
        for p in profiles() {
            assert!(std::ptr::eq(profile(p.code).unwrap(), *p), "{}", p.code);
            assert_eq!(profiles().iter().filter(|q| q.code == p.code).count(), 1);
        }
        assert!(profile("DE").is_some());
        assert!(profile("xx").is_none());
    }

    #[test]
    fn every_profile_has_stop_words_and_a_stemmer() {
        for p in profiles() {
            assert!((p.stop_words)().len() > 50, "{}", p.code);
            assert!(p.stemmer.is_some(), "{}", p.code);
        }
        assert_eq!(GENERIC.coverage, Coverage::Generic);
    }

    #[test]
    fn word_pipelines_stem_and_drop_stop_words() {
        let cases = [
            ("de", "Häuser", "die"),
            ("fr", "gouvernements", "les"),
            ("es", "ciudades", "las"),
            ("it", "governatori", "della"),
            ("pt", "cidades", "das"),
            ("nl", "regeringen", "het"),
            ("ru", "президента", "когда"),
            ("tr", "kitapları", "ve"),
            ("sv", "regeringen", "och"),
        ];
        for (code, word, stop) in cases {
            let p = WordPipeline::new(profile(code).unwrap());
            let term = p.term(word).unwrap();
            assert!(term.len() < word.len(), "{code}: {word} → {term}");
            assert_eq!(p.term(stop), None, "{code}: {stop}");
        }
        // No stemmer, no stop words: words are only lower-cased.
        assert_eq!(
            WordPipeline::new(GENERIC).term("Häuser").as_deref(),
            Some("häuser")
        );
    }

    #[test]
    fn segmentation_follows_the_profile() {
        let text = "Am 3. Oktober feiert Deutschland. Der 1. FC Köln spielt.";
        let sentences = |p| {
            let doc = Document::parse_in(p, text, usize::MAX);
            doc.sentences().len()
        };
        assert_eq!(sentences(profile("de").unwrap()), 2);
        assert_eq!(sentences(ENGLISH), 4);
    }
}
