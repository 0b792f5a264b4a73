// podgraph dashboard: "who picked what", through the public GraphQL API (/graphql) only.
//
// One page, five views; the URL's query string is the whole state (view and its inputs), so
// any view can be bookmarked or shared, and the browser's back button works:
//   ?view=person&q=<name, typos allowed>&person=<slug>
//   ?view=rankings&show=<slug>&year=<yyyy>
//   ?view=trends&show=<slug>
//   ?view=sponsor&q=<name>&sponsor=<slug>
//   ?view=path&from=<name>&to=<name>
// Charts are drawn with uPlot (vendored, window.uPlot); each chart has its data as a table.

const VIEWS = {
  person: { title: 'People', render: renderPerson },
  rankings: { title: 'Rankings', render: renderRankings },
  trends: { title: 'Per year', render: renderTrends },
  sponsor: { title: 'Sponsors', render: renderSponsor },
  path: { title: 'Paths', render: renderPath },
};
const COLORS = ['#1f4e79', '#e07b00', '#2a9d8f', '#b5179e', '#6a4c93', '#8d6e00', '#c0392b', '#2b6cb0'];

// ---------------------------------------------------------------------------------------
// Small helpers

/** Creates an element: el('a', { href: '?x' }, 'text', child). Text is never parsed as HTML. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Runs a GraphQL query; throws with the errors' messages. */
async function gql(query, variables = {}) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors && body.errors.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}

function params() {
  return new URLSearchParams(location.search);
}

/** A link to another dashboard state (same page; handled without a reload). */
function link(state, ...children) {
  return el('a', { href: href(state) }, ...children);
}

function href(state) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  return '/dashboard?' + p.toString();
}

function go(state) {
  history.pushState(null, '', href(state));
  render();
}

const status = () => document.getElementById('status');
function say(text, isError = false) {
  status().textContent = text;
  status().classList.toggle('error', isError);
}

const number = new Intl.NumberFormat('en');
const fmt = (n) => (n === null || n === undefined ? '–' : number.format(n));
const year = (date) => (date ? date.slice(0, 4) : '–');

