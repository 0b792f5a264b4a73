//! The relationship API end to end over HTTP, on a hand-built network whose answers are
//! known (see `fixture::small_network`): `where`, `orderBy`, relationship fields,
//! rankings, trends, paths, search, global ids.

use serde_json::{Value, json};

use crate::fixture::small_network;
use crate::{TestServer, post, start_snapshot_server};

async fn server() -> TestServer {
    start_snapshot_server(small_network()).await
}

/// The `data` of a response, failing on errors.
async fn data(server: &TestServer, query: &str, vars: Value) -> Value {
    let r = post(server, query, vars).await;
    assert!(r.get("errors").is_none(), "{query}\n=> {r}");
    r["data"].clone()
}

fn names(v: &Value, path: &str) -> Vec<String> {
    v.pointer(path)
        .unwrap_or_else(|| panic!("{path} in {v}"))
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let n = e.get("node").unwrap_or(e);
            n.get("name").or(n.get("slug")).or(n.get("title")).unwrap().as_str().unwrap().to_string()
        })
        .collect()
}

#[tokio::test]
async fn where_relationship_conditions_find_episodes_by_guest() {
    let s = server().await;
    let d = data(
        &s,
        r#"{ episodes(where: { guests: { some: { name: { eq: "Alan Turing" } } } }, orderBy: [DATE_ASC]) {
            totalCount edges { node { slug } } } }"#,
        json!({}),
    )
    .await;
    assert_eq!(d["episodes"]["totalCount"], 2);
    assert_eq!(names(&d, "/episodes/edges"), ["a1", "b1"]);

    // NOT, OR, date ranges and counts combine.
    let d = data(
        &s,
        r#"{ episodes(where: {
              date: { gte: "2019-03-01", lte: "2020-12-31" },
              OR: [{ podcast: { eq: "beta" } }, { sponsors: { some: { name: { eq: "Globex" } } } }],
              NOT: { guests: { count: { eq: 0 } } } }, orderBy: [DATE_ASC]) { edges { node { slug } } } }"#,
        json!({}),
    )
    .await;
    assert_eq!(names(&d, "/episodes/edges"), ["b1", "b2"], "a3 has no guest, b3 no date");

    // `all` is true over an empty list; `none` excludes.
    let d = data(
        &s,
        r#"{ episodes(where: { show: { slug: { eq: "beta" } }, picks: { none: { domain: { eq: "github.com" } } } }) { totalCount } }"#,
        json!({}),
    )
    .await;
    assert_eq!(d["episodes"]["totalCount"], 2, "b2 and b3 pick nothing on github");
    let d =
        data(&s, r#"{ episodes(where: { date: { exists: false } }) { edges { node { slug } } } }"#, json!({})).await;
    assert_eq!(names(&d, "/episodes/edges"), ["b3"]);
    let d = data(
        &s,
        r#"{ episodes(where: { title: { contains: "alpha a" }, number: { in: [1, 3] } }, orderBy: [NUMBER_DESC]) { edges { node { slug } } } }"#,
        json!({}),
    )
    .await;
    assert_eq!(names(&d, "/episodes/edges"), ["a3", "a1"], "contains ignores case");
}

