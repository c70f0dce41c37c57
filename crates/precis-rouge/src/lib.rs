//! ROUGE for precis: ROUGE-N, ROUGE-L and ROUGE-Lsum, digit for digit with Google's
//! `rouge-score` 0.1.2 (the package CNN/DailyMail results are reported with), including its NLTK
//! Porter stemming.
//!
//! ```
//! use precis_rouge::{RougeScorer, RougeType};
//!
//! let scorer = RougeScorer::new(&[RougeType::N(1), RougeType::N(2), RougeType::L, RougeType::Lsum])
//!     .stemming(true);
//! let reference = "Storm floods the coastal towns.\nThousands are evacuated.";
//! let candidate = "Thousands were evacuated as a storm flooded coastal towns.";
//! let scores = scorer.score(reference, candidate);
//!
//! // The same figures as rouge-score 0.1.2 with use_stemmer=True, to the last bit.
//! let rouge1 = scores.get(RougeType::N(1)).unwrap();
//! assert_eq!((rouge1.precision, rouge1.recall), (6.0 / 9.0, 6.0 / 8.0)); // "the", "are" unmatched
//! assert_eq!(
//!     serde_json::to_string(&scores).unwrap(),
//!     concat!(
//!         r#"{"rouge1":{"p":0.6666666666666666,"r":0.75,"f":0.7058823529411765},"#,
//!         r#""rouge2":{"p":0.25,"r":0.2857142857142857,"f":0.26666666666666666},"#,
//!         r#""rougeL":{"p":0.4444444444444444,"r":0.5,"f":0.47058823529411764},"#,
//!         r#""rougeLsum":{"p":0.6666666666666666,"r":0.75,"f":0.7058823529411765}}"#,
//!     ),
//! );
//! ```
//!
//! The pieces follow rouge-score's own split, each checkable alone against it:
//! - [`tokenize()`] — its token rules (`tokenize.py`), with [`porter`] for NLTK's stemmer;
//! - [`RougeScorer`] — the per-pair metric (`rouge_scorer.py`);
//! - [`jsonl`] — one JSON line of scores per JSON line of (reference, candidate), for the CLI.
//!
//! rouge-score's tokens are runs of `[a-z0-9]`, so it scores text in other alphabets as empty.
//! For other languages, [`Tokenizer::Unicode`] (the [`unicode`] rules, after the multilingual
//! ROUGE of XL-Sum) keeps the words of every script and stems them with the [`Language`]'s
//! Snowball stemmer:
//!
//! ```
//! use precis_rouge::{Language, RougeScorer, RougeType, Tokenizer};
//!
//! let (reference, candidate) = ("Президент подписал указ.", "Указ подписан президентом.");
//! let default = RougeScorer::new(&[RougeType::N(1)]).stemming(true);
//! assert_eq!(default.score(reference, candidate).get(RougeType::N(1)).unwrap().fmeasure, 0.0);
//!
//! let russian = default.tokenizer(Tokenizer::Unicode(Some(Language::Russian)));
//! assert_eq!(russian.score(reference, candidate).get(RougeType::N(1)).unwrap().fmeasure, 1.0);
//! ```
//!
//! Corpus aggregation (means, bootstrap intervals) belongs to the evaluation crate, not here.

use std::fmt;
use std::str::FromStr;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

pub mod jsonl;
mod language;
mod lcs;
mod ngram;
pub mod porter;
mod scorer;
mod tokenize;
pub mod unicode;

pub use language::Language;
pub use scorer::RougeScorer;
pub use tokenize::{Tokenizer, tokenize};

/// A ROUGE variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RougeType {
    /// ROUGE-N: overlap of n-grams (`rouge1`, `rouge2`, …); n must be at least 1.
    N(usize),
    /// ROUGE-L: longest common subsequence of the whole texts, newlines ignored (`rougeL`).
    L,
    /// ROUGE-Lsum: summary-level union LCS over `\n`-separated sentences (`rougeLsum`).
    Lsum,
}

impl RougeType {
    /// The four types reported on CNN/DailyMail: ROUGE-1, ROUGE-2, ROUGE-L, ROUGE-Lsum.
    pub const STANDARD: [RougeType; 4] = [
        RougeType::N(1),
        RougeType::N(2),
        RougeType::L,
        RougeType::Lsum,
    ];
}

