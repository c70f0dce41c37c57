//! Word lists that drive sentence-boundary decisions on English news text.
//!
//! Kept as sorted static slices (binary search) rather than hash sets: they are tiny, and the
//! segmenter must not allocate per decision.

/// Titles that always precede a name: a period after them never ends a sentence.
const TITLES: &[&str] = &[
    "adm", "atty", "brig", "capt", "cmdr", "col", "cpl", "det", "dr", "fr", "ft", "gen", "gov",
    "hon", "insp", "lt", "maj", "messrs", "mr", "mrs", "ms", "msgr", "mt", "pres", "prof", "pvt",
    "rep", "reps", "rev", "sen", "sens", "sgt", "supt", "gens",
];

/// Abbreviations that precede a number (`No. 5`, `Vol. 2`, `Jan. 12`).
const NUMBER_ABBREVIATIONS: &[&str] = &[
    "apr", "art", "aug", "ch", "dec", "feb", "fig", "jan", "jul", "jun", "mar", "no", "nos", "nov",
    "oct", "op", "p", "pp", "sec", "sep", "sept", "tel", "vol", "vols",
];

/// Abbreviations that may end a sentence: a period after them ends one only when a typical
/// sentence opener follows (`… in the U.S. The …` versus `U.S. Army`).
const AMBIGUOUS_ABBREVIATIONS: &[&str] = &[
    "apr", "approx", "assn", "aug", "ave", "blvd", "bros", "co", "corp", "dec", "dept", "est",
    "etc", "feb", "fri", "govt", "inc", "intl", "jan", "jr", "jul", "jun", "ltd", "mar", "mon",
    "no", "nov", "oct", "plc", "rd", "sat", "sep", "sept", "sr", "st", "sun", "thu", "thurs",
    "tue", "tues", "univ", "wed",
];

/// Abbreviations after which a sentence never ends.
const NEVER_ENDING: &[&str] = &["cf", "e.g", "eg", "i.e", "ie", "v", "viz", "vs"];

/// Words that typically open an English sentence: function words, pronouns, conjunctions.
/// Used only to resolve an abbreviation or initial followed by a capitalized word.
const SENTENCE_OPENERS: &[&str] = &[
    "a",
    "about",
    "according",
    "after",
    "again",
    "all",
    "also",
    "although",
    "an",
    "and",
    "another",
    "any",
    "are",
    "as",
    "at",
    "because",
    "before",
    "both",
    "but",
    "by",
    "can",
    "could",
    "despite",
    "did",
    "do",
    "does",
    "during",
    "each",
    "even",
    "every",
    "few",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "he's",
    "her",
    "here",
    "his",
    "how",
    "however",
    "i",
    "i'm",
    "if",
    "in",
    "instead",
    "is",
    "it",
    "it's",
    "its",
    "just",
    "last",
    "later",
    "many",
    "may",
    "meanwhile",
    "more",
    "most",
    "much",
    "my",
    "neither",
    "next",
    "no",
    "none",
    "nor",
    "not",
    "now",
    "of",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "over",
    "she",
    "she's",
    "since",
    "so",
    "some",
    "still",
    "such",
    "that",
    "that's",
    "the",
    "their",
    "then",
    "there",
    "there's",
    "these",
    "they",
    "they're",
    "this",
    "those",
    "though",
    "thus",
    "to",
    "under",
    "unlike",
    "until",
    "was",
    "we",
    "we're",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "would",
    "yet",
    "you",
    "your",
];

fn contains(list: &[&str], word: &str) -> bool {
    // Lists are short and words are lower-cased ASCII by the caller; a linear scan is as fast as a
    // hash here and keeps the lists readable.
    list.contains(&word)
}

/// A title such as `Mr` or `Gen` (lower-case, without the period).
pub fn is_title(word: &str) -> bool {
    contains(TITLES, word)
}

/// An abbreviation that introduces a number such as `No` or `Jan`.
pub fn is_number_abbreviation(word: &str) -> bool {
    contains(NUMBER_ABBREVIATIONS, word)
}

/// An abbreviation that can end a sentence (`Inc`, `etc`, `St`).
pub fn is_ambiguous_abbreviation(word: &str) -> bool {
    contains(AMBIGUOUS_ABBREVIATIONS, word)
}

/// An abbreviation after which a sentence never ends (`vs`, `e.g`).
pub fn is_never_ending(word: &str) -> bool {
    contains(NEVER_ENDING, word)
}

/// A word that typically opens a sentence (compared lower-cased, straight apostrophes).
pub fn is_sentence_opener(word: &str) -> bool {
    contains(SENTENCE_OPENERS, word)
}

/// True for `U.S`, `J.K`, `a.m`, `Ph.D`, `D.C`: short letter groups joined by periods.
pub fn is_initialism(word: &str) -> bool {
    let mut groups = 0;
    for part in word.split('.') {
        let letters = part.chars().count();
        if letters == 0 || letters > 2 || !part.chars().all(char::is_alphabetic) {
            return false;
        }
        groups += 1;
    }
    groups >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initialisms() {
        for w in ["U.S", "u.k", "J.K", "a.m", "Ph.D", "D.C"] {
            assert!(is_initialism(w), "{w}");
        }
        for w in ["U", "CNN.com", "3.5", "www.cnn", ""] {
            assert!(!is_initialism(w), "{w}");
        }
    }

    #[test]
    fn lists_are_lower_case() {
        for list in [
            TITLES,
            NUMBER_ABBREVIATIONS,
            AMBIGUOUS_ABBREVIATIONS,
            NEVER_ENDING,
            SENTENCE_OPENERS,
        ] {
            for w in list {
                assert_eq!(*w, w.to_lowercase());
            }
        }
    }
}