#[tokio::test]
async fn people_filters_roles_shows_and_co_appearances() {
    let s = server().await;
    // Guests of more than one show.
    let d = data(
        &s,
        r#"{ people(where: { shows: { role: GUEST, count: { gte: 2 } } }) { edges { node { name } } } }"#,
        json!({}),
    )
    .await;
    assert_eq!(names(&d, "/people/edges"), ["Alan Turing"]);
    // People who appeared with Grace Hopper, by most appearances.
    let d = data(
        &s,
        r#"{ people(where: { coAppearances: { some: { slug: { eq: "grace-hopper" } } } }, orderBy: [APPEARANCES_DESC, NAME_ASC]) {
            edges { node { name appearanceCount } } } }"#,
        json!({}),
    )
    .await;
    assert_eq!(names(&d, "/people/edges"), ["Ada Lovelace", "Alan Turing", "Barbara Liskov", "Linus Torvalds"]);
    // Name, alias-aware name, starts-with and ids.
    let d = data(&s, r#"{ people(where: { name: { startsWith: "a" } }) { totalCount } }"#, json!({})).await;
    assert_eq!(d["people"]["totalCount"], 2);
    let id = data(&s, r#"{ person(slug: "edsger-dijkstra") { id } }"#, json!({})).await["person"]["id"].clone();
    let d = data(
        &s,
        r#"query($id: ID!) { people(where: { id: { in: [$id, "bm9wZQ"] } }) { edges { node { name } } } }"#,
        json!({"id": id}),
    )
    .await;
    assert_eq!(names(&d, "/people/edges"), ["Edsger Dijkstra"], "an unknown id matches nothing");
}

#[tokio::test]
async fn person_relationship_fields() {
    let s = server().await;
    let d = data(
        &s,
        r#"{ person(name: "alan turing") {
            name
            shows { totalCount edges { count firstEpisode { slug } node { slug } } }
            guest: appearances(role: GUEST) { totalCount }
            panel: appearances(role: PANELIST) { totalCount }
            picks(orderBy: [TITLE_ASC]) { edges { node { title episode { slug } } } }
            coAppearances { edges { count firstEpisode { slug } sharedEpisodes { totalCount }
              in2020: sharedEpisodes(where: { date: { year: 2020 } }) { totalCount } node { name } } }
            firstAppearance { episode { slug } role }
            lastAppearance { episode { slug } }
        } }"#,
        json!({}),
    )
    .await;
    let p = &d["person"];
    assert_eq!(p["shows"]["totalCount"], 2);
    assert_eq!(p["shows"]["edges"][0]["count"], 1);
    assert_eq!(p["guest"]["totalCount"], 2);
    assert_eq!(p["panel"]["totalCount"], 0);
    assert_eq!(names(p, "/picks/edges"), ["petgraph", "ripgrep"]);
    assert_eq!(names(p, "/coAppearances/edges"), ["Ada Lovelace", "Grace Hopper"], "by first shared episode");
    assert_eq!(p["coAppearances"]["edges"][0]["sharedEpisodes"]["totalCount"], 1);
    assert_eq!(p["coAppearances"]["edges"][0]["in2020"]["totalCount"], 0, "a1 is from 2019");
    assert_eq!(p["firstAppearance"]["episode"]["slug"], "a1");
    assert_eq!(p["firstAppearance"]["role"], "GUEST");
    assert_eq!(p["lastAppearance"]["episode"]["slug"], "b1");

    // Hosts count as panelists; a role filter narrows episodes.
    let d = data(
        &s,
        r#"{ person(slug: "grace-hopper") {
            appearances(role: PANELIST) { totalCount }
            hosted: episodes(role: HOST, orderBy: [DATE_DESC]) { edges { node { slug } } }
            shows(orderBy: [COUNT_DESC]) { edges { count node { slug } } }
            picks(filter: { domain: "wikipedia.org" }) { totalCount }
            wiki: picks(filter: { domain: "EN.Wikipedia.org" }) { totalCount }
        } }"#,
        json!({}),
    )
    .await;
    let p = &d["person"];
    assert_eq!(p["appearances"]["totalCount"], 4);
    assert_eq!(names(p, "/hosted/edges"), ["b2", "b1", "b3"], "undated last");
    assert_eq!(p["shows"]["edges"][0]["node"]["slug"], "beta");
    assert_eq!(p["shows"]["edges"][0]["count"], 3);
    assert_eq!(p["picks"]["totalCount"], 0, "domains compare exactly");
    assert_eq!(p["wiki"]["totalCount"], 1, "case and www. ignored by the shorthand");
}

#[tokio::test]
async fn show_sponsor_and_link_relationships() {
    let s = server().await;
    let d = data(
        &s,
        r#"{
          show(slug: "alpha") {
            hosts { edges { count node { name } } }
            sponsors { edges { count firstEpisode { slug } lastEpisode { slug } node { name } } }
            people(role: GUEST) { totalCount }
          }
          sponsor(name: "acme") {
            episodeCount firstSponsored { slug } lastSponsored { slug }
            shows { edges { count node { slug } } }
            episodes(where: { show: { slug: { eq: "beta" } } }) { edges { node { slug } } }
            timeline(groupBy: YEAR) { period count }
          }
          link(url: "http://www.github.com/petgraph/petgraph") {
            pickCount domain
            pickedBy { totalCount edges { count node { name } } }
            picks(orderBy: [DATE_DESC]) { edges { node { episode { slug } } } }
          }
        }"#,
        json!({}),
    )
    .await;
    assert_eq!(d["show"]["hosts"]["edges"], json!([{"count": 3, "node": {"name": "Ada Lovelace"}}]));
    assert_eq!(
        d["show"]["sponsors"]["edges"],
        json!([
            {"count": 2, "firstEpisode": {"slug": "a1"}, "lastEpisode": {"slug": "a2"}, "node": {"name": "Acme"}},
            {"count": 1, "firstEpisode": {"slug": "a3"}, "lastEpisode": {"slug": "a3"}, "node": {"name": "Globex"}}
        ])
    );
    assert_eq!(d["show"]["people"]["totalCount"], 2);
    let sp = &d["sponsor"];
    assert_eq!(sp["episodeCount"], 3);
    assert_eq!(sp["firstSponsored"]["slug"], "a1");
    assert_eq!(sp["lastSponsored"]["slug"], "b2");
    assert_eq!(
        sp["shows"]["edges"],
        json!([{"count": 2, "node": {"slug": "alpha"}}, {"count": 1, "node": {"slug": "beta"}}])
    );
    assert_eq!(names(sp, "/episodes/edges"), ["b2"]);
    assert_eq!(sp["timeline"], json!([{"period": "2019", "count": 2}, {"period": "2020", "count": 1}]));
    let l = &d["link"];
    assert_eq!(l["pickCount"], 2, "two spellings, one link");
    assert_eq!(l["domain"], "github.com");
    assert_eq!(names(l, "/pickedBy/edges"), ["Alan Turing", "Grace Hopper"]);
    assert_eq!(l["picks"]["edges"][0]["node"]["episode"]["slug"], "a3", "newest first");
    assert_eq!(l["picks"]["edges"][1]["node"]["episode"]["slug"], "a1");
}

