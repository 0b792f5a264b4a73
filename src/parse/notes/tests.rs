//! End-to-end tests of [`extract`] on short real snippets of each format variant, and a
//! robustness test on junk input.

use super::*;

fn names(n: &Notes, role: fn(Role) -> bool) -> Vec<String> {
    n.people.iter().filter(|p| role(p.role)).map(|p| p.name.clone()).collect()
}

fn picks(n: &Notes) -> Vec<(Option<String>, String, Option<String>)> {
    n.picks.iter().map(|p| (p.picker.as_deref().map(str::to_string), p.title.clone(), p.url.clone())).collect()
}

#[test]
fn typical_2019_page() {
    let body = "\n## Sponsors\n\n- [Sentry](https://sentry.io/) use the code “devchat”\n- [CacheFly](https://www.cachefly.com/)\n\n### Panel\n\n- Charles Max Wood\n- Josh Adams\n- Mark Ericksen\nJoined by Special Guest: Mika Kalathil\n### Summary\nMika Kalathil introduces genservers and how they are misused by many people.\n### Links\n\n- [https://lure.is/blog](https://lure.is/blog)\n\n### Picks\n**Mark Ericksen**\n- [https://a.com](https://a.com)\n**Charles Max Wood**\n- Find a positive place\n**Mika Kalathil**\n- [exercism.io](https://exercism.io)\n\n\n### Transcript\n\n**CHUCK:** Sponsored by [Hired](https://hired.com)\n";
    let n = extract(body, 13, "EMx 044: Dangers of GenServers in Elixir with Mika Kalathil");
    assert_eq!(names(&n, Role::is_panel), ["Charles Max Wood", "Josh Adams", "Mark Ericksen"]);
    assert_eq!(names(&n, |r| r == Role::Guest), ["Mika Kalathil"]);
    assert_eq!(n.people[0].line, 21);
    let sponsors: Vec<_> = n.sponsors.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(sponsors, ["Sentry", "CacheFly"]);
    assert_eq!(n.links.iter().collect::<Vec<_>>(), [("https://lure.is/blog", "https://lure.is/blog")]);
    assert_eq!(n.links.lines(), [29]);
    assert_eq!(
        n.summary.as_deref(),
        Some("Mika Kalathil introduces genservers and how they are misused by many people.")
    );
    assert_eq!(picks(&n).len(), 3);
    assert_eq!(n.picks[1].picker.as_deref(), Some("Charles Max Wood"));
    assert_eq!(n.picks[1].line, 35);
}

#[test]
fn tagged_picks_resolve_through_panel_and_transcript() {
    let body = "### Panel\n\n- AJ O'Neal ([twitter](https://twitter.com/coolaj86))\n- Charles Max Wood ([twitter](https://twitter.com/cmaxw))\n\n### Picks\n\n- [Utah JS Conf](https://conf.utahjs.com/) (AJ)\n- [OKCupid](https://www.okcupid.com/)&nbsp;(Chuck)\n- [Wool](https://wool.com) (Pete)\n\n### Transcript\n\n**CHUCK:** This week on our panel we have Pete Hodgson. **PETE:** Hi.\n";
    let n = extract(body, 1, "016 JSJ SQL and NoSQL");
    assert_eq!(
        picks(&n),
        vec![
            (Some("AJ O'Neal".into()), "Utah JS Conf".into(), Some("https://conf.utahjs.com/".into())),
            (Some("Charles Max Wood".into()), "OKCupid".into(), Some("https://www.okcupid.com/".into())),
            (Some("Pete Hodgson".into()), "Wool".into(), Some("https://wool.com".into())),
        ]
    );
    assert_eq!(n.people[0].links, ["https://twitter.com/coolaj86"]);
}

