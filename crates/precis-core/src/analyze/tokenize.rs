//! Stage 3a — word tokens: spans of letters and digits in the original input.
//!
//! A word is a maximal run of alphanumeric characters (any script), joined across an internal
//! apostrophe (`don't`, `O’Neill`) or combining mark. Everything else separates words. The same
//! rule serves natural and tokenized text, so `obama's` and `obama 's` share the stem `obama`.

use std::ops::Range;

use crate::document::Token;

/// Appends the word tokens of `text[span]` to `out`, with spans in `text`.
pub fn words(text: &str, span: Range<usize>, out: &mut Vec<Token>) {
    let base = span.start;
    let s = &text[span];
    let bytes = s.as_bytes();
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        // Most text is ASCII: a byte is classified without decoding a char (for ASCII,
        // `is_alphanumeric` is `is_ascii_alphanumeric` and nothing is a combining mark).
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            // The common case, a run of ASCII letters and digits, in one tight loop.
            start.get_or_insert(i);
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            continue;
        }
        let (len, word_char, apostrophe) = if b.is_ascii() {
            (1, false, b == b'\'')
        } else {
            let c = s[i..].chars().next().unwrap_or_default();
            let word_char = c.is_alphanumeric() || (start.is_some() && is_combining(c));
            (c.len_utf8(), word_char, c == '’')
        };
        let next = i + len;
        if word_char {
            start.get_or_insert(i);
        } else if let Some(st) = start {
            // An apostrophe between letters (`don't`, `O’Neill`) stays inside the word.
            if !(apostrophe && starts_alphanumeric(&s[next..])) {
                out.push(Token {
                    start: base + st,
                    end: base + i,
                });
                start = None;
            }
        }
        i = next;
    }
    if let Some(st) = start {
        out.push(Token {
            start: base + st,
            end: base + s.len(),
        });
    }
}

/// True when `s` begins with a letter or digit (any script).
fn starts_alphanumeric(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        Some(_) => s.chars().next().is_some_and(char::is_alphanumeric),
        None => false,
    }
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        words(s, 0..s.len(), &mut out);
        out.iter().map(|t| &s[t.start..t.end]).collect()
    }

    /// The rule as first written, a char at a time: the byte loop must agree with it.
    fn reference(s: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let mut chars = s.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_alphanumeric() || (start.is_some() && is_combining(c)) {
                start.get_or_insert(i);
                continue;
            }
            if let Some(st) = start {
                let joins = matches!(c, '\'' | '’')
                    && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
                if !joins {
                    out.push(Token { start: st, end: i });
                    start = None;
                }
            }
        }
        if let Some(st) = start {
            out.push(Token {
                start: st,
                end: s.len(),
            });
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_char_rule(s in "([a-z0-9 .,'’éİ\u{301}\u{2019}ß日-]|\\PC){0,40}") {
            let mut out = Vec::new();
            words(&s, 0..s.len(), &mut out);
            proptest::prop_assert_eq!(out, reference(&s));
        }
    }

    #[test]
    fn splits_words() {
        assert_eq!(
            toks("U.S. officials, don't!"),
            ["U", "S", "officials", "don't"]
        );
        assert_eq!(
            toks("O’Neill's $3.5m café"),
            ["O’Neill's", "3", "5m", "café"]
        );
        assert_eq!(toks("it 's"), ["it", "s"]);
        assert_eq!(toks("’tis ' "), ["tis"]);
        assert!(toks(" ... ").is_empty());
    }
}
