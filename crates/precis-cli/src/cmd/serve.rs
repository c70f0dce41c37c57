//! `precis serve`: the HTTP API and web page (see the `precis-serve` crate).

use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::builder::TypedValueParser as _;
use clap::{Args, ValueEnum};
use precis_serve::ServeConfig;

/// The port when `--addr` names none and `--port` is not given.
const DEFAULT_PORT: u16 = 8080;

/// The environment variable that may hold the API key.
const API_KEY_ENV: &str = "PRECIS_API_KEY";

/// Serve the JSON API and the web page over HTTP.
#[derive(Args, Debug)]
#[command(after_long_help = "\
Routes: POST /v1/summarize, POST /v1/summarize/batch, GET /v1/algorithms, GET /v1/sample,
GET /healthz, GET /metrics (Prometheus), GET /openapi.json, and the web page at GET /.

Under load, requests beyond --max-concurrency wait in a queue (--queue, --queue-timeout); only
beyond those is the answer 503 with Retry-After. Statuses: 401 missing or wrong API key; 413 body
over --max-body (refused from its declared length, before it is sent); 415 a body that is not
Content-Type: application/json; 421 a Host name not allowed (--allowed-host); 429 over the
client's --rate-limit; 503 queue full, queue wait, body budget or --timeout exceeded.

Beyond loopback, set an API key (--api-key-file or PRECIS_API_KEY, which do not show in the
process list), and put a reverse proxy with TLS in front (see the README).

Logs go to stderr: one access line per request and the server's warnings and errors. Choose
what with --log (or RUST_LOG), e.g. --log warn, --log 'precis::access=off,info'.

Examples:
  precis serve                                 http://127.0.0.1:8080/
  precis serve --port 9000 --max-concurrency 4
  precis serve --addr localhost:9000
  PRECIS_API_KEY=$(cat key) precis serve --addr 0.0.0.0 --allowed-host precis.example.org
  precis serve --rate-limit 10/s --rate-burst 20 --trust-proxy   behind nginx
  curl -s localhost:8080/v1/summarize --json '{\"text\": \"...\", \"sentences\": 2}'

Stops on Ctrl-C or SIGTERM: answers the requests in flight for at most --grace seconds.")]
pub struct ServeArgs {
    /// Address to listen on: an IP or host name, with or without a port. The default is
    /// loopback only; use 0.0.0.0 to accept connections from other machines.
    #[arg(long, default_value = "127.0.0.1", value_name = "HOST[:PORT]")]
    pub addr: String,

    /// Port to listen on (overrides a port given in --addr) [default: 8080].
    #[arg(long, short, value_name = "PORT")]
    pub port: Option<u16>,

