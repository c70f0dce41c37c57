//! `precis`: the command-line front end. It parses arguments and wires the library crates
//! together; every piece of logic lives in those crates (see the workspace README).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;

/// Fast, faithful extractive summarization of news articles.
///
/// precis reads a news story and returns its highlights: the few sentences a reader needs,
/// each traceable to the exact bytes of the original input.
#[derive(Parser)]
#[command(name = "precis", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("precis: {err:#}");
            ExitCode::from(1)
        }
    }
}
