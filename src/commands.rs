//! The CLI's subcommands: what `podgraph serve|check|schema` do, on top of the library.

use std::io::Write;
use std::sync::Arc;

use anyhow::Context as _;
use tokio::net::TcpListener;
use tracing::info;

use crate::config::{CheckArgs, EvalArgs, ExportArgs, ExportFormat, ProbeArgs, ServeArgs};
use crate::load::{self, LoadReport};
use crate::server::{self, AppState};
use crate::store::GraphStore;
use crate::watch::{self, WatchOptions};

/// `podgraph serve`: bind, load the graph, serve until Ctrl-C or SIGTERM.
///
/// The port is open before the graph is loaded: `/health` answers at once and `/ready`
/// (and GraphQL) say 503 until the first load is done. A first load that fails (missing
/// or unusable folder) stops the server with an error.
pub async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let listener = TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {} (is another server using that port?)", args.listen))?;
    let addr = listener.local_addr()?;
    let store = Arc::new(GraphStore::loading(&args.data));
    let state = AppState::new(store.clone(), args.limits.clone())
        .with_graphiql(args.graphiql)
        .with_cors_origins(&args.cors_origins)?;

    // Reloads (file changes, SIGHUP) are listened for from the start, so a SIGHUP during the
    // first load queues a reload instead of ending the process; the store runs loads one at
    // a time, so it runs after the first load.
    let reloader = watch::spawn(
        store.clone(),
        WatchOptions {
            watch_files: args.watch,
            debounce: std::time::Duration::from_millis(args.watch_debounce_ms),
            sighup: true,
        },
    );
    info!(%addr, limits = ?args.limits, watch = args.watch, "serving GraphQL on http://{addr}/graphql");
    let (failed_tx, failed_rx) = tokio::sync::oneshot::channel::<anyhow::Error>();
    let initial = {
        let store = store.clone();
        let data = args.data.clone();
        tokio::spawn(async move {
            let error = match tokio::task::spawn_blocking(move || store.load_initial()).await {
                Ok(Ok(_)) => return,
                Ok(Err(err)) => anyhow::Error::new(err).context(format!("loading data folder {}", data.display())),
                Err(join) => anyhow::Error::new(join).context("loading the graph"),
            };
            let _ = failed_tx.send(error);
        })
    };
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<anyhow::Error>();
    let shutdown = async move {
        tokio::select! {
            _ = shutdown_signal() => info!("shutting down: finishing in-flight requests"),
            Ok(err) = failed_rx => { let _ = stop_tx.send(err); }
        }
    };
    server::serve(listener, state, shutdown).await.context("serving HTTP")?;
    reloader.abort();
    initial.abort();
    if let Ok(err) = stop_rx.await {
        return Err(err);
    }
    info!("shut down");
    Ok(())
}

