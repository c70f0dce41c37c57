//! Fetch web pages for precis: bounded, polite HTTP(S) GETs on reqwest with rustls.
//!
//! One [`Fetcher`] holds one connection pool and the limits every request obeys: redirects
//! (bounded), gzip/brotli/deflate bodies, a browser-like user agent (many news sites answer a
//! library's user agent with `403 Forbidden`), connect and total timeouts, a size cap read as the
//! body streams in, retries with backoff on 429 and 503 that honour `Retry-After` (seconds or an
//! HTTP-date, up to a cap),
//! and a concurrency limit overall and per host. With [`FetchOptions::allow_private`] off, every
//! address a host name resolves to — on the first request and after each redirect — is checked
//! before the connection is made to that same checked address, so a page cannot lead the fetcher
//! into loopback, private, link-local or multicast networks.
//!
//! Every failure is a [`FetchError`] for that URL, never a panic.
//!
//! ```no_run
//! # async fn demo() -> Result<(), precis_fetch::FetchError> {
//! let fetcher = precis_fetch::Fetcher::new(precis_fetch::FetchOptions::default())?;
//! let page = fetcher.fetch("https://example.org/story").await?;
//! let html: Vec<u8> = page.html_bytes()?; // UTF-8 with a BOM when the header named a charset
//! let article = precis_extract::extract(&html);
//! # let _ = article; Ok(()) }
//! ```

mod resolve;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{StatusCode, redirect};
use tokio::sync::Semaphore;

pub use resolve::is_public;

/// A browser's user agent: the default, since sites refuse library user agents more often than
/// anything else.
pub const BROWSER_USER_AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 \
     (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/// Limits and manners of a [`Fetcher`].
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The `User-Agent` header.
    pub user_agent: String,
    /// Time allowed to open a connection (DNS, TCP, TLS).
    pub connect_timeout: Duration,
    /// Time allowed for one attempt, from the request to the last byte of the body.
    pub timeout: Duration,
    /// Largest body read, after decompression; a longer one is [`FetchError::TooLarge`].
    pub max_bytes: u64,
    /// Redirects followed before [`FetchError::TooManyRedirects`].
    pub max_redirects: usize,
    /// Retries after a 429 or 503 answer (so `retries + 1` attempts at most).
    pub retries: u32,
    /// Longest wait before a retry; a `Retry-After` asking for more is not waited for.
    pub max_retry_wait: Duration,
    /// Requests in flight at once, over all hosts.
    pub concurrency: usize,
    /// Requests in flight at once to one host.
    pub per_host: usize,
    /// Whether loopback, private, link-local and multicast addresses may be fetched.
    pub allow_private: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            user_agent: BROWSER_USER_AGENT.to_owned(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_bytes: 10 << 20,
            max_redirects: 10,
            retries: 2,
            max_retry_wait: Duration::from_secs(30),
            concurrency: 16,
            per_host: 4,
            allow_private: true,
        }
    }
}

/// Why a URL could not be fetched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// Not an `http(s)` URL.
    #[error("not a valid http(s) URL: {0}")]
    InvalidUrl(String),
    /// The host name did not resolve.
    #[error("cannot resolve the host name: {0}")]
    Dns(String),
    /// The address is loopback, private, link-local or multicast (and that is not allowed).
    #[error("refused to fetch from a non-public address ({0})")]
    PrivateAddress(String),
    /// TCP connection failed.
    #[error("cannot connect: {0}")]
    Connect(String),
    /// TLS handshake or certificate failure.
    #[error("TLS failure: {0}")]
    Tls(String),
    /// No answer in time.
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    /// More redirects than allowed (or a loop).
    #[error("too many redirects (more than {0})")]
    TooManyRedirects(usize),
    /// An HTTP error status.
    #[error("HTTP {0}")]
    Status(u16),
    /// The answer is not a web page.
    #[error("not a web page (Content-Type: {0})")]
    NotHtml(String),
    /// The body is longer than the cap.
    #[error("the page is larger than {0} bytes")]
    TooLarge(u64),
    /// Anything else the HTTP client reported.
    #[error("{0}")]
    Other(String),
}

/// A fetched response body.
#[derive(Debug, Clone)]
pub struct Page {
    /// The URL asked for.
    pub url: String,
    /// The URL the body came from, after redirects.
    pub final_url: String,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body, decompressed.
    pub body: Vec<u8>,
}

