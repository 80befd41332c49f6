// Keyboard shortcuts: one table that both the key handler and the `?` overlay read,
// so what is documented is what works.

export interface Shortcut {
  keys: string[];
  description: string;
  /** Where it applies; absent: everywhere. */
  scope?: 'Calls' | 'Approvals' | 'Policy editor' | 'Catalog';
}

export const SHORTCUTS: Shortcut[] = [
  { keys: ['1'], description: 'Go to Calls' },
  { keys: ['2'], description: 'Go to Approvals' },
  { keys: ['3'], description: 'Go to Catalog' },
  { keys: ['4'], description: 'Go to Policy editor' },
  { keys: ['5'], description: 'Go to Servers' },
  { keys: ['6'], description: 'Go to Clients' },
  { keys: ['7'], description: 'Go to Settings' },
  { keys: ['8'], description: 'Go to Try a call' },
  { keys: ['?'], description: 'Show or hide this list' },
  { keys: ['Esc'], description: 'Close a dialog or the detail pane' },
  { keys: ['/'], description: 'Search calls', scope: 'Calls' },
  { keys: ['j', '↓'], description: 'Next call', scope: 'Calls' },
  { keys: ['k', '↑'], description: 'Previous call', scope: 'Calls' },
  { keys: ['Space'], description: 'Freeze the view or follow the live log again', scope: 'Calls' },
  { keys: ['x'], description: 'Clear all filters', scope: 'Calls' },
  { keys: ['e'], description: 'Export the filtered calls', scope: 'Calls' },
  { keys: ['a'], description: 'Approve the first request once', scope: 'Approvals' },
  { keys: ['s'], description: 'Approve the first request for the session', scope: 'Approvals' },
  { keys: ['d'], description: 'Deny the first request (asks for a reason)', scope: 'Approvals' },
  { keys: ['Ctrl', 'S'], description: 'Review and save the policy', scope: 'Policy editor' },
  { keys: ['Ctrl', 'Enter'], description: 'Run the dry-run test', scope: 'Policy editor' },
  { keys: ['Ctrl', 'Z'], description: 'Undo the last builder change', scope: 'Policy editor' },
];

export const VIEW_KEYS: Record<string, string> = {
  '1': 'calls',
  '2': 'approvals',
  '3': 'catalog',
  '4': 'policy',
  '5': 'servers',
  '6': 'clients',
  '7': 'settings',
  '8': 'try',
};

/** True when a key press is meant for a text field, not for a shortcut. */
export function isTypingTarget(target: { tagName?: string; isContentEditable?: boolean; type?: string } | null): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  return !['checkbox', 'radio', 'button', 'submit', 'range'].includes((target.type ?? 'text').toLowerCase());
}