impl fmt::Display for RougeType {
    /// rouge-score's name: `rouge1`, `rougeL`, `rougeLsum`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RougeType::N(n) => write!(f, "rouge{n}"),
            RougeType::L => f.write_str("rougeL"),
            RougeType::Lsum => f.write_str("rougeLsum"),
        }
    }
}

impl FromStr for RougeType {
    type Err = RougeError;

    /// Parses rouge-score's names; `rougeN` takes any n >= 1, not only one digit.
    fn from_str(s: &str) -> Result<Self, RougeError> {
        match s {
            "rougeL" => Ok(RougeType::L),
            "rougeLsum" => Ok(RougeType::Lsum),
            _ => s
                .strip_prefix("rouge")
                .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|n| n.parse().ok())
                .filter(|&n| n > 0)
                .map(RougeType::N)
                .ok_or_else(|| RougeError::UnknownType(s.to_string())),
        }
    }
}

impl Serialize for RougeType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// What can go wrong in this crate.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RougeError {
    /// A ROUGE type name that is not `rougeN` (n >= 1), `rougeL` or `rougeLsum`.
    #[error("unknown ROUGE type {0:?}: expected rouge1, rouge2, …, rougeL or rougeLsum")]
    UnknownType(String),
    /// A language code or name without a Snowball stemmer.
    #[error(
        "unknown language {0:?}: expected the ISO 639-1 code of a language with a Snowball \
         stemmer ({codes})",
        codes = Language::codes()
    )]
    UnknownLanguage(String),
}

/// Precision, recall and F1 of one ROUGE type on one pair; serialized as `{"p":…,"r":…,"f":…}`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Matches over the candidate's size.
    #[serde(rename = "p")]
    pub precision: f64,
    /// Matches over the reference's size.
    #[serde(rename = "r")]
    pub recall: f64,
    /// The harmonic mean of the two, 0 when both are 0.
    #[serde(rename = "f")]
    pub fmeasure: f64,
}

impl Score {
    /// All zero: what rouge-score returns when either side has nothing to match.
    pub const ZERO: Score = Score {
        precision: 0.0,
        recall: 0.0,
        fmeasure: 0.0,
    };

    /// Builds a score from precision and recall, with F1 computed as rouge-score's
    /// `scoring.fmeasure` does (same operations in the same order, so the same bits).
    pub fn new(precision: f64, recall: f64) -> Score {
        let fmeasure = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Score {
            precision,
            recall,
            fmeasure,
        }
    }

    /// `hits / candidate_size` and `hits / reference_size`; both sizes must be positive.
    fn from_ratios(hits: usize, candidate_size: usize, reference_size: usize) -> Score {
        Score::new(
            hits as f64 / candidate_size as f64,
            hits as f64 / reference_size as f64,
        )
    }
}

/// The scores of one pair, one per requested ROUGE type, in the order requested; serialized as
/// a map from rouge-score's names (`{"rouge1": {"p":…,"r":…,"f":…}, …}`).
#[derive(Debug, Clone, PartialEq)]
pub struct Scores(Vec<(RougeType, Score)>);

impl Scores {
    fn from_vec(scores: Vec<(RougeType, Score)>) -> Scores {
        Scores(scores)
    }

    /// The score of `kind`, if the scorer computed it.
    pub fn get(&self, kind: RougeType) -> Option<&Score> {
        self.0.iter().find(|(k, _)| *k == kind).map(|(_, s)| s)
    }

    /// Each type with its score, in the scorer's order.
    pub fn iter(&self) -> impl Iterator<Item = (RougeType, &Score)> {
        self.0.iter().map(|(k, s)| (*k, s))
    }

    /// How many types were scored.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no type was scored.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Scores {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (kind, score) in &self.0 {
            map.serialize_entry(kind, score)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scorer() -> RougeScorer {
        RougeScorer::new(&RougeType::STANDARD).stemming(true)
    }

    #[test]
    fn type_names_round_trip() {
        for kind in [
            RougeType::N(1),
            RougeType::N(2),
            RougeType::N(12),
            RougeType::L,
            RougeType::Lsum,
        ] {
            assert_eq!(kind.to_string().parse::<RougeType>(), Ok(kind));
        }
        for bad in [
            "rouge0",
            "rouge",
            "rougeX",
            "ROUGE1",
            "rouge-1",
            "rougeLSum",
            "rouge+1",
        ] {
            assert!(bad.parse::<RougeType>().is_err(), "{bad}");
        }
    }

