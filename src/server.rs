//! HTTP: the axum router, the GraphQL-over-HTTP handler, WebSocket subscriptions,
//! `/health`, `/ready`, `/metrics`, and shutdown. Only module that knows HTTP, with `web`
//! (the browser pages), whose routes it mounts.
//!
//! `/graphql` follows the GraphQL over HTTP spec (checked by the `graphql-http` audit in
//! `scripts/http-audit.sh`):
//! - the response media type follows `Accept` (`application/graphql-response+json` or
//!   `application/json`; `*/*` or none means JSON); nothing acceptable is 406;
//! - POST takes `application/json` (or `application/graphql`, the body being the query);
//!   GET takes `query`, `operationName`, `variables` and `extensions` in the URL and runs
//!   queries only (a mutation is 405);
//! - malformed requests (bad JSON, a `variables` that is not a map, no `query`) are 400;
//! - a request that fails before execution (parse, validation, variables, limits) has no
//!   `data` key and, under `application/graphql-response+json`, status 400; under
//!   `application/json` it is 200, as the spec asks for legacy clients.
//!
//! `GET /graphql` from a browser asking for HTML is the GraphiQL playground, and
//! `/dashboard` and `/assets/...` are the other browser pages (both from `web`, which serves
//! them from the binary); with a WebSocket upgrade `GET /graphql` is the subscription
//! endpoint (`graphql-transport-ws`, `graphql-ws`). Pages, scripts, styles and GraphQL answers
//! of 4 KiB or more are compressed (gzip or brotli) when the client accepts it.
//!
//! Each GraphQL request runs against the snapshot current when it arrived.

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::parser::types::OperationType;
use async_graphql::{Data, Variables};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, MatchedPath, Request, State, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::cors::{AllowOrigin, Any, CorsLayer};
use tower_http::trace::TraceLayer;
use tracing::{debug, error, warn};

use crate::config::Limits;
use crate::limits::RequestProbe;
use crate::metrics::{Metrics, Outcome};
use crate::response_cache::{Answer, RequestForm, ResponseCache};
use crate::schema::PodgraphSchema;
use crate::store::GraphStore;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub schema: PodgraphSchema,
    pub store: Arc<GraphStore>,
    pub limits: Arc<Limits>,
    pub metrics: Arc<Metrics>,
    /// Serve GraphiQL to browsers.
    pub graphiql: bool,
    /// Origins allowed by CORS; empty: no CORS headers at all.
    cors_origins: Arc<Vec<HeaderValue>>,
    cors_any: bool,
    subscriptions: Arc<Semaphore>,
    /// Successful answers by request, for the graph being served (`None`: off).
    answers: Option<Arc<ResponseCache>>,
}

impl AppState {
    /// State serving `store` with `limits` (the schema is built from them), GraphiQL on
    /// and no CORS.
    pub fn new(store: Arc<GraphStore>, limits: Limits) -> AppState {
        let schema = crate::schema::build_schema(&limits);
        AppState::with_schema(store, limits, schema)
    }

    /// State around an already-built schema (benchmarks compare schema variants).
    pub fn with_schema(store: Arc<GraphStore>, limits: Limits, schema: PodgraphSchema) -> AppState {
        AppState {
            schema,
            store,
            subscriptions: Arc::new(Semaphore::new(limits.max_subscriptions)),
            answers: (limits.response_cache_bytes > 0)
                .then(|| Arc::new(ResponseCache::new(limits.response_cache_bytes))),
            limits: Arc::new(limits),
            metrics: Arc::new(Metrics::new()),
            graphiql: true,
            cors_origins: Arc::new(Vec::new()),
            cors_any: false,
        }
    }

    pub fn with_graphiql(mut self, on: bool) -> AppState {
        self.graphiql = on;
        self
    }

    /// Allows browsers on these origins (`https://dash.example.org`, or `*` for any).
    pub fn with_cors_origins(mut self, origins: &[String]) -> anyhow::Result<AppState> {
        let mut values = Vec::new();
        for origin in origins.iter().map(|o| o.trim()).filter(|o| !o.is_empty()) {
            if origin == "*" {
                self.cors_any = true;
            } else {
                values.push(
                    HeaderValue::from_str(origin)
                        .map_err(|_| anyhow::anyhow!("CORS origin {origin:?} is not a valid header value"))?,
                );
            }
        }
        self.cors_origins = Arc::new(values);
        Ok(self)
    }

