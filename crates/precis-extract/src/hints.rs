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

/// What one word of a class or id says.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Word {
    Other,
    /// Names boilerplate.
    Boilerplate,
    /// Names the main content.
    Content,
    /// `articlebody` and the like: counts as two content words.
    ArticleBody,
    /// Turns its token into a statement about state, not identity
    /// (`has-sidebar`, `no-comments`, `with-ads`), or marks embedded content
    /// that the story quotes (`social-embed`: an embedded post is part of
    /// the text).
    State,
}

/// A `match` compiles to a length switch and a few compares, much cheaper
/// than searching word lists for every word of every element.
fn word(w: &str) -> Word {
    match w {
        "ad" | "ads" | "adv" | "advert" | "advertisement" | "advertising" | "adverts"
        | "author" | "banner" | "bio" | "breadcrumb" | "breadcrumbs" | "byline" | "caption"
        | "captions" | "comment" | "commentlist" | "comments" | "consent" | "contributor"
        | "cookie" | "cookies" | "copyright" | "credit" | "credits" | "dateline" | "disqus"
        | "dropdown" | "footer" | "gallery" | "gdpr" | "header" | "image" | "img" | "keywords"
        | "lightbox" | "login" | "masthead" | "menu" | "modal" | "nav" | "navbar"
        | "navigation" | "newsletter" | "outbrain" | "overlay" | "pager" | "pagination"
        | "photo" | "photos" | "popular" | "popup" | "print" | "promo" | "promotion" | "rail"
        | "recirc" | "recommendations" | "recommended" | "related" | "replies" | "reply"
        | "respond" | "share" | "sharebar" | "shares" | "sharing" | "sidebar" | "signup"
        | "skip" | "slideshow" | "social" | "sponsor" | "sponsored" | "subscribe"
        | "subscription" | "taboola" | "tags" | "thumb" | "thumbnail" | "timestamp" | "toolbar"
        | "tooltip" | "trending" | "widget" | "widgets" => Word::Boilerplate,
        "articlebody" | "storybody" => Word::ArticleBody,
        "article" | "body" | "content" | "entry" | "main" | "post" | "prose" | "story" | "text" => {
            Word::Content
        }
        "allow" | "enable" | "enabled" | "has" | "no" | "show" | "with" | "without" => Word::State,
        _ => Word::Other,
    }
}

/// Whole tokens that mean "not shown".
fn is_hidden_token(token: &str) -> bool {
    matches!(
        token,
        "hidden"
            | "hide"
            | "is-hidden"
            | "off-screen"
            | "offscreen"
            | "screen-reader-text"
            | "screenreader"
            | "sr-only"
            | "visually-hidden"
            | "visuallyhidden"
    )
}

/// What an element's hints say, read in one pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hints {
    pub hint: Hint,
    /// Some token names the article body itself: two content words in one
    /// token (`entry-content`, `article-body`, `story_text`) or a compound
    /// like `articlebody`. Stronger than [`Hint::Content`], which `content`
    /// alone gives.
    pub article_body: bool,
}

/// Classify an element from its lower-cased `class`/`id` hints.
///
/// A token naming boilerplate wins over content words in the same token
/// (`article-comments` is comments), but a separate token that names only
/// content keeps the element (`content has-sidebar`, `main-content ads-ok`).
pub(crate) fn read(hints: &str) -> Hints {
    let mut out = Hints {
        hint: Hint::Neutral,
        article_body: false,
    };
    if hints.is_empty() {
        return out;
    }
    let mut boiler = false;
    let mut content = false;
    for token in hints.split_ascii_whitespace() {
        if is_hidden_token(token) {
            out.hint = Hint::Boilerplate;
            return out;
        }
        let mut t_boiler = false;
        let mut t_content = 0;
        let mut state = false;
        for w in token.split(|c: char| !c.is_ascii_alphabetic()) {
            match word(w) {
                Word::State => state = true,
                Word::Boilerplate => t_boiler = true,
                Word::Content => t_content += 1,
                Word::ArticleBody => t_content += 2,
                Word::Other => {}
            }
        }
        if state {
            continue;
        }
        if t_boiler {
            boiler = true;
        } else if t_content > 0 {
            content = true;
            out.article_body |= t_content >= 2;
        }
    }
    out.hint = if content {
        Hint::Content
    } else if boiler {
        Hint::Boilerplate
    } else {
        Hint::Neutral
    };
    out
}

#[cfg(test)]
fn classify(hints: &str) -> Hint {
    read(hints).hint
}

#[cfg(test)]
fn names_article_body(hints: &str) -> bool {
    read(hints).article_body
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
