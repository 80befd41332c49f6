// A shadow rule's would-be decision, in the call log's words (`hidden` is logged as `hide`).
import type { ShadowRecord } from '../../../shared/calls.js';
import type { ShadowVerdict } from '../../../shared/policy/types.js';

export function shadowRecord(verdict: ShadowVerdict | undefined): ShadowRecord | undefined {
  if (verdict === undefined) return undefined;
  const record: ShadowRecord = { decision: verdict.action === 'hidden' ? 'hide' : verdict.action, rule: verdict.causePath ?? verdict.rule };
  if (verdict.detail !== undefined) record.detail = verdict.detail;
  return record;
}