    fn cors(&self) -> Option<CorsLayer> {
        let origin = if self.cors_any {
            AllowOrigin::from(Any)
        } else if !self.cors_origins.is_empty() {
            AllowOrigin::list(self.cors_origins.iter().cloned())
        } else {
            return None;
        };
        Some(
            CorsLayer::new()
                .allow_origin(origin)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE, header::ACCEPT])
                .max_age(std::time::Duration::from_secs(3600)),
        )
    }
}

/// The application router. Tests drive it without a socket (`tower::ServiceExt::oneshot`).
pub fn app(state: AppState) -> Router {
    let cors = tower::util::option_layer(state.cors());
    Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/health", get(health))
        .route("/ready", get(ready))
        .route("/metrics", get(metrics))
        .merge(crate::web::routes())
        .layer(cors)
        .layer(CompressionLayer::new().compress_when(DefaultPredicate::new().and(WorthCompressing)))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(middleware::from_fn_with_state(state.clone(), record_http))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// What the compression layer compresses (gzip or brotli, when the client accepts one): the
/// browser pages and our own scripts and styles (vendor files arrive precompressed and pass
/// through untouched), and GraphQL answers of 4 KiB or more (introspection, dashboard
/// panels). Smaller answers, errors and the operational endpoints are sent as they are.
#[derive(Clone, Copy)]
struct WorthCompressing;

impl Predicate for WorthCompressing {
    fn should_compress<B: axum::body::HttpBody>(&self, response: &axum::http::Response<B>) -> bool {
        if response.status() != StatusCode::OK {
            return false;
        }
        let content_type = header_str(response.headers(), header::CONTENT_TYPE).unwrap_or("");
        let web = ["text/html", "text/css", "text/javascript", "image/svg+xml"];
        if web.iter().any(|t| content_type.starts_with(t)) {
            return true;
        }
        let json = content_type.starts_with("application/json")
            || content_type.starts_with("application/graphql-response+json");
        json && response.body().size_hint().exact().is_some_and(|n| n >= 4096)
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then finishes in-flight requests.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown).await
}

// ---------------------------------------------------------------------------------------
// GraphQL over HTTP

/// The response media types this server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    GraphqlResponseJson,
    Json,
}

impl MediaType {
    fn content_type(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            MediaType::GraphqlResponseJson => "application/graphql-response+json; charset=utf-8",
            MediaType::Json => "application/json; charset=utf-8",
        })
    }
}

/// Chooses the response media type from an `Accept` header: the highest `q` wins, the
/// GraphQL media type wins a tie, and `*/*` or `application/*` mean JSON. `None` when
/// nothing acceptable is listed (the caller answers 406).
pub fn negotiate(accept: Option<&str>) -> Option<MediaType> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Some(MediaType::Json);
    };
    let mut best: Option<(f32, u8, MediaType)> = None;
    let mut refused = Vec::new();
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| {
                let (k, v) = p.split_once('=')?;
                k.trim().eq_ignore_ascii_case("q").then(|| v.trim().parse::<f32>().unwrap_or(0.0))
            })
            .next()
            .unwrap_or(1.0);
        let (kind, preference) = match media.as_str() {
            "application/graphql-response+json" => (MediaType::GraphqlResponseJson, 3),
            "application/json" => (MediaType::Json, 2),
            "application/*" | "*/*" => (MediaType::Json, 1),
            _ => continue,
        };
        if q <= 0.0 {
            if preference > 1 {
                refused.push(kind);
            }
            continue;
        }
        if best.is_none_or(|(bq, bp, _)| q > bq || (q == bq && preference > bp)) {
            best = Some((q, preference, kind));
        }
    }
    best.filter(|(_, preference, kind)| *preference > 1 || !refused.contains(kind)).map(|(_, _, kind)| kind)
}

/// A request refused by the transport: status, code and message.
struct Refusal {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl Refusal {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Refusal {
        Refusal { status, code, message: message.into() }
    }

    fn bad_request(message: impl Into<String>) -> Refusal {
        Refusal::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", message)
    }

    fn into_response(self, media: MediaType) -> Response {
        let body = json!({"errors": [{"message": self.message, "extensions": {"code": self.code}}]});
        let mut response = (self.status, body.to_string()).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, media.content_type());
        response
    }
}

