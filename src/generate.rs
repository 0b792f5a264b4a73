//! `podgraph gen`: a synthetic podcast network in the real page formats, for load and scale
//! benchmarks.
//!
//! Deterministic: the same `--episodes`, `--seed` and `--transcript-scale` give byte-identical
//! folders (each page draws from its own generator seeded by (seed, page index), so pages are
//! written in parallel). What it writes mirrors the real corpus (`../shared/corpus/devchat`):
//!
//! * `<show>/<slug>.md` pages with YAML front matter in the variants real pages use (folded
//!   `title: >` or quoted titles, bare `031` or quoted `'259'` numbers, `1:07:51` / `'44:28'`
//!   durations, `2019-04-02 10:00:18` or ISO dates, tags, `question1..4` extras);
//! * show notes in five layouts seen on the site: list sections with `### **Panel**` headings,
//!   `**Panel:**` lists with picks attributed by a trailing `(Chuck)`, Elixir-Mix style
//!   `Name:` pick groups and `Show Topics`, the run-on "My … Story" layout
//!   (`**Panel:&nbsp;** A **Guest:** B ...`), and summary-first pages with `**Panelists**`;
//!   panels, guests (special guests, none, or two), sponsors with taglines and tracking
//!   parameters, links, picks with and without URLs, occasional misspelt or short names;
//! * transcripts (`### Transcript` and `**NAME:** ...` speaker turns) on about a third of the
//!   pages, 30–90 KB each like the real ones, times `--transcript-scale`;
//! * a few non-episode pages (blog posts, meetups), Eleventy `<folder>/<folder>.11tydata.json`
//!   defaults, and `_data/podcasts/*.json` and `_data/hosts/*.json`.
//!
//! The network grows with the episode count the way a real one would: about one show per
//! 1,500 episodes, a mostly new guest on most episodes, a long tail of picked links.
//! [`synthesize`] also returns the parsed model of each page (what an exact notes parser
//! reads from it), so graph building can be measured at scale independently of the parser.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use chrono::{Duration, NaiveDate};
use rayon::prelude::*;

use crate::model::{self, EpisodeLinks, PersonMention, PickMention, Role, SponsorMention};

/// `podgraph gen`: write a synthetic network of episode pages.
#[derive(Debug, Clone, clap::Args)]
pub struct GenArgs {
    /// Number of episode pages (a few blog and meetup pages are added).
    #[arg(long)]
    pub episodes: usize,
    /// Folder to write (created; existing pages are overwritten).
    #[arg(long)]
    pub out: std::path::PathBuf,
    /// Seed: the same seed and options give the same bytes.
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    /// Transcript size factor (1 = real sizes, 30-90 KB on a third of the pages; 0 = none).
    #[arg(long, default_value_t = 1.0)]
    pub transcript_scale: f64,
}

