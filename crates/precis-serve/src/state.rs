//! What every handler shares: the configuration, the concurrency slots with their queue, the
//! body budget and the metrics.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::ServeConfig;
use crate::error::ApiError;
use crate::metrics::Metrics;

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
}

/// Request-body bytes counted against the budget; released when dropped.
pub struct BodyPermit(#[allow(dead_code)] OwnedSemaphorePermit);

impl AppState {
    pub fn new(config: ServeConfig) -> AppState {
        let slots = Arc::new(Semaphore::new(config.max_concurrency));
        let budget = Arc::new(Semaphore::new(kib(config.body_budget).max(1) as usize));
        AppState {
            inner: Arc::new(Shared {
                config,
                slots,
                waiting: AtomicUsize::new(0),
                budget,
                metrics: Metrics::new(),
            }),
        }
    }

    pub fn config(&self) -> &ServeConfig {
        &self.inner.config
    }

    pub fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    /// Runs CPU-bound work on the blocking thread pool, so the async workers keep answering
    /// health checks and shedding load while articles are summarized.
    ///
    /// Takes a concurrency slot first (see [`AppState::acquire_slot`]). The slot is held by the
    /// worker thread, not the request, so when a request times out its slot stays taken until
    /// the work really ends and the limit keeps matching the CPU in use.
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
