//! `precis serve`: the HTTP API and web page (see the `precis-serve` crate).

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use clap::builder::TypedValueParser as _;
use precis_serve::ServeConfig;

/// Serve the JSON API and the web page over HTTP.
#[derive(Args, Debug)]
#[command(after_long_help = "\
Routes: POST /v1/summarize, POST /v1/summarize/batch, GET /v1/algorithms, GET /v1/sample,
GET /healthz, GET /metrics (Prometheus), GET /openapi.json, and the web page at GET /.

Examples:
  precis serve                                 http://127.0.0.1:8080/
  precis serve --addr 127.0.0.1:9000 --max-concurrency 4
  curl -s localhost:8080/v1/summarize -d '{\"text\": \"...\", \"sentences\": 2}'

Stops on Ctrl-C or SIGTERM after answering the requests in flight.")]
pub struct ServeArgs {
    /// Address to listen on. The default is loopback only; use 0.0.0.0:PORT to accept
    /// connections from other machines.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    pub addr: SocketAddr,

    /// Largest request body, in bytes (larger bodies get 413).
    #[arg(long, default_value_t = ServeConfig::DEFAULT_MAX_BODY, value_name = "BYTES",
          value_parser = clap::value_parser!(u64).range(1..).map(|n| n as usize))]
    pub max_body: usize,

    /// Most summarizations running at once; requests beyond that get 503 at once
    /// [default: twice the number of cores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000).map(|n| n as usize))]
    pub max_concurrency: Option<usize>,

    /// Most articles in one batch request (more get 413).
    #[arg(long, default_value_t = ServeConfig::DEFAULT_MAX_BATCH, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=1_000_000).map(|n| n as usize))]
    pub max_batch: usize,

    /// Longest a request may take, in seconds (then 503).
    #[arg(long, default_value_t = ServeConfig::DEFAULT_TIMEOUT.as_secs_f64(), value_name = "SECS",
          value_parser = parse_seconds)]
    pub timeout: f64,

    /// Accept {"url": ...} in POST /v1/summarize: the server fetches the page. Loopback, private,
    /// link-local and multicast addresses are refused (also after redirects and DNS resolution).
    #[arg(long)]
    pub allow_fetch: bool,

    /// With --allow-fetch: also fetch from loopback and private networks (only on a trusted
    /// network: it lets callers reach what the server can reach).
    #[arg(long, requires = "allow_fetch")]
    pub allow_private_fetch: bool,
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 86_400.0 => Ok(v),
        _ => Err(format!("expected seconds between 0 and 86400, got '{s}'")),
    }
}

pub fn run(args: ServeArgs) -> Result<ExitCode> {
    let config = ServeConfig {
        max_body: args.max_body,
        max_concurrency: args
            .max_concurrency
            .unwrap_or_else(ServeConfig::default_max_concurrency),
        max_batch: args.max_batch,
        timeout: Duration::from_secs_f64(args.timeout),
        fetch: args.allow_fetch.then(|| precis_fetch::FetchOptions {
            allow_private: args.allow_private_fetch,
            // A page must arrive within the request's own time limit.
            timeout: Duration::from_secs_f64(args.timeout),
            retries: 0,
            ..precis_fetch::FetchOptions::default()
        }),
        ..ServeConfig::default()
    };
    precis_serve::run(args.addr, config, |url| {
        eprintln!("precis: serving on {url} (Ctrl-C to stop)");
    })
    .context("cannot start the server")?;
    Ok(ExitCode::SUCCESS)
}