#[test]
fn flattened_transcript_is_not_notes() {
    let body = format!(
        "Panel Curtis McHale (twitter github blog) Eric Davis (twitter github blog) Discussion 01:30 - Rates {} Picks Zite (Eric) Sensei (Curtis) Book Club Book Yourself Solid Transcript CHUCK: [this episode is sponsored by planscope. go to planscope.io] Curtis Sponsors: [X](https://x.com)\n\n### Transcript\n\n**CHUCK:** hi\n",
        "words ".repeat(30)
    );
    let n = extract(&body, 1, "The Freelancers’ Show 078 – Training & Coaching");
    assert_eq!(names(&n, Role::is_panel), ["Curtis McHale", "Eric Davis"]);
    assert!(n.sponsors.is_empty(), "{:?}", n.sponsors);
    assert_eq!(
        picks(&n),
        vec![(Some("Eric Davis".into()), "Zite".into(), None), (Some("Curtis McHale".into()), "Sensei".into(), None),]
    );
}

#[test]
fn guest_listed_in_panel_stays_panel_and_title_guest_otherwise() {
    let body = "### Panel\n\n- Derick Bailey ([twitter](https://twitter.com/derickbailey))\n- Joe Eames\n";
    let n = extract(body, 1, "056 JSJ Marionette.js with Derick Bailey");
    assert_eq!(names(&n, Role::is_panel), ["Derick Bailey", "Joe Eames"]);
    assert!(names(&n, |r| r == Role::Guest).is_empty());
    let n = extract(
        "The crew talks Back& with Itay Herskovits and Relly Rivlan.\n",
        1,
        "023 AiA Back& with Itay Herskovits and Relly Rivlan",
    );
    assert_eq!(names(&n, |r| r == Role::Guest), ["Itay Herskovits", "Relly Rivlan"]);
}

#[test]
fn ambiguous_short_names_are_kept_with_a_diagnostic() {
    let body = "### Host: Aaron Frost\n### Joined By Special Guest : **Aaron Ma**\n### Picks\n**Aaron:**\n* [Thing](https://thing.com)\n";
    let n = extract(body, 1, "MAS 099: Aaron Ma");
    assert_eq!(n.picks[0].picker.as_deref(), Some("Aaron"));
    assert!(n.diagnostics.iter().any(|d| d.2.contains("ambiguous")), "{:?}", n.diagnostics);
    assert_eq!(names(&n, |r| r == Role::Host), ["Aaron Frost"]);
    assert_eq!(names(&n, |r| r == Role::Guest), ["Aaron Ma"]);
}

/// Junk, truncated and odd text never panics.
#[test]
fn never_panics_on_junk() {
    let seeds = [
        "### Picks\n[unclosed](http://x (Joe",
        "**Panel:** ((((([[[[ ]]]]\n- [a](b)(c)(",
        "Panel Curtis (twitter Discussion Picks ( Transcript CHUCK:",
        "é\u{200b}ü\u{feff}**:**ñ\n### Picks\n- (É & Ö)\n- ( )\n",
        "<a href=\"x\">y</a><br><u>z</u>\n```\ncode\n```\n> quote: A:\n",
        "02:35 - Introduction\n01: Introduction\n1:2 X Y Introduction\n",
        "| a | b |\n|---|---|\n| c | d |\n",
    ];
    let mut state = 0x2545_f491_u32;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let alphabet: Vec<char> = "ab AZ:()[]*_#-\n\t&;é漢\u{200b}0123456789/.,|>`<!\\".chars().collect();
    for seed in seeds {
        for cut in 0..=seed.len() {
            if seed.is_char_boundary(cut) {
                let _ = extract(&seed[..cut], 1, &seed[..cut]);
            }
        }
    }
    for _ in 0..300 {
        let len = (next() % 400) as usize;
        let s: String = (0..len).map(|_| alphabet[(next() as usize) % alphabet.len()]).collect();
        let n = extract(&s, 1, "Title with Some One");
        for p in &n.picks {
            assert!(p.line >= 1);
        }
    }
    let huge = format!("### Picks\n{}\n", "[a](http://a.com) (Joe)".repeat(5000));
    assert_eq!(extract(&huge, 1, "x").picks.len(), 5000);
}

