// `validate_schema: true`: a call's arguments are checked against the tool's own
// inputSchema with ajv before they reach the server. Schemas come from an untrusted
// server, so ajv runs non-strict (unknown keywords are ignored), does not hold the schema
// to its meta-schema (only a schema ajv cannot compile at all fails, closed), and has
// formats off (no format plugin is bundled, so `format: regex` is not checked either).
// `pattern` and `patternProperties` run on the linear-time engine (schema-regex.ts): a
// pattern it cannot run makes the schema unusable and the call is refused, as is a string
// too long to match. Each distinct schema is compiled once: cached by object identity, and
// by a hash of its JSON so a re-listed but unchanged tool reuses it.
//
// A check runs inline while its matches stay under INLINE_MATCH_BUDGET (every ordinary
// call: no worker round trip, no copy). One that would go over is run again, whole, in the
// regex worker with a deadline (regex-runner.ts); if it cannot finish there the call is
// refused, never forwarded unchecked.
import { createHash } from 'node:crypto';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { INLINE_MATCH_BUDGET } from '../../../shared/policy/linear-regex.js';
import { sharedRegexRunner, type RegexRunner } from './regex-runner.js';
import { InlineBudgetExceeded, inlineMatchMeter, linearRegExp, PatternInputTooLong } from './schema-regex.js';

export type SchemaCheck = { ok: true } | { ok: false; problems: string[] };

type Compiled = { validate: ValidateFunction } | { error: string };

const CACHE_LIMIT = 2_000;
const AJV_OPTIONS = { allErrors: true, strict: false, validateSchema: false, validateFormats: false, addUsedSchema: false, logger: false, code: { regExp: linearRegExp } } as const;

const OK: SchemaCheck = { ok: true };

export interface InputSchemaCheckerOptions {
  /** Where a check too costly to run inline goes (default: the gateway's regex worker); `false` runs every check inline (the worker itself). */
  runner?: RegexRunner | false;
}

export class InputSchemaChecker {
  // Replaced when the schema cache is cleared: an Ajv instance keeps every schema it compiled.
  private draft7 = new Ajv(AJV_OPTIONS);
  private draft2020 = new Ajv2020(AJV_OPTIONS);
  private readonly byObject = new WeakMap<object, Compiled>();
  private readonly byHash = new Map<string, Compiled>();
  private readonly runner: RegexRunner | false | undefined;

  /** Number of schemas compiled so far (for tests: proves compile-once). */
  compiledCount = 0;

  constructor(options: InputSchemaCheckerOptions = {}) {
    this.runner = options.runner;
  }

  /** Synchronous unless the check had to go to the regex worker. */
  check(schema: unknown, args: unknown): SchemaCheck | Promise<SchemaCheck> {
    if (schema === null || typeof schema !== 'object') return OK;
    const compiled = this.compiled(schema);
    if ('error' in compiled) return { ok: false, problems: [`the tool's input schema cannot be used (${compiled.error})`] };
    inlineMatchMeter.left = this.runner === false ? Infinity : INLINE_MATCH_BUDGET;
    try {
      return validateWith(compiled.validate, args);
    } catch (error) {
      if (error instanceof InlineBudgetExceeded) return this.checkInWorker(schema, args, error);
      throw error;
    } finally {
      inlineMatchMeter.left = Infinity;
    }
  }

  private async checkInWorker(schema: object, args: unknown, costly: InlineBudgetExceeded): Promise<SchemaCheck> {
    const runner = this.runner === undefined ? sharedRegexRunner() : (this.runner as RegexRunner);
    const outcome = await runner.run({ kind: 'schema', schema, args });
    if (outcome.done) return outcome.value;
    return {
      ok: false,
      problems: [
        `the tool's input schema pattern ${JSON.stringify(costly.pattern)} (against a string of ${costly.length.toLocaleString('en-US')} characters) could not be checked: ${outcome.why}; the call was not forwarded`,
      ],
    };
  }

  private compiled(schema: object): Compiled {
    const known = this.byObject.get(schema);
    if (known) return known;
    const text = JSON.stringify(schema);
    const hash = createHash('sha256').update(text).digest('hex');
    let compiled = this.byHash.get(hash);
    if (!compiled) {
      if (this.byHash.size >= CACHE_LIMIT) this.clear();
      compiled = this.compile(schema);
      this.byHash.set(hash, compiled);
    }
    this.byObject.set(schema, compiled);
    return compiled;
  }

  private clear(): void {
    this.byHash.clear();
    this.draft7 = new Ajv(AJV_OPTIONS);
    this.draft2020 = new Ajv2020(AJV_OPTIONS);
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

function validateWith(validate: ValidateFunction, args: unknown): SchemaCheck {
  try {
    if (validate(args)) return OK;
  } catch (error) {
    if (error instanceof PatternInputTooLong) return { ok: false, problems: [error.message] };
    throw error;
  }
  return { ok: false, problems: (validate.errors ?? []).map(describeError) };
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
