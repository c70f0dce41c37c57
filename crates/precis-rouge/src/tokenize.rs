//! rouge-score's token rules (`tokenize.py`), written down once.
//!
//! 1. Lower-case the text (Python's `str.lower`).
//! 2. Replace every run of characters outside `[a-z0-9]` with a space, so `café` gives `caf`
//!    and `don't` gives `don t`.
//! 3. Split on whitespace; with stemming, run NLTK's Porter stemmer on tokens longer than
//!    three characters only.
//! 4. Drop tokens that are empty or not `^[a-z0-9]+$`.
//!
//! After step 2 a token is exactly a maximal run of ASCII letters and digits, so the scanner
//! below never builds the intermediate string. Only two non-ASCII characters lower-case to
//! ASCII and so can join a token: KELVIN SIGN (`K` → `k`) and LATIN CAPITAL LETTER I WITH DOT
//! ABOVE (`İ` → `i` + U+0307, whose combining dot then ends the token).

use crate::porter;

/// What the scanner finds in a text, in order.
pub(crate) enum Piece<'a> {
    /// A lower-cased, unstemmed token: a non-empty `[a-z0-9]+`.
    Token(&'a [u8]),
    /// A `\n`, the only line separator ROUGE-Lsum knows.
    LineBreak,
}

/// Scans `text` into tokens and line breaks, using `buf` to assemble each token.
pub(crate) fn scan(text: &str, buf: &mut Vec<u8>, mut emit: impl FnMut(Piece<'_>)) {
    let bytes = text.as_bytes();
    buf.clear();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            buf.push(b.to_ascii_lowercase());
            i += 1;
        } else if b < 0x80 {
            flush(buf, &mut emit);
            if b == b'\n' {
                emit(Piece::LineBreak);
            }
            i += 1;
        } else if bytes[i..].starts_with("\u{212A}".as_bytes()) {
            buf.push(b'k');
            i += 3;
        } else if bytes[i..].starts_with("\u{130}".as_bytes()) {
            buf.push(b'i');
            flush(buf, &mut emit);
            i += 2;
        } else {
            // Any other non-ASCII byte belongs to a character that lower-cases to non-ASCII.
            flush(buf, &mut emit);
            i += 1;
        }
    }
    flush(buf, &mut emit);
}

fn flush(buf: &mut Vec<u8>, emit: &mut impl FnMut(Piece<'_>)) {
    if !buf.is_empty() {
        emit(Piece::Token(buf));
        buf.clear();
    }
}

/// Tokenizes `text` as rouge-score's default tokenizer does, stemming when `stem` is true
/// (`use_stemmer=True`).
///
/// ```
/// use precis_rouge::tokenize;
///
/// assert_eq!(tokenize("Café owners' U.S. protests, 2024!", false),
///            ["caf", "owners", "u", "s", "protests", "2024"]);
/// assert_eq!(tokenize("The skies were generously agreed", true),
///            ["the", "sky", "were", "gener", "agre"]);
/// ```
pub fn tokenize(text: &str, stem: bool) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut buf = Vec::new();
    let mut stemmed = Vec::new();
    scan(text, &mut buf, |piece| {
        if let Piece::Token(token) = piece {
            let token = if stem
                && token.len() > 3
                && porter::stem_lower_ascii(token, token.len(), &mut stemmed)
            {
                &stemmed[..]
            } else {
                token
            };
            // The scanner and the stemmer only produce `[a-z0-9]`, so this cannot fail.
            tokens.push(String::from_utf8(token.to_vec()).expect("tokens are ASCII"));
        }
    });
    tokens
}

/// Maps each distinct token of one (reference, candidate) pair to a small dense id, so that
/// scoring compares `u32`s and indexes counters by id instead of hashing strings.
///
/// Unstemmed and stemmed forms share one table; `stem_of` remembers each unstemmed form's
/// stem so a word that repeats is stemmed once per pair.
#[derive(Default)]
pub(crate) struct Interner {
    bytes: Vec<u8>,
    spans: Vec<(u32, u32)>,
    stem_of: Vec<u32>,
    /// Open addressing with linear probing: 0 is an empty slot, else id + 1.
    slots: Vec<u32>,
}

const NOT_STEMMED: u32 = u32::MAX;
/// Past this many slots a table left by a long text is dropped rather than cleared per pair.
const MAX_KEPT_SLOTS: usize = 1 << 12;

impl Interner {
    pub(crate) fn clear(&mut self) {
        self.bytes.clear();
        self.spans.clear();
        self.stem_of.clear();
        if self.slots.len() > MAX_KEPT_SLOTS {
            // An empty table may shrink to any power of two.
            self.slots.truncate(MAX_KEPT_SLOTS);
        }
        self.slots.fill(0);
    }

    /// How many distinct strings have ids: every id is below this.
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    fn get(&self, id: u32) -> &[u8] {
        let (start, len) = self.spans[id as usize];
        &self.bytes[start as usize..(start + len) as usize]
    }

