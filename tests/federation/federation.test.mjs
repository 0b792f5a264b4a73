// Federation v2, proven with Apollo's own tooling.
//
// 1. Starts `target/release/podgraph serve --data data` on a free loopback port.
// 2. Reads its subgraph SDL from `_service { sdl }` and checks it is `schema.graphql`.
// 3. Starts a second subgraph ("fans", @apollo/subgraph + @apollo/server) that extends
//    podgraph's `Person` and `Episode` entities with a field of its own.
// 4. Composes both with @apollo/composition and serves the supergraph with @apollo/gateway.
// 5. Queries the gateway so that podgraph's `Person` fields are resolved through podgraph's
//    `_entities` (the query starts in the fans subgraph), and the other way round.
//
// Run with `tests/federation/run.sh` (installs the pinned packages first).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binary = process.env.PODGRAPH_BIN ?? join(root, 'target', 'release', 'podgraph');
const SEED = { podcast: 'elixir-mix', slug: 'emx-044-dangers-of-genservers-in-elixir-with-mika-kalathil' };
const HOST_SLUG = 'charles-max-wood';

let podgraph; // child process
let podgraphUrl;
let fans; // ApolloServer
let gateway; // ApolloServer
let gatewayUrl;
let composed;

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

async function post(url, query, variables = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  assert.equal(res.status, 200, `${url} answered ${res.status}`);
  return res.json();
}

async function waitForHealth(url, child) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`podgraph exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('podgraph did not become healthy within 60 s');
}

/// The global id podgraph gives a person (base64url of `Person:<slug>`, no padding).
function personId(slug) {
  return Buffer.from(`Person:${slug}`).toString('base64url');
}

const fansTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])

  "A person, as the fans subgraph knows them: by podgraph's global id."
  type Person @key(fields: "id") {
    id: ID!
    "Letters from fans (owned by the fans subgraph)."
    fanMail: Int!
  }

  "An episode, as the fans subgraph knows it."
  type Episode @key(fields: "id") {
    id: ID!
    "Listener rating, 1 to 5 (owned by the fans subgraph)."
    rating: Int!
  }

  type Query {
    "People the fans subgraph features (only ids: podgraph knows the rest)."
    featuredPeople: [Person!]!
  }
`);

const fanMail = (id) => [...id].reduce((n, c) => n + c.charCodeAt(0), 0) % 97;

const fansResolvers = {
  Query: {
    featuredPeople: () => [{ id: personId(HOST_SLUG) }, { id: personId('nobody-at-all') }].slice(0, 1),
  },
  Person: {
    __resolveReference: (ref) => ({ id: ref.id }),
    fanMail: (p) => fanMail(p.id),
  },
  Episode: {
    __resolveReference: (ref) => ({ id: ref.id }),
    rating: () => 5,
  },
};

before(async () => {
  assert.ok(existsSync(binary), `${binary} is missing: run \`cargo build --release\` first`);
  const port = await freePort();
  podgraphUrl = `http://127.0.0.1:${port}`;
  podgraph = spawn(binary, ['serve', '--data', join(root, 'data'), '--listen', `127.0.0.1:${port}`], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, RUST_LOG: 'podgraph=warn' },
  });
  await waitForHealth(podgraphUrl, podgraph);

  fans = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs: fansTypeDefs, resolvers: fansResolvers }]) });
  const { url: fansUrl } = await startStandaloneServer(fans, { listen: { port: 0, host: '127.0.0.1' } });

  const { data } = await post(`${podgraphUrl}/graphql`, '{ _service { sdl } }');
  const sdl = data._service.sdl;
  composed = composeServices([
    { name: 'podgraph', typeDefs: parse(sdl), url: `${podgraphUrl}/graphql` },
    { name: 'fans', typeDefs: fansTypeDefs, url: fansUrl },
  ]);
  if (composed.errors) {
    throw new Error(`composition failed:\n${composed.errors.map((e) => e.message).join('\n')}`);
  }
  gateway = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: composed.supergraphSdl }) });
  ({ url: gatewayUrl } = await startStandaloneServer(gateway, { listen: { port: 0, host: '127.0.0.1' } }));
});

