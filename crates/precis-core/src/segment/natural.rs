//! Sentence boundaries in text as published (mixed case, punctuation attached to words).
//!
//! A candidate boundary is a run of terminal punctuation (`.`, `!`, `?`, `…`, a spaced `. . .`),
//! optionally followed by closing quotes or brackets, then white space. Whether it ends a sentence
//! depends on the word before it (abbreviation, title, initial, initialism, number, a line label
//! such as `By` or `PUBLISHED:`) and the words after it (lower-case, digit, dash, typical sentence
//! opener, a quotation's attribution). A period glued to a capitalized word (`said.The`) — a common
//! scraping defect — is a boundary too.
//!
//! Every look-around is bounded ([`WINDOW`] bytes), so the scan is linear in the paragraph.

use std::ops::Range;

use super::{is_ascii_space, is_space, rules};
use crate::language::Segmentation;

/// How far (in bytes) a decision looks back or ahead for a word. Longer "words" are never
/// abbreviations, so nothing is lost by the bound; it keeps pathological input linear.
const WINDOW: usize = 64;

/// Splits `text[span]` into sentence spans with the language's word lists `r`. `caseless` is true
/// when the document has no capital letters at all, so a lower-case word after a period says
/// nothing about a boundary.
pub(super) fn split(
    r: &Segmentation,
    text: &str,
    span: Range<usize>,
    caseless: bool,
    out: &mut Vec<Range<usize>>,
) {
    let mut sentence_start = span.start;
    let mut i = span.start;
    let end = span.end;
    let mut terminals = Terminals::new(text, end);
    while i < end {
        i = terminals.next(i);
        if i >= end {
            break;
        }
        let term_start = i;
        let j = terminal_run_end(text, i, end);
        let mut k = j;
        while k < end && is_closer_in(r, char_at(text, k)) {
            k += char_at(text, k).len_utf8();
        }
        if k >= end {
            break;
        }
        let next = char_at(text, k);
        if is_space(next) {
            // Stray punctuation set apart by a space still belongs to this sentence: a closing
            // quote (`do.' "`) or an omission mark between quoted sentences (`family. ... He`).
            k = absorb_stray_closers(r, text, k, end);
            if k >= end {
                break;
            }
            let next_start = super::skip_space(text, k, end);
            let candidate = Candidate {
                r,
                text,
                sentence_start,
                term: term_start..j,
                closers: j..k,
                next_start,
                end,
                caseless,
            };
            if next_start < end && candidate.is_boundary() {
                out.push(sentence_start..k);
                sentence_start = next_start;
            }
        } else if let Some(at) = glued_boundary(text, sentence_start, term_start..j, k, end) {
            out.push(sentence_start..at);
            sentence_start = at;
        }
        i = k;
    }
    if sentence_start < end {
        out.push(sentence_start..end);
    }
}

/// Finds terminal punctuation with two SIMD searches, one for `.`, `!`, `?` and one for the lead
/// byte 0xE2 of `…`, `‼`, `⁇`, `⁈` and `⁉`, each remembering its next hit: the text between
/// terminals (nearly all of it) is never looked at a char at a time.
struct Terminals<'t> {
    text: &'t str,
    end: usize,
    /// The next `.`, `!` or `?` at or after the last search's start, or `end`.
    ascii: Option<usize>,
    /// The next 0xE2 byte at or after the last search's start, or `end`.
    lead: Option<usize>,
}

impl<'t> Terminals<'t> {
    fn new(text: &'t str, end: usize) -> Self {
        Terminals {
            text,
            end,
            ascii: None,
            lead: None,
        }
    }

    /// The start of the first terminal char at or after `i` (a char boundary), or `end`.
    fn next(&mut self, mut i: usize) -> usize {
        let bytes = &self.text.as_bytes()[..self.end];
        loop {
            let ascii = match self.ascii {
                Some(at) if at >= i => at,
                _ => memchr::memchr3(b'.', b'!', b'?', &bytes[i..]).map_or(self.end, |k| i + k),
            };
            self.ascii = Some(ascii);
            let lead = match self.lead {
                Some(at) if at >= i => at,
                _ => memchr::memchr(0xE2, &bytes[i..]).map_or(self.end, |k| i + k),
            };
            self.lead = Some(lead);
            if ascii < lead {
                return ascii;
            }
            if lead >= self.end {
                return self.end;
            }
            let c = char_at(self.text, lead);
            if is_terminal(c) {
                return lead;
            }
            i = lead + c.len_utf8();
        }
    }
}

