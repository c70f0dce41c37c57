//! NLTK's Porter stemmer in its default `NLTK_EXTENSIONS` mode.
//!
//! This is the stemmer `rouge-score` uses with `use_stemmer=True`: Porter's 1980 algorithm plus
//! Martin Porter's later changes plus NLTK's own (a pool of irregular forms, `-ies`/`-ied` on
//! four-letter words, a stricter `y → i`, `-alli`, `-fulli`, `-logi`, and a two-letter `*o`). It
//! is neither Snowball ("Porter2") nor the original paper's algorithm, and the differences
//! show up in scores, so every rule below mirrors `nltk/stem/porter.py` step for step.
//!
//! ```
//! use precis_rouge::porter::stem;
//!
//! assert_eq!(stem("generously"), "gener");
//! assert_eq!(stem("agreed"), "agre");
//! assert_eq!(stem("dying"), "die"); // from NLTK's pool of irregular forms
//! assert_eq!(stem("happily"), "happili");
//! ```
//!
//! The rules run on ASCII bytes on the hot path (ROUGE tokens are `[a-z0-9]+`); any other input
//! is stemmed by `char`, as NLTK stems Python strings.

/// A unit the rules operate on: a byte of an ASCII word, or a `char` of any other word.
trait Letter: Copy + Eq {
    fn ascii(b: u8) -> Self;

    fn is(self, b: u8) -> bool {
        self == Self::ascii(b)
    }

    fn is_vowel(self) -> bool {
        self.is(b'a') || self.is(b'e') || self.is(b'i') || self.is(b'o') || self.is(b'u')
    }
}

impl Letter for u8 {
    fn ascii(b: u8) -> Self {
        b
    }
}

impl Letter for char {
    fn ascii(b: u8) -> Self {
        char::from(b)
    }
}

/// NLTK's irregular forms: looked up before any rule runs, and returned as they are.
const IRREGULAR: &[(&str, &str)] = &[
    ("sky", "sky"),
    ("skies", "sky"),
    ("dying", "die"),
    ("lying", "lie"),
    ("tying", "tie"),
    ("news", "news"),
    ("innings", "inning"),
    ("inning", "inning"),
    ("outings", "outing"),
    ("outing", "outing"),
    ("cannings", "canning"),
    ("canning", "canning"),
    ("howe", "howe"),
    ("proceed", "proceed"),
    ("exceed", "exceed"),
    ("succeed", "succeed"),
];

/// Stems one word exactly as NLTK's `PorterStemmer().stem(word)` does: the word is lower-cased
/// first, and words of at most two characters come back lower-cased but otherwise unchanged.
pub fn stem(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.is_ascii() {
        let mut out = Vec::with_capacity(lower.len());
        // NLTK tests the length of the word as given, not of its lower-cased form.
        if !stem_lower_ascii(lower.as_bytes(), word.chars().count(), &mut out) {
            return lower;
        }
        // The rules only ever write ASCII letters.
        String::from_utf8(out).expect("ASCII in, ASCII out")
    } else {
        let chars: Vec<char> = lower.chars().collect();
        if let Some(&(_, to)) = IRREGULAR.iter().find(|(from, _)| *from == lower) {
            return to.to_string();
        }
        if word.chars().count() <= 2 {
            return lower;
        }
        let mut w = chars;
        run_steps(&mut w);
        w.into_iter().collect()
    }
}

/// Stems `word`, which must already be lower-case ASCII, into `out` (cleared first).
///
/// This is the allocation-free entry the tokenizer uses; `char_len` is the length NLTK checks
/// against its two-character minimum. Returns `false`, leaving `out` empty, when the word is its
/// own stem and could be used as it is.
pub(crate) fn stem_lower_ascii(word: &[u8], char_len: usize, out: &mut Vec<u8>) -> bool {
    out.clear();
    if let Some(&(_, to)) = IRREGULAR.iter().find(|(from, _)| from.as_bytes() == word) {
        out.extend_from_slice(to.as_bytes());
        return true;
    }
    if char_len <= 2 {
        return false;
    }
    out.extend_from_slice(word);
    run_steps(out);
    true
}

fn run_steps<T: Letter>(w: &mut Vec<T>) {
    step1a(w);
    step1b(w);
    step1c(w);
    step2(w);
    step3(w);
    step4(w);
    step5a(w);
    step5b(w);
}

// ---- conditions from the paper --------------------------------------------------------------

/// Whether `w[i]` is a consonant: not a vowel, and a `y` only after a vowel (or at the start).
fn is_consonant<T: Letter>(w: &[T], mut i: usize) -> bool {
    if w[i].is_vowel() {
        return false;
    }
    if !w[i].is(b'y') {
        return true;
    }
    let mut negate = false;
    while i > 0 && w[i].is(b'y') {
        negate = !negate;
        i -= 1;
    }
    // An odd run of y's flips the answer for the letter before it.
    w[i].is_vowel() == negate
}