#[test]
fn sponsor_line_under_picks_is_a_sponsor_not_a_pick() {
    let body = "### Picks\n\n- Taking time off (Philip)\n- [Wood Badge](https://www.woodbadge.org/) (Chuck)\n  &nbsp;This episode is sponsored by [hired.com](https://hired.com)\n";
    let n = extract(body, 1, "218 FS Don't Agree to Project Deadlines");
    assert_eq!(n.picks.len(), 2);
    assert_eq!(n.sponsors.len(), 1);
    assert_eq!(n.sponsors[0].name, "hired.com");
}

#[test]
fn promo_paragraph_after_picks_is_not_a_pick() {
    let body = "Picks\n\n[Hunter Loftis](https://youtube.com/a) (Pete)[Indie Game](https://imdb.com/b) (Pete)\n\niPhreaks T-Shirts are available via [Teespring](https://teespring.com/)! Visit [teespring.com/iphreaks](https://teespring.com/iphreaks) to reserve yours by Wednesday, May 6th!\n";
    let n = extract(body, 1, "102 iPS Game Development with Martin Grider");
    assert_eq!(n.picks.len(), 2, "{:?}", n.picks);
}

#[test]
fn bold_picks_label_in_the_middle_of_a_line() {
    let body = "**Panel:&nbsp;** Ward Bell Joe Eames Charles Max Wood **Special Guests:&nbsp;** Paul Spears and John Baur Paul and John both work at Oasis.\n\n- Topic\n  **Links:&nbsp;** [Oasis](https://oasis.com) **Picks:** Ward\n- [Angular In-Depth](https://angularindepth.com)\n  Joe\n- [Better Off Ted](https://imdb.com/t)\n  Charles\n- Low Carb Cheese Cake\n  Paul\n- [Stencil JS](https://stenciljs.com)\n";
    let n = extract(body, 1, "AiA 158: Teaching Angular with Paul Spears and John Baur");
    assert_eq!(names(&n, Role::is_panel), ["Ward Bell", "Joe Eames", "Charles Max Wood"]);
    assert_eq!(names(&n, |r| r == Role::Guest), ["Paul Spears", "John Baur"]);
    let p = picks(&n);
    assert_eq!(p.len(), 4);
    assert_eq!(p[0], (Some("Ward Bell".into()), "Angular In-Depth".into(), Some("https://angularindepth.com".into())));
    assert_eq!(p[2], (Some("Charles Max Wood".into()), "Low Carb Cheese Cake".into(), None));
    assert_eq!(p[3], (Some("Paul Spears".into()), "Stencil JS".into(), Some("https://stenciljs.com".into())));
}

#[test]
fn a_title_topic_written_in_lowercase_elsewhere_is_no_guest() {
    let body = "1:40 - Josh\u{2019}s Open Source Projects:\n- Getting people to contribute to open source\n";
    let n = extract(body, 1, "051 RR Getting Started with Open Source");
    assert!(!n.people.iter().any(|p| p.name == "Open Source"), "{:?}", n.people);
    let body = "1:40 - Simon talks about his projects\n";
    let n = extract(body, 1, "MRS 012 Getting started with Simon Moro");
    assert!(n.people.iter().any(|p| p.name == "Simon Moro"), "{:?}", n.people);
}

