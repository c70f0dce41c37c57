//! Stage 2 — segmentation: input text → paragraphs → sentences → word tokens, all as byte spans
//! of the original input.
//!
//! News text comes in two forms ([`TextForm`]): as published (`Natural`) and Penn-Treebank
//! tokenized (`Tokenized`, the lower-cased CNN/DailyMail release). Each form has its own boundary
//! rules; news furniture (datelines, bylines, credits, promos) is then marked by [`furniture`].
//!
//! Everything here runs in time linear in the input: each byte is visited a bounded number of
//! times, and no decision looks further than the neighbouring words.

mod furniture;
mod natural;
mod rules;
mod tokenized;

use std::ops::Range;

use crate::analyze::tokenize;
use crate::deadline::Deadline;
use crate::document::{Boilerplate, Paragraph, Sentence, TextForm, Token};
use crate::language::Profile;
use crate::swar::{HIGH_BITS, bytes_in};

/// The segmenter's output, before it becomes a [`crate::Document`].
pub(crate) struct Segmented {
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    /// How many leading sentences have tokens and boilerplate marks.
    pub detailed: usize,
}

/// Decides whether `text` is Penn-Treebank tokenized (punctuation set apart by spaces) or natural.
///
/// Evidence for tokenized text is punctuation standing alone between spaces (` , `, ` ? `, ` n't `,
/// and ` . ` before a lower-case word or the end). Evidence for natural text is punctuation
/// attached to a word (`word,`, `word.` before a capital). A spaced period before a capital is no
/// evidence either way: flattened page headers (`By . Daily Mail Reporter . PUBLISHED: .`) have it
/// in natural text.
pub fn detect_form(text: &str) -> TextForm {
    detect_form_cased(text, has_uppercase(text))
}

/// [`detect_form`] with [`has_uppercase`] already known (the segmenter needs it too).
pub(crate) fn detect_form_cased(text: &str, has_upper: bool) -> TextForm {
    let bytes = text.as_bytes();
    let mut votes = FormVotes::default();
    // Letters and spaces, nearly all of the text, are skipped 8 bytes at a time: only bytes in
    // 0x21..=0x3F (punctuation, digits) can be evidence.
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        let mut hits = bytes_in(
            u64::from_le_bytes(chunk.try_into().unwrap_or_default()),
            0x21,
            0x3F,
        );
        while hits != 0 {
            votes.count(text, at + hits.trailing_zeros() as usize / 8);
            hits &= hits - 1;
        }
        at += 8;
    }
    for i in at..bytes.len() {
        votes.count(text, i);
    }
    // Capitals tip a tie: the tokenized release is lower-cased.
    let attached = votes.attached + usize::from(has_upper);
    if votes.spaced >= 1 && votes.spaced > attached * 2 {
        TextForm::Tokenized
    } else {
        TextForm::Natural
    }
}

/// The evidence [`detect_form_cased`] counts.
#[derive(Default)]
struct FormVotes {
    spaced: usize,
    attached: usize,
}