/// Extends a sentence ending at `k` over following tokens made only of closing quotes, brackets
/// or terminals. A lone quote is taken only before the end or a lower-case word (`," the
/// principal said`); before a capital it opens the next sentence.
fn absorb_stray_closers(r: &Segmentation, text: &str, mut k: usize, end: usize) -> usize {
    loop {
        let start = super::skip_space(text, k, end);
        let token = token_at(text, start, end);
        let stray = !token.is_empty()
            && token.len() < WINDOW
            && token.chars().all(|c| is_closer_in(r, c) || is_terminal(c));
        if !stray {
            return k;
        }
        let only_quotes = token.chars().all(|c| matches!(c, '"' | '\'' | '”' | '’'));
        let after = super::skip_space(text, start + token.len(), end);
        let next_lower = text[after..end]
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        if only_quotes && after < end && !next_lower {
            return k;
        }
        k = start + token.len();
        if k >= end {
            return end;
        }
    }
}

/// End of the run of terminal punctuation starting at `i`; a spaced ellipsis (`. . .`) is one run.
fn terminal_run_end(text: &str, i: usize, end: usize) -> usize {
    let rest = &text[i..end];
    if rest.starts_with(". . .") {
        let mut j = i + 5;
        while text[j..end].starts_with(" .") {
            j += 2;
        }
        return j;
    }
    let mut j = i;
    while j < end && is_terminal(char_at(text, j)) {
        j += char_at(text, j).len_utf8();
    }
    j
}

struct Candidate<'a> {
    r: &'a Segmentation,
    text: &'a str,
    sentence_start: usize,
    term: Range<usize>,
    closers: Range<usize>,
    next_start: usize,
    end: usize,
    caseless: bool,
}

