//! Relay cursor connections over already-ordered lists: `first`/`after`/`last`/`before`,
//! `totalCount`, `pageInfo`, opaque offset cursors, page size capped at [`MAX_PAGE`].
//!
//! Connection and edge types are generated per node type by [`connection!`] so every one
//! carries descriptions and, where the relationship has properties (a count, the first and
//! last episode), those properties sit on the edge, as Relay and Neo4j GraphQL put them.

use async_graphql::{Error, SimpleObject};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Largest page a client may ask for; larger `first`/`last` values are capped.
pub const MAX_PAGE: usize = 100;
/// Page size when neither `first` nor `last` is given.
pub const DEFAULT_PAGE: usize = 20;

/// Complexity of a list field for async-graphql's `limit_complexity`: the page size asked
/// for (`first`, else `last`, else the default page, capped at [`MAX_PAGE`]) times the
/// complexity of one item.
pub fn cost(first: Option<i32>, last: Option<i32>, child_complexity: usize) -> usize {
    let n = first.or(last).map_or(DEFAULT_PAGE, |n| (n.max(1) as usize).min(MAX_PAGE));
    n.saturating_mul(child_complexity)
}

/// Complexity of an unpaginated list field (a bounded list such as an episode's guests).
pub fn list_cost(child_complexity: usize) -> usize {
    DEFAULT_PAGE.saturating_mul(child_complexity)
}

/// An opaque cursor: the item's position in the ordered list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offset(pub usize);

/// A cursor that was not produced by this server.
#[derive(Debug, thiserror::Error)]
#[error("invalid cursor")]
pub struct InvalidCursor;

impl Offset {
    pub fn decode(s: &str) -> Result<Self, InvalidCursor> {
        let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| InvalidCursor)?;
        let text = String::from_utf8(bytes).map_err(|_| InvalidCursor)?;
        text.strip_prefix("o:").and_then(|n| n.parse().ok()).map(Offset).ok_or(InvalidCursor)
    }

    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("o:{}", self.0))
    }
}

/// Where a page sits in its list (Relay `PageInfo`).
#[derive(SimpleObject, Debug, Clone, Default, PartialEq, Eq)]
#[graphql(shareable)]
pub struct PageInfo {
    /// Whether items come before this page (`last`/`before` can fetch them).
    pub has_previous_page: bool,
    /// Whether items come after this page (pass `endCursor` as `after` to fetch them).
    pub has_next_page: bool,
    /// Cursor of the first item of the page (null when the page is empty).
    pub start_cursor: Option<String>,
    /// Cursor of the last item of the page (null when the page is empty).
    pub end_cursor: Option<String>,
}

/// Edge properties of searchable lists.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct SearchFields {
    /// Relevance in (0, 1] when the list was searched (`search:` argument), else null.
    pub score: Option<f64>,
    /// The name, alias or title that matched the search, else null.
    pub matched: Option<String>,
}

/// Pagination arguments as received.
#[derive(Debug, Clone, Default)]
pub struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

impl PageArgs {
    pub fn new(first: Option<i32>, after: Option<String>, last: Option<i32>, before: Option<String>) -> Self {
        PageArgs { first, after, last, before }
    }

    /// The `[start, end)` window of a list of `total` items.
    pub fn window(&self, total: usize) -> async_graphql::Result<(usize, usize)> {
        let count = |v: Option<i32>, name: &str| -> async_graphql::Result<Option<usize>> {
            match v {
                Some(n) if n < 0 => Err(Error::new(format!("`{name}` must be a non-negative number"))),
                Some(n) => Ok(Some((n as usize).min(MAX_PAGE))),
                None => Ok(None),
            }
        };
        let first = count(self.first, "first")?;
        let last = count(self.last, "last")?;
        let mut start = match &self.after {
            Some(c) => Offset::decode(c)?.0.saturating_add(1),
            None => 0,
        };
        let mut end = match &self.before {
            Some(c) => Offset::decode(c)?.0,
            None => total,
        };
        end = end.min(total);
        start = start.min(end);
        match (first, last) {
            (Some(f), _) => {
                end = end.min(start + f);
                if let Some(l) = last {
                    start = start.max(end.saturating_sub(l));
                }
            }
            (None, Some(l)) => start = start.max(end.saturating_sub(l)),
            (None, None) => end = end.min(start + DEFAULT_PAGE),
        }
        Ok((start, end))
    }

