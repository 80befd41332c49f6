// A real core opened as the CLI opens it (no HTTP listener, no upstreams) on a fresh data dir
// for each test, with its Api; closed and the directory removed after the test.
import { afterEach, beforeEach } from 'vitest';
import type { PortcullisClient } from '../../shared/api.js';
import { createCoreApi } from '../../electron/gateway/api/core-api.js';
import { Portcullis } from '../../electron/gateway/portcullis.js';
import { makeTempDir, removeTempDir } from './temp-dir.js';

export interface CoreApiUnderTest {
  readonly dataDir: string;
  readonly app: Portcullis;
  readonly api: PortcullisClient;
}

export function useCoreApi(prefix: string): CoreApiUnderTest {
  let current: CoreApiUnderTest | undefined;
  beforeEach(async () => {
    const dataDir = makeTempDir(prefix);
    const app = await Portcullis.start({ dataDir, listen: false, superviseUpstreams: false });
    current = { dataDir, app, api: createCoreApi(app, 'headless') };
  });
  afterEach(async () => {
    await current?.app.close();
    removeTempDir(current?.dataDir);
    current = undefined;
  });
  const now = (): CoreApiUnderTest => {
    if (!current) throw new Error('useCoreApi: the core runs only inside a test');
    return current;
  };
  return {
    get dataDir() {
      return now().dataDir;
    },
    get app() {
      return now().app;
    },
    get api() {
      return now().api;
    },
  };
}
