//! The accept loop and the life of each connection, with every bound a hostile or careless client
//! could otherwise stretch:
//!
//! - at most `max_connections` open: a new connection beyond it closes the connection that has
//!   been idle longest (no request being handled), so silent clients cannot lock others out;
//!   when every connection is busy, the new one gets a short 503 and is closed;
//! - a request head must arrive whole within `header_timeout` (hyper's timer), from connecting
//!   or from the previous answer;
//! - a connection with no request being handled and no byte moving for `idle_timeout` is closed
//!   (silent clients, answers nobody reads);
//! - hyper's read buffer is capped at [`MAX_BUF`], so a slowly sent head holds little memory;
//! - on shutdown, the listener closes, idle connections close at once, busy ones finish their
//!   answer, and whatever is left after `grace` is dropped.
//!
//! `axum::serve` offers none of these knobs, hence this loop over hyper's HTTP/1 connections.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tower::Service;
use tracing::{debug, error, info, warn};

use crate::config::ServeConfig;
use crate::metrics::Metrics;

/// Largest read buffer per connection (hyper's default is about 400 KiB): bounds the memory a
/// slowly sent request head can hold, and the largest head (beyond it, 431).
pub const MAX_BUF: usize = 64 * 1024;

/// The client's address, in every request's extensions.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

/// The answer to a connection over `max_connections` when none can be closed to make room.
static REFUSAL: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let body = r#"{"error":"the server has too many open connections (--max-connections); retry shortly"}"#;
    format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
});

/// What the accept loop knows of one connection.
struct Conn {
    /// A request is being handled (from its head to its answer's head).
    busy: AtomicBool,
    /// Chosen to make room; closing.
    evicted: AtomicBool,
    /// When a byte last moved either way, in milliseconds since the registry's epoch.
    last_progress: AtomicU64,
    evict: Notify,
}

impl Conn {
    fn idle_for(&self, now: u64) -> u64 {
        now.saturating_sub(self.last_progress.load(Ordering::Relaxed))
    }
}

/// The open connections.
struct Registry {
    epoch: Instant,
    conns: Mutex<HashMap<u64, Arc<Conn>>>,
}

impl Registry {
    fn now(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Conn>>> {
        // A panic while holding the lock cannot leave the map inconsistent (single inserts and
        // removes), so a poisoned lock is still usable.
        self.conns.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn len(&self) -> usize {
        self.lock().len()
    }

    fn insert(&self, id: u64) -> Arc<Conn> {
        let conn = Arc::new(Conn {
            busy: AtomicBool::new(false),
            evicted: AtomicBool::new(false),
            last_progress: AtomicU64::new(self.now()),
            evict: Notify::new(),
        });
        self.lock().insert(id, conn.clone());
        conn
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Asks the connection idle longest to close; false when every connection is busy. A scan
    /// of the table, done only when the server is at its connection limit.
    fn evict_idlest(&self) -> bool {
        let now = self.now();
        let conns = self.lock();
        let victim = conns
            .values()
            .filter(|c| !c.busy.load(Ordering::Relaxed) && !c.evicted.load(Ordering::Relaxed))
            .max_by_key(|c| c.idle_for(now));
        match victim {
            Some(c) => {
                c.evicted.store(true, Ordering::Relaxed);
                c.evict.notify_one();
                true
            }
            None => false,
        }
    }
}

/// A socket that notes when bytes move, for the idle timeout.
struct Tracked {
    stream: TcpStream,
    conn: Arc<Conn>,
    registry: Arc<Registry>,
}

impl Tracked {
    fn progressed(&self) {
        self.conn
            .last_progress
            .store(self.registry.now(), Ordering::Relaxed);
    }
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.stream).poll_read(cx, buf);
        if matches!(poll, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.progressed();
        }
        poll
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            self.progressed();
        }
        poll
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            self.progressed();
        }
        poll
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// Marks a connection busy while alive; when dropped, idle again from now.
struct Busy {
    conn: Arc<Conn>,
    registry: Arc<Registry>,
}

impl Busy {
    fn new(conn: &Arc<Conn>, registry: &Arc<Registry>) -> Busy {
        conn.busy.store(true, Ordering::Relaxed);
        Busy {
            conn: conn.clone(),
            registry: registry.clone(),
        }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.conn
            .last_progress
            .store(self.registry.now(), Ordering::Relaxed);
        self.conn.busy.store(false, Ordering::Relaxed);
    }
}

/// The connection bounds, copied out of the configuration.
#[derive(Clone, Copy)]
struct Limits {
    max_connections: usize,
    header_timeout: Duration,
    idle_timeout: Duration,
    grace: Duration,
}

/// Accepts connections on `listener` and serves `app` on each until `shutdown` completes; then
/// stops as described in the module docs.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    config: &ServeConfig,
    metrics: Metrics,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let limits = Limits {
        max_connections: config.max_connections.max(1),
        header_timeout: config.header_timeout,
        idle_timeout: config.idle_timeout,
        grace: config.grace,
    };
    let registry = Arc::new(Registry {
        epoch: Instant::now(),
        conns: Mutex::new(HashMap::new()),
    });
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut tasks = JoinSet::new();
    let mut next_id = 0u64;
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            // Reap finished connections so the set does not grow.
            Some(_) = tasks.join_next(), if !tasks.is_empty() => continue,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) if is_connection_error(&e) => {
                    debug!(error = %e, "accept: connection failed before it was accepted");
                    continue;
                }
                Err(e) => {
                    // Out of descriptors or memory: say so, and give the system a moment
                    // instead of spinning on the same error.
                    error!(error = %e, "accept failed; retrying in 50 ms");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        if registry.len() >= limits.max_connections {
            if registry.evict_idlest() {
                metrics.dropped("evicted");
            } else {
                metrics.dropped("refused");
                debug!(%peer, "refused: every connection is busy (--max-connections)");
                // Best effort, never waiting: the socket buffer of a new connection has room.
                let _ = stream.try_write(&REFUSAL);
                continue;
            }
        }
        next_id += 1;
        let conn = registry.insert(next_id);
        tasks.spawn(connection(
            next_id,
            stream,
            peer,
            app.clone(),
            conn,
            registry.clone(),
            metrics.clone(),
            stop_rx.clone(),
            limits,
        ));
    }

    drop(listener);
    let open = tasks.len();
    info!(
        open,
        grace_secs = limits.grace.as_secs_f64(),
        "shutting down: no new connections; open ones finish their answer"
    );
    let _ = stop_tx.send(true);
    let drained = tokio::time::timeout(limits.grace, async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        warn!(
            left = tasks.len(),
            "grace period over: closing the connections still open"
        );
        tasks.shutdown().await;
    }
    Ok(())
}