    /// Largest request body, in bytes (a larger declared length gets 413 before it is sent).
    #[arg(long, default_value_t = ServeConfig::DEFAULT_MAX_BODY, value_name = "BYTES",
          value_parser = clap::value_parser!(u64).range(1..).map(|n| n as usize))]
    pub max_body: usize,

    /// Request-body bytes held at once, all clients together; a body that does not fit waits
    /// in the queue (at least --max-body).
    #[arg(long, default_value_t = ServeConfig::DEFAULT_BODY_BUDGET, value_name = "BYTES",
          value_parser = clap::value_parser!(u64).range(1..).map(|n| n as usize))]
    pub body_budget: usize,

    /// Most summarizations running at once; more wait in the queue
    /// [default: twice the number of cores].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000).map(|n| n as usize))]
    pub max_concurrency: Option<usize>,

    /// Most requests waiting for a summarization; beyond them, 503 at once (0: no queue).
    #[arg(long, default_value_t = ServeConfig::DEFAULT_QUEUE, value_name = "N",
          value_parser = clap::value_parser!(u64).range(0..=1_000_000).map(|n| n as usize))]
    pub queue: usize,

    /// Longest wait in the queue, in seconds (then 503).
    #[arg(long, default_value_t = ServeConfig::DEFAULT_QUEUE_TIMEOUT.as_secs_f64(), value_name = "SECS",
          value_parser = parse_seconds)]
    pub queue_timeout: f64,

    /// Most articles in one batch request (more get 413).
    #[arg(long, default_value_t = ServeConfig::DEFAULT_MAX_BATCH, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=1_000_000).map(|n| n as usize))]
    pub max_batch: usize,

    /// Longest a request may take, in seconds, from its first byte to its answer (then 503).
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

    /// Most connections open at once; beyond it the longest-idle one is closed, or the new one
    /// gets 503 when all are busy. Keep it under the open-file limit (ulimit -n).
    #[arg(long, default_value_t = ServeConfig::DEFAULT_MAX_CONNECTIONS, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=1_000_000).map(|n| n as usize))]
    pub max_connections: usize,

    /// Time to send a whole request head, in seconds, from connecting or from the previous
    /// answer (then the connection is closed).
    #[arg(long, default_value_t = ServeConfig::DEFAULT_HEADER_TIMEOUT.as_secs_f64(), value_name = "SECS",
          value_parser = parse_seconds)]
    pub header_timeout: f64,

    /// A connection with no request in progress and no byte moving for this many seconds is
    /// closed (also the keep-alive limit).
    #[arg(long, default_value_t = ServeConfig::DEFAULT_IDLE_TIMEOUT.as_secs_f64(), value_name = "SECS",
          value_parser = parse_seconds)]
    pub idle_timeout: f64,

    /// On Ctrl-C or SIGTERM, seconds the open requests get to finish before the server exits.
    #[arg(long, default_value_t = ServeConfig::DEFAULT_GRACE.as_secs_f64(), value_name = "SECS",
          value_parser = parse_seconds)]
    pub grace: f64,

    /// Require "Authorization: Bearer KEY" on /v1/* and /metrics. Visible in the process list:
    /// prefer --api-key-file or the PRECIS_API_KEY environment variable.
    #[arg(long, value_name = "KEY", conflicts_with = "api_key_file")]
    pub api_key: Option<String>,

    /// Read the API key from this file (surrounding white space ignored).
    #[arg(long, value_name = "PATH")]
    pub api_key_file: Option<PathBuf>,

    /// A Host name the server answers for, besides IP addresses, localhost and the --addr
    /// name (repeatable; '*' for any). Other names get 421, against DNS rebinding.
    #[arg(long = "allowed-host", value_name = "NAME")]
    pub allowed_hosts: Vec<String>,

    /// A web origin allowed to call the API from a browser, e.g. https://news.example.org
    /// (repeatable; '*' for any). Without it, no CORS headers are sent.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,

    /// Most API requests per client: N/s, N/m or N/h, e.g. 10/s (429 with Retry-After beyond
    /// it). A client is an IP address (an IPv6 /64). Off by default.
    #[arg(long, value_name = "RATE")]
    pub rate_limit: Option<precis_serve::RateLimit>,

    /// With --rate-limit: most requests a client may send at once after a quiet spell
    /// [default: the N of --rate-limit].
    #[arg(long, value_name = "N", requires = "rate_limit",
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub rate_burst: Option<u32>,

    /// With --rate-limit: most clients remembered at once (under 64 bytes each); beyond it the
    /// fullest buckets are forgotten.
    #[arg(long, value_name = "N", requires = "rate_limit",
          default_value_t = precis_serve::RateLimit::DEFAULT_MAX_CLIENTS,
          value_parser = clap::value_parser!(u64).range(2..=100_000_000).map(|n| n as usize))]
    pub rate_limit_clients: usize,

    /// Count --rate-limit against the address a reverse proxy puts last in X-Forwarded-For.
    /// Only behind a proxy that sets that header: any client can send it.
    #[arg(long, requires = "rate_limit")]
    pub trust_proxy: bool,

    /// What to log to stderr: a level (error, warn, info, debug) or a filter such as
    /// 'precis::access=off,info' [default: $RUST_LOG, else info].
    #[arg(long, value_name = "FILTER")]
    pub log: Option<String>,

    /// Log lines as text or as JSON objects (one per line).
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.trim_end_matches('s').parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 86_400.0 => Ok(v),
        _ => Err(format!("expected seconds between 0 and 86400, got '{s}'")),
    }
}

