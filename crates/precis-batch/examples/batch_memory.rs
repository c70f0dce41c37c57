//! Batch memory benchmark: peak resident memory and time of `precis batch` on inputs whose lines
//! are huge or over `--max-record-bytes`, against ordinary records. Run it through
//! `bench/batch_memory.sh` (which `bench/linearity.sh` also runs):
//!
//! ```text
//! bench/batch_memory.sh                          # every case
//! bench/batch_memory.sh --cases over-limit --scale 0.1
//! ```
//!
//! Each case streams a generated input (nothing is written to disk) into one `precis batch -j 2`
//! process through a pipe and reads the peak RSS of that process from `wait4(2)`. The bound to
//! check: peak RSS stays flat, a few times `--max-record-bytes` at most, whatever the input size.
//!
//! Cases:
//! - `records`: 20,000 ordinary news records (the baseline).
//! - `near-limit`: 300 lines of 15 MB, under the default 16 MiB limit (each is read whole; they
//!   are cut JSON, rejected at once, so the figure is the pipeline's and not the summarizer's).
//! - `over-limit`: 300 lines of 20 MB, over the limit (each becomes an error line unread).
//! - `gzip-line`: one 10 GB line from a gzip stream of about 10 MB, then one record.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Instant;

use flate2::Compression;
use flate2::write::GzEncoder;

const MB: usize = 1_000_000;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut precis = "target/release/precis".to_owned();
    let mut cases: Vec<String> = ["records", "near-limit", "over-limit", "gzip-line"]
        .map(str::to_owned)
        .to_vec();
    let mut scale = 1.0f64;
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_else(|| usage(&flag));
        match flag.as_str() {
            "--precis" => precis = value,
            "--cases" => cases = value.split(',').map(str::to_owned).collect(),
            "--scale" => scale = value.parse().unwrap_or_else(|_| usage(&value)),
            _ => usage(&flag),
        }
    }
    let n = |count: usize| ((count as f64 * scale).round() as usize).max(1);
    println!(
        "# precis batch: peak RSS on huge and over-long lines (-j 2, default --max-record-bytes 16 MiB)\n"
    );
    println!("| case | input | seconds | peak RSS | output lines | exit |");
    println!("|---|---|---|---|---|---|");
    for case in &cases {
        let (description, input): (String, Input) = match case.as_str() {
            "records" => {
                let count = n(20_000);
                (format!("{count} ordinary records"), Input::Records(count))
            }
            "near-limit" => (
                format!("{} lines × 15 MB (under the limit)", n(300)),
                Input::Repeat(cut_json(15 * MB), n(300)),
            ),
            "over-limit" => (
                format!("{} lines × 20 MB (over the limit)", n(300)),
                Input::Repeat(cut_json(20 * MB), n(300)),
            ),
            "gzip-line" => {
                let gb = (10.0 * scale).max(0.1);
                (
                    format!("one {gb:.1} GB line from gzip"),
                    Input::Gzip(gzip_line((gb * 1000.0) as usize)),
                )
            }
            other => usage(other),
        };
        let (seconds, peak_kib, lines, code, bytes) = measure(&precis, input);
        println!(
            "| {case} | {description}, {:.0} MB piped | {seconds:.1} | {:.0} MiB | {lines} | {code} |",
            bytes as f64 / 1e6,
            peak_kib as f64 / 1024.0
        );
    }
}

fn usage(bad: &str) -> ! {
    eprintln!(
        "batch_memory: bad argument '{bad}'\nusage: batch_memory [--precis PATH] [--cases records,near-limit,over-limit,gzip-line] [--scale F]"
    );
    std::process::exit(2);
}

enum Input {
    Records(usize),
    Repeat(Vec<u8>, usize),
    Gzip(Vec<u8>),
}

/// A line of `len` bytes that opens a JSON record and never closes it.
fn cut_json(len: usize) -> Vec<u8> {
    let mut line = b"{\"id\": 1, \"article\": \"".to_vec();
    line.resize(len, b'a');
    line.push(b'\n');
    line
}

/// Gzip of one line of `mb` MB of `a`, then an ordinary record: the same compressed member of
/// 10 MB repeated (gzip readers take concatenated members as one stream).
fn gzip_line(mb: usize) -> Vec<u8> {
    let member = {
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(&vec![b'a'; 10 * MB]).unwrap();
        gz.finish().unwrap()
    };
    let mut out = Vec::new();
    for _ in 0..mb.div_ceil(10) {
        out.extend_from_slice(&member);
    }
    let mut gz = GzEncoder::new(out, Compression::default());
    gz.write_all(b"\n").unwrap();
    gz.write_all(record(1).as_bytes()).unwrap();
    gz.finish().unwrap()
}

fn record(id: usize) -> String {
    format!(
        "{{\"id\": {id}, \"article\": \"Story {id}: the council met on Monday to vote on the \
         budget. The mayor said the plan would repair the bridge by spring. Opponents said it \
         spent too much on roads and promised to raise the matter again in March.\"}}\n"
    )
}

/// Runs `precis batch` on `input`: (seconds, peak RSS KiB, output lines, exit code, bytes piped).
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4 in wait_with_peak"
)]
fn measure(precis: &str, input: Input) -> (f64, u64, u64, i32, u64) {
    let started = Instant::now();
    let mut child = Command::new(precis)
        .args(["batch", "--quiet", "-j", "2", "-a", "lead"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            eprintln!("batch_memory: cannot run {precis}: {e}");
            std::process::exit(1)
        });
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || -> u64 {
        let mut sent = 0u64;
        let mut send = |bytes: &[u8]| {
            let ok = stdin.write_all(bytes).is_ok();
            sent += bytes.len() as u64;
            ok
        };
        match input {
            Input::Records(n) => {
                for id in 1..=n {
                    if !send(record(id).as_bytes()) {
                        break;
                    }
                }
            }
            Input::Repeat(line, n) => {
                for _ in 0..n {
                    if !send(&line) {
                        break;
                    }
                }
            }
            Input::Gzip(bytes) => {
                send(&bytes);
            }
        }
        sent
    });
    let mut stdout = child.stdout.take().unwrap();
    let counter = std::thread::spawn(move || {
        let mut lines = 0u64;
        let mut buf = vec![0; 1 << 16];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        }
        lines
    });
    let (code, peak) = wait_with_peak(child.id() as i32);
    let bytes = feeder.join().unwrap();
    let lines = counter.join().unwrap();
    (started.elapsed().as_secs_f64(), peak, lines, code, bytes)
}

/// Reaps `pid` with wait4(2): (exit code, peak RSS in KiB).
fn wait_with_peak(pid: i32) -> (i32, u64) {
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it and the status for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4 failed");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, usage.ru_maxrss as u64)
}
