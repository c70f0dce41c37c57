//! Linearity benchmark: time and peak memory of every algorithm (and of segmentation, redundancy
//! control, word budgets, extraction and the oracle) on inputs of 1, 2, 4 and 8 MiB, realistic and
//! degenerate. Run it in release through `bench/linearity.sh`:
//!
//! ```text
//! bench/linearity.sh                       # every case, 1–8 MiB
//! bench/linearity.sh --sizes 1,2 --ops lexrank,mmr --kinds news,dots
//! ```
//!
//! Each measurement runs in a child process of its own (this same binary with `--child`), so the
//! peak resident memory it reports (`VmHWM`) belongs to that one case. The input is generated in
//! the child (procedurally: no data files) and is included in the peak; the time covers the
//! operation only, best of three runs. A case that runs over `--timeout` seconds is killed and
//! shown as `>T`.
//!
//! The last table gives the growth from the smallest to the largest size and the fitted exponent of
//! time against size: for linear cases time and memory grow about as much as the input (×8 from 1
//! to 8 MiB, exponent about 1); a quadratic one would show ×64 and an exponent near 2.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use precis_core::ingest::{self, InputFormat};
use precis_core::{Algorithm, Budget, Document, Redundancy, Selector, Summarizer};
use precis_rouge::{RougeScorer, RougeType};

const MIB: usize = 1 << 20;

/// Runs per case; the fastest is reported.
const REPEATS: usize = 3;

/// The inputs.
const KINDS: [(&str, &str); 10] = [
    (
        "news",
        "procedurally generated news prose: paragraphs, quotes, titles, numbers, unicode",
    ),
    ("a-dot", "`a. a. a. …`: one-letter sentences"),
    (
        "one-word",
        "one-word sentences of made-up words (`Zorbel. Kantu. …`)",
    ),
    (
        "two-word",
        "two-word sentences and one one-word sentence at the very end",
    ),
    ("huge-word", "one word of N bytes"),
    (
        "long-sentences",
        "sentences of 5,000 made-up words each (few sentences, many terms)",
    ),
    ("dots", "N dots"),
    (
        "no-space",
        "prose with every space removed: one word per sentence, huge words",
    ),
    (
        "nested-html",
        "a story inside N/11 nested <div>s (extraction only)",
    ),
    (
        "attribute-bomb",
        "a story on one element with N/9 distinct attribute names (extraction only)",
    ),
];

/// The inputs that are web pages: only `extract` reads them, and `extract` reads only them.
const HTML_KINDS: [&str; 2] = ["nested-html", "attribute-bomb"];

/// What is measured: each algorithm with the default selector (3 sentences), then other stages.
/// (`rouge` is measured only when asked for with `--ops`: a longest common subsequence takes time
/// quadratic in the pair's length by nature, n²/64 word operations, so only its memory can be
/// linear; run it on small sizes, e.g. `--ops rouge --sizes 1,2 --kinds news`.)
fn ops() -> Vec<String> {
    let mut ops: Vec<String> = Algorithm::ALL.iter().map(|a| a.name().to_owned()).collect();
    for extra in [
        "segment",
        "trigram",
        "mmr",
        "words1",
        "words",
        "trigram-words",
        "mmr-words",
        "oracle",
        "extract",
    ] {
        ops.push(extra.to_owned());
    }
    ops
}

