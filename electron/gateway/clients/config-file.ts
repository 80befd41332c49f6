// Reading a client's config file without ever guessing: a missing file and an empty one are
// told apart, a file that does not parse is a ClientConfigError naming line and column (and
// nothing gets written), and the exact bytes are kept for the backup and the byte-for-byte
// restore. Files that allow comments (VS Code, Cursor) are read as JSONC.
import { mkdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse, printParseErrorCode, type FormattingOptions, type ParseError, type ParseErrorCode } from 'jsonc-parser';
import { lineAndColumn } from '../../../shared/policy/json-text.js';
import { atomicWriteFile } from '../store/atomic-write.js';

export class ClientConfigError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
  }
}

export interface ClientConfigFile {
  /** Absolute path. */
  file: string;
  exists: boolean;
  /** The bytes on disk (empty when missing): what a backup keeps. */
  bytes: Buffer;
  /** The text without a byte-order mark: what edits apply to. */
  text: string;
  bom: boolean;
  /** The parsed document; `{}` for a missing or empty file. */
  doc: Record<string, unknown>;
  /** The file exists but holds only whitespace. */
  empty: boolean;
  allowsComments: boolean;
}

export async function readClientConfig(file: string, options: { allowsComments: boolean }): Promise<ClientConfigFile> {
  const absolute = path.resolve(file);
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { file: absolute, exists: false, bytes: Buffer.alloc(0), text: '', bom: false, doc: {}, empty: false, allowsComments: options.allowsComments };
    if (code === 'EISDIR') throw new ClientConfigError(`${absolute} is a folder, not a config file`, absolute);
    throw new ClientConfigError(`cannot read ${absolute}: ${(error as Error).message}`, absolute);
  }
  const raw = bytes.toString('utf8');
  const bom = raw.charCodeAt(0) === 0xfeff;
  const text = bom ? raw.slice(1) : raw;
  const empty = text.trim() === '';
  const doc = empty ? {} : parseClientConfig(text, absolute, options.allowsComments);
  return { file: absolute, exists: true, bytes, text, bom, doc, empty, allowsComments: options.allowsComments };
}

/** Parses a config document that must be a JSON object; throws ClientConfigError with line and column. */
export function parseClientConfig(text: string, file: string, allowsComments: boolean): Record<string, unknown> {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { disallowComments: !allowsComments, allowTrailingComma: allowsComments, allowEmptyContent: true });
  const first = errors[0];
  if (first) {
    const { line, column } = lineAndColumn(text, first.offset);
    throw new ClientConfigError(`${file} is not valid JSON at line ${line}, column ${column}: ${describeParseError(first.error)}. Nothing was changed.`, file);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ClientConfigError(`${file} should hold a JSON object ({ … }) at the top, not ${Array.isArray(value) ? 'an array' : typeof value}. Nothing was changed.`, file);
  }
  return value as Record<string, unknown>;
}

const PARSE_ERRORS: Record<string, string> = {
  InvalidCommentToken: 'comments are not allowed in this file',
  PropertyNameExpected: 'a property name is missing (a trailing comma, or a comma too many?)',
  CommaExpected: 'a comma is missing',
  ValueExpected: 'a value is missing',
  ColonExpected: "a ':' is missing",
  CloseBraceExpected: "a closing '}' is missing",
  CloseBracketExpected: "a closing ']' is missing",
  EndOfFileExpected: 'there is more text after the end of the document',
  UnexpectedEndOfString: 'a string is not closed',
  InvalidSymbol: 'unexpected character',
};

function describeParseError(code: ParseErrorCode): string {
  const name = printParseErrorCode(code);
  return PARSE_ERRORS[name] ?? name;
}

/** The indentation and line ending the file already uses, so edits look like the rest of it. */
export function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^([ \t]+)\S/m.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  const size = indent ? Math.min(indent.length, 8) : 2;
  return { insertSpaces: true, tabSize: size, eol };
}

/**
 * Replaces a client's file atomically. A symlinked file (dotfile managers) is written through
 * the link. What Portcullis writes there includes a grant token, so the file is made private
 * to the owner (0600), or kept as it was if that was stricter already (0400).
 */
export async function writeClientConfig(file: string, bytes: Uint8Array): Promise<void> {
  const target = await realpath(file).catch(() => file);
  const mode = await stat(target).then((s) => s.mode & 0o600, () => 0o600);
  await mkdir(path.dirname(target), { recursive: true });
  await atomicWriteFile(target, bytes, mode);
}
