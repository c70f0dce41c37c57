//! News furniture: the parts of a story that are not its content — datelines, bylines,
//! timestamps, photo credits, calls to action and leaked page script. They stay in the document
//! (spans remain complete) but are marked [`Boilerplate`] so no algorithm selects them.
//!
//! The rules are generic to news writing, never keyed to one site: a dateline is a few capitalized
//! place words before a parenthesised source or a dash, a byline starts with `By` and names people,
//! a timestamp is a clock and a date, and so on.

use std::borrow::Cow;
use std::ops::Range;

use super::{is_ascii_space, is_space, rules};
use crate::document::{Boilerplate, Sentence, TextForm};
use crate::language::{Furniture, Profile, Segmentation};

/// If the paragraph opens with a dateline (`LONDON, England (CNN) --`, `Tokyo (CNN)`,
/// `WASHINGTON —`, `new delhi ( cnn )`), returns the byte where the dateline ends.
pub(super) fn dateline(
    r: &Segmentation,
    text: &str,
    para: Range<usize>,
    form: TextForm,
) -> Option<usize> {
    let s = &text[para.clone()];
    let end = match form {
        TextForm::Natural => natural_dateline(r, s).or_else(|| caps_dash_dateline(s)),
        TextForm::Tokenized => tokenized_dateline(r, s),
    }?;
    // Something must follow, or the "dateline" is the whole paragraph.
    (s[end..].trim_start_matches(is_space).chars().count() >= 2).then_some(para.start + end)
}

/// At most `n` bytes of `s`, cut at a char boundary.
fn head(s: &str, n: usize) -> &str {
    let mut n = n.min(s.len());
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    &s[..n]
}

/// `Place, Region (Source) --`, `Place, March 3 (Source) -` or a bare `(CNN)`: capitalized place
/// words before a capitalized source (or a news agency of the language: `(dpa)`, `(EFE).`), then
/// a dash or the capitalized start of the story.
fn natural_dateline(r: &Segmentation, s: &str) -> Option<usize> {
    let open = head(s, 100).find('(')?;
    let words: Vec<&str> = s[..open].split_whitespace().collect();
    if words.len() > 7 {
        return None;
    }
    for (i, w) in words.iter().enumerate() {
        let w = w.trim_end_matches(',');
        let place = w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| c.is_alphabetic() || "-.'’".contains(c));
        let date = i > 0 && w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit());
        let particle = i > 0 && r.place_particles.contains(w);
        if !(place || date || particle) {
            return None;
        }
    }
    let close = open + head(&s[open..], 40).find(')')?;
    let inner = &s[open + 1..close];
    if r.agencies.contains(inner) {
        // `MADRID (EFE). –`: agencies are written with a period after the bracket, too.
        let after = close + 1 + usize::from(s[close + 1..].starts_with('.'));
        let (end, dashed) = after_dash(s, after);
        return (dashed || story_starts(&s[end..])).then_some(end);
    }
    let inner_ok = (2..=30).contains(&inner.chars().count())
        && inner.chars().next().is_some_and(char::is_uppercase)
        && !inner.chars().any(|c| c.is_numeric())
        && inner.split_whitespace().count() <= 4;
    if !inner_ok {
        return None;
    }
    let (end, dashed) = after_dash(s, close + 1);
    (dashed || story_starts(&s[end..])).then_some(end)
}

/// `WASHINGTON —` or `NEW YORK, N.Y. --`: an all-capitals place followed by a dash and the
/// capitalized start of the story (so `NASA — the agency — said` is no dateline).
fn caps_dash_dateline(s: &str) -> Option<usize> {
    let h = head(s, 60);
    let (dash_at, dash_len) = ["--", "—", "–"]
        .iter()
        .filter_map(|d| h.find(d).map(|i| (i, d.len())))
        .min()?;
    let prefix = s[..dash_at].trim_end();
    let first = prefix.split([' ', ',']).next()?;
    let letters = first.chars().filter(|c| c.is_alphabetic()).count();
    let all_caps = letters >= 3 && first.chars().all(|c| !c.is_lowercase());
    let words_ok = prefix.split_whitespace().count() <= 5
        && prefix
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    if !(all_caps && words_ok && s[..dash_at].ends_with(' ')) {
        return None;
    }
    let end = dash_at + dash_len;
    story_starts(s[end..].trim_start_matches(is_space)).then_some(end)
}

