// The poisoning checks that need only the tool itself: run once per definition (name and
// hash), when a listing shows it first and on every change, never per call. The checks
// that need the rest of the catalog (shadowing, renamed) are in catalog.ts.
import type { RiskAssessment, ToolFlag, ToolListing } from '../../../../shared/catalog.js';
import { RISK_LEVELS } from '../../../../shared/risk.js';
import { confusableName } from './confusable-name.js';
import { hiddenContent } from './hidden-content.js';
import { hintMismatch } from './hint-mismatch.js';
import { modelInstructions } from './model-instructions.js';
import { toolTexts } from './tool-texts.js';

const MAX_FLAGS = 50;

export function checkTool(tool: ToolListing): ToolFlag[] {
  const texts = toolTexts(tool);
  return dedupe([...hiddenContent(texts), ...modelInstructions(texts), ...confusableName(tool.name), ...hintMismatch(tool)]).slice(0, MAX_FLAGS);
}

/** One finding per kind, field and span: overlapping patterns say the same thing once. */
export function dedupe(flags: ToolFlag[]): ToolFlag[] {
  const seen = new Set<string>();
  return flags.filter((flag) => {
    const key = `${flag.kind}\u0000${flag.field}\u0000${flag.excerpt}\u0000${flag.at}\u0000${flag.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A flagged tool is riskier than its class says: its level goes up a step, to high at
 * least. The class is left alone (policy `risk` rules match on it), the reasons say why.
 */
export function raiseForFlags(risk: RiskAssessment, flags: readonly ToolFlag[]): RiskAssessment {
  if (flags.length === 0) return risk;
  // The classifier already raised it for contradicting annotations: the same finding does not count twice.
  if (risk.mismatch && flags.every((f) => f.kind === 'hint-mismatch')) return { ...risk, reasons: [`flagged (hint-mismatch): ${flags[0]!.reason}`, ...risk.reasons] };
  const rank = RISK_LEVELS.indexOf(risk.level);
  const level = RISK_LEVELS[Math.min(RISK_LEVELS.length - 1, Math.max(rank + 1, RISK_LEVELS.indexOf('high')))]!;
  const kinds = [...new Set(flags.map((f) => f.kind))].join(', ');
  return { ...risk, level, reasons: [`flagged (${kinds}): ${flags[0]!.reason}`, ...risk.reasons, `level ${level}: raised because the definition was flagged (${kinds})`] };
}
