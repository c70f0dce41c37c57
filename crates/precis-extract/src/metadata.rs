//! Article metadata: authors, publication date, site name, language,
//! canonical URL, description and top image.
//!
//! The parser collects the raw evidence while it builds the tree (a
//! [`Head`]: `<meta>` tags, `<html lang>`, `<link rel=canonical>`, JSON-LD
//! scripts and a few marked elements); [`read`] then takes each field from
//! the first source that has it, in this order: JSON-LD (`NewsArticle`,
//! `Article`, `BlogPosting`…, also inside `@graph`), `<link
//! rel=canonical>`/`<html lang>`, OpenGraph, Dublin Core, other common meta
//! tags, and last the visible page (schema.org `itemprop`s, `rel=author`,
//! bylines, `<time datetime>`), and for the date, last, a line of text such as
//! `Published 3 March 2026` (see `date_line`). Nothing is inferred from the
//! URL or the domain: a field no source states is `None`.
//!
//! ```
//! let page = br#"<html lang="en-GB"><head>
//! <meta property="og:site_name" content="The Gazette">
//! <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
//!   "author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Park"}],
//!   "datePublished":"2024-03-05T09:30:00Z"}</script></head><body></body></html>"#;
//! let m = precis_extract::extract(page).metadata;
//! assert_eq!(m.authors, ["Ann Lee", "Bo Park"]);
//! assert_eq!(m.date.as_deref(), Some("2024-03-05T09:30:00+00:00"));
//! assert_eq!(m.site_name.as_deref(), Some("The Gazette"));
//! assert_eq!(m.language.as_deref(), Some("en-GB"));
//! assert_eq!(m.url, None);
//! ```

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use html5ever::tokenizer::Tag as HtmlTag;
use serde_json::Value;

use crate::dom::{Document, NodeId, flags, push_collapsed};
use crate::tag::Tag;

/// What a page says about its article, beside the title and the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The authors' names, in the page's order, without "By"; empty when no
    /// source names one.
    pub authors: Vec<String>,
    /// Publication date in ISO 8601: `2024-03-05T09:30:00+00:00` when the page
    /// gives a time and offset, `2024-03-05T09:30:00` for a time without
    /// offset, `2024-03-05` for a day.
    pub date: Option<String>,
    /// The publication's name (`og:site_name`, JSON-LD `publisher`).
    pub site_name: Option<String>,
    /// The language tag the page declares (`en`, `en-GB`).
    pub language: Option<String>,
    /// The canonical URL (absolute `http(s)` only).
    pub url: Option<String>,
    /// The page's own summary line (meta description).
    pub description: Option<String>,
    /// The lead image URL (absolute `http(s)` only).
    pub image: Option<String>,
}

// Bounds on what one page can make the parser keep.
const MAX_METAS: usize = 512;
const MAX_META_LEN: usize = 4096;
pub(crate) const MAX_LD_BYTES: usize = 2 << 20;
const MAX_MARKS: usize = 256;
const MAX_AUTHORS: usize = 16;
const MAX_JSON_DEPTH: usize = 12;

/// Raw evidence gathered during parsing (see the module docs).
#[derive(Debug, Default)]
pub(crate) struct Head {
    /// `(name|property|itemprop|http-equiv lower-cased, content)`.
    metas: Vec<(String, String)>,
    lang: Option<String>,
    canonical: Option<String>,
    ld_json: Vec<String>,
    ld_bytes: usize,
    marks: Vec<Mark>,
}

#[derive(Debug)]
struct Mark {
    node: NodeId,
    kind: MarkKind,
    /// `datetime` or `content` attribute, when the element has one.
    value: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkKind {
    /// `itemprop=author` or `rel=author`.
    Author,
    /// `itemprop=datePublished`.
    DatePublished,
    /// `<time datetime>`.
    Time,
}

fn attr<'a>(t: &'a HtmlTag, name: &str) -> Option<&'a str> {
    t.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| &*a.value)
}

impl Head {
    pub(crate) fn meta(&mut self, t: &HtmlTag) {
        let Some(content) = attr(t, "content") else {
            return;
        };
        let content = content.trim();
        if content.is_empty() || self.metas.len() >= MAX_METAS {
            return;
        }
        let content = truncate(content, MAX_META_LEN);
        // One tag may name several keys (`property="article:published" itemprop="datePublished
        // dateCreated"`): each is a key.
        for key in ["property", "name", "itemprop", "http-equiv"] {
            for k in attr(t, key).unwrap_or("").split_ascii_whitespace() {
                if self.metas.len() < MAX_METAS {
                    self.metas
                        .push((k.to_ascii_lowercase(), content.to_owned()));
                }
            }
        }
    }

