// What the linear-time engine costs per match: RegExp against re2js (as Portcullis compiles
// it) on patterns typical of `regex` conditions and schema `pattern`s, with typical inputs.
//   npx tsc -p tsconfig.core.json && node bench/regex-engines.mjs
import { compileLinearRegex } from '../dist/shared/policy/linear-regex.js';

const CASES = [
  ['^prod-', 'prod-db-eu-west-1'],
  ['(?i)^prod', 'Production-db'],
  ['^[A-Z]{2}\\d{2}[A-Z0-9]{11,30}$', 'DE89370400440532013000'],
  ['^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$', 'ann.smith@example.org'],
  ['\\bDROP\\s+TABLE\\b', 'SELECT * FROM users WHERE id = 42; -- a typical query of some length'],
  ['^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', '123e4567-e89b-12d3-a456-426614174000'],
  ['^(\\w+\\s?)*$', 'two words and a few more'],
];
const RUNS = 200_000;

function nsPerCall(fn) {
  for (let i = 0; i < 20_000; i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < RUNS; i++) fn();
  return Number(process.hrtime.bigint() - start) / RUNS;
}

console.log('pattern'.padEnd(36), 'RegExp ns', 're2js ns', ' compile ms');
for (const [pattern, input] of CASES) {
  const native = pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'i') : new RegExp(pattern);
  const started = performance.now();
  const compiled = compileLinearRegex(pattern);
  const compileMs = performance.now() - started;
  if (!compiled.ok) throw new Error(compiled.message);
  const linear = compiled.regex;
  if (native.test(input) !== linear.test(input)) throw new Error(`the engines disagree on ${pattern}`);
  const a = nsPerCall(() => native.test(input));
  const b = nsPerCall(() => linear.test(input));
  console.log(pattern.slice(0, 35).padEnd(36), a.toFixed(0).padStart(9), b.toFixed(0).padStart(8), compileMs.toFixed(2).padStart(11));
}
