// A real Portcullis core on a temp data dir (loopback, free port, no upstreams), the Api the
// Electron shell binds, and a way to hold a call for approval as a policy would.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PortcullisClient } from '../../../shared/api.js';
import type { HoldAnswer, HoldInput } from '../../../electron/gateway/approvals/approval-broker.js';
import { createCoreApi } from '../../../electron/gateway/api/core-api.js';
import { Portcullis } from '../../../electron/gateway/portcullis.js';

export interface TestCore {
  core: Portcullis;
  api: PortcullisClient;
  dataDir: string;
  /** Holds a call as an `approve` rule would; resolves with the person's answer. */
  hold(overrides?: Partial<HoldInput>): { answer: Promise<HoldAnswer>; id: string };
  stop(): Promise<void>;
}

export async function startTestCore(): Promise<TestCore> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portcullis-electron-core-'));
  const core = await Portcullis.start({ dataDir, port: 0, host: '127.0.0.1', superviseUpstreams: false });
  return {
    core,
    api: createCoreApi(core, 'electron'),
    dataDir,
    hold(overrides = {}) {
      const answer = core.approvals.hold({
        server: 'odoo',
        grant: 'cursor',
        session: 'session-1',
        client: { name: 'Cursor', version: '1.0' },
        tool: 'odoo_execute',
        rawArguments: { model: 'res.partner' },
        riskClass: 'write',
        riskLevel: 'high',
        rule: 'tools.odoo_execute',
        timeoutSeconds: 60,
        ...overrides,
      });
      const id = core.approvals.list().at(-1)?.id;
      if (!id) throw new Error('the broker did not hold the call');
      return { answer, id };
    },
    async stop() {
      await core.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
