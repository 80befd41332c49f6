// A strict JSON reader for hand-edited files. JSON.parse (Node 20) names no position
// and silently keeps the last of two equal keys, which for a policy means a rule
// written twice quietly replaces the first. This reader reports the line and column
// of a syntax error and refuses duplicate keys.

export interface JsonSyntaxProblem {
  line: number;
  column: number;
  message: string;
}

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; problem: JsonSyntaxProblem };

class JsonTextError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function parseJsonText(text: string): JsonTextResult {
  const reader = new Reader(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  try {
    reader.skipSpace();
    const value = reader.value('');
    reader.skipSpace();
    if (!reader.atEnd()) reader.fail(`unexpected ${reader.describeHere()} after the end of the document`);
    return { ok: true, value };
  } catch (error) {
    if (!(error instanceof JsonTextError)) throw error;
    const { line, column } = lineAndColumn(reader.text, error.offset);
    return { ok: false, problem: { line, column, message: error.message } };
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  fail(message: string, offset = this.pos): never {
    throw new JsonTextError(message, offset);
  }

  describeHere(): string {
    if (this.atEnd()) return 'end of file';
    return `'${this.text[this.pos]}'`;
  }

  skipSpace(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else return;
    }
  }

  value(path: string): unknown {
    const c = this.text[this.pos];
    if (c === '{') return this.object(path);
    if (c === '[') return this.array(path);
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    if (c === "'") this.fail("strings must use double quotes (\"), not single quotes");
    if (c === '}' || c === ']') this.fail(`expected a value, got '${c}' (is there a trailing comma?)`);
    return this.fail(`expected a value, got ${this.describeHere()}`);
  }

  object(path: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') {
        if (this.text[this.pos] === '}') this.fail("unexpected '}' after a comma (trailing commas are not allowed in JSON)");
        if (this.text[this.pos] === "'") this.fail('keys must use double quotes ("), not single quotes');
        this.fail(`expected a key in double quotes, got ${this.describeHere()}`);
      }
      const keyOffset = this.pos;
      const key = this.string();
      const keyPath = path === '' ? key : `${path}.${key}`;
      if (seen.has(key)) this.fail(`duplicate key '${keyPath}': a second entry would silently replace the first`, keyOffset);
      seen.add(key);
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after the key "${key}", got ${this.describeHere()}`);
      this.pos++;
      this.skipSpace();
      // defineProperty so that a "__proto__" key stays a plain key.
      Object.defineProperty(result, key, { value: this.value(keyPath), enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === '}') {
        this.pos++;
        return result;
      }
      this.fail(`expected ',' or '}' after the value of "${key}", got ${this.describeHere()}`);
    }
  }

  array(path: string): unknown[] {
    const result: unknown[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipSpace();
      result.push(this.value(`${path}[${result.length}]`));
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ']') {
        this.pos++;
        return result;
      }
      this.fail(`expected ',' or ']' in a list, got ${this.describeHere()}`);
    }
  }

  string(): string {
    const start = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      if (this.atEnd()) this.fail('a string is not closed (missing ")', start);
      const c = this.text[this.pos] as string;
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\\') {
        const e = this.text[this.pos + 1];
        if (e === 'u') {
          const hex = this.text.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('expected four hex digits after \\u');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 6;
          continue;
        }
        const decoded = e === undefined ? undefined : ESCAPES[e];
        if (decoded === undefined) this.fail(`invalid escape '\\${e ?? ''}' in a string`);
        out += decoded;
        this.pos += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) this.fail(c === '\n' ? 'a string is not closed before the end of the line' : 'control character in a string');
      out += c;
      this.pos++;
    }
  }

  number(): number {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!match) return this.fail(`invalid number at ${this.describeHere()}`);
    this.pos += match[0].length;
    return Number(match[0]);
  }
}
