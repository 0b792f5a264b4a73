//! Every type, field, argument, input field and enum value of the schema has a
//! description (they show in GraphiQL and in `schema.graphql`).

use serde_json::{Value, json};

use crate::{execute, fixture::small_network};

const INTROSPECTION: &str = r#"{ __schema { types {
  name kind description
  fields(includeDeprecated: true) { name description args { name description } }
  inputFields { name description }
  enumValues(includeDeprecated: true) { name description }
} } }"#;

/// Pagination arguments are the same everywhere and documented once (README, `PageInfo`).
const PAGING: &[&str] = &["first", "after", "last", "before"];

#[tokio::test]
async fn every_type_and_field_is_described() {
    let snap = std::sync::Arc::new(small_network());
    let r = execute(&snap, INTROSPECTION, json!({})).await;
    let mut missing = Vec::new();
    let described = |v: &Value| v["description"].as_str().is_some_and(|d| !d.trim().is_empty());
    for t in r["data"]["__schema"]["types"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        if name.starts_with("__")
            || name.starts_with('_')
            || ["String", "Int", "Float", "Boolean", "ID"].contains(&name)
        {
            continue;
        }
        if !described(t) {
            missing.push(name.to_string());
        }
        for f in t["fields"].as_array().into_iter().flatten() {
            let fname = f["name"].as_str().unwrap();
            if fname.starts_with('_') {
                continue;
            }
            if !described(f) {
                missing.push(format!("{name}.{fname}"));
            }
            for a in f["args"].as_array().unwrap() {
                let aname = a["name"].as_str().unwrap();
                if !PAGING.contains(&aname) && !described(a) {
                    missing.push(format!("{name}.{fname}({aname})"));
                }
            }
        }
        for f in
            t["inputFields"].as_array().into_iter().flatten().chain(t["enumValues"].as_array().into_iter().flatten())
        {
            if !described(f) {
                missing.push(format!("{name}.{}", f["name"].as_str().unwrap()));
            }
        }
    }
    assert!(missing.is_empty(), "undescribed: {missing:#?}");
}