/// True when `rest` opens like a story sentence: a capital, a digit or an opening quote.
fn story_starts(rest: &str) -> bool {
    rest.trim_start_matches(is_space)
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || "\"“‘'(".contains(c))
}

/// `new delhi ( cnn )` or `-lrb- cnn -rrb- --`: up to six place tokens, then a parenthesised
/// source of one to three tokens.
fn tokenized_dateline(r: &Segmentation, s: &str) -> Option<usize> {
    let h = head(s, 100);
    let (open, open_len) = [("( ", 1), ("-lrb- ", 5)]
        .iter()
        .filter_map(|(p, n)| h.find(p).map(|i| (i, *n)))
        .min()?;
    let words: Vec<&str> = s[..open].split_whitespace().filter(|w| *w != ",").collect();
    if words.len() > 6
        || words.iter().any(|w| {
            rules::is_sentence_opener(r, w)
                || !w.chars().all(|c| c.is_alphabetic() || ".-'".contains(c))
        })
    {
        return None;
    }
    let after_open = open + open_len;
    let window = head(&s[after_open..], 60);
    let (close, close_len) = [(" )", 2), (" -rrb-", 6)]
        .iter()
        .filter_map(|(p, n)| window.find(p).map(|i| (after_open + i, *n)))
        .min()?;
    let inner: Vec<&str> = s[after_open..close].split_whitespace().collect();
    const NOT_SOURCES: &[&str] = &[
        "above", "all", "archive", "back", "below", "both", "bottom", "center", "centre",
        "circled", "far", "file", "front", "inset", "l", "left", "main", "middle", "photo",
        "pictured", "pictures", "r", "right", "second", "stock", "top",
    ];
    let inner_ok = (1..=3).contains(&inner.len())
        && inner
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || ".&".contains(c)))
        && !inner.iter().any(|w| NOT_SOURCES.contains(w));
    inner_ok.then(|| after_dash(s, close + close_len).0)
}

/// Skips spaces and one dash (`--`, `—`, `–`, `-`) after a dateline. Returns where the dateline
/// ends and whether a dash was there; without one it ends right after the parenthesis.
fn after_dash(s: &str, from: usize) -> (usize, bool) {
    let rest = &s[from..];
    let trimmed = rest.trim_start_matches(is_space);
    let at = from + (rest.len() - trimmed.len());
    for dash in ["--", "—", "–", "-"] {
        if let Some(after) = trimmed.strip_prefix(dash) {
            if after.starts_with(is_space) || after.is_empty() {
                return (at + dash.len(), true);
            }
        }
    }
    (from, false)
}

/// Marks boilerplate sentences one at a time, in document order (a mark may depend on the
/// sentence before: the name after a bare `By`).
pub(super) struct Marker {
    profile: &'static Profile,
    form: TextForm,
    after_by: bool,
}

impl Marker {
    pub(super) fn new(profile: &'static Profile, form: TextForm) -> Marker {
        Marker {
            profile,
            form,
            after_by: false,
        }
    }

    /// Marks `s`, the sentence after the one marked last, in place.
    pub(super) fn mark(&mut self, text: &str, s: &mut Sentence) {
        if s.boilerplate.is_some() {
            self.after_by = false;
            return;
        }
        let words = s.tokens.len();
        let raw = &text[s.start..s.end];
        let mut kind = classify(self.profile, raw, words, self.after_by);
        if kind.is_none() && self.form == TextForm::Natural && is_link_title(raw, words) {
            kind = Some(Boilerplate::Promo);
        }
        self.after_by = kind == Some(Boilerplate::Byline) && words <= 1;
        s.boilerplate = kind;
    }
}

/// Most words of a line taken for a heading ([`is_heading_line`]).
pub(super) const HEADING_MAX_WORDS: usize = 20;

/// A line that stands alone as its own paragraph, short and without sentence punctuation at its
/// end, is page structure, not a sentence of the story: the title, a subhead, a share or
/// social-button run, a reading-time or `Updated … ago` line, a table header, a link in a list.
/// (Prose ends its sentences; headings and page furniture do not.)
pub(super) fn is_heading_line(raw: &str, words: usize) -> bool {
    (1..=HEADING_MAX_WORDS).contains(&words) && !ends_like_sentence(raw)
}