/// Splits `HOST[:PORT]` (IPv6 in brackets when a port follows) into the host and its port.
fn split_addr(addr: &str) -> Result<(&str, Option<u16>)> {
    if let Ok(socket) = addr.parse::<SocketAddr>() {
        let host = &addr[..addr.rfind(':').unwrap_or(addr.len())];
        return Ok((host.trim_matches(['[', ']']), Some(socket.port())));
    }
    if addr.parse::<IpAddr>().is_ok() {
        return Ok((addr, None));
    }
    match addr.rsplit_once(':') {
        Some((host, port)) => {
            let port = port
                .parse::<u16>()
                .with_context(|| format!("--addr {addr}: '{port}' is not a port number"))?;
            Ok((host.trim_matches(['[', ']']), Some(port)))
        }
        None => Ok((addr, None)),
    }
}

/// The address to bind: `--addr` resolved (host names too; IPv4 first, as `localhost` users
/// expect 127.0.0.1), with `--port` or the default port; and the host name when one was given.
fn resolve(addr: &str, port: Option<u16>) -> Result<(SocketAddr, Option<String>)> {
    let (host, addr_port) = split_addr(addr.trim())?;
    if host.is_empty() {
        bail!("--addr '{addr}': no host (use 127.0.0.1, localhost or 0.0.0.0)");
    }
    let port = port.or(addr_port).unwrap_or(DEFAULT_PORT);
    let name = host.parse::<IpAddr>().is_err().then(|| host.to_owned());
    let mut found: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .with_context(|| format!("--addr '{addr}': cannot resolve '{host}'"))?
        .collect();
    found.sort_by_key(|a| !a.is_ipv4());
    let first = found
        .first()
        .copied()
        .with_context(|| format!("--addr '{addr}': '{host}' has no address"))?;
    Ok((first, name))
}

/// The API key from --api-key, --api-key-file or $PRECIS_API_KEY, in that order.
fn api_key(args: &ServeArgs) -> Result<Option<String>> {
    let key = if let Some(key) = &args.api_key {
        key.clone()
    } else if let Some(path) = &args.api_key_file {
        std::fs::read_to_string(path)
            .with_context(|| format!("--api-key-file {}", path.display()))?
    } else {
        match std::env::var(API_KEY_ENV) {
            Ok(key) => key,
            Err(std::env::VarError::NotPresent) => return Ok(None),
            Err(e) => bail!("{API_KEY_ENV}: {e}"),
        }
    };
    let key = key.trim();
    if key.is_empty() {
        bail!("the API key is empty (--api-key, --api-key-file or {API_KEY_ENV})");
    }
    Ok(Some(key.to_owned()))
}

/// Sends the server's logs to stderr, filtered by `--log`, else `RUST_LOG`, else `info`.
fn init_logs(args: &ServeArgs) -> Result<()> {
    use tracing_subscriber::EnvFilter;
    let filter = match &args.log {
        Some(f) => EnvFilter::try_new(f).with_context(|| format!("--log '{f}'"))?,
        None => EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    let result = match args.log_format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().try_init(),
    };
    // A subscriber already set (a host program) keeps its own: not an error.
    let _ = result;
    Ok(())
}

