//! `precis batch` as a user runs it: bad records become error lines in place, the output always has
//! as many lines as the input, the exit code says whether every record succeeded, and an
//! interrupted run (SIGINT or SIGTERM) writes every record it read and exits non-zero.

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::{lines, precis, record, run};

#[test]
fn bad_records_become_error_lines_in_place() {
    let mut input = Vec::new();
    let bad: [&[u8]; 8] = [
        b"{\"article\": \"caf\xe9\"}",
        b"not json",
        b"",
        b"[]",
        b"{\"id\": \"no-text\"}",
        b"{\"article\": 7}",
        b"{\"article\": \"   \"}",
        b"\0\0\0",
    ];
    for (k, b) in bad.iter().enumerate() {
        input.extend_from_slice(record(2 * k + 1).as_bytes());
        input.push(b'\n');
        input.extend_from_slice(b);
        input.push(b'\n');
    }
    for algorithm in ["lead", "textrank", "lsa"] {
        let o = run(
            &["batch", "--quiet", "-a", algorithm, "-j", "2"],
            Some(&input),
        );
        assert_eq!(o.status.code(), Some(1), "some records failed: exit 1");
        let out = lines(&o);
        assert_eq!(out.len(), 2 * bad.len());
        for (k, v) in out.iter().enumerate() {
            if k % 2 == 0 {
                assert_eq!(v["id"], k + 1, "{v}");
                assert!(v["summary"].as_str().unwrap().starts_with("Story"), "{v}");
            } else {
                assert_eq!(v["line"], k + 1, "{v}");
                assert!(v["error"].is_string(), "{v}");
            }
        }
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("16 records, 8 errors"), "{err}");
    }
}

#[test]
fn exit_codes() {
    let good: String = (1..=50).map(|i| record(i) + "\n").collect();
    let o = run(&["batch", "--quiet"], Some(good.as_bytes()));
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(lines(&o).len(), 50);

    // Empty input: nothing to do, nothing failed.
    let o = run(&["batch", "--quiet"], Some(b""));
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());

    // A file that cannot be read: exit 1 and one line that names it.
    let o = run(&["batch", "--input", "/no/such/input.jsonl"], Some(b""));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("cannot open /no/such/input.jsonl"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    // Bad usage: exit 2.
    for args in [
        &["batch", "-a", "nope"][..],
        &["batch", "-n", "0"],
        &["batch", "--input-format", "pdf"],
    ] {
        let o = run(args, Some(good.as_bytes()));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn gzip_in_and_out_through_files() {
    let dir = std::env::temp_dir().join(format!("precis-batch-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.jsonl");
    let text: String = (1..=20).map(|i| record(i) + "\n").collect::<String>() + "garbage";
    std::fs::write(&input, &text).unwrap();
    let output = dir.join("out.jsonl.gz");
    let o = precis()
        .args(["batch", "--quiet", "-i"])
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let gz = std::fs::read(&output).unwrap();
    assert_eq!(&gz[..2], &[0x1f, 0x8b], "the .gz output is gzip");
    // Read it back through precis itself (gzip input is detected by its magic bytes).
    let o2 = run(&["batch", "--quiet", "--text-field", "summary"], Some(&gz));
    assert_eq!(lines(&o2).len(), 21);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Starts `precis batch` on a pipe, feeds it records from a thread at `pace` (none: as fast as
/// it reads), sends `signal` after `after`, and returns (exit code, output lines, the number of
/// records precis says it read, seconds from the signal to the exit).
fn interrupt(
    signal: &str,
    pace: Option<Duration>,
    after: Duration,
) -> (Option<i32>, Vec<Value>, u64, f64) {
    let mut child: Child = precis()
        .args(["batch", "--quiet", "-j", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        // Until precis stops reading (broken pipe) or a safety cap.
        for i in 1..=2_000_000 {
            if pipe.write_all((record(i) + "\n").as_bytes()).is_err() {
                return;
            }
            if let Some(p) = pace {
                let _ = pipe.flush();
                std::thread::sleep(p);
            }
        }
    });
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        stdout.read_to_string(&mut out).unwrap();
        out
    });
    std::thread::sleep(after);
    let signalled = Instant::now();
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let code = child.wait().unwrap().code();
    let seconds = signalled.elapsed().as_secs_f64();
    let out = reader.join().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    feeder.join().unwrap();
    assert!(err.contains("interrupted"), "{err}");
    let read: u64 = err
        .split("precis: ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no record count in {err:?}"));
    let lines = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    (code, lines, read, seconds)
}

fn check_interrupted(code: Option<i32>, lines: &[Value], read: u64) {
    assert_eq!(code, Some(1), "an interrupted run exits non-zero");
    assert!(read > 0, "nothing was read before the signal");
    assert_eq!(lines.len() as u64, read, "every record read is written");
    for (k, v) in lines.iter().enumerate() {
        assert_eq!(v["id"], k + 1, "in order, none lost: {v}");
        assert!(v.get("error").is_none(), "{v}");
    }
}

#[test]
fn sigint_on_a_slow_stdin_writes_every_record_read() {
    let (code, lines, read, seconds) = interrupt(
        "-INT",
        Some(Duration::from_millis(100)),
        Duration::from_millis(1500),
    );
    check_interrupted(code, &lines, read);
    // Reading stops after the line being read, not at the end of a 64-line chunk (6.4 s here).
    assert!(seconds < 3.0, "took {seconds:.1} s to stop");
}

#[test]
fn sigint_and_sigterm_on_a_large_fast_stdin_write_every_record_read() {
    for signal in ["-INT", "-TERM"] {
        let (code, lines, read, seconds) = interrupt(signal, None, Duration::from_millis(1500));
        check_interrupted(code, &lines, read);
        assert!(seconds < 10.0, "{signal}: took {seconds:.1} s to stop");
    }
}
