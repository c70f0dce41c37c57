//! Publication dates from the words of a page, for pages whose markup states none: a short line
//! that opens with *Published*, *Posted*, *Updated* (…) followed by a date, such as
//! `Published 3 March 2026` or `Updated: Tuesday, 4 March 2026 10:30 GMT`.
//!
//! A short text that is a date and nothing else (`November 18, 2019`, often under the byline)
//! counts too, inside the article or its header only.
//!
//! The rules are general (English keywords and month names, day-first or month-first order, an
//! optional time and a zone whose offset is fixed); nothing names a site. A *published* line wins
//! over a bare date, and that over an *updated* line; a line inside the article or its header
//! wins over one elsewhere. A
//! relative date (`2 hours ago`), a numeric date whose order is ambiguous (`03/04/2026`) or a zone
//! with no fixed offset is not read: a field no source states stays empty.
//!
//! ```
//! let page = br#"<html><body><article><h1>Harbour reopens</h1>
//! <p class="meta"><span>Updated:</span> Tuesday, 4 March 2026 10:30 GMT</p>
//! <p>The harbour reopened on Monday after three days of closure, the port authority said.</p>
//! </article></body></html>"#;
//! let m = precis_extract::extract(page).metadata;
//! assert_eq!(m.date.as_deref(), Some("2026-03-04T10:30:00+00:00"));
//! ```

use chrono::{NaiveDate, NaiveTime};

use crate::dom::{Document, NodeId, flags};

/// Words that open a date line, longest first; `true` for a publication date, `false` for an
/// update.
const KEYWORDS: [(&str, bool); 9] = [
    ("first published", true),
    ("date published", true),
    ("last updated", false),
    ("last modified", false),
    ("published", true),
    ("posted", true),
    ("updated", false),
    ("modified", false),
    ("released", true),
];

/// A line longer than this is prose, not a date line.
const MAX_LINE_CHARS: usize = 160;
/// Element subtrees larger than this are not read as one line.
const MAX_LINE_NODES: usize = 40;

/// The date of the first date line: a publication line before an update line, and within each,
/// one in the article or its header before one elsewhere.
pub(crate) fn find(doc: &Document, in_article: impl Fn(NodeId) -> bool) -> Option<String> {
    // Tiers, best first: a publication line in the article, one elsewhere, a bare date in the
    // article, an update line in the article, one elsewhere.
    let mut found: [Option<String>; 5] = Default::default();
    for i in 0..doc.nodes.len() {
        let id = i as NodeId;
        let Some(text) = doc.text_of(id) else {
            continue;
        };
        let keyword = opening_keyword(text);
        let bare = keyword.is_none() && might_be_a_date(text);
        if (keyword.is_none() && !bare) || hidden(doc, id) {
            continue;
        }
        let inside = in_article(id);
        let slot = match keyword {
            Some(true) => usize::from(!inside),
            Some(false) => 3 + usize::from(!inside),
            None if inside => 2,
            None => continue,
        };
        if found[slot].is_some() {
            continue;
        }
        found[slot] = if bare {
            whole_date(text)
        } else {
            line_of(doc, id).and_then(|line| parse_line(&line).map(|(_, d)| d))
        };
        if slot == 0 && found[0].is_some() {
            break;
        }
    }
    found.into_iter().flatten().next()
}

/// A cheap test before [`whole_date`]: short, and opening with a digit, a month or a weekday.
fn might_be_a_date(text: &str) -> bool {
    let t = text.trim();
    if t.len() < 8 || t.len() > 64 {
        return false;
    }
    let first = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .find(|w| !w.is_empty() && !w.eq_ignore_ascii_case("on"))
        .unwrap_or("")
        .to_lowercase();
    first.starts_with(|c: char| c.is_ascii_digit())
        || month(&first).is_some()
        || weekday(&first).is_some()
}

/// Whether the text opens with a keyword (after separators such as `|`), and which kind.
fn opening_keyword(text: &str) -> Option<bool> {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || "|·•–—-".contains(c));
    let head = t.get(..t.len().min(24)).unwrap_or(t);
    if !head.is_char_boundary(head.len()) {
        return None;
    }
    let lower = head.to_lowercase();
    KEYWORDS.iter().find_map(|(k, published)| {
        let rest = lower.strip_prefix(k)?;
        let ends_word = rest.chars().next().is_none_or(|c| !c.is_alphanumeric());
        ends_word.then_some(*published)
    })
}

fn hidden(doc: &Document, node: NodeId) -> bool {
    let mut p = doc.nodes[node as usize].parent;
    for _ in 0..32 {
        let Some(e) = doc.element(p) else {
            return false;
        };
        if e.flags & flags::HIDDEN != 0 {
            return true;
        }
        if p == 0 {
            return false;
        }
        p = doc.nodes[p as usize].parent;
    }
    false
}

