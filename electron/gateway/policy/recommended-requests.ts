// The request sections a recommended policy starts with. Recommended policies say
// `default: approve` for tools the catalog has not classified; without these sections that
// default would also hold every resource read, prompt, completion keystroke and log-level
// change for a person. Instead: what only reads or shapes the conversation is allowed, as
// read tools are; using the client's model (sampling: it costs money and writes into the
// conversation) waits for a person; elicitation and roots are allowed because the client's
// user answers an elicitation themselves and chose the folders the client shares.
import type { Policy } from '../../../shared/policy/types.js';

type RequestSections = Pick<Policy, 'resources' | 'prompts' | 'completion' | 'logging' | 'sampling' | 'elicitation' | 'roots'>;

export function recommendedRequestSections(): RequestSections {
  return {
    resources: { default: 'allow' },
    prompts: { default: 'allow' },
    completion: 'allow',
    logging: 'allow',
    sampling: { action: 'approve', approval: { timeout_s: 50 }, reason: "Using your model needs a person's approval each time" },
    elicitation: 'allow',
    roots: 'allow',
  };
}