/// Whether `raw` ends as a sentence does: with a full stop, a question or exclamation mark, an
/// ellipsis, a colon that introduces what follows, or a closing quote or bracket of any of the
/// quotation conventions (`"…"`, `“…”`, `„…“`, `«…»`, `»…«`, `‹…›`, `「…」`).
pub(super) fn ends_like_sentence(raw: &str) -> bool {
    raw.trim_end_matches(is_space).ends_with([
        '.', '!', '?', '…', ':', '"', '“', '”', '\'', '‘', '’', ')', ']', '»', '«', '›', '‹', '。',
        '！', '？', '」', '』',
    ])
}

/// `Pope says it's OK to spank children .`: in published text a short line closed by a spaced
/// period is the title of a linked story (or a section heading) flattened into the article.
fn is_link_title(raw: &str, words: usize) -> bool {
    words <= 12
        && raw.ends_with(" .")
        && ![". ", "! ", "? "]
            .iter()
            .any(|t| raw[..raw.len() - 2].contains(t))
        && raw.chars().any(char::is_uppercase)
}

/// The furniture kind of one sentence with `words` word tokens, if it is furniture.
/// `after_by` is true when the sentence before was a bare `By`. The phrases come from `p`.
pub(super) fn classify(
    p: &Profile,
    raw: &str,
    words: usize,
    after_by: bool,
) -> Option<Boilerplate> {
    if words == 0 {
        return Some(Boilerplate::Markup);
    }
    if p.furniture.quick_reject && !may_be_furniture(raw, words, after_by) {
        return None;
    }
    classify_by_rules(p, raw, words, after_by)
}

/// [`classify`] without its quick rejection, for a sentence of `words` ≥ 1 word tokens.
fn classify_by_rules(p: &Profile, raw: &str, words: usize, after_by: bool) -> Option<Boilerplate> {
    let f = &p.furniture;
    // ASCII (nearly every sentence) lower-cases byte for byte; only other text needs the full
    // Unicode mapping (`İ` → `i̇`, `K` (Kelvin) → `k`), which may also change lengths.
    // Lower-cased ASCII (the tokenized release) is used as it is, without a copy.
    let lower: Cow<str> = if !raw.is_ascii() {
        Cow::Owned(raw.to_lowercase())
    } else if raw.bytes().fold(false, |up, b| up | b.is_ascii_uppercase()) {
        Cow::Owned(raw.to_ascii_lowercase())
    } else {
        Cow::Borrowed(raw)
    };
    // Separators of flattened page headers (`| . UPDATED: .`) do not change what a line is.
    let core = lower.trim_start_matches(|c: char| is_space(c) || "|.•*-–—".contains(c));
    // Tokenized text sets colons apart (`published :`); compare openings without that space.
    let opening = head(core, 80);
    let opening = if opening.contains(" :") {
        Cow::Owned(opening.replace(" :", ":"))
    } else {
        Cow::Borrowed(opening)
    };
    if is_markup(core) {
        return Some(Boilerplate::Markup);
    }
    if is_promo(f, &opening, core) {
        return Some(Boilerplate::Promo);
    }
    if is_timestamp(f, &opening, core, words) || is_revision(f, &opening, words) {
        return Some(Boilerplate::Timestamp);
    }
    if is_byline(p, raw, core, words) || (after_by && words <= 6) {
        return Some(Boilerplate::Byline);
    }
    if is_credit(f, &opening, core, words) || is_origin(f, &opening, words) {
        return Some(Boilerplate::Credit);
    }
    None
}

