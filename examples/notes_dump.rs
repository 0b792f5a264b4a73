//! Prints what the parser extracts from one or more pages (people, sponsors, picks, links,
//! summary, diagnostics), for checking a rule by eye.
//!
//! Run with `cargo run --release --example notes_dump -- PAGE.md [PAGE.md...]`.

use podgraph::model::PageOutcome;
use podgraph::parse::{PageContext, parse_page};

fn main() -> anyhow::Result<()> {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path)?;
        let file = path.rsplitn(3, '/').take(2).collect::<Vec<_>>();
        let file = format!("{}/{}", file.get(1).unwrap_or(&""), file[0]);
        let page = parse_page(&text, &PageContext { file: &file, ..Default::default() });
        println!("== {file}");
        if let PageOutcome::Episode(ep) = &page.outcome {
            println!("title: {}", ep.title);
            for p in &ep.people {
                println!("  person {:?} {:?} line {} links {:?}", p.role, p.name, p.line, p.links);
            }
            for s in &ep.sponsors {
                println!("  sponsor {:?} {:?} line {}", s.name, s.url, s.line);
            }
            for p in &ep.picks {
                println!(
                    "  pick [{}] {:?} {:?} +{:?} line {}",
                    p.picker.as_deref().unwrap_or("-"),
                    p.title,
                    p.url,
                    p.also_urls,
                    p.line
                );
            }
            for ((title, url), line) in ep.links.iter().zip(ep.links.lines()) {
                println!("  link {title:?} {url:?} line {line}");
            }
            println!("  summary: {:?}", ep.summary.as_deref().map(|s| s.chars().take(100).collect::<String>()));
        } else {
            println!("  {:?}", page.outcome);
        }
        for d in &page.diagnostics {
            println!("  diag {} {:?} {}", d.line, d.severity, d.message);
        }
    }
    Ok(())
}
