//! Stage 1 — ingest: the user's bytes → the text precis works on.
//!
//! Bytes must be UTF-8 text: invalid UTF-8 and NUL bytes (binary data) are refused with an error
//! that says where the problem is, never replaced silently — a replaced byte would shift every span
//! after it. A UTF-8 byte-order mark is kept (it counts as white space), so spans stay offsets into
//! exactly the bytes the user gave.

use crate::error::{Error, Result};

/// Checks and converts raw input bytes to text.
///
/// ```
/// assert!(precis_core::ingest::text_from_bytes(b"Hello.".to_vec()).is_ok());
/// assert!(precis_core::ingest::text_from_bytes(vec![0xff, 0xfe]).is_err());
/// ```
pub fn text_from_bytes(bytes: Vec<u8>) -> Result<String> {
    if let Some(offset) = memchr_nul(&bytes) {
        return Err(Error::Binary { offset });
    }
    String::from_utf8(bytes).map_err(|e| Error::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_binary_and_bad_utf8() {
        assert_eq!(
            text_from_bytes(b"ab\0c".to_vec()),
            Err(Error::Binary { offset: 2 })
        );
        assert_eq!(
            text_from_bytes(b"ok \xe9t\xe9".to_vec()),
            Err(Error::NotUtf8 { offset: 3 })
        );
        assert_eq!(text_from_bytes("\u{feff}Hi".into()).unwrap(), "\u{feff}Hi");
    }
}
