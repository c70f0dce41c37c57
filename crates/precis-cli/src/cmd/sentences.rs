//! `precis sentences`: the segmentation itself, with spans and boilerplate flags, for one article
//! or, with `--jsonl`, for every record of a JSON Lines file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use precis_batch::pipeline::{self, Line, Options};
use precis_batch::record::{
    RecordError, RecordFields, Rendered, error_line, panicked_line, parse_object, text_field,
};
use precis_batch::source;
use precis_core::Document;
use precis_core::engine::collapse_space;
use serde_json::{Value, json};

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

/// `--jsonl`: the segmentation of every record, streamed through the batch pipeline in order.
fn run_jsonl(path: &Path, fields: &RecordFields, threads: usize) -> Result<ExitCode> {
    let input = source::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut out = source::create(Path::new("-"))?;
    let options = Options {
        threads,
        ..Default::default()
    };
    let mut errors = 0u64;
    let mut write_error: Option<std::io::Error> = None;
    pipeline::run(
        input.reader,
        &options,
        |line| segment_line(fields, line),
        |line, rendered| {
            let rendered = rendered.unwrap_or_else(|p| panicked_line(line, &p));
            if !rendered.ok {
                errors += 1;
            }
            if write_error.is_none() {
                if let Err(e) = writeln!(out, "{}", rendered.json) {
                    write_error = Some(e);
                }
            }
        },
    )
    .with_context(|| format!("cannot read {}", path.display()))?;
    if let Some(e) = write_error {
        return Err(e).context("cannot write to standard output");
    }
    out.flush().context("cannot write to standard output")?;
    if errors > 0 {
        eprintln!(
            "precis: {}: {errors} records could not be segmented (error records written in their place)",
            path.display()
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// One record: `{"id", "sentences": [...]}`, or its error record.
fn segment_line(fields: &RecordFields, line: Line<'_>) -> Rendered {
    let parsed = parse_object(line, &fields.id).and_then(|(mut object, id)| {
        match text_field(&mut object, &fields.text) {
            Ok(text) => Ok((id, text)),
            Err(message) => Err(RecordError { id, message }),
        }
    });
    let (id, text) = match parsed {
        Ok(v) => v,
        Err(e) => return error_line(line.number, &e),
    };
    let doc = Document::parse(&text);
    let sentences: Vec<Value> = doc
        .sentences()
        .iter()
        .map(|s| {
            let mut v = serde_json::to_value(s).unwrap_or_default();
            v["text"] = Value::from(doc.sentence_text(s));
            v
        })
        .collect();
    Rendered {
        json: json!({"id": id, "sentences": sentences}).to_string(),
        ok: true,
    }
}
