// Holds calls that need a person's approval and routes the person's answer back.
//
// A held call waits until someone approves (once, or for the rest of the session), denies
// (with a reason the agent sees), the rule's timeout passes, or the downstream request is
// cancelled or disconnected. While it waits, a client that sent a progress token gets a
// progress notification every few seconds so it does not give up on its own.
//
// Clients give up on their own (the SDK after 60 s), often before a person has looked. So a
// tools/call's question (`keepForRetry`) outlives its agent: when the agent stops waiting it is
// told to retry, the question stays open for ANSWER_WINDOW_MS, and an approval given then is kept
// as a single-use approval of the same grant, server, tool and exact arguments (KEPT_FOR_MS):
// the retried call runs once without asking. A retry that arrives while the question is still
// open waits on that same question instead of asking again.
//
// The question may also be asked inside the agent's client (MCP elicitation, `askClient`):
// whichever answer comes first is the one decision; the other side finds it resolved.
import { EventEmitter } from 'node:events';
import { createHash, randomBytes } from 'node:crypto';
import {
  maskArgumentPaths,
  type AgentGoneWhy,
  type ApprovalDecision,
  type ApprovalHistoryEntry,
  type ApprovalRequest,
  type ApprovalResolution,
} from '../../../shared/approvals.js';
import { canonicalJson } from '../catalog/definition-hash.js';
import { findSecretPaths } from '../secrets/secret-paths.js';
import { ApprovalHistory } from './approval-history.js';

export interface HoldInput extends Omit<ApprovalRequest, 'id' | 'createdAt' | 'expiresAt' | 'argumentsHash' | 'arguments' | 'secretPaths' | 'agentGone' | 'answerableUntil' | 'askedInClient'> {
  /** The exact arguments of the call: the person sees them whole, secret-looking values marked. */
  rawArguments: Record<string, unknown>;
  /** More names whose values are secrets (the policy's `redact`). */
  redactKeys?: readonly string[];
  timeoutSeconds: number;
  signal?: AbortSignal;
  sendProgress?: (message: string) => Promise<void>;
  /** Keep the question open once the agent stops waiting, so an approval then serves its retry (tools/call). */
  keepForRetry?: boolean;
  /** Also asks inside the agent's client; resolves with its user's answer, or undefined for none (declined, cancelled, failed). */
  askClient?: (request: ApprovalRequest, signal: AbortSignal) => Promise<ApprovalDecision | undefined>;
}

export type HoldAnswer = ApprovalResolution & {
  waitedMs: number;
  /** The agent stopped waiting and the question stays open until then: an approval by then serves one retry. */
  openUntil?: string;
};

export interface ApprovalBrokerEvents {
  requested: [ApprovalRequest];
  /** A pending request changed: its agent stopped waiting, or a retry waits on it again. */
  updated: [ApprovalRequest];
  resolved: [ApprovalResolution];
  /** A history entry was added or changed (a kept approval used, revoked). */
  history: [ApprovalHistoryEntry];
}

interface Waiter {
  startedAt: number;
  timers: NodeJS.Timeout[];
  resolve(answer: HoldAnswer): void;
  /** Stops listening to the request's cancellation. */
  detach(): void;
}

interface Pending {
  request: ApprovalRequest;
  keepForRetry: boolean;
  /** The agent waiting for the answer; absent once it stopped waiting. */
  waiter?: Waiter;
  /** Closes a question whose agent stopped waiting. */
  closeTimer?: NodeJS.Timeout;
  /** Withdraws the question from the agent's client. */
  clientAsk?: AbortController;
  /** Its session is gone: "approve for this session" has no session left to cover. */
  sessionEnded?: boolean;
}

const KEEPALIVE_MS = 10_000;
/** How long a question stays open after its agent stopped waiting. */
export const ANSWER_WINDOW_MS = 10 * 60_000;
/** How long an approval given after the agent stopped waiting serves one retry. */
export const KEPT_FOR_MS = 10 * 60_000;

/**
 * Calls held for a person at once: a person answers a handful, so a client that queues
 * hundreds is refused at once instead of filling the queue (and the UI) for everyone.
 */
export interface PendingLimits {
  perGrant: number;
  total: number;
}

export const PENDING_LIMITS: PendingLimits = { perGrant: 16, total: 64 };

/**
 * Team mode (store/redis): calls other replicas hold, listed and decided here too; and
 * whether a call can be held at all (not while the shared store is unreachable).
 */
