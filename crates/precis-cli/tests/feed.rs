//! `precis feed` against feeds and pages served by the test itself on 127.0.0.1 (an ephemeral
//! port; the server answers until the test drops it or 60 s pass, and every read and write has a
//! timeout). The server records the paths asked for, so the tests see what was fetched.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod common;
use common::{lines, run};

/// A news page with `title` whose article says `topic` in three sentences.
fn page(title: &str, topic: &str) -> String {
    format!(
        r#"<html lang="en"><head><title>{title} | Gazette</title>
<meta property="og:site_name" content="Gazette"></head>
<body><nav><a href="/">Home</a></nav><article><h1>{title}</h1>
<p>The {topic} was announced on Monday after three days of talks, officials said, and the first
reactions from residents were calm.</p>
<p>Work on the {topic} will continue through the winter, the council added, at a cost it has yet
to approve in full.</p>
<p>Critics said the {topic} had been delayed for a year, and asked the council for a public
hearing before spring.</p></article></body></html>"#
    )
}

struct Server {
    base: String,
    asked: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl Server {
    fn asked(&self, path: &str) -> usize {
        self.asked
            .lock()
            .unwrap()
            .iter()
            .filter(|p| *p == path)
            .count()
    }
}

/// Serves `routes` (path, content type, body; `{base}` in a body becomes the server's address);
/// any other path is 404.
fn serve(routes: &[(&str, &str, String)]) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let routes: Vec<(String, String, String)> = routes
        .iter()
        .map(|(p, t, b)| (p.to_string(), t.to_string(), b.replace("{base}", &base)))
        .collect();
    let asked = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let (asked2, stop2) = (asked.clone(), stop.clone());
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !stop2.load(Ordering::Relaxed) && Instant::now() < deadline {
            let sock = match listener.accept() {
                Ok((sock, _)) => sock,
                Err(_) => {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                }
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
            let path = first.split(' ').nth(1).unwrap_or("/").to_owned();
            asked2.lock().unwrap().push(path.clone());
            let answer = match routes.iter().find(|(p, _, _)| *p == path) {
                Some((_, ctype, body)) => format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\
                     Connection: close\r\n\r\n{body}",
                    body.len()
                ),
                None => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_owned(),
            };
            let _ = (&sock).write_all(answer.as_bytes());
        }
    });
    Server { base, asked, stop }
}

const HTML: &str = "text/html; charset=utf-8";

fn stories() -> Vec<(&'static str, &'static str, String)> {
    vec![
        ("/harbour", HTML, page("Harbour reopens", "harbour plan")),
        (
            "/bridge",
            HTML,
            page("Bridge repairs begin", "bridge project"),
        ),
        ("/school", HTML, page("New school opens", "school budget")),
        ("/notes.txt", "text/plain", "not a page".repeat(20)),
    ]
}

const RSS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>The Gazette</title><link>{base}/</link>
<item><title>Harbour reopens</title><link>{base}/harbour</link>
  <pubDate>Wed, 04 Mar 2026 09:30:00 GMT</pubDate></item>
<item><title>Bridge repairs begin</title><link>/bridge</link>
  <pubDate>Tue, 03 Mar 2026 08:00:00 +0100</pubDate></item>
<item><title>Harbour reopens (shared)</title><link>{base}/harbour?utm_source=rss#top</link></item>
<item><title>Gone</title><link>{base}/gone</link><pubDate>Mon, 02 Mar 2026 12:00:00 GMT</pubDate></item>
<item><title>No link at all</title><description>Only a teaser.</description></item>
<item><title>Notes</title><link>{base}/notes.txt</link></item>
<item><title>School</title><link>{base}/school</link><pubDate>Sun, 01 Mar 2026 12:00:00 GMT</pubDate></item>
</channel></rss>"#;

