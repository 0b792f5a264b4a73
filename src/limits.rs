//! Query safety: the async-graphql extension that enforces [`Limits`] on every operation
//! (HTTP and WebSocket alike) and reports each operation's cost.
//!
//! What is checked, in order, and where:
//! 1. document size, before anything is parsed (`prepare_request`);
//! 2. the document's shape, before async-graphql looks at it: fields and aliases counted
//!    after expanding fragments, and field depth. The count is memoised per fragment, so a
//!    "fragment bomb" (each fragment spreading the next one twice) is measured in linear
//!    time and refused, instead of being expanded by validation;
//! 3. the cost (complexity), from async-graphql's validation pass: a field costs 1, a list
//!    field annotated with [`connection_cost`] its page size times its selection;
//! 4. the time limit: every few fields the resolver hook looks at the clock; past the
//!    deadline every remaining field fails at once and the answer is one `TIMEOUT` error.
//!    (A timer alone cannot stop a CPU-bound execution: its task never returns to the
//!    runtime, and yielding does not help, as async-graphql's `FuturesUnordered` re-polls
//!    a yielding field in the same loop.) The deadline is the request's
//!    when the server gives one, else the limit from the start of execution (WebSocket).
//!
//! Each refusal is a GraphQL error with a message saying what to change and an
//! `extensions.code` (`DOCUMENT_TOO_LARGE`, `TOO_MANY_FIELDS`, `TOO_MANY_ALIASES`,
//! `QUERY_TOO_DEEP`, `QUERY_TOO_COMPLEX`). Every response that got as far as validation
//! carries `extensions.cost = { complexity, depth, maxComplexity, maxDepth }`.

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextPrepareRequest, NextRequest, NextResolve,
    NextValidation, ResolveInfo,
};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet};
use async_graphql::{
    ErrorExtensionValues, Name, Request, Response, ServerError, ServerResult, ValidationResult, Value,
};

use crate::config::Limits;
use crate::schema::page::{DEFAULT_PAGE, MAX_PAGE};

/// Cost of a list field with relay pagination, for `#[graphql(complexity = ...)]`:
/// its page size (`first` or `last`, capped at the largest page; the default page when
/// neither is given) times the cost of one item's selection, plus one for the field.
///
/// ```ignore
/// #[graphql(complexity = "crate::limits::connection_cost(first, last, child_complexity)")]
/// ```
pub fn connection_cost(first: Option<i32>, last: Option<i32>, child_complexity: usize) -> usize {
    let page = match first.or(last) {
        Some(n) => (n.max(0) as usize).min(MAX_PAGE),
        None => DEFAULT_PAGE,
    };
    1usize.saturating_add(page.max(1).saturating_mul(child_complexity))
}

/// Cost of a list field without pagination whose length is bounded by `max_items`.
pub fn list_cost(max_items: usize, child_complexity: usize) -> usize {
    1usize.saturating_add(max_items.max(1).saturating_mul(child_complexity))
}

/// Runs `fut` until `deadline`; `None` if it did not finish in time (it is then dropped,
/// which cancels it).
///
/// The deadline is checked against the clock at every poll as well as by a timer (which
/// wakes a future that waits); CPU-bound execution is stopped from inside, by the
/// resolver hook.
pub async fn within<F: std::future::Future>(deadline: std::time::Instant, fut: F) -> Option<F::Output> {
    use std::task::Poll;
    let mut fut = std::pin::pin!(fut);
    let mut alarm = std::pin::pin!(tokio::time::sleep_until(deadline.into()));
    std::future::poll_fn(|cx| {
        if std::time::Instant::now() >= deadline {
            return Poll::Ready(None);
        }
        if let Poll::Ready(v) = fut.as_mut().poll(cx) {
            return Poll::Ready(Some(v));
        }
        if alarm.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        Poll::Pending
    })
    .await
}

/// Nesting (selection sets and fragment spreads) beyond which a document is refused
/// before anything recursive looks at it.
const MAX_NESTING: usize = 64;
/// Every this many resolved fields, execution looks at the clock.
const YIELD_EVERY: usize = 16;

