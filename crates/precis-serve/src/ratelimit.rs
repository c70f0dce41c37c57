//! A per-client rate limit on the API (`--rate-limit 10/s --rate-burst 20`): each client gets a
//! token bucket (GCRA, from `governor`); a request beyond it gets 429 with `Retry-After`.
//!
//! - A client is its IP address; IPv6 addresses count per /64, the block one host usually gets,
//!   so an attacker cannot mint fresh clients from one machine. With `trust_proxy`, the client
//!   is the last address of `X-Forwarded-For` (the one the proxy in front of precis appended);
//!   without it that header is ignored, as any client can write it.
//! - Only `/v1/*` is limited: `/healthz`, `/metrics`, the page and `/openapi.json` cost nothing
//!   and health checks must never be refused. The check runs before the API key and before the
//!   body is read, so it also slows key guessing and costs no body budget.
//! - Memory is bounded by `max_clients`, not by clients: the table of buckets is [`BoundedStore`].
//!   When it is full, the half of the entries with the earliest theoretical arrival time (the
//!   fullest buckets; a bucket that is full again is the same as no entry at all) is dropped, so
//!   an attacker with many addresses costs a bounded table and, at worst, gives clients a fresh
//!   burst; never a refusal of a client it has not limited itself.
//!
//! ```
//! use precis_serve::RateLimit;
//!
//! let limit: RateLimit = "10/s".parse().unwrap();
//! assert_eq!((limit.requests.get(), limit.burst.get()), (10, 10));
//! ```

use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::str::FromStr;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::nanos::Nanos;
use governor::state::StateStore;
use governor::state::keyed::ShrinkableKeyedStateStore;
use governor::{Quota, RateLimiter};

use crate::conn::Peer;
use crate::error::ErrorBody;
use crate::state::AppState;

/// How many API requests one client may make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests per `period`, on average.
    pub requests: NonZeroU32,
    /// The period `requests` are counted over (a second, minute or hour).
    pub period: Duration,
    /// Most requests a client may send at once after a quiet spell (the bucket's size).
    pub burst: NonZeroU32,
    /// Most clients remembered at once (under 64 bytes each); see the module docs.
    pub max_clients: usize,
}

impl RateLimit {
    /// Default size of the client table: 65,536 clients, a few MB.
    pub const DEFAULT_MAX_CLIENTS: usize = 65_536;

    fn quota(&self) -> Quota {
        let interval = (self.period / self.requests.get()).max(Duration::from_nanos(1));
        // `with_period` is `None` only for a zero interval, excluded above.
        Quota::with_period(interval)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(self.burst)
    }
}

impl FromStr for RateLimit {
    type Err = String;

    /// `N/s`, `N/m` (or `N/min`) or `N/h`; the burst defaults to `N`, the table to
    /// [`RateLimit::DEFAULT_MAX_CLIENTS`].
    fn from_str(s: &str) -> Result<RateLimit, String> {
        let bad = || format!("expected a rate such as 10/s, 600/m or 1000/h, got '{s}'");
        let (n, unit) = s.trim().split_once('/').ok_or_else(bad)?;
        let requests = n
            .trim()
            .parse::<NonZeroU32>()
            .ok()
            .filter(|n| n.get() <= 1_000_000)
            .ok_or_else(bad)?;
        let period = match unit.trim() {
            "s" | "sec" => Duration::from_secs(1),
            "m" | "min" => Duration::from_secs(60),
            "h" | "hour" => Duration::from_secs(3600),
            _ => return Err(bad()),
        };
        Ok(RateLimit {
            requests,
            period,
            burst: requests,
            max_clients: RateLimit::DEFAULT_MAX_CLIENTS,
        })
    }
}

/// Whom a request is counted against: an IPv4 address, or the /64 block of an IPv6 address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Client {
    V4(Ipv4Addr),
    V6Block(u64),
}

impl From<IpAddr> for Client {
    fn from(ip: IpAddr) -> Client {
        match ip.to_canonical() {
            IpAddr::V4(v4) => Client::V4(v4),
            IpAddr::V6(v6) => Client::V6Block((v6.to_bits() >> 64) as u64),
        }
    }
}