#[test]
fn rss_entries_become_one_line_each_in_order_with_errors_in_place() {
    let mut routes = stories();
    routes.push(("/rss.xml", "application/rss+xml", RSS.to_owned()));
    let server = serve(&routes);
    let url = format!("{}/rss.xml", server.base);
    let out = run(&["feed", &url, "-a", "lead", "-n", "1"], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let got = lines(&out);
    let titles: Vec<&str> = got
        .iter()
        .map(|l| l["entry"]["title"].as_str().unwrap())
        .collect();
    // The shared copy of the harbour story is dropped; every other entry has its line.
    assert_eq!(
        titles,
        [
            "Harbour reopens",
            "Bridge repairs begin",
            "Gone",
            "No link at all",
            "Notes",
            "School"
        ]
    );
    let first = &got[0];
    assert_eq!(first["entry"]["position"], 1);
    assert_eq!(first["entry"]["url"], format!("{}/harbour", server.base));
    assert_eq!(first["entry"]["date"], "2026-03-04T09:30:00+00:00");
    assert_eq!(first["content_from"], "page");
    assert_eq!(first["extracted"]["site_name"], "Gazette");
    assert!(first["summary"].as_str().unwrap().contains("harbour plan"));
    // A relative link is resolved against the feed's address.
    assert_eq!(got[1]["entry"]["url"], format!("{}/bridge", server.base));
    assert_eq!(got[1]["entry"]["date"], "2026-03-03T07:00:00+00:00");
    assert!(
        got[1]["summary"]
            .as_str()
            .unwrap()
            .contains("bridge project")
    );
    assert!(
        got[2]["error"]
            .as_str()
            .unwrap()
            .ends_with("/gone: HTTP 404"),
        "{}",
        got[2]
    );
    assert_eq!(got[3]["error"], "the entry has no link");
    assert!(got[4]["error"].as_str().unwrap().contains("not a web page"));
    assert!(
        got[5]["summary"]
            .as_str()
            .unwrap()
            .contains("school budget")
    );
    assert_eq!(server.asked("/harbour"), 1, "the duplicate is not fetched");
    assert!(
        stderr
            .contains("RSS 2.0 with 7 entries (skipped: 1 repeated link); 3 summarized, 3 errors"),
        "{stderr}"
    );
}

#[test]
fn limit_and_since_choose_entries_from_a_file() {
    let mut routes = stories();
    routes.push(("/unused", HTML, String::new()));
    let server = serve(&routes);
    let dir = std::env::temp_dir().join(format!("precis-feed-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("feed.xml");
    std::fs::write(&file, RSS.replace("{base}", &server.base)).unwrap();
    let file = file.to_str().unwrap();

    // Since 3 March: the harbour and bridge stories, and the undated entries (kept: the feed does
    // not say they are older); the first two of those.
    let out = run(
        &["feed", file, "--since", "2026-03-03", "--limit", "2"],
        None,
    );
    let got = lines(&out);
    let urls: Vec<&str> = got
        .iter()
        .map(|l| l["entry"]["url"].as_str().unwrap())
        .collect();
    // A file has no address to resolve the relative link against: the link stays as it is.
    assert_eq!(
        urls,
        [format!("{}/harbour", server.base).as_str(), "/bridge"]
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2 older than --since, 2 past --limit"),
        "{stderr}"
    );
    assert!(
        got[1]["error"]
            .as_str()
            .unwrap()
            .contains("not a valid http(s) URL")
    );

    // Past every entry's date: only the undated entries are left.
    let out = run(&["feed", file, "--since", "2999-01-01T00:00:00Z"], None);
    let got = lines(&out);
    let titles: Vec<&str> = got
        .iter()
        .map(|l| l["entry"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["No link at all", "Notes"]);
    // A duration is read too (and --limit 0 summarizes nothing, successfully).
    let out = run(&["feed", file, "--since", "36h", "--limit", "0"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(lines(&out).is_empty());

    let out = run(&["feed", file, "--since", "last tuesday"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected a date (2026-03-03)"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn atom_and_json_feed_from_a_url_and_from_stdin() {
    let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom Gazette</title><id>urn:x</id><updated>2026-03-04T10:00:00Z</updated>
<entry><title>Bridge repairs begin</title><id>urn:1</id><link href="{base}/bridge"/>
  <link rel="replies" href="{base}/bridge/comments"/>
  <updated>2026-03-04T10:30:00Z</updated><published>2026-03-04T10:00:00Z</published></entry>
<entry><title type="html">&lt;em&gt;New&lt;/em&gt; school opens</title><id>{base}/school</id>
  <updated>2026-03-03T10:30:00Z</updated></entry></feed>"#;
    let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "JSON Gazette",
  "items": [{"id": "1", "url": "{base}/harbour", "title": "Harbour reopens",
             "date_published": "2026-03-04T09:30:00+00:00"}]}"#;
    let mut routes = stories();
    routes.push(("/atom.xml", "application/atom+xml", atom.to_owned()));
    routes.push(("/feed.json", "application/feed+json", json.to_owned()));
    let server = serve(&routes);

    let out = run(&["feed", &format!("{}/atom.xml", server.base)], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = lines(&out);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["entry"]["url"], format!("{}/bridge", server.base));
    assert_eq!(got[0]["entry"]["date"], "2026-03-04T10:00:00+00:00");
    // An id that is a link stands for the missing link; an HTML title becomes plain text.
    assert_eq!(got[1]["entry"]["url"], format!("{}/school", server.base));
    assert_eq!(got[1]["entry"]["title"], "New school opens");
    assert!(
        got[1]["summary"]
            .as_str()
            .unwrap()
            .contains("school budget")
    );

    let out = run(
        &["feed", "-"],
        Some(json.replace("{base}", &server.base).as_bytes()),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = lines(&out);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["entry"]["title"], "Harbour reopens");
    assert!(String::from_utf8_lossy(&out.stderr).contains("JSON Feed with 1 entry"));
}

#[test]
fn embedded_content_is_fetched_by_default_and_used_on_request() {
    let rss = r#"<?xml version="1.0"?><rss version="2.0"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Full</title>
<item><title>Harbour reopens</title><link>{base}/harbour</link>
  <description>A teaser only.</description>
  <content:encoded><![CDATA[<p>The embedded story says the ferry timetable changed on Monday, after
  weeks of complaints from passengers and crews alike about late departures.</p><p>The port
  authority will publish a new timetable every month from now on, its director told reporters at
  a briefing on the quay.</p><p>Passengers said the change was welcome but came too late for the
  summer season, when the delays had been at their worst.</p>]]></content:encoded></item>
<item><title>Bridge repairs begin</title><link>{base}/bridge</link>
  <description>Teaser: not the story.</description></item>
</channel></rss>"#;
    let mut routes = stories();
    routes.push(("/full.xml", "application/rss+xml", rss.to_owned()));
    let server = serve(&routes);
    let url = format!("{}/full.xml", server.base);

    let out = run(&["feed", &url], None);
    let got = lines(&out);
    assert_eq!(got[0]["content_from"], "page");
    assert!(got[0]["summary"].as_str().unwrap().contains("harbour plan"));
    assert_eq!(server.asked("/harbour"), 1);

    let out = run(&["feed", &url, "--use-feed-content"], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = lines(&out);
    assert_eq!(got[0]["content_from"], "feed");
    // The summary comes from the embedded story (which of its sentences is the model's choice),
    // not from the teaser.
    let summary = got[0]["summary"].as_str().unwrap();
    assert!(
        ["embedded story", "port authority", "Passengers said"]
            .iter()
            .any(|s| summary.contains(s))
            && !summary.contains("teaser"),
        "{summary}"
    );
    assert_eq!(got[0]["title"], "Harbour reopens");
    assert_eq!(
        got[0]["extracted"]["url"],
        format!("{}/harbour", server.base)
    );
    assert_eq!(
        server.asked("/harbour"),
        1,
        "the embedded story is not fetched again"
    );
    // An entry with only a teaser is fetched.
    assert_eq!(got[1]["content_from"], "page");
    assert!(
        got[1]["summary"]
            .as_str()
            .unwrap()
            .contains("bridge project")
    );
}

#[test]
fn markdown_digest_has_a_linked_section_per_entry() {
    let mut routes = stories();
    routes.push(("/rss.xml", "application/rss+xml", RSS.to_owned()));
    let server = serve(&routes);
    let url = format!("{}/rss.xml", server.base);
    let out = run(
        &[
            "feed", &url, "--format", "markdown", "--limit", "3", "-n", "1",
        ],
        None,
    );
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.starts_with("# The Gazette\n\nFrom "), "{md}");
    let harbour = format!(
        "## [Harbour reopens]({}/harbour)\n\n*2026-03-04 · Gazette*\n\n- ",
        server.base
    );
    assert!(md.contains(&harbour), "{md}");
    assert!(
        md.contains(&format!(
            "## [Gone]({}/gone)\n\n*Not summarized: ",
            server.base
        )),
        "{md}"
    );
    assert_eq!(md.matches("\n## ").count(), 3, "{md}");
}

#[test]
fn what_is_not_a_feed_is_a_clear_error() {
    let mut routes = stories();
    routes.push((
        "/broken.xml",
        "application/rss+xml",
        "<rss version=\"2.0\"><channel><item><title>x</item>".to_owned(),
    ));
    routes.push((
        "/data.json",
        "application/json",
        r#"{"name": "not a feed"}"#.to_owned(),
    ));
    let server = serve(&routes);
    let cases = [
        ("/harbour", "not a feed but a web page"),
        ("/broken.xml", "invalid XML"),
        ("/data.json", "invalid JSON Feed"),
        ("/missing.xml", "HTTP 404"),
    ];
    for (path, message) in cases {
        let url = format!("{}{path}", server.base);
        let out = run(&["feed", &url], None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{path}: {stderr}");
        assert!(stderr.starts_with(&format!("precis: {url}: ")), "{stderr}");
        assert!(stderr.contains(message), "{path}: {stderr}");
        assert!(out.stdout.is_empty());
    }
    let out = run(&["feed", "-"], Some(b""));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the feed is empty"));
    let out = run(&["feed", "/nonexistent/feed.xml"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot open /nonexistent/feed.xml"));
}
