// How each verdict looks: one label, one tone (colour), one icon, used by the log,
// the filters and the detail pane alike.
import { callVerdict, type CallVerdict } from '../../../shared/calls.js';
import { isPending, type CallRow } from './call-rows.js';

export type Tone = 'ok' | 'deny' | 'warn' | 'muted' | 'info';
export type VerdictIcon = 'check' | 'block' | 'eye-off' | 'hand' | 'clock' | 'x' | 'dots';

export interface VerdictStyle {
  label: string;
  tone: Tone;
  icon: VerdictIcon;
}

export const VERDICT_STYLES: Record<CallVerdict | 'in-flight', VerdictStyle> = {
  allowed: { label: 'Allowed', tone: 'ok', icon: 'check' },
  approved: { label: 'Approved', tone: 'ok', icon: 'hand' },
  denied: { label: 'Denied', tone: 'deny', icon: 'block' },
  'rate-limited': { label: 'Rate-limited', tone: 'warn', icon: 'clock' },
  hidden: { label: 'Hidden', tone: 'muted', icon: 'eye-off' },
  'approval-denied': { label: 'Approval denied', tone: 'deny', icon: 'x' },
  'approval-timeout': { label: 'Approval timed out', tone: 'warn', icon: 'clock' },
  'approval-withdrawn': { label: 'Withdrawn', tone: 'muted', icon: 'x' },
  'approval-pending': { label: 'Awaiting approval', tone: 'warn', icon: 'hand' },
  'in-flight': { label: 'In flight', tone: 'info', icon: 'dots' },
};

export function rowVerdict(row: CallRow): CallVerdict | 'in-flight' {
  return isPending(row) ? 'in-flight' : callVerdict(row);
}

/** The decision filter's choices, in the order a person scans them. */
export const DECISION_FILTERS: { value: string; label: string }[] = [
  { value: 'allowed', label: 'Allowed' },
  { value: 'denied', label: 'Denied' },
  { value: 'rate-limited', label: 'Rate-limited' },
  { value: 'hidden', label: 'Hidden' },
  { value: 'approve', label: 'Held for approval (any outcome)' },
  { value: 'approved', label: 'Approved' },
  { value: 'approval-denied', label: 'Approval denied' },
  { value: 'approval-timeout', label: 'Approval timed out' },
  { value: 'approval-withdrawn', label: 'Approval withdrawn' },
];
