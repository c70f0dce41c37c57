//! Outputs under hostile conditions: an output that is an input is refused before anything is
//! opened for writing, files are replaced only by a completed run, a closed pipe or a full disk is
//! an error (exit 1, never a panic), over-long records become error lines, and Ctrl-C works on a
//! quiet input while a slow stream's records come out as they complete.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod common;
use common::{precis, record, records, run, stderr};

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("precis-io-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Files in `dir` whose name contains `part`.
fn files_with(dir: &Path, part: &str) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().contains(part))
        .collect()
}

fn eval_data(path: &Path) {
    std::fs::write(
        path,
        "{\"id\":\"1\",\"article\":\"The mayor resigned on Monday. Fans cheered. A new mayor will be elected in June.\",\"highlights\":[\"Mayor resigned Monday.\"]}\n",
    )
    .unwrap();
}

#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let dir = scratch("same");
    let data = dir.join("data.jsonl");
    let text = records(200);
    std::fs::write(&data, &text).unwrap();
    let link = dir.join("link.jsonl");
    std::os::unix::fs::symlink(&data, &link).unwrap();
    let hard = dir.join("hard.jsonl");
    std::fs::hard_link(&data, &hard).unwrap();
    for (input, output) in [
        (&data, &data),
        (&link, &data),
        (&data, &link),
        (&hard, &data),
    ] {
        let o = run(&["batch", "-i", s(input), "-o", s(output)], None);
        assert_eq!(o.status.code(), Some(2), "{input:?} -> {output:?}");
        assert!(stderr(&o).contains("is the same file as"), "{}", stderr(&o));
        assert_eq!(
            std::fs::read_to_string(&data).unwrap(),
            text,
            "input intact"
        );
    }

    // Standard input and output the same file (`precis batch < f >> f`): it would read its own
    // output back for ever.
    let o = precis()
        .args(["batch", "--quiet"])
        .stdin(std::fs::File::open(&data).unwrap())
        .stdout(
            std::fs::OpenOptions::new()
                .append(true)
                .open(&data)
                .unwrap(),
        )
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&data).unwrap(), text);

    // eval, oracle and train likewise, and two outputs that are one file.
    let gold = dir.join("gold.jsonl");
    eval_data(&gold);
    let gold_text = std::fs::read_to_string(&gold).unwrap();
    let fresh = dir.join("new.jsonl");
    for args in [
        vec!["eval", "--data", s(&gold), "--output", s(&gold)],
        vec!["oracle", "--data", s(&gold), "--labels", s(&gold)],
        vec!["oracle", "--data", s(&link), "--labels", s(&data)],
        vec![
            "oracle",
            "--data",
            s(&gold),
            "--labels",
            s(&fresh),
            "--output",
            s(&fresh),
        ],
        vec!["train", "--data", s(&gold), "--out", s(&gold)],
    ] {
        let o = run(&args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("is the same file as"), "{}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&gold).unwrap(), gold_text);
        assert!(!fresh.exists());
    }
    // /dev/null in and out is no clash.
    let o = precis()
        .args(["batch", "--quiet", "-o", "/dev/null"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_output_file_is_replaced_only_by_a_completed_run() {
    let dir = scratch("replace");
    let out = dir.join("out.jsonl");
    std::fs::write(&out, "precious\n").unwrap();
    // A gzip input cut short: a read error after some records.
    let mut gz = flate2_gzip(records(300).as_bytes());
    gz.truncate(gz.len() / 2);
    let input = dir.join("cut.jsonl.gz");
    std::fs::write(&input, &gz).unwrap();
    let o = run(&["batch", "--quiet", "-i", s(&input), "-o", s(&out)], None);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("cannot read"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious\n");
    // The records read before the failure are kept beside it, under a name that says so.
    let partial = files_with(&dir, "out.jsonl.partial-");
    assert_eq!(partial.len(), 1, "{err}");
    assert!(err.contains(s(&partial[0])), "{err}");
    let kept = std::fs::read_to_string(&partial[0]).unwrap();
    assert!(kept.lines().count() > 10);

    // A completed run replaces the file, through a symlink (which stays a link).
    let link = dir.join("link.jsonl");
    std::os::unix::fs::symlink(&out, &link).unwrap();
    let o = run(
        &["batch", "--quiet", "-o", s(&link)],
        Some(records(5).as_bytes()),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 5);
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(
        files_with(&dir, ".partial-").len(),
        1,
        "no new temporary file"
    );
    std::fs::remove_dir_all(&dir).ok();
}

fn flate2_gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// Runs `args` with `stdin` and a stdout pipe that is closed after `keep` bytes were read.
fn with_closed_stdout(args: &[&str], stdin: Vec<u8>, keep: usize) -> Output {
    let mut child = precis()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&stdin);
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut head = vec![0; keep];
    stdout.read_exact(&mut head).unwrap();
    drop(stdout);
    let o = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    o
}

#[test]
fn a_closed_pipe_fails_the_record_commands_and_says_how_many_were_written() {
    let many = records(3000).into_bytes();
    let pairs: Vec<u8> = (0..3000)
        .flat_map(|i| {
            format!("{{\"reference\":\"the cat sat {i}\",\"candidate\":\"a cat sat\"}}\n")
                .into_bytes()
        })
        .collect();
    for (args, input) in [
        (&["batch", "--quiet"][..], &many),
        (&["sentences", "--jsonl", "-"], &many),
        (&["rouge", "--pairs", "-"], &pairs),
    ] {
        let o = with_closed_stdout(args, input.clone(), 10);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = stderr(&o);
        let last = err.lines().last().unwrap_or_default();
        assert!(
            last.contains("cannot write to standard output") && last.contains("records written"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    // One-shot commands stay silent.
    let o = with_closed_stdout(&["algorithms"], Vec::new(), 1);
    assert!(o.status.success());
    assert_eq!(stderr(&o), "");
}

#[test]
fn a_full_disk_is_an_error_not_a_panic() {
    let dir = scratch("full");
    let gold = dir.join("gold.jsonl");
    eval_data(&gold);
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full");
    if full().is_err() {
        return; // not Linux
    }
    let batch = records(3);
    for (args, stdin) in [
        (vec!["algorithms"], None),
        (vec!["--help"], None),
        (vec!["batch", "--help"], None),
        (vec!["--version"], None),
        // (Empty standard input is the empty-input error, before any output: give them text.)
        (vec!["summarize", "-"], Some(batch.as_bytes())),
        (vec!["sentences", "-"], Some(batch.as_bytes())),
        (vec!["eval", "--data", s(&gold)], None),
        (vec!["batch"], Some(batch.as_bytes())),
        (vec!["sentences", "--jsonl", "-"], Some(batch.as_bytes())),
        (vec!["rouge", "--pairs", "-"], Some(b"{}\n".as_slice())),
    ] {
        let mut child = precis()
            .args(&args)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(full().unwrap())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if let Some(bytes) = stdin {
            let _ = child.stdin.take().unwrap().write_all(bytes);
        }
        let o = child.wait_with_output().unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("No space left on device"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    // An output file on a full disk: the closing line and no file left behind.
    let o = run(&["eval", "--data", s(&gold), "--output", "/dev/full"], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_record_over_the_limit_becomes_an_error_line_in_place() {
    let long = json!({"id": "big", "article": "word ".repeat(400)}).to_string();
    let input = format!("{}\n{long}\n{}\n", record(1), record(3));
    let o = run(
        &["batch", "--quiet", "--max-record-bytes", "1000"],
        Some(input.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], 1);
    assert_eq!(lines[1]["line"], 2);
    let error = lines[1]["error"].as_str().unwrap();
    assert!(
        error.contains(&format!("{} bytes long", long.len())),
        "{error}"
    );
    assert!(error.contains("1000"), "{error}");
    assert_eq!(lines[2]["id"], 3);
}

/// Starts `precis batch` on a pipe that the test keeps open.
fn batch_on_open_pipe(extra: &[&str]) -> (Child, std::process::ChildStdin) {
    let mut child = precis()
        .args(["batch", "--quiet", "-j", "2"])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    (child, stdin)
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([name, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Everything a finished child wrote to stderr.
fn stderr_of(child: &mut Child) -> String {
    let mut err = String::new();
    let _ = child.stderr.take().unwrap().read_to_string(&mut err);
    err
}

/// Waits for `child` at most `limit`; `None` if it is still running (it is then killed).
fn wait_at_most(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

#[test]
fn records_of_a_slow_stream_come_out_as_they_complete_and_ctrl_c_works_while_it_is_quiet() {
    let (mut child, mut stdin) = batch_on_open_pipe(&[]);
    // Three records, far fewer than a chunk, then nothing: the pipe stays open.
    stdin.write_all(records(3).as_bytes()).unwrap();
    stdin.flush().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        let mut seen = Vec::new();
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            let _ = tx.send(seen.iter().filter(|&&b| b == b'\n').count());
        }
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut lines = 0;
    while lines < 3 && Instant::now() < deadline {
        if let Ok(n) = rx.recv_timeout(Duration::from_millis(100)) {
            lines = n;
        }
    }
    assert_eq!(
        lines, 3,
        "the records read were written while the input is open"
    );

    // Ctrl-C while the input sends nothing: precis stops at once, not at the next line.
    signal(&child, "-INT");
    let signalled = Instant::now();
    let status = wait_at_most(&mut child, Duration::from_secs(5));
    assert!(status.is_some(), "still waiting for input after Ctrl-C");
    assert!(signalled.elapsed() < Duration::from_secs(3));
    assert_eq!(status.unwrap().code(), Some(1));
    let err = stderr_of(&mut child);
    assert!(
        err.contains("3 records") && err.contains("interrupted"),
        "{err}"
    );
    drop(stdin);
}

#[test]
fn ctrl_c_on_a_quiet_input_keeps_the_output_file_aside() {
    let dir = scratch("quiet");
    let out = dir.join("out.jsonl");
    std::fs::write(&out, "precious\n").unwrap();
    let (mut child, mut stdin) = batch_on_open_pipe(&["-o", s(&out)]);
    stdin.write_all(records(2).as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(800));
    signal(&child, "-TERM");
    let status = wait_at_most(&mut child, Duration::from_secs(5));
    assert_eq!(status.and_then(|s| s.code()), Some(1));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious\n");
    let partial = files_with(&dir, "out.jsonl.partial-");
    assert_eq!(partial.len(), 1);
    assert_eq!(
        std::fs::read_to_string(&partial[0])
            .unwrap()
            .lines()
            .count(),
        2
    );
    drop(stdin);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_second_ctrl_c_exits_at_once() {
    // Nobody reads the output: precis blocks writing it, and the first Ctrl-C cannot finish.
    let (mut child, mut stdin) = batch_on_open_pipe(&[]);
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(records(3000).as_bytes());
    });
    std::thread::sleep(Duration::from_millis(1500));
    signal(&child, "-INT");
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "blocked on its output, the first Ctrl-C cannot finish"
    );
    signal(&child, "-INT");
    let status = wait_at_most(&mut child, Duration::from_secs(3));
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(1),
        "the second one exits"
    );
    let err = stderr_of(&mut child);
    assert!(err.contains("interrupted again"), "{err}");
    drop(child.stdout.take());
    feeder.join().unwrap();
}
