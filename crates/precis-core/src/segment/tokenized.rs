//! Sentence boundaries in Penn-Treebank-tokenized text (`he said . " it is over , " she said .`).
//!
//! Sentence-final punctuation stands alone as a token, so abbreviations (`u.s.`, `mr.`) never
//! look like boundaries. The one ambiguity is a quote token after the terminal: it closes the
//! sentence when a quotation of that kind is open, and opens the next sentence otherwise.

use std::ops::Range;

use super::is_space;

pub(super) fn split(text: &str, span: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut sentence_start = span.start;
    let mut double_open = false;
    let mut single_open = false;
    let mut tokens = token_spans(text, span.clone()).peekable();
    while let Some(tok) = tokens.next() {
        let word = &text[tok.clone()];
        match word {
            "\"" | "``" | "''" | "“" | "”" => double_open = !double_open,
            "'" | "‘" | "’" => single_open = !single_open,
            _ => {}
        }
        if !is_terminal_token(word) {
            continue;
        }
        let mut end = tok.end;
        while let Some(next) = tokens.peek() {
            let next_word = &text[next.clone()];
            let closes = match next_word {
                "\"" | "''" | "”" if double_open => {
                    double_open = false;
                    true
                }
                "'" | "’" if single_open => {
                    single_open = false;
                    true
                }
                ")" | "]" | "-rrb-" | "-rsb-" => true,
                _ => false,
            };
            if !closes {
                break;
            }
            end = next.end;
            tokens.next();
        }
        if tokens.peek().is_some() {
            out.push(sentence_start..end);
            sentence_start = tokens.peek().map_or(end, |t| t.start);
        }
    }
    if sentence_start < span.end {
        out.push(sentence_start..span.end);
    }
}

fn is_terminal_token(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

fn token_spans(text: &str, span: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let base = span.start;
    let s = &text[span];
    let mut pos = 0;
    std::iter::from_fn(move || {
        let rest = &s[pos..];
        let lead = rest.len() - rest.trim_start_matches(is_space).len();
        let start = pos + lead;
        if start >= s.len() {
            return None;
        }
        let len = s[start..].find(is_space).unwrap_or(s.len() - start);
        pos = start + len;
        Some(base + start..base + start + len)
    })
}
