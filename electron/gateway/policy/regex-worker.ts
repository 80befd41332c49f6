// The regex worker thread's entry (started by regex-runner.ts): one job in, one answer out.
// An error thrown here ends the thread; the runner refuses the call and starts another.
import { parentPort } from 'node:worker_threads';
import { runRegexJob, type RegexJob } from './regex-jobs.js';
import { REGEX_WORKER_READY } from './regex-runner.js';

const port = parentPort;
if (port === null) throw new Error('regex-worker.ts runs only as a worker thread');
port.on('message', (job: RegexJob) => port.postMessage(runRegexJob(job)));
// Warm up before saying ready: a new thread's first check otherwise also pays for compiling
// ajv's and re2js's code paths, and that is not the pattern's cost the deadline is there for.
runRegexJob({ kind: 'schema', schema: { type: 'object', properties: { warm: { type: 'string', pattern: '^[\\w .-]+$' } } }, args: { warm: 'warm up '.repeat(2_048) } });
port.postMessage(REGEX_WORKER_READY);
