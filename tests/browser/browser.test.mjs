// Real-browser tests of the GraphiQL playground (/graphql) and the dashboard (/dashboard):
// Debian's chromium, headless, driven by playwright-core, against a podgraph server on the
// corpus (scripts/browser-test.sh starts it and sets PODGRAPH_URL).
//
// Every request that is not to loopback is aborted and counted as a failure; so is any failed
// request, any HTTP error status, any console error or uncaught exception. Screenshots and a
// report (page weight = bytes transferred, first contentful paint) go to
// target/browser-artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.PODGRAPH_URL;
const ARTIFACTS = process.env.ARTIFACTS || path.resolve('target/browser-artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
if (!BASE) throw new Error('PODGRAPH_URL is not set (scripts/browser-test.sh sets it)');
fs.mkdirSync(ARTIFACTS, { recursive: true });

// The person the dashboard is checked on, searched for with typos, and people they appeared
// with most on the corpus (checked against the API below, so a data change shows clearly).
const PERSON_TYPED = 'charls wood';
const PERSON_NAME = 'Charles Max Wood';
const PERSON_SLUG = 'charles-max-wood';

let context;
let profile;
const report = [];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

before(async () => {
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'podgraph-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Anything but loopback is refused, and remembered as a failure of the page that asked.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (LOOPBACK.has(url.hostname)) return route.continue();
    blockedEverywhere.push(url.href);
    return route.abort('blockedbyclient');
  });
});

const blockedEverywhere = [];