impl Candidate<'_> {
    fn is_boundary(&self) -> bool {
        let r = self.r;
        let term = &self.text[self.term.clone()];
        let next_token = token_at(self.text, self.next_start, self.end);
        // A dash continues the sentence (`will he run? — remains open`).
        if next_token.starts_with(['—', '–']) || next_token.starts_with("--") {
            // Unless, in languages that write dialogue with dashes, it opens a new line (`—Sí.`,
            // `— Да.`).
            return r.dialogue_dashes && opens_dialogue(self.dialogue_line(next_token));
        }
        if term == "." && self.spaced() {
            // A period set apart by a space: a line break flattened into ` . ` (`By . Daily Mail
            // Reporter .`). After a label that needs its continuation it ends nothing.
            return !is_label(r, self.token_before());
        }
        // A list marker such as `1.` or `a.` opening the sentence.
        if term == "." && self.opens_with_list_marker() {
            return false;
        }
        let next_word = word_of(next_token);
        let Some(first) = next_word.chars().next() else {
            // Only punctuation follows (a bullet, a bar): a new sentence, unless the period
            // belongs to an abbreviation.
            return term != "." || !self.prev_is_abbreviation_like();
        };
        if first.is_lowercase() && !self.caseless && !is_camel(next_word) {
            return false;
        }
        let prev = self.prev_word();
        if term.contains(['!', '?']) {
            if term == "!" && rules::is_bang_name(r, prev) {
                return rules::is_sentence_opener(r, next_word);
            }
            let quoted = self.text[self.closers.clone()].contains(['"', '”', '\'', '’']);
            return !(quoted && self.attribution_follows(next_word));
        }
        if term != "." {
            // An ellipsis (or `..`) ends a sentence when a capitalized word follows.
            return true;
        }
        if prev.is_empty() {
            return true;
        }
        // `ex-Sen.`, `then-Lt.`: a title with a prefix is still a title.
        let title = prev.rsplit('-').next().unwrap_or(prev);
        if rules::is_never_ending(r, prev) || rules::is_title(r, title) {
            return false;
        }
        let mut chars = prev.chars();
        let single_initial =
            matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
        let initials = single_initial || rules::is_initialism(prev);
        if rules::is_clock_suffix(r, prev) {
            // `at 10 a.m. (5 a.m. ET)`: a converted time in brackets goes on.
            return !(rules::is_time_follower(r, next_word) || next_token.starts_with('('));
        }
        if first.is_numeric() {
            // `No. 5`, `Jan. 12`, `S. 207`, `403 U.S. 602`, `A.D. 1000`.
            return !(rules::is_number_abbreviation(r, prev) || initials);
        }
        if rules::is_etc(r, prev) {
            return true;
        }
        // `am 3. Oktober`, `der 1. FC Köln`: in languages that write ordinals with a period,
        // a number before a capitalized word ends a sentence only before a sentence opener.
        let ordinal = r.ordinal_period && is_ordinal_number(prev);
        if single_initial && is_initial(next_token) {
            // `В. В. Путин`, `J. R. R. Tolkien`: initials go on, whatever the second one spells.
            return false;
        }
        if ordinal || initials || rules::is_ambiguous_abbreviation(r, prev) {
            return rules::is_sentence_opener(r, next_word);
        }
        true
    }

    /// The dash token after the terminal and, when it stands alone (`— Да`), the word after it.
    fn dialogue_line<'t>(&'t self, dash: &'t str) -> &'t str {
        if !dash.trim_start_matches(['—', '–', '-']).is_empty() {
            return dash;
        }
        let after = super::skip_space(self.text, self.next_start + dash.len(), self.end);
        token_at(self.text, after, self.end)
    }

    /// True when the sentence so far is only a list marker (`1.`, `12.`, `a.`).
    fn opens_with_list_marker(&self) -> bool {
        self.term.start - self.sentence_start <= 2
            && is_list_marker(&self.text[self.sentence_start..self.term.start])
    }

    /// True when the terminal stands apart from the word before it (`Reporter .`).
    fn spaced(&self) -> bool {
        self.term.start > self.sentence_start
            && self.text[..self.term.start]
                .chars()
                .next_back()
                .is_some_and(is_space)
    }

    fn prev_is_abbreviation_like(&self) -> bool {
        let (r, prev) = (self.r, self.prev_word());
        rules::is_title(r, prev)
            || rules::is_never_ending(r, prev)
            || rules::is_initialism(prev)
            || rules::is_ambiguous_abbreviation(r, prev)
    }

    /// `"Why?" Smith asked.` — a capitalized name and a speech verb closing the sentence.
    fn attribution_follows(&self, next_word: &str) -> bool {
        if rules::is_sentence_opener(self.r, next_word) {
            return false;
        }
        let after_first = self.next_start + token_at(self.text, self.next_start, self.end).len();
        let second_start = super::skip_space(self.text, after_first, self.end);
        let second = token_at(self.text, second_start, self.end);
        let verb = second.trim_end_matches([',', '.', ';', '!', '?']);
        rules::is_speech_verb(self.r, verb)
            && (verb.len() < second.len() || second_start + second.len() >= self.end)
    }

    /// The word before the terminal punctuation, without opening quotes or brackets.
    fn prev_word(&self) -> &str {
        let from = floor_boundary(self.text, self.term.start.saturating_sub(WINDOW))
            .max(self.sentence_start);
        let before = &self.text[from..self.term.start];
        trim_openers(&before[after_last_space(before)..])
    }

    /// The white-space-delimited token before a spaced terminal (`By` in `By .`).
    fn token_before(&self) -> &str {
        let from = floor_boundary(self.text, self.term.start.saturating_sub(WINDOW))
            .max(self.sentence_start);
        let before = &self.text[from..super::trim_end(self.text, from, self.term.start)];
        &before[after_last_space(before)..]
    }
}

/// A line label that a flattened line break (` . `) separates from what it labels: `By`,
/// `PUBLISHED:`, `|`, `and`.
fn is_label(r: &Segmentation, token: &str) -> bool {
    r.labels.contains(token) || token == "|" || token.ends_with(':')
}

/// `В.`, `K.`: one capital letter and a period.
fn is_initial(token: &str) -> bool {
    let mut chars = token.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(c), Some('.'), None) if c.is_uppercase()
    )
}

/// `3`, `31`, `125`: a number that may be an ordinal written with a period.
fn is_ordinal_number(word: &str) -> bool {
    (1..=3).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit())
}

