//! Opening inputs and outputs: files or standard streams, gzip detected by its magic bytes on
//! input and by a `.gz` suffix on output.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;

use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;

/// An opened input: a buffered reader and, for regular files, the size in bytes (for progress).
pub struct Source {
    /// The (decompressed) bytes.
    pub reader: Box<dyn BufRead + Send>,
    /// Size of the file on disk, when known.
    pub size: Option<u64>,
    /// True when the input is gzip-compressed (the size then counts compressed bytes).
    pub compressed: bool,
}

/// Opens `path` (`-` for standard input), transparently decompressing gzip.
pub fn open(path: &Path) -> io::Result<Source> {
    if path.as_os_str() == "-" {
        return Ok(wrap(Box::new(io::stdin()), None));
    }
    let file = File::open(path)?;
    let size = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    Ok(wrap(Box::new(file), size))
}

fn wrap(raw: Box<dyn Read + Send>, size: Option<u64>) -> Source {
    let mut buffered = BufReader::with_capacity(1 << 16, raw);
    let gz = matches!(buffered.fill_buf(), Ok(head) if head.starts_with(&[0x1f, 0x8b]));
    if gz {
        Source {
            reader: Box::new(BufReader::with_capacity(
                1 << 16,
                MultiGzDecoder::new(buffered),
            )),
            size,
            compressed: true,
        }
    } else {
        Source {
            reader: Box::new(buffered),
            size,
            compressed: false,
        }
    }
}

/// Creates `path` (`-` for standard output); a `.gz` suffix writes gzip.
pub fn create(path: &Path) -> io::Result<Box<dyn Write + Send>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(BufWriter::with_capacity(1 << 16, io::stdout())));
    }
    let file = BufWriter::with_capacity(1 << 16, File::create(path)?);
    if path.extension().is_some_and(|e| e == "gz") {
        Ok(Box::new(GzEncoder::new(file, Compression::default())))
    } else {
        Ok(Box::new(file))
    }
}
