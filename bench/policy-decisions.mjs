// Policy decisions per second and decision latency for a policy of 1,000 rules
// (exact names, globs, conditions, limits). Plain JS over the built core:
//   npx tsc -p tsconfig.core.json && node bench/policy-decisions.mjs [seconds per phase]
// Phases: "known tools" (names repeat, as with a real client: the rule lookup is memoised)
// and "unseen names" (every call a new name: exact map, then the glob index, every time).
import { PolicyEngine } from '../dist/electron/gateway/policy/engine.js';
import { MemoryCounterStore } from '../dist/electron/gateway/policy/memory-counter-store.js';
import { validatePolicy } from '../dist/shared/policy/validate.js';

const SECONDS = Number(process.argv[2] ?? 2);
const RULES = 1000;

function buildPolicy() {
  const tools = {};
  for (let i = 0; i < RULES; i++) {
    const service = `svc${i % 97}`;
    if (i % 3 === 0) {
      tools[`${service}_grp${i}_*`] = {
        rate_limit: { max: 1_000_000, window: 'minute' },
        deny_if: [{ path: 'args.path', op: 'regex', value: '^/etc/' }],
      };
    } else if (i % 3 === 1) {
      tools[`${service}_tool${i}`] = {
        require: [
          { path: 'args.mode', op: 'in', value: ['read', 'write'] },
          { path: 'args.limit', op: 'lte', value: 1000 },
        ],
        limits: [{ counter: `spend_${i % 10}`, window: 'hour', max: 1e12, scope: 'grant', increment_from: 'args.limit' }],
        reason: 'Bench rule',
      };
    } else {
      tools[`${service}_tool${i}`] = { action: i % 2 ? 'allow' : 'approve', validate_schema: false };
    }
  }
  tools['*_delete'] = { action: 'deny', reason: 'No deletes' };
  const doc = {
    version: '1',
    default: 'deny',
    hide: ['internal_*', 'debug_*'],
    all_tools: { limits: [{ counter: 'all', window: 'minute', max: 100_000_000, scope: 'grant' }] },
    tools,
    risk: { read: { action: 'allow' }, destructive: { action: 'approve' } },
  };
  const result = validatePolicy(doc);
  if (!result.ok) throw new Error(`bench policy invalid: ${JSON.stringify(result.errors.slice(0, 3))}`);
  return result.policy;
}

function knownCalls() {
  const calls = [];
  for (let i = 0; i < 400; i++) {
    const service = `svc${i % 97}`;
    const kind = i % 5;
    const rule = (3 * i + (kind % 3)) % RULES; // rule index with the wanted i % 3
    const ruleService = `svc${rule % 97}`;
    if (kind === 0) calls.push({ name: `${ruleService}_grp${rule}_list`, args: { path: i % 10 ? '/home/x' : '/etc/passwd' } }); // glob + regex + rate limit
    else if (kind === 1) calls.push({ name: `${ruleService}_tool${rule}`, args: { mode: i % 7 ? 'read' : 'drop', limit: 10 } }); // exact + conditions + spend cap
    else if (kind === 2) calls.push({ name: `${ruleService}_tool${rule}`, args: {} }); // exact allow / approve
    else if (kind === 3) calls.push(i % 2 ? { name: `${service}_thing_delete`, args: {} } : { name: `unlisted_${i}`, args: {}, riskClass: 'read' });
    else calls.push({ name: `internal_${i}`, args: {} }); // hidden
  }
  return calls;
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function phase(label, engine, nextCall) {
  const deadline = performance.now() + SECONDS * 1000;
  const times = [];
  const actions = {};
  let n = 0;
  const started = performance.now();
  while (performance.now() < deadline) {
    for (let k = 0; k < 256; k++) {
      const c = nextCall(n++);
      const t0 = process.hrtime.bigint();
      const decision = await engine.decide({ tool: { name: c.name, riskClass: c.riskClass }, args: c.args, grant: `g${n % 4}`, sessionId: 's' });
      times.push(Number(process.hrtime.bigint() - t0) / 1000);
      actions[decision.action] = (actions[decision.action] ?? 0) + 1;
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(14)} ${String(Math.round(n / elapsed)).padStart(9)} decisions/s   p50 ${percentile(times, 0.5).toFixed(1)} µs   p99 ${percentile(times, 0.99).toFixed(1)} µs   max ${times[times.length - 1].toFixed(0)} µs   (${n} decisions: ${JSON.stringify(actions)})`,
  );
}

const policy = buildPolicy();
const compileStart = performance.now();
const engine = new PolicyEngine({ serverId: 'bench', policy, counters: new MemoryCounterStore() });
console.log(`policy: ${Object.keys(policy.tools).length} tool rules (${Object.keys(policy.tools).filter((k) => k.includes('*')).length} globs), compiled in ${(performance.now() - compileStart).toFixed(1)} ms; ${SECONDS} s per phase; node ${process.version}`);

const known = knownCalls();
await phase('warm-up', engine, (i) => known[i % known.length]);
await phase('known tools', engine, (i) => known[i % known.length]);
await phase('unseen names', engine, (i) => ({ name: `svc${i % 97}_new${i}_${i % 7 === 0 ? 'delete' : 'op'}`, args: { path: '/tmp' } }));
