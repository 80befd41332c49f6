// Validation issues as editor diagnostics: a syntax error at its line and column,
// every other issue under the key or value its JSON path names.
import type { PolicyIssue } from '../../../../shared/policy/types.js';
import { parsePolicyText } from '../../../../shared/policy/validate.js';
import { parseDocPath } from './doc-path.js';
import { locateJsonPath, type TextRange } from './json-locate.js';

export interface PolicyDiagnostic extends TextRange {
  severity: 'error' | 'warning';
  message: string;
}

/** Offset of a 1-based line and column. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

export function issueRange(text: string, issue: PolicyIssue): TextRange {
  if (issue.line !== undefined && issue.column !== undefined) {
    const from = offsetOf(text, issue.line, issue.column);
    return { from, to: Math.min(text.length, from + 1) };
  }
  return locateJsonPath(text, parseDocPath(issue.path));
}

export function lintPolicy(text: string): PolicyDiagnostic[] {
  const result = parsePolicyText(text);
  const diagnostic = (severity: 'error' | 'warning') => (issue: PolicyIssue): PolicyDiagnostic => ({
    ...issueRange(text, issue),
    severity,
    message: issue.path ? `${issue.path}: ${issue.message}` : issue.message,
  });
  return [...(result.ok ? [] : result.errors.map(diagnostic('error'))), ...result.warnings.map(diagnostic('warning'))];
}
