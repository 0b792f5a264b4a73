// Builds web/vendor/ from the pinned packages in node_modules (run by scripts/fetch-web-assets.sh
// after `npm ci`). Output, committed and embedded in the binary by src/web.rs:
//   vendor/graphiql/graphiql.js, graphiql.css  GraphiQL 3 + GraphQL.js + React 18, one production
//                                              bundle (esbuild, minified), exposes window.PodgraphGraphiQL
//   vendor/uplot/uPlot.iife.min.js, uPlot.min.css  uPlot, as published
//   vendor/LICENSES/<package>.txt              the licence file of every package in those files
//   vendor/THIRD-PARTY-LICENSES.txt            the same, concatenated (served at /assets/)
//   <each file>.br, <each file>.gz             precompressed (brotli 11, gzip 9): the server sends
//                                              these as they are, so no asset is compressed per request
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const here = path.dirname(new URL(import.meta.url).pathname);
const nm = path.join(here, 'node_modules');
const out = path.join(here, 'vendor');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, 'graphiql'), { recursive: true });
fs.mkdirSync(path.join(out, 'uplot'), { recursive: true });
fs.mkdirSync(path.join(out, 'LICENSES'), { recursive: true });

const result = await esbuild.build({
  entryPoints: [path.join(here, 'src/graphiql-entry.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none', // the licences are in vendor/LICENSES/ instead
  outfile: path.join(out, 'graphiql/graphiql.js'),
  metafile: true,
  logLevel: 'warning',
});

// Every package with a file in the bundle, by name (node_modules/<name> or node_modules/@scope/name).
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g);
  if (m) packages.add(m[m.length - 1].replace(/^node_modules\//, '').replace(/\/$/, ''));
}

fs.copyFileSync(path.join(nm, 'uplot/dist/uPlot.iife.min.js'), path.join(out, 'uplot/uPlot.iife.min.js'));
fs.copyFileSync(path.join(nm, 'uplot/dist/uPlot.min.css'), path.join(out, 'uplot/uPlot.min.css'));
packages.add('uplot');

// The package directory of a name: nested copies (node_modules/a/node_modules/b) share the licence
// text of their package in practice; the top-level copy is used.
const licenceNames = /^(licen[cs]e|copying|notice)(\.(md|txt|markdown))?$/i;
const all = [];
for (const name of [...packages].sort()) {
  const dir = path.join(nm, name);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const files = fs.readdirSync(dir).filter((f) => licenceNames.test(f)).sort();
  let text = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8').trim()).join('\n\n');
  if (!text) text = `(no licence file in the package; package.json says: ${pkg.license})`;
  const header = `${pkg.name}@${pkg.version} (${pkg.license ?? 'unknown'})`;
  fs.writeFileSync(path.join(out, 'LICENSES', `${name.replace('/', '__')}.txt`), `${header}\n\n${text}\n`);
  all.push(`${'='.repeat(78)}\n${header}\n${'='.repeat(78)}\n\n${text}\n`);
}
fs.writeFileSync(
  path.join(out, 'THIRD-PARTY-LICENSES.txt'),
  `Third-party software in podgraph's web pages (/graphql playground, /dashboard).\n` +
    `Built by scripts/fetch-web-assets.sh from web/package-lock.json.\n\n${all.join('\n')}`,
);
for (const f of ['graphiql/graphiql.js', 'graphiql/graphiql.css', 'uplot/uPlot.iife.min.js', 'uplot/uPlot.min.css', 'THIRD-PARTY-LICENSES.txt']) {
  const raw = fs.readFileSync(path.join(out, f));
  const br = zlib.brotliCompressSync(raw, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  const gz = zlib.gzipSync(raw, { level: 9 });
  fs.writeFileSync(path.join(out, `${f}.br`), br);
  fs.writeFileSync(path.join(out, `${f}.gz`), gz);
  console.log(`${f}: ${raw.length} bytes, brotli ${br.length}, gzip ${gz.length}`);
}
console.log(`licences: ${[...packages].sort().join(', ')}`);