after(async () => {
  await gateway?.stop();
  await fans?.stop();
  if (podgraph && podgraph.exitCode === null) {
    podgraph.kill('SIGTERM');
    await new Promise((r) => podgraph.once('exit', r));
  }
});

test('the served subgraph SDL is schema.graphql, with Federation v2 keys', async () => {
  const { data } = await post(`${podgraphUrl}/graphql`, '{ _service { sdl } }');
  const onDisk = readFileSync(join(root, 'schema.graphql'), 'utf8');
  assert.equal(data._service.sdl, onDisk, 'schema.graphql is out of date: UPDATE_SCHEMA=1 cargo test schema_file');
  assert.match(onDisk, /url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
  assert.match(onDisk, /type Person implements Node @key\(fields: "id"\) @key\(fields: "slug"\)/);
  assert.match(onDisk, /type Episode implements Node @key\(fields: "id"\)/);
  assert.match(onDisk, /type Show implements Node @key\(fields: "id"\)/);
});

test('podgraph resolves entity representations in order, null for unknown keys', async () => {
  const q = `query($r: [_Any!]!) { _entities(representations: $r) {
    __typename ... on Person { name slug } ... on Episode { title } ... on Show { slug } } }`;
  const showId = Buffer.from('Show:elixir-mix').toString('base64url');
  const episodeId = Buffer.from(`Episode:${SEED.podcast}/${SEED.slug}`).toString('base64url');
  const r = await post(`${podgraphUrl}/graphql`, q, {
    r: [
      { __typename: 'Show', id: showId },
      { __typename: 'Person', id: personId(HOST_SLUG) },
      { __typename: 'Person', slug: HOST_SLUG },
      { __typename: 'Episode', id: episodeId },
      { __typename: 'Person', id: personId('nobody-at-all') },
    ],
  });
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  assert.deepEqual(r.data._entities, [
    { __typename: 'Show', slug: 'elixir-mix' },
    { __typename: 'Person', name: 'Charles Max Wood', slug: HOST_SLUG },
    { __typename: 'Person', name: 'Charles Max Wood', slug: HOST_SLUG },
    { __typename: 'Episode', title: 'EMx 044: Dangers of GenServers in Elixir with Mika Kalathil' },
    null,
  ]);
});

test('the supergraph composes both subgraphs', () => {
  assert.match(composed.supergraphSdl, /join__graph\(name: "podgraph"/);
  assert.match(composed.supergraphSdl, /join__graph\(name: "fans"/);
  assert.match(composed.supergraphSdl, /fanMail: Int!/);
});

test('the gateway resolves podgraph Person fields through _entities', async () => {
  // The query starts in the fans subgraph, which only knows ids: name, slug and shows come
  // from podgraph's `_entities`.
  const r = await post(gatewayUrl, '{ featuredPeople { id fanMail name slug aliases shows { totalCount } } }');
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  assert.deepEqual(r.data.featuredPeople, [
    {
      id: personId(HOST_SLUG),
      fanMail: fanMail(personId(HOST_SLUG)),
      name: 'Charles Max Wood',
      slug: HOST_SLUG,
      aliases: r.data.featuredPeople[0].aliases,
      shows: { totalCount: r.data.featuredPeople[0].shows.totalCount },
    },
  ]);
  assert.ok(Array.isArray(r.data.featuredPeople[0].aliases));
});

test('the gateway extends podgraph entities with the other subgraph', async () => {
  const r = await post(
    gatewayUrl,
    `query($p: String!, $s: String!) {
      person(slug: "${HOST_SLUG}") { name fanMail }
      episode(podcast: $p, slug: $s) { title date rating show { title } }
    }`,
    { p: SEED.podcast, s: SEED.slug },
  );
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  assert.deepEqual(r.data.person, { name: 'Charles Max Wood', fanMail: fanMail(personId(HOST_SLUG)) });
  assert.deepEqual(r.data.episode, {
    title: 'EMx 044: Dangers of GenServers in Elixir with Mika Kalathil',
    date: '2019-03-26',
    rating: 5,
    show: { title: 'Elixir Mix' },
  });
});
