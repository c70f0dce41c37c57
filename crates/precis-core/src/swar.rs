//! Byte tests on eight bytes at once, packed in a `u64` ("SIMD within a register"), for the scans
//! that run over every byte of every article (form detection, case tests, word cues). Written by
//! hand: a handful of integer operations, where a SIMD crate would add a dependency and `unsafe`.

/// `0x01` in every byte.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;

/// `0x80` in every byte.
pub(crate) const HIGH_BITS: u64 = ONES * 0x80;

/// A mask with the high bit set in each byte of `x` in `lo..=hi`, and clear in every other byte
/// (those of `0x80` and above included). Needs `1 ≤ lo` and `hi ≤ 0x7F`. Exact per byte: the
/// arithmetic on the low seven bits never carries or borrows into the next byte.
pub(crate) const fn bytes_in(x: u64, lo: u8, hi: u8) -> u64 {
    let low7 = x & (ONES * 0x7F);
    let at_most_hi = ONES * (0x80 + hi as u64) - low7;
    let at_least_lo = low7 + ONES * (0x80 - lo as u64);
    at_most_hi & !x & at_least_lo & HIGH_BITS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_against_every_range() {
        for b in 0..=255u8 {
            for (lo, hi) in [
                (1, 0x7F),
                (0x21, 0x3F),
                (b'A', b'Z'),
                (b'0', b'9'),
                (b'\'', b'\''),
            ] {
                // The byte alone, and beside bytes that could carry or borrow into it.
                for fill in [0u8, 0x7F, 0x80, 0xFF] {
                    let mut bytes = [fill; 8];
                    bytes[3] = b;
                    let mask = bytes_in(u64::from_le_bytes(bytes), lo, hi);
                    let want = bytes.map(|x| if (lo..=hi).contains(&x) { 0x80 } else { 0 });
                    assert_eq!(
                        mask,
                        u64::from_le_bytes(want),
                        "{b:#x} in {lo:#x}..={hi:#x}"
                    );
                }
            }
        }
    }
}