/// The line a text node stands in: the smallest of its parent and grandparent whose text holds a
/// date after the keyword (the keyword is often in a `<span>` of its own), if short enough.
fn line_of(doc: &Document, text: NodeId) -> Option<String> {
    let mut node = doc.nodes[text as usize].parent;
    for _ in 0..3 {
        doc.element(node)?;
        if doc.subtree_end(node) - node as usize > MAX_LINE_NODES {
            return None;
        }
        let line = doc.collapsed_text(node);
        if line.chars().count() > MAX_LINE_CHARS {
            return None;
        }
        if parse_line(&line).is_some() {
            return Some(line);
        }
        node = doc.nodes[node as usize].parent;
    }
    None
}

/// A date line: whether it is a publication date, and the date in ISO 8601.
///
/// The keyword may follow other short segments (`By Ann Lee | Published 3 March 2026`).
fn parse_line(line: &str) -> Option<(bool, String)> {
    for segment in line.split(['|', '·', '•']) {
        let t = segment.trim_start_matches(|c: char| c.is_whitespace() || "–—-".contains(c));
        let Some(published) = opening_keyword(t) else {
            continue;
        };
        let lower = t.to_lowercase();
        let (keyword, _) = KEYWORDS.iter().find(|(k, _)| lower.starts_with(k))?;
        if let Some(date) = text_date(&t[keyword.len()..]) {
            return Some((published, date));
        }
    }
    None
}

/// A date written out in words or ISO form, with an optional time and zone: `3 March 2026`,
/// `March 3rd, 2026 at 10:30 a.m. EST`, `Tue 4 Mar 2026 10.30 GMT`, `2026-03-04 10:30`,
/// `10:30 GMT, 4 March 2026`, `04.03.2026`. Only what follows the date may be a time; anything
/// after the time and zone is ignored.
pub(crate) fn text_date(s: &str) -> Option<String> {
    date_words(s).map(|(date, _)| date)
}

/// A text that is a date and nothing else (`November 18, 2019`, `on Monday, 18 Nov 2019, 9:02
/// AM`): the date line of a page that puts no keyword before it.
fn whole_date(s: &str) -> Option<String> {
    date_words(s).and_then(|(date, whole)| whole.then_some(date))
}

/// [`text_date`], and whether the date (with its time and zone) is all the text says.
fn date_words(s: &str) -> Option<(String, bool)> {
    let words: Vec<String> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| w.trim_matches(|c: char| c == ':' || c == '(' || c == ')'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !matches!(w.as_str(), "on" | "at" | "-" | "–" | "—" | "/" | "|"))
        .filter(|w| weekday(w).is_none())
        .take(13)
        .collect();
    // A time may stand before the date (`10:30 GMT, 4 March 2026`).
    let (lead_time, start) = match time_at(&words, 0) {
        Some((t, zone, used)) => (Some((t, zone)), used),
        None => (None, 0),
    };
    let (day, used) = date_at(&words, start)?;
    let mut end = start + used;
    let time = match lead_time {
        Some(t) => Some(t),
        None => time_at(&words, end).map(|(t, z, n)| {
            end += n;
            (t, z)
        }),
    };
    // A zone precis has no offset for (`AMT`, `IST`) still ends the date.
    if time.is_some()
        && words.get(end).is_some_and(|w| {
            (2..=4).contains(&w.len())
                && w.ends_with('t')
                && w.bytes().all(|b| b.is_ascii_alphabetic())
        })
    {
        end += 1;
    }
    let whole = end == words.len();
    let date = match time {
        None => day.format("%Y-%m-%d").to_string(),
        Some((t, None)) => day.and_time(t).format("%Y-%m-%dT%H:%M:%S").to_string(),
        Some((t, Some(offset))) => {
            let sign = if offset < 0 { '-' } else { '+' };
            let m = offset.unsigned_abs();
            format!(
                "{}{sign}{:02}:{:02}",
                day.and_time(t).format("%Y-%m-%dT%H:%M:%S"),
                m / 60,
                m % 60
            )
        }
    };
    Some((date, whole))
}

fn weekday(w: &str) -> Option<()> {
    let w = w.trim_end_matches('.');
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    DAYS.iter()
        .any(|d| w == *d || (w.len() >= 3 && d.starts_with(w) && w.len() <= 4))
        .then_some(())
}

