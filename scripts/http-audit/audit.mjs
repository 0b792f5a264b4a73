// Runs graphql-http's server audits (the GraphQL over HTTP spec checks) against a server.
// Usage: node audit.mjs http://127.0.0.1:8000/graphql [--json out.json]
// Exit status: 0 when every MUST and every SHOULD audit passes, 1 otherwise.
import { auditServer } from 'graphql-http';
import { writeFileSync } from 'node:fs';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql url> [--json out.json]');
  process.exit(2);
}
const jsonAt = process.argv.indexOf('--json');
const results = await auditServer({ url });

const level = (name) => name.split(' ')[0].replace('NOT', '').trim(); // MUST, SHOULD, MAY
const counts = {};
for (const r of results) {
  const l = level(r.name);
  counts[l] ??= { passed: 0, total: 0 };
  counts[l].total += 1;
  if (r.status === 'ok') counts[l].passed += 1;
}
for (const r of results) {
  const mark = r.status === 'ok' ? 'ok  ' : r.status === 'warn' ? 'WARN' : 'FAIL';
  let line = `${mark} ${r.id} ${r.name}`;
  if (r.status !== 'ok') {
    line += `\n       ${r.reason}`;
    if (r.response) line += ` (status ${r.response.status})`;
  }
  console.log(line);
}
for (const l of ['MUST', 'SHOULD', 'MAY']) {
  if (counts[l]) console.log(`${l}: ${counts[l].passed} of ${counts[l].total} passed`);
}
if (jsonAt > 0) {
  writeFileSync(process.argv[jsonAt + 1], JSON.stringify({ counts, results: results.map(({ id, name, status, reason }) => ({ id, name, status, reason })) }, null, 2));
}
const failed = ['MUST', 'SHOULD'].some((l) => counts[l] && counts[l].passed !== counts[l].total);
process.exit(failed ? 1 : 0);
