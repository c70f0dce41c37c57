//! The streaming engine: reader → workers → ordered writer.
//!
//! Lines are read in chunks by one thread, processed by a pool of workers, and handed to the
//! caller's [`Sink`] in input order on the calling thread. Everything in flight — queued, being
//! processed, or waiting for an earlier chunk — is bounded twice: by a fixed number of chunk credits
//! and by a budget of input bytes ([`Options::max_bytes_in_flight`]); a line longer than
//! [`Options::max_line_bytes`] is never held whole (its bytes are read and dropped in bounded
//! pieces, and the sink gets [`Unprocessed::TooLong`] in its place). So memory stays flat however
//! large the input or any line of it is, and a slow record cannot make the reorder buffer grow
//! without bound. Results do not depend on the thread count: each line is processed alone and
//! output order is input order.
//!
//! A reader may return [`io::ErrorKind::WouldBlock`] to say the input has gone quiet (as
//! [`crate::source::Prefetch`] does): the complete lines read so far are then processed and written
//! at once instead of waiting for their chunk to fill, and the sink's [`Sink::idle`] lets it flush.

use std::collections::BTreeMap;
use std::io::{self, BufRead};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use crossbeam_channel::{TryRecvError, bounded};

/// One input line, without its line terminator.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// 1-based line number in the input.
    pub number: u64,
    /// The raw bytes (not necessarily UTF-8: checking is the processor's job).
    pub bytes: &'a [u8],
}

/// A line the processor gave no result for, reported in the line's place so that no record is
/// lost and the run goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unprocessed {
    /// Processing panicked: a bug in precis.
    Panicked {
        /// The panic message.
        message: String,
    },
    /// The line was longer than [`Options::max_line_bytes`]: it was read and dropped in bounded
    /// pieces, never held whole, and not processed.
    TooLong {
        /// The line's length in bytes (without its terminator).
        bytes: u64,
        /// The limit it went over.
        limit: usize,
    },
}

/// The former name of [`Unprocessed`], from when a panic was the only way to get no result.
pub type Panicked = Unprocessed;

impl std::fmt::Display for Unprocessed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unprocessed::Panicked { message } => {
                write!(f, "internal error (please report this input): {message}")
            }
            Unprocessed::TooLong { bytes, limit } => write!(
                f,
                "the line is {bytes} bytes long, over the limit of {limit} bytes \
                 (--max-record-bytes); it was skipped without being read whole"
            ),
        }
    }
}

fn guarded<T>(process: &(impl Fn(Line<'_>) -> T + Sync), line: Line<'_>) -> Result<T, Unprocessed> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| process(line))).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        Unprocessed::Panicked { message }
    })
}

/// What the sink tells the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Go on.
    Continue,
    /// Stop reading (e.g. the output is closed): the results still in flight are dropped and the
    /// sink is not called again.
    Stop,
}

/// Where results go, in input order, on the thread that called [`run`]. Any
/// `FnMut(u64, Result<T, Unprocessed>)` closure is a sink that never stops the run.
pub trait Sink<T> {
    /// The result of line `line`.
    fn record(&mut self, line: u64, result: Result<T, Unprocessed>) -> Flow;

    /// Every result ready so far has been given: the workers are busy or the input is quiet. A
    /// sink that buffers its output flushes here, so a slow stream is written as records complete.
    fn idle(&mut self) -> Flow {
        Flow::Continue
    }
}

impl<T, F: FnMut(u64, Result<T, Unprocessed>)> Sink<T> for F {
    fn record(&mut self, line: u64, result: Result<T, Unprocessed>) -> Flow {
        self(line, result);
        Flow::Continue
    }
}

/// Progress callback: `(records written, input bytes read)`.
pub type ProgressFn<'a> = dyn Fn(u64, u64) + Sync + 'a;

