// How the CLI prints: results to stdout, everything else (progress, warnings, errors) to stderr.
import { terminalSafe } from '../../shared/terminal-text.js';

export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/** Cells are made terminal-safe: tool, server and client names come from upstreams and clients. */
export function printTable(rows: string[][], header: string[]): void {
  const all = [header, ...rows].map((row) => row.map((cell) => terminalSafe(cell ?? '')));
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  for (const row of all) process.stdout.write(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ') + '\n');
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function warn(message: string): void {
  process.stderr.write(`portcullis: ${message}\n`);
}
