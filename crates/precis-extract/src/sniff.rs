//! Is this input HTML? A cheap sniff for callers that accept both HTML and
//! plain text.

/// How much of the input the sniff reads.
const SNIFF_BYTES: usize = 1024;

/// Whether `bytes` look like an HTML document or fragment. The one HTML test of precis: the CLI,
/// the HTTP API and the web page (through the API) all ask it.
///
/// True when, after an optional BOM, leading whitespace and a prolog (XML declaration, comments,
/// any doctype), the input opens with `<!doctype html`, `<html`, `<head`, `<body`, or the tag of
/// a block element (`<article>`, `<div class=…>`, `<p>`, `<h1>`, …: a pasted fragment); or when
/// its first kilobyte holds at least three well-formed tags of known HTML elements (`<p>`,
/// `</div>`, `<a href=…>`, …). Plain text that merely mentions a `<` or two is not HTML.
///
/// ```
/// use precis_extract::looks_like_html;
/// assert!(looks_like_html(b"<?xml version=\"1.0\"?>\n<!-- x --><html><p>Hi</p></html>"));
/// assert!(looks_like_html(b"<article><div class=\"breadcrumbs\">News</div>"));
/// assert!(!looks_like_html(b"The council voted 5 < 7 on Monday."));
/// ```
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let mut head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    for bom in [&[0xEF, 0xBB, 0xBF][..], &[0xFF, 0xFE], &[0xFE, 0xFF]] {
        if let Some(rest) = head.strip_prefix(bom) {
            head = rest;
        }
    }
    let opening = skip_prolog(head);
    for start in [&b"<!doctype html"[..], b"<html", b"<head", b"<body"] {
        if starts_with_ci(opening, start) {
            return true;
        }
    }
    if opens_with_block_tag(opening) {
        return true;
    }
    count_known_tags(head) >= 3
}

/// `head` after white space, XML declarations (`<?…?>`), comments and doctypes other than
/// HTML's own (which the caller recognizes).
fn skip_prolog(mut head: &[u8]) -> &[u8] {
    loop {
        head = trim_start(head);
        let end = if head.starts_with(b"<?") {
            find(head, b"?>").map(|i| i + 2)
        } else if head.starts_with(b"<!--") {
            find(head, b"-->").map(|i| i + 3)
        } else if starts_with_ci(head, b"<!doctype") && !starts_with_ci(head, b"<!doctype html") {
            memchr::memchr(b'>', head).map(|i| i + 1)
        } else {
            return head;
        };
        match end {
            Some(end) => head = &head[end..],
            None => return head,
        }
    }
}

