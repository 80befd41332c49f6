import { describe, expect, it } from 'vitest';
import { coalesceRefreshes } from '../../../../electron/gateway/upstream/oauth/refresh-coalescing.js';

function countingFetch(status = 200) {
  const calls: string[] = [];
  const fetch = async (_url: string | URL, init?: RequestInit) => {
    calls.push(String(init?.body));
    await new Promise((resolve) => setTimeout(resolve, 20));
    return new Response(JSON.stringify({ access_token: `at-${calls.length}`, token_type: 'Bearer' }), { status });
  };
  return { calls, fetch };
}

const refresh = (token: string) => ({ method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token }) });

describe('coalesceRefreshes', () => {
  it('sends one refresh per refresh token and gives every caller the answer', async () => {
    const base = countingFetch();
    const fetch = coalesceRefreshes(base.fetch);
    const answers = await Promise.all([fetch('https://as/token', refresh('rt1')), fetch('https://as/token', refresh('rt1'))]);
    const late = await fetch('https://as/token', refresh('rt1'));
    expect(base.calls).toHaveLength(1);
    for (const answer of [...answers, late]) expect(await answer.json()).toMatchObject({ access_token: 'at-1' });
    await fetch('https://as/token', refresh('rt2'));
    expect(base.calls).toHaveLength(2);
  });

  it('does not keep failures, and passes other requests through', async () => {
    const base = countingFetch(400);
    const fetch = coalesceRefreshes(base.fetch);
    await fetch('https://as/token', refresh('rt1'));
    await fetch('https://as/token', refresh('rt1'));
    await fetch('https://as/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code: 'c' }) });
    await fetch('https://as/token', { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code: 'c' }) });
    expect(base.calls).toHaveLength(4);
  });
});