async fn graphql_post(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let started = Instant::now();
    let Some(media) = negotiate(header_str(&headers, header::ACCEPT)) else {
        return not_acceptable();
    };
    let deadline = tokio::time::Instant::from_std(started + state.limits.request_timeout());
    let (form, bytes) =
        match tokio::time::timeout_at(deadline, read_post(&headers, body, state.limits.max_body_bytes)).await {
            Ok(Ok(read)) => read,
            Ok(Err(refusal)) => return refusal.into_response(media),
            Err(_) => {
                return Refusal::new(
                    StatusCode::REQUEST_TIMEOUT,
                    "REQUEST_TIMEOUT",
                    "the request body did not arrive in time",
                )
                .into_response(media);
            }
        };
    if let Some(hit) = cached_answer(&state, form, &bytes, media, started) {
        return hit;
    }
    let request = match post_request(form, &bytes) {
        Ok(request) => request,
        Err(refusal) => return refusal.into_response(media),
    };
    let probe = Arc::new(RequestProbe::new(true, false).with_deadline(deadline.into_std()));
    execute(&state, request, probe, media, started, deadline, Some((form, bytes))).await
}

/// Checks a POST's content type and length and reads its body.
async fn read_post(headers: &HeaderMap, body: Body, limit: usize) -> Result<(RequestForm, Bytes), Refusal> {
    let content_type = header_str(headers, header::CONTENT_TYPE).unwrap_or("");
    let mut parts = content_type.split(';');
    let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset_ok = parts.all(|p| match p.split_once('=') {
        Some((k, v)) if k.trim().eq_ignore_ascii_case("charset") => {
            v.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
        }
        _ => true,
    });
    let form = match media.as_str() {
        "application/json" if charset_ok => RequestForm::PostJson,
        "application/graphql" if charset_ok => RequestForm::PostGraphql,
        "" => {
            return Err(Refusal::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "UNSUPPORTED_MEDIA_TYPE",
                "a POST needs `Content-Type: application/json`",
            ));
        }
        _ => {
            return Err(Refusal::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "UNSUPPORTED_MEDIA_TYPE",
                format!("unsupported content type {content_type:?}; send application/json (UTF-8)"),
            ));
        }
    };
    if let Some(length) = header_str(headers, header::CONTENT_LENGTH).and_then(|l| l.parse::<u64>().ok())
        && length > limit as u64
    {
        return Err(body_too_large(limit));
    }
    Ok((form, read_body(body, limit).await?))
}

/// The GraphQL request in a POST body.
fn post_request(form: RequestForm, bytes: &Bytes) -> Result<async_graphql::Request, Refusal> {
    if form == RequestForm::PostGraphql {
        let query = String::from_utf8(bytes.to_vec()).map_err(|_| Refusal::bad_request("the body is not UTF-8"))?;
        return Ok(async_graphql::Request::new(query));
    }
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| Refusal::bad_request(format!("the body is not valid JSON: {e}")))?;
    let Value::Object(params) = value else {
        return Err(Refusal::bad_request(if value.is_array() {
            "batched requests are not supported; send one request per POST"
        } else {
            "the body must be a JSON object with a `query`"
        }));
    };
    graphql_request(params)
}

fn body_too_large(limit: usize) -> Refusal {
    Refusal::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "BODY_TOO_LARGE",
        format!("the request body is larger than the limit of {limit} bytes"),
    )
}

async fn read_body(body: Body, limit: usize) -> Result<Bytes, Refusal> {
    use http_body_util::{BodyExt, LengthLimitError, Limited};
    // A body in one chunk (nearly all of them) comes out of `to_bytes` without a copy.
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(err) if err.is::<LengthLimitError>() => Err(body_too_large(limit)),
        Err(_) => Err(Refusal::bad_request("the request body could not be read")),
    }
}

/// The GraphQL request in a map of parameters (a POST body, or a GET's URL parameters
/// with `variables` and `extensions` already decoded from JSON).
fn graphql_request(mut params: Map<String, Value>) -> Result<async_graphql::Request, Refusal> {
    let query = match params.remove("query") {
        Some(Value::String(q)) => q,
        None | Some(Value::Null) => String::new(),
        Some(_) => return Err(Refusal::bad_request("`query` must be a string")),
    };
    let operation_name = match params.remove("operationName") {
        Some(Value::String(name)) => Some(name),
        None | Some(Value::Null) => None,
        Some(_) => return Err(Refusal::bad_request("`operationName` must be a string")),
    };
    let variables = match params.remove("variables") {
        Some(v @ Value::Object(_)) => Variables::from_json(v),
        None | Some(Value::Null) => Variables::default(),
        Some(_) => return Err(Refusal::bad_request("`variables` must be a map")),
    };
    let extensions = match params.remove("extensions") {
        Some(Value::Object(map)) => map,
        None | Some(Value::Null) => Map::new(),
        Some(_) => return Err(Refusal::bad_request("`extensions` must be a map")),
    };
    if query.is_empty() && !extensions.contains_key("persistedQuery") {
        return Err(Refusal::bad_request("the request has no `query`"));
    }
    let mut request = async_graphql::Request::new(query).variables(variables);
    if let Some(name) = operation_name {
        request = request.operation_name(name);
    }
    for (key, value) in extensions {
        let value = async_graphql::Value::from_json(value).unwrap_or_default();
        request.extensions.0.insert(key, value);
    }
    Ok(request)
}