#[tokio::test]
async fn rankings_count_what_they_say() {
    let s = server().await;
    let d = data(
        &s,
        r#"{
          topLinks(first: 3) { edges { node { rank count pickers link { canonicalUrl } } } }
          topDomains { edges { node { rank domain count links pickers } } }
          topPickers(first: 3) { edges { node { rank count episodes links person { name } } } }
          topGuests { edges { node { rank count shows person { name } } } }
          topSponsors { edges { node { rank count shows sponsor { name } } } }
          alpha2019: topPickers(show: "alpha", year: 2019) { edges { node { count person { name } } } }
          ranged: topGuests(from: "2019-02-01", to: "2019-12-31") { edges { node { count person { name } } } }
        }"#,
        json!({}),
    )
    .await;
    let rows = |k: &str| d[k]["edges"].as_array().unwrap().iter().map(|e| e["node"].clone()).collect::<Vec<_>>();
    let links = rows("topLinks");
    assert_eq!(links[0]["count"], 2);
    assert_eq!(links[0]["pickers"], 2);
    assert_eq!(links[1]["count"], 2);
    assert_eq!(links[1]["pickers"], 2);
    assert_eq!((links[0]["rank"].clone(), links[1]["rank"].clone()), (json!(1), json!(1)), "ties share a rank");
    assert_eq!(links[2]["link"]["canonicalUrl"], RUST_BOOK_CANONICAL);
    assert_eq!(links[2]["pickers"], 1, "picked twice by the same person");
    assert_eq!(links[2]["rank"], 1, "ranked by count: three links picked twice share rank 1");
    assert_eq!(links.len(), 3);
    let domains = rows("topDomains");
    assert_eq!(domains[0], json!({"rank": 1, "domain": "github.com", "count": 4, "links": 2, "pickers": 3}));
    let pickers = rows("topPickers");
    assert_eq!(pickers[0]["person"]["name"], "Ada Lovelace");
    assert_eq!(pickers[0]["count"], 3);
    assert_eq!(pickers[0]["episodes"], 3);
    assert_eq!(pickers[0]["links"], 2);
    let guests = rows("topGuests");
    assert_eq!(guests[0], json!({"rank": 1, "count": 2, "shows": 2, "person": {"name": "Alan Turing"}}));
    assert_eq!(guests.len(), 3);
    let sponsors = rows("topSponsors");
    assert_eq!(sponsors.iter().map(|r| r["count"].as_i64().unwrap()).collect::<Vec<_>>(), [3, 3]);
    assert_eq!(
        rows("alpha2019"),
        [
            json!({"count": 2, "person": {"name": "Ada Lovelace"}}),
            json!({"count": 1, "person": {"name": "Alan Turing"}}),
            json!({"count": 1, "person": {"name": "Edsger Dijkstra"}})
        ]
    );
    assert_eq!(
        rows("ranged"),
        [
            json!({"count": 1, "person": {"name": "Alan Turing"}}),
            json!({"count": 1, "person": {"name": "Edsger Dijkstra"}})
        ]
    );

    let bad = post(&s, r#"{ topLinks(show: "nope") { totalCount } }"#, json!({})).await;
    assert!(bad["errors"][0]["message"].as_str().unwrap().contains("unknown show"), "{bad}");
}

