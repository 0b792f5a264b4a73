//! `bench replicas`: the scale-out demo. The graph is read-only, so replicas need no
//! coordination: two `podgraph serve` processes load the same folder and a round-robin TCP
//! proxy (standing in for Apollo Router or any load balancer) spreads connections over them.
//! Measured against one replica behind the same proxy and one replica reached directly.

use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use super::http;
use super::query::{SMALL, bodies};
use super::{ReplicaArgs, build_kind, cores, load_average, median};

/// A `podgraph serve` child, killed on drop.
struct Replica {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> anyhow::Result<SocketAddr> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?)
}

fn start(args: &ReplicaArgs) -> anyhow::Result<Replica> {
    let addr = free_port()?;
    let child = Command::new(std::env::current_exe()?)
        .args(["serve", "--listen", &addr.to_string()])
        .arg("--data")
        .arg(&args.data)
        .env("TOKIO_WORKER_THREADS", args.threads.to_string())
        .env("RAYON_NUM_THREADS", cores().to_string())
        .env("RUST_LOG", "warn")
        // Scale-out is about executing queries: with the response cache every repeat would be
        // a hit and the proxy, not the replicas, would be measured.
        .env("PODGRAPH_RESPONSE_CACHE_BYTES", "0")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("starting a replica")?;
    Ok(Replica { child, addr })
}

async fn wait_ready(addr: SocketAddr) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(120);
    let probe = bytes::Bytes::from_static(br#"{"query":"{ shows(first: 1) { totalCount } }"}"#);
    while Instant::now() < deadline {
        if http::post_once(addr, probe.clone()).await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("replica on {addr} did not come up")
}

pub fn run(args: &ReplicaArgs) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(cores()).enable_all().build()?;
    let (a, b) = (start(args)?, start(args)?);
    rt.block_on(async {
        wait_ready(a.addr).await?;
        wait_ready(b.addr).await
    })?;
    // The same small-query bodies as `bench query`, for the same graph.
    let (snap, _) = super::query::snapshot(&args.data, None)?;
    let list = bodies(&snap.graph).into_iter().find(|(n, _)| *n == "small").map(|(_, l)| l).unwrap_or_default();
    drop(snap);
    anyhow::ensure!(!list.is_empty(), "no episodes to query ({SMALL})");
    let list = Arc::new(list);
    let (both, counts) = rt.block_on(http::round_robin_proxy(vec![a.addr, b.addr]))?;
    let (one, _) = rt.block_on(http::round_robin_proxy(vec![a.addr]))?;

    let measure = |addr| {
        rt.block_on(http::drive(
            addr,
            list.clone(),
            args.connections,
            Duration::from_secs(1),
            Duration::from_secs_f64(args.seconds),
            5_000_000,
        ))
    };
    let load_before = load_average();
    let names = ["1 replica, direct", "1 replica behind the proxy", "2 replicas behind the proxy (round robin)"];
    let mut rps: [Vec<f64>; 3] = Default::default();
    let mut p99: [Vec<f64>; 3] = Default::default();
    let mut errors = [0u64; 3];
    for _ in 0..args.rounds.max(1) {
        for (i, addr) in [a.addr, one, both].into_iter().enumerate() {
            let r = measure(addr)?;
            rps[i].push(r.rps());
            p99[i].push(r.percentile_ms(0.99));
            errors[i] += r.errors;
        }
    }
    println!(
        "scale-out demo: {} (small query), {}; replicas are `podgraph serve` processes with {} worker thread(s) each,",
        args.data.display(),
        build_kind(),
        args.threads
    );
    println!(
        "{} connections, {} s per scenario, median of {} rounds; proxy and load generator share the same {} cores; \
         load average {load_before} before, {} after",
        args.connections,
        args.seconds,
        args.rounds,
        cores(),
        load_average()
    );
    println!("{:<44} {:>9} {:>8} {:>7}", "setup", "req/s", "p99 ms", "errors");
    for i in 0..3 {
        println!("{:<44} {:>9.0} {:>8.2} {:>7}", names[i], median(&rps[i]), median(&p99[i]), errors[i]);
    }
    let c: Vec<usize> = counts.iter().map(|c| c.load(Ordering::Relaxed)).collect();
    println!("connections the proxy sent to each of the two replicas: {c:?}");
    drop((a, b));
    rt.shutdown_timeout(Duration::from_secs(1));
    Ok(())
}
