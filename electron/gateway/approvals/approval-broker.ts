// Holds calls that need a person's approval and routes the person's answer back.
//
// A held call waits until someone approves (once, or for the rest of the session),
// denies (with a reason the agent sees), the rule's timeout passes, or the downstream
// request is cancelled or disconnected (the request is then withdrawn). While it waits,
// a client that sent a progress token gets a progress notification every few seconds so
// it does not give up on its own.
import { EventEmitter } from 'node:events';
import { createHash, randomBytes } from 'node:crypto';
import type { ApprovalDecision, ApprovalRequest, ApprovalResolution } from '../../../shared/approvals.js';
import { canonicalJson } from '../catalog/definition-hash.js';
import { findSecretPaths } from '../secrets/secret-paths.js';

export interface HoldInput extends Omit<ApprovalRequest, 'id' | 'createdAt' | 'expiresAt' | 'argumentsHash' | 'arguments' | 'secretPaths'> {
  /** The exact arguments of the call: the person sees them whole, secret-looking values marked. */
  rawArguments: Record<string, unknown>;
  /** More names whose values are secrets (the policy's `redact`). */
  redactKeys?: readonly string[];
  timeoutSeconds: number;
  signal?: AbortSignal;
  sendProgress?: (message: string) => Promise<void>;
}

export type HoldAnswer = ApprovalResolution & { waitedMs: number };

export interface ApprovalBrokerEvents {
  requested: [ApprovalRequest];
  resolved: [ApprovalResolution];
}

interface Pending {
  request: ApprovalRequest;
  startedAt: number;
  settle(resolution: ApprovalResolution): void;
}

const KEEPALIVE_MS = 10_000;

/**
 * Calls held for a person at once: a person answers a handful, so a client that queues
 * hundreds is refused at once instead of filling the queue (and the UI) for everyone.
 */
export interface PendingLimits {
  perGrant: number;
  total: number;
}

export const PENDING_LIMITS: PendingLimits = { perGrant: 16, total: 64 };

export function hashArguments(args: unknown): string {
  return createHash('sha256').update(canonicalJson(args)).digest('hex');
}

export class ApprovalBroker extends EventEmitter<ApprovalBrokerEvents> {
  private readonly pending = new Map<string, Pending>();
  /** `session|server|tool` approved for the rest of a session. */
  private readonly sessionGrants = new Set<string>();

  private readonly pendingByGrant = new Map<string, number>();

  constructor(
    private readonly keepaliveMs = KEEPALIVE_MS,
    private readonly limits: PendingLimits = PENDING_LIMITS,
  ) {
    super();
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
    return [...this.pending.values()].map((p) => p.request);
  }

  get(id: string): ApprovalRequest | undefined {
    return this.pending.get(id)?.request;
  }

  /** True when a person already approved this tool for this session. */
  approvedForSession(session: string, server: string, tool: string): boolean {
    return this.sessionGrants.has(sessionKey(session, server, tool));
  }

  /** A session ended: its "approve for session" grants end with it, and its held calls are withdrawn. */
  endSession(session: string): void {
    for (const key of this.sessionGrants) if (key.startsWith(`${session}|`)) this.sessionGrants.delete(key);
    for (const p of this.pending.values()) if (p.request.session === session) p.settle({ id: p.request.id, outcome: 'withdrawn', reason: 'the client session ended' });
  }

  hold(input: HoldInput): Promise<HoldAnswer> {
    const { rawArguments, timeoutSeconds, signal, sendProgress, redactKeys, ...shown } = input;
    const now = Date.now();
    const request: ApprovalRequest = {
      ...shown,
      arguments: rawArguments,
      secretPaths: findSecretPaths(rawArguments, redactKeys),
      id: `apr_${randomBytes(6).toString('hex')}`,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + timeoutSeconds * 1000).toISOString(),
      argumentsHash: hashArguments(rawArguments),
    };
    if (signal?.aborted) return Promise.resolve({ id: request.id, outcome: 'withdrawn', reason: 'the request was cancelled', waitedMs: 0 });
    // Refused at once, never shown to a person: a full queue says so instead of growing.
    const full = this.pendingCapReached(request.grant);
    if (full) return Promise.resolve({ id: request.id, outcome: 'withdrawn', reason: full, waitedMs: 0 });

    return new Promise<HoldAnswer>((resolve) => {
      const timers: NodeJS.Timeout[] = [];
      const onAbort = () => settle({ id: request.id, outcome: 'withdrawn', reason: 'the client cancelled the request or disconnected' });
      const settle = (resolution: ApprovalResolution) => {
        if (!this.pending.delete(request.id)) return;
        this.countPending(request.grant, -1);
        timers.forEach(clearTimeout);
        signal?.removeEventListener('abort', onAbort);
        if (resolution.outcome === 'approved' && resolution.scope === 'session') {
          this.sessionGrants.add(sessionKey(request.session, request.server, request.tool));
        }
        this.emit('resolved', resolution);
        resolve({ ...resolution, waitedMs: Date.now() - now });
      };
      this.pending.set(request.id, { request, startedAt: now, settle });
      this.countPending(request.grant, 1);
      signal?.addEventListener('abort', onAbort, { once: true });
      timers.push(setTimeout(() => settle({ id: request.id, outcome: 'timeout', reason: `no one answered within ${timeoutSeconds} s` }), timeoutSeconds * 1000));
      if (sendProgress) {
        const tick = () => {
          const left = Math.max(0, Math.round((now + timeoutSeconds * 1000 - Date.now()) / 1000));
          void sendProgress(`Waiting for approval in Portcullis (${left} s left)`).catch(() => undefined);
          timers.push(setTimeout(tick, this.keepaliveMs));
        };
        tick();
      }
      this.emit('requested', request);
    });
  }

  /** A person's answer. Throws if the request is unknown (already answered, timed out or withdrawn). */
  decide(id: string, decision: ApprovalDecision, by = 'ui'): ApprovalResolution {
    const pending = this.pending.get(id);
    if (!pending) throw new ApprovalNotFound(id);
    const resolution: ApprovalResolution =
      decision.action === 'approve'
        ? { id, outcome: 'approved', scope: decision.scope, by }
        : { id, outcome: 'denied', by, ...(decision.reason ? { reason: decision.reason } : {}) };
    pending.settle(resolution);
    return resolution;
  }

  /** Shutdown: every held call is denied so no client hangs. */
  close(): void {
    for (const p of this.pending.values()) p.settle({ id: p.request.id, outcome: 'withdrawn', reason: 'Portcullis is shutting down' });
  }
}

export class ApprovalNotFound extends Error {
  constructor(readonly id: string) {
    super(`no pending approval '${id}' (it may have been answered, timed out or been withdrawn)`);
  }
}

function sessionKey(session: string, server: string, tool: string): string {
  return `${session}|${server}|${tool}`;
}
