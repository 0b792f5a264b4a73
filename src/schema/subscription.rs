//! Subscriptions (over WebSocket, `graphql-transport-ws` or the older `graphql-ws`):
//! `dataReloaded` tells dashboards that a new graph is served, so they refetch.
//!
//! A WebSocket connection carries the `Arc<GraphStore>` as connection data (see `server`);
//! [`AttachSnapshot`] gives every operation on it the snapshot current when the operation
//! starts, as HTTP requests get theirs, so queries sent over the socket work too.

use std::any::TypeId;
use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest};
use async_graphql::futures_util::Stream;
use async_graphql::futures_util::stream;
use async_graphql::{Context, Request, ServerResult, SimpleObject, Subscription};
use chrono::{DateTime, Utc};
use tokio::sync::broadcast::error::RecvError;

use crate::load::Snapshot;
use crate::store::{GraphStore, ReloadEvent};

/// A new graph is being served.
#[derive(SimpleObject, Debug, Clone)]
pub struct DataReload {
    /// The new `dataVersion`.
    pub data_version: i64,
    /// When the new graph was loaded (`loadedAt`).
    pub loaded_at: DateTime<Utc>,
    /// Episodes in the new graph.
    pub episodes: i32,
}

impl From<ReloadEvent> for DataReload {
    fn from(e: ReloadEvent) -> Self {
        DataReload { data_version: e.version as i64, loaded_at: e.loaded_at, episodes: e.episodes as i32 }
    }
}

/// Root of every subscription.
pub struct SubscriptionRoot;

/// Live notifications over WebSocket (`graphql-transport-ws` or `graphql-ws`).
#[Subscription(name = "Subscription")]
impl SubscriptionRoot {
    /// Emits once for every graph loaded after the subscription started (a reload
    /// triggered by a file change or SIGHUP). A subscriber that falls far behind gets
    /// the latest reloads only.
    async fn data_reloaded(&self, ctx: &Context<'_>) -> async_graphql::Result<impl Stream<Item = DataReload>> {
        let store = ctx.data::<Arc<GraphStore>>().map_err(|_| "subscriptions are served over WebSocket only")?;
        let events = store.subscribe();
        Ok(stream::unfold(events, |mut events| async move {
            loop {
                match events.recv().await {
                    Ok(event) => return Some((DataReload::from(event), events)),
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return None,
                }
            }
        }))
    }
}

/// Puts the current snapshot into every operation that arrives without one (operations on
/// a WebSocket connection, whose connection data holds the store).
pub struct AttachSnapshot;

impl ExtensionFactory for AttachSnapshot {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(AttachSnapshot)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for AttachSnapshot {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        if !request.data.contains_key(&TypeId::of::<Arc<Snapshot>>())
            && let Some(store) = ctx.data_opt::<Arc<GraphStore>>()
        {
            request.data.insert(store.current());
        }
        next.run(ctx, request).await
    }
}
