//! `precis batch --urls`: fetch, extract and summarize many web pages, one output line per input
//! line, in input order.
//!
//! A reader thread feeds lines into a bounded channel; each line becomes a task (fetch on the
//! runtime, extraction and summarizing on a blocking thread); `buffered` keeps at most `window`
//! tasks in flight and yields them in input order, so memory stays bounded by the window whatever
//! the input's length. The fetcher enforces the overall and per-host connection limits.

use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use futures_util::StreamExt;
use precis_batch::record::{RecordError, Rendered, error_line, success_line};
use precis_batch::source;
use precis_core::Summarizer;
use serde_json::Value;

use super::batch::BatchArgs;
use super::web;

/// Longest input line read (a URL list line, or a JSON record holding a URL).
const MAX_LINE_BYTES: usize = 64 * 1024;

pub fn run(args: &BatchArgs, urls: &Path) -> Result<ExitCode> {
    let summarizer = Arc::new(args.summary.summarizer()?);
    let fetcher = args.fetch.fetcher()?;
    let input = source::open(urls).with_context(|| format!("cannot open {}", urls.display()))?;
    let mut output = source::create(&args.output)
        .with_context(|| format!("cannot create {}", args.output.display()))?;
    let threads = args.jobs.count();
    // Enough tasks in flight to keep every connection busy while earlier ones are summarized.
    let window = args.fetch.fetch_concurrency.max(1) * 2 + threads;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .max_blocking_threads(threads)
        .build()
        .context("cannot start the HTTP runtime")?;

    let (tx, rx) = tokio::sync::mpsc::channel::<(u64, std::io::Result<Vec<u8>>)>(window);
    let reader = std::thread::spawn(move || read_lines(input.reader, tx));

    let url_field = args.url_field.clone();
    let start = Instant::now();
    let (mut records, mut errors) = (0u64, 0u64);
    let mut write_error = None;
    let mut read_error = None;
    runtime.block_on(async {
        let lines = futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|item| (item, rx))
        });
        let results = lines
            .map(|(number, line)| {
                let (fetcher, summarizer, url_field) =
                    (fetcher.clone(), summarizer.clone(), url_field.clone());
                async move {
                    let line = match line {
                        Ok(line) => line,
                        Err(e) => return Err(e),
                    };
                    Ok(one(&fetcher, summarizer, url_field.as_deref(), number, line).await)
                }
            })
            .buffered(window);
        let mut results = std::pin::pin!(results);
        while let Some(result) = results.next().await {
            let rendered = match result {
                Ok(r) => r,
                Err(e) => {
                    read_error = Some(e);
                    break;
                }
            };
            records += 1;
            errors += u64::from(!rendered.ok);
            if write_error.is_none() {
                let r = output
                    .write_all(rendered.json.as_bytes())
                    .and_then(|_| output.write_all(b"\n"));
                write_error = r.err();
            }
        }
    });
    drop(runtime);
    let flushed = output.flush();
    drop(output);
    let _ = reader.join();
    if let Some(e) = write_error {
        return Err(e).context(format!("cannot write to {}", args.output.display()));
    }
    flushed.with_context(|| format!("cannot write to {}", args.output.display()))?;
    if let Some(e) = read_error {
        return Err(e).context(format!("cannot read {}", urls.display()));
    }
    let seconds = start.elapsed().as_secs_f64();
    say!(
        "precis: {records} pages, {errors} errors, {seconds:.2} s ({:.1} pages/s)",
        records as f64 / seconds.max(1e-9)
    );
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Sends each line (numbered from 1, newline removed, cut at [`MAX_LINE_BYTES`]) until the input
/// ends or fails, or the receiver is gone.
fn read_lines(
    mut reader: Box<dyn BufRead + Send>,
    tx: tokio::sync::mpsc::Sender<(u64, std::io::Result<Vec<u8>>)>,
) {
    let mut number = 0u64;
    loop {
        let mut line = Vec::new();
        match (&mut reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut line)
        {
            Ok(0) => return,
            Ok(_) => {
                number += 1;
                let complete = line.last() == Some(&b'\n');
                if !complete && line.len() > MAX_LINE_BYTES {
                    // Skip the rest of an over-long line; it becomes an error record.
                    let _ = reader.skip_until(b'\n');
                } else {
                    while matches!(line.last(), Some(b'\n' | b'\r')) {
                        line.pop();
                    }
                }
                if tx.blocking_send((number, Ok(line))).is_err() {
                    return;
                }
            }
            Err(e) => {
                let _ = tx.blocking_send((number + 1, Err(e)));
                return;
            }
        }
    }
}