async fn graphql_get(State(state): State<AppState>, req: Request) -> Response {
    let started = Instant::now();
    let (mut parts, _body) = req.into_parts();
    if parts.headers.get(header::UPGRADE).is_some_and(|u| u.as_bytes().eq_ignore_ascii_case(b"websocket")) {
        return websocket(state, &mut parts).await;
    }
    let params: Vec<(String, String)> =
        parts.uri.query().map(|q| url::form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default();
    let has_request = params.iter().any(|(k, _)| k == "query" || k == "extensions");
    let accept = header_str(&parts.headers, header::ACCEPT);
    if !has_request && accept.is_some_and(|a| a.contains("text/html")) && state.graphiql {
        return crate::web::playground(&parts.headers);
    }
    let Some(media) = negotiate(accept) else {
        return not_acceptable();
    };
    let key = state.answers.is_some().then(|| Bytes::copy_from_slice(parts.uri.query().unwrap_or("").as_bytes()));
    if let Some(hit) = key.as_ref().and_then(|key| cached_answer(&state, RequestForm::Get, key, media, started)) {
        return hit;
    }
    let mut map = Map::new();
    for (key, value) in params {
        let value = match key.as_str() {
            "variables" | "extensions" => match serde_json::from_str::<Value>(&value) {
                Ok(v) => v,
                Err(_) => return Refusal::bad_request(format!("`{key}` is not valid JSON")).into_response(media),
            },
            _ => Value::String(value),
        };
        map.insert(key, value);
    }
    let request = match graphql_request(map) {
        Ok(request) => request,
        Err(refusal) => return refusal.into_response(media),
    };
    let deadline = tokio::time::Instant::from_std(started + state.limits.request_timeout());
    let probe = Arc::new(RequestProbe::new(false, false).with_deadline(deadline.into_std()));
    execute(&state, request, probe, media, started, deadline, key.map(|key| (RequestForm::Get, key))).await
}

/// A kept answer to these request bytes on the graph being served, if any.
fn cached_answer(
    state: &AppState,
    form: RequestForm,
    request: &Bytes,
    media: MediaType,
    started: Instant,
) -> Option<Response> {
    let cache = state.answers.as_ref()?;
    if !state.store.is_ready() {
        return None;
    }
    let answer = cache.get(state.store.current().version, form, request)?;
    state.metrics.observe_graphql(answer.operation.as_deref(), Outcome::Ok, started.elapsed());
    let mut http = (StatusCode::OK, answer.body).into_response();
    http.headers_mut().insert(header::CONTENT_TYPE, media.content_type());
    http.headers_mut().insert(CACHE_HEADER, HeaderValue::from_static("hit"));
    Some(http)
}

/// Says whether an answer came from the response cache (`hit`) or was computed (`miss`).
pub const CACHE_HEADER: &str = "x-podgraph-cache";

/// Runs one GraphQL request on the current snapshot and answers it; records metrics.
async fn execute(
    state: &AppState,
    request: async_graphql::Request,
    probe: Arc<RequestProbe>,
    media: MediaType,
    started: Instant,
    deadline: tokio::time::Instant,
    cache_key: Option<(RequestForm, Bytes)>,
) -> Response {
    if !state.store.is_ready() {
        let mut response = Refusal::new(StatusCode::SERVICE_UNAVAILABLE, "NOT_READY", "the graph is still loading")
            .into_response(media);
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return response;
    }
    let requested_name = request.operation_name.clone();
    let snapshot = state.store.current();
    let version = snapshot.version;
    let request = request.data(snapshot).data(probe.clone());
    let result = crate::limits::within(deadline.into_std(), state.schema.execute(request)).await;
    let operation = probe.operation().and_then(|(_, name)| name).or(requested_name);
    let elapsed = started.elapsed();
    let Some(response) = result.filter(|_| !probe.timed_out()) else {
        warn!(operation = operation.as_deref().unwrap_or(""), millis = elapsed.as_millis() as u64, "request timed out");
        state.metrics.observe_graphql(operation.as_deref(), Outcome::Timeout, elapsed);
        return Refusal::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "TIMEOUT",
            format!("the request did not finish within {} ms", state.limits.request_timeout_ms),
        )
        .into_response(media);
    };
    let request_error = !probe.executed();
    let outcome = match (request_error, response.errors.is_empty()) {
        (true, _) => Outcome::RequestError,
        (false, false) => Outcome::FieldErrors,
        (false, true) => Outcome::Ok,
    };
    state.metrics.observe_graphql(operation.as_deref(), outcome, elapsed);
    let cost = probe.cost();
    debug!(
        operation = operation.as_deref().unwrap_or(""),
        ?outcome,
        complexity = cost.map(|c| c.complexity),
        micros = elapsed.as_micros() as u64,
        "graphql request"
    );

    let status = if probe.refused() == Some(OperationType::Mutation) {
        StatusCode::METHOD_NOT_ALLOWED
    } else if request_error && media == MediaType::GraphqlResponseJson {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let cacheable = outcome == Outcome::Ok
        && response.http_headers.is_empty()
        && matches!(probe.operation(), Some((OperationType::Query, _)));
    let body = if request_error {
        // A request error happens before execution: there is no data, not even null.
        match serde_json::to_value(&response) {
            Ok(Value::Object(mut map)) => {
                map.remove("data");
                Bytes::from(Value::Object(map).to_string())
            }
            _ => return internal_error(media),
        }
    } else {
        // Serialised straight from the response, so fields keep the query's order.
        match serde_json::to_vec(&response) {
            Ok(bytes) => Bytes::from(bytes),
            Err(_) => return internal_error(media),
        }
    };
    let mut http = (status, body.clone()).into_response();
    for (name, value) in response.http_headers.iter() {
        http.headers_mut().append(name, value.clone());
    }
    http.headers_mut().insert(header::CONTENT_TYPE, media.content_type());
    if status == StatusCode::METHOD_NOT_ALLOWED {
        http.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
    }
    if let (Some(cache), Some((form, key))) = (&state.answers, cache_key) {
        if cacheable {
            cache.put(version, form, key, Answer { body, operation: operation.clone() });
        }
        http.headers_mut().insert(CACHE_HEADER, HeaderValue::from_static("miss"));
    }
    http
}

fn internal_error(media: MediaType) -> Response {
    error!("a GraphQL response did not serialise to a JSON object");
    Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "internal error").into_response(media)
}

