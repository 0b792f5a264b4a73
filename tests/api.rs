//! End to end over HTTP: the sample `data/` folder served on a loopback port, queried the
//! way score.py, dashboards and GraphiQL do.

use serde_json::{Value, json};

use crate::{post, root, start_server};

const SEED_SLUG: &str = "emx-044-dangers-of-genservers-in-elixir-with-mika-kalathil";

#[tokio::test]
async fn episode_contract_answers_for_the_sample() {
    let server = start_server(&root().join("data")).await;
    let q = r#"query($p:String!,$s:String!){episode(podcast:$p,slug:$s){title number date durationSeconds
        show { slug title } panelists{name} guests{name} sponsors{name url} picks{title url pickedBy{name} episode{slug}}}}"#;
    let r = post(&server, q, json!({"p": "elixir-mix", "s": SEED_SLUG})).await;
    assert!(r.get("errors").is_none(), "{r}");
    let ep = &r["data"]["episode"];
    assert_eq!(ep["title"], "EMx 044: Dangers of GenServers in Elixir with Mika Kalathil");
    assert_eq!(ep["number"], 44);
    assert_eq!(ep["date"], "2019-03-26");
    assert_eq!(ep["durationSeconds"], 2569);
    assert_eq!(ep["show"]["title"], "Elixir Mix");
    let names = |field: &str| -> Vec<String> {
        ep[field].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(names("panelists"), ["Charles Max Wood", "Josh Adams", "Mark Ericksen"]);
    assert_eq!(names("guests"), ["Mika Kalathil"], "\"Joined by Special Guest: X\" is a guest");
    assert_eq!(names("sponsors"), ["Sentry", "Triplebyte", ".TECH", "CacheFly"]);
    assert_eq!(ep["sponsors"][1]["url"], "https://triplebyte.com/elixir", "sponsor URL as written");
    let picks = ep["picks"].as_array().unwrap();
    assert_eq!(picks.len(), 9);
    let by = |who: &str| picks.iter().filter(|p| p["pickedBy"]["name"] == who).count();
    assert_eq!((by("Mark Ericksen"), by("Josh Adams"), by("Charles Max Wood"), by("Mika Kalathil")), (2, 1, 4, 2));
    let no_link = picks.iter().find(|p| p["url"].is_null()).expect("an item without a link is still a pick");
    assert_eq!(no_link["title"], "Find a positive place");
    assert!(picks.iter().all(|p| p["episode"]["slug"] == SEED_SLUG));

    let missing = post(&server, q, json!({"p": "elixir-mix", "s": "no-such-page"})).await;
    assert_eq!(missing["data"]["episode"], Value::Null);
    assert!(missing.get("errors").is_none());
}

