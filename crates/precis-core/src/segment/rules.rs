//! Word lists that drive sentence-boundary decisions on English news text.
//!
//! Every list is lower-case and sorted (looked up by binary search); callers compare a word's
//! ASCII-lower-cased form (without its final period). Lists whose words are written capitalized in
//! news (`Mr.`, `Inc.`, `Jan.`) only match a capitalized word, so that `sat.`, `sun.` or `gen.` in
//! running text stay ordinary words.

/// Titles that always precede a name: a period after them never ends a sentence.
const TITLES: &[&str] = &[
    "adm", "amb", "atty", "brig", "capt", "cdr", "cllr", "cmdr", "col", "cpl", "cpt", "det", "dr",
    "fr", "ft", "gen", "gens", "gov", "hon", "insp", "lt", "maj", "messrs", "mmes", "mr", "mrs",
    "ms", "msgr", "mt", "pfc", "pres", "prof", "pvt", "rep", "reps", "rev", "rt", "sen", "sens",
    "sgt", "spc", "supt",
];

/// Abbreviations that introduce a number (`No. 5`, `Jan. 12`, `approx. 500`): a period after them
/// does not end a sentence when a number follows.
const NUMBER_ABBREVIATIONS: &[&str] = &[
    "approx", "apr", "apt", "art", "aug", "ca", "ch", "dec", "est", "ext", "feb", "fig", "jan",
    "jul", "jun", "mar", "no", "nos", "nov", "oct", "op", "p", "para", "pp", "pt", "rm", "sec",
    "sep", "sept", "ste", "tel", "vol", "vols",
];

/// Capitalized abbreviations that may end a sentence: a period after them ends one only when a
/// typical sentence opener follows (`… Acme Inc. The firm …` versus `Acme Inc. Chief Executive`).
const AMBIGUOUS_ABBREVIATIONS: &[&str] = &[
    "apr", "assn", "aug", "ave", "blvd", "bros", "co", "corp", "dec", "dept", "feb", "fri", "govt",
    "inc", "intl", "jan", "jr", "jul", "jun", "llc", "ltd", "mar", "mon", "nov", "oct", "plc",
    "rd", "sat", "sep", "sept", "sr", "st", "sun", "thu", "thurs", "tue", "tues", "univ", "wed",
];

/// Abbreviations after which a sentence never ends (any case; `v` only lower-case).
const NEVER_ENDING: &[&str] = &["cf", "e.g", "eg", "i.e", "ie", "viz", "vs"];

/// Words that follow `a.m.`/`p.m.` inside a sentence: days, months and time zones.
const TIME_FOLLOWERS: &[&str] = &[
    "april",
    "august",
    "bst",
    "cdt",
    "central",
    "cest",
    "cet",
    "cst",
    "ct",
    "december",
    "eastern",
    "edt",
    "est",
    "et",
    "february",
    "friday",
    "gmt",
    "january",
    "july",
    "june",
    "local",
    "march",
    "may",
    "mdt",
    "monday",
    "mountain",
    "mst",
    "mt",
    "november",
    "october",
    "pacific",
    "pdt",
    "pst",
    "pt",
    "saturday",
    "september",
    "sunday",
    "thursday",
    "tuesday",
    "utc",
    "wednesday",
];

/// Names that carry an exclamation mark (`Yahoo! News`), which then ends no sentence by itself.
const BANG_NAMES: &[&str] = &["jeopardy", "yahoo"];

/// Verbs that attribute a quotation (`"Why?" Smith asked.`).
const SPEECH_VERBS: &[&str] = &[
    "added",
    "admitted",
    "asked",
    "asks",
    "cried",
    "declared",
    "demanded",
    "exclaimed",
    "explained",
    "insisted",
    "joked",
    "laughed",
    "pleaded",
    "quipped",
    "recalled",
    "replied",
    "said",
    "says",
    "screamed",
    "shouted",
    "sighed",
    "tweeted",
    "warned",
    "whispered",
    "wondered",
    "wrote",
    "yelled",
];

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
    "everybody",
    "everyone",
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
    "no-one",
    "nobody",
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
    "somebody",
    "someone",
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
    "today",
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
    "yesterday",
    "yet",
    "you",
    "your",
];

/// Subject pronouns, which with a speech verb make a quotation's attribution (`she asked`).
const PRONOUNS: &[&str] = &["he", "i", "it", "she", "they", "we", "you"];

/// A word of at most 16 bytes as a number that sorts like the word: its bytes, big-endian,
/// zero-padded. A sorted list of words is a sorted list of keys, searched with a few integer
/// comparisons.
const fn key(word: &[u8]) -> u128 {
    let mut bytes = [0u8; 16];
    let mut i = 0;
    while i < word.len() {
        bytes[i] = word[i];
        i += 1;
    }
    u128::from_be_bytes(bytes)
}

const fn keys<const N: usize>(list: &[&str]) -> [u128; N] {
    let mut keys = [0u128; N];
    let mut i = 0;
    while i < N {
        keys[i] = key(list[i].as_bytes());
        i += 1;
    }
    keys
}

static TITLE_KEYS: [u128; TITLES.len()] = keys(TITLES);
static NUMBER_ABBREVIATION_KEYS: [u128; NUMBER_ABBREVIATIONS.len()] = keys(NUMBER_ABBREVIATIONS);
static AMBIGUOUS_ABBREVIATION_KEYS: [u128; AMBIGUOUS_ABBREVIATIONS.len()] =
    keys(AMBIGUOUS_ABBREVIATIONS);
