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
    /// `None` when fetching is off; the client's start-up error, if it had one.
    fetcher: Option<Result<precis_fetch::Fetcher, String>>,
}

impl AppState {
    pub fn new(config: ServeConfig) -> AppState {
        let slots = Arc::new(Semaphore::new(config.max_concurrency));
        let fetcher = config
            .fetch
            .clone()
            .map(|o| precis_fetch::Fetcher::new(o).map_err(|e| e.to_string()));
        AppState {
            inner: Arc::new(Shared {
                config,
                slots,
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
    /// Takes a concurrency slot first, or fails at once with 503 when every slot is taken:
    /// waiting in a queue would only turn overload into timeouts. The slot is held by the worker
    /// thread, not the request, so when a request times out its slot stays taken until the work
    /// really ends and the limit keeps matching the CPU in use.
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
