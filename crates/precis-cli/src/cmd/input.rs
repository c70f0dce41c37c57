//! Where an article comes from: a file (gzip or not), standard input, or the built-in sample.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use precis_batch::source;

use precis_core::ingest::{self, Ingested, InputFormat};

/// An article read for one command, with a name for messages.
pub struct Input {
    /// `"-"` for standard input, `"<sample>"` for the built-in sample, else the path.
    pub name: String,
    /// The text to work on (extracted from HTML when the input was a web page).
    pub ingested: Ingested,
}

/// `--input-format` on the command line.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormatArg {
    /// HTML when the input looks like a web page, plain text otherwise.
    #[default]
    Auto,
    /// Plain UTF-8 text.
    Text,
    /// A web page: extract the article first.
    Html,
}

impl From<InputFormatArg> for InputFormat {
    fn from(f: InputFormatArg) -> InputFormat {
        match f {
            InputFormatArg::Auto => InputFormat::Auto,
            InputFormatArg::Text => InputFormat::Text,
            InputFormatArg::Html => InputFormat::Html,
        }
    }
}

/// Reads `path` (`-` for stdin; gzip is decompressed). With no path, reads standard input — an
/// empty one is the empty-input error — except on an interactive terminal, where it falls back to
/// the built-in sample article (and says so on stderr).
pub fn read(path: Option<&PathBuf>, format: InputFormatArg) -> Result<Input> {
    let (name, bytes) = match path {
        None if std::io::stdin().is_terminal() => {
            say!(
                "precis: no input given; summarizing the built-in sample article \
                 (pass a file, or pipe text in; see --help)"
            );
            return Ok(Input {
                name: "<sample>".to_owned(),
                ingested: Ingested {
                    text: precis_core::sample::SAMPLE_ARTICLE.to_owned(),
                    html: None,
                },
            });
        }
        None => read_bytes(Path::new("-"))?,
        Some(p) => read_bytes(p)?,
    };
    let ingested = ingest::ingest(bytes, format.into()).with_context(|| display(&name))?;
    if let Some(origin) = &ingested.html {
        say!(
            "precis: {} is a web page; working on the article text extracted from it \
             ({} paragraphs{}); spans refer to that text",
            display(&name),
            origin.paragraphs,
            origin
                .title
                .as_deref()
                .map(|t| format!(", headline \"{t}\""))
                .unwrap_or_default()
        );
    }
    Ok(Input { name, ingested })
}

/// The bytes of `path` (`-` for standard input) and its name for messages, gzip decompressed
/// (detected by its magic bytes, as `batch` does): every command that reads one file uses this.
pub fn read_bytes(path: &Path) -> Result<(String, Vec<u8>)> {
    let name = path.display().to_string();
    let shown = display(&name);
    let mut source = source::open(path).with_context(|| format!("cannot read {shown}"))?;
    let mut bytes = Vec::new();
    source
        .reader
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {shown}"))?;
    Ok((name, bytes))
}

/// Says on stderr that a command is waiting for `what` on standard input, when `path` is `-` and
/// standard input is an interactive terminal (so it does not seem to hang).
pub fn note_reading_stdin(path: &Path, what: &str) {
    if path.as_os_str() == "-" && std::io::stdin().is_terminal() {
        say!(
            "precis: reading {what} as JSON Lines from standard input (end with Ctrl-D; \
             see --help for reading a file)"
        );
    }
}

/// How an input is named in messages.
pub fn display(name: &str) -> String {
    if name == "-" {
        "<stdin>".to_owned()
    } else {
        name.to_owned()
    }
}
