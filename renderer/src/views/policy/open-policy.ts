// "Open policy" from a call or an approval: the editor of the call's server, scrolled to
// the rule that decided it, highlighted.
import { policies } from '../../stores/policy.svelte.js';
import { router } from '../../stores/router.svelte.js';

export function openPolicyAt(serverId: string, rule: string | undefined, tool?: string): void {
  policies.focusOn(serverId, rule, tool);
  router.go('policy', serverId);
}
