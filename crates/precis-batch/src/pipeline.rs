//! The streaming engine: reader → workers → ordered writer.
//!
//! Lines are read in chunks by one thread, processed by a pool of workers, and handed to the
//! caller's sink in input order on the calling thread. A fixed number of chunk credits bounds
//! everything in flight — queued, being processed, or waiting for an earlier chunk — so memory stays
//! flat however large the input is, and a slow record cannot make the reorder buffer grow without
//! bound. Results do not depend on the thread count: each line is processed alone and output order
//! is input order.

use std::collections::BTreeMap;
use std::io::{self, BufRead};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use crossbeam_channel::bounded;

/// One input line, without its line terminator.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// 1-based line number in the input.
    pub number: u64,
    /// The raw bytes (not necessarily UTF-8: checking is the processor's job).
    pub bytes: &'a [u8],
}

/// A line whose processing panicked: a bug in precis, reported in the line's place so that no
/// record is lost and the run goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panicked {
    /// The panic message.
    pub message: String,
}

impl std::fmt::Display for Panicked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "internal error (please report this input): {}",
            self.message
        )
    }
}

fn guarded<T>(process: &(impl Fn(Line<'_>) -> T + Sync), line: Line<'_>) -> Result<T, Panicked> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| process(line))).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_owned());
        Panicked { message }
    })
}

/// Progress callback: `(records written, input bytes read)`.
pub type ProgressFn<'a> = dyn Fn(u64, u64) + Sync + 'a;

/// How to run the pipeline.
pub struct Options<'a> {
    /// Worker threads; 0 means one per available core.
    pub threads: usize,
    /// Lines per chunk handed to a worker.
    pub chunk_lines: usize,
    /// Chunks in flight per worker (queued, processing or awaiting order).
    pub chunks_per_worker: usize,
    /// Read at most this many lines (the rest of the input is left unread).
    pub max_lines: Option<u64>,
    /// When set (e.g. by a SIGINT handler), reading stops and everything read is still written.
    pub stop: Option<Arc<AtomicBool>>,
    /// Called on the writer thread after each chunk is written.
    pub progress: Option<&'a ProgressFn<'a>>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            threads: 0,
            chunk_lines: 64,
            chunks_per_worker: 4,
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
    /// True when the stop flag ended the run early.
    pub interrupted: bool,
    /// Wall-clock seconds.
    pub seconds: f64,
}

struct Chunk {
    seq: u64,
    first_line: u64,
    data: Vec<u8>,
    ends: Vec<usize>,
}

/// A chunk's buffers, handed back to the reader with its credit once the chunk is written, so that
/// a long run reads into the same few buffers instead of allocating (and regrowing) one per chunk.
type Buffers = (Vec<u8>, Vec<usize>);

/// A processed chunk: sequence number, first line number, results, and the buffers to recycle.
type Done<T> = (u64, u64, Vec<Result<T, Panicked>>, Buffers);

/// A recycled data buffer larger than this is dropped rather than kept (one huge line must not pin
/// that much memory per credit for the rest of the run).
const KEEP_BUFFER_BYTES: usize = 16 << 20;

/// Appends one line of `input` to `data`, like [`BufRead::read_until`] with `\n` (the terminator
/// included), but searching each buffer with the `memchr` crate's vectorized search.
fn read_line<R: BufRead>(input: &mut R, data: &mut Vec<u8>) -> io::Result<usize> {
    let mut read = 0;
    loop {
        let (done, used) = {
            let available = match input.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            match memchr::memchr(b'\n', available) {
                Some(i) => {
                    data.extend_from_slice(&available[..=i]);
                    (true, i + 1)
                }
                None => {
                    data.extend_from_slice(available);
                    (available.is_empty(), available.len())
                }
            }
        };
        input.consume(used);
        read += used;
        if done {
            return Ok(read);
        }
    }
}

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
}