    #[test]
    fn fmeasure_zero_case() {
        assert_eq!(Score::new(0.0, 0.0), Score::ZERO);
        assert_eq!(Score::new(0.5, 1.0).fmeasure, 2.0 * 0.5 * 1.0 / 1.5);
    }

    #[test]
    fn empty_sides_score_zero() {
        let s = scorer();
        for (r, c) in [
            ("", ""),
            ("some words", ""),
            ("", "some words"),
            ("...", "!!!"),
            ("\n\n", "a b"),
        ] {
            let scores = s.score(r, c);
            assert_eq!(scores.len(), 4);
            for (kind, score) in scores.iter() {
                assert_eq!(*score, Score::ZERO, "{kind} on {r:?} / {c:?}");
            }
        }
    }

    #[test]
    fn rouge2_on_one_word_sides_is_zero_not_nan() {
        let scores = scorer().score("word", "word");
        assert_eq!(scores.get(RougeType::N(1)).unwrap().fmeasure, 1.0);
        assert_eq!(*scores.get(RougeType::N(2)).unwrap(), Score::ZERO);
    }

    #[test]
    fn identical_texts_score_one() {
        let text = "The cabinet approved the budget.\nMarkets rallied on the news.";
        for (kind, score) in scorer().score(text, text).iter() {
            assert_eq!(
                (score.precision, score.recall, score.fmeasure),
                (1.0, 1.0, 1.0),
                "{kind}"
            );
        }
    }

    #[test]
    fn stemming_makes_inflections_match() {
        let plain = RougeScorer::new(&[RougeType::N(1)]);
        let stemmed = plain.clone().stemming(true);
        let (r, c) = ("ministers resigned", "minister resigns");
        assert_eq!(plain.score(r, c).get(RougeType::N(1)).unwrap().recall, 0.0);
        assert_eq!(
            stemmed.score(r, c).get(RougeType::N(1)).unwrap().recall,
            1.0
        );
    }

    #[test]
    fn lsum_differs_from_l_across_lines() {
        // L sees one sequence; Lsum matches each reference line against every candidate line.
        let r = "a b c\nd e f";
        let c = "d e f\na b c";
        let scores = RougeScorer::new(&[RougeType::L, RougeType::Lsum]).score(r, c);
        assert_eq!(scores.get(RougeType::L).unwrap().recall, 0.5);
        assert_eq!(scores.get(RougeType::Lsum).unwrap().recall, 1.0);
    }

    #[test]
    fn scores_serialize_by_name_in_order() {
        let scores = RougeScorer::new(&[RougeType::N(1), RougeType::Lsum]).score("a b", "a");
        assert_eq!(
            serde_json::to_string(&scores).unwrap(),
            r#"{"rouge1":{"p":1.0,"r":0.5,"f":0.6666666666666666},"rougeLsum":{"p":1.0,"r":0.5,"f":0.6666666666666666}}"#
        );
    }

    fn f1(scorer: &RougeScorer, kind: RougeType, r: &str, c: &str) -> f64 {
        scorer.score(r, c).get(kind).unwrap().fmeasure
    }

    fn unicode(language: Option<Language>) -> RougeScorer {
        scorer().tokenizer(Tokenizer::Unicode(language))
    }

    #[test]
    fn russian_pairs_score_with_the_unicode_tokenizer() {
        let r = "Правительство утвердило новый бюджет.\nДепутаты проголосовали за.";
        let c = "Новый бюджет утвержден правительством.";
        // rouge-score sees no token in Cyrillic text.
        assert_eq!(f1(&scorer(), RougeType::N(1), r, c), 0.0);
        // Words alone: "новый" and "бюджет" match.
        let plain = unicode(None);
        let words = plain.score(r, c);
        let r1 = words.get(RougeType::N(1)).unwrap();
        assert_eq!((r1.precision, r1.recall), (2.0 / 4.0, 2.0 / 7.0));
        assert_eq!(words.get(RougeType::N(2)).unwrap().precision, 1.0 / 3.0);
        // The Russian stemmer also matches the inflected "правительство/правительством".
        let russian = unicode(Some(Language::Russian));
        let r1 = *russian.score(r, c).get(RougeType::N(1)).unwrap();
        assert_eq!((r1.precision, r1.recall), (3.0 / 4.0, 3.0 / 7.0));
    }