/// What one request may do and what it did, between the transport and the extension: the
/// server puts an `Arc<RequestProbe>` in the request data, the extension reads the
/// transport's rules from it and fills in what happened.
#[derive(Debug)]
pub struct RequestProbe {
    allow_mutations: bool,
    allow_subscriptions: bool,
    deadline: Option<std::time::Instant>,
    executed: AtomicBool,
    timed_out: AtomicBool,
    refused: Mutex<Option<OperationType>>,
    cost: Mutex<Option<Cost>>,
    operation: Mutex<Option<(OperationType, Option<String>)>>,
}

/// The computed cost of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    pub complexity: usize,
    pub depth: usize,
}

impl RequestProbe {
    /// A request on a transport that allows queries, and mutations and subscriptions as told.
    pub fn new(allow_mutations: bool, allow_subscriptions: bool) -> RequestProbe {
        RequestProbe {
            allow_mutations,
            allow_subscriptions,
            deadline: None,
            executed: AtomicBool::new(false),
            timed_out: AtomicBool::new(false),
            refused: Mutex::new(None),
            cost: Mutex::new(None),
            operation: Mutex::new(None),
        }
    }

    /// Execution must end by `deadline` (the request's own, which started before execution).
    pub fn with_deadline(mut self, deadline: std::time::Instant) -> RequestProbe {
        self.deadline = Some(deadline);
        self
    }

    /// Execution was stopped at the time limit.
    pub fn timed_out(&self) -> bool {
        self.timed_out.load(Ordering::Acquire)
    }