const RUST_BOOK_CANONICAL: &str = "https://doc.rust-lang.org/book";

#[tokio::test]
async fn trends_are_dense_series_per_scope() {
    let s = server().await;
    let d = data(
        &s,
        r#"{
          trends(groupBy: YEAR) {
            groupBy
            episodes { period start end count distinct }
            guestAppearances { period count distinct }
            picks(domain: "www.github.com") { period count distinct }
            sponsorships(sponsor: "globex") { period count }
          }
          show(slug: "alpha") { trends(groupBy: MONTH) { episodes { period count } } }
        }"#,
        json!({}),
    )
    .await;
    let t = &d["trends"];
    assert_eq!(t["groupBy"], "YEAR");
    assert_eq!(
        t["episodes"],
        json!([
            {"period": "2019", "start": "2019-01-01", "end": "2019-12-31", "count": 3, "distinct": 2},
            {"period": "2020", "start": "2020-01-01", "end": "2020-12-31", "count": 2, "distinct": 2}
        ])
    );
    assert_eq!(
        t["guestAppearances"],
        json!([{"period": "2019", "count": 3, "distinct": 2}, {"period": "2020", "count": 1, "distinct": 1}])
    );
    assert_eq!(
        t["picks"],
        json!([{"period": "2019", "count": 3, "distinct": 2}, {"period": "2020", "count": 1, "distinct": 1}]),
        "github picks: Alan twice and Ada in 2019, Grace in 2020"
    );
    assert_eq!(t["sponsorships"], json!([{"period": "2019", "count": 1}, {"period": "2020", "count": 2}]));
    let months = d["show"]["trends"]["episodes"].as_array().unwrap();
    assert_eq!(months.len(), 14, "2019-01 to 2020-02, empty months included");
    assert_eq!(months[0], json!({"period": "2019-01", "count": 1}));
    assert_eq!(months[1], json!({"period": "2019-02", "count": 0}));
    assert_eq!(months.iter().map(|m| m["count"].as_i64().unwrap()).sum::<i64>(), 3);
}

#[tokio::test]
async fn path_is_the_shortest_chain_with_the_shared_episodes() {
    let s = server().await;
    let d = data(
        &s,
        r#"{ path(from: "edsger-dijkstra", to: "barbara-liskov") {
            length people { name }
            hops { from { name } to { name } sharedCount episodes { edges { node { slug } } } }
        } }"#,
        json!({}),
    )
    .await;
    let p = &d["path"];
    assert_eq!(p["length"], 3);
    assert_eq!(names(p, "/people"), ["Edsger Dijkstra", "Ada Lovelace", "Grace Hopper", "Barbara Liskov"]);
    assert_eq!(p["hops"][1]["sharedCount"], 1);
    assert_eq!(p["hops"][1]["episodes"]["edges"][0]["node"]["slug"], "a3");

    // Global ids work too, the same path both ways; self-paths are empty; maxHops bounds.
    let ids = data(
        &s,
        r#"{ a: person(slug: "edsger-dijkstra") { id } b: person(slug: "barbara-liskov") { id } }"#,
        json!({}),
    )
    .await;
    let q = r#"query($a: ID!, $b: ID!) { ab: path(from: $a, to: $b) { length } ba: path(from: $b, to: $a) { length }
        self: path(from: $a, to: $a) { length hops { sharedCount } } short: path(from: $a, to: $b, maxHops: 2) { length } }"#;
    let d = data(&s, q, json!({"a": ids["a"]["id"], "b": ids["b"]["id"]})).await;
    assert_eq!(d["ab"]["length"], 3);
    assert_eq!(d["ba"]["length"], 3);
    assert_eq!(d["self"], json!({"length": 0, "hops": []}));
    assert_eq!(d["short"], Value::Null);
    let d = data(&s, r#"{ person(slug: "linus-torvalds") { pathTo(to: "alan-turing") { length } } }"#, json!({})).await;
    assert_eq!(d["person"]["pathTo"]["length"], 2, "Linus–Grace (b3), Grace–Alan (b1)");
    let bad = post(&s, r#"{ path(from: "nobody", to: "alan-turing") { length } }"#, json!({})).await;
    assert!(bad["errors"][0]["message"].as_str().unwrap().contains("no person"), "{bad}");
}

#[tokio::test]
async fn search_ranks_with_typos_aliases_and_kinds() {
    let s = server().await;
    let d = data(
        &s,
        r#"{
          people(search: "grace hoper") { edges { score matched node { name } } }
          picks(search: "PETGRAF") { totalCount }
          sponsors(search: "glob") { edges { matched node { name } } }
          search(query: "ripgrep") { edges { score node { __typename ... on Pick { episode { slug } } } } }
          none: people(search: "grace turing") { totalCount }
        }"#,
        json!({}),
    )
    .await;
    assert_eq!(d["people"]["edges"][0]["node"]["name"], "Grace Hopper");
    assert_eq!(d["people"]["edges"][0]["matched"], "Grace Hopper");
    assert!(d["people"]["edges"][0]["score"].as_f64().unwrap() < 1.0);
    assert_eq!(d["picks"]["totalCount"], 2, "one typo in an 8-letter word");
    assert_eq!(d["sponsors"]["edges"][0]["matched"], "Globex");
    let hits = d["search"]["edges"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| h["node"]["__typename"] == "Pick"));
    assert_eq!(d["none"]["totalCount"], 0, "every word must match");

    // search + where + orderBy compose.
    let d = data(
        &s,
        r#"{ episodes(search: "alpha", where: { date: { year: 2019 } }, orderBy: [DATE_DESC]) { edges { score node { slug } } } }"#,
        json!({}),
    )
    .await;
    assert_eq!(names(&d, "/episodes/edges"), ["a2", "a1"]);
    assert!(d["episodes"]["edges"][0]["score"].as_f64().is_some());
}

