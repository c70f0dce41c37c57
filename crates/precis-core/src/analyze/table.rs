//! An insert-only hash table from words (byte strings) to `u32`, for the word pipeline's memo.
//!
//! Every token of every document is looked up here, so a lookup is kept to a few instructions:
//! a word of up to 16 bytes is its length and two integers loaded from its bytes ([`Key`]), which
//! serve as hash input and as the stored key alike. Finding it compares three integers, with no
//! string stored elsewhere to read and no `memcmp` call. Longer words (rare) keep their bytes in
//! one buffer and are compared by hash, then bytes.

/// Words longer than this are stored by hash and bytes instead of by their [`Key`].
const INLINE: usize = 16;

/// A word's lookup key.
#[derive(Debug, Clone, Copy)]
struct Key {
    /// Up to 16 of the word's bytes: with `tag` they determine a word of at most 16 bytes.
    a: u64,
    b: u64,
    /// The word's length + 1, so that 0 marks an empty slot.
    tag: u32,
    hash: u64,
}

impl Key {
    #[inline(always)]
    fn new(word: &[u8]) -> Key {
        let n = word.len();
        // Overlapping loads cover every byte: first and last 8 (9–16 bytes), first and last 4
        // (4–8 bytes), first, middle and last (1–3 bytes).
        let (a, b) = if n >= 8 {
            (le64(&word[..8]), le64(&word[n - 8..]))
        } else if n >= 4 {
            (le32(&word[..4]) | (le32(&word[n - 4..]) << 32), 0)
        } else if n > 0 {
            let (x, y, z) = (word[0], word[n / 2], word[n - 1]);
            (u64::from(x) | (u64::from(y) << 8) | (u64::from(z) << 16), 0)
        } else {
            (0, 0)
        };
        let tag = n as u32 + 1;
        let mut hash = short_hash(a, b, tag);
        if n > INLINE {
            hash = long_hash(hash, word);
        }
        Key { a, b, tag, hash }
    }
}

/// Digits of π, as in foldhash: arbitrary, with bits spread.
const K0: u64 = 0x243f_6a88_85a3_08d3;
const K1: u64 = 0x1319_8a2e_0370_7344;

/// The hash of a word of at most [`INLINE`] bytes, from its key.
#[inline]
fn short_hash(a: u64, b: u64, tag: u32) -> u64 {
    mix(a ^ K0, b ^ K1 ^ u64::from(tag))
}

/// The hash of a longer word: also its middle bytes, which `a` and `b` leave out.
#[cold]
fn long_hash(mut hash: u64, word: &[u8]) -> u64 {
    for chunk in word[8..word.len() - 8].chunks(8) {
        let mut bytes = [0; 8];
        bytes[..chunk.len()].copy_from_slice(chunk);
        hash = mix(hash ^ u64::from_le_bytes(bytes), K1);
    }
    hash
}

/// Folded multiply: both halves of the 128-bit product, xor-ed.
#[inline]
fn mix(x: u64, y: u64) -> u64 {
    let p = u128::from(x) * u128::from(y);
    (p as u64) ^ ((p >> 64) as u64)
}

#[inline]
fn le64(b: &[u8]) -> u64 {
    u64::from_le_bytes(b.try_into().expect("8 bytes"))
}

#[inline]
fn le32(b: &[u8]) -> u64 {
    u64::from(u32::from_le_bytes(b.try_into().expect("4 bytes")))
}

/// A slot: a word of at most [`INLINE`] bytes as its key's `a`, `b` and `tag`; a longer word as
/// the offset of its bytes in [`WordTable::long`], its hash and `tag`. `tag == 0`: empty.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    a: u64,
    b: u64,
    tag: u32,
    value: u32,
}

/// Word → `u32`, open addressing with linear probing, at most half full.
#[derive(Debug)]
pub(super) struct WordTable {
    /// A power of two in number.
    slots: Vec<Slot>,
    len: usize,
    /// The bytes of the words longer than [`INLINE`].
    long: Vec<u8>,
}

impl Default for WordTable {
    fn default() -> Self {
        WordTable {
            slots: vec![Slot::default(); 64],
            len: 0,
            long: Vec::new(),
        }
    }
}

