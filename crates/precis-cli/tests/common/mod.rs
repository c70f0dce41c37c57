//! Helpers shared by the CLI's integration tests: each test file includes this module
//! (`mod common;`), so that running the binary, reading its output and making batch records are
//! written once.

// Each test file uses some of these, never all.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};

/// The `precis` binary built for these tests.
pub fn precis() -> Command {
    Command::new(env!("CARGO_BIN_EXE_precis"))
}

/// Runs precis with `args` and `stdin` as its standard input (none: /dev/null), and waits for it.
/// The input is written from a thread: precis may answer, or exit on a usage error, before it has
/// read everything.
pub fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = precis()
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run precis");
    let writer = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().unwrap();
        let bytes = bytes.to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        })
    });
    let out = child.wait_with_output().unwrap();
    if let Some(writer) = writer {
        writer.join().unwrap();
    }
    out
}

/// Standard output, which must be UTF-8.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

/// Standard error (lossily decoded: a test reads messages from it).
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output as JSON lines, each of which must parse.
pub fn lines(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// A batch record `id` with a three-sentence article.
pub fn record(id: usize) -> String {
    json!({"id": id, "article": format!("Story {id} begins here. The council met on Monday. It voted to approve the plan.")})
        .to_string()
}

/// Records 1 to `n`, one per line.
pub fn records(n: usize) -> String {
    (1..=n).map(|i| record(i) + "\n").collect()
}
