//! Bytes → text: find the declared charset and decode with `encoding_rs`.
//!
//! Order of evidence, as browsers do it: a byte-order mark, then a
//! `<meta charset>` or `<meta http-equiv="Content-Type" content="…charset=…">`
//! in the first few kilobytes, then UTF-8 if the bytes are valid UTF-8, and
//! windows-1252 otherwise (the web's de-facto legacy default).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into the page a charset declaration is looked for. The HTML
/// standard says 1024 bytes; real pages put long `<head>` scripts first, so
/// look further (the scan is cheap).
const PRESCAN_BYTES: usize = 16 * 1024;

/// Decode an HTML page to a `String`, honouring its declared charset.
///
/// Never fails: undecodable bytes become U+FFFD.
pub fn decode_html(bytes: &[u8]) -> String {
    decode_cow(bytes).into_owned()
}

/// [`decode_html`] without a copy when the page is already UTF-8.
pub(crate) fn decode_cow(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let encoding = detect_encoding(bytes);
    // `decode` strips a BOM that matches (and sniffs one that overrides).
    encoding.decode(bytes).0
}

/// The encoding a page declares, or the fallback described in the module docs.
pub fn detect_encoding(bytes: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return enc;
    }
    if let Some(enc) = prescan_meta(&bytes[..bytes.len().min(PRESCAN_BYTES)]) {
        return enc;
    }
    if std::str::from_utf8(bytes).is_ok() {
        UTF_8
    } else {
        WINDOWS_1252
    }
}

/// Find a charset in `<meta …>` tags. Not the full HTML prescan algorithm,
/// but it reads the same two forms and skips comments.
fn prescan_meta(head: &[u8]) -> Option<&'static Encoding> {
    let mut i = 0;
    while let Some(off) = memchr(b'<', &head[i..]) {
        i += off + 1;
        let rest = &head[i..];
        if rest.starts_with(b"!--") {
            match find(rest, b"-->") {
                Some(end) => i += end + 3,
                None => return None,
            }
            continue;
        }
        if rest.len() < 5 || !rest[..4].eq_ignore_ascii_case(b"meta") {
            continue;
        }
        let end = memchr(b'>', rest).unwrap_or(rest.len());
        let tag = &rest[4..end];
        i += end;
        if let Some(enc) = charset_in_meta(tag) {
            // A page cannot really be UTF-16 if we are reading ASCII meta
            // tags from it; the standard maps that label to UTF-8.
            if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                return Some(UTF_8);
            }
            // x-user-defined is a decoding for XHR, not for pages.
            if enc == encoding_rs::X_USER_DEFINED {
                return Some(WINDOWS_1252);
            }
            return Some(enc);
        }
    }
    None
}

/// `charset=` inside one meta tag's attribute text, either as an attribute
/// or inside `content="text/html; charset=…"`.
fn charset_in_meta(tag: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = tag.iter().map(u8::to_ascii_lowercase).collect();
    let pos = find(&lower, b"charset")?;
    let mut j = pos + "charset".len();
    while j < lower.len() && lower[j].is_ascii_whitespace() {
        j += 1;
    }
    if lower.get(j) != Some(&b'=') {
        return None;
    }
    j += 1;
    while j < lower.len()
        && (lower[j].is_ascii_whitespace() || lower[j] == b'"' || lower[j] == b'\'')
    {
        j += 1;
    }
    let start = j;
    while j < lower.len() && !matches!(lower[j], b'"' | b'\'' | b';' | b' ' | b'/' | b'>') {
        j += 1;
    }
    Encoding::for_label(&lower[start..j])
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_without_declaration() {
        assert_eq!(decode_html("<p>café</p>".as_bytes()), "<p>café</p>");
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        assert_eq!(
            decode_html(b"<p>caf\xe9 \x93hi\x94</p>"),
            "<p>café \u{201c}hi\u{201d}</p>"
        );
    }

    #[test]
    fn meta_charset_and_http_equiv() {
        let page = b"<html><head><meta charset=\"iso-8859-1\"></head><p>\xe9</p>";
        assert_eq!(detect_encoding(page), WINDOWS_1252);
        let page = b"<meta http-equiv='Content-Type' content='text/html; charset=Shift_JIS'>";
        assert_eq!(detect_encoding(page), encoding_rs::SHIFT_JIS);
    }

    #[test]
    fn declaration_inside_comment_is_ignored() {
        let page = b"<!-- <meta charset=koi8-r> --><meta charset=utf-8><p>x</p>";
        assert_eq!(detect_encoding(page), UTF_8);
    }

    #[test]
    fn bom_wins() {
        let mut page = vec![0xEF, 0xBB, 0xBF];
        page.extend_from_slice(b"<meta charset=windows-1251><p>\xc3\xa9</p>");
        assert_eq!(decode_html(&page), "<meta charset=windows-1251><p>é</p>");
    }

    #[test]
    fn utf16_label_means_utf8() {
        assert_eq!(detect_encoding(b"<meta charset=utf-16>"), UTF_8);
    }
}
