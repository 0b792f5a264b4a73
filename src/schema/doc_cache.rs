//! A bounded cache of parsed and validated GraphQL documents, keyed by the query text.
//!
//! async-graphql parses and validates every request from scratch; for a small query that is
//! most of the work. [`DocCache`] is an async-graphql extension that short-circuits both steps:
//!
//! * **parse**: the `parse_query` hook returns a clone of the cached [`ExecutableDocument`]
//!   instead of parsing (parsing is a pure function of the text, so this is exact). Documents
//!   that fail to parse are not cached.
//! * **validation**: the `validation` hook returns the cached [`ValidationResult`] when the same
//!   text was already validated successfully with the same operation name and the same
//!   variables. Validation is a pure function of (text, operation name, variables) — variables
//!   matter because async-graphql checks variable values against argument types during
//!   validation — so keying on all three keeps the behaviour exact: a request gets the very
//!   response and errors it would get without the cache. Failed validations are not cached.
//!
//! The cache is bounded twice: at most `capacity` documents (least recently used evicted), and
//! at most [`MAX_VALIDATIONS_PER_DOC`] validated variable sets per document (oldest dropped).
//! Query texts longer than [`MAX_QUERY_LEN`] bytes are never cached.
//!
//! Wiring: register it on the schema builder, nothing else changes (handlers keep calling
//! `schema.execute`):
//!
//! ```ignore
//! Schema::build(QueryRoot, EmptyMutation, EmptySubscription).extension(DocCache::new(1024)).finish()
//! ```

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest, NextValidation,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Request, ServerError, ServerResult, ValidationResult, Variables};
use lru::LruCache;

/// Longest query text that is cached (bytes).
pub const MAX_QUERY_LEN: usize = 64 * 1024;
/// Validated (operation name, variables) sets remembered per document.
pub const MAX_VALIDATIONS_PER_DOC: usize = 64;

/// One cached document and the variable sets it passed validation with.
struct Entry {
    doc: ExecutableDocument,
    /// (operation name, variables as JSON) → validation result.
    validated: Mutex<Vec<(ValidationKey, ValidationResult)>>,
}

type ValidationKey = (Option<String>, String);

struct Shared {
    docs: Mutex<LruCache<Arc<str>, Arc<Entry>>>,
    parse_hits: AtomicU64,
    parse_misses: AtomicU64,
    validation_hits: AtomicU64,
    validation_misses: AtomicU64,
}

/// The extension factory: create one per schema and register it with
/// `SchemaBuilder::extension`. Cloning shares the cache.
#[derive(Clone)]
pub struct DocCache {
    shared: Arc<Shared>,
}

/// Hit and miss counters since the cache was created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocCacheStats {
    pub parse_hits: u64,
    pub parse_misses: u64,
    pub validation_hits: u64,
    pub validation_misses: u64,
    pub documents: usize,
}

impl DocCache {
    /// A cache holding at most `capacity` documents (at least one).
    pub fn new(capacity: usize) -> DocCache {
        let cap = NonZeroUsize::new(capacity.max(1)).expect("capacity is at least 1");
        DocCache {
            shared: Arc::new(Shared {
                docs: Mutex::new(LruCache::new(cap)),
                parse_hits: AtomicU64::new(0),
                parse_misses: AtomicU64::new(0),
                validation_hits: AtomicU64::new(0),
                validation_misses: AtomicU64::new(0),
            }),
        }
    }

    pub fn stats(&self) -> DocCacheStats {
        let s = &self.shared;
        DocCacheStats {
            parse_hits: s.parse_hits.load(Ordering::Relaxed),
            parse_misses: s.parse_misses.load(Ordering::Relaxed),
            validation_hits: s.validation_hits.load(Ordering::Relaxed),
            validation_misses: s.validation_misses.load(Ordering::Relaxed),
            documents: s.docs.lock().map_or(0, |d| d.len()),
        }
    }
}

impl ExtensionFactory for DocCache {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(DocCacheExtension { shared: self.shared.clone(), request: Mutex::new(RequestState::default()) })
    }
}

#[derive(Default)]
struct RequestState {
    operation_name: Option<String>,
    variables_json: Option<String>,
    entry: Option<Arc<Entry>>,
}

/// The per-request half: remembers what the parse step found for the validation step.
struct DocCacheExtension {
    shared: Arc<Shared>,
    request: Mutex<RequestState>,
}