/// Runs `podgraph gen`.
pub fn run(args: &GenArgs) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let opts = GenOptions { episodes: args.episodes, seed: args.seed, transcript_scale: args.transcript_scale };
    let s = generate(opts, &args.out)?;
    println!(
        "wrote {} pages ({} episodes, {} shows, {:.1} MB) to {} in {:.1} s",
        s.pages,
        s.episodes,
        s.shows,
        s.bytes as f64 / 1e6,
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GenOptions {
    pub episodes: usize,
    pub seed: u64,
    /// Multiplies transcript sizes (1.0 = real sizes; 0 = no transcripts).
    pub transcript_scale: f64,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions { episodes: 1000, seed: 7, transcript_scale: 1.0 }
    }
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GenSummary {
    pub pages: usize,
    pub episodes: usize,
    pub shows: usize,
    pub bytes: u64,
}

/// SplitMix64: tiny, fast, and stable across versions (unlike a crate's default generator).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next_u64();
        r
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const FIRST: &[&str] = &[
    "Charles", "Joe", "Aimee", "Jamison", "Dave", "David", "Alyssa", "Ward", "Brian", "Jennifer", "Shai", "Aaron",
    "Mark", "Josh", "Eric", "Erik", "Lucas", "Justin", "Nader", "Chris", "Ben", "Marina", "Nate", "Andrew", "Sam",
    "Jessica", "John", "Philip", "Jonathan", "Rob", "Coraline", "Reuven", "Layne", "Anders", "Ahmed", "Mike", "Jay",
    "Amy", "Sarah", "Laura", "Emily", "Olivia", "Sophia", "Daniel", "Matthew", "James", "Robert", "William", "Thomas",
    "Steven", "Kevin", "Jason", "Ryan", "Gary", "Nicholas", "Eli", "Sandi", "Avdi", "Katrina", "Saron", "Valeri",
    "Tomasz", "Priya", "Wei", "Hiroshi", "Ana", "Lena", "Mika", "Brujo", "Thom", "Kent", "Martin", "Kelsey", "Tyler",
    "Noel", "Ines", "Fatima", "Kwame", "Chidi", "Aisha", "Yuki", "Mateo", "Lucia", "Pablo", "Sven", "Ingrid", "Nora",
    "Tomas", "Elif", "Dmitri", "Olga", "Raj", "Ananya", "Omar", "Leila", "Farhan", "Zoe", "Gabriel", "Camila",
    "Felipe", "Isabel", "Hannah", "Jacob", "Noah", "Liam", "Ethan", "Mason", "Logan", "Ava", "Mia", "Chloe", "Grace",
    "Henry", "Jack", "Owen", "Leo", "Julian", "Isaac", "Caleb", "Adrian", "Miles", "Ezra", "Aria", "Nina", "Vera",
];
const LAST: &[&str] = &[
    "Wood",
    "Eames",
    "Knight",
    "Dance",
    "Smith",
    "Kimura",
    "Nicoll",
    "Bell",
    "Love",
    "Wadella",
    "Reznik",
    "Frost",
    "Ericksen",
    "Justice",
    "Berry",
    "Hanchett",
    "Reis",
    "Bennett",
    "Dabit",
    "Fritz",
    "Hong",
    "Mosti",
    "Hopkins",
    "Richards",
    "Mason",
    "Livingstone",
    "Kerr",
    "Lerner",
    "Ehmke",
    "Haibel",
    "Grimm",
    "Metz",
    "Rubin",
    "Okafor",
    "Fischer",
    "Lindqvist",
    "Kalathil",
    "Benavides",
    "Parkin",
    "Beck",
    "Fowler",
    "Hughes",
    "Nakamura",
    "Tanaka",
    "Garcia",
    "Martinez",
    "Rodriguez",
    "Lopez",
    "Gonzalez",
    "Perez",
    "Sanchez",
    "Ramirez",
    "Torres",
    "Flores",
    "Rivera",
    "Gomez",
    "Diaz",
    "Cruz",
    "Morales",
    "Ortiz",
    "Gutierrez",
    "Chavez",
    "Ramos",
    "Ruiz",
    "Alvarez",
    "Mendoza",
    "Castillo",
    "Jimenez",
    "Moreno",
    "Romero",
    "Herrera",
    "Medina",
    "Aguilar",
    "Vargas",
    "Kowalski",
    "Nowak",
    "Wisniewski",
    "Wojcik",
    "Kaminski",
    "Lewandowski",
    "Zielinski",
    "Szymanski",
    "Novak",
    "Horvat",
    "Muller",
    "Schmidt",
    "Schneider",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schroder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Kruger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
    "Schmid",
    "Schulze",
    "Maier",
    "Kohler",
    "Herrmann",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Hill",
    "Campbell",
    "Mitchell",
    "Roberts",
    "Carter",
    "Phillips",
    "Evans",
    "Turner",
    "Parker",
    "Collins",
    "Edwards",
    "Stewart",
    "Morris",
    "Murphy",
    "Cook",
    "Rogers",
    "Morgan",
    "Peterson",
    "Cooper",
    "Reed",
    "Bailey",
    "Howard",
    "Ward",
    "Cox",
    "Richardson",
    "Watson",
    "Brooks",
    "James",
    "Gray",
    "Price",
    "Sanders",
    "Myers",
    "Long",
    "Ross",
    "Foster",
    "Powell",
    "Jenkins",
    "Perry",
    "Russell",
    "Sullivan",
    "Fisher",
    "Henderson",
    "Coleman",
    "Patterson",
    "Jordan",
    "Reynolds",
    "Hamilton",
    "Graham",
    "Wallace",
    "Woods",
    "Cole",
    "West",
    "Owens",
    "Ivanova",
    "Petrov",
    "Sokolov",
    "Popescu",
    "Nagy",
    "Kovacs",
    "Yilmaz",
    "Demir",
    "Sahin",
    "Celik",
    "Singh",
    "Kumar",
    "Sharma",
    "Patel",
    "Gupta",
    "Chen",
    "Wang",
    "Zhang",
    "Liu",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Sato",
    "Suzuki",
    "Takahashi",
    "Watanabe",
    "Ito",
    "Kim",
    "Lee",
    "Park",
    "Choi",
    "Jung",
    "Kang",
    "Cho",
    "Yoon",
    "Nguyen",
    "Tran",
    "Le",
    "Pham",
    "Hoang",
    "Phan",
    "Vu",
    "Dang",
    "Bui",
    "Do",
    "Okonkwo",
    "Adeyemi",
    "Mensah",
];
const TOPICS: &[&str] = &[
    "Rust",
    "Go",
    "Elixir",
    "Ruby",
    "JavaScript",
    "TypeScript",
    "React",
    "Vue",
    "Angular",
    "Svelte",
    "Python",
    "Kotlin",
    "Swift",
    "DevOps",
    "Kubernetes",
    "GraphQL",
    "Postgres",
    "Rails",
    "Phoenix",
    "Django",
    "Node",
    "Deno",
    "WebAssembly",
    "Flutter",
    "Dart",
    "Scala",
    "Clojure",
    "Haskell",
    "OCaml",
    "Zig",
    "Security",
    "Data",
    "Machine Learning",
    "Cloud",
    "Serverless",
    "Mobile",
    "Testing",
    "Design",
    "Accessibility",
    "Career",
];
const SHOW_FORMS: &[(&str, &str)] = &[
    ("Adventures in {}", "Ai{}"),
    ("{} Jabber", "{}J"),
    ("{} Rogues", "{}R"),
    ("My {} Story", "M{}S"),
    ("{} Mix", "{}Mx"),
    ("{} Round Up", "{}RU"),
    ("Views on {}", "Vo{}"),
    ("{} Radio", "{}Ra"),
    ("{} Clips", "{}C"),
    ("The {} Show", "T{}S"),
];
const WORDS: &[&str] = &[
    "the",
    "a",
    "we",
    "talk",
    "about",
    "how",
    "to",
    "build",
    "and",
    "test",
    "your",
    "code",
    "with",
    "in",
    "production",
    "teams",
    "that",
    "is",
    "it",
    "really",
    "think",
    "you",
    "know",
    "so",
    "this",
    "when",
    "they",
    "what",
    "more",
    "performance",
    "learning",
    "frameworks",
    "open",
    "source",
    "community",
    "conference",
    "deploy",
    "servers",
    "functions",
    "types",
    "compiler",
    "memory",
    "database",
    "queries",
    "cache",
    "latency",
    "users",
    "design",
    "components",
    "state",
    "hooks",
    "streams",
    "errors",
    "logging",
    "metrics",
    "release",
    "version",
    "upgrade",
    "migration",
    "legacy",
    "refactor",
    "architecture",
    "microservices",
    "monolith",
    "career",
    "mentoring",
    "hiring",
    "remote",
    "work",
    "burnout",
    "habits",
    "books",
    "tools",
    "editor",
    "terminal",
    "keyboard",
    "podcast",
    "episode",
    "panel",
    "guest",
    "question",
    "answer",
    "experience",
    "started",
    "programming",
    "years",
    "company",
    "startup",
    "product",
    "customers",
    "business",
    "freelancing",
    "pricing",
    "clients",
    "contracts",
    "value",
    "time",
    "money",
    "great",
    "interesting",
    "important",
    "simple",
    "hard",
    "easy",
    "fast",
    "slow",
    "better",
    "different",
    "same",
    "first",
    "last",
    "next",
    "new",
    "old",
    "big",
    "small",
    "good",
    "right",
    "wrong",
    "also",
    "just",
    "like",
    "yeah",
];
const SPONSORS: &[(&str, &str, &str)] = &[
    ("Sentry", "https://sentry.io/", " use the code “devchat” for $100 credit"),
    ("CacheFly", "https://www.cachefly.com/", ""),
    ("Triplebyte", "https://triplebyte.com/{show}", " offers a $1000 signing bonus"),
    ("Netlify", "https://www.netlify.com/", ""),
    ("Linode", "https://www.linode.com/?utm_source={show}&utm_medium=podcast", ""),
    ("DigitalOcean", "https://do.co/{show}", " | Get $100 in free credit"),
    ("Hired", "https://hired.com/{show}", ""),
    ("Frontend Masters", "https://frontendmasters.com/", ""),
    ("RedisGreen", "https://redisgreen.net/?utm_source={show}&utm_campaign={show}", ""),
    ("Raygun", "https://raygun.com/", ""),
    ("Rollbar", "https://rollbar.com/{show}", " | Resolve errors in minutes"),
    ("Loot Crate", "https://lootcrate.com/", ""),
    ("Datadog", "https://www.datadoghq.com/{show}", ""),
    ("Auth0", "https://auth0.com/", ""),
    ("Clubhouse", "https://clubhouse.io/", ""),
    ("Get A Coder Job", "https://devchat.tv/get-a-coder-job/", ""),
    ("G2i", "https://g2i.co/", " | Enjoy the luxuries of freelancing"),
    ("Toptal", "https://www.toptal.com/{show}", ""),
    ("Snyk", "https://snyk.io/", ""),
    ("Kendo UI", "https://www.telerik.com/kendo-ui", ""),
    ("Elixir Conf", "https://elixirconf.com/", ""),
    ("Indeed", "https://indeed.com/{show}", ""),
    ("Blue Box", "https://bluebox.net/", ""),
    ("New Relic", "https://newrelic.com/", ""),
];
const POPULAR_PICKS: &[(&str, &str)] = &[
    ("Amazon Prime", "https://www.amazon.com/Amazon-Prime-One-Year-Membership/dp/B00DBYBNEE"),
    (
        "The Pragmatic Programmer",
        "https://pragprog.com/titles/tpp20/the-pragmatic-programmer-20th-anniversary-edition/",
    ),
    ("Clean Code", "https://www.amazon.com/Clean-Code-Handbook-Software-Craftsmanship/dp/0132350882"),
    ("Visual Studio Code", "https://code.visualstudio.com/"),
    ("Oh My Zsh", "https://ohmyz.sh/"),
    ("Audible", "https://www.audible.com/"),
    ("Netflix", "https://www.netflix.com/"),
    ("The Mandalorian", "https://www.disneyplus.com/series/the-mandalorian/3jLIGMDYINqD"),
    ("Dungeons & Dragons", "https://dnd.wizards.com/"),
    ("Brandon Sanderson", "https://brandonsanderson.com/"),
    ("Getting Things Done", "https://gettingthingsdone.com/"),
    ("Deep Work by Cal Newport", "https://www.calnewport.com/books/deep-work/"),
    ("Atomic Habits", "https://jamesclear.com/atomic-habits"),
    ("Docker", "https://www.docker.com/"),
    ("GitHub Copilot", "https://github.com/features/copilot"),
    ("Raspberry Pi", "https://www.raspberrypi.org/"),
    ("Mechanical keyboards", "https://www.reddit.com/r/MechanicalKeyboards/"),
    ("Elgato Stream Deck", "https://www.elgato.com/en/stream-deck"),
    ("Zoom H6 recorder", "https://www.zoom-na.com/products/field-video-recording/field-recording/zoom-h6"),
    ("Electro-Voice RE20", "https://www.electrovoice.com/product.php?id=91"),
];
const PICK_KINDS: &[&str] = &["book", "tool", "library", "talk", "show", "game", "course", "article", "podcast", "app"];
const DOMAINS: &[&str] = &[
    "github.com",
    "medium.com",
    "dev.to",
    "www.youtube.com",
    "www.amazon.com",
    "blog.example.org",
    "npmjs.com",
    "crates.io",
    "hex.pm",
    "rubygems.org",
    "css-tricks.com",
    "smashingmagazine.com",
    "martinfowler.com",
];

/// A show of the synthetic network.
#[derive(Debug, Clone)]
pub struct SynthShow {
    pub slug: String,
    pub title: String,
    pub prefix: String,
    pub layout: usize,
    /// Regular panel (person ids).
    pub hosts: Vec<usize>,
    pub first_date: NaiveDate,
    /// Listed in `_data/hosts` (some shows' hosts are).
    pub listed: bool,
}

/// The whole network's fixed parts (shows, people's names), derived from the options.
#[derive(Debug, Clone)]
pub struct Network {
    pub opts: GenOptions,
    pub shows: Vec<SynthShow>,
    /// Show of each slot of the weighted round-robin cycle.
    cycle: Vec<usize>,
    /// Weight (occurrences in `cycle`) of each show.
    weight: Vec<usize>,
    /// Number of regular hosts (person ids `0..hosts`).
    pub host_people: usize,
    /// Guest ids are `host_people..host_people + guest_pool`.
    pub guest_pool: usize,
}

/// Display name of person `id`: distinct for every id below `FIRST × LAST × (LAST + 1)` (~8M),
/// spread over the name pools by a bijective multiplication so neighbours do not share a surname.
pub fn person_name(id: usize) -> String {
    if id == 0 {
        return "Charles Max Wood".into();
    }
    let (f, l, l2) = name_parts(id);
    match l2 {
        None => format!("{f} {l}"),
        // Double-barrelled surnames keep larger networks free of accidental namesakes.
        Some(l2) => format!("{f} {l2}-{l}"),
    }
}

fn name_parts(id: usize) -> (&'static str, &'static str, Option<&'static str>) {
    let m = FIRST.len() * LAST.len() * (LAST.len() + 1);
    // Small ids get single surnames: scramble within the first FIRST × LAST names, then beyond.
    let single = FIRST.len() * LAST.len();
    let x = if id < single {
        (id as u128 * 2_654_435_761u128 % single as u128) as usize
    } else {
        single + ((id - single) as u128 * 2_654_435_761u128 % (m - single) as u128) as usize
    };
    let f = FIRST[x % FIRST.len()];
    let rest = x / FIRST.len();
    let l = LAST[rest % LAST.len()];
    let rest = rest / LAST.len();
    (f, l, (rest > 0).then(|| LAST[rest - 1]))
}

fn first_name(id: usize) -> &'static str {
    if id == 0 { "Charles" } else { name_parts(id).0 }
}

