//! What an element's `class` and `id` words say about it.
//!
//! Only generic words are listed — the vocabulary of CMS themes everywhere
//! (comment, share, related, sidebar, caption…), never a particular site's.
//! Each class or id token is split into words at non-letters (camelCase was
//! already split by the parser), and the words are looked up whole, so
//! `ad-slot` is an ad but `header-add` and `load` are not.

/// The verdict on one element's hints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hint {
    /// Nothing either way.
    Neutral,
    /// Names the main content (`article-body`, `entry-content`, `story`…).
    Content,
    /// Names boilerplate (`share-bar`, `comments`, `related-links`…).
    Boilerplate,
}

/// Words that mark a region as not part of the article.
const BOILERPLATE: &[&str] = &[
    "thumbnail",
    "thumb",
    "slideshow",
    "photos",
    "photo",
    "lightbox",
    "img",
    "image",
    "gallery",
    "ad",
    "ads",
    "adv",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "author",
    "banner",
    "bio",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "caption",
    "captions",
    "comment",
    "comments",
    "commentlist",
    "consent",
    "contributor",
    "cookie",
    "cookies",
    "credit",
    "credits",
    "dateline",
    "disqus",
    "dropdown",
    "footer",
    "gdpr",
    "header",
    "keywords",
    "login",
    "masthead",
    "menu",
    "modal",
    "nav",
    "navbar",
    "navigation",
    "newsletter",
    "outbrain",
    "overlay",
    "pagination",
    "pager",
    "popular",
    "popup",
    "print",
    "promo",
    "promotion",
    "rail",
    "recirc",
    "recommended",
    "recommendations",
    "related",
    "replies",
    "reply",
    "respond",
    "share",
    "sharebar",
    "shares",
    "sharing",
    "sidebar",
    "signup",
    "skip",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "subscription",
    "taboola",
    "tags",
    "timestamp",
    "toolbar",
    "tooltip",
    "trending",
    "widget",
    "widgets",
];

/// Whole tokens that mean "not shown".
const HIDDEN_TOKENS: &[&str] = &[
    "hidden",
    "hide",
    "is-hidden",
    "visually-hidden",
    "visuallyhidden",
    "sr-only",
    "screen-reader-text",
    "screenreader",
    "offscreen",
    "off-screen",
];

/// Words that mark the main content.
const CONTENT: &[&str] = &[
    "article",
    "articlebody",
    "body",
    "content",
    "entry",
    "main",
    "post",
    "prose",
    "story",
    "storybody",
    "text",
];

/// Words that turn a token into a statement about state, not identity
/// (`has-sidebar`, `no-comments`, `with-ads`), or mark embedded content that
/// the story quotes (`social-embed`: an embedded post is part of the text).
const STATE: &[&str] = &[
    "has", "no", "with", "without", "show", "enable", "enabled", "allow",
];

/// Classify an element from its lower-cased `class`/`id` hints.
///
/// A token naming boilerplate wins over content words in the same token
/// (`article-comments` is comments), but a separate token that names only
/// content keeps the element (`content has-sidebar`, `main-content ads-ok`).
pub(crate) fn classify(hints: &str) -> Hint {
    if hints.is_empty() {
        return Hint::Neutral;
    }
    let mut boiler = false;
    let mut content = false;
    for token in hints.split_ascii_whitespace() {
        if HIDDEN_TOKENS.contains(&token) {
            return Hint::Boilerplate;
        }
        let mut t_boiler = false;
        let mut t_content = false;
        let mut state = false;
        for word in token.split(|c: char| !c.is_ascii_alphabetic()) {
            if word.is_empty() {
                continue;
            }
            if STATE.contains(&word) {
                state = true;
            } else if BOILERPLATE.contains(&word) {
                t_boiler = true;
            } else if CONTENT.contains(&word) {
                t_content = true;
            }
        }
        if state {
            continue;
        }
        if t_boiler {
            boiler = true;
        } else if t_content {
            content = true;
        }
    }
    if content {
        Hint::Content
    } else if boiler {
        Hint::Boilerplate
    } else {
        Hint::Neutral
    }
}

/// Whether a token names the article body itself: two content words in one
/// token (`entry-content`, `article-body`, `story_text`) or a compound like
/// `articlebody`. Stronger than [`Hint::Content`], which `content` alone gives.
pub(crate) fn names_article_body(hints: &str) -> bool {
    hints.split_ascii_whitespace().any(|token| {
        let mut n = 0;
        for word in token.split(|c: char| !c.is_ascii_alphabetic()) {
            if STATE.contains(&word) || BOILERPLATE.contains(&word) {
                return false;
            }
            if matches!(word, "articlebody" | "storybody") {
                n += 2;
            } else if CONTENT.contains(&word) {
                n += 1;
            }
        }
        n >= 2
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_matched_whole() {
        assert_eq!(classify("share-bar"), Hint::Boilerplate);
        assert_eq!(classify("ad-slot top"), Hint::Boilerplate);
        assert_eq!(classify("header-add load"), Hint::Boilerplate);
        assert_eq!(classify("download"), Hint::Neutral);
    }

    #[test]
    fn boilerplate_wins_inside_a_token_content_across_tokens() {
        assert_eq!(classify("article-comments"), Hint::Boilerplate);
        assert_eq!(classify("entry-content share-enabled"), Hint::Content);
        assert_eq!(classify("main-content sidebar-left"), Hint::Content);
    }

    #[test]
    fn state_tokens_are_ignored() {
        assert_eq!(classify("layout has-sidebar"), Hint::Neutral);
        assert_eq!(classify("no-comments"), Hint::Neutral);
    }

    #[test]
    fn article_body_names() {
        assert!(names_article_body("x entry-content"));
        assert!(names_article_body("articleBody".to_lowercase().as_str()));
        assert!(!names_article_body("content"));
        assert!(!names_article_body("post-comments-content"));
    }

    #[test]
    fn hidden_tokens() {
        assert_eq!(classify("sr-only"), Hint::Boilerplate);
        assert_eq!(classify("hidden-xs"), Hint::Neutral);
    }
}