export interface ApprovalPeers {
  list(): ApprovalRequest[];
  get(id: string): ApprovalRequest | undefined;
  /** Sends the decision to the replica that holds `id`; undefined when none does. */
  decide(id: string, decision: ApprovalDecision, by: string): ApprovalResolution | undefined;
  /** Why no call can be held now (fail closed), or undefined. */
  unavailable(): string | undefined;
}

export interface BrokerOptions {
  history?: ApprovalHistory;
  answerWindowMs?: number;
  keptForMs?: number;
}

export function hashArguments(args: unknown): string {
  return createHash('sha256').update(canonicalJson(args)).digest('hex');
}

export class ApprovalBroker extends EventEmitter<ApprovalBrokerEvents> {
  private readonly pending = new Map<string, Pending>();
  /** `session|server|tool` approved for the rest of a session. */
  private readonly sessionGrants = new Set<string>();
  private readonly pendingByGrant = new Map<string, number>();
  readonly history: ApprovalHistory;
  private readonly answerWindowMs: number;
  private readonly keptForMs: number;
  /** Set in team mode only. */
  peers: ApprovalPeers | undefined;

  constructor(
    private readonly keepaliveMs = KEEPALIVE_MS,
    private readonly limits: PendingLimits = PENDING_LIMITS,
    options: BrokerOptions = {},
  ) {
    super();
    this.history = options.history ?? ApprovalHistory.inMemory();
    this.answerWindowMs = options.answerWindowMs ?? ANSWER_WINDOW_MS;
    this.keptForMs = options.keptForMs ?? KEPT_FOR_MS;
  }

  /** Why a new call of `grant` cannot be held now, or undefined when it can. */
  private pendingCapReached(grant: string): string | undefined {
    const held = this.pendingByGrant.get(grant) ?? 0;
    if (held >= this.limits.perGrant) {
      return `Portcullis already holds ${held} calls of grant '${grant}' for approval, the most it holds per grant; answer those first, then try again`;
    }
    if (this.pending.size >= this.limits.total) {
      return `Portcullis already holds ${this.pending.size} calls for approval, the most it holds at once; answer those first, then try again`;
    }
    return undefined;
  }

  private countPending(grant: string, by: 1 | -1): void {
    const next = (this.pendingByGrant.get(grant) ?? 0) + by;
    if (next > 0) this.pendingByGrant.set(grant, next);
    else this.pendingByGrant.delete(grant);
  }

  list(): ApprovalRequest[] {
    const local = [...this.pending.values()].map((p) => p.request);
    return this.peers ? [...local, ...this.peers.list()] : local;
  }

  get(id: string): ApprovalRequest | undefined {
    return this.pending.get(id)?.request ?? this.peers?.get(id);
  }

  /** True when a person already approved this tool for this session. */
  approvedForSession(session: string, server: string, tool: string): boolean {
    return this.sessionGrants.has(sessionKey(session, server, tool));
  }

  /**
   * Uses the single-use approval kept for this exact call, if there is one: it is then spent.
   * Returns the history entry of the decision that approved it.
   */
  useKept(call: { grant: string; server: string; tool: string; args: Record<string, unknown>; callId?: () => string }): ApprovalHistoryEntry | undefined {
    const waiting = this.history.waitingKept();
    if (waiting.length === 0) return undefined; // no hash to work out for most calls
    const hash = hashArguments(call.args);
    const match = waiting.find((e) => e.request.grant === call.grant && e.request.server === call.server && e.request.tool === call.tool && e.request.argumentsHash === hash);
    if (!match) return undefined;
    const used = this.history.settleKept(match.request.id, { state: 'used', usedAt: new Date().toISOString(), ...(call.callId ? { usedBy: call.callId() } : {}) });
    if (used) this.emit('history', used);
    return used;
  }

  /** A person takes back a kept approval before it is used. */
  revokeKept(id: string, by = 'ui'): ApprovalHistoryEntry {
    const entry = this.history.get(id);
    if (entry?.kept?.state !== 'waiting') throw new ApprovalNotFound(id, 'no approval waiting to be used');
    const revoked = this.history.settleKept(id, { state: 'revoked', revokedBy: by })!;
    this.emit('history', revoked);
    return revoked;
  }

  /** A session ended: its "approve for session" grants end with it, and its agents stop waiting. */
  endSession(session: string): void {
    for (const key of this.sessionGrants) if (key.startsWith(`${session}|`)) this.sessionGrants.delete(key);
    for (const p of [...this.pending.values()]) {
      if (p.request.session !== session) continue;
      p.sessionEnded = true;
      if (p.waiter) this.agentLeft(p, 'disconnected', 'the client session ended');
    }
  }