    pub(crate) fn html(&mut self, t: &HtmlTag) {
        if self.lang.is_none() {
            self.lang = attr(t, "lang")
                .or_else(|| attr(t, "xml:lang"))
                .and_then(language_tag);
        }
    }

    pub(crate) fn link(&mut self, t: &HtmlTag) {
        let rel = attr(t, "rel").unwrap_or("");
        if self.canonical.is_none()
            && rel
                .split_ascii_whitespace()
                .any(|r| r.eq_ignore_ascii_case("canonical"))
        {
            self.canonical = attr(t, "href").and_then(absolute_url);
        }
    }

    /// Whether a `<script>` holds JSON-LD worth keeping.
    pub(crate) fn wants_script(&self, t: &HtmlTag) -> bool {
        self.ld_bytes < MAX_LD_BYTES
            && attr(t, "type").is_some_and(|v| v.trim().eq_ignore_ascii_case("application/ld+json"))
    }

    pub(crate) fn ld_json(&mut self, text: String) {
        if self.ld_bytes + text.len() <= MAX_LD_BYTES {
            self.ld_bytes += text.len();
            self.ld_json.push(text);
        }
    }

    /// Notes an element that may carry a byline or a date, by its attributes.
    pub(crate) fn element(&mut self, node: NodeId, tag: Tag, t: &HtmlTag) {
        if self.marks.len() >= MAX_MARKS {
            return;
        }
        let value = attr(t, "datetime").or_else(|| attr(t, "content"));
        let itemprop = attr(t, "itemprop").unwrap_or("");
        let kind = if itemprop.split_ascii_whitespace().any(|p| p == "author")
            || attr(t, "rel").is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("author"))
            }) {
            MarkKind::Author
        } else if itemprop
            .split_ascii_whitespace()
            .any(|p| p == "datePublished")
        {
            MarkKind::DatePublished
        } else if tag == Tag::Time && value.is_some() {
            MarkKind::Time
        } else {
            return;
        };
        self.marks.push(Mark {
            node,
            kind,
            value: value.map(|v| truncate(v.trim(), MAX_META_LEN).to_owned()),
        });
    }

    fn meta_value(&self, keys: &[&str]) -> impl Iterator<Item = &str> {
        keys.iter().flat_map(move |k| {
            self.metas
                .iter()
                .filter(move |(name, _)| name == k)
                .map(|(_, v)| v.as_str())
        })
    }
}

/// The metadata of a parsed page.
pub(crate) fn read(doc: &Document) -> Metadata {
    let head = &doc.head;
    let ld = LdArticle::from_scripts(&head.ld_json);
    let first = |from_ld: Option<String>, keys: &[&str], clean: fn(&str) -> Option<String>| {
        from_ld.or_else(|| head.meta_value(keys).find_map(clean))
    };

    let mut authors = ld.authors;
    if authors.is_empty() {
        for v in head.meta_value(META_AUTHOR) {
            push_names(&mut authors, v);
        }
    }
    if authors.is_empty() {
        authors = visible_authors(doc);
    }

    let date = first(ld.date, META_DATE, iso_date)
        .or_else(|| visible_date(doc))
        .or_else(|| crate::date_line::find(doc, |n| in_article_header(doc, n)));
    // `og:site_name` names the site the page is on; a JSON-LD publisher may be the agency a
    // story is syndicated from (`Associated Press` on a local paper's site).
    let site_name = head
        .meta_value(&["og:site_name"])
        .find_map(clean_text)
        .or_else(|| first(ld.publisher, META_SITE, clean_text));
    let language = first(
        ld.language.or_else(|| head.lang.clone()),
        META_LANGUAGE,
        language_tag,
    );
    let url = head
        .canonical
        .clone()
        .or_else(|| head.meta_value(&["og:url"]).find_map(absolute_url))
        .or(ld.url);
    let description = first(ld.description, META_DESCRIPTION, clean_text);
    let image = first(ld.image, META_IMAGE, absolute_url);
    Metadata {
        authors,
        date,
        site_name,
        language,
        url,
        description,
        image,
    }
}