after(async () => {
  await context?.close();
  fs.rmSync(profile, { recursive: true, force: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  console.log('\nPage weight (bytes transferred, API calls included) and first contentful paint, loopback:');
  for (const r of report) {
    console.log(
      `  ${r.name.padEnd(38)} ${r.how.padEnd(9)} ${String(r.bytes).padStart(8)} B in ${String(r.requests).padStart(2)} requests` +
        `  FCP ${r.fcpMs === null ? '  n/a' : r.fcpMs.toFixed(0).padStart(4) + ' ms'}  ${r.screenshot}`,
    );
  }
  assert.deepEqual(blockedEverywhere, [], 'requests to other hosts than loopback');
});

/** A new page whose network and console are watched. `problems()` lists what went wrong. */
async function watchedPage() {
  const page = await context.newPage();
  const problems = [];
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const transfer = { bytes: 0, requests: 0 };
  cdp.on('Network.loadingFinished', (e) => {
    transfer.bytes += e.encodedDataLength;
    transfer.requests += 1;
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  return { page, problems, transfer, resetTransfer: () => Object.assign(transfer, { bytes: 0, requests: 0 }) };
}

async function firstContentfulPaint(page) {
  return page.evaluate(() => {
    const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
    return fcp ? fcp.startTime : null;
  });
}

/** Screenshot, and the bytes transferred since the last `resetTransfer()`. `how`: 'cold load'
 * (a page load; the HTTP cache is off while requests are routed, so every load is cold) or
 * 'in-page' (a view reached by a link, without a page load: no paint timing of its own). */
async function record(name, w, file, how) {
  const screenshot = path.join(ARTIFACTS, file);
  // Let the last responses finish before reading the byte count.
  await w.page.waitForLoadState('networkidle');
  await w.page.screenshot({ path: screenshot, fullPage: true });
  const entry = {
    name,
    how,
    url: w.page.url().replace(BASE, ''),
    bytes: w.transfer.bytes,
    requests: w.transfer.requests,
    fcpMs: how === 'in-page' ? null : await firstContentfulPaint(w.page),
    screenshot: path.relative(process.cwd(), screenshot),
  };
  report.push(entry);
  return entry;
}

async function api(query, variables = {}) {
  const res = await fetch(`${BASE}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

/** Clicks Run until the response pane shows `text`. GraphiQL takes the operation name from
 * the editor after a debounce, so a run right after a tab switch can still carry the previous
 * tab's name on a busy machine; a person would click again, and so does this (10 tries). */
async function runUntilResponseHas(page, text) {
  const shown = () => page.evaluate(() => document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue());
  for (let attempt = 1; ; attempt++) {
    await page.locator('.graphiql-execute-button').click();
    try {
      await page.waitForFunction(
        (t) => document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue().includes(t),
        text,
        { timeout: 6_000 },
      );
      return;
    } catch (e) {
      if (attempt >= 10) throw new Error(`no ${text} in the response pane: ${(await shown()).slice(0, 500)}`);
    }
  }
}

test('GraphiQL loads from the binary, shows the schema docs and the examples, and runs a typed query', async () => {
  const w = await watchedPage();
  const { page } = w;
  await page.goto(`${BASE}/graphql`, { waitUntil: 'load' });
  await page.locator('.graphiql-container').waitFor();
  // The examples: one preloaded tab each, and the side panel listing them.
  const examples = fs.readdirSync(path.resolve('examples/queries')).filter((f) => f.endsWith('.graphql'));
  await page.getByRole('heading', { name: 'Example queries' }).waitFor();
  assert.equal(await page.locator('.pg-examples button').count(), examples.length);
  assert.ok((await page.locator('.graphiql-tab').count()) >= examples.length, 'a tab per example');
  // The schema was introspected: the doc explorer shows the descriptions.
  await page.getByRole('button', { name: /Documentation Explorer/ }).first().click();
  await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().click();
  await page.getByText('One episode by its show and page', { exact: false }).first().waitFor();
  await record('GraphiQL (/graphql)', w, 'graphiql.png', 'cold load');

  // Type a query into a new tab and run it.
  await page.getByRole('button', { name: 'Add tab' }).click();
  const editor = page.locator('.graphiql-query-editor .CodeMirror');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // Typed as text input into the focused editor (what a paste or an input method does): key
  // by key, the editor's bracket closing and autocompletion popups (which open late on a
  // busy machine) would make the text depend on timing.
  const query = `query TypedInGraphiQL { person(slug: "${PERSON_SLUG}") { name appearanceCount } }`;
  await page.keyboard.insertText(query);
  await page.keyboard.press('Escape'); // closes an autocompletion hint, if any
  const typed = await page.evaluate(() => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue());
  assert.equal(typed, query);
  // GraphiQL reads the operation name from the text after a debounce; running before that
  // would send the previous tab's name. Its tab title shows the name once it has.
  await page.waitForFunction(
    () => [...document.querySelectorAll('.graphiql-tab')].some((t) => t.innerText.includes('TypedInGraphiQL')),
    null,
    { timeout: 60_000 },
  );
  await runUntilResponseHas(page, PERSON_NAME);
  const text = await page.evaluate(() => document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue());
  const json = JSON.parse(text);
  assert.equal(json.data.person.name, PERSON_NAME);
  assert.ok(json.data.person.appearanceCount > 100);

  // An example is one click away, and runs.
  await page.getByRole('button', { name: 'Show Examples' }).click();
  await page.locator('.pg-examples button[data-example="13-who-appears-with-whom.graphql"]').click();
  await page.waitForFunction(() =>
    document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue().includes('coAppearances'),
  );
  await page.keyboard.press('Escape');
  await runUntilResponseHas(page, '"coAppearances"');
  await page.screenshot({ path: path.join(ARTIFACTS, 'graphiql-query.png') });
  assert.deepEqual(w.problems, []);
  await page.close();
});

test('the dashboard finds a person from a misspelt name, and a deep link shows the same view', async () => {
  const expected = await api(
    `query($s: String!) { person(slug: $s) { coAppearances(first: 5) { nodes { name } } shows(first: 3) { nodes { title } } } }`,
    { s: PERSON_SLUG },
  );
  const coNames = expected.person.coAppearances.nodes.map((n) => n.name);
  const showTitles = expected.person.shows.nodes.map((n) => n.title);

  const w = await watchedPage();
  const { page } = w;
  await page.goto(`${BASE}/dashboard`, { waitUntil: 'load' });
  await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
  await record('Dashboard (/dashboard)', w, 'dashboard.png', 'cold load');

  await page.getByLabel('Name').fill(PERSON_TYPED);
  await page.getByLabel('Name').press('Enter');
  await page.locator('#person-name', { hasText: PERSON_NAME }).waitFor();
  assert.match(page.url(), /[?&]view=person/);
  assert.match(page.url(), /[?&]q=charls\+wood/);
  const co = page.locator('.co-appearances table');
  for (const name of coNames) await co.getByRole('link', { name, exact: true }).waitFor();
  for (const title of showTitles) await page.getByRole('link', { name: title, exact: true }).first().waitFor();
  await page.locator('.uplot canvas').first().waitFor(); // appearances per year by role
  await page.getByRole('status').filter({ hasText: PERSON_NAME }).waitFor();
  const names = await co.locator('tbody tr td:first-child').allTextContents();
  const shared = page.url();
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-person.png'), fullPage: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-person-top.png') });
  assert.deepEqual(w.problems, []);
  await page.close();

  // The URL alone gives the same view.
  const w2 = await watchedPage();
  w2.resetTransfer();
  await w2.page.goto(shared, { waitUntil: 'load' });
  await w2.page.locator('#person-name', { hasText: PERSON_NAME }).waitFor();
  await w2.page.locator('.uplot canvas').first().waitFor();
  await w2.page.getByRole('status').filter({ hasText: PERSON_NAME }).waitFor();
  assert.deepEqual(await w2.page.locator('.co-appearances table tbody tr td:first-child').allTextContents(), names);
  assert.equal(await w2.page.getByLabel('Name').inputValue(), PERSON_TYPED);
  await record('Dashboard, person (deep link)', w2, 'dashboard-person-deeplink.png', 'cold load');
  assert.deepEqual(w2.problems, []);
  await w2.page.close();
});

test('dashboard rankings, charts, sponsor timeline and path: deep links and navigation', async () => {
  const w = await watchedPage();
  const { page } = w;

  // Rankings filtered by show and year, from the URL; the table agrees with the API.
  const expected = await api(`{ topPickers(show: "js-jabber", year: 2019, first: 3) { nodes { person { name } } } }`);
  w.resetTransfer();
  await page.goto(`${BASE}/dashboard?view=rankings&show=js-jabber&year=2019`, { waitUntil: 'load' });
  await page.getByRole('heading', { name: /Top pickers and picks: JavaScript Jabber, 2019/ }).waitFor();
  assert.equal(await page.getByLabel('Show').inputValue(), 'js-jabber');
  assert.equal(await page.getByLabel('Year').inputValue(), '2019');
  const pickers = page.locator('table', { has: page.locator('caption', { hasText: 'Top pickers' }) });
  assert.equal(await pickers.locator('tbody tr').first().locator('td').nth(1).textContent(), expected.topPickers.nodes[0].person.name);
  assert.ok((await page.locator('table', { has: page.locator('caption', { hasText: 'Most picked links' }) }).locator('tbody tr').count()) > 3);
  await record('Dashboard, rankings (deep link)', w, 'dashboard-rankings.png', 'cold load');

  // Changing the filter updates the URL.
  await page.getByLabel('Year').selectOption('2018');
  await page.getByRole('button', { name: 'Show rankings' }).click();
  await page.getByRole('heading', { name: /JavaScript Jabber, 2018/ }).waitFor();
  assert.match(page.url(), /year=2018/);
  await page.goBack();
  await page.getByRole('heading', { name: /JavaScript Jabber, 2019/ }).waitFor();

  // Per-year charts: picks, guests, sponsorships (and episodes).
  w.resetTransfer();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Per year' }).click();
  await page.getByRole('heading', { name: 'Activity of the whole network' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.uplot canvas').length >= 4);
  for (const caption of ['Picks per year', 'Guests per year', 'Sponsorships per year']) {
    await page.locator('figcaption', { hasText: caption }).waitFor();
  }
  await record('Dashboard, per year (charts)', w, 'dashboard-trends.png', 'in-page');

  // A sponsor's timeline across shows.
  w.resetTransfer();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Sponsors' }).click();
  const biggest = page.locator('table', { has: page.locator('caption', { hasText: 'Biggest sponsors' }) });
  const first = biggest.locator('tbody tr').first().getByRole('link');
  const sponsorName = await first.textContent();
  await first.click();
  await page.getByRole('heading', { level: 2, name: sponsorName }).waitFor();
  await page.locator('table', { has: page.locator('caption', { hasText: 'Timeline across shows' }) }).locator('tbody tr').first().waitFor();
  await page.locator('.uplot canvas').first().waitFor();
  assert.match(page.url(), /view=sponsor&sponsor=/);
  await record('Dashboard, sponsor timeline', w, 'dashboard-sponsor.png', 'in-page');

  // The path between two people, from names with a typo.
  w.resetTransfer();
  await page.goto(`${BASE}/dashboard?view=path&from=aaron+frost&to=dave+kimora`, { waitUntil: 'load' });
  const path0 = await api(`{ path(from: "aaron-frost", to: "dave-kimura") { length people { name } } }`);
  await page.getByRole('heading', { name: new RegExp(`Aaron Frost → Dave Kimura: ${path0.path.length} hop`) }).waitFor();
  assert.deepEqual(await page.locator('ol.path > li > a').allTextContents(), path0.path.people.map((p) => p.name));
  await record('Dashboard, path (deep link)', w, 'dashboard-path.png', 'cold load');
  assert.deepEqual(w.problems, []);
  await page.close();
});