/// The measure m of `[C](VC){m}[V]`: how many vowel→consonant transitions the stem has.
fn measure<T: Letter>(w: &[T]) -> usize {
    let mut m = 0;
    let mut prev_consonant = false;
    for (i, &c) in w.iter().enumerate() {
        let consonant = if c.is_vowel() {
            false
        } else if c.is(b'y') {
            i == 0 || !prev_consonant
        } else {
            true
        };
        if consonant && i > 0 && !prev_consonant {
            m += 1;
        }
        prev_consonant = consonant;
    }
    m
}

/// `*v*`: the stem contains a vowel.
fn contains_vowel<T: Letter>(w: &[T]) -> bool {
    (0..w.len()).any(|i| !is_consonant(w, i))
}

/// `*d`: the word ends with a double consonant.
fn ends_double_consonant<T: Letter>(w: &[T]) -> bool {
    let n = w.len();
    n >= 2 && w[n - 1] == w[n - 2] && is_consonant(w, n - 1)
}

/// `*o`: the word ends consonant-vowel-consonant, the last not `w`, `x` or `y`; NLTK also
/// counts a two-letter vowel-consonant word.
fn ends_cvc<T: Letter>(w: &[T]) -> bool {
    let n = w.len();
    (n >= 3
        && is_consonant(w, n - 3)
        && !is_consonant(w, n - 2)
        && is_consonant(w, n - 1)
        && !(w[n - 1].is(b'w') || w[n - 1].is(b'x') || w[n - 1].is(b'y')))
        || (n == 2 && !is_consonant(w, 0) && is_consonant(w, 1))
}

// ---- suffix helpers --------------------------------------------------------------------------

fn ends_with<T: Letter>(w: &[T], suffix: &str) -> bool {
    let s = suffix.as_bytes();
    w.len() >= s.len() && w[w.len() - s.len()..].iter().zip(s).all(|(&c, &b)| c.is(b))
}

/// Replaces the last `cut` letters of `w` with `replacement`.
fn replace_tail<T: Letter>(w: &mut Vec<T>, cut: usize, replacement: &str) {
    w.truncate(w.len() - cut);
    w.extend(replacement.bytes().map(T::ascii));
}

/// NLTK's `_apply_rule_list`: the first rule whose suffix ends the word decides; its suffix is
/// replaced if `condition(word, stem_len, suffix)` holds, and otherwise the word is left alone.
fn apply_rules<T: Letter>(
    w: &mut Vec<T>,
    rules: &[(&str, &str)],
    condition: impl Fn(&[T], usize, &str) -> bool,
) {
    for &(suffix, replacement) in rules {
        if ends_with(w, suffix) {
            let stem_len = w.len() - suffix.len();
            if condition(w, stem_len, suffix) {
                replace_tail(w, suffix.len(), replacement);
            }
            return;
        }
    }
}

// ---- the steps -------------------------------------------------------------------------------

fn step1a<T: Letter>(w: &mut Vec<T>) {
    // NLTK: "ties" -> "tie", not "ti".
    if w.len() == 4 && ends_with(w, "ies") {
        replace_tail(w, 3, "ie");
        return;
    }
    apply_rules(
        w,
        &[("sses", "ss"), ("ies", "i"), ("ss", "ss"), ("s", "")],
        |_, _, _| true,
    );
}

fn step1b<T: Letter>(w: &mut Vec<T>) {
    // NLTK: "died" -> "die", "cried" -> "cri".
    if ends_with(w, "ied") {
        let replacement = if w.len() == 4 { "ie" } else { "i" };
        replace_tail(w, 3, replacement);
        return;
    }
    if ends_with(w, "eed") {
        if measure(&w[..w.len() - 3]) > 0 {
            w.pop();
        }
        return;
    }
    let mut removed = false;
    for suffix in ["ed", "ing"] {
        if ends_with(w, suffix) && contains_vowel(&w[..w.len() - suffix.len()]) {
            w.truncate(w.len() - suffix.len());
            removed = true;
            break;
        }
    }
    if !removed {
        return;
    }
    // Tidy the stem left by -ed/-ing, in NLTK's rule order.
    if ends_with(w, "at") || ends_with(w, "bl") || ends_with(w, "iz") {
        w.push(T::ascii(b'e'));
    } else if ends_double_consonant(w) {
        let last = w[w.len() - 1];
        if !(last.is(b'l') || last.is(b's') || last.is(b'z')) {
            w.pop();
        }
    } else if measure(w) == 1 && ends_cvc(w) {
        w.push(T::ascii(b'e'));
    }
}

fn step1c<T: Letter>(w: &mut Vec<T>) {
    // NLTK: y -> i only after a consonant that is not the whole stem ("happy", not "enjoy", "by").
    apply_rules(w, &[("y", "i")], |w, stem_len, _| {
        stem_len > 1 && is_consonant(&w[..stem_len], stem_len - 1)
    });
}