impl DocCacheExtension {
    fn state(&self) -> std::sync::MutexGuard<'_, RequestState> {
        self.request.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn variables_key(variables: &Variables) -> String {
    // `Variables` is an ordered map, so equal variables give equal JSON.
    serde_json::to_string(variables).unwrap_or_default()
}

#[async_trait::async_trait]
impl Extension for DocCacheExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let request = next.run(ctx, request).await?;
        self.state().operation_name = request.operation_name.clone();
        Ok(request)
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        if query.len() > MAX_QUERY_LEN {
            return next.run(ctx, query, variables).await;
        }
        let cached = self.shared.docs.lock().ok().and_then(|mut docs| docs.get(query).cloned());
        let (doc, entry) = match cached {
            Some(entry) => {
                self.shared.parse_hits.fetch_add(1, Ordering::Relaxed);
                (entry.doc.clone(), entry)
            }
            None => {
                self.shared.parse_misses.fetch_add(1, Ordering::Relaxed);
                let doc = next.run(ctx, query, variables).await?;
                let entry = Arc::new(Entry { doc: doc.clone(), validated: Mutex::new(Vec::new()) });
                if let Ok(mut docs) = self.shared.docs.lock() {
                    docs.put(Arc::from(query), entry.clone());
                }
                (doc, entry)
            }
        };
        let mut state = self.state();
        state.variables_json = Some(variables_key(variables));
        state.entry = Some(entry);
        Ok(doc)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let taken = {
            let mut state = self.state();
            match (state.entry.take(), state.variables_json.take()) {
                (Some(entry), Some(vars)) => Some((entry, (state.operation_name.clone(), vars))),
                _ => None,
            }
        };
        let Some((entry, key)) = taken else { return next.run(ctx).await };
        let known =
            entry.validated.lock().ok().and_then(|v| v.iter().find(|(k, _)| *k == key).map(|(_, result)| *result));
        if let Some(result) = known {
            self.shared.validation_hits.fetch_add(1, Ordering::Relaxed);
            return Ok(result);
        }
        self.shared.validation_misses.fetch_add(1, Ordering::Relaxed);
        let result = next.run(ctx).await?;
        if let Ok(mut validated) = entry.validated.lock() {
            if validated.len() >= MAX_VALIDATIONS_PER_DOC {
                validated.remove(0);
            }
            validated.push((key, result));
        }
        Ok(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};

    struct Q;
    #[Object]
    impl Q {
        async fn hello(&self, name: String) -> String {
            format!("hello {name}")
        }
    }

    fn schema(cache: Option<DocCache>) -> Schema<Q, EmptyMutation, EmptySubscription> {
        let b = Schema::build(Q, EmptyMutation, EmptySubscription);
        match cache {
            Some(c) => b.extension(c).finish(),
            None => b.finish(),
        }
    }

    fn req(q: &str, vars: serde_json::Value) -> Request {
        Request::new(q).variables(Variables::from_json(vars))
    }

    #[tokio::test]
    async fn same_responses_as_without_the_cache() {
        let cache = DocCache::new(8);
        let cached = schema(Some(cache.clone()));
        let plain = schema(None);
        let q = "query($n:String!){hello(name:$n)}";
        let cases = [
            (q, serde_json::json!({"n": "a"})),
            (q, serde_json::json!({"n": "a"})),
            (q, serde_json::json!({"n": "b"})),
            (q, serde_json::json!({"n": 5})),
            (q, serde_json::json!({"n": 5})),
            (q, serde_json::json!({})),
            ("{hello(name:\"x\")}", serde_json::json!({})),
            ("{hello(name:\"x\")}", serde_json::json!({})),
            ("{nope}", serde_json::json!({})),
            ("{nope}", serde_json::json!({})),
            ("{hello(", serde_json::json!({})),
        ];
        for (text, vars) in cases {
            let a = serde_json::to_value(cached.execute(req(text, vars.clone())).await).unwrap();
            let b = serde_json::to_value(plain.execute(req(text, vars.clone())).await).unwrap();
            assert_eq!(a, b, "{text} {vars}");
        }
        let s = cache.stats();
        assert!(s.parse_hits >= 6, "{s:?}");
        assert_eq!(s.validation_hits, 2, "{s:?}: repeated (text, variables) pairs that validated");
        assert_eq!(s.documents, 3, "{s:?}: the unparsable text is not cached");
    }

    #[tokio::test]
    async fn bounded() {
        let cache = DocCache::new(2);
        let s = schema(Some(cache.clone()));
        for i in 0..10 {
            let r = s.execute(Request::new(format!("{{hello(name:\"{i}\")}}"))).await;
            assert!(r.errors.is_empty());
        }
        assert_eq!(cache.stats().documents, 2);
    }
}
