import { describe, expect, it } from 'vitest';
import { isSecretName, secretNameMatcher } from '../../../electron/gateway/secrets/secret-names.js';
import { nameWords } from '../../../shared/name-words.js';

// Names the issue found unredacted, and the usual spellings of credentials.
const SECRET = [
  'pass', 'pwd', 'key', 'api_key_id', 'private_key_pem', 'client_secret_value',
  'password', 'passwd', 'passphrase', 'db_pwd', 'dbPassword', 'PGPASSWORD', 'MYSQL_ROOT_PASSWORD', 'user_pass',
  'token', 'access_token', 'refreshToken', 'GITHUB_TOKEN', 'id_token', 'bearer', 'jwt',
  'secret', 'client_secret', 'aws_secret_access_key', 'AWS_ACCESS_KEY_ID', 'secret_key_base',
  'api_key', 'apiKey', 'APIKey', 'API-KEY', 'x-api-key', 'X-Api-Key', 'apikey', 'openai_api_key',
  'private_key', 'privateKey', 'signing_key', 'ssh_key', 'encryption_key', 'license_key', 'webhook_secret',
  'Authorization', 'auth', 'proxy_authorization', 'Cookie', 'set-cookie', 'cookies',
  'credential', 'credentials', 'session', 'session_id', 'sessionToken', 'token_value', 'password_b64',
];

// Ordinary names a log reader needs: they must stay readable.
const NOT_SECRET = [
  'keyword', 'keywords', 'monkey', 'passage', 'passenger', 'bypass', 'compass', 'keys', 'key_count', 'keyboard',
  'sort_key', 'primary_key', 'partition_key', 'foreign_key', 'cache_key', 'idempotency_key', 'keyspace',
  'max_tokens', 'tokens', 'token_count', 'tokenizer', 'author', 'authority', 'secret_name', 'secrets_count',
  'sessions_count', 'session_count', 'password_hint', 'password_policy', 'token_url',
  'name', 'model', 'path', 'query', 'command', 'message', 'url', 'description', 'id', 'value', 'data',
];

describe('isSecretName', () => {
  for (const name of SECRET) it(`'${name}' is a secret's name`, () => expect(isSecretName(name)).toBe(true));
  for (const name of NOT_SECRET) it(`'${name}' is not`, () => expect(isSecretName(name)).toBe(false));

  it('splits names into words across cases and separators', () => {
    expect(nameWords('apiKeyId')).toEqual(['api', 'key', 'id']);
    expect(nameWords('X-API-KEY')).toEqual(['x', 'api', 'key']);
    expect(nameWords('APIKey')).toEqual(['api', 'key']);
    expect(nameWords('private_key_pem')).toEqual(['private', 'key', 'pem']);
  });

  it("takes a policy's extra names as endings", () => {
    const test = secretNameMatcher(['SSN', 'iban']);
    expect(test('customer_ssn')).toBe(true);
    expect(test('IBAN')).toBe(true);
    expect(test('name')).toBe(false);
    expect(isSecretName('customer_ssn')).toBe(false);
  });

  it('answers the same for a name asked again (memoised)', () => {
    const test = secretNameMatcher();
    for (let i = 0; i < 3; i++) expect([test('api_key'), test('keyword')]).toEqual([true, false]);
  });
});
