// Policy drafts, one per server: the active policy as the gateway holds it, the text
// being edited (builder and JSON tab both write here), live validation of that text,
// and a small undo history for builder edits (CodeMirror keeps its own for typing).
import type { PolicySaveResult, PolicyView } from '../../../shared/api.js';
import type { PolicyIssue, PolicyValidation } from '../../../shared/policy/types.js';
import { parsePolicyText } from '../../../shared/policy/validate.js';
import { dropDefaultDescription, formatDraft, parseDraft, type DraftParse, type JsonObject } from '../lib/policy/policy-draft.js';
import { app } from './app.svelte.js';
import { toasts } from './toasts.svelte.js';

const UNDO_LIMIT = 100;

export class PolicyDraft {
  active = $state<PolicyView | undefined>();
  text = $state('');
  loading = $state(false);
  saving = $state(false);
  /** Refusals the gateway reported for the file on disk since it was loaded. */
  refused = $state<PolicyIssue[] | undefined>();
  undoDepth = $state(0);
  private undoStack: string[] = [];
  // Getters memoised on the text rather than $derived fields: a draft is often created
  // inside some view's effect, and a $derived would die with that view.
  private memo: { text: string; validation: PolicyValidation; parsed: DraftParse } | undefined;

  private analysed(): NonNullable<PolicyDraft['memo']> {
    const text = this.text;
    if (this.memo?.text !== text) this.memo = { text, validation: parsePolicyText(text), parsed: parseDraft(text) };
    return this.memo;
  }

  /** Live validation of the text, with JSON paths. */
  get validation(): PolicyValidation {
    return this.analysed().validation;
  }

  /** The text as a JSON object, for the builder. */
  get parsed(): DraftParse {
    return this.analysed().parsed;
  }

  get dirty(): boolean {
    return this.active !== undefined && this.text !== this.active.text;
  }

  constructor(readonly serverId: string) {}

  async load(): Promise<void> {
    this.loading = true;
    try {
      const view = await app.client.getPolicy({ serverId: this.serverId });
      // Judged on arrival, not on asking: the person may have edited while the answer travelled.
      this.showActive(view, this.active === undefined || this.text === this.active.text);
    } catch (error) {
      toasts.error(error, `Could not load the policy of ${this.serverId}`);
    } finally {
      this.loading = false;
    }
  }

  /** Shows a policy the gateway answered with; the text too unless the person is editing it. */
  showActive(view: PolicyView, replaceText: boolean): void {
    this.active = view;
    this.refused = view.refused;
    if (replaceText) this.text = view.text;
  }

  /** A builder edit: applied to the parsed document and written back as formatted text. */
  edit(change: (doc: JsonObject) => JsonObject): void {
    const parsed = this.parsed;
    if (!parsed.ok) return;
    const next = formatDraft(dropDefaultDescription(change(parsed.doc)));
    if (next === this.text) return;
    this.pushUndo();
    this.text = next;
  }

  /** Replaces the text from outside the editor (recommendation, revert); undoable. */
  replace(text: string): void {
    if (text === this.text) return;
    this.pushUndo();
    this.text = text;
  }

  undo(): void {
    const previous = this.undoStack.pop();
    if (previous === undefined) return;
    this.text = previous;
    this.undoDepth = this.undoStack.length;
  }

  revert(): void {
    if (this.active) this.replace(this.active.text);
  }

  async save(): Promise<PolicySaveResult> {
    this.saving = true;
    try {
      const result = await app.client.savePolicy({ serverId: this.serverId, text: this.text });
      // The answer carries the policy now active (as the gateway formatted it): no second request.
      if (result.ok) this.showActive(result.policy, true);
      return result;
    } finally {
      this.saving = false;
    }
  }

  private pushUndo(): void {
    this.undoStack.push(this.text);
    if (this.undoStack.length > UNDO_LIMIT) this.undoStack.shift();
    this.undoDepth = this.undoStack.length;
  }
}