fn not_acceptable() -> Response {
    Refusal::new(
        StatusCode::NOT_ACCEPTABLE,
        "NOT_ACCEPTABLE",
        "this endpoint answers application/graphql-response+json or application/json",
    )
    .into_response(MediaType::Json)
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The subscription endpoint: a WebSocket speaking `graphql-transport-ws` or `graphql-ws`.
async fn websocket(state: AppState, parts: &mut axum::http::request::Parts) -> Response {
    let protocol = match GraphQLProtocol::from_request_parts(parts, &()).await {
        Ok(protocol) => protocol,
        Err(status) => {
            return (status, "WebSocket subprotocol must be graphql-transport-ws or graphql-ws").into_response();
        }
    };
    let upgrade = match WebSocketUpgrade::from_request_parts(parts, &()).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    let Ok(permit) = state.subscriptions.clone().try_acquire_owned() else {
        return Refusal::new(StatusCode::SERVICE_UNAVAILABLE, "TOO_MANY_SUBSCRIPTIONS", "too many open subscriptions")
            .into_response(MediaType::Json);
    };
    // A message on the socket is held to the same size limit as a request body.
    let max_message = state.limits.max_body_bytes;
    let upgrade = upgrade.max_message_size(max_message).max_frame_size(max_message);
    upgrade.protocols(ALL_WEBSOCKET_PROTOCOLS).on_upgrade(move |socket| async move {
        let mut data = Data::default();
        data.insert(state.store.clone());
        state.metrics.websocket(1);
        GraphQLWebSocket::new(socket, state.schema.clone(), protocol).with_data(data).serve().await;
        state.metrics.websocket(-1);
        drop(permit);
    })
}

// ---------------------------------------------------------------------------------------
// Operations

/// Liveness, plus what is served and whether the last reload worked. Always 200 while the
/// process can answer: a failed reload keeps serving the previous graph ("degraded").
async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let snap = state.store.current();
    let last = state.store.last_attempt();
    let last_error = last.as_ref().and_then(|a| a.error.clone());
    let ready = state.store.is_ready();
    axum::Json(json!({
        "status": if last_error.is_some() { "degraded" } else { "ok" },
        "ready": ready,
        "dataVersion": snap.version,
        "loadedAt": ready.then(|| snap.loaded_at.to_rfc3339()),
        "episodes": snap.graph.episodes().len(),
        "reloads": state.store.reload_count(),
        "failedReloads": state.store.failed_reload_count(),
        "lastLoad": last.as_ref().map(|a| json!({
            "at": a.at.to_rfc3339(),
            "ok": a.error.is_none(),
            "millis": a.duration.as_millis() as u64,
            "error": a.error,
        })),
        "lastReloadError": last_error,
    }))
}

