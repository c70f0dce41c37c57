//! `precis`: the command-line front end. It parses arguments and wires the library crates
//! together; every piece of logic lives in those crates (see the workspace README).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// `eprintln!` that never panics: a message that cannot be written to stderr (closed, or a full
/// disk) is dropped, and the exit code still tells what happened.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod cmd;

// The summarizer allocates many small, short-lived buffers per article (sentences, tokens, term
// lists, JSON values); mimalloc's per-thread free lists serve them in a fraction of glibc malloc's
// time, and keep worker threads from contending on one heap. See bench/PROFILE.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Asks Linux not to back this process's memory with transparent huge pages. mimalloc maps its
/// arenas in large chunks; where THP is `always`, each first touch of a 2 MiB region faults in and
/// zeroes a whole huge page, which cost `precis batch` 10-15% of its time (`clear_page_erms` in
/// perf) and tripled its peak RSS (75 MB instead of 25 MB on validation_lower).
fn disable_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integer arguments and touches no memory of ours; a
    // kernel without it returns an error, which changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Fast, faithful extractive summarization of news articles.
///
/// precis reads a news story and returns its highlights: the few sentences a reader needs, each
/// traceable to the exact bytes of the original input.
#[derive(Parser)]
#[command(name = "precis", version, about, propagate_version = true)]
#[command(after_long_help = "\
Exit codes: 0 success; 1 bad input (missing file, not UTF-8, empty, some records failed) or an
output that could not be written (full disk, closed pipe: the record commands say how many
records were written); 2 bad usage (unknown option or value, an output that is an input).

Start with `precis summarize` (summarizes a built-in sample) and `precis help summarize`.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Summarize one article (a file, stdin, or the built-in sample).
    Summarize(cmd::summarize::SummarizeArgs),
    /// Show how an article is segmented into sentences, with spans and boilerplate flags.
    Sentences(cmd::sentences::SentencesArgs),
    /// Summarize many articles from JSON Lines, streaming, on all cores.
    Batch(cmd::batch::BatchArgs),
    /// Serve the JSON API and the web page over HTTP.
    Serve(cmd::serve::ServeArgs),
    /// Extract the article title and text from a web page.
    Extract(cmd::extract::ExtractArgs),
    /// Summarize every story of a news feed (RSS, Atom or JSON Feed).
    Feed(Box<cmd::feed::FeedArgs>),
    /// Evaluate an algorithm with ROUGE on a CNN/DailyMail-format file.
    Eval(cmd::eval::EvalArgs),
    /// Compute the greedy extractive oracle (and training labels) on a CNN/DailyMail-format file.
    Oracle(cmd::eval::OracleArgs),
    /// Score (reference, candidate) pairs with ROUGE, exactly as rouge-score does (or in any
    /// language, with --tokenize unicode).
    Rouge(cmd::rouge::RougeArgs),
    /// Train the learned summarizer's model on CNN/DailyMail-format data.
    Train(Box<cmd::train::TrainArgs>),
    /// List the algorithms with a description and the paper of each.
    Algorithms,
}

fn main() -> ExitCode {
    disable_transparent_huge_pages();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_exit(&err),
    };
    let result = match cli.command {
        Command::Summarize(args) => cmd::summarize::run(args),
        Command::Sentences(args) => cmd::sentences::run(args),
        Command::Batch(args) => cmd::batch::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Extract(args) => cmd::extract::run(args),
        Command::Feed(args) => cmd::feed::run(*args),
        Command::Eval(args) => cmd::eval::run_eval(args),
        Command::Oracle(args) => cmd::eval::run_oracle(args),
        Command::Rouge(args) => cmd::rouge::run(args),
        Command::Train(args) => cmd::train::run(*args),
        Command::Algorithms => cmd::algorithms::run(),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            // A one-shot command whose reader went away (`precis summarize | head -1`) has
            // nothing left to say; the record commands report a closed output themselves.
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            say!("precis: {err:#}");
            ExitCode::from(exit_code(&err))
        }
    }
}

/// Prints clap's help, version or usage error. Help and version go to stdout, and a failure to
/// write them (`precis --help > /dev/full`) is an error like any other, not a silent success.
fn clap_exit(err: &clap::Error) -> ExitCode {
    use std::io::Write as _;
    let printed = err.print().and_then(|()| std::io::stdout().flush());
    match printed {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            say!("precis: cannot write to standard output: {e}");
            ExitCode::from(1)
        }
        _ => ExitCode::from(err.exit_code().clamp(0, 255) as u8),
    }
}

/// Usage errors (bad option values, an output that is an input) exit with 2, like clap's own;
/// input and output errors with 1.
fn exit_code(err: &anyhow::Error) -> u8 {
    match err.downcast_ref::<precis_core::Error>() {
        Some(
            precis_core::Error::UnknownAlgorithm { .. } | precis_core::Error::InvalidOption(_),
        ) => 2,
        _ if err.downcast_ref::<cmd::options::UsageError>().is_some() => 2,
        _ if err
            .downcast_ref::<precis_batch::source::SameFile>()
            .is_some() =>
        {
            2
        }
        _ => 1,
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
