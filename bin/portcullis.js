#!/usr/bin/env node
// The `portcullis` command. The TypeScript is compiled by `npm install` (the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/electron/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('portcullis: the build is missing (dist/). Run `npm install` or `npm run build` in the Portcullis folder.');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
