// Finding and calling a running gateway (`portcullis serve`, or the tray app) from another process.
//
// serve writes runtime.json into the data directory ({pid, url, adminToken}, mode 0600)
// and removes it on a clean shutdown. A gateway counts as running when that pid is alive
// and its Api answers: a file left behind by a crash, or a pid reused by another program,
// is ignored. The Api is `POST <url>/api/<method>` with the admin token as a bearer token
// (through the one client factory, shared/api-client.ts); its events come from
// `GET <url>/api/events` (Server-Sent Events).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ApiEvent, ApiEventName, ApiMethod, PortcullisApi } from '../../shared/api.js';
import { createApiClient } from '../../shared/api-client.js';
import { apiErrorFromResponse } from '../../shared/api-error.js';
import { ACTOR_HEADER } from '../../shared/api-client.js';
import { API_EVENT_NAMES } from '../../shared/api-names.js';
import { RUNTIME_FILE, type RuntimeInfo } from '../gateway/store/runtime-file.js';
import { CliError } from './output.js';
import { readServerSentEvents } from './server-sent-events.js';

const EVENT_NAMES: ReadonlySet<string> = new Set(API_EVENT_NAMES);

export class RunningGateway {
  /** The Api over HTTP: what the gateway refuses arrives as an ApiError with its code. */
  readonly api: PortcullisApi = createApiClient((method, input) => this.call(method, input));

  constructor(readonly runtime: RuntimeInfo) {}

  get url(): string {
    return this.runtime.url;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.runtime.adminToken}`, [ACTOR_HEADER]: 'cli', ...extra };
  }

  private async call(method: ApiMethod, input: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.url}/api/${method}`, {
        method: 'POST',
        headers: this.headers({ 'content-type': 'application/json' }),
        body: JSON.stringify(input),
      });
    } catch (error) {
      throw new CliError(`could not reach the gateway at ${this.url}: ${describeFetchError(error)}`);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw apiErrorFromResponse(response.status, body);
    return body;
  }

  /**
   * Subscribes to the gateway's events. Resolves once subscribed (the gateway registers the
   * listener before it answers), so nothing emitted after this resolves is missed.
   */
  async events(signal: AbortSignal): Promise<AsyncGenerator<ApiEvent>> {
    let response: Response;
    try {
      response = await fetch(`${this.url}/api/events`, { headers: this.headers({ accept: 'text/event-stream' }), signal });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new CliError(`could not reach the gateway at ${this.url}: ${describeFetchError(error)}`);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw new CliError(`the gateway refused its event stream (HTTP ${response.status})`);
    }
    return typedEvents(response.body);
  }
}

async function* typedEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<ApiEvent> {
  for await (const message of readServerSentEvents(body)) {
    if (!EVENT_NAMES.has(message.event)) continue; // not one of ours
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      continue;
    }
    yield { event: message.event as ApiEventName, data } as ApiEvent;
  }
}

/** The gateway serving this data directory, or undefined when none runs. */
export async function findRunningGateway(dataDir: string): Promise<RunningGateway | undefined> {
  const runtime = await readRuntime(dataDir);
  if (!runtime || !isAlive(runtime.pid)) return undefined;
  const gateway = new RunningGateway(runtime);
  try {
    await gateway.api.getInfo({}); // accepting this run's admin token proves it is the gateway that wrote the file
    return gateway;
  } catch {
    return undefined; // shutting down, or the pid now belongs to something else
  }
}

/** The running gateway, or a clear error naming what needs one. */
export async function requireRunningGateway(dataDir: string, what: string): Promise<RunningGateway> {
  const gateway = await findRunningGateway(dataDir);
  if (!gateway) throw new CliError(`no running gateway for ${dataDir}: ${what} (start one with: portcullis serve)`);
  return gateway;
}

async function readRuntime(dataDir: string): Promise<RuntimeInfo | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path.join(dataDir, RUNTIME_FILE), 'utf8'));
  } catch {
    return undefined; // absent, or torn mid-write
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { pid, url, adminToken, startedAt } = parsed as Record<string, unknown>;
  if (typeof pid !== 'number' || typeof url !== 'string' || typeof adminToken !== 'string') return undefined;
  return { pid, url, adminToken, startedAt: typeof startedAt === 'string' ? startedAt : '' };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by someone else
  }
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