/// The client of a request from `peer`: the peer itself, or with `trust_proxy` the last
/// address in the last `X-Forwarded-For` header when there is one that parses.
fn client(peer: IpAddr, headers: &HeaderMap, trust_proxy: bool) -> Client {
    let forwarded = trust_proxy
        .then(|| headers.get_all("x-forwarded-for").iter().next_back())
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .map(str::trim)
        .and_then(|v| {
            v.parse::<IpAddr>()
                .ok()
                .or_else(|| v.parse::<SocketAddr>().ok().map(|s| s.ip()))
        });
    Client::from(forwarded.unwrap_or(peer))
}

/// The limiter: governor's GCRA over a [`BoundedStore`].
pub struct ClientLimiter {
    limit: RateLimit,
    trust_proxy: bool,
    limiter: RateLimiter<Client, BoundedStore<Client>, DefaultClock>,
}

impl ClientLimiter {
    pub fn new(limit: RateLimit, trust_proxy: bool) -> ClientLimiter {
        let store = BoundedStore::new(limit.max_clients);
        ClientLimiter {
            limit,
            trust_proxy,
            limiter: RateLimiter::new(limit.quota(), store, DefaultClock::default()),
        }
    }

    /// `Ok` when `client` may go on; else how long it should wait.
    fn check(&self, client: Client) -> Result<(), Duration> {
        self.limiter
            .check_key(&client)
            .map_err(|not_until| not_until.wait_time_from(self.limiter.clock().now()))
    }
}

/// Answers 429 with `Retry-After` to an API request over its client's rate limit.
pub async fn limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(limiter) = state.rate_limiter() else {
        return next.run(req).await;
    };
    if !req.uri().path().starts_with("/v1/") {
        return next.run(req).await;
    }
    let peer = req
        .extensions()
        .get::<Peer>()
        .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |p| p.0.ip());
    let who = client(peer, req.headers(), limiter.trust_proxy);
    match limiter.check(who) {
        Ok(()) => next.run(req).await,
        Err(wait) => too_many(&limiter.limit, wait),
    }
}

