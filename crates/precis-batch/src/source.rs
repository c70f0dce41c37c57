//! Opening inputs and outputs: files or standard streams, gzip detected by its magic bytes on
//! input and by a `.gz` suffix on output.
//!
//! - [`open`] reads a file or standard input; [`open_interruptible`] reads a pipe or terminal on a
//!   thread of its own ([`Prefetch`]), so that a quiet input can neither hold back the records read
//!   so far nor keep a stop request waiting.
//! - [`Output`] writes records to standard output, or to a file through a temporary file beside it
//!   that is renamed into place only when the run succeeds: a failed or interrupted run never
//!   leaves a truncated file where a good one stood.
//! - [`check_distinct`] refuses an output that is the same file as an input, before anything is
//!   opened for writing.
//!
//! ```no_run
//! use std::path::Path;
//! use precis_batch::source::{self, Output};
//!
//! source::check_distinct(&[Path::new("in.jsonl")], &[Path::new("out.jsonl.gz")])?;
//! let mut out = Output::create(Path::new("out.jsonl.gz"))?;
//! out.record(br#"{"id":1}"#)?;
//! out.commit()?; // out.jsonl.gz appears, whole, only now
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, bounded};
use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use tempfile::TempPath;

/// An opened input: a buffered reader and, for regular files, the size in bytes (for progress).
pub struct Source {
    /// The (decompressed) bytes.
    pub reader: Box<dyn BufRead + Send>,
    /// Size of the file on disk, when known.
    pub size: Option<u64>,
    /// True when the input is gzip-compressed (the size then counts compressed bytes).
    pub compressed: bool,
}

/// Opens `path` (`-` for standard input), transparently decompressing gzip.
pub fn open(path: &Path) -> io::Result<Source> {
    if path.as_os_str() == "-" {
        return Ok(wrap(Box::new(io::stdin()), None));
    }
    let file = File::open(path)?;
    let size = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    Ok(wrap(Box::new(file), size))
}

/// Like [`open`], but standard input and other inputs that can block (pipes, terminals, sockets)
/// are read through a [`Prefetch`] watching `stop`: the reader then reports a quiet input with
/// [`io::ErrorKind::WouldBlock`] and gives up waiting once `stop` is raised (see
/// [`crate::pipeline`]). Regular files, which never block, are read as [`open`] reads them.
pub fn open_interruptible(path: &Path, stop: Arc<AtomicBool>) -> io::Result<Source> {
    let raw: Box<dyn Read + Send> = if path.as_os_str() == "-" {
        Box::new(io::stdin())
    } else {
        let file = File::open(path)?;
        if file.metadata()?.is_file() {
            let size = Some(file.metadata()?.len());
            return Ok(wrap(Box::new(file), size));
        }
        Box::new(file)
    };
    // The gzip sniffing reads, so it runs on the prefetch thread too.
    let reader = Prefetch::spawn(move || wrap(raw, None).reader, stop)?;
    Ok(Source {
        reader: Box::new(reader),
        size: None,
        compressed: false,
    })
}

fn wrap(raw: Box<dyn Read + Send>, size: Option<u64>) -> Source {
    let mut buffered = BufReader::with_capacity(1 << 16, raw);
    let gz = matches!(buffered.fill_buf(), Ok(head) if head.starts_with(&[0x1f, 0x8b]));
    if gz {
        Source {
            reader: Box::new(BufReader::with_capacity(
                1 << 16,
                MultiGzDecoder::new(buffered),
            )),
            size,
            compressed: true,
        }
    } else {
        Source {
            reader: Box::new(buffered),
            size,
            compressed: false,
        }
    }
}

/// How often a waiting [`Prefetch`] looks at its stop flag, and how long an input must send
/// nothing to count as quiet.
const TICK: Duration = Duration::from_millis(20);

