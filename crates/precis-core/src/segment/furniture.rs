//! News furniture: the parts of a story that are not its content — datelines, bylines,
//! timestamps, photo credits, calls to action and leaked page script. They stay in the document
//! (spans remain complete) but are marked [`Boilerplate`] so no algorithm selects them.
//!
//! The rules are generic to news writing, never keyed to one site: a dateline is a few capitalized
//! place words before a parenthesised source, a byline starts with `By`, and so on.

use std::ops::Range;

use super::{is_space, rules};
use crate::document::{Boilerplate, Sentence, TextForm};

/// If the paragraph opens with a dateline (`LONDON, England (CNN) --`, `Tokyo (CNN)`,
/// `WASHINGTON —`, `new delhi ( cnn )`), returns the byte where the dateline ends.
pub(super) fn dateline(text: &str, para: Range<usize>, form: TextForm) -> Option<usize> {
    let s = &text[para.clone()];
    let end = match form {
        TextForm::Natural => natural_dateline(s).or_else(|| caps_dash_dateline(s)),
        TextForm::Tokenized => tokenized_dateline(s),
    }?;
    // Something must follow, or the "dateline" is the whole paragraph.
    (s[end..].trim_start_matches(is_space).chars().count() >= 2).then_some(para.start + end)
}

/// `Place, Region (Source) --` with capitalized place words and a capitalized source.
fn natural_dateline(s: &str) -> Option<usize> {
    let open = s.get(..80.min(s.len()))?.find('(')?;
    let prefix = &s[..open];
    let words: Vec<&str> = prefix.split_whitespace().collect();
    if words.len() > 6
        || !words.iter().all(|w| {
            let w = w.trim_end_matches(',');
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || "-.'’".contains(c))
        })
    {
        return None;
    }
    let close = open + s[open..].get(..40.min(s.len() - open))?.find(')')?;
    let inner = &s[open + 1..close];
    let inner_ok = (2..=30).contains(&inner.chars().count())
        && inner.chars().next().is_some_and(char::is_uppercase)
        && !inner.chars().any(|c| c.is_numeric())
        && inner.split_whitespace().count() <= 4;
    if !inner_ok {
        return None;
    }
    Some(after_dash(s, close + 1))
}

/// `WASHINGTON —` or `NEW YORK, N.Y. --`: an all-capitals place followed by a dash.
fn caps_dash_dateline(s: &str) -> Option<usize> {
    let head = &s[..s.len().min(60)];
    let (dash_at, dash_len) = ["--", "—", "–"]
        .iter()
        .filter_map(|d| head.find(d).map(|i| (i, d.len())))
        .min()?;
    let prefix = s[..dash_at].trim_end();
    let first = prefix.split([' ', ',']).next()?;
    let letters = first.chars().filter(|c| c.is_alphabetic()).count();
    let all_caps = letters >= 3 && first.chars().all(|c| !c.is_lowercase());
    let words_ok = prefix.split_whitespace().count() <= 5
        && prefix
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    (all_caps && words_ok && s[..dash_at].ends_with(' ')).then(|| after_dash(s, dash_at + dash_len))
}

/// `new delhi ( cnn )`: up to six place tokens, then a parenthesised source of one to three tokens.
fn tokenized_dateline(s: &str) -> Option<usize> {
    let head = &s[..s.len().min(100)];
    let open = head.find("( ")?;
    let prefix = &s[..open];
    let words: Vec<&str> = prefix.split_whitespace().filter(|w| *w != ",").collect();
    if words.len() > 6
        || words.iter().any(|w| {
            rules::is_sentence_opener(w)
                || !w.chars().all(|c| c.is_alphabetic() || ".-'".contains(c))
        })
    {
        return None;
    }
    let close = open + s[open..].find(" )")?;
    let inner: Vec<&str> = s[open + 1..close].split_whitespace().collect();
    const NOT_SOURCES: &[&str] = &[
        "pictured", "left", "right", "above", "below", "centre", "center", "file", "inset", "top",
        "bottom", "main", "pictures", "photo",
    ];
    let inner_ok = (1..=3).contains(&inner.len())
        && inner
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || ".&".contains(c)))
        && !inner.iter().any(|w| NOT_SOURCES.contains(w));
    inner_ok.then(|| after_dash(s, close + 2))
}

/// Skips spaces and one dash (`--`, `—`, `–`, `-`) after a dateline.
fn after_dash(s: &str, from: usize) -> usize {
    let rest = &s[from..];
    let trimmed = rest.trim_start_matches(is_space);
    let mut at = from + (rest.len() - trimmed.len());
    for dash in ["--", "—", "–", "-"] {
        if let Some(after) = trimmed.strip_prefix(dash) {
            if after.starts_with(is_space) || after.is_empty() {
                at += dash.len();
                return at;
            }
        }
    }
    if at > from && trimmed.is_empty() {
        return from;
    }
    // Without a dash, the dateline ends right after the closing parenthesis.
    from
}

/// Marks boilerplate sentences in place.
pub(super) fn mark(text: &str, sentences: &mut [Sentence]) {
    let mut after_by = false;
    for s in sentences.iter_mut() {
        if s.boilerplate.is_some() {
            after_by = false;
            continue;
        }
        let raw = &text[s.start..s.end];
        let lower = raw.to_lowercase();
        let words = s.tokens.len();
        let kind = classify(raw, &lower, words, after_by);
        after_by = kind == Some(Boilerplate::Byline) && words <= 1;
        s.boilerplate = kind;
    }
}