/// Streams every line of `input` through `process` on worker threads and gives the results to
/// `sink` in input order, as `(line number, result)`. A line whose processing panics is given to
/// the sink as `Err(Panicked)` in its place; the run goes on.
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
    S: FnMut(u64, Result<T, Panicked>),
{
    let started = Instant::now();
    let workers = options.worker_count();
    let credits = (workers * options.chunks_per_worker.max(1)).max(2);
    let chunk_lines = options.chunk_lines.max(1);
    // A credit carries the buffers of a written chunk back to the reader (empty ones at first).
    let (credit_tx, credit_rx) = bounded::<Buffers>(credits);
    for _ in 0..credits {
        let _ = credit_tx.send((Vec::new(), Vec::new()));
    }
    let (work_tx, work_rx) = bounded::<Chunk>(credits);
    let (done_tx, done_rx) = bounded::<Done<T>>(credits);
    let stop = options.stop.clone();
    let max_lines = options.max_lines.unwrap_or(u64::MAX);
    let process = &process;
    let bytes_counter = AtomicU64::new(0);
    let bytes_counter = &bytes_counter;

    std::thread::scope(|scope| {
        let reader = scope.spawn(move || -> io::Result<(u64, bool)> {
            let mut input = input;
            let mut seq = 0u64;
            let mut line_no = 1u64;
            let mut bytes_read = 0u64;
            // Bytes in the last full chunk (plus a quarter, at most KEEP_BUFFER_BYTES): a fresh
            // buffer starts that large, so it does not regrow (and copy itself) line after line.
            let mut data_hint = 0usize;
            let stopped = || stop.as_ref().is_some_and(|s| s.load(Ordering::Relaxed));
            loop {
                if stopped() {
                    return Ok((bytes_read, true));
                }
                let Ok((mut data, mut ends)) = credit_rx.recv() else {
                    return Ok((bytes_read, false));
                };
                if data.capacity() < data_hint || data.capacity() > KEEP_BUFFER_BYTES {
                    data = Vec::with_capacity(data_hint);
                }
                data.clear();
                ends.clear();
                ends.reserve(chunk_lines);
                let mut chunk = Chunk {
                    seq,
                    first_line: line_no,
                    data,
                    ends,
                };
                let mut eof = false;
                // The flag is checked before every line, not every chunk: on a slow stream a
                // signal stops reading after at most the line being read.
                while chunk.ends.len() < chunk_lines && !stopped() {
                    if line_no + chunk.ends.len() as u64 > max_lines {
                        eof = true;
                        break;
                    }
                    let before = chunk.data.len();
                    let n = read_line(&mut input, &mut chunk.data)?;
                    if n == 0 {
                        eof = true;
                        break;
                    }
                    bytes_read += n as u64;
                    bytes_counter.store(bytes_read, Ordering::Relaxed);
                    if chunk.data.last() == Some(&b'\n') {
                        chunk.data.pop();
                        if chunk.data.len() > before && chunk.data.last() == Some(&b'\r') {
                            chunk.data.pop();
                        }
                    }
                    chunk.ends.push(chunk.data.len());
                }
                if chunk.ends.len() == chunk_lines {
                    data_hint = (chunk.data.len() + chunk.data.len() / 4).min(KEEP_BUFFER_BYTES);
                }
                if !chunk.ends.is_empty() {
                    line_no += chunk.ends.len() as u64;
                    seq += 1;
                    if work_tx.send(chunk).is_err() {
                        return Ok((bytes_read, false));
                    }
                }
                if eof {
                    return Ok((bytes_read, false));
                }
            }
        });
        for _ in 0..workers {
            let work_rx = work_rx.clone();
            let done_tx = done_tx.clone();
            scope.spawn(move || {
                for chunk in work_rx {
                    let results: Vec<Result<T, Panicked>> =
                        chunk.lines().map(|line| guarded(process, line)).collect();
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
        for (seq, first_line, results, buffers) in done_rx.iter() {
            pending.insert(seq, (seq, first_line, results, buffers));
            while let Some((_, first_line, results, buffers)) = pending.remove(&next) {
                for (k, r) in results.into_iter().enumerate() {
                    sink(first_line + k as u64, r);
                    records += 1;
                }
                next += 1;
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
            interrupted,
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

    #[test]
    fn read_line_matches_read_until_across_buffer_refills() {
        let input = b"first line\r\n\nsecond, longer than the buffer\nlast without newline";
        for capacity in [1, 2, 3, 7, 64] {
            let mut ours = io::BufReader::with_capacity(capacity, &input[..]);
            let mut std = io::BufReader::with_capacity(capacity, &input[..]);
            loop {
                let (mut a, mut b) = (b"kept".to_vec(), b"kept".to_vec());
                let n = read_line(&mut ours, &mut a).unwrap();
                assert_eq!(n, std.read_until(b'\n', &mut b).unwrap());
                assert_eq!(a, b);
                if n == 0 {
                    break;
                }
            }
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
            |n, r| out.push((n, r.map_err(|p| p.message))),
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
}
