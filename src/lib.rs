//! podgraph: podcast show notes → knowledge graph → GraphQL.
//!
//! # Layout
//! * `model`: plain data passed from parsing to the graph.
//! * `parse`: one page's text → [`model::Page`]; pure, never fails.
//! * `eval`: gold-set scoring of any predictor (a port of `shared/gold/score.py`).

pub mod eval;
pub mod model;
pub mod parse;
