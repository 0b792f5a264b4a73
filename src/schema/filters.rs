//! The `where` inputs (Neo4j GraphQL / Hasura style), the `orderBy` enums and the `picks`
//! shorthand `filter`, and their conversion into `graph::filter` values.
//!
//! Conversion resolves global ids against the request's graph (an id that names nothing
//! matches nothing) and bounds the filter's size: at most [`MAX_DEPTH`] nested relationship
//! conditions and [`MAX_CONDITIONS`] conditions in all, so a `where` cannot become an
//! expensive query on its own.

use std::collections::HashSet;

use async_graphql::{Enum, ID, InputObject};
use chrono::NaiveDate;

use crate::graph::filter::{self as gf, Rel, TextFilter};
use crate::graph::order::*;
use crate::graph::{LinkId, PersonId, PodGraph};

use super::ids::{self, NodeRef};
use super::types::{Date, Role};

/// Deepest nesting of relationship conditions in one `where`.
pub const MAX_DEPTH: usize = 5;
/// Most conditions (operators and relationship tests) in one `where`.
pub const MAX_CONDITIONS: usize = 256;

/// Conversion state: the graph ids are resolved against, and the size budget.
pub struct Conv<'g> {
    pub g: &'g PodGraph,
    depth: usize,
    conditions: usize,
}

type Res<T> = async_graphql::Result<T>;

impl<'g> Conv<'g> {
    pub fn new(g: &'g PodGraph) -> Self {
        Conv { g, depth: 0, conditions: 0 }
    }

    fn count(&mut self) -> Res<()> {
        self.conditions += 1;
        if self.conditions > MAX_CONDITIONS {
            return Err(format!("`where` has more than {MAX_CONDITIONS} conditions").into());
        }
        Ok(())
    }

    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Res<T>) -> Res<T> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!("`where` nests relationship conditions deeper than {MAX_DEPTH} levels").into());
        }
        let r = f(self);
        self.depth -= 1;
        r
    }
}