    /// The operation kind that was refused because the transport does not allow it.
    pub fn refused(&self) -> Option<OperationType> {
        *self.refused.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Execution started: any error in the response is a field error, not a request error
    /// (parse, validation, limits, unknown operation).
    pub fn executed(&self) -> bool {
        self.executed.load(Ordering::Acquire)
    }

    pub fn cost(&self) -> Option<Cost> {
        *self.cost.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The kind and name of the operation the request selected, once the document parsed.
    pub fn operation(&self) -> Option<(OperationType, Option<String>)> {
        self.operation.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The extension factory; register it before any other extension so it runs first.
pub struct QueryGuard {
    limits: Arc<Limits>,
}

impl QueryGuard {
    pub fn new(limits: &Limits) -> QueryGuard {
        QueryGuard { limits: Arc::new(limits.clone()) }
    }
}

impl ExtensionFactory for QueryGuard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(GuardExtension {
            limits: self.limits.clone(),
            cost: Mutex::new(None),
            probe: Mutex::new(None),
            resolved: AtomicUsize::new(0),
            deadline: Mutex::new(None),
            timed_out: AtomicBool::new(false),
        })
    }
}

struct GuardExtension {
    limits: Arc<Limits>,
    cost: Mutex<Option<Cost>>,
    probe: Mutex<Option<Arc<RequestProbe>>>,
    resolved: AtomicUsize,
    /// When execution must end (set when it starts).
    deadline: Mutex<Option<std::time::Instant>>,
    /// The deadline passed: every field still to resolve fails at once.
    timed_out: AtomicBool,
}

/// A request error with a machine-readable code and details.
pub fn limit_error(code: &str, message: String, details: &[(&str, usize)]) -> ServerError {
    let mut err = ServerError::new(message, None);
    let mut ext = ErrorExtensionValues::default();
    ext.set("code", code);
    for (k, v) in details {
        ext.set(*k, *v as u64);
    }
    err.extensions = Some(ext);
    err
}

impl GuardExtension {
    fn probe(&self) -> Option<Arc<RequestProbe>> {
        self.probe.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for GuardExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        let cost = *self.cost.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(cost) = cost {
            response = response.extension(
                "cost",
                async_graphql::value!({
                    "complexity": cost.complexity,
                    "depth": cost.depth,
                    "maxComplexity": self.limits.max_complexity,
                    "maxDepth": self.limits.max_depth,
                }),
            );
        }
        response
    }

    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let probe = request
            .data
            .get(&TypeId::of::<Arc<RequestProbe>>())
            .and_then(|d| d.downcast_ref::<Arc<RequestProbe>>())
            .cloned();
        *self.probe.lock().unwrap_or_else(|e| e.into_inner()) = probe.clone();

        let limits = &self.limits;
        if request.query.len() > limits.max_document_bytes {
            return Err(limit_error(
                "DOCUMENT_TOO_LARGE",
                format!(
                    "the query document is {} bytes; the limit is {} bytes",
                    request.query.len(),
                    limits.max_document_bytes
                ),
                &[("size", request.query.len()), ("limit", limits.max_document_bytes)],
            ));
        }
        if !request.query.is_empty() {
            let doc = async_graphql::parser::parse_query(&request.query).map_err(ServerError::from)?;
            check_shape(&doc, limits)?;
            if let Some(probe) = &probe {
                let operation = selected_operation(&doc, request.operation_name.as_deref());
                if let Some((ty, _)) = &operation {
                    let allowed = match ty {
                        OperationType::Query => true,
                        OperationType::Mutation => probe.allow_mutations,
                        OperationType::Subscription => probe.allow_subscriptions,
                    };
                    if !allowed {
                        *probe.refused.lock().unwrap_or_else(|e| e.into_inner()) = Some(*ty);
                        let (code, message) = match ty {
                            OperationType::Subscription => (
                                "SUBSCRIPTION_NEEDS_WEBSOCKET",
                                "subscriptions are served over WebSocket (graphql-transport-ws) only",
                            ),
                            _ => ("OPERATION_NOT_ALLOWED", "mutations are not allowed here; send them with POST"),
                        };
                        return Err(limit_error(code, message.to_string(), &[]));
                    }
                }
                *probe.operation.lock().unwrap_or_else(|e| e.into_inner()) = operation;
            }
            request.set_parsed_query(doc);
        }
        let prepared = next.run(ctx, request).await.map_err(|mut err| {
            if err.message == "PersistedQueryNotFound" {
                let mut ext = err.extensions.take().unwrap_or_default();
                ext.set("code", "PERSISTED_QUERY_NOT_FOUND");
                err.extensions = Some(ext);
            }
            err
        })?;
        Ok(prepared)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await?;
        let cost = Cost { complexity: result.complexity, depth: result.depth };
        *self.cost.lock().unwrap_or_else(|e| e.into_inner()) = Some(cost);
        if let Some(probe) = self.probe() {
            *probe.cost.lock().unwrap_or_else(|e| e.into_inner()) = Some(cost);
        }
        let limits = &self.limits;
        if cost.depth > limits.max_depth {
            return Err(vec![too_deep(cost.depth, limits.max_depth)]);
        }
        if cost.complexity > limits.max_complexity {
            return Err(vec![limit_error(
                "QUERY_TOO_COMPLEX",
                format!(
                    "the query costs {}; the limit is {}. Ask for smaller pages (`first`) or fewer nested lists",
                    cost.complexity, limits.max_complexity
                ),
                &[("cost", cost.complexity), ("limit", limits.max_complexity)],
            )]);
        }
        Ok(result)
    }

    /// Marks the request as executed and bounds execution by the time limit, whatever the
    /// transport: the request's deadline when the server gave one (it includes reading the
    /// body), else the limit from now (operations on a WebSocket).
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let probe = self.probe();
        if let Some(probe) = &probe {
            probe.executed.store(true, Ordering::Release);
        }
        let own = std::time::Instant::now() + self.limits.request_timeout();
        let deadline = probe.as_ref().and_then(|p| p.deadline).map_or(own, |d| d.min(own));
        *self.deadline.lock().unwrap_or_else(|e| e.into_inner()) = Some(deadline);
        let response = within(deadline, next.run(ctx, operation_name)).await;
        match response {
            Some(response) if !self.timed_out.load(Ordering::Acquire) => response,
            _ => {
                self.timed_out.store(true, Ordering::Release);
                if let Some(probe) = &probe {
                    probe.timed_out.store(true, Ordering::Release);
                }
                Response::from_errors(vec![limit_error(
                    "TIMEOUT",
                    format!("the request did not finish within {} ms", self.limits.request_timeout_ms),
                    &[("limit", self.limits.request_timeout_ms as usize)],
                )])
            }
        }
    }

    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        if self.timed_out.load(Ordering::Relaxed) {
            return Err(ServerError::new("timed out", None));
        }
        if self.resolved.fetch_add(1, Ordering::Relaxed) % YIELD_EVERY == YIELD_EVERY - 1 {
            let deadline = *self.deadline.lock().unwrap_or_else(|e| e.into_inner());
            if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
                self.timed_out.store(true, Ordering::Release);
                return Err(ServerError::new("timed out", None));
            }
        }
        next.run(ctx, info).await
    }
}

