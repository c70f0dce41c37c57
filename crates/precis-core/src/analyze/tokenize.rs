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
    let mut i = 0;
    // Most text is ASCII: a byte is classified by a table, without decoding a char (for ASCII,
    // `is_alphanumeric` is `is_ascii_alphanumeric` and nothing is a combining mark).
    loop {
        // Between words: skip to the next letter or digit.
        let start = loop {
            if i >= bytes.len() {
                return;
            }
            match BYTE_CLASS[usize::from(bytes[i])] {
                ASCII_OTHER => i += 1,
                ASCII_ALPHANUMERIC => break i,
                _ => {
                    let c = s[i..].chars().next().unwrap_or_default();
                    if c.is_alphanumeric() {
                        break i;
                    }
                    i += c.len_utf8();
                }
            }
        };
        // In a word, until a char that ends it: `i` stops on that char, skipped above.
        loop {
            // The common case, a run of ASCII letters and digits, in one tight loop.
            while i < bytes.len() && BYTE_CLASS[usize::from(bytes[i])] == ASCII_ALPHANUMERIC {
                i += 1;
            }
            if i >= bytes.len() {
                break;
            }
            // An apostrophe between letters (`don't`, `O’Neill`) stays inside the word.
            if bytes[i] < 0x80 {
                if bytes[i] == b'\'' && starts_alphanumeric(&s[i + 1..]) {
                    i += 1;
                    continue;
                }
                break;
            }
            let c = s[i..].chars().next().unwrap_or_default();
            let len = c.len_utf8();
            let joins = c.is_alphanumeric()
                || is_combining(c)
                || (c == '’' && starts_alphanumeric(&s[i + len..]));
            if !joins {
                break;
            }
            i += len;
        }
        out.push(Token {
            start: base + start,
            end: base + i,
        });
    }
}

const ASCII_OTHER: u8 = 0;
const ASCII_ALPHANUMERIC: u8 = 1;
const NOT_ASCII: u8 = 2;

/// The class of each byte value: one load where range tests would take several instructions.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [NOT_ASCII; 256];
    let mut b = 0;
    while b < 0x80 {
        table[b] = if (b as u8).is_ascii_alphanumeric() {
            ASCII_ALPHANUMERIC
        } else {
            ASCII_OTHER
        };
        b += 1;
    }
    table
};

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
            proptest::prop_assert_eq!(&out, &reference(&s));
            // Within a longer text, letters past the span's end are not the word's.
            let text = format!("{s}abcdefgh12345678");
            let mut within = Vec::new();
            words(&text, 0..s.len(), &mut within);
            proptest::prop_assert_eq!(within, out);
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