#[test]
fn bullet_labelled_picks_split_a_run_on_panel() {
    // adv-in-angular 167: "Name •[item](..)" labels, and a panel line run on into prose.
    let body = "**Panel:&nbsp;** Ward Bell John Papa Joe Eames Charles Max Wood In the episode the panel discusses Deploying Angular.\n\n- Topic\n  **Picks:** Charles •[Stranger Things 2](https://st.com)\n- [Avengers](https://yt.com/a)\n  Joe •[NG Conf.](https://www.ng-conf.org)\n- [Knit Wit](https://bgg.com/k)\n  Ward\n- Novel - [The Shadow of the Wind](https://amazon.com/s)\n  John\n- Try other Technologies\n  Alyssa \u{2022}[NG Atlanta](https://ng-atl.org)Joe \u{2022}Migrations\n";
    let n = extract(body, 1, "AiA 167: Deploying Angular");
    assert_eq!(names(&n, Role::is_panel), ["Ward Bell", "John Papa", "Joe Eames", "Charles Max Wood"]);
    let p = picks(&n);
    let by = |url: &str| p.iter().find(|x| x.2.as_deref() == Some(url)).and_then(|x| x.0.clone());
    assert_eq!(by("https://st.com").as_deref(), Some("Charles Max Wood"), "{p:?}");
    assert_eq!(by("https://yt.com/a").as_deref(), Some("Charles Max Wood"), "{p:?}");
    assert_eq!(by("https://www.ng-conf.org").as_deref(), Some("Joe Eames"), "{p:?}");
    assert_eq!(by("https://bgg.com/k").as_deref(), Some("Joe Eames"), "{p:?}");
    assert_eq!(by("https://amazon.com/s").as_deref(), Some("Ward Bell"), "{p:?}");
    assert_eq!(by("https://ng-atl.org").as_deref(), Some("Alyssa"), "{p:?}");
    let migrations = p.iter().find(|x| x.1 == "Migrations").expect("a label mid-line starts a pick");
    assert_eq!(migrations.0.as_deref(), Some("Joe Eames"));
}

#[test]
fn inline_labels_glued_to_links_and_hosts_in_prose() {
    let body = "On today's My Angular Story, Charles Max Wood interviews **Will Buck**. Will appeared before.\n\n## Picks:\n\nWill: [Freedome](https://f.com)Charles: RxJS with Ben Lesh and [17 hats](https://17hats.com)\n";
    let n = extract(body, 1, "MAS 013 Will Buck");
    assert_eq!(names(&n, Role::is_panel), ["Charles Max Wood"]);
    assert_eq!(names(&n, |r| r == Role::Guest), ["Will Buck"]);
    assert_eq!(n.picks[0].picker.as_deref(), Some("Will Buck"));
    assert_eq!(n.picks[0].url.as_deref(), Some("https://f.com"));
    assert!(n.picks[1..].iter().all(|p| p.picker.as_deref() == Some("Charles Max Wood")));
}

#[test]
fn run_on_panel_with_a_glued_timestamp() {
    let body =
        "Panel: Joe Eames, John Papa, and Charles Max Wood1:50 - Introducing Mike Hartington and Justin Willis\n";
    let n = extract(body, 1, "109 AiA Ionic 2 with Mike Hartington and Justin Willis");
    assert_eq!(names(&n, Role::is_panel), ["Joe Eames", "John Papa", "Charles Max Wood"]);
    assert_eq!(names(&n, |r| r == Role::Guest), ["Mike Hartington", "Justin Willis"]);
}

#[test]
fn flattened_opening_paragraph_names_panel_and_guest_mid_line() {
    let body = "React Native Radio | Episode 107 Panel Nader Dabit Spencer Carli Peter&nbsp;Piekarczyk Special Guest: Gabriel Peal In today's episode of React Native Radio, Nader Dabit, Peter Piekarczyk & Spencer Carli talk with Gabriel Peal.\n";
    let n = extract(body, 1, "React Native at Airbnb & Working at Tonal feat. Gabriel Peal");
    assert_eq!(names(&n, Role::is_panel), ["Nader Dabit", "Spencer Carli", "Peter Piekarczyk"]);
    assert_eq!(names(&n, |r| r == Role::Guest), ["Gabriel Peal"]);
    // Bold debris, a guest followed by a topic, and the label that ends the people part.
    let body = "**React Native Radio | Episode 76\\*\\*** <u>Panel </u> **Nader Dabit Peter Piekarczyk** Special Guest **: Naoufal Kadhom: Payment Processing ** <u>Discussions and Questions: </u> 0:30 How did you start?\n";
    let n = extract(body, 1, "React Native Payments feat. Naoufal Kadhom of Netflix");
    assert_eq!(names(&n, Role::is_panel), ["Nader Dabit", "Peter Piekarczyk"]);
    assert_eq!(names(&n, |r| r == Role::Guest), ["Naoufal Kadhom"]);
    // A timestamped speaker later in the paragraph is no label.
    let body = "React Native Radio – Episode 120 Panel: Nader Dabit Gant Laborde Special Guests: Eli Perkins. They discuss Fastlane. 16:06 – Guest: Yes Fastlane’s code is open source.\n";
    let n = extract(body, 1, "Fastlane + React Native feat. Eli Perkins");
    assert_eq!(names(&n, |r| r == Role::Guest), ["Eli Perkins"]);
}