fn describe(op: &str) -> &'static str {
    match op {
        "segment" => "Document::parse alone",
        "trigram" => "lead, 10 sentences, trigram blocking",
        "mmr" => "centroid, 10 sentences, MMR (lambda 0.7)",
        "words1" => "lead with a budget of 1 word",
        "words" => "lead with a budget of 100,000 words",
        "trigram-words" => "lead, 100,000 words, trigram blocking",
        "mmr-words" => "centroid, 100,000 words, MMR (lambda 0.7)",
        "oracle" => "greedy ROUGE oracle, 3 sentences, 200-word reference",
        "extract" => "HTML ingestion (charset, DOM, extraction) + lead",
        "rouge" => "ROUGE-1/2/L/Lsum of the input's first half against its second half",
        _ => "the algorithm through Summarizer, 3 sentences",
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        child(&args[1], args[2].parse().expect("size"), &args[3]);
        return;
    }
    let mut sizes = vec![1usize, 2, 4, 8];
    let mut kinds: Vec<String> = KINDS.iter().map(|(k, _)| k.to_string()).collect();
    let mut wanted_ops = ops();
    let mut timeout = 120u64;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it
            .next()
            .unwrap_or_else(|| usage(&format!("{flag} needs a value")));
        let list = || value.split(',').map(str::to_owned).collect::<Vec<_>>();
        match flag.as_str() {
            "--sizes" => {
                sizes = list()
                    .iter()
                    .map(|s| s.parse().unwrap_or_else(|_| usage(s)))
                    .collect()
            }
            "--kinds" => kinds = list(),
            "--ops" => wanted_ops = list(),
            "--timeout" => timeout = value.parse().unwrap_or_else(|_| usage(value)),
            _ => usage(flag),
        }
    }

    println!(
        "# Linearity: seconds and peak RSS (MiB) per input size; release build, one process per case\n"
    );
    for (k, d) in KINDS.iter().filter(|(k, _)| kinds.iter().any(|w| w == k)) {
        println!("- `{k}`: {d}");
    }
    println!();
    for op in &wanted_ops {
        println!("- `{op}`: {}", describe(op));
    }
    let mut growth = Vec::new();
    let header: Vec<String> = sizes.iter().map(|s| format!("{s} MiB")).collect();
    println!("\n| input | op | {} |", header.join(" | "));
    println!("|---|---|{}", "---|".repeat(sizes.len()));
    for kind in &kinds {
        for op in &wanted_ops {
            let html_kind = HTML_KINDS.contains(&kind.as_str());
            if html_kind != (op == "extract") {
                continue;
            }
            let mut cells = Vec::new();
            let mut points = Vec::new();
            for &size in &sizes {
                match run_child(kind, size, op, timeout) {
                    Some((secs, peak_kib)) => {
                        cells.push(format!("{secs:.3} s, {:.0} MiB", peak_kib as f64 / 1024.0));
                        points.push((size, secs, peak_kib));
                    }
                    None => {
                        cells.push(format!(">{timeout} s"));
                        break;
                    }
                }
            }
            println!("| {kind} | {op} | {} |", cells.join(" | "));
            growth.push((kind.clone(), op.clone(), points));
        }
    }

    let (lo, hi) = (sizes[0], *sizes.last().unwrap());
    println!(
        "\n## Growth from {lo} to {hi} MiB (input ×{})\n",
        hi / lo.max(1)
    );
    println!(
        "Exponent: the slope of log time against log size over all sizes (1 is linear, 2 \
         quadratic); it is less sensitive than the end-to-end ratio to one noisy run.\n"
    );
    println!("| input | op | time | memory | exponent | verdict |\n|---|---|---|---|---|---|");
    for (kind, op, points) in growth {
        let (Some(first), Some(last)) = (points.first(), points.last()) else {
            continue;
        };
        if points.len() < sizes.len() {
            println!("| {kind} | {op} | timed out | | | SUPERLINEAR |");
            continue;
        }
        let time = last.1 / first.1.max(1e-4);
        let mem = last.2 as f64 / first.2.max(1) as f64;
        let exponent = slope(&points);
        // Below ~50 ms at the largest size, timer and start-up noise dominate.
        let verdict = if last.1 < 0.05 {
            "fast (noise)"
        } else if exponent <= 1.4 {
            "linear"
        } else {
            "SUPERLINEAR"
        };
        println!("| {kind} | {op} | ×{time:.1} | ×{mem:.1} | {exponent:.2} | {verdict} |");
    }
}