impl WordTable {
    /// Number of words.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The value of `word`.
    #[inline]
    pub(super) fn get(&self, word: &[u8]) -> Option<u32> {
        self.find(&Key::new(word), word).ok()
    }

    /// Adds `word`, which must be absent, with `value`.
    pub(super) fn insert(&mut self, word: &[u8], value: u32) {
        let key = Key::new(word);
        let Err(i) = self.find(&key, word) else {
            panic!("word inserted twice");
        };
        self.slots[i] = if word.len() <= INLINE {
            Slot {
                a: key.a,
                b: key.b,
                tag: key.tag,
                value,
            }
        } else {
            let at = self.long.len() as u64;
            self.long.extend_from_slice(word);
            Slot {
                a: at,
                b: key.hash,
                tag: key.tag,
                value,
            }
        };
        self.len += 1;
        if 2 * self.len > self.slots.len() {
            self.grow();
        }
    }

    /// The value of `word` (whose key is `key`), or the empty slot where it would go.
    #[inline(always)]
    fn find(&self, key: &Key, word: &[u8]) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut i = key.hash as usize & mask;
        loop {
            let s = &self.slots[i];
            if s.tag == key.tag {
                let found = if word.len() <= INLINE {
                    s.a == key.a && s.b == key.b
                } else {
                    s.b == key.hash && &self.long[s.a as usize..][..word.len()] == word
                };
                if found {
                    return Ok(s.value);
                }
            } else if s.tag == 0 {
                return Err(i);
            }
            i = (i + 1) & mask;
        }
    }

    /// Doubles the slots, placing every word anew.
    fn grow(&mut self) {
        let grown = vec![Slot::default(); 2 * self.slots.len()];
        let old = std::mem::replace(&mut self.slots, grown);
        let mask = self.slots.len() - 1;
        for s in old.into_iter().filter(|s| s.tag != 0) {
            let hash = if s.tag as usize - 1 <= INLINE {
                short_hash(s.a, s.b, s.tag)
            } else {
                s.b
            };
            let mut i = hash as usize & mask;
            while self.slots[i].tag != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(t: &WordTable, w: &str) -> Option<u32> {
        t.get(w.as_bytes())
    }

    fn insert(t: &mut WordTable, w: &str, v: u32) {
        t.insert(w.as_bytes(), v);
    }

    #[test]
    fn keys_tell_words_apart() {
        let words = [
            "",
            "a",
            "b",
            "ab",
            "ba",
            "aa",
            "abc",
            "acc",
            "aac",
            "abcd",
            "abcde",
            "abxde",
            "abcdefgh",
            "abcdefghi",
            "abcdefgxi",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
            "abcdefghijklmnopq",
            "abcdefghijklmnopr",
            "abcdefghXjklmnopq",
            "abcdefghijklmnopqrstuvwxyz0123456789",
            "abcdefghijklmnopqrstuvwxyz0123456788",
            "abcdefghijklmnopqrstuvwxyZ0123456789",
        ];
        let mut t = WordTable::default();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(get(&t, w), None, "{w}");
            insert(&mut t, w, i as u32);
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(get(&t, w), Some(i as u32), "{w}");
        }
        assert_eq!(t.len(), words.len());
        assert_eq!(get(&t, "abcdefghijklmnopqrstuvwxyz012345678"), None);
    }

    proptest::proptest! {
        /// Agrees with a `HashMap` through growth, on words of every length class.
        #[test]
        fn agrees_with_a_hash_map(words in proptest::collection::vec("[ab]{0,20}|[a-z]{0,40}", 0..300)) {
            let mut t = WordTable::default();
            let mut m = std::collections::HashMap::new();
            for w in &words {
                proptest::prop_assert_eq!(get(&t, w), m.get(w.as_str()).copied());
                if !m.contains_key(w.as_str()) {
                    let v = m.len() as u32;
                    m.insert(w.as_str(), v);
                    insert(&mut t, w, v);
                }
            }
            for (w, &v) in &m {
                proptest::prop_assert_eq!(get(&t, w), Some(v));
            }
            proptest::prop_assert_eq!(t.len(), m.len());
        }
    }
}
