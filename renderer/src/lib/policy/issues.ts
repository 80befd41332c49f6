// Validation issues as the builder pins them: each field shows the issues at its own
// path; a section shows those inside it that no field of its own claims.
import type { PolicyIssue, PolicyValidation } from '../../../../shared/policy/types.js';

export interface DraftIssues {
  errors: PolicyIssue[];
  warnings: PolicyIssue[];
}

export function draftIssues(validation: PolicyValidation): DraftIssues {
  return validation.ok ? { errors: [], warnings: validation.warnings } : { errors: validation.errors, warnings: validation.warnings };
}

/** Issues exactly at `path`, or (with `within`) at it and everything under it. */
export function issuesAt(list: readonly PolicyIssue[], path: string, within = false): PolicyIssue[] {
  return list.filter((issue) => issue.path === path || (within && (issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`))));
}

/** Parses a condition value typed into one field: JSON when it reads as JSON, else the text itself. */
export function parseLooseValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

/** The text a condition value is edited as (the inverse of parseLooseValue for strings that do not read as JSON). */
export function showLooseValue(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') {
    try {
      JSON.parse(value);
      return JSON.stringify(value); // "10" must stay a string: show it quoted
    } catch {
      return value;
    }
  }
  return JSON.stringify(value);
}

/** A number field's value: a number when it reads as one, else the raw text (so validation names it). */
export function parseNumberField(text: string): unknown {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}
