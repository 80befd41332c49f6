import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api-error.js';
import { approvalsApi } from '../../../electron/gateway/api/approvals-api.js';
import { Portcullis } from '../../../electron/gateway/portcullis.js';
import { useTempDirForFile } from '../../helpers/temp-dir.js';

const tmp = useTempDirForFile('portcullis-approvals-api-');
let app: Portcullis;
beforeAll(async () => {
  app = await Portcullis.start({ dataDir: tmp.path, port: 0, host: '127.0.0.1', superviseUpstreams: false });
});
afterAll(() => app.close());

it('nothing held: an empty list and an empty history', async () => {
  const api = approvalsApi(app);
  expect(await api.listApprovals({})).toEqual([]);
  expect(await api.approvalHistory({})).toEqual([]);
});

it('deciding or revoking an approval that does not exist is not-found, with the broker\'s words', async () => {
  const api = approvalsApi(app);
  for (const attempt of [api.decideApproval({ id: 'ap-nope', decision: { action: 'approve', scope: 'once' } }, { actor: 'app' }), api.revokeApproval({ id: 'ap-nope' }, { actor: 'app' })]) {
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('not-found');
    expect((error as ApiError).message).toContain('ap-nope');
  }
});