fn short_name(id: usize) -> &'static str {
    if id == 0 { "Chuck" } else { first_name(id) }
}

impl Network {
    pub fn new(opts: GenOptions) -> Network {
        let n = opts.episodes.max(1);
        let show_count = (n / 1500).clamp(6, 4000);
        let mut rng = Rng::new(opts.seed, u64::MAX);
        let mut shows = Vec::with_capacity(show_count);
        let mut taken = std::collections::HashSet::new();
        let host_people = show_count * 3 + 1;
        for s in 0..show_count {
            let topic = TOPICS[s % TOPICS.len()];
            let (form, abbrev) = SHOW_FORMS[(s / TOPICS.len() + s) % SHOW_FORMS.len()];
            let round = s / (TOPICS.len() * SHOW_FORMS.len());
            let mut title = form.replace("{}", topic);
            if round > 0 {
                title = format!("{title} {}", round + 1);
            }
            let slug = crate::normalize::slugify(&title);
            if !taken.insert(slug.clone()) {
                continue;
            }
            let initials: String = topic.split(' ').filter_map(|w| w.chars().next()).collect();
            let prefix = abbrev.replace("{}", &initials).to_uppercase();
            // Charles hosts a third of the shows; each show has 3–5 regulars.
            let mut hosts = Vec::new();
            if s % 3 == 0 {
                hosts.push(0);
            }
            let regulars = rng.range(3, 5);
            while hosts.len() < regulars {
                let h = 1 + rng.below(host_people - 1);
                if !hosts.contains(&h) {
                    hosts.push(h);
                }
            }
            let first_date = NaiveDate::from_ymd_opt(2010, 1, 1).unwrap() + Duration::days(rng.below(3000) as i64);
            shows.push(SynthShow { slug, title, prefix, layout: s % 5, hosts, first_date, listed: s % 4 == 0 });
        }
        // Popular shows have more episodes: weights 1..=4.
        let weight: Vec<usize> = (0..shows.len()).map(|s| 1 + (s * 7 + 3) % 4).collect();
        let cycle: Vec<usize> = (0..shows.len()).flat_map(|s| std::iter::repeat_n(s, weight[s])).collect();
        Network { opts, shows, cycle, weight, host_people, guest_pool: (n * 7 / 10).max(50) }
    }

