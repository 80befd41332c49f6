// `node scripts/import-graph.mjs [--check] [--root <dir>]`: the cross-folder imports inside electron/gateway/
// (folder → folder, with counts) and every one that runs back up against LAYERS below.
// With --check it prints only the violations and exits 1 if there are any (npm run lint:layers).
//
// The gateway core reads top-down. A file may import from its own folder, from a folder in
// its own layer, or from any layer below; an import from a layer above, or from a folder
// the order does not name, is a violation. The files at the root of electron/gateway/
// (portcullis.ts, gateway.ts) are the folder '.'. Subfolders count as their top folder
// (upstream/oauth/ is upstream/). Type-only imports count too: they are still a dependency.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Top to bottom. */
export const LAYERS = [
  ['host'], // the headless host: /api over HTTP + SSE, the UI's files
  ['api'], // the core's implementation of the Api contract
  ['demo'], // serve --demo: installs demo servers and policies
  ['clients'], // AI clients' config files: scan, connect, import
  ['.'], // portcullis.ts (the core, composed) and gateway.ts (HTTP front + sessions + supervisors)
  ['downstream'], // the HTTP front and the lean Streamable HTTP transport
  ['session'], // one client channel bound to upstream channels; asks the gate
  ['gate'], // the CallGate contract and its policy-backed implementations
  ['policy', 'catalog', 'approvals', 'calllog', 'config', 'telemetry'], // the services behind the gate; call spans out
  ['upstream'], // stdio / HTTP / SSE upstreams, OAuth, supervisors
  ['auth', 'secrets'], // grant tokens; secret detection and masking
  ['store'], // files on disk: config, atomic writes, locks
  ['util'], // small general-purpose pieces with no domain
];

// --root <dir>: another tree laid out the same way (the script's own test uses one).
const rootAt = process.argv.indexOf('--root');
const root = rootAt === -1 ? path.resolve(import.meta.dirname, '..', 'electron', 'gateway') : path.resolve(process.argv[rootAt + 1]);
const rank = new Map(LAYERS.flatMap((folders, i) => folders.map((folder) => [folder, i])));
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function folderOf(file) {
  const parts = path.relative(root, file).split(path.sep);
  return parts.length === 1 ? '.' : parts[0];
}

const edges = new Map(); // 'from -> to' → list of 'file -> target'
for (const file of sourceFiles(root)) {
  for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (!specifier.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), specifier);
    if (!target.startsWith(root + path.sep)) continue; // shared/ and the like: outside the core
    const from = folderOf(file);
    const to = folderOf(target);
    if (from === to) continue;
    const key = `${from} -> ${to}`;
    if (!edges.has(key)) edges.set(key, []);
    edges.get(key).push(`${path.relative(root, file)} -> ${path.relative(root, target).replace(/\.js$/, '.ts')}`);
  }
}

const violations = [];
for (const [key, imports] of edges) {
  const [from, to] = key.split(' -> ');
  const reason = !rank.has(from) ? `'${from}' is in no layer` : !rank.has(to) ? `'${to}' is in no layer` : rank.get(to) < rank.get(from) ? 'runs back up' : undefined;
  if (reason) violations.push({ key, reason, imports });
}

const check = process.argv.includes('--check');
if (!check) {
  console.log('cross-folder imports in electron/gateway/ (folder -> folder: count)');
  for (const key of [...edges.keys()].sort()) console.log(`  ${key.padEnd(28)} ${edges.get(key).length}`);
  console.log(`layer order: ${LAYERS.map((folders) => folders.join(' ')).join(' > ')}`);
}
console.log(`${violations.length} folder pair(s) against the layer order${violations.length ? ':' : ''}`);
for (const { key, reason, imports } of violations) {
  console.log(`  ${key} (${reason}):`);
  for (const line of imports) console.log(`    ${line}`);
}
if (check && violations.length > 0) process.exitCode = 1;