    #[test]
    fn german_umlauts_and_sharp_s() {
        let german = unicode(Some(Language::German));
        // rouge-score cuts "Größe" into "gr", "e" and "Köln" into "k", "ln".
        assert_eq!(tokenize("Größe Köln", false), ["gr", "e", "k", "ln"]);
        assert_eq!(
            Tokenizer::Unicode(None).tokenize("Größe Köln", false),
            ["größe", "köln"]
        );
        // The German stemmer folds ß to ss and umlauts after stemming: the spellings match.
        assert_eq!(
            f1(
                &german,
                RougeType::N(1),
                "GRÖSSE der Häuser",
                "Größe des Hauses"
            ),
            2.0 / 3.0
        );
        // Without it, "Häuser" and "Hauses" stay apart, and so do "GRÖSSE" and "Größe".
        assert_eq!(
            f1(
                &unicode(None),
                RougeType::N(1),
                "GRÖSSE der Häuser",
                "Größe des Hauses"
            ),
            0.0
        );
    }

    #[test]
    fn turkish_dotted_and_dotless_i() {
        let turkish = unicode(Some(Language::Turkish));
        let (r, c) = ("İSTANBUL'DA KADIN", "istanbul'da kadın");
        assert_eq!(f1(&turkish, RougeType::N(1), r, c), 1.0);
        // Elsewhere "I" is "i": "KADIN" is not "kadın", but "İ" still matches "i".
        let other = unicode(None);
        let r1 = *other.score(r, c).get(RougeType::N(1)).unwrap();
        assert_eq!((r1.precision, r1.recall), (2.0 / 3.0, 2.0 / 3.0));
        assert_eq!(
            Tokenizer::Unicode(Some(Language::Turkish)).tokenize("IŞIK ışık Işık", false),
            ["ışık", "ışık", "ışık"]
        );
    }

    #[test]
    fn cjk_is_scored_by_characters() {
        let cjk = unicode(None);
        assert_eq!(
            f1(&scorer(), RougeType::N(1), "東京で地震", "東京の地震"),
            0.0
        );
        let scores = cjk.score("東京で地震", "東京の地震");
        for (kind, hits, of) in [
            (RougeType::N(1), 4.0, 5.0),
            (RougeType::N(2), 2.0, 4.0),
            (RougeType::L, 4.0, 5.0),
        ] {
            let s = scores.get(kind).unwrap();
            assert_eq!((s.precision, s.recall), (hits / of, hits / of), "{kind}");
        }
    }

    #[test]
    fn the_unicode_tokenizer_needs_no_language_and_lsum_still_reads_lines() {
        let s = unicode(None);
        let r = "a b c\nd e f";
        let c = "d e f\na b c";
        let scores = s.score(r, c);
        assert_eq!(scores.get(RougeType::Lsum).unwrap().recall, 1.0);
        assert_eq!(scores.get(RougeType::L).unwrap().recall, 0.5);
        assert_eq!(s.score("", "x").get(RougeType::N(1)), Some(&Score::ZERO));
    }

    #[test]
    fn one_thread_switches_stemmers_between_scorers() {
        // The thread's token table keeps stems per stemmer: alternating languages (as an
        // evaluation of mixed-language data would) gives the same scores as each alone.
        // Porter conflates "generate" and "generous" (both "gener"); Snowball's English does not.
        let (r, c) = ("generate news", "generous news");
        let porter = f1(&scorer(), RougeType::N(1), r, c);
        let english = f1(&unicode(Some(Language::English)), RougeType::N(1), r, c);
        for _ in 0..3 {
            assert_eq!(f1(&scorer(), RougeType::N(1), r, c), porter);
            assert_eq!(
                f1(&unicode(Some(Language::English)), RougeType::N(1), r, c),
                english
            );
        }
        assert_eq!((porter, english), (1.0, 0.5));
    }

    #[test]
    #[should_panic(expected = "n >= 1")]
    fn rouge0_is_rejected() {
        RougeScorer::new(&[RougeType::N(0)]);
    }
}