    /// The window of `items` with each item's cursor, and the page info.
    pub fn slice<'a, I>(&self, items: &'a [I]) -> async_graphql::Result<(Vec<(String, &'a I)>, PageInfo)> {
        let total = items.len();
        let (start, end) = self.window(total)?;
        let page: Vec<(String, &I)> =
            items[start..end].iter().enumerate().map(|(i, item)| (Offset(start + i).encode(), item)).collect();
        let info = PageInfo {
            has_previous_page: start > 0,
            has_next_page: end < total,
            start_cursor: page.first().map(|(c, _)| c.clone()),
            end_cursor: page.last().map(|(c, _)| c.clone()),
        };
        Ok((page, info))
    }
}

/// Declares a Relay connection type and its edge type for one node type, with edge
/// properties flattened from `$fields` (an object type; `EmptyFields` for none).
macro_rules! connection {
    ($conn:ident, $edge:ident, $node:ty, $fields:ty, $conn_doc:literal, $edge_doc:literal) => {
        #[doc = $conn_doc]
        #[derive(async_graphql::SimpleObject)]
        pub struct $conn {
            /// The items of this page, each with its cursor and relationship properties.
            pub edges: Vec<$edge>,
            /// The items of this page, without cursors (the `node` of each edge).
            pub nodes: Vec<$node>,
            /// Where this page sits in the whole list.
            pub page_info: crate::schema::page::PageInfo,
            /// Number of items in the whole list (all pages), after filtering.
            pub total_count: i64,
        }

        #[doc = $edge_doc]
        #[derive(async_graphql::SimpleObject)]
        pub struct $edge {
            /// Opaque cursor of this item, for `after` / `before`.
            pub cursor: String,
            /// The item.
            pub node: $node,
            #[graphql(flatten)]
            pub fields: $fields,
        }

        impl $conn {
            /// One page of `items` (already filtered and ordered); `f` gives each item's
            /// node and edge properties.
            #[allow(dead_code)]
            pub fn page<I>(
                items: &[I],
                args: &crate::schema::page::PageArgs,
                f: impl Fn(&I) -> ($node, $fields),
            ) -> async_graphql::Result<Self> {
                let (page, page_info) = args.slice(items)?;
                let mut edges = Vec::with_capacity(page.len());
                let mut nodes = Vec::with_capacity(page.len());
                for (cursor, item) in page {
                    let (node, fields) = f(item);
                    nodes.push(node.clone());
                    edges.push($edge { cursor, node, fields });
                }
                Ok($conn { edges, nodes, page_info, total_count: items.len() as i64 })
            }
        }
    };
}
pub(crate) use connection;

#[cfg(test)]
mod tests {
    use super::*;

    fn window(
        total: usize,
        first: Option<i32>,
        after: Option<usize>,
        last: Option<i32>,
        before: Option<usize>,
    ) -> (usize, usize) {
        PageArgs { first, after: after.map(|a| Offset(a).encode()), last, before: before.map(|b| Offset(b).encode()) }
            .window(total)
            .unwrap()
    }

    #[test]
    fn windows() {
        assert_eq!(window(50, None, None, None, None), (0, 20));
        assert_eq!(window(50, Some(10), Some(4), None, None), (5, 15));
        assert_eq!(window(50, None, None, Some(5), None), (45, 50));
        assert_eq!(window(50, None, None, Some(5), Some(10)), (5, 10));
        assert_eq!(window(500, Some(1000), None, None, None), (0, 100));
        assert_eq!(window(3, Some(10), Some(10), None, None), (3, 3));
        assert!(PageArgs { first: Some(-1), ..Default::default() }.window(3).is_err());
        assert!(PageArgs { after: Some("nope".into()), ..Default::default() }.window(3).is_err());
    }

    #[test]
    fn page_info_and_cursors() {
        let items: Vec<u32> = (0..10).collect();
        let args = PageArgs { first: Some(3), after: Some(Offset(1).encode()), ..Default::default() };
        let (page, info) = args.slice(&items).unwrap();
        assert_eq!(page.iter().map(|(_, i)| **i).collect::<Vec<_>>(), [2, 3, 4]);
        assert!(info.has_previous_page && info.has_next_page);
        assert_eq!(info.start_cursor.as_deref(), Some(Offset(2).encode().as_str()));
        assert_eq!(info.end_cursor.as_deref(), Some(Offset(4).encode().as_str()));
        let (empty, info) = PageArgs { first: Some(0), ..Default::default() }.slice(&items).unwrap();
        assert!(empty.is_empty() && info.start_cursor.is_none() && info.has_next_page);
    }

    #[test]
    fn cost_is_page_size_times_child() {
        assert_eq!(cost(None, None, 3), 60);
        assert_eq!(cost(Some(5), None, 3), 15);
        assert_eq!(cost(None, Some(7), 2), 14);
        assert_eq!(cost(Some(1000), None, 1), 100);
        assert_eq!(cost(Some(0), None, 4), 4, "an empty page still costs its totalCount");
    }
}