/// The graph keeps a link's written spelling, a pick's URL and a fact's page only once (on
/// the link, the episode); the API gives each back where it was read.
#[tokio::test]
async fn urls_titles_and_sources_come_back_as_written() {
    let server = start_server(&root().join("data")).await;
    let q = r#"query($p:String!,$s:String!){episode(podcast:$p,slug:$s){source{file}
        links{title url} picks{title url source{file line} link{url canonicalUrl title picks(first: 100){nodes{title}}}}}}"#;
    let r = post(&server, q, json!({"p": "elixir-mix", "s": SEED_SLUG})).await;
    assert!(r.get("errors").is_none(), "{r}");
    let ep = &r["data"]["episode"];
    let file = ep["source"]["file"].as_str().unwrap();
    assert!(file.ends_with(&format!("{SEED_SLUG}.md")), "{file}");

    let links = ep["links"].as_array().unwrap();
    assert_eq!(links.len(), 5);
    assert_eq!(links[3]["title"], "https://www.facebook.com/Elixir-Mix");
    assert_eq!(links[3]["url"], "https://www.facebook.com/Elixir-Mix-302533817267005/");
    assert_eq!(links[4]["url"], "https://twitter.com/elixir_mix");

    let picks = ep["picks"].as_array().unwrap();
    let pick = |title: &str| picks.iter().find(|p| p["title"] == title).unwrap_or_else(|| panic!("{title}: {picks:?}"));
    // Written with www. and a noise parameter: the pick and its link keep the spelling,
    // the canonical form drops both.
    let video = pick("https://www.youtube.com/watch?v=Cpv1fxCV3sI&feature=youtu.be");
    assert_eq!(video["url"], "https://www.youtube.com/watch?v=Cpv1fxCV3sI&feature=youtu.be");
    assert_eq!(video["link"]["canonicalUrl"], "https://youtube.com/watch?v=Cpv1fxCV3sI");
    // Written canonically: the same text on the pick and the link.
    let exercism = pick("exercism.io");
    assert_eq!(exercism["url"], "https://exercism.io");
    assert_eq!(exercism["link"]["url"], "https://exercism.io");
    assert_eq!(exercism["link"]["canonicalUrl"], "https://exercism.io");
    let link_title = &exercism["link"]["title"];
    let pick_titles = exercism["link"]["picks"]["nodes"].as_array().unwrap();
    assert!(pick_titles.iter().any(|p| &p["title"] == link_title), "a link's title is one of its picks': {link_title}");
    let tweet = pick("https://twitter.com/TaylorPearsonMe");
    assert_eq!(tweet["url"], "https://twitter.com/TaylorPearsonMe/status/1092885357392101376?s=19");
    // Every pick is read on its own line of the episode's page.
    let mut lines: Vec<i64> = picks.iter().map(|p| p["source"]["line"].as_i64().unwrap()).collect();
    assert!(picks.iter().all(|p| p["source"]["file"] == file));
    assert!(lines.iter().all(|l| *l > 38), "{lines:?}");
    lines.dedup();
    assert_eq!(lines.len(), picks.len(), "{lines:?}");
    let no_link = pick("Find a positive place");
    assert!(no_link["url"].is_null() && no_link["link"].is_null());

    // Sponsorships and appearances carry their page and line too.
    let q = r#"query($p:String!,$s:String!){episode(podcast:$p,slug:$s){
        sponsors{source{file line}} appearances{source{file line}}}}"#;
    let r = post(&server, q, json!({"p": "elixir-mix", "s": SEED_SLUG})).await;
    assert!(r.get("errors").is_none(), "{r}");
    for list in ["sponsors", "appearances"] {
        let items = r["data"]["episode"][list].as_array().unwrap();
        assert!(!items.is_empty(), "{list}");
        for item in items {
            assert_eq!(item["source"]["file"], file, "{list}");
            assert!(item["source"]["line"].as_i64().unwrap() > 1, "{list}: {item}");
        }
    }
}

#[tokio::test]
async fn podcast_falls_back_to_the_folder_and_slug_may_carry_md() {
    let server = start_server(&root().join("data")).await;
    let q = "query($p:String!,$s:String!){episode(podcast:$p,slug:$s){title number durationSeconds}}";
    let r = post(&server, q, json!({"p": "my-javascript-story", "s": "mjs-012-lena-fischer"})).await;
    assert_eq!(r["data"]["episode"]["title"], "MJS 012: Lena Fischer");
    assert_eq!(r["data"]["episode"]["number"], 12, "number read from the title when the field is empty");
    assert_eq!(r["data"]["episode"]["durationSeconds"], 1865);
}