fn too_many(limit: &RateLimit, wait: Duration) -> Response {
    // Whole seconds, rounded up, at least 1: what `Retry-After` can say.
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let secs = secs.max(1);
    let per = match limit.period.as_secs() {
        1 => "s",
        60 => "m",
        _ => "h",
    };
    let message = format!(
        "too many requests from this client: the limit is {}/{per} with bursts of {} (--rate-limit, --rate-burst); retry in {secs} s",
        limit.requests, limit.burst
    );
    let mut response = (
        StatusCode::TOO_MANY_REQUESTS,
        axum::Json(ErrorBody { error: &message }),
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    response
}

/// A table of rate-limit states holding at most `cap` keys. governor's own keyed stores grow
/// with every key ever seen until `retain_recent` is called, and cannot drop one key to make
/// room; this store is the same map with a cap.
pub struct BoundedStore<K> {
    cap: usize,
    /// Each key's theoretical arrival time (governor's state), from the limiter's start.
    map: Mutex<HashMap<K, Nanos>>,
}

impl<K: Hash + Eq + Clone> BoundedStore<K> {
    pub fn new(cap: usize) -> BoundedStore<K> {
        BoundedStore {
            cap: cap.max(1),
            map: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Nanos>> {
        // Every update is a single insert: a poisoned map is still consistent.
        self.map.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Drops the half of `map` with the earliest arrival times (at least one entry). Linear in the
/// table, once per `cap / 2` new keys, so constant time per request on average.
fn make_room<K: Hash + Eq>(map: &mut HashMap<K, Nanos>) {
    let mut times: Vec<Nanos> = map.values().copied().collect();
    if times.is_empty() {
        return;
    }
    let drop = (times.len() / 2).max(1);
    // Ties at the cut go too: at worst a little more than half.
    let (_, &mut cut, _) = times.select_nth_unstable(drop - 1);
    map.retain(|_, t| *t > cut);
}

impl<K: Hash + Eq + Clone> StateStore for BoundedStore<K> {
    type Key = K;

    fn measure_and_replace<T, F, E>(&self, key: &K, f: F) -> Result<T, E>
    where
        F: Fn(Option<Nanos>) -> Result<(T, Nanos), E>,
    {
        let mut map = self.lock();
        let old = map.get(key).copied();
        let (outcome, new) = f(old)?;
        if old.is_none() && map.len() >= self.cap {
            make_room(&mut map);
        }
        map.insert(key.clone(), new);
        Ok(outcome)
    }
}

/// For governor's housekeeping (`len`, `retain_recent`); the cap needs none of it.
impl<K: Hash + Eq + Clone> ShrinkableKeyedStateStore<K> for BoundedStore<K> {
    fn retain_recent(&self, drop_below: Nanos) {
        self.lock().retain(|_, t| *t >= drop_below);
    }

    fn len(&self) -> usize {
        self.lock().len()
    }

    fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(requests: u32, burst: u32, max_clients: usize) -> RateLimit {
        RateLimit {
            requests: NonZeroU32::new(requests).unwrap(),
            period: Duration::from_secs(1),
            burst: NonZeroU32::new(burst).unwrap(),
            max_clients,
        }
    }

    #[test]
    fn parses_rates() {
        let r: RateLimit = "600/m".parse().unwrap();
        assert_eq!(r.requests.get(), 600);
        assert_eq!(r.period, Duration::from_secs(60));
        assert_eq!(r.burst.get(), 600);
        assert_eq!(
            " 5 / h ".parse::<RateLimit>().unwrap().period,
            Duration::from_secs(3600)
        );
        for bad in ["", "10", "0/s", "-1/s", "10/d", "x/s", "2000000/s", "10/"] {
            assert!(bad.parse::<RateLimit>().is_err(), "{bad}");
        }
    }

    #[test]
    fn burst_then_refused_then_refilled() {
        // 1,000/s: one token per millisecond, so the refill is quick and the test short.
        let limiter = ClientLimiter::new(limit(1000, 3, 16), false);
        let a = Client::V4(Ipv4Addr::new(10, 0, 0, 1));
        let b = Client::V4(Ipv4Addr::new(10, 0, 0, 2));
        for _ in 0..3 {
            assert!(limiter.check(a).is_ok());
        }
        let wait = limiter.check(a).unwrap_err();
        assert!(wait <= Duration::from_millis(1), "{wait:?}");
        // Another client has its own bucket.
        assert!(limiter.check(b).is_ok());
        std::thread::sleep(Duration::from_millis(5));
        assert!(limiter.check(a).is_ok());
    }

    #[test]
    fn the_table_stays_within_its_cap() {
        let limiter = ClientLimiter::new(limit(1, 1, 64), false);
        let busy = Client::V4(Ipv4Addr::new(192, 0, 2, 1));
        assert!(limiter.check(busy).is_ok());
        assert!(limiter.check(busy).is_err());
        // 100,000 other addresses, each once: the table never passes its cap.
        for i in 0..100_000u32 {
            assert!(limiter.check(Client::V4(Ipv4Addr::from(i))).is_ok());
            assert!(limiter.limiter.len() <= 64);
        }
    }

    #[test]
    fn eviction_drops_the_fullest_buckets_first() {
        let store = BoundedStore::<u32>::new(4);
        let mut map = store.lock();
        for (k, t) in [(1, 10), (2, 40), (3, 20), (4, 30)] {
            map.insert(k, Nanos::from(t));
        }
        make_room(&mut map);
        let mut left: Vec<u32> = map.keys().copied().collect();
        left.sort();
        assert_eq!(left, [2, 4], "the latest arrival times stay");
    }

    #[test]
    fn clients() {
        let mut h = HeaderMap::new();
        let peer: IpAddr = "127.0.0.1".parse().unwrap();
        h.append(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.7".parse().unwrap(),
        );
        // Not trusted: the header is ignored.
        assert_eq!(client(peer, &h, false), Client::from(peer));
        // Trusted: the last address, which the proxy appended.
        assert_eq!(
            client(peer, &h, true),
            Client::V4("198.51.100.7".parse().unwrap())
        );
        h.append("x-forwarded-for", "garbage".parse().unwrap());
        assert_eq!(client(peer, &h, true), Client::from(peer));
        // IPv6: one client per /64; v4-mapped addresses are v4.
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(Client::from(a), Client::from(b));
        assert_ne!(Client::from(a), Client::from(c));
        assert_eq!(
            Client::from("::ffff:10.0.0.1".parse::<IpAddr>().unwrap()),
            Client::V4(Ipv4Addr::new(10, 0, 0, 1))
        );
    }
}