/// Errors of one incoming connection, not of the listener: the next accept may succeed.
fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

#[allow(clippy::too_many_arguments)] // the parts of one connection, passed once at spawn
async fn connection(
    id: u64,
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    conn: Arc<Conn>,
    registry: Arc<Registry>,
    metrics: Metrics,
    mut stop: watch::Receiver<bool>,
    limits: Limits,
) {
    let _open = metrics.connection();
    // Answers are written whole; do not let Nagle hold their last segment back.
    let _ = stream.set_nodelay(true);
    let io = TokioIo::new(Tracked {
        stream,
        conn: conn.clone(),
        registry: registry.clone(),
    });
    let service = {
        let (conn, registry) = (conn.clone(), registry.clone());
        hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(Peer(peer));
            let busy = Busy::new(&conn, &registry);
            let mut app = app.clone();
            async move {
                let _busy = busy;
                // A Router is always ready, so calling it without `poll_ready` is fine.
                app.call(req).await
            }
        })
    };
    let http = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(MAX_BUF)
        .serve_connection(io, service);
    tokio::pin!(http);
    let mut stopping = false;
    if *stop.borrow() {
        http.as_mut().graceful_shutdown();
        stopping = true;
    }
    let idle_ms = u64::try_from(limits.idle_timeout.as_millis()).unwrap_or(u64::MAX);
    loop {
        let now = registry.now();
        let busy = conn.busy.load(Ordering::Relaxed);
        let idle = conn.idle_for(now);
        if !busy && idle >= idle_ms {
            metrics.dropped("idle");
            debug!(%peer, "closed: idle longer than --idle-timeout");
            break;
        }
        let wait = if busy { idle_ms } else { idle_ms - idle };
        tokio::select! {
            result = http.as_mut() => {
                if let Err(e) = result {
                    debug!(%peer, error = %e, "connection ended with an error");
                }
                break;
            }
            () = conn.evict.notified() => {
                debug!(%peer, "closed to make room for a new connection (--max-connections)");
                break;
            }
            changed = stop.changed(), if !stopping => {
                let _ = changed;
                http.as_mut().graceful_shutdown();
                stopping = true;
            }
            () = tokio::time::sleep(Duration::from_millis(wait.max(1))) => {}
        }
    }
    registry.remove(id);
}
