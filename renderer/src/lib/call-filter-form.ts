// The Calls view's filter bar as a person sets it, and the CallFilter it stands for.
import type { CallDecision, CallFilter, CallVerdict } from '../../../shared/calls.js';

export const TIME_RANGES = [
  { value: 'all', label: 'Any time', seconds: 0 },
  { value: '5m', label: 'Last 5 minutes', seconds: 300 },
  { value: '15m', label: 'Last 15 minutes', seconds: 900 },
  { value: '1h', label: 'Last hour', seconds: 3600 },
  { value: '24h', label: 'Last 24 hours', seconds: 86_400 },
  { value: '7d', label: 'Last 7 days', seconds: 7 * 86_400 },
] as const;

export type TimeRange = (typeof TIME_RANGES)[number]['value'];

export interface FilterForm {
  server: string;
  grant: string;
  tool: string;
  decision: string;
  time: TimeRange;
  text: string;
}

export const EMPTY_FILTER_FORM: FilterForm = { server: '', grant: '', tool: '', decision: '', time: 'all', text: '' };

/** The CallFilter for a form; `now` (ms) anchors the relative time ranges. */
export function toCallFilter(form: FilterForm, now: number): CallFilter {
  const filter: CallFilter = {};
  if (form.server) filter.server = form.server;
  if (form.grant) filter.grant = form.grant;
  if (form.tool.trim()) filter.tool = form.tool.trim();
  if (form.decision) filter.decision = form.decision as CallDecision | CallVerdict;
  const range = TIME_RANGES.find((r) => r.value === form.time);
  if (range && range.seconds > 0) filter.from = new Date(now - range.seconds * 1000).toISOString();
  if (form.text.trim()) filter.text = form.text.trim();
  return filter;
}

export function isFiltered(form: FilterForm): boolean {
  return Object.entries(form).some(([key, value]) => (key === 'time' ? value !== 'all' : value !== ''));
}