// Meta tag names per field, best first: OpenGraph, Dublin Core, then other common ones.
const META_AUTHOR: &[&str] = &[
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "author",
    "byl",
    "sailthru.author",
    "parsely-author",
    "citation_author",
];
const META_DATE: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.date",
    "datepublished",
    "citation_publication_date",
    "pubdate",
    "publishdate",
    "publish-date",
    "article.published",
    "sailthru.date",
    "parsely-pub-date",
    "date",
];
const META_SITE: &[&str] = &[
    "og:site_name",
    "dc.publisher",
    "dcterms.publisher",
    "application-name",
];
const META_LANGUAGE: &[&str] = &[
    "og:locale",
    "dc.language",
    "dcterms.language",
    "content-language",
    "language",
];
const META_DESCRIPTION: &[&str] = &[
    "og:description",
    "dc.description",
    "dcterms.description",
    "description",
    "twitter:description",
];
const META_IMAGE: &[&str] = &[
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:image:src",
    "thumbnailurl",
];

/// The fields of the page's JSON-LD article object (and its publisher).
#[derive(Default)]
struct LdArticle {
    authors: Vec<String>,
    date: Option<String>,
    publisher: Option<String>,
    language: Option<String>,
    url: Option<String>,
    description: Option<String>,
    image: Option<String>,
}

impl LdArticle {
    fn from_scripts(scripts: &[String]) -> LdArticle {
        let mut article = None;
        let mut site = None;
        for s in scripts {
            let Some(v) = parse_json(s) else { continue };
            let mut stack = vec![(&v, 0usize)];
            while let Some((v, depth)) = stack.pop() {
                if depth > MAX_JSON_DEPTH {
                    continue;
                }
                match v {
                    Value::Array(items) => stack.extend(items.iter().rev().map(|i| (i, depth + 1))),
                    Value::Object(o) => {
                        if let Some(g) = o.get("@graph") {
                            stack.push((g, depth + 1));
                        }
                        if article.is_none() && has_type(v, is_article_type) {
                            article = Some(v.clone());
                        } else if site.is_none() && has_type(v, |t| t == "WebSite") {
                            site = str_field(v, "name");
                        }
                    }
                    _ => {}
                }
            }
            if article.is_some() {
                break;
            }
        }
        let Some(a) = article else {
            return LdArticle {
                publisher: site,
                ..LdArticle::default()
            };
        };
        let mut authors = Vec::new();
        if let Some(au) = a.get("author").or_else(|| a.get("creator")) {
            for item in one_or_many(au) {
                match item {
                    Value::String(s) => push_names(&mut authors, &unescape(s)),
                    Value::Object(_) if !has_type(item, |t| t.contains("Organization")) => {
                        if let Some(n) = str_field(item, "name") {
                            push_names(&mut authors, &n);
                        }
                    }
                    _ => {}
                }
            }
        }
        let publisher = a
            .get("publisher")
            .and_then(|p| {
                one_or_many(p)
                    .into_iter()
                    .find_map(|p| str_field(p, "name"))
            })
            .or(site);
        let url = ["url", "mainEntityOfPage"].iter().find_map(|k| {
            a.get(*k).and_then(|u| match u {
                Value::String(s) => absolute_url(s),
                Value::Object(_) => str_field(u, "@id")
                    .or_else(|| str_field(u, "url"))
                    .and_then(|s| absolute_url(&s)),
                _ => None,
            })
        });
        let image = a.get("image").and_then(|i| {
            one_or_many(i).into_iter().find_map(|i| match i {
                Value::String(s) => absolute_url(s),
                Value::Object(_) => str_field(i, "url")
                    .or_else(|| str_field(i, "contentUrl"))
                    .and_then(|s| absolute_url(&s)),
                _ => None,
            })
        });
        LdArticle {
            authors,
            date: ["datePublished", "dateCreated"]
                .iter()
                .find_map(|k| str_field(&a, k).and_then(|d| iso_date(&d))),
            publisher,
            language: str_field(&a, "inLanguage").and_then(|l| language_tag(&l)),
            url,
            description: str_field(&a, "description").and_then(|d| clean_text(&d)),
            image,
        }
    }
}

/// JSON-LD as pages write it: strict JSON, else with raw control characters
/// (common inside strings, invalid in JSON) turned into spaces.
fn parse_json(s: &str) -> Option<Value> {
    let s = s
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim();
    serde_json::from_str(s).ok().or_else(|| {
        let cleaned: String = s
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        serde_json::from_str(&cleaned).ok()
    })
}