impl FormVotes {
    /// Counts the evidence of the byte at `i`, if it is punctuation.
    fn count(&mut self, text: &str, i: usize) {
        let bytes = text.as_bytes();
        let b = bytes[i];
        if !matches!(b, b',' | b'.' | b';' | b':' | b'?' | b'!' | b'\'') {
            return;
        }
        let followed_by_space = bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
        let prev = if i > 0 { bytes[i - 1] } else { b' ' };
        if b == b'\'' {
            // PTB splits clitics (`it 's`, `we 're`, `did n't`); published text attaches them.
            // (A name such as `o'sullivan` is no evidence either way.)
            let after = &bytes[i + 1..];
            let clitic_len = match after.first() {
                Some(b's' | b't' | b'd' | b'm') => 1,
                Some(b'r') if after.get(1) == Some(&b'e') => 2,
                Some(b'v') if after.get(1) == Some(&b'e') => 2,
                Some(b'l') if after.get(1) == Some(&b'l') => 2,
                _ => 0,
            };
            let clitic_follows = clitic_len > 0
                && after
                    .get(clitic_len)
                    .is_none_or(|n| !n.is_ascii_alphabetic());
            let split_nt = i >= 2 && &bytes[i - 2..i] == b" n";
            if !split_nt && prev.is_ascii_alphabetic() && clitic_follows {
                self.attached += 1;
                return;
            }
            let clitic = prev == b' ' && clitic_follows && !after.starts_with(b"t");
            let nt = split_nt
                && after.first() == Some(&b't')
                && after.get(1).is_none_or(|n| n.is_ascii_whitespace());
            self.spaced += usize::from(clitic || nt);
            return;
        }
        if !followed_by_space {
            return;
        }
        if prev.is_ascii_whitespace() {
            if b != b'.' {
                self.spaced += 1;
                return;
            }
            let next = next_char(text, i + 1);
            // `. . .` is an ellipsis in natural text; PTB writes `...`.
            let spaced_ellipsis = next == Some('.') || (i >= 2 && bytes[i - 2] == b'.');
            if !spaced_ellipsis
                && next.is_none_or(|c| !(c.is_uppercase() || c.is_numeric() || c == '|'))
            {
                self.spaced += 1;
            }
        } else if prev.is_ascii_alphanumeric() || matches!(prev, b'"' | b')' | b'\'') {
            if b != b'.' {
                self.attached += 1;
                return;
            }
            // A word-final period before a capital or at the very end; PTB would space it.
            if next_char(text, i + 1).is_none_or(char::is_uppercase) {
                self.attached += 1;
            }
        }
    }
}

/// The first char at or after `from` that is not a space ([`is_space`]).
fn next_char(text: &str, from: usize) -> Option<char> {
    text[skip_space(text, from, text.len())..].chars().next()
}

/// True when `text` has a capital letter (`char::is_uppercase`).
pub(crate) fn has_uppercase(text: &str) -> bool {
    // Lower-cased text, the common case here, is scanned to the end: 32 bytes at a time where
    // they are all ASCII (word-wide tests, no branch per byte), a byte or a char at a time through
    // the other chunks. `i` stays on a char boundary.
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 32) {
            let words: [u64; 4] = std::array::from_fn(|k| {
                u64::from_le_bytes(chunk[8 * k..8 * k + 8].try_into().unwrap_or_default())
            });
            if words.iter().fold(0, |all, w| all | w) & HIGH_BITS == 0 {
                let capitals = words
                    .iter()
                    .fold(0, |all, &w| all | bytes_in(w, b'A', b'Z'));
                if capitals != 0 {
                    return true;
                }
                i += 32;
                continue;
            }
        }
        let stop = bytes.len().min(i + 32);
        while i < stop {
            if bytes[i] < 0x80 {
                if bytes[i].is_ascii_uppercase() {
                    return true;
                }
                i += 1;
            } else {
                let c = text[i..].chars().next().unwrap_or_default();
                if c.is_uppercase() {
                    return true;
                }
                i += c.len_utf8();
            }
        }
    }
    false
}