/// A necessary condition for [`classify`] to find furniture in a sentence of `words` ≥ 1 word
/// tokens. Nearly every sentence fails it after a look at its opening and a few SIMD byte
/// searches, so the lower-cased copy and the many substring tests below run only on the rest.
///
/// Each test here is implied by the rules below: a phrase they look for in the lower-cased
/// sentence is looked for in `raw` ignoring ASCII case, or through a rare byte it must contain.
/// That is exact because the only non-ASCII chars that lower-case to ASCII letters are `K`
/// (Kelvin, U+212A → `k`) and `İ` (U+0130 → `i` + U+0307, so never an `i` followed by ASCII).
fn may_be_furniture(raw: &str, words: usize, after_by: bool) -> bool {
    if after_by && words <= 6 {
        return true;
    }
    let core = trim_separators(raw);
    if opens_like_furniture(core.as_bytes()) {
        return true;
    }
    let bytes = raw.as_bytes();
    if words <= 8 && short_furniture_hint(core.as_bytes()) {
        return true;
    }
    // Script: `;` with a brace, `function (`, `function(`, `googletag.`, `document.write`.
    let mut semicolon_seen = false;
    for at in memchr::memchr3_iter(b';', b'(', b'.', bytes) {
        let before = &bytes[..at];
        let found = match bytes[at] {
            b';' if !semicolon_seen => {
                semicolon_seen = true;
                memchr::memchr2(b'{', b'}', bytes).is_some()
            }
            b';' => false,
            b'(' => ends_with_ci(before, b"function") || ends_with_ci(before, b"function "),
            _ => ends_with_ci(before, b"googletag") || ends_with_ci(before, b"document"),
        };
        if found {
            return true;
        }
    }
    // `click here`, through its `k` (0xAA ends a Kelvin sign).
    for at in memchr::memchr3_iter(b'k', b'K', 0xAA, bytes) {
        if bytes[at] == 0xAA || ends_with_ci(&bytes[..at], b"clic") {
            return true;
        }
    }
    if words > 30 {
        return false;
    }
    // `… contributed to this report`, `… contributed from …`, `… wrote this story`.
    for at in memchr::memchr2_iter(b'b', b'B', bytes) {
        if ends_with_ci(&bytes[..at], b"contri") {
            return true;
        }
    }
    for at in memchr::memchr2_iter(b'w', b'W', bytes) {
        if starts_with_ci(&bytes[at + 1..], b"rote this") {
            return true;
        }
    }
    // `All rights reserved`, through its `v`.
    words <= 12
        && memchr::memchr2_iter(b'v', b'V', bytes)
            .any(|at| ends_with_ci(&bytes[..at], b"all rights reser"))
}

/// `raw` without the leading white space and separators that [`classify`] skips (none of them
/// has a case, so they are the same in the lower-cased sentence).
fn trim_separators(raw: &str) -> &str {
    // Sentences nearly always open with a letter, a digit or a quote: no char to decode.
    match raw.as_bytes().first() {
        Some(b) if b.is_ascii_alphanumeric() || *b == b'"' => raw,
        _ => raw.trim_start_matches(|c: char| is_space(c) || "|.•*-–—".contains(c)),
    }
}

/// What only short furniture has: a year (timestamps), an opening bracket, a slash or a closing
/// `Getty Images` (photo credits).
fn short_furniture_hint(core: &[u8]) -> bool {
    if core.first() == Some(&b'(') || memchr::memchr(b'/', core).is_some() {
        return true;
    }
    let mut end = core.len();
    while end > 0
        && (core[end - 1] == b'.' || core[end - 1] >= 0x80 || is_ascii_space(core[end - 1]))
    {
        end -= 1;
    }
    ends_with_ci(&core[..end], b"getty images")
        || memchr::memchr2_iter(b'1', b'2', core).any(|at| {
            let next = core.get(at + 1).copied();
            next == Some(if core[at] == b'1' { b'9' } else { b'0' })
        })
}

/// True when `core` (a sentence without leading separators) opens with one of the phrases the
/// rules below test at the start, cut before any colon (tokenized text spaces it: `more :`).
fn opens_like_furniture(core: &[u8]) -> bool {
    let Some(&first) = core.first() else {
        return false;
    };
    // Every opening of the rules below, by first byte.
    let openings: &[&[u8]] = match first.to_ascii_lowercase() {
        b'a' => &[
            b"advertisement",
            b"additional reporting by",
            b"all rights reserved",
            b"an earlier version of th",
            b"a previous version of this",
            b"a version of this",
        ],
        b'b' => &[b"by"],
        b'c' => &[
            b"click here",
            b"compiled by",
            b"credit",
            b"copyright",
            b"cnn",
            b"correction",
            b"clarification",
        ],
        b'd' => &[b"download the"],
        b'e' => &[b"editing by"],
        b'f' => &[b"follow @", b"follow us", b"first published"],
        b'i' => &[b"image"],
        b'j' => &[b"just watched"],
        b'l' => &[b"like us on", b"last updated", b"last modified"],
        b'm' => &[b"more", b"must watch"],
        b'p' => &[b"published", b"posted", b"photo", b"picture"],
        b'r' => &[b"read", b"related", b"reporting by"],
        b's' => &[
            b"scroll down",
            b"see also",
            b"see the original story",
            b"share this",
            b"sign up",
            b"subscribe",
            b"source",
        ],
        b't' => &[
            b"this material may not be published",
            b"this article",
            b"this story",
            b"this post",
            b"this report",
            b"this piece",
        ],
        b'u' => &[b"updated"],
        b'v' => &[b"video", b"var "],
        b'w' => &[b"watch", b"writing by"],
        b'(' => &[b"(reporting by", b"(ap photo", b"(c) "],
        _ => return core.starts_with("©".as_bytes()),
    };
    openings.iter().any(|o| opens_with(core, o))
}

