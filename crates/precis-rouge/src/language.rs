//! The languages whose words the Unicode tokenizer can stem: those with a Snowball stemmer in
//! `rust-stemmers`.
//!
//! ```
//! use precis_rouge::Language;
//!
//! assert_eq!("de".parse::<Language>(), Ok(Language::German));
//! assert_eq!("Turkish".parse::<Language>(), Ok(Language::Turkish));
//! assert_eq!(Language::Russian.code(), "ru");
//! assert!("zh".parse::<Language>().is_err()); // no stemmer: score Chinese without a language
//! ```

use std::fmt;
use std::str::FromStr;

use rust_stemmers::Algorithm;

use crate::RougeError;

/// A language with a Snowball stemmer, named by its ISO 639-1 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// `ar`
    Arabic,
    /// `da`
    Danish,
    /// `de`
    German,
    /// `el`
    Greek,
    /// `en` (Snowball's English stemmer, Porter2; rouge-score's tokenizer keeps NLTK's Porter)
    English,
    /// `es`
    Spanish,
    /// `fi`
    Finnish,
    /// `fr`
    French,
    /// `hu`
    Hungarian,
    /// `it`
    Italian,
    /// `nl`
    Dutch,
    /// `no` (also `nb`, `nn`)
    Norwegian,
    /// `pt`
    Portuguese,
    /// `ro`
    Romanian,
    /// `ru`
    Russian,
    /// `sv`
    Swedish,
    /// `ta`
    Tamil,
    /// `tr` (also lower-cases with Turkish rules: `I` → `ı`, `İ` → `i`)
    Turkish,
}

/// (language, ISO 639-1 code, English name, stemmer), in code order.
const TABLE: [(Language, &str, &str, Algorithm); 18] = [
    (Language::Arabic, "ar", "Arabic", Algorithm::Arabic),
    (Language::Danish, "da", "Danish", Algorithm::Danish),
    (Language::German, "de", "German", Algorithm::German),
    (Language::Greek, "el", "Greek", Algorithm::Greek),
    (Language::English, "en", "English", Algorithm::English),
    (Language::Spanish, "es", "Spanish", Algorithm::Spanish),
    (Language::Finnish, "fi", "Finnish", Algorithm::Finnish),
    (Language::French, "fr", "French", Algorithm::French),
    (Language::Hungarian, "hu", "Hungarian", Algorithm::Hungarian),
    (Language::Italian, "it", "Italian", Algorithm::Italian),
    (Language::Dutch, "nl", "Dutch", Algorithm::Dutch),
    (Language::Norwegian, "no", "Norwegian", Algorithm::Norwegian),
    (
        Language::Portuguese,
        "pt",
        "Portuguese",
        Algorithm::Portuguese,
    ),
    (Language::Romanian, "ro", "Romanian", Algorithm::Romanian),
    (Language::Russian, "ru", "Russian", Algorithm::Russian),
    (Language::Swedish, "sv", "Swedish", Algorithm::Swedish),
    (Language::Tamil, "ta", "Tamil", Algorithm::Tamil),
    (Language::Turkish, "tr", "Turkish", Algorithm::Turkish),
];

impl Language {
    /// Every language, in the order of their codes.
    pub const ALL: [Language; 18] = {
        let mut all = [Language::Arabic; 18];
        let mut i = 0;
        while i < TABLE.len() {
            all[i] = TABLE[i].0;
            i += 1;
        }
        all
    };

    fn row(self) -> &'static (Language, &'static str, &'static str, Algorithm) {
        // The table lists the variants in declaration order.
        &TABLE[self as usize]
    }

    /// The ISO 639-1 code (`de`).
    pub fn code(self) -> &'static str {
        self.row().1
    }

    /// The English name (`German`).
    pub fn name(self) -> &'static str {
        self.row().2
    }

    /// The language of an ISO 639-1 code or English name, in any case (`de`, `DE`, `german`);
    /// `None` for a language without a Snowball stemmer.
    pub fn from_code(code: &str) -> Option<Language> {
        let code = match code {
            c if c.eq_ignore_ascii_case("nb") || c.eq_ignore_ascii_case("nn") => "no",
            c => c,
        };
        TABLE
            .iter()
            .find(|(_, c, name, _)| c.eq_ignore_ascii_case(code) || name.eq_ignore_ascii_case(code))
            .map(|row| row.0)
    }

    /// The codes of every language, comma-separated (for messages).
    pub fn codes() -> String {
        TABLE.map(|row| row.1).join(", ")
    }

    pub(crate) fn stemmer(self) -> Algorithm {
        self.row().3
    }

    /// Whether `I` and `İ` lower-case the Turkish way.
    pub(crate) fn turkic_case(self) -> bool {
        self == Language::Turkish
    }
}

impl fmt::Display for Language {
    /// The ISO 639-1 code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Language {
    type Err = RougeError;

    fn from_str(s: &str) -> Result<Self, RougeError> {
        Language::from_code(s).ok_or_else(|| RougeError::UnknownLanguage(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_follows_declaration_order() {
        for (i, row) in TABLE.iter().enumerate() {
            assert_eq!(row.0 as usize, i, "{}", row.1);
            assert_eq!(Language::from_code(row.1), Some(row.0));
            assert_eq!(Language::from_code(&row.2.to_uppercase()), Some(row.0));
            assert_eq!(row.0.to_string(), row.1);
        }
        assert_eq!(Language::ALL.len(), TABLE.len());
    }

    #[test]
    fn unknown_codes_are_errors() {
        for bad in ["", "xx", "zh", "deu", "d", "en-US"] {
            assert_eq!(
                bad.parse::<Language>(),
                Err(RougeError::UnknownLanguage(bad.to_string()))
            );
        }
        assert_eq!(Language::from_code("NB"), Some(Language::Norwegian));
        let message = "zh".parse::<Language>().unwrap_err().to_string();
        assert!(message.contains("de, el, en"), "{message}");
    }
}