fn is_article_type(t: &str) -> bool {
    let t = t.rsplit(['/', ':']).next().unwrap_or(t);
    t.ends_with("Article") || t.ends_with("BlogPosting") || t == "Report"
}

fn has_type(v: &Value, want: impl Fn(&str) -> bool) -> bool {
    v.get("@type").is_some_and(|t| {
        one_or_many(t)
            .into_iter()
            .any(|t| t.as_str().is_some_and(&want))
    })
}

fn one_or_many(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

fn str_field(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(unescape(s)),
        Value::Array(items) => items.iter().find_map(|i| i.as_str()).map(unescape),
        _ => None,
    }
}

/// The few character references that JSON-LD generators leave in strings.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#039;", "'")
        .replace("&#x27;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn clean_text(s: &str) -> Option<String> {
    let mut out = String::new();
    push_collapsed(&mut out, s);
    let out = out.trim();
    (!out.is_empty()).then(|| out.to_owned())
}

/// `http(s)` URLs only (a relative or `data:` URL names nothing on its own).
fn absolute_url(s: &str) -> Option<String> {
    let s = s.trim();
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    let ok = (lower.starts_with("http://") || lower.starts_with("https://"))
        && s.len() > 10
        && !s.contains(char::is_whitespace);
    ok.then(|| s.to_owned())
}

/// A BCP 47-looking tag: `en`, `en-GB`, `pt_BR` → `pt-BR`; else `None`.
fn language_tag(s: &str) -> Option<String> {
    let s = s.trim().split([',', ';']).next()?.trim().replace('_', "-");
    let mut parts = s.split('-');
    let primary = parts.next()?;
    let ok = (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    ok.then_some(s)
}

/// A date as ISO 8601 (see [`Metadata::date`]), from the forms pages use:
/// ISO 8601/RFC 3339 with or without time and offset, RFC 2822, `2024/03/05`,
/// and English `March 5, 2024` / `5 March 2024`.
pub fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.len() < 8 || s.len() > 64 {
        return None;
    }
    let plausible = |y: i32| (1900..=2100).contains(&y);
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return plausible(d.date_naive().year_ce().1 as i32).then(|| d.to_rfc3339());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return plausible(d.date_naive().year_ce().1 as i32).then(|| d.to_rfc3339());
        }
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return plausible(d.date_naive().year_ce().1 as i32).then(|| d.to_rfc3339());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return plausible(d.date().year_ce().1 as i32)
                .then(|| d.format("%Y-%m-%dT%H:%M:%S").to_string());
        }
    }
    // A day, alone or followed by a time in a form not read above (`2024-03-05T09:30Z`,
    // `2024-03-05 09h30`): the day is still stated.
    let day = s.get(..10).unwrap_or(s);
    for f in ["%Y-%m-%d", "%Y/%m/%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(day, f) {
            let rest = &s[day.len()..];
            let clean = rest.is_empty() || rest.starts_with(['T', ' ']);
            return (clean && plausible(d.year_ce().1 as i32))
                .then(|| d.format("%Y-%m-%d").to_string());
        }
    }
    for f in [
        "%B %d, %Y",
        "%b %d, %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%B %d %Y",
        "%b. %d, %Y",
    ] {
        if let Ok((d, _)) = NaiveDate::parse_and_remainder(s, f) {
            return plausible(d.year_ce().1 as i32).then(|| d.format("%Y-%m-%d").to_string());
        }
    }
    None
}

use chrono::Datelike;

/// Adds the names in one author string: `By Ann Lee and Bo Park` → two
/// names. Commas split only between full names (`Ann Lee, Bo Park`), not
/// before a role or place (`Ann Lee, Paris`).
fn push_names(out: &mut Vec<String>, s: &str) {
    let s = s.trim();
    if s.is_empty() || absolute_url(s).is_some() || s.starts_with('@') || s.len() > 200 {
        return;
    }
    let mut parts: Vec<String> = Vec::new();
    for part in s.split([';', '|', '\n']) {
        for p in part.split(" and ").flat_map(|p| p.split(" & ")) {
            let commas: Vec<&str> = p
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            if commas.len() > 1 && commas.iter().all(|c| c.split_whitespace().count() >= 2) {
                parts.extend(commas.iter().map(|c| c.to_string()));
            } else if let Some(first) = commas.first() {
                parts.push(first.to_string());
            }
        }
    }
    for p in parts {
        let Some(name) = clean_text(&p) else { continue };
        let name = strip_by(&name);
        let words = name.split_whitespace().count();
        if name.is_empty()
            || words > 6
            || name.chars().any(|c| c.is_ascii_digit())
            || absolute_url(name).is_some()
            || out.len() >= MAX_AUTHORS
            || out.iter().any(|a| a.eq_ignore_ascii_case(name))
        {
            continue;
        }
        out.push(name.to_owned());
    }
}