/// One input line: its URL, fetched, extracted and summarized, or the error in its place.
async fn one(
    fetcher: &precis_fetch::Fetcher,
    summarizer: Arc<Summarizer>,
    url_field: Option<&str>,
    number: u64,
    line: Vec<u8>,
) -> Rendered {
    let (id, url) = match parse(&line, url_field, number) {
        Ok(found) => found,
        Err(e) => return error_line(number, &e),
    };
    let fail = |message: String| {
        error_line(
            number,
            &RecordError {
                id: id.clone(),
                message,
            },
        )
    };
    match web::summarize_url(fetcher, summarizer, &url).await {
        Ok(record) => success_line(&id, number, &record),
        Err(e) => fail(format!("{url}: {e}")),
    }
}

/// The record's id and URL: a plain line is the URL (and its id); with `--url-field`, a JSON
/// object whose `id` (if any) is the id.
fn parse(
    line: &[u8],
    url_field: Option<&str>,
    number: u64,
) -> Result<(Value, String), RecordError> {
    let err = |message: String| RecordError {
        id: Value::from(number),
        message,
    };
    if line.len() > MAX_LINE_BYTES {
        return Err(err(format!("line longer than {MAX_LINE_BYTES} bytes")));
    }
    let text = std::str::from_utf8(line).map_err(|_| err("the line is not valid UTF-8".into()))?;
    let text = text.trim();
    if text.is_empty() {
        return Err(err("empty line (expected a URL)".into()));
    }
    let Some(field) = url_field else {
        return Ok((Value::from(text), text.to_owned()));
    };
    let (mut object, id) = precis_batch::record::parse_object(
        precis_batch::pipeline::Line {
            number,
            bytes: text.as_bytes(),
        },
        "id",
    )?;
    let has_id = object.get("id").is_some_and(|v| !v.is_null());
    match object.remove(field) {
        Some(Value::String(url)) if !url.trim().is_empty() => {
            let id = if !has_id { Value::from(url.trim()) } else { id };
            Ok((id, url.trim().to_owned()))
        }
        Some(other) => Err(RecordError {
            id,
            message: format!(
                "field '{field}' must be a non-empty string, found {}",
                precis_batch::record::kind(&other)
            ),
        }),
        None => Err(RecordError {
            id,
            message: format!("missing field '{field}'"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_records_give_ids_and_urls() {
        let got = parse(b" https://a.example/x ", None, 3).unwrap();
        assert_eq!(
            got,
            (
                Value::from("https://a.example/x"),
                "https://a.example/x".into()
            )
        );
        let got = parse(br#"{"id":7,"link":"https://a.example/y"}"#, Some("link"), 4).unwrap();
        assert_eq!(got, (Value::from(7), "https://a.example/y".into()));
        let got = parse(br#"{"link":"https://a.example/z"}"#, Some("link"), 5).unwrap();
        assert_eq!(got.0, Value::from("https://a.example/z"));
        assert_eq!(
            parse(b"", None, 6).unwrap_err().message,
            "empty line (expected a URL)"
        );
        assert_eq!(
            parse(br#"{"url":1}"#, Some("url"), 7).unwrap_err().message,
            "field 'url' must be a non-empty string, found a number"
        );
    }
}
