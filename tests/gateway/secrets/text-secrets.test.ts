import { describe, expect, it } from 'vitest';
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { hasSecretInText, looksLikeRandomKey, maskSecretsInText } from '../../../electron/gateway/secrets/text-secrets.js';

// [text, the same text with its secrets masked in place]
const MASKED: [string, string][] = [
  ['postgresql://app:PgPassw0rd@db.example.com:5432/app', 'postgresql://app:***@db.example.com:5432/app'],
  ['mongodb+srv://admin:p@ss:w0rd@cluster0.example.net/db?retryWrites=true', 'mongodb+srv://admin:***@cluster0.example.net/db?retryWrites=true'],
  ['redis://:hunter2@cache:6379/0', 'redis://:***@cache:6379/0'],
  ['https://api.example.com/v1/items?api_key=abc123XYZ&limit=10', 'https://api.example.com/v1/items?api_key=***&limit=10'],
  ['https://example.com/search?keyword=cats&key=sekrit', 'https://example.com/search?keyword=cats&key=***'],
  ['wss://x.example/socket?access_token=abc&v=2', 'wss://x.example/socket?access_token=***&v=2'],
  ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.abc', 'Authorization: ***'],
  ['curl -H "Authorization: Basic dXNlcjpwYXNzd29yZA==" https://x', 'curl -H "Authorization: ***" https://x'],
  ['X-Api-Key: 9f8e7d6c5b4a', 'X-Api-Key: ***'],
  ['error: password=hunter2 rejected', 'error: password=*** rejected'],
  ['the password is hunter2, try again', 'the password is ***, try again'],
  ['DB_PASSWORD: "s3cr3t!"', 'DB_PASSWORD: "***"'],
  ['{"password": "hunter2", "user": "ann"}', '{"password": "***", "user": "ann"}'],
  ['AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AWS_SECRET_ACCESS_KEY=***'],
  ['uploading with wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY now', 'uploading with *** now'],
  ['aws key AKIAIOSFODNN7EXAMPLE', 'aws key ***'],
  ['fatal: Authentication failed for ghp_1234567890abcdefghijABCDEFGHIJ123456', 'fatal: Authentication failed for ***'],
  ['token github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', 'token ***'],
  ['slack xoxb-123456789012-1234567890123-abcdefghijABCDEFGHIJklmn', 'slack ***'],
  ['stripe sk_live_51Habcdefghijklmnop', 'stripe ***'],
  ['openai sk-proj-abcDEF1234567890abcDEF1234567890', 'openai ***'],
  ['anthropic sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345', 'anthropic ***'],
  ['-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\nafter', '-----BEGIN RSA PRIVATE KEY-----***\nafter'],
  ['node server.js --api-key abc123 --port 8080', 'node server.js --api-key *** --port 8080'],
  ['mysql --password=Secret1 -u root', 'mysql --password=*** -u root'],
  // A quoted command line in a message: the closing quote and what follows it stay.
  ["could not connect to 'npx server --password hunter2': Connection closed", "could not connect to 'npx server --password ***': Connection closed"],
  ['ran "srv --secret abc", exit 1', 'ran "srv --secret ***", exit 1'],
  // A quote inside the value is part of it: nothing of the secret shows.
  ["srv --password pa'ss --port 1", 'srv --password *** --port 1'],
  ['https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', 'https://hooks.slack.com/services/***'],
];

const UNTOUCHED = [
  'SELECT * FROM res_partner WHERE id = 42',
  'time: 10:30, keyword: cats, monkey=george, passage: 3',
  'https://example.com/path?page=2&sort=name',
  '/Users/ann/projects/portcullis/src/index.ts',
  '550e8400-e29b-41d4-a716-446655440000',
  'Bearer ../..',
  'ls -la /tmp',
  'faulty-server ready (pid 1234)',
  'getUserAccountSettingsById',
  'Basic authentication is required',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
];

describe('maskSecretsInText', () => {
  for (const [text, masked] of MASKED) it(`masks ${JSON.stringify(text.slice(0, 50))}`, () => expect(maskSecretsInText(text)).toBe(masked));
  for (const text of UNTOUCHED) {
    it(`leaves ${JSON.stringify(text)} alone (the same string)`, () => {
      expect(maskSecretsInText(text)).toBe(text);
      expect(hasSecretInText(text)).toBe(false);
    });
  }

  it('takes the mask to write', () => {
    expect(maskSecretsInText('password=x', '[redacted]')).toBe('password=[redacted]');
  });

  it('finds no random key in ordinary words', () => {
    expect(looksLikeRandomKey('/Users/ann/projects/portcullis/src/index.ts')).toBe(false);
    expect(looksLikeRandomKey('Zm9vYmFyQmF6UXV4MTIzNDU2Nzg5MGFiY2RlZkdISUpLTE1O')).toBe(true);
  });
});

// The call path cannot wait for secretlint (async, milliseconds a text), so the masker is a
// synchronous set of the same well-known shapes. This keeps the two in step: whatever
// secretlint's recommended preset finds in these texts, the masker hides too.
const SECRETLINT_CORPUS = [
  'GITHUB_TOKEN=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',
  'ghs_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx is an app token',
  'postgresql://app:PgPassw0rd@db.example.com:5432/app',
  'mysql://root:toor@localhost:3306/shop',
  'mongodb://admin:Adm1nPass@mongo.internal:27017/?authSource=admin',
  'https://user:pass@example.com/x',
  'xoxb-123456789012-1234567890123-abcdefghijABCDEFGHIJklmn',
  'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
  'npm_abcdefghijABCDEFGHIJ0123456789abcdef',
  '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',
  'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ_abcdAA',
  'sk-proj-abcdefghijklmnopqrstuvwxyzT3BlbkFJabcdefghijklmnopqrstuvwxyz',
  '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',
  'lin_api_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123',
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----',
  '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC\\n-----END PRIVATE KEY-----\\n"}',
];

describe('maskSecretsInText against secretlint (recommended preset)', () => {
  it('hides everything secretlint finds in the corpus', async () => {
    let found = 0;
    for (const text of SECRETLINT_CORPUS) {
      const result = await lintSource({
        source: { content: text, filePath: '/corpus.txt', contentType: 'text' },
        options: { config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] }, noPhysicFilePath: true },
      });
      const masked = maskSecretsInText(text);
      for (const message of result.messages) {
        found++;
        const secret = text.slice(message.range[0], message.range[1]);
        // secretlint's range may include a kept prefix (a URL's scheme and user): the secret part must be gone.
        expect(masked, `${message.ruleId} in ${text.slice(0, 40)}`).not.toContain(secret);
      }
    }
    expect(found).toBeGreaterThanOrEqual(10);
  });
});
