//! Answers already computed. The graph is immutable and every query field reads only the
//! snapshot, so a successful answer is a function of the snapshot's version and the request's
//! bytes: the server keeps recent answers, bounded in bytes, and serves a repeat without
//! parsing, validating or executing it again. A reload changes the version, which empties
//! the cache; nothing is ever served from an older graph.
//!
//! Only answers without errors are kept (never refusals, field errors or timeouts), so every
//! limit still applies to the first request of a kind, and a hit answers exactly what the
//! first one did (its `extensions.cost` included).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use lru::LruCache;

/// Which of the request's bytes identify it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestForm {
    /// A POST with `Content-Type: application/json`: the body.
    PostJson,
    /// A POST with `Content-Type: application/graphql`: the body is the query.
    PostGraphql,
    /// A GET: the URL's query string.
    Get,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    form: RequestForm,
    request: Bytes,
}

/// A kept answer: the serialised JSON body and the operation's name (for metrics).
#[derive(Debug, Clone)]
pub struct Answer {
    pub body: Bytes,
    pub operation: Option<String>,
}

/// Counters since start, for `/metrics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub hits: u64,
    pub misses: u64,
    pub entries: usize,
    pub bytes: usize,
}

/// Bookkeeping cost of one entry beyond its bytes (key, value and LRU node).
const ENTRY_OVERHEAD: usize = 96;

struct Inner {
    version: u64,
    entries: LruCache<Key, Answer>,
    bytes: usize,
}

/// A bounded, least-recently-used cache of successful answers, shared by all requests.
pub struct ResponseCache {
    max_bytes: usize,
    inner: Mutex<Inner>,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl std::fmt::Debug for ResponseCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseCache").field("max_bytes", &self.max_bytes).field("stats", &self.stats()).finish()
    }
}

impl ResponseCache {
    /// A cache holding at most `max_bytes` of requests and answers.
    pub fn new(max_bytes: usize) -> ResponseCache {
        ResponseCache {
            max_bytes,
            inner: Mutex::new(Inner { version: 0, entries: LruCache::unbounded(), bytes: 0 }),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The answer to `request` computed on graph `version`, if kept.
    pub fn get(&self, version: u64, form: RequestForm, request: &Bytes) -> Option<Answer> {
        let key = Key { form, request: request.clone() };
        let found = {
            let mut inner = self.lock();
            inner.follow(version);
            inner.entries.get(&key).cloned()
        };
        let counter = if found.is_some() { &self.hits } else { &self.misses };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    /// Keeps the answer to `request` computed on graph `version`. An answer from a graph
    /// older than the newest one seen is dropped; one larger than an eighth of the cache too,
    /// so a few huge answers cannot flush everything else.
    pub fn put(&self, version: u64, form: RequestForm, request: Bytes, answer: Answer) {
        let cost = entry_cost(&request, &answer);
        if cost > self.max_bytes / 8 {
            return;
        }
        let mut inner = self.lock();
        if version < inner.version {
            return;
        }
        inner.follow(version);
        if let Some((_, old)) = inner.entries.push(Key { form, request: request.clone() }, answer) {
            // The cache is unbounded by count, so `push` only returns an entry it replaced.
            inner.bytes -= entry_cost(&request, &old);
        }
        inner.bytes += cost;
        while inner.bytes > self.max_bytes {
            match inner.entries.pop_lru() {
                Some((key, old)) => inner.bytes -= entry_cost(&key.request, &old),
                None => break,
            }
        }
    }

    pub fn stats(&self) -> CacheStats {
        let inner = self.lock();
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries: inner.entries.len(),
            bytes: inner.bytes,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // The state is consistent after every statement, so a panic elsewhere cannot break it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Inner {
    /// Forgets everything when a newer graph is served.
    fn follow(&mut self, version: u64) {
        if version > self.version {
            self.entries.clear();
            self.bytes = 0;
            self.version = version;
        }
    }
}

/// What one entry counts against the budget.
fn entry_cost(request: &Bytes, answer: &Answer) -> usize {
    request.len() + answer.body.len() + ENTRY_OVERHEAD
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(text: &str) -> Answer {
        Answer { body: Bytes::from(text.to_string()), operation: Some("Op".into()) }
    }

    #[test]
    fn serves_a_repeat_of_the_same_request_and_version() {
        let cache = ResponseCache::new(1 << 20);
        let req = Bytes::from_static(b"{\"query\":\"{ a }\"}");
        assert!(cache.get(1, RequestForm::PostJson, &req).is_none());
        cache.put(1, RequestForm::PostJson, req.clone(), answer("{\"data\":{\"a\":1}}"));
        let hit = cache.get(1, RequestForm::PostJson, &req).expect("kept");
        assert_eq!(hit.body, Bytes::from_static(b"{\"data\":{\"a\":1}}"));
        assert!(cache.get(1, RequestForm::Get, &req).is_none(), "the form is part of the key");
        let s = cache.stats();
        assert_eq!((s.hits, s.misses, s.entries), (1, 2, 1));
    }

    #[test]
    fn a_newer_graph_empties_it_and_older_answers_are_dropped() {
        let cache = ResponseCache::new(1 << 20);
        let req = Bytes::from_static(b"q");
        cache.put(1, RequestForm::Get, req.clone(), answer("old"));
        assert!(cache.get(2, RequestForm::Get, &req).is_none(), "version 2 must not see version 1's answer");
        assert_eq!(cache.stats().entries, 0);
        // A request that started on version 1 finishes after the reload: not kept.
        cache.put(1, RequestForm::Get, req.clone(), answer("old"));
        assert!(cache.get(2, RequestForm::Get, &req).is_none());
        cache.put(2, RequestForm::Get, req.clone(), answer("new"));
        assert_eq!(cache.get(2, RequestForm::Get, &req).unwrap().body, Bytes::from_static(b"new"));
    }

    #[test]
    fn stays_within_its_byte_budget_dropping_the_least_recently_used() {
        let cache = ResponseCache::new(8 * 1024);
        let body = "x".repeat(700);
        for i in 0..100 {
            cache.put(1, RequestForm::Get, Bytes::from(format!("q{i}")), answer(&body));
            assert!(cache.stats().bytes <= 8 * 1024);
        }
        assert!(cache.get(1, RequestForm::Get, &Bytes::from("q99")).is_some(), "the newest is kept");
        assert!(cache.get(1, RequestForm::Get, &Bytes::from("q0")).is_none(), "the oldest went first");
        // Replacing an entry does not count its bytes twice.
        let before = cache.stats().bytes;
        cache.put(1, RequestForm::Get, Bytes::from("q99"), answer(&body));
        assert_eq!(cache.stats().bytes, before);
        // Too large for the budget: not kept, nothing else evicted.
        cache.put(1, RequestForm::Get, Bytes::from("big"), answer(&"y".repeat(4096)));
        assert!(cache.get(1, RequestForm::Get, &Bytes::from("big")).is_none());
        assert_eq!(cache.stats().bytes, before);
    }
}
