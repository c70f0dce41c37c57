//! Where an article comes from: a file, standard input, or the built-in sample.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use anyhow::{Context, Result};

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

/// Reads `path` (`-` for stdin). With no path, reads piped stdin, or falls back to the built-in
/// sample article when stdin is a terminal (and says so on stderr).
pub fn read(path: Option<&PathBuf>, format: InputFormatArg) -> Result<Input> {
    let (name, bytes) = match path {
        Some(p) if p.as_os_str() == "-" => ("-".to_owned(), read_stdin()?),
        Some(p) => {
            let name = p.display().to_string();
            let bytes = std::fs::read(p).with_context(|| format!("cannot read {name}"))?;
            (name, bytes)
        }
        None if !stdin_has_data_source() => {
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
        None => ("-".to_owned(), read_stdin()?),
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

/// True when standard input is a pipe, socket or file. A terminal — or a character device such as
/// `/dev/null`, as under CI or cron — means nothing was given, and the sample is used.
fn stdin_has_data_source() -> bool {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::FileTypeExt;
        let kind = stdin
            .as_fd()
            .try_clone_to_owned()
            .map(std::fs::File::from)
            .and_then(|f| f.metadata())
            .map(|m| m.file_type());
        match kind {
            Ok(t) => t.is_fifo() || t.is_socket() || t.is_file(),
            Err(_) => true,
        }
    }
    #[cfg(not(unix))]
    true
}

fn read_stdin() -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .context("cannot read standard input")?;
    Ok(bytes)
}

/// How an input is named in messages.
pub fn display(name: &str) -> String {
    if name == "-" {
        "<stdin>".to_owned()
    } else {
        name.to_owned()
    }
}
