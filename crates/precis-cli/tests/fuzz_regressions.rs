//! Replays every input the fuzzers ever found (`fuzz/regressions/<target>/*`) through the same
//! invariant checks the fuzz targets run (`fuzz/src/checks.rs`, compiled in here), so a crash found
//! once stays fixed. The fuzzers themselves run outside CI: see `fuzz/README.md`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "../../../fuzz/src/checks.rs"]
mod checks;

/// A fuzz target's check: panics when an invariant is broken.
type Check = fn(&[u8]);

const TARGETS: [(&str, Check); 6] = [
    ("segment", checks::segment),
    ("words", checks::words),
    ("summarize", checks::summarize),
    ("record", checks::record),
    ("rouge", checks::rouge),
    ("html", checks::html),
];

fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions")
}

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = regressions_dir().join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
        .collect();
    files.sort();
    files
}

fn replay(target: &str, check: Check) {
    for path in inputs(target) {
        let data = std::fs::read(&path).unwrap();
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| check(&data));
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(outcome.is_ok(), "{target}/{name} fails its check again");
        // Generous for debug builds on a busy machine: the fuzzers flag anything over 10 s in
        // release, and every kept input is small.
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{target}/{name} took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn segment() {
    replay("segment", checks::segment);
}

#[test]
fn words() {
    replay("words", checks::words);
}

#[test]
fn summarize() {
    replay("summarize", checks::summarize);
}

#[test]
fn record() {
    replay("record", checks::record);
}

#[test]
fn rouge() {
    replay("rouge", checks::rouge);
}

#[test]
fn html() {
    replay("html", checks::html);
}

#[test]
fn every_regression_folder_is_a_target() {
    let Ok(entries) = std::fs::read_dir(regressions_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if e.path().is_dir() {
            assert!(
                TARGETS.iter().any(|(t, _)| *t == name),
                "fuzz/regressions/{name} names no fuzz target"
            );
        }
    }
}

/// A few hand-picked inputs in every target, so the checks themselves are exercised even before
/// the fuzzers have found anything.
#[test]
fn checks_pass_on_plain_inputs() {
    let article = b"LONDON (CNN) -- The vote passed on Friday. Mr. Smith said: \"It is over.\" \
        Critics called it a gimmick.\n\nThe House votes next week.";
    for (target, check) in TARGETS {
        for data in [
            &b""[..],
            b"\0",
            b"x",
            &article[..],
            "caf\u{e9} \u{1F468}\u{200D}\u{1F469}".as_bytes(),
        ] {
            let outcome = std::panic::catch_unwind(|| check(data));
            assert!(
                outcome.is_ok(),
                "{target} on {:?}",
                String::from_utf8_lossy(data)
            );
        }
    }
}
