//! What the experiment examples share: their arguments (a training file, then validation files)
//! and their settings from environment variables. Each example includes it with `mod common;`.

// Each example uses some of these, not necessarily all.
#![allow(dead_code)]

use std::path::PathBuf;

use precis_train::TrainOptions;

/// The command line `TRAIN VALIDATION...`: the training file and the validation files. Exits
/// with a usage message naming `example` when the training file is missing.
pub fn train_and_tune(example: &str) -> (PathBuf, Vec<PathBuf>) {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let Some(train) = args.next() else {
        eprintln!("usage: {example} TRAIN VALIDATION...");
        std::process::exit(2);
    };
    (train, args.collect())
}

/// The environment variable `name` parsed, or `default` when it is unset or does not parse.
pub fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    env_opt(name).unwrap_or(default)
}

/// The environment variable `name` parsed, if it is set and parses.
pub fn env_opt<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// Training options from the command line (`TRAIN VALIDATION...`: the validation files tune) and
/// `LIMIT` (train on that many articles spread over the file), the rest the defaults.
pub fn options(example: &str) -> TrainOptions {
    let (train, tune) = train_and_tune(example);
    TrainOptions {
        data: train,
        limit: env_opt("LIMIT"),
        tune,
        ..TrainOptions::default()
    }
}