#[test]
fn run_on_guests_are_kept_when_the_title_names_them() {
    let body = "**Panel:** Joe Aimee Charles **Special Guests:** Eric Simmons Albert Pai In this episode, JavaScript Jabbers talk to Eric Simmons and Albert Pai.\n";
    let n = extract(body, 1, "JSJ 280: Stackblitz with Eric Simons and Albert Pai");
    assert_eq!(names(&n, |r| r == Role::Guest), ["Eric Simmons", "Albert Pai"]);
    let body = "**Panel:** Nader Dabit **Guests :** Ben Hseih React Native File System\n";
    let n = extract(body, 1, "React Native Filesystem feat Ben Hseih");
    assert_eq!(names(&n, |r| r == Role::Guest), ["Ben Hseih"]);
}

#[test]
fn people_named_only_in_the_title() {
    // Conference talk: the speaker, by the shape of the title.
    let n = extract("I'll demonstrate robots.\n", 1, "Robots Love JavaScript Too - Brad Midgley - JS Remote Conf 2015");
    assert_eq!(names(&n, |r| r == Role::Guest), ["Brad Midgley"]);
    // Interview show: the name alone in the title, confirmed by the notes.
    let body = "## **MRS: 012 Simon Moro**\n\nThis episode is a My Ruby Story with Simon Moro. Simon is a producer.** Picks \\***\\*Simon** :\n\n- Cycling\n  **Charles** :\n- [Envato](https://www.envato.com/)\n";
    let n = extract(body, 1, "MRS 012 Simon Moro");
    assert_eq!(names(&n, |r| r == Role::Guest), ["Simon Moro"]);
    assert_eq!(picks(&n)[0], (Some("Simon Moro".into()), "Cycling".into(), None));
    assert_eq!(n.picks[1].picker.as_deref(), Some("Charles"));
    // A topic title is no person, even when the notes say "with" it.
    let n = extract(
        "03:04 - Panelist Experience with Public Speaking\n\n09:19 - Why bother with public speaking?\n",
        1,
        "188 FS Public Speaking",
    );
    assert!(n.people.is_empty(), "{:?}", n.people);
    let n = extract("Rack is the basis for most web frameworks in Ruby.\n", 1, "Rack Basics");
    assert!(n.people.is_empty(), "{:?}", n.people);
}

#[test]
fn solo_host_named_by_first_name() {
    let n = extract("Charles answers a question he got on Twitter about changing careers.\n", 1, "How to Transition");
    assert_eq!(names(&n, Role::is_panel), ["Charles"]);
    let n = extract("Dave asks where we dive into how to go freelance.\n", 1, "How do I go Freelance?");
    assert!(n.people.is_empty());
}

#[test]
fn unattributed_sub_header_and_names_inside_items() {
    let body = "On today’s episode, Charles Max Wood, Joe Eames, Alyssa Nicoll, and Dave Geddes discuss NG-Conf.\n\n## **Picks:**\n\nJoe: bravery and persistence, Alyssa Nicoll Dave: [Zombie Flexbox course](https://gedd.ski/), NG-Conf free tickets **Other picks to check out:** NG-Conf, Ionic framework\n\nExtras\n\n- [JavaScript Jabber Episode #152](https://devchat.tv/js-jabber/152)\n";
    let n = extract(body, 1, "AiA 130 NG-Conf Speaker Selection Process");
    assert_eq!(
        picks(&n),
        vec![
            (Some("Joe Eames".into()), "bravery and persistence, Alyssa Nicoll".into(), None),
            (Some("Dave Geddes".into()), "Zombie Flexbox course".into(), Some("https://gedd.ski/".into())),
            (Some("Dave Geddes".into()), "NG-Conf free tickets".into(), None),
            (None, "NG-Conf".into(), None),
            (None, "Ionic framework".into(), None),
        ]
    );
}

