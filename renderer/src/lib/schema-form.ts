// A form generated from a tool's `inputSchema` (JSON Schema), for trying a call from the
// window: strings, numbers, integers, booleans, enums, arrays of scalars and nested objects,
// with required marks, defaults and descriptions. What the form cannot express (anyOf, arrays
// of objects, open maps…) becomes a JSON field; the caller can also edit everything as JSON.
//
// Form state keeps scalars as the text typed (so "1." or "" is not lost while typing) and turns
// it into arguments only in `collectArguments`, which also checks what the form knows: required
// fields, number syntax, integers, enum members. ajv cannot run here: it compiles validators
// with `new Function`, which the window's Content-Security-Policy forbids; the gateway checks
// the schema itself where a policy asks (`validate_schema`).

export type Scalar = string | number | boolean | null;
export type ScalarKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum';

interface FieldBase {
  /** The property name ('' for an array's item). */
  name: string;
  required: boolean;
  description?: string;
  default?: unknown;
}

export interface ScalarField extends FieldBase {
  kind: ScalarKind;
  /** The allowed values, for `enum`. */
  options?: Scalar[];
}
export interface ArrayField extends FieldBase {
  kind: 'array';
  item: ScalarField;
}
export interface ObjectField extends FieldBase {
  kind: 'object';
  fields: FormField[];
}
/** Anything the form cannot express: edited as JSON text. */
export interface JsonField extends FieldBase {
  kind: 'json';
}
export type FormField = ScalarField | ArrayField | ObjectField | JsonField;

/** Scalars as typed text (enums: the option's JSON; booleans: '', 'true', 'false'), arrays as lists, objects as records. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormState = Record<string, FormValue>;

export interface FormProblem {
  /** Where, as a path into the arguments: `filters.limit`, `tags[2]`. */
  path: string;
  message: string;
}

/** Nested objects deeper than this are edited as JSON: a form that deep helps nobody. */
const MAX_DEPTH = 4;

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `type`, with a nullable union (`['string', 'null']`) read as its one other type. */
function typeOf(schema: Schema): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const real = type.filter((t) => t !== 'null');
    if (real.length === 1 && typeof real[0] === 'string') return real[0];
  }
  return undefined;
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function scalarField(schema: Schema, base: FieldBase): ScalarField | undefined {
  if (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every(isScalar)) return { ...base, kind: 'enum', options: schema.enum };
  if ('const' in schema && isScalar(schema.const)) return { ...base, kind: 'enum', options: [schema.const] };
  const type = typeOf(schema);
  if (type === 'string' || type === 'number' || type === 'integer' || type === 'boolean') return { ...base, kind: type };
  return undefined;
}

function fieldFor(name: string, schema: unknown, required: boolean, depth: number): FormField {
  const base: FieldBase = { name, required };
  if (!isSchema(schema)) return { ...base, kind: 'json' };
  if (typeof schema.description === 'string') base.description = schema.description;
  if ('default' in schema) base.default = schema.default;
  const scalar = scalarField(schema, base);
  if (scalar) return scalar;
  const type = typeOf(schema);
  if (type === 'array' && isSchema(schema.items)) {
    const item = scalarField(schema.items, { name: '', required: true });
    if (item) return { ...base, kind: 'array', item };
  }
  if (type === 'object' && depth < MAX_DEPTH) {
    const fields = objectFields(schema, depth + 1);
    if (fields) return { ...base, kind: 'object', fields };
  }
  return { ...base, kind: 'json' };
}

/** An object schema's properties as fields; undefined when it has none to show (an open map). */
function objectFields(schema: Schema, depth: number): FormField[] | undefined {
  if (!isSchema(schema.properties) || Object.keys(schema.properties).length === 0) return undefined;
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
  return Object.entries(schema.properties).map(([name, property]) => fieldFor(name, property, required.has(name), depth));
}

/**
 * The form for a tool's input schema. `fallback`: the schema is not a plain object of properties
 * (no properties, or anyOf/oneOf at the top), so the whole call is edited as JSON.
 */
export function buildForm(inputSchema: unknown): { fields: FormField[]; fallback: boolean } {
  if (!isSchema(inputSchema)) return { fields: [], fallback: false };
  if (inputSchema.anyOf || inputSchema.oneOf || inputSchema.allOf) return { fields: [], fallback: true };
  const fields = objectFields(inputSchema, 1);
  if (fields) return { fields, fallback: false };
  // `{ type: 'object' }` alone takes no arguments (or any, if it allows additional ones).
  return { fields: [], fallback: inputSchema.additionalProperties !== undefined && inputSchema.additionalProperties !== false };
}

