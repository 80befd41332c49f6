// PolicyService.anyTaint: whether some active policy has taint rules, kept as policies are
// loaded, saved, refused and deleted (the gate skips remembering calls while it is false).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { PolicyService } from '../../../electron/gateway/policy/policy-service.js';
import { writePolicyFile } from '../../../electron/gateway/policy/policy-files.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const ALLOW = JSON.stringify({ version: '1', default: 'allow' });
const TAINTING = JSON.stringify({ version: '1', default: 'allow', taint: [{ after: { open_world_read: true }, then: { tools: ['send_*'] }, action: 'approve' }] });
const quiet = { changed: () => undefined, refused: () => undefined, warn: () => undefined };

const tmp = useTempDir('portcullis-policy-taint-');
let service: PolicyService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

describe('PolicyService.anyTaint', () => {
  test('is set by a policy file already on disk when the service opens', async () => {
    service = await PolicyService.open(tmp.path, quiet);
    expect(service.anyTaint).toBe(false);
    await service.close();
    await writePolicyFile(tmp.path, 'mail', JSON.parse(TAINTING));
    service = await PolicyService.open(tmp.path, quiet);
    expect(service.anyTaint).toBe(true);
  });

  test('follows saves: on with the first tainting policy, off when the last one drops its rules', async () => {
    service = await PolicyService.open(tmp.path, quiet);
    await service.saveText('web', ALLOW);
    expect(service.anyTaint).toBe(false);
    await service.saveText('mail', TAINTING);
    await service.saveText('chat', TAINTING);
    expect(service.anyTaint).toBe(true);
    await service.saveText('mail', ALLOW);
    expect(service.anyTaint).toBe(true); // chat still taints
    await service.saveText('chat', ALLOW);
    expect(service.anyTaint).toBe(false);
  });

  test('a refused save keeps the last good policy, and its flag', async () => {
    service = await PolicyService.open(tmp.path, quiet);
    await service.saveText('mail', TAINTING);
    expect((await service.saveText('mail', '{ "version": "1", "default": "sometimes" }')).ok).toBe(false);
    expect(service.anyTaint).toBe(true);
  });

  test('a deleted policy file no longer taints', async () => {
    service = await PolicyService.open(tmp.path, quiet);
    await service.saveText('mail', TAINTING);
    await rm(path.join(tmp.path, 'policies', 'mail.json'));
    await service.reload('mail');
    expect(service.anyTaint).toBe(false);
  });
});