/// `podgraph probe`: GET the readiness URL of a running server (the container healthcheck,
/// which needs no shell or curl in the image). Exit status 0 on a 2xx answer.
pub fn probe(args: ProbeArgs) -> anyhow::Result<()> {
    use std::io::Read as _;
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
    use std::time::Duration;

    let mut target = args.listen;
    if target.ip().is_unspecified() {
        let loopback = match target.ip() {
            IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
        };
        target = SocketAddr::new(loopback, target.port());
    }
    let url = args.url.unwrap_or_else(|| format!("http://{target}/ready"));
    let parsed = url::Url::parse(&url).with_context(|| format!("invalid URL {url:?}"))?;
    anyhow::ensure!(parsed.scheme() == "http", "only http:// URLs can be probed");
    let addr = parsed
        .socket_addrs(|| Some(80))
        .with_context(|| format!("cannot resolve {url}"))?
        .into_iter()
        .next()
        .with_context(|| format!("no address for {url}"))?;
    let timeout = Duration::from_millis(args.timeout_ms);
    let mut stream = TcpStream::connect_timeout(&addr, timeout).with_context(|| format!("cannot connect to {addr}"))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let path = match parsed.query() {
        Some(q) => format!("{}?{q}", parsed.path()),
        None => parsed.path().to_string(),
    };
    let host = parsed.host_str().unwrap_or("localhost");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nAccept: application/json\r\n\r\n")?;
    let mut reply = Vec::new();
    stream.take(64 * 1024).read_to_end(&mut reply)?;
    let reply = String::from_utf8_lossy(&reply);
    let status_line = reply.lines().next().unwrap_or("");
    let status: u16 = status_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = reply.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    anyhow::ensure!((200..300).contains(&status), "{url} answered {status_line:?}: {}", body.trim());
    println!("{url}: {status_line} {}", body.trim());
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// `podgraph check`: load and print the report. Only an unusable folder is an error.
pub fn check(args: CheckArgs) -> anyhow::Result<()> {
    let (graph, report) =
        load::load(&args.data).with_context(|| format!("loading data folder {}", args.data.display()))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let merges: Vec<_> = graph
            .merges()
            .iter()
            .map(|m| serde_json::json!({"kind": format!("{:?}", m.kind).to_lowercase(), "into": m.into, "names": m.names, "reason": m.reason}))
            .collect();
        let ambiguous: Vec<_> = graph
            .ambiguous_names()
            .iter()
            .map(|a| serde_json::json!({"name": a.name, "file": a.source.file, "line": a.source.line, "candidates": a.candidates}))
            .collect();
        let mut value = serde_json::to_value(&report)?;
        value["merges"] = merges.into();
        value["ambiguousNames"] = ambiguous.into();
        value["loadMillis"] = (report.timings.total.as_secs_f64() * 1000.0).into();
        serde_json::to_writer_pretty(&mut out, &value)?;
        writeln!(out)?;
    } else {
        print_report(&mut out, &graph, &report, args.limit)?;
    }
    Ok(())
}