/** A scalar as the form shows it. */
function scalarText(field: ScalarField, value: unknown): string {
  if (value === undefined) return '';
  if (field.kind === 'enum') return JSON.stringify(value);
  if (field.kind === 'boolean') return value === true ? 'true' : value === false ? 'false' : '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function valueText(field: FormField, value: unknown): FormValue {
  switch (field.kind) {
    case 'array':
      return Array.isArray(value) ? value.map((v) => scalarText(field.item, v)) : [];
    case 'object':
      return stateFrom(field.fields, isSchema(value) ? value : {});
    case 'json':
      return value === undefined ? '' : JSON.stringify(value, null, 2);
    default:
      return scalarText(field, value);
  }
}

function stateFrom(fields: FormField[], values: Record<string, unknown>): FormState {
  const state: FormState = {};
  for (const field of fields) state[field.name] = valueText(field, field.name in values ? values[field.name] : field.default);
  return state;
}

/** The form filled with the schema's defaults (a required boolean with no default starts as false). */
export function initialState(fields: FormField[]): FormState {
  const state = stateFrom(fields, {});
  for (const field of fields) if (field.kind === 'boolean' && field.required && state[field.name] === '') state[field.name] = 'false';
  return state;
}

/** The form filled from arguments (after editing them as JSON); values the form has no field for are dropped. */
export function stateFromArguments(fields: FormField[], args: Record<string, unknown>): FormState {
  return stateFrom(fields, args);
}

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function scalarValue(field: ScalarField, text: string, path: string, problems: FormProblem[]): Scalar | undefined {
  const trimmed = text.trim();
  switch (field.kind) {
    case 'string':
      return text;
    case 'boolean':
      return trimmed === '' ? undefined : trimmed === 'true';
    case 'enum':
      return trimmed === '' ? undefined : (JSON.parse(trimmed) as Scalar);
    default: {
      if (trimmed === '') return undefined;
      if (!NUMBER.test(trimmed)) {
        problems.push({ path, message: `must be a number, not "${trimmed}"` });
        return undefined;
      }
      const n = Number(trimmed);
      if (field.kind === 'integer' && !Number.isInteger(n)) problems.push({ path, message: 'must be a whole number' });
      return n;
    }
  }
}

function fieldValue(field: FormField, value: FormValue | undefined, path: string, problems: FormProblem[]): unknown {
  switch (field.kind) {
    case 'array': {
      const items = Array.isArray(value) ? value : [];
      const out = items.map((item, i) => scalarValue(field.item, typeof item === 'string' ? item : '', `${path}[${i}]`, problems));
      return out.length === 0 ? undefined : out.filter((v) => v !== undefined);
    }
    case 'object': {
      const inner: FormProblem[] = [];
      const args = collectInto(field.fields, isSchema(value) ? (value as FormState) : {}, `${path}.`, inner);
      // An optional object left blank is not given: its own required fields do not apply.
      if (Object.keys(args).length === 0 && !field.required && inner.every((p) => p.message === 'is required')) return undefined;
      problems.push(...inner);
      return args;
    }
    case 'json': {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text === '') return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        problems.push({ path, message: 'is not valid JSON' });
        return undefined;
      }
    }
    default:
      return scalarValue(field, typeof value === 'string' ? value : '', path, problems);
  }
}

function collectInto(fields: FormField[], state: FormState, prefix: string, problems: FormProblem[]): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const field of fields) {
    const path = `${prefix}${field.name}`;
    const value = fieldValue(field, state[field.name], path, problems);
    // An empty text box is "not given", like an empty number box.
    const empty = value === undefined || (field.kind === 'string' && value === '');
    if (!empty) args[field.name] = value;
    else if (field.required) problems.push({ path, message: 'is required' });
  }
  return args;
}

/** The call's arguments from the form, and what is wrong with them (nothing is sent while a problem remains). */
export function collectArguments(fields: FormField[], state: FormState): { args: Record<string, unknown>; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const args = collectInto(fields, state, '', problems);
  return { args, problems };
}

/** Arguments typed as JSON: an object, or the problem with it. */
export function parseArgumentsJson(text: string): { args: Record<string, unknown> } | { problem: string } {
  if (text.trim() === '') return { args: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `not valid JSON: ${(error as Error).message}` };
  }
  if (!isSchema(value)) return { problem: 'the arguments must be a JSON object: { "name": value, … }' };
  return { args: value };
}