/// `—Sí`, `–¿Vienes`, `— Vale`: a dash that opens a line of dialogue, before a capital or an
/// opening mark (a dash before a lower-case word continues the sentence: `—preguntó`).
fn opens_dialogue(token: &str) -> bool {
    token
        .trim_start_matches(['—', '–', '-'])
        .trim_start_matches(is_opener)
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

/// `1`, `12` or `a`: what opens a numbered or lettered list item.
fn is_list_marker(word: &str) -> bool {
    (!word.is_empty() && word.len() <= 2 && word.bytes().all(|b| b.is_ascii_digit()))
        || (word.len() == 1 && word.bytes().all(|b| b.is_ascii_lowercase()))
}

/// `iPhone`, `eBay`: a brand that starts lower-case but is capitalized inside.
fn is_camel(word: &str) -> bool {
    word.chars().skip(1).any(char::is_uppercase)
}

/// `said.The`: a terminal glued to the next sentence, after a lower-case word of three or more
/// letters, outside web addresses and e-mail. Returns where the next sentence starts.
fn glued_boundary(
    text: &str,
    sentence_start: usize,
    term: Range<usize>,
    next: usize,
    end: usize,
) -> Option<usize> {
    let t = &text[term.clone()];
    if !(t == "." || t == "!" || t == "?") {
        return None;
    }
    let from = floor_boundary(text, term.start.saturating_sub(WINDOW)).max(sentence_start);
    let before = &text[from..term.start];
    let word = trim_openers(&before[after_last_space(before)..]);
    let tail_lower = word.chars().rev().take_while(|c| c.is_lowercase()).count();
    if tail_lower < 3 || word.contains(['@', '/', '.', ':']) {
        return None;
    }
    // A straight quote between the period and a capital opens the next sentence (`stadium."It`).
    let closers = &text[term.end..next];
    let (start, rest) = if closers == "\"" || closers == "'" {
        (term.end, &text[next..end])
    } else if closers.is_empty() && text[next..end].starts_with(['“', '‘']) {
        (next, text[next..end].trim_start_matches(['“', '‘']))
    } else {
        (next, &text[next..end])
    };
    let mut after = rest.chars();
    let (Some(a), Some(b)) = (after.next(), after.next()) else {
        return None;
    };
    let next_word = token_at(rest, 0, rest.len());
    (a.is_uppercase() && b.is_lowercase() && !next_word.contains(['@', '/', '.'])).then_some(start)
}

/// The token starting at `from` (up to white space), at most [`WINDOW`] bytes long.
fn token_at(text: &str, from: usize, end: usize) -> &str {
    let limit = floor_boundary(text, (from + WINDOW).min(end));
    &text[from..super::find_space(text, from, limit)]
}

/// Where the last white-space-delimited word of `s` starts: after its last space, or 0.
fn after_last_space(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut j = bytes.len();
    while j > 0 {
        let b = bytes[j - 1];
        if b < 0x80 {
            if is_ascii_space(b) {
                return j;
            }
            j -= 1;
        } else {
            let c = s[..j].chars().next_back().unwrap_or(' ');
            if is_space(c) {
                return j;
            }
            j -= c.len_utf8();
        }
    }
    0
}

/// A token without opening quotes or brackets and without trailing punctuation.
fn word_of(token: &str) -> &str {
    let word = trim_openers(token);
    // Most words end with a letter: no char to decode.
    match word.as_bytes().last() {
        Some(b) if b.is_ascii_alphanumeric() => word,
        _ => word.trim_end_matches(|c: char| !c.is_alphanumeric()),
    }
}

/// `s` without opening quotes or brackets.
fn trim_openers(s: &str) -> &str {
    // Most words open with a letter: no char to decode.
    match s.as_bytes().first() {
        Some(b) if b.is_ascii_alphanumeric() => s,
        _ => s.trim_start_matches(is_opener),
    }
}

/// The largest char boundary at or below `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(' ')
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉')
}

/// [`is_closer`], or one of the language's own closing marks.
fn is_closer_in(r: &Segmentation, c: char) -> bool {
    is_closer(c) || r.extra_closers.contains(&c)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split(
            &crate::language::ENGLISH.segmentation,
            text,
            0..text.len(),
            false,
            &mut out,
        );
        out.into_iter().map(|r| text[r].trim()).collect()
    }

    #[test]
    fn abbreviations_and_boundaries() {
        assert_eq!(
            sentences("Mr. Smith left at 3 p.m. Police came. He is No. 1 in the U.S. Army."),
            [
                "Mr. Smith left at 3 p.m.",
                "Police came.",
                "He is No. 1 in the U.S. Army."
            ]
        );
        assert_eq!(
            sentences("\"Why?\" Smith asked. \"Help!\" The cry came."),
            ["\"Why?\" Smith asked.", "\"Help!\"", "The cry came."]
        );
        assert_eq!(
            sentences("By . Jane Doe . PUBLISHED: . 12:07 EST . It rained."),
            ["By . Jane Doe .", "PUBLISHED: . 12:07 EST .", "It rained."]
        );
    }

    #[test]
    fn glued_sentences() {
        assert_eq!(
            sentences("The fans cheered.\"It was great,\" one said.It ended."),
            [
                "The fans cheered.",
                "\"It was great,\" one said.",
                "It ended."
            ]
        );
        assert_eq!(sentences("Visit CNN.com today."), ["Visit CNN.com today."]);
    }
}
