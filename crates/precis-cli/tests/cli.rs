//! End-to-end tests of the `precis` binary: outputs, formats, errors and exit codes.

use std::process::{Command, Stdio};

mod common;
use common::{run, stderr, stdout};

use serde_json::Value;

const STORY: &str = "LONDON, England (CNN) -- The river burst its banks on Tuesday. \
Mr. Smith, 52, said the water rose 2.5 feet in an hour. \"We lost everything,\" he said. \
Officials in the U.S. and the U.K. offered help. The rain is expected to stop on Friday.";

/// Empty standard input (`< /dev/null`, a pipe with nothing in it, as under CI or cron) is the
/// empty-input error; so is an empty path (an unset `$F` in quotes). The sample is only for a
/// terminal.
#[test]
fn empty_input_is_an_error_not_the_sample() {
    for stdin in [None, Some(&b""[..])] {
        let o = run(&["summarize"], stdin);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("no text"), "{}", stderr(&o));
        assert!(!stderr(&o).contains("sample"));
        assert!(stdout(&o).is_empty());
    }
    // clap refuses an empty path as a usage error.
    let o = run(&["summarize", ""], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("a value is required"), "{}", stderr(&o));
}

/// On an interactive terminal with no argument, the built-in sample is summarized (and said so).
/// Run under `script`, which gives the program a pseudo-terminal; skipped where it is missing.
#[test]
fn sample_on_a_terminal_says_so() {
    let bin = env!("CARGO_BIN_EXE_precis");
    let Ok(o) = Command::new("script")
        .args(["-qec", &format!("'{bin}' summarize"), "/dev/null"])
        .stdin(Stdio::null())
        .output()
    else {
        eprintln!("no `script` command: terminal case not run");
        return;
    };
    let all = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{all}");
    assert!(all.contains("built-in sample"), "{all}");
}

#[test]
fn json_spans_slice_the_input_for_every_algorithm() {
    let names = stdout(&run(&["algorithms"], None));
    let algorithms: Vec<&str> = names
        .lines()
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(algorithms.len() >= 8, "{names}");
    for a in algorithms {
        let o = run(
            &["summarize", "-", "-a", a, "-f", "json", "-n", "2"],
            Some(STORY.as_bytes()),
        );
        assert!(o.status.success(), "{a}: {}", stderr(&o));
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        let sentences = v["sentences"].as_array().unwrap();
        assert_eq!(sentences.len(), 2, "{a}");
        for s in sentences {
            let (start, end) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&STORY[start..end], s["text"].as_str().unwrap(), "{a}");
            assert!(
                !s["text"].as_str().unwrap().contains("(CNN)"),
                "{a}: dateline picked"
            );
        }
    }
}

#[test]
fn text_and_markdown_formats() {
    let text = stdout(&run(
        &["summarize", "-", "-a", "lead", "-n", "2"],
        Some(STORY.as_bytes()),
    ));
    assert_eq!(
        text,
        "The river burst its banks on Tuesday.\nMr. Smith, 52, said the water rose 2.5 feet in an hour.\n"
    );
    let md = stdout(&run(
        &["summarize", "-", "-a", "lead", "-n", "1", "-f", "markdown"],
        Some(STORY.as_bytes()),
    ));
    assert_eq!(md, "- The river burst its banks on Tuesday.\n");
    let words = stdout(&run(
        &["summarize", "-", "-a", "lead", "--words", "20"],
        Some(STORY.as_bytes()),
    ));
    assert_eq!(words.lines().count(), 2, "{words}");
}

