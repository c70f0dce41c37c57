//! What every handler shares: the configuration, the concurrency slots and the metrics.

use std::sync::Arc;

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
    metrics: Metrics,
}

impl AppState {
    pub fn new(config: ServeConfig) -> AppState {
        let slots = Arc::new(Semaphore::new(config.max_concurrency));
        AppState {
            inner: Arc::new(Shared {
                config,
                slots,
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
    /// Takes a concurrency slot first, or fails at once with 503 when every slot is taken:
    /// waiting in a queue would only turn overload into timeouts. The slot is held by the worker
    /// thread, not the request, so when a request times out its slot stays taken until the work
    /// really ends and the limit keeps matching the CPU in use; the handlers give the engine the
    /// request's deadline (`precis_core::Deadline`), so that is soon after the timeout.
    pub async fn run_blocking<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let permit: OwnedSemaphorePermit =
            self.inner.slots.clone().try_acquire_owned().map_err(|_| {
                ApiError::unavailable(format!(
                    "the server is busy: {} summarizations are already running (--max-concurrency); retry shortly",
                    self.inner.config.max_concurrency
                ))
            })?;
        let hook = self.inner.config.before_summarize.clone();
        let metrics = self.inner.metrics.clone();
        tokio::task::spawn_blocking(move || {
            let _slot = permit;
            let _running = metrics.running();
            if let Some(hook) = hook {
                hook();
            }
            work()
        })
        .await
        .map_err(|e| ApiError::internal(format!("the summarizer failed unexpectedly: {e}")))
    }
}
