//! The Unicode tokenizer's rules: ROUGE for any language, on the model of the multilingual
//! ROUGE of XL-Sum (Hasan et al., 2021), which swaps rouge-score's `[a-z0-9]` for Unicode
//! classes and its Porter stemmer for the language's own.
//!
//! 1. A word is a maximal run of Unicode letters (with their combining marks), or of digits:
//!    punctuation, symbols and spaces separate words, and so does the change from letters to
//!    digits (`G7` → `g`, `7`; `2024年` → `2024`, `年`). Apostrophes are punctuation, so
//!    `l'homme` → `l`, `homme` and `Türkiye'nin` → `türkiye`, `nin`, as XL-Sum splits them.
//! 2. Combining marks (Unicode category M) stay inside their word (Devanagari vowel signs and
//!    viramas, Thai vowels, decomposed accents); invisible format characters (category Cf: soft
//!    hyphens, zero-width joiners, direction marks) are dropped without splitting the word.
//! 3. Scripts written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) give
//!    one token per character with its marks, as XL-Sum does for Chinese when no segmenter is
//!    installed: a dictionary segmenter would be needed for words, and precis ships none.
//! 4. Each word is put in NFKC form (so `é` typed as `e` + U+0301 matches `é`, and full-width
//!    `ＡＢＣ` matches `ABC`) and lower-cased with Unicode's full rules (Greek final sigma
//!    included). `İ` becomes `i` in every language (Python's `lower` gives `i` + U+0307, which
//!    would never match `istanbul`); in Turkish, `I` becomes `ı`.
//! 5. With a language and stemming on, words longer than three characters are stemmed with its
//!    Snowball stemmer (XL-Sum's threshold, the same as rouge-score's).
//!
//! As with rouge-score, only `\n` separates the sentences of ROUGE-Lsum.
//!
//! The scanner is written by hand because Unicode's word boundaries (UAX #29, the
//! `unicode-segmentation` crate) keep `don't` and `3.5` whole, where XL-Sum splits them; its
//! tests check it against a plain statement of these rules on random text.

use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::tokenize::Piece;

/// What the token being assembled is made of: a new character of another kind ends it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Letters,
    Digits,
    /// One character of a script written without spaces, with its marks.
    Character,
}

/// The token being assembled: its bytes as written, and whether it needs the slow folding (NFKC,
/// Unicode lower-casing) or only ASCII lower-casing. Case is kept until then because NFKC
/// composes before it lower-cases: `I` + U+0307 is `İ`, so `i`, never `i` + U+0307.
struct Token<'b> {
    bytes: &'b mut Vec<u8>,
    fold: &'b mut FoldBuffers,
    kind: Option<Kind>,
    raw: bool,
    turkic: bool,
}

impl Token<'_> {
    fn push_char(&mut self, c: char) {
        let mut utf8 = [0; 4];
        self.bytes
            .extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        self.raw = true;
    }

    /// Starts a token of `kind`, ending the current one if it is of another kind.
    fn begin(&mut self, kind: Kind, emit: &mut impl FnMut(Piece<'_>)) {
        if self.kind != Some(kind) || kind == Kind::Character {
            self.flush(emit);
            self.kind = Some(kind);
        }
    }

    fn flush(&mut self, emit: &mut impl FnMut(Piece<'_>)) {
        self.kind = None;
        if self.bytes.is_empty() {
            return;
        }
        if self.raw {
            let folded = self.fold.fold(self.bytes, self.turkic);
            if !folded.is_empty() {
                emit(Piece::Token(folded.as_bytes()));
            }
        } else {
            self.bytes.make_ascii_lowercase();
            emit(Piece::Token(self.bytes));
        }
        self.bytes.clear();
        self.raw = false;
    }
}

/// The buffers of [`FoldBuffers::fold`], kept from word to word.
#[derive(Default)]
pub(crate) struct FoldBuffers {
    normalized: String,
    folded: String,
}

impl FoldBuffers {
    /// NFKC, then lower-case (step 4 of the rules): the folded word, valid until the next call.
    fn fold(&mut self, bytes: &[u8], turkic: bool) -> &str {
        // Only whole characters were pushed, so this is valid UTF-8.
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        // Most words are in NFKC form already; the quick check spares them the copy.
        let text = if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
            text
        } else {
            self.normalized.clear();
            self.normalized.extend(text.nfkc());
            &self.normalized
        };
        let out = &mut self.folded;
        out.clear();
        let mut sigma = false;
        for c in text.chars() {
            match c {
                'İ' => out.push('i'),
                'I' if turkic => out.push('ı'),
                'Σ' => {
                    sigma = true;
                    out.push(c);
                }
                c => out.extend(c.to_lowercase()),
            }
        }
        if sigma {
            // Only `str::to_lowercase` knows whether a sigma ends the word (`ς`) or not (`σ`);
            // every other character lower-cases alone, as above.
            *out = out.to_lowercase();
        }
        out
    }
}