/// A reader whose blocking reads run on a thread of its own, in blocks of at most 64 KiB (four
/// blocks ahead at most), so that the consumer waits with a deadline instead of inside `read(2)`:
///
/// - when no data has come for a moment, the next read fails once with
///   [`io::ErrorKind::WouldBlock`] (the input is quiet: the pipeline hands on what it has), then
///   waits again;
/// - once `stop` is raised, a waiting read fails at once with an error (the pipeline ends the run).
///
/// The thread stays blocked in its read until data comes or the process ends; nothing waits for it.
pub struct Prefetch {
    blocks: Receiver<io::Result<Vec<u8>>>,
    block: Vec<u8>,
    pos: usize,
    stop: Arc<AtomicBool>,
    quiet_told: bool,
}

impl Prefetch {
    /// Reads what `open` returns (called on the new thread) until its end or an error.
    pub fn spawn<R: Read>(
        open: impl FnOnce() -> R + Send + 'static,
        stop: Arc<AtomicBool>,
    ) -> io::Result<Prefetch> {
        let (tx, blocks) = bounded(4);
        std::thread::Builder::new()
            .name("precis-input".to_owned())
            .spawn(move || {
                let mut reader = open();
                loop {
                    let mut block = vec![0; 1 << 16];
                    let message = match reader.read(&mut block) {
                        Ok(0) => return,
                        Ok(n) => {
                            block.truncate(n);
                            Ok(block)
                        }
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        // A non-blocking descriptor: wait as a blocking read would.
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                            std::thread::sleep(TICK);
                            continue;
                        }
                        Err(e) => Err(e),
                    };
                    let failed = message.is_err();
                    if tx.send(message).is_err() || failed {
                        return;
                    }
                }
            })?;
        Ok(Prefetch {
            blocks,
            block: Vec::new(),
            pos: 0,
            stop,
            quiet_told: false,
        })
    }
}

impl BufRead for Prefetch {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos == self.block.len() {
            match self.blocks.recv_timeout(TICK) {
                Ok(block) => {
                    self.block = block?;
                    self.pos = 0;
                    self.quiet_told = false;
                }
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {
                    if self.stop.load(Ordering::Relaxed) {
                        return Err(io::Error::other("reading stopped"));
                    }
                    if !self.quiet_told {
                        self.quiet_told = true;
                        return Err(io::ErrorKind::WouldBlock.into());
                    }
                }
            }
        }
        Ok(&self.block[self.pos..])
    }

    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.block.len());
    }
}

impl Read for Prefetch {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

/// Creates `path` (`-` for standard output); a `.gz` suffix writes gzip. The file is written in
/// place: for records, prefer [`Output`], which replaces a file only when the run succeeds.
pub fn create(path: &Path) -> io::Result<Box<dyn Write + Send>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(io::BufWriter::with_capacity(
            1 << 16,
            io::stdout(),
        )));
    }
    let file = io::BufWriter::with_capacity(1 << 16, File::create(path)?);
    if is_gz(path) {
        Ok(Box::new(GzEncoder::new(file, Compression::default())))
    } else {
        Ok(Box::new(file))
    }
}

fn is_gz(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "gz")
}

enum Writer {
    Stdout(io::Stdout),
    Plain(File),
    Gzip(GzEncoder<File>),
}

impl Writer {
    fn inner(&mut self) -> &mut dyn Write {
        match self {
            Writer::Stdout(w) => w,
            Writer::Plain(w) => w,
            Writer::Gzip(w) => w,
        }
    }

    /// Ends a gzip stream and returns the file, if there is one.
    fn finish(self) -> io::Result<Option<File>> {
        match self {
            Writer::Stdout(mut w) => w.flush().map(|()| None),
            Writer::Plain(f) => Ok(Some(f)),
            Writer::Gzip(gz) => gz.finish().map(Some),
        }
    }
}

/// Where [`Output`] writes: `(temporary file, destination)` for a regular file.
struct Staged {
    temp: TempPath,
    destination: PathBuf,
}

/// Buffered bytes beyond which [`Output::record`] writes them out.
const OUTPUT_BUFFER: usize = 1 << 16;

