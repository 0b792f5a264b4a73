//! N+1 freedom: a nested query of 100 people × their picks × the episodes reads adjacency
//! lists and indexes only. `PodGraph::full_scans` counts every pass over a whole arena
//! (filter, sort, search, aggregate); fanning out must not add any.

use std::sync::Arc;

use serde_json::{Value, json};

use crate::fixture::synthetic_network;
use crate::{corpus_dir, execute_with, snapshot};

const NESTED: &str = r#"query($where: PersonWhere, $picks: PickWhere) {
  people(first: 100, where: $where) {
    totalCount
    edges { node {
      name
      appearanceCount
      picks(first: 100, where: $picks) {
        totalCount
        edges { node {
          title url
          link { domain pickCount }
          episode { title date show { title } guests { name } sponsors { name } }
        } }
      }
    } }
  }
}"#;

/// These queries are deliberately far bigger than the default cost limit allows: what is
/// tested here is how they execute, not whether they are admitted.
async fn execute(snap: &Arc<podgraph::load::Snapshot>, query: &str, variables: Value) -> Value {
    let limits = podgraph::config::Limits { max_complexity: 10_000_000, ..Default::default() };
    execute_with(snap, query, variables, &limits).await
}

fn picks_of(people: &Value) -> Vec<usize> {
    people["edges"].as_array().unwrap().iter().map(|p| p["node"]["picks"]["edges"].as_array().unwrap().len()).collect()
}

#[tokio::test]
async fn hundred_people_times_picks_times_episodes_scan_nothing() {
    let snap = Arc::new(synthetic_network(150, 900));
    let g = &snap.graph;

    let before = g.full_scans();
    let r = execute(&snap, NESTED, json!({})).await;
    assert!(r.get("errors").is_none(), "{r}");
    assert_eq!(g.full_scans(), before, "default listing and every nested field read indexes only");
    let people = &r["data"]["people"];
    assert_eq!(people["totalCount"], 150);
    let picks = picks_of(people);
    assert_eq!(picks.len(), 100);
    assert_eq!(picks.iter().sum::<usize>(), 100 * 900 * 3 / 150, "every pick of the first 100 people");
    for p in people["edges"].as_array().unwrap() {
        let node = &p["node"];
        assert_eq!(
            node["picks"]["totalCount"].as_u64().unwrap() as usize,
            node["picks"]["edges"].as_array().unwrap().len()
        );
        for k in node["picks"]["edges"].as_array().unwrap() {
            let ep = &k["node"]["episode"];
            assert!(ep["date"].is_string() && ep["show"]["title"].is_string(), "{k}");
            assert_eq!(ep["guests"].as_array().unwrap().len(), 1);
        }
    }

    // A root filter is one pass over the people; the nested per-person filters read each
    // person's own picks, never all picks.
    let before = g.full_scans();
    let r = execute(
        &snap,
        NESTED,
        json!({"where": {"picks": {"count": {"gt": 0}}}, "picks": {"domain": {"eq": "github.com"}}}),
    )
    .await;
    assert!(r.get("errors").is_none(), "{r}");
    assert_eq!(g.full_scans() - before, 1);
    assert!(picks_of(&r["data"]["people"]).iter().all(|n| *n > 0 && *n < 100));
}

#[tokio::test]
async fn other_fan_outs_read_adjacency_only() {
    let snap = Arc::new(synthetic_network(150, 900));
    let before = snap.graph.full_scans();
    let r = execute(
        &snap,
        r#"{
          sponsors(first: 100) { nodes { timeline(groupBy: MONTH) { count } shows { edges { count node { title } } } } }
          shows { nodes {
            sponsors { totalCount } hosts { totalCount }
            people(role: GUEST, first: 50) { nodes { name pickTrend(groupBy: YEAR) { count }
              coAppearances(first: 3) { totalCount edges { count sharedEpisodes(first: 2) { nodes { title } } } } } }
          } }
          links(first: 100) { nodes { pickedBy { totalCount } picks(first: 5) { nodes { episode { title } } } } }
        }"#,
        json!({}),
    )
    .await;
    assert!(r.get("errors").is_none(), "{r}");
    assert_eq!(snap.graph.full_scans(), before);
    assert_eq!(r["data"]["links"]["nodes"].as_array().unwrap().len(), 100);
    assert_eq!(r["data"]["shows"]["nodes"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn the_nested_query_on_the_full_corpus() {
    // Its own snapshot, so that other tests' queries do not move the counter.
    let snap = Arc::new(snapshot(&corpus_dir()));
    let g = &snap.graph;
    let before = g.full_scans();
    let r = execute(&snap, NESTED, json!({})).await;
    assert!(r.get("errors").is_none(), "{r}");
    assert_eq!(g.full_scans(), before);
    let people = &r["data"]["people"];
    let shown = people["edges"].as_array().unwrap().len();
    assert_eq!(shown, (people["totalCount"].as_u64().unwrap() as usize).min(100));
    for n in picks_of(people) {
        assert!(n <= 100);
    }
}
