//! Output plumbing shared by the commands: one-shot text to standard output, and the record
//! outputs of `batch`, `rouge` and `sentences --jsonl` (a [`RecordSink`] on the pipeline, which
//! flushes when the input goes quiet and stops the run when the output fails).
//!
//! A record run ends in one of three ways: complete (a file output is renamed into place),
//! stopped early with every record read written (Ctrl-C, or an input that could not be read to
//! its end: a file output is kept as `NAME.partial-XXXXXX`, `NAME` left as it was), or failed
//! writing (full disk, closed pipe: the partial file is removed, and the closing line says how many
//! records were written). The exit code is 1 for all but the first.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use precis_batch::pipeline::{Flow, Sink, Stats, Unprocessed};
use precis_batch::source::Output;

/// Writes one-shot output (a summary, a table, a report) to standard output.
pub fn print(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("cannot write to standard output")
}

/// How an output is named in messages.
pub fn output_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "standard output".to_owned()
    } else {
        path.display().to_string()
    }
}

/// A pipeline sink that renders each result to one JSON line with `render` (which also says
/// whether the record is an error record) and writes it to an [`Output`].
pub struct RecordSink<F> {
    output: Output,
    name: String,
    render: F,
    /// Error records written.
    pub errors: u64,
    failed: Option<io::Error>,
}

impl<F> RecordSink<F> {
    pub fn new(output: Output, path: &Path, render: F) -> Self {
        RecordSink {
            output,
            name: output_name(path),
            render,
            errors: 0,
            failed: None,
        }
    }

    fn fail(&mut self, e: io::Error) -> Flow {
        self.failed = Some(e);
        Flow::Stop
    }

    /// Settles the output once the pipeline has returned `run`, reading `input`, and says on
    /// stderr what went wrong, if anything.
    pub fn settle(self, run: io::Result<Stats>, input: &Path) -> Settled {
        let written = self.output.records_written();
        let destination = self.output.partial_path().is_some();
        let left = |name: &str| {
            if destination {
                format!("; {name} was left as it was")
            } else {
                String::new()
            }
        };
        if let Some(e) = self.failed {
            drop(self.output);
            say!(
                "precis: cannot write to {}: {e}; {written} records written before it failed{}",
                self.name,
                left(&self.name)
            );
            return Settled::Failed;
        }
        let stats = match run {
            Ok(stats) if !stats.interrupted => {
                return match self.output.commit() {
                    Ok(()) => Settled::Complete {
                        stats,
                        errors: self.errors,
                    },
                    Err(e) => {
                        say!(
                            "precis: cannot write to {}: {e}{}",
                            self.name,
                            left(&self.name)
                        );
                        Settled::Failed
                    }
                };
            }
            other => other,
        };
        let partial = match self.output.keep_partial() {
            Ok(partial) => partial,
            Err(e) => {
                say!("precis: cannot write to {}: {e}", self.name);
                return Settled::Failed;
            }
        };
        let kept = partial
            .as_ref()
            .map(|p| format!(" to {}{}", p.display(), left(&self.name)))
            .unwrap_or_default();
        match stats {
            Ok(stats) => Settled::Interrupted {
                stats,
                errors: self.errors,
                partial,
            },
            Err(e) => {
                say!(
                    "precis: cannot read {}: {e}; {written} records read before it were written{kept}",
                    super::input::display(&input.display().to_string())
                );
                Settled::Failed
            }
        }
    }
}

/// How a record run ended.
pub enum Settled {
    /// Every record was read and written (the output is in place).
    Complete { stats: Stats, errors: u64 },
    /// Stopped by a signal; every record read was written, a file output under `partial`.
    Interrupted {
        stats: Stats,
        errors: u64,
        partial: Option<PathBuf>,
    },
    /// The output or the input failed; the message is on stderr.
    Failed,
}

impl<T, F: FnMut(u64, Result<T, Unprocessed>) -> (String, bool)> Sink<T> for RecordSink<F> {
    fn record(&mut self, line: u64, result: Result<T, Unprocessed>) -> Flow {
        let (json, ok) = (self.render)(line, result);
        if !ok {
            self.errors += 1;
        }
        match self.output.record(json.as_bytes()) {
            Ok(()) => Flow::Continue,
            Err(e) => self.fail(e),
        }
    }

    fn idle(&mut self) -> Flow {
        match self.output.flush() {
            Ok(()) => Flow::Continue,
            Err(e) => self.fail(e),
        }
    }
}
