import { expect, it } from 'vitest';
import { findSecretRanges } from '../../../electron/gateway/secrets/secretlint-scan.js';

// Built at run time so this file itself holds no secret-shaped literal for scanners to flag.
const githubToken = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const slackToken = ['xoxb', '123456789012', '1234567890123', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-');

it('finds each secret and gives its [start, end) offsets in the text', async () => {
  const text = `starting server\nGITHUB_TOKEN=${githubToken} failed\nslack: ${slackToken}\n`;
  const ranges = await findSecretRanges(text);
  const found = ranges.map(([start, end]) => text.slice(start, end));
  expect(found.some((value) => value.includes(githubToken))).toBe(true);
  expect(found.some((value) => value.includes(slackToken))).toBe(true);
  for (const [start, end] of ranges) expect(0 <= start && start < end && end <= text.length).toBe(true);
});

it('ordinary stderr has no ranges', async () => {
  expect(await findSecretRanges('Listening on 127.0.0.1:8080\nWarning: deprecated option --foo\n')).toEqual([]);
  expect(await findSecretRanges('')).toEqual([]);
});
