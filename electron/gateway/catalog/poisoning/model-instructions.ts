// Instructions aimed at the model rather than the person: overriding its instructions,
// keeping things from the user, steps to take before using the tool, rules for other tools,
// and requests for files or secrets a tool has no business asking for. A description
// tells the person what the tool does; these tell the model what to do.
import type { ToolFlag } from '../../../../shared/catalog.js';
import { describeField, toolFlag } from './tool-flag.js';
import type { ToolText } from './tool-texts.js';

interface InstructionPattern {
  /** Lower-case words one of which the text must contain before the pattern runs (most texts have none). */
  triggers: readonly string[];
  pattern: RegExp;
  reason: string;
}

/** `[^.!?\n]` keeps a match inside one sentence. */
const S = '[^.!?\\n]';

const PATTERNS: readonly InstructionPattern[] = [
  {
    triggers: ['ignor', 'disregard', 'forget', 'overrid', 'bypass'],
    pattern: new RegExp(`\\b(?:ignore|disregard|forget|override|bypass)\\b${S}{0,30}\\b(?:previous|prior|above|earlier|preceding|all|any|other|system|your|safety)\\b${S}{0,20}\\b(?:instructions?|prompts?|rules?|guidelines?|directives?|policies|constraints)\\b`, 'gi'),
    reason: 'tells the model to set aside its instructions',
  },
  {
    triggers: ['tell', 'inform', 'mention', 'notif', 'reveal', 'alert', 'show', 'disclos', 'explain', 'report'],
    pattern: new RegExp(`\\b(?:do not|don'?t|never|must not|should not|without)\\s+(?:\\w+\\s+){0,2}?(?:tell(?:ing)?|inform(?:ing)?|mention(?:ing)?|notify(?:ing)?|reveal(?:ing)?|alert(?:ing)?|show(?:ing)?|disclos(?:e|ing)|explain(?:ing)?|report(?:ing)?)\\b${S}{0,20}\\b(?:the\\s+)?(?:user|human|person|operator|owner)s?\\b`, 'gi'),
    reason: 'tells the model to keep something from the user',
  },
  {
    triggers: ['user', 'secret', 'hidden', 'hide', 'silent', 'covert', 'quiet'],
    pattern: new RegExp(`\\b(?:the\\s+)?user\\s+(?:must|should|need|does|will)\\s*(?:not|n't)\\s+(?:know|see|notice|find out|be told|be informed)\\b|\\b(?:keep|hide)\\s+(?:this|it|these|them)\\s+(?:secret|hidden|private)\\s+from\\b|\\b(?:silently|secretly|covertly|quietly)\\s+(?:send|forward|copy|upload|add|include|read|call|bcc|cc)\\b|\\bwithout\\s+(?:the\\s+)?user'?s?\\s+(?:knowledge|knowing|consent|noticing)\\b`, 'gi'),
    reason: 'tells the model to act without the user knowing',
  },
  {
    triggers: ['before', 'must'],
    pattern: new RegExp(`\\bbefore\\s+(?:using|calling|invoking|running|executing)\\s+(?:this|the|any)\\b${S}{0,60}\\b(?:read|call|fetch|open|load|send|include|pass|cat|run|list|get|use)\\b|\\byou\\s+must\\s+(?:first|always)\\s+(?:read|call|fetch|open|load|send|include|pass|run)\\b`, 'gi'),
    reason: 'tells the model to do something else first, before the tool is used',
  },
  {
    triggers: ['<', '['],
    pattern: /<\s*\/?\s*(?:important|system|instructions?|secret|hidden|admin|assistant|prompt)\s*>|\[\s*(?:system|instructions?|important)\s*\]/gi,
    reason: 'contains markup addressed to the model (an <IMPORTANT>-style tag)',
  },
  {
    triggers: ['tool'],
    pattern: new RegExp(`\\b(?:when|whenever|if)\\s+(?:this\\s+tool\\s+is\\s+(?:available|present|loaded|installed)|(?:the\\s+user|you)\\s+(?:use|call|invoke)s?\\s+(?:the\\s+|any\\s+)?(?:other\\s+)?\\S+\\s+tool)\\b|\\b(?:the|any|all|every)\\s+(?:other\\s+)?[\\w\`'"-]+\\s+tools?\\s+(?:must|should|shall|has to|have to)\\b|\\b(?:changes?|modif(?:y|ies)|overrides?|alters?|redefines?)\\s+(?:the\\s+)?(?:behaviou?r|function(?:ing)?|parameters?|recipients?)\\s+of\\s+(?:the\\s+|all\\s+|any\\s+)?(?:other\\s+)?${S}{0,30}\\btools?\\b|\\b(?:instead\\s+of|rather\\s+than)\\s+(?:using|calling)\\s+(?:the\\s+)?(?:other\\s+)?\\S+\\s+tool\\b`, 'gi'),
    reason: "sets rules for other tools' behaviour",
  },
  {
    triggers: ['ssh', 'id_', '.env', '.aws', 'netrc', 'npmrc', 'pypirc', 'pgpass', 'credentials', '.docker', '.kube', '/etc/', 'claude_desktop', 'mcp.json', 'gcloud', 'wallet', 'keychain'],
    pattern: /(?:~|\$HOME|%USERPROFILE%)?[\\/]?\.ssh\b(?:[\\/][\w.-]*\w)?|\bid_(?:rsa|dsa|ecdsa|ed25519)(?:\.pub)?\b|(?<![\w/])\.env(?:\.\w+)?\b(?!\s*(?:var|variable))|\.aws[\\/]credentials\b|\.netrc\b|\.npmrc\b|\.pypirc\b|\.pgpass\b|\.git-credentials\b|\.docker[\\/]config\.json\b|\.kube[\\/]config\b|\/etc\/(?:passwd|shadow)\b|\bclaude_desktop_config\.json\b|\bmcp\.json\b|\.config[\\/]gcloud\b|\bwallet\.dat\b|\bkeychain\b/gi,
    reason: 'names a file that holds keys, secrets or other tools\' configuration',
  },
  {
    triggers: ['credential', 'secret', 'password', 'api', 'key', 'token', 'cookie'],
    // "Provide your API key" is how an honest tool asks for its own key: only verbs that move a secret somewhere count.
    pattern: new RegExp(`\\b(?:read|cat|include|append|attach|paste|copy|forward|send|upload|share|leak|collect|gather)\\b${S}{0,40}\\b(?:user'?s?|your|their|all|any|every|stored|saved)\\s+(?:\\w+\\s+)?(?:credentials|secrets|passwords?|api[ _-]?keys?|access[ _-]?tokens?|tokens|private[ _-]?keys?|session[ _-]?cookies?|cookies)\\b`, 'gi'),
    reason: "asks for the user's secrets or credentials",
  },
  {
    triggers: ['conversation', 'chat', 'system prompt', 'previous message', 'prior message'],
    pattern: new RegExp(`\\b(?:read|include|append|attach|paste|copy|forward|send|upload|share|leak|pass|put|add|quote|provide)\\b${S}{0,40}\\b(?:conversation(?:\\s+(?:history|so far))?|chat\\s+(?:history|so far|log)|system\\s+prompt|(?:previous|prior|earlier)\\s+messages)\\b`, 'gi'),
    reason: 'asks for the conversation or the system prompt',
  },
];

export function modelInstructions(texts: readonly ToolText[]): ToolFlag[] {
  const flags: ToolFlag[] = [];
  for (const source of texts) {
    if (source.field === 'name' || /\.properties\.[^.]+$/.test(source.field)) continue; // identifiers give no orders
    const lower = source.text.toLowerCase();
    for (const { triggers, pattern, reason } of PATTERNS) {
      if (!triggers.some((t) => lower.includes(t))) continue;
      const where = describeField(source.field);
      // The first match of each pattern in a field: an <IMPORTANT> tag and its closing tag are one finding.
      pattern.lastIndex = 0;
      const m = pattern.exec(source.text);
      if (m) flags.push(toolFlag('model-instructions', `${where} ${reason}: "${m[0].trim()}"`, source, m.index, m.index + m[0].length));
    }
  }
  return flags;
}
