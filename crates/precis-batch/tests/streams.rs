//! The pipeline on streams: a quiet input neither holds back the records read so far nor keeps a
//! stop request waiting; an over-long line, also inside gzip, is dropped in bounded pieces; outputs
//! replace a file only when committed, and an output that is an input is refused.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use precis_batch::pipeline::{self, Flow, Options, Sink, Unprocessed};
use precis_batch::source::{self, Output, Prefetch};

/// Sends each record to a channel and counts idle calls.
struct Forward {
    tx: mpsc::Sender<String>,
}

impl Sink<String> for Forward {
    fn record(&mut self, _: u64, result: Result<String, Unprocessed>) -> Flow {
        let _ = self.tx.send(result.unwrap());
        Flow::Continue
    }
}

#[test]
fn a_quiet_input_hands_on_its_lines_and_a_stop_ends_the_wait() {
    let (reader, mut writer) = std::io::pipe().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let input = Prefetch::spawn(move || reader, stop.clone()).unwrap();
    let (tx, rx) = mpsc::channel();
    let flag = stop.clone();
    let run = std::thread::spawn(move || {
        let options = Options {
            threads: 2,
            stop: Some(flag),
            ..Default::default()
        };
        pipeline::run_into(
            input,
            &options,
            |line| String::from_utf8_lossy(line.bytes).into_owned(),
            &mut Forward { tx },
        )
    });
    // Three lines and half a fourth, far fewer than a chunk; the pipe stays open.
    writer.write_all(b"one\ntwo\nthree\nfou").unwrap();
    let got: Vec<String> = (0..3)
        .map(|_| {
            rx.recv_timeout(Duration::from_secs(10))
                .expect("a line held back")
        })
        .collect();
    assert_eq!(got, ["one", "two", "three"]);
    // The line in progress goes on after the quiet spell.
    writer.write_all(b"r\nfive\n").unwrap();
    assert_eq!(rx.recv_timeout(Duration::from_secs(10)).unwrap(), "four");
    assert_eq!(rx.recv_timeout(Duration::from_secs(10)).unwrap(), "five");
    // Nothing more comes; a stop ends the wait although the pipe is still open.
    let stopped = Instant::now();
    stop.store(true, Ordering::Relaxed);
    let stats = run.join().unwrap().unwrap();
    assert!(stopped.elapsed() < Duration::from_secs(2));
    assert!(stats.interrupted);
    assert_eq!(stats.records, 5);
    drop(writer);
}

#[test]
fn a_sink_that_stops_ends_the_run_early() {
    struct StopAt(u64, Vec<u64>);
    impl Sink<()> for StopAt {
        fn record(&mut self, line: u64, _: Result<(), Unprocessed>) -> Flow {
            self.1.push(line);
            if line == self.0 {
                Flow::Stop
            } else {
                Flow::Continue
            }
        }
    }
    let input: String = (0..100_000).map(|i| format!("{i}\n")).collect();
    let mut sink = StopAt(10, Vec::new());
    let options = Options {
        chunk_lines: 4,
        ..Default::default()
    };
    let stats = pipeline::run_into(input.as_bytes(), &options, |_| (), &mut sink).unwrap();
    assert!(stats.interrupted);
    assert_eq!(sink.1, (1..=10).collect::<Vec<_>>());
    assert!(
        stats.bytes < input.len() as u64 / 10,
        "read on after the stop"
    );
}

#[test]
fn a_huge_line_inside_gzip_is_dropped_in_pieces() {
    // 64 MiB of one line compresses to a few dozen KiB.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(b"first\n").unwrap();
    let block = vec![b'x'; 1 << 20];
    for _ in 0..64 {
        gz.write_all(&block).unwrap();
    }
    gz.write_all(b"\nlast\n").unwrap();
    let gz = gz.finish().unwrap();
    let dir = std::env::temp_dir().join(format!("precis-streams-gz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("huge.jsonl.gz");
    std::fs::write(&path, &gz).unwrap();
    let input = source::open(&path).unwrap();
    let options = Options {
        max_line_bytes: 1 << 20,
        ..Default::default()
    };
    let mut out = Vec::new();
    let longest = std::sync::atomic::AtomicUsize::new(0);
    pipeline::run(
        input.reader,
        &options,
        |line| {
            longest.fetch_max(line.bytes.len(), Ordering::Relaxed);
            String::from_utf8_lossy(line.bytes).into_owned()
        },
        |n, r| out.push((n, r)),
    )
    .unwrap();
    assert_eq!(out.len(), 3);
    assert_eq!(out[0], (1, Ok("first".to_owned())));
    assert_eq!(
        out[1],
        (
            2,
            Err(Unprocessed::TooLong {
                bytes: 64 << 20,
                limit: 1 << 20
            })
        )
    );
    assert_eq!(out[2], (3, Ok("last".to_owned())));
    assert_eq!(longest.load(Ordering::Relaxed), 5);
    std::fs::remove_dir_all(&dir).ok();
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("precis-streams-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn entries(dir: &Path) -> usize {
    std::fs::read_dir(dir).unwrap().count()
}

#[test]
fn an_output_file_appears_only_when_committed() {
    let dir = scratch("output");
    let path = dir.join("out.jsonl");
    std::fs::write(&path, "old\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }

    // Dropped (a failed run): the old file stays, the temporary one goes.
    let mut out = Output::create(&path).unwrap();
    out.record(b"new").unwrap();
    out.flush().unwrap();
    assert_eq!(out.records_written(), 1);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
    drop(out);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
    assert_eq!(entries(&dir), 1);

    // Kept aside (an interrupted run): under its own name, beside the old file.
    let mut out = Output::create(&path).unwrap();
    out.record(b"partial").unwrap();
    let kept = out.keep_partial().unwrap().unwrap();
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "partial\n");
    assert!(
        kept.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("out.jsonl.partial-")
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");

    // Committed: replaced whole, with the old file's permissions.
    let mut out = Output::create(&path).unwrap();
    for k in 0..10_000 {
        out.record(format!("{{\"k\":{k}}}").as_bytes()).unwrap();
    }
    out.commit().unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap().lines().count(),
        10_000
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    assert_eq!(
        entries(&dir),
        2,
        "the output and the kept partial file only"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_output_that_is_an_input_is_refused() {
    let dir = scratch("distinct");
    let data = dir.join("data.jsonl");
    std::fs::write(&data, "{}\n").unwrap();
    let hard = dir.join("hard.jsonl");
    std::fs::hard_link(&data, &hard).unwrap();
    let fresh = dir.join("fresh.jsonl");
    let also_fresh = dir.join(".").join("fresh.jsonl");
    let err = source::check_distinct(&[&data], &[&hard]).unwrap_err();
    assert_eq!(err.output, hard.display().to_string());
    assert_eq!(err.input, data.display().to_string());
    assert!(source::check_distinct(&[&data], &[&fresh]).is_ok());
    assert!(source::check_distinct(&[&data], &[&fresh, &also_fresh]).is_err());
    assert!(source::check_distinct(&[&data], &[&fresh, &hard]).is_err());
    // Devices are not regular files: reading and writing /dev/null is fine.
    let null = Path::new("/dev/null");
    assert!(source::check_distinct(&[null], &[null]).is_ok());
    std::fs::remove_dir_all(&dir).ok();
}