fn too_deep(depth: usize, limit: usize) -> ServerError {
    limit_error(
        "QUERY_TOO_DEEP",
        format!("the query nests fields {depth} deep; the limit is {limit}"),
        &[("depth", depth), ("limit", limit)],
    )
}

/// The operation a request runs: the named one, or the only one.
fn selected_operation(doc: &ExecutableDocument, name: Option<&str>) -> Option<(OperationType, Option<String>)> {
    match (&doc.operations, name) {
        (DocumentOperations::Single(op), _) => Some((op.node.ty, name.map(str::to_string))),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name).map(|op| (op.node.ty, Some(name.to_string()))),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.iter().next().map(|(n, op)| (op.node.ty, Some(n.to_string())))
        }
        _ => None,
    }
}

/// Fields, aliases and depth of a document, fragments expanded (saturating).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    pub fields: usize,
    pub aliases: usize,
    pub depth: usize,
    /// Selects `__schema` or `__type` (introspection; `__typename` is not).
    pub introspection: bool,
}

impl Shape {
    fn add(&mut self, other: Shape, extra_depth: usize) {
        self.fields = self.fields.saturating_add(other.fields);
        self.aliases = self.aliases.saturating_add(other.aliases);
        self.depth = self.depth.max(other.depth.saturating_add(extra_depth));
        self.introspection |= other.introspection;
    }
}

/// Measures a document without expanding anything twice. Unknown and cyclic fragments
/// count as empty here: validation reports them.
pub fn document_shape(doc: &ExecutableDocument) -> Result<Shape, ServerError> {
    let mut walker = ShapeWalker { doc, memo: HashMap::new(), visiting: Vec::new() };
    let mut total = Shape::default();
    for (_, op) in doc.operations.iter() {
        let s = walker.selection_set(&op.node.selection_set.node, 0)?;
        total.add(s, 0);
    }
    Ok(total)
}

struct ShapeWalker<'a> {
    doc: &'a ExecutableDocument,
    memo: HashMap<&'a Name, Shape>,
    visiting: Vec<&'a Name>,
}

impl<'a> ShapeWalker<'a> {
    fn selection_set(&mut self, set: &'a SelectionSet, nesting: usize) -> Result<Shape, ServerError> {
        if nesting > MAX_NESTING {
            return Err(limit_error(
                "QUERY_TOO_DEEP",
                format!("the query nests selections and fragments more than {MAX_NESTING} deep"),
                &[("limit", MAX_NESTING)],
            ));
        }
        let mut shape = Shape::default();
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let child = self.selection_set(&field.selection_set.node, nesting + 1)?;
                    let introspection = matches!(field.name.node.as_str(), "__schema" | "__type");
                    shape.add(Shape { fields: 1, aliases: field.alias.is_some() as usize, depth: 0, introspection }, 1);
                    shape.add(child, 1);
                }
                Selection::InlineFragment(inline) => {
                    let child = self.selection_set(&inline.node.selection_set.node, nesting + 1)?;
                    shape.add(child, 0);
                }
                Selection::FragmentSpread(spread) => {
                    let name = &spread.node.fragment_name.node;
                    if let Some(known) = self.memo.get(name) {
                        shape.add(*known, 0);
                        continue;
                    }
                    let Some(fragment) = self.doc.fragments.get(name) else { continue };
                    if self.visiting.contains(&name) {
                        continue;
                    }
                    self.visiting.push(name);
                    let child = self.selection_set(&fragment.node.selection_set.node, nesting + 1);
                    self.visiting.pop();
                    let child = child?;
                    self.memo.insert(name, child);
                    shape.add(child, 0);
                }
            }
        }
        Ok(shape)
    }
}