/// Segments `text` in the given form with the language `profile`; `has_upper` is
/// [`has_uppercase`] of `text`.
///
/// Sentences get word tokens and boilerplate marks until `content` content sentences have them
/// and the story's opening (where a dateline may still come) is past; the later ones get their
/// spans only. Every span is the same whatever `content` is: the boundary rules read neither
/// tokens nor marks, except the dateline test of the opening paragraphs, which is detailed.
/// Past `deadline` it stops, with the paragraphs and sentences found so far.
pub(crate) fn segment(
    profile: &'static Profile,
    text: &str,
    form: TextForm,
    has_upper: bool,
    content: usize,
    deadline: Deadline,
) -> Segmented {
    let rules = &profile.segmentation;
    // Whether the text has any content sentence decides whether its lone first line is a title
    // (below), so the opening is detailed at least up to the first content sentence: otherwise a
    // parse cut short at zero could read a title where the full parse reads a list of lines.
    let content = content.max(1);
    let mut paragraphs = Vec::new();
    let mut sentences: Vec<Sentence> = Vec::new();
    let mut tokens = Vec::new();
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut scratch: Vec<Range<usize>> = Vec::new();
    // Without any capital letter, a lower-case word after a period says nothing.
    let caseless = !has_upper;
    // A dateline opens the story: it may follow a headline, a byline or a page header, but not
    // a paragraph of content.
    let mut in_lead = true;
    let mut marker = furniture::Marker::new(profile, form);
    let mut content_seen = 0usize;

    let mut expired = false;
    for (p, para) in split_paragraphs(text).into_iter().enumerate() {
        expired = expired || (deadline.due(p) && deadline.expired());
        if expired {
            break;
        }
        spans.clear();
        let mut body = para.clone();
        let lead_paragraph = in_lead && p < 5;
        let dateline = if lead_paragraph {
            furniture::dateline(rules, text, para.clone(), form)
        } else {
            None
        };
        if let Some(end) = dateline {
            spans.push(para.start..trim_end(text, para.start, end));
            body = skip_space(text, end, para.end)..para.end;
        }
        match form {
            TextForm::Natural => natural::split(rules, text, body, caseless, &mut spans),
            TextForm::Tokenized => tokenized::split(rules, text, body, &mut scratch, &mut spans),
        }
        let first = sentences.len();
        // Whether every sentence of this opening paragraph so far is a headline or furniture:
        // then the next paragraph may still hold a dateline (a span of its own), so this one is
        // detailed until a sentence settles it.
        let mut lead_open = lead_paragraph && dateline.is_none();
        for (k, span) in spans.iter().enumerate() {
            if deadline.due(k + 1) && deadline.expired() {
                expired = true;
                break;
            }
            let span = trim(text, span.clone());
            if span.is_empty() {
                continue;
            }
            // Once false, this stays false: `lead_open` is only true while every sentence
            // before was detailed.
            let detailing = lead_open || content_seen < content;
            let token_start = tokens.len();
            if detailing {
                tokenize::words(text, span.clone(), &mut tokens);
            }
            let boilerplate = if k == 0 && dateline.is_some() {
                Some(Boilerplate::Dateline)
            } else {
                None
            };
            let mut sentence = Sentence {
                index: sentences.len(),
                start: span.start,
                end: span.end,
                paragraph: paragraphs.len(),
                boilerplate,
                tokens: token_start..tokens.len(),
                detailed: detailing,
            };
            if detailing {
                marker.mark(text, &mut sentence);
                // A short unpunctuated line alone in its paragraph is a heading; the first one
                // before any content is the story's title.
                if sentence.boilerplate.is_none()
                    && form == TextForm::Natural
                    && spans.len() == 1
                    && furniture::is_heading_line(&text[span.clone()], sentence.tokens.len())
                {
                    let titled = sentences
                        .iter()
                        .any(|s| s.is_content() || s.boilerplate == Some(Boilerplate::Headline));
                    sentence.boilerplate = Some(if titled {
                        Boilerplate::Heading
                    } else {
                        Boilerplate::Headline
                    });
                }
                content_seen += usize::from(sentence.is_content());
                lead_open = lead_open && is_heading_or_furniture(profile, text, &sentence);
            }
            sentences.push(sentence);
        }
        // (A sentence that is not detailed comes after one that settled this: `all` stops there.)
        in_lead = in_lead
            && dateline.is_none()
            && sentences[first..]
                .iter()
                .all(|s| is_heading_or_furniture(profile, text, s));
        if sentences.len() > first {
            paragraphs.push(Paragraph {
                index: paragraphs.len(),
                start: para.start,
                end: para.end,
                sentences: first..sentences.len(),
            });
        }
    }
    // Text with no punctuated sentence at all (a list of lines) is read as it is: every line is
    // then content, not a heading.
    if !sentences.iter().any(Sentence::is_content) {
        for s in &mut sentences {
            if matches!(
                s.boilerplate,
                Some(Boilerplate::Headline | Boilerplate::Heading)
            ) {
                s.boilerplate = None;
            }
        }
    }
    let detailed = sentences.iter().take_while(|s| s.detailed).count();
    Segmented {
        paragraphs,
        sentences,
        tokens,
        detailed,
    }
}

