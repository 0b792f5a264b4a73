//! Turns one page's text into a [`model::Page`]: front matter, then the show notes.
//!
//! Pure functions only: text in, data and diagnostics out. Never panics, never does I/O,
//! never returns `Err`: whatever goes wrong is a [`Diagnostic`] with the file and line.

pub mod front_matter;
pub mod notes;

use crate::model::{Diagnostic, Episode, Page, PageOutcome, Severity};

/// What the loader knows about a page besides its text.
#[derive(Debug, Clone, Default)]
pub struct PageContext<'a> {
    /// Path relative to the data folder, `/`-separated (`elixir-mix/emx-044.md`).
    pub file: &'a str,
    /// Defaults of the page's folder (Eleventy's `<folder>/<folder>.11tydata.json`).
    pub folder_layout: Option<&'a str>,
    /// The folder is a blog (`"blog": true` in its data file).
    pub folder_is_blog: bool,
    /// Title of the show the page's podcast names, from `_data/podcasts`, if known.
    pub show_title: Option<&'a str>,
}

/// Parses one page. See the module docs for the guarantees.
pub fn parse_page(text: &str, ctx: &PageContext<'_>) -> Page {
    let file = ctx.file.to_string();
    let mut diagnostics = Vec::new();
    let mut diag = |line: u32, severity: Severity, message: String| {
        diagnostics.push(Diagnostic { file: file.clone(), line, severity, message })
    };
    let (folder, slug) = folder_and_slug(ctx.file);

    let split = match front_matter::split(text) {
        Ok(split) => split,
        Err(front_matter::SplitError::Missing) => {
            diag(1, Severity::Error, "no YAML front matter (the page must start with a `---` line)".into());
            return Page { file, outcome: PageOutcome::Failed, diagnostics };
        }
        Err(front_matter::SplitError::Unterminated) => {
            diag(1, Severity::Error, "front matter opened with `---` is never closed".into());
            return Page { file, outcome: PageOutcome::Failed, diagnostics };
        }
    };
    let (mut raw, problem) = front_matter::parse(split.yaml, split.yaml_line);
    if let Some(problem) = problem {
        diag(problem.line, Severity::Warning, problem.message);
    }

    if let Some(reason) = non_episode_reason(&raw, ctx) {
        return Page { file, outcome: PageOutcome::Skipped { reason }, diagnostics };
    }

    let Some(title) = raw.title.as_deref().map(front_matter::clean_title).filter(|t| !t.is_empty()) else {
        diag(split.yaml_line, Severity::Error, "episode has no title in its front matter".into());
        return Page { file, outcome: PageOutcome::Failed, diagnostics };
    };
    let line_of = |key: &str| key_line(split.yaml, split.yaml_line, key);

    // What the episode keeps of the front matter moves out of it (a page's last use of it).
    let podcast = raw.podcast.take().filter(|p| !p.is_empty()).unwrap_or_else(|| folder.to_string());

    // Some pages swap the two fields (`episode_number: 47:50`, `duration: 025`).
    let (mut number_raw, mut duration_raw) = (raw.episode_number.take(), raw.duration.take());
    if number_raw.as_deref().is_some_and(front_matter::looks_like_clock)
        && duration_raw.as_deref().is_none_or(|d| !front_matter::looks_like_clock(d))
    {
        diag(
            line_of("episode_number"),
            Severity::Warning,
            "episode_number looks like a duration; swapped with duration".into(),
        );
        std::mem::swap(&mut number_raw, &mut duration_raw);
    }

    let mut number = number_raw.as_deref().and_then(front_matter::parse_number);
    if number.is_none() {
        if let Some(n) = number_raw.as_deref() {
            diag(
                line_of("episode_number"),
                Severity::Warning,
                format!("episode_number {n:?} is not a number; read the title instead"),
            );
        }
        number = front_matter::number_from_title(&title, ctx.show_title);
    }
    let duration_seconds = duration_raw.as_deref().and_then(|d| {
        let parsed = front_matter::parse_duration(d);
        if parsed.is_none() {
            diag(line_of("duration"), Severity::Warning, format!("duration {d:?} is not a time; ignored"));
        }
        parsed
    });
    let date = match raw.date.as_deref() {
        Some(d) => {
            let parsed = front_matter::parse_date(d);
            if parsed.is_none() {
                diag(line_of("date"), Severity::Warning, format!("date {d:?} is not a date; ignored"));
            }
            parsed
        }
        None => {
            diag(split.yaml_line, Severity::Warning, "episode has no date".into());
            None
        }
    };

    let notes = notes::extract(split.body, split.body_line, &title);
    for (line, severity, message) in notes.diagnostics {
        diag(line, severity, message);
    }

    let episode = Episode {
        podcast,
        folder: folder.to_string(),
        slug: slug.to_string(),
        file: file.clone(),
        title,
        number,
        date,
        duration_seconds,
        audio_url: raw.audio_url.take(),
        tags: std::mem::take(&mut raw.tags),
        summary: notes.summary,
        people: notes.people,
        sponsors: notes.sponsors,
        picks: notes.picks,
        links: notes.links,
    };
    Page { file, outcome: PageOutcome::Episode(Box::new(episode)), diagnostics }
}

