// `node --import ./scripts/conformance-node20.mjs …/conformance/dist/index.js client …`
// The conformance CLI imports fs.globSync (Node 22+) but its client scenarios never call it:
// on Node 20 its `fs` import gets a module with a stand-in, and nothing else changes.
import { register } from 'node:module';

const fsWithGlobSync =
  'data:text/javascript,' +
  encodeURIComponent(
    "import fs from 'node:fs'; export * from 'node:fs'; export default fs;" +
      "export const globSync = fs.globSync ?? (() => { throw new Error('fs.globSync needs Node 22'); });",
  );

const hooks = `
export async function resolve(specifier, context, next) {
  const fromSuite = context.parentURL?.includes('@modelcontextprotocol/conformance');
  if (fromSuite && (specifier === 'fs' || specifier === 'node:fs')) return { url: ${JSON.stringify(fsWithGlobSync)}, shortCircuit: true };
  return next(specifier, context);
}`;

register('data:text/javascript,' + encodeURIComponent(hooks));
