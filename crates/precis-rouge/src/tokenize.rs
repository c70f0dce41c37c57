//! The seam between texts and the metric: a [`Tokenizer`] turns a text into tokens, and the
//! scorer only ever sees their ids.
//!
//! [`Tokenizer::RougeScore`] follows rouge-score's token rules (`tokenize.py`), written down once:
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
//!
//! [`Tokenizer::Unicode`] follows the rules of [`crate::unicode`]'s module docs.

use crate::language::Language;
use crate::porter;
use crate::unicode;

/// How texts are cut into tokens before they are compared.
///
/// ```
/// use precis_rouge::{Language, Tokenizer};
///
/// // rouge-score's rules know only [a-z0-9]: a Russian text has no tokens at all.
/// assert!(Tokenizer::RougeScore.tokenize("Президент подписал указ", true).is_empty());
/// // The Unicode rules keep every script's words and stem them with the language's stemmer.
/// let russian = Tokenizer::Unicode(Some(Language::Russian));
/// assert_eq!(russian.tokenize("Президент подписал указ", true), ["президент", "подписа", "указ"]);
/// assert_eq!(russian.tokenize("президента", true), ["президент"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tokenizer {
    /// rouge-score 0.1.2's rules, bit for bit: lower-cased runs of `[a-z0-9]`, NLTK's Porter
    /// stemmer. Right for English only: other alphabets lose their letters (`Köln` → `k`, `ln`).
    #[default]
    RougeScore,
    /// Any language: Unicode letters and digits, lower-cased, one token per character in
    /// scripts written without spaces, stemmed with the language's Snowball stemmer when a
    /// language is given (otherwise not stemmed). See [`crate::unicode`]'s rules.
    Unicode(Option<Language>),
}

impl Tokenizer {
    /// The tokens of `text`, stemmed when `stem` is true and the tokenizer has a stemmer.
    pub fn tokenize(&self, text: &str, stem: bool) -> Vec<String> {
        let rule = StemRule::of(*self, stem);
        let mut tokens = Vec::new();
        let mut stemmed = Vec::new();
        scan(*self, text, &mut ScanBuffers::default(), |piece| {
            if let Piece::Token(token) = piece {
                let token = match rule {
                    Some(rule) if rule.stem(token, &mut stemmed) => &stemmed[..],
                    _ => token,
                };
                tokens.push(String::from_utf8_lossy(token).into_owned());
            }
        });
        tokens
    }

    /// `default` or `unicode`, as the command line names them.
    pub fn name(&self) -> &'static str {
        match self {
            Tokenizer::RougeScore => "default",
            Tokenizer::Unicode(_) => "unicode",
        }
    }

    /// The language whose stemmer the tokenizer uses, if any.
    pub fn language(&self) -> Option<Language> {
        match self {
            Tokenizer::RougeScore => None,
            Tokenizer::Unicode(language) => *language,
        }
    }
}

/// How tokens are stemmed, when they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StemRule {
    /// NLTK's Porter stemmer, as rouge-score runs it.
    Porter,
    /// The language's Snowball stemmer.
    Snowball(Language),
}

impl StemRule {
    /// The rule of `tokenizer`, or `None` when it does not stem.
    pub(crate) fn of(tokenizer: Tokenizer, stem: bool) -> Option<StemRule> {
        match tokenizer {
            _ if !stem => None,
            Tokenizer::RougeScore => Some(StemRule::Porter),
            Tokenizer::Unicode(language) => language.map(StemRule::Snowball),
        }
    }

    /// Writes the stem of `token` to `out` and returns `true`, or returns `false` when the token
    /// stays as it is: three characters or fewer (both rouge-score and XL-Sum leave those
    /// alone), or its own stem.
    pub(crate) fn stem(self, token: &[u8], out: &mut Vec<u8>) -> bool {
        match self {
            StemRule::Porter => {
                token.len() > 3 && porter::stem_lower_ascii(token, token.len(), out)
            }
            StemRule::Snowball(language) => {
                // Characters, not bytes: continuation bytes are 0b10xxxxxx.
                if token.iter().filter(|&&b| b & 0xC0 != 0x80).nth(3).is_none() {
                    return false;
                }
                let Ok(word) = std::str::from_utf8(token) else {
                    return false;
                };
                let stemmer = rust_stemmers::Stemmer::create(language.stemmer());
                match stemmer.stem(word) {
                    std::borrow::Cow::Owned(stem) if !stem.is_empty() && stem != word => {
                        out.clear();
                        out.extend_from_slice(stem.as_bytes());
                        true
                    }
                    _ => false,
                }
            }
        }
    }
}

