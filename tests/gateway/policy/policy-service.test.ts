// A saved policy is parsed, validated and compiled once: the engine takes the compiled form
// the save produced instead of compiling the same policy again.
import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { PolicyService as PolicyServiceType } from '../../../electron/gateway/policy/policy-service.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const compiles = vi.hoisted(() => {
  vi.resetModules(); // the core project shares a module cache between files: load policy-service afresh, over the mock
  return { count: 0 };
});
vi.mock('../../../electron/gateway/policy/compile.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../electron/gateway/policy/compile.js')>();
  return {
    ...original,
    compilePolicy: (...args: Parameters<typeof original.compilePolicy>) => {
      compiles.count++;
      return original.compilePolicy(...args);
    },
  };
});

const { PolicyService } = await import('../../../electron/gateway/policy/policy-service.js');

const POLICY = JSON.stringify({ version: '1', default: 'deny', tools: { echo: { action: 'allow' } } });

let dataDir: string;
let service: PolicyServiceType;
beforeEach(async () => {
  dataDir = makeTempDir('portcullis-policy-service-');
  service = await PolicyService.open(dataDir, { changed: () => undefined, refused: () => undefined, warn: () => undefined });
});
afterEach(async () => {
  await service.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('PolicyService.saveText', () => {
  test('compiles a saved policy once, and the engine in use decides by it', async () => {
    const engine = service.engine('tiny'); // in use before the save, as a live session's is
    compiles.count = 0;
    expect((await service.saveText('tiny', POLICY)).ok).toBe(true);
    expect(compiles.count).toBe(1);
    expect(engine.policy).toMatchObject({ tools: { echo: { action: 'allow' } } });
    // The watcher's event for the same write finds the same text and compiles nothing.
    await service.reload('tiny');
    expect(compiles.count).toBe(1);
  });

  test('an engine made after the save takes the compiled policy too', async () => {
    compiles.count = 0;
    expect((await service.saveText('fresh', POLICY)).ok).toBe(true);
    service.engine('fresh');
    expect(compiles.count).toBe(1);
  });
});