    /// Show and 1-based episode number of episode `i`.
    fn slot(&self, i: usize) -> (usize, u32) {
        let c = i % self.cycle.len();
        let show = self.cycle[c];
        let before = self.cycle[..c].iter().filter(|&&s| s == show).count();
        (show, ((i / self.cycle.len()) * self.weight[show] + before + 1) as u32)
    }
}

/// One generated page: its path relative to the folder, text, and the model an exact parser
/// reads from it (`None` for non-episode pages).
pub struct SynthPage {
    pub rel: String,
    pub text: String,
    pub episode: Option<model::Episode>,
}

/// Page `i` of the network (episodes, then the few non-episode pages at the end).
pub fn page(net: &Network, i: usize) -> SynthPage {
    let extra = extra_pages(net.opts.episodes);
    if i >= net.opts.episodes {
        return non_episode(net, i - net.opts.episodes, extra);
    }
    episode_page(net, i)
}

fn extra_pages(episodes: usize) -> usize {
    (episodes / 300).max(2)
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::with_capacity(words * 7);
    for w in 0..words {
        if w > 0 {
            s.push(' ');
        }
        s.push_str(WORDS[rng.below(WORDS.len())]);
    }
    if let Some(c) = s.get_mut(0..1) {
        c.make_ascii_uppercase();
    }
    s.push('.');
    s
}

fn sentence_in(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let n = rng.range(lo, hi);
    sentence(rng, n)
}

fn title_words_in(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let n = rng.range(lo, hi);
    title_words(rng, n)
}