  hold(input: HoldInput): Promise<HoldAnswer> {
    const { rawArguments, timeoutSeconds, signal, sendProgress, redactKeys, keepForRetry, askClient, ...shown } = input;
    const now = Date.now();
    const argumentsHash = hashArguments(rawArguments);
    const id = `apr_${randomBytes(6).toString('hex')}`;
    if (signal?.aborted) return Promise.resolve({ id, outcome: 'withdrawn', reason: 'the request was cancelled', waitedMs: 0 });

    // A retry of a call whose agent stopped waiting waits on the question already open.
    const open = keepForRetry ? this.openQuestionFor(shown.grant, shown.server, shown.tool, argumentsHash) : undefined;
    if (open) {
      const { agentGone: _gone, answerableUntil: _until, ...request } = open.request;
      open.request = { ...request, expiresAt: new Date(now + timeoutSeconds * 1000).toISOString(), ...(askClient ? { askedInClient: true } : {}) };
      clearTimeout(open.closeTimer);
      open.closeTimer = undefined;
      const answer = this.wait(open, timeoutSeconds, signal, sendProgress);
      this.emit('updated', open.request);
      if (askClient) this.askInClient(open, askClient); // in the retry's client, on its call
      return answer;
    }

    // Refused at once, never shown to a person: a full queue (or, in team mode, no shared store) says so instead of growing.
    const full = this.peers?.unavailable() ?? this.pendingCapReached(shown.grant);
    if (full) return Promise.resolve({ id, outcome: 'withdrawn', reason: full, waitedMs: 0 });

    const request: ApprovalRequest = {
      ...shown,
      arguments: rawArguments,
      secretPaths: findSecretPaths(rawArguments, redactKeys),
      id,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + timeoutSeconds * 1000).toISOString(),
      argumentsHash,
      ...(askClient ? { askedInClient: true } : {}),
    };
    const entry: Pending = { request, keepForRetry: keepForRetry === true };
    this.pending.set(id, entry);
    this.countPending(request.grant, 1);
    const answer = this.wait(entry, timeoutSeconds, signal, sendProgress);
    this.emit('requested', request);
    if (askClient) this.askInClient(entry, askClient);
    return answer;
  }

  /** The open question (agent gone, no one answered yet) for exactly this call. */
  private openQuestionFor(grant: string, server: string, tool: string, hash: string): Pending | undefined {
    for (const p of this.pending.values()) {
      const r = p.request;
      if (!p.waiter && p.keepForRetry && r.grant === grant && r.server === server && r.tool === tool && r.argumentsHash === hash) return p;
    }
    return undefined;
  }

  private wait(entry: Pending, timeoutSeconds: number, signal: AbortSignal | undefined, sendProgress: HoldInput['sendProgress']): Promise<HoldAnswer> {
    return new Promise<HoldAnswer>((resolve) => {
      const startedAt = Date.now();
      const onAbort = () => this.agentLeft(entry, 'cancelled', 'the client cancelled the request or disconnected');
      const waiter: Waiter = { startedAt, timers: [], resolve, detach: () => signal?.removeEventListener('abort', onAbort) };
      entry.waiter = waiter;
      signal?.addEventListener('abort', onAbort, { once: true });
      waiter.timers.push(setTimeout(() => this.agentLeft(entry, 'timeout', `no one answered within ${timeoutSeconds} s`), timeoutSeconds * 1000));
      if (sendProgress) {
        const tick = () => {
          const left = Math.max(0, Math.round((startedAt + timeoutSeconds * 1000 - Date.now()) / 1000));
          void sendProgress(`Waiting for approval in Portcullis (${left} s left)`).catch(() => undefined);
          waiter.timers.push(setTimeout(tick, this.keepaliveMs));
        };
        tick();
      }
    });
  }

  private askInClient(entry: Pending, askClient: NonNullable<HoldInput['askClient']>): void {
    const controller = new AbortController();
    entry.clientAsk = controller;
    askClient(entry.request, controller.signal).then(
      (decision) => {
        // Declined, cancelled or already answered elsewhere: the client side gives no answer.
        if (!decision || controller.signal.aborted || this.pending.get(entry.request.id) !== entry) return;
        this.decide(entry.request.id, decision, 'client');
      },
      () => undefined,
    );
  }

  /** The agent stopped waiting: it is answered now; a tools/call's question stays open for a while. */
  private agentLeft(entry: Pending, why: AgentGoneWhy, reason: string): void {
    const waiter = entry.waiter;
    if (!waiter || this.pending.get(entry.request.id) !== entry) return;
    const outcome = why === 'timeout' ? 'timeout' : 'withdrawn';
    if (!entry.keepForRetry) {
      this.finish(entry, { id: entry.request.id, outcome, reason });
      return;
    }
    this.release(entry);
    entry.clientAsk?.abort(); // the client's question lasts as long as its call waits
    const now = Date.now();
    const openUntil = new Date(now + this.answerWindowMs).toISOString();
    const { askedInClient: _asked, ...request } = entry.request; // the client's question is withdrawn with its call
    entry.request = { ...request, agentGone: { at: new Date(now).toISOString(), why }, answerableUntil: openUntil };
    entry.closeTimer = setTimeout(
      () => this.finish(entry, { id: entry.request.id, outcome: 'timeout', reason: `no one answered within ${Math.round(this.answerWindowMs / 60_000)} min of the agent giving up` }),
      this.answerWindowMs,
    );
    waiter.resolve({ id: entry.request.id, outcome, reason, waitedMs: now - waiter.startedAt, openUntil });
    this.emit('updated', entry.request);
  }

  /** Stops the waiter's timers and listeners; the waiter is gone. */
  private release(entry: Pending): void {
    const waiter = entry.waiter;
    if (!waiter) return;
    waiter.timers.forEach(clearTimeout);
    waiter.detach();
    entry.waiter = undefined;
  }

  private finish(entry: Pending, resolution: ApprovalResolution): void {
    const { request } = entry;
    if (this.pending.get(request.id) !== entry) return;
    this.pending.delete(request.id);
    this.countPending(request.grant, -1);
    const waiter = entry.waiter;
    this.release(entry);
    clearTimeout(entry.closeTimer);
    entry.clientAsk?.abort();
    if (resolution.outcome === 'approved' && resolution.scope === 'session' && !entry.sessionEnded) {
      this.sessionGrants.add(sessionKey(request.session, request.server, request.tool));
    }
    const at = new Date().toISOString();
    const historyEntry: ApprovalHistoryEntry = {
      request: { ...request, arguments: historyArguments(request) },
      resolution,
      at,
      ...(resolution.keptUntil ? { kept: { id: request.id, until: resolution.keptUntil, state: 'waiting' as const } } : {}),
    };
    this.history.record(historyEntry);
    this.emit('resolved', resolution);
    this.emit('history', historyEntry);
    waiter?.resolve({ ...resolution, waitedMs: Date.now() - waiter.startedAt });
  }

  /** A person's answer. Throws if the request is unknown (already answered, timed out or withdrawn). */
  decide(id: string, decision: ApprovalDecision, by = 'ui'): ApprovalResolution {
    const pending = this.pending.get(id);
    if (!pending) return this.peers?.decide(id, decision, by) ?? throwNotFound(id);
    // The agent stopped waiting: the approval is kept for its retry.
    const keptUntil = pending.request.agentGone ? new Date(Date.now() + this.keptForMs).toISOString() : undefined;
    const resolution: ApprovalResolution =
      decision.action === 'approve'
        ? { id, outcome: 'approved', scope: decision.scope, by, ...(keptUntil ? { keptUntil } : {}) }
        : { id, outcome: 'denied', by, ...(decision.reason ? { reason: decision.reason } : {}) };
    this.finish(pending, resolution);
    return resolution;
  }

  /** Shutdown: every held call is withdrawn so no client hangs; resolves once the history is on disk. */
  close(): Promise<void> {
    for (const p of [...this.pending.values()]) this.finish(p, { id: p.request.id, outcome: 'withdrawn', reason: 'Portcullis is shutting down' });
    return this.history.flush();
  }
}

export class ApprovalNotFound extends Error {
  constructor(
    readonly id: string,
    what = 'no pending approval',
  ) {
    super(`${what} '${id}' (it may have been answered, used, timed out or been withdrawn)`);
  }
}

function throwNotFound(id: string): never {
  throw new ApprovalNotFound(id);
}

/** Arguments longer than this (as JSON) are not kept in the history: it stays small on disk. */
export const MAX_HISTORY_ARGUMENT_CHARS = 16_384;

/** The arguments as the history keeps them: secret-looking values masked, very long ones left out (their hash stays). */
function historyArguments(request: ApprovalRequest): unknown {
  const masked = maskArgumentPaths(request.arguments, request.secretPaths);
  const chars = JSON.stringify(masked)?.length ?? 0;
  return chars > MAX_HISTORY_ARGUMENT_CHARS ? { '…': `${chars} characters of arguments, not kept in the history` } : masked;
}

function sessionKey(session: string, server: string, tool: string): string {
  return `${session}|${server}|${tool}`;
}
