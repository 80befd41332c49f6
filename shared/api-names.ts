// Every Api method and event name, listed once, without zod (the preload and the renderer
// bundle import this). The `satisfies` checks fail the build when shared/api.ts gains or
// loses a key, so the IPC channel map and the clients never drift from the contract.
import type { ApiEventName, ApiMethod } from './api.js';

const METHOD_KEYS = {
  getInfo: true,
  setPaused: true,
  listServers: true,
  addServer: true,
  updateServer: true,
  removeServer: true,
  restartServer: true,
  signInServer: true,
  signOutServer: true,
  listGrants: true,
  createGrant: true,
  revokeGrant: true,
  getPolicy: true,
  validatePolicy: true,
  savePolicy: true,
  recommendPolicy: true,
  testPolicy: true,
  replayPolicy: true,
  runPolicyTests: true,
  getPolicyTests: true,
  savePolicyTestCase: true,
  listCatalog: true,
  reviewTool: true,
  overrideRisk: true,
  queryCalls: true,
  callStats: true,
  countCalls: true,
  exportCalls: true,
  sessionTaint: true,
  tryCall: true,
  listApprovals: true,
  decideApproval: true,
  approvalHistory: true,
  revokeApproval: true,
  installDemo: true,
  listClients: true,
  importServers: true,
  connectClient: true,
  disconnectClient: true,
  getSettings: true,
  updateSettings: true,
} as const satisfies Record<ApiMethod, true>;

const EVENT_KEYS = {
  'call-started': true,
  'call-finished': true,
  'approval-requested': true,
  'approval-resolved': true,
  'approval-updated': true,
  'approval-history': true,
  'server-status': true,
  'servers-changed': true,
  'grants-changed': true,
  'catalog-changed': true,
  'policy-changed': true,
  'policy-refused': true,
  'settings-changed': true,
  'paused-changed': true,
  'store-changed': true,
} as const satisfies Record<ApiEventName, true>;

/** Every Api method, in contract order. */
export const API_METHOD_NAMES = Object.keys(METHOD_KEYS) as ApiMethod[];
export const API_EVENT_NAMES = Object.keys(EVENT_KEYS) as ApiEventName[];