fn strip_by(s: &str) -> &str {
    for prefix in ["By ", "by ", "BY ", "Von ", "Par ", "Por "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            return rest.trim();
        }
    }
    s.trim()
}

/// Bylines in the page: elements marked `itemprop=author` or `rel=author`,
/// else a short element whose class or id says *byline*.
fn visible_authors(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for m in doc.head.marks.iter().filter(|m| m.kind == MarkKind::Author) {
        let mut text = doc.collapsed_text(m.node);
        if text.is_empty() {
            text = m.value.clone().unwrap_or_default();
        }
        if text.chars().count() <= 100 {
            push_names(&mut out, &text);
        }
    }
    if !out.is_empty() {
        return out;
    }
    for i in 0..doc.nodes.len() {
        let Some(e) = doc.element(i as NodeId) else {
            continue;
        };
        if !e.hints.split(' ').any(|h| h.contains("byline")) || e.flags & flags::HIDDEN != 0 {
            continue;
        }
        let text = doc.collapsed_text(i as NodeId);
        // A byline names people; a long block under that class is a bio or a whole header.
        if text.chars().count() <= 80 && strip_by(&text) != text {
            push_names(&mut out, &text);
            if !out.is_empty() {
                break;
            }
        }
    }
    out
}

/// A date the page shows: `itemprop=datePublished`, else the first `<time
/// datetime>` in an article, a header, or a region named for dates or bylines.
fn visible_date(doc: &Document) -> Option<String> {
    let marks = &doc.head.marks;
    let published = marks.iter().filter(|m| m.kind == MarkKind::DatePublished);
    let times = marks
        .iter()
        .filter(|m| m.kind == MarkKind::Time && in_article_header(doc, m.node));
    published.chain(times).find_map(|m| {
        m.value
            .as_deref()
            .and_then(iso_date)
            .or_else(|| iso_date(&doc.collapsed_text(m.node)))
    })
}