/// How to run the pipeline.
pub struct Options<'a> {
    /// Worker threads; 0 means one per available core.
    pub threads: usize,
    /// Most lines per chunk handed to a worker.
    pub chunk_lines: usize,
    /// A chunk is handed on once it holds this many bytes (whatever its line count).
    pub chunk_bytes: usize,
    /// Chunks in flight per worker (queued, processing or awaiting order).
    pub chunks_per_worker: usize,
    /// No new chunk is read while chunk buffers of this many bytes (their capacity) are in
    /// flight. The input held at once is at most this plus one chunk being read (`chunk_bytes` +
    /// `max_line_bytes`, about twice that with the buffer's growth).
    pub max_bytes_in_flight: usize,
    /// A longer line (without its terminator) is not processed: the sink gets
    /// [`Unprocessed::TooLong`] in its place, and the line is never held whole.
    pub max_line_bytes: usize,
    /// Read at most this many lines (the rest of the input is left unread).
    pub max_lines: Option<u64>,
    /// When set (e.g. by a SIGINT handler), reading stops and everything read is still written.
    /// The pipeline sets it too when the sink stops the run, so that a reader watching it (such
    /// as [`crate::source::Prefetch`]) stops waiting for input.
    pub stop: Option<Arc<AtomicBool>>,
    /// Called on the writer thread after each chunk is written.
    pub progress: Option<&'a ProgressFn<'a>>,
}

/// The default [`Options::max_line_bytes`]: 16 MiB, far above any news article.
pub const DEFAULT_MAX_LINE_BYTES: usize = 16 << 20;

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            threads: 0,
            chunk_lines: 64,
            chunk_bytes: 1 << 20,
            chunks_per_worker: 4,
            max_bytes_in_flight: 64 << 20,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            max_lines: None,
            stop: None,
            progress: None,
        }
    }
}