static NEVER_ENDING_KEYS: [u128; NEVER_ENDING.len()] = keys(NEVER_ENDING);
static TIME_FOLLOWER_KEYS: [u128; TIME_FOLLOWERS.len()] = keys(TIME_FOLLOWERS);
static BANG_NAME_KEYS: [u128; BANG_NAMES.len()] = keys(BANG_NAMES);
static SPEECH_VERB_KEYS: [u128; SPEECH_VERBS.len()] = keys(SPEECH_VERBS);
static SENTENCE_OPENER_KEYS: [u128; SENTENCE_OPENERS.len()] = keys(SENTENCE_OPENERS);
static PRONOUN_KEYS: [u128; PRONOUNS.len()] = keys(PRONOUNS);

fn capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The [`key`] of `word` ASCII-lower-cased (with `’` folded to `'`); `None` for a word with
/// another non-ASCII char or longer than a key, which no list holds.
fn lower_key(word: &str) -> Option<u128> {
    // Bytes, not chars: an ASCII byte never occurs inside a multi-byte char.
    let bytes = word.as_bytes();
    let mut buf = [0u8; 16];
    let (mut n, mut i) = (0, 0);
    while i < bytes.len() {
        if n == buf.len() {
            return None;
        }
        if bytes[i] < 0x80 {
            buf[n] = bytes[i].to_ascii_lowercase();
            i += 1;
        } else if bytes[i..].starts_with("’".as_bytes()) {
            buf[n] = b'\'';
            i += 3;
        } else {
            return None;
        }
        n += 1;
    }
    Some(u128::from_be_bytes(buf))
}

fn in_list(keys: &[u128], word: &str) -> bool {
    lower_key(word).is_some_and(|k| keys.binary_search(&k).is_ok())
}

/// A title such as `Mr` or `Gen` (capitalized, without the period).
pub fn is_title(word: &str) -> bool {
    capitalized(word) && in_list(&TITLE_KEYS, word)
}

/// An abbreviation that introduces a number, such as `No` or `Jan`.
pub fn is_number_abbreviation(word: &str) -> bool {
    in_list(&NUMBER_ABBREVIATION_KEYS, word)
}

/// A capitalized abbreviation that can end a sentence (`Inc`, `St`, `Jr`). In capitals, longer
/// words are acronyms (`SAT`, `WED`), except the company suffixes.
pub fn is_ambiguous_abbreviation(word: &str) -> bool {
    let shouting = word.len() > 2 && word.chars().all(|c| c.is_ascii_uppercase());
    let suffix = ["INC", "CORP", "LTD", "LLC", "PLC", "BROS"].contains(&word);
    capitalized(word) && (!shouting || suffix) && in_list(&AMBIGUOUS_ABBREVIATION_KEYS, word)
}

/// An abbreviation after which a sentence never ends (`vs`, `e.g`, `v`).
pub fn is_never_ending(word: &str) -> bool {
    word == "v" || in_list(&NEVER_ENDING_KEYS, word)
}

/// `a.m` or `p.m` in any case.
pub fn is_clock_suffix(word: &str) -> bool {
    word.eq_ignore_ascii_case("a.m") || word.eq_ignore_ascii_case("p.m")
}

/// A day, month or time zone, which may follow `a.m.` inside a sentence.
pub fn is_time_follower(word: &str) -> bool {
    in_list(&TIME_FOLLOWER_KEYS, word)
}

/// A name spelled with an exclamation mark (`Yahoo`).
pub fn is_bang_name(word: &str) -> bool {
    in_list(&BANG_NAME_KEYS, word)
}

/// `etc`: usually sentence-final when a capitalized word follows.
pub fn is_etc(word: &str) -> bool {
    word.eq_ignore_ascii_case("etc")
}

/// A verb that attributes a quotation (`said`, `asked`).
pub fn is_speech_verb(word: &str) -> bool {
    in_list(&SPEECH_VERB_KEYS, word)
}

/// A subject pronoun (`she`).
pub fn is_pronoun(word: &str) -> bool {
    in_list(&PRONOUN_KEYS, word)
}

/// A word that typically opens a sentence (any case, straight or curly apostrophes).
pub fn is_sentence_opener(word: &str) -> bool {
    in_list(&SENTENCE_OPENER_KEYS, word)
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
        assert!(is_title("Gen") && !is_title("gen"));
        assert!(is_ambiguous_abbreviation("Sat") && !is_ambiguous_abbreviation("sat"));
        assert!(is_number_abbreviation("no") && is_number_abbreviation("No"));
        assert!(is_never_ending("v") && !is_never_ending("V") && is_never_ending("Vs"));
        assert!(is_sentence_opener("The") && is_sentence_opener("It’s"));
        assert!(!is_title("Mrüller"));
    }

    #[test]
    fn lists_are_lower_case_sorted_and_fit_a_key() {
        for list in [
            TITLES,
            NUMBER_ABBREVIATIONS,
            AMBIGUOUS_ABBREVIATIONS,
            NEVER_ENDING,
            TIME_FOLLOWERS,
            BANG_NAMES,
            SPEECH_VERBS,
            SENTENCE_OPENERS,
            PRONOUNS,
        ] {
            for w in list {
                assert_eq!(*w, w.to_lowercase());
                assert!(w.len() <= 16);
            }
            assert!(list.windows(2).all(|p| p[0] < p[1]), "{list:?}");
        }
        for keys in [
            &TITLE_KEYS[..],
            &NUMBER_ABBREVIATION_KEYS,
            &AMBIGUOUS_ABBREVIATION_KEYS,
            &NEVER_ENDING_KEYS,
            &TIME_FOLLOWER_KEYS,
            &BANG_NAME_KEYS,
            &SPEECH_VERB_KEYS,
            &SENTENCE_OPENER_KEYS,
            &PRONOUN_KEYS,
        ] {
            assert!(keys.windows(2).all(|p| p[0] < p[1]));
        }
    }
}