/// Refuses documents that select too many fields or aliases, or nest too deep.
pub fn check_shape(doc: &ExecutableDocument, limits: &Limits) -> Result<Shape, ServerError> {
    let shape = document_shape(doc)?;
    if shape.fields > limits.max_fields {
        return Err(limit_error(
            "TOO_MANY_FIELDS",
            format!(
                "the query selects {} fields (fragments expanded); the limit is {}",
                shape.fields, limits.max_fields
            ),
            &[("fields", shape.fields), ("limit", limits.max_fields)],
        ));
    }
    if shape.aliases > limits.max_aliases {
        return Err(limit_error(
            "TOO_MANY_ALIASES",
            format!(
                "the query uses {} aliases (fragments expanded); the limit is {}",
                shape.aliases, limits.max_aliases
            ),
            &[("aliases", shape.aliases), ("limit", limits.max_aliases)],
        ));
    }
    if shape.depth > limits.max_depth {
        return Err(too_deep(shape.depth, limits.max_depth));
    }
    if shape.introspection && !limits.introspection {
        return Err(limit_error(
            "INTROSPECTION_DISABLED",
            "introspection (`__schema`, `__type`) is disabled on this server".to_string(),
            &[],
        ));
    }
    Ok(shape)
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    fn shape(q: &str) -> Shape {
        document_shape(&async_graphql::parser::parse_query(q).unwrap()).unwrap()
    }

    #[test]
    fn shapes_count_fields_aliases_and_depth_through_fragments() {
        let s = |fields, aliases, depth| Shape { fields, aliases, depth, introspection: false };
        assert_eq!(shape("{ a }"), s(1, 0, 1));
        assert_eq!(shape("{ a { b c { d } } }"), s(4, 0, 3));
        assert_eq!(shape("{ x: a y: a { b } }"), s(3, 2, 2));
        let q = "{ a { ...F ...F } } fragment F on T { b { c } ... on T { d: e } }";
        assert_eq!(shape(q), s(7, 2, 3));
        assert!(shape("{ ...F } fragment F on Q { __type(name: \"Q\") { name } }").introspection);
        assert!(!shape("{ __typename }").introspection);
    }

    #[test]
    fn unknown_and_cyclic_fragments_are_left_to_validation() {
        assert_eq!(shape("{ a { ...Missing } }").fields, 1);
        assert_eq!(shape("{ a { ...A } } fragment A on T { b ...B } fragment B on T { c ...A }").fields, 3);
    }

    #[test]
    fn a_fragment_bomb_is_measured_quickly_and_refused() {
        let mut q = String::from("{ ...F0 }\n");
        for i in 0..60 {
            q.push_str(&format!("fragment F{i} on Q {{ ...F{n} ...F{n} }}\n", n = i + 1));
        }
        q.push_str("fragment F60 on Q { a }\n");
        let doc = async_graphql::parser::parse_query(&q).unwrap();
        let started = Instant::now();
        let err = check_shape(&doc, &Limits::default()).unwrap_err();
        assert!(started.elapsed().as_millis() < 100, "{:?}", started.elapsed());
        assert!(err.message.contains("fields"), "{}", err.message);
        assert_eq!(document_shape(&doc).unwrap().fields, 1 << 60);
    }

    #[test]
    fn nesting_beyond_the_hard_limit_is_refused_without_recursing_further() {
        let mut q = String::from("{ ...F0 }\n");
        for i in 0..200 {
            q.push_str(&format!("fragment F{i} on Q {{ ...F{} }}\n", i + 1));
        }
        q.push_str("fragment F200 on Q { a }\n");
        let err = document_shape(&async_graphql::parser::parse_query(&q).unwrap()).unwrap_err();
        assert!(err.message.contains("nests"), "{}", err.message);
    }

    /// A list annotated with `connection_cost` costs its page size times its selection,
    /// the guard reports that cost and refuses beyond the limit.
    #[tokio::test]
    async fn annotated_lists_cost_their_page_size() {
        use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};

        struct Item;
        #[Object]
        impl Item {
            async fn a(&self) -> i32 {
                1
            }
            async fn b(&self) -> i32 {
                2
            }
        }
        struct Q;
        #[Object]
        impl Q {
            #[graphql(complexity = "connection_cost(first, None, child_complexity)")]
            async fn items(&self, first: Option<i32>) -> Vec<Item> {
                (0..first.unwrap_or(1).clamp(0, 100)).map(|_| Item).collect()
            }
        }
        let limits = Limits { max_complexity: 150, ..Limits::default() };
        let schema = Schema::build(Q, EmptyMutation, EmptySubscription).extension(QueryGuard::new(&limits)).finish();
        let cost =
            |r: &Response| r.extensions.get("cost").cloned().map(|c| c.into_json().unwrap()["complexity"].clone());

        let r = schema.execute("{ items(first: 10) { a b } }").await;
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(cost(&r), Some(serde_json::json!(21)));
        let r = schema
            .execute(
                Request::new("query($n: Int) { items(first: $n) { a } }")
                    .variables(async_graphql::Variables::from_json(serde_json::json!({"n": 100}))),
            )
            .await;
        assert_eq!(cost(&r), Some(serde_json::json!(101)), "variables are resolved when costing");
        let r = schema.execute("{ items(first: 100) { a b } }").await;
        assert_eq!(cost(&r), Some(serde_json::json!(201)));
        let err = &r.errors[0];
        assert_eq!(err.extensions.as_ref().unwrap().get("code"), Some(&Value::from("QUERY_TOO_COMPLEX")));
        assert!(err.message.contains("costs 201; the limit is 150"), "{}", err.message);
    }

    #[test]
    fn connection_cost_follows_the_page_size() {
        assert_eq!(connection_cost(Some(10), None, 3), 31);
        assert_eq!(connection_cost(None, Some(5), 2), 11);
        assert_eq!(connection_cost(None, None, 1), 1 + DEFAULT_PAGE);
        assert_eq!(connection_cost(Some(100_000), None, 1), 1 + MAX_PAGE);
        assert_eq!(connection_cost(Some(-3), None, 4), 5, "an invalid page still costs one item");
        assert_eq!(connection_cost(Some(0), None, usize::MAX), usize::MAX);
    }
}