/// `s` starts with the lower-case ASCII `prefix`, ignoring ASCII case. A non-ASCII byte where the
/// prefix has a `k` counts as a match: it may start a Kelvin sign.
fn opens_with(s: &[u8], prefix: &[u8]) -> bool {
    for (i, &p) in prefix.iter().enumerate() {
        match s.get(i) {
            Some(&c) if c.to_ascii_lowercase() == p => {}
            Some(&c) => return c >= 0x80 && p == b'k',
            None => return false,
        }
    }
    true
}

fn ends_with_ci(s: &[u8], suffix: &[u8]) -> bool {
    s.len() >= suffix.len() && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

fn starts_with_ci(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn is_markup(lower: &str) -> bool {
    // One search for `function` settles both spellings in the common case (neither).
    (lower.contains("function") && (lower.contains("function (") || lower.contains("function(")))
        || lower.contains("googletag.")
        || lower.contains("document.write")
        || (lower.starts_with("var ") && lower.contains('='))
        // `;` first: one fast byte search, and rare in prose. (ASCII bytes never occur inside a
        // multi-byte character, so bytes can be tested for the braces.)
        || (lower.contains(';') && lower.bytes().any(|b| b == b'{' || b == b'}'))
}

fn is_promo(f: &Furniture, opening: &str, lower: &str) -> bool {
    f.promo_openings.iter().any(|o| opening.starts_with(o))
        || f.promo_anywhere.iter().any(|p| lower.contains(p))
}

/// Most words of a correction or revision note (`This article was amended on 4 May 2026 to
/// correct the cost of the scheme.`); a longer sentence that opens alike is the story's.
const REVISION_MAX_WORDS: usize = 40;

/// A note about the article itself: `Correction: …`, `An earlier version of this article …`,
/// `This story has been updated …`.
fn is_revision(f: &Furniture, opening: &str, words: usize) -> bool {
    words <= REVISION_MAX_WORDS
        && (f.revision_openings.iter().any(|o| opening.starts_with(o))
            || f.revision_subjects.iter().any(|s| {
                opening
                    .strip_prefix(s)
                    .is_some_and(|rest| f.revision_words.iter().any(|w| rest.contains(w)))
            }))
}

/// A note of where the story first ran: `This article originally appeared in the Western
/// Gazette.`, `This article is republished from The Conversation under a Creative Commons
/// license.` A source credit, as short as a revision note.
fn is_origin(f: &Furniture, opening: &str, words: usize) -> bool {
    words <= REVISION_MAX_WORDS
        && f.revision_subjects.iter().any(|s| {
            opening
                .strip_prefix(s)
                .is_some_and(|rest| f.origin_words.iter().any(|w| rest.contains(w)))
        })
}

fn is_timestamp(f: &Furniture, opening: &str, lower: &str, words: usize) -> bool {
    // Both scan the whole sentence, and most sentences are decided without them: computed only
    // when asked.
    let has_year = || {
        lower
            .as_bytes()
            .split(|b| !b.is_ascii_digit())
            .any(|d| d.len() == 4 && (d.starts_with(b"19") || d.starts_with(b"20")))
    };
    let has_clock = || {
        lower
            .as_bytes()
            .windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit())
    };
    for label in f.timestamp_labels {
        if let Some(rest) = opening.strip_prefix(label) {
            let rest_is_punctuation = rest
                .chars()
                .all(|c| !c.is_alphanumeric() || c.is_whitespace());
            if rest.starts_with(|c: char| !c.is_alphabetic())
                && words <= 16
                && (has_clock() || has_year() || rest_is_punctuation)
            {
                return true;
            }
        }
    }
    if words > 8 || !has_year() {
        return false;
    }
    let mut other_words = 0;
    let mut month = false;
    for w in lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if f.months.contains(&w) {
            month = true;
        } else if !w.chars().all(|c| c.is_ascii_digit())
            && !matches!(
                w,
                "est"
                    | "edt"
                    | "gmt"
                    | "bst"
                    | "pst"
                    | "pdt"
                    | "et"
                    | "utc"
                    | "cet"
                    | "am"
                    | "pm"
                    | "st"
                    | "nd"
                    | "rd"
                    | "th"
            )
        {
            other_words += 1;
        }
    }
    (month || has_clock()) && other_words <= 1
}