/// A headline (no final punctuation) or a line of furniture: what may come before a dateline.
fn is_heading_or_furniture(profile: &Profile, text: &str, s: &Sentence) -> bool {
    let raw = &text[s.start..s.end];
    let unpunctuated = !raw.ends_with(['.', '!', '?', '…', '"', '”', '\'', '’', ')']);
    unpunctuated || furniture::classify(profile, raw, s.tokens.len(), false).is_some()
}

/// Splits the input into paragraph spans (trimmed, never empty).
///
/// A blank line always separates paragraphs. A single line break does too, unless the text is
/// hard-wrapped (most lines long, of similar length, and running on without end punctuation), in
/// which case single breaks are only white space.
fn split_paragraphs(text: &str) -> Vec<Range<usize>> {
    let lines = line_spans(text);
    let hard_wrapped = is_hard_wrapped(text, &lines);
    let mut out = Vec::new();
    let mut current: Option<Range<usize>> = None;
    for line in lines {
        let trimmed = trim(text, line.clone());
        if trimmed.is_empty() {
            if let Some(c) = current.take() {
                out.push(c);
            }
            continue;
        }
        current = match current {
            Some(c) if hard_wrapped => Some(c.start..trimmed.end),
            Some(c) => {
                out.push(c);
                Some(trimmed)
            }
            None => Some(trimmed),
        };
    }
    if let Some(c) = current {
        out.push(c);
    }
    out
}

/// Line spans without their terminators (`\n`, `\r\n`, `\r`, U+2028, U+2029).
fn line_spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    // 0xE2 leads U+2028 and U+2029 (E2 80 A8, E2 80 A9), among other chars.
    for i in memchr::memchr3_iter(b'\n', b'\r', 0xE2, bytes) {
        let len = match bytes[i] {
            // The `\n` of a `\r\n`, already taken.
            _ if i < start => continue,
            b'\n' => 1,
            b'\r' => 1 + usize::from(bytes.get(i + 1) == Some(&b'\n')),
            _ if matches!(bytes[i + 1..], [0x80, 0xA8 | 0xA9, ..]) => 3,
            _ => continue,
        };
        out.push(start..i);
        start = i + len;
    }
    out.push(start..text.len());
    out
}

fn is_hard_wrapped(text: &str, lines: &[Range<usize>]) -> bool {
    let lengths: Vec<usize> = lines
        .iter()
        .map(|l| text[l.clone()].trim().chars().count())
        .filter(|&n| n > 0)
        .collect();
    if lengths.len() < 4 {
        return false;
    }
    let body = &lengths[..lengths.len() - 1];
    let longest = *body.iter().max().unwrap_or(&0);
    if !(40..=120).contains(&longest) {
        return false;
    }
    let near_full = body.iter().filter(|&&n| n * 10 >= longest * 7).count();
    let run_on = lines
        .iter()
        .map(|l| text[l.clone()].trim_end())
        .filter(|l| !l.is_empty())
        .filter(|l| !l.ends_with(['.', '!', '?', '"', '”', ':']))
        .count();
    near_full * 10 >= body.len() * 8 && run_on * 2 >= body.len()
}

pub(crate) fn trim(text: &str, span: Range<usize>) -> Range<usize> {
    let start = skip_space(text, span.start, span.end);
    start..trim_end(text, start, span.end)
}

// The scans below decide ASCII bytes without decoding a char (the inner loop of every pass over
// the text) and decode only where a multi-byte char starts; `from` and `to` are char boundaries.