#[cfg(test)]
mod timeout_tests {
    use std::time::{Duration, Instant};

    use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};

    use super::*;

    /// Each item costs real CPU; 5,000 of them take far longer than 50 ms.
    struct Item;
    #[Object]
    impl Item {
        async fn a(&self) -> u64 {
            (0..20_000u64).fold(0u64, |x, i| x.wrapping_mul(31).wrapping_add(std::hint::black_box(i)))
        }
    }
    struct Q;
    #[Object]
    impl Q {
        async fn items(&self) -> Vec<Item> {
            (0..5000).map(|_| Item).collect()
        }
    }

    /// A CPU-bound execution in a busy task is still cut off at its deadline.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_cpu_bound_operation_stops_at_the_time_limit() {
        let limits = Limits { request_timeout_ms: 50, ..Limits::default() };
        let schema = Schema::build(Q, EmptyMutation, EmptySubscription).extension(QueryGuard::new(&limits)).finish();
        let started = Instant::now();
        let r = tokio::spawn(async move { schema.execute("{ items { a } }").await }).await.unwrap();
        let took = started.elapsed();
        assert!(took < Duration::from_millis(150), "stopped after {took:?}");
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        assert!(r.errors[0].message.contains("within 50 ms"), "{}", r.errors[0].message);
        assert_eq!(r.data, Value::Null);
        assert_eq!(r.data, Value::Null);
    }

    #[tokio::test]
    async fn within_returns_the_output_in_time_and_none_after() {
        let soon = Instant::now() + Duration::from_secs(5);
        assert_eq!(within(soon, async { 7 }).await, Some(7));
        let past = Instant::now() + Duration::from_millis(20);
        assert_eq!(within(past, std::future::pending::<()>()).await, None, "the alarm wakes a waiting future");
    }
}