fn month(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    const MONTHS: [&str; 12] = [
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
    MONTHS
        .iter()
        .position(|m| w == *m || (w.len() >= 3 && w.len() <= 4 && m.starts_with(w)))
        .map(|i| i as u32 + 1)
}

/// A day of the month, with or without an ordinal suffix (`3`, `3rd`, `21st`).
fn day_number(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h', '.']);
    let suffix = &w[digits.len()..];
    if !matches!(suffix, "" | "." | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(w: &str) -> Option<i32> {
    let y: i32 = w.trim_end_matches('.').parse().ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

/// A date at `words[i..]`, and how many words it took.
fn date_at(words: &[String], i: usize) -> Option<(NaiveDate, usize)> {
    let w = |k: usize| words.get(i + k).map(String::as_str);
    let first = w(0)?;
    // ISO `2026-03-04` (possibly with a time after `T`, read by the caller's time rule when
    // separated by a space) or day-first `04.03.2026`.
    let day_part = first.split('t').next().unwrap_or(first);
    if let Ok(d) = NaiveDate::parse_from_str(day_part, "%Y-%m-%d") {
        return year(&d.format("%Y").to_string()).map(|_| (d, 1));
    }
    if let Ok(d) = NaiveDate::parse_from_str(first, "%d.%m.%Y") {
        return year(&d.format("%Y").to_string()).map(|_| (d, 1));
    }
    // `3 March 2026`, `March 3 2026`.
    let (d, m, y) = if let (Some(d), Some(m)) = (day_number(first), w(1).and_then(month)) {
        (d, m, w(2).and_then(year)?)
    } else if let (Some(m), Some(d)) = (month(first), w(1).and_then(day_number)) {
        (d, m, w(2).and_then(year)?)
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(y, m, d).map(|date| (date, 3))
}

/// A time at `words[i..]` (`10:30`, `10.30`, `10:30:15`, `10:30am`, `10:30 p.m.`), its zone's
/// offset in minutes when one with a fixed offset follows, and how many words it took.
fn time_at(words: &[String], i: usize) -> Option<(NaiveTime, Option<i32>, usize)> {
    let first = words.get(i)?;
    let (clock, mut meridiem) = split_meridiem(first);
    let mut used = 1;
    if meridiem.is_none()
        && let Some(m) = words.get(i + 1).and_then(|w| meridiem_word(w))
    {
        meridiem = Some(m);
        used += 1;
    }
    let clock = clock.replace('.', ":");
    let mut t = NaiveTime::parse_from_str(&clock, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(&clock, "%H:%M"))
        .ok()?;
    if let Some(pm) = meridiem {
        use chrono::Timelike;
        let h = t.hour();
        if !(1..=12).contains(&h) {
            return None;
        }
        let h24 = match (h, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
        t = t.with_hour(h24)?;
    }
    let zone = words.get(i + used).and_then(|w| zone_offset(w));
    if zone.is_some() {
        used += 1;
    }
    Some((t, zone, used))
}

/// `10:30pm` → (`10:30`, Some(true)).
fn split_meridiem(w: &str) -> (&str, Option<bool>) {
    for (suffix, pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] {
        if let Some(clock) = w.strip_suffix(suffix) {
            return (clock, Some(pm));
        }
    }
    (w, None)
}

fn meridiem_word(w: &str) -> Option<bool> {
    match w {
        "am" | "a.m." | "a.m" => Some(false),
        "pm" | "p.m." | "p.m" => Some(true),
        _ => None,
    }
}

/// The offset of a zone written after a time, in minutes: `GMT`/`UTC`/`Z`, numeric offsets
/// (`+0100`, `+01:00`, `GMT+1`), and the North American and European abbreviations whose offset
/// is fixed (`EST`, `CET`, `BST`…). An ambiguous one (`IST`) gives none.
fn zone_offset(w: &str) -> Option<i32> {
    let w = w.trim_end_matches('.');
    let named = match w {
        "gmt" | "utc" | "z" | "wet" => Some(0),
        "bst" | "cet" | "west" => Some(60),
        "cest" | "eet" => Some(120),
        "eest" | "msk" => Some(180),
        "est" => Some(-300),
        "edt" | "ast" => Some(-240),
        "cst" => Some(-360),
        "cdt" => Some(-300),
        "mst" => Some(-420),
        "mdt" => Some(-360),
        "pst" => Some(-480),
        "pdt" => Some(-420),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    let numeric = w
        .strip_prefix("gmt")
        .or_else(|| w.strip_prefix("utc"))
        .unwrap_or(w);
    let (sign, digits) = match numeric.as_bytes().first()? {
        b'+' => (1, &numeric[1..]),
        b'-' => (-1, &numeric[1..]),
        _ => return None,
    };
    let digits = digits.replace(':', "");
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        _ => return None,
    };
    (h <= 14 && m < 60).then_some(sign * (h * 60 + m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines_in_common_forms() {
        for (line, want) in [
            ("Published 3 March 2026", Some((true, "2026-03-03"))),
            (
                "Updated: Tuesday, 4 March 2026 10:30 GMT",
                Some((false, "2026-03-04T10:30:00+00:00")),
            ),
            ("Posted on March 3rd, 2026", Some((true, "2026-03-03"))),
            (
                "First published on Tue 3 Mar 2026 18.05 GMT",
                Some((true, "2026-03-03T18:05:00+00:00")),
            ),
            (
                "Published March 3, 2026 at 10:30 p.m. EST",
                Some((true, "2026-03-03T22:30:00-05:00")),
            ),
            (
                "Published 10:30 GMT, 4 March 2026",
                Some((true, "2026-03-04T10:30:00+00:00")),
            ),
            (
                "Last updated 2026-03-04 09:15",
                Some((false, "2026-03-04T09:15:00")),
            ),
            ("Published: 04.03.2026", Some((true, "2026-03-04"))),
            (
                "By Ann Lee | Published 5 Mar 2026, 7:02am +01:00",
                Some((true, "2026-03-05T07:02:00+01:00")),
            ),
            // An unknown or ambiguous zone: the time is kept without an offset.
            (
                "Updated 4 March 2026 10:30 IST",
                Some((false, "2026-03-04T10:30:00")),
            ),
            // Not read: relative, ambiguous, impossible, not a date line.
            ("Published 2 hours ago", None),
            ("Published 03/04/2026", None),
            ("Published 31 February 2026", None),
            ("Publishedly 3 March 2026", None),
            ("The report was published 3 March 2026", None),
            ("Published in Nature", None),
        ] {
            let got = parse_line(line);
            let got = got.as_ref().map(|(p, d)| (*p, d.as_str()));
            assert_eq!(got, want, "{line}");
        }
    }

    #[test]
    fn bare_dates_are_the_whole_text() {
        assert_eq!(
            whole_date("November 18, 2019").as_deref(),
            Some("2019-11-18")
        );
        assert_eq!(
            whole_date("on Monday, November 18th, 2019 at 11:08 a.m.").as_deref(),
            Some("2019-11-18T11:08:00")
        );
        assert_eq!(
            whole_date("November 20, 2019 - 11:28 AMT").as_deref(),
            Some("2019-11-20T11:28:00")
        );
        assert_eq!(whole_date("18 NOV 2019").as_deref(), Some("2019-11-18"));
        assert_eq!(whole_date("November 12, 2019. But according to"), None);
        assert_eq!(whole_date("2019 Contest Winners"), None);
        assert!(might_be_a_date("Monday, November 18, 2019"));
        assert!(!might_be_a_date("The harbour reopened"));
    }

    #[test]
    fn an_update_line_outside_every_element_is_read_without_a_panic() {
        // Found by the `record` fuzz target: text before `<html>` whose walk up the tree passed
        // the root (it indexed the "no node" id).
        let page = "\nupdated\n\ntruee<html><body><p>\u{fffd}T\u{fffd}\n\n\u{f}";
        let _ = crate::extract(page.as_bytes());
    }

    #[test]
    fn published_before_updated_and_the_article_before_the_rest() {
        let page = br#"<html><body><aside><p>Published 1 January 2026</p></aside>
            <article><h1>Harbour reopens</h1>
            <div class="meta"><p>Updated 5 March 2026</p><p><b>Published</b> 4 March 2026</p></div>
            <p>The harbour reopened on Monday after three days of closure, the port authority said,
            and the first ferries left on schedule in calm weather.</p>
            <p>Repairs to the outer breakwater will continue through the winter, officials added, at
            a cost the council has yet to approve.</p></article></body></html>"#;
        assert_eq!(
            crate::extract(page).metadata.date.as_deref(),
            Some("2026-03-04")
        );
        // A bare date under the byline; outside the article it is not read.
        let page = br#"<html><body><div class="sidebar"><span>1 January 2026</span></div>
            <article><h1>Harbour reopens</h1><p>By Ann Lee</p><span>March 4, 2026</span>
            <p>The harbour reopened on Monday after three days of closure, the port authority said,
            and the first ferries left on schedule in calm weather.</p></article></body></html>"#;
        assert_eq!(
            crate::extract(page).metadata.date.as_deref(),
            Some("2026-03-04")
        );
        // Markup outranks the words: a <time datetime> in the header wins.
        let page = br#"<html><body><article><header><time datetime="2026-03-02">2 March</time>
            </header><p>Published 4 March 2026</p>
            <p>The harbour reopened on Monday after three days of closure, the port authority said,
            and the first ferries left on schedule in calm weather.</p></article></body></html>"#;
        assert_eq!(
            crate::extract(page).metadata.date.as_deref(),
            Some("2026-03-02")
        );
        // A hidden line is not read.
        let page = br#"<html><body><article><p hidden>Published 4 March 2026</p>
            <p>The harbour reopened on Monday after three days of closure, the port authority said,
            and the first ferries left on schedule in calm weather.</p></article></body></html>"#;
        assert_eq!(crate::extract(page).metadata.date, None);
    }
}
