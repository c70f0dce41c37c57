//! `precis sentences`: the segmentation itself, with spans and boilerplate flags.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use precis_core::Document;
use precis_core::engine::collapse_space;
use serde_json::json;

use super::input;

/// Show how precis segments an article into sentences.
#[derive(Args, Debug)]
#[command(after_long_help = "\
Text output has one sentence per line: index, byte span, paragraph, a [kind] mark for
boilerplate (dateline, byline, timestamp, credit, promo, markup), then the sentence.

Examples:
  precis sentences story.txt
  precis sentences story.txt --format json | jq '.sentences[] | select(.boilerplate)'")]
pub struct SentencesArgs {
    /// The article: a UTF-8 text file, or `-` for standard input (default: piped input, or the
    /// built-in sample).
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// What the input is: `auto` detects web pages (their article is extracted first).
    #[arg(long, value_enum, default_value_t = input::InputFormatArg::Auto, value_name = "FORMAT")]
    pub input_format: input::InputFormatArg,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = SentencesFormat::Text)]
    pub format: SentencesFormat,
}

/// Output formats of `precis sentences`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentencesFormat {
    /// One sentence per line with its span and flags.
    Text,
    /// `{"form", "paragraphs", "sentences": [{"index", "start", "end", "paragraph", "text", "boilerplate"?}]}`.
    Json,
}

pub fn run(args: SentencesArgs) -> Result<ExitCode> {
    let input = input::read(args.path.as_ref(), args.input_format)?;
    let text = &input.ingested.text;
    if text.trim().is_empty() {
        bail!(
            "{}: {}",
            input::display(&input.name),
            precis_core::Error::EmptyInput
        );
    }
    let doc = Document::parse(text);
    let out = match args.format {
        SentencesFormat::Text => {
            let mut out = String::new();
            for s in doc.sentences() {
                let mark = s
                    .boilerplate
                    .map(|b| {
                        format!(
                            " [{}]",
                            serde_json::to_value(b)
                                .unwrap_or_default()
                                .as_str()
                                .unwrap_or("")
                        )
                    })
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{}\t{}..{}\tp{}{}\t{}\n",
                    s.index,
                    s.start,
                    s.end,
                    s.paragraph,
                    mark,
                    collapse_space(doc.sentence_text(s))
                ));
            }
            out
        }
        SentencesFormat::Json => {
            let sentences: Vec<_> = doc
                .sentences()
                .iter()
                .map(|s| {
                    let mut v = json!({
                        "index": s.index,
                        "start": s.start,
                        "end": s.end,
                        "paragraph": s.paragraph,
                        "text": doc.sentence_text(s),
                    });
                    if let Some(b) = s.boilerplate {
                        v["boilerplate"] = json!(b);
                    }
                    v
                })
                .collect();
            let v = json!({
                "form": doc.form(),
                "paragraphs": doc.paragraphs().len(),
                "sentences": sentences,
            });
            format!("{v}\n")
        }
    };
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .context("cannot write to standard output")?;
    Ok(ExitCode::SUCCESS)
}
