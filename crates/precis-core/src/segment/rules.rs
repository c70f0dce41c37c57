//! The boundary tests that read a language's word lists ([`Segmentation`]).
//!
//! Lists match a word's lower-cased form (without its final period). Lists whose words are written
//! capitalized in news (`Mr.`, `Inc.`, `Jan.`) only match a capitalized word here, so that `sat.`,
//! `sun.` or `gen.` in running text stay ordinary words.

use crate::language::Segmentation;

fn capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A title such as `Mr` or `Gen` (capitalized, without the period).
pub fn is_title(r: &Segmentation, word: &str) -> bool {
    capitalized(word) && r.titles.contains(word)
}

/// An abbreviation that introduces a number, such as `No` or `Jan`.
pub fn is_number_abbreviation(r: &Segmentation, word: &str) -> bool {
    r.number_abbreviations.contains(word)
        || (r.elision && after_elision(word).is_some_and(|w| r.number_abbreviations.contains(w)))
}

/// `art` of `l'art`: the word after an elided article.
fn after_elision(word: &str) -> Option<&str> {
    word.split_once(['\'', '’']).map(|(_, w)| w)
}

/// A capitalized abbreviation that can end a sentence (`Inc`, `St`, `Jr`). In capitals, longer
/// words are acronyms (`SAT`, `WED`), except the company suffixes.
pub fn is_ambiguous_abbreviation(r: &Segmentation, word: &str) -> bool {
    let shouting = word.len() > 2 && word.chars().all(|c| c.is_ascii_uppercase());
    let suffix = r.company_suffixes.contains(&word);
    (capitalized(word) && (!shouting || suffix) && r.ambiguous_abbreviations.contains(word))
        || r.ambiguous_any_case.contains(word)
}

/// An abbreviation after which a sentence never ends (`vs`, `e.g`, `v`).
pub fn is_never_ending(r: &Segmentation, word: &str) -> bool {
    r.never_ending_letters.contains(&word) || r.never_ending.contains(word)
}

/// `a.m` or `p.m` in any case.
pub fn is_clock_suffix(r: &Segmentation, word: &str) -> bool {
    r.clock_suffixes
        .iter()
        .any(|s| word.eq_ignore_ascii_case(s))
}

/// A day, month or time zone, which may follow `a.m.` inside a sentence.
pub fn is_time_follower(r: &Segmentation, word: &str) -> bool {
    r.time_followers.contains(word)
}

/// A name spelled with an exclamation mark (`Yahoo`).
pub fn is_bang_name(r: &Segmentation, word: &str) -> bool {
    r.bang_names.contains(word)
}

/// `etc`: usually sentence-final when a capitalized word follows.
pub fn is_etc(r: &Segmentation, word: &str) -> bool {
    r.etc.iter().any(|e| word.eq_ignore_ascii_case(e))
}

/// A verb that attributes a quotation (`said`, `asked`).
pub fn is_speech_verb(r: &Segmentation, word: &str) -> bool {
    r.speech_verbs.contains(word)
}

/// A subject pronoun (`she`).
pub fn is_pronoun(r: &Segmentation, word: &str) -> bool {
    r.pronouns.contains(word)
}

/// A word that typically opens a sentence (any case, straight or curly apostrophes).
pub fn is_sentence_opener(r: &Segmentation, word: &str) -> bool {
    r.sentence_openers.contains(word)
        || (r.elision
            && word
                .split_once(['\'', '’'])
                .is_some_and(|(article, _)| r.sentence_openers.contains(article)))
}

/// True for `U.S`, `J.K`, `a.m`, `Ph.D`, `D.C`: two or more short letter groups joined by periods.
pub fn is_initialism(word: &str) -> bool {
    // Most words have no period: one fast byte search settles them.
    if !word.as_bytes().contains(&b'.') {
        return false;
    }
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
    use crate::language::ENGLISH;

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
    fn case_matters_where_news_capitalizes() {
        let r = &ENGLISH.segmentation;
        assert!(is_title(r, "Gen") && !is_title(r, "gen"));
        assert!(is_ambiguous_abbreviation(r, "Sat") && !is_ambiguous_abbreviation(r, "sat"));
        assert!(is_number_abbreviation(r, "no") && is_number_abbreviation(r, "No"));
        assert!(is_never_ending(r, "v") && !is_never_ending(r, "V") && is_never_ending(r, "Vs"));
        assert!(is_sentence_opener(r, "The") && is_sentence_opener(r, "It’s"));
        assert!(!is_title(r, "Mrüller"));
        assert!(is_clock_suffix(r, "A.M") && is_etc(r, "ETC"));
    }
}
