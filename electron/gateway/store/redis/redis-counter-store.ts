// Counters shared by every replica: the same exact sliding windows as the in-memory store
// (policy/memory-counter-store.ts), checked and counted for all of a call's limits at once
// by one Lua script on Redis, timed by Redis's clock. Structurally a policy CounterStore
// (the store layer imports nothing from above it).
//
// The caller's `now` is not used: Redis's TIME is, so replicas with skewed clocks agree.
import { createHash } from 'node:crypto';
import type { RedisLink } from './redis-link.js';
import { SLIDING_WINDOW_SCRIPT } from './sliding-window-script.js';

export interface SharedCounterRequest {
  key: string;
  windowMs: number;
  max: number;
  amount: number;
  retainMs: number;
}

export type SharedConsumeResult =
  | { admitted: true; used: number[] }
  | { admitted: false; used: number[]; blocked: number[]; retryAfterMs: number | undefined };

type ScriptReply = [number, string[], number[], string, number];

const SCRIPT_SHA = createHash('sha1').update(SLIDING_WINDOW_SCRIPT).digest('hex');

export class RedisCounterStore {
  constructor(
    private readonly link: RedisLink,
    private readonly prefix: string,
  ) {}

  /** The script's keys: each counter's sorted set and its hash (sequence, running total), under one prefix. */
  private keysOf(requests: readonly SharedCounterRequest[]): string[] {
    const keys: string[] = [];
    for (const request of requests) keys.push(`${this.prefix}ctr:${request.key}`, `${this.prefix}meta:${request.key}`);
    return keys;
  }

  async consume(requests: readonly SharedCounterRequest[], _now: number, options?: { dryRun?: boolean }): Promise<SharedConsumeResult> {
    if (requests.length === 0) return { admitted: true, used: [] };
    const keys = this.keysOf(requests);
    const args: string[] = [options?.dryRun ? '1' : '0'];
    for (const r of requests) args.push(String(r.windowMs), String(r.max), String(r.amount), String(r.retainMs));
    const reply = await this.link.run((client) => this.evaluate(client, keys, args));
    const [admitted, usedText, blocked, retry] = reply;
    const used = usedText.map(Number);
    if (admitted === 1) return { admitted: true, used };
    return { admitted: false, used, blocked: blocked.map((i) => i - 1), retryAfterMs: retry === '' ? undefined : Number(retry) };
  }

  /** EVALSHA, loading the script on the first NOSCRIPT (after a Redis restart, too). */
  private async evaluate(client: RedisLink['client'], keys: string[], args: string[]): Promise<ScriptReply> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return (await client.sendCommand(['EVALSHA', SCRIPT_SHA, ...tail])) as unknown as ScriptReply;
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return (await client.sendCommand(['EVAL', SLIDING_WINDOW_SCRIPT, ...tail])) as unknown as ScriptReply;
    }
  }

  /** Nothing to flush: every count is on Redis when consume resolves. */
  async close(): Promise<void> {}
}