#[tokio::test]
async fn connections_page_with_cursors_and_total_count() {
    let server = start_server(&root().join("data")).await;
    let q = "query($after:String){episodes(first:2, after:$after){totalCount pageInfo{hasNextPage hasPreviousPage endCursor} edges{cursor node{slug date}}}}";
    let first = post(&server, q, json!({"after": null})).await;
    let conn = &first["data"]["episodes"];
    assert_eq!(conn["totalCount"], 6);
    assert_eq!(conn["edges"].as_array().unwrap().len(), 2);
    assert_eq!(conn["pageInfo"]["hasNextPage"], true);
    assert_eq!(conn["pageInfo"]["hasPreviousPage"], false);
    let dates: Vec<&str> =
        conn["edges"].as_array().unwrap().iter().map(|e| e["node"]["date"].as_str().unwrap()).collect();
    assert!(dates[0] >= dates[1], "newest first: {dates:?}");

    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let page = post(&server, q, json!({"after": after})).await;
        let conn = &page["data"]["episodes"];
        for e in conn["edges"].as_array().unwrap() {
            seen.push(e["node"]["slug"].as_str().unwrap().to_string());
        }
        if conn["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = conn["pageInfo"]["endCursor"].clone();
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(seen.len(), 6);
    assert_eq!(unique.len(), 6, "pages do not overlap");

    let bad = post(&server, "{episodes(after:\"garbage\"){totalCount}}", json!({})).await;
    assert!(bad["errors"][0]["message"].as_str().unwrap().contains("cursor"), "{bad}");
    let capped = post(&server, "{episodes(first:1000){edges{cursor}}}", json!({})).await;
    assert!(capped.get("errors").is_none(), "first above the cap is capped: {capped}");
}

#[tokio::test]
async fn search_arguments_filter_lists() {
    let server = start_server(&root().join("data")).await;
    let r = post(
        &server,
        "{episodes(search:\"genservers elixir\"){totalCount edges{score matched node{slug}}}}",
        json!({}),
    )
    .await;
    assert_eq!(r["data"]["episodes"]["totalCount"], 1, "{r}");
    assert_eq!(r["data"]["episodes"]["edges"][0]["node"]["slug"], SEED_SLUG);
    assert!(r["data"]["episodes"]["edges"][0]["score"].as_f64().unwrap() > 0.5);
    let shows = post(&server, "{shows{totalCount} show(slug:\"js-jabber\"){title episodeCount}}", json!({})).await;
    assert_eq!(shows["data"]["shows"]["totalCount"], 5);
    assert_eq!(shows["data"]["show"]["title"], "JavaScript Jabber");
    assert_eq!(shows["data"]["show"]["episodeCount"], 1);
}

#[tokio::test]
async fn global_ids_round_trip_through_node() {
    let server = start_server(&root().join("data")).await;
    let q = "query($p:String!,$s:String!){episode(podcast:$p,slug:$s){id}}";
    let r = post(&server, q, json!({"p": "elixir-mix", "s": SEED_SLUG})).await;
    let id = r["data"]["episode"]["id"].as_str().unwrap().to_string();
    let n = post(&server, "query($id:ID!){node(id:$id){id __typename ... on Episode {slug}}}", json!({"id": id})).await;
    assert_eq!(n["data"]["node"]["__typename"], "Episode");
    assert_eq!(n["data"]["node"]["slug"], SEED_SLUG);
    let none = post(&server, "{node(id:\"bm9wZQ\"){id}}", json!({})).await;
    assert_eq!(none["data"]["node"], Value::Null);
}

#[tokio::test]
async fn load_report_lists_skips_and_warnings_with_lines() {
    let server = start_server(&root().join("data")).await;
    let r = post(
        &server,
        "{loadReport{pagesRead episodesLoaded skipped{file reason} failed warningCount diagnostics{file line severity message}}}",
        json!({}),
    )
    .await;
    let rep = &r["data"]["loadReport"];
    assert_eq!(rep["pagesRead"], 8);
    assert_eq!(rep["episodesLoaded"], 6);
    let skipped: Vec<&str> = rep["skipped"].as_array().unwrap().iter().map(|s| s["file"].as_str().unwrap()).collect();
    assert_eq!(skipped, ["blog/why-we-moved-our-site.md", "meetups/elixir-virtual-meetup-may-2020.md"]);
    let yaml = rep["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "freelancers/tfs-302-saying-no.md")
        .expect("broken YAML reported");
    assert_eq!(yaml["line"], 3);
    assert_eq!(yaml["severity"], "WARNING");
}

#[tokio::test]
async fn health_graphiql_and_get_queries() {
    let server = start_server(&root().join("data")).await;
    let client = reqwest::Client::new();
    let health: Value = client.get(format!("{}/health", server.url)).send().await.unwrap().json().await.unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["episodes"], 6);

    let page = client.get(format!("{}/graphql", server.url)).header("accept", "text/html").send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().to_lowercase().contains("graphiql"));

    let r: Value = client
        .get(format!("{}/graphql", server.url))
        .query(&[("query", "{shows{totalCount}}")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["data"]["shows"]["totalCount"], 5);
}

#[tokio::test]
async fn short_names_resolve_and_people_are_one_node_across_shows() {
    let server = start_server(&root().join("data")).await;
    let q = r#"{ episode(podcast:"js-jabber", slug:"021-jsj-build-tools-with-nora-lindqvist") {
        panelists { name } guests { name } picks { title pickedBy { name } } }
      person(name:"chuck") { name aliases shows { edges { count node { slug } } } appearanceCount
        picks(first:50) { totalCount edges { node { title source { file line } } } } } }"#;
    let r = post(&server, q, json!({})).await;
    assert!(r.get("errors").is_none(), "{r}");
    let ep = &r["data"]["episode"];
    let pickers: Vec<(&str, &str)> = ep["picks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["title"].as_str().unwrap(), p["pickedBy"]["name"].as_str().unwrap()))
        .collect();
    assert!(pickers.contains(&("Raspberry Pi", "AJ O'Neal")), "{pickers:?}");
    assert!(pickers.contains(&("Stitcher", "Charles Max Wood")), "(Chuck) is Charles Max Wood: {pickers:?}");
    assert!(pickers.contains(&("Exercism", "Nora Lindqvist")), "{pickers:?}");
    // The gold rules: a guest the title names stays a panelist when the notes list them on the panel.
    assert!(ep["panelists"].as_array().unwrap().iter().any(|p| p["name"] == "Nora Lindqvist"), "{ep}");
    assert_eq!(ep["guests"], json!([]));

    let chuck = &r["data"]["person"];
    assert_eq!(chuck["name"], "Charles Max Wood");
    assert!(chuck["aliases"].as_array().unwrap().iter().any(|a| a == "Chuck"));
    assert!(chuck["shows"]["edges"].as_array().unwrap().len() >= 4, "one node across shows: {chuck}");
    let pick = &chuck["picks"]["edges"][0]["node"];
    assert!(pick["source"]["line"].as_i64().unwrap() > 1, "provenance has a real line: {pick}");
}

#[tokio::test]
async fn sponsors_are_one_node_per_brand_with_canonical_links() {
    let server = start_server(&root().join("data")).await;
    let q = r#"{ sponsor(name:"sentry") { name aliases episodeCount link { canonicalUrl domain } }
      link(url:"http://www.exercism.io/") { canonicalUrl pickCount pickedBy { nodes { name } } } }"#;
    let r = post(&server, q, json!({})).await;
    assert!(r.get("errors").is_none(), "{r}");
    let sentry = &r["data"]["sponsor"];
    assert_eq!(sentry["name"], "Sentry");
    assert_eq!(sentry["aliases"], json!(["Sentry.io"]));
    assert_eq!(sentry["episodeCount"], 2);
    assert_eq!(sentry["link"]["domain"], "sentry.io");
    let exercism = &r["data"]["link"];
    assert_eq!(exercism["canonicalUrl"], "https://exercism.io");
    assert_eq!(exercism["pickCount"], 3, "three spellings of one URL are one Link: {exercism}");
    assert_eq!(exercism["pickedBy"]["nodes"].as_array().unwrap().len(), 3);
}