impl Options<'_> {
    /// The number of worker threads this resolves to.
    pub fn worker_count(&self) -> usize {
        if self.threads > 0 {
            self.threads
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stats {
    /// Lines processed and handed to the sink.
    pub records: u64,
    /// Bytes read from the input.
    pub bytes: u64,
    /// True when the run ended before the end of the input: the stop flag was raised, or the
    /// sink stopped it.
    pub interrupted: bool,
    /// Wall-clock seconds.
    pub seconds: f64,
}

struct Chunk {
    seq: u64,
    first_line: u64,
    data: Vec<u8>,
    ends: Vec<usize>,
    /// `(index in the chunk, length)` of the lines over the limit (held as empty lines).
    too_long: Vec<(usize, u64)>,
}

/// A chunk's buffers, handed back to the reader with its credit once the chunk is written, so that
/// a long run reads into the same few buffers instead of allocating (and regrowing) one per chunk.
type Buffers = (Vec<u8>, Vec<usize>);

/// A processed chunk: sequence number, first line number, results, and the buffers to recycle.
type Done<T> = (u64, u64, Vec<Result<T, Unprocessed>>, Buffers);

impl Chunk {
    fn lines(&self) -> impl Iterator<Item = Line<'_>> {
        let mut start = 0;
        self.ends.iter().enumerate().map(move |(k, &end)| {
            let bytes = &self.data[start..end];
            start = end;
            Line {
                number: self.first_line + k as u64,
                bytes,
            }
        })
    }

    fn process<T>(
        &self,
        process: &(impl Fn(Line<'_>) -> T + Sync),
        limit: usize,
    ) -> Vec<Result<T, Unprocessed>> {
        let mut too_long = self.too_long.iter().peekable();
        self.lines()
            .enumerate()
            .map(|(k, line)| match too_long.next_if(|(at, _)| *at == k) {
                Some(&(_, bytes)) => Err(Unprocessed::TooLong { bytes, limit }),
                None => guarded(process, line),
            })
            .collect()
    }
}

/// A line read by [`Lines::next`].
enum Got {
    /// A whole line: `terminated` when it ended with `\n` (dropped from the data), `too_long`
    /// with its length when it went over the limit (and none of it was kept).
    Line {
        terminated: bool,
        too_long: Option<u64>,
    },
    /// The end of the input, with no line in progress.
    End,
}

/// Splits a reader into lines of at most `max` bytes, searching each buffer with the `memchr`
/// crate's vectorized search. A line may be read in several calls (an error such as
/// `WouldBlock` can come in the middle of it): its state lives here, its bytes in the caller's
/// buffer.
struct Lines<R> {
    input: R,
    max: usize,
    /// Bytes consumed from the input, terminators and dropped bytes included.
    consumed: u64,
    /// Content bytes of the line in progress so far (kept or dropped).
    line_len: u64,
    /// The line in progress went over `max`: its bytes are being dropped.
    dropping: bool,
}

impl<R: BufRead> Lines<R> {
    fn new(input: R, max: usize) -> Self {
        Lines {
            input,
            max,
            consumed: 0,
            line_len: 0,
            dropping: false,
        }
    }

    /// True while a line has been started but not finished.
    fn in_line(&self) -> bool {
        self.line_len > 0 || self.dropping
    }

    /// Appends the rest of the current line (without its `\n`) to `data`, which ends with the
    /// part of it read by earlier calls.
    fn next(&mut self, data: &mut Vec<u8>) -> io::Result<Got> {
        loop {
            let available = match self.input.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok(if self.in_line() {
                    self.finish(false)
                } else {
                    Got::End
                });
            }
            let newline = memchr::memchr(b'\n', available);
            let content = &available[..newline.unwrap_or(available.len())];
            if !self.dropping {
                if self.line_len as usize + content.len() <= self.max {
                    data.extend_from_slice(content);
                } else {
                    // Over the limit: drop what was kept of the line, and the rest as it comes.
                    data.truncate(data.len() - self.line_len as usize);
                    self.dropping = true;
                }
            }
            self.line_len += content.len() as u64;
            let used = newline.map_or(available.len(), |i| i + 1);
            self.input.consume(used);
            self.consumed += used as u64;
            if newline.is_some() {
                return Ok(self.finish(true));
            }
        }
    }

    fn finish(&mut self, terminated: bool) -> Got {
        let too_long = self.dropping.then_some(self.line_len);
        self.line_len = 0;
        self.dropping = false;
        Got::Line {
            terminated,
            too_long,
        }
    }
}

/// Streams every line of `input` through `process` on worker threads and gives the results to
/// `sink` in input order, as `(line number, result)`. A line whose processing panics, or that is
/// over [`Options::max_line_bytes`], is given to the sink as an [`Unprocessed`] error in its place;
/// the run goes on.
///
/// Returns an error only for a failure to read the input (every line read before it has been given
/// to the sink). A trailing newline does not make an extra line; every other line, empty or not,
/// is processed.
pub fn run<R, T, F, S>(
    input: R,
    options: &Options<'_>,
    process: F,
    mut sink: S,
) -> io::Result<Stats>
where
    R: BufRead + Send,
    T: Send,
    F: Fn(Line<'_>) -> T + Sync,
    S: FnMut(u64, Result<T, Unprocessed>),
{
    run_into(input, options, process, &mut sink)
}

/// [`run`] with a [`Sink`] that can flush when idle and stop the run (e.g. on a closed output).
pub fn run_into<R, T, F, S>(
    input: R,
    options: &Options<'_>,
    process: F,
    sink: &mut S,
) -> io::Result<Stats>
where
    R: BufRead + Send,
    T: Send,
    F: Fn(Line<'_>) -> T + Sync,
    S: Sink<T> + ?Sized,
{
    let started = Instant::now();
    let workers = options.worker_count();
    let credits = (workers * options.chunks_per_worker.max(1)).max(2);
    let chunk_lines = options.chunk_lines.max(1);
    let chunk_bytes = options.chunk_bytes.max(1);
    let max_line = options.max_line_bytes;
    let budget = options.max_bytes_in_flight.max(1);
    // A recycled data buffer larger than this is dropped rather than kept (one huge line must not
    // pin that much memory per credit for the rest of the run).
    let keep_buffer = chunk_bytes.saturating_mul(2);
    // A credit carries the buffers of a written chunk back to the reader (empty ones at first).
    let (credit_tx, credit_rx) = bounded::<Buffers>(credits);
    for _ in 0..credits {
        let _ = credit_tx.send((Vec::new(), Vec::new()));
    }
    let (work_tx, work_rx) = bounded::<Chunk>(credits);
    let (done_tx, done_rx) = bounded::<Done<T>>(credits);
    let user_stop = options.stop.clone();
    // Raised when the sink stops the run: the workers then skip what is left.
    let sink_stop = AtomicBool::new(false);
    let sink_stop = &sink_stop;
    let max_lines = options.max_lines.unwrap_or(u64::MAX);
    let process = &process;
    let bytes_counter = AtomicU64::new(0);
    let bytes_counter = &bytes_counter;
    let in_flight = AtomicUsize::new(0);
    let in_flight = &in_flight;

    std::thread::scope(|scope| {
        let reader = scope.spawn(move || -> io::Result<(u64, bool)> {
            let mut lines = Lines::new(input, max_line);
            let mut seq = 0u64;
            let mut line_no = 1u64;
            // Credits taken while waiting for bytes in flight to go down, not yet used.
            let mut spare: Vec<Buffers> = Vec::new();
            // The start of a line cut by a quiet input, carried into the next chunk.
            let mut carry: Vec<u8> = Vec::new();
            // Bytes in the last full chunk (plus a quarter, at most `chunk_bytes`): a fresh
            // buffer starts that large, so it does not regrow (and copy itself) line after line.
            let mut data_hint = 0usize;
            let halted = || {
                sink_stop.load(Ordering::Relaxed)
                    || user_stop
                        .as_ref()
                        .is_some_and(|s| s.load(Ordering::Relaxed))
            };
            let done = |lines: &Lines<R>, interrupted| Ok((lines.consumed, interrupted));
            loop {
                if halted() {
                    return done(&lines, true);
                }
                let Some((mut data, mut ends)) = spare.pop().or_else(|| credit_rx.recv().ok())
                else {
                    return done(&lines, false);
                };
                // Every chunk in flight holds a credit, so one comes back when bytes are freed.
                while in_flight.load(Ordering::Acquire) >= budget && !halted() {
                    match credit_rx.recv() {
                        Ok(buffers) => spare.push(buffers),
                        Err(_) => return done(&lines, false),
                    }
                }
                if data.capacity() < data_hint || data.capacity() > keep_buffer {
                    data = Vec::with_capacity(data_hint);
                }
                data.clear();
                data.append(&mut carry);
                ends.clear();
                ends.reserve(chunk_lines);
                let mut chunk = Chunk {
                    seq,
                    first_line: line_no,
                    data,
                    ends,
                    too_long: Vec::new(),
                };
                let mut end = false;
                let mut interrupted = false;
                let mut failure = None;
                // The flag is checked before every line, not every chunk: on a slow stream a
                // signal stops reading after at most the line being read.
                // Complete lines only count towards the byte bound: a line carried over from a
                // quiet spell can be longer than a chunk, and must still be read to its end.
                while chunk.ends.len() < chunk_lines
                    && chunk.ends.last().is_none_or(|&end| end < chunk_bytes)
                {
                    if halted() {
                        interrupted = true;
                        break;
                    }
                    if line_no + chunk.ends.len() as u64 > max_lines {
                        end = true;
                        break;
                    }
                    let before = chunk.ends.last().copied().unwrap_or(0);
                    match lines.next(&mut chunk.data) {
                        Ok(Got::End) => {
                            end = true;
                            break;
                        }
                        Ok(Got::Line {
                            terminated,
                            too_long,
                        }) => {
                            if terminated
                                && chunk.data.len() > before
                                && chunk.data.last() == Some(&b'\r')
                            {
                                chunk.data.pop();
                            }
                            if let Some(bytes) = too_long {
                                chunk.too_long.push((chunk.ends.len(), bytes));
                            }
                            chunk.ends.push(chunk.data.len());
                        }
                        // Quiet input: hand on the lines read so far (with none yet, read on:
                        // a line in progress is not copied to a new chunk at every quiet spell).
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                            if chunk.ends.is_empty() {
                                continue;
                            }
                            break;
                        }
                        Err(_) if halted() => {
                            interrupted = true;
                            break;
                        }
                        Err(e) => {
                            failure = Some(e);
                            break;
                        }
                    }
                    bytes_counter.store(lines.consumed, Ordering::Relaxed);
                }
                // A line in progress is not a record yet: it goes on in the next chunk, or is
                // dropped when reading ends here.
                let complete = chunk.ends.last().copied().unwrap_or(0);
                if !(interrupted || failure.is_some()) {
                    carry.extend_from_slice(&chunk.data[complete..]);
                }
                chunk.data.truncate(complete);
                // The start of a dropped line may have grown the buffer to max_line_bytes: give
                // that memory back before the chunk travels, as the budget counts capacity.
                if chunk.data.capacity() > 2 * chunk.data.len().max(chunk_bytes) {
                    chunk.data.shrink_to(chunk.data.len().max(chunk_bytes));
                }
                if chunk.ends.len() == chunk_lines {
                    data_hint = (chunk.data.len() + chunk.data.len() / 4).min(chunk_bytes);
                }
                if chunk.ends.is_empty() {
                    spare.push((chunk.data, chunk.ends));
                } else {
                    line_no += chunk.ends.len() as u64;
                    seq += 1;
                    in_flight.fetch_add(chunk.data.capacity(), Ordering::AcqRel);
                    if work_tx.send(chunk).is_err() {
                        return done(&lines, false);
                    }
                }
                if let Some(e) = failure {
                    return Err(e);
                }
                if interrupted {
                    return done(&lines, true);
                }
                if end {
                    return done(&lines, false);
                }
            }
        });
        for _ in 0..workers {
            let work_rx = work_rx.clone();
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                for chunk in work_rx {
                    let results = if sink_stop.load(Ordering::Relaxed) {
                        Vec::new()
                    } else {
                        chunk.process(process, max_line)
                    };
                    let buffers = (chunk.data, chunk.ends);
                    if done_tx
                        .send((chunk.seq, chunk.first_line, results, buffers))
                        .is_err()
                    {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        drop(work_rx);

        let mut pending: BTreeMap<u64, Done<T>> = BTreeMap::new();
        let mut next = 0u64;
        let mut records = 0u64;
        let mut stopped = false;
        // Something was given to the sink since it was last told it is idle.
        let mut unflushed = false;
        let stop_sink = || {
            sink_stop.store(true, Ordering::Relaxed);
            if let Some(flag) = &options.stop {
                flag.store(true, Ordering::Relaxed);
            }
        };
        loop {
            let done = match done_rx.try_recv() {
                Ok(done) => done,
                Err(TryRecvError::Disconnected) => break,
                Err(TryRecvError::Empty) => {
                    if unflushed && !stopped {
                        unflushed = false;
                        if sink.idle() == Flow::Stop {
                            stopped = true;
                            stop_sink();
                        }
                    }
                    match done_rx.recv() {
                        Ok(done) => done,
                        Err(_) => break,
                    }
                }
            };
            pending.insert(done.0, done);
            while let Some((_, first_line, results, buffers)) = pending.remove(&next) {
                if !stopped {
                    for (k, r) in results.into_iter().enumerate() {
                        records += 1;
                        if sink.record(first_line + k as u64, r) == Flow::Stop {
                            stopped = true;
                            stop_sink();
                            break;
                        }
                    }
                    unflushed = true;
                }
                next += 1;
                in_flight.fetch_sub(buffers.0.capacity(), Ordering::AcqRel);
                // Hand the chunk's credit (and buffers) back to the reader; it may have finished.
                let _ = credit_tx.send(buffers);
                if let Some(progress) = options.progress {
                    progress(records, bytes_counter.load(Ordering::Relaxed));
                }
            }
        }
        let (bytes, interrupted) = reader
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the reader thread panicked")))?;
        Ok(Stats {
            records,
            bytes,
            interrupted: interrupted || stopped,
            seconds: started.elapsed().as_secs_f64(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(input: &str, threads: usize, chunk_lines: usize) -> Vec<(u64, String)> {
        let options = Options {
            threads,
            chunk_lines,
            ..Default::default()
        };
        let mut out = Vec::new();
        run(
            input.as_bytes(),
            &options,
            |line| String::from_utf8_lossy(line.bytes).to_uppercase(),
            |n, s| out.push((n, s.unwrap())),
        )
        .unwrap();
        out
    }

    #[test]
    fn one_result_per_line_in_order() {
        let input: String = (0..1000).map(|i| format!("line {i}\n")).collect();
        for threads in [1, 2, 7] {
            for chunk in [1, 3, 64] {
                let out = collect(&input, threads, chunk);
                assert_eq!(out.len(), 1000);
                for (k, (n, s)) in out.iter().enumerate() {
                    assert_eq!(*n, k as u64 + 1);
                    assert_eq!(s, &format!("LINE {k}"));
                }
            }
        }
    }

    /// Every line of `input` through [`Lines`] with a `capacity`-byte buffer, as (bytes, too long).
    fn split(input: &[u8], capacity: usize, max: usize) -> Vec<(Vec<u8>, Option<u64>)> {
        let mut lines = Lines::new(io::BufReader::with_capacity(capacity, input), max);
        let mut out = Vec::new();
        loop {
            let mut data = b"kept".to_vec();
            match lines.next(&mut data).unwrap() {
                Got::End => break,
                Got::Line { too_long, .. } => {
                    assert_eq!(&data[..4], b"kept", "earlier bytes are left alone");
                    out.push((data[4..].to_vec(), too_long));
                }
            }
        }
        assert_eq!(lines.consumed, input.len() as u64);
        out
    }

    #[test]
    fn lines_match_read_until_across_buffer_refills() {
        let input = b"first line\r\n\nsecond, longer than the buffer\nlast without newline";
        for capacity in [1, 2, 3, 7, 64] {
            let mut std = io::BufReader::with_capacity(capacity, &input[..]);
            for (line, too_long) in split(input, capacity, usize::MAX) {
                let mut expected = Vec::new();
                std.read_until(b'\n', &mut expected).unwrap();
                if expected.last() == Some(&b'\n') {
                    expected.pop();
                }
                assert_eq!(line, expected);
                assert_eq!(too_long, None);
            }
        }
    }

    #[test]
    fn a_line_over_the_limit_is_dropped_whatever_the_buffer_size() {
        let input = b"12345\n123456\n\n1234567890123\nabc";
        for capacity in [1, 2, 5, 64] {
            assert_eq!(
                split(input, capacity, 5),
                [
                    (b"12345".to_vec(), None),
                    (Vec::new(), Some(6)),
                    (Vec::new(), None),
                    (Vec::new(), Some(13)),
                    (b"abc".to_vec(), None),
                ]
            );
        }
    }

    #[test]
    fn many_chunks_reuse_buffers_without_mixing_lines() {
        // More chunks than credits, lines of very different lengths: recycled buffers must be
        // cleared and regrown correctly.
        let input: String = (0..500)
            .map(|i| format!("{}{i}\n", "x".repeat((i * 37) % 300)))
            .collect();
        for threads in [1, 3] {
            let out = collect(&input, threads, 4);
            assert_eq!(out.len(), 500);
            for (k, (_, s)) in out.iter().enumerate() {
                assert_eq!(s, &format!("{}{k}", "X".repeat((k * 37) % 300)));
            }
        }
    }

    #[test]
    fn max_lines_limits_the_input() {
        let options = Options {
            max_lines: Some(3),
            chunk_lines: 2,
            ..Default::default()
        };
        let mut n = 0;
        run(
            "a\nb\nc\nd\ne\n".as_bytes(),
            &options,
            |_| (),
            |_, _| n += 1,
        )
        .unwrap();
        assert_eq!(n, 3);
    }

    #[test]
    fn empty_lines_crlf_and_no_final_newline() {
        let out = collect("a\r\n\nb", 2, 2);
        let texts: Vec<&str> = out.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(texts, ["A", "", "B"]);
        assert!(collect("", 2, 2).is_empty());
    }

    #[test]
    fn stop_flag_ends_early_but_writes_what_was_read() {
        let stop = Arc::new(AtomicBool::new(true));
        let options = Options {
            stop: Some(stop),
            ..Default::default()
        };
        let stats = run("a\nb\n".as_bytes(), &options, |_| (), |_, _| ()).unwrap();
        assert!(stats.interrupted);
        assert_eq!(stats.records, 0);
    }

    #[test]
    fn a_panicking_line_is_reported_in_place_and_the_run_goes_on() {
        let mut out = Vec::new();
        run(
            "ok\nboom\nok\n".as_bytes(),
            &Options::default(),
            |line| {
                assert!(line.bytes != b"boom", "exploded");
                line.number
            },
            |n, r| out.push((n, r.map_err(|p| p.to_string()))),
        )
        .unwrap();
        assert_eq!(out.len(), 3);
        assert_eq!(out[0], (1, Ok(1)));
        assert!(out[1].1.as_ref().unwrap_err().contains("exploded"));
        assert_eq!(out[2], (3, Ok(3)));
    }

    #[test]
    fn read_errors_are_reported() {
        struct Failing;
        impl io::Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk on fire"))
            }
        }
        let r = run(
            io::BufReader::new(Failing),
            &Options::default(),
            |_| (),
            |_, _| (),
        );
        assert!(r.is_err());
    }

    #[test]
    fn a_line_over_the_limit_becomes_an_error_in_place() {
        let options = Options {
            max_line_bytes: 4,
            chunk_lines: 2,
            ..Default::default()
        };
        let mut out = Vec::new();
        let input = format!("ab\n{}\ncd\nefgh\nefghi\n", "x".repeat(100_000));
        let stats = run(
            input.as_bytes(),
            &options,
            |line| String::from_utf8_lossy(line.bytes).into_owned(),
            |n, r| out.push((n, r)),
        )
        .unwrap();
        assert_eq!(stats.records, 5);
        assert_eq!(stats.bytes, input.len() as u64);
        let too_long = |bytes| Err(Unprocessed::TooLong { bytes, limit: 4 });
        assert_eq!(
            out,
            [
                (1, Ok("ab".to_owned())),
                (2, too_long(100_000)),
                (3, Ok("cd".to_owned())),
                (4, Ok("efgh".to_owned())),
                (5, too_long(5)),
            ]
        );
    }

    #[test]
    fn input_in_flight_is_bounded_by_bytes_not_lines() {
        use std::sync::Mutex;
        /// Hands out `lines` lines of `len` bytes, counting what it handed out.
        struct Counted {
            line: Vec<u8>,
            left: usize,
            pos: usize,
            given: Arc<AtomicU64>,
        }
        impl io::Read for Counted {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.left == 0 {
                    return Ok(0);
                }
                let n = (self.line.len() - self.pos).min(buf.len());
                buf[..n].copy_from_slice(&self.line[self.pos..self.pos + n]);
                self.pos += n;
                if self.pos == self.line.len() {
                    self.pos = 0;
                    self.left -= 1;
                }
                self.given.fetch_add(n as u64, Ordering::SeqCst);
                Ok(n)
            }
        }
        let len = 10_000;
        let mut line = vec![b'x'; len];
        line.push(b'\n');
        let given = Arc::new(AtomicU64::new(0));
        let input = io::BufReader::with_capacity(
            4096,
            Counted {
                line,
                left: 300,
                pos: 0,
                given: given.clone(),
            },
        );
        let options = Options {
            threads: 2,
            chunk_bytes: 20_000,
            max_bytes_in_flight: 50_000,
            ..Default::default()
        };
        let written = Mutex::new(0u64);
        let mut worst = 0u64;
        run(
            input,
            &options,
            |line| line.bytes.len(),
            |_, n: Result<usize, Unprocessed>| {
                // A slow sink: the reader runs as far ahead as the bounds let it.
                std::thread::sleep(std::time::Duration::from_micros(300));
                let mut w = written.lock().unwrap();
                *w += n.unwrap() as u64 + 1;
                worst = worst.max(given.load(Ordering::SeqCst) - *w);
            },
        )
        .unwrap();
        // The budget, plus one chunk of at most chunk_bytes + a line, plus the read buffer.
        assert!(
            worst <= 50_000 + 20_000 + 10_001 + 4096,
            "{worst} bytes ahead"
        );
    }

    #[test]
    fn a_quiet_spell_inside_a_line_longer_than_a_chunk_does_not_stall_reading() {
        /// Hands out `parts` one at a time, with a quiet spell (`WouldBlock`) before each.
        struct Quiet {
            parts: Vec<Vec<u8>>,
            pos: usize,
            quiet: bool,
        }
        impl io::Read for Quiet {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                unreachable!("read through BufRead")
            }
        }
        impl BufRead for Quiet {
            fn fill_buf(&mut self) -> io::Result<&[u8]> {
                if self.parts.first().is_some_and(|p| self.pos == p.len()) {
                    self.parts.remove(0);
                    self.pos = 0;
                    self.quiet = true;
                }
                if std::mem::take(&mut self.quiet) && !self.parts.is_empty() {
                    return Err(io::ErrorKind::WouldBlock.into());
                }
                Ok(self.parts.first().map_or(&[][..], |p| &p[self.pos..]))
            }
            fn consume(&mut self, n: usize) {
                self.pos += n;
            }
        }
        let input = Quiet {
            parts: vec![[&b"x\n"[..], &[b'a'; 3000]].concat(), b"a\nb\n".to_vec()],
            pos: 0,
            quiet: false,
        };
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let options = Options {
                chunk_bytes: 1000,
                ..Default::default()
            };
            let mut lens = Vec::new();
            let r = run(
                input,
                &options,
                |l| l.bytes.len(),
                |_, n| lens.push(n.unwrap()),
            );
            let _ = tx.send((r.map(|s| s.records), lens));
        });
        let (records, lens) = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("the reader stalled on a carried line longer than a chunk");
        assert_eq!(records.unwrap(), 3);
        assert_eq!(lens, [1, 3001, 1]);
    }
}
