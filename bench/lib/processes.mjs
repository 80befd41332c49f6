// Child processes for the bench: each in its own process group (so a gateway and the
// servers it spawned go down together), free loopback ports, readiness waits, and RSS
// read from /proc. Every group started here is killed on exit, whatever happens.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

const groups = new Set();

/**
 * Spawns `command args` as the leader of a new process group. stderr is kept (last 4 KB) for
 * error messages; so is stdout unless the caller reads it itself (`ownStdout`): an unread
 * pipe would fill up and stall the child.
 */
export function spawnGroup(command, args, { env, stdin = 'ignore', ownStdout = false } = {}) {
  const child = spawn(command, args, { detached: true, stdio: [stdin, 'pipe', 'pipe'], env: { ...process.env, ...env } });
  groups.add(child);
  child.stderrTail = '';
  child.stdoutTail = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => (child.stderrTail = (child.stderrTail + d).slice(-4096)));
  child.stdout.setEncoding('utf8');
  if (!ownStdout) child.stdout.on('data', (d) => (child.stdoutTail = (child.stdoutTail + d).slice(-4096)));
  child.once('exit', () => groups.delete(child));
  return child;
}

/** SIGTERM to the whole group, SIGKILL after `graceMs` if the leader is still there. */
export async function stopGroup(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) return signalGroup(child, 'SIGKILL'); // leftovers of the group
  const exited = new Promise((resolve) => child.once('exit', resolve));
  signalGroup(child, 'SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), delay(graceMs).then(() => true)]);
  signalGroup(child, 'SIGKILL'); // the leader is gone either way; take any straggler in its group with it
  if (timedOut) await exited;
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

export async function stopAll() {
  await Promise.all([...groups].map((child) => stopGroup(child)));
}

// Last resort on an abrupt exit: nothing asynchronous runs here, so SIGKILL at once.
process.on('exit', () => {
  for (const child of groups) signalGroup(child, 'SIGKILL');
});

/** A port nobody listens on right now (the OS picks it; a tiny race before the child binds it). */
export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', resolve).once('error', reject));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves with the first match of `pattern` in the child's stdout. */
export function waitForLine(child, pattern, timeoutMs = 20_000) {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => fail(new Error(`no line matching ${pattern} within ${timeoutMs} ms`)), timeoutMs);
    const onData = (d) => {
      text += d;
      const match = pattern.exec(text);
      if (match) done(() => resolve(match));
    };
    const onExit = (code) => fail(new Error(`exited with ${code} before printing ${pattern}`));
    const done = (settle) => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      settle();
    };
    const fail = (error) => done(() => reject(new Error(`${error.message}; stderr: ${child.stderrTail.trim().slice(-600)}`)));
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Waits until something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port, child, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`exited with ${child.exitCode}; stderr: ${child.stderrTail.trim().slice(-600)}`);
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await delay(50);
  }
  throw new Error(`nothing listening on port ${port} after ${timeoutMs} ms`);
}

/** Resident set size of one process in MB (VmRSS: that process only, not its children). */
export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
}

/** Pids whose parent is `pid` (direct children only). */
export function childPids(pid) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces and parentheses): state ppid ...
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** Polls until `childPids(pid)` has at most `count` entries; returns how many are left. */
export async function waitForChildren(pid, count, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let left = childPids(pid).length;
  while (left > count && Date.now() < deadline) {
    await delay(100);
    left = childPids(pid).length;
  }
  return left;
}
