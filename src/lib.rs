//! podgraph: podcast show notes → knowledge graph → GraphQL.
//!
//! # Layout
//! * `model`: plain data passed from parsing to the graph.
//! * `parse`: one page's text → [`model::Page`]; pure, never fails.

pub mod model;
pub mod parse;
