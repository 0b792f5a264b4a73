//! `schema.graphql` must equal the served schema. `UPDATE_SCHEMA=1 cargo test` rewrites it.

use crate::root;

#[test]
fn schema_file_matches_served_schema() {
    let sdl = podgraph::schema::sdl();
    let path = root().join("schema.graphql");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &sdl).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == sdl,
        "schema.graphql differs from the served schema; run `UPDATE_SCHEMA=1 cargo test schema_file` and review the diff"
    );
}
