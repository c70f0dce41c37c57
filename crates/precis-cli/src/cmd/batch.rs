//! `precis batch`: JSON Lines in, one JSON line out per input line, in order.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use precis_batch::pipeline::{self, Options};
use precis_batch::record::{RecordFields, Rendered, panicked_line, summarize_line};
use precis_batch::source::{self, Output};

use super::options::SummaryArgs;
use super::records::{RecordSink, Settled};

/// Summarize many articles from JSON Lines, streaming, on all cores.
#[derive(Args, Debug)]
#[command(after_long_help = "\
Each input line is a JSON object with the article text (field `article` unless --text-field says
otherwise) and an optional id. Each output line, in input order, is either
  {\"id\": …, \"sentences\": [{\"index\", \"start\", \"end\", \"text\", \"score\"}], \"summary\": \"…\"}
or, for a record that cannot be summarized (invalid JSON or UTF-8, missing/empty/non-string text),
  {\"id\": …, \"line\": N, \"error\": \"what is wrong\"}
so the output always has exactly as many lines as the input. Gzip input is detected by its
content; an output path ending in .gz is compressed. A line over --max-record-bytes (default
16 MiB) is never held whole: it is read and dropped in pieces, and an error line takes its place.
Memory stays flat: at most 64 MiB of input (plus one chunk) is in flight, whatever the input.

Records are written as they complete, also when the input is a slow stream. An --output file is
written as NAME.partial-XXXXXX beside it and renamed over NAME only when the run completes; an
output that is the same file as the input is refused (exit 2).

Exit code 0 when every record succeeded; 1 when some failed (all others are still written), when
the output could not be written (a full disk, a closed pipe as in `precis batch | head`: the last
line on stderr says how many records were written, and a partial --output file is removed), or
when the run was interrupted. Ctrl-C or SIGTERM stops reading at once, even on a quiet input, and
writes every record already read; --output is then kept as NAME.partial-XXXXXX and NAME is left
as it was. A second Ctrl-C exits at once.

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
    /// first, and the output then carries "extracted": {"title", "text"}).
    #[arg(long, value_enum, default_value_t = super::input::InputFormatArg::Auto, value_name = "FORMAT")]
    pub input_format: super::input::InputFormatArg,

    #[command(flatten)]
    pub jobs: super::options::ThreadsArg,

    /// A longer input line is not read whole: an error line takes its place.
    #[arg(long, default_value_t = pipeline::DEFAULT_MAX_LINE_BYTES, value_name = "BYTES",
          value_parser = clap::builder::TypedValueParser::map(
              clap::value_parser!(u64).range(1..=(1 << 40)), |n| n as usize))]
    pub max_record_bytes: usize,

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
    super::input::note_reading_stdin(&args.input, "articles");
    let mut inputs = vec![args.input.as_path()];
    inputs.extend(args.summary.model.as_deref());
    source::check_distinct(&inputs, &[args.output.as_path()])?;

    // Installed before the input is opened: reading a quiet pipe must not outlast Ctrl-C.
    let stop = Arc::new(AtomicBool::new(false));
    install_stop_handlers(&stop)?;
    let input = source::open_interruptible(&args.input, stop.clone())
        .with_context(|| format!("cannot open {}", args.input.display()))?;
    let output = Output::create(&args.output)
        .with_context(|| format!("cannot create {}", args.output.display()))?;

    let bar = progress_bar(&args, input.size.filter(|_| !input.compressed));
    let on_progress = |records: u64, bytes: u64| {
        if let Some(bar) = &bar {
            if bar.length().is_some() {
                bar.set_position(bytes);
            }
            bar.set_message(progress_message(records, bytes, bar.elapsed()));
        }
    };
    let options = Options {
        threads: args.jobs.threads,
        max_line_bytes: args.max_record_bytes,
        stop: Some(stop),
        progress: Some(&on_progress),
        ..Default::default()
    };

    let mut sink = RecordSink::new(
        output,
        &args.output,
        |line, rendered: Result<Rendered, _>| {
            let rendered = rendered.unwrap_or_else(|p| panicked_line(line, &p));
            (rendered.json, rendered.ok)
        },
    );
    let run = pipeline::run_into(
        input.reader,
        &options,
        |line| summarize_line(&summarizer, &fields, line),
        &mut sink,
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let (stats, errors, note) = match sink.settle(run, &args.input) {
        Settled::Failed => return Ok(ExitCode::from(1)),
        Settled::Complete { stats, errors } => (stats, errors, String::new()),
        Settled::Interrupted {
            stats,
            errors,
            partial,
        } => {
            let kept = partial
                .map(|p| {
                    format!(
                        " to {} ({} was left as it was)",
                        p.display(),
                        args.output.display()
                    )
                })
                .unwrap_or_default();
            let note =
                format!("; interrupted: stopped reading, every record read was written{kept}");
            (stats, errors, note)
        }
    };
    let rate = stats.records as f64 / stats.seconds.max(1e-9);
    say!(
        "precis: {}, {}, {:.2} s ({:.0} records/s){note}",
        precis_batch::plural(stats.records, "record"),
        precis_batch::plural(errors, "error"),
        stats.seconds,
        rate,
    );
    Ok(if errors > 0 || stats.interrupted {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// SIGINT and SIGTERM raise `stop`: reading ends and every record read is still written. A second
/// signal, while that is under way, exits at once.
fn install_stop_handlers(stop: &Arc<AtomicBool>) -> Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    for signal in [SIGINT, SIGTERM] {
        let stop = stop.clone();
        let action = move || {
            if stop.swap(true, Ordering::SeqCst) {
                const MESSAGE: &[u8] =
                    b"\nprecis: interrupted again: exiting at once, the output is incomplete\n";
                // SAFETY: write(2) on stderr with a valid buffer; async-signal-safe.
                unsafe {
                    libc::write(2, MESSAGE.as_ptr().cast(), MESSAGE.len());
                }
                signal_hook::low_level::exit(1);
            }
        };
        // SAFETY: the action only swaps an atomic flag, calls write(2) and _exit(2), all of them
        // async-signal-safe; it allocates nothing and takes no lock.
        unsafe { signal_hook::low_level::register(signal, action) }
            .context("cannot install the Ctrl-C handler")?;
    }
    Ok(())
}

fn progress_bar(args: &BatchArgs, size: Option<u64>) -> Option<ProgressBar> {
    if args.quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    // Rates come from progress_message (records/s and MB/s with units, fixed width); indicatif's
    // own {per_sec} counts the bar's unit (bytes here) with four decimals.
    let bar = match size {
        Some(n) => ProgressBar::new(n).with_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:24} {percent:>3}% {msg} ETA {eta:>4}",
            )
            .ok()?,
        ),
        None => ProgressBar::new_spinner()
            .with_style(ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}").ok()?),
    };
    bar.set_message(progress_message(0, 0, Duration::ZERO));
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}

/// The progress line's figures, each in a fixed width so the line does not jump:
/// `    12,345 records   1,234 rec/s    3.2 MB/s`.
fn progress_message(records: u64, bytes: u64, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64().max(1e-3);
    let per_sec = (records as f64 / secs).round() as u64;
    let mb_per_sec = bytes as f64 / secs / 1e6;
    format!(
        "{:>11} records {:>9} rec/s {:>7.1} MB/s",
        thousands(records),
        thousands(per_sec),
        mb_per_sec
    )
}

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_figures_have_units_and_a_stable_width() {
        let a = progress_message(12_345, 3_200_000, Duration::from_secs(1));
        assert_eq!(a, "     12,345 records    12,345 rec/s     3.2 MB/s");
        let b = progress_message(22_793_189, 9_000_000_000, Duration::from_millis(2500));
        assert_eq!(b, " 22,793,189 records 9,117,276 rec/s  3600.0 MB/s");
        assert_eq!(a.len(), b.len());
        assert_eq!(progress_message(0, 0, Duration::ZERO).len(), a.len());
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
    }
}
