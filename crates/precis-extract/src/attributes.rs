//! A linear pre-pass that caps the attributes of every tag before html5ever's tokenizer sees them.
//!
//! The tokenizer checks each new attribute name against every earlier one of the same tag (the
//! HTML duplicate-attribute rule), so a tag with `n` attributes costs `n²`: one element with 160,000
//! attribute names took 18 s. No real page comes near [`MAX_ATTRIBUTES`]; past it the attributes are
//! dropped up to the tag's end, as if they had never been written. Nothing the extractor reads is
//! lost: class, id, role and the other hints come long before.
//!
//! ```text
//! <div class="story" a1 a2 … a100000>Text</div>  →  <div class="story" a1 … a255>Text</div>
//! ```
//!
//! The scan follows the tokenizer's states that decide where a tag is and where it ends (tags,
//! their attribute names and quoted or unquoted values, comments, bogus comments, and the raw-text
//! elements the tree builder switches to: script, style, xmp, iframe, noscript, textarea, title,
//! plaintext), so it cuts only real tags. Script's escaped states (`<!--` inside a script) are not
//! followed; there the scan may take script text for a tag, which can only shorten script text the
//! extractor discards.

use std::borrow::Cow;

use memchr::memchr;

/// Most attributes kept per tag: far above any real element (a few dozen at most), low enough that
/// the tokenizer's quadratic duplicate check stays cheap (256² comparisons per tag at worst).
pub(crate) const MAX_ATTRIBUTES: usize = 256;

/// `html` with every tag's attributes past the first `max` removed; borrowed when no tag has more.
pub(crate) fn cap(html: &str, max: usize) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut out = String::new();
    // Bytes of `html` already copied into `out` (nothing copied while `out` is unused).
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = memchr(b'<', &b[i..]) {
        let lt = i + off;
        i = lt + 1;
        match b.get(i) {
            Some(b'!') if b[i..].starts_with(b"!--") => i = comment_end(b, i + 3),
            Some(b'!' | b'?') => i = after(b, b'>', i),
            Some(b'/') if b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => {
                let tag = scan_tag(b, i + 1, max);
                i = tag.end;
                if let Some(cut) = tag.cut {
                    drop_attributes(html, &mut out, &mut copied, cut, tag.close);
                }
            }
            Some(b'/') => i = after(b, b'>', i),
            Some(c) if c.is_ascii_alphabetic() => {
                let tag = scan_tag(b, i, max);
                let name = &b[i..tag.name_end];
                i = tag.end;
                if let Some(cut) = tag.cut {
                    drop_attributes(html, &mut out, &mut copied, cut, tag.close);
                }
                if name.eq_ignore_ascii_case(b"plaintext") {
                    break;
                }
                if RAW.iter().any(|raw| name.eq_ignore_ascii_case(raw)) {
                    i = raw_end(b, i, name);
                }
            }
            _ => {}
        }
        if i >= b.len() {
            break;
        }
    }
    if copied == 0 && out.is_empty() {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied.min(html.len())..]);
    Cow::Owned(out)
}

/// Elements whose content the tree builder reads as raw text (see `dom.rs`, `start_tag`): no tags
/// inside until their own end tag.
const RAW: [&[u8]; 7] = [
    b"script",
    b"style",
    b"xmp",
    b"iframe",
    b"noscript",
    b"textarea",
    b"title",
];

/// Copies `html[copied..cut]` to `out` and skips to the tag's closing `>` (kept), or to the end of
/// the input when the tag never closes (the tokenizer drops such a tag either way).
fn drop_attributes(
    html: &str,
    out: &mut String,
    copied: &mut usize,
    cut: usize,
    close: Option<usize>,
) {
    out.push_str(&html[*copied..cut]);
    // `a/ b…` cut to `a/>` would turn into a self-closing tag: keep it open.
    if out.ends_with('/') {
        out.push(' ');
    }
    *copied = close.unwrap_or(html.len());
}

/// One past the next `c` at or after `from` (the input's end if none).
fn after(b: &[u8], c: u8, from: usize) -> usize {
    memchr(c, &b[from.min(b.len())..]).map_or(b.len(), |k| from + k + 1)
}

/// One past the end of a comment whose text starts at `from` (after `<!--`): `-->`, `--!>`, or
/// the abrupt `<!-->` and `<!--->`.
fn comment_end(b: &[u8], from: usize) -> usize {
    if b.get(from) == Some(&b'>') {
        return from + 1;
    }
    if b[from.min(b.len())..].starts_with(b"->") {
        return from + 2;
    }
    let mut k = from;
    while let Some(off) = memchr(b'>', &b[k..]) {
        let gt = k + off;
        let before = &b[from..gt];
        if before.ends_with(b"--") || before.ends_with(b"--!") {
            return gt + 1;
        }
        k = gt + 1;
    }
    b.len()
}

/// One past the raw text of element `name` that starts at `from`: the position of its end tag
/// (`</name` followed by white space, `/` or `>`, any case), which the caller then scans as a tag.
fn raw_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut k = from;
    while let Some(off) = memchr(b'<', &b[k..]) {
        let lt = k + off;
        let rest = &b[lt + 1..];
        if rest.first() == Some(&b'/')
            && rest.len() > name.len()
            && rest[1..=name.len()].eq_ignore_ascii_case(name)
            && rest
                .get(name.len() + 1)
                .is_none_or(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            return lt;
        }
        k = lt + 1;
    }
    b.len()
}

/// White space as the tokenizer sees it (`\r` becomes `\n` before tokenizing).
fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// What [`scan_tag`] found.
struct TagScan {
    /// One past the tag name.
    name_end: usize,
    /// Where attribute number `max + 1` starts, if there is one.
    cut: Option<usize>,
    /// The `>` that ends the tag (`None`: the input ends inside it).
    close: Option<usize>,
    /// One past the tag.
    end: usize,
}