pub fn run(args: ServeArgs) -> Result<ExitCode> {
    let (addr, name) = resolve(&args.addr, args.port)?;
    let api_key = api_key(&args)?;
    if args.body_budget < args.max_body {
        bail!(
            "--body-budget ({}) is smaller than --max-body ({}): no body of the largest size could be read",
            args.body_budget,
            args.max_body
        );
    }
    init_logs(&args)?;
    let mut allowed_hosts = args.allowed_hosts.clone();
    allowed_hosts.extend(name);
    if !addr.ip().is_loopback() && api_key.is_none() {
        tracing::warn!(
            %addr,
            "listening beyond loopback without an API key: anyone who can reach this port can use the API (--api-key-file, {API_KEY_ENV})"
        );
    }
    let config = ServeConfig {
        max_body: args.max_body,
        body_budget: args.body_budget,
        max_concurrency: args
            .max_concurrency
            .unwrap_or_else(ServeConfig::default_max_concurrency),
        queue: args.queue,
        queue_timeout: Duration::from_secs_f64(args.queue_timeout),
        max_batch: args.max_batch,
        timeout: Duration::from_secs_f64(args.timeout),
        max_connections: args.max_connections,
        header_timeout: Duration::from_secs_f64(args.header_timeout),
        idle_timeout: Duration::from_secs_f64(args.idle_timeout),
        grace: Duration::from_secs_f64(args.grace),
        api_key,
        allowed_hosts,
        cors_origins: args.cors_origins.clone(),
        rate_limit: args.rate_limit.map(|limit| precis_serve::RateLimit {
            burst: args
                .rate_burst
                .and_then(std::num::NonZeroU32::new)
                .unwrap_or(limit.burst),
            max_clients: args.rate_limit_clients,
            ..limit
        }),
        trust_proxy: args.trust_proxy,
        fetch: args.allow_fetch.then(|| precis_fetch::FetchOptions {
            allow_private: args.allow_private_fetch,
            // A page must arrive within the request's own time limit.
            timeout: Duration::from_secs_f64(args.timeout),
            retries: 0,
            ..precis_fetch::FetchOptions::default()
        }),
        ..ServeConfig::default()
    };
    precis_serve::run(addr, config, |url| {
        say!("precis: serving on {url} (Ctrl-C to stop)");
    })
    .context("cannot start the server")?;
    say!("precis: stopped");
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        let v4 = |s: &str, p| resolve(s, p).unwrap();
        assert_eq!(v4("127.0.0.1", None).0, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(
            v4("127.0.0.1:9000", None).0,
            "127.0.0.1:9000".parse().unwrap()
        );
        assert_eq!(
            v4("127.0.0.1:9000", Some(9001)).0,
            "127.0.0.1:9001".parse().unwrap()
        );
        assert_eq!(v4("[::1]:9000", None).0, "[::1]:9000".parse().unwrap());
        assert_eq!(v4("::1", None).0, "[::1]:8080".parse().unwrap());
        assert_eq!(v4("0.0.0.0", Some(80)).0, "0.0.0.0:80".parse().unwrap());
        let (local, name) = v4("localhost:8081", None);
        assert!(local.ip().is_loopback() && local.port() == 8081, "{local}");
        assert_eq!(name.as_deref(), Some("localhost"));
        assert_eq!(v4("localhost", Some(1)).0.port(), 1);
        assert!(resolve("localhost:http", None).is_err());
        assert!(resolve(":8080", None).is_err());
    }

    #[test]
    fn rate_limit_flags() {
        use clap::Parser;
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            serve: ServeArgs,
        }
        let args = |a: &[&str]| Cli::try_parse_from([&["precis"], a].concat()).map(|c| c.serve);
        let a = args(&[
            "--rate-limit",
            "600/m",
            "--rate-burst",
            "20",
            "--trust-proxy",
        ])
        .unwrap();
        let limit = a.rate_limit.unwrap();
        assert_eq!((limit.requests.get(), limit.period.as_secs()), (600, 60));
        assert_eq!(a.rate_burst, Some(20));
        assert!(a.trust_proxy);
        assert!(args(&[]).unwrap().rate_limit.is_none());
        // The bucket's options mean nothing without a rate.
        assert!(args(&["--rate-burst", "5"]).is_err());
        assert!(args(&["--trust-proxy"]).is_err());
        assert!(args(&["--rate-limit", "10/day"]).is_err());
        assert!(args(&["--rate-limit", "0/s"]).is_err());
    }

    #[test]
    fn seconds() {
        assert_eq!(parse_seconds("2"), Ok(2.0));
        assert_eq!(parse_seconds("2s"), Ok(2.0));
        assert_eq!(parse_seconds("0.25"), Ok(0.25));
        assert!(parse_seconds("0").is_err());
        assert!(parse_seconds("-1").is_err());
    }
}