/// Least-squares slope of ln(seconds) against ln(size).
fn slope(points: &[(usize, f64, u64)]) -> f64 {
    let xy: Vec<(f64, f64)> = points
        .iter()
        .map(|&(size, secs, _)| ((size as f64).ln(), secs.max(1e-4).ln()))
        .collect();
    let n = xy.len() as f64;
    let (mx, my) = (
        xy.iter().map(|p| p.0).sum::<f64>() / n,
        xy.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let num: f64 = xy.iter().map(|&(x, y)| (x - mx) * (y - my)).sum();
    let den: f64 = xy.iter().map(|&(x, _)| (x - mx) * (x - mx)).sum();
    if den > 0.0 { num / den } else { 0.0 }
}

fn usage(bad: &str) -> ! {
    eprintln!(
        "linearity: bad argument '{bad}'\nusage: linearity [--sizes 1,2,4,8] [--kinds K,…] [--ops O,…] [--timeout SECS]"
    );
    std::process::exit(2);
}

/// Runs one case in a child process; `None` when it timed out.
fn run_child(kind: &str, size: usize, op: &str, timeout: u64) -> Option<(f64, u64)> {
    let exe = std::env::current_exe().expect("own path");
    let mut child = Command::new(exe)
        .args(["--child", kind, &size.to_string(), op])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn child");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut out = String::new();
            child
                .stdout
                .take()
                .unwrap()
                .read_to_string(&mut out)
                .unwrap();
            assert!(status.success(), "{kind} {size} MiB {op} failed: {out}");
            let mut fields = out.split_whitespace();
            let secs = fields.next()?.parse().ok()?;
            let peak = fields.next()?.parse().ok()?;
            return Some((secs, peak));
        }
        if started.elapsed() > Duration::from_secs(timeout) {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// In the child: builds the input, runs the operation, prints `seconds peak_kib`.
fn child(kind: &str, mib: usize, op: &str) {
    let bytes = mib * MIB;
    let input = generate(kind, bytes);
    // The best of three runs: the machine is shared, and a busy neighbour only ever adds time.
    let mut secs = f64::INFINITY;
    for _ in 0..REPEATS {
        let started = Instant::now();
        std::hint::black_box(run_op(op, &input));
        secs = secs.min(started.elapsed().as_secs_f64());
    }
    println!("{secs:.6} {}", peak_rss_kib());
}

fn run_op(op: &str, input: &str) -> usize {
    let selector = |budget, redundancy| Selector { budget, redundancy };
    let summarize = |s: Summarizer| s.summarize(input).map_or(0, |s| s.sentences.len());
    match op {
        "segment" => Document::parse(input).sentences().len(),
        "trigram" => summarize(
            Summarizer::new(Algorithm::Lead)
                .selector(selector(Budget::Sentences(10), Redundancy::Trigram)),
        ),
        "mmr" => summarize(Summarizer::new(Algorithm::Centroid).selector(selector(
            Budget::Sentences(10),
            Redundancy::Mmr { lambda: 0.7 },
        ))),
        "words1" => summarize(
            Summarizer::new(Algorithm::Lead).selector(selector(Budget::Words(1), Redundancy::None)),
        ),
        "words" => summarize(
            Summarizer::new(Algorithm::Lead)
                .selector(selector(Budget::Words(100_000), Redundancy::None)),
        ),
        "trigram-words" => summarize(
            Summarizer::new(Algorithm::Lead)
                .selector(selector(Budget::Words(100_000), Redundancy::Trigram)),
        ),
        "mmr-words" => summarize(Summarizer::new(Algorithm::Centroid).selector(selector(
            Budget::Words(100_000),
            Redundancy::Mmr { lambda: 0.7 },
        ))),
        "oracle" => {
            let reference: String = news_prose(200 * 7, 99);
            let budget = selector(Budget::Sentences(3), Redundancy::None);
            summarize(precis_eval::oracle::Oracle::summarizer(&reference, budget))
        }
        "rouge" => {
            let mut half = input.len() / 2;
            while !input.is_char_boundary(half) {
                half -= 1;
            }
            let scorer = RougeScorer::new(&RougeType::STANDARD).stemming(true);
            scorer.score(&input[..half], &input[half..]).len()
        }
        "extract" => match ingest::ingest(input.as_bytes().to_vec(), InputFormat::Html) {
            Ok(ingested) => summarize_text(&ingested.text),
            Err(_) => 0,
        },
        name => {
            let algorithm: Algorithm = name.parse().unwrap_or_else(|e| {
                eprintln!("{e}");
                std::process::exit(2)
            });
            summarize(Summarizer::new(algorithm).selector(Selector::default()))
        }
    }
}

fn summarize_text(text: &str) -> usize {
    Summarizer::new(Algorithm::Lead)
        .summarize(text)
        .map_or(0, |s| s.sentences.len())
}

/// Peak resident set size of this process, in KiB (Linux `VmHWM`; 0 elsewhere).
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn generate(kind: &str, bytes: usize) -> String {
    match kind {
        "news" => news_prose(bytes, 1),
        "a-dot" => "a. ".repeat(bytes / 3),
        "one-word" => {
            let mut rng = Rng(7);
            let mut s = String::with_capacity(bytes + 16);
            while s.len() < bytes {
                s.push_str(&capitalize(&rng.made_up_word()));
                s.push_str(". ");
            }
            s
        }
        "two-word" => {
            let mut s = "Ab cd. ".repeat(bytes / 7);
            s.push_str("Ef.");
            s
        }
        "huge-word" => "a".repeat(bytes),
        "long-sentences" => {
            let mut rng = Rng(11);
            let mut s = String::with_capacity(bytes + 64);
            while s.len() < bytes {
                s.push_str("Story");
                for _ in 0..5_000 {
                    s.push(' ');
                    s.push_str(&rng.made_up_word());
                }
                s.push_str(". ");
            }
            s
        }
        "dots" => ".".repeat(bytes),
        "no-space" => news_prose(bytes, 3).replace([' ', '\n'], ""),
        "nested-html" => {
            let depth = bytes / 11;
            let mut s = String::with_capacity(bytes + HTML_STORY.len());
            s.push_str(&"<div>".repeat(depth));
            s.push_str(HTML_STORY);
            s.push_str(&"</div>".repeat(depth));
            s
        }
        "attribute-bomb" => {
            let mut s = String::with_capacity(bytes + HTML_STORY.len() + 64);
            s.push_str("<html><body><article");
            let mut k = 0usize;
            while s.len() < bytes {
                s.push_str(&format!(" a{k:07}"));
                k += 1;
            }
            s.push('>');
            s.push_str(HTML_STORY);
            s.push_str("</article></body></html>");
            s
        }
        other => usage(other),
    }
}

/// The story inside the web-page inputs.
const HTML_STORY: &str = "<p>The harbour reopened on Monday after three days of closure, the port \
     authority said, and the first ferries left on schedule in calm weather.</p>\
     <p>Repairs to the outer breakwater will continue through the winter, officials \
     added, at a cost the council has yet to approve.</p>";

/// A small xorshift generator: the same input for the same seed, on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// A pronounceable made-up word: the vocabulary keeps growing with the text, as names do.
    fn made_up_word(&mut self) -> String {
        const SYLLABLES: [&str; 24] = [
            "ka", "ri", "to", "men", "sa", "lo", "vin", "de", "ra", "bel", "zo", "nu", "ta", "gor",
            "li", "an", "mar", "ke", "su", "del", "ost", "vi", "ne", "ham",
        ];
        let n = 2 + self.below(2);
        (0..n).map(|_| self.pick(&SYLLABLES)).collect()
    }
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// News-like prose of about `bytes` bytes: paragraphs of sentences with names, titles, numbers,
/// quotations, abbreviations and some non-ASCII words.
fn news_prose(bytes: usize, seed: u64) -> String {
    const WORDS: [&str; 60] = [
        "the",
        "council",
        "said",
        "on",
        "a",
        "of",
        "and",
        "to",
        "in",
        "storm",
        "river",
        "vote",
        "budget",
        "officials",
        "residents",
        "police",
        "government",
        "minister",
        "report",
        "million",
        "people",
        "city",
        "week",
        "year",
        "after",
        "before",
        "with",
        "for",
        "that",
        "was",
        "were",
        "would",
        "could",
        "has",
        "had",
        "not",
        "more",
        "than",
        "new",
        "plan",
        "water",
        "roads",
        "school",
        "hospital",
        "workers",
        "company",
        "shares",
        "market",
        "election",
        "court",
        "judge",
        "families",
        "homes",
        "power",
        "bridge",
        "rain",
        "late",
        "early",
        "record",
        "season",
    ];
    const TITLES: [&str; 6] = ["Mr.", "Mrs.", "Dr.", "Sen.", "Gov.", "Lt. Col."];
    const EXTRAS: [&str; 10] = [
        "U.S.",
        "a.m.",
        "p.m.",
        "No. 4",
        "St. Louis",
        "café",
        "Zürich",
        "São Paulo",
        "—",
        "e.g.",
    ];
    const DAYS: [&str; 5] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed);
    let mut out = String::with_capacity(bytes + 512);
    while out.len() < bytes {
        let sentences = 1 + rng.below(4);
        for k in 0..sentences {
            if k > 0 {
                out.push(' ');
            }
            let quoted = rng.below(6) == 0;
            if quoted {
                out.push(if rng.below(2) == 0 { '"' } else { '“' });
            }
            let len = 6 + rng.below(24);
            for w in 0..len {
                if w > 0 {
                    out.push(' ');
                }
                let word = match rng.below(20) {
                    0 => format!("{} {}", rng.pick(&TITLES), capitalize(&rng.made_up_word())),
                    1 => capitalize(&rng.made_up_word()),
                    2 => format!("{},{:03}", 1 + rng.below(99), rng.below(1000)),
                    3 => format!("{}.{}", rng.below(10), rng.below(10)),
                    4 => rng.pick(&EXTRAS).to_owned(),
                    5 => rng.pick(&DAYS).to_owned(),
                    _ => rng.pick(&WORDS).to_owned(),
                };
                if w == 0 {
                    out.push_str(&capitalize(&word));
                } else {
                    out.push_str(&word);
                }
                if w + 1 < len && rng.below(12) == 0 {
                    out.push(',');
                }
            }
            out.push_str(match rng.below(10) {
                0 => "?",
                1 => "!",
                _ => ".",
            });
            if quoted {
                out.push(if rng.below(2) == 0 { '"' } else { '”' });
                if rng.below(2) == 0 {
                    out.push_str(" she said.");
                }
            }
        }
        out.push_str(if rng.below(8) == 0 {
            "\r\n\r\n"
        } else {
            "\n\n"
        });
    }
    out
}
