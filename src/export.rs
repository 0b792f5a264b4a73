//! `podgraph export`: the petgraph store's nodes and edges in formats other tools read —
//! GraphML (Gephi, yEd, NetworkX), JSON (`{nodes, edges}`), and CSV (`nodes.csv` +
//! `edges.csv`, with plain headers that Neo4j `LOAD CSV WITH HEADERS` reads).
//!
//! Writers take any `io::Write`; opening files is the CLI's business. Node ids are stable
//! keys, not arena indexes: `show:js-jabber`, `episode:js-jabber/<page>`,
//! `person:charles-max-wood`, `sponsor:<slug>`, `link:<canonical url>`.
//!
//! Loading the CSV into Neo4j (5.26+ for dynamic labels and types):
//!
//! ```cypher
//! LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row
//! CREATE (n:$(row.label) {id: row.id}) SET n += apoc.map.clean(row, ['label'], ['']);
//! LOAD CSV WITH HEADERS FROM 'file:///edges.csv' AS row
//! MATCH (a {id: row.source}), (b {id: row.target})
//! CREATE (a)-[r:$(row.type)]->(b) SET r.role = row.role, r.episode = row.episode, r.date = row.date;
//! ```
//! (Without APOC, `SET n.name = row.name, n.title = row.title, ...` column by column.)

use std::io::{self, Write};

use crate::graph::{EdgeKind, NodeKind, PodGraph};
use crate::model::Role;

/// Columns of `nodes.csv` (and node attributes of the other formats), in order.
pub const NODE_COLUMNS: &[&str] =
    &["id", "label", "name", "slug", "title", "url", "domain", "date", "number", "duration_seconds", "show"];
/// Columns of `edges.csv` (and edge attributes of the other formats), in order.
pub const EDGE_COLUMNS: &[&str] = &["source", "target", "type", "role", "episode", "date", "title", "url"];

/// A node as exported: values aligned with [`NODE_COLUMNS`] (empty when not applicable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRow(pub Vec<String>);

/// An edge as exported: values aligned with [`EDGE_COLUMNS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeRow(pub Vec<String>);

fn role_name(r: Role) -> &'static str {
    match r {
        Role::Host => "host",
        Role::Panelist => "panelist",
        Role::Guest => "guest",
    }
}

/// The stable export id of a node.
pub fn node_id(g: &PodGraph, n: NodeKind) -> String {
    match n {
        NodeKind::Show(s) => format!("show:{}", g.show(s).slug),
        NodeKind::Episode(e) => {
            let ep = g.episode(e);
            format!("episode:{}/{}", ep.podcast, ep.slug)
        }
        NodeKind::Person(p) => format!("person:{}", g.person(p).slug),
        NodeKind::Sponsor(s) => format!("sponsor:{}", g.sponsor(s).slug),
        NodeKind::Link(l) => format!("link:{}", g.link(l).canonical_url),
    }
}

/// Every node, in petgraph order.
pub fn node_rows(g: &PodGraph) -> Vec<NodeRow> {
    g.nodes()
        .map(|n| {
            let mut row = vec![String::new(); NODE_COLUMNS.len()];
            row[0] = node_id(g, n);
            let set = |row: &mut Vec<String>, col: &str, v: String| {
                let i = NODE_COLUMNS.iter().position(|c| *c == col).expect("known column");
                row[i] = v;
            };
            match n {
                NodeKind::Show(s) => {
                    let show = g.show(s);
                    set(&mut row, "label", "Show".into());
                    set(&mut row, "name", show.title.clone());
                    set(&mut row, "slug", show.slug.clone());
                    set(&mut row, "title", show.title.clone());
                }
                NodeKind::Episode(e) => {
                    let ep = g.episode(e);
                    set(&mut row, "label", "Episode".into());
                    set(&mut row, "name", ep.title.clone());
                    set(&mut row, "slug", ep.slug.clone());
                    set(&mut row, "title", ep.title.clone());
                    set(&mut row, "url", ep.audio_url.clone().unwrap_or_default());
                    set(&mut row, "date", ep.date.map(|d| d.to_string()).unwrap_or_default());
                    set(&mut row, "number", ep.number.map(|n| n.to_string()).unwrap_or_default());
                    set(&mut row, "duration_seconds", ep.duration_seconds.map(|n| n.to_string()).unwrap_or_default());
                    set(&mut row, "show", g.show(ep.show).slug.clone());
                }
                NodeKind::Person(p) => {
                    let person = g.person(p);
                    set(&mut row, "label", "Person".into());
                    set(&mut row, "name", person.name.clone());
                    set(&mut row, "slug", person.slug.clone());
                }
                NodeKind::Sponsor(s) => {
                    let sponsor = g.sponsor(s);
                    set(&mut row, "label", "Sponsor".into());
                    set(&mut row, "name", sponsor.name.clone());
                    set(&mut row, "slug", sponsor.slug.clone());
                    set(&mut row, "url", sponsor.url.clone().unwrap_or_default());
                }
                NodeKind::Link(l) => {
                    let link = g.link(l);
                    set(&mut row, "label", "Link".into());
                    set(&mut row, "name", g.link_title(link).into());
                    set(&mut row, "title", g.link_title(link).into());
                    set(&mut row, "url", link.canonical_url.to_string());
                    set(&mut row, "domain", link.domain.to_string());
                }
            }
            NodeRow(row)
        })
        .collect()
}