/// The first byte in `from..to` that does not start a space ([`is_space`]), or `to`.
fn skip_space(text: &str, from: usize, to: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < to {
        let b = bytes[i];
        if b < 0x80 {
            if !is_ascii_space(b) {
                break;
            }
            i += 1;
        } else {
            match text[i..to].chars().next() {
                Some(c) if is_space(c) => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    i
}

/// The first byte in `from..to` that starts a space ([`is_space`]), or `to`.
fn find_space(text: &str, from: usize, to: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < to {
        let b = bytes[i];
        if b < 0x80 {
            if is_ascii_space(b) {
                break;
            }
            i += 1;
        } else {
            match text[i..to].chars().next() {
                Some(c) if !is_space(c) => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    i
}

/// One past the last byte in `from..to` that is not part of a trailing space, or `from`.
fn trim_end(text: &str, from: usize, to: usize) -> usize {
    let bytes = text.as_bytes();
    let mut j = to;
    while j > from {
        let b = bytes[j - 1];
        if b < 0x80 {
            if !is_ascii_space(b) {
                break;
            }
            j -= 1;
        } else {
            match text[from..j].chars().next_back() {
                Some(c) if is_space(c) => j -= c.len_utf8(),
                _ => break,
            }
        }
    }
    j
}

/// [`is_space`] for an ASCII byte: `char::is_whitespace` there is tab, line feed, vertical tab,
/// form feed, carriage return and space.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// White space, including the invisible characters that scraped text is full of.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(text: &str) -> Vec<&str> {
        split_paragraphs(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn ascii_space_agrees_with_is_space() {
        for b in 0..0x80u8 {
            assert_eq!(is_ascii_space(b), is_space(char::from(b)), "byte {b:#x}");
        }
        let text = "\u{200B} \u{A0}a\u{2028}b\u{FEFF}é \t";
        for from in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            for to in (from..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let s = &text[from..to];
                let skipped = from + (s.len() - s.trim_start_matches(is_space).len());
                assert_eq!(skip_space(text, from, to), skipped);
                let found = s.find(is_space).map_or(to, |k| from + k);
                assert_eq!(find_space(text, from, to), found);
                assert_eq!(
                    trim_end(text, from, to),
                    from + s.trim_end_matches(is_space).len()
                );
            }
        }
    }

    #[test]
    fn has_uppercase_agrees_with_chars() {
        for text in [
            "",
            "a",
            "A",
            "lower case text that runs past sixteen bytes and on",
            "lower case text that runs past sixteen bytes and oN",
            "é lower case text that runs past sixteen bytes and on",
            "é lower case text that runs past sixteen bytes and É",
            "lower case text é that runs past sixteen bytes Σ",
            "\u{212A}elvin",
            "xxxxxxxxxxxxxxxé\u{2028}yyyyyyyyyyyyyyyyyyyyyyyyyQ",
        ] {
            assert_eq!(
                has_uppercase(text),
                text.chars().any(char::is_uppercase),
                "{text}"
            );
        }
        // A capital (or none) at every position of long texts, with and without other chars.
        for other in ["", "é", "\u{2028}", "ß"] {
            for at in 0..80 {
                for capital in ["", "Q", "É"] {
                    let mut text = "x".repeat(80);
                    text.insert_str(at, capital);
                    text.insert_str((at * 7) % 80, other);
                    let want = text.chars().any(char::is_uppercase);
                    assert_eq!(has_uppercase(&text), want, "{text}");
                }
            }
        }
    }

    #[test]
    fn detects_forms() {
        assert_eq!(
            detect_form("the man said , \" it is over . \" then he left ."),
            TextForm::Tokenized
        );
        assert_eq!(
            detect_form("The man said, \"It is over.\" Then he left."),
            TextForm::Natural
        );
        assert_eq!(detect_form(""), TextForm::Natural);
    }

    #[test]
    fn paragraphs_from_lines_and_blank_lines() {
        assert_eq!(paras("One.\nTwo.\n\n\nThree."), ["One.", "Two.", "Three."]);
        assert_eq!(paras("  \r\n A \r\n\r\n B "), ["A", "B"]);
        assert!(paras(" \n\t\n").is_empty());
    }

    #[test]
    fn hard_wrapped_lines_join() {
        let text = "The council voted on Tuesday to approve the new budget for\n\
                    the coming year, which includes funds for road repairs and\n\
                    a new library in the northern district of the city, said\n\
                    the mayor in a statement released late in the evening.";
        assert_eq!(paras(text).len(), 1);
    }
}