impl Page {
    /// Whether the content type names a web page (or is missing).
    pub fn is_html(&self) -> bool {
        match self.mime() {
            None => true,
            Some(m) => m == "text/html" || m == "application/xhtml+xml",
        }
    }

    fn mime(&self) -> Option<String> {
        let ct = self.content_type.as_deref()?;
        Some(ct.split(';').next()?.trim().to_ascii_lowercase())
    }

    /// The charset the `Content-Type` header names, if any.
    pub fn header_charset(&self) -> Option<&'static encoding_rs::Encoding> {
        let ct = self.content_type.as_deref()?;
        let ct = ct.to_ascii_lowercase();
        let (_, rest) = ct.split_once("charset=")?;
        let label = rest
            .split(';')
            .next()?
            .trim()
            .trim_matches(['"', '\''])
            .to_owned();
        encoding_rs::Encoding::for_label(label.as_bytes())
    }

    /// The body for the HTML extractor: [`FetchError::NotHtml`] unless it is a web page. When the
    /// header names a charset (which outranks the page's own `<meta charset>`, as in browsers) and
    /// the body has no byte-order mark, the body is transcoded to UTF-8 and given a BOM, which the
    /// extractor's decoder honours first; otherwise the bytes are handed over as they came.
    pub fn html_bytes(self) -> Result<Vec<u8>, FetchError> {
        if !self.is_html() {
            return Err(FetchError::NotHtml(self.content_type.unwrap_or_default()));
        }
        let Some(enc) = self.header_charset() else {
            return Ok(self.body);
        };
        if encoding_rs::Encoding::for_bom(&self.body).is_some() {
            return Ok(self.body);
        }
        let (text, _) = enc.decode_without_bom_handling(&self.body);
        let mut out = Vec::with_capacity(text.len() + 3);
        out.extend_from_slice(b"\xEF\xBB\xBF");
        out.extend_from_slice(text.as_bytes());
        Ok(out)
    }
}

/// Fetches pages within the limits of its [`FetchOptions`]. Cheap to share (`Arc` inside).
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    options: Arc<FetchOptions>,
    all: Arc<Semaphore>,
    hosts: Arc<Mutex<HashMap<String, Arc<Semaphore>>>>,
}

/// Marks a redirect refused for its address, to tell it from a redirect loop.
const PRIVATE_REDIRECT: &str = "redirect to a non-public address";

