//! Server limits and defaults: everything `precis serve` can be told on its command line.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use precis_core::Algorithm;

/// The algorithm used when a request names none: the engine's default (the learned model).
pub const DEFAULT_ALGORITHM: Algorithm = precis_core::DEFAULT_ALGORITHM;

/// The most sentences a request may ask for: more than any article needs, and a guard against
/// typos like `"sentences": 3000000`.
pub const MAX_SENTENCES: u64 = 1_000;

/// The most words a request may ask for (a long feature story runs to about 10,000).
pub const MAX_WORDS: u64 = 100_000;

/// How the server behaves under load and with large input.
#[derive(Clone)]
pub struct ServeConfig {
    /// Largest request body accepted, in bytes; larger bodies get 413.
    pub max_body: usize,
    /// Most summarizations running at once; requests beyond that wait in the queue.
    pub max_concurrency: usize,
    /// Most requests waiting for a summarization slot; a request beyond that gets 503 at once.
    pub queue: usize,
    /// Longest a request waits in the queue (for a slot, or for room in `body_budget`); then 503.
    pub queue_timeout: Duration,
    /// Bytes of request bodies the server holds at once, all connections together. A body is
    /// counted from its declared `Content-Length` (`max_body` when chunked) before it is read.
    pub body_budget: usize,
    /// Most connections open at once. A new connection beyond it closes the one that has been
    /// idle longest (no request being handled), or is refused with 503 when none is idle.
    pub max_connections: usize,
    /// Time a client has to send a complete request head, from connecting or from its previous
    /// answer (so also the keep-alive limit); then the connection is closed.
    pub header_timeout: Duration,
    /// A connection with no request being handled and no byte moving either way for this long
    /// is closed (silent clients, answers nobody reads).
    pub idle_timeout: Duration,
    /// After a shutdown signal, how long connections get to finish before they are dropped.
    pub grace: Duration,
    /// When set, `/v1/*` and `/metrics` require `Authorization: Bearer <key>` (else 401).
    pub api_key: Option<String>,
    /// `Host` names accepted besides IP literals and `localhost` (DNS-rebinding guard); `"*"`
    /// accepts any.
    pub allowed_hosts: Vec<String>,
    /// Origins allowed to call the API from a browser (CORS); empty means no CORS headers, so
    /// browsers keep other sites out.
    pub cors_origins: Vec<String>,
    /// Per-client limit on `/v1/*` requests (429 beyond it); `None` (the default): no limit.
    pub rate_limit: Option<crate::RateLimit>,
    /// Count requests against the client named by `X-Forwarded-For` (set by a reverse proxy in
    /// front), not the connection's address. Only behind a proxy that sets it: anyone else can.
    pub trust_proxy: bool,
    /// Most articles in one batch request; more get 413.
    pub max_batch: usize,
    /// Longest time a request may take, from its first byte to its answer; then 503.
    pub timeout: Duration,
    /// The algorithm used when a request names none.
    pub default_algorithm: Algorithm,
    /// Test hook: runs on the worker thread right before each summarization (e.g. to hold a
    /// concurrency slot while a test checks load shedding). Not part of the stable API.
    #[doc(hidden)]
    pub before_summarize: Option<Arc<dyn Fn() + Send + Sync>>,
    /// `{"url": …}` requests: `None` (the default) refuses them; `Some` fetches pages within these
    /// limits, refusing non-public addresses unless `allow_private` (`--allow-private-fetch`).
    pub fetch: Option<precis_fetch::FetchOptions>,
}

impl ServeConfig {
    /// Default largest body: 2 MB.
    pub const DEFAULT_MAX_BODY: usize = 2 * 1024 * 1024;
    /// Default batch limit: 100 articles.
    pub const DEFAULT_MAX_BATCH: usize = 100;
    /// Default request timeout: 10 s.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
    /// Default queue: 256 waiting requests.
    pub const DEFAULT_QUEUE: usize = 256;
    /// Default longest wait in the queue: 2 s.
    pub const DEFAULT_QUEUE_TIMEOUT: Duration = Duration::from_secs(2);
    /// Default body budget: 64 MB, thirty-two bodies of the default largest size.
    pub const DEFAULT_BODY_BUDGET: usize = 64 * 1024 * 1024;
    /// Default connection cap: 1,024.
    pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
    /// Default header timeout: 10 s.
    pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);
    /// Default idle timeout: 5 s.
    pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(5);
    /// Default shutdown grace period: 5 s (an ordinary answer takes milliseconds).
    pub const DEFAULT_GRACE: Duration = Duration::from_secs(5);

    /// Default concurrency: two summarizations per core, so the cores stay busy while requests
    /// are parsed and answered; a burst beyond that waits in the queue.
    pub fn default_max_concurrency() -> usize {
        std::thread::available_parallelism().map_or(2, |n| n.get() * 2)
    }
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            max_body: Self::DEFAULT_MAX_BODY,
            max_concurrency: Self::default_max_concurrency(),
            max_batch: Self::DEFAULT_MAX_BATCH,
            timeout: Self::DEFAULT_TIMEOUT,
            queue: Self::DEFAULT_QUEUE,
            queue_timeout: Self::DEFAULT_QUEUE_TIMEOUT,
            body_budget: Self::DEFAULT_BODY_BUDGET,
            max_connections: Self::DEFAULT_MAX_CONNECTIONS,
            header_timeout: Self::DEFAULT_HEADER_TIMEOUT,
            idle_timeout: Self::DEFAULT_IDLE_TIMEOUT,
            grace: Self::DEFAULT_GRACE,
            api_key: None,
            allowed_hosts: Vec::new(),
            cors_origins: Vec::new(),
            rate_limit: None,
            trust_proxy: false,
            default_algorithm: DEFAULT_ALGORITHM,
            before_summarize: None,
            fetch: None,
        }
    }
}

impl fmt::Debug for ServeConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServeConfig")
            .field("max_body", &self.max_body)
            .field("max_concurrency", &self.max_concurrency)
            .field("max_batch", &self.max_batch)
            .field("timeout", &self.timeout)
            .field("queue", &self.queue)
            .field("queue_timeout", &self.queue_timeout)
            .field("body_budget", &self.body_budget)
            .field("max_connections", &self.max_connections)
            .field("header_timeout", &self.header_timeout)
            .field("idle_timeout", &self.idle_timeout)
            .field("grace", &self.grace)
            // Never print the key itself.
            .field("api_key", &self.api_key.as_ref().map(|_| "<set>"))
            .field("allowed_hosts", &self.allowed_hosts)
            .field("cors_origins", &self.cors_origins)
            .field("rate_limit", &self.rate_limit)
            .field("trust_proxy", &self.trust_proxy)
            .field("default_algorithm", &self.default_algorithm)
            .field("before_summarize", &self.before_summarize.is_some())
            .field("fetch", &self.fetch)
            .finish()
    }
}