/// A JSON Lines output that knows how many records it has delivered.
///
/// - `-` is standard output, written as records come (see [`Output::flush`]).
/// - A regular file (new or existing, also through a symlink, which is kept) is written to a
///   temporary file in the same directory, `NAME.partial-XXXXXX`, and renamed over `NAME` by
///   [`Output::commit`]; [`Output::keep_partial`] leaves it under its temporary name, and dropping
///   the output deletes it. An existing file keeps its permissions.
/// - Anything else (a device such as `/dev/null`, a FIFO) is written in place.
///
/// A path ending in `.gz` is gzip-compressed.
pub struct Output {
    writer: Writer,
    staged: Option<Staged>,
    buffer: Vec<u8>,
    written: u64,
}

impl Output {
    /// Opens `path` (`-` for standard output) for writing records.
    pub fn create(path: &Path) -> io::Result<Output> {
        let (file, staged) = if path.as_os_str() == "-" {
            return Ok(Output::new(Writer::Stdout(io::stdout()), None));
        } else {
            match std::fs::metadata(path) {
                Ok(meta) if !meta.is_file() => (File::create(path)?, None),
                existing => {
                    // Resolve a symlink so that the file it points to is replaced, not the link.
                    let destination = match &existing {
                        Ok(_) => std::fs::canonicalize(path)?,
                        Err(_) => path.to_owned(),
                    };
                    let dir = match destination.parent() {
                        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
                        _ => PathBuf::from("."),
                    };
                    let name = destination
                        .file_name()
                        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
                    let prefix = format!("{name}.partial-");
                    let mut builder = tempfile::Builder::new();
                    builder.prefix(&prefix).rand_bytes(6);
                    #[cfg(unix)]
                    {
                        // A new file gets 0666 less the umask, as File::create would give it.
                        use std::os::unix::fs::PermissionsExt;
                        builder.permissions(std::fs::Permissions::from_mode(0o666));
                    }
                    let (file, temp) = builder.tempfile_in(&dir)?.into_parts();
                    if let Ok(meta) = &existing {
                        file.set_permissions(meta.permissions())?;
                    }
                    (file, Some(Staged { temp, destination }))
                }
            }
        };
        let writer = if is_gz(path) {
            Writer::Gzip(GzEncoder::new(file, Compression::default()))
        } else {
            Writer::Plain(file)
        };
        Ok(Output::new(writer, staged))
    }

    fn new(writer: Writer, staged: Option<Staged>) -> Output {
        Output {
            writer,
            staged,
            buffer: Vec::with_capacity(OUTPUT_BUFFER + 4096),
            written: 0,
        }
    }

    /// Appends one record (`line` and a newline).
    pub fn record(&mut self, line: &[u8]) -> io::Result<()> {
        self.buffer.extend_from_slice(line);
        self.buffer.push(b'\n');
        if self.buffer.len() >= OUTPUT_BUFFER {
            self.deliver()?;
        }
        Ok(())
    }

    /// Delivers the buffered records (to the gzip encoder, for a compressed file).
    pub fn flush(&mut self) -> io::Result<()> {
        self.deliver()?;
        match &mut self.writer {
            // A gzip flush would end a compressed block per call; the records reach the file
            // when the encoder's own buffer fills, and all of them at the end.
            Writer::Gzip(_) => Ok(()),
            w => w.inner().flush(),
        }
    }

    /// Records written so far: every byte of them was accepted (by the gzip encoder, for a
    /// compressed file). After a failed write, the records that got through whole.
    pub fn records_written(&self) -> u64 {
        self.written
    }

    /// The temporary file's path while a regular file is being written.
    pub fn partial_path(&self) -> Option<&Path> {
        self.staged.as_ref().map(|s| s.temp.as_ref())
    }

    fn deliver(&mut self) -> io::Result<()> {
        let mut done = 0;
        let result = loop {
            if done == self.buffer.len() {
                break Ok(());
            }
            match self.writer.inner().write(&self.buffer[done..]) {
                Ok(0) => break Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => break Err(e),
            }
        };
        self.written += memchr::memchr_iter(b'\n', &self.buffer[..done]).count() as u64;
        self.buffer.drain(..done);
        result
    }

