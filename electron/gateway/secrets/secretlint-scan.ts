// secretlint's recommended rules as a second net, where waiting is fine (stderr tails).
//
// secretlint is asynchronous and takes milliseconds a text, so it cannot sit on the call
// path; text-secrets.ts masks synchronously first, and this finds what its fixed set misses
// (an AWS account id in context, the rules secretlint adds in later releases). Loaded on
// first use: a gateway whose upstreams never write to stderr never pays for it.
import type { SecretLintSourceOptions } from '@secretlint/core';

type Lint = (text: string) => Promise<Array<readonly [number, number]>>;

let linter: Promise<Lint> | undefined;

async function loadLinter(): Promise<Lint> {
  const [{ lintSource }, { creator }] = await Promise.all([import('@secretlint/core'), import('@secretlint/secretlint-rule-preset-recommend')]);
  const config: SecretLintSourceOptions['options']['config'] = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: creator }] };
  return async (text) => {
    const result = await lintSource({ source: { content: text, filePath: 'stderr.txt', contentType: 'text' }, options: { config, noPhysicFilePath: true } });
    return result.messages.map((message) => [message.range[0], message.range[1]] as const);
  };
}

/** Where secretlint finds secrets in `text`: [start, end) offsets, possibly overlapping. */
export async function findSecretRanges(text: string): Promise<Array<readonly [number, number]>> {
  linter ??= loadLinter();
  return (await linter)(text);
}