/// The tokenizer's tag states, from the tag name (at `start`) to the `>` that ends the tag.
fn scan_tag(b: &[u8], start: usize, max: usize) -> TagScan {
    #[derive(Clone, Copy)]
    enum State {
        Name,
        BeforeAttribute,
        Attribute,
        AfterAttribute,
        BeforeValue,
        Quoted(u8),
        Unquoted,
        AfterQuoted,
        SelfClosing,
    }
    let mut scan = TagScan {
        name_end: b.len(),
        cut: None,
        close: None,
        end: b.len(),
    };
    let mut attributes = 0;
    let mut new_attribute = |j: usize, cut: &mut Option<usize>| {
        attributes += 1;
        if attributes > max && cut.is_none() {
            *cut = Some(j);
        }
    };
    let mut state = State::Name;
    let mut j = start;
    while j < b.len() {
        let c = b[j];
        state = match state {
            State::Name if is_space(c) || c == b'/' || c == b'>' => {
                scan.name_end = j;
                match c {
                    b'/' => State::SelfClosing,
                    b'>' => break,
                    _ => State::BeforeAttribute,
                }
            }
            State::Name => State::Name,
            State::BeforeAttribute | State::AfterAttribute if is_space(c) => state,
            State::BeforeAttribute | State::AfterAttribute | State::AfterQuoted if c == b'/' => {
                State::SelfClosing
            }
            State::AfterAttribute if c == b'=' => State::BeforeValue,
            State::AfterQuoted if is_space(c) => State::BeforeAttribute,
            State::BeforeAttribute | State::AfterAttribute | State::AfterQuoted => {
                if c == b'>' {
                    break;
                }
                new_attribute(j, &mut scan.cut);
                State::Attribute
            }
            State::Attribute => match c {
                b'>' => break,
                b'/' => State::SelfClosing,
                b'=' => State::BeforeValue,
                c if is_space(c) => State::AfterAttribute,
                _ => State::Attribute,
            },
            State::BeforeValue => match c {
                b'>' => break,
                b'"' | b'\'' => State::Quoted(c),
                c if is_space(c) => State::BeforeValue,
                _ => State::Unquoted,
            },
            State::Quoted(q) => match memchr(q, &b[j..]) {
                Some(off) => {
                    j += off;
                    State::AfterQuoted
                }
                None => {
                    j = b.len();
                    continue;
                }
            },
            State::Unquoted => match c {
                b'>' => break,
                c if is_space(c) => State::BeforeAttribute,
                _ => State::Unquoted,
            },
            State::SelfClosing => {
                if c == b'>' {
                    break;
                }
                // Anything else is read again as the start of an attribute.
                state = State::BeforeAttribute;
                continue;
            }
        };
        j += 1;
    }
    if j < b.len() {
        scan.close = Some(j);
        scan.end = j + 1;
        scan.name_end = scan.name_end.min(j);
    }
    scan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capped(html: &str, max: usize) -> String {
        cap(html, max).into_owned()
    }

    #[test]
    fn ordinary_html_is_borrowed_unchanged() {
        let html =
            r#"<!doctype html><p class="a b" id=x data-y='1 > 0' hidden>Hi <b>there</b></p>"#;
        assert!(matches!(cap(html, 4), Cow::Borrowed(_)));
        assert_eq!(capped(html, 3), html.replace(" hidden>", " >"));
    }

    #[test]
    fn attributes_past_the_cap_are_dropped_to_the_tag_end() {
        assert_eq!(capped("<p a b c d>x</p>", 2), "<p a b >x</p>");
        assert_eq!(
            capped(r#"<p a="1" b='>' c=3 d>x"#, 2),
            r#"<p a="1" b='>' >x"#
        );
        assert_eq!(capped(r#"<p a="1"b="2"c>x"#, 2), r#"<p a="1"b="2">x"#);
        // Not made self-closing by the cut.
        assert_eq!(capped("<x a/b/c>y", 2), "<x a/b/ >y");
        // End tags are tokenized with attributes too.
        assert_eq!(capped("<p>x</p a b c>y", 2), "<p>x</p a b >y");
        // A tag the input ends inside is dropped by the tokenizer anyway.
        assert_eq!(capped("<p>x<div a b c d", 2), "<p>x<div a b ");
    }

    #[test]
    fn comments_and_raw_text_are_not_tags() {
        let html = "<!-- <p a b c d> --><script>if (a <b c d e) {}</script><p a b c>x";
        assert_eq!(
            capped(html, 2),
            "<!-- <p a b c d> --><script>if (a <b c d e) {}</script><p a b >x"
        );
        // Abrupt comment ends, and `--!>`.
        assert_eq!(capped("<!--><p a b c>", 2), "<!--><p a b >");
        assert_eq!(capped("<!-- x --!><p a b c>", 2), "<!-- x --!><p a b >");
        assert_eq!(
            capped("<title><b a b c></TITLE a b c>", 2),
            "<title><b a b c></TITLE a b >"
        );
        assert_eq!(capped("<plaintext><p a b c>", 2), "<plaintext><p a b c>");
    }

    #[test]
    fn an_attribute_bomb_is_cut_to_the_cap() {
        let names: String = (0..10_000).map(|k| format!(" a{k}")).collect();
        let html = format!("<div{names}>Story</div>");
        let out = capped(&html, MAX_ATTRIBUTES);
        assert_eq!(out.matches(" a").count(), MAX_ATTRIBUTES);
        assert!(out.ends_with(" >Story</div>"));
    }
}
