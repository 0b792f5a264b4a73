//! HTTP: the axum router (`/graphql`, GraphiQL, `/health`), request wiring and shutdown.
//!
//! Each GraphQL request runs against the snapshot current when it arrived.

use std::future::Future;
use std::sync::Arc;

use async_graphql::http::GraphiQLSource;
use async_graphql_axum::rejection::GraphQLRejection;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Router;
use axum::extract::{FromRequest, Request, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

use crate::schema::PodgraphSchema;
use crate::store::GraphStore;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub schema: PodgraphSchema,
    pub store: Arc<GraphStore>,
}

/// The application router. Tests drive it without a socket (`tower::ServiceExt::oneshot`).
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/health", get(health))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn graphql_post(State(state): State<AppState>, req: GraphQLRequest) -> GraphQLResponse {
    let snapshot = state.store.current();
    state.schema.execute(req.into_inner().data(snapshot)).await.into()
}

/// Browsers asking for HTML without a query get GraphiQL; everything else is a GraphQL GET request.
async fn graphql_get(State(state): State<AppState>, req: Request) -> Response {
    let wants_html =
        req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    let has_query = req.uri().query().is_some_and(|q| q.split('&').any(|kv| kv.starts_with("query=")));
    if wants_html && !has_query {
        return Html(GraphiQLSource::build().endpoint("/graphql").title("podgraph").finish()).into_response();
    }
    match GraphQLRequest::<GraphQLRejection>::from_request(req, &state).await {
        Ok(req) => {
            let snapshot = state.store.current();
            GraphQLResponse::from(state.schema.execute(req.into_inner().data(snapshot)).await).into_response()
        }
        Err(rejection) => rejection.into_response(),
    }
}

async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let snap = state.store.current();
    let last = state.store.last_attempt();
    axum::Json(json!({
        "status": "ok",
        "dataVersion": snap.version,
        "loadedAt": snap.loaded_at.to_rfc3339(),
        "episodes": snap.graph.episodes().len(),
        "lastReloadError": last.and_then(|a| a.error.clone()),
    }))
}

/// Serves `app` on `listener` until `shutdown` resolves, then finishes in-flight requests.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown).await
}
