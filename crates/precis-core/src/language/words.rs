//! [`WordList`]: a fixed list of words, looked up by a few integer comparisons.
//!
//! Each word of at most 32 bytes becomes a pair of numbers that sorts like the word ([`key`]: its
//! bytes, big-endian, zero-padded); the list is sorted at compile time and searched by binary search.
//! Lookups lower-case the word first (ASCII by byte, other letters by Unicode), so a list is
//! written in lower case and matches any capitalization.

/// A sorted list of word keys. Build one with [`word_list!`](crate::word_list).
#[derive(Debug, Clone, Copy)]
pub struct WordList {
    /// Words of at most 16 bytes (nearly all): one number each, searched as such.
    short: &'static [u128],
    /// Longer words (Cyrillic and Greek ones past 8 letters).
    long: &'static [Key],
}

/// A word as two numbers: its first 16 bytes and the next 16 (zero-padded).
pub type Key = (u128, u128);

impl WordList {
    /// The empty list.
    pub const EMPTY: WordList = WordList {
        short: &[],
        long: &[],
    };

    /// A list from the keys of its words of at most 16 bytes ([`short_keys`]) and of its longer
    /// ones ([`long_keys`]); the [`word_list!`](crate::word_list) macro makes both.
    pub const fn from_keys(short: &'static [u128], long: &'static [Key]) -> WordList {
        WordList { short, long }
    }

    /// True when `word`, lower-cased (with `’` folded to `'`), is in the list.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        if self.is_empty() {
            return false;
        }
        match lower_key(word) {
            Some((high, 0)) => self.short.binary_search(&high).is_ok(),
            Some(key) => self.long.binary_search(&key).is_ok(),
            None => false,
        }
    }

    /// How many words the list holds.
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// True for the empty list.
    pub fn is_empty(&self) -> bool {
        self.short.is_empty() && self.long.is_empty()
    }
}

/// A word of at most 32 bytes as numbers that sort like the word. Longer words do not compile
/// into a list.
pub const fn key(word: &[u8]) -> Key {
    assert!(word.len() <= KEY_BYTES, "a listed word is at most 32 bytes");
    let mut bytes = [0u8; KEY_BYTES];
    let mut i = 0;
    while i < word.len() {
        bytes[i] = word[i];
        i += 1;
    }
    split_key(bytes)
}

const KEY_BYTES: usize = 32;

const fn split_key(bytes: [u8; KEY_BYTES]) -> Key {
    let (mut high, mut low) = ([0u8; 16], [0u8; 16]);
    let mut i = 0;
    while i < 16 {
        high[i] = bytes[i];
        low[i] = bytes[16 + i];
        i += 1;
    }
    (u128::from_be_bytes(high), u128::from_be_bytes(low))
}

/// How many words of `list` fit 16 bytes.
pub const fn count_short(list: &[&str]) -> usize {
    let (mut n, mut i) = (0, 0);
    while i < list.len() {
        n += (list[i].len() <= 16) as usize;
        i += 1;
    }
    n
}

/// The sorted first halves of the keys of the `N` words of `list` that fit 16 bytes.
pub const fn short_keys<const N: usize>(list: &[&str]) -> [u128; N] {
    let keys: [Key; N] = sorted_keys(list, true);
    let mut out = [0u128; N];
    let mut i = 0;
    while i < N {
        out[i] = keys[i].0;
        i += 1;
    }
    out
}

/// The sorted keys of the `N` words of `list` longer than 16 bytes.
pub const fn long_keys<const N: usize>(list: &[&str]) -> [Key; N] {
    sorted_keys(list, false)
}