fn title_words(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| {
            let w: &str = WORDS[rng.below(WORDS.len())];
            let mut c = w.chars();
            c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lines of a page being written, with their 1-based numbers.
struct Writer {
    text: String,
    line: u32,
}

impl Writer {
    fn line(&mut self, s: &str) -> u32 {
        let n = self.line;
        self.text.push_str(s);
        self.text.push('\n');
        self.line += 1 + s.bytes().filter(|&b| b == b'\n').count() as u32;
        n
    }
}

struct Pick {
    picker: usize,
    title: String,
    url: Option<String>,
}

fn episode_page(net: &Network, i: usize) -> SynthPage {
    let mut rng = Rng::new(net.opts.seed, i as u64);
    let (s, number) = net.slot(i);
    let show = &net.shows[s];
    let date = show.first_date + Duration::days(number as i64 * 3);
    // Layout changes with the era, as on the real site.
    let layout = if number % 200 < 80 { (show.layout + 1) % 5 } else { show.layout };

    // Panel: two to all of the regulars, sometimes one listed as host.
    let mut panel: Vec<usize> = show.hosts.iter().copied().filter(|_| rng.chance(0.75)).collect();
    if panel.len() < 2 {
        panel = show.hosts[..2.min(show.hosts.len())].to_vec();
    }
    let guest_count = match rng.below(10) {
        0 => 0,
        1 | 2 => 2,
        _ => 1,
    };
    let mut guests = Vec::new();
    for _ in 0..guest_count {
        // Mostly new faces; a fifth are frequent guests.
        let g = if rng.chance(0.2) { rng.below(net.guest_pool / 50 + 1) } else { rng.below(net.guest_pool) };
        let id = net.host_people + g;
        if !guests.contains(&id) {
            guests.push(id);
        }
    }
    let guest_names: Vec<String> = guests.iter().map(|&g| person_name(g)).collect();
    let topic = title_words_in(&mut rng, 2, 6);
    let title = if guest_names.is_empty() {
        format!("{} {number:03}: {topic}", show.prefix)
    } else {
        format!("{} {number:03}: {topic} with {}", show.prefix, guest_names.join(" and "))
    };
    let slug = format!("{}-{number:03}-{}", show.prefix.to_lowercase(), crate::normalize::slugify(&topic));
    let rel = format!("{}/{slug}.md", show.slug);
    let duration = rng.range(1200, 4800) as u32;
    let audio_url = format!("https://media.devchat.tv/{}/{}_{number:03}.mp3", show.slug, show.prefix);
    let tags = vec![show.slug.replace('-', "_"), "podcast".to_string()];

    let mut w = Writer { text: String::with_capacity(8 * 1024), line: 1 };
    // Front matter.
    w.line("---");
    let modern = layout == 4;
    if modern {
        w.line("layout: layouts/post.njk");
        w.line(&format!("podcast: {}", show.slug));
        w.line(&format!("title: '{}'", title.replace('\'', "''")));
        w.line(&format!("date: {}T10:00:{:02}.{:03}Z", date, rng.below(60), rng.below(1000)));
        w.line(&format!("episode_number: '{number}'"));
        w.line(&format!("duration: '{}:{:02}'", duration / 60, duration % 60));
        w.line(&format!("audio_url: '{audio_url}'"));
        w.line("tags:");
        for t in &tags {
            w.line(&format!("  - {t}"));
        }
        for g in &guest_names {
            w.line(&format!("  - {g}"));
        }
        for q in 1..=rng.range(0, 4) {
            w.line(&format!("question{q}: {}?", sentence(&mut rng, 8).trim_end_matches('.')));
            w.line(&format!("answer{q}: '{}'", sentence(&mut rng, 12)));
        }
    } else {
        w.line("layout: layouts/post.njk");
        w.line("title: >");
        w.line(&format!("      {title}"));
        w.line(&format!("date: {date} {:02}:00:{:02}", rng.range(4, 14), rng.below(60)));
        w.line(&format!("episode_number: {number:03}"));
        if duration >= 3600 {
            w.line(&format!("duration: {}:{:02}:{:02}", duration / 3600, duration / 60 % 60, duration % 60));
        } else {
            w.line(&format!("duration: {}:{:02}", duration / 60, duration % 60));
        }
        w.line(&format!("audio_url: {audio_url}"));
        w.line(&format!("podcast: {}", show.slug));
        w.line("tags: ");
        for t in &tags {
            w.line(&format!("  - {t}"));
        }
    }
    w.line("---");
    w.line("");

    let mut people: Vec<PersonMention> = Vec::new();
    let mut sponsors: Vec<SponsorMention> = Vec::new();
    let mut links: Vec<(&str, &str, u32)> = Vec::new();
    let mut pick_mentions: Vec<PickMention> = Vec::new();

    // Content drawn up front so every layout says the same things.
    let sponsor_items: Vec<(String, String, &str)> = {
        let n = rng.range(2, 4);
        let mut v: Vec<(String, String, &str)> = Vec::new();
        while v.len() < n {
            let (name, url, tag) = rng.pick(SPONSORS);
            if !v.iter().any(|(n2, _, _)| n2 == name) {
                v.push((name.to_string(), url.replace("{show}", &show.slug), tag));
            }
        }
        v
    };
    let link_items: Vec<(String, String)> = (0..rng.range(2, 7))
        .map(|_| {
            let t = title_words_in(&mut rng, 1, 4);
            let d = rng.pick(DOMAINS);
            (t.clone(), format!("https://{d}/{}", crate::normalize::slugify(&t)))
        })
        .collect();
    let mut picks: Vec<Pick> = Vec::new();
    for &p in panel.iter().chain(&guests) {
        for _ in 0..rng.range(0, 3) {
            let (title, url) = if rng.chance(0.25) {
                let (t, u) = rng.pick(POPULAR_PICKS);
                (t.to_string(), Some(u.to_string()))
            } else if rng.chance(0.12) {
                (sentence(&mut rng, 5).trim_end_matches('.').to_string(), None)
            } else {
                let t = format!("{} {}", title_words_in(&mut rng, 1, 4), rng.pick(PICK_KINDS));
                let d = rng.pick(DOMAINS);
                // The long tail: a URL nobody else picks (`i` keeps it unique).
                let u = format!("https://{d}/{}-{i}", crate::normalize::slugify(&t));
                (t, Some(u))
            };
            picks.push(Pick { picker: p, title, url });
        }
    }
    // A misspelt or middle-name-less guest name now and then, as pages have.
    let written_name = |id: usize, rng: &mut Rng| -> String {
        let name = person_name(id);
        if id >= net.host_people && rng.chance(0.02) {
            let mut b: Vec<char> = name.chars().collect();
            let k = b.len() - 2;
            b.swap(k, k + 1);
            return b.into_iter().collect();
        }
        name
    };

    let summary = (0..rng.range(2, 5)).map(|_| sentence_in(&mut rng, 8, 20)).collect::<Vec<_>>().join(" ");
    let add_person = |people: &mut Vec<PersonMention>, name: String, role: Role, line: u32| {
        people.push(PersonMention { name, role, links: Vec::new(), line });
    };

    match layout {
        // `## **Sponsors**`, `### **Panel**` lists, grouped picks.
        0 => {
            w.line("## **Sponsors**");
            w.line("");
            for (name, url, tag) in &sponsor_items {
                let l = w.line(&format!("- [{name}]({url}){tag}"));
                sponsors.push(SponsorMention { name: name.clone(), url: Some(url.clone()), line: l });
            }
            w.line("");
            w.line("### **Panel**");
            w.line("");
            for &p in &panel {
                let l = w.line(&format!("- {}", person_name(p)));
                add_person(&mut people, person_name(p), Role::Panelist, l);
            }
            for &g in &guests {
                let name = written_name(g, &mut rng);
                let l = w.line(&format!("Joined by Special Guest: {name}"));
                add_person(&mut people, name, Role::Guest, l);
            }
            w.line("### **Summary**");
            w.line(&summary);
            w.line("### **Links**");
            w.line("");
            for (t, u) in &link_items {
                let l = w.line(&format!("- [{t}]({u})"));
                links.push((t.as_str(), u.as_str(), l));
            }
            w.line("");
            w.line("### **Picks**");
            for &p in panel.iter().chain(&guests) {
                let mine: Vec<&Pick> = picks.iter().filter(|k| k.picker == p).collect();
                if mine.is_empty() {
                    continue;
                }
                w.line(&format!("**{}:**", person_name(p)));
                for k in mine {
                    let l = match &k.url {
                        Some(u) => w.line(&format!("- [{}]({u})", k.title)),
                        None => w.line(&format!("- {}", k.title)),
                    };
                    pick_mentions.push(PickMention {
                        picker: Some(person_name(p).into()),
                        picker_as_written: None,
                        title: k.title.clone(),
                        url: k.url.clone(),
                        also_urls: Vec::new(),
                        line: l,
                    });
                }
            }
        }
        // Old style: `**Panel:**` list, `**Special Guest:**`, picks attributed by `(Chuck)`.
        1 => {
            w.line("**Panel:**");
            w.line("");
            for &p in &panel {
                let l = w.line(&format!("- {} ", person_name(p)));
                add_person(&mut people, person_name(p), Role::Panelist, l);
            }
            w.line("");
            for &g in &guests {
                let name = written_name(g, &mut rng);
                let l = w.line(&format!("**Special Guest:** {name}&nbsp;"));
                add_person(&mut people, name, Role::Guest, l);
                w.line("");
            }
            w.line(&summary);
            w.line("");
            w.line("**Sponsors:**");
            w.line("");
            for (name, url, tag) in &sponsor_items {
                let l = w.line(&format!("- [{name}]({url}){tag}"));
                sponsors.push(SponsorMention { name: name.clone(), url: Some(url.clone()), line: l });
            }
            w.line("");
            w.line("**Links:**");
            w.line("");
            for (t, u) in &link_items {
                let l = w.line(&format!("- [{t}]({u})"));
                links.push((t.as_str(), u.as_str(), l));
            }
            w.line("");
            w.line("**Picks:**");
            w.line("");
            // All picks on one run-on line, each attributed by a trailing short name.
            let mut run = String::new();
            for k in &picks {
                match &k.url {
                    Some(u) => write!(run, "[{}]({u}) ({})", k.title, short_name(k.picker)).unwrap(),
                    None => write!(run, " {} ({})", k.title, short_name(k.picker)).unwrap(),
                }
            }
            let l = w.line(&run);
            for k in &picks {
                pick_mentions.push(PickMention {
                    picker: Some(person_name(k.picker).into()),
                    picker_as_written: None,
                    title: k.title.clone(),
                    url: k.url.clone(),
                    also_urls: Vec::new(),
                    line: l,
                });
            }
        }
        // Elixir Mix style: Show Topics timestamps, `Name:` pick groups.
        2 => {
            w.line(" **Panel:**");
            w.line("");
            for &p in &panel {
                let l = w.line(&format!("- {} ", person_name(p)));
                add_person(&mut people, person_name(p), Role::Panelist, l);
            }
            w.line("");
            if !guests.is_empty() {
                let names: Vec<String> = guests.iter().map(|&g| written_name(g, &mut rng)).collect();
                let l = w.line(&format!("**Special Guests:** {}", names.join(" and ")));
                for n in names {
                    add_person(&mut people, n, Role::Guest, l);
                }
                w.line("");
            }
            w.line(&format!("In this episode of {} {summary}", show.title));
            w.line("");
            w.line("**Show Topics:**");
            w.line("");
            for t in 0..rng.range(3, 10) {
                w.line(&format!("{}:{:02} – {}", t * 4, rng.below(60), sentence_in(&mut rng, 6, 25)));
                w.line("");
            }
            w.line("**Links:**");
            w.line("");
            for (t, u) in &link_items {
                let l = w.line(&format!("- [{t}]({u})"));
                links.push((t.as_str(), u.as_str(), l));
            }
            w.line("");
            w.line("**Sponsors:**");
            w.line("");
            for (name, url, tag) in &sponsor_items {
                let l = w.line(&format!("- [{name}]({url}){tag}"));
                sponsors.push(SponsorMention { name: name.clone(), url: Some(url.clone()), line: l });
            }
            w.line("");
            w.line("**Picks:**");
            w.line("");
            for &p in panel.iter().chain(&guests) {
                let mine: Vec<&Pick> = picks.iter().filter(|k| k.picker == p).collect();
                if mine.is_empty() {
                    continue;
                }
                w.line(&format!("{}:", short_name(p)));
                w.line("");
                for k in mine {
                    let l = match &k.url {
                        Some(u) => w.line(&format!("- [{}]({u})", k.title)),
                        None => w.line(&format!("- {}", k.title)),
                    };
                    pick_mentions.push(PickMention {
                        picker: Some(person_name(p).into()),
                        picker_as_written: None,
                        title: k.title.clone(),
                        url: k.url.clone(),
                        also_urls: Vec::new(),
                        line: l,
                    });
                }
                w.line("");
            }
        }
        // "My ... Story": everything run on in one paragraph.
        3 => {
            let guest = guests.first().map(|&g| written_name(g, &mut rng));
            let panel_names: Vec<String> = panel.iter().map(|&p| person_name(p)).collect();
            let mut head = format!("**Panel:&nbsp;** {}", panel_names.join(", "));
            if let Some(g) = &guest {
                write!(head, " **Guest:** {g}").unwrap();
            }
            write!(head, " {summary} **In particular, we dive pretty deep on:**").unwrap();
            let l = w.line(&head);
            for n in panel_names {
                add_person(&mut people, n, Role::Panelist, l);
            }
            if let Some(g) = guest {
                add_person(&mut people, g, Role::Guest, l);
            }
            w.line("");
            for _ in 0..rng.range(4, 12) {
                w.line(&format!("- {}", title_words_in(&mut rng, 1, 5)));
            }
            w.line("  **Links:&nbsp;**");
            for (t, u) in &link_items {
                let l = w.line(&format!("- [{t}]({u})"));
                links.push((t.as_str(), u.as_str(), l));
            }
            w.line("  **Sponsors**");
            for (name, url, tag) in &sponsor_items {
                let l = w.line(&format!("- [{name}]({url}){tag}"));
                sponsors.push(SponsorMention { name: name.clone(), url: Some(url.clone()), line: l });
            }
            w.line("  **Picks**");
            for &p in panel.iter().chain(&guests) {
                let mine: Vec<&Pick> = picks.iter().filter(|k| k.picker == p).collect();
                if mine.is_empty() {
                    continue;
                }
                w.line(&format!("  {}", first_name(p)));
                for k in mine {
                    let l = match &k.url {
                        Some(u) => w.line(&format!("- [{}]({u})", k.title)),
                        None => w.line(&format!("- {}", k.title)),
                    };
                    pick_mentions.push(PickMention {
                        picker: Some(person_name(p).into()),
                        picker_as_written: None,
                        title: k.title.clone(),
                        url: k.url.clone(),
                        also_urls: Vec::new(),
                        line: l,
                    });
                }
            }
            w.line("-");
        }
        // Summary first, then `**Panelists**`, `**Guest**`, sponsors, links, picks.
        _ => {
            for _ in 0..rng.range(1, 4) {
                w.line(&format!("{summary} {}", sentence_in(&mut rng, 10, 40)));
                w.line("");
            }
            w.line("**Panelists**");
            w.line("");
            for &p in &panel {
                let l = w.line(&format!("- {}", person_name(p)));
                add_person(&mut people, person_name(p), Role::Panelist, l);
            }
            w.line("");
            if !guests.is_empty() {
                w.line(if guests.len() > 1 { "**Guests**" } else { "**Guest**" });
                w.line("");
                for &g in &guests {
                    let name = written_name(g, &mut rng);
                    let l = w.line(&format!("- {name}"));
                    add_person(&mut people, name, Role::Guest, l);
                }
                w.line("");
            }
            w.line(&format!("## _{} is produced by DevChat.TV_", show.title));
            w.line("");
            w.line("**Sponsors**");
            w.line("");
            for (name, url, tag) in &sponsor_items {
                let l = w.line(&format!("- [{name}]({url}){tag}"));
                sponsors.push(SponsorMention { name: name.clone(), url: Some(url.clone()), line: l });
            }
            w.line("");
            w.line("**Links**");
            w.line("");
            for (t, u) in &link_items {
                let l = w.line(&format!("- [{t}]({u})"));
                links.push((t.as_str(), u.as_str(), l));
            }
            w.line("");
            w.line("**Picks**");
            w.line("");
            for k in &picks {
                let l = match &k.url {
                    Some(u) => w.line(&format!("- {}- [{}]({u})", person_name(k.picker), k.title)),
                    None => w.line(&format!("- {}- {}", person_name(k.picker), k.title)),
                };
                pick_mentions.push(PickMention {
                    picker: Some(person_name(k.picker).into()),
                    picker_as_written: None,
                    title: k.title.clone(),
                    url: k.url.clone(),
                    also_urls: Vec::new(),
                    line: l,
                });
            }
        }
    }

    // Transcripts: about a third of the pages, 30–90 KB at scale 1.
    if net.opts.transcript_scale > 0.0 && rng.chance(0.35) {
        let target = (rng.range(30_000, 90_000) as f64 * net.opts.transcript_scale) as usize;
        w.line("");
        w.line("### Transcript");
        w.line("");
        let speakers: Vec<String> = panel
            .iter()
            .chain(&guests)
            .map(|&p| short_name(p).to_uppercase())
            .chain(std::iter::once("CHUCK".to_string()))
            .collect();
        let start = w.text.len();
        let mut turn = String::with_capacity(512);
        while w.text.len() - start < target {
            turn.clear();
            write!(turn, "**{}:&nbsp;** ", rng.pick(&speakers)).unwrap();
            for _ in 0..rng.range(1, 6) {
                turn.push_str(&sentence_in(&mut rng, 4, 24));
                turn.push(' ');
            }
            // Flattened transcripts run many turns into one line.
            w.text.push_str(&turn);
            if rng.chance(0.3) {
                w.text.push('\n');
                w.line += 1;
            }
        }
        w.text.push('\n');
    }

    let episode = model::Episode {
        podcast: show.slug.clone(),
        folder: show.slug.clone(),
        slug: slug.clone(),
        file: rel.clone(),
        title,
        number: Some(number),
        date: Some(date),
        duration_seconds: Some(duration),
        audio_url: Some(audio_url),
        tags: if modern { tags.into_iter().chain(guest_names).collect() } else { tags },
        summary: None,
        people,
        sponsors,
        picks: pick_mentions,
        links: EpisodeLinks::new(&links),
    };
    SynthPage { rel, text: w.text, episode: Some(episode) }
}

fn non_episode(net: &Network, k: usize, _extra: usize) -> SynthPage {
    let mut rng = Rng::new(net.opts.seed, (net.opts.episodes + k) as u64);
    let date = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap() + Duration::days(k as i64);
    let t = title_words(&mut rng, 4);
    let slug = crate::normalize::slugify(&t);
    if k.is_multiple_of(2) {
        let text = format!(
            "---\ntitle: {t}\nauthor: {}\ndate: {date}\ntags:\n  - blog\n---\n\n{}\n",
            person_name(0),
            sentence(&mut rng, 40)
        );
        SynthPage { rel: format!("blog/{slug}-{k}.md"), text, episode: None }
    } else {
        let text = format!("---\ntitle: {t} Meetup\ndate: {date}\n---\n\nJoin us! {}\n", sentence(&mut rng, 20));
        SynthPage { rel: format!("meetups/{slug}-{k}.md"), text, episode: None }
    }
}

/// Every page's model, in page order, without writing anything (for in-memory build benchmarks).
pub fn synthesize(opts: GenOptions) -> (Network, Vec<model::Episode>) {
    let net = Network::new(opts);
    let episodes = (0..opts.episodes).into_par_iter().filter_map(|i| page(&net, i).episode).collect();
    (net, episodes)
}

/// The site data (`_data/`) of the network.
pub fn site_data(net: &Network) -> model::SiteData {
    let shows = net.shows.iter().map(|s| model::ShowInfo { slug: s.slug.clone(), title: s.title.clone() }).collect();
    let mut hosts: Vec<model::HostInfo> = Vec::new();
    for s in net.shows.iter().filter(|s| s.listed) {
        for &h in &s.hosts {
            let name = person_name(h);
            match hosts.iter_mut().find(|x| x.name == name) {
                Some(x) => x.podcasts.push(s.slug.clone()),
                None => hosts.push(model::HostInfo {
                    links: vec![format!("https://twitter.com/{}", crate::normalize::slugify(&name).replace('-', ""))],
                    name,
                    podcasts: vec![s.slug.clone()],
                }),
            }
        }
    }
    model::SiteData { shows, hosts }
}

/// Writes the network into `out` (created if needed; existing files are overwritten).
pub fn generate(opts: GenOptions, out: &Path) -> std::io::Result<GenSummary> {
    let net = Network::new(opts);
    let extra = extra_pages(opts.episodes);
    fs::create_dir_all(out.join("_data/podcasts"))?;
    fs::create_dir_all(out.join("_data/hosts"))?;
    for dir in net.shows.iter().map(|s| s.slug.as_str()).chain(["blog", "meetups"]) {
        fs::create_dir_all(out.join(dir))?;
    }
    fs::write(out.join("blog/blog.11tydata.json"), "{\n  \"layout\": \"layouts/post.njk\",\n  \"blog\": true\n}\n")?;
    let site = site_data(&net);
    for (i, s) in net.shows.iter().enumerate() {
        let json = serde_json::json!({"title": s.title, "slug": s.slug, "current": i % 2 == 0});
        fs::write(out.join(format!("_data/podcasts/{}.json", s.slug)), serde_json::to_string_pretty(&json)?)?;
        if i % 2 == 0 {
            let layout =
                serde_json::json!({"layout": "layouts/post.njk", "image": format!("/images/podcasts/{}.jpg", s.slug)});
            fs::write(out.join(format!("{0}/{0}.11tydata.json", s.slug)), serde_json::to_string_pretty(&layout)?)?;
        }
    }
    for h in &site.hosts {
        let json = serde_json::json!({"name": h.name, "twitter": h.links[0], "podcasts": h.podcasts});
        let file = crate::normalize::slugify(&h.name);
        fs::write(out.join(format!("_data/hosts/{file}.json")), serde_json::to_string_pretty(&json)?)?;
    }
    let total = opts.episodes + extra;
    let bytes = (0..total)
        .into_par_iter()
        .map(|i| {
            let p = page(&net, i);
            fs::write(out.join(&p.rel), &p.text).map(|()| p.text.len() as u64)
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    Ok(GenSummary { pages: total, episodes: opts.episodes, shows: net.shows.len(), bytes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{self, PageContext};

    #[test]
    fn deterministic_and_parseable() {
        let opts = GenOptions { episodes: 300, seed: 3, transcript_scale: 0.05 };
        let net = Network::new(opts);
        let again = Network::new(opts);
        for i in 0..opts.episodes + extra_pages(opts.episodes) {
            let (a, b) = (page(&net, i), page(&again, i));
            assert_eq!(a.text, b.text);
            let parsed = parse::parse_page(&a.text, &PageContext { file: &a.rel, ..Default::default() });
            match (&a.episode, &parsed.outcome) {
                (Some(ep), model::PageOutcome::Episode(got)) => {
                    assert_eq!(got.title, ep.title, "{}", a.rel);
                    assert_eq!(got.number, ep.number, "{}", a.rel);
                    assert_eq!(got.date, ep.date, "{}", a.rel);
                    assert_eq!(got.duration_seconds, ep.duration_seconds, "{}", a.rel);
                    assert_eq!(got.podcast, ep.podcast, "{}", a.rel);
                    // Warnings are fine (real pages get them too); errors are not.
                    let errors: Vec<_> =
                        parsed.diagnostics.iter().filter(|d| d.severity == model::Severity::Error).collect();
                    assert!(errors.is_empty(), "{}: {errors:?}", a.rel);
                }
                (None, model::PageOutcome::Skipped { .. }) => {}
                other => panic!("{}: {other:?}", a.rel),
            }
        }
    }

    #[test]
    fn episode_numbers_are_unique_per_show() {
        let net = Network::new(GenOptions { episodes: 5000, ..Default::default() });
        let mut seen = std::collections::HashSet::new();
        for i in 0..5000 {
            assert!(seen.insert(net.slot(i)), "{:?}", net.slot(i));
        }
    }
}