fn trim_start(head: &[u8]) -> &[u8] {
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    &head[start..]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// Block elements an article fragment opens with. Inline ones (`<b>`, `<a>`) are left out: a line
/// of prose may start with a tag-like word, and three known tags still make it HTML.
const BLOCK: &[&[u8]] = &[
    b"article", b"div", b"main", b"section", b"header", b"p", b"h1", b"h2", b"h3", b"ul", b"ol",
    b"table", b"figure", b"meta", b"title", b"link", b"script", b"style",
];

/// Whether `opening` starts with the opening tag of a [`BLOCK`] element (`<p>`, `<div id=x>`).
fn opens_with_block_tag(opening: &[u8]) -> bool {
    let Some(rest) = opening.strip_prefix(b"<") else {
        return false;
    };
    let name_len = rest
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let closed = matches!(
        rest.get(name_len),
        Some(b'>' | b' ' | b'/' | b'\n' | b'\t' | b'\r')
    );
    closed
        && BLOCK
            .iter()
            .any(|k| k.eq_ignore_ascii_case(&rest[..name_len]))
}

fn starts_with_ci(hay: &[u8], prefix: &[u8]) -> bool {
    hay.len() >= prefix.len() && hay[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Tags whose presence marks markup as HTML.
const KNOWN: &[&[u8]] = &[
    b"a", b"article", b"b", b"body", b"br", b"div", b"em", b"h1", b"h2", b"h3", b"head", b"html",
    b"i", b"img", b"li", b"link", b"main", b"meta", b"nav", b"p", b"script", b"section", b"span",
    b"strong", b"style", b"table", b"td", b"title", b"tr", b"ul",
];

fn count_known_tags(head: &[u8]) -> usize {
    let mut count = 0;
    let mut i = 0;
    // Jump from one `<` to the next (the vectorized search skips plain text in a few steps).
    while let Some(lt) = memchr::memchr(b'<', &head[i..]) {
        i += lt + 1;
        if head.get(i) == Some(&b'/') {
            i += 1;
        }
        let name_start = i;
        while i < head.len() && head[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let name = &head[name_start..i];
        let closed = matches!(
            head.get(i),
            Some(b'>' | b' ' | b'/' | b'\n' | b'\t' | b'\r')
        );
        if closed && KNOWN.iter().any(|k| k.eq_ignore_ascii_case(name)) {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents() {
        assert!(looks_like_html(b"<!DOCTYPE html><html><p>x"));
        assert!(looks_like_html(b"\xEF\xBB\xBF  \n<html lang=en>"));
        assert!(looks_like_html(b"<HEAD><title>x</title>"));
    }

    #[test]
    fn fragments() {
        assert!(looks_like_html(b"<div class=a><p>One</p><p>Two</p></div>"));
        assert!(looks_like_html(b"Intro <b>bold</b> and <a href=x>link</a>"));
        // A fragment whose first paragraph runs past the sniffed kilobyte.
        let long = format!(
            "<article><p>{}</p></article>",
            "Words of a story. ".repeat(100)
        );
        assert!(looks_like_html(long.as_bytes()));
        assert!(looks_like_html(
            b"\n  <div class=\"story\">A long paragraph"
        ));
    }

    #[test]
    fn prologs() {
        let xhtml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html PUBLIC \
            \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"x\">\n<html xmlns=\"x\">";
        assert!(looks_like_html(xhtml.as_bytes()));
        let legacy = "<?xml version=\"1.0\"?><!DOCTYPE foo SYSTEM \"f\"><!-- a -->\n<body>";
        assert!(looks_like_html(legacy.as_bytes()));
        assert!(!looks_like_html(b"<?xml version=\"1.0\"?><rss><channel>"));
        assert!(!looks_like_html(b"<!-- unterminated"));
    }

    /// The byte-by-byte scan `count_known_tags` replaced, as the reference.
    fn count_known_tags_bytewise(head: &[u8]) -> usize {
        let mut count = 0;
        let mut i = 0;
        while i < head.len() {
            if head[i] != b'<' {
                i += 1;
                continue;
            }
            i += 1;
            if head.get(i) == Some(&b'/') {
                i += 1;
            }
            let name_start = i;
            while i < head.len() && head[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let closed = matches!(
                head.get(i),
                Some(b'>' | b' ' | b'/' | b'\n' | b'\t' | b'\r')
            );
            if closed
                && KNOWN
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(&head[name_start..i]))
            {
                count += 1;
            }
        }
        count
    }

    #[test]
    fn tag_count_matches_the_bytewise_scan() {
        let pieces: [&[u8]; 12] = [
            b"<",
            b"</",
            b"p",
            b"DIV",
            b">",
            b" ",
            b"x",
            b"<<",
            b"/",
            b"\n",
            b"a href=1",
            b"\xc3\xa9",
        ];
        let mut seed = 7u64;
        for _ in 0..5000 {
            let mut text = Vec::new();
            for _ in 0..(seed % 40) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.extend_from_slice(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(
                count_known_tags(&text),
                count_known_tags_bytewise(&text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn plain_text() {
        assert!(!looks_like_html(b"The council voted 5 < 7 on Monday."));
        assert!(!looks_like_html(b"Use <kbd> and <thing> in docs"));
        assert!(!looks_like_html(b""));
        assert!(!looks_like_html(b"Just one <p> mention"));
        assert!(!looks_like_html(b"<b>Breaking:</b> the council voted."));
        assert!(!looks_like_html(b"<paragraph> is not a tag"));
    }
}
