//! Performance work that must not change behaviour: the front matter fast path agrees with
//! serde_yaml_ng on every page it accepts, and `podgraph gen` folders load cleanly.

use podgraph::generate::{self, GenOptions};
use podgraph::parse::front_matter;

use crate::corpus_dir;

fn check_agreement(name: &str, text: &str, accepted: &mut usize, total: &mut usize) {
    let Ok(split) = front_matter::split(text) else { return };
    *total += 1;
    if let Some(fast) = front_matter::parse_common(split.yaml) {
        *accepted += 1;
        let (slow, problem) = front_matter::parse_yaml(split.yaml, split.yaml_line);
        assert!(problem.is_none(), "{name}: the fast path accepted front matter YAML rejects: {problem:?}");
        assert_eq!(fast, slow, "{name}: fast path and serde_yaml_ng disagree");
    }
}

#[test]
fn front_matter_fast_path_agrees_with_serde_yaml_on_the_corpus() {
    let dir = corpus_dir();
    let corpus = podgraph::corpus::scan(&dir).expect("corpus");
    let (mut accepted, mut total) = (0, 0);
    for f in &corpus.pages {
        let (text, _) = podgraph::corpus::read_page(f).unwrap();
        check_agreement(&f.rel, &text, &mut accepted, &mut total);
    }
    // The fast path is only worth having if it takes the common case.
    assert!(accepted * 10 >= total * 9, "fast path took {accepted} of {total} pages");
}

#[test]
fn front_matter_fast_path_agrees_on_generated_pages_and_edge_cases() {
    let net = generate::Network::new(GenOptions { episodes: 500, seed: 11, transcript_scale: 0.0 });
    let (mut accepted, mut total) = (0, 0);
    for i in 0..500 {
        let p = generate::page(&net, i);
        check_agreement(&p.rel, &p.text, &mut accepted, &mut total);
    }
    assert_eq!(accepted, total);
    let cases = [
        "title: 044\nepisode_number: 044\nduration: 1e3\n",
        "title: 'It''s'\nepisode_number: \"12\"\n",
        "title: true\npodcast: null\nlayout: ~\ntags: podcast\n",
        "title: >\n  One\n  Two\ndate: 2019-01-02 10:00:00\n",
        "title: >-\n    One  Two\ntags:\n- a\n- 'b'\n-\n- 7\n",
        "title: Foo: bar\n",
        "title: C# and F#\nduration: 47:50\n",
        "title: a # comment\n",
        "title: x\ntitle: y\n",
        "tags:\n  - a\n\n  - b\n",
        "title: |\n  literal\n",
        "title: inf\nduration: .5\nepisode_number: 0x1F\naudio_url: +3\n",
        "title: [a, b]\n",
        "question1: What?\nanswer1: >-\n  Performance is fine as long as the cells are\n  not complex. \n",
        "title: '  padded  '\n",
        "episode_number: 12345678901234567890123\n",
    ];
    for yaml in cases {
        let text = format!("---\n{yaml}---\nbody\n");
        check_agreement(yaml, &text, &mut accepted, &mut total);
    }
}

#[test]
fn generated_folder_loads_cleanly() {
    let dir = std::env::temp_dir().join(format!("podgraph-gen-smoke-{}", std::process::id()));
    let summary = generate::generate(GenOptions { episodes: 400, seed: 5, transcript_scale: 0.05 }, &dir).unwrap();
    let loaded = podgraph::load::load(&dir);
    let again = std::env::temp_dir().join(format!("podgraph-gen-smoke-{}-b", std::process::id()));
    generate::generate(GenOptions { episodes: 400, seed: 5, transcript_scale: 0.05 }, &again).unwrap();
    let same = {
        let c = podgraph::corpus::scan(&dir).unwrap();
        c.pages.iter().all(|f| std::fs::read(&f.path).unwrap() == std::fs::read(again.join(&f.rel)).unwrap())
    };
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_dir_all(&again).ok();
    let (graph, report) = loaded.expect("generated folder loads");
    assert!(same, "same seed, same bytes");
    assert_eq!(report.pages_read, summary.pages);
    assert_eq!(report.episodes_loaded, 400);
    assert_eq!(graph.episodes().len(), 400);
    assert_eq!(report.skipped.len(), summary.pages - 400, "{:?}", report.skipped);
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    assert_eq!(report.shows.len(), summary.shows);
}

#[test]
fn generated_model_builds_a_graph_with_people_and_picks() {
    let (net, episodes) = generate::synthesize(GenOptions { episodes: 2000, seed: 9, transcript_scale: 0.0 });
    let (graph, diagnostics) = podgraph::graph::PodGraph::build(episodes, &generate::site_data(&net));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(graph.episodes().len(), 2000);
    assert!(graph.people().len() > 1000, "{}", graph.people().len());
    assert!(graph.picks().len() > 4000, "{}", graph.picks().len());
    assert!(graph.sponsors().len() >= 20 && graph.sponsors().len() <= 30, "{}", graph.sponsors().len());
}
