//! Show how precis-extract read a page: dropped regions, then each block
//! with its measures and whether it was kept.
//!
//! Usage: `explain PAGE.html[.gz]`

use std::io::Read;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: explain PAGE.html[.gz]");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("explain: {path}: {e}");
            std::process::exit(1);
        }
    };
    let html = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        if let Err(e) = flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out) {
            eprintln!("explain: {path}: {e}");
            std::process::exit(1);
        }
        out
    } else {
        bytes
    };
    print!("{}", precis_extract::explain(&html));
}