fn in_article_header(doc: &Document, node: NodeId) -> bool {
    let mut p = doc.nodes[node as usize].parent;
    for _ in 0..12 {
        let Some(e) = doc.element(p) else {
            return false;
        };
        if matches!(e.tag, Tag::Article | Tag::Header | Tag::Main)
            || e.flags & flags::ARTICLE_TYPE != 0
            || e.hints.split(' ').any(|h| {
                [
                    "byline",
                    "date",
                    "dateline",
                    "publish",
                    "posted",
                    "timestamp",
                    "article",
                ]
                .iter()
                .any(|w| h.contains(w))
            })
        {
            return true;
        }
        if e.tag == Tag::Root {
            return false;
        }
        p = doc.nodes[p as usize].parent;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract;

    #[test]
    fn dates_in_the_forms_pages_use() {
        for (given, want) in [
            ("2024-03-05T09:30:00Z", Some("2024-03-05T09:30:00+00:00")),
            (
                "2024-03-05T09:30:00.000-05:00",
                Some("2024-03-05T09:30:00-05:00"),
            ),
            (
                "2024-03-05T09:30:00+0100",
                Some("2024-03-05T09:30:00+01:00"),
            ),
            ("2024-03-05 09:30:00", Some("2024-03-05T09:30:00")),
            ("2024-03-05", Some("2024-03-05")),
            ("2024/03/05", Some("2024-03-05")),
            (
                "Tue, 05 Mar 2024 09:30:00 GMT",
                Some("2024-03-05T09:30:00+00:00"),
            ),
            ("March 5, 2024", Some("2024-03-05")),
            ("5 March 2024", Some("2024-03-05")),
            ("1010-01-01", None),
            ("yesterday", None),
            ("2024-13-45", None),
        ] {
            assert_eq!(iso_date(given).as_deref(), want, "{given}");
        }
    }

    #[test]
    fn names_are_split_and_cleaned() {
        let mut v = Vec::new();
        push_names(&mut v, "By Ann Lee and Bo Park");
        push_names(&mut v, "Cy Dee, Ed Fox");
        push_names(&mut v, "Gil Hay, Paris");
        push_names(&mut v, "https://www.facebook.com/someone");
        push_names(&mut v, "ann lee");
        assert_eq!(v, ["Ann Lee", "Bo Park", "Cy Dee", "Ed Fox", "Gil Hay"]);
    }

    #[test]
    fn json_ld_graph_wins_over_meta_tags() {
        let page = br#"<html lang=fr><head>
            <link rel="canonical" href="https://news.example/a/1">
            <meta property="og:url" content="https://news.example/a/1?utm=x">
            <meta name="author" content="Meta Author">
            <meta property="article:published_time" content="2020-01-01">
            <meta name="description" content="  A   short
              summary. ">
            <meta property="og:image" content="/relative.jpg">
            <meta name="twitter:image" content="https://img.example/a.jpg">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Example News"},
              {"@type":["NewsArticle"],"headline":"H","author":{"@type":"Person","name":"Ann O&#39;Lee"},
               "datePublished":"2024-03-05","publisher":{"@type":"Organization","name":"Example Daily"}}
            ]}</script></head><body><p>x</p></body></html>"#;
        let m = extract(page).metadata;
        assert_eq!(m.authors, ["Ann O'Lee"]);
        assert_eq!(m.date.as_deref(), Some("2024-03-05"));
        assert_eq!(m.site_name.as_deref(), Some("Example Daily"));
        assert_eq!(m.language.as_deref(), Some("fr"));
        assert_eq!(m.url.as_deref(), Some("https://news.example/a/1"));
        assert_eq!(m.description.as_deref(), Some("A short summary."));
        assert_eq!(m.image.as_deref(), Some("https://img.example/a.jpg"));
    }

    #[test]
    fn meta_tags_then_visible_byline_and_time() {
        let page = br#"<html><head><meta property="og:locale" content="en_US">
            <meta name="dc.creator" content="Dee Cee"></head><body>
            <article><header><p class="byline">By Ann Lee</p>
            <time datetime="2023-07-01T10:00:00+02:00">1 July</time></header>
            <p>Body.</p></article></body></html>"#;
        let m = extract(page).metadata;
        assert_eq!(m.authors, ["Dee Cee"]);
        assert_eq!(m.language.as_deref(), Some("en-US"));
        assert_eq!(m.date.as_deref(), Some("2023-07-01T10:00:00+02:00"));

        let page = br#"<body><nav><time datetime="2001-01-01">menu</time></nav>
            <article><div class="article-byline">By Ann Lee and Bo Park | 3 hours ago</div>
            <p>Body.</p></article></body>"#;
        let m = extract(page).metadata;
        assert_eq!(m.authors, ["Ann Lee", "Bo Park"]);
        assert_eq!(m.date, None);
    }

    #[test]
    fn every_key_of_a_meta_tag_counts() {
        let page = br#"<meta property="article:published" itemprop="datePublished dateCreated"
            content="2019-11-19T11:00:09.000Z">"#;
        let m = extract(page).metadata;
        assert_eq!(m.date.as_deref(), Some("2019-11-19T11:00:09+00:00"));
    }

    #[test]
    fn the_site_is_named_by_og_site_name_before_a_syndicating_publisher() {
        let page = br#"<meta property="og:site_name" content="Connecticut Post">
            <script type="application/ld+json">{"@type":"NewsArticle",
            "publisher":{"@type":"Organization","name":"Associated Press"}}</script>"#;
        let m = extract(page).metadata;
        assert_eq!(m.site_name.as_deref(), Some("Connecticut Post"));
    }

    #[test]
    fn nothing_stated_nothing_found() {
        let m = extract(b"<html><head><title>T</title></head><body><p>Text.</p></body></html>")
            .metadata;
        assert_eq!(m, Metadata::default());
    }

    #[test]
    fn broken_json_ld_is_read_or_skipped() {
        let page = b"<script type='application/ld+json'>{\"@type\":\"Article\",\"description\":\"two\nlines\"}</script>\
            <script type='application/ld+json'>{not json</script>";
        assert_eq!(
            extract(page).metadata.description.as_deref(),
            Some("two lines")
        );
    }
}
