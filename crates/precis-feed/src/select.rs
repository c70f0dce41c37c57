//! Which entries of a feed are summarized: one per canonical URL, then those since a date, then
//! the first N.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::Entry;

/// What to keep of a feed.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Keep entries dated at or after this instant. An entry without a date is kept: the feed
    /// does not say it is older, and precis does not guess.
    pub since: Option<DateTime<Utc>>,
    /// Keep at most this many entries (after the other rules), the first in the feed's order.
    pub limit: Option<usize>,
}

/// The entries kept, and how many each rule left out.
#[derive(Debug, Clone, Default)]
pub struct Selected {
    /// The entries to summarize, in the feed's order.
    pub entries: Vec<Entry>,
    /// Entries whose canonical URL an earlier entry already had.
    pub duplicates: usize,
    /// Entries dated before `since`.
    pub older: usize,
    /// Entries past `limit`.
    pub over_limit: usize,
}

/// Keeps the first entry of each canonical URL, then the entries since `since`, then the first
/// `limit` of those.
pub fn select(entries: Vec<Entry>, selection: &Selection) -> Selected {
    let mut seen = HashSet::new();
    let mut out = Selected::default();
    for e in entries {
        if let Some(key) = e.url.as_deref().map(canonical_url)
            && !seen.insert(key)
        {
            out.duplicates += 1;
        } else if selection
            .since
            .is_some_and(|since| e.date.is_some_and(|d| d < since))
        {
            out.older += 1;
        } else if selection.limit.is_some_and(|n| out.entries.len() >= n) {
            out.over_limit += 1;
        } else {
            out.entries.push(e);
        }
    }
    out
}

/// Query parameters that only track where a reader came from; two links that differ only in
/// them lead to the same story.
fn is_tracking(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_")
        || matches!(
            name.as_str(),
            "fbclid" | "gclid" | "dclid" | "msclkid" | "mc_cid" | "mc_eid" | "ocid" | "cmpid"
        )
}

/// The key two links of one story share: no scheme (`http` and `https` are one story), the host
/// in lower case without `www.`, no default port, no fragment, no tracking parameters, and no
/// trailing slash. A link that does not parse is its own key.
///
/// ```
/// use precis_feed::canonical_url;
/// assert_eq!(
///     canonical_url("HTTPS://www.News.example:443/a/b/?utm_source=rss&id=4#comments"),
///     canonical_url("http://news.example/a/b?id=4"),
/// );
/// assert_ne!(canonical_url("https://news.example/a?id=4"), canonical_url("https://news.example/a?id=5"));
/// ```
pub fn canonical_url(link: &str) -> String {
    let Ok(url) = url::Url::parse(link.trim()) else {
        return link.trim().to_owned();
    };
    let host = url.host_str().unwrap_or_default();
    let host = host.strip_prefix("www.").unwrap_or(host);
    let mut key = host.to_owned();
    if let Some(port) = url.port() {
        key.push_str(&format!(":{port}"));
    }
    key.push_str(url.path().trim_end_matches('/'));
    let kept: Vec<_> = url
        .query_pairs()
        .filter(|(name, _)| !is_tracking(name))
        .collect();
    if !kept.is_empty() {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(kept)
            .finish();
        key.push('?');
        key.push_str(&query);
    }
    key
}

/// `--since`: a date (`2026-03-03`, midnight UTC), a date and time (`2026-03-03T08:00:00Z`,
/// RFC 3339; without an offset, UTC), or a duration back from `now` (`36h`, `7d`, `2w`,
/// `1h 30m`).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// let now = Utc.with_ymd_and_hms(2026, 3, 5, 12, 0, 0).unwrap();
/// let since = |s| precis_feed::parse_since(s, now).unwrap().to_rfc3339();
/// assert_eq!(since("2026-03-03"), "2026-03-03T00:00:00+00:00");
/// assert_eq!(since("36h"), "2026-03-04T00:00:00+00:00");
/// assert_eq!(since("2026-03-04T10:00:00+02:00"), "2026-03-04T08:00:00+00:00");
/// assert!(precis_feed::parse_since("last tuesday", now).is_err());
/// ```
pub fn parse_since(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Ok(d.with_timezone(&Utc));
    }
    for form in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(t, form) {
            return Ok(d.and_utc());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    }
    let back = humantime::parse_duration(t).map_err(|_| {
        format!(
            "--since {t:?}: expected a date (2026-03-03), a date and time \
             (2026-03-03T08:00:00Z) or a duration (36h, 7d, 2w)"
        )
    })?;
    chrono::Duration::from_std(back)
        .ok()
        .and_then(|back| now.checked_sub_signed(back))
        .ok_or_else(|| format!("--since {t:?}: too far back"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn entry(position: usize, url: Option<&str>, day: Option<u32>) -> Entry {
        Entry {
            position,
            url: url.map(str::to_owned),
            title: None,
            date: day.map(|d| Utc.with_ymd_and_hms(2026, 3, d, 9, 0, 0).unwrap()),
            content: None,
        }
    }

    #[test]
    fn duplicates_then_since_then_limit() {
        let entries = vec![
            entry(1, Some("https://n.example/a"), Some(5)),
            entry(2, Some("https://n.example/a/?utm_medium=feed"), Some(5)),
            entry(3, Some("https://n.example/b"), Some(1)),
            entry(4, None, None),
            entry(5, Some("https://n.example/c"), None),
            entry(6, Some("https://n.example/d"), Some(4)),
        ];
        let since = Utc.with_ymd_and_hms(2026, 3, 3, 0, 0, 0).unwrap();
        let got = select(
            entries,
            &Selection {
                since: Some(since),
                limit: Some(3),
            },
        );
        let kept: Vec<usize> = got.entries.iter().map(|e| e.position).collect();
        assert_eq!(kept, [1, 4, 5]);
        assert_eq!((got.duplicates, got.older, got.over_limit), (1, 1, 1));
    }

    #[test]
    fn links_of_one_story_share_a_key() {
        let key = canonical_url;
        assert_eq!(key("https://n.example/a#top"), key("https://n.example/a"));
        assert_eq!(
            key("https://n.example/a?fbclid=1"),
            key("https://n.example/a")
        );
        assert_ne!(key("https://n.example/a"), key("https://n.example/b"));
        assert_ne!(key("https://n.example:8080/a"), key("https://n.example/a"));
        assert_eq!(key(" not a url "), "not a url");
    }
}