/// Scans `text` into tokens and line breaks under the Unicode rules, lower-casing `I` the
/// Turkish way when `turkic`.
pub(crate) fn scan(
    text: &str,
    turkic: bool,
    bytes: &mut Vec<u8>,
    fold: &mut FoldBuffers,
    mut emit: impl FnMut(Piece<'_>),
) {
    bytes.clear();
    let mut token = Token {
        bytes,
        fold,
        kind: None,
        raw: false,
        turkic,
    };
    let emit = &mut emit;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        if c.is_ascii() {
            let b = c as u8;
            if b.is_ascii_alphabetic() {
                token.begin(Kind::Letters, emit);
                token.bytes.push(b);
                // In Turkish, `I` lower-cases to `ı`: not ASCII.
                token.raw |= turkic && b == b'I';
            } else if b.is_ascii_digit() {
                token.begin(Kind::Digits, emit);
                token.bytes.push(b);
            } else {
                token.flush(emit);
                if b == b'\n' {
                    emit(Piece::LineBreak);
                }
            }
        } else if c.is_alphabetic() {
            if written_without_spaces(c) {
                if is_mark(c) {
                    attach_mark(&mut token, c);
                } else {
                    token.begin(Kind::Character, emit);
                    token.push_char(c);
                }
            } else if token.kind == Some(Kind::Letters) {
                // A letter or an alphabetic mark (a vowel sign): the word goes on either way.
                token.push_char(c);
            } else if is_mark(c) {
                attach_mark(&mut token, c);
            } else {
                token.begin(Kind::Letters, emit);
                token.push_char(c);
            }
        } else if c.is_numeric() {
            token.begin(Kind::Digits, emit);
            token.push_char(c);
        } else {
            match get_general_category(c) {
                GeneralCategory::NonspacingMark
                | GeneralCategory::SpacingMark
                | GeneralCategory::EnclosingMark => attach_mark(&mut token, c),
                GeneralCategory::Format => {}
                _ => token.flush(emit),
            }
        }
    }
    token.flush(emit);
}

/// A mark belongs to the token before it; with none (after a space or punctuation), it is
/// dropped.
fn attach_mark(token: &mut Token<'_>, c: char) {
    if token.kind.is_some() {
        token.push_char(c);
    }
}

fn is_mark(c: char) -> bool {
    matches!(
        get_general_category(c),
        GeneralCategory::NonspacingMark
            | GeneralCategory::SpacingMark
            | GeneralCategory::EnclosingMark
    )
}