#[test]
fn input_errors_exit_1_with_one_clear_line() {
    for (args, stdin, needle) in [
        (
            vec!["summarize", "/no/such/file.txt"],
            None,
            "cannot read /no/such/file.txt",
        ),
        (vec!["summarize", "-"], Some(&b"  \n\t "[..]), "empty"),
        (
            vec!["summarize", "-"],
            Some(&b"caf\xe9 au lait"[..]),
            "not valid UTF-8",
        ),
        (
            vec!["summarize", "-"],
            Some(&b"PK\x03\x04\0\0binary"[..]),
            "binary",
        ),
        (vec!["sentences", "-"], Some(&b""[..]), "empty"),
    ] {
        let o = run(&args, stdin);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["summarize", "-a", "nope"],
        vec!["summarize", "-n", "0"],
        vec!["summarize", "-n", "2", "--words", "5"],
        vec!["summarize", "--lambda", "3", "--redundancy", "mmr"],
        vec!["frobnicate"],
    ] {
        let o = run(&args, Some(b"Some text."));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn sentences_shows_spans_and_boilerplate() {
    let o = run(&["sentences", "-", "-f", "json"], Some(STORY.as_bytes()));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let s = v["sentences"].as_array().unwrap();
    assert_eq!(s[0]["boilerplate"], "dateline");
    assert_eq!(s[0]["text"], "LONDON, England (CNN) --");
    assert_eq!(s.len(), 6);
}

#[test]
fn batch_keeps_every_record_in_order() {
    let input = b"{\"id\":\"a\",\"article\":\"One. Two. Three. Four.\"}\n\
                  {\"id\":\"b\"}\n\
                  garbage\n\
                  {\"article\":\"Five. Six.\"}\n";
    let o = run(&["batch", "-a", "lead", "-n", "1"], Some(input));
    assert_eq!(o.status.code(), Some(1));
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["summary"], "One.");
    assert_eq!(lines[1]["id"], "b");
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .contains("missing field 'article'")
    );
    assert_eq!(lines[2]["line"], 3);
    assert_eq!(lines[3]["id"], 4);
    assert!(stderr(&o).contains("4 records, 2 errors"));
    let ok = run(&["batch", "-a", "lead"], Some(b"{\"article\":\"Fine.\"}\n"));
    assert_eq!(ok.status.code(), Some(0));
}

