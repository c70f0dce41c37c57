//! Sentence boundaries in text as published (mixed case, punctuation attached to words).
//!
//! A candidate boundary is a run of terminal punctuation (`.`, `!`, `?`, `…`), optionally followed
//! by closing quotes or brackets, then white space. Whether it ends a sentence depends on the word
//! before it (abbreviation, title, initial, initialism, number) and the word after it (lower-case,
//! digit, typical sentence opener). A period glued to a capitalized word (`said.The`) — a common
//! scraping defect — is a boundary too.

use std::ops::Range;

use super::{is_space, rules};

pub(super) fn split(text: &str, span: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut sentence_start = span.start;
    let mut i = span.start;
    let end = span.end;
    while i < end {
        let c = char_at(text, i);
        if !is_terminal(c) {
            i += c.len_utf8();
            continue;
        }
        let term_start = i;
        let mut j = i;
        while j < end && is_terminal(char_at(text, j)) {
            j += char_at(text, j).len_utf8();
        }
        let mut k = j;
        while k < end && is_closer(char_at(text, k)) {
            k += char_at(text, k).len_utf8();
        }
        if k >= end {
            break;
        }
        let next = char_at(text, k);
        if is_space(next) {
            let next_start = skip_spaces(text, k, end);
            let candidate = Candidate {
                text,
                sentence_start,
                term: term_start..j,
                next_start,
                end,
            };
            if next_start < end && candidate.is_boundary() {
                out.push(sentence_start..k);
                sentence_start = next_start;
            }
        } else if glued_boundary(text, sentence_start, term_start..j, k, end) {
            out.push(sentence_start..k);
            sentence_start = k;
        }
        i = k.max(j);
    }
    if sentence_start < end {
        out.push(sentence_start..end);
    }
}

struct Candidate<'a> {
    text: &'a str,
    sentence_start: usize,
    term: Range<usize>,
    next_start: usize,
    end: usize,
}

impl Candidate<'_> {
    fn is_boundary(&self) -> bool {
        let term = &self.text[self.term.clone()];
        let next_word = word_at(self.text, self.next_start, self.end);
        let first = next_word.chars().next();
        let Some(first) = first else {
            // The next "word" is only punctuation (a dash, a bullet): treat as a new sentence
            // unless the period belongs to an abbreviation.
            return term != "." || !self.prev_is_abbreviation_like();
        };
        if first.is_lowercase() {
            return false;
        }
        if term.contains(['!', '?']) {
            return true;
        }
        if term != "." {
            // An ellipsis (or `..`) ends a sentence when a capitalized word follows.
            return first.is_uppercase() || first.is_numeric();
        }
        let prev = self.prev_word();
        if prev.is_empty() {
            // A period set apart by a space (`By . Daily Mail Reporter .`).
            return true;
        }
        // A list marker such as `1.` or `a.` opening the sentence.
        if self.text[self.sentence_start..self.term.start].trim() == prev
            && prev.chars().count() <= 2
        {
            return false;
        }
        let lower = ascii_lower(prev);
        if rules::is_never_ending(&lower) || rules::is_title(&lower) {
            return false;
        }
        if first.is_numeric() {
            return !rules::is_number_abbreviation(&lower);
        }
        let single_initial = prev.chars().count() == 1 && prev.chars().all(char::is_uppercase);
        if single_initial || rules::is_initialism(prev) || rules::is_ambiguous_abbreviation(&lower)
        {
            return rules::is_sentence_opener(&ascii_lower(next_word));
        }
        true
    }

    fn prev_is_abbreviation_like(&self) -> bool {
        let prev = self.prev_word();
        let lower = ascii_lower(prev);
        rules::is_title(&lower)
            || rules::is_never_ending(&lower)
            || rules::is_initialism(prev)
            || rules::is_ambiguous_abbreviation(&lower)
    }

    /// The word before the terminal punctuation, without opening quotes or brackets.
    fn prev_word(&self) -> &str {
        let before = &self.text[self.sentence_start..self.term.start];
        let word_start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| is_space(c))
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(0);
        before[word_start..].trim_start_matches(is_opener)
    }
}

/// `said.The`: a period glued to a capitalized word that starts a lower-case run, after a
/// lower-case word of three or more letters, outside web addresses and e-mail.
fn glued_boundary(
    text: &str,
    sentence_start: usize,
    term: Range<usize>,
    next: usize,
    end: usize,
) -> bool {
    let t = &text[term.clone()];
    if !(t == "." || t == "!" || t == "?") {
        return false;
    }
    let mut after = text[next..end].chars();
    let (Some(a), Some(b)) = (after.next(), after.next()) else {
        return false;
    };
    if !(a.is_uppercase() && b.is_lowercase()) {
        return false;
    }
    let before = &text[sentence_start..term.start];
    let word = before
        .rsplit(is_space)
        .next()
        .unwrap_or("")
        .trim_start_matches(is_opener);
    let tail_lower = word.chars().rev().take_while(|c| c.is_lowercase()).count();
    let next_word = word_at(text, next, end);
    tail_lower >= 3 && !word.contains(['@', '/', '.', ':']) && !next_word.contains(['@', '/', '.'])
}

/// The word starting at `from` (up to white space), without opening quotes or brackets and
/// without trailing punctuation.
fn word_at(text: &str, from: usize, end: usize) -> &str {
    let rest = &text[from..end];
    let word_end = rest.find(is_space).unwrap_or(rest.len());
    rest[..word_end]
        .trim_start_matches(is_opener)
        .trim_end_matches(|c: char| !c.is_alphanumeric())
}

fn skip_spaces(text: &str, from: usize, end: usize) -> usize {
    let rest = &text[from..end];
    from + (rest.len() - rest.trim_start_matches(is_space).len())
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›' | '}')
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '‹' | '{' | '¿' | '¡'
    )
}

/// Lower-cases and folds curly apostrophes, for comparison against the word lists.
fn ascii_lower(word: &str) -> String {
    word.chars()
        .map(|c| if c == '’' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}