/// Every edge, in petgraph order.
pub fn edge_rows(g: &PodGraph) -> Vec<EdgeRow> {
    g.edges()
        .map(|(a, b, kind)| {
            let date = |e: crate::graph::EpisodeId| g.episode(e).date.map(|d| d.to_string()).unwrap_or_default();
            let ep_id = |e| node_id(g, NodeKind::Episode(e));
            let (ty, role, episode, when, title, url) = match kind {
                EdgeKind::OfShow => {
                    let NodeKind::Episode(e) = a else { unreachable!("OfShow starts at an episode") };
                    ("OF_SHOW", String::new(), String::new(), date(e), String::new(), String::new())
                }
                EdgeKind::Appeared(x) => {
                    let ap = g.appearance(x);
                    (
                        "APPEARED_ON",
                        role_name(ap.role).to_string(),
                        ep_id(ap.episode),
                        date(ap.episode),
                        String::new(),
                        String::new(),
                    )
                }
                EdgeKind::SponsoredBy(x) => {
                    let s = g.sponsorship(x);
                    (
                        "SPONSORED_BY",
                        String::new(),
                        ep_id(s.episode),
                        date(s.episode),
                        String::new(),
                        s.url.as_deref().unwrap_or_default().to_string(),
                    )
                }
                EdgeKind::SponsorUrl => {
                    ("SPONSOR_URL", String::new(), String::new(), String::new(), String::new(), String::new())
                }
                EdgeKind::Picked(k) => {
                    let p = g.pick(k);
                    (
                        "PICKED",
                        String::new(),
                        ep_id(p.episode),
                        date(p.episode),
                        p.title.to_string(),
                        g.pick_url(p).unwrap_or_default().to_string(),
                    )
                }
            };
            EdgeRow(vec![node_id(g, a), node_id(g, b), ty.to_string(), role, episode, when, title, url])
        })
        .collect()
}

/// One CSV field, quoted when it has to be (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn write_csv(out: &mut impl Write, header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> io::Result<()> {
    writeln!(out, "{}", header.join(","))?;
    for row in rows {
        let line: Vec<String> = row.iter().map(|v| csv_field(v)).collect();
        writeln!(out, "{}", line.join(","))?;
    }
    Ok(())
}

/// `nodes.csv`: one row per node, headers [`NODE_COLUMNS`].
pub fn write_nodes_csv(g: &PodGraph, out: &mut impl Write) -> io::Result<()> {
    write_csv(out, NODE_COLUMNS, node_rows(g).into_iter().map(|r| r.0))
}

/// `edges.csv`: one row per edge, headers [`EDGE_COLUMNS`].
pub fn write_edges_csv(g: &PodGraph, out: &mut impl Write) -> io::Result<()> {
    write_csv(out, EDGE_COLUMNS, edge_rows(g).into_iter().map(|r| r.0))
}

/// `{"nodes": [...], "edges": [...]}`, each object with its non-empty columns.
pub fn write_json(g: &PodGraph, out: &mut impl Write) -> io::Result<()> {
    let object = |cols: &[&str], row: Vec<String>| {
        let mut m = serde_json::Map::new();
        for (c, v) in cols.iter().zip(row) {
            if v.is_empty() {
                continue;
            }
            let value = match *c {
                "number" | "duration_seconds" => v.parse::<u64>().map(serde_json::Value::from).unwrap_or(v.into()),
                _ => v.into(),
            };
            m.insert(c.to_string(), value);
        }
        serde_json::Value::Object(m)
    };
    let nodes: Vec<_> = node_rows(g).into_iter().map(|r| object(NODE_COLUMNS, r.0)).collect();
    let edges: Vec<_> = edge_rows(g).into_iter().map(|r| object(EDGE_COLUMNS, r.0)).collect();
    serde_json::to_writer_pretty(&mut *out, &serde_json::json!({ "nodes": nodes, "edges": edges }))?;
    writeln!(out)
}

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// GraphML with typed attribute keys. Gephi shows the `label` attribute (the node's name)
/// as the node label; `kind` is the node type (Show, Episode, Person, Sponsor, Link).
pub fn write_graphml(g: &PodGraph, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    // Node attributes: `label` = the name (Gephi's label), `kind` = the type.
    let node_keys: Vec<(&str, &str)> = NODE_COLUMNS[1..]
        .iter()
        .map(|c| match *c {
            "label" => ("kind", "string"),
            "name" => ("label", "string"),
            "number" | "duration_seconds" => (*c, "long"),
            c => (c, "string"),
        })
        .collect();
    for (name, ty) in &node_keys {
        writeln!(out, r#"  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{ty}"/>"#)?;
    }
    for c in &EDGE_COLUMNS[2..] {
        writeln!(out, r#"  <key id="e_{c}" for="edge" attr.name="{c}" attr.type="string"/>"#)?;
    }
    writeln!(out, r#"  <graph id="podgraph" edgedefault="directed">"#)?;
    for row in node_rows(g) {
        writeln!(out, r#"    <node id="{}">"#, xml(&row.0[0]))?;
        for ((name, _), v) in node_keys.iter().zip(&row.0[1..]) {
            if !v.is_empty() {
                writeln!(out, r#"      <data key="n_{name}">{}</data>"#, xml(v))?;
            }
        }
        writeln!(out, "    </node>")?;
    }
    for (i, row) in edge_rows(g).into_iter().enumerate() {
        writeln!(out, r#"    <edge id="e{i}" source="{}" target="{}">"#, xml(&row.0[0]), xml(&row.0[1]))?;
        for (c, v) in EDGE_COLUMNS[2..].iter().zip(&row.0[2..]) {
            if !v.is_empty() {
                writeln!(out, r#"      <data key="e_{c}">{}</data>"#, xml(v))?;
            }
        }
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn xml_escapes_markup_and_controls() {
        assert_eq!(xml("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
        assert_eq!(xml("bell\u{7}"), "bell ");
    }
}
