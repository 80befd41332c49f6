// Reading a client's config without guessing: missing and empty told apart, a parse error
// named by line and column, the exact bytes kept; writing through a symlink, owner-only.
import { chmodSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ClientConfigError, formattingOf, parseClientConfig, readClientConfig, writeClientConfig,
} from '../../../electron/gateway/clients/config-file.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tmp = useTempDir('portcullis-client-config-');
const file = (name: string, text?: string): string => {
  const target = path.join(tmp.path, name);
  if (text !== undefined) writeFileSync(target, text);
  return target;
};

describe('readClientConfig', () => {
  it('tells a missing file from an empty one, both read as {}', async () => {
    expect(await readClientConfig(file('none.json'), { allowsComments: false })).toMatchObject({ exists: false, empty: false, doc: {}, text: '' });
    expect(await readClientConfig(file('blank.json', ' \n'), { allowsComments: false })).toMatchObject({ exists: true, empty: true, doc: {} });
  });

  it('keeps the exact bytes, BOM included, and parses the text without it', async () => {
    const text = '\uFEFF{ "mcpServers": {} }\n';
    const read = await readClientConfig(file('bom.json', text), { allowsComments: false });
    expect(read.bom).toBe(true);
    expect(read.bytes.equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(read.text).toBe('{ "mcpServers": {} }\n');
    expect(read.doc).toEqual({ mcpServers: {} });
    expect(read.file).toBe(path.resolve(read.file));
  });

  it('reads comments and trailing commas only where the client allows them', async () => {
    const jsonc = file('c.json', '{\n  // servers\n  "mcpServers": {},\n}\n');
    expect((await readClientConfig(jsonc, { allowsComments: true })).doc).toEqual({ mcpServers: {} });
    await expect(readClientConfig(jsonc, { allowsComments: false })).rejects.toThrow(/line 2, column 3: comments are not allowed in this file\. Nothing was changed\./);
  });

  it('refuses a folder, saying so', async () => {
    mkdirSync(file('dir.json'));
    await expect(readClientConfig(file('dir.json'), { allowsComments: false })).rejects.toThrow(ClientConfigError);
    await expect(readClientConfig(file('dir.json'), { allowsComments: false })).rejects.toThrow('is a folder, not a config file');
  });
});

describe('parseClientConfig', () => {
  it('names line and column and what is wrong, in words', () => {
    expect(() => parseClientConfig('{\n  "a": 1\n  "b": 2\n}', 'f.json', false)).toThrow('f.json is not valid JSON at line 3, column 3: a comma is missing. Nothing was changed.');
  });

  it('wants an object at the top', () => {
    expect(() => parseClientConfig('[1]', 'f.json', false)).toThrow('should hold a JSON object ({ … }) at the top, not an array');
    expect(() => parseClientConfig('"x"', 'f.json', false)).toThrow('not string');
    expect(() => parseClientConfig('null', 'f.json', false)).toThrow('not object');
  });
});

describe('formattingOf', () => {
  it('follows the file\'s indentation and line ending, two spaces by default', () => {
    expect(formattingOf('{\r\n    "a": 1\r\n}')).toEqual({ insertSpaces: true, tabSize: 4, eol: '\r\n' });
    expect(formattingOf('{\n\t"a": 1\n}')).toEqual({ insertSpaces: false, tabSize: 1, eol: '\n' });
    expect(formattingOf('{}')).toEqual({ insertSpaces: true, tabSize: 2, eol: '\n' });
    expect(formattingOf(`{\n${' '.repeat(12)}"a": 1\n}`).tabSize).toBe(8);
  });
});

describe('writeClientConfig', () => {
  it('creates the folder and writes a new file owner-only', async () => {
    const target = path.join(tmp.path, 'deep', 'mcp.json');
    await writeClientConfig(target, Buffer.from('{}'));
    expect(readFileSync(target, 'utf8')).toBe('{}');
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it('writes through a symlink, and keeps a stricter mode than 0600', async () => {
    const real = file('real.json', '{}');
    chmodSync(real, 0o644);
    const link = path.join(tmp.path, 'link.json');
    symlinkSync(real, link);
    await writeClientConfig(link, Buffer.from('{"x":1}'));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('{"x":1}');
    expect(statSync(real).mode & 0o777).toBe(0o600);
    chmodSync(real, 0o400);
    await writeClientConfig(real, Buffer.from('{"x":2}'));
    expect(statSync(real).mode & 0o777).toBe(0o400);
  });
});