/// A GraphQL input that converts into a graph value.
pub trait Convert {
    type Out;
    fn convert(self, c: &mut Conv<'_>) -> Res<Self::Out>;
}

impl<T: Convert> Convert for Box<T> {
    type Out = T::Out;
    fn convert(self, c: &mut Conv<'_>) -> Res<T::Out> {
        (*self).convert(c)
    }
}

/// Converts an optional input.
pub fn opt<T: Convert>(v: Option<T>, c: &mut Conv<'_>) -> Res<Option<T::Out>> {
    v.map(|v| v.convert(c)).transpose()
}

fn list<T: Convert>(v: Option<Vec<T>>, c: &mut Conv<'_>) -> Res<Vec<T::Out>> {
    v.unwrap_or_default().into_iter().map(|x| x.convert(c)).collect()
}

fn boxed<T: Convert>(v: Option<Box<T>>, c: &mut Conv<'_>) -> Res<Option<Box<T::Out>>> {
    Ok(opt(v, c)?.map(Box::new))
}

fn nested_box<T: Convert>(v: Option<Box<T>>, c: &mut Conv<'_>) -> Res<Option<Box<T::Out>>> {
    match v {
        Some(v) => c.nested(|c| Ok(Some(Box::new(v.convert(c)?)))),
        None => Ok(None),
    }
}

/// Conditions on a text value. `eq`, `ne` and `in` compare exactly; `contains`,
/// `startsWith` and `endsWith` ignore case and accents.
#[derive(InputObject, Clone, Debug, Default)]
pub struct StringFilter {
    /// Exactly this value.
    pub eq: Option<String>,
    /// Anything but this value (a missing value also passes).
    pub ne: Option<String>,
    /// One of these values, exactly.
    #[graphql(name = "in")]
    pub in_: Option<Vec<String>>,
    /// Contains this text (case and accents ignored).
    pub contains: Option<String>,
    /// Starts with this text (case and accents ignored).
    pub starts_with: Option<String>,
    /// Ends with this text (case and accents ignored).
    pub ends_with: Option<String>,
    /// `true`: the value is present; `false`: it is missing.
    pub exists: Option<bool>,
}

impl Convert for StringFilter {
    type Out = TextFilter;
    fn convert(self, c: &mut Conv<'_>) -> Res<TextFilter> {
        c.count()?;
        Ok(TextFilter::new(
            self.eq,
            self.ne,
            self.in_,
            self.contains.as_deref(),
            self.starts_with.as_deref(),
            self.ends_with.as_deref(),
            self.exists,
        ))
    }
}

/// Conditions on a number (or on a count).
#[derive(InputObject, Clone, Debug, Default)]
pub struct IntFilter {
    /// Equal to.
    pub eq: Option<i32>,
    /// Not equal to.
    pub ne: Option<i32>,
    /// One of these values.
    #[graphql(name = "in")]
    pub in_: Option<Vec<i32>>,
    /// Greater than.
    pub gt: Option<i32>,
    /// Greater than or equal to.
    pub gte: Option<i32>,
    /// Less than.
    pub lt: Option<i32>,
    /// Less than or equal to.
    pub lte: Option<i32>,
    /// `true`: the value is present; `false`: it is missing.
    pub exists: Option<bool>,
}

impl Convert for IntFilter {
    type Out = gf::IntFilter;
    fn convert(self, c: &mut Conv<'_>) -> Res<gf::IntFilter> {
        c.count()?;
        let w = |v: Option<i32>| v.map(i64::from);
        Ok(gf::IntFilter {
            eq: w(self.eq),
            ne: w(self.ne),
            any_of: self.in_.map(|v| v.into_iter().map(i64::from).collect()),
            gt: w(self.gt),
            gte: w(self.gte),
            lt: w(self.lt),
            lte: w(self.lte),
            exists: self.exists,
        })
    }
}

/// Conditions on a date: ranges (`gte`/`lte`...), a calendar `year` or `month`, presence.
#[derive(InputObject, Clone, Debug, Default)]
pub struct DateFilter {
    /// On this day.
    pub eq: Option<Date>,
    /// After this day.
    pub gt: Option<Date>,
    /// On or after this day.
    pub gte: Option<Date>,
    /// Before this day.
    pub lt: Option<Date>,
    /// On or before this day.
    pub lte: Option<Date>,
    /// In this calendar year.
    pub year: Option<i32>,
    /// In this calendar month, `YYYY-MM`.
    pub month: Option<String>,
    /// `true`: the date is known; `false`: it is missing.
    pub exists: Option<bool>,
}

impl Convert for DateFilter {
    type Out = gf::DateFilter;
    fn convert(self, c: &mut Conv<'_>) -> Res<gf::DateFilter> {
        c.count()?;
        let month = match self.month {
            Some(m) => Some(parse_month(&m).ok_or_else(|| format!("month must be YYYY-MM, got {m:?}"))?),
            None => None,
        };
        let d = |v: Option<Date>| v.map(|d| d.0);
        Ok(gf::DateFilter {
            eq: d(self.eq),
            gt: d(self.gt),
            gte: d(self.gte),
            lt: d(self.lt),
            lte: d(self.lte),
            year: self.year,
            month,
            exists: self.exists,
        })
    }
}

fn parse_month(s: &str) -> Option<(i32, u32)> {
    let (y, m) = s.split_once('-')?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    NaiveDate::from_ymd_opt(y, m, 1).map(|_| (y, m))
}

/// Conditions on a global id.
#[derive(InputObject, Clone, Debug, Default)]
pub struct IdFilter {
    /// This object.
    pub eq: Option<ID>,
    /// One of these objects.
    #[graphql(name = "in")]
    pub in_: Option<Vec<ID>>,
}

impl IdFilter {
    /// The graph ids named, of the kind `pick` extracts (others match nothing).
    fn resolve<T: std::hash::Hash + Eq>(
        self,
        c: &mut Conv<'_>,
        pick: impl Fn(NodeRef) -> Option<T>,
    ) -> Res<HashSet<T>> {
        c.count()?;
        let all: Vec<ID> = self.eq.into_iter().chain(self.in_.unwrap_or_default()).collect();
        if all.len() > super::page::MAX_PAGE {
            return Err(format!("at most {} ids per id filter", super::page::MAX_PAGE).into());
        }
        Ok(all.iter().filter_map(|id| ids::resolve(c.g, id)).filter_map(pick).collect())
    }
}

/// Conditions on a role. `PANELIST` also matches hosts (hosts sit on the panel).
#[derive(InputObject, Clone, Debug, Default)]
pub struct RoleFilter {
    /// This role.
    pub eq: Option<Role>,
    /// One of these roles.
    #[graphql(name = "in")]
    pub in_: Option<Vec<Role>>,
}

impl Convert for RoleFilter {
    type Out = gf::RoleFilter;
    fn convert(self, c: &mut Conv<'_>) -> Res<gf::RoleFilter> {
        c.count()?;
        Ok(gf::RoleFilter {
            eq: self.eq.map(Into::into),
            any_of: self.in_.map(|v| v.into_iter().map(Into::into).collect()),
        })
    }
}

/// Declares a to-many relationship condition input.
macro_rules! list_where {
    ($name:ident, $item:ty, $doc:literal) => {
        #[doc = $doc]
        #[derive(InputObject, Debug, Default)]
        pub struct $name {
            /// At least one related item matches.
            pub some: Option<Box<$item>>,
            /// No related item matches.
            pub none: Option<Box<$item>>,
            /// Every related item matches (true when there are none).
            pub all: Option<Box<$item>>,
            /// Exactly one related item matches.
            pub single: Option<Box<$item>>,
            /// The number of related items.
            pub count: Option<IntFilter>,
        }

        impl Convert for $name {
            type Out = Rel<<$item as Convert>::Out>;
            fn convert(self, c: &mut Conv<'_>) -> Res<Self::Out> {
                c.count()?;
                Ok(Rel {
                    role: None,
                    some: nested_box(self.some, c)?,
                    none: nested_box(self.none, c)?,
                    all: nested_box(self.all, c)?,
                    single: nested_box(self.single, c)?,
                    count: opt(self.count, c)?,
                })
            }
        }
    };
    ($name:ident, $item:ty, $doc:literal, role) => {
        #[doc = $doc]
        #[derive(InputObject, Debug, Default)]
        pub struct $name {
            /// Only relationships in this role (`PANELIST` includes hosts); any role when absent.
            pub role: Option<Role>,
            /// At least one related item matches.
            pub some: Option<Box<$item>>,
            /// No related item matches.
            pub none: Option<Box<$item>>,
            /// Every related item matches (true when there are none).
            pub all: Option<Box<$item>>,
            /// Exactly one related item matches.
            pub single: Option<Box<$item>>,
            /// The number of related items.
            pub count: Option<IntFilter>,
        }

        impl Convert for $name {
            type Out = Rel<<$item as Convert>::Out>;
            fn convert(self, c: &mut Conv<'_>) -> Res<Self::Out> {
                c.count()?;
                Ok(Rel {
                    role: self.role.map(Into::into),
                    some: nested_box(self.some, c)?,
                    none: nested_box(self.none, c)?,
                    all: nested_box(self.all, c)?,
                    single: nested_box(self.single, c)?,
                    count: opt(self.count, c)?,
                })
            }
        }
    };
}

list_where!(EpisodeListWhere, EpisodeWhere, "A condition on a list of related episodes.");
list_where!(PersonListWhere, PersonWhere, "A condition on a list of related people.");
list_where!(ShowListWhere, ShowWhere, "A condition on a list of related shows.");
list_where!(SponsorListWhere, SponsorWhere, "A condition on a list of related sponsors.");
list_where!(PickListWhere, PickWhere, "A condition on a list of related picks.");
list_where!(
    PersonEpisodesWhere,
    EpisodeWhere,
    "A condition on the episodes a person appeared on, optionally in one role.",
    role
);
list_where!(
    PersonShowsWhere,
    ShowWhere,
    "A condition on the distinct shows a person appeared on, optionally in one role.",
    role
);

fn nested_opt<T: Convert>(v: Option<T>, c: &mut Conv<'_>) -> Res<Option<T::Out>> {
    match v {
        Some(v) => c.nested(|c| v.convert(c).map(Some)),
        None => Ok(None),
    }
}

/// Filters episodes. All given conditions must hold; `AND`, `OR` and `NOT` combine filters.
#[derive(InputObject, Debug, Default)]
pub struct EpisodeWhere {
    /// Every one of these filters holds.
    #[graphql(name = "AND")]
    pub and: Option<Vec<EpisodeWhere>>,
    /// At least one of these filters holds.
    #[graphql(name = "OR")]
    pub or: Option<Vec<EpisodeWhere>>,
    /// This filter does not hold.
    #[graphql(name = "NOT")]
    pub not: Option<Box<EpisodeWhere>>,
    /// The episode's global id.
    pub id: Option<IdFilter>,
    /// The title.
    pub title: Option<StringFilter>,
    /// The page's file name without `.md`.
    pub slug: Option<StringFilter>,
    /// Front matter `podcast` (the show's slug).
    pub podcast: Option<StringFilter>,
    /// The episode's show.
    pub show: Option<Box<ShowWhere>>,
    /// The episode number.
    pub number: Option<IntFilter>,
    /// The publication date (ranges, year, month).
    pub date: Option<DateFilter>,
    /// The length in seconds.
    pub duration_seconds: Option<IntFilter>,
    /// Some front matter tag.
    pub tag: Option<StringFilter>,
    /// Everyone listed on the episode (panel and guests).
    pub people: Option<Box<PersonListWhere>>,
    /// The panel (hosts included).
    pub panelists: Option<Box<PersonListWhere>>,
    /// The guests: `{ guests: { some: { name: { eq: "Jane Doe" } } } }`.
    pub guests: Option<Box<PersonListWhere>>,
    /// The sponsors.
    pub sponsors: Option<Box<SponsorListWhere>>,
    /// The picks.
    pub picks: Option<Box<PickListWhere>>,
}

impl Convert for EpisodeWhere {
    type Out = gf::EpisodeFilter;
    fn convert(self, c: &mut Conv<'_>) -> Res<gf::EpisodeFilter> {
        c.count()?;
        Ok(gf::EpisodeFilter {
            and: list(self.and, c)?,
            or: list(self.or, c)?,
            not: boxed(self.not, c)?,
            ids: self
                .id
                .map(|f| {
                    f.resolve(c, |r| match r {
                        NodeRef::Episode(e) => Some(e),
                        _ => None,
                    })
                })
                .transpose()?,
            title: opt(self.title, c)?,
            slug: opt(self.slug, c)?,
            podcast: opt(self.podcast, c)?,
            show: nested_box(self.show, c)?,
            number: opt(self.number, c)?,
            date: opt(self.date, c)?,
            duration_seconds: opt(self.duration_seconds, c)?,
            tag: opt(self.tag, c)?,
            people: nested_opt(self.people, c)?,
            panelists: nested_opt(self.panelists, c)?,
            guests: nested_opt(self.guests, c)?,
            sponsors: nested_opt(self.sponsors, c)?,
            picks: nested_opt(self.picks, c)?,
        })
    }
}

/// Filters shows.
#[derive(InputObject, Debug, Default)]
pub struct ShowWhere {
    /// Every one of these filters holds.
    #[graphql(name = "AND")]
    pub and: Option<Vec<ShowWhere>>,
    /// At least one of these filters holds.
    #[graphql(name = "OR")]
    pub or: Option<Vec<ShowWhere>>,
    /// This filter does not hold.
    #[graphql(name = "NOT")]
    pub not: Option<Box<ShowWhere>>,
    /// The show's global id.
    pub id: Option<IdFilter>,
    /// The slug (`js-jabber`).
    pub slug: Option<StringFilter>,
    /// The display title.
    pub title: Option<StringFilter>,
    /// The show's episodes (`count` tests how many).
    pub episodes: Option<Box<EpisodeListWhere>>,
    /// The regular panel.
    pub hosts: Option<Box<PersonListWhere>>,
    /// Sponsors of any of its episodes.
    pub sponsors: Option<Box<SponsorListWhere>>,
}

impl Convert for ShowWhere {
    type Out = gf::ShowFilter;
    fn convert(self, c: &mut Conv<'_>) -> Res<gf::ShowFilter> {
        c.count()?;
        Ok(gf::ShowFilter {
            and: list(self.and, c)?,
            or: list(self.or, c)?,
            not: boxed(self.not, c)?,
            ids: self
                .id
                .map(|f| {
                    f.resolve(c, |r| match r {
                        NodeRef::Show(s) => Some(s),
                        _ => None,
                    })
                })
                .transpose()?,
            slug: opt(self.slug, c)?,
            title: opt(self.title, c)?,
            episodes: nested_opt(self.episodes, c)?,
            hosts: nested_opt(self.hosts, c)?,
            sponsors: nested_opt(self.sponsors, c)?,
        })
    }
}

/// Filters people.
#[derive(InputObject, Debug, Default)]
pub struct PersonWhere {
    /// Every one of these filters holds.
    #[graphql(name = "AND")]
    pub and: Option<Vec<PersonWhere>>,
    /// At least one of these filters holds.
    #[graphql(name = "OR")]
    pub or: Option<Vec<PersonWhere>>,
    /// This filter does not hold.
    #[graphql(name = "NOT")]
    pub not: Option<Box<PersonWhere>>,
    /// The person's global id.
    pub id: Option<IdFilter>,
    /// The slug (`charles-max-wood`).
    pub slug: Option<StringFilter>,
    /// The primary name.
    pub name: Option<StringFilter>,
    /// The primary name or any alias.
    pub any_name: Option<StringFilter>,
    /// Episodes the person appeared on (`role` narrows; `count` tests how many).
    pub episodes: Option<Box<PersonEpisodesWhere>>,
    /// Distinct shows the person appeared on: `{ role: GUEST, count: { gte: 2 } }` finds
    /// guests of more than one show.
    pub shows: Option<Box<PersonShowsWhere>>,
    /// What the person picked.
    pub picks: Option<Box<PickListWhere>>,
    /// People who appeared on an episode with this person.
    pub co_appearances: Option<Box<PersonListWhere>>,
}

impl Convert for PersonWhere {
    type Out = gf::PersonFilter;
    fn convert(self, c: &mut Conv<'_>) -> Res<gf::PersonFilter> {
        c.count()?;
        Ok(gf::PersonFilter {
            and: list(self.and, c)?,
            or: list(self.or, c)?,
            not: boxed(self.not, c)?,
            ids: self
                .id
                .map(|f| {
                    f.resolve(c, |r| match r {
                        NodeRef::Person(p) => Some(p),
                        _ => None,
                    })
                })
                .transpose()?,
            slug: opt(self.slug, c)?,
            name: opt(self.name, c)?,
            any_name: opt(self.any_name, c)?,
            episodes: nested_opt(self.episodes, c)?,
            shows: nested_opt(self.shows, c)?,
            picks: nested_opt(self.picks, c)?,
            co_appearances: nested_opt(self.co_appearances, c)?,
        })
    }
}

/// Filters sponsors.
#[derive(InputObject, Debug, Default)]
pub struct SponsorWhere {
    /// Every one of these filters holds.
    #[graphql(name = "AND")]
    pub and: Option<Vec<SponsorWhere>>,
    /// At least one of these filters holds.
    #[graphql(name = "OR")]
    pub or: Option<Vec<SponsorWhere>>,
    /// This filter does not hold.
    #[graphql(name = "NOT")]
    pub not: Option<Box<SponsorWhere>>,
    /// The sponsor's global id.
    pub id: Option<IdFilter>,
    /// The slug.
    pub slug: Option<StringFilter>,
    /// The brand name.
    pub name: Option<StringFilter>,
    /// The brand name or any other spelling.
    pub any_name: Option<StringFilter>,
    /// The sponsor's most used URL, as written.
    pub url: Option<StringFilter>,
    /// The domain of that URL (`www.` dropped).
    pub domain: Option<StringFilter>,
    /// Sponsored episodes.
    pub episodes: Option<Box<EpisodeListWhere>>,
    /// Distinct shows sponsored.
    pub shows: Option<Box<ShowListWhere>>,
}

impl Convert for SponsorWhere {
    type Out = gf::SponsorFilter;
    fn convert(self, c: &mut Conv<'_>) -> Res<gf::SponsorFilter> {
        c.count()?;
        Ok(gf::SponsorFilter {
            and: list(self.and, c)?,
            or: list(self.or, c)?,
            not: boxed(self.not, c)?,
            ids: self
                .id
                .map(|f| {
                    f.resolve(c, |r| match r {
                        NodeRef::Sponsor(s) => Some(s),
                        _ => None,
                    })
                })
                .transpose()?,
            slug: opt(self.slug, c)?,
            name: opt(self.name, c)?,
            any_name: opt(self.any_name, c)?,
            url: opt(self.url, c)?,
            domain: opt(self.domain, c)?,
            episodes: nested_opt(self.episodes, c)?,
            shows: nested_opt(self.shows, c)?,
        })
    }
}

/// Filters picks.
#[derive(InputObject, Debug, Default)]
pub struct PickWhere {
    /// Every one of these filters holds.
    #[graphql(name = "AND")]
    pub and: Option<Vec<PickWhere>>,
    /// At least one of these filters holds.
    #[graphql(name = "OR")]
    pub or: Option<Vec<PickWhere>>,
    /// This filter does not hold.
    #[graphql(name = "NOT")]
    pub not: Option<Box<PickWhere>>,
    /// The pick's global id.
    pub id: Option<IdFilter>,
    /// The item's text.
    pub title: Option<StringFilter>,
    /// The item's first URL, as written.
    pub url: Option<StringFilter>,
    /// The domain of the picked link (`www.` dropped).
    pub domain: Option<StringFilter>,
    /// `true`: the page says who picked it; `false`: it does not.
    pub attributed: Option<bool>,
    /// The person who picked it.
    pub picked_by: Option<Box<PersonWhere>>,
    /// The episode it was picked on.
    pub episode: Option<Box<EpisodeWhere>>,
    /// The picked link.
    pub link: Option<Box<LinkWhere>>,
}

impl Convert for PickWhere {
    type Out = gf::PickFilter;
    fn convert(self, c: &mut Conv<'_>) -> Res<gf::PickFilter> {
        c.count()?;
        Ok(gf::PickFilter {
            and: list(self.and, c)?,
            or: list(self.or, c)?,
            not: boxed(self.not, c)?,
            ids: self
                .id
                .map(|f| {
                    f.resolve(c, |r| match r {
                        NodeRef::Pick(p) => Some(p),
                        _ => None,
                    })
                })
                .transpose()?,
            title: opt(self.title, c)?,
            url: opt(self.url, c)?,
            domain: opt(self.domain, c)?,
            attributed: self.attributed,
            picked_by: nested_box(self.picked_by, c)?,
            episode: nested_box(self.episode, c)?,
            link: nested_box(self.link, c)?,
        })
    }
}

/// Filters links.
#[derive(InputObject, Debug, Default)]
pub struct LinkWhere {
    /// Every one of these filters holds.
    #[graphql(name = "AND")]
    pub and: Option<Vec<LinkWhere>>,
    /// At least one of these filters holds.
    #[graphql(name = "OR")]
    pub or: Option<Vec<LinkWhere>>,
    /// This filter does not hold.
    #[graphql(name = "NOT")]
    pub not: Option<Box<LinkWhere>>,
    /// The link's global id.
    pub id: Option<IdFilter>,
    /// The canonical URL.
    pub url: Option<StringFilter>,
    /// The domain (`www.` dropped).
    pub domain: Option<StringFilter>,
    /// The title most picks give it.
    pub title: Option<StringFilter>,
    /// Its picks (`count` tests how often it was picked).
    pub picks: Option<Box<PickListWhere>>,
    /// Distinct people who picked it.
    pub picked_by: Option<Box<PersonListWhere>>,
    /// Sponsors whose link it is.
    pub sponsors: Option<Box<SponsorListWhere>>,
}

impl Convert for LinkWhere {
    type Out = gf::LinkFilter;
    fn convert(self, c: &mut Conv<'_>) -> Res<gf::LinkFilter> {
        c.count()?;
        Ok(gf::LinkFilter {
            and: list(self.and, c)?,
            or: list(self.or, c)?,
            not: boxed(self.not, c)?,
            ids: self
                .id
                .map(|f| {
                    f.resolve(c, |r| match r {
                        NodeRef::Link(l) => Some(l),
                        _ => None,
                    })
                })
                .transpose()?,
            url: opt(self.url, c)?,
            domain: opt(self.domain, c)?,
            title: opt(self.title, c)?,
            picks: nested_opt(self.picks, c)?,
            picked_by: nested_opt(self.picked_by, c)?,
            sponsors: nested_opt(self.sponsors, c)?,
        })
    }
}

/// Filters appearances (a person on an episode in a role).
#[derive(InputObject, Debug, Default)]
pub struct AppearanceWhere {
    /// The role.
    pub role: Option<RoleFilter>,
    /// The person.
    pub person: Option<Box<PersonWhere>>,
    /// The episode.
    pub episode: Option<Box<EpisodeWhere>>,
}

/// Converted appearance conditions.
pub struct AppearanceConditions {
    pub role: Option<gf::RoleFilter>,
    pub person: Option<gf::PersonFilter>,
    pub episode: Option<gf::EpisodeFilter>,
}

impl Convert for AppearanceWhere {
    type Out = AppearanceConditions;
    fn convert(self, c: &mut Conv<'_>) -> Res<AppearanceConditions> {
        c.count()?;
        Ok(AppearanceConditions {
            role: opt(self.role, c)?,
            person: nested_opt(self.person.map(|b| *b), c)?,
            episode: nested_opt(self.episode.map(|b| *b), c)?,
        })
    }
}

/// Shorthand equality filter for picks, `picks(filter: { domain: "github.com" })`: every
/// given field must match. Combined with `where` (both must hold).
#[derive(InputObject, Debug, Default)]
#[graphql(name = "PickFilter")]
pub struct PickShorthand {
    /// The picked link's domain; `www.` and case are ignored (`github.com`).
    pub domain: Option<String>,
    /// Picked on this show (slug).
    pub show: Option<String>,
    /// Picked in this calendar year.
    pub year: Option<i32>,
    /// Picked by this person: a slug or any spelling of the name.
    pub picked_by: Option<String>,
    /// Of this URL, in any spelling (compared in canonical form).
    pub url: Option<String>,
}

impl Convert for PickShorthand {
    type Out = gf::PickFilter;
    fn convert(self, c: &mut Conv<'_>) -> Res<gf::PickFilter> {
        c.count()?;
        let g = c.g;
        let mut f = gf::PickFilter::default();
        if let Some(d) = self.domain {
            let d = d.trim().to_lowercase();
            f.domain = Some(TextFilter::eq(d.strip_prefix("www.").unwrap_or(&d)));
        }
        let mut episode = gf::EpisodeFilter::default();
        if let Some(show) = self.show {
            episode.podcast = None;
            episode.show = Some(Box::new(gf::ShowFilter { slug: Some(TextFilter::eq(&show)), ..Default::default() }));
        }
        if let Some(year) = self.year {
            episode.date = Some(gf::DateFilter { year: Some(year), ..Default::default() });
        }
        if episode != gf::EpisodeFilter::default() {
            f.episode = Some(Box::new(episode));
        }
        if let Some(who) = self.picked_by {
            let ids: HashSet<PersonId> =
                g.person_by_slug(&who).or_else(|| g.person_by_name(&who)).into_iter().collect();
            f.picked_by = Some(Box::new(gf::PersonFilter { ids: Some(ids), ..Default::default() }));
        }
        if let Some(url) = self.url {
            let ids: HashSet<LinkId> = g.link_by_url(&url).into_iter().collect();
            f.link = Some(Box::new(gf::LinkFilter { ids: Some(ids), ..Default::default() }));
        }
        Ok(f)
    }
}

/// Converts an optional `where` of a root or nested collection.
pub fn filter<T: Convert>(g: &PodGraph, w: Option<T>) -> Res<Option<T::Out>> {
    let mut c = Conv::new(g);
    opt(w, &mut c)
}

/// Both a shorthand filter and a `where`, as one pick filter.
pub fn pick_filter(g: &PodGraph, short: Option<PickShorthand>, w: Option<PickWhere>) -> Res<Option<gf::PickFilter>> {
    let mut c = Conv::new(g);
    let a = opt(short, &mut c)?;
    let b = opt(w, &mut c)?;
    Ok(match (a, b) {
        (Some(a), Some(b)) => Some(gf::PickFilter { and: vec![a, b], ..Default::default() }),
        (a, b) => a.or(b),
    })
}

/// Declares an `orderBy` enum whose values map to (graph key, direction).
macro_rules! order_enum {
    ($name:ident, $key:ty, $doc:literal, { $( $(#[doc = $vdoc:literal])* $variant:ident => ($k:expr, $d:expr) ),* $(,)? }) => {
        #[doc = $doc]
        #[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
        pub enum $name {
            $( $(#[doc = $vdoc])* $variant, )*
        }

        impl $name {
            /// The graph sort key and direction.
            pub fn key(self) -> ($key, Dir) {
                match self {
                    $( $name::$variant => ($k, $d), )*
                }
            }
        }
    };
}

/// The sort keys of an `orderBy` list, in order (empty: the collection's default order).
pub fn order<E: Copy, K>(v: Option<Vec<E>>, key: impl Fn(E) -> (K, Dir)) -> Vec<(K, Dir)> {
    v.unwrap_or_default().into_iter().map(key).collect()
}

order_enum!(EpisodeOrderBy, EpisodeKey, "Sort orders of episode lists (missing values sort last).", {
    /// Oldest first.
    DateAsc => (EpisodeKey::Date, Dir::Asc),
    /// Newest first.
    DateDesc => (EpisodeKey::Date, Dir::Desc),
    /// Title A to Z (case ignored).
    TitleAsc => (EpisodeKey::Title, Dir::Asc),
    /// Title Z to A.
    TitleDesc => (EpisodeKey::Title, Dir::Desc),
    /// Lowest episode number first.
    NumberAsc => (EpisodeKey::Number, Dir::Asc),
    /// Highest episode number first.
    NumberDesc => (EpisodeKey::Number, Dir::Desc),
    /// Shortest first.
    DurationAsc => (EpisodeKey::Duration, Dir::Asc),
    /// Longest first.
    DurationDesc => (EpisodeKey::Duration, Dir::Desc),
    /// By show title, A to Z.
    ShowAsc => (EpisodeKey::Show, Dir::Asc),
    /// By show title, Z to A.
    ShowDesc => (EpisodeKey::Show, Dir::Desc),
    /// Most people listed first.
    PeopleDesc => (EpisodeKey::People, Dir::Desc),
    /// Most guests first.
    GuestsDesc => (EpisodeKey::Guests, Dir::Desc),
    /// Most picks first.
    PicksDesc => (EpisodeKey::Picks, Dir::Desc),
    /// Most sponsors first.
    SponsorsDesc => (EpisodeKey::Sponsors, Dir::Desc),
});

order_enum!(PersonOrderBy, PersonKey, "Sort orders of people lists.", {
    /// Name A to Z (case ignored).
    NameAsc => (PersonKey::Name, Dir::Asc),
    /// Name Z to A.
    NameDesc => (PersonKey::Name, Dir::Desc),
    /// Slug A to Z.
    SlugAsc => (PersonKey::Slug, Dir::Asc),
    /// Most appearances first.
    AppearancesDesc => (PersonKey::Appearances, Dir::Desc),
    /// Fewest appearances first.
    AppearancesAsc => (PersonKey::Appearances, Dir::Asc),
    /// Most guest appearances first.
    GuestAppearancesDesc => (PersonKey::GuestAppearances, Dir::Desc),
    /// Most picks first.
    PicksDesc => (PersonKey::Picks, Dir::Desc),
    /// Earliest first appearance first.
    FirstAppearanceAsc => (PersonKey::FirstAppearance, Dir::Asc),
    /// Latest first appearance first (newcomers).
    FirstAppearanceDesc => (PersonKey::FirstAppearance, Dir::Desc),
    /// Most recently seen first.
    LastAppearanceDesc => (PersonKey::LastAppearance, Dir::Desc),
    /// Least recently seen first.
    LastAppearanceAsc => (PersonKey::LastAppearance, Dir::Asc),
});

order_enum!(ShowOrderBy, ShowKey, "Sort orders of show lists.", {
    /// Title A to Z.
    TitleAsc => (ShowKey::Title, Dir::Asc),
    /// Title Z to A.
    TitleDesc => (ShowKey::Title, Dir::Desc),
    /// Slug A to Z.
    SlugAsc => (ShowKey::Slug, Dir::Asc),
    /// Most episodes first.
    EpisodesDesc => (ShowKey::Episodes, Dir::Desc),
    /// Fewest episodes first.
    EpisodesAsc => (ShowKey::Episodes, Dir::Asc),
    /// Oldest show first (by its first episode).
    FirstEpisodeAsc => (ShowKey::FirstEpisode, Dir::Asc),
    /// Most recently active first (by its latest episode).
    LastEpisodeDesc => (ShowKey::LastEpisode, Dir::Desc),
});

order_enum!(SponsorOrderBy, SponsorKey, "Sort orders of sponsor lists.", {
    /// Name A to Z.
    NameAsc => (SponsorKey::Name, Dir::Asc),
    /// Name Z to A.
    NameDesc => (SponsorKey::Name, Dir::Desc),
    /// Most sponsored episodes first.
    EpisodesDesc => (SponsorKey::Episodes, Dir::Desc),
    /// Fewest sponsored episodes first.
    EpisodesAsc => (SponsorKey::Episodes, Dir::Asc),
    /// Earliest first sponsorship first.
    FirstSponsoredAsc => (SponsorKey::FirstSponsored, Dir::Asc),
    /// Most recent sponsorship first.
    LastSponsoredDesc => (SponsorKey::LastSponsored, Dir::Desc),
});

order_enum!(PickOrderBy, PickKey, "Sort orders of pick lists.", {
    /// Oldest episode first.
    DateAsc => (PickKey::Date, Dir::Asc),
    /// Newest episode first.
    DateDesc => (PickKey::Date, Dir::Desc),
    /// Title A to Z.
    TitleAsc => (PickKey::Title, Dir::Asc),
    /// Title Z to A.
    TitleDesc => (PickKey::Title, Dir::Desc),
    /// Picker name A to Z (unattributed last).
    PickerAsc => (PickKey::Picker, Dir::Asc),
    /// Domain A to Z (no link last).
    DomainAsc => (PickKey::Domain, Dir::Asc),
});

order_enum!(LinkOrderBy, LinkKey, "Sort orders of link lists.", {
    /// Most picked first.
    PicksDesc => (LinkKey::Picks, Dir::Desc),
    /// Least picked first.
    PicksAsc => (LinkKey::Picks, Dir::Asc),
    /// Title A to Z.
    TitleAsc => (LinkKey::Title, Dir::Asc),
    /// Domain A to Z.
    DomainAsc => (LinkKey::Domain, Dir::Asc),
    /// Canonical URL A to Z.
    UrlAsc => (LinkKey::Url, Dir::Asc),
    /// Earliest first pick first.
    FirstPickedAsc => (LinkKey::FirstPicked, Dir::Asc),
    /// Most recently picked first.
    LastPickedDesc => (LinkKey::LastPicked, Dir::Desc),
});

order_enum!(AppearanceOrderBy, AppearanceKey, "Sort orders of appearance lists.", {
    /// Oldest episode first.
    DateAsc => (AppearanceKey::Date, Dir::Asc),
    /// Newest episode first.
    DateDesc => (AppearanceKey::Date, Dir::Desc),
    /// Hosts, then panelists, then guests.
    RoleAsc => (AppearanceKey::Role, Dir::Asc),
    /// Person name A to Z.
    NameAsc => (AppearanceKey::Name, Dir::Asc),
});

order_enum!(TallyOrderBy, TallyKey, "Sort orders of relationship lists that carry a count (shows of a person, sponsors of a show...).", {
    /// Largest count first (the default).
    CountDesc => (TallyKey::Count, Dir::Desc),
    /// Smallest count first.
    CountAsc => (TallyKey::Count, Dir::Asc),
    /// Earliest first episode first.
    FirstAsc => (TallyKey::First, Dir::Asc),
    /// Latest first episode first.
    FirstDesc => (TallyKey::First, Dir::Desc),
    /// Most recent last episode first.
    LastDesc => (TallyKey::Last, Dir::Desc),
    /// Least recent last episode first.
    LastAsc => (TallyKey::Last, Dir::Asc),
});