/// `elixir-mix/emx-044.md` → (`elixir-mix`, `emx-044`).
pub fn folder_and_slug(file: &str) -> (&str, &str) {
    let (folder, name) = file.rsplit_once('/').unwrap_or(("", file));
    let folder = folder.rsplit('/').next().unwrap_or(folder);
    (folder, name.strip_suffix(".md").unwrap_or(name))
}

/// Pages that are not episodes: other layouts (conference pages), blog folders and posts,
/// and pages without any episode field (meetups, events).
fn non_episode_reason(raw: &front_matter::RawFrontMatter, ctx: &PageContext<'_>) -> Option<String> {
    let layout = raw.layout.as_deref().or(ctx.folder_layout);
    if let Some(layout) = layout
        && !layout.ends_with("post.njk")
    {
        return Some(format!("not an episode: page layout is {layout:?}"));
    }
    if raw.tags.iter().any(|t| t.eq_ignore_ascii_case("blog")) {
        return Some("not an episode: blog post (tagged `blog`)".into());
    }
    if ctx.folder_is_blog {
        return Some("not an episode: its folder's data file marks its pages as blog pages".into());
    }
    let has_episode_field =
        raw.keys.iter().any(|k| matches!(k.as_str(), "podcast" | "episode_number" | "audio_url" | "duration"));
    if !has_episode_field {
        return Some("not an episode: no podcast, episode_number, audio_url or duration in the front matter (meetup or event page)".into());
    }
    None
}

/// 1-based page line of a top-level front matter key, or the block's first line.
fn key_line(yaml: &str, yaml_line: u32, key: &str) -> u32 {
    yaml.lines()
        .position(|l| l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')))
        .map_or(yaml_line, |i| yaml_line + i as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(file: &str) -> PageContext<'_> {
        PageContext { file, ..Default::default() }
    }

    #[test]
    fn blog_and_meetup_pages_are_skipped_with_a_reason() {
        let blog = "---\ntitle: Why\nauthor: x\ntags:\n  - blog\n---\nText\n";
        let page = parse_page(blog, &ctx("blog/why.md"));
        assert!(matches!(page.outcome, PageOutcome::Skipped { ref reason } if reason.contains("blog")));
        let meetup = "---\ntitle: Angular Meetup\ndate: 2020-04-01\n---\nJoin us\n";
        let page = parse_page(meetup, &ctx("meetups/angular.md"));
        assert!(matches!(page.outcome, PageOutcome::Skipped { .. }));
        let conf = "---\nlayout: layouts/conference.njk\ntitle: JS Remote\n---\n";
        let page = parse_page(conf, &ctx("conferences/js.md"));
        assert!(matches!(page.outcome, PageOutcome::Skipped { ref reason } if reason.contains("conference")));
    }

    #[test]
    fn missing_front_matter_fails_with_line() {
        let page = parse_page("no front matter\n", &ctx("x/y.md"));
        assert_eq!(page.outcome, PageOutcome::Failed);
        assert_eq!(page.diagnostics[0].line, 1);
        assert_eq!(page.diagnostics[0].file, "x/y.md");
    }

    #[test]
    fn podcast_defaults_to_folder_and_swapped_fields_are_fixed() {
        let text = "---\ntitle: MRS 025 Tyler\ndate: 2017-09-20 10:00:00\nepisode_number: 47:50\nduration: 025\npodcast: ''\n---\n";
        let page = parse_page(text, &ctx("my-ruby-story/mrs-025.md"));
        let PageOutcome::Episode(ep) = page.outcome else { panic!("{page:?}") };
        assert_eq!(ep.podcast, "my-ruby-story");
        assert_eq!(ep.number, Some(25));
        assert_eq!(ep.duration_seconds, Some(2870));
        assert_eq!(ep.slug, "mrs-025");
        assert!(page.diagnostics.iter().any(|d| d.line == 4 && d.message.contains("swapped")));
    }
}