/// Readiness: 200 once a graph is served, 503 before.
async fn ready(State(state): State<AppState>) -> Response {
    let snap = state.store.current();
    if state.store.is_ready() {
        axum::Json(json!({"ready": true, "dataVersion": snap.version})).into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, axum::Json(json!({"ready": false}))).into_response()
    }
}

async fn metrics(State(state): State<AppState>) -> Response {
    let text = state.metrics.render(&state.store, state.answers.as_ref().map(|c| c.stats()));
    let mut response = text.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    response
}

/// Counts every response by route and status.
async fn record_http(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map_or("unmatched", |p| p.as_str()).to_string();
    let response = next.run(req).await;
    state.metrics.observe_http(&route, response.status().as_u16());
    response
}

/// A panic in a handler becomes a 500 with a GraphQL-shaped error; the cause is logged only.
fn panic_response(cause: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = cause
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| cause.downcast_ref::<&str>().copied())
        .unwrap_or("unknown");
    error!(panic = detail, "a request handler panicked");
    Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", "internal error").into_response(MediaType::Json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_follows_the_accept_header() {
        use MediaType::*;
        assert_eq!(negotiate(None), Some(Json));
        assert_eq!(negotiate(Some("")), Some(Json));
        assert_eq!(negotiate(Some("*/*")), Some(Json));
        assert_eq!(negotiate(Some("application/json")), Some(Json));
        assert_eq!(negotiate(Some("application/graphql-response+json")), Some(GraphqlResponseJson));
        assert_eq!(
            negotiate(Some("application/graphql-response+json, application/json;q=0.9")),
            Some(GraphqlResponseJson)
        );
        assert_eq!(negotiate(Some("application/graphql-response+json;q=0.5, application/json")), Some(Json));
        assert_eq!(negotiate(Some("application/json, application/graphql-response+json")), Some(GraphqlResponseJson));
        assert_eq!(negotiate(Some("text/html,application/xhtml+xml,*/*;q=0.8")), Some(Json));
        assert_eq!(negotiate(Some("text/html")), None);
        assert_eq!(negotiate(Some("application/xml, text/plain")), None);
        assert_eq!(negotiate(Some("application/json;q=0, */*")), None);
        assert_eq!(negotiate(Some("APPLICATION/JSON; charset=utf-8")), Some(Json));
    }

    fn chunked(parts: &[&'static str]) -> Body {
        let chunks: Vec<Result<Bytes, std::io::Error>> =
            parts.iter().map(|p| Ok(Bytes::from_static(p.as_bytes()))).collect();
        Body::from_stream(async_graphql::futures_util::stream::iter(chunks))
    }

    #[tokio::test]
    async fn bodies_in_one_or_many_chunks_read_whole_and_within_the_limit() {
        let one = read_body(chunked(&["{\"query\":\"{ a }\"}"]), 64).await.ok().unwrap();
        assert_eq!(one, Bytes::from_static(b"{\"query\":\"{ a }\"}"));
        let many = read_body(chunked(&["", "{\"query\":", "", "\"{ a }\"", "}"]), 64).await.ok().unwrap();
        assert_eq!(many, one);
        assert!(read_body(chunked(&["12345", "67890"]), 10).await.is_ok());
        let over = read_body(chunked(&["12345", "67890", "1"]), 10).await.expect_err("over the limit");
        assert_eq!(over.status, StatusCode::PAYLOAD_TOO_LARGE);
        let over_at_once = read_body(chunked(&["12345678901"]), 10).await.expect_err("over the limit");
        assert_eq!(over_at_once.status, StatusCode::PAYLOAD_TOO_LARGE);
    }
}