#[tokio::test]
async fn connections_page_both_ways_on_nested_lists() {
    let s = server().await;
    let q = r#"query($after: String, $before: String, $first: Int, $last: Int) {
        show(slug: "beta") { episodes(first: $first, after: $after, last: $last, before: $before, orderBy: [DATE_ASC]) {
          totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { slug } } } }"#;
    let p1 = data(&s, q, json!({"first": 2})).await;
    let c = &p1["show"]["episodes"];
    assert_eq!(c["totalCount"], 3);
    assert_eq!(names(c, "/nodes"), ["b1", "b2"]);
    assert_eq!(c["pageInfo"]["hasNextPage"], true);
    let p2 = data(&s, q, json!({"first": 2, "after": c["pageInfo"]["endCursor"]})).await;
    assert_eq!(names(&p2["show"]["episodes"], "/nodes"), ["b3"]);
    let back = data(&s, q, json!({"last": 1, "before": p2["show"]["episodes"]["pageInfo"]["startCursor"]})).await;
    assert_eq!(names(&back["show"]["episodes"], "/nodes"), ["b2"]);
    assert_eq!(back["show"]["episodes"]["pageInfo"]["hasPreviousPage"], true);
}

#[tokio::test]
async fn bad_filters_are_errors_not_empty_answers() {
    let s = server().await;
    let r = post(&s, r#"{ episodes(where: { date: { month: "2020-13" } }) { totalCount } }"#, json!({})).await;
    assert!(r["errors"][0]["message"].as_str().unwrap().contains("YYYY-MM"), "{r}");
    let deep = r#"{ people(where: { episodes: { some: { guests: { some: { episodes: { some: { guests: { some: {
        episodes: { some: { guests: { some: { name: { eq: "x" } } } } } } } } } } } } } }) { totalCount } }"#;
    let r = post(&s, deep, json!({})).await;
    assert!(r["errors"][0]["message"].as_str().unwrap().contains("deeper"), "{r}");
}

#[tokio::test]
async fn complexity_counts_page_sizes() {
    // Another engineer's `limit_complexity` must see `first` × child complexity.
    let schema = async_graphql::Schema::build(
        podgraph::schema::QueryRoot,
        async_graphql::EmptyMutation,
        async_graphql::EmptySubscription,
    )
    .limit_complexity(500)
    .finish();
    let snap = std::sync::Arc::new(small_network());
    let run = |q: &str| {
        let req = async_graphql::Request::new(q).data(snap.clone());
        let schema = schema.clone();
        async move { schema.execute(req).await }
    };
    let ok = run("{ people(first: 10) { edges { node { name picks(first: 10) { nodes { title } } } } } }").await;
    assert!(ok.errors.is_empty(), "{:?}", ok.errors);
    let big = run("{ people(first: 100) { edges { node { name picks(first: 100) { nodes { title } } } } } }").await;
    assert!(big.errors.iter().any(|e| e.message.contains("complex")), "{:?}", big.errors);
    let default = run("{ people { edges { node { picks { nodes { title } } } } } }").await;
    assert!(
        default.errors.iter().any(|e| e.message.contains("complex")),
        "20 × 20 × … by default: {:?}",
        default.errors
    );
}
