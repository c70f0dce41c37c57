//! Prometheus metrics: requests by route and status, a latency histogram by route, articles
//! summarized by algorithm, and summarizations running.
//!
//! Built on the `prometheus` crate (TiKV's, without its protobuf feature): it writes the text
//! exposition format correctly (escaping, cumulative buckets, `_sum`/`_count`) and lets each
//! server own its registry, so several servers in one process (the tests) never share counters,
//! which a global recorder such as `metrics-exporter-prometheus` would make them do.

use std::time::Duration;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};

/// Latency buckets, in seconds: from a cached page (under a millisecond) to the default timeout.
const LATENCY_BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The server's metrics and the registry they live in. Cloning shares them.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    articles: IntCounterVec,
    running: IntGauge,
    queued: IntGauge,
    connections: IntGauge,
    dropped: IntCounterVec,
}

/// Keeps a gauge up by one while alive.
pub struct Running(IntGauge);

impl Drop for Running {
    fn drop(&mut self) {
        self.0.dec();
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "precis_http_requests_total",
                "HTTP requests answered, by route and status.",
            ),
            &["route", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "precis_http_request_duration_seconds",
                "Time from a request's arrival to its answer, by route.",
            )
            .buckets(LATENCY_BUCKETS.to_vec()),
            &["route"],
        )
        .expect("valid metric");
        let articles = IntCounterVec::new(
            Opts::new(
                "precis_articles_summarized_total",
                "Articles summarized, by algorithm (each article of a batch counts).",
            ),
            &["algorithm"],
        )
        .expect("valid metric");
        let running = IntGauge::new(
            "precis_summarizations_running",
            "Summarizations running now (at most --max-concurrency).",
        )
        .expect("valid metric");
        let queued = IntGauge::new(
            "precis_requests_queued",
            "Requests waiting for a summarization slot now (at most --queue).",
        )
        .expect("valid metric");
        let connections = IntGauge::new(
            "precis_connections_open",
            "Client connections open now (at most --max-connections).",
        )
        .expect("valid metric");
        let dropped = IntCounterVec::new(
            Opts::new(
                "precis_connections_dropped_total",
                "Connections the server closed or refused on its own, by reason (idle, evicted, refused).",
            ),
            &["reason"],
        )
        .expect("valid metric");
        for c in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(articles.clone()),
            Box::new(running.clone()),
            Box::new(queued.clone()),
            Box::new(connections.clone()),
            Box::new(dropped.clone()),
        ] {
            registry.register(c).expect("metric names are unique");
        }
        Metrics {
            registry,
            requests,
            latency,
            articles,
            running,
            queued,
            connections,
            dropped,
        }
    }

    /// Records one answered request. `route` is the route pattern (never the raw path, so the
    /// label set stays bounded).
    pub fn request(&self, route: &str, status: u16, elapsed: Duration) {
        self.requests
            .with_label_values(&[route, &status.to_string()])
            .inc();
        self.latency
            .with_label_values(&[route])
            .observe(elapsed.as_secs_f64());
    }

    /// Records one article summarized.
    pub fn article(&self, algorithm: &str) {
        self.articles.with_label_values(&[algorithm]).inc();
    }

    /// Marks a summarization as running until the guard is dropped.
    pub fn running(&self) -> Running {
        self.running.inc();
        Running(self.running.clone())
    }

    /// Marks a request as waiting for a slot until the guard is dropped.
    pub fn queued(&self) -> Running {
        self.queued.inc();
        Running(self.queued.clone())
    }

    /// Marks a connection as open until the guard is dropped.
    pub fn connection(&self) -> Running {
        self.connections.inc();
        Running(self.connections.clone())
    }

    /// Counts a connection the server closed or refused on its own.
    pub fn dropped(&self, reason: &'static str) {
        self.dropped.with_label_values(&[reason]).inc();
    }

    /// The text exposition format (version 0.0.4).
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        // Encoding into a Vec cannot fail for the text format.
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}