fn is_byline(p: &Profile, raw: &str, lower: &str, words: usize) -> bool {
    let f = &p.furniture;
    let trimmed_end = lower.trim_end_matches(|c: char| c == '.' || is_space(c));
    if words <= 30 && f.contributions.iter().any(|c| trimmed_end.ends_with(c)) {
        return true;
    }
    // `CNN's Jane Doe contributed from Seoul.`, `… and John Roe wrote from Hong Kong.`
    let staff = lower.starts_with("cnn's ") || lower.starts_with("cnn 's ");
    if words <= 30
        && (lower.contains(" contributed from ")
            || (lower.contains(" wrote this")
                && (lower.contains(" wrote this story") || lower.contains(" wrote this report")))
            || (staff
                && [" reported from ", " wrote from ", " wrote this"]
                    .iter()
                    .any(|m| lower.contains(m))))
    {
        return true;
    }
    if words <= 30 && f.credit_lines.iter().any(|c| lower.starts_with(c)) {
        return true;
    }
    let Some((by, rest)) = f.byline_words.iter().find_map(|by| {
        let rest = lower.strip_prefix(by)?;
        (rest.is_empty() || rest.starts_with(|c: char| is_space(c) || c == '.'))
            .then_some((by, rest))
    }) else {
        return false;
    };
    let rest = rest.trim_start_matches(is_space);
    // `By . Jane Doe .`: a page header flattened into spaced periods.
    if rest.is_empty() || (rest.starts_with('.') && words <= 16) {
        return true;
    }
    if words > 12 || rest.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let first_word = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if rules::is_sentence_opener(&p.segmentation, first_word) {
        return false;
    }
    if raw.chars().any(char::is_uppercase) {
        // Cased text: a byline is names, organizations and a few linking words.
        let raw_rest = raw.trim_start().get(by.len()..).unwrap_or("");
        let mut names = 0;
        for w in raw_rest.split_whitespace() {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            if w.is_empty() || f.byline_links.contains(&w) {
                continue;
            }
            if !w.chars().next().is_some_and(char::is_uppercase) {
                return false;
            }
            names += 1;
        }
        return names > 0;
    }
    f.byline_markers.iter().any(|m| rest.contains(m))
}

