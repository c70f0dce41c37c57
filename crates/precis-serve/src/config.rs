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
    /// Most summarizations running at once; a request beyond that gets 503 at once (load
    /// shedding) instead of waiting in a queue.
    pub max_concurrency: usize,
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

    /// Default concurrency: two summarizations per core, so the cores stay busy while requests
    /// are parsed and answered, and a burst beyond that is shed rather than queued.
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
            .field("default_algorithm", &self.default_algorithm)
            .field("before_summarize", &self.before_summarize.is_some())
            .field("fetch", &self.fetch)
            .finish()
    }
}
