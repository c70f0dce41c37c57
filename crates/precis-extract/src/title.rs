//! The headline: a page's `<h1>` when the `<title>` or `og:title` confirms
//! it, else the meta title, else `<title>` without its site-name suffix.

use crate::dom::{Document, NodeId, push_collapsed};
use crate::tag::Tag;

/// How many `<h1>`s to consider (pages with more use them for everything).
const MAX_H1: usize = 8;

pub(crate) fn find_title(doc: &Document) -> Option<String> {
    let mut page_title = String::new();
    push_collapsed(&mut page_title, &doc.title);
    let page_title = page_title.trim().to_string();
    let meta = doc.meta_title.as_deref().map(|m| {
        let mut s = String::new();
        push_collapsed(&mut s, m);
        s.trim().to_string()
    });

    let h1s: Vec<String> = (0..doc.nodes.len())
        .filter(|&i| doc.tag(i as NodeId) == Some(Tag::H1))
        .take(MAX_H1)
        .map(|i| doc.collapsed_text(i as NodeId))
        .filter(|t| !t.is_empty())
        .collect();
    for h in &h1s {
        let hl = h.to_lowercase();
        // Confirmed when a page title holds the h1, or the h1 starts with the page title without
        // its site name (a `<title>` shortened from the headline).
        let confirmed = [Some(page_title.as_str()), meta.as_deref()]
            .into_iter()
            .flatten()
            .filter(|t| !t.is_empty())
            .any(|t| {
                let short = strip_site_name(t).to_lowercase();
                t.to_lowercase().contains(&hl)
                    || (short.split_whitespace().count() >= 3 && hl.starts_with(&short))
            });
        if confirmed && h.chars().count() >= 10 {
            return Some(h.clone());
        }
    }
    if let Some(m) = meta.filter(|m| !m.is_empty()) {
        return Some(strip_site_name(&m));
    }
    if !page_title.is_empty() {
        return Some(strip_site_name(&page_title));
    }
    h1s.into_iter().next()
}

/// `Headline | Site` → `Headline`: split at the usual separators and keep
/// the longest part, when that part is long enough to be a headline.
fn strip_site_name(title: &str) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " // "] {
        if title.contains(sep) {
            let best = title
                .split(sep)
                .map(str::trim)
                .max_by_key(|p| p.chars().count())
                .unwrap_or(title);
            if best.split_whitespace().count() >= 3 {
                return best.to_string();
            }
        }
    }
    title.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_suffix_is_stripped() {
        assert_eq!(
            strip_site_name("Council approves the new budget | Daily Planet"),
            "Council approves the new budget"
        );
        assert_eq!(strip_site_name("Home - Site"), "Home - Site");
    }

    #[test]
    fn h1_that_extends_a_shortened_title_wins() {
        let doc = Document::parse(
            "<title>Café owners “furious” | Gazette</title>\
             <h1>Café owners “furious” over new tax</h1>",
        );
        assert_eq!(
            find_title(&doc).as_deref(),
            Some("Café owners “furious” over new tax")
        );
    }

    #[test]
    fn h1_confirmed_by_title_wins() {
        let doc = Document::parse(
            "<title>Storm closes the harbour - Gazette</title><h1>Gazette</h1>\
             <h1>Storm closes the harbour</h1>",
        );
        assert_eq!(
            find_title(&doc).as_deref(),
            Some("Storm closes the harbour")
        );
    }
}