impl Fetcher {
    /// A fetcher with these limits.
    pub fn new(options: FetchOptions) -> Result<Fetcher, FetchError> {
        let max_redirects = options.max_redirects;
        let allow_private = options.allow_private;
        let policy = redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > max_redirects {
                attempt.error(format!("more than {max_redirects} redirects"))
            } else if refused_literal(attempt.url(), allow_private).is_some() {
                // Host names are checked by the resolver; an IP literal never reaches it.
                attempt.error(PRIVATE_REDIRECT)
            } else {
                attempt.follow()
            }
        });
        let mut builder = reqwest::Client::builder()
            .user_agent(options.user_agent.clone())
            .connect_timeout(options.connect_timeout)
            .redirect(policy)
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .pool_max_idle_per_host(options.per_host.max(1));
        if !allow_private {
            builder = builder.dns_resolver(Arc::new(resolve::PublicOnly));
        }
        let client = builder
            .build()
            .map_err(|e| FetchError::Other(format!("cannot start the HTTP client: {e}")))?;
        Ok(Fetcher {
            client,
            all: Arc::new(Semaphore::new(options.concurrency.max(1))),
            options: Arc::new(options),
            hosts: Arc::default(),
        })
    }

    /// The limits this fetcher obeys.
    pub fn options(&self) -> &FetchOptions {
        &self.options
    }

    /// GETs `url`, retrying on 429/503, within the concurrency limits.
    pub async fn fetch(&self, url: &str) -> Result<Page, FetchError> {
        let parsed = reqwest::Url::parse(url.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .ok_or_else(|| FetchError::InvalidUrl(url.trim().to_owned()))?;
        if let Some(ip) = refused_literal(&parsed, self.options.allow_private) {
            return Err(FetchError::PrivateAddress(ip.to_string()));
        }
        let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
        let host_permits = self.host_semaphore(&host);
        let mut attempt = 0;
        loop {
            let result = {
                // Host first, then the global slot: a request waiting for its host holds no
                // slot another host could use.
                // The semaphores are never closed, so the permits are always `Ok` (and held).
                let _host = host_permits.clone().acquire_owned().await;
                let _all = self.all.clone().acquire_owned().await;
                self.attempt(&parsed).await
            };
            match result {
                Err(Retry { status, wait }) if attempt < self.options.retries => {
                    let wait = wait.unwrap_or_else(|| backoff(attempt));
                    if wait > self.options.max_retry_wait {
                        self.release_host(&host, host_permits);
                        return Err(FetchError::Status(status));
                    }
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                Err(Retry { status, .. }) => {
                    self.release_host(&host, host_permits);
                    return Err(FetchError::Status(status));
                }
                Ok(done) => {
                    self.release_host(&host, host_permits);
                    return done.map(|(final_url, content_type, body)| Page {
                        url: url.trim().to_owned(),
                        final_url,
                        content_type,
                        body,
                    });
                }
            }
        }
    }

    /// One request. `Err(Retry)` asks for another attempt; `Ok` is final, good or bad.
    async fn attempt(&self, url: &reqwest::Url) -> Result<AttemptResult, Retry> {
        let timeout = self.options.timeout;
        let run = async {
            let response = self
                .client
                .get(url.clone())
                .send()
                .await
                .map_err(|e| classify(e, &self.options))?;
            let status = response.status();
            if status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE
            {
                return Ok(Err(Retry {
                    status: status.as_u16(),
                    wait: retry_after(response.headers()),
                }));
            }
            if !status.is_success() {
                return Err(FetchError::Status(status.as_u16()));
            }
            let final_url = response.url().to_string();
            let content_type = response
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let cap = self.options.max_bytes;
            if response.content_length().is_some_and(|n| n > cap) {
                return Err(FetchError::TooLarge(cap));
            }
            let mut body = Vec::new();
            let mut stream = response.bytes_stream();
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.map_err(|e| classify(e, &self.options))?;
                if body.len() as u64 + chunk.len() as u64 > cap {
                    return Err(FetchError::TooLarge(cap));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(Ok((final_url, content_type, body)))
        };
        match tokio::time::timeout(timeout, run).await {
            Err(_) => Ok(Err(FetchError::Timeout(timeout))),
            Ok(Err(e)) => Ok(Err(e)),
            Ok(Ok(Ok(page))) => Ok(Ok(page)),
            Ok(Ok(Err(retry))) => Err(retry),
        }
    }

    fn host_semaphore(&self, host: &str) -> Arc<Semaphore> {
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        hosts
            .entry(host.to_owned())
            .or_insert_with(|| Arc::new(Semaphore::new(self.options.per_host.max(1))))
            .clone()
    }

    /// Forgets a host nobody is waiting for, so the table stays as small as the work in flight.
    fn release_host(&self, host: &str, permits: Arc<Semaphore>) {
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        drop(permits);
        if hosts.get(host).is_some_and(|s| Arc::strong_count(s) == 1) {
            hosts.remove(host);
        }
    }
}

type AttemptResult = Result<(String, Option<String>, Vec<u8>), FetchError>;

/// A 429/503 answer: try again after `wait` (from `Retry-After`) or the backoff.
struct Retry {
    status: u16,
    wait: Option<Duration>,
}

/// Exponential backoff without a `Retry-After`: 0.5 s, 1 s, 2 s, …
fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(500u64.saturating_mul(1 << attempt.min(10)))
}

/// How long `Retry-After` asks to wait: delay-seconds (`120`) or an HTTP-date
/// (`Wed, 04 Mar 2026 10:30:00 GMT`). A date is measured from the answer's own `Date` header when
/// it has one, so a server whose clock is off still gets the wait it meant; else from our clock. A
/// date already past asks for no wait.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = v.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    let now = headers
        .get(reqwest::header::DATE)
        .and_then(|d| d.to_str().ok())
        .and_then(|d| httpdate::parse_http_date(d.trim()).ok())
        .unwrap_or_else(std::time::SystemTime::now);
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The non-public IP literal a URL names, when those are refused. (Host names are checked by the
/// resolver; an IP literal never reaches it, so the first URL and every redirect go through this.)
fn refused_literal(url: &reqwest::Url, allow_private: bool) -> Option<IpAddr> {
    let ip = match url.host()? {
        url::Host::Ipv4(ip) => IpAddr::V4(ip),
        url::Host::Ipv6(ip) => IpAddr::V6(ip),
        url::Host::Domain(_) => return None,
    };
    (!allow_private && !is_public(ip)).then_some(ip)
}

/// Turns reqwest's error into what went wrong, reading its cause chain.
fn classify(e: reqwest::Error, options: &FetchOptions) -> FetchError {
    let mut chain = String::new();
    let mut source: Option<&dyn std::error::Error> = Some(&e);
    while let Some(s) = source {
        if !chain.is_empty() {
            chain.push_str(": ");
        }
        chain.push_str(&s.to_string());
        source = s.source();
    }
    let lower = chain.to_ascii_lowercase();
    if lower.contains(PRIVATE_REDIRECT) || lower.contains(resolve::REFUSED) {
        let addr = chain
            .split(resolve::REFUSED)
            .nth(1)
            .map(|s| {
                s.trim_start_matches([' ', ':'])
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
            })
            .unwrap_or("");
        return FetchError::PrivateAddress(if addr.is_empty() {
            "after a redirect".to_owned()
        } else {
            addr.to_owned()
        });
    }
    if e.is_redirect() {
        return FetchError::TooManyRedirects(options.max_redirects);
    }
    if e.is_timeout() {
        return FetchError::Timeout(options.connect_timeout.min(options.timeout));
    }
    if lower.contains("dns error")
        || lower.contains("failed to lookup")
        || lower.contains(resolve::NO_ADDRESS)
    {
        return FetchError::Dns(chain);
    }
    if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
        return FetchError::Tls(chain);
    }
    if e.is_connect() {
        return FetchError::Connect(chain);
    }
    FetchError::Other(chain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_targets_by_ip_literal() {
        let refused = |u: &str, allow| refused_literal(&reqwest::Url::parse(u).unwrap(), allow);
        assert_eq!(
            refused("http://10.0.0.5/admin", false),
            Some("10.0.0.5".parse().unwrap())
        );
        assert_eq!(
            refused("http://[::1]:8080/", false),
            Some("::1".parse().unwrap())
        );
        assert!(refused("http://169.254.169.254/latest/", false).is_some());
        assert_eq!(refused("http://10.0.0.5/", true), None);
        assert_eq!(refused("https://93.184.216.34/", false), None);
        // Names are left to the resolver.
        assert_eq!(refused("http://localhost/", false), None);
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let headers = |pairs: &[(&'static str, &str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.insert(*k, v.parse().unwrap());
            }
            h
        };
        let wait = |pairs: &[(&'static str, &str)]| retry_after(&headers(pairs));
        assert_eq!(wait(&[("retry-after", "7")]), Some(Duration::from_secs(7)));
        // Measured from the server's Date, whatever our clock says.
        let server_clock = [
            ("date", "Wed, 04 Mar 2026 10:30:00 GMT"),
            ("retry-after", "Wed, 04 Mar 2026 10:32:00 GMT"),
        ];
        assert_eq!(wait(&server_clock), Some(Duration::from_secs(120)));
        // A date in the past: retry at once.
        assert_eq!(
            wait(&[("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT")]),
            Some(Duration::ZERO)
        );
        assert_eq!(wait(&[("retry-after", "soon")]), None);
        assert_eq!(wait(&[]), None);
    }

    #[test]
    fn header_charset_and_html_types() {
        let page = |ct: Option<&str>| Page {
            url: String::new(),
            final_url: String::new(),
            content_type: ct.map(str::to_owned),
            body: b"caf\xe9".to_vec(),
        };
        assert_eq!(
            page(Some("text/html; charset=\"ISO-8859-1\""))
                .html_bytes()
                .unwrap(),
            "\u{feff}café".as_bytes()
        );
        assert_eq!(page(None).html_bytes().unwrap(), b"caf\xe9");
        assert!(page(Some("application/xhtml+xml")).is_html());
        assert!(!page(Some("application/json")).is_html());
    }
}
