// `validate_schema: true`: a call's arguments are checked against the tool's own
// inputSchema with ajv before they reach the server. Schemas come from an untrusted
// server, so ajv runs non-strict (unknown keywords are ignored), does not hold the schema
// to its meta-schema (only a schema ajv cannot compile at all fails, closed), and has
// formats off (no format plugin is bundled, so `format: regex` is not checked either).
// `pattern` and `patternProperties` run on the linear-time engine (schema-regex.ts): a
// pattern it cannot run makes the schema unusable and the call is refused, as is a string
// too long to match. Each distinct schema is compiled once: cached by object identity, and
// by a hash of its JSON so a re-listed but unchanged tool reuses it.
import { createHash } from 'node:crypto';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { linearRegExp, PatternInputTooLong } from './schema-regex.js';

export type SchemaCheck = { ok: true } | { ok: false; problems: string[] };

type Compiled = { validate: ValidateFunction } | { error: string };

const CACHE_LIMIT = 2_000;
const AJV_OPTIONS = { allErrors: true, strict: false, validateSchema: false, validateFormats: false, addUsedSchema: false, logger: false, code: { regExp: linearRegExp } } as const;

export class InputSchemaChecker {
  private readonly draft7 = new Ajv(AJV_OPTIONS);
  private readonly draft2020 = new Ajv2020(AJV_OPTIONS);
  private readonly byObject = new WeakMap<object, Compiled>();
  private readonly byHash = new Map<string, Compiled>();

  /** Number of schemas compiled so far (for tests: proves compile-once). */
  compiledCount = 0;

  check(schema: unknown, args: unknown): SchemaCheck {
    if (schema === null || typeof schema !== 'object') return { ok: true };
    const compiled = this.compiled(schema);
    if ('error' in compiled) return { ok: false, problems: [`the tool's input schema cannot be used (${compiled.error})`] };
    try {
      if (compiled.validate(args)) return { ok: true };
    } catch (error) {
      if (error instanceof PatternInputTooLong) return { ok: false, problems: [error.message] };
      throw error;
    }
    return { ok: false, problems: (compiled.validate.errors ?? []).map(describeError) };
  }

  private compiled(schema: object): Compiled {
    const known = this.byObject.get(schema);
    if (known) return known;
    const text = JSON.stringify(schema);
    const hash = createHash('sha256').update(text).digest('hex');
    let compiled = this.byHash.get(hash);
    if (!compiled) {
      compiled = this.compile(schema);
      if (this.byHash.size >= CACHE_LIMIT) this.byHash.clear();
      this.byHash.set(hash, compiled);
    }
    this.byObject.set(schema, compiled);
    return compiled;
  }

  private compile(schema: object): Compiled {
    this.compiledCount++;
    // Pick the dialect from $schema, then drop it: ajv refuses meta-schemas it has not loaded (draft-04 …).
    const { $schema: declared, ...body } = schema as { $schema?: unknown };
    const ajv = typeof declared === 'string' && /20(19|20)-/.test(declared) ? this.draft2020 : this.draft7;
    try {
      return { validate: ajv.compile(body) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }
}

/** `args.pipeline must be string`, `args must have required property 'source_id'`. */
function describeError(error: ErrorObject): string {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `${acc}.${part}` : `${acc}[${JSON.stringify(part)}]`), 'args');
  let message = error.message ?? 'is not valid';
  if (error.keyword === 'additionalProperties') message += ` '${String((error.params as { additionalProperty?: unknown }).additionalProperty)}'`;
  if (error.keyword === 'enum') message += ` ${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)}`;
  return `${path} ${message}`;
}