fn is_credit(f: &Furniture, opening: &str, lower: &str, words: usize) -> bool {
    if f.credit_openings.iter().any(|o| opening.starts_with(o)) {
        return true;
    }
    // `Copyright 2015 …`, `Copyright © …`, but not `Copyright law changed`.
    if let Some(rest) = opening.strip_prefix("copyright") {
        let rest = rest.trim_start();
        if rest.starts_with(|c: char| c.is_ascii_digit() || c == '©') || rest.starts_with("(c)") {
            return true;
        }
    }
    if words <= 12 && lower.contains("all rights reserved") {
        return true;
    }
    let t = lower.trim_end_matches(|c: char| c == '.' || is_space(c));
    if t.starts_with('(') && t.ends_with(')') && words <= 8 {
        return ["photo", "getty", "images", "reuters", "afp", "ap/"]
            .iter()
            .any(|m| t.contains(m));
    }
    words <= 8
        && (t.ends_with("getty images")
            || t.ends_with("/ap")
            || t.ends_with("/afp")
            || t.ends_with("/reuters")
            || t.ends_with("/ reuters"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::ENGLISH;

    #[test]
    fn datelines() {
        fn d(s: &str) -> Option<&str> {
            natural_dateline(&ENGLISH.segmentation, s)
                .or_else(|| caps_dash_dateline(s))
                .map(|e| &s[..e])
        }
        assert_eq!(
            d("LONDON, England (CNN) -- The"),
            Some("LONDON, England (CNN) --")
        );
        assert_eq!(
            d("Islamabad, Pakistan (CNN)Pakistani"),
            Some("Islamabad, Pakistan (CNN)")
        );
        assert_eq!(d("(CNN)Share"), Some("(CNN)"));
        assert_eq!(d("WASHINGTON — The"), Some("WASHINGTON —"));
        assert_eq!(d("The mayor (pictured) said"), None);
        assert_eq!(d("Obama — who"), None);
        assert_eq!(d("NASA — the agency — said"), None);
        assert_eq!(d("Sen. Ann Lee (R-Texas) said"), None);
        assert_eq!(d("ééééééééééééééééééééééééééééééééééééééééééééé(é"), None);
        fn t(s: &str) -> Option<&str> {
            tokenized_dateline(&ENGLISH.segmentation, s).map(|e| &s[..e])
        }
        assert_eq!(t("new delhi ( cnn ) in an"), Some("new delhi ( cnn )"));
        assert_eq!(t("( cnn ) -- the"), Some("( cnn ) --"));
        assert_eq!(t("-lrb- cnn -rrb- -- the"), Some("-lrb- cnn -rrb- --"));
        assert_eq!(t("the mayor ( pictured ) said"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]

        /// The quick rejection never rejects what the rules would mark.
        #[test]
        fn rejection_is_exact(
            lead in proptest::sample::select(LEADS),
            opening in proptest::sample::select(FRAGMENTS),
            parts in proptest::collection::vec(
                (proptest::sample::select(FRAGMENTS), 0..3u8), 0..8),
            words in 1usize..40,
            after_by in proptest::bool::ANY,
        ) {
            let mut raw = lead.to_string();
            for (part, case) in std::iter::once((opening, 0)).chain(parts) {
                match case {
                    0 => raw.push_str(part),
                    1 => raw.push_str(&part.to_uppercase()),
                    _ => {
                        let mut chars = part.chars();
                        raw.extend(chars.next().map(|c| c.to_ascii_uppercase()));
                        raw.push_str(chars.as_str());
                    }
                }
            }
            if classify_by_rules(ENGLISH, &raw, words, after_by).is_some() {
                proptest::prop_assert!(may_be_furniture(&raw, words, after_by), "{raw:?} {words}");
            }
        }
    }

    const LEADS: &[&str] = &["", " ", "| . ", "• ", "— ", "\u{A0}", "* -"];

    /// The phrases the rules look for, pieces of them, and chars that make lower-casing tricky.
    const FRAGMENTS: &[&str] = &[
        " ",
        ".",
        " .",
        ",",
        ":",
        " :",
        ";",
        "(",
        ")",
        "{",
        "/",
        "=",
        "|",
        "-",
        "©",
        "'",
        "\u{212A}",
        "\u{130}",
        "é",
        "Σ",
        "by",
        "by ",
        "the",
        "x ",
        " 2015",
        " 19",
        " 12:07",
        " est",
        " march",
        "function",
        "function (",
        "function(",
        "googletag.",
        "document.write",
        "click here",
        "clic\u{212A} here",
        "li\u{212A}e us on",
        "var ",
        "var x = 1",
        "cnn's ",
        "cnn 's ",
        "contributed to this report",
        "contributed reporting",
        " contributed from ",
        " wrote this",
        " wrote this story",
        " reported from ",
        "all rights reserved",
        "published",
        "updated",
        "last updated",
        "more:",
        "more :",
        "read more",
        "related:",
        "photo:",
        "photos :",
        "image",
        "credit:",
        "copyright",
        "copyright ©",
        "(c) ",
        "(ap photo",
        "getty images",
        "/ap",
        "/afp",
        "/ reuters",
        "source: getty",
        "this material may not be published",
        "this article",
        "this story",
        " was amended",
        " has been updated",
        "correction:",
        "correction :",
        "clarification:",
        "an earlier version of this",
        "a previous version of this",
        "reporting by",
        "(reporting by",
        "additional reporting by",
        "editing by",
        "see the original story",
        "scroll down",
        "follow @",
        "sign up",
        "watch:",
        "video:",
        "subscribe",
        "advertisement",
        "just watched",
        "must watch",
        "share this",
        "daily mail",
        "reporter",
        "last modified",
        "first published",
        "posted",
        "compiled by",
        "writing by",
        "download the",
        "follow us",
        "like us on",
        "see also",
        "read the full",
        "pictures:",
        "images:",
        "credits:",
        "photograph:",
        "image credit",
        "photo credit",
        "sign up",
        "see also",
    ];

    #[test]
    fn furniture_kinds() {
        let k = |s: &str, words| classify(ENGLISH, s, words, false);
        assert_eq!(
            k("By . Daily Mail Reporter .", 4),
            Some(Boilerplate::Byline)
        );
        assert_eq!(
            k("PUBLISHED: . 12:07 EST, 3 March 2015 .", 6),
            Some(Boilerplate::Timestamp)
        );
        assert_eq!(
            k("| . UPDATED: . 12:07 EST, 3 March 2015 .", 6),
            Some(Boilerplate::Timestamp)
        );
        assert_eq!(
            k("CLICK HERE to see the gallery", 5),
            Some(Boilerplate::Promo)
        );
        assert_eq!(
            k("var twittervia = ' mailonline ' ;", 2),
            Some(Boilerplate::Markup)
        );
        assert_eq!(
            k("By the end of the day, the rebels had fled the city.", 12),
            None
        );
        assert_eq!(k("By Monday, the storm had passed.", 6), None);
        assert_eq!(k("The storm hit on 3 March 2015.", 6), None);
    }

    #[test]
    fn correction_and_revision_notes() {
        let k = |s: &str| classify(ENGLISH, s, s.split_whitespace().count(), false);
        for note in [
            "This article was amended on 4 May 2026 to correct the cost of the scheme.",
            "This story has been updated with comments from the mayor.",
            "Correction: An earlier version of this story misstated the mayor's age.",
            "CORRECTION : the report was published in march , not april .",
            "An earlier version of this article gave the wrong date for the vote.",
            "Clarification: The company says the figures were provisional.",
        ] {
            assert_eq!(k(note), Some(Boilerplate::Timestamp), "{note}");
        }
        for prose in [
            "This article explains why the council voted against the plan.",
            "This story began in a small village in 1962.",
            "The correction came after a week of protests.",
            "Corrections officers found the cell empty on Monday morning.",
        ] {
            assert_eq!(k(prose), None, "{prose}");
        }
    }

    #[test]
    fn notes_of_where_a_story_first_ran_are_credits() {
        let in_ = |code: &str, s: &str| {
            let p = crate::language::profile(code).unwrap();
            classify(p, s, s.split_whitespace().count(), false)
        };
        for (code, note) in [
            (
                "en",
                "This article originally appeared in the Western Gazette.",
            ),
            (
                "en",
                "This article is republished from The Conversation under a Creative Commons license.",
            ),
            (
                "en",
                "A version of this story first appeared in the Sunday edition.",
            ),
            ("de", "Dieser Artikel erschien zuerst bei Zeit Online."),
            (
                "fr",
                "Cet article a été initialement publié sur The Conversation.",
            ),
            (
                "es",
                "Este artículo fue publicado originalmente en The Conversation.",
            ),
            ("nl", "Dit artikel verscheen eerder in de Volkskrant."),
            (
                "pt",
                "Este artigo foi publicado originalmente no The Conversation.",
            ),
        ] {
            assert_eq!(in_(code, note), Some(Boilerplate::Credit), "{note}");
        }
        assert_eq!(
            in_("en", "Read the original article."),
            Some(Boilerplate::Promo)
        );
        for (code, prose) in [
            (
                "en",
                "This story originally seemed like a simple land dispute.",
            ),
            (
                "en",
                "The mill originally appeared on maps of the county in 1820.",
            ),
            (
                "en",
                "A version of this bill was amended by the Senate in 2019.",
            ),
            (
                "de",
                "Dieser Artikel erklärt, warum der Rat zuerst zögerte.",
            ),
            (
                "fr",
                "Cet article de loi a été voté pour la première fois en 1905.",
            ),
        ] {
            assert_eq!(in_(code, prose), None, "{prose}");
        }
    }
}
