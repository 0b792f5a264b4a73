//! Relay cursor pagination over an already-ordered list: `first`/`after`/`last`/`before`,
//! `totalCount`, `pageInfo`, opaque offset cursors, page size capped at [`MAX_PAGE`].

use async_graphql::connection::{Connection, CursorType, Edge};
use async_graphql::{Error, OutputType, SimpleObject};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Largest page a client may ask for; larger `first`/`last` values are capped.
pub const MAX_PAGE: usize = 100;
/// Page size when neither `first` nor `last` is given.
pub const DEFAULT_PAGE: usize = 20;

/// An opaque cursor: the item's position in the ordered list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offset(pub usize);

/// A cursor that was not produced by this server.
#[derive(Debug, thiserror::Error)]
#[error("invalid cursor")]
pub struct InvalidCursor;

impl CursorType for Offset {
    type Error = InvalidCursor;

    fn decode_cursor(s: &str) -> Result<Self, Self::Error> {
        let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| InvalidCursor)?;
        let text = String::from_utf8(bytes).map_err(|_| InvalidCursor)?;
        text.strip_prefix("o:").and_then(|n| n.parse().ok()).map(Offset).ok_or(InvalidCursor)
    }

    fn encode_cursor(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("o:{}", self.0))
    }
}

/// Fields every connection has besides `edges`, `nodes` and `pageInfo`.
#[derive(SimpleObject, Debug, Clone, Copy)]
pub struct ConnectionFields {
    /// Number of items in the whole list (all pages).
    pub total_count: i64,
}

/// Fields of every edge besides `node` and `cursor`.
#[derive(SimpleObject, Debug, Clone, Default)]
pub struct EdgeFields {
    /// Relevance in (0, 1] when the list was searched (`search:` argument), else null.
    pub score: Option<f64>,
    /// The name, alias or title that matched the search, else null.
    pub matched: Option<String>,
}

pub type Conn<T> = Connection<Offset, T, ConnectionFields, EdgeFields>;

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
            Some(c) => Offset::decode_cursor(c)?.0.saturating_add(1),
            None => 0,
        };
        let mut end = match &self.before {
            Some(c) => Offset::decode_cursor(c)?.0,
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
}

/// Builds a connection page over `items` (already ordered), turning each item in the
/// window into a node with `node_of`; `extra` gives the search fields of an item.
pub fn paginate<I, T, F>(items: &[I], args: &PageArgs, node_of: F) -> async_graphql::Result<Conn<T>>
where
    T: OutputType,
    F: Fn(&I) -> (T, EdgeFields),
{
    let total = items.len();
    let (start, end) = args.window(total)?;
    let mut conn =
        Connection::with_additional_fields(start > 0, end < total, ConnectionFields { total_count: total as i64 });
    conn.edges.extend(items[start..end].iter().enumerate().map(|(i, item)| {
        let (node, fields) = node_of(item);
        Edge::with_additional_fields(Offset(start + i), node, fields)
    }));
    Ok(conn)
}

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
        PageArgs {
            first,
            after: after.map(|a| Offset(a).encode_cursor()),
            last,
            before: before.map(|b| Offset(b).encode_cursor()),
        }
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
}