fn print_report(
    out: &mut impl Write,
    graph: &crate::graph::PodGraph,
    r: &LoadReport,
    limit: usize,
) -> std::io::Result<()> {
    let limit = if limit == 0 { usize::MAX } else { limit };
    let t = &r.timings;
    writeln!(out, "data folder      {}", r.data_dir)?;
    writeln!(out, "pages read       {}", r.pages_read)?;
    writeln!(out, "episodes         {}", r.episodes_loaded)?;
    writeln!(out, "skipped          {}", r.skipped.len())?;
    writeln!(out, "failed           {}", r.failed.len())?;
    writeln!(out, "warnings         {}", r.warnings())?;
    writeln!(out, "errors           {}", r.errors())?;
    writeln!(out, "people           {}", r.people)?;
    writeln!(out, "appearances      {}", r.appearances)?;
    writeln!(out, "sponsors         {}", r.sponsors)?;
    writeln!(out, "picks            {} ({} without picker)", r.picks, r.unattributed_picks)?;
    writeln!(out, "links            {}", r.links)?;
    writeln!(
        out,
        "load time        {:.1} ms (scan {:.1}, parse {:.1}, build {:.1})",
        ms(t.total),
        ms(t.scan),
        ms(t.parse),
        ms(t.build)
    )?;
    if let Some(rss) = r.peak_rss_bytes {
        writeln!(out, "peak memory      {:.1} MB", rss as f64 / 1e6)?;
    }
    let i = &r.identity;
    writeln!(out, "\nidentity               before   after")?;
    writeln!(
        out,
        "  people               {:>6}  {:>6}  ({} merges, {} ambiguous short names)",
        i.person_names_before, i.people_after, i.person_merges, i.ambiguous_names
    )?;
    writeln!(
        out,
        "  sponsors             {:>6}  {:>6}  ({} merges)",
        i.sponsor_names_before, i.sponsors_after, i.sponsor_merges
    )?;
    writeln!(out, "  links (urls)         {:>6}  {:>6}", i.urls_before, i.links_after)?;

    writeln!(out, "\nper show               episodes  no-panel  no-picks  people  sponsors  picks  unattributed")?;
    for s in &r.shows {
        writeln!(
            out,
            "  {:<22} {:>6}  {:>8}  {:>8}  {:>6}  {:>8}  {:>5}  {:>12}",
            s.show,
            s.episodes,
            s.episodes_without_panel,
            s.episodes_without_picks,
            s.appearances,
            s.sponsorships,
            s.picks,
            s.unattributed_picks
        )?;
    }
    if !r.skipped.is_empty() {
        writeln!(out, "\nskipped pages")?;
        for s in r.skipped.iter().take(limit) {
            writeln!(out, "  {}: {}", s.file, s.reason)?;
        }
        if r.skipped.len() > limit {
            writeln!(out, "  ... {} more", r.skipped.len() - limit)?;
        }
    }
    if !r.diagnostics.is_empty() {
        writeln!(out, "\ndiagnostics")?;
        for d in r.diagnostics.iter().take(limit) {
            writeln!(out, "  {}:{}: {:?}: {}", d.file, d.line, d.severity, d.message)?;
        }
        if r.diagnostics.len() > limit {
            writeln!(out, "  ... {} more", r.diagnostics.len() - limit)?;
        }
    }
    let mut merges: Vec<_> = graph.merges().iter().collect();
    merges.sort_by(|a, b| b.names.len().cmp(&a.names.len()).then(a.into.cmp(&b.into)));
    if !merges.is_empty() {
        writeln!(out, "\nidentity merges (largest first)")?;
        for m in merges.iter().take(limit) {
            writeln!(out, "  {:?} {:?} <= {:?} ({})", m.kind, m.into, m.names, m.reason)?;
        }
        if merges.len() > limit {
            writeln!(out, "  ... {} more", merges.len() - limit)?;
        }
    }
    if !graph.ambiguous_names().is_empty() {
        writeln!(out, "\nunresolved short names")?;
        for a in graph.ambiguous_names().iter().take(limit) {
            writeln!(out, "  {}:{}: {:?} candidates {:?}", a.source.file, a.source.line, a.name, a.candidates)?;
        }
        if graph.ambiguous_names().len() > limit {
            writeln!(out, "  ... {} more", graph.ambiguous_names().len() - limit)?;
        }
    }
    Ok(())
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// `podgraph eval`: per-relation precision/recall/F1 of the served graph against gold sets.
pub fn eval(args: EvalArgs) -> anyhow::Result<()> {
    let (graph, _) = load::load(&args.data).with_context(|| format!("loading data folder {}", args.data.display()))?;
    for path in &args.gold {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading gold file {}", path.display()))?;
        let gold = crate::eval::load_gold(&text).with_context(|| format!("parsing gold file {}", path.display()))?;
        let report =
            crate::eval::evaluate(&gold, |podcast, slug| crate::eval::predict_from_graph(&graph, podcast, slug));
        println!("== {}", path.display());
        if args.misses {
            for m in &report.misses {
                println!("{m}");
            }
            println!();
        }
        println!("{report}");
    }
    Ok(())
}

/// `podgraph schema`: the SDL.
pub fn schema() -> anyhow::Result<()> {
    print!("{}", crate::schema::sdl());
    Ok(())
}

/// `podgraph export`: load, then write the nodes and edges in the chosen format.
pub fn export(args: ExportArgs) -> anyhow::Result<()> {
    let (graph, _) = load::load(&args.data).with_context(|| format!("loading data folder {}", args.data.display()))?;
    let create = |path: &std::path::Path| {
        std::fs::File::create(path)
            .map(std::io::BufWriter::new)
            .with_context(|| format!("cannot create {}", path.display()))
    };
    match (args.format, &args.out) {
        (ExportFormat::Csv, None) => {
            anyhow::bail!("--format csv writes nodes.csv and edges.csv: give the folder with --out")
        }
        (ExportFormat::Csv, Some(dir)) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create folder {}", dir.display()))?;
            let mut nodes = create(&dir.join("nodes.csv"))?;
            crate::export::write_nodes_csv(&graph, &mut nodes)?;
            nodes.flush()?;
            let mut edges = create(&dir.join("edges.csv"))?;
            crate::export::write_edges_csv(&graph, &mut edges)?;
            edges.flush()?;
        }
        (format, out) => {
            let mut sink: Box<dyn Write> = match out {
                Some(path) => Box::new(create(path)?),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            match format {
                ExportFormat::Graphml => crate::export::write_graphml(&graph, &mut sink)?,
                _ => crate::export::write_json(&graph, &mut sink)?,
            }
            sink.flush()?;
        }
    }
    let (nodes, edges) = graph.size();
    info!(nodes, edges, format = ?args.format, "exported");
    Ok(())
}
