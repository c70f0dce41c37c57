//! The web page in a real browser: Debian's Chromium, driven by `tests/browser/check.mjs`
//! (playwright-core), against a server this test starts. The script checks that the sentences the
//! page highlights are the API's answer for the same input (text, a pasted page, a pasted
//! fragment), the copy buttons, phone width and the error messages, and takes screenshots: into
//! `docs/serve.png` and `docs/serve-phone.png` with `PRECIS_UPDATE_SCREENSHOTS=1`, otherwise into
//! a temporary directory (a test run leaves the repository's files alone). A second script, `tests/browser/check_url.mjs`, checks the link
//! field of a server that fetches pages (`--allow-fetch`) against an article served by the test.
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

/// The directory of the browser scripts, or `None` (after saying why) when the tools are missing
/// and not required.
fn browser_scripts(test: &str) -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script_dir = manifest.join("tests/browser");
    let missing = missing_tools(&script_dir);
    if missing.is_empty() {
        return Some(script_dir);
    }
    let what = missing.join(", ");
    if std::env::var("PRECIS_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("browser test required (PRECIS_REQUIRE_BROWSER=1) but missing: {what}");
    }
    eprintln!(
        "SKIPPED browser test {test}: missing {what}. \
         Set PRECIS_REQUIRE_BROWSER=1 to make this a failure."
    );
    None
}

/// Runs `node SCRIPT ARGS…` in the scripts' directory, within [`DEADLINE`], and fails the test if
/// the script fails.
fn run_script(script_dir: &Path, script: &str, args: &[&std::ffi::OsStr]) {
    let mut child = Command::new("node")
        .arg(script_dir.join(script))
        .args(args)
        .current_dir(script_dir)
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

#[test]
fn page_highlights_match_the_api() {
    let Some(script_dir) = browser_scripts("page_highlights_match_the_api") else {
        return;
    };
    // A small body limit, so that the page's "too long" message is provoked cheaply.
    let server = TestServer::start(precis_serve::ServeConfig {
        max_body: 200_000,
        ..Default::default()
    });
    let update = std::env::var_os("PRECIS_UPDATE_SCREENSHOTS").is_some_and(|v| v == "1");
    let shots = if update {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs")
    } else {
        std::env::temp_dir().join(format!("precis-browser-shots-{}", std::process::id()))
    };
    let url = server.url();
    run_script(&script_dir, "check.mjs", &[url.as_ref(), shots.as_os_str()]);
    if !update {
        let _ = std::fs::remove_dir_all(&shots);
    }
}

/// An article page on 127.0.0.1 (ephemeral port) for the link field: `/story` is the article,
/// anything else 404. It answers until the test ends or 60 s pass; reads and writes time out.
fn article_server() -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let Ok((sock, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            let _ = sock.set_nonblocking(false);
            let _ = sock.set_read_timeout(Some(Duration::from_secs(10)));
            let _ = sock.set_write_timeout(Some(Duration::from_secs(10)));
            let mut reader = BufReader::new(&sock);
            let mut first = String::new();
            let _ = reader.read_line(&mut first);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let page = "<html lang=\"en\"><head><title>Harbour reopens | Gazette</title></head>\
                <body><nav><a href=\"/\">Home</a></nav><article><h1>Harbour reopens</h1>\
                <p>The harbour reopened on Monday after three days of closure, the port \
                authority said, and the first ferries left on schedule in calm weather.</p>\
                <p>Repairs to the outer breakwater will continue through the winter, officials \
                added, at a cost the council has yet to approve.</p>\
                <p>Fishermen said the closure had cost them a week of work.</p>\
                </article></body></html>";
            let answer = if first.starts_with("GET /story ") {
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{page}",
                    page.len()
                )
            } else {
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_owned()
            };
            let _ = (&sock).write_all(answer.as_bytes());
        }
    });
    base
}

#[test]
fn link_field_summarizes_a_fetched_page() {
    let Some(script_dir) = browser_scripts("link_field_summarizes_a_fetched_page") else {
        return;
    };
    // Fetching on, private addresses allowed: the article is served from loopback.
    let server = TestServer::start(precis_serve::ServeConfig {
        fetch: Some(precis_fetch::FetchOptions::default()),
        ..Default::default()
    });
    let base = article_server();
    let (url, story, missing) = (
        server.url(),
        format!("{base}/story"),
        format!("{base}/gone"),
    );
    run_script(
        &script_dir,
        "check_url.mjs",
        &[url.as_ref(), story.as_ref(), missing.as_ref()],
    );
}