#[test]
fn possessive_and_shared_picker_labels() {
    let body = "## Charles’ Picks:\n\n- [Rogue One](https://starwars.com)\n\n## Picks\n\n**Sam Julien, Brooke Avery:**\n\n- [CSS](https://w3schools.com/css/)\n";
    let n = extract(body, 1, "Picks");
    assert_eq!(
        picks(&n),
        vec![
            (Some("Charles".into()), "Rogue One".into(), Some("https://starwars.com".into())),
            (Some("Sam Julien".into()), "CSS".into(), Some("https://w3schools.com/css/".into())),
            (Some("Brooke Avery".into()), "CSS".into(), Some("https://w3schools.com/css/".into())),
        ]
    );
}

#[test]
fn lowercase_phrase_search_over_joined_lines_agrees_with_line_by_line() {
    let reference = |name: &str, lines: &[Line], transcript: &str| {
        let lower = name.to_lowercase();
        if lower == name || !lower.contains(' ') {
            return false;
        }
        let head = &transcript[..lines::floor_boundary(transcript, 16_000)];
        let in_prose = |text: &str| {
            text.match_indices(lower.as_str()).any(|(at, _)| !text[..at].ends_with(['/', '@', '.', '-', '_']))
        };
        lines.iter().any(|l| in_prose(&l.text)) || in_prose(head)
    };
    let pages = [
        "open source is fun\n",
        "Getting Started with Open Source\n",
        "see github.com/open source\n\nand /open source\n",
        "ends with open\nsource starts here\n",
        "- [x](https://a.com/open source)\n- _open source\n",
        "Über Öffnung: über öffnung\n",
        "",
    ];
    for md in pages {
        let lines = lines::build(md, 1);
        for name in ["Open Source", "Über Öffnung", "Ava Ramos", "open source", "Open"] {
            for transcript in ["", "we like open source", "x/open source"] {
                assert_eq!(
                    written_in_lowercase(name, &lines, transcript),
                    reference(name, &lines, transcript),
                    "{name:?} in {md:?} / {transcript:?}"
                );
            }
        }
    }
}

#[test]
fn a_pickers_picks_share_its_names_and_a_full_name_as_written_is_one_string() {
    let body = "### Panel\n\n- Charles Max Wood\n- Aimee Knight\n\n### Picks\n\n**Chuck**\n- [Envato](https://www.envato.com/)\n- Cycling\n\n**Aimee Knight**\n- [Exercism](https://exercism.io)\n- Running\n";
    let n = extract(body, 1, "JSJ 100: Picks");
    let written: Vec<_> = n.picks.iter().map(|p| p.picker_as_written.as_deref()).collect();
    assert_eq!(written, [Some("Chuck"), Some("Chuck"), Some("Aimee Knight"), Some("Aimee Knight")]);
    let pickers: Vec<_> = n.picks.iter().map(|p| p.picker.as_deref()).collect();
    assert_eq!(
        pickers,
        [Some("Charles Max Wood"), Some("Charles Max Wood"), Some("Aimee Knight"), Some("Aimee Knight")]
    );
    let (chuck, aimee) = (&n.picks[0], &n.picks[2]);
    for (a, b) in [(&n.picks[0], &n.picks[1]), (&n.picks[2], &n.picks[3])] {
        assert!(Arc::ptr_eq(a.picker.as_ref().unwrap(), b.picker.as_ref().unwrap()));
        assert!(Arc::ptr_eq(a.picker_as_written.as_ref().unwrap(), b.picker_as_written.as_ref().unwrap()));
    }
    assert!(!Arc::ptr_eq(chuck.picker.as_ref().unwrap(), chuck.picker_as_written.as_ref().unwrap()));
    assert!(Arc::ptr_eq(aimee.picker.as_ref().unwrap(), aimee.picker_as_written.as_ref().unwrap()));
}