const STEP2_RULES: &[(&str, &str)] = &[
    ("ational", "ate"),
    ("tional", "tion"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("izer", "ize"),
    ("bli", "ble"),
    ("alli", "al"),
    ("entli", "ent"),
    ("eli", "e"),
    ("ousli", "ous"),
    ("ization", "ize"),
    ("ation", "ate"),
    ("ator", "ate"),
    ("alism", "al"),
    ("iveness", "ive"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("aliti", "al"),
    ("iviti", "ive"),
    ("biliti", "ble"),
    ("fulli", "ful"),
    ("logi", "log"),
];

fn step2<T: Letter>(w: &mut Vec<T>) {
    // NLTK: -alli becomes -al and step 2 runs again on the result.
    while ends_with(w, "alli") && measure(&w[..w.len() - 4]) > 0 {
        replace_tail(w, 4, "al");
    }
    apply_rules(w, STEP2_RULES, |w, stem_len, suffix| {
        if suffix == "logi" {
            // NLTK measures "…l", keeping the l of -logi.
            measure(&w[..w.len() - 3]) > 0
        } else {
            measure(&w[..stem_len]) > 0
        }
    });
}

fn step3<T: Letter>(w: &mut Vec<T>) {
    apply_rules(
        w,
        &[
            ("icate", "ic"),
            ("ative", ""),
            ("alize", "al"),
            ("iciti", "ic"),
            ("ical", "ic"),
            ("ful", ""),
            ("ness", ""),
        ],
        |w, stem_len, _| measure(&w[..stem_len]) > 0,
    );
}

fn step4<T: Letter>(w: &mut Vec<T>) {
    apply_rules(
        w,
        &[
            ("al", ""),
            ("ance", ""),
            ("ence", ""),
            ("er", ""),
            ("ic", ""),
            ("able", ""),
            ("ible", ""),
            ("ant", ""),
            ("ement", ""),
            ("ment", ""),
            ("ent", ""),
            ("ion", ""),
            ("ou", ""),
            ("ism", ""),
            ("ate", ""),
            ("iti", ""),
            ("ous", ""),
            ("ive", ""),
            ("ize", ""),
        ],
        |w, stem_len, suffix| {
            let stem = &w[..stem_len];
            if measure(stem) <= 1 {
                return false;
            }
            // -ion goes only after s or t.
            if suffix == "ion" {
                let last = stem[stem_len - 1];
                return last.is(b's') || last.is(b't');
            }
            true
        },
    );
}

fn step5a<T: Letter>(w: &mut Vec<T>) {
    if ends_with(w, "e") {
        let stem = &w[..w.len() - 1];
        let m = measure(stem);
        if m > 1 || (m == 1 && !ends_cvc(stem)) {
            w.pop();
        }
    }
}

fn step5b<T: Letter>(w: &mut Vec<T>) {
    // NLTK measures the word less one l, not the stem less "ll".
    if ends_with(w, "ll") && measure(&w[..w.len() - 1]) > 1 {
        w.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_examples() {
        for (word, want) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("ties", "tie"),
            ("cats", "cat"),
            ("feed", "feed"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("bled", "bled"),
            ("motoring", "motor"),
            ("sing", "sing"),
            ("conflated", "conflat"),
            ("hopping", "hop"),
            ("falling", "fall"),
            ("filing", "file"),
            ("happy", "happi"),
            ("relational", "relat"),
            ("conditional", "condit"),
            ("hopefulness", "hope"),
            ("generously", "gener"),
            ("sensational", "sensat"),
            ("controll", "control"),
            ("roll", "roll"),
        ] {
            assert_eq!(stem(word), want, "{word}");
        }
    }

    #[test]
    fn nltk_extensions() {
        for (word, want) in [
            ("dying", "die"),
            ("lying", "lie"),
            ("skies", "sky"),
            ("news", "news"),
            ("innings", "inning"),
            ("succeed", "succeed"),
            ("died", "die"),
            ("cried", "cri"),
            ("enjoy", "enjoy"),
            ("spy", "spi"),
            ("happily", "happili"),
            ("radically", "radic"),
            ("hopefully", "hope"),
            ("geology", "geolog"),
        ] {
            assert_eq!(stem(word), want, "{word}");
        }
    }

    #[test]
    fn short_and_odd_words() {
        assert_eq!(stem("a"), "a");
        assert_eq!(stem("Is"), "is");
        assert_eq!(stem(""), "");
        assert_eq!(stem("yyyy"), "yyyi");
        assert_eq!(stem("covid19"), "covid19");
        assert_eq!(stem("CARESSES"), "caress");
    }

    #[test]
    fn measure_and_conditions() {
        for (word, m) in [
            ("tr", 0),
            ("tree", 0),
            ("by", 0),
            ("trouble", 1),
            ("oats", 1),
        ] {
            assert_eq!(measure(word.as_bytes()), m, "{word}");
        }
        for (word, m) in [
            ("troubles", 2),
            ("private", 2),
            ("orrery", 2),
            ("syzygy", 2),
        ] {
            assert_eq!(measure(word.as_bytes()), m, "{word}");
        }
        assert!(ends_cvc(b"hop".as_slice()));
        assert!(!ends_cvc(b"snow".as_slice()));
        assert!(ends_cvc(b"at".as_slice()));
        assert!(ends_double_consonant(b"hopp".as_slice()));
        assert!(!is_consonant(b"toy".as_slice(), 1));
        assert!(is_consonant(b"toy".as_slice(), 2));
    }
}