function table(caption, columns, rows) {
  return el(
    'table',
    null,
    el('caption', null, caption),
    el('thead', null, el('tr', null, columns.map((c) => el('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
    el(
      'tbody',
      null,
      rows.length
        ? rows.map((row) => el('tr', null, columns.map((c) => el('td', { class: c.num ? 'num' : c.cls }, c.cell(row)))))
        : el('tr', null, el('td', { colspan: columns.length, class: 'muted' }, 'Nothing here.')),
    ),
  );
}

/** A form of labelled fields; on submit, `onSubmit(values)`. */
function form(fields, submitLabel, onSubmit) {
  const f = el('form', { class: 'filters', role: 'search' });
  for (const field of fields) {
    const id = 'f-' + field.name;
    let input;
    if (field.options) {
      input = el(
        'select',
        { id, name: field.name },
        field.options.map(([value, label]) => el('option', { value, selected: value === (field.value || '') }, label)),
      );
    } else {
      input = el('input', {
        id,
        name: field.name,
        type: 'search',
        value: field.value || '',
        placeholder: field.placeholder,
        autocomplete: 'off',
        required: field.required,
      });
    }
    f.append(el('label', { for: id }, field.label, input));
  }
  f.append(el('button', { type: 'submit' }, submitLabel));
  f.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(Object.fromEntries(new FormData(f).entries()));
  });
  return f;
}

/** A chart of yearly series (uPlot), with the same data as a table below it. */
function chart(caption, periods, series) {
  const box = el('div', { class: 'chart', role: 'img', 'aria-label': caption + ' (the table below has the figures)' });
  const fig = el(
    'figure',
    null,
    el('figcaption', null, caption),
    box,
    el(
      'details',
      null,
      el('summary', null, 'Figures'),
      table(
        caption,
        [{ label: 'Year', cell: (i) => periods[i] }].concat(
          series.map((s) => ({ label: s.label, num: true, cell: (i) => fmt(s.values[i]) })),
        ),
        periods.map((_, i) => i),
      ),
    ),
  );
  // Drawn once the figure is in the document (uPlot needs the width).
  requestAnimationFrame(() => {
    if (!window.uPlot || !box.isConnected) return;
    const width = Math.max(260, box.clientWidth);
    const data = [periods.map(Number), ...series.map((s) => s.values)];
    new window.uPlot(
      {
        width,
        height: 220,
        scales: { x: { time: false } },
        legend: { live: false },
        axes: [{ incrs: [1, 2, 5, 10, 20], values: (u, ticks) => ticks.map((t) => String(t)) }, {}],
        series: [
          { label: 'Year' },
          ...series.map((s, i) => ({
            label: s.label,
            stroke: COLORS[i % COLORS.length],
            width: 2,
            fill: series.length === 1 ? COLORS[0] + '22' : undefined,
            points: { show: periods.length < 30 },
          })),
        ],
      },
      data,
      box,
    );
  });
  return fig;
}

async function showsOptions() {
  if (!showsOptions.cache) {
    showsOptions.cache = gql(`{ shows(orderBy: [EPISODES_DESC], first: 100) { nodes { slug title episodeCount } } }`).then(
      (d) => d.shows.nodes,
    );
  }
  return showsOptions.cache;
}

async function yearOptions() {
  if (!yearOptions.cache) {
    yearOptions.cache = gql(`{ trends(groupBy: YEAR) { episodes { period count } } }`).then((d) =>
      d.trends.episodes.filter((p) => p.count > 0).map((p) => p.period),
    );
  }
  return yearOptions.cache;
}

/** Resolves a typed name (typos allowed) to the best matching people. */
async function searchPeople(text, first = 8) {
  const d = await gql(
    `query Find($q: String!, $first: Int!) { people(search: $q, first: $first) {
       edges { score matched node { slug name appearanceCount pickCount } } } }`,
    { q: text, first },
  );
  return d.people.edges;
}

// ---------------------------------------------------------------------------------------
// Views

async function renderPerson(view, p) {
  const q = p.get('q') || '';
  let slug = p.get('person') || '';
  view.append(
    el('h1', null, 'People'),
    el('p', { class: 'lead' }, 'Find someone by name (small typos are fine): their shows, appearances over the years, who they appeared with and what they picked.'),
    form([{ name: 'q', label: 'Name', value: q, placeholder: 'e.g. charls wood', required: true }], 'Search', (v) =>
      go({ view: 'person', q: v.q }),
    ),
  );
  if (!q && !slug) {
    // A few starting points, from the API: the network's most frequent guests.
    const d = await gql(`{ topGuests(first: 8) { nodes { count person { slug name } } } }`);
    view.append(
      el('h2', { class: 'small muted' }, 'Or start from a frequent guest'),
      el('ul', { class: 'matches' }, d.topGuests.nodes.map((n) =>
        el('li', null, link({ view: 'person', person: n.person.slug }, n.person.name,
          el('span', { class: 'muted small' }, ` · ${fmt(n.count)} guest spots`))))),
    );
    return 'Type a name, or pick someone.';
  }
  if (q) {
    const hits = await searchPeople(q);
    if (!hits.length) return `No one matches “${q}”.`;
    if (!slug) slug = hits[0].node.slug;
    view.append(
      el('h2', { class: 'small muted' }, 'Matches for “' + q + '”'),
      el(
        'ul',
        { class: 'matches' },
        hits.map((h) =>
          el(
            'li',
            null,
            el(
              'a',
              { href: href({ view: 'person', q, person: h.node.slug }), 'aria-current': h.node.slug === slug ? 'true' : null },
              h.node.name,
              el('span', { class: 'muted small' }, ` · ${fmt(h.node.appearanceCount)} episodes`),
            ),
          ),
        ),
      ),
    );
  }
  const d = await gql(
    `query Person($slug: String!) {
      person(slug: $slug) {
        slug name aliases appearanceCount pickCount
        firstAppearance { episode { date } } lastAppearance { episode { date } }
        shows(first: 30) { edges { count firstEpisode { date } lastEpisode { date } node { slug title } } }
        asGuest: shows(role: GUEST, first: 30) { edges { count node { slug } } }
        asHost: shows(role: HOST, first: 30) { edges { count node { slug } } }
        coAppearances(first: 15) { totalCount edges { count node { slug name } } }
        picks(first: 15, orderBy: [DATE_DESC]) { totalCount nodes { title url episode { date title show { title } } } }
      }
    }`,
    { slug },
  );
  const person = d.person;
  if (!person) return `No person with the key “${slug}”.`;
  const first = person.firstAppearance && person.firstAppearance.episode.date;
  const last = person.lastAppearance && person.lastAppearance.episode.date;
  const guestBy = Object.fromEntries(person.asGuest.edges.map((e) => [e.node.slug, e.count]));
  const hostBy = Object.fromEntries(person.asHost.edges.map((e) => [e.node.slug, e.count]));
  const section = el('section', { 'aria-labelledby': 'person-name' });
  section.append(
    el('h2', { id: 'person-name', class: 'person-name' }, person.name),
    person.aliases.length ? el('p', { class: 'muted small' }, 'Also written: ' + person.aliases.join(', ')) : null,
    el(
      'ul',
      { class: 'facts' },
      el('li', null, el('strong', null, fmt(person.appearanceCount)), el('span', null, 'episodes')),
      el('li', null, el('strong', null, fmt(person.shows.edges.length)), el('span', null, 'shows')),
      el('li', null, el('strong', null, fmt(person.pickCount)), el('span', null, 'picks')),
      el('li', null, el('strong', null, `${year(first)}–${year(last)}`), el('span', null, 'active')),
    ),
  );
  const roles = el('div', { class: 'card wide' }, el('p', { class: 'muted' }, 'Loading appearances per year…'));
  const grid = el(
    'div',
    { class: 'grid' },
    el(
      'div',
      { class: 'card' },
      table(
        'Shows',
        [
          { label: 'Show', cell: (e) => link({ view: 'trends', show: e.node.slug }, e.node.title) },
          { label: 'Episodes', num: true, cell: (e) => fmt(e.count) },
          { label: 'As host', num: true, cell: (e) => fmt(hostBy[e.node.slug] || 0) },
          { label: 'As guest', num: true, cell: (e) => fmt(guestBy[e.node.slug] || 0) },
          { label: 'Years', cls: 'nowrap', cell: (e) => `${year(e.firstEpisode && e.firstEpisode.date)}–${year(e.lastEpisode && e.lastEpisode.date)}` },
        ],
        person.shows.edges,
      ),
    ),
    el(
      'div',
      { class: 'card co-appearances' },
      table(
        `Appeared most with (${fmt(person.coAppearances.totalCount)} people in all)`,
        [
          { label: 'Person', cell: (e) => link({ view: 'person', person: e.node.slug }, e.node.name) },
          { label: 'Shared episodes', num: true, cell: (e) => fmt(e.count) },
          { label: 'Path', cell: (e) => link({ view: 'path', from: person.slug, to: e.node.slug }, 'path') },
        ],
        person.coAppearances.edges,
      ),
    ),
    roles,
    el(
      'div',
      { class: 'card wide' },
      table(
        `Latest picks (${fmt(person.picks.totalCount)} in all)`,
        [
          { label: 'Date', cell: (n) => n.episode.date || '–' },
          { label: 'Pick', cls: 'title', cell: (n) => (n.url ? el('a', { href: n.url, rel: 'noopener noreferrer' }, n.title) : n.title) },
          { label: 'Show', cell: (n) => n.episode.show.title },
        ],
        person.picks.nodes,
      ),
    ),
  );
  section.append(grid);
  view.append(section);
  await renderRoles(roles, person, first, last);
  return `${person.name}: ${fmt(person.appearanceCount)} episodes on ${person.shows.edges.length} shows, ${fmt(person.pickCount)} picks.`;
}

/** Appearances per year by role: hosts and panelists by counting their episodes per year
 * (aliases, one pair per year), guests from the trends series. */
async function renderRoles(box, person, first, last) {
  if (!first || !last) {
    box.replaceChildren(el('p', { class: 'muted' }, 'No dated appearances.'));
    return;
  }
  let from = Number(year(first));
  const to = Number(year(last));
  from = Math.max(from, to - 23); // two aliases a year, within the 50-alias limit
  const years = [];
  for (let y = from; y <= to; y++) years.push(y);
  const fields = years
    .map(
      (y) =>
        `h${y}: episodes(role: HOST, where: { date: { year: ${y} } }) { totalCount }
         p${y}: episodes(role: PANELIST, where: { date: { year: ${y} } }) { totalCount }`,
    )
    .join('\n');
  const d = await gql(
    `query Roles($slug: String!) { person(slug: $slug) { ${fields} }
       trends(groupBy: YEAR) { guestAppearances(person: $slug) { period count } } }`,
    { slug: person.slug },
  );
  const guests = Object.fromEntries(d.trends.guestAppearances.map((t) => [Number(t.period), t.count]));
  const host = years.map((y) => d.person['h' + y].totalCount);
  const panel = years.map((y) => d.person['p' + y].totalCount - d.person['h' + y].totalCount);
  const guest = years.map((y) => guests[y] || 0);
  const series = [
    { label: 'Host', values: host },
    { label: 'Panelist', values: panel },
    { label: 'Guest', values: guest },
  ].filter((s) => s.values.some((v) => v > 0));
  box.replaceChildren(chart(`${person.name}: appearances per year, by role`, years.map(String), series));
}

async function renderRankings(view, p) {
  const show = p.get('show') || '';
  const yr = p.get('year') || '';
  const [shows, years] = await Promise.all([showsOptions(), yearOptions()]);
  const showTitle = (shows.find((s) => s.slug === show) || {}).title;
  view.append(
    el('h1', null, 'Rankings'),
    el('p', { class: 'lead' }, 'Who picked most, and what they picked: links and domains, for one show or the whole network, for one year or all of them.'),
    form(
      [
        { name: 'show', label: 'Show', value: show, options: [['', 'All shows']].concat(shows.map((s) => [s.slug, `${s.title} (${s.episodeCount})`])) },
        { name: 'year', label: 'Year', value: yr, options: [['', 'All years']].concat(years.map((y) => [y, y])) },
      ],
      'Show rankings',
      (v) => go({ view: 'rankings', show: v.show, year: v.year }),
    ),
  );
  const d = await gql(
    `query Rankings($show: String, $year: Int) {
      topPickers(show: $show, year: $year, first: 15) { nodes { rank count episodes shows links person { slug name } } }
      topLinks(show: $show, year: $year, first: 15) { nodes { rank count pickers link { url title domain } } }
      topDomains(show: $show, year: $year, first: 15) { nodes { rank domain count links pickers } }
    }`,
    { show: show || null, year: yr ? Number(yr) : null },
  );
  const scope = `${showTitle || 'all shows'}, ${yr || 'all years'}`;
  view.append(
    el('h2', null, `Top pickers and picks: ${scope}`),
    el(
      'div',
      { class: 'grid' },
      el(
        'div',
        { class: 'card' },
        table(
          'Top pickers',
          [
            { label: '#', num: true, cell: (n) => n.rank },
            { label: 'Person', cell: (n) => link({ view: 'person', person: n.person.slug }, n.person.name) },
            { label: 'Picks', num: true, cell: (n) => fmt(n.count) },
            { label: 'Episodes', num: true, cell: (n) => fmt(n.episodes) },
          ],
          d.topPickers.nodes,
        ),
      ),
      el(
        'div',
        { class: 'card' },
        table(
          'Most picked domains',
          [
            { label: '#', num: true, cell: (n) => n.rank },
            { label: 'Domain', cell: (n) => n.domain },
            { label: 'Picks', num: true, cell: (n) => fmt(n.count) },
            { label: 'Pickers', num: true, cell: (n) => fmt(n.pickers) },
          ],
          d.topDomains.nodes,
        ),
      ),
      el(
        'div',
        { class: 'card wide' },
        table(
          'Most picked links',
          [
            { label: '#', num: true, cell: (n) => n.rank },
            { label: 'Link', cls: 'title', cell: (n) => el('a', { href: n.link.url, rel: 'noopener noreferrer' }, n.link.title || n.link.url) },
            { label: 'Domain', cell: (n) => n.link.domain },
            { label: 'Picks', num: true, cell: (n) => fmt(n.count) },
            { label: 'Pickers', num: true, cell: (n) => fmt(n.pickers) },
          ],
          d.topLinks.nodes,
        ),
      ),
    ),
  );
  return `Rankings for ${scope}.`;
}

async function renderTrends(view, p) {
  const show = p.get('show') || '';
  const shows = await showsOptions();
  const showTitle = (shows.find((s) => s.slug === show) || {}).title;
  view.append(
    el('h1', null, 'Per year'),
    el('p', { class: 'lead' }, 'Picks, guests and sponsorships per year, for the network or one show.'),
    form(
      [{ name: 'show', label: 'Show', value: show, options: [['', 'All shows']].concat(shows.map((s) => [s.slug, s.title])) }],
      'Show charts',
      (v) => go({ view: 'trends', show: v.show }),
    ),
  );
  const d = await gql(
    `query Trends($show: String) { trends(groupBy: YEAR, show: $show) {
       episodes { period count distinct } guestAppearances { period count distinct }
       picks { period count distinct } sponsorships { period count distinct } } }`,
    { show: show || null },
  );
  const t = d.trends;
  const scope = showTitle || 'the whole network';
  const series = (s) => ({ periods: s.map((x) => x.period), count: s.map((x) => x.count), distinct: s.map((x) => x.distinct) });
  const picks = series(t.picks);
  const guests = series(t.guestAppearances);
  const sponsorships = series(t.sponsorships);
  const episodes = series(t.episodes);
  view.append(
    el('h2', null, `Activity of ${scope}`),
    el(
      'div',
      { class: 'grid' },
      el('div', { class: 'card' }, chart('Picks per year', picks.periods, [
        { label: 'Picks', values: picks.count },
        { label: 'Pickers', values: picks.distinct },
      ])),
      el('div', { class: 'card' }, chart('Guests per year', guests.periods, [
        { label: 'Guest appearances', values: guests.count },
        { label: 'Distinct guests', values: guests.distinct },
      ])),
      el('div', { class: 'card' }, chart('Sponsorships per year', sponsorships.periods, [
        { label: 'Sponsorships', values: sponsorships.count },
        { label: 'Distinct sponsors', values: sponsorships.distinct },
      ])),
      el('div', { class: 'card' }, chart('Episodes per year', episodes.periods, [{ label: 'Episodes', values: episodes.count }])),
    ),
  );
  return `Yearly charts for ${scope}.`;
}

async function renderSponsor(view, p) {
  const q = p.get('q') || '';
  let slug = p.get('sponsor') || '';
  view.append(
    el('h1', null, 'Sponsors'),
    el('p', { class: 'lead' }, 'A sponsor’s timeline across the shows: where and when it sponsored, year by year.'),
    form([{ name: 'q', label: 'Sponsor', value: q, placeholder: 'e.g. cachefly', required: true }], 'Search', (v) =>
      go({ view: 'sponsor', q: v.q }),
    ),
  );
  if (q) {
    const d = await gql(
      `query FindSponsor($q: String!) { sponsors(search: $q, first: 8) { edges { node { slug name episodeCount } } } }`,
      { q },
    );
    const hits = d.sponsors.edges.map((e) => e.node);
    if (!hits.length) return `No sponsor matches “${q}”.`;
    if (!slug) slug = hits[0].slug;
    view.append(
      el('ul', { class: 'matches', 'aria-label': 'Matching sponsors' }, hits.map((s) =>
        el('li', null, el('a', { href: href({ view: 'sponsor', q, sponsor: s.slug }), 'aria-current': s.slug === slug ? 'true' : null },
          s.name, el('span', { class: 'muted small' }, ` · ${fmt(s.episodeCount)}`))))),
    );
  }
  if (!slug) {
    const d = await gql(`{ topSponsors(first: 20) { nodes { rank count shows sponsor { slug name } firstEpisode { date } lastEpisode { date } } } }`);
    view.append(
      el('div', { class: 'card' }, table(
        'Biggest sponsors',
        [
          { label: '#', num: true, cell: (n) => n.rank },
          { label: 'Sponsor', cell: (n) => link({ view: 'sponsor', sponsor: n.sponsor.slug }, n.sponsor.name) },
          { label: 'Episodes', num: true, cell: (n) => fmt(n.count) },
          { label: 'Shows', num: true, cell: (n) => fmt(n.shows) },
          { label: 'Years', cell: (n) => `${year(n.firstEpisode.date)}–${year(n.lastEpisode.date)}` },
        ],
        d.topSponsors.nodes,
      )),
    );
    return 'The biggest sponsors; pick one for its timeline.';
  }
  const d = await gql(
    `query Sponsor($slug: String!) { sponsor(slug: $slug) {
       slug name aliases url episodeCount
       firstSponsored { date title show { title } } lastSponsored { date title show { title } }
       shows(first: 30) { totalCount edges { count firstEpisode { date } lastEpisode { date } node { slug title } } }
       timeline(groupBy: YEAR) { period count } } }`,
    { slug },
  );
  const s = d.sponsor;
  if (!s) return `No sponsor with the key “${slug}”.`;
  const periods = s.timeline.map((t) => t.period);
  // One series per show (the eight biggest), counted over the sponsor's whole span.
  const charted = s.shows.edges.slice(0, 8);
  const perShow = charted.length
    ? await gql(
        `query PerShow($slug: String!) { sponsor(slug: $slug) { ${charted
          .map((e, i) => `s${i}: timeline(groupBy: YEAR, show: ${JSON.stringify(e.node.slug)}) { period count }`)
          .join(' ')} } }`,
        { slug },
      )
    : { sponsor: {} };
  const minDate = s.firstSponsored && s.firstSponsored.date;
  const maxDate = s.lastSponsored && s.lastSponsored.date;
  const span = minDate && maxDate ? Date.parse(maxDate) - Date.parse(minDate) || 1 : 1;
  const pos = (date) => (date && minDate ? ((Date.parse(date) - Date.parse(minDate)) / span) * 100 : 0);
  view.append(
    el('h2', null, s.name),
    el('ul', { class: 'facts' },
      el('li', null, el('strong', null, fmt(s.episodeCount)), el('span', null, 'episodes')),
      el('li', null, el('strong', null, fmt(s.shows.totalCount)), el('span', null, 'shows')),
      el('li', null, el('strong', null, `${year(minDate)}–${year(maxDate)}`), el('span', null, 'sponsoring'))),
    el('div', { class: 'grid' },
      el('div', { class: 'card wide' }, chart(
        `${s.name}: sponsored episodes per year, by show` + (s.shows.edges.length > charted.length ? ` (the ${charted.length} biggest)` : ''),
        periods,
        charted.map((e, i) => ({
          label: e.node.title,
          values: (perShow.sponsor['s' + i] || []).map((t) => t.count),
        })))),
      el('div', { class: 'card wide' }, table(
        'Timeline across shows',
        [
          { label: 'Show', cell: (e) => link({ view: 'trends', show: e.node.slug }, e.node.title) },
          { label: 'Episodes', num: true, cell: (e) => fmt(e.count) },
          { label: 'First', cell: (e) => (e.firstEpisode && e.firstEpisode.date) || '–' },
          { label: 'Last', cell: (e) => (e.lastEpisode && e.lastEpisode.date) || '–' },
          {
            label: 'Span',
            cell: (e) => {
              const a = pos(e.firstEpisode && e.firstEpisode.date);
              const b = pos(e.lastEpisode && e.lastEpisode.date);
              return el('div', { class: 'bar', 'aria-hidden': 'true' }, el('span', { style: `left:${a}%;width:${Math.max(b - a, 0.5)}%` }));
            },
          },
        ],
        s.shows.edges,
      ))),
  );
  return `${s.name}: ${fmt(s.episodeCount)} sponsored episodes on ${s.shows.totalCount} shows.`;
}

async function renderPath(view, p) {
  const from = p.get('from') || '';
  const to = p.get('to') || '';
  view.append(
    el('h1', null, 'Paths'),
    el('p', { class: 'lead' }, 'How two people are connected: the shortest chain of people who appeared on an episode together.'),
    form(
      [
        { name: 'from', label: 'From', value: from, placeholder: 'e.g. aaron frost', required: true },
        { name: 'to', label: 'To', value: to, placeholder: 'e.g. dave kimura', required: true },
      ],
      'Find the path',
      (v) => go({ view: 'path', from: v.from, to: v.to }),
    ),
  );
  if (!from || !to) return 'Name two people.';
  // Slugs are taken as they are; anything else is searched (typos allowed).
  const resolve = async (text) => {
    if (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(text)) {
      const d = await gql(`query P($s: String!) { person(slug: $s) { slug name } }`, { s: text });
      if (d.person) return d.person;
    }
    const hits = await searchPeople(text, 1);
    return hits.length ? hits[0].node : null;
  };
  const [a, b] = await Promise.all([resolve(from), resolve(to)]);
  if (!a || !b) return `No one matches “${!a ? from : to}”.`;
  const d = await gql(
    `query Path($a: ID!, $b: ID!) { path(from: $a, to: $b, maxHops: 8) { length
       people { slug name }
       hops { sharedCount from { name } to { slug name } episodes(first: 1, orderBy: [DATE_DESC]) { nodes { title date show { title } } } } } }`,
    { a: a.slug, b: b.slug },
  );
  if (!d.path) {
    view.append(el('p', null, `${a.name} and ${b.name} are not connected within 8 hops.`));
    return 'Not connected.';
  }
  const path = d.path;
  view.append(
    el('h2', null, `${a.name} → ${b.name}: ${path.length} ${path.length === 1 ? 'hop' : 'hops'}`),
    el('div', { class: 'card' },
      el('ol', { class: 'path' },
        el('li', null, link({ view: 'person', person: path.people[0].slug }, path.people[0].name)),
        path.hops.map((h) => {
          const ep = h.episodes.nodes[0];
          return el('li', null,
            link({ view: 'person', person: h.to.slug }, h.to.name),
            el('div', { class: 'hop' },
              `${fmt(h.sharedCount)} shared ${h.sharedCount === 1 ? 'episode' : 'episodes'} with ${h.from.name}`,
              ep ? ` — latest: “${ep.title}” (${ep.show.title}, ${ep.date || 'undated'})` : ''));
        }))),
  );
  return `${a.name} to ${b.name}: ${path.length} hops.`;
}

// ---------------------------------------------------------------------------------------
// Routing

let generation = 0;

async function render() {
  const p = params();
  const name = VIEWS[p.get('view')] ? p.get('view') : 'person';
  const spec = VIEWS[name];
  for (const a of document.querySelectorAll('nav a[data-view]')) {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `podgraph · ${spec.title}`;
  const mine = ++generation;
  const view = el('div', { id: 'view', 'aria-busy': 'true' });
  document.getElementById('view').replaceWith(view);
  say('Loading…');
  try {
    const message = await spec.render(view, p);
    if (mine !== generation) return;
    say(message || '');
  } catch (error) {
    if (mine !== generation) return;
    say('Could not load this view: ' + error.message, true);
  } finally {
    view.removeAttribute('aria-busy');
  }
}

// Links to other dashboard states change the view without reloading the page.
document.addEventListener('click', (event) => {
  const a = event.target.closest('a[href^="/dashboard"]');
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  history.pushState(null, '', a.getAttribute('href'));
  render().then(() => document.getElementById('main').focus({ preventScroll: true }));
});
window.addEventListener('popstate', render);
render();