    /// Writes out everything and, for a file, syncs it and renames it into place.
    pub fn commit(mut self) -> io::Result<()> {
        self.deliver()?;
        let file = self.writer.finish()?;
        if let (Some(file), Some(staged)) = (file, self.staged) {
            file.sync_all()?;
            staged
                .temp
                .persist(&staged.destination)
                .map_err(|e| e.error)?;
        }
        Ok(())
    }

    /// Writes out everything but leaves a file under its temporary name, which is returned (the
    /// destination is left as it was). For standard output or a device, flushes and returns `None`.
    pub fn keep_partial(mut self) -> io::Result<Option<PathBuf>> {
        self.deliver()?;
        self.writer.finish()?;
        match self.staged {
            Some(staged) => staged.temp.keep().map(Some).map_err(|e| e.error),
            None => Ok(None),
        }
    }
}

/// Writes `bytes` to `path` as [`Output`] writes a file: through a temporary file renamed into
/// place once everything is written and synced.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut out = Output::create(path)?;
    out.buffer.extend_from_slice(bytes);
    out.commit()
}

/// An output that is the same file as an input (or as another output).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{output} is the same file as {input}: writing it would destroy what precis reads; \
     write to another path"
)]
pub struct SameFile {
    /// The output, as named on the command line (`standard output` for `-`).
    pub output: String,
    /// The input or other output it is the same file as.
    pub input: String,
}

fn stream_name(path: &Path, stream: &str) -> String {
    if path.as_os_str() == "-" {
        stream.to_owned()
    } else {
        path.display().to_string()
    }
}

/// Refuses any output that is the same regular file as an input or as another output — through
/// symlinks and hard links, and for `-` the file behind standard input or output — before
/// anything is opened for writing. Inputs that do not exist are skipped (opening them will fail
/// with a clearer message).
pub fn check_distinct(inputs: &[&Path], outputs: &[&Path]) -> Result<(), SameFile> {
    let inputs: Vec<(String, Option<FileId>)> = inputs
        .iter()
        .map(|p| (stream_name(p, "standard input"), file_id(p, 0)))
        .collect();
    let mut seen: Vec<(String, Option<FileId>, Option<PathBuf>)> = Vec::new();
    for path in outputs {
        let name = stream_name(path, "standard output");
        let id = file_id(path, 1);
        if let Some(id) = id {
            if let Some((input, _)) = inputs.iter().find(|(_, other)| *other == Some(id)) {
                return Err(SameFile {
                    output: name,
                    input: input.clone(),
                });
            }
        }
        // Two outputs that do not exist yet are the same file when their paths are.
        let normal = (path.as_os_str() != "-" && id.is_none()).then(|| normalize(path));
        let clash = seen.iter().find(|(_, other_id, other_normal)| {
            (id.is_some() && *other_id == id) || (normal.is_some() && *other_normal == normal)
        });
        if let Some((other, _, _)) = clash {
            return Err(SameFile {
                output: name,
                input: other.clone(),
            });
        }
        seen.push((name, id, normal));
    }
    Ok(())
}

/// A path made absolute with its directory resolved, for comparing paths of files not yet made.
fn normalize(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
    dir.join(path.file_name().unwrap_or_default())
}

/// (device, inode) of a regular file.
type FileId = (u64, u64);

/// The identity of the regular file at `path` (for `-`, behind descriptor `fd`), following
/// symlinks. Devices, pipes and terminals have none: `/dev/null` in and out is no clash. Read from
/// `stat`, not by opening the path, which would block on a FIFO.
#[cfg(unix)]
fn file_id(path: &Path, fd: i32) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    let meta = if path.as_os_str() == "-" {
        std::fs::metadata(format!("/dev/fd/{fd}")).ok()?
    } else {
        std::fs::metadata(path).ok()?
    };
    meta.is_file().then(|| (meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &Path, _: i32) -> Option<FileId> {
    None
}
