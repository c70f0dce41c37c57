//! Reading CNN/DailyMail-format files into memory, and the deterministic tuning / held-out split.

use std::io::BufRead;
use std::path::Path;

use precis_batch::Line;
use precis_batch::source;
use precis_eval::dataset::{self, Article};

use crate::Error;

/// Reads the articles of a CNN/DailyMail-format file (gzip or not). With `limit`, keeps that many
/// spread evenly over the file: the training release lists all its CNN stories before the Daily
/// Mail ones, so its first N articles would be a different corpus. Records without an article
/// (the release has a few empty ones) are skipped; a line that is not a JSON record is an error.
pub fn read(path: &Path, limit: Option<usize>) -> Result<Vec<Article>, Error> {
    let io = |e: std::io::Error| Error::Io(format!("{}: {e}", path.display()));
    let mut reader = source::open(path).map_err(io)?.reader;
    let mut articles = Vec::new();
    let mut buf = Vec::new();
    let mut number = 0u64;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf).map_err(io)? == 0 {
            break;
        }
        number += 1;
        let bytes = buf.strip_suffix(b"\n").unwrap_or(&buf);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match dataset::parse(Line { number, bytes }) {
            Ok(article) => articles.push(article),
            Err(e) if e.message.contains("'article'") => {}
            Err(e) => {
                return Err(Error::Data(format!(
                    "{}:{number}: {}",
                    path.display(),
                    e.message
                )));
            }
        }
    }
    if let Some(n) = limit.filter(|&n| n < articles.len()) {
        let total = articles.len();
        let mut keep = (0..n).map(|k| k * total / n).peekable();
        let mut index = 0;
        articles.retain(|_| {
            let kept = keep.next_if_eq(&index).is_some();
            index += 1;
            kept
        });
    }
    Ok(articles)
}

/// Which part of a validation file an article belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// Used to tune the selection policy (about 80%).
    Tuning,
    /// Never looked at while tuning (about 20%): the honest figures.
    HeldOut,
}

impl Part {
    /// Name in reports and file names.
    pub fn name(self) -> &'static str {
        match self {
            Part::Tuning => "tuning",
            Part::HeldOut => "heldout",
        }
    }
}

/// The part of an article, from its id alone: held out when the 64-bit FNV-1a hash of the id
/// (its string, or its JSON text when not a string) is divisible by 5. Stable across runs,
/// machines and file orders.
pub fn part(id: &serde_json::Value) -> Part {
    let text = match id {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    if h % 5 == 0 {
        Part::HeldOut
    } else {
        Part::Tuning
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_is_stable_and_about_one_in_five() {
        assert_eq!(part(&"abc".into()), part(&"abc".into()));
        let held = (0..10_000)
            .filter(|i| part(&format!("{i:040x}").into()) == Part::HeldOut)
            .count();
        assert!((1_800..2_200).contains(&held), "{held}");
        // Pinned: changing the rule would silently move articles between the parts.
        let pinned: Vec<Part> = ["a", "b", "c", "d", "e", "f"]
            .iter()
            .map(|s| part(&(*s).into()))
            .collect();
        assert_eq!(pinned, PINNED);
    }

    const PINNED: [Part; 6] = [
        Part::Tuning,
        Part::Tuning,
        Part::Tuning,
        Part::Tuning,
        Part::Tuning,
        Part::HeldOut,
    ];
}