fn classify(raw: &str, lower: &str, words: usize, after_by: bool) -> Option<Boilerplate> {
    let lower = lower.trim();
    if words == 0 {
        return Some(Boilerplate::Markup);
    }
    if is_markup(lower) {
        return Some(Boilerplate::Markup);
    }
    if is_promo(lower) {
        return Some(Boilerplate::Promo);
    }
    if is_timestamp(lower, words) {
        return Some(Boilerplate::Timestamp);
    }
    if is_byline(raw, lower, words) || (after_by && words <= 10) {
        return Some(Boilerplate::Byline);
    }
    if is_credit(lower, words) {
        return Some(Boilerplate::Credit);
    }
    None
}

fn is_markup(lower: &str) -> bool {
    lower.contains("function (")
        || lower.contains("function(")
        || (lower.starts_with("var ") && lower.contains('='))
        || (lower.contains(['{', '}']) && lower.contains(';'))
}

fn is_promo(lower: &str) -> bool {
    const OPENINGS: &[&str] = &[
        "click here",
        "read more",
        "scroll down",
        "watch:",
        "watch :",
        "video:",
        "video :",
        "related:",
        "related :",
        "see also",
        "follow us",
        "sign up",
        "share this",
        "subscribe",
        "like us on",
        "read the full",
        "more:",
        "more :",
        "download the",
        "advertisement",
    ];
    OPENINGS.iter().any(|o| lower.starts_with(o)) || lower.contains("click here")
}

fn is_timestamp(lower: &str, words: usize) -> bool {
    const OPENINGS: &[&str] = &[
        "published:",
        "published :",
        "updated:",
        "updated :",
        "last updated",
    ];
    if OPENINGS.iter().any(|o| lower.starts_with(o)) {
        return true;
    }
    if words > 8 {
        return false;
    }
    let has_year = lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")));
    let has_clock = lower
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit());
    const MONTHS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let mut other_words = 0;
    let mut month = false;
    for w in lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if MONTHS.contains(&w) {
            month = true;
        } else if !w.chars().all(|c| c.is_ascii_digit())
            && !matches!(
                w,
                "est" | "edt" | "gmt" | "bst" | "pst" | "pdt" | "et" | "utc" | "cet" | "am" | "pm"
            )
        {
            other_words += 1;
        }
    }
    has_year && (month || has_clock) && other_words <= 1
}

fn is_byline(raw: &str, lower: &str, words: usize) -> bool {
    let Some(rest) = lower.strip_prefix("by") else {
        return false;
    };
    if !rest.starts_with(is_space) && !rest.is_empty() {
        return false;
    }
    let rest = rest.trim_matches(|c: char| is_space(c) || c == '.');
    if rest.is_empty() {
        return true;
    }
    let first_word = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if words > 12 || rules::is_sentence_opener(first_word) {
        return false;
    }
    const MARKERS: &[&str] = &[
        "reporter",
        "correspondent",
        "editor",
        " for ",
        "daily mail",
        "mailonline",
        "cnn",
        "staff",
        "writer",
        "associated press",
        ",",
        " and ",
    ];
    if MARKERS.iter().any(|m| rest.contains(m)) {
        return true;
    }
    // Natural text: a name is capitalized words only (`By John Smith`).
    let raw_rest = raw.get(2..).unwrap_or("");
    let name_words: Vec<&str> = raw_rest
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    !name_words.is_empty()
        && name_words.len() <= 4
        && name_words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

fn is_credit(lower: &str, words: usize) -> bool {
    const OPENINGS: &[&str] = &[
        "photo:",
        "photos:",
        "photo :",
        "photograph:",
        "picture:",
        "pictures:",
        "image:",
        "images:",
        "credit:",
        "credits:",
        "photo credit",
        "image credit",
        "source: getty",
    ];
    if OPENINGS.iter().any(|o| lower.starts_with(o)) {
        return true;
    }
    let t = lower.trim_end_matches(|c: char| c == '.' || is_space(c));
    if t.starts_with('(') && t.ends_with(')') && words <= 8 {
        return ["photo", "getty", "images", "reuters", "afp", "ap/"]
            .iter()
            .any(|m| t.contains(m));
    }
    words <= 8 && (t.ends_with("getty images") || t.ends_with("/ap") || t.ends_with("/ reuters"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        fn d(s: &str) -> Option<&str> {
            natural_dateline(s)
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
        fn t(s: &str) -> Option<&str> {
            tokenized_dateline(s).map(|e| &s[..e])
        }
        assert_eq!(t("new delhi ( cnn ) in an"), Some("new delhi ( cnn )"));
        assert_eq!(t("( cnn ) -- the"), Some("( cnn ) --"));
        assert_eq!(t("the mayor ( pictured ) said"), None);
    }

    #[test]
    fn furniture_kinds() {
        let k = |s: &str, words| classify(s, &s.to_lowercase(), words, false);
        assert_eq!(
            k("By . Daily Mail Reporter .", 4),
            Some(Boilerplate::Byline)
        );
        assert_eq!(
            k("PUBLISHED: . 12:07 EST, 3 March 2015 .", 6),
            Some(Boilerplate::Timestamp)
        );
        assert_eq!(
            k("12:07 EST, 3 March 2015 .", 5),
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
        assert_eq!(k("The storm hit on 3 March 2015.", 6), None);
    }
}
