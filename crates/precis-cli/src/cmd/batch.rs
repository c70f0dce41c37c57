//! `precis batch`: JSON Lines in, one JSON line out per input line, in order.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use precis_batch::pipeline::{self, Options};
use precis_batch::record::{RecordFields, panicked_line, summarize_line};
use precis_batch::source;

use super::options::SummaryArgs;

/// Summarize many articles from JSON Lines, streaming, on all cores.
#[derive(Args, Debug)]
#[command(after_long_help = "\
Each input line is a JSON object with the article text (field `article` unless --text-field says
otherwise) and an optional id. Each output line, in input order, is either
  {\"id\": …, \"sentences\": [{\"index\", \"start\", \"end\", \"text\", \"score\"}], \"summary\": \"…\"}
or, for a record that cannot be summarized (invalid JSON or UTF-8, missing/empty/non-string text),
  {\"id\": …, \"line\": N, \"error\": \"what is wrong\"}
so the output always has exactly as many lines as the input. Gzip input is detected by its
content; an output path ending in .gz is compressed.

Exit code 0 when every record succeeded, 1 when some failed (all others are still written).
Ctrl-C stops reading and writes every record already read before exiting.

With --urls FILE, each input line is a URL (or, with --url-field NAME, a JSON object holding one):
the page is fetched, its article extracted and summarized; the output line carries \"id\" (the
record's id, else the URL), \"line\" and the summary with \"extracted\" (title, text, authors,
date, site_name, language, url, description, image), or an error (DNS, TLS, timeout, HTTP status,
not a web page, too large, no article) in its place.

Examples:
  precis batch --input articles.jsonl.gz --output summaries.jsonl
  precis batch --urls links.txt --fetch-concurrency 32 --per-host 2 > summaries.jsonl
  zcat dump.jsonl.gz | precis batch --text-field body --id-field url -a lexrank > out.jsonl")]
pub struct BatchArgs {
    /// Input JSON Lines file (optionally gzip), or `-` for standard input.
    #[arg(short, long, default_value = "-", value_name = "PATH")]
    pub input: PathBuf,

    /// Output file (`.gz` to compress), or `-` for standard output.
    #[arg(short, long, default_value = "-", value_name = "PATH")]
    pub output: PathBuf,

    #[command(flatten)]
    pub summary: SummaryArgs,

    /// The field that holds the article text.
    #[arg(long, default_value = "article", value_name = "NAME")]
    pub text_field: String,

    /// The field that holds the record id (the line number when absent).
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_field: String,

    /// What the text field holds: `auto` detects web pages per record (their article is extracted
    /// first, and the output then carries \"extracted\": {\"title\", \"text\"}).
    #[arg(long, value_enum, default_value_t = super::input::InputFormatArg::Auto, value_name = "FORMAT")]
    pub input_format: super::input::InputFormatArg,

    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, default_value_t = 0, value_name = "N")]
    pub threads: usize,

    /// Do not show a progress bar, even on a terminal.
    #[arg(long)]
    pub quiet: bool,

    /// Fetch and summarize the web pages listed in this file (`-` for standard input): one URL
    /// per line, or JSON Lines with the URL in --url-field. Replaces --input.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["input", "text_field", "input_format"])]
    pub urls: Option<PathBuf>,

    /// With --urls: the input is JSON Lines and this field holds each record's URL.
    #[arg(long, value_name = "NAME", requires = "urls")]
    pub url_field: Option<String>,

    #[command(flatten)]
    pub fetch: super::web::FetchArgs,
}

pub fn run(args: BatchArgs) -> Result<ExitCode> {
    if let Some(urls) = &args.urls {
        return super::batch_urls::run(&args, urls);
    }
    let summarizer = args.summary.summarizer()?;
    let fields = RecordFields {
        text: args.text_field.clone(),
        id: args.id_field.clone(),
        format: args.input_format.into(),
    };
    let input = source::open(&args.input)
        .with_context(|| format!("cannot open {}", args.input.display()))?;
    let mut output = source::create(&args.output)
        .with_context(|| format!("cannot create {}", args.output.display()))?;

    let stop = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGINT, stop.clone())
        .context("cannot install the Ctrl-C handler")?;
    signal_hook::flag::register(signal_hook::consts::SIGTERM, stop.clone())
        .context("cannot install the SIGTERM handler")?;

    let bar = progress_bar(&args, input.size.filter(|_| !input.compressed));
    let on_progress = |records: u64, bytes: u64| {
        if let Some(bar) = &bar {
            if bar.length().is_some() {
                bar.set_position(bytes);
            }
            bar.set_message(format!("{records} records"));
        }
    };
    let options = Options {
        threads: args.threads,
        stop: Some(stop),
        progress: Some(&on_progress),
        ..Default::default()
    };

    let mut errors = 0u64;
    let mut write_error: Option<std::io::Error> = None;
    let stats = pipeline::run(
        input.reader,
        &options,
        |line| summarize_line(&summarizer, &fields, line),
        |line, rendered| {
            let rendered = rendered.unwrap_or_else(|p| panicked_line(line, &p));
            if !rendered.ok {
                errors += 1;
            }
            if write_error.is_none() {
                let r = output
                    .write_all(rendered.json.as_bytes())
                    .and_then(|_| output.write_all(b"\n"));
                if let Err(e) = r {
                    write_error = Some(e);
                }
            }
        },
    );
    let flushed = output.flush();
    drop(output);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    if let Some(e) = write_error {
        return Err(e).context(format!("cannot write to {}", args.output.display()));
    }
    flushed.with_context(|| format!("cannot write to {}", args.output.display()))?;
    let stats = stats.with_context(|| format!("cannot read {}", args.input.display()))?;

    let rate = stats.records as f64 / stats.seconds.max(1e-9);
    eprintln!(
        "precis: {} records, {} errors, {:.2} s ({:.0} records/s){}",
        stats.records,
        errors,
        stats.seconds,
        rate,
        if stats.interrupted {
            "; interrupted: stopped reading, every record read was written"
        } else {
            ""
        }
    );
    Ok(if errors > 0 || stats.interrupted {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn progress_bar(args: &BatchArgs, size: Option<u64>) -> Option<ProgressBar> {
    if args.quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = match size {
        Some(n) => ProgressBar::new(n).with_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg} ({per_sec}, ETA {eta})",
            )
            .ok()?,
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}").ok()?,
        ),
    };
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}
