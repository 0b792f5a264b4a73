//! The service's own query fields: which graph a response was computed from.

use async_graphql::{Context, Object};
use chrono::{DateTime, Utc};

use super::snapshot;

/// Root fields about the served data (merged into `QueryRoot`).
#[derive(Default)]
pub struct StatusQuery;

#[Object]
impl StatusQuery {
    /// Version of the graph that answered this query: 1 for the first load, plus one for
    /// every successful reload. Every field of one response comes from the same version.
    async fn data_version(&self, ctx: &Context<'_>) -> i64 {
        snapshot(ctx).version as i64
    }

    /// When the graph that answered this query was loaded.
    async fn loaded_at(&self, ctx: &Context<'_>) -> DateTime<Utc> {
        snapshot(ctx).loaded_at
    }
}