/// The buffers a scan assembles tokens in, kept from text to text.
#[derive(Default)]
pub(crate) struct ScanBuffers {
    token: Vec<u8>,
    fold: unicode::FoldBuffers,
}

/// Scans `text` into tokens and line breaks under the rules of `tokenizer`.
pub(crate) fn scan(
    tokenizer: Tokenizer,
    text: &str,
    buffers: &mut ScanBuffers,
    emit: impl FnMut(Piece<'_>),
) {
    match tokenizer {
        Tokenizer::RougeScore => scan_ascii(text, &mut buffers.token, emit),
        Tokenizer::Unicode(language) => unicode::scan(
            text,
            language.is_some_and(Language::turkic_case),
            &mut buffers.token,
            &mut buffers.fold,
            emit,
        ),
    }
}

/// What the scanner finds in a text, in order.
pub(crate) enum Piece<'a> {
    /// A lower-cased, unstemmed token: a non-empty `[a-z0-9]+` under rouge-score's rules, a
    /// non-empty UTF-8 word under the Unicode rules.
    Token(&'a [u8]),
    /// A `\n`, the only line separator ROUGE-Lsum knows.
    LineBreak,
}

/// Scans `text` into tokens and line breaks under rouge-score's rules, using `buf` to assemble
/// each token.
fn scan_ascii(text: &str, buf: &mut Vec<u8>, mut emit: impl FnMut(Piece<'_>)) {
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
/// (`use_stemmer=True`): [`Tokenizer::RougeScore`]'s [`tokenize`](Tokenizer::tokenize).
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
    Tokenizer::RougeScore.tokenize(text, stem)
}

/// Token ids for scoring.
///
/// Every token string a thread has seen gets a global id, and each unstemmed form remembers its
/// stem's id, so a word is stemmed once per thread rather than once per occurrence (news text
/// repeats its vocabulary from pair to pair). Each pair then numbers its own tokens densely from
/// 0, so scoring compares `u32`s and indexes small counters by id instead of hashing strings.
#[derive(Default)]
pub(crate) struct Vocabulary {
    bytes: Vec<u8>,
    spans: Vec<(u32, u32)>,
    /// Per global id: the id of its stem under `stems_by`, or `NOT_STEMMED` if not known yet.
    stem_of: Vec<u32>,
    stems_by: Option<StemRule>,
    /// Open addressing with linear probing: 0 is an empty slot, else global id + 1.
    slots: Vec<u32>,
    /// Per global id: the pair (`epoch`) that last used it, and its dense id in that pair.
    seen_in: Vec<u32>,
    pair_id: Vec<u32>,
    epoch: u32,
    pair_len: u32,
}

const NOT_STEMMED: u32 = u32::MAX;
/// Past this many distinct strings (or bytes of them) the table starts over, bounding memory
/// on endless streams of new words.
const MAX_STRINGS: usize = 1 << 20;
const MAX_BYTES: usize = 32 << 20;

impl Vocabulary {
    /// Starts numbering the tokens of a new pair from 0; its tokens will be stemmed by `rule`.
    pub(crate) fn begin_pair(&mut self, rule: Option<StemRule>) {
        if self.spans.len() > MAX_STRINGS || self.bytes.len() > MAX_BYTES {
            *self = Vocabulary::default();
        }
        if rule.is_some() && rule != self.stems_by {
            // The remembered stems are another stemmer's (a scorer of another language ran on
            // this thread): forget them, keep the strings.
            self.stem_of.fill(NOT_STEMMED);
            self.stems_by = rule;
        }
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            // After 2^32 pairs, old stamps could look current: forget them all.
            self.seen_in.fill(0);
            self.epoch = 1;
        }
        self.pair_len = 0;
    }

    /// How many distinct tokens the current pair has: its dense ids are below this.
    pub(crate) fn pair_len(&self) -> usize {
        self.pair_len as usize
    }

    /// The current pair's id for `token` (a lower-cased token of the scanner), stemmed by
    /// `rule` (the one given to [`begin_pair`](Self::begin_pair)) if any.
    pub(crate) fn pair_id(
        &mut self,
        token: &[u8],
        rule: Option<StemRule>,
        scratch: &mut Vec<u8>,
    ) -> u32 {
        let global = self.token_id(token, rule, scratch) as usize;
        if self.seen_in[global] != self.epoch {
            self.seen_in[global] = self.epoch;
            self.pair_id[global] = self.pair_len;
            self.pair_len += 1;
        }
        self.pair_id[global]
    }

    /// The global id of `token`'s form, stemmed by `rule` if any.
    fn token_id(&mut self, token: &[u8], rule: Option<StemRule>, scratch: &mut Vec<u8>) -> u32 {
        let id = self.intern(token);
        let Some(rule) = rule else {
            return id;
        };
        // The Porter rule skips short tokens; checked first, it spares them the cache.
        if rule == StemRule::Porter && token.len() <= 3 {
            return id;
        }
        debug_assert_eq!(
            Some(rule),
            self.stems_by,
            "begin_pair was given another rule"
        );
        let cached = self.stem_of[id as usize];
        if cached != NOT_STEMMED {
            return cached;
        }
        let stem_id = if rule.stem(token, scratch) {
            self.intern(scratch)
        } else {
            id
        };
        self.stem_of[id as usize] = stem_id;
        stem_id
    }

    fn get(&self, id: u32) -> &[u8] {
        let (start, len) = self.spans[id as usize];
        &self.bytes[start as usize..(start + len) as usize]
    }

    fn intern(&mut self, word: &[u8]) -> u32 {
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
                    self.seen_in.push(0);
                    self.pair_id.push(0);
                    self.slots[pos] = id + 1;
                    return id;
                }
                slot if self.get(slot - 1) == word => return slot - 1,
                _ => pos = (pos + 1) & mask,
            }
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
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
        scan_ascii(text, &mut Vec::new(), |p| match p {
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
    fn vocabulary_gives_dense_ids_per_pair_and_caches_stems() {
        let mut vocab = Vocabulary::default();
        let mut scratch = Vec::new();
        let porter = Some(StemRule::Porter);
        vocab.begin_pair(porter);
        let a = vocab.pair_id(b"running", porter, &mut scratch);
        let b = vocab.pair_id(b"run", porter, &mut scratch);
        let c = vocab.pair_id(b"running", None, &mut scratch);
        assert_eq!((a, b, c), (0, 0, 1));
        for i in 0..3000 {
            vocab.pair_id(format!("w{i}").as_bytes(), None, &mut scratch);
        }
        assert_eq!(vocab.pair_id(b"w999", porter, &mut scratch), 1001);
        assert_eq!(vocab.pair_len(), 3002);

        vocab.begin_pair(porter);
        assert_eq!(vocab.pair_len(), 0);
        assert_eq!(vocab.pair_id(b"w5", None, &mut scratch), 0);
        assert_eq!(vocab.pair_id(b"runs", porter, &mut scratch), 1);
        assert_eq!(vocab.pair_id(b"running", porter, &mut scratch), 1);
        assert_eq!(vocab.pair_len(), 2);

        // Another stemmer on the same thread: stems are recomputed, not taken from Porter's.
        let english = Some(StemRule::Snowball(Language::English));
        vocab.begin_pair(english);
        assert_eq!(vocab.pair_id(b"generously", english, &mut scratch), 0);
        assert_eq!(vocab.pair_id(b"generous", english, &mut scratch), 0);
        vocab.begin_pair(porter);
        // Porter: generously → gener, generous → gener too; the ids only have to agree.
        let x = vocab.pair_id(b"generously", porter, &mut scratch);
        assert_eq!(vocab.pair_id(b"gener", None, &mut scratch), x);
    }
}
