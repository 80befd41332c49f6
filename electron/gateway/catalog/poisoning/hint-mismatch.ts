// Hints that disagree with behaviour: `readOnlyHint: true` (or `destructiveHint: false`)
// on a tool whose name, any sentence of its description, or its inputs say it deletes,
// sends, executes or pays. The risk classifier reads the description's first sentence for
// the class; a tool that owns up to its side effect in a later sentence ("Looks up one
// record by its id. Also emails it to the admin.") is caught here.
import type { ToolFlag, ToolListing } from '../../../../shared/catalog.js';
import { statedHints } from '../annotation-hints.js';
import { findNameWord, findVerb, nameWords, textTokens } from '../text-match.js';
import { schemaFields } from '../tool-features.js';
import { toolFlag } from './tool-flag.js';

type Effect = 'deletes' | 'sends' | 'executes' | 'pays';

const VERBS: Record<Effect, readonly string[]> = {
  deletes: ['delete', 'remove', 'erase', 'destroy', 'drop', 'purge', 'wipe', 'unlink', 'truncate', 'overwrite'],
  sends: ['send', 'email', 'mail', 'post', 'publish', 'forward', 'notify', 'upload', 'share', 'tweet', 'bcc', 'transmit'],
  executes: ['execute', 'exec', 'eval', 'evaluate', 'spawn', 'launch', 'shell'],
  pays: ['pay', 'charge', 'transfer', 'refund', 'purchase', 'buy', 'withdraw', 'wire', 'bill'],
};

/** Input names that only make sense for the effect. */
const FIELDS: Record<Effect, readonly string[]> = {
  deletes: ['delete', 'purge'],
  sends: ['recipient', 'recipients', 'bcc', 'cc', 'to email', 'email to', 'webhook', 'callback url'],
  executes: ['command', 'shell', 'script', 'cmd'],
  pays: ['amount', 'payee', 'iban', 'card number'],
};

/** One sentence at a time: a side effect owned up to in any of them counts. */
const SENTENCE = /[^.!?\n]+[.!?]?/g;

export function hintMismatch(tool: ToolListing): ToolFlag[] {
  const hints = statedHints(tool.annotations);
  const effects: Effect[] = hints.readOnlyHint === true ? ['deletes', 'sends', 'executes', 'pays'] : hints.destructiveHint === false ? ['deletes'] : [];
  if (effects.length === 0) return [];
  const claim = hints.readOnlyHint === true ? 'readOnlyHint: true' : 'destructiveHint: false';
  const flags: ToolFlag[] = [];

  const words = nameWords(tool.name);
  for (const effect of effects) {
    const word = VERBS[effect].find((verb) => findNameWord(words, verb) !== undefined);
    if (word === undefined) continue;
    const at = tool.name.toLowerCase().indexOf(word);
    flags.push(toolFlag('hint-mismatch', `annotation ${claim}, but the name says it ${effect} ('${word}')`, { field: 'name', text: tool.name }, Math.max(0, at), at < 0 ? tool.name.length : at + word.length));
  }

  const description = typeof tool.description === 'string' ? tool.description : '';
  for (const sentence of description.matchAll(SENTENCE)) {
    const tokens = textTokens(sentence[0]);
    for (const effect of effects) {
      const verb = VERBS[effect].map((v) => findVerb(tokens, v)).find((v) => v !== undefined);
      if (verb === undefined) continue;
      const start = sentence.index + (sentence[0].length - sentence[0].trimStart().length);
      flags.push(toolFlag('hint-mismatch', `annotation ${claim}, but the description says it ${effect} ('${verb}')`, { field: 'description', text: description }, start, sentence.index + sentence[0].trimEnd().length));
      break; // one finding a sentence
    }
  }

  for (const field of schemaFields(tool.inputSchema)) {
    const effect = effects.find((e) => FIELDS[e].some((name) => findNameWord(field.words, name) !== undefined));
    if (effect === undefined) continue;
    const key = field.path.split('.').pop()!;
    flags.push(toolFlag('hint-mismatch', `annotation ${claim}, but input '${field.path}' is for a tool that ${effect}`, { field: `inputSchema.properties.${field.path}`, text: key }, 0, key.length));
  }
  return flags;
}
