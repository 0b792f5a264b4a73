//! Prometheus metrics, rendered in the text exposition format (version 0.0.4) on
//! `GET /metrics`. Hand-written on purpose: a few counters and one histogram family do not
//! need a metrics framework, and the output is tested line by line.
//!
//! Request figures are recorded by `server`; graph and load figures are read from the
//! [`GraphStore`] at scrape time, so they can never disagree with `/health`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::response_cache::CacheStats;
use crate::store::GraphStore;

/// Upper bounds of the latency histogram buckets, in seconds.
const BUCKETS: [f64; 14] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
/// Distinct operation names tracked; later names are counted as `other`, so a client
/// sending random names cannot grow the metrics without bound.
const MAX_OPERATIONS: usize = 100;
/// Longest operation name kept as a label.
const MAX_OPERATION_LEN: usize = 64;

/// How a GraphQL request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Executed without errors.
    Ok,
    /// Executed, with errors in some fields.
    FieldErrors,
    /// Refused before execution: parse, validation, variables or a limit.
    RequestError,
    /// Did not finish in time.
    Timeout,
}

impl Outcome {
    fn error_kind(self) -> Option<&'static str> {
        match self {
            Outcome::Ok => None,
            Outcome::FieldErrors => Some("field"),
            Outcome::RequestError => Some("request"),
            Outcome::Timeout => Some("timeout"),
        }
    }
}

#[derive(Debug, Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                self.counts[i] += 1;
            }
        }
        self.sum += seconds;
        self.count += 1;
    }
}

#[derive(Debug, Default, Clone)]
struct OperationStats {
    requests: u64,
    errors: BTreeMap<&'static str, u64>,
    latency: Histogram,
}

/// The process's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    operations: Mutex<BTreeMap<String, OperationStats>>,
    /// Responses by route, then status.
    http: Mutex<BTreeMap<String, BTreeMap<u16, u64>>>,
    websockets: AtomicI64,
}

impl Metrics {
    pub fn new() -> Metrics {
        Metrics::default()
    }

    /// Records one GraphQL request. `operation` is the operation's name, if any.
    pub fn observe_graphql(&self, operation: Option<&str>, outcome: Outcome, elapsed: Duration) {
        let mut ops = self.operations.lock().unwrap_or_else(|e| e.into_inner());
        // A name already counted (nearly every request) needs no new label string. Every key
        // is a label, and a label is its own label, so a name found as a key is its label.
        let known = operation.filter(|n| ops.contains_key(*n));
        let stats = match known {
            Some(name) => ops.get_mut(name).expect("checked just above"),
            None => {
                let label = operation_label(operation);
                let key =
                    if ops.contains_key(&label) || ops.len() < MAX_OPERATIONS { label } else { "other".to_string() };
                ops.entry(key).or_default()
            }
        };
        stats.requests += 1;
        if let Some(kind) = outcome.error_kind() {
            *stats.errors.entry(kind).or_default() += 1;
        }
        stats.latency.observe(elapsed.as_secs_f64());
    }

    /// Records one HTTP response (any route).
    pub fn observe_http(&self, route: &str, status: u16) {
        let mut http = self.http.lock().unwrap_or_else(|e| e.into_inner());
        match http.get_mut(route) {
            Some(by_status) => *by_status.entry(status).or_default() += 1,
            None => *http.entry(route.to_string()).or_default().entry(status).or_default() += 1,
        }
    }

    /// A WebSocket (subscription) connection opened (`+1`) or closed (`-1`).
    pub fn websocket(&self, delta: i64) {
        self.websockets.fetch_add(delta, Ordering::Relaxed);
    }

