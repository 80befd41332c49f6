// The try-a-call form from a tool's inputSchema: field kinds, required marks, defaults,
// descriptions, the JSON fallback, and turning the form back into arguments with its checks.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { buildForm, collectArguments, initialState, parseArgumentsJson, stateFromArguments, type FormField } from '../../../renderer/src/lib/schema-form.js';

const schema = {
  type: 'object',
  properties: {
    message: { type: 'string', description: 'What to say' },
    count: { type: 'integer', default: 3 },
    ratio: { type: ['number', 'null'] },
    loud: { type: 'boolean' },
    mode: { enum: ['fast', 'slow', 7] },
    tags: { type: 'array', items: { type: 'string' } },
    filter: { type: 'object', properties: { field: { type: 'string' }, limit: { type: 'integer' } }, required: ['field'] },
    rows: { type: 'array', items: { type: 'object' } },
    either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
  },
  required: ['message', 'loud'],
};

function field(fields: FormField[], name: string): FormField {
  return fields.find((f) => f.name === name)!;
}

describe('buildForm', () => {
  test('each property becomes the field its schema describes', () => {
    const { fields, fallback } = buildForm(schema);
    expect(fallback).toBe(false);
    expect(fields.map((f) => [f.name, f.kind])).toEqual([
      ['message', 'string'], ['count', 'integer'], ['ratio', 'number'], ['loud', 'boolean'], ['mode', 'enum'],
      ['tags', 'array'], ['filter', 'object'], ['rows', 'json'], ['either', 'json'],
    ]);
    expect(field(fields, 'message')).toMatchObject({ required: true, description: 'What to say' });
    expect(field(fields, 'count')).toMatchObject({ required: false, default: 3 });
    expect(field(fields, 'mode')).toMatchObject({ options: ['fast', 'slow', 7] });
    expect(field(fields, 'tags')).toMatchObject({ item: { kind: 'string' } });
    const filter = field(fields, 'filter');
    expect(filter.kind === 'object' && filter.fields.map((f) => [f.name, f.required])).toEqual([['field', true], ['limit', false]]);
  });

  test('a top-level anyOf, or an open map, is edited as JSON; no properties and no extras means no arguments', () => {
    expect(buildForm({ anyOf: [{ type: 'object' }] }).fallback).toBe(true);
    expect(buildForm({ type: 'object', additionalProperties: { type: 'string' } }).fallback).toBe(true);
    expect(buildForm({ type: 'object', properties: {} })).toEqual({ fields: [], fallback: false });
  });

  test('objects nested past four levels become JSON fields', () => {
    let deep: Record<string, unknown> = { type: 'object', properties: { leaf: { type: 'string' } } };
    for (let i = 0; i < 5; i++) deep = { type: 'object', properties: { inner: deep } };
    let f: FormField = buildForm(deep).fields[0]!;
    let depth = 1;
    while (f.kind === 'object') {
      f = f.fields[0]!;
      depth++;
    }
    expect(f.kind).toBe('json');
    expect(depth).toBe(4);
  });

  test('every tool of the real Odoo catalog gets a form or a JSON editor, never an error', () => {
    const tools = JSON.parse(readFileSync('/work/shared/fixtures/odoo-claude-mcp-tools.json', 'utf8')) as { tools?: { inputSchema: unknown }[] } | { inputSchema: unknown }[];
    const list = Array.isArray(tools) ? tools : (tools.tools ?? []);
    expect(list.length).toBeGreaterThan(10);
    for (const tool of list) {
      const { fields } = buildForm(tool.inputSchema);
      const { problems } = collectArguments(fields, initialState(fields));
      for (const p of problems) expect(p.message).toBe('is required');
    }
  });
});

describe('collectArguments', () => {
  const { fields } = buildForm(schema);

  test('defaults fill the form; empty optional fields are left out', () => {
    const state = initialState(fields);
    expect(state.count).toBe('3');
    expect(state.loud).toBe('false');
    state.message = 'hi';
    expect(collectArguments(fields, state)).toEqual({ args: { message: 'hi', count: 3, loud: false }, problems: [] });
  });

  test('typed values become their JSON types, nested objects included', () => {
    const state = initialState(fields);
    Object.assign(state, { message: 'x', ratio: '0.5', loud: 'true', mode: '7', tags: ['a', 'b'], rows: '[{"id":1}]', either: '"s"' });
    state.filter = { field: 'name', limit: '10' };
    const { args, problems } = collectArguments(fields, state);
    expect(problems).toEqual([]);
    expect(args).toEqual({ message: 'x', count: 3, ratio: 0.5, loud: true, mode: 7, tags: ['a', 'b'], filter: { field: 'name', limit: 10 }, rows: [{ id: 1 }], either: 's' });
  });

  test('problems carry the path: required, not a number, not whole, bad JSON', () => {
    const state = initialState(fields);
    Object.assign(state, { count: '2.5', ratio: 'abc', rows: '[oops' });
    state.filter = { field: '', limit: '1' };
    expect(collectArguments(fields, state).problems).toEqual([
      { path: 'message', message: 'is required' },
      { path: 'count', message: 'must be a whole number' },
      { path: 'ratio', message: 'must be a number, not "abc"' },
      { path: 'filter.field', message: 'is required' },
      { path: 'rows', message: 'is not valid JSON' },
    ]);
  });

  test('arguments edited as JSON come back into the form unchanged', () => {
    const args = { message: 'm', count: 4, loud: true, mode: 'slow', tags: ['t'], filter: { field: 'f' }, rows: [{ a: 1 }] };
    expect(collectArguments(fields, stateFromArguments(fields, args))).toEqual({ args, problems: [] });
  });
});

test('parseArgumentsJson accepts an object only', () => {
  expect(parseArgumentsJson('')).toEqual({ args: {} });
  expect(parseArgumentsJson('{"a":1}')).toEqual({ args: { a: 1 } });
  expect(parseArgumentsJson('[1]')).toMatchObject({ problem: expect.stringContaining('JSON object') });
  expect(parseArgumentsJson('{')).toMatchObject({ problem: expect.stringContaining('not valid JSON') });
});
