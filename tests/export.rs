//! `podgraph export`: GraphML, JSON and CSV carry every node and edge with stable ids.

use std::collections::HashSet;

use podgraph::export::{self, EDGE_COLUMNS, NODE_COLUMNS};

use crate::fixture::small_network;

fn text(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    write(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn json_has_every_node_and_edge_with_resolvable_ends() {
    let snap = small_network();
    let g = &snap.graph;
    let (nodes, edges) = g.size();
    let v: serde_json::Value = serde_json::from_str(&text(|o| export::write_json(g, o))).unwrap();
    let ns = v["nodes"].as_array().unwrap();
    let es = v["edges"].as_array().unwrap();
    assert_eq!((ns.len(), es.len()), (nodes, edges));
    let ids: HashSet<&str> = ns.iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), nodes, "ids are unique");
    for e in es {
        assert!(ids.contains(e["source"].as_str().unwrap()) && ids.contains(e["target"].as_str().unwrap()), "{e}");
    }
    let alan = ns.iter().find(|n| n["id"] == "person:alan-turing").unwrap();
    assert_eq!(alan["label"], "Person");
    assert_eq!(alan["name"], "Alan Turing");
    let a1 = ns.iter().find(|n| n["id"] == "episode:alpha/a1").unwrap();
    assert_eq!(a1["date"], "2019-01-10");
    assert_eq!(a1["number"], 1);
    let guest = es
        .iter()
        .find(|e| e["type"] == "APPEARED_ON" && e["source"] == "person:alan-turing" && e["target"] == "episode:beta/b1")
        .unwrap();
    assert_eq!(guest["role"], "guest");
    let picked: Vec<_> = es
        .iter()
        .filter(|e| e["type"] == "PICKED" && e["target"] == "link:https://github.com/petgraph/petgraph")
        .collect();
    assert_eq!(picked.len(), 2, "two picks of one link");
    assert!(picked.iter().all(|e| e["episode"].as_str().unwrap().starts_with("episode:")));
    for ty in ["OF_SHOW", "APPEARED_ON", "SPONSORED_BY", "SPONSOR_URL", "PICKED"] {
        assert!(es.iter().any(|e| e["type"] == ty), "{ty} edges exported");
    }
}

/// Splits one CSV record (RFC 4180 quoting) — enough to read back what we wrote.
fn split_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn csv_headers_suit_load_csv_and_rows_round_trip() {
    let snap = small_network();
    let g = &snap.graph;
    let nodes = split_csv(&text(|o| export::write_nodes_csv(g, o)));
    let edges = split_csv(&text(|o| export::write_edges_csv(g, o)));
    assert_eq!(nodes[0], NODE_COLUMNS);
    assert_eq!(edges[0], EDGE_COLUMNS);
    for h in NODE_COLUMNS.iter().chain(EDGE_COLUMNS) {
        assert!(h.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "plain header {h}");
    }
    assert_eq!(nodes.len() - 1, g.size().0);
    assert_eq!(edges.len() - 1, g.size().1);
    assert!(nodes.iter().all(|r| r.len() == NODE_COLUMNS.len()));
    assert!(edges.iter().all(|r| r.len() == EDGE_COLUMNS.len()));
    // A title with a comma survives the quoting.
    let clu = edges.iter().find(|r| r[6] == "CLU").unwrap();
    assert_eq!(clu[7], "https://en.wikipedia.org/wiki/CLU_(programming_language)");
    let goto = edges.iter().find(|r| r[6].starts_with("Go To")).unwrap();
    assert_eq!(goto[2], "PICKED");
}

#[test]
fn graphml_declares_keys_and_lists_every_node_and_edge() {
    let snap = small_network();
    let g = &snap.graph;
    let xml = text(|o| export::write_graphml(g, o));
    assert!(xml.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""
    ));
    assert!(xml.trim_end().ends_with("</graphml>"));
    assert!(xml.contains(r#"<key id="n_label" for="node" attr.name="label" attr.type="string"/>"#));
    assert!(xml.contains(r#"<key id="n_number" for="node" attr.name="number" attr.type="long"/>"#));
    assert_eq!(xml.matches("<node id=").count(), g.size().0);
    assert_eq!(xml.matches("<edge id=").count(), g.size().1);
    assert_eq!(xml.matches("<node ").count(), xml.matches("</node>").count());
    assert!(xml.contains(r#"<node id="person:grace-hopper">"#));
    assert!(xml.contains(r#"<data key="n_label">Grace Hopper</data>"#));
    assert!(xml.contains(r#"<data key="n_kind">Person</data>"#));
    // Every data key used is declared.
    for key in xml.split("<data key=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]) {
        assert!(xml.contains(&format!("<key id=\"{key}\"")), "{key} declared");
    }
}

#[test]
fn the_export_command_writes_csv_files() {
    let out = std::env::temp_dir().join(format!("podgraph-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let args = podgraph::config::ExportArgs {
        data: crate::root().join("data"),
        format: podgraph::config::ExportFormat::Csv,
        out: Some(out.clone()),
    };
    podgraph::commands::export(args).unwrap();
    let nodes = std::fs::read_to_string(out.join("nodes.csv")).unwrap();
    let edges = std::fs::read_to_string(out.join("edges.csv")).unwrap();
    assert!(nodes.starts_with("id,label,name,"));
    assert!(nodes.contains("episode:elixir-mix/emx-044-dangers-of-genservers-in-elixir-with-mika-kalathil,Episode,"));
    assert!(edges.lines().any(|l| l.contains(",show:elixir-mix,OF_SHOW,")));
    let missing = podgraph::commands::export(podgraph::config::ExportArgs {
        data: crate::root().join("data"),
        format: podgraph::config::ExportFormat::Csv,
        out: None,
    });
    assert!(missing.unwrap_err().to_string().contains("--out"));
    std::fs::remove_dir_all(&out).unwrap();
}