    /// The exposition text.
    pub fn render(&self, store: &GraphStore, answers: Option<CacheStats>) -> String {
        let mut out = String::with_capacity(8 * 1024);
        let ops = self.operations.lock().unwrap_or_else(|e| e.into_inner()).clone();

        header(&mut out, "podgraph_graphql_requests_total", "counter", "GraphQL requests, by operation name.");
        for (op, s) in &ops {
            let _ = writeln!(out, "podgraph_graphql_requests_total{{operation=\"{}\"}} {}", escape(op), s.requests);
        }
        header(
            &mut out,
            "podgraph_graphql_errors_total",
            "counter",
            "GraphQL requests that failed, by operation and kind (request: refused before execution; field: errors while executing; timeout).",
        );
        for (op, s) in &ops {
            for (kind, n) in &s.errors {
                let _ =
                    writeln!(out, "podgraph_graphql_errors_total{{operation=\"{}\",kind=\"{kind}\"}} {n}", escape(op));
            }
        }
        header(
            &mut out,
            "podgraph_graphql_request_duration_seconds",
            "histogram",
            "Time to answer a GraphQL request, by operation.",
        );
        for (op, s) in &ops {
            let op = escape(op);
            for (bound, n) in BUCKETS.iter().zip(s.latency.counts) {
                let _ = writeln!(
                    out,
                    "podgraph_graphql_request_duration_seconds_bucket{{operation=\"{op}\",le=\"{bound}\"}} {n}"
                );
            }
            let h = &s.latency;
            let _ = writeln!(
                out,
                "podgraph_graphql_request_duration_seconds_bucket{{operation=\"{op}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(out, "podgraph_graphql_request_duration_seconds_sum{{operation=\"{op}\"}} {}", h.sum);
            let _ = writeln!(out, "podgraph_graphql_request_duration_seconds_count{{operation=\"{op}\"}} {}", h.count);
        }

        header(&mut out, "podgraph_http_responses_total", "counter", "HTTP responses, by route and status code.");
        for (route, by_status) in self.http.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            for (status, n) in by_status {
                let _ = writeln!(
                    out,
                    "podgraph_http_responses_total{{route=\"{}\",status=\"{status}\"}} {n}",
                    escape(route)
                );
            }
        }
        gauge(
            &mut out,
            "podgraph_websocket_connections",
            "Open subscription (WebSocket) connections.",
            self.websockets.load(Ordering::Relaxed) as f64,
        );

        let snap = store.current();
        let g = &snap.graph;
        header(&mut out, "podgraph_graph_entities", "gauge", "Entities in the served graph, by kind.");
        for (kind, n) in [
            ("show", g.shows().len()),
            ("episode", g.episodes().len()),
            ("person", g.people().len()),
            ("appearance", g.appearances().len()),
            ("sponsor", g.sponsors().len()),
            ("sponsorship", g.sponsorships().len()),
            ("link", g.links().len()),
            ("pick", g.picks().len()),
        ] {
            let _ = writeln!(out, "podgraph_graph_entities{{kind=\"{kind}\"}} {n}");
        }
        let (nodes, edges) = g.size();
        gauge(&mut out, "podgraph_graph_nodes", "Nodes of the served graph.", nodes as f64);
        gauge(&mut out, "podgraph_graph_edges", "Edges of the served graph.", edges as f64);
        gauge(&mut out, "podgraph_ready", "1 once a graph is loaded and served.", store.is_ready() as u8 as f64);
        gauge(&mut out, "podgraph_data_version", "Version of the served graph (dataVersion).", snap.version as f64);
        gauge(
            &mut out,
            "podgraph_data_loaded_timestamp_seconds",
            "When the served graph was loaded (Unix time).",
            if store.is_ready() { snap.loaded_at.timestamp_millis() as f64 / 1000.0 } else { 0.0 },
        );
        let r = &snap.report;
        header(&mut out, "podgraph_load_pages", "gauge", "Pages of the served graph's load, by outcome.");
        for (outcome, n) in [
            ("read", r.pages_read),
            ("episode", r.episodes_loaded),
            ("skipped", r.skipped.len()),
            ("failed", r.failed.len()),
        ] {
            let _ = writeln!(out, "podgraph_load_pages{{outcome=\"{outcome}\"}} {n}");
        }
        header(&mut out, "podgraph_load_diagnostics", "gauge", "Diagnostics of the served graph's load, by severity.");
        let _ = writeln!(out, "podgraph_load_diagnostics{{severity=\"warning\"}} {}", r.warnings());
        let _ = writeln!(out, "podgraph_load_diagnostics{{severity=\"error\"}} {}", r.errors());

        let last = store.last_attempt();
        gauge(
            &mut out,
            "podgraph_last_load_success",
            "1 if the last load attempt (initial or reload) succeeded, 0 if it failed (the previous graph is still served).",
            last.as_ref().map_or(0.0, |a| a.error.is_none() as u8 as f64),
        );
        gauge(
            &mut out,
            "podgraph_last_load_timestamp_seconds",
            "When the last load attempt ended (Unix time).",
            last.as_ref().map_or(0.0, |a| a.at.timestamp_millis() as f64 / 1000.0),
        );
        gauge(
            &mut out,
            "podgraph_last_load_duration_seconds",
            "How long the last load attempt took.",
            last.as_ref().map_or(0.0, |a| a.duration.as_secs_f64()),
        );
        header(&mut out, "podgraph_reloads_total", "counter", "Reloads since start, by result.");
        let _ = writeln!(out, "podgraph_reloads_total{{result=\"success\"}} {}", store.reload_count());
        let _ = writeln!(out, "podgraph_reloads_total{{result=\"failure\"}} {}", store.failed_reload_count());

        if let Some(c) = answers {
            header(
                &mut out,
                "podgraph_response_cache_requests_total",
                "counter",
                "GraphQL requests looked up in the response cache, by result.",
            );
            let _ = writeln!(out, "podgraph_response_cache_requests_total{{result=\"hit\"}} {}", c.hits);
            let _ = writeln!(out, "podgraph_response_cache_requests_total{{result=\"miss\"}} {}", c.misses);
            gauge(&mut out, "podgraph_response_cache_entries", "Answers kept in the response cache.", c.entries as f64);
            gauge(
                &mut out,
                "podgraph_response_cache_bytes",
                "Bytes of requests and answers kept in the response cache.",
                c.bytes as f64,
            );
        }
        if let Some(rss) = crate::memory::resident_bytes() {
            gauge(&mut out, "process_resident_memory_bytes", "Resident memory size in bytes.", rss as f64);
        }
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        gauge(
            &mut out,
            "podgraph_scrape_timestamp_seconds",
            "When this page was rendered (Unix time).",
            now.as_secs_f64(),
        );
        out
    }
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

fn gauge(out: &mut String, name: &str, help: &str, value: f64) {
    header(out, name, "gauge", help);
    let _ = writeln!(out, "{name} {value}");
}

/// A bounded, printable label for an operation name.
fn operation_label(name: Option<&str>) -> String {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        None => "anonymous".to_string(),
        Some(n) => {
            let clean: String =
                n.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(MAX_OPERATION_LEN).collect();
            if clean.is_empty() { "other".to_string() } else { clean }
        }
    }
}

/// Escapes a label value (backslash, double quote, newline).
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// Every line is a comment or `name{labels} value` with a numeric value, and every
    /// sample's family was declared with a TYPE line before it.
    fn assert_exposition_format(text: &str) {
        let mut typed = std::collections::HashSet::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                let mut parts = rest.split(' ');
                typed.insert(parts.next().unwrap().to_string());
                assert!(matches!(parts.next(), Some("counter" | "gauge" | "histogram")), "{line}");
                continue;
            }
            if line.starts_with("# HELP ") {
                continue;
            }
            let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("no value: {line}"));
            assert!(value.parse::<f64>().is_ok(), "value of {line}");
            let name = series.split('{').next().unwrap();
            assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{line}");
            let family = ["_bucket", "_sum", "_count"].iter().fold(name, |n, s| n.strip_suffix(s).unwrap_or(n));
            assert!(typed.contains(name) || typed.contains(family), "no TYPE before {line}");
            if let Some(labels) = series.strip_prefix(name)
                && !labels.is_empty()
            {
                assert!(labels.starts_with('{') && labels.ends_with('}'), "{line}");
            }
        }
    }

    #[test]
    fn renders_valid_exposition_text_with_bounded_labels() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data");
        let store = GraphStore::open(&dir).unwrap();
        let m = Metrics::new();
        m.observe_graphql(Some("Episode"), Outcome::Ok, Duration::from_millis(3));
        m.observe_graphql(Some("Episode"), Outcome::FieldErrors, Duration::from_millis(30));
        m.observe_graphql(None, Outcome::RequestError, Duration::from_micros(100));
        m.observe_graphql(Some("we\"ird\nname"), Outcome::Timeout, Duration::from_secs(11));
        for i in 0..500 {
            m.observe_graphql(Some(&format!("Random{i}")), Outcome::Ok, Duration::from_millis(1));
        }
        m.observe_http("/graphql", 200);
        let text = m.render(&store, Some(CacheStats { hits: 3, misses: 1, entries: 1, bytes: 500 }));
        assert_exposition_format(&text);
        assert!(text.contains("podgraph_graphql_requests_total{operation=\"Episode\"} 2"), "{text}");
        assert!(text.contains("podgraph_graphql_errors_total{operation=\"Episode\",kind=\"field\"} 1"));
        assert!(text.contains("podgraph_graphql_errors_total{operation=\"anonymous\",kind=\"request\"} 1"));
        assert!(text.contains("podgraph_response_cache_requests_total{result=\"hit\"} 3"), "{text}");
        assert!(text.contains("podgraph_response_cache_bytes 500"), "{text}");
        assert!(text.contains("podgraph_graphql_errors_total{operation=\"weirdname\",kind=\"timeout\"} 1"));
        assert!(
            text.contains("podgraph_graphql_request_duration_seconds_bucket{operation=\"Episode\",le=\"0.005\"} 1")
        );
        assert!(text.contains("podgraph_graphql_request_duration_seconds_bucket{operation=\"Episode\",le=\"+Inf\"} 2"));
        assert!(text.contains("podgraph_graphql_requests_total{operation=\"other\"}"), "names beyond the cap pool");
        let operations = text.lines().filter(|l| l.starts_with("podgraph_graphql_requests_total{")).count();
        assert_eq!(operations, MAX_OPERATIONS + 1);
        assert!(text.contains("podgraph_graph_entities{kind=\"episode\"} 6"));
        assert!(text.contains("podgraph_ready 1"));
        assert!(text.contains("podgraph_last_load_success 1"));
        assert!(text.contains("podgraph_reloads_total{result=\"failure\"} 0"));
    }
}
