//! The dashboard queries of `examples/queries/` run against the full corpus; their answers
//! are insta snapshots (`tests/snapshots/`). When the data or the extraction changes,
//! review with `cargo insta review` or accept with `INSTA_UPDATE=always cargo test examples`.

use serde_json::json;

use crate::{execute, full_corpus, root};

#[tokio::test]
async fn example_queries_answer_on_the_full_corpus() {
    let snapshot = full_corpus();
    let dir = root().join("examples/queries");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "graphql"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "at least ten dashboard questions: {files:?}");
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().to_string();
        assert!(readme.contains(&format!("examples/queries/{name}.graphql")), "README.md lists {name}");
        let query = std::fs::read_to_string(&file).unwrap();
        assert!(query.starts_with("# "), "{name} starts with a comment saying what it asks");
        let response = execute(&snapshot, &query, json!({})).await;
        assert!(response.get("errors").is_none(), "{name}: {response}");
        insta::assert_json_snapshot!(format!("example_{name}"), response["data"]);
    }
}