/// The keys of the words of `list` that fit 16 bytes (`short`) or do not, sorted (an insertion
/// sort: lists are short and this runs at compile time).
const fn sorted_keys<const N: usize>(list: &[&str], short: bool) -> [Key; N] {
    let mut keys = [(0u128, 0u128); N];
    let (mut i, mut n) = (0, 0);
    while i < list.len() {
        if (list[i].len() <= 16) == short {
            keys[n] = key(list[i].as_bytes());
            let mut j = n;
            while j > 0 && greater(keys[j - 1], keys[j]) {
                let t = keys[j - 1];
                keys[j - 1] = keys[j];
                keys[j] = t;
                j -= 1;
            }
            n += 1;
        }
        i += 1;
    }
    keys
}

const fn greater(a: Key, b: Key) -> bool {
    a.0 > b.0 || (a.0 == b.0 && a.1 > b.1)
}

/// A [`WordList`] of string literals, written in lower case.
#[macro_export]
#[doc(hidden)]
macro_rules! word_list {
    ($($w:literal),* $(,)?) => {{
        const LIST: &[&str] = &[$($w),*];
        const SHORT: usize = $crate::language::words::count_short(LIST);
        const SHORT_KEYS: [u128; SHORT] = $crate::language::words::short_keys(LIST);
        const LONG_KEYS: [$crate::language::words::Key; LIST.len() - SHORT] =
            $crate::language::words::long_keys(LIST);
        $crate::language::WordList::from_keys(&SHORT_KEYS, &LONG_KEYS)
    }};
}

/// The [`key`] of `word` lower-cased (with `’` folded to `'`); `None` for a word longer than a
/// key (32 bytes), or with a non-ASCII char that lower-cases to ASCII (the Kelvin sign, `İ`), which no list
/// holds.
fn lower_key(word: &str) -> Option<Key> {
    let bytes = word.as_bytes();
    if bytes.len() <= 16 && bytes.is_ascii() {
        // Nearly every word looked up: one number, lower-cased byte for byte.
        let mut buf = [0u8; 16];
        for (to, from) in buf.iter_mut().zip(bytes) {
            *to = from.to_ascii_lowercase();
        }
        return Some((u128::from_be_bytes(buf), 0));
    }
    // Bytes, not chars, for ASCII: an ASCII byte never occurs inside a multi-byte char.
    let mut buf = [0u8; KEY_BYTES];
    let (mut n, mut i) = (0, 0);
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            *buf.get_mut(n)? = bytes[i].to_ascii_lowercase();
            i += 1;
            n += 1;
            continue;
        }
        let c = word[i..].chars().next()?;
        i += c.len_utf8();
        if c == '’' {
            *buf.get_mut(n)? = b'\'';
            n += 1;
            continue;
        }
        for l in c.to_lowercase() {
            if l.is_ascii() {
                return None;
            }
            let mut utf8 = [0u8; 4];
            let s = l.encode_utf8(&mut utf8).as_bytes();
            buf.get_mut(n..n + s.len())?.copy_from_slice(s);
            n += s.len();
        }
    }
    Some(split_key(buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case_and_fold_apostrophes() {
        let list = crate::word_list!["mr", "it's", "straße", "г", "été"];
        for w in ["Mr", "MR", "It’s", "STRASSE", "Straße", "Г", "ÉTÉ"] {
            assert_eq!(list.contains(w), w != "STRASSE", "{w}");
        }
        assert!(!list.contains("\u{212A}"));
        assert!(!list.contains("a-word-longer-than-the-thirty-two-bytes-of-a-key"));
        let long = crate::word_list!["подчеркнула", "a-word-of-twenty-bytes"];
        assert!(long.contains("Подчеркнула") && long.contains("A-word-of-twenty-bytes"));
        assert!(!long.contains("подчеркнул") && !long.contains("a-word-of-twenty-byte"));
        assert!(!WordList::EMPTY.contains("mr"));
    }

    #[test]
    fn sorted_at_compile_time() {
        const K: [u128; 3] = short_keys(&["b", "c", "a", "a-word-longer-than-sixteen"]);
        assert_eq!(K, [key(b"a").0, key(b"b").0, key(b"c").0]);
    }
}