/// Scripts written without spaces between words, whose characters are tokens on their own
/// (the blocks XL-Sum treats so for Han, plus the kana and the Southeast Asian scripts).
fn written_without_spaces(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF      // Thai, Lao
        | 0x1000..=0x109F    // Myanmar
        | 0x1780..=0x17FF    // Khmer
        | 0x19E0..=0x19FF    // Khmer symbols
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xA9E0..=0xA9FF    // Myanmar extended-B
        | 0xAA60..=0xAA7F    // Myanmar extended-A
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x20000..=0x323AF // CJK extensions B to H, compatibility supplement
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The rules as plainly as they can be said, for the scanner (whose fast paths skip the
    /// category lookup inside words) to be checked against.
    fn reference(text: &str, turkic: bool) -> Vec<String> {
        #[derive(PartialEq)]
        enum Class {
            Break,
            Mark,
            Format,
            Letter,
            Character,
            Digit,
            Separator,
        }
        let class = |c: char| match get_general_category(c) {
            _ if c == '\n' => Class::Break,
            GeneralCategory::NonspacingMark
            | GeneralCategory::SpacingMark
            | GeneralCategory::EnclosingMark => Class::Mark,
            GeneralCategory::Format => Class::Format,
            _ if c.is_alphabetic() && written_without_spaces(c) => Class::Character,
            _ if c.is_alphabetic() => Class::Letter,
            _ if c.is_numeric() => Class::Digit,
            _ => Class::Separator,
        };
        let mut out = Vec::new();
        let mut word = String::new();
        let mut kind = Class::Separator;
        let end = |word: &mut String, out: &mut Vec<String>| {
            let folded: String = word
                .nfkc()
                .map(|c| match c {
                    'İ' => 'i',
                    'I' if turkic => 'ı',
                    c => c,
                })
                .collect::<String>()
                .to_lowercase();
            if !folded.is_empty() {
                out.push(folded);
            }
            word.clear();
        };
        for c in text.chars() {
            match class(c) {
                Class::Format => {}
                Class::Mark if !word.is_empty() => word.push(c),
                Class::Mark => {}
                Class::Break => {
                    end(&mut word, &mut out);
                    kind = Class::Separator;
                    out.push("\\n".to_string());
                }
                Class::Separator => {
                    end(&mut word, &mut out);
                    kind = Class::Separator;
                }
                new => {
                    if new != kind || new == Class::Character {
                        end(&mut word, &mut out);
                    }
                    word.push(c);
                    kind = new;
                }
            }
        }
        end(&mut word, &mut out);
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn the_scanner_follows_the_rules(
            chars in proptest::collection::vec(
                prop_oneof![
                    3 => proptest::sample::select(vec![
                        'a', 'Z', 'I', 'i', 'İ', 'ı', '7', ' ', '\n', '\'', '-', '.', 'é', 'ß',
                        'Σ', 'σ', 'ж', 'Ж', '٣', '²', 'Ⅻ', '〇', 'ﬁ', 'Ａ', '\u{301}', '\u{307}',
                        '\u{94D}', 'क', '\u{93F}', 'ก', '\u{E35}', '東', 'は', 'カ', '한',
                        '\u{AD}', '\u{200D}', '\u{200C}', '🎉', '€', '\u{FFFD}', '\t',
                    ]),
                    1 => any::<char>(),
                ],
                0..40,
            ),
            turkic in any::<bool>(),
        ) {
            let text: String = chars.into_iter().collect();
            prop_assert_eq!(pieces(&text, turkic), reference(&text, turkic), "{:?}", text);
        }
    }

    fn pieces(text: &str, turkic: bool) -> Vec<String> {
        let mut out = Vec::new();
        scan(
            text,
            turkic,
            &mut Vec::new(),
            &mut FoldBuffers::default(),
            |p| {
                out.push(match p {
                    Piece::Token(t) => String::from_utf8(t.to_vec()).unwrap(),
                    Piece::LineBreak => "\\n".to_string(),
                })
            },
        );
        out
    }

    #[test]
    fn letters_of_any_script_make_words() {
        assert_eq!(
            pieces("Café «Größe» Привет, МИР! Ελλάδα", false),
            ["café", "größe", "привет", "мир", "ελλάδα"]
        );
        assert_eq!(
            pieces("don't l'homme Türkiye’nin", false),
            ["don", "t", "l", "homme", "türkiye", "nin"]
        );
    }

    #[test]
    fn digits_and_letters_part() {
        assert_eq!(
            pieces("G7 covid-19 3,5 MH17", false),
            ["g", "7", "covid", "19", "3", "5", "mh", "17"]
        );
        assert_eq!(pieces("٢٠٢٤ ²", false), ["٢٠٢٤", "2"]);
    }

    #[test]
    fn marks_stay_in_words_and_format_characters_vanish() {
        // Devanagari: the virama (U+094D) is a non-alphabetic mark inside the word.
        assert_eq!(pieces("क्षेत्र में", false), ["क्षेत्र", "में"]);
        // Decomposed é, a soft hyphen and a zero-width joiner inside words.
        assert_eq!(
            pieces("cafe\u{301} Bundes\u{AD}regierung a\u{200D}b", false),
            ["café", "bundesregierung", "ab"]
        );
        // A mark with nothing before it is dropped.
        assert_eq!(pieces(" \u{301}x \u{301}", false), ["x"]);
    }

    #[test]
    fn scripts_without_spaces_give_characters() {
        assert_eq!(
            pieces("東京都は2024年", false),
            ["東", "京", "都", "は", "2024", "年"]
        );
        // Thai: the vowel sign above (U+0E35) stays with its consonant.
        assert_eq!(pieces("ที่นี่", false), ["ที่", "นี่"]);
        // Korean is written with spaces: words.
        assert_eq!(pieces("서울 시장", false), ["서울", "시장"]);
    }

    #[test]
    fn casing_is_unicode_and_turkish_when_asked() {
        assert_eq!(pieces("İSTANBUL IRAK", false), ["istanbul", "irak"]);
        assert_eq!(
            pieces("İSTANBUL IRAK Işık", true),
            ["istanbul", "ırak", "ışık"]
        );
        assert_eq!(pieces("ΟΔΟΣ", false), ["οδος"]);
        assert_eq!(pieces("ＡＢＣ ﬁx", false), ["abc", "fix"]);
    }

    #[test]
    fn line_breaks_and_empty_texts() {
        assert_eq!(
            pieces("a\n\nб\r\n東\n", false),
            ["a", "\\n", "\\n", "б", "\\n", "東", "\\n"]
        );
        assert!(pieces("", false).is_empty());
        assert!(pieces(" — «» … 🎉 €", false).is_empty());
    }
}
