//! What every handler shares: the configuration, the concurrency slots with their queue, the
//! body budget and the metrics.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::ServeConfig;
use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::ratelimit::ClientLimiter;

/// Shared server state; cloning is cheap (one `Arc`).
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Shared>,
}

struct Shared {
    config: ServeConfig,
    slots: Arc<Semaphore>,
    /// Requests waiting for a slot (at most `config.queue`).
    waiting: AtomicUsize,
    /// Request-body bytes that may be held at once, in KiB.
    budget: Arc<Semaphore>,
    metrics: Metrics,
    /// The per-client rate limit, when configured.
    limiter: Option<ClientLimiter>,
    /// `None` when fetching is off; the client's start-up error, if it had one.
    fetcher: Option<Result<precis_fetch::Fetcher, String>>,
}

/// Request-body bytes counted against the budget; released when dropped.
pub struct BodyPermit(#[allow(dead_code)] OwnedSemaphorePermit);

impl AppState {
    pub fn new(config: ServeConfig) -> AppState {
        let slots = Arc::new(Semaphore::new(config.max_concurrency));
        let budget = Arc::new(Semaphore::new(kib(config.body_budget).max(1) as usize));
        let fetcher = config
            .fetch
            .clone()
            .map(|o| precis_fetch::Fetcher::new(o).map_err(|e| e.to_string()));
        let limiter = config
            .rate_limit
            .map(|limit| ClientLimiter::new(limit, config.trust_proxy));
        AppState {
            inner: Arc::new(Shared {
                limiter,
                config,
                slots,
                waiting: AtomicUsize::new(0),
                budget,
                metrics: Metrics::new(),
                fetcher,
            }),
        }
    }

    pub fn config(&self) -> &ServeConfig {
        &self.inner.config
    }

    pub fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    /// The per-client rate limiter, when `--rate-limit` is set.
    pub fn rate_limiter(&self) -> Option<&ClientLimiter> {
        self.inner.limiter.as_ref()
    }

    /// The fetcher for `{"url": …}` requests, or why there is none.
    pub fn fetcher(&self) -> Result<&precis_fetch::Fetcher, ApiError> {
        match &self.inner.fetcher {
            Some(Ok(f)) => Ok(f),
            Some(Err(e)) => Err(ApiError::internal(format!("fetching is unavailable: {e}"))),
            None => Err(ApiError::unprocessable(
                "this server does not fetch URLs (it was started without --allow-fetch): \
                 send the page itself as \"html\"",
            )),
        }
    }

    /// Runs CPU-bound work on the blocking thread pool, so the async workers keep answering
    /// health checks and shedding load while articles are summarized.
    ///
    /// Takes a concurrency slot first (see [`AppState::acquire_slot`]). The slot is held by the
    /// worker thread, not the request, so when a request times out its slot stays taken until
    /// the work really ends and the limit keeps matching the CPU in use; the handlers give the
    /// engine the request's deadline (`precis_core::Deadline`), so that is soon after the timeout.
    pub async fn run_blocking<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit = self.acquire_slot().await?;
        let hook = self.inner.config.before_summarize.clone();
        let metrics = self.inner.metrics.clone();
        tokio::task::spawn_blocking(move || {
            let _slot = permit;
            crate::priority::lower_this_thread();
            let _running = metrics.running();
            if let Some(hook) = hook {
                hook();
            }
            work()
        })
        .await
        .map_err(|e| ApiError::internal(format!("the summarizer failed unexpectedly: {e}")))
    }

    /// A summarization slot: at once when one is free, else after waiting in the FIFO queue
    /// (tokio's semaphore is fair). A burst is absorbed instead of shed; only a request that
    /// finds `queue` others waiting, or waits longer than `queue_timeout`, gets 503.
    async fn acquire_slot(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        let shared = &self.inner;
        if let Ok(permit) = shared.slots.clone().try_acquire_owned() {
            return Ok(permit);
        }
        let config = &shared.config;
        let busy = || {
            ApiError::unavailable(format!(
                "the server is busy: {} summarizations running and {} waiting (--max-concurrency, --queue); retry shortly",
                config.max_concurrency, config.queue
            ))
        };
        if shared.waiting.fetch_add(1, Ordering::AcqRel) >= config.queue {
            shared.waiting.fetch_sub(1, Ordering::AcqRel);
            return Err(busy());
        }
        let _queued = shared.metrics.queued();
        let acquired =
            tokio::time::timeout(config.queue_timeout, shared.slots.clone().acquire_owned()).await;
        shared.waiting.fetch_sub(1, Ordering::AcqRel);
        match acquired {
            Ok(Ok(permit)) => Ok(permit),
            // A closed semaphore never happens (it is never closed); treat it as busy.
            Ok(Err(_)) | Err(_) => Err(busy()),
        }
    }

    /// Counts `bytes` of a request body against the server-wide budget before the body is read,
    /// waiting up to `queue_timeout` for room; then 503. A body larger than the whole budget
    /// waits for all of it.
    pub async fn reserve_body(&self, bytes: usize) -> Result<BodyPermit, ApiError> {
        let shared = &self.inner;
        let want = kib(bytes).clamp(1, kib(shared.config.body_budget).max(1));
        let reserved = tokio::time::timeout(
            shared.config.queue_timeout,
            shared.budget.clone().acquire_many_owned(want),
        )
        .await;
        match reserved {
            Ok(Ok(permit)) => Ok(BodyPermit(permit)),
            Ok(Err(_)) | Err(_) => Err(ApiError::unavailable(format!(
                "the server is busy: request bodies in flight fill its budget of {} bytes (--body-budget); retry shortly",
                shared.config.body_budget
            ))),
        }
    }
}

/// `bytes` in whole KiB, rounded up, saturating at `u32::MAX` KiB (4 TiB).
fn kib(bytes: usize) -> u32 {
    u32::try_from(bytes.div_ceil(1024)).unwrap_or(u32::MAX)
}
