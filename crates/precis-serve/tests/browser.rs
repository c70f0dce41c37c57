//! The web page in a real browser: Debian's Chromium, driven by `tests/browser/check.mjs`
//! (playwright-core), against a server this test starts. The script checks that the sentences the
//! page highlights are the API's answer for the same input (text, a pasted page, a pasted
//! fragment), the copy buttons, phone width and the error messages, and saves `docs/serve.png`
//! and `docs/serve-phone.png`.
//!
//! Needs `/usr/bin/chromium` (or `$CHROMIUM`), `node`, and `npm ci` in `tests/browser/`. Without
//! them the test prints why and passes, unless `PRECIS_REQUIRE_BROWSER=1` (as in CI), when it fails.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::TestServer;

const DEADLINE: Duration = Duration::from_secs(180);

fn missing_tools(script_dir: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.is_file() {
        missing.push(format!("{} (apt-get install chromium)", chromium.display()));
    }
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !node.is_ok_and(|s| s.success()) {
        missing.push("node (apt-get install nodejs)".to_owned());
    }
    if !script_dir.join("node_modules/playwright-core").is_dir() {
        missing.push(format!(
            "{}/node_modules (run `npm ci` there)",
            script_dir.display()
        ));
    }
    missing
}

#[test]
fn page_highlights_match_the_api() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script_dir = manifest.join("tests/browser");
    let missing = missing_tools(&script_dir);
    if !missing.is_empty() {
        let what = missing.join(", ");
        if std::env::var("PRECIS_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("browser test required (PRECIS_REQUIRE_BROWSER=1) but missing: {what}");
        }
        eprintln!(
            "SKIPPED browser test page_highlights_match_the_api: missing {what}. \
             Set PRECIS_REQUIRE_BROWSER=1 to make this a failure."
        );
        return;
    }

    // A small body limit, so that the page's "too long" message is provoked cheaply.
    let server = TestServer::start(precis_serve::ServeConfig {
        max_body: 200_000,
        ..Default::default()
    });
    let docs = manifest.join("../../docs");
    let mut child = Command::new("node")
        .arg(script_dir.join("check.mjs"))
        .arg(server.url())
        .arg(&docs)
        .current_dir(&script_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start node");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for node") {
            break Some(status);
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut out = String::new();
    let mut err = String::new();
    let _ = child.stdout.take().unwrap().read_to_string(&mut out);
    let _ = child.stderr.take().unwrap().read_to_string(&mut err);
    println!("{out}");
    eprintln!("{err}");
    match status {
        None => panic!("the browser script took longer than {DEADLINE:?}"),
        Some(s) => assert!(s.success(), "the browser script failed ({s}): {err}"),
    }
}