#[test]
fn eval_oracle_and_rouge_on_a_tiny_file() {
    let dir = std::env::temp_dir().join(format!("precis-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("tiny.jsonl");
    std::fs::write(
        &data,
        "{\"id\":\"1\",\"source\":\"cnn\",\"article\":\"The mayor resigned on Monday. Fans cheered. A new mayor will be elected in June.\",\"highlights\":[\"Mayor resigned Monday.\",\"New mayor elected in June.\"]}\n\
         {\"id\":\"2\",\"source\":\"dailymail\",\"article\":\"Rain fell. The harbour closed for a day.\",\"highlights\":\"Harbour closed.\"}\n",
    )
    .unwrap();
    let path = data.to_str().unwrap();
    let o = run(
        &[
            "eval", "--data", path, "-a", "lead", "-f", "json", "-j", "1",
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["documents"], 2);
    assert!(v["mix"]["rouge1"].as_f64().unwrap() > 0.0);
    assert!(v["rouge"]["rouge1"]["ci95"].as_array().unwrap().len() == 2);
    let labels = dir.join("labels.jsonl");
    let o = run(
        &[
            "oracle",
            "--data",
            path,
            "--labels",
            labels.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let first: Value = serde_json::from_str(
        std::fs::read_to_string(&labels)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["labels"], serde_json::json!([0, 2]));
    // Under a word budget: the 8-word sentence, and no room left for the 5-word one.
    let first_labels = |words: &str| {
        let o = run(
            &[
                "oracle",
                "--data",
                path,
                "--words",
                words,
                "--labels",
                labels.to_str().unwrap(),
            ],
            None,
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let text = std::fs::read_to_string(&labels).unwrap();
        serde_json::from_str::<Value>(text.lines().next().unwrap()).unwrap()["labels"].clone()
    };
    assert_eq!(first_labels("9"), serde_json::json!([2]));
    assert_eq!(first_labels("13"), serde_json::json!([0, 2]));
    let o = run(&["oracle", "--data", path, "--words", "0"], None);
    assert_eq!(o.status.code(), Some(2));
    let o = run(
        &["rouge", "--pairs", "-"],
        Some(b"{\"reference\":\"the cat sat\",\"candidate\":\"a cat sat\"}\n{}\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let mut lines = out.lines();
    let first: Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert!((first["rouge1"]["f"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert!(lines.next().unwrap().contains("error"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn web_pages_are_extracted_first() {
    let page = b"<!doctype html><html><head><title>Budget passes | Gazette</title></head><body>\
        <nav><a href=/>Home</a> <a href=/news>News</a></nav><article><h1>Budget passes</h1>\
        <p>The council approved the new budget on Tuesday after a long debate about road repairs, libraries and the harbour.</p>\
        <p>The mayor said that work on the bridge would begin in the spring if the weather allowed, and that the ferry would run as usual.</p>\
        <p>Opponents said the plan spent too much on roads. They promised to raise the matter again at the next meeting.</p>\
        </article><footer>Copyright Gazette</footer></body></html>";
    let o = run(
        &["summarize", "-", "-f", "json", "-a", "lead", "-n", "2"],
        Some(page),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("web page"));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["spans_refer_to"], "extracted.text");
    let text = v["extracted"]["text"].as_str().unwrap();
    for s in v["sentences"].as_array().unwrap() {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[a..b], s["text"].as_str().unwrap());
    }
    let o = run(&["extract", "-", "-f", "json"], Some(page));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["title"], "Budget passes");
    assert_eq!(v["paragraphs"].as_array().unwrap().len(), 3);
    assert!(!v["text"].as_str().unwrap().contains("Copyright"));
    // Metadata the page does not state is null, never guessed.
    for field in [
        "authors",
        "date",
        "site_name",
        "url",
        "description",
        "image",
    ] {
        assert!(v[field].is_null(), "{field}: {}", v[field]);
    }
    let forced = run(
        &[
            "summarize",
            "-",
            "--input-format",
            "text",
            "-a",
            "lead",
            "-n",
            "1",
        ],
        Some(page),
    );
    assert!(
        stdout(&forced).contains("<"),
        "forced text keeps the markup"
    );
}

/// Every command that reads a file reads gzip too (detected by content, as `batch` does).
#[test]
fn gzip_files_are_read_transparently() {
    use std::io::Write as _;
    let dir = std::env::temp_dir().join(format!("precis-gz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let gz = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        let mut enc = flate2::write::GzEncoder::new(
            std::fs::File::create(&path).unwrap(),
            flate2::Compression::default(),
        );
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap();
        path.display().to_string()
    };
    let page = gz(
        "page.html.gz",
        b"<html><head><title>Floods</title></head><body><article><h1>Floods</h1>\
          <p>The river burst its banks on Tuesday, flooding the lower town and the harbour, \
          and hundreds of families spent the night in the school gymnasium on the hill.</p>\
          <p>Officials said the water would recede by Friday if the rain stopped as forecast, \
          and that the army would help to clear the streets once the level had fallen.</p>\
          </article></body></html>",
    );
    let o = run(&["extract", &page], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("The river burst its banks"),
        "{}",
        stdout(&o)
    );
    let story = gz("story.txt.gz", STORY.as_bytes());
    for cmd in ["summarize", "sentences"] {
        let o = run(&[cmd, &story], None);
        assert!(o.status.success(), "{cmd}: {}", stderr(&o));
        assert!(stdout(&o).contains("burst its banks"), "{cmd}");
    }
    let pairs = gz(
        "pairs.jsonl.gz",
        b"{\"reference\":\"the cat sat\",\"candidate\":\"a cat sat\"}\n",
    );
    let o = run(&["rouge", "--pairs", &pairs], None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("rouge1"));
    let data = gz(
        "data.jsonl.gz",
        format!(
            "{{\"article\":{},\"highlights\":\"The river burst.\"}}\n",
            serde_json::to_string(STORY).unwrap()
        )
        .as_bytes(),
    );
    let o = run(&["eval", "--data", &data], None);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `eval` on a dataset with other field names says so instead of printing a table of zeros, and
/// reads it with --text-field / --summary-field.
#[test]
fn eval_names_the_missing_fields_and_accepts_others() {
    let line = format!(
        "{{\"document\":{},\"summary\":\"The river burst its banks.\"}}\n",
        serde_json::to_string(STORY).unwrap()
    );
    let o = run(&["eval", "--data", "-"], Some(line.as_bytes()));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no record had the expected fields"),
        "{}",
        stderr(&o)
    );
    assert!(!stdout(&o).contains("0.00"), "{}", stdout(&o));
    let o = run(
        &[
            "eval",
            "--data",
            "-",
            "--text-field",
            "document",
            "--summary-field",
            "summary",
        ],
        Some(line.as_bytes()),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("1 document (0 errors)"),
        "{}",
        stdout(&o)
    );
}

/// `rouge` ends with the mean and its bootstrap interval; errors carry their line number; counts
/// are in the right number.
#[test]
fn rouge_aggregates_and_numbers_its_errors() {
    let pairs = "{\"reference\":\"the cat sat\",\"candidate\":\"a cat sat\"}\nnot json\n";
    let o = run(&["rouge", "--pairs", "-"], Some(pairs.as_bytes()));
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.lines()
            .nth(1)
            .unwrap()
            .starts_with("{\"line\":2,\"error\""),
        "{out}"
    );
    let err = stderr(&o);
    assert!(
        err.contains("95% interval") && err.contains("1 pair"),
        "{err}"
    );
    assert!(
        err.contains("-:2: invalid JSON") || err.contains("<stdin>:2: invalid JSON"),
        "{err}"
    );
    assert!(err.contains("1 malformed line ("), "{err}");
    let o = run(&["rouge", "--summary"], Some(pairs.as_bytes()));
    let out = stdout(&o);
    assert!(out.starts_with("F1 ×100, 1 pair"), "{out}");
    assert!(out.contains("66.67"), "{out}");
}

/// Help text shows no escaped quotes, no `[default: 0]` beside "one per core", no broken lines,
/// and usage errors do not show an optional PATH as required.
#[test]
fn help_reads_cleanly() {
    for cmd in ["batch", "train", "eval", "rouge", "sentences", "summarize"] {
        let help = stdout(&run(&["help", cmd], None));
        assert!(!help.contains("\\\""), "{cmd}: escaped quote\n{help}");
        if let Some((_, after)) = help.split_once("one per core") {
            let next: String = after.chars().take(80).collect();
            assert!(
                !next.contains("[default: 0]"),
                "{cmd}: [default: 0]\n{help}"
            );
        }
        for line in help.lines() {
            assert!(line.chars().count() <= 100, "{cmd}: long line {line:?}");
        }
    }
    let train = stdout(&run(&["help", "train"], None));
    assert!(
        !train
            .lines()
            .any(|l| l.trim() == "chosen" || l.trim() == "m.model"),
        "{train}"
    );
    let o = run(&["summarize", "x", "-n", "2", "-w", "3"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("[PATH]") && !stderr(&o).contains("<PATH>"),
        "{}",
        stderr(&o)
    );
}

/// `batch` and `rouge` with no input on an interactive terminal say that they read standard input
/// instead of waiting silently. Run under `script` (a pseudo-terminal) and stopped by `timeout`;
/// skipped where either is missing.
#[test]
fn reading_stdin_on_a_terminal_is_said() {
    let bin = env!("CARGO_BIN_EXE_precis");
    for (cmd, what) in [("batch --quiet", "articles"), ("rouge", "pairs")] {
        let Ok(o) = Command::new("timeout")
            .args([
                "3",
                "script",
                "-qec",
                &format!("'{bin}' {cmd}"),
                "/dev/null",
            ])
            .stdin(Stdio::null())
            .output()
        else {
            eprintln!("no `timeout` or `script` command: terminal case not run");
            return;
        };
        let all = String::from_utf8_lossy(&o.stdout);
        assert!(
            all.contains(&format!("reading {what} as JSON Lines from standard input")),
            "{cmd}: {all}"
        );
    }
}

#[test]
fn language_is_detected_given_and_reported() {
    let german = "Die Wahl findet am 3. Oktober statt. Der 1. FC Köln spielt am Samstag. \
                  Die Parteien werben in der ganzen Stadt um Stimmen, sagte die Bürgermeisterin.";
    let json = |args: &[&str], text: &str| -> Value {
        let o = run(args, Some(text.as_bytes()));
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_str(stdout(&o).trim()).unwrap()
    };
    let v = json(&["summarize", "-a", "lead", "--format", "json"], german);
    assert_eq!(
        (&v["language"], &v["language_profile"]),
        (&"de".into(), &"full".into())
    );
    assert_eq!(v["input_sentences"], 3);
    let v = json(
        &[
            "summarize",
            "-a",
            "lead",
            "--format",
            "json",
            "--language",
            "en",
        ],
        german,
    );
    assert_eq!(v["language"], "en");
    let v = json(
        &["sentences", "--format", "json", "--language", "zh"],
        "天气很好。",
    );
    assert_eq!(
        (&v["language"], &v["language_profile"]),
        (&"zh".into(), &"generic".into())
    );
    let v = json(&["summarize", "--format", "json"], STORY);
    assert_eq!(v["language"], "en");
    let o = run(&["summarize", "--language", "xx"], Some(STORY.as_bytes()));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown language"), "{}", stderr(&o));
    let help = stdout(&run(&["summarize", "--help"], None));
    assert!(help.contains("en de fr es it pt nl ru tr"), "{help}");
}
