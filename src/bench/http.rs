//! The HTTP side of the benchmarks: a closed-loop load generator (hyper HTTP/1.1 client, one
//! keep-alive connection per task, bounded by time and count), a bare axum handler returning a
//! static body (the baseline), and a tiny round-robin TCP proxy (the scale-out demo).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};

/// A request body to POST to `/graphql`.
pub type Body = Bytes;

/// What one load run measured.
#[derive(Debug, Clone, Default)]
pub struct LoadResult {
    pub requests: u64,
    pub errors: u64,
    pub secs: f64,
    /// Latencies in microseconds, sorted.
    pub latencies_us: Vec<u32>,
    pub response_bytes: u64,
}

impl LoadResult {
    pub fn rps(&self) -> f64 {
        self.requests as f64 / self.secs
    }
    pub fn percentile_ms(&self, p: f64) -> f64 {
        if self.latencies_us.is_empty() {
            return f64::NAN;
        }
        let i = ((self.latencies_us.len() as f64 * p).ceil() as usize).clamp(1, self.latencies_us.len()) - 1;
        self.latencies_us[i] as f64 / 1000.0
    }
    pub fn mean_response_bytes(&self) -> f64 {
        self.response_bytes as f64 / self.requests.max(1) as f64
    }
}

/// Drives `connections` keep-alive connections to `addr`, each sending POST `/graphql` requests
/// back to back (the bodies in turn), for `warmup` unmeasured and then `duration` measured
/// time, or until `max_requests` measured requests. A non-200 status or a failed request counts
/// as an error.
pub async fn drive(
    addr: SocketAddr,
    bodies: Arc<Vec<Body>>,
    connections: usize,
    warmup: Duration,
    duration: Duration,
    max_requests: u64,
) -> anyhow::Result<LoadResult> {
    let measuring = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for c in 0..connections {
        let (bodies, measuring, stop, count) = (bodies.clone(), measuring.clone(), stop.clone(), count.clone());
        tasks.push(tokio::spawn(async move {
            let stream = TcpStream::connect(addr).await?;
            stream.set_nodelay(true)?;
            let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
            tokio::spawn(conn);
            let mut lat = Vec::with_capacity(64 * 1024);
            let (mut errors, mut bytes) = (0u64, 0u64);
            let mut k = c;
            while !stop.load(Ordering::Relaxed) {
                let body = bodies[k % bodies.len()].clone();
                k += 1;
                let req = hyper::Request::post("/graphql")
                    .header(hyper::header::HOST, "127.0.0.1")
                    .header(hyper::header::CONTENT_TYPE, "application/json")
                    .body(Full::new(body))?;
                let started = Instant::now();
                let ok = match sender.send_request(req).await {
                    Ok(resp) => {
                        let status = resp.status();
                        match resp.into_body().collect().await {
                            Ok(b) => {
                                bytes += b.to_bytes().len() as u64;
                                status == hyper::StatusCode::OK
                            }
                            Err(_) => false,
                        }
                    }
                    Err(_) => false,
                };
                let us = started.elapsed().as_micros().min(u32::MAX as u128) as u32;
                if measuring.load(Ordering::Relaxed) {
                    if count.fetch_add(1, Ordering::Relaxed) >= max_requests {
                        stop.store(true, Ordering::Relaxed);
                        break;
                    }
                    lat.push(us);
                    if !ok {
                        errors += 1;
                    }
                } else {
                    bytes = 0;
                }
                if !ok && !sender.is_ready() {
                    break;
                }
            }
            anyhow::Ok((lat, errors, bytes))
        }));
    }
    tokio::time::sleep(warmup).await;
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    let deadline = started + duration;
    while Instant::now() < deadline && !stop.load(Ordering::Relaxed) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    stop.store(true, Ordering::Relaxed);
    let secs = started.elapsed().as_secs_f64();
    let mut result = LoadResult { secs, ..Default::default() };
    for t in tasks {
        let (lat, errors, bytes) = t.await??;
        result.requests += lat.len() as u64;
        result.errors += errors;
        result.response_bytes += bytes;
        result.latencies_us.extend(lat);
    }
    result.latencies_us.sort_unstable();
    Ok(result)
}

/// One request, for checking a scenario's answer before measuring it.
pub async fn post_once(addr: SocketAddr, body: Body) -> anyhow::Result<Bytes> {
    let stream = TcpStream::connect(addr).await?;
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(conn);
    let req = hyper::Request::post("/graphql")
        .header(hyper::header::HOST, "127.0.0.1")
        .header(hyper::header::CONTENT_TYPE, "application/json")
        .body(Full::new(body))?;
    let resp = sender.send_request(req).await?;
    anyhow::ensure!(resp.status() == hyper::StatusCode::OK, "status {}", resp.status());
    Ok(resp.into_body().collect().await?.to_bytes())
}

/// The baseline: a bare axum handler answering POST `/graphql` with `body` (JSON).
pub fn static_router(body: Bytes) -> axum::Router {
    axum::Router::new().route(
        "/graphql",
        axum::routing::post(move || {
            let body = body.clone();
            async move { ([(hyper::header::CONTENT_TYPE, "application/json")], body) }
        }),
    )
}

/// Serves `router` on a fresh loopback port on the current runtime.
pub async fn serve(router: axum::Router) -> anyhow::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(addr)
}

/// A round-robin TCP proxy: each accepted connection goes to the next backend. Returns its
/// address and the number of connections sent to each backend.
pub async fn round_robin_proxy(backends: Vec<SocketAddr>) -> anyhow::Result<(SocketAddr, Arc<Vec<AtomicUsize>>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let counts: Arc<Vec<AtomicUsize>> = Arc::new(backends.iter().map(|_| AtomicUsize::new(0)).collect());
    let counts2 = counts.clone();
    tokio::spawn(async move {
        let mut next = 0usize;
        while let Ok((mut inbound, _)) = listener.accept().await {
            let i = next % backends.len();
            next += 1;
            counts2[i].fetch_add(1, Ordering::Relaxed);
            let backend = backends[i];
            tokio::spawn(async move {
                let _ = inbound.set_nodelay(true);
                if let Ok(mut outbound) = TcpStream::connect(backend).await {
                    let _ = outbound.set_nodelay(true);
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    Ok((addr, counts))
}
