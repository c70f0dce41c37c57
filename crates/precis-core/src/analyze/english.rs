//! The Snowball English (Porter2) stemmer for words of lower-case ASCII letters, digits and
//! apostrophes, in place on bytes.
//!
//! A transcription of rust-stemmers' generated `english.rs` (which [`super::Stem`] still runs for
//! every other word): the same steps, conditions and longest-suffix matches, without its
//! per-character UTF-8 boundary checks and a new `String` per replacement, which made it cost
//! ~3,700 instructions per word. It must stem exactly as rust-stemmers does: the tests compare
//! the two on words that take each branch and on random words and suffix chains (and a one-off
//! check agreed on 1.58M words: the CNN/DailyMail vocabulary and the Snowball test vocabulary,
//! each with suffixes added).

/// `v` of english.sbl.
fn is_v(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// `v_WXY`: `v`, `w`, `x` and the `Y` the prelude marks.
fn is_v_wxy(b: u8) -> bool {
    matches!(
        b,
        b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'w' | b'x' | b'Y'
    )
}

/// `valid_LI`.
fn is_valid_li(b: u8) -> bool {
    matches!(
        b,
        b'c' | b'd' | b'e' | b'g' | b'h' | b'k' | b'm' | b'n' | b'r' | b't'
    )
}

/// True when this stemmer handles `word` (else rust-stemmers must).
pub(super) fn handles(word: &str) -> bool {
    word.bytes().all(handled)
}

fn handled(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'\''
}

/// Stems `w` in place; `w` must satisfy [`handles`].
pub(super) fn stem(w: &mut Vec<u8>) {
    debug_assert!(w.iter().all(|&b| handled(b)));
    if exception1(w) || w.len() < 3 {
        return;
    }
    let y_found = prelude(w);
    let (p1, p2) = mark_regions(w);
    step_1a(w);
    if !matches!(
        w.as_slice(),
        b"succeed"
            | b"proceed"
            | b"exceed"
            | b"canning"
            | b"inning"
            | b"earring"
            | b"herring"
            | b"outing"
    ) {
        step_1b(w, p1);
        step_1c(w);
        step_2(w, p1);
        step_3(w, p1, p2);
        step_4(w, p2);
        step_5(w, p1, p2);
    }
    if y_found {
        for b in w.iter_mut().filter(|b| **b == b'Y') {
            *b = b'y';
        }
    }
}

/// Whole-word exceptions; true when `w` is one (and then stemmed).
fn exception1(w: &mut Vec<u8>) -> bool {
    let stem: &[u8] = match w.as_slice() {
        b"skis" => b"ski",
        b"skies" => b"sky",
        b"dying" => b"die",
        b"lying" => b"lie",
        b"tying" => b"tie",
        b"idly" => b"idl",
        b"gently" => b"gentl",
        b"ugly" => b"ugli",
        b"early" => b"earli",
        b"only" => b"onli",
        b"singly" => b"singl",
        b"andes" | b"atlas" | b"bias" | b"cosmos" | b"howe" | b"news" | b"sky" => return true,
        _ => return false,
    };
    w.clear();
    w.extend_from_slice(stem);
    true
}

/// Drops a leading apostrophe and marks consonant `y`s as `Y`; true when it marked one.
fn prelude(w: &mut Vec<u8>) -> bool {
    if w[0] == b'\'' {
        w.remove(0);
    }
    let mut y_found = false;
    if w.first() == Some(&b'y') {
        w[0] = b'Y';
        y_found = true;
    }
    // Left to right, so a `y` just marked is no longer a vowel for the next one (`ayyy`).
    for i in 1..w.len() {
        if w[i] == b'y' && is_v(w[i - 1]) {
            w[i] = b'Y';
            y_found = true;
        }
    }
    y_found
}

/// The end of the first vowel-then-non-vowel at or after `from`.
fn after_vowel_consonant(w: &[u8], from: usize) -> Option<usize> {
    let vowel = from + w[from..].iter().position(|&b| is_v(b))?;
    let consonant = vowel + 1 + w[vowel + 1..].iter().position(|&b| !is_v(b))?;
    Some(consonant + 1)
}

/// The regions R1 and R2, as the offsets where they start (the length when empty).
fn mark_regions(w: &[u8]) -> (usize, usize) {
    let n = w.len();
    let r1 = if w.starts_with(b"gener") || w.starts_with(b"arsen") {
        Some(5)
    } else if w.starts_with(b"commun") {
        Some(6)
    } else {
        after_vowel_consonant(w, 0)
    };
    match r1 {
        Some(p1) => (p1, after_vowel_consonant(w, p1).unwrap_or(n)),
        None => (n, n),
    }
}

/// True when `w[..c]` ends in a short syllable.
fn short_v(w: &[u8], c: usize) -> bool {
    (c >= 3 && !is_v_wxy(w[c - 1]) && is_v(w[c - 2]) && !is_v(w[c - 3]))
        || (c == 2 && !is_v(w[1]) && is_v(w[0]))
}

/// The value of the longest of `suffixes` (sorted longest first) that ends `w`, with where that
/// suffix starts in `w` (Snowball's `bra`).
fn longest(w: &[u8], suffixes: &[(&[u8], u8)]) -> Option<(usize, u8)> {
    suffixes
        .iter()
        .find(|(s, _)| ends_with(w, s))
        .map(|&(s, v)| (w.len() - s.len(), v))
}

/// `w.ends_with(s)`, compared from the last byte (which rejects most suffixes) and without a
/// `memcmp` call.
fn ends_with(w: &[u8], s: &[u8]) -> bool {
    w.len() >= s.len() && w.iter().rev().zip(s.iter().rev()).all(|(a, b)| a == b)
}

/// Replaces `w[bra..]` with `with`.
fn replace(w: &mut Vec<u8>, bra: usize, with: &[u8]) {
    w.truncate(bra);
    w.extend_from_slice(with);
}

fn step_1a(w: &mut Vec<u8>) {
    if let Some((bra, _)) = longest(w, &[(b"'s'", 1), (b"'s", 1), (b"'", 1)]) {
        w.truncate(bra);
    }
    let Some((bra, v)) = longest(
        w,
        &[
            (b"sses", 1),
            (b"ied", 2),
            (b"ies", 2),
            (b"ss", 0),
            (b"us", 0),
            (b"s", 3),
        ],
    ) else {
        return;
    };
    match v {
        1 => replace(w, bra, b"ss"),
        2 => replace(w, bra, if bra >= 2 { b"i" } else { b"ie" }),
        // A vowel before the letter preceding the `s`.
        3 if bra >= 1 && w[..bra - 1].iter().any(|&b| is_v(b)) => w.truncate(bra),
        _ => {}
    }
}

fn step_1b(w: &mut Vec<u8>, p1: usize) {
    let Some((bra, v)) = longest(
        w,
        &[
            (b"eedly", 1),
            (b"ingly", 2),
            (b"edly", 2),
            (b"eed", 1),
            (b"ing", 2),
            (b"ed", 2),
        ],
    ) else {
        return;
    };
    if v == 1 {
        if bra >= p1 {
            replace(w, bra, b"ee");
        }
        return;
    }
    if !w[..bra].iter().any(|&b| is_v(b)) {
        return;
    }
    w.truncate(bra);
    let n = w.len();
    if ends_with(w, b"at") || ends_with(w, b"bl") || ends_with(w, b"iz") {
        w.push(b'e');
    } else if n >= 2
        && w[n - 1] == w[n - 2]
        && matches!(
            w[n - 1],
            b'b' | b'd' | b'f' | b'g' | b'm' | b'n' | b'p' | b'r' | b't'
        )
    {
        w.pop();
    } else if n == p1 && short_v(w, n) {
        w.push(b'e');
    }
}

fn step_1c(w: &mut [u8]) {
    let n = w.len();
    if n >= 3 && matches!(w[n - 1], b'y' | b'Y') && !is_v(w[n - 2]) {
        w[n - 1] = b'i';
    }
}

fn step_2(w: &mut Vec<u8>, p1: usize) {
    let Some((bra, v)) = (match w.last() {
        Some(b'i') => longest(
            w,
            &[
                (b"lessli", 15),
                (b"biliti", 12),
                (b"fulli", 14),
                (b"ousli", 10),
                (b"entli", 5),
                (b"aliti", 8),
                (b"iviti", 11),
                (b"anci", 3),
                (b"enci", 2),
                (b"abli", 4),
                (b"alli", 8),
                (b"bli", 12),
                (b"ogi", 13),
                (b"li", 16),
            ],
        ),
        Some(b'l') => longest(w, &[(b"ational", 7), (b"tional", 1)]),
        Some(b'm') => longest(w, &[(b"alism", 8)]),
        Some(b'n') => longest(w, &[(b"ization", 6), (b"ation", 7)]),
        Some(b'r') => longest(w, &[(b"izer", 6), (b"ator", 7)]),
        Some(b's') => longest(w, &[(b"iveness", 11), (b"fulness", 9), (b"ousness", 10)]),
        _ => None,
    }) else {
        return;
    };
    if bra < p1 {
        return;
    }
    let with: &[u8] = match v {
        1 => b"tion",
        2 => b"ence",
        3 => b"ance",
        4 => b"able",
        5 => b"ent",
        6 => b"ize",
        7 => b"ate",
        8 => b"al",
        9 | 14 => b"ful",
        10 => b"ous",
        11 => b"ive",
        12 => b"ble",
        13 if bra >= 1 && w[bra - 1] == b'l' => b"og",
        15 => b"less",
        16 if bra >= 1 && is_valid_li(w[bra - 1]) => b"",
        _ => return,
    };
    replace(w, bra, with);
}

fn step_3(w: &mut Vec<u8>, p1: usize, p2: usize) {
    let Some((bra, v)) = longest(
        w,
        &[
            (b"ational", 2),
            (b"tional", 1),
            (b"icate", 4),
            (b"ative", 6),
            (b"alize", 3),
            (b"iciti", 4),
            (b"ical", 4),
            (b"ness", 5),
            (b"ful", 5),
        ],
    ) else {
        return;
    };
    if bra < p1 {
        return;
    }
    let with: &[u8] = match v {
        1 => b"tion",
        2 => b"ate",
        3 => b"al",
        4 => b"ic",
        6 if bra < p2 => return,
        _ => b"",
    };
    replace(w, bra, with);
}

fn step_4(w: &mut Vec<u8>, p2: usize) {
    let Some((bra, v)) = longest(
        w,
        &[
            (b"ement", 1),
            (b"ance", 1),
            (b"ence", 1),
            (b"able", 1),
            (b"ible", 1),
            (b"ment", 1),
            (b"ate", 1),
            (b"ive", 1),
            (b"ize", 1),
            (b"iti", 1),
            (b"ism", 1),
            (b"ion", 2),
            (b"ous", 1),
            (b"ant", 1),
            (b"ent", 1),
            (b"ic", 1),
            (b"al", 1),
            (b"er", 1),
        ],
    ) else {
        return;
    };
    if bra < p2 || (v == 2 && !(bra >= 1 && matches!(w[bra - 1], b's' | b't'))) {
        return;
    }
    w.truncate(bra);
}

fn step_5(w: &mut Vec<u8>, p1: usize, p2: usize) {
    let Some(&last) = w.last() else {
        return;
    };
    let bra = w.len() - 1;
    let delete = match last {
        b'e' => bra >= p2 || (bra >= p1 && !short_v(w, bra)),
        b'l' => bra >= p2 && bra >= 1 && w[bra - 1] == b'l',
        _ => false,
    };
    if delete {
        w.truncate(bra);
    }
}

#[cfg(test)]
mod tests {
    use rust_stemmers::{Algorithm, Stemmer};

    use super::*;

    fn ours(word: &str) -> String {
        assert!(handles(word), "{word}");
        let mut w = word.as_bytes().to_vec();
        stem(&mut w);
        String::from_utf8(w).unwrap()
    }

    #[test]
    fn examples() {
        for (word, stemmed) in [
            ("running", "run"),
            ("officials", "offici"),
            ("generously", "generous"),
            ("skies", "sky"),
            ("news", "news"),
            ("sayyid", "sayyid"),
            ("'s'", "s"),
            ("hopping", "hop"),
            ("hoped", "hope"),
            ("agreement", "agreement"),
            ("9", "9"),
        ] {
            assert_eq!(ours(word), stemmed, "{word}");
        }
    }

    /// Words that take every exception and most branches of the algorithm.
    #[test]
    fn agrees_with_rust_stemmers_on_words() {
        let snowball = Stemmer::create(Algorithm::English);
        let words = "a abandon abandoned abandonment abilities ability able abnormal aboard abode \
            accordingly acquiesced agreed agreement agreements allied alliance allies andes apply \
            arsenal atlas bias bleed breed cannings canning commune communism communities cosmos \
            crying cried cries dying dies earring earrings early eased easily emotional emotionally \
            exceeded exceed exceeding feed fizzed fly flies flying generate generations gently \
            happily happiness herring hopeful hopefully howe idly initially inning innings lying \
            nationalism national nationality news only outing outings proceed proceeded reply \
            replied rational rationally relational sensibility singly sky skis skies succeed \
            succeeding ties tying ugly yelling yes you young youth your yourselves 'tis o'neill \
            don't can't 2015 1990s 3d mp3 kidnappings dyes eyed obeyed sayings aye ayes";
        for word in words.split_whitespace() {
            assert_eq!(ours(word), snowball.stem(word), "{word}");
        }
    }

    const PARTS: &[&str] = &[
        "a", "e", "i", "o", "u", "y", "b", "d", "l", "s", "t", "'", "ed", "ing", "ly", "ies",
        "ied", "sses", "ss", "us", "at", "bl", "iz", "bb", "tt", "ational", "tion", "enci", "anci",
        "abli", "entli", "izer", "ization", "ation", "ator", "alli", "aliti", "alism", "fulness",
        "ousli", "ousness", "iviti", "iveness", "bli", "biliti", "ogi", "fulli", "lessli", "li",
        "icate", "ative", "alize", "iciti", "ical", "ful", "ness", "ic", "ance", "ence", "able",
        "ible", "ate", "ive", "ize", "iti", "al", "ism", "ion", "er", "ous", "ant", "ent", "ment",
        "ement", "gener", "commun", "arsen", "'s'", "'s", "eed", "eedly", "edly", "ingly",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10_000))]
        /// Random words over letters that steer the algorithm (vowels, `y`, doubled consonants,
        /// the letters of its suffixes), digits and apostrophes.
        #[test]
        fn agrees_with_rust_stemmers(word in "[aeiouybdglmnrstwxzc'0-9]{0,12}") {
            let snowball = Stemmer::create(Algorithm::English);
            proptest::prop_assert_eq!(ours(&word), snowball.stem(&word).into_owned());
        }

        /// Random words made of the algorithm's suffixes and prefixes.
        #[test]
        fn agrees_on_suffix_chains(
            parts in proptest::collection::vec(proptest::sample::select(PARTS), 0..5)
        ) {
            let word = parts.concat();
            let snowball = Stemmer::create(Algorithm::English);
            proptest::prop_assert_eq!(ours(&word), snowball.stem(&word).into_owned());
        }
    }
}
