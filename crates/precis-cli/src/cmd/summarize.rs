//! `precis summarize`: one article in, its highlights out.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use precis_core::{Format, SummaryRecord, render};

use super::input;
use super::options::SummaryArgs;

/// Summarize one article.
#[derive(Args, Debug)]
#[command(after_long_help = "\
Examples:
  precis summarize                        the built-in sample article
  precis summarize story.txt -n 2         two sentences
  precis summarize story.txt --words 60   whole sentences, up to 60 words
  cat story.txt | precis summarize -a lexrank --format json
  precis summarize saved-page.html        a web page: the article is extracted first

For a web page, JSON output adds \"extracted\": {\"title\", \"text\"} and
\"spans_refer_to\": \"extracted.text\": the spans index the extracted text, not the HTML.")]
pub struct SummarizeArgs {
    /// The article: a UTF-8 text file, or `-` for standard input. Without it, piped input is read,
    /// or the built-in sample is summarized when nothing is piped.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    #[command(flatten)]
    pub summary: SummaryArgs,

    /// What the input is: `auto` detects web pages (their article is extracted first).
    #[arg(long, value_enum, default_value_t = input::InputFormatArg::Auto, value_name = "FORMAT")]
    pub input_format: input::InputFormatArg,

    /// Output format: one highlight per line, a Markdown list, or JSON with byte spans and scores.
    #[arg(short, long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
}

/// Output formats on the command line.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatArg {
    /// One highlight per line.
    Text,
    /// A Markdown bullet list.
    Markdown,
    /// `{"algorithm", "input_sentences", "sentences": [{"index", "start", "end", "char_start",
    /// "char_end", "text", "score"}], "summary"}` (schema: docs/summary.schema.json).
    Json,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Json => Format::Json,
        }
    }
}

pub fn run(args: SummarizeArgs) -> Result<ExitCode> {
    let summarizer = args.summary.summarizer()?;
    let input = input::read(args.path.as_ref(), args.input_format)?;
    let summary = summarizer
        .summarize(&input.ingested.text)
        .with_context(|| input::display(&input.name))?;
    let out = render(
        &SummaryRecord::new(summary, input.ingested),
        args.format.into(),
    );
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .context("cannot write to standard output")?;
    Ok(ExitCode::SUCCESS)
}