class PolicyStore {
  drafts = $state<Record<string, PolicyDraft>>({});
  /** The server the editor showed last: coming back to Policy opens it again, with its draft. */
  lastServer = $state<string>();
  focus = $state<PolicyFocus>();
  private focusSeq = 0;
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    // Asks before a reload, a closed tab or window, or Quit drops an unsaved draft: a browser
    // asks itself; Electron's main process answers 'will-prevent-unload' with a native dialog
    // (electron/main/window/leave-prompt.ts).
    if (typeof window !== 'undefined') {
      window.addEventListener('beforeunload', (event) => {
        if (!this.anyDirty) return;
        event.preventDefault();
        event.returnValue = '';
      });
    }
    app.on((event) => {
      if (event.event === 'policy-changed') {
        const draft = this.drafts[event.data.serverId];
        // A save of ours answers with the new policy itself: reload only for changes made elsewhere.
        if (draft && !draft.saving) void draft.load();
      } else if (event.event === 'policy-refused') {
        const { serverId, errors } = event.data;
        const draft = this.drafts[serverId];
        if (draft) draft.refused = errors;
        toasts.show('error', `The policy file of ${serverId} was refused: ${errors[0]?.path ?? ''} ${errors[0]?.message ?? ''}`.trim());
      }
    });
  }

  draft(serverId: string): PolicyDraft {
    let draft = this.drafts[serverId];
    if (!draft) {
      draft = new PolicyDraft(serverId);
      this.drafts[serverId] = draft;
      void draft.load();
    }
    return draft;
  }

  /**
   * A change proposed from outside the editor (catalog quick actions, a call, an approval):
   * applied to the active policy, not saved. It goes through the review (`saveProposal`).
   */
  async propose(serverId: string, title: string, change: (doc: JsonObject) => JsonObject): Promise<PolicyProposal> {
    const view = await app.client.getPolicy({ serverId });
    const parsed = parseDraft(view.text);
    if (!parsed.ok) throw new Error(`the active policy of ${serverId} is not valid JSON: ${parsed.issue.message}`);
    return { serverId, title, change, before: view.text, beforeSource: view.source, after: formatDraft(dropDefaultDescription(change(parsed.doc))) };
  }

  /**
   * Saves a reviewed proposal, unless the active policy changed since it was drafted: then
   * the same change is drafted again on top of the new policy, to be reviewed again.
   */
  async saveProposal(proposal: PolicyProposal): Promise<{ saved: PolicySaveResult } | { redrafted: PolicyProposal }> {
    const current = await app.client.getPolicy({ serverId: proposal.serverId });
    if (current.text !== proposal.before) return { redrafted: await this.propose(proposal.serverId, proposal.title, proposal.change) };
    const draft = this.drafts[proposal.serverId];
    // Marked as saving, so the policy-changed event this save causes does not reload it too.
    if (draft) draft.saving = true;
    try {
      const result = await app.client.savePolicy({ serverId: proposal.serverId, text: proposal.after });
      if (result.ok && draft) draft.showActive(result.policy, !draft.dirty);
      return { saved: result };
    } finally {
      if (draft) draft.saving = false;
    }
  }

  /** Asks the policy editor to land on the rule that decided a call (`views/policy/open-policy.ts` also navigates there). */
  focusOn(serverId: string, rule: string | undefined, tool?: string): void {
    this.focus = { serverId, rule: rule ?? 'default', ...(tool ? { tool } : {}), seq: ++this.focusSeq };
  }

  get anyDirty(): boolean {
    return Object.values(this.drafts).some((d) => d.dirty);
  }
}

/** A policy change waiting for its review. */
export interface PolicyProposal {
  serverId: string;
  /** What the person did: "Allow get-env". */
  title: string;
  /** The active policy's text it was drafted on. */
  before: string;
  beforeSource: PolicyView['source'];
  after: string;
  change: (doc: JsonObject) => JsonObject;
}

/** Where "Open policy" should land: the rule that decided a call (and the call's tool). */
export interface PolicyFocus {
  serverId: string;
  rule: string;
  tool?: string;
  /** Tells two requests for the same rule apart, so each scrolls. */
  seq: number;
}

export const policies = new PolicyStore();
