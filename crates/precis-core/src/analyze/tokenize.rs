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
    let mut start: Option<usize> = None;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let word_char = c.is_alphanumeric() || (start.is_some() && is_combining(c));
        if word_char {
            start.get_or_insert(i);
            continue;
        }
        if let Some(st) = start {
            let joins =
                matches!(c, '\'' | '’') && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
            if joins {
                continue;
            }
            out.push(Token {
                start: base + st,
                end: base + i,
            });
            start = None;
        }
    }
    if let Some(st) = start {
        out.push(Token {
            start: base + st,
            end: base + s.len(),
        });
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
