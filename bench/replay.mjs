// Replay speed: 100,000 logged calls replayed through the 1,000-rule bench policy (5b's,
// bench/lib/realistic-policy.mjs). The log is written first by the real CallLog (redaction,
// day files) on a clock spread over two days; then the replay the Api runs is timed:
// day files streamed oldest first, each record decided by the real engine with its limits.
//   npm run build:core && node bench/replay.mjs [calls]
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CallLog } from '../dist/electron/gateway/calllog/call-log.js';
import { callLogDir } from '../dist/electron/gateway/calllog/log-files.js';
import { replayPolicy } from '../dist/electron/gateway/policy/replay.js';
import { callsOldestFirst } from '../dist/electron/gateway/policy/replay-source.js';
import { validatePolicy } from '../dist/shared/policy/validate.js';
import { realisticPolicy } from './lib/realistic-policy.mjs';

const CALLS = Number(process.argv[2] ?? 100_000);
const SPAN_MS = 2 * 24 * 3600 * 1000;
const START = Date.UTC(2026, 0, 5);

const checked = validatePolicy(realisticPolicy(1000));
if (!checked.ok) throw new Error('bench policy invalid');
const draft = checked.policy;

/** A mix over the policy's own rules (exact names, globs filled in, admin denials), echo, unknown and hidden tools. */
const ruleNames = Object.keys(draft.tools).filter((key) => key !== 'echo' && !/^e/.test(key)).map((key) => key.replace('*', 'x'));
function callAt(i) {
  switch (i % 8) {
    case 0:
    case 1:
      return { tool: 'echo', arguments: { message: i % 50 === 0 ? 'forbidden' : `hello ${i}` } };
    case 6:
      return { tool: `unknown_${i % 500}`, arguments: {} };
    case 7:
      return { tool: `internal_${i % 20}`, arguments: {} };
    default: {
      const tool = ruleNames[(i * 7919) % ruleNames.length];
      return { tool, arguments: { mode: i % 9 ? 'read' : 'drop', amount: 1, path: i % 10 ? '/home/x' : '/etc/passwd', api_key: 'sk-live-123456789012345678901234' } };
    }
  }
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-bench-replay-'));
try {
  let clock = START;
  const log = await CallLog.open({ dataDir, retentionDays: 0, now: () => clock });
  const writeStart = performance.now();
  for (let i = 0; i < CALLS; i++) {
    clock = START + Math.floor((i * SPAN_MS) / CALLS);
    const call = callAt(i);
    const active = log.start({ server: 'bench', grant: `g${i % 4}`, session: `s${i % 16}`, tool: call.tool, arguments: call.arguments }, { startedAt: performance.now(), ms: clock });
    log.finish(active, { decision: 'allow', rule: 'default', upstream: 'ok', totalMs: 1 });
    if (i % 5000 === 4999) await log.flush();
  }
  await log.close();
  console.log(`wrote ${CALLS.toLocaleString('en-US')} calls over 2 days in ${((performance.now() - writeStart) / 1000).toFixed(1)} s`);

  for (const round of [1, 2, 3]) {
    const started = performance.now();
    const result = await replayPolicy({
      serverId: 'bench',
      draft,
      activeRevision: '-',
      records: callsOldestFirst(callLogDir(dataDir), { server: 'bench' }, { skippedLines: 0 }),
      facts: () => ({}),
      maxChanged: 1000,
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `round ${round}: replayed ${result.summary.replayed.toLocaleString('en-US')} calls with ${Object.keys(draft.tools).length} tool rules in ${seconds.toFixed(2)} s ` +
        `(${Math.round(result.summary.replayed / seconds).toLocaleString('en-US')} calls/s); ${result.summary.changed.toLocaleString('en-US')} changed, ` +
        `${result.summary.dependsOnRedacted} read redacted values; ${JSON.stringify(result.counts)}`,
    );
  }
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