    pub(crate) fn intern(&mut self, word: &[u8]) -> u32 {
        if (self.spans.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut pos = hash(word) as usize & mask;
        loop {
            match self.slots[pos] {
                0 => {
                    let id = self.spans.len() as u32;
                    self.spans
                        .push((self.bytes.len() as u32, word.len() as u32));
                    self.bytes.extend_from_slice(word);
                    self.stem_of.push(NOT_STEMMED);
                    self.slots[pos] = id + 1;
                    return id;
                }
                slot if self.get(slot - 1) == word => return slot - 1,
                _ => pos = (pos + 1) & mask,
            }
        }
    }

    /// The id of `token`'s form under rouge-score's rules: stemmed if `stem` and longer than
    /// three characters.
    pub(crate) fn token_id(&mut self, token: &[u8], stem: bool, scratch: &mut Vec<u8>) -> u32 {
        let id = self.intern(token);
        if !stem || token.len() <= 3 {
            return id;
        }
        let cached = self.stem_of[id as usize];
        if cached != NOT_STEMMED {
            return cached;
        }
        let stem_id = if porter::stem_lower_ascii(token, token.len(), scratch) {
            self.intern(scratch)
        } else {
            id
        };
        self.stem_of[id as usize] = stem_id;
        stem_id
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        self.slots.clear();
        self.slots.resize(size, 0);
        let mask = size - 1;
        for id in 0..self.spans.len() as u32 {
            let mut pos = hash(self.get(id)) as usize & mask;
            while self.slots[pos] != 0 {
                pos = (pos + 1) & mask;
            }
            self.slots[pos] = id + 1;
        }
    }
}

/// FxHash-style: cheap and good enough for short ASCII words; the final fold moves the well-mixed
/// high bits down to where the table mask reads.
fn hash(word: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = word.len() as u64;
    for chunk in word.chunks(8) {
        let mut v = [0u8; 8];
        v[..chunk.len()].copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(v)).wrapping_mul(K);
    }
    h ^ (h >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        scan(text, &mut Vec::new(), |p| match p {
            Piece::Token(t) => out.push(String::from_utf8(t.to_vec()).unwrap()),
            Piece::LineBreak => out.push("\\n".to_string()),
        });
        out
    }

    #[test]
    fn lowercases_and_splits_on_non_alphanumerics() {
        assert_eq!(
            tokenize("Hello, WORLD!  it's 9-to-5", false),
            ["hello", "world", "it", "s", "9", "to", "5"]
        );
        assert_eq!(
            tokenize("naïve café ünïcode", false),
            ["na", "ve", "caf", "n", "code"]
        );
        assert_eq!(tokenize("東京 2020 🎉 ok", false), ["2020", "ok"]);
    }

    #[test]
    fn empty_and_blank_texts_have_no_tokens() {
        assert!(tokenize("", true).is_empty());
        assert!(tokenize(" \t\n\r\n ", true).is_empty());
        assert!(tokenize("--- ... !!!", true).is_empty());
    }

    #[test]
    fn non_ascii_that_lowercases_to_ascii() {
        // Python: "\u212a".lower() == "k"; "İ".lower() == "i\u0307".
        assert_eq!(tokenize("\u{212A}ELVIN", false), ["kelvin"]);
        assert_eq!(tokenize("İSTANBUL", false), ["i", "stanbul"]);
        assert_eq!(tokenize("xİ", false), ["xi"]);
    }

    #[test]
    fn stems_only_tokens_longer_than_three() {
        assert_eq!(
            tokenize("dies ties lies cats its was running", true),
            ["die", "tie", "lie", "cat", "its", "was", "run"]
        );
        assert_eq!(tokenize("skies news dying", true), ["sky", "news", "die"]);
    }

    #[test]
    fn line_breaks_are_reported_between_tokens() {
        assert_eq!(
            pieces("a b\n\nc\r\nd\n"),
            ["a", "b", "\\n", "\\n", "c", "\\n", "d", "\\n"]
        );
    }

    #[test]
    fn interner_gives_dense_ids_and_caches_stems() {
        let mut interner = Interner::default();
        let mut scratch = Vec::new();
        let a = interner.token_id(b"running", true, &mut scratch);
        let b = interner.token_id(b"run", true, &mut scratch);
        let c = interner.token_id(b"running", false, &mut scratch);
        assert_eq!(a, b);
        assert_ne!(a, c);
        for i in 0..1000 {
            interner.intern(format!("w{i}").as_bytes());
        }
        assert_eq!(interner.intern(b"w999"), interner.intern(b"w999"));
        assert_eq!(interner.len(), 1002);
        interner.clear();
        assert_eq!(interner.len(), 0);
        assert_eq!(interner.intern(b"w5"), 0);
    }
}
